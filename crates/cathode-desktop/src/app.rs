//! What Electron's `app` tells about the system: the user's locale.

/// The user's locale in Electron's form (`en-US`, `de-DE`, `fr`), from `LC_ALL`, `LC_MESSAGES`
/// or `LANG`, as Chromium picks it on Linux; `en-US` when none is set or it is `C`/`POSIX`
/// (Electron's `app.getLocale`).
///
/// ```no_run
/// println!("{}", cathode_desktop::app::locale());
/// ```
pub fn locale() -> String {
    let variables = ["LC_ALL", "LC_MESSAGES", "LANG"];
    let value = variables
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty());
    locale_of(value.as_deref().unwrap_or(""))
}

/// The locale of a POSIX locale name: `de_DE.UTF-8@euro` is `de-DE`.
///
/// ```
/// use cathode_desktop::app::locale_of;
/// assert_eq!(locale_of("pt_BR.UTF-8"), "pt-BR");
/// assert_eq!(locale_of("C.UTF-8"), "en-US");
/// assert_eq!(locale_of("fr"), "fr");
/// ```
pub fn locale_of(posix: &str) -> String {
    let name = posix.split(['.', '@']).next().unwrap_or("");
    if name.is_empty() || name == "C" || name == "POSIX" {
        return "en-US".into();
    }
    name.replace('_', "-")
}
