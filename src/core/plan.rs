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
    /// The tree's index, rebuilt by `reindex`: unit `i`'s children are
    /// `child_list[child_start[i]..child_start[i + 1]]`, in appendix order.
    /// Two flat lists rather than a list per unit: a million units' index
    /// is two allocations, built in two passes.
    #[serde(skip)]
    child_start: Vec<usize>,
    #[serde(skip)]
    child_list: Vec<usize>,
    /// The top-level units (no parent, or one that does not come before
    /// them), kept with the child lists.
    #[serde(skip)]
    roots: Vec<usize>,
    /// Deepest level + 1, kept with the child lists (a unit's level is part
    /// of the tree's shape: whoever changes it calls `reindex`).
    #[serde(skip)]
    depth: usize,
}

/// A plan's tree index gathered a slice of units at a time (`add`), then
/// installed by `Plan::reindex_with`: the one pass over the unit structs
/// happens as they arrive.
#[derive(Clone, Debug, Default)]
pub struct TreeIndex {
    /// Each unit's parent, `NO_PARENT` for a root.
    parents: Vec<usize>,
    /// Each unit's number of children.
    counts: Vec<usize>,
    roots: Vec<usize>,
    depth: usize,
}

/// A root's parent in `TreeIndex::parents`.
const NO_PARENT: usize = usize::MAX;

/// Child lists in two flat arrays from each unit's parent (`parents`,
/// anything past the end for none) and each unit's number of children
/// (`start`, one per unit): `start` becomes where each unit's children
/// begin in `list`, one longer than `parents`, and `list` the children,
/// each unit's in appendix order. Counts to where each list ends, then
/// filled from the last unit back, each end moving down to its start.
pub(crate) fn fill_child_lists(parents: &[usize], start: &mut Vec<usize>, list: &mut Vec<usize>) {
    // The slot after the last unit's.
    start.resize(parents.len() + 1, 0);
    let mut total = 0;
    for slot in start.iter_mut() {
        total += *slot;
        *slot = total;
    }
    list.clear();
    list.resize(total, 0);
    for (index, &parent) in parents.iter().enumerate().rev() {
        if let Some(at) = start.get_mut(parent) {
            *at -= 1;
            if let Some(slot) = list.get_mut(*at) {
                *slot = index;
            }
        }
    }
}

impl TreeIndex {
    /// Adds the units that follow those added before (a parent that does
    /// not come before its unit makes the unit a root).
    pub fn add(&mut self, units: &[Unit]) {
        let first = self.parents.len();
        for (unit, index) in units.iter().zip(first..) {
            self.depth = self.depth.max(usize::from(unit.level) + 1);
            self.counts.push(0);
            let parent = unit.parent.filter(|&p| p < index);
            match parent.and_then(|p| self.counts.get_mut(p)) {
                Some(count) => *count += 1,
                None => self.roots.push(index),
            }
            self.parents.push(parent.unwrap_or(NO_PARENT));
        }
    }
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
            child_start: Vec::new(),
            child_list: Vec::new(),
            roots: Vec::new(),
            depth: 0,
        };
        plan.reindex();
        plan
    }

    /// Rebuilds the child lists, the roots and the depth after the tree's
    /// shape (a unit's parent or level) changed.
    pub fn reindex(&mut self) {
        let mut index = TreeIndex::default();
        index.add(&self.units);
        self.install(index);
    }

    /// Takes the index of a `TreeIndex` that was given exactly these units
    /// (the import's reply builds it as the units arrive, while they are
    /// in the cache); any other is rebuilt by `reindex`.
    pub fn reindex_with(&mut self, index: TreeIndex) {
        if index.parents.len() == self.units.len() {
            self.install(index);
        } else {
            self.reindex();
        }
    }

    /// The child lists from a `TreeIndex`'s counts: compact arrays only.
    fn install(&mut self, index: TreeIndex) {
        let TreeIndex {
            parents,
            mut counts,
            roots,
            depth,
        } = index;
        let mut list = std::mem::take(&mut self.child_list);
        fill_child_lists(&parents, &mut counts, &mut list);
        self.child_start = counts;
        self.child_list = list;
        self.roots = roots;
        self.depth = depth;
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
            child_start: Vec::new(),
            child_list: Vec::new(),
            roots: Vec::new(),
            depth: 0,
        }
    }

    /// The top-level units, in appendix order.
    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    pub fn children(&self, index: usize) -> &[usize] {
        match (self.child_start.get(index), self.child_start.get(index + 1)) {
            (Some(&from), Some(&to)) => self.child_list.get(from..to).unwrap_or(&[]),
            _ => &[],
        }
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

    /// Deepest level + 1 (0 for no unit), as of the last `reindex`.
    pub fn depth(&self) -> usize {
        self.depth
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The index as a list per unit, the way it was kept before the flat
    /// lists: what `children`, `roots` and `depth` must agree with.
    fn lists(units: &[Unit]) -> (Vec<Vec<usize>>, Vec<usize>, usize) {
        let mut children = vec![Vec::new(); units.len()];
        let mut roots = Vec::new();
        for (index, unit) in units.iter().enumerate() {
            match unit.parent {
                Some(p) if p < index => children[p].push(index),
                _ => roots.push(index),
            }
        }
        let depth = units.iter().map(|u| usize::from(u.level) + 1).max();
        (children, roots, depth.unwrap_or(0))
    }

    fn check(plan: &Plan) {
        let (children, roots, depth) = lists(&plan.units);
        for (index, expected) in children.iter().enumerate() {
            assert_eq!(plan.children(index), expected.as_slice(), "unit {index}");
            assert_eq!(plan.is_leaf(index), expected.is_empty());
        }
        assert_eq!(plan.children(plan.units.len()), &[] as &[usize]);
        assert_eq!(plan.roots(), roots.as_slice());
        assert_eq!(plan.depth(), depth);
    }

    proptest! {
        /// Any parent list, including parents that do not come before
        /// their child (such a unit is a root) and parents past the end.
        #[test]
        fn the_flat_index_lists_every_units_children_in_order(
            picks in proptest::collection::vec((any::<Option<u16>>(), 0u8..7), 0..300)
        ) {
            let units: Vec<Unit> = picks
                .iter()
                .enumerate()
                .map(|(i, &(pick, level))| {
                    let parent = pick.map(|p| usize::from(p) % (i + 2));
                    Unit::new(UnitId(i as u32), "", "", level, parent)
                })
                .collect();
            let mut plan = Plan::new("t", units);
            check(&plan);
            // The same index gathered a slice at a time (the import's reply).
            let mut index = TreeIndex::default();
            for slice in plan.units.chunks(7) {
                index.add(slice);
            }
            let mut sliced = plan.clone();
            sliced.reindex_with(index);
            prop_assert_eq!(&sliced, &plan);
            // One given other units is not taken.
            let mut short = TreeIndex::default();
            short.add(plan.units.get(1..).unwrap_or_default());
            let mut rebuilt = plan.clone();
            rebuilt.reindex_with(short);
            prop_assert_eq!(&rebuilt, &plan);
            // Reindexed after a change of shape, reusing its lists.
            for unit in plan.units.iter_mut().rev().step_by(3) {
                unit.parent = None;
                unit.level = 0;
            }
            plan.reindex();
            check(&plan);
        }
    }

    #[test]
    fn an_empty_plan_has_no_roots_and_no_depth() {
        let plan = Plan::new("t", Vec::new());
        assert_eq!(plan.roots(), &[] as &[usize]);
        assert_eq!(plan.depth(), 0);
        assert_eq!(plan.children(0), &[] as &[usize]);
    }
}
