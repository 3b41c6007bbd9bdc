//! npm packages in `node_modules`: Node's resolution (walk up, `exports` with the `require`
//! conditions and patterns, `main`, `index.js`, `.json`) and its errors. The expected output is
//! what Node 20 prints for the same layout (but for the JSON parser's own words).

mod support;

use support::run_app;

#[tokio::test]
async fn packages_resolve_through_exports_main_and_index_as_in_node() {
    let (result, output) = run_app(&[
        ("main.js", "require('./sub/deep/main.js');"),
        (r#"node_modules/@sc/pkg/main.js"#, r#"module.exports="scoped"
"#),
        (r#"node_modules/@sc/pkg/package.json"#, r#"{"name":"@sc/pkg","exports":"./main.js"}
"#),
        (r#"node_modules/bad/index.js"#, r#"module.exports="bad"
"#),
        (r#"node_modules/bad/package.json"#, r#"{bad
"#),
        (r#"node_modules/exp/feat/index.js"#, r#"module.exports="feature"
"#),
        (r#"node_modules/exp/lib/cjs.js"#, r#"module.exports = "exp cjs " + require("inner")
"#),
        (r#"node_modules/exp/lib/utils/a.js"#, r#"module.exports="util a"
"#),
        (r#"node_modules/exp/node_modules/inner/index.js"#, r#"module.exports="inner"
"#),
        (r#"node_modules/exp/package.json"#, r#"{"name":"exp","main":"./wrong.js","exports":{".":{"import":"./lib/esm.mjs","require":"./lib/cjs.js","default":"./lib/default.js"},"./feature":"./feat/index.js","./utils/*":"./lib/utils/*.js","./package.json":"./package.json","./hidden/*":null}}
"#),
        (r#"node_modules/legacy/lib/entry.js"#, r#"module.exports="legacy " + require("./other.json").v
"#),
        (r#"node_modules/legacy/lib/other.json"#, r#"{"v":7}
"#),
        (r#"node_modules/legacy/package.json"#, r#"{"main":"lib/entry"}
"#),
        (r#"sub/deep/main.js"#, r#"const root = require('path').resolve(__dirname, '../..') + '/';
const show = (f) => { try { console.log(f()) } catch (e) { console.log(e.code, e.message.split('\n')[0].split(root).join('<app>/')) } };
show(() => require('exp'));
show(() => require('exp/feature'));
show(() => require('exp/utils/a'));
show(() => require('exp/package.json').name);
show(() => require('exp/lib/cjs.js'));
show(() => require('exp/hidden/x'));
show(() => require('@sc/pkg'));
show(() => require('legacy'));
show(() => require('legacy/lib/other.json').v);
show(() => require('bad'));
show(() => require('nothere'));
show(() => require.resolve('exp').split(root).join('<app>/'));
"#),
    ])
    .await;
    assert_eq!(result.ok(), Some(0), "{}", output.stderr());
    let stdout = output.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    let expected: Vec<&str> = EXPECTED.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{stdout}");
    for (line, want) in lines.iter().zip(expected) {
        if want.starts_with("undefined Error parsing") {
            assert!(line.starts_with(want), "{line}");
        } else {
            assert_eq!(*line, want);
        }
    }
}

const EXPECTED: &str = r#"exp cjs inner
feature
util a
exp
ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './lib/cjs.js' is not defined by "exports" in <app>/node_modules/exp/package.json
ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './hidden/x' is not defined by "exports" in <app>/node_modules/exp/package.json
scoped
legacy 7
7
undefined Error parsing <app>/node_modules/bad/package.json: 
MODULE_NOT_FOUND Cannot find module 'nothere'
<app>/node_modules/exp/lib/cjs.js
"#;
