//! The quota table: a virtualised ARIA treegrid. Only the rows in view (plus
//! a margin) are in the DOM; spacer rows keep the scrollbar honest.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::CustomAttribute;

use super::session::Session;
use crate::core::allocate::child_sum_differences;
use crate::core::format;
use crate::core::outline::visible_rows;
use crate::core::plan::Rounding;
use crate::i18n::texts;

/// Fixed row height in CSS pixels (style/planner.css keeps rows to it).
const ROW_HEIGHT: f64 = 32.0;
/// Rows rendered above and below the viewport.
const OVERSCAN: usize = 20;
/// Viewport height assumed before the first measurement.
const DEFAULT_VIEWPORT: f64 = 640.0;

#[component]
pub fn Grid(session: Session) -> impl IntoView {
    let model = session.model;
    let locale = session.locale;
    let collapsed = RwSignal::new(HashSet::<usize>::new());
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(DEFAULT_VIEWPORT);

    // Costly over 100k units, and read by several closures: memoised.
    let rows = Memo::new(move |_| {
        let collapsed = collapsed.get();
        model.with(|m| visible_rows(m.plan(), &collapsed, None))
    });
    // Children's sum − parent, shown where per-row rounding leaves a gap.
    let differences = Memo::new(move |_| {
        model.with(|m| {
            if m.plan().policy.rounding == Rounding::PerRow {
                child_sum_differences(m.plan(), m.allocation())
                    .into_iter()
                    .filter_map(|(id, d)| m.plan().index_of(id).map(|i| (i, d)))
                    .collect::<std::collections::HashMap<usize, i128>>()
            } else {
                Default::default()
            }
        })
    });
    let window = move || {
        let total = rows.with(Vec::len);
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let count = (viewport.get() / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        let first = first.min(total);
        (first, (first + count).min(total), total)
    };
    let on_scroll = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        {
            scroll_top.set(f64::from(el.scroll_top()));
            viewport.set(f64::from(el.client_height()).max(ROW_HEIGHT));
        }
    };
    let t = move || texts(locale.get());
    let total_rows = move || model.with(|m| m.plan().units.len() + 1);

    view! {
        <div class="qp-grid-scroll" on:scroll=on_scroll>
            <table
                class="qp-grid"
                role="treegrid"
                aria-label=move || t().table_label
                aria-rowcount=total_rows
            >
                <thead>
                    <tr role="row" aria-rowindex="1">
                        <th role="columnheader" class="qp-col-code">{move || t().col_code}</th>
                        <th role="columnheader" class="qp-col-name">{move || t().col_name}</th>
                        <th role="columnheader" class="qp-num">{move || t().col_base}</th>
                        <th role="columnheader" class="qp-num">{move || t().col_percent}</th>
                        <th role="columnheader" class="qp-num">{move || t().col_target}</th>
                        <th role="columnheader" class="qp-num">{move || t().col_official}</th>
                        <th role="columnheader" class="qp-num" title=move || t().difference_hint>
                            {move || t().col_difference}
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="qp-spacer" aria-hidden="true" style:height=move || {
                        format!("{}px", window().0 as f64 * ROW_HEIGHT)
                    }></tr>
                    <For
                        each=move || {
                            let (first, last, _) = window();
                            rows.with(|r| r.get(first..last).unwrap_or_default().to_vec())
                        }
                        key=|index| *index
                        children=move |index| {
                            view! {
                                <Row
                                    model=model
                                    locale=locale
                                    index=index
                                    collapsed=collapsed
                                    differences=differences
                                />
                            }
                        }
                    />
                    <tr class="qp-spacer" aria-hidden="true" style:height=move || {
                        let (_, last, total) = window();
                        format!("{}px", (total - last) as f64 * ROW_HEIGHT)
                    }></tr>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Row(
    model: RwSignal<crate::core::model::PlannerModel, LocalStorage>,
    locale: RwSignal<crate::i18n::Locale>,
    index: usize,
    collapsed: RwSignal<HashSet<usize>>,
    differences: Memo<std::collections::HashMap<usize, i128>>,
) -> impl IntoView {
    let t = move || texts(locale.get());
    // Static for the row's life: the tree's shape does not change on edits.
    let (code, name, level, is_parent) = model.with_untracked(|m| {
        m.plan()
            .units
            .get(index)
            .map(|unit| {
                (
                    unit.code.clone(),
                    unit.name.clone(),
                    unit.level,
                    !m.plan().is_leaf(index),
                )
            })
            .unwrap_or_default()
    });
    let is_collapsed = move || collapsed.with(|c| c.contains(&index));
    let toggle = move |_| {
        collapsed.update(|c| {
            if !c.remove(&index) {
                c.insert(index);
            }
        })
    };
    let count = move |f: fn(&crate::core::allocate::Allocation) -> &[u64]| {
        move || {
            model.with(|m| {
                f(m.allocation())
                    .get(index)
                    .map(|v| format::count(*v, locale.get()))
                    .unwrap_or_default()
            })
        }
    };
    let percent = move || {
        model.with(|m| {
            m.allocation()
                .percent
                .get(index)
                .map(|p| format::percent(*p, locale.get()))
                .unwrap_or_default()
        })
    };
    let unit_flag = move |f: fn(&crate::core::plan::Unit) -> bool| {
        move || model.with(|m| m.plan().units.get(index).is_some_and(f))
    };
    let official = move || {
        model.with(|m| {
            m.plan()
                .units
                .get(index)
                .and_then(|u| u.official_target)
                .map(|v| format::count(v, locale.get()))
                .unwrap_or_default()
        })
    };
    let difference = move || {
        differences
            .with(|d| d.get(&index).copied())
            .map(|d| format::signed(d, locale.get()))
            .unwrap_or_default()
    };
    let overridden = unit_flag(|u| u.percent_override.is_some());
    let locked = unit_flag(|u| u.locked_target.is_some());
    let indent = format!("padding-left: {}rem", 0.25 + 1.25 * f64::from(level));
    let name_for_label = name.clone();

    view! {
        <tr
            role="row"
            class=format!("qp-row qp-level-{level}")
            class:qp-parent=is_parent
            aria-rowindex=index + 2
            aria-expanded=move || is_parent.then(|| (!is_collapsed()).to_string())
        >
            <td role="gridcell" class="qp-col-code">{code}</td>
            <th role="rowheader" class="qp-col-name" style=indent>
                {is_parent
                    .then(|| {
                        let label = name_for_label.clone();
                        view! {
                            <button
                                type="button"
                                class="qp-toggle"
                                aria-label=move || {
                                    let verb = if is_collapsed() { t().expand } else { t().collapse };
                                    format!("{verb} {label}")
                                }
                                on:click=toggle
                            >
                                {move || if is_collapsed() { "▸" } else { "▾" }}
                            </button>
                        }
                    })}
                <span class="qp-name">{name}</span>
            </th>
            <td role="gridcell" class="qp-num">{count(|a| &a.base)}</td>
            <td role="gridcell" class="qp-num" class:qp-overridden=overridden>{percent}</td>
            <td role="gridcell" class="qp-num qp-target" class:qp-locked=locked>
                {count(|a| &a.target)}
            </td>
            <td role="gridcell" class="qp-num qp-official">{official}</td>
            <td role="gridcell" class="qp-num qp-difference">{difference}</td>
        </tr>
    }
    // tachys has no `aria_level` builder.
    .attr("aria-level", (u32::from(level) + 1).to_string())
}
