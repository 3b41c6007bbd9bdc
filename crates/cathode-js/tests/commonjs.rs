//! An app's main script loads its own files with `require`, as it would in Node.

mod support;

use support::run_app;

async fn stdout_of_app(files: &[(&str, &str)]) -> String {
    let (result, output) = run_app(files).await;
    assert_eq!(result.ok(), Some(0), "stderr: {}", output.stderr());
    output.stdout()
}

#[tokio::test]
async fn require_a_relative_file_with_and_without_extension() {
    let out = stdout_of_app(&[
        (
            "main.js",
            "const a = require('./lib/a'); const b = require('./lib/b.js');\n\
             console.log(a.name, b());",
        ),
        ("lib/a.js", "exports.name = 'a';"),
        ("lib/b.js", "module.exports = () => 'b';"),
    ])
    .await;
    assert_eq!(out, "a b\n");
}

#[tokio::test]
async fn require_a_parent_directory_file_and_json() {
    let out = stdout_of_app(&[
        ("main.js", "console.log(require('./sub/inner').value);"),
        (
            "sub/inner.js",
            "module.exports = require('../config.json');",
        ),
        ("config.json", r#"{ "value": 42 }"#),
    ])
    .await;
    assert_eq!(out, "42\n");
}

#[tokio::test]
async fn require_a_folder_loads_its_index_or_package_main() {
    let out = stdout_of_app(&[
        (
            "main.js",
            "console.log(require('./widgets'), require('./pkg'), require('./json-index'));",
        ),
        ("widgets/index.js", "module.exports = 'index';"),
        ("pkg/package.json", r#"{ "main": "lib/entry.js" }"#),
        ("pkg/lib/entry.js", "module.exports = 'entry';"),
        ("json-index/index.json", "[1, 2]"),
    ])
    .await;
    assert_eq!(out, "index entry [ 1, 2 ]\n");
}

#[tokio::test]
async fn dirname_filename_and_this_are_as_in_node() {
    let dir = support::AppDir::new(&[(
        "main.js",
        "console.log(__dirname); console.log(__filename);\n\
             console.log(this === module.exports, require.main === module, module.id);",
    )]);
    let (builder, output) = support::captured(&dir);
    let code = builder.build().unwrap().run("main.js").await.unwrap();
    assert_eq!(code, 0);
    let expected = format!(
        "{}\n{}\ntrue true .\n",
        dir.path.display(),
        dir.file("main.js").display()
    );
    assert_eq!(output.stdout(), expected);
}

#[tokio::test]
async fn a_module_runs_once_and_is_cached() {
    let out = stdout_of_app(&[
        (
            "main.js",
            "const a = require('./counter'); const b = require('./counter.js');\n\
             console.log(a === b, a.loads, Object.keys(require.cache).length);",
        ),
        (
            "counter.js",
            "globalThis.loads = (globalThis.loads || 0) + 1; exports.loads = loads;",
        ),
    ])
    .await;
    assert_eq!(out, "true 1 2\n");
}

#[tokio::test]
async fn cyclic_requires_see_partial_exports_as_in_node() {
    // The example of Node's documentation ("Cycles"), verbatim in behaviour.
    let out = stdout_of_app(&[
        (
            "main.js",
            "console.log('main starting');\n\
             const a = require('./a.js');\n\
             const b = require('./b.js');\n\
             console.log('in main, a.done = %j, b.done = %j', a.done, b.done);",
        ),
        (
            "a.js",
            "console.log('a starting');\n\
             exports.done = false;\n\
             const b = require('./b.js');\n\
             console.log('in a, b.done = %j', b.done);\n\
             exports.done = true;\n\
             console.log('a done');",
        ),
        (
            "b.js",
            "console.log('b starting');\n\
             exports.done = false;\n\
             const a = require('./a.js');\n\
             console.log('in b, a.done = %j', a.done);\n\
             exports.done = true;\n\
             console.log('b done');",
        ),
    ])
    .await;
    assert_eq!(
        out,
        "main starting\na starting\nb starting\nin b, a.done = false\nb done\n\
         in a, b.done = true\na done\nin main, a.done = true, b.done = true\n"
    );
}

#[tokio::test]
async fn a_missing_relative_file_is_module_not_found_with_the_require_stack() {
    let out = stdout_of_app(&[(
        "main.js",
        "try { require('./nope') } catch (e) { console.log(e.code); console.log(e.message.split('\\n')[0]) }",
    )])
    .await;
    assert_eq!(out, "MODULE_NOT_FOUND\nCannot find module './nope'\n");
}

#[tokio::test]
async fn a_package_in_node_modules_is_found_from_a_nested_file() {
    let out = stdout_of_app(&[
        ("main.js", "console.log(require('./src/use'));"),
        (
            "src/use.js",
            "module.exports = require('left-pad')('7', 3);",
        ),
        (
            "node_modules/left-pad/package.json",
            r#"{ "main": "./pad" }"#,
        ),
        (
            "node_modules/left-pad/pad.js",
            "module.exports = (s, n) => String(s).padStart(n, '0');",
        ),
    ])
    .await;
    assert_eq!(out, "007\n");
}

#[tokio::test]
async fn a_failed_module_is_not_cached() {
    let out = stdout_of_app(&[
        (
            "main.js",
            "for (let i = 0; i < 2; i++) { try { require('./flaky') } catch (e) { console.log(e.message) } }",
        ),
        ("flaky.js", "globalThis.n = (globalThis.n || 0) + 1; throw new Error('load ' + n);"),
    ])
    .await;
    assert_eq!(out, "load 1\nload 2\n");
}
