//! The words of the public JavaScript API: refused arguments, a destroyed
//! or read-only planner, runaway listeners, a stopped module.

use super::Locale;
use crate::core::boundary::{ArgError, Expected, Given, Problem, StateError, MAX_SAFE_INTEGER};
use crate::core::format;
use crate::core::plan::SumKind;

fn expected(what: Expected, vi: bool) -> &'static str {
    use Expected::*;
    match (what, vi) {
        (UnitId, true) => "mã đơn vị dạng “u1”",
        (UnitId, false) => "a unit id such as \"u1\"",
        (UnitIdOrNull, true) => "mã đơn vị dạng “u1” hoặc null (cả kế hoạch)",
        (UnitIdOrNull, false) => "a unit id such as \"u1\", or null (the whole plan)",
        (Percent, true) => "tỷ lệ từ 0 đến 100, tối đa hai chữ số thập phân (số hoặc chữ “87,5”)",
        (Percent, false) => {
            "a percentage from 0 to 100 with at most two decimals (a number, or text such as \"87.5\")"
        }
        (PercentOrNull, true) => "tỷ lệ từ 0 đến 100 hoặc null (bỏ tỷ lệ riêng)",
        (PercentOrNull, false) => "a percentage from 0 to 100, or null (clear it)",
        (CountOrNull, true) => "số nguyên từ 0 đến 9.007.199.254.740.991 hoặc null",
        (CountOrNull, false) => "a whole number from 0 to 9,007,199,254,740,991, or null",
        (Level, true) => "số cấp nguyên ≥ 0 (0 là cấp trên cùng)",
        (Level, false) => "a whole level number ≥ 0 (0 = top)",
        (Event, true) => "tên sự kiện “change”, “load” hoặc “error”",
        (Event, false) => "an event name, \"change\", \"load\" or \"error\"",
        (Function, true) => "một hàm",
        (Function, false) => "a function",
        (Bytes, true) => "Uint8Array hoặc ArrayBuffer",
        (Bytes, false) => "a Uint8Array or an ArrayBuffer",
        (FileName, true) => "tên tệp (chuỗi không rỗng, ví dụ “phu-luc.xlsx”)",
        (FileName, false) => "a file name (non-empty text such as \"appendix.xlsx\")",
        (Options, true) => "một đối tượng tùy chọn {…}",
        (Options, false) => "an options object {…}",
        (Boolean, true) => "true hoặc false",
        (Boolean, false) => "true or false",
        (Date, true) => "ngày dạng “YYYY-MM-DD” hoặc null",
        (Date, false) => "a date \"YYYY-MM-DD\", or null",
        (Array, true) => "một mảng […]",
        (Array, false) => "an array […]",
        (Weekday, true) => "thứ trong tuần từ 0 (Chủ nhật) đến 6 (Thứ bảy)",
        (Weekday, false) => "a weekday from 0 (Sunday) to 6 (Saturday)",
        (Locale, true) => "“vi” hoặc “en”",
        (Locale, false) => "\"vi\" or \"en\"",
        (Target, true) => "một phần tử HTML hoặc bộ chọn CSS",
        (Target, false) => "an Element or a CSS selector",
        (PlanFile, true) => "tệp kế hoạch (đối tượng từ exportJson() hoặc chuỗi JSON của nó)",
        (PlanFile, false) => "a plan (the object from exportJson(), or its JSON text)",
        (Key, true) => "một khóa dạng chuỗi không rỗng",
        (Key, false) => "a non-empty text key",
        (Rounding, true) => "per-row, largest-remainder, sainte-lague hoặc sum-of-children",
        (Rounding, false) => "per-row, largest-remainder, sainte-lague or sum-of-children",
        (Milestone, true) => "một mốc {date: “YYYY-MM-DD”, percentOfTarget: số}",
        (Milestone, false) => "a milestone {date: \"YYYY-MM-DD\", percentOfTarget: number}",
        (Report, true) => "Uint8Array, ArrayBuffer hoặc chuỗi dán từ Excel/tin nhắn",
        (Report, false) => "a Uint8Array, an ArrayBuffer, or text pasted from Excel or a message",
        (LaggardOrder, true) => "“percent” hoặc “behind”",
        (LaggardOrder, false) => "\"percent\" or \"behind\"",
        (UnitCount, true) => "số nguyên từ 1 đến 100.000",
        (UnitCount, false) => "a whole number from 1 to 100,000",
        (CsvSeparator, true) => "“,” (dấu phẩy) hoặc “;” (dấu chấm phẩy)",
        (CsvSeparator, false) => "\",\" (comma) or \";\" (semicolon)",
    }
}

fn given(value: &Given, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    match value {
        Given::Undefined if vi => "undefined (không có giá trị)".into(),
        Given::Undefined => "undefined (nothing)".into(),
        Given::Null => "null".into(),
        Given::Bool(b) if vi => format!("giá trị {b}"),
        Given::Bool(b) => format!("the boolean {b}"),
        Given::Number(n) if vi => format!("số {n}"),
        Given::Number(n) => format!("the number {n}"),
        Given::Text { start, length } => {
            let shown = start.chars().count();
            let more = if (shown as u64) < u64::from(*length) {
                "…"
            } else {
                ""
            };
            if vi {
                format!(
                    "chuỗi “{start}{more}” ({} ký tự)",
                    format::count(u64::from(*length), locale)
                )
            } else {
                format!(
                    "the text \"{start}{more}\" ({} characters)",
                    format::count(u64::from(*length), locale)
                )
            }
        }
        Given::Symbol if vi => "một Symbol".into(),
        Given::Symbol => "a Symbol".into(),
        Given::BigInt(n) if vi => format!("BigInt {n}n"),
        Given::BigInt(n) => format!("the BigInt {n}n"),
        Given::Function if vi => "một hàm".into(),
        Given::Function => "a function".into(),
        Given::Array(n) if vi => {
            format!("một mảng {} phần tử", format::count(u64::from(*n), locale))
        }
        Given::Array(n) => format!("an array of {} items", format::count(u64::from(*n), locale)),
        Given::Object(kind) if vi => format!("một đối tượng {kind}"),
        Given::Object(kind) => format!("an object ({kind})"),
    }
}

/// "setPercent: đối số percent …".
pub fn arg_error(error: &ArgError, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    let (method, arg) = (error.method, error.arg.as_str());
    let head = if vi {
        format!("{method}: đối số {arg}")
    } else {
        format!("{method}: argument {arg}")
    };
    match &error.problem {
        Problem::Wrong {
            expected: e,
            given: g,
        } if vi => {
            format!(
                "{head} phải là {}, nhưng nhận được {}.",
                expected(*e, vi),
                given(g, locale)
            )
        }
        Problem::Wrong {
            expected: e,
            given: g,
        } => {
            format!(
                "{head} must be {}, but got {}.",
                expected(*e, vi),
                given(g, locale)
            )
        }
        Problem::UnknownKey { key, allowed } if vi => format!(
            "{head} có khóa không dùng được “{key}” (chỉ nhận: {}).",
            allowed.join(", ")
        ),
        Problem::UnknownKey { key, allowed } => format!(
            "{head} has an unknown key \"{key}\" (it takes: {}).",
            allowed.join(", ")
        ),
        Problem::Unreadable(detail) if vi => {
            format!("{head} không đọc được: việc đọc nó báo lỗi ({detail}).")
        }
        Problem::Unreadable(detail) => {
            format!("{head} could not be read: reading it threw ({detail}).")
        }
        Problem::TooLong { length, max } if vi => format!(
            "{head} quá dài: {} phần tử/ký tự, tối đa {}.",
            format::count(u64::from(*length), locale),
            format::count(u64::from(*max), locale)
        ),
        Problem::TooLong { length, max } => format!(
            "{head} is too long: {} items or characters, at most {}.",
            format::count(u64::from(*length), locale),
            format::count(u64::from(*max), locale)
        ),
        Problem::Conflict(other) if vi => {
            format!("{head} và {other} không dùng cùng nhau được; chỉ đưa một trong hai.")
        }
        Problem::Conflict(other) => {
            format!("{head} and {other} cannot be given together; give one of them.")
        }
        Problem::UrlNotSupported if vi => {
            format!("{head}: chưa hỗ trợ địa chỉ URL; hãy đưa nội dung tệp (Uint8Array hoặc ArrayBuffer).")
        }
        Problem::UrlNotSupported => {
            format!("{head}: a URL is not supported yet; pass the file's bytes (Uint8Array or ArrayBuffer).")
        }
        Problem::Plan(e) => format!("{head}: {}", e.message(locale)),
    }
}

pub fn state_error(error: StateError, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    match error {
        StateError::Destroyed if vi => {
            "Bảng chỉ tiêu này đã bị hủy (destroy()); không dùng được nữa.".into()
        }
        StateError::Destroyed => "This planner was destroyed (destroy()); it can no longer be used.".into(),
        StateError::ReadOnly if vi => "Bảng chỉ tiêu đang ở chế độ chỉ đọc.".into(),
        StateError::ReadOnly => "The planner is read-only.".into(),
        StateError::ListenerLoop(n) if vi => format!(
            "Các hàm theo dõi “change” cứ sửa kế hoạch mỗi khi nó thay đổi; đã dừng báo sự kiện sau {n} lần. Các sửa đổi đã làm vẫn giữ và có thể hoàn tác."
        ),
        StateError::ListenerLoop(n) => format!(
            "Listeners kept changing the plan in reaction to their own changes; event delivery stopped after {n} events. The edits made are kept and can be undone."
        ),
    }
}

/// A count above what a JavaScript number holds exactly.
pub fn count_too_large(given: &str, locale: Locale) -> String {
    let max = format::count(MAX_SAFE_INTEGER, locale);
    match locale {
        Locale::Vi => format!("Số {given} quá lớn: tối đa {max} (2^53 − 1)."),
        Locale::En => format!("The number {given} is too large: at most {max} (2^53 − 1)."),
    }
}

/// What a sum that would pass 2^53 − 1 adds up (`SumKind`).
fn sum_words(kind: SumKind, locale: Locale) -> &'static str {
    match (kind, locale) {
        (SumKind::Base, Locale::Vi) => "tổng số gốc (dân số) của các đơn vị",
        (SumKind::Base, Locale::En) => "the units' base counts together",
        (SumKind::Excluded, Locale::Vi) => "tổng số loại trừ của các đơn vị",
        (SumKind::Excluded, Locale::En) => "the units' excluded counts together",
        (SumKind::Daily, Locale::Vi) => "tổng chỉ tiêu mỗi ngày của các đơn vị",
        (SumKind::Daily, Locale::En) => "the units' cases per day together",
        (SumKind::Results, Locale::Vi) => "tổng kết quả báo cáo của các đơn vị",
        (SumKind::Results, Locale::En) => "the units' reported counts together",
    }
}

/// A sum of the plan that would pass what a JavaScript number holds
/// exactly; `subject` says what was refused.
pub fn sum_too_large(kind: SumKind, refused: SumRefused, locale: Locale) -> String {
    let max = format::count(MAX_SAFE_INTEGER, locale);
    let what = sum_words(kind, locale);
    match (refused, locale) {
        (SumRefused::Edit, Locale::Vi) => format!("Không nhận thay đổi này: {what} sẽ vượt quá {max} (2^53 − 1), số lớn nhất được giữ chính xác. Bảng không bị thay đổi."),
        (SumRefused::Edit, Locale::En) => format!("This change is refused: {what} would pass {max} (2^53 − 1), the largest number kept exactly. The plan is unchanged."),
        (SumRefused::File, Locale::Vi) => format!("Không mở được tệp: {what} vượt quá {max} (2^53 − 1), số lớn nhất được giữ chính xác. Bảng đang mở không bị thay đổi."),
        (SumRefused::File, Locale::En) => format!("Cannot open the file: {what} pass {max} (2^53 − 1), the largest number kept exactly. The open plan is unchanged."),
    }
}

/// Whether an edit or a whole file was refused for a sum too large.
#[derive(Clone, Copy)]
pub enum SumRefused {
    /// An edit (typed, pasted, set through the API, a report).
    Edit,
    /// A workbook or plan file being opened.
    File,
}

/// A percentage below 0 or above 100, quoted as given.
pub fn percent_outside(given: &str, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!("Tỷ lệ phải từ 0% đến 100% (đã nhập {given})."),
        Locale::En => format!("The percentage must be between 0% and 100% (got {given})."),
    }
}

/// Shown on every planner of the page, and thrown by every later call,
/// once the module has trapped: `[message with autosave, without]`.
pub fn stopped(locale: Locale) -> [&'static str; 2] {
    match locale {
        Locale::Vi => [
            "Bảng chỉ tiêu đã dừng do một lỗi nội bộ. Hãy tải lại trang — công việc của bạn đã được lưu.",
            "Bảng chỉ tiêu đã dừng do một lỗi nội bộ. Hãy tải lại trang (các thay đổi chưa lưu ra tệp có thể mất).",
        ],
        Locale::En => [
            "The planner stopped because of an internal error. Reload the page — your work is saved.",
            "The planner stopped because of an internal error. Reload the page (changes not saved to a file may be lost).",
        ],
    }
}

/// Shown in the planner's element, and the message `mount` rejects with,
/// when the module itself could not be fetched, compiled or started (a
/// missing file, a blocked download, a browser without WebAssembly). The
/// module's messages are unavailable then, so the embed entry
/// (src/web/quota-planner.js) carries a copy of these two; a native test
/// (tests/boundary_texts.rs) keeps the copy equal to this.
pub fn could_not_load(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "Không tải được Bảng chỉ tiêu: trình duyệt không tải về hoặc không chạy được phần mềm của bảng. Hãy tải lại trang; nếu vẫn không được, hãy dùng bản mới của Chrome, Edge hoặc Firefox.",
        Locale::En => "Quota Planner could not load: the browser could not download or run its program. Reload the page; if that does not help, use a recent Chrome, Edge or Firefox.",
    }
}

/// The label of the "reload" button of that notice.
pub fn reload(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "Tải lại trang",
        Locale::En => "Reload the page",
    }
}
