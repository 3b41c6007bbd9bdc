//! Typed IPC channels for cathode: handlers that declare their argument and return types in Rust,
//! and the TypeScript declarations of every channel, so that a page's
//! `ipcRenderer.invoke('add', 1, 'x')` fails to type-check when main's handler takes two numbers.
//!
//! A [`Channels`] is built once, with main's handlers and the messages main sends to pages;
//! [`Channels::register`] gives the handlers to the app's [`cathode::IpcMain`], and
//! [`Channels::typescript`] / [`Channels::write_typescript`] give the declarations (from a test,
//! a build step or the app itself). `cathode types --out src/ipc.d.ts -- <command that runs the
//! app>` writes them without opening a window: the app, run with `CATHODE_TYPES_OUT` set, writes
//! them in [`Channels::register`] and ends there.
//!
//! Types come from [`specta`]: `String`, numbers, `bool`, `Option`, `Vec`, maps, tuples, and the
//! app's own structs and enums with `#[derive(specta::Type)]` (serde's attributes are followed).
//! The declarations use cathode's `types/renderer.d.ts`: they fill its channel maps
//! (`CathodeIpc.InvokeChannels`, ...), which type `ipcRenderer`, and add to `Window` the
//! [`cathode::MainWorldApi`]s given to [`Channels::expose`].
//!
//! How Rust types read in TypeScript: every Rust number is a `number` (cathode's IPC keeps `NaN`
//! and the infinities, and reads a page's `BigInt` into a 64-bit integer too), `Option<T>` is
//! `T | null`, `()` is `null` as a result and no arguments as arguments, and a handler's tuple is
//! its argument list (`(f64, f64)`: two arguments), any other type its one argument.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use cathode::{HandlerOutcome, IpcEvent, IpcMain, MainWorldApi};
use serde::de::DeserializeOwned;
use serde::Serialize;
use specta::datatype::{DataType, Fields, NamedReferenceType, Primitive, Reference};
use specta::{FormatError, Type, Types};

pub use specta;

/// The environment variable `cathode types --out <file>` sets: [`Channels::register`] writes the
/// declarations to that file and ends the process.
pub const TYPES_OUT_VARIABLE: &str = "CATHODE_TYPES_OUT";

/// What went wrong making the declarations.
#[derive(Debug, thiserror::Error)]
pub enum TypesError {
    /// A type that TypeScript cannot express the way serde sends it.
    #[error("a channel's type cannot be declared: {0}")]
    Type(String),
    /// An exposed API names a channel that was not declared.
    #[error("'{api}.{function}' uses channel '{channel}', which has no typed handler or message")]
    UndeclaredChannel {
        /// The API's key.
        api: String,
        /// The function's name.
        function: String,
        /// The channel it names.
        channel: String,
    },
    /// The file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// How a channel is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `ipcRenderer.invoke`, answered by `ipcMain.handle`.
    Invoke,
    /// `ipcRenderer.sendSync`, answered by `ipcMain.on_sync`.
    Sync,
    /// `ipcRenderer.send`, heard by `ipcMain.on`.
    Send,
    /// `webContents.send` from main, heard by `ipcRenderer.on`.
    ToPage,
}

/// One declared channel.
#[derive(Debug, Clone)]
struct Declared {
    channel: String,
    kind: Kind,
    args: DataType,
    result: Option<DataType>,
}

type Registration = Box<dyn FnOnce(&IpcMain) -> cathode::Result<()> + Send>;

/// Main's IPC channels with their types: the handlers to register and the declarations to write.
///
/// ```no_run
/// use cathode_typescript::Channels;
///
/// #[derive(serde::Serialize, serde::Deserialize, specta::Type)]
/// struct Note {
///     title: String,
///     words: u32,
/// }
///
/// # fn demo(app: &cathode::App) -> Result<(), Box<dyn std::error::Error>> {
/// let channels = Channels::new()
///     .handle("add", |_event, (a, b): (f64, f64)| async move { Ok::<_, String>(a + b) })
///     .handle("note:get", |_event, id: u32| async move {
///         Ok::<_, String>(Note { title: format!("note {id}"), words: 0 })
///     })
///     .on("log", |_event, line: String| println!("{line}"))
///     .to_page::<(String, f64)>("progress");
/// channels.write_typescript("web/src/ipc.d.ts")?;
/// channels.register(&app.ipc_main())?;
/// # Ok(()) }
/// ```
#[derive(Default)]
pub struct Channels {
    types: Types,
    declared: Vec<Declared>,
    apis: Vec<MainWorldApi>,
    registrations: Vec<Registration>,
}

impl std::fmt::Debug for Channels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let channels: Vec<&str> = self.declared.iter().map(|d| d.channel.as_str()).collect();
        f.debug_struct("Channels")
            .field("channels", &channels)
            .finish()
    }
}

impl Channels {
    /// No channels yet.
    pub fn new() -> Channels {
        Channels::default()
    }

    fn declare(
        mut self,
        channel: &str,
        kind: Kind,
        args: DataType,
        result: Option<DataType>,
    ) -> Self {
        self.declared.push(Declared {
            channel: channel.to_string(),
            kind,
            args,
            result,
        });
        self
    }

    /// [`IpcMain::handle`] with its types declared: the page's `ipcRenderer.invoke(channel,
    /// ...args)` takes `T`'s arguments and resolves with `R`.
    pub fn handle<T, R, E, F, Fut>(mut self, channel: &str, handler: F) -> Self
    where
        T: DeserializeOwned + Type,
        R: Serialize + Type,
        E: std::fmt::Display + 'static,
        F: Fn(IpcEvent, T) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<R, E>> + Send + 'static,
    {
        let args = T::definition(&mut self.types);
        let result = R::definition(&mut self.types);
        let name = channel.to_string();
        self.registrations
            .push(Box::new(move |ipc: &IpcMain| ipc.handle(&name, handler)));
        self.declare(channel, Kind::Invoke, args, Some(result))
    }

    /// [`IpcMain::on_sync`] with its types declared: the page's `ipcRenderer.sendSync(channel,
    /// ...args)` takes `T`'s arguments and returns `R`.
    pub fn on_sync<T, R, E, F>(mut self, channel: &str, handler: F) -> Self
    where
        T: DeserializeOwned + Type,
        R: Serialize + Type,
        E: std::fmt::Display,
        F: Fn(IpcEvent, T) -> Result<R, E> + Send + Sync + 'static,
    {
        let args = T::definition(&mut self.types);
        let result = R::definition(&mut self.types);
        let name = channel.to_string();
        self.registrations.push(Box::new(move |ipc: &IpcMain| {
            ipc.on_sync(&name, handler);
            Ok(())
        }));
        self.declare(channel, Kind::Sync, args, Some(result))
    }

    /// [`IpcMain::on`] with its types declared: the page's `ipcRenderer.send(channel, ...args)`
    /// takes `T`'s arguments.
    pub fn on<T, R, F>(mut self, channel: &str, handler: F) -> Self
    where
        T: DeserializeOwned + Type,
        R: HandlerOutcome,
        F: Fn(IpcEvent, T) -> R + Send + Sync + 'static,
    {
        let args = T::definition(&mut self.types);
        let name = channel.to_string();
        self.registrations.push(Box::new(move |ipc: &IpcMain| {
            ipc.on(&name, handler);
            Ok(())
        }));
        self.declare(channel, Kind::Send, args, None)
    }

    /// Declares a message main sends to pages (`WebContents::send(channel, args)` with `args`
    /// of type `T`): the page's `ipcRenderer.on(channel, (event, ...args) => ...)` gets `T`'s
    /// arguments.
    pub fn to_page<T: Serialize + Type>(mut self, channel: &str) -> Self {
        let args = T::definition(&mut self.types);
        self.declare(channel, Kind::ToPage, args, None)
    }

    /// Declares `window[api.key()]` in the page, each function typed from its channel, which
    /// must be declared here too (else [`Channels::typescript`] fails with
    /// [`TypesError::UndeclaredChannel`]).
    pub fn expose(mut self, api: &MainWorldApi) -> Self {
        self.apis.push(api.clone());
        self
    }

    /// Gives the handlers to `ipc`. Fails as [`IpcMain::handle`] does when a channel already has
    /// an invoke handler.
    ///
    /// Under `cathode types --out <file>` (the variable [`TYPES_OUT_VARIABLE`] set), it writes
    /// the declarations to that file instead and ends the process: with status 0, or 1 after
    /// printing why they could not be written.
    pub fn register(self, ipc: &IpcMain) -> cathode::Result<()> {
        if let Some(path) = std::env::var_os(TYPES_OUT_VARIABLE) {
            match self.write_typescript(&path) {
                Ok(()) => std::process::exit(0),
                Err(error) => {
                    eprintln!("cathode: {error}");
                    std::process::exit(1);
                }
            }
        }
        self.registrations
            .into_iter()
            .try_for_each(|registration| registration(ipc))
    }

    /// The TypeScript declarations of every channel (a module: the app's types are exported
    /// from it; the channels go to the global `CathodeIpc` maps of cathode's
    /// `types/renderer.d.ts`).
    pub fn typescript(&self) -> Result<String, TypesError> {
        let channels = Arc::new(self.declared.clone());
        let apis = Arc::new(self.apis.clone());
        for api in apis.iter() {
            for function in api.functions() {
                if !self
                    .declared
                    .iter()
                    .any(|d| d.channel == function.channel())
                {
                    return Err(TypesError::UndeclaredChannel {
                        api: api.key().to_string(),
                        function: function.name().to_string(),
                        channel: function.channel().to_string(),
                    });
                }
            }
        }
        let exporter: specta_typescript::Exporter = specta_typescript::Typescript::default().into();
        exporter
            .framework_prelude(PRELUDE)
            .framework_runtime(move |exporter| {
                let render = |dt: &DataType| exporter.reference(dt);
                render_channels(&channels, &apis, &render).map(Cow::Owned)
            })
            .export(&self.types, CathodeFormat)
            .map_err(|error| TypesError::Type(error.to_string()))
    }

    /// Writes [`Channels::typescript`] to `path`.
    pub fn write_typescript(&self, path: impl AsRef<Path>) -> Result<(), TypesError> {
        let path = path.as_ref();
        let text = self.typescript()?;
        std::fs::write(path, text).map_err(|source| TypesError::Write {
            path: path.display().to_string(),
            source,
        })
    }
}

const PRELUDE: &str =
    "// The IPC channels of this app's Rust main, for its pages and preloads (with cathode's\n\
// types/renderer.d.ts). Written by cathode-typescript: do not edit; write it again instead.";

/// The channel maps and the exposed APIs, inside `declare global`.
fn render_channels(
    channels: &[Declared],
    apis: &[MainWorldApi],
    render: &dyn Fn(&DataType) -> Result<String, specta_typescript::Error>,
) -> Result<String, specta_typescript::Error> {
    let args_of = |declared: &Declared| -> Result<String, specta_typescript::Error> {
        match &declared.args {
            DataType::Tuple(tuple) => Ok(format!(
                "[{}]",
                tuple
                    .elements
                    .iter()
                    .map(render)
                    .collect::<Result<Vec<_>, _>>()?
                    .join(", ")
            )),
            single => Ok(format!("[{}]", render(single)?)),
        }
    };
    let result_of = |declared: &Declared| match &declared.result {
        Some(result) => render(result),
        None => Ok("void".to_string()),
    };
    let mut out = String::from("\ndeclare global {\n  namespace CathodeIpc {\n");
    for (kind, interface, with_result) in [
        (Kind::Invoke, "InvokeChannels", true),
        (Kind::Sync, "SyncChannels", true),
        (Kind::Send, "SendChannels", false),
        (Kind::ToPage, "PageChannels", false),
    ] {
        out.push_str(&format!("    interface {interface} {{\n"));
        for declared in channels.iter().filter(|declared| declared.kind == kind) {
            let name = typescript_string(&declared.channel);
            let args = args_of(declared)?;
            if with_result {
                let result = result_of(declared)?;
                out.push_str(&format!(
                    "      {name}: {{ args: {args}; result: {result} }};\n"
                ));
            } else {
                out.push_str(&format!("      {name}: {args};\n"));
            }
        }
        out.push_str("    }\n");
    }
    out.push_str("  }\n");
    if !apis.is_empty() {
        out.push_str("  interface Window {\n");
        for api in apis {
            out.push_str(&format!("    {}: {{\n", typescript_string(api.key())));
            for function in api.functions() {
                let declared = channels
                    .iter()
                    .find(|declared| declared.channel == function.channel())
                    .expect("checked before rendering");
                let (args, result) = (args_of(declared)?, result_of(declared)?);
                let name = typescript_string(function.name());
                let signature = match function.kind() {
                    "invoke" => format!("(...args: {args}) => Promise<{result}>"),
                    "sync" => format!("(...args: {args}) => {result}"),
                    "send" => format!("(...args: {args}) => void"),
                    _ => format!("(callback: (...args: {args}) => void) => void"),
                };
                out.push_str(&format!("      {name}: {signature};\n"));
            }
            out.push_str("    };\n");
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n\nexport {};\n");
    Ok(out)
}

/// A name as a TypeScript string literal (JSON's string syntax is TypeScript's).
fn typescript_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// serde's shapes (specta-serde), with every Rust number a plain `number`: cathode's IPC keeps
/// `NaN` and the infinities (which serde_json would make `null`), and 64-bit integers travel as
/// numbers.
struct CathodeFormat;

impl specta::Format for CathodeFormat {
    fn map_types(&'_ self, types: &Types) -> Result<Cow<'_, Types>, FormatError> {
        let serde_shaped = specta::Format::map_types(&specta_serde::Format, types)?;
        Ok(Cow::Owned(serde_shaped.into_owned().map(|mut named| {
            if let Some(dt) = &mut named.ty {
                numbers_as_number(dt);
            }
            named
        })))
    }

    fn map_type(&'_ self, types: &Types, dt: &DataType) -> Result<Cow<'_, DataType>, FormatError> {
        let mut dt = specta::Format::map_type(&specta_serde::Format, types, dt)?.into_owned();
        numbers_as_number(&mut dt);
        Ok(Cow::Owned(dt))
    }
}

fn numbers_as_number(dt: &mut DataType) {
    match dt {
        DataType::Primitive(primitive) if is_number(primitive) => {
            *dt = DataType::Reference(specta_typescript::define("number"));
        }
        DataType::Primitive(_)
        | DataType::Generic(_)
        | DataType::Reference(Reference::Opaque(_)) => {}
        DataType::List(list) => numbers_as_number(&mut list.ty),
        DataType::Map(map) => {
            numbers_as_number(map.key_ty_mut());
            numbers_as_number(map.value_ty_mut());
        }
        DataType::Struct(structure) => fields_numbers_as_number(&mut structure.fields),
        DataType::Enum(enumeration) => enumeration
            .variants
            .iter_mut()
            .for_each(|(_, variant)| fields_numbers_as_number(&mut variant.fields)),
        DataType::Tuple(tuple) => tuple.elements.iter_mut().for_each(numbers_as_number),
        DataType::Nullable(inner) => numbers_as_number(inner),
        DataType::Intersection(parts) => parts.iter_mut().for_each(numbers_as_number),
        DataType::Reference(Reference::Named(reference)) => {
            if let NamedReferenceType::Inline { dt, .. } = &mut reference.inner {
                numbers_as_number(dt);
            }
        }
    }
}

fn fields_numbers_as_number(fields: &mut Fields) {
    match fields {
        Fields::Unit => {}
        Fields::Unnamed(unnamed) => unnamed
            .fields
            .iter_mut()
            .filter_map(|field| field.ty.as_mut())
            .for_each(numbers_as_number),
        Fields::Named(named) => named
            .fields
            .iter_mut()
            .filter_map(|(_, field)| field.ty.as_mut())
            .for_each(numbers_as_number),
    }
}

fn is_number(primitive: &Primitive) -> bool {
    !matches!(
        primitive,
        Primitive::bool | Primitive::str | Primitive::char
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, specta::Type)]
    #[serde(rename_all = "camelCase")]
    struct Saved {
        file_name: String,
        size_bytes: u64,
    }

    #[test]
    fn serde_renames_numbers_and_awkward_channel_names_reach_the_declarations() {
        let text = Channels::new()
            .handle(
                "file:\"save\"",
                |_event, (name, _data): (String, Vec<u8>)| async move {
                    Ok::<_, String>(Saved {
                        file_name: name,
                        size_bytes: 0,
                    })
                },
            )
            .to_page::<Option<i64>>("tick")
            .typescript()
            .expect("declarations");
        assert!(
            text.contains(r#""file:\"save\"": { args: [string, number[]]; result: Saved };"#),
            "{text}"
        );
        assert!(text.contains("fileName: string"), "{text}");
        assert!(text.contains("sizeBytes: number"), "64-bit numbers: {text}");
        assert!(text.contains(r#""tick": [number | null];"#), "{text}");
    }

    #[test]
    fn an_exposed_function_needs_its_channel_declared() {
        let api = MainWorldApi::new("files").invoke("save", "file:save");
        let error = Channels::new().expose(&api).typescript().unwrap_err();
        assert_eq!(
            error.to_string(),
            "'files.save' uses channel 'file:save', which has no typed handler or message"
        );
    }
}
