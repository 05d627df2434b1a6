//! No input may panic: the fixtures, flipped, cut and spliced
//! deterministically, must each give a plan or an `ImportError`. (The
//! open-ended search is `cargo fuzz run import` in `fuzz/`.)

mod import_support;

use import_support::*;
use quota_planner::core::import;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut XorShift, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    match rng.below(5) {
        0 => {
            for _ in 0..=rng.below(8) {
                let i = rng.below(out.len());
                if let Some(b) = out.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
        }
        1 => out.truncate(rng.below(out.len())),
        2 => {
            let i = rng.below(out.len());
            let n = rng.below(64);
            out.splice(i..i, std::iter::repeat_n(rng.next() as u8, n));
        }
        3 => {
            let i = rng.below(out.len());
            let j = (i + rng.below(256)).min(out.len());
            out.drain(i..j);
        }
        _ => {
            let i = rng.below(out.len());
            let bytes = rng.next().to_le_bytes();
            for (k, b) in bytes.iter().enumerate() {
                if let Some(slot) = out.get_mut(i + k) {
                    *slot = *b;
                }
            }
        }
    }
    out
}

#[test]
fn mutated_inputs_never_panic() {
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("a.xlsx", soc_trang_xlsx()),
        ("a.xls", fixture("soc-trang-published.xls")),
        ("a.ods", fixture("soc-trang-published.ods")),
        ("a.csv", import::SAMPLE_CSV.to_vec()),
        (
            "a.txt",
            utf16le_with_bom(&String::from_utf8_lossy(import::SAMPLE_CSV)),
        ),
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let rounds = if cfg!(debug_assertions) { 60 } else { 600 };
    let mut accepted = 0;
    for (name, bytes) in &inputs {
        for _ in 0..rounds {
            let mutated = mutate(&mut rng, bytes);
            if import::import(&mutated, name).is_ok() {
                accepted += 1;
            }
            if let Ok(text) = std::str::from_utf8(&mutated) {
                let _ = import::paste(text);
            }
        }
    }
    assert!(accepted > 0);
}
