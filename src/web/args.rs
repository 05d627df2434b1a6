//! Checks of the JS API's arguments: type, range and length, before
//! anything is copied into wasm memory. Every exported method takes
//! `JsValue`s (a `String` parameter would turn a number or a 3-gigabyte
//! `{length}` into a trap in the glue) and reads them through here.

use js_sys::{Array, JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::boundary::{
    count_from_number, level_from_number, percent_from_number, ArgError, Expected, Given, Problem,
    MAX_ARRAY, MAX_TEXT,
};
use crate::core::percent::Percent;

#[wasm_bindgen(module = "/src/web/boundary.js")]
extern "C" {
    /// `[kind, text, length]` of any value; never throws.
    fn describe(value: &JsValue) -> Array;
    /// The own enumerable keys of an object; throws what a Proxy throws.
    #[wasm_bindgen(catch)]
    fn own_keys(object: &JsValue) -> Result<Array, JsValue>;
    /// A thrown value's message, at most 200 characters.
    pub fn error_text(error: &JsValue) -> String;
}

/// What a value is, for a message: never its whole text.
pub fn given(value: &JsValue) -> Given {
    let parts = describe(value);
    let kind = parts.get(0).as_string().unwrap_or_default();
    let text = parts.get(1).as_string().unwrap_or_default();
    let length = parts.get(2).as_f64().unwrap_or(0.0) as u32;
    match kind.as_str() {
        "undefined" => Given::Undefined,
        "null" => Given::Null,
        "boolean" => Given::Bool(text == "true"),
        "number" => Given::Number(text),
        "string" => Given::text(&text, length),
        "symbol" => Given::Symbol,
        "bigint" => Given::BigInt(text),
        "function" => Given::Function,
        "array" => Given::Array(length),
        _ => Given::Object(text),
    }
}

/// The checks of one method's arguments (its name goes into messages).
#[derive(Clone, Copy)]
pub struct Args {
    pub method: &'static str,
}

impl Args {
    pub fn wrong(&self, arg: &str, expected: Expected, value: &JsValue) -> ArgError {
        ArgError::wrong(self.method, arg, expected, given(value))
    }

    pub fn problem(&self, arg: &str, problem: Problem) -> ArgError {
        ArgError::new(self.method, arg, problem)
    }

    /// Text of at most `MAX_TEXT` characters, measured before copying.
    pub fn text(&self, arg: &str, value: &JsValue, expected: Expected) -> Result<String, ArgError> {
        if !value.is_string() {
            return Err(self.wrong(arg, expected, value));
        }
        let length = value.unchecked_ref::<JsString>().length();
        if length > MAX_TEXT {
            return Err(self.problem(
                arg,
                Problem::TooLong {
                    length,
                    max: MAX_TEXT,
                },
            ));
        }
        value
            .as_string()
            .ok_or_else(|| self.wrong(arg, expected, value))
    }

    /// A unit id such as "u17" (looked up by the caller).
    pub fn unit_id(&self, arg: &str, value: &JsValue) -> Result<String, ArgError> {
        self.text(arg, value, Expected::UnitId)
    }

    /// A unit id, or None for `null`.
    pub fn unit_id_or_null(&self, arg: &str, value: &JsValue) -> Result<Option<String>, ArgError> {
        if value.is_null() {
            return Ok(None);
        }
        self.text(arg, value, Expected::UnitIdOrNull).map(Some)
    }

    /// A percentage (a number, or text as typed: "87,5", "87.5%"), or
    /// None for `null` when `nullable`.
    pub fn percent(
        &self,
        arg: &str,
        value: &JsValue,
        nullable: bool,
    ) -> Result<Option<Percent>, ArgError> {
        let expected = if nullable {
            Expected::PercentOrNull
        } else {
            Expected::Percent
        };
        if value.is_null() && nullable {
            return Ok(None);
        }
        let parsed = if let Some(n) = value.as_f64() {
            percent_from_number(n)
        } else if value.is_string() {
            Percent::parse(&self.text(arg, value, expected)?)
        } else {
            return Err(self.wrong(arg, expected, value));
        };
        parsed
            .map(Some)
            .map_err(|e| self.problem(arg, Problem::Plan(e)))
    }

    /// A count from 0 to 2^53 − 1, or None for `null`.
    pub fn count_or_null(&self, arg: &str, value: &JsValue) -> Result<Option<u64>, ArgError> {
        if value.is_null() {
            return Ok(None);
        }
        let Some(n) = value.as_f64() else {
            return Err(self.wrong(arg, Expected::CountOrNull, value));
        };
        count_from_number(n)
            .map(Some)
            .map_err(|e| self.problem(arg, Problem::Plan(e)))
    }

    /// A level number (0 = top).
    pub fn level(&self, arg: &str, value: &JsValue) -> Result<u32, ArgError> {
        value
            .as_f64()
            .and_then(level_from_number)
            .ok_or_else(|| self.wrong(arg, Expected::Level, value))
    }

    /// A function.
    pub fn function(&self, arg: &str, value: &JsValue) -> Result<js_sys::Function, ArgError> {
        value
            .is_function()
            .then(|| value.clone().unchecked_into())
            .ok_or_else(|| self.wrong(arg, Expected::Function, value))
    }

    /// An array of at most `MAX_ARRAY` items.
    pub fn array(&self, arg: &str, value: &JsValue) -> Result<Array, ArgError> {
        match given(value) {
            Given::Array(length) if length > MAX_ARRAY => Err(self.problem(
                arg,
                Problem::TooLong {
                    length,
                    max: MAX_ARRAY,
                },
            )),
            Given::Array(_) => Ok(value.clone().unchecked_into()),
            _ => Err(self.wrong(arg, Expected::Array, value)),
        }
    }

    /// Bytes of a file, at most `max` of them, copied only once that
    /// is known.
    /// A view of the caller's bytes (not copied: the import worker gets its
    /// own copy, and wasm memory never holds the file).
    pub fn bytes(&self, arg: &str, value: &JsValue, max: usize) -> Result<Uint8Array, ArgError> {
        let array = if let Some(array) = value.dyn_ref::<Uint8Array>() {
            array.clone()
        } else if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
            Uint8Array::new(buffer)
        } else {
            return Err(self.wrong(arg, Expected::Bytes, value));
        };
        let length = array.length();
        if length as usize > max {
            return Err(self.problem(
                arg,
                Problem::TooLong {
                    length,
                    max: u32::try_from(max).unwrap_or(u32::MAX),
                },
            ));
        }
        Ok(array)
    }

    /// An options object: a plain object (not an array, a Date, a Map, a
    /// function) whose keys are all in `allowed`. `undefined` and `null`
    /// are no options when `optional`.
    pub fn options(
        &self,
        arg: &'static str,
        value: &JsValue,
        allowed: &'static [&'static str],
        optional: bool,
    ) -> Result<Options, ArgError> {
        if optional && (value.is_undefined() || value.is_null()) {
            return Ok(Options {
                args: *self,
                arg,
                object: None,
            });
        }
        if !matches!(given(value), Given::Object(kind) if kind == "Object") {
            return Err(self.wrong(arg, Expected::Options, value));
        }
        let keys =
            own_keys(value).map_err(|e| self.problem(arg, Problem::Unreadable(error_text(&e))))?;
        for key in keys.iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(self.problem(arg, Problem::UnknownKey { key, allowed }));
            }
        }
        Ok(Options {
            args: *self,
            arg,
            object: Some(value.clone().unchecked_into()),
        })
    }
}

/// A checked options object; each key is read once, and a getter that
/// throws is reported, not swallowed.
pub struct Options {
    pub args: Args,
    arg: &'static str,
    object: Option<Object>,
}

impl Options {
    /// The path of a key in messages ("options.readOnly").
    pub fn path(&self, key: &str) -> String {
        format!("{}.{key}", self.arg)
    }

    /// A key's value; `undefined` when absent.
    pub fn get(&self, key: &str) -> Result<JsValue, ArgError> {
        let Some(object) = &self.object else {
            return Ok(JsValue::UNDEFINED);
        };
        Reflect::get(object, &JsValue::from_str(key)).map_err(|e| {
            self.args
                .problem(&self.path(key), Problem::Unreadable(error_text(&e)))
        })
    }

    /// A boolean key: `true` or `false`, nothing else; None when absent.
    pub fn boolean(&self, key: &str) -> Result<Option<bool>, ArgError> {
        let value = self.get(key)?;
        if value.is_undefined() {
            return Ok(None);
        }
        value
            .as_bool()
            .map(Some)
            .ok_or_else(|| self.args.wrong(&self.path(key), Expected::Boolean, &value))
    }
}

/// An item's path in messages ("options.holidays[3]").
pub fn item(path: &str, index: u32) -> String {
    format!("{path}[{index}]")
}
