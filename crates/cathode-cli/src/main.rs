//! The `cathode` command: runs an Electron-style app (a folder with `package.json`, a main script
//! and pages that `require('electron')`) unchanged, its main script in embedded QuickJS.
//!
//! This file only wires: it reads the app's `package.json`, builds a cathode [`App`] and a
//! [`JsHost`] with `require('electron')`, and runs both on one thread until the app quits.
//! SIGINT and SIGTERM quit the app as `app.quit()` does (a second one ends it at once).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

use cathode::App;
use cathode_js::{ElectronDefaults, JsHost};
use clap::{Args, Parser, Subcommand};

/// Runs Electron-style apps: `package.json` + a main script + pages using `require('electron')`.
#[derive(Parser)]
#[command(name = "cathode", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Run the app in APP_DIR (the same as `cathode APP_DIR`).
    Run(RunArgs),
    /// Write the TypeScript declarations of a Rust main's typed IPC channels
    /// (`cathode_typescript::Channels`): runs COMMAND, which writes them and ends when its main
    /// registers its channels.
    Types(TypesArgs),
}

#[derive(Args)]
struct TypesArgs {
    /// The declarations file to write (such as src/ipc.d.ts); it is replaced only when the
    /// command wrote new declarations.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The command that runs the Rust app (such as `cargo run --bin my-app`).
    #[arg(last = true, required = true, value_name = "COMMAND")]
    command: Vec<String>,
}

/// `cathode types`: runs the app's command with [`cathode_typescript::TYPES_OUT_VARIABLE`]
/// naming a file beside `--out`, and moves it over `--out` once the command has written it.
fn write_types(args: &TypesArgs) -> ExitCode {
    let fresh = args.out.with_extension("d.ts.partial");
    let _ = std::fs::remove_file(&fresh);
    let (program, program_args) = args.command.split_first().expect("clap requires a command");
    let status = std::process::Command::new(program)
        .args(program_args)
        .env(cathode_typescript::TYPES_OUT_VARIABLE, &fresh)
        .status();
    let failure = match status {
        Err(error) => format!("cannot run {program}: {error}"),
        Ok(status) if !status.success() => format!("{program} failed ({status})"),
        Ok(_) if !fresh.is_file() => format!(
            "{program} ended without writing declarations: its main must give its channels to \
             cathode_typescript::Channels::register"
        ),
        Ok(_) => match std::fs::rename(&fresh, &args.out) {
            Ok(()) => {
                println!("cathode: wrote {}", args.out.display());
                return ExitCode::SUCCESS;
            }
            Err(error) => format!("cannot write {}: {error}", args.out.display()),
        },
    };
    let _ = std::fs::remove_file(&fresh);
    eprintln!("cathode types: {failure}");
    ExitCode::from(1)
}

#[derive(Args)]
struct RunArgs {
    /// The app's folder: it holds package.json, whose "main" names the main script (default
    /// index.js).
    #[arg(default_value = ".")]
    app_dir: PathBuf,
    /// Run without windows (also when there is no display, or with CATHODE_HEADLESS=1).
    #[arg(long)]
    headless: bool,
    /// The Chromium-based browser to use (default: CATHODE_BROWSER, else Chrome, Chromium, Edge
    /// or Brave from the usual places).
    #[arg(long, value_name = "PATH")]
    browser: Option<PathBuf>,
    /// Keep the browser profile in DIR (default: a temporary one, removed at exit).
    #[arg(long, value_name = "DIR")]
    user_data_dir: Option<PathBuf>,
    /// Print the pages' console messages to stderr, prefixed with the window id.
    #[arg(long)]
    log_renderer: bool,
    /// Open DevTools in a window of their own next to every app window (needs a display;
    /// Chromium's --auto-open-devtools-for-tabs).
    #[arg(long)]
    devtools: bool,
    /// Which Electron's webPreferences defaults windows get: a major version (such as 28) or
    /// `legacy` (nodeIntegration on). Default: the version of the `electron` that package.json
    /// depends on, else legacy.
    #[arg(long, value_name = "MAJOR|legacy", value_parser = ElectronDefaults::from_flag)]
    electron_defaults: Option<ElectronDefaults>,
    /// Arguments for the app (process.argv after the app's folder).
    #[arg(last = true)]
    app_args: Vec<String>,
}

/// What `package.json` says about how to run the app.
struct Package {
    name: String,
    version: String,
    main: PathBuf,
    /// The defaults of the Electron it depends on.
    electron_defaults: ElectronDefaults,
}

/// A problem with the app folder: reported with exit code 2.
fn read_package(app_dir: &Path) -> Result<Package, String> {
    let manifest = app_dir.join("package.json");
    let text = std::fs::read_to_string(&manifest).map_err(|error| {
        format!(
            "cannot read {}: {error}. An app folder holds package.json with a \"main\" script",
            manifest.display()
        )
    })?;
    let package: serde_json::Value = serde_json::from_str(&text)
        .map_err(|error| format!("{} is not valid JSON: {error}", manifest.display()))?;
    let text_field = |name: &str| {
        package
            .get(name)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let main = app_dir.join(text_field("main").unwrap_or_else(|| "index.js".into()));
    let main = if main.is_dir() {
        main.join("index.js")
    } else {
        main
    };
    if !main.is_file() {
        return Err(format!(
            "the main script {} (from {}) does not exist",
            main.display(),
            manifest.display()
        ));
    }
    let folder_name = app_dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cathode-app".into());
    Ok(Package {
        name: text_field("productName")
            .or_else(|| text_field("name"))
            .unwrap_or(folder_name),
        version: text_field("version").unwrap_or_else(|| "0.0.0".into()),
        main,
        electron_defaults: ElectronDefaults::from_package(&package),
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let args = match cli.command {
        Some(Command::Run(args)) => args,
        Some(Command::Types(args)) => return write_types(&args),
        None => cli.run,
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,cathode=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let app_dir = match std::fs::canonicalize(&args.app_dir) {
        Ok(dir) => dir,
        Err(error) => {
            eprintln!(
                "cathode: cannot open the app folder {}: {error}",
                args.app_dir.display()
            );
            return ExitCode::from(2);
        }
    };
    let package = match read_package(&app_dir) {
        Ok(package) => package,
        Err(message) => {
            eprintln!("cathode: {message}");
            return ExitCode::from(2);
        }
    };
    // The main script runs on this thread; the app's tasks (each window's inbound messages, the
    // relay between two pages' MessagePorts) run on a worker, so a busy script stops none of them.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cathode: cannot start the event loop: {error}");
            return ExitCode::from(1);
        }
    };
    let code = runtime.block_on(run(args, app_dir, package));
    ExitCode::from(u8::try_from(code.clamp(0, 255)).unwrap_or(1))
}

async fn run(args: RunArgs, app_dir: PathBuf, package: Package) -> i32 {
    let mut builder = App::builder()
        .name(&package.name)
        .version(&package.version)
        .plugin(cathode_remote::RemotePlugin)
        .plugin(cathode_js::PageNodePlugin::new(&app_dir));
    if args.headless {
        builder = builder.headless(true);
    }
    if let Some(browser) = &args.browser {
        builder = builder.browser(browser);
    }
    if let Some(dir) = &args.user_data_dir {
        builder = builder.user_data_dir(dir);
    }
    if args.devtools {
        if args.headless {
            eprintln!("cathode: --devtools needs a display; running headless, no DevTools open");
        }
        builder = builder.browser_arg(cathode::AUTO_OPEN_DEVTOOLS);
    }
    let app = builder.build();
    let signalled = match quit_on_signals(&app) {
        Ok(signalled) => signalled,
        Err(error) => {
            eprintln!("cathode: cannot listen for signals: {error}");
            return 1;
        }
    };
    if args.log_renderer {
        app.on_browser_window_created(|window| {
            let id = window.id();
            window.web_contents().on_console_message(move |message| {
                eprintln!("[window {id}] {}", message.message);
            });
        });
    }
    let argv0 = std::env::current_exe()
        .map(|path| path.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "cathode".into());
    let host = JsHost::builder()
        .argv0(argv0)
        .args(args.app_args)
        .cwd(&app_dir)
        .build();
    let host = match host {
        Ok(host) => host,
        Err(error) => {
            eprintln!("cathode: cannot start QuickJS: {error}");
            return 1;
        }
    };
    let defaults = args.electron_defaults.unwrap_or(package.electron_defaults);
    cathode_js::electron::install(&host, &app, app_dir.clone(), defaults);
    let js = host.handle();
    // The main process lives as long as the app, whatever its script has pending.
    let keep_alive = js.keep_alive();
    let runner = app.clone();
    let mut app_run = tokio::spawn(async move { runner.run(|_| async { Ok(()) }).await });
    let script = host.run(&package.main);
    tokio::pin!(script);
    tokio::select! {
        script_ended = &mut script => {
            let code = match script_ended {
                Ok(code) => code,
                Err(error) => {
                    report_script_error(&error);
                    1
                }
            };
            app.exit(code);
            match app_run.await {
                Ok(Err(error)) => {
                    eprintln!("cathode: {error}");
                    code.max(1)
                }
                _ => code,
            }
        }
        app_ended = &mut app_run => {
            let code = match app_ended {
                // A quit that a signal started ends with the shell's code for that signal.
                Ok(Ok(0)) if signalled.load(Ordering::Relaxed) != 0 => {
                    128 + signalled.load(Ordering::Relaxed)
                }
                Ok(Ok(code)) => code,
                Ok(Err(error)) => {
                    eprintln!("cathode: {error}");
                    1
                }
                Err(error) => {
                    eprintln!("cathode: the app failed: {error}");
                    1
                }
            };
            drop(keep_alive);
            js.exit(code);
            // The script's `exit` listeners run before the loop ends.
            let _ = script.await;
            code
        }
    }
}

/// SIGINT and SIGTERM quit the app as Electron does: `before-quit`, each window's `close`,
/// `will-quit`, `quit`, then the browser closes and its temporary profile goes. A second signal
/// ends the app at once (the browser killed, the profile removed) with 128 + the signal's number.
/// Returns where the number of the first signal is kept (0 until one comes).
#[cfg(unix)]
fn quit_on_signals(app: &App) -> std::io::Result<Arc<AtomicI32>> {
    use tokio::signal::unix::{signal, SignalKind};
    const SIGINT: i32 = 2;
    const SIGTERM: i32 = 15;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let signalled = Arc::new(AtomicI32::new(0));
    let first = Arc::clone(&signalled);
    let app = app.clone();
    tokio::spawn(async move {
        loop {
            let (number, name) = tokio::select! {
                _ = interrupt.recv() => (SIGINT, "SIGINT"),
                _ = terminate.recv() => (SIGTERM, "SIGTERM"),
            };
            if first
                .compare_exchange(0, number, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            {
                tracing::info!(
                    signal = name,
                    "quitting; a second signal ends the app at once"
                );
                app.quit();
            } else {
                tracing::warn!(signal = name, "second signal: ending the app now");
                app.terminate(128 + number);
            }
        }
    });
    Ok(signalled)
}

/// Ctrl-C quits the app as `app.quit()` does; a second one ends it at once.
#[cfg(not(unix))]
fn quit_on_signals(app: &App) -> std::io::Result<Arc<AtomicI32>> {
    const SIGINT: i32 = 2;
    let signalled = Arc::new(AtomicI32::new(0));
    let first = Arc::clone(&signalled);
    let app = app.clone();
    tokio::spawn(async move {
        while tokio::signal::ctrl_c().await.is_ok() {
            if first
                .compare_exchange(0, SIGINT, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            {
                tracing::info!(
                    signal = "Ctrl-C",
                    "quitting; a second one ends the app at once"
                );
                app.quit();
            } else {
                tracing::warn!(signal = "Ctrl-C", "second signal: ending the app now");
                app.terminate(128 + SIGINT);
            }
        }
    });
    Ok(signalled)
}

fn report_script_error(error: &cathode_js::Error) {
    match error {
        cathode_js::Error::Uncaught { message, stack } => {
            eprintln!("cathode: uncaught exception in the main script: {message}");
            if !stack.is_empty() {
                eprintln!("{stack}");
            }
        }
        other => eprintln!("cathode: {other}"),
    }
}
