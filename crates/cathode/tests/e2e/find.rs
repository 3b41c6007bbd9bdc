//! `findInPage`: matches are counted and selected as the browser's find bar does, in order, from
//! an isolated world the page cannot fool.

use cathode::{FindOptions, FoundInPage, StopFindAction};

use crate::common::{page_file, run_js, within, Seen, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_in_page_counts_selects_wraps_and_stops_as_the_find_bar_does() {
    let test = TestApp::start().await;
    let window = test.window().await;
    let contents = window.web_contents();
    let page = page_file(
        "find.html",
        "<!doctype html><title>fruit</title>\
         <p>An apple a day.</p><p>Apple pie, <b>apple</b> juice.</p><p>Pears.</p>\
         <script>\
         window.find = () => true;\
         </script>",
    );
    within(window.load_file(&page)).await.unwrap();
    let results = Seen::<FoundInPage>::new();
    let tell = results.sender();
    contents.on_found_in_page(move |found| {
        let _ = tell.send(found.clone());
    });
    let mut results = results;
    let selected = || run_js(&window, "document.getSelection().toString()");
    let first = FindOptions {
        find_next: true,
        ..FindOptions::default()
    };

    let id = contents.find_in_page("apple", first).unwrap();
    let found = results.next().await;
    assert_eq!(found.request_id, id);
    assert_eq!((found.active_match_ordinal, found.matches), (1, 3));
    assert!(found.final_update);
    assert!(found.selection_area.width > 0, "{found:?}");
    assert_eq!(selected().await, "apple");

    let mut ordinals = Vec::new();
    for _ in 0..3 {
        let next = contents
            .find_in_page("apple", FindOptions::default())
            .unwrap();
        let found = results.next().await;
        assert_eq!(found.request_id, next);
        assert!(next > id, "request ids grow");
        ordinals.push(found.active_match_ordinal);
    }
    assert_eq!(ordinals, [2, 3, 1], "forward, then around to the first");

    let backward = FindOptions {
        forward: false,
        ..FindOptions::default()
    };
    contents.find_in_page("apple", backward).unwrap();
    assert_eq!(
        results.next().await.active_match_ordinal,
        3,
        "back around to the last"
    );

    let case = FindOptions {
        match_case: true,
        find_next: true,
        ..FindOptions::default()
    };
    contents.find_in_page("Apple", case).unwrap();
    let found = results.next().await;
    assert_eq!((found.active_match_ordinal, found.matches), (1, 1));
    assert_eq!(selected().await, "Apple");

    contents.find_in_page("zebra", first).unwrap();
    let found = results.next().await;
    assert_eq!((found.active_match_ordinal, found.matches), (0, 0));

    contents.find_in_page("pears", first).unwrap();
    assert_eq!(results.next().await.matches, 1);
    contents
        .stop_find_in_page(StopFindAction::KeepSelection)
        .unwrap();
    assert_eq!(selected().await, "Pears");
    contents
        .stop_find_in_page(StopFindAction::ClearSelection)
        .unwrap();
    let cleared = within(async {
        loop {
            if selected().await == "" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    });
    cleared.await;

    let refused = contents.find_in_page("", first).unwrap_err();
    assert!(
        refused.to_string().contains("non-empty search content"),
        "{refused}"
    );
    test.exit().await;
}
