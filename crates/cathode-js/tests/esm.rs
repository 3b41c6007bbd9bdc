//! ES module main scripts: `import`/`export` with `"type": "module"` and `.mjs`, packages through
//! `exports`' import condition, CommonJS and JSON imported as default (and named) exports,
//! built-ins with `node:`, `import.meta`, top-level await, dynamic `import()`, and the errors.

mod support;

use support::run_app;

#[tokio::test]
async fn an_es_module_main_imports_packages_files_and_built_ins_as_in_node() {
    let (result, output) = run_app(&[
        (r#"lib/data.json"#, r#"{"x": 1}
"#),
        (r#"lib/old.cjs"#, r#"module.exports = { legacy: true }; 
"#),
        (r#"lib/util.js"#, r#"export const value = 42; export let counter = 0; export function bump() { counter++ }
"#),
        (r#"main.js"#, r#"import greet, { kind } from 'dual';
import { add, name } from 'cjsonly';
import cjs from 'cjsonly';
import { value, counter, bump } from './lib/util.js';
import old from './lib/old.cjs';
import data from './lib/data.json' with { type: 'json' };
import fs, { readFileSync } from 'node:fs';
import * as path from 'path';
import { EventEmitter } from 'events';
console.log(greet('esm'), kind, add(1, 2), name, cjs.name, value, old.legacy, data.x);
bump(); console.log('live binding', counter);
console.log(typeof readFileSync, fs.readFileSync === readFileSync, typeof path.join, typeof EventEmitter);
console.log(import.meta.url.startsWith('file:///'), import.meta.filename.endsWith('/main.js'), import.meta.dirname === path.dirname(import.meta.filename), import.meta.resolve('./lib/util.js').endsWith('/lib/util.js'));
console.log(typeof require, typeof module, typeof __filename);
const dyn = await import('./lib/util.js');
console.log('tla', dyn.value, await new Promise((r) => setTimeout(() => r('after timer'), 5)));
try { await import('./nope.js') } catch (e) { console.log(e.code) }
try { await import('nopkg') } catch (e) { console.log(e.code) }
try { (await import('http')).default.request() } catch (e) { console.log(e.message) }
"#),
        (r#"node_modules/cjsonly/main.js"#, r#"exports.add = (a, b) => a + b; exports.name = "cjsonly";
"#),
        (r#"node_modules/cjsonly/package.json"#, r#"{"main":"main.js"}
"#),
        (r#"node_modules/dual/index.cjs"#, r#"module.exports = { kind: "cjs" }
"#),
        (r#"node_modules/dual/index.mjs"#, r#"export const kind = "esm"; export default function greet(n) { return `hi ${n}` }
"#),
        (r#"node_modules/dual/package.json"#, r#"{"name":"dual","exports":{".":{"import":"./index.mjs","require":"./index.cjs"}}}
"#),
        (r#"package.json"#, r#"{"name": "esm-app", "type": "module"}
"#),
    ])
    .await;
    assert_eq!(result.ok(), Some(0), "{}", output.stderr());
    // Node 20 prints the same but for the last line (it has 'http').
    assert_eq!(output.stdout(), EXPECTED);
}

const EXPECTED: &str = r#"hi esm esm 3 cjsonly cjsonly 42 true 1
live binding 1
function true function function
true true true true
undefined undefined undefined
tla 42 after timer
ERR_MODULE_NOT_FOUND
ERR_MODULE_NOT_FOUND
module 'http' is not available in the cathode main process
"#;

#[tokio::test]
async fn common_js_imports_es_modules_dynamically_and_cannot_require_them() {
    let (result, output) = run_app(&[
        ("package.json", r#"{"name": "mixed"}"#),
        ("mod.mjs", "export const x = 1; export default 'def';"),
        (
            "main.js",
            "try { require('./mod.mjs') } catch (e) { console.log(e.code) }\n\
             import('./mod.mjs').then((m) => console.log('dynamic', m.x, m.default));",
        ),
    ])
    .await;
    assert_eq!(result.ok(), Some(0), "{}", output.stderr());
    assert_eq!(output.stdout(), "ERR_REQUIRE_ESM\ndynamic 1 def\n");
}

#[tokio::test]
async fn an_es_module_main_that_throws_exits_with_1_and_names_the_line() {
    for (source, message, line) in [
        ("const a = 1;\nconst b = ;\n", "SyntaxError", "main.mjs:2"),
        (
            "const a = 1;\n\nthrow new Error('boom at load');\n",
            "boom at load",
            "main.mjs:3",
        ),
        (
            "await new Promise((r) => setTimeout(r, 1));\nthrow new Error('after await');\n",
            "after await",
            "main.mjs:2",
        ),
    ] {
        let dir = support::AppDir::new(&[("main.mjs", source)]);
        let (builder, output) = support::captured(&dir);
        let code = builder
            .build()
            .expect("host builds")
            .run("main.mjs")
            .await
            .expect("the loop runs");
        assert_eq!(code, 1, "{source}");
        let stderr = output.stderr();
        assert!(
            stderr.contains(message) && stderr.contains(line),
            "{stderr}"
        );
    }
}

#[tokio::test]
async fn an_es_module_loads_common_js_through_create_require() {
    let (result, output) = run_app(&[
        ("data.json", r#"{"x": 1}"#),
        ("lib.cjs", "module.exports = { name: 'lib' };"),
        (
            "main.mjs",
            "import { createRequire, builtinModules, isBuiltin } from 'node:module';\n\
             const require = createRequire(import.meta.url);\n\
             console.log(require('./data.json').x, require('./lib.cjs').name, builtinModules.includes('fs'), isBuiltin('node:path'), isBuiltin('left-pad'));\n\
             try { createRequire('relative/path') } catch (e) { console.log(e.code) }",
        ),
        ("main.js", "import('./main.mjs');"),
    ])
    .await;
    assert_eq!(result.ok(), Some(0), "{}", output.stderr());
    assert_eq!(
        output.stdout(),
        "1 lib true true false\nERR_INVALID_ARG_VALUE\n"
    );
}
