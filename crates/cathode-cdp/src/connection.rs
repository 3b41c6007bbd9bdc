//! One CDP connection over a pipe pair: a reader thread routes answers by id and events by session.
//!
//! The connection is runtime-agnostic: a dedicated thread reads the browser's pipe and hands
//! answers to waiting futures (tokio oneshot channels) and events to per-session queues (tokio
//! unbounded channels). None of it belongs to a tokio runtime: one connection can serve tasks of
//! several runtimes, one after another or at once (each `#[tokio::test]` has a runtime of its own).
//! A session's events go to its main queue ([`Session::events`]) and to every queue added with
//! [`Session::subscribe`], so several owners (apps sharing one browser) can each follow the
//! browser session. Another thread writes: callers queue each encoded command and return at
//! once, so a large message never blocks the caller's thread (a single-threaded runtime and every
//! window it serves) while the browser reads it. One queue, one writer: commands reach the
//! browser in the order they were sent. When the browser closes the pipe, every waiting call
//! fails with [`CdpError::ConnectionClosed`] and every event queue ends.
//!
//! The pipe speaks JSON (each message followed by a NUL byte) or Chromium's CBOR ([`Wire`]); the
//! callers' side is the same for both: serde types in, JSON values out (`cbor.rs` turns the
//! browser's CBOR into JSON text as it arrives).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc as std_mpsc, Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use tokio::sync::{mpsc, oneshot};

use crate::cbor;
use crate::error::CdpError;
use crate::protocol::{Command, EventType};
use crate::sync::lock;

/// How many command ids there are before they go round.
const MAX_ID: u64 = i32::MAX as u64;

/// A command's raw answer: the `result` object, or the error the browser gave.
type RawAnswer = Result<Box<RawValue>, CdpError>;

/// What to do with the answer to one command.
enum Pending {
    /// A future is waiting for it.
    Waiter(oneshot::Sender<RawAnswer>),
    /// Called on the reader thread; must be quick and must not block.
    Callback(Box<dyn FnOnce(RawAnswer) + Send>),
}

/// One event from the browser, still in its raw JSON form.
#[derive(Debug, Clone)]
pub struct Event {
    /// The event's method name, e.g. `Runtime.bindingCalled`.
    pub method: String,
    /// The event's parameters, undecoded.
    pub params: Box<RawValue>,
}

impl Event {
    /// Decodes this event as `E` when its method is `E::METHOD`; `None` for other events, and
    /// `Some(Err)` when the parameters do not have `E`'s shape.
    pub fn parse<E: EventType>(&self) -> Option<Result<E, serde_json::Error>> {
        (self.method == E::METHOD).then(|| serde_json::from_str(self.params.get()))
    }
}

/// A queue of events for one session (or for the browser itself).
pub type EventReceiver = mpsc::UnboundedReceiver<Event>;

/// Where each session's events go: its main queue, replaced by each [`Session::events`], and the
/// queues added with [`Session::subscribe`], each kept until its receiver is dropped.
#[derive(Default)]
struct Subscribers {
    main: HashMap<Option<String>, mpsc::UnboundedSender<Event>>,
    more: HashMap<Option<String>, Vec<mpsc::UnboundedSender<Event>>>,
}

impl Subscribers {
    fn clear(&mut self) {
        self.main.clear();
        self.more.clear();
    }

    fn remove(&mut self, session_id: &Option<String>) {
        self.main.remove(session_id);
        self.more.remove(session_id);
    }

    /// Hands `event` to every queue of its session; forgets the queues nobody reads any more.
    fn send(&mut self, session_id: &Option<String>, event: Event) {
        if let Some(more) = self.more.get_mut(session_id) {
            more.retain(|tx| tx.send(event.clone()).is_ok());
            if more.is_empty() {
                self.more.remove(session_id);
            }
        }
        if let Some(tx) = self.main.get(session_id) {
            // A closed queue means its owner is gone; the event has nobody to go to.
            let _ = tx.send(event);
        }
    }
}

/// How messages are written on the pipe. The default is CBOR, unless the environment variable
/// `CATHODE_WIRE` says `json` (a way back for a browser whose CBOR mode misbehaves, and for
/// measuring one against the other).
///
/// ```
/// # if std::env::var_os(cathode_cdp::WIRE_ENV).is_none() {
/// assert_eq!(cathode_cdp::Wire::default(), cathode_cdp::Wire::Cbor);
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// JSON text, each message followed by a NUL byte (`--remote-debugging-pipe`).
    Json,
    /// Chromium's CBOR envelopes (`--remote-debugging-pipe=cbor`): `binary` fields travel as
    /// raw bytes, and text needs no escaping.
    Cbor,
}

/// The environment variable that can choose the default [`Wire`]: `json` or `cbor`.
pub const WIRE_ENV: &str = "CATHODE_WIRE";

impl Default for Wire {
    fn default() -> Wire {
        match std::env::var(WIRE_ENV) {
            Ok(wire) if wire.eq_ignore_ascii_case("json") => Wire::Json,
            _ => Wire::Cbor,
        }
    }
}

impl Wire {
    /// The browser's flag that chooses this wire.
    pub fn flag(self) -> &'static str {
        match self {
            Wire::Json => "--remote-debugging-pipe",
            Wire::Cbor => "--remote-debugging-pipe=cbor",
        }
    }
}

struct Shared {
    wire: Wire,
    /// Encoded commands, each complete with its framing, for the writer thread.
    outgoing: std_mpsc::Sender<Vec<u8>>,
    next_id: AtomicU64,
    pending: Mutex<HashMap<u64, (&'static str, Pending)>>,
    subscribers: Mutex<Subscribers>,
    closed: AtomicBool,
}

/// A cheap, clonable handle to the connection with the browser.
#[derive(Clone)]
pub struct Connection {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("closed", &self.is_closed())
            .finish()
    }
}

#[derive(Deserialize)]
struct Incoming {
    id: Option<u64>,
    method: Option<String>,
    params: Option<Box<RawValue>>,
    result: Option<Box<RawValue>>,
    error: Option<ProtocolError>,
    #[serde(rename = "sessionId")]
    session_id: Option<String>,
}

#[derive(Deserialize)]
struct ProtocolError {
    code: i64,
    message: String,
}

#[derive(Serialize)]
struct Outgoing<'a, P> {
    id: u64,
    method: &'a str,
    #[serde(rename = "sessionId", skip_serializing_if = "Option::is_none")]
    session_id: Option<&'a str>,
    params: &'a P,
}

impl Connection {
    /// Wraps a pipe pair: `to_browser` is written with commands, `from_browser` is read by a new
    /// thread. Messages are JSON, each followed by a NUL byte.
    pub fn new(to_browser: File, from_browser: File) -> Connection {
        Connection::with_wire(to_browser, from_browser, Wire::Json)
    }

    /// As [`Connection::new`], with messages written as `wire` says.
    pub fn with_wire(to_browser: File, from_browser: File, wire: Wire) -> Connection {
        let (outgoing, queued) = std_mpsc::channel();
        std::thread::Builder::new()
            .name("cathode-cdp-writer".into())
            .spawn(move || write_loop(to_browser, queued))
            .expect("the OS must allow one more thread for the browser pipe writer");
        let shared = Arc::new(Shared {
            wire,
            outgoing,
            next_id: AtomicU64::new(0),
            pending: Mutex::new(HashMap::new()),
            subscribers: Mutex::new(Subscribers::default()),
            closed: AtomicBool::new(false),
        });
        let reader_shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("cathode-cdp-reader".into())
            .spawn(move || read_loop(reader_shared, from_browser))
            .expect("the OS must allow one more thread for the browser pipe reader");
        Connection { shared }
    }

    /// The browser-level session: commands without a session id.
    pub fn browser_session(&self) -> Session {
        Session {
            connection: self.clone(),
            id: None,
        }
    }

    /// A handle to an attached (flattened) session.
    pub fn session(&self, session_id: &str) -> Session {
        Session {
            connection: self.clone(),
            id: Some(Arc::from(session_id)),
        }
    }

    /// Attaches to a target with a flattened session (its messages share this pipe).
    ///
    /// Fails as [`Session::call`] does; with [`CdpError::Protocol`] when there is no such target.
    ///
    /// ```no_run
    /// # async fn demo(connection: cathode_cdp::Connection) -> Result<(), cathode_cdp::CdpError> {
    /// use cathode_cdp::protocol::target::CreateTarget;
    /// let root = connection.browser_session();
    /// let created = root.call(&CreateTarget { url: "about:blank".into(), ..Default::default() }).await?;
    /// let page = connection.attach(&created.target_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn attach(&self, target_id: &str) -> Result<Session, CdpError> {
        let attached = self
            .browser_session()
            .call(&crate::protocol::target::AttachToTarget {
                target_id: target_id.to_string(),
                flatten: true,
            })
            .await?;
        Ok(self.session(&attached.session_id))
    }

    /// True once the browser has closed the pipe.
    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::Acquire)
    }

    fn send_raw<P: Serialize>(
        &self,
        session_id: Option<&str>,
        method: &'static str,
        params: &P,
        pending: Pending,
    ) -> Result<(), CdpError> {
        if self.is_closed() {
            return Err(CdpError::ConnectionClosed);
        }
        // The protocol's ids are 32-bit integers (the CBOR pipe has no others): they go round
        // within 1..=i32::MAX, far past any command still waiting for its answer.
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed) % MAX_ID + 1;
        let encoded = match self.shared.wire {
            Wire::Json => serde_json::to_vec(&Outgoing {
                id,
                method,
                session_id,
                params,
            })
            .map(|mut bytes| {
                bytes.push(0);
                bytes
            }),
            Wire::Cbor => cbor::encode_command(id, method, session_id, params)
                .map_err(<serde_json::Error as serde::ser::Error>::custom),
        };
        let bytes = encoded.map_err(|source| CdpError::Encode {
            method: method.to_string(),
            source,
        })?;
        {
            // `closed` is set under this lock when the pipe ends: checked here, no answer can be
            // left waiting in a map nobody drains any more.
            let mut waiting = lock(&self.shared.pending);
            if self.is_closed() {
                return Err(CdpError::ConnectionClosed);
            }
            waiting.insert(id, (method, pending));
        }
        if self.shared.outgoing.send(bytes).is_err() {
            // The writer stopped: the pipe is broken, and the reader will see it end too.
            lock(&self.shared.pending).remove(&id);
            tracing::debug!(method, "the browser pipe's writer has stopped");
            return Err(CdpError::ConnectionClosed);
        }
        Ok(())
    }

    fn subscribe(&self, session_id: Option<String>, replace: bool) -> EventReceiver {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut subscribers = lock(&self.shared.subscribers);
        // Once closed, the sender is dropped here and the queue ends at once.
        if !self.is_closed() {
            if replace {
                subscribers.main.insert(session_id, tx);
            } else {
                subscribers.more.entry(session_id).or_default().push(tx);
            }
        }
        rx
    }
}

/// A CDP session: the browser itself, or one attached target (page).
#[derive(Clone)]
pub struct Session {
    connection: Connection,
    id: Option<Arc<str>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("id", &self.id).finish()
    }
}

impl Session {
    /// The session id; `None` for the browser session.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The connection this session belongs to.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// Sends a command and waits for its typed answer.
    ///
    /// Fails with [`CdpError::Protocol`] when the browser answers with an error, with
    /// [`CdpError::Decode`] when the answer does not have the shape of `C::Response`, with
    /// [`CdpError::Encode`] when the command cannot be encoded as JSON, and with
    /// [`CdpError::ConnectionClosed`] when the browser has closed the pipe or closes it before
    /// answering.
    ///
    /// ```no_run
    /// # async fn demo(page: cathode_cdp::Session) -> Result<(), cathode_cdp::CdpError> {
    /// use cathode_cdp::protocol::runtime;
    /// let answer = page.call(&runtime::Evaluate::new("1 + 1")).await?;
    /// assert_eq!(answer.result.value, Some(serde_json::json!(2)));
    /// # Ok(()) }
    /// ```
    pub async fn call<C: Command>(&self, command: &C) -> Result<C::Response, CdpError> {
        let (tx, rx) = oneshot::channel();
        self.connection
            .send_raw(self.id(), C::METHOD, command, Pending::Waiter(tx))?;
        let raw = rx.await.map_err(|_| CdpError::ConnectionClosed)??;
        decode::<C::Response>(C::METHOD, &raw)
    }

    /// Sends a command without waiting. `on_answer` runs on the connection's reader thread when
    /// the answer arrives (or with [`CdpError::ConnectionClosed`]); it must be quick.
    ///
    /// Fails only when the command cannot be sent: with [`CdpError::ConnectionClosed`] once the
    /// browser has closed the pipe, with [`CdpError::Encode`] when the command cannot be encoded
    /// as JSON. Errors in the answer go to `on_answer`.
    pub fn call_detached<C: Command>(
        &self,
        command: &C,
        on_answer: impl FnOnce(Result<C::Response, CdpError>) + Send + 'static,
    ) -> Result<(), CdpError> {
        let callback = Box::new(move |raw: RawAnswer| {
            on_answer(raw.and_then(|raw| decode::<C::Response>(C::METHOD, &raw)))
        });
        self.connection
            .send_raw(self.id(), C::METHOD, command, Pending::Callback(callback))
    }

    /// Starts receiving this session's events. A later call replaces the earlier queue. The
    /// queue ends when the browser closes the pipe or the session is forgotten.
    pub fn events(&self) -> EventReceiver {
        self.connection
            .subscribe(self.id.as_deref().map(str::to_string), true)
    }

    /// Adds one more queue of this session's events, beside the one [`Session::events`] gives
    /// and every other queue added this way: each gets every event. Several owners can so follow
    /// the browser session (each app on a shared browser follows its own targets). The queue ends
    /// when the browser closes the pipe or the session is forgotten; dropping the receiver
    /// unsubscribes it (noticed at the session's next event).
    ///
    /// ```no_run
    /// # async fn demo(connection: cathode_cdp::Connection) {
    /// use cathode_cdp::protocol::target::TargetDestroyed;
    /// let mut first = connection.browser_session().subscribe();
    /// let mut second = connection.browser_session().subscribe();
    /// while let Some(event) = first.recv().await {
    ///     if let Some(Ok(gone)) = event.parse::<TargetDestroyed>() {
    ///         println!("{} is gone", gone.target_id); // `second` gets it too
    ///     }
    /// }
    /// # }
    /// ```
    pub fn subscribe(&self) -> EventReceiver {
        self.connection
            .subscribe(self.id.as_deref().map(str::to_string), false)
    }

    /// Stops routing this session's events (after it was detached or its target closed), to
    /// every queue of it.
    pub fn forget(&self) {
        lock(&self.connection.shared.subscribers).remove(&self.id.as_deref().map(str::to_string));
    }
}

fn decode<T: DeserializeOwned>(method: &str, raw: &RawValue) -> Result<T, CdpError> {
    serde_json::from_str(raw.get()).map_err(|source| CdpError::Decode {
        method: method.to_string(),
        source,
    })
}

/// Writes queued commands to the browser, in order, until the pipe breaks or every sender is
/// gone.
fn write_loop(mut to_browser: File, queued: std_mpsc::Receiver<Vec<u8>>) {
    for bytes in queued {
        if let Err(error) = to_browser.write_all(&bytes) {
            tracing::debug!(%error, "writing to the browser pipe failed");
            return;
        }
    }
}

/// The read buffer kept between messages; a larger one, grown for a large message, is let go.
const KEPT_READ_BUFFER: usize = 1 << 16;

fn read_loop(shared: Arc<Shared>, from_browser: File) {
    let mut reader = BufReader::with_capacity(1 << 16, from_browser);
    let mut buffer = Vec::with_capacity(KEPT_READ_BUFFER);
    loop {
        buffer.clear();
        let read = match shared.wire {
            Wire::Json => read_json(&mut reader, &mut buffer),
            Wire::Cbor => read_cbor(&mut reader, &mut buffer),
        };
        match read {
            Ok(true) if buffer.is_empty() => continue,
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                tracing::debug!(%error, "reading the browser pipe failed");
                break;
            }
        }
        match serde_json::from_slice::<Incoming>(&buffer) {
            Ok(message) => route(&shared, message),
            Err(error) => tracing::warn!(%error, "the browser sent a message that is not JSON"),
        }
        if buffer.capacity() > KEPT_READ_BUFFER {
            // One large message must not pin its size in memory for the life of the app.
            buffer = Vec::with_capacity(KEPT_READ_BUFFER);
        }
    }
    let pending: Vec<_> = {
        let mut pending = lock(&shared.pending);
        let mut subscribers = lock(&shared.subscribers);
        shared.closed.store(true, Ordering::Release);
        subscribers.clear();
        pending.drain().collect()
    };
    for (_, (_, waiting)) in pending {
        answer(waiting, Err(CdpError::ConnectionClosed));
    }
    tracing::debug!("browser pipe closed");
}

/// Reads one NUL-terminated JSON message into `buffer`, without its NUL; false at the pipe's end.
fn read_json(reader: &mut impl BufRead, buffer: &mut Vec<u8>) -> std::io::Result<bool> {
    if reader.read_until(0, buffer)? == 0 {
        return Ok(false);
    }
    if buffer.last() == Some(&0) {
        buffer.pop();
    }
    Ok(true)
}

/// Reads one CBOR message and puts its JSON form in `buffer`; false at the pipe's end. A message
/// that is not the dialect is logged and left empty (the JSON reading then reports it); a
/// framing that cannot be followed ends the connection.
fn read_cbor(reader: &mut impl Read, buffer: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut header = [0; cbor::ENVELOPE_HEADER];
    match reader.read_exact(&mut header) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(false),
        Err(error) => return Err(error),
    }
    let length = cbor::envelope_length(&header).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the browser's message does not start with a CBOR envelope: {header:02x?}"),
        )
    })?;
    let mut message = Vec::with_capacity(cbor::ENVELOPE_HEADER + length);
    message.extend_from_slice(&header);
    reader.take(length as u64).read_to_end(&mut message)?;
    if message.len() != cbor::ENVELOPE_HEADER + length {
        return Ok(false);
    }
    match cbor::to_json(&message) {
        Ok(json) => *buffer = json,
        Err(error) => {
            tracing::warn!(%error, "the browser sent a CBOR message that could not be read")
        }
    }
    Ok(true)
}

fn route(shared: &Shared, message: Incoming) {
    if let Some(id) = message.id {
        let Some((method, waiting)) = lock(&shared.pending).remove(&id) else {
            tracing::debug!(id, "answer to a command nobody waits for");
            return;
        };
        let result = match (message.error, message.result) {
            (Some(error), _) => Err(CdpError::Protocol {
                method: method.to_string(),
                code: error.code,
                message: error.message,
            }),
            (None, Some(result)) => Ok(result),
            (None, None) => Ok(empty_object()),
        };
        answer(waiting, result);
    } else if let Some(method) = message.method {
        let params = message.params.unwrap_or_else(empty_object);
        lock(&shared.subscribers).send(&message.session_id, Event { method, params });
    }
}

fn answer(waiting: Pending, result: RawAnswer) {
    match waiting {
        Pending::Waiter(tx) => {
            // The caller may have stopped waiting (its future was dropped); nothing to do then.
            let _ = tx.send(result);
        }
        Pending::Callback(callback) => callback(result),
    }
}

fn empty_object() -> Box<RawValue> {
    RawValue::from_string("{}".to_string()).expect("`{}` is valid JSON")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::fd::FromRawFd;
    use std::time::Duration;

    /// A pipe: (the end to write, the end to read).
    fn pipe_pair() -> (File, File) {
        let mut fds = [0; 2];
        // SAFETY: fds has room for the two descriptors pipe writes.
        let result = unsafe { libc::pipe(fds.as_mut_ptr()) };
        assert_eq!(result, 0, "a pipe");
        // SAFETY: both descriptors were just made and are owned by nothing else.
        unsafe { (File::from_raw_fd(fds[1]), File::from_raw_fd(fds[0])) }
    }

    #[test]
    fn every_subscriber_of_a_session_gets_its_events_until_it_lets_go() {
        let (to_browser, _browser_reads) = pipe_pair();
        let (mut browser_writes, from_browser) = pipe_pair();
        let connection = Connection::new(to_browser, from_browser);
        let root = connection.browser_session();
        let mut main = root.events();
        let mut first = root.subscribe();
        let second = root.subscribe();
        let mut page = connection.session("PAGE").subscribe();
        let mut send = |session: &str, method: &str| {
            let session = match session {
                "" => String::new(),
                id => format!(r#","sessionId":"{id}""#),
            };
            let message = format!(r#"{{"method":"{method}","params":{{}}{session}}}"#);
            browser_writes.write_all(message.as_bytes()).unwrap();
            browser_writes.write_all(&[0]).unwrap();
        };
        send("", "Target.one");
        assert_eq!(main.blocking_recv().unwrap().method, "Target.one");
        assert_eq!(first.blocking_recv().unwrap().method, "Target.one");
        // A dropped queue is let go; the others go on, and a page's events stay its own.
        drop(second);
        send("PAGE", "Page.two");
        send("", "Target.three");
        assert_eq!(page.blocking_recv().unwrap().method, "Page.two");
        assert_eq!(main.blocking_recv().unwrap().method, "Target.three");
        assert_eq!(first.blocking_recv().unwrap().method, "Target.three");
        assert_eq!(
            lock(&connection.shared.subscribers).more[&None].len(),
            1,
            "the dropped queue was let go"
        );
        // The pipe's end ends every queue.
        drop(browser_writes);
        assert!(main.blocking_recv().is_none());
        assert!(first.blocking_recv().is_none());
        assert!(page.blocking_recv().is_none());
    }

    #[test]
    fn one_connection_serves_runtimes_that_come_and_go() {
        // A "browser" that answers every command, a moment later.
        let (to_browser, browser_reads) = pipe_pair();
        let (mut browser_writes, from_browser) = pipe_pair();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(browser_reads);
            let mut command = Vec::new();
            while reader.read_until(0, &mut command).is_ok_and(|n| n > 0) {
                let parsed: serde_json::Value =
                    serde_json::from_slice(&command[..command.len() - 1]).unwrap();
                std::thread::sleep(Duration::from_millis(10));
                let mut answer = format!(r#"{{"id":{},"result":{{}}}}"#, parsed["id"]);
                answer.push('\0');
                if browser_writes.write_all(answer.as_bytes()).is_err() {
                    return;
                }
                command.clear();
            }
        });
        let connection = Connection::new(to_browser, from_browser);
        let call = |connection: Connection| async move {
            connection
                .browser_session()
                .call(&crate::protocol::target::SetDiscoverTargets { discover: true })
                .await
        };
        let runtime = || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
        };
        // A runtime dropped while its call waits for the answer (a test that ended)...
        let first = runtime();
        first.block_on(async {
            tokio::spawn(call(connection.clone()));
            tokio::task::yield_now().await;
        });
        drop(first);
        // ...leaves nothing behind that later runtimes trip over, calling at once.
        let other = connection.clone();
        let from_another_thread = std::thread::spawn(move || runtime().block_on(call(other)));
        runtime()
            .block_on(call(connection.clone()))
            .expect("a call from a new runtime is answered");
        from_another_thread
            .join()
            .unwrap()
            .expect("a call from another runtime at the same time is answered");
    }

    #[test]
    fn a_large_command_does_not_block_its_caller_while_the_browser_reads() {
        // A "browser" that reads nothing yet: a blocking write of 16 MiB into the pipe (64 KiB of
        // buffer) would not return until it read.
        let (to_browser, browser_reads) = pipe_pair();
        let (browser_writes, from_browser) = pipe_pair();
        let connection = Connection::new(to_browser, from_browser);
        let (sent_tx, sent_rx) = std_mpsc::channel();
        let caller = connection.clone();
        std::thread::spawn(move || {
            let big = crate::protocol::runtime::Evaluate::new("x".repeat(16 << 20));
            let sent = caller.browser_session().call_detached(&big, |_| {});
            let small = caller
                .browser_session()
                .call_detached(&crate::protocol::runtime::Evaluate::new("1"), |_| {});
            let _ = sent_tx.send((sent.is_ok(), small.is_ok()));
        });
        // A safety net for a loaded machine, not a measure of speed: the old blocking write
        // never returned here at all.
        let sent = sent_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the caller returns while the browser has not read anything");
        assert_eq!(sent, (true, true));
        // The browser then reads both commands, whole and in order.
        let mut reader = BufReader::new(browser_reads);
        let mut first = Vec::new();
        reader.read_until(0, &mut first).unwrap();
        assert!(first.len() > 16 << 20);
        let mut second = Vec::new();
        reader.read_until(0, &mut second).unwrap();
        let second: serde_json::Value =
            serde_json::from_slice(&second[..second.len() - 1]).unwrap();
        assert_eq!(second["params"]["expression"], "1");
        drop(browser_writes);
    }
}
