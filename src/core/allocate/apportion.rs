//! Splitting one parent's integer target among its children, exactly.
//!
//! Each child has a weight (its exact share, a numerator over `SCALE`) and
//! bounds `lo ≤ target ≤ hi`: a locked child has `lo = hi = lock`; an
//! unlocked one has `lo` = the locks it must hold below it and `hi` = its
//! eligible count (less where locks below it leave less room). The caller
//! guarantees `Σlo ≤ total ≤ Σhi`, so a split always exists.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::wide::{cmp_products, mul_div, Wide};

/// Which apportionment method splits a parent's target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Hamilton: floors of the quotas, then the largest remainders.
    LargestRemainder,
    /// Webster / Sainte-Laguë: divisor method rounding half up.
    SainteLague,
}

/// Per-unit inputs of a split, indexed by unit.
pub struct Inputs<'a> {
    /// Exact shares (numerators over `SCALE`).
    pub weight: &'a [u128],
    /// Used instead of `weight` when every free child's exact share is 0
    /// (a 0% percentage under a locked parent): eligible counts.
    pub fallback: &'a [u64],
    pub lo: &'a [u64],
    pub hi: &'a [u64],
}

/// Buffers reused across splits so a full recompute does not allocate per
/// parent.
#[derive(Default)]
pub struct Scratch {
    free: Vec<usize>,
    zero: Vec<usize>,
    pinned: Vec<usize>,
    /// (⌊quota⌋, remainder numerator, unit) of the unpinned children.
    quotas: Vec<(u128, u128, usize)>,
    up: BinaryHeap<Seat>,
    down: BinaryHeap<Reverse<Seat>>,
    /// Fast path: (remainder or weight, unit) of every child.
    small: Vec<(u64, usize)>,
    up64: BinaryHeap<Seat64>,
    down64: BinaryHeap<Reverse<Seat64>>,
}

/// The weight a split uses for a unit.
#[derive(Clone, Copy)]
struct Weights<'a> {
    exact: &'a [u128],
    eligible: &'a [u64],
    by_eligible: bool,
}

impl Weights<'_> {
    #[inline(always)]
    fn of(self, unit: usize) -> u128 {
        if self.by_eligible {
            u128::from(self.eligible[unit])
        } else {
            self.exact[unit]
        }
    }

    #[inline(always)]
    fn sum(self, units: &[usize]) -> u128 {
        units
            .iter()
            .fold(0u128, |a, &c| a.saturating_add(self.of(c)))
    }
}

/// Splits `total` among `children` (appendix order) into `target`.
///
/// Children with a zero exact share (a 0% percentage) get only their lower
/// bound, unless the others cannot hold the total: then the others are
/// filled to their bounds and the zero-share children take the rest in
/// proportion to their eligible counts. That only happens under a lock.
pub fn split(
    method: Method,
    total: u64,
    children: &[usize],
    inputs: &Inputs<'_>,
    target: &mut [u64],
    scratch: &mut Scratch,
) {
    if split_fast(method, total, children, inputs, target, scratch) {
        return;
    }
    let (lo, hi) = (inputs.lo, inputs.hi);
    scratch.free.clear();
    scratch.zero.clear();
    let mut rest = total;
    for &c in children {
        if lo[c] >= hi[c] || inputs.weight[c] == 0 {
            target[c] = lo[c];
            rest = rest.saturating_sub(lo[c]);
            if lo[c] < hi[c] {
                scratch.zero.push(c);
            }
        } else {
            scratch.free.push(c);
        }
    }
    let free_hi: u64 = scratch
        .free
        .iter()
        .fold(0u64, |a, &c| a.saturating_add(hi[c]));
    let mut weights = Weights {
        exact: inputs.weight,
        eligible: inputs.fallback,
        by_eligible: false,
    };
    if rest > free_hi && !scratch.zero.is_empty() {
        for &c in &scratch.free {
            target[c] = hi[c];
        }
        rest -= free_hi;
        for &c in &scratch.zero {
            rest = rest.saturating_add(lo[c]);
        }
        std::mem::swap(&mut scratch.free, &mut scratch.zero);
        weights.by_eligible = true;
    }
    run(method, rest, weights, inputs, target, scratch);
}

/// Most splits to scan for seats one by one instead of through a heap.
const SCAN: usize = 32;

/// The common split, in `u64`: no child bound from below (`lo = 0`), every
/// child with room and a positive share, no quota above its child's `hi`,
/// and `total × Σweight` within `u64`, so that every product below fits.
/// Then nothing is pinned and both methods reduce to their textbook form;
/// the result is the general path's, step for step (same seats, same tie
/// rules). Returns false, having decided nothing, when any condition fails.
fn split_fast(
    method: Method,
    total: u64,
    children: &[usize],
    inputs: &Inputs<'_>,
    target: &mut [u64],
    scratch: &mut Scratch,
) -> bool {
    let (weight, lo, hi) = (inputs.weight, inputs.lo, inputs.hi);
    let mut sum: u64 = 0;
    let mut room: u64 = 0;
    for &c in children {
        let (Ok(w), l, h) = (u64::try_from(weight[c]), lo[c], hi[c]) else {
            return false;
        };
        if w == 0 || l != 0 || h == 0 {
            return false;
        }
        let (Some(s), Some(r)) = (sum.checked_add(w), room.checked_add(h)) else {
            return false;
        };
        sum = s;
        room = r;
    }
    // `total > room` is the caller's warning; `total = room` fills every
    // child (the general path's edge case).
    if total >= room {
        if total > room {
            return false;
        }
        for &c in children {
            target[c] = hi[c];
        }
        return true;
    }
    // Webster compares weight × (2·seats ± 1) with seats ≤ total + 1.
    // By bit lengths, not `checked_mul`: wasm lowers that to a 128-bit
    // multiply call. Conservative; the general path takes the rest.
    let bits = |x: u64| 64 - x.leading_zeros();
    if total >= 1 << 62 || bits(sum) + bits(2 * total + 3) > 64 {
        return false;
    }
    let small = &mut scratch.small;
    // Sized once, then written in place: one call instead of a push each.
    small.clear();
    small.resize(children.len(), (0, 0));
    let mut given: u64 = 0;
    for (slot, &c) in small.iter_mut().zip(children) {
        let w = weight[c] as u64;
        let product = total * w;
        // One division: wasm has no instruction giving both.
        let q = product / sum;
        let r = product - q * sum;
        let h = hi[c];
        if q > h || (q == h && r > 0) {
            return false;
        }
        let seats = match method {
            Method::LargestRemainder => {
                *slot = (r, c);
                q
            }
            Method::SainteLague => {
                *slot = (w, c);
                if r >= sum - r {
                    q + 1
                } else {
                    q
                }
            }
        };
        target[c] = seats;
        given += seats;
    }
    match method {
        Method::LargestRemainder => {
            // Σq ≤ total < Σq + children.
            let leftover = (total - given) as usize;
            if leftover == 0 {
            } else if small.len() <= SCAN {
                // Σr = leftover × sum with every r < sum, so more than
                // `leftover` remainders are positive: each seat goes to a
                // positive one, and a taken one is marked 0. Ties go to the
                // earlier unit (strict comparison in appendix order).
                for _ in 0..leftover {
                    let (mut best, mut best_r) = (0, 0);
                    for (k, &(r, _)) in small.iter().enumerate() {
                        if r > best_r {
                            best = k;
                            best_r = r;
                        }
                    }
                    target[small[best].1] += 1;
                    small[best].0 = 0;
                }
            } else {
                let by_remainder =
                    |a: &(u64, usize), b: &(u64, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
                if leftover < small.len() {
                    small.select_nth_unstable_by(leftover - 1, by_remainder);
                }
                for &(_, c) in &small[..leftover] {
                    target[c] += 1;
                }
            }
            true
        }
        Method::SainteLague => {
            if given == total {
                return true;
            }
            if small.len() > SCAN && total.abs_diff(given) > STEPS {
                webster_heap(total, given, inputs, target, scratch);
                return true;
            }
            while given < total {
                // Highest weight / (2s + 1) among children below `hi`;
                // ties to the earlier unit.
                let mut best: Option<(u64, u64, usize)> = None;
                for &(w, c) in small.iter() {
                    let s = target[c];
                    if s >= hi[c] {
                        continue;
                    }
                    let d = 2 * s + 1;
                    match best {
                        Some((bw, bd, _)) if w * bd <= bw * d => {}
                        _ => best = Some((w, d, c)),
                    }
                }
                let Some((_, _, c)) = best else { break };
                target[c] += 1;
                given += 1;
            }
            while given > total {
                // Lowest weight / (2s − 1) among children above 0; ties to
                // the later unit.
                let mut best: Option<(u64, u64, usize)> = None;
                for &(w, c) in small.iter() {
                    let s = target[c];
                    if s == 0 {
                        continue;
                    }
                    let d = 2 * s - 1;
                    match best {
                        Some((bw, bd, _)) if w * bd > bw * d => {}
                        _ => best = Some((w, d, c)),
                    }
                }
                let Some((_, _, c)) = best else { break };
                target[c] -= 1;
                given -= 1;
            }
            true
        }
    }
}

/// Most Webster steps to take by scanning every child when there are more
/// than `SCAN` children; beyond that, a heap.
const STEPS: u64 = 4;

/// The fast path's Webster steps through a heap, for many children and
/// many steps: the same seats as the scans (same order, same tie rules),
/// with every product within `u64` by `split_fast`'s bound (`weight ≤ Σ`,
/// divisor ≤ 2·total + 3). `scratch.small` holds (weight, unit).
fn webster_heap(
    total: u64,
    mut given: u64,
    inputs: &Inputs<'_>,
    target: &mut [u64],
    scratch: &mut Scratch,
) {
    let hi = inputs.hi;
    let small = &scratch.small;
    if given < total {
        let up = &mut scratch.up64;
        up.clear();
        up.extend(
            small
                .iter()
                .filter(|&&(_, c)| target[c] < hi[c])
                .map(|&(weight, unit)| Seat64 {
                    weight,
                    divisor: 2 * target[unit] + 1,
                    unit,
                }),
        );
        while given < total {
            let Some(mut seat) = up.peek_mut() else { break };
            let c = seat.unit;
            target[c] += 1;
            given += 1;
            if target[c] < hi[c] {
                seat.divisor += 2;
            } else {
                std::collections::binary_heap::PeekMut::pop(seat);
            }
        }
    } else {
        let down = &mut scratch.down64;
        down.clear();
        down.extend(
            small
                .iter()
                .filter(|&&(_, c)| target[c] > 0)
                .map(|&(weight, unit)| {
                    Reverse(Seat64 {
                        weight,
                        divisor: 2 * target[unit] - 1,
                        unit,
                    })
                }),
        );
        while given > total {
            let Some(mut seat) = down.peek_mut() else {
                break;
            };
            let c = seat.0.unit;
            target[c] -= 1;
            given -= 1;
            if target[c] > 0 {
                seat.0.divisor -= 2;
            } else {
                std::collections::binary_heap::PeekMut::pop(seat);
            }
        }
    }
}

/// `Seat` in `u64`, for the fast path: ranked the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seat64 {
    weight: u64,
    divisor: u64,
    unit: usize,
}

impl Ord for Seat64 {
    #[inline(always)]
    fn cmp(&self, other: &Self) -> Ordering {
        (self.weight * other.divisor)
            .cmp(&(other.weight * self.divisor))
            .then(other.unit.cmp(&self.unit))
    }
}

impl PartialOrd for Seat64 {
    #[inline(always)]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn run(
    method: Method,
    rest: u64,
    weights: Weights<'_>,
    inputs: &Inputs<'_>,
    target: &mut [u64],
    scratch: &mut Scratch,
) {
    let (lo, hi) = (inputs.lo, inputs.hi);
    scratch.pinned.clear();
    if scratch.free.is_empty() {
        return;
    }
    let (free_lo, free_hi) = scratch.free.iter().fold((0u64, 0u64), |(l, h), &c| {
        (l.saturating_add(lo[c]), h.saturating_add(hi[c]))
    });
    // The edges need no arithmetic.
    if rest <= free_lo || rest >= free_hi {
        let at_hi = rest >= free_hi && rest > free_lo;
        for &c in &scratch.free {
            target[c] = if at_hi { hi[c] } else { lo[c] };
        }
        return;
    }
    let (rest, sum) = pin_to_bounds(rest, weights, inputs, target, scratch);
    match method {
        Method::LargestRemainder => hamilton(rest, target, scratch),
        Method::SainteLague => webster(rest, sum, weights, inputs, target, scratch),
    }
}

/// Pins every child whose quota falls outside its bounds to that bound and
/// returns what is left for the others and their weights' sum; their
/// quotas (which then lie within their bounds) are left in
/// `scratch.quotas`. Which side to pin: if the quotas above `hi` overshoot
/// by more than those below `lo` undershoot, the common scale must rise, so
/// every child over `hi` stays over it (and the other way round); pinning
/// that side is final. Usually nothing is pinned and this is one pass.
fn pin_to_bounds(
    mut rest: u64,
    weights: Weights<'_>,
    inputs: &Inputs<'_>,
    target: &mut [u64],
    scratch: &mut Scratch,
) -> (u64, u128) {
    let (lo, hi) = (inputs.lo, inputs.hi);
    loop {
        let sum = weights.sum(&scratch.free);
        let total = u128::from(rest);
        let mut excess = Wide::ZERO;
        let mut deficit = Wide::ZERO;
        scratch.quotas.clear();
        for &c in &scratch.free {
            let w = weights.of(c);
            let (q, r) = mul_div(total, w, sum);
            scratch.quotas.push((q, r, c));
            let (l, h) = (u128::from(lo[c]), u128::from(hi[c]));
            if q > h || (q == h && r > 0) {
                excess = excess.add(Wide::mul(total, w).sub(Wide::mul(h, sum)));
            } else if q < l {
                deficit = deficit.add(Wide::mul(l, sum).sub(Wide::mul(total, w)));
            }
        }
        if excess == Wide::ZERO && deficit == Wide::ZERO {
            return (rest, sum);
        }
        let (pin_hi, pin_lo) = match excess.cmp(&deficit) {
            Ordering::Greater => (true, false),
            Ordering::Less => (false, true),
            Ordering::Equal => (true, true),
        };
        scratch.free.clear();
        for &(q, r, c) in &scratch.quotas {
            let h = u128::from(hi[c]);
            let bound = if pin_hi && (q > h || (q == h && r > 0)) {
                hi[c]
            } else if pin_lo && q < u128::from(lo[c]) {
                lo[c]
            } else {
                scratch.free.push(c);
                continue;
            };
            target[c] = bound;
            rest = rest.saturating_sub(bound);
            scratch.pinned.push(c);
        }
        if scratch.free.is_empty() {
            scratch.quotas.clear();
            return (rest, 0);
        }
    }
}

/// Hamilton: floors of the quotas, then one more each to the largest
/// remainders, equal remainders in appendix order. After pinning, every
/// quota lies within its bounds, so floor and ceiling do too.
fn hamilton(rest: u64, target: &mut [u64], scratch: &mut Scratch) {
    let mut given: u64 = 0;
    for &(q, _, c) in &scratch.quotas {
        // q ≤ rest because each weight ≤ their sum.
        let floor = u64::try_from(q).unwrap_or(u64::MAX);
        target[c] = floor;
        given = given.saturating_add(floor);
    }
    let leftover = usize::try_from(rest.saturating_sub(given)).unwrap_or(usize::MAX);
    let leftover = leftover.min(scratch.quotas.len());
    if leftover == 0 {
        return;
    }
    let by_remainder =
        |a: &(u128, u128, usize), b: &(u128, u128, usize)| b.1.cmp(&a.1).then(a.2.cmp(&b.2));
    if leftover < scratch.quotas.len() {
        scratch
            .quotas
            .select_nth_unstable_by(leftover - 1, by_remainder);
    }
    for &(_, _, c) in &scratch.quotas[..leftover] {
        target[c] += 1;
    }
}

/// One child's claim on its next (or last) seat: `weight / divisor`,
/// compared exactly by cross-multiplication. Ties: the earlier unit in
/// appendix order ranks higher.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seat {
    weight: u128,
    /// 2·seats + 1 for the next seat, 2·seats − 1 for the last one.
    divisor: u128,
    unit: usize,
}

impl Ord for Seat {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_products(self.weight, other.divisor, other.weight, self.divisor)
            .then(other.unit.cmp(&self.unit))
    }
}

impl PartialOrd for Seat {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Webster (Sainte-Laguë) with bounds. Jump start: each unpinned child gets
/// its quota rounded half up, pinned ones their bound. That is the bounded
/// divisor method's answer for a house near `rest` (the pinning divisor
/// puts every pinned child at or beyond its bound). Seats are then added to
/// the highest `weight / (2s+1)` or taken from the lowest `weight / (2s−1)`
/// (pinned children included, within bounds) until the house is exact: the
/// divisor method's own order, so the result equals counting seats up from
/// the lower bounds. At most about one step per child.
fn webster(
    rest: u64,
    sum: u128,
    weights: Weights<'_>,
    inputs: &Inputs<'_>,
    target: &mut [u64],
    scratch: &mut Scratch,
) {
    let (lo, hi) = (inputs.lo, inputs.hi);
    let mut given: u64 = 0;
    for &(q, r, c) in &scratch.quotas {
        let rounded = if r >= sum - r { q + 1 } else { q };
        let seats = u64::try_from(rounded)
            .unwrap_or(u64::MAX)
            .clamp(lo[c], hi[c]);
        target[c] = seats;
        given = given.saturating_add(seats);
    }
    // Pinned children hold their bounds; count them too.
    for &c in &scratch.pinned {
        given = given.saturating_add(target[c]);
    }
    let rest = rest.saturating_add(
        scratch
            .pinned
            .iter()
            .fold(0u64, |a, &c| a.saturating_add(target[c])),
    );
    let movable = || scratch.free.iter().chain(scratch.pinned.iter()).copied();
    if given < rest {
        let mut up = std::mem::take(&mut scratch.up);
        up.clear();
        up.extend(movable().filter(|&c| target[c] < hi[c]).map(|c| Seat {
            weight: weights.of(c),
            divisor: 2 * u128::from(target[c]) + 1,
            unit: c,
        }));
        while given < rest {
            let Some(seat) = up.pop() else { break };
            let c = seat.unit;
            target[c] += 1;
            given += 1;
            if target[c] < hi[c] {
                up.push(Seat {
                    divisor: seat.divisor + 2,
                    ..seat
                });
            }
        }
        scratch.up = up;
    } else if given > rest {
        let mut down = std::mem::take(&mut scratch.down);
        down.clear();
        down.extend(movable().filter(|&c| target[c] > lo[c]).map(|c| {
            Reverse(Seat {
                weight: weights.of(c),
                divisor: 2 * u128::from(target[c]) - 1,
                unit: c,
            })
        }));
        while given > rest {
            let Some(Reverse(seat)) = down.pop() else {
                break;
            };
            let c = seat.unit;
            target[c] -= 1;
            given -= 1;
            if target[c] > lo[c] {
                down.push(Reverse(Seat {
                    divisor: seat.divisor - 2,
                    ..seat
                }));
            }
        }
        scratch.down = down;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Textbook Webster from zero: one seat at a time to the highest
    /// weight / (2s+1), ties to the earlier unit, skipping full units.
    fn naive_webster(house: u64, weight: &[u128], cap: &[u64]) -> Vec<u64> {
        let mut seats = vec![0u64; weight.len()];
        for _ in 0..house {
            let mut best: Option<usize> = None;
            for i in 0..weight.len() {
                if seats[i] >= cap[i] || weight[i] == 0 {
                    continue;
                }
                if best.is_none_or(|b| {
                    weight[i] * u128::from(2 * seats[b] + 1)
                        > weight[b] * u128::from(2 * seats[i] + 1)
                }) {
                    best = Some(i);
                }
            }
            match best {
                Some(b) => seats[b] += 1,
                None => break,
            }
        }
        seats
    }

    /// Wide splits (more than `SCAN` children, often more than `STEPS`
    /// steps from the rounded quotas, so through `webster_heap`) against
    /// the textbook method, with binding caps and many ties.
    #[test]
    fn wide_webster_splits_match_the_textbook_method() {
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut scratch = Scratch::default();
        for round in 0..400 {
            let n = 33 + next(120) as usize;
            let spread = [3u64, 10, 1000, 1 << 40][round % 4];
            let weight: Vec<u128> = (0..n).map(|_| u128::from(1 + next(spread))).collect();
            // Mostly room enough (the fast path), sometimes a binding cap.
            let hi: Vec<u64> = (0..n)
                .map(|_| match next(8) {
                    0 => 1 + next(5),
                    _ => 2_000,
                })
                .collect();
            let lo = vec![0u64; n];
            let room: u64 = hi.iter().sum();
            let total = next(room.min(1_500) + 1);
            let children: Vec<usize> = (0..n).collect();
            let inputs = Inputs {
                weight: &weight,
                fallback: &hi,
                lo: &lo,
                hi: &hi,
            };
            let mut target = vec![0u64; n];
            split(
                Method::SainteLague,
                total,
                &children,
                &inputs,
                &mut target,
                &mut scratch,
            );
            assert_eq!(target, naive_webster(total, &weight, &hi), "round {round}");
        }
    }
}
