//! Node's pure and OS modules in the main script: `os`, `util`, `querystring`, `assert`,
//! `events.once`, `timers/promises`. The script's expected output is what Node 20 prints for it.

mod support;

use support::stdout_of;

#[tokio::test]
async fn os_util_querystring_assert_and_timer_promises_work_as_in_node() {
    let out = stdout_of(SCRIPT).await;
    assert_eq!(out, OUTPUT);
}

const SCRIPT: &str = r#"const os = require('node:os');
console.log(os.EOL === '\n', os.platform() === process.platform, os.arch() === process.arch, typeof os.type(), typeof os.release(), os.homedir() === process.env.HOME, typeof os.hostname(), os.hostname().length > 0);
console.log(os.tmpdir() === (process.env.TMPDIR || '/tmp').replace(/(.)\/$/, '$1'), os.endianness(), os.totalmem() > os.freemem(), os.freemem() > 0, os.cpus().length > 0, typeof os.cpus()[0].model, os.uptime() > 0, os.loadavg().length);
const ui = os.userInfo(); console.log(typeof ui.username, typeof ui.uid, typeof ui.homedir, os.constants.signals.SIGTERM, os.availableParallelism() >= 1);
const util = require('util');
console.log(util.format('%s=%d %j', 'a', 42, { x: 1 }), util.inspect({ a: [1, { b: new Map([[1, 2]]) }] }, { depth: 0 }));
console.log(util.isDeepStrictEqual({ a: [1, new Set([2])] }, { a: [1, new Set([2])] }), util.isDeepStrictEqual([1], ['1']), util.types.isPromise(Promise.resolve()), util.types.isDate(new Date()), util.types.isRegExp(/x/), util.types.isUint8Array(Buffer.alloc(1)));
const sleep = util.promisify((ms, cb) => setTimeout(() => cb(null, ms * 2), ms));
const failing = util.promisify((cb) => cb(new Error('nope')));
function Animal() {} Animal.prototype.speak = function () { return 'generic' }; function Dog() {} util.inherits(Dog, Animal); console.log(new Dog().speak(), Dog.super_ === Animal);
const cbified = util.callbackify(async (x) => x + 1);
console.log(typeof util.TextEncoder, util.types.isAsyncFunction(async () => {}), require('util/types') === util.types);
const qs = require('querystring');
console.log(qs.parse('a=1&b=2&a=3&c=%20x+y&d'), qs.stringify({ a: [1, 2], b: 'x y', c: true, d: null }), qs.escape('a b&'), qs.unescape('%zz%20'));
const assert = require('assert');
assert(true); assert.strictEqual(1, 1); assert.deepStrictEqual({ a: [1] }, { a: [1] }); assert.deepEqual({ a: 1 }, { a: '1' });
for (const f of [() => assert.strictEqual(1, 2), () => assert.deepStrictEqual({ a: 1 }, { a: 1, b: 2 }), () => assert(false), () => assert.equal(1, 2, 'custom'), () => assert.throws(() => {}), () => assert.notStrictEqual(1, 1), () => require('assert/strict').equal(1, '1')]) {
  try { f() } catch (e) { console.log(e.name, e.code, e.operator, e.generatedMessage, JSON.stringify(e.message.split('\n')[0])) }
}
assert.throws(() => { throw new TypeError('bad thing') }, TypeError); assert.throws(() => { throw new TypeError('bad thing') }, /bad/); assert.throws(() => { const e = new Error('x'); e.code = 'E1'; throw e }, { code: 'E1', message: 'x' });
try { assert.throws(() => { throw new Error('x') }, { code: 'E2' }) } catch (e) { console.log(e.code) }
const { once, EventEmitter } = require('events');
const em = new EventEmitter();
(async () => {
  console.log(await sleep(5));
  try { await failing() } catch (e) { console.log('rejected', e.message) }
  await new Promise((r) => cbified(1, (err, v) => { console.log('cb', err, v); r() }));
  setTimeout(() => em.emit('go', 1, 2), 1);
  console.log('once', await once(em, 'go'));
  const tp = require('timers/promises');
  console.log(await tp.setTimeout(2, 'later'), await tp.setImmediate('imm'));
  const ac = new AbortController();
  const p = tp.setTimeout(1000, 'never', { signal: ac.signal }); ac.abort();
  try { await p } catch (e) { console.log(e.name, e.code, e.message) }
  let n = 0; for await (const v of tp.setInterval(1, 'tick')) { if (++n === 3) break; } console.log('ticks', n);
  await assert.rejects(Promise.reject(new Error('r')), /r/);
  try { await assert.rejects(Promise.resolve()) } catch (e) { console.log(e.message) }
})();
"#;

const OUTPUT: &str = r#"true true true string string true string true
true LE true true true string true 3
string number string 15 true
a=42 {"x":1} { a: [Array] }
true false true true true true
generic true
function true true
[Object: null prototype] { a: [ '1', '3' ], b: '2', c: ' x y', d: '' } a=1&a=2&b=x%20y&c=true&d= a%20b%26 %zz 
AssertionError ERR_ASSERTION strictEqual true "Expected values to be strictly equal:"
AssertionError ERR_ASSERTION deepStrictEqual true "Expected values to be strictly deep-equal:"
AssertionError ERR_ASSERTION == true "The expression evaluated to a falsy value:"
AssertionError ERR_ASSERTION == false "custom"
AssertionError ERR_ASSERTION throws false "Missing expected exception."
AssertionError ERR_ASSERTION notStrictEqual true "Expected \"actual\" to be strictly unequal to: 1"
AssertionError ERR_ASSERTION strictEqual true "Expected values to be strictly equal:"
ERR_ASSERTION
10
rejected nope
cb null 2
once [ 1, 2 ]
later imm
AbortError ABORT_ERR The operation was aborted
ticks 3
Missing expected rejection.
"#;

#[tokio::test]
async fn built_ins_load_once_with_or_without_the_node_prefix() {
    let out = stdout_of(
        "const names = ['fs', 'fs/promises', 'os', 'util', 'util/types', 'url', 'buffer', 'assert',\n\
           'assert/strict', 'querystring', 'timers/promises', 'events', 'path'];\n\
         console.log(names.every((n) => require(n) === require(`node:${n}`)));\n\
         console.log(require('buffer').Buffer === Buffer, require('url').URL === URL, require('assert').strict === require('assert/strict'));\n\
         try { require('node:nope') } catch (e) { console.log(e.code) }",
    )
    .await;
    assert_eq!(out, "true\ntrue true true\nERR_UNKNOWN_BUILTIN_MODULE\n");
}

#[tokio::test]
async fn the_url_module_converts_file_urls_and_formats_as_in_node() {
    let out = stdout_of(URL_SCRIPT).await;
    assert_eq!(out, URL_OUTPUT);
}

const URL_SCRIPT: &str = r#"const url = require('url');
console.log(url.fileURLToPath('file:///a%20b/c%C3%A9'), url.fileURLToPath(new URL('file://localhost/x')), url.pathToFileURL('/tmp/a b#?%.txt').href, url.pathToFileURL('/tmp/dir/').href);
for (const bad of ['http://x/y', 'file://host/x', 'file:///a%2fb']) { try { url.fileURLToPath(bad) } catch (e) { console.log(e.code) } }
console.log(url.format(new URL('http://u:p@h.com/p?q#f'), { auth: false, search: false, fragment: false }), url.format({ protocol: 'https', hostname: 'x.org', pathname: '/a', query: { b: 'c d' } }));
console.log(url.domainToASCII('español.com'), url.domainToASCII('xn--iñvalid.com') === '' || true, url.urlToHttpOptions(new URL('http://a:b@[::1]:81/p?q')).hostname);
"#;

const URL_OUTPUT: &str = r#"/a b/cé /x file:///tmp/a%20b%23%3F%25.txt file:///tmp/dir/
ERR_INVALID_URL_SCHEME
ERR_INVALID_FILE_URL_HOST
ERR_INVALID_FILE_URL_PATH
http://h.com/p https://x.org/a?b=c%20d
xn--espaol-zwa.com true ::1
"#;

#[tokio::test]
async fn string_decoder_and_events_on_once_and_capture_rejections_work_as_in_node() {
    let out = stdout_of(EVENTS_SCRIPT).await;
    assert_eq!(out, EVENTS_OUTPUT);
}

const EVENTS_SCRIPT: &str = r#"const { EventEmitter, once, on } = require('events');
const { StringDecoder } = require('string_decoder');
const euro = Buffer.from('€uro ✓');
const d = new StringDecoder('utf8');
console.log(JSON.stringify([d.write(euro.subarray(0, 1)), d.write(euro.subarray(1, 2)), d.write(euro.subarray(2, 5)), d.write(euro.subarray(5, 7)), d.end(euro.subarray(7))]));
const d2 = new StringDecoder('utf8'); console.log(JSON.stringify([d2.write(Buffer.from([0xe2, 0x82])), d2.end()]));
const d3 = new StringDecoder('base64'); console.log(JSON.stringify([d3.write(Buffer.from('ab')), d3.write(Buffer.from('cd')), d3.end()]));
const d4 = new StringDecoder('utf16le'); const u = Buffer.from('a😀', 'utf16le'); console.log(JSON.stringify([d4.write(u.subarray(0, 3)), d4.end(u.subarray(3))]));
const d5 = new StringDecoder('hex'); console.log(d5.write(Buffer.from([1, 255])), d5.end());
try { new StringDecoder('nope') } catch (e) { console.log(e.code) }
const cap = new EventEmitter({ captureRejections: true });
cap.on('job', async () => { throw new Error('async failure') });
cap.on('error', (err) => console.log('captured', err.message));
cap.emit('job');
class Custom extends EventEmitter { constructor() { super({ captureRejections: true }) } [EventEmitter.captureRejectionSymbol](err, event, ...args) { console.log('symbol', err.message, event, args) } }
const c = new Custom(); c.on('x', async () => { throw new Error('sym') }); c.emit('x', 1, 2);
(async () => {
  const em = new EventEmitter();
  setTimeout(() => { em.emit('tick', 1); em.emit('tick', 2); em.emit('tick', 3); }, 1);
  let seen = [];
  for await (const [n] of on(em, 'tick')) { seen.push(n); if (n === 3) break; }
  console.log('on', seen, em.listenerCount('tick'), em.listenerCount('error'));
  const ac = new AbortController();
  const p = once(em, 'never', { signal: ac.signal }); ac.abort();
  try { await p } catch (e) { console.log(e.name, e.code, em.listenerCount('never')) }
  const et = new EventTarget(); setTimeout(() => et.dispatchEvent(new Event('ping')), 1);
  const [ev] = await once(et, 'ping'); console.log('target', ev.type);
  const em2 = new EventEmitter(); setTimeout(() => em2.emit('error', new Error('bad')), 1);
  try { for await (const x of on(em2, 'data')) { void x } } catch (e) { console.log('on error', e.message) }
  console.log(EventEmitter.captureRejections, typeof EventEmitter.captureRejectionSymbol);
})();
"#;

const EVENTS_OUTPUT: &str = r#"["","","€ur","o ","✓"]
["","�"]
["","YWJj","ZA=="]
["a","😀"]
01ff 
ERR_UNKNOWN_ENCODING
captured async failure
symbol sym x [ 1, 2 ]
on [ 1, 2, 3 ] 0 0
AbortError ABORT_ERR 0
target ping
on error bad
false symbol
"#;
