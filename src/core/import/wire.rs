//! The import worker's reply, as bytes: a whole import's result (the plan
//! and its report, or why the file was refused) in postcard's compact
//! binary form, so it crosses from the worker to the page as one
//! transferred buffer instead of a tree of JS objects built and copied.

use super::mapping::{Layout, RowLevel};
use super::{ImportReport, Imported, Sheet};
use crate::core::error::ImportError;
use crate::core::plan::{TreeIndex, Unit};

/// Units per slice of the reply: the page decodes one slice per task, so
/// that no task of a 100,000- or 1,000,000-unit reply blocks the page for
/// long (a whole 100,041-unit reply took 175–420 ms in one task).
pub const SLICE_UNITS: usize = 10_000;

/// The first slices are smaller (`FIRST_SLICES`, then `SLICE_UNITS`): a
/// page decodes its first reply with code the engine has not optimised
/// yet, and the first 10,000 units took ~100 ms of one task there. The
/// engine optimises the decoder between the small slices.
pub const FIRST_SLICES: [usize; 4] = [500, 1_000, 2_000, 5_000];

/// How many units the `k`th slice of the units holds (from 0).
pub fn slice_units(k: usize) -> usize {
    FIRST_SLICES.get(k).copied().unwrap_or(SLICE_UNITS)
}

/// The units cut into the reply's slices (see `slice_units`).
fn unit_slices(units: &[Unit]) -> impl Iterator<Item = &[Unit]> {
    let mut rest = units;
    (0..).map_while(move |k| {
        if rest.is_empty() {
            return None;
        }
        let (slice, after) = rest.split_at(slice_units(k).min(rest.len()));
        rest = after;
        Some(slice)
    })
}

/// Entries per slice of the report's per-row lists (a unit's source row,
/// a row's level): numbers, far cheaper to decode than units. In the head
/// a million of each took 120–150 ms of one task on the page.
pub const SLICE_ROWS: usize = 100_000;

/// How many of each per-unit or per-row item follow the head.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Counts {
    units: u64,
    unit_rows: u64,
    layout_rows: u64,
}

/// The report without its per-row lists (`unit_rows`, `layout.rows`),
/// which follow the units in slices.
fn report_head(report: &ImportReport) -> ImportReport {
    ImportReport {
        file_name: report.file_name.clone(),
        format: report.format.clone(),
        sheet: report.sheet.clone(),
        sheets: report.sheets.clone(),
        header_rows: report.header_rows.clone(),
        columns: report.columns.clone(),
        units: report.units,
        levels: report.levels,
        title_rows: report.title_rows.clone(),
        reference: report.reference.clone(),
        default_percent: report.default_percent,
        hierarchy: report.hierarchy.clone(),
        unit_rows: Vec::new(),
        warnings: report.warnings.clone(),
        layout: Layout {
            header_rows: report.layout.header_rows.clone(),
            columns: report.layout.columns.clone(),
            rows: Vec::new(),
        },
    }
}

/// The reply for one import: a head (the result without the plan's units
/// and the report's per-row lists, and how many of each follow), then the
/// units in slices (`slice_units`), then the report's `unit_rows` and
/// `layout.rows` in slices of `SLICE_ROWS`, each part prefixed by its
/// length (u32, little-endian).
pub fn encode(result: &Result<Imported, ImportError>) -> Vec<u8> {
    let head = result.as_ref().map(|imported| {
        let head = Imported {
            plan: imported.plan.without_units(),
            report: report_head(&imported.report),
        };
        let counts = Counts {
            units: imported.plan.units.len() as u64,
            unit_rows: imported.report.unit_rows.len() as u64,
            layout_rows: imported.report.layout.rows.len() as u64,
        };
        (head, counts)
    });
    let mut out = Vec::new();
    let written = push_part(&mut out, &head).and_then(|()| match result {
        Ok(imported) => {
            let report = &imported.report;
            unit_slices(&imported.plan.units).try_for_each(|slice| push_part(&mut out, &slice))?;
            report
                .unit_rows
                .chunks(SLICE_ROWS)
                .try_for_each(|slice| push_part(&mut out, &slice))?;
            report
                .layout
                .rows
                .chunks(SLICE_ROWS)
                .try_for_each(|slice| push_part(&mut out, &slice))
        }
        Err(_) => Ok(()),
    });
    match written {
        Ok(()) => out,
        // Only a serializer error (none is expected for these types);
        // say so rather than send nothing.
        Err(e) => {
            let refused = Err::<(Imported, Counts), _>(ImportError::Unreadable(e));
            let mut out = Vec::new();
            let _ = push_part(&mut out, &refused);
            out
        }
    }
}

/// Appends one length-prefixed postcard part.
fn push_part<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), String> {
    let bytes = postcard::to_allocvec(value).map_err(|e| e.to_string())?;
    let len = u32::try_from(bytes.len()).map_err(|e| e.to_string())?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&bytes);
    Ok(())
}

/// A reply read back a part at a time (see `encode`): the page copies
/// each part out of the worker's buffer as it decodes it, so the whole
/// reply is never held in its memory.
pub struct Decoder {
    imported: Imported,
    counts: Counts,
    /// The plan's tree index, added to as each slice of units arrives.
    index: TreeIndex,
}

/// A reply that does not decode is a refusal that says so, never a plan.
fn damaged(why: impl std::fmt::Display) -> ImportError {
    ImportError::ReaderCrashed(format!("reply: {why}"))
}

/// Where the part whose 4-byte length prefix `len` starts at `at` lies in
/// a reply of `total` bytes; `at` moves past it.
pub fn part_range(
    len: [u8; 4],
    at: &mut usize,
    total: usize,
) -> Result<std::ops::Range<usize>, ImportError> {
    let start = at
        .checked_add(4)
        .filter(|&start| start <= total)
        .ok_or_else(|| damaged("truncated"))?;
    let end = usize::try_from(u32::from_le_bytes(len))
        .ok()
        .and_then(|len| start.checked_add(len))
        .filter(|&end| end <= total)
        .ok_or_else(|| damaged("truncated"))?;
    *at = end;
    Ok(start..end)
}

/// The next part of `bytes` at `at` (its bytes, without the prefix).
fn next_part<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a [u8], ImportError> {
    let len = bytes
        .get(*at..)
        .and_then(|rest| rest.first_chunk::<4>())
        .ok_or_else(|| damaged("truncated"))?;
    let range = part_range(*len, at, bytes.len())?;
    Ok(&bytes[range])
}

fn decode_part<T: serde::de::DeserializeOwned>(part: &[u8]) -> Result<T, ImportError> {
    postcard::from_bytes(part).map_err(damaged)
}

/// Appends a slice of `want` items to `to`: a slice is never empty and
/// never goes past the count the head announced.
fn extend<T: serde::de::DeserializeOwned>(
    to: &mut Vec<T>,
    want: usize,
    part: &[u8],
) -> Result<(), ImportError> {
    let slice: Vec<T> = decode_part(part)?;
    if slice.is_empty() || to.len() + slice.len() > want {
        return Err(damaged("count"));
    }
    if to.is_empty() {
        to.reserve_exact(want);
    }
    to.extend(slice);
    Ok(())
}

fn count(n: u64) -> Result<usize, ImportError> {
    usize::try_from(n).map_err(damaged)
}

impl Decoder {
    /// Reads the head part: the importer's refusal, or what the plan's
    /// units and the report's rows will be added to.
    pub fn new(head: &[u8]) -> Result<Decoder, ImportError> {
        let head: Result<(Imported, Counts), ImportError> = decode_part(head)?;
        let (mut imported, counts) = head?;
        // The plan's units' room now, in the head's task (at a million units
        // the memory this takes grows the page's heap by ~200 MB), rather
        // than in the first slice's.
        let units = count(counts.units)?;
        if imported.plan.units.try_reserve_exact(units).is_err() {
            return Err(damaged("count"));
        }
        Ok(Decoder {
            imported,
            counts,
            index: TreeIndex::default(),
        })
    }

    /// Decodes the next part (units, then the report's source rows, then
    /// its row levels); true once every one announced is read.
    pub fn take(&mut self, part: &[u8]) -> Result<bool, ImportError> {
        let units = count(self.counts.units)?;
        let unit_rows = count(self.counts.unit_rows)?;
        let layout_rows = count(self.counts.layout_rows)?;
        let report = &mut self.imported.report;
        let plan = &mut self.imported.plan;
        if plan.units.len() < units {
            let first = plan.units.len();
            extend::<Unit>(&mut plan.units, units, part)?;
            self.index.add(plan.units.get(first..).unwrap_or_default());
        } else if report.unit_rows.len() < unit_rows {
            extend::<usize>(&mut report.unit_rows, unit_rows, part)?;
        } else if report.layout.rows.len() < layout_rows {
            extend::<RowLevel>(&mut report.layout.rows, layout_rows, part)?;
        } else {
            return Err(damaged("trailing part"));
        }
        Ok(self.complete())
    }

    /// Whether every part announced has been read (a reply with no unit
    /// and no row is complete after its head).
    pub fn complete(&self) -> bool {
        let report = &self.imported.report;
        self.imported.plan.units.len() as u64 == self.counts.units
            && report.unit_rows.len() as u64 == self.counts.unit_rows
            && report.layout.rows.len() as u64 == self.counts.layout_rows
    }

    /// The whole result, once `take` said every part is read.
    pub fn finish(mut self) -> Result<Imported, ImportError> {
        if !self.complete() {
            return Err(damaged("count"));
        }
        self.imported.plan.reindex_with(self.index);
        Ok(self.imported)
    }
}

/// The reply for `Task::Sheets`: every sheet's cells (a campaign report,
/// matched on the page), or why the file was refused; one part.
pub fn encode_sheets(result: &Result<Vec<Sheet>, ImportError>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(e) = push_part(&mut out, result) {
        out.clear();
        let _ = push_part(&mut out, &Err::<Vec<Sheet>, _>(ImportError::Unreadable(e)));
    }
    out
}

/// Reads a `Task::Sheets` reply back.
pub fn decode_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let mut at = 0;
    let sheets: Result<Vec<Sheet>, ImportError> = decode_part(next_part(bytes, &mut at)?)?;
    if at != bytes.len() {
        return Err(damaged("trailing bytes"));
    }
    sheets
}

/// Reads a whole reply back at once.
pub fn decode(bytes: &[u8]) -> Result<Imported, ImportError> {
    let mut at = 0;
    let mut decoder = Decoder::new(next_part(bytes, &mut at)?)?;
    while !decoder.complete() {
        decoder.take(next_part(bytes, &mut at)?)?;
    }
    if at != bytes.len() {
        return Err(damaged("trailing bytes"));
    }
    decoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::import;

    #[test]
    fn a_plan_and_a_refusal_cross_intact() {
        let sample = import::sample().unwrap();
        let back = decode(&encode(&Ok(sample.clone()))).unwrap();
        assert_eq!(back.plan, sample.plan);
        assert_eq!(back.report, sample.report);
        assert_eq!(back.plan.children(0), sample.plan.children(0));
        let refused = ImportError::TooManyCells { cells: 5, limit: 4 };
        assert_eq!(decode(&encode(&Err(refused.clone()))).unwrap_err(), refused);
        assert!(matches!(
            decode(&[0xFF, 0xFF, 0xFF]),
            Err(ImportError::ReaderCrashed(_))
        ));
    }

    #[test]
    fn a_large_plan_crosses_part_by_part_and_a_cut_reply_is_refused() {
        let mut imported = import::sample().unwrap();
        imported.plan = crate::core::synthetic::national_plan(2 * SLICE_UNITS + 17);
        imported.report.unit_rows = (1..=SLICE_ROWS + 7).collect();
        imported.report.layout.rows = (0..2 * SLICE_ROWS + 3)
            .map(|row| RowLevel {
                row,
                level: u8::try_from(row % 4).ok().filter(|&l| l < 3),
                text: if row % 4 == 3 {
                    format!("Tổng {row}")
                } else {
                    String::new()
                },
            })
            .collect();
        let units = imported.plan.units.len();
        let reply = encode(&Ok(imported.clone()));
        let mut at = 0;
        let mut decoder = Decoder::new(next_part(&reply, &mut at).unwrap()).unwrap();
        let mut parts = 0;
        while !decoder.take(next_part(&reply, &mut at).unwrap()).unwrap() {
            parts += 1;
        }
        assert_eq!(at, reply.len());
        let first: usize = FIRST_SLICES.iter().sum();
        let slices = FIRST_SLICES.len() + (units - first).div_ceil(SLICE_UNITS);
        assert_eq!(parts + 1, slices + 2 + 3);
        let back = decoder.finish().unwrap();
        assert_eq!(back.plan, imported.plan);
        assert_eq!(back.report, imported.report);
        assert_eq!(back.plan.roots(), imported.plan.roots());
        // Cut anywhere (in the head, between slices, inside one, in the
        // rows): never a shorter plan or report.
        for cut in [3, reply.len() / 3, reply.len() / 2, reply.len() - 1] {
            assert!(matches!(
                decode(&reply[..cut]),
                Err(ImportError::ReaderCrashed(_))
            ));
        }
        // Bytes after the last part are refused too.
        let mut longer = reply;
        longer.extend_from_slice(&[0, 0, 0, 0]);
        assert!(matches!(
            decode(&longer),
            Err(ImportError::ReaderCrashed(_))
        ));
    }

    #[test]
    fn a_part_length_past_the_end_is_refused() {
        let mut at = 0;
        assert!(part_range(5u32.to_le_bytes(), &mut at, 8).is_err());
        assert_eq!(part_range(4u32.to_le_bytes(), &mut at, 8).unwrap(), 4..8);
        assert_eq!(at, 8);
        let mut at = usize::MAX - 2;
        assert!(part_range(0u32.to_le_bytes(), &mut at, usize::MAX).is_err());
    }

    #[test]
    fn the_sample_read_without_the_file_readers_is_the_file_import() {
        // The page's module reads its sample without `import`'s readers.
        let sample = import::sample().unwrap();
        let file = import::import(import::SAMPLE_CSV, import::SAMPLE_FILE_NAME).unwrap();
        assert_eq!(sample.plan.units, file.plan.units);
        assert_eq!(sample.report, file.report);
    }

    #[test]
    fn sheets_cross_intact_and_a_refusal_stays_one() {
        let sheet = Sheet {
            name: "Báo cáo".to_string(),
            grid: vec![
                vec![import::Cell::Text("Tổ 1".into()), import::Cell::Number(4.5)],
                vec![import::Cell::Empty],
            ],
            merges: vec![import::Merge {
                first_row: 0,
                first_col: 0,
                last_row: 0,
                last_col: 1,
            }],
            warnings: Vec::new(),
        };
        let reply = encode_sheets(&Ok(vec![sheet.clone()]));
        assert_eq!(decode_sheets(&reply).unwrap(), vec![sheet]);
        assert!(matches!(
            decode_sheets(&reply[..reply.len() - 1]),
            Err(ImportError::ReaderCrashed(_))
        ));
        assert_eq!(
            decode_sheets(&encode_sheets(&Err(ImportError::Empty))),
            Err(ImportError::Empty)
        );
    }
}
