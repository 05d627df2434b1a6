//! The quota table: a virtualised ARIA treegrid with a current cell, range
//! selection, in-place editing, copy and paste. Only the rows in view (plus
//! a margin) are in the DOM; spacer rows keep the scrollbar honest. All
//! edits go through `Session::edit`, so undo lives in the core façade.

use std::collections::HashSet;
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::CustomAttribute;
use wasm_bindgen::JsCast;

use super::session::Session;
use crate::core::cells::{from_tsv, parse_optional_count, paste_edits, to_tsv, Column};
use crate::core::i18n::{self, texts, Locale};
use crate::core::model::{DailyScope, Edit, PlannerModel};
use crate::core::outline::{matching_rows, visible_rows};
use crate::core::percent::Percent;
use crate::core::text::reveal_controls;

/// Fixed row height in CSS pixels (style/planner.css keeps rows to it).
pub(super) const ROW_HEIGHT: f64 = 32.0;
/// Rows rendered above and below the viewport.
const OVERSCAN: usize = 15;
/// Warnings listed at most (the ⚠ marks show every one on its row).
const MAX_LISTED_WARNINGS: usize = 500;
/// Viewport height assumed before the first measurement.
const DEFAULT_VIEWPORT: f64 = 640.0;

type Pos = (usize, usize);

/// View state of one grid; recreated when a new plan is opened.
#[derive(Clone, Copy)]
pub(super) struct GridState {
    pub(super) session: Session,
    /// Showing the day-by-day schedule instead of the quota table (same
    /// rows, collapse, search and scrolling).
    pub(super) schedule_view: RwSignal<bool>,
    /// Showing the progress panel (date, reports, laggards, charts) above
    /// the quota table.
    pub(super) progress_view: RwSignal<bool>,
    id_prefix: StoredValue<String>,
    collapsed: RwSignal<HashSet<usize>>,
    max_level: RwSignal<Option<u8>>,
    query: RwSignal<String>,
    hidden: RwSignal<HashSet<Column>>,
    /// Widths set by dragging a header's edge, in CSS pixels.
    widths: RwSignal<std::collections::HashMap<Column, f64>>,
    /// Current cell: (position among shown rows, position among shown columns).
    cursor: RwSignal<Pos>,
    /// Other corner of the selected range, when one is selected.
    anchor: RwSignal<Option<Pos>>,
    /// Text of the open editor, when a cell is being edited.
    editing: RwSignal<Option<String>>,
    /// The cell's own text the editor opened with (Enter, F2): committing
    /// it unchanged edits nothing (an inherited percentage or daily figure
    /// must not become the unit's own).
    editing_from: StoredValue<Option<String>>,
    cell_error: RwSignal<Option<String>>,
    /// The unit whose target the "why this number" panel explains.
    explaining: RwSignal<Option<usize>>,
    /// Esc was pressed: the next Tab leaves the grid (no keyboard trap).
    leaving: StoredValue<bool>,
    scroll_top: RwSignal<f64>,
    viewport: RwSignal<f64>,
    /// Rows rendered above and below the viewport: none in the frame that
    /// shows a new grid (its task stays short on a large plan), then
    /// `OVERSCAN` from the next task on.
    overscan: RwSignal<usize>,
    /// The rows in the DOM: (first, past the last, total, pool size), the
    /// pool size being the rows a window holds (`RowPool`).
    span: Memo<(usize, usize, usize, usize)>,
    pub(super) rows: Memo<Vec<usize>>,
    pub(super) columns: Memo<Vec<Column>>,
    /// The plan as it was opened, to mark changed cells.
    baseline: StoredValue<Rc<Baseline>, LocalStorage>,
    /// The cells in the DOM, refreshed from the model by one effect
    /// (`refresh_cells`): the model has one subscriber for all of them,
    /// and an edit wakes only the cells whose content changed.
    cells: StoredValue<CellSlots, LocalStorage>,
    scroller: NodeRef<html::Div>,
}

/// One cell in the DOM: what it shows (its row's unit, which changes as
/// the row is recycled while scrolling; its column) and the signal its
/// bindings read.
#[derive(Clone, Copy)]
struct CellSlot {
    unit: Signal<Option<RowUnit>>,
    column: Column,
    content: RwSignal<CellContent>,
}

/// The unit a row of the DOM shows: rows are a pool recycled while
/// scrolling (`RowPool`), each row's unit a memo of the window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct RowUnit {
    /// Position among shown rows.
    pub(super) pos: usize,
    /// The unit's index in the plan.
    pub(super) index: usize,
    pub(super) level: u8,
    pub(super) is_parent: bool,
}

/// The cells in the DOM by a key of their own (rows come and go while
/// scrolling; a cell removes itself when its row is dropped).
#[derive(Default)]
struct CellSlots {
    next: u64,
    slots: std::collections::HashMap<u64, CellSlot>,
}

impl GridState {
    fn new(session: Session, id_prefix: String) -> GridState {
        let model = session.model;
        let collapsed = RwSignal::new(HashSet::new());
        let max_level = RwSignal::new(None);
        let query = RwSignal::new(String::new());
        let hidden = RwSignal::new(
            Column::ALL
                .into_iter()
                .filter(|c| !c.shown_by_default())
                .collect::<HashSet<_>>(),
        );
        // Costly over 100k units and read by many closures: memoised.
        let rows = Memo::new(move |_| {
            let query = query.get();
            // The tree's shape only changes when a new plan is opened, and
            // then the grid is rebuilt: edits need not recompute the rows.
            if !query.trim().is_empty() {
                return model.with_untracked(|m| matching_rows(m.plan(), &query));
            }
            let collapsed = collapsed.get();
            let max_level = max_level.get();
            model.with_untracked(|m| visible_rows(m.plan(), &collapsed, max_level))
        });
        // Days needed, finishing date and shortfall appear once a period is set.
        let has_period = Memo::new(move |_| model.with(|m| m.schedule().days.is_some()));
        // Done, % and the figures against the schedule once there is a date
        // to look at progress on.
        let has_progress = Memo::new(move |_| model.with(|m| m.progress().is_some()));
        let progress_view = RwSignal::new(false);
        let columns = Memo::new(move |_| {
            let period = has_period.get();
            let progress = has_progress.get();
            let mut columns: Vec<Column> = hidden.with(|h| {
                Column::ALL
                    .into_iter()
                    .filter(|c| {
                        !h.contains(c)
                            && (period || !c.needs_period())
                            && (progress || !c.needs_results())
                    })
                    .collect()
            });
            // In the progress view its columns come right after the target.
            if progress_view.get() {
                let (mut moved, rest): (Vec<Column>, Vec<Column>) =
                    columns.into_iter().partition(|c| c.needs_results());
                let at = rest
                    .iter()
                    .position(|&c| c == Column::Target)
                    .map_or(rest.len(), |p| p + 1);
                columns = rest;
                let tail = columns.split_off(at);
                columns.append(&mut moved);
                columns.extend(tail);
            }
            columns
        });
        // A restored draft puts the current cell, range and scroll back.
        let restore = session.restore_view.get_value();
        session.restore_view.set_value(None);
        let row_of = |unit: usize| rows.with_untracked(|r| r.iter().position(|&u| u == unit));
        let (cursor, anchor, scroll_top) = match restore {
            Some(v) => (
                (row_of(v.unit).unwrap_or(0), v.column),
                v.anchor
                    .and_then(|(unit, col)| row_of(unit).map(|row| (row, col))),
                v.scroll_top,
            ),
            None => ((0, 1), None, 0.0),
        };
        let scroll_top = RwSignal::new(scroll_top);
        let viewport = RwSignal::new(DEFAULT_VIEWPORT);
        let overscan = RwSignal::new(0);
        let span = Memo::new(move |_| {
            let total = rows.with(Vec::len);
            let overscan = overscan.get();
            let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(overscan);
            let count = (viewport.get() / ROW_HEIGHT).ceil() as usize + 2 * overscan;
            let first = first.min(total);
            (first, (first + count).min(total), total, count.min(total))
        });
        // The plan's baseline if a grid of it was built before (the grid
        // comes back after a cancelled import), else taken now.
        let kept = session.opened.with_value(Option::clone);
        let baseline = kept.unwrap_or_else(|| {
            let baseline = Rc::new(model.with_untracked(Baseline::of));
            session.opened.set_value(Some(baseline.clone()));
            baseline
        });
        GridState {
            session,
            schedule_view: RwSignal::new(false),
            progress_view,
            id_prefix: StoredValue::new(id_prefix),
            collapsed,
            max_level,
            query,
            hidden,
            widths: RwSignal::new(Default::default()),
            cursor: RwSignal::new(cursor),
            anchor: RwSignal::new(anchor),
            editing: RwSignal::new(None),
            editing_from: StoredValue::new(None),
            cell_error: RwSignal::new(None),
            explaining: RwSignal::new(None),
            leaving: StoredValue::new(false),
            scroll_top,
            viewport,
            overscan,
            span,
            rows,
            columns,
            baseline: StoredValue::new_local(baseline),
            cells: StoredValue::new_local(CellSlots::default()),
            scroller: NodeRef::new(),
        }
    }

    fn locale(&self) -> Locale {
        self.session.locale.get_untracked()
    }

    /// A cell's content signal, filled now and kept current by
    /// `refresh_cells` (edits) and by its row's unit (recycling) until the
    /// cell is dropped.
    fn watch_cell(&self, unit: Signal<Option<RowUnit>>, column: Column) -> RwSignal<CellContent> {
        let state = *self;
        let content_of = move |u: Option<RowUnit>| {
            u.map(|u| {
                let l = state.locale();
                state
                    .session
                    .model
                    .with_untracked(|m| cell_content(state, m, u.index, column, u.is_parent, l))
            })
            .unwrap_or_default()
        };
        let content = RwSignal::new(content_of(unit.get_untracked()));
        let slot = CellSlot {
            unit,
            column,
            content,
        };
        let key = self.cells.try_update_value(|c| {
            c.next += 1;
            c.slots.insert(c.next, slot);
            c.next
        });
        on_cleanup(move || {
            if let Some(key) = key {
                state.cells.try_update_value(|c| c.slots.remove(&key));
            }
        });
        // The row recycled for another unit: this cell's content for it,
        // set only when it differs (a text node left alone otherwise).
        Effect::new(move |prev: Option<()>| {
            let u = unit.get();
            if prev.is_some() {
                let new = content_of(u);
                if content.with_untracked(|old| *old != new) {
                    content.set(new);
                }
            }
        });
        content
    }

    /// After an edit (or a change of language): recomputes every cell in
    /// the DOM and sets only the signals whose content changed, so the DOM
    /// nodes of the others are not touched and their bindings not woken.
    fn refresh_cells(&self) {
        let l = self.session.locale.get();
        let state = *self;
        let changed: Vec<(RwSignal<CellContent>, CellContent)> = self
            .session
            .model
            .with(|m| {
                state.cells.try_with_value(|c| {
                    c.slots
                        .values()
                        .filter_map(|slot| {
                            let u = slot.unit.try_get_untracked().flatten()?;
                            let new = cell_content(state, m, u.index, slot.column, u.is_parent, l);
                            let same = slot.content.try_with_untracked(|old| *old == new)?;
                            (!same).then_some((slot.content, new))
                        })
                        .collect()
                })
            })
            .unwrap_or_default();
        for (signal, content) in changed {
            signal.try_set(content);
        }
    }

    /// The rows in the DOM: (first, past the last, total), from the scroll
    /// position; spacers stand in for the others.
    pub(super) fn window(&self) -> (usize, usize, usize) {
        let (first, last, total, _) = self.span.get();
        (first, last, total)
    }

    /// What pooled row `slot` shows in the window `span`: rows are
    /// recycled by their position modulo the pool size, so a scroll step
    /// gives new units to the rows that left the window and leaves the
    /// others as they are.
    fn slot_unit(&self, slot: usize, span: (usize, usize, usize, usize)) -> Option<RowUnit> {
        let (first, last, _, n) = span;
        if slot >= n {
            return None;
        }
        let pos = first + (slot + n - first % n) % n;
        if pos >= last {
            return None;
        }
        let index = self.rows.with_untracked(|r| r.get(pos).copied())?;
        let (level, is_parent) = self.session.model.with_untracked(|m| {
            m.plan()
                .units
                .get(index)
                .map(|u| (u.level, !m.plan().is_leaf(index)))
                .unwrap_or_default()
        });
        Some(RowUnit {
            pos,
            index,
            level,
            is_parent,
        })
    }

    /// The number of pooled rows.
    fn pool_size(&self) -> usize {
        self.span.with(|s| s.3)
    }

    fn cell_id(&self, index: usize, column: Column) -> String {
        let prefix = self.id_prefix.get_value();
        let col = Column::ALL.iter().position(|c| *c == column).unwrap_or(0);
        format!("{prefix}-cell-{index}-{col}")
    }

    /// The selected range, normalised (top-left, bottom-right).
    fn range(&self) -> (Pos, Pos) {
        let cursor = self.cursor.get();
        let anchor = self.anchor.get().unwrap_or(cursor);
        (
            (cursor.0.min(anchor.0), cursor.1.min(anchor.1)),
            (cursor.0.max(anchor.0), cursor.1.max(anchor.1)),
        )
    }

    fn unit_at(&self, row: usize) -> Option<usize> {
        self.rows.with_untracked(|r| r.get(row).copied())
    }

    fn column_at(&self, col: usize) -> Option<Column> {
        self.columns.with_untracked(|c| c.get(col).copied())
    }

    /// Moves the current cell, clamped; `extend` keeps the range's anchor.
    fn move_to(&self, row: isize, col: isize, extend: bool) {
        let rows = self.rows.with_untracked(Vec::len);
        let cols = self.columns.with_untracked(Vec::len);
        if rows == 0 || cols == 0 {
            return;
        }
        let target = (
            row.clamp(0, rows as isize - 1) as usize,
            col.clamp(0, cols as isize - 1) as usize,
        );
        if extend {
            if self.anchor.get_untracked().is_none() {
                self.anchor.set(Some(self.cursor.get_untracked()));
            }
        } else {
            self.anchor.set(None);
        }
        self.cursor.set(target);
        self.cell_error.set(None);
        self.scroll_into_view(target.0);
    }

    fn move_by(&self, rows: isize, cols: isize, extend: bool) {
        let (r, c) = self.cursor.get_untracked();
        self.move_to(r as isize + rows, c as isize + cols, extend);
    }

    /// Keeps a row inside the scrolled viewport (below the sticky header).
    fn scroll_into_view(&self, row: usize) {
        let Some(el) = self.scroller.get_untracked() else {
            return;
        };
        let top = row as f64 * ROW_HEIGHT;
        let view = f64::from(el.client_height()) - ROW_HEIGHT;
        let scroll = f64::from(el.scroll_top());
        let new_scroll = if top < scroll {
            top
        } else if top + ROW_HEIGHT > scroll + view {
            top + ROW_HEIGHT - view
        } else {
            return;
        };
        el.set_scroll_top(new_scroll.max(0.0) as i32);
        self.scroll_top.set(new_scroll.max(0.0));
    }

    fn page_rows(&self) -> isize {
        ((self.viewport.get_untracked() / ROW_HEIGHT) as isize - 1).max(1)
    }

    fn focus(&self) {
        if let Some(el) = self.scroller.get_untracked() {
            let _ = el.focus();
        }
    }

    fn begin_edit(&self, initial: Option<String>) {
        let (row, col) = self.cursor.get_untracked();
        let (Some(index), Some(column)) = (self.unit_at(row), self.column_at(col)) else {
            return;
        };
        let locale = self.locale();
        let editable = self.session.writable()
            && self
                .session
                .read(|m| column.editable(m, index))
                .unwrap_or(false);
        if !editable {
            let message = crate::core::error::PlanError::ReadOnlyCell.message(locale);
            self.cell_error.set(Some(message));
            return;
        }
        let from = match initial {
            Some(_) => None,
            None => self.session.read(|m| column.edit_text(m, index, locale)),
        };
        let text = initial.or_else(|| from.clone()).unwrap_or_default();
        self.editing_from.set_value(from);
        self.anchor.set(None);
        self.cell_error.set(None);
        self.editing.set(Some(text));
    }

    /// Commits the editor; false (editor kept, message shown) when refused.
    fn commit_edit(&self) -> bool {
        self.commit_edit_as(DailyScope::Groups)
    }

    /// Commits the editor; a daily figure on a parent goes to its groups
    /// or, with `DailyScope::ThisUnit`, to the parent alone.
    fn commit_edit_as(&self, scope: DailyScope) -> bool {
        let Some(text) = self.editing.get_untracked() else {
            return true;
        };
        let (row, col) = self.cursor.get_untracked();
        let (Some(index), Some(column)) = (self.unit_at(row), self.column_at(col)) else {
            self.editing.set(None);
            return true;
        };
        if self.editing_from.get_value().as_deref() == Some(text.as_str()) {
            self.editing.set(None);
            self.cell_error.set(None);
            return true;
        }
        let locale = self.locale();
        let result = self
            .session
            .edit(|m| match parse_scoped(m, column, index, &text, scope) {
                Ok(edit) => m.apply_batch(vec![edit]),
                Err(e) => Err(e),
            })
            .unwrap_or(Err(crate::core::error::PlanError::Destroyed));
        match result {
            Ok(_) => {
                self.editing.set(None);
                self.cell_error.set(None);
                true
            }
            Err(e) => {
                self.cell_error.set(Some(e.message(locale)));
                false
            }
        }
    }

    fn cancel_edit(&self) {
        self.editing.set(None);
        self.cell_error.set(None);
        self.focus();
    }

    /// Delete: clears overrides and locks over the selected range.
    fn clear_range(&self) {
        let ((r0, c0), (r1, c1)) = self.range();
        let cells: Vec<(usize, Column)> = (r0..=r1)
            .flat_map(|r| (c0..=c1).map(move |c| (r, c)))
            .filter_map(|(r, c)| Some((self.unit_at(r)?, self.column_at(c)?)))
            .collect();
        self.session.edit(|m| {
            let edits: Vec<Edit> = cells
                .iter()
                .filter_map(|(i, c)| c.clear_edit(m, *i))
                .collect();
            // Clearing overrides and locks grows no sum: never refused.
            !edits.is_empty() && matches!(m.apply_batch(edits), Ok(true))
        });
    }

    /// The selected range as TSV.
    fn copy_range(&self) -> String {
        let ((r0, c0), (r1, c1)) = self.range();
        let locale = self.locale();
        self.session
            .read(|m| {
                let block: Vec<Vec<String>> = (r0..=r1)
                    .map(|r| {
                        (c0..=c1)
                            .map(|c| match (self.unit_at(r), self.column_at(c)) {
                                (Some(i), Some(col)) => col.copy_text(m, i, locale),
                                _ => String::new(),
                            })
                            .collect()
                    })
                    .collect();
                to_tsv(&block)
            })
            .unwrap_or_default()
    }

    /// Pastes TSV at the current cell (or fills the range with one value),
    /// as one undo step; a value that cannot be read refuses it all.
    fn paste(&self, text: &str) {
        let block = from_tsv(text);
        if block.is_empty() {
            return;
        }
        let (start, end) = self.range();
        let fill = (start != end).then_some((start, end));
        let rows = self.rows.get_untracked();
        let columns = self.columns.get_untracked();
        let locale = self.locale();
        let result =
            self.session.edit(
                |m| match paste_edits(m, &rows, &columns, start, fill, &block) {
                    Ok(edits) if edits.is_empty() => Ok(false),
                    Ok(edits) => m.apply_batch(edits).map_err(|e| e.message(locale)),
                    Err((index, e)) => {
                        let name = m.plan().units.get(index).map(|u| u.name.clone());
                        Err(format!(
                            "{}: {}",
                            name.unwrap_or_default(),
                            e.message(locale)
                        ))
                    }
                },
            );
        match result {
            Some(Err(message)) => self.cell_error.set(Some(message)),
            _ => self.cell_error.set(None),
        }
    }

    /// The cell under a mouse event, (position among shown rows, position
    /// among shown columns): from its `aria-colindex` and its row's
    /// `aria-rowindex` (the unit's index + 2).
    fn cell_at(&self, ev: &web_sys::MouseEvent) -> Option<Pos> {
        let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        let cell = target.closest("td[aria-colindex]").ok()??;
        let number = |el: &web_sys::Element, name: &str| -> Option<usize> {
            el.get_attribute(name)?.parse().ok()
        };
        let col = number(&cell, "aria-colindex")?.checked_sub(1)?;
        let index = number(&cell.parent_element()?, "aria-rowindex")?.checked_sub(2)?;
        let row = self
            .rows
            .with_untracked(|r| r.iter().position(|&u| u == index))?;
        Some((row, col))
    }

    /// A press on a cell makes it current (Shift: extends the range),
    /// committing an open editor elsewhere first. The cells' mouse
    /// handlers are one listener each on the table body: rows built while
    /// scrolling then add none.
    pub(super) fn cell_mousedown(&self, ev: &web_sys::MouseEvent) {
        let Some((row, col)) = self.cell_at(ev) else {
            return;
        };
        let is_current = self.cursor.get_untracked() == (row, col);
        if self.editing.get_untracked().is_some() && !is_current && !self.commit_edit() {
            return;
        }
        self.move_to(row as isize, col as isize, ev.shift_key());
        self.focus();
    }

    /// Dragging with the button held extends the range.
    pub(super) fn cell_mouseover(&self, ev: &web_sys::MouseEvent) {
        if ev.buttons() != 1 || self.editing.get_untracked().is_some() {
            return;
        }
        if let Some((row, col)) = self.cell_at(ev) {
            if self.cursor.get_untracked() != (row, col) {
                self.move_to(row as isize, col as isize, true);
            }
        }
    }

    pub(super) fn cell_dblclick(&self, ev: &web_sys::MouseEvent) {
        if self.cell_at(ev).is_some() {
            self.begin_edit(None);
        }
    }

    fn toggle(&self, index: usize, expand: Option<bool>) {
        self.collapsed.update(|c| {
            let collapse = match expand {
                Some(expand) => !expand,
                None => !c.contains(&index),
            };
            if collapse {
                c.insert(index);
            } else {
                c.remove(&index);
            }
        });
    }

    /// Shows a unit (clearing search, outline and collapse that hide it)
    /// and makes it the current row.
    pub(super) fn reveal(&self, index: usize) {
        if !self.rows.with_untracked(|r| r.contains(&index)) {
            self.query.set(String::new());
            self.max_level.set(None);
            let ancestors = self.session.read(|m| {
                let mut out = Vec::new();
                let mut at = m.plan().units.get(index).and_then(|u| u.parent);
                while let Some(p) = at {
                    out.push(p);
                    at = m.plan().units.get(p).and_then(|u| u.parent);
                }
                out
            });
            self.collapsed.update(|c| {
                for a in ancestors.unwrap_or_default() {
                    c.remove(&a);
                }
            });
        }
        if let Some(row) = self
            .rows
            .with_untracked(|r| r.iter().position(|&i| i == index))
        {
            let col = self.cursor.get_untracked().1;
            self.move_to(row as isize, col as isize, false);
            self.focus();
        }
    }

    fn on_keydown(&self, ev: &web_sys::KeyboardEvent) {
        // The schedule is read-only: arrows scroll it as a page would.
        if self.editing.get_untracked().is_some() || self.schedule_view.get_untracked() {
            return;
        }
        let ctrl = ev.ctrl_key() || ev.meta_key();
        let shift = ev.shift_key();
        let key = ev.key();
        let (row, col) = self.cursor.get_untracked();
        let last_row = self.rows.with_untracked(Vec::len) as isize - 1;
        let last_col = self.columns.with_untracked(Vec::len) as isize - 1;
        let leaving = self.leaving.get_value();
        self.leaving.set_value(false);
        // Tab moves right as in a spreadsheet, but from the last cell (or
        // Shift+Tab from the first, or after Esc) it leaves the grid: the
        // browser moves the focus on.
        let at_first = row == 0 && col == 0;
        let at_last = row as isize >= last_row && col as isize >= last_col;
        if key == "Tab" && (leaving || (shift && at_first) || (!shift && at_last)) {
            return;
        }
        match key.as_str() {
            "ArrowUp" => self.move_by(-1, 0, shift),
            "ArrowDown" => self.move_by(1, 0, shift),
            "ArrowLeft" if ev.alt_key() => self.toggle_current(Some(false)),
            "ArrowRight" if ev.alt_key() => self.toggle_current(Some(true)),
            "ArrowLeft" => self.move_by(0, -1, shift),
            "ArrowRight" => self.move_by(0, 1, shift),
            "Home" if ctrl => self.move_to(0, 0, shift),
            "End" if ctrl => self.move_to(last_row, last_col, shift),
            "Home" => self.move_to(row as isize, 0, shift),
            "End" => self.move_to(row as isize, last_col, shift),
            "PageUp" => self.move_by(-self.page_rows(), 0, shift),
            "PageDown" => self.move_by(self.page_rows(), 0, shift),
            "Tab" => {
                let next = col as isize + if shift { -1 } else { 1 };
                if next < 0 {
                    self.move_to(row as isize - 1, last_col, false);
                } else if next > last_col {
                    self.move_to(row as isize + 1, 0, false);
                } else {
                    self.move_to(row as isize, next, false);
                }
            }
            "Enter" | "F2" => self.begin_edit(None),
            "Delete" | "Backspace" => self.clear_range(),
            "Escape" => {
                self.anchor.set(None);
                self.cell_error.set(None);
                self.explaining.set(None);
                self.leaving.set_value(true);
            }
            "?" => self.explain_current(),
            _ if !ctrl && !ev.alt_key() && key.chars().count() == 1 => self.begin_edit(Some(key)),
            _ => return,
        }
        ev.prevent_default();
    }

    /// Opens "why this number" on the current row.
    fn explain_current(&self) {
        if let Some(index) = self.unit_at(self.cursor.get_untracked().0) {
            self.explaining.set(Some(index));
        }
    }

    fn toggle_current(&self, expand: Option<bool>) {
        if let Some(index) = self.unit_at(self.cursor.get_untracked().0) {
            self.toggle(index, expand);
        }
    }
}

/// Runs `f` in a task after the next paint (a timeout from the next
/// animation frame's callback, which runs just before that paint).
fn after_paint(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        gloo::timers::callback::Timeout::new(0, f).forget();
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
}

#[component]
pub fn Grid(session: Session, id_prefix: String) -> impl IntoView {
    let state = GridState::new(session, id_prefix);
    Effect::new(move |_| state.refresh_cells());
    // The rows beyond the viewport once the grid has been painted.
    after_paint(move || {
        state.overscan.try_set(OVERSCAN);
    });
    let model = session.model;
    let locale = session.locale;
    let t = move || texts(locale.get());

    let window = move || state.window();
    // A resized column's width, set through the CSSOM (`style:`), never a
    // `style` attribute: a portal's CSP without 'unsafe-inline' refuses those.
    let width = move |column: Column| {
        state
            .widths
            .with(|w| w.get(&column).map(|px| format!("{px}px")))
    };
    // Autosave keeps where the planner was (unit indices: rows move when
    // the outline changes).
    Effect::new(move |_| {
        let (row, column) = state.cursor.get();
        let anchor = state.anchor.get();
        let scroll_top = state.scroll_top.get();
        let unit = state.unit_at(row).unwrap_or(0);
        session.view_moved(super::store::ViewState {
            unit,
            column,
            anchor: anchor.and_then(|(r, c)| state.unit_at(r).map(|u| (u, c))),
            scroll_top,
        });
    });
    // The restored scroll, once the scroller exists.
    Effect::new(move |_| {
        if let Some(el) = state.scroller.get() {
            let top = state.scroll_top.get_untracked();
            if top > 0.0 {
                el.set_scroll_top(top as i32);
            }
        }
    });
    let on_scroll = move |ev: leptos::ev::Event| {
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        {
            state.scroll_top.set(f64::from(el.scroll_top()));
            state
                .viewport
                .set(f64::from(el.client_height()).max(ROW_HEIGHT));
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| state.on_keydown(&ev);
    let on_copy = move |ev: leptos::ev::ClipboardEvent| {
        if state.editing.get_untracked().is_some() {
            return;
        }
        if let Some(data) = ev.clipboard_data() {
            let _ = data.set_data("text/plain", &state.copy_range());
            ev.prevent_default();
        }
    };
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        if state.editing.get_untracked().is_some() {
            return;
        }
        // Cells pasted into the grid go into cells, not a new plan.
        ev.stop_propagation();
        ev.prevent_default();
        let text = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
            .unwrap_or_default();
        state.paste(&text);
    };
    let active = move || {
        let (row, col) = state.cursor.get();
        let index = state.rows.with(|r| r.get(row).copied())?;
        let column = state.columns.with(|c| c.get(col).copied())?;
        Some(state.cell_id(index, column))
    };
    // The tree's shape is the grid's for its life (a new plan gets a new
    // grid): read once, not on every edit (depth reads every unit: 6.7 ms
    // an edit at 1,000,401 units).
    let total_rows = model.with_untracked(|m| m.plan().units.len() + 1);
    let depth = model.with_untracked(|m| m.plan().depth());
    let search_id = format!("{}-search", state.id_prefix.get_value());

    let st = move || crate::core::i18n::schedule::texts(locale.get());
    view! {
        <div class="qp-tabs" role="tablist">
            <button
                type="button"
                role="tab"
                aria-selected=move || {
                    (!state.schedule_view.get() && !state.progress_view.get()).to_string()
                }
                on:click=move |_| {
                    state.schedule_view.set(false);
                    state.progress_view.set(false);
                }
            >
                {move || st().tab_table}
            </button>
            <button
                type="button"
                role="tab"
                aria-selected=move || state.schedule_view.get().to_string()
                on:click=move |_| {
                    state.editing.set(None);
                    state.progress_view.set(false);
                    state.schedule_view.set(true)
                }
            >
                {move || st().tab_schedule}
            </button>
            <button
                type="button"
                role="tab"
                aria-selected=move || state.progress_view.get().to_string()
                on:click=move |_| {
                    state.schedule_view.set(false);
                    state.progress_view.set(true)
                }
            >
                {move || crate::core::i18n::progress::texts(locale.get()).tab}
            </button>
            {move || {
                state
                    .schedule_view
                    .get()
                    .then(|| view! { <super::schedule::CsvButton session=session /> })
            }}
        </div>
        {move || {
            state
                .progress_view
                .get()
                .then(|| view! { <super::progress::ProgressPanel state=state /> })
        }}
        <div class="qp-grid-tools">
            <div class="qp-field">
                <label for=search_id.clone()>{move || t().search_label}</label>
                <input
                    id=search_id
                    type="search"
                    prop:value=move || state.query.get()
                    on:input=move |ev| {
                        state.query.set(event_target_value(&ev));
                        state.cursor.set((0, state.cursor.get_untracked().1));
                        state.anchor.set(None);
                    }
                />
                <span class="qp-search-status" role="status">
                    {move || {
                        let query = state.query.get();
                        (!query.trim().is_empty() && state.rows.with(Vec::is_empty))
                            .then(|| i18n::no_match(query.trim(), locale.get()))
                    }}
                </span>
            </div>
            <button type="button" on:click=move |_| state.explain_current()>
                {move || i18n::explain_action(locale.get())}
            </button>
            <div class="qp-outline" role="group" aria-label=move || t().outline_label>
                <span aria-hidden="true">{move || t().outline_label}</span>
                {(1..=depth)
                        .map(|level| {
                            view! {
                                <button
                                    type="button"
                                    aria-pressed=move || {
                                        (state.max_level.get() == Some(level as u8 - 1)).to_string()
                                    }
                                    aria-label=move || format!("{} {level}", t().show_to_level)
                                    on:click=move |_| {
                                        state.collapsed.set(HashSet::new());
                                        state.max_level.set(Some(level as u8 - 1));
                                    }
                                >
                                    {level}
                                </button>
                            }
                        })
                        .collect_view()}
                <button
                    type="button"
                    aria-pressed=move || state.max_level.get().is_none().to_string()
                    on:click=move |_| {
                        state.collapsed.set(HashSet::new());
                        state.max_level.set(None);
                    }
                >
                    {move || t().show_all}
                </button>
            </div>
            <details class="qp-columns">
                <summary>{move || t().columns_label}</summary>
                {Column::ALL
                    .into_iter()
                    .filter(|c| c.optional())
                    .map(|column| {
                        view! {
                            <label class="qp-check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || !state.hidden.with(|h| h.contains(&column))
                                    on:change=move |_| {
                                        state
                                            .hidden
                                            .update(|h| {
                                                if !h.remove(&column) {
                                                    h.insert(column);
                                                }
                                            });
                                        state.cursor.set((state.cursor.get_untracked().0, 1));
                                    }
                                />
                                {move || column.header(locale.get())}
                            </label>
                        }
                    })
                    .collect_view()}
            </details>
        </div>
        {move || {
            state
                .cell_error
                .get()
                .map(|e| view! { <p class="qp-cell-error" role="alert">{e}</p> })
        }}
        <div
            class="qp-grid-scroll"
            node_ref=state.scroller
            tabindex="0"
            role="treegrid"
            aria-label=move || {
                if state.schedule_view.get() { st().schedule_label } else { t().table_label }
            }
            aria-rowcount=total_rows
            aria-colcount=move || state.columns.with(Vec::len)
            aria-multiselectable="true"
            aria-activedescendant=move || (!state.schedule_view.get()).then(active).flatten()
            on:scroll=on_scroll
            on:keydown=on_keydown
            on:copy=on_copy
            on:paste=on_paste
        >
            {move || {
                if state.schedule_view.get() {
                    return view! { <super::schedule::ScheduleTable state=state /> }.into_any();
                }
                let pool = RowPool::new(state);
                view! {
            <table class="qp-grid" role="presentation">
                <thead role="rowgroup">
                    <tr role="row" aria-rowindex="1">
                        <For each=move || state.columns.get() key=|c| *c let:column>
                            <th
                                role="columnheader"
                                class=column_class(column)
                                style:width=move || width(column)
                                style:min-width=move || width(column)
                                style:max-width=move || width(column)
                                title=move || {
                                    (column == Column::Difference).then(|| t().difference_hint)
                                }
                            >
                                {move || column.header(locale.get())}
                                <ColumnResizer state=state column=column />
                            </th>
                        </For>
                    </tr>
                </thead>
                <tbody
                    role="rowgroup"
                    on:mousedown=move |ev| state.cell_mousedown(&ev)
                    on:mouseover=move |ev| state.cell_mouseover(&ev)
                    on:dblclick=move |ev| state.cell_dblclick(&ev)
                >
                    <tr class="qp-spacer" aria-hidden="true" style:height=move || {
                        format!("{}px", window().0 as f64 * ROW_HEIGHT)
                    }></tr>
                    <For
                        each=move || 0..pool.size.get()
                        key=|slot| *slot
                        children=move |slot| view! { <Row state=state pool=pool place=slot /> }
                    />
                    <tr class="qp-spacer" aria-hidden="true" node_ref=pool.bottom style:height=move || {
                        let (_, last, total) = window();
                        format!("{}px", (total - last) as f64 * ROW_HEIGHT)
                    }></tr>
                </tbody>
            </table>
                }
                .into_any()
            }}
        </div>
        <ExplainPanel state=state />
        <WarningList state=state />
    }
}

fn columns_with_positions(state: GridState) -> Vec<(usize, Column)> {
    state.columns.get().into_iter().enumerate().collect()
}

fn column_class(column: Column) -> String {
    let kind = match column {
        Column::Code => "qp-col-code",
        Column::Name => "qp-col-name",
        Column::Official => "qp-num qp-official",
        Column::Difference => "qp-num qp-difference",
        Column::Target => "qp-num qp-target",
        _ => "qp-num",
    };
    kind.to_string()
}

/// Where the selection is on one row: rows and cells read this memo
/// rather than the cursor, so a move of the cursor wakes the rows it left
/// and entered, not every cell in the DOM.
#[derive(Clone, Copy, Default, PartialEq)]
pub(super) struct RowSelection {
    /// The current cell's column, when it is on this row.
    current: Option<usize>,
    /// The selected range's columns (first, last), when it covers this row.
    range: Option<(usize, usize)>,
    /// The current cell's editor is open (on this row).
    editing: bool,
}

impl RowSelection {
    fn in_range(&self, col: usize) -> bool {
        self.range.is_some_and(|(c0, c1)| (c0..=c1).contains(&col))
    }
}

/// The selection as the row at `pos` sees it (none for an empty row).
pub(super) fn row_selection(
    state: GridState,
    pos: impl Fn() -> Option<usize> + Send + Sync + 'static,
) -> Memo<RowSelection> {
    Memo::new(move |_| {
        let Some(pos) = pos() else {
            return RowSelection::default();
        };
        let cursor = state.cursor.get();
        let ((r0, c0), (r1, c1)) = state.range();
        let current = (cursor.0 == pos).then_some(cursor.1);
        RowSelection {
            current,
            range: (r0..=r1).contains(&pos).then_some((c0, c1)),
            editing: current.is_some() && state.editing.with(Option::is_some),
        }
    })
}

/// The rows of one table body, recycled while scrolling: row `slot` shows
/// the position in the window equal to `slot` modulo the pool size, so a
/// scroll step of k rows gives new units to the k rows that left and
/// moves them to the other end, instead of building k rows and dropping
/// k (the keyed list by position spent most of a scroll step building
/// cells: ~6 attributes and ~6 effects each).
#[derive(Clone, Copy)]
pub(super) struct RowPool {
    state: GridState,
    /// The number of rows (the window's size, capped by the rows shown).
    pub(super) size: Memo<usize>,
    rows: StoredValue<PoolRows, LocalStorage>,
    /// The spacer after the rows: rows move before it.
    pub(super) bottom: NodeRef<html::Tr>,
}

#[derive(Default)]
struct PoolRows {
    /// Each row's unit, set by the pool only when it changes: a scroll
    /// step wakes the bindings of the rows that get a new unit, no others
    /// (a memo per row of the window would mark every binding of every
    /// row to be checked).
    units: std::collections::HashMap<usize, RwSignal<Option<RowUnit>>>,
    elements: std::collections::HashMap<usize, web_sys::Element>,
    /// The rows' DOM order after the last arrangement: a rotation of the
    /// slots, (the slot first, pool size); None when to be rebuilt.
    arranged: Option<(usize, usize)>,
}

impl RowPool {
    pub(super) fn new(state: GridState) -> RowPool {
        let pool = RowPool {
            state,
            size: Memo::new(move |_| state.pool_size()),
            rows: StoredValue::new_local(PoolRows::default()),
            bottom: NodeRef::new(),
        };
        Effect::new(move |_| {
            let span = state.span.get();
            state.rows.track();
            pool.bottom.track();
            let units: Vec<(usize, RwSignal<Option<RowUnit>>)> = pool
                .rows
                .try_with_value(|r| r.units.iter().map(|(s, u)| (*s, *u)).collect())
                .unwrap_or_default();
            for (slot, unit) in units {
                let new = state.slot_unit(slot, span);
                if unit.try_get_untracked() != Some(new) {
                    unit.try_set(new);
                }
            }
            pool.arrange(span.0, span.3);
        });
        pool
    }

    /// Row `slot`'s unit (set by the pool as the window moves) and
    /// whether it has one.
    pub(super) fn row(&self, slot: usize) -> (RwSignal<Option<RowUnit>>, Memo<bool>) {
        let state = self.state;
        let unit = RwSignal::new(state.slot_unit(slot, state.span.get_untracked()));
        self.rows.try_update_value(|r| r.units.insert(slot, unit));
        let pool = *self;
        on_cleanup(move || {
            pool.rows.try_update_value(|r| r.units.remove(&slot));
        });
        (unit, Memo::new(move |_| unit.with(Option::is_some)))
    }

    /// The node ref of row `slot`'s element: it joins the order once in
    /// the document and leaves it when dropped.
    pub(super) fn row_ref(&self, slot: usize) -> NodeRef<html::Tr> {
        let pool = *self;
        let row_ref = NodeRef::<html::Tr>::new();
        row_ref.on_load(move |el| pool.register(slot, el.into()));
        on_cleanup(move || pool.unregister(slot));
        row_ref
    }

    /// A row's classes: its level, parent or not, current or not.
    pub(super) fn row_class(
        &self,
        unit: RwSignal<Option<RowUnit>>,
        selection: Option<Memo<RowSelection>>,
    ) -> String {
        unit.with(|u| match u {
            Some(u) => {
                let mut class = format!("qp-row qp-level-{}", u.level);
                if u.is_parent {
                    class.push_str(" qp-parent");
                }
                if selection.is_some_and(|s| s.with(|s| s.current.is_some())) {
                    class.push_str(" qp-current-row");
                }
                class
            }
            None => "qp-row".to_string(),
        })
    }

    /// Row `slot`'s element, once in the document: it joins the order.
    fn register(&self, slot: usize, el: web_sys::Element) {
        let (first, _, _, n) = self.state.span.get_untracked();
        let complete = self.rows.try_update_value(|r| {
            r.elements.insert(slot, el);
            r.arranged = None;
            (0..n).all(|s| r.elements.contains_key(&s))
        });
        // Arranged once every row is in, not once per row: a new pool of n
        // rows moved all of them as each came in (n² moves, most of the
        // first build's time in the DOM). Until then they stand in slot
        // order, which is position order from the top.
        if complete == Some(true) {
            self.arrange(first, n);
        }
    }

    fn unregister(&self, slot: usize) {
        self.rows.try_update_value(|r| {
            r.elements.remove(&slot);
            r.arranged = None;
        });
    }

    /// Puts the rows in the DOM in the order of their positions: the
    /// rotation of the slots starting at `first % n`. A scroll step moves
    /// the fewer of the two runs of the rotation; anything else (rows
    /// added or removed) re-inserts them all.
    fn arrange(&self, first: usize, n: usize) {
        let Some(bottom) = self.bottom.get_untracked() else {
            return;
        };
        let Some(parent) = bottom.parent_node() else {
            return;
        };
        let start = if n == 0 { 0 } else { first % n };
        self.rows.try_update_value(|r| {
            let el = |slot: usize| r.elements.get(&slot);
            let complete = (0..n).all(|s| r.elements.contains_key(&s));
            match r.arranged {
                Some((old, size)) if size == n && complete => {
                    if old == start {
                        return;
                    }
                    let k = (start + n - old) % n;
                    if k <= n - k {
                        for j in 0..k {
                            if let Some(e) = el((old + j) % n) {
                                let _ = parent.insert_before(e, Some(&bottom));
                            }
                        }
                    } else if let Some(head) = el(old) {
                        for j in k..n {
                            if let Some(e) = el((old + j) % n) {
                                let _ = parent.insert_before(e, Some(head));
                            }
                        }
                    }
                }
                _ => {
                    for j in 0..n {
                        if let Some(e) = el((start + j) % n) {
                            let _ = parent.insert_before(e, Some(&bottom));
                        }
                    }
                }
            }
            r.arranged = complete.then_some((start, n));
        });
    }
}

/// One pooled row: its unit a memo of the window, its strings that do not
/// depend on the unit (roles, column classes, aria-colindex) set once.
#[component]
fn Row(state: GridState, pool: RowPool, place: usize) -> impl IntoView {
    let slot = place;
    let (unit, filled) = pool.row(slot);
    let selection = row_selection(state, move || unit.with(|u| u.map(|u| u.pos)));
    let cells: Signal<Option<RowUnit>> = unit.into();
    view! {
        <tr
            node_ref=pool.row_ref(slot)
            role=move || filled.get().then_some("row")
            hidden=move || !filled.get()
            class=move || pool.row_class(unit, Some(selection))
            aria-rowindex=move || unit.with(|u| u.map(|u| u.index + 2))
            aria-selected=move || {
                filled.get().then(|| selection.with(|s| s.range.is_some()).to_string())
            }
            aria-expanded=move || {
                unit.with(|u| {
                    u.filter(|u| u.is_parent)
                        .map(|u| (!state.collapsed.with(|c| c.contains(&u.index))).to_string())
                })
            }
        >
            <For
                each=move || if filled.get() { columns_with_positions(state) } else { Vec::new() }
                key=|c| *c
                children=move |(col, column)| {
                    view! {
                        <GridCell
                            state=state
                            selection=selection
                            col=col
                            unit=cells
                            column=column
                        />
                    }
                }
            />
        </tr>
    }
    // tachys has no `aria_level` builder.
    .attr("aria-level", move || {
        unit.with(|u| u.map(|u| (u32::from(u.level) + 1).to_string()))
    })
}

/// Everything a cell shows that comes from the model, in one signal set
/// by `GridState::refresh_cells`: the cell's bindings read it, so the
/// model has one subscriber for all the cells instead of one per cell or
/// binding (each notified on every edit and removed one by one when its
/// row scrolls away), and a cell whose content did not change is not
/// touched.
#[derive(Clone, Default, PartialEq)]
struct CellContent {
    text: String,
    /// The cell's classes beyond its column's: changed since the file was
    /// opened, overridden, locked, moved by locks, flagged.
    marks: String,
    readonly: bool,
    /// The parent's effective percentage (Percent column of a parent).
    title: Option<String>,
    /// The unit's findings (Name column).
    warning: Option<String>,
    /// How much locks moved the target (Target column).
    moved: Option<String>,
}

fn cell_content(
    state: GridState,
    m: &PlannerModel,
    index: usize,
    column: Column,
    is_parent: bool,
    l: Locale,
) -> CellContent {
    let unit = m.plan().units.get(index);
    let changed = state.baseline.with_value(|b| b.changed(m, column, index));
    let overridden =
        column == Column::Percent && unit.is_some_and(|u| u.percent_override.is_some());
    let locked = column == Column::Target && unit.is_some_and(|u| u.locked_target.is_some());
    let moved = (column == Column::Target)
        .then(|| {
            m.moved_by_locks(index)
                .map(|d| i18n::moved_by_locks_hint(d, l))
        })
        .flatten();
    // A schedule cell that is off: short, or finishing after the end.
    let s = m.schedule();
    let flagged = match column {
        Column::Shortfall => s
            .shortfall
            .get(index)
            .copied()
            .flatten()
            .is_some_and(|v| v > 0),
        Column::Finish | Column::DaysNeeded => {
            let needed = s.days_needed.get(index).copied().flatten();
            let days = s.days.as_ref().map(|d| d.counted);
            matches!((needed, days), (Some(n), Some(d)) if n > d)
        }
        _ => false,
    };
    let mut marks = String::new();
    for (on, class) in [
        (changed, " qp-changed"),
        (overridden, " qp-overridden"),
        (locked, " qp-locked"),
        (moved.is_some(), " qp-moved"),
        (flagged, " qp-flagged"),
    ] {
        if on {
            marks.push_str(class);
        }
    }
    let warning = (column == Column::Name)
        .then(|| {
            let messages: Vec<String> = m.unit_warnings(index).map(|w| w.message(l)).collect();
            (!messages.is_empty()).then(|| messages.join("\n"))
        })
        .flatten();
    // A parent's effective percentage, also when its column is hidden.
    let title = (column == Column::Percent && is_parent).then(|| {
        let ratio = Column::Effective.display(m, index, l);
        format!("{} {ratio}", texts(l).effective_label)
    });
    CellContent {
        text: column.display(m, index, l),
        marks,
        readonly: !(state.session.writable() && column.editable(m, index)),
        title,
        warning,
        moved,
    }
}

#[component]
pub(super) fn GridCell(
    state: GridState,
    selection: Memo<RowSelection>,
    col: usize,
    unit: Signal<Option<RowUnit>>,
    column: Column,
) -> impl IntoView {
    let model = state.session.model;
    let locale = state.session.locale;
    let t = move || texts(locale.get());
    let content = state.watch_cell(unit, column);
    let kind = column_class(column);
    let class = move || {
        let (current, in_range) = selection.with(|s| (s.current == Some(col), s.in_range(col)));
        let mut class = kind.clone();
        if current {
            class.push_str(" qp-current");
        }
        if in_range {
            class.push_str(" qp-in-range");
        }
        content.with(|c| class.push_str(&c.marks));
        class
    };
    let role = if column == Column::Name {
        "rowheader"
    } else {
        "gridcell"
    };
    // Through the CSSOM (`style:`), never a `style` attribute: a portal's
    // CSP without 'unsafe-inline' refuses those.
    let indent = move || {
        (column == Column::Name)
            .then(|| unit.with(|u| u.map(|u| format!("{}em", 0.25 + 1.25 * f64::from(u.level)))))
            .flatten()
    };
    let unit_name = move |index: usize| {
        model.with_untracked(|m| {
            m.plan()
                .units
                .get(index)
                .map(|u| reveal_controls(&u.name).into_owned())
                .unwrap_or_default()
        })
    };
    // Only a parent's name cell has a toggle, only name cells carry the
    // findings and only target cells the locks' mark: other cells build
    // none of them.
    let parent = (column == Column::Name)
        .then(|| Memo::new(move |_| unit.with(|u| u.filter(|u| u.is_parent).map(|u| u.index))));
    let toggle = parent.map(|parent| {
        move || {
            parent.get().map(|index| {
                view! {
                    <button
                        type="button"
                        class="qp-toggle"
                        tabindex="-1"
                        aria-label=move || {
                            let verb = if state.collapsed.with(|c| c.contains(&index)) {
                                t().expand
                            } else {
                                t().collapse
                            };
                            // Read through the content so a renamed unit's label follows.
                            content.track();
                            format!("{verb} {}", unit_name(index))
                        }
                        on:mousedown=move |ev| ev.stop_propagation()
                        on:click=move |_| state.toggle(index, None)
                    >
                        {move || {
                            if state.collapsed.with(|c| c.contains(&index)) { "▸" } else { "▾" }
                        }}
                    </button>
                }
            })
        }
    });
    // A mark next to the value (⚠ findings, ⇅ moved by locks), with its
    // text as the tooltip and the accessible name.
    let mark = move |class: &'static str,
                     glyph: &'static str,
                     text: fn(&CellContent) -> &Option<String>| {
        move || {
            content.with(|c| text(c).clone()).map(|text| {
                view! { <span class=class title=text.clone() aria-label=text role="img">{glyph}</span> }
            })
        }
    };
    let warning = (column == Column::Name).then(|| mark("qp-warning-mark", "⚠", |c| &c.warning));
    let moved = (column == Column::Target).then(|| mark("qp-moved-mark", "⇅", |c| &c.moved));
    let editing_here = move || selection.with(|s| s.editing && s.current == Some(col));
    // Only a percentage cell has a title (a parent's): other cells bind none.
    let has_title = column == Column::Percent;

    view! {
        <td
            id=move || unit.with(|u| u.map(|u| state.cell_id(u.index, column)))
            role=role
            class=class
            aria-colindex=col + 1
            aria-selected=move || selection.with(|s| s.in_range(col)).to_string()
            aria-readonly=move || content.with(|c| c.readonly).to_string()
            title=has_title.then_some(move || content.with(|c| c.title.clone()))
            style:padding-left=indent
        >
            {toggle}
            {warning}
            {moved}
            {move || {
                if editing_here() {
                    view! { <CellEditor state=state /> }.into_any()
                } else {
                    view! { <span class="qp-value">{move || content.with(|c| c.text.clone())}</span> }
                        .into_any()
                }
            }}
        </td>
    }
}

/// A header's right edge: drag it to resize the column (pointer capture
/// keeps the drag going outside the header).
#[component]
fn ColumnResizer(state: GridState, column: Column) -> impl IntoView {
    let drag = StoredValue::new(None::<(i32, f64)>);
    let locale = state.session.locale;
    let on_down = move |ev: leptos::ev::PointerEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        let Some(handle) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let width = handle
            .parent_element()
            .map(|th| th.get_bounding_client_rect().width())
            .unwrap_or(100.0);
        let _ = handle.set_pointer_capture(ev.pointer_id());
        drag.set_value(Some((ev.client_x(), width)));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let Some((x0, w0)) = drag.get_value() {
            let width = (w0 + f64::from(ev.client_x() - x0)).clamp(40.0, 800.0);
            state.widths.update(|w| {
                w.insert(column, width.round());
            });
        }
    };
    let on_up = move |_: leptos::ev::PointerEvent| drag.set_value(None);
    view! {
        <span
            class="qp-resize"
            role="separator"
            aria-orientation="vertical"
            aria-label=move || format!("{} {}", texts(locale.get()).resize_column, column.header(locale.get()))
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_up
            on:mousedown=move |ev| ev.stop_propagation()
        ></span>
    }
}

/// The in-place editor: Enter commits and moves down, Tab right, Esc cancels.
#[component]
fn CellEditor(state: GridState) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    let locale = state.session.locale;
    // Focus once the input is in the document.
    input.on_load(move |el| {
        let _ = el.focus();
        let len = el.value().len() as u32;
        let _ = el.set_selection_range(len, len);
    });
    // A daily figure typed on a parent: for its groups (Enter) or for this
    // unit only (Alt+Enter), offered as a choice under the editor.
    let on_parent_daily = move || {
        let (row, col) = state.cursor.get_untracked();
        match (state.unit_at(row), state.column_at(col)) {
            (Some(i), Some(Column::Daily)) => state
                .session
                .read(|m| !m.plan().is_leaf(i))
                .unwrap_or(false),
            _ => false,
        }
    };
    let commit_as = move |scope: DailyScope| {
        if state.commit_edit_as(scope) {
            state.move_by(1, 0, false);
            state.focus();
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        ev.stop_propagation();
        match ev.key().as_str() {
            "Enter" if ev.alt_key() && on_parent_daily() => {
                ev.prevent_default();
                commit_as(DailyScope::ThisUnit);
            }
            "Enter" => {
                ev.prevent_default();
                if state.commit_edit() {
                    state.move_by(if ev.shift_key() { -1 } else { 1 }, 0, false);
                    state.focus();
                }
            }
            "Tab" => {
                ev.prevent_default();
                if state.commit_edit() {
                    state.move_by(0, if ev.shift_key() { -1 } else { 1 }, false);
                    state.focus();
                }
            }
            "Escape" => {
                ev.prevent_default();
                state.cancel_edit();
            }
            _ => {}
        }
    };
    view! {
        <input
            class="qp-editor"
            node_ref=input
            aria-label=move || texts(locale.get()).edit_cell
            aria-invalid=move || state.cell_error.get().is_some().to_string()
            prop:value=move || state.editing.get().unwrap_or_default()
            on:input=move |ev| state.editing.set(Some(event_target_value(&ev)))
            on:keydown=on_keydown
            on:mousedown=move |ev| ev.stop_propagation()
            on:copy=move |ev| ev.stop_propagation()
            on:paste=move |ev| ev.stop_propagation()
        />
        {on_parent_daily()
            .then(|| {
                let st = move || crate::core::i18n::schedule::texts(locale.get());
                view! {
                    <span class="qp-scope" role="group">
                        <button
                            type="button"
                            on:mousedown=move |ev| {
                                ev.prevent_default();
                                ev.stop_propagation();
                            }
                            on:click=move |_| commit_as(DailyScope::Groups)
                        >
                            {move || st().for_groups}
                        </button>
                        <button
                            type="button"
                            on:mousedown=move |ev| {
                                ev.prevent_default();
                                ev.stop_propagation();
                            }
                            on:click=move |_| commit_as(DailyScope::ThisUnit)
                        >
                            {move || st().this_unit_only}
                        </button>
                    </span>
                }
            })}
    }
}

/// A typed value as its edit; "this unit only" keeps a daily figure on
/// the parent it was typed on.
fn parse_scoped(
    m: &PlannerModel,
    column: Column,
    index: usize,
    text: &str,
    scope: DailyScope,
) -> Result<Edit, crate::core::error::PlanError> {
    if column == Column::Daily && scope == DailyScope::ThisUnit {
        return Ok(Edit::Daily(index, parse_optional_count(text)?));
    }
    column.parse_edit(m, index, text)
}

/// The figures and names a grid opened with, to mark the cells changed
/// since: only the columns that are marked, and the names as one text, so
/// that a million-unit grid copies a few flat arrays instead of the whole
/// allocation and a `String` per unit (~100 MB and a long task before).
pub(super) struct Baseline {
    base: Vec<u64>,
    excluded: Vec<u64>,
    eligible: Vec<u64>,
    percent: Vec<Percent>,
    target: Vec<u64>,
    /// Every unit's name, one after another; unit i's is
    /// `names[name_ends[i - 1]..name_ends[i]]` (from 0 for the first).
    names: String,
    name_ends: Vec<usize>,
}

impl Baseline {
    fn of(m: &PlannerModel) -> Baseline {
        let mut baseline = Baseline::figures(m);
        baseline.add_names(m, usize::MAX);
        baseline
    }

    /// The figures only: the names follow by `add_names`, so that a
    /// million units' baseline is taken over several tasks (a pass over the
    /// unit structs for the names is the long part).
    pub(super) fn figures(m: &PlannerModel) -> Baseline {
        let a = m.allocation();
        Baseline {
            base: a.base.clone(),
            excluded: a.excluded.clone(),
            eligible: a.eligible.clone(),
            percent: a.percent.clone(),
            target: a.target.clone(),
            names: String::new(),
            name_ends: Vec::new(),
        }
    }

    /// Adds up to `units` more units' names; true once every unit's is in.
    pub(super) fn add_names(&mut self, m: &PlannerModel, units: usize) -> bool {
        let all = &m.plan().units;
        let from = self.name_ends.len();
        let to = from.saturating_add(units).min(all.len());
        let next = all.get(from..to).unwrap_or_default();
        if from == 0 {
            self.name_ends.reserve_exact(all.len());
        }
        // Room for these names (not for all: that is a pass over every unit).
        self.names.reserve(next.iter().map(|u| u.name.len()).sum());
        for unit in next {
            self.names.push_str(&unit.name);
            self.name_ends.push(self.names.len());
        }
        let complete = to == all.len();
        if complete {
            self.names.shrink_to_fit();
        }
        complete
    }

    fn name(&self, index: usize) -> Option<&str> {
        let end = *self.name_ends.get(index)?;
        let start = match index {
            0 => 0,
            _ => *self.name_ends.get(index - 1)?,
        };
        self.names.get(start..end)
    }

    /// Whether a cell's value differs from the one the grid opened with.
    fn changed(&self, m: &PlannerModel, column: Column, index: usize) -> bool {
        let now = m.allocation();
        match column {
            Column::Name => m.plan().units.get(index).map(|u| u.name.as_str()) != self.name(index),
            Column::Base => now.base.get(index) != self.base.get(index),
            Column::Excluded | Column::Exclusion(_) => {
                now.excluded.get(index) != self.excluded.get(index)
            }
            Column::Eligible => now.eligible.get(index) != self.eligible.get(index),
            Column::Percent => now.percent.get(index) != self.percent.get(index),
            Column::Target => now.target.get(index) != self.target.get(index),
            _ => false,
        }
    }
}

/// Warnings of the plan, each a button that jumps to its unit.
#[component]
fn WarningList(state: GridState) -> impl IntoView {
    let model = state.session.model;
    let locale = state.session.locale;
    let t = move || texts(locale.get());
    let warnings = move || {
        let l = locale.get();
        model.with(|m| {
            m.warnings()
                .take(MAX_LISTED_WARNINGS)
                .map(|w| {
                    let index = w.unit.and_then(|id| m.plan().index_of(id));
                    let text = match index.and_then(|i| m.plan().units.get(i)) {
                        Some(unit) => {
                            format!("{}: {}", reveal_controls(&unit.name), w.message(l))
                        }
                        None => w.message(l),
                    };
                    (index, text)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <details class="qp-warnings" class:qp-hidden=move || warnings().is_empty()>
            <summary>
                {move || {
                    let count = model.with(|m| m.warnings().count());
                    format!("{} ({count})", t().warnings_label)
                }}
            </summary>
            <ul>
                {move || {
                    warnings()
                        .into_iter()
                        .map(|(index, text)| {
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="qp-link"
                                        on:click=move |_| {
                                            if let Some(i) = index {
                                                state.reveal(i);
                                            }
                                        }
                                    >
                                        {text}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </details>
    }
}

/// "Why this number": the current row's target explained step by step
/// (`core::explain`). Opened by "?" or the button; Esc or Close returns
/// to the grid.
#[component]
fn ExplainPanel(state: GridState) -> impl IntoView {
    let model = state.session.model;
    let locale = state.session.locale;
    let close_ref = NodeRef::<html::Button>::new();
    let content = move || {
        let index = state.explaining.get()?;
        let l = locale.get();
        model.with(|m| {
            let explanation = crate::core::explain::explain(m, index)?;
            let name = reveal_controls(&m.plan().units.get(index)?.name).into_owned();
            Some((
                i18n::explain_heading(&name, explanation.target, l),
                i18n::explanation_lines(&explanation, m.plan(), l),
            ))
        })
    };
    // Focus moves into the panel when it opens, so a screen reader reads it.
    Effect::new(move |_| {
        if state.explaining.get().is_some() {
            if let Some(button) = close_ref.get() {
                let _ = button.focus();
            }
        }
    });
    let close = move || {
        state.explaining.set(None);
        state.focus();
    };
    view! {
        <section
            class="qp-explain"
            class:qp-hidden=move || content().is_none()
            role="region"
            aria-label=move || content().map(|(heading, _)| heading)
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close();
                }
            }
        >
            {move || {
                content()
                    .map(|(heading, lines)| {
                        view! {
                            <h2>{heading}</h2>
                            <ol>{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ol>
                        }
                    })
            }}
            <button type="button" node_ref=close_ref on:click=move |_| close()>
                {move || i18n::close(locale.get())}
            </button>
        </section>
    }
}
