mod coming_soon;
mod not_found;
mod settings;

pub use coming_soon::{ChecksPage, ClassesPage, PracticePage, ProgressPage};
pub use not_found::NotFound;
pub use settings::SettingsPage;
