//! The plugin seam: how code above the core adds to every window. A plugin contributes renderer
//! scripts, answers the request kinds it reserves on the async and sync paths, hears a page's
//! document go away, and keeps typed state per app ([`crate::App::manage`]) and per window
//! ([`WebContents::state`]). cathode's own IPC (`send`, `sync`, `invoke`) is the first plugin;
//! the remote module (crate `cathode-remote`) is built the same way.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde_json::Value;

use crate::app::App;
use crate::envelope::{EnvelopeError, Outcome, PageError};
use crate::events::DocumentReset;
use crate::frames::SenderFrame;
use crate::options::WebPreferences;
use crate::web_contents::WebContents;

/// The future of a sync request's answer.
pub type RequestFuture = Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// What a plugin adds to a window's pages.
#[derive(Debug, Clone, PartialEq)]
pub enum RendererScript {
    /// Part of the renderer runtime, in the runtime's world (the page's own, or with
    /// [`WebPreferences::context_isolation`] cathode's isolated world, where the preload runs), in
    /// each document that gets the runtime (the trusted ones; see
    /// [`WebPreferences::trusted_origins`]). `source` is a
    /// JavaScript function expression; the runtime calls it with a bridge
    /// `{config, request(channel, args), post(channel, args), errorFromMain(error), values}` bound to
    /// `kind` (`request` is a synchronous request, `post` an asynchronous message; both reach
    /// the plugin that reserved `kind`; `values` is IPC's value codec, `renderer/values.js`, with
    /// its `toBase64`/`fromBase64`). It may return `{dispatch(envelope), properties,
    /// require(name)}`: `dispatch` receives the messages main sends with
    /// [`WebContents::post_message`], `properties` (property descriptors) are added to
    /// `require('electron')` (of the page, or of the preload), and `require` answers `require` of
    /// other names (returning `undefined` passes the name on).
    RuntimeExtension {
        /// The request kind the bridge is bound to.
        kind: String,
        /// A function expression, e.g. `(function install(bridge) { ... })`.
        source: String,
        /// What the page's part is told (`bridge.config`).
        config: Value,
    },
    /// A script run as it is at the start of every new document of the page, before the page's
    /// own scripts: in the main world (`world: None`), or in an isolated world of that name.
    Document {
        /// JavaScript source.
        source: String,
        /// The isolated world to run in, if any.
        world: Option<String>,
    },
}

/// A message or request that came from a page, checked: it came from a frame given IPC, it is
/// within the size limit, and it is a well-formed envelope of a kind the plugin reserved.
#[derive(Debug, Clone)]
pub struct PageMessage {
    /// The page that sent it.
    pub sender: WebContents,
    /// The frame that sent it, as the browser reports it.
    pub sender_frame: SenderFrame,
    /// Its kind (one the plugin reserved).
    pub kind: String,
    /// The request id the page gave, if any.
    pub id: Option<u64>,
    /// Its channel (for a plugin, usually the operation).
    pub channel: String,
    /// Its arguments, as the page sent them.
    pub args: Vec<Value>,
}

/// A message of a plugin's kind that main refused before it reached the plugin (over the size
/// limit, or its arguments could not be read): enough to answer a page that waits for it.
#[derive(Debug, Clone)]
pub struct RefusedMessage {
    /// The page that sent it.
    pub sender: WebContents,
    /// Its kind.
    pub kind: String,
    /// The request id the page gave, if it could be read.
    pub id: Option<u64>,
    /// Its channel, if it could be read.
    pub channel: String,
    /// Why it was refused.
    pub reason: String,
}

/// Code that extends every window of an app, modelled on Tauri's `Plugin` and Electron's internal
/// IPC. Every method has a default that does nothing, so a plugin implements only what it uses.
///
/// ```
/// use cathode::{PageMessage, Plugin, RendererScript, RequestFuture, WebPreferences};
///
/// /// Answers `require('electron').clock.now()` in pages.
/// struct Clock;
///
/// impl Plugin for Clock {
///     fn name(&self) -> &str {
///         "clock"
///     }
///     fn request_kinds(&self) -> Vec<String> {
///         vec!["clock".into()]
///     }
///     fn renderer_scripts(&self, _preferences: &WebPreferences) -> Vec<RendererScript> {
///         let source = "(function (bridge) { return { properties: { clock: { value: \
///                       { now: () => bridge.request('now', []) } } } }; })";
///         vec![RendererScript::RuntimeExtension {
///             kind: "clock".into(),
///             source: source.into(),
///             config: serde_json::Value::Null,
///         }]
///     }
///     fn on_request(&self, _request: PageMessage) -> RequestFuture {
///         Box::pin(async { cathode::Outcome::Ok(serde_json::json!(1_700_000_000)) })
///     }
/// }
///
/// let app = cathode::App::builder().plugin(Clock).build();
/// ```
pub trait Plugin: Send + Sync + 'static {
    /// The plugin's name, for logs.
    fn name(&self) -> &str;

    /// The envelope kinds this plugin answers. No two plugins of an app may reserve the same
    /// kind; `send`, `sync` and `invoke` are cathode's own.
    fn request_kinds(&self) -> Vec<String> {
        Vec::new()
    }

    /// Called once, when the app is built: keep the plugin's state with [`App::manage`].
    fn setup(&self, _app: &App) {}

    /// What this plugin adds to the pages of a window made with `preferences`. Asked once per
    /// window, when it opens. Runtime extensions go only to windows with the runtime
    /// ([`WebPreferences::has_runtime`]: node integration, or a preload).
    fn renderer_scripts(&self, _preferences: &WebPreferences) -> Vec<RendererScript> {
        Vec::new()
    }

    /// A window opened (before `browser-window-created` is emitted).
    fn on_window_created(&self, _contents: &WebContents) {}

    /// A message of one of this plugin's kinds came on the asynchronous path (`bridge.post`).
    fn on_message(&self, message: PageMessage) {
        tracing::debug!(
            plugin = self.name(),
            kind = message.kind,
            "a plugin got a message it does not take"
        );
    }

    /// A request of one of this plugin's kinds came on the synchronous path (`bridge.request`);
    /// the page's thread is blocked until the returned future answers (or the app's sync timeout
    /// passes). Panics in the future become an error for the page.
    fn on_request(&self, request: PageMessage) -> RequestFuture {
        let refusal = EnvelopeError::WrongKind(request.kind).to_string();
        Box::pin(std::future::ready(Outcome::Error(PageError::new(refusal))))
    }

    /// A message of one of this plugin's kinds was refused before it reached the plugin.
    fn on_refused(&self, _refused: RefusedMessage) {}

    /// The page's document went away: whatever it held is gone (listeners it added, objects
    /// handed to it). Called after the fact, outside every lock.
    fn on_document_reset(&self, _contents: &WebContents, _reset: DocumentReset) {}
}

/// The app's plugins, and which one takes each request kind.
pub(crate) struct PluginRegistry {
    plugins: Vec<Arc<dyn Plugin>>,
    by_kind: HashMap<String, usize>,
}

impl PluginRegistry {
    /// Fails with the kind two plugins both reserve.
    pub(crate) fn new(plugins: Vec<Arc<dyn Plugin>>) -> Result<PluginRegistry, String> {
        let mut by_kind = HashMap::new();
        for (index, plugin) in plugins.iter().enumerate() {
            for kind in plugin.request_kinds() {
                if by_kind.insert(kind.clone(), index).is_some() {
                    return Err(kind);
                }
            }
        }
        Ok(PluginRegistry { plugins, by_kind })
    }

    /// The plugin that takes `kind`.
    pub(crate) fn for_kind(&self, kind: &str) -> Result<&Arc<dyn Plugin>, EnvelopeError> {
        self.by_kind
            .get(kind)
            .map(|&index| &self.plugins[index])
            .ok_or_else(|| EnvelopeError::UnknownKind(kind.to_string()))
    }

    pub(crate) fn all(&self) -> &[Arc<dyn Plugin>] {
        &self.plugins
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Reserving(&'static str, Vec<String>);

    impl Plugin for Reserving {
        fn name(&self) -> &str {
            self.0
        }
        fn request_kinds(&self) -> Vec<String> {
            self.1.clone()
        }
    }

    fn plugin(name: &'static str, kinds: &[&str]) -> Arc<dyn Plugin> {
        Arc::new(Reserving(
            name,
            kinds.iter().map(|kind| kind.to_string()).collect(),
        ))
    }

    #[test]
    fn each_kind_goes_to_the_plugin_that_reserved_it() {
        let registry = PluginRegistry::new(vec![
            plugin("a", &["send", "sync"]),
            plugin("b", &["remote"]),
        ])
        .expect("no kind reserved twice");
        assert_eq!(registry.for_kind("remote").map(|p| p.name()), Ok("b"));
        assert_eq!(registry.for_kind("sync").map(|p| p.name()), Ok("a"));
        assert_eq!(
            registry.for_kind("teleport").map(|p| p.name()),
            Err(EnvelopeError::UnknownKind("teleport".into()))
        );
    }

    #[test]
    fn a_kind_reserved_twice_is_refused() {
        let twice = PluginRegistry::new(vec![plugin("a", &["x"]), plugin("b", &["x"])]);
        assert_eq!(twice.err(), Some("x".to_string()));
    }
}
