pub mod classes;
mod coming_soon;
mod import;
mod not_found;
mod pupils;
mod settings;

pub use classes::{ClassPage, ClassesPage};
pub use coming_soon::{ChecksPage, PracticePage, ProgressPage};
pub use import::ImportPage;
pub use not_found::NotFound;
pub use pupils::{NewPupilPage, PupilPage};
pub use settings::SettingsPage;
