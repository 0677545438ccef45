//! Invariants of the phonics content that span files or need the outside world: the British
//! English word list, the blocklist, English spelling habits for pseudo-words, and the bank's
//! size and spread. Each check has a table of cases that proves it can fail.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

use super::*;

/// Debian's `wbritish` package. `./dev.sh setup` installs it.
const BRITISH_WORDS: &str = "/usr/share/dict/british-english";
const BLOCKLIST: &str = include_str!("data/blocklist.txt");

fn cat() -> &'static Catalogue {
    catalogue().unwrap_or_else(|e| panic!("{e}"))
}

fn bank() -> &'static [Word] {
    word_bank().unwrap_or_else(|e| panic!("{e}"))
}

fn details(word: &Word) -> Vec<&'static Gpc> {
    word.gpcs
        .iter()
        .map(|id| {
            cat()
                .gpc(id.as_str())
                .expect("bank ids are in the catalogue")
        })
        .collect()
}

fn gpcs_of(breakdown: &str) -> Vec<&'static Gpc> {
    cat()
        .parse_breakdown(breakdown)
        .unwrap_or_else(|e| panic!("{breakdown}: {e}"))
        .into_iter()
        .map(|id| cat().gpc(id.as_str()).expect("known id"))
        .collect()
}

// ---------------------------------------------------------------- the data parses

#[test]
fn every_data_file_parses_and_the_api_parses_once() {
    assert!(cat().all().len() > 70);
    assert!(bank().len() > 800);
    assert!(all_tricky_words().is_ok());
    assert!(blocklist().len() > 100);
    assert!(
        std::ptr::eq(cat(), catalogue().expect("again")),
        "parsed once"
    );
    assert!(std::ptr::eq(bank(), word_bank().expect("again")));
}

#[test]
fn the_api_answers_what_the_form_generator_asks() {
    let snow = cat().gpc("ow_snow").expect("ow_snow");
    assert_eq!((snow.grapheme, snow.phoneme), ("ow", "/oa/"));
    assert_eq!(snow.section, Some(Section::Two));
    assert!(cat().gpc("ow").is_none(), "ow needs a tag");
    let street = bank().iter().find(|w| w.text == "street").expect("street");
    assert_eq!(street.breakdown, "s-t-r-ee-t");
    assert_eq!(
        (street.shape, street.section, street.phase, street.pseudo),
        (WordShape::CCCVC, Section::Two, Phase::Four, false)
    );
    assert!(cat()
        .allowed_in(Section::One)
        .all(|g| g.section == Some(Section::One)));
    assert_eq!(
        tricky_words(Phase::Two).expect("tricky"),
        ["the", "to", "I", "no", "go", "into"]
    );
}

// ---------------------------------------------------------------- the catalogue

#[test]
fn catalogue_ids_are_unique_and_follow_the_notation() {
    let mut ids = HashSet::new();
    for gpc in cat().all() {
        assert!(ids.insert(gpc.id), "{} twice", gpc.id);
        let token = gpc.grapheme.replace('-', "_");
        assert!(
            gpc.id.as_str() == token || gpc.id.as_str().starts_with(&format!("{token}_")),
            "{}",
            gpc.id
        );
        // Every GPC can be named in a breakdown, and names only itself.
        assert_eq!(cat().parse_breakdown(&gpc.token()), Ok(vec![gpc.id]));
    }
}

#[test]
fn sections_use_exactly_the_checks_gpc_lists() {
    // gov.uk, "Phonics screening check: structure and content of the check".
    let mut one: BTreeSet<&str> = "a b c d e f g h i j k l m n o p r s t u v w x y z qu \
         ch ck ff ll ng sh ss th zz ar ee oi oo or"
        .split_whitespace()
        .collect();
    let two: BTreeSet<&str> = "ph wh a-e ai au aw ay ea e-e er ew i-e ie ir oa o-e ou ow oy \
         ue u-e ur air igh"
        .split_whitespace()
        .collect();
    let graphemes = |section: Section| -> BTreeSet<&str> {
        cat()
            .all()
            .iter()
            .filter(|g| g.section == Some(section))
            .map(|g| g.grapheme)
            .collect()
    };
    assert_eq!(graphemes(Section::One), one);
    assert_eq!(graphemes(Section::Two), two);
    one.extend(two);
    let allowed: BTreeSet<&str> = cat().allowed_in(Section::Two).map(|g| g.grapheme).collect();
    assert_eq!(allowed, one);
}

#[test]
fn phases_follow_letters_and_sounds() {
    let expected = [
        (
            Phase::Two,
            "s a t p i n m d g o c k ck e u r h b f ff l ll ss",
        ),
        (
            Phase::Three,
            "j v w x y z zz qu ch sh th ng ai ee igh oa oo ar or ur ow oi ear air ure er",
        ),
        (
            Phase::Five,
            "ay ou ie ea oy ir ue aw wh ph ew oe au ey a-e e-e i-e o-e u-e \
             ow ie ea y c g ch ou er",
        ),
    ];
    for (phase, list) in expected {
        let want: BTreeSet<&str> = list.split_whitespace().collect();
        let got: BTreeSet<&str> = cat()
            .all()
            .iter()
            .filter(|g| g.phase == phase)
            .map(|g| g.grapheme)
            .collect();
        assert_eq!(got, want, "phase {}", phase.number());
    }
    assert!(cat().all().iter().all(|g| g.phase != Phase::Four));
}

#[test]
fn phase_five_alternatives_are_there_with_the_section_we_decided() {
    // (id, phoneme, allowed in section 2): see the header of data/gpcs.tsv for why.
    let cases = [
        ("ow_snow", "/oa/", true),
        ("er_her", "/ur/", true),
        ("ie_shield", "/ee/", false),
        ("ea_head", "/e/", false),
        ("y_funny", "/ee/", false),
        ("y_fly", "/igh/", false),
        ("c_ice", "/s/", false),
        ("g_giant", "/j/", false),
        ("ch_school", "/k/", false),
        ("ch_chef", "/sh/", false),
        ("ou_shoulder", "/oa/", false),
        ("ou_soup", "/oo/", false),
    ];
    for (id, phoneme, in_two) in cases {
        let gpc = cat().gpc(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(gpc.phoneme, phoneme, "{id}");
        assert_eq!(gpc.phase, Phase::Five, "{id}");
        assert_eq!(gpc.allowed_in(Section::Two), in_two, "{id}");
        assert!(!gpc.allowed_in(Section::One), "{id}");
    }
}

// ---------------------------------------------------------------- every word is consistent

#[test]
fn every_word_is_spelled_by_its_breakdown_and_has_its_stated_shape_and_section() {
    for word in bank() {
        let again = cat().parse_breakdown(word.breakdown).expect("parses");
        assert_eq!(again, word.gpcs, "{}", word.text);
        assert_eq!(
            cat().spell(&word.gpcs).as_deref(),
            Ok(word.text),
            "{}",
            word.breakdown
        );
        let gpcs = details(word);
        let kinds: Vec<GpcKind> = gpcs.iter().map(|g| g.kind).collect();
        assert_eq!(WordShape::of(&kinds), Some(word.shape), "{}", word.text);
        assert!(
            gpcs.iter().all(|g| g.allowed_in(word.section)),
            "{}",
            word.text
        );
        assert!(word.shape.allowed_in(word.section), "{}", word.text);
        assert_eq!(
            words::section_problem(&gpcs, word.shape, word.section),
            None,
            "{}",
            word.text
        );
        assert_eq!(word.phase, words::phase_of(&gpcs), "{}", word.text);
    }
}

#[test]
fn split_digraphs_spell_around_their_consonant() {
    let cases = [
        ("m-a_e-k", "make"),
        ("s-t-r-i_e-p", "stripe"),
        ("wh-a_e-l", "whale"),
        ("c-u-p-c-a_e-k", "cupcake"),
        ("c-o-m-p-l-e_e-t", "complete"),
        ("t-u_e-b", "tube"),
        ("ph-o_e-n", "phone"),
    ];
    for (breakdown, text) in cases {
        let ids = cat().parse_breakdown(breakdown).expect(breakdown);
        assert_eq!(cat().spell(&ids).as_deref(), Ok(text));
    }
}

#[test]
fn no_word_is_in_the_bank_twice() {
    let mut seen = HashSet::new();
    for word in bank() {
        assert!(seen.insert(word.text), "{} twice", word.text);
    }
}

// ---------------------------------------------------------------- size and spread

fn count(pseudo: bool, section: Section) -> usize {
    bank()
        .iter()
        .filter(|w| w.pseudo == pseudo && w.section == section)
        .count()
}

#[test]
fn the_bank_is_big_enough_for_many_parallel_forms() {
    let real = bank().iter().filter(|w| !w.pseudo).count();
    let pseudo = bank().iter().filter(|w| w.pseudo).count();
    assert!(real >= 400, "{real} real words");
    assert!(pseudo >= 400, "{pseudo} pseudo-words");
    for section in Section::ALL {
        for is_pseudo in [false, true] {
            let n = count(is_pseudo, section);
            assert!(n >= 150, "section {section:?} pseudo={is_pseudo}: {n}");
        }
    }
}

/// Vowel GPCs a section allows that the bank may use fewer than 3 times; each needs a reason.
/// Empty: every vowel GPC has at least 3 real and 3 pseudo-words in each section.
const RARE_VOWELS: &[(&str, Section, &str)] = &[];

const MIN_PER_VOWEL: usize = 3;

fn coverage(section: Section) -> BTreeMap<&'static str, (usize, usize)> {
    let mut per: BTreeMap<&'static str, (usize, usize)> = cat()
        .allowed_in(section)
        .filter(|g| g.kind == GpcKind::Vowel)
        .map(|g| (g.id.as_str(), (0, 0)))
        .collect();
    for word in bank().iter().filter(|w| w.section == section) {
        let distinct: BTreeSet<GpcId> = word.gpcs.iter().copied().collect();
        for id in distinct {
            if let Some((real, pseudo)) = per.get_mut(id.as_str()) {
                if word.pseudo {
                    *pseudo += 1;
                } else {
                    *real += 1;
                }
            }
        }
    }
    per
}

#[test]
fn every_vowel_gpc_of_a_section_is_in_several_real_and_pseudo_words() {
    for section in Section::ALL {
        for (id, (real, pseudo)) in coverage(section) {
            if RARE_VOWELS
                .iter()
                .any(|(r, s, _)| *r == id && *s == section)
            {
                continue;
            }
            assert!(
                real >= MIN_PER_VOWEL && pseudo >= MIN_PER_VOWEL,
                "section {}: {id} is in {real} real and {pseudo} pseudo-words",
                section.number()
            );
        }
    }
}

#[test]
fn the_coverage_check_can_fail() {
    // A GPC the bank never uses in a section (ear is in neither) would read (0, 0).
    let one = coverage(Section::One);
    assert!(!one.contains_key("ai"), "ai is a section 2 GPC");
    assert!(one.contains_key("oo_book"));
    assert!(!coverage(Section::Two).contains_key("ear"));
}

// ---------------------------------------------------------------- the British English word list

fn british_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let text = std::fs::read_to_string(BRITISH_WORDS).unwrap_or_else(|e| {
            panic!(
                "cannot read {BRITISH_WORDS} ({e}). The word bank tests need Debian's British \
                 English word list: run `apt-get install wbritish` (./dev.sh setup does it)."
            )
        });
        text.lines().map(|w| w.trim().to_lowercase()).collect()
    })
}

/// A pseudo-word must not be a real word, nor a real word's plural ("blogs" from "blog").
fn real_word_in(word: &str, dictionary: &HashSet<String>) -> Option<String> {
    let mut forms = vec![word.to_string()];
    if let Some(stem) = word.strip_suffix("es") {
        forms.push(stem.to_string());
    }
    if let Some(stem) = word.strip_suffix('s') {
        forms.push(stem.to_string());
    }
    forms.into_iter().find(|f| dictionary.contains(f))
}

#[test]
fn real_words_are_english_and_pseudo_words_are_not() {
    let dictionary = british_words();
    let missing: Vec<&str> = bank()
        .iter()
        .filter(|w| !w.pseudo && !dictionary.contains(&w.text.to_lowercase()))
        .map(|w| w.text)
        .collect();
    assert!(
        missing.is_empty(),
        "real words missing from {BRITISH_WORDS}: {missing:?}"
    );
    let real: Vec<(&str, String)> = bank()
        .iter()
        .filter(|w| w.pseudo)
        .filter_map(|w| real_word_in(&w.text.to_lowercase(), dictionary).map(|r| (w.text, r)))
        .collect();
    assert!(
        real.is_empty(),
        "pseudo-words that are real words: {real:?}"
    );
}

#[test]
fn the_real_word_check_catches_plurals() {
    let dictionary: HashSet<String> = ["blog", "box", "Brent"]
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let cases = [
        ("blog", Some("blog")),
        ("blogs", Some("blog")),
        ("boxes", Some("box")),
        ("brent", Some("brent")),
        ("blim", None),
        ("bles", None),
    ];
    for (word, expected) in cases {
        assert_eq!(
            real_word_in(word, &dictionary).as_deref(),
            expected,
            "{word}"
        );
    }
}

// ---------------------------------------------------------------- the blocklist

/// How a word sounds, roughly: ph -> f, wh -> w, ck/c/q -> k (c before e, i, y -> s),
/// x -> ks, then doubled letters collapse. "phuck", "fukk" and "fuc" all key to "fuk".
fn blocklist_key(word: &str) -> String {
    let letters: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    let mut sounds = String::new();
    let mut i = 0;
    while i < letters.len() {
        let next = letters.get(i + 1).copied();
        let step = match (letters[i], next) {
            ('p', Some('h')) => ("f", 2),
            ('w', Some('h')) => ("w", 2),
            ('c', Some('k')) => ("k", 2),
            ('c', Some('e' | 'i' | 'y')) => ("s", 1),
            ('c' | 'q', _) => ("k", 1),
            ('x', _) => ("ks", 1),
            _ => ("", 1),
        };
        if step.0.is_empty() {
            sounds.push(letters[i]);
        } else {
            sounds.push_str(step.0);
        }
        i += step.1;
    }
    let mut key = String::new();
    for c in sounds.chars() {
        if !key.ends_with(c) {
            key.push(c);
        }
    }
    key
}

/// (key, also blocked inside a longer word)
fn blocklist() -> Vec<(String, bool)> {
    data_lines(BLOCKLIST)
        .map(|(_, line)| {
            let line = line.trim();
            match line.strip_prefix('*') {
                Some(word) => (blocklist_key(word), true),
                None => (blocklist_key(line), false),
            }
        })
        .collect()
}

fn blocked_by(word: &str, list: &[(String, bool)]) -> Option<String> {
    let key = blocklist_key(word);
    list.iter()
        .find(|(blocked, inside)| key == *blocked || (*inside && key.contains(blocked.as_str())))
        .map(|(blocked, _)| blocked.clone())
}

#[test]
fn the_blocklist_key_catches_sound_alike_spellings() {
    let cases = [
        ("phuck", "fuk"),
        ("fukk", "fuk"),
        ("Fuc", "fuk"),
        ("whank", "wank"),
        ("quid", "kuid"),
        ("cell", "sel"),
        ("box", "boks"),
        ("shitt", "shit"),
    ];
    for (word, key) in cases {
        assert_eq!(blocklist_key(word), key, "{word}");
    }
    let list = blocklist();
    for rude in [
        "phuk", "fook", "shiit", "bumm", "kok", "spliff", "poob", "dikt",
    ] {
        assert!(
            blocked_by(rude, &list).is_some(),
            "{rude} should be blocked"
        );
    }
    for fine in ["blim", "stord", "vosk", "grell"] {
        assert_eq!(blocked_by(fine, &list), None, "{fine}");
    }
}

#[test]
fn no_pseudo_word_is_or_sounds_like_a_blocked_word() {
    let list = blocklist();
    let bad: Vec<(&str, String)> = bank()
        .iter()
        .filter(|w| w.pseudo)
        .filter_map(|w| blocked_by(w.text, &list).map(|b| (w.text, b)))
        .collect();
    assert!(bad.is_empty(), "blocked pseudo-words: {bad:?}");
}

// ---------------------------------------------------------------- English spelling habits

/// Onsets (consonant GPCs before the first vowel) and codas (after the last) a pseudo-word may
/// have, written as breakdowns. English starts words with these and ends them with those.
const ONSETS: &str = "b c d f g h j k l m n p qu r s t v w y z ch sh th wh ph \
     b-l b-r c-l c-r d-r f-l f-r g-l g-r p-l p-r s-c s-k s-l s-m s-n s-p s-t s-w t-r t-w \
     th-r sh-r s-qu s-c-r s-p-l s-p-r s-t-r";
const CODAS: &str = "b d g k l m n p s t v x z f ch sh th ng ck ff ll ss zz \
     c-t f-t l-b l-d l-f l-k l-m l-p l-t m-p n-d n-t n-k n-ch p-t s-k s-p s-t x-t";

fn is_short_vowel(gpc: Option<&&Gpc>) -> bool {
    gpc.is_some_and(|g| ["a", "e", "i", "o", "u"].contains(&g.id.as_str()))
}

/// Why a pseudo-word breaks an English spelling habit (empty if it does not). These are the
/// habits our pseudo-words were written to; real English has exceptions, pseudo-words need none.
fn spelling_habit_problems(gpcs: &[&Gpc]) -> Vec<String> {
    let mut problems = Vec::new();
    // The letter written after each GPC (split digraphs: the consonant they wrap).
    let mut text = String::new();
    let mut ends = Vec::new();
    let mut open_split = false;
    for gpc in gpcs {
        if open_split {
            text.push_str(gpc.grapheme);
            ends.push(text.len());
            text.push('e');
            open_split = false;
        } else if gpc.is_split_digraph() {
            text.push_str(&gpc.grapheme[..1]);
            ends.push(text.len());
            open_split = true;
        } else {
            text.push_str(gpc.grapheme);
            ends.push(text.len());
        }
    }
    let letter_after = |i: usize| text[ends[i]..].chars().next();
    if text.ends_with(['v', 'j', 'q']) {
        problems.push("English words do not end in v, j or q".into());
    }
    for (i, gpc) in gpcs.iter().enumerate() {
        let id = gpc.id.as_str();
        let g = gpc.grapheme;
        let prev = i.checked_sub(1).and_then(|p| gpcs.get(p));
        let next = gpcs.get(i + 1);
        let next_id = next.map(|n| n.id.as_str());
        let last = next.is_none();
        let mut problem = |p: String| problems.push(format!("{g}: {p}"));
        if ["ck", "ng", "x"].contains(&g) && !is_short_vowel(prev) {
            problem("comes only after a short vowel".into());
        }
        if ["ff", "ll", "ss", "zz"].contains(&g) && !(last && is_short_vowel(prev)) {
            problem("ends a word after a short vowel only".into());
        }
        if ["f", "l", "s", "z"].contains(&g) && last && is_short_vowel(prev) {
            problem(format!(
                "is doubled ({g}{g}) after a short vowel at the end"
            ));
        }
        if g == "s" && last {
            problem("a final s looks like a plural".into());
        }
        if g == "k" && is_short_vowel(prev) {
            problem("is ck after a short vowel".into());
        }
        if g == "c" && (last || matches!(letter_after(i), Some('e' | 'i' | 'y'))) {
            problem("must be followed by a, o, u or a consonant to say /k/".into());
        }
        if g == "k" && !last {
            let after = letter_after(i);
            let s_before = prev.is_some_and(|p| p.grapheme == "s");
            if !(matches!(after, Some('e' | 'i' | 'y'))
                || (s_before && matches!(after, Some('a' | 'o' | 'u'))))
            {
                problem("is written c before a, o, u and consonants".into());
            }
        }
        if g == "g" && matches!(letter_after(i), Some('e' | 'i' | 'y')) {
            problem("before e, i or y may say /j/".into());
        }
        if ["qu", "y", "h", "w", "wh", "j"].contains(&g)
            && !next.is_some_and(|n| n.kind == GpcKind::Vowel)
        {
            problem("must come before a vowel".into());
        }
        if ["w", "wh", "qu"].contains(&g) && matches!(next_id, Some("a" | "ar" | "or")) {
            problem("changes the vowel after it (was, war, word)".into());
        }
        if g == "r"
            && matches!(
                next_id,
                Some("ar" | "or" | "ur" | "ir" | "er" | "er_her" | "air")
            )
        {
            problem("before an r-vowel is hard to say".into());
        }
        if ["ay", "oy", "ie", "ue", "air"].contains(&id) && !last {
            problem("ends words".into());
        }
        if ["ai", "oi", "oa", "au"].contains(&id) && last {
            problem("does not end words".into());
        }
        let allowed_after: Option<&[&str]> = match id {
            "aw" => Some(&["n", "l", "k"]),
            "ew" | "igh" => Some(&["t"]),
            "ow_cow" | "ow_snow" => Some(&["n", "l", "d"]),
            _ => None,
        };
        if let (Some(allowed), Some(n)) = (allowed_after, next) {
            if !allowed.contains(&n.grapheme) {
                problem(format!(
                    "ends a word or comes before {}",
                    allowed.join(", ")
                ));
            }
        }
        if gpc.is_split_digraph()
            && !next.is_some_and(|n| {
                ["b", "d", "k", "l", "m", "n", "p", "t", "v", "z"].contains(&n.grapheme)
            })
        {
            problem("wraps a single common consonant".into());
        }
    }
    let vowels: Vec<usize> = (0..gpcs.len())
        .filter(|&i| gpcs[i].kind == GpcKind::Vowel)
        .collect();
    if let (Some(&first), Some(&last)) = (vowels.first(), vowels.last()) {
        let join = |part: &[&Gpc]| {
            part.iter()
                .map(|g| g.grapheme)
                .collect::<Vec<_>>()
                .join("-")
        };
        let onset = join(&gpcs[..first]);
        let coda = join(&gpcs[last + 1..]);
        if !onset.is_empty() && !ONSETS.split_whitespace().any(|o| o == onset) {
            problems.push(format!("{onset}: not an English word start"));
        }
        if !coda.is_empty() && !CODAS.split_whitespace().any(|c| c == coda) {
            problems.push(format!("{coda}: not an English word end"));
        }
        if last - first > 4 {
            problems.push("more than 3 consonants between the syllables".into());
        }
    }
    problems
}

#[test]
fn the_spelling_habit_rules_catch_un_english_pseudo_words() {
    let cases = [
        ("g-i-v", "end in v"),
        ("b-e-ck", ""),
        ("b-ee-ck", "after a short vowel"),
        ("b-i-ll", ""),
        ("b-i-l", "doubled"),
        ("b-ee-ll", "ends a word after a short vowel"),
        ("b-l-i-m-s", "plural"),
        ("b-a-k", "ck after a short vowel"),
        ("c-i-p", "say /k/"),
        ("k-a-p", "written c"),
        ("s-k-a-p", ""),
        ("g-e-p", "/j/"),
        ("h-l-o-p", "before a vowel"),
        ("w-a-p", "changes the vowel"),
        ("b-r-ar-p", "r-vowel"),
        ("b-l-ay-p", "ends words"),
        ("b-l-oa", "does not end"),
        ("b-l-aw-p", "comes before n, l, k"),
        ("b-l-i_e-ch", "wraps"),
        ("s-r-i-p", "word start"),
        ("b-i-m-f", "word end"),
        ("b-l-i-m", ""),
        ("s-t-r-oa-m", ""),
        ("b-o-n-d-p-l-i-t", "more than 3"),
    ];
    for (breakdown, expected) in cases {
        let problems = spelling_habit_problems(&gpcs_of(breakdown));
        if expected.is_empty() {
            assert!(problems.is_empty(), "{breakdown}: {problems:?}");
        } else {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{breakdown}: expected \"{expected}\", got {problems:?}"
            );
        }
    }
}

#[test]
fn pseudo_words_keep_english_spelling_habits() {
    let bad: Vec<String> = bank()
        .iter()
        .filter(|w| w.pseudo)
        .filter_map(|w| {
            let problems = spelling_habit_problems(&details(w));
            (!problems.is_empty()).then(|| format!("{}: {}", w.text, problems.join("; ")))
        })
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

// ---------------------------------------------------------------- tricky words

#[test]
fn tricky_words_follow_letters_and_sounds() {
    let counts: Vec<usize> = Phase::ALL
        .iter()
        .map(|&p| tricky_words(p).expect("tricky").len())
        .collect();
    assert_eq!(counts, [6, 12, 14, 26]);
    assert_eq!(tricky_words_up_to(Phase::Three).expect("tricky").len(), 18);
    let five = tricky_words(Phase::Five).expect("tricky");
    for word in ["Mrs", "through", "because", "please"] {
        assert!(five.contains(&word), "{word}");
    }
    assert!(!tricky_words_up_to(Phase::Four)
        .expect("tricky")
        .contains(&"people"));
}

#[test]
fn labels_tell_apart_graphemes_with_two_sounds() {
    assert_eq!(cat().label("oo_moon").as_deref(), Some("oo (moon)"));
    assert_eq!(cat().label("oo_book").as_deref(), Some("oo (book)"));
    assert_eq!(cat().label("s").as_deref(), Some("s"));
    assert_eq!(cat().label("a_e").as_deref(), Some("a-e"));
    assert_eq!(cat().label("no-such-gpc"), None);
}
