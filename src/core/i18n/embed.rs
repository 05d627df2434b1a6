//! The words of the iframe protocol (`core::embed`).

use super::Locale;
use crate::core::embed::{FrameRefusal, FRAME_METHODS};

/// Why a command sent by `postMessage` was not run.
pub fn refusal(refusal: &FrameRefusal, locale: Locale) -> String {
    let offered = FRAME_METHODS.join(", ");
    match (refusal, locale) {
        (FrameRefusal::NotOffered(m), Locale::Vi) => {
            format!("Lệnh “{m}” không dùng được qua postMessage. Các lệnh dùng được: {offered}.")
        }
        (FrameRefusal::NotOffered(m), Locale::En) => {
            format!("“{m}” cannot be called by postMessage. The commands offered: {offered}.")
        }
        (FrameRefusal::ArgsNotArray, Locale::Vi) => {
            "Các đối số (args) của lệnh phải là một mảng.".to_string()
        }
        (FrameRefusal::ArgsNotArray, Locale::En) => {
            "The command's arguments (args) must be an array.".to_string()
        }
    }
}
