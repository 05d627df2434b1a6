//! Numbers the Vietnamese way: "757.463", "87,5%".

use super::percent::Percent;
use crate::core::i18n::Locale;

/// A count with thousands separators: "." in Vietnamese, "," in English.
pub fn count(value: u64, locale: Locale) -> String {
    let separator = match locale {
        Locale::Vi => '.',
        Locale::En => ',',
    };
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A signed difference: "+2", "−1".
pub fn signed(value: i128, locale: Locale) -> String {
    let magnitude = count(
        value.unsigned_abs().min(u128::from(u64::MAX)) as u64,
        locale,
    );
    match value.signum() {
        1 => format!("+{magnitude}"),
        -1 => format!("−{magnitude}"),
        _ => magnitude,
    }
}

/// A percentage without the sign: "90", "87,5" (decimal comma in Vietnamese).
pub fn percent_number(value: Percent, locale: Locale) -> String {
    let plain = value.to_string();
    match locale {
        Locale::Vi => plain.replace('.', ","),
        Locale::En => plain,
    }
}

/// A percentage with the sign: "87,5%".
pub fn percent(value: Percent, locale: Locale) -> String {
    format!("{}%", percent_number(value, locale))
}

/// An exact ratio target ÷ eligible as a percentage with one decimal,
/// rounded half up in integers: "89,9%".
pub fn ratio(numerator: u64, denominator: u64, locale: Locale) -> String {
    if denominator == 0 {
        return "—".to_string();
    }
    let tenths =
        (u128::from(numerator) * 1000 + u128::from(denominator) / 2) / u128::from(denominator);
    let comma = match locale {
        Locale::Vi => ',',
        Locale::En => '.',
    };
    let whole = tenths / 10;
    let frac = tenths % 10;
    format!("{whole}{comma}{frac}%")
}

/// An exact fraction with at most `decimals` decimals, truncated, trailing
/// zeros dropped: 4355.1 → "4.355,1" in Vietnamese. Display only.
pub fn fraction(numerator: u128, denominator: u128, decimals: u32, locale: Locale) -> String {
    let denominator = denominator.max(1);
    let whole = numerator / denominator;
    let scale = 10u128.pow(decimals);
    let part = (numerator % denominator).saturating_mul(scale) / denominator;
    let mut text = count(whole.min(u128::from(u64::MAX)) as u64, locale);
    let digits = format!("{part:0width$}", width = decimals as usize);
    let digits = digits.trim_end_matches('0');
    if !digits.is_empty() {
        text.push(match locale {
            Locale::Vi => ',',
            Locale::En => '.',
        });
        text.push_str(digits);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(count(757_463, Locale::Vi), "757.463");
        assert_eq!(count(1_234_567, Locale::En), "1,234,567");
        assert_eq!(count(0, Locale::Vi), "0");
        assert_eq!(count(999, Locale::Vi), "999");
        assert_eq!(count(1000, Locale::Vi), "1.000");
        assert_eq!(
            percent(Percent::parse("87.5").unwrap(), Locale::Vi),
            "87,5%"
        );
        assert_eq!(percent(Percent::parse("90").unwrap(), Locale::Vi), "90%");
        assert_eq!(ratio(757_463, 841_625, Locale::Vi), "90,0%");
        assert_eq!(signed(-2, Locale::Vi), "−2");
        assert_eq!(signed(1234, Locale::Vi), "+1.234");
    }
}
