//! `require('fs')` in the main script: sync, callback and promise forms, and Node's errors.
//! The first script's expected output is what Node 20 prints for it.

mod support;

use support::{run_app, stdout_of};

#[tokio::test]
async fn files_and_directories_are_read_written_and_removed_as_in_node() {
    let out = stdout_of(FS_SCRIPT).await;
    assert_eq!(out, FS_OUTPUT);
}

const FS_SCRIPT: &str = r#"const fs = require('fs');
const path = require('path');
const os = { tmpdir: () => '/tmp' };
const dir = path.join(__dirname, 'fsdir');
fs.rmSync(dir, { recursive: true, force: true });
console.log(fs.existsSync(dir), fs.mkdirSync(path.join(dir, 'a/b'), { recursive: true }) === dir, fs.mkdirSync(path.join(dir, 'a'), { recursive: true }));
fs.writeFileSync(path.join(dir, 'f.txt'), 'héllo');
fs.appendFileSync(path.join(dir, 'f.txt'), Buffer.from(' world'));
console.log(fs.readFileSync(path.join(dir, 'f.txt'), 'utf8'), fs.readFileSync(path.join(dir, 'f.txt')), fs.readFileSync(path.join(dir, 'f.txt'), { encoding: 'hex' }));
console.log(fs.readdirSync(dir), fs.readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d.isFile(), d.isDirectory(), d.parentPath === dir]));
const st = fs.statSync(path.join(dir, 'f.txt')); console.log(st.size, st.isFile(), st.isDirectory(), st.mtime instanceof Date, typeof st.mtimeMs, fs.statSync(dir).isDirectory());
fs.renameSync(path.join(dir, 'f.txt'), path.join(dir, 'g.txt'));
fs.copyFileSync(path.join(dir, 'g.txt'), path.join(dir, 'h.txt'));
console.log(fs.readdirSync(dir));
const show = (e) => console.log(e.name, e.message.replaceAll(dir, '<dir>'), e.code, e.errno, e.syscall, e.path && e.path.replaceAll(dir, '<dir>'), e.dest && e.dest.replaceAll(dir, '<dir>'));
for (const f of [
  () => fs.readFileSync(path.join(dir, 'nope')),
  () => fs.readFileSync(dir),
  () => fs.mkdirSync(path.join(dir, 'a')),
  () => fs.unlinkSync(path.join(dir, 'nope')),
  () => fs.rmSync(path.join(dir, 'a')),
  () => fs.rmSync(path.join(dir, 'nope')),
  () => fs.renameSync(path.join(dir, 'nope'), path.join(dir, 'x')),
  () => fs.copyFileSync(path.join(dir, 'g.txt'), path.join(dir, 'h.txt'), fs.constants.COPYFILE_EXCL),
  () => fs.readdirSync(path.join(dir, 'g.txt')),
  () => fs.rmdirSync(path.join(dir, 'a')),
  () => fs.statSync(path.join(dir, 'nope')),
  () => fs.readFileSync(undefined),
  () => fs.writeFileSync(path.join(dir, 'a'), 'x'),
]) { try { f(); console.log('no error') } catch (e) { show(e) } }
console.log(fs.statSync(path.join(dir, 'nope'), { throwIfNoEntry: false }));
fs.rmSync(path.join(dir, 'nope'), { force: true });
fs.unlinkSync(path.join(dir, 'h.txt'));
fs.rmSync(path.join(dir, 'a'), { recursive: true });
console.log(fs.readdirSync(dir), require('node:fs') === fs, require('fs/promises') === fs.promises);
fs.readFile(path.join(dir, 'g.txt'), 'utf8', (err, text) => {
  console.log('cb', err, text);
  fs.readFile(path.join(dir, 'missing'), (err2, data) => {
    console.log('cb2', err2.code, err2.syscall, data);
    (async () => {
      const fsp = require('fs/promises');
      await fsp.writeFile(path.join(dir, 'p.json'), JSON.stringify({ a: 1 }));
      console.log('p', JSON.parse(await fsp.readFile(path.join(dir, 'p.json'), 'utf8')), (await fsp.readdir(dir)).length);
      try { await fsp.readFile(path.join(dir, 'zz')) } catch (e) { console.log('p err', e.code, e instanceof Error) }
      await fsp.rm(dir, { recursive: true });
      console.log(fs.existsSync(dir));
    })();
  });
});
console.log('sync end');
"#;

const FS_OUTPUT: &str = r#"false true undefined
héllo world <Buffer 68 c3 a9 6c 6c 6f 20 77 6f 72 6c 64> 68c3a96c6c6f20776f726c64
[ 'a', 'f.txt' ] [ [ 'a', false, true, true ], [ 'f.txt', true, false, true ] ]
12 true false true number true
[ 'a', 'g.txt', 'h.txt' ]
Error ENOENT: no such file or directory, open '<dir>/nope' ENOENT -2 open <dir>/nope undefined
Error EISDIR: illegal operation on a directory, read EISDIR -21 read undefined undefined
Error EEXIST: file already exists, mkdir '<dir>/a' EEXIST -17 mkdir <dir>/a undefined
Error ENOENT: no such file or directory, unlink '<dir>/nope' ENOENT -2 unlink <dir>/nope undefined
SystemError Path is a directory: rm returned EISDIR (is a directory) <dir>/a ERR_FS_EISDIR 21 rm <dir>/a undefined
Error ENOENT: no such file or directory, lstat '<dir>/nope' ENOENT -2 lstat <dir>/nope undefined
Error ENOENT: no such file or directory, rename '<dir>/nope' -> '<dir>/x' ENOENT -2 rename <dir>/nope <dir>/x
Error EEXIST: file already exists, copyfile '<dir>/g.txt' -> '<dir>/h.txt' EEXIST -17 copyfile <dir>/g.txt <dir>/h.txt
Error ENOTDIR: not a directory, scandir '<dir>/g.txt' ENOTDIR -20 scandir <dir>/g.txt undefined
Error ENOTEMPTY: directory not empty, rmdir '<dir>/a' ENOTEMPTY -39 rmdir <dir>/a undefined
Error ENOENT: no such file or directory, stat '<dir>/nope' ENOENT -2 stat <dir>/nope undefined
TypeError The "path" argument must be of type string or an instance of Buffer or URL. Received undefined ERR_INVALID_ARG_TYPE undefined undefined undefined undefined
Error EISDIR: illegal operation on a directory, open '<dir>/a' EISDIR -21 open <dir>/a undefined
undefined
[ 'g.txt' ] true true
sync end
cb null héllo world
cb2 ENOENT open undefined
p { a: 1 } 2
p err ENOENT true
false
"#;

#[tokio::test]
async fn a_denied_access_is_eacces_with_the_path() {
    // access(2) refuses X_OK on a file without an execute bit even to root.
    let out = stdout_of(
        "const fs = require('fs');\n\
         const file = require('path').join(__dirname, 'data.txt');\n\
         fs.writeFileSync(file, 'x', { mode: 0o644 });\n\
         try { fs.accessSync(file, fs.constants.X_OK) } catch (e) {\n\
           console.log(e.code, e.errno, e.syscall, e.path === file, e.message === `EACCES: permission denied, access '${file}'`);\n\
         }\n\
         fs.access(file, fs.constants.R_OK | fs.constants.W_OK, (err) => console.log('rw', err));\n\
         fs.promises.access(file, fs.constants.X_OK).catch((e) => console.log('promise', e.code));",
    )
    .await;
    // The callback and the promise are two operations in flight at once: Node does not order
    // them, and neither does cathode (each runs on a worker thread).
    let mut lines: Vec<&str> = out.lines().collect();
    lines[1..].sort_unstable();
    assert_eq!(
        lines,
        ["EACCES -13 access true true", "promise EACCES", "rw null"]
    );
}

#[cfg(unix)]
#[tokio::test]
async fn reading_a_file_without_permission_is_eacces_unless_root() {
    let (result, output) = run_app(&[(
        "main.js",
        "const fs = require('fs');\n\
         const file = require('path').join(__dirname, 'secret.txt');\n\
         fs.writeFileSync(file, 'x');\n\
         fs.chmodSync(file, 0o000);\n\
         try { fs.readFileSync(file); console.log('read') } catch (e) { console.log(e.code, e.syscall, e.path === file) }",
    )])
    .await;
    assert_eq!(result.ok(), Some(0), "{}", output.stderr());
    // Root reads any file; everyone else gets Node's EACCES.
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let expected = if root { "read\n" } else { "EACCES open true\n" };
    assert_eq!(output.stdout(), expected);
}

#[tokio::test]
async fn relative_paths_are_relative_to_the_scripts_cwd() {
    let out = stdout_of(
        "const fs = require('fs');\n\
         fs.writeFileSync('rel.txt', 'here');\n\
         console.log(fs.readFileSync(__dirname + '/rel.txt', 'utf8'), fs.existsSync('rel.txt'));\n\
         try { fs.readFileSync('nope.txt') } catch (e) { console.log(e.path, e.code) }\n\
         const url = require('url').pathToFileURL(__dirname + '/rel.txt');\n\
         console.log(fs.readFileSync(url, 'utf8'), fs.readFileSync(Buffer.from('rel.txt')).length);",
    )
    .await;
    assert_eq!(out, "here true\nnope.txt ENOENT\nhere 4\n");
}

/// `fs.watch` reports a file made in a watched folder, and a change to a watched file, then the
/// script ends once its watchers are closed; a missing path is Node's `ENOENT`. `fs.watchFile`
/// calls its listener with the file's new and old stat, and `unwatchFile` lets the script end.
#[tokio::test]
async fn watchers_report_changes_and_let_the_script_end_when_closed() {
    let out = stdout_of(
        "const fs = require('fs');\n\
         const path = require('path');\n\
         const dir = path.join(__dirname, 'watched');\n\
         fs.rmSync(dir, { recursive: true, force: true });\n\
         fs.mkdirSync(dir);\n\
         const file = path.join(dir, 'log.txt');\n\
         fs.writeFileSync(file, 'a');\n\
         try { fs.watch(path.join(dir, 'nope')) } catch (e) { console.log(e.code, e.syscall, e.path.endsWith('nope')) }\n\
         const folder = fs.watch(dir, (eventType, name) => {\n\
           if (name !== 'new.txt') return;\n\
           console.log('folder', eventType, name);\n\
           folder.close();\n\
           const one = fs.watch(file);\n\
           one.on('change', (type, name) => {\n\
             console.log('file', type, name);\n\
             one.close();\n\
             fs.watchFile(file, { interval: 20 }, (current, previous) => {\n\
               console.log('watchFile', previous.size, current.size, current.mtime instanceof Date);\n\
               fs.unwatchFile(file);\n\
             });\n\
             setTimeout(() => fs.appendFileSync(file, 'ccc'), 60);\n\
           });\n\
           one.on('close', () => console.log('closed'));\n\
           fs.appendFileSync(file, 'b');\n\
         });\n\
         fs.writeFileSync(path.join(dir, 'new.txt'), 'x');",
    )
    .await;
    assert_eq!(
        out,
        "ENOENT watch true\nfolder rename new.txt\nfile change log.txt\nclosed\nwatchFile 2 5 true\n"
    );
}
