//! Node in pages with node integration, as a cathode plugin: the page's `require` of its own
//! files, npm packages and Node's built-ins (`js/page_node.js`), with main finding and reading
//! module files and doing the OS work (`fs`, `os`, `child_process`'s Sync forms, digests) over
//! synchronous requests of the kind `node`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use cathode::{
    DocumentReset, Outcome, PageError, PageMessage, Plugin, RendererScript, RequestFuture,
    WebContents, WebPreferences,
};
use serde_json::{json, Value};

use crate::child::PageChildren;
use crate::hash::Algorithm;
use crate::host::{BUFFER_JS, EVENTS_JS, INSPECT_JS, LAZY_MODULES, PATH_JS, URL_JS};

/// The request kind of the page's part.
const KIND: &str = "node";
const PAGE_NODE_JS: &str = include_str!("js/page_node.js");
const PAGE_BYTES_JS: &str = include_str!("js/page_bytes.js");

/// How long before the app's sync timeout a page's `spawnSync` child is ended, so the page gets
/// Node's `ETIMEDOUT` rather than main's timeout while the child runs on.
const CHILD_MARGIN: Duration = Duration::from_millis(500);

/// Gives pages with node integration Node's `require`, as Electron's node-integrated pages have
/// it: `require('./renderer.js')` and npm packages from `node_modules` (main resolves them with
/// Node's rules and reads them), Node's pure-JavaScript built-ins (`path`, `events`, `util`,
/// `url`, `assert`, `buffer`, `string_decoder`, `querystring`, `stream`) run in the page, and
/// `fs`, `os`, `child_process` (`execSync`, `spawnSync`, `execFileSync`) and `crypto` served by
/// main. Also the globals `process`, `Buffer`, `global`, `module`, `exports`, `setImmediate`.
///
/// A page is Node here, as in Electron: it reads and writes every file the app can, and runs
/// programs. Main serves only windows whose preferences give node integration, checked on every
/// request; others get no part of it.
///
/// ```no_run
/// let app = cathode::App::builder()
///     .plugin(cathode_js::PageNodePlugin::new("/path/to/app"))
///     .build();
/// ```
#[derive(Debug, Clone)]
pub struct PageNodePlugin {
    cwd: PathBuf,
}

impl PageNodePlugin {
    /// Pages' relative `fs` paths and `process.cwd()` are `cwd` (the CLI gives the app's folder,
    /// the main script's working folder too).
    pub fn new(cwd: impl Into<PathBuf>) -> PageNodePlugin {
        PageNodePlugin { cwd: cwd.into() }
    }
}

/// The page's part: `page_node.js` called with the bridge and the module factories.
fn page_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let mut lib = format!(
            "bytes: {PAGE_BYTES_JS},\npath: {PATH_JS},\nevents: {EVENTS_JS},\n\
             inspect: {INSPECT_JS},\nbuffer: {BUFFER_JS},\nurl: {URL_JS},\n"
        );
        for (name, source) in LAZY_MODULES {
            lib.push_str(&format!("{name}: {source},\n"));
        }
        format!("(function (bridge) {{\nreturn ({PAGE_NODE_JS})(bridge, {{\n{lib}}});\n}})")
    })
}

impl Plugin for PageNodePlugin {
    fn name(&self) -> &str {
        "node"
    }

    fn request_kinds(&self) -> Vec<String> {
        vec![KIND.into()]
    }

    fn renderer_scripts(&self, preferences: &WebPreferences) -> Vec<RendererScript> {
        if !node_in_renderer(preferences) {
            return Vec::new();
        }
        vec![RendererScript::RuntimeExtension {
            kind: KIND.into(),
            source: page_source().into(),
            config: Value::Null,
        }]
    }

    fn on_document_reset(&self, contents: &WebContents, _reset: DocumentReset) {
        if let Some(children) = contents.state::<PageChildren>() {
            children.kill_all();
        }
    }

    fn on_request(&self, request: PageMessage) -> RequestFuture {
        let cwd = self.cwd.clone();
        Box::pin(async move {
            if !node_in_renderer(&request.sender.web_preferences()) {
                tracing::error!(
                    window_id = request.sender.id(),
                    channel = request.channel,
                    "refused a Node request from a window without node integration"
                );
                return Outcome::Error(PageError::new(
                    "this window has no node integration: main serves no Node module to it",
                ));
            }
            let cap = request
                .sender
                .app()
                .map(|app| app.sync_timeout())
                .unwrap_or(cathode::DEFAULT_SYNC_TIMEOUT)
                .saturating_sub(CHILD_MARGIN);
            let PageMessage {
                sender,
                channel,
                args,
                ..
            } = request;
            // File and process work runs off main's thread, which keeps serving other windows.
            let answer =
                tokio::task::spawn_blocking(move || answer(&sender, &channel, &args, &cwd, cap))
                    .await;
            match answer {
                Ok(Ok(value)) => Outcome::Ok(value),
                Ok(Err(error)) => Outcome::Error(error),
                Err(failed) => Outcome::Error(PageError::new(format!(
                    "the main process failed serving a Node request: {failed}"
                ))),
            }
        })
    }
}

/// Whether the window's renderer has Node, as in Electron: node integration without the sandbox.
/// Where the runtime lives decides who gets it: the page itself without context isolation, else
/// the preload, in its isolated world.
fn node_in_renderer(preferences: &WebPreferences) -> bool {
    preferences.node_integration && !preferences.sandbox
}

fn type_error(message: impl Into<String>) -> PageError {
    PageError {
        message: message.into(),
        name: "TypeError".into(),
        data: None,
    }
}

/// One request of the page's part, by channel.
fn answer(
    sender: &WebContents,
    channel: &str,
    args: &[Value],
    cwd: &Path,
    cap: Duration,
) -> Result<Value, PageError> {
    let text = |i: usize| args.get(i).and_then(Value::as_str);
    if let Some(operation) = channel.strip_prefix("child") {
        return child_request(sender, operation, args);
    }
    match channel {
        "load" => {
            let (Some(request), Some(dir)) = (text(0), text(1)) else {
                return Err(type_error("load takes a request and a folder"));
            };
            let loaded = crate::resolve::load(request, &cwd.join(dir)).map_err(|error| {
                let mut data = json!({});
                if let Some(code) = error.code {
                    data["code"] = code.into();
                }
                if let Some(path) = error.path {
                    data["path"] = path.into();
                }
                PageError {
                    message: error.message,
                    name: error.name.into(),
                    data: Some(data),
                }
            })?;
            Ok(json!({ "filename": loaded.filename, "source": loaded.source, "json": loaded.json }))
        }
        "fs" => {
            let (Some(name), Some(options)) = (text(0), args.get(1).and_then(Value::as_object))
            else {
                return Err(type_error("fs takes an operation and its arguments"));
            };
            crate::fs::run_for_page(name, options, cwd)
        }
        "os" => text(0)
            .and_then(crate::os::for_page)
            .ok_or_else(|| type_error(format!("os has no {:?}", args.first()))),
        "hash" => {
            let algorithm = text(0)
                .and_then(Algorithm::parse)
                .ok_or_else(|| PageError::new("Digest method not supported"))?;
            let data = args
                .get(2)
                .and_then(crate::bytes::from_json)
                .ok_or_else(|| type_error("hash takes bytes"))?;
            let digest = match args.get(1).and_then(crate::bytes::from_json) {
                Some(key) => algorithm.hmac(&key, &data),
                None => algorithm.digest(&data),
            };
            Ok(crate::bytes::to_json(&digest))
        }
        "spawnSync" => {
            let options = args
                .first()
                .ok_or_else(|| type_error("spawnSync takes options"))?;
            crate::child::spawn_sync_for_page(options, cap).map_err(type_error)
        }
        "process" => Ok(json!({
            "env": std::env::vars_os()
                .map(|(k, v)| (k.to_string_lossy().into_owned(), Value::String(v.to_string_lossy().into_owned())))
                .collect::<serde_json::Map<_, _>>(),
            "cwd": cwd.to_string_lossy(),
            "pid": std::process::id(),
            "platform": cathode_remote::electron::node_platform(),
            "arch": crate::host::node_arch(),
            "versions": { "cathode": env!("CARGO_PKG_VERSION") },
            "execPath": std::env::current_exe().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default(),
            "argv": std::env::args().collect::<Vec<_>>(),
        })),
        other => Err(PageError::new(format!("no Node request '{other}'"))),
    }
}

/// A page's `spawn`ed children: `childSpawn`, `childWrite`, `childEnd`, `childKill`,
/// `childForget`, each with the page document's session and the page's id of the child first.
fn child_request(
    sender: &WebContents,
    operation: &str,
    args: &[Value],
) -> Result<Value, PageError> {
    let (Some(session), Some(id)) = (
        args.first().and_then(Value::as_str),
        args.get(1).and_then(Value::as_u64),
    ) else {
        return Err(type_error("a child request takes a session and an id"));
    };
    let children = sender.state_or_insert_with(PageChildren::default);
    match operation {
        "Spawn" => {
            let options = args
                .get(2)
                .ok_or_else(|| type_error("spawn takes options"))?;
            let contents = sender.clone();
            let document = session.to_string();
            let post = move |id: u64, kind: &'static str, data: Value| {
                let args = vec![json!(document), json!(id), json!(kind), data];
                if let Err(error) = contents.post_message(KIND, "child", args) {
                    tracing::debug!(window_id = contents.id(), %error, "a child's event found no page");
                }
            };
            match children.spawn(session, id, options, post) {
                Ok(pid) => Ok(json!(pid)),
                Err(failure) => Err(PageError {
                    message: failure
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("spawn failed")
                        .to_string(),
                    name: "Error".into(),
                    data: Some(failure),
                }),
            }
        }
        "Write" => {
            let data = args
                .get(2)
                .and_then(crate::bytes::from_json)
                .ok_or_else(|| type_error("write takes bytes"))?;
            Ok(json!(children.write(session, id, data)))
        }
        "End" => {
            children.end(session, id);
            Ok(Value::Null)
        }
        "Kill" => {
            let signal = args.get(2).and_then(Value::as_str).unwrap_or("SIGTERM");
            Ok(json!(children.kill(session, id, signal)))
        }
        "Forget" => {
            children.forget(session, id);
            Ok(Value::Null)
        }
        other => Err(PageError::new(format!("no Node request 'child{other}'"))),
    }
}
