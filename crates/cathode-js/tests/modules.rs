//! Built-in modules (`path`, `events`), refused Node modules, `process`, and native modules.

mod support;

use support::{captured, run_app, stdout_of, AppDir};

#[tokio::test]
async fn path_functions_follow_node_posix() {
    let out = stdout_of(
        "const path = require('path');\n\
         console.log(path.join('/a/b', '../c', './d.js'), path.join('a', '', 'b/'), path.join());\n\
         console.log(path.resolve('/x', 'y', '..', 'z'), path.resolve('rel') === process.cwd() + '/rel');\n\
         console.log(path.dirname('/a/b/c.txt'), path.dirname('file'), path.dirname('/'));\n\
         console.log(path.basename('/a/b/c.txt'), path.basename('/a/b/c.txt', '.txt'), path.basename('/a/b/'));\n\
         console.log(path.extname('x.tar.gz'), JSON.stringify(path.extname('.bashrc')), path.extname('a.'), path.sep);\n\
         console.log(require('node:path') === path, path.posix === path, path.relative('/a/b/c', '/a/d'));",
    )
    .await;
    assert_eq!(
        out,
        "/a/c/d.js a/b/ .\n/x/z true\n/a/b . /\nc.txt c b\n.gz \"\" . /\ntrue true ../../d\n"
    );
}

#[tokio::test]
async fn event_emitter_has_node_semantics() {
    let out = stdout_of(
        "const EventEmitter = require('events');\n\
         const e = new EventEmitter();\n\
         const log = (...a) => console.log(...a);\n\
         e.on('x', (v) => log('on', v));\n\
         e.prependListener('x', (v) => log('first', v));\n\
         e.once('x', (v) => log('once', v));\n\
         console.log(e.emit('x', 1), e.listenerCount('x'));\n\
         e.emit('x', 2);\n\
         const f = () => log('f'); e.addListener('y', f); e.off('y', f);\n\
         console.log(e.emit('y'), e.listeners('x').length, e.eventNames());\n\
         e.removeAllListeners('x'); console.log(e.listenerCount('x'));\n\
         try { e.emit('error', new Error('unhandled')) } catch (err) { log('threw', err.message) }\n\
         class App extends EventEmitter {}; const app = new App(); app.once('ready', () => log('ready'));\n\
         app.emit('ready'); app.emit('ready'); console.log(EventEmitter.EventEmitter === EventEmitter);",
    )
    .await;
    assert_eq!(
        out,
        "first 1\non 1\nonce 1\ntrue 2\nfirst 2\non 2\nfalse 2 [ 'x' ]\n0\nthrew unhandled\nready\ntrue\n"
    );
}

#[tokio::test]
async fn node_built_ins_the_main_process_lacks_load_and_refuse_their_use_by_name() {
    let out = stdout_of(
        "const https = require('https');\n\
         console.log(typeof https, require('node:https') === https, https[Symbol.toPrimitive]);\n\
         for (const use of [() => https.get('https://example.com'), () => new https.Agent(), () => https()]) {\n\
           try { use() } catch (e) { console.log(e.code, e.message) }\n\
         }\n\
         for (const name of ['dgram', 'net', 'http', 'tls', 'node:http']) {\n\
           try { require(name).createServer() } catch (e) { console.log(e.message) }\n\
         }\n\
         try { require('left-pad') } catch (e) { console.log(e.code, e.message.split('\\n')[0]) }",
    )
    .await;
    assert_eq!(
        out,
        "function true undefined\n\
         ERR_CATHODE_MODULE_UNAVAILABLE module 'https' is not available in the cathode main process\n\
         ERR_CATHODE_MODULE_UNAVAILABLE module 'https' is not available in the cathode main process\n\
         ERR_CATHODE_MODULE_UNAVAILABLE module 'https' is not available in the cathode main process\n\
         module 'dgram' is not available in the cathode main process\n\
         module 'net' is not available in the cathode main process\n\
         module 'http' is not available in the cathode main process\n\
         module 'tls' is not available in the cathode main process\n\
         module 'http' is not available in the cathode main process\n\
         MODULE_NOT_FOUND Cannot find module 'left-pad'\n"
    );
}

#[tokio::test]
async fn process_describes_the_host() {
    let dir = AppDir::new(&[(
        "main.js",
        "console.log(process.argv.slice(1).join(' '));\n\
         console.log(process.env.CATHODE_TEST, process.env.HOME, process.platform === require('path').sep ? '' : typeof process.platform);\n\
         console.log(Object.keys(process.versions).join(','), process.cwd() === __dirname);",
    )]);
    let (builder, output) = captured(&dir);
    let host = builder
        .args(["--flag", "value"])
        .env([("CATHODE_TEST", "yes")])
        .build()
        .unwrap();
    assert_eq!(host.run("main.js").await.unwrap(), 0);
    assert_eq!(
        output.stdout(),
        format!(
            "{} --flag value\nyes undefined string\ncathode,quickjs true\n",
            dir.file("main.js").display()
        )
    );
}

#[tokio::test]
async fn a_registered_native_module_is_built_once_and_can_use_events() {
    let dir = AppDir::new(&[(
        "main.js",
        "const native = require('native-app');\n\
         console.log(native === require('native-app'), native.builds, native instanceof require('events'));\n\
         native.on('ready', (v) => console.log('ready', v));\n\
         native.emit('ready', 1);",
    )]);
    let (builder, output) = captured(&dir);
    let host = builder.build().unwrap();
    let builds = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = builds.clone();
    host.register_module("native-app", move |ctx| {
        counter.set(counter.get() + 1);
        let event_emitter: rquickjs::function::Constructor =
            cathode_js::require(ctx, "events")?.get()?;
        let app: rquickjs::Object = event_emitter.construct(())?;
        app.set("builds", counter.get())?;
        Ok(app.into_value())
    });
    assert_eq!(host.run("main.js").await.unwrap(), 0);
    assert_eq!(builds.get(), 1);
    assert_eq!(output.stdout(), "true 1 true\nready 1\n");
}

#[tokio::test]
async fn a_registered_module_may_take_a_node_name_the_host_refuses() {
    let dir = AppDir::new(&[("main.js", "console.log(require('os').platform);")]);
    let (builder, output) = captured(&dir);
    let host = builder
        .module("os", |ctx| {
            let os = rquickjs::Object::new(ctx.clone())?;
            os.set("platform", "stub")?;
            Ok(os.into_value())
        })
        .build()
        .unwrap();
    assert_eq!(host.run("main.js").await.unwrap(), 0);
    assert_eq!(output.stdout(), "stub\n");
}

#[tokio::test]
async fn a_missing_main_script_is_reported_as_such() {
    let (result, _) = run_app(&[("other.js", "")]).await;
    assert!(
        matches!(result, Err(cathode_js::Error::MainNotFound { .. })),
        "{result:?}"
    );
}
