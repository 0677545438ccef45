//! Splitting a passage into the words an adult taps.
//!
//! Rules:
//! - A word is a whitespace-separated piece of the text. Punctuation stays attached for
//!   display ("Mum!", "\"Look,") and the word is counted once.
//! - A hyphenated word ("ice-cream") is one word; so is a word with an apostrophe ("Mum's").
//! - A piece with no letter or digit (a lone dash or quote mark) is not a word: it is joined to
//!   the word before it (or, at the start of a paragraph, to the word after it) for display.
//! - Numbers are written as words in passages (the passage parser refuses digits), so "six"
//!   is one word to read and to count.
//! - A blank line starts a new paragraph; word indexes run on through the whole passage.
//!
//! The word count is the number of tokens.

use serde::{Deserialize, Serialize};

/// One word to read and to mark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// 0-based position in the passage: what marks and "the last word read" refer to.
    pub index: usize,
    /// As displayed, with its punctuation: `"Look,`.
    pub text: String,
    /// 0-based paragraph, for laying the passage out as it was written.
    pub paragraph: usize,
}

impl Token {
    /// The word without the punctuation around it: `"Look,` → `Look`, `Mum's.` → `Mum's`.
    pub fn word(&self) -> &str {
        bare_word(&self.text)
    }
}

/// The word in a piece of text without the punctuation at either end.
pub fn bare_word(text: &str) -> &str {
    text.trim_matches(|c: char| !c.is_alphanumeric())
}

fn is_word(piece: &str) -> bool {
    piece.chars().any(char::is_alphanumeric)
}

/// The words of `text`, in order (rules in the module docs).
pub fn tokenise(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    for (paragraph, block) in paragraphs(text).into_iter().enumerate() {
        let mut leading: Vec<&str> = Vec::new();
        let first_in_paragraph = tokens.len();
        for piece in block.split_whitespace() {
            if is_word(piece) {
                let mut display = leading.join(" ");
                if !display.is_empty() {
                    display.push(' ');
                }
                display.push_str(piece);
                leading.clear();
                tokens.push(Token {
                    index: tokens.len(),
                    text: display,
                    paragraph,
                });
            } else if tokens.len() > first_in_paragraph {
                if let Some(last) = tokens.last_mut() {
                    last.text.push(' ');
                    last.text.push_str(piece);
                }
            } else {
                leading.push(piece);
            }
        }
        // A paragraph of punctuation alone has no word to hold it; it is dropped.
    }
    tokens
}

/// Paragraphs are separated by lines that are blank (or only whitespace).
pub(super) fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.extend(line.split_whitespace());
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        tokenise(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_are_whitespace_pieces_with_their_punctuation() {
        let cases: [(&str, &[&str]); 8] = [
            ("", &[]),
            ("   \n\n  ", &[]),
            ("Sam sat.", &["Sam", "sat."]),
            ("\"Look,\" said Mum.", &["\"Look,\"", "said", "Mum."]),
            ("an ice-cream van", &["an", "ice-cream", "van"]),
            ("Mum's bag", &["Mum's", "bag"]),
            ("wait - here", &["wait -", "here"]),
            ("- \" Go now", &["- \" Go", "now"]),
        ];
        for (text, want) in cases {
            assert_eq!(texts(text), want, "{text:?}");
        }
    }

    #[test]
    fn indexes_run_through_paragraphs() {
        let tokens = tokenise("One two\nthree.\n\n  \nFour -\n\nfive");
        let got: Vec<(usize, &str, usize)> = tokens
            .iter()
            .map(|t| (t.index, t.text.as_str(), t.paragraph))
            .collect();
        assert_eq!(
            got,
            [
                (0, "One", 0),
                (1, "two", 0),
                (2, "three.", 0),
                (3, "Four -", 1),
                (4, "five", 2)
            ]
        );
    }

    #[test]
    fn bare_words_drop_the_punctuation_at_the_ends_only() {
        let cases = [
            ("\"Look,\"", "Look"),
            ("Mum's.", "Mum's"),
            ("ice-cream!", "ice-cream"),
            ("(six)", "six"),
            ("...", ""),
        ];
        for (text, want) in cases {
            assert_eq!(bare_word(text), want, "{text}");
        }
    }
}
