//! Style isolation both ways (issue 12): every planner is drawn inside an
//! open shadow root of an element of its own, appended to the portal's
//! target; the planner's stylesheet is adopted there as a constructed
//! `CSSStyleSheet` (compiled into the module, so it needs no URL, works
//! from a single saved file, and a strict Content-Security-Policy allows
//! it). The portal's rules reach only the host element, which the
//! stylesheet resets (`:host`). `destroy()` removes the host, and with it
//! the shadow root and everything in it.

use std::cell::RefCell;

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, Element, HtmlElement, ShadowRootInit, ShadowRootMode};

/// The planner's stylesheet (see its head for what a portal may set).
const PLANNER_CSS: &str = include_str!("../../style/planner.css");
/// The print table's static rules (src/ui/export.rs).
const PRINT_CSS: &str = include_str!("../../style/print.css");

/// The class of the host element a planner appends to its target.
pub const HOST_CLASS: &str = "quota-planner";

thread_local! {
    /// One parsed stylesheet serves every planner of the page.
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// A constructed stylesheet holding `css`.
fn new_sheet(css: &str) -> Result<CssStyleSheet, JsValue> {
    let sheet = CssStyleSheet::new()?;
    sheet.replace_sync(css)?;
    Ok(sheet)
}

fn planner_sheet() -> Result<CssStyleSheet, JsValue> {
    SHEET.with(|cell| {
        if let Some(sheet) = cell.borrow().as_ref() {
            return Ok(sheet.clone());
        }
        let sheet = new_sheet(PLANNER_CSS)?;
        *cell.borrow_mut() = Some(sheet.clone());
        Ok(sheet)
    })
}

const ADOPTED: &str = "adoptedStyleSheets";

/// Adds `sheet` to a document's or a shadow root's adopted stylesheets.
pub fn adopt(on: &JsValue, sheet: &CssStyleSheet) -> Result<(), JsValue> {
    let sheets: Array = Reflect::get(on, &ADOPTED.into())?.dyn_into()?;
    let sheets = Array::from(&sheets);
    sheets.push(sheet);
    Reflect::set(on, &ADOPTED.into(), &sheets)?;
    Ok(())
}

/// Takes `sheet` out of a document's or a shadow root's adopted stylesheets.
pub fn unadopt(on: &JsValue, sheet: &CssStyleSheet) {
    let Ok(sheets) = Reflect::get(on, &ADOPTED.into()).and_then(|s| s.dyn_into::<Array>()) else {
        return;
    };
    let kept: Array = sheets
        .iter()
        .filter(|s| s != AsRef::<JsValue>::as_ref(sheet))
        .collect();
    let _ = Reflect::set(on, &ADOPTED.into(), &kept);
}

/// A host element with an open shadow root adopting `sheets`, and an
/// element inside it with class `inner_class`.
fn shadow_host(
    document: &web_sys::Document,
    host_class: &str,
    inner_class: &str,
    sheets: &[&CssStyleSheet],
) -> Result<(Element, HtmlElement), JsValue> {
    let host = document.create_element("div")?;
    host.set_class_name(host_class);
    let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    for sheet in sheets {
        adopt(&shadow, sheet)?;
    }
    let inner: HtmlElement = document.create_element("div")?.unchecked_into();
    inner.set_class_name(inner_class);
    shadow.append_child(&inner)?;
    Ok((host, inner))
}

/// Where one planner is drawn. Dropping it removes the host (and so the
/// shadow root, its stylesheet and every node) from the portal's page.
pub struct Host {
    host: Element,
    root: HtmlElement,
}

impl Host {
    /// Appends a host to `target`; the planner mounts into `root()`.
    pub fn attach(target: &HtmlElement) -> Result<Host, JsValue> {
        let document = target.owner_document().ok_or("no document")?;
        let (host, root) = shadow_host(&document, HOST_CLASS, "qp-root", &[&planner_sheet()?])?;
        target.append_child(&host)?;
        Ok(Host { host, root })
    }

    /// The element inside the shadow root the view mounts into.
    pub fn root(&self) -> &HtmlElement {
        &self.root
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        if let Some(shadow) = self.host.shadow_root() {
            let _ = Reflect::set(&shadow, &ADOPTED.into(), &Array::new());
        }
        self.host.remove();
    }
}

/// The print table's host (class `root_class`) with the print stylesheet
/// (`PRINT_CSS` and `css`, the rules of this print) adopted by its shadow
/// root and by the document; returns the host, the element to fill, and
/// the sheet to take out of the document afterwards (`unadopt`).
pub fn print_host(
    document: &web_sys::Document,
    root_class: &str,
    css: &str,
) -> Result<(Element, HtmlElement, CssStyleSheet), JsValue> {
    let sheet = new_sheet(&format!("{PRINT_CSS}\n{css}"))?;
    let (host, inner) = shadow_host(document, root_class, "qp-print-body", &[&sheet])?;
    adopt(document, &sheet)?;
    Ok((host, inner, sheet))
}
