//! Practice links: a pack as a URL fragment, `p1.<base64url>`.
//!
//! Layout: `p{version}.` then base64url without padding of `payload ++ crc32`, where
//! - payload is UTF-8 text, five fields joined by `|`: GPC ids, real words, pseudo-words,
//!   tricky words (each list joined by `,`) and the passage id (empty for none). Items are
//!   ids and words, never indices, so a link stays right when the content files grow or are
//!   reordered; a word later removed from the bank gives a clear "unknown word" error rather
//!   than silently turning into another word.
//! - crc32 (IEEE, big-endian) is over the prefix and the payload, so any changed or missing
//!   character is caught. It is an integrity check, not a signature: anyone can make a link,
//!   which is harmless because [`PracticePack::new`] only accepts the app's own content.
//!
//! The fragment is never sent to a server (browsers keep `#…` to themselves), and the link
//! holds no name or result, so sharing it shares nothing about the child.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::pack::{PackError, PackList, PracticePack, FORMAT_VERSION, MAX_LINK_CHARS};

const FIELD_SEP: char = '|';
const ITEM_SEP: char = ',';

/// The fragment for a pack, e.g. `p1.Yix...`: letters, digits, `.`, `-` and `_` only.
pub fn encode(pack: &PracticePack) -> String {
    let join = |items: &[&str]| items.join(&ITEM_SEP.to_string());
    let gpcs: Vec<&str> = pack.gpcs.iter().map(|g| g.as_str()).collect();
    let payload = [
        join(&gpcs),
        join(&pack.words),
        join(&pack.pseudo_words),
        join(&pack.tricky),
        pack.passage.unwrap_or("").to_string(),
    ]
    .join(&FIELD_SEP.to_string());
    let prefix = prefix(FORMAT_VERSION);
    let mut bytes = payload.into_bytes();
    let sum = crc32(prefix.as_bytes(), &bytes);
    bytes.extend_from_slice(&sum.to_be_bytes());
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// A full link: `{base}/practice#p1.…` (one `/` between base and path whatever `base` ends with).
pub fn pack_url(base: &str, pack: &PracticePack) -> String {
    format!("{}/practice#{}", base.trim_end_matches('/'), encode(pack))
}

/// Reads a fragment back into a pack. Takes the fragment as [`encode`] wrote it, with or
/// without its `#`, or a whole link (everything after the last `#`); surrounding spaces are
/// ignored, as pasted links often have them.
///
/// Checks, in order: length ([`PackError::TooLong`]), version ([`PackError::NewerVersion`]),
/// base64, checksum and layout ([`PackError::Damaged`]), list sizes
/// ([`PackError::TooManyItems`]), then each item against the content
/// ([`PackError::UnknownItem`]).
pub fn decode(input: &str) -> Result<PracticePack, PackError> {
    let input = input.trim();
    let fragment = match input.rfind('#') {
        Some(at) => &input[at + 1..],
        None => input,
    };
    let chars = fragment.chars().count();
    if chars > MAX_LINK_CHARS {
        return Err(PackError::TooLong { chars });
    }
    let (version, body) = split_prefix(fragment).ok_or(PackError::Damaged)?;
    if version > FORMAT_VERSION {
        return Err(PackError::NewerVersion { version });
    }
    if version != FORMAT_VERSION {
        // Version 0 was never written.
        return Err(PackError::Damaged);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| PackError::Damaged)?;
    let split = bytes.len().checked_sub(4).ok_or(PackError::Damaged)?;
    let (payload, sum) = bytes.split_at(split);
    let stated = u32::from_be_bytes(sum.try_into().map_err(|_| PackError::Damaged)?);
    if crc32(prefix(version).as_bytes(), payload) != stated {
        return Err(PackError::Damaged);
    }
    let text = std::str::from_utf8(payload).map_err(|_| PackError::Damaged)?;
    let fields: Vec<&str> = text.split(FIELD_SEP).collect();
    let [gpcs, words, pseudo, tricky, passage] = fields[..] else {
        return Err(PackError::Damaged);
    };
    let gpcs = items(PackList::Gpcs, gpcs)?;
    let words = items(PackList::Words, words)?;
    let pseudo = items(PackList::PseudoWords, pseudo)?;
    let tricky = items(PackList::Tricky, tricky)?;
    let passage = (!passage.is_empty()).then_some(passage);
    PracticePack::new(&gpcs, &words, &pseudo, &tricky, passage)
}

fn prefix(version: u32) -> String {
    format!("p{version}.")
}

/// `p{digits}.{body}` → (version, body).
fn split_prefix(fragment: &str) -> Option<(u32, &str)> {
    let rest = fragment.strip_prefix('p')?;
    let (digits, body) = rest.split_once('.')?;
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, body))
}

/// A field's items; an empty field is an empty list. The count is checked before any lookup.
fn items(list: PackList, field: &str) -> Result<Vec<&str>, PackError> {
    if field.is_empty() {
        return Ok(Vec::new());
    }
    let items: Vec<&str> = field.split(ITEM_SEP).collect();
    if items.len() > list.max() {
        return Err(PackError::TooManyItems {
            list,
            count: items.len(),
        });
    }
    Ok(items)
}

/// CRC-32 (IEEE 802.3, as zip and PNG use) of `a` then `b`. Bitwise: links are a few hundred
/// bytes, so a table is not worth its size in the wasm.
pub(super) fn crc32(a: &[u8], b: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in a.iter().chain(b) {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}
