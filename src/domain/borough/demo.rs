//! The demo borough: 40 fictional primary schools, each made by the demo school generator
//! (`analytics::demo`) from its own seed and shape, summarised exactly as a real school's
//! export is. Only the summaries are kept: the borough view never sees a pupil.
//!
//! Spread: one-, two- or three-form entry (Years 1 and 2; Reception is not summarised so it
//! is not generated), 15–55% disadvantaged, a school effect on reading strength (sd 0.35)
//! and a gap effect (sd 0.3) on top of the generator's own disadvantage penalty, so school
//! shares meeting the standard run from the 60s to the 90s with gaps from about 0 to 30 points.

use time::{Date, Month, OffsetDateTime, Time};

use super::summary::{school_summary, SchoolIdentity, SchoolSummary};
use crate::domain::analytics::{demo_school_shaped, Analytics, DemoShape, Options, DEMO_YEAR};

pub const DEMO_BOROUGH_SCHOOLS: usize = 40;
/// Camden's LA number.
pub const DEMO_LA: &str = "202";
const DEMO_BOROUGH_SEED: u64 = 19;

const FIRST: [&str; 8] = [
    "Alder", "Bramble", "Cobble", "Elder", "Fernhill", "Juniper", "Larkspur", "Rowan",
];
const SECOND: [&str; 5] = ["Lane", "Green", "Gardens", "Park", "Rise"];

/// SplitMix64, for the shapes only (each school's pupils come from the demo generator).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn unit(seed: u64, k: u64) -> f64 {
    (mix(seed.wrapping_mul(31).wrapping_add(k)) >> 11) as f64 / (1u64 << 53) as f64
}

/// A standard normal draw (Box-Muller) for school `seed`, draw `k`.
fn normal(seed: u64, k: u64) -> f64 {
    let u = unit(seed, k).max(1e-12);
    let v = unit(seed, k + 1);
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// School `i`'s name, URN and shape.
pub fn demo_borough_school(i: usize) -> (SchoolIdentity, DemoShape, u64) {
    let seed = DEMO_BOROUGH_SEED * 1000 + i as u64;
    let name = format!(
        "{} {} Primary (demo)",
        FIRST[i % FIRST.len()],
        SECOND[(i / FIRST.len()) % SECOND.len()]
    );
    let forms = match unit(seed, 1) {
        u if u < 0.35 => 1,
        u if u < 0.8 => 2,
        _ => 3,
    };
    let shape = DemoShape {
        name: name.clone(),
        classes: [0, forms, forms],
        disadvantaged_rate: 0.15 + 0.4 * unit(seed, 2),
        school_effect: 0.35 * normal(seed, 3),
        extra_gap: 0.3 * normal(seed, 5),
    };
    let identity = SchoolIdentity {
        name,
        // Fictional: real URNs are below 160000.
        urn: format!("{}", 990_001 + i),
        la_number: DEMO_LA.into(),
    };
    (identity, shape, seed)
}

/// The day the demo summaries are "exported": the end of the demo year, so every term is in.
pub fn demo_export_day() -> Date {
    Date::from_calendar_date(i32::from(DEMO_YEAR.0) + 1, Month::July, 20).unwrap_or(Date::MIN)
}

/// One demo school's summary.
pub fn demo_borough_summary(i: usize) -> SchoolSummary {
    let (identity, shape, seed) = demo_borough_school(i);
    let school = demo_school_shaped(seed, shape);
    let a = Analytics::new(
        &school.classes,
        &school.pupils,
        &school.sessions,
        Options::default(),
    );
    let day = demo_export_day();
    school_summary(
        &a,
        identity,
        DEMO_YEAR,
        day,
        OffsetDateTime::new_utc(day, Time::MIDNIGHT),
    )
}

/// All 40, in school order.
pub fn demo_borough() -> Vec<SchoolSummary> {
    (0..DEMO_BOROUGH_SCHOOLS)
        .map(demo_borough_summary)
        .collect()
}
