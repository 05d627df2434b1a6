//! Exact 256-bit helpers for products of exact shares.
//!
//! An exact share is eligible × hundredths of a percent (< 2^78 for any u64
//! count) and sums of them stay far below 2^128, but a share times a target
//! can exceed u128. Every product is checked: the common case takes the
//! native path and only absurd counts fall back to the slow long division.

use std::cmp::Ordering;

/// An unsigned 256-bit number: `hi · 2^128 + lo`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Wide {
    hi: u128,
    lo: u128,
}

const LOW64: u128 = u64::MAX as u128;

impl Wide {
    pub const ZERO: Wide = Wide { hi: 0, lo: 0 };

    /// The exact product `a × b`.
    pub fn mul(a: u128, b: u128) -> Wide {
        if let Some(lo) = a.checked_mul(b) {
            return Wide { hi: 0, lo };
        }
        let (a1, a0) = (a >> 64, a & LOW64);
        let (b1, b0) = (b >> 64, b & LOW64);
        let p00 = a0 * b0;
        let p01 = a0 * b1;
        let p10 = a1 * b0;
        let p11 = a1 * b1;
        // Each limb product fits in u128; the middle column carries at most 2.
        let mid = (p00 >> 64) + (p01 & LOW64) + (p10 & LOW64);
        Wide {
            hi: p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64),
            lo: (p00 & LOW64) | (mid << 64),
        }
    }

    /// `self + other`, saturating at the top (never reached by counts).
    pub fn add(self, other: Wide) -> Wide {
        let (lo, carry) = self.lo.overflowing_add(other.lo);
        match self
            .hi
            .checked_add(other.hi)
            .and_then(|hi| hi.checked_add(u128::from(carry)))
        {
            Some(hi) => Wide { hi, lo },
            None => Wide {
                hi: u128::MAX,
                lo: u128::MAX,
            },
        }
    }

    /// `self − other`, zero when `other` is larger.
    pub fn sub(self, other: Wide) -> Wide {
        if other >= self {
            return Wide::ZERO;
        }
        let (lo, borrow) = self.lo.overflowing_sub(other.lo);
        Wide {
            hi: self.hi - other.hi - u128::from(borrow),
            lo,
        }
    }
}

/// Compares `a × b` with `c × d` exactly.
#[inline]
pub fn cmp_products(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    match (a.checked_mul(b), c.checked_mul(d)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => Wide::mul(a, b).cmp(&Wide::mul(c, d)),
    }
}

/// `(⌊a × b / c⌋, (a × b) mod c)`, exactly. The callers keep `a ≤ c` or
/// `b ≤ c`, so the quotient fits; a zero divisor gives `(0, 0)`.
#[inline]
pub fn mul_div(a: u128, b: u128, c: u128) -> (u128, u128) {
    if c == 0 {
        return (0, 0);
    }
    if let Some(product) = a.checked_mul(b) {
        // u64 division is several times faster than u128 division.
        if let (Ok(p), Ok(d)) = (u64::try_from(product), u64::try_from(c)) {
            // One division: wasm has no instruction giving both.
            let q = p / d;
            return (u128::from(q), u128::from(p - q * d));
        }
        return (product / c, product % c);
    }
    // Long division, one bit at a time: only for counts near u64::MAX.
    let product = Wide::mul(a, b);
    let mut quotient: u128 = 0;
    let mut remainder: u128 = 0;
    for bit in (0..256).rev() {
        let next = if bit >= 128 {
            (product.hi >> (bit - 128)) & 1
        } else {
            (product.lo >> bit) & 1
        };
        let overflow = remainder >> 127;
        remainder = (remainder << 1) | next;
        quotient <<= 1;
        if overflow == 1 || remainder >= c {
            remainder = remainder.wrapping_sub(c);
            quotient |= 1;
        }
    }
    (quotient, remainder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_products_match_small_ones() {
        assert_eq!(Wide::mul(6, 7), Wide { hi: 0, lo: 42 });
        let big = Wide::mul(u128::MAX, u128::MAX);
        // (2^128 − 1)^2 = 2^256 − 2^129 + 1
        assert_eq!(
            big,
            Wide {
                hi: u128::MAX - 1,
                lo: 1
            }
        );
        assert_eq!(Wide::mul(1 << 100, 1 << 100), Wide { hi: 1 << 72, lo: 0 });
    }

    #[test]
    fn mul_div_is_exact_beyond_u128() {
        assert_eq!(mul_div(10, 7, 3), (23, 1));
        let a = u128::from(u64::MAX) * 10_000;
        let b = u128::from(u64::MAX);
        // a × b / a = b exactly, through the slow path.
        assert_eq!(mul_div(a, b, a), (b, 0));
        assert_eq!(mul_div(a, b, a + 1), (b - 1, a + 1 - b));
        assert_eq!(mul_div(5, 5, 0), (0, 0));
    }

    #[test]
    fn compares_products_exactly() {
        let a = u128::MAX / 3;
        assert_eq!(cmp_products(a, 6, a, 6), Ordering::Equal);
        assert_eq!(cmp_products(a, 7, a + 1, 6), Ordering::Greater);
        assert_eq!(cmp_products(2, 3, 1, 5), Ordering::Greater);
        assert_eq!(Wide::mul(a, 9).sub(Wide::mul(a, 4)), Wide::mul(a, 5));
        assert_eq!(Wide::mul(a, 4).add(Wide::mul(a, 5)), Wide::mul(a, 9));
    }
}
