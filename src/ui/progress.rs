//! The progress view ("Tiến độ"): the date looked at, importing a morning
//! report (file or pasted), the rows not matched (matched by hand here),
//! the laggards (copied as the morning message, a click shows the unit in
//! the table), the two charts, and the ward report. The per-unit figures
//! are the table's own columns ("Đã thực hiện", "% chỉ tiêu", …), which
//! appear once a date is chosen or results exist.

use crate::core::text::reveal_controls;
use leptos::prelude::*;

use super::grid::GridState;
use super::results::{load_results, ReportSource};
use super::session::{Notice, Session};
use crate::core::charts::{burn_up, burn_up_svg, ranking_svg};
use crate::core::error::PlanError;
use crate::core::i18n::progress::{imported, laggards_text, rate_text, texts, ward_report_text};
use crate::core::i18n::Locale;
use crate::core::progress::{laggards, ward_report, without_figure, LaggardOrder, ResultsImport};
use crate::core::schedule::{iso, parse_typed, typed};
use crate::core::{format, i18n};

/// A row of the last import that was not used, for matching by hand.
#[derive(Clone, PartialEq)]
struct Pending {
    row: usize,
    name: String,
    count: Option<u64>,
    message: String,
    /// Units offered: the candidates, else the units of the report's level.
    choices: Vec<(usize, String)>,
}

/// What the last import left to look at.
#[derive(Clone, PartialEq)]
struct LastImport {
    date: jiff::civil::Date,
    pending: Vec<Pending>,
    missing: Vec<String>,
}

/// Units offered when a row matched nothing: those of the level the
/// report matched at, at most this many.
const MAX_CHOICES: usize = 400;

fn summarise(session: Session, import: &ResultsImport, locale: Locale) -> Option<LastImport> {
    session.read(|m| {
        let plan = m.plan();
        let label = |i: usize| {
            let u = &plan.units[i];
            match u.parent.and_then(|p| plan.units.get(p)) {
                Some(parent) => format!(
                    "{} ({})",
                    reveal_controls(&u.name),
                    reveal_controls(&parent.name)
                ),
                None => reveal_controls(&u.name).into_owned(),
            }
        };
        let level = import
            .matched
            .matched
            .first()
            .and_then(|r| plan.units.get(r.index))
            .map(|u| u.level);
        let same_level: Vec<(usize, String)> = (0..plan.units.len())
            .filter(|&i| Some(plan.units[i].level) == level)
            .take(MAX_CHOICES)
            .map(|i| (i, label(i)))
            .collect();
        LastImport {
            date: import.date,
            pending: import
                .matched
                .unmatched
                .iter()
                .map(|u| {
                    let candidates = u.reason.units();
                    Pending {
                        row: u.row.row,
                        name: reveal_controls(&u.row.name).into_owned(),
                        count: u.row.count.as_ref().ok().copied(),
                        message: i18n::progress::unmatched(&u.reason, plan, locale),
                        choices: if candidates.is_empty() {
                            same_level.clone()
                        } else {
                            candidates.into_iter().map(|i| (i, label(i))).collect()
                        },
                    }
                })
                .collect(),
            missing: import.matched.missing.iter().map(|&i| label(i)).collect(),
        }
    })
}

/// Copies text; the outcome shows as a notice.
fn copy(session: Session, text: String) {
    let done = texts(session.locale.get_untracked()).copied.to_string();
    super::export::copy_text(session, &text, done);
}

#[component]
pub fn ProgressPanel(state: GridState) -> impl IntoView {
    let session = state.session;
    let model = session.model;
    let locale = session.locale;
    let t = move || texts(locale.get());
    let last = RwSignal::new(None::<LastImport>);
    let paste_text = RwSignal::new(String::new());
    // The deepest level with results (the groups that report), else the
    // deepest level.
    let default_level = model.with_untracked(|m| {
        let plan = m.plan();
        plan.results
            .entries()
            .filter_map(|(_, i, _)| plan.units.get(i).map(|u| u.level))
            .max()
            .unwrap_or(plan.depth().saturating_sub(1) as u8)
    });
    let level = RwSignal::new(default_level);
    let count = RwSignal::new(5usize);
    let order = RwSignal::new(LaggardOrder::Percent);
    let chart_unit = RwSignal::new(None::<usize>);
    let date_error = RwSignal::new(None::<String>);
    // A read-only planner shows progress but takes no report.
    let read_only = !session.writable();

    let date = move || model.with(|m| m.progress_date());
    let set_date = move |d: Option<jiff::civil::Date>| {
        model.update(|m| m.set_progress_date(d));
    };
    let run = move |source: ReportSource| {
        let fallback = model.with_untracked(|m| m.progress_date());
        leptos::task::spawn_local(async move {
            let l = locale.get_untracked();
            match load_results(session, source, None, fallback).await {
                Ok((import, view)) => {
                    model.update(|m| m.set_progress_date(Some(import.date)));
                    session.notice.set(Some(Notice::Info(imported(
                        import.date,
                        view.matched.len(),
                        view.unmatched.len(),
                        view.missing.len(),
                        l,
                    ))));
                    last.set(summarise(session, &import, l));
                }
                Err(message) => session.notice.set(Some(Notice::Error(message))),
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(file) = super::picked_file(&ev) {
            let name = file.name();
            leptos::task::spawn_local(async move {
                if let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await
                {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    run(ReportSource::File { bytes, name });
                }
            });
        }
    };
    let laggard_rows = move || {
        let l = locale.get();
        model.with(|m| {
            let Some(progress) = m.progress() else {
                return (Vec::new(), String::new());
            };
            let plan = m.plan();
            let list = laggards(plan, progress, level.get(), count.get(), order.get());
            let without = without_figure(plan, progress, level.get());
            let text = laggards_text(plan, progress, &list, &without, order.get(), l);
            let rows = list
                .iter()
                .map(|&i| {
                    let u = &progress.units[i];
                    let mut line = format!(
                        "{}: {}/{} ({})",
                        reveal_controls(&plan.units[i].name),
                        u.done.map(|d| format::count(d, l)).unwrap_or_default(),
                        format::count(u.target, l),
                        rate_text(u.percent_of_target, l)
                    );
                    if let Some(b) = u.behind.filter(|&b| b != 0) {
                        line.push_str(&format!(" · {}", i18n::progress::behind_words(b, l)));
                    }
                    (i, line)
                })
                .collect::<Vec<_>>();
            (rows, text)
        })
    };
    let burn = move || {
        let l = locale.get();
        let unit = chart_unit.get();
        model.with(|m| {
            let title = match unit.and_then(|i| m.plan().units.get(i)) {
                Some(u) => reveal_controls(&u.name).into_owned(),
                None => texts(l).burnup_whole.to_string(),
            };
            burn_up_svg(&burn_up(m, unit, title), l)
        })
    };
    let ranking = move || {
        let l = locale.get();
        model.with(|m| {
            m.progress()
                .map(|p| ranking_svg(m, p, level.get(), l))
                .unwrap_or_default()
        })
    };
    let ward = move || {
        let unit = chart_unit.get().unwrap_or(0);
        model.with(|m| {
            let progress = m.progress()?;
            progress.date?;
            ward_report(m.plan(), m.allocation(), progress, unit)
        })
    };
    let chart_choices = move || {
        model.with(|m| {
            let plan = m.plan();
            (0..plan.units.len())
                .filter(|&i| plan.units[i].level <= 1)
                .take(MAX_CHOICES)
                .map(|i| (i, reveal_controls(&plan.units[i].name).into_owned()))
                .collect::<Vec<_>>()
        })
    };
    let depth = move || model.with(|m| m.plan().depth());

    view! {
        <section class="qp-progress" aria-label=move || t().tab>
            <div class="qp-progress-bar">
                <label class="qp-field">
                    <span>{move || t().date}</span>
                    <input
                        type="text"
                        class="qp-date"
                        inputmode="numeric"
                        placeholder="dd/mm/yyyy"
                        aria-invalid=move || date_error.get().is_some().to_string()
                        prop:value=move || date().map(typed).unwrap_or_default()
                        on:change=move |ev| {
                            match parse_typed(&event_target_value(&ev)) {
                                Ok(d) => {
                                    date_error.set(None);
                                    set_date(Some(d));
                                }
                                Err(e) => {
                                    date_error
                                        .set(Some(PlanError::from(e).message(locale.get_untracked())))
                                }
                            }
                        }
                    />
                </label>
                {move || date_error.get().map(|e| view! { <span class="qp-field-error" role="alert">{e}</span> })}
                <button type="button" on:click=move |_| set_date(None)>
                    {move || t().latest}
                </button>
                <label class="qp-button qp-file" class:qp-hidden=read_only>
                    {move || t().import}
                    <input
                        type="file"
                        disabled=read_only
                        accept=".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt"
                        class="qp-visually-hidden"
                        on:change=on_file
                    />
                </label>
                <span class="qp-hint">{move || t().import_hint}</span>
            </div>
            <div class="qp-progress-dates" aria-label=move || t().reported_dates>
                {move || {
                    model
                        .with(|m| m.plan().results.dates().collect::<Vec<_>>())
                        .into_iter()
                        .map(|d| {
                            view! {
                                <button
                                    type="button"
                                    class="qp-chip"
                                    aria-pressed=move || (date() == Some(d)).to_string()
                                    on:click=move |_| set_date(Some(d))
                                >
                                    {typed(d)}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <details class="qp-paste-report" class:qp-hidden=read_only>
                <summary>{move || t().paste}</summary>
                <textarea
                    rows="4"
                    aria-label=move || t().paste
                    prop:value=move || paste_text.get()
                    on:input=move |ev| paste_text.set(event_target_value(&ev))
                ></textarea>
                <button
                    type="button"
                    on:click=move |_| run(ReportSource::Paste(paste_text.get_untracked()))
                >
                    {move || t().paste_apply}
                </button>
            </details>
            {move || {
                last.get()
                    .filter(|l| !l.pending.is_empty() || !l.missing.is_empty())
                    .map(|l| {
                        let day = l.date;
                        view! {
                            <div class="qp-import-review">
                                <h3>{move || t().unmatched}</h3>
                                <ul class="qp-unmatched">
                                    {l
                                        .pending
                                        .into_iter()
                                        .map(|p| {
                                            let resolved = RwSignal::new(false);
                                            let pick = move |ev: leptos::ev::Event| {
                                                let value = event_target_value(&ev);
                                                if let (Ok(i), Some(c)) = (value.parse::<usize>(), p.count) {
                                                    session.edit(|m| m.set_result(i, day, Some(c)));
                                                    resolved.set(true);
                                                }
                                            };
                                            view! {
                                                <li class:qp-resolved=move || resolved.get()>
                                                    <span>
                                                        {format!(
                                                            "{} {}: \u{201c}{}\u{201d} {} — {}",
                                                            texts(locale.get_untracked()).row,
                                                            p.row,
                                                            p.name,
                                                            p.count.map(|c| format::count(c, locale.get_untracked())).unwrap_or_default(),
                                                            p.message,
                                                        )}
                                                    </span>
                                                    {p.count.is_some().then(|| view! {
                                                        <label>
                                                            <span class="qp-visually-hidden">{move || t().match_to}</span>
                                                            <select disabled=read_only on:change=pick aria-label=move || format!("{} {}", t().match_to, p.name)>
                                                                <option value="">{move || t().choose_unit}</option>
                                                                {p.choices.iter().map(|(i, name)| view! {
                                                                    <option value=i.to_string()>{name.clone()}</option>
                                                                }).collect_view()}
                                                            </select>
                                                        </label>
                                                    })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                {(!l.missing.is_empty()).then(|| view! {
                                    <p class="qp-missing">
                                        <strong>{move || t().missing}</strong>
                                        {format!(": {}", l.missing.join(", "))}
                                    </p>
                                })}
                            </div>
                        }
                    })
            }}
            {move || {
                model
                    .with(|m| m.progress().is_none())
                    .then(|| view! { <p class="qp-progress-empty">{move || t().no_results}</p> })
            }}
            <div class="qp-progress-columns">
                <div class="qp-laggards">
                    <h3>{move || t().laggards}</h3>
                    <div class="qp-laggard-options">
                        <label>
                            {move || t().level}
                            <select on:change=move |ev| {
                                if let Ok(l) = event_target_value(&ev).parse::<u8>() {
                                    level.set(l);
                                }
                            }>
                                {move || {
                                    (0..depth())
                                        .map(|l| {
                                            let l = l as u8;
                                            view! {
                                                <option value=l.to_string() selected=move || level.get() == l>
                                                    {move || i18n::level_name(l, locale.get())}
                                                </option>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </select>
                        </label>
                        <label>
                            {move || t().count}
                            <input
                                type="number"
                                min="1"
                                max="100"
                                prop:value=move || count.get().to_string()
                                on:change=move |ev| {
                                    if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                                        count.set(n.clamp(1, 100));
                                    }
                                }
                            />
                        </label>
                        <div role="radiogroup" class="qp-order">
                            <label>
                                <input
                                    type="radio"
                                    name="qp-laggard-order"
                                    prop:checked=move || order.get() == LaggardOrder::Percent
                                    on:change=move |_| order.set(LaggardOrder::Percent)
                                />
                                {move || t().by_percent}
                            </label>
                            <label>
                                <input
                                    type="radio"
                                    name="qp-laggard-order"
                                    prop:checked=move || order.get() == LaggardOrder::Behind
                                    on:change=move |_| order.set(LaggardOrder::Behind)
                                />
                                {move || t().by_behind}
                            </label>
                        </div>
                    </div>
                    <ol class="qp-laggard-list" aria-label=move || t().laggards>
                        {move || {
                            laggard_rows()
                                .0
                                .into_iter()
                                .map(|(i, line)| {
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="qp-link"
                                                on:click=move |_| {
                                                    chart_unit.set(Some(i));
                                                    state.reveal(i);
                                                }
                                            >
                                                {line}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ol>
                    <button type="button" on:click=move |_| copy(session, laggard_rows().1)>
                        {move || t().copy_text}
                    </button>
                </div>
                <div class="qp-charts">
                    <label class="qp-field">
                        <span>{move || t().chart_unit}</span>
                        <select on:change=move |ev| {
                            chart_unit.set(event_target_value(&ev).parse::<usize>().ok());
                        }>
                            <option value="" selected=move || chart_unit.get().is_none()>
                                {move || t().burnup_whole}
                            </option>
                            {move || {
                                chart_choices()
                                    .into_iter()
                                    .map(|(i, name)| {
                                        view! {
                                            <option value=i.to_string() selected=move || chart_unit.get() == Some(i)>
                                                {name}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                    <figure class="qp-figure" aria-label=move || t().burnup inner_html=burn></figure>
                    <figure class="qp-figure" aria-label=move || t().ranking inner_html=ranking></figure>
                </div>
            </div>
            {move || {
                ward()
                    .map(|report| {
                        let text = model.with(|m| ward_report_text(m.plan(), &report, locale.get()));
                        let for_copy = text.clone();
                        let download = move |_| {
                            let l = locale.get_untracked();
                            let bytes = model.with_untracked(|m| {
                                super::workbook::ward_report(m, &report, l)
                            });
                            match bytes {
                                Ok(array) => {
                                    let _ = super::export::download(
                                        &array.into(),
                                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                        &format!("bao-cao-ket-qua-{}.xlsx", iso(report.date)),
                                    );
                                }
                                Err(e) => session.notice.set(Some(Notice::Error(e.message(l)))),
                            }
                        };
                        view! {
                            <details class="qp-ward-report">
                                <summary>{move || t().ward_report}</summary>
                                <pre class="qp-ward-text">{text}</pre>
                                <button type="button" on:click=move |_| copy(session, for_copy.clone())>
                                    {move || t().ward_text}
                                </button>
                                <button type="button" on:click=download>
                                    {move || t().ward_xlsx}
                                </button>
                            </details>
                        }
                    })
            }}
        </section>
    }
}
