//! `page_node`: what Node costs in a page with node integration, against the floor of the same
//! path measured in the same run: a `sendSync` that main answers at once. Each figure is the
//! median over rounds of the milliseconds per call, measured in the page with
//! `performance.now()`: `fs.readFileSync` of a 1 KiB file, `fs.statSync`, `os.hostname()`, a
//! sha256 of 1 KiB, `require` of a module file not loaded yet, and `require` of a cached one.
//! Prints one JSON line; asserts nothing.
//!
//! Run: `cargo bench -p cathode-js --bench page_node`

use std::path::Path;

use cathode::{App, BrowserWindow, WindowOptions};
use cathode_js::PageNodePlugin;

const ROUNDS: usize = 5;
const CALLS: usize = 200;

/// Runs in the page: for each operation, `CALLS` calls per round, `ROUNDS` rounds; the median
/// milliseconds per call of each.
const MEASURE: &str = r#"(() => {
  const fs = require('fs');
  const os = require('os');
  const crypto = require('crypto');
  const { ipcRenderer } = require('electron');
  const data = 'x'.repeat(1024);
  let next = 0;
  const ops = {
    send_sync_floor: () => ipcRenderer.sendSync('floor'),
    read_file_1k: () => fs.readFileSync('data.txt', 'utf8'),
    stat: () => fs.statSync('data.txt'),
    os_hostname: () => os.hostname(),
    sha256_1k: () => crypto.createHash('sha256').update(data).digest('hex'),
    require_new_module: () => require(`./mods/m${next++}.js`),
    require_cached: () => require('./mods/m0.js'),
  };
  for (let i = 0; i < CALLS; i++) ops.send_sync_floor();
  const out = {};
  for (const [name, op] of Object.entries(ops)) {
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      const start = performance.now();
      for (let i = 0; i < CALLS; i++) op();
      rounds.push((performance.now() - start) / CALLS);
    }
    rounds.sort((a, b) => a - b);
    out[name] = Number(rounds[rounds.length >> 1].toFixed(3));
  }
  return out;
})()"#;

fn write_app(dir: &Path) {
    std::fs::create_dir_all(dir.join("mods")).expect("bench folder");
    std::fs::write(dir.join("data.txt"), "x".repeat(1024)).expect("data file");
    for i in 0..ROUNDS * CALLS {
        std::fs::write(
            dir.join(format!("mods/m{i}.js")),
            format!("module.exports = {{ n: {i}, name: __filename }};\n"),
        )
        .expect("module file");
    }
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>bench</title>",
    )
    .expect("page");
}

fn main() {
    let dir = std::env::temp_dir().join(format!("cathode-page-node-bench-{}", std::process::id()));
    write_app(&dir);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let figures = runtime.block_on(async {
        let app = App::builder()
            .headless(true)
            .plugin(PageNodePlugin::new(&dir))
            .build();
        app.ipc_main()
            .on_sync("floor", |_event, (): ()| Ok::<_, String>(1));
        let page = dir.join("index.html");
        let measure = MEASURE
            .replace("ROUNDS", &ROUNDS.to_string())
            .replace("CALLS", &CALLS.to_string());
        app.run(move |_app| async move {
            let window = BrowserWindow::new(&_app, WindowOptions::default()).await?;
            window.load_file(&page).await?;
            let figures = window.web_contents().execute_javascript(&measure).await?;
            println!(
                "{}",
                serde_json::json!({ "bench": "page_node", "ms_per_call": figures })
            );
            _app.quit();
            Ok(())
        })
        .await
    });
    if let Err(error) = figures {
        eprintln!("page_node bench failed: {error}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
