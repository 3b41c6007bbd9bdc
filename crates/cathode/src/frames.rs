//! Which frames of a page may talk to main, decided only from what the browser reports.
//!
//! A page's binding and its reserved sync URL are reachable from every frame that runs in the
//! page's renderer process (same-site iframes, `data:`, `srcdoc` and sandboxed ones), and a
//! hostile frame controls its own JavaScript. So main does not ask the page who is calling: it
//! follows the browser's account of the page's frames (`Page.frameNavigated`,
//! `Page.frameDetached`) and JavaScript contexts (`Runtime.executionContextCreated` and
//! friends), and judges each binding call by its `executionContextId` and each paused request by
//! its `frameId`. A sender is allowed when it is the runtime's world (the page's own world, or with
//! context isolation cathode's isolated world, known by its name) of the main frame (or of any
//! frame, with `node_integration_in_subframes`) and its document is trusted: its origin is one main
//! loaded in this window or one the app listed, or it is a `data:` document (opaque origin) that
//! main itself loaded into the main frame, known by the loader id of main's navigation.

use std::collections::{BTreeSet, HashMap};

/// The frame a message came from, as the browser reports it (Electron's `event.senderFrame`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderFrame {
    /// The browser's id of the frame (for a page's main frame, its target id).
    pub frame_id: String,
    /// The URL of the frame's document.
    pub url: String,
    /// The document's origin, e.g. `https://example.com` or `file://`; `null` when opaque.
    pub origin: String,
    /// True for the page's top-level frame.
    pub is_main_frame: bool,
}

/// The origin Chromium gives an opaque document.
const OPAQUE: &str = "null";

/// The origin of `url` as the browser computes it, or `None` when the URL has an opaque origin
/// (`data:`, `about:blank`, `javascript:`...).
pub(crate) fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme == "file" {
        return Some("file://".into());
    }
    let default_port = match scheme.as_str() {
        "http" | "ws" => "80",
        "https" | "wss" => "443",
        _ => return None,
    };
    let authority = rest.strip_prefix("//")?;
    // As the browser reads special URLs: a backslash ends the host too.
    let authority = authority
        .split(['/', '\\', '?', '#'])
        .next()
        .unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    if host_port.is_empty() {
        return None;
    }
    let host_port = host_port.to_ascii_lowercase();
    let without_default = host_port
        .strip_suffix(&format!(":{default_port}"))
        .unwrap_or(&host_port);
    Some(format!("{scheme}://{without_default}"))
}

fn is_data_url(url: &str) -> bool {
    url.get(..5)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"))
}

/// Chromium writes an opaque origin as `null`, `://` or nothing, depending on the event.
fn normalize_origin(origin: &str) -> String {
    match origin {
        "" | "://" | OPAQUE => OPAQUE.into(),
        other => other.to_string(),
    }
}

/// The documents of a window that get cathode's runtime.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Trust {
    origins: BTreeSet<String>,
    /// `data:` URLs main loaded: only for the renderer runtime's copy of the rule, which cannot
    /// know loader ids. Main itself trusts such a document by the loader of its navigation.
    data_urls: BTreeSet<String>,
}

impl Trust {
    /// Trust from the origins an app lists (`https://example.com`, or any URL of that origin).
    pub(crate) fn listed(origins: &[String]) -> Trust {
        let mut trust = Trust::default();
        for listed in origins {
            match origin_of(listed) {
                Some(origin) => {
                    trust.origins.insert(origin);
                }
                None => {
                    tracing::warn!(origin = %listed, "a trusted origin that is not one (not http, https or file): ignored")
                }
            }
        }
        trust
    }

    /// Trusts what main loads: `url`'s origin; a `data:` URL only as the document main loads
    /// (other opaque URLs, such as `about:blank`, are never trusted). True when that is new.
    pub(crate) fn allow(&mut self, url: &str) -> bool {
        match origin_of(url) {
            Some(origin) => self.origins.insert(origin),
            None if is_data_url(url) => self.data_urls.insert(url.to_string()),
            None => false,
        }
    }

    /// Whether a document of `origin` (as the browser reports it) is trusted by its origin.
    pub(crate) fn trusts_origin(&self, origin: &str) -> bool {
        let origin = normalize_origin(origin);
        origin != OPAQUE && self.origins.contains(&origin)
    }

    /// The renderer runtime's copy of this rule: `{origins: [...], urls: [...]}`.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "origins": self.origins, "urls": self.data_urls })
    }
}

/// Why a message from a page was refused: the browser says it came from somewhere that was not
/// given cathode's runtime.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Refusal {
    /// A context the browser never announced, or one that is gone.
    #[error("it came from an unknown JavaScript context ({0})")]
    UnknownContext(i64),
    /// A frame the browser never announced, or one that is gone.
    #[error("it came from an unknown frame ({0})")]
    UnknownFrame(String),
    /// An isolated world (an extension's, or one main did not make for the runtime).
    #[error("it came from an isolated world of frame {} ({})", .0.frame_id, .0.origin)]
    IsolatedWorld(SenderFrame),
    /// The page's own world, when the runtime runs in cathode's isolated world.
    #[error("it came from the page's own world of frame {} ({}), not from cathode's isolated world", .0.frame_id, .0.origin)]
    MainWorld(SenderFrame),
    /// A frame inside the page, and the window does not give frames the runtime.
    #[error("it came from a frame inside the page (frame {}, origin {}), and the window does not give frames IPC (node_integration_in_subframes)", .0.frame_id, .0.origin)]
    Subframe(SenderFrame),
    /// A document whose origin main did not load and the app did not list.
    #[error("it came from a document of an untrusted origin (frame {}, origin {}, {})", .0.frame_id, .0.origin, .0.url)]
    Untrusted(SenderFrame),
}

impl Refusal {
    /// The frame the refused message came from, when the browser named one.
    pub(crate) fn frame(&self) -> Option<&SenderFrame> {
        match self {
            Refusal::UnknownContext(_) | Refusal::UnknownFrame(_) => None,
            Refusal::IsolatedWorld(frame)
            | Refusal::MainWorld(frame)
            | Refusal::Subframe(frame)
            | Refusal::Untrusted(frame) => Some(frame),
        }
    }
}

#[derive(Debug, Clone)]
struct Document {
    url: String,
    origin: String,
    /// Main started the navigation that committed it (its loader id is one of main's).
    loaded_by_main: bool,
}

#[derive(Debug, Clone)]
struct Context {
    frame_id: String,
    is_default: bool,
    /// The world's name (empty for the page's own world).
    world: String,
}

/// One page's frames and JavaScript contexts, as the browser reported them.
#[derive(Debug)]
pub(crate) struct FrameTable {
    main_frame: String,
    documents: HashMap<String, Document>,
    contexts: HashMap<i64, Context>,
}

impl FrameTable {
    /// A page whose main frame has the id `main_frame` (its target id).
    pub(crate) fn new(main_frame: &str) -> FrameTable {
        FrameTable {
            main_frame: main_frame.to_string(),
            documents: HashMap::new(),
            contexts: HashMap::new(),
        }
    }

    /// A frame committed a document (`Page.frameNavigated`); `loaded_by_main` when main
    /// started the navigation.
    pub(crate) fn navigated(
        &mut self,
        frame_id: &str,
        url: &str,
        origin: &str,
        loaded_by_main: bool,
    ) {
        let document = Document {
            url: url.to_string(),
            origin: normalize_origin(origin),
            loaded_by_main,
        };
        self.documents.insert(frame_id.to_string(), document);
    }

    /// A frame left the page (`Page.frameDetached`).
    pub(crate) fn detached(&mut self, frame_id: &str) {
        self.documents.remove(frame_id);
        self.contexts
            .retain(|_, context| context.frame_id != frame_id);
    }

    /// A JavaScript context appeared (`Runtime.executionContextCreated`), of the world `world`
    /// (the page's own when `is_default`).
    pub(crate) fn context_created(
        &mut self,
        id: i64,
        frame_id: Option<&str>,
        is_default: bool,
        world: &str,
    ) {
        if let Some(frame_id) = frame_id {
            let context = Context {
                frame_id: frame_id.to_string(),
                is_default,
                world: if is_default {
                    String::new()
                } else {
                    world.to_string()
                },
            };
            self.contexts.insert(id, context);
        }
    }

    /// The context of the isolated world `world` in the main frame's current document, if the
    /// browser announced one.
    pub(crate) fn main_frame_context(&self, world: &str) -> Option<i64> {
        self.contexts
            .iter()
            .filter(|(_, context)| {
                context.frame_id == self.main_frame && !context.is_default && context.world == world
            })
            .map(|(id, _)| *id)
            .max()
    }

    /// The contexts of the isolated world `world` in every frame the browser announced one for.
    pub(crate) fn world_contexts(&self, world: &str) -> Vec<i64> {
        self.contexts
            .iter()
            .filter(|(_, context)| !context.is_default && context.world == world)
            .map(|(id, _)| *id)
            .collect()
    }

    /// A JavaScript context went away (`Runtime.executionContextDestroyed`).
    pub(crate) fn context_destroyed(&mut self, id: i64) {
        self.contexts.remove(&id);
    }

    /// Every JavaScript context went away (`Runtime.executionContextsCleared`).
    pub(crate) fn contexts_cleared(&mut self) {
        self.contexts.clear();
    }

    /// Who made a binding call from context `id`, if that context may talk to main: a context of
    /// the runtime's world, `runtime_world` (`None`: the page's own world).
    pub(crate) fn sender_of_context(
        &self,
        id: i64,
        trust: &Trust,
        subframes: bool,
        runtime_world: Option<&str>,
    ) -> Result<SenderFrame, Refusal> {
        let context = self.contexts.get(&id).ok_or(Refusal::UnknownContext(id))?;
        let sender = self.sender_of_frame(&context.frame_id, trust, subframes)?;
        match (runtime_world, context.is_default) {
            (None, true) => Ok(sender),
            (Some(world), false) if context.world == world => Ok(sender),
            (Some(_), true) => Err(Refusal::MainWorld(sender)),
            (_, false) => Err(Refusal::IsolatedWorld(sender)),
        }
    }

    /// Whether frame `frame_id` has navigated to a document the table knows.
    pub(crate) fn knows(&self, frame_id: &str) -> bool {
        self.documents.contains_key(frame_id)
    }

    /// Who made a request from frame `frame_id`, if that frame may talk to main.
    pub(crate) fn sender_of_frame(
        &self,
        frame_id: &str,
        trust: &Trust,
        subframes: bool,
    ) -> Result<SenderFrame, Refusal> {
        let document = self
            .documents
            .get(frame_id)
            .ok_or_else(|| Refusal::UnknownFrame(frame_id.to_string()))?;
        let sender = SenderFrame {
            frame_id: frame_id.to_string(),
            url: document.url.clone(),
            origin: document.origin.clone(),
            is_main_frame: frame_id == self.main_frame,
        };
        if !sender.is_main_frame && !subframes {
            return Err(Refusal::Subframe(sender));
        }
        let trusted = if sender.origin == OPAQUE {
            sender.is_main_frame && document.loaded_by_main && is_data_url(&sender.url)
        } else {
            trust.trusts_origin(&sender.origin)
        };
        if !trusted {
            return Err(Refusal::Untrusted(sender));
        }
        Ok(sender)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_computed_as_the_browser_does() {
        assert_eq!(
            origin_of("http://127.0.0.1:8001/a/b.html?x#y").as_deref(),
            Some("http://127.0.0.1:8001")
        );
        assert_eq!(
            origin_of("HTTPS://User@Example.COM:443/").as_deref(),
            Some("https://example.com")
        );
        assert_eq!(
            origin_of("http://example.com:8080").as_deref(),
            Some("http://example.com:8080")
        );
        assert_eq!(
            origin_of("file:///home/a/index.html").as_deref(),
            Some("file://")
        );
        assert_eq!(origin_of("data:text/html,<p>hi"), None);
        assert_eq!(origin_of("about:blank"), None);
        assert_eq!(origin_of("http://"), None);
        assert_eq!(
            origin_of("https://app.test\\@evil.test/").as_deref(),
            Some("https://app.test")
        );
        assert_eq!(origin_of("no scheme"), None);
    }

    #[test]
    fn trust_covers_loaded_and_listed_origins_never_opaque_ones() {
        let mut trust = Trust::listed(&["https://api.example.com/any/path".into()]);
        assert!(trust.trusts_origin("https://api.example.com"));
        assert!(trust.allow("http://127.0.0.1:8001/index.html"));
        assert!(!trust.allow("http://127.0.0.1:8001/other.html"));
        assert!(trust.trusts_origin("http://127.0.0.1:8001"));
        assert!(!trust.trusts_origin("http://127.0.0.1:8002"));
        // A sandboxed frame of a trusted page has an opaque origin: not trusted.
        assert!(!trust.trusts_origin("null"));
        assert!(!trust.trusts_origin("://"));
        // Of the opaque URLs, only data: URLs are remembered, for the runtime's copy of the rule.
        assert!(trust.allow("data:text/html,app"));
        assert!(!trust.allow("about:blank"));
        assert_eq!(
            trust.to_json()["urls"],
            serde_json::json!(["data:text/html,app"])
        );
    }

    #[test]
    fn a_data_document_is_trusted_only_in_the_main_frame_and_only_when_main_loaded_it() {
        let trust = Trust::default();
        let mut frames = FrameTable::new("MAIN");
        frames.navigated("MAIN", "data:text/html,app", "://", true);
        frames.navigated("CHILD", "data:text/html,app", "null", false);
        assert!(frames.sender_of_frame("MAIN", &trust, true).is_ok());
        assert!(matches!(
            frames.sender_of_frame("CHILD", &trust, true),
            Err(Refusal::Untrusted(_))
        ));
        frames.navigated("MAIN", "about:blank", "null", true);
        assert!(matches!(
            frames.sender_of_frame("MAIN", &trust, true),
            Err(Refusal::Untrusted(_))
        ));
        frames.navigated("MAIN", "data:text/html,app", "null", false);
        assert!(matches!(
            frames.sender_of_frame("MAIN", &trust, true),
            Err(Refusal::Untrusted(_))
        ));
    }

    fn table() -> FrameTable {
        let mut frames = FrameTable::new("MAIN");
        frames.navigated("MAIN", "http://app.test/", "http://app.test", true);
        frames.navigated(
            "CHILD",
            "http://app.test/frame.html",
            "http://app.test",
            false,
        );
        frames.navigated("EVIL", "http://evil.test/", "http://evil.test", false);
        frames.context_created(1, Some("MAIN"), true, "");
        frames.context_created(2, Some("CHILD"), true, "");
        frames.context_created(3, Some("MAIN"), false, "extension");
        frames.context_created(4, Some("EVIL"), true, "");
        frames.context_created(5, Some("MAIN"), false, "cathode_world");
        frames.context_created(6, Some("CHILD"), false, "cathode_world");
        frames
    }

    #[test]
    fn only_the_main_frames_own_world_of_a_trusted_document_may_talk() {
        let frames = table();
        let mut trust = Trust::default();
        trust.allow("http://app.test/");
        let main = frames.sender_of_context(1, &trust, false, None).unwrap();
        assert!(main.is_main_frame);
        assert_eq!(main.origin, "http://app.test");
        assert!(matches!(
            frames.sender_of_context(2, &trust, false, None),
            Err(Refusal::Subframe(frame)) if frame.frame_id == "CHILD"
        ));
        assert!(matches!(
            frames.sender_of_context(3, &trust, false, None),
            Err(Refusal::IsolatedWorld(_))
        ));
        assert_eq!(
            frames.sender_of_context(9, &trust, false, None),
            Err(Refusal::UnknownContext(9))
        );
        assert!(matches!(
            frames.sender_of_frame("NOWHERE", &trust, false),
            Err(Refusal::UnknownFrame(_))
        ));
    }

    #[test]
    fn with_isolation_only_the_runtimes_world_may_talk() {
        let frames = table();
        let mut trust = Trust::default();
        trust.allow("http://app.test/");
        let world = Some("cathode_world");
        assert!(
            frames
                .sender_of_context(5, &trust, false, world)
                .unwrap()
                .is_main_frame
        );
        assert!(matches!(
            frames.sender_of_context(1, &trust, false, world),
            Err(Refusal::MainWorld(_))
        ));
        assert!(matches!(
            frames.sender_of_context(3, &trust, false, world),
            Err(Refusal::IsolatedWorld(_))
        ));
        assert!(matches!(
            frames.sender_of_context(6, &trust, false, world),
            Err(Refusal::Subframe(_))
        ));
        // Without isolation, the runtime's world is the page's own.
        assert!(matches!(
            frames.sender_of_context(5, &trust, false, None),
            Err(Refusal::IsolatedWorld(_))
        ));
        assert_eq!(frames.main_frame_context("cathode_world"), Some(5));
        assert_eq!(frames.main_frame_context("extension"), Some(3));
        assert_eq!(frames.main_frame_context("elsewhere"), None);
    }

    #[test]
    fn subframes_opted_in_still_need_a_trusted_document() {
        let frames = table();
        let mut trust = Trust::default();
        trust.allow("http://app.test/");
        assert!(
            !frames
                .sender_of_context(2, &trust, true, None)
                .unwrap()
                .is_main_frame
        );
        assert!(matches!(
            frames.sender_of_context(4, &trust, true, None),
            Err(Refusal::Untrusted(frame)) if frame.origin == "http://evil.test"
        ));
    }

    #[test]
    fn a_navigated_or_detached_frame_loses_what_it_had() {
        let mut frames = table();
        let mut trust = Trust::default();
        trust.allow("http://app.test/");
        frames.navigated("MAIN", "http://evil.test/", "http://evil.test", false);
        assert!(matches!(
            frames.sender_of_context(1, &trust, false, None),
            Err(Refusal::Untrusted(_))
        ));
        frames.detached("CHILD");
        assert_eq!(
            frames.sender_of_context(2, &trust, true, None),
            Err(Refusal::UnknownContext(2))
        );
        frames.contexts_cleared();
        assert_eq!(
            frames.sender_of_context(1, &trust, false, None),
            Err(Refusal::UnknownContext(1))
        );
    }
}
