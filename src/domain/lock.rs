//! The staff lock: what a child handed the tablet may see, and what needs the staff passcode.
//!
//! Everything here is pure: times are milliseconds since the Unix epoch passed in by the caller
//! (the browser's `Date.now()` through one clock function), so the rules are tested with a
//! made-up clock and an e2e fake clock drives them the same way.
//!
//! The rules:
//! - With a passcode set, the app opens locked.
//! - Unlocked, it locks again after `idle` with no pointer, touch or key, and when the page was
//!   hidden for longer than `idle` (the tablet was put away).
//! - Unlocking onto a check screen (or opening one from an unlocked app) *confines* the app to that
//!   check: the check stays usable for the child, its results open when it finishes, and going
//!   anywhere else (the "Leave" link, the header, the browser's back) asks for the passcode. The
//!   idle timer does not run on the check screen itself (a slow reader must not be interrupted by a
//!   lock screen mid-check), but hiding the page for longer than `idle` still locks it; every tap is
//!   stored, so the check resumes where it was after the code.
//! - Practice mode and the printable passages hold no school data and are never locked.
//! - After [`FREE_TRIES`] wrong codes each further try waits longer, doubling from
//!   [`FIRST_WAIT_MS`] up to [`MAX_WAIT_MS`]. The count and the time of the next allowed try are
//!   stored, so a reload does not reset them.
//!
//! School sync (issue 16) will add its settings to what needs the current passcode: the Settings
//! card's `Guard` (src/ui/lock/settings.rs) is the place for it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// OWASP Password Storage Cheat Sheet (2023 onwards): PBKDF2-HMAC-SHA256 with 600,000 iterations.
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Random salt per hash, 128 bits (NIST SP 800-132 asks for at least 128).
pub const SALT_BYTES: usize = 16;
/// The derived key: one SHA-256 output.
pub const HASH_BYTES: usize = 32;

pub const MIN_DIGITS: usize = 6;
/// A passcode with anything but digits is a passphrase, and needs this many characters.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

pub const DEFAULT_IDLE_MINUTES: u32 = 5;
pub const MAX_IDLE_MINUTES: u32 = 60;

/// Wrong codes allowed before the waits start.
pub const FREE_TRIES: u32 = 5;
pub const FIRST_WAIT_MS: u64 = 30_000;
pub const MAX_WAIT_MS: u64 = 5 * 60_000;

/// Random bytes in a recovery code: 80 bits, written as 16 Crockford base-32 characters.
pub const RECOVERY_BYTES: usize = 10;

// ---------------------------------------------------------------------------------------------
// Passcodes

/// Digits only (a numeric keypad is offered) or a passphrase (the full keyboard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum PasscodeKind {
    #[default]
    Digits,
    Passphrase,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasscodeProblem {
    Empty,
    TooFewDigits(usize),
    TooShortPassphrase(usize),
    /// One digit repeated or a straight run (111111, 123456, 987654): the first codes a child tries.
    Guessable,
    /// The confirmation differs from the passcode.
    Mismatch,
}

impl fmt::Display for PasscodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasscodeProblem::Empty => write!(f, "Enter a passcode: at least {MIN_DIGITS} digits, or a passphrase of at least {MIN_PASSPHRASE_CHARS} characters."),
            PasscodeProblem::TooFewDigits(n) => write!(f, "The passcode has {n} digit{}; it needs at least {MIN_DIGITS}.", if *n == 1 { "" } else { "s" }),
            PasscodeProblem::TooShortPassphrase(n) => write!(f, "The passphrase has {n} character{}; it needs at least {MIN_PASSPHRASE_CHARS} (or use {MIN_DIGITS} or more digits only).", if *n == 1 { "" } else { "s" }),
            PasscodeProblem::Guessable => write!(f, "That passcode is too easy to guess (one digit repeated, or digits in a row). Choose another."),
            PasscodeProblem::Mismatch => write!(f, "The two passcodes are different. Type the same passcode in both boxes."),
        }
    }
}

/// The passcode as it is hashed: surrounding spaces dropped (tablet keyboards add them).
pub fn normalize_passcode(code: &str) -> &str {
    code.trim()
}

/// Checks a new passcode and its confirmation against the rules.
pub fn check_new_passcode(code: &str, confirm: &str) -> Result<PasscodeKind, PasscodeProblem> {
    let code = normalize_passcode(code);
    if code.is_empty() {
        return Err(PasscodeProblem::Empty);
    }
    let kind = if code.chars().all(|c| c.is_ascii_digit()) {
        let len = code.len();
        if len < MIN_DIGITS {
            return Err(PasscodeProblem::TooFewDigits(len));
        }
        if guessable_digits(code.as_bytes()) {
            return Err(PasscodeProblem::Guessable);
        }
        PasscodeKind::Digits
    } else {
        let len = code.chars().count();
        if len < MIN_PASSPHRASE_CHARS {
            return Err(PasscodeProblem::TooShortPassphrase(len));
        }
        PasscodeKind::Passphrase
    };
    if code != normalize_passcode(confirm) {
        return Err(PasscodeProblem::Mismatch);
    }
    Ok(kind)
}

fn guessable_digits(digits: &[u8]) -> bool {
    // Steps between neighbours, modulo 10, so runs that wrap round (7890123) count too.
    let steps: Vec<u8> = digits.windows(2).map(|w| (w[1] + 10 - w[0]) % 10).collect();
    [0, 1, 9].iter().any(|step| steps.iter().all(|s| s == step))
}

// ---------------------------------------------------------------------------------------------
// Recovery codes

// Crockford's base 32: no I, L, O or U, so nothing is misread when typed from paper.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The recovery code for these random bytes, in four groups of four ("7K2M-…").
pub fn recovery_code(bytes: &[u8; RECOVERY_BYTES]) -> String {
    let mut bits: u128 = 0;
    for b in bytes {
        bits = (bits << 8) | u128::from(*b);
    }
    let chars: Vec<char> = (0..16)
        .rev()
        .map(|i| char::from(CROCKFORD[((bits >> (i * 5)) & 31) as usize]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed recovery code in the one form that is hashed: capitals, no spaces or dashes, and the
/// letters Crockford reads as digits (O as 0, I and L as 1).
pub fn normalize_recovery_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Wrong codes and the growing wait

/// The wait before the next try after `failures` wrong codes in a row.
pub fn wait_after(failures: u32) -> u64 {
    if failures < FREE_TRIES {
        return 0;
    }
    let doublings = (failures - FREE_TRIES).min(16);
    (FIRST_WAIT_MS << doublings).min(MAX_WAIT_MS)
}

/// Wrong codes in a row and when the next try is allowed: stored with the lock record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Attempts {
    pub failures: u32,
    pub next_try_at_ms: u64,
}

impl Attempts {
    /// How long until a try is allowed (0: now). Never more than the longest wait, so a clock set
    /// back cannot lock staff out for longer.
    pub fn wait_ms(&self, now_ms: u64) -> u64 {
        self.next_try_at_ms.saturating_sub(now_ms).min(MAX_WAIT_MS)
    }

    pub fn failed(self, now_ms: u64) -> Attempts {
        let failures = self.failures.saturating_add(1);
        Attempts {
            failures,
            next_try_at_ms: now_ms.saturating_add(wait_after(failures)),
        }
    }
}

/// A wait as the lock screen says it: "45 seconds", "2 minutes 30 seconds".
pub fn wait_text(ms: u64) -> String {
    let secs = ms.div_ceil(1000);
    let (m, s) = (secs / 60, secs % 60);
    let part = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match (m, s) {
        (0, s) => part(s, "second"),
        (m, 0) => part(m, "minute"),
        (m, s) => format!("{} {}", part(m, "minute"), part(s, "second")),
    }
}

// ---------------------------------------------------------------------------------------------
// The stored record

/// A secret as stored: a PBKDF2-SHA256 hash with its own salt and iteration count (base64).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashedSecret {
    pub salt: String,
    pub iterations: u32,
    pub hash: String,
}

impl HashedSecret {
    /// Hashed with fewer iterations than recommended today: hash again after the next unlock.
    pub fn needs_rehash(&self) -> bool {
        self.iterations < PBKDF2_ITERATIONS
    }
}

/// Everything the lock keeps on the device. The passcode itself is never stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockRecord {
    pub passcode: HashedSecret,
    pub kind: PasscodeKind,
    /// `None` once used, until the new passcode it unlocked brings a new one.
    pub recovery: Option<HashedSecret>,
    #[serde(default)]
    pub attempts: Attempts,
    pub idle_minutes: u32,
    /// School policy: the lock cannot be turned off on this device (only changed).
    #[serde(default)]
    pub required: bool,
    /// Show the school's name on the lock screen (some schools want the tablet to say whose it is).
    #[serde(default)]
    pub show_school_name: bool,
}

impl LockRecord {
    pub fn idle_ms(&self) -> u64 {
        u64::from(self.idle_minutes.clamp(1, MAX_IDLE_MINUTES)) * 60_000
    }
}

/// Reads the idle minutes a teacher typed.
pub fn parse_idle_minutes(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_IDLE_MINUTES).contains(&n) => Ok(n),
        _ => Err(format!(
            "Lock after: enter a whole number of minutes from 1 to {MAX_IDLE_MINUTES} (you entered \"{}\").",
            text.trim()
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Where the app is, and what may be shown there

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// Practice mode and printable passages: the app's own content, no school data.
    Open,
    /// A check being run, by session id.
    Check(String),
    /// A session's results.
    Results(String),
    /// Everything else: it holds school data.
    School,
}

/// Classifies an in-app path (the router's pathname, without query or fragment).
pub fn place_of(path: &str) -> Place {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        ["practice"] | ["print", "passage", _] => Place::Open,
        ["check", "screening" | "progress" | "fluency", id] if *id != "new" => {
            Place::Check((*id).to_string())
        }
        ["results", id] => Place::Results((*id).to_string()),
        _ => Place::School,
    }
}

/// Why the lock screen is showing: it says so (nothing personal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockReason {
    Opened,
    Idle,
    Hidden,
    LeftCheck,
    /// "Lock now" in the app.
    Asked,
}

impl LockReason {
    pub fn message(self) -> &'static str {
        match self {
            LockReason::Opened | LockReason::Asked => "Enter the staff passcode to open ReadBy7.",
            LockReason::Idle => "ReadBy7 locked itself after a while with no use. Enter the staff passcode to carry on.",
            LockReason::Hidden => "ReadBy7 locked while the tablet was put away. Enter the staff passcode to carry on; a check in progress is saved.",
            LockReason::LeftCheck => "The check is saved. A member of staff enters the passcode to go on.",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    Locked(LockReason),
    Open,
    /// Unlocked into one check: only that check and its results are shown.
    InCheck(String),
}

/// The lock's state on this page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lock {
    access: Access,
    idle_ms: u64,
    last_activity_ms: u64,
    hidden_since_ms: Option<u64>,
}

impl Lock {
    /// The app as it opens: locked.
    pub fn opened(idle_ms: u64, now_ms: u64) -> Lock {
        Lock {
            access: Access::Locked(LockReason::Opened),
            idle_ms,
            last_activity_ms: now_ms,
            hidden_since_ms: None,
        }
    }

    /// Just set up by the staff member holding the tablet: open.
    pub fn unlocked_now(idle_ms: u64, now_ms: u64, path: &str) -> Lock {
        let mut lock = Lock::opened(idle_ms, now_ms);
        lock.unlocked(now_ms, path);
        lock
    }

    pub fn access(&self) -> &Access {
        &self.access
    }

    pub fn set_idle_ms(&mut self, idle_ms: u64) {
        self.idle_ms = idle_ms;
    }

    /// Whether the page at `path` may be shown; otherwise the lock screen is. Decided from the
    /// path alone, so a page that should not be shown is never rendered, even for a moment
    /// before [`Lock::navigated`] runs.
    pub fn shows(&self, path: &str) -> bool {
        match (place_of(path), &self.access) {
            (Place::Open, _) => true,
            (_, Access::Locked(_)) => false,
            (_, Access::Open) => true,
            (Place::Check(id) | Place::Results(id), Access::InCheck(check)) => id == *check,
            (_, Access::InCheck(_)) => false,
        }
    }

    /// The router moved to `path`.
    pub fn navigated(&mut self, path: &str) {
        let place = place_of(path);
        self.access = match (&self.access, place) {
            (Access::Open, Place::Check(id)) => Access::InCheck(id),
            (Access::InCheck(check), Place::Check(id) | Place::Results(id)) if id != *check => {
                Access::Locked(LockReason::LeftCheck)
            }
            (Access::InCheck(_), Place::School) => Access::Locked(LockReason::LeftCheck),
            (access, _) => access.clone(),
        };
    }

    /// A pointer, touch or key: the idle timer starts again.
    pub fn activity(&mut self, now_ms: u64) {
        self.last_activity_ms = self.last_activity_ms.max(now_ms);
    }

    pub fn hidden(&mut self, now_ms: u64) {
        self.hidden_since_ms.get_or_insert(now_ms);
    }

    pub fn visible(&mut self, now_ms: u64) {
        if let Some(since) = self.hidden_since_ms.take() {
            if now_ms.saturating_sub(since) >= self.idle_ms && !self.is_locked() {
                self.access = Access::Locked(LockReason::Hidden);
            }
        }
    }

    /// Called every second or so with the current path: locks an idle app.
    pub fn tick(&mut self, now_ms: u64, path: &str) {
        let idle = now_ms.saturating_sub(self.last_activity_ms) >= self.idle_ms;
        let on_check = matches!(place_of(path), Place::Check(_));
        let runs_idle_timer = match &self.access {
            Access::Open => true,
            Access::InCheck(_) => !on_check,
            Access::Locked(_) => false,
        };
        if idle && runs_idle_timer {
            self.access = Access::Locked(LockReason::Idle);
        }
    }

    /// The right passcode (or recovery code) was entered on `path`.
    pub fn unlocked(&mut self, now_ms: u64, path: &str) {
        self.access = Access::Open;
        self.last_activity_ms = now_ms;
        self.hidden_since_ms = None;
        self.navigated(path);
    }

    pub fn lock_now(&mut self) {
        self.access = Access::Locked(LockReason::Asked);
    }

    pub fn is_locked(&self) -> bool {
        matches!(self.access, Access::Locked(_))
    }

    pub fn reason(&self) -> Option<LockReason> {
        match self.access {
            Access::Locked(r) => Some(r),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60_000;
    const IDLE: u64 = 5 * MIN;
    const T0: u64 = 1_765_000_000_000;
    const CHECK: &str = "/check/screening/s1";

    fn open_at(path: &str) -> Lock {
        Lock::unlocked_now(IDLE, T0, path)
    }

    #[test]
    fn passcode_rules() {
        assert_eq!(check_new_passcode("", ""), Err(PasscodeProblem::Empty));
        assert_eq!(
            check_new_passcode("48213", "48213"),
            Err(PasscodeProblem::TooFewDigits(5))
        );
        assert_eq!(
            check_new_passcode("482139", "482139"),
            Ok(PasscodeKind::Digits)
        );
        assert_eq!(
            check_new_passcode(" 482139 ", "482139"),
            Ok(PasscodeKind::Digits)
        );
        assert_eq!(
            check_new_passcode("482139", "482138"),
            Err(PasscodeProblem::Mismatch)
        );
        for easy in ["000000", "123456", "987654", "4567890", "2109876"] {
            assert_eq!(
                check_new_passcode(easy, easy),
                Err(PasscodeProblem::Guessable),
                "{easy}"
            );
        }
        assert_eq!(
            check_new_passcode("red bus", "red bus"),
            Err(PasscodeProblem::TooShortPassphrase(7))
        );
        assert_eq!(
            check_new_passcode("purple bus stop", "purple bus stop"),
            Ok(PasscodeKind::Passphrase)
        );
        // Every problem names what to do.
        assert!(PasscodeProblem::TooFewDigits(5)
            .to_string()
            .contains("at least 6"));
    }

    #[test]
    fn recovery_codes_are_grouped_and_read_back_from_paper() {
        let code = recovery_code(&[0xff; RECOVERY_BYTES]);
        assert_eq!(code, "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        let code = recovery_code(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(code.len(), 19);
        assert!(code
            .chars()
            .all(|c| c == '-' || CROCKFORD.contains(&(c as u8))));
        assert_eq!(normalize_recovery_code(&code), code.replace('-', ""));
        assert_eq!(normalize_recovery_code(" ab1o-il2z "), "AB10112Z");
        // Different bytes, different codes.
        assert_ne!(recovery_code(&[1; 10]), recovery_code(&[2; 10]));
    }

    #[test]
    fn five_free_tries_then_the_wait_doubles_up_to_five_minutes() {
        let waits: Vec<u64> = (0..=11).map(wait_after).collect();
        assert_eq!(&waits[..5], &[0, 0, 0, 0, 0]);
        assert_eq!(
            &waits[5..],
            &[
                30_000,
                60_000,
                120_000,
                240_000,
                MAX_WAIT_MS,
                MAX_WAIT_MS,
                MAX_WAIT_MS
            ]
        );
        assert_eq!(wait_after(u32::MAX), MAX_WAIT_MS);

        let mut a = Attempts::default();
        for _ in 0..4 {
            a = a.failed(T0);
            assert_eq!(a.wait_ms(T0), 0);
        }
        a = a.failed(T0);
        assert_eq!(a.wait_ms(T0), 30_000);
        assert_eq!(a.wait_ms(T0 + 10_000), 20_000);
        assert_eq!(a.wait_ms(T0 + 30_000), 0);
        a = a.failed(T0 + 30_000);
        assert_eq!(a.wait_ms(T0 + 30_000), 60_000);
        // A clock set back a day still waits no longer than the longest wait.
        assert_eq!(a.wait_ms(T0 - 24 * 60 * MIN), MAX_WAIT_MS);
    }

    #[test]
    fn waits_are_said_in_words() {
        assert_eq!(wait_text(30_000), "30 seconds");
        assert_eq!(wait_text(29_001), "30 seconds");
        assert_eq!(wait_text(1_000), "1 second");
        assert_eq!(wait_text(60_000), "1 minute");
        assert_eq!(wait_text(150_000), "2 minutes 30 seconds");
        assert_eq!(wait_text(MAX_WAIT_MS), "5 minutes");
    }

    #[test]
    fn idle_minutes_are_checked() {
        assert_eq!(parse_idle_minutes(" 5 "), Ok(5));
        assert!(parse_idle_minutes("0").is_err());
        assert!(parse_idle_minutes("61").unwrap_err().contains("1 to 60"));
        assert!(parse_idle_minutes("five").unwrap_err().contains("\"five\""));
    }

    #[test]
    fn places() {
        assert_eq!(place_of("/practice"), Place::Open);
        assert_eq!(place_of("/print/passage/p3"), Place::Open);
        assert_eq!(place_of("/check/screening/s1"), Place::Check("s1".into()));
        assert_eq!(place_of("/check/progress/s2/"), Place::Check("s2".into()));
        assert_eq!(place_of("/check/fluency/s3"), Place::Check("s3".into()));
        // Choosing a check is an adult's page with the class on it.
        assert_eq!(place_of("/check/fluency/new"), Place::School);
        assert_eq!(place_of("/check"), Place::School);
        assert_eq!(place_of("/results/s1"), Place::Results("s1".into()));
        assert_eq!(place_of("/pupils/p1"), Place::School);
        assert_eq!(place_of("/practicex"), Place::School);
        assert_eq!(place_of("/"), Place::School);
    }

    #[test]
    fn opens_locked_and_shows_only_practice() {
        let lock = Lock::opened(IDLE, T0);
        assert_eq!(lock.reason(), Some(LockReason::Opened));
        assert!(!lock.shows("/classes"));
        assert!(!lock.shows(CHECK));
        assert!(lock.shows("/practice"));
        assert!(lock.shows("/print/passage/p1"));
    }

    #[test]
    fn unlocking_opens_everything() {
        let mut lock = Lock::opened(IDLE, T0);
        lock.unlocked(T0 + 1_000, "/classes");
        assert_eq!(lock.access(), &Access::Open);
        assert!(lock.shows("/pupils/p1"));
    }

    #[test]
    fn idle_time_locks_and_activity_puts_it_off() {
        let mut lock = open_at("/classes");
        lock.tick(T0 + IDLE - 1, "/classes");
        assert!(!lock.is_locked());
        lock.activity(T0 + 4 * MIN);
        lock.tick(T0 + IDLE + MIN, "/classes");
        assert!(!lock.is_locked(), "activity restarted the timer");
        lock.tick(T0 + 4 * MIN + IDLE, "/classes");
        assert_eq!(lock.reason(), Some(LockReason::Idle));
        // Activity does not unlock.
        lock.activity(T0 + 20 * MIN);
        assert!(lock.is_locked());
    }

    #[test]
    fn hidden_longer_than_the_idle_time_locks_on_return() {
        let mut lock = open_at("/classes");
        lock.hidden(T0 + MIN);
        lock.visible(T0 + MIN + IDLE - 1);
        assert!(!lock.is_locked(), "a short look away");
        lock.activity(T0 + 6 * MIN);
        lock.hidden(T0 + 6 * MIN);
        lock.visible(T0 + 6 * MIN + IDLE);
        assert_eq!(lock.reason(), Some(LockReason::Hidden));
    }

    #[test]
    fn a_check_stays_usable_and_leaving_it_locks() {
        let mut lock = open_at("/pupils/p1");
        lock.navigated(CHECK);
        assert_eq!(lock.access(), &Access::InCheck("s1".into()));
        assert!(lock.shows(CHECK));
        // A slow reader: no tap for ten minutes, the check is still there.
        lock.tick(T0 + 10 * MIN, CHECK);
        assert!(lock.shows(CHECK));
        // "Leave (saved)", the header or the back button: the pupil page is never shown.
        assert!(!lock.shows("/pupils/p1"));
        assert!(!lock.shows("/classes"));
        lock.navigated("/pupils/p1");
        assert_eq!(lock.reason(), Some(LockReason::LeftCheck));
        // The passcode lets the adult through to where they were going.
        lock.unlocked(T0 + 11 * MIN, "/pupils/p1");
        assert!(lock.shows("/pupils/p1"));
    }

    #[test]
    fn finishing_shows_that_checks_results_which_lock_after_the_idle_time() {
        let mut lock = open_at(CHECK);
        assert_eq!(lock.access(), &Access::InCheck("s1".into()));
        lock.activity(T0 + 2 * MIN);
        lock.navigated("/results/s1");
        assert!(lock.shows("/results/s1"));
        assert!(!lock.shows("/results/s2"), "another pupil's results");
        lock.tick(T0 + 2 * MIN + IDLE - 1, "/results/s1");
        assert!(!lock.is_locked());
        lock.tick(T0 + 2 * MIN + IDLE, "/results/s1");
        assert_eq!(lock.reason(), Some(LockReason::Idle));
    }

    #[test]
    fn another_check_or_results_is_leaving() {
        let mut lock = open_at(CHECK);
        lock.navigated("/results/s2");
        assert_eq!(lock.reason(), Some(LockReason::LeftCheck));
        let mut lock = open_at(CHECK);
        lock.navigated("/check/fluency/s9");
        assert!(lock.is_locked());
    }

    #[test]
    fn practice_from_a_check_keeps_the_confinement() {
        let mut lock = open_at(CHECK);
        lock.navigated("/practice");
        assert!(lock.shows("/practice"));
        assert!(!lock.shows("/classes"));
    }

    #[test]
    fn a_check_put_away_locks_and_resumes_after_the_code() {
        let mut lock = open_at(CHECK);
        lock.hidden(T0 + MIN);
        lock.visible(T0 + MIN + IDLE);
        assert_eq!(lock.reason(), Some(LockReason::Hidden));
        assert!(!lock.shows(CHECK));
        lock.unlocked(T0 + 20 * MIN, CHECK);
        assert_eq!(lock.access(), &Access::InCheck("s1".into()));
    }

    #[test]
    fn lock_now_and_changed_idle_time() {
        let mut lock = open_at("/settings");
        lock.set_idle_ms(MIN);
        lock.tick(T0 + MIN, "/settings");
        assert_eq!(lock.reason(), Some(LockReason::Idle));
        let mut lock = open_at("/settings");
        lock.lock_now();
        assert_eq!(lock.reason(), Some(LockReason::Asked));
    }

    #[test]
    fn record_round_trips_and_old_hashes_are_redone() {
        let record = LockRecord {
            passcode: HashedSecret {
                salt: "c2FsdA".into(),
                iterations: 310_000,
                hash: "aGFzaA".into(),
            },
            kind: PasscodeKind::Digits,
            recovery: None,
            attempts: Attempts {
                failures: 6,
                next_try_at_ms: T0,
            },
            idle_minutes: 0,
            required: true,
            show_school_name: false,
        };
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(serde_json::from_str::<LockRecord>(&json).unwrap(), record);
        assert!(record.passcode.needs_rehash());
        assert_eq!(record.idle_ms(), MIN, "at least a minute");
        assert!(!json.contains("482139"));
    }
}
