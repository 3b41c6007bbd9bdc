//! Electron's MessagePorts: [`MessageChannelMain`] and [`MessagePortMain`] in main, ports handed
//! to pages with [`WebContents::post_message_with_ports`] and taken from them with
//! `ipcRenderer.postMessage`, and the relay between the two ends of a channel.
//!
//! A channel is one shared value with two ends. Each end is somewhere: in main (a
//! [`MessagePortMain`], with its listeners and the messages that wait for [`MessagePortMain::start`]),
//! in a page (the page's runtime holds a real `MessagePort` under an id of that window, see
//! `renderer/ports.js`), or closed. A message posted at one end goes to wherever the other end is
//! at that moment. When both ends are in pages, messages go from the sending page's inbound task
//! straight to the other page: no app code (no `IpcMain` listener, no port listener, no CLI
//! script) is on their path. Main then takes itself off the path: pages of one origin get a
//! secret name and talk on a `BroadcastChannel` inside the browser; pages of different origins
//! set up a WebRTC data channel, main passing on their offer and answer (`ports.js`).
//! Ports transferred with a message move to where the message goes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::events::DocumentReset;
use crate::listeners::{lock, ListenerId, Listeners};
use crate::plugin::PageMessage;
use crate::web_contents::WebContents;

/// The page's `ipcRenderer.postMessage(channel, message, ports)`.
pub(crate) const POST: &str = "post";
/// A message posted on a port (either way).
pub(crate) const PORT: &str = "port";
/// One end of a port closed (either way).
pub(crate) const PORT_CLOSE: &str = "port-close";
/// The page's end now posts on the direct path; main passes it on to the other page, behind
/// every message it relayed before.
pub(crate) const PORT_SWITCH: &str = "port-switch";
/// Main gives the page the direct path for a port it holds already.
const PORT_DIRECT: &str = "port-direct";
/// A page's WebRTC offer or answer for its port's direct path; main passes it on to the page
/// that holds the other end.
pub(crate) const PORT_SIGNAL: &str = "port-signal";
/// The longest session description main passes on; Chromium's are a few KiB.
const SIGNAL_LIMIT: usize = 64 * 1024;
/// Main's refusal of a page's port message, reported in the page's console.
const PORT_ERROR: &str = "port-error";

/// The envelope kinds of ports that pages send.
pub(crate) const KINDS: [&str; 5] = [POST, PORT, PORT_CLOSE, PORT_SWITCH, PORT_SIGNAL];

/// Electron's `MessageChannelMain`: two entangled ports, both in main at first. Post one to a
/// page ([`WebContents::post_message_with_ports`]) and talk with it on the other; or post both
/// ends to two pages, which then talk to each other.
///
/// ```no_run
/// # fn demo(window: &cathode::BrowserWindow) -> cathode::Result<()> {
/// let channel = cathode::MessageChannelMain::new();
/// channel.port1.on_message(|message| println!("page says {:?}", message.data()));
/// channel.port1.start();
/// window
///     .web_contents()
///     .post_message_with_ports("port", (), vec![channel.port2])?;
/// channel.port1.post_message("hello", Vec::new())?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct MessageChannelMain {
    /// One end.
    pub port1: MessagePortMain,
    /// The other end.
    pub port2: MessagePortMain,
}

impl MessageChannelMain {
    /// A new channel, both ends in main.
    pub fn new() -> MessageChannelMain {
        let (port1, port2) = Channel::new_in_main();
        MessageChannelMain { port1, port2 }
    }
}

impl Default for MessageChannelMain {
    fn default() -> Self {
        MessageChannelMain::new()
    }
}

/// A message that reached a [`MessagePortMain`]: Electron's `MessageEvent` (`e.data`, `e.ports`).
#[derive(Debug, Clone)]
pub struct PortMessage {
    data: Value,
    ports: Vec<MessagePortMain>,
}

impl PortMessage {
    /// The message as a [`crate::Value`] (every structured-clone type as itself). Fails for
    /// what a `Value` cannot hold (a cyclic structure), or a malformed tag from a page.
    pub fn data(&self) -> std::result::Result<crate::Value, crate::ValueError> {
        crate::Value::from_wire(&self.data)
    }

    /// The message read into a serde type (see [`crate::value`] for how page values map).
    ///
    /// ```no_run
    /// # fn demo(port: &cathode::MessagePortMain) {
    /// port.on_message(|message| {
    ///     let count: u32 = message.read().unwrap_or_default();
    ///     println!("{count}");
    /// });
    /// # }
    /// ```
    pub fn read<T: serde::de::DeserializeOwned>(
        &self,
    ) -> std::result::Result<T, crate::ValueError> {
        crate::value::read(&self.data)
    }

    /// The message as it came on the wire (tagged JSON, see [`crate::value`]).
    pub fn wire(&self) -> &Value {
        &self.data
    }

    /// The ports that came with the message (`e.ports`).
    pub fn ports(&self) -> &[MessagePortMain] {
        &self.ports
    }
}

/// Electron's `MessagePortMain`: main's end of a channel. A cheap handle. Messages wait until
/// [`MessagePortMain::start`]; [`MessagePortMain::on_close`] hears the other end go (closed,
/// or its page navigated, crashed or closed).
#[derive(Clone)]
pub struct MessagePortMain {
    channel: Arc<Channel>,
    side: usize,
    /// This handle's life in main: a port transferred away and back is a new one.
    end: Arc<MainEnd>,
}

impl std::fmt::Debug for MessagePortMain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessagePortMain")
            .field("channel", &self.channel.id)
            .field("side", &self.side)
            .finish()
    }
}

/// The state of a port that lives in main.
#[derive(Default)]
struct MainEnd {
    /// Whether it was started, and the messages that came before.
    inbox: Mutex<(bool, Vec<PortMessage>)>,
    messages: Listeners<PortMessage>,
    closes: Listeners<()>,
}

/// Where one end of a channel is.
enum End {
    Main(Arc<MainEnd>),
    Page { contents: WebContents, id: String },
    Closed,
}

struct Channel {
    id: u64,
    ends: [Mutex<End>; 2],
}

impl Channel {
    fn new(first: End, second: End) -> Arc<Channel> {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Arc::new(Channel {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            ends: [Mutex::new(first), Mutex::new(second)],
        })
    }

    fn new_in_main() -> (MessagePortMain, MessagePortMain) {
        let ends: [Arc<MainEnd>; 2] = Default::default();
        let channel = Channel::new(
            End::Main(Arc::clone(&ends[0])),
            End::Main(Arc::clone(&ends[1])),
        );
        let [first, second] = ends;
        (
            MessagePortMain {
                channel: Arc::clone(&channel),
                side: 0,
                end: first,
            },
            MessagePortMain {
                channel,
                side: 1,
                end: second,
            },
        )
    }

    /// Delivers a message posted at `from` to the other end, wherever it is now; true when that
    /// is a page.
    fn deliver(&self, from: usize, data: Value, transfer: Vec<Transfer>) -> bool {
        let to = 1 - from;
        let target = match &*lock(&self.ends[to]) {
            End::Main(end) => Target::Main(Arc::clone(end)),
            End::Page { contents, id } => Target::Page(contents.clone(), id.clone()),
            End::Closed => Target::Closed,
        };
        match target {
            Target::Main(end) => {
                let ports = transfer.into_iter().map(Transfer::into_main).collect();
                end.receive(PortMessage { data, ports });
            }
            Target::Page(contents, id) => {
                if let Err(error) = send_to_page(&contents, PORT, &id, data, transfer) {
                    tracing::debug!(window_id = contents.id(), port = id, %error, "a port message was dropped");
                }
                return true;
            }
            Target::Closed => {
                for moved in transfer {
                    moved.close();
                }
                tracing::debug!(channel = self.id, "a message to a closed port was dropped");
            }
        }
        false
    }

    /// Closes end `side` and tells the other end. Closing twice does nothing.
    fn close(&self, side: usize) {
        self.close_with(side, false);
    }

    /// Closes end `side`; `page_told` when the closing page told the other end's page itself,
    /// on their direct path (a main end is always told).
    fn close_with(&self, side: usize, page_told: bool) {
        let was = std::mem::replace(&mut *lock(&self.ends[side]), End::Closed);
        if matches!(was, End::Closed) {
            return;
        }
        if let End::Page { contents, id } = &was {
            if let Some(ports) = contents.state::<PagePorts>() {
                lock(&ports.held).remove(id);
            }
        }
        let other = std::mem::replace(&mut *lock(&self.ends[1 - side]), End::Closed);
        match other {
            End::Main(end) => {
                end.closes.emit("close", &());
            }
            End::Page { contents, id } => {
                if let Some(ports) = contents.state::<PagePorts>() {
                    lock(&ports.held).remove(&id);
                }
                if page_told {
                    return;
                }
                if let Err(error) = contents.post_message(PORT_CLOSE, &id, Vec::new()) {
                    tracing::debug!(window_id = contents.id(), port = id, %error, "a port's close did not reach its page");
                }
            }
            End::Closed => {}
        }
    }
}

enum Target {
    Main(Arc<MainEnd>),
    Page(WebContents, String),
    Closed,
}

impl MainEnd {
    fn receive(&self, message: PortMessage) {
        {
            let mut inbox = lock(&self.inbox);
            if !inbox.0 {
                inbox.1.push(message);
                return;
            }
        }
        self.messages.emit("message", &message);
    }

    fn start(&self) {
        let waiting = {
            let mut inbox = lock(&self.inbox);
            inbox.0 = true;
            std::mem::take(&mut inbox.1)
        };
        for message in waiting {
            self.messages.emit("message", &message);
        }
    }
}

/// One end taken out of its place to travel with a message.
struct Transfer {
    channel: Arc<Channel>,
    side: usize,
}

impl Transfer {
    /// The messages that came to this end while it was in main and not started.
    fn take_waiting(&self) -> Vec<PortMessage> {
        match &*lock(&self.channel.ends[self.side]) {
            End::Main(end) => std::mem::take(&mut lock(&end.inbox).1),
            _ => Vec::new(),
        }
    }

    /// The end lands in main; what waited for it waits on.
    fn into_main(self) -> MessagePortMain {
        let landed = Arc::new(MainEnd::default());
        lock(&landed.inbox).1 = self.take_waiting();
        *lock(&self.channel.ends[self.side]) = End::Main(Arc::clone(&landed));
        MessagePortMain {
            channel: self.channel,
            side: self.side,
            end: landed,
        }
    }

    /// The end lands in page `contents`, under a new id of that window; returns the id, the
    /// direct path when the other end is in a page too, and the messages that waited for the
    /// end in main, to be sent on once the page has the port.
    fn into_page(self, contents: &WebContents) -> (String, Option<Direct>, Vec<PortMessage>) {
        let waiting = self.take_waiting();
        let ports = contents.state_or_insert_with(PagePorts::default);
        let id = format!("m{}", ports.next.fetch_add(1, Ordering::Relaxed) + 1);
        *lock(&self.channel.ends[self.side]) = End::Page {
            contents: contents.clone(),
            id: id.clone(),
        };
        lock(&ports.held).insert(
            id.clone(),
            PageEnd {
                channel: Arc::clone(&self.channel),
                side: self.side,
                direct: false,
            },
        );
        let direct = match &*lock(&self.channel.ends[1 - self.side]) {
            End::Page {
                contents: other,
                id: other_id,
            } => Some(Direct::between(contents, other, other_id)),
            _ => None,
        };
        (id, direct, waiting)
    }

    /// The message's destination is closed: the end closes, and whoever holds the other end
    /// hears it.
    fn close(self) {
        *lock(&self.channel.ends[self.side]) = End::Main(Arc::default());
        self.channel.close(self.side);
    }
}

/// The direct path of a channel whose two ends are in pages: what each runtime is told (the
/// page the end lands in gets `path` with the port, the page that held the other end already
/// gets `other_path` in a message of its own).
struct Direct {
    path: Value,
    other: WebContents,
    other_id: String,
    other_path: Value,
}

impl Direct {
    /// Pages of one origin share a `BroadcastChannel` of a secret name; pages of different
    /// origins, which never hear each other's, connect over WebRTC: the page that held the other
    /// end already makes the offer, as it learns of the path last.
    fn between(contents: &WebContents, other: &WebContents, other_id: &str) -> Direct {
        let (path, other_path) = if same_origin(contents, other) {
            let name = Value::from(format!("cathode-port-{}", crate::renderer::random_hex(32)));
            (name.clone(), name)
        } else {
            (
                serde_json::json!({ "rtc": "answer" }),
                serde_json::json!({ "rtc": "offer" }),
            )
        };
        Direct {
            path,
            other: other.clone(),
            other_id: other_id.to_string(),
            other_path,
        }
    }
}

/// True when the two pages show documents of one origin (not an opaque one), so that a
/// `BroadcastChannel` of one reaches the other: the browser keys them by origin, and every
/// window of an app is in the app's one browser context.
fn same_origin(one: &WebContents, other: &WebContents) -> bool {
    let origin = |contents: &WebContents| crate::frames::origin_of(&contents.url());
    origin(one).is_some_and(|origin_of_one| Some(origin_of_one) == origin(other))
}

/// The ports a window's page holds, by the id the page knows them by: `m<n>` for ports main
/// handed to it, `p<n>` for the page's own ports it handed to main.
#[derive(Default)]
struct PagePorts {
    next: AtomicU64,
    held: Mutex<HashMap<String, PageEnd>>,
    /// Messages of this page's ports that main carried to another page.
    relayed: AtomicU64,
}

struct PageEnd {
    channel: Arc<Channel>,
    side: usize,
    /// The page said it posts on the channel's direct path.
    direct: bool,
}

impl MessagePortMain {
    /// Sends `message` to the other end (Electron's `port.postMessage(message, [transfer])`),
    /// with `transfer`: ports of main that move with it (main's handles of them stop working).
    /// A message to a closed channel is dropped (with a debug log), as in Electron.
    ///
    /// Fails with [`Error::BadArgument`] when a port to transfer was transferred already or is
    /// this port (Electron's "Port at index 0 is already neutered."), or when this port itself
    /// was transferred; with [`Error::Encode`] when `message` cannot be encoded.
    ///
    /// ```no_run
    /// # fn demo(port: &cathode::MessagePortMain) -> cathode::Result<()> {
    /// port.post_message(serde_json::json!({"progress": 0.5}), Vec::new())?;
    /// # Ok(()) }
    /// ```
    pub fn post_message(
        &self,
        message: impl Serialize,
        transfer: Vec<MessagePortMain>,
    ) -> Result<()> {
        const WHAT: &str = "MessagePortMain.postMessage";
        match &*lock(&self.channel.ends[self.side]) {
            End::Main(end) if Arc::ptr_eq(end, &self.end) => {}
            End::Closed => {
                tracing::debug!(
                    channel = self.channel.id,
                    "a message posted on a closed port was dropped"
                );
                return Ok(());
            }
            End::Main(_) | End::Page { .. } => {
                return Err(Error::BadArgument {
                    what: WHAT,
                    reason: "the port was transferred and can no longer be used".into(),
                })
            }
        }
        let moved = take_ports(WHAT, transfer, Some(self))?;
        let data = encode(message)?;
        self.channel.deliver(self.side, data, moved);
        Ok(())
    }

    /// Calls `listener` with each message that reaches this port, once it is started
    /// ([`MessagePortMain::start`]); messages wait until then (Electron's `on('message')`).
    ///
    /// ```no_run
    /// # fn demo(port: &cathode::MessagePortMain) {
    /// port.on_message(|message| println!("{:?} with {} ports", message.data(), message.ports().len()));
    /// port.start();
    /// # }
    /// ```
    pub fn on_message(
        &self,
        listener: impl Fn(&PortMessage) + Send + Sync + 'static,
    ) -> ListenerId {
        self.end.messages.add(false, listener)
    }

    /// Calls `listener` once, when the other end goes: closed, or the page holding it navigated,
    /// crashed or closed (Electron's `close` event).
    pub fn on_close(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.end.closes.add(true, move |_: &()| listener())
    }

    /// Removes a listener added with [`MessagePortMain::on_message`] or
    /// [`MessagePortMain::on_close`]; true if it was there.
    pub fn remove_listener(&self, id: ListenerId) -> bool {
        self.end.messages.remove(id) || self.end.closes.remove(id)
    }

    /// Starts delivering messages: those that came before, then each as it comes.
    pub fn start(&self) {
        if let Some(end) = self.main_end() {
            end.start();
        }
    }

    /// Closes the channel: no more messages either way; the other end hears `close` (in a page,
    /// the port's `close` event). Closing a closed or transferred port does nothing.
    pub fn close(&self) {
        if self.main_end().is_some() {
            self.channel.close(self.side);
        }
    }

    /// True while the port is in main and open.
    pub fn is_open(&self) -> bool {
        self.main_end().is_some()
    }

    fn main_end(&self) -> Option<Arc<MainEnd>> {
        match &*lock(&self.channel.ends[self.side]) {
            End::Main(end) if Arc::ptr_eq(end, &self.end) => Some(Arc::clone(end)),
            _ => None,
        }
    }
}

fn encode(message: impl Serialize) -> Result<Value> {
    serde_json::to_value(message).map_err(|source| Error::Encode {
        channel: "a MessagePort".into(),
        source,
    })
}

/// Checks ports to transfer (each in main, once, not `source`) and takes them out of main.
fn take_ports(
    what: &'static str,
    ports: Vec<MessagePortMain>,
    source: Option<&MessagePortMain>,
) -> Result<Vec<Transfer>> {
    let neutered = |index: usize| Error::BadArgument {
        what,
        reason: format!("Port at index {index} is already neutered."),
    };
    let mut seen = Vec::new();
    for (index, port) in ports.iter().enumerate() {
        let key = (port.channel.id, port.side);
        let is_source = source.is_some_and(|source| (source.channel.id, source.side) == key);
        if is_source || seen.contains(&key) || port.main_end().is_none() {
            return Err(neutered(index));
        }
        seen.push(key);
    }
    Ok(ports
        .into_iter()
        .map(|port| Transfer {
            channel: port.channel,
            side: port.side,
        })
        .collect())
}

impl WebContents {
    /// How many messages the page posted on its MessagePorts that main carried to another page,
    /// over the window's life: a diagnostic of page-to-page channels. Two pages of one origin
    /// talk directly, inside the browser, once both ends are set up, so the count stays still
    /// while they talk; it grows with messages to a page of another origin, messages that carry
    /// ports, and the first messages of a channel before its direct path is ready.
    ///
    /// ```no_run
    /// # fn demo(contents: &cathode::WebContents) {
    /// println!("main relayed {} port messages", contents.port_messages_relayed());
    /// # }
    /// ```
    pub fn port_messages_relayed(&self) -> u64 {
        self.state::<PagePorts>()
            .map_or(0, |ports| ports.relayed.load(Ordering::Relaxed))
    }

    /// How many of the page's open MessagePorts post on their channel's direct path: the other
    /// end is in a page of the same origin and both pages have set the path up, so their
    /// messages no longer pass through main. A diagnostic, as
    /// [`WebContents::port_messages_relayed`].
    ///
    /// ```no_run
    /// # fn demo(contents: &cathode::WebContents) {
    /// println!("{} ports talk directly", contents.ports_talking_directly());
    /// # }
    /// ```
    pub fn ports_talking_directly(&self) -> usize {
        self.state::<PagePorts>().map_or(0, |ports| {
            lock(&ports.held).values().filter(|end| end.direct).count()
        })
    }

    /// Sends `message` with `ports` to the page (Electron's `webContents.postMessage(channel,
    /// message, [transfer])`): its `ipcRenderer.on(channel, (event, message) => ...)` listeners
    /// get it, and `event.ports` are real `MessagePort`s, the page's ends of those channels.
    /// The ports leave main (their handles stop working).
    ///
    /// Fails with [`Error::BadArgument`] when a port was transferred already (Electron's "Port
    /// at index 0 is already neutered."), and as [`WebContents::send`] does.
    ///
    /// ```no_run
    /// # fn demo(contents: &cathode::WebContents) -> cathode::Result<()> {
    /// let cathode::MessageChannelMain { port1, port2 } = cathode::MessageChannelMain::new();
    /// contents.post_message_with_ports("worker-port", "here", vec![port2])?;
    /// port1.post_message(42, Vec::new())?;
    /// # Ok(()) }
    /// ```
    pub fn post_message_with_ports(
        &self,
        channel: &str,
        message: impl Serialize,
        ports: Vec<MessagePortMain>,
    ) -> Result<()> {
        self.shared().check_alive()?;
        let moved = take_ports("WebContents.postMessage", ports, None)?;
        let data = serde_json::to_value(message).map_err(|source| Error::Encode {
            channel: channel.to_string(),
            source,
        })?;
        send_to_page(self, POST, channel, data, moved)
    }
}

/// Sends a message of `kind` with ports to a page: the ports land there first, then the message
/// goes, then what waited for those ports in main. When the page cannot take it, the ports'
/// channels are closed, so their other ends hear it.
fn send_to_page(
    contents: &WebContents,
    kind: &str,
    channel: &str,
    data: Value,
    transfer: Vec<Transfer>,
) -> Result<()> {
    let ends: Vec<(Arc<Channel>, usize)> = transfer
        .iter()
        .map(|moved| (Arc::clone(&moved.channel), moved.side))
        .collect();
    let mut ids = Vec::new();
    let mut directs = Vec::new();
    let mut waiting = Vec::new();
    for moved in transfer {
        let (id, direct, messages) = moved.into_page(contents);
        ids.push(id);
        directs.push(direct);
        waiting.push(messages);
    }
    let mut args = vec![data, Value::from(ids.clone())];
    if directs.iter().any(Option::is_some) {
        let paths = directs
            .iter()
            .map(|direct| direct.as_ref().map(|d| d.path.clone()));
        args.push(Value::from_iter(paths));
    }
    let sent = contents.post_message(kind, channel, args);
    if sent.is_err() {
        for (channel, side) in ends {
            channel.close(side);
        }
        return sent;
    }
    for (id, messages) in ids.iter().zip(waiting) {
        for message in messages {
            let ports = message
                .ports
                .into_iter()
                .map(|port| Transfer {
                    channel: port.channel,
                    side: port.side,
                })
                .collect();
            send_to_page(contents, PORT, id, message.data, ports)?;
        }
    }
    // The page that held the other end learns the path last, so its first message on the
    // direct path comes after everything main forwarded above.
    for Direct {
        other,
        other_id,
        other_path,
        ..
    } in directs.into_iter().flatten()
    {
        if let Err(error) = other.post_message(PORT_DIRECT, &other_id, vec![other_path]) {
            tracing::debug!(window_id = other.id(), port = other_id, %error, "the direct path did not reach the page");
        }
    }
    Ok(())
}

/// A port message from a page (kinds [`KINDS`]), checked by `inbound` as every message is.
pub(crate) fn on_page_message(ipc: &super::IpcMain, message: PageMessage) {
    let contents = message.sender.clone();
    if let Err(problem) = receive(ipc, message) {
        tracing::warn!(window_id = contents.id(), %problem, "refused a port message from the page");
        let text = format!("cathode refused a MessagePort message: {problem}");
        if let Err(error) = contents.post_message(PORT_ERROR, PORT, vec![Value::from(text)]) {
            tracing::debug!(window_id = contents.id(), %error, "the refusal did not reach the page");
        }
    }
}

fn receive(ipc: &super::IpcMain, message: PageMessage) -> std::result::Result<(), String> {
    let PageMessage {
        sender,
        sender_frame,
        kind,
        channel,
        args,
        ..
    } = message;
    match kind.as_str() {
        POST => {
            let (data, moved) = read_message(&sender, &args)?;
            let ports = moved.into_iter().map(Transfer::into_main).collect();
            let event = super::IpcEvent::new(sender, &channel, sender_frame).with_ports(ports);
            ipc.dispatch(event, &[data]);
            Ok(())
        }
        PORT => {
            let (channel_of, side) = held(&sender, &channel)?;
            let (data, moved) = read_message(&sender, &args)?;
            if channel_of.deliver(side, data, moved) {
                if let Some(ports) = sender.state::<PagePorts>() {
                    ports.relayed.fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok(())
        }
        PORT_CLOSE => {
            let (channel_of, side) = held(&sender, &channel)?;
            let page_told = match args.as_slice() {
                [] => false,
                [Value::Bool(told)] => *told,
                _ => {
                    return Err(
                        "a port's close takes no arguments but whether the other page was told"
                            .into(),
                    )
                }
            };
            channel_of.close_with(side, page_told);
            Ok(())
        }
        PORT_SWITCH => {
            let (channel_of, side) = held(&sender, &channel)?;
            if let Some(ports) = sender.state::<PagePorts>() {
                if let Some(end) = lock(&ports.held).get_mut(&channel) {
                    end.direct = true;
                }
            }
            let other = match &*lock(&channel_of.ends[1 - side]) {
                End::Page { contents, id } => Some((contents.clone(), id.clone())),
                End::Main(_) | End::Closed => None,
            };
            if let Some((other, other_id)) = other {
                tracing::debug!(
                    window_id = sender.id(),
                    port = channel,
                    other_window_id = other.id(),
                    "a page's port talks to the other page directly"
                );
                if let Err(error) = other.post_message(PORT_SWITCH, &other_id, Vec::new()) {
                    tracing::debug!(window_id = other.id(), port = other_id, %error, "a port's switch did not reach the page");
                }
            }
            Ok(())
        }
        PORT_SIGNAL => {
            let (channel_of, side) = held(&sender, &channel)?;
            let description = read_signal(&args)?;
            let (other, other_id) = match &*lock(&channel_of.ends[1 - side]) {
                End::Page { contents, id } => (contents.clone(), id.clone()),
                End::Main(_) | End::Closed => {
                    return Err("the port's other end is not in a page".into())
                }
            };
            if let Err(error) = other.post_message(PORT_SIGNAL, &other_id, vec![description]) {
                tracing::debug!(window_id = other.id(), port = other_id, %error, "a port's signal did not reach the page");
            }
            Ok(())
        }
        other => Err(format!("'{other}' is not a port message")),
    }
}

/// Reads `[description]`: a WebRTC session description (`{type, sdp}`), an offer or an answer,
/// of at most [`SIGNAL_LIMIT`] bytes.
fn read_signal(args: &[Value]) -> std::result::Result<Value, String> {
    let [description] = args else {
        return Err(format!(
            "a port's signal is one session description, got {} arguments",
            args.len()
        ));
    };
    let kind = description.get("type").and_then(Value::as_str);
    let sdp = description.get("sdp").and_then(Value::as_str);
    match (kind, sdp) {
        (Some("offer" | "answer"), Some(sdp)) if sdp.len() <= SIGNAL_LIMIT => {
            Ok(serde_json::json!({
                "type": kind,
                "sdp": sdp,
            }))
        }
        (Some("offer" | "answer"), Some(sdp)) => Err(format!(
            "a port's signal of {} bytes is over the limit of {SIGNAL_LIMIT}",
            sdp.len()
        )),
        _ => Err(
            "a port's signal is not a session description ({type: 'offer' or 'answer', sdp})"
                .into(),
        ),
    }
}

/// The channel end the page holds as `id`.
fn held(contents: &WebContents, id: &str) -> std::result::Result<(Arc<Channel>, usize), String> {
    contents
        .state::<PagePorts>()
        .and_then(|ports| {
            lock(&ports.held)
                .get(id)
                .map(|end| (Arc::clone(&end.channel), end.side))
        })
        .ok_or_else(|| format!("the port id '{id}' was never handed to this window (or is closed)"))
}

/// Reads `[message, [new port ids]]`; each new id is a port of the page's own, which main takes
/// in as one end of a new channel whose other end travels with the message.
fn read_message(
    contents: &WebContents,
    args: &[Value],
) -> std::result::Result<(Value, Vec<Transfer>), String> {
    let [data, ids] = args else {
        return Err(format!(
            "expected [message, port ids], got {} arguments",
            args.len()
        ));
    };
    let Some(ids) = ids.as_array() else {
        return Err("the port ids are not a list".into());
    };
    let ports = contents.state_or_insert_with(PagePorts::default);
    let mut fresh: Vec<String> = Vec::new();
    for id in ids {
        let id = id
            .as_str()
            .filter(|id| id.starts_with('p') && id.len() <= 32)
            .ok_or_else(|| format!("{id} is not a port id of the page's own"))?;
        if lock(&ports.held).contains_key(id) || fresh.iter().any(|seen| seen == id) {
            return Err(format!("the port id '{id}' is already in use"));
        }
        fresh.push(id.to_string());
    }
    let moved = fresh
        .into_iter()
        .map(|id| {
            let channel = Channel::new(
                End::Page {
                    contents: contents.clone(),
                    id: id.clone(),
                },
                End::Closed,
            );
            lock(&ports.held).insert(
                id,
                PageEnd {
                    channel: Arc::clone(&channel),
                    side: 0,
                    direct: false,
                },
            );
            Transfer { channel, side: 1 }
        })
        .collect();
    Ok((data.clone(), moved))
}

/// The page's document went away: every port it held is closed, and their other ends hear it.
pub(crate) fn forget_ports(contents: &WebContents, reset: DocumentReset) {
    let Some(ports) = contents.state::<PagePorts>() else {
        return;
    };
    let ends: Vec<PageEnd> = lock(&ports.held).drain().map(|(_, end)| end).collect();
    if !ends.is_empty() {
        tracing::debug!(
            window_id = contents.id(),
            ?reset,
            count = ends.len(),
            "the page's ports closed with its document"
        );
    }
    for end in ends {
        end.channel.close(end.side);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(port: &MessagePortMain) -> Arc<Mutex<Vec<(Value, usize)>>> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        port.on_message(move |message| {
            lock(&sink).push((message.wire().clone(), message.ports().len()));
        });
        seen
    }

    #[test]
    fn messages_wait_for_start_then_arrive_in_order() {
        let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
        let seen = collect(&port2);
        port1.post_message(1, Vec::new()).unwrap();
        port1.post_message("two", Vec::new()).unwrap();
        assert!(lock(&seen).is_empty());
        port2.start();
        port1.post_message(3, Vec::new()).unwrap();
        let got: Vec<Value> = lock(&seen).iter().map(|(data, _)| data.clone()).collect();
        assert_eq!(got, [Value::from(1), Value::from("two"), Value::from(3)]);
    }

    #[test]
    fn a_transferred_port_works_where_it_lands_and_its_old_handle_is_neutered() {
        let outer = MessageChannelMain::new();
        let inner = MessageChannelMain::new();
        let landed = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&landed);
        outer.port2.on_message(move |message| {
            lock(&sink).extend(message.ports().iter().cloned());
        });
        outer.port2.start();
        let old_listener = collect(&inner.port2);
        inner.port1.post_message("waited", Vec::new()).unwrap();
        outer
            .port1
            .post_message((), vec![inner.port2.clone()])
            .unwrap();
        let port = lock(&landed).pop().expect("the port came with the message");
        let seen = collect(&port);
        port.start();
        inner.port1.post_message("after", Vec::new()).unwrap();
        let got: Vec<Value> = lock(&seen).iter().map(|(data, _)| data.clone()).collect();
        assert_eq!(got, [Value::from("waited"), Value::from("after")]);
        assert!(lock(&old_listener).is_empty());
        let again = outer.port1.post_message((), vec![inner.port2.clone()]);
        assert_eq!(
            again.unwrap_err().to_string(),
            "MessagePortMain.postMessage: Port at index 0 is already neutered."
        );
    }

    #[test]
    fn closing_one_end_tells_the_other_once_and_later_messages_are_dropped() {
        let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
        let closes = Arc::new(AtomicU64::new(0));
        let count = Arc::clone(&closes);
        port2.on_close(move || {
            count.fetch_add(1, Ordering::SeqCst);
        });
        let seen = collect(&port2);
        port2.start();
        port1.close();
        port1.close();
        port1.post_message(1, Vec::new()).unwrap();
        assert_eq!(closes.load(Ordering::SeqCst), 1);
        assert!(lock(&seen).is_empty());
        assert!(!port1.is_open() && !port2.is_open());
    }
}
