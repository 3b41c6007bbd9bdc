//! `IpcMain`: the main process's side of IPC, with handlers typed through serde.
//!
//! A page's `ipcRenderer.send(channel, ...args)` reaches every handler registered with
//! [`IpcMain::on`] for that channel. A handler's argument type says what it accepts: the page's
//! single argument as `String`, a struct, ..., or the whole argument list as a tuple.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::listeners::{lock, ListenerId};
use crate::web_contents::WebContents;

/// What a handler receives besides its arguments: who sent the message, and how to answer.
#[derive(Clone, Debug)]
pub struct IpcEvent {
    sender: WebContents,
    channel: Arc<str>,
}

impl IpcEvent {
    pub(crate) fn new(sender: WebContents, channel: &str) -> IpcEvent {
        IpcEvent {
            sender,
            channel: Arc::from(channel),
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

    /// Sends a message back to the page that sent this one (Electron's `event.reply`).
    ///
    /// ```no_run
    /// # fn demo(ipc: &cathode::IpcMain) {
    /// ipc.on("ping", |event, text: String| event.reply("pong", (text,)));
    /// # }
    /// ```
    pub fn reply(&self, channel: &str, args: impl IpcArgs) -> Result<()> {
        self.sender.send(channel, args)
    }
}

/// A list of IPC arguments: a tuple (`()`, `(a,)`, `(a, b)`, ... up to 8) of serializable values,
/// or a `Vec<serde_json::Value>`. Each element becomes one argument of the page's listener.
pub trait IpcArgs {
    /// The arguments as JSON values.
    fn into_args(self) -> std::result::Result<Vec<Value>, serde_json::Error>;
}

impl IpcArgs for Vec<Value> {
    fn into_args(self) -> std::result::Result<Vec<Value>, serde_json::Error> {
        Ok(self)
    }
}

macro_rules! tuple_args {
    ($($name:ident),*) => {
        impl<$($name: Serialize),*> IpcArgs for ($($name,)*) {
            #[allow(non_snake_case)]
            fn into_args(self) -> std::result::Result<Vec<Value>, serde_json::Error> {
                let ($($name,)*) = self;
                Ok(vec![$(serde_json::to_value($name)?),*])
            }
        }
    };
}
tuple_args!();
tuple_args!(A);
tuple_args!(A, B);
tuple_args!(A, B, C);
tuple_args!(A, B, C, D);
tuple_args!(A, B, C, D, E);
tuple_args!(A, B, C, D, E, F);
tuple_args!(A, B, C, D, E, F, G);
tuple_args!(A, B, C, D, E, F, G, H);

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

/// Decodes a page's argument list into a handler's argument type.
///
/// With exactly one argument, that argument is tried first as `T` (so a handler can take a
/// `String` or a struct); with none, `null` is (so it can take `()` or an `Option`). Otherwise, or
/// if that fails, the whole list is decoded as `T` (a tuple or a `Vec`).
pub fn decode_args<T: DeserializeOwned>(channel: &str, args: &[Value]) -> Result<T> {
    let alone = match args {
        [single] => Some(single),
        [] => Some(&Value::Null),
        _ => None,
    };
    if let Some(Ok(value)) = alone.map(T::deserialize) {
        return Ok(value);
    }
    let list = Value::Array(args.to_vec());
    T::deserialize(&list).map_err(|error| Error::ArgumentType {
        channel: channel.to_string(),
        expected: std::any::type_name::<T>(),
        received: shorten(&list.to_string(), 200),
        reason: error.to_string(),
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
        let id = ListenerId::next();
        let handler: Handler = Arc::new(move |event: IpcEvent, args: &[Value]| {
            let args =
                decode_args::<T>(event.channel(), args).map_err(|error| error.to_string())?;
            handler(event, args).into_outcome()
        });
        lock(&self.channels)
            .entry(channel.to_string())
            .or_default()
            .push(Registered { id, once, handler });
        id
    }

    /// Runs the handlers of a message that came from a page. Failures are logged, never returned:
    /// the page that sent an async message is not waiting for an answer.
    pub(crate) fn dispatch(&self, event: IpcEvent, args: &[Value]) {
        let handlers: Vec<Handler> = {
            let mut channels = lock(&self.channels);
            let Some(list) = channels.get_mut(event.channel()) else {
                tracing::debug!(
                    window_id = event.window_id(),
                    channel = event.channel(),
                    "IPC message on a channel nobody listens to"
                );
                return;
            };
            let handlers = list.iter().map(|r| Arc::clone(&r.handler)).collect();
            list.retain(|registered| !registered.once);
            if list.is_empty() {
                channels.remove(event.channel());
            }
            handlers
        };
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
        }
    }
}

/// The text of a panic payload, when it has one.
pub(crate) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "(no message)".to_string()
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
