//! `require('crypto')`: digests and HMACs (checked against Node 20's output for the same inputs,
//! block boundaries included), randomness and timingSafeEqual.

mod support;

use support::stdout_of;

#[tokio::test]
async fn hashes_hmacs_and_random_bytes_match_node() {
    let out = stdout_of(SCRIPT).await;
    assert_eq!(out, OUTPUT);
}

const SCRIPT: &str = r#"const crypto = require('crypto');
for (const alg of ['md5', 'sha1', 'sha256', 'sha384', 'sha512']) {
  console.log(alg, crypto.createHash(alg).update('hello ').update(Buffer.from('wörld')).digest('hex'));
  console.log(alg, crypto.createHash(alg).digest('base64'), crypto.createHash(alg).update('a'.repeat(1000)).digest('hex').slice(0, 32));
  console.log(alg, crypto.createHmac(alg, 'key').update('The quick brown fox').digest('hex'));
  console.log(alg, crypto.createHmac(alg, 'k'.repeat(200)).update('').digest('base64'));
}
for (const n of [55, 56, 63, 64, 111, 112, 119, 128]) console.log(n, crypto.createHash('sha512').update('x'.repeat(n)).digest('hex').slice(0, 16), crypto.createHash('md5').update('x'.repeat(n)).digest('hex').slice(0, 16), crypto.createHash('sha1').update('y'.repeat(n)).digest('hex').slice(0, 16));
const h = crypto.createHash('sha256').update('part'); const c = h.copy(); console.log(h.digest('hex') === c.digest('hex'), crypto.createHash('sha256').update('x').digest().length);
try { crypto.createHash('whirlpool') } catch (e) { console.log('refused', e instanceof Error) }
try { const d = crypto.createHash('md5'); d.digest(); d.digest() } catch (e) { console.log(e.code) }
console.log(crypto.randomBytes(16).length, Buffer.isBuffer(crypto.randomBytes(4)), typeof crypto.randomUUID(), crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')), crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ac')));
try { crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab')) } catch (e) { console.log(e.code) }
const r = crypto.randomInt(10, 20); console.log(r >= 10 && r < 20, Number.isInteger(crypto.randomInt(5)), crypto.getHashes().includes('sha256'));
crypto.randomBytes(8, (err, buf) => console.log('async', err, buf.length));
"#;

const OUTPUT: &str = r#"md5 8c6e15df743a0380aaa26e5741794d7b
md5 1B2M2Y8AsgTpgAmY7PhCfg== cabe45dcc9ae5b66ba86600cca6b8ba8
md5 d006bc60c92ff6e54f615474fe835e02
md5 k1eIIjQtwywNWc4Jw2tN0Q==
sha1 e562f97ac57af6279f087ae5363c9ce0153f28a9
sha1 2jmj7l5rSw0yVb/vlWAYkK/YBwk= 291e9a6c66994949b57ba5e650361e98
sha1 22f9e077a3cebd09248154f85d9a56c79941fd96
sha1 KLVwV30dZs2Dx5mXmm8TTlqIEcM=
sha256 821cd58a9fb899141dd98c29b6cabb6ccdded70ad0197b8cc7657b76f70e64ff
sha256 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= 41edece42d63e8d9bf515a9ba6932e1c
sha256 203d1e5cedd2d18f8c5a3beff0bd9c1ebcb97097dfcb288c46b00c9227fde2c0
sha256 1rdB6J+Piaz6TPye2WbgdwE46j48HCziM7yBinwp3Yo=
sha384 ed51c7b33370e71fcb934d4ffa744a27c89a6b3752af0519c48001f819b9d44f0229ff7c6b639da8f007c35beefbf728
sha384 OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb f54480689c6b0b11d0303285d9a81b21
sha384 60638fa0aa4b044fc6f50d5c4a11dd5c26863cd335e3aac16ac6434fc79505dfb05bc3d02a556e271979b41c9379f579
sha384 bCseJrlb2XwKGFG0+j9wAdY7421ljoLqbg/KgYI7OUTdOoaLABZK0+w92AbkvtwC
sha512 b4e28e55422dd1a5244f05bec6c9907b32ac8c7585a4b8d1c3cefb51ac8a7bb77cb63a2e7ddef5a68ad02861160740177a6510dcef8a05579eba2a056c3086ca
sha512 z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg== 67ba5535a46e3f86dbfbed8cbbaf0125
sha512 36f44b125a8a90639dc46733039571792e081e0fd8685ff746784b02ed14aa35629d562c7117cde4a701570551faa5a5e1b7ef1eb5c3bcd4cc1fdb8923fcf14e
sha512 JYF910jJRGsrAgGvaM7Hh9FzLA9XDvaAO/M6V3CAt5T3BnVPmSFOxGBjhPnHITHqL2LQHQfrLg59fkp1q24/HA==
55 db9981645857e598 04364420e25c512f f3c8b47e97bc2a23
56 a9436ec7761f9f0d 668a72d5ba17f08e 8902d391f35bbaf0
63 a6662db83dd0037d 7dc2ca208106a2f7 b31b2f10be037161
64 791c91ff44685987 c1bb4f81d892b2d5 b6376ceaac8c2008
111 9a2a120825c23198 acdfbe7d162f80a5 1b745d3bc5c604bf
112 a3722b515ef40c91 26382a8d1f5cdb7b 12521e7c82d86c56
119 c5df60b24c746cda ab347a5f68c8a443 25929d08d2816836
128 e2e22f8422b54b06 d69cb61a6ee87200 0520052435ef0083
true 32
refused true
ERR_CRYPTO_HASH_FINALIZED
16 true string true false
ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH
true true true
async null 8
"#;
