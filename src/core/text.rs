//! Text helpers shared by import, editing and search.

use super::import::Cell;
use super::percent::Percent;

/// Lower case without Vietnamese diacritics ("Châu Thành" → "chau thanh"),
/// for matching headers and searching.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// `fold`, appended to `out`. Char by char: the canonical decomposition of
/// a string is its chars' decompositions (reordering moves only combining
/// marks, which are dropped), and ASCII decomposes to itself.
fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if unicode_normalization::char::is_combining_mark(d) {
                return;
            }
            match d {
                'đ' | 'Đ' => out.push('d'),
                other => out.extend(other.to_lowercase()),
            }
        });
    }
}

/// A count cell read as a whole number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParsedCount {
    Count(u64),
    /// A negative number, kept as written.
    Negative(String),
    /// Empty or not a whole number, kept as written.
    Missing(String),
}

/// Reads "3.345", "3 345", "3,345", 3345.0 as 3345.
pub fn parse_count(cell: &Cell) -> ParsedCount {
    match cell {
        Cell::Empty => ParsedCount::Missing(String::new()),
        Cell::Number(n) => {
            if !n.is_finite() || n.fract() != 0.0 || n.abs() > 1e15 {
                ParsedCount::Missing(n.to_string())
            } else if *n < 0.0 {
                ParsedCount::Negative(format!("{}", *n as i64))
            } else {
                ParsedCount::Count(*n as u64)
            }
        }
        Cell::Text(text) => parse_count_text(text),
    }
}

/// Reads a typed or written count; thousands separators "." "," " " are
/// accepted only in groups of three digits.
pub fn parse_count_text(text: &str) -> ParsedCount {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim()),
        None => (false, trimmed),
    };
    let groups: Vec<&str> = digits.split(['.', ',', ' ', '\u{a0}']).collect();
    let grouped_ok = !digits.is_empty()
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
        && (groups.len() == 1
            || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
    if !grouped_ok {
        return ParsedCount::Missing(trimmed.to_string());
    }
    let joined: String = groups.concat();
    match joined.parse::<u64>() {
        Ok(0) => ParsedCount::Count(0),
        Ok(_) if negative => ParsedCount::Negative(trimmed.to_string()),
        // Above what a saved plan can carry exactly: not read.
        Ok(v) if v > crate::core::plan::MAX_COUNT => ParsedCount::Missing(trimmed.to_string()),
        Ok(v) => ParsedCount::Count(v),
        Err(_) => ParsedCount::Missing(trimmed.to_string()),
    }
}

/// Folded text with punctuation turned into single spaces (keeps `%` and
/// `/`), for matching header words: "Số lượng (hồ sơ)" → "so luong ho so".
pub fn fold_words(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    let mut out = String::with_capacity(folded.len());
    let mut gap = false;
    for c in folded.chars() {
        if c.is_alphanumeric() || c == '%' || c == '/' {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// A percentage cell: "90%", "87,5%", "90", 90, or a fraction 0.9 when
/// `fractions` is set (the whole column holds values at most 1, as Excel
/// stores percentages).
pub fn parse_percent_cell(cell: &Cell, fractions: bool) -> Option<Percent> {
    let value = match cell {
        Cell::Empty => return None,
        Cell::Number(n) => *n,
        Cell::Text(text) => {
            let trimmed = text.trim();
            if trimmed.ends_with('%') {
                return Percent::parse(trimmed).ok();
            }
            trimmed.replace(',', ".").parse::<f64>().ok()?
        }
    };
    let value = if fractions { value * 100.0 } else { value };
    Percent::from_js_number(value).ok()
}

/// The plain number a cell holds, if any (for deciding whether a percent
/// column holds fractions).
pub fn cell_number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) if n.is_finite() => Some(*n),
        Cell::Text(text) if !text.trim().ends_with('%') => {
            text.trim().replace(',', ".").parse::<f64>().ok()
        }
        _ => None,
    }
}

/// "Chỉ tiêu 90%" → 90%; the first percentage written in a text.
pub fn percent_in_text(text: &str) -> Option<Percent> {
    let position = text.find('%')?;
    let before = &text[..position];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == ',' || *c == '.')
        .last()
        .map(|(i, _)| i)?;
    Percent::parse(&text[start..position]).ok()
}

/// Whether a character changes the direction text is shown in (the
/// embeddings, overrides and isolates of Unicode's bidirectional algorithm,
/// and the marks), which can make "evil" display as "live".
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Text as shown on screen: every bidirectional control character is
/// written out visibly as its code ("[U+202E]") instead of acting.
pub fn reveal_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_bidi_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_bidi_control(c) {
            out.push_str(&format!("[U+{:04X}]", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_controls_are_shown() {
        assert_eq!(reveal_controls("live"), "live");
        assert_eq!(reveal_controls("\u{202E}live"), "[U+202E]live");
        assert_eq!(reveal_controls("a\u{200F}b\u{061C}"), "a[U+200F]b[U+061C]");
        for c in ['\u{202A}', '\u{202D}', '\u{2066}', '\u{2069}', '\u{200E}'] {
            assert!(is_bidi_control(c));
        }
        assert!(!is_bidi_control('đ'));
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Châu Thành"), "chau thanh");
        assert_eq!(fold("ĐỊA BÀN"), "dia ban");
        assert_eq!(fold("Số lượng hồ sơ mức 2"), "so luong ho so muc 2");
    }

    #[test]
    fn percents() {
        let p = |h| Percent::from_hundredths(h).ok();
        assert_eq!(
            parse_percent_cell(&Cell::Text("90%".into()), false),
            p(9000)
        );
        assert_eq!(
            parse_percent_cell(&Cell::Text("87,5%".into()), false),
            p(8750)
        );
        assert_eq!(parse_percent_cell(&Cell::Number(0.9), true), p(9000));
        assert_eq!(parse_percent_cell(&Cell::Number(87.5), false), p(8750));
        assert_eq!(
            parse_percent_cell(&Cell::Text("0,875".into()), true),
            p(8750)
        );
        assert_eq!(percent_in_text("Chỉ tiêu 90% tài khoản"), p(9000));
        assert_eq!(percent_in_text("Tỷ lệ 87,5 %"), None);
        assert_eq!(fold_words("Số lượng (hồ sơ)"), "so luong ho so");
    }

    #[test]
    fn counts_in_both_conventions() {
        assert_eq!(parse_count_text("3.345"), ParsedCount::Count(3345));
        assert_eq!(parse_count_text("3 345"), ParsedCount::Count(3345));
        assert_eq!(parse_count_text("3,345"), ParsedCount::Count(3345));
        assert_eq!(parse_count_text("841625"), ParsedCount::Count(841_625));
        assert_eq!(parse_count_text("1.234.567"), ParsedCount::Count(1_234_567));
        assert!(matches!(parse_count_text("-5"), ParsedCount::Negative(_)));
        assert!(matches!(parse_count_text("3.34"), ParsedCount::Missing(_)));
        assert!(matches!(parse_count_text("abc"), ParsedCount::Missing(_)));
        assert!(matches!(parse_count_text(""), ParsedCount::Missing(_)));
        assert_eq!(parse_count(&Cell::Number(4839.0)), ParsedCount::Count(4839));
        assert!(matches!(
            parse_count(&Cell::Number(1.5)),
            ParsedCount::Missing(_)
        ));
    }
}
