//! The campaign period panel: dates typed dd/mm/yyyy, weekdays that do not
//! count, extra days off, milestones, and daily figures (default, per
//! level, "derive"). Every field commits on Enter, Tab or leaving it
//! (`change`), never keystroke by keystroke; each commit is one undo step.

use leptos::prelude::*;

use super::levels::level_examples;
use super::session::{Notice, Session};
use crate::core::cells::parse_optional_count;
use crate::core::error::PlanError;
use crate::core::format;
use crate::core::i18n::schedule::{
    days_summary, derived, level_daily_label, milestone_item, texts,
};
use crate::core::model::DailyScope;
use crate::core::percent::Percent;
use crate::core::schedule::{parse_typed, typed, Calendar, Milestone};

/// Weekdays in the order a Vietnamese week is written: T2 … T7, CN.
const WEEK: [u8; 7] = [1, 2, 3, 4, 5, 6, 0];

#[component]
pub fn PeriodPanel(session: Session, id_prefix: String) -> impl IntoView {
    let model = session.model;
    let locale = session.locale;
    let t = move || texts(locale.get());
    let error = RwSignal::new(None::<String>);
    let calendar = move || model.with(|m| m.plan().policy.calendar.clone());

    // Applies a change to the calendar; a refusal shows its message and
    // changes nothing.
    let change = move |f: &dyn Fn(&mut Calendar) -> Result<(), PlanError>| {
        let mut next = model.with_untracked(|m| m.plan().policy.calendar.clone());
        let result = f(&mut next).and_then(|()| {
            session
                .edit(|m| m.set_calendar(next))
                .unwrap_or(Err(PlanError::Destroyed))
                .map(|_| ())
        });
        error.set(result.err().map(|e| e.message(locale.get_untracked())));
    };
    let summary = move || {
        let l = locale.get();
        model.with(|m| {
            let c = &m.plan().policy.calendar;
            match (c.start, c.end, m.schedule().days.as_ref()) {
                (Some(s), Some(e), Some(days)) => format!(
                    "{}: {} – {} ({})",
                    texts(l).panel,
                    typed(s),
                    typed(e),
                    days_summary(days.dates.len(), days.counted, l)
                ),
                _ => texts(l).panel.to_string(),
            }
        })
    };

    let start_id = format!("{id_prefix}-period-start");
    let end_id = format!("{id_prefix}-period-end");
    let holiday_id = format!("{id_prefix}-holiday");
    let milestone_date_id = format!("{id_prefix}-milestone-date");
    let milestone_pct_id = format!("{id_prefix}-milestone-percent");
    let default_daily_id = format!("{id_prefix}-default-daily");
    let holiday_text = RwSignal::new(String::new());
    let milestone_date = RwSignal::new(String::new());
    let milestone_pct = RwSignal::new(String::new());

    let add_holiday = move || {
        let text = holiday_text.get_untracked();
        change(&|c| {
            let date = parse_typed(&text)?;
            c.holidays.push(date);
            Ok(())
        });
        if error.get_untracked().is_none() {
            holiday_text.set(String::new());
        }
    };
    let add_milestone = move || {
        let (date_text, pct_text) = (
            milestone_date.get_untracked(),
            milestone_pct.get_untracked(),
        );
        change(&|c| {
            let date = parse_typed(&date_text)?;
            let percent = Percent::parse(&pct_text)?;
            c.milestones.push(Milestone { date, percent });
            Ok(())
        });
        if error.get_untracked().is_none() {
            milestone_date.set(String::new());
            milestone_pct.set(String::new());
        }
    };
    let on_default_daily = move |ev: leptos::ev::Event| {
        let result = parse_optional_count(&event_target_value(&ev)).and_then(|d| {
            session
                .edit(|m| m.set_daily_target(None, d, DailyScope::Groups))
                .unwrap_or(Err(PlanError::Destroyed))
                .map(|_| ())
        });
        error.set(result.err().map(|e| e.message(locale.get_untracked())));
    };
    let derive = move |_| {
        let result = session
            .edit(|m| m.derive_daily())
            .unwrap_or(Err(PlanError::Destroyed));
        match result {
            Ok(n) => {
                error.set(None);
                session
                    .notice
                    .set(Some(Notice::Info(derived(n, locale.get_untracked()))));
            }
            Err(e) => error.set(Some(e.message(locale.get_untracked()))),
        }
    };
    let levels = level_examples(session);
    let count_value = move |v: Option<u64>| {
        v.map(|v| format::count(v, locale.get()))
            .unwrap_or_default()
    };

    view! {
        <details class="qp-period">
            <summary>{summary}</summary>
            <div class="qp-period-fields">
                {date_input(start_id, move || t().start, move || calendar().start, error, locale, move |d| {
                    change(&|c| {
                        c.start = d;
                        Ok(())
                    })
                })}
                {date_input(end_id, move || t().end, move || calendar().end, error, locale, move |d| {
                    change(&|c| {
                        c.end = d;
                        Ok(())
                    })
                })}
                <fieldset class="qp-weekdays">
                    <legend>{move || t().weekdays_legend}</legend>
                    {WEEK
                        .into_iter()
                        .map(|day| {
                            view! {
                                <label class="qp-check">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || calendar().exclude_weekdays.contains(&day)
                                        on:change=move |_| {
                                            change(&|c| {
                                                if let Some(at) = c.exclude_weekdays.iter().position(|&w| w == day) {
                                                    c.exclude_weekdays.remove(at);
                                                } else {
                                                    c.exclude_weekdays.push(day);
                                                }
                                                Ok(())
                                            })
                                        }
                                    />
                                    {move || t().weekdays[usize::from(day)]}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <fieldset class="qp-dates">
                    <legend>{move || t().holidays}</legend>
                    <ul class="qp-chips">
                        {move || {
                            calendar()
                                .holidays
                                .into_iter()
                                .map(|date| {
                                    chip(
                                        move || typed(date),
                                        move || format!("{} {}", t().remove, typed(date)),
                                        move || {
                                            change(&|c| {
                                                c.holidays.retain(|&d| d != date);
                                                Ok(())
                                            })
                                        },
                                    )
                                })
                                .collect_view()
                        }}
                    </ul>
                    <div class="qp-field">
                        <label for=holiday_id.clone() class="qp-visually-hidden">
                            {move || t().holidays}
                        </label>
                        <input
                            id=holiday_id
                            class="qp-date"
                            type="text"
                            inputmode="numeric"
                            placeholder=move || t().date_hint
                            prop:value=move || holiday_text.get()
                            on:change=move |ev| holiday_text.set(event_target_value(&ev))
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Enter" {
                                    holiday_text.set(event_target_value(&ev));
                                    add_holiday();
                                }
                            }
                        />
                        <button type="button" on:click=move |_| add_holiday()>
                            {move || t().add}
                        </button>
                    </div>
                </fieldset>
                <fieldset class="qp-dates">
                    <legend>{move || t().milestones}</legend>
                    <ul class="qp-chips">
                        {move || {
                            calendar()
                                .milestones
                                .into_iter()
                                .map(|m| {
                                    chip(
                                        move || milestone_item(m.date, m.percent, locale.get()),
                                        move || format!("{} {}", t().remove, typed(m.date)),
                                        move || {
                                            change(&|c| {
                                                c.milestones.retain(|x| x.date != m.date);
                                                Ok(())
                                            })
                                        },
                                    )
                                })
                                .collect_view()
                        }}
                    </ul>
                    <div class="qp-field">
                        <label for=milestone_date_id.clone()>{move || t().milestone_date}</label>
                        <input
                            id=milestone_date_id
                            class="qp-date"
                            type="text"
                            inputmode="numeric"
                            placeholder=move || t().date_hint
                            prop:value=move || milestone_date.get()
                            on:change=move |ev| milestone_date.set(event_target_value(&ev))
                        />
                        <label for=milestone_pct_id.clone()>{move || t().milestone_percent}</label>
                        <input
                            id=milestone_pct_id
                            type="text"
                            inputmode="decimal"
                            prop:value=move || milestone_pct.get()
                            on:change=move |ev| milestone_pct.set(event_target_value(&ev))
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Enter" {
                                    milestone_pct.set(event_target_value(&ev));
                                    add_milestone();
                                }
                            }
                        />
                        <button type="button" on:click=move |_| add_milestone()>
                            {move || t().add}
                        </button>
                    </div>
                </fieldset>
                <div class="qp-field">
                    <label for=default_daily_id.clone()>{move || t().default_daily}</label>
                    <input
                        id=default_daily_id
                        type="text"
                        inputmode="numeric"
                        prop:value=move || count_value(model.with(|m| m.plan().policy.default_daily))
                        on:change=on_default_daily
                    />
                </div>
                {move || {
                    levels()
                        .into_iter()
                        .map(|(level, example)| {
                            let id = format!("{id_prefix}-level-daily-{level}");
                            let value = move || {
                                count_value(model.with(|m| m.plan().policy.level_daily.get(&level).copied()))
                            };
                            let on_change = move |ev: leptos::ev::Event| {
                                let result = parse_optional_count(&event_target_value(&ev)).and_then(|d| {
                                    session
                                        .edit(|m| m.set_level_daily(u32::from(level), d))
                                        .unwrap_or(Err(PlanError::Destroyed))
                                        .map(|_| ())
                                });
                                error.set(result.err().map(|e| e.message(locale.get_untracked())));
                            };
                            view! {
                                <div class="qp-field">
                                    <label for=id.clone()>
                                        {move || level_daily_label(level, &example, locale.get())}
                                    </label>
                                    <input id=id type="text" inputmode="numeric" prop:value=value on:change=on_change />
                                </div>
                            }
                        })
                        .collect_view()
                }}
                <button type="button" class="qp-button" title=move || t().derive_hint on:click=derive>
                    {move || t().derive}
                </button>
                {move || error.get().map(|e| view! { <span class="qp-field-error" role="alert">{e}</span> })}
            </div>
        </details>
    }
}

/// A date field typed dd/mm/yyyy: applied on `change` (Enter, Tab, leaving
/// it); empty clears the date, unreadable text shows why and changes nothing.
fn date_input(
    id: String,
    label: impl Fn() -> &'static str + Send + 'static,
    value: impl Fn() -> Option<jiff::civil::Date> + Send + 'static,
    error: RwSignal<Option<String>>,
    locale: RwSignal<crate::core::i18n::Locale>,
    set: impl Fn(Option<jiff::civil::Date>) + 'static,
) -> impl IntoView {
    view! {
        <div class="qp-field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                class="qp-date"
                type="text"
                inputmode="numeric"
                placeholder=move || texts(locale.get()).date_hint
                prop:value=move || value().map(typed).unwrap_or_default()
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    if text.trim().is_empty() {
                        set(None);
                    } else {
                        match parse_typed(&text) {
                            Ok(d) => set(Some(d)),
                            Err(e) => error.set(Some(PlanError::from(e).message(locale.get_untracked()))),
                        }
                    }
                }
            />
        </div>
    }
}

/// One listed holiday or milestone with its remove button.
fn chip(
    text: impl Fn() -> String + Send + 'static,
    remove_label: impl Fn() -> String + Send + 'static,
    remove: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <li>
            {text}
            <button type="button" class="qp-dismiss" aria-label=remove_label on:click=move |_| remove()>
                "×"
            </button>
        </li>
    }
}
