//! The single file (`quota-planner.html`, built by scripts/single-file.mjs)
//! with a plan inside: "Lưu bản dùng ngoại tuyến" puts the open plan's
//! file (`planfile`) in the page's plan block, and the page mounts on it
//! when opened.
//!
//! The block is `<script type="application/json" id="quota-planner-plan">`:
//! raw text the browser does not run; the JSON's `<` are written `\u003c`,
//! so no `</script>` or `<!--` can end or confuse it.

use std::fmt;

use crate::core::i18n::{self, Locale};

/// The plan block's element id (the bootstrap and the build use it too).
pub const PLAN_BLOCK_ID: &str = "quota-planner-plan";

/// Why an offline copy could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OfflineError {
    /// The page's text has no plan block (not a Quota Planner single file).
    NoPlanBlock,
    /// The single file could not be read (its address or the browser's
    /// message): the hosted build without `quota-planner.html` beside it.
    PageUnavailable(String),
}

impl OfflineError {
    /// The message a planner reads, in the given language.
    pub fn message(&self, locale: Locale) -> String {
        i18n::offline::error(self, locale)
    }
}

impl fmt::Display for OfflineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

impl std::error::Error for OfflineError {}

/// JSON text made safe as the raw text of a `<script>`: `<` as `\u003c`
/// (it only occurs inside JSON strings, where that escape means the same).
pub fn escape_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// Where the plan block's content is in `page`: (start, end) byte offsets.
fn plan_block(page: &str) -> Option<(usize, usize)> {
    let id = format!("id=\"{PLAN_BLOCK_ID}\"");
    let at = page.find(&id)?;
    let open = page[..at].rfind('<')?;
    if !page[open..].starts_with("<script") {
        return None;
    }
    let start = at + page[at..].find('>')? + 1;
    let end = start + page[start..].find("</script>")?;
    Some((start, end))
}

/// `page` (the single file's text) with `plan_json` (a plan file) in its
/// plan block, replacing whatever plan was there.
pub fn with_plan(page: &str, plan_json: &str) -> Result<String, OfflineError> {
    let (start, end) = plan_block(page).ok_or(OfflineError::NoPlanBlock)?;
    let escaped = escape_json(plan_json);
    let mut out = String::with_capacity(page.len() - (end - start) + escaped.len());
    out.push_str(&page[..start]);
    out.push_str(&escaped);
    out.push_str(&page[end..]);
    Ok(out)
}

/// The plan in `page`'s plan block, if any (the block's text, trimmed).
pub fn plan_in(page: &str) -> Option<&str> {
    let (start, end) = plan_block(page)?;
    Some(page[start..end].trim()).filter(|plan| !plan.is_empty())
}

/// A short fingerprint of a text (FNV-1a, 64 bits, hex): tells a reload of
/// the same saved copy from another copy; not a security measure.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::export::planfile;
    use crate::core::model::PlannerModel;

    const PAGE: &str = "<!DOCTYPE html>\n<html><head><style>p{}</style></head><body><main id=\"quota-planner\"></main>\
        <script type=\"application/octet-stream\" id=\"quota-planner-wasm\">AAAA</script>\n\
        <script type=\"application/json\" id=\"quota-planner-plan\"></script>\n\
        <script id=\"quota-planner-single-file\">var a=1;</script>\n</body></html>";

    #[test]
    fn the_plan_goes_into_its_block_and_comes_back() {
        assert_eq!(plan_in(PAGE), None);
        let page = with_plan(PAGE, r#"{"a":"</script><!--x"}"#).unwrap();
        assert!(!page.contains("</script><!--"));
        let plan = plan_in(&page).unwrap();
        assert_eq!(plan, r#"{"a":"\u003c/script>\u003c!--x"}"#);
        let value: serde_json::Value = serde_json::from_str(plan).unwrap();
        assert_eq!(value["a"], "</script><!--x");
        // Everything outside the block is kept.
        assert!(page.starts_with(&PAGE[..PAGE.find("id=\"quota-planner-plan\">").unwrap()]));
        assert!(page.ends_with(
            &PAGE[PAGE
                .find("</script>\n<script id=\"quota-planner-single")
                .unwrap()..]
        ));
    }

    #[test]
    fn saving_again_replaces_the_older_plan() {
        let first = with_plan(PAGE, r#"{"v":1}"#).unwrap();
        let second = with_plan(&first, r#"{"v":2}"#).unwrap();
        assert_eq!(plan_in(&second), Some(r#"{"v":2}"#));
        assert_eq!(second.len(), first.len());
        assert_eq!(second.matches(PLAN_BLOCK_ID).count(), 1);
    }

    #[test]
    fn a_page_without_a_plan_block_is_refused() {
        assert_eq!(
            with_plan("<html><body></body></html>", "{}"),
            Err(OfflineError::NoPlanBlock)
        );
        // The id on another element is not the block.
        assert_eq!(
            with_plan("<div id=\"quota-planner-plan\"></div>", "{}"),
            Err(OfflineError::NoPlanBlock)
        );
    }

    #[test]
    fn a_saved_plan_file_reopens_the_same_plan() {
        let model = PlannerModel::sample().unwrap();
        let json = planfile::to_json(&planfile::save(&model));
        let page = with_plan(PAGE, &json).unwrap();
        let back = planfile::load(plan_in(&page).unwrap()).unwrap();
        assert_eq!(
            planfile::to_json(&planfile::save(&back)),
            json,
            "the plan read back from the page is the plan saved"
        );
    }

    #[test]
    fn fingerprints_differ_for_different_plans() {
        assert_eq!(fingerprint("abc"), fingerprint("abc"));
        assert_ne!(fingerprint(r#"{"v":1}"#), fingerprint(r#"{"v":2}"#));
        assert_eq!(fingerprint("").len(), 16);
    }
}
