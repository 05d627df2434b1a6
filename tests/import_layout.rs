//! Layout inference: header rows, column roles, numbers, hierarchy by STT,
//! names and sums, findings with their source rows.

mod import_support;

use import_support::*;
use quota_planner::core::i18n::Locale;
use quota_planner::core::import::{self, Imported};
use quota_planner::core::model::PlannerModel;
use quota_planner::core::percent::Percent;
use quota_planner::core::plan::ExclusionCategory;
use quota_planner::core::warning::WarningKind;

fn csv(rows: &[&[&str]]) -> Imported {
    let bytes = to_csv(&grid(rows), b',');
    import::import(&bytes, "t.csv").unwrap_or_else(|e| panic!("{e:?}"))
}

fn xlsx(rows: &[&[&str]]) -> Imported {
    let bytes = grid_xlsx(&[("Sheet1", grid(rows))], true);
    import::import(&bytes, "t.xlsx").unwrap_or_else(|e| panic!("{e:?}"))
}

/// (level, parent index) of every unit.
fn shape(imported: &Imported) -> Vec<(u8, Option<usize>)> {
    imported
        .plan
        .units
        .iter()
        .map(|u| (u.level, u.parent))
        .collect()
}

/// Province > commune > group > officer, bases adding up.
const FOUR_LEVELS: [(u8, Option<usize>); 8] = [
    (0, None),
    (1, Some(0)),
    (2, Some(1)),
    (3, Some(2)),
    (3, Some(2)),
    (2, Some(1)),
    (3, Some(5)),
    (1, Some(0)),
];

#[test]
fn four_levels_by_stt_styles() {
    let rows: &[&[&str]] = &[
        &["STT", "Đơn vị", "Số lượng", "Chỉ tiêu"],
        &["", "Tỉnh Hà Tĩnh", "100", "90"],
        &["1", "Xã Kỳ Anh", "70", "63"],
        &["a", "Thôn 1", "40", "36"],
        &["-", "Nguyễn Văn An", "25", "23"],
        &["-", "Trần Thị Bình", "15", "14"],
        &["b", "Thôn 2", "30", "27"],
        &["-", "Lê Văn Cường", "30", "27"],
        &["2", "Xã Kỳ Hoa", "30", "27"],
    ];
    for imported in [csv(rows), xlsx(rows)] {
        assert_eq!(shape(&imported), FOUR_LEVELS);
        assert_eq!(imported.report.levels, 4);
        assert_eq!(imported.report.hierarchy, "code");
        let model = PlannerModel::from_import(imported);
        assert!(model.allocation().warnings.is_empty());
    }
}

#[test]
fn four_levels_by_name_prefixes() {
    let imported = csv(&[
        &["Địa bàn", "Tổng số"],
        &["Tỉnh Hà Tĩnh", "100"],
        &["Xã Kỳ Anh", "70"],
        &["Thôn 1", "40"],
        &["Đ/c Nguyễn Văn An", "25"],
        &["Đ/c Trần Thị Bình", "15"],
        &["Thôn 2", "30"],
        &["CSKV Lê Văn Cường", "30"],
        &["Xã Kỳ Hoa", "30"],
    ]);
    assert_eq!(shape(&imported), FOUR_LEVELS);
    assert_eq!(imported.report.hierarchy, "name");
}

#[test]
fn four_levels_by_outline_numbers_under_a_total() {
    let imported = csv(&[
        &["TT", "Tên đơn vị", "Số tài khoản"],
        &["", "Tổng cộng", "100"],
        &["1", "Kỳ Anh", "70"],
        &["1.1", "Một", "40"],
        &["1.1.1", "An", "25"],
        &["1.1.2", "Bình", "15"],
        &["1.2", "Hai", "30"],
        &["1.2.1", "Cường", "30"],
        &["2", "Kỳ Hoa", "30"],
    ]);
    assert_eq!(shape(&imported), FOUR_LEVELS);
}

#[test]
fn four_levels_by_sums_alone() {
    let imported = csv(&[
        &["Đơn vị", "Số lượng"],
        &["Hà Tĩnh", "100"],
        &["Kỳ Anh", "70"],
        &["Một", "40"],
        &["An", "25"],
        &["Bình", "15"],
        &["Hai", "30"],
        &["Cường", "20"],
        &["Dũng", "10"],
        &["Kỳ Hoa", "30"],
    ]);
    let mut expected = FOUR_LEVELS.to_vec();
    expected.insert(7, (3, Some(5)));
    expected[8] = (1, Some(0));
    assert_eq!(shape(&imported), expected);
    assert_eq!(imported.report.hierarchy, "sum");
}

#[test]
fn a_lone_child_is_not_taken_for_a_subtree() {
    // A parent needs two children by sums: "Hai" (30) over "Cường" (30)
    // alone stays ambiguous, so both are leaves and the total is not found
    // by sums; "Toàn tỉnh" still names it.
    let imported = csv(&[
        &["Đơn vị", "Số lượng"],
        &["Toàn tỉnh", "60"],
        &["Hai", "30"],
        &["Cường", "30"],
    ]);
    assert_eq!(
        shape(&imported),
        vec![(0, None), (1, Some(0)), (1, Some(0))]
    );
}

#[test]
fn bullets_written_in_the_name() {
    let imported = csv(&[
        &["STT", "Đơn vị", "Số lượng"],
        &["1", "Phường An Lạc", "30"],
        &["", "- Tổ dân phố 1", "20"],
        &["", "+ Đ/c An", "20"],
        &["", "- Tổ dân phố 2", "10"],
        &["2", "Phường Cộng Hòa", "5"],
    ]);
    let names: Vec<&str> = imported
        .plan
        .units
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(names[1], "Tổ dân phố 1");
    assert_eq!(imported.plan.units[1].code, "-");
    assert_eq!(
        shape(&imported),
        vec![
            (0, None),
            (1, Some(0)),
            (2, Some(1)),
            (1, Some(0)),
            (0, None)
        ]
    );
}

#[test]
fn six_levels_deep() {
    let imported = csv(&[
        &["STT", "Đơn vị", "Số lượng"],
        &["A", "Khối", "10"],
        &["I", "Tỉnh", "10"],
        &["1", "Huyện", "10"],
        &["a", "Xã", "10"],
        &["-", "Thôn", "10"],
        &["+", "Đ/c An", "10"],
    ]);
    assert_eq!(imported.report.levels, 6);
}

#[test]
fn soc_trang_without_codes_by_names_and_top_total_by_sum() {
    // No STT column: district and township prefixes; communes have none.
    let rows = soc_trang_rows();
    let mut table = vec![vec!["Đơn vị".to_string(), "Số lượng".to_string()]];
    for row in &rows {
        table.push(vec![row.name.clone(), row.base.to_string()]);
    }
    let imported = import::import(&to_csv(&table, b','), "t.csv").expect("imports");
    let per_level = |l| imported.plan.units.iter().filter(|u| u.level == l).count();
    assert_eq!((per_level(0), per_level(1), per_level(2)), (1, 11, 108));
    // The same with a blank-STT total row named without a prefix.
    let imported = csv(&[
        &["STT", "Đơn vị", "Số lượng"],
        &["", "Sóc Trăng", "30"],
        &["1", "Mỹ Xuyên", "10"],
        &["2", "Ngã Năm", "20"],
    ]);
    assert_eq!(
        shape(&imported),
        vec![(0, None), (1, Some(0)), (1, Some(0))]
    );
}

#[test]
fn title_rows_and_reference() {
    let imported = xlsx(&[
        &["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        &["PHỤ LỤC"],
        &["Chỉ tiêu tài khoản định danh mức 2"],
        &["(Ban hành kèm theo Kế hoạch số 12/KH-UBND ngày 01/6/2025)"],
        &[],
        &["STT", "Đơn vị", "Số lượng"],
        &["1", "Xã A", "10"],
    ]);
    assert_eq!(
        imported.plan.title,
        "PHỤ LỤC Chỉ tiêu tài khoản định danh mức 2"
    );
    assert_eq!(
        imported.report.reference.as_deref(),
        Some("(Ban hành kèm theo Kế hoạch số 12/KH-UBND ngày 01/6/2025)")
    );
    assert_eq!(imported.report.header_rows, vec![6]);
    assert_eq!(imported.report.unit_rows, vec![7]);
}

#[test]
fn exclusions_daily_percent_results_and_unknown_columns() {
    // Seed 003 (ward An Lạc): who is not counted, as a two-row header with
    // the group title written once (no merge information in csv).
    let imported = csv(&[
        &[
            "STT",
            "Tổ dân phố",
            "Tổng số TK mức 2",
            "Số không tham gia được",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Tỷ lệ (%)",
            "Chỉ tiêu mỗi ngày",
            "Kết quả",
            "Ghi chú",
        ],
        &[
            "",
            "",
            "",
            "Chết",
            "Đi NVQS",
            "Chấp hành án phạt tù",
            "Ở nước ngoài",
            "Không sử dụng điện thoại",
            "CCCD hết hạn",
            "Chờ thay đổi số điện thoại",
            "Khác",
            "",
            "",
            "",
            "",
        ],
        &[
            "",
            "Phường An Lạc",
            "4.546",
            "4",
            "185",
            "5",
            "207",
            "111",
            "36",
            "17",
            "6",
            "90%",
            "",
            "",
            "",
        ],
        &[
            "1", "TDP 1", "2.000", "1", "85", "2", "100", "50", "16", "7", "3", "90%", "98",
            "1500", "x",
        ],
        &[
            "2", "TDP 2", "2.546", "3", "100", "3", "107", "61", "20", "10", "3", "90%", "98",
            "1700", "",
        ],
    ]);
    assert_eq!(imported.report.header_rows, vec![1, 2]);
    assert_eq!(
        roles(&imported),
        vec![
            "code=A",
            "name=B",
            "base=C",
            "excluded:died=D",
            "excluded:military=E",
            "excluded:prison=F",
            "excluded:abroad=G",
            "excluded:no-phone=H",
            "excluded:expired-id=I",
            "excluded:phone-change=J",
            "excluded:other=K",
            "percent=L",
            "daily=M",
            "result=N",
            "unknown:Ghi chú=O",
        ]
    );
    let ward = &imported.plan.units[0];
    assert_eq!(ward.base, 4546);
    assert_eq!(
        ward.exclusions.iter().sum::<u64>(),
        571,
        "{:?}",
        ward.exclusions
    );
    let tdp1 = &imported.plan.units[1];
    assert_eq!(
        tdp1.exclusions[ExclusionCategory::MilitaryService.index()],
        85
    );
    assert_eq!(tdp1.daily_target, Some(98));
    assert_eq!(
        imported.plan.policy.default_percent,
        Percent::whole(90).unwrap()
    );
}

#[test]
fn numbers_written_every_way() {
    let imported = csv(&[
        &["STT", "Đơn vị", "Số lượng", "Tỷ lệ"],
        &["1", "Xã A", "3.345", "90%"],
        &["2", "Xã B", "3 345", "87,5%"],
        &["3", "Xã C", "3,345", "90"],
        &["4", "Xã D", "3345", "85.25%"],
    ]);
    let bases: Vec<u64> = imported.plan.units.iter().map(|u| u.base).collect();
    assert_eq!(bases, vec![3345; 4]);
    let percents: Vec<u64> = imported
        .plan
        .units
        .iter()
        .map(|u| u.percent_override.map_or(0, |p| p.hundredths()))
        .collect();
    assert_eq!(percents, vec![9000, 8750, 9000, 8525]);
    // Excel percent cells are fractions.
    let imported = xlsx(&[
        &["STT", "Đơn vị", "Số lượng", "Tỷ lệ"],
        &["1", "Xã A", "100", "0.9"],
        &["2", "Xã B", "100", "0.875"],
    ]);
    assert_eq!(
        imported.plan.units[1].percent_override,
        Percent::from_hundredths(8750).ok()
    );
    // "Chỉ tiêu 95%" in the header sets the plan's percentage.
    let imported = csv(&[
        &["STT", "Đơn vị", "Số lượng", "Chỉ tiêu 95%"],
        &["1", "Xã A", "100", "95"],
    ]);
    assert_eq!(
        imported.plan.policy.default_percent,
        Percent::whole(95).unwrap()
    );
}

#[test]
fn english_headers_and_column_number_row() {
    let imported = csv(&[
        &["No.", "Unit", "Count", "Target"],
        &["(1)", "(2)", "(3)", "(4)"],
        &["1", "Ward A", "10", "9"],
        &["2", "Ward B", "20", "18"],
    ]);
    assert_eq!(
        roles(&imported),
        vec!["code=A", "name=B", "base=C", "target=D"]
    );
    assert_eq!(imported.plan.units.len(), 2);
    assert_eq!(imported.report.unit_rows, vec![3, 4]);
}

#[test]
fn findings_with_source_rows() {
    let imported = csv(&[
        &["STT", "Đơn vị", "Số lượng", "Chỉ tiêu"],
        &["I", "Huyện A", "10924", "9832"],
        &["1", "Xã B", "60000", "54000"],
        &["2", "Xã C", "10924", "9832"],
        &["3", "Xã D", "", ""],
        &["4", "Xã E", "không rõ", ""],
        &["5", "Xã F", "-5", ""],
        &["6", "Xã G", "100", "120"],
        &["7", "Xã B", "1", "1"],
        &["", "", "500", "450"],
        &["II", "Huyện H", "5", "4"],
        &["1", "Xã B", "5", "4"],
    ]);
    let found: Vec<(usize, &str)> = imported
        .report
        .warnings
        .iter()
        .map(|w| (w.row.unwrap_or(0), w.code()))
        .collect();
    assert_eq!(
        found,
        vec![
            (5, "missing-base"),
            (6, "not-a-number"),
            (7, "negative-count"),
            (8, "target-above-base"),
            (9, "duplicate-name"),
            (10, "unplaced-row"),
        ]
    );
    // The text base names its cell and is not read as 0.
    let unreadable = &imported.report.warnings[1];
    assert_eq!(
        unreadable.kind,
        WarningKind::NotANumber {
            cell: "C6".into(),
            text: "không rõ".into()
        }
    );
    assert!(unreadable.message(Locale::Vi).contains("C6"));
    // The parent mismatch (10924 declared, 70925 in the communes) is the
    // allocation's finding; the report maps the unit back to row 2.
    let model = PlannerModel::from_import(imported.clone());
    let mismatch = model
        .allocation()
        .warnings
        .iter()
        .find(|w| matches!(w.kind, WarningKind::ParentBaseMismatch { .. }))
        .expect("mismatch");
    let unit = mismatch.unit.expect("unit").0 as usize;
    assert_eq!(imported.report.unit_rows[unit], 2);
    assert!(matches!(
        mismatch.kind,
        WarningKind::ParentBaseMismatch {
            declared: 10924,
            children: 71025
        }
    ));
}

#[test]
fn footer_lines_and_subtotals_are_not_units() {
    let imported = csv(&[
        &["STT", "Đơn vị", "Số lượng"],
        &["1", "Xã A", "10"],
        &["2", "Xã B", "20"],
        &["", "Cộng", "30"],
        &["", "", ""],
        &["", "Người lập biểu", ""],
        &["", "Nguyễn Văn A", ""],
    ]);
    assert_eq!(imported.plan.units.len(), 2);
    assert!(imported.report.warnings.is_empty());
}
