//! Child processes for `require('child_process')`: `spawnSync` runs on the JavaScript thread;
//! `spawn` starts a process whose output, exit and close come back as jobs on the loop, holding
//! it open meanwhile. Each child leads its own process group, and every child still running when
//! the script ends is killed with its group (`Children::kill_all`), so an app leaves no orphans.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use rquickjs::{Ctx, Exception, Function, IntoJs, Object, Value};

use cathode::sync::lock;

use crate::bytes::{new_bytes, with_bytes};
use crate::handle::JsHandle;

/// The children started with `spawn` that have not exited yet: id → pid.
#[derive(Debug, Clone, Default)]
pub(crate) struct Children {
    live: Arc<Mutex<HashMap<u64, u32>>>,
}

impl Children {
    /// Kills every child still running, with its process group.
    pub(crate) fn kill_all(&self) {
        let live: Vec<u32> = lock(&self.live).values().copied().collect();
        for pid in live {
            signal_group(pid, kill_signal("SIGKILL"));
        }
    }
}

const SIGNALS: &[(&str, i32)] = &[
    ("SIGHUP", 1),
    ("SIGINT", 2),
    ("SIGQUIT", 3),
    ("SIGILL", 4),
    ("SIGTRAP", 5),
    ("SIGABRT", 6),
    ("SIGBUS", 7),
    ("SIGFPE", 8),
    ("SIGKILL", 9),
    ("SIGUSR1", 10),
    ("SIGSEGV", 11),
    ("SIGUSR2", 12),
    ("SIGPIPE", 13),
    ("SIGALRM", 14),
    ("SIGTERM", 15),
    ("SIGCHLD", 17),
    ("SIGCONT", 18),
    ("SIGSTOP", 19),
    ("SIGTSTP", 20),
];

fn kill_signal(name: &str) -> i32 {
    SIGNALS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(15, |(_, number)| *number)
}

fn signal_name(number: i32) -> Option<&'static str> {
    SIGNALS
        .iter()
        .find(|(_, n)| *n == number)
        .map(|(name, _)| *name)
}

/// Sends `signal` to the process group that `pid` leads. False when there is no such group.
fn signal_group(pid: u32, signal: i32) -> bool {
    #[cfg(unix)]
    {
        // SAFETY: kill(2) has no memory preconditions; a negative pid names the process group.
        unsafe { libc::kill(-(pid as i32), signal) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = (pid, signal);
        false
    }
}

/// How a child is to be started, read from the options object `js/child_process.js` builds.
struct Spawn {
    file: String,
    args: Vec<String>,
    cwd: Option<String>,
    env: Vec<(String, String)>,
    /// For stdin, stdout, stderr: "pipe", "inherit" or "ignore".
    stdio: [String; 3],
}

impl Spawn {
    fn read<'js>(options: &Object<'js>) -> rquickjs::Result<Spawn> {
        let stdio: Vec<String> = options.get("stdio")?;
        let pick = |i: usize| stdio.get(i).cloned().unwrap_or_else(|| "pipe".to_string());
        let env: Vec<Vec<String>> = options.get("env")?;
        Ok(Spawn {
            file: options.get("file")?,
            args: options.get("args")?,
            cwd: options.get("cwd")?,
            env: env
                .into_iter()
                .filter_map(|pair| match pair.as_slice() {
                    [k, v] => Some((k.clone(), v.clone())),
                    _ => None,
                })
                .collect(),
            stdio: [pick(0), pick(1), pick(2)],
        })
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.file);
        command
            .args(&self.args)
            .env_clear()
            .envs(self.env.iter().cloned());
        if let Some(cwd) = &self.cwd {
            command.current_dir(cwd);
        }
        let stdio = |how: &str| match how {
            "inherit" => Stdio::inherit(),
            "ignore" => Stdio::null(),
            _ => Stdio::piped(),
        };
        command
            .stdin(stdio(&self.stdio[0]))
            .stdout(stdio(&self.stdio[1]))
            .stderr(stdio(&self.stdio[2]));
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own group, so killing it reaches what it started (a shell's commands too).
            command.process_group(0);
        }
        command
    }
}

/// Node's description of a failed spawn: `spawn <file> ENOENT`.
#[derive(Debug)]
struct SpawnFailure {
    code: &'static str,
    errno: i32,
    /// `spawn <file>` or `spawnSync <file>`.
    syscall: String,
    path: String,
    spawnargs: Vec<String>,
}

impl SpawnFailure {
    fn new(spawn: &Spawn, code: &'static str, errno: i32, syscall: &str) -> SpawnFailure {
        SpawnFailure {
            code,
            errno,
            syscall: format!("{syscall} {}", spawn.file),
            path: spawn.file.clone(),
            spawnargs: spawn.args.clone(),
        }
    }

    fn io(spawn: &Spawn, error: &std::io::Error, syscall: &str) -> SpawnFailure {
        let (code, errno) = match error.kind() {
            std::io::ErrorKind::NotFound => ("ENOENT", -2),
            std::io::ErrorKind::PermissionDenied => ("EACCES", -13),
            _ => ("EINVAL", -22),
        };
        SpawnFailure::new(spawn, code, errno, syscall)
    }

    fn message(&self) -> String {
        format!("{} {}", self.syscall, self.code)
    }

    fn to_js<'js>(&self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        let object = Exception::from_message(ctx.clone(), &self.message())?;
        let o = object.as_object();
        o.set("errno", self.errno)?;
        o.set("code", self.code)?;
        o.set("syscall", self.syscall.as_str())?;
        o.set("path", self.path.as_str())?;
        o.set("spawnargs", self.spawnargs.clone())?;
        Ok(object.into_value())
    }

    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "message": self.message(),
            "errno": self.errno,
            "code": self.code,
            "syscall": self.syscall,
            "path": self.path,
            "spawnargs": self.spawnargs,
        })
    }
}

/// The exit code, or the name of the signal that ended the child.
fn exit_of(status: std::process::ExitStatus) -> (Option<i32>, Option<&'static str>) {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return (None, Some(signal_name(signal).unwrap_or("SIGKILL")));
        }
    }
    (status.code(), None)
}

/// Reads a pipe to its end on a thread, keeping at most `limit` bytes; past the limit it sets
/// `over` and kills the child's group.
fn collect(
    mut pipe: impl Read + Send + 'static,
    limit: usize,
    over: Arc<AtomicBool>,
    pid: u32,
) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut chunk = [0u8; 64 * 1024];
        loop {
            match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if kept.len() + n > limit {
                        kept.extend_from_slice(&chunk[..limit - kept.len()]);
                        if !over.swap(true, Ordering::SeqCst) {
                            signal_group(pid, kill_signal("SIGTERM"));
                        }
                        // Keep draining so the child is not blocked on a full pipe.
                        continue;
                    }
                    if !over.load(Ordering::SeqCst) {
                        kept.extend_from_slice(&chunk[..n]);
                    }
                }
            }
        }
        kept
    })
}

fn wait_with_timeout(
    child: &mut Child,
    timeout: Option<Duration>,
    signal: i32,
) -> std::io::Result<(std::process::ExitStatus, bool)> {
    let Some(timeout) = timeout else {
        return child.wait().map(|status| (status, false));
    };
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status, false));
        }
        if Instant::now() >= deadline {
            signal_group(child.id(), signal);
            return child.wait().map(|status| (status, true));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A `spawnSync` call: what to start, its input and its limits.
struct SyncSpawn {
    spawn: Spawn,
    input: Option<Vec<u8>>,
    max_buffer: usize,
    timeout: Option<Duration>,
    kill: i32,
}

impl SyncSpawn {
    /// `maxBuffer` (none or not finite: no limit) and `timeout` (0 or none: none) as Node reads
    /// them.
    fn limits(max_buffer: Option<f64>, timeout: Option<f64>) -> (usize, Option<Duration>) {
        let max_buffer = max_buffer.map_or(usize::MAX, |m| {
            if m.is_finite() {
                m.max(0.0) as usize
            } else {
                usize::MAX
            }
        });
        let timeout = timeout
            .filter(|t| *t > 0.0 && t.is_finite())
            .map(|t| Duration::from_secs_f64(t / 1000.0));
        (max_buffer, timeout)
    }

    fn read<'js>(ctx: &Ctx<'js>, options: &Object<'js>) -> rquickjs::Result<SyncSpawn> {
        let input: Option<Value> = options.get("input")?;
        let input = match input {
            Some(v) if !v.is_undefined() && !v.is_null() => {
                Some(with_bytes(ctx, &v, <[u8]>::to_vec)?)
            }
            _ => None,
        };
        let (max_buffer, timeout) =
            SyncSpawn::limits(options.get("maxBuffer")?, options.get("timeout")?);
        let kill: Option<String> = options.get("killSignal")?;
        Ok(SyncSpawn {
            spawn: Spawn::read(options)?,
            input,
            max_buffer,
            timeout,
            kill: kill_signal(kill.as_deref().unwrap_or("SIGTERM")),
        })
    }

    /// The options object a page sent (input as `{"$bytes": base64}`).
    fn from_json(options: &serde_json::Value) -> Result<SyncSpawn, String> {
        let text = |key: &str| options.get(key).and_then(serde_json::Value::as_str);
        let list = |value: Option<&serde_json::Value>| -> Vec<String> {
            value
                .and_then(serde_json::Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| item.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let file = text("file").ok_or("spawnSync: missing file")?.to_string();
        let stdio = list(options.get("stdio"));
        let pick = |i: usize| stdio.get(i).cloned().unwrap_or_else(|| "pipe".to_string());
        let env = options
            .get("env")
            .and_then(serde_json::Value::as_array)
            .map(|pairs| {
                pairs
                    .iter()
                    .filter_map(|pair| match list(Some(pair)).as_slice() {
                        [k, v] => Some((k.clone(), v.clone())),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let number = |key: &str| options.get(key).and_then(serde_json::Value::as_f64);
        let (max_buffer, timeout) = SyncSpawn::limits(number("maxBuffer"), number("timeout"));
        Ok(SyncSpawn {
            spawn: Spawn {
                file,
                args: list(options.get("args")),
                cwd: text("cwd").map(str::to_string),
                env,
                stdio: [pick(0), pick(1), pick(2)],
            },
            input: options.get("input").and_then(crate::bytes::from_json),
            max_buffer,
            timeout,
            kill: kill_signal(text("killSignal").unwrap_or("SIGTERM")),
        })
    }
}

/// What `spawnSync` found.
#[derive(Debug, Default)]
struct SyncOutcome {
    pid: Option<u32>,
    status: Option<i32>,
    signal: Option<&'static str>,
    stdout: Option<Vec<u8>>,
    stderr: Option<Vec<u8>>,
    /// A failed start, a timeout (`ETIMEDOUT`) or output past `maxBuffer` (`ENOBUFS`).
    error: Option<SpawnFailure>,
}

/// Runs the child to its end, within its limits.
fn run_sync(call: SyncSpawn) -> SyncOutcome {
    let SyncSpawn {
        spawn,
        input,
        max_buffer,
        timeout,
        kill,
    } = call;
    let mut child = match spawn.command().spawn() {
        Ok(child) => child,
        Err(error) => {
            return SyncOutcome {
                error: Some(SpawnFailure::io(&spawn, &error, "spawnSync")),
                ..SyncOutcome::default()
            }
        }
    };
    let pid = child.id();
    if let Some(mut stdin) = child.stdin.take() {
        let data = input.unwrap_or_default();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&data);
        });
    }
    let over = Arc::new(AtomicBool::new(false));
    let out = child
        .stdout
        .take()
        .map(|p| collect(p, max_buffer, over.clone(), pid));
    let err = child
        .stderr
        .take()
        .map(|p| collect(p, max_buffer, over.clone(), pid));
    let waited = wait_with_timeout(&mut child, timeout, kill);
    let mut outcome = SyncOutcome {
        pid: Some(pid),
        stdout: out.and_then(|t| t.join().ok()),
        stderr: err.and_then(|t| t.join().ok()),
        ..SyncOutcome::default()
    };
    match waited {
        Ok((status, timed_out)) => {
            (outcome.status, outcome.signal) = exit_of(status);
            if timed_out {
                outcome.error = Some(SpawnFailure::new(&spawn, "ETIMEDOUT", -110, "spawnSync"));
            } else if over.load(Ordering::SeqCst) {
                outcome.error = Some(SpawnFailure::new(&spawn, "ENOBUFS", -105, "spawnSync"));
            }
        }
        Err(error) => outcome.error = Some(SpawnFailure::io(&spawn, &error, "spawnSync")),
    }
    outcome
}

/// `spawnSync` for the main script: `{pid, status, signal, stdout, stderr, error}`.
fn spawn_sync<'js>(ctx: Ctx<'js>, options: Object<'js>) -> rquickjs::Result<Object<'js>> {
    let outcome = run_sync(SyncSpawn::read(&ctx, &options)?);
    let result = Object::new(ctx.clone())?;
    if let Some(pid) = outcome.pid {
        result.set("pid", pid)?;
    }
    result.set("status", outcome.status)?;
    result.set("signal", outcome.signal)?;
    if let Some(error) = &outcome.error {
        result.set("error", error.to_js(&ctx)?)?;
    }
    for (key, bytes) in [("stdout", outcome.stdout), ("stderr", outcome.stderr)] {
        match bytes {
            Some(bytes) => result.set(key, new_bytes(&ctx, bytes)?)?,
            None => result.set(key, rquickjs::Null)?,
        }
    }
    Ok(result)
}

/// `spawnSync` for a page (see `page_node.rs`): the same result as JSON, output as
/// `{"$bytes": base64}`. `cap` bounds the child's run, whatever timeout the page asked for, and
/// ends it as a timeout would: the page's thread waits for it, and main answers a page only
/// within the app's sync timeout.
pub(crate) fn spawn_sync_for_page(
    options: &serde_json::Value,
    cap: Duration,
) -> Result<serde_json::Value, String> {
    let mut call = SyncSpawn::from_json(options)?;
    call.timeout = Some(call.timeout.map_or(cap, |asked| asked.min(cap)));
    let outcome = run_sync(call);
    let bytes = |b: &Option<Vec<u8>>| {
        b.as_deref()
            .map_or(serde_json::Value::Null, crate::bytes::to_json)
    };
    Ok(serde_json::json!({
        "pid": outcome.pid,
        "status": outcome.status,
        "signal": outcome.signal,
        "stdout": bytes(&outcome.stdout),
        "stderr": bytes(&outcome.stderr),
        "error": outcome.error.as_ref().map(SpawnFailure::to_json),
    }))
}

/// A running child's input and whether it still runs.
struct Running {
    pid: u32,
    input: Option<mpsc::Sender<Vec<u8>>>,
    exited: Arc<Mutex<bool>>,
}

impl Running {
    /// Sends `signal` to the child's group; false once it has exited.
    fn kill(&self, signal: &str) -> bool {
        let exited = lock(&self.exited);
        !*exited && signal_group(self.pid, kill_signal(signal))
    }

    /// Queues `data` for the child's input; false when its input is closed.
    fn write(&self, data: Vec<u8>) -> bool {
        self.input
            .as_ref()
            .is_some_and(|input| input.send(data).is_ok())
    }
}

type RunningMap = std::rc::Rc<std::cell::RefCell<HashMap<u64, Running>>>;

/// What a running child reports: output, the end of a stream, its exit.
enum Event {
    None,
    Bytes(Vec<u8>),
    Exit(Option<i32>, Option<&'static str>),
}

impl Event {
    /// As JSON for a page: `null`, `{"$bytes": base64}` or `[code, signal]`.
    fn to_json(&self) -> serde_json::Value {
        match self {
            Event::None => serde_json::Value::Null,
            Event::Bytes(bytes) => crate::bytes::to_json(bytes),
            Event::Exit(code, signal) => serde_json::json!([code, signal]),
        }
    }
}

/// Where a child's events go: `(id, kind, event)`, kinds `stdout`, `stderr`, `stdout-end`,
/// `stderr-end`, `exit`, `close` (after `exit` and the end of both streams).
type Sink = Arc<dyn Fn(u64, &'static str, Event) + Send + Sync>;

/// Posts a child's event to the bootstrap's `childEvent(id, kind, data)` hook.
fn post_event(handle: &JsHandle, id: u64, kind: &'static str, data: Event) {
    let _ = handle.post(move |ctx| {
        let value = match data {
            Event::None => Value::new_undefined(ctx.clone()),
            Event::Bytes(bytes) => new_bytes(ctx, bytes)?,
            Event::Exit(code, signal) => {
                let pair = rquickjs::Array::new(ctx.clone())?;
                pair.set(0, code)?;
                pair.set(1, signal)?;
                pair.into_value()
            }
        };
        crate::hooks::call_internal(ctx, "childEvent", (id as f64, kind, value))
    });
}

fn stream(
    pipe: impl Read + Send + 'static,
    sink: Sink,
    id: u64,
    kind: &'static str,
    end: &'static str,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut pipe = pipe;
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => sink(id, kind, Event::Bytes(chunk[..n].to_vec())),
            }
        }
        sink(id, end, Event::None);
    })
}

/// Starts child `id`: its events go to `sink`, it is among `children` until it exits, and
/// `finished` runs after its `close`.
fn start(
    spawn: &Spawn,
    id: u64,
    sink: Sink,
    children: &Children,
    finished: Box<dyn FnOnce() + Send>,
) -> std::io::Result<Running> {
    let mut child = spawn.command().spawn()?;
    let pid = child.id();
    lock(&children.live).insert(id, pid);
    let input = child.stdin.take().map(|mut stdin| {
        let (tx, rx) = mpsc::channel::<Vec<u8>>();
        std::thread::spawn(move || {
            while let Ok(data) = rx.recv() {
                if stdin.write_all(&data).is_err() {
                    break;
                }
            }
        });
        tx
    });
    let readers: Vec<_> = [
        child
            .stdout
            .take()
            .map(|p| stream(p, sink.clone(), id, "stdout", "stdout-end")),
        child
            .stderr
            .take()
            .map(|p| stream(p, sink.clone(), id, "stderr", "stderr-end")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let exited = Arc::new(Mutex::new(false));
    let flag = exited.clone();
    let live = children.clone();
    std::thread::spawn(move || {
        let status = child.wait();
        *lock(&flag) = true;
        lock(&live.live).remove(&id);
        let (code, signal) = match status {
            Ok(status) => exit_of(status),
            Err(_) => (None, None),
        };
        sink(id, "exit", Event::Exit(code, signal));
        for reader in readers {
            let _ = reader.join();
        }
        sink(id, "close", Event::Exit(code, signal));
        finished();
    });
    Ok(Running { pid, input, exited })
}

/// `spawn`: starts the child and returns its pid, or throws Node's spawn error.
fn spawn_async<'js>(
    ctx: Ctx<'js>,
    options: Object<'js>,
    id: u64,
    running: &RunningMap,
    children: &Children,
) -> rquickjs::Result<Value<'js>> {
    let spawn = Spawn::read(&options)?;
    let Some(handle) = JsHandle::current(&ctx) else {
        return Err(Exception::throw_internal(
            &ctx,
            "the cathode host is not set up",
        ));
    };
    let keep_alive = handle.keep_alive();
    let sink: Sink = Arc::new(move |id, kind, event| post_event(&handle, id, kind, event));
    let started = start(
        &spawn,
        id,
        sink,
        children,
        Box::new(move || drop(keep_alive)),
    );
    let child = match started {
        Ok(child) => child,
        Err(error) => return Err(ctx.throw(SpawnFailure::io(&spawn, &error, "spawn").to_js(&ctx)?)),
    };
    let pid = child.pid;
    running.borrow_mut().insert(id, child);
    pid.into_js(&ctx)
}

/// The children a page started with `spawn`, by the page's document and the page's id of each:
/// events go back to the document that started them, and every child still running when its
/// document goes away (or its window closes) is killed with its group.
#[derive(Default)]
pub(crate) struct PageChildren {
    running: Mutex<HashMap<(String, u64), Running>>,
    live: Children,
}

impl PageChildren {
    /// Starts a child for the page's document `session`; its events go to `post(id, kind,
    /// data)` as JSON. Fails with Node's spawn error as JSON.
    pub(crate) fn spawn(
        &self,
        session: &str,
        id: u64,
        options: &serde_json::Value,
        post: impl Fn(u64, &'static str, serde_json::Value) + Send + Sync + 'static,
    ) -> Result<u32, serde_json::Value> {
        let spawn = SyncSpawn::from_json(options)
            .map_err(|message| serde_json::json!({ "message": message }))?
            .spawn;
        let sink: Sink = Arc::new(move |id, kind, event: Event| post(id, kind, event.to_json()));
        let child = start(&spawn, id, sink, &self.live, Box::new(|| {}))
            .map_err(|error| SpawnFailure::io(&spawn, &error, "spawn").to_json())?;
        let pid = child.pid;
        lock(&self.running).insert((session.to_string(), id), child);
        Ok(pid)
    }

    /// Feeds the child's input; false when there is no such child or its input is closed.
    pub(crate) fn write(&self, session: &str, id: u64, data: Vec<u8>) -> bool {
        let running = lock(&self.running);
        running
            .get(&(session.to_string(), id))
            .is_some_and(|child| child.write(data))
    }

    /// Closes the child's input.
    pub(crate) fn end(&self, session: &str, id: u64) {
        if let Some(child) = lock(&self.running).get_mut(&(session.to_string(), id)) {
            child.input = None;
        }
    }

    /// Signals the child's group; false when it has exited or is unknown.
    pub(crate) fn kill(&self, session: &str, id: u64, signal: &str) -> bool {
        let running = lock(&self.running);
        running
            .get(&(session.to_string(), id))
            .is_some_and(|child| child.kill(signal))
    }

    /// Drops a child that closed.
    pub(crate) fn forget(&self, session: &str, id: u64) {
        lock(&self.running).remove(&(session.to_string(), id));
    }

    /// Kills every child still running and forgets them all (the document went away).
    pub(crate) fn kill_all(&self) {
        self.live.kill_all();
        lock(&self.running).clear();
    }
}

/// The `child` object of the native bridge: `spawnSync(options)`, `spawn(options, id)`,
/// `write(id, bytes)`, `end(id)`, `kill(id, signal)`.
pub(crate) fn native<'js>(ctx: &Ctx<'js>, children: &Children) -> rquickjs::Result<Object<'js>> {
    let object = Object::new(ctx.clone())?;
    object.set("spawnSync", Function::new(ctx.clone(), spawn_sync)?)?;
    let running: RunningMap = RunningMap::default();
    let (map, live) = (running.clone(), children.clone());
    object.set(
        "spawn",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, options: Object<'js>, id: f64| {
                spawn_async(ctx, options, id as u64, &map, &live)
            },
        )?,
    )?;
    let map = running.clone();
    object.set(
        "write",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, id: f64, data: Value<'js>| -> rquickjs::Result<bool> {
                let bytes = with_bytes(&ctx, &data, <[u8]>::to_vec)?;
                Ok(map
                    .borrow()
                    .get(&(id as u64))
                    .is_some_and(|r| r.write(bytes)))
            },
        )?,
    )?;
    let map = running.clone();
    object.set(
        "end",
        Function::new(ctx.clone(), move |id: f64| {
            if let Some(r) = map.borrow_mut().get_mut(&(id as u64)) {
                r.input = None;
            }
        })?,
    )?;
    let map = running.clone();
    object.set(
        "kill",
        Function::new(ctx.clone(), move |id: f64, signal: String| -> bool {
            map.borrow()
                .get(&(id as u64))
                .is_some_and(|r| r.kill(&signal))
        })?,
    )?;
    let map = running;
    object.set(
        "forget",
        Function::new(ctx.clone(), move |id: f64| {
            map.borrow_mut().remove(&(id as u64));
        })?,
    )?;
    Ok(object)
}
