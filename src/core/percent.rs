//! Exact percentages: hundredths of a percent, so 87.25% is 8725 and no
//! floating point is ever used on the way to a target.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::PlanError;

/// Hundredths of one percent per whole (100% = 10 000).
pub const SCALE: u64 = 10_000;

/// A percentage between 0% and 100% with at most two decimals, stored exactly
/// in hundredths of a percent. Serialised (undo history in a draft) as its
/// hundredths; reading back refuses values above 100%.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(into = "u16", try_from = "u16")]
pub struct Percent(u16);

impl From<Percent> for u16 {
    fn from(percent: Percent) -> u16 {
        percent.0
    }
}

impl TryFrom<u16> for Percent {
    type Error = PlanError;

    fn try_from(hundredths: u16) -> Result<Percent, PlanError> {
        Percent::from_hundredths(u64::from(hundredths))
    }
}

impl Percent {
    pub const ZERO: Percent = Percent(0);
    pub const HUNDRED: Percent = Percent(SCALE as u16);

    /// From hundredths of a percent (9000 = 90%).
    pub fn from_hundredths(hundredths: u64) -> Result<Percent, PlanError> {
        if hundredths > SCALE {
            return Err(PlanError::PercentOutOfRange(hundredths));
        }
        Ok(Percent(hundredths as u16))
    }

    /// From a whole number of percent (90 = 90%).
    pub fn whole(percent: u16) -> Result<Percent, PlanError> {
        Percent::from_hundredths(u64::from(percent) * 100)
    }

    pub fn hundredths(self) -> u64 {
        u64::from(self.0)
    }

    /// From a JavaScript number such as 90 or 87.5. The number must name an
    /// exact hundredth; the conversion happens once, at the API boundary.
    pub fn from_js_number(value: f64) -> Result<Percent, PlanError> {
        crate::core::boundary::percent_from_number(value)
    }

    /// The number shown to JavaScript (90.0, 87.25). Display only.
    pub fn as_js_number(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// Parses what a planner types: "90", "87,5", "87.25%", "0,9" is *not*
    /// read as 90% (a fraction would be ambiguous with "0,9%"); values above
    /// 100 are refused.
    pub fn parse(text: &str) -> Result<Percent, PlanError> {
        // One percent sign at most: "90%%" is a typing slip, not 90%.
        let trimmed = text.trim();
        let trimmed = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
        if trimmed.is_empty() {
            return Err(PlanError::PercentNotANumber(text.to_string()));
        }
        let normalised = trimmed.replace(',', ".");
        let (whole, frac) = match normalised.split_once('.') {
            Some((w, f)) => (w, f),
            None => (normalised.as_str(), ""),
        };
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() && frac.is_empty()
            || !digits_only(whole)
            || !digits_only(frac)
            || whole.len() > 3
        {
            return Err(PlanError::PercentNotANumber(text.to_string()));
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > 2 {
            return Err(PlanError::PercentTooPrecise(text.to_string()));
        }
        let whole_value: u64 = if whole.is_empty() {
            0
        } else {
            whole
                .parse()
                .map_err(|_| PlanError::PercentNotANumber(text.to_string()))?
        };
        let mut frac_value: u64 = 0;
        for (i, c) in frac.chars().enumerate() {
            let digit = u64::from(c as u8 - b'0');
            frac_value += digit * if i == 0 { 10 } else { 1 };
        }
        Percent::from_hundredths(whole_value * 100 + frac_value)
    }
}

/// Plain form with a dot: "90", "87.5", "87.25" (used in CSV/JSON text).
impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 100;
        let frac = self.0 % 100;
        match frac {
            0 => write!(f, "{whole}"),
            x if x % 10 == 0 => write!(f, "{whole}.{}", x / 10),
            x => write!(f, "{whole}.{x:02}"),
        }
    }
}

/// Named rounding: half up, on an exact fraction `numerator / SCALE`.
pub fn round_half_up(numerator: u128) -> u64 {
    ((numerator + u128::from(SCALE / 2)) / u128::from(SCALE)) as u64
}

/// eligible × percent, as an exact numerator over `SCALE`.
pub fn exact_share(eligible: u64, percent: Percent) -> u128 {
    u128::from(eligible) * u128::from(percent.hundredths())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vietnamese_and_english_forms() {
        assert_eq!(Percent::parse("90").unwrap().hundredths(), 9000);
        assert_eq!(Percent::parse("87,5").unwrap().hundredths(), 8750);
        assert_eq!(Percent::parse("87.25%").unwrap().hundredths(), 8725);
        assert_eq!(Percent::parse(" 100 % ").unwrap().hundredths(), 10000);
        assert_eq!(Percent::parse("0,50").unwrap().hundredths(), 50);
    }

    #[test]
    fn refuses_bad_percentages() {
        assert!(matches!(
            Percent::parse("100.01"),
            Err(PlanError::PercentOutOfRange(_))
        ));
        assert!(matches!(
            Percent::parse("87.125"),
            Err(PlanError::PercentTooPrecise(_))
        ));
        assert!(Percent::parse("abc").is_err());
        assert!(Percent::parse("").is_err());
        assert!(Percent::parse("-5").is_err());
        assert!(Percent::parse("1e2").is_err());
        assert!(Percent::parse("90%%").is_err());
        assert!(Percent::parse("%").is_err());
    }

    #[test]
    fn js_numbers_must_be_exact_hundredths() {
        assert_eq!(Percent::from_js_number(87.25).unwrap().hundredths(), 8725);
        assert_eq!(Percent::from_js_number(91.0).unwrap().hundredths(), 9100);
        assert!(Percent::from_js_number(87.125).is_err());
        assert!(Percent::from_js_number(f64::NAN).is_err());
        assert!(Percent::from_js_number(101.0).is_err());
        assert!(Percent::from_js_number(-1.0).is_err());
    }

    #[test]
    fn rounds_half_up() {
        // 841625 × 90% = 757462.5 → 757463, as published.
        let p = Percent::whole(90).unwrap();
        assert_eq!(round_half_up(exact_share(841_625, p)), 757_463);
        assert_eq!(round_half_up(exact_share(4_839, p)), 4_355);
        assert_eq!(Percent::parse("87.5").unwrap().to_string(), "87.5");
        assert_eq!(Percent::parse("87.05").unwrap().to_string(), "87.05");
    }
}
