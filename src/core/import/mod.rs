//! Opening an appendix: bytes → grid of cells → plan, with a report of what
//! was inferred and every problem found.

mod layout;

use serde::Serialize;

use super::error::ImportError;
use super::plan::Plan;
use super::warning::Warning;

pub use layout::{plan_from_grid, Cell};

/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// Largest sheet accepted (rows × columns).
pub const MAX_CELLS: usize = 1_000_000;

/// What the importer inferred, for the column-mapping panel and the JS API.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportReport {
    #[serde(rename = "fileName")]
    pub file_name: String,
    pub format: String,
    pub sheet: Option<String>,
    /// 1-based rows of the header.
    #[serde(rename = "headerRows")]
    pub header_rows: Vec<usize>,
    /// Role → column letter, in column order.
    #[serde(serialize_with = "serialize_columns")]
    pub columns: Vec<(String, String)>,
    pub units: usize,
    pub levels: usize,
    #[serde(skip)]
    pub warnings: Vec<Warning>,
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

/// Opens the built-in sample.
pub fn sample() -> Result<Imported, ImportError> {
    let mut imported = import(SAMPLE_CSV, SAMPLE_FILE_NAME)?;
    imported.plan.title = SAMPLE_TITLE.to_string();
    Ok(imported)
}

/// Imports a file from its bytes; the name's extension picks the reader.
pub fn import(bytes: &[u8], file_name: &str) -> Result<Imported, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "tsv" | "txt" => {
            let grid = read_delimited(bytes)?;
            plan_from_grid(&grid, file_name, &extension, None)
        }
        _ => Err(ImportError::UnsupportedFormat(file_name.to_string())),
    }
}

/// UTF-8 CSV with the delimiter sniffed from the first lines.
fn read_delimited(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, ImportError> {
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let head: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| head.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    let mut cells = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Unreadable(e.to_string()))?;
        cells += record.len();
        if cells > MAX_CELLS {
            return Err(ImportError::TooManyCells {
                cells,
                limit: MAX_CELLS,
            });
        }
        grid.push(record.iter().map(|s| Cell::Text(s.to_string())).collect());
    }
    Ok(grid)
}
