//! The plan: a tree of units in appendix order, and the policy that turns
//! their counts into targets.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::percent::Percent;
use super::progress::Results;
use super::schedule::{Calendar, LevelDaily};

/// Stable identity of a unit across edits, undo, export and reload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UnitId(pub u32);

impl UnitId {
    /// The id as the JS API shows it ("u17").
    pub fn label(self) -> String {
        format!("u{}", self.0)
    }

    /// Reads "u17" back, exactly as written: "u05", "u+5" and "u 5" are
    /// not "u5".
    pub fn parse(text: &str) -> Option<UnitId> {
        let digits = text.strip_prefix('u')?;
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        canonical.then(|| digits.parse().ok().map(UnitId)).flatten()
    }
}

/// Who is not counted (seed 003, ward An Lạc): subtracted from the base to
/// give the eligible count a percentage applies to. Serialised by its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum ExclusionCategory {
    /// Died ("chết").
    Died,
    /// Away on military service ("nghĩa vụ quân sự").
    MilitaryService,
    /// In prison ("đang chấp hành án").
    Prison,
    /// Abroad and unreachable ("ở nước ngoài").
    Abroad,
    /// No longer uses a phone ("không sử dụng điện thoại").
    NoPhone,
    /// Expired ID card ("CCCD hết hạn").
    ExpiredId,
    /// Phone-number change pending ("chờ thay đổi số điện thoại").
    PhoneChangePending,
    /// Any other reason ("khác").
    Other,
}

impl ExclusionCategory {
    pub const ALL: [ExclusionCategory; 8] = [
        ExclusionCategory::Died,
        ExclusionCategory::MilitaryService,
        ExclusionCategory::Prison,
        ExclusionCategory::Abroad,
        ExclusionCategory::NoPhone,
        ExclusionCategory::ExpiredId,
        ExclusionCategory::PhoneChangePending,
        ExclusionCategory::Other,
    ];

    /// Key used in `ImportReport.columns` (`excluded:<key>`).
    pub fn key(self) -> &'static str {
        match self {
            ExclusionCategory::Died => "died",
            ExclusionCategory::MilitaryService => "military",
            ExclusionCategory::Prison => "prison",
            ExclusionCategory::Abroad => "abroad",
            ExclusionCategory::NoPhone => "no-phone",
            ExclusionCategory::ExpiredId => "expired-id",
            ExclusionCategory::PhoneChangePending => "phone-change",
            ExclusionCategory::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<ExclusionCategory> {
        ExclusionCategory::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl From<ExclusionCategory> for &'static str {
    fn from(category: ExclusionCategory) -> &'static str {
        category.key()
    }
}

impl TryFrom<String> for ExclusionCategory {
    type Error = String;

    fn try_from(key: String) -> Result<ExclusionCategory, String> {
        ExclusionCategory::from_key(&key).ok_or(key)
    }
}

/// The largest count a plan holds: 2^53 − 1, the largest integer a
/// JavaScript number (the API, the plan file) carries exactly. Larger
/// counts are refused where they are read, so every saved plan reopens.
pub const MAX_COUNT: u64 = (1 << 53) - 1;

/// A sum of the plan that would pass `MAX_COUNT` (`Plan::sum_beyond_limit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SumKind {
    /// The base counts of the units together.
    Base,
    /// The excluded counts of the units together.
    Excluded,
    /// The units' cases per day together.
    Daily,
    /// The reported counts of the units together.
    Results,
}

/// Exclusion counts by category (index = `ExclusionCategory::index`).
pub type Exclusions = [u64; 8];

/// One row of the appendix: a province, district, commune, group or officer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    /// STT as written in the file ("I", "1", "a", "1.2", "" for a total row).
    pub code: String,
    pub name: String,
    /// Depth in the tree, 0 = top.
    pub level: u8,
    /// Index of the parent in `Plan::units`; parents come before children.
    pub parent: Option<usize>,
    /// The base count as read. For a leaf it is the base; for a parent the
    /// children's sum is used and this is kept to report a mismatch.
    pub base: u64,
    /// Whether the file gave this unit's base. A parent without one takes
    /// its children's sum silently; one whose written base disagrees with
    /// that sum is reported with both numbers.
    pub base_given: bool,
    /// Exclusions as read (leaves); parents use their children's sums.
    pub exclusions: Exclusions,
    /// The target column of the loaded file, when it had one.
    pub official_target: Option<u64>,
    /// The planner's own percentage for this unit.
    pub percent_override: Option<Percent>,
    /// A target typed by the planner (breakback lock).
    pub locked_target: Option<u64>,
    /// Cases per day set for this unit.
    pub daily_target: Option<u64>,
}

impl Unit {
    pub fn new(id: UnitId, code: &str, name: &str, level: u8, parent: Option<usize>) -> Unit {
        Unit {
            id,
            code: code.to_string(),
            name: name.to_string(),
            level,
            parent,
            base: 0,
            base_given: false,
            exclusions: [0; 8],
            official_target: None,
            percent_override: None,
            locked_target: None,
            daily_target: None,
        }
    }
}

/// How exact shares become integer targets. See `allocate`. Serialised by
/// its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Rounding {
    /// Each unit rounded half up on its own, as published appendices do.
    #[default]
    PerRow,
    /// Hamilton: top-down split, floors then largest remainders.
    LargestRemainder,
    /// Webster divisor method, top-down split.
    SainteLague,
    /// Leaves per row, every parent the sum of its children.
    SumOfChildren,
}

impl Rounding {
    pub const ALL: [Rounding; 4] = [
        Rounding::PerRow,
        Rounding::LargestRemainder,
        Rounding::SainteLague,
        Rounding::SumOfChildren,
    ];

    /// The name used by the JS API and saved plans.
    pub fn key(self) -> &'static str {
        match self {
            Rounding::PerRow => "per-row",
            Rounding::LargestRemainder => "largest-remainder",
            Rounding::SainteLague => "sainte-lague",
            Rounding::SumOfChildren => "sum-of-children",
        }
    }

    pub fn from_key(key: &str) -> Option<Rounding> {
        Rounding::ALL.into_iter().find(|r| r.key() == key)
    }
}

impl From<Rounding> for &'static str {
    fn from(rounding: Rounding) -> &'static str {
        rounding.key()
    }
}

impl TryFrom<String> for Rounding {
    type Error = String;

    fn try_from(key: String) -> Result<Rounding, String> {
        Rounding::from_key(&key).ok_or(key)
    }
}

/// Plan-wide settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub default_percent: Percent,
    /// Percentage for every unit of a level that has no own override.
    pub level_percents: BTreeMap<u8, Percent>,
    pub rounding: Rounding,
    /// The campaign period, days off and milestones.
    pub calendar: Calendar,
    /// Cases per day for leaf units without their own.
    pub default_daily: Option<u64>,
    /// Cases per day for every unit of a level without its own.
    pub level_daily: LevelDaily,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            default_percent: Percent::from_hundredths(9000).unwrap_or(Percent::HUNDRED),
            level_percents: BTreeMap::new(),
            rounding: Rounding::PerRow,
            calendar: Calendar::default(),
            default_daily: None,
            level_daily: LevelDaily::new(),
        }
    }
}

/// A quota appendix: title, units in appendix order, policy.
/// Serialised (the import worker's reply) without `children`, which
/// `reindex` rebuilds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub title: String,
    /// The lines above the table as the appendix prints them ("PHỤ LỤC",
    /// its subject, "(Ban hành kèm theo Kế hoạch số … ngày … của …)"), one
    /// entry per line: the imported title rows, edited by the planner.
    pub title_block: Vec<String>,
    pub units: Vec<Unit>,
    pub policy: Policy,
    /// The morning reports' cumulative counts by date (see `progress`).
    /// Not in the import worker's reply: a file read fresh has none.
    #[serde(skip)]
    pub results: Results,
    #[serde(skip)]
    children: Vec<Vec<usize>>,
    /// The top-level units (no parent, or one that does not come before
    /// them), kept with `children`.
    #[serde(skip)]
    roots: Vec<usize>,
}

impl Plan {
    /// Builds a plan; `units` must list each parent before its children.
    pub fn new(title: &str, units: Vec<Unit>) -> Plan {
        let mut plan = Plan {
            title: title.to_string(),
            title_block: Vec::new(),
            units,
            policy: Policy::default(),
            results: Results::default(),
            children: Vec::new(),
            roots: Vec::new(),
        };
        plan.reindex();
        plan
    }

    /// Rebuilds the child lists after the tree's shape changed.
    pub fn reindex(&mut self) {
        let mut children = vec![Vec::new(); self.units.len()];
        let mut roots = Vec::new();
        for (index, unit) in self.units.iter().enumerate() {
            match unit.parent {
                Some(parent) if parent < index => children[parent].push(index),
                _ => roots.push(index),
            }
        }
        self.children = children;
        self.roots = roots;
    }

    /// The plan without its units (title, title block, policy, results):
    /// the head of the import worker's reply, whose units follow in slices.
    pub fn without_units(&self) -> Plan {
        Plan {
            title: self.title.clone(),
            title_block: self.title_block.clone(),
            units: Vec::new(),
            policy: self.policy.clone(),
            results: self.results.clone(),
            children: Vec::new(),
            roots: Vec::new(),
        }
    }

    /// The top-level units, in appendix order.
    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    pub fn children(&self, index: usize) -> &[usize] {
        self.children.get(index).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn is_leaf(&self, index: usize) -> bool {
        self.children(index).is_empty()
    }

    /// Index of a unit by id.
    pub fn index_of(&self, id: UnitId) -> Option<usize> {
        // Ids are assigned in appendix order at import, so try that first.
        let guess = id.0 as usize;
        if self.units.get(guess).is_some_and(|u| u.id == id) {
            return Some(guess);
        }
        self.units.iter().position(|u| u.id == id)
    }

    /// Deepest level + 1.
    /// Which of the plan's sums would pass `MAX_COUNT`, if one would: the
    /// leaves' bases (every parent's base, eligible and target is at most
    /// their sum), their exclusions, every unit's own cases per day (a
    /// parent's rolled-up pace is at most that), and each unit's largest
    /// reported count (a parent's result on any date is at most that).
    /// JavaScript and the plan file carry no larger integer exactly, so a
    /// plan whose sums would pass it is refused rather than shown rounded.
    pub fn sum_beyond_limit(&self) -> Option<SumKind> {
        let limit = u128::from(MAX_COUNT);
        let policy = &self.policy;
        let (mut base, mut excluded, mut daily) = (0u128, 0u128, 0u128);
        for (index, unit) in self.units.iter().enumerate() {
            let leaf = self.is_leaf(index);
            if leaf {
                base += u128::from(unit.base);
                excluded += unit.exclusions.iter().map(|&c| u128::from(c)).sum::<u128>();
            }
            let own = unit
                .daily_target
                .or_else(|| policy.level_daily.get(&unit.level).copied())
                .or_else(|| policy.default_daily.filter(|_| leaf));
            daily += u128::from(own.unwrap_or(0));
        }
        if base > limit {
            Some(SumKind::Base)
        } else if excluded > limit {
            Some(SumKind::Excluded)
        } else if daily > limit {
            Some(SumKind::Daily)
        } else if self.results.largest_sum() > limit {
            Some(SumKind::Results)
        } else {
            None
        }
    }

    pub fn depth(&self) -> usize {
        self.units
            .iter()
            .map(|u| usize::from(u.level) + 1)
            .max()
            .unwrap_or(0)
    }
}
