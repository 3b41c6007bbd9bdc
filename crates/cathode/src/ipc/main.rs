//! `IpcMain`: the main process's side of IPC, with handlers typed through serde.
//!
//! A page's `ipcRenderer.send(channel, ...args)` and `sendSync(channel, ...args)` reach every
//! listener registered with [`IpcMain::on`] for that channel; a sync message waits for a listener
//! to call [`IpcEvent::set_return_value`] (or for [`IpcMain::on_sync`]'s result). A page's
//! `ipcRenderer.invoke(channel, ...args)` reaches the one async handler registered with
//! [`IpcMain::handle`]. A handler's argument type says what it accepts: the page's single argument
//! as `String`, a struct, ..., or the whole argument list as a tuple.

use std::collections::HashMap;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::oneshot;

use super::invoke_error::invoke_error;
use crate::envelope::{IpcArgs, Outcome, PageError};
use crate::error::{Error, Result};
use crate::frames::SenderFrame;
use crate::listeners::{lock, ListenerId};
use crate::panics::{panic_message, CatchUnwind};
use crate::web_contents::WebContents;

/// Where the answer to one sync message goes. The first answer wins; when the last event that
/// could answer is dropped unanswered, the waiting page learns it at once.
#[derive(Debug)]
pub(crate) struct SyncReply {
    answer: Mutex<Option<oneshot::Sender<Outcome>>>,
}

impl SyncReply {
    fn answer(&self, outcome: Outcome) -> bool {
        match lock(&self.answer).take() {
            // The page may have stopped waiting (timeout); then there is nobody to tell.
            Some(tx) => tx.send(outcome).is_ok(),
            None => false,
        }
    }
}

/// What a handler receives besides its arguments: who sent the message, and how to answer.
#[derive(Clone, Debug)]
pub struct IpcEvent {
    sender: WebContents,
    sender_frame: Arc<SenderFrame>,
    channel: Arc<str>,
    sync_reply: Option<Arc<SyncReply>>,
    ports: Vec<super::MessagePortMain>,
}

impl IpcEvent {
    pub(crate) fn new(sender: WebContents, channel: &str, sender_frame: SenderFrame) -> IpcEvent {
        IpcEvent {
            sender,
            sender_frame: Arc::new(sender_frame),
            channel: Arc::from(channel),
            sync_reply: None,
            ports: Vec::new(),
        }
    }

    /// The event of a page's `ipcRenderer.postMessage`, with the ports that came with it.
    pub(crate) fn with_ports(mut self, ports: Vec<super::MessagePortMain>) -> IpcEvent {
        self.ports = ports;
        self
    }

    /// The ports a page sent with `ipcRenderer.postMessage(channel, message, ports)` (Electron's
    /// `event.ports`), as main's ends of those channels; empty for other messages.
    ///
    /// ```no_run
    /// # fn demo(ipc: &cathode::IpcMain) {
    /// ipc.on("port", |event, _message: cathode::Value| {
    ///     for port in event.ports() {
    ///         port.on_message(|message| println!("{:?}", message.data()));
    ///         port.start();
    ///     }
    /// });
    /// # }
    /// ```
    pub fn ports(&self) -> &[super::MessagePortMain] {
        &self.ports
    }

    /// The frame that sent the message, as the browser reports it (Electron's
    /// `event.senderFrame`): its URL, origin and id. It is the page's main frame unless the
    /// window enabled [`crate::WebPreferences::node_integration_in_subframes`].
    ///
    /// ```no_run
    /// # fn demo(ipc: &cathode::IpcMain) {
    /// ipc.on("hello", |event, ()| println!("from {}", event.sender_frame().origin));
    /// # }
    /// ```
    pub fn sender_frame(&self) -> &SenderFrame {
        &self.sender_frame
    }

    /// True when the page waits in `sendSync` for [`IpcEvent::set_return_value`].
    pub fn is_sync(&self) -> bool {
        self.sync_reply.is_some()
    }

    /// Answers a `sendSync` (Electron's `event.returnValue = value`): the page's call returns
    /// `value`. It may be called later, from another task; the first value set wins. For a message
    /// sent with `send` there is nobody waiting and this does nothing.
    ///
    /// Fails with [`Error::Encode`] when the page waits and `value` cannot be encoded as JSON.
    ///
    /// ```no_run
    /// # fn demo(ipc: &cathode::IpcMain) {
    /// ipc.on("config", |event, key: String| event.set_return_value(key.len()));
    /// # }
    /// ```
    pub fn set_return_value(&self, value: impl Serialize) -> Result<()> {
        let Some(reply) = &self.sync_reply else {
            tracing::debug!(
                channel = self.channel(),
                "return value set for a message that is not sync"
            );
            return Ok(());
        };
        let value = serde_json::to_value(value).map_err(|source| Error::Encode {
            channel: self.channel().to_string(),
            source,
        })?;
        reply.answer(Outcome::Ok(value));
        Ok(())
    }

    /// Answers a `sendSync` with an Error thrown in the page (for embedders whose listeners fail
    /// asynchronously). Does nothing for a message that is not sync, or was answered already.
    pub fn throw_in_page(&self, message: impl Into<String>) {
        self.fail_sync(message.into());
    }

    fn fail_sync(&self, message: String) {
        if let Some(reply) = &self.sync_reply {
            reply.answer(Outcome::Error(PageError::new(message)));
        }
    }

    /// The page that sent the message.
    pub fn sender(&self) -> &WebContents {
        &self.sender
    }

    /// The id of the window whose page sent the message.
    pub fn window_id(&self) -> u32 {
        self.sender.id()
    }

    /// The channel the message came on.
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// Sends a message back to the page that sent this one (Electron's `event.reply`). Fails as
    /// [`WebContents::send`] does.
    ///
    /// ```no_run
    /// # fn demo(ipc: &cathode::IpcMain) {
    /// ipc.on("ping", |event, text: String| event.reply("pong", text));
    /// # }
    /// ```
    pub fn reply(&self, channel: &str, args: impl IpcArgs) -> Result<()> {
        self.sender.send(channel, args)
    }
}

/// What a handler may return: `()`, or a `Result` whose error is logged with channel and window.
pub trait HandlerOutcome {
    /// `Err` with a message when the handler failed.
    fn into_outcome(self) -> std::result::Result<(), String>;
}

impl HandlerOutcome for () {
    fn into_outcome(self) -> std::result::Result<(), String> {
        Ok(())
    }
}

impl<E: std::fmt::Display> HandlerOutcome for std::result::Result<(), E> {
    fn into_outcome(self) -> std::result::Result<(), String> {
        self.map_err(|error| error.to_string())
    }
}

/// A future as stored by the invoke handler registry.
type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

type InvokeHandler = Arc<dyn Fn(IpcEvent, &[Value]) -> BoxFuture<Outcome> + Send + Sync>;

struct InvokeEntry {
    once: bool,
    handler: InvokeHandler,
}

/// Decodes a page's argument list into a handler's argument type.
///
/// With exactly one argument, that argument is tried first as `T` (so a handler can take a
/// `String` or a struct); with none, `null` is (so it can take `()` or an `Option`). Otherwise, or
/// if that fails, the whole list is decoded as `T` (a tuple or a `Vec`). Values plain JSON cannot
/// carry (`undefined`, `Date`, `Map`, typed arrays, ...) arrive in their natural serde shape, or
/// as they are in a [`crate::Value`] (see [`crate::value`]).
///
/// Fails with [`Error::ArgumentType`] when neither fits `T`.
pub fn decode_args<T: DeserializeOwned>(channel: &str, args: &[Value]) -> Result<T> {
    crate::value::read_args(args).map_err(|error| {
        let list = Value::Array(args.to_vec());
        Error::ArgumentType {
            channel: channel.to_string(),
            expected: std::any::type_name::<T>(),
            received: shorten(&list.to_string(), 200),
            reason: error.to_string(),
        }
    })
}

fn shorten(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &text[..end], text.len())
}

type Handler = Arc<dyn Fn(IpcEvent, &[Value]) -> std::result::Result<(), String> + Send + Sync>;

struct Registered {
    id: ListenerId,
    once: bool,
    handler: Handler,
}

/// The main process's IPC endpoint (Electron's `ipcMain`). Get it from [`crate::App::ipc_main`];
/// it is a cheap handle and can be cloned.
///
/// ```no_run
/// # fn demo(app: &cathode::App) {
/// app.ipc_main().on("greet", |event, (name, times): (String, u32)| {
///     event.reply("greeting", (format!("hello {name}"), times))
/// });
/// # }
/// ```
#[derive(Clone, Default)]
pub struct IpcMain {
    channels: Arc<Mutex<HashMap<String, Vec<Registered>>>>,
    invoke_handlers: Arc<Mutex<HashMap<String, InvokeEntry>>>,
}

impl std::fmt::Debug for IpcMain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let channels: Vec<String> = lock(&self.channels).keys().cloned().collect();
        f.debug_struct("IpcMain")
            .field("channels", &channels)
            .finish()
    }
}

impl IpcMain {
    /// Calls `handler` for every message on `channel`.
    pub fn on<T, R, F>(&self, channel: &str, handler: F) -> ListenerId
    where
        T: DeserializeOwned,
        R: HandlerOutcome,
        F: Fn(IpcEvent, T) -> R + Send + Sync + 'static,
    {
        self.register(channel, false, handler)
    }

    /// Calls `handler` for the next message on `channel` only.
    pub fn once<T, R, F>(&self, channel: &str, handler: F) -> ListenerId
    where
        T: DeserializeOwned,
        R: HandlerOutcome,
        F: Fn(IpcEvent, T) -> R + Send + Sync + 'static,
    {
        self.register(channel, true, handler)
    }

    /// Answers `sendSync` on `channel` with the handler's result: `Ok` becomes the page's return
    /// value, `Err` an Error thrown in the page with its message. (A listener added with
    /// [`IpcMain::on`] can do the same with [`IpcEvent::set_return_value`].)
    ///
    /// ```no_run
    /// # fn demo(ipc: &cathode::IpcMain) {
    /// ipc.on_sync("add", |_event, (a, b): (i64, i64)| {
    ///     a.checked_add(b).ok_or("overflow")
    /// });
    /// # }
    /// ```
    pub fn on_sync<T, R, E, F>(&self, channel: &str, handler: F) -> ListenerId
    where
        T: DeserializeOwned,
        R: Serialize,
        E: std::fmt::Display,
        F: Fn(IpcEvent, T) -> std::result::Result<R, E> + Send + Sync + 'static,
    {
        self.on(channel, move |event: IpcEvent, args: T| {
            let value = handler(event.clone(), args).map_err(|error| error.to_string())?;
            event
                .set_return_value(value)
                .map_err(|error| error.to_string())
        })
    }

    /// Handles `ipcRenderer.invoke(channel, ...args)`: the page's promise resolves with the `Ok`
    /// value, or rejects with `Error invoking remote method '<channel>': <error>`. An
    /// [`crate::InvokeError`] also gives the page's Error a `name` and `data`.
    ///
    /// One handler per channel: fails with [`Error::HandlerExists`] when `channel` has one.
    ///
    /// ```no_run
    /// # fn demo(ipc: &cathode::IpcMain) -> cathode::Result<()> {
    /// ipc.handle("read-setting", |_event, name: String| async move {
    ///     if name.is_empty() {
    ///         return Err("no name given");
    ///     }
    ///     Ok(format!("value of {name}"))
    /// })?;
    /// # Ok(()) }
    /// ```
    pub fn handle<T, R, E, F, Fut>(&self, channel: &str, handler: F) -> Result<()>
    where
        T: DeserializeOwned,
        R: Serialize,
        E: std::fmt::Display + 'static,
        F: Fn(IpcEvent, T) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<R, E>> + Send + 'static,
    {
        self.register_invoke(channel, false, handler)
    }

    /// As [`IpcMain::handle`], for the next invoke only; the handler is then removed. Fails with
    /// [`Error::HandlerExists`] when `channel` has a handler.
    pub fn handle_once<T, R, E, F, Fut>(&self, channel: &str, handler: F) -> Result<()>
    where
        T: DeserializeOwned,
        R: Serialize,
        E: std::fmt::Display + 'static,
        F: Fn(IpcEvent, T) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<R, E>> + Send + 'static,
    {
        self.register_invoke(channel, true, handler)
    }

    /// Removes the invoke handler of `channel`; true if there was one.
    pub fn remove_handler(&self, channel: &str) -> bool {
        lock(&self.invoke_handlers).remove(channel).is_some()
    }

    fn register_invoke<T, R, E, F, Fut>(&self, channel: &str, once: bool, handler: F) -> Result<()>
    where
        T: DeserializeOwned,
        R: Serialize,
        E: std::fmt::Display + 'static,
        F: Fn(IpcEvent, T) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<R, E>> + Send + 'static,
    {
        let handler = move |event: IpcEvent, args: &[Value]| {
            let channel = event.channel().to_string();
            let args = match decode_args::<T>(&channel, args) {
                Ok(args) => args,
                Err(error) => {
                    let outcome = invoke_error(&channel, error);
                    return Box::pin(std::future::ready(outcome)) as BoxFuture<Outcome>;
                }
            };
            let sender = event.sender().clone();
            let running = handler(event, args);
            Box::pin(async move {
                match running.await {
                    Ok(value) => {
                        let convert = || serde_json::to_value(value);
                        match crate::bytes::convert_holding(&sender.shared().extensions, convert) {
                            Ok(value) => Outcome::Ok(value),
                            Err(error) => invoke_error(&channel, error),
                        }
                    }
                    Err(error) => super::invoke_error::rejection(&channel, error),
                }
            })
        };
        self.register_invoke_raw(channel, once, Arc::new(handler))
    }

    /// As [`IpcMain::handle`], with the page's arguments exactly as they came and a JSON result,
    /// for embedders that pass them on (the CLI hands them to JavaScript). Fails with
    /// [`Error::HandlerExists`] when `channel` has a handler.
    pub fn handle_raw<Fut>(
        &self,
        channel: &str,
        handler: impl Fn(IpcEvent, &[Value]) -> Fut + Send + Sync + 'static,
    ) -> Result<()>
    where
        Fut: Future<Output = std::result::Result<Value, String>> + Send + 'static,
    {
        let handler = move |event: IpcEvent, args: &[Value]| {
            let channel = event.channel().to_string();
            let running = handler(event, args);
            Box::pin(async move {
                match running.await {
                    Ok(value) => Outcome::Ok(value),
                    Err(message) => invoke_error(&channel, message),
                }
            }) as BoxFuture<Outcome>
        };
        self.register_invoke_raw(channel, false, Arc::new(handler))
    }

    fn register_invoke_raw(&self, channel: &str, once: bool, handler: InvokeHandler) -> Result<()> {
        let mut handlers = lock(&self.invoke_handlers);
        if handlers.contains_key(channel) {
            return Err(Error::HandlerExists {
                channel: channel.to_string(),
            });
        }
        handlers.insert(channel.to_string(), InvokeEntry { once, handler });
        Ok(())
    }

    /// Starts the invoke handler of `channel` and returns the future of its outcome (a rejection
    /// when there is no handler, or the handler panicked).
    pub(crate) fn invoke(&self, event: IpcEvent, args: &[Value]) -> BoxFuture<Outcome> {
        let channel = event.channel().to_string();
        let handler = {
            let mut handlers = lock(&self.invoke_handlers);
            match handlers.get(&channel) {
                Some(entry) if entry.once => handlers.remove(&channel).map(|e| e.handler),
                Some(entry) => Some(Arc::clone(&entry.handler)),
                None => None,
            }
        };
        let Some(handler) = handler else {
            let outcome = invoke_error(&channel, format!("No handler registered for '{channel}'"));
            return Box::pin(std::future::ready(outcome));
        };
        let window_id = event.window_id();
        // A panic while making the future or while polling it rejects the invoke like an error.
        let running = catch_unwind(AssertUnwindSafe(|| handler(event, args)));
        Box::pin(async move {
            let outcome = match running {
                Ok(running) => CatchUnwind(running).await,
                Err(panic) => Err(panic),
            };
            outcome.unwrap_or_else(|panic| {
                let message = format!("the handler panicked: {}", panic_message(&panic));
                tracing::error!(window_id, channel = channel.as_str(), error = %message, "invoke handler failed");
                invoke_error(&channel, message)
            })
        })
    }

    /// Removes one handler; true if it was registered on `channel`.
    pub fn remove_listener(&self, channel: &str, id: ListenerId) -> bool {
        let mut channels = lock(&self.channels);
        let Some(list) = channels.get_mut(channel) else {
            return false;
        };
        let before = list.len();
        list.retain(|registered| registered.id != id);
        let removed = list.len() != before;
        if list.is_empty() {
            channels.remove(channel);
        }
        removed
    }

    /// Removes every handler of `channel`, or of every channel when `None`.
    pub fn remove_all_listeners(&self, channel: Option<&str>) {
        let mut channels = lock(&self.channels);
        match channel {
            Some(channel) => {
                channels.remove(channel);
            }
            None => channels.clear(),
        }
    }

    /// How many handlers listen on `channel`.
    pub fn listener_count(&self, channel: &str) -> usize {
        lock(&self.channels).get(channel).map_or(0, Vec::len)
    }

    fn register<T, R, F>(&self, channel: &str, once: bool, handler: F) -> ListenerId
    where
        T: DeserializeOwned,
        R: HandlerOutcome,
        F: Fn(IpcEvent, T) -> R + Send + Sync + 'static,
    {
        self.register_raw(
            channel,
            once,
            Arc::new(move |event: IpcEvent, args: &[Value]| {
                let args =
                    decode_args::<T>(event.channel(), args).map_err(|error| error.to_string())?;
                handler(event, args).into_outcome()
            }),
        )
    }

    /// Calls `handler` with the page's arguments exactly as they came, for embedders that pass
    /// them on (the CLI hands them to JavaScript). Typed handlers are usually what you want:
    /// [`IpcMain::on`].
    pub fn on_raw(
        &self,
        channel: &str,
        handler: impl Fn(IpcEvent, &[Value]) + Send + Sync + 'static,
    ) -> ListenerId {
        self.register_raw(
            channel,
            false,
            Arc::new(move |event: IpcEvent, args: &[Value]| {
                handler(event, args);
                Ok(())
            }),
        )
    }

    fn register_raw(&self, channel: &str, once: bool, handler: Handler) -> ListenerId {
        let id = ListenerId::next();
        lock(&self.channels)
            .entry(channel.to_string())
            .or_default()
            .push(Registered { id, once, handler });
        id
    }

    /// Runs the listeners of a message that came from a page. Failures are logged; for a sync
    /// message the first failure is also the page's answer.
    pub(crate) fn dispatch(&self, event: IpcEvent, args: &[Value]) {
        let handlers = self.take_listeners(event.channel());
        if handlers.is_empty() {
            tracing::debug!(
                window_id = event.window_id(),
                channel = event.channel(),
                "IPC message on a channel nobody listens to"
            );
            event.fail_sync(format!(
                "No listener for sync channel '{}' in the main process",
                event.channel()
            ));
            return;
        }
        for handler in handlers {
            let outcome = catch_unwind(AssertUnwindSafe(|| handler(event.clone(), args)));
            let failure = match outcome {
                Ok(Ok(())) => continue,
                Ok(Err(message)) => message,
                Err(panic) => format!("the handler panicked: {}", panic_message(&panic)),
            };
            tracing::error!(
                window_id = event.window_id(),
                channel = event.channel(),
                error = %failure,
                "IPC handler failed"
            );
            event.fail_sync(failure);
        }
    }

    /// Runs the listeners of a sync message; the receiver gets the page's answer, or closes when
    /// every event that could answer is gone unanswered.
    pub(crate) fn dispatch_sync(
        &self,
        sender: WebContents,
        channel: &str,
        sender_frame: SenderFrame,
        args: &[Value],
    ) -> oneshot::Receiver<Outcome> {
        let (tx, rx) = oneshot::channel();
        let mut event = IpcEvent::new(sender, channel, sender_frame);
        event.sync_reply = Some(Arc::new(SyncReply {
            answer: Mutex::new(Some(tx)),
        }));
        self.dispatch(event, args);
        rx
    }

    fn take_listeners(&self, channel: &str) -> Vec<Handler> {
        let mut channels = lock(&self.channels);
        let Some(list) = channels.get_mut(channel) else {
            return Vec::new();
        };
        let handlers = list.iter().map(|r| Arc::clone(&r.handler)).collect();
        list.retain(|registered| !registered.once);
        if list.is_empty() {
            channels.remove(channel);
        }
        handlers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Point {
        x: i32,
        y: i32,
    }

    #[test]
    fn a_single_argument_decodes_as_its_own_type() {
        let text: String = decode_args("c", &[json!("hi")]).unwrap();
        assert_eq!(text, "hi");
        let point: Point = decode_args("c", &[json!({"x": 1, "y": 2})]).unwrap();
        assert_eq!(point, Point { x: 1, y: 2 });
        let list: Vec<u8> = decode_args("c", &[json!([1, 2])]).unwrap();
        assert_eq!(list, vec![1, 2]);
    }

    #[test]
    fn an_argument_list_decodes_as_a_tuple() {
        let pair: (String, u32) = decode_args("c", &[json!("a"), json!(7)]).unwrap();
        assert_eq!(pair, ("a".to_string(), 7));
        let single: (String,) = decode_args("c", &[json!("a")]).unwrap();
        assert_eq!(single, ("a".to_string(),));
        let nothing: () = decode_args("c", &[]).unwrap();
        assert_eq!(nothing, ());
    }

    #[test]
    fn a_mismatch_names_the_channel_and_the_expected_type() {
        let error = decode_args::<(String, u32)>("greet", &[json!(1), json!("x")]).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("'greet'"), "{message}");
        assert!(
            message.contains("(alloc::string::String, u32)"),
            "{message}"
        );
        assert!(message.contains("[1,\"x\"]"), "{message}");
    }

    #[test]
    fn tuples_become_argument_lists() {
        assert_eq!(().into_args().unwrap(), Vec::<Value>::new());
        assert_eq!(("a", 1).into_args().unwrap(), vec![json!("a"), json!(1)]);
    }

    #[test]
    fn long_arguments_are_shortened_in_errors() {
        let long = "é".repeat(300);
        let shortened = shorten(&long, 201);
        assert!(shortened.ends_with("(600 bytes)"), "{shortened}");
    }
}
