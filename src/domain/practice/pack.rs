//! The practice pack and its errors. A pack holds only ids of content that ships with the app
//! (GPC ids, word-bank words, tricky words, a passage id), checked on the way in, so it cannot
//! carry a name, a UPN, a result or any other free text.

use std::fmt;

use crate::domain::fluency;
use crate::domain::phonics::{self, ContentError, GpcId};

/// The link format this app writes; a link with a higher number came from a newer app.
pub const FORMAT_VERSION: u32 = 1;

/// Longest fragment `decode` will look at. A full pack encodes to well under this (a test
/// proves it), so anything longer was not made by ReadBy7.
pub const MAX_LINK_CHARS: usize = 1_500;
pub const MAX_GPCS: usize = 8;
pub const MAX_WORDS: usize = 16;
pub const MAX_PSEUDO_WORDS: usize = 16;
pub const MAX_TRICKY: usize = 12;

/// Which list of a pack an item belongs to (named in errors and limits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PackList {
    Gpcs,
    Words,
    PseudoWords,
    Tricky,
    Passage,
}

impl PackList {
    pub fn label(self) -> &'static str {
        match self {
            PackList::Gpcs => "sounds",
            PackList::Words => "real words",
            PackList::PseudoWords => "alien words",
            PackList::Tricky => "tricky words",
            PackList::Passage => "reading passage",
        }
    }

    /// How many items the list may hold.
    pub fn max(self) -> usize {
        match self {
            PackList::Gpcs => MAX_GPCS,
            PackList::Words => MAX_WORDS,
            PackList::PseudoWords => MAX_PSEUDO_WORDS,
            PackList::Tricky => MAX_TRICKY,
            PackList::Passage => 1,
        }
    }
}

/// Why a pack could not be made or a link could not be read. `Display` is the plain-English
/// message for a parent; [`PackError::detail`] adds what a teacher or a bug report needs.
/// No variant keeps text from the link: a crafted link could otherwise put its own words on
/// screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// Not a ReadBy7 link, bad base64, wrong checksum or cut short.
    Damaged,
    /// Made by a newer ReadBy7 (its format version is higher than [`FORMAT_VERSION`]).
    NewerVersion { version: u32 },
    /// Longer than [`MAX_LINK_CHARS`].
    TooLong { chars: usize },
    /// A list longer than [`PackList::max`].
    TooManyItems { list: PackList, count: usize },
    /// An item this app's content does not have (position in its list, from 0). A real word
    /// in the alien-word list (or the other way round) counts as unknown too.
    UnknownItem { list: PackList, index: usize },
    /// Nothing to practise.
    Empty,
    /// The app's own embedded content failed to load (the phonics tests prove it does not).
    Content(ContentError),
}

impl PackError {
    /// A fuller description than the parent message, for the teacher's screen or a log.
    pub fn detail(&self) -> String {
        match self {
            PackError::Damaged => {
                "the link's checksum, encoding or layout is wrong (changed or cut short)".into()
            }
            PackError::NewerVersion { version } => {
                format!("the link is format {version}; this app reads format {FORMAT_VERSION}")
            }
            PackError::TooLong { chars } => {
                format!("the link is {chars} characters; at most {MAX_LINK_CHARS} are read")
            }
            PackError::TooManyItems { list, count } => format!(
                "{count} {} where at most {} are allowed",
                list.label(),
                list.max()
            ),
            PackError::UnknownItem { list, index } => format!(
                "item {} of the {} is not in this app's content",
                index + 1,
                list.label()
            ),
            PackError::Empty => "the pack has no sounds, words or passage".into(),
            PackError::Content(e) => format!("embedded content: {e}"),
        }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PackError::Damaged => {
                "This practice link is damaged or incomplete \u{2014} ask the teacher for a new one."
            }
            PackError::NewerVersion { .. } => {
                "This practice link was made by a newer version of ReadBy7. Close this page and open the link again to update the app; if you still see this message, ask the teacher for a new link."
            }
            PackError::TooLong { .. } => {
                "This practice link is too long to be a ReadBy7 link \u{2014} ask the teacher for a new one."
            }
            PackError::TooManyItems { .. } => {
                "This practice link has more in it than ReadBy7 can show \u{2014} ask the teacher for a new one."
            }
            PackError::UnknownItem { list, .. } => match list {
                PackList::Gpcs => "This practice link has a sound that this version of ReadBy7 does not know. Close this page and open the link again to update the app, or ask the teacher for a new link.",
                PackList::Passage => "This practice link has a reading passage that this version of ReadBy7 does not have. Close this page and open the link again to update the app, or ask the teacher for a new link.",
                _ => "This practice link has a word that this version of ReadBy7 does not know. Close this page and open the link again to update the app, or ask the teacher for a new link.",
            },
            PackError::Empty => {
                "This practice link has nothing to practise in it \u{2014} ask the teacher for a new one."
            }
            PackError::Content(_) => {
                "ReadBy7 could not load its word lists. Close this page and open the link again."
            }
        })
    }
}

impl std::error::Error for PackError {}

impl From<ContentError> for PackError {
    fn from(e: ContentError) -> Self {
        PackError::Content(e)
    }
}

/// What a child practises at home: sounds (GPCs), real words, alien (pseudo) words, tricky
/// words and perhaps one passage. Every item is the app's own `'static` content, found by
/// [`PracticePack::new`]; there is no field for anything else, so a pack (and so a link)
/// cannot hold a name, a UPN or a result.
///
/// Serialises as its link fragment (`"p1.…"`) and deserialises through [`super::decode`], so
/// a stored pack is checked like a link.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(into = "String")]
pub struct PracticePack {
    pub(super) gpcs: Vec<GpcId>,
    pub(super) words: Vec<&'static str>,
    pub(super) pseudo_words: Vec<&'static str>,
    pub(super) tricky: Vec<&'static str>,
    pub(super) passage: Option<&'static str>,
}

impl PracticePack {
    /// Builds a pack from ids and words, each looked up in the app's content: GPC ids in the
    /// catalogue, `words` among the bank's real words, `pseudo_words` among its pseudo-words,
    /// `tricky` in the tricky-word list (exact case: "I", "Mr"), `passage` among the passages.
    /// Repeats are dropped (first kept); order is kept, as it is the order cards are shown.
    pub fn new<S: AsRef<str>>(
        gpcs: &[S],
        words: &[S],
        pseudo_words: &[S],
        tricky: &[S],
        passage: Option<&str>,
    ) -> Result<PracticePack, PackError> {
        check_count(PackList::Gpcs, gpcs.len())?;
        check_count(PackList::Words, words.len())?;
        check_count(PackList::PseudoWords, pseudo_words.len())?;
        check_count(PackList::Tricky, tricky.len())?;

        let catalogue = phonics::catalogue()?;
        let bank = phonics::word_bank()?;
        let tricky_list = phonics::all_tricky_words()?;

        let gpcs = look_up(PackList::Gpcs, gpcs, |id| catalogue.gpc(id).map(|g| g.id))?;
        let bank_word = |pseudo: bool| {
            move |text: &str| {
                bank.iter()
                    .find(|w| w.text == text && w.pseudo == pseudo)
                    .map(|w| w.text)
            }
        };
        let words = look_up(PackList::Words, words, bank_word(false))?;
        let pseudo_words = look_up(PackList::PseudoWords, pseudo_words, bank_word(true))?;
        let tricky = look_up(PackList::Tricky, tricky, |text| {
            tricky_list.iter().find(|t| t.word == text).map(|t| t.word)
        })?;
        let passage = match passage {
            None => None,
            Some(id) => Some(fluency::passage(id)?.map(|p| p.id).ok_or(
                PackError::UnknownItem {
                    list: PackList::Passage,
                    index: 0,
                },
            )?),
        };
        let pack = PracticePack {
            gpcs,
            words,
            pseudo_words,
            tricky,
            passage,
        };
        if pack.is_empty() {
            return Err(PackError::Empty);
        }
        Ok(pack)
    }

    /// The link format version this pack is written in.
    pub fn version(&self) -> u32 {
        FORMAT_VERSION
    }

    /// The sounds to practise, in card order; look each up with `Catalogue::gpc`.
    pub fn gpcs(&self) -> &[GpcId] {
        &self.gpcs
    }

    pub fn words(&self) -> &[&'static str] {
        &self.words
    }

    pub fn pseudo_words(&self) -> &[&'static str] {
        &self.pseudo_words
    }

    pub fn tricky(&self) -> &[&'static str] {
        &self.tricky
    }

    /// The passage id; look it up with `fluency::passage`.
    pub fn passage(&self) -> Option<&'static str> {
        self.passage
    }

    fn is_empty(&self) -> bool {
        self.gpcs.is_empty()
            && self.words.is_empty()
            && self.pseudo_words.is_empty()
            && self.tricky.is_empty()
            && self.passage.is_none()
    }

    /// The cards a child goes through, in order: sounds, real words, alien words, tricky
    /// words, then the passage. One star per card finished (see `PracticeProgress`).
    pub fn cards(&self) -> Vec<PracticeCard> {
        let mut cards: Vec<PracticeCard> =
            self.gpcs.iter().map(|&g| PracticeCard::Sound(g)).collect();
        cards.extend(self.words.iter().map(|&w| PracticeCard::Word(w)));
        cards.extend(
            self.pseudo_words
                .iter()
                .map(|&w| PracticeCard::AlienWord(w)),
        );
        cards.extend(self.tricky.iter().map(|&w| PracticeCard::TrickyWord(w)));
        cards.extend(self.passage.map(PracticeCard::Passage));
        cards
    }
}

/// One card of a pack, as the practice screen shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PracticeCard {
    /// Say the sound; the grapheme is `Catalogue::gpc(id).grapheme`.
    Sound(GpcId),
    /// Sound it out with the sound buttons, then blend.
    Word(&'static str),
    /// A pseudo-word: sound out and blend; it means nothing, on purpose.
    AlienWord(&'static str),
    /// Read it as a whole word (no sound buttons).
    TrickyWord(&'static str),
    /// A passage id to read together.
    Passage(&'static str),
}

// By hand: the derive would tie the input's lifetime to the `'static` fields.
impl<'de> serde::Deserialize<'de> for PracticePack {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fragment = String::deserialize(deserializer)?;
        super::decode(&fragment).map_err(serde::de::Error::custom)
    }
}

impl From<PracticePack> for String {
    fn from(pack: PracticePack) -> String {
        super::encode(&pack)
    }
}

fn check_count(list: PackList, count: usize) -> Result<(), PackError> {
    if count > list.max() {
        Err(PackError::TooManyItems { list, count })
    } else {
        Ok(())
    }
}

/// Finds each item with `find`, dropping repeats; the first miss is an error naming its place.
fn look_up<S: AsRef<str>, T: PartialEq + Copy>(
    list: PackList,
    items: &[S],
    find: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, PackError> {
    let mut found = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let value = find(item.as_ref()).ok_or(PackError::UnknownItem { list, index })?;
        if !found.contains(&value) {
            found.push(value);
        }
    }
    Ok(found)
}
