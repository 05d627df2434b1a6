// The grid's rows are a pool recycled while scrolling (a row that leaves
// the window shows the unit that enters it): after PageDown, Ctrl+End, the
// wheel and a collapse, each row must show its own unit (aria-rowindex,
// name, target, level, expanded or not) in order, and a click and typing
// on a recycled row must edit that row's unit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlanner, nationalCsv } from './harness.mjs';

const env = useBrowser();

/// The rows with role=row in the table body, each checked in the page
/// against plan(): its unit (aria-rowindex − 2), name, target (Vietnamese
/// grouping), level, aria-expanded, and the unit the next row must show.
const rowsInView = (page) => page.evaluate(() => {
  const units = window.quotaPlanner.plan().units;
  const grid = qpRoot().querySelector('[role=treegrid]');
  const headers = [...grid.querySelectorAll('[role=columnheader]')].map((h) => h.innerText.trim());
  const target = headers.indexOf('Chỉ tiêu');
  const isParent = (i) => units[i + 1]?.parentId === units[i].id;
  return [...grid.querySelectorAll('tbody [role=row]')].map((row) => {
    const index = Number(row.getAttribute('aria-rowindex')) - 2;
    const cells = row.querySelectorAll('[role=gridcell], [role=rowheader]');
    const expanded = row.getAttribute('aria-expanded');
    // A collapsed parent's next row is past its subtree.
    let next = index + 1;
    if (expanded === 'false') {
      while (next < units.length && units[next].level > units[index].level) next++;
    }
    return {
      index,
      next,
      name: row.querySelector('[role=rowheader] .qp-value').innerText === units[index].name,
      target: cells[target].innerText.replaceAll('.', '') === String(units[index].target),
      level: Number(row.getAttribute('aria-level')) === units[index].level + 1,
      expanded: isParent(index) ? expanded : expanded === null,
    };
  });
});

/// Every row shows its unit, in order; parents are expanded but those in
/// `collapsed` (unit indices).
function check(rows, label, collapsed = []) {
  assert.ok(rows.length > 10, `${label}: ${rows.length} rows`);
  for (const [k, row] of rows.entries()) {
    const { index, next, ...shown } = row;
    const expanded = typeof row.expanded === 'string' ? String(!collapsed.includes(index)) : true;
    assert.deepEqual(shown, { name: true, target: true, level: true, expanded }, `${label}: row ${k} (unit ${index})`);
    if (k + 1 < rows.length) assert.equal(rows[k + 1].index, next, `${label}: the row after unit ${index}`);
  }
}

const scrollTop = (page) => page.evaluate(() => qpRoot().querySelector('.qp-grid-scroll').scrollTop);
const painted = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('100,000 units: recycled rows show their own unit after PageDown, Ctrl+End, the wheel and a collapse; typing edits that unit', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const units = await page.evaluate(
    (text) => window.quotaPlanner.load(new TextEncoder().encode(text), 'quoc-gia.csv').then((r) => r.units),
    nationalCsv(),
  );
  assert.ok(units > 100000, `units ${units}`);
  const grid = page.getByRole('treegrid');
  await grid.focus();
  for (let i = 0; i < 60; i++) await page.keyboard.press('PageDown');
  await painted(page);
  check(await rowsInView(page), 'after PageDown');

  await page.keyboard.press('Control+End');
  await painted(page);
  let rows = await rowsInView(page);
  check(rows, 'after Ctrl+End');
  assert.equal(rows[rows.length - 1].index, units - 1, 'the last row is the last unit');
  // The pool's rows past the end are hidden and not rows.
  assert.equal(await page.evaluate(() => qpRoot().querySelectorAll('tbody tr[hidden][role]').length), 0);

  // Back near the top with the wheel: collapse a group whose row was recycled.
  await page.keyboard.press('Control+Home');
  const box = await grid.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 1000);
  await page.waitForFunction(() => qpRoot().querySelector('.qp-grid-scroll').scrollTop >= 9000);
  await painted(page);
  rows = await rowsInView(page);
  check(rows, 'after the wheel');
  const group = rows.find((r) => typeof r.expanded === 'string' && r.index > rows[0].index + 3);
  assert.ok(group, 'a group row in view');
  await page.locator(`tbody tr[aria-rowindex="${group.index + 2}"] .qp-toggle`).click();
  await painted(page);
  check(await rowsInView(page), 'after collapsing', [group.index]);
  const collapsedTop = await scrollTop(page);

  // Far down and back: the collapsed group's row was given to other units
  // (all expanded) and the group comes back collapsed.
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 4000);
  await page.waitForFunction(() => qpRoot().querySelector('.qp-grid-scroll').scrollTop > 100000);
  await painted(page);
  rows = await rowsInView(page);
  check(rows, 'far down', [group.index]);
  assert.ok(rows[0].index > group.index + 3000, `first row ${rows[0].index}`);
  // The wheel back up to where the group was collapsed (a wheel event's
  // scroll lands after it: wait for it before the next one).
  for (let i = 0; i < 40 && Math.abs((await scrollTop(page)) - collapsedTop) > 64; i++) {
    const before = await scrollTop(page);
    await page.mouse.wheel(0, Math.max(-4000, Math.min(4000, collapsedTop - before)));
    await page.waitForFunction((b) => qpRoot().querySelector('.qp-grid-scroll').scrollTop !== b, before);
  }
  assert.ok(Math.abs((await scrollTop(page)) - collapsedTop) <= 64, `back at ${await scrollTop(page)}, not ${collapsedTop}`);
  await painted(page);
  rows = await rowsInView(page);
  check(rows, 'back up', [group.index]);
  assert.ok(rows.some((r) => r.index === group.index), 'the collapsed group is in view again');

  // Far down again: click a recycled row's percentage and type into it.
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 4000);
  await page.waitForFunction(() => qpRoot().querySelector('.qp-grid-scroll').scrollTop > 60000);
  await painted(page);
  rows = await rowsInView(page);
  check(rows, 'before typing', [group.index]);
  const leaf = rows.slice(5).find((r, k, all) => r.expanded === true && all[k + 1]?.expanded === true);
  assert.ok(leaf, 'two officers in view');
  const percentColumn = await page.evaluate(() =>
    [...qpRoot().querySelectorAll('[role=columnheader]')].findIndex((h) => h.innerText.trim() === 'Tỷ lệ') + 1);
  await page.locator(`tbody tr[aria-rowindex="${leaf.index + 2}"] td[aria-colindex="${percentColumn}"]`).click();
  await page.keyboard.type('55');
  await page.keyboard.press('Enter');
  await page.keyboard.type('66');
  await page.keyboard.press('Enter');
  const plan = await page.evaluate(() => window.quotaPlanner.plan().units);
  assert.equal(plan[leaf.index].percentOverride, 55, plan[leaf.index].name);
  assert.equal(plan[leaf.index + 1].percentOverride, 66, plan[leaf.index + 1].name);
  assert.equal(plan[leaf.index - 1].percentOverride, null);
  assert.equal(plan[leaf.index + 2].percentOverride, null);
  assert.equal(plan.filter((u) => u.percentOverride !== null).length, 2);
  await painted(page);
  check(await rowsInView(page), 'after typing', [group.index]);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
