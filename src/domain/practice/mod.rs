//! Home practice: a pack of sounds and words a teacher shares with parents as a link, sound
//! buttons for its words, progress kept on the parent's device, and the guide parents read.
//! Plain Rust, no browser: the UI reads the fragment, calls [`decode`] and shows the cards.
//!
//! # Using it
//!
//! ```ignore
//! use crate::domain::practice::{self, PracticePack, PracticeProgress};
//! // Teacher side: suggest a pack for a pupil's teach-next GPC ids, let the teacher edit it.
//! let pack = practice::default_pack(&teach_next_ids, seed)?;         // Result<PracticePack, PackError>
//! let edited = PracticePack::new(&gpcs, &words, &pseudo, &tricky, Some("l1-on-the-bus"))?;
//! let link = practice::pack_url("https://school.example/readby7", &pack);
//! //   -> "https://school.example/readby7/practice#p1.Yy1h..."
//! // Parent side: read the fragment (with or without '#').
//! match practice::decode(&location_hash) {
//!     Ok(pack) => for card in pack.cards() { /* PracticeCard::Sound / Word / AlienWord / ... */ },
//!     Err(e) => show(e.to_string()),          // plain English for a parent; e.detail() for a log
//! }
//! let buttons = practice::sound_buttons("make"); // Option<Vec<SoundButton>>
//! let mut progress: PracticeProgress = from_local_storage().unwrap_or_default();
//! let stars_today = progress.record_card(today);  // one star per finished card
//! let streak = progress.streak(today);            // consecutive days, today or yesterday counts
//! ```
//!
//! ## Pack ([`PracticePack`], [`PracticeCard`])
//! - [`PracticePack::new`]`(gpcs, words, pseudo_words, tricky, passage) -> Result<_, PackError>`:
//!   every item must be the app's own content (GPC id in the catalogue, a real or pseudo word
//!   of the word bank in the matching list, a tricky word, a passage id), so a pack cannot
//!   carry a name, a UPN, a result or any other text. At most [`MAX_GPCS`], [`MAX_WORDS`],
//!   [`MAX_PSEUDO_WORDS`], [`MAX_TRICKY`] items and one passage; repeats dropped; not empty.
//! - Getters [`PracticePack::gpcs`], `words`, `pseudo_words`, `tricky`, `passage`,
//!   `version` and [`PracticePack::cards`] (sounds, words, alien words, tricky words, passage).
//! - Serde: a pack serialises as its fragment string and deserialises through [`decode`].
//!
//! ## Links ([`encode`], [`decode`], [`pack_url`], [`PackError`])
//! `p1.` + base64url (no padding) of the ids and words and a CRC-32; layout and reasons in
//! the `link` module. Only `A-Z a-z 0-9 - _ .` appear. [`decode`] accepts the fragment, `#`
//! and fragment, or a whole link, and fails with: [`PackError::TooLong`] (over
//! [`MAX_LINK_CHARS`]), [`PackError::NewerVersion`], [`PackError::Damaged`] (changed or cut
//! short), [`PackError::TooManyItems`], [`PackError::UnknownItem`] (a sound, word or passage
//! this app lacks), [`PackError::Empty`]. `Display` is the message for a parent; no error
//! repeats text from the link.
//!
//! ## Suggested pack ([`default_pack`])
//! Up to [`DEFAULT_GPCS`] of the targets, [`DEFAULT_WORDS`] real and [`DEFAULT_PSEUDO_WORDS`]
//! alien words that use a target and nothing above the targets' phase, [`DEFAULT_TRICKY`]
//! tricky words of that phase, and a decodable passage of that phase if there is one. Rules
//! in the `choose` module. Deterministic for the same targets and seed.
//!
//! ## Sound buttons ([`sound_buttons`], [`sound_buttons_for`] → [`SoundButton`])
//! `SoundButton { gpc, grapheme, kind: Dot | Dash | SplitDigraph, letters }`: `letters` are
//! the character positions in the word it sits under; a split digraph has its vowel and its
//! `e` (draw a curve linking them). Sound order. Tricky words have none (`None`).
//!
//! ## Progress ([`PracticeProgress`])
//! [`PracticeProgress::record_day`], [`PracticeProgress::record_card`] (one star per card),
//! [`PracticeProgress::streak`], `stars_today`, `total_stars`, `best_streak`,
//! `days_practised`, `practised_on`. Serde, for local storage on the device only.
//!
//! ## Parent guide ([`PARENT_GUIDE`], [`GuideSection`])
//! Headings and paragraphs, plus per-card tips ([`SOUND_TIP`], [`BUTTONS_TIP`], [`WORD_TIP`],
//! [`ALIEN_TIP`], [`TRICKY_TIP`], [`PASSAGE_TIP`]) and [`PRIVACY_NOTE`].

mod buttons;
mod choose;
mod guide;
mod link;
mod pack;
mod progress;

#[cfg(test)]
mod tests;

pub use buttons::{sound_buttons, sound_buttons_for, ButtonKind, SoundButton};
pub use choose::{default_pack, DEFAULT_GPCS, DEFAULT_PSEUDO_WORDS, DEFAULT_TRICKY, DEFAULT_WORDS};
pub use guide::{
    GuideSection, ALIEN_TIP, BUTTONS_TIP, GUIDE_TITLE, PARENT_GUIDE, PASSAGE_TIP, PRIVACY_NOTE,
    SOUND_TIP, TRICKY_TIP, WORD_TIP,
};
pub use link::{decode, encode, pack_url};
pub use pack::{
    PackError, PackList, PracticeCard, PracticePack, FORMAT_VERSION, MAX_GPCS, MAX_LINK_CHARS,
    MAX_PSEUDO_WORDS, MAX_TRICKY, MAX_WORDS,
};
pub use progress::PracticeProgress;
