//! `contextBridge`: a preload in an isolated world exposes an API to the page's main world
//! (renderer/bridge_main.js and bridge_isolated.js, installed here by a test plugin the way main
//! will install them), checked from the page as Electron's bridge behaves.

use std::hash::{BuildHasher, RandomState};

use cathode::{App, BrowserWindow, Plugin, RendererScript, WebPreferences};
use serde_json::{json, Value};

use crate::common::{run_js as run, script_page, shared_browser, TestApp, PAGE_HELPERS};

const BRIDGE_MAIN: &str = include_str!("../../src/renderer/bridge_main.js");
const BRIDGE_ISOLATED: &str = include_str!("../../src/renderer/bridge_isolated.js");

/// The isolated world the test preloads run in.
const PRELOAD_WORLD: &str = "bridge-test-preload";

/// Installs the bridge and a preload, as main will: the stubs first, then the preload's world.
struct BridgePlugin {
    /// The preload's source; `contextBridge` is in scope.
    preload: &'static str,
    /// Other isolated worlds: (Electron world id, a script run there after its stub).
    worlds: Vec<(u32, &'static str)>,
}

/// A random event-name channel, as main picks one.
fn channel() -> String {
    format!("cathode-bridge-{:016x}", RandomState::new().hash_one(0u8))
}

impl Plugin for BridgePlugin {
    fn name(&self) -> &str {
        "bridge-test"
    }

    fn renderer_scripts(&self, _preferences: &WebPreferences) -> Vec<RendererScript> {
        let main_channel = channel();
        let stub = |channel: &str| {
            format!(
                "({BRIDGE_MAIN})({});",
                json!({"channel": channel, "side": "page"})
            )
        };
        let mut scripts = vec![RendererScript::Document {
            source: stub(&main_channel),
            world: None,
        }];
        let mut worlds = serde_json::Map::new();
        for (id, script) in &self.worlds {
            let world_channel = channel();
            let world = Some(format!("bridge-test-world-{id}"));
            scripts.push(RendererScript::Document {
                source: stub(&world_channel),
                world: world.clone(),
            });
            scripts.push(RendererScript::Document {
                source: (*script).into(),
                world,
            });
            worlds.insert(id.to_string(), json!(world_channel));
        }
        let config = json!({"main": main_channel, "worlds": worlds});
        scripts.push(RendererScript::Document {
            source: format!(
                "(() => {{ const contextBridge = ({BRIDGE_ISOLATED})({config}, {BRIDGE_MAIN}, []);\n{}\n}})();",
                self.preload
            ),
            world: Some(PRELOAD_WORLD.into()),
        });
        scripts
    }
}

async fn bridge_app(preload: &'static str, worlds: Vec<(u32, &'static str)>) -> TestApp {
    TestApp::start_with(
        App::builder()
            .shared_browser(shared_browser())
            .plugin(BridgePlugin { preload, worlds }),
    )
    .await
}

async fn page(test: &TestApp, name: &str, script: &str) -> BrowserWindow {
    let window = test.window().await;
    window
        .load_file(script_page(name, &format!("{PAGE_HELPERS}\n{script}")))
        .await
        .expect("the page loads");
    window
}

/// A preload in the style of Electron's fiddles: versions, sync and async functions, data.
const VERSIONS_PRELOAD: &str = r#"
class Point {
  constructor(x, y) { this.x = x; this.y = y; }
  norm() { return Math.hypot(this.x, this.y); }
}
contextBridge.exposeInMainWorld('versions', {
  node: () => '20.18.0',
  chrome: () => '156.0.0.0',
  add: (a, b) => a + b,
  describe: (value) => ({
    type: Object.prototype.toString.call(value),
    ownPrototype: Object.getPrototypeOf(value) === Object.prototype,
    json: JSON.stringify(value),
  }),
  point: () => new Point(3, 4),
  data: {
    flags: ['a', 'b', 'c'],
    bootTime: 1234,
    when: new Date(86400000),
    pattern: /ab+c/gi,
    bytes: new Uint8Array([1, 2, 3]),
    nested: { evenDeeper: { fn: () => ({ returnData: 123 }) } },
    error: new Error('kept as an error'),
  },
});
contextBridge.exposeInMainWorld('greeting', 'hello from the preload');
document.addEventListener('DOMContentLoaded', () => {
  document.documentElement.dataset.isolatedSeesVersions = typeof window.versions;
});
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preload_exposes_values_and_sync_functions_the_page_calls_in_template_literals() {
    let test = bridge_app(VERSIONS_PRELOAD, vec![]).await;
    let window = page(&test, "bridge-versions.html", "").await;
    let check = r#"(() => {
        const data = versions.data;
        const descriptor = Object.getOwnPropertyDescriptor(window, 'versions');
        const point = versions.point();
        return {
          line: `This app is using Chrome (v${versions.chrome()}) and Node.js (v${versions.node()})`,
          sum: versions.add(2, 3),
          greeting: window.greeting,
          flags: data.flags, bootTime: data.bootTime,
          when: data.when instanceof Date && data.when.toISOString(),
          pattern: data.pattern instanceof RegExp && data.pattern.toString(),
          bytes: data.bytes instanceof Uint8Array && Array.from(data.bytes),
          nested: data.nested.evenDeeper.fn(),
          error: data.error instanceof Error && data.error.message,
          point: { own: Object.keys(point), x: point.x, norm: typeof point.norm,
                   plain: Object.getPrototypeOf(point) === Object.prototype },
          described: versions.describe({ a: [1, { b: null }], when: new Date(0) }),
          frozen: [Object.isFrozen(versions), Object.isFrozen(data.flags),
                   Object.isFrozen(data.nested.evenDeeper), Object.isFrozen(versions.node)],
          descriptor: { writable: descriptor.writable, configurable: descriptor.configurable },
          assign: attempt(() => { 'use strict'; versions.node = () => 'forged'; }),
          stillNode: versions.node(),
          isolatedSeesVersions: document.documentElement.dataset.isolatedSeesVersions,
          notAConstructor: attempt(() => new versions.add(1, 2)),
        };
      })()"#;
    let expected = json!({
        "line": "This app is using Chrome (v156.0.0.0) and Node.js (v20.18.0)",
        "sum": 5,
        "greeting": "hello from the preload",
        "flags": ["a", "b", "c"], "bootTime": 1234,
        "when": "1970-01-02T00:00:00.000Z",
        "pattern": "/ab+c/gi",
        "bytes": [1, 2, 3],
        "nested": {"returnData": 123},
        "error": "kept as an error",
        "point": {"own": ["x", "y"], "x": 3, "norm": "undefined", "plain": true},
        "described": {"type": "[object Object]", "ownPrototype": true,
                      "json": "{\"a\":[1,{\"b\":null}],\"when\":\"1970-01-01T00:00:00.000Z\"}"},
        "frozen": [true, true, true, true],
        "descriptor": {"writable": false, "configurable": false},
        "assign": {"error": "TypeError: Cannot assign to read only property 'node' of object '#<Object>'"},
        "stillNode": "20.18.0",
        "isolatedSeesVersions": "undefined",
        "notAConstructor": {"error": "TypeError: versions.add is not a constructor"},
    });
    assert_eq!(run(&window, check).await, expected);
    // A new document gets the bridge again.
    window.web_contents().reload().expect("reload starts");
    let reloaded = crate::common::within(async {
        loop {
            let value = window
                .web_contents()
                .execute_javascript("typeof versions === 'object' && document.readyState === 'complete' && versions.node()")
                .await;
            if let Ok(Value::String(node)) = value {
                return node;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await;
    assert_eq!(reloaded, "20.18.0");
    test.exit().await;
}
