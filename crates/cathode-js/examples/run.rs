//! Runs a main script in the host: `cargo run -p cathode-js --example run -- app/main.js [args]`.

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(main) = args.next() else {
        anyhow::bail!("usage: run <main.js> [args...]");
    };
    let host = cathode_js::JsHost::builder().args(args).build()?;
    match host.run(&main).await {
        Ok(code) => std::process::exit(code),
        Err(cathode_js::Error::Uncaught { message, stack }) => {
            eprintln!("Uncaught {message}\n{stack}");
            std::process::exit(1)
        }
        Err(other) => Err(other.into()),
    }
}
