//! The remote module (Electron's `remote`): pages call main-process objects as if they were local.
//!
//! Main keeps, per window, a registry of the objects it handed to the page (id -> object,
//! counted). The page builds proxies from each object's description (its methods and
//! properties, whether it can be called or constructed); method calls, property reads and writes
//! and `new` go over synchronous IPC. Functions the page passes stay in the page: main holds a
//! [`RemoteCallback`] and calls it asynchronously. A `FinalizationRegistry` in the page releases
//! ids whose proxies were collected, and everything a page holds is released when it navigates,
//! reloads, crashes or closes.
//!
//! What is copied follows `@electron/remote`'s `valueToMeta`: primitives, bytes, dates and
//! errors are copied, arrays member by member, and every object is a proxy to main's object.
//! Main's plain data is a [`SharedObject`], so a page's assignment to it reaches main.
//!
//! Built only on cathode's plugin seam: add [`RemotePlugin`] to the app, and pages of windows
//! that enable it ([`cathode::WebPreferences::enable_remote_module`]) get
//! `require('electron').remote`. A page reaches only what main exposes: the built-in `app`,
//! `BrowserWindow` and `webContents`, and what the app registers with
//! [`RemoteModule::set_global`] and [`RemoteModule::register_module`].
//!
//! ```no_run
//! use cathode::{App, BrowserWindow, WebPreferences, WindowOptions};
//! use cathode_remote::{RemoteExt, RemotePlugin};
//!
//! # async fn demo() -> cathode::Result<()> {
//! let app = App::builder().plugin(RemotePlugin).build();
//! app.remote().set_global_value("config", serde_json::json!({"debug": true}));
//! app.run(|app| async move {
//!     let preferences = WebPreferences { enable_remote_module: true, ..Default::default() };
//!     let options = WindowOptions { web_preferences: preferences, ..Default::default() };
//!     BrowserWindow::new(&app, options).await?.load_file("index.html").await?;
//!     Ok(())
//! })
//! .await?;
//! # Ok(()) }
//! ```

mod builtins;
pub mod codec;
pub mod electron;
mod object;
mod plugin;
mod registry;
mod shared;
mod wire;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;

use cathode::sync::lock;
use cathode::{App, WebContents};

pub use object::RemoteObjectBuilder;
pub use plugin::{RemoteExt, RemoteObjectsHeld, RemotePlugin};
pub use shared::SharedObject;

/// The error a page gets when it uses `remote` in a window that did not enable it.
pub(crate) const DISABLED_MESSAGE: &str =
    "The remote module is disabled for this window: enable it \
     with `web_preferences.enable_remote_module` or `app.remote().enable(&web_contents)` (Rust), \
     `webPreferences: { enableRemoteModule: true }` when creating the window, or \
     `require(\"@electron/remote/main\").enable(webContents)`";

/// The future a remote member returns: what the page's call evaluates to.
pub type RemoteFuture = Pin<Box<dyn Future<Output = Result<RemoteValue, RemoteError>> + Send>>;

/// An error thrown in the page: `name` and `message` become the page's `Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteError {
    /// The error's name, e.g. `Error` or `TypeError`.
    pub name: String,
    /// The error's message.
    pub message: String,
}

impl RemoteError {
    /// An `Error` with this message.
    pub fn new(message: impl Into<String>) -> RemoteError {
        RemoteError {
            name: "Error".into(),
            message: message.into(),
        }
    }

    /// A `TypeError` with this message (wrong use: calling a non-function, bad arguments).
    pub fn type_error(message: impl Into<String>) -> RemoteError {
        RemoteError {
            name: "TypeError".into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for RemoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

impl std::error::Error for RemoteError {}

impl From<cathode::Error> for RemoteError {
    fn from(error: cathode::Error) -> Self {
        RemoteError::new(error.to_string())
    }
}

/// What one member of a remote object is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberKind {
    /// A method: the page gets a function.
    Method,
    /// A property: the page gets an accessor.
    Property {
        /// Whether the page may assign it.
        writable: bool,
    },
}

/// One member of a remote object, as the page sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Its name.
    pub name: String,
    /// Method or property.
    pub kind: MemberKind,
}

/// Who is calling: the page's web contents and the app.
#[derive(Clone, Debug)]
pub struct RemoteCall {
    pub(crate) sender: WebContents,
    pub(crate) app: App,
}

impl RemoteCall {
    /// The page that made the call.
    pub fn sender(&self) -> &WebContents {
        &self.sender
    }

    /// The app.
    pub fn app(&self) -> &App {
        &self.app
    }
}

/// A main-process object that pages can use through the remote module.
///
/// Most objects are made with [`RemoteObjectBuilder`]; implement this trait directly to reflect
/// objects whose members are only known at run time (as the CLI does for JavaScript objects).
pub trait RemoteObject: Send + Sync + 'static {
    /// The name the page sees (a class name, e.g. `BrowserWindow`).
    fn type_name(&self) -> String;

    /// The methods and properties the page may use.
    fn members(&self) -> Vec<Member>;

    /// Calls method `name`.
    fn call_method(&self, call: &RemoteCall, name: &str, args: Vec<RemoteValue>) -> RemoteFuture;

    /// Reads property `name`.
    fn get(&self, call: &RemoteCall, name: &str) -> RemoteFuture;

    /// Writes property `name`.
    fn set(&self, _call: &RemoteCall, name: &str, _value: RemoteValue) -> RemoteFuture {
        fail(RemoteError::type_error(format!(
            "Cannot assign to read only property '{name}'"
        )))
    }

    /// True when the page may call the object itself.
    fn is_callable(&self) -> bool {
        false
    }

    /// True when the page may use `new` on the object.
    fn is_constructible(&self) -> bool {
        false
    }

    /// Calls the object itself.
    fn call(&self, _call: &RemoteCall, _args: Vec<RemoteValue>) -> RemoteFuture {
        fail(RemoteError::type_error(format!(
            "{} is not a function",
            self.type_name()
        )))
    }

    /// `new` on the object.
    fn construct(&self, _call: &RemoteCall, _args: Vec<RemoteValue>) -> RemoteFuture {
        fail(RemoteError::type_error(format!(
            "{} is not a constructor",
            self.type_name()
        )))
    }

    /// What makes two handles the same object for the page (the same proxy): by default the
    /// object's address.
    fn identity(&self) -> usize {
        self as *const Self as *const () as usize
    }
}

/// A future that fails at once.
pub fn fail(error: RemoteError) -> RemoteFuture {
    Box::pin(std::future::ready(Err(error)))
}

/// A future that succeeds at once.
pub fn ready(value: RemoteValue) -> RemoteFuture {
    Box::pin(std::future::ready(Ok(value)))
}

/// A value crossing between main and a page through the remote module.
pub enum RemoteValue {
    /// `undefined`.
    Undefined,
    /// Plain data (JSON).
    Json(Value),
    /// Binary data (`Uint8Array` in the page).
    Bytes(Vec<u8>),
    /// A `Date`, as milliseconds since the epoch.
    Date(f64),
    /// An array that holds more than plain data.
    Array(Vec<RemoteValue>),
    /// A plain object that holds more than plain data.
    Record(Vec<(String, RemoteValue)>),
    /// A main-process object: a proxy in the page.
    Object(Arc<dyn RemoteObject>),
    /// A function from the page: main can call it back.
    Callback(RemoteCallback),
    /// A promise in the page, settled when the future is.
    Promise(RemoteFuture),
    /// An `Error` value (not thrown).
    Error(RemoteError),
    /// Data the plain shapes cannot carry, as the structured clone algorithm has it: a `Map`, a
    /// `Set`, a `BigInt`, `NaN` or an infinity, a `RegExp`, a typed array other than bytes, an
    /// array with holes, an error with its stack and cause, a cyclic structure.
    Structured(cathode::Value),
}

impl std::fmt::Debug for RemoteValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RemoteValue::Undefined => write!(f, "Undefined"),
            RemoteValue::Json(value) => write!(f, "Json({value})"),
            RemoteValue::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            RemoteValue::Date(ms) => write!(f, "Date({ms})"),
            RemoteValue::Array(items) => f.debug_tuple("Array").field(items).finish(),
            RemoteValue::Record(entries) => f.debug_tuple("Record").field(entries).finish(),
            RemoteValue::Object(object) => write!(f, "Object({})", object.type_name()),
            RemoteValue::Callback(callback) => write!(f, "Callback({})", callback.id()),
            RemoteValue::Promise(_) => write!(f, "Promise"),
            RemoteValue::Error(error) => write!(f, "Error({error})"),
            RemoteValue::Structured(value) => write!(f, "Structured({value:?})"),
        }
    }
}

impl RemoteValue {
    /// Plain data from anything serializable. Fails with a `TypeError` when `value` cannot be
    /// serialized (a map with non-string keys, a failing `Serialize` impl).
    pub fn json(value: impl Serialize) -> Result<RemoteValue, RemoteError> {
        serde_json::to_value(value)
            .map(RemoteValue::Json)
            .map_err(|error| RemoteError::type_error(error.to_string()))
    }

    /// A main-process object.
    pub fn object(object: impl RemoteObject) -> RemoteValue {
        RemoteValue::Object(Arc::new(object))
    }

    /// This value as plain JSON, when it is plain data (`undefined` becomes `null`, a date its
    /// milliseconds, bytes an array of numbers, structured data its tagged form on the IPC
    /// wire: [`cathode::Value::to_wire`]); `None` when it holds objects or functions.
    pub fn to_json(&self) -> Option<Value> {
        match self {
            RemoteValue::Undefined => Some(Value::Null),
            RemoteValue::Json(value) => Some(value.clone()),
            RemoteValue::Bytes(bytes) => Some(Value::from(bytes.clone())),
            RemoteValue::Date(ms) => Some(Value::from(*ms)),
            RemoteValue::Array(items) => items.iter().map(RemoteValue::to_json).collect(),
            RemoteValue::Record(entries) => entries
                .iter()
                .map(|(key, value)| Some((key.clone(), value.to_json()?)))
                .collect::<Option<serde_json::Map<_, _>>>()
                .map(Value::Object),
            RemoteValue::Error(error) => {
                Some(serde_json::json!({"name": error.name, "message": error.message}))
            }
            RemoteValue::Structured(value) => Some(value.to_wire()),
            RemoteValue::Object(_) | RemoteValue::Callback(_) | RemoteValue::Promise(_) => None,
        }
    }
}

/// A function that lives in a page, held by main. Calling it posts the call to the page; it
/// does not wait. When the last clone is dropped, the page forgets the function.
#[derive(Clone)]
pub struct RemoteCallback {
    inner: Arc<wire::CallbackHandle>,
}

impl std::fmt::Debug for RemoteCallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteCallback")
            .field("id", &self.inner.id)
            .finish()
    }
}

impl RemoteCallback {
    /// The page's id for this pass of the function.
    pub fn id(&self) -> u64 {
        self.inner.id
    }

    /// The same function passed twice has the same identity.
    pub fn function_identity(&self) -> u64 {
        self.inner.function
    }

    /// True while the page that passed the function still shows the same document.
    pub fn is_alive(&self) -> bool {
        self.inner.is_alive()
    }

    /// Calls the function in the page with `args`. Fails when the page is gone (closed,
    /// navigated, reloaded or crashed since): the caller should stop calling it.
    pub fn call(&self, args: Vec<RemoteValue>) -> Result<(), RemoteError> {
        self.inner.call(args)
    }
}

/// What an app exposes to pages: globals (`remote.getGlobal`) and modules (`remote.require`).
enum Exposed {
    Object(Arc<dyn RemoteObject>),
    Value(shared::Slot),
}

/// Resolves names the app did not register one by one (the CLI resolves JavaScript globals and
/// modules this way): `None` when the name is unknown, else the future of its value.
pub type RemoteResolver = Arc<dyn Fn(&RemoteCall, &str) -> Option<RemoteFuture> + Send + Sync>;

/// The app's side of the remote module: what pages may reach. Get it from
/// [`RemoteExt::remote`].
///
/// ```no_run
/// # fn demo(app: &cathode::App) {
/// use cathode_remote::{RemoteExt, RemoteObjectBuilder};
/// let greeter = RemoteObjectBuilder::new("Greeter")
///     .method("greet", |name: String| Ok::<_, String>(format!("hello {name}")))
///     .build();
/// app.remote().register_module("greeter", greeter);
/// app.remote().set_global_value("config", serde_json::json!({"debug": true}));
/// // A page's `remote.getGlobal('config').debug = false` changes main's object:
/// let debug = app.remote().global_value("config").map(|config| config["debug"].clone());
/// # }
/// ```
#[derive(Clone, Default)]
pub struct RemoteModule {
    globals: Arc<Mutex<HashMap<String, Exposed>>>,
    modules: Arc<Mutex<HashMap<String, Exposed>>>,
    global_resolver: Arc<Mutex<Option<RemoteResolver>>>,
    module_resolver: Arc<Mutex<Option<RemoteResolver>>>,
}

impl std::fmt::Debug for RemoteModule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteModule")
            .field("globals", &lock(&self.globals).keys().collect::<Vec<_>>())
            .field("modules", &lock(&self.modules).keys().collect::<Vec<_>>())
            .finish()
    }
}

impl RemoteModule {
    /// Exposes `object` as `remote.getGlobal(name)`.
    pub fn set_global(&self, name: &str, object: Arc<dyn RemoteObject>) {
        lock(&self.globals).insert(name.into(), Exposed::Object(object));
    }

    /// Exposes plain data as `remote.getGlobal(name)`. As in Electron, the objects in it stay in
    /// main and pages reach them by reference (each one a [`SharedObject`]): a page's
    /// `remote.getGlobal(name).key = value` changes main's data, which
    /// [`RemoteModule::global_value`] and every other page then see. Primitives and arrays are
    /// copied to the page (an object inside an array is still a reference).
    pub fn set_global_value(&self, name: &str, value: Value) {
        lock(&self.globals).insert(name.into(), Exposed::Value(shared::Slot::from_json(value)));
    }

    /// The current data of a global set with [`RemoteModule::set_global_value`], with what pages
    /// assigned to it since; `None` for objects set with [`RemoteModule::set_global`] (keep a
    /// handle to a [`SharedObject`] to read it) and for data that now holds objects or functions
    /// pages stored in it.
    pub fn global_value(&self, name: &str) -> Option<Value> {
        let slot = match lock(&self.globals).get(name)? {
            Exposed::Value(slot) => slot.clone(),
            Exposed::Object(_) => return None,
        };
        slot.to_json()
    }

    /// Exposes `object` as `remote.require(name)`.
    pub fn register_module(&self, name: &str, object: Arc<dyn RemoteObject>) {
        lock(&self.modules).insert(name.into(), Exposed::Object(object));
    }

    /// Enables the remote module for one window's pages, as `@electron/remote`'s
    /// `require('@electron/remote/main').enable(webContents)`: from now on, for every document
    /// of the window, whatever its [`cathode::WebPreferences::enable_remote_module`] says. Its
    /// pages reach the module as `require('@electron/remote')` (and `require('electron').remote`
    /// where the preference is set). The page (with node integration) or its preload needs the
    /// renderer runtime to have `require` at all.
    ///
    /// ```no_run
    /// # async fn demo(app: &cathode::App) -> Result<(), cathode::Error> {
    /// use cathode_remote::RemoteExt;
    /// let window = cathode::BrowserWindow::new(app, cathode::WindowOptions::default()).await?;
    /// app.remote().enable(&window.web_contents());
    /// # Ok(()) }
    /// ```
    pub fn enable(&self, contents: &cathode::WebContents) {
        contents.manage(wire::EnabledForWindow);
    }

    /// Resolves `remote.getGlobal` names that were not set one by one.
    pub fn set_global_resolver(&self, resolver: RemoteResolver) {
        *lock(&self.global_resolver) = Some(resolver);
    }

    /// Resolves `remote.require` names that were not registered one by one.
    pub fn set_module_resolver(&self, resolver: RemoteResolver) {
        *lock(&self.module_resolver) = Some(resolver);
    }

    fn lookup(
        table: &Mutex<HashMap<String, Exposed>>,
        resolver: &Mutex<Option<RemoteResolver>>,
        call: &RemoteCall,
        name: &str,
    ) -> Option<RemoteFuture> {
        let found = lock(table).get(name).map(|exposed| match exposed {
            Exposed::Object(object) => RemoteValue::Object(Arc::clone(object)),
            Exposed::Value(slot) => slot.to_remote(),
        });
        if let Some(value) = found {
            return Some(ready(value));
        }
        let resolver = lock(resolver).clone();
        resolver.and_then(|resolve| resolve(call, name))
    }

    fn global(&self, call: &RemoteCall, name: &str) -> Option<RemoteFuture> {
        Self::lookup(&self.globals, &self.global_resolver, call, name)
    }

    fn module(&self, call: &RemoteCall, name: &str) -> Option<RemoteFuture> {
        Self::lookup(&self.modules, &self.module_resolver, call, name)
    }
}
