//! Opening an appendix: bytes → grid of cells → plan, with a report of what
//! was inferred and every problem found.
//!
//! Readers: xlsx/xlsm/xlsb/xls/ods through calamine (from bytes in memory,
//! formula cells give their cached values), csv/tsv/txt and pasted cells as
//! delimited text with the encoding and delimiter detected. The format is
//! told by the content first and the file name second.
//!
//! The readers of files are behind the `reader` feature: the import
//! worker's module has them, the page's does not (it reads only its own
//! sample and sends every file to the worker, `ui::isolate`).

mod decode;
mod header;
mod hierarchy;
mod layout;
mod mapping;
#[cfg(feature = "reader")]
mod merges;
mod numbering;
mod progress;
mod roles;
pub mod wire;
#[cfg(feature = "reader")]
mod workbook;

use serde::{Deserialize, Serialize};

use super::error::ImportError;
use super::plan::Plan;
use super::warning::Warning;

pub use decode::TextEncoding;
pub use layout::{
    plan_from_grid, plan_from_sheet, plan_from_sheet_with, Cell, ColumnRole, Merge, Sheet,
};
pub use mapping::{role_choices, ColumnLayout, Corrections, Layout, RowLevel};
pub use progress::{Progress, Stage};

/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// Memory the cells of one sheet may take while read (each non-empty
/// cell's slot in the grid plus its text). The import runs in a worker
/// whose wasm memory can grow to 4 GiB; the rows, the plan and the reply
/// need the rest. A 1,000,000-unit appendix of 5 columns takes about
/// 250 MB.
pub const MAX_GRID_BYTES: u64 = 1024 * 1024 * 1024;
/// Most non-empty cells read from one sheet: what fits in
/// `MAX_GRID_BYTES` at one grid slot each.
pub const MAX_CELLS: usize = (MAX_GRID_BYTES / std::mem::size_of::<Cell>() as u64) as usize;
/// Most rows read from one sheet (Excel's own limit).
pub const MAX_ROWS: usize = 1_048_576;
/// Most columns used in one sheet. An appendix has a few dozen; more is a
/// stray cell far to the right, or not an appendix, and each column costs
/// the layout panel a row of controls.
pub const MAX_COLUMNS: usize = 1_024;
/// Most characters in one cell (Excel's own limit is 32,767).
pub const MAX_CELL_CHARS: usize = 32_767;

/// Counts what a sheet being read costs, and refuses it as soon as it
/// passes a limit, before more memory is spent.
#[derive(Default)]
pub(crate) struct Budget {
    cells: usize,
    bytes: u64,
}

impl Budget {
    /// One non-empty cell at (0-based) `row`, `col`.
    pub(crate) fn take(&mut self, row: usize, col: usize, cell: &Cell) -> Result<(), ImportError> {
        if row >= MAX_ROWS {
            return Err(ImportError::RowTooFar {
                row: row as u64 + 1,
                limit: MAX_ROWS,
            });
        }
        if col >= MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                columns: col + 1,
                limit: MAX_COLUMNS,
            });
        }
        let text = match cell {
            Cell::Text(text) => text.len(),
            _ => 0,
        };
        if text > MAX_CELL_CHARS {
            let chars = match cell {
                Cell::Text(text) => text.chars().count(),
                _ => 0,
            };
            if chars > MAX_CELL_CHARS {
                return Err(ImportError::CellTooLong {
                    cell: format!("{}{}", layout::column_letter(col), row + 1),
                    chars,
                    limit: MAX_CELL_CHARS,
                });
            }
        }
        self.cells += 1;
        self.bytes += (std::mem::size_of::<Cell>() + text) as u64;
        if self.cells > MAX_CELLS {
            return Err(ImportError::TooManyCells {
                cells: self.cells,
                limit: MAX_CELLS,
            });
        }
        if self.bytes > MAX_GRID_BYTES {
            return Err(ImportError::GridTooLarge {
                bytes: self.bytes,
                limit: MAX_GRID_BYTES,
            });
        }
        Ok(())
    }

    #[cfg(feature = "reader")]
    pub(crate) fn cells(&self) -> usize {
        self.cells
    }
}

/// What the importer inferred, for the column-mapping panel and the JS API
/// (which gets it as `core::view::ReportView`). Serialised whole (the
/// import worker's reply).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub file_name: String,
    /// "xlsx", "xls", "ods", "csv", "tsv", "txt", "paste"; text formats add
    /// the encoding ("csv/windows-1258").
    pub format: String,
    pub sheet: Option<String>,
    /// Every sheet of the workbook (one entry for text files).
    pub sheets: Vec<String>,
    /// 1-based rows of the header.
    pub header_rows: Vec<usize>,
    /// Role → column letter, in column order. Roles: `code`, `name`,
    /// `base`, `target`, `percent`, `daily`, `result`, `eligible`,
    /// `excluded:<key>`, and `unknown:<header text>` for columns not used.
    pub columns: Vec<(String, String)>,
    pub units: usize,
    pub levels: usize,
    /// Text of the rows above the header (title, "Ban hành kèm theo …").
    pub title_rows: Vec<String>,
    /// The "(Ban hành kèm theo Kế hoạch số …)" line, when there is one.
    pub reference: Option<String>,
    /// The plan-wide percentage the file set: one value on every row of its
    /// percentage column, or written in the target's header ("Chỉ tiêu
    /// 90%"). `None` when the file set none (the plan's default stays).
    pub default_percent: Option<crate::core::percent::Percent>,
    /// How the hierarchy was found: "code", "name", "sum" or "flat".
    pub hierarchy: String,
    /// 1-based source row of each unit, in plan order (to show where an
    /// allocation warning about a unit comes from).
    pub unit_rows: Vec<usize>,
    pub warnings: Vec<Warning>,
    /// What was inferred, as the column-mapping panel shows it and
    /// `Corrections` change it: header rows, every column's role, every
    /// row's level.
    pub layout: Layout,
}

/// A plan read from a file, with its report.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Imported {
    pub plan: Plan,
    pub report: ImportReport,
}

/// The built-in sample: the Sóc Trăng appendix (plan 490/KH-CAT, 09/05/2025).
pub const SAMPLE_CSV: &[u8] = include_bytes!("../../../assets/soc-trang-2025.csv");
pub const SAMPLE_FILE_NAME: &str = "soc-trang-2025.csv";
pub const SAMPLE_TITLE: &str =
    "Phụ lục chỉ tiêu Tỉnh Sóc Trăng (Kế hoạch 490/KH-CAT ngày 09/05/2025)";
/// The title block the published Sóc Trăng appendix prints above its table
/// (seed 002); the sample CSV holds the table only.
pub const SAMPLE_TITLE_BLOCK: [&str; 3] = [
    "PHỤ LỤC",
    "CHỈ TIÊU TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ MỨC 2 THAM GIA GÓP Ý DỰ THẢO SỬA ĐỔI, BỔ SUNG HIẾN PHÁP NĂM 2013 TRÊN ỨNG DỤNG VNEID",
    "(Ban hành kèm theo Kế hoạch số 490/KH-CAT ngày 09/5/2025 của Công an tỉnh Sóc Trăng)",
];

/// Opens the built-in sample: read as `import` reads a UTF-8 CSV, without
/// the file readers (the page's module has none).
pub fn sample() -> Result<Imported, ImportError> {
    let text =
        std::str::from_utf8(SAMPLE_CSV).map_err(|e| ImportError::Unreadable(e.to_string()))?;
    let mut progress = Progress::none();
    let (format, sheets) = text_sheets(
        &decode::composed(text),
        SAMPLE_FILE_NAME,
        "csv",
        TextEncoding::Utf8,
        &mut progress,
    )?;
    let mut imported = within_limit(plan_from_sheets(
        &format,
        &sheets,
        SAMPLE_FILE_NAME,
        None,
        &mut progress,
    )?)?;
    imported.plan.title = SAMPLE_TITLE.to_string();
    imported.plan.title_block = SAMPLE_TITLE_BLOCK.map(String::from).to_vec();
    Ok(imported)
}

#[cfg(feature = "reader")]
/// Imports a file from its bytes; in a workbook, the sheet that holds the
/// appendix (the one with the most unit rows) is picked.
pub fn import(bytes: &[u8], file_name: &str) -> Result<Imported, ImportError> {
    import_sheet(bytes, file_name, None)
}

#[cfg(feature = "reader")]
/// Imports a file, reading the named sheet (or picking one when `None`).
pub fn import_sheet(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
) -> Result<Imported, ImportError> {
    import_sheet_with(bytes, file_name, sheet, &mut Progress::none())
}

#[cfg(feature = "reader")]
fn import_sheet_with(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    progress: &mut Progress,
) -> Result<Imported, ImportError> {
    within_limit(read_sheet_with(bytes, file_name, sheet, progress)?)
}

/// The last checks of every import: a plan whose counts add up past
/// 2^53 − 1 is refused whole (its totals could not be shown or saved
/// exactly); jumps in the STT column are reported where they are.
fn within_limit(mut imported: Imported) -> Result<Imported, ImportError> {
    if let Some(kind) = imported.plan.sum_beyond_limit() {
        return Err(ImportError::SumTooLarge(kind));
    }
    let gaps = numbering::gaps(&imported.plan, &imported.report.unit_rows);
    imported.report.warnings.extend(gaps);
    Ok(imported)
}

#[cfg(feature = "reader")]
fn read_sheet_with(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    progress: &mut Progress,
) -> Result<Imported, ImportError> {
    let (format, sheets) = read_sheets(bytes, file_name, progress)?;
    plan_from_sheets(&format, &sheets, file_name, sheet, progress)
}

/// The plan from the sheets read from a file: the named sheet, else the
/// best one (`pick_sheet`).
fn plan_from_sheets(
    format: &str,
    sheets: &[Sheet],
    file_name: &str,
    sheet: Option<&str>,
    progress: &mut Progress,
) -> Result<Imported, ImportError> {
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let mut chosen = if let Some(wanted) = sheet {
        let found = sheets
            .iter()
            .find(|s| s.name == wanted)
            .ok_or_else(|| ImportError::NoSuchSheet(wanted.to_string()))?;
        layout::plan_from_sheet_progress(
            found,
            file_name,
            format,
            &Corrections::default(),
            progress,
        )?
    } else {
        pick_sheet(sheets, file_name, format, progress)?
    };
    if is_text_format(format) {
        chosen.report.sheet = None;
    } else {
        chosen.report.sheets = names;
    }
    Ok(chosen)
}

#[cfg(feature = "reader")]
/// Imports the same file again with a planner's corrections (the
/// column-mapping panel): pinned header rows, column roles and row levels
/// are used as given, everything else is inferred as by `import_sheet`.
/// With `sheet` `None`, the sheet `import` picks is corrected (the first
/// sheet when inference finds none). No corrections give `import_sheet`'s
/// result.
pub fn reimport(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    corrections: &Corrections,
) -> Result<Imported, ImportError> {
    reimport_with(bytes, file_name, sheet, corrections, &mut Progress::none())
}

#[cfg(feature = "reader")]
fn reimport_with(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    corrections: &Corrections,
    progress: &mut Progress,
) -> Result<Imported, ImportError> {
    if corrections.is_empty() {
        return import_sheet_with(bytes, file_name, sheet, progress);
    }
    let (format, sheets) = read_sheets(bytes, file_name, progress)?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let found = match sheet {
        Some(wanted) => sheets
            .iter()
            .find(|s| s.name == wanted)
            .ok_or_else(|| ImportError::NoSuchSheet(wanted.to_string()))?,
        None if sheets.len() == 1 => sheets.first().ok_or(ImportError::Empty)?,
        None => {
            let picked = pick_sheet(&sheets, file_name, &format, &mut Progress::none())
                .ok()
                .and_then(|i| i.report.sheet);
            picked
                .and_then(|name| sheets.iter().find(|s| s.name == name))
                .or_else(|| sheets.first())
                .ok_or(ImportError::Empty)?
        }
    };
    let mut imported =
        layout::plan_from_sheet_progress(found, file_name, &format, corrections, progress)?;
    if is_text_format(&format) {
        imported.report.sheet = None;
    } else {
        imported.report.sheets = names;
    }
    within_limit(imported)
}

/// What the import worker is asked to read (with the bytes beside it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub source: RequestSource,
    /// The planner's layout corrections (empty: infer everything).
    pub corrections: Corrections,
}

/// A file (its name, and a sheet or `None` to pick one) or pasted cells
/// (the bytes are their UTF-8 text).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RequestSource {
    File { name: String, sheet: Option<String> },
    Paste,
}

/// What the import worker is asked to do with the bytes it is sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Task {
    /// A whole import (the reply: `wire::encode`).
    Import(Request),
    /// Every sheet of the file `name` as cells, for a campaign report the
    /// page matches itself (the reply: `wire::encode_sheets`).
    Sheets { name: String },
}

/// The import worker's whole job: does `task` on `bytes` and returns the
/// reply's bytes (`wire`).
#[cfg(feature = "reader")]
pub fn answer(bytes: &[u8], task: &Task, progress: &mut Progress) -> Vec<u8> {
    match task {
        Task::Import(request) => wire::encode(&run(bytes, request, progress)),
        Task::Sheets { name } => wire::encode_sheets(&read_grids(bytes, name)),
    }
}

#[cfg(feature = "reader")]
/// Runs one whole import as asked (the import worker's job, or the page's
/// where no worker can run), telling `progress` how far it is.
pub fn run(
    bytes: &[u8],
    request: &Request,
    progress: &mut Progress,
) -> Result<Imported, ImportError> {
    match &request.source {
        RequestSource::File { name, sheet } => reimport_with(
            bytes,
            name,
            sheet.as_deref(),
            &request.corrections,
            progress,
        ),
        RequestSource::Paste => {
            let text =
                std::str::from_utf8(bytes).map_err(|e| ImportError::Unreadable(e.to_string()))?;
            repaste_with(text, &request.corrections, progress)
        }
    }
}

/// Imports pasted cells again with a planner's corrections (see
/// `reimport`).
pub fn repaste(text: &str, corrections: &Corrections) -> Result<Imported, ImportError> {
    repaste_with(text, corrections, &mut Progress::none())
}

fn repaste_with(
    text: &str,
    corrections: &Corrections,
    progress: &mut Progress,
) -> Result<Imported, ImportError> {
    let sheet = paste_sheet(text, progress)?;
    let mut imported =
        layout::plan_from_sheet_progress(&sheet, "paste", "paste", corrections, progress)?;
    imported.report.sheet = None;
    Ok(imported)
}

fn is_text_format(format: &str) -> bool {
    ["csv", "tsv", "txt", "paste"]
        .iter()
        .any(|kind| format.starts_with(kind))
}

#[cfg(feature = "reader")]
/// Names of the sheets of a workbook (one name, the file's, for text).
pub fn sheet_names(bytes: &[u8], file_name: &str) -> Result<Vec<String>, ImportError> {
    let (_, sheets) = read_sheets(bytes, file_name, &mut Progress::none())?;
    Ok(sheets.into_iter().map(|s| s.name).collect())
}

#[cfg(feature = "reader")]
/// Every sheet of a file as rows of cells, as the importer reads them
/// (campaign reports are matched from these by `core::progress`).
pub fn read_grids(bytes: &[u8], file_name: &str) -> Result<Vec<Sheet>, ImportError> {
    read_sheets(bytes, file_name, &mut Progress::none()).map(|(_, sheets)| sheets)
}

/// Pasted cells (tabs, semicolons or commas) as rows of cells.
pub fn paste_grid(text: &str) -> Result<Vec<Vec<Cell>>, ImportError> {
    paste_sheet(text, &mut Progress::none()).map(|sheet| sheet.grid)
}

/// Pasted cells as a sheet, with a warning when the text seems cut off.
fn paste_sheet(text: &str, progress: &mut Progress) -> Result<Sheet, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    if text.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            bytes: text.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let delimiter = decode::sniff_delimiter(text);
    let (grid, warnings) = decode::parse_delimited(text, delimiter, progress)?;
    let mut sheet = Sheet::from_grid("paste", grid);
    sheet.warnings = warnings;
    Ok(sheet)
}

/// Imports cells pasted from Excel or LibreOffice (tab-separated text;
/// semicolons and commas are accepted too).
pub fn paste(text: &str) -> Result<Imported, ImportError> {
    repaste(text, &Corrections::default())
}

/// The best sheet: the one whose layout gives the most units; errors of
/// the first sheet are returned when none works.
fn pick_sheet(
    sheets: &[Sheet],
    file_name: &str,
    format: &str,
    progress: &mut Progress,
) -> Result<Imported, ImportError> {
    let mut best: Option<Imported> = None;
    let mut first_error = None;
    let none = Corrections::default();
    for sheet in sheets {
        match layout::plan_from_sheet_progress(sheet, file_name, format, &none, progress) {
            Ok(imported) => {
                let better = best
                    .as_ref()
                    .is_none_or(|b| imported.report.units > b.report.units);
                if better {
                    best = Some(imported);
                }
            }
            Err(error) => {
                if first_error.is_none() {
                    first_error = Some(error);
                }
            }
        }
    }
    match best {
        Some(imported) => Ok(imported),
        None => Err(first_error.unwrap_or(ImportError::NoHeader)),
    }
}

#[cfg(feature = "reader")]
/// Kinds of content told by the first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    Zip,
    Cfb,
    Text,
}

#[cfg(feature = "reader")]
fn sniff_container(bytes: &[u8]) -> Container {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Container::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Container::Cfb
    } else {
        Container::Text
    }
}

#[cfg(feature = "reader")]
fn extension(file_name: &str) -> String {
    file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

#[cfg(feature = "reader")]
/// Reads every sheet of a file; returns the format label and the sheets.
fn read_sheets(
    bytes: &[u8],
    file_name: &str,
    progress: &mut Progress,
) -> Result<(String, Vec<Sheet>), ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let ext = extension(file_name);
    match sniff_container(bytes) {
        Container::Zip => workbook::read_zip(bytes, &ext, progress),
        Container::Cfb => workbook::read_cfb(bytes),
        Container::Text => {
            if matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods") {
                // A real workbook starts with a zip or CFB signature; an
                // old "xls" that is really HTML or text is read as text
                // below only when it looks like a table.
                if bytes.starts_with(b"%PDF") || bytes.iter().take(512).any(|b| *b == 0) {
                    return Err(ImportError::NotSpreadsheet(file_name.to_string()));
                }
            }
            read_text(bytes, file_name, &ext, progress)
        }
    }
}

#[cfg(feature = "reader")]
fn read_text(
    bytes: &[u8],
    file_name: &str,
    ext: &str,
    progress: &mut Progress,
) -> Result<(String, Vec<Sheet>), ImportError> {
    let (text, encoding) = decode::decode_text(bytes);
    text_sheets(&text, file_name, ext, encoding, progress)
}

/// A text file's one sheet, from its decoded text; returns the format
/// label (with the encoding when not UTF-8) and the sheet.
fn text_sheets(
    text: &str,
    file_name: &str,
    ext: &str,
    encoding: TextEncoding,
    progress: &mut Progress,
) -> Result<(String, Vec<Sheet>), ImportError> {
    if decode::looks_binary(text) {
        return Err(ImportError::NotSpreadsheet(file_name.to_string()));
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let delimiter = decode::sniff_delimiter(text);
    let (grid, warnings) = decode::parse_delimited(text, delimiter, progress)?;
    let kind = match ext {
        "tsv" | "txt" | "csv" => ext,
        _ if delimiter == b'\t' => "tsv",
        _ => "csv",
    };
    let format = match encoding {
        TextEncoding::Utf8 => kind.to_string(),
        other => format!("{kind}/{}", other.label()),
    };
    let name = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
        .to_string();
    let mut sheet = Sheet::from_grid(&name, grid);
    sheet.warnings = warnings;
    Ok((format, vec![sheet]))
}
