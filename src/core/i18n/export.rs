//! Words of the exports (Excel, CSV, the copied table) and of printing.

use super::Locale;
use crate::core::export::{ExportError, ValueReason};
use crate::core::format;
use crate::core::plan::Rounding;

/// Fixed texts of the export and print actions.
pub struct ExportTexts {
    /// The appendix sheet of the workbook.
    pub sheet_name: &'static str,
    /// The sheet listing the plan's warnings.
    pub warnings_sheet: &'static str,
    pub warning_column: &'static str,
    pub export_xlsx: &'static str,
    pub export_xlsx_hint: &'static str,
    pub export_csv: &'static str,
    pub export_csv_hint: &'static str,
    /// The CSV with semicolons, for Excel with Vietnamese regional settings.
    pub export_csv_semicolon: &'static str,
    pub export_csv_semicolon_hint: &'static str,
    pub copy_table: &'static str,
    pub copy_table_hint: &'static str,
    pub print: &'static str,
    pub print_hint: &'static str,
    /// Above the left signature space.
    pub prepared_by: &'static str,
    /// Above the right signature space.
    pub approved_by: &'static str,
    pub sign_hint: &'static str,
    /// The group of export actions in the toolbar.
    pub actions_label: &'static str,
    pub title_block_label: &'static str,
    pub title_block_hint: &'static str,
}

const VI: ExportTexts = ExportTexts {
    sheet_name: "Phụ lục",
    warnings_sheet: "Cảnh báo",
    warning_column: "Cảnh báo",
    export_xlsx: "Xuất Excel",
    export_xlsx_hint: "Tải phụ lục về dạng tệp Excel (.xlsx) có công thức",
    export_csv: "Xuất CSV",
    export_csv_hint: "Tải phụ lục về dạng tệp CSV (UTF-8), các ô cách nhau bằng dấu phẩy",
    export_csv_semicolon: "Xuất CSV (;)",
    export_csv_semicolon_hint: "Tải tệp CSV với các ô cách nhau bằng dấu chấm phẩy: Excel trên máy cài định dạng Việt Nam (dấu thập phân là dấu phẩy) mở đúng từng cột",
    copy_table: "Chép cả bảng",
    copy_table_hint: "Chép toàn bộ bảng (kèm dòng tiêu đề) để dán vào Excel hoặc Word",
    print: "In",
    print_hint: "In phụ lục (mọi dòng, khổ A4)",
    prepared_by: "NGƯỜI LẬP BIỂU",
    approved_by: "THỦ TRƯỞNG ĐƠN VỊ",
    sign_hint: "(Ký, ghi rõ họ tên)",
    actions_label: "Xuất và in",
    title_block_label: "Tiêu đề phụ lục (mỗi dòng một dòng in)",
    title_block_hint: "Các dòng in phía trên bảng trong tệp Excel và bản in",
};

const EN: ExportTexts = ExportTexts {
    sheet_name: "Appendix",
    warnings_sheet: "Warnings",
    warning_column: "Warning",
    export_xlsx: "Export Excel",
    export_xlsx_hint: "Download the appendix as an Excel workbook (.xlsx) with formulas",
    export_csv: "Export CSV",
    export_csv_hint: "Download the appendix as a CSV file (UTF-8), cells separated by commas",
    export_csv_semicolon: "Export CSV (;)",
    export_csv_semicolon_hint: "Download a CSV with cells separated by semicolons: Excel with Vietnamese regional settings (a decimal comma) opens it in columns",
    copy_table: "Copy table",
    copy_table_hint: "Copy the whole table (with its header row) to paste into Excel or Word",
    print: "Print",
    print_hint: "Print the appendix (every row, A4)",
    prepared_by: "PREPARED BY",
    approved_by: "HEAD OF UNIT",
    sign_hint: "(Signature and full name)",
    actions_label: "Export and print",
    title_block_label: "Appendix title (one printed line per line)",
    title_block_hint: "The lines printed above the table in the workbook and on paper",
};

pub fn texts(locale: Locale) -> &'static ExportTexts {
    match locale {
        Locale::Vi => &VI,
        Locale::En => &EN,
    }
}

/// The note under the table: how the targets were made and whether every
/// level adds up.
pub fn method_note(rounding: Rounding, adds_up: bool, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    let method = match (rounding, vi) {
        (Rounding::PerRow, true) => {
            return "Ghi chú: Chỉ tiêu của mỗi đơn vị = số đủ điều kiện × tỷ lệ, làm tròn từng dòng (0,5 làm tròn lên); vì mỗi dòng làm tròn riêng, tổng chỉ tiêu các đơn vị cấp dưới có thể chênh lệch với đơn vị cấp trên.".into()
        }
        (Rounding::PerRow, false) => {
            return "Note: each unit's target = eligible × percentage, rounded row by row (halves up); because every row is rounded on its own, the children's targets may differ from their parent's.".into()
        }
        (Rounding::LargestRemainder, true) => "phần dư lớn nhất (Hamilton): chỉ tiêu đơn vị cấp trên được chia cho các đơn vị cấp dưới theo tỷ lệ, phần lẻ dành cho các phần dư lớn nhất",
        (Rounding::LargestRemainder, false) => "largest remainder (Hamilton): each parent's target is split among its children in proportion, the leftover units going to the largest remainders",
        (Rounding::SainteLague, true) => "Sainte-Laguë (Webster): chỉ tiêu đơn vị cấp trên được chia cho các đơn vị cấp dưới theo phương pháp số chia",
        (Rounding::SainteLague, false) => "Sainte-Laguë (Webster): each parent's target is split among its children by the divisor method",
        (Rounding::SumOfChildren, true) => "cộng từ cấp dưới: mỗi đơn vị cấp thấp nhất làm tròn từng dòng, mỗi đơn vị cấp trên là tổng các đơn vị cấp dưới",
        (Rounding::SumOfChildren, false) => "sum of children: the lowest units are rounded row by row, every parent is the sum of its children",
    };
    match (vi, adds_up) {
        (true, true) => format!("Ghi chú: Chỉ tiêu được tính theo phương pháp {method}. Ở mọi cấp, tổng chỉ tiêu các đơn vị cấp dưới bằng đúng chỉ tiêu của đơn vị cấp trên."),
        (true, false) => format!("Ghi chú: Chỉ tiêu được tính theo phương pháp {method}. Do các chỉ tiêu đã khóa, có đơn vị cấp trên không bằng tổng các đơn vị cấp dưới (xem trang Cảnh báo)."),
        (false, true) => format!("Note: targets were computed by {method}. At every level the children's targets add up exactly to their parent's."),
        (false, false) => format!("Note: targets were computed by {method}. Because of locked targets, some parents differ from the sum of their children (see the Warnings sheet)."),
    }
}

/// The note on a locked target cell.
pub fn locked_note(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "Chỉ tiêu nhập tay (đã khóa).",
        Locale::En => "Target typed by hand (locked).",
    }
}

/// The note on a cell written as a number where a formula was expected.
pub fn value_note(reason: ValueReason, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    match reason {
        ValueReason::HalfTie => {
            if vi {
                "Ghi bằng số, không bằng công thức: số đủ điều kiện × tỷ lệ đúng bằng …,5 và phép nhân số thực của bảng tính có thể cho …,4999 (làm tròn xuống); quy tắc làm tròn lên cho số này.".into()
            } else {
                "Written as a number, not a formula: eligible × percentage is exactly …,5 and a spreadsheet's floating-point product may give …,4999 (rounding down); the rule rounds this one up.".into()
            }
        }
        ValueReason::TooManyChildren(children) => {
            let n = format::count(children as u64, locale);
            if vi {
                format!("Ghi bằng số, không bằng công thức: {n} đơn vị cấp dưới, quá dài cho một công thức SUM.")
            } else {
                format!("Written as a number, not a formula: {n} children are too many for one SUM formula.")
            }
        }
        ValueReason::SplitFromLockedParent => {
            if vi {
                "Chia từ chỉ tiêu đã khóa của đơn vị cấp trên (phần dư lớn nhất), nên ghi bằng số."
                    .into()
            } else {
                "Split from a locked parent's target (largest remainder), so written as a number."
                    .into()
            }
        }
        ValueReason::LockAboveEligible => {
            if vi {
                "Chỉ tiêu đã khóa lớn hơn số đủ điều kiện nên được lấy bằng số đủ điều kiện.".into()
            } else {
                "The locked target was above the eligible count, so the eligible count is used."
                    .into()
            }
        }
    }
}

/// Shown in the status line after "copy the whole table".
pub fn copied(rows: usize, locale: Locale) -> String {
    let n = format::count(rows as u64, locale);
    match locale {
        Locale::Vi => format!("Đã chép bảng ({n} dòng, kèm dòng tiêu đề) vào bộ nhớ tạm."),
        Locale::En => format!("Copied the table ({n} rows, with the header row) to the clipboard."),
    }
}

/// The browser refused the clipboard.
pub fn copy_failed(detail: &str, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!("Không chép được vào bộ nhớ tạm ({detail}). Hãy dùng “Xuất CSV”."),
        Locale::En => {
            format!("Could not copy to the clipboard ({detail}). Use “Export CSV” instead.")
        }
    }
}

/// After a download was handed to the browser.
pub fn downloaded(file_name: &str, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!("Đã xuất “{file_name}”."),
        Locale::En => format!("Exported “{file_name}”."),
    }
}

/// "Trang 3 / 12" as the printed page footer writes it (`&P`, `&N` are
/// Excel's page fields).
pub fn page_footer(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "&CTrang &P / &N",
        Locale::En => "&CPage &P of &N",
    }
}

/// The word before a printed page number (CSS counters add the numbers).
pub fn page_word(locale: Locale) -> (&'static str, &'static str) {
    match locale {
        Locale::Vi => ("Trang ", " / "),
        Locale::En => ("Page ", " of "),
    }
}

pub fn export_error(error: &ExportError, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    match error {
        ExportError::Workbook(detail) => {
            if vi {
                format!("Không tạo được tệp Excel ({detail}). Bảng chỉ tiêu không bị thay đổi.")
            } else {
                format!("Could not write the Excel workbook ({detail}). The plan is unchanged.")
            }
        }
        ExportError::TooManyRows { rows, limit } => {
            let (rows, limit) = (
                format::count(*rows as u64, locale),
                format::count(*limit as u64, locale),
            );
            if vi {
                format!("Bảng có {rows} dòng, quá giới hạn {limit} dòng của một trang Excel; hãy xuất CSV.")
            } else {
                format!("The table has {rows} rows, more than an Excel sheet's {limit}; export CSV instead.")
            }
        }
        ExportError::WriterUnavailable => if vi {
            "Chưa tải được bộ ghi tệp Excel (hãy kiểm tra mạng rồi thử lại, hoặc tải lại trang). Bảng chỉ tiêu không bị thay đổi; vẫn xuất được CSV."
        } else {
            "The Excel writer could not be loaded (check the network and try again, or reload the page). The plan is unchanged; CSV export still works."
        }
        .to_string(),
    }
}
