//! `require('child_process')`: the Sync forms, spawn with streams and exit codes, exec, Node's
//! errors, and no child left running when the script ends. The first script's expected output
//! is what Node 20 prints for it.

#![cfg(unix)]

mod support;

use std::time::{Duration, Instant};

use support::run_app;

#[tokio::test]
async fn child_processes_run_stream_and_fail_as_in_node() {
    let (result, output) = run_app(&[("main.js", SCRIPT)]).await;
    assert_eq!(result.ok(), Some(0), "{}", output.stderr());
    assert_eq!(output.stdout(), OUTPUT);
    // execSync without stdio passes the child's stderr on, as Node does.
    assert!(output.stderr().starts_with("err\n"), "{}", output.stderr());
}

const SCRIPT: &str = r#"const cp = require('child_process');
console.log(JSON.stringify(cp.execSync('echo hello; echo err >&2').toString()), cp.execSync('printf "%s" "$X"', { env: { X: 'from env' }, encoding: 'utf8' }));
console.log(cp.execFileSync('sh', ['-c', 'cat'], { input: 'piped in' }).toString(), cp.execSync('pwd', { cwd: '/tmp', encoding: 'utf8' }).trim());
try { cp.execSync('echo out; echo bad >&2; exit 3', { stdio: 'pipe' }) } catch (e) { console.log(e.message.split('\n'), e.status, e.signal, String(e.stdout), String(e.stderr)) }
const r = cp.spawnSync('sh', ['-c', 'echo a; exit 2'], { encoding: 'utf8' }); console.log(r.status, r.signal, JSON.stringify(r.stdout), r.output.length, typeof r.pid);
const missing = cp.spawnSync('definitely-not-a-command-xyz'); console.log(missing.error.code, missing.error.syscall, missing.error.path, missing.status);
try { cp.execFileSync('definitely-not-a-command-xyz') } catch (e) { console.log(e.code, e.message) }
try { cp.execSync('yes | head -c 3000000', { maxBuffer: 1024 * 1024 }) } catch (e) { console.log(e.code, e.message, e.stdout.length >= 1024 * 1024) }
const killed = cp.spawnSync('sh', ['-c', 'kill -9 $$']); console.log(killed.status, killed.signal);
const child = cp.spawn('sh', ['-c', 'read line; echo "got $line"; echo warn >&2; exit 4']);
let out = '';
child.stdout.setEncoding('utf8'); child.stdout.on('data', (d) => { out += d });
let err = '';
child.stderr.on('data', (d) => { err += d });
child.on('exit', (code, signal) => console.log('exit', code, signal));
child.on('close', (code, signal) => {
  console.log('close', code, signal, JSON.stringify(out), JSON.stringify(err));
  cp.exec('echo $((6 * 7))', (err, stdout, stderr) => {
    console.log('exec', err, JSON.stringify(stdout), JSON.stringify(stderr));
    cp.exec('exit 5', (err2) => {
      console.log('exec fail', err2.code, err2.killed, err2.signal, err2.cmd, err2.message.trim());
      const sleeper = cp.spawn('sleep', ['30']);
      sleeper.on('exit', (code, sig) => console.log('sleeper', code, sig, sleeper.killed));
      const bad = cp.spawn('definitely-not-a-command-xyz');
      bad.on('error', (e) => console.log('spawn error', e.code, e.syscall, e.path));
      require('util').promisify(cp.exec)('echo promised').then((r) => {
        console.log('promise', JSON.stringify(r));
        console.log('kill', sleeper.kill());
      });
    });
  });
});
child.stdin.write('li');
child.stdin.end('ne\n');
"#;

const OUTPUT: &str = r#""hello\n" from env
piped in /tmp
[ 'Command failed: echo out; echo bad >&2; exit 3', 'bad', '' ] 3 null out
 bad

2 null "a\n" 3 number
ENOENT spawnSync definitely-not-a-command-xyz definitely-not-a-command-xyz null
ENOENT spawnSync definitely-not-a-command-xyz ENOENT
ENOBUFS spawnSync /bin/sh ENOBUFS true
null SIGKILL
exit 4 null
close 4 null "got line\n" "warn\n"
exec null "42\n" ""
exec fail 5 false null exit 5 Command failed: exit 5
spawn error ENOENT spawn definitely-not-a-command-xyz definitely-not-a-command-xyz
promise {"stdout":"promised\n","stderr":""}
kill true
sleeper null SIGTERM true
"#;

/// Whether `pid` is gone (or only a zombie waiting to be reaped).
fn is_dead(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

/// Waits (at most a minute, a safety net) until `pid` is dead.
fn wait_dead(pid: u32) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if is_dead(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[tokio::test]
async fn children_still_running_are_killed_with_their_own_children_when_the_script_ends() {
    let (result, output) = run_app(&[(
        "main.js",
        "const { spawn } = require('child_process');\n\
         const child = spawn('sh', ['-c', 'sleep 1000 & echo $!; wait']);\n\
         child.stdout.on('data', (d) => {\n\
           console.log(child.pid, String(d).trim());\n\
           process.exit(0);\n\
         });",
    )])
    .await;
    assert_eq!(result.ok(), Some(0), "{}", output.stderr());
    let stdout = output.stdout();
    let pids: Vec<u32> = stdout
        .split_whitespace()
        .map(|p| p.parse().expect("a pid"))
        .collect();
    assert_eq!(pids.len(), 2, "{stdout}");
    for pid in pids {
        assert!(wait_dead(pid), "process {pid} outlived the script");
    }
}

#[tokio::test]
async fn a_child_that_never_exits_can_be_killed() {
    let (result, output) = run_app(&[(
        "main.js",
        "const child = require('child_process').spawn('sleep', ['1000']);\n\
         child.on('spawn', () => console.log('spawned', child.kill('SIGKILL')));\n\
         child.on('close', (code, signal) => console.log('closed', code, signal, child.killed, child.kill()));",
    )])
    .await;
    assert_eq!(result.ok(), Some(0), "{}", output.stderr());
    assert_eq!(
        output.stdout(),
        "spawned true\nclosed null SIGKILL true false\n"
    );
}

#[tokio::test]
async fn exec_sync_of_a_command_that_prints_too_much_is_bounded_by_max_buffer() {
    let (result, output) = run_app(&[(
        "main.js",
        "try { require('child_process').execSync('yes | head -c 100000000') }\n\
         catch (e) { console.log(e.code, e.message, e.stdout.length === 1024 * 1024) }\n\
         const small = { maxBuffer: 10 };\n\
         require('child_process').exec('echo 0123456789abcdef', small, (err, stdout) => console.log(err.code, stdout));",
    )])
    .await;
    assert_eq!(result.ok(), Some(0), "{}", output.stderr());
    assert_eq!(
        output.stdout(),
        "ENOBUFS spawnSync /bin/sh ENOBUFS true\nERR_CHILD_PROCESS_STDIO_MAXBUFFER 0123456789\n"
    );
}

#[tokio::test]
async fn a_childs_output_pipes_into_streams_and_its_input_comes_from_one() {
    let (result, output) = run_app(&[(
        "main.js",
        "const { spawn } = require('child_process');\n\
         const { pipeline, Readable } = require('stream');\n\
         const fs = require('fs');\n\
         const file = require('path').join(__dirname, 'out.txt');\n\
         const child = spawn('tr', ['a-z', 'A-Z']);\n\
         pipeline(Readable.from(['piped ', 'through ', 'tr\\n']), child.stdin, (err) => console.log('stdin done', err));\n\
         pipeline(child.stdout, fs.createWriteStream(file), (err) => {\n\
           console.log('stdout done', err, JSON.stringify(fs.readFileSync(file, 'utf8')));\n\
         });",
    )])
    .await;
    assert_eq!(result.ok(), Some(0), "{}", output.stderr());
    assert_eq!(
        output.stdout(),
        "stdin done undefined\nstdout done undefined \"PIPED THROUGH TR\\n\"\n"
    );
}
