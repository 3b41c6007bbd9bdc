//! A user's close asks `close` first, as in Electron. With a display, the browser closes a
//! window its user closes (and one whose page calls `window.close()`) after its page's
//! `beforeunload` handlers, asking main only when one asks to stay. While a window has a `close`
//! listener, cathode's unload guard (`renderer/unload_guard.js`, an isolated world of its own
//! with a binding only that world has) is armed: it runs after the page's handlers
//! (`renderer/unload_order.js` keeps it last), reports what they wanted, and makes every unload
//! ask main, which decides in `web_contents/dialogs.rs`. The browser asks only a page with user
//! activation, so an armed window's documents are given it. Headless there is no user to close a
//! window, and main's own closes ask `close` already: nothing is installed.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use serde_json::json;

use super::world_state::{self, StateScript};
use crate::error::Result;
use crate::renderer::RuntimeNames;
use crate::state::WindowShared;
use crate::web_contents::{unload_names, UnloadGuard};

/// The name of the function through which main arms the guard, a global of the guard's world
/// only.
const CONTROL: &str = "__cathodeUnloadControl";

/// The name of the DOM event that moves the guard last (per app, random).
struct ReorderEvent(String);

/// The document script that arms the guard of later documents, once one was added.
#[derive(Default)]
struct ArmScript(Arc<StateScript>);

/// Installs the guard (unarmed) and the script that keeps it last in every document of a
/// headful window's page; later documents of an armed window get user activation.
pub(super) async fn follow(window: &Arc<WindowShared>, names: &RuntimeNames) -> Result<()> {
    let app = window.app()?;
    let reorder = app.extensions.get_or_insert_with(|| {
        ReorderEvent(format!("cathode-{}", crate::renderer::random_hex(32)))
    });
    let (world, binding) = unload_names(names);
    let config = json!({"control": CONTROL, "reorder": reorder.0});
    let guard = format!(
        "({})({config}, {binding})",
        include_str!("../renderer/unload_guard.js").trim_end()
    );
    let order = format!(
        "({})({})",
        include_str!("../renderer/unload_order.js").trim_end(),
        json!(reorder.0)
    );
    let weak = Arc::downgrade(window);
    window.listeners.document_reset.add(false, move |_| {
        if let Some(window) = weak.upgrade() {
            let guard = UnloadGuard::of(&window);
            guard.forget();
            if guard.armed.load(Ordering::Acquire) {
                give_user_activation(&window);
            }
        }
    });
    tokio::try_join!(
        window.page.follow_titles(&world, &binding, guard),
        window.page.add_document_script(order, None),
    )?;
    Ok(())
}

/// Arms the guard while the window has a `close` listener, and disarms it once it has none: at
/// once in the current document (which also gets user activation) and for later documents.
/// Main's later commands to the page wait until the browser confirmed it, so a close the user
/// makes after them finds the guard armed.
pub(super) fn update(window: &Arc<WindowShared>) {
    let Ok(app) = window.app() else { return };
    if app.is_headless() {
        return;
    }
    let armed = !window.listeners.close.is_empty();
    let guard = UnloadGuard::of(window);
    if guard.armed.swap(armed, Ordering::AcqRel) == armed {
        return;
    }
    let (world, _) = unload_names(&app.names);
    let installed = Arc::clone(&window.extensions.get_or_insert_with(ArmScript::default).0);
    let arm_script = |armed: bool| format!("globalThis[{}]?.({armed});", json!(CONTROL));
    world_state::tell(
        window,
        world,
        &arm_script(armed),
        installed,
        move |window| arm_script(UnloadGuard::of(window).armed.load(Ordering::Acquire)),
        "unload guard",
    );
    if armed {
        give_user_activation(window);
    }
}

/// Gives the page's current document user activation (as a click would), so that the browser
/// asks main when it unloads; main's later commands wait for it.
fn give_user_activation(window: &Arc<WindowShared>) {
    world_state::spawn_holding(window, |window| async move {
        if let Err(error) = window.page.run_as_user("0".into()).await {
            tracing::debug!(window_id = window.id, %error, "the page was not given user activation");
        }
    });
}
