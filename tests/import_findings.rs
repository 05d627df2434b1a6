//! Every column of a file is used or reported, and nothing unreadable
//! becomes 0 (issue "No silent wrong numbers"): exclusion headers as ward
//! files write them, partial percentage columns, unknown numeric columns,
//! cells that are not numbers, blank versus mismatching parent bases.

mod import_support;

use import_support::*;
use quota_planner::core::import::{self, ColumnRole, Corrections, Imported};
use quota_planner::core::model::PlannerModel;
use quota_planner::core::percent::Percent;
use quota_planner::core::plan::ExclusionCategory;
use quota_planner::core::warning::WarningKind;

fn csv(rows: &[&[&str]]) -> (Vec<u8>, Imported) {
    let bytes = to_csv(&grid(rows), b',');
    let imported = import::import(&bytes, "t.csv").unwrap_or_else(|e| panic!("{e:?}"));
    (bytes, imported)
}

fn codes(imported: &Imported) -> Vec<(Option<usize>, &'static str)> {
    imported
        .report
        .warnings
        .iter()
        .map(|w| (w.row, w.code()))
        .collect()
}

fn percent(value: u64) -> Percent {
    Percent::from_hundredths(value * 100).expect("percent")
}

/// A ward whose five exclusion columns are all used: the target is taken
/// from what is left, and nothing is silently dropped ("Nhập ngũ" was).
#[test]
fn every_exclusion_column_of_a_ward_file_is_used() {
    let (_, imported) = csv(&[
        &[
            "STT",
            "Tổ dân phố",
            "Số lượng",
            "Đã chết",
            "Nhập ngũ",
            "Chấp hành án",
            "Đi nước ngoài",
            "Không dùng điện thoại",
        ],
        &["", "Phường An Lạc", "", "", "", "", "", ""],
        &["1", "Tổ 1", "1200", "1", "50", "2", "60", "30"],
        &["2", "Tổ 2", "1500", "2", "70", "1", "80", "40"],
        &["3", "Tổ 3", "1846", "1", "65", "2", "67", "41"],
    ]);
    let roles = roles(&imported);
    for key in [
        "excluded:died",
        "excluded:military",
        "excluded:prison",
        "excluded:abroad",
        "excluded:no-phone",
    ] {
        assert!(
            roles.iter().any(|r| r.split('=').next() == Some(key)),
            "{key} in {roles:?}"
        );
    }
    assert!(
        imported.report.warnings.is_empty(),
        "{:?}",
        codes(&imported)
    );
    let model = PlannerModel::from_import(imported);
    let alloc = model.allocation();
    // 4546 − (4 + 185 + 5 + 207 + 111) = 4034 eligible; 90% → 3630.6 → 3631.
    assert_eq!(alloc.base[0], 4546);
    assert_eq!(alloc.excluded[0], 512);
    assert_eq!(alloc.eligible[0], 4034);
    assert_eq!(alloc.target[0], 3631);
    let unit = &model.plan().units[1];
    assert_eq!(
        unit.exclusions[ExclusionCategory::MilitaryService.index()],
        50
    );
    // The blank ward base is its groups' sum, with no warning.
    assert!(model.allocation().warnings.is_empty());
}

/// A percentage column filled on some rows gives those rows their own
/// percentage; the others keep inheriting the plan's default.
#[test]
fn a_partial_percentage_column_gives_overrides_not_the_default() {
    let (_, imported) = csv(&[
        &["STT", "Đơn vị", "Số lượng", "Tỷ lệ giao (%)"],
        &["", "Xã A", "", ""],
        &["1", "Thôn 1", "1000", "95"],
        &["2", "Thôn 2", "1000", ""],
        &["3", "Thôn 3", "1000", "95"],
        &["4", "Thôn 4", "1000", ""],
    ]);
    assert_eq!(imported.report.default_percent, None);
    let model = PlannerModel::from_import(imported);
    let plan = model.plan();
    assert_eq!(plan.policy.default_percent, percent(90));
    let overrides: Vec<Option<Percent>> = plan.units.iter().map(|u| u.percent_override).collect();
    assert_eq!(
        overrides,
        vec![None, Some(percent(95)), None, Some(percent(95)), None]
    );
    let targets = &model.allocation().target;
    assert_eq!(targets[1..].to_vec(), vec![950, 900, 950, 900]);
}

/// One value on every lowest-level row (the parent blank) is the plan's
/// default, and the report says the file set it.
#[test]
fn one_percentage_on_every_leaf_sets_the_default() {
    let (_, imported) = csv(&[
        &["STT", "Đơn vị", "Số lượng", "Tỷ lệ (%)"],
        &["", "Xã A", "", ""],
        &["1", "Thôn 1", "1000", "95"],
        &["2", "Thôn 2", "1000", "95"],
    ]);
    assert_eq!(imported.report.default_percent, Some(percent(95)));
    let model = PlannerModel::from_import(imported);
    assert_eq!(model.plan().policy.default_percent, percent(95));
    assert!(model
        .plan()
        .units
        .iter()
        .all(|u| u.percent_override.is_none()));
    assert_eq!(model.allocation().target[0], 1900);
}

/// A column of numbers the importer does not understand is a warning on
/// the header row; a notes column of text is not. Mapping it in the
/// layout makes it count.
#[test]
fn an_unknown_numeric_column_is_raised_and_can_be_mapped() {
    let rows: &[&[&str]] = &[
        &["STT", "Đơn vị", "Số lượng", "Vắng lâu ngày", "Ghi chú"],
        &["1", "Thôn 1", "1000", "40", "đủ"],
        &["2", "Thôn 2", "2000", "60", ""],
    ];
    let (bytes, imported) = csv(rows);
    assert_eq!(codes(&imported), vec![(Some(1), "unknown-column")]);
    assert_eq!(
        imported.report.warnings[0].kind,
        WarningKind::UnknownColumn {
            column: "D".into(),
            header: "Vắng lâu ngày".into()
        }
    );
    let model = PlannerModel::from_import(imported);
    assert_eq!(model.allocation().eligible, vec![1000, 2000]);

    let mut corrections = Corrections::new();
    corrections.set_role(3, Some(ColumnRole::Excluded(ExclusionCategory::Other)));
    let mapped = import::reimport(&bytes, "t.csv", None, &corrections).expect("reimport");
    assert!(mapped.report.warnings.is_empty(), "{:?}", codes(&mapped));
    let model = PlannerModel::from_import(mapped);
    assert_eq!(model.allocation().eligible, vec![960, 1940]);

    // "Not used" is a decision too: the warning goes, the column stays out.
    let mut corrections = Corrections::new();
    corrections.set_role(3, None);
    let ignored = import::reimport(&bytes, "t.csv", None, &corrections).expect("reimport");
    assert!(ignored.report.warnings.is_empty(), "{:?}", codes(&ignored));
    assert_eq!(
        PlannerModel::from_import(ignored).allocation().eligible,
        vec![1000, 2000]
    );
}

/// A second column of a role already taken holds numbers too: raised.
#[test]
fn a_second_base_column_is_raised() {
    let (_, imported) = csv(&[
        &["STT", "Đơn vị", "Số lượng", "Số hộ"],
        &["1", "Thôn 1", "1000", "300"],
        &["2", "Thôn 2", "2000", "500"],
    ]);
    assert_eq!(codes(&imported), vec![(Some(1), "unknown-column")]);
}

/// Cells that are not numbers are reported with their reference, in every
/// numeric column, and never read as 0.
#[test]
fn cells_that_are_not_numbers_are_reported_by_reference() {
    let (_, imported) = csv(&[
        &[
            "STT",
            "Đơn vị",
            "Số lượng",
            "Đã chết",
            "Chỉ tiêu",
            "Tỷ lệ (%)",
        ],
        &["1", "Thôn 1", "abc", "1", "", "90"],
        &["2", "Thôn 2", "1000", "mười", "", "90"],
        &["3", "Thôn 3", "1000", "0", "chín trăm", "90"],
        &["4", "Thôn 4", "1000", "0", "", "chín mươi"],
    ]);
    let cells: Vec<(String, String)> = imported
        .report
        .warnings
        .iter()
        .filter_map(|w| match &w.kind {
            WarningKind::NotANumber { cell, text } => Some((cell.clone(), text.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        cells,
        vec![
            ("C2".to_string(), "abc".to_string()),
            ("D3".to_string(), "mười".to_string()),
            ("E4".to_string(), "chín trăm".to_string()),
            ("F5".to_string(), "chín mươi".to_string()),
        ]
    );
    // Every such warning names its unit, so the grid marks it.
    assert!(imported.report.warnings.iter().all(|w| w.unit.is_some()));
    let plan = &imported.plan;
    assert!(!plan.units[0].base_given);
    assert_eq!(plan.units[2].official_target, None);
}

/// A blank parent base is its children's sum without a warning; a written
/// one that disagrees is reported with both numbers.
#[test]
fn blank_parent_bases_are_silent_and_written_mismatches_warn() {
    let (_, imported) = csv(&[
        &["STT", "Đơn vị", "Số lượng"],
        &["I", "Huyện A", ""],
        &["1", "Xã B", "600"],
        &["2", "Xã C", "400"],
        &["II", "Huyện D", "900"],
        &["1", "Xã E", "500"],
        &["2", "Xã F", "500"],
    ]);
    assert!(
        imported.report.warnings.is_empty(),
        "{:?}",
        codes(&imported)
    );
    let model = PlannerModel::from_import(imported);
    let warnings = &model.allocation().warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].unit.map(|u| u.0), Some(3));
    assert_eq!(
        warnings[0].kind,
        WarningKind::ParentBaseMismatch {
            declared: 900,
            children: 1000
        }
    );
    assert_eq!(model.allocation().base[0], 1000);
}

/// A blank base on a lowest-level row is still reported.
#[test]
fn a_blank_leaf_base_is_reported() {
    let (_, imported) = csv(&[
        &["STT", "Đơn vị", "Số lượng"],
        &["1", "Thôn 1", "1000"],
        &["2", "Thôn 2", ""],
    ]);
    assert_eq!(codes(&imported), vec![(Some(3), "missing-base")]);
}

/// A daily column filled on some rows gives those units their own figure;
/// the others keep the plan's default (none here).
#[test]
fn a_partial_daily_column_sets_only_those_units() {
    let (_, imported) = csv(&[
        &["STT", "Đơn vị", "Số lượng", "Chỉ tiêu mỗi ngày"],
        &["", "Phường X", "", ""],
        &["1", "Tổ 1", "1000", "40"],
        &["2", "Tổ 2", "1000", ""],
        &["3", "Tổ 3", "1000", "35"],
    ]);
    assert!(
        imported.report.warnings.is_empty(),
        "{:?}",
        codes(&imported)
    );
    let daily: Vec<Option<u64>> = imported.plan.units.iter().map(|u| u.daily_target).collect();
    assert_eq!(daily, vec![None, Some(40), None, Some(35)]);
    assert_eq!(imported.plan.policy.default_daily, None);
}

/// A count above 2^53 − 1 (what a saved plan carries exactly) is reported,
/// not read, so every plan that opens can be saved and reopened.
#[test]
fn counts_above_what_a_plan_file_carries_are_not_read() {
    let (_, imported) = csv(&[
        &["STT", "Đơn vị", "Số lượng"],
        &["1", "Thôn 1", "9007199254740992"],
        &["2", "Thôn 2", "9007199254740991"],
    ]);
    assert_eq!(codes(&imported), vec![(Some(2), "not-a-number")]);
    assert!(!imported.plan.units[0].base_given);
    assert_eq!(imported.plan.units[1].base, 9_007_199_254_740_991);
}
