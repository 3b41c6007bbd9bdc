//! Electron's `Notification`: desktop notifications through the freedesktop notification
//! server on the session bus (crate `notify-rust`, over `zbus`).
//!
//! [`is_supported`] asks the session bus whether a notification server is there (running, or
//! startable by the bus), within a short time limit: without a bus or a server it is false, and
//! [`Notification::show`] fails at once with [`Error::Bus`](crate::Error::Bus).

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::{bus, Error, Result};

/// The notification server's name on the session bus.
const SERVER: &str = "org.freedesktop.Notifications";

/// Options of a notification, as Electron's `new Notification(options)` takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NotificationOptions {
    /// The title (the notification's summary).
    pub title: String,
    /// Shown under the title, before the body (macOS's subtitle; prepended to the body here).
    pub subtitle: Option<String>,
    /// The body text.
    pub body: String,
    /// Ask the server to play no sound.
    pub silent: bool,
    /// A path to an icon image, or a freedesktop icon name.
    pub icon: Option<String>,
    /// `low`, `normal` (the default) or `critical`.
    pub urgency: Option<String>,
    /// `default`, or `never` to keep the notification until the user closes it.
    pub timeout_type: Option<String>,
    /// Buttons: Electron's `actions` (`[{ type: 'button', text: 'Reply' }]`).
    pub actions: Vec<NotificationAction>,
}

/// A button of a notification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationAction {
    /// Electron's `type`; only `button` exists.
    #[serde(rename = "type")]
    pub kind: String,
    /// The button's label.
    pub text: String,
}

/// What happened to a shown notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotificationEvent {
    /// The user clicked the notification (Electron's `click`).
    Click,
    /// The user pressed the button at this index of `actions` (Electron's `action`).
    Action(usize),
    /// The notification went away (Electron's `close`).
    Close,
}

/// Whether notifications can be shown: a notification server is on the session bus.
///
/// ```no_run
/// # async fn demo() {
/// if !cathode_desktop::notification::is_supported().await {
///     eprintln!("no notification server: notifications are not shown");
/// }
/// # }
/// ```
pub async fn is_supported() -> bool {
    server_reachable().await.is_ok()
}

/// [`is_supported`] for synchronous code (Electron's `Notification.isSupported()`): waits for
/// the bus on a thread of its own, so it may be called from inside a Tokio runtime.
///
/// ```no_run
/// let shown = cathode_desktop::notification::is_supported_blocking();
/// ```
pub fn is_supported_blocking() -> bool {
    bus::block_on(is_supported())
}

async fn server_reachable() -> Result<()> {
    let connection = bus::session().await?;
    if bus::has_owner(&connection, SERVER).await? {
        return Ok(());
    }
    let activatable: Vec<String> = bus::call(
        &connection,
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus",
        "ListActivatableNames",
        &(),
    )
    .await?;
    if activatable.iter().any(|name| name == SERVER) {
        Ok(())
    } else {
        Err(Error::Bus(format!(
            "no notification server ({SERVER}) on the session bus"
        )))
    }
}

/// A notification, shown with [`Notification::show`] (Electron's `Notification` class).
///
/// ```no_run
/// # async fn demo() -> cathode_desktop::Result<()> {
/// use cathode_desktop::notification::{Notification, NotificationOptions};
/// let done = Notification::new(NotificationOptions {
///     title: "Export finished".into(),
///     body: "report.pdf is ready".into(),
///     ..NotificationOptions::default()
/// });
/// done.show("My App", |event| println!("{event:?}")).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Notification {
    options: NotificationOptions,
    shown: Arc<Mutex<Option<Arc<notify_rust::NotificationHandle>>>>,
}

impl Notification {
    /// A notification with these options, not shown yet.
    pub fn new(options: NotificationOptions) -> Notification {
        Notification {
            options,
            shown: Arc::new(Mutex::new(None)),
        }
    }

    /// Its options.
    pub fn options(&self) -> &NotificationOptions {
        &self.options
    }

    /// Shows the notification under `app_name`; `on_event` hears what the user does with it,
    /// on a task of its own, until it closes. Fails without a notification server. The server's
    /// signals are listened to once it has taken the notification (`notify-rust`'s way), so a
    /// click in the few milliseconds before that would go unheard.
    pub async fn show(
        &self,
        app_name: &str,
        on_event: impl Fn(NotificationEvent) + Send + Sync + 'static,
    ) -> Result<()> {
        server_reachable().await?;
        let options = &self.options;
        let mut note = notify_rust::Notification::new();
        note.appname(app_name).summary(&options.title);
        match &options.subtitle {
            Some(subtitle) => note.body(&format!("{subtitle}\n{}", options.body)),
            None => note.body(&options.body),
        };
        if let Some(icon) = &options.icon {
            note.icon(icon);
        }
        if options.silent {
            note.hint(notify_rust::Hint::SuppressSound(true));
        }
        note.urgency(match options.urgency.as_deref() {
            Some("low") => notify_rust::Urgency::Low,
            Some("critical") => notify_rust::Urgency::Critical,
            _ => notify_rust::Urgency::Normal,
        });
        if options.timeout_type.as_deref() == Some("never") {
            note.timeout(notify_rust::Timeout::Never);
        }
        note.action("default", "");
        for (index, action) in options.actions.iter().enumerate() {
            note.action(&format!("action-{index}"), &action.text);
        }
        let handle = tokio::time::timeout(bus::BUS_TIMEOUT, note.show_async())
            .await
            .map_err(|_| Error::Bus("the notification server did not answer".into()))?
            .map_err(|error| Error::Bus(format!("the notification was refused: {error}")))?;
        let handle = Arc::new(handle);
        *cathode::sync::lock(&self.shown) = Some(Arc::clone(&handle));
        tokio::spawn(async move {
            let mut event = NotificationEvent::Close;
            handle
                .wait_for_action_async(|response| {
                    event = match response {
                        notify_rust::NotificationResponse::Default => NotificationEvent::Click,
                        notify_rust::NotificationResponse::Action(key) => key
                            .strip_prefix("action-")
                            .and_then(|index| index.parse().ok())
                            .map_or(NotificationEvent::Click, NotificationEvent::Action),
                        _ => NotificationEvent::Close,
                    }
                })
                .await;
            if event != NotificationEvent::Close {
                on_event(event);
            }
            on_event(NotificationEvent::Close);
        });
        Ok(())
    }

    /// Closes the notification if it is shown (Electron's `notification.close()`).
    pub async fn close(&self) {
        let handle = cathode::sync::lock(&self.shown).take();
        if let Some(handle) = handle {
            handle.close_async().await;
        }
    }
}
