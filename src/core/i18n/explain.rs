//! The words of "why this number" (`core::explain`).

use super::{exclusion_category, Locale};
use crate::core::explain::{Explanation, Fraction, PercentSource, Step};
use crate::core::format;
use crate::core::plan::{Plan, Rounding, UnitId};

fn name(plan: &Plan, id: UnitId) -> String {
    plan.index_of(id)
        .and_then(|i| plan.units.get(i))
        .map(|u| u.name.clone())
        .unwrap_or_else(|| id.label())
}

fn method(rounding: Rounding, vi: bool) -> &'static str {
    match (rounding, vi) {
        (Rounding::LargestRemainder, true) => "phần dư lớn nhất (Hamilton)",
        (Rounding::LargestRemainder, false) => "largest remainder (Hamilton)",
        (Rounding::SainteLague, true) => "Sainte-Laguë (Webster)",
        (Rounding::SainteLague, false) => "Sainte-Laguë (Webster)",
        (Rounding::PerRow, true) => "làm tròn từng dòng",
        (Rounding::PerRow, false) => "per row",
        (Rounding::SumOfChildren, true) => "tổng cấp dưới",
        (Rounding::SumOfChildren, false) => "sum of children",
    }
}

/// One line per step, in the planner's language.
pub fn explanation_lines(explanation: &Explanation, plan: &Plan, locale: Locale) -> Vec<String> {
    let vi = locale == Locale::Vi;
    let n = |v: u64| format::count(v, locale);
    let exact =
        |f: &Fraction, decimals| format::fraction(f.numerator, f.denominator, decimals, locale);
    explanation
        .steps
        .iter()
        .map(|step| match step {
            Step::Eligible {
                base,
                exclusions,
                excluded,
                eligible,
                from_children,
            } => {
                let parts: Vec<String> = exclusions
                    .iter()
                    .map(|(c, count)| format!("{} {}", exclusion_category(*c, locale), n(*count)))
                    .collect();
                let detail = if parts.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", parts.join(", "))
                };
                let sums = match (from_children, vi) {
                    (true, true) => " — tổng các đơn vị cấp dưới",
                    (true, false) => " — the children's sums",
                    _ => "",
                };
                if vi {
                    format!("Đủ điều kiện = số lượng {} − loại trừ {}{detail} = {}{sums}.", n(*base), n(*excluded), n(*eligible))
                } else {
                    format!("Eligible = base {} − excluded {}{detail} = {}{sums}.", n(*base), n(*excluded), n(*eligible))
                }
            }
            Step::Percent { percent, source } => {
                let p = format::percent(*percent, locale);
                let from = match (source, vi) {
                    (PercentSource::Own, true) => "tỷ lệ riêng của đơn vị".to_string(),
                    (PercentSource::Own, false) => "the unit's own".to_string(),
                    (PercentSource::Level(l), true) => format!("tỷ lệ của cấp {}", l + 1),
                    (PercentSource::Level(l), false) => format!("the percentage of level {}", l + 1),
                    (PercentSource::Ancestor(id), true) => format!("kế thừa từ {}", name(plan, *id)),
                    (PercentSource::Ancestor(id), false) => format!("inherited from {}", name(plan, *id)),
                    (PercentSource::Plan, true) => "tỷ lệ chung của kế hoạch".to_string(),
                    (PercentSource::Plan, false) => "the plan-wide percentage".to_string(),
                };
                if vi { format!("Tỷ lệ {p} ({from}).") } else { format!("Percentage {p} ({from}).") }
            }
            Step::ExactShare { share } => {
                if vi {
                    format!("Phần chính xác = đủ điều kiện × tỷ lệ = {}.", exact(share, 4))
                } else {
                    format!("Exact share = eligible × percentage = {}.", exact(share, 4))
                }
            }
            Step::RoundedOnItsOwn { target } => {
                if vi { format!("Làm tròn (từ 0,5 lên) riêng dòng này: {}.", n(*target)) } else { format!("Rounded half up on its own: {}.", n(*target)) }
            }
            Step::SumOfChildren { children, target } => {
                if vi { format!("Bằng tổng chỉ tiêu của {children} đơn vị cấp dưới: {}.", n(*target)) } else { format!("The sum of its {children} children's targets: {}.", n(*target)) }
            }
            Step::RootRounded { target } => {
                if vi { format!("Đơn vị cấp cao nhất: phần chính xác làm tròn (từ 0,5 lên) = {}; chỉ tiêu này được chia xuống cấp dưới.", n(*target)) } else { format!("Top unit: its exact share rounded half up = {}; this target is split among the units below.", n(*target)) }
            }
            Step::Split { method: m, parent, parent_target, quota, target } => {
                let delta = i128::from(*target) * quota.denominator as i128 - quota.numerator as i128;
                let bounded = delta.unsigned_abs() >= quota.denominator;
                let direction = match (delta.signum(), vi) {
                    (_, true) if bounded => "khác phần được chia do khóa hoặc giới hạn, xem dưới",
                    (_, false) if bounded => "away from its quota because of locks or caps, see below",
                    (1, true) => "được thêm phần dư",
                    (1, false) => "given a remainder",
                    (-1, true) => "làm tròn xuống",
                    (-1, false) => "rounded down",
                    (_, true) => "đúng bằng phần được chia",
                    (_, false) => "exactly its quota",
                };
                if vi {
                    format!("Chia chỉ tiêu {} của {} theo {}: phần được chia {} → {} ({direction}).", n(*parent_target), name(plan, *parent), method(*m, true), exact(quota, 2), n(*target))
                } else {
                    format!("{}'s target {} split by {}: quota {} → {} ({direction}).", name(plan, *parent), n(*parent_target), method(*m, false), exact(quota, 2), n(*target))
                }
            }
            Step::Locked { target } => {
                if vi { format!("Chỉ tiêu do người lập khóa: {} (giữ nguyên ở mọi cách làm tròn).", n(*target)) } else { format!("Target locked by the planner: {} (kept in every rounding mode).", n(*target)) }
            }
            Step::Capped { eligible } => {
                if vi { format!("Không vượt số đủ điều kiện: {}.", n(*eligible)) } else { format!("Capped at the eligible count: {}.", n(*eligible)) }
            }
            Step::MovedByLocks { without, target, locks } => {
                let delta = format::signed(i128::from(*target) - i128::from(*without), locale);
                let names: Vec<String> = locks
                    .iter()
                    .map(|(id, t)| format!("{} ({})", name(plan, *id), n(*t)))
                    .collect();
                if vi {
                    format!("Thay đổi {delta} so với khi không khóa ({}) do chỉ tiêu đã khóa ở: {}.", n(*without), names.join(", "))
                } else {
                    format!("Moved {delta} from its unlocked value ({}) by the locked targets of: {}.", n(*without), names.join(", "))
                }
            }
        })
        .collect()
}

/// The action that opens the explanation of the current row's target.
pub fn explain_action(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "Vì sao con số này? (?)",
        Locale::En => "Why this number? (?)",
    }
}

/// Heading of the explanation panel.
pub fn explain_heading(name: &str, target: u64, locale: Locale) -> String {
    let n = format::count(target, locale);
    match locale {
        Locale::Vi => format!("Vì sao chỉ tiêu của {name} là {n}?"),
        Locale::En => format!("Why is {name}'s target {n}?"),
    }
}

pub fn close(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "Đóng",
        Locale::En => "Close",
    }
}

/// The mark on a target that locks elsewhere moved.
pub fn moved_by_locks_hint(delta: i128, locale: Locale) -> String {
    let d = format::signed(delta, locale);
    match locale {
        Locale::Vi => format!("{d} do chỉ tiêu đã khóa ở đơn vị khác; nhấn ? để xem vì sao."),
        Locale::En => format!("{d} because of targets locked elsewhere; press ? to see why."),
    }
}

/// A search that matches no unit.
pub fn no_match(query: &str, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!("Không tìm thấy đơn vị nào khớp “{query}”."),
        Locale::En => format!("No unit matches “{query}”."),
    }
}

/// The one-line note shown while the built-in sample is open.
pub fn sample_note(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "Đây là bảng mẫu (phụ lục Sóc Trăng). Mở bảng của bạn bằng “Mở tệp…”, kéo thả tệp vào trang hoặc dán các ô từ Excel.",
        Locale::En => "This is a sample (the Sóc Trăng appendix). Open your own with “Open file…”, by dropping a file on the page, or by pasting cells from Excel.",
    }
}

/// The button that shows the folded toolbar actions on a phone.
pub fn menu_label(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "☰ Thao tác",
        Locale::En => "☰ Actions",
    }
}
