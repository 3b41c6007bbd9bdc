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
    /// The preload's source; `contextBridge` is in scope, and an `ipcRenderer` stand-in that the
    /// bridge withholds, as main will withhold the real one.
    preload: &'static str,
    /// Other isolated worlds: (Electron world id, a script run there after its stub).
    worlds: Vec<(u32, &'static str)>,
    /// Whether the main-world stub is installed (a test leaves it out).
    main_stub: bool,
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
        let mut scripts = Vec::new();
        if self.main_stub {
            scripts.push(RendererScript::Document {
                source: stub(&main_channel),
                world: None,
            });
        }
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
                "(() => {{ const ipcRenderer = {{ send: () => 'sent' }};\n\
                 const contextBridge = ({BRIDGE_ISOLATED})({config}, {BRIDGE_MAIN}, [ipcRenderer]);\n{}\n}})();",
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
            .plugin(BridgePlugin {
                preload,
                worlds,
                main_stub: true,
            }),
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
contextBridge.exposeInMainWorld('double', (n) => n * 2);
contextBridge.exposeInMainWorld('withheld', { ipcRenderer, nested: [ipcRenderer], send: ipcRenderer.send });
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
          double: double(21),
          withheld: { ipc: window.withheld.ipcRenderer, nested: window.withheld.nested,
                      send: window.withheld.send() },
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
        "double": 42,
        "withheld": {"ipc": {}, "nested": [{}], "send": "sent"},
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

/// Promises, callbacks and errors in both directions.
const TWO_WAY_PRELOAD: &str = r#"
let counterListener = null;
let count = 0;
contextBridge.exposeInMainWorld('twoWay', {
  later: (value) => new Promise((resolve) => setTimeout(() => resolve({ value }), 10)),
  failLater: async (message) => { throw new Error(message); },
  rejectWith: (reason) => Promise.reject(reason),
  promises: [Promise.resolve('first'), Promise.reject(new Error('whoops'))],
  awaitPage: async (promise) => `the page said ${await promise}`,
  onUpdateCounter: (listener) => { counterListener = listener; },
  tick: (times) => {
    for (let i = 0; i < times; i++) setTimeout(() => counterListener(++count), 5 * i);
  },
  applyTwice: (f, x) => f(f(x)),
  callAndCatch: (f) => {
    try { f(); return 'no error'; } catch (e) {
      return { isError: e instanceof Error, message: e.message };
    }
  },
  returnsFunction: (base) => (n) => base + n,
  throwNormal: () => { throw new Error('boom'); },
  throwTypeError: () => { null.x; },
  throwString: () => { throw 'this is no error'; },
});
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promises_cross_as_promises_and_page_callbacks_are_called_later_any_number_of_times() {
    let test = bridge_app(TWO_WAY_PRELOAD, vec![]).await;
    let window = page(&test, "bridge-two-way.html", "").await;
    let check = r#"(async () => {
        const later = twoWay.later(7);
        const ticks = [];
        const fourTicks = new Promise((resolve) => twoWay.onUpdateCounter((n) => {
          ticks.push(n);
          if (ticks.length === 4) resolve(ticks);
        }));
        twoWay.tick(4);
        return {
          isPromise: later instanceof Promise,
          later: await later,
          failLater: await attemptAsync(() => twoWay.failLater('late failure')),
          rejectWithValue: await twoWay.rejectWith(42).catch((reason) => ({ reason })),
          first: await twoWay.promises[0],
          second: await attemptAsync(() => twoWay.promises[1]),
          awaitPage: await twoWay.awaitPage(sleep(5).then(() => 'hi')),
          ticks: await fourTicks,
          applyTwice: twoWay.applyTwice((x) => x * 3, 2),
          pageThrows: twoWay.callAndCatch(() => { throw new TypeError('from the page'); }),
          returnsFunction: twoWay.returnsFunction(10)(5),
          throwNormal: attempt(() => twoWay.throwNormal()),
          throwTypeError: attempt(() => twoWay.throwTypeError()),
          throwString: attempt(() => twoWay.throwString()),
          errorPrototype: (() => {
            try { twoWay.throwNormal(); } catch (e) { return Object.getPrototypeOf(e) === Error.prototype; }
          })(),
        };
      })()"#;
    assert_eq!(
        run(&window, check).await,
        json!({
            "isPromise": true,
            "later": {"value": 7},
            "failLater": {"error": "Error: late failure"},
            "rejectWithValue": {"reason": 42},
            "first": "first",
            "second": {"error": "Error: whoops"},
            "awaitPage": "the page said hi",
            "ticks": [1, 2, 3, 4],
            "applyTwice": 18,
            "pageThrows": {"isError": true, "message": "from the page"},
            "returnsFunction": 15,
            "throwNormal": {"error": "Error: boom"},
            "throwTypeError": {"error": "Error: Cannot read properties of null (reading 'x')"},
            "throwString": {"error": "Error: this is no error"},
            "errorPrototype": true,
        })
    );
    test.exit().await;
}

/// Exposes on request, so that the page can see Electron's refusals.
const REFUSING_PRELOAD: &str = r#"
const tryExpose = (f) => { try { f(); return 'exposed'; } catch (e) { return `${e.name}: ${e.message}`; } };
const atStart = {
  alert: tryExpose(() => contextBridge.exposeInMainWorld('alert', {})),
  first: tryExpose(() => contextBridge.exposeInMainWorld('api', { n: 1 })),
  twice: tryExpose(() => contextBridge.exposeInMainWorld('api', { n: 2 })),
  notAString: tryExpose(() => contextBridge.exposeInMainWorld(7, {})),
  symbol: tryExpose(() => contextBridge.exposeInMainWorld('symbol', Symbol('unique'))),
  document: tryExpose(() => contextBridge.exposeInMainWorld('document2', { document })),
  noWorld: tryExpose(() => contextBridge.exposeInIsolatedWorld(1004, 'api', {})),
};
class Counter { constructor() { this.count = 1; } increment() { return ++this.count; } }
contextBridge.exposeInMainWorld('refusals', {
  atStart: () => atStart,
  exposeNow: (key) => tryExpose(() => contextBridge.exposeInMainWorld(key, { late: true })),
  echo: (value) => value,
  kind: (value) => Object.prototype.toString.call(value),
  element: (element) => ({ tag: element.tagName, same: element === document.body, it: element }),
  makeElement: () => { const made = document.createElement('output'); made.id = 'made'; return made; },
  counter: () => new Counter(),
  returnSymbol: () => Symbol('no'),
  returnWeakMap: () => new WeakMap(),
  returnBoxedSymbol: () => [Object(Symbol('boxed'))],
  returnMapOfFunctions: () => new Map([['f', () => 1]]),
  resolveSymbol: async () => Symbol('no'),
  deep: () => { let v = 0; for (let i = 0; i < 1100; i++) v = [v]; return v; },
});
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_cannot_cross_is_refused_with_electrons_texts_and_elements_cross_as_themselves() {
    let test = bridge_app(REFUSING_PRELOAD, vec![]).await;
    let window = page(&test, "bridge-refusals.html", "window.definedByPage = 1;").await;
    let check = r#"(async () => ({
        atStart: refusals.atStart(),
        api: window.api,
        pageKey: refusals.exposeNow('definedByPage'),
        newKey: refusals.exposeNow('fresh'),
        fresh: window.fresh,
        textNodeArgument: attempt(() => refusals.echo(document.createTextNode('text'))),
        element: (({ tag, same, it }) => ({ tag, same, back: it === document.body }))(refusals.element(document.body)),
        madeElement: (() => { const made = refusals.makeElement(); return `${made.tagName}#${made.id} ${made instanceof HTMLElement}`; })(),
        symbolArgument: attempt(() => refusals.echo(Symbol('s'))),
        weakMapArgument: attempt(() => refusals.echo(new WeakMap())),
        returnSymbol: attempt(() => refusals.returnSymbol()),
        returnWeakMap: attempt(() => refusals.returnWeakMap()),
        returnBoxedSymbol: attempt(() => refusals.returnBoxedSymbol()),
        returnMapOfFunctions: attempt(() => refusals.returnMapOfFunctions()),
        mapOfFunctionsArgument: attempt(() => refusals.echo(new Map([['f', () => 1]]))),
        resolveSymbol: await attemptAsync(() => refusals.resolveSymbol()),
        deep: attempt(() => refusals.deep()),
        counter: refusals.counter(),
        classArgument: refusals.kind(new (class Box { constructor() { this.size = 2; } })()),
        map: refusals.echo(new Map([['k', 1]])) instanceof Map,
        stillWorks: refusals.echo({ ok: [true] }),
      }))()"#;
    assert_eq!(
        run(&window, check).await,
        json!({
            "atStart": {
                "alert": "Error: Cannot bind an API on top of an existing property on the window object",
                "first": "exposed",
                "twice": "Error: Cannot bind an API on top of an existing property on the window object",
                "notAString": "TypeError: Error processing argument at index 0, conversion failure from 7",
                "symbol": "Error: An object could not be cloned.",
                "document": "Error: An object could not be cloned.",
                "noWorld": "Error: cathode cannot expose 'api' in isolated world 1004: this page has no such world (the isolated worlds main created for this window: none)",
            },
            "api": {"n": 1},
            "pageKey": "Error: Cannot bind an API on top of an existing property on the window object",
            "newKey": "exposed",
            "fresh": {"late": true},
            "textNodeArgument": {"error": "Error: An object could not be cloned."},
            "element": {"tag": "BODY", "same": true, "back": true},
            "madeElement": "OUTPUT#made true",
            "symbolArgument": {"error": "Error: An object could not be cloned."},
            "weakMapArgument": {"error": "Error: An object could not be cloned."},
            "returnSymbol": {"error": "Error: An object could not be cloned."},
            "returnWeakMap": {"error": "Error: An object could not be cloned."},
            "returnBoxedSymbol": {"error": "Error: An object could not be cloned."},
            "returnMapOfFunctions": {"error": "Error: An object could not be cloned."},
            "mapOfFunctionsArgument": {"error": "Error: An object could not be cloned."},
            "resolveSymbol": {"error": "Error: An object could not be cloned."},
            "deep": {"error": "Error: Electron contextBridge recursion depth exceeded.  Nested objects deeper than 1000 are not supported."},
            "counter": {"count": 1},
            "classArgument": "[object Object]",
            "map": true,
            "stillWorks": {"ok": [true]},
        })
    );
    test.exit().await;
}

/// A script in isolated world 1004: what it sees of the API exposed to it.
const WORLD_1004_SCRIPT: &str = r#"
document.addEventListener('DOMContentLoaded', () => {
  document.documentElement.dataset.world1004 = JSON.stringify({
    ping: window.electron.ping('from world 1004'),
    frozen: Object.isFrozen(window.electron),
    seesMainApi: typeof window.mainApi,
  });
});
"#;

const WORLDS_PRELOAD: &str = r#"
contextBridge.exposeInIsolatedWorld(1004, 'electron', { ping: (text) => `pong to ${text}` });
contextBridge.exposeInMainWorld('mainApi', { hi: () => 'hi from the preload' });
contextBridge.exposeInIsolatedWorld(0, 'zero', { world: 0 });
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expose_in_isolated_world_reaches_that_world_and_no_other() {
    let test = bridge_app(WORLDS_PRELOAD, vec![(1004, WORLD_1004_SCRIPT)]).await;
    let window = page(&test, "bridge-worlds.html", "").await;
    let check = r#"(() => ({
        world1004: JSON.parse(document.documentElement.dataset.world1004),
        pageSeesElectron: typeof window.electron,
        hi: mainApi.hi(),
        zero: window.zero,
      }))()"#;
    assert_eq!(
        run(&window, check).await,
        json!({
            "world1004": {"ping": "pong to from world 1004", "frozen": true, "seesMainApi": "undefined"},
            "pageSeesElectron": "undefined",
            "hi": "hi from the preload",
            "zero": {"world": 0},
        })
    );
    test.exit().await;
}

/// Counts what the page made it run, and holds something the page must never get.
const GUARDED_PRELOAD: &str = r#"
const ran = { add: 0, inspect: 0 };
const privileged = { token: 'only the preload has this' };
contextBridge.exposeInMainWorld('guarded', {
  node: () => '20.18.0',
  add: (a, b) => { ran.add++; return a + b; },
  later: (value) => new Promise((resolve) => setTimeout(() => resolve(value), 5)),
  applyTwice: (f, x) => f(f(x)),
  inspect: (value) => {
    ran.inspect++;
    return {
      ownKeys: Object.keys(value),
      plainPrototype: Object.getPrototypeOf(value) === Object.prototype,
      isolatedPrototypeClean: ({}).polluted === undefined && [].forged === undefined,
      isolatedGlobalsIntact: typeof JSON.stringify === 'function' && typeof CustomEvent === 'function',
    };
  },
  ran: () => ({ ...ran }),
  exposeNow: (key) => contextBridge.exposeInMainWorld(key, { late: () => 'late but here' }),
});
"#;

/// The hostile page: it sniffs and replaces everything the bridge could use, then uses the bridge
/// and tries to forge its messages.
const HOSTILE_PAGE: &str = r#"
const before = guarded.add(1, 1);
const sniffed = [];
const realApply = Reflect.apply;
const realDispatch = EventTarget.prototype.dispatchEvent;
const RealCustomEvent = CustomEvent;
const realDefineProperty = Object.defineProperty;
const realAddEventListener = EventTarget.prototype.addEventListener;
const record = (what) => { realDefineProperty(sniffed, sniffed.length, { value: what, enumerable: true }); };
EventTarget.prototype.dispatchEvent = function (event) {
  record(`dispatch ${event.type}`);
  return realApply(realDispatch, this, [event]);
};
EventTarget.prototype.addEventListener = function (type, listener) {
  record(`listen ${type}`);
  return realApply(realAddEventListener, this, [type, listener]);
};
window.addEventListener = document.addEventListener = (type) => record(`own listen ${type}`);
window.CustomEvent = function (type, init) { record(`event ${type}`); return new RealCustomEvent(type, init); };
Object.defineProperty(RealCustomEvent.prototype, 'detail', { get() { record('detail'); return ['return', 1, true, [42, []]]; } });
window.postMessage = () => record('postMessage');
JSON.parse = JSON.stringify = () => { throw new Error('the page broke JSON'); };
Object.defineProperty(Object.prototype, 'polluted', { get() { return 'from the page'; }, set() { record('set polluted'); }, configurable: true });
Object.defineProperty(Array.prototype, 'forged', { value: true });
let arraySetterHits = 0;
realDefineProperty(Array.prototype, '0', { set(value) { arraySetterHits++; }, configurable: true });
Array.prototype[Symbol.iterator] = function* () { record('iterator'); };
Array.prototype.push = Array.prototype.slice = Array.prototype.map = () => record('array method');
Object.keys = Object.getPrototypeOf = () => ['forged'];
Object.freeze = Object.defineProperty = (o) => o;
Array.isArray = () => false;
Map.prototype.get = Map.prototype.set = Map.prototype.has = () => record('map');
Reflect.apply = Reflect.defineProperty = () => record('reflect');
Function.prototype.call = Function.prototype.apply = () => record('call');
window.Error = window.String = window.Promise = function () { record('constructor'); };
const Guess = RealCustomEvent;
// Forging: the stub's source gives no channel; guessed names reach nobody.
const source = guarded.add.toString();
const guesses = ['up', 'down', 'cathode-bridge.up', 'cathode-bridge.down', 'call', 'expose'];
for (let i = 0; i < guesses.length; i++) {
  const name = guesses[i];
  realApply(realDispatch, document, [new Guess(name, { detail: ['call', 1, 1, [[2, 2], []]] })]);
  realApply(realDispatch, document, [new Guess(name, { detail: ['expose', 1, 'forged', [{}, []]] })]);
}
const poisoned = {};
realDefineProperty(poisoned, '__proto__', { value: { polluted: true }, enumerable: true });
poisoned.a = 1;
window.hostileResult = (async () => ({
  before,
  source,
  line: `Node.js ${guarded.node()}`,
  add: guarded.add(2, 3),
  later: await guarded.later('still a promise'),
  applyTwice: guarded.applyTwice((x) => x + 1, 1),
  eventSeen: guarded.applyTwice((x) => (window.event ? `${window.event.type} ${typeof window.event.detail}` : 'none'), 1),
  inspected: guarded.inspect(poisoned),
  throwingGetter: attempt(() => guarded.inspect({ get bad() { throw new TypeError('getter'); } })),
  ran: guarded.ran(),
  late: (guarded.exposeNow('late'), window.late.late()),
  forgedKey: typeof window.forged,
  // (The cathode runtime's own globals are the core's part: they move to the isolated world.)
  bridgeGlobals: Object.getOwnPropertyNames(window).filter((name) => /bridge/i.test(name)),
  arraySetterHits,
  sniffed,
}))();
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_page_cannot_sniff_forge_or_break_the_bridge_for_itself_or_other_windows() {
    let test = bridge_app(GUARDED_PRELOAD, vec![]).await;
    let hostile = page(&test, "bridge-hostile.html", HOSTILE_PAGE).await;
    let result = run(&hostile, "window.hostileResult").await;
    assert_eq!(
        result,
        json!({
            "before": 2,
            "source": "(...args) => call(id, args)",
            "line": "Node.js 20.18.0",
            "add": 5,
            "later": "still a promise",
            "applyTwice": 3,
            "eventSeen": "none",
            "inspected": {"ownKeys": ["__proto__", "a"], "plainPrototype": true,
                          "isolatedPrototypeClean": true, "isolatedGlobalsIntact": true},
            "throwingGetter": {"error": "TypeError: getter"},
            "ran": {"add": 2, "inspect": 1},
            "late": "late but here",
            "forgedKey": "undefined",
            "bridgeGlobals": [],
            "arraySetterHits": 0,
            "sniffed": [],
        })
    );
    // Another window of the same app, opened after the hostile page did its worst.
    let neighbour = page(&test, "bridge-neighbour.html", "").await;
    assert_eq!(
        run(
            &neighbour,
            "`${guarded.node()} ${guarded.add(20, 22)} ${typeof window.late}`"
        )
        .await,
        json!("20.18.0 42 undefined")
    );
    test.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exposing_without_the_main_world_stub_fails_with_a_clear_error() {
    let preload = r#"
      let outcome;
      try { contextBridge.exposeInMainWorld('api', { n: 1 }); outcome = 'exposed'; }
      catch (e) { outcome = `${e.name}: ${e.message}`; }
      document.addEventListener('DOMContentLoaded', () => { document.body.dataset.outcome = outcome; });
    "#;
    let test = TestApp::start_with(App::builder().shared_browser(shared_browser()).plugin(
        BridgePlugin {
            preload,
            worlds: vec![],
            main_stub: false,
        },
    ))
    .await;
    let window = page(&test, "bridge-no-stub.html", "").await;
    assert_eq!(
        run(
            &window,
            "[document.body.dataset.outcome, typeof window.api]"
        )
        .await,
        json!([
            "Error: cathode: the other side of the context bridge is not in this document",
            "undefined"
        ])
    );
    test.exit().await;
}

/// Hands out a new function on each call and watches, weakly, whether each still lives.
const RELEASING_PRELOAD: &str = r#"
const handedOut = [];
contextBridge.exposeInMainWorld('releasing', {
  fresh: () => { const f = () => handedOut.length; handedOut.push(new WeakRef(f)); return f; },
  alive: () => handedOut.filter((ref) => ref.deref() !== undefined).length,
});
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn functions_the_page_drops_are_released_on_the_preload_side() {
    let test = bridge_app(RELEASING_PRELOAD, vec![]).await;
    let window = page(&test, "bridge-release.html", "").await;
    let check = r#"(async () => {
        const kept = releasing.fresh();
        for (let i = 0; i < 20; i++) releasing.fresh()();
        const handedOut = releasing.alive();
        // Collected page-side proxies tell the preload side, whose functions are then collectable.
        let alive = handedOut;
        while (alive > 1) {
          // Not in the job that dereferenced the weak references (they hold until it ends).
          await sleep(0);
          gc();
          await sleep(20);
          alive = releasing.alive();
        }
        return { handedOut, alive, keptStillWorks: kept() };
      })()"#;
    assert_eq!(
        run(&window, check).await,
        json!({"handedOut": 21, "alive": 1, "keptStillWorks": 21})
    );
    test.exit().await;
}
