//! Electron's MessagePorts for main scripts: `MessageChannelMain`, `MessagePortMain`,
//! `webContents.postMessage` and `ipcMain`'s `event.ports`, over cathode's ports.
//!
//! `js/ports.js` adds them to the module `electron.js` built. The script knows each of main's
//! ports by a number; this side keeps the `cathode::MessagePortMain` of each (per app, in the
//! app's typed state, so `ipcMain`'s listener can hand the script the ports a page sent), and
//! posts a job to the JavaScript thread for each message and `close`, which calls the dispatcher
//! `ports.js` returns. Messages between two pages never come here.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use cathode::sync::lock;
use cathode::{App, BrowserWindow, MessageChannelMain, MessagePortMain};
use rquickjs::context::EvalOptions;
use rquickjs::{Ctx, Exception, Function, Object, Value};
use serde_json::Value as Json;

use crate::host::require;
use crate::JsHandle;

/// The global under which `ports.js`'s dispatcher is reachable from posted jobs.
const DISPATCHER: &str = "__cathodePortsDispatch";

/// Main's ports as the script knows them.
struct JsPorts {
    handle: JsHandle,
    ports: Mutex<HashMap<u64, MessagePortMain>>,
    next: AtomicU64,
}

impl JsPorts {
    /// Gives `port` a number for the script, and forwards its messages and its `close` to it.
    fn adopt(self: &Arc<Self>, port: MessagePortMain) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let ports = Arc::clone(self);
        port.on_message(move |message| {
            let ids: Vec<u64> = message
                .ports()
                .iter()
                .map(|port| ports.adopt(port.clone()))
                .collect();
            let data = serde_json::json!({"data": message.wire(), "ports": ids});
            ports.dispatch(id, "message", data.to_string());
        });
        let ports = Arc::clone(self);
        port.on_close(move || {
            lock(&ports.ports).remove(&id);
            ports.dispatch(id, "close", String::new());
        });
        lock(&self.ports).insert(id, port);
        id
    }

    /// Calls `ports.js`'s dispatcher on the JavaScript thread.
    fn dispatch(&self, id: u64, kind: &'static str, json: String) {
        let posted = self.handle.post(move |ctx| {
            let dispatcher: Value = ctx.globals().get(DISPATCHER)?;
            match dispatcher.as_function() {
                Some(dispatch) => dispatch.call::<_, ()>((id as f64, kind, json)),
                None => Ok(()),
            }
        });
        if posted.is_err() {
            tracing::debug!(kind, "the JavaScript loop has ended; port event dropped");
        }
    }

    fn port(&self, id: u64) -> Option<MessagePortMain> {
        lock(&self.ports).get(&id).cloned()
    }

    /// The ports to transfer, by the script's numbers (which leave the script's hands).
    fn take(&self, ids: &str) -> Result<Vec<MessagePortMain>, String> {
        let ids: Vec<u64> = serde_json::from_str(ids).map_err(|error| error.to_string())?;
        let ports = lock(&self.ports);
        let taken = ids
            .iter()
            .enumerate()
            .map(|(index, id)| {
                ports
                    .get(id)
                    .cloned()
                    .ok_or_else(|| format!("Port at index {index} is already neutered."))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(taken)
    }

    /// Forgets the ports that left main with a message that went.
    fn forget(&self, ids: &str) {
        if let Ok(ids) = serde_json::from_str::<Vec<u64>>(ids) {
            let mut ports = lock(&self.ports);
            for id in ids {
                ports.remove(&id);
            }
        }
    }
}

/// The script's numbers for the ports a page sent with `ipcRenderer.postMessage` (for
/// `event.ports`); empty before `require('electron')` built the ports part.
pub(crate) fn adopt_all(app: &App, ports: &[MessagePortMain]) -> Vec<u64> {
    match app.state::<Arc<JsPorts>>() {
        Some(js) => ports.iter().map(|port| js.adopt(port.clone())).collect(),
        None => Vec::new(),
    }
}

fn throw(ctx: &Ctx<'_>, error: impl std::fmt::Display) -> rquickjs::Error {
    Exception::throw_message(ctx, &error.to_string())
}

/// Adds `MessageChannelMain`, `webContents.postMessage` and `event.ports` to `electron`.
pub(crate) fn extend<'js>(
    ctx: &Ctx<'js>,
    app: &App,
    handle: &JsHandle,
    electron: &Value<'js>,
) -> rquickjs::Result<()> {
    let js = Arc::new(JsPorts {
        handle: handle.clone(),
        ports: Mutex::new(HashMap::new()),
        next: AtomicU64::new(0),
    });
    app.manage(Arc::clone(&js));
    let native = Object::new(ctx.clone())?;

    let p = Arc::clone(&js);
    native.set(
        "channel",
        Function::new(ctx.clone(), move || {
            let MessageChannelMain { port1, port2 } = MessageChannelMain::new();
            vec![p.adopt(port1) as f64, p.adopt(port2) as f64]
        })?,
    )?;
    let p = Arc::clone(&js);
    native.set(
        "post",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'_>, id: f64, data: String, transfer: String| {
                let Some(port) = p.port(id as u64) else {
                    tracing::debug!("a message posted on a closed or transferred port was dropped");
                    return Ok(());
                };
                let data: Json = serde_json::from_str(&data).map_err(|e| throw(&ctx, e))?;
                let ports = p.take(&transfer).map_err(|e| throw(&ctx, e))?;
                port.post_message(data, ports).map_err(|e| throw(&ctx, e))?;
                p.forget(&transfer);
                Ok::<_, rquickjs::Error>(())
            },
        )?,
    )?;
    let p = Arc::clone(&js);
    native.set(
        "start",
        Function::new(ctx.clone(), move |id: f64| {
            if let Some(port) = p.port(id as u64) {
                port.start();
            }
        })?,
    )?;
    let p = Arc::clone(&js);
    native.set(
        "close",
        Function::new(ctx.clone(), move |id: f64| {
            if let Some(port) = lock(&p.ports).remove(&(id as u64)) {
                port.close();
            }
        })?,
    )?;
    let p = Arc::clone(&js);
    let a = app.clone();
    native.set(
        "postToWindow",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'_>, window_id: u32, channel: String, data: String, transfer: String| {
                let window = BrowserWindow::from_id(&a, window_id).ok_or_else(|| {
                    let message = format!(
                        "webContents.postMessage: window {window_id} is not open (yet, or any more)"
                    );
                    throw(&ctx, message)
                })?;
                let data: Json = serde_json::from_str(&data).map_err(|e| throw(&ctx, e))?;
                let ports = p.take(&transfer).map_err(|e| throw(&ctx, e))?;
                window
                    .web_contents()
                    .post_message_with_ports(&channel, data, ports)
                    .map_err(|e| throw(&ctx, e))?;
                p.forget(&transfer);
                Ok::<_, rquickjs::Error>(())
            },
        )?,
    )?;

    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = true;
    options.filename = Some("node:electron/ports".into());
    let create: Function = ctx.eval_with_options(include_str!("js/ports.js"), options)?;
    let codec: Function = ctx.eval(cathode::value::CODEC_JS)?;
    let values: Object = codec.call(())?;
    let dispatch: Value =
        create.call((native, electron.clone(), require(ctx, "events")?, values))?;
    ctx.globals().set(DISPATCHER, dispatch)
}
