//! Percentages by level: one field per level of the tree; empty means the
//! level follows the plan-wide percentage.

use leptos::prelude::*;

use super::session::Session;
use crate::core::format;
use crate::core::i18n::{level_label, texts};
use crate::core::percent::Percent;

/// (level, an example unit's name) for every level of the plan; follows a
/// newly opened plan.
pub fn level_examples(session: Session) -> impl Fn() -> Vec<(u8, String)> + Copy {
    let model = session.model;
    move || {
        session.generation.track();
        model.with_untracked(|m| {
            (0..m.plan().depth())
                .map(|level| {
                    let example = m
                        .plan()
                        .units
                        .iter()
                        .find(|u| usize::from(u.level) == level)
                        .map(|u| crate::core::text::reveal_controls(&u.name).into_owned())
                        .unwrap_or_default();
                    (level as u8, example)
                })
                .collect::<Vec<_>>()
        })
    }
}

#[component]
pub fn LevelPercents(session: Session, id_prefix: String) -> impl IntoView {
    let model = session.model;
    let locale = session.locale;
    let t = move || texts(locale.get());
    let error = RwSignal::new(None::<String>);
    let levels = level_examples(session);
    view! {
        <details class="qp-levels">
            <summary>{move || t().level_percents_label}</summary>
            <div class="qp-levels-fields">
                {move || {
                    levels()
                        .into_iter()
                        .map(|(level, example)| {
                            let id = format!("{id_prefix}-level-{level}");
                            let value = move || {
                                model.with(|m| {
                                    m.plan()
                                        .policy
                                        .level_percents
                                        .get(&level)
                                        .map(|p| format::percent_number(*p, locale.get()))
                                        .unwrap_or_default()
                                })
                            };
                            let placeholder = move || {
                                model.with(|m| format::percent_number(m.plan().policy.default_percent, locale.get()))
                            };
                            let on_change = move |ev: leptos::ev::Event| {
                                let text = event_target_value(&ev);
                                let parsed = if text.trim().is_empty() {
                                    Ok(None)
                                } else {
                                    Percent::parse(&text).map(Some)
                                };
                                let result = parsed.and_then(|p| {
                                    session
                                        .edit(|m| m.set_level_percent(u32::from(level), p))
                                        .unwrap_or(Err(crate::core::error::PlanError::Destroyed))
                                });
                                error.set(result.err().map(|e| e.message(locale.get_untracked())));
                            };
                            view! {
                                <div class="qp-field">
                                    <label for=id.clone()>
                                        {move || level_label(level, &example, locale.get())}
                                    </label>
                                    <input
                                        id=id
                                        type="text"
                                        inputmode="decimal"
                                        size="5"
                                        prop:value=value
                                        placeholder=placeholder
                                        on:change=on_change
                                    />
                                </div>
                            }
                        })
                        .collect_view()
                }}
                {move || error.get().map(|e| view! { <span class="qp-field-error" role="alert">{e}</span> })}
            </div>
        </details>
    }
}
