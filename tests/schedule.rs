//! The campaign schedule through the façade: seed 000's known answer, daily
//! figures typed on a parent, per level and derived, rollups, milestones,
//! flags, refused periods, undo; properties of the cumulative plan.

use jiff::civil::Date;
use proptest::prelude::*;
use quota_planner::core::error::PlanError;
use quota_planner::core::model::{DailyScope, PlannerModel};
use quota_planner::core::percent::Percent;
use quota_planner::core::plan::{Plan, Unit, UnitId};
use quota_planner::core::schedule::{
    milestone_figure, parse_typed, schedule_into, Calendar, Milestone, Schedule, ScheduleError,
    ScheduleFlag,
};
use quota_planner::core::warning::WarningKind;

fn d(text: &str) -> Date {
    parse_typed(text).unwrap()
}

/// Seed 000, phường Nguyễn Trãi: a ward of three residential groups whose
/// targets (100%) add up to 3.345.
fn ward() -> PlannerModel {
    let mut units = vec![Unit::new(UnitId(0), "", "Phường Nguyễn Trãi", 0, None)];
    for (i, base) in [1200u64, 1100, 1045].into_iter().enumerate() {
        let mut group = Unit::new(
            UnitId(i as u32 + 1),
            &(i + 1).to_string(),
            &format!("Tổ {}", i + 1),
            1,
            Some(0),
        );
        group.base = base;
        units.push(group);
    }
    let mut model = PlannerModel::new(Plan::new("KH phường Nguyễn Trãi", units));
    model.set_default_percent(Percent::HUNDRED);
    model
}

fn may_2025(exclude_sunday: bool) -> Calendar {
    Calendar {
        start: Some(d("08/05/2025")),
        end: Some(d("30/05/2025")),
        exclude_weekdays: if exclude_sunday { vec![0] } else { vec![] },
        ..Calendar::default()
    }
}

fn flags(model: &PlannerModel, index: usize) -> Vec<ScheduleFlag> {
    let id = model.plan().units[index].id;
    model
        .warnings()
        .filter(|w| w.unit == Some(id))
        .filter_map(|w| match &w.kind {
            WarningKind::Schedule(flag) => Some(flag.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn seed_000_known_answer() {
    let mut model = ward();
    assert_eq!(model.allocation().target[0], 3345);
    assert!(model.set_calendar(may_2025(false)).unwrap());
    assert_eq!(model.schedule().days.as_ref().unwrap().counted, 23);
    assert!(model.set_calendar(may_2025(true)).unwrap());
    assert_eq!(model.schedule().days.as_ref().unwrap().counted, 20);
    // 196 per day for the ward itself: ceil(3345 / 196) = 18 days.
    model
        .set_daily_target(Some(0), Some(196), DailyScope::ThisUnit)
        .unwrap();
    let s = model.schedule();
    assert_eq!(s.daily[0], Some(196));
    assert_eq!(s.days_needed[0], Some(18));
    // The 18th counted day from Thu 08/05 without Sundays: Wed 28/05.
    assert_eq!(s.finish[0], Some(d("28/05/2025")));
    assert_eq!(s.shortfall[0], Some(0));
    // The groups have no figure: no sum for the ward's children.
    assert_eq!(s.daily[1], None);
}

#[test]
fn a_figure_typed_on_the_ward_reaches_its_groups_in_one_undo_step() {
    let mut model = ward();
    model.set_calendar(may_2025(true)).unwrap();
    let before = model.plan().clone();
    model
        .set_daily_target(Some(0), Some(196), DailyScope::Groups)
        .unwrap();
    let s = model.schedule();
    assert_eq!(&s.daily[1..], &[Some(196), Some(196), Some(196)]);
    assert_eq!(s.daily[0], Some(588));
    assert_eq!(model.plan().units[0].daily_target, None);
    // 1200 / 196 → 7 days, 1045 / 196 → 6 days.
    assert_eq!(&s.days_needed[1..], &[Some(7), Some(6), Some(6)]);
    assert!(model.undo());
    assert_eq!(model.plan(), &before);
    assert!(model.can_undo(), "the calendar is still one step back");
    // The same figure again is no change and no undo step.
    model.redo();
    assert!(!model
        .set_daily_target(Some(0), Some(196), DailyScope::Groups)
        .unwrap());
}

#[test]
fn level_figures_rollups_and_the_default() {
    let mut model = ward();
    model.set_calendar(may_2025(true)).unwrap();
    model.set_level_daily(1, Some(100)).unwrap();
    assert_eq!(model.schedule().daily[0], Some(300));
    // A unit's own figure wins over its level's.
    model
        .set_daily_target(Some(2), Some(80), DailyScope::ThisUnit)
        .unwrap();
    assert_eq!(model.schedule().daily[0], Some(280));
    // A level figure on the ward replaces the sum.
    model.set_level_daily(0, Some(500)).unwrap();
    assert_eq!(model.schedule().daily[0], Some(500));
    model.set_level_daily(0, None).unwrap();
    model.set_level_daily(1, None).unwrap();
    // One group without a figure: the ward has no sum.
    assert_eq!(model.schedule().daily[0], None);
    model
        .set_daily_target(None, Some(90), DailyScope::Groups)
        .unwrap();
    assert_eq!(
        &model.schedule().daily,
        &[Some(260), Some(90), Some(80), Some(90)]
    );
    assert!(matches!(
        model.set_level_daily(2, Some(1)),
        Err(PlanError::UnknownLevel(2))
    ));
}

#[test]
fn shortfall_and_daily_above_target_are_flagged_with_their_numbers() {
    let mut model = ward();
    model.set_calendar(may_2025(true)).unwrap();
    model.set_level_daily(1, Some(55)).unwrap();
    // 55 × 20 = 1.100: group 1 (1.200) is 100 short, group 2 just makes it.
    assert_eq!(
        flags(&model, 1),
        [ScheduleFlag::Shortfall {
            target: 1200,
            daily: 55,
            days: 20,
            reach: 1100,
            shortfall: 100
        }]
    );
    assert_eq!(model.schedule().shortfall[1], Some(100));
    assert_eq!(model.unit_warnings(1).count(), 1);
    assert_eq!(model.unit_warnings(2).count(), 0);
    assert!(flags(&model, 2).is_empty());
    assert_eq!(model.schedule().finish[1], Some(d("02/06/2025")));
    // Seed 000's ambiguity: a ward's figure typed for a tiny group.
    model
        .set_daily_target(Some(3), Some(3345), DailyScope::ThisUnit)
        .unwrap();
    assert_eq!(
        flags(&model, 3),
        [ScheduleFlag::DailyAboveTarget {
            daily: 3345,
            target: 1045
        }]
    );
    let view =
        quota_planner::core::view::PlanView::of(&model, quota_planner::core::i18n::Locale::Vi);
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["policy"]["days"], 20);
    assert_eq!(json["units"][1]["shortfall"], 100);
    assert_eq!(json["units"][1]["finishDate"], "2025-06-02");
    let message = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "schedule-shortfall" && w["unitId"] == json["units"][1]["id"])
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("55/ngày × 20 ngày = 1.100, thiếu 100"),
        "{message}"
    );
    // The ward has no figure of its own: it is measured by its groups.
    assert_eq!(
        flags(&model, 0),
        [ScheduleFlag::GroupsShort {
            target: 3345,
            reach: 1100 + 1100 + 1045,
            shortfall: 100,
            units: 1
        }]
    );
}

/// A parent whose figure is its groups' sum finishes with its slowest
/// group, and its day-by-day plan is theirs added up, not a pooled pace.
#[test]
fn a_parent_is_measured_by_its_groups_not_by_their_pooled_pace() {
    let mut units = vec![Unit::new(UnitId(0), "", "Phường", 0, None)];
    for (i, base) in [100u64, 100].into_iter().enumerate() {
        let mut group = Unit::new(UnitId(i as u32 + 1), "", &format!("Tổ {i}"), 1, Some(0));
        group.base = base;
        units.push(group);
    }
    let mut model = PlannerModel::new(Plan::new("", units));
    model.set_default_percent(Percent::HUNDRED);
    let mut calendar = may_2025(false);
    calendar.milestones = vec![Milestone {
        date: d("10/05/2025"),
        percent: Percent::whole(50).unwrap(),
    }];
    model.set_calendar(calendar).unwrap();
    model
        .set_daily_target(Some(1), Some(50), DailyScope::ThisUnit)
        .unwrap();
    model
        .set_daily_target(Some(2), Some(10), DailyScope::ThisUnit)
        .unwrap();
    let s = model.schedule();
    assert_eq!(s.daily[0], Some(60));
    // Pooled, 200 at 60 a day would take 4 days; the slow group takes 10.
    assert_eq!(s.days_needed[..], [Some(10), Some(2), Some(10)]);
    assert_eq!(s.finish[0], s.finish[2]);
    assert_eq!(s.finish[0], Some(d("17/05/2025")));
    for k in 0..=23 {
        let groups = s.cumulative(1, 100, k).unwrap() + s.cumulative(2, 100, k).unwrap();
        assert_eq!(s.cumulative(0, 200, k), Some(groups), "day {k}");
    }
    // Day 3 (10/05, the 50% milestone): the slow group's plan is raised
    // to its milestone figure, 50; the ward's is 100 + 50, not a pooled 180.
    assert_eq!(s.cumulative(2, 100, 3), Some(50));
    assert_eq!(s.cumulative(0, 200, 3), Some(150));
    assert_eq!(s.shortfall[0], Some(0));
    // The slow group is late for the milestone (30 of 50); together the
    // groups bring 130 of the ward's 100, so the ward is not.
    assert!(matches!(
        flags(&model, 2)[..],
        [ScheduleFlag::MissesMilestone {
            need: 50,
            reach: 30,
            ..
        }]
    ));
    assert!(flags(&model, 0).is_empty(), "{:?}", flags(&model, 0));
    // A figure of the ward's own is a pace of its own again.
    model
        .set_daily_target(Some(0), Some(20), DailyScope::ThisUnit)
        .unwrap();
    let s = model.schedule();
    assert_eq!(s.days_needed[0], Some(10));
    // 20 a day brings 60 by the milestone; the plan asks its 100.
    assert_eq!(s.cumulative(0, 200, 3), Some(100));
    assert!(matches!(
        flags(&model, 0)[..],
        [ScheduleFlag::MissesMilestone {
            need: 100,
            reach: 60,
            ..
        }]
    ));
}

#[test]
fn derive_splits_each_target_over_the_counted_days() {
    let mut model = ward();
    assert_eq!(
        model.derive_daily(),
        Err(PlanError::Schedule(ScheduleError::NoPeriod))
    );
    model.set_calendar(may_2025(true)).unwrap();
    model
        .set_daily_target(Some(2), Some(70), DailyScope::ThisUnit)
        .unwrap();
    assert_eq!(model.derive_daily().unwrap(), 2);
    // 1200 / 20 = 60, 1045 / 20 = 52,25 → 53; group 2 keeps its own 70.
    assert_eq!(
        &model.schedule().daily,
        &[Some(183), Some(60), Some(70), Some(53)]
    );
    assert!(model.schedule().warnings.is_empty());
    assert!(model.undo());
    assert_eq!(model.schedule().daily[1], None);
}

#[test]
fn milestones_show_where_each_unit_must_be() {
    let mut model = ward();
    let mut calendar = may_2025(true);
    // Seed 002: communes 90% by 29/05.
    calendar.milestones = vec![Milestone {
        date: d("20/05/2025"),
        percent: Percent::whole(90).unwrap(),
    }];
    model.set_calendar(calendar).unwrap();
    let days = model.schedule().days.clone().unwrap();
    let (milestone, at) = days.milestones[0];
    assert_eq!(at, 11); // 08–20/05 without the Sundays 11/05 and 18/05
    let figure = milestone_figure(1045, milestone.percent);
    assert_eq!(figure, 941); // 940,5 rounds up
    assert_eq!(model.schedule().cumulative(3, 1045, at), Some(941));
    // 60 per day reaches 660 by then: late for the milestone, though the
    // end (1.200) is reached.
    model.set_level_daily(1, Some(60)).unwrap();
    assert_eq!(
        flags(&model, 1),
        [ScheduleFlag::MissesMilestone {
            date: d("20/05/2025"),
            percent: Percent::whole(90).unwrap(),
            need: 1080,
            reach: 660
        }]
    );
}

#[test]
fn bad_periods_are_refused_and_change_nothing() {
    let mut model = ward();
    model.set_calendar(may_2025(true)).unwrap();
    let plan = model.plan().clone();
    let mut backwards = may_2025(true);
    backwards.end = Some(d("01/05/2025"));
    assert!(matches!(
        model.set_calendar(backwards),
        Err(PlanError::Schedule(ScheduleError::EndBeforeStart { .. }))
    ));
    let mut none = may_2025(false);
    none.exclude_weekdays = (0..7).collect();
    assert!(matches!(
        model.set_calendar(none),
        Err(PlanError::Schedule(ScheduleError::NoCountedDay { .. }))
    ));
    assert_eq!(model.plan(), &plan);
    assert!(model.undo());
    assert_eq!(
        model.plan().policy.calendar,
        Calendar::default(),
        "refusals left no undo step"
    );
    // The same calendar again is no change.
    model.redo();
    assert!(!model.set_calendar(may_2025(true)).unwrap());
}

fn calendar_strategy() -> impl Strategy<Value = Calendar> {
    (
        0i32..400,
        1i32..120,
        proptest::collection::vec(0u8..7, 0..3),
        proptest::collection::vec((0i32..120, 1u64..=10_000), 0..3),
    )
        .prop_map(|(offset, length, weekdays, milestones)| {
            let start = d("01/01/2024")
                .checked_add(jiff::Span::new().days(offset))
                .unwrap();
            let end = start
                .checked_add(jiff::Span::new().days(length - 1))
                .unwrap();
            Calendar {
                start: Some(start),
                end: Some(end),
                exclude_weekdays: weekdays,
                holidays: vec![],
                milestones: milestones
                    .into_iter()
                    .map(|(at, pct)| Milestone {
                        date: start
                            .checked_add(jiff::Span::new().days(at % length))
                            .unwrap(),
                        percent: Percent::from_hundredths(pct).unwrap(),
                    })
                    .collect(),
            }
        })
}

proptest! {
    #[test]
    fn cumulative_plans_rise_to_the_target_and_meet_milestones(
        calendar in calendar_strategy(),
        target in 0u64..2_000_000,
        daily in proptest::option::of(0u64..50_000),
    ) {
        let Ok(calendar) = calendar.normalised() else {
            return Ok(());
        };
        let days = calendar.days().unwrap();
        let plan: Vec<u64> = (0..=days.counted).map(|k| days.cumulative(target, daily, k)).collect();
        prop_assert_eq!(plan[0], 0);
        prop_assert_eq!(*plan.last().unwrap(), target);
        prop_assert!(plan.windows(2).all(|w| w[0] <= w[1]), "{:?}", plan);
        // (A milestone before the first counted day cannot be planned for;
        // the schedule flags it instead.)
        for (m, at) in days.milestones.iter().filter(|(_, at)| *at > 0) {
            prop_assert!(plan[*at as usize] >= milestone_figure(target, m.percent));
        }
        if let Some(d) = daily {
            for (k, &c) in plan.iter().enumerate() {
                prop_assert!(c >= d.saturating_mul(k as u64).min(target));
            }
        }
    }

    /// On a random ward of districts and groups where some groups have a
    /// figure: every parent without a figure of its own plans, needs and
    /// falls short exactly as its units do together.
    #[test]
    fn parents_are_their_units_together(
        calendar in calendar_strategy(),
        districts in proptest::collection::vec(
            proptest::collection::vec((0u64..5_000, proptest::option::of(0u64..400)), 1..5),
            1..4,
        ),
    ) {
        let Ok(calendar) = calendar.normalised() else {
            return Ok(());
        };
        let mut units = vec![Unit::new(UnitId(0), "", "Phường", 0, None)];
        let mut figures = vec![];
        for groups in &districts {
            let district = units.len();
            units.push(Unit::new(UnitId(district as u32), "", "Khu", 1, Some(0)));
            for &(base, daily) in groups {
                let mut group = Unit::new(UnitId(units.len() as u32), "", "Tổ", 2, Some(district));
                group.base = base;
                figures.push((units.len(), daily));
                units.push(group);
            }
        }
        let mut model = PlannerModel::new(Plan::new("", units));
        model.set_rounding(quota_planner::core::plan::Rounding::LargestRemainder);
        model.set_default_percent(Percent::whole(90).unwrap());
        for (index, daily) in figures {
            model.set_daily_target(Some(index), daily, DailyScope::ThisUnit).unwrap();
        }
        model.set_calendar(calendar).unwrap();
        let s = model.schedule();
        let plan = model.plan();
        let target = &model.allocation().target;
        let counted = s.days.as_ref().unwrap().counted;
        for parent in (0..plan.units.len()).filter(|&i| !plan.is_leaf(i)) {
            let units = plan.children(parent);
            for k in 0..=counted {
                let together: u64 = units.iter().map(|&i| s.cumulative(i, target[i], k).unwrap()).sum();
                prop_assert_eq!(s.cumulative(parent, target[parent], k), Some(together));
            }
            let slowest = units.iter().try_fold(0u64, |m, &i| s.days_needed[i].map(|d| m.max(d)));
            prop_assert_eq!(s.days_needed[parent], slowest);
            if s.daily[parent].is_some() {
                let short: u64 = units.iter().map(|&i| s.shortfall[i].unwrap()).sum();
                prop_assert_eq!(s.shortfall[parent], Some(short));
            }
        }
    }

    /// The model keeps what the allocation read out of the units and the
    /// schedule's reading of the figures per day between edits, and
    /// measures every unit in one pass: after any sequence of edits
    /// (plan-wide, level and unit percentages, bases, exclusions, locks,
    /// rounding modes, figures per unit, level and default, the period,
    /// undo and redo) its targets and its schedule are the ones computed
    /// afresh from its plan.
    #[test]
    fn the_kept_schedule_is_the_one_computed_afresh(
        calendar in calendar_strategy(),
        shape in proptest::collection::vec(1usize..4, 1..4),
        steps in proptest::collection::vec((0u8..16, 0usize..40, proptest::option::of(0u64..300)), 1..30),
    ) {
        use quota_planner::core::allocate::allocate;
        use quota_planner::core::model::Edit;
        use quota_planner::core::plan::{ExclusionCategory, Rounding};
        let mut units = vec![Unit::new(UnitId(0), "", "Phường", 0, None)];
        for (k, &groups) in shape.iter().enumerate() {
            let district = units.len();
            units.push(Unit::new(UnitId(district as u32), "", "Khu", 1, Some(0)));
            for g in 0..groups as u64 {
                let mut group = Unit::new(UnitId(units.len() as u32), "", "Tổ", 2, Some(district));
                group.base = 100 + 37 * g + 11 * k as u64;
                units.push(group);
            }
        }
        let n = units.len();
        let mut model = PlannerModel::new(Plan::new("", units));
        let calendar = calendar.normalised().ok();
        for (kind, unit, figure) in steps {
            let unit = unit % n;
            let percent = Percent::whole(50 + (figure.unwrap_or(0) % 50) as u16).unwrap();
            match kind {
                0 => { model.set_default_percent(percent); }
                1 => { model.set_daily_target(Some(unit), figure, DailyScope::ThisUnit).unwrap(); }
                2 => { model.set_daily_target(Some(unit), figure, DailyScope::Groups).unwrap(); }
                3 => { model.set_level_daily((unit % 3) as u32, figure).unwrap(); }
                4 => { model.set_daily_target(None, figure, DailyScope::Groups).unwrap(); }
                5 => {
                    let period = match (figure, &calendar) {
                        (Some(_), Some(c)) => c.clone(),
                        _ => Calendar::default(),
                    };
                    model.set_calendar(period).unwrap();
                }
                6 | 7 => { model.undo(); }
                8 => { model.redo(); }
                9 => { model.set_unit_percent(unit, figure.map(|_| percent)).unwrap(); }
                10 => { model.set_level_percent((unit % 3) as u32, figure.map(|_| percent)).unwrap(); }
                11 => { model.apply_batch(vec![Edit::Base(unit, figure.unwrap_or(0) * 3)]).unwrap(); }
                12 => {
                    let count = figure.unwrap_or(0) / 2;
                    model.apply_batch(vec![Edit::Exclusion(unit, ExclusionCategory::Died, count)]).unwrap();
                }
                13 => {
                    // A lock within the unit's eligible count (else refused,
                    // nothing changed).
                    let eligible = model.allocation().eligible[unit];
                    let _ = model.set_target(unit, figure.map(|f| f.min(eligible)));
                }
                _ => { model.set_rounding(Rounding::ALL[unit % Rounding::ALL.len()]); }
            }
            let plan = model.plan();
            let targets = allocate(plan);
            prop_assert_eq!(model.allocation(), &targets);
            let mut fresh = Schedule::default();
            schedule_into(plan, &targets.target, &mut fresh);
            let kept = model.schedule();
            prop_assert_eq!(&kept.daily, &fresh.daily);
            prop_assert_eq!(&kept.days_needed, &fresh.days_needed);
            prop_assert_eq!(&kept.finish, &fresh.finish);
            prop_assert_eq!(&kept.shortfall, &fresh.shortfall);
            prop_assert_eq!(&kept.warnings, &fresh.warnings);
            for i in 0..n {
                // Each unit's findings are found by its index.
                let id = Some(plan.units[i].id);
                let own: Vec<_> = fresh.warnings.iter().filter(|w| w.unit == id).collect();
                prop_assert_eq!(kept.unit_warnings(i).iter().collect::<Vec<_>>(), own);
                let t = targets.target[i];
                prop_assert_eq!(kept.cumulative(i, t, 3), fresh.cumulative(i, t, 3));
            }
        }
    }

    #[test]
    fn counted_days_match_a_day_by_day_count(calendar in calendar_strategy()) {
        let days = calendar.days().unwrap();
        let start = calendar.start.unwrap();
        let mut expected = 0;
        for (j, date) in days.dates.iter().enumerate() {
            prop_assert_eq!(*date, start.checked_add(jiff::Span::new().days(j as i64)).unwrap());
            let weekday = date.weekday().to_sunday_zero_offset() as u8;
            expected += u64::from(!calendar.exclude_weekdays.contains(&weekday));
        }
        prop_assert_eq!(days.counted, expected);
    }
}

#[test]
fn a_parent_figure_typed_for_this_unit_only_stays_on_it() {
    let mut model = ward();
    model
        .set_daily_target(Some(0), Some(196), DailyScope::ThisUnit)
        .unwrap();
    assert_eq!(model.plan().units[0].daily_target, Some(196));
    assert!(model.plan().units[1..]
        .iter()
        .all(|u| u.daily_target.is_none()));
    // Typed for the groups afterwards, the ward's own figure goes.
    model
        .set_daily_target(Some(0), Some(100), DailyScope::Groups)
        .unwrap();
    assert_eq!(model.plan().units[0].daily_target, None);
    assert_eq!(model.schedule().daily[0], Some(300));
    assert!(model.undo());
    assert_eq!(model.plan().units[0].daily_target, Some(196));
}

#[test]
fn the_workbook_gets_the_schedule_as_its_own_sheet() {
    use calamine::{Data, Reader, Xlsx};
    let mut model = ward();
    let mut calendar = may_2025(true);
    calendar.milestones = vec![Milestone {
        date: d("20/05/2025"),
        percent: Percent::whole(90).unwrap(),
    }];
    model.set_calendar(calendar).unwrap();
    model.set_level_daily(1, Some(55)).unwrap();
    let bytes =
        quota_planner::core::export::xlsx::to_xlsx(&model, quota_planner::core::i18n::Locale::Vi)
            .unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names().last().unwrap(), "Lịch theo ngày");
    let sheet = book.worksheet_range("Lịch theo ngày").unwrap();
    // Code, name, target, per day, then the 20 counted days.
    assert_eq!(sheet.width(), 4 + 20);
    assert_eq!(sheet.get((0, 4)), Some(&Data::String("08/05/2025".into())));
    assert_eq!(
        sheet.get((0, 4 + 10)),
        Some(&Data::String("20/05/2025 ◆90%".into()))
    );
    // Group 1: 1.200, 55 a day; 90% (1.080) by the 11th counted day, the
    // target on the last, as `Schedule::cumulative` plans it.
    let row = 2;
    assert_eq!(sheet.get((row, 1)), Some(&Data::String("Tổ 1".into())));
    assert_eq!(sheet.get((row, 3)), Some(&Data::Float(55.0)));
    assert_eq!(sheet.get((row, 4 + 10)), Some(&Data::Float(1080.0)));
    assert_eq!(sheet.get((row, 4 + 19)), Some(&Data::Float(1200.0)));
    // Without a period there is no schedule sheet.
    let plain =
        quota_planner::core::export::xlsx::to_xlsx(&ward(), quota_planner::core::i18n::Locale::Vi)
            .unwrap();
    let book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(plain)).unwrap();
    assert!(!book.sheet_names().iter().any(|n| n == "Lịch theo ngày"));
}

/// A parent's daily cell shows its groups' sum; neither the editor nor a
/// paste of that sum hands the sum to each group.
#[test]
fn a_parents_shown_sum_is_never_handed_to_its_groups() {
    use quota_planner::core::cells::{paste_edits, Column};
    use quota_planner::core::i18n::Locale;
    let mut model = ward();
    model.set_calendar(may_2025(true)).unwrap();
    model
        .set_daily_target(Some(0), Some(196), DailyScope::Groups)
        .unwrap();
    assert_eq!(model.schedule().daily[0], Some(588));
    // The editor opens on the ward's own figure (none), not the sum.
    assert_eq!(Column::Daily.edit_text(&model, 0, Locale::Vi), "");
    assert_eq!(Column::Daily.edit_text(&model, 1, Locale::Vi), "196");
    // The column copied from the grid and pasted back changes nothing.
    let rows = [0usize, 1, 2, 3];
    let block: Vec<Vec<String>> = ["588", "196", "196", "196"]
        .iter()
        .map(|v| vec![v.to_string()])
        .collect();
    let edits = paste_edits(&model, &rows, &[Column::Daily], (0, 0), None, &block).unwrap();
    assert_eq!(model.apply_batch(edits), Ok(false), "nothing changed");
    assert_eq!(
        model.schedule().daily[1..],
        [Some(196), Some(196), Some(196)]
    );
    // A different figure pasted on the ward still reaches its groups.
    let block = vec![vec!["150".to_string()]];
    let edits = paste_edits(&model, &rows, &[Column::Daily], (0, 0), None, &block).unwrap();
    assert_eq!(model.apply_batch(edits), Ok(true));
    assert_eq!(
        model.schedule().daily[1..],
        [Some(150), Some(150), Some(150)]
    );
}
