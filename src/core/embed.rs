//! The iframe protocol (README.md, "Iframe"): which of the API's methods a
//! portal may call by `postMessage`, and why a command is refused. Only
//! methods that take and give plain data are offered (no `on`, no
//! `destroy`); the words are in `i18n::embed`.

/// The methods offered over `postMessage`, as the JS API names them.
pub const FRAME_METHODS: &[&str] = &[
    "plan",
    "setPercent",
    "setLevelPercent",
    "setTarget",
    "setDailyTarget",
    "setLevelDailyTarget",
    "setPolicy",
    "setResult",
    "laggards",
    "undo",
    "redo",
    "load",
    "loadResults",
    "exportCsv",
    "exportJson",
    "exportXlsx",
];

/// Why a command sent by `postMessage` was not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameRefusal {
    /// `method` is missing, not a string, or not one of [`FRAME_METHODS`]
    /// (the text is what was sent, shortened).
    NotOffered(String),
    /// `args` is neither absent nor an array.
    ArgsNotArray,
}

/// Checks a command: its method (None when not a string) and whether its
/// `args` is absent or an array.
pub fn check(method: Option<&str>, args_ok: bool) -> Result<(), FrameRefusal> {
    match method {
        Some(m) if FRAME_METHODS.contains(&m) => {}
        other => {
            let sent: String = other.unwrap_or("").chars().take(40).collect();
            return Err(FrameRefusal::NotOffered(sent));
        }
    }
    if !args_ok {
        return Err(FrameRefusal::ArgsNotArray);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::i18n::{embed, Locale};

    #[test]
    fn only_plain_data_methods_are_offered() {
        assert_eq!(check(Some("setPercent"), true), Ok(()));
        assert_eq!(check(Some("exportXlsx"), true), Ok(()));
        for refused in ["destroy", "on", "__forceTrap", "constructor", "eval", ""] {
            assert_eq!(
                check(Some(refused), true),
                Err(FrameRefusal::NotOffered(refused.to_string()))
            );
        }
        assert_eq!(
            check(None, true),
            Err(FrameRefusal::NotOffered(String::new()))
        );
        assert_eq!(check(Some("plan"), false), Err(FrameRefusal::ArgsNotArray));
        let long = "x".repeat(100);
        assert_eq!(
            check(Some(&long), true),
            Err(FrameRefusal::NotOffered("x".repeat(40)))
        );
    }

    #[test]
    fn refusals_say_what_was_sent_and_what_is_offered() {
        let vi = embed::refusal(&FrameRefusal::NotOffered("destroy".into()), Locale::Vi);
        assert!(
            vi.contains("“destroy”") && vi.contains("setPercent"),
            "{vi}"
        );
        let en = embed::refusal(&FrameRefusal::ArgsNotArray, Locale::En);
        assert!(en.contains("args"), "{en}");
    }
}
