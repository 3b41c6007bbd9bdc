//! With a desktop's services on a private session bus (a `dbus-daemon` this test starts, with
//! stand-in notification and portal services served by this test): notifications are supported
//! and shown, and clicks on them heard, and an open dialog returns what the portal's file chooser answered.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cathode_desktop::dialog::{self, OpenDialogOptions};
use cathode_desktop::notification::{self, Notification, NotificationEvent, NotificationOptions};
use zbus::{ObjectPath, OwnedVariant, Variant};

/// A safety net against a hang; the calls answer in milliseconds.
const LIMIT: Duration = Duration::from_secs(60);

/// A private session bus, stopped on drop.
struct SessionBus {
    daemon: Child,
    address: String,
}

impl SessionBus {
    fn start() -> SessionBus {
        use std::io::{BufRead, BufReader};
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon runs (scripts/install-deps.sh --with-xvfb installs it)");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("piped stdout"))
            .read_line(&mut address)
            .expect("dbus-daemon prints its address");
        let address = address.trim().to_owned();
        assert!(!address.is_empty(), "dbus-daemon did not start");
        SessionBus { daemon, address }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Answers the method calls that reach `connection` with `answer`, on a task of its own.
fn serve<F>(connection: &zbus::Connection, answer: F)
where
    F: Fn(zbus::Connection, zbus::Message) -> futures_lite::future::Boxed<()> + Send + 'static,
{
    use futures_lite::StreamExt;
    let mut calls = zbus::MessageStream::from(connection);
    let connection = connection.clone();
    tokio::spawn(async move {
        while let Some(Ok(message)) = calls.next().await {
            if message.message_type() == zbus::message::Type::MethodCall {
                answer(connection.clone(), message).await;
            }
        }
    });
}

type Notify = (
    String,
    u32,
    String,
    String,
    String,
    Vec<String>,
    HashMap<String, OwnedVariant>,
    i32,
);

/// A notification server that keeps what it was asked to show.
fn notification_server(
    connection: &zbus::Connection,
    shown: Arc<Mutex<Vec<(String, String, String)>>>,
    clicked: Arc<AtomicBool>,
) {
    serve(connection, move |connection, call| {
        let shown = Arc::clone(&shown);
        let clicked = Arc::clone(&clicked);
        Box::pin(async move {
            let header = call.header();
            let replied = match header.member().map(|member| member.as_str()) {
                Some("Notify") => {
                    let (app, _, _, summary, body, ..): Notify = call.body().deserialize().unwrap();
                    let id = {
                        let mut shown = shown.lock().unwrap();
                        shown.push((app, summary, body));
                        shown.len() as u32
                    };
                    let replied = connection.reply(&header, &(id,)).await;
                    // The user clicks it. The client listens for clicks once `Notify` returned,
                    // so the click is repeated until the test has heard it (or gives up).
                    let clicked = Arc::clone(&clicked);
                    tokio::spawn(async move {
                        for _ in 0..1500 {
                            if clicked.load(Ordering::Relaxed) {
                                break;
                            }
                            let _ = connection
                                .emit_signal(
                                    None::<&str>,
                                    "/org/freedesktop/Notifications",
                                    "org.freedesktop.Notifications",
                                    "ActionInvoked",
                                    &(id, "default"),
                                )
                                .await;
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                    });
                    replied
                }
                Some("GetServerInformation") => {
                    connection
                        .reply(&header, &("stand-in", "cathode", "1", "1.2"))
                        .await
                }
                Some("GetCapabilities") => connection.reply(&header, &(vec!["body"],)).await,
                _ => connection.reply(&header, &()).await,
            };
            replied.unwrap();
        })
    });
}

/// A file chooser portal that answers every OpenFile with `chosen`.
fn file_chooser(connection: &zbus::Connection, chosen: &'static str, answered: Arc<AtomicBool>) {
    serve(connection, move |connection, call| {
        let answered = Arc::clone(&answered);
        Box::pin(async move {
            let header = call.header();
            let (_parent, _title, options): (String, String, HashMap<String, OwnedVariant>) =
                call.body().deserialize().unwrap();
            let sender = header
                .sender()
                .expect("a caller")
                .trim_start_matches(':')
                .replace('.', "_");
            let token = options
                .get("handle_token")
                .and_then(|token| String::try_from(token.try_clone().ok()?).ok())
                .unwrap_or_default();
            let handle = ObjectPath::try_from(format!(
                "/org/freedesktop/portal/desktop/request/{sender}/{token}"
            ))
            .unwrap();
            let mut results: HashMap<&str, Variant<'_>> = HashMap::new();
            results.insert("uris", Variant::from(vec![chosen]));
            connection.reply(&header, &(&handle,)).await.unwrap();
            // Then the user's choice, as a real portal sends it: a signal on the request's path.
            // rfd waits for new bytes on its socket before it looks at messages it already
            // read, so an answer that arrives with the reply would go unseen: the answer is
            // repeated until the dialog has returned (or the test gives up).
            for _ in 0..1500 {
                if answered.load(Ordering::Relaxed) {
                    break;
                }
                let _ = connection
                    .emit_signal(
                        None::<&str>,
                        &handle,
                        "org.freedesktop.portal.Request",
                        "Response",
                        &(0u32, &results),
                    )
                    .await;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_show_and_the_portal_answers_open_dialogs() {
    let bus = SessionBus::start();
    // This test binary holds this one test, so no other test reads the variable meanwhile.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &bus.address);

    assert!(
        !tokio::time::timeout(LIMIT, notification::is_supported())
            .await
            .unwrap(),
        "a bus without a notification server"
    );
    let shown = Arc::new(Mutex::new(Vec::new()));
    let notifications = zbus::connection::Builder::address(bus.address.as_str())
        .name("org.freedesktop.Notifications")
        .build()
        .await
        .expect("the stand-in notification server starts");
    let clicked = Arc::new(AtomicBool::new(false));
    notification_server(&notifications, Arc::clone(&shown), Arc::clone(&clicked));
    assert!(tokio::time::timeout(LIMIT, notification::is_supported())
        .await
        .unwrap());
    let note = Notification::new(NotificationOptions {
        title: "Export finished".into(),
        subtitle: Some("report".into()),
        body: "ready".into(),
        ..NotificationOptions::default()
    });
    let (events, mut heard) = tokio::sync::mpsc::unbounded_channel();
    tokio::time::timeout(
        LIMIT,
        note.show("My App", move |event| {
            let _ = events.send(event);
        }),
    )
    .await
    .unwrap()
    .expect("the server takes the notification");
    let mut seen = Vec::new();
    while let Some(event) = tokio::time::timeout(LIMIT, heard.recv()).await.unwrap() {
        clicked.store(true, Ordering::Relaxed);
        seen.push(event);
    }
    assert_eq!(seen, [NotificationEvent::Click, NotificationEvent::Close]);
    assert_eq!(
        *shown.lock().unwrap(),
        [(
            "My App".to_owned(),
            "Export finished".to_owned(),
            "report\nready".to_owned()
        )]
    );

    let portal = zbus::connection::Builder::address(bus.address.as_str())
        .name("org.freedesktop.portal.Desktop")
        .build()
        .await
        .expect("the stand-in portal starts");
    let answered = Arc::new(AtomicBool::new(false));
    file_chooser(&portal, "file:///home/me/a%20b.txt", Arc::clone(&answered));
    let chosen = tokio::time::timeout(
        LIMIT,
        dialog::show_open_dialog(OpenDialogOptions::default()),
    )
    .await
    .unwrap();
    answered.store(true, Ordering::Relaxed);
    assert!(!chosen.canceled);
    assert_eq!(
        chosen.file_paths,
        [std::path::PathBuf::from("/home/me/a b.txt")]
    );
}
