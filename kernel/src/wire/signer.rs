//! HMAC-SHA256 signatures of outgoing messages and verification of incoming ones.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Signs and verifies message frames with the connection's key (no key: no signing).
#[derive(Clone)]
pub struct Signer {
    mac: Option<HmacSha256>,
}

impl Signer {
    /// A signer for `key`; an empty key disables signing.
    pub fn new(key: &str) -> Signer {
        let mac = if key.is_empty() {
            None
        } else {
            Some(HmacSha256::new_from_slice(key.as_bytes()).expect("HMAC accepts any key length"))
        };
        Signer { mac }
    }

    /// Hex signature of the four signed frames (header, parent header, metadata, content).
    pub fn sign(&self, frames: &[&[u8]]) -> String {
        match &self.mac {
            None => String::new(),
            Some(mac) => {
                let mut mac = mac.clone();
                for frame in frames {
                    mac.update(frame);
                }
                hex::encode(mac.finalize().into_bytes())
            }
        }
    }

    /// Whether `signature` is the frames' signature as [`Signer::sign`] writes it (lowercase
    /// hex, as jupyter_client compares it), compared in constant time.
    pub fn verify(&self, signature: &[u8], frames: &[&[u8]]) -> bool {
        if self.mac.is_none() {
            return true;
        }
        let expected = self.sign(frames);
        let expected = expected.as_bytes();
        expected.len() == signature.len()
            && expected
                .iter()
                .zip(signature)
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_python_hmac() {
        // python3 -c "import hmac,hashlib;print(hmac.new(b'secret', b'abcd', hashlib.sha256).hexdigest())"
        let expected = "3057ecbaeceffb90b97394a97267236eca9f9e5520dfe387831a22a0eb7709d2";
        let signer = Signer::new("secret");
        assert_eq!(signer.sign(&[b"ab", b"c", b"d"]), expected);
        assert!(signer.verify(expected.as_bytes(), &[b"abcd"]));
        assert!(!signer.verify(expected.as_bytes(), &[b"abce"]));
        assert!(!signer.verify(b"not hex", &[b"abcd"]));
        // The same bytes in uppercase hex are not what jupyter_client would send or accept.
        assert!(!signer.verify(expected.to_uppercase().as_bytes(), &[b"abcd"]));
        assert!(!signer.verify(&expected.as_bytes()[..63], &[b"abcd"]));
        assert!(!signer.verify(b"", &[b"abcd"]));
    }

    #[test]
    fn no_key_means_no_signature() {
        let signer = Signer::new("");
        assert_eq!(signer.sign(&[b"x"]), "");
        assert!(signer.verify(b"", &[b"x"]));
    }
}
