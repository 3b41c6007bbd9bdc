//! What a page's loading, navigation and title events carry, and [`Verdict`]: the answer to an
//! event whose default a listener may prevent now or decide later.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::listeners::lock;

/// The answer to a preventable event (`close`, `will-navigate`, `will-redirect`,
/// `page-title-updated`, ...):
/// a listener prevents the default at once with [`Verdict::prevent_default`], or takes a
/// [`Deferral`] and decides later (from another task, after asking someone); the default waits
/// for every deferral, at most a time limit (then it goes ahead, and that is logged).
///
/// ```no_run
/// # fn demo(contents: cathode::WebContents) {
/// contents.on_will_navigate(|navigation| {
///     if !navigation.url.starts_with("file:") {
///         navigation.verdict.prevent_default();
///     }
/// });
/// # }
/// ```
#[derive(Debug, Default)]
pub struct Verdict {
    prevented: AtomicBool,
    deferred: Mutex<Vec<oneshot::Receiver<bool>>>,
}

/// A decision a listener of a preventable event makes later: [`Deferral::prevent_default`] or
/// [`Deferral::proceed`]; dropping it proceeds.
#[derive(Debug)]
pub struct Deferral(oneshot::Sender<bool>);

impl Deferral {
    /// Prevents the default.
    pub fn prevent_default(self) {
        let _ = self.0.send(true);
    }

    /// Lets the default go ahead (as dropping the deferral does).
    pub fn proceed(self) {
        let _ = self.0.send(false);
    }
}

impl Verdict {
    /// Prevents the default (Electron's `event.preventDefault()`).
    pub fn prevent_default(&self) {
        self.prevented.store(true, Ordering::Relaxed);
    }

    /// True once a listener prevented the default (not counting deferrals still open).
    pub fn default_prevented(&self) -> bool {
        self.prevented.load(Ordering::Relaxed)
    }

    /// Makes the default wait until the returned [`Deferral`] is decided or dropped.
    pub fn defer(&self) -> Deferral {
        let (tx, rx) = oneshot::channel();
        lock(&self.deferred).push(rx);
        Deferral(tx)
    }

    /// True when no listener deferred its decision: [`Verdict::default_prevented`] is final.
    pub(crate) fn is_decided(&self) -> bool {
        lock(&self.deferred).is_empty()
    }

    /// Waits for the deferrals (at most `limit` in all); true when the default was prevented.
    pub(crate) async fn settle(&self, limit: Duration, what: &str) -> bool {
        let deferred = std::mem::take(&mut *lock(&self.deferred));
        if !deferred.is_empty() {
            let decided = async {
                for answer in deferred {
                    if answer.await == Ok(true) {
                        self.prevent_default();
                    }
                }
            };
            if tokio::time::timeout(limit, decided).await.is_err() {
                tracing::warn!(
                    event = what,
                    ?limit,
                    "a listener did not decide in time; the default goes ahead"
                );
            }
        }
        self.default_prevented()
    }
}

/// `did-start-navigation`: a frame started navigating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavigationStarted {
    /// Where to.
    pub url: String,
    /// True for a navigation within the document (a fragment, the history API).
    pub is_in_place: bool,
    /// True when the page's main frame navigates.
    pub is_main_frame: bool,
}

/// `did-navigate` (the main frame) and `did-frame-navigate` (any frame): a new document
/// committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Navigated {
    /// The document's URL.
    pub url: String,
    /// The response's HTTP status (200 for a local file); -1 when the browser did not tell.
    pub http_response_code: i32,
    /// The response's status text (`OK`), empty when the browser did not tell.
    pub http_status_text: String,
    /// True for the page's main frame.
    pub is_main_frame: bool,
}

/// `did-navigate-in-page`: a navigation within a document (a fragment, `history.pushState`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InPageNavigation {
    /// The document's new URL.
    pub url: String,
    /// True for the page's main frame.
    pub is_main_frame: bool,
}

/// `will-navigate` and `will-redirect`: the page's main frame is about to go to `url`;
/// preventing it keeps the page where it is.
#[derive(Debug)]
pub struct WillNavigate {
    /// Where to.
    pub url: String,
    /// True when the page's main frame navigates (always, today: only it is followed).
    pub is_main_frame: bool,
    /// Prevent or defer it here.
    pub verdict: Verdict,
}

/// `page-title-updated`: the page's title changed. Preventing the window's event keeps the
/// window's own title.
#[derive(Debug)]
pub struct PageTitleUpdated {
    /// The page's new title.
    pub title: String,
    /// True when the page set it (always: a title the browser made up from the URL is not
    /// reported).
    pub explicit_set: bool,
    /// Prevent or defer it here.
    pub verdict: Verdict,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_deferral_decides_later_and_a_dropped_one_proceeds() {
        let verdict = Verdict::default();
        let later = verdict.defer();
        drop(verdict.defer());
        tokio::spawn(async move { later.prevent_default() });
        assert!(verdict.settle(Duration::from_secs(20), "test").await);

        let verdict = Verdict::default();
        drop(verdict.defer());
        assert!(!verdict.settle(Duration::from_secs(20), "test").await);
    }

    #[tokio::test]
    async fn a_deferral_never_decided_lets_the_default_go_ahead_after_the_limit() {
        let verdict = Verdict::default();
        let _kept = verdict.defer();
        assert!(!verdict.settle(Duration::from_millis(1), "test").await);
    }
}
