mod check;
pub mod classes;
mod coming_soon;
pub mod fluency;
mod import;
mod not_found;
mod pupils;
mod screening;
mod settings;

pub use check::ChecksPage;
pub use classes::{ClassPage, ClassesPage};
pub use coming_soon::{PracticePage, ProgressPage};
pub use fluency::{FluencyPage, FluencyStartPage, PrintPassagePage};
pub use import::ImportPage;
pub use not_found::NotFound;
pub use pupils::{NewPupilPage, PupilPage};
pub use screening::{ResultsPage, ScreeningPage};
pub use settings::SettingsPage;
