//! School sync (docs to come).
pub mod crypto;
pub mod doc;
pub mod error;
pub mod join;
pub mod rev;
