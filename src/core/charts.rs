//! The progress charts as SVG text, drawn in the page (no network, no
//! chart library: two small pictures do not justify one), so they work
//! offline and print: the burn-up of cumulative done against the schedule,
//! and the units of a level ranked by % of target. Geometry only; the
//! numbers come from `progress`, in integers.

use std::fmt::Write;

use jiff::civil::Date;

use super::format;
use super::i18n::progress::{rate_text, texts};
use super::i18n::Locale;
use super::model::PlannerModel;
use super::progress::{Progress, Rate};
use super::schedule::{day_month, typed};

/// Cumulative plan and done of one unit (or the whole plan) over time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BurnUp {
    pub title: String,
    pub target: u64,
    /// Every day of the period with the plan's cumulative count by its end.
    pub plan: Vec<(Date, u64)>,
    /// Each reported date with the cumulative count done.
    pub done: Vec<(Date, u64)>,
    /// Milestones: date and figure.
    pub milestones: Vec<(Date, u64)>,
}

/// The burn-up of a unit, or with `None` of the whole plan (its top
/// units added up).
pub fn burn_up(model: &PlannerModel, unit: Option<usize>, title: String) -> BurnUp {
    let plan = model.plan();
    let units: Vec<usize> = match unit {
        Some(i) => vec![i],
        None => (0..plan.units.len())
            .filter(|&i| plan.units[i].parent.is_none())
            .collect(),
    };
    let targets = &model.allocation().target;
    let target = units
        .iter()
        .map(|&i| targets.get(i).copied().unwrap_or(0))
        .fold(0u64, u64::saturating_add);
    let schedule = model.schedule();
    let mut planned = Vec::new();
    let mut milestones = Vec::new();
    if let Some(days) = schedule.days.as_ref() {
        for (j, &date) in days.dates.iter().enumerate() {
            let k = days.counted_by[j];
            let sum = units
                .iter()
                .map(|&i| {
                    schedule
                        .cumulative(i, targets.get(i).copied().unwrap_or(0), k)
                        .unwrap_or(0)
                })
                .fold(0u64, u64::saturating_add);
            planned.push((date, sum));
        }
        for (m, _) in &days.milestones {
            let figure = units
                .iter()
                .map(|&i| {
                    super::schedule::milestone_figure(
                        targets.get(i).copied().unwrap_or(0),
                        m.percent,
                    )
                })
                .fold(0u64, u64::saturating_add);
            milestones.push((m.date, figure));
        }
    }
    let done = plan
        .results
        .dates()
        .filter_map(|date| {
            let progress = model.progress_at(date);
            let sum = units
                .iter()
                .map(|&i| progress.units.get(i).and_then(|u| u.done))
                .try_fold(0u64, |acc, d| d.map(|d| acc.saturating_add(d)))?;
            Some((date, sum))
        })
        .collect();
    BurnUp {
        title,
        target,
        plan: planned,
        done,
        milestones,
    }
}

/// Escapes text for SVG/XML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const WIDTH: i64 = 640;
const HEIGHT: i64 = 260;
const LEFT: i64 = 64;
const RIGHT: i64 = 16;
const TOP: i64 = 28;
const BOTTOM: i64 = 36;

/// The burn-up as an SVG element.
pub fn burn_up_svg(chart: &BurnUp, locale: Locale) -> String {
    let t = texts(locale);
    let first = chart
        .plan
        .first()
        .map(|p| p.0)
        .into_iter()
        .chain(chart.done.first().map(|d| d.0))
        .min();
    let last = chart
        .plan
        .last()
        .map(|p| p.0)
        .into_iter()
        .chain(chart.done.last().map(|d| d.0))
        .max();
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="qp-chart qp-burnup" role="img" aria-label="{}">"#,
        escape(&format!("{}: {}", t.burnup, chart.title))
    );
    let _ = write!(
        svg,
        r#"<text x="{LEFT}" y="16" class="qp-chart-title">{}</text>"#,
        escape(&chart.title)
    );
    let (Some(first), Some(last)) = (first, last) else {
        svg.push_str("</svg>");
        return svg;
    };
    let span = first.until(last).map(|s| s.get_days()).unwrap_or(0).max(1) as i64;
    let top = chart
        .plan
        .iter()
        .chain(&chart.done)
        .map(|p| p.1)
        .chain([chart.target])
        .max()
        .unwrap_or(0)
        .max(1);
    let x = |d: Date| {
        let days = first.until(d).map(|s| s.get_days()).unwrap_or(0) as i64;
        LEFT + days * (WIDTH - LEFT - RIGHT) / span
    };
    let y = |v: u64| {
        let h = (HEIGHT - TOP - BOTTOM) as u128;
        HEIGHT - BOTTOM - (u128::from(v) * h / u128::from(top)) as i64
    };
    // Axes, the target line and the labels.
    let _ = write!(
        svg,
        r#"<line x1="{LEFT}" y1="{b}" x2="{r}" y2="{b}" class="qp-axis"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b}" class="qp-axis"/>"#,
        b = HEIGHT - BOTTOM,
        r = WIDTH - RIGHT
    );
    let _ = write!(
        svg,
        r#"<line x1="{LEFT}" y1="{ty}" x2="{r}" y2="{ty}" class="qp-target-line"/><text x="{tx}" y="{ly}" class="qp-chart-label" text-anchor="end">{}</text><text x="{tx}" y="{zy}" class="qp-chart-label" text-anchor="end">0</text>"#,
        format::count(chart.target, locale),
        ty = y(chart.target),
        ly = y(chart.target) + 4,
        tx = LEFT - 4,
        zy = HEIGHT - BOTTOM + 4,
        r = WIDTH - RIGHT
    );
    let _ = write!(
        svg,
        r#"<text x="{LEFT}" y="{ly}" class="qp-chart-label">{}</text><text x="{r}" y="{ly}" class="qp-chart-label" text-anchor="end">{}</text>"#,
        day_month(first),
        day_month(last),
        ly = HEIGHT - BOTTOM + 16,
        r = WIDTH - RIGHT
    );
    if !chart.plan.is_empty() {
        let points: Vec<String> = chart
            .plan
            .iter()
            .map(|&(d, v)| format!("{},{}", x(d), y(v)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline points="{}" class="qp-plan-line"><title>{}</title></polyline>"#,
            points.join(" "),
            escape(t.plan_line)
        );
    }
    for &(d, v) in &chart.milestones {
        let (cx, cy) = (x(d), y(v));
        let _ = write!(
            svg,
            r#"<path d="M{cx} {a}L{b} {cy}L{cx} {c}L{e} {cy}Z" class="qp-milestone-mark"><title>{} {}: {}</title></path>"#,
            escape(t.plan_line),
            typed(d),
            format::count(v, locale),
            a = cy - 5,
            b = cx + 5,
            c = cy + 5,
            e = cx - 5
        );
    }
    if !chart.done.is_empty() {
        let points: Vec<String> = chart
            .done
            .iter()
            .map(|&(d, v)| format!("{},{}", x(d), y(v)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline points="{}" class="qp-done-line"/>"#,
            points.join(" ")
        );
        for &(d, v) in &chart.done {
            let _ = write!(
                svg,
                r#"<circle cx="{}" cy="{}" r="3.5" class="qp-done-point"><title>{} {}: {}</title></circle>"#,
                x(d),
                y(v),
                escape(t.done_line),
                typed(d),
                format::count(v, locale)
            );
        }
    }
    // Legend.
    let lx = WIDTH - RIGHT - 220;
    let _ = write!(
        svg,
        r#"<line x1="{lx}" y1="12" x2="{a}" y2="12" class="qp-plan-line"/><text x="{b}" y="16" class="qp-chart-label">{}</text><line x1="{c}" y1="12" x2="{d}" y2="12" class="qp-done-line"/><text x="{e}" y="16" class="qp-chart-label">{}</text>"#,
        escape(t.plan_line),
        escape(t.done_line),
        a = lx + 20,
        b = lx + 24,
        c = lx + 110,
        d = lx + 130,
        e = lx + 134
    );
    svg.push_str("</svg>");
    svg
}

/// Most bars drawn; a longer level shows its lowest.
pub const MAX_BARS: usize = 30;

/// The units of a level ranked by % of target (highest first); the lowest
/// `MAX_BARS` when there are more. Each bar marks where the schedule is.
pub fn ranking_svg(model: &PlannerModel, progress: &Progress, level: u8, locale: Locale) -> String {
    let t = texts(locale);
    let plan = model.plan();
    let mut units: Vec<(usize, Rate)> = (0..progress.units.len())
        .filter(|&i| plan.units[i].level == level)
        .filter_map(|i| Some((i, progress.units[i].percent_of_target?)))
        .collect();
    units.sort_by_key(|&(i, r)| (r, i));
    let total = units.len();
    units.truncate(MAX_BARS);
    units.reverse();
    let row = 18i64;
    let height = TOP + row * units.len().max(1) as i64 + 20;
    let name_width = 170i64;
    let bar_left = name_width + 8;
    let bar_width = WIDTH - bar_left - 70;
    let top_rate = units.iter().map(|u| u.1 .0).max().unwrap_or(0).max(10_000);
    let scale = |hundredths: u64| {
        (u128::from(hundredths) * bar_width as u128 / u128::from(top_rate)) as i64
    };
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="qp-chart qp-ranking" role="img" aria-label="{}">"#,
        escape(t.ranking)
    );
    let title = if total > MAX_BARS {
        format!("{} ({MAX_BARS}/{total})", t.ranking)
    } else {
        t.ranking.to_string()
    };
    let _ = write!(
        svg,
        r#"<text x="0" y="16" class="qp-chart-title">{}</text>"#,
        escape(&title)
    );
    let hundred = bar_left + scale(10_000);
    let _ = write!(
        svg,
        r#"<line x1="{hundred}" y1="{TOP}" x2="{hundred}" y2="{b}" class="qp-target-line"/><text x="{hundred}" y="{ly}" class="qp-chart-label" text-anchor="middle">100%</text>"#,
        b = height - 16,
        ly = height - 4
    );
    for (k, &(i, rate)) in units.iter().enumerate() {
        let y = TOP + row * k as i64;
        let u = &progress.units[i];
        let behind = u.behind.is_some_and(|b| b > 0);
        // Direction marks shown, so that a name cannot pose as another.
        let name = &*super::text::reveal_controls(&plan.units[i].name);
        let short: String = name.chars().take(26).collect();
        let _ = write!(
            svg,
            r#"<text x="{nx}" y="{ty}" class="qp-chart-label" text-anchor="end">{}</text><rect x="{bar_left}" y="{ry}" width="{w}" height="{h}" class="{class}"><title>{}: {}</title></rect><text x="{vx}" y="{ty}" class="qp-chart-label">{}</text>"#,
            escape(&short),
            escape(name),
            rate_text(Some(rate), locale),
            rate_text(Some(rate), locale),
            nx = name_width,
            ty = y + 13,
            ry = y + 3,
            w = scale(rate.0).max(1),
            h = row - 5,
            class = if behind {
                "qp-bar qp-bar-behind"
            } else {
                "qp-bar"
            },
            vx = bar_left + scale(rate.0).max(1) + 4
        );
        if let (Some(expected), true) = (u.expected, u.target > 0) {
            let expected_rate = Rate::of(expected, u.target).map_or(0, |r| r.0);
            let ex = bar_left + scale(expected_rate);
            let _ = write!(
                svg,
                r#"<line x1="{ex}" y1="{a}" x2="{ex}" y2="{b}" class="qp-expected-tick"/>"#,
                a = y + 1,
                b = y + row - 1
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_names() {
        assert_eq!(escape("A<b>&\"c\""), "A&lt;b&gt;&amp;&quot;c&quot;");
    }
}
