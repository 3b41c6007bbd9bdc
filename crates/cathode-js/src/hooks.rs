//! The bootstrap's hooks as native code reaches them: what the host stores in the context
//! (`HostData`), and the calls into the bootstrap (`internal`, `call_internal`). A leaf: the
//! host and the native modules (fs, child processes, ES modules) all use it.

use rquickjs::{Ctx, Exception, Function, JsLifetime, Object};

use crate::handle::JsHandle;

/// What the host keeps inside the context, for native code that only has a [`Ctx`].
pub(crate) struct HostData<'js> {
    /// The hooks the bootstrap script returned (`runMain`, `runTimer`, ...).
    pub(crate) internal: Object<'js>,
    pub(crate) handle: JsHandle,
}

// SAFETY: `Changed` is the same struct with the lifetime swapped, as `JsLifetime` requires.
unsafe impl<'js> JsLifetime<'js> for HostData<'js> {
    type Changed<'to> = HostData<'to>;
}

pub(crate) fn internal<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    match ctx.userdata::<HostData>() {
        Some(data) => Ok(data.internal.clone()),
        None => Err(Exception::throw_internal(
            ctx,
            "the cathode host is not set up in this context",
        )),
    }
}

/// Calls one of the bootstrap's hooks (`asyncDone`, ...) from native code.
pub(crate) fn call_internal<'js, A>(ctx: &Ctx<'js>, hook: &str, args: A) -> rquickjs::Result<()>
where
    A: rquickjs::function::IntoArgs<'js>,
{
    let hook: Function = internal(ctx)?.get(hook)?;
    hook.call(args)
}

impl JsHandle {
    /// The handle of the host that runs `ctx`, for native modules that need to post work back or
    /// hold the loop open.
    pub fn current(ctx: &Ctx<'_>) -> Option<JsHandle> {
        ctx.userdata::<HostData>().map(|data| data.handle.clone())
    }
}
