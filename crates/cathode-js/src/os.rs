//! What `require('os')` reports about the machine, read from the OS in Rust (`uname`,
//! `sysinfo`, `/proc`, the user database, the environment).

use rquickjs::{Array, Ctx, Function, Object};

/// `uname(2)`'s sysname, release, version and machine; Rust's names elsewhere.
fn uname() -> (String, String, String, String) {
    #[cfg(unix)]
    {
        // SAFETY: `utsname` is plain old data; uname fills it and we read NUL-terminated fields.
        let mut names: libc::utsname = unsafe { std::mem::zeroed() };
        if unsafe { libc::uname(&mut names) } == 0 {
            let field = |f: &[libc::c_char]| {
                let bytes: Vec<u8> = f
                    .iter()
                    .take_while(|&&c| c != 0)
                    .map(|&c| c as u8)
                    .collect();
                String::from_utf8_lossy(&bytes).into_owned()
            };
            return (
                field(&names.sysname),
                field(&names.release),
                field(&names.version),
                field(&names.machine),
            );
        }
    }
    let kind = match std::env::consts::OS {
        "windows" => "Windows_NT",
        "macos" => "Darwin",
        "linux" => "Linux",
        other => other,
    };
    (
        kind.to_string(),
        String::new(),
        String::new(),
        std::env::consts::ARCH.to_string(),
    )
}

fn hostname() -> String {
    #[cfg(unix)]
    {
        let mut buffer = [0u8; 256];
        // SAFETY: the buffer is writable for its whole length, which is what we pass.
        if unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) } == 0 {
            let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
            return String::from_utf8_lossy(&buffer[..end]).into_owned();
        }
    }
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "localhost".to_string())
}

/// The current user from the user database: name, home directory, shell, uid, gid.
#[cfg(unix)]
fn passwd() -> Option<(String, String, String, u32, u32)> {
    // SAFETY: getpwuid_r writes into `entry` and `buffer`, both live and sized as passed; the
    // strings it points to are in `buffer`, read before it goes away.
    unsafe {
        let uid = libc::geteuid();
        let mut entry: libc::passwd = std::mem::zeroed();
        let mut buffer = vec![0 as libc::c_char; 16 * 1024];
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(
            uid,
            &mut entry,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut found,
        );
        if rc != 0 || found.is_null() {
            return None;
        }
        let text = |p: *const libc::c_char| {
            if p.is_null() {
                String::new()
            } else {
                std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
            }
        };
        Some((
            text(entry.pw_name),
            text(entry.pw_dir),
            text(entry.pw_shell),
            entry.pw_uid,
            entry.pw_gid,
        ))
    }
}

fn homedir() -> String {
    if let Ok(home) = std::env::var("HOME") {
        if !home.is_empty() {
            return home;
        }
    }
    #[cfg(unix)]
    if let Some((_, home, _, _, _)) = passwd() {
        return home;
    }
    std::env::var("USERPROFILE").unwrap_or_default()
}

/// Node's `os.tmpdir()`: `TMPDIR`, `TMP` or `TEMP`, else `/tmp`, without a trailing slash.
fn tmpdir() -> String {
    let dir = ["TMPDIR", "TMP", "TEMP"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "/tmp".to_string());
    if dir.len() > 1 && dir.ends_with('/') {
        dir[..dir.len() - 1].to_string()
    } else {
        dir
    }
}

/// Total and free memory in bytes, uptime in seconds, and the load averages.
fn memory_and_load() -> (f64, f64, f64, [f64; 3]) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sysinfo fills the zeroed struct we pass.
        let mut info: libc::sysinfo = unsafe { std::mem::zeroed() };
        if unsafe { libc::sysinfo(&mut info) } == 0 {
            let unit = f64::from(info.mem_unit.max(1));
            let load = |l: libc::c_ulong| l as f64 / 65536.0;
            // MemAvailable is what Node reports as free memory on Linux.
            let free = std::fs::read_to_string("/proc/meminfo")
                .ok()
                .and_then(|text| {
                    text.lines()
                        .find(|l| l.starts_with("MemAvailable:"))
                        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
                })
                .map(|kib| kib * 1024.0)
                .unwrap_or(info.freeram as f64 * unit);
            return (
                info.totalram as f64 * unit,
                free,
                info.uptime as f64,
                [
                    load(info.loads[0]),
                    load(info.loads[1]),
                    load(info.loads[2]),
                ],
            );
        }
    }
    (0.0, 0.0, 0.0, [0.0; 3])
}

/// One entry per logical CPU: its model name and speed in MHz (from `/proc/cpuinfo` on Linux).
fn cpus() -> Vec<(String, f64)> {
    let count = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut models = Vec::new();
    #[cfg(target_os = "linux")]
    if let Ok(text) = std::fs::read_to_string("/proc/cpuinfo") {
        let mut model = String::new();
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            match key.trim() {
                "model name" => model = value.trim().to_string(),
                "cpu MHz" => {
                    models.push((
                        model.clone(),
                        value.trim().parse::<f64>().unwrap_or(0.0).floor(),
                    ));
                }
                _ => {}
            }
        }
    }
    if models.is_empty() {
        models = vec![(String::from("unknown"), 0.0); count];
    }
    models
}

/// The `os` object of the native bridge.
pub(crate) fn native<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let os = Object::new(ctx.clone())?;
    let (kind, release, version, machine) = uname();
    os.set("type", kind)?;
    os.set("release", release)?;
    os.set("version", version)?;
    os.set("machine", machine)?;
    os.set("hostname", Function::new(ctx.clone(), hostname)?)?;
    os.set("homedir", Function::new(ctx.clone(), homedir)?)?;
    os.set("tmpdir", Function::new(ctx.clone(), tmpdir)?)?;
    os.set(
        "memory",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>| -> rquickjs::Result<Array<'js>> {
                let (total, free, uptime, load) = memory_and_load();
                let out = Array::new(ctx.clone())?;
                for (i, v) in [total, free, uptime, load[0], load[1], load[2]]
                    .into_iter()
                    .enumerate()
                {
                    out.set(i, v)?;
                }
                Ok(out)
            },
        )?,
    )?;
    os.set(
        "cpus",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>| -> rquickjs::Result<Array<'js>> {
                let out = Array::new(ctx.clone())?;
                for (i, (model, speed)) in cpus().into_iter().enumerate() {
                    let cpu = Object::new(ctx.clone())?;
                    cpu.set("model", model)?;
                    cpu.set("speed", speed)?;
                    out.set(i, cpu)?;
                }
                Ok(out)
            },
        )?,
    )?;
    os.set(
        "userInfo",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>| -> rquickjs::Result<Object<'js>> {
                let info = Object::new(ctx.clone())?;
                #[cfg(unix)]
                if let Some((name, home, shell, uid, gid)) = passwd() {
                    info.set("uid", uid)?;
                    info.set("gid", gid)?;
                    info.set("username", name)?;
                    info.set("homedir", home)?;
                    info.set("shell", shell)?;
                    return Ok(info);
                }
                info.set("uid", -1)?;
                info.set("gid", -1)?;
                info.set(
                    "username",
                    std::env::var("USER")
                        .or_else(|_| std::env::var("USERNAME"))
                        .unwrap_or_default(),
                )?;
                info.set("homedir", homedir())?;
                info.set("shell", rquickjs::Null)?;
                Ok(info)
            },
        )?,
    )?;
    Ok(os)
}

/// What a page's `require('os')` asks main (see `page_node.rs`), as JSON: `uname` (type,
/// release, version, machine), `hostname`, `homedir`, `tmpdir`, `memory` (total, free, uptime
/// and the three load averages), `cpus`, `userInfo`. `None` for another name.
pub(crate) fn for_page(name: &str) -> Option<serde_json::Value> {
    use serde_json::json;
    Some(match name {
        "uname" => {
            let (kind, release, version, machine) = uname();
            json!({ "type": kind, "release": release, "version": version, "machine": machine })
        }
        "hostname" => json!(hostname()),
        "homedir" => json!(homedir()),
        "tmpdir" => json!(tmpdir()),
        "memory" => {
            let (total, free, uptime, load) = memory_and_load();
            json!([total, free, uptime, load[0], load[1], load[2]])
        }
        "cpus" => cpus()
            .into_iter()
            .map(|(model, speed)| json!({ "model": model, "speed": speed }))
            .collect(),
        "userInfo" => {
            #[cfg(unix)]
            if let Some((name, home, shell, uid, gid)) = passwd() {
                return Some(json!({
                    "uid": uid, "gid": gid, "username": name, "homedir": home, "shell": shell,
                }));
            }
            let username = std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_default();
            json!({ "uid": -1, "gid": -1, "username": username, "homedir": homedir(), "shell": null })
        }
        _ => return None,
    })
}
