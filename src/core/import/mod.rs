//! Opening an appendix: bytes → grid of cells → plan, with a report of what
//! was inferred and every problem found.
//!
//! Readers: xlsx/xlsm/xlsb/xls/ods through calamine (from bytes in memory,
//! formula cells give their cached values), csv/tsv/txt and pasted cells as
//! delimited text with the encoding and delimiter detected. The format is
//! told by the content first and the file name second.

mod decode;
mod layout;
mod mapping;
mod roles;
mod workbook;

use serde::Serialize;

use super::error::ImportError;
use super::plan::Plan;
use super::warning::Warning;

pub use decode::TextEncoding;
pub use layout::{
    plan_from_grid, plan_from_sheet, plan_from_sheet_with, Cell, ColumnRole, Merge, Sheet,
};
pub use mapping::{role_choices, ColumnLayout, Corrections, Layout, RowLevel};

/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// Largest sheet accepted (rows × columns).
pub const MAX_CELLS: usize = 1_000_000;
/// Most rows read from one sheet.
pub const MAX_ROWS: usize = 1_048_576;

/// What the importer inferred, for the column-mapping panel and the JS API.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportReport {
    #[serde(rename = "fileName")]
    pub file_name: String,
    /// "xlsx", "xls", "ods", "csv", "tsv", "txt", "paste"; text formats add
    /// the encoding ("csv/windows-1258").
    pub format: String,
    pub sheet: Option<String>,
    /// Every sheet of the workbook (one entry for text files).
    pub sheets: Vec<String>,
    /// 1-based rows of the header.
    #[serde(rename = "headerRows")]
    pub header_rows: Vec<usize>,
    /// Role → column letter, in column order. Roles: `code`, `name`,
    /// `base`, `target`, `percent`, `daily`, `result`, `eligible`,
    /// `excluded:<key>`, and `unknown:<header text>` for columns not used.
    #[serde(serialize_with = "serialize_columns")]
    pub columns: Vec<(String, String)>,
    pub units: usize,
    pub levels: usize,
    /// Text of the rows above the header (title, "Ban hành kèm theo …").
    #[serde(rename = "titleRows")]
    pub title_rows: Vec<String>,
    /// The "(Ban hành kèm theo Kế hoạch số …)" line, when there is one.
    pub reference: Option<String>,
    /// The plan-wide percentage the file set: one value on every row of its
    /// percentage column, or written in the target's header ("Chỉ tiêu
    /// 90%"). `None` when the file set none (the plan's default stays).
    #[serde(skip)]
    pub default_percent: Option<crate::core::percent::Percent>,
    /// How the hierarchy was found: "code", "name", "sum" or "flat".
    pub hierarchy: String,
    /// 1-based source row of each unit, in plan order (to show where an
    /// allocation warning about a unit comes from).
    #[serde(rename = "unitRows")]
    pub unit_rows: Vec<usize>,
    #[serde(skip)]
    pub warnings: Vec<Warning>,
    /// What was inferred, as the column-mapping panel shows it and
    /// `Corrections` change it: header rows, every column's role, every
    /// row's level.
    pub layout: Layout,
}

fn serialize_columns<S: serde::Serializer>(
    columns: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(columns.len()))?;
    for (role, letter) in columns {
        map.serialize_entry(role, letter)?;
    }
    map.end()
}

/// A plan read from a file, with its report.
#[derive(Clone, Debug)]
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

/// Opens the built-in sample.
pub fn sample() -> Result<Imported, ImportError> {
    let mut imported = import(SAMPLE_CSV, SAMPLE_FILE_NAME)?;
    imported.plan.title = SAMPLE_TITLE.to_string();
    imported.plan.title_block = SAMPLE_TITLE_BLOCK.map(String::from).to_vec();
    Ok(imported)
}

/// Imports a file from its bytes; in a workbook, the sheet that holds the
/// appendix (the one with the most unit rows) is picked.
pub fn import(bytes: &[u8], file_name: &str) -> Result<Imported, ImportError> {
    import_sheet(bytes, file_name, None)
}

/// Imports a file, reading the named sheet (or picking one when `None`).
pub fn import_sheet(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
) -> Result<Imported, ImportError> {
    let (format, sheets) = read_sheets(bytes, file_name)?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let mut chosen = if let Some(wanted) = sheet {
        let found = sheets
            .iter()
            .find(|s| s.name == wanted)
            .ok_or_else(|| ImportError::NoSuchSheet(wanted.to_string()))?;
        plan_from_sheet(found, file_name, &format)?
    } else {
        pick_sheet(&sheets, file_name, &format)?
    };
    if is_text_format(&format) {
        chosen.report.sheet = None;
    } else {
        chosen.report.sheets = names;
    }
    Ok(chosen)
}

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
    if corrections.is_empty() {
        return import_sheet(bytes, file_name, sheet);
    }
    let (format, sheets) = read_sheets(bytes, file_name)?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let found = match sheet {
        Some(wanted) => sheets
            .iter()
            .find(|s| s.name == wanted)
            .ok_or_else(|| ImportError::NoSuchSheet(wanted.to_string()))?,
        None if sheets.len() == 1 => sheets.first().ok_or(ImportError::Empty)?,
        None => {
            let picked = pick_sheet(&sheets, file_name, &format)
                .ok()
                .and_then(|i| i.report.sheet);
            picked
                .and_then(|name| sheets.iter().find(|s| s.name == name))
                .or_else(|| sheets.first())
                .ok_or(ImportError::Empty)?
        }
    };
    let mut imported = plan_from_sheet_with(found, file_name, &format, corrections)?;
    if is_text_format(&format) {
        imported.report.sheet = None;
    } else {
        imported.report.sheets = names;
    }
    Ok(imported)
}

/// Imports pasted cells again with a planner's corrections (see
/// `reimport`).
pub fn repaste(text: &str, corrections: &Corrections) -> Result<Imported, ImportError> {
    let grid = paste_grid(text)?;
    let sheet = Sheet::from_grid("paste", grid);
    let mut imported = plan_from_sheet_with(&sheet, "paste", "paste", corrections)?;
    imported.report.sheet = None;
    Ok(imported)
}

fn is_text_format(format: &str) -> bool {
    ["csv", "tsv", "txt", "paste"]
        .iter()
        .any(|kind| format.starts_with(kind))
}

/// Names of the sheets of a workbook (one name, the file's, for text).
pub fn sheet_names(bytes: &[u8], file_name: &str) -> Result<Vec<String>, ImportError> {
    let (_, sheets) = read_sheets(bytes, file_name)?;
    Ok(sheets.into_iter().map(|s| s.name).collect())
}

/// Every sheet of a file as rows of cells, as the importer reads them
/// (campaign reports are matched from these by `core::progress`).
pub fn read_grids(bytes: &[u8], file_name: &str) -> Result<Vec<Sheet>, ImportError> {
    read_sheets(bytes, file_name).map(|(_, sheets)| sheets)
}

/// Pasted cells (tabs, semicolons or commas) as rows of cells.
pub fn paste_grid(text: &str) -> Result<Vec<Vec<Cell>>, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    if text.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            bytes: text.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    decode::parse_delimited(text, decode::sniff_delimiter(text))
}

/// Imports cells pasted from Excel or LibreOffice (tab-separated text;
/// semicolons and commas are accepted too).
pub fn paste(text: &str) -> Result<Imported, ImportError> {
    repaste(text, &Corrections::default())
}

/// The best sheet: the one whose layout gives the most units; errors of
/// the first sheet are returned when none works.
fn pick_sheet(sheets: &[Sheet], file_name: &str, format: &str) -> Result<Imported, ImportError> {
    let mut best: Option<Imported> = None;
    let mut first_error = None;
    for sheet in sheets {
        match plan_from_sheet(sheet, file_name, format) {
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

/// Kinds of content told by the first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    Zip,
    Cfb,
    Text,
}

fn sniff_container(bytes: &[u8]) -> Container {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Container::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Container::Cfb
    } else {
        Container::Text
    }
}

fn extension(file_name: &str) -> String {
    file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads every sheet of a file; returns the format label and the sheets.
fn read_sheets(bytes: &[u8], file_name: &str) -> Result<(String, Vec<Sheet>), ImportError> {
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
        Container::Zip => workbook::read_zip(bytes, &ext),
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
            read_text(bytes, file_name, &ext)
        }
    }
}

fn read_text(
    bytes: &[u8],
    file_name: &str,
    ext: &str,
) -> Result<(String, Vec<Sheet>), ImportError> {
    let (text, encoding) = decode::decode_text(bytes);
    if decode::looks_binary(&text) {
        return Err(ImportError::NotSpreadsheet(file_name.to_string()));
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let delimiter = decode::sniff_delimiter(&text);
    let grid = decode::parse_delimited(&text, delimiter)?;
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
    Ok((format, vec![Sheet::from_grid(&name, grid)]))
}
