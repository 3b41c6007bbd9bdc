//! The remote module as a cathode plugin: its renderer part, its requests, and its per-app and
//! per-window state.

use cathode::{
    App, DocumentReset, PageMessage, Plugin, RendererScript, RequestFuture, WebContents,
    WebPreferences,
};
use serde_json::json;

use crate::registry::{RemoteRegistry, KIND};
use crate::wire::remote_enabled;
use crate::{RemoteModule, DISABLED_MESSAGE};

/// The page's part: proxies for main's objects (`require('electron').remote`).
const REMOTE_JS: &str = include_str!("remote.js");

/// Adds the remote module to an app: `App::builder().plugin(RemotePlugin)`. Windows whose
/// [`WebPreferences::enable_remote_module`] is set get `require('electron').remote` where the
/// renderer runtime is (a node-integrated page, or the preload); in the others it throws. The
/// runtime also gives
/// `require('@electron/remote')`, which main answers for the windows it enabled with
/// [`RemoteModule::enable`] (and those with the preference).
#[derive(Debug, Clone, Copy, Default)]
pub struct RemotePlugin;

impl Plugin for RemotePlugin {
    fn name(&self) -> &str {
        "remote"
    }

    fn request_kinds(&self) -> Vec<String> {
        vec![KIND.into()]
    }

    fn setup(&self, app: &App) {
        app.manage(RemoteModule::default());
    }

    fn renderer_scripts(&self, preferences: &WebPreferences) -> Vec<RendererScript> {
        vec![RendererScript::RuntimeExtension {
            kind: KIND.into(),
            source: REMOTE_JS.into(),
            config: json!({
                "enabled": remote_enabled(preferences),
                "disabledMessage": DISABLED_MESSAGE,
            }),
        }]
    }

    fn on_message(&self, message: PageMessage) {
        if message.channel == "release" {
            crate::wire::release(&message.sender, &message.args);
        } else {
            tracing::error!(
                window_id = message.sender.id(),
                channel = message.channel,
                "refused a remote message that is not a release"
            );
        }
    }

    fn on_request(&self, request: PageMessage) -> RequestFuture {
        crate::wire::handle_request(request)
    }

    fn on_document_reset(&self, contents: &WebContents, _reset: DocumentReset) {
        RemoteRegistry::of(contents).reset();
    }
}

/// The remote module's methods on cathode's handles.
pub trait RemoteExt {
    /// What pages may reach through the remote module.
    ///
    /// Panics when the app was built without [`RemotePlugin`]: nothing would reach the pages.
    fn remote(&self) -> RemoteModule;
}

impl RemoteExt for App {
    fn remote(&self) -> RemoteModule {
        let module = self.state::<RemoteModule>().expect(
            "the remote module is not part of this app: add cathode_remote::RemotePlugin with \
             AppBuilder::plugin",
        );
        RemoteModule::clone(&module)
    }
}

/// The remote module's bookkeeping of a page.
pub trait RemoteObjectsHeld {
    /// How many main-process objects the page holds through the remote module.
    fn remote_objects_held(&self) -> usize;
}

impl RemoteObjectsHeld for WebContents {
    fn remote_objects_held(&self) -> usize {
        RemoteRegistry::of(self).len()
    }
}
