//! Where each unit row sits in the hierarchy: STT styles ("I", "1", "1.2",
//! "a)", "-"), name prefixes ("Huyện", "Tổ dân phố", "Đ/c"), a total row,
//! rows that sum the rows below them, and the levels a planner pinned.

use crate::core::percent::Percent;
use crate::core::plan::ExclusionCategory;
use crate::core::text::{fold, fold_words, ParsedCount};

/// The style of an STT cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CodeStyle {
    Blank,
    UpperLetter,
    Roman,
    Arabic,
    Outline(u8),
    Letter,
    LowerRoman,
    Bullet(char),
    Other,
}

impl CodeStyle {
    /// Coarser styles first: A > I > 1 > 1.1 > a > i > - > +.
    pub(super) fn rank(self) -> Option<u32> {
        Some(match self {
            CodeStyle::Blank => return None,
            CodeStyle::UpperLetter => 100,
            CodeStyle::Roman => 200,
            CodeStyle::Arabic | CodeStyle::Other => 300,
            CodeStyle::Outline(k) => 300 + 10 * u32::from(k.saturating_sub(1)),
            CodeStyle::Letter => 400,
            CodeStyle::LowerRoman => 450,
            CodeStyle::Bullet('-') => 500,
            CodeStyle::Bullet('+') => 600,
            CodeStyle::Bullet(_) => 700,
        })
    }
}

fn is_roman(code: &str) -> bool {
    !code.is_empty() && code.len() <= 8 && code.chars().all(|c| "IVXLCDM".contains(c))
}

pub(super) fn code_style(code: &str) -> CodeStyle {
    let code = code.trim().trim_end_matches(['.', ')', ':']).trim();
    let code = code.trim_start_matches('(');
    if code.is_empty() {
        return CodeStyle::Blank;
    }
    if code.chars().all(|c| c.is_ascii_digit()) {
        return CodeStyle::Arabic;
    }
    if code.contains('.')
        && code
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return CodeStyle::Outline(code.split('.').count().min(9) as u8);
    }
    // A lone C, D, L or M is more likely a letter than a Roman numeral.
    if is_roman(code) && !matches!(code, "C" | "D" | "L" | "M") {
        return CodeStyle::Roman;
    }
    let mut chars = code.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_uppercase() {
            return CodeStyle::UpperLetter;
        }
        if c.is_ascii_lowercase() {
            return CodeStyle::Letter;
        }
        if matches!(c, '-' | '–' | '—' | '+' | '*' | '•' | '·' | '●' | '○') {
            let c = if matches!(c, '–' | '—') { '-' } else { c };
            return CodeStyle::Bullet(c);
        }
    }
    if is_roman(&code.to_ascii_uppercase()) && code.chars().all(|c| c.is_ascii_lowercase()) {
        return CodeStyle::LowerRoman;
    }
    CodeStyle::Other
}

/// Name prefixes that mark a level: 1 province, 2 district, 3 commune,
/// 4 residential group, 5 officer.
#[cfg(test)]
fn name_rank(name: &str) -> Option<u32> {
    name_rank_of(name, &fold_words(name))
}

/// `name_rank` with the name's folded words already made.
pub(super) fn name_rank_of(name: &str, words: &str) -> Option<u32> {
    let folded = fold(name);
    let starts = |k: &str| starts_with_word(words, k);
    let starts_raw = |k: &str| folded.trim_start().starts_with(k);
    const PROVINCE: [&str; 2] = ["tinh", "toan tinh"];
    const DISTRICT: [&str; 7] = ["huyen", "quan", "thi xa", "thanh pho", "tx", "tp", "h"];
    const COMMUNE: [&str; 7] = ["xa", "phuong", "thi tran", "tt", "dac khu", "p", "x"];
    const GROUP: [&str; 17] = [
        "to dan pho",
        "tdp",
        "to",
        "thon",
        "ap",
        "khom",
        "ban",
        "buon",
        "khu pho",
        "kp",
        "khu dan cu",
        "kdc",
        "xom",
        "bon",
        "plei",
        "khu",
        "cum",
    ];
    const OFFICER: [&str; 14] = [
        "d/c",
        "dong chi",
        "can bo",
        "cskv",
        "canh sat khu vuc",
        "dai uy",
        "thuong uy",
        "trung uy",
        "thieu uy",
        "thieu ta",
        "trung ta",
        "dai ta",
        "ong",
        "ba",
    ];
    // "Ông", "Bà" only before a person's name ("Bà Nguyễn …"), not a
    // place ("Ba Trinh"): require the diacritics.
    let person = folded.trim_start();
    let lower = name.trim_start().to_lowercase();
    if (person.starts_with("ong ") && !lower.starts_with("ông "))
        || (person.starts_with("ba ") && !lower.starts_with("bà "))
    {
        return None;
    }
    if starts_raw("d/c") || starts_raw("đ/c") || OFFICER.iter().any(|k| starts(k)) {
        return Some(5);
    }
    if PROVINCE.iter().any(|k| starts(k)) {
        return Some(1);
    }
    if GROUP.iter().any(|k| starts(k)) {
        return Some(4);
    }
    if DISTRICT.iter().any(|k| starts(k)) {
        // "H." alone is too short unless written with a dot.
        if starts("h") && !starts_raw("h.") {
            return None;
        }
        return Some(2);
    }
    if COMMUNE.iter().any(|k| starts(k)) {
        if (starts("p") && !starts_raw("p.")) || (starts("x") && !starts_raw("x.")) {
            return None;
        }
        return Some(3);
    }
    None
}

/// Whether folded words begin with the word(s) `key` (whole words).
fn starts_with_word(words: &str, key: &str) -> bool {
    words
        .strip_prefix(key)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// A total row: "Tổng", "Tổng cộng", "Toàn tỉnh", "Cộng".
fn is_total_name(name: &str) -> bool {
    is_total_words(&fold_words(name))
}

pub(super) fn is_total_words(words: &str) -> bool {
    [
        "tong",
        "tong cong",
        "toan tinh",
        "cong",
        "total",
        "grand total",
        "tong so",
        "toan thanh pho",
    ]
    .iter()
    .any(|k| starts_with_word(words, k))
}

/// A line after the table: signatures, notes.
pub(super) fn is_footer_words(words: &str) -> bool {
    [
        "ghi chu",
        "nguoi lap",
        "nguoi ky",
        "noi nhan",
        "giam doc",
        "kt ",
        "tm ",
        "truong phong",
        "chu tich",
        "note",
    ]
    .iter()
    .any(|k| words.starts_with(k.trim_end()) && (k.ends_with(' ') == words.contains(' ')))
}

/// One data row as read, before it is placed.
#[derive(Clone)]
pub(super) struct RowData {
    pub(super) source_row: usize,
    pub(super) code: String,
    pub(super) name: String,
    pub(super) style: CodeStyle,
    pub(super) name_rank: Option<u32>,
    /// The name's folded words (`fold_words`), made once.
    pub(super) words: String,
    pub(super) base: ParsedCount,
    pub(super) target: Option<ParsedCount>,
    /// Empty (`None`), a percentage, or the text of a cell that is not one.
    pub(super) percent: Option<Result<Percent, String>>,
    pub(super) daily: Option<ParsedCount>,
    pub(super) exclusions: Vec<(ExclusionCategory, ParsedCount)>,
}

impl RowData {
    pub(super) fn base_value(&self) -> u64 {
        match self.base {
            ParsedCount::Count(v) => v,
            _ => 0,
        }
    }
}

/// Splits "I. Huyện X" / "- Thôn 1" into code and name when no STT column
/// gave a code.
pub(super) fn split_code(name: &str) -> Option<(String, String)> {
    let trimmed = name.trim();
    let mut chars = trimmed.chars();
    let first = chars.next()?;
    if matches!(first, '-' | '–' | '+' | '•' | '*') {
        let rest = chars.as_str().trim();
        if rest.chars().next().is_some_and(char::is_alphabetic) {
            return Some((first.to_string(), rest.to_string()));
        }
        return None;
    }
    let (head, rest) = trimmed.split_once(' ')?;
    if !(head.ends_with('.') || head.ends_with(')')) || head.len() > 8 {
        return None;
    }
    let style = code_style(head);
    let rest = rest.trim();
    if matches!(style, CodeStyle::Other | CodeStyle::Blank)
        || !rest.chars().next().is_some_and(char::is_alphabetic)
    {
        return None;
    }
    // "TT." and "TP." are name prefixes, not codes.
    if matches!(style, CodeStyle::UpperLetter | CodeStyle::Letter) && head.len() > 2 {
        return None;
    }
    Some((
        head.trim_end_matches(['.', ')']).to_string(),
        rest.to_string(),
    ))
}

/// Parents of the rows when some were pinned: the hierarchy is inferred
/// from the rows inference took on its own, each row's level is its pin or
/// its inferred depth, and each row's parent is the nearest row above with
/// a smaller level.
pub(super) fn place_with_pins(
    rows: &[RowData],
    inferred: &[bool],
    pinned: &[Option<u8>],
) -> (Vec<Option<usize>>, &'static str) {
    let all_inferred = inferred.iter().all(|t| *t);
    if all_inferred && pinned.iter().all(Option::is_none) {
        return place(rows);
    }
    let (inferred_levels, how): (Vec<u8>, &'static str) = if all_inferred {
        let (parents, how) = place(rows);
        (depths(&parents), how)
    } else {
        let subset: Vec<RowData> = rows
            .iter()
            .zip(inferred)
            .filter(|(_, t)| **t)
            .map(|(r, _)| r.clone())
            .collect();
        if subset.is_empty() {
            (Vec::new(), "flat")
        } else {
            let (parents, how) = place(&subset);
            (depths(&parents), how)
        }
    };
    let mut next_inferred = inferred_levels.iter();
    let mut last_level = 0u8;
    let levels: Vec<u8> = inferred
        .iter()
        .zip(pinned)
        .map(|(took, pin)| {
            let own = if *took {
                next_inferred.next().copied()
            } else {
                None
            };
            let level = pin.or(own).unwrap_or(last_level);
            last_level = level;
            level
        })
        .collect();
    (parents_from_levels(&levels), how)
}

/// Depth of each row from its parent (parents come before children).
fn depths(parents: &[Option<usize>]) -> Vec<u8> {
    let mut levels: Vec<u8> = Vec::with_capacity(parents.len());
    for parent in parents {
        let level = parent
            .and_then(|p| levels.get(p))
            .map_or(0, |l| l.saturating_add(1));
        levels.push(level);
    }
    levels
}

/// Each row's parent: the nearest row above with a smaller level.
fn parents_from_levels(levels: &[u8]) -> Vec<Option<usize>> {
    let mut parents = Vec::with_capacity(levels.len());
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (i, &level) in levels.iter().enumerate() {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            stack.pop();
        }
        parents.push(stack.last().map(|(_, p)| *p));
        stack.push((level, i));
    }
    parents
}

/// Gives every row its parent. Evidence, in order: STT styles, name
/// prefixes, sums. Returns the parents and the evidence used.
fn place(rows: &[RowData]) -> (Vec<Option<usize>>, &'static str) {
    let n = rows.len();
    let styles: Vec<CodeStyle> = {
        let mut s: Vec<CodeStyle> = Vec::new();
        for r in rows.iter().skip(1) {
            if r.style != CodeStyle::Blank && !s.contains(&r.style) {
                s.push(r.style);
            }
        }
        s
    };
    let distinct_ranks = |skip_first: bool| {
        let mut ranks: Vec<u32> = rows
            .iter()
            .skip(usize::from(skip_first))
            .filter_map(|r| r.name_rank)
            .collect();
        ranks.sort_unstable();
        ranks.dedup();
        ranks.len()
    };
    // Is the first row a total over all the others?
    let first = &rows[0];
    let rest_coded = rows
        .iter()
        .skip(1)
        .filter(|r| r.style != CodeStyle::Blank)
        .count();
    let first_is_root = n > 1
        && (is_total_name(&first.name)
            || (first.style == CodeStyle::Blank && rest_coded * 2 >= n - 1 && rest_coded > 0)
            || first.name_rank.is_some_and(|r| {
                rows.iter()
                    .skip(1)
                    .all(|o| o.name_rank.is_none_or(|x| x > r))
                    && r == 1
            })
            || sums_to_rest(rows));

    let ranks: Option<Vec<u32>> = if styles.len() >= 2 {
        Some(code_ranks(rows))
    } else if distinct_ranks(first_is_root) >= 2 {
        Some(name_ranks(rows))
    } else {
        None
    };
    let (mut parents, how) = match ranks {
        Some(ranks) => {
            let how = if styles.len() >= 2 { "code" } else { "name" };
            (stack_place(&ranks, first_is_root), how)
        }
        None => {
            let start = usize::from(first_is_root);
            let mut parents = sum_place(rows, start);
            let structured = parents.iter().skip(start).any(Option::is_some);
            if first_is_root {
                for p in parents.iter_mut().skip(1) {
                    if p.is_none() {
                        *p = Some(0);
                    }
                }
            }
            (parents, if structured { "sum" } else { "flat" })
        }
    };
    if let Some(p) = parents.first_mut() {
        *p = None;
    }
    (parents, how)
}

/// The first row's base equals the sum of the top-level rows below it.
fn sums_to_rest(rows: &[RowData]) -> bool {
    let first = rows[0].base_value();
    if first == 0 || rows.len() < 3 {
        return false;
    }
    let parents = sum_place(rows, 1);
    let top: u64 = rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(i, _)| parents[*i].is_none())
        .fold(0u64, |acc, (_, r)| acc.saturating_add(r.base_value()));
    top == first
}

/// Ranks from STT styles; rows without a code sit under the coded row
/// before them.
fn code_ranks(rows: &[RowData]) -> Vec<u32> {
    let mut ranks = Vec::with_capacity(rows.len());
    let mut last_coded: Option<u32> = None;
    for (i, row) in rows.iter().enumerate() {
        let rank = match row.style.rank() {
            Some(r) => {
                last_coded = Some(r);
                r
            }
            None if i == 0 => 0,
            None => last_coded.map_or(1000, |r| r + 5),
        };
        ranks.push(rank);
    }
    ranks
}

/// Ranks from name prefixes; a row without one is a sibling of the row
/// before it, or its child when that row's prefix names a level that has
/// levels below it in this table.
fn name_ranks(rows: &[RowData]) -> Vec<u32> {
    let present: Vec<u32> = {
        let mut v: Vec<u32> = rows.iter().filter_map(|r| r.name_rank).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut ranks = Vec::with_capacity(rows.len());
    let mut previous: Option<(u32, bool)> = None; // (rank, had a prefix)
    for row in rows {
        let rank = match (row.name_rank, previous) {
            (Some(r), _) => r * 100,
            (None, None) => 0,
            (None, Some((p, false))) => p,
            (None, Some((p, true))) => match present.iter().find(|r| **r * 100 > p) {
                Some(next) => *next * 100,
                None => p,
            },
        };
        previous = Some((rank, row.name_rank.is_some()));
        ranks.push(rank);
    }
    ranks
}

/// Places rows by rank: each row's parent is the nearest row above with a
/// smaller rank.
fn stack_place(ranks: &[u32], first_is_root: bool) -> Vec<Option<usize>> {
    let mut parents = Vec::with_capacity(ranks.len());
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for (i, &rank) in ranks.iter().enumerate() {
        let rank = if i == 0 && first_is_root {
            0
        } else {
            rank.max(1)
        };
        while stack.last().is_some_and(|(r, _)| *r >= rank) {
            stack.pop();
        }
        parents.push(stack.last().map(|(_, p)| *p));
        stack.push((rank, i));
    }
    parents
}

/// Most children a parent is looked for among, and the deepest nesting, in
/// sum inference.
const SUM_SCAN: usize = 5_000;

const SUM_DEPTH: usize = 6;

/// Parents from sums: a row whose base equals the sum of the rows that
/// follow it (each with its own subtree) is their parent.
fn sum_place(rows: &[RowData], start: usize) -> Vec<Option<usize>> {
    let n = rows.len();
    let mut parents = vec![None; n];
    let bases: Vec<u64> = rows.iter().map(RowData::base_value).collect();
    let mut memo: Vec<[Option<usize>; SUM_DEPTH + 1]> = vec![[None; SUM_DEPTH + 1]; n];
    let mut i = start;
    while i < n {
        let end = subtree_end(&bases, i, 0, &mut memo);
        assign(&bases, i, end, 0, &mut memo, &mut parents);
        i = end.max(i + 1);
    }
    parents
}

/// End (exclusive) of the subtree rooted at `i` at nesting `depth`.
fn subtree_end(
    bases: &[u64],
    i: usize,
    depth: usize,
    memo: &mut [[Option<usize>; SUM_DEPTH + 1]],
) -> usize {
    if let Some(end) = memo[i][depth] {
        return end;
    }
    let n = bases.len();
    let mut end = i + 1;
    if depth < SUM_DEPTH && bases[i] > 0 {
        let mut acc = 0u64;
        let mut j = i + 1;
        let mut children = 0;
        while j < n && acc < bases[i] && children < SUM_SCAN {
            let child_end = subtree_end(bases, j, depth + 1, memo);
            acc = acc.saturating_add(bases[j]);
            j = child_end.max(j + 1);
            children += 1;
        }
        if acc == bases[i] && children >= 2 {
            end = j;
        }
    }
    memo[i][depth] = Some(end);
    end
}

fn assign(
    bases: &[u64],
    i: usize,
    end: usize,
    depth: usize,
    memo: &mut [[Option<usize>; SUM_DEPTH + 1]],
    parents: &mut [Option<usize>],
) {
    // Iterative over siblings, recursive over depth (at most SUM_DEPTH).
    let mut j = i + 1;
    while j < end {
        parents[j] = Some(i);
        let child_end = subtree_end(bases, j, depth + 1, memo).min(end);
        if depth < SUM_DEPTH {
            assign(bases, j, child_end, depth + 1, memo, parents);
        }
        j = child_end.max(j + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_styles() {
        assert_eq!(code_style(""), CodeStyle::Blank);
        assert_eq!(code_style("XI"), CodeStyle::Roman);
        assert_eq!(code_style("12"), CodeStyle::Arabic);
        assert_eq!(code_style("1.2"), CodeStyle::Outline(2));
        assert_eq!(code_style("a"), CodeStyle::Letter);
        assert_eq!(code_style("a)"), CodeStyle::Letter);
        assert_eq!(code_style("-"), CodeStyle::Bullet('-'));
        assert_eq!(code_style("C"), CodeStyle::UpperLetter);
    }

    #[test]
    fn name_prefixes() {
        assert_eq!(name_rank("Tỉnh Sóc Trăng"), Some(1));
        assert_eq!(name_rank("Huyện Châu Thành"), Some(2));
        assert_eq!(name_rank("TX. Ngã Năm"), Some(2));
        assert_eq!(name_rank("TT. Châu Thành"), Some(3));
        assert_eq!(name_rank("Phường 1"), Some(3));
        assert_eq!(name_rank("Tổ dân phố 3"), Some(4));
        assert_eq!(name_rank("Ấp Hòa Nhờ"), Some(4));
        assert_eq!(name_rank("Đ/c Nguyễn Văn A"), Some(5));
        assert_eq!(name_rank("Hồ Đắc Kiện"), None);
        assert_eq!(name_rank("Phú Tâm"), None);
        assert_eq!(name_rank("Ba Trinh"), None);
        assert_eq!(name_rank("Bà Lê Thị Hoa"), Some(5));
    }
}
