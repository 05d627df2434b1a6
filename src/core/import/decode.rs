//! Text files: encoding detection and delimiter sniffing.
//!
//! Accepted: UTF-8 with or without BOM, UTF-16 LE/BE with BOM (Excel's
//! "Unicode text") or without BOM when every other byte is zero, and the
//! legacy Windows code pages: Windows-1258 (Vietnamese) first, Windows-1252
//! when 1258 cannot decode the bytes.

#[cfg(feature = "reader")]
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

use super::layout::Cell;
use super::progress::{Progress, Stage};
use super::Budget;
use crate::core::error::ImportError;
use crate::core::warning::{Warning, WarningKind};

/// Which encoding a text file was read with (for the report's `format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1258,
    Windows1252,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Windows1258 => "windows-1258",
            TextEncoding::Windows1252 => "windows-1252",
        }
    }
}

/// Decodes a text file to NFC text (the import worker's module: the page's
/// has no code page tables, and reads only its own UTF-8 sample).
#[cfg(feature = "reader")]
pub fn decode_text(bytes: &[u8]) -> (String, TextEncoding) {
    let (text, encoding) = decode_raw(bytes);
    (composed(&text), encoding)
}

/// Text in NFC: Windows-1258 stores tones as combining marks; composing
/// them makes "Châu Thành" the same string however it was typed.
pub fn composed(text: &str) -> String {
    text.nfc().collect()
}

#[cfg(feature = "reader")]
fn decode_raw(bytes: &[u8]) -> (String, TextEncoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            TextEncoding::Utf8,
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (decode_with(UTF_16LE, rest), TextEncoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (decode_with(UTF_16BE, rest), TextEncoding::Utf16Be);
    }
    if let Some(encoding) = bomless_utf16(bytes) {
        let label = if encoding == UTF_16LE {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf16Be
        };
        return (decode_with(encoding, bytes), label);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), TextEncoding::Utf8);
    }
    // Both code pages decode every byte; the one that leaves fewer C1
    // control characters wins, Vietnamese first.
    let (vi, _, _) = WINDOWS_1258.decode(bytes);
    let (western, _, _) = WINDOWS_1252.decode(bytes);
    let c1 = |t: &str| {
        t.chars()
            .filter(|c| ('\u{80}'..='\u{9f}').contains(c))
            .count()
    };
    if c1(&vi) <= c1(&western) {
        (vi.into_owned(), TextEncoding::Windows1258)
    } else {
        (western.into_owned(), TextEncoding::Windows1252)
    }
}

#[cfg(feature = "reader")]
fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> String {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// UTF-16 without a BOM: ASCII-heavy text has a zero in every other byte.
#[cfg(feature = "reader")]
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 8 || !sample.len().is_multiple_of(2) {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 <= pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when decoded text does not look like text at all (a PDF, an
/// image, a zip renamed `.csv`).
pub fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(65_536) {
        total += 1;
        if (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{FFFD}' {
            control += 1;
        }
    }
    total > 0 && control * 20 > total
}

/// The delimiter used by most of the first lines: tab, semicolon or comma.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (b',', 0usize);
    for delimiter in [b'\t', b';', b','] {
        // Count outside double quotes, on lines that have the delimiter.
        let mut score = 0usize;
        for line in &lines {
            let mut in_quotes = false;
            let mut count = 0usize;
            for b in line.bytes() {
                if b == b'"' {
                    in_quotes = !in_quotes;
                } else if b == delimiter && !in_quotes {
                    count += 1;
                }
            }
            if count > 0 {
                score += 1 + count.min(64);
            }
        }
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// Text with a delimiter → grid of text cells, and a warning when the text
/// seems cut off (it ends inside a quoted cell, or its last line, without
/// a line break, has fewer cells than the one above).
pub fn parse_delimited(
    text: &str,
    delimiter: u8,
    progress: &mut Progress,
) -> Result<(Vec<Vec<Cell>>, Vec<Warning>), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    let mut budget = Budget::default();
    let mut record = csv::StringRecord::new();
    // Fields of the last two lines, and where the last one started.
    let (mut previous_len, mut last_len) = (0usize, 0usize);
    let mut last_start = 0usize;
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(ImportError::Unreadable(e.to_string())),
        }
        let row = grid.len();
        if row.is_multiple_of(4096) {
            progress.report(Stage::Reading, start, text.len());
        }
        (previous_len, last_len, last_start) = (last_len, record.len(), start);
        let mut line = Vec::new();
        for (col, field) in record.iter().enumerate() {
            if field.trim().is_empty() {
                continue;
            }
            let cell = Cell::Text(without_text_mark(field).to_string());
            budget.take(row, col, &cell)?;
            if line.len() < col {
                line.resize(col, Cell::Empty);
            }
            line.push(cell);
        }
        // Blank lines past the last row read hold nothing to lose.
        if row < super::MAX_ROWS {
            grid.push(line);
        }
    }
    let mut warnings = Vec::new();
    let line_of = |byte: usize| {
        text.as_bytes()[..byte.min(text.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    };
    let last_text = &text[last_start.min(text.len())..];
    let ends_with_break = text.ends_with(['\n', '\r']);
    if !ends_with_break && ends_in_quotes(last_text, delimiter) {
        warnings.push(Warning::row(
            line_of(last_start),
            None,
            WarningKind::CutOff {
                row: line_of(last_start),
                quoted: true,
            },
        ));
    } else if !ends_with_break && grid.len() > 1 && last_len < previous_len {
        warnings.push(Warning::row(
            line_of(last_start),
            None,
            WarningKind::CutOff {
                row: line_of(last_start),
                quoted: false,
            },
        ));
    }
    Ok((grid, warnings))
}

/// Whether a line (with any quoted line breaks) is still inside a quoted
/// field at its end: an opening quote never closed.
fn ends_in_quotes(line: &str, delimiter: u8) -> bool {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        /// A quote inside a quoted field: its end, or the first of two.
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    for b in line.bytes() {
        let ends_field = b == delimiter || b == b'\n' || b == b'\r';
        state = match state {
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            _ if ends_field => State::FieldStart,
            State::FieldStart if b == b'"' => State::Quoted,
            _ => State::Unquoted,
        };
    }
    state == State::Quoted
}

/// A field as a spreadsheet means it (see `export::without_text_mark`).
fn without_text_mark(field: &str) -> &str {
    crate::core::export::without_text_mark(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_marks_before_formula_characters_are_dropped() {
        assert_eq!(without_text_mark("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(without_text_mark("'-"), "-");
        assert_eq!(without_text_mark("'+84"), "+84");
        assert_eq!(without_text_mark("'Ấp 1"), "'Ấp 1");
        assert_eq!(without_text_mark("Tổ 'A'"), "Tổ 'A'");
    }

    #[test]
    fn encodings() {
        let (t, e) = decode_text("a;b\n".as_bytes());
        assert_eq!((t.as_str(), e), ("a;b\n", TextEncoding::Utf8));
        let mut le = vec![0xFF, 0xFE];
        le.extend("Xã".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode_text(&le).0, "Xã");
        // "Đơn vị" in Windows-1258: Ð=0xD0, ơ=0xF5, n, space, v, i, dot-below 0xF2.
        let cp1258 = [0xD0, 0xF5, b'n', b' ', b'v', b'i', 0xF2];
        let (t, e) = decode_text(&cp1258);
        assert_eq!(e, TextEncoding::Windows1258);
        assert_eq!(t, "Đơn vị");
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b\",c\n1,2\n"), b',');
    }
}
