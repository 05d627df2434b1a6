//! The column-mapping panel's core: the inferred layout (header rows,
//! column roles, row levels) and importing the same sheet again with a
//! planner's corrections.

mod import_support;

use import_support::*;
use quota_planner::core::error::ImportError;
use quota_planner::core::i18n::{self, Locale};
use quota_planner::core::import::{self, ColumnRole, Corrections, Imported};
use quota_planner::core::model::PlannerModel;
use quota_planner::core::plan::ExclusionCategory;
use quota_planner::core::warning::WarningKind;

fn csv_bytes(rows: &[&[&str]]) -> Vec<u8> {
    to_csv(&grid(rows), b',')
}

fn xlsx_bytes(rows: &[&[&str]]) -> Vec<u8> {
    grid_xlsx(&[("Sheet1", grid(rows))], true)
}

/// The same rows as csv and as xlsx, with their file names.
fn both(rows: &[&[&str]]) -> [(Vec<u8>, &'static str); 2] {
    [(csv_bytes(rows), "t.csv"), (xlsx_bytes(rows), "t.xlsx")]
}

fn open(bytes: &[u8], name: &str) -> Imported {
    import::import(bytes, name).unwrap_or_else(|e| panic!("{e:?}"))
}

fn reopen(bytes: &[u8], name: &str, corrections: &Corrections) -> Imported {
    import::reimport(bytes, name, None, corrections).unwrap_or_else(|e| panic!("{e:?}"))
}

fn names(imported: &Imported) -> Vec<&str> {
    imported
        .plan
        .units
        .iter()
        .map(|u| u.name.as_str())
        .collect()
}

fn bases(imported: &Imported) -> Vec<u64> {
    imported.plan.units.iter().map(|u| u.base).collect()
}

/// (name, level, parent's name) of every unit.
fn tree(imported: &Imported) -> Vec<(String, u8, Option<String>)> {
    let units = &imported.plan.units;
    units
        .iter()
        .map(|u| {
            (
                u.name.clone(),
                u.level,
                u.parent.map(|p| units[p].name.clone()),
            )
        })
        .collect()
}

/// Two count columns: the population ("Tổng số dân") is taken as the
/// base; the planner means the level-2 accounts.
const TWO_COUNTS: &[&[&str]] = &[
    &[
        "STT",
        "Đơn vị",
        "Tổng số dân",
        "Số tài khoản mức 2",
        "Chỉ tiêu",
    ],
    &["", "Toàn huyện", "1000", "300", "270"],
    &["1", "Xã An", "600", "200", "180"],
    &["2", "Xã Bình", "400", "100", "90"],
];

#[test]
fn switching_the_base_to_the_other_count_column() {
    for (bytes, name) in both(TWO_COUNTS) {
        let imported = open(&bytes, name);
        assert_eq!(bases(&imported), [1000, 600, 400]);
        let layout = &imported.report.layout;
        assert_eq!(layout.column_of(&ColumnRole::Base), Some(2));
        assert_eq!(
            layout.columns[3].role,
            Some(ColumnRole::Unknown("Số tài khoản mức 2".into()))
        );
        assert_eq!(layout.columns[3].header, "Số tài khoản mức 2");
        assert_eq!(layout.columns[3].letter, "D");

        let mut corrections = Corrections::new();
        corrections.set_role(3, Some(ColumnRole::Base));
        let corrected = reopen(&bytes, name, &corrections);
        assert_eq!(bases(&corrected), [300, 200, 100]);
        assert_eq!(names(&corrected), names(&imported));
        assert_eq!(
            roles(&corrected),
            [
                "code=A",
                "name=B",
                "unknown:Tổng số dân=C",
                "base=D",
                "target=E"
            ]
        );
        let layout = &corrected.report.layout;
        assert_eq!(layout.role(3), Some(&ColumnRole::Base));
        assert_eq!(layout.role(2), None);
        // The plan recomputes from the corrected bases.
        let model = PlannerModel::from_import(corrected);
        assert!(model.allocation().warnings.is_empty());
    }
}

#[test]
fn clearing_a_role_and_using_a_column_inference_left_out() {
    let bytes = csv_bytes(TWO_COUNTS);
    // Without a target column, and with the STT read as a name column
    // is not possible (one name): clear the target, read the population
    // as an exclusion count instead.
    let mut corrections = Corrections::new();
    corrections
        .set_role(4, None)
        .set_role(2, Some(ColumnRole::Excluded(ExclusionCategory::Other)))
        .set_role(3, Some(ColumnRole::Base));
    let corrected = reopen(&bytes, "t.csv", &corrections);
    assert!(corrected
        .plan
        .units
        .iter()
        .all(|u| u.official_target.is_none()));
    assert_eq!(
        corrected.plan.units[1].exclusions[ExclusionCategory::Other.index()],
        600
    );
    assert_eq!(
        corrected.report.layout.columns[4].role,
        Some(ColumnRole::Unknown("Chỉ tiêu".into()))
    );
    // Unpinning gives back the inferred roles.
    corrections.clear_column(2).clear_column(3).clear_column(4);
    assert_eq!(
        bases(&reopen(&bytes, "t.csv", &corrections)),
        [1000, 600, 400]
    );
}

#[test]
fn a_column_without_a_name_or_base_is_refused_not_panicked() {
    let bytes = csv_bytes(TWO_COUNTS);
    let mut corrections = Corrections::new();
    corrections.set_role(1, None);
    assert!(matches!(
        import::reimport(&bytes, "t.csv", None, &corrections),
        Err(ImportError::NoHeader)
    ));
    // Two pins of one role: the first is used.
    let mut corrections = Corrections::new();
    corrections
        .set_role(2, Some(ColumnRole::Base))
        .set_role(3, Some(ColumnRole::Base));
    assert_eq!(
        bases(&reopen(&bytes, "t.csv", &corrections)),
        [1000, 600, 400]
    );
    // A pin far past the sheet is ignored.
    let mut corrections = Corrections::new();
    corrections.set_role(usize::MAX, Some(ColumnRole::Base));
    assert_eq!(
        bases(&reopen(&bytes, "t.csv", &corrections)),
        [1000, 600, 400]
    );
    // Header rows outside the sheet, zero, or not increasing.
    for rows in [vec![0], vec![99], vec![2, 1], vec![1, 1]] {
        let mut corrections = Corrections::new();
        corrections.set_header_rows(&rows);
        assert!(
            import::reimport(&bytes, "t.csv", None, &corrections).is_err(),
            "{rows:?}"
        );
    }
}

/// A stray line that reads as a header above the real one: inference
/// takes both as a two-row header and finds no numbers under it.
const STRAY_HEADER: &[&[&str]] = &[
    &["Đơn vị", "Số lượng", "", ""],
    &["STT", "Tên đơn vị", "Tổng số", "Chỉ tiêu"],
    &["", "Toàn huyện", "100", "90"],
    &["1", "Xã An", "60", "54"],
    &["2", "Xã Bình", "40", "36"],
];

#[test]
fn correcting_the_header_rows_infers_the_roles_again() {
    for (bytes, name) in both(STRAY_HEADER) {
        assert!(matches!(
            import::import(&bytes, name),
            Err(ImportError::NoUnits)
        ));
        let mut corrections = Corrections::new();
        corrections.set_header_rows(&[2]);
        let corrected = reopen(&bytes, name, &corrections);
        assert_eq!(corrected.report.header_rows, [2]);
        assert_eq!(corrected.report.layout.header_rows, [2]);
        assert_eq!(
            roles(&corrected),
            ["code=A", "name=B", "base=C", "target=D"]
        );
        assert_eq!(names(&corrected), ["Toàn huyện", "Xã An", "Xã Bình"]);
        assert_eq!(bases(&corrected), [100, 60, 40]);
        assert_eq!(corrected.report.title_rows, ["Đơn vị Số lượng"]);
        assert_eq!(
            tree(&corrected)[1],
            ("Xã An".into(), 1, Some("Toàn huyện".into()))
        );
        // The rows listed start under the new header.
        let rows: Vec<usize> = corrected.report.layout.rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, [3, 4, 5]);

        // Pinned roles survive a change of header rows.
        let mut corrections = Corrections::new();
        corrections
            .set_header_rows(&[2])
            .set_role(3, None)
            .set_role(2, Some(ColumnRole::Base));
        let corrected = reopen(&bytes, name, &corrections);
        assert!(corrected
            .plan
            .units
            .iter()
            .all(|u| u.official_target.is_none()));
    }
}

#[test]
fn one_of_two_header_rows() {
    let bytes = soc_trang_xlsx();
    let imported = open(&bytes, "soc-trang.xlsx");
    assert_eq!(imported.report.layout.header_rows, [5, 6]);
    let mut corrections = Corrections::new();
    corrections.set_header_rows(&[5]);
    let corrected = reopen(&bytes, "soc-trang.xlsx", &corrections);
    assert_eq!(corrected.report.header_rows, [5]);
    assert_eq!(
        corrected.report.layout.columns[2].header,
        "Số lượng hồ sơ mức 2"
    );
    assert_eq!(corrected.plan.units, imported.plan.units);
    // Row 6, the header's second line, is now below the header and is not
    // a unit.
    let row6 = &corrected.report.layout.rows[0];
    assert_eq!((row6.row, row6.level), (6, None));
    assert!(row6.text.contains("thường trú"));
}

/// Province > commune > group > officer by STT styles.
const FOUR_LEVELS: &[&[&str]] = &[
    &["STT", "Đơn vị", "Số lượng", "Chỉ tiêu"],
    &["", "Tỉnh Hà Tĩnh", "100", "90"],
    &["1", "Xã Kỳ Anh", "70", "63"],
    &["a", "Thôn 1", "40", "36"],
    &["-", "Nguyễn Văn An", "25", "23"],
    &["-", "Trần Thị Bình", "15", "14"],
    &["b", "Thôn 2", "30", "27"],
    &["-", "Lê Văn Cường", "30", "27"],
    &["2", "Xã Kỳ Hoa", "30", "27"],
    &["", "Tổng cộng", "100", "90"],
    &["", "Ghi chú: số liệu đến 09/5", "", ""],
];

fn node(name: &str, level: u8, parent: Option<&str>) -> (String, u8, Option<String>) {
    (name.into(), level, parent.map(Into::into))
}

#[test]
fn the_layout_lists_every_row_with_its_level() {
    for (bytes, name) in both(FOUR_LEVELS) {
        let imported = open(&bytes, name);
        let layout = &imported.report.layout;
        assert_eq!(layout.header_rows, [1]);
        let levels: Vec<(usize, Option<u8>)> =
            layout.rows.iter().map(|r| (r.row, r.level)).collect();
        assert_eq!(
            levels,
            [
                (2, Some(0)),
                (3, Some(1)),
                (4, Some(2)),
                (5, Some(3)),
                (6, Some(3)),
                (7, Some(2)),
                (8, Some(3)),
                (9, Some(1)),
                (10, None),
                (11, None),
            ]
        );
        assert_eq!(layout.level(4), Some(2));
        assert_eq!(layout.level(10), None);
        assert_eq!(layout.rows[8].text, "Tổng cộng | 100 | 90");
        assert!(layout.rows[0].text.is_empty());
        let roles: Vec<Option<String>> = layout
            .columns
            .iter()
            .map(|c| c.role.as_ref().map(ColumnRole::key))
            .collect();
        assert_eq!(
            roles,
            [
                Some("code".to_string()),
                Some("name".into()),
                Some("base".into()),
                Some("target".into())
            ]
        );
    }
}

#[test]
fn moving_a_row_to_another_level_moves_its_subtree() {
    for (bytes, name) in both(FOUR_LEVELS) {
        // "Thôn 2" (b) moves up beside "Xã Kỳ Anh"; "Lê Văn Cường" stays
        // under it.
        let mut corrections = Corrections::new();
        corrections.set_level(7, 1);
        let corrected = reopen(&bytes, name, &corrections);
        assert_eq!(
            tree(&corrected),
            [
                node("Tỉnh Hà Tĩnh", 0, None),
                node("Xã Kỳ Anh", 1, Some("Tỉnh Hà Tĩnh")),
                node("Thôn 1", 2, Some("Xã Kỳ Anh")),
                node("Nguyễn Văn An", 3, Some("Thôn 1")),
                node("Trần Thị Bình", 3, Some("Thôn 1")),
                node("Thôn 2", 1, Some("Tỉnh Hà Tĩnh")),
                node("Lê Văn Cường", 2, Some("Thôn 2")),
                node("Xã Kỳ Hoa", 1, Some("Tỉnh Hà Tĩnh")),
            ]
        );
        let layout = &corrected.report.layout;
        assert_eq!(layout.level(7), Some(1));
        assert_eq!(layout.level(8), Some(2));
        // The plan recomputes: the commune's base is now "Thôn 1" alone,
        // the province's still all of its children.
        let model = PlannerModel::from_import(corrected);
        let allocation = model.allocation();
        assert_eq!(allocation.base[1], 40);
        assert_eq!(allocation.base[5], 30);
        assert_eq!(allocation.base[0], 100);
        assert!(allocation.warnings.iter().any(|w| matches!(
            w.kind,
            WarningKind::ParentBaseMismatch {
                declared: 70,
                children: 40
            }
        )));

        // "Trần Thị Bình" moves down under "Nguyễn Văn An".
        let mut corrections = Corrections::new();
        corrections.set_level(6, 4);
        let corrected = reopen(&bytes, name, &corrections);
        assert_eq!(
            tree(&corrected)[4],
            node("Trần Thị Bình", 4, Some("Nguyễn Văn An"))
        );
        // A level deeper than the row above allows is taken as one below.
        let mut corrections = Corrections::new();
        corrections.set_level(3, 9);
        let corrected = reopen(&bytes, name, &corrections);
        assert_eq!(
            tree(&corrected)[1],
            node("Xã Kỳ Anh", 1, Some("Tỉnh Hà Tĩnh"))
        );
        assert_eq!(corrected.report.layout.level(3), Some(1));
    }
}

#[test]
fn excluding_and_including_rows() {
    for (bytes, name) in both(FOUR_LEVELS) {
        let mut corrections = Corrections::new();
        corrections.exclude_row(6);
        let corrected = reopen(&bytes, name, &corrections);
        assert_eq!(corrected.plan.units.len(), 7);
        assert!(!names(&corrected).contains(&"Trần Thị Bình"));
        assert_eq!(corrected.report.layout.level(6), None);
        assert_eq!(
            corrected.report.layout.rows[4].text,
            "- | Trần Thị Bình | 15 | 14"
        );
        assert_eq!(corrected.report.units, 7);
        assert!(!corrected.report.unit_rows.contains(&6));

        // Excluding a parent: its children go under the nearest row above
        // with a smaller level.
        let mut corrections = Corrections::new();
        corrections.exclude_row(7);
        let corrected = reopen(&bytes, name, &corrections);
        assert_eq!(tree(&corrected)[5], node("Lê Văn Cường", 3, Some("Thôn 1")));

        // The total at the bottom, skipped by inference, taken in at level
        // 1; the note after it too.
        let mut corrections = Corrections::new();
        corrections.set_level(10, 1).set_level(11, 1);
        let corrected = reopen(&bytes, name, &corrections);
        assert_eq!(corrected.plan.units.len(), 10);
        assert_eq!(
            tree(&corrected)[8],
            node("Tổng cộng", 1, Some("Tỉnh Hà Tĩnh"))
        );
        assert_eq!(
            tree(&corrected)[9],
            node("Ghi chú: số liệu đến 09/5", 1, Some("Tỉnh Hà Tĩnh"))
        );
        assert_eq!(corrected.report.unit_rows[8..], [10, 11]);

        // Excluding the province total leaves the communes at the top.
        let mut corrections = Corrections::new();
        corrections.exclude_row(2);
        let corrected = reopen(&bytes, name, &corrections);
        assert_eq!(tree(&corrected)[0], node("Xã Kỳ Anh", 0, None));
        assert_eq!(tree(&corrected)[6], node("Xã Kỳ Hoa", 0, None));

        // Every row excluded: no units.
        let mut corrections = Corrections::new();
        for row in 2..=11 {
            corrections.exclude_row(row);
        }
        assert!(matches!(
            import::reimport(&bytes, name, None, &corrections),
            Err(ImportError::NoUnits)
        ));
    }
}

#[test]
fn excluding_a_stray_row_lets_sums_place_the_rest() {
    // A "Trong đó" line with a number breaks the sums: the hierarchy is
    // flat until it is excluded.
    let rows: &[&[&str]] = &[
        &["Đơn vị", "Số lượng"],
        &["Hà Tĩnh", "100"],
        &["Trong đó nữ", "48"],
        &["Kỳ Anh", "70"],
        &["An", "40"],
        &["Bình", "30"],
        &["Kỳ Hoa", "30"],
    ];
    let bytes = csv_bytes(rows);
    let mut corrections = Corrections::new();
    corrections.exclude_row(3);
    let corrected = reopen(&bytes, "t.csv", &corrections);
    assert_eq!(corrected.report.hierarchy, "sum");
    assert_eq!(
        tree(&corrected),
        [
            node("Hà Tĩnh", 0, None),
            node("Kỳ Anh", 1, Some("Hà Tĩnh")),
            node("An", 2, Some("Kỳ Anh")),
            node("Bình", 2, Some("Kỳ Anh")),
            node("Kỳ Hoa", 1, Some("Hà Tĩnh")),
        ]
    );
}

/// Imports, then imports again with every inferred value pinned.
fn assert_pinning_everything_changes_nothing(bytes: &[u8], name: &str) {
    let imported = open(bytes, name);
    let corrections = imported.report.layout.corrections();
    assert!(!corrections.is_empty());
    let again = reopen(bytes, name, &corrections);
    assert_eq!(again.plan, imported.plan, "{name}");
    assert_eq!(again.report, imported.report, "{name}");
    // And no corrections at all is `import`.
    let plain = reopen(bytes, name, &Corrections::new());
    assert_eq!(plain.plan, imported.plan);
    assert_eq!(plain.report, imported.report);
}

#[test]
fn corrections_that_change_nothing_give_the_same_plan() {
    for rows in [
        FOUR_LEVELS,
        TWO_COUNTS,
        STRAY_HEADER.get(1..).unwrap_or_default(),
    ] {
        for (bytes, name) in both(rows) {
            assert_pinning_everything_changes_nothing(&bytes, name);
        }
    }
    assert_pinning_everything_changes_nothing(&soc_trang_xlsx(), "soc-trang.xlsx");
    assert_pinning_everything_changes_nothing(import::SAMPLE_CSV, import::SAMPLE_FILE_NAME);
    // Hierarchy by names and by sums.
    let by_names: &[&[&str]] = &[
        &["Địa bàn", "Tổng số"],
        &["Tỉnh Hà Tĩnh", "100"],
        &["Xã Kỳ Anh", "70"],
        &["Thôn 1", "40"],
        &["Đ/c Nguyễn Văn An", "25"],
        &["Đ/c Trần Thị Bình", "15"],
        &["Thôn 2", "30"],
        &["CSKV Lê Văn Cường", "30"],
        &["Xã Kỳ Hoa", "30"],
    ];
    let by_sums: &[&[&str]] = &[
        &["Đơn vị", "Số lượng"],
        &["Hà Tĩnh", "100"],
        &["Kỳ Anh", "70"],
        &["Một", "40"],
        &["An", "25"],
        &["Bình", "15"],
        &["Hai", "30"],
        &["Kỳ Hoa", "30"],
    ];
    for rows in [by_names, by_sums] {
        assert_pinning_everything_changes_nothing(&csv_bytes(rows), "t.csv");
    }
}

#[test]
fn a_named_sheet_of_a_workbook() {
    let bytes = grid_xlsx(
        &[
            ("Ghi chú", grid(&[&["Nothing here"]])),
            ("Phụ lục", grid(TWO_COUNTS)),
        ],
        true,
    );
    let mut corrections = Corrections::new();
    corrections.set_role(3, Some(ColumnRole::Base));
    for sheet in [None, Some("Phụ lục")] {
        let corrected = import::reimport(&bytes, "t.xlsx", sheet, &corrections)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(corrected.report.sheet.as_deref(), Some("Phụ lục"));
        assert_eq!(corrected.report.sheets, ["Ghi chú", "Phụ lục"]);
        assert_eq!(bases(&corrected), [300, 200, 100]);
    }
    assert!(matches!(
        import::reimport(&bytes, "t.xlsx", Some("Khác"), &corrections),
        Err(ImportError::NoSuchSheet(_))
    ));
}

#[test]
fn pasted_cells_with_corrections() {
    let text = "STT\tĐơn vị\tTổng số dân\tSố tài khoản mức 2\n\
                1\tXã An\t600\t200\n\
                2\tXã Bình\t400\t100\n";
    let pasted = import::paste(text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(bases(&pasted), [600, 400]);
    let mut corrections = Corrections::new();
    corrections
        .set_role(3, Some(ColumnRole::Base))
        .exclude_row(3);
    let corrected = import::repaste(text, &corrections).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(bases(&corrected), [200]);
    assert_eq!(corrected.report.sheet, None);
    let again = import::repaste(text, &pasted.report.layout.corrections())
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(again.plan, pasted.plan);
}

#[test]
fn headerless_paste_with_a_header_row_pinned_to_none() {
    // Data rows only: no header found, roles from the numbers. Pinning no
    // header rows and the roles gives the same.
    let text = "Xã An\t600\t200\nXã Bình\t400\t100\nXã Cường\t300\t90\n";
    let pasted = import::paste(text).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(pasted.report.layout.header_rows.is_empty());
    let mut corrections = Corrections::new();
    corrections
        .set_header_rows(&[])
        .set_role(1, Some(ColumnRole::Eligible))
        .set_role(2, Some(ColumnRole::Base));
    let corrected = import::repaste(text, &corrections).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(bases(&corrected), [200, 100, 90]);
    assert_eq!(corrected.plan.units.len(), 3);
}

#[test]
fn role_keys_round_trip_and_have_labels() {
    let choices = import::role_choices();
    assert_eq!(choices.len(), 16);
    for role in &choices {
        assert_eq!(ColumnRole::from_key(&role.key()).as_ref(), Some(role));
    }
    assert_eq!(
        ColumnRole::from_key("unknown:Ghi chú"),
        Some(ColumnRole::Unknown("Ghi chú".into()))
    );
    assert_eq!(ColumnRole::from_key("excluded:nothing"), None);
    assert_eq!(ColumnRole::from_key("bogus"), None);
    for locale in [Locale::Vi, Locale::En] {
        let labelled = i18n::column_role_choices(locale);
        assert_eq!(labelled.len(), choices.len() + 1);
        assert_eq!(labelled[0].0, "");
        let mut labels: Vec<&String> = labelled.iter().map(|(_, l)| l).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), labelled.len(), "labels differ");
    }
    assert_eq!(
        i18n::column_role(Some(&ColumnRole::Base), Locale::Vi),
        "Số lượng"
    );
    assert_eq!(
        i18n::column_role(
            Some(&ColumnRole::Excluded(ExclusionCategory::Died)),
            Locale::En
        ),
        "Excluded: Died"
    );
    assert_eq!(
        i18n::column_role(Some(&ColumnRole::Unknown("x".into())), Locale::Vi),
        "Không dùng"
    );
}

#[test]
fn layout_and_corrections_as_json() {
    let imported = open(&csv_bytes(TWO_COUNTS), "t.csv");
    let json = serde_json::to_value(&imported.report).unwrap_or_default();
    assert_eq!(json["layout"]["headerRows"], serde_json::json!([1]));
    assert_eq!(json["layout"]["columns"][2]["role"], "base");
    assert_eq!(
        json["layout"]["columns"][3]["role"],
        "unknown:Số tài khoản mức 2"
    );
    // Every field is written (the same serde feeds the import worker's
    // binary reply); the JS API leaves the rows out altogether.
    assert_eq!(
        json["layout"]["rows"][0],
        serde_json::json!({"row": 2, "level": 0, "text": ""})
    );
    let corrections: Corrections = serde_json::from_str(
        r#"{"headerRows": [1], "columns": {"3": "base", "4": null}, "rows": {"4": null}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let corrected = reopen(&csv_bytes(TWO_COUNTS), "t.csv", &corrections);
    assert_eq!(bases(&corrected), [300, 200]);
    assert!(serde_json::from_str::<Corrections>(r#"{"columns": {"1": "bogus"}}"#).is_err());
    let round: Corrections =
        serde_json::from_value(serde_json::to_value(&corrections).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(round, corrections);
}
