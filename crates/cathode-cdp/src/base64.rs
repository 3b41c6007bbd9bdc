//! Standard base64 (RFC 4648, with padding): the protocol carries bodies (`Fetch.fulfillRequest`)
//! as base64 text.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes `bytes` as base64 text.
///
/// ```
/// assert_eq!(cathode_cdp::base64::encode(b"foobar"), "Zm9vYmFy");
/// ```
pub fn encode(bytes: &[u8]) -> String {
    let mut text = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    encode_into(bytes, &mut text);
    String::from_utf8(text).expect("base64 is ASCII")
}

/// Appends the base64 text of `bytes` to `out`.
///
/// ```
/// let mut out = b"data:".to_vec();
/// cathode_cdp::base64::encode_into(b"fo", &mut out);
/// assert_eq!(out, b"data:Zm8=");
/// ```
pub fn encode_into(bytes: &[u8], out: &mut Vec<u8>) {
    out.reserve(bytes.len().div_ceil(3) * 4);
    let symbol = |group: u32, shift: u32| ALPHABET[((group >> shift) & 0x3f) as usize];
    let mut chunks = bytes.chunks_exact(3);
    for chunk in &mut chunks {
        let group = u32::from_be_bytes([0, chunk[0], chunk[1], chunk[2]]);
        out.extend_from_slice(&[
            symbol(group, 18),
            symbol(group, 12),
            symbol(group, 6),
            symbol(group, 0),
        ]);
    }
    match *chunks.remainder() {
        [a, b] => {
            let group = u32::from_be_bytes([0, a, b, 0]);
            out.extend_from_slice(&[symbol(group, 18), symbol(group, 12), symbol(group, 6), b'=']);
        }
        [a] => {
            let group = u32::from_be_bytes([0, a, 0, 0]);
            out.extend_from_slice(&[symbol(group, 18), symbol(group, 12), b'=', b'=']);
        }
        _ => {}
    }
}

/// Each byte's value as a base64 symbol; `INVALID` for bytes that are not one.
const SEXTETS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut index = 0;
    while index < 64 {
        table[ALPHABET[index] as usize] = index as u8;
        index += 1;
    }
    table
};
const INVALID: u8 = 0xff;

/// Decodes base64 text (padding optional); `None` when it is not base64.
///
/// ```
/// assert_eq!(cathode_cdp::base64::decode("Zm9vYmE="), Some(b"fooba".to_vec()));
/// assert_eq!(cathode_cdp::base64::decode("not base64!"), None);
/// ```
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let symbols = text.trim_end_matches('=').as_bytes();
    if symbols.len() % 4 == 1 || text.len() - symbols.len() > 2 {
        return None;
    }
    let mut bytes = Vec::with_capacity(symbols.len() * 3 / 4 + 3);
    let mut chunks = symbols.chunks_exact(4);
    for chunk in &mut chunks {
        let [a, b, c, d] = [0, 1, 2, 3].map(|i| SEXTETS[chunk[i] as usize]);
        if (a | b | c | d) & 0xc0 != 0 {
            // A symbol outside the alphabet (INVALID has these bits set).
            return None;
        }
        let group = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
        let [_, x, y, z] = group.to_be_bytes();
        bytes.extend_from_slice(&[x, y, z]);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut group = 0u32;
        for (index, &symbol) in rest.iter().enumerate() {
            let sextet = SEXTETS[symbol as usize];
            if sextet == INVALID {
                return None;
            }
            group |= u32::from(sextet) << (18 - 6 * index);
        }
        let [_, x, y, z] = group.to_be_bytes();
        bytes.extend_from_slice(&[x, y, z][..rest.len() - 1]);
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn decoding_reverses_encoding() {
        for length in 0..40 {
            let bytes: Vec<u8> = (0..length).map(|n| (n * 37 + 11) as u8).collect();
            assert_eq!(decode(&encode(&bytes)), Some(bytes));
        }
        assert_eq!(decode("Zg"), Some(b"f".to_vec()));
        assert_eq!(decode("Z"), None);
        assert_eq!(decode("Zm9v===="), None);
    }

    #[test]
    fn matches_the_rfc_4648_test_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(encode(plain.as_bytes()), encoded);
        }
        assert_eq!(encode(&[0xff, 0xfe, 0x00]), "//4A");
    }
}
