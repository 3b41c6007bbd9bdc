//! Finding text in a page (Electron's `findInPage`, `found-in-page`, `stopFindInPage`), by a
//! script in an isolated world of its own (`renderer/find.js`): CDP has no find command.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use serde::Deserialize;

use super::WebContents;
use crate::error::{Error, Result};
use crate::listeners::{ListenerId, Listeners};
use crate::options::Rectangle;
use crate::state::WindowShared;

/// The isolated world the find scripts run in.
const FIND_WORLD: &str = "cathode-find";

/// At most this many matches are counted (the browser's own find bar counts no further either).
const COUNT_LIMIT: u32 = 1000;

/// How [`WebContents::find_in_page`] searches (Electron's `findInPage` options).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindOptions {
    /// Search forward (the default) or backward.
    pub forward: bool,
    /// Start a new search from the top (or, backward, the end) rather than from the last match
    /// (Electron's `findNext`: true for a first request, false for follow-ups).
    pub find_next: bool,
    /// Tell upper and lower case apart.
    pub match_case: bool,
}

impl Default for FindOptions {
    fn default() -> FindOptions {
        FindOptions {
            forward: true,
            find_next: false,
            match_case: false,
        }
    }
}

/// `found-in-page`: what a [`WebContents::find_in_page`] request found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundInPage {
    /// The request's id, as `find_in_page` returned it.
    pub request_id: u32,
    /// Which match is selected now, counted from 1 (0 when nothing matched).
    pub active_match_ordinal: u32,
    /// How many matches the page has (at most 1000 are counted).
    pub matches: u32,
    /// Where the selected match is, in the page's viewport.
    pub selection_area: Rectangle,
    /// Always true: cathode reports each request once, complete.
    pub final_update: bool,
}

/// What [`WebContents::stop_find_in_page`] does with the match's selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopFindAction {
    /// Clear it.
    ClearSelection,
    /// Leave it as a normal selection.
    KeepSelection,
    /// Focus and click the element holding it.
    ActivateSelection,
}

impl StopFindAction {
    /// The action Electron names `name` (`clearSelection`, `keepSelection`,
    /// `activateSelection`).
    ///
    /// ```
    /// use cathode::StopFindAction;
    /// assert_eq!(StopFindAction::from_name("keepSelection"), Some(StopFindAction::KeepSelection));
    /// assert_eq!(StopFindAction::from_name("select"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<StopFindAction> {
        Some(match name {
            "clearSelection" => StopFindAction::ClearSelection,
            "keepSelection" => StopFindAction::KeepSelection,
            "activateSelection" => StopFindAction::ActivateSelection,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            StopFindAction::ClearSelection => "clearSelection",
            StopFindAction::KeepSelection => "keepSelection",
            StopFindAction::ActivateSelection => "activateSelection",
        }
    }
}

/// A window's find requests and `found-in-page` listeners, kept in its typed state.
#[derive(Default)]
pub(crate) struct Finds {
    last_request: AtomicU32,
    found_in_page: Listeners<FoundInPage>,
    /// Requests run one after another, in the order asked.
    order: tokio::sync::Mutex<()>,
}

impl Finds {
    fn of(window: &WindowShared) -> Arc<Finds> {
        window.extensions.get_or_insert_with(Finds::default)
    }

    pub(crate) fn remove(window: &WindowShared, id: ListenerId) -> bool {
        Finds::of(window).found_in_page.remove(id)
    }
}

/// What `renderer/find.js` reports.
#[derive(Deserialize)]
struct Found {
    matches: u32,
    active: u32,
    area: Area,
}

#[derive(Deserialize)]
struct Area {
    x: i32,
    y: i32,
    width: u32,
    height: u32,
}

impl WebContents {
    /// Starts finding `text` in the page (Electron's `findInPage`); returns the request's id at
    /// once, and the result comes as `found-in-page` ([`WebContents::on_found_in_page`]). The
    /// match is selected, highlighted and scrolled to, as the browser's find bar does. Only the
    /// main frame's document is searched. Fails with [`Error::BadArgument`] for an empty `text`
    /// and with [`Error::WindowDestroyed`] once the window is closed.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// contents.on_found_in_page(|found| println!("{} of {}", found.active_match_ordinal, found.matches));
    /// let options = cathode::FindOptions { find_next: true, ..Default::default() };
    /// contents.find_in_page("invoice", options)?;
    /// # Ok(()) }
    /// ```
    pub fn find_in_page(&self, text: &str, options: FindOptions) -> Result<u32> {
        self.shared().check_alive()?;
        if text.is_empty() {
            return Err(Error::BadArgument {
                what: "findInPage",
                reason: "Must provide a non-empty search content".into(),
            });
        }
        let finds = Finds::of(self.shared());
        let request_id = finds.last_request.fetch_add(1, Ordering::AcqRel) + 1;
        let script = format!(
            "({})({}, {}, {}, {}, {COUNT_LIMIT})",
            include_str!("../renderer/find.js").trim_end(),
            serde_json::Value::from(text),
            options.forward,
            options.find_next,
            options.match_case,
        );
        let window = Arc::clone(self.shared());
        tokio::spawn(async move {
            let _in_order = finds.order.lock().await;
            let found = match window.page.evaluate_in_new_world(FIND_WORLD, script).await {
                Ok(Ok(value)) => serde_json::from_value::<Found>(value).map_err(|e| e.to_string()),
                Ok(Err(thrown)) => Err(thrown),
                Err(error) => Err(error.to_string()),
            };
            match found {
                Ok(found) => {
                    let result = FoundInPage {
                        request_id,
                        active_match_ordinal: found.active,
                        matches: found.matches,
                        selection_area: Rectangle {
                            x: found.area.x,
                            y: found.area.y,
                            width: found.area.width,
                            height: found.area.height,
                        },
                        final_update: true,
                    };
                    finds.found_in_page.emit("found-in-page", &result);
                }
                Err(error) => {
                    tracing::debug!(window_id = window.id, request_id, %error, "findInPage failed");
                }
            }
        });
        Ok(request_id)
    }

    /// `found-in-page`: the result of a [`WebContents::find_in_page`] request.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) {
    /// contents.on_found_in_page(|found| println!("{} matches", found.matches));
    /// # }
    /// ```
    pub fn on_found_in_page(
        &self,
        listener: impl Fn(&FoundInPage) + Send + Sync + 'static,
    ) -> ListenerId {
        Finds::of(self.shared()).found_in_page.add(false, listener)
    }

    /// Ends finding in the page (Electron's `stopFindInPage`), after the requests made before
    /// it, doing `action` with the match's selection. Fails with [`Error::WindowDestroyed`] once
    /// the window is closed.
    ///
    /// ```no_run
    /// # fn demo(contents: cathode::WebContents) -> cathode::Result<()> {
    /// contents.stop_find_in_page(cathode::StopFindAction::ClearSelection)?;
    /// # Ok(()) }
    /// ```
    pub fn stop_find_in_page(&self, action: StopFindAction) -> Result<()> {
        self.shared().check_alive()?;
        let finds = Finds::of(self.shared());
        let script = format!(
            "({})({})",
            include_str!("../renderer/find_stop.js").trim_end(),
            serde_json::Value::from(action.name())
        );
        let window = Arc::clone(self.shared());
        tokio::spawn(async move {
            let _in_order = finds.order.lock().await;
            if let Err(error) = window.page.evaluate_in_new_world(FIND_WORLD, script).await {
                tracing::debug!(window_id = window.id, %error, "stopFindInPage failed");
            }
        });
        Ok(())
    }
}
