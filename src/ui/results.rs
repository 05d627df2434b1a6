//! Reading a morning report into the open plan (the API's `loadResults`
//! and the progress view's "Nhập báo cáo…"): a file's sheets read in the
//! throw-away worker by the project's readers (as `load` reads a plan),
//! matched in the core, applied as one undo step through `Session::edit`.

use jiff::civil::Date;
use leptos::prelude::GetUntracked;

use super::session::Session;
use crate::core::error::PlanError;
use crate::core::i18n::progress::report_error;
use crate::core::progress::{
    prepare_results, read_report_paste, read_report_sheets, ReportError, ReportSheet, ResultsImport,
};
use crate::core::view::ResultsReportView;

/// Where a report comes from.
pub enum ReportSource {
    File { bytes: Vec<u8>, name: String },
    Paste(String),
}

/// Reads, matches and applies a report for `date` (else the date the
/// report names, else `fallback`: the date the planner looks at). A
/// refused report changes nothing; the message says why.
pub async fn load_results(
    session: Session,
    source: ReportSource,
    date: Option<Date>,
    fallback: Option<Date>,
) -> Result<(ResultsImport, ResultsReportView), String> {
    let locale = session.locale.get_untracked();
    let sheet: Result<ReportSheet, ReportError> = match &source {
        ReportSource::File { bytes, name } => super::isolate::sheets(bytes, name)
            .await
            .map_err(ReportError::Import)
            .and_then(|sheets| read_report_sheets(&sheets, name)),
        ReportSource::Paste(text) => read_report_paste(text),
    };
    // The planner may have been destroyed while the worker read the file.
    let destroyed = || PlanError::Destroyed.message(locale);
    let prepared = match sheet {
        Ok(sheet) => session
            .read(|m| prepare_results(m.plan(), &sheet, date.or(sheet.date).or(fallback)))
            .ok_or_else(destroyed)?,
        Err(e) => Err(e),
    };
    let import = prepared.map_err(|e| fail(session, &report_error(&e, locale)))?;
    let figures: Vec<(usize, u64)> = import
        .matched
        .matched
        .iter()
        .map(|m| (m.index, m.count))
        .collect();
    match session.edit(|m| m.apply_results(import.date, &figures)) {
        Some(Ok(_)) => {}
        Some(Err(e)) => return Err(fail(session, &e.message(locale))),
        None => return Err(destroyed()),
    }
    let view = session
        .read(|m| ResultsReportView::of(m, &import, locale))
        .ok_or_else(String::new)?;
    Ok((import, view))
}

fn fail(session: Session, message: &str) -> String {
    session.emit("error", &js_sys::Error::new(message).into());
    message.to_string()
}
