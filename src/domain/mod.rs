//! The rules of ReadBy7 in plain Rust: no browser, no framework, no storage.
//! Everything here is tested natively with `cargo test`.

pub mod analytics;
pub mod borough;
pub mod class;
pub mod dates;
pub mod entry;
pub mod eviction;
pub mod fields;
pub mod fluency;
pub mod history;
pub mod ids;
pub mod import;
pub mod lock;
pub mod model;
pub mod pager;
pub mod phonics;
pub mod practice;
pub mod progress;
pub mod pupil;
pub mod quota;
pub mod records;
pub mod schema;
pub mod screening;
pub mod session;
pub mod settings;
pub mod sync;
pub mod upn;
pub mod words;
