//! Which rows a tree view shows: collapsed parents hide their descendants,
//! and an outline level hides everything deeper (like Excel's grouping).

use std::collections::HashSet;

use super::plan::Plan;
use super::text::fold;

/// Indices of the units to show, in appendix order.
pub fn visible_rows(plan: &Plan, collapsed: &HashSet<usize>, max_level: Option<u8>) -> Vec<usize> {
    // Nothing hidden (a plan as it opens): every unit, without a pass over
    // the unit structs (a million of them took a long task of the page).
    let shallow = max_level.is_none_or(|max| usize::from(max) + 1 >= plan.depth());
    if collapsed.is_empty() && shallow {
        return (0..plan.units.len()).collect();
    }
    let mut rows = Vec::with_capacity(plan.units.len());
    // Level of the collapsed unit whose subtree is being skipped.
    let mut hiding_below: Option<u8> = None;
    for (index, unit) in plan.units.iter().enumerate() {
        if let Some(level) = hiding_below {
            if unit.level > level {
                continue;
            }
            hiding_below = None;
        }
        if max_level.is_some_and(|max| unit.level > max) {
            continue;
        }
        rows.push(index);
        if collapsed.contains(&index) && !plan.is_leaf(index) {
            hiding_below = Some(unit.level);
        }
    }
    rows
}

/// Units whose name or code matches `query` (case and diacritics ignored:
/// "chau thanh" finds "Châu Thành"), each with its ancestors, in appendix
/// order. An empty query matches nothing.
pub fn matching_rows(plan: &Plan, query: &str) -> Vec<usize> {
    let query = fold(query.trim());
    if query.is_empty() {
        return Vec::new();
    }
    let mut keep = vec![false; plan.units.len()];
    for (index, unit) in plan.units.iter().enumerate() {
        if fold(&unit.name).contains(&query) || fold(&unit.code) == query {
            let mut at = Some(index);
            while let Some(i) = at {
                if keep[i] {
                    break;
                }
                keep[i] = true;
                at = plan.units[i].parent;
            }
        }
    }
    (0..plan.units.len()).filter(|&i| keep[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::{Unit, UnitId};

    fn tree() -> Plan {
        // 0 > (1 > 2, 3), (4 > 5)
        let parents = [None, Some(0), Some(1), Some(1), Some(0), Some(4)];
        let levels = [0, 1, 2, 2, 1, 2];
        let units = (0..6)
            .map(|i| {
                Unit::new(
                    UnitId(i as u32),
                    "",
                    &format!("u{i}"),
                    levels[i],
                    parents[i],
                )
            })
            .collect();
        Plan::new("t", units)
    }

    #[test]
    fn collapsing_hides_descendants_only() {
        let plan = tree();
        assert_eq!(
            visible_rows(&plan, &HashSet::new(), None),
            vec![0, 1, 2, 3, 4, 5]
        );
        assert_eq!(
            visible_rows(&plan, &HashSet::from([1]), None),
            vec![0, 1, 4, 5]
        );
        assert_eq!(visible_rows(&plan, &HashSet::from([0]), None), vec![0]);
        // A collapsed leaf hides nothing.
        assert_eq!(visible_rows(&plan, &HashSet::from([2]), None).len(), 6);
        assert_eq!(visible_rows(&plan, &HashSet::new(), Some(1)), vec![0, 1, 4]);
        // An outline level at or below the deepest hides nothing.
        assert_eq!(visible_rows(&plan, &HashSet::new(), Some(2)).len(), 6);
        assert_eq!(visible_rows(&plan, &HashSet::new(), Some(0)), vec![0]);
    }

    #[test]
    fn search_ignores_diacritics_and_keeps_ancestors() {
        let model = crate::core::model::PlannerModel::sample().unwrap();
        let plan = model.plan();
        let found = matching_rows(plan, "chau thanh");
        let names: Vec<&str> = found.iter().map(|&i| plan.units[i].name.as_str()).collect();
        assert_eq!(
            names,
            ["Tỉnh Sóc Trăng", "Huyện Châu Thành", "TT. Châu Thành"]
        );
        assert!(matching_rows(plan, "  ").is_empty());
        assert_eq!(matching_rows(plan, "HO DAC KIEN").len(), 3);
    }
}
