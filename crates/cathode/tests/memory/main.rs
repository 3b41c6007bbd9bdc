//! Main's memory after large messages: what a 31 MiB message takes on each path is freed once it
//! is handled, and goes back to the OS. Its own test binary, so that no other test's allocations
//! share the process.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cathode::{App, BrowserWindow, WebContents, WindowOptions};

/// Counts the bytes main has allocated and not freed.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call goes to the system allocator unchanged; only a counter is kept beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1024 * 1024;

/// How long any one step may take: a safety net for a slow, loaded machine.
const WAIT: Duration = Duration::from_secs(120);

/// Main's resident memory after handing freed memory back to the OS.
fn resident_after_trim() -> usize {
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
    let status = std::fs::read_to_string("/proc/self/status").expect("procfs");
    let kib: usize = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/self/status");
    kib * 1024
}

/// One message of `size` bytes on every path: send, sendSync and invoke from the page, send from
/// main; returns once main has handled them all.
async fn exchange(contents: &WebContents, size: usize) {
    let code = format!(
        "(async () => {{ const text = 'x'.repeat({size}); ipc.send('big', text); \
         const a = ipc.sendSync('big-sync', text); const b = await ipc.invoke('big-invoke', text); \
         return a + b }})()"
    );
    let answer = tokio::time::timeout(WAIT, contents.execute_javascript(&code))
        .await
        .expect("the exchange ends in time")
        .expect("the page code runs");
    assert_eq!(answer, (2 * size) as u64);
    contents.send("big", ("y".repeat(size),)).unwrap();
    let got = tokio::time::timeout(
        WAIT,
        contents.execute_javascript(
            "new Promise((resolve) => { const check = () => window.got ? resolve(window.got) : setTimeout(check, 10); check() })",
        ),
    )
    .await
    .expect("the page gets main's message in time")
    .expect("the page code runs");
    assert_eq!(got, size as u64);
    contents.execute_javascript("window.got = 0").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_taken_by_large_messages_is_given_back() {
    let app = App::builder().headless(true).build();
    let ipc = app.ipc_main();
    let (sent_tx, mut sent_rx) = tokio::sync::mpsc::unbounded_channel();
    ipc.on("big", move |_event, text: String| {
        sent_tx.send(text.len()).unwrap()
    });
    ipc.on_sync("big-sync", |_event, text: String| {
        Ok::<_, String>(text.len())
    });
    ipc.handle("big-invoke", |_event, text: String| async move {
        Ok::<_, String>(text.len())
    })
    .unwrap();
    let runner = app.clone();
    let run = tokio::spawn(async move { runner.run(|_| async { Ok(()) }).await });
    tokio::time::timeout(WAIT, app.when_ready())
        .await
        .expect("the app is ready in time");
    let window = BrowserWindow::new(
        &app,
        WindowOptions {
            web_preferences: cathode::WebPreferences::node_integrated(),
            ..WindowOptions::default()
        },
    )
    .await
    .unwrap();
    let page = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("memory.html");
    std::fs::write(
        &page,
        "<!doctype html><script>window.ipc = require('electron').ipcRenderer;\
         ipc.on('big', (event, text) => { window.got = text.length })</script>",
    )
    .unwrap();
    window.load_file(&page).await.unwrap();
    let contents = window.web_contents();

    exchange(&contents, 1024).await;
    assert_eq!(sent_rx.recv().await, Some(1024));
    let live_before = LIVE.load(Ordering::Relaxed);
    let resident_before = resident_after_trim();
    for _ in 0..3 {
        exchange(&contents, 31 * MIB).await;
        assert_eq!(sent_rx.recv().await, Some(31 * MIB));
    }
    // A small exchange after the large ones: whatever handled them has finished.
    exchange(&contents, 1024).await;
    assert_eq!(sent_rx.recv().await, Some(1024));
    let live_after = LIVE.load(Ordering::Relaxed);
    let resident_after = resident_after_trim();
    println!(
        "main after 3 x 31 MiB on every path: live {} KiB (before {} KiB), resident {} MiB (before {} MiB)",
        live_after / 1024,
        live_before / 1024,
        resident_after / MIB,
        resident_before / MIB
    );
    // Nothing holds on to a large message once it is handled...
    assert!(
        live_after < live_before + 4 * MIB,
        "{live_after} bytes live, {live_before} before"
    );
    // ...and the memory it took went back to the OS (before the fix: over 100 MiB more).
    assert!(
        resident_after < resident_before + 24 * MIB,
        "{resident_after} bytes resident, {resident_before} before"
    );
    app.exit(0);
    tokio::time::timeout(WAIT, run)
        .await
        .expect("the app ends in time")
        .unwrap()
        .unwrap();
}
