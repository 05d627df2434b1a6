//! The public JS API's argument checks that need no browser: what an
//! argument should be, what was given instead, and the exact conversions
//! of JavaScript numbers into counts and percentages. The browser side
//! (`web::args`) only classifies a `JsValue` into a [`Given`]; every
//! decision and every message is made here and in `i18n::api`.

use crate::core::error::PlanError;
use crate::core::i18n::{self, Locale};
use crate::core::percent::{Percent, SCALE};

/// The largest integer a JavaScript number holds exactly (2^53 − 1), the
/// same bound a plan file and an imported cell have.
pub const MAX_SAFE_INTEGER: u64 = crate::core::plan::MAX_COUNT;

/// Longest text any argument takes (unit ids, dates, names, keys), checked
/// on the JavaScript side before the text is copied into wasm memory.
pub const MAX_TEXT: u32 = 1_000;

/// Longest array an argument takes (holidays, milestones, weekdays).
pub const MAX_ARRAY: u32 = 10_000;

/// Longest text of a given value quoted back in a message.
const QUOTE_CHARS: usize = 40;

/// What an argument of the JS API should be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// A unit id such as "u1".
    UnitId,
    /// A unit id, or `null` for the plan-wide value.
    UnitIdOrNull,
    /// A percentage: a number 0–100 with at most two decimals, or its text.
    Percent,
    /// A percentage or `null` (clear).
    PercentOrNull,
    /// A count or `null` (clear / unlock).
    CountOrNull,
    /// A level number (0 = top).
    Level,
    /// "change", "load" or "error".
    Event,
    /// A function.
    Function,
    /// A Uint8Array or an ArrayBuffer.
    Bytes,
    /// A file name (non-empty text).
    FileName,
    /// An object of options.
    Options,
    /// `true` or `false`.
    Boolean,
    /// A date "YYYY-MM-DD", or `null` to clear.
    Date,
    /// An array.
    Array,
    /// A weekday 0–6 (0 = Sunday).
    Weekday,
    /// "vi" or "en".
    Locale,
    /// An Element or a CSS selector.
    Target,
    /// A plan object from `exportJson` or its JSON text.
    PlanFile,
    /// A non-empty text key.
    Key,
    /// A rounding mode name.
    Rounding,
    /// An object `{date, percentOfTarget}`.
    Milestone,
    /// A report: a Uint8Array, an ArrayBuffer, or pasted text.
    Report,
    /// "percent" or "behind" (how laggards are ranked).
    LaggardOrder,
    /// A whole number from 1 to 100,000 (how many units).
    UnitCount,
    /// "," or ";" (what separates a CSV's cells).
    CsvSeparator,
}

/// What a JavaScript value was, for messages: never its whole text.
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    /// `undefined` (or a missing argument).
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as JavaScript writes it.
    Number(String),
    /// A string: its first characters and its length in UTF-16 units.
    Text { start: String, length: u32 },
    /// A symbol.
    Symbol,
    /// A BigInt, as written.
    BigInt(String),
    /// A function.
    Function,
    /// An array of that length.
    Array(u32),
    /// Another object, by kind ("Object", "Date", "Map", "Uint8Array"…).
    Object(String),
}

impl Given {
    /// A string given, quoted back by its first characters only.
    pub fn text(text: &str, length: u32) -> Given {
        Given::Text {
            start: text.chars().take(QUOTE_CHARS).collect(),
            length,
        }
    }
}

/// Why an argument was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// Of the wrong type or shape.
    Wrong { expected: Expected, given: Given },
    /// A key the options object does not take.
    UnknownKey {
        key: String,
        allowed: &'static [&'static str],
    },
    /// Reading a key threw (a getter or a Proxy): its message.
    Unreadable(String),
    /// Text or an array longer than the argument takes.
    TooLong { length: u32, max: u32 },
    /// Two options that exclude each other were both given.
    Conflict(&'static str),
    /// A URL where only bytes are read so far.
    UrlNotSupported,
    /// The value has the right type but the domain refuses it (a
    /// percentage above 100, a count above 2^53 − 1, an unknown unit).
    Plan(PlanError),
}

/// A refused argument: which method, which argument (a path such as
/// `options.milestones[2].date`), and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ArgError {
    pub method: &'static str,
    pub arg: String,
    pub problem: Problem,
}

impl ArgError {
    pub fn new(method: &'static str, arg: impl Into<String>, problem: Problem) -> ArgError {
        ArgError {
            method,
            arg: arg.into(),
            problem,
        }
    }

    pub fn wrong(
        method: &'static str,
        arg: impl Into<String>,
        expected: Expected,
        given: Given,
    ) -> ArgError {
        ArgError::new(method, arg, Problem::Wrong { expected, given })
    }

    /// The message a planner (or a portal's developer) reads.
    pub fn message(&self, locale: Locale) -> String {
        i18n::api::arg_error(self, locale)
    }
}

/// The planner as a whole refuses the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateError {
    /// `destroy()` was called; nothing more can be done with this planner.
    Destroyed,
    /// Mounted with `readOnly: true`: nothing may change the plan.
    ReadOnly,
    /// Listeners kept changing the plan in reaction to their own changes;
    /// delivery was stopped after this many events.
    ListenerLoop(u32),
}

impl StateError {
    pub fn message(self, locale: Locale) -> String {
        i18n::api::state_error(self, locale)
    }
}

/// A JavaScript number as `String(n)` writes it (`1e+300`, `5e-324`,
/// `-1`), so messages quote what the caller passed.
pub fn js_number_text(value: f64) -> String {
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if value == 0.0 {
        return "0".into();
    }
    let magnitude = value.abs();
    if (1e-7..1e21).contains(&magnitude) {
        return format!("{value}");
    }
    let text = format!("{value:e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => {
            format!("{mantissa}e+{exponent}")
        }
        _ => text,
    }
}

/// A percentage from a JavaScript number: it must name an exact hundredth
/// of a percent between 0 and 100. Nothing is rounded to fit: `-1e-9` and
/// `5e-324` are refused (not read as 0%), and the message quotes the
/// number as given.
pub fn percent_from_number(value: f64) -> Result<Percent, PlanError> {
    let text = js_number_text(value);
    if !value.is_finite() {
        return Err(PlanError::PercentNotANumber(text));
    }
    if !(0.0..=100.0).contains(&value) {
        return Err(PlanError::PercentOutside(text));
    }
    // `value` ≤ 100, so the product is far below 2^53 and exact enough to
    // round; the division back checks the number *is* that hundredth.
    let hundredths = (value * 100.0).round();
    if hundredths / 100.0 != value {
        return Err(PlanError::PercentTooPrecise(text));
    }
    let hundredths = hundredths as u64;
    debug_assert!(hundredths <= SCALE);
    Percent::from_hundredths(hundredths)
}

/// A count (target, per-day figure) from a JavaScript number: a whole
/// number from 0 to 2^53 − 1 (above that the number is not what the caller
/// typed any more).
pub fn count_from_number(value: f64) -> Result<u64, PlanError> {
    let text = js_number_text(value);
    if !value.is_finite() || value < 0.0 || value.fract() != 0.0 {
        return Err(PlanError::CountNotANumber(text));
    }
    if value > MAX_SAFE_INTEGER as f64 {
        return Err(PlanError::CountTooLarge(text));
    }
    Ok(value as u64)
}

/// A level number from a JavaScript number; None when it is not a whole
/// number from 0 to 255 (a plan has far fewer levels).
pub fn level_from_number(value: f64) -> Option<u32> {
    (value.fract() == 0.0 && (0.0..=255.0).contains(&value)).then_some(value as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_javascript_writes_them() {
        assert_eq!(js_number_text(-1.0), "-1");
        assert_eq!(js_number_text(87.5), "87.5");
        assert_eq!(js_number_text(1e300), "1e+300");
        assert_eq!(js_number_text(f64::MIN_POSITIVE * f64::EPSILON), "5e-324");
        assert_eq!(js_number_text(-1e-9), "-1e-9");
        assert_eq!(js_number_text(9007199254740992.0), "9007199254740992");
        assert_eq!(js_number_text(1e21), "1e+21");
        assert_eq!(js_number_text(f64::NAN), "NaN");
        assert_eq!(js_number_text(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn percentages_are_exact_hundredths_or_refused() {
        assert_eq!(percent_from_number(87.25).unwrap().hundredths(), 8725);
        assert_eq!(percent_from_number(0.07).unwrap().hundredths(), 7);
        assert_eq!(percent_from_number(0.29).unwrap().hundredths(), 29);
        assert_eq!(percent_from_number(100.0).unwrap().hundredths(), 10_000);
        assert_eq!(percent_from_number(-0.0).unwrap().hundredths(), 0);
        assert_eq!(
            percent_from_number(-1.0),
            Err(PlanError::PercentOutside("-1".into()))
        );
        assert_eq!(
            percent_from_number(1e300),
            Err(PlanError::PercentOutside("1e+300".into()))
        );
        assert_eq!(
            percent_from_number(-1e-9),
            Err(PlanError::PercentOutside("-1e-9".into()))
        );
        assert_eq!(
            percent_from_number(5e-324),
            Err(PlanError::PercentTooPrecise("5e-324".into()))
        );
        assert_eq!(
            percent_from_number(87.125),
            Err(PlanError::PercentTooPrecise("87.125".into()))
        );
        assert_eq!(
            percent_from_number(0.1 + 0.2),
            Err(PlanError::PercentTooPrecise("0.30000000000000004".into()))
        );
        assert!(matches!(
            percent_from_number(f64::INFINITY),
            Err(PlanError::PercentNotANumber(_))
        ));
    }

    #[test]
    fn unit_ids_are_exact() {
        use crate::core::plan::UnitId;
        assert_eq!(UnitId::parse("u5"), Some(UnitId(5)));
        assert_eq!(UnitId::parse("u0"), Some(UnitId(0)));
        assert_eq!(UnitId::parse("u100041"), Some(UnitId(100_041)));
        for bad in [
            "u05",
            "u+5",
            "u 5",
            "u",
            "5",
            "U5",
            "u5 ",
            "u-1",
            "u00",
            "u99999999999",
        ] {
            assert_eq!(UnitId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_are_whole_and_exact() {
        assert_eq!(count_from_number(0.0), Ok(0));
        assert_eq!(count_from_number(760_000.0), Ok(760_000));
        assert_eq!(
            count_from_number(MAX_SAFE_INTEGER as f64),
            Ok(MAX_SAFE_INTEGER)
        );
        assert_eq!(
            count_from_number(9007199254740992.0),
            Err(PlanError::CountTooLarge("9007199254740992".into()))
        );
        assert_eq!(
            count_from_number(1.8e19),
            Err(PlanError::CountTooLarge("18000000000000000000".into()))
        );
        assert_eq!(
            count_from_number(-1.0),
            Err(PlanError::CountNotANumber("-1".into()))
        );
        assert_eq!(
            count_from_number(1.5),
            Err(PlanError::CountNotANumber("1.5".into()))
        );
        assert!(count_from_number(f64::NAN).is_err());
    }

    #[test]
    fn messages_name_the_argument_and_what_was_given() {
        let e = ArgError::wrong("on", "event", Expected::Event, Given::Number("5".into()));
        let vi = e.message(Locale::Vi);
        assert!(
            vi.contains("on") && vi.contains("event") && vi.contains('5'),
            "{vi}"
        );
        let en = e.message(Locale::En);
        assert!(
            en.contains("\"change\"") && en.contains("the number 5"),
            "{en}"
        );
        let long = ArgError::new(
            "on",
            "event",
            Problem::TooLong {
                length: 3_000_000_000,
                max: MAX_TEXT,
            },
        );
        assert!(long.message(Locale::En).contains("3,000,000,000"));
        let count = ArgError::new(
            "setTarget",
            "target",
            Problem::Plan(count_from_number(9007199254740992.0).unwrap_err()),
        );
        let text = count.message(Locale::En);
        assert!(
            text.contains("9007199254740992") && text.contains("9,007,199,254,740,991"),
            "{text}"
        );
        assert!(!text.contains("whole number"), "{text}");
        let percent = ArgError::new(
            "setPercent",
            "percent",
            Problem::Plan(percent_from_number(-1.0).unwrap_err()),
        );
        assert!(
            percent.message(Locale::En).contains("got -1)"),
            "{}",
            percent.message(Locale::En)
        );
        assert!(!percent.message(Locale::Vi).contains("0%)"));
    }
}
