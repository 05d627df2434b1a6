//! The façade the UI and the JS API talk to: it takes edits, recomputes and
//! keeps the undo history (like IronCalc's `UserModel`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::allocate::{
    allocate, allocate_read_some, allocate_staged, allocate_update, Allocation, Locks, Staged,
    Totals,
};
use super::error::{ImportError, PlanError};
use super::import::{self, ImportReport, Imported};
use super::percent::Percent;
use super::plan::{ExclusionCategory, Plan, Rounding, Unit, UnitId};
use super::progress::{self, Progress};
use super::schedule::{
    derived_daily, schedule_derive_some, schedule_into, schedule_read_some, schedule_update,
    Calendar, Schedule, ScheduleError,
};
use super::warning::{Warning, WarningKind};
use jiff::civil::Date;

/// Where a daily figure typed on a parent goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DailyScope {
    /// To every leaf below it (the parent's becomes their sum).
    Groups,
    /// To the unit itself only.
    ThisUnit,
}

/// Undo steps kept (and saved with a draft); older ones are dropped.
pub const HISTORY_LIMIT: usize = 200;

/// One reversible change. Applying an edit returns its inverse. Serialised
/// in a draft's undo history and journal (unit indices, not ids: a draft
/// is only ever replayed on the plan it was recorded on).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    DefaultPercent(Percent),
    LevelPercent(u8, Option<Percent>),
    UnitPercent(usize, Option<Percent>),
    Target(usize, Option<u64>),
    Rounding(Rounding),
    /// A leaf's base count.
    Base(usize, u64),
    /// A unit's name.
    Name(usize, String),
    /// One exclusion count of a leaf.
    Exclusion(usize, ExclusionCategory, u64),
    /// A unit's own cases per day.
    Daily(usize, Option<u64>),
    /// Cases per day for leaves without their own.
    DefaultDaily(Option<u64>),
    /// The lines above the table (`Plan::title_block`).
    TitleBlock(Vec<String>),
    /// Cases per day for the units of a level without their own.
    LevelDaily(u8, Option<u64>),
    /// The campaign period, days off and milestones.
    Calendar(Calendar),
    /// A unit's reported cumulative count on a date (`None` removes it).
    Result(usize, jiff::civil::Date, Option<u64>),
    /// Several edits undone as one step (a paste, a fill).
    Batch(Vec<Edit>),
}

/// One change to the model as autosave records it: replaying the steps in
/// order on the same starting model gives the same plan and history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Step {
    /// An edit applied as a new undo step.
    Commit(Edit),
    Undo,
    Redo,
}

/// Revisions are drawn from one counter for every model, so a model put
/// in place of another never looks unchanged.
static REVISIONS: AtomicU64 = AtomicU64::new(0);

fn next_revision() -> u64 {
    REVISIONS.fetch_add(1, Ordering::Relaxed) + 1
}

/// A plan with its computed targets and undo history.
#[derive(Clone, Debug)]
pub struct PlannerModel {
    plan: Plan,
    allocation: Allocation,
    /// The targets as they would be without any lock, kept only while the
    /// plan has locks in a mode where a lock moves other units (see
    /// `moved_by_locks`).
    unlocked: Option<Allocation>,
    schedule: Schedule,
    /// Progress on `progress_date` (or the latest reported date), kept
    /// while the plan has results.
    progress: Option<Progress>,
    /// The progress findings as warnings (on the grid's rows and list).
    progress_warnings: Vec<Warning>,
    /// The date the planner looks at progress on; `None` follows the
    /// latest reported date.
    progress_date: Option<Date>,
    report: Option<ImportReport>,
    /// The file the plan came from, when it was not imported in this
    /// session (a reopened plan file keeps its source's name).
    source_name: Option<String>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// Steps not yet taken by autosave; `None` when nobody records.
    journal: Option<Vec<Step>>,
    /// Changes with every recompute, and differs between models: a writer
    /// that works across several tasks (the draft snapshot) knows the plan
    /// did not change, nor was replaced, in between.
    revision: u64,
    /// The units as they were when a writer working over several tasks
    /// (the draft snapshot) started, for those changed since: it writes
    /// the plan of that moment while the planner goes on editing.
    hold: Option<UnitHold>,
}

/// Units kept as they were at the start of a hold (see `hold_units`).
#[derive(Clone, Debug)]
struct UnitHold {
    id: u64,
    before: HashMap<usize, Unit>,
}

/// A model built a step at a time (`ModelBuild::step`), so that the page
/// can let other tasks run in between: at a million units the allocation
/// and schedule of a new plan take 100–200 ms in all. The reads of the unit
/// structs go `READ_UNITS` units per step, the allocation's computation
/// one pass per step.
pub struct ModelBuild {
    plan: Plan,
    report: Option<ImportReport>,
    allocation: Allocation,
    schedule: Schedule,
    done: BuildStep,
    /// Units read per step (`READ_UNITS` unless said).
    read_units: usize,
    /// The allocation's first computation, a part per step.
    staged: Staged,
}

/// Units read per step of a `ModelBuild`: a fifth of a million-unit plan
/// (each such read took 50–120 ms of one task whole).
const READ_UNITS: usize = 200_000;

/// The steps of a `ModelBuild`, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BuildStep {
    /// The allocation's read of the unit structs goes on from this unit.
    Reading(usize),
    UnitsRead,
    /// The schedule's read of the unit structs goes on from this unit.
    DailyReading(usize),
    /// The figures per day rolled up, this many units left.
    Deriving(usize),
    DailyDerived,
    Scheduled,
}

impl ModelBuild {
    /// The same build reading `units` units of the plan per step (at least
    /// one).
    pub fn read_per_step(mut self, units: usize) -> ModelBuild {
        self.read_units = units.max(1);
        self
    }

    /// Does the next step; true once the model is ready for `finish`.
    pub fn step(&mut self) -> bool {
        let n = self.plan.units.len();
        let (plan, allocation, schedule) = (&self.plan, &mut self.allocation, &mut self.schedule);
        self.done = match self.done {
            BuildStep::Reading(from) => {
                match allocate_read_some(plan, allocation, from, self.read_units) {
                    to if to >= n => BuildStep::UnitsRead,
                    to => BuildStep::Reading(to),
                }
            }
            BuildStep::UnitsRead => {
                match allocate_staged(plan, allocation, &mut self.staged, Locks::Keep) {
                    true => BuildStep::DailyReading(0),
                    false => BuildStep::UnitsRead,
                }
            }
            BuildStep::DailyReading(from) => {
                match schedule_read_some(plan, schedule, from, self.read_units) {
                    to if to >= n => BuildStep::Deriving(n),
                    to => BuildStep::DailyReading(to),
                }
            }
            BuildStep::Deriving(left) => {
                match schedule_derive_some(schedule, left, self.read_units) {
                    0 => BuildStep::DailyDerived,
                    left => BuildStep::Deriving(left),
                }
            }
            BuildStep::DailyDerived => {
                schedule_update(plan, &allocation.target, schedule);
                BuildStep::Scheduled
            }
            BuildStep::Scheduled => BuildStep::Scheduled,
        };
        self.done == BuildStep::Scheduled
    }

    /// The model (the steps left are done here): the same as
    /// `PlannerModel::new` of the plan.
    pub fn finish(mut self) -> PlannerModel {
        while !self.step() {}
        let mut model = PlannerModel::assemble(self.plan, self.allocation, self.schedule);
        model.report = self.report;
        model
    }
}

impl PlannerModel {
    pub fn new(plan: Plan) -> PlannerModel {
        let allocation = allocate(&plan);
        let mut schedule = Schedule::default();
        schedule_into(&plan, &allocation.target, &mut schedule);
        PlannerModel::assemble(plan, allocation, schedule)
    }

    /// A model of a plan built step by step (see `ModelBuild`), with the
    /// file's report if any: `from_import` over several tasks.
    pub fn build(plan: Plan, report: Option<ImportReport>) -> ModelBuild {
        ModelBuild {
            plan,
            report,
            allocation: Allocation::default(),
            schedule: Schedule::default(),
            done: BuildStep::Reading(0),
            read_units: READ_UNITS,
            staged: Staged::default(),
        }
    }

    fn assemble(plan: Plan, allocation: Allocation, schedule: Schedule) -> PlannerModel {
        let mut model = PlannerModel {
            allocation,
            schedule,
            plan,
            unlocked: None,
            progress: None,
            progress_warnings: Vec::new(),
            progress_date: None,
            report: None,
            source_name: None,
            undo: Vec::new(),
            redo: Vec::new(),
            journal: None,
            revision: next_revision(),
            hold: None,
        };
        model.recompute_unlocked();
        model.recompute_progress();
        model
    }

    pub fn from_import(imported: Imported) -> PlannerModel {
        let mut model = PlannerModel::new(imported.plan);
        model.report = Some(imported.report);
        model
    }

    /// Frees up to `units` units (and as many of its report's rows) of a
    /// model being thrown away, from the end; true once none is left, when
    /// dropping the rest is quick. The model is no plan any more after the
    /// first call: only for one already replaced (freeing a million units'
    /// names in one go blocks the page for 50–70 ms).
    pub fn free_some(&mut self, units: usize) -> bool {
        let keep = self.plan.units.len().saturating_sub(units);
        self.plan.units.truncate(keep);
        if let Some(report) = &mut self.report {
            let rows = &mut report.layout.rows;
            rows.truncate(rows.len().saturating_sub(units));
        }
        let rows_left = self
            .report
            .as_ref()
            .is_some_and(|r| !r.layout.rows.is_empty());
        self.plan.units.is_empty() && !rows_left
    }

    /// The built-in Sóc Trăng appendix.
    pub fn sample() -> Result<PlannerModel, ImportError> {
        import::sample().map(PlannerModel::from_import)
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn allocation(&self) -> &Allocation {
        &self.allocation
    }

    /// Daily figures, days needed, finishing dates, shortfalls, in step
    /// with the allocation.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The findings about one unit (the grid's ⚠ on its row).
    pub fn unit_warnings(&self, index: usize) -> impl Iterator<Item = &Warning> {
        let id = self.plan.units.get(index).map(|u| u.id);
        let from_file = self.report.iter().flat_map(|r| r.warnings.iter());
        from_file
            .chain(self.allocation.warnings.iter())
            .chain(self.progress_warnings.iter())
            .filter(move |w| id.is_some() && w.unit == id)
            .chain(self.schedule.unit_warnings(index))
    }

    pub fn report(&self) -> Option<&ImportReport> {
        self.report.as_ref()
    }

    /// Name of the file the plan was read from, if any.
    pub fn source_name(&self) -> Option<&str> {
        self.source_name
            .as_deref()
            .or_else(|| self.report.as_ref().map(|r| r.file_name.as_str()))
    }

    pub fn set_source_name(&mut self, name: Option<String>) {
        self.source_name = name;
    }

    /// Changes whenever the plan or anything computed from it may have.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Starts keeping each unit as it is now before an edit changes it,
    /// so that a writer working over several tasks can write the plan of
    /// this moment (`held_unit`). One hold at a time: a new one ends the
    /// last. Its id.
    pub fn hold_units(&mut self) -> u64 {
        let id = next_revision();
        self.hold = Some(UnitHold {
            id,
            before: HashMap::new(),
        });
        id
    }

    /// Whether the hold `id` is still on (not ended, nor this model put in
    /// place of the one that started it).
    pub fn holds(&self, id: u64) -> bool {
        self.hold.as_ref().is_some_and(|h| h.id == id)
    }

    /// A unit as it was when the hold `id` started (`None`: no such unit,
    /// or the hold is not on).
    pub fn held_unit(&self, id: u64, index: usize) -> Option<&Unit> {
        let hold = self.hold.as_ref().filter(|h| h.id == id)?;
        hold.before
            .get(&index)
            .or_else(|| self.plan.units.get(index))
    }

    /// Ends the hold `id` (another hold is left as it is).
    pub fn release_units(&mut self, id: u64) {
        if self.holds(id) {
            self.hold = None;
        }
    }

    /// The undo and redo stacks, oldest first.
    pub fn history(&self) -> (&[Edit], &[Edit]) {
        (&self.undo, &self.redo)
    }

    /// Puts back a saved history. Every edit must name units and levels
    /// this plan has (the history is refused whole otherwise).
    pub fn restore_history(&mut self, undo: Vec<Edit>, redo: Vec<Edit>) -> Result<(), PlanError> {
        for edit in undo.iter().chain(&redo) {
            self.check_edit(edit)?;
        }
        self.undo = undo;
        self.redo = redo;
        trim_history(&mut self.undo);
        trim_history(&mut self.redo);
        Ok(())
    }

    /// Starts recording steps for autosave (see `take_journal`).
    pub fn start_journal(&mut self) {
        self.journal.get_or_insert_with(Vec::new);
    }

    /// Steps recorded and not yet taken.
    pub fn journal_len(&self) -> usize {
        self.journal.as_ref().map_or(0, Vec::len)
    }

    /// The steps since the last call, oldest first.
    pub fn take_journal(&mut self) -> Vec<Step> {
        self.journal
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Replays recorded steps (from a draft) and recomputes once. Each
    /// edit is checked against the plan first; replay stops at the first
    /// bad step with an error, the steps before it applied.
    pub fn replay(&mut self, steps: Vec<Step>) -> Result<(), PlanError> {
        let mut result = Ok(());
        for step in steps {
            match step {
                Step::Commit(edit) if self.check_edit(&edit).is_err() => {
                    result = self.check_edit(&edit);
                    break;
                }
                Step::Commit(edit) => self.push_undo(edit),
                Step::Undo => self.step_back(),
                Step::Redo => self.step_forward(),
            }
        }
        self.recompute();
        result
    }

    fn check_edit(&self, edit: &Edit) -> Result<(), PlanError> {
        if let Some(i) = edit.unit() {
            return self.check_index(i);
        }
        match edit {
            Edit::Result(i, _, _) => self.check_index(*i),
            Edit::LevelPercent(level, _) | Edit::LevelDaily(level, _)
                if usize::from(*level) >= self.plan.depth() =>
            {
                Err(PlanError::UnknownLevel(u32::from(*level)))
            }
            Edit::Calendar(calendar) => calendar
                .clone()
                .normalised()
                .map(|_| ())
                .map_err(Into::into),
            Edit::Batch(edits) => edits.iter().try_for_each(|e| self.check_edit(e)),
            _ => Ok(()),
        }
    }

    /// Every finding the planner sees: the file's (cells not read, columns
    /// not understood, rows not placed), the computation's, the schedule's.
    pub fn warnings(&self) -> impl Iterator<Item = &Warning> {
        let from_file = self.report.iter().flat_map(|r| r.warnings.iter());
        from_file
            .chain(self.allocation.warnings.iter())
            .chain(self.schedule.warnings.iter())
            .chain(self.progress_warnings.iter())
    }

    pub fn totals(&self) -> Totals {
        self.allocation.totals(&self.plan)
    }

    pub fn index_of(&self, id: &str) -> Result<usize, PlanError> {
        UnitId::parse(id)
            .and_then(|id| self.plan.index_of(id))
            .ok_or_else(|| PlanError::UnknownUnit(id.to_string()))
    }

    /// The plan-wide percentage; false when it already was `percent`.
    pub fn set_default_percent(&mut self, percent: Percent) -> bool {
        // A percentage grows no sum: never refused.
        matches!(self.commit(Edit::DefaultPercent(percent)), Ok(true))
    }

    pub fn set_level_percent(
        &mut self,
        level: u32,
        percent: Option<Percent>,
    ) -> Result<bool, PlanError> {
        if level as usize >= self.plan.depth() {
            return Err(PlanError::UnknownLevel(level));
        }
        self.commit(Edit::LevelPercent(level as u8, percent))
    }

    pub fn set_unit_percent(
        &mut self,
        index: usize,
        percent: Option<Percent>,
    ) -> Result<bool, PlanError> {
        self.check_index(index)?;
        self.commit(Edit::UnitPercent(index, percent))
    }

    /// Locks a unit's target (or unlocks with `None`); a target above the
    /// unit's eligible count is refused.
    pub fn set_target(&mut self, index: usize, target: Option<u64>) -> Result<bool, PlanError> {
        self.check_index(index)?;
        if let Some(target) = target {
            let eligible = self.allocation.eligible[index];
            if target > eligible {
                return Err(PlanError::TargetAboveEligible { target, eligible });
            }
        }
        self.commit(Edit::Target(index, target))
    }

    /// A unit's cases per day (`None` clears it); with no unit, the
    /// default for leaves without their own. On a parent with
    /// `DailyScope::Groups` the figure goes to every leaf below it (and
    /// figures of its own and of the parents between are cleared, so the
    /// parent shows their sum): one undo step.
    pub fn set_daily_target(
        &mut self,
        index: Option<usize>,
        daily: Option<u64>,
        scope: DailyScope,
    ) -> Result<bool, PlanError> {
        let edits = match index {
            Some(index) => {
                self.check_index(index)?;
                daily_edits(&self.plan, index, daily, scope)
            }
            None => vec![Edit::DefaultDaily(daily)],
        };
        self.commit_changes(edits)
    }

    /// Cases per day for every unit of a level without its own figure.
    pub fn set_level_daily(&mut self, level: u32, daily: Option<u64>) -> Result<bool, PlanError> {
        if level as usize >= self.plan.depth() {
            return Err(PlanError::UnknownLevel(level));
        }
        self.commit_changes(vec![Edit::LevelDaily(level as u8, daily)])
    }

    /// Replaces the campaign calendar after checking it; refused (nothing
    /// changed) for bad periods. False when it was already so.
    pub fn set_calendar(&mut self, calendar: Calendar) -> Result<bool, PlanError> {
        let calendar = calendar.normalised()?;
        self.commit_changes(vec![Edit::Calendar(calendar)])
    }

    /// `setPolicy`: a rounding mode and a calendar as one undo step; a bad
    /// calendar refuses both.
    pub fn set_policy(
        &mut self,
        rounding: Option<Rounding>,
        calendar: Option<Calendar>,
    ) -> Result<bool, PlanError> {
        let calendar = calendar.map(Calendar::normalised).transpose()?;
        let edits = rounding
            .map(Edit::Rounding)
            .into_iter()
            .chain(calendar.map(Edit::Calendar))
            .collect();
        self.commit_changes(edits)
    }

    /// "Chia đều theo ngày": every leaf without its own figure gets
    /// ceil(target ÷ counted days); one undo step. How many got one.
    pub fn derive_daily(&mut self) -> Result<usize, PlanError> {
        let days = self
            .schedule
            .days
            .as_ref()
            .map(|d| d.counted)
            .ok_or(PlanError::Schedule(ScheduleError::NoPeriod))?;
        let edits: Vec<Edit> = (0..self.plan.units.len())
            .filter(|&i| self.plan.is_leaf(i) && self.plan.units[i].daily_target.is_none())
            .map(|i| Edit::Daily(i, Some(derived_daily(self.allocation.target[i], days))))
            .collect();
        let count = edits.len();
        self.commit_changes(edits)?;
        Ok(count)
    }

    /// Commits the edits that change something as one undo step; false
    /// (no undo step) when none does.
    fn commit_changes(&mut self, mut edits: Vec<Edit>) -> Result<bool, PlanError> {
        edits.retain(|e| self.changes(e));
        if edits.len() > 1 {
            return self.commit(Edit::Batch(edits));
        }
        edits.pop().map_or(Ok(false), |edit| self.commit(edit))
    }

    /// Whether applying `edit` would change the plan.
    fn changes(&self, edit: &Edit) -> bool {
        let policy = &self.plan.policy;
        let unit = |i: usize| self.plan.units.get(i);
        match edit {
            Edit::Daily(i, d) => unit(*i).is_some_and(|u| u.daily_target != *d),
            Edit::DefaultDaily(d) => policy.default_daily != *d,
            Edit::LevelDaily(level, d) => policy.level_daily.get(level) != d.as_ref(),
            Edit::Calendar(c) => policy.calendar != *c,
            Edit::Rounding(r) => policy.rounding != *r,
            Edit::Result(i, date, count) => self.plan.results.get(*i, *date) != *count,
            _ => true,
        }
    }

    /// Replaces the title block (the lines printed above the table). The
    /// same lines again add no undo step.
    pub fn set_title_block(&mut self, lines: Vec<String>) -> bool {
        // A title grows no sum: never refused.
        matches!(self.commit(Edit::TitleBlock(lines)), Ok(true))
    }

    /// The rounding mode; false when it already was `rounding`.
    pub fn set_rounding(&mut self, rounding: Rounding) -> bool {
        matches!(self.commit(Edit::Rounding(rounding)), Ok(true))
    }

    /// Several edits as one undo step; false when none changed anything.
    /// Refused (nothing changed) when a base, exclusion, pace or result
    /// would take a sum past 2^53 − 1.
    pub fn apply_batch(&mut self, edits: Vec<Edit>) -> Result<bool, PlanError> {
        self.commit(Edit::Batch(edits))
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Steps back one edit; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        if self.undo.is_empty() {
            return false;
        }
        self.record(Step::Undo);
        self.step_back();
        self.recompute();
        true
    }

    /// Steps forward one undone edit; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        if self.redo.is_empty() {
            return false;
        }
        self.record(Step::Redo);
        self.step_forward();
        self.recompute();
        true
    }

    fn step_back(&mut self) {
        if let Some(edit) = self.undo.pop() {
            let inverse = self.apply(edit);
            self.redo.push(inverse);
        }
    }

    fn step_forward(&mut self) {
        if let Some(edit) = self.redo.pop() {
            let inverse = self.apply(edit);
            self.undo.push(inverse);
        }
    }

    fn record(&mut self, step: Step) {
        if let Some(journal) = self.journal.as_mut() {
            journal.push(step);
        }
    }

    fn check_index(&self, index: usize) -> Result<(), PlanError> {
        if index < self.plan.units.len() {
            Ok(())
        } else {
            Err(PlanError::UnknownUnit(format!("#{index}")))
        }
    }

    /// Applies an edit as one undo step and recomputes; an edit that
    /// changes nothing adds no step (and leaves redo as it was). Whether
    /// anything changed.
    /// An edit that would take one of the plan's sums past 2^53 − 1 is
    /// undone and refused.
    fn commit(&mut self, edit: Edit) -> Result<bool, PlanError> {
        let inverse = self.apply(edit.clone());
        if is_noop(&edit, &inverse) {
            return Ok(false);
        }
        if grows_sums(&edit) {
            if let Some(kind) = self.plan.sum_beyond_limit() {
                self.apply(inverse);
                return Err(PlanError::SumTooLarge(kind));
            }
        }
        if self.journal.is_some() {
            self.record(Step::Commit(edit));
        }
        self.push_inverse(inverse);
        self.recompute();
        Ok(true)
    }

    /// Applies an edit as a new undo step (without recomputing).
    fn push_undo(&mut self, edit: Edit) {
        let inverse = self.apply(edit);
        self.push_inverse(inverse);
    }

    fn push_inverse(&mut self, inverse: Edit) {
        self.undo.push(inverse);
        trim_history(&mut self.undo);
        self.redo.clear();
    }

    /// Recomputes into the previous allocation's buffers (no fresh
    /// megabytes per keystroke on a large plan).
    fn recompute(&mut self) {
        self.revision = next_revision();
        allocate_update(&self.plan, &mut self.allocation, Locks::Keep);
        schedule_update(&self.plan, &self.allocation.target, &mut self.schedule);
        self.recompute_unlocked();
        self.recompute_progress();
    }

    /// Progress on the chosen date, only while the plan has results.
    fn recompute_progress(&mut self) {
        self.progress = self.progress_date().map(|date| self.progress_at(date));
        self.progress_warnings.clear();
        if let Some(progress) = &self.progress {
            let units = &self.plan.units;
            self.progress_warnings
                .extend(progress.flags.iter().filter_map(|(i, flag)| {
                    let id = units.get(*i)?.id;
                    Some(Warning::unit(id, WarningKind::Progress(flag.clone())))
                }));
        }
    }

    /// Every unit's progress on a date (computed now: O(units + figures)).
    pub fn progress_at(&self, date: Date) -> Progress {
        progress::progress(
            &self.plan,
            &self.allocation.target,
            &self.allocation.eligible,
            &self.schedule,
            date,
        )
    }

    /// Progress on the date the planner looks at; None without results.
    pub fn progress(&self) -> Option<&Progress> {
        self.progress.as_ref()
    }

    /// The date progress is shown for: the chosen one, else the latest
    /// reported; None without results and no choice.
    pub fn progress_date(&self) -> Option<Date> {
        self.progress_date
            .or_else(|| self.plan.results.latest_date())
    }

    /// Chooses the date progress is shown for (`None`: the latest). Not an
    /// edit: it changes what is seen, not the plan.
    pub fn set_progress_date(&mut self, date: Option<Date>) {
        self.progress_date = date;
        self.recompute_progress();
    }

    /// A unit's reported cumulative count on a date (`None` removes it);
    /// false (no undo step) when it already was so.
    pub fn set_result(
        &mut self,
        index: usize,
        date: Date,
        count: Option<u64>,
    ) -> Result<bool, PlanError> {
        self.check_index(index)?;
        if let Some(count) = count.filter(|&c| c > crate::core::plan::MAX_COUNT) {
            return Err(PlanError::CountTooLarge(count.to_string()));
        }
        self.commit_changes(vec![Edit::Result(index, date, count)])
    }

    /// A report's matched figures for one date, as one undo step; false
    /// when every figure already was so.
    pub fn apply_results(
        &mut self,
        date: Date,
        figures: &[(usize, u64)],
    ) -> Result<bool, PlanError> {
        let edits = figures
            .iter()
            .filter(|(i, _)| *i < self.plan.units.len())
            .map(|&(i, c)| Edit::Result(i, date, Some(c)))
            .collect();
        self.commit_changes(edits)
    }

    /// With locks in an apportioning mode, what the targets would be
    /// without them: a second pass, only while some target is locked.
    fn recompute_unlocked(&mut self) {
        let moves_others = self.plan.policy.rounding != Rounding::PerRow;
        if moves_others && self.allocation.has_locks() {
            let unlocked = self.unlocked.get_or_insert_with(Allocation::default);
            allocate_update(&self.plan, unlocked, Locks::Ignore);
        } else {
            self.unlocked = None;
        }
    }

    /// How much the locks on other units moved this unit's target (its
    /// target less what it would be without any lock); `None` for a locked
    /// unit or one the locks did not move.
    pub fn moved_by_locks(&self, index: usize) -> Option<i128> {
        let unlocked = self.unlocked.as_ref()?;
        if self.plan.units.get(index)?.locked_target.is_some() {
            return None;
        }
        let with = i128::from(*self.allocation.target.get(index)?);
        let without = i128::from(*unlocked.target.get(index)?);
        (with != without).then_some(with - without)
    }

    /// The targets without any lock, when the plan has locks that move
    /// other units.
    pub fn unlocked_allocation(&self) -> Option<&Allocation> {
        self.unlocked.as_ref()
    }

    /// Applies an edit and returns the edit that undoes it (a batch's
    /// inverse lists its edits' inverses in reverse order).
    fn apply(&mut self, edit: Edit) -> Edit {
        if let (Some(hold), Some(index)) = (&mut self.hold, edit.unit()) {
            if let Some(unit) = self.plan.units.get(index) {
                hold.before.entry(index).or_insert_with(|| unit.clone());
            }
        }
        match stale(&edit) {
            Stale::DailyFigures => self.schedule.inputs_changed(),
            Stale::Unit(index) => {
                self.allocation.unit_changed(index);
                if let Some(unlocked) = &mut self.unlocked {
                    unlocked.unit_changed(index);
                }
            }
            Stale::Neither => {}
        }
        let policy = &mut self.plan.policy;
        match edit {
            Edit::DefaultPercent(p) => {
                Edit::DefaultPercent(std::mem::replace(&mut policy.default_percent, p))
            }
            Edit::LevelPercent(level, p) => {
                let old = match p {
                    Some(p) => policy.level_percents.insert(level, p),
                    None => policy.level_percents.remove(&level),
                };
                Edit::LevelPercent(level, old)
            }
            Edit::UnitPercent(index, p) => match self.plan.units.get_mut(index) {
                Some(unit) => {
                    Edit::UnitPercent(index, std::mem::replace(&mut unit.percent_override, p))
                }
                None => Edit::Batch(Vec::new()),
            },
            Edit::Target(index, t) => match self.plan.units.get_mut(index) {
                Some(unit) => Edit::Target(index, std::mem::replace(&mut unit.locked_target, t)),
                None => Edit::Batch(Vec::new()),
            },
            Edit::Base(index, base) => match self.plan.units.get_mut(index) {
                Some(unit) => Edit::Base(index, std::mem::replace(&mut unit.base, base)),
                None => Edit::Batch(Vec::new()),
            },
            Edit::Name(index, name) => match self.plan.units.get_mut(index) {
                Some(unit) => Edit::Name(index, std::mem::replace(&mut unit.name, name)),
                None => Edit::Batch(Vec::new()),
            },
            Edit::Exclusion(index, category, count) => match self.plan.units.get_mut(index) {
                Some(unit) => {
                    let slot = &mut unit.exclusions[category.index()];
                    Edit::Exclusion(index, category, std::mem::replace(slot, count))
                }
                None => Edit::Batch(Vec::new()),
            },
            Edit::Daily(index, daily) => match self.plan.units.get_mut(index) {
                Some(unit) => Edit::Daily(index, std::mem::replace(&mut unit.daily_target, daily)),
                None => Edit::Batch(Vec::new()),
            },
            Edit::DefaultDaily(daily) => {
                Edit::DefaultDaily(std::mem::replace(&mut policy.default_daily, daily))
            }
            Edit::LevelDaily(level, daily) => {
                let old = match daily {
                    Some(d) => policy.level_daily.insert(level, d),
                    None => policy.level_daily.remove(&level),
                };
                Edit::LevelDaily(level, old)
            }
            Edit::Calendar(calendar) => {
                Edit::Calendar(std::mem::replace(&mut policy.calendar, calendar))
            }
            Edit::Rounding(r) => Edit::Rounding(std::mem::replace(&mut policy.rounding, r)),
            Edit::Result(index, date, count) => {
                Edit::Result(index, date, self.plan.results.set(index, date, count))
            }
            Edit::TitleBlock(lines) => {
                Edit::TitleBlock(std::mem::replace(&mut self.plan.title_block, lines))
            }
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = edits.into_iter().map(|e| self.apply(e)).collect();
                inverses.reverse();
                Edit::Batch(inverses)
            }
        }
    }
}

impl Edit {
    /// The unit whose own inputs (a plan file's unit record) the edit
    /// changes; `None` for the policy, the title, results and batches
    /// (whose edits each name their own). Every kind is listed.
    fn unit(&self) -> Option<usize> {
        match self {
            Edit::UnitPercent(index, _)
            | Edit::Target(index, _)
            | Edit::Base(index, _)
            | Edit::Name(index, _)
            | Edit::Exclusion(index, _, _)
            | Edit::Daily(index, _) => Some(*index),
            Edit::DefaultPercent(_)
            | Edit::LevelPercent(..)
            | Edit::Rounding(_)
            | Edit::DefaultDaily(_)
            | Edit::TitleBlock(_)
            | Edit::LevelDaily(..)
            | Edit::Calendar(_)
            | Edit::Result(..)
            | Edit::Batch(_) => None,
        }
    }
}

/// What an edit makes stale of what the model keeps between edits.
enum Stale {
    /// The figures per day the schedule's forward pass reads.
    DailyFigures,
    /// What the allocation read of one unit (base, exclusions, own
    /// percentage, lock).
    Unit(usize),
    /// Neither: the kept readings stay (the allocation and the schedule
    /// still recompute from the policy).
    Neither,
}

/// Every kind is listed, so a new one must be decided.
fn stale(edit: &Edit) -> Stale {
    match edit {
        Edit::Daily(..) | Edit::DefaultDaily(_) | Edit::LevelDaily(..) => Stale::DailyFigures,
        Edit::UnitPercent(index, _)
        | Edit::Target(index, _)
        | Edit::Base(index, _)
        | Edit::Exclusion(index, _, _) => Stale::Unit(*index),
        Edit::DefaultPercent(_)
        | Edit::LevelPercent(..)
        | Edit::Rounding(_)
        | Edit::Name(..)
        | Edit::TitleBlock(_)
        | Edit::Calendar(_)
        | Edit::Result(..)
        | Edit::Batch(_) => Stale::Neither,
    }
}

/// The edits of a daily figure typed on a unit: on a leaf, or with
/// `DailyScope::ThisUnit`, its own; on a parent with `DailyScope::Groups`,
/// every leaf below gets it and own figures of the parents in between
/// (the unit's included) are cleared so that they show the leaves' sum.
pub fn daily_edits(plan: &Plan, index: usize, daily: Option<u64>, scope: DailyScope) -> Vec<Edit> {
    if scope == DailyScope::ThisUnit || plan.is_leaf(index) {
        return vec![Edit::Daily(index, daily)];
    }
    let mut edits = Vec::new();
    let mut stack = vec![index];
    while let Some(i) = stack.pop() {
        if plan.is_leaf(i) {
            edits.push(Edit::Daily(i, daily));
        } else {
            if plan.units[i].daily_target.is_some() {
                edits.push(Edit::Daily(i, None));
            }
            stack.extend(plan.children(i).iter().rev());
        }
    }
    edits
}

/// Drops the oldest steps beyond `HISTORY_LIMIT`.
fn trim_history(steps: &mut Vec<Edit>) {
    if steps.len() > HISTORY_LIMIT {
        steps.drain(..steps.len() - HISTORY_LIMIT);
    }
}

/// Whether applying `edit` gave back `inverse` unchanged: every value it
/// set was already there.
/// Whether an edit can raise one of the sums `Plan::sum_beyond_limit`
/// checks (percentages, targets, names and the calendar cannot).
fn grows_sums(edit: &Edit) -> bool {
    match edit {
        Edit::Base(..)
        | Edit::Exclusion(..)
        | Edit::Daily(..)
        | Edit::DefaultDaily(_)
        | Edit::LevelDaily(..)
        | Edit::Result(..) => true,
        Edit::Batch(edits) => edits.iter().any(grows_sums),
        _ => false,
    }
}

fn is_noop(edit: &Edit, inverse: &Edit) -> bool {
    match (edit, inverse) {
        (Edit::Batch(edits), Edit::Batch(inverses)) => {
            edits.len() == inverses.len()
                && edits
                    .iter()
                    .zip(inverses.iter().rev())
                    .all(|(e, i)| is_noop(e, i))
        }
        _ => edit == inverse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_block_edits_undo_and_skip_no_ops() {
        let Ok(mut model) = PlannerModel::sample() else {
            panic!("the sample opens");
        };
        let original = model.plan().title_block.clone();
        assert_eq!(original.first().map(String::as_str), Some("PHỤ LỤC"));
        model.set_title_block(original.clone());
        assert!(!model.can_undo(), "the same lines add no undo step");
        let edited = vec!["PHỤ LỤC 2".to_string(), "(kèm theo …)".to_string()];
        model.set_title_block(edited.clone());
        assert_eq!(model.plan().title_block, edited);
        assert!(model.undo());
        assert_eq!(model.plan().title_block, original);
        assert!(model.redo());
        assert_eq!(model.plan().title_block, edited);
    }
}
