//! Windows and their web contents as apps use them: zoom, and the options Chromium's app windows
//! cannot have.

mod common;

use common::{assert_exit, cathode, test_app, text};

#[test]
fn a_reader_zooms_its_page_which_lays_out_narrower() {
    let app = test_app("reading-zoom");
    let output = cathode(&["run", "--headless", &app.to_string_lossy()], None);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "actual size: wide layout, zoom factor 1",
            "larger text: narrow layout, zoom factor 2, level 3.80",
            "refused: 'zoomFactor' must be a double greater than 0.0",
            "actual size again: wide layout, zoom factor 1",
        ],
        "{stdout}"
    );
}
