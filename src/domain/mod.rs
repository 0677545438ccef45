//! The rules of ReadBy7 in plain Rust: no browser, no framework, no storage.
//! Everything here is tested natively with `cargo test`.

pub mod ids;
pub mod model;
pub mod phonics;
pub mod quota;
pub mod schema;
pub mod settings;
