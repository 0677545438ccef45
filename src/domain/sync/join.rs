//! Joining a school's sync: its settings as one QR payload or link, and the school key alone as
//! a short code a person can type.
//!
//! **Key code**: the 128-bit key as 26 digits of Crockford's base32 (`0-9A-Z` without I, L, O,
//! U), then Crockford's check symbol (the number mod 37, from `0-9A-Z*~$=U` without I L O),
//! grouped by four: `7K2M-Q9XH-...-4R`. Reading it back ignores case, spaces and hyphens and
//! takes O for 0 and I or L for 1 (Crockford's rules); the check symbol catches any one wrong
//! character and any two neighbours swapped. Written here because the base32 crates do not
//! compute Crockford's check symbol.
//!
//! **Payload**: `readby7-sync:1:` then the unpadded base64url of
//! `{"server","database","user","password","key"}` (the key as its code). A link carries it after
//! `#` (a fragment never reaches a server's logs); [`JoinSettings::parse`] accepts either.

use std::fmt;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::crypto::SchoolKey;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECK_SYMBOLS: &[u8; 37] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
const CODE_DIGITS: usize = 26;
const PAYLOAD_PREFIX: &str = "readby7-sync:1:";

/// What was wrong with a typed key code or a scanned payload. `Display` is for the teacher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JoinError {
    EmptyKey,
    KeyLength {
        found: usize,
    },
    KeyCharacter {
        character: char,
    },
    /// The check symbol does not match: a character was mistyped.
    KeyTypo,
    NotAJoinCode,
    NewerJoinCode,
    Server(String),
    Database(String),
    MissingUser,
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoinError::EmptyKey => write!(f, "Type the school key (27 letters and digits)."),
            JoinError::KeyLength { found } => write!(
                f,
                "A school key has 27 letters and digits; this has {found}. Check for a missing or extra character."
            ),
            JoinError::KeyCharacter { character } => write!(
                f,
                "\"{character}\" is not used in school keys (they have only digits and the letters A-Z without I, L, O and U)."
            ),
            JoinError::KeyTypo => write!(
                f,
                "This school key has a typing mistake (its last character does not match the rest). Check each group of four."
            ),
            JoinError::NotAJoinCode => write!(
                f,
                "This is not a ReadBy7 school sync code. Scan the code shown in Settings → School sync on a device that syncs."
            ),
            JoinError::NewerJoinCode => write!(
                f,
                "This sync code was made by a newer version of ReadBy7. Update the app on this device first."
            ),
            JoinError::Server(why) => write!(f, "The server address is not usable: {why}."),
            JoinError::Database(why) => write!(f, "The database name is not usable: {why}."),
            JoinError::MissingUser => write!(f, "Enter the CouchDB user name for the school."),
        }
    }
}

fn big(key: &SchoolKey) -> u128 {
    u128::from_be_bytes(key.0)
}

impl SchoolKey {
    /// The key as a code to read out or type: 27 characters in groups of four.
    pub fn code(&self) -> String {
        let n = big(self);
        let mut digits: Vec<u8> = (0..CODE_DIGITS)
            .rev()
            .map(|i| ALPHABET[((n >> (5 * i)) & 31) as usize])
            .collect();
        digits.push(CHECK_SYMBOLS[(n % 37) as usize]);
        digits
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Reads a typed code back (see the module documentation for what is forgiven).
    pub fn parse_code(text: &str) -> Result<SchoolKey, JoinError> {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            })
            .collect();
        if chars.is_empty() {
            return Err(JoinError::EmptyKey);
        }
        if chars.len() != CODE_DIGITS + 1 {
            return Err(JoinError::KeyLength { found: chars.len() });
        }
        let mut n: u128 = 0;
        for &c in &chars[..CODE_DIGITS] {
            let value = ALPHABET
                .iter()
                .position(|&a| a as char == c)
                .ok_or(JoinError::KeyCharacter { character: c })?;
            // 26 digits of 5 bits are 130 bits: a first digit over 7 cannot be a 128-bit key.
            n = n
                .checked_mul(32)
                .and_then(|n| n.checked_add(value as u128))
                .ok_or(JoinError::KeyTypo)?;
        }
        let check = chars[CODE_DIGITS];
        let expected = CHECK_SYMBOLS[(n % 37) as usize] as char;
        if !CHECK_SYMBOLS.contains(&(check as u8)) {
            return Err(JoinError::KeyCharacter { character: check });
        }
        if check != expected {
            return Err(JoinError::KeyTypo);
        }
        Ok(SchoolKey(n.to_be_bytes()))
    }
}

/// Everything a device needs to sync with its school.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinSettings {
    /// The CouchDB server: `/db` on the app's own origin (the embedded server), or an
    /// `https://` address (`http://` only for this computer: localhost, 127.0.0.1).
    pub server: String,
    pub database: String,
    pub user: String,
    pub password: String,
    pub key: SchoolKey,
}

#[derive(Serialize, Deserialize)]
struct Wire {
    server: String,
    database: String,
    user: String,
    password: String,
    key: String,
}

impl JoinSettings {
    /// Trims and checks what was typed or scanned.
    pub fn validated(mut self) -> Result<JoinSettings, JoinError> {
        self.server = self.server.trim().trim_end_matches('/').to_string();
        self.database = self.database.trim().to_string();
        self.user = self.user.trim().to_string();
        check_server(&self.server)?;
        check_database(&self.database)?;
        if self.user.is_empty() {
            return Err(JoinError::MissingUser);
        }
        Ok(self)
    }

    /// The QR payload (also what follows `#` in a join link).
    pub fn payload(&self) -> String {
        let wire = Wire {
            server: self.server.clone(),
            database: self.database.clone(),
            user: self.user.clone(),
            password: self.password.clone(),
            key: self.key.code(),
        };
        let json = serde_json::to_vec(&wire).unwrap_or_default();
        format!(
            "{PAYLOAD_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
        )
    }

    /// Reads a scanned payload or a pasted join link.
    pub fn parse(text: &str) -> Result<JoinSettings, JoinError> {
        let text = text.trim();
        let start = text.find("readby7-sync:").ok_or(JoinError::NotAJoinCode)?;
        let rest = &text[start..];
        let Some(encoded) = rest.strip_prefix(PAYLOAD_PREFIX) else {
            return Err(JoinError::NewerJoinCode);
        };
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(encoded.trim())
            .map_err(|_| JoinError::NotAJoinCode)?;
        let wire: Wire = serde_json::from_slice(&bytes).map_err(|_| JoinError::NotAJoinCode)?;
        JoinSettings {
            server: wire.server,
            database: wire.database,
            user: wire.user,
            password: wire.password,
            key: SchoolKey::parse_code(&wire.key)?,
        }
        .validated()
    }

    /// The database's address: the server, `/`, the name (its `/` escaped, as CouchDB asks).
    pub fn database_url(&self) -> String {
        let name: String = self
            .database
            .chars()
            .map(|c| match c {
                'a'..='z' | '0'..='9' | '_' | '-' => c.to_string(),
                other => format!("%{:02X}", other as u32),
            })
            .collect();
        format!("{}/{name}", self.server)
    }

    /// The `Authorization` header value for every request (HTTP Basic, as CouchDB takes it).
    pub fn authorization(&self) -> String {
        let pair = format!("{}:{}", self.user, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }
}

fn check_server(server: &str) -> Result<(), JoinError> {
    if server.is_empty() {
        return Err(JoinError::Server("it is empty".into()));
    }
    if server.starts_with('/') && !server.starts_with("//") {
        return Ok(());
    }
    if let Some(rest) = server.strip_prefix("https://") {
        return if rest.is_empty() || rest.starts_with('/') {
            Err(JoinError::Server("it has no host name".into()))
        } else {
            Ok(())
        };
    }
    if let Some(rest) = server.strip_prefix("http://") {
        let host = rest.split(['/', ':']).next().unwrap_or_default();
        return if matches!(host, "localhost" | "127.0.0.1") {
            Ok(())
        } else {
            Err(JoinError::Server(
                "a school server must use https:// (http:// only for this computer)".into(),
            ))
        };
    }
    Err(JoinError::Server(
        "it must start with https:// or be a path on this site such as /db".into(),
    ))
}

/// CouchDB's rule for database names: a lower-case letter, then `a-z 0-9 _ $ ( ) + - /`.
fn check_database(name: &str) -> Result<(), JoinError> {
    let mut chars = name.chars();
    match chars.next() {
        None => Err(JoinError::Database("it is empty".into())),
        Some(c) if !c.is_ascii_lowercase() => Err(JoinError::Database(
            "it must start with a lower-case letter".into(),
        )),
        _ => match chars
            .find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '_' | '$' | '(' | ')' | '+' | '-' | '/'))
        {
            Some(c) => Err(JoinError::Database(format!(
                "\"{c}\" is not allowed (use lower-case letters, digits and _ $ ( ) + - /)"
            ))),
            None => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SchoolKey {
        SchoolKey::from_bytes([
            0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        ])
    }

    #[test]
    fn a_key_code_round_trips_and_forgives_case_and_lookalikes() {
        let code = key().code();
        assert_eq!(code.len(), 27 + 6, "{code}");
        assert_eq!(code.split('-').count(), 7);
        assert_eq!(SchoolKey::parse_code(&code), Ok(key()));
        let sloppy = code
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(SchoolKey::parse_code(&sloppy), Ok(key()));
        for bytes in [[0u8; 16], [255; 16]] {
            let k = SchoolKey::from_bytes(bytes);
            assert_eq!(SchoolKey::parse_code(&k.code()), Ok(k));
        }
    }

    #[test]
    fn every_single_typo_and_swap_is_caught() {
        let code: Vec<char> = key().code().chars().filter(|c| *c != '-').collect();
        for i in 0..code.len() - 1 {
            for &c in ALPHABET {
                let mut typo = code.clone();
                if typo[i] == c as char {
                    continue;
                }
                typo[i] = c as char;
                let text: String = typo.iter().collect();
                assert!(SchoolKey::parse_code(&text).is_err(), "{text}");
            }
            let mut swapped = code.clone();
            swapped.swap(i, i + 1);
            if swapped != code {
                let text: String = swapped.iter().collect();
                assert!(SchoolKey::parse_code(&text).is_err(), "{text}");
            }
        }
        assert_eq!(SchoolKey::parse_code(""), Err(JoinError::EmptyKey));
        assert_eq!(
            SchoolKey::parse_code("ABCD"),
            Err(JoinError::KeyLength { found: 4 })
        );
        let mut bad = key().code();
        bad.replace_range(0..1, "#");
        assert_eq!(
            SchoolKey::parse_code(&bad),
            Err(JoinError::KeyCharacter { character: '#' })
        );
    }

    fn settings() -> JoinSettings {
        JoinSettings {
            server: " https://couch.brecknock.sch.uk/ ".into(),
            database: "readby7".into(),
            user: "tablets".into(),
            password: "horse battery".into(),
            key: key(),
        }
    }

    #[test]
    fn a_payload_or_link_round_trips() {
        let s = settings().validated().expect("valid");
        assert_eq!(s.server, "https://couch.brecknock.sch.uk");
        let payload = s.payload();
        assert!(payload.starts_with("readby7-sync:1:"));
        assert!(
            !payload.contains("horse"),
            "the password is not in plain sight"
        );
        assert_eq!(JoinSettings::parse(&payload), Ok(s.clone()));
        let link = format!("https://app.example/sync/join#{payload}");
        assert_eq!(JoinSettings::parse(&link), Ok(s.clone()));
        assert_eq!(JoinSettings::parse("hello"), Err(JoinError::NotAJoinCode));
        assert_eq!(
            JoinSettings::parse("readby7-sync:2:xyz"),
            Err(JoinError::NewerJoinCode)
        );
        assert_eq!(s.authorization(), "Basic dGFibGV0czpob3JzZSBiYXR0ZXJ5");
        assert_eq!(s.database_url(), "https://couch.brecknock.sch.uk/readby7");
    }

    #[test]
    fn bad_addresses_and_names_are_named() {
        let with = |server: &str, database: &str| {
            JoinSettings {
                server: server.into(),
                database: database.into(),
                ..settings()
            }
            .validated()
        };
        assert!(with("/db", "school").is_ok());
        assert!(with("http://127.0.0.1:5985", "school").is_ok());
        assert!(matches!(
            with("http://couch.school.uk", "school"),
            Err(JoinError::Server(m)) if m.contains("https")
        ));
        assert!(matches!(with("", "school"), Err(JoinError::Server(_))));
        assert!(matches!(with("/db", "School"), Err(JoinError::Database(_))));
        assert!(matches!(with("/db", "a b"), Err(JoinError::Database(m)) if m.contains("\" \"")));
        let s = with("/db", "schools/brecknock").expect("valid");
        assert_eq!(s.database_url(), "/db/schools%2Fbrecknock");
    }
}
