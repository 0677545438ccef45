//! The GPC catalogue: every grapheme-phoneme correspondence of Letters and Sounds phases 2, 3
//! and 5 (phase 4 adds none), with the screening-check section that may first use it.
//!
//! Sources: Letters and Sounds (DfES 2007) for the GPCs and phases; gov.uk, "Phonics screening
//! check: structure and content of the check" for the sections; both summarised in
//! shared/domain/phonics-progression.md and phonics-screening-check.md. The data and the
//! reasons for each section choice are in `data/gpcs.tsv`.

use std::collections::HashMap;
use std::fmt;

use super::{data_lines, ContentError, Phase, Section};

/// A GPC's stable id, such as `s`, `a_e`, `oo_moon` or `ow_snow`. Ids are what results and
/// forms store, so they never change once published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GpcId(&'static str);

impl GpcId {
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for GpcId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// Consonant or vowel: what a GPC counts as in a word shape such as CVC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GpcKind {
    Consonant,
    Vowel,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gpc {
    pub id: GpcId,
    /// As teachers write it; split digraphs as `a-e`.
    pub grapheme: &'static str,
    /// Teacher notation, such as `/ai/`; `/oo/` is both moon and book, so see `ipa` too.
    pub phoneme: &'static str,
    /// The sound in IPA (southern British English).
    pub ipa: &'static str,
    pub example: &'static str,
    pub phase: Phase,
    pub kind: GpcKind,
    /// The first screening section that may use it; `None` if neither may.
    pub section: Option<Section>,
}

impl Gpc {
    /// A split digraph (a-e, e-e, i-e, o-e, u-e): its letters wrap the next consonant.
    pub fn is_split_digraph(&self) -> bool {
        self.grapheme.len() == 3 && self.grapheme.as_bytes()[1] == b'-'
    }

    /// Whether words for `section` may use this GPC.
    pub fn allowed_in(&self, section: Section) -> bool {
        self.section.is_some_and(|first| first <= section)
    }

    /// How a breakdown writes this GPC: `s`, `a_e`, `ow:snow`.
    pub fn token(&self) -> String {
        let grapheme = self.grapheme.replace('-', "_");
        match self.id.0.strip_prefix(grapheme.as_str()) {
            Some(tag) if !tag.is_empty() => format!("{grapheme}:{}", tag.trim_start_matches('_')),
            _ => grapheme,
        }
    }

    /// Whether a breakdown token's grapheme (`ow`, `a_e`) is this GPC's grapheme (`ow`, `a-e`).
    fn written_as(&self, token: &str) -> bool {
        token.len() == self.grapheme.len()
            && token
                .bytes()
                .zip(self.grapheme.bytes())
                .all(|(t, g)| t == g || (t == b'_' && g == b'-'))
    }
}

#[derive(Clone, Debug)]
pub struct Catalogue {
    gpcs: Vec<Gpc>,
    by_id: HashMap<&'static str, usize>,
}

impl Catalogue {
    /// Parses the tab-separated catalogue (see the header of `data/gpcs.tsv`).
    pub fn parse(file: &'static str, text: &'static str) -> Result<Catalogue, ContentError> {
        let mut gpcs = Vec::new();
        let mut by_id = HashMap::new();
        for (line, row) in data_lines(text) {
            let error = |message: String| ContentError {
                file,
                line,
                message,
            };
            let gpc = parse_row(row).map_err(error)?;
            if by_id.insert(gpc.id.0, gpcs.len()).is_some() {
                return Err(error(format!("the id \"{}\" is used twice", gpc.id)));
            }
            gpcs.push(gpc);
        }
        if gpcs.is_empty() {
            return Err(ContentError {
                file,
                line: 0,
                message: "no GPCs".into(),
            });
        }
        Ok(Catalogue { gpcs, by_id })
    }

    pub fn gpc(&self, id: &str) -> Option<&Gpc> {
        self.by_id.get(id).map(|&i| &self.gpcs[i])
    }

    /// The GPC's example word when another GPC is written with the same grapheme ("moon" for
    /// one "oo", "book" for the other): what tells the two apart without colour or a tooltip.
    pub fn example_if_shared(&self, id: &str) -> Option<&'static str> {
        let gpc = self.gpc(id)?;
        self.gpcs
            .iter()
            .any(|other| other.id != gpc.id && other.grapheme == gpc.grapheme)
            .then_some(gpc.example)
    }

    /// How to name a GPC in a list: "s", or "oo (moon)" where the grapheme has two sounds.
    pub fn label(&self, id: &str) -> Option<String> {
        let gpc = self.gpc(id)?;
        Some(match self.example_if_shared(id) {
            Some(example) => format!("{} ({example})", gpc.grapheme),
            None => gpc.grapheme.to_string(),
        })
    }

    /// Every GPC, in Letters and Sounds teaching order.
    pub fn all(&self) -> &[Gpc] {
        &self.gpcs
    }

    /// The GPCs that words for `section` may use.
    pub fn allowed_in(&self, section: Section) -> impl Iterator<Item = &Gpc> {
        self.gpcs.iter().filter(move |g| g.allowed_in(section))
    }

    /// Reads a breakdown such as `s-t-r-ee-t`, `m-a_e-k` or `s-n-ow:snow` (notation in the
    /// module docs). The error says which token is wrong and, for an ambiguous grapheme, how
    /// to name the GPC.
    pub fn parse_breakdown(&self, breakdown: &str) -> Result<Vec<GpcId>, String> {
        if breakdown.is_empty() {
            return Err("the breakdown is empty".into());
        }
        breakdown
            .split('-')
            .map(|token| self.parse_token(token))
            .collect()
    }

    fn parse_token(&self, token: &str) -> Result<GpcId, String> {
        let (grapheme, id) = match token.split_once(':') {
            Some((grapheme, tag)) => (grapheme, format!("{grapheme}_{tag}")),
            None => (token, token.to_string()),
        };
        match self.gpc(&id) {
            Some(gpc) if gpc.written_as(grapheme) => Ok(gpc.id),
            _ => {
                let choices: Vec<String> = match self.gpc(token) {
                    // An id where a token belongs: ow_snow for ow:snow.
                    Some(gpc) => vec![gpc.token()],
                    None => self
                        .gpcs
                        .iter()
                        .filter(|g| g.written_as(grapheme))
                        .map(Gpc::token)
                        .collect(),
                };
                Err(if choices.is_empty() {
                    format!("\"{token}\" is not a grapheme in the catalogue")
                } else {
                    format!(
                        "\"{token}\" does not name one GPC: write {}",
                        choices.join(" or ")
                    )
                })
            }
        }
    }

    /// The spelling a breakdown stands for. A split digraph writes its vowel letter, then the
    /// consonant GPC after it, then its `e`.
    pub fn spell(&self, gpcs: &[GpcId]) -> Result<String, String> {
        let mut text = String::new();
        let mut open_split: Option<&Gpc> = None;
        for id in gpcs {
            let gpc = self
                .gpc(id.0)
                .ok_or_else(|| format!("\"{id}\" is not in the catalogue"))?;
            if let Some(split) = open_split.take() {
                if gpc.kind != GpcKind::Consonant || gpc.is_split_digraph() {
                    return Err(format!(
                        "the split digraph {} must wrap a consonant, not {}",
                        split.grapheme, gpc.grapheme
                    ));
                }
                text.push_str(gpc.grapheme);
                text.push('e');
            } else if gpc.is_split_digraph() {
                text.push_str(&gpc.grapheme[..1]);
                open_split = Some(gpc);
            } else {
                text.push_str(gpc.grapheme);
            }
        }
        match open_split {
            Some(split) => Err(format!(
                "the split digraph {} needs a consonant after it",
                split.grapheme
            )),
            None => Ok(text),
        }
    }
}

fn parse_row(row: &'static str) -> Result<Gpc, String> {
    let cols: Vec<&'static str> = row.split('\t').collect();
    let [id, grapheme, phoneme, ipa, example, phase, kind, section] = cols[..] else {
        return Err(format!(
            "expected 8 tab-separated columns (id, grapheme, phoneme, ipa, example, phase, kind, section), found {}",
            cols.len()
        ));
    };
    let is_split = grapheme.len() == 3 && grapheme.as_bytes()[1] == b'-';
    let letters_ok = if is_split {
        grapheme.starts_with(['a', 'e', 'i', 'o', 'u']) && grapheme.ends_with('e')
    } else {
        !grapheme.is_empty() && grapheme.bytes().all(|b| b.is_ascii_lowercase())
    };
    if !letters_ok {
        return Err(format!(
            "the grapheme \"{grapheme}\" must be lower-case letters, or a split digraph such as a-e"
        ));
    }
    // Ids follow the breakdown notation, so `ow:snow` always means the id `ow_snow`.
    let token = grapheme.replace('-', "_");
    let id_ok = id == token
        || id
            .strip_prefix(token.as_str())
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|tag| !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_lowercase()));
    if !id_ok {
        return Err(format!(
            "the id \"{id}\" must be the grapheme ({token}) or the grapheme, _ and an example word"
        ));
    }
    for (name, value) in [("phoneme", phoneme), ("ipa", ipa), ("example", example)] {
        if value.trim().is_empty() {
            return Err(format!("{id}: the {name} is empty"));
        }
    }
    let phase = match phase {
        "2" => Phase::Two,
        "3" => Phase::Three,
        "5" => Phase::Five,
        other => {
            return Err(format!(
                "{id}: the phase must be 2, 3 or 5, not \"{other}\""
            ))
        }
    };
    let kind = match kind {
        "C" => GpcKind::Consonant,
        "V" => GpcKind::Vowel,
        other => return Err(format!("{id}: the kind must be C or V, not \"{other}\"")),
    };
    if is_split && kind != GpcKind::Vowel {
        return Err(format!("{id}: a split digraph is a vowel (V)"));
    }
    let section = match section {
        "-" => None,
        other => Some(
            Section::parse(other)
                .ok_or_else(|| format!("{id}: the section must be 1, 2 or -, not \"{other}\""))?,
        ),
    };
    Ok(Gpc {
        id: GpcId(id),
        grapheme,
        phoneme,
        ipa,
        example,
        phase,
        kind,
        section,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Catalogue {
        Catalogue::parse(
            "tiny.tsv",
            "# a comment\n\
             m\tm\t/m/\tm\tman\t2\tC\t1\n\
             k\tk\t/k/\tk\tkit\t2\tC\t1\n\
             a_e\ta-e\t/ai/\teɪ\tmake\t5\tV\t2\n\
             oo_moon\too\t/oo/\tuː\tmoon\t3\tV\t1\n\
             oo_book\too\t/oo/\tʊ\tbook\t3\tV\t1\n",
        )
        .expect("tiny catalogue parses")
    }

    #[test]
    fn breakdowns_name_gpcs_and_ambiguity_is_explained() {
        let c = tiny();
        let ids = c.parse_breakdown("m-a_e-k").expect("parses");
        assert_eq!(
            ids.iter().map(|i| i.as_str()).collect::<Vec<_>>(),
            ["m", "a_e", "k"]
        );
        assert_eq!(c.spell(&ids).as_deref(), Ok("make"));
        assert_eq!(
            c.parse_breakdown("m-oo:moon").map(|v| v[1].as_str()),
            Ok("oo_moon")
        );
        let err = c.parse_breakdown("m-oo-k").expect_err("oo is ambiguous");
        assert!(err.contains("oo:moon or oo:book"), "{err}");
        let err = c
            .parse_breakdown("m-oo_moon")
            .expect_err("ids are not tokens");
        assert!(err.contains("oo:moon"), "{err}");
        let err = c.parse_breakdown("m-z").expect_err("not in the catalogue");
        assert!(err.contains("\"z\""), "{err}");
        assert!(c.parse_breakdown("").is_err());
        assert!(c.parse_breakdown("m--k").is_err());
    }

    #[test]
    fn split_digraphs_must_wrap_one_consonant() {
        let c = tiny();
        let spell = |b: &str| c.spell(&c.parse_breakdown(b).expect("parses"));
        assert!(spell("m-a_e").is_err(), "nothing to wrap");
        assert!(spell("m-a_e-oo:moon").is_err(), "wraps a vowel");
        assert!(spell("a_e-a_e-k").is_err(), "wraps a split digraph");
        assert_eq!(spell("k-a_e-m-oo:book-k").as_deref(), Ok("kameook"));
    }

    #[test]
    fn bad_rows_are_named() {
        let cases = [
            ("m\tm\t/m/\tm\tman\t2\tC\n", "8 tab-separated columns"),
            ("m\tm\t/m/\tm\tman\t4\tC\t1\n", "phase must be 2, 3 or 5"),
            ("m\tm\t/m/\tm\tman\t2\tX\t1\n", "kind must be C or V"),
            ("m\tm\t/m/\tm\tman\t2\tC\t3\n", "section must be 1, 2 or -"),
            ("mm\tm\t/m/\tm\tman\t2\tC\t1\n", "the id \"mm\""),
            ("m\tM\t/m/\tm\tman\t2\tC\t1\n", "lower-case letters"),
            (
                "a_e\ta-e\t/ai/\teɪ\tmake\t5\tC\t2\n",
                "split digraph is a vowel",
            ),
            ("m\tm\t\tm\tman\t2\tC\t1\n", "phoneme is empty"),
            (
                "m\tm\t/m/\tm\tman\t2\tC\t1\nm\tm\t/m/\tm\tmop\t2\tC\t1\n",
                "used twice",
            ),
        ];
        for (text, expected) in cases {
            let err = Catalogue::parse("bad.tsv", text).expect_err(text);
            assert!(err.message.contains(expected), "{text:?}: {err}");
            assert_eq!(err.file, "bad.tsv");
        }
        let err =
            Catalogue::parse("bad.tsv", "# ok\n\nm\tm\t/m/\tm\tman\t2\tC\n").expect_err("short");
        assert_eq!(err.line, 3, "lines count comments and blanks");
    }
}
