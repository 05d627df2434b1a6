//! The layout panel: what the importer inferred (header rows, each
//! column's role, each row's level) with a control to correct each; a
//! correction reads the same source again.

use leptos::prelude::*;

use super::session::Session;
use crate::core::i18n::{self, texts};
use crate::core::import::{ColumnRole, ImportReport, RowLevel};
use crate::core::plan::Plan;
use crate::core::warning::WarningKind;

/// Rows listed in the panel; further rows are corrected by number.
const LISTED_ROWS: usize = 300;
/// Deepest level offered.
const MAX_LEVEL: u8 = 6;

#[component]
pub fn MappingPanel(session: Session, id_prefix: String) -> impl IntoView {
    let model = session.model;
    let locale = session.locale;
    let t = move || texts(locale.get());
    let error = RwSignal::new(None::<String>);
    let apply = move |change: Box<dyn FnOnce(&mut crate::core::import::Corrections)>| {
        leptos::task::spawn_local(async move {
            let result = session.correct(change).await;
            error.try_set(result.err().filter(|e| !e.is_empty()));
        });
    };
    // Only what the panel lists: the header, the columns and the first
    // `LISTED_ROWS` rows with their names (a copy of a million rows' layout
    // and names took 30–60 ms of the task that shows a new plan).
    let layout = move || {
        session.generation.track();
        model.with_untracked(|m| m.report().map(|r| listed(r, m.plan())))
    };
    let visible = move || {
        session.generation.track();
        session.has_source()
    };
    let header_id = format!("{id_prefix}-header-rows");
    let other_row_id = format!("{id_prefix}-other-row");
    let other_row = RwSignal::new(String::new());

    let level_options = move |selected: Option<u8>| {
        let l = locale.get_untracked();
        let mut options = vec![view! {
            <option value="" selected=selected.is_none()>{texts(l).not_a_unit}</option>
        }
        .into_any()];
        for level in 0..MAX_LEVEL {
            options.push(
                view! {
                    <option value=level.to_string() selected=selected == Some(level)>
                        {i18n::level_name(level, l)}
                    </option>
                }
                .into_any(),
            );
        }
        options
    };
    let parse_level = |value: String| value.parse::<u8>().ok();

    view! {
        <details
            class="qp-mapping"
            class:qp-hidden=move || !visible()
            prop:open=move || session.layout_open.get()
            on:toggle=move |ev| {
                // `<details>`'s own state, read without another web-sys feature.
                let open = ev
                    .target()
                    .and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok())
                    .and_then(|v| v.as_bool());
                if let Some(open) = open {
                    if open != session.layout_open.get_untracked() {
                        session.layout_open.set(open);
                    }
                }
            }
        >
            <summary>{move || t().mapping_label}</summary>
            {move || {
                error.get().map(|e| view! { <p class="qp-field-error" role="alert">{e}</p> })
            }}
            {move || {
                // Built when opened: a closed panel shows none of it, and its
                // rows (a level list each) were most of the DOM built in the
                // task that shows a new plan.
                if !session.layout_open.get() {
                    return view! { <p></p> }.into_any();
                }
                let Some(layout) = layout() else {
                    return view! { <p></p> }.into_any();
                };
                let l = locale.get_untracked();
                let header_text = layout
                    .header_rows
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                let pending: Vec<String> = model.with_untracked(|m| {
                    m.report()
                        .map(|r| {
                            r.warnings
                                .iter()
                                .filter_map(|w| match &w.kind {
                                    WarningKind::UnknownColumn { column, .. } => Some(column.clone()),
                                    _ => None,
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                });
                let columns = layout
                    .columns
                    .iter()
                    .map(|column| {
                        let index = column.index;
                        let decide = pending.contains(&column.letter);
                        let current = column
                            .role
                            .as_ref()
                            .filter(|r| !r.is_unknown())
                            .map(ColumnRole::key)
                            .unwrap_or_default();
                        let label = i18n::column_role_label(&column.letter, l);
                        let on_change = move |ev: leptos::ev::Event| {
                            let role = ColumnRole::from_key(&event_target_value(&ev));
                            apply(Box::new(move |c| {
                                c.set_role(index, role);
                            }));
                        };
                        view! {
                            <tr class:qp-pending=decide>
                                <th scope="row">{column.letter.clone()}</th>
                                <td class="qp-mapping-header">
                                    {column.header.clone()}
                                    {decide
                                        .then(|| {
                                            view! {
                                                <strong class="qp-pending-note">
                                                    {i18n::decision_pending(l)}
                                                </strong>
                                            }
                                        })}
                                </td>
                                <td>
                                    <select aria-label=label on:change=on_change>
                                        // A pending column has no choice yet, so that
                                        // "not used" is a decision too.
                                        {decide
                                            .then(|| {
                                                view! {
                                                    <option value="?" selected=true disabled=true>
                                                        {i18n::decision_choose(l)}
                                                    </option>
                                                }
                                            })}
                                        {i18n::column_role_choices(l)
                                            .into_iter()
                                            .map(|(key, text)| {
                                                let selected = !decide && key == current;
                                                view! { <option value=key selected=selected>{text}</option> }
                                            })
                                            .collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                let more = layout.more;
                let rows = layout
                    .rows
                    .into_iter()
                    .map(|(row, text)| {
                        let number = row.row;
                        let on_change = move |ev: leptos::ev::Event| {
                            let level = parse_level(event_target_value(&ev));
                            apply(Box::new(move |c| {
                                c.rows.insert(number, level);
                            }));
                        };
                        view! {
                            <tr>
                                <th scope="row">{number}</th>
                                <td class="qp-mapping-name">{text}</td>
                                <td>
                                    <select
                                        aria-label=i18n::row_level_label(number, l)
                                        on:change=on_change
                                    >
                                        {level_options(row.level)}
                                    </select>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                let on_header = move |ev: leptos::ev::Event| {
                    let text = event_target_value(&ev);
                    let rows: Vec<usize> = text
                        .split([',', ';', ' ', '-'])
                        .filter_map(|p| p.trim().parse().ok())
                        .collect();
                    apply(Box::new(move |c| {
                        c.set_header_rows(&rows);
                    }));
                };
                let on_other_level = move |ev: leptos::ev::Event| {
                    let level = parse_level(event_target_value(&ev));
                    if let Ok(number) = other_row.get_untracked().trim().parse::<usize>() {
                        apply(Box::new(move |c| {
                            c.rows.insert(number, level);
                        }));
                    }
                };
                view! {
                    <div class="qp-field">
                        <label for=header_id.clone()>{texts(l).header_rows_label}</label>
                        <input id=header_id.clone() type="text" size="8" value=header_text on:change=on_header />
                    </div>
                    <table class="qp-mapping-table">
                        <caption>{texts(l).columns_caption}</caption>
                        <tbody>{columns}</tbody>
                    </table>
                    <div class="qp-mapping-rows">
                        <table class="qp-mapping-table">
                            <caption>{texts(l).rows_caption}</caption>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {(more > 0)
                        .then(|| {
                            view! {
                                <p>{i18n::more_rows(more, l)}</p>
                                <div class="qp-field">
                                    <label for=other_row_id.clone()>{texts(l).row_number_label}</label>
                                    <input
                                        id=other_row_id.clone()
                                        type="text"
                                        inputmode="numeric"
                                        size="7"
                                        on:input=move |ev| other_row.set(event_target_value(&ev))
                                    />
                                    <select aria-label=texts(l).row_level_generic on:change=on_other_level>
                                        {level_options(None)}
                                    </select>
                                </div>
                            }
                        })}
                }
                .into_any()
            }}
        </details>
    }
}

/// What the layout panel lists of a report.
struct Listed {
    header_rows: Vec<usize>,
    columns: Vec<crate::core::import::ColumnLayout>,
    /// The first `LISTED_ROWS` rows, each with its unit's name (or the
    /// row's own text when it is no unit).
    rows: Vec<(RowLevel, String)>,
    /// Rows not listed.
    more: usize,
}

fn listed(report: &ImportReport, plan: &Plan) -> Listed {
    let rows = &report.layout.rows[..report.layout.rows.len().min(LISTED_ROWS)];
    let wanted: std::collections::HashMap<usize, usize> =
        rows.iter().enumerate().map(|(i, r)| (r.row, i)).collect();
    let last = rows.iter().map(|r| r.row).max().unwrap_or(0);
    let mut names: Vec<Option<&str>> = vec![None; rows.len()];
    for (unit, row) in report.unit_rows.iter().enumerate() {
        // Most units lie below the listed rows: one comparison each.
        if *row > last {
            continue;
        }
        if let Some(&i) = wanted.get(row) {
            // The first unit read from a row names it.
            if names[i].is_none() {
                names[i] = plan.units.get(unit).map(|u| u.name.as_str());
            }
        }
    }
    Listed {
        header_rows: report.layout.header_rows.clone(),
        columns: report.layout.columns.clone(),
        rows: rows
            .iter()
            .zip(names)
            .map(|(row, name)| {
                (
                    row.clone(),
                    name.map_or_else(|| row.text.clone(), str::to_string),
                )
            })
            .collect(),
        more: report.layout.rows.len().saturating_sub(LISTED_ROWS),
    }
}
