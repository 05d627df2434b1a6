//! Findings about a plan: shown to the planner, never a crash.

use serde::{Deserialize, Serialize};

use crate::core::i18n::{self, Locale};

use super::plan::UnitId;

/// What was noticed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WarningKind {
    /// A parent's base in the file differs from the sum of its children's
    /// (the children's sum is used).
    ParentBaseMismatch { declared: u64, children: u64 },
    /// Exclusions add up to more than the base (eligible is taken as 0).
    ExclusionsExceedBase { base: u64, excluded: u64 },
    /// A lowest-level row's base cell is empty (one holding text that is
    /// not a number is `NotANumber`).
    MissingBase,
    /// A negative number where a count belongs (taken as 0).
    NegativeCount { text: String },
    /// A cell that should hold a number holds text that is not one; it is
    /// not used (never read as 0). `cell` is its reference ("C12").
    NotANumber { cell: String, text: String },
    /// A column of numbers the importer did not understand: not used until
    /// the planner says what it is in the layout panel.
    UnknownColumn { column: String, header: String },
    /// The file's own target is larger than the base.
    TargetAboveBase { target: u64, base: u64 },
    /// Two units with the same name under one parent.
    DuplicateName { name: String },
    /// A row that could not be placed in the hierarchy.
    Unplaced { text: String },
    /// A locked target above the unit's eligible count.
    LockAboveEligible { target: u64, eligible: u64 },
    /// Locked children need more than their parent's target.
    LocksExceedParent { locked: u64, parent: u64 },
    /// The children cannot hold their locked parent's target: their locks
    /// and eligible counts leave room for only `room`.
    LocksShortOfParent { room: u64, parent: u64 },
    /// The text file seems cut off at `row` (1-based): it ends inside a
    /// quoted cell (`quoted`), or its last line, with no line break after
    /// it, has fewer cells than the line above.
    CutOff { row: usize, quoted: bool },
    /// The STT column jumps from `before` to `after` between two siblings:
    /// rows may be missing (a damaged file, or rows deleted or hidden).
    NumberingGap { before: String, after: String },
    /// A finding of the campaign schedule (shortfall, missed milestone,
    /// daily figure above the target).
    Schedule(crate::core::schedule::ScheduleFlag),
    /// A finding about reported results (a parent's own figure against its
    /// children's sum, a count going down, a count above eligible).
    Progress(crate::core::progress::ProgressFlag),
}

impl WarningKind {
    /// Stable machine-readable code for `Plan.warnings[].code`.
    pub fn code(&self) -> &'static str {
        match self {
            WarningKind::ParentBaseMismatch { .. } => "parent-base-mismatch",
            WarningKind::ExclusionsExceedBase { .. } => "exclusions-exceed-base",
            WarningKind::MissingBase => "missing-base",
            WarningKind::NegativeCount { .. } => "negative-count",
            WarningKind::NotANumber { .. } => "not-a-number",
            WarningKind::UnknownColumn { .. } => "unknown-column",
            WarningKind::TargetAboveBase { .. } => "target-above-base",
            WarningKind::DuplicateName { .. } => "duplicate-name",
            WarningKind::Unplaced { .. } => "unplaced-row",
            WarningKind::LockAboveEligible { .. } => "lock-above-eligible",
            WarningKind::LocksExceedParent { .. } => "locks-exceed-parent",
            WarningKind::LocksShortOfParent { .. } => "locks-short-of-parent",
            WarningKind::CutOff { .. } => "cut-off",
            WarningKind::NumberingGap { .. } => "numbering-gap",
            WarningKind::Schedule(flag) => flag.code(),
            WarningKind::Progress(flag) => flag.code(),
        }
    }
}

/// A finding about one unit (or one source row) of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub unit: Option<UnitId>,
    /// 1-based row of the source sheet, for import findings.
    pub row: Option<usize>,
    pub kind: WarningKind,
}

impl Warning {
    pub fn unit(unit: UnitId, kind: WarningKind) -> Warning {
        Warning {
            unit: Some(unit),
            row: None,
            kind,
        }
    }

    pub fn row(row: usize, unit: Option<UnitId>, kind: WarningKind) -> Warning {
        Warning {
            unit,
            row: Some(row),
            kind,
        }
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    pub fn message(&self, locale: Locale) -> String {
        i18n::warning(&self.kind, locale)
    }
}
