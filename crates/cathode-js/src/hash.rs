//! Message digests for `require('crypto')` (the main script's and pages'): MD5, SHA-1,
//! SHA-256, SHA-384, SHA-512 and HMAC over them, from the RustCrypto crates (`md-5`, `sha1`,
//! `sha2`, `hmac`).

use hmac::{KeyInit, Mac};
use sha2::Digest;

/// The digests `createHash` knows, by Node's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

/// HMAC of `data` under `key` with the digest `D`.
fn hmac_with<D: hmac::EagerHash>(key: &[u8], data: &[u8]) -> Vec<u8>
where
    hmac::Hmac<D>: KeyInit + Mac,
{
    let mut mac =
        <hmac::Hmac<D> as KeyInit>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

impl Algorithm {
    pub(crate) fn parse(name: &str) -> Option<Algorithm> {
        Some(match name.to_ascii_lowercase().replace('-', "").as_str() {
            "md5" => Algorithm::Md5,
            "sha1" => Algorithm::Sha1,
            "sha256" => Algorithm::Sha256,
            "sha384" => Algorithm::Sha384,
            "sha512" => Algorithm::Sha512,
            _ => return None,
        })
    }

    /// The digest of `data`.
    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::Md5 => md5::Md5::digest(data).to_vec(),
            Algorithm::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Algorithm::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Algorithm::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Algorithm::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }

    /// HMAC (RFC 2104) of `data` under `key`.
    pub(crate) fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::Md5 => hmac_with::<md5::Md5>(key, data),
            Algorithm::Sha1 => hmac_with::<sha1::Sha1>(key, data),
            Algorithm::Sha256 => hmac_with::<sha2::Sha256>(key, data),
            Algorithm::Sha384 => hmac_with::<sha2::Sha384>(key, data),
            Algorithm::Sha512 => hmac_with::<sha2::Sha512>(key, data),
        }
    }
}

/// The `crypto` object of the native bridge: `hash(algorithm, bytes)` and
/// `hmac(algorithm, key, bytes)`, each returning the digest's bytes.
pub(crate) fn native<'js>(ctx: &rquickjs::Ctx<'js>) -> rquickjs::Result<rquickjs::Object<'js>> {
    use rquickjs::{Ctx, Exception, Function, Object, Value};

    use crate::bytes::{new_bytes, with_bytes};

    fn algorithm(ctx: &Ctx<'_>, name: &str) -> rquickjs::Result<Algorithm> {
        Algorithm::parse(name)
            .ok_or_else(|| Exception::throw_message(ctx, "Digest method not supported"))
    }

    let object = Object::new(ctx.clone())?;
    object.set(
        "hash",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, name: String, data: Value<'js>| -> rquickjs::Result<Value<'js>> {
                let algorithm = algorithm(&ctx, &name)?;
                let digest = with_bytes(&ctx, &data, |bytes| algorithm.digest(bytes))?;
                new_bytes(&ctx, digest)
            },
        )?,
    )?;
    object.set(
        "hmac",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             name: String,
             key: Value<'js>,
             data: Value<'js>|
             -> rquickjs::Result<Value<'js>> {
                let algorithm = algorithm(&ctx, &name)?;
                let key = with_bytes(&ctx, &key, <[u8]>::to_vec)?;
                let digest = with_bytes(&ctx, &data, |bytes| algorithm.hmac(&key, bytes))?;
                new_bytes(&ctx, digest)
            },
        )?,
    )?;
    Ok(object)
}

#[cfg(test)]
mod tests {
    use super::Algorithm;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn digests_of_abc_match_the_standards_examples() {
        let abc = b"abc";
        assert_eq!(
            hex(&Algorithm::Md5.digest(abc)),
            "900150983cd24fb0d6963f7d28e17f72"
        );
        assert_eq!(
            hex(&Algorithm::Sha1.digest(abc)),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex(&Algorithm::Sha256.digest(abc)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(hex(&Algorithm::Sha512.digest(abc)).starts_with("ddaf35a193617aba"));
        assert!(hex(&Algorithm::Sha384.digest(abc)).starts_with("cb00753f45a35e8b"));
    }

    #[test]
    fn hmac_matches_rfc_4231_and_2202() {
        // RFC 4231 test case 2 and RFC 2202's MD5 test case 2.
        let (key, data) = (b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex(&Algorithm::Sha256.hmac(key, data)),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex(&Algorithm::Md5.hmac(key, data)),
            "750c783e6ab0b503eaa86e310a5db738"
        );
    }
}
