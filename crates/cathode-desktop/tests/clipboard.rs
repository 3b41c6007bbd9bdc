//! The clipboard on a real X display (an Xvfb this test starts): text, HTML and images written
//! are read back.

use std::process::{Child, Command, Stdio};

use cathode_desktop::clipboard::{self, Image};

/// A private X server for this test, stopped on drop.
struct VirtualDisplay {
    server: Child,
}

impl VirtualDisplay {
    /// Starts Xvfb on a display number it picks itself (`-displayfd`) and points DISPLAY at it.
    fn start() -> VirtualDisplay {
        use std::io::{BufRead, BufReader};
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "640x480x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (scripts/install-deps.sh --with-xvfb installs it)");
        let mut number = String::new();
        BufReader::new(server.stdout.take().expect("piped stdout"))
            .read_line(&mut number)
            .expect("Xvfb says which display it took");
        let number = number.trim().to_owned();
        assert!(!number.is_empty(), "Xvfb did not start");
        std::env::set_var("DISPLAY", format!(":{number}"));
        std::env::remove_var("WAYLAND_DISPLAY");
        VirtualDisplay { server }
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        // SIGTERM lets Xvfb remove its socket and lock files; SIGKILL would leave them behind.
        let _ = Command::new("kill")
            .arg(self.server.id().to_string())
            .status();
        let _ = self.server.wait();
    }
}

/// One test: the steps share the one clipboard, in order.
#[test]
fn text_html_and_images_written_are_read_back() {
    let _display = VirtualDisplay::start();
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
