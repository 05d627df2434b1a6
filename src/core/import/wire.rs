//! The import worker's reply, as bytes: a whole import's result (the plan
//! and its report, or why the file was refused) in postcard's compact
//! binary form, so it crosses from the worker to the page as one
//! transferred buffer instead of a tree of JS objects built and copied.

use super::{Imported, Sheet};
use crate::core::error::ImportError;
use crate::core::plan::Unit;

/// Units per slice of the reply: the page decodes one slice per task, so
/// that no task of a 100,000- or 1,000,000-unit reply blocks the page for
/// long (a whole 100,041-unit reply took 175–420 ms in one task).
pub const SLICE_UNITS: usize = 10_000;

/// The reply for one import: a head (the result without the plan's units,
/// and how many units follow), then the units in slices of `SLICE_UNITS`,
/// each part prefixed by its length (u32, little-endian).
pub fn encode(result: &Result<Imported, ImportError>) -> Vec<u8> {
    let head = result.as_ref().map(|imported| {
        let head = Imported {
            plan: imported.plan.without_units(),
            report: imported.report.clone(),
        };
        (head, imported.plan.units.len() as u64)
    });
    let mut out = Vec::new();
    let written = push_part(&mut out, &head).and_then(|()| match result {
        Ok(imported) => imported
            .plan
            .units
            .chunks(SLICE_UNITS)
            .try_for_each(|slice| push_part(&mut out, &slice)),
        Err(_) => Ok(()),
    });
    match written {
        Ok(()) => out,
        // Only a serializer error (none is expected for these types);
        // say so rather than send nothing.
        Err(e) => {
            let refused = Err::<(Imported, u64), _>(ImportError::Unreadable(e));
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

/// A reply read back a slice at a time (see `encode`).
pub struct Decoder {
    bytes: Vec<u8>,
    at: usize,
    imported: Imported,
    expected: usize,
}

/// A reply that does not decode is a refusal that says so, never a plan.
fn damaged(why: impl std::fmt::Display) -> ImportError {
    ImportError::ReaderCrashed(format!("reply: {why}"))
}

impl Decoder {
    /// Reads the head: the importer's refusal, or what the plan's units
    /// will be added to.
    pub fn new(bytes: Vec<u8>) -> Result<Decoder, ImportError> {
        let mut at = 0;
        let head: Result<(Imported, u64), ImportError> = part(&bytes, &mut at)?;
        let (imported, expected) = head?;
        Ok(Decoder {
            bytes,
            at,
            imported,
            expected: usize::try_from(expected).map_err(damaged)?,
        })
    }

    /// Decodes the next slice of units; true once every unit is read.
    pub fn next_slice(&mut self) -> Result<bool, ImportError> {
        let have = self.imported.plan.units.len();
        if have >= self.expected {
            return Ok(true);
        }
        let slice: Vec<Unit> = part(&self.bytes, &mut self.at)?;
        if slice.is_empty() || have + slice.len() > self.expected {
            return Err(damaged("unit count"));
        }
        if self.imported.plan.units.is_empty() {
            self.imported.plan.units.reserve_exact(self.expected);
        }
        self.imported.plan.units.extend(slice);
        Ok(self.imported.plan.units.len() >= self.expected)
    }

    /// The whole result, once `next_slice` said every unit is read.
    pub fn finish(mut self) -> Result<Imported, ImportError> {
        if self.imported.plan.units.len() != self.expected || self.at != self.bytes.len() {
            return Err(damaged("unit count"));
        }
        self.imported.plan.reindex();
        Ok(self.imported)
    }
}

/// The length-prefixed part at `at`; `at` moves past it.
fn part<T: serde::de::DeserializeOwned>(bytes: &[u8], at: &mut usize) -> Result<T, ImportError> {
    let len = bytes
        .get(*at..)
        .and_then(|rest| rest.first_chunk::<4>())
        .map(|len| u32::from_le_bytes(*len))
        .ok_or_else(|| damaged("truncated"))?;
    let start = *at + 4;
    let end = usize::try_from(len)
        .ok()
        .and_then(|len| start.checked_add(len))
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| damaged("truncated"))?;
    *at = end;
    postcard::from_bytes(&bytes[start..end]).map_err(damaged)
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
    let sheets: Result<Vec<Sheet>, ImportError> = part(bytes, &mut at)?;
    if at != bytes.len() {
        return Err(damaged("trailing bytes"));
    }
    sheets
}

/// Reads a whole reply back at once.
pub fn decode(bytes: &[u8]) -> Result<Imported, ImportError> {
    let mut decoder = Decoder::new(bytes.to_vec())?;
    while !decoder.next_slice()? {}
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
    fn a_large_plan_crosses_slice_by_slice_and_a_cut_reply_is_refused() {
        let mut imported = import::sample().unwrap();
        imported.plan = crate::core::synthetic::national_plan(2 * SLICE_UNITS + 17);
        let units = imported.plan.units.len();
        let reply = encode(&Ok(imported.clone()));
        let mut decoder = Decoder::new(reply.clone()).unwrap();
        let mut slices = 1;
        while !decoder.next_slice().unwrap() {
            slices += 1;
        }
        assert_eq!(slices, units.div_ceil(SLICE_UNITS));
        let back = decoder.finish().unwrap();
        assert_eq!(back.plan, imported.plan);
        assert_eq!(back.report, imported.report);
        assert_eq!(back.plan.roots(), imported.plan.roots());
        // Cut anywhere (in the head, between slices, inside one): never a
        // shorter plan.
        for cut in [3, reply.len() / 3, reply.len() / 2, reply.len() - 1] {
            assert!(matches!(
                decode(&reply[..cut]),
                Err(ImportError::ReaderCrashed(_))
            ));
        }
        // Bytes after the last slice are refused too.
        let mut longer = reply;
        longer.extend_from_slice(&[0, 0, 0, 0]);
        assert!(matches!(
            decode(&longer),
            Err(ImportError::ReaderCrashed(_))
        ));
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
