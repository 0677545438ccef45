//! Decodability: can a word be read with a given set of GPCs?
//!
//! A word is decodable with a set of GPCs when its spelling splits into graphemes of those
//! GPCs (split digraphs such as a-e included, and the doubles ck ll ss ff zz, which are GPCs
//! themselves) and reading those GPCs in order gives the word. Spelling alone cannot tell the
//! second part: "said" splits into s-ai-d and "want" into w-a-n-t. So a word is read, in this
//! order of trust:
//!
//! 1. `data/readings.tsv` (ReadBy7's list): a breakdown for a word the letters leave open
//!    ("book" b-oo:book-k), or `-` for a word its letters do not spell ("want", "ball").
//! 2. The phonics word bank's real words, with their breakdowns.
//! 3. A tricky word (any phase) with no reading in 1 or 2 is not read by its letters: it is
//!    taught as a whole word. Once the tricky list has it, it is tricky, never decodable.
//! 4. Otherwise [`segment`] splits the spelling, keeping only splits that obey the spelling
//!    rules below, and prefers the split with the fewest GPCs (the longest graphemes), then
//!    the lowest phase.
//!
//! Spelling rules [`segment`] applies (each stops a split that gives the wrong sounds):
//! - A short vowel e, i, o or u never ends a word ("he", "go", "to" are not h-e, g-o, t-o).
//!   A final a is accepted as the weak a of "panda" or "Zara". A consonant then -le or -les
//!   at the end ("apple", "candles") is not l-e either.
//! - A short vowel is never followed by another vowel ("Leon" is not l-e-o-n, "seaweed" is
//!   not s-e-aw-ee-d).
//! - h, w and y as consonants come before a vowel ("my" is not m-y, "new" is not n-e-w);
//!   so does r, or before a second r ("carrot"): southern English does not sound r
//!   otherwise, so "fern" is not f-e-r-n and "car" is c-ar. For the same reason ar, or,
//!   er, ir, ur never come before r ("carrot" is c-a-r-r-o-t, not c-ar-r-o-t).
//! - A split digraph wraps one single-letter consonant other than r, h, w, x or y
//!   ("here", "more", "care" have r-controlled vowels the catalogue does not list), and its e
//!   ends the word or comes before a final s ("make", "makes", "sunshine"): inside a word,
//!   vowel-consonant-e is usually short ("seven", "planet", "travel").
//! - c is /k/ except before e, i or y, where it is /s/ (the c-ice GPC); g is /j/ (g-giant)
//!   only before e, i or y.
//! - y as a vowel is /igh/ (fly) when it is the word's only vowel, /ee/ (funny) after another;
//!   er is /ur/ (her) when it is the word's only vowel, /er/ (sister) after another.
//! - A word ending in the suffix -ed said /t/ or /d/ (a consonant letter other than t or d,
//!   then "ed", after an earlier vowel: "jumped", "rained", "played") is not decodable: -ed is
//!   phase 6 spelling and has no GPC. After t or d ("painted", "landed") it says /id/, which
//!   e-d spells well enough. Words the rule catches wrongly ("hundred", "Ahmed") get a
//!   reading in `data/readings.tsv`.
//! - At phases 2-3, no two consonant GPCs may be next to each other: adjacent consonants are
//!   what phase 4 teaches (so "and" and "stop" are phase 4, as the word bank says).
//!
//! Tokens are turned into the spellings checked by [`spelling_parts`]: case and the
//! punctuation at either end are ignored; a hyphenated word is checked part by part
//! ("ice-cream" = "ice" and "cream"); `'s` is the s GPC after the word it follows, so "Mum's"
//! reads as m-u-m-s (phase 4, as "mums" is) and "Kofi's" is judged by "Kofi" (a trailing
//! apostrophe, as in "girls'", is punctuation); any other apostrophe ("don't", "I'm") makes a
//! contraction, which is never decodable (its letters do not spell its sounds).
//!
//! Sounds a programme accepts in more than one way are accepted: s for /z/ ("is", "dogs"), and
//! a short a in "bath" or "grass" (a London child may say /ar/; accent is not an error).

use std::collections::{HashMap, HashSet};

use crate::domain::phonics::{
    self, Catalogue, ContentError, Gpc, GpcId, GpcKind, Phase, TrickyWord,
};

use super::data_lines;

const READINGS_FILE: &str = "readings.tsv";

/// A set of GPCs to read with, and whether blending adjacent consonants has been taught.
#[derive(Clone, Debug)]
pub struct GpcSet {
    gpcs: Vec<&'static Gpc>,
    adjacent_consonants: bool,
}

impl GpcSet {
    pub fn new(gpcs: Vec<&'static Gpc>, adjacent_consonants: bool) -> GpcSet {
        GpcSet {
            gpcs,
            adjacent_consonants,
        }
    }

    /// Every GPC taught by the end of `phase`; adjacent consonants from phase 4.
    pub fn up_to(catalogue: &'static Catalogue, phase: Phase) -> GpcSet {
        GpcSet {
            gpcs: catalogue
                .all()
                .iter()
                .filter(|g| g.phase <= phase)
                .collect(),
            adjacent_consonants: phase >= Phase::Four,
        }
    }

    pub fn gpcs(&self) -> &[&'static Gpc] {
        &self.gpcs
    }

    pub fn contains(&self, id: GpcId) -> bool {
        self.gpcs.iter().any(|g| g.id == id)
    }

    /// Whether a breakdown (in reading order) uses only this set and, if adjacent consonants
    /// are not taught yet, has none.
    fn allows(&self, gpcs: &[&Gpc]) -> bool {
        gpcs.iter().all(|g| self.contains(g.id))
            && (self.adjacent_consonants || !has_adjacent_consonants(gpcs))
    }
}

fn has_adjacent_consonants(gpcs: &[&Gpc]) -> bool {
    gpcs.windows(2)
        .any(|w| w[0].kind == GpcKind::Consonant && w[1].kind == GpcKind::Consonant)
}

/// The spellings a token is checked as (rules in the module docs): `Mum's!` → `["mum's"]`,
/// `ice-cream` → `["ice", "cream"]`. A part is lower-case letters, perhaps ending in `'s`.
/// `Err` names what cannot be checked.
pub fn spelling_parts(token: &str) -> Result<Vec<String>, Unreadable> {
    let word = super::tokens::bare_word(token)
        .replace('\u{2019}', "'")
        .to_lowercase();
    let (word, possessive) = match word.strip_suffix("'s") {
        Some(stem) => (stem.to_string(), true),
        None => (word, false),
    };
    if word.contains('\'') {
        return Err(Unreadable::Contraction);
    }
    let mut parts: Vec<String> = word
        .split('-')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|p| !p.bytes().all(|b| b.is_ascii_lowercase()))
    {
        return Err(Unreadable::NotAWord);
    }
    if possessive {
        if let Some(last) = parts.last_mut() {
            last.push_str("'s");
        }
    }
    Ok(parts)
}

/// Splits one lower-case word into GPCs of `set` by its spelling alone, obeying the spelling
/// rules in the module docs; `None` if no split does. Prefers the split with the fewest GPCs,
/// then the lowest phase, then the earliest-taught GPCs. Ignores tricky words and the known
/// readings: see [`Decoder::read`] for the full answer.
///
/// Fewest GPCs first means the longest graphemes win ("ship" is sh-i-p, not s-h-i-p); the
/// phase then picks between GPCs that share a grapheme (ow as in cow before ow as in snow).
pub fn segment(word: &str, set: &GpcSet) -> Option<Vec<GpcId>> {
    segment_gpcs(word, set).map(|gpcs| gpcs.iter().map(|g| g.id).collect())
}

fn segment_gpcs(word: &str, set: &GpcSet) -> Option<Vec<&'static Gpc>> {
    let letters = word.as_bytes();
    if letters.is_empty() || !letters.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    if has_ed_suffix(letters) {
        return None;
    }
    let mut found: Vec<Vec<&'static Gpc>> = Vec::new();
    let mut current = Vec::new();
    walk(letters, 0, set, &mut current, &mut found);
    let order = |g: &Gpc| {
        set.gpcs
            .iter()
            .position(|s| s.id == g.id)
            .unwrap_or(usize::MAX)
    };
    found.into_iter().min_by_key(|gpcs| {
        let phase = gpcs.iter().map(|g| g.phase).max();
        let teaching: Vec<usize> = gpcs.iter().map(|g| order(g)).collect();
        (gpcs.len(), phase, teaching)
    })
}

/// A consonant letter other than t or d, then "ed" at the end, after an earlier vowel
/// letter: the -ed suffix said /t/ or /d/.
fn has_ed_suffix(letters: &[u8]) -> bool {
    let n = letters.len();
    n >= 4
        && letters.ends_with(b"ed")
        && !is_vowel_letter(letters[n - 3])
        && !matches!(letters[n - 3], b't' | b'd')
        && letters[..n - 3].iter().any(|&b| is_vowel_letter(b))
}

fn is_vowel_letter(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The letter after a GPC decides c and g; `None` at the end of the word.
fn soft_position(next: Option<u8>) -> bool {
    matches!(next, Some(b'e' | b'i' | b'y'))
}

/// Whether a single-letter GPC may stand where the next letter is `next`.
fn fits_before(gpc: &Gpc, next: Option<u8>) -> bool {
    match gpc.grapheme {
        "c" => (gpc.phoneme == "/s/") == soft_position(next),
        "g" if gpc.phoneme == "/j/" => soft_position(next),
        _ => true,
    }
}

/// Short vowels: the single-letter vowel GPCs a e i o u (not y).
fn is_short_vowel(gpc: &Gpc) -> bool {
    gpc.kind == GpcKind::Vowel && matches!(gpc.grapheme, "a" | "e" | "i" | "o" | "u")
}

fn walk(
    letters: &[u8],
    pos: usize,
    set: &GpcSet,
    current: &mut Vec<&'static Gpc>,
    found: &mut Vec<Vec<&'static Gpc>>,
) {
    // Words are short, but a long made-up word must not explode the search.
    if found.len() >= 256 {
        return;
    }
    if pos == letters.len() {
        if obeys_rules(current, set) {
            found.push(current.clone());
        }
        return;
    }
    let rest = &letters[pos..];
    for &gpc in &set.gpcs {
        if gpc.is_split_digraph() {
            let vowel = gpc.grapheme.as_bytes()[0];
            // vowel, one consonant letter, e; the e ends the word or comes before a final s
            let e_ends = matches!(&rest.get(3..), Some([] | [b's']));
            if rest.len() >= 3 && rest[0] == vowel && rest[2] == b'e' && e_ends {
                let wrapped = rest[1];
                if matches!(wrapped, b'r' | b'h' | b'w' | b'x' | b'y') {
                    continue;
                }
                for &consonant in &set.gpcs {
                    let single = consonant.grapheme.as_bytes() == [wrapped];
                    if single
                        && consonant.kind == GpcKind::Consonant
                        && fits_before(consonant, Some(b'e'))
                    {
                        current.push(gpc);
                        current.push(consonant);
                        walk(letters, pos + 3, set, current, found);
                        current.pop();
                        current.pop();
                    }
                }
            }
        } else if rest.starts_with(gpc.grapheme.as_bytes()) {
            let next = letters.get(pos + gpc.grapheme.len()).copied();
            if fits_before(gpc, next) {
                current.push(gpc);
                walk(letters, pos + gpc.grapheme.len(), set, current, found);
                current.pop();
            }
        }
    }
}

/// The spelling rules that look at a whole split (module docs).
fn obeys_rules(gpcs: &[&Gpc], set: &GpcSet) -> bool {
    if !set.adjacent_consonants && has_adjacent_consonants(gpcs) {
        return false;
    }
    if let Some(last) = gpcs.last() {
        if is_short_vowel(last) && last.grapheme != "a" {
            return false;
        }
    }
    if ends_in_le(gpcs) {
        return false;
    }
    let vowels = gpcs.iter().filter(|g| g.kind == GpcKind::Vowel).count();
    for (i, gpc) in gpcs.iter().enumerate() {
        let next = gpcs.get(i + 1);
        if is_short_vowel(gpc) && next.is_some_and(|n| n.kind == GpcKind::Vowel) {
            return false;
        }
        if gpc.kind == GpcKind::Vowel
            && gpc.grapheme.ends_with('r')
            && next.is_some_and(|n| n.grapheme == "r")
        {
            return false;
        }
        let before_vowel = next.is_some_and(|n| n.kind == GpcKind::Vowel);
        if gpc.kind == GpcKind::Consonant && !before_vowel {
            let before_r = next.is_some_and(|n| n.grapheme == "r");
            match gpc.grapheme {
                "h" | "w" | "y" => return false,
                "r" if !before_r => return false,
                _ => {}
            }
        }
        if gpc.kind == GpcKind::Vowel && matches!(gpc.grapheme, "y" | "er") {
            // The /igh/ y and /ur/ er stand alone; the /ee/ y and /er/ er follow a vowel.
            let alone = vowels == 1;
            let stands_alone = matches!(gpc.phoneme, "/igh/" | "/ur/");
            if alone != stands_alone {
                return false;
            }
        }
    }
    true
}

/// A consonant, then l-e (and perhaps s) at the end: the /ul/ of "apple", "candles", which is
/// not l-e read as in "leg".
fn ends_in_le(gpcs: &[&Gpc]) -> bool {
    let body = match gpcs.last() {
        Some(last) if last.grapheme == "s" => &gpcs[..gpcs.len() - 1],
        _ => gpcs,
    };
    let n = body.len();
    n >= 3
        && is_short_vowel(body[n - 1])
        && body[n - 1].grapheme == "e"
        && body[n - 2].grapheme == "l"
        && body[n - 3].kind == GpcKind::Consonant
}

/// Why a word (or one part of it) is not readable at a phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Its GPCs are taught later: the phase from which it is decodable.
    LaterPhase(Phase),
    /// A tricky word taught in a later phase.
    LaterTricky(Phase),
    /// Neither decodable with the catalogue's GPCs nor on the tricky-word list.
    NotByLetters,
    /// A contraction such as "don't": its letters do not spell its sounds.
    Contraction,
    /// Digits or symbols, not letters.
    NotAWord,
}

impl Unreadable {
    pub fn describe(self) -> String {
        match self {
            Unreadable::LaterPhase(p) => format!("decodable from phase {}", p.number()),
            Unreadable::LaterTricky(p) => format!("a tricky word of phase {}", p.number()),
            Unreadable::NotByLetters => {
                "not decodable with the catalogue's GPCs and not a tricky word".into()
            }
            Unreadable::Contraction => "a contraction (only 's is read as s)".into(),
            Unreadable::NotAWord => "not a word of letters".into(),
        }
    }
}

/// How one spelling part reads at a phase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartReading {
    /// Read by its letters: its GPCs in reading order.
    Decodable(Vec<GpcId>),
    /// A tricky word taught by then (as the tricky list writes it: "I", "Mr").
    Tricky(&'static str),
    Unreadable(Unreadable),
}

/// How a token reads at a phase: one entry per spelling part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordCheck {
    pub parts: Vec<(String, PartReading)>,
}

impl WordCheck {
    /// Every part is decodable or a tricky word taught by then.
    pub fn is_readable(&self) -> bool {
        !self.parts.is_empty()
            && self
                .parts
                .iter()
                .all(|(_, r)| !matches!(r, PartReading::Unreadable(_)))
    }

    /// The first reason a part is not readable, for messages.
    pub fn problem(&self) -> Option<(&str, Unreadable)> {
        self.parts.iter().find_map(|(part, r)| match r {
            PartReading::Unreadable(why) => Some((part.as_str(), *why)),
            _ => None,
        })
    }
}

/// A reading the data gives: GPCs in reading order, or "not by its letters".
#[derive(Clone, Debug, PartialEq, Eq)]
enum Known {
    Gpcs(Vec<&'static Gpc>),
    NotByLetters,
}

/// Reads words with the catalogue, the known readings and the tricky words.
#[derive(Debug)]
pub struct Decoder {
    catalogue: &'static Catalogue,
    known: HashMap<String, Known>,
    tricky: &'static [TrickyWord],
    /// The GPCs taught by the end of each phase, in `Phase::ALL` order.
    sets: [GpcSet; 4],
}

impl Decoder {
    pub(super) fn load() -> Result<Decoder, ContentError> {
        let catalogue = phonics::catalogue()?;
        let mut known = parse_readings(READINGS_FILE, super::READINGS_TSV, catalogue)?;
        for word in phonics::word_bank()?.iter().filter(|w| !w.pseudo) {
            let gpcs = word
                .gpcs
                .iter()
                .filter_map(|id| catalogue.gpc(id.as_str()))
                .collect();
            known
                .entry(word.text.to_string())
                .or_insert(Known::Gpcs(gpcs));
        }
        Ok(Decoder {
            catalogue,
            known,
            tricky: phonics::all_tricky_words()?,
            sets: Phase::ALL.map(|p| GpcSet::up_to(catalogue, p)),
        })
    }

    pub fn catalogue(&self) -> &'static Catalogue {
        self.catalogue
    }

    /// Every tricky word, in teaching order.
    pub fn tricky_words(&self) -> &'static [TrickyWord] {
        self.tricky
    }

    /// The GPCs taught by the end of `phase`.
    pub fn set_for(&self, phase: Phase) -> &GpcSet {
        let index = match phase {
            Phase::Two => 0,
            Phase::Three => 1,
            Phase::Four => 2,
            Phase::Five => 3,
        };
        &self.sets[index]
    }

    /// Whether this word (one lower-case part) has a reading in `data/readings.tsv` or the
    /// word bank, so its letters are not split by rule.
    pub fn has_known_reading(&self, part: &str) -> bool {
        self.known.contains_key(part)
    }

    fn tricky(&self, part: &str) -> Option<&'static TrickyWord> {
        self.tricky
            .iter()
            .find(|t| t.word.eq_ignore_ascii_case(part))
    }

    /// The GPCs that read one part of a word (lower case, as [`spelling_parts`] gives it)
    /// with `set`, or `None` (module docs, steps 1-4). A part ending in `'s` is its stem read
    /// this way, then s.
    pub fn read(&self, part: &str, set: &GpcSet) -> Option<Vec<GpcId>> {
        self.read_gpcs(part, set)
            .map(|gpcs| gpcs.iter().map(|g| g.id).collect())
    }

    fn read_gpcs(&self, part: &str, set: &GpcSet) -> Option<Vec<&'static Gpc>> {
        if let Some(stem) = part.strip_suffix("'s") {
            let mut gpcs = self.read_gpcs(stem, set)?;
            gpcs.push(self.catalogue.gpc("s")?);
            return set.allows(&gpcs).then_some(gpcs);
        }
        match self.known.get(part) {
            Some(Known::Gpcs(gpcs)) => set.allows(gpcs).then(|| gpcs.clone()),
            Some(Known::NotByLetters) => None,
            None if self.tricky(part).is_some() => None,
            None => segment_gpcs(part, set),
        }
    }

    /// Whether a word can be read with `set`, ignoring case and the punctuation around it.
    pub fn can_read(&self, word: &str, set: &GpcSet) -> bool {
        spelling_parts(word).is_ok_and(|parts| parts.iter().all(|p| self.read(p, set).is_some()))
    }

    /// The first phase at which one lower-case word is decodable, if any.
    pub fn first_decodable_phase(&self, part: &str) -> Option<Phase> {
        Phase::ALL
            .into_iter()
            .find(|&p| self.read(part, self.set_for(p)).is_some())
    }

    /// How a token (as displayed, with punctuation) reads at `phase`: decodable, a tricky word
    /// taught by then, or why not. Decodable wins when a word is both (once i-e is taught,
    /// "like" is decoded).
    pub fn check(&self, token: &str, phase: Phase) -> WordCheck {
        let parts = match spelling_parts(token) {
            Ok(parts) => parts,
            Err(why) => {
                let word = super::tokens::bare_word(token).to_lowercase();
                return WordCheck {
                    parts: vec![(word, PartReading::Unreadable(why))],
                };
            }
        };
        let set = self.set_for(phase);
        let parts = parts
            .into_iter()
            .map(|part| {
                let reading = if let Some(gpcs) = self.read(&part, set) {
                    PartReading::Decodable(gpcs)
                } else if let Some(t) = self.tricky(&part) {
                    if t.phase <= phase {
                        PartReading::Tricky(t.word)
                    } else {
                        PartReading::Unreadable(Unreadable::LaterTricky(t.phase))
                    }
                } else {
                    PartReading::Unreadable(match self.first_decodable_phase(&part) {
                        Some(p) => Unreadable::LaterPhase(p),
                        None => Unreadable::NotByLetters,
                    })
                };
                (part, reading)
            })
            .collect();
        WordCheck { parts }
    }
}

/// `data/readings.tsv`: word, then a breakdown in the word bank's notation or `-`, then why.
fn parse_readings(
    file: &'static str,
    text: &'static str,
    catalogue: &'static Catalogue,
) -> Result<HashMap<String, Known>, ContentError> {
    let mut known = HashMap::new();
    let mut seen = HashSet::new();
    for (line, row) in data_lines(text) {
        let error = |message: String| ContentError {
            file,
            line,
            message,
        };
        let [word, reading, why] = row.split('\t').collect::<Vec<_>>()[..] else {
            return Err(error(
                "expected 3 tab-separated columns (word, reading, why)".into(),
            ));
        };
        if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(error(format!("\"{word}\" must be lower-case letters")));
        }
        if why.trim().is_empty() {
            return Err(error(format!("{word}: say why it needs a reading")));
        }
        if !seen.insert(word) {
            return Err(error(format!("\"{word}\" is listed twice")));
        }
        let entry = if reading == "-" {
            Known::NotByLetters
        } else {
            let ids = catalogue
                .parse_breakdown(reading)
                .map_err(|e| error(format!("{word}: {e}")))?;
            let spelled = catalogue
                .spell(&ids)
                .map_err(|e| error(format!("{word}: {e}")))?;
            if spelled != word {
                return Err(error(format!(
                    "{word}: the breakdown {reading} spells \"{spelled}\""
                )));
            }
            Known::Gpcs(
                ids.iter()
                    .filter_map(|id| catalogue.gpc(id.as_str()))
                    .collect(),
            )
        };
        known.insert(word.to_string(), entry);
    }
    Ok(known)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoder() -> &'static Decoder {
        super::super::decoder().unwrap_or_else(|e| panic!("{e}"))
    }

    fn ids(gpcs: &[GpcId]) -> String {
        let c = decoder().catalogue();
        gpcs.iter()
            .filter_map(|id| c.gpc(id.as_str()))
            .map(Gpc::token)
            .collect::<Vec<_>>()
            .join("-")
    }

    fn seg(word: &str, phase: Phase) -> Option<String> {
        segment(word, decoder().set_for(phase)).map(|g| ids(&g))
    }

    #[test]
    fn spelling_splits_into_the_allowed_graphemes() {
        use Phase::*;
        let cases = [
            // word, phase, split (None: not decodable at that phase by spelling)
            ("cat", Two, Some("c-a-t")),
            ("duck", Two, Some("d-u-ck")),
            ("hill", Two, Some("h-i-ll")),
            ("mess", Two, Some("m-e-ss")),
            ("off", Two, Some("o-ff")),
            ("buzz", Two, None),
            ("buzz", Three, Some("b-u-zz")),
            ("ship", Three, Some("sh-i-p")),
            ("night", Three, Some("n-igh-t")),
            ("chair", Three, Some("ch-air")),
            ("quiz", Three, Some("qu-i-z")),
            ("fox", Three, Some("f-o-x")),
            // Adjacent consonants wait for phase 4.
            ("stop", Three, None),
            ("stop", Four, Some("s-t-o-p")),
            ("and", Three, None),
            ("and", Four, Some("a-n-d")),
            ("thinks", Four, Some("th-i-n-k-s")),
            // Split digraphs wrap one consonant, from phase 5.
            ("make", Four, None),
            ("make", Five, Some("m-a_e-k")),
            ("these", Five, Some("th-e_e-s")),
            ("smile", Five, Some("s-m-i_e-l")),
            ("cube", Five, Some("c-u_e-b")),
            ("river", Five, Some("r-i-v-er")),
            ("seven", Five, Some("s-e-v-e-n")),
            ("planet", Five, Some("p-l-a-n-e-t")),
            ("makes", Five, Some("m-a_e-k-s")),
            ("sunshine", Five, Some("s-u-n-sh-i_e-n")),
            ("here", Five, None),
            ("more", Five, None),
            // The rules that stop wrong splits.
            ("he", Five, None),
            ("go", Five, None),
            ("to", Five, None),
            ("taxi", Five, None),
            ("apples", Five, None),
            ("tables", Five, None),
            ("smiles", Five, Some("s-m-i_e-l-s")),
            ("bells", Four, Some("b-e-ll-s")),
            ("panda", Four, Some("p-a-n-d-a")),
            ("leon", Five, None),
            ("my", Four, None),
            ("my", Five, Some("m-y:fly")),
            ("funny", Five, Some("f-u-n-n-y:funny")),
            ("new", Four, None),
            ("new", Five, Some("n-ew")),
            ("yes", Three, Some("y-e-s")),
            ("ice", Five, Some("i_e-c:ice")),
            ("city", Five, Some("c:ice-i-t-y:funny")),
            ("cat", Five, Some("c-a-t")),
            ("gem", Five, Some("g-e-m")),
            ("fern", Four, None),
            ("car", Two, None),
            ("car", Three, Some("c-ar")),
            ("carrot", Four, Some("c-a-r-r-o-t")),
            ("from", Four, Some("f-r-o-m")),
            ("fern", Five, Some("f-er:her-n")),
            ("sister", Four, Some("s-i-s-t-er")),
            ("jumped", Five, None),
            ("played", Five, None),
            ("painted", Five, Some("p-ai-n-t-e-d")),
            ("seaweed", Five, Some("s-ea-w-ee-d")),
            ("shed", Three, Some("sh-e-d")),
            ("seed", Three, Some("s-ee-d")),
            ("", Five, None),
            ("Cat", Five, None),
        ];
        for (word, phase, want) in cases {
            assert_eq!(
                seg(word, phase).as_deref(),
                want,
                "{word} at phase {}",
                phase.number()
            );
        }
    }

    #[test]
    fn known_readings_and_tricky_words_come_before_spelling() {
        let d = decoder();
        let cases = [
            // word, phase, GPCs or None
            ("book", Phase::Three, Some("b-oo:book-k")),
            ("snow", Phase::Three, None),
            ("snow", Phase::Five, Some("s-n-ow:snow")),
            ("said", Phase::Five, None),
            ("was", Phase::Five, None),
            ("want", Phase::Five, None),
            ("like", Phase::Four, None),
            ("like", Phase::Five, Some("l-i_e-k")),
            ("when", Phase::Five, Some("wh-e-n")),
            ("her", Phase::Five, Some("h-er:her")),
        ];
        for (word, phase, want) in cases {
            let got = d.read(word, d.set_for(phase)).map(|g| ids(&g));
            assert_eq!(got.as_deref(), want, "{word} at phase {}", phase.number());
        }
    }

    #[test]
    fn tokens_are_checked_part_by_part_with_reasons() {
        let d = decoder();
        let readable = |t: &str, p: Phase| d.check(t, p).is_readable();
        let problem =
            |t: &str, p: Phase| d.check(t, p).problem().map(|(w, why)| (w.to_string(), why));
        assert!(readable("\"Mum's", Phase::Four), "'s is s");
        assert_eq!(
            d.check("Mum's", Phase::Four).parts[0].1,
            PartReading::Decodable(
                ["m", "u", "m", "s"]
                    .iter()
                    .filter_map(|i| d.catalogue().gpc(i))
                    .map(|g| g.id)
                    .collect()
            )
        );
        assert!(
            !readable("Mum's", Phase::Three),
            "m-s are adjacent consonants"
        );
        assert!(readable("The", Phase::Two), "tricky, any case");
        assert!(readable("I", Phase::Two));
        assert!(readable("sun-hat!", Phase::Four));
        let cases = [
            (
                "said",
                Phase::Three,
                "said",
                Unreadable::LaterTricky(Phase::Four),
            ),
            (
                "sun-cream",
                Phase::Three,
                "cream",
                Unreadable::LaterPhase(Phase::Five),
            ),
            (
                "snake",
                Phase::Four,
                "snake",
                Unreadable::LaterPhase(Phase::Five),
            ),
            ("don't", Phase::Five, "don't", Unreadable::Contraction),
            ("want", Phase::Five, "want", Unreadable::NotByLetters),
            ("42", Phase::Five, "42", Unreadable::NotAWord),
            ("Kofi's", Phase::Five, "kofi's", Unreadable::NotByLetters),
        ];
        for (token, phase, part, why) in cases {
            assert_eq!(
                problem(token, phase),
                Some((part.to_string(), why)),
                "{token}"
            );
        }
    }

    #[test]
    fn spelling_parts_follow_the_apostrophe_and_hyphen_rules() {
        let cases: [(&str, Result<&[&str], Unreadable>); 9] = [
            ("Mum's.", Ok(&["mum's"])),
            ("girls'", Ok(&["girls"])),
            ("it's", Ok(&["it's"])),
            ("Nan\u{2019}S", Ok(&["nan's"])),
            ("ice-cream's", Ok(&["ice", "cream's"])),
            ("ice-cream", Ok(&["ice", "cream"])),
            ("\"Look!\"", Ok(&["look"])),
            ("can't", Err(Unreadable::Contraction)),
            ("...", Err(Unreadable::NotAWord)),
        ];
        for (token, want) in cases {
            let got = spelling_parts(token);
            let want = want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(got, want, "{token}");
        }
    }

    #[test]
    fn bad_reading_rows_are_named() {
        let c = decoder().catalogue();
        let cases = [
            ("book\tb-oo:book-k\n", "3 tab-separated columns"),
            ("Book\tb-oo:book-k\twhy\n", "lower-case"),
            ("book\tb-oo-k\twhy\n", "oo:moon or oo:book"),
            ("book\tb-oo:book-t\twhy\n", "spells \"boot\""),
            ("book\t-\t \n", "say why"),
            ("ball\t-\tx\nball\t-\tx\n", "listed twice"),
        ];
        for (text, expected) in cases {
            let err = parse_readings("r.tsv", text, c).expect_err(text);
            assert!(err.message.contains(expected), "{text:?}: {err}");
        }
    }
}
