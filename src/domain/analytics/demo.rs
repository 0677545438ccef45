//! stub
use super::*;
pub const DEMO_YEAR: crate::domain::model::AcademicYear = crate::domain::model::AcademicYear(2025);
pub struct DemoSchool {
    pub classes: Vec<Class>,
    pub pupils: Vec<Pupil>,
    pub sessions: Vec<CheckSession>,
}
pub fn demo_school(_seed: u64) -> DemoSchool {
    DemoSchool {
        classes: vec![],
        pupils: vec![],
        sessions: vec![],
    }
}
