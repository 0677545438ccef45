//! Tricky (common exception) words by Letters and Sounds phase, from `data/tricky.tsv`
//! (source in its header). Decodable passages for a phase may use the tricky words taught
//! by then besides words made of taught GPCs.

use std::collections::HashSet;

use super::{data_lines, ContentError, Phase};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrickyWord {
    /// As written in a text: "I", "Mr" and "Mrs" keep their capital.
    pub word: &'static str,
    pub phase: Phase,
}

pub(super) fn parse(
    file: &'static str,
    text: &'static str,
) -> Result<Vec<TrickyWord>, ContentError> {
    let mut words = Vec::new();
    let mut seen = HashSet::new();
    for (line, row) in data_lines(text) {
        let error = |message: String| ContentError {
            file,
            line,
            message,
        };
        let [word, phase] = row.split('\t').collect::<Vec<_>>()[..] else {
            return Err(error(
                "expected 2 tab-separated columns (word, phase)".into(),
            ));
        };
        if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(error(format!("\"{word}\" is not a word of letters")));
        }
        // Phase 1 teaches no words to read and phase 6 is spelling, so 2-5 only.
        let phase = Phase::parse(phase)
            .ok_or_else(|| error(format!("{word}: the phase must be 2-5, not \"{phase}\"")))?;
        if !seen.insert(word.to_lowercase()) {
            return Err(error(format!("\"{word}\" is listed twice")));
        }
        words.push(TrickyWord { word, phase });
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_parse_and_bad_rows_are_named() {
        let words = parse("t.tsv", "# c\nthe\t2\nsaid\t4\n").expect("parses");
        assert_eq!(
            words[1],
            TrickyWord {
                word: "said",
                phase: Phase::Four
            }
        );
        let cases = [
            ("the\n", "2 tab-separated columns"),
            ("the\t6\n", "phase must be 2-5"),
            ("the\t1\n", "phase must be 2-5"),
            ("the end\t2\n", "not a word"),
            ("the\t2\nThe\t3\n", "listed twice"),
        ];
        for (text, expected) in cases {
            let err = parse("t.tsv", text).expect_err(text);
            assert!(err.message.contains(expected), "{text:?}: {err}");
        }
    }
}
