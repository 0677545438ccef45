//! A fictional school to show the reading lead's view on: "Brunswick Park Primary" (made up)
//! in Camden (LA 202), 2025/26, built deterministically from a seed.
//!
//! # What it contains
//! - 20 classes of 30: 7 Reception, 7 Year 1, 6 Year 2 (600 pupils). Names are made up by
//!   combining diverse London forenames and surnames; dates of birth fall in the right school
//!   year for each year group; about 27% disadvantaged, 13% SEND (more among disadvantaged
//!   pupils, as nationally), 40% EAL, half boys, a few with gender not recorded. Every pupil
//!   has a valid permanent UPN (LA 202, establishment 2999, year of issue = their Reception year).
//! - Years 1 and 2: three screening practice checks (forms 1, 2 and 3 of the real form
//!   generator, one in each term: early November, early March, mid-May) and three fluency
//!   readings on real passages (Year 1 levels 2, 3, 4; Year 2 levels 5, 6, 7), on the same days.
//!   About 1.5% of checks are recorded absent (A) and a few SEND pupils disapplied (D).
//! - Reception: no screening checks (the statutory check is in Year 1) and one fluency reading
//!   in the summer term on a level 1 passage, for about two-thirds of pupils (those reading
//!   connected text by then).
//!
//! Results come from a simple model: each pupil has a reading "strength" (normal), lowered for
//! disadvantage, SEND, EAL and summer birth, plus a small class effect. Marks follow a logistic
//! curve rising each term (Year 1 summer about 80% meeting 32, Year 2 about 90%), and which
//! items a pupil misses follows item difficulty (section 2, pseudo-words and later-taught GPCs
//! are harder), so the heatmap shows a realistic pattern. Fluency WCPM sits around ReadBy7's
//! line with a wide spread. The disadvantaged gap is about 15 points at Year 1 summer.
//!
//! Ids, dates and results depend only on the seed; nothing reads the clock or the OS's random
//! source. Generation is one pass with three form generations; about 0.35 s in an unoptimised
//! debug test build, so far less in release.

use std::collections::HashSet;

use time::{Date, Duration, Month, OffsetDateTime, Time, Weekday};
use uuid::Uuid;

use crate::domain::fluency::{
    passages_at, start_fluency, FluencyRecord, Mark, Passage, PassageLevel, Term, TimerState,
};
use crate::domain::ids::{ClassId, DeviceId, PupilId, SessionId};
use crate::domain::model::{
    AcademicYear, CheckKind, CheckSession, Class, Gender, NotTakenCode, Pupil, Response, ShownItem,
    YearGroup,
};
use crate::domain::phonics;
use crate::domain::screening::form::{generate, Form};
use crate::domain::screening::score::focus_gpc;
use crate::domain::session::{start, NewSession};
use crate::domain::upn::Upn;

/// The academic year the demo school's results are in.
pub const DEMO_YEAR: AcademicYear = AcademicYear(2025);
pub const DEMO_SCHOOL_NAME: &str = "Brunswick Park Primary (demo)";
pub const CLASS_SIZE: usize = 30;

#[derive(Clone, Debug, PartialEq)]
pub struct DemoSchool {
    pub name: String,
    pub year: AcademicYear,
    pub classes: Vec<Class>,
    pub pupils: Vec<Pupil>,
    pub sessions: Vec<CheckSession>,
}

/// SplitMix64 (Vigna): tiny and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In [0, 1), from the top 53 bits.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Standard normal (Box-Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }

    fn uuid(&mut self) -> Uuid {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}

const GIRLS: [&str; 40] = [
    "Amara", "Aisha", "Zara", "Maya", "Olivia", "Amelia", "Fatima", "Hafsa", "Chloe", "Isla",
    "Sofia", "Yasmin", "Nia", "Esme", "Ruby", "Ayesha", "Mei", "Priya", "Leila", "Grace", "Zainab",
    "Freya", "Anaya", "Ivy", "Maryam", "Kemi", "Lily", "Sienna", "Hana", "Elif", "Ada", "Rosa",
    "Aaliyah", "Imani", "Keira", "Noor", "Martha", "Tiana", "Sara", "Wiktoria",
];
const BOYS: [&str; 40] = [
    "Muhammad", "Oliver", "Yusuf", "Noah", "Kwame", "Arlo", "Ibrahim", "Leo", "Theo", "Rayan",
    "Jayden", "Hamza", "George", "Kai", "Omar", "Finn", "Arjun", "Tobi", "Luca", "Ethan", "Idris",
    "Harry", "Samuel", "Zayn", "Jude", "Ali", "Mateo", "Kofi", "Felix", "Adam", "Ravi", "Elijah",
    "Milo", "Bilal", "Oscar", "Chidi", "Jakub", "Dylan", "Hugo", "Ezra",
];
const SURNAMES: [&str; 60] = [
    "Ahmed",
    "Begum",
    "Okafor",
    "Smith",
    "Hussain",
    "Kowalski",
    "Mensah",
    "Jones",
    "Rahman",
    "O'Brien",
    "Adeyemi",
    "Patel",
    "Nguyen",
    "Murphy",
    "Ali",
    "Williams",
    "Osei",
    "Khan",
    "Silva",
    "Brown",
    "Yilmaz",
    "Chowdhury",
    "Taylor",
    "Mohamed",
    "Haile",
    "Davies",
    "Islam",
    "Costa",
    "Wilson",
    "Uddin",
    "Owusu",
    "Evans",
    "Miah",
    "Nowak",
    "Thomas",
    "Abdi",
    "Li",
    "Walker",
    "Kaur",
    "Santos",
    "Roberts",
    "Farah",
    "Wright",
    "Akhtar",
    "Clarke",
    "Ferreira",
    "Hall",
    "Boateng",
    "Green",
    "Singh",
    "Hughes",
    "Demir",
    "Lewis",
    "Adebayo",
    "Wood",
    "Chen",
    "King",
    "Mahmood",
    "Scott",
    "Kamara",
];
const RECEPTION: [&str; 7] = ["Ash", "Beech", "Cedar", "Elm", "Hazel", "Oak", "Willow"];
const YEAR1: [&str; 7] = ["Finch", "Heron", "Kestrel", "Owl", "Robin", "Swift", "Wren"];
const YEAR2: [&str; 6] = ["Brent", "Fleet", "Lea", "Thames", "Tyburn", "Wandle"];
const ASSESSORS: [&str; 6] = ["JB", "AO", "SK", "RM", "HP", "TN"];

/// The demo school for `seed`, in [`DEMO_YEAR`].
pub fn demo_school(seed: u64) -> DemoSchool {
    demo_school_shaped(seed, DemoShape::default())
}

/// What varies between fictional schools (the demo borough makes 40 of them).
#[derive(Clone, Debug, PartialEq)]
pub struct DemoShape {
    pub name: String,
    /// Classes of [`CLASS_SIZE`] in Reception, Year 1 and Year 2 (at most 7, 7 and 6).
    pub classes: [usize; 3],
    /// The share of pupils who are disadvantaged.
    pub disadvantaged_rate: f64,
    /// Added to every pupil's reading strength (a stronger or weaker school).
    pub school_effect: f64,
    /// Taken off disadvantaged pupils' strength on top of the usual 0.5 (a wider or, when
    /// negative, narrower gap).
    pub extra_gap: f64,
}

impl Default for DemoShape {
    /// Brunswick Park Primary, the demo school.
    fn default() -> Self {
        DemoShape {
            name: DEMO_SCHOOL_NAME.to_string(),
            classes: [RECEPTION.len(), YEAR1.len(), YEAR2.len()],
            disadvantaged_rate: 0.27,
            school_effect: 0.0,
            extra_gap: 0.0,
        }
    }
}

/// A fictional school of a given shape; the default shape is [`demo_school`].
pub fn demo_school_shaped(seed: u64, shape: DemoShape) -> DemoSchool {
    Builder::new(seed, DEMO_YEAR, shape).build()
}

struct Builder {
    rng: Rng,
    shape: DemoShape,
    year: AcademicYear,
    devices: [DeviceId; 3],
    forms: Vec<Form>,
    /// Per form, each item's difficulty (higher: missed more).
    difficulty: Vec<Vec<f64>>,
    passages: [Vec<&'static Passage>; 7],
}

fn at(date: Date, hour: u8, minute: u8) -> OffsetDateTime {
    date.with_time(Time::from_hms(hour, minute, 0).unwrap_or(Time::MIDNIGHT))
        .assume_utc()
}

/// 1/(1 + e^-x).
fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl Builder {
    fn new(seed: u64, year: AcademicYear, shape: DemoShape) -> Self {
        let mut rng = Rng(seed ^ 0x5EED_DE40_0000_0007);
        let devices = [(); 3].map(|_| DeviceId::from_uuid(rng.uuid()));
        // Forms 1-3 as a pupil meets them: each avoids the words of the ones before.
        let mut seen: HashSet<String> = HashSet::new();
        let mut forms = Vec::new();
        for number in 1..=3 {
            // The form generator works on embedded data its tests prove; if it ever failed the
            // demo school would simply have no screening checks.
            if let Ok(form) = generate(number, &seen) {
                seen.extend(form.items.iter().map(|i| i.text.clone()));
                forms.push(form);
            }
        }
        let difficulty = forms.iter().map(item_difficulty).collect();
        let level = |n: u8| {
            PassageLevel::new(n)
                .and_then(|l| passages_at(l).ok())
                .unwrap_or_default()
        };
        let passages = [
            level(1),
            level(2),
            level(3),
            level(4),
            level(5),
            level(6),
            level(7),
        ];
        Builder {
            rng,
            shape,
            year,
            devices,
            forms,
            difficulty,
            passages,
        }
    }

    /// A school day (Monday to Friday) in the `span` days from `first`.
    fn school_day(&mut self, first: Date, span: usize) -> OffsetDateTime {
        let mut day = first + Duration::days(self.rng.below(span) as i64);
        while matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            day = day.next_day().unwrap_or(day);
        }
        let hour = 9 + self.rng.below(6) as u8;
        let minute = self.rng.below(60) as u8;
        at(day, hour, minute)
    }

    fn build(mut self) -> DemoSchool {
        let start_year = i32::from(self.year.0);
        let created = at(
            Date::from_calendar_date(start_year, Month::September, 1).unwrap_or(Date::MIN),
            8,
            0,
        );
        let mut classes = Vec::new();
        let mut pupils = Vec::new();
        let mut sessions = Vec::new();
        let groups: [(YearGroup, &[&str]); 3] = [
            (YearGroup::Reception, &RECEPTION),
            (YearGroup::Year1, &YEAR1),
            (YearGroup::Year2, &YEAR2),
        ];
        for (g, (year_group, names)) in groups.into_iter().enumerate() {
            let names = &names[..self.shape.classes[g].min(names.len())];
            let mut serial = 0u32;
            // (pupil, class effect, assessor, device) for the whole year group first, so the
            // strengths can be standardised per group below.
            let mut members: Vec<(Pupil, f64, &str, DeviceId)> = Vec::new();
            for (class_index, name) in names.iter().enumerate() {
                let device = self.devices[class_index % 3];
                let class = Class {
                    id: ClassId::from_uuid(self.rng.uuid()),
                    name: format!("{} {name}", year_group.label()),
                    year_group,
                    academic_year: self.year,
                    archived: false,
                    updated_at: created,
                    device_id: device,
                };
                let class_effect = 0.15 * self.rng.normal();
                let assessor = ASSESSORS[class_index % ASSESSORS.len()];
                for _ in 0..CLASS_SIZE {
                    serial += 1;
                    let pupil = self.pupil(&class, serial, created);
                    members.push((pupil, class_effect, assessor, device));
                }
                classes.push(class);
            }
            let strengths = self.strengths(members.iter().map(|m| &m.0));
            for ((pupil, class_effect, assessor, device), strength) in
                members.into_iter().zip(strengths)
            {
                self.checks(
                    &pupil,
                    strength + class_effect + self.shape.school_effect,
                    assessor,
                    device,
                    &mut sessions,
                );
                pupils.push(pupil);
            }
        }
        DemoSchool {
            name: self.shape.name.clone(),
            year: self.year,
            classes,
            pupils,
            sessions,
        }
    }

    fn pupil(&mut self, class: &Class, serial: u32, created: OffsetDateTime) -> Pupil {
        let rng = &mut self.rng;
        let gender = match rng.below(200) {
            0 => Gender::NotRecorded,
            n if n % 2 == 0 => Gender::Female,
            _ => Gender::Male,
        };
        let forename = match gender {
            Gender::Male => *rng.pick(&BOYS),
            Gender::Female => *rng.pick(&GIRLS),
            Gender::NotRecorded => {
                let girls = rng.chance(0.5);
                *rng.pick(if girls { &GIRLS } else { &BOYS })
            }
        };
        let surname = *rng.pick(&SURNAMES);
        // Reception pupils turn 5 during the year: born September (year - 5) to August (year - 4).
        let years_older = match class.year_group {
            YearGroup::Reception => 0,
            YearGroup::Year1 => 1,
            YearGroup::Year2 => 2,
        };
        let born_from = Date::from_calendar_date(
            i32::from(self.year.0) - 5 - years_older,
            Month::September,
            1,
        )
        .unwrap_or(Date::MIN);
        let date_of_birth = born_from + Duration::days(rng.below(365) as i64);
        let disadvantaged = rng.chance(self.shape.disadvantaged_rate);
        let send = rng.chance(if disadvantaged { 0.19 } else { 0.11 });
        let eal = rng.chance(0.40);
        // Year of issue: the calendar year the pupil started Reception.
        let issued = (i32::from(self.year.0) - years_older).rem_euclid(100);
        let upn = upn(&format!("2022999{issued:02}{serial:03}"));
        Pupil {
            id: PupilId::from_uuid(rng.uuid()),
            upn,
            forename: forename.to_string(),
            surname: surname.to_string(),
            date_of_birth,
            gender,
            year_group: class.year_group,
            class_id: Some(class.id),
            disadvantaged,
            send,
            eal,
            archived: false,
            updated_at: created,
            device_id: class.device_id,
        }
    }

    /// Each pupil's reading strength: a normal draw, standardised within the disadvantaged
    /// and the other pupils of the year group (so a seed cannot give a group an unusually strong
    /// or weak sample and hide the gap), then lowered for the known risk factors.
    fn strengths<'p>(&mut self, pupils: impl Iterator<Item = &'p Pupil>) -> Vec<f64> {
        let pupils: Vec<&Pupil> = pupils.collect();
        let extra_gap = self.shape.extra_gap;
        let mut z: Vec<f64> = pupils.iter().map(|_| self.rng.normal()).collect();
        for group in [true, false] {
            let members: Vec<usize> = (0..pupils.len())
                .filter(|&i| pupils[i].disadvantaged == group)
                .collect();
            if members.len() < 2 {
                continue;
            }
            let n = members.len() as f64;
            let mean = members.iter().map(|&i| z[i]).sum::<f64>() / n;
            let var = members.iter().map(|&i| (z[i] - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let sd = var.sqrt().max(1e-9);
            for &i in &members {
                z[i] = (z[i] - mean) / sd;
            }
        }
        pupils
            .iter()
            .zip(z)
            .map(|(p, mut z)| {
                if p.disadvantaged {
                    z -= 0.5 + extra_gap;
                }
                if p.send {
                    z -= 0.9;
                }
                if p.eal {
                    z -= 0.1;
                }
                if super::is_summer_born(p) {
                    z -= 0.25;
                }
                z
            })
            .collect()
    }

    fn checks(
        &mut self,
        pupil: &Pupil,
        strength: f64,
        assessor: &str,
        device: DeviceId,
        out: &mut Vec<CheckSession>,
    ) {
        let y = i32::from(self.year.0);
        let day = |year: i32, month: Month, d: u8| {
            Date::from_calendar_date(year, month, d).unwrap_or(Date::MIN)
        };
        let windows = [
            (Term::Autumn, day(y, Month::November, 3)),
            (Term::Spring, day(y + 1, Month::March, 2)),
            (Term::Summer, day(y + 1, Month::May, 11)),
        ];
        let disapplied = pupil.send && strength < -2.6;
        for (t, (term, first)) in windows.into_iter().enumerate() {
            let when = self.school_day(first, 19);
            match pupil.year_group {
                YearGroup::Reception => {
                    if term == Term::Summer && self.rng.chance(sigmoid(0.7 + 1.2 * strength)) {
                        let wcpm = 10.0 + 6.0 * strength + 3.0 * self.rng.normal();
                        self.reading(pupil, 1, wcpm, strength, when, assessor, device, out);
                    }
                }
                year => {
                    let y2 = year == YearGroup::Year2;
                    // Logit of the share of items read right: rising each term.
                    let base = if y2 {
                        2.9 + 0.3 * t as f64
                    } else {
                        1.2 + 0.85 * t as f64
                    };
                    let logit = base + 1.2 * strength + 0.3 * self.rng.normal();
                    let mark = (40.0 * sigmoid(logit)).round().clamp(0.0, 40.0) as usize;
                    self.screening(pupil, t, mark, disapplied, when, assessor, device, out);
                    let (level, line) = if y2 {
                        (5 + t as u8, 66.0 + 16.0 * t as f64)
                    } else {
                        (2 + t as u8, 20.0 + 14.0 * t as f64)
                    };
                    let spread = if y2 { 24.0 } else { 13.0 };
                    let wcpm = line + spread * strength + 0.25 * spread * self.rng.normal();
                    let later = when + Duration::minutes(20);
                    self.reading(pupil, level, wcpm, strength, later, assessor, device, out);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn screening(
        &mut self,
        pupil: &Pupil,
        form_index: usize,
        mark: usize,
        disapplied: bool,
        when: OffsetDateTime,
        assessor: &str,
        device: DeviceId,
        out: &mut Vec<CheckSession>,
    ) {
        let Some(form) = self.forms.get(form_index) else {
            return;
        };
        let mut s = start(
            NewSession {
                pupil_id: pupil.id,
                kind: CheckKind::Screening,
                items: form.items.clone(),
                form: Some(form.number),
                scope: None,
                fluency: None,
                assessor: assessor.to_string(),
            },
            when,
            device,
        );
        s.id = SessionId::from_uuid(self.rng.uuid());
        let done = when + Duration::minutes(6);
        let code = if disapplied {
            Some(NotTakenCode::Disapplied)
        } else if self.rng.chance(0.015) {
            Some(NotTakenCode::Absent)
        } else {
            None
        };
        if let Some(code) = code {
            out.push(s.not_taken(code, done));
            return;
        }
        // The easiest items (for this pupil, on this day) are the ones read right.
        let difficulty = &self.difficulty[form_index];
        let mut order: Vec<(f64, usize)> = difficulty
            .iter()
            .enumerate()
            .map(|(i, d)| (d + 0.6 * self.rng.normal(), i))
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut right = vec![false; s.items.len()];
        for &(_, i) in order.iter().take(mark) {
            right[i] = true;
        }
        s.responses = right
            .into_iter()
            .map(|r| {
                Some(if r {
                    Response::Correct
                } else {
                    Response::Incorrect
                })
            })
            .collect();
        out.push(s.finish(done));
    }

    #[allow(clippy::too_many_arguments)]
    fn reading(
        &mut self,
        pupil: &Pupil,
        level: u8,
        wcpm: f64,
        strength: f64,
        when: OffsetDateTime,
        assessor: &str,
        device: DeviceId,
        out: &mut Vec<CheckSession>,
    ) {
        let Some(passages) = self.passages.get(usize::from(level.max(1)) - 1) else {
            return;
        };
        if passages.is_empty() {
            return;
        }
        let passage = passages[self.rng.below(passages.len())];
        let mut s = start_fluency(pupil.id, passage, when, device);
        s.id = SessionId::from_uuid(self.rng.uuid());
        s.assessor = assessor.to_string();
        let words = passage.word_count();
        let accuracy = (0.96 + 0.025 * strength + 0.015 * self.rng.normal()).clamp(0.7, 1.0);
        let correct = wcpm.round().max(0.0) as usize;
        // Words read in the minute, errors included.
        let mut read = (correct as f64 / accuracy).round() as usize;
        let mut seconds = 60u32;
        if read > words {
            // Finished early: the time it took at this pace.
            seconds = ((words * 60).div_ceil(read.max(1)) as u32).clamp(1, 60);
            read = words;
        }
        let errors = ((read as f64) * (1.0 - accuracy)).round() as usize;
        let mut record = FluencyRecord::new(passage.id, passage.level, words);
        // Errors spread through the words read.
        for k in 0..errors.min(read) {
            let index = (k * read) / errors.max(1) + self.rng.below((read / errors.max(1)).max(1));
            if let Some(slot) = record.marks.get_mut(index.min(read.saturating_sub(1))) {
                *slot = Some(Mark::Error);
            }
        }
        record.last_word_read = read.checked_sub(1);
        record.elapsed_ms = seconds * 1000;
        record.timer = TimerState::Ended;
        record.finished_early = read == words && seconds < 60;
        s.fluency = Some(record);
        out.push(s.finish(when + Duration::minutes(3)));
    }
}

/// Item difficulty in a form: section 2 and pseudo-words are harder, and so are words whose
/// focus GPC is taught later.
fn item_difficulty(form: &Form) -> Vec<f64> {
    let catalogue = phonics::catalogue().ok();
    let total = catalogue.map_or(1, |c| c.all().len().max(1)) as f64;
    form.items
        .iter()
        .enumerate()
        .map(|(i, item): (usize, &ShownItem)| {
            let position = catalogue
                .and_then(|c| {
                    let focus = focus_gpc(c, &item.gpcs);
                    c.all().iter().position(|g| g.id.as_str() == focus)
                })
                .unwrap_or(0) as f64;
            let section = if i < 20 { 0.0 } else { 0.8 };
            let pseudo = if item.pseudo { 0.3 } else { 0.0 };
            section + pseudo + 1.2 * position / total
        })
        .collect()
}

/// A valid UPN for these 12 characters: the check letter is the one that parses.
fn upn(rest: &str) -> Option<Upn> {
    "ABCDEFGHJKLMNPQRTUVWXYZ"
        .chars()
        .find_map(|c| Upn::parse(&format!("{c}{rest}")).ok())
}

#[cfg(test)]
mod tests {
    use super::super::{Analytics, Options, Scope, Window};
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_same_seed_gives_the_same_school() {
        let a = demo_school(7);
        let b = demo_school(7);
        assert_eq!(a, b);
        let c = demo_school(8);
        assert_ne!(a.pupils[0].id, c.pupils[0].id);
        assert_ne!(a.sessions.len(), 0);
    }

    #[test]
    fn six_hundred_valid_pupils_in_twenty_classes() {
        let s = demo_school(1);
        assert_eq!(s.classes.len(), 20);
        assert_eq!(s.pupils.len(), 600);
        let ids: HashSet<_> = s.pupils.iter().map(|p| p.id).collect();
        assert_eq!(ids.len(), 600);
        let upns: HashSet<_> = s.pupils.iter().filter_map(|p| p.upn.clone()).collect();
        assert_eq!(upns.len(), 600, "every pupil has a distinct valid UPN");
        assert!(upns
            .iter()
            .all(|u| u.la_number() == "202" && !u.is_temporary()));
        let sessions: HashSet<_> = s.sessions.iter().map(|x| x.id).collect();
        assert_eq!(sessions.len(), s.sessions.len());
        for p in &s.pupils {
            let class = s.classes.iter().find(|c| Some(c.id) == p.class_id);
            assert_eq!(class.map(|c| c.year_group), Some(p.year_group));
            // Born in the right school year.
            let reception_year = AcademicYear::containing(p.date_of_birth).0 + 5;
            let years = match p.year_group {
                YearGroup::Reception => 0,
                YearGroup::Year1 => 1,
                YearGroup::Year2 => 2,
            };
            assert_eq!(reception_year + years, DEMO_YEAR.0, "{}", p.date_of_birth);
        }
        let share = |f: fn(&Pupil) -> bool| s.pupils.iter().filter(|p| f(p)).count() as f64 / 600.0;
        assert!((0.22..=0.32).contains(&share(|p| p.disadvantaged)));
        assert!((0.08..=0.2).contains(&share(|p| p.send)));
        assert!((0.3..=0.5).contains(&share(|p| p.eal)));
    }

    #[test]
    fn checks_per_year_group_and_all_valid() {
        let s = demo_school(3);
        let a = Analytics::new(&s.classes, &s.pupils, &s.sessions, Options::default());
        for p in &s.pupils {
            let mine = a.sessions_of(p.id);
            let screening = mine
                .iter()
                .filter(|x| x.kind == CheckKind::Screening)
                .count();
            let fluency = mine.iter().filter(|x| x.kind == CheckKind::Fluency).count();
            match p.year_group {
                YearGroup::Reception => assert!(screening == 0 && fluency <= 1),
                _ => assert_eq!((screening, fluency), (3, 3)),
            }
            // One of each kind per term.
            let dates = Options::default().term_dates;
            for x in mine {
                assert_eq!(dates.window_of(x.started_at.date()).year, DEMO_YEAR);
                assert!(!x.is_open());
            }
        }
        for x in &s.sessions {
            match x.kind {
                CheckKind::Fluency => {
                    let score = crate::domain::fluency::fluency_score(x);
                    assert!(matches!(score, Some(Ok(_))), "{score:?}");
                }
                _ => {
                    assert_eq!(x.items.len(), 40);
                    assert!(x.form.is_some_and(|f| (1..=3).contains(&f)));
                }
            }
        }
        let reception_read = s
            .sessions
            .iter()
            .filter(|x| {
                x.kind == CheckKind::Fluency
                    && s.pupils
                        .iter()
                        .any(|p| p.id == x.pupil_id && p.year_group == YearGroup::Reception)
            })
            .count();
        assert!((100..=190).contains(&reception_read), "{reception_read}");
    }

    #[test]
    fn the_headline_figures_have_a_realistic_spread() {
        for seed in [1, 2, 3, 4, 5, 6] {
            let s = demo_school(seed);
            let a = Analytics::new(&s.classes, &s.pupils, &s.sessions, Options::default());
            let summer = Window::new(DEMO_YEAR, Term::Summer);
            let autumn = Window::new(DEMO_YEAR, Term::Autumn);
            let y1 = a.screening(Scope::YearGroup(YearGroup::Year1), summer);
            let y1_met = y1.met.percent().unwrap_or(0.0);
            assert!((70.0..=88.0).contains(&y1_met), "Y1 summer met {y1_met}");
            let gap = y1.gap.points.unwrap_or(0.0);
            assert!((8.0..=25.0).contains(&gap), "Y1 summer gap {gap}");
            assert!(y1.gap.reportable);
            let y1_autumn = a.screening(Scope::YearGroup(YearGroup::Year1), autumn);
            assert!(
                y1_autumn.met.percent() < y1.met.percent(),
                "rising through the year"
            );
            let y2 = a.screening(Scope::YearGroup(YearGroup::Year2), summer);
            let y2_met = y2.met.percent().unwrap_or(0.0);
            assert!((82.0..=97.0).contains(&y2_met), "Y2 summer met {y2_met}");
            // A spread of marks, not a spike.
            let marks_used = y1_autumn.histogram.iter().filter(|&&n| n > 0).count();
            assert!(marks_used >= 15, "{marks_used}");
            let f = a.fluency(Scope::YearGroup(YearGroup::Year2), summer);
            let median = f.median_wcpm.unwrap_or(0.0);
            assert!(
                (70.0..=100.0).contains(&median),
                "Y2 summer median {median}"
            );
            assert!(f.bands.hard > 0 && f.bands.independent > f.bands.hard);
            assert!(f.ninety.count > 0 && f.ninety.count < f.ninety.of);
            assert!(y1.not_taken.total() < 15);
        }
    }

    #[test]
    fn every_figure_for_the_whole_demo_school() {
        let started = std::time::Instant::now();
        let s = demo_school(42);
        let built = started.elapsed();
        let a = Analytics::new(&s.classes, &s.pupils, &s.sessions, Options::default());
        let spring = Window::new(DEMO_YEAR, Term::Spring);
        let screening = a.screening(Scope::School, spring);
        assert_eq!(screening.pupils, 600);
        assert_eq!(
            screening.marked + screening.not_taken.total() + screening.not_checked,
            600
        );
        assert_eq!(screening.not_checked, 210, "Reception pupils have no check");
        let heat = a.heatmap(Scope::School, spring, &[], 5);
        assert_eq!(heat.rows.len(), 20);
        assert_eq!(heat.reteach.len(), 5);
        assert!(heat.columns.len() > 10);
        let fluency = a.fluency(Scope::School, spring);
        assert_eq!(fluency.readings.len(), 390);
        let trend = a.trend(Scope::School, DEMO_YEAR);
        assert_eq!(trend.points.len(), 3);
        let report = a.on_track(Scope::School, spring);
        assert_eq!(report.pupils.len(), 600);
        assert_eq!(report.not_judged, 210);
        let share = report.on_track.percent().unwrap_or(0.0);
        assert!((30.0..=90.0).contains(&share), "on track {share}");
        assert!(report.gap.points.unwrap_or(0.0) > 5.0);
        let groups = report.keep_up_groups();
        assert!(!groups.is_empty());
        let grouped: usize = groups.iter().map(|g| g.pupils.len()).sum();
        assert_eq!(grouped, report.not_on_track().count());
        // For information only (no timing assert): `cargo test -- --nocapture` shows it.
        eprintln!(
            "demo school built in {built:?}, every figure by {:?}",
            started.elapsed()
        );
    }
}
