//! Real app windows on an X display (an Xvfb the test starts, with the openbox window manager):
//! chromeless, sized as asked, one renderer process each, and what each window method did as the
//! window manager sees it (`wmctrl`, `xprop`).

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use cathode::{App, BrowserWindow, Color, Rectangle, WindowEvent, WindowOptions};
use serde_json::Value;

use crate::common::{page_file, script_page, within, Seen, TestApp};

/// A private X server for this test, with a window manager, stopped on drop.
pub(crate) struct VirtualDisplay {
    server: Child,
    window_manager: Child,
    name: String,
}

/// How long the display, its window manager and its windows may take to settle: a safety net
/// for a debug build on a busy machine, where several of these displays start at once.
const SETTLING: Duration = Duration::from_secs(60);

impl VirtualDisplay {
    /// Starts Xvfb on a display number it picks itself (`-displayfd`), once it is ready, and
    /// openbox on it, once it manages the screen.
    pub(crate) async fn start() -> VirtualDisplay {
        use std::io::{BufRead, BufReader};
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1024x24",
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
        let number = number.trim();
        assert!(!number.is_empty(), "Xvfb did not start");
        let name = format!(":{number}");
        let openbox = |name: &str| {
            Command::new("openbox")
                .env("DISPLAY", name)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("openbox runs (scripts/install-deps.sh --with-xvfb installs it)")
        };
        let mut display = VirtualDisplay {
            server,
            window_manager: openbox(&name),
            name,
        };
        // A window manager that gave up while the machine was busy is started again.
        let managing = async {
            while !display.x_tool("wmctrl", &["-m"]).contains("Openbox") {
                if matches!(display.window_manager.try_wait(), Ok(Some(_))) {
                    display.window_manager = openbox(&display.name);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        };
        if tokio::time::timeout(SETTLING, managing).await.is_err() {
            panic!("never saw openbox manage the screen");
        }
        display
    }

    /// A headful app on this display.
    pub(crate) async fn app(&self) -> TestApp {
        let test = TestApp::start_with(
            App::builder()
                .headless(false)
                .browser_arg("--ozone-platform=x11")
                .browser_arg(format!("--display={}", self.name)),
        )
        .await;
        assert!(!test.app.is_headless());
        test
    }

    /// What an X client program (`wmctrl`, `xprop`) prints on this display.
    pub(crate) fn x_tool(&self, program: &str, args: &[&str]) -> String {
        let output = Command::new(program)
            .args(args)
            .env("DISPLAY", &self.name)
            .output()
            .unwrap_or_else(|error| panic!("{program} runs: {error}"));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The windows the window manager manages (`wmctrl -lG`).
    fn managed(&self) -> Vec<Managed> {
        self.x_tool("wmctrl", &["-lG"])
            .lines()
            .filter_map(Managed::parse)
            .collect()
    }

    /// The managed window titled `title`, once there is one.
    pub(crate) async fn managed_titled(&self, title: &str) -> Managed {
        eventually(&format!("a window titled {title}"), || {
            self.managed()
                .into_iter()
                .find(|window| window.title == title)
        })
        .await
    }

    /// The managed window titled `title`, if there is one now.
    pub(crate) fn managed_titled_now(&self, title: &str) -> Option<Managed> {
        self.managed()
            .into_iter()
            .find(|window| window.title == title)
    }

    /// An X property of a window, as `xprop` prints it (`-notype`; 32-bit values as numbers).
    fn property(&self, id: &str, name: &str) -> String {
        self.x_tool("xprop", &["-id", id, "-notype", "-f", name, "32c", name])
    }

    /// The window's `_NET_WM_STATE` atoms.
    pub(crate) fn states(&self, id: &str) -> String {
        self.x_tool("xprop", &["-id", id, "_NET_WM_STATE"])
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        // SIGTERM lets Xvfb remove its socket and lock files; SIGKILL would leave them behind.
        for child in [&mut self.window_manager, &mut self.server] {
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }
}

/// One line of `wmctrl -lG`.
#[derive(Debug, Clone)]
pub(crate) struct Managed {
    pub(crate) id: String,
    pub(crate) x: i32,
    pub(crate) y: i32,
    pub(crate) width: u32,
    pub(crate) height: u32,
    title: String,
}

impl Managed {
    fn parse(line: &str) -> Option<Managed> {
        let mut fields = line.split_whitespace();
        let id = fields.next()?.to_string();
        let _desktop = fields.next()?;
        let x = fields.next()?.parse().ok()?;
        let y = fields.next()?.parse().ok()?;
        let width = fields.next()?.parse().ok()?;
        let height = fields.next()?.parse().ok()?;
        let _host = fields.next()?;
        let title = fields.collect::<Vec<_>>().join(" ");
        Some(Managed {
            id,
            x,
            y,
            width,
            height,
            title,
        })
    }
}

/// Asks `check` every 50 ms until it gives a value (the window manager and the browser change
/// windows a moment after they were asked to); fails the test after [`SETTLING`].
pub(crate) async fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let waiting = async {
        loop {
            if let Some(value) = check() {
                return value;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    match tokio::time::timeout(SETTLING, waiting).await {
        Ok(value) => value,
        Err(_) => panic!("never saw {what}"),
    }
}

/// A 16×16 PNG file of one colour, as a window icon.
fn icon_file(name: &str, rgb: [u8; 3]) -> std::path::PathBuf {
    let image = image::RgbImage::from_pixel(16, 16, image::Rgb(rgb));
    let path =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("icon-{name}.png"));
    image.save(&path).unwrap();
    path
}

/// A headful window of 400×300 titled `title`, without a position.
pub(crate) async fn titled_window(
    test: &TestApp,
    title: &str,
    options: WindowOptions,
) -> BrowserWindow {
    let window = within(BrowserWindow::new(
        &test.app,
        WindowOptions {
            width: 400,
            height: 300,
            ..options
        },
    ))
    .await
    .unwrap();
    window.set_title(title).unwrap();
    window
}

async fn frame_height(window: &BrowserWindow) -> i64 {
    let sizes = window
        .web_contents()
        .execute_javascript("window.outerHeight - window.innerHeight")
        .await
        .unwrap();
    sizes.as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_windows_are_chromeless_resizable_and_one_process_each() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let page = script_page(
        "headful.html",
        "require('electron').ipcRenderer.send('shown', innerWidth, document.visibilityState);",
    );
    let mut shown = Seen::new();
    let tx = shown.sender();
    test.app
        .ipc_main()
        .on("shown", move |event, (width, state): (u32, String)| {
            tx.send((event.window_id(), width, state)).unwrap()
        });
    let options = WindowOptions {
        width: 500,
        height: 400,
        x: Some(10),
        y: Some(10),
        ..crate::common::node_options()
    };
    let first = BrowserWindow::new(&test.app, options.clone())
        .await
        .unwrap();
    let second = BrowserWindow::new(&test.app, options).await.unwrap();
    for window in [&first, &second] {
        window.load_file(&page).await.unwrap();
        let (id, width, state) = shown.next().await;
        assert_eq!((id, width, state.as_str()), (window.id(), 500, "visible"));
        // A browser window with a tab strip and an omnibox has about 87 px here.
        let chrome = frame_height(window).await;
        assert!(
            (0..40).contains(&chrome),
            "window {} has {chrome} px of chrome",
            window.id()
        );
    }
    let pids = (
        first.web_contents().os_process_id().await.unwrap(),
        second.web_contents().os_process_id().await.unwrap(),
    );
    assert_ne!(pids.0, pids.1);

    first
        .set_bounds(Rectangle {
            x: 30,
            y: 40,
            width: 700,
            height: 450,
        })
        .await
        .unwrap();
    let outer = first
        .web_contents()
        .execute_javascript("[outerWidth, outerHeight]")
        .await
        .unwrap();
    assert_eq!(outer, Value::from(vec![700, 450]));
    let bounds = first.bounds().await.unwrap();
    assert_eq!((bounds.width, bounds.height), (700, 450));

    // A page that closes its own window: `closed` fires, as when the user closes it.
    let mut closed = Seen::new();
    let tx = closed.sender();
    second.on_closed(move || tx.send(()).unwrap());
    // The window may be gone before main reads the evaluation's answer: either is fine.
    let _ = second
        .web_contents()
        .execute_javascript("setTimeout(() => window.close(), 0)")
        .await;
    closed.next().await;
    assert!(second.is_destroyed());
    assert_eq!(
        BrowserWindow::get_all_windows(&test.app),
        vec![first.clone()]
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_windows_cascade_and_the_window_manager_lists_only_the_apps_windows() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let first = titled_window(&test, "first", WindowOptions::default()).await;
    let second = titled_window(&test, "second", WindowOptions::default()).await;
    let (x, y) = first.get_position();
    assert_eq!(second.get_position(), (x + 30, y + 30));
    let shown = (
        display.managed_titled("first").await,
        display.managed_titled("second").await,
    );
    assert_eq!(
        (shown.1.x - shown.0.x, shown.1.y - shown.0.y),
        (30, 30),
        "{shown:?}"
    );
    // Centred in the 1280×1024 screen's work area, as Electron's windows without a position.
    assert!((400..500).contains(&shown.0.x), "{shown:?}");

    // The launcher page that opens the app windows is there, but the window manager does not
    // list it: only the app's windows are the user's to see.
    let only_the_apps = |allowed: &[&str]| {
        let listed = display.managed();
        listed
            .iter()
            .all(|window| allowed.contains(&window.title.as_str()))
            .then_some(listed)
    };
    eventually("only the app's windows listed", || {
        only_the_apps(&["first", "second"])
    })
    .await;
    // Later windows still open from it, and it stays out of the list.
    titled_window(&test, "third", WindowOptions::default()).await;
    display.managed_titled("third").await;
    let listed = only_the_apps(&["first", "second", "third"]);
    assert!(listed.is_some(), "{:?}", display.managed());
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn window_methods_reach_the_window_manager() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let window = titled_window(&test, "methods", WindowOptions::default()).await;
    let id = display.managed_titled("methods").await.id;
    let has_state = |atom: &'static str| {
        let display = &display;
        let id = id.clone();
        move || display.states(&id).contains(atom).then_some(())
    };
    let lacks_state = |atom: &'static str| {
        let display = &display;
        let id = id.clone();
        move || (!display.states(&id).contains(atom)).then_some(())
    };

    within(window.maximize().unwrap()).await.unwrap();
    eventually("maximised", has_state("_NET_WM_STATE_MAXIMIZED_VERT")).await;
    assert!(display.states(&id).contains("_NET_WM_STATE_MAXIMIZED_HORZ"));
    within(window.unmaximize().unwrap()).await.unwrap();
    eventually("unmaximised", lacks_state("_NET_WM_STATE_MAXIMIZED_VERT")).await;

    within(window.set_size(520, 360).unwrap()).await.unwrap();
    eventually("520×360", || {
        let shown = display.managed_titled_now("methods")?;
        ((shown.width, shown.height) == (520, 360)).then_some(())
    })
    .await;

    // The window manager's coordinates include its frame: the test compares two moves. The first
    // is seen once the window manager shows the window elsewhere than before it (the window's
    // own state changed when `set_position` returned, the window manager's a moment later).
    let initial = display
        .managed_titled_now("methods")
        .expect("the window is managed");
    within(window.set_position(100, 120).unwrap())
        .await
        .unwrap();
    let before = eventually("the move to 100,120", || {
        let shown = display.managed_titled_now("methods")?;
        ((shown.x, shown.y) != (initial.x, initial.y)).then_some(shown)
    })
    .await;
    within(window.set_position(250, 180).unwrap())
        .await
        .unwrap();
    eventually("a move of 150, 60", || {
        let shown = display.managed_titled_now("methods")?;
        ((shown.x - before.x, shown.y - before.y) == (150, 60)).then_some(())
    })
    .await;

    within(window.minimize().unwrap()).await.unwrap();
    eventually("minimised", has_state("_NET_WM_STATE_HIDDEN")).await;
    within(window.restore().unwrap()).await.unwrap();
    eventually("restored", lacks_state("_NET_WM_STATE_HIDDEN")).await;

    within(window.set_full_screen(true).unwrap()).await.unwrap();
    eventually("full screen", has_state("_NET_WM_STATE_FULLSCREEN")).await;
    within(window.set_full_screen(false).unwrap())
        .await
        .unwrap();
    eventually(
        "out of full screen",
        lacks_state("_NET_WM_STATE_FULLSCREEN"),
    )
    .await;
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_icon_option_and_set_icon_give_the_window_its_icon() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let red = icon_file("red", [255, 0, 0]);
    let window = titled_window(
        &test,
        "iconic",
        WindowOptions {
            icon: Some(red),
            ..WindowOptions::default()
        },
    )
    .await;
    let id = display.managed_titled("iconic").await.id;
    // 16×16 pixels of opaque red, as ARGB: 0xFFFF0000.
    eventually("the red icon", || {
        let icon = display.property(&id, "_NET_WM_ICON");
        icon.contains("16, 16, 4294901760, 4294901760")
            .then_some(())
    })
    .await;

    // Kept across navigations; `setIcon` changes it (opaque blue: 0xFF0000FF).
    let page = page_file("headful-icon.html", "<title>iconic</title><p>page</p>");
    window.load_file(&page).await.unwrap();
    within(window.set_icon(icon_file("blue", [0, 0, 255])))
        .await
        .unwrap();
    eventually("the blue icon", || {
        let icon = display.property(&id, "_NET_WM_ICON");
        icon.contains("16, 16, 4278190335, 4278190335")
            .then_some(())
    })
    .await;
    let refused = window.set_icon(&page).await.unwrap_err();
    assert!(
        refused.to_string().contains("not a PNG, JPEG or ICO"),
        "{refused}"
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_background_colour_shows_before_any_page_loads() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let window = titled_window(
        &test,
        "green",
        WindowOptions {
            background_color: Color::parse("#00c000"),
            ..WindowOptions::default()
        },
    )
    .await;
    display.managed_titled("green").await;
    // Nothing loaded: the window shows its first blank document.
    let shot = within(window.web_contents().capture_page(None))
        .await
        .unwrap();
    let pixels = image::load_from_memory(shot.to_png()).unwrap().to_rgb8();
    let (width, height) = pixels.dimensions();
    assert_eq!(pixels.get_pixel(width / 2, height / 2).0, [0, 192, 0]);
    test.exit().await;
}

/// Records `window`'s window events, and its web contents' `focus` as "contents-focus".
fn record(window: &BrowserWindow) -> std::sync::Arc<std::sync::Mutex<Vec<&'static str>>> {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    for event in WindowEvent::ALL {
        let seen = std::sync::Arc::clone(&seen);
        window.on_window_event(event, move || seen.lock().unwrap().push(event.name()));
    }
    let contents_seen = std::sync::Arc::clone(&seen);
    window
        .web_contents()
        .on_focus(move || contents_seen.lock().unwrap().push("contents-focus"));
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_window_manager_does_reaches_the_window_with_its_events() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let left = titled_window(&test, "left", WindowOptions::default()).await;
    let right = titled_window(&test, "right", WindowOptions::default()).await;
    // The page of each loaded document watches its window (not the first blank one).
    for (window, title) in [(&left, "left"), (&right, "right")] {
        let page = page_file(
            &format!("headful-{title}.html"),
            &format!("<title>{title}</title>"),
        );
        within(window.load_file(&page)).await.unwrap();
    }
    display.managed_titled("left").await;
    display.managed_titled("right").await;
    let seen = record(&left);
    let saw = |event: &'static str| {
        let seen = std::sync::Arc::clone(&seen);
        move || seen.lock().unwrap().contains(&event).then_some(())
    };

    // The user drags the window's frame: a new size and place.
    display.x_tool("wmctrl", &["-F", "-r", "left", "-e", "0,200,150,450,320"]);
    eventually("the new size", || {
        (left.get_size() == (450, 320)).then_some(())
    })
    .await;
    eventually("resize", saw("resize")).await;
    eventually("move", saw("move")).await;
    let moved = left.get_position();
    assert_eq!(within(left.bounds()).await.unwrap().x, moved.0);

    // The window manager maximises it, and restores it.
    display.x_tool(
        "wmctrl",
        &[
            "-F",
            "-r",
            "left",
            "-b",
            "add,maximized_vert,maximized_horz",
        ],
    );
    eventually("maximised", || left.is_maximized().then_some(())).await;
    eventually("maximize", saw("maximize")).await;
    display.x_tool(
        "wmctrl",
        &[
            "-F",
            "-r",
            "left",
            "-b",
            "remove,maximized_vert,maximized_horz",
        ],
    );
    eventually("unmaximised", || (!left.is_maximized()).then_some(())).await;
    eventually("unmaximize", saw("unmaximize")).await;

    // The user activates the other window, this one, and the other again.
    let right_focused =
        || (BrowserWindow::get_focused_window(&test.app).as_ref() == Some(&right)).then_some(());
    display.x_tool("wmctrl", &["-F", "-a", "right"]);
    eventually("the focus on the right", right_focused).await;
    seen.lock().unwrap().clear();
    display.x_tool("wmctrl", &["-F", "-a", "left"]);
    eventually("the focus on the left", || left.is_focused().then_some(())).await;
    eventually("focus", saw("focus")).await;
    eventually("the web contents' focus", saw("contents-focus")).await;
    display.x_tool("wmctrl", &["-F", "-a", "right"]);
    eventually("the focus on the right again", right_focused).await;
    eventually("blur", saw("blur")).await;
    assert!(!left.is_focused());
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zoom_lays_a_real_windows_page_out_in_less_width() {
    let display = VirtualDisplay::start().await;
    let test = display.app().await;
    let window = titled_window(&test, "zoomed", WindowOptions::default()).await;
    let page = page_file("headful-zoom.html", "<title>zoomed</title><p>text</p>");
    within(window.load_file(&page)).await.unwrap();
    let contents = window.web_contents();
    let width = contents.execute_javascript("innerWidth").await.unwrap();
    let width = width.as_u64().unwrap();
    within(contents.set_zoom_factor(2.0)).await.unwrap();
    let halved = format!(
        "new Promise((done) => {{ const check = () => innerWidth === {} && done(true); \
         check(); setInterval(check, 20); }})",
        width / 2
    );
    assert_eq!(
        within(contents.execute_javascript(&halved)).await.unwrap(),
        true
    );
    // The window itself keeps its size.
    assert_eq!(display.managed_titled("zoomed").await.width, 400);
    test.exit().await;
}
