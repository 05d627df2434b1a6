//! Campaign progress through the façade: matching report rows to units
//! (STT, names with and without diacritics and kind prefixes, unmatched
//! rows), rollups, the checks on decreasing and excessive counts, the
//! figures needed per day against hand-computed cases, laggards, the plan
//! file carrying the history, and seed 003's rates.

use jiff::civil::Date;
use quota_planner::core::export::planfile;
use quota_planner::core::import::{self, Cell};
use quota_planner::core::model::PlannerModel;
use quota_planner::core::percent::Percent;
use quota_planner::core::plan::{ExclusionCategory, Plan, Unit, UnitId};
use quota_planner::core::progress::{
    date_in_text, laggards, match_report, name_key, prepare_results, read_report, read_report_file,
    read_report_paste, read_report_sheets, ward_report, without_figure, LaggardOrder,
    MilestoneNeed, ProgressFlag, Rate, ReportError, ReportRow, Unmatched, WardReport,
};
use quota_planner::core::schedule::{parse_typed, Calendar, Milestone};

fn d(text: &str) -> Date {
    parse_typed(text).unwrap()
}

/// Thị xã > two wards, each with residential groups; a commune with an ấp.
///  0 Thị xã Ngã Năm
///  1   Phường 1        2 TDP 1 (300)  3 TDP 2 (200)  4 TDP 3 (100)
///  5   Phường 2        6 TDP 1 (250)  7 TDP 2 (150)
///  8   Xã Vĩnh Quới    9 Ấp Vĩnh Hòa (400)
fn town() -> PlannerModel {
    let mut units = vec![Unit::new(UnitId(0), "", "Thị xã Ngã Năm", 0, None)];
    let mut add = |code: &str, name: &str, level: u8, parent: Option<usize>, base: u64| {
        let id = UnitId(units.len() as u32);
        let mut unit = Unit::new(id, code, name, level, parent);
        unit.base = base;
        units.push(unit);
    };
    add("1", "Phường 1", 1, Some(0), 0);
    add("1", "Tổ dân phố 1", 2, Some(1), 300);
    add("2", "Tổ dân phố 2", 2, Some(1), 200);
    add("3", "Tổ dân phố 3", 2, Some(1), 100);
    add("2", "Phường 2", 1, Some(0), 0);
    add("1", "Tổ dân phố 1", 2, Some(5), 250);
    add("2", "Tổ dân phố 2", 2, Some(5), 150);
    add("3", "Xã Vĩnh Quới", 1, Some(0), 0);
    add("1", "Ấp Vĩnh Hòa", 2, Some(8), 400);
    let mut model = PlannerModel::new(Plan::new("Ngã Năm", units));
    model.set_default_percent(Percent::HUNDRED);
    model
}

fn row(n: usize, code: &str, name: &str, count: u64) -> ReportRow {
    ReportRow {
        row: n,
        code: code.to_string(),
        name: name.to_string(),
        count: Ok(count),
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

#[test]
fn names_fold_without_diacritics_and_prefixes() {
    assert_eq!(name_key("TDP 3"), (Some("to"), "3".to_string()));
    assert_eq!(name_key("Tổ dân phố 03"), (Some("to"), "3".to_string()));
    assert_eq!(name_key("Tổ 3"), (Some("to"), "3".to_string()));
    assert_eq!(name_key("KP. 5"), (Some("kp"), "5".to_string()));
    assert_eq!(name_key("Khu phố 5"), (Some("kp"), "5".to_string()));
    assert_eq!(
        name_key("Ấp Vĩnh Hòa"),
        (Some("ap"), "vinh hoa".to_string())
    );
    assert_eq!(
        name_key("ap vinh hoa"),
        (Some("ap"), "vinh hoa".to_string())
    );
    assert_eq!(name_key("Khóm 2"), (Some("khom"), "2".to_string()));
    assert_eq!(
        name_key("Xã Vĩnh Quới"),
        (Some("xa"), "vinh quoi".to_string())
    );
    assert_eq!(
        name_key("TT. Châu Thành"),
        (Some("tt"), "chau thanh".to_string())
    );
    // A name that is only a prefix word keeps it.
    assert_eq!(name_key("Phường"), (None, "phuong".to_string()));
}

#[test]
fn rows_match_by_name_stt_and_the_ward_above_them() {
    let model = town();
    let plan = model.plan();
    let rows = vec![
        row(5, "I", "PHUONG 1", 600),
        row(6, "1", "TDP 1", 280),
        row(7, "2", "To dan pho 2", 150),
        row(8, "3", "Tổ 03", 90),
        row(9, "II", "P. 2", 300),
        row(10, "1", "tdp 1", 200),
        row(11, "1", "TDP 1", 1),
        ReportRow {
            row: 12,
            code: String::new(),
            name: "TDP 2".into(),
            count: Err("chưa báo".into()),
        },
        row(13, "", "Ap Vinh Hoa", 310),
        row(14, "", "Khóm Không Có", 5),
    ];
    let report = match_report(plan, &rows);
    let matched: Vec<(usize, usize, u64)> = report
        .matched
        .iter()
        .map(|m| (m.row, m.index, m.count))
        .collect();
    assert_eq!(
        matched,
        [
            (5, 1, 600),
            (6, 2, 280),
            (7, 3, 150),
            (8, 4, 90),
            (9, 5, 300),
            (10, 6, 200),
            (13, 9, 310),
        ]
    );
    let reasons: Vec<(usize, Unmatched)> = report
        .unmatched
        .iter()
        .map(|u| (u.row.row, u.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                11,
                Unmatched::Duplicate {
                    unit: 6,
                    first_row: 10
                }
            ),
            (
                12,
                Unmatched::BadCount {
                    unit: Some(7),
                    text: "chưa báo".into()
                }
            ),
            (14, Unmatched::NoUnit),
        ]
    );
    // Units at the report's levels without a figure are listed.
    assert_eq!(report.missing, [7, 8]);
}

#[test]
fn ambiguous_names_are_listed_not_guessed() {
    let model = town();
    // No ward row above: "TDP 1" is in both wards.
    let report = match_report(model.plan(), &[row(2, "", "TDP 1", 10)]);
    assert!(report.matched.is_empty());
    assert_eq!(report.unmatched[0].reason, Unmatched::Ambiguous(vec![2, 6]));
}

#[test]
fn reports_are_read_from_cells_files_and_messages() {
    let grid = vec![
        vec![text("BÁO CÁO KẾT QUẢ GÓP Ý"), Cell::Empty],
        vec![text("(Số liệu đến ngày 12/5/2025)")],
        vec![
            text("STT"),
            text("Tên đơn vị"),
            text("Chỉ tiêu"),
            text("Lũy kế đã thực hiện"),
        ],
        vec![
            text("1"),
            text("TDP 1"),
            Cell::Number(300.0),
            Cell::Number(120.0),
        ],
        vec![text("2"), text("TDP 2"), Cell::Number(200.0), text("1.234")],
        vec![text("3"), text("TDP 3"), Cell::Number(100.0), text("abc")],
        vec![Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty],
    ];
    let sheet = read_report(&grid, "x.xlsx").unwrap();
    assert_eq!(sheet.date, Some(d("12/05/2025")));
    assert_eq!(sheet.rows.len(), 3);
    assert_eq!(sheet.rows[0].count, Ok(120));
    assert_eq!(sheet.rows[1].count, Ok(1234));
    assert_eq!(sheet.rows[2].count, Err("abc".to_string()));
    assert_eq!(sheet.rows[2].row, 6);

    // The date from the file name when the file has none.
    assert_eq!(
        date_in_text("bao cao 12.5.2025.xlsx"),
        Some(d("12/05/2025"))
    );
    assert_eq!(date_in_text("BC_13_05_2025.csv"), Some(d("13/05/2025")));
    assert_eq!(
        date_in_text("An Lạc, ngày 29 tháng 5 năm 2025"),
        Some(d("29/05/2025"))
    );
    assert_eq!(date_in_text("Kế hoạch 490/KH-CAT"), None);

    // Several number columns and none says which is the result: refused.
    let unclear = vec![
        vec![text("Đơn vị"), text("Cột A"), text("Cột B")],
        vec![text("TDP 1"), Cell::Number(1.0), Cell::Number(2.0)],
    ];
    assert!(matches!(
        read_report(&unclear, "x.csv"),
        Err(ReportError::NoResultColumn(_))
    ));

    // A chat message, one unit a line.
    let chat = read_report_paste("Tổ 1: 120\nTổ 2 - 98\nTổ 3 1.005").unwrap();
    let got: Vec<(&str, Result<u64, String>)> = chat
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.count.clone()))
        .collect();
    assert_eq!(
        got,
        [("Tổ 1", Ok(120)), ("Tổ 2", Ok(98)), ("Tổ 3", Ok(1005))]
    );
    // Pasted cells with tabs.
    let pasted = read_report_paste("STT\tĐơn vị\tKết quả\n1\tTDP 1\t7\n").unwrap();
    assert_eq!(pasted.rows[0].count, Ok(7));
    // Lines whose figure cannot be read are listed with what was written,
    // never dropped; a title line and a date are not figures.
    let odd = read_report_paste(
        "Báo cáo ngày: 12/5/2025\nTổ 1: 120\nTổ 3: 1.234,5\nTổ 4 - 120 người\nTDP 5\t12O",
    )
    .unwrap();
    let got: Vec<(&str, Result<u64, String>)> = odd
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.count.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("Tổ 1", Ok(120)),
            ("Tổ 3: 1.234,5", Err("Tổ 3: 1.234,5".to_string())),
            ("Tổ 4 - 120 người", Err("Tổ 4 - 120 người".to_string())),
            ("TDP 5", Err("12O".to_string())),
        ]
    );

    // An xlsx file, its date in its name.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Đơn vị").unwrap();
    sheet.write_string(0, 1, "Kết quả").unwrap();
    sheet.write_string(1, 0, "Tổ dân phố 1").unwrap();
    sheet.write_number(1, 1, 42.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let read = read_report_file(&bytes, "bao cao 14.5.2025.xlsx").unwrap();
    assert_eq!(read.date, Some(d("14/05/2025")));
    assert_eq!(read.rows[0].count, Ok(42));
    // The page's way: the import worker reads the sheets, the page matches.
    let task = import::Task::Sheets {
        name: "bao cao 14.5.2025.xlsx".to_string(),
    };
    let reply = import::answer(&bytes, &task, &mut import::Progress::none());
    let sheets = import::wire::decode_sheets(&reply).unwrap();
    assert_eq!(sheets[0].grid[1][1], import::Cell::Number(42.0));
    assert_eq!(
        read_report_sheets(&sheets, "bao cao 14.5.2025.xlsx").unwrap(),
        read
    );
    let refused = import::answer(
        b"%PDF-1.4 not a sheet",
        &task,
        &mut import::Progress::none(),
    );
    assert!(import::wire::decode_sheets(&refused).is_err());
    assert!(matches!(
        read_report_file(b"%PDF-1.4 not a sheet", "r.xlsx"),
        Err(ReportError::Import(_))
    ));

    // No date anywhere and none chosen: refused; a chosen one wins.
    let model = town();
    let no_date = read_report_paste("Tổ 1: 1").unwrap();
    assert_eq!(
        prepare_results(model.plan(), &no_date, None),
        Err(ReportError::NoDate)
    );
    let sheet = read_report(&grid, "x.xlsx").unwrap();
    let chosen = prepare_results(model.plan(), &sheet, Some(d("13/05/2025"))).unwrap();
    assert_eq!(chosen.date, d("13/05/2025"));
    assert_eq!(chosen.file_date, Some(d("12/05/2025")));
}

#[test]
fn parents_roll_up_and_disagreements_are_flagged() {
    let mut model = town();
    let day = d("12/05/2025");
    // Phường 1 reports 600 itself; its groups add up to 280 + 150 + 90.
    assert_eq!(
        model.apply_results(day, &[(1, 600), (2, 280), (3, 150), (4, 90)]),
        Ok(true)
    );
    let progress = model.progress().unwrap().clone();
    assert_eq!(progress.units[1].done, Some(520));
    assert_eq!(progress.units[1].reported, Some(600));
    assert!(progress.flags.contains(&(
        1,
        ProgressFlag::ParentDisagrees {
            reported: 600,
            children: 520
        }
    )));
    // Phường 2's groups have no figure: no sum, no guess.
    assert_eq!(progress.units[5].done, None);
    assert_eq!(progress.units[0].done, None);
    // Once every unit below has one, the top is their sum.
    assert_eq!(
        model.apply_results(day, &[(6, 10), (7, 20), (9, 30)]),
        Ok(true)
    );
    let progress = model.progress().unwrap();
    assert_eq!(progress.units[5].done, Some(30));
    assert_eq!(progress.units[0].done, Some(520 + 30 + 30));
    // The flag reaches the warnings the grid lists.
    assert!(model
        .warnings()
        .any(|w| w.code() == "parent-result-mismatch"));
}

#[test]
fn decreasing_and_excessive_counts_are_flagged() {
    let mut model = town();
    model.set_result(2, d("12/05/2025"), Some(150)).unwrap();
    model.set_result(2, d("13/05/2025"), Some(140)).unwrap();
    model.set_result(4, d("13/05/2025"), Some(101)).unwrap();
    let progress = model.progress().unwrap();
    assert_eq!(progress.date, Some(d("13/05/2025")));
    assert!(progress.flags.contains(&(
        2,
        ProgressFlag::Decreased {
            from_date: d("12/05/2025"),
            from: 150,
            to_date: d("13/05/2025"),
            to: 140
        }
    )));
    assert!(progress.flags.contains(&(
        4,
        ProgressFlag::AboveEligible {
            done: 101,
            eligible: 100
        }
    )));
    // Looking at the 12th, the later fall is not yet there.
    let earlier = model.progress_at(d("12/05/2025"));
    assert!(!earlier
        .flags
        .iter()
        .any(|(_, f)| matches!(f, ProgressFlag::Decreased { .. })));
    // A unit that did not report on the 13th keeps the 12th's figure.
    model.set_result(3, d("12/05/2025"), Some(50)).unwrap();
    assert_eq!(model.progress().unwrap().units[3].done, Some(50));
}

/// Seed 000's ward: three groups (1.200, 1.100, 1.045 at 100%), 08/05 to
/// 30/05/2025 without Sundays (20 counted days), a milestone of 50% on
/// 20/05.
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
    let mut model = PlannerModel::new(Plan::new("Nguyễn Trãi", units));
    model.set_default_percent(Percent::HUNDRED);
    model
        .set_calendar(Calendar {
            start: Some(d("08/05/2025")),
            end: Some(d("30/05/2025")),
            exclude_weekdays: vec![0],
            milestones: vec![Milestone {
                date: d("20/05/2025"),
                percent: Percent::whole(50).unwrap(),
            }],
            ..Calendar::default()
        })
        .unwrap();
    model
}

#[test]
fn needed_per_day_and_behind_match_hand_computed_cases() {
    let mut model = ward();
    // Monday 12/05: Thu 8, Fri 9, Sat 10, (Sun 11), Mon 12 = 4 counted days.
    let day = d("12/05/2025");
    assert_eq!(
        model.apply_results(day, &[(1, 200), (2, 300), (3, 0)]),
        Ok(true)
    );
    let p = model.progress().unwrap();
    let t1 = &p.units[1];
    // The plan rises evenly to the milestone's 600 on its 11th counted
    // day: ceil(600 × 4 / 11) = 219 by the 4th.
    assert_eq!(t1.expected, Some(219));
    assert_eq!(t1.behind, Some(19));
    // 200 is where the plan was after 3 days (164 ≤ 200 < 219): 1 day behind.
    assert_eq!(t1.days_behind, Some(1));
    assert_eq!(t1.days_left, Some(16));
    // (1.200 − 200) ÷ 16 = 62,5 → 63.
    assert_eq!(t1.needed_per_day, Some(63));
    // 50% = 600 by 20/05, the 11th counted day: (600 − 200) ÷ 7 = 57,1 → 58.
    assert_eq!(
        t1.next_milestone,
        Some(MilestoneNeed {
            date: d("20/05/2025"),
            figure: 600,
            needed_per_day: 58
        })
    );
    assert_eq!(t1.percent_of_target, Some(Rate(1667)));
    // Tổ 2 is ahead: plan ceil(550 × 4 / 11) = 200, done 300.
    let t2 = &p.units[2];
    assert_eq!(t2.expected, Some(200));
    assert_eq!(t2.behind, Some(-100));
    // The plan reaches 300 on its 6th day (ceil(550 × 6 / 11) = 300, the
    // 7th 350): two days ahead.
    assert_eq!(t2.days_behind, Some(-2));
    assert_eq!(t2.needed_per_day, Some(50)); // 800 ÷ 16
                                             // Tổ 3 has not started: (1.045 − 0) ÷ 16 = 65,3 → 66.
    assert_eq!(p.units[3].needed_per_day, Some(66));
    assert_eq!(p.units[3].days_behind, Some(4));
    // The ward is the sum: 500 of 3.345.
    assert_eq!(p.units[0].done, Some(500));
    assert_eq!(p.units[0].percent_of_target, Some(Rate(1495)));

    // On the last day with something left nothing per day can make it.
    model.set_progress_date(Some(d("30/05/2025")));
    let last = &model.progress().unwrap().units[1];
    assert_eq!(last.days_left, Some(0));
    assert_eq!(last.needed_per_day, None);
    // Before the period starts: nothing expected yet, all days ahead.
    let before = model.progress_at(d("01/05/2025"));
    assert_eq!(before.units[1].expected, Some(0));
    assert_eq!(before.units[1].days_left, Some(20));
}

#[test]
fn laggards_by_percent_and_by_distance_behind() {
    let mut model = ward();
    assert_eq!(
        model.apply_results(d("12/05/2025"), &[(1, 200), (2, 300), (3, 150)]),
        Ok(true)
    );
    let p = model.progress().unwrap().clone();
    let plan = model.plan();
    // % of target: Tổ 3 14,35%, Tổ 1 16,67%, Tổ 2 27,27%.
    assert_eq!(laggards(plan, &p, 1, 2, LaggardOrder::Percent), [3, 1]);
    // Behind: Tổ 3 plan ceil(523 × 4 / 11) = 191 − 150 = 41, Tổ 1 19,
    // Tổ 2 ahead.
    assert_eq!(laggards(plan, &p, 1, 3, LaggardOrder::Behind), [3, 1, 2]);
    assert!(without_figure(plan, &p, 1).is_empty());
    let text = quota_planner::core::i18n::progress::laggards_text(
        plan,
        &p,
        &[3, 1],
        &[],
        LaggardOrder::Percent,
        quota_planner::core::i18n::Locale::Vi,
    );
    assert!(text.contains("12/05/2025"), "{text}");
    assert!(
        text.contains("1. Tổ 3: 150/1.045 (14,35%), chậm 41 (1 ngày)"),
        "{text}"
    );
    assert!(
        text.contains("2. Tổ 1: 200/1.200 (16,67%), chậm 19 (1 ngày)"),
        "{text}"
    );
}

#[test]
fn results_undo_and_skip_no_ops() {
    let mut model = town();
    let before = model.history().0.len();
    let day = d("12/05/2025");
    assert!(model.set_result(2, day, Some(10)).unwrap());
    assert!(!model.set_result(2, day, Some(10)).unwrap(), "same figure");
    assert_eq!(model.history().0.len(), before + 1);
    assert!(model.set_result(2, day, Some(12)).unwrap());
    assert!(model.undo());
    assert_eq!(model.plan().results.get(2, day), Some(10));
    assert!(model.undo());
    assert_eq!(model.plan().results.get(2, day), None);
    assert!(model.progress().is_none(), "no results, no progress");
    assert!(model.redo());
    assert_eq!(model.progress().unwrap().units[2].done, Some(10));
    // A whole report is one step.
    assert_eq!(model.apply_results(day, &[(3, 1), (4, 2)]), Ok(true));
    assert_eq!(model.apply_results(day, &[(3, 1), (4, 2)]), Ok(false));
    assert!(model.undo());
    assert_eq!(model.plan().results.get(3, day), None);
    assert!(model.set_result(99, day, Some(1)).is_err());
}

#[test]
fn the_plan_file_and_draft_carry_the_history() {
    let mut model = town();
    let before = model.history().0.len();
    let plain = planfile::save(&model);
    assert_eq!(plain.version, 1, "a plan without results stays version 1");
    model.set_result(2, d("12/05/2025"), Some(120)).unwrap();
    model.set_result(2, d("13/05/2025"), Some(180)).unwrap();
    model.set_result(9, d("13/05/2025"), Some(7)).unwrap();
    let json = planfile::to_json(&planfile::save_draft(&model));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["version"], 2);
    assert_eq!(value["results"]["2025-05-13"]["u2"], 180);
    let back = planfile::load(&json).unwrap();
    assert_eq!(back.plan().results, model.plan().results);
    assert_eq!(back.history().0.len(), before + 3);
    assert_eq!(back.progress().unwrap().units[2].done, Some(180));
    // A result for a unit the plan lacks is refused.
    let mut bad = value.clone();
    bad["results"]["2025-05-13"]["u77"] = serde_json::json!(1);
    assert!(planfile::load(&bad.to_string()).is_err());
    let mut bad_date = value;
    bad_date["results"]["2025-13-40"] = serde_json::json!({"u2": 1});
    assert!(planfile::load(&bad_date.to_string()).is_err());
}

/// Seed 003's ward (the categories given) with 3.976 done by 29/5/2025,
/// and its ward report.
fn an_lac(categories: &[(ExclusionCategory, u64)]) -> (PlannerModel, WardReport) {
    let mut ward = Unit::new(UnitId(0), "", "Phường An Lạc", 0, None);
    ward.base = 4546;
    for &(category, count) in categories {
        ward.exclusions[category.index()] = count;
    }
    let mut model = PlannerModel::new(Plan::new("An Lạc", vec![ward]));
    model.set_result(0, d("29/05/2025"), Some(3976)).unwrap();
    let report = ward_report(
        model.plan(),
        model.allocation(),
        model.progress().unwrap(),
        0,
    )
    .unwrap();
    (model, report)
}

#[test]
fn seed_003_ward_report_rates() {
    // Phường An Lạc: 4.546 level-2 accounts, 3.976 took part by 29/5/2025,
    // 571 could not (by category).
    let (model, report) = an_lac(&[
        (ExclusionCategory::Died, 4),
        (ExclusionCategory::MilitaryService, 185),
        (ExclusionCategory::Prison, 5),
        (ExclusionCategory::Abroad, 207),
        (ExclusionCategory::NoPhone, 111),
        (ExclusionCategory::ExpiredId, 36),
        (ExclusionCategory::PhoneChangePending, 17),
        (ExclusionCategory::Other, 6),
    ]);
    assert_eq!(report.base, 4546);
    assert_eq!(report.excluded, 571);
    let vi = |r: Option<Rate>| r.unwrap().text(true);
    // 571 / 4.546 = 12,5605…% → 12,56%, as the seed says.
    assert_eq!(vi(report.excluded_rate), "12,56%");
    // The seed's 87,44% is 100% − 12,56%; 3.976 / 4.546 itself is
    // 87,4615…% → 87,46%: the seed's figures add up to 4.547, one more
    // than 4.546, and the report says so rather than pick one.
    assert_eq!(vi(report.excluded_rate.map(Rate::complement)), "87,44%");
    assert_eq!(vi(report.done_rate), "87,46%");
    assert_eq!(report.over_base, Some(4547));
    let shares: Vec<String> = report.categories.iter().map(|c| vi(c.2)).collect();
    assert_eq!(
        shares,
        ["0,09%", "4,07%", "0,11%", "4,55%", "2,44%", "0,79%", "0,37%", "0,13%"]
    );
    let text = quota_planner::core::i18n::progress::ward_report_text(
        model.plan(),
        &report,
        quota_planner::core::i18n::Locale::Vi,
    );
    assert!(text.contains("3.976, đạt tỷ lệ: 87,46%"), "{text}");
    assert!(text.contains("571/4.546, chiếm tỷ lệ: 12,56%"), "{text}");
    assert!(
        text.contains("3.2. Nghĩa vụ quân sự: 185/4.546, 4,07%"),
        "{text}"
    );
    assert!(text.contains("4.547"), "{text}");
}

#[test]
fn the_ward_report_sheet_reads_back() {
    let (model, report) = an_lac(&[(ExclusionCategory::Abroad, 207)]);
    let bytes = quota_planner::core::export::results::ward_report_xlsx(
        model.plan(),
        &report,
        quota_planner::core::i18n::Locale::Vi,
    )
    .unwrap();
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Báo cáo kết quả").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).map(|v| v.to_string());
    assert_eq!(
        cell(0, 0).as_deref(),
        Some("BÁO CÁO KẾT QUẢ: Phường An Lạc, đến ngày 29/05/2025")
    );
    assert_eq!(cell(4, 2).as_deref(), Some("3976"));
    assert_eq!(cell(4, 3).as_deref(), Some("87,46%"));
    assert_eq!(cell(6, 1).as_deref(), Some("Ở nước ngoài"));
    assert_eq!(cell(6, 3).as_deref(), Some("4,55%"));
}

/// The page sends the reader module a ward report as JSON with the unit's
/// name (src/ui/workbook.rs): the report comes back the same, and its
/// sheet is the one written from the plan.
#[test]
fn a_ward_report_sent_as_json_writes_the_same_sheet() {
    use quota_planner::core::export::results::{ward_report_sheet, ward_report_xlsx};
    use quota_planner::core::i18n::Locale;
    let (model, report) = an_lac(&[(ExclusionCategory::Abroad, 207)]);
    let json = serde_json::to_string(&report).unwrap();
    let sent: quota_planner::core::progress::WardReport = serde_json::from_str(&json).unwrap();
    assert_eq!(sent, report);
    let name = &model.plan().units[report.index].name;
    let cells = |bytes: Vec<u8>| {
        use calamine::Reader;
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        book.worksheet_range("Báo cáo kết quả").unwrap()
    };
    assert_eq!(
        cells(ward_report_sheet(name, &sent, Locale::Vi).unwrap()),
        cells(ward_report_xlsx(model.plan(), &report, Locale::Vi).unwrap())
    );
}

/// A rate is `numerator × 100% ÷ denominator` rounded half up to the
/// hundredth, the same on either side of the bounds where it is computed
/// in 64 bits rather than 128 (exact integers, no float).
#[test]
fn rates_round_half_up_at_every_size() {
    let exact = |n: u64, d: u64| {
        let num = u128::from(n) * 20_000 + u128::from(d);
        Rate(u64::try_from(num / (2 * u128::from(d))).unwrap_or(u64::MAX))
    };
    let edges = [
        0u64,
        1,
        2,
        3,
        7,
        9_999,
        (1 << 49) - 1,
        1 << 49,
        (1 << 62) - 1,
        1 << 62,
        u64::MAX / 20_000,
        u64::MAX,
    ];
    for &n in &edges {
        for &d in edges.iter().filter(|&&d| d > 0) {
            assert_eq!(Rate::of(n, d), Some(exact(n, d)), "{n} / {d}");
        }
        assert_eq!(Rate::of(n, 0), None);
    }
    // 1 of 8 is 12,5%; 1 of 3 is 33,33% (0,333… rounds down); 2 of 3 is 66,67%.
    assert_eq!(Rate::of(1, 8), Some(Rate(1250)));
    assert_eq!(Rate::of(1, 3), Some(Rate(3333)));
    assert_eq!(Rate::of(2, 3), Some(Rate(6667)));
}
