//! The clipboard on a real X display (an Xvfb this test starts): text, HTML and images written
//! are read back.

use cathode_desktop::clipboard::{self, Image};
use cathode_testing::VirtualDisplay;

/// A private X display for this test, which DISPLAY points at.
fn virtual_display() -> VirtualDisplay {
    let display = VirtualDisplay::start();
    std::env::set_var("DISPLAY", display.name());
    std::env::remove_var("WAYLAND_DISPLAY");
    display
}

/// One test: the steps share the one clipboard, in order.
#[test]
fn text_html_and_images_written_are_read_back() {
    let _display = virtual_display();
    clipboard::clear().expect("the clipboard can be cleared");
    assert_eq!(
        clipboard::read_text().unwrap(),
        "",
        "an empty clipboard reads as ''"
    );
    assert_eq!(clipboard::read_image().unwrap(), None);

    clipboard::write_text("héllo; $(rm -rf ~)").unwrap();
    assert_eq!(clipboard::read_text().unwrap(), "héllo; $(rm -rf ~)");
    assert_eq!(clipboard::available_formats().unwrap(), ["text/plain"]);

    clipboard::write_html("<b>bold</b> text", Some("bold text")).unwrap();
    assert_eq!(clipboard::read_html().unwrap(), "<b>bold</b> text");
    assert_eq!(clipboard::read_text().unwrap(), "bold text");

    let image = Image {
        width: 2,
        height: 1,
        rgba: vec![255, 0, 0, 255, 0, 0, 255, 128],
    };
    clipboard::write_image(&image).unwrap();
    assert_eq!(clipboard::read_image().unwrap(), Some(image));
    assert!(clipboard::available_formats()
        .unwrap()
        .contains(&"image/png".to_owned()));

    let wrong = Image {
        width: 3,
        height: 3,
        rgba: vec![0; 4],
    };
    assert!(
        clipboard::write_image(&wrong).is_err(),
        "a size that does not match is refused"
    );
    assert!(
        clipboard::read_image().unwrap().is_some(),
        "and the clipboard keeps what it had"
    );
}
