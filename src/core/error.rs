//! Typed errors of the core, each with a user-facing message from `i18n`.

use std::fmt;

use crate::core::i18n::{self, Locale};

/// What can go wrong when editing or computing a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    /// A percentage above 100% (value in hundredths of a percent).
    PercentOutOfRange(u64),
    /// A percentage below 0 or above 100, as the caller wrote it (a JS
    /// number such as `-1` or `1e+300`).
    PercentOutside(String),
    /// A percentage with more than two decimals.
    PercentTooPrecise(String),
    /// Text or a number that is not a percentage at all.
    PercentNotANumber(String),
    /// A count (base, target, exclusion) that is not a whole number ≥ 0.
    CountNotANumber(String),
    /// A count above 2^53 − 1, as given (not what the caller meant any more
    /// once it is a JavaScript number).
    CountTooLarge(String),
    /// The edit would take a sum of the plan past 2^53 − 1.
    SumTooLarge(crate::core::plan::SumKind),
    /// A unit id that the plan does not have.
    UnknownUnit(String),
    /// A level number the plan does not have.
    UnknownLevel(u32),
    /// A rounding-mode name that is not one of the four.
    UnknownRounding(String),
    /// A date that is not `YYYY-MM-DD`.
    BadDate(String),
    /// A typed target above the unit's eligible count.
    TargetAboveEligible { target: u64, eligible: u64 },
    /// The planner was destroyed; it takes no more edits.
    Destroyed,
    /// A cell that takes no input (a parent's base, a computed column).
    ReadOnlyCell,
    /// A unit name left empty.
    EmptyName,
    /// A campaign period, date or milestone that cannot be used.
    Schedule(crate::core::schedule::ScheduleError),
}

impl From<crate::core::schedule::ScheduleError> for PlanError {
    fn from(e: crate::core::schedule::ScheduleError) -> PlanError {
        PlanError::Schedule(e)
    }
}

impl PlanError {
    /// The message a planner reads, in the given language.
    pub fn message(&self, locale: Locale) -> String {
        i18n::plan_error(self, locale)
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::Vi))
    }
}

impl std::error::Error for PlanError {}

/// Why a file could not be opened as an appendix. The plan that was open
/// stays open when any of these is returned.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ImportError {
    /// The file has no bytes.
    Empty,
    /// The file is larger than `MAX_FILE_BYTES`.
    TooLarge { bytes: usize, limit: usize },
    /// The sheet has more cells than `MAX_CELLS`.
    TooManyCells { cells: usize, limit: usize },
    /// The file extension or content is not a format we read.
    UnsupportedFormat(String),
    /// A spreadsheet reader refused the file (corrupt, truncated, encrypted).
    Unreadable(String),
    /// The workbook is password-protected.
    Encrypted,
    /// No row looks like a header naming a unit column and a count column.
    NoHeader,
    /// A header was found but no row below it holds a unit with a number.
    NoUnits,
    /// The spreadsheet reader aborted, ran out of memory or took too long
    /// on this file (caught in an isolated worker; the page lives on).
    ReaderCrashed(String),
    /// The sheet name asked for does not exist.
    NoSuchSheet(String),
    /// The content is not a spreadsheet or a table at all (a PDF, an image,
    /// a document renamed `.xlsx`); holds the file name.
    NotSpreadsheet(String),
    /// The reader took longer than the import's time limit.
    ReaderTimedOut,
    /// The planner cancelled the import.
    Cancelled,
    /// A newer load replaced this one before it finished.
    Superseded,
    /// The planner was destroyed while the file was being read.
    PlannerDestroyed,
    /// The sheet uses more columns than `MAX_COLUMNS`.
    TooManyColumns { columns: usize, limit: usize },
    /// A cell lies below the last row read (`MAX_ROWS`); `row` is 1-based.
    RowTooFar { row: u64, limit: usize },
    /// A workbook's parts would inflate to more than the limit (a zip
    /// bomb, or a sheet too large to read in memory).
    ZipTooLarge { bytes: u64, limit: u64 },
    /// A workbook holds more parts (zip entries) than the limit.
    ZipTooManyEntries { entries: usize, limit: usize },
    /// The sheet's cells would take more memory than the limit.
    GridTooLarge { bytes: u64, limit: u64 },
    /// One cell holds more text than the limit; `cell` is its reference.
    CellTooLong {
        cell: String,
        chars: usize,
        limit: usize,
    },
    /// The units' counts together pass 2^53 − 1 (each may be below it).
    SumTooLarge(crate::core::plan::SumKind),
    /// The spreadsheet reader (the import worker's own module, loaded on
    /// the first import) could not be fetched or compiled; holds why.
    ReaderUnavailable(String),
}

impl ImportError {
    /// The message a planner reads, in the given language.
    pub fn message(&self, locale: Locale) -> String {
        i18n::import_error(self, locale)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::Vi))
    }
}

impl std::error::Error for ImportError {}
