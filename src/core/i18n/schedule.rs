//! Words of the campaign schedule: period errors, flags and the fields of
//! the period panel and the schedule view.

use super::Locale;
use crate::core::format;
use crate::core::percent::Percent;
use crate::core::schedule::{typed, ScheduleError, ScheduleFlag, MAX_PERIOD_DAYS};

/// Fixed texts of the schedule UI in one language.
pub struct ScheduleTexts {
    pub panel: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub date_hint: &'static str,
    pub weekdays_legend: &'static str,
    /// Short weekday names, Sunday first.
    pub weekdays: [&'static str; 7],
    pub holidays: &'static str,
    pub add: &'static str,
    pub remove: &'static str,
    pub milestones: &'static str,
    pub milestone_date: &'static str,
    pub milestone_percent: &'static str,
    pub default_daily: &'static str,
    pub derive: &'static str,
    pub derive_hint: &'static str,
    pub col_days_needed: &'static str,
    pub col_finish: &'static str,
    pub col_shortfall: &'static str,
    pub tab_table: &'static str,
    pub tab_schedule: &'static str,
    pub schedule_label: &'static str,
    pub no_period: &'static str,
    pub for_groups: &'static str,
    pub this_unit_only: &'static str,
    pub download_csv: &'static str,
    pub milestone_mark: &'static str,
    pub excluded_day: &'static str,
}

static VI: ScheduleTexts = ScheduleTexts {
    panel: "Thời gian và chỉ tiêu theo ngày",
    start: "Từ ngày",
    end: "Đến ngày",
    date_hint: "dd/mm/yyyy",
    weekdays_legend: "Ngày trong tuần không tính",
    weekdays: ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
    holidays: "Ngày nghỉ thêm",
    add: "Thêm",
    remove: "Xóa",
    milestones: "Mốc thời gian",
    milestone_date: "Ngày mốc",
    milestone_percent: "% chỉ tiêu",
    default_daily: "Chỉ tiêu/ngày mặc định (cấp thấp nhất)",
    derive: "Chia đều theo ngày",
    derive_hint: "Mỗi đơn vị cấp thấp nhất chưa có chỉ tiêu/ngày riêng nhận chỉ tiêu ÷ số ngày tính (làm tròn lên).",
    col_days_needed: "Số ngày cần",
    col_finish: "Ngày xong",
    col_shortfall: "Thiếu",
    tab_table: "Bảng chỉ tiêu",
    tab_schedule: "Lịch theo ngày",
    schedule_label: "Lịch lũy kế theo ngày",
    no_period: "Nhập thời gian thực hiện (từ ngày, đến ngày) để xem lịch theo ngày.",
    for_groups: "Cho các đơn vị cấp dưới (Enter)",
    this_unit_only: "Chỉ đơn vị này (Alt+Enter)",
    download_csv: "Tải lịch (CSV)",
    milestone_mark: "Mốc",
    excluded_day: "ngày không tính",
};

static EN: ScheduleTexts = ScheduleTexts {
    panel: "Campaign period and daily targets",
    start: "From",
    end: "To",
    date_hint: "dd/mm/yyyy",
    weekdays_legend: "Weekdays that do not count",
    weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    holidays: "Extra days off",
    add: "Add",
    remove: "Remove",
    milestones: "Milestones",
    milestone_date: "Milestone date",
    milestone_percent: "% of target",
    default_daily: "Default per day (lowest level)",
    derive: "Derive per day",
    derive_hint:
        "Every lowest-level unit without its own figure gets target ÷ counted days (rounded up).",
    col_days_needed: "Days needed",
    col_finish: "Finishes",
    col_shortfall: "Shortfall",
    tab_table: "Quota table",
    tab_schedule: "Day-by-day schedule",
    schedule_label: "Cumulative schedule by day",
    no_period: "Set the campaign period (from, to) to see the day-by-day schedule.",
    for_groups: "For the units below (Enter)",
    this_unit_only: "This unit only (Alt+Enter)",
    download_csv: "Download schedule (CSV)",
    milestone_mark: "Milestone",
    excluded_day: "day that does not count",
};

pub fn texts(locale: Locale) -> &'static ScheduleTexts {
    match locale {
        Locale::Vi => &VI,
        Locale::En => &EN,
    }
}

/// A level's per-day field: "Cấp 2 (vd. Tổ 1) /ngày".
pub fn level_daily_label(level: u8, example: &str, locale: Locale) -> String {
    let n = u32::from(level) + 1;
    match locale {
        Locale::Vi => format!("Cấp {n} (vd. {example}) /ngày"),
        Locale::En => format!("Level {n} (e.g. {example}) per day"),
    }
}

/// "23 ngày, 20 ngày tính" under the period fields.
pub fn days_summary(total: usize, counted: u64, locale: Locale) -> String {
    let (t, c) = (
        format::count(total as u64, locale),
        format::count(counted, locale),
    );
    match locale {
        Locale::Vi => format!("{t} ngày, {c} ngày tính"),
        Locale::En => format!("{t} days, {c} counted"),
    }
}

/// A milestone as listed: "05/11/2025: 70%".
pub fn milestone_item(date: jiff::civil::Date, percent: Percent, locale: Locale) -> String {
    format!("{}: {}", typed(date), format::percent(percent, locale))
}

/// After "Derive": how many units got a figure.
pub fn derived(count: usize, locale: Locale) -> String {
    let n = format::count(count as u64, locale);
    match locale {
        Locale::Vi => format!("Đã chia đều theo ngày cho {n} đơn vị."),
        Locale::En => format!("Derived a per-day figure for {n} units."),
    }
}

pub fn error(error: &ScheduleError, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    match error {
        ScheduleError::BadIsoDate(t) => {
            if vi {
                format!("Ngày “{t}” không hợp lệ: cần một ngày có thật dạng YYYY-MM-DD.")
            } else {
                format!("Date “{t}” is not a real YYYY-MM-DD day.")
            }
        }
        ScheduleError::BadTypedDate(t) => {
            if vi {
                format!("“{t}” không phải ngày hợp lệ; nhập dạng ngày/tháng/năm, ví dụ 08/05/2025.")
            } else {
                format!("“{t}” is not a valid date; type day/month/year, e.g. 08/05/2025.")
            }
        }
        ScheduleError::EndBeforeStart { start, end } => {
            if vi {
                format!(
                    "Ngày kết thúc {} trước ngày bắt đầu {}.",
                    typed(*end),
                    typed(*start)
                )
            } else {
                format!(
                    "The end date {} is before the start date {}.",
                    typed(*end),
                    typed(*start)
                )
            }
        }
        ScheduleError::NoCountedDay { start, end } => {
            if vi {
                format!(
                    "Từ {} đến {} không còn ngày nào được tính (mọi ngày đều là ngày nghỉ).",
                    typed(*start),
                    typed(*end)
                )
            } else {
                format!(
                    "From {} to {} no day counts (every day is a day off).",
                    typed(*start),
                    typed(*end)
                )
            }
        }
        ScheduleError::PeriodTooLong { days } => {
            let (d, max) = (
                format::count(*days, locale),
                format::count(MAX_PERIOD_DAYS, locale),
            );
            if vi {
                format!("Thời gian {d} ngày quá dài (tối đa {max} ngày).")
            } else {
                format!("A period of {d} days is too long (at most {max}).")
            }
        }
        ScheduleError::BadWeekday(t) => {
            if vi {
                format!("“{t}” không phải thứ trong tuần (0 = Chủ nhật … 6 = Thứ bảy).")
            } else {
                format!("“{t}” is not a weekday (0 = Sunday … 6 = Saturday).")
            }
        }
        ScheduleError::MilestoneOutsidePeriod { date } => {
            if vi {
                format!("Mốc ngày {} nằm ngoài thời gian thực hiện.", typed(*date))
            } else {
                format!("The milestone of {} is outside the period.", typed(*date))
            }
        }
        ScheduleError::DuplicateMilestone { date } => {
            if vi {
                format!("Ngày {} đã có một mốc.", typed(*date))
            } else {
                format!("{} already has a milestone.", typed(*date))
            }
        }
        ScheduleError::NoPeriod => {
            if vi {
                "Cần nhập thời gian thực hiện (từ ngày, đến ngày) trước.".to_string()
            } else {
                "Set the campaign period (from, to) first.".to_string()
            }
        }
    }
}

pub fn flag(flag: &ScheduleFlag, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    let n = |v: u64| format::count(v, locale);
    match flag {
        ScheduleFlag::Shortfall {
            target,
            daily,
            days,
            reach,
            shortfall,
        } => {
            if vi {
                format!(
                    "Không đạt chỉ tiêu trong thời gian: {}/ngày × {} ngày = {}, thiếu {} so với {}.",
                    n(*daily),
                    n(*days),
                    n(*reach),
                    n(*shortfall),
                    n(*target)
                )
            } else {
                format!(
                    "Cannot reach the target in the period: {}/day × {} days = {}, {} short of {}.",
                    n(*daily),
                    n(*days),
                    n(*reach),
                    n(*shortfall),
                    n(*target)
                )
            }
        }
        ScheduleFlag::MissesMilestone {
            date,
            percent,
            need,
            reach,
        } => {
            let p = format::percent(*percent, locale);
            if vi {
                format!(
                    "Chậm mốc {}: cần {} ({p} chỉ tiêu) nhưng theo chỉ tiêu/ngày chỉ đạt {}.",
                    typed(*date),
                    n(*need),
                    n(*reach)
                )
            } else {
                format!(
                    "Late for the milestone of {}: needs {} ({p} of the target) but the daily figure reaches {}.",
                    typed(*date),
                    n(*need),
                    n(*reach)
                )
            }
        }
        ScheduleFlag::GroupsShort {
            target,
            reach,
            shortfall,
            units,
        } => {
            if vi {
                format!(
                    "Các đơn vị trực thuộc không đạt chỉ tiêu trong thời gian: cùng đạt {}, thiếu {} so với {} ({} đơn vị không đạt).",
                    n(*reach),
                    n(*shortfall),
                    n(*target),
                    n(*units)
                )
            } else {
                format!(
                    "Its units cannot reach the target in the period: together {}, {} short of {} ({} units short).",
                    n(*reach),
                    n(*shortfall),
                    n(*target),
                    n(*units)
                )
            }
        }
        ScheduleFlag::DailyAboveTarget { daily, target } => {
            if vi {
                format!(
                    "Chỉ tiêu/ngày {} lớn hơn cả chỉ tiêu {} (có thể là số của cấp khác).",
                    n(*daily),
                    n(*target)
                )
            } else {
                format!(
                    "The daily figure {} is larger than the whole target {} (perhaps meant for another level).",
                    n(*daily),
                    n(*target)
                )
            }
        }
    }
}
