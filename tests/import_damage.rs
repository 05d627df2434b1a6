//! A damaged or hand-cut file is never silently shortened: when a reader
//! skips records (a bit flipped in an xls) or rows were deleted, the plan
//! that opens says so, by the STT jump where rows went missing and by the
//! parents whose own totals no longer match their units.

use quota_planner::core::i18n::Locale;
use quota_planner::core::import::{self, Imported};
use quota_planner::core::model::PlannerModel;

const PUBLISHED_XLS: &[u8] = include_bytes!("fixtures/soc-trang-published.xls");

fn codes(model: &PlannerModel) -> Vec<&'static str> {
    model.warnings().map(|w| w.code()).collect()
}

fn flipped(at: usize, bit: u8) -> Vec<u8> {
    let mut bytes = PUBLISHED_XLS.to_vec();
    bytes[at] ^= 1 << bit;
    bytes
}

#[test]
fn a_bit_flip_that_loses_rows_is_reported_where_they_went() {
    let Ok(whole) = import::import(PUBLISHED_XLS, "a.xls") else {
        panic!("the published appendix opens");
    };
    assert_eq!(whole.plan.units.len(), 120);
    // One flipped bit makes the reader skip the rows of four districts.
    let Ok(damaged) = import::import(&flipped(13_910, 4), "a.xls") else {
        panic!("the damaged file still opens");
    };
    assert!(
        damaged.plan.units.len() < 120,
        "{}",
        damaged.plan.units.len()
    );
    let gap = damaged
        .report
        .warnings
        .iter()
        .find(|w| w.code() == "numbering-gap")
        .map(|w| (w.row, w.message(Locale::Vi)));
    let Some((Some(_row), message)) = gap else {
        panic!(
            "a numbering gap with its row: {:?}",
            damaged.report.warnings
        );
    };
    assert!(message.contains("có thể thiếu dòng"), "{message}");
    let model = PlannerModel::from_import(damaged);
    assert!(codes(&model).contains(&"parent-base-mismatch"));
}

/// Every single-bit flip of the published xls (a deterministic sample)
/// that opens with fewer units than the original carries a warning.
#[test]
fn no_bit_flip_shortens_the_plan_silently() {
    // calamine's own panics are expected here: keep them out of the
    // output, and every other panic as it is.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !info
            .location()
            .is_some_and(|l| l.file().contains("calamine"))
        {
            default_hook(info);
        }
    }));
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut shortened, mut refused) = (0, 0);
    for _ in 0..600 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let at = (state >> 33) as usize % PUBLISHED_XLS.len();
        let bit = ((state >> 20) % 8) as u8;
        let bytes = flipped(at, bit);
        // The reader may panic on a damaged file; the app reads workbooks
        // in a worker for that reason. Here only what opens matters.
        let Ok(opened) = std::panic::catch_unwind(|| import::import(&bytes, "a.xls")) else {
            refused += 1;
            continue;
        };
        let Ok(imported): Result<Imported, _> = opened else {
            refused += 1;
            continue;
        };
        if imported.plan.units.len() < 120 {
            shortened += 1;
            let model = PlannerModel::from_import(imported);
            assert!(
                model.warnings().next().is_some(),
                "byte {at} bit {bit}: {} units and no warning",
                model.plan().units.len()
            );
        }
    }
    // The sample does exercise both outcomes.
    assert!(
        shortened > 0 && refused > 0,
        "{shortened} shortened, {refused} refused"
    );
}

#[test]
fn rows_deleted_by_hand_leave_a_numbering_gap() {
    let csv = "STT,Đơn vị,Dân số\n\
               ,Tỉnh A,\n\
               I,Huyện B,\n\
               1,Xã 1,100\n\
               2,Xã 2,200\n\
               5,Xã 5,500\n\
               III,Huyện D,\n\
               a,Tổ a,10\n\
               b,Tổ b,20\n\
               d,Tổ d,40\n";
    let Ok(imported) = import::import(csv.as_bytes(), "cut.csv") else {
        panic!("the plan opens");
    };
    let gaps: Vec<(Option<usize>, String)> = imported
        .report
        .warnings
        .iter()
        .filter(|w| w.code() == "numbering-gap")
        .map(|w| (w.row, w.message(Locale::En)))
        .collect();
    // 2 → 5 among the communes, I → III among the districts; letters are
    // not compared (c and d are also roman numerals).
    assert_eq!(gaps.len(), 2, "{gaps:?}");
    assert!(gaps
        .iter()
        .any(|(row, m)| *row == Some(6) && m.contains("from 2 to 5")));
    assert!(gaps
        .iter()
        .any(|(row, m)| *row == Some(7) && m.contains("from I to III")));
}
