//! Which Electron's `webPreferences` defaults an app gets: those of the Electron major version its
//! `package.json` names, or the nodeIntegration era's when it names none.

use cathode::WebPreferences;
use serde_json::Value as Json;

/// The `webPreferences` defaults of one Electron era, and why the app gets them.
///
/// Electron changed its defaults over the years: `nodeIntegration` off since 5,
/// `enableRemoteModule` off since 10 and the module gone since 14 (apps use the
/// `@electron/remote` package), `contextIsolation` on since 12, `sandbox` on since 20. An app's
/// `package.json` that names `electron` (in `dependencies` or `devDependencies`) says which of
/// them it was written for; without one, cathode keeps the nodeIntegration-era defaults that
/// apps written before those changes rely on.
///
/// ```
/// use cathode_js::ElectronDefaults;
/// let package = serde_json::json!({"devDependencies": {"electron": "^22.3.0"}});
/// let defaults = ElectronDefaults::from_package(&package);
/// assert_eq!(defaults.major(), Some(22));
/// assert!(!defaults.web_preferences().node_integration);
/// assert!(ElectronDefaults::legacy().web_preferences().node_integration);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectronDefaults {
    /// `None` for the nodeIntegration era's defaults.
    major: Option<u32>,
    /// Where the choice came from, for the security warning.
    reason: String,
}

impl ElectronDefaults {
    /// The nodeIntegration era's defaults (Electron before 5): pages get `require`, Node and
    /// the remote module.
    pub fn legacy() -> ElectronDefaults {
        ElectronDefaults {
            major: None,
            reason: "package.json names no electron dependency".into(),
        }
    }

    /// The defaults of Electron `major`.
    pub fn electron(major: u32, reason: impl Into<String>) -> ElectronDefaults {
        ElectronDefaults {
            major: Some(major),
            reason: reason.into(),
        }
    }

    /// The defaults `package.json` asks for: the major version of the `electron` it depends
    /// on (`"^22.3.0"`, `"~12.0.1"`, `">=20"`, `"28"`), the newest defaults for a version
    /// without a number (`"latest"`, a URL), the nodeIntegration era's without one.
    pub fn from_package(package: &Json) -> ElectronDefaults {
        for field in ["dependencies", "devDependencies"] {
            let Some(range) = package.get(field).and_then(|deps| deps.get("electron")) else {
                continue;
            };
            let range = range.as_str().unwrap_or_default();
            let reason = format!("package.json's {field} name electron {range:?}");
            return ElectronDefaults::electron(first_number(range).unwrap_or(u32::MAX), reason);
        }
        ElectronDefaults::legacy()
    }

    /// Reads `cathode run --electron-defaults`: a major version (`22`) or `legacy`.
    ///
    /// ```
    /// use cathode_js::ElectronDefaults;
    /// assert_eq!(ElectronDefaults::from_flag("12").unwrap().major(), Some(12));
    /// assert_eq!(ElectronDefaults::from_flag("legacy").unwrap().major(), None);
    /// assert!(ElectronDefaults::from_flag("twelve").is_err());
    /// ```
    pub fn from_flag(flag: &str) -> Result<ElectronDefaults, String> {
        if flag == "legacy" {
            return Ok(ElectronDefaults {
                reason: "--electron-defaults legacy".into(),
                ..ElectronDefaults::legacy()
            });
        }
        match flag.parse::<u32>() {
            Ok(major) if major > 0 => Ok(ElectronDefaults::electron(
                major,
                format!("--electron-defaults {major}"),
            )),
            _ => Err(format!(
                "--electron-defaults takes an Electron major version (such as 28) or 'legacy', not {flag:?}"
            )),
        }
    }

    /// The Electron major version, or `None` for the nodeIntegration era.
    pub fn major(&self) -> Option<u32> {
        self.major
    }

    /// The `webPreferences` a window gets for what its options leave out.
    pub fn web_preferences(&self) -> WebPreferences {
        let since = |version: u32| self.major.is_some_and(|major| major >= version);
        WebPreferences {
            node_integration: !since(5),
            context_isolation: since(12),
            sandbox: since(20),
            enable_remote_module: !since(10),
            ..WebPreferences::node_integrated()
        }
    }

    /// One line: which defaults apply and why, for the security warning.
    pub fn describe(&self) -> String {
        let era = match self.major {
            None => "the nodeIntegration era's defaults".to_string(),
            Some(u32::MAX) => "the newest Electron's defaults".to_string(),
            Some(major) => format!("Electron {major}'s defaults"),
        };
        let preferences = self.web_preferences();
        let on_off = |on: bool| if on { "on" } else { "off" };
        format!(
            "{era}, as {}: nodeIntegration {}, contextIsolation {}, sandbox {}, remote module {}",
            self.reason,
            on_off(preferences.node_integration),
            on_off(preferences.context_isolation),
            on_off(preferences.sandbox),
            if self.major.is_some_and(|major| major >= 14) {
                "only through @electron/remote"
            } else {
                on_off(preferences.enable_remote_module)
            },
        )
    }
}

/// The first whole number in a version range: `^22.3.0` gives 22.
fn first_number(range: &str) -> Option<u32> {
    let digits: String = range
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_major_version_comes_from_either_dependency_list() {
        let major = |package: Json| ElectronDefaults::from_package(&package).major();
        assert_eq!(
            major(json!({"dependencies": {"electron": "~12.0.1"}})),
            Some(12)
        );
        assert_eq!(
            major(json!({"devDependencies": {"electron": ">=20 <30"}})),
            Some(20)
        );
        assert_eq!(
            major(json!({"devDependencies": {"electron": "v9"}})),
            Some(9)
        );
        assert_eq!(
            major(json!({"devDependencies": {"electron": "latest"}})),
            Some(u32::MAX)
        );
        assert_eq!(major(json!({"dependencies": {"left-pad": "1"}})), None);
        assert_eq!(major(json!({})), None);
    }

    #[test]
    fn each_era_has_electrons_defaults() {
        let preferences = |major| ElectronDefaults::electron(major, "test").web_preferences();
        assert!(preferences(4).node_integration && preferences(4).enable_remote_module);
        assert!(!preferences(5).node_integration && preferences(9).enable_remote_module);
        assert!(!preferences(10).enable_remote_module);
        assert!(!preferences(11).context_isolation && preferences(12).context_isolation);
        assert!(!preferences(19).sandbox && preferences(20).sandbox);
        let legacy = ElectronDefaults::legacy().web_preferences();
        assert!(legacy.node_integration && legacy.enable_remote_module);
        assert!(!legacy.context_isolation && !legacy.sandbox);
    }

    #[test]
    fn the_description_names_the_era_and_the_reason() {
        let package = json!({"devDependencies": {"electron": "^22.3.0"}});
        assert_eq!(
            ElectronDefaults::from_package(&package).describe(),
            "Electron 22's defaults, as package.json's devDependencies name electron \"^22.3.0\": \
             nodeIntegration off, contextIsolation on, sandbox on, remote module only through \
             @electron/remote"
        );
        assert_eq!(
            ElectronDefaults::legacy().describe(),
            "the nodeIntegration era's defaults, as package.json names no electron dependency: \
             nodeIntegration on, contextIsolation off, sandbox off, remote module on"
        );
    }
}
