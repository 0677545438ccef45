//! Which data migrations a stored database needs. The store layout only ever grows (the
//! IndexedDB wrapper deletes stores a schema does not declare), and record shapes change
//! through numbered migrations run after the database opens.

use std::fmt;

/// What opening the database must do, given the schema version stored in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaPlan {
    /// A new, empty database: record the current version; nothing to convert.
    Fresh,
    UpToDate,
    /// Run these versions' migrations in order; each one records its version when it commits.
    Migrate(Vec<u32>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaError {
    /// Written by a newer ReadBy7 than this one (e.g. an old tab left open after an update).
    TooNew { stored: u32, known: u32 },
    /// A stored version that no ReadBy7 ever wrote.
    Invalid(u32),
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaError::TooNew { stored, known } => write!(
                f,
                "The data on this device was saved by a newer version of ReadBy7 (data format {stored}; \
                 this version knows up to {known}). Reload the page to get the newer version. \
                 Nothing has been changed."
            ),
            SchemaError::Invalid(v) => write!(
                f,
                "The data on this device has an unknown format number ({v}). Nothing has been changed; \
                 restore a backup or contact support."
            ),
        }
    }
}

/// `stored` is the version in the meta store, `None` when the database was just created.
pub fn plan(stored: Option<u32>, current: u32) -> Result<SchemaPlan, SchemaError> {
    match stored {
        None => Ok(SchemaPlan::Fresh),
        Some(0) => Err(SchemaError::Invalid(0)),
        Some(v) if v == current => Ok(SchemaPlan::UpToDate),
        Some(v) if v > current => Err(SchemaError::TooNew {
            stored: v,
            known: current,
        }),
        Some(v) => Ok(SchemaPlan::Migrate(((v + 1)..=current).collect())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_for_each_stored_version() {
        assert_eq!(plan(None, 3), Ok(SchemaPlan::Fresh));
        assert_eq!(plan(Some(3), 3), Ok(SchemaPlan::UpToDate));
        assert_eq!(plan(Some(1), 3), Ok(SchemaPlan::Migrate(vec![2, 3])));
        assert_eq!(plan(Some(2), 3), Ok(SchemaPlan::Migrate(vec![3])));
        assert_eq!(
            plan(Some(4), 3),
            Err(SchemaError::TooNew {
                stored: 4,
                known: 3
            })
        );
        assert_eq!(plan(Some(0), 3), Err(SchemaError::Invalid(0)));
    }

    #[test]
    fn errors_tell_the_user_nothing_changed() {
        let msg = SchemaError::TooNew {
            stored: 5,
            known: 2,
        }
        .to_string();
        assert!(msg.contains("newer version"), "{msg}");
        assert!(msg.contains("Nothing has been changed"), "{msg}");
    }
}
