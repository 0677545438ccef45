//! The school key and what is derived from it: opaque document ids, deterministic revision ids,
//! and the AES-256-GCM envelope of every record body. RustCrypto's audited crates do the
//! cryptography (`aes-gcm`, `hmac`, `hkdf`, `sha2`); nothing here is a cipher of our own.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::Aes256Gcm;
use base64::Engine as _;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The version of the body envelope (`v`); raise it if the envelope or key derivation changes.
pub const ENVELOPE_VERSION: u32 = 1;
/// Fixed, so a device holding a wrong key still finds it (a key-derived id would just be absent).
pub const KEY_CHECK_ID: &str = "readby7-key-check";
/// What the key-check document encrypts; decrypting it proves the key before anything is written.
const KEY_CHECK_TEXT: &[u8] = b"ReadBy7 school key check, envelope 1";
const HKDF_SALT: &[u8] = b"readby7-sync-v1";

/// 128 random bits shared by a school's devices (typed as a short code, or carried in the QR
/// payload). Made by the shell from WebCrypto's `getRandomValues`: the domain has no randomness.
#[derive(Clone, PartialEq, Eq)]
pub struct SchoolKey(pub(crate) [u8; 16]);

impl SchoolKey {
    pub fn from_bytes(bytes: [u8; 16]) -> SchoolKey {
        SchoolKey(bytes)
    }
}

/// Never print the key itself in logs or panics.
impl std::fmt::Debug for SchoolKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SchoolKey(..)")
    }
}

/// A keyed SHA-256 of a record's plaintext: what says whether a record changed since it was
/// last synced, and what its revision id is made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Digest(#[serde(with = "hex32")] pub [u8; 32]);

/// The three keys a school key gives (HKDF-SHA256, one `info` label each), so a leak of one
/// use (say, ids in a server log) tells nothing about the others.
#[derive(Clone)]
pub struct SyncKeys {
    cipher: Aes256Gcm,
    ids: [u8; 32],
    revs: [u8; 32],
}

impl std::fmt::Debug for SyncKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SyncKeys(..)")
    }
}

/// A body as the server stores it: nothing but the envelope version, nonce and ciphertext.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub v: u32,
    /// The 96-bit nonce, base64.
    pub n: String,
    /// AES-256-GCM ciphertext with its tag, base64; the document id is the associated data,
    /// so a body moved to another document fails to open.
    pub c: String,
}

/// Why a body did not open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// Not our envelope, or a version this build does not know.
    Unreadable,
    /// The tag did not verify: another key, or a changed body.
    WrongKey,
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail; the fallback is never taken.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return [0; 32];
    };
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl SyncKeys {
    pub fn derive(key: &SchoolKey) -> SyncKeys {
        let hk = Hkdf::<Sha256>::new(Some(HKDF_SALT), &key.0);
        let expand = |info: &[u8]| {
            let mut out = [0u8; 32];
            // 32 bytes is far below HKDF-SHA256's limit (8160), so expand cannot fail.
            let _ = hk.expand(info, &mut out);
            out
        };
        let enc = expand(b"records aes-256-gcm");
        let ids = expand(b"document ids hmac-sha256");
        let revs = expand(b"revision ids hmac-sha256");
        let cipher = Aes256Gcm::new(&aes_gcm::Key::<Aes256Gcm>::from(enc));
        SyncKeys { cipher, ids, revs }
    }

    /// The server's `_id` for a record: the same on every device, and meaningless without the key.
    pub fn doc_id(&self, store: &str, id: &str) -> String {
        hex(&hmac(&self.ids, &[store.as_bytes(), id.as_bytes()]))
    }

    pub fn digest(&self, plaintext: &[u8]) -> Digest {
        Digest(hmac(&self.revs, &[b"digest", plaintext]))
    }

    /// The 32 hex digits of a revision id: keyed, from the parent revision and what the new
    /// revision holds, so devices that write the same thing after the same parent agree.
    pub(crate) fn rev_hash(&self, parent: &str, content: &[u8]) -> String {
        hex(&hmac(&self.revs, &[b"rev", parent.as_bytes(), content])[..16])
    }

    /// Encrypts `plaintext` for document `doc_id` with a fresh nonce from the caller.
    pub fn seal(&self, doc_id: &str, plaintext: &[u8], nonce: [u8; 12]) -> Envelope {
        let payload = Payload {
            msg: plaintext,
            aad: doc_id.as_bytes(),
        };
        // Encryption fails only for inputs over 64 GiB.
        let ct = self
            .cipher
            .encrypt(&aes_gcm::Nonce::from(nonce), payload)
            .unwrap_or_default();
        let b64 = base64::engine::general_purpose::STANDARD;
        Envelope {
            v: ENVELOPE_VERSION,
            n: b64.encode(nonce),
            c: b64.encode(ct),
        }
    }

    pub fn open(&self, doc_id: &str, envelope: &Envelope) -> Result<Vec<u8>, OpenError> {
        let b64 = base64::engine::general_purpose::STANDARD;
        if envelope.v != ENVELOPE_VERSION {
            return Err(OpenError::Unreadable);
        }
        let nonce: [u8; 12] = b64
            .decode(&envelope.n)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or(OpenError::Unreadable)?;
        let ct = b64.decode(&envelope.c).map_err(|_| OpenError::Unreadable)?;
        self.cipher
            .decrypt(
                &aes_gcm::Nonce::from(nonce),
                Payload {
                    msg: &ct,
                    aad: doc_id.as_bytes(),
                },
            )
            .map_err(|_| OpenError::WrongKey)
    }

    /// The key-check document's body, written once by the first device.
    pub fn key_check(&self, nonce: [u8; 12]) -> Envelope {
        self.seal(KEY_CHECK_ID, KEY_CHECK_TEXT, nonce)
    }

    /// Whether this key opens the school's key-check document.
    pub fn verify_key_check(&self, envelope: &Envelope) -> Result<(), OpenError> {
        match self.open(KEY_CHECK_ID, envelope)? {
            text if text == KEY_CHECK_TEXT => Ok(()),
            _ => Err(OpenError::WrongKey),
        }
    }
}

mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::hex(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = String::deserialize(d)?;
        let mut out = [0u8; 32];
        let ok = text.len() == 64
            && text.is_ascii()
            && out.iter_mut().enumerate().all(|(i, b)| {
                u8::from_str_radix(&text[2 * i..2 * i + 2], 16)
                    .map(|v| *b = v)
                    .is_ok()
            });
        if ok {
            Ok(out)
        } else {
            Err(serde::de::Error::custom("a digest is 64 hex digits"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(byte: u8) -> SyncKeys {
        SyncKeys::derive(&SchoolKey::from_bytes([byte; 16]))
    }

    #[test]
    fn a_body_opens_with_its_key_and_id_only() {
        let k = keys(1);
        let id = k.doc_id("pupils", "abc");
        let sealed = k.seal(&id, b"{\"forename\":\"Zo\xc3\xab\"}", [7; 12]);
        assert_eq!(
            k.open(&id, &sealed).as_deref(),
            Ok(&b"{\"forename\":\"Zo\xc3\xab\"}"[..])
        );
        assert_eq!(keys(2).open(&id, &sealed), Err(OpenError::WrongKey));
        assert_eq!(k.open("another", &sealed), Err(OpenError::WrongKey));
        let text = serde_json::to_string(&sealed).expect("json");
        assert!(!text.contains("Zo"), "{text}");
        let bad = Envelope {
            v: 9,
            ..sealed.clone()
        };
        assert_eq!(k.open(&id, &bad), Err(OpenError::Unreadable));
    }

    #[test]
    fn ids_and_revs_are_stable_and_keyed() {
        let (a, b) = (keys(1), keys(2));
        assert_eq!(a.doc_id("pupils", "x"), keys(1).doc_id("pupils", "x"));
        assert_ne!(a.doc_id("pupils", "x"), a.doc_id("classes", "x"));
        assert_ne!(a.doc_id("pupils", "x"), b.doc_id("pupils", "x"));
        assert_eq!(a.doc_id("pupils", "x").len(), 64);
        // Lengths are framed: ("ab","c") and ("a","bc") differ.
        assert_ne!(a.doc_id("ab", "c"), a.doc_id("a", "bc"));
        assert_eq!(a.rev_hash("1-aa", b"x").len(), 32);
        assert_ne!(a.rev_hash("1-aa", b"x"), a.rev_hash("1-ab", b"x"));
    }

    #[test]
    fn the_key_check_tells_a_wrong_key() {
        let body = keys(1).key_check([3; 12]);
        assert_eq!(keys(1).verify_key_check(&body), Ok(()));
        assert_eq!(keys(2).verify_key_check(&body), Err(OpenError::WrongKey));
    }

    #[test]
    fn digests_round_trip_as_hex() {
        let d = keys(1).digest(b"x");
        let json = serde_json::to_string(&d).expect("json");
        assert_eq!(json.len(), 66);
        assert_eq!(serde_json::from_str::<Digest>(&json).expect("parses"), d);
        assert!(serde_json::from_str::<Digest>("\"zz\"").is_err());
    }
}
