//! The day-by-day schedule: the grid's own rows (virtual, following
//! collapse and search) with one column per day of the period; each cell is
//! the cumulative count a unit should have reached by the end of that day.
//! Days that do not count are shown greyed, milestones marked.

use leptos::prelude::*;

use super::grid::{row_selection, GridCell, GridState, RowPool, RowUnit, ROW_HEIGHT};
use super::session::Session;
use crate::core::cells::Column;
use crate::core::format;
use crate::core::i18n::schedule::texts;
use crate::core::i18n::texts as grid_texts;
use crate::core::percent::Percent;
use crate::core::schedule::{day_month, milestone_figure, typed, weekday};

/// One day column: its date, counted days by its end, whether it counts,
/// and the milestone due on it.
#[derive(Clone, PartialEq)]
struct DayColumn {
    date: jiff::civil::Date,
    counted_by: u64,
    counts: bool,
    milestone: Option<Percent>,
}

#[component]
pub fn ScheduleTable(state: GridState) -> impl IntoView {
    let model = state.session.model;
    let locale = state.session.locale;
    let days = Memo::new(move |_| {
        model.with(|m| {
            m.schedule().days.as_ref().map(|d| {
                d.dates
                    .iter()
                    .enumerate()
                    .map(|(j, &date)| DayColumn {
                        date,
                        counted_by: d.counted_by[j],
                        counts: d.counts(j),
                        milestone: d
                            .milestones
                            .iter()
                            .find(|(m, _)| m.date == date)
                            .map(|(m, _)| m.percent),
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let positions = move || {
        state.columns.with(|c| {
            (
                c.iter().position(|&x| x == Column::Name).unwrap_or(0),
                c.iter().position(|&x| x == Column::Target).unwrap_or(0),
            )
        })
    };
    move || {
        let Some(day_columns) = days.get() else {
            return view! { <p class="qp-schedule-empty">{move || texts(locale.get()).no_period}</p> }
                .into_any();
        };
        let headers = day_columns.clone();
        let pool = RowPool::new(state);
        view! {
            <table class="qp-grid qp-schedule" role="presentation">
                <thead role="rowgroup">
                    <tr role="row" aria-rowindex="1">
                        <th role="columnheader" class="qp-col-code">
                            {move || grid_texts(locale.get()).col_code}
                        </th>
                        <th role="columnheader" class="qp-col-name">
                            {move || grid_texts(locale.get()).col_name}
                        </th>
                        <th role="columnheader" class="qp-num qp-target">
                            {move || grid_texts(locale.get()).col_target}
                        </th>
                        {headers
                            .into_iter()
                            .map(|day| {
                                let title = move || {
                                    let t = texts(locale.get());
                                    let mut title = typed(day.date);
                                    if !day.counts {
                                        title = format!("{title} ({})", t.excluded_day);
                                    }
                                    if let Some(p) = day.milestone {
                                        title = format!(
                                            "{title} · {} {}",
                                            t.milestone_mark,
                                            format::percent(p, locale.get())
                                        );
                                    }
                                    title
                                };
                                view! {
                                    <th
                                        role="columnheader"
                                        class="qp-num qp-day"
                                        class:qp-off=!day.counts
                                        class:qp-milestone=day.milestone.is_some()
                                        title=title
                                    >
                                        {day_month(day.date)}
                                        <br />
                                        <span class="qp-weekday">
                                            {move || texts(locale.get()).weekdays[usize::from(weekday(day.date))]}
                                        </span>
                                        {day
                                            .milestone
                                            .map(|p| {
                                                view! {
                                                    <span class="qp-milestone-mark">
                                                        {move || format!(" ◆{}", format::percent(p, locale.get()))}
                                                    </span>
                                                }
                                            })}
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody
                    role="rowgroup"
                    on:mousedown=move |ev| state.cell_mousedown(&ev)
                    on:mouseover=move |ev| state.cell_mouseover(&ev)
                    on:dblclick=move |ev| state.cell_dblclick(&ev)
                >
                    <tr class="qp-spacer" aria-hidden="true" style:height=move || {
                        format!("{}px", state.window().0 as f64 * ROW_HEIGHT)
                    }></tr>
                    <For
                        each=move || 0..pool.size.get()
                        key=|slot| *slot
                        children=move |slot| {
                            view! {
                                <ScheduleRow
                                    state=state
                                    pool=pool
                                    place=slot
                                    day_columns=day_columns.clone()
                                    positions=positions
                                />
                            }
                        }
                    />
                    <tr class="qp-spacer" aria-hidden="true" node_ref=pool.bottom style:height=move || {
                        let (_, last, total) = state.window();
                        format!("{}px", (total - last) as f64 * ROW_HEIGHT)
                    }></tr>
                </tbody>
            </table>
        }
        .into_any()
    }
}

/// One pooled row of the schedule (see `RowPool`): its unit follows the
/// window, its cells' strings that do not depend on the unit are set once.
#[component]
fn ScheduleRow(
    state: GridState,
    pool: RowPool,
    place: usize,
    day_columns: Vec<DayColumn>,
    positions: impl Fn() -> (usize, usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let model = state.session.model;
    let locale = state.session.locale;
    let slot = place;
    let (unit, filled) = pool.row(slot);
    let selection = row_selection(state, move || unit.with(|u| u.map(|u| u.pos)));
    let index = move || unit.with(|u| u.map(|u| u.index));
    let (name_col, target_col) = positions();
    let cells = day_columns
        .into_iter()
        .map(|day| {
            let value = move || {
                let l = locale.get();
                let index = index()?;
                model.with(|m| {
                    let target = m.allocation().target.get(index).copied().unwrap_or(0);
                    m.schedule()
                        .cumulative(index, target, day.counted_by)
                        .map(|v| format::count(v, l))
                })
            };
            let title = move || {
                let p = day.milestone?;
                let index = index()?;
                let target = model.with(|m| m.allocation().target.get(index).copied().unwrap_or(0));
                Some(format!(
                    "{} {}: {}",
                    texts(locale.get()).milestone_mark,
                    format::percent(p, locale.get()),
                    format::count(milestone_figure(target, p), locale.get())
                ))
            };
            view! {
                <td
                    role="gridcell"
                    class="qp-num qp-day"
                    class:qp-off=!day.counts
                    class:qp-milestone=day.milestone.is_some()
                    title=title
                >
                    {value}
                </td>
            }
        })
        .collect_view();
    let code = move || {
        let index = index()?;
        model.with_untracked(|m| m.plan().units.get(index).map(|u| u.code.clone()))
    };
    let signal: Signal<Option<RowUnit>> = unit.into();
    view! {
        <tr
            node_ref=pool.row_ref(slot)
            role=move || filled.get().then_some("row")
            hidden=move || !filled.get()
            class=move || pool.row_class(unit, None)
            aria-rowindex=move || unit.with(|u| u.map(|u| u.index + 2))
        >
            <td class="qp-col-code" role="gridcell">{code}</td>
            <GridCell state=state selection=selection col=name_col unit=signal column=Column::Name />
            <GridCell state=state selection=selection col=target_col unit=signal column=Column::Target />
            {cells}
        </tr>
    }
}

/// "Tải lịch (CSV)": the whole day-by-day plan as a CSV file.
#[component]
pub fn CsvButton(session: Session) -> impl IntoView {
    let locale = session.locale;
    let has_period = move || session.model.with(|m| m.schedule().days.is_some());
    let download = move |_| {
        let Some(text) = session
            .read(|m| crate::core::export::csv::schedule_csv(m, locale.get_untracked()))
            .flatten()
        else {
            return;
        };
        let _ = super::export::download(
            &wasm_bindgen::JsValue::from_str(&text),
            "text/csv",
            "lich-theo-ngay.csv",
        );
    };
    view! {
        <button type="button" class="qp-button" prop:disabled=move || !has_period() on:click=download>
            {move || texts(locale.get()).download_csv}
        </button>
    }
}
