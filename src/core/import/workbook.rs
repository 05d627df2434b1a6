//! Workbooks through calamine, from bytes in memory.

use std::io::Cursor;

use calamine::{
    Data, DataRef, Ods, OdsError, Reader, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError,
};

use super::layout::{Cell, Merge, Sheet};
use super::merges;
use super::progress::{Progress, Stage};
use super::Budget;
use crate::core::error::ImportError;

type Bytes<'a> = Cursor<&'a [u8]>;

/// A zip container: xlsx/xlsm, xlsb or ods.
pub fn read_zip(
    bytes: &[u8],
    ext: &str,
    progress: &mut Progress,
) -> Result<(String, Vec<Sheet>), ImportError> {
    let head = &bytes[..bytes.len().min(200)];
    let is_ods = contains(head, b"application/vnd.oasis.opendocument.spreadsheet");
    if is_ods || ext == "ods" {
        check_zip(bytes)?;
        match read_ods(bytes) {
            Ok(sheets) => return Ok(("ods".into(), sheets)),
            Err(error) if is_ods => return Err(error),
            Err(_) => {}
        }
    }
    if ext == "xlsb" {
        if let Ok(sheets) = read_xlsb(bytes) {
            return Ok(("xlsb".into(), sheets));
        }
    }
    check_zip(bytes)?;
    let label = if ext == "xlsm" { "xlsm" } else { "xlsx" };
    match read_xlsx(bytes, progress) {
        Ok(sheets) => Ok((label.into(), sheets)),
        Err(error) => {
            if ext != "xlsb" {
                if let Ok(sheets) = read_xlsb(bytes) {
                    return Ok(("xlsb".into(), sheets));
                }
            }
            if !is_ods && ext != "ods" {
                if let Ok(sheets) = read_ods(bytes) {
                    return Ok(("ods".into(), sheets));
                }
            }
            Err(error)
        }
    }
}

/// Most parts (zip entries) a workbook may hold; an xlsx has a dozen or
/// two, one more per sheet.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Most bytes a workbook's parts may inflate to, as the zip's directory
/// declares them. The reader streams the sheets' XML, so this bounds time
/// more than memory: about 5 s of reading in the browser; a 1,000,000-unit
/// sheet is about 200 MB.
pub const MAX_INFLATED_BYTES: u64 = 768 * 1024 * 1024;

/// Refuses a zip whose directory declares too many parts or too many
/// bytes once inflated (a zip bomb), before any part is inflated. A
/// directory that cannot be read is left to the spreadsheet reader to
/// report.
fn check_zip(bytes: &[u8]) -> Result<(), ImportError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(ImportError::ZipTooManyEntries {
            entries: archive.len(),
            limit: MAX_ZIP_ENTRIES,
        });
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(index) else {
            continue;
        };
        total = total.saturating_add(part.size());
        if total > MAX_INFLATED_BYTES {
            return Err(ImportError::ZipTooLarge {
                bytes: total,
                limit: MAX_INFLATED_BYTES,
            });
        }
    }
    Ok(())
}

/// A compound file: xls, or an encrypted (password-protected) xlsx.
pub fn read_cfb(bytes: &[u8]) -> Result<(String, Vec<Sheet>), ImportError> {
    let encrypted_package: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if contains(bytes, &encrypted_package) {
        return Err(ImportError::Encrypted);
    }
    if fat_has_cycle(bytes) {
        return Err(ImportError::Unreadable(
            "compound file allocation table loops".into(),
        ));
    }
    let mut book = Xls::new(Padded::new(bytes)).map_err(xls_error)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default()
            .into_iter()
            .map(merge)
            .collect();
        let range = book.worksheet_range(&name).map_err(xls_error)?;
        let mut sheet = sheet_from_range(&name, &range)?;
        sheet.merges = merges;
        sheets.push(sheet);
    }
    Ok(("xls".into(), sheets))
}

/// True when the compound file's allocation table (FAT) has a loop.
/// calamine 0.38 follows chains until their declared length, which for the
/// directory is unbounded: a loop makes it append sectors until memory
/// runs out (found by `cargo fuzz`). A sound FAT has no loop, so such a
/// file is refused before calamine sees it. Anything else odd is left to
/// calamine to report.
fn fat_has_cycle(bytes: &[u8]) -> bool {
    const SPECIAL: u32 = 0xFFFF_FFFA;
    // Read as calamine will through `Padded`: zeros past the end.
    let padded_len = bytes.len() + Padded::PAD as usize;
    let read = |start: usize, len: usize| -> Option<Vec<u8>> {
        let end = start.checked_add(len)?;
        if end > padded_len {
            return None;
        }
        let mut out = vec![0u8; len];
        if start < bytes.len() {
            let have = &bytes[start..end.min(bytes.len())];
            out[..have.len()].copy_from_slice(have);
        }
        Some(out)
    };
    let u16_at = |at: usize| read(at, 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |at: usize| read(at, 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let Some(shift) = u16_at(0x1E) else {
        return false;
    };
    if !(7..=16).contains(&shift) {
        return false;
    }
    let size = 1usize << shift;
    let header = size.max(512);
    let sector = |id: u32| -> Option<Vec<u8>> {
        let start = header.checked_add((id as usize).checked_mul(size)?)?;
        read(start, size)
    };
    // FAT sector ids: 109 in the header, then the DIFAT chain.
    let mut fat_ids: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(0x4C + 4 * i))
        .filter(|id| *id < SPECIAL)
        .collect();
    let mut difat = u32_at(0x44).unwrap_or(u32::MAX);
    let mut guard = 0usize;
    while difat < SPECIAL && guard <= padded_len / size {
        guard += 1;
        let Some(data) = sector(difat) else {
            break;
        };
        let entries: Vec<u32> = data
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let Some((next, ids)) = entries.split_last() else {
            break;
        };
        fat_ids.extend(ids.iter().filter(|id| **id < SPECIAL));
        difat = *next;
    }
    let mut fat: Vec<u32> = Vec::new();
    for id in fat_ids {
        if let Some(data) = sector(id) {
            fat.extend(
                data.chunks_exact(4)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            );
        }
        if fat.len() > padded_len {
            break;
        }
    }
    // Each entry points to one next sector: walk with colours.
    let mut state = vec![0u8; fat.len()]; // 0 new, 1 on the path, 2 done
    for start in 0..fat.len() {
        let mut path = Vec::new();
        let mut id = start;
        while id < fat.len() && state[id] == 0 {
            state[id] = 1;
            path.push(id);
            id = fat[id] as usize;
        }
        if id < fat.len() && state[id] == 1 {
            return true;
        }
        for p in path {
            state[p] = 2;
        }
    }
    false
}

/// The bytes of a compound file followed by zeros that its length does not
/// count. calamine 0.38 (`cfb.rs`, `Sectors::get`) slices `start..len`
/// with `len < start` when a sector id points just past the end of a
/// truncated file, and panics; with a few sectors of zeros readable past
/// the end, such a sector reads as zeros and the damage is reported as an
/// error further on instead.
struct Padded<'a> {
    bytes: &'a [u8],
    pos: u64,
}

impl<'a> Padded<'a> {
    /// Zeros readable past the end: more than the largest sector (4096)
    /// plus the header.
    const PAD: u64 = 16 * 1024;

    fn new(bytes: &'a [u8]) -> Padded<'a> {
        Padded { bytes, pos: 0 }
    }
}

impl std::io::Read for Padded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let len = self.bytes.len() as u64;
        if self.pos >= len + Self::PAD {
            return Ok(0);
        }
        let n = if self.pos < len {
            let from = &self.bytes[self.pos as usize..];
            let n = from.len().min(buf.len());
            buf[..n].copy_from_slice(&from[..n]);
            n
        } else {
            let n = ((len + Self::PAD - self.pos) as usize).min(buf.len());
            buf[..n].fill(0);
            n
        };
        self.pos += n as u64;
        Ok(n)
    }
}

impl std::io::Seek for Padded<'_> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let len = self.bytes.len() as i128;
        let target = match to {
            std::io::SeekFrom::Start(n) => i128::from(n),
            std::io::SeekFrom::End(k) => len + i128::from(k),
            std::io::SeekFrom::Current(k) => i128::from(self.pos) + i128::from(k),
        };
        if target < 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before start",
            ));
        }
        self.pos = u64::try_from(target).unwrap_or(u64::MAX);
        Ok(self.pos)
    }
}

fn read_xlsx(bytes: &[u8], progress: &mut Progress) -> Result<Vec<Sheet>, ImportError> {
    let mut book: Xlsx<Bytes> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let names = book.sheet_names();
    // The merged cells from the end of each sheet's part (merges.rs), where
    // its part is found as calamine finds it: the same sheets in the same
    // order (names with XML escapes are not compared).
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok();
    let parts = archive
        .as_mut()
        .and_then(merges::sheet_parts)
        .filter(|parts| {
            parts.len() == names.len()
                && parts
                    .iter()
                    .zip(&names)
                    .all(|((raw, _), name)| raw.contains('&') || raw == name)
        });
    let mut sheets = Vec::new();
    // Every sheet is held until the best one is picked: one budget.
    let mut budget = Budget::default();
    for (index, name) in names.into_iter().enumerate() {
        let fast = match (&parts, archive.as_mut()) {
            (Some(parts), Some(archive)) => parts
                .get(index)
                .and_then(|(_, path)| merges::merges_of_part(archive, path)),
            _ => None,
        };
        let merges: Vec<Merge> = match fast {
            Some(merges) => merges,
            None => book
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .into_iter()
                .map(merge)
                .collect(),
        };
        let mut grid: Vec<Vec<Cell>> = Vec::new();
        {
            let mut reader = book.worksheet_cells_reader(&name).map_err(xlsx_error)?;
            // Rows as declared: only to say how far reading is.
            let declared = reader.dimensions().end.0 as usize + 1;
            while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
                let value = from_data_ref(cell.get_value());
                if value == Cell::Empty {
                    continue;
                }
                let (row, col) = cell.get_position();
                let (row, col) = (row as usize, col as usize);
                budget.take(row, col, &value)?;
                if budget.cells().is_multiple_of(4096) {
                    progress.report(Stage::Reading, row, declared);
                }
                if grid.len() <= row {
                    grid.resize_with(row + 1, Vec::new);
                }
                let line = &mut grid[row];
                if line.len() <= col {
                    line.resize(col + 1, Cell::Empty);
                }
                line[col] = value;
            }
        }
        sheets.push(Sheet {
            name,
            grid,
            merges,
            warnings: Vec::new(),
        });
    }
    Ok(sheets)
}

fn read_xlsb(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let mut book: Xlsb<Bytes> = Xlsb::new(Cursor::new(bytes)).map_err(xlsb_error)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(xlsb_error)?;
        sheets.push(sheet_from_range(&name, &range)?);
    }
    Ok(sheets)
}

fn read_ods(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let mut book: Ods<Bytes> = Ods::new(Cursor::new(bytes)).map_err(ods_error)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(ods_error)?;
        sheets.push(sheet_from_range(&name, &range)?);
    }
    Ok(sheets)
}

fn sheet_from_range(name: &str, range: &calamine::Range<Data>) -> Result<Sheet, ImportError> {
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    let Some((row0, col0)) = range.start() else {
        return Ok(Sheet::from_grid(name, grid));
    };
    let (row0, col0) = (row0 as usize, col0 as usize);
    // The reader has built the range already: check what it holds
    // before copying it.
    let mut budget = Budget::default();
    for (row, col, value) in range.used_cells() {
        let cell = from_data(value);
        if cell != Cell::Empty {
            budget.take(row0 + row, col0 + col, &cell)?;
        }
    }
    grid.resize_with(row0, Vec::new);
    for row in range.rows() {
        let mut line = vec![Cell::Empty; col0];
        line.extend(row.iter().map(from_data));
        while line.last() == Some(&Cell::Empty) {
            line.pop();
        }
        grid.push(line);
    }
    Ok(Sheet::from_grid(name, grid))
}

fn merge(d: calamine::Dimensions) -> Merge {
    Merge {
        first_row: d.start.0 as usize,
        first_col: d.start.1 as usize,
        last_row: d.end.0 as usize,
        last_col: d.end.1 as usize,
    }
}

fn number(n: f64) -> Cell {
    if n.is_finite() {
        Cell::Number(n)
    } else {
        Cell::Text(n.to_string())
    }
}

fn from_data(data: &Data) -> Cell {
    match data {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => number(*f),
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(d) => Cell::Text(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

fn from_data_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => number(*f),
        DataRef::String(s) if s.trim().is_empty() => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) if s.trim().is_empty() => Cell::Empty,
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        DataRef::DateTime(d) => Cell::Text(d.to_string()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Text(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn xlsx_error(e: XlsxError) -> ImportError {
    match e {
        XlsxError::Password => ImportError::Encrypted,
        other => ImportError::Unreadable(other.to_string()),
    }
}

fn xlsb_error(e: XlsbError) -> ImportError {
    ImportError::Unreadable(e.to_string())
}

fn xls_error(e: XlsError) -> ImportError {
    match e {
        XlsError::Password => ImportError::Encrypted,
        other => ImportError::Unreadable(other.to_string()),
    }
}

fn ods_error(e: OdsError) -> ImportError {
    match e {
        OdsError::Password => ImportError::Encrypted,
        other => ImportError::Unreadable(other.to_string()),
    }
}
