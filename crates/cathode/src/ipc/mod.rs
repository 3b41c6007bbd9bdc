//! cathode's IPC as the core plugin: `send` and `invoke` on the asynchronous path, `sync` on the
//! synchronous one, handed to [`IpcMain`]'s listeners and handlers; and `reply`, the page's
//! answer to main's [`WebContents::invoke`].

mod invoke_error;
mod main;
mod ports;
mod to_page;

pub use invoke_error::InvokeError;
pub use main::{decode_args, HandlerOutcome, IpcEvent, IpcMain};
pub use ports::{MessageChannelMain, MessagePortMain, PortMessage};
pub use to_page::PAGE_INVOKE_TIMEOUT;

use crate::app::App;
use crate::envelope::{EnvelopeError, InvokeResult, Outcome, PageError};
use crate::error::Error;
use crate::events::DocumentReset;
use crate::plugin::{PageMessage, Plugin, RefusedMessage, RequestFuture};
use crate::web_contents::WebContents;

const SEND: &str = "send";
const SYNC: &str = "sync";
const INVOKE: &str = "invoke";

impl App {
    /// The main process's IPC endpoint (Electron's `ipcMain`): a cheap handle.
    pub fn ipc_main(&self) -> IpcMain {
        self.state::<IpcMain>()
            .map(|ipc| IpcMain::clone(&ipc))
            .expect("the builder gives every app its IpcMain")
    }
}

/// The core plugin that carries `ipcRenderer`'s messages to [`IpcMain`].
pub(crate) struct IpcPlugin {
    ipc: IpcMain,
}

impl IpcPlugin {
    pub(crate) fn new(ipc: IpcMain) -> IpcPlugin {
        IpcPlugin { ipc }
    }
}

impl Plugin for IpcPlugin {
    fn name(&self) -> &str {
        "ipc"
    }

    fn request_kinds(&self) -> Vec<String> {
        vec![
            SEND.into(),
            SYNC.into(),
            INVOKE.into(),
            to_page::REPLY.into(),
        ]
        .into_iter()
        .chain(ports::KINDS.map(String::from))
        .collect()
    }

    fn on_message(&self, message: PageMessage) {
        if ports::KINDS.contains(&message.kind.as_str()) {
            return ports::on_page_message(&self.ipc, message);
        }
        let window_id = message.sender.id();
        let PageMessage {
            sender,
            sender_frame,
            kind,
            id,
            channel,
            args,
        } = message;
        if let (to_page::REPLY, Some(id)) = (kind.as_str(), id) {
            return to_page::settle(&sender, &sender_frame, id, &args);
        }
        let event = IpcEvent::new(sender.clone(), &channel, sender_frame);
        match (kind.as_str(), id) {
            (SEND, _) => self.ipc.dispatch(event, &args),
            (INVOKE, Some(id)) => {
                let mut running = self.ipc.invoke(event, &args);
                // A handler that answers at once is answered here, without a task hop (the
                // common case, and the latency that matters); one that waits goes on in its own
                // task.
                let mut context = std::task::Context::from_waker(std::task::Waker::noop());
                match running.as_mut().poll(&mut context) {
                    std::task::Poll::Ready(outcome) => {
                        settle_invoke(&sender, &channel, id, outcome)
                    }
                    std::task::Poll::Pending => {
                        tokio::spawn(async move {
                            let outcome = running.await;
                            settle_invoke(&sender, &channel, id, outcome);
                        });
                    }
                }
            }
            (INVOKE | to_page::REPLY, None) => {
                let error = EnvelopeError::MissingId;
                tracing::error!(window_id, channel, %error, "refused a malformed IPC message from the page");
            }
            (other, _) => {
                let error = EnvelopeError::WrongKind(other.to_string());
                tracing::error!(window_id, channel, %error, "refused a malformed IPC message from the page");
            }
        }
    }

    fn on_request(&self, request: PageMessage) -> RequestFuture {
        if request.kind != SYNC {
            let refusal = EnvelopeError::WrongKind(request.kind).to_string();
            return Box::pin(std::future::ready(Outcome::Error(PageError::new(refusal))));
        }
        let answered = self.ipc.dispatch_sync(
            request.sender,
            &request.channel,
            request.sender_frame,
            &request.args,
        );
        let channel = request.channel;
        Box::pin(async move {
            answered.await.unwrap_or_else(|_| {
                Outcome::Error(PageError::new(format!(
                    "no listener of sync channel '{channel}' set a return value"
                )))
            })
        })
    }

    fn on_document_reset(&self, contents: &WebContents, reset: DocumentReset) {
        to_page::forget_requests(contents, reset);
        ports::forget_ports(contents, reset);
    }

    fn on_refused(&self, refused: RefusedMessage) {
        // An invoke waits for an answer: it gets the refusal.
        if let (INVOKE, Some(id)) = (refused.kind.as_str(), refused.id) {
            let outcome = invoke_error::invoke_error(&refused.channel, &refused.reason);
            settle_invoke(&refused.sender, &refused.channel, id, outcome);
        }
    }
}

/// Settles the page's `invoke` promise `id`; a result over the size limit becomes its refusal.
fn settle_invoke(contents: &WebContents, channel: &str, id: u64, outcome: Outcome) {
    let delivered = match contents.deliver(channel, &InvokeResult::new(id, &outcome)) {
        Err(too_large @ Error::MessageTooLarge { .. }) => {
            let refused = invoke_error::invoke_error(channel, &too_large);
            contents.deliver(channel, &InvokeResult::new(id, &refused))
        }
        other => other,
    };
    if let Err(error) = delivered {
        tracing::debug!(window_id = contents.id(), channel, %error, "invoke result not delivered");
    }
}
