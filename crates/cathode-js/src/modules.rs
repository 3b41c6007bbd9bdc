//! ES modules: QuickJS asks this resolver and loader for each `import`, and both ask the
//! bootstrap (`resolveImport`, `loadImport`), which knows Node's resolution, the built-ins and
//! CommonJS. A module's source comes back as text: an ES module's own file, or a few generated
//! lines that re-export a built-in's or a CommonJS module's exports.

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Function, Module, Object, Value};

/// Resolves `import` specifiers with Node's ES module rules (the bootstrap's `resolveImport`).
pub(crate) struct HostResolver;

impl Resolver for HostResolver {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        let hook: Function = crate::hooks::internal(ctx)?.get("resolveImport")?;
        hook.call((base, name))
    }
}

/// Loads a resolved module: its source and its `import.meta` (the bootstrap's `loadImport`).
pub(crate) struct HostLoader;

impl Loader for HostLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        let hook: Function = crate::hooks::internal(ctx)?.get("loadImport")?;
        let spec: Object = hook.call((name,))?;
        let source: String = spec.get("source")?;
        let module = Module::declare(ctx.clone(), name, source)?;
        if let Some(fields) = spec.get::<_, Option<Object>>("meta")? {
            let meta = module.meta()?;
            for key in fields.keys::<String>() {
                let key = key?;
                let value: Value = fields.get(key.as_str())?;
                meta.set(key.as_str(), value)?;
            }
        }
        Ok(module)
    }
}

/// `native.importModule(specifier)`: `import(specifier)` from native code, as a promise of the
/// module's namespace.
pub(crate) fn native<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Function<'js>> {
    Function::new(ctx.clone(), |ctx: Ctx<'js>, specifier: String| {
        Module::import(&ctx, specifier)
    })
}
