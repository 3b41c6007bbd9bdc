//! The D-Bus session bus, reached with a time limit, and a way to run its async calls from
//! synchronous code.

use std::future::Future;
use std::time::Duration;

use crate::{Error, Result};

/// How long a connection to the session bus or one call on it may take: a desktop answers in
/// milliseconds, and a missing or wedged bus must not hang the caller.
pub(crate) const BUS_TIMEOUT: Duration = Duration::from_secs(2);

/// Connects to the session bus, or says why not.
pub(crate) async fn session() -> Result<zbus::Connection> {
    match tokio::time::timeout(BUS_TIMEOUT, zbus::Connection::session()).await {
        Ok(Ok(connection)) => Ok(connection),
        Ok(Err(error)) => Err(Error::Bus(format!("no session bus: {error}"))),
        Err(_) => Err(Error::Bus(format!(
            "the session bus did not answer within {BUS_TIMEOUT:?}"
        ))),
    }
}

/// Calls `method` of `interface` at `path` of `destination`, within [`BUS_TIMEOUT`], and reads
/// the reply's body as `R`.
pub(crate) async fn call<B, R>(
    connection: &zbus::Connection,
    destination: &str,
    path: &str,
    interface: &str,
    method: &str,
    body: &B,
) -> Result<R>
where
    B: serde::Serialize + zbus::zvariant::DynamicType,
    R: for<'d> zbus::zvariant::DynamicDeserialize<'d>,
{
    let call = connection.call_method(Some(destination), path, Some(interface), method, body);
    let reply = match tokio::time::timeout(BUS_TIMEOUT, call).await {
        Ok(Ok(reply)) => reply,
        Ok(Err(error)) => return Err(Error::Bus(format!("{destination} {method}: {error}"))),
        Err(_) => {
            return Err(Error::Bus(format!(
                "{destination} {method}: no answer within {BUS_TIMEOUT:?}"
            )))
        }
    };
    reply
        .body()
        .deserialize::<R>()
        .map_err(|error| Error::Bus(format!("{destination} {method}: {error}")))
}

/// Whether a service owns `name` on the session bus now.
pub(crate) async fn has_owner(connection: &zbus::Connection, name: &str) -> Result<bool> {
    call(
        connection,
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus",
        "NameHasOwner",
        &(name,),
    )
    .await
}

/// Runs `future` to its end on a thread of its own with its own runtime, so that synchronous
/// code can wait for it from anywhere, inside a Tokio runtime or not.
pub(crate) fn block_on<F>(future: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a current-thread runtime can be built")
            .block_on(future)
    })
    .join()
    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
