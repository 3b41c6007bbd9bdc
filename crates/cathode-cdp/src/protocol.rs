//! The CDP commands and events cathode uses, hand-typed as small serde structs.
//!
//! Each command names its method and its answer type through [`Command`], so a call is typed end
//! to end: `session.call(&page::Navigate::new(url)).await?.error_text`.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A CDP command: its parameters are the struct's fields.
pub trait Command: Serialize {
    /// The protocol method, e.g. `Page.navigate`.
    const METHOD: &'static str;
    /// The shape of the browser's answer.
    type Response: DeserializeOwned;
}

/// A CDP event: its parameters are the struct's fields.
pub trait EventType: DeserializeOwned {
    /// The protocol method, e.g. `Page.lifecycleEvent`.
    const METHOD: &'static str;
}

/// A field the protocol types as `binary`: base64 text on the JSON pipe, raw bytes (CBOR tag 22)
/// on the CBOR pipe, so large bodies are neither encoded nor escaped there.
///
/// ```
/// use cathode_cdp::protocol::Binary;
/// assert_eq!(serde_json::to_string(&Binary(b"hi".to_vec())).unwrap(), r#""aGk=""#);
/// let read: Binary = serde_json::from_str(r#""aGk=""#).unwrap();
/// assert_eq!(read.0, b"hi");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Binary(pub Vec<u8>);

impl Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&crate::base64::encode(&self.0))
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Binary, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        crate::base64::decode(&text)
            .map(Binary)
            .ok_or_else(|| serde::de::Error::custom("binary data that is not base64"))
    }
}

/// An answer with nothing in it worth reading.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Empty {}

macro_rules! command {
    ($ty:ty, $method:literal, $response:ty) => {
        impl $crate::protocol::Command for $ty {
            const METHOD: &'static str = $method;
            type Response = $response;
        }
    };
}

macro_rules! event {
    ($ty:ty, $method:literal) => {
        impl $crate::protocol::EventType for $ty {
            const METHOD: &'static str = $method;
        }
    };
}

/// The `Target` domain: pages, attaching, closing, crashes.
pub mod target {
    use serde::{Deserialize, Serialize};

    use super::Empty;

    /// Opens a new page.
    #[derive(Debug, Clone, Default, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CreateTarget {
        /// The first URL of the page.
        pub url: String,
        /// Width in pixels (headless only).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub width: Option<u32>,
        /// Height in pixels (headless only).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub height: Option<u32>,
        /// Open it in a new window (needed for a size).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub new_window: Option<bool>,
        /// The browser context to open it in (see [`CreateBrowserContext`]); `None` for the
        /// default one.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub browser_context_id: Option<String>,
    }
    /// The answer to [`CreateTarget`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CreateTargetResponse {
        /// The new page's target id (also its main frame's id).
        pub target_id: String,
    }
    command!(CreateTarget, "Target.createTarget", CreateTargetResponse);

    /// Attaches to a target with a flattened session.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AttachToTarget {
        /// The target to attach to.
        pub target_id: String,
        /// Always true: messages carry a `sessionId` on the same pipe.
        pub flatten: bool,
    }
    /// The answer to [`AttachToTarget`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AttachToTargetResponse {
        /// The new session's id.
        pub session_id: String,
    }
    command!(
        AttachToTarget,
        "Target.attachToTarget",
        AttachToTargetResponse
    );

    /// Closes a target (a page and its window).
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CloseTarget {
        /// The target to close.
        pub target_id: String,
    }
    command!(CloseTarget, "Target.closeTarget", Empty);

    /// Creates a browser context: a profile of its own in memory (cookies, storage, cache), like
    /// an incognito window. Pages created in it (`CreateTarget::browser_context_id`) never share
    /// a renderer process with pages of another context.
    #[derive(Debug, Clone, Default, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CreateBrowserContext {
        /// Dispose of the context when the session that created it detaches (never for the
        /// browser session of a pipe, which lasts as long as the browser).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub dispose_on_detach: Option<bool>,
    }
    /// The answer to [`CreateBrowserContext`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CreateBrowserContextResponse {
        /// The new context's id.
        pub browser_context_id: String,
    }
    command!(
        CreateBrowserContext,
        "Target.createBrowserContext",
        CreateBrowserContextResponse
    );

    /// Closes every page of a browser context and discards the context with its data.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct DisposeBrowserContext {
        /// The context.
        pub browser_context_id: String,
    }
    command!(DisposeBrowserContext, "Target.disposeBrowserContext", Empty);

    /// Lists the browser contexts created with [`CreateBrowserContext`] (not the default one).
    #[derive(Debug, Clone, Serialize)]
    pub struct GetBrowserContexts {}
    /// The answer to [`GetBrowserContexts`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct GetBrowserContextsResponse {
        /// Their ids.
        pub browser_context_ids: Vec<String>,
    }
    command!(
        GetBrowserContexts,
        "Target.getBrowserContexts",
        GetBrowserContextsResponse
    );

    /// Makes the browser report targets coming and going.
    #[derive(Debug, Clone, Serialize)]
    pub struct SetDiscoverTargets {
        /// Whether to report.
        pub discover: bool,
    }
    command!(SetDiscoverTargets, "Target.setDiscoverTargets", Empty);

    /// Lists the browser's targets.
    #[derive(Debug, Clone, Serialize)]
    pub struct GetTargets {}
    /// The answer to [`GetTargets`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct GetTargetsResponse {
        /// Every target.
        pub target_infos: Vec<TargetInfo>,
    }
    command!(GetTargets, "Target.getTargets", GetTargetsResponse);

    /// What the browser knows of one target now.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct GetTargetInfo {
        /// The target.
        pub target_id: String,
    }
    /// The answer to [`GetTargetInfo`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct GetTargetInfoResponse {
        /// The target.
        pub target_info: TargetInfo,
    }
    command!(GetTargetInfo, "Target.getTargetInfo", GetTargetInfoResponse);

    /// What the browser says about a target.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct TargetInfo {
        /// The target id.
        pub target_id: String,
        /// `page`, `iframe`, `worker`, `browser`, ...
        #[serde(rename = "type")]
        pub kind: String,
        /// Its current URL.
        pub url: String,
        /// Its title.
        #[serde(default)]
        pub title: String,
        /// The target that opened it, if any.
        pub opener_id: Option<String>,
        /// The browser context it belongs to.
        pub browser_context_id: Option<String>,
    }

    /// `Target.targetCreated`.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct TargetCreated {
        /// The new target.
        pub target_info: TargetInfo,
    }
    event!(TargetCreated, "Target.targetCreated");

    /// `Target.targetInfoChanged`: a target's URL or title changed.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct TargetInfoChanged {
        /// The target as it is now.
        pub target_info: TargetInfo,
    }
    event!(TargetInfoChanged, "Target.targetInfoChanged");

    /// `Target.targetDestroyed`.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct TargetDestroyed {
        /// The target that is gone.
        pub target_id: String,
    }
    event!(TargetDestroyed, "Target.targetDestroyed");

    /// `Target.targetCrashed`: the target's renderer process is gone.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct TargetCrashed {
        /// The target whose renderer is gone.
        pub target_id: String,
        /// Chromium's termination status, e.g. `crashed`, `killed`, `oom`.
        pub status: String,
        /// The process's exit or signal code.
        pub error_code: i64,
    }
    event!(TargetCrashed, "Target.targetCrashed");

    /// `Target.detachedFromTarget`.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct DetachedFromTarget {
        /// The session that ended.
        pub session_id: String,
        /// Its target.
        pub target_id: Option<String>,
    }
    event!(DetachedFromTarget, "Target.detachedFromTarget");
}

/// The `Page` domain: navigation, lifecycle, injected scripts.
pub mod page {
    use serde::{Deserialize, Serialize};

    use super::Empty;

    /// Starts page events.
    #[derive(Debug, Clone, Serialize)]
    pub struct Enable {}
    command!(Enable, "Page.enable", Empty);

    /// Starts `Page.lifecycleEvent` events.
    #[derive(Debug, Clone, Serialize)]
    pub struct SetLifecycleEventsEnabled {
        /// Whether to report.
        pub enabled: bool,
    }
    command!(
        SetLifecycleEventsEnabled,
        "Page.setLifecycleEventsEnabled",
        Empty
    );

    /// Navigates the page's main frame.
    #[derive(Debug, Clone, Serialize)]
    pub struct Navigate {
        /// Where to go.
        pub url: String,
    }
    impl Navigate {
        /// Navigate to `url`.
        pub fn new(url: impl Into<String>) -> Navigate {
            Navigate { url: url.into() }
        }
    }
    /// The answer to [`Navigate`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct NavigateResponse {
        /// The frame that navigated.
        pub frame_id: String,
        /// The loader of the new document (absent for same-document navigations).
        pub loader_id: Option<String>,
        /// Set when the navigation failed, e.g. `net::ERR_FILE_NOT_FOUND`.
        pub error_text: Option<String>,
    }
    command!(Navigate, "Page.navigate", NavigateResponse);

    /// Reloads the page.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Reload {
        /// Bypass the cache.
        pub ignore_cache: bool,
    }
    command!(Reload, "Page.reload", Empty);

    /// Runs a script in every new document before the page's own scripts.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AddScriptToEvaluateOnNewDocument {
        /// The script.
        pub source: String,
        /// Run it in an isolated world of that name instead of the page's world.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub world_name: Option<String>,
    }
    /// The answer to [`AddScriptToEvaluateOnNewDocument`].
    #[derive(Debug, Clone, Deserialize)]
    pub struct AddScriptResponse {
        /// Identifies the script.
        pub identifier: String,
    }
    command!(
        AddScriptToEvaluateOnNewDocument,
        "Page.addScriptToEvaluateOnNewDocument",
        AddScriptResponse
    );

    /// Brings the page to the front (focuses it).
    #[derive(Debug, Clone, Serialize)]
    pub struct BringToFront {}
    command!(BringToFront, "Page.bringToFront", Empty);

    /// Crashes the page's renderer (for tests). The browser never answers it.
    #[derive(Debug, Clone, Serialize)]
    pub struct Crash {}
    command!(Crash, "Page.crash", Empty);

    /// `Page.lifecycleEvent`: `DOMContentLoaded`, `load`, ... for one frame and loader.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct LifecycleEvent {
        /// The frame.
        pub frame_id: String,
        /// The loader of the document the event is about.
        pub loader_id: String,
        /// The event's name.
        pub name: String,
    }
    event!(LifecycleEvent, "Page.lifecycleEvent");

    /// Makes a new isolated world in a frame: a JavaScript context that shares the frame's DOM
    /// but none of its scripts.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CreateIsolatedWorld {
        /// The frame (a page's main frame has the target's id).
        pub frame_id: String,
        /// The world's name, as `Runtime.executionContextCreated` reports it.
        pub world_name: String,
    }
    /// The answer to [`CreateIsolatedWorld`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CreateIsolatedWorldResponse {
        /// The world's context, for `Runtime.evaluate`.
        pub execution_context_id: i64,
    }
    command!(
        CreateIsolatedWorld,
        "Page.createIsolatedWorld",
        CreateIsolatedWorldResponse
    );

    /// Closes the page as its user would: its `beforeunload` handlers run first, and one may
    /// keep it (then the browser asks with `Page.javascriptDialogOpening`).
    #[derive(Debug, Clone, Serialize)]
    pub struct Close {}
    command!(Close, "Page.close", Empty);

    /// `Page.javascriptDialogOpening`: the page called `alert`, `confirm` or `prompt`, or a
    /// `beforeunload` handler asked to keep the page.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct JavascriptDialogOpening {
        /// `alert`, `confirm`, `prompt` or `beforeunload`.
        #[serde(rename = "type")]
        pub kind: String,
        /// The dialog's message.
        pub message: String,
    }
    event!(JavascriptDialogOpening, "Page.javascriptDialogOpening");

    /// Answers the page's open dialog (or `beforeunload` question).
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct HandleJavaScriptDialog {
        /// OK (or "leave") rather than cancel.
        pub accept: bool,
        /// A prompt's answer.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub prompt_text: Option<String>,
    }
    command!(HandleJavaScriptDialog, "Page.handleJavaScriptDialog", Empty);

    /// One frame, as in `Page.frameNavigated`.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Frame {
        /// The frame id (the target id for a page's main frame).
        pub id: String,
        /// Set for child frames.
        pub parent_id: Option<String>,
        /// The document's loader.
        pub loader_id: String,
        /// The document's URL.
        pub url: String,
        /// Set when the frame shows an error page for this URL.
        pub unreachable_url: Option<String>,
        /// The document's origin as the browser sees it (`://` or `null` when opaque).
        #[serde(default)]
        pub security_origin: String,
    }

    /// `Page.frameNavigated`: a frame committed a new document.
    #[derive(Debug, Clone, Deserialize)]
    pub struct FrameNavigated {
        /// The frame and its new document.
        pub frame: Frame,
    }
    event!(FrameNavigated, "Page.frameNavigated");

    /// `Page.frameDetached`: a frame left the page.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct FrameDetached {
        /// The frame.
        pub frame_id: String,
    }
    event!(FrameDetached, "Page.frameDetached");

    /// `Page.frameStartedLoading`: a frame started loading (the spinner starts).
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct FrameStartedLoading {
        /// The frame.
        pub frame_id: String,
    }
    event!(FrameStartedLoading, "Page.frameStartedLoading");

    /// `Page.frameStoppedLoading`: a frame stopped loading (the spinner stops).
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct FrameStoppedLoading {
        /// The frame.
        pub frame_id: String,
    }
    event!(FrameStoppedLoading, "Page.frameStoppedLoading");

    /// `Page.frameStartedNavigating`: a navigation of a frame started, whoever started it.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct FrameStartedNavigating {
        /// The frame.
        pub frame_id: String,
        /// Where to.
        pub url: String,
        /// The loader of the document to come.
        #[serde(default)]
        pub loader_id: String,
        /// `differentDocument`, `sameDocument`, `historySameDocument`, `reload`, ...
        #[serde(default)]
        pub navigation_type: String,
    }
    event!(FrameStartedNavigating, "Page.frameStartedNavigating");

    /// `Page.frameRequestedNavigation`: the page itself asked to navigate a frame (a link, a
    /// script, a form); not sent for navigations started over the protocol.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct FrameRequestedNavigation {
        /// The frame.
        pub frame_id: String,
        /// Why: `anchorClick`, `scriptInitiated`, `formSubmissionGet`, ...
        pub reason: String,
        /// Where to.
        pub url: String,
    }
    event!(FrameRequestedNavigation, "Page.frameRequestedNavigation");

    /// `Page.navigatedWithinDocument`: a fragment or history API navigation in a document.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct NavigatedWithinDocument {
        /// The frame.
        pub frame_id: String,
        /// The document's new URL.
        pub url: String,
    }
    event!(NavigatedWithinDocument, "Page.navigatedWithinDocument");

    /// Stops running a script added with [`AddScriptToEvaluateOnNewDocument`] in new documents.
    #[derive(Debug, Clone, Serialize)]
    pub struct RemoveScriptToEvaluateOnNewDocument {
        /// The script's identifier.
        pub identifier: String,
    }
    command!(
        RemoveScriptToEvaluateOnNewDocument,
        "Page.removeScriptToEvaluateOnNewDocument",
        Empty
    );

    /// `Page.windowOpen`: the page is about to open a window (`window.open`, a `target=_blank`
    /// link or form).
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct WindowOpen {
        /// The URL the new window loads.
        pub url: String,
        /// The window's name (`window.open`'s second argument, a link's `target`).
        #[serde(default)]
        pub window_name: String,
        /// The features string, split at its commas.
        #[serde(default)]
        pub window_features: Vec<String>,
        /// Whether a user gesture opened it.
        #[serde(default)]
        pub user_gesture: bool,
    }
    event!(WindowOpen, "Page.windowOpen");

    /// The page's session history.
    #[derive(Debug, Clone, Serialize)]
    pub struct GetNavigationHistory {}
    /// One entry of the session history.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct NavigationEntry {
        /// The entry's id, for [`NavigateToHistoryEntry`].
        pub id: i64,
        /// The entry's URL.
        pub url: String,
        /// The entry's title.
        #[serde(default)]
        pub title: String,
    }
    /// The answer to [`GetNavigationHistory`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct NavigationHistory {
        /// The index of the current entry.
        pub current_index: usize,
        /// Every entry, oldest first.
        pub entries: Vec<NavigationEntry>,
    }
    command!(
        GetNavigationHistory,
        "Page.getNavigationHistory",
        NavigationHistory
    );

    /// Goes to an entry of the session history.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct NavigateToHistoryEntry {
        /// The entry's id.
        pub entry_id: i64,
    }
    command!(NavigateToHistoryEntry, "Page.navigateToHistoryEntry", Empty);

    /// Stops loading the page.
    #[derive(Debug, Clone, Serialize)]
    pub struct StopLoading {}
    command!(StopLoading, "Page.stopLoading", Empty);

    /// A part of the page, in CSS pixels.
    #[derive(Debug, Clone, Serialize)]
    pub struct Viewport {
        /// Left edge.
        pub x: f64,
        /// Top edge.
        pub y: f64,
        /// Width.
        pub width: f64,
        /// Height.
        pub height: f64,
        /// Scale factor.
        pub scale: f64,
    }

    /// Takes a screenshot of the page.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CaptureScreenshot {
        /// `png` or `jpeg`.
        pub format: String,
        /// JPEG quality, 0 to 100.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub quality: Option<u8>,
        /// Only this part of the page.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub clip: Option<Viewport>,
    }
    /// The answer to [`CaptureScreenshot`] and [`PrintToPdf`].
    #[derive(Debug, Clone, Deserialize)]
    pub struct EncodedData {
        /// The image or document, base64-encoded.
        pub data: String,
    }
    command!(CaptureScreenshot, "Page.captureScreenshot", EncodedData);

    /// Prints the page to PDF (headless only). Sizes are in inches.
    #[derive(Debug, Clone, Default, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PrintToPdf {
        /// Landscape orientation.
        pub landscape: bool,
        /// Print background graphics.
        pub print_background: bool,
        /// Scale of the rendering, 0.1 to 2.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub scale: Option<f64>,
        /// Paper width.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub paper_width: Option<f64>,
        /// Paper height.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub paper_height: Option<f64>,
        /// Top margin.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub margin_top: Option<f64>,
        /// Bottom margin.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub margin_bottom: Option<f64>,
        /// Left margin.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub margin_left: Option<f64>,
        /// Right margin.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub margin_right: Option<f64>,
        /// Pages to print, e.g. `1-5, 8`.
        #[serde(skip_serializing_if = "String::is_empty")]
        pub page_ranges: String,
        /// Show the header and footer.
        pub display_header_footer: bool,
        /// The header's HTML template.
        #[serde(skip_serializing_if = "String::is_empty")]
        pub header_template: String,
        /// The footer's HTML template.
        #[serde(skip_serializing_if = "String::is_empty")]
        pub footer_template: String,
        /// Use the page's CSS `@page` size.
        pub prefer_css_page_size: bool,
    }
    command!(PrintToPdf, "Page.printToPDF", EncodedData);
}

/// The `Runtime` domain: evaluation, bindings, console.
pub mod runtime {
    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    use super::Empty;

    /// Starts runtime events (console, execution contexts).
    #[derive(Debug, Clone, Serialize)]
    pub struct Enable {}
    command!(Enable, "Runtime.enable", Empty);

    /// Installs a function on the page's global object whose calls become
    /// `Runtime.bindingCalled` events.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AddBinding {
        /// The global's name.
        pub name: String,
        /// Only in execution contexts of this (isolated world) name.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub execution_context_name: Option<String>,
    }
    command!(AddBinding, "Runtime.addBinding", Empty);

    /// Evaluates an expression in the page.
    #[derive(Debug, Clone, Default, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Evaluate {
        /// The JavaScript expression.
        pub expression: String,
        /// Return the value itself (JSON) rather than a reference.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        pub return_by_value: bool,
        /// Wait for a returned promise to settle.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        pub await_promise: bool,
        /// Treat the evaluation as a user gesture (allows `window.open`, ...).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        pub user_gesture: bool,
        /// The execution context to evaluate in (default: the main frame's main world).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub context_id: Option<i64>,
    }
    impl Evaluate {
        /// Evaluate `expression`, answering by value.
        pub fn new(expression: impl Into<String>) -> Evaluate {
            Evaluate {
                expression: expression.into(),
                return_by_value: true,
                ..Evaluate::default()
            }
        }
    }
    /// The answer to [`Evaluate`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct EvaluateResponse {
        /// The value (or a reference to it).
        pub result: RemoteObject,
        /// Set when the expression threw.
        pub exception_details: Option<ExceptionDetails>,
    }
    command!(Evaluate, "Runtime.evaluate", EvaluateResponse);

    /// A JavaScript value seen from outside.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct RemoteObject {
        /// `object`, `function`, `undefined`, `string`, `number`, ...
        #[serde(rename = "type")]
        pub kind: String,
        /// `error`, `array`, `null`, ... for objects.
        pub subtype: Option<String>,
        /// The value, for primitives and by-value answers.
        pub value: Option<Value>,
        /// For numbers JSON cannot carry: `NaN`, `Infinity`, `-0`, bigints.
        pub unserializable_value: Option<String>,
        /// A readable description (an error's message and stack, a function's source).
        pub description: Option<String>,
    }

    /// Why an evaluation threw.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ExceptionDetails {
        /// A short text, e.g. `Uncaught`.
        pub text: String,
        /// The thrown value.
        pub exception: Option<RemoteObject>,
        /// Line (0-based) where it was thrown.
        pub line_number: i64,
        /// The script it was thrown in, when known.
        #[serde(default)]
        pub url: Option<String>,
    }

    /// `Runtime.exceptionThrown`: an exception nothing caught (a thrown error, or a rejected
    /// promise nobody handled).
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ExceptionThrown {
        /// What was thrown, and where.
        pub exception_details: ExceptionDetails,
    }
    event!(ExceptionThrown, "Runtime.exceptionThrown");

    /// `Runtime.bindingCalled`: the page called a binding.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct BindingCalled {
        /// The binding's name.
        pub name: String,
        /// The one string argument the page passed.
        pub payload: String,
        /// The context that called it.
        pub execution_context_id: i64,
    }
    event!(BindingCalled, "Runtime.bindingCalled");

    /// What the browser says about one JavaScript context of a page.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ExecutionContextDescription {
        /// The context's id, as events such as [`BindingCalled`] name it.
        pub id: i64,
        /// The origin of its document.
        #[serde(default)]
        pub origin: String,
        /// The world's name (empty for the page's own world).
        #[serde(default)]
        pub name: String,
        /// Which frame and world it belongs to.
        #[serde(default)]
        pub aux_data: ContextAuxData,
    }

    /// The frame and world of an execution context.
    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ContextAuxData {
        /// True for the page's own (main) world of the frame.
        #[serde(default)]
        pub is_default: bool,
        /// The frame the context belongs to.
        #[serde(default)]
        pub frame_id: Option<String>,
    }

    /// `Runtime.executionContextCreated`.
    #[derive(Debug, Clone, Deserialize)]
    pub struct ExecutionContextCreated {
        /// The new context.
        pub context: ExecutionContextDescription,
    }
    event!(ExecutionContextCreated, "Runtime.executionContextCreated");

    /// `Runtime.executionContextDestroyed`.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ExecutionContextDestroyed {
        /// The context that went away.
        pub execution_context_id: i64,
    }
    event!(
        ExecutionContextDestroyed,
        "Runtime.executionContextDestroyed"
    );

    /// `Runtime.executionContextsCleared`: every context of the page went away.
    #[derive(Debug, Clone, Deserialize)]
    pub struct ExecutionContextsCleared {}
    event!(ExecutionContextsCleared, "Runtime.executionContextsCleared");

    /// One stack frame.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CallFrame {
        /// Script URL.
        pub url: String,
        /// 0-based line.
        pub line_number: i64,
    }

    /// A stack trace.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct StackTrace {
        /// Innermost frame first.
        pub call_frames: Vec<CallFrame>,
    }

    /// `Runtime.consoleAPICalled`: the page called `console.*`.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ConsoleApiCalled {
        /// `log`, `info`, `warning`, `error`, `debug`, ...
        #[serde(rename = "type")]
        pub kind: String,
        /// The arguments.
        pub args: Vec<RemoteObject>,
        /// Where it was called.
        pub stack_trace: Option<StackTrace>,
    }
    event!(ConsoleApiCalled, "Runtime.consoleAPICalled");
}

/// The `Browser` domain: OS windows.
pub mod browser {
    use serde::{Deserialize, Serialize};

    use super::Empty;

    /// An OS window's position, size and state.
    #[derive(Debug, Clone, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Bounds {
        /// Left edge.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub left: Option<i32>,
        /// Top edge.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub top: Option<i32>,
        /// Outer width.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub width: Option<u32>,
        /// Outer height.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub height: Option<u32>,
        /// `normal`, `minimized`, `maximized`, `fullscreen`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub window_state: Option<String>,
    }

    /// Finds the OS window that shows a target.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct GetWindowForTarget {
        /// The target.
        pub target_id: String,
    }
    /// The answer to [`GetWindowForTarget`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct WindowForTarget {
        /// The OS window's id.
        pub window_id: i64,
        /// Its bounds.
        pub bounds: Bounds,
    }
    command!(
        GetWindowForTarget,
        "Browser.getWindowForTarget",
        WindowForTarget
    );

    /// Moves, resizes, minimises or restores a window.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SetWindowBounds {
        /// The OS window's id.
        pub window_id: i64,
        /// What to change.
        pub bounds: Bounds,
    }
    command!(SetWindowBounds, "Browser.setWindowBounds", Empty);

    /// Closes the browser gracefully.
    #[derive(Debug, Clone, Serialize)]
    pub struct Close {}
    command!(Close, "Browser.close", Empty);

    /// The browser's product and protocol versions.
    #[derive(Debug, Clone, Serialize)]
    pub struct GetVersion {}
    /// The answer to [`GetVersion`].
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Version {
        /// E.g. `Chrome/156.0.8078.79`.
        pub product: String,
        /// The browser's user agent.
        pub user_agent: String,
    }
    command!(GetVersion, "Browser.getVersion", Version);
}

/// The `Tracing` domain, used to learn a page's renderer process id.
pub mod tracing {
    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    use super::Empty;

    /// Which categories to trace.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct TraceConfig {
        /// Trace categories.
        pub included_categories: Vec<String>,
    }

    /// Starts tracing.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Start {
        /// What to trace.
        pub trace_config: TraceConfig,
        /// `ReportEvents`: trace data arrives as `Tracing.dataCollected` events.
        pub transfer_mode: String,
    }
    command!(Start, "Tracing.start", Empty);

    /// Stops tracing; data then arrives, then `Tracing.tracingComplete`.
    #[derive(Debug, Clone, Serialize)]
    pub struct End {}
    command!(End, "Tracing.end", Empty);

    /// `Tracing.dataCollected`.
    #[derive(Debug, Clone, Deserialize)]
    pub struct DataCollected {
        /// Trace events.
        pub value: Vec<Value>,
    }
    event!(DataCollected, "Tracing.dataCollected");

    /// `Tracing.tracingComplete`.
    #[derive(Debug, Clone, Deserialize)]
    pub struct TracingComplete {}
    event!(TracingComplete, "Tracing.tracingComplete");
}

/// The `Log` domain: messages the browser itself logs for a page (not the page's `console`).
pub mod log {
    use serde::{Deserialize, Serialize};

    use super::Empty;

    /// Starts `Log.entryAdded` events for the session's page.
    #[derive(Debug, Clone, Serialize)]
    pub struct Enable {}
    command!(Enable, "Log.enable", Empty);

    /// One logged message.
    #[derive(Debug, Clone, Deserialize)]
    pub struct LogEntry {
        /// Who logged it: `javascript` for the engine's own messages about scripts, `network`,
        /// `violation`, ...
        pub source: String,
        /// `verbose`, `info`, `warning` or `error`.
        pub level: String,
        /// The message.
        pub text: String,
    }

    /// `Log.entryAdded`.
    #[derive(Debug, Clone, Deserialize)]
    pub struct EntryAdded {
        /// The message.
        pub entry: LogEntry,
    }
    event!(EntryAdded, "Log.entryAdded");
}

/// The `Fetch` domain: pausing a page's requests and answering them from main.
pub mod fetch {
    use serde::{Deserialize, Serialize};

    use super::Empty;

    /// Which requests to pause.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct RequestPattern {
        /// Wildcard URL pattern (`*` and `?`).
        pub url_pattern: String,
        /// `Request` (before it is sent) or `Response`.
        pub request_stage: String,
        /// Only requests of this resource type (`Document`, `XHR`, ...).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub resource_type: Option<String>,
    }

    /// Starts pausing requests that match `patterns`.
    #[derive(Debug, Clone, Serialize)]
    pub struct Enable {
        /// The patterns.
        pub patterns: Vec<RequestPattern>,
    }
    command!(Enable, "Fetch.enable", Empty);

    /// A paused request.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Request {
        /// Its URL.
        pub url: String,
        /// `GET`, `POST`, ...
        pub method: String,
        /// The body, when the browser includes it.
        pub post_data: Option<String>,
        /// True when there is a body, included or not.
        #[serde(default)]
        pub has_post_data: bool,
        /// The body's parts as bytes, when the browser includes them (raw bytes on the CBOR
        /// pipe; `post_data` is the same body read as text).
        #[serde(default)]
        pub post_data_entries: Vec<PostDataEntry>,
    }

    /// One part of a request's body.
    #[derive(Debug, Clone, Deserialize)]
    pub struct PostDataEntry {
        /// Its bytes.
        pub bytes: Option<super::Binary>,
    }

    /// `Fetch.requestPaused`.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct RequestPaused {
        /// Identifies the paused request.
        pub request_id: String,
        /// The request.
        pub request: Request,
        /// The frame that made the request, as the browser knows it. For a navigation, the
        /// frame being navigated, not the one that started it.
        #[serde(default)]
        pub frame_id: String,
        /// What kind of request: `XHR`, `Fetch`, `Document`, `Image`, ...
        #[serde(default)]
        pub resource_type: String,
        /// Set when paused at the response stage: the response's HTTP status.
        pub response_status_code: Option<i32>,
        /// Set when paused at the response stage: the status text.
        pub response_status_text: Option<String>,
        /// Set when paused at the response stage: the response's headers.
        pub response_headers: Option<Vec<HeaderEntry>>,
    }
    event!(RequestPaused, "Fetch.requestPaused");

    /// One response header.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    pub struct HeaderEntry {
        /// Header name.
        pub name: String,
        /// Header value.
        pub value: String,
    }

    /// Answers a paused request.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct FulfillRequest {
        /// The paused request.
        pub request_id: String,
        /// HTTP status.
        pub response_code: u16,
        /// Response headers.
        pub response_headers: Vec<HeaderEntry>,
        /// The body (raw bytes on the CBOR pipe, base64 on the JSON pipe).
        pub body: super::Binary,
    }
    command!(FulfillRequest, "Fetch.fulfillRequest", Empty);

    /// Fails a paused request with a network error.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct FailRequest {
        /// The paused request.
        pub request_id: String,
        /// A network error name, e.g. `BlockedByClient`.
        pub error_reason: String,
    }
    command!(FailRequest, "Fetch.failRequest", Empty);

    /// Lets a paused request (or, at the response stage, its response) go on unchanged.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ContinueRequest {
        /// The paused request.
        pub request_id: String,
    }
    command!(ContinueRequest, "Fetch.continueRequest", Empty);
}

/// The `Input` domain: mouse and keyboard events as a person makes them.
pub mod input {
    use serde::Serialize;

    use super::Empty;

    /// A mouse event at a point of the page's viewport (CSS pixels).
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct DispatchMouseEvent {
        /// `mousePressed`, `mouseReleased`, `mouseMoved` or `mouseWheel`.
        #[serde(rename = "type")]
        pub kind: String,
        /// X.
        pub x: f64,
        /// Y.
        pub y: f64,
        /// Bit field: Alt 1, Ctrl 2, Meta 4, Shift 8.
        pub modifiers: u32,
        /// `none`, `left`, `middle` or `right`.
        pub button: String,
        /// How many clicks this press or release is part of.
        pub click_count: u32,
        /// Horizontal scroll (wheel events).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub delta_x: Option<f64>,
        /// Vertical scroll (wheel events).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub delta_y: Option<f64>,
    }
    command!(DispatchMouseEvent, "Input.dispatchMouseEvent", Empty);

    /// A key event.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct DispatchKeyEvent {
        /// `rawKeyDown`, `keyUp` or `char`.
        #[serde(rename = "type")]
        pub kind: String,
        /// Bit field: Alt 1, Ctrl 2, Meta 4, Shift 8.
        pub modifiers: u32,
        /// The text the key types (`char` events).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub text: Option<String>,
        /// The DOM `key` value.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub key: Option<String>,
        /// The DOM `code` value.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub code: Option<String>,
        /// The Windows virtual key code (the DOM `keyCode`).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub windows_virtual_key_code: Option<u32>,
    }
    command!(DispatchKeyEvent, "Input.dispatchKeyEvent", Empty);
}

/// The `Emulation` domain: what the page is told about its browser.
pub mod emulation {
    use serde::Serialize;

    use super::Empty;

    /// Replaces the user agent of the page's requests and of `navigator.userAgent`.
    #[derive(Debug, Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SetUserAgentOverride {
        /// The user agent.
        pub user_agent: String,
    }
    command!(
        SetUserAgentOverride,
        "Emulation.setUserAgentOverride",
        Empty
    );

    /// One CSS media feature and the value a page sees for it (`""` for the browser's own).
    #[derive(Debug, Clone, Serialize)]
    pub struct MediaFeature {
        /// The feature, e.g. `prefers-color-scheme`.
        pub name: String,
        /// Its value, e.g. `dark`.
        pub value: String,
    }

    /// Emulates CSS media features for a page, for as long as the session lasts (navigations
    /// included).
    #[derive(Debug, Clone, Serialize)]
    pub struct SetEmulatedMedia {
        /// The features to emulate.
        pub features: Vec<MediaFeature>,
    }
    command!(SetEmulatedMedia, "Emulation.setEmulatedMedia", Empty);

    /// A colour of the protocol: channels 0-255, opacity 0-1.
    #[derive(Debug, Clone, Serialize)]
    pub struct Rgba {
        /// Red.
        pub r: u8,
        /// Green.
        pub g: u8,
        /// Blue.
        pub b: u8,
        /// Opacity, 0 to 1.
        pub a: f64,
    }

    /// Paints the page's background in `color` where the page paints nothing (`None`: the
    /// browser's own white).
    #[derive(Debug, Clone, Serialize)]
    pub struct SetDefaultBackgroundColorOverride {
        /// The colour.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub color: Option<Rgba>,
    }
    command!(
        SetDefaultBackgroundColorOverride,
        "Emulation.setDefaultBackgroundColorOverride",
        Empty
    );
}
