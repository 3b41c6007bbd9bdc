//! Main asks the page (Electron users' `webContents.invoke`, electron/electron#25667): a request
//! of kind `request` to the page's `ipcRenderer.handle` handler, answered by a message of kind
//! `reply` with the request's id, which settles the waiting [`WebContents::invoke`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::oneshot;

use crate::envelope::{Envelope, IpcArgs};
use crate::error::{Error, Result};
use crate::events::DocumentReset;
use crate::frames::SenderFrame;
use crate::listeners::lock;
use crate::value;
use crate::web_contents::WebContents;

/// How long [`WebContents::invoke`] waits for the page's answer.
pub const PAGE_INVOKE_TIMEOUT: Duration = Duration::from_secs(30);

/// The kind of main's request to the page.
pub(super) const REQUEST: &str = "request";
/// The kind of the page's answer.
pub(super) const REPLY: &str = "reply";

/// What the page answered: the handler's value (tagged, as every IPC value), or why not.
type Answer = std::result::Result<Value, String>;

/// A window's requests that wait for the page (kept in the window's typed state).
#[derive(Default)]
struct PageRequests {
    next_id: AtomicU64,
    waiting: Mutex<HashMap<u64, oneshot::Sender<Answer>>>,
}

impl WebContents {
    /// Asks the page's `ipcRenderer.handle(channel, handler)` (in a preload or a node-integrated
    /// page) and returns what the handler returned (a promise is awaited), read into `T` as IPC
    /// values are (see [`value::read`]). Waits at most [`PAGE_INVOKE_TIMEOUT`].
    ///
    /// Fails with [`Error::PageInvoke`] when the page has no handler for `channel`, the handler
    /// threw or rejected, the answer does not fit `T`, the page's document went away (navigation,
    /// crash, close) or the page did not answer in time; and as [`WebContents::send`] does when
    /// the request cannot be sent.
    ///
    /// ```no_run
    /// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// // In the preload: ipcRenderer.handle('draft', () => editor.value)
    /// let draft: String = contents.invoke("draft", ()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn invoke<T: DeserializeOwned>(
        &self,
        channel: &str,
        args: impl IpcArgs,
    ) -> Result<T> {
        self.invoke_with_timeout(channel, args, PAGE_INVOKE_TIMEOUT)
            .await
    }

    /// As [`WebContents::invoke`], waiting at most `timeout`. Fails as it does.
    pub async fn invoke_with_timeout<T: DeserializeOwned>(
        &self,
        channel: &str,
        args: impl IpcArgs,
        timeout: Duration,
    ) -> Result<T> {
        let failed = |reason: String| Error::PageInvoke {
            window_id: self.id(),
            channel: channel.to_string(),
            reason,
        };
        self.shared().check_alive()?;
        let convert = || args.into_args();
        let args = crate::bytes::convert_holding(&self.shared().extensions, convert).map_err(
            |source| Error::Encode {
                channel: channel.to_string(),
                source,
            },
        )?;
        let requests = self.state_or_insert_with(PageRequests::default);
        let id = requests.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let (answer, answered) = oneshot::channel();
        lock(&requests.waiting).insert(id, answer);
        let mut request = Envelope::new(REQUEST, channel, args);
        request.id = Some(id);
        if let Err(error) = self.deliver(channel, &request) {
            lock(&requests.waiting).remove(&id);
            return Err(error);
        }
        let outcome = tokio::time::timeout(timeout, answered).await;
        lock(&requests.waiting).remove(&id);
        match outcome {
            Err(_) => Err(failed(format!(
                "the page did not answer within {timeout:?}"
            ))),
            Ok(Err(_)) => Err(failed("the page went away before it answered".into())),
            Ok(Ok(Err(reason))) => Err(failed(reason)),
            Ok(Ok(Ok(wire))) => value::read(&wire)
                .map_err(|error| failed(format!("the answer does not fit: {error}"))),
        }
    }
}

impl WebContents {
    /// How many large binary values main sent to this page wait for the page to fetch them, and
    /// their bytes. Binary values of 256 KiB and more travel beside their message: main holds them
    /// until the page's runtime fetches them as raw bytes, which it does at once; what the page
    /// never fetches is let go when its document goes away (a navigation, a reload, a crash) and
    /// when the window closes. A diagnostic: it is `(0, 0)` whenever the page keeps up.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// let (values, bytes) = contents.bytes_awaiting_fetch();
    /// println!("{values} values ({bytes} bytes) on their way to the page");
    /// # }
    /// ```
    pub fn bytes_awaiting_fetch(&self) -> (usize, usize) {
        crate::bytes::held(&self.shared().extensions)
    }
}

/// Settles request `id` with the page's reply: `args` is `[{ok: value}]` or
/// `[{error: {name, message}}]`. Only the top frame, which the request went to, may answer; a
/// reply to no waiting request (answered already, timed out, or made up) is dropped.
pub(super) fn settle(contents: &WebContents, frame: &SenderFrame, id: u64, args: &[Value]) {
    let window_id = contents.id();
    if !frame.is_main_frame {
        tracing::warn!(
            window_id,
            frame = frame.url,
            "refused a reply from a subframe"
        );
        return;
    }
    let Some(requests) = contents.state::<PageRequests>() else {
        tracing::debug!(window_id, id, "a reply to no request");
        return;
    };
    let Some(waiting) = lock(&requests.waiting).remove(&id) else {
        tracing::debug!(window_id, id, "a reply to no waiting request");
        return;
    };
    let answer = match args.first() {
        Some(Value::Object(reply)) if reply.contains_key("ok") => Ok(reply["ok"].clone()),
        Some(Value::Object(reply)) => Err(match reply.get("error") {
            Some(error) => format!(
                "{}: {}",
                error.get("name").and_then(Value::as_str).unwrap_or("Error"),
                error.get("message").and_then(Value::as_str).unwrap_or("")
            ),
            None => "a malformed reply from the page".into(),
        }),
        _ => Err("a malformed reply from the page".into()),
    };
    let _ = waiting.send(answer);
}

/// The page's document went away: its requests will never be answered, and the bytes held for
/// it will never be fetched.
pub(super) fn forget_requests(contents: &WebContents, reset: DocumentReset) {
    let released = crate::bytes::release_all(&contents.shared().extensions);
    if released > 0 {
        tracing::debug!(
            window_id = contents.id(),
            ?reset,
            count = released,
            "bytes held for the page released unfetched"
        );
    }
    if let Some(requests) = contents.state::<PageRequests>() {
        let waiting: Vec<_> = lock(&requests.waiting).drain().collect();
        if !waiting.is_empty() {
            tracing::debug!(
                window_id = contents.id(),
                ?reset,
                count = waiting.len(),
                "requests to the page dropped"
            );
        }
    }
}
