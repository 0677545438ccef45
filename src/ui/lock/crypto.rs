//! Hashing the staff passcode and recovery code: PBKDF2-HMAC-SHA256 through WebCrypto (the
//! browser's own implementation, no hashing code shipped in the wasm), a random salt per secret,
//! and a constant-time comparison (the `subtle` crate) so the time a wrong guess takes says
//! nothing about how close it was.

use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use base64::Engine;
use js_sys::{Array, Reflect, Uint8Array};
use subtle::ConstantTimeEq;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, CryptoKey, Pbkdf2Params, SubtleCrypto};

use crate::domain::lock::{HashedSecret, HASH_BYTES, PBKDF2_ITERATIONS, SALT_BYTES};

/// What can go wrong in the browser's cryptography, phrased for staff.
fn problem(detail: impl std::fmt::Display) -> String {
    format!("The browser could not check the passcode ({detail}). Reload the page and try again.")
}

fn js_detail(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

fn crypto() -> Result<Crypto, String> {
    web_sys::window()
        .ok_or_else(|| problem("no window"))?
        .crypto()
        .map_err(|e| problem(js_detail(e)))
}

fn subtle_crypto() -> Result<SubtleCrypto, String> {
    let crypto = crypto()?;
    // WebCrypto exists only on secure pages (https, or 127.0.0.1 during development).
    let subtle = Reflect::get(&crypto, &"subtle".into()).unwrap_or(JsValue::UNDEFINED);
    if subtle.is_undefined() {
        return Err(
            "The staff lock needs ReadBy7 to be opened over https. Ask whoever set up \
                    ReadBy7 to serve it over a secure connection."
                .into(),
        );
    }
    Ok(subtle.unchecked_into())
}

/// Random bytes from the browser's cryptographic generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|e| problem(js_detail(e)))?;
    Ok(bytes)
}

async fn derive(secret: &str, salt: &[u8], iterations: u32) -> Result<Vec<u8>, String> {
    let subtle = subtle_crypto()?;
    let raw = Uint8Array::from(secret.as_bytes());
    let usages = Array::of1(&JsValue::from_str("deriveBits"));
    let key = subtle
        .import_key_with_str("raw", &raw, "PBKDF2", false, &usages)
        .map_err(|e| problem(js_detail(e)))?;
    let key: CryptoKey = JsFuture::from(key)
        .await
        .map_err(|e| problem(js_detail(e)))?
        .unchecked_into();
    let params = Pbkdf2Params::new(
        "PBKDF2",
        &JsValue::from_str("SHA-256"),
        iterations,
        &Uint8Array::from(salt),
    );
    let bits = subtle
        .derive_bits_with_object(&params, &key, (HASH_BYTES * 8) as u32)
        .map_err(|e| problem(js_detail(e)))?;
    let bits = JsFuture::from(bits)
        .await
        .map_err(|e| problem(js_detail(e)))?;
    Ok(Uint8Array::new(&bits).to_vec())
}

/// Hashes a new secret with a fresh salt and today's iteration count.
pub async fn hash_secret(secret: &str) -> Result<HashedSecret, String> {
    let salt = random_bytes::<SALT_BYTES>()?;
    let hash = derive(secret, &salt, PBKDF2_ITERATIONS).await?;
    Ok(HashedSecret {
        salt: B64.encode(salt),
        iterations: PBKDF2_ITERATIONS,
        hash: B64.encode(hash),
    })
}

/// Whether `secret` is the one `stored` was made from.
pub async fn matches(secret: &str, stored: &HashedSecret) -> Result<bool, String> {
    let damaged = || problem("the stored lock record is damaged");
    let salt = B64.decode(&stored.salt).map_err(|_| damaged())?;
    let expected = B64.decode(&stored.hash).map_err(|_| damaged())?;
    if stored.iterations == 0 || expected.len() != HASH_BYTES {
        return Err(damaged());
    }
    let derived = derive(secret, &salt, stored.iterations).await?;
    Ok(bool::from(derived.ct_eq(&expected)))
}
