//! The file system under `require('fs')`: each operation is plain Rust on `std::fs`, run on the
//! JavaScript thread for the `*Sync` forms and on tokio's blocking pool for the callback and
//! promise forms, with failures described as Node describes them (`code`, `errno`, `syscall`,
//! `path`, `dest`).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use rquickjs::{Array, Ctx, Exception, Function, IntoJs, Object, Value};

use crate::bytes::{new_bytes, with_bytes};
use crate::handle::JsHandle;

/// One file system operation, with everything it needs copied out of JavaScript so it can run on
/// another thread.
#[derive(Debug)]
enum Op {
    ReadFile {
        path: String,
        utf8: bool,
    },
    WriteFile {
        path: String,
        data: Vec<u8>,
        flag: String,
        mode: Option<u32>,
    },
    Exists {
        path: String,
    },
    Access {
        path: String,
        mode: u32,
    },
    Stat {
        path: String,
        follow: bool,
    },
    Mkdir {
        path: String,
        recursive: bool,
        mode: Option<u32>,
    },
    Readdir {
        path: String,
    },
    Unlink {
        path: String,
    },
    Rmdir {
        path: String,
    },
    Rm {
        path: String,
        recursive: bool,
        force: bool,
    },
    Rename {
        from: String,
        to: String,
    },
    CopyFile {
        from: String,
        to: String,
        exclusive: bool,
    },
    Realpath {
        path: String,
    },
    Readlink {
        path: String,
    },
    Symlink {
        target: String,
        path: String,
    },
    Chmod {
        path: String,
        mode: u32,
    },
    Truncate {
        path: String,
        len: u64,
    },
    Open {
        path: String,
        flag: String,
        mode: Option<u32>,
    },
    Close {
        fd: i32,
    },
    Read {
        fd: i32,
        length: usize,
        position: Option<u64>,
    },
    Write {
        fd: i32,
        data: Vec<u8>,
        position: Option<u64>,
    },
    Fstat {
        fd: i32,
    },
    Mkdtemp {
        prefix: String,
    },
}

/// What a file's `stat` says, in Node's units (times in milliseconds since the epoch).
#[derive(Debug, Default)]
struct StatData {
    dev: f64,
    ino: f64,
    mode: f64,
    nlink: f64,
    uid: f64,
    gid: f64,
    rdev: f64,
    size: f64,
    blksize: f64,
    blocks: f64,
    atime_ms: f64,
    mtime_ms: f64,
    ctime_ms: f64,
    birthtime_ms: f64,
}

/// An operation's result, still plain Rust data.
#[derive(Debug)]
enum Out {
    Unit,
    Bool(bool),
    Bytes(Vec<u8>),
    Text(String),
    MaybeText(Option<String>),
    Number(f64),
    Stat(Box<StatData>),
    Entries(Vec<(String, u8)>),
}

/// A failure as Node reports it.
#[derive(Debug)]
pub(crate) struct FsError {
    code: &'static str,
    description: &'static str,
    errno: i32,
    syscall: &'static str,
    path: Option<String>,
    dest: Option<String>,
    /// Set for Node's own errors (`ERR_FS_EISDIR`), whose message is not `code: description`.
    message: Option<Box<str>>,
}

impl FsError {
    pub(crate) fn io(
        error: &io::Error,
        syscall: &'static str,
        path: Option<&str>,
        dest: Option<&str>,
    ) -> Self {
        let (code, description, errno) = describe(error);
        FsError {
            code,
            description,
            errno,
            syscall,
            path: path.map(str::to_string),
            dest: dest.map(str::to_string),
            message: None,
        }
    }

    fn message(&self) -> String {
        if let Some(message) = &self.message {
            return message.to_string();
        }
        let mut text = format!("{}: {}, {}", self.code, self.description, self.syscall);
        if let Some(path) = &self.path {
            text.push_str(&format!(" '{path}'"));
        }
        if let Some(dest) = &self.dest {
            text.push_str(&format!(" -> '{dest}'"));
        }
        text
    }

    /// The JavaScript `Error` object, with Node's properties.
    pub(crate) fn to_js<'js>(&self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        let error = Exception::from_message(ctx.clone(), &self.message())?;
        let object = error.as_object();
        if self.message.is_some() {
            object.set("name", "SystemError")?;
        }
        object.set("errno", self.errno)?;
        object.set("code", self.code)?;
        object.set("syscall", self.syscall)?;
        if let Some(path) = &self.path {
            object.set("path", path.as_str())?;
        }
        if let Some(dest) = &self.dest {
            object.set("dest", dest.as_str())?;
        }
        Ok(error.into_value())
    }
}

/// Node's (libuv's) code, description and negative errno for an OS error.
fn describe(error: &io::Error) -> (&'static str, &'static str, i32) {
    #[cfg(unix)]
    if let Some(raw) = error.raw_os_error() {
        let known = match raw {
            libc::ENOENT => Some(("ENOENT", "no such file or directory")),
            libc::EACCES => Some(("EACCES", "permission denied")),
            libc::EEXIST => Some(("EEXIST", "file already exists")),
            libc::EISDIR => Some(("EISDIR", "illegal operation on a directory")),
            libc::ENOTDIR => Some(("ENOTDIR", "not a directory")),
            libc::ENOTEMPTY => Some(("ENOTEMPTY", "directory not empty")),
            libc::EPERM => Some(("EPERM", "operation not permitted")),
            libc::EBUSY => Some(("EBUSY", "resource busy or locked")),
            libc::EINVAL => Some(("EINVAL", "invalid argument")),
            libc::EXDEV => Some(("EXDEV", "cross-device link not permitted")),
            libc::ENOSPC => Some(("ENOSPC", "no space left on device")),
            libc::EROFS => Some(("EROFS", "read-only file system")),
            libc::ENAMETOOLONG => Some(("ENAMETOOLONG", "name too long")),
            libc::ELOOP => Some(("ELOOP", "too many symbolic links encountered")),
            libc::EMFILE => Some(("EMFILE", "too many open files")),
            libc::EBADF => Some(("EBADF", "bad file descriptor")),
            libc::EIO => Some(("EIO", "i/o error")),
            libc::ETXTBSY => Some(("ETXTBSY", "text file is busy")),
            _ => None,
        };
        if let Some((code, description)) = known {
            return (code, description, -raw);
        }
    }
    match error.kind() {
        io::ErrorKind::NotFound => ("ENOENT", "no such file or directory", -2),
        io::ErrorKind::PermissionDenied => ("EACCES", "permission denied", -13),
        io::ErrorKind::AlreadyExists => ("EEXIST", "file already exists", -17),
        io::ErrorKind::IsADirectory => ("EISDIR", "illegal operation on a directory", -21),
        io::ErrorKind::NotADirectory => ("ENOTDIR", "not a directory", -20),
        io::ErrorKind::DirectoryNotEmpty => ("ENOTEMPTY", "directory not empty", -39),
        io::ErrorKind::InvalidInput => ("EINVAL", "invalid argument", -22),
        _ => ("UNKNOWN", "unknown error", -4094),
    }
}

type FsResult = Result<Out, FsError>;

fn run(op: Op, cwd: &Path) -> FsResult {
    // Relative paths are relative to the script's `process.cwd()`, which need not be ours.
    let at = |p: &str| cwd.join(p);
    match op {
        Op::ReadFile { path, utf8 } => {
            let mut file = std::fs::File::open(at(&path))
                .map_err(|e| FsError::io(&e, "open", Some(&path), None))?;
            let mut data = Vec::new();
            file.read_to_end(&mut data)
                .map_err(|e| FsError::io(&e, "read", None, None))?;
            Ok(if utf8 {
                Out::Text(match String::from_utf8(data) {
                    Ok(text) => text,
                    Err(bad) => String::from_utf8_lossy(bad.as_bytes()).into_owned(),
                })
            } else {
                Out::Bytes(data)
            })
        }
        Op::WriteFile {
            path,
            data,
            flag,
            mode,
        } => {
            let mut file = open_options(&flag, mode)
                .open(at(&path))
                .map_err(|e| FsError::io(&e, "open", Some(&path), None))?;
            file.write_all(&data)
                .map_err(|e| FsError::io(&e, "write", None, None))?;
            Ok(Out::Unit)
        }
        Op::Exists { path } => Ok(Out::Bool(std::fs::metadata(at(&path)).is_ok())),
        Op::Access { path, mode } => access(&at(&path), &path, mode).map(|()| Out::Unit),
        Op::Stat { path, follow } => {
            let meta = if follow {
                std::fs::metadata(at(&path))
            } else {
                std::fs::symlink_metadata(at(&path))
            };
            let syscall = if follow { "stat" } else { "lstat" };
            let meta = meta.map_err(|e| FsError::io(&e, syscall, Some(&path), None))?;
            Ok(Out::Stat(Box::new(stat_data(&meta))))
        }
        Op::Mkdir {
            path,
            recursive,
            mode,
        } => mkdir(&at(&path), &path, recursive, mode),
        Op::Readdir { path } => {
            let entries = std::fs::read_dir(at(&path))
                .map_err(|e| FsError::io(&e, "scandir", Some(&path), None))?;
            let mut list = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|e| FsError::io(&e, "scandir", Some(&path), None))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let kind = entry.file_type().map(|t| dirent_type(&t)).unwrap_or(0);
                list.push((name, kind));
            }
            // libuv's scandir sorts by name, so Node's readdir does too.
            list.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            Ok(Out::Entries(list))
        }
        Op::Unlink { path } => std::fs::remove_file(at(&path))
            .map(|()| Out::Unit)
            .map_err(|e| FsError::io(&e, "unlink", Some(&path), None)),
        Op::Rmdir { path } => std::fs::remove_dir(at(&path))
            .map(|()| Out::Unit)
            .map_err(|e| FsError::io(&e, "rmdir", Some(&path), None)),
        Op::Rm {
            path,
            recursive,
            force,
        } => rm(&at(&path), &path, recursive, force),
        Op::Rename { from, to } => std::fs::rename(at(&from), at(&to))
            .map(|()| Out::Unit)
            .map_err(|e| FsError::io(&e, "rename", Some(&from), Some(&to))),
        Op::CopyFile {
            from,
            to,
            exclusive,
        } => {
            if exclusive && std::fs::symlink_metadata(at(&to)).is_ok() {
                let exists = io::Error::from(io::ErrorKind::AlreadyExists);
                return Err(FsError::io(&exists, "copyfile", Some(&from), Some(&to)));
            }
            std::fs::copy(at(&from), at(&to))
                .map(|_| Out::Unit)
                .map_err(|e| FsError::io(&e, "copyfile", Some(&from), Some(&to)))
        }
        Op::Realpath { path } => std::fs::canonicalize(at(&path))
            .map(|p| Out::Text(p.to_string_lossy().into_owned()))
            .map_err(|e| FsError::io(&e, "realpath", Some(&path), None)),
        Op::Readlink { path } => std::fs::read_link(at(&path))
            .map(|p| Out::Text(p.to_string_lossy().into_owned()))
            .map_err(|e| FsError::io(&e, "readlink", Some(&path), None)),
        Op::Symlink { target, path } => symlink(&target, &at(&path))
            .map(|()| Out::Unit)
            .map_err(|e| FsError::io(&e, "symlink", Some(&target), Some(&path))),
        Op::Chmod { path, mode } => chmod(&at(&path), mode)
            .map(|()| Out::Unit)
            .map_err(|e| FsError::io(&e, "chmod", Some(&path), None)),
        Op::Truncate { path, len } => std::fs::OpenOptions::new()
            .write(true)
            .open(at(&path))
            .and_then(|f| f.set_len(len))
            .map(|()| Out::Unit)
            .map_err(|e| FsError::io(&e, "open", Some(&path), None)),
        Op::Mkdtemp { prefix } => mkdtemp(&prefix, cwd),
        Op::Open { path, flag, mode } => {
            let file = open_options(&flag, mode)
                .open(at(&path))
                .map_err(|e| FsError::io(&e, "open", Some(&path), None))?;
            Ok(Out::Number(f64::from(descriptors::insert(file))))
        }
        Op::Close { fd } => descriptors::remove(fd)
            .map(|_| Out::Unit)
            .ok_or_else(|| FsError::io(&bad_descriptor(), "close", None, None)),
        Op::Read {
            fd,
            length,
            position,
        } => {
            let file = descriptors::get(fd)
                .ok_or_else(|| FsError::io(&bad_descriptor(), "read", None, None))?;
            let mut data = vec![0u8; length];
            let n = read_file(&file, &mut data, position)
                .map_err(|e| FsError::io(&e, "read", None, None))?;
            data.truncate(n);
            Ok(Out::Bytes(data))
        }
        Op::Write { fd, data, position } => {
            let file = descriptors::get(fd)
                .ok_or_else(|| FsError::io(&bad_descriptor(), "write", None, None))?;
            write_file(&file, &data, position)
                .map(|()| Out::Number(data.len() as f64))
                .map_err(|e| FsError::io(&e, "write", None, None))
        }
        Op::Fstat { fd } => {
            let file = descriptors::get(fd)
                .ok_or_else(|| FsError::io(&bad_descriptor(), "fstat", None, None))?;
            let meta = file
                .metadata()
                .map_err(|e| FsError::io(&e, "fstat", None, None))?;
            Ok(Out::Stat(Box::new(stat_data(&meta))))
        }
    }
}

/// `OpenOptions` for one of Node's flag strings (`r`, `r+`, `w`, `wx`, `w+`, `a`, `ax`, `a+`...).
fn open_options(flag: &str, mode: Option<u32>) -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    let plus = flag.contains('+');
    let exclusive = flag.contains('x');
    match flag.chars().find(|c| matches!(c, 'r' | 'w' | 'a')) {
        Some('r') => {
            options.read(true).write(plus);
        }
        Some('a') => {
            options.append(true).read(plus);
            if exclusive {
                options.create_new(true);
            } else {
                options.create(true);
            }
        }
        _ => {
            options.write(true).read(plus);
            if exclusive {
                options.create_new(true);
            } else {
                options.create(true).truncate(true);
            }
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode.unwrap_or(0o666));
    }
    #[cfg(not(unix))]
    let _ = mode;
    options
}

fn bad_descriptor() -> io::Error {
    #[cfg(unix)]
    return io::Error::from_raw_os_error(libc::EBADF);
    #[cfg(not(unix))]
    return io::Error::from(io::ErrorKind::InvalidInput);
}

/// Reads into `data` at `position`, or at the file's own position when there is none.
fn read_file(file: &std::fs::File, data: &mut [u8], position: Option<u64>) -> io::Result<usize> {
    #[cfg(unix)]
    if let Some(position) = position {
        use std::os::unix::fs::FileExt;
        let mut filled = 0;
        while filled < data.len() {
            let n = file.read_at(&mut data[filled..], position + filled as u64)?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        return Ok(filled);
    }
    #[cfg(not(unix))]
    if let Some(position) = position {
        use std::io::Seek;
        let mut f = file;
        f.seek(io::SeekFrom::Start(position))?;
    }
    let mut reader = file;
    let mut filled = 0;
    while filled < data.len() {
        let n = reader.read(&mut data[filled..])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

fn write_file(file: &std::fs::File, data: &[u8], position: Option<u64>) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(position) = position {
        use std::os::unix::fs::FileExt;
        return file.write_all_at(data, position);
    }
    #[cfg(not(unix))]
    if let Some(position) = position {
        use std::io::Seek;
        let mut f = file;
        f.seek(io::SeekFrom::Start(position))?;
    }
    let mut writer = file;
    writer.write_all(data)
}

/// Files opened with `fs.open`, by descriptor number. The numbers are the OS's own descriptors
/// on Unix (what Node shows), and a counter elsewhere.
mod descriptors {
    use std::collections::HashMap;
    use std::fs::File;
    use std::sync::{Arc, Mutex, OnceLock};

    use cathode::sync::lock;

    fn table() -> &'static Mutex<HashMap<i32, Arc<File>>> {
        static TABLE: OnceLock<Mutex<HashMap<i32, Arc<File>>>> = OnceLock::new();
        TABLE.get_or_init(Mutex::default)
    }

    pub(super) fn insert(file: File) -> i32 {
        #[cfg(unix)]
        let fd = std::os::unix::io::AsRawFd::as_raw_fd(&file);
        #[cfg(not(unix))]
        let fd = {
            static NEXT: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(3);
            NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        };
        lock(table()).insert(fd, Arc::new(file));
        fd
    }

    pub(super) fn get(fd: i32) -> Option<Arc<File>> {
        lock(table()).get(&fd).cloned()
    }

    pub(super) fn remove(fd: i32) -> Option<Arc<File>> {
        lock(table()).remove(&fd)
    }
}

fn dirent_type(t: &std::fs::FileType) -> u8 {
    if t.is_symlink() {
        return 3;
    }
    if t.is_file() {
        return 1;
    }
    if t.is_dir() {
        return 2;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return 4;
        }
        if t.is_socket() {
            return 5;
        }
        if t.is_char_device() {
            return 6;
        }
        if t.is_block_device() {
            return 7;
        }
    }
    0
}

fn millis(time: io::Result<std::time::SystemTime>) -> f64 {
    match time {
        Ok(t) => match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_secs_f64() * 1000.0,
            Err(before) => -before.duration().as_secs_f64() * 1000.0,
        },
        Err(_) => 0.0,
    }
}

fn stat_data(meta: &std::fs::Metadata) -> StatData {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ms = |s: i64, ns: i64| s as f64 * 1000.0 + ns as f64 / 1e6;
        let ctime = ms(meta.ctime(), meta.ctime_nsec());
        StatData {
            dev: meta.dev() as f64,
            ino: meta.ino() as f64,
            mode: f64::from(meta.mode()),
            nlink: meta.nlink() as f64,
            uid: f64::from(meta.uid()),
            gid: f64::from(meta.gid()),
            rdev: meta.rdev() as f64,
            size: meta.size() as f64,
            blksize: meta.blksize() as f64,
            blocks: meta.blocks() as f64,
            atime_ms: ms(meta.atime(), meta.atime_nsec()),
            mtime_ms: ms(meta.mtime(), meta.mtime_nsec()),
            ctime_ms: ctime,
            birthtime_ms: meta
                .created()
                .map(|_| millis(meta.created()))
                .unwrap_or(ctime),
        }
    }
    #[cfg(not(unix))]
    {
        let kind = if meta.is_dir() { 0o040000 } else { 0o100000 };
        let perm = if meta.permissions().readonly() {
            0o444
        } else {
            0o666
        };
        StatData {
            mode: f64::from(kind | perm),
            nlink: 1.0,
            size: meta.len() as f64,
            atime_ms: millis(meta.accessed()),
            mtime_ms: millis(meta.modified()),
            ctime_ms: millis(meta.modified()),
            birthtime_ms: millis(meta.created()),
            ..StatData::default()
        }
    }
}

fn access(real: &Path, path: &str, mode: u32) -> Result<(), FsError> {
    #[cfg(unix)]
    {
        let c_path = std::ffi::CString::new(real.as_os_str().as_encoded_bytes()).map_err(|_| {
            FsError::io(
                &io::Error::from(io::ErrorKind::InvalidInput),
                "access",
                Some(path),
                None,
            )
        })?;
        // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
        let result = unsafe { libc::access(c_path.as_ptr(), mode as libc::c_int) };
        if result != 0 {
            return Err(FsError::io(
                &io::Error::last_os_error(),
                "access",
                Some(path),
                None,
            ));
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        let meta =
            std::fs::metadata(real).map_err(|e| FsError::io(&e, "access", Some(path), None))?;
        if mode & 2 != 0 && meta.permissions().readonly() {
            let denied = io::Error::from(io::ErrorKind::PermissionDenied);
            return Err(FsError::io(&denied, "access", Some(path), None));
        }
        Ok(())
    }
}

fn mkdir(real: &Path, path: &str, recursive: bool, mode: Option<u32>) -> FsResult {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(recursive);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(mode.unwrap_or(0o777));
    }
    #[cfg(not(unix))]
    let _ = mode;
    // Node's recursive mkdir returns the first directory it made.
    let first = if recursive {
        let mut first: Option<PathBuf> = None;
        let mut at = Some(real);
        while let Some(dir) = at {
            if dir.as_os_str().is_empty() || std::fs::symlink_metadata(dir).is_ok() {
                break;
            }
            first = Some(dir.to_path_buf());
            at = dir.parent();
        }
        first
    } else {
        None
    };
    builder
        .create(real)
        .map_err(|e| FsError::io(&e, "mkdir", Some(path), None))?;
    Ok(Out::MaybeText(
        first.map(|p| p.to_string_lossy().into_owned()),
    ))
}

fn rm(real: &Path, path: &str, recursive: bool, force: bool) -> FsResult {
    let meta = match std::fs::symlink_metadata(real) {
        Ok(meta) => meta,
        Err(e) if force && e.kind() == io::ErrorKind::NotFound => return Ok(Out::Unit),
        Err(e) => return Err(FsError::io(&e, "lstat", Some(path), None)),
    };
    if meta.is_dir() {
        if !recursive {
            return Err(FsError {
                code: "ERR_FS_EISDIR",
                description: "is a directory",
                errno: 21,
                syscall: "rm",
                path: Some(path.to_string()),
                dest: None,
                message: Some(
                    format!("Path is a directory: rm returned EISDIR (is a directory) {path}")
                        .into(),
                ),
            });
        }
        std::fs::remove_dir_all(real).map_err(|e| FsError::io(&e, "rm", Some(path), None))?;
    } else {
        std::fs::remove_file(real).map_err(|e| FsError::io(&e, "rm", Some(path), None))?;
    }
    Ok(Out::Unit)
}

fn symlink(target: &str, path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(target, path);
    #[cfg(windows)]
    return std::os::windows::fs::symlink_file(target, path);
}

fn chmod(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let mut perms = std::fs::metadata(path)?.permissions();
        perms.set_readonly(mode & 0o200 == 0);
        std::fs::set_permissions(path, perms)
    }
}

fn mkdtemp(prefix: &str, cwd: &Path) -> FsResult {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for _ in 0..100 {
        let mut random = [0u8; 6];
        crate::bytes::random_fill(&mut random)
            .map_err(|e| FsError::io(&e, "mkdtemp", Some(prefix), None))?;
        let suffix: String = random
            .iter()
            .map(|b| char::from(CHARS[usize::from(*b) % CHARS.len()]))
            .collect();
        let path = format!("{prefix}{suffix}");
        match std::fs::create_dir(cwd.join(&path)) {
            Ok(()) => return Ok(Out::Text(path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(FsError::io(
                    &e,
                    "mkdtemp",
                    Some(&format!("{prefix}XXXXXX")),
                    None,
                ))
            }
        }
    }
    let exists = io::Error::from(io::ErrorKind::AlreadyExists);
    Err(FsError::io(&exists, "mkdtemp", Some(prefix), None))
}

fn out_to_js<'js>(ctx: &Ctx<'js>, out: Out) -> rquickjs::Result<Value<'js>> {
    Ok(match out {
        Out::Unit => Value::new_undefined(ctx.clone()),
        Out::Bool(b) => Value::new_bool(ctx.clone(), b),
        Out::Bytes(data) => new_bytes(ctx, data)?,
        Out::Text(text) => text.into_js(ctx)?,
        Out::MaybeText(text) => text.into_js(ctx)?,
        Out::Number(n) => Value::new_number(ctx.clone(), n),
        Out::Stat(s) => {
            let o = Object::new(ctx.clone())?;
            o.set("dev", s.dev)?;
            o.set("mode", s.mode)?;
            o.set("nlink", s.nlink)?;
            o.set("uid", s.uid)?;
            o.set("gid", s.gid)?;
            o.set("rdev", s.rdev)?;
            o.set("blksize", s.blksize)?;
            o.set("ino", s.ino)?;
            o.set("size", s.size)?;
            o.set("blocks", s.blocks)?;
            o.set("atimeMs", s.atime_ms)?;
            o.set("mtimeMs", s.mtime_ms)?;
            o.set("ctimeMs", s.ctime_ms)?;
            o.set("birthtimeMs", s.birthtime_ms)?;
            o.into_value()
        }
        Out::Entries(list) => {
            let array = Array::new(ctx.clone())?;
            for (i, (name, kind)) in list.into_iter().enumerate() {
                let pair = Array::new(ctx.clone())?;
                pair.set(0, name)?;
                pair.set(1, kind)?;
                array.set(i, pair)?;
            }
            array.into_value()
        }
    })
}

/// The arguments object `js/fs.js` builds, as read from JavaScript or from a page's JSON.
trait OpArgs {
    fn text(&self, key: &str) -> Result<Option<String>, String>;
    fn number(&self, key: &str) -> Result<Option<f64>, String>;
    fn flag(&self, key: &str) -> Result<bool, String>;
    fn bytes(&self, key: &str) -> Result<Vec<u8>, String>;
}

/// The arguments of the main script's own calls.
struct JsArgs<'a, 'js> {
    ctx: &'a Ctx<'js>,
    object: &'a Object<'js>,
}

impl OpArgs for JsArgs<'_, '_> {
    fn text(&self, key: &str) -> Result<Option<String>, String> {
        self.object.get(key).map_err(|e| e.to_string())
    }
    fn number(&self, key: &str) -> Result<Option<f64>, String> {
        self.object.get(key).map_err(|e| e.to_string())
    }
    fn flag(&self, key: &str) -> Result<bool, String> {
        let flag: Option<bool> = self.object.get(key).map_err(|e| e.to_string())?;
        Ok(flag.unwrap_or(false))
    }
    fn bytes(&self, key: &str) -> Result<Vec<u8>, String> {
        let data: Value = self.object.get(key).map_err(|e| e.to_string())?;
        with_bytes(self.ctx, &data, <[u8]>::to_vec).map_err(|_| format!("{key} is not bytes"))
    }
}

/// The arguments a page sent (binary data as `{"$bytes": base64}`).
impl OpArgs for serde_json::Map<String, serde_json::Value> {
    fn text(&self, key: &str) -> Result<Option<String>, String> {
        match self.get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(format!("{key} is not a string")),
        }
    }
    fn number(&self, key: &str) -> Result<Option<f64>, String> {
        match self.get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(value) => value
                .as_f64()
                .map(Some)
                .ok_or_else(|| format!("{key} is not a number")),
        }
    }
    fn flag(&self, key: &str) -> Result<bool, String> {
        Ok(self
            .get(key)
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false))
    }
    fn bytes(&self, key: &str) -> Result<Vec<u8>, String> {
        self.get(key)
            .and_then(crate::bytes::from_json)
            .ok_or_else(|| format!("{key} is not bytes"))
    }
}

/// Reads an operation from its name and an arguments object built by `js/fs.js`.
fn parse_op(name: &str, args: &impl OpArgs) -> Result<Op, String> {
    let text = |key: &str| -> Result<String, String> {
        args.text(key)?
            .ok_or_else(|| format!("fs.{name}: missing {key}"))
    };
    let flag = |key: &str| args.flag(key);
    let fd = || -> Result<i32, String> {
        args.number("fd")?
            .map(|fd| fd as i32)
            .ok_or_else(|| format!("fs.{name}: missing fd"))
    };
    // A position below 0 (or none) means the file's own position, as in Node.
    let position = || -> Result<Option<u64>, String> {
        Ok(args
            .number("position")?
            .filter(|p| *p >= 0.0)
            .map(|p| p as u64))
    };
    let mode = || -> Result<Option<u32>, String> { Ok(args.number("mode")?.map(|m| m as u32)) };
    Ok(match name {
        "readFile" => Op::ReadFile {
            path: text("path")?,
            utf8: flag("utf8")?,
        },
        "writeFile" => Op::WriteFile {
            path: text("path")?,
            data: args.bytes("data")?,
            flag: args.text("flag")?.unwrap_or_else(|| "w".into()),
            mode: mode()?,
        },
        "exists" => Op::Exists {
            path: text("path")?,
        },
        "access" => Op::Access {
            path: text("path")?,
            mode: mode()?.unwrap_or(0),
        },
        "stat" => Op::Stat {
            path: text("path")?,
            follow: true,
        },
        "lstat" => Op::Stat {
            path: text("path")?,
            follow: false,
        },
        "mkdir" => Op::Mkdir {
            path: text("path")?,
            recursive: flag("recursive")?,
            mode: mode()?,
        },
        "readdir" => Op::Readdir {
            path: text("path")?,
        },
        "unlink" => Op::Unlink {
            path: text("path")?,
        },
        "rmdir" => Op::Rmdir {
            path: text("path")?,
        },
        "rm" => Op::Rm {
            path: text("path")?,
            recursive: flag("recursive")?,
            force: flag("force")?,
        },
        "rename" => Op::Rename {
            from: text("path")?,
            to: text("dest")?,
        },
        "copyFile" => Op::CopyFile {
            from: text("path")?,
            to: text("dest")?,
            exclusive: flag("exclusive")?,
        },
        "realpath" => Op::Realpath {
            path: text("path")?,
        },
        "readlink" => Op::Readlink {
            path: text("path")?,
        },
        "symlink" => Op::Symlink {
            target: text("path")?,
            path: text("dest")?,
        },
        "chmod" => Op::Chmod {
            path: text("path")?,
            mode: mode()?.unwrap_or(0o644),
        },
        "truncate" => Op::Truncate {
            path: text("path")?,
            len: args.number("len")?.unwrap_or(0.0).max(0.0) as u64,
        },
        "open" => Op::Open {
            path: text("path")?,
            flag: args.text("flag")?.unwrap_or_else(|| "r".into()),
            mode: mode()?,
        },
        "close" => Op::Close { fd: fd()? },
        "read" => Op::Read {
            fd: fd()?,
            length: args.number("length")?.unwrap_or(0.0).max(0.0) as usize,
            position: position()?,
        },
        "write" => Op::Write {
            fd: fd()?,
            data: args.bytes("data")?,
            position: position()?,
        },
        "fstat" => Op::Fstat { fd: fd()? },
        "mkdtemp" => Op::Mkdtemp {
            prefix: text("path")?,
        },
        other => return Err(format!("no fs operation {other}")),
    })
}

/// The `fs` function of the native bridge: `fs(name, args)` runs an operation now and returns its
/// value or throws Node's error; `fs(name, args, id)` runs it on the blocking pool and later
/// calls the bootstrap's `asyncDone(id, error, value)` on the JavaScript thread.
pub(crate) fn native<'js>(ctx: &Ctx<'js>, cwd: PathBuf) -> rquickjs::Result<Function<'js>> {
    Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>,
              name: String,
              args: Object<'js>,
              id: rquickjs::function::Opt<f64>|
              -> rquickjs::Result<Value<'js>> {
            let op = parse_op(
                &name,
                &JsArgs {
                    ctx: &ctx,
                    object: &args,
                },
            )
            .map_err(|message| Exception::throw_type(&ctx, &message))?;
            let Some(id) = id.0 else {
                return match run(op, &cwd) {
                    Ok(out) => out_to_js(&ctx, out),
                    Err(error) => Err(ctx.throw(error.to_js(&ctx)?)),
                };
            };
            let Some(handle) = JsHandle::current(&ctx) else {
                return Err(Exception::throw_internal(
                    &ctx,
                    "the cathode host is not set up",
                ));
            };
            let keep_alive = handle.keep_alive();
            let cwd = cwd.clone();
            let work = move || {
                let result = run(op, &cwd);
                let _ = handle.post(move |ctx| {
                    let (error, value) = match result {
                        Ok(out) => (Value::new_undefined(ctx.clone()), out_to_js(ctx, out)?),
                        Err(error) => (error.to_js(ctx)?, Value::new_undefined(ctx.clone())),
                    };
                    crate::hooks::call_internal(ctx, "asyncDone", (id, error, value))
                });
                drop(keep_alive);
            };
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    runtime.spawn_blocking(work);
                }
                Err(_) => {
                    std::thread::spawn(work);
                }
            }
            Ok(Value::new_undefined(ctx.clone()))
        },
    )
}

impl FsError {
    /// The error as a page rebuilds it: Node's message, and `code`, `errno`, `syscall`, `path`,
    /// `dest` as the error's data.
    fn to_page(&self) -> cathode::PageError {
        let mut data = serde_json::json!({
            "errno": self.errno,
            "code": self.code,
            "syscall": self.syscall,
        });
        if let Some(path) = &self.path {
            data["path"] = path.as_str().into();
        }
        if let Some(dest) = &self.dest {
            data["dest"] = dest.as_str().into();
        }
        cathode::PageError {
            message: self.message(),
            name: if self.message.is_some() {
                "SystemError"
            } else {
                "Error"
            }
            .into(),
            data: Some(data),
        }
    }
}

fn out_to_json(out: Out) -> serde_json::Value {
    use serde_json::{json, Value as Json};
    match out {
        Out::Unit => Json::Null,
        Out::Bool(b) => Json::Bool(b),
        Out::Bytes(data) => crate::bytes::to_json(&data),
        Out::Text(text) => Json::String(text),
        Out::MaybeText(text) => text.map_or(Json::Null, Json::String),
        Out::Number(n) => json!(n),
        Out::Stat(s) => json!({
            "dev": s.dev, "mode": s.mode, "nlink": s.nlink, "uid": s.uid, "gid": s.gid,
            "rdev": s.rdev, "blksize": s.blksize, "ino": s.ino, "size": s.size,
            "blocks": s.blocks, "atimeMs": s.atime_ms, "mtimeMs": s.mtime_ms,
            "ctimeMs": s.ctime_ms, "birthtimeMs": s.birthtime_ms,
        }),
        Out::Entries(list) => list
            .into_iter()
            .map(|(name, kind)| json!([name, kind]))
            .collect(),
    }
}

/// A page's `fs` operation (`js/fs.js`'s name and arguments, binary data as
/// `{"$bytes": base64}`), run now: its value as JSON, or Node's error with its properties as the
/// error's data. Relative paths are relative to `cwd`.
pub(crate) fn run_for_page(
    name: &str,
    args: &serde_json::Map<String, serde_json::Value>,
    cwd: &Path,
) -> Result<serde_json::Value, cathode::PageError> {
    let op = parse_op(name, args).map_err(|message| cathode::PageError {
        message,
        name: "TypeError".into(),
        data: None,
    })?;
    run(op, cwd)
        .map(out_to_json)
        .map_err(|error| error.to_page())
}
