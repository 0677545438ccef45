//! National reference figures, with their source, shown beside the borough's own.
//! From /shared/domain/national-figures.md; update each October when the DfE publishes.

/// One published figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NationalFigure {
    pub label: &'static str,
    /// Whole percent, or percentage points for a gap.
    pub value: u8,
    pub points: bool,
    pub source: &'static str,
}

pub const PHONICS_2024_25: &str = "DfE, Explore education statistics, \u{201c}Phonics screening check attainment, 2024/25\u{201d} (October 2025)";
pub const AMBITION_SOURCE: &str = "Government ambition set in October 2025";

/// England, 2024/25, and the ambition.
pub const NATIONAL: [NationalFigure; 5] = [
    NationalFigure {
        label: "Year 1 pupils meeting the expected standard, England 2024/25",
        value: 80,
        points: false,
        source: PHONICS_2024_25,
    },
    NationalFigure {
        label: "Disadvantaged Year 1 pupils meeting the standard, England 2024/25",
        value: 67,
        points: false,
        source: PHONICS_2024_25,
    },
    NationalFigure {
        label: "Disadvantage gap, Years 1 and 2 combined, England 2024/25",
        value: 17,
        points: true,
        source: PHONICS_2024_25,
    },
    NationalFigure {
        label: "London, Year 1 meeting the standard, 2024/25",
        value: 82,
        points: false,
        source: PHONICS_2024_25,
    },
    NationalFigure {
        label: "Ambition: pupils meeting the standard by the end of Year 1",
        value: 90,
        points: false,
        source: AMBITION_SOURCE,
    },
];

impl NationalFigure {
    /// "80%" or "17 points".
    pub fn value_label(&self) -> String {
        if self.points {
            format!("{} points", self.value)
        } else {
            format!("{}%", self.value)
        }
    }
}
