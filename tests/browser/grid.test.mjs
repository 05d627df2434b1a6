// Issue 5 in the browser, as a person works: keyboard and mouse, elements
// found by role and label.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlanner, cell, nationalCsv } from './harness.mjs';

const env = useBrowser();

const active = (page) => page.evaluate(() => {
  const grid = qpRoot().querySelector('[role=treegrid]');
  const id = grid.getAttribute('aria-activedescendant');
  const cell = qpRoot().getElementById(id);
  const row = cell.closest('[role=row]');
  const headers = [...grid.querySelectorAll('[role=columnheader]')].map((h) => h.innerText.trim());
  return { name: row.querySelector('[role=rowheader] .qp-value').innerText, column: headers[Number(cell.getAttribute('aria-colindex')) - 1], text: cell.innerText.trim() };
});

test('navigate and edit by keyboard; Esc cancels; bad input is refused at the cell; undo', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const grid = page.getByRole('treegrid', { name: 'Bảng chỉ tiêu' });
  await grid.focus();
  assert.deepEqual(await active(page), { name: 'Tỉnh Sóc Trăng', column: 'Đơn vị', text: '▾Tỉnh Sóc Trăng' });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal((await active(page)).column, 'Tỷ lệ');
  assert.equal((await active(page)).name, 'TT. Châu Thành');
  // Typing starts editing; Enter commits and moves down.
  await page.keyboard.type('80');
  await page.keyboard.press('Enter');
  assert.equal((await active(page)).name, 'Hồ Đắc Kiện');
  assert.equal(await (await cell(page, /TT\. Châu Thành/, 'Chỉ tiêu')).innerText(), '3.871');
  // The district's per-row target is its own; the children's difference shows.
  const plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.units[2].percentOverride, 80);
  // F2 edits the current value; Esc cancels.
  await page.keyboard.press('F2');
  await page.keyboard.type('5');
  await page.keyboard.press('Escape');
  assert.equal(await (await cell(page, /Hồ Đắc Kiện/, 'Tỷ lệ')).innerText(), '90%');
  // Invalid input is refused with a message, the old value kept.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('150');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').getByText(/Tỷ lệ phải từ 0% đến 100%/).waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await (await cell(page, /Hồ Đắc Kiện/, 'Tỷ lệ')).innerText(), '90%');
  // Typing a target locks it; Delete unlocks.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('8.000');
  await page.keyboard.press('Tab');
  let unit = (await page.evaluate(() => window.quotaPlanner.plan())).units[3];
  assert.deepEqual([unit.target, unit.targetLocked], [8000, true]);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Delete');
  unit = (await page.evaluate(() => window.quotaPlanner.plan())).units[3];
  assert.deepEqual([unit.target, unit.targetLocked], [8364, false]);
  // Ctrl+Z three times: unlock, lock, then the 80% override are undone.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  assert.equal(await (await cell(page, /TT\. Châu Thành/, 'Tỷ lệ')).innerText(), '90%');
  await page.keyboard.press('Control+y');
  assert.equal(await (await cell(page, /TT\. Châu Thành/, 'Tỷ lệ')).innerText(), '80%');
  // Home / Ctrl+End / Ctrl+Home.
  await page.keyboard.press('Control+End');
  assert.equal((await active(page)).name, 'Lai Hòa');
  await page.keyboard.press('Control+Home');
  assert.deepEqual((await active(page)).column, 'STT');
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('paste a 3×4 block of Vietnamese numbers, then undo it in one step', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  // Show the optional exclusion-free columns as they are; select Số lượng of TT. Châu Thành.
  await (await cell(page, /TT\. Châu Thành/, 'Số lượng')).click();
  // 3 columns (Số lượng, Tỷ lệ, Chỉ tiêu) × 4 rows (TT. Châu Thành … Thuận Hòa).
  const block = [
    ['5.000', '87,5', '4.000'],
    ['9.000', '90', '8.000'],
    ['8.000', '85,25%', ''],
    ['4.000', '100', '3.900'],
  ].map((r) => r.join('\t')).join('\r\n') + '\r\n';
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    qpRoot().activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, block);
  const units = (await page.evaluate(() => window.quotaPlanner.plan())).units;
  assert.deepEqual(units.slice(2, 6).map((u) => u.base), [5000, 9000, 8000, 4000]);
  assert.deepEqual(units.slice(2, 6).map((u) => u.percentOverride), [87.5, 90, 85.25, 100]);
  assert.deepEqual(units.slice(2, 6).map((u) => [u.target, u.targetLocked]),
    [[4000, true], [8000, true], [6820, false], [3900, true]]);
  assert.equal(await (await cell(page, /Phú Tâm/, 'Tỷ lệ')).innerText(), '85,25%');
  // The district's base is its communes' sum: 58702 − (4839+9293+8685+4212) + 26000.
  assert.equal(units[1].base, 58702 - (4839 + 9293 + 8685 + 4212) + 26000);
  await page.keyboard.press('Control+z');
  const restored = (await page.evaluate(() => window.quotaPlanner.plan())).units;
  assert.deepEqual(restored.slice(2, 6).map((u) => u.base), [4839, 9293, 8685, 4212]);
  assert.equal(restored.slice(2, 6).every((u) => u.percentOverride === null && !u.targetLocked), true);
  await page.close();
});

test('copy a range as TSV', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await (await cell(page, /Huyện Châu Thành/, 'Đơn vị')).click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowRight');
  const copied = await page.evaluate(() => {
    const data = new DataTransfer();
    qpRoot().activeElement.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
    return data.getData('text/plain');
  });
  assert.equal(copied, 'Huyện Châu Thành\t58702\r\nTT. Châu Thành\t4839\r\n');
  await page.close();
});

test('a single value pasted into a selected range fills it', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await (await cell(page, /TT\. Châu Thành/, 'Tỷ lệ')).click();
  await (await cell(page, /Thuận Hòa/, 'Tỷ lệ')).click({ modifiers: ['Shift'] });
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', '95\r\n');
    qpRoot().activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const units = (await page.evaluate(() => window.quotaPlanner.plan())).units;
  assert.deepEqual(units.slice(2, 7).map((u) => u.percentOverride), [95, 95, 95, 95, null]);
  await page.close();
});

test('filter by "chau thanh" keeps ancestors; outline level 1 and 2', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await page.getByLabel('Tìm đơn vị').fill('chau thanh');
  const names = async () => page.getByRole('treegrid').getByRole('rowheader').allInnerTexts();
  const clean = (list) => list.map((n) => n.replace(/[▾▸⚠]/g, '').trim());
  assert.deepEqual(clean(await names()), ['Tỉnh Sóc Trăng', 'Huyện Châu Thành', 'TT. Châu Thành']);
  await page.getByLabel('Tìm đơn vị').fill('');
  await page.getByRole('button', { name: 'Hiện đến cấp 1' }).click();
  assert.deepEqual(clean(await names()), ['Tỉnh Sóc Trăng']);
  // Collapsed parents still show their totals.
  assert.equal(await (await cell(page, /Tỉnh Sóc Trăng/, 'Chỉ tiêu')).innerText(), '757.463');
  await page.getByRole('button', { name: 'Hiện đến cấp 2' }).click();
  assert.equal((await names()).length, 12);
  await page.getByRole('button', { name: 'Tất cả' }).click();
  await page.close();
});

test('optional columns can be shown and hidden; English switch', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const headers = () => page.getByRole('columnheader').allInnerTexts();
  assert.equal((await headers()).includes('Đủ điều kiện'), false);
  await page.getByText('Cột hiển thị').click();
  await page.getByRole('checkbox', { name: 'Đủ điều kiện' }).check();
  assert.equal((await headers()).includes('Đủ điều kiện'), true);
  await page.getByRole('checkbox', { name: 'Chỉ tiêu trong tệp' }).uncheck();
  assert.equal((await headers()).includes('Chỉ tiêu trong tệp'), false);
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal((await headers()).includes('Target'), true);
  await page.getByRole('treegrid', { name: 'Quota table' }).getByText('757,463').waitFor();
  await page.close();
});

test('a 100,000-unit plan: few rows in the DOM, scroll to the end and edit there', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const report = await page.evaluate(
    (text) => window.quotaPlanner.load(new TextEncoder().encode(text), 'quoc-gia.csv'),
    nationalCsv(),
  );
  assert.ok(report.units > 100000, `units ${report.units}`);
  const rowsInDom = () => page.evaluate(() => qpRoot().querySelectorAll('[role=treegrid] [role=row]').length);
  assert.ok((await rowsInDom()) < 300, `rows in DOM: ${await rowsInDom()}`);
  const grid = page.getByRole('treegrid');
  await grid.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  assert.match((await active(page)).name, /^Cán bộ \d+$/);
  assert.ok((await rowsInDom()) < 300, `rows in DOM after scrolling: ${await rowsInDom()}`);
  const lastName = (await active(page)).name;
  // Edit the last unit's name, then its percentage.
  await page.keyboard.press('F2');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Cán bộ cuối');
  await page.keyboard.press('Enter');
  const units = (await page.evaluate(() => window.quotaPlanner.plan())).units;
  assert.equal(units[units.length - 1].name, 'Cán bộ cuối');
  assert.notEqual(lastName, 'Cán bộ cuối');
  await page.getByRole('rowheader', { name: /Cán bộ cuối/ }).waitFor();
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('drag a header edge to resize a column', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const header = page.getByRole('columnheader', { name: 'Số lượng' });
  const before = (await header.boundingBox()).width;
  const handle = page.getByRole('separator', { name: 'Kéo để đổi độ rộng cột Số lượng' });
  const box = await handle.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 80, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const after = (await header.boundingBox()).width;
  assert.ok(after > before + 60, `width ${before} → ${after}`);
  await page.close();
});

test('warnings: a marker on the unit with the message, and a list that jumps to it', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  // The OCR'd district total of the seed: 10924 where its communes sum to 70924.
  const csv = 'STT,Đơn vị,Số lượng\n,Tỉnh X,80924\nI,Huyện Y,10924\n1,Xã A,30000\n2,Xã B,40924\nII,Huyện Z,10000\n1,Xã C,10000\n';
  await page.evaluate((text) => window.quotaPlanner.load(new TextEncoder().encode(text), 'ocr.csv'), csv);
  const mark = page.getByRole('img', { name: /Số lượng ghi trong tệp là 10\.924 nhưng tổng các đơn vị cấp dưới là 70\.924/ });
  await mark.waitFor();
  await page.getByRole('button', { name: 'Thu gọn Tỉnh X' }).click();
  await page.getByText('Cảnh báo (').click();
  await page.getByRole('button', { name: /Huyện Y: Số lượng ghi trong tệp là 10\.924/ }).click();
  // The collapsed province was opened and the district is the current row.
  assert.equal((await active(page)).name, 'Huyện Y');
  const plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.units[1].base, 70924, "the children's sum is used");
  assert.equal(plan.warnings[0].code, 'parent-base-mismatch');
  await page.close();
});

test('exclusion counts and daily targets are edited in place', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await page.getByText('Cột hiển thị').click();
  await page.getByRole('checkbox', { name: 'Chết', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Chỉ tiêu/ngày' }).check();
  await page.getByText('Cột hiển thị').click();
  await (await cell(page, /TT\. Châu Thành/, 'Chết')).dblclick();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('39');
  await page.keyboard.press('Enter');
  // 4839 − 39 = 4800 eligible; 90% = 4320. The district sums its communes' deaths.
  assert.equal(await (await cell(page, /TT\. Châu Thành/, 'Chỉ tiêu')).innerText(), '4.320');
  assert.equal(await (await cell(page, /Huyện Châu Thành/, 'Chết')).innerText(), '39');
  let plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.deepEqual([plan.units[2].excluded, plan.units[2].eligible], [39, 4800]);
  // A district's deaths are its communes' sum: not typed.
  await (await cell(page, /Huyện Châu Thành/, 'Chết')).dblclick();
  await page.getByRole('alert').getByText(/Ô này không nhập được/).waitFor();
  await page.keyboard.press('Escape');
  // Daily targets: a default for leaves through the API, one unit's own in the grid.
  await page.evaluate(() => window.quotaPlanner.setDailyTarget(null, 196));
  assert.equal(await (await cell(page, /Hồ Đắc Kiện/, 'Chỉ tiêu/ngày')).innerText(), '196');
  await (await cell(page, /Phú Tâm/, 'Chỉ tiêu/ngày')).click();
  await page.keyboard.type('250');
  await page.keyboard.press('Enter');
  plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.deepEqual(plan.units.slice(3, 6).map((u) => u.dailyTarget), [196, 250, 196]);
  await page.keyboard.press('Control+z');
  plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.units[4].dailyTarget, 196);
  await page.close();
});

test('drag across cells with the mouse selects the range between them', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const from = await (await cell(page, /TT\. Châu Thành/, 'Số lượng')).boundingBox();
  const to = await (await cell(page, /Phú Tâm/, 'Tỷ lệ')).boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
  const selected = await page.getByRole('treegrid').locator('[role=gridcell][aria-selected=true]').allInnerTexts();
  assert.deepEqual(selected, ['4.839', '90%', '9.293', '90%', '8.685', '90%']);
  assert.equal((await active(page)).name, 'Phú Tâm');
  assert.equal((await active(page)).column, 'Tỷ lệ');
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('100,000 units: after PageDown and the wheel far down, the rows in view are the plan\'s, in order, and the current cell follows', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await page.evaluate((text) => window.quotaPlanner.load(new TextEncoder().encode(text), 'quoc-gia.csv'), nationalCsv());
  // What the DOM shows against the plan: each row's aria-rowindex names
  // its unit (index + 2), its header cell that unit's name, its target
  // cell that unit's target (Vietnamese grouping: "1.234").
  const rowsInView = () => page.evaluate(() => {
    const units = window.quotaPlanner.plan().units;
    const grid = qpRoot().querySelector('[role=treegrid]');
    const headers = [...grid.querySelectorAll('[role=columnheader]')].map((h) => h.innerText.trim());
    const target = headers.indexOf('Chỉ tiêu');
    return [...grid.querySelectorAll('tbody [role=row]')].map((row) => {
      const index = Number(row.getAttribute('aria-rowindex')) - 2;
      const cells = row.querySelectorAll('[role=gridcell], [role=rowheader]');
      return {
        index,
        name: row.querySelector('[role=rowheader] .qp-value').innerText === units[index].name,
        target: cells[target].innerText.replaceAll('.', '') === String(units[index].target),
        level: Number(row.getAttribute('aria-level')) === units[index].level + 1,
      };
    });
  });
  const check = (rows, label) => {
    assert.ok(rows.length > 10, `${label}: ${rows.length} rows`);
    for (const [k, row] of rows.entries()) {
      assert.deepEqual(row, { index: rows[0].index + k, name: true, target: true, level: true }, `${label}: row ${k}`);
    }
  };
  const grid = page.getByRole('treegrid');
  await grid.focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press('PageDown');
  let rows = await rowsInView();
  check(rows, 'after PageDown');
  const current = await active(page);
  assert.equal(current.column, 'Đơn vị');
  // The current row is in the DOM, inside the rows shown.
  const at = await page.evaluate(() => {
    const grid = qpRoot().querySelector('[role=treegrid]');
    return Number(qpRoot().getElementById(grid.getAttribute('aria-activedescendant')).closest('[role=row]').getAttribute('aria-rowindex')) - 2;
  });
  assert.ok(at > 300 && rows.some((r) => r.index === at), `current row ${at}`);
  // The wheel, far down: other rows are built in view.
  const box = await grid.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 4000);
  await page.waitForFunction(() => qpRoot().querySelector('.qp-grid-scroll').scrollTop > 100000);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  rows = await rowsInView();
  check(rows, 'after the wheel');
  assert.ok(rows[0].index > at + 1000, `first row ${rows[0].index}`);
  // The keyboard brings the current cell back into view, one row down.
  await page.keyboard.press('ArrowDown');
  const next = await active(page);
  assert.equal(next.column, 'Đơn vị');
  const units = (await page.evaluate(() => window.quotaPlanner.plan())).units;
  assert.equal(next.name, units[at + 1].name);
  check(await rowsInView(), 'back at the current cell');
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('cells changed since the plan was opened are marked, exactly those; undo takes the marks away', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  // The marked cells in the DOM, and the cells of the same rows whose value
  // differs between two plan() results: they must be the same set.
  const fields = { 'Đơn vị': 'name', 'Số lượng': 'base', 'Loại trừ': 'excluded', 'Đủ điều kiện': 'eligible', 'Tỷ lệ': 'percent', 'Chỉ tiêu': 'target' };
  const cells = () => page.evaluate((fields) => {
    const grid = qpRoot().querySelector('[role=treegrid]');
    const headers = [...grid.querySelectorAll('[role=columnheader]')].map((h) => h.innerText.trim());
    const out = [];
    for (const row of grid.querySelectorAll('[role=row]')) {
      const header = row.querySelector('[role=rowheader] .qp-value');
      if (!header) continue;
      for (const c of row.querySelectorAll('th, td')) {
        const field = fields[headers[Number(c.getAttribute('aria-colindex')) - 1]];
        // A cell's id carries its unit's index in the plan.
        const unit = Number(/-cell-(\d+)-\d+$/.exec(c.id)?.[1]);
        if (field) out.push({ row: header.innerText, unit, field, marked: c.classList.contains('qp-changed') });
      }
    }
    return out;
  }, fields);
  const opened = await page.evaluate(() => window.quotaPlanner.plan().units);
  const check = async (what) => {
    const now = await page.evaluate(() => window.quotaPlanner.plan().units);
    const seen = await cells();
    assert.ok(seen.length > 20, `${what}: ${seen.length} cells`);
    const marked = seen.filter((c) => c.marked).map((c) => `${c.row} / ${c.field}`).sort();
    assert.ok(seen.every((c) => now[c.unit]?.name === c.row), `${what}: ids and names agree`);
    const expected = seen.filter((c) => opened[c.unit][c.field] !== now[c.unit][c.field]).map((c) => `${c.row} / ${c.field}`).sort();
    assert.deepEqual(marked, expected, what);
    return marked;
  };
  assert.deepEqual(await check('opened'), []);
  const grid = page.getByRole('treegrid', { name: 'Bảng chỉ tiêu' });
  await grid.focus();
  // TT. Châu Thành's percentage to 80%.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('80');
  await page.keyboard.press('Enter');
  const afterPercent = await check('after 80%');
  assert.ok(afterPercent.includes('TT. Châu Thành / percent'), JSON.stringify(afterPercent));
  assert.ok(afterPercent.includes('TT. Châu Thành / target'), JSON.stringify(afterPercent));
  // A rename marks the name; renaming it back takes the mark away.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  assert.equal((await active(page)).column, 'Đơn vị');
  const name = (await active(page)).name;
  await page.keyboard.press('F2');
  await page.keyboard.type(' mới');
  await page.keyboard.press('Enter');
  assert.ok((await check('renamed')).includes(`${name} mới / name`));
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('F2');
  for (let i = 0; i < ' mới'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  assert.deepEqual(await check('renamed back'), afterPercent);
  // Undo all three edits: nothing is marked.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
  assert.deepEqual(await check('undone'), []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
