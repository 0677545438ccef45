//! From the bytes of a file to rows of text cells: refusing what is not a spreadsheet export,
//! decoding the encodings Excel and MIS products write, and finding the heading row.

use std::fmt;

/// A class list is a few kilobytes and a whole school a few hundred; beyond this it is the wrong file.
pub const MAX_FILE_BYTES: usize = 4_000_000;

/// How many rows may come before the heading row (MIS reports often start with a title).
const HEADER_SEARCH_ROWS: usize = 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    Empty,
    TooLarge {
        bytes: usize,
    },
    /// Not text at all: what it looks like instead ("a PNG image").
    NotText {
        looks_like: &'static str,
    },
    NoNameColumns {
        first_row: Vec<String>,
    },
    NoPupils,
    Unreadable(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Empty => write!(f, "The file is empty. Export the class list from your MIS again and choose the new file."),
            FileError::TooLarge { bytes } => write!(
                f,
                "The file is {:.1} MB; a class list is usually well under 1 MB. Is it the right file? Nothing was imported.",
                *bytes as f64 / 1_000_000.0
            ),
            FileError::NotText { looks_like } => write!(
                f,
                "This is {looks_like}, not a CSV file. In Excel, use File > Save As > \"CSV UTF-8 (Comma delimited)\", then import that file."
            ),
            FileError::NoNameColumns { first_row } => {
                write!(
                    f,
                    "No column of pupils' names was found. ReadBy7 looks for headings such as Forename and Surname \
                     (or Legal Forename, First Name, Legal Surname)."
                )?;
                if !first_row.is_empty() {
                    let shown: Vec<&str> = first_row.iter().take(8).map(String::as_str).collect();
                    write!(f, " The first row of this file reads: \"{}\".", shown.join("\", \""))?;
                }
                Ok(())
            }
            FileError::NoPupils => write!(f, "The file has headings but no pupils below them."),
            FileError::Unreadable(detail) => write!(f, "The file could not be read as CSV: {detail}."),
        }
    }
}

/// The file's text and, when it was not UTF-8, a note saying how it was read.
pub struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (
            b"PK\x03\x04",
            "an Excel workbook (.xlsx) or another zipped file",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Excel workbook (.xls) or Word document",
        ),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Windows-1252 bytes 0x80–0x9F; every other byte maps to the same code point (Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

fn decode_utf16(bytes: &[u8], little_endian: bool) -> Result<String, FileError> {
    let units = bytes.chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| FileError::Unreadable("the file says it is UTF-16 but is not".into()))
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { bytes: bytes.len() });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileError::Empty);
    }
    if let Some(looks_like) = sniff_binary(bytes) {
        return Err(FileError::NotText { looks_like });
    }
    // Excel's "Unicode Text" export is UTF-16 with a byte-order mark.
    let (text, note) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (decode_utf16(rest, true)?, None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (decode_utf16(rest, false)?, None)
    } else {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(body) {
            Ok(text) => (text.to_string(), None),
            Err(_) => (
                decode_cp1252(body),
                Some(
                    "The file is not UTF-8, so it was read as Windows-1252 (Excel's \"CSV (Comma delimited)\"). \
                     Check that accented names look right."
                        .to_string(),
                ),
            ),
        }
    };
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    // Text exports have no control characters; random bytes have plenty.
    if controls > 0 && controls * 100 > text.chars().count() {
        return Err(FileError::NotText {
            looks_like: "a binary (non-text) file",
        });
    }
    Ok(Decoded { text, note })
}

/// Comma unless the first line has more semicolons (European Excel) or tabs (text exports).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let (comma, semi, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

/// The file as rows of cells, with each row's number as a spreadsheet shows it (from 1).
pub fn rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, FileError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| FileError::Unreadable(e.to_string()))?;
        out.push((
            index + 1,
            record.iter().map(|cell| cell.trim().to_string()).collect(),
        ));
    }
    Ok(out)
}

/// The first row within the first few that looks like headings, chosen by `is_heading_row`.
pub fn heading_row(
    rows: &[(usize, Vec<String>)],
    is_heading_row: impl Fn(&[String]) -> bool,
) -> Result<usize, FileError> {
    rows.iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|(_, cells)| is_heading_row(cells))
        .ok_or_else(|| FileError::NoNameColumns {
            first_row: rows
                .iter()
                .find(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
                .map(|(_, cells)| cells.clone())
                .unwrap_or_default(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_files_that_are_not_csv() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "empty"),
            (b" \r\n\r\n", "empty"),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG"),
            (b"PK\x03\x04\x14\0\x06\0", ".xlsx"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1a\xE1", ".xls"),
            (b"%PDF-1.7\n", "PDF"),
            (b"\x01\x02\x03\x04\x05abc\x06\x07", "binary"),
        ];
        for (bytes, words) in cases {
            let message = decode(bytes)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(message.contains(words), "{words}: {message}");
        }
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert_eq!(
            decode(&big).err(),
            Some(FileError::TooLarge {
                bytes: MAX_FILE_BYTES + 1
            })
        );
    }

    #[test]
    fn decodes_what_excel_writes() {
        let utf8_bom = b"\xEF\xBB\xBFForename\nZo\xC3\xAB\n";
        let d = decode(utf8_bom).expect("utf-8 with BOM");
        assert_eq!(d.text, "Forename\nZoë\n");
        assert!(d.note.is_none());

        let cp1252 = b"Forename\nZo\xEB \x93Bea\x94\n";
        let d = decode(cp1252).expect("windows-1252");
        assert_eq!(d.text, "Forename\nZoë “Bea”\n");
        assert!(d.note.expect("says so").contains("Windows-1252"));

        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Forename\tSurname\nŁukasz\tNowak\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(
            decode(&utf16).expect("utf-16").text,
            "Forename\tSurname\nŁukasz\tNowak\n"
        );
    }

    #[test]
    fn reads_quoted_cells_line_breaks_and_other_delimiters() {
        let text = "Surname,Forename,Notes\r\n\"O'Neill, Jr\",Zoë,\"two\r\nlines\"\r\nNowak,Łukasz,\r\n,,\r\n";
        let read = rows(text).expect("csv");
        assert_eq!(read.len(), 4);
        assert_eq!(
            read[1],
            (
                2,
                vec![
                    "O'Neill, Jr".to_string(),
                    "Zoë".into(),
                    "two\r\nlines".into()
                ]
            )
        );
        assert_eq!(
            read[2].0, 3,
            "a line break inside quotes stays one spreadsheet row"
        );
        let semi = rows("Surname;Forename\nNowak;Łukasz\n").expect("semicolons");
        assert_eq!(semi[1].1, vec!["Nowak", "Łukasz"]);
        let tabs = rows("Surname\tForename\nNowak\tŁukasz\n").expect("tabs");
        assert_eq!(tabs[1].1, vec!["Nowak", "Łukasz"]);
    }

    #[test]
    fn finds_headings_below_a_title() {
        let read = rows("Class list 1H,,\n,,\nSurname,Forename,DOB\nNowak,Łukasz,01/02/2020\n")
            .expect("csv");
        let at = heading_row(&read, |cells| cells.iter().any(|c| c == "Surname")).expect("found");
        assert_eq!(at, 2);
        let err = heading_row(&read[..2], |_| false).expect_err("none");
        assert!(err.to_string().contains("\"Class list 1H\""), "{err}");
    }
}
