use std::collections::HashSet;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use time::macros::date;

use super::link::crc32;
use super::*;
use crate::domain::fluency;
use crate::domain::phonics::{self, Phase};

/// A small deterministic generator (splitmix64), so the "many packs" test needs no crate
/// and fails the same way every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn some<T: Copy>(&mut self, from: &[T], max: usize) -> Vec<T> {
        let count = self.below(max + 1);
        (0..count).map(|_| from[self.below(from.len())]).collect()
    }
}

fn content() -> (
    Vec<&'static str>,
    Vec<&'static str>,
    Vec<&'static str>,
    Vec<&'static str>,
) {
    let gpcs = phonics::catalogue()
        .expect("catalogue")
        .all()
        .iter()
        .map(|g| g.id.as_str())
        .collect();
    let bank = phonics::word_bank().expect("bank");
    let real = bank.iter().filter(|w| !w.pseudo).map(|w| w.text).collect();
    let pseudo = bank.iter().filter(|w| w.pseudo).map(|w| w.text).collect();
    let tricky = phonics::all_tricky_words()
        .expect("tricky")
        .iter()
        .map(|t| t.word)
        .collect();
    (gpcs, real, pseudo, tricky)
}

fn sample_pack() -> PracticePack {
    PracticePack::new(
        &["sh", "ch", "igh"],
        &["ship", "chip", "night"],
        &["shech", "hish"],
        &["the", "I", "said"],
        Some("l1-on-the-bus"),
    )
    .expect("valid pack")
}

/// A link with its own payload and a right checksum: what a careless or crafty maker could
/// produce, to test the checks after the checksum.
fn forged(version: u32, payload: &str) -> String {
    let prefix = format!("p{version}.");
    let mut bytes = payload.as_bytes().to_vec();
    bytes.extend_from_slice(&crc32(prefix.as_bytes(), payload.as_bytes()).to_be_bytes());
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

const FRAGMENT_SAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

#[test]
fn crc32_matches_the_standard_check_value() {
    assert_eq!(crc32(b"1234", b"56789"), 0xCBF4_3926);
    assert_eq!(crc32(b"", b""), 0);
}

#[test]
fn a_pack_round_trips_and_looks_right() {
    let pack = sample_pack();
    let fragment = encode(&pack);
    assert!(fragment.starts_with("p1."), "{fragment}");
    assert_eq!(decode(&fragment), Ok(pack.clone()));
    assert_eq!(decode(&format!("#{fragment}")), Ok(pack.clone()));
    assert_eq!(decode(&format!("  {fragment}\n")), Ok(pack.clone()));
    let url = pack_url("https://example.org/readby7/", &pack);
    assert_eq!(
        url,
        format!("https://example.org/readby7/practice#{fragment}")
    );
    assert_eq!(decode(&url), Ok(pack.clone()));
    assert_eq!(pack.version(), FORMAT_VERSION);
    assert_eq!(pack.cards().len(), 3 + 3 + 2 + 3 + 1);
    assert_eq!(pack.tricky(), ["the", "I", "said"]);
}

#[test]
fn many_generated_packs_round_trip_within_limits_and_safe_characters() {
    let (gpcs, real, pseudo, tricky) = content();
    let passages: Vec<&str> = fluency::passages()
        .expect("passages")
        .iter()
        .map(|p| p.id)
        .collect();
    let mut rng = Rng(7);
    let mut made = 0;
    for _ in 0..600 {
        let passage = (rng.below(2) == 0).then(|| passages[rng.below(passages.len())]);
        let result = PracticePack::new(
            &rng.some(&gpcs, MAX_GPCS),
            &rng.some(&real, MAX_WORDS),
            &rng.some(&pseudo, MAX_PSEUDO_WORDS),
            &rng.some(&tricky, MAX_TRICKY),
            passage,
        );
        let pack = match result {
            Ok(pack) => pack,
            Err(PackError::Empty) => continue,
            Err(e) => panic!("generated pack refused: {}", e.detail()),
        };
        made += 1;
        let fragment = encode(&pack);
        assert!(fragment.len() <= MAX_LINK_CHARS, "{}", fragment.len());
        assert!(
            fragment.chars().all(|c| FRAGMENT_SAFE.contains(c)),
            "{fragment}"
        );
        assert_eq!(decode(&fragment).as_ref(), Ok(&pack), "{fragment}");
    }
    assert!(made > 500, "only {made} packs were made");
}

#[test]
fn the_largest_possible_pack_fits_the_length_limit() {
    let (gpcs, real, pseudo, tricky) = content();
    let longest = |mut items: Vec<&'static str>, n: usize| {
        items.sort_by_key(|s| std::cmp::Reverse(s.len()));
        items.truncate(n);
        items
    };
    let passage = fluency::passages()
        .expect("passages")
        .iter()
        .map(|p| p.id)
        .max_by_key(|id| id.len());
    let pack = PracticePack::new(
        &longest(gpcs, MAX_GPCS),
        &longest(real, MAX_WORDS),
        &longest(pseudo, MAX_PSEUDO_WORDS),
        &longest(tricky, MAX_TRICKY),
        passage,
    )
    .expect("largest pack");
    let fragment = encode(&pack);
    assert!(
        fragment.len() <= MAX_LINK_CHARS,
        "the largest pack is {} characters",
        fragment.len()
    );
    assert_eq!(decode(&fragment), Ok(pack));
}

#[test]
fn any_changed_character_is_caught() {
    let fragment = encode(&sample_pack());
    let alphabet: Vec<char> = FRAGMENT_SAFE.chars().filter(|c| *c != '.').collect();
    for (at, original) in fragment.char_indices().skip(3) {
        for &c in alphabet.iter().filter(|c| **c != original) {
            let mut tampered = fragment.clone();
            tampered.replace_range(at..at + 1, &c.to_string());
            assert_eq!(decode(&tampered), Err(PackError::Damaged), "{tampered}");
        }
    }
    // Characters a messaging app might add or a person might type.
    for bad in ["%", "=", "+", "/", " x"] {
        let tampered = format!("{fragment}{bad}");
        assert_eq!(decode(&tampered), Err(PackError::Damaged), "{tampered}");
    }
}

#[test]
fn a_cut_short_link_is_caught() {
    let fragment = encode(&sample_pack());
    for end in 0..fragment.len() {
        let truncated = &fragment[..end];
        assert_eq!(decode(truncated), Err(PackError::Damaged), "{truncated:?}");
    }
    for not_ours in [
        "", "#", "hello", "p.", "p1", "pp1.abc", "p-1.abc", "p1x.abc",
    ] {
        assert_eq!(decode(not_ours), Err(PackError::Damaged), "{not_ours:?}");
    }
}

#[test]
fn a_link_from_a_newer_app_says_so() {
    let body = &encode(&sample_pack())[3..];
    assert_eq!(
        decode(&format!("p2.{body}")),
        Err(PackError::NewerVersion { version: 2 })
    );
    assert_eq!(
        decode(&forged(17, "whatever|the|format|may|be")),
        Err(PackError::NewerVersion { version: 17 })
    );
    // Version 0 was never written; a huge number is not a version.
    assert_eq!(decode(&format!("p0.{body}")), Err(PackError::Damaged));
    assert_eq!(
        decode(&format!("p99999999999.{body}")),
        Err(PackError::Damaged)
    );
}

#[test]
fn oversized_links_and_lists_are_refused() {
    let long = format!("p1.{}", "A".repeat(MAX_LINK_CHARS));
    assert_eq!(
        decode(&long),
        Err(PackError::TooLong {
            chars: MAX_LINK_CHARS + 3
        })
    );
    let nine = ["s", "a", "t", "p", "i", "n", "m", "d", "g"];
    assert_eq!(
        PracticePack::new(&nine, &[], &[], &[], None),
        Err(PackError::TooManyItems {
            list: PackList::Gpcs,
            count: 9
        })
    );
    let words = vec!["cat"; MAX_WORDS + 1].join(",");
    assert_eq!(
        decode(&forged(1, &format!("|{words}|||"))),
        Err(PackError::TooManyItems {
            list: PackList::Words,
            count: MAX_WORDS + 1
        })
    );
}

#[test]
fn unknown_content_is_refused_without_repeating_it() {
    let cases = [
        ("s,zz9||||", PackList::Gpcs, 1),
        ("|cat,Alice|||", PackList::Words, 1),
        ("|bup|||", PackList::Words, 0), // a pseudo-word in the real-word list
        ("||cat||", PackList::PseudoWords, 0), // a real word in the alien-word list
        ("|||the,Jones 07700900123|", PackList::Tricky, 1),
        ("|||THE|", PackList::Tricky, 0),
        ("s||||not-a-passage", PackList::Passage, 0),
    ];
    for (payload, list, index) in cases {
        let err = decode(&forged(1, payload)).expect_err(payload);
        assert_eq!(err, PackError::UnknownItem { list, index }, "{payload}");
        let shown = format!("{err} {}", err.detail());
        for part in ["zz9", "Alice", "Jones", "0770", "not-a-passage"] {
            assert!(!shown.contains(part), "{shown}");
        }
    }
    // Wrong layouts with a right checksum are still damage.
    for payload in ["", "s|cat", "s||||||", "s|||||x"] {
        assert_eq!(
            decode(&forged(1, payload)),
            Err(PackError::Damaged),
            "{payload}"
        );
    }
    assert_eq!(decode(&forged(1, "||||")), Err(PackError::Empty));
}

#[test]
fn a_name_cannot_ride_in_a_pack() {
    for name in ["Alice", "alice", "Smith", "A123456789012"] {
        assert!(PracticePack::new(&[name], &[], &[], &[], None).is_err());
        assert!(PracticePack::new(&[], &[name], &[], &[], None).is_err());
        assert!(PracticePack::new(&[], &[], &[name], &[], None).is_err());
        assert!(PracticePack::new(&[], &[], &[], &[name], None).is_err());
        assert!(PracticePack::new::<&str>(&[], &[], &[], &[], Some(name)).is_err());
    }
    assert_eq!(
        PracticePack::new::<&str>(&[], &[], &[], &[], None),
        Err(PackError::Empty)
    );
}

#[test]
fn repeats_are_dropped_and_order_kept() {
    let pack = PracticePack::new(
        &["ch", "sh", "ch"],
        &["ship", "chip", "ship"],
        &[],
        &[],
        None,
    )
    .expect("pack");
    assert_eq!(
        pack.gpcs().iter().map(|g| g.as_str()).collect::<Vec<_>>(),
        ["ch", "sh"]
    );
    assert_eq!(pack.words(), ["ship", "chip"]);
}

#[test]
fn error_messages_are_plain_distinct_and_for_parents() {
    let errors = [
        PackError::Damaged,
        PackError::NewerVersion { version: 2 },
        PackError::TooLong { chars: 2000 },
        PackError::TooManyItems {
            list: PackList::Words,
            count: 40,
        },
        PackError::UnknownItem {
            list: PackList::Words,
            index: 0,
        },
        PackError::UnknownItem {
            list: PackList::Gpcs,
            index: 0,
        },
        PackError::UnknownItem {
            list: PackList::Passage,
            index: 0,
        },
        PackError::Empty,
    ];
    let messages: HashSet<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), errors.len());
    for message in &messages {
        for jargon in [
            "GPC",
            "checksum",
            "base64",
            "fragment",
            "decode",
            "version 2",
        ] {
            assert!(!message.contains(jargon), "{message}");
        }
        assert!(
            message.contains("teacher") || message.contains("again"),
            "{message}"
        );
    }
    assert_eq!(
        PackError::Damaged.to_string(),
        "This practice link is damaged or incomplete \u{2014} ask the teacher for a new one."
    );
    assert!(PackError::NewerVersion { version: 2 }
        .to_string()
        .contains("newer version"));
}

#[test]
fn a_pack_serialises_as_its_checked_fragment() {
    let pack = sample_pack();
    let json = serde_json::to_string(&pack).expect("serialise");
    assert_eq!(json, format!("\"{}\"", encode(&pack)));
    let back: PracticePack = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, pack);
    assert!(serde_json::from_str::<PracticePack>("\"p1.AAAA\"").is_err());
}

fn buttons(word: &str) -> Vec<(&'static str, ButtonKind, Vec<usize>)> {
    sound_buttons(word)
        .unwrap_or_else(|| panic!("{word} has buttons"))
        .into_iter()
        .map(|b| (b.grapheme, b.kind, b.letters))
        .collect()
}

#[test]
fn sound_buttons_dot_single_letters_and_dash_digraphs_and_trigraphs() {
    use ButtonKind::*;
    assert_eq!(
        buttons("cat"),
        [
            ("c", Dot, vec![0]),
            ("a", Dot, vec![1]),
            ("t", Dot, vec![2])
        ]
    );
    assert_eq!(
        buttons("ship"),
        [
            ("sh", Dash, vec![0, 1]),
            ("i", Dot, vec![2]),
            ("p", Dot, vec![3])
        ]
    );
    assert_eq!(
        buttons("night"),
        [
            ("n", Dot, vec![0]),
            ("igh", Dash, vec![1, 2, 3]),
            ("t", Dot, vec![4])
        ]
    );
    assert_eq!(
        buttons("hair"),
        [("h", Dot, vec![0]), ("air", Dash, vec![1, 2, 3])]
    );
}

#[test]
fn sound_buttons_link_the_two_letters_of_a_split_digraph() {
    use ButtonKind::*;
    assert_eq!(
        buttons("make"),
        [
            ("m", Dot, vec![0]),
            ("a-e", SplitDigraph, vec![1, 3]),
            ("k", Dot, vec![2])
        ]
    );
    assert_eq!(
        buttons("cupcake"),
        [
            ("c", Dot, vec![0]),
            ("u", Dot, vec![1]),
            ("p", Dot, vec![2]),
            ("c", Dot, vec![3]),
            ("a-e", SplitDigraph, vec![4, 6]),
            ("k", Dot, vec![5]),
        ]
    );
}

#[test]
fn every_bank_word_gets_buttons_covering_each_letter_once() {
    for word in phonics::word_bank().expect("bank") {
        let mut letters: Vec<usize> = sound_buttons(word.text)
            .unwrap_or_else(|| panic!("{}", word.text))
            .into_iter()
            .flat_map(|b| b.letters)
            .collect();
        letters.sort_unstable();
        assert_eq!(
            letters,
            (0..word.text.len()).collect::<Vec<_>>(),
            "{}",
            word.text
        );
    }
}

#[test]
fn tricky_and_unknown_words_have_no_buttons() {
    assert_eq!(sound_buttons("said"), None);
    assert_eq!(sound_buttons("Alice"), None);
    let c = phonics::catalogue().expect("catalogue");
    let id = |s: &str| c.gpc(s).expect(s).id;
    // A split digraph must wrap a consonant.
    assert_eq!(sound_buttons_for(&[id("m"), id("a_e")]), None);
    assert_eq!(sound_buttons_for(&[id("a_e"), id("i"), id("k")]), None);
}

fn phase_of_gpc(id: &str) -> Phase {
    phonics::catalogue()
        .expect("catalogue")
        .gpc(id)
        .expect(id)
        .phase
}

#[test]
fn the_default_pack_practises_the_targets_within_their_phase() {
    let pack = default_pack(&["sh", "ch"], 1).expect("pack");
    let ids: Vec<&str> = pack.gpcs().iter().map(|g| g.as_str()).collect();
    assert_eq!(ids, ["sh", "ch"]);
    assert!(pack.words().len() >= 4, "{:?}", pack.words());
    assert!(!pack.pseudo_words().is_empty());
    let bank = phonics::word_bank().expect("bank");
    for text in pack.words().iter().chain(pack.pseudo_words()) {
        let word = bank.iter().find(|w| w.text == *text).expect(text);
        assert!(
            word.gpcs.iter().any(|g| ids.contains(&g.as_str())),
            "{text}"
        );
        assert!(
            word.phase <= Phase::Three,
            "{text}: no adjacent consonants yet"
        );
        assert!(word
            .gpcs
            .iter()
            .all(|g| phase_of_gpc(g.as_str()) <= Phase::Three));
    }
    // Both targets get words, not just the first.
    for target in ["sh", "ch"] {
        assert!(pack.words().iter().any(|w| w.contains(target)), "{target}");
    }
    let phase_three = phonics::tricky_words(Phase::Three).expect("tricky");
    assert!(!pack.tricky().is_empty());
    assert!(pack.tricky().iter().all(|t| phase_three.contains(t)));
    let passage = fluency::passage(pack.passage().expect("a passage"))
        .expect("passages")
        .expect("known");
    assert_eq!(passage.level.number(), 1);
    assert_eq!(decode(&encode(&pack)), Ok(pack));
}

#[test]
fn the_default_pack_for_phase_five_targets() {
    let pack = default_pack(&["a_e".to_string(), "ay".to_string()], 9).expect("pack");
    assert!(pack
        .words()
        .iter()
        .any(|w| w.ends_with('e') || w.contains("ay")));
    let passage = fluency::passage(pack.passage().expect("a passage"))
        .expect("passages")
        .expect("known");
    assert_eq!(passage.level.number(), 3);
    let phase_five = phonics::tricky_words(Phase::Five).expect("tricky");
    assert!(pack.tricky().iter().all(|t| phase_five.contains(t)));
}

#[test]
fn the_default_pack_is_deterministic_and_bounded() {
    let targets = ["s", "a", "t", "p", "i", "n", "m", "d", "x-unknown"];
    let one = default_pack(&targets, 42).expect("pack");
    assert_eq!(default_pack(&targets, 42), Ok(one.clone()));
    assert_eq!(one.gpcs().len(), DEFAULT_GPCS);
    assert!(one.words().len() <= DEFAULT_WORDS);
    assert!(one.pseudo_words().len() <= DEFAULT_PSEUDO_WORDS);
    assert!(one.tricky().len() <= DEFAULT_TRICKY);
    // Phase 2 sounds: no decodable passage is simple enough.
    assert_eq!(one.passage(), None);
    let seeds_differ = (0..20).any(|seed| default_pack(&targets, seed) != Ok(one.clone()));
    assert!(seeds_differ, "the seed should vary the words");
    assert_eq!(default_pack(&["nope", "zz9"], 1), Err(PackError::Empty));
    assert_eq!(default_pack::<&str>(&[], 1), Err(PackError::Empty));
}

#[test]
fn streaks_count_consecutive_days() {
    let mut p = PracticeProgress::new();
    assert_eq!(p.streak(date!(2026 - 03 - 02)), 0);
    assert_eq!(p.record_day(date!(2026 - 03 - 02)), 1);
    // The same day twice changes nothing.
    assert_eq!(p.record_day(date!(2026 - 03 - 02)), 1);
    assert_eq!(p.days_practised(), 1);
    // Yesterday's practice keeps the streak going, today is not over yet.
    assert_eq!(p.streak(date!(2026 - 03 - 03)), 1);
    assert_eq!(p.record_day(date!(2026 - 03 - 03)), 2);
    assert_eq!(p.record_day(date!(2026 - 03 - 04)), 3);
    // Over a month end.
    let mut q = PracticeProgress::new();
    q.record_day(date!(2026 - 02 - 28));
    assert_eq!(q.record_day(date!(2026 - 03 - 01)), 2);
    // A missed day: no streak now, and the next practice starts again at 1.
    assert_eq!(p.streak(date!(2026 - 03 - 06)), 0);
    assert_eq!(p.record_day(date!(2026 - 03 - 06)), 1);
    assert_eq!(p.best_streak(), 3);
    assert_eq!(p.days_practised(), 4);
    // A clock put back does not break the streak.
    assert_eq!(p.record_day(date!(2026 - 03 - 05)), 1);
    assert_eq!(p.last_day(), Some(date!(2026 - 03 - 06)));
}

#[test]
fn stars_are_one_per_card_and_reset_each_day() {
    let mut p = PracticeProgress::new();
    let monday = date!(2026 - 03 - 02);
    let tuesday = date!(2026 - 03 - 03);
    assert_eq!(p.record_card(monday), 1);
    assert_eq!(p.record_card(monday), 2);
    assert!(p.practised_on(monday));
    assert_eq!(p.stars_today(tuesday), 0);
    assert_eq!(p.record_card(tuesday), 1);
    assert_eq!(p.total_stars(), 3);
    assert_eq!(p.streak(tuesday), 2);
    let json = serde_json::to_string(&p).expect("serialise");
    let back: PracticeProgress = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, p);
    assert!(json.contains("2026-03-03"), "{json}");
}

#[test]
fn the_parent_guide_is_short_and_plain() {
    assert!(PARENT_GUIDE.len() >= 6);
    for section in PARENT_GUIDE {
        assert!(!section.heading.is_empty());
        assert!(section.text.len() < 600, "{}", section.heading);
        for jargon in ["GPC", "grapheme", "phoneme", "pseudo"] {
            assert!(!section.text.contains(jargon), "{}", section.heading);
        }
    }
    assert!(PRIVACY_NOTE.contains("not your child's name"));
}
