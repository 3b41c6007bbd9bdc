//! `require('electron')` for main scripts: `app`, `BrowserWindow`, `webContents` and `ipcMain`
//! over the cathode Rust API.
//!
//! The JavaScript side (`js/electron.js`) keeps Electron's objects and events; this side does the
//! work with cathode and reports back by posting jobs to the JavaScript thread, which call the
//! module's dispatcher: app and window events, IPC messages, and the results of window operations
//! (which are asynchronous in cathode). Window ids are reserved synchronously, so
//! `new BrowserWindow()` returns at once with its id; operations on a window wait until the
//! browser has opened it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use cathode::sync::lock;
use cathode::{App, BrowserWindow, IpcEvent, PathName};
use cathode_remote::electron::{self, EventArg};
use cathode_remote::RemoteExt;
use rquickjs::context::EvalOptions;
use rquickjs::{Ctx, Exception, Function, Object, Value};
use serde_json::{json, Value as Json};
use tokio::sync::{oneshot, watch};

use crate::host::{require, JsHost};
use crate::remote::{JsRemote, REMOTE_HOST};
use crate::ElectronDefaults;
use crate::JsHandle;

/// The global under which the module's dispatcher is reachable from posted jobs.
const DISPATCHER: &str = "__cathodeElectronDispatch";

/// How a window being opened stands.
#[derive(Clone)]
enum Slot {
    Opening,
    Open(BrowserWindow),
    Failed(String),
}

/// A message (channel, arguments) waiting for its window to open.
type QueuedMessage = (String, Vec<Json>);

/// What the Rust side of the module shares between the JavaScript thread and cathode's tasks.
struct Bridge {
    app: App,
    handle: JsHandle,
    app_path: PathBuf,
    windows: Mutex<HashMap<u32, watch::Receiver<Slot>>>,
    sync_events: Mutex<HashMap<u64, IpcEvent>>,
    /// Messages sent to windows still opening, in order.
    queued_sends: Mutex<HashMap<u32, Vec<QueuedMessage>>>,
    /// Preventable events the script listens to on windows still opening.
    preventable_wanted: Mutex<HashMap<u32, Vec<String>>>,
    /// The (window, event) pairs forwarded to the script's listeners.
    preventable_forwarded: Mutex<std::collections::HashSet<(u32, &'static str)>>,
    invokes: Mutex<HashMap<u64, oneshot::Sender<Result<Json, String>>>>,
    listened: Mutex<HashSet<String>>,
    next_token: AtomicU64,
    warned: AtomicBool,
    defaults: ElectronDefaults,
    /// The window options said to be ignored already (each is said once).
    ignored_options: Mutex<HashSet<String>>,
    /// Windows still opening that `@electron/remote/main`'s `enable` named.
    remote_pending: Mutex<HashSet<u32>>,
    remote: Arc<JsRemote>,
    /// The decisions of preventable events waiting for the script's listeners, by token.
    deferrals: Mutex<HashMap<u64, cathode::Deferral>>,
}

/// Makes `require('electron')` available to scripts run by `host`, on top of `app`, which must
/// be built with [`cathode_remote::RemotePlugin`] (pages reach the script's objects through it).
/// `app_path` is the app's folder (`app.getAppPath()`, and where `loadFile` resolves relative
/// paths); `defaults` the `webPreferences` windows get for what their options leave out.
///
/// ```no_run
/// # async fn demo() -> anyhow::Result<()> {
/// let host = cathode_js::JsHost::new()?;
/// let app = cathode::App::builder()
///     .headless(true)
///     .plugin(cathode_remote::RemotePlugin)
///     .build();
/// let defaults = cathode_js::ElectronDefaults::legacy();
/// cathode_js::electron::install(&host, &app, "app".into(), defaults);
/// # Ok(()) }
/// ```
pub fn install(host: &JsHost, app: &App, app_path: PathBuf, defaults: ElectronDefaults) {
    let bridge = Arc::new(Bridge {
        app: app.clone(),
        handle: host.handle(),
        app_path,
        windows: Mutex::new(HashMap::new()),
        sync_events: Mutex::new(HashMap::new()),
        queued_sends: Mutex::new(HashMap::new()),
        preventable_wanted: Mutex::new(HashMap::new()),
        preventable_forwarded: Mutex::new(std::collections::HashSet::new()),
        invokes: Mutex::new(HashMap::new()),
        listened: Mutex::new(HashSet::new()),
        next_token: AtomicU64::new(1),
        warned: AtomicBool::new(false),
        defaults,
        ignored_options: Mutex::new(HashSet::new()),
        remote_pending: Mutex::new(HashSet::new()),
        remote: JsRemote::new(host.handle()),
        deferrals: Mutex::new(HashMap::new()),
    });
    // In windows of the script's and of its pages alike.
    app.set_default_web_preferences(bridge.defaults.web_preferences());
    bridge.remote.install(app);
    forward_app_events(&bridge);
    let b = Arc::clone(&bridge);
    host.register_module("@electron/remote/main", move |ctx| {
        remote_main_module(ctx, &b)
    });
    // What the package answers in the main process.
    host.register_module("@electron/remote", |ctx| {
        Err(Exception::throw_message(
            ctx,
            "@electron/remote cannot be required in the browser process. Instead require(\"@electron/remote/main\").",
        ))
    });
    host.register_module("electron", move |ctx| module(ctx, &bridge));
}

impl Bridge {
    /// Calls the module's dispatcher on the JavaScript thread.
    fn dispatch(&self, kind: &'static str, id: f64, name: impl Into<String>, data: Option<Json>) {
        let name = name.into();
        let json = data.map(|data| data.to_string());
        let posted = self.handle.post(move |ctx| {
            let dispatcher: Value = ctx.globals().get(DISPATCHER)?;
            match dispatcher.as_function() {
                Some(dispatch) => dispatch.call::<_, ()>((kind, id, name, json)),
                None => Ok(()), // the script never required electron: nobody to tell
            }
        });
        if posted.is_err() {
            tracing::debug!(kind, "the JavaScript loop has ended; event dropped");
        }
    }

    fn token(&self) -> u64 {
        self.next_token.fetch_add(1, Ordering::Relaxed)
    }

    /// The window once it is open.
    async fn window(&self, id: u32) -> Result<BrowserWindow, String> {
        let slot = lock(&self.windows).get(&id).cloned();
        let Some(mut slot) = slot else {
            return Err(format!("there is no window {id}"));
        };
        let opened = slot
            .wait_for(|slot| !matches!(slot, Slot::Opening))
            .await
            .map(|slot| slot.clone());
        match opened {
            Ok(Slot::Open(window)) => Ok(window),
            Ok(Slot::Failed(message)) => Err(message),
            _ => Err(format!("window {id} was never opened")),
        }
    }

    fn open_window(&self, id: u32) -> Option<BrowserWindow> {
        match &*lock(&self.windows).get(&id)?.borrow() {
            Slot::Open(window) => Some(window.clone()),
            _ => None,
        }
    }
}

fn forward_app_events(bridge: &Arc<Bridge>) {
    for &name in electron::APP_EVENTS {
        let b = Arc::clone(bridge);
        // The JavaScript side takes the one argument an app event has as a number: the exit
        // code of `quit`, the window id of `browser-window-created`.
        electron::on_app_event(&bridge.app, name, move |args| {
            let number = match args.first() {
                Some(EventArg::Window(window)) => f64::from(window.id()),
                Some(EventArg::Json(value)) => value.as_f64().unwrap_or(0.0),
                None => 0.0,
            };
            let plain: Vec<&Json> = args
                .iter()
                .filter_map(|arg| match arg {
                    EventArg::Json(value) => Some(value),
                    EventArg::Window(_) => None,
                })
                .collect();
            b.dispatch("app", number, name, Some(json!(plain)))
        });
    }
}

/// Forwards the preventable event `name` of `window` to the script, which decides it; asked for
/// by the script's first listener of it (`listenPreventable`), so that a page whose script does
/// not listen navigates and changes its title without a trip to the script's thread.
fn forward_preventable_event(bridge: &Arc<Bridge>, window: &BrowserWindow, name: &str) {
    let Some(&name) = electron::PREVENTABLE_EVENTS
        .iter()
        .find(|known| **known == name)
    else {
        return;
    };
    if !lock(&bridge.preventable_forwarded).insert((window.id(), name)) {
        return;
    }
    let id = f64::from(window.id());
    let b = Arc::clone(bridge);
    electron::on_preventable_web_contents_event(
        &window.web_contents(),
        name,
        move |args, deferral| {
            let token = b.token();
            lock(&b.deferrals).insert(token, deferral);
            let args: Vec<Json> = args
                .into_iter()
                .filter_map(|arg| match arg {
                    EventArg::Json(value) => Some(value),
                    EventArg::Window(_) => None,
                })
                .collect();
            b.dispatch(
                "preventable",
                id,
                name,
                Some(json!({"token": token, "args": args})),
            );
        },
    );
}

fn forward_window_events(bridge: &Arc<Bridge>, window: &BrowserWindow) {
    let id = f64::from(window.id());
    let window_id = window.id();
    let contents = window.web_contents();
    // The preventable ones come with a decision to take (below).
    let plain_events = |names: &'static [&'static str]| {
        names
            .iter()
            .copied()
            .filter(|name| !electron::PREVENTABLE_EVENTS.contains(name))
    };
    for name in plain_events(electron::WINDOW_EVENTS) {
        let b = Arc::clone(bridge);
        electron::on_window_event(window, name, move |_| {
            if name == "closed" {
                lock(&b.windows).remove(&window_id);
                lock(&b.preventable_forwarded).retain(|(window, _)| *window != window_id);
            }
            b.dispatch("window", id, name, None)
        });
    }
    // `focus` and `blur` are the window's too: they come once, with the window's (`electron.js`
    // emits them on both).
    let own = |name: &&str| !electron::WINDOW_EVENTS.contains(name);
    for name in plain_events(electron::WEB_CONTENTS_EVENTS).filter(own) {
        let b = Arc::clone(bridge);
        electron::on_web_contents_event(&contents, name, move |args| {
            let args: Vec<Json> = args
                .into_iter()
                .map(|arg| match arg {
                    EventArg::Json(value) => value,
                    EventArg::Window(window) => Json::from(window.id()),
                })
                .collect();
            let args = (!args.is_empty()).then(|| Json::Array(args));
            b.dispatch("window", id, name, args)
        });
    }
}

fn create_window(bridge: &Arc<Bridge>, options_json: &str) -> u32 {
    let given: Json = serde_json::from_str(options_json).unwrap_or(Json::Null);
    for option in electron::ignored_window_options(&given) {
        let warning = electron::ignored_option_warning(&option, &given);
        if let Some(warning) = warning.filter(|_| lock(&bridge.ignored_options).insert(option)) {
            eprintln!("cathode: {warning}");
        }
    }
    if let Some(color) = given.get("backgroundColor") {
        if color.as_str().and_then(cathode::Color::parse).is_none() {
            eprintln!(
                "cathode: BrowserWindow option backgroundColor {color} is not a colour; ignored"
            );
        }
    }
    let options = electron::window_options(&given, &bridge.app.default_web_preferences());
    let preferences = &options.web_preferences;
    if (preferences.page_has_runtime() || preferences.enable_remote_module)
        && !bridge.warned.swap(true, Ordering::Relaxed)
    {
        eprintln!(
            "cathode: security warning: pages get nodeIntegration{}; load only content you \
             trust, or set webPreferences {{ nodeIntegration: false }}. Windows get {}",
            if preferences.enable_remote_module {
                " and the remote module"
            } else {
                ""
            },
            bridge.defaults.describe(),
        );
    }
    let id = bridge.app.reserve_window_id();
    let (slot, opened) = watch::channel(Slot::Opening);
    lock(&bridge.windows).insert(id, opened);
    let bridge = Arc::clone(bridge);
    tokio::spawn(async move {
        match BrowserWindow::new_with_reserved_id(&bridge.app, id, options).await {
            Ok(window) => {
                forward_window_events(&bridge, &window);
                // The window took the focus as it opened, before the script could listen; as in
                // Electron, where the OS says so after the constructor returned, it hears it now.
                if window.is_focused() {
                    bridge.dispatch("window", f64::from(id), "focus", None);
                }
                let mut remote_pending = lock(&bridge.remote_pending);
                if remote_pending.remove(&id) {
                    bridge.app.remote().enable(&window.web_contents());
                }
                let mut queued = lock(&bridge.queued_sends);
                for (channel, args) in queued.remove(&id).unwrap_or_default() {
                    send_to(&window, &channel, args);
                }
                // Held until the window counts as open: `listenPreventable` decides under it.
                let mut wanted = lock(&bridge.preventable_wanted);
                for name in wanted.remove(&id).unwrap_or_default() {
                    forward_preventable_event(&bridge, &window, &name);
                }
                let _ = slot.send(Slot::Open(window));
                drop(wanted);
            }
            Err(error) => {
                lock(&bridge.queued_sends).remove(&id);
                let message = error.to_string();
                let _ = slot.send(Slot::Failed(message.clone()));
                bridge.dispatch(
                    "window",
                    f64::from(id),
                    "create-failed",
                    Some(json!([message])),
                );
            }
        }
    });
    id
}

fn send_to(window: &BrowserWindow, channel: &str, args: Vec<Json>) {
    if let Err(error) = window.web_contents().send(channel, args) {
        tracing::warn!(window_id = window.id(), channel, %error, "webContents.send failed");
    }
}

/// Takes in a window opened elsewhere (by a page through `remote`); false if it is gone.
fn adopt_window(bridge: &Arc<Bridge>, id: u32) -> bool {
    let Some(window) = BrowserWindow::from_id(&bridge.app, id) else {
        return false;
    };
    if let std::collections::hash_map::Entry::Vacant(slot) = lock(&bridge.windows).entry(id) {
        forward_window_events(bridge, &window);
        slot.insert(watch::channel(Slot::Open(window)).1);
    }
    true
}

/// One of Electron's synchronous window methods (`electron::NOW_WINDOW_METHODS`) from
/// JavaScript, answered at once as JSON: `{"ok": value}`, `{"error": message}` (Electron's text),
/// or `{"pending": true}` while the window is still opening (the script then queues the call).
fn window_now(bridge: &Arc<Bridge>, id: u32, method: &str, args: &str) -> String {
    let Some(window) = bridge.open_window(id) else {
        let opening = lock(&bridge.windows).contains_key(&id);
        return if opening {
            json!({"pending": true})
        } else {
            json!({"error": "Object has been destroyed"})
        }
        .to_string();
    };
    let args: Vec<Json> = serde_json::from_str(args).unwrap_or_default();
    match electron::call_window_method_now(&window, method, &args) {
        Ok(value) => json!({ "ok": value }),
        Err(cathode::Error::BadMethodCall { reason, .. }) => json!({ "error": reason }),
        Err(cathode::Error::WindowDestroyed { .. }) => {
            json!({"error": "Object has been destroyed"})
        }
        Err(error) => json!({"error": error.to_string()}),
    }
    .to_string()
}

/// A window operation from JavaScript: `method` with JSON `args`; the result settles `token`.
impl Bridge {
    /// Settles the script's promise `token` with a value or an error's text.
    fn settle(&self, token: f64, outcome: Result<Json, String>) {
        let (name, data) = match outcome {
            Ok(value) => ("ok", value),
            Err(message) => ("error", Json::String(message)),
        };
        self.dispatch("settle", token, name, Some(data));
    }
}

fn window_call(bridge: &Arc<Bridge>, token: f64, id: u32, method: String, args: String) {
    let bridge = Arc::clone(bridge);
    tokio::spawn(async move {
        let args: Vec<Json> = serde_json::from_str(&args).unwrap_or_default();
        let outcome = match bridge.window(id).await {
            Ok(window) => electron::call_window_method(&window, &method, &args)
                .await
                .map(Option::unwrap_or_default)
                .map_err(|error| error.to_string()),
            Err(message) => Err(message),
        };
        bridge.settle(token, outcome);
    });
}

/// `webContents.invoke`: asks the page's `ipcRenderer.handle` handler; settles `token` with its
/// (tagged) answer or the error's text.
fn invoke_page(bridge: &Arc<Bridge>, token: f64, id: u32, channel: String, args: String) {
    let bridge = Arc::clone(bridge);
    tokio::spawn(async move {
        let args: Vec<Json> = serde_json::from_str(&args).unwrap_or_default();
        let outcome = match bridge.window(id).await {
            Ok(window) => window
                .web_contents()
                .invoke::<cathode::Value>(&channel, args)
                .await
                .map(|value| value.to_wire())
                .map_err(|error| error.to_string()),
            Err(message) => Err(message),
        };
        bridge.settle(token, outcome);
    });
}

fn ipc_listen(bridge: &Arc<Bridge>, channel: String) {
    if !lock(&bridge.listened).insert(channel.clone()) {
        return;
    }
    let b = Arc::clone(bridge);
    bridge.app.ipc_main().on_raw(&channel, move |event, args| {
        let token = if event.is_sync() {
            let token = b.token();
            lock(&b.sync_events).insert(token, event.clone());
            // A listener may set `returnValue` later, as Electron allows; by the end of the sync
            // timeout the page has its answer either way, and the event can go.
            let forget = Arc::clone(&b);
            let timeout = b.app.sync_timeout();
            tokio::spawn(async move {
                tokio::time::sleep(timeout).await;
                lock(&forget.sync_events).remove(&token);
            });
            token
        } else {
            0
        };
        let data = json!({
            "token": token,
            "sync": event.is_sync(),
            "args": args,
            "senderFrame": sender_frame_json(&event),
            "ports": crate::ports::adopt_all(&b.app, event.ports()),
        });
        b.dispatch(
            "ipc",
            f64::from(event.window_id()),
            event.channel(),
            Some(data),
        );
    });
}

fn ipc_handle(bridge: &Arc<Bridge>, channel: String) {
    let b = Arc::clone(bridge);
    let registered = bridge
        .app
        .ipc_main()
        .handle_raw(&channel, move |event, args| {
            let token = b.token();
            let (tx, rx) = oneshot::channel();
            lock(&b.invokes).insert(token, tx);
            let data =
                json!({"token": token, "args": args, "senderFrame": sender_frame_json(&event)});
            b.dispatch(
                "invoke",
                f64::from(event.window_id()),
                event.channel(),
                Some(data),
            );
            async move {
                rx.await
                    .unwrap_or_else(|_| Err("the main process ended before answering".into()))
            }
        });
    if let Err(error) = registered {
        tracing::warn!(%error, "ipcMain.handle");
    }
}

/// Electron's `event.senderFrame`, as far as cathode knows it: the frame's URL, origin and id.
fn sender_frame_json(event: &cathode::IpcEvent) -> Json {
    let frame = event.sender_frame();
    json!({"url": frame.url, "origin": frame.origin, "frameId": frame.frame_id})
}

fn set_function<'js, F, P>(
    object: &Object<'js>,
    ctx: &Ctx<'js>,
    name: &str,
    f: F,
) -> rquickjs::Result<()>
where
    F: rquickjs::function::IntoJsFunc<'js, P> + 'js,
{
    object.set(name, Function::new(ctx.clone(), f)?)
}

/// Builds `@electron/remote/main`: `enable(webContents)` turns the remote module on for a
/// window, now or, for a window still opening, as it opens (before anything can load in it).
fn remote_main_module<'js>(ctx: &Ctx<'js>, bridge: &Arc<Bridge>) -> rquickjs::Result<Value<'js>> {
    let native = Object::new(ctx.clone())?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "enableRemote",
        move |ctx: Ctx<'_>, id: u32| {
            let mut pending = lock(&b.remote_pending);
            match b.open_window(id) {
                Some(window) => b.app.remote().enable(&window.web_contents()),
                None if lock(&b.windows).contains_key(&id) => {
                    pending.insert(id);
                }
                None => {
                    let message = format!("enable(): there is no open window {id}");
                    return Err(Exception::throw_message(&ctx, &message));
                }
            }
            Ok(())
        },
    )?;
    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = true;
    options.filename = Some("node:@electron/remote/main".into());
    let create: Function =
        ctx.eval_with_options(include_str!("js/electron_remote_main.js"), options)?;
    create.call((native,))
}

/// Builds the module: the natives, then `electron.js` over them.
fn module<'js>(ctx: &Ctx<'js>, bridge: &Arc<Bridge>) -> rquickjs::Result<Value<'js>> {
    let native = Object::new(ctx.clone())?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "appInfo", move || {
        json!({
            "name": b.app.name(),
            "version": b.app.version(),
            "appPath": b.app_path.to_string_lossy(),
        })
        .to_string()
    })?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "quit", move || b.app.quit())?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "exit", move |code: i32| b.app.exit(code))?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "requestSingleInstanceLock",
        move |ctx: Ctx<'_>, additional_data: String| {
            let additional_data = serde_json::from_str(&additional_data).unwrap_or_default();
            b.app
                .request_single_instance_lock_with(additional_data)
                .map_err(|error| Exception::throw_message(&ctx, &error.to_string()))
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "getPath",
        move |ctx: Ctx<'_>, name: String| {
            let path = PathName::from_electron_name(&name).and_then(|known| b.app.path(known).ok());
            match path {
                Some(path) => Ok(path.to_string_lossy().into_owned()),
                // Electron's text names the folder asked for, known or not.
                None => Err(Exception::throw_message(
                    &ctx,
                    &format!("Failed to get '{name}' path"),
                )),
            }
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "setPath",
        move |ctx: Ctx<'_>, name: String, path: String| {
            let Some(known) = PathName::from_electron_name(&name) else {
                let message = format!("Failed to set path: '{name}' is not a known path name");
                return Err(Exception::throw_message(&ctx, &message));
            };
            b.app
                .set_path(known, path)
                .map_err(|error| Exception::throw_message(&ctx, &error.to_string()))
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "hasSingleInstanceLock", move || {
        b.app.has_single_instance_lock()
    })?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "releaseSingleInstanceLock", move || {
        b.app.release_single_instance_lock()
    })?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "createWindow", move |options: String| {
        create_window(&b, &options)
    })?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "adoptWindow", move |id: u32| {
        adopt_window(&b, id)
    })?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "windowCall",
        move |token: f64, id: u32, method: String, args: String| {
            window_call(&b, token, id, method, args)
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "destroy", move |id: u32| {
        let b = Arc::clone(&b);
        tokio::spawn(async move {
            if let Ok(window) = b.window(id).await {
                window.destroy();
            }
        });
    })?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "closeAfterCloseEvent",
        move |token: f64, id: u32| {
            let b = Arc::clone(&b);
            tokio::spawn(async move {
                let closed = match b.window(id).await {
                    Ok(window) => window.close_after_close_event().await,
                    Err(_) => true,
                };
                b.settle(token, Ok(Json::Bool(closed)));
            });
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "windowInfo", move |id: u32| {
        let info = match b.open_window(id) {
            Some(window) => json!({
                "title": window.title(),
                "url": window.web_contents().url(),
                "destroyed": window.is_destroyed(),
                "visible": window.is_visible(),
                "pid": window.web_contents().known_os_process_id(),
                "loading": window.web_contents().is_loading(),
                "pageTitle": window.web_contents().title(),
            }),
            None => {
                let opening = lock(&b.windows).contains_key(&id);
                json!({"title": null, "url": "", "destroyed": !opening, "visible": opening})
            }
        };
        info.to_string()
    })?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "windowNow",
        move |id: u32, method: String, args: String| window_now(&b, id, &method, &args),
    )?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "setTitleNow",
        move |id: u32, title: String| match b.open_window(id) {
            Some(window) => window.set_title(&title).is_ok(),
            None => false,
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "decideEvent",
        move |token: f64, prevented: bool| {
            if let Some(deferral) = lock(&b.deferrals).remove(&(token as u64)) {
                if prevented {
                    deferral.prevent_default();
                } else {
                    deferral.proceed();
                }
            }
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "listenPreventable",
        move |id: u32, name: String| {
            let mut wanted = lock(&b.preventable_wanted);
            match b.open_window(id) {
                Some(window) => {
                    drop(wanted);
                    forward_preventable_event(&b, &window, &name);
                }
                None => wanted.entry(id).or_default().push(name),
            }
        },
    )?;
    set_function(&native, ctx, "colorHex", |text: String| {
        cathode::Color::parse(&text).map(cathode::Color::to_hex)
    })?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "focusedWindowId", move || {
        BrowserWindow::get_focused_window(&b.app).map(|window| window.id())
    })?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "invokePage",
        move |token: f64, id: u32, channel: String, args: String| {
            invoke_page(&b, token, id, channel, args)
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "send",
        move |id: u32, channel: String, args: String| {
            let args: Vec<Json> = serde_json::from_str(&args).unwrap_or_default();
            // Messages to a window still opening wait in order, and go first once it is open.
            let mut queued = lock(&b.queued_sends);
            match b.open_window(id) {
                Some(window) => {
                    drop(queued);
                    send_to(&window, &channel, args);
                }
                None if lock(&b.windows).contains_key(&id) => {
                    queued.entry(id).or_default().push((channel, args));
                }
                None => tracing::warn!(
                    window_id = id,
                    channel = channel.as_str(),
                    "webContents.send to a window that is gone"
                ),
            }
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "ipcListen", move |channel: String| {
        ipc_listen(&b, channel)
    })?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "ipcSetReturnValue",
        move |token: f64, json: String| {
            if let Some(event) = lock(&b.sync_events).remove(&(token as u64)) {
                let value: Json = serde_json::from_str(&json).unwrap_or(Json::Null);
                if let Err(error) = event.set_return_value(value) {
                    tracing::warn!(%error, "event.returnValue");
                }
            }
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "ipcFailSync",
        move |token: f64, message: String| {
            if let Some(event) = lock(&b.sync_events).remove(&(token as u64)) {
                event.throw_in_page(message);
            }
        },
    )?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "ipcHandle", move |channel: String| {
        ipc_handle(&b, channel)
    })?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "ipcRemoveHandler", move |channel: String| {
        b.app.ipc_main().remove_handler(&channel);
    })?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "ipcSettle",
        move |token: f64, ok: bool, text: String| {
            if let Some(answer) = lock(&b.invokes).remove(&(token as u64)) {
                let outcome = if ok {
                    Ok(serde_json::from_str(&text).unwrap_or(Json::Null))
                } else {
                    Err(text)
                };
                let _ = answer.send(outcome);
            }
        },
    )?;

    let b = Arc::clone(bridge);
    set_function(&native, ctx, "navigationInfo", move |id: u32| {
        let (entries, index) = b
            .open_window(id)
            .map(|window| window.web_contents().navigation_history().last_known())
            .unwrap_or_default();
        json!({"entries": entries, "index": index}).to_string()
    })?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "devToolsOpened", move |id: u32| {
        b.open_window(id)
            .is_some_and(|window| window.web_contents().is_dev_tools_opened())
    })?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "userAgent", move |id: u32| {
        b.open_window(id)
            .and_then(|window| window.web_contents().known_user_agent())
            .unwrap_or_default()
    })?;
    // `{"jpeg": base64}` or `{"error": message}`: the script throws the error.
    set_function(&native, ctx, "pngToJpeg", |png: String, quality: f64| {
        let jpeg = || -> Result<String, String> {
            if !(0.0..=100.0).contains(&quality) {
                return Err(format!("quality must be 0 to 100, not {quality}"));
            }
            let png = cathode::base64::decode(&png).ok_or("not base64")?;
            let image = cathode::NativeImage::from_png(png).map_err(|e| e.to_string())?;
            let jpeg = image.to_jpeg(quality as u8).map_err(|e| e.to_string())?;
            Ok(cathode::base64::encode(&jpeg))
        };
        match jpeg() {
            Ok(jpeg) => json!({ "jpeg": jpeg }),
            Err(error) => json!({ "error": error }),
        }
        .to_string()
    })?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "setWindowOpenHandler",
        move |id: u32, on: bool| set_window_open_handler(&b, id, on),
    )?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "remoteSettle",
        move |token: f64, ok: bool, json: String| b.remote.settle(token as u64, ok, &json),
    )?;
    let b = Arc::clone(bridge);
    set_function(
        &native,
        ctx,
        "remoteCallCallback",
        move |token: f64, args: String| b.remote.call_callback(token as u64, &args),
    )?;
    let b = Arc::clone(bridge);
    set_function(&native, ctx, "remoteReleaseCallback", move |token: f64| {
        b.remote.release_callback(token as u64)
    })?;

    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = true;
    options.filename = Some("node:electron".into());
    let create: Function = ctx.eval_with_options(include_str!("js/electron.js"), options)?;
    let codec: Function = ctx.eval(cathode::value::CODEC_JS)?;
    let values: Object = codec.call(())?;
    let made: Object = create.call((
        native,
        require(ctx, "events")?,
        require(ctx, "path")?,
        values,
    ))?;
    ctx.globals()
        .set(DISPATCHER, made.get::<_, Value>("dispatch")?)?;
    ctx.globals()
        .set(REMOTE_HOST, made.get::<_, Value>("remoteHost")?)?;
    let exports: Value = made.get("exports")?;
    crate::desktop::extend(ctx, &bridge.app, &bridge.handle, &exports)?;
    crate::ports::extend(ctx, &bridge.app, &bridge.handle, &exports)?;
    Ok(exports)
}

/// `webContents.setWindowOpenHandler`: with `on`, each window the page opens waits for the
/// script's handler (kind `window-open`, answered through `ipcSettle`); a handler that throws
/// or returns something else than Electron's actions denies the window.
fn set_window_open_handler(bridge: &Arc<Bridge>, id: u32, on: bool) {
    let bridge = Arc::clone(bridge);
    tokio::spawn(async move {
        let Ok(window) = bridge.window(id).await else {
            return;
        };
        let contents = window.web_contents();
        if !on {
            contents.clear_window_open_handler();
            return;
        }
        let b = Arc::clone(&bridge);
        contents.set_window_open_handler(move |details| {
            let token = b.token();
            let (tx, rx) = oneshot::channel();
            lock(&b.invokes).insert(token, tx);
            let details = electron::window_open_details(&details);
            let data = json!({"token": token, "details": details});
            b.dispatch("window-open", f64::from(id), "", Some(data));
            let defaults = b.app.default_web_preferences();
            async move {
                let answer = rx
                    .await
                    .unwrap_or_else(|_| Err("the main process ended before answering".into()));
                match answer.and_then(|value| electron::window_open_action(&value, &defaults)) {
                    Ok(action) => action,
                    Err(message) => {
                        tracing::warn!(window_id = id, url = %details["url"], "window denied: {message}");
                        cathode::WindowOpenAction::Deny
                    }
                }
            }
        });
    });
}
