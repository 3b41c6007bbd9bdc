//! Node's CommonJS resolution in Rust, for the `require` of pages with node integration: main
//! finds the file (relative paths, `node_modules` walked up, `package.json` `exports` with the
//! `require` conditions, `main`, `index.js`, `.json`) and reads it, so the page's `require` of a
//! module costs one synchronous request. The main script's own loader (`js/bootstrap.js`) follows
//! the same rules.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

/// The conditions a `require` matches in a package's `exports`, in Node's order.
const REQUIRE_CONDITIONS: &[&str] = &["require", "node", "node-addons", "default"];
/// What `require` tries after the exact name.
const EXTENSIONS: &[&str] = &[".js", ".json"];

/// Why a request did not resolve: Node's message, name and code (`MODULE_NOT_FOUND`, ...).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResolveError {
    pub(crate) message: String,
    /// `Error`, or `SyntaxError` for a `package.json` that is not JSON (which has no code).
    pub(crate) name: &'static str,
    pub(crate) code: Option<&'static str>,
    /// The file the error is about (a `package.json` that is not JSON).
    pub(crate) path: Option<String>,
}

impl ResolveError {
    fn new(code: &'static str, message: String) -> ResolveError {
        ResolveError {
            message,
            name: "Error",
            code: Some(code),
            path: None,
        }
    }

    fn not_found(request: &str) -> ResolveError {
        ResolveError::new(
            "MODULE_NOT_FOUND",
            format!("Cannot find module '{request}'"),
        )
    }
}

/// A module's file, found and read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Loaded {
    /// Its real path.
    pub(crate) filename: String,
    /// Its text.
    pub(crate) source: String,
    /// True for a `.json` file (its text is the module's value).
    pub(crate) json: bool,
}

/// Resolves `request` from a module in `dir` (an absolute folder) and reads the file. An ES
/// module (`.mjs`, or `.js` in a `"type": "module"` package) is `ERR_REQUIRE_ESM`.
pub(crate) fn load(request: &str, dir: &Path) -> Result<Loaded, ResolveError> {
    let filename = resolve(request, dir)?;
    if is_esm(&filename)? {
        return Err(ResolveError::new(
            "ERR_REQUIRE_ESM",
            format!(
                "require() of ES Module {} not supported.\nInstead use a dynamic import() \
                 which is available in all CommonJS modules.",
                filename.display()
            ),
        ));
    }
    let bytes = std::fs::read(&filename).map_err(|error| {
        ResolveError::new(
            "MODULE_NOT_FOUND",
            format!("Cannot read module {}: {error}", filename.display()),
        )
    })?;
    let mut source = String::from_utf8_lossy(&bytes).into_owned();
    if source.starts_with('\u{feff}') {
        source.remove(0);
    }
    Ok(Loaded {
        json: filename.extension().is_some_and(|ext| ext == "json"),
        filename: filename.to_string_lossy().into_owned(),
        source,
    })
}

/// The file `require(request)` loads from a module in `dir`.
pub(crate) fn resolve(request: &str, dir: &Path) -> Result<PathBuf, ResolveError> {
    if request.is_empty() {
        return Err(ResolveError::new(
            "ERR_INVALID_ARG_VALUE",
            "The argument 'id' must be a non-empty string. Received ''".into(),
        ));
    }
    let relative = request == "."
        || request == ".."
        || request.starts_with("./")
        || request.starts_with("../")
        || request.starts_with('/');
    if relative {
        let candidate = normalize(&dir.join(request));
        let found = if request.ends_with('/') {
            None
        } else {
            try_file(&candidate)
        };
        return match found {
            Some(found) => Ok(found),
            None => try_directory(&candidate)?.ok_or_else(|| ResolveError::not_found(request)),
        };
    }
    for modules in node_module_paths(dir) {
        if let Some(found) = resolve_in_node_modules(&modules, request)? {
            return Ok(found);
        }
    }
    Err(ResolveError::not_found(request))
}

/// `path` without `.` and `..` parts, as Node's `path.resolve` makes it (no links followed).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn real(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn try_file(path: &Path) -> Option<PathBuf> {
    if path.is_file() {
        return Some(real(path));
    }
    EXTENSIONS.iter().find_map(|ext| {
        let mut with = path.as_os_str().to_owned();
        with.push(ext);
        let with = PathBuf::from(with);
        with.is_file().then(|| real(&with))
    })
}

fn try_index(dir: &Path) -> Option<PathBuf> {
    EXTENSIONS.iter().find_map(|ext| {
        let index = dir.join(format!("index{ext}"));
        index.is_file().then(|| real(&index))
    })
}

/// A folder's `package.json`, parsed; `None` when there is none. Bad JSON names the file.
fn read_package(dir: &Path) -> Result<Option<Value>, ResolveError> {
    let manifest = dir.join("package.json");
    if !manifest.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&manifest).unwrap_or_default();
    serde_json::from_str(&text).map(Some).map_err(|error| {
        let path = manifest.to_string_lossy().into_owned();
        ResolveError {
            message: format!("Error parsing {path}: {error}"),
            name: "SyntaxError",
            code: None,
            path: Some(path),
        }
    })
}

fn try_directory(dir: &Path) -> Result<Option<PathBuf>, ResolveError> {
    if !dir.is_dir() {
        return Ok(None);
    }
    if let Some(main) = read_package(dir)?
        .as_ref()
        .and_then(|package| package.get("main"))
        .and_then(Value::as_str)
        .filter(|main| !main.is_empty())
    {
        let main = normalize(&dir.join(main));
        if let Some(found) = try_file(&main).or_else(|| try_index(&main)) {
            return Ok(Some(found));
        }
    }
    Ok(try_index(dir))
}

/// The `node_modules` folders a module in `dir` looks in, nearest first.
fn node_module_paths(dir: &Path) -> Vec<PathBuf> {
    dir.ancestors()
        .filter(|at| at.file_name().is_none_or(|name| name != "node_modules"))
        .map(|at| at.join("node_modules"))
        .collect()
}

/// The package name and the `./subpath` of a bare request (`@scope/name/sub` too).
fn split_package_request(request: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = request.split('/').collect();
    let length = if request.starts_with('@') { 2 } else { 1 };
    if parts.len() < length || parts[..length].iter().any(|part| part.is_empty()) {
        return None;
    }
    let rest = parts[length..].join("/");
    let subpath = if rest.is_empty() {
        ".".to_string()
    } else {
        format!("./{rest}")
    };
    Some((parts[..length].join("/"), subpath))
}

fn resolve_in_node_modules(modules: &Path, request: &str) -> Result<Option<PathBuf>, ResolveError> {
    if let Some((name, subpath)) = split_package_request(request) {
        let package_dir = modules.join(&name);
        if package_dir.is_dir() {
            if let Some(exports) = read_package(&package_dir)?
                .and_then(|mut package| package.get_mut("exports").map(Value::take))
                .filter(|exports| !exports.is_null())
            {
                let manifest = package_dir.join("package.json");
                let resolved = resolve_exports(&package_dir, &subpath, &exports, &manifest)?;
                if !resolved.is_file() {
                    return Err(ResolveError::not_found(&resolved.to_string_lossy()));
                }
                return Ok(Some(real(&resolved)));
            }
        }
    }
    let candidate = modules.join(request);
    let found = if request.ends_with('/') {
        None
    } else {
        try_file(&candidate)
    };
    match found {
        Some(found) => Ok(Some(found)),
        None => try_directory(&candidate),
    }
}

fn not_exported(subpath: &str, manifest: &Path) -> ResolveError {
    let manifest = manifest.display();
    ResolveError::new(
        "ERR_PACKAGE_PATH_NOT_EXPORTED",
        if subpath == "." {
            format!("No \"exports\" main defined in {manifest}")
        } else {
            format!("Package subpath '{subpath}' is not defined by \"exports\" in {manifest}")
        },
    )
}

fn invalid_target(target: &Value, manifest: &Path) -> ResolveError {
    ResolveError::new(
        "ERR_INVALID_PACKAGE_TARGET",
        format!(
            "Invalid \"exports\" target {target} defined in {}",
            manifest.display()
        ),
    )
}

/// A subpath of a package through its `exports` (exact keys, then the `*` pattern with the
/// longest prefix).
fn resolve_exports(
    package_dir: &Path,
    subpath: &str,
    exports: &Value,
    manifest: &Path,
) -> Result<PathBuf, ResolveError> {
    let is_subpath_map = exports
        .as_object()
        .is_some_and(|map| map.keys().any(|key| key.starts_with('.')));
    let single;
    let map = if is_subpath_map {
        exports.as_object().expect("a subpath map is an object")
    } else {
        single = serde_json::Map::from_iter([(".".to_string(), exports.clone())]);
        &single
    };
    let resolved = if let Some(target) = map.get(subpath).filter(|_| !subpath.contains('*')) {
        resolve_target(package_dir, target, None, manifest)?
    } else {
        let mut best: Option<(&String, &str)> = None;
        for key in map.keys() {
            let Some((prefix, suffix)) = key.split_once('*') else {
                continue;
            };
            if suffix.contains('*') {
                continue;
            }
            if subpath.len() >= key.len()
                && subpath.starts_with(prefix)
                && subpath.ends_with(suffix)
                && best.is_none_or(|(best, _)| prefix.len() > best.find('*').unwrap_or(0))
            {
                best = Some((key, &subpath[prefix.len()..subpath.len() - suffix.len()]));
            }
        }
        match best {
            Some((key, matched)) => {
                resolve_target(package_dir, &map[key], Some(matched), manifest)?
            }
            None => None,
        }
    };
    resolved.ok_or_else(|| not_exported(subpath, manifest))
}

/// One target of `exports`: a `./` path, fallbacks, or conditions. `None`: nothing matched.
fn resolve_target(
    package_dir: &Path,
    target: &Value,
    matched: Option<&str>,
    manifest: &Path,
) -> Result<Option<PathBuf>, ResolveError> {
    match target {
        Value::String(text) => {
            if !text.starts_with("./") {
                return Err(invalid_target(target, manifest));
            }
            let text = match matched {
                Some(matched) => text.replace('*', matched),
                None => text.clone(),
            };
            let resolved = normalize(&package_dir.join(text));
            if !resolved.starts_with(package_dir) {
                return Err(invalid_target(target, manifest));
            }
            Ok(Some(resolved))
        }
        Value::Array(items) => {
            let mut last_error = None;
            for item in items {
                match resolve_target(package_dir, item, matched, manifest) {
                    Ok(Some(found)) => return Ok(Some(found)),
                    Ok(None) => {}
                    Err(error) => last_error = Some(error),
                }
            }
            last_error.map_or(Ok(None), Err)
        }
        Value::Object(conditions) => {
            for (key, value) in conditions {
                if !REQUIRE_CONDITIONS.contains(&key.as_str()) {
                    continue;
                }
                if let Some(found) = resolve_target(package_dir, value, matched, manifest)? {
                    return Ok(Some(found));
                }
            }
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// True for an ES module: `.mjs`, or a `.js` file whose package says `"type": "module"`.
fn is_esm(filename: &Path) -> Result<bool, ResolveError> {
    match filename.extension().and_then(|ext| ext.to_str()) {
        Some("mjs") => return Ok(true),
        Some("js") => {}
        _ => return Ok(false),
    }
    for dir in filename.ancestors().skip(1) {
        if dir.file_name().is_some_and(|name| name == "node_modules") {
            return Ok(false);
        }
        if let Some(package) = read_package(dir)? {
            return Ok(package.get("type").and_then(Value::as_str) == Some("module"));
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of files under the test target's scratch space.
    fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("cathode-resolve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (file, text) in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        real(&root)
    }

    #[test]
    fn relative_files_packages_exports_and_json_resolve_as_in_node() {
        let root = tree(
            "kinds",
            &[
                ("app/renderer.js", ""),
                ("app/data.json", "{}"),
                ("app/lib/index.js", ""),
                ("node_modules/plain/package.json", r#"{"main": "lib/main"}"#),
                ("node_modules/plain/lib/main.js", ""),
                (
                    "node_modules/@s/cond/package.json",
                    r#"{"exports": {".": {"import": "./e.mjs", "require": "./c.js"}, "./x/*": "./src/*.js"}}"#,
                ),
                ("node_modules/@s/cond/c.js", ""),
                ("node_modules/@s/cond/src/deep.js", ""),
                ("node_modules/@s/cond/hidden.js", ""),
            ],
        );
        let app = root.join("app");
        let found = |request: &str| {
            resolve(request, &app).map(|p| p.strip_prefix(&root).unwrap().to_path_buf())
        };
        assert_eq!(found("./renderer"), Ok("app/renderer.js".into()));
        assert_eq!(found("./data"), Ok("app/data.json".into()));
        assert_eq!(found("./lib"), Ok("app/lib/index.js".into()));
        assert_eq!(
            found("../app/lib/../renderer.js"),
            Ok("app/renderer.js".into())
        );
        assert_eq!(found("plain"), Ok("node_modules/plain/lib/main.js".into()));
        assert_eq!(found("@s/cond"), Ok("node_modules/@s/cond/c.js".into()));
        assert_eq!(
            found("@s/cond/x/deep"),
            Ok("node_modules/@s/cond/src/deep.js".into())
        );
        assert_eq!(
            found("@s/cond/hidden.js").map_err(|e| e.code),
            Err(Some("ERR_PACKAGE_PATH_NOT_EXPORTED"))
        );
        assert_eq!(
            found("./missing").map_err(|e| e.message),
            Err("Cannot find module './missing'".into())
        );
        assert_eq!(
            found("nothing").map_err(|e| e.code),
            Err(Some("MODULE_NOT_FOUND"))
        );
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_bad_package_json_and_an_es_module_are_named_errors() {
        let root = tree(
            "errors",
            &[
                ("node_modules/broken/package.json", "{ nope"),
                (
                    "node_modules/esm/package.json",
                    r#"{"type": "module", "main": "i.js"}"#,
                ),
                ("node_modules/esm/i.js", "export default 1;"),
            ],
        );
        let broken = resolve("broken", &root).expect_err("bad JSON");
        let manifest = root.join("node_modules/broken/package.json");
        assert!(
            broken
                .message
                .starts_with(&format!("Error parsing {}", manifest.display())),
            "{broken:?}"
        );
        assert_eq!(broken.path, Some(manifest.to_string_lossy().into_owned()));
        assert_eq!((broken.name, broken.code), ("SyntaxError", None));
        assert_eq!(
            load("esm", &root).map_err(|e| e.code),
            Err(Some("ERR_REQUIRE_ESM"))
        );
        let _ = std::fs::remove_dir_all(root);
    }
}
