//! Passages: parsed from `data/passages.txt` (format in its header), with their words,
//! word count and the GPCs and tricky words they need derived here, never typed.

use std::collections::HashSet;

use crate::domain::phonics::{ContentError, GpcId, Phase};

use super::decode::{Decoder, PartReading, Unreadable};
use super::level::PassageLevel;
use super::tokens::{paragraphs, tokenise, Token};

/// Story or information text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Genre {
    Story,
    NonFiction,
}

impl Genre {
    pub fn label(self) -> &'static str {
        match self {
            Genre::Story => "Story",
            Genre::NonFiction => "Non-fiction",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// Stable: results store it, so it never changes once published.
    pub id: &'static str,
    /// Shown above the text; not read in the timed minute and not counted.
    pub title: &'static str,
    pub level: PassageLevel,
    pub genre: Genre,
    /// Paragraphs separated by a blank line.
    pub text: String,
    pub tokens: Vec<Token>,
    /// The GPCs its decodable words use, in teaching order.
    pub gpcs: Vec<GpcId>,
    /// The tricky words it uses (as the tricky list writes them), in teaching order.
    pub tricky_words: Vec<&'static str>,
    /// Words (lower case) that are neither decodable nor tricky at its phase, in text order.
    /// Empty for a decodable passage (a test proves it); for levels 4-8, the words a child
    /// reads by sight or by context, such as "of", "water" or "beautiful".
    pub other_words: Vec<String>,
}

/// A word of a decodable passage that its phase does not cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordProblem {
    pub passage_id: &'static str,
    pub index: usize,
    pub word: String,
    pub why: Unreadable,
}

impl std::fmt::Display for WordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: word {} \"{}\" is {}",
            self.passage_id,
            self.index + 1,
            self.word,
            self.why.describe()
        )
    }
}

impl Passage {
    pub fn word_count(&self) -> usize {
        self.tokens.len()
    }

    /// The phase a decodable passage is checked against; `None` for levels 4-8.
    pub fn decodable_phase(&self) -> Option<Phase> {
        self.level.decodable_phase()
    }

    /// The phase its GPCs and tricky words are listed at: its own, or phase 5 for levels 4-8.
    pub fn analysis_phase(&self) -> Phase {
        self.decodable_phase().unwrap_or(Phase::Five)
    }

    /// For a decodable passage, every word its phase does not cover (empty when it is truly
    /// decodable); always empty for levels 4-8.
    pub fn decodability_problems(&self, decoder: &Decoder) -> Vec<WordProblem> {
        let Some(phase) = self.decodable_phase() else {
            return Vec::new();
        };
        self.tokens
            .iter()
            .filter_map(|token| {
                let check = decoder.check(&token.text, phase);
                check.problem().map(|(part, why)| WordProblem {
                    passage_id: self.id,
                    index: token.index,
                    word: part.to_string(),
                    why,
                })
            })
            .collect()
    }
}

/// What a passage needs, worked out from its words.
fn analyse(
    tokens: &[Token],
    phase: Phase,
    decoder: &Decoder,
) -> (Vec<GpcId>, Vec<&'static str>, Vec<String>) {
    let mut gpcs: HashSet<GpcId> = HashSet::new();
    let mut tricky: HashSet<&'static str> = HashSet::new();
    let mut other: Vec<String> = Vec::new();
    for token in tokens {
        for (part, reading) in decoder.check(&token.text, phase).parts {
            match reading {
                PartReading::Decodable(ids) => gpcs.extend(ids),
                PartReading::Tricky(word) => {
                    tricky.insert(word);
                }
                PartReading::Unreadable(_) => {
                    if !other.contains(&part) {
                        other.push(part);
                    }
                }
            }
        }
    }
    let catalogue = decoder.catalogue();
    let gpcs = catalogue
        .all()
        .iter()
        .map(|g| g.id)
        .filter(|id| gpcs.contains(id))
        .collect();
    let tricky = decoder
        .tricky_words()
        .iter()
        .map(|t| t.word)
        .filter(|w| tricky.contains(w))
        .collect();
    (gpcs, tricky, other)
}

const FIELDS: [&str; 4] = ["passage", "title", "level", "genre"];

/// Parses the passages file (format in its header).
pub(super) fn parse(
    file: &'static str,
    text: &'static str,
    decoder: &Decoder,
) -> Result<Vec<Passage>, ContentError> {
    let mut passages = Vec::new();
    let mut ids = HashSet::new();
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    while let Some((line, row)) = lines.next() {
        if row.trim().is_empty() || row.starts_with('#') {
            continue;
        }
        let error = |line: usize, message: String| ContentError {
            file,
            line,
            message,
        };
        // The header: passage, title, level, genre in that order, then "text:".
        let mut values: Vec<&'static str> = Vec::new();
        let mut current = (line, row);
        for field in FIELDS {
            let (line, row) = current;
            let value = row
                .strip_prefix(field)
                .and_then(|r| r.strip_prefix(':'))
                .map(str::trim)
                .ok_or_else(|| error(line, format!("expected \"{field}: ...\"")))?;
            if value.is_empty() {
                return Err(error(line, format!("the {field} is empty")));
            }
            values.push(value);
            current = lines
                .next()
                .ok_or_else(|| error(line, "the passage ends before its text".into()))?;
        }
        let start = line;
        let [id, title, level, genre] = values[..] else {
            return Err(error(start, "a passage needs its four fields".into()));
        };
        if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(error(
                start,
                format!("the id \"{id}\" must be lower-case letters, digits and -"),
            ));
        }
        if !ids.insert(id) {
            return Err(error(start, format!("the id \"{id}\" is used twice")));
        }
        let level = level
            .parse::<u8>()
            .ok()
            .and_then(PassageLevel::new)
            .ok_or_else(|| {
                error(
                    start + 2,
                    format!("{id}: the level must be 1-8, not \"{level}\""),
                )
            })?;
        let genre = match genre {
            "story" => Genre::Story,
            "non-fiction" => Genre::NonFiction,
            other => {
                return Err(error(
                    start + 3,
                    format!("{id}: the genre must be story or non-fiction, not \"{other}\""),
                ))
            }
        };
        if current.1.trim() != "text:" {
            return Err(error(current.0, format!("{id}: expected \"text:\"")));
        }
        let mut body: Vec<&str> = Vec::new();
        let mut ended = false;
        for (line, row) in lines.by_ref() {
            if row.trim() == "end" {
                ended = true;
                break;
            }
            if let Some(bad) = row.chars().find(|c| !allowed_in_text(*c)) {
                let hint = if bad.is_ascii_digit() {
                    " (write numbers as words)"
                } else {
                    ""
                };
                return Err(error(
                    line,
                    format!("{id}: \"{bad}\" is not allowed in a passage{hint}"),
                ));
            }
            body.push(row);
        }
        if !ended {
            return Err(error(start, format!("{id}: the text has no \"end\" line")));
        }
        let text = body.join("\n");
        let tokens = tokenise(&text);
        if tokens.is_empty() {
            return Err(error(start, format!("{id}: the text is empty")));
        }
        let paragraphs = paragraphs(&text);
        let phase = level.decodable_phase().unwrap_or(Phase::Five);
        let (gpcs, tricky_words, other_words) = analyse(&tokens, phase, decoder);
        passages.push(Passage {
            id,
            title,
            level,
            genre,
            text: paragraphs.join("\n\n"),
            tokens,
            gpcs,
            tricky_words,
            other_words,
        });
    }
    Ok(passages)
}

/// Letters, spaces and ordinary punctuation; no digits (numbers are written as words).
fn allowed_in_text(c: char) -> bool {
    c.is_ascii_alphabetic() || " .,!?;:'\"-()".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoder() -> &'static Decoder {
        super::super::decoder().unwrap_or_else(|e| panic!("{e}"))
    }

    const GOOD: &str = "# c\n\npassage: p1\ntitle: A Cat\nlevel: 1\ngenre: story\ntext:\n\
                        The cat sat.\n\nIt is big.\nend\n";

    #[test]
    fn a_passage_parses_with_derived_counts_and_lists() {
        let ps = parse("p.txt", GOOD, decoder()).expect("parses");
        let p = &ps[0];
        assert_eq!((p.id, p.title, p.level.number()), ("p1", "A Cat", 1));
        assert_eq!(p.text, "The cat sat.\n\nIt is big.");
        assert_eq!(p.word_count(), 6, "the title is not counted");
        assert_eq!(p.tokens[3].paragraph, 1);
        assert_eq!(p.tricky_words, ["the"]);
        let gpcs: Vec<&str> = p.gpcs.iter().map(|g| g.as_str()).collect();
        assert_eq!(gpcs, ["s", "a", "t", "i", "g", "c", "b"]);
        assert!(p.other_words.is_empty());
        assert!(p.decodability_problems(decoder()).is_empty());
    }

    #[test]
    fn words_a_phase_does_not_cover_are_reported_with_the_passage() {
        let text = "passage: p2\ntitle: T\nlevel: 1\ngenre: story\ntext:\n\
                    Sam said, \"Stop!\"\nend\n";
        let ps = parse("p.txt", text, decoder()).expect("parses");
        let problems: Vec<String> = ps[0]
            .decodability_problems(decoder())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "p2: word 2 \"said\" is a tricky word of phase 4",
                "p2: word 3 \"stop\" is decodable from phase 4"
            ]
        );
        assert_eq!(ps[0].other_words, ["said", "stop"]);
    }

    #[test]
    fn bad_passages_are_named() {
        let head = "passage: p\ntitle: T\nlevel: 1\ngenre: story\ntext:\n";
        let cases = [
            ("title: T\n".to_string(), 1, "expected \"passage: ...\""),
            (format!("{head}Sam\n"), 1, "no \"end\" line"),
            (format!("{head}end\n"), 1, "the text is empty"),
            (
                format!("{head}Sam had 3 hats\nend\n"),
                6,
                "numbers as words",
            ),
            (format!("{head}Sam & Raj\nend\n"), 6, "\"&\" is not allowed"),
            (
                head.replace("level: 1", "level: 9") + "Sam\nend\n",
                3,
                "level must be 1-8",
            ),
            (
                head.replace("story", "poem") + "Sam\nend\n",
                4,
                "story or non-fiction",
            ),
            (
                head.replace("passage: p", "passage: P 1") + "Sam\nend\n",
                1,
                "the id",
            ),
            (
                head.replace("title: T", "title:") + "Sam\nend\n",
                2,
                "title is empty",
            ),
            (
                head.replace("text:", "txt:") + "Sam\nend\n",
                5,
                "expected \"text:\"",
            ),
            (format!("{head}Sam\nend\n{head}Raj\nend\n"), 8, "used twice"),
            (
                "passage: p\ntitle: T\n".to_string(),
                2,
                "ends before its text",
            ),
        ];
        for (text, line, expected) in cases {
            let text: &'static str = Box::leak(text.into_boxed_str());
            let err = parse("p.txt", text, decoder()).expect_err(text);
            assert!(err.message.contains(expected), "{text:?}: {err}");
            assert_eq!(err.line, line, "{text:?}: {err}");
        }
    }
}
