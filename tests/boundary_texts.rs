//! The embed entry (src/web/quota-planner.js) says "could not load" when the
//! wasm module itself did not load, so it cannot ask the module's i18n: it
//! carries a copy of those messages. This keeps the copy equal to i18n.

use quota_planner::core::i18n::{api, Locale};

const ENTRY: &str = include_str!("../src/web/quota-planner.js");

#[test]
fn the_entry_carries_the_could_not_load_messages_of_i18n() {
    for locale in [Locale::Vi, Locale::En] {
        let pair = format!(
            "['{}', '{}']",
            api::could_not_load(locale),
            api::reload(locale)
        );
        assert!(
            ENTRY.contains(&format!("{}: {pair}", locale.key())),
            "src/web/quota-planner.js's NOT_LOADED.{} is not i18n's {pair}",
            locale.key()
        );
    }
}
