//! US oral reading fluency norms (Hasbrouck & Tindal, 2017) from `data/norms.tsv`, and where
//! a WCPM falls among them.
//!
//! England's Year 2 (age 6-7) compares with US grade 1 and Year 3 with grade 2; the autumn,
//! spring and summer terms with fall, winter and spring. Reception and Year 1 have no norms
//! (US kindergarten has no ORF norms), and grade 1 has none in fall: the comparison says so
//! rather than guess. Every text produced here names the norms as US norms.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::model::YearGroup;
use crate::domain::phonics::ContentError;

use super::data_lines;
use super::level::Term;
use super::score::Wcpm;

/// Who the norms are by, for every text that quotes them.
pub const NORMS_SOURCE: &str = "Hasbrouck & Tindal (2017)";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum UsGrade {
    One,
    Two,
}

impl UsGrade {
    pub fn number(self) -> u8 {
        match self {
            UsGrade::One => 1,
            UsGrade::Two => 2,
        }
    }

    /// The US grade an England year compares with: Year 2 → grade 1, Year 3 → grade 2.
    /// `None` for Reception and Year 1 (US kindergarten has no ORF norms) and from Year 4.
    pub fn for_england_year(year: u8) -> Option<UsGrade> {
        match year {
            2 => Some(UsGrade::One),
            3 => Some(UsGrade::Two),
            _ => None,
        }
    }

    /// The US grade a ReadBy7 year group compares with (only Year 2 has one).
    pub fn for_year_group(year: YearGroup) -> Option<UsGrade> {
        match year {
            YearGroup::Reception => None,
            YearGroup::Year1 => UsGrade::for_england_year(1),
            YearGroup::Year2 => UsGrade::for_england_year(2),
        }
    }

    /// The England year it stands for, for labels.
    pub fn england_year(self) -> u8 {
        self.number() + 1
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum UsSeason {
    Fall,
    Winter,
    Spring,
}

impl UsSeason {
    pub const ALL: [UsSeason; 3] = [UsSeason::Fall, UsSeason::Winter, UsSeason::Spring];

    pub fn label(self) -> &'static str {
        match self {
            UsSeason::Fall => "fall",
            UsSeason::Winter => "winter",
            UsSeason::Spring => "spring",
        }
    }

    /// Autumn ↔ fall, spring ↔ winter, summer ↔ spring.
    pub fn for_term(term: Term) -> UsSeason {
        match term {
            Term::Autumn => UsSeason::Fall,
            Term::Spring => UsSeason::Winter,
            Term::Summer => UsSeason::Spring,
        }
    }

    fn term(self) -> Term {
        match self {
            UsSeason::Fall => Term::Autumn,
            UsSeason::Winter => Term::Spring,
            UsSeason::Spring => Term::Summer,
        }
    }
}

/// The percentiles the table gives.
pub const PERCENTILES: [u8; 5] = [10, 25, 50, 75, 90];

/// Where a WCPM falls between the table's percentiles. At a percentile's value counts as at
/// or above it: 60 WCPM in grade 1 spring (50th percentile 60) is "between the 50th and 75th".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PercentileBand {
    Below10th,
    From10thTo25th,
    From25thTo50th,
    From50thTo75th,
    From75thTo90th,
    AtOrAbove90th,
}

impl PercentileBand {
    /// A short label that names the norms: "Between the 25th and 50th percentiles (US norms)".
    pub fn label(self) -> String {
        let phrase = self.phrase();
        let mut label = phrase[..1].to_uppercase();
        label.push_str(&phrase[1..]);
        label + " (US norms)"
    }

    /// For use inside a sentence that already names the US norms.
    fn phrase(self) -> &'static str {
        match self {
            PercentileBand::Below10th => "below the 10th percentile",
            PercentileBand::From10thTo25th => "between the 10th and 25th percentiles",
            PercentileBand::From25thTo50th => "between the 25th and 50th percentiles",
            PercentileBand::From50thTo75th => "between the 50th and 75th percentiles",
            PercentileBand::From75thTo90th => "between the 75th and 90th percentiles",
            PercentileBand::AtOrAbove90th => "at or above the 90th percentile",
        }
    }

    fn from_index(i: usize) -> PercentileBand {
        match i {
            0 => PercentileBand::Below10th,
            1 => PercentileBand::From10thTo25th,
            2 => PercentileBand::From25thTo50th,
            3 => PercentileBand::From50thTo75th,
            4 => PercentileBand::From75thTo90th,
            _ => PercentileBand::AtOrAbove90th,
        }
    }
}

/// What the US norms say about a WCPM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NormComparison {
    Compared {
        wcpm: Wcpm,
        grade: UsGrade,
        season: UsSeason,
        band: PercentileBand,
        /// The 50th percentile's WCPM.
        median: u32,
    },
    /// Reception and Year 1: US kindergarten has no ORF norms.
    NoNormsForYear { year: YearGroup },
    /// The table has no value for this grade and season (grade 1 fall: the table starts
    /// grade 1 in winter). `nearest` is the same grade's nearest season that has values, as a
    /// guide with its own label.
    NoNormsForSeason {
        grade: UsGrade,
        season: UsSeason,
        #[serde(default)]
        nearest: Option<NearestNorm>,
    },
}

/// Where a WCPM falls in the nearest season the table has, when the pupil's own has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearestNorm {
    pub wcpm: Wcpm,
    pub season: UsSeason,
    pub band: PercentileBand,
    /// That season's 50th percentile WCPM.
    pub median: u32,
}

impl NormComparison {
    /// Hasbrouck & Tindal: 10 or more WCPM below the 50th percentile likely needs fluency
    /// support. They mean the average of two unpractised readings, so one read is a prompt to
    /// check, not a finding.
    pub fn likely_needs_support(&self) -> Option<bool> {
        match *self {
            NormComparison::Compared { wcpm, median, .. } => Some(wcpm.0 + 10 <= median),
            _ => None,
        }
    }

    /// A sentence for teachers, always naming the norms as US norms.
    pub fn describe(&self) -> String {
        match *self {
            NormComparison::Compared {
                wcpm,
                grade,
                season,
                band,
                median,
            } => format!(
                "{wcpm} is {} of US grade {} readers in {} (US norms, {NORMS_SOURCE}; \
                 compared as England Year {} {}; US 50th percentile: {median} WCPM).",
                band.phrase(),
                grade.number(),
                season.label(),
                grade.england_year(),
                season.term().label().to_lowercase(),
            ),
            NormComparison::NoNormsForYear { year } => format!(
                "No US norms for {}: the US norms of {NORMS_SOURCE} start in grade 1 \
                 (England Year 2); US kindergarten has no oral reading fluency norms.",
                year.label()
            ),
            NormComparison::NoNormsForSeason {
                grade,
                season,
                nearest,
            } => {
                let missing = format!(
                    "No US percentile for England Year {} {}: the US norms of {NORMS_SOURCE} \
                     have none for grade {} in {}",
                    grade.england_year(),
                    season.term().label().to_lowercase(),
                    grade.number(),
                    season.label(),
                );
                match nearest {
                    Some(n) => format!(
                        "{missing}; their grade {} table starts in {}. Nearest norm, US grade {} \
                         {} (England Year {} {}), as a guide only: {} is {} (US 50th \
                         percentile: {} WCPM).",
                        grade.number(),
                        n.season.label(),
                        grade.number(),
                        n.season.label(),
                        grade.england_year(),
                        n.season.term().label().to_lowercase(),
                        n.wcpm,
                        n.band.phrase(),
                        n.median,
                    ),
                    None => format!("{missing}."),
                }
            }
        }
    }
}

impl fmt::Display for NormComparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// The norms table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Norms {
    /// (grade, season) → WCPM at each of [`PERCENTILES`], or `None` where the table has "-".
    cells: Vec<(UsGrade, UsSeason, Option<[u32; 5]>)>,
}

impl Norms {
    /// The WCPM at each percentile, `None` where the table has no value.
    pub fn values(&self, grade: UsGrade, season: UsSeason) -> Option<[u32; 5]> {
        self.cells
            .iter()
            .find(|(g, s, _)| *g == grade && *s == season)
            .and_then(|(_, _, v)| *v)
    }

    /// Where `wcpm` falls for a US grade and season. A season the table has no values for
    /// gets the same grade's nearest season that has them (the earlier one on a tie), labelled.
    pub fn compare_us(&self, wcpm: Wcpm, grade: UsGrade, season: UsSeason) -> NormComparison {
        let band = |values: [u32; 5]| {
            PercentileBand::from_index(values.iter().filter(|&&v| wcpm.0 >= v).count())
        };
        match self.values(grade, season) {
            Some(values) => NormComparison::Compared {
                wcpm,
                grade,
                season,
                band: band(values),
                median: values[2],
            },
            None => {
                let nearest = UsSeason::ALL
                    .into_iter()
                    .filter_map(|s| self.values(grade, s).map(|v| (s, v)))
                    .min_by_key(|(s, _)| (*s as i32 - season as i32).abs())
                    .map(|(s, values)| NearestNorm {
                        wcpm,
                        season: s,
                        band: band(values),
                        median: values[2],
                    });
                NormComparison::NoNormsForSeason {
                    grade,
                    season,
                    nearest,
                }
            }
        }
    }

    /// Where `wcpm` falls for a ReadBy7 year group and term (mapping in the module docs).
    pub fn compare(&self, wcpm: Wcpm, year: YearGroup, term: Term) -> NormComparison {
        match UsGrade::for_year_group(year) {
            Some(grade) => self.compare_us(wcpm, grade, UsSeason::for_term(term)),
            None => NormComparison::NoNormsForYear { year },
        }
    }

    /// Parses `data/norms.tsv` (columns in its header). Each grade needs every percentile
    /// once; a season is all numbers or all "-"; values rise with the percentile.
    pub fn parse(file: &'static str, text: &str) -> Result<Norms, ContentError> {
        // (grade, percentile index) → [fall, winter, spring]
        let mut rows: Vec<(UsGrade, usize, [Option<u32>; 3])> = Vec::new();
        for (line, row) in data_lines(text) {
            let error = |message: String| ContentError {
                file,
                line,
                message,
            };
            let [grade, percentile, fall, winter, spring] = row.split('\t').collect::<Vec<_>>()[..]
            else {
                return Err(error(
                    "expected 5 tab-separated columns (grade, percentile, fall, winter, spring)"
                        .into(),
                ));
            };
            let grade = match grade {
                "1" => UsGrade::One,
                "2" => UsGrade::Two,
                other => return Err(error(format!("the grade must be 1 or 2, not \"{other}\""))),
            };
            let p = PERCENTILES
                .iter()
                .position(|p| p.to_string() == percentile)
                .ok_or_else(|| {
                    error(format!(
                        "the percentile must be 10, 25, 50, 75 or 90, not \"{percentile}\""
                    ))
                })?;
            let mut values = [None; 3];
            for (slot, cell) in values.iter_mut().zip([fall, winter, spring]) {
                *slot = match cell {
                    "-" => None,
                    n => Some(n.parse::<u32>().map_err(|_| {
                        error(format!("\"{n}\" is not a number of words or \"-\""))
                    })?),
                };
            }
            if rows.iter().any(|(g, q, _)| *g == grade && *q == p) {
                return Err(error(format!(
                    "grade {} percentile {percentile} is listed twice",
                    grade.number()
                )));
            }
            rows.push((grade, p, values));
        }
        let mut cells = Vec::new();
        for grade in [UsGrade::One, UsGrade::Two] {
            for (s, season) in UsSeason::ALL.into_iter().enumerate() {
                let column: Vec<Option<u32>> = (0..PERCENTILES.len())
                    .map(|p| {
                        rows.iter()
                            .find(|(g, q, _)| *g == grade && *q == p)
                            .map(|(_, _, v)| v[s])
                            .ok_or_else(|| ContentError {
                                file,
                                line: 0,
                                message: format!(
                                    "grade {} has no row for the {}th percentile",
                                    grade.number(),
                                    PERCENTILES[p]
                                ),
                            })
                    })
                    .collect::<Result<_, _>>()?;
                let problem = |message: String| ContentError {
                    file,
                    line: 0,
                    message: format!("grade {} {}: {message}", grade.number(), season.label()),
                };
                let values = if column.iter().all(Option::is_none) {
                    None
                } else {
                    let values: Vec<u32> = column
                        .iter()
                        .copied()
                        .collect::<Option<_>>()
                        .ok_or_else(|| {
                            problem("some percentiles have values and some \"-\"".into())
                        })?;
                    if !values.windows(2).all(|w| w[0] < w[1]) {
                        return Err(problem("values must rise with the percentile".into()));
                    }
                    let five: [u32; 5] = values
                        .try_into()
                        .map_err(|_| problem("expected five percentiles".into()))?;
                    Some(five)
                };
                cells.push((grade, season, values));
            }
        }
        Ok(Norms { cells })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms() -> &'static Norms {
        super::super::norms().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_table_is_the_published_one() {
        let n = norms();
        assert_eq!(n.values(UsGrade::One, UsSeason::Fall), None);
        assert_eq!(
            n.values(UsGrade::One, UsSeason::Winter),
            Some([9, 16, 29, 59, 97])
        );
        assert_eq!(
            n.values(UsGrade::One, UsSeason::Spring),
            Some([18, 34, 60, 91, 116])
        );
        assert_eq!(
            n.values(UsGrade::Two, UsSeason::Fall),
            Some([23, 36, 50, 84, 111])
        );
        assert_eq!(
            n.values(UsGrade::Two, UsSeason::Winter),
            Some([35, 59, 84, 109, 131])
        );
        assert_eq!(
            n.values(UsGrade::Two, UsSeason::Spring),
            Some([43, 72, 100, 124, 148])
        );
    }

    #[test]
    fn a_wcpm_falls_in_a_percentile_band() {
        use PercentileBand::*;
        let cases = [
            // Year 2 summer = grade 1 spring: 18 34 60 91 116
            (0, YearGroup::Year2, Term::Summer, Some(Below10th)),
            (17, YearGroup::Year2, Term::Summer, Some(Below10th)),
            (18, YearGroup::Year2, Term::Summer, Some(From10thTo25th)),
            (59, YearGroup::Year2, Term::Summer, Some(From25thTo50th)),
            (60, YearGroup::Year2, Term::Summer, Some(From50thTo75th)),
            (115, YearGroup::Year2, Term::Summer, Some(From75thTo90th)),
            (116, YearGroup::Year2, Term::Summer, Some(AtOrAbove90th)),
            // Year 2 spring = grade 1 winter: 9 16 29 59 97
            (40, YearGroup::Year2, Term::Spring, Some(From50thTo75th)),
            (40, YearGroup::Year2, Term::Autumn, None),
            (40, YearGroup::Year1, Term::Summer, None),
            (40, YearGroup::Reception, Term::Summer, None),
        ];
        for (wcpm, year, term, want) in cases {
            let got = match norms().compare(Wcpm(wcpm), year, term) {
                NormComparison::Compared { band, .. } => Some(band),
                _ => None,
            };
            assert_eq!(got, want, "{wcpm} {year:?} {term:?}");
        }
    }

    #[test]
    fn missing_norms_say_so_and_every_text_says_us_norms() {
        let n = norms();
        let cases = [
            (
                n.compare(Wcpm(40), YearGroup::Year1, Term::Summer),
                "No US norms for Year 1",
            ),
            (
                n.compare(Wcpm(40), YearGroup::Year2, Term::Autumn),
                "No US percentile for England Year 2 autumn: the US norms of Hasbrouck & \
                 Tindal (2017) have none for grade 1 in fall; their grade 1 table starts in \
                 winter. Nearest norm, US grade 1 winter (England Year 2 spring), as a guide \
                 only: 40 WCPM is between the 50th and 75th percentiles (US 50th percentile: \
                 29 WCPM).",
            ),
            (
                n.compare(Wcpm(45), YearGroup::Year2, Term::Summer),
                "45 WCPM is between the 25th and 50th percentiles of US grade 1 readers in spring",
            ),
            (
                n.compare_us(Wcpm(150), UsGrade::Two, UsSeason::Spring),
                "at or above the 90th percentile of US grade 2 readers in spring (US norms",
            ),
        ];
        for (comparison, expected) in cases {
            let text = comparison.describe();
            assert!(text.contains(expected), "{text}");
            assert!(text.contains("US norm"), "{text}");
            assert!(text.contains("Hasbrouck & Tindal (2017)"), "{text}");
        }
        assert!(n
            .compare_us(Wcpm(150), UsGrade::Two, UsSeason::Spring)
            .describe()
            .contains("England Year 3 summer"));
    }

    #[test]
    fn band_labels_name_the_us_norms() {
        assert_eq!(
            PercentileBand::From25thTo50th.label(),
            "Between the 25th and 50th percentiles (US norms)"
        );
        assert_eq!(
            PercentileBand::AtOrAbove90th.label(),
            "At or above the 90th percentile (US norms)"
        );
    }

    #[test]
    fn england_years_map_to_us_grades() {
        let cases = [
            (0, None),
            (1, None),
            (2, Some(UsGrade::One)),
            (3, Some(UsGrade::Two)),
            (4, None),
        ];
        for (year, grade) in cases {
            assert_eq!(UsGrade::for_england_year(year), grade, "{year}");
        }
        assert_eq!(
            UsGrade::for_year_group(YearGroup::Year2),
            Some(UsGrade::One)
        );
        assert_eq!(UsGrade::for_year_group(YearGroup::Year1), None);
        assert_eq!(UsSeason::for_term(Term::Spring), UsSeason::Winter);
    }

    #[test]
    fn ten_below_the_median_suggests_support() {
        let n = norms();
        // Year 2 summer: median 60.
        let cases = [(50, Some(true)), (51, Some(false)), (60, Some(false))];
        for (wcpm, want) in cases {
            let c = n.compare(Wcpm(wcpm), YearGroup::Year2, Term::Summer);
            assert_eq!(c.likely_needs_support(), want, "{wcpm}");
        }
        let none = n.compare(Wcpm(5), YearGroup::Year1, Term::Summer);
        assert_eq!(none.likely_needs_support(), None);
    }

    #[test]
    fn bad_tables_are_named() {
        let full = |extra: &str| {
            let mut text = String::new();
            for g in ["1", "2"] {
                for (p, v) in [("10", 1), ("25", 2), ("50", 3), ("75", 4), ("90", 5)] {
                    text.push_str(&format!("{g}\t{p}\t-\t{v}\t{}\n", v * 10));
                }
            }
            text + extra
        };
        assert!(Norms::parse("n.tsv", &full("")).is_ok());
        let cases = [
            ("1\t10\t1\t2\n".to_string(), "5 tab-separated columns"),
            ("3\t10\t1\t2\t3\n".to_string(), "grade must be 1 or 2"),
            ("1\t20\t1\t2\t3\n".to_string(), "percentile must be"),
            ("1\t10\tx\t2\t3\n".to_string(), "not a number"),
            (full("1\t10\t-\t1\t10\n"), "listed twice"),
            ("1\t10\t-\t1\t10\n".to_string(), "no row for the 25th"),
            (
                full("").replacen("1\t10\t-\t1", "1\t10\t-\t9", 1),
                "rise with the percentile",
            ),
            (
                full("").replacen("1\t10\t-", "1\t10\t4", 1),
                "some percentiles have values",
            ),
        ];
        for (text, expected) in cases {
            let err = Norms::parse("n.tsv", &text).expect_err(&text);
            assert!(err.message.contains(expected), "{text:?}: {err}");
        }
    }
}
