//! Streams in the main script: `stream` (Readable, Writable, Transform, PassThrough, pipeline,
//! async iteration, backpressure), `fs.createReadStream`/`createWriteStream`, file descriptors
//! (`openSync`, `readSync`, `writeSync`, `fstatSync`, `closeSync`) and `fs.promises.open`. The
//! script's expected output is what Node 20 prints for it.

mod support;

use support::stdout_of;

#[tokio::test]
async fn streams_and_file_descriptors_work_as_in_node() {
    let out = stdout_of(SCRIPT).await;
    assert_eq!(out, OUTPUT);
}

const SCRIPT: &str = r#"const fs = require('fs');
const path = require('path');
const { Readable, Writable, Transform, PassThrough, pipeline } = require('stream');
const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'streams-'));
const big = path.join(dir, 'big.txt');
fs.writeFileSync(big, 'x'.repeat(200000) + 'END');
const fd = fs.openSync(path.join(dir, 'fd.txt'), 'w+');
console.log(typeof fd, fs.writeSync(fd, 'hello fd'), fs.writeSync(fd, Buffer.from('!!'), 0, 2, 8));
const buf = Buffer.alloc(5); console.log(fs.readSync(fd, buf, 0, 5, 0), buf.toString(), fs.fstatSync(fd).size);
fs.closeSync(fd);
try { fs.readSync(fd, buf, 0, 1, 0) } catch (e) { console.log(e.code, e.syscall) }
try { fs.openSync(path.join(dir, 'missing.txt')) } catch (e) { console.log(e.code, e.syscall, path.basename(e.path)) }
const upper = new Transform({ transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()) } });
const collected = [];
const sink = new Writable({ write(chunk, enc, cb) { collected.push(chunk.toString()); cb() } });
pipeline(Readable.from(['a', 'b', 'c']), upper, sink, (err) => {
  console.log('pipeline', err, collected.join(''));
  let total = 0; let chunks = 0;
  const rs = fs.createReadStream(big, { highWaterMark: 65536 });
  rs.on('open', (f) => console.log('open', typeof f));
  rs.on('data', (c) => { total += c.length; chunks++ });
  rs.on('end', () => {
    console.log('read stream', total, chunks);
    const ws = fs.createWriteStream(path.join(dir, 'copy.txt'));
    fs.createReadStream(big, { encoding: 'utf8', start: 199990 }).pipe(ws);
    ws.on('finish', () => {
      console.log('copied', JSON.stringify(fs.readFileSync(path.join(dir, 'copy.txt'), 'utf8')));
      const bad = fs.createReadStream(path.join(dir, 'nope.txt'));
      bad.on('error', (e) => {
        console.log('stream error', e.code, e.syscall);
        (async () => {
          let text = '';
          for await (const chunk of fs.createReadStream(path.join(dir, 'copy.txt'), 'utf8')) text += chunk;
          console.log('async iter', text.length);
          await require('stream/promises').pipeline(fs.createReadStream(big), new PassThrough(), fs.createWriteStream(path.join(dir, 'copy2.txt')));
          console.log('promises pipeline', fs.statSync(path.join(dir, 'copy2.txt')).size);
          const fh = await fs.promises.open(path.join(dir, 'copy.txt'), 'r');
          const { bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
          console.log('filehandle', bytesRead, (await fh.readFile('utf8')).length, (await fh.stat()).size);
          await fh.close();
          let drained = 0;
          const slow = new Writable({ highWaterMark: 4, write(c, e, cb) { setTimeout(cb, 1) } });
          console.log('backpressure', slow.write('12345'), slow.writableNeedDrain);
          slow.on('drain', () => { drained++; console.log('drain', drained); fs.rmSync(dir, { recursive: true }); });
        })();
      });
    });
  });
});
"#;

const OUTPUT: &str = r#"number 8 2
5 hello 10
EBADF read
ENOENT open missing.txt
pipeline undefined ABC
open number
read stream 200003 4
copied "xxxxxxxxxxEND"
stream error ENOENT open
async iter 13
promises pipeline 200003
filehandle 4 13 13
backpressure false true
drain 1
"#;
