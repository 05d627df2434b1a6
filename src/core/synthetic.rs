//! Generated plans of any size, for benchmarks and scale tests: a national
//! tree of provinces > communes > groups > officers with varied bases.

use super::plan::{Plan, Unit, UnitId};

/// A plan with about `units` units in four levels below a national total.
pub fn national_plan(units: usize) -> Plan {
    let units = units.max(2);
    let mut out: Vec<Unit> = Vec::with_capacity(units);
    out.push(Unit::new(UnitId(0), "", "Toàn quốc", 0, None));
    // Fan-outs chosen so that 100,000 units give 34 provinces.
    let (per_province, per_commune, per_group) = (3_000usize, 10usize, 3usize);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next_base = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        100 + seed % 900
    };
    let (mut province, mut commune, mut group) = (0usize, 0usize, 0usize);
    let mut counts = (0usize, 0usize, 0usize);
    while out.len() < units {
        let id = UnitId(out.len() as u32);
        let index = out.len();
        if out.len() == 1 || counts.0 >= per_province {
            counts = (0, 0, 0);
            let n = out.iter().filter(|u| u.level == 1).count() + 1;
            out.push(Unit::new(
                id,
                &n.to_string(),
                &format!("Tỉnh {n}"),
                1,
                Some(0),
            ));
            province = index;
            counts.0 += 1;
        } else if counts.1 == 0 || counts.1 >= per_commune * per_group + per_commune {
            counts.1 = 1;
            out.push(Unit::new(
                id,
                "-",
                &format!("Xã {index}"),
                2,
                Some(province),
            ));
            commune = index;
            counts.0 += 1;
            counts.2 = 0;
        } else if counts.2 == 0 || counts.2 > per_group {
            counts.2 = 1;
            counts.1 += 1;
            out.push(Unit::new(
                id,
                "+",
                &format!("Thôn {index}"),
                3,
                Some(commune),
            ));
            group = index;
            counts.0 += 1;
        } else {
            let mut unit = Unit::new(id, "", &format!("Cán bộ {index}"), 4, Some(group));
            unit.base = next_base();
            out.push(unit);
            counts.2 += 1;
            counts.1 += 1;
            counts.0 += 1;
        }
    }
    Plan::new("Kế hoạch toàn quốc (tổng hợp)", out)
}

/// The browser benchmark's plan (`nationalCsv` in tests/browser/harness.mjs):
/// one province > `communes` communes > `groups` groups each > `officers`
/// officers each, outline codes `c`, `c.g`, `c.g.o`. Only officers have a
/// base (`100 + (k·7919) mod 900` for the k-th officer counting from 2, as
/// the harness's `n++` reads); parents declare none (0), as in the file.
/// `wide_plan(40, 50, 49)` is its 100,041 units.
pub fn wide_plan(communes: usize, groups: usize, officers: usize) -> Plan {
    let mut out: Vec<Unit> = Vec::with_capacity(1 + communes * (1 + groups * (1 + officers)));
    out.push(Unit::new(UnitId(0), "", "Tỉnh Thử", 0, None));
    let mut n: u64 = 1;
    for c in 1..=communes {
        let commune = out.len();
        let id = UnitId(commune as u32);
        out.push(Unit::new(
            id,
            &c.to_string(),
            &format!("Xã {c}"),
            1,
            Some(0),
        ));
        for g in 1..=groups {
            let group = out.len();
            let id = UnitId(group as u32);
            let code = format!("{c}.{g}");
            out.push(Unit::new(
                id,
                &code,
                &format!("Thôn {c}-{g}"),
                2,
                Some(commune),
            ));
            for o in 1..=officers {
                let id = UnitId(out.len() as u32);
                let name = format!("Cán bộ {n}");
                n += 1;
                let mut unit = Unit::new(id, &format!("{c}.{g}.{o}"), &name, 3, Some(group));
                unit.base = 100 + (n * 7919) % 900;
                out.push(unit);
            }
        }
    }
    Plan::new("Kế hoạch thử (tổng hợp)", out)
}
