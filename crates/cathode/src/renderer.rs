//! The renderer runtime as main injects it: its private names, the script that installs it with
//! the plugins' extensions in each new document, and the scripts that run the window's preload.

use serde_json::Value;

/// The renderer runtime as a function expression (`renderer/runtime.js`).
const RUNTIME_JS: &str = include_str!("renderer/runtime.js");

/// One end of `contextBridge`, the same on both sides (`renderer/bridge_main.js`).
const BRIDGE_END_JS: &str = include_str!("renderer/bridge_main.js");

/// The preload's `contextBridge` (`renderer/bridge_isolated.js`).
const BRIDGE_ISOLATED_JS: &str = include_str!("renderer/bridge_isolated.js");
/// MessagePorts in the page (`ipcRenderer.postMessage`, `event.ports`), given to the runtime.
const PORTS_JS: &str = include_str!("renderer/ports.js");
/// Fetches the large binary values of main's messages (held by `bytes.rs`), given to the runtime.
const BYTES_JS: &str = include_str!("renderer/bytes.js");

/// Electron's `window.open` in the page's own world (`renderer/window_open.js`): main is asked
/// before the browser makes a window.
const WINDOW_OPEN_JS: &str = include_str!("renderer/window_open.js");

/// The reserved URL a page's synchronous requests post to. Only the sending page's own session
/// pauses and answers it; the `.invalid` domain never resolves, so it can never reach a network.
const SYNC_URL_BASE: &str = "https://cathode.invalid/sync/";

/// The Electron API level cathode's preloads see as `process.versions.electron`: the release whose
/// renderer defaults and preload model (isolation, sandboxed preloads) cathode follows.
pub const ELECTRON_VERSION: &str = "20.0.0";

/// The Node version that Electron release shipped, as preloads see it in `process.versions.node`.
/// Pages and preloads have no Node of their own; main scripts run on cathode's Node modules.
pub const NODE_VERSION: &str = "16.15.0";

/// Node's name for the OS (`process.platform`).
fn node_platform() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    }
}

/// Node's name for the CPU architecture (`process.arch`).
fn node_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "x86" => "ia32",
        "aarch64" => "arm64",
        "powerpc64" => "ppc64",
        other => other,
    }
}

/// How many characters of hex the sync secret has.
const SECRET_LEN: usize = 32;

/// The names under which the renderer runtime and main find each other in a page: random per
/// app, so pages cannot guess them from the source.
#[derive(Debug)]
pub(crate) struct RuntimeNames {
    pub binding: String,
    pub dispatcher: String,
    pub sync_url: String,
    /// The isolated world the runtime and the preload run in, with context isolation.
    pub world: String,
    /// The function through which the preload's script hands its code to the runtime.
    pub preload_hook: String,
    /// The name of `contextBridge`'s events between the isolated world and the page's: the page
    /// never learns it.
    pub bridge_channel: String,
    /// What an isolated runtime puts before each sync request's body. The page's own world can
    /// learn the sync URL (Resource Timing lists every request of its document) but not a body.
    pub sync_secret: String,
}

impl RuntimeNames {
    pub(crate) fn random() -> RuntimeNames {
        use std::hash::{BuildHasher, RandomState};
        let token = RandomState::new().hash_one(std::process::id());
        // The sync URL's token is its own: a frame that sees the binding's name (a page global)
        // learns nothing about the URL.
        let sync_token = RandomState::new().hash_one((std::process::id(), token));
        let world = RandomState::new().hash_one((token, sync_token));
        RuntimeNames {
            binding: format!("__cathode_ipc_{token:016x}"),
            dispatcher: format!("__cathode_dispatch_{token:016x}"),
            sync_url: format!("{SYNC_URL_BASE}{sync_token:016x}"),
            world: format!("cathode_{world:016x}"),
            preload_hook: format!("__cathode_preload_{world:016x}"),
            bridge_channel: format!("cathode-bridge-{}", random_hex(SECRET_LEN)),
            sync_secret: random_hex(SECRET_LEN),
        }
    }
}

/// Where, under the app's sync URL, a page fetches the large binary values of main's messages
/// (`bytes.rs` holds them).
pub(crate) const BYTES_PATH: &str = "/bytes/";

/// The URL prefix of held bytes for an app whose sync URL is `sync_url`.
pub(crate) fn bytes_url_base(sync_url: &str) -> String {
    format!("{sync_url}{BYTES_PATH}")
}

/// `len` random hex digits, from the OS's random source (std's hasher keys if it cannot be read).
pub(crate) fn random_hex(len: usize) -> String {
    use std::io::Read;
    let mut bytes = vec![0u8; len / 2];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut file| file.read_exact(&mut bytes));
    if read.is_err() {
        use std::hash::{BuildHasher, RandomState};
        for (index, chunk) in bytes.chunks_mut(8).enumerate() {
            let word = RandomState::new().hash_one(index).to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The body of a sync request without the secret an isolated runtime puts first, or `None` when
/// it does not start with `secret`. Compared in constant time, so that timing tells nothing.
pub(crate) fn strip_sync_secret<'a>(body: &'a str, secret: &str) -> Option<&'a str> {
    let given = body.as_bytes().get(..secret.len())?;
    let difference = given
        .iter()
        .zip(secret.as_bytes())
        .fold(0u8, |difference, (a, b)| difference | (a ^ b));
    // The secret is ASCII hex, so a match ends on a character boundary.
    (difference == 0).then(|| &body[secret.len()..])
}

/// A plugin's part of the renderer runtime in one window: a function expression the runtime
/// calls with a bridge for the plugin's request kind (see `renderer/runtime.js`).
#[derive(Debug, Clone)]
pub(crate) struct RuntimeExtension {
    pub kind: String,
    pub source: String,
    pub config: Value,
}

/// A window's preload script, as main read it when the window opened.
#[derive(Debug, Clone)]
pub(crate) enum Preload {
    /// Read: its path and source.
    Source { path: String, source: String },
    /// Not readable (relative, missing, not UTF-8): its path and why.
    Failed { path: String, error: String },
}

impl Preload {
    /// Reads the preload at `path`, which must be absolute (as Electron requires).
    pub(crate) fn read(path: &std::path::Path) -> Preload {
        let shown = path.display().to_string();
        if !path.is_absolute() {
            let error = format!("the preload path '{shown}' is relative; it must be absolute");
            return Preload::Failed { path: shown, error };
        }
        match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(source)) => Preload::Source {
                path: shown,
                source,
            },
            Ok(Err(_)) => Preload::Failed {
                error: format!("the preload '{shown}' is not UTF-8 text"),
                path: shown,
            },
            Err(error) => Preload::Failed {
                error: format!("cannot read the preload '{shown}': {error}"),
                path: shown,
            },
        }
    }

    fn path(&self) -> &str {
        match self {
            Preload::Source { path, .. } | Preload::Failed { path, .. } => path,
        }
    }
}

/// What one window's copy of the renderer runtime is told.
pub(crate) struct RuntimeConfig<'a> {
    pub names: &'a RuntimeNames,
    pub max_message_size: usize,
    /// Install in frames inside the page too.
    pub subframes: bool,
    /// Which documents get the runtime (see [`crate::frames::Trust::to_json`]).
    pub trusted: Value,
    pub extensions: &'a [RuntimeExtension],
    /// The runtime runs in the isolated world `names.world`: sync requests carry the secret.
    pub isolated: bool,
    /// The page's own scripts get `require`, `__dirname` and `__filename`.
    pub page_require: bool,
    pub sandboxed: bool,
    pub preload: Option<&'a Preload>,
    /// The browser's version, for `process.versions.chrome`.
    pub chrome_version: &'a str,
    /// What main exposes to the page's world through `contextBridge`.
    pub main_world_apis: &'a [crate::options::MainWorldApi],
}

/// The script injected into every new document of a page: the runtime, with its extensions.
pub(crate) fn runtime_script(config: &RuntimeConfig<'_>) -> String {
    let preload = config.preload.map(|preload| match preload {
        Preload::Source { path, .. } => serde_json::json!({ "path": path }),
        Preload::Failed { path, error } => serde_json::json!({ "path": path, "error": error }),
    });
    let settings = serde_json::json!({
        "binding": config.names.binding,
        "dispatcher": config.names.dispatcher,
        "syncUrl": config.names.sync_url,
        "syncSecret": if config.isolated { Some(&config.names.sync_secret) } else { None },
        "maxMessageSize": config.max_message_size,
        "pieces": {
            "first": crate::pieces::FIRST_MARKER.to_string(),
            "more": crate::pieces::MORE_MARKER.to_string(),
            "last": crate::pieces::LAST_MARKER.to_string(),
            "length": crate::pieces::PIECE_LENGTH,
        },
        "subframes": config.subframes,
        "trusted": config.trusted,
        "pageRequire": config.page_require,
        "preloadHook": config.names.preload_hook,
        "bridgeChannel": config.names.bridge_channel,
        "mainWorldApis": config.main_world_apis,
        "preload": preload,
        "process": {
            "versions": {
                "chrome": config.chrome_version,
                "electron": ELECTRON_VERSION,
                "node": NODE_VERSION,
            },
            "platform": node_platform(),
            "arch": node_arch(),
            "contextIsolated": config.isolated,
            "sandboxed": config.sandboxed,
        },
    });
    let extensions: Vec<String> = config
        .extensions
        .iter()
        .map(|extension| {
            format!(
                "{{kind: {}, config: {}, install: ({})}}",
                Value::from(extension.kind.as_str()),
                extension.config,
                extension.source
            )
        })
        .collect();
    let bridge = if config.isolated {
        format!("{{end: {BRIDGE_END_JS}, isolated: {BRIDGE_ISOLATED_JS}}}")
    } else {
        "null".to_string()
    };
    let bytes_url = Value::from(bytes_url_base(&config.names.sync_url));
    format!(
        "({RUNTIME_JS})({settings}, [{}], ({})(), {bridge}, {PORTS_JS}, ({BYTES_JS})({bytes_url}));",
        extensions.join(", "),
        crate::value::CODEC_JS
    )
}

/// The script run first in the page's main world of every document (and frame) of every window:
/// it guards `window.open`, asking main with a synchronous request to `url` (see
/// `window/open.rs`).
pub(crate) fn window_open_script(url: &str) -> String {
    let config = serde_json::json!({ "url": url });
    format!("({})({config});", WINDOW_OPEN_JS.trim_end())
}

/// The page's end of `contextBridge`, run first in the main world of every document of a
/// window whose runtime is isolated: it defines on `window` what the preload exposes.
pub(crate) fn bridge_stub_script(names: &RuntimeNames) -> String {
    let config = serde_json::json!({"channel": names.bridge_channel, "side": "page"});
    format!("({BRIDGE_END_JS})({config});")
}

/// The scripts that run a readable preload after the runtime, in the runtime's world: the first
/// hands the preload's code to the runtime; the second tells the runtime when the first did not
/// run (a syntax error), with the source, so that the runtime can report the error.
pub(crate) fn preload_scripts(names: &RuntimeNames, preload: &Preload) -> Option<[String; 2]> {
    let Preload::Source { source, .. } = preload else {
        return None;
    };
    let hook = Value::from(names.preload_hook.as_str());
    let url = format!("file://{}", preload.path());
    // As Electron's sandboxed preloads: these parameters, no `__dirname` or `__filename`.
    let run = format!(
        "globalThis[{hook}]?.(function (require, process, module, exports, global, \
         setImmediate, clearImmediate) {{\n{source}\n}});\n//# sourceURL={url}"
    );
    let check = format!(
        "globalThis[{hook}]?.(null, {});",
        Value::from(source.as_str())
    );
    Some([run, check])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sync_secret_must_open_the_body() {
        let names = RuntimeNames::random();
        let secret = &names.sync_secret;
        assert_eq!(secret.len(), SECRET_LEN);
        assert!(secret.bytes().all(|byte| byte.is_ascii_hexdigit()));
        let body = format!("{secret}{{\"v\":1}}");
        assert_eq!(strip_sync_secret(&body, secret), Some("{\"v\":1}"));
        assert_eq!(strip_sync_secret("{\"v\":1}", secret), None);
        let wrong = format!("{}{{\"v\":1}}", "0".repeat(SECRET_LEN));
        assert_eq!(strip_sync_secret(&wrong, secret), None);
        assert_eq!(strip_sync_secret("", secret), None);
        // A body shorter than the secret, or cut inside a character, is refused, not a panic.
        assert_eq!(strip_sync_secret("é", secret), None);
        assert_ne!(RuntimeNames::random().sync_secret, *secret);
    }

    #[test]
    fn a_preload_is_read_only_from_an_absolute_path_to_utf8_text() {
        let relative = Preload::read(std::path::Path::new("preload.js"));
        assert!(
            matches!(&relative, Preload::Failed { path, error } if path == "preload.js" && error.contains("relative")),
            "{relative:?}"
        );
        let dir = std::env::temp_dir().join(format!("cathode-preload-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = Preload::read(&dir.join("missing.js"));
        assert!(
            matches!(&missing, Preload::Failed { error, .. } if error.contains("cannot read")),
            "{missing:?}"
        );
        std::fs::write(dir.join("binary.js"), [0xff, 0xfe, 0x00]).unwrap();
        let binary = Preload::read(&dir.join("binary.js"));
        assert!(
            matches!(&binary, Preload::Failed { error, .. } if error.contains("UTF-8")),
            "{binary:?}"
        );
        std::fs::write(dir.join("ok.js"), "window.x = 1;").unwrap();
        let read = Preload::read(&dir.join("ok.js"));
        assert!(
            matches!(&read, Preload::Source { source, .. } if source == "window.x = 1;"),
            "{read:?}"
        );
        let names = RuntimeNames::random();
        let [run, check] = preload_scripts(&names, &read).expect("scripts for a readable preload");
        assert!(run.contains("window.x = 1;") && run.contains(&names.preload_hook));
        assert!(check.contains("\"window.x = 1;\""));
        assert!(preload_scripts(&names, &missing).is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
