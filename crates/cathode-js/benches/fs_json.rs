//! `fs_json`: `fs.readFileSync` of a 10 MiB JSON file and `JSON.parse` of it, in a main script
//! run by cathode-js and in Node (`node` on the PATH, Debian's `nodejs`), in the same run with
//! the same script. Prints one JSON line with the medians and their ratio; asserts nothing.
//!
//! Run: `cargo bench -p cathode-js --bench fs_json`

use std::path::PathBuf;
use std::process::Command;

const RUNS: usize = 7;

/// Reads and parses the file `RUNS` times; prints each run's milliseconds on one line.
const SCRIPT: &str = r#"
const fs = require('fs');
const file = process.argv[2];
const times = [];
for (let i = 0; i < Number(process.argv[3]); i++) {
  const start = process.hrtime.bigint();
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (data.items.length === 0) throw new Error('empty');
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
console.log(times.join(' '));
"#;

fn median(line: &str) -> f64 {
    let mut times: Vec<f64> = line
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(f64::NAN)
}

/// About 10 MiB of JSON: objects with strings, numbers, booleans and nested arrays.
fn write_data(path: &PathBuf) -> usize {
    let mut text = String::from("{\"items\":[");
    let mut i = 0usize;
    while text.len() < 10 * 1024 * 1024 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "{{\"id\":{i},\"name\":\"item number {i}\",\"price\":{}.{},\"tags\":[\"a\",\"b{}\"],\"ok\":{}}}",
            i % 1000,
            i % 100,
            i % 7,
            i % 2 == 0
        ));
        i += 1;
    }
    text.push_str("]}");
    std::fs::write(path, &text).expect("write the data file");
    text.len()
}

fn main() {
    let dir = std::env::temp_dir().join(format!("cathode-fs-json-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench dir");
    let data = dir.join("data.json");
    let bytes = write_data(&data);
    let script = dir.join("main.js");
    std::fs::write(&script, SCRIPT).expect("write the script");

    let printed = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
    let sink = printed.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let host = cathode_js::JsHost::builder()
            .cwd(&dir)
            .args([data.to_string_lossy().into_owned(), RUNS.to_string()])
            .console(move |_stream: cathode_js::Stream, text: &str| {
                sink.borrow_mut().push_str(text)
            })
            .build()
            .expect("the host builds");
        host.run("main.js").await.expect("the script runs");
    });
    let cathode_ms = median(&printed.borrow());

    let node = Command::new("node")
        .arg(&script)
        .arg(&data)
        .arg(RUNS.to_string())
        .output();
    let node_ms = match node {
        Ok(out) if out.status.success() => median(&String::from_utf8_lossy(&out.stdout)),
        _ => f64::NAN,
    };
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "{{\"bench\":\"fs_read_json_parse_10mib\",\"bytes\":{bytes},\"runs\":{RUNS},\"cathode_ms\":{cathode_ms:.1},\"node_ms\":{node_ms:.1},\"ratio\":{:.2}}}",
        cathode_ms / node_ms
    );
}
