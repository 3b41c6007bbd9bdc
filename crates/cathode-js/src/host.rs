//! `JsHost`: one QuickJS runtime, its Node-like globals, and the event loop that drives them.
//!
//! The loop follows Node's phases, each callback followed by the `process.nextTick` queue and the
//! promise jobs (microtasks), then by the report of promise rejections nobody handled:
//!
//! 1. timers that are due, in due order (`setTimeout`, `setInterval`);
//! 2. jobs posted through a [`JsHandle`] (Node's poll phase), and exit requests;
//! 3. immediates queued before this phase began (`setImmediate`);
//! 4. if nothing is left (no referenced timer, no immediate, no [`crate::KeepAlive`]): the
//!    `beforeExit` event, and the end unless it scheduled more; otherwise sleep until the next
//!    timer is due or a message arrives.
//!
//! The loop is a plain future awaited on the current thread (the context is not `Send`): other
//! tasks of the same tokio runtime run whenever it sleeps.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use rquickjs::context::EvalOptions;
use rquickjs::function::Opt;
use rquickjs::{Array, Context, Ctx, Exception, Function, IntoJs, Object, Runtime, Value};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::console::{ConsoleSink, StdioSink, Stream};
use crate::error::{Error, Result};
use crate::handle::{JsHandle, Message, Shared};
use crate::hooks::{internal, HostData};

pub(crate) const PATH_JS: &str = include_str!("js/path.js");
pub(crate) const EVENTS_JS: &str = include_str!("js/events.js");
pub(crate) const INSPECT_JS: &str = include_str!("js/inspect.js");
pub(crate) const BUFFER_JS: &str = include_str!("js/buffer.js");
const WEB_JS: &str = include_str!("js/web.js");
pub(crate) const URL_JS: &str = include_str!("js/url.js");
const BOOTSTRAP_JS: &str = include_str!("js/bootstrap.js");

/// Built-in modules compiled at start-up but built on their first `require`: the file's name
/// (`fs` for `js/fs.js`) and its source. Each is a function the bootstrap calls with what the
/// module needs.
pub(crate) const LAZY_MODULES: &[(&str, &str)] = &[
    ("fs", include_str!("js/fs.js")),
    ("os", include_str!("js/os.js")),
    ("util", include_str!("js/util.js")),
    ("assert", include_str!("js/assert.js")),
    ("querystring", include_str!("js/querystring.js")),
    ("child_process", include_str!("js/child_process.js")),
    ("crypto", include_str!("js/crypto.js")),
    ("string_decoder", include_str!("js/string_decoder.js")),
    ("stream", include_str!("js/stream.js")),
];

/// The QuickJS release compiled in (quickjs-ng, vendored by `rquickjs-sys` 0.14).
pub const QUICKJS_VERSION: &str = "quickjs-ng 0.16.2";

/// Builds the value of a native module the first time a script `require`s it.
pub type ModuleFactory = Box<dyn for<'js> Fn(&Ctx<'js>) -> rquickjs::Result<Value<'js>>>;

/// One timer as the loop sees it; its callback lives in JavaScript, keyed by the same id.
#[derive(Debug)]
struct Timer {
    due: Instant,
    delay: Duration,
    repeat: bool,
    refed: bool,
    seq: u64,
}

#[derive(Debug, Default)]
struct LoopState {
    timers: HashMap<u64, Timer>,
    immediates: VecDeque<u64>,
    seq: u64,
    /// Set by `process.exit`, [`JsHandle::exit`] or the natural end; the loop stops at once.
    exit: Option<i32>,
}

impl LoopState {
    fn has_refed_work(&self) -> bool {
        !self.immediates.is_empty() || self.timers.values().any(|t| t.refed)
    }

    fn next_due(&self) -> Option<Instant> {
        self.timers.values().map(|t| t.due).min()
    }
}

/// Loads a built-in module (`events`, `path`, or one registered with
/// [`JsHost::register_module`]) from native code, as `require(id)` would from a script.
///
/// ```no_run
/// # fn demo<'js>(ctx: &rquickjs::Ctx<'js>) -> rquickjs::Result<()> {
/// let event_emitter: rquickjs::function::Constructor = cathode_js::require(ctx, "events")?.get()?;
/// let app: rquickjs::Object = event_emitter.construct(())?;
/// # Ok(()) }
/// ```
pub fn require<'js>(ctx: &Ctx<'js>, id: &str) -> rquickjs::Result<Value<'js>> {
    let require: Function = internal(ctx)?.get("requireBuiltin")?;
    require.call((id,))
}

/// Configures a [`JsHost`]: the script's `process.argv`, `process.env`, working directory,
/// console sink and native modules.
pub struct JsHostBuilder {
    argv0: Option<String>,
    args: Vec<String>,
    env: Option<Vec<(String, String)>>,
    cwd: Option<PathBuf>,
    sink: Option<Rc<dyn ConsoleSink>>,
    modules: Vec<(String, ModuleFactory)>,
}

impl JsHostBuilder {
    /// `process.argv[0]` (default: this program's path).
    pub fn argv0(mut self, argv0: impl Into<String>) -> Self {
        self.argv0 = Some(argv0.into());
        self
    }

    /// Arguments after the main script's path in `process.argv`.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args = args.into_iter().map(Into::into).collect();
        self
    }

    /// `process.env` (default: this process's environment, variables that are valid UTF-8).
    pub fn env<I, K, V>(mut self, env: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.env = Some(env.into_iter().map(|(k, v)| (k.into(), v.into())).collect());
        self
    }

    /// `process.cwd()`, and the base of a relative main path (default: the current directory).
    pub fn cwd(mut self, cwd: impl Into<PathBuf>) -> Self {
        self.cwd = Some(cwd.into());
        self
    }

    /// Where console output goes (default: [`StdioSink`]).
    pub fn console(mut self, sink: impl ConsoleSink) -> Self {
        self.sink = Some(Rc::new(sink));
        self
    }

    /// Registers a native module; see [`JsHost::register_module`].
    pub fn module<F>(mut self, name: impl Into<String>, factory: F) -> Self
    where
        F: for<'js> Fn(&Ctx<'js>) -> rquickjs::Result<Value<'js>> + 'static,
    {
        self.modules.push((name.into(), Box::new(factory)));
        self
    }

    /// Creates the runtime and the context and runs the built-in scripts (console, timers,
    /// `process`, the module loader). No user script runs yet. Fails with [`Error::Engine`] when
    /// QuickJS cannot make the runtime or a built-in script fails, and with
    /// [`Error::MainNotFound`] when no directory was given and the current one is unreadable.
    pub fn build(self) -> Result<JsHost> {
        let cwd = match self.cwd {
            Some(cwd) => cwd,
            None => std::env::current_dir().map_err(|source| Error::MainNotFound {
                path: PathBuf::from("."),
                source,
            })?,
        };
        let runtime = Runtime::new()?;
        runtime.set_loader(crate::modules::HostResolver, crate::modules::HostLoader);
        let context = Context::full(&runtime)?;
        let (tx, rx) = mpsc::unbounded_channel();
        let handle = JsHandle::new(tx, Arc::new(Shared::default()));
        let state = Rc::new(RefCell::new(LoopState::default()));
        let modules: Rc<RefCell<HashMap<String, ModuleFactory>>> =
            Rc::new(RefCell::new(self.modules.into_iter().collect()));
        let children = crate::child::Children::default();
        let config = NativeConfig {
            children: children.clone(),
            argv0: self.argv0.unwrap_or_else(|| {
                std::env::current_exe()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_else(|_| "cathode".to_string())
            }),
            args: self.args,
            env: self
                .env
                .unwrap_or_else(|| std::env::vars_os().filter_map(utf8_pair).collect()),
            cwd: cwd.clone(),
            sink: self.sink.unwrap_or_else(|| Rc::new(StdioSink)),
        };

        runtime.set_host_promise_rejection_tracker(Some(Box::new(
            |ctx, promise, reason, handled| {
                let track = internal(&ctx)
                    .and_then(|hooks| hooks.get::<_, Function>("trackRejection"))
                    .and_then(|f| f.call::<_, ()>((promise, reason, handled)));
                if track.is_err() {
                    ctx.catch();
                }
            },
        )));

        context
            .with(|ctx| -> Result<()> {
                let native = native_object(&ctx, &config, &state, &modules)?;
                let run = |source: &str, name: &str| -> rquickjs::Result<Function> {
                    let mut options = EvalOptions::default();
                    options.strict = false;
                    options.filename = Some(format!("cathode:{name}"));
                    ctx.eval_with_options(source, options)
                };
                let lib = Object::new(ctx.clone())?;
                lib.set("path", run(PATH_JS, "path.js")?.call::<_, Value>(())?)?;
                lib.set("events", run(EVENTS_JS, "events.js")?.call::<_, Value>(())?)?;
                lib.set(
                    "inspect",
                    run(INSPECT_JS, "inspect.js")?.call::<_, Value>(())?,
                )?;
                let buffer: Value = run(BUFFER_JS, "buffer.js")?.call((native.clone(),))?;
                lib.set("buffer", buffer.clone())?;
                lib.set(
                    "web",
                    run(WEB_JS, "web.js")?.call::<_, Value>((native.clone(), buffer))?,
                )?;
                let path: Value = lib.get("path")?;
                lib.set(
                    "url",
                    run(URL_JS, "url.js")?.call::<_, Value>((native.clone(), path))?,
                )?;
                let factories = Object::new(ctx.clone())?;
                for (name, source) in LAZY_MODULES {
                    factories.set(*name, run(source, &format!("{name}.js"))?)?;
                }
                lib.set("factories", factories)?;
                let internal: Object = run(BOOTSTRAP_JS, "bootstrap.js")?.call((native, lib))?;
                if ctx
                    .store_userdata(HostData {
                        internal,
                        handle: handle.clone(),
                    })
                    .is_err()
                {
                    return Err(Error::Engine(rquickjs::Error::Unknown));
                }
                Ok(())
            })
            .map_err(|e| self::engine_error(&context, e))?;

        Ok(JsHost {
            children,
            context,
            runtime,
            state,
            rx,
            handle,
            modules,
            cwd,
        })
    }
}

fn utf8_pair((k, v): (std::ffi::OsString, std::ffi::OsString)) -> Option<(String, String)> {
    Some((k.into_string().ok()?, v.into_string().ok()?))
}

/// A failure inside the built-in scripts is a bug in this crate: say what JavaScript said.
fn engine_error(context: &Context, error: Error) -> Error {
    match error {
        Error::Engine(rquickjs::Error::Exception) => context.with(|ctx| {
            let (message, stack) = describe(&ctx, ctx.catch());
            tracing::error!(%message, %stack, "the cathode-js bootstrap failed");
            Error::Uncaught { message, stack }
        }),
        other => other,
    }
}

/// `name: message` and the stack of a thrown value.
fn describe<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> (String, String) {
    if let Some(object) = value.as_object() {
        if value.is_error() || object.contains_key("stack").unwrap_or(false) {
            let get = |key: &str| object.get::<_, Option<String>>(key).ok().flatten();
            let name = get("name").unwrap_or_else(|| "Error".to_string());
            let message = get("message").unwrap_or_default();
            let message = if message.is_empty() {
                name
            } else {
                format!("{name}: {message}")
            };
            let stack = get("stack").unwrap_or_default();
            return (message, user_frames(&stack));
        }
    }
    let formatted = internal(ctx)
        .and_then(|hooks| hooks.get::<_, Function>("inspect"))
        .and_then(|inspect| inspect.call::<_, String>((value,)));
    match formatted {
        Ok(text) => (text, String::new()),
        Err(_) => {
            ctx.catch();
            ("a value that cannot be printed".to_string(), String::new())
        }
    }
}

/// The stack without the host's own frames (the module loader's), which say nothing to a user.
fn user_frames(stack: &str) -> String {
    stack
        .lines()
        .filter(|line| !line.contains("(cathode:") && line.trim() != "at call (native)")
        .collect::<Vec<_>>()
        .join("\n")
}

struct NativeConfig {
    children: crate::child::Children,
    argv0: String,
    args: Vec<String>,
    env: Vec<(String, String)>,
    cwd: PathBuf,
    sink: Rc<dyn ConsoleSink>,
}

/// The functions and facts the built-in scripts need from Rust: files, timers, output, exit.
fn native_object<'js>(
    ctx: &Ctx<'js>,
    config: &NativeConfig,
    state: &Rc<RefCell<LoopState>>,
    modules: &Rc<RefCell<HashMap<String, ModuleFactory>>>,
) -> rquickjs::Result<Object<'js>> {
    let native = Object::new(ctx.clone())?;

    native.set("bytes", crate::bytes::native(ctx)?)?;
    native.set("fs", crate::fs::native(ctx, config.cwd.clone())?)?;
    native.set("watch", crate::watch::native(ctx, config.cwd.clone())?)?;
    native.set("os", crate::os::native(ctx)?)?;
    native.set("importModule", crate::modules::native(ctx)?)?;
    native.set("crypto", crate::hash::native(ctx)?)?;
    native.set("child", crate::child::native(ctx, &config.children)?)?;
    native.set(
        "readFile",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, path: String| {
            std::fs::read_to_string(&path)
                .map_err(|e| Exception::throw_message(&ctx, &format!("{e}, open '{path}'")))
        })?,
    )?;
    // 0: nothing there, 1: a file, 2: a directory (what module resolution needs to know).
    native.set(
        "stat",
        Function::new(ctx.clone(), |path: String| match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => 2,
            Ok(_) => 1,
            Err(_) => 0,
        })?,
    )?;
    native.set(
        "realpath",
        Function::new(ctx.clone(), |path: String| {
            match std::fs::canonicalize(&path) {
                Ok(real) => real.to_string_lossy().into_owned(),
                Err(_) => path,
            }
        })?,
    )?;
    native.set(
        "compile",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, source: String, filename: String| {
                let mut options = EvalOptions::default();
                options.strict = false;
                options.filename = Some(filename);
                ctx.eval_with_options::<Value, _>(source, options)
            },
        )?,
    )?;
    let sink = config.sink.clone();
    native.set(
        "write",
        Function::new(ctx.clone(), move |stream: i32, text: String| {
            let stream = if stream == 2 {
                Stream::Stderr
            } else {
                Stream::Stdout
            };
            sink.write(stream, &text);
        })?,
    )?;

    let timers = state.clone();
    native.set(
        "timerStart",
        Function::new(
            ctx.clone(),
            move |id: f64, delay: f64, repeat: bool, refed: bool| {
                let mut s = timers.borrow_mut();
                s.seq += 1;
                let delay = Duration::from_secs_f64(delay.max(1.0) / 1000.0);
                let seq = s.seq;
                s.timers.insert(
                    id as u64,
                    Timer {
                        due: Instant::now() + delay,
                        delay,
                        repeat,
                        refed,
                        seq,
                    },
                );
            },
        )?,
    )?;
    let timers = state.clone();
    native.set(
        "timerStop",
        Function::new(ctx.clone(), move |id: f64| {
            timers.borrow_mut().timers.remove(&(id as u64));
        })?,
    )?;
    let timers = state.clone();
    native.set(
        "timerRef",
        Function::new(ctx.clone(), move |id: f64, refed: bool| {
            if let Some(t) = timers.borrow_mut().timers.get_mut(&(id as u64)) {
                t.refed = refed;
            }
        })?,
    )?;
    let immediates = state.clone();
    native.set(
        "immediateStart",
        Function::new(ctx.clone(), move |id: f64| {
            immediates.borrow_mut().immediates.push_back(id as u64);
        })?,
    )?;
    let immediates = state.clone();
    native.set(
        "immediateStop",
        Function::new(ctx.clone(), move |id: f64| {
            immediates
                .borrow_mut()
                .immediates
                .retain(|&queued| queued != id as u64);
        })?,
    )?;
    let exit = state.clone();
    native.set(
        "exit",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, code: i32| {
            exit.borrow_mut().exit = Some(code);
            // Like Node, nothing after process.exit() runs: throw what `catch` cannot catch.
            let error = Exception::from_message(ctx.clone(), "process.exit() called")?;
            let value = error.into_value();
            // SAFETY: both pointers come from live rquickjs handles of this context; the call
            // only sets a flag on the error object.
            unsafe {
                rquickjs::qjs::JS_SetUncatchableError(ctx.as_raw().as_ptr(), value.as_raw());
            }
            Err::<(), _>(ctx.throw(value))
        })?,
    )?;
    let cwd = config.cwd.to_string_lossy().into_owned();
    native.set("cwd", Function::new(ctx.clone(), move || cwd.clone())?)?;
    let factories = modules.clone();
    native.set(
        "hasNativeModule",
        Function::new(ctx.clone(), move |name: String| {
            factories.borrow().contains_key(&name)
        })?,
    )?;
    let factories = modules.clone();
    native.set(
        "nativeModule",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, name: String| {
            let factories = factories.borrow();
            match factories.get(&name) {
                Some(factory) => factory(&ctx),
                None => Ok(Value::new_undefined(ctx.clone())),
            }
        })?,
    )?;

    native.set("argv0", config.argv0.as_str())?;
    let args = Array::new(ctx.clone())?;
    for (i, arg) in config.args.iter().enumerate() {
        args.set(i, arg.as_str())?;
    }
    native.set("args", args)?;
    let env = Object::new(ctx.clone())?;
    for (key, value) in &config.env {
        env.set(key.as_str(), value.as_str())?;
    }
    native.set("env", env)?;
    native.set("platform", cathode_remote::electron::node_platform())?;
    native.set("arch", node_arch())?;
    native.set("pid", std::process::id())?;
    let versions = Object::new(ctx.clone())?;
    versions.set("cathode", env!("CARGO_PKG_VERSION"))?;
    versions.set("quickjs", QUICKJS_VERSION)?;
    // No `node` or `electron` entry: apps test `process.versions.electron` to pick Electron-only
    // code paths, and claiming a version whose whole API we do not provide would mislead them.
    native.set("versions", versions)?;
    Ok(native)
}

/// `process.arch` as Node spells it.
pub(crate) fn node_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "x86" => "ia32",
        "aarch64" => "arm64",
        "powerpc64" => "ppc64",
        other => other,
    }
}

/// A QuickJS runtime set up as an Electron-style main process: CommonJS `require`, `console`,
/// timers, `process`, and native modules registered by the embedder.
///
/// ```no_run
/// # async fn demo() -> cathode_js::Result<()> {
/// let host = cathode_js::JsHost::builder().args(["--verbose"]).build()?;
/// let handle = host.handle(); // give this to other tasks
/// let code = host.run("app/main.js").await?;
/// std::process::exit(code)
/// # }
/// ```
pub struct JsHost {
    /// Child processes started with `child_process.spawn`, killed when the script ends.
    children: crate::child::Children,
    context: Context,
    #[allow(dead_code)] // Kept so the runtime visibly outlives the context.
    runtime: Runtime,
    state: Rc<RefCell<LoopState>>,
    rx: mpsc::UnboundedReceiver<Message>,
    handle: JsHandle,
    modules: Rc<RefCell<HashMap<String, ModuleFactory>>>,
    cwd: PathBuf,
}

impl Drop for JsHost {
    fn drop(&mut self) {
        self.children.kill_all();
    }
}

impl std::fmt::Debug for JsHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsHost")
            .field("cwd", &self.cwd)
            .field("handle", &self.handle)
            .finish_non_exhaustive()
    }
}

impl JsHost {
    /// Starts configuring a host.
    pub fn builder() -> JsHostBuilder {
        JsHostBuilder {
            argv0: None,
            args: Vec::new(),
            env: None,
            cwd: None,
            sink: None,
            modules: Vec::new(),
        }
    }

    /// A host with the defaults: this process's environment and directory, output to
    /// stdout/stderr. Fails as [`JsHostBuilder::build`] does.
    pub fn new() -> Result<JsHost> {
        JsHost::builder().build()
    }

    /// A handle for other threads and tasks: post jobs, hold the loop open, exit.
    pub fn handle(&self) -> JsHandle {
        self.handle.clone()
    }

    /// Registers a native module: the first `require(name)` calls `factory` and every `require`
    /// returns what it built. A name registered here wins over Node's built-in names.
    ///
    /// ```
    /// let host = cathode_js::JsHost::new().unwrap();
    /// host.register_module("greeter", |ctx| {
    ///     let module = rquickjs::Object::new(ctx.clone())?;
    ///     module.set("greeting", "hello")?;
    ///     Ok(module.into_value())
    /// });
    /// ```
    pub fn register_module<F>(&self, name: impl Into<String>, factory: F)
    where
        F: for<'js> Fn(&Ctx<'js>) -> rquickjs::Result<Value<'js>> + 'static,
    {
        self.modules
            .borrow_mut()
            .insert(name.into(), Box::new(factory));
    }

    /// Runs JavaScript on the host's context now (before or instead of [`JsHost::run`]), for
    /// embedders that set things up and for tests.
    pub fn with<F, R>(&self, f: F) -> R
    where
        F: for<'js> FnOnce(Ctx<'js>) -> R,
    {
        self.context.with(f)
    }

    /// Loads `main` as the main module (`require.main`), then runs the event loop until
    /// `process.exit()` is called, [`JsHandle::exit`]/[`JsHandle::quit`] is called, or nothing is
    /// left to do and no [`crate::KeepAlive`] is held. Returns the exit code (`process.exitCode`,
    /// 0 by default).
    ///
    /// An exception thrown while `main` loads (a syntax error included) is returned as
    /// [`Error::Uncaught`]; later ones, in timers, callbacks and rejected promises, are printed to
    /// the error stream and the loop goes on. A `main` that cannot be read fails with
    /// [`Error::MainNotFound`].
    pub async fn run(mut self, main: impl AsRef<Path>) -> Result<i32> {
        let main = self.cwd.join(main.as_ref());
        if let Err(source) = std::fs::metadata(&main) {
            return Err(Error::MainNotFound { path: main, source });
        }
        let main = main.to_string_lossy().into_owned();
        tracing::debug!(main = %main, "loading the main script");
        let loaded = self.context.with(|ctx| -> Result<()> {
            let run_main: Function = internal(&ctx)?.get("runMain")?;
            match run_main.call::<_, ()>((main.as_str(),)) {
                Ok(()) => Ok(()),
                Err(rquickjs::Error::Exception) => {
                    let thrown = ctx.catch();
                    if self.exit_code().is_some() {
                        return Ok(());
                    }
                    let (message, stack) = describe(&ctx, thrown);
                    Err(Error::Uncaught { message, stack })
                }
                Err(other) => Err(other.into()),
            }
        });
        loaded?;
        self.drain();
        let code = self.event_loop().await;
        let code = self.finish(code);
        tracing::debug!(code, "the event loop has ended");
        Ok(code)
    }

    fn exit_code(&self) -> Option<i32> {
        self.state.borrow().exit
    }

    async fn event_loop(&mut self) -> i32 {
        loop {
            if let Some(code) = self.exit_code() {
                return code;
            }
            self.run_timers();
            while let Ok(message) = self.rx.try_recv() {
                if self.exit_code().is_some() {
                    break;
                }
                self.handle_message(message);
            }
            self.run_immediates();
            if let Some(code) = self.exit_code() {
                return code;
            }
            let (busy, next_due) = {
                let s = self.state.borrow();
                (s.has_refed_work(), s.next_due())
            };
            if !busy && self.handle.keep_alive_count() == 0 {
                if !self.rx.is_empty() {
                    continue;
                }
                // Node's 'beforeExit': listeners may schedule more work.
                let code = self.call_hook_code("emitBeforeExit");
                self.drain();
                let busy = self.state.borrow().has_refed_work();
                if !busy && self.rx.is_empty() && self.handle.keep_alive_count() == 0 {
                    return self.exit_code().unwrap_or(code);
                }
                continue;
            }
            if !self.state.borrow().immediates.is_empty() {
                // Let the other tasks of this thread run between two rounds of immediates.
                tokio::task::yield_now().await;
                continue;
            }
            let message = match next_due {
                Some(due) => tokio::select! {
                    message = self.rx.recv() => message,
                    () = tokio::time::sleep_until(due) => None,
                },
                None => self.rx.recv().await,
            };
            if let Some(message) = message {
                self.handle_message(message);
            }
        }
    }

    fn handle_message(&mut self, message: Message) {
        match message {
            Message::Job(job) => {
                self.context.with(|ctx| {
                    if let Err(error) = job(&ctx) {
                        report(&ctx, error);
                    }
                });
                self.drain();
            }
            Message::Exit(code) => {
                let mut s = self.state.borrow_mut();
                s.exit.get_or_insert(code);
            }
            Message::Wake => {}
        }
    }

    /// Runs each timer that is due now, earliest first, with the microtasks after each.
    fn run_timers(&mut self) {
        let now = Instant::now();
        let mut due: Vec<(Instant, u64, u64)> = self
            .state
            .borrow()
            .timers
            .iter()
            .filter(|(_, t)| t.due <= now)
            .map(|(&id, t)| (t.due, t.seq, id))
            .collect();
        due.sort_unstable();
        for (_, seq, id) in due {
            if self.exit_code().is_some() {
                return;
            }
            {
                let mut s = self.state.borrow_mut();
                // An earlier callback may have cleared or re-armed this timer.
                match s.timers.get_mut(&id) {
                    Some(t) if t.seq == seq => {
                        if t.repeat {
                            t.due = now + t.delay;
                        } else {
                            s.timers.remove(&id);
                        }
                    }
                    _ => continue,
                }
            }
            self.call_hook_id("runTimer", id);
            self.drain();
        }
    }

    /// Runs the immediates queued before this phase; those they queue wait for the next round.
    fn run_immediates(&mut self) {
        let batch: Vec<u64> = self.state.borrow_mut().immediates.drain(..).collect();
        for id in batch {
            if self.exit_code().is_some() {
                return;
            }
            self.call_hook_id("runImmediate", id);
            self.drain();
        }
    }

    fn call_hook_id(&self, hook: &str, id: u64) {
        self.context.with(|ctx| {
            let result = internal(&ctx)
                .and_then(|hooks| hooks.get::<_, Function>(hook))
                .and_then(|f| f.call::<_, ()>((id as f64,)));
            if let Err(error) = result {
                report(&ctx, error);
            }
        })
    }

    fn call_hook_code(&self, hook: &str) -> i32 {
        self.context.with(|ctx| {
            let result = internal(&ctx)
                .and_then(|hooks| hooks.get::<_, Function>(hook))
                .and_then(|f| f.call::<_, i32>(()));
            result.unwrap_or_else(|error| {
                report(&ctx, error);
                0
            })
        })
    }

    /// Runs `process.nextTick` callbacks and promise jobs until none is left, then reports the
    /// rejections nobody handled (whose handlers may queue more).
    fn drain(&self) {
        self.context.with(|ctx| {
            let Ok(hooks) = internal(&ctx) else { return };
            let call = |name: &str| -> bool {
                let result = hooks
                    .get::<_, Function>(name)
                    .and_then(|f| f.call::<_, bool>(()));
                result.unwrap_or_else(|error| {
                    report(&ctx, error);
                    false
                })
            };
            loop {
                if self.exit_code().is_some() {
                    return;
                }
                let ticks = call("runTicks");
                let mut jobs = false;
                while ctx.execute_pending_job() {
                    jobs = true;
                    if self.exit_code().is_some() {
                        return;
                    }
                }
                if ticks || jobs {
                    continue;
                }
                if !call("flushRejections") {
                    return;
                }
            }
        })
    }

    /// Emits `process`'s 'exit' (unless `process.exit()` already did) and returns the final code,
    /// which an 'exit' listener may still change by calling `process.exit(code)`.
    fn finish(&mut self, code: i32) -> i32 {
        self.state.borrow_mut().exit = Some(code);
        self.context.with(|ctx| {
            let result = internal(&ctx)
                .and_then(|hooks| hooks.get::<_, Function>("emitExit"))
                .and_then(|f| f.call::<_, ()>((code,)));
            if let Err(error) = result {
                report(&ctx, error);
            }
        });
        // The app is over: no child it started outlives it.
        self.children.kill_all();
        // Drop what is queued so no job runs against a finished script.
        self.rx.close();
        while self.rx.try_recv().is_ok() {}
        self.exit_code().unwrap_or(code)
    }
}

/// Reports an error that escaped a callback: printed through the script's own uncaught-exception
/// path (`process.on('uncaughtException')` or the error stream). `process.exit()`'s uncatchable
/// exception is not an error and is dropped silently.
fn report<'js>(ctx: &Ctx<'js>, error: rquickjs::Error) {
    let value = match error {
        rquickjs::Error::Exception => ctx.catch(),
        other => match other.to_string().into_js(ctx) {
            Ok(value) => value,
            Err(_) => return,
        },
    };
    if value.is_uncatchable_error() {
        return;
    }
    let reported = internal(ctx)
        .and_then(|hooks| hooks.get::<_, Function>("reportUncaught"))
        .and_then(|f| f.call::<_, ()>((value.clone(), Opt::<bool>(None))));
    if reported.is_err() {
        let thrown = ctx.catch();
        if thrown.is_uncatchable_error() {
            return;
        }
        let (message, stack) = describe(ctx, value);
        tracing::error!(%message, %stack, "uncaught exception, and reporting it failed");
    }
}
