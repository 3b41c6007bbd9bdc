//! The renderer runtime as main injects it: its private names, and the one script that installs
//! it with the plugins' extensions in each new document.

use serde_json::Value;

/// The renderer runtime as a function expression (`renderer/runtime.js`).
const RUNTIME_JS: &str = include_str!("renderer/runtime.js");

/// The reserved URL a page's synchronous requests post to. Only the sending page's own session
/// pauses and answers it; the `.invalid` domain never resolves, so it can never reach a network.
const SYNC_URL_BASE: &str = "https://cathode.invalid/sync/";

/// The names under which the renderer runtime and main find each other in a page: random per
/// app, so pages cannot guess them from the source.
#[derive(Debug)]
pub(crate) struct RuntimeNames {
    pub binding: String,
    pub dispatcher: String,
    pub sync_url: String,
}

impl RuntimeNames {
    pub(crate) fn random() -> RuntimeNames {
        use std::hash::{BuildHasher, RandomState};
        let token = RandomState::new().hash_one(std::process::id());
        // The sync URL's token is its own: a frame that sees the binding's name (a page global)
        // learns nothing about the URL.
        let sync_token = RandomState::new().hash_one((std::process::id(), token));
        RuntimeNames {
            binding: format!("__cathode_ipc_{token:016x}"),
            dispatcher: format!("__cathode_dispatch_{token:016x}"),
            sync_url: format!("{SYNC_URL_BASE}{sync_token:016x}"),
        }
    }
}

/// A plugin's part of the renderer runtime in one window: a function expression the runtime
/// calls with a bridge for the plugin's request kind (see `renderer/runtime.js`).
#[derive(Debug, Clone)]
pub(crate) struct RuntimeExtension {
    pub kind: String,
    pub source: String,
    pub config: Value,
}

/// What one window's copy of the renderer runtime is told.
pub(crate) struct RuntimeConfig<'a> {
    pub names: &'a RuntimeNames,
    pub max_message_size: usize,
    /// Install in frames inside the page too.
    pub subframes: bool,
    /// Which documents get the runtime (see [`crate::frames::Trust::to_json`]).
    pub trusted: Value,
    pub extensions: &'a [RuntimeExtension],
}

/// The script injected into every new document of a page: the runtime, with its extensions.
pub(crate) fn runtime_script(config: &RuntimeConfig<'_>) -> String {
    let settings = serde_json::json!({
        "binding": config.names.binding,
        "dispatcher": config.names.dispatcher,
        "syncUrl": config.names.sync_url,
        "maxMessageSize": config.max_message_size,
        "subframes": config.subframes,
        "trusted": config.trusted,
    });
    let extensions: Vec<String> = config
        .extensions
        .iter()
        .map(|extension| {
            format!(
                "{{kind: {}, config: {}, install: ({})}}",
                Value::from(extension.kind.as_str()),
                extension.config,
                extension.source
            )
        })
        .collect();
    format!(
        "({RUNTIME_JS})({settings}, [{}], ({})());",
        extensions.join(", "),
        crate::value::CODEC_JS
    )
}
