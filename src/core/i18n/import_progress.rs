//! The words of an import in progress (the progress bar, cancel, a load
//! replaced by a newer one) and of the limits a file is held to.

use super::Locale;
use crate::core::error::ImportError;
use crate::core::format;
use crate::core::import::Stage;

/// The texts of the progress bar.
pub struct Texts {
    pub opening: &'static str,
    pub cancel: &'static str,
    pub replacing: &'static str,
    pub finishing: &'static str,
}

pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::Vi => &Texts {
            opening: "Đang mở",
            cancel: "Hủy",
            replacing: "Đang thay bằng bảng mới…",
            finishing: "Đang hiển thị bảng",
        },
        Locale::En => &Texts {
            opening: "Opening",
            cancel: "Cancel",
            replacing: "Being replaced by the new table…",
            finishing: "Showing the table",
        },
    }
}

/// What the import is doing.
pub fn stage(stage: Option<Stage>, locale: Locale) -> &'static str {
    let vi = locale == Locale::Vi;
    match stage {
        None if vi => "Đang chuẩn bị",
        None => "Starting",
        Some(Stage::Reading) if vi => "Đang đọc các ô",
        Some(Stage::Reading) => "Reading the cells",
        Some(Stage::Layout) if vi => "Đang nhận diện bố cục",
        Some(Stage::Layout) => "Finding the layout",
        Some(Stage::Plan) if vi => "Đang lập bảng chỉ tiêu",
        Some(Stage::Plan) => "Building the plan",
    }
}

/// Said with a file read on the page because no worker could start.
pub fn read_on_page(reason: &str, locale: Locale) -> String {
    let reason = if reason.trim().is_empty() {
        "Worker"
    } else {
        reason.trim()
    };
    match locale {
        Locale::Vi => format!("Trang này không cho chạy luồng đọc tệp riêng (Web Worker: {reason}; thường do chính sách bảo mật nội dung CSP), nên tệp được đọc ngay trên trang: trang có thể đứng trong lúc đọc, và một tệp làm hỏng bộ đọc có thể làm dừng bảng."),
        Locale::En => format!("This page does not allow a separate file-reading thread (Web Worker: {reason}; usually its Content-Security-Policy), so the file was read on the page itself: the page may pause while reading, and a file that breaks the reader can stop the planner."),
    }
}

/// A text file that seems cut off (`WarningKind::CutOff`).
pub fn cut_off(row: usize, quoted: bool, locale: Locale) -> String {
    let row = format::count(row as u64, locale);
    match (locale, quoted) {
        (Locale::Vi, true) => format!("Tệp kết thúc giữa một ô trong ngoặc kép (từ dòng {row}): tệp có thể bị cắt mất phần cuối. Hãy kiểm tra lại tệp gốc."),
        (Locale::Vi, false) => format!("Dòng cuối (dòng {row}) có ít ô hơn dòng trên và không có dấu xuống dòng sau nó: tệp có thể bị cắt mất phần cuối. Hãy kiểm tra lại tệp gốc."),
        (Locale::En, true) => format!("The file ends inside a quoted cell (from line {row}): it may have been cut off. Check the original file."),
        (Locale::En, false) => format!("The last line (line {row}) has fewer cells than the line above and no line break after it: the file may have been cut off. Check the original file."),
    }
}

/// A jump in the STT column (`WarningKind::NumberingGap`).
pub fn numbering_gap(before: &str, after: &str, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!("STT nhảy từ {before} lên {after}: có thể thiếu dòng ở giữa (tệp hỏng, hoặc dòng bị xóa hay bị ẩn). Hãy đối chiếu với tệp gốc."),
        Locale::En => format!("The numbering jumps from {before} to {after}: rows may be missing in between (a damaged file, or rows deleted or hidden). Compare with the original file."),
    }
}

pub fn crashed_without_detail(locale: Locale) -> String {
    match locale {
        Locale::Vi => "Không đọc được tệp: bộ đọc bảng tính bị lỗi và dừng đột ngột trên tệp này (tệp hỏng, hoặc cần quá nhiều bộ nhớ). Bảng đang mở không bị thay đổi.".into(),
        Locale::En => "Cannot read the file: the spreadsheet reader stopped abruptly on it (the file is damaged, or needs too much memory). The open plan is unchanged.".into(),
    }
}

/// The messages of the import errors this file owns.
pub fn error(error: &ImportError, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    let n = |v: u64| format::count(v, locale);
    let mb = |bytes: u64| format::count(bytes.div_ceil(1024 * 1024), locale);
    match error {
        ImportError::ReaderTimedOut if vi => "Không đọc được tệp: đọc quá lâu (quá 5 phút) nên đã dừng. Bảng đang mở không bị thay đổi.".into(),
        ImportError::ReaderTimedOut => "Cannot read the file: reading took too long (over 5 minutes) and was stopped. The open plan is unchanged.".into(),
        ImportError::Cancelled if vi => "Đã hủy mở tệp. Bảng đang mở không bị thay đổi.".into(),
        ImportError::Cancelled => "Opening the file was cancelled. The open plan is unchanged.".into(),
        ImportError::Superseded if vi => "Đã bỏ lần mở tệp này vì một tệp khác được mở sau nó.".into(),
        ImportError::Superseded => "This load was dropped because another file was opened after it.".into(),
        ImportError::PlannerDestroyed if vi => "Bảng chỉ tiêu đã bị gỡ (destroy) trong lúc đọc tệp; tệp không được mở.".into(),
        ImportError::PlannerDestroyed => "The planner was destroyed while the file was being read; it was not opened.".into(),
        ImportError::TooManyColumns { columns, limit } if vi => format!("Bảng có quá nhiều cột ({} cột); giới hạn là {} cột.", n(*columns as u64), n(*limit as u64)),
        ImportError::TooManyColumns { columns, limit } => format!("The sheet has too many columns ({} columns); the limit is {}.", n(*columns as u64), n(*limit as u64)),
        ImportError::RowTooFar { row, limit } if vi => format!("Có ô ở dòng {} — quá xa; chỉ đọc được đến dòng {}. Hãy xóa ô đó hoặc chép bảng sang trang tính mới.", n(*row), n(*limit as u64)),
        ImportError::RowTooFar { row, limit } => format!("A cell sits at row {}, too far down; rows are read up to {}. Delete that cell or copy the table to a new sheet.", n(*row), n(*limit as u64)),
        ImportError::ZipTooLarge { bytes, limit } if vi => format!("Tệp bảng tính khi giải nén cần hơn {} MB (giới hạn {} MB): có thể là tệp “bom nén” hoặc bảng quá lớn để đọc trong trình duyệt.", mb(*bytes), mb(*limit)),
        ImportError::ZipTooLarge { bytes, limit } => format!("The workbook would inflate to more than {} MB (the limit is {} MB): a zip bomb, or a table too large to read in the browser.", mb(*bytes), mb(*limit)),
        ImportError::ZipTooManyEntries { entries, limit } if vi => format!("Tệp bảng tính có quá nhiều phần bên trong ({} phần; giới hạn {}).", n(*entries as u64), n(*limit as u64)),
        ImportError::ZipTooManyEntries { entries, limit } => format!("The workbook has too many parts inside ({}; the limit is {}).", n(*entries as u64), n(*limit as u64)),
        ImportError::GridTooLarge { bytes, limit } if vi => format!("Bảng quá lớn để đọc trong bộ nhớ của trình duyệt (cần hơn {} MB; giới hạn {} MB).", mb(*bytes), mb(*limit)),
        ImportError::GridTooLarge { bytes, limit } => format!("The table is too large to read in the browser's memory (over {} MB; the limit is {} MB).", mb(*bytes), mb(*limit)),
        ImportError::CellTooLong { cell, chars, limit } if vi => format!("Ô {cell} chứa quá nhiều chữ ({} ký tự; giới hạn {}).", n(*chars as u64), n(*limit as u64)),
        ImportError::CellTooLong { cell, chars, limit } => format!("Cell {cell} holds too much text ({} characters; the limit is {}).", n(*chars as u64), n(*limit as u64)),
        ImportError::ReaderUnavailable(why) if vi => format!("Không tải được bộ đọc bảng tính ({why}). Hãy kiểm tra kết nối mạng rồi tải lại trang; bảng đang mở không bị thay đổi."),
        ImportError::ReaderUnavailable(why) => format!("The spreadsheet reader could not be loaded ({why}). Check the network connection and reload the page; the open plan is unchanged."),
        other => super::import_error(other, locale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_that_could_not_load_says_why_and_that_the_plan_is_kept() {
        let error = ImportError::ReaderUnavailable("404 quota-planner-reader.wasm".into());
        let vi = error.message(Locale::Vi);
        assert!(vi.contains("bộ đọc bảng tính") && vi.contains("404 quota-planner-reader.wasm"));
        assert!(vi.contains("không bị thay đổi"));
        let en = error.message(Locale::En);
        assert!(en.contains("could not be loaded") && en.contains("unchanged"));
    }
}
