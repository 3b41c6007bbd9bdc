//! A page's loading and navigation events (`did-start-loading`, `did-start-navigation`,
//! `will-navigate`, `will-redirect`, `did-navigate`, `did-navigate-in-page`, ...), `isLoading`,
//! `page-title-updated`, and the page's paused document requests, which these decide.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::error::Result;
use crate::listeners::{lock, ListenerId, Listeners};
use crate::page::{NavigatedFrame, PageEvent, PausedRequest};
use crate::page_events::{
    InPageNavigation, Navigated, NavigationStarted, PageTitleUpdated, Verdict, WillNavigate,
};
use crate::renderer::RuntimeNames;
use crate::state::WindowShared;

use super::WebContents;

/// How many URLs the page asked to go to are remembered until their request comes.
const REMEMBERED_REQUESTS: usize = 8;

/// A window's navigation state and listeners (kept in its typed state).
#[derive(Default)]
pub(crate) struct PageNavigation {
    loading: AtomicBool,
    /// The URLs (without fragment) the page's main frame asked to go to, whose document request
    /// has not come yet: those are the navigations `will-navigate` is for.
    requested: Mutex<Vec<String>>,
    /// The status of the last document response of each frame: (frame, status, text).
    responses: Mutex<Vec<(String, i32, String)>>,
    /// The last in-place navigation the browser said started: (frame, URL).
    in_place_started: Mutex<Option<(String, String)>>,
    /// Set once `ready-to-show` was emitted.
    pub(crate) shown_ready: AtomicBool,
    did_start_loading: Listeners<()>,
    did_stop_loading: Listeners<()>,
    did_start_navigation: Listeners<NavigationStarted>,
    will_navigate: Listeners<WillNavigate>,
    will_redirect: Listeners<WillNavigate>,
    did_navigate: Listeners<Navigated>,
    did_frame_navigate: Listeners<Navigated>,
    did_navigate_in_page: Listeners<InPageNavigation>,
    pub(crate) ready_to_show: Listeners<()>,
}

impl PageNavigation {
    pub(crate) fn of(window: &WindowShared) -> Arc<PageNavigation> {
        window
            .extensions
            .get_or_insert_with(PageNavigation::default)
    }

    fn remove(&self, id: ListenerId) -> bool {
        self.did_start_loading.remove(id)
            || self.did_stop_loading.remove(id)
            || self.did_start_navigation.remove(id)
            || self.will_navigate.remove(id)
            || self.will_redirect.remove(id)
            || self.did_navigate.remove(id)
            || self.did_frame_navigate.remove(id)
            || self.did_navigate_in_page.remove(id)
            || self.ready_to_show.remove(id)
    }
}

fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(before, _)| before)
}

/// Loading and navigation events of the page's session.
pub(crate) fn on_navigation_event(window: &Arc<WindowShared>, event: PageEvent) {
    super::dialogs::on_navigation_event(window, &event);
    let navigation = PageNavigation::of(window);
    match event {
        PageEvent::Loading { frame_id, started } => {
            if !window.is_main_frame(&frame_id) {
                return;
            }
            let was = navigation.loading.swap(started, Ordering::AcqRel);
            match (was, started) {
                (false, true) => navigation.did_start_loading.emit("did-start-loading", &()),
                (true, false) => navigation.did_stop_loading.emit("did-stop-loading", &()),
                _ => 0,
            };
        }
        PageEvent::NavigationStarted {
            frame_id,
            url,
            in_place,
        } => {
            if in_place {
                *lock(&navigation.in_place_started) = Some((frame_id.clone(), url.clone()));
            }
            let started = NavigationStarted {
                url,
                is_in_place: in_place,
                is_main_frame: window.is_main_frame(&frame_id),
            };
            navigation
                .did_start_navigation
                .emit("did-start-navigation", &started);
        }
        PageEvent::NavigationRequested { frame_id, url } if window.is_main_frame(&frame_id) => {
            let mut requested = lock(&navigation.requested);
            if requested.len() == REMEMBERED_REQUESTS {
                requested.remove(0);
            }
            requested.push(without_fragment(&url).to_string());
        }
        PageEvent::NavigatedInDocument { frame_id, url } => {
            let is_main_frame = window.is_main_frame(&frame_id);
            if is_main_frame {
                *lock(&window.url) = url.clone();
                // The first URL's X11 marker taken off (`window/hints.rs`): not a navigation.
                let unmarked = url == "about:blank"
                    && window
                        .extensions
                        .get::<crate::x11::X11Window>()
                        .is_some_and(|x11| x11.unmarking.swap(false, Ordering::AcqRel));
                if unmarked {
                    return;
                }
            }
            // The browser says when a fragment or `pushState` navigation started only for some
            // of them (history's); Electron always does, just before.
            let announced = lock(&navigation.in_place_started)
                .take_if(|(frame, started)| *frame == frame_id && *started == url)
                .is_some();
            if !announced {
                let started = NavigationStarted {
                    url: url.clone(),
                    is_in_place: true,
                    is_main_frame,
                };
                navigation
                    .did_start_navigation
                    .emit("did-start-navigation", &started);
            }
            let moved = InPageNavigation { url, is_main_frame };
            navigation
                .did_navigate_in_page
                .emit("did-navigate-in-page", &moved);
        }
        _ => {}
    }
}

/// A frame committed a new document: `did-frame-navigate`, and `did-navigate` for the main
/// frame's (not for an error page: that load failed).
pub(crate) fn on_frame_navigated(window: &WindowShared, frame: &NavigatedFrame, is_main: bool) {
    let navigation = PageNavigation::of(window);
    let (status, text) = {
        let mut responses = lock(&navigation.responses);
        match responses.iter().position(|(id, ..)| *id == frame.id) {
            Some(index) => {
                let (_, status, text) = responses.remove(index);
                (status, text)
            }
            None => (-1, String::new()),
        }
    };
    let navigated = Navigated {
        url: frame.url.clone(),
        http_response_code: status,
        http_status_text: text,
        is_main_frame: is_main,
    };
    navigation
        .did_frame_navigate
        .emit("did-frame-navigate", &navigated);
    if is_main && frame.unreachable_url.is_none() {
        navigation.did_navigate.emit("did-navigate", &navigated);
    }
}

/// A step of the main frame's committed document: its first paint (or its load, whichever comes
/// first) emits the window's `ready-to-show`, once per window.
pub(crate) fn on_page_shown(window: &WindowShared, step: &str) {
    if !matches!(step, "firstPaint" | "firstContentfulPaint" | "load") {
        return;
    }
    let navigation = PageNavigation::of(window);
    if !navigation.shown_ready.swap(true, Ordering::AcqRel) {
        navigation.ready_to_show.emit("ready-to-show", &());
    }
}

/// The isolated world and the binding through which pages report their titles.
pub(crate) fn title_names(names: &RuntimeNames) -> (String, String) {
    (
        format!("{}_title", names.world),
        names.binding.replacen("_ipc_", "_title_", 1),
    )
}

/// Has `window`'s page report its title whenever it changes (`renderer/title.js`).
pub(crate) async fn follow_titles(window: &WindowShared, names: &RuntimeNames) -> Result<()> {
    let (world, binding) = title_names(names);
    let script = format!(
        "({})({binding})",
        include_str!("../renderer/title.js").trim_end()
    );
    window.page.follow_titles(&world, &binding, script).await
}

/// The page reported its title through its title binding.
pub(crate) fn on_title_reported(window: &WindowShared, title: &str) {
    window.update_title_from_page(title);
}

/// A document request the browser paused: the page's own navigation of its main frame waits for
/// `will-navigate`, a redirect of it for `will-redirect`; every other one goes on at once. Each is
/// answered exactly once.
pub(crate) fn on_document_request(window: &Arc<WindowShared>, paused: PausedRequest) {
    let navigation = PageNavigation::of(window);
    let is_main = window.is_main_frame(&paused.frame_id);
    let decide = match &paused.response {
        Some(response) => {
            remember_response(&navigation, &paused.frame_id, response);
            match &response.location {
                Some(location) if is_main && response.is_redirect() => Some((
                    "will-redirect",
                    &navigation.will_redirect,
                    resolve(&paused.url, location),
                )),
                _ => None,
            }
        }
        None if is_main => {
            let mut requested = lock(&navigation.requested);
            let asked = requested
                .iter()
                .position(|url| url == without_fragment(&paused.url));
            asked.map(|index| {
                requested.remove(index);
                (
                    "will-navigate",
                    &navigation.will_navigate,
                    paused.url.clone(),
                )
            })
        }
        None => None,
    };
    let Some((name, listeners, url)) = decide else {
        go_on(window, paused.request_id);
        return;
    };
    if listeners.is_empty() {
        go_on(window, paused.request_id);
        return;
    }
    let event = WillNavigate {
        url,
        is_main_frame: true,
        verdict: Verdict::default(),
    };
    listeners.emit(name, &event);
    let limit = window
        .app()
        .map_or(Duration::ZERO, |app| app.options.sync_timeout);
    let window = Arc::clone(window);
    tokio::spawn(async move {
        if event.verdict.settle(limit, name).await {
            tracing::debug!(window_id = window.id, url = %event.url, "{name} prevented");
            if let Err(error) = window.page.abort_request(paused.request_id) {
                tracing::debug!(window_id = window.id, %error, "could not stop the navigation");
            }
        } else {
            go_on(&window, paused.request_id);
        }
    });
}

fn go_on(window: &WindowShared, request_id: String) {
    if let Err(error) = window.page.continue_request(request_id) {
        tracing::debug!(window_id = window.id, %error, "a document request could not go on");
    }
}

fn remember_response(
    navigation: &PageNavigation,
    frame_id: &str,
    response: &crate::page::PausedResponse,
) {
    let mut responses = lock(&navigation.responses);
    responses.retain(|(id, ..)| id != frame_id);
    if responses.len() == REMEMBERED_REQUESTS {
        responses.remove(0);
    }
    responses.push((
        frame_id.to_string(),
        response.status,
        response.status_text.clone(),
    ));
}

/// A redirect's `Location`, made absolute against the URL it answered.
fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let Some((scheme, rest)) = base.split_once("://") else {
        return location.to_string();
    };
    let host_end = rest.find('/').unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if let Some(path) = location.strip_prefix('/') {
        if let Some(authority) = path.strip_prefix('/') {
            return format!("{scheme}://{authority}");
        }
        return format!("{origin}/{path}");
    }
    let directory = without_fragment(base)
        .rsplit_once('/')
        .map_or(base, |(directory, _)| directory);
    format!("{directory}/{location}")
}

impl WebContents {
    fn navigation(&self) -> Arc<PageNavigation> {
        PageNavigation::of(&self.shared)
    }

    /// True while the page's main frame is loading (between `did-start-loading` and
    /// `did-stop-loading`).
    ///
    /// ```no_run
    /// # async fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// contents.load_url("file:///tmp/index.html").await?;
    /// assert!(!contents.is_loading());
    /// # Ok(()) }
    /// ```
    pub fn is_loading(&self) -> bool {
        self.navigation().loading.load(Ordering::Acquire)
    }

    /// `did-start-loading`: the page's main frame started loading (the tab's spinner starts).
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_did_start_loading(|| println!("loading"));
    /// contents.on_did_stop_loading(|| println!("done"));
    /// # }
    /// ```
    pub fn on_did_start_loading(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.navigation()
            .did_start_loading
            .add(false, move |_| listener())
    }

    /// `did-stop-loading`: the page's main frame stopped loading, whether the load finished,
    /// failed or was stopped.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_did_stop_loading(|| println!("idle"));
    /// # }
    /// ```
    pub fn on_did_stop_loading(&self, listener: impl Fn() + Send + Sync + 'static) -> ListenerId {
        self.navigation()
            .did_stop_loading
            .add(false, move |_| listener())
    }

    /// `did-start-navigation`: a frame of the page started navigating (any navigation: the
    /// page's own, [`WebContents::load_url`], a reload, a fragment), with its URL, whether it
    /// stays in the document and whether it is the main frame.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_did_start_navigation(|started| println!("to {}", started.url));
    /// # }
    /// ```
    pub fn on_did_start_navigation(
        &self,
        listener: impl Fn(&NavigationStarted) + Send + Sync + 'static,
    ) -> ListenerId {
        self.navigation().did_start_navigation.add(false, listener)
    }

    /// `will-navigate`: the page itself is about to take its main frame to another document (a
    /// link, `location.href = ...`, a form); not emitted for [`WebContents::load_url`], reloads or
    /// history. Preventing it keeps the page; the usual use is opening links in the user's
    /// browser instead. A listener that decides later takes a [`crate::Deferral`] from the
    /// verdict: the navigation waits for it, at most the app's sync timeout.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_will_navigate(|navigation| {
    ///     if navigation.url.starts_with("https:") {
    ///         navigation.verdict.prevent_default();
    ///     }
    /// });
    /// # }
    /// ```
    pub fn on_will_navigate(
        &self,
        listener: impl Fn(&WillNavigate) + Send + Sync + 'static,
    ) -> ListenerId {
        self.navigation().will_navigate.add(false, listener)
    }

    /// `will-redirect`: a server redirects the main frame's document request to `url`;
    /// preventing it stops the navigation. Decided as [`WebContents::on_will_navigate`].
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_will_redirect(|redirect| println!("redirected to {}", redirect.url));
    /// # }
    /// ```
    pub fn on_will_redirect(
        &self,
        listener: impl Fn(&WillNavigate) + Send + Sync + 'static,
    ) -> ListenerId {
        self.navigation().will_redirect.add(false, listener)
    }

    /// `did-navigate`: the main frame committed a new document (not for a failed load, which
    /// emits `did-fail-load`), with its URL and HTTP status.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_did_navigate(|navigated| {
    ///     println!("{} ({})", navigated.url, navigated.http_response_code)
    /// });
    /// # }
    /// ```
    pub fn on_did_navigate(
        &self,
        listener: impl Fn(&Navigated) + Send + Sync + 'static,
    ) -> ListenerId {
        self.navigation().did_navigate.add(false, listener)
    }

    /// `did-frame-navigate`: any frame of the page committed a new document (error pages
    /// included).
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_did_frame_navigate(|navigated| println!("frame at {}", navigated.url));
    /// # }
    /// ```
    pub fn on_did_frame_navigate(
        &self,
        listener: impl Fn(&Navigated) + Send + Sync + 'static,
    ) -> ListenerId {
        self.navigation().did_frame_navigate.add(false, listener)
    }

    /// `did-navigate-in-page`: a frame's document changed its URL without loading (a fragment,
    /// `history.pushState`).
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_did_navigate_in_page(|moved| println!("now at {}", moved.url));
    /// # }
    /// ```
    pub fn on_did_navigate_in_page(
        &self,
        listener: impl Fn(&InPageNavigation) + Send + Sync + 'static,
    ) -> ListenerId {
        self.navigation().did_navigate_in_page.add(false, listener)
    }

    /// `page-title-updated`: the page's title changed. Preventing it (here or on the window's
    /// event, see [`crate::BrowserWindow::on_page_title_updated`]) keeps the window's title as
    /// it was; [`WebContents::title`] is the page's title either way.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_page_title_updated(|update| println!("title: {}", update.title));
    /// # }
    /// ```
    pub fn on_page_title_updated(
        &self,
        listener: impl Fn(&PageTitleUpdated) + Send + Sync + 'static,
    ) -> ListenerId {
        self.shared
            .listeners
            .page_title_updated
            .add(false, listener)
    }

    /// Removes a listener added with a loading or navigation `on_*` method.
    pub(crate) fn remove_navigation_listener(&self, id: ListenerId) -> bool {
        self.navigation().remove(id) || self.shared.listeners.page_title_updated.remove(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_locations_are_made_absolute() {
        let base = "http://a.test/dir/page?x=1";
        assert_eq!(resolve(base, "http://b.test/"), "http://b.test/");
        assert_eq!(resolve(base, "/root"), "http://a.test/root");
        assert_eq!(resolve(base, "//c.test/x"), "http://c.test/x");
        assert_eq!(resolve(base, "next"), "http://a.test/dir/next");
    }
}
