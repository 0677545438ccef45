//! What can stop a sync, named for a teacher, and how long to wait before trying again.

use std::fmt;

/// Why a sync round stopped. `Display` is the message the status shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncError {
    /// No answer at all: no network, the server is off, or the address is wrong.
    Network,
    /// 401: the CouchDB user name or password was refused.
    WrongPassword,
    /// 403: the user may not read or write this database.
    NotAllowed,
    /// The school key does not open the school's key-check document.
    WrongKey,
    /// The address answers, but not as CouchDB does.
    NotCouchDb { detail: String },
    /// The database does not exist and this user may not create it.
    NoDatabase,
    /// The server refused to store more (413, 507, or CouchDB's out-of-space errors).
    ServerFull,
    /// Any other error status.
    Server { status: u16, detail: String },
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::Network => write!(
                f,
                "The school server could not be reached (no network, or the server is off). \
                 Results are safe on this device; sync will try again."
            ),
            SyncError::WrongPassword => write!(
                f,
                "The school server did not accept the sync user name or password. Check them in \
                 Settings → School sync (ask whoever set up sync for the school)."
            ),
            SyncError::NotAllowed => write!(
                f,
                "The sync user may not use this school database. Whoever runs the server must \
                 give it access (CouchDB: the database's _security members)."
            ),
            SyncError::WrongKey => write!(
                f,
                "The school key is not this school's: the server's data cannot be opened with it. \
                 Nothing was changed on this device. Scan the school's sync code again, or type \
                 the key carefully."
            ),
            SyncError::NotCouchDb { detail } => write!(
                f,
                "The sync address does not lead to a CouchDB server ({detail}). Check the server \
                 address in Settings → School sync."
            ),
            SyncError::NoDatabase => write!(
                f,
                "The school database does not exist on the server, and this user may not create \
                 it. Whoever runs the server must create it (or check the database name)."
            ),
            SyncError::ServerFull => write!(
                f,
                "The school server is full and refused to store more. Results are safe on this \
                 device; whoever runs the server must free space or raise its limits."
            ),
            SyncError::Server { status, detail } => write!(
                f,
                "The school server answered with an error ({status}{}). Sync will try again.",
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(": {detail}")
                }
            ),
        }
    }
}

impl SyncError {
    /// The error for an unexpected HTTP answer, from its status and CouchDB's error body
    /// (`{"error":"...","reason":"..."}`).
    pub fn from_status(status: u16, body: &str) -> SyncError {
        let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        let error = json["error"].as_str().unwrap_or_default();
        let reason = json["reason"].as_str().unwrap_or_default();
        let full = [
            "insufficient_storage",
            "too_large",
            "file_too_large",
            "enospc",
        ]
        .iter()
        .any(|e| error.contains(e) || reason.to_lowercase().contains(e));
        match status {
            401 => SyncError::WrongPassword,
            403 => SyncError::NotAllowed,
            413 | 507 => SyncError::ServerFull,
            _ if full => SyncError::ServerFull,
            _ => SyncError::Server {
                status,
                detail: [error, reason]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(": "),
            },
        }
    }

    /// Whether trying again by itself can help; the others need a person to change a setting.
    pub fn retries(&self) -> bool {
        matches!(
            self,
            SyncError::Network | SyncError::ServerFull | SyncError::Server { .. }
        )
    }
}

/// Seconds to wait before the next try after `failures` failed rounds in a row: 5 s, doubling,
/// at most 10 minutes (PouchDB's back-off has the same shape). The shell adds any jitter.
pub fn retry_after_seconds(failures: u32) -> u32 {
    if failures == 0 {
        return 0;
    }
    5u32.saturating_mul(1 << (failures - 1).min(10)).min(600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_couchdb_bodies_name_the_problem() {
        let unauthorized = r#"{"error":"unauthorized","reason":"Name or password is incorrect."}"#;
        assert_eq!(
            SyncError::from_status(401, unauthorized),
            SyncError::WrongPassword
        );
        assert_eq!(SyncError::from_status(413, ""), SyncError::ServerFull);
        assert_eq!(
            SyncError::from_status(500, r#"{"error":"insufficient_storage","reason":"x"}"#),
            SyncError::ServerFull
        );
        let other = SyncError::from_status(500, r#"{"error":"badarg"}"#);
        assert_eq!(
            other.to_string(),
            "The school server answered with an error (500: badarg). Sync will try again."
        );
        assert!(other.retries() && !SyncError::WrongKey.retries());
        assert!(SyncError::WrongKey
            .to_string()
            .contains("Nothing was changed"));
    }

    #[test]
    fn back_off_doubles_to_ten_minutes() {
        let waits: Vec<u32> = (0..9).map(retry_after_seconds).collect();
        assert_eq!(waits, [0, 5, 10, 20, 40, 80, 160, 320, 600]);
        assert_eq!(retry_after_seconds(1000), 600);
    }
}
