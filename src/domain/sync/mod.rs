//! School sync (docs to come).
pub mod crypto;
pub mod doc;
pub mod error;
pub mod join;
pub mod protocol;
pub mod replicator;
pub mod resolve;
pub mod rev;
