//! Every user-facing string, Vietnamese first, English second. Components
//! and errors take their words from here and nowhere else.

pub mod api;
pub mod embed;
mod explain;
pub mod export;
pub mod import_progress;
pub mod offline;
pub mod planfile;

pub use explain::{
    close, explain_action, explain_heading, explanation_lines, menu_label, moved_by_locks_hint,
    no_match, sample_note,
};
pub mod progress;
pub mod schedule;

use crate::core::error::{ImportError, PlanError};
use crate::core::format;
use crate::core::import::{role_choices, ColumnRole};
use crate::core::percent::Percent;
use crate::core::plan::ExclusionCategory;
use crate::core::warning::WarningKind;

/// UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    Vi,
    En,
}

impl Locale {
    pub fn from_key(key: &str) -> Option<Locale> {
        match key {
            "vi" => Some(Locale::Vi),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }
}

/// Fixed UI texts of one language.
pub struct Texts {
    pub app_title: &'static str,
    pub default_percent_label: &'static str,
    pub rounding_label: &'static str,
    pub col_code: &'static str,
    pub col_name: &'static str,
    pub col_base: &'static str,
    pub col_excluded: &'static str,
    pub col_eligible: &'static str,
    pub col_percent: &'static str,
    pub col_target: &'static str,
    pub col_official: &'static str,
    pub col_daily: &'static str,
    pub col_effective: &'static str,
    pub col_difference: &'static str,
    pub totals_label: &'static str,
    pub units_label: &'static str,
    pub expand: &'static str,
    pub collapse: &'static str,
    pub table_label: &'static str,
    pub undo: &'static str,
    pub redo: &'static str,
    pub difference_hint: &'static str,
    pub warnings_label: &'static str,
    pub rounding_names: [&'static str; 4],
    pub open_file: &'static str,
    pub sheet_label: &'static str,
    pub drop_hint: &'static str,
    pub dismiss: &'static str,
    pub pasted_cells: &'static str,
    pub search_label: &'static str,
    pub outline_label: &'static str,
    pub show_to_level: &'static str,
    pub show_all: &'static str,
    pub columns_label: &'static str,
    pub effective_label: &'static str,
    pub edit_cell: &'static str,
    /// The switch to the other language, written in that language.
    pub other_language: &'static str,
    pub level_percents_label: &'static str,
    pub resize_column: &'static str,
    pub mapping_label: &'static str,
    pub header_rows_label: &'static str,
    pub columns_caption: &'static str,
    pub rows_caption: &'static str,
    pub not_a_unit: &'static str,
    pub row_number_label: &'static str,
    pub row_level_generic: &'static str,
}

const VI: Texts = Texts {
    app_title: "Lập chỉ tiêu",
    default_percent_label: "Tỷ lệ chung (%)",
    rounding_label: "Cách làm tròn",
    col_code: "STT",
    col_name: "Đơn vị",
    col_base: "Số lượng",
    col_excluded: "Loại trừ",
    col_eligible: "Đủ điều kiện",
    col_percent: "Tỷ lệ",
    col_target: "Chỉ tiêu",
    col_official: "Chỉ tiêu trong tệp",
    col_daily: "Chỉ tiêu/ngày",
    col_effective: "Tỷ lệ thực tế",
    col_difference: "Chênh lệch cấp dưới",
    totals_label: "Tổng cộng",
    units_label: "đơn vị",
    expand: "Mở rộng",
    collapse: "Thu gọn",
    table_label: "Bảng chỉ tiêu",
    undo: "Hoàn tác",
    redo: "Làm lại",
    difference_hint: "Tổng chỉ tiêu các đơn vị cấp dưới trừ chỉ tiêu của đơn vị này",
    warnings_label: "Cảnh báo",
    rounding_names: [
        "Làm tròn từng dòng",
        "Phần dư lớn nhất (Hamilton)",
        "Sainte-Laguë (Webster)",
        "Cộng từ cấp dưới",
    ],
    open_file: "Mở tệp…",
    sheet_label: "Trang tính",
    drop_hint: "Thả tệp bảng tính vào đây để mở",
    dismiss: "Đóng thông báo",
    pasted_cells: "dữ liệu dán",
    search_label: "Tìm đơn vị",
    outline_label: "Hiện đến cấp",
    show_to_level: "Hiện đến cấp",
    show_all: "Tất cả",
    columns_label: "Cột hiển thị",
    effective_label: "Tỷ lệ thực tế:",
    edit_cell: "Sửa ô",
    other_language: "English",
    level_percents_label: "Tỷ lệ theo cấp",
    resize_column: "Kéo để đổi độ rộng cột",
    mapping_label: "Bố cục tệp đã nhận diện (sửa nếu sai)",
    header_rows_label: "Dòng tiêu đề",
    columns_caption: "Vai trò của từng cột",
    rows_caption: "Cấp của từng dòng",
    not_a_unit: "Không phải đơn vị",
    row_number_label: "Sửa cấp của dòng số",
    row_level_generic: "Cấp của dòng đó",
};

const EN: Texts = Texts {
    app_title: "Quota Planner",
    default_percent_label: "Plan-wide percentage (%)",
    rounding_label: "Rounding",
    col_code: "No.",
    col_name: "Unit",
    col_base: "Base",
    col_excluded: "Excluded",
    col_eligible: "Eligible",
    col_percent: "Percent",
    col_target: "Target",
    col_official: "Target in file",
    col_daily: "Per day",
    col_effective: "Effective rate",
    col_difference: "Children's difference",
    totals_label: "Total",
    units_label: "units",
    expand: "Expand",
    collapse: "Collapse",
    table_label: "Quota table",
    undo: "Undo",
    redo: "Redo",
    difference_hint: "Sum of the children's targets minus this unit's target",
    warnings_label: "Warnings",
    rounding_names: [
        "Per row",
        "Largest remainder (Hamilton)",
        "Sainte-Laguë (Webster)",
        "Sum of children",
    ],
    open_file: "Open file…",
    sheet_label: "Sheet",
    drop_hint: "Drop a spreadsheet here to open it",
    dismiss: "Dismiss",
    pasted_cells: "pasted cells",
    search_label: "Find unit",
    outline_label: "Show to level",
    show_to_level: "Show to level",
    show_all: "All",
    columns_label: "Columns",
    effective_label: "Effective rate:",
    edit_cell: "Edit cell",
    other_language: "Tiếng Việt",
    level_percents_label: "Percent by level",
    resize_column: "Drag to resize column",
    mapping_label: "Detected file layout (correct it if wrong)",
    header_rows_label: "Header rows",
    columns_caption: "Role of each column",
    rows_caption: "Level of each row",
    not_a_unit: "Not a unit",
    row_number_label: "Correct the level of row number",
    row_level_generic: "Level of that row",
};

pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::Vi => &VI,
        Locale::En => &EN,
    }
}

fn pct(hundredths: u64, locale: Locale) -> String {
    match Percent::from_hundredths(hundredths) {
        Ok(p) => format::percent(p, locale),
        Err(_) => format!("{},{:02}%", hundredths / 100, hundredths % 100),
    }
}

/// A level's field label: "Cấp 2 (vd. Huyện Châu Thành) %", levels from 1.
pub fn level_label(level: u8, example: &str, locale: Locale) -> String {
    let n = u32::from(level) + 1;
    match locale {
        Locale::Vi => format!("Cấp {n} (vd. {example}) %"),
        Locale::En => format!("Level {n} (e.g. {example}) %"),
    }
}

/// "Cấp 1" … for the layout panel (levels from 1).
pub fn level_name(level: u8, locale: Locale) -> String {
    let n = u32::from(level) + 1;
    match locale {
        Locale::Vi => format!("Cấp {n}"),
        Locale::En => format!("Level {n}"),
    }
}

/// Accessible name of a column's role choice.
pub fn column_role_label(letter: &str, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!("Vai trò cột {letter}"),
        Locale::En => format!("Role of column {letter}"),
    }
}

/// Accessible name of a row's level choice.
pub fn row_level_label(row: usize, locale: Locale) -> String {
    match locale {
        Locale::Vi => format!("Cấp của dòng {row}"),
        Locale::En => format!("Level of row {row}"),
    }
}

/// Under the listed rows of the layout panel.
pub fn more_rows(count: usize, locale: Locale) -> String {
    let n = format::count(count as u64, locale);
    match locale {
        Locale::Vi => format!("Còn {n} dòng nữa không liệt kê ở đây."),
        Locale::En => format!("{n} more rows are not listed here."),
    }
}

/// After a file or a paste opened: what came in.
/// The notice after a file opens: what was read (units, levels, the
/// columns used and those not used), the plan-wide percentage the file set,
/// and the warnings counted.
pub fn opened(
    file_name: &str,
    report: &crate::core::import::ImportReport,
    warnings: usize,
    locale: Locale,
) -> String {
    let vi = locale == Locale::Vi;
    let (n, levels, w) = (
        format::count(report.units as u64, locale),
        report.levels,
        format::count(warnings as u64, locale),
    );
    let mut used = Vec::new();
    let mut unused = Vec::new();
    for column in &report.layout.columns {
        let role = column.role.as_ref();
        let read = matches!(role, Some(r) if !r.is_unknown() && !matches!(r, ColumnRole::Result | ColumnRole::Eligible));
        if read {
            used.push(format!("{} ({})", column_role(role, locale), column.letter));
        } else if !column.header.is_empty() {
            unused.push(format!("{} ({})", column.header, column.letter));
        }
    }
    let mut text = if vi {
        format!(
            "Đã mở “{file_name}”: {n} đơn vị, {levels} cấp. Cột dùng: {}.",
            used.join(", ")
        )
    } else {
        format!(
            "Opened “{file_name}”: {n} units, {levels} levels. Columns used: {}.",
            used.join(", ")
        )
    };
    if !unused.is_empty() {
        text.push_str(&if vi {
            format!(" Cột không dùng: {}.", unused.join(", "))
        } else {
            format!(" Columns not used: {}.", unused.join(", "))
        });
    }
    if let Some(p) = report.default_percent {
        let p = format::percent(p, locale);
        text.push_str(&if vi {
            format!(" Tỷ lệ chung của kế hoạch lấy từ tệp: {p}.")
        } else {
            format!(" The plan-wide percentage comes from the file: {p}.")
        });
    }
    text.push_str(&if vi {
        format!(" {w} cảnh báo.")
    } else {
        format!(" {w} warnings.")
    });
    text
}

/// The notice's action when the file needs a decision (a column of numbers
/// not understood).
pub fn review_layout(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "Xem và chọn trong “Bố cục tệp đã nhận diện”",
        Locale::En => "Review under “Detected file layout”",
    }
}

/// The empty choice of a column that waits for the planner's decision.
pub fn decision_choose(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "— Chọn vai trò —",
        Locale::En => "— Choose a role —",
    }
}

/// A column of the layout panel that waits for the planner's decision.
pub fn decision_pending(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => "Cần chọn: cột có số nhưng chưa rõ là gì",
        Locale::En => "Decide: a column of numbers not understood",
    }
}

pub fn plan_error(error: &PlanError, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    match error {
        PlanError::PercentOutOfRange(h) => {
            if vi {
                format!("Tỷ lệ phải từ 0% đến 100% (đã nhập {}).", pct(*h, locale))
            } else {
                format!(
                    "The percentage must be between 0% and 100% (got {}).",
                    pct(*h, locale)
                )
            }
        }
        PlanError::PercentOutside(t) => api::percent_outside(t, locale),
        PlanError::CountTooLarge(t) => api::count_too_large(t, locale),
        PlanError::SumTooLarge(kind) => api::sum_too_large(*kind, api::SumRefused::Edit, locale),
        PlanError::PercentTooPrecise(t) => {
            if vi {
                format!("Tỷ lệ chỉ được có tối đa hai chữ số thập phân (đã nhập “{t}”).")
            } else {
                format!("A percentage may have at most two decimals (got “{t}”).")
            }
        }
        PlanError::PercentNotANumber(t) => {
            if vi {
                format!("“{t}” không phải là một tỷ lệ phần trăm.")
            } else {
                format!("“{t}” is not a percentage.")
            }
        }
        PlanError::CountNotANumber(t) => {
            if vi {
                format!("“{t}” không phải là số nguyên không âm.")
            } else {
                format!("“{t}” is not a whole number ≥ 0.")
            }
        }
        PlanError::UnknownUnit(id) => {
            if vi {
                format!("Không có đơn vị mã “{id}” trong kế hoạch.")
            } else {
                format!("The plan has no unit with id “{id}”.")
            }
        }
        PlanError::UnknownLevel(level) => {
            if vi {
                format!("Kế hoạch không có cấp {level}.")
            } else {
                format!("The plan has no level {level}.")
            }
        }
        PlanError::UnknownRounding(name) => {
            if vi {
                format!("Không có cách làm tròn “{name}” (dùng per-row, largest-remainder, sainte-lague hoặc sum-of-children).")
            } else {
                format!("Unknown rounding “{name}” (use per-row, largest-remainder, sainte-lague or sum-of-children).")
            }
        }
        PlanError::BadDate(t) => {
            if vi {
                format!("Ngày “{t}” không đúng dạng YYYY-MM-DD.")
            } else {
                format!("Date “{t}” is not YYYY-MM-DD.")
            }
        }
        PlanError::ReadOnlyCell => {
            if vi {
                "Ô này không nhập được (số của đơn vị cấp trên là tổng cấp dưới).".to_string()
            } else {
                "This cell takes no input (a parent's count is its children's sum).".to_string()
            }
        }
        PlanError::EmptyName => {
            if vi {
                "Tên đơn vị không được để trống.".to_string()
            } else {
                "A unit name cannot be empty.".to_string()
            }
        }
        PlanError::Destroyed => {
            api::state_error(crate::core::boundary::StateError::Destroyed, locale)
        }
        PlanError::Schedule(e) => schedule::error(e, locale),
        PlanError::TargetAboveEligible { target, eligible } => {
            if vi {
                format!(
                    "Chỉ tiêu {} lớn hơn số đủ điều kiện {}.",
                    format::count(*target, locale),
                    format::count(*eligible, locale)
                )
            } else {
                format!(
                    "Target {} is above the eligible count {}.",
                    format::count(*target, locale),
                    format::count(*eligible, locale)
                )
            }
        }
    }
}

pub fn import_error(error: &ImportError, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    match error {
        ImportError::Empty => {
            if vi {
                "Tệp rỗng, không có dữ liệu.".into()
            } else {
                "The file is empty.".into()
            }
        }
        ImportError::TooLarge { bytes, limit } => {
            if vi {
                format!(
                    "Tệp quá lớn ({} byte); giới hạn là {} byte.",
                    format::count(*bytes as u64, locale),
                    format::count(*limit as u64, locale)
                )
            } else {
                format!(
                    "The file is too large ({} bytes); the limit is {} bytes.",
                    format::count(*bytes as u64, locale),
                    format::count(*limit as u64, locale)
                )
            }
        }
        ImportError::TooManyCells { cells, limit } => {
            if vi {
                format!(
                    "Bảng quá lớn ({} ô); giới hạn là {} ô.",
                    format::count(*cells as u64, locale),
                    format::count(*limit as u64, locale)
                )
            } else {
                format!(
                    "The sheet is too large ({} cells); the limit is {} cells.",
                    format::count(*cells as u64, locale),
                    format::count(*limit as u64, locale)
                )
            }
        }
        ImportError::UnsupportedFormat(name) => {
            if vi {
                format!("Không đọc được “{name}”: chỉ nhận tệp xlsx, xlsm, xls, ods, csv, tsv hoặc txt.")
            } else {
                format!("Cannot read “{name}”: only xlsx, xlsm, xls, ods, csv, tsv or txt files are accepted.")
            }
        }
        ImportError::Unreadable(detail) => {
            if vi {
                format!("Tệp bị hỏng hoặc không phải bảng tính ({detail}).")
            } else {
                format!("The file is damaged or not a spreadsheet ({detail}).")
            }
        }
        ImportError::Encrypted => {
            if vi {
                "Tệp có mật khẩu bảo vệ; hãy bỏ mật khẩu rồi mở lại.".into()
            } else {
                "The file is password-protected; remove the password and open it again.".into()
            }
        }
        ImportError::NoHeader => {
            if vi {
                "Không tìm thấy dòng tiêu đề có cột tên đơn vị và cột số lượng.".into()
            } else {
                "No header row with a unit-name column and a count column was found.".into()
            }
        }
        ImportError::NoUnits => {
            if vi {
                "Không có dòng đơn vị nào có số liệu dưới dòng tiêu đề.".into()
            } else {
                "No unit rows with numbers were found under the header.".into()
            }
        }
        ImportError::ReaderCrashed(detail) if detail.trim().is_empty() => {
            import_progress::crashed_without_detail(locale)
        }
        ImportError::ReaderTimedOut
        | ImportError::Cancelled
        | ImportError::Superseded
        | ImportError::PlannerDestroyed
        | ImportError::TooManyColumns { .. }
        | ImportError::RowTooFar { .. }
        | ImportError::ZipTooLarge { .. }
        | ImportError::ZipTooManyEntries { .. }
        | ImportError::GridTooLarge { .. }
        | ImportError::CellTooLong { .. }
        | ImportError::ReaderUnavailable(_) => import_progress::error(error, locale),
        ImportError::SumTooLarge(kind) => api::sum_too_large(*kind, api::SumRefused::File, locale),
        ImportError::ReaderCrashed(detail) => {
            if vi {
                format!("Không đọc được tệp: bộ đọc bảng tính bị lỗi trên tệp này (tệp hỏng hoặc quá lớn: {detail}). Bảng đang mở không bị thay đổi.")
            } else {
                format!("Cannot read the file: the spreadsheet reader failed on it (damaged or too large: {detail}). The open plan is unchanged.")
            }
        }
        ImportError::NoSuchSheet(name) => {
            if vi {
                format!("Không có trang tính “{name}”.")
            } else {
                format!("There is no sheet “{name}”.")
            }
        }
        ImportError::NotSpreadsheet(name) => {
            if vi {
                format!("“{name}” không phải là bảng tính hay bảng dữ liệu (có thể là PDF, ảnh hoặc văn bản đổi tên).")
            } else {
                format!("“{name}” is not a spreadsheet or a table (it may be a PDF, an image or a renamed document).")
            }
        }
    }
}

pub fn warning(kind: &WarningKind, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    let n = |v: u64| format::count(v, locale);
    match kind {
        WarningKind::Schedule(flag) => schedule::flag(flag, locale),
        WarningKind::Progress(flag) => progress::flag(flag, locale),
        WarningKind::CutOff { row, quoted } => import_progress::cut_off(*row, *quoted, locale),
        WarningKind::NumberingGap { before, after } => {
            import_progress::numbering_gap(before, after, locale)
        }
        WarningKind::ParentBaseMismatch { declared, children } => {
            if vi {
                format!("Số lượng ghi trong tệp là {} nhưng tổng các đơn vị cấp dưới là {}; dùng tổng cấp dưới.", n(*declared), n(*children))
            } else {
                format!(
                    "The file gives {} but the children add up to {}; the children's sum is used.",
                    n(*declared),
                    n(*children)
                )
            }
        }
        WarningKind::ExclusionsExceedBase { base, excluded } => {
            if vi {
                format!(
                    "Số loại trừ {} lớn hơn số lượng {}; số đủ điều kiện lấy bằng 0.",
                    n(*excluded),
                    n(*base)
                )
            } else {
                format!(
                    "Exclusions {} exceed the base {}; eligible is taken as 0.",
                    n(*excluded),
                    n(*base)
                )
            }
        }
        WarningKind::MissingBase => {
            if vi {
                "Ô số lượng để trống: đơn vị này được tính là 0 cho đến khi nhập số lượng trong bảng.".to_string()
            } else {
                "The base cell is empty: this unit counts as 0 until its base is entered in the table.".to_string()
            }
        }
        WarningKind::NegativeCount { text } => {
            if vi {
                format!("Số âm “{text}” được lấy bằng 0.")
            } else {
                format!("Negative number “{text}” taken as 0.")
            }
        }
        WarningKind::TargetAboveBase { target, base } => {
            if vi {
                format!(
                    "Chỉ tiêu trong tệp {} lớn hơn số lượng {}.",
                    n(*target),
                    n(*base)
                )
            } else {
                format!(
                    "The file's target {} is above the base {}.",
                    n(*target),
                    n(*base)
                )
            }
        }
        WarningKind::DuplicateName { name } => {
            if vi {
                format!("Tên “{name}” bị trùng trong cùng đơn vị cấp trên.")
            } else {
                format!("The name “{name}” appears twice under one parent.")
            }
        }
        WarningKind::NotANumber { cell, text } => {
            if vi {
                format!("Ô {cell} ghi “{text}”, không phải là số: ô này không được dùng (không lấy bằng 0); hãy sửa trong bảng.")
            } else {
                format!("Cell {cell} holds “{text}”, which is not a number: it is not used (not read as 0); correct it in the table.")
            }
        }
        WarningKind::UnknownColumn { column, header } => {
            let header = if header.is_empty() {
                String::new()
            } else {
                format!(" “{header}”")
            };
            if vi {
                format!("Cột {column}{header} có số nhưng chưa rõ là gì nên chưa được dùng; hãy chọn vai trò của cột trong “Bố cục tệp đã nhận diện”.")
            } else {
                format!("Column {column}{header} holds numbers but was not understood, so it is not used; choose its role under “Detected file layout”.")
            }
        }
        WarningKind::Unplaced { text } => {
            if vi {
                format!("Không xác định được cấp của dòng “{text}”.")
            } else {
                format!("Could not place row “{text}” in the hierarchy.")
            }
        }
        WarningKind::LockAboveEligible { target, eligible } => {
            if vi {
                format!(
                    "Chỉ tiêu đã khóa {} lớn hơn số đủ điều kiện {}.",
                    n(*target),
                    n(*eligible)
                )
            } else {
                format!(
                    "Locked target {} is above the eligible count {}.",
                    n(*target),
                    n(*eligible)
                )
            }
        }
        WarningKind::LocksExceedParent { locked, parent } => {
            if vi {
                format!(
                    "Các đơn vị cấp dưới đã khóa cần {} nhưng chỉ tiêu đơn vị này là {}.",
                    n(*locked),
                    n(*parent)
                )
            } else {
                format!(
                    "Locked children need {} but this unit's target is {}.",
                    n(*locked),
                    n(*parent)
                )
            }
        }
        WarningKind::LocksShortOfParent { room, parent } => {
            if vi {
                format!(
                    "Các đơn vị cấp dưới (đã khóa hoặc đã đủ số đủ điều kiện) chỉ nhận được {} nhưng chỉ tiêu đơn vị này là {}.",
                    n(*room),
                    n(*parent)
                )
            } else {
                format!(
                    "The children (locked or at their eligible count) can hold only {} but this unit's target is {}.",
                    n(*room),
                    n(*parent)
                )
            }
        }
    }
}

/// Name of an exclusion category, as a column of the appendix gives it.
pub fn exclusion_category(category: ExclusionCategory, locale: Locale) -> &'static str {
    let vi = locale == Locale::Vi;
    match category {
        ExclusionCategory::Died => {
            if vi {
                "Chết"
            } else {
                "Died"
            }
        }
        ExclusionCategory::MilitaryService => {
            if vi {
                "Nghĩa vụ quân sự"
            } else {
                "Military service"
            }
        }
        ExclusionCategory::Prison => {
            if vi {
                "Đang chấp hành án"
            } else {
                "In prison"
            }
        }
        ExclusionCategory::Abroad => {
            if vi {
                "Ở nước ngoài"
            } else {
                "Abroad"
            }
        }
        ExclusionCategory::NoPhone => {
            if vi {
                "Không sử dụng điện thoại"
            } else {
                "No phone"
            }
        }
        ExclusionCategory::ExpiredId => {
            if vi {
                "CCCD hết hạn"
            } else {
                "Expired ID card"
            }
        }
        ExclusionCategory::PhoneChangePending => {
            if vi {
                "Chờ thay đổi số điện thoại"
            } else {
                "Phone number change pending"
            }
        }
        ExclusionCategory::Other => {
            if vi {
                "Khác"
            } else {
                "Other"
            }
        }
    }
}

/// Label of a column role in the column-mapping panel; `None` (or an
/// unknown role) is a column not used.
pub fn column_role(role: Option<&ColumnRole>, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    let pick = |v: &str, e: &str| if vi { v.to_string() } else { e.to_string() };
    match role {
        None | Some(ColumnRole::Unknown(_)) => pick("Không dùng", "Not used"),
        Some(ColumnRole::Code) => pick("STT", "No. (code)"),
        Some(ColumnRole::Name) => pick("Tên đơn vị", "Unit name"),
        Some(ColumnRole::Base) => pick("Số lượng", "Base count"),
        Some(ColumnRole::Target) => pick("Chỉ tiêu trong tệp", "Target in file"),
        Some(ColumnRole::Percent) => pick("Tỷ lệ (%)", "Percentage"),
        Some(ColumnRole::Daily) => pick("Chỉ tiêu mỗi ngày", "Daily target"),
        Some(ColumnRole::Result) => pick("Kết quả", "Result"),
        Some(ColumnRole::Eligible) => pick("Số đủ điều kiện", "Eligible count"),
        Some(ColumnRole::Excluded(category)) => {
            let name = exclusion_category(*category, locale);
            if vi {
                format!("Loại trừ: {name}")
            } else {
                format!("Excluded: {name}")
            }
        }
    }
}

/// The column-mapping panel's role choices as (key, label): first the
/// empty key, "not used", then every role (`ColumnRole::from_key` reads
/// the keys back).
pub fn column_role_choices(locale: Locale) -> Vec<(String, String)> {
    let mut choices = vec![(String::new(), column_role(None, locale))];
    choices.extend(
        role_choices()
            .into_iter()
            .map(|role| (role.key(), column_role(Some(&role), locale))),
    );
    choices
}
