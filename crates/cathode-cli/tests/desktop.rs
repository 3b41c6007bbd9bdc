//! Electron's desktop modules in an app's main script (`shell`, `dialog`, `Notification`,
//! `clipboard`, `nativeTheme`, `screen`, `powerSaveBlocker`, `app`'s locale and name), run by
//! the `cathode` command headless on a machine without a desktop: every call answers at once,
//! dialogs are canceled, URLs reach the opener as one argument and never a shell. The clipboard
//! is also tried on an X display (an Xvfb the test starts).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use cathode_testing::VirtualDisplay;
use common::{finish, opened_lines, text};

/// Writes an app into a fresh folder under cargo's test scratch folder, with a `bin/xdg-open`
/// that records each argument it gets, one a line between `<` and `>`, in `opened.log`.
fn app(name: &str, main: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-desktop")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    let package = format!(r#"{{"name": "{name}", "version": "1.0.0", "main": "main.js"}}"#);
    std::fs::write(dir.join("package.json"), package).unwrap();
    std::fs::write(dir.join("main.js"), main).unwrap();
    let opener = dir.join("bin/xdg-open");
    let log = dir.join("opened.log");
    let script = format!(
        "#!/bin/sh\nfor arg in \"$@\"; do printf '<%s>\\n' \"$arg\" >> '{}'; done\n",
        log.display()
    );
    std::fs::write(&opener, script).unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// Runs the app headless without a desktop: no display, a session bus address that leads
/// nowhere, the recording opener first in PATH, a German locale, and the user's data and
/// configuration folders in the app's folder.
fn run(dir: &Path) -> Output {
    run_on(dir, None)
}

/// [`run`], with the X display `display` if given (the browser stays headless).
fn run_on(dir: &Path, display: Option<&str>) -> Output {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![dir.join("bin")];
    paths.extend(std::env::split_paths(&path));
    let mut command = Command::new(env!("CARGO_BIN_EXE_cathode"));
    command
        .args(["run", "--headless"])
        .arg(dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "de_DE.UTF-8")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/cathode-bus",
        )
        .env("PATH", std::env::join_paths(paths).unwrap())
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(display) = display {
        command.env("DISPLAY", display);
    }
    finish(command)
}

/// The lines the app printed, after checking that it exited 0.
fn lines(output: &Output) -> Vec<String> {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout).lines().map(str::to_owned).collect()
}

#[test]
fn dialogs_without_a_desktop_are_canceled_at_once_and_say_why() {
    let dir = app(
        "dialogs",
        r#"
        const { app, dialog } = require('electron');
        app.whenReady().then(async () => {
          const open = await dialog.showOpenDialog({ properties: ['openFile', 'multiSelections'] });
          console.log('open', JSON.stringify(open));
          const save = await dialog.showSaveDialog({ defaultPath: 'notes.txt' });
          console.log('save', JSON.stringify(save));
          const box = await dialog.showMessageBox({ message: 'Quit?', buttons: ['Quit', 'Cancel'] });
          console.log('box', JSON.stringify(box));
          console.log('openSync', dialog.showOpenDialogSync({}));
          console.log('saveSync', JSON.stringify(dialog.showSaveDialogSync({})));
          console.log('boxSync', dialog.showMessageBoxSync({ message: 'Sure?', buttons: ['Yes', 'No'] }));
          await dialog.showMessageBox({ buttons: ['OK'] }).catch((e) => console.log('bad', e.constructor.name, e.message));
          try { dialog.showOpenDialog(42) } catch (e) { console.log('bad', e.message) }
          dialog.showErrorBox('Oops', 'Something broke');
          app.quit();
        });
        "#,
    );
    let output = run(&dir);
    assert_eq!(
        lines(&output),
        [
            r#"open {"canceled":true,"filePaths":[]}"#,
            r#"save {"canceled":true,"filePath":""}"#,
            r#"box {"response":1,"checkboxChecked":false}"#,
            "openSync undefined",
            r#"saveSync """#,
            "boxSync 1",
            "bad TypeError dialog.showMessageBox: message must be a string",
            "bad dialog options must be an object",
        ]
    );
    let stderr = text(&output.stderr);
    assert!(stderr.contains("no dialog can be shown"), "{stderr}");
    assert!(stderr.contains("Oops\nSomething broke"), "{stderr}");
}

#[test]
fn open_external_hands_urls_to_the_opener_as_one_argument_and_refuses_files_and_scripts() {
    let dir = app(
        "shell",
        r#"
        const { app, shell } = require('electron');
        const path = require('path');
        app.whenReady().then(async () => {
          const canary = path.join(__dirname, 'canary');
          const url = `https://example.com/?q=$(touch ${canary});touch ${canary}|x&y='"`;
          await shell.openExternal(url);
          console.log('opened');
          for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'not a url; touch x', 42]) {
            await shell.openExternal(bad).then(() => console.log('opened?!', bad), (e) => console.log('refused', e.constructor.name));
          }
          console.log('openPath', JSON.stringify(await shell.openPath('/nonexistent/cathode')));
          console.log('openPath', JSON.stringify(await shell.openPath(__filename)));
          await shell.trashItem('relative.txt').catch((e) => console.log('trash', e.message));
          console.log('canary', require('fs').existsSync(canary));
          app.quit();
        });
        "#,
    );
    let output = run(&dir);
    assert_eq!(
        lines(&output),
        [
            "opened",
            "refused Error",
            "refused Error",
            "refused Error",
            "refused TypeError",
            r#"openPath "openPath('/nonexistent/cathode'): no such file or folder""#,
            r#"openPath """#,
            "trash trashItem('relative.txt'): the path must be absolute",
            "canary false",
        ]
    );
    let canary = dir.join("canary");
    let mut expected = [
        format!(
            "<https://example.com/?q=$(touch {0});touch {0}|x&y='\">",
            canary.display()
        ),
        format!("<{}>", dir.join("main.js").display()),
    ];
    expected.sort();
    assert_eq!(opened_lines(&dir, 2), expected);
}

#[test]
fn notifications_clipboard_theme_power_and_app_answer_without_a_desktop() {
    let dir = app(
        "desktop-misc",
        r#"
        const { app, Notification, clipboard, nativeTheme, powerSaveBlocker, nativeImage } = require('electron');
        app.whenReady().then(() => {
          console.log('notifications', Notification.isSupported());
          try { clipboard.readText() } catch (e) { console.log('clipboard', e.message.startsWith('no display')) }
          console.log('image', nativeImage.createEmpty().isEmpty(), nativeImage.createFromDataURL('data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==').getSize().width);
          nativeTheme.on('updated', () => console.log('updated', nativeTheme.shouldUseDarkColors));
          nativeTheme.themeSource = 'dark';
          console.log('theme', nativeTheme.themeSource, nativeTheme.shouldUseDarkColors);
          try { nativeTheme.themeSource = 'blue' } catch (e) { console.log('theme', e.constructor.name, nativeTheme.themeSource) }
          const id = powerSaveBlocker.start('prevent-display-sleep');
          console.log('power', powerSaveBlocker.isStarted(id), powerSaveBlocker.stop(id), powerSaveBlocker.isStarted(id));
          try { powerSaveBlocker.start('sleep-forever') } catch (e) { console.log('power', e.constructor.name) }
          console.log('app', app.getLocale(), app.name, app.isPackaged);
          app.setName('Renamed');
          console.log('app', app.getName(), app.name);
          try { require('electron').Menu.buildFromTemplate([]) } catch (e) { console.log(e.message) }
          const note = new Notification({ title: 'Hello', body: 'world' });
          note.on('show', () => { console.log('shown?!'); app.quit(); });
          note.on('failed', (event, error) => { console.log('failed', error.includes('session bus')); app.quit(); });
          note.show();
        });
        "#,
    );
    let output = run(&dir);
    assert_eq!(
        lines(&output),
        [
            "notifications false",
            "clipboard true",
            "image true 1",
            "theme dark true",
            "theme TypeError dark",
            "power true true false",
            "power TypeError",
            "app de-DE desktop-misc false",
            "app Renamed Renamed",
            "cathode does not implement electron.Menu yet",
            "updated true",
            "failed true",
        ]
    );
}

#[test]
fn screen_reports_the_display_the_page_is_on() {
    let dir = app(
        "screen",
        r#"
        const { app, BrowserWindow, screen } = require('electron');
        app.whenReady().then(() => {
          try { screen.getPrimaryDisplay() } catch (e) { console.log('before', e.message) }
          const win = new BrowserWindow({ show: false });
          win.loadURL('data:text/html,<p>screen</p>');
          win.webContents.on('did-finish-load', async () => {
            const seen = await win.webContents.executeJavaScript('[screen.width, screen.height, screen.availWidth, screen.availHeight]');
            // The page is asked as it finishes loading; wait for its answer.
            const poll = setInterval(() => {
              let display;
              try { display = screen.getPrimaryDisplay() } catch { return }
              clearInterval(poll);
              const { bounds, workArea, size, scaleFactor } = display;
              console.log('same', JSON.stringify([bounds.width, bounds.height, workArea.width, workArea.height]) === JSON.stringify(seen));
              console.log('size', size.width === bounds.width, scaleFactor > 0);
              console.log('all', screen.getAllDisplays().length, screen.getDisplayNearestPoint({ x: 5000, y: 5000 }).id === display.id);
              const cursor = screen.getCursorScreenPoint();
              console.log('cursor', cursor.x, cursor.y);
              app.quit();
            }, 10);
          });
        });
        "#,
    );
    let output = run(&dir);
    assert_eq!(
        lines(&output),
        [
            "before screen: no window has loaded a page yet, so the browser has not said which display it is on, and there is no X display",
            "same true",
            "size true true",
            "all 1 true",
            "cursor 0 0",
        ]
    );
    assert!(text(&output.stderr).contains("getCursorScreenPoint() answers (0, 0)"));
}

#[test]
fn the_clipboard_and_the_screen_of_an_x_display() {
    let display = VirtualDisplay::start();
    let dir = app(
        "clipboard",
        r#"
        const { app, clipboard, nativeImage, screen } = require('electron');
        app.whenReady().then(() => {
          clipboard.clear();
          console.log('empty', JSON.stringify(clipboard.readText()), clipboard.readImage().isEmpty());
          clipboard.writeText('copied; $(rm -rf ~)');
          console.log('text', clipboard.readText(), JSON.stringify(clipboard.availableFormats()));
          clipboard.write({ html: '<i>it</i>', text: 'it' });
          console.log('html', clipboard.readHTML(), clipboard.readText());
          const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
          clipboard.writeImage(nativeImage.createFromDataURL(png));
          const image = clipboard.readImage();
          console.log('image', JSON.stringify(image.getSize()), nativeImage.createFromBuffer(image.toPNG()).toDataURL() === image.toDataURL());
          try { clipboard.writeImage('not an image') } catch (e) { console.log('bad', e.constructor.name) }
          const cursor = screen.getCursorScreenPoint();
          console.log('cursor', Number.isInteger(cursor.x) && Number.isInteger(cursor.y));
          // No page has loaded: the X server's screen.
          const { size, workArea, colorDepth } = screen.getPrimaryDisplay();
          console.log('display', size.width, size.height, workArea.height, colorDepth);
          app.quit();
        });
        "#,
    );
    let output = run_on(&dir, Some(display.name()));
    assert_eq!(
        lines(&output),
        [
            r#"empty "" true"#,
            r#"text copied; $(rm -rf ~) ["text/plain"]"#,
            "html <i>it</i> it",
            r#"image {"width":1,"height":1} true"#,
            "bad TypeError",
            "cursor true",
            "display 640 480 480 24",
        ]
    );
    assert!(
        !text(&output.stderr).contains("getCursorScreenPoint"),
        "the X server answered"
    );
}

#[test]
fn the_app_becomes_a_url_schemes_handler_in_the_users_desktop_files() {
    let dir = app(
        "protocol-client",
        r#"
        const { app } = require('electron');
        const fs = require('node:fs');
        const path = require('node:path');
        const entry = path.join(process.env.XDG_DATA_HOME, 'applications', 'cathode-protocol-client-notes.desktop');
        const list = path.join(process.env.XDG_CONFIG_HOME, 'mimeapps.list');
        fs.mkdirSync(process.env.XDG_CONFIG_HOME, { recursive: true });
        fs.writeFileSync(list, '[Default Applications]\ntext/html=browser.desktop;\n');
        console.log('before', app.isDefaultProtocolClient('notes'));
        console.log('set', app.setAsDefaultProtocolClient('notes'));
        console.log('is', app.isDefaultProtocolClient('notes'), app.isDefaultProtocolClient('other'));
        const exec = fs.readFileSync(entry, 'utf8').split('\n').find((line) => line.startsWith('Exec='));
        console.log(exec === `Exec=${process.execPath} run ${app.getAppPath()} %u`);
        console.log(fs.readFileSync(list, 'utf8').trim().split('\n').join(' | '));
        console.log('bad', app.setAsDefaultProtocolClient('no such; scheme'));
        console.log('remove', app.removeAsDefaultProtocolClient('notes'), app.isDefaultProtocolClient('notes'), fs.existsSync(entry));
        console.log('remove again', app.removeAsDefaultProtocolClient('notes'));
        console.log(fs.readFileSync(list, 'utf8').trim());
        app.whenReady().then(() => app.quit());
        "#,
    );
    let output = run(&dir);
    assert_eq!(
        lines(&output),
        [
            "before false",
            "set true",
            "is true false",
            "true",
            "[Default Applications] | x-scheme-handler/notes=cathode-protocol-client-notes.desktop; | text/html=browser.desktop;",
            "bad false",
            "remove true false false",
            "remove again false",
            "[Default Applications]",
            "text/html=browser.desktop;",
        ]
    );
    assert!(
        text(&output.stderr).contains("'no such; scheme' is not a URL scheme"),
        "{}",
        text(&output.stderr)
    );
}

/// `app.relaunch()` then `app.exit()`: a new instance with the same command line starts once this
/// one has ended (the app leaves a file behind to tell which run it is).
#[test]
fn a_relaunched_app_starts_again_with_its_command_line() {
    let dir = app(
        "relaunch",
        r#"
        const { app } = require('electron');
        const fs = require('node:fs');
        const path = require('node:path');
        const runs = path.join(__dirname, 'runs.log');
        const before = fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8') : '';
        fs.appendFileSync(runs, `run ${before.split('\n').length} ${process.argv.slice(2).join(' ')}\n`);
        app.whenReady().then(() => {
          if (before === '') {
            app.relaunch();
            app.exit(0);
          } else {
            app.quit();
          }
        });
        "#,
    );
    let mut command = Command::new(env!("CARGO_BIN_EXE_cathode"));
    command
        .args(["run", "--headless"])
        .arg(&dir)
        .args(["--", "again"]);
    let first = finish(command);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    // The relaunched instance runs on its own; wait (with a safety limit) for its line.
    let runs = dir.join("runs.log");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let log = std::fs::read_to_string(&runs).unwrap_or_default();
        if log.lines().count() >= 2 {
            assert_eq!(log, "run 1 again\nrun 2 again\n");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no second run: {log:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
