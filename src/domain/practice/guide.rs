//! What the practice page tells a parent, as data: short, plain English, no jargon without
//! an explanation. The UI shows [`PARENT_GUIDE`] in order (a heading and a paragraph each)
//! and may show a card kind's own tip beside that card.

/// One part of the guide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuideSection {
    pub heading: &'static str,
    pub text: &'static str,
}

pub const GUIDE_TITLE: &str = "How to help your child practise";

pub const PARENT_GUIDE: &[GuideSection] = &[
    GuideSection {
        heading: "Little and often",
        text: "Five to ten minutes a day helps more than a long session once a week. Sit side by side, let your child hold or tap the screen, and stop while it is still fun.",
    },
    GuideSection {
        heading: "Sounds",
        text: SOUND_TIP,
    },
    GuideSection {
        heading: "Sound buttons",
        text: BUTTONS_TIP,
    },
    GuideSection {
        heading: "Real words",
        text: WORD_TIP,
    },
    GuideSection {
        heading: "Alien words",
        text: ALIEN_TIP,
    },
    GuideSection {
        heading: "Tricky words",
        text: TRICKY_TIP,
    },
    GuideSection {
        heading: "Reading together",
        text: PASSAGE_TIP,
    },
    GuideSection {
        heading: "If your child gets stuck",
        text: "Say the sound for them, ask them to say it back, then try the word again together. Praise the trying, not only the right answers. If the same sound keeps causing trouble, tell the teacher \u{2014} that is useful to know.",
    },
    GuideSection {
        heading: "Private to your device",
        text: PRIVACY_NOTE,
    },
];

pub const SOUND_TIP: &str = "Say each sound short and clean: \"mmm\", not \"muh\"; \"t\", not \"tuh\". Some sounds are written with two or three letters, like \"sh\" or \"igh\" \u{2014} these make one sound together.";

pub const BUTTONS_TIP: &str = "The dots and lines under a word are sound buttons. A dot means one letter makes the sound; a line means two or three letters make one sound together; a curved line joins two letters that work together with another letter in between, like the a and e in \"make\". Touch each button and say its sound, then run your finger along under the word and push the sounds together to say the word.";

pub const WORD_TIP: &str = "Let your child say the sounds, then blend them into the word. Once they have read it, talk about what it means or put it in a sentence.";

pub const ALIEN_TIP: &str = "Alien words are made-up words that mean nothing, on purpose: they show whether your child can read a word they have never seen by sounding it out. Any sensible way of saying them is right. Don't turn them into real words.";

pub const TRICKY_TIP: &str = "Tricky words can't be sounded out in the usual way yet, so children learn them by sight. Read the word together, point out the tricky part, and come back to it a few times.";

pub const PASSAGE_TIP: &str = "Read the passage with your child. Let them read it, help with any word they are stuck on, then read it again: reading the same text a second time helps it sound smooth and natural.";

pub const PRIVACY_NOTE: &str = "This link contains only the sounds and words to practise \u{2014} not your child's name or any results. Stars and streaks are kept on this device only and are not sent to school.";
