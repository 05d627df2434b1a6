//! Words of campaign progress: report errors, findings on reported figures,
//! why a report row was not used, the laggards' morning message, the ward
//! report, and the progress view.

use super::{exclusion_category, import_error, Locale};
use crate::core::format;
use crate::core::plan::Plan;
use crate::core::progress::{
    LaggardOrder, Progress, ProgressFlag, Rate, ReportError, Unmatched, WardReport,
};
use crate::core::schedule::typed;
use jiff::civil::Date;

fn rate(r: Option<Rate>, locale: Locale) -> String {
    r.map(|r| r.text(locale == Locale::Vi))
        .unwrap_or_else(|| "—".to_string())
}

/// A rate as the UI shows it ("87,46%", "—").
pub fn rate_text(r: Option<Rate>, locale: Locale) -> String {
    rate(r, locale)
}

pub fn report_error(error: &ReportError, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    match error {
        ReportError::Import(e) => import_error(e, locale),
        ReportError::NoRows => if vi {
            "Không tìm thấy dòng nào có tên đơn vị và một con số trong báo cáo."
        } else {
            "No row of the report holds a unit's name and a number."
        }
        .to_string(),
        ReportError::NoResultColumn(headers) => {
            if vi {
                format!("Báo cáo có nhiều cột số ({}) nhưng không cột nào ghi là kết quả (\"Kết quả\", \"Lũy kế\", \"Đã thực hiện\"). Hãy đổi tên cột kết quả rồi nhập lại.", headers.join(", "))
            } else {
                format!("The report has several number columns ({}) and none is marked as the result (\"Kết quả\", \"Lũy kế\", \"Đã thực hiện\"). Rename the result column and import again.", headers.join(", "))
            }
        }
        ReportError::NoDate => if vi {
            "Không thấy ngày báo cáo trong tệp hay tên tệp: hãy chọn ngày."
        } else {
            "No report date in the file or its name: choose a date."
        }
        .to_string(),
    }
}

pub fn flag(flag: &ProgressFlag, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    let n = |v: u64| format::count(v, locale);
    match flag {
        ProgressFlag::ParentDisagrees { reported, children } => {
            if vi {
                format!(
                    "Kết quả báo cáo của đơn vị là {} nhưng tổng các đơn vị cấp dưới là {}; dùng tổng cấp dưới.",
                    n(*reported),
                    n(*children)
                )
            } else {
                format!(
                    "The unit reported {} but its children add up to {}; the children's sum is used.",
                    n(*reported),
                    n(*children)
                )
            }
        }
        ProgressFlag::Decreased {
            from_date,
            from,
            to_date,
            to,
        } => {
            if vi {
                format!(
                    "Lũy kế giảm: {} ngày {} nhưng {} ngày {}.",
                    n(*from),
                    typed(*from_date),
                    n(*to),
                    typed(*to_date)
                )
            } else {
                format!(
                    "The cumulative count went down: {} on {} but {} on {}.",
                    n(*from),
                    typed(*from_date),
                    n(*to),
                    typed(*to_date)
                )
            }
        }
        ProgressFlag::AboveEligible { done, eligible } => {
            if vi {
                format!(
                    "Kết quả {} lớn hơn số đủ điều kiện {}.",
                    n(*done),
                    n(*eligible)
                )
            } else {
                format!(
                    "{} done is more than the {} eligible.",
                    n(*done),
                    n(*eligible)
                )
            }
        }
    }
}

fn unit_label(plan: &Plan, index: usize) -> String {
    plan.units
        .get(index)
        .map(|u| match u.parent.and_then(|p| plan.units.get(p)) {
            Some(parent) => format!("{} ({})", u.name, parent.name),
            None => u.name.clone(),
        })
        .unwrap_or_default()
}

/// Why a report row was not used.
pub fn unmatched(reason: &Unmatched, plan: &Plan, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    match reason {
        Unmatched::NoUnit => if vi {
            "Không có đơn vị nào tên này."
        } else {
            "No unit has this name."
        }
        .to_string(),
        Unmatched::Ambiguous(units) => {
            let names: Vec<String> = units.iter().take(5).map(|&i| unit_label(plan, i)).collect();
            if vi {
                format!("Nhiều đơn vị trùng tên: {}.", names.join("; "))
            } else {
                format!("Several units have this name: {}.", names.join("; "))
            }
        }
        Unmatched::Duplicate { unit, first_row } => {
            if vi {
                format!(
                    "{} đã có số ở dòng {first_row}; dòng này không dùng.",
                    unit_label(plan, *unit)
                )
            } else {
                format!(
                    "{} already has a figure on row {first_row}; this row is not used.",
                    unit_label(plan, *unit)
                )
            }
        }
        Unmatched::BadCount { text, .. } if text.is_empty() => if vi {
            "Ô kết quả trống."
        } else {
            "The result cell is empty."
        }
        .to_string(),
        Unmatched::BadCount { text, .. } => {
            if vi {
                format!("\"{text}\" không phải số nguyên ≥ 0.")
            } else {
                format!("\"{text}\" is not a whole number ≥ 0.")
            }
        }
    }
}

/// The laggards as a short text for the morning message.
pub fn laggards_text(
    plan: &Plan,
    progress: &Progress,
    list: &[usize],
    without: &[usize],
    order: LaggardOrder,
    locale: Locale,
) -> String {
    let vi = locale == Locale::Vi;
    let n = |v: u64| format::count(v, locale);
    let date = progress.date.map(typed).unwrap_or_default();
    let by = match (order, vi) {
        (LaggardOrder::Percent, true) => "tỷ lệ so với chỉ tiêu",
        (LaggardOrder::Percent, false) => "% of target",
        (LaggardOrder::Behind, true) => "số chậm so với kế hoạch",
        (LaggardOrder::Behind, false) => "distance behind the schedule",
    };
    let mut lines = vec![if vi {
        format!("Kết quả đến ngày {date}, các đơn vị thấp nhất ({by}):")
    } else {
        format!("Results to {date}, the lowest units ({by}):")
    }];
    for (k, &i) in list.iter().enumerate() {
        let Some(u) = progress.units.get(i) else {
            continue;
        };
        let mut line = format!(
            "{}. {}: {}/{} ({})",
            k + 1,
            plan.units[i].name,
            u.done.map(n).unwrap_or_default(),
            n(u.target),
            rate(u.percent_of_target, locale)
        );
        match (u.behind, u.days_behind) {
            (Some(b), Some(d)) if b > 0 => line.push_str(&if vi {
                format!(
                    ", chậm {} ({d} ngày)",
                    format::signed(b, locale).trim_start_matches('+')
                )
            } else {
                format!(
                    ", behind by {} ({d} days)",
                    format::signed(b, locale).trim_start_matches('+')
                )
            }),
            _ => {}
        }
        lines.push(line);
    }
    if !without.is_empty() {
        let names: Vec<&str> = without
            .iter()
            .map(|&i| plan.units[i].name.as_str())
            .collect();
        lines.push(if vi {
            format!("Chưa báo cáo: {}.", names.join(", "))
        } else {
            format!("No report: {}.", names.join(", "))
        });
    }
    lines.join("\n")
}

/// The ward report as text, in seed 003's order.
pub fn ward_report_text(plan: &Plan, report: &WardReport, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    let n = |v: u64| format::count(v, locale);
    let base = n(report.base);
    let mut lines = vec![ward_title(report.unit_name(plan), report.date, locale)];
    if vi {
        lines.push(format!("1. Tổng số cần thực hiện: {base}."));
        lines.push(format!(
            "2. Tổng số đã thực hiện: {}, đạt tỷ lệ: {}.",
            report.done.map(n).unwrap_or_else(|| "—".into()),
            rate(report.done_rate, locale)
        ));
        lines.push(format!(
            "3. Tổng số không thể thực hiện: {}/{base}, chiếm tỷ lệ: {}{}",
            n(report.excluded),
            rate(report.excluded_rate, locale),
            if report.categories.is_empty() {
                "."
            } else {
                ", trong đó:"
            }
        ));
    } else {
        lines.push(format!("1. To be reached: {base}."));
        lines.push(format!(
            "2. Done: {}, a rate of {}.",
            report.done.map(n).unwrap_or_else(|| "—".into()),
            rate(report.done_rate, locale)
        ));
        lines.push(format!(
            "3. Could not take part: {}/{base}, {}{}",
            n(report.excluded),
            rate(report.excluded_rate, locale),
            if report.categories.is_empty() {
                "."
            } else {
                ", of whom:"
            }
        ));
    }
    for (k, (category, count, share)) in report.categories.iter().enumerate() {
        lines.push(format!(
            "3.{}. {}: {}/{base}, {}",
            k + 1,
            exclusion_category(*category, locale),
            n(*count),
            rate(*share, locale)
        ));
    }
    if let Some(total) = report.over_base {
        lines.push(ward_over_base(total, report.base, locale));
    }
    lines.join("\n")
}

/// The ward report's sheet: its name, header row and row labels.
pub struct WardSheetWords {
    pub sheet: &'static str,
    pub headers: [&'static str; 4],
    pub to_reach: &'static str,
    pub done: &'static str,
    pub could_not: &'static str,
}

const WARD_SHEET_VI: WardSheetWords = WardSheetWords {
    sheet: "Báo cáo kết quả",
    headers: ["STT", "Nội dung", "Số người", "Tỷ lệ"],
    to_reach: "Tổng số cần thực hiện",
    done: "Đã thực hiện",
    could_not: "Không thể thực hiện",
};

const WARD_SHEET_EN: WardSheetWords = WardSheetWords {
    sheet: "Results report",
    headers: ["No.", "Item", "People", "Rate"],
    to_reach: "To be reached",
    done: "Done",
    could_not: "Could not take part",
};

pub fn ward_sheet_words(locale: Locale) -> &'static WardSheetWords {
    match locale {
        Locale::Vi => &WARD_SHEET_VI,
        Locale::En => &WARD_SHEET_EN,
    }
}

/// The ward report's title line, in its text and on its sheet.
pub fn ward_title(name: &str, date: Date, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!("BÁO CÁO KẾT QUẢ: {name}, đến ngày {}", typed(date)),
        Locale::En => format!("RESULTS REPORT: {name}, to {}", typed(date)),
    }
}

/// The note when done and those who could not take part add up to more
/// than everyone to be reached.
pub fn ward_over_base(total: u64, base: u64, locale: Locale) -> String {
    let (total, base) = (format::count(total, locale), format::count(base, locale));
    match locale {
        Locale::Vi => format!(
            "Lưu ý: đã thực hiện + không thể thực hiện = {total}, lớn hơn tổng số {base}; cần kiểm tra lại số liệu."
        ),
        Locale::En => format!(
            "Note: done + could not take part = {total}, more than the {base} to be reached; check the figures."
        ),
    }
}

/// Fixed texts of the progress view in one language.
pub struct ProgressTexts {
    pub tab: &'static str,
    pub date: &'static str,
    pub latest: &'static str,
    pub import: &'static str,
    pub import_hint: &'static str,
    pub no_results: &'static str,
    pub col_done: &'static str,
    pub col_percent_target: &'static str,
    pub col_percent_eligible: &'static str,
    pub col_expected: &'static str,
    pub col_behind: &'static str,
    pub col_days_behind: &'static str,
    pub col_days_left: &'static str,
    pub col_needed: &'static str,
    pub col_needed_milestone: &'static str,
    pub laggards: &'static str,
    pub level: &'static str,
    pub count: &'static str,
    pub by_percent: &'static str,
    pub by_behind: &'static str,
    pub copy_text: &'static str,
    pub copied: &'static str,
    pub burnup: &'static str,
    pub burnup_whole: &'static str,
    pub ranking: &'static str,
    pub plan_line: &'static str,
    pub done_line: &'static str,
    pub unmatched: &'static str,
    pub missing: &'static str,
    pub match_to: &'static str,
    pub choose_unit: &'static str,
    pub ward_report: &'static str,
    pub ward_xlsx: &'static str,
    pub ward_text: &'static str,
    pub report_unit: &'static str,
    pub findings: &'static str,
    pub paste: &'static str,
    pub paste_apply: &'static str,
    pub chart_unit: &'static str,
    pub reported_dates: &'static str,
    pub row: &'static str,
}

static VI: ProgressTexts = ProgressTexts {
    tab: "Tiến độ",
    date: "Ngày xem",
    latest: "Ngày báo cáo gần nhất",
    import: "Nhập báo cáo…",
    import_hint: "Tệp Excel/CSV hoặc dán từ Excel, tin nhắn: tên đơn vị và số lũy kế.",
    no_results: "Chưa có kết quả nào. Nhập báo cáo buổi sáng hoặc gõ vào cột \"Đã thực hiện\".",
    col_done: "Đã thực hiện",
    col_percent_target: "Tỷ lệ đạt",
    col_percent_eligible: "% trên số đủ ĐK",
    col_expected: "Theo kế hoạch",
    col_behind: "Chậm (+) / vượt (−)",
    col_days_behind: "Số ngày chậm",
    col_days_left: "Ngày còn lại",
    col_needed: "Cần/ngày đến hết hạn",
    col_needed_milestone: "Cần/ngày đến mốc",
    laggards: "Đơn vị thấp nhất",
    level: "Cấp",
    count: "Số đơn vị",
    by_percent: "Theo tỷ lệ đạt",
    by_behind: "Theo số chậm",
    copy_text: "Chép tin nhắn",
    copied: "Đã chép vào bộ nhớ tạm.",
    burnup: "Lũy kế so với kế hoạch",
    burnup_whole: "Toàn kế hoạch",
    ranking: "Xếp hạng theo tỷ lệ đạt",
    plan_line: "Kế hoạch",
    done_line: "Đã thực hiện",
    unmatched: "Dòng chưa khớp với đơn vị",
    missing: "Đơn vị chưa có số",
    match_to: "Khớp với",
    choose_unit: "— chọn đơn vị —",
    ward_report: "Báo cáo kết quả",
    ward_xlsx: "Tải báo cáo (Excel)",
    ward_text: "Chép báo cáo",
    report_unit: "Đơn vị báo cáo",
    findings: "Cần kiểm tra",
    paste: "Dán từ Excel hoặc tin nhắn",
    paste_apply: "Nhập số đã dán",
    chart_unit: "Biểu đồ cho",
    reported_dates: "Các ngày đã có báo cáo",
    row: "Dòng",
};

static EN: ProgressTexts = ProgressTexts {
    tab: "Progress",
    date: "Date",
    latest: "Latest report",
    import: "Import report…",
    import_hint: "An Excel/CSV file, or cells pasted from Excel or a message: unit names and cumulative counts.",
    no_results: "No results yet. Import a morning report or type in the \"Done\" column.",
    col_done: "Done",
    col_percent_target: "Done %",
    col_percent_eligible: "% of eligible",
    col_expected: "Planned",
    col_behind: "Behind (+) / ahead (−)",
    col_days_behind: "Days behind",
    col_days_left: "Days left",
    col_needed: "Needed/day to the end",
    col_needed_milestone: "Needed/day to the milestone",
    laggards: "Lowest units",
    level: "Level",
    count: "Units",
    by_percent: "By % done",
    by_behind: "By distance behind",
    copy_text: "Copy message",
    copied: "Copied to the clipboard.",
    burnup: "Cumulative done against the schedule",
    burnup_whole: "Whole plan",
    ranking: "Ranked by % of target",
    plan_line: "Schedule",
    done_line: "Done",
    unmatched: "Rows not matched to a unit",
    missing: "Units without a figure",
    match_to: "Match to",
    choose_unit: "— choose a unit —",
    ward_report: "Results report",
    ward_xlsx: "Download report (Excel)",
    ward_text: "Copy report",
    report_unit: "Reporting unit",
    findings: "To check",
    paste: "Paste from Excel or a message",
    paste_apply: "Enter the pasted figures",
    chart_unit: "Chart for",
    reported_dates: "Dates with reports",
    row: "Row",
};

pub fn texts(locale: Locale) -> &'static ProgressTexts {
    match locale {
        Locale::Vi => &VI,
        Locale::En => &EN,
    }
}

/// "Đã nhập báo cáo ngày …: 12 đơn vị khớp, 2 dòng chưa khớp, 1 đơn vị chưa có số."
pub fn imported(
    date: jiff::civil::Date,
    matched: usize,
    unmatched: usize,
    missing: usize,
    locale: Locale,
) -> String {
    let date = typed(date);
    match locale {
        Locale::Vi => format!("Đã nhập báo cáo ngày {date}: {matched} đơn vị khớp, {unmatched} dòng chưa khớp, {missing} đơn vị chưa có số."),
        Locale::En => format!("Imported the report of {date}: {matched} units matched, {unmatched} rows not matched, {missing} units without a figure."),
    }
}

/// The date given is not the one the report names.
pub fn file_date_differs(
    file: jiff::civil::Date,
    used: jiff::civil::Date,
    locale: Locale,
) -> String {
    match locale {
        Locale::Vi => format!(
            "Báo cáo ghi ngày {} nhưng được nhập cho ngày {}.",
            typed(file),
            typed(used)
        ),
        Locale::En => format!(
            "The report names {} but was entered for {}.",
            typed(file),
            typed(used)
        ),
    }
}

/// "chậm 46" / "vượt 162": a distance behind (positive) or ahead.
pub fn behind_words(behind: i128, locale: Locale) -> String {
    let n = format::count(
        u64::try_from(behind.unsigned_abs()).unwrap_or(u64::MAX),
        locale,
    );
    match (behind > 0, locale) {
        (true, Locale::Vi) => format!("chậm {n}"),
        (false, Locale::Vi) => format!("vượt {n}"),
        (true, Locale::En) => format!("{n} behind"),
        (false, Locale::En) => format!("{n} ahead"),
    }
}
