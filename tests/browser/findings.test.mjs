// No silent wrong numbers, through the UI of the release build: a column of
// numbers the importer did not understand is raised and mapped by the
// planner; cells that are not numbers mark their unit; "why this number"
// explains a target moved by a lock; the percentage field commits instead of
// reacting; the keyboard can always leave the grid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlanner, cell } from './harness.mjs';

const env = useBrowser();

async function openCsv(page, name, text) {
  await page.getByLabel('Mở tệp…').setInputFiles({
    name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8'),
  });
}

test('an unknown numeric column is raised, marked in the layout panel and mapped by the planner', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await openCsv(page, 'phuong.csv', [
    'STT,Tổ dân phố,Số lượng,Vắng lâu ngày,Ghi chú',
    ',Phường X,,,',
    '1,Tổ 1,1000,40,',
    '2,Tổ 2,2000,60,đủ',
  ].join('\n'));
  const notice = page.getByRole('alert').filter({ hasText: 'Đã mở “phuong.csv”' });
  await notice.waitFor();
  const text = await notice.innerText();
  assert.match(text, /3 đơn vị, 2 cấp/);
  assert.match(text, /Cột dùng: STT \(A\), Tên đơn vị \(B\), Số lượng \(C\)/);
  assert.match(text, /Cột không dùng: Vắng lâu ngày \(D\), Ghi chú \(E\)/);
  assert.match(text, /1 cảnh báo/);
  // The layout panel is open, the column waits for a decision.
  const pending = page.locator('.qp-mapping tr.qp-pending');
  await pending.waitFor();
  assert.match(await pending.innerText(), /Vắng lâu ngày[\s\S]*Cần chọn/);
  let plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.totals.eligible, 3000);
  // The API's report lists every column with its role, the unused ones too.
  const report = await page.evaluate(() => window.quotaPlanner.load(new TextEncoder().encode(
    'STT,Tổ dân phố,Số lượng,Vắng lâu ngày,Ghi chú\n,Phường X,,,\n1,Tổ 1,1000,40,\n2,Tổ 2,2000,60,đủ\n'), 'phuong.csv'));
  assert.deepEqual(report.layout.columns.map((c) => [c.letter, c.role]), [
    ['A', 'code'], ['B', 'name'], ['C', 'base'], ['D', 'unknown:Vắng lâu ngày'], ['E', 'unknown:Ghi chú'],
  ]);
  assert.deepEqual(report.warnings.map((w) => w.code), ['unknown-column']);
  // The planner says it is an exclusion ("other"); the targets follow.
  await page.getByLabel('Vai trò cột D').selectOption('excluded:other');
  await page.getByRole('status').filter({ hasText: '0 cảnh báo' }).waitFor();
  plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.totals.eligible, 2900);
  assert.equal(plan.units[0].target, 2610);
  assert.equal(await page.locator('.qp-mapping tr.qp-pending').count(), 0);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('a cell that is not a number is reported with its reference and marks its unit', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await openCsv(page, 'xa.csv', 'STT,Đơn vị,Số lượng\n1,Thôn 1,abc\n2,Thôn 2,1000\n');
  const mark = page.getByRole('img', { name: /Ô C2 ghi “abc”, không phải là số/ });
  await mark.waitFor();
  const report = await page.evaluate(async () => {
    const bytes = new TextEncoder().encode('STT,Đơn vị,Số lượng\n1,Thôn 1,abc\n2,Thôn 2,1000\n');
    return window.quotaPlanner.load(bytes, 'xa.csv');
  });
  assert.deepEqual(report.warnings.map((w) => [w.row, w.code]), [[2, 'not-a-number']]);
  await page.close();
});

test('why this number: a target moved by a lock elsewhere is marked and explained', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await openCsv(page, 'xa.csv', 'STT,Đơn vị,Số lượng\n,Xã A,\n1,Tổ 1,1000\n2,Tổ 2,1001\n3,Tổ 3,999\n');
  await page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: 'Đã mở' }).first().waitFor();
  await page.evaluate(() => {
    const p = window.quotaPlanner;
    p.setPolicy({ rounding: 'largest-remainder' });
    p.setTarget('u1', 850);
  });
  // Tổ 2 took part of what the lock gave up: marked, with the amount.
  const mark = page.getByRole('img', { name: /^\+\d+ do chỉ tiêu đã khóa ở đơn vị khác/ });
  assert.equal(await mark.count(), 2);
  // Keyboard: go to Tổ 2's row and press "?".
  await (await cell(page, 'Tổ 2', 'Chỉ tiêu')).click();
  await page.keyboard.press('?');
  const panel = page.getByRole('region', { name: /Vì sao chỉ tiêu của Tổ 2 là/ });
  await panel.waitFor();
  const lines = await panel.getByRole('listitem').allInnerTexts();
  assert.match(lines[0], /Đủ điều kiện = số lượng 1\.001 − loại trừ 0 = 1\.001/);
  assert.match(lines[1], /Tỷ lệ 90% \(tỷ lệ chung của kế hoạch\)/);
  assert.match(lines[2], /900,9/);
  assert.match(lines.join('\n'), /Chia chỉ tiêu 2\.700 của Xã A theo phần dư lớn nhất/);
  assert.match(lines.at(-1), /do chỉ tiêu đã khóa ở: Tổ 1 \(850\)/);
  // The focus is in the panel; Esc closes it and returns to the grid.
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => qpRoot().activeElement.getAttribute('role')), 'treegrid');
  await page.close();
});

test('the percentage field applies on Enter or leaving it, never a partial value', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const field = page.getByLabel('Tỷ lệ chung (%)');
  const percent = () => page.evaluate(() => window.quotaPlanner.plan().policy.defaultPercent);
  await field.click();
  await field.press('Control+a');
  await field.pressSequentially('87,5');
  assert.equal(await percent(), 90, 'nothing applied while typing');
  await field.press('Enter');
  assert.equal(await percent(), 87.5);
  // Too large: refused at the field, the plan keeps 87,5%.
  await field.press('Control+a');
  await field.pressSequentially('150');
  await field.press('Tab');
  await page.getByRole('alert').getByText(/Tỷ lệ phải từ 0% đến 100%/).waitFor();
  assert.equal(await percent(), 87.5);
  // Esc puts the plan's percentage back in the field.
  await field.click();
  await field.press('Escape');
  assert.equal(await field.inputValue(), '87,5');
  // "87.5%" and "92,25%" are accepted; one undo step each.
  await field.fill('92,25%');
  await field.press('Enter');
  assert.equal(await percent(), 92.25);
  await page.getByRole('button', { name: 'Hoàn tác' }).click();
  assert.equal(await percent(), 87.5);
  await page.close();
});

test('the keyboard can always leave the grid', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const grid = page.getByRole('treegrid');
  const focusedRole = () => page.evaluate(() => qpRoot().activeElement?.getAttribute('role'));
  // Shift+Tab from the first cell leaves backwards.
  await grid.focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+Tab');
  assert.notEqual(await focusedRole(), 'treegrid');
  // Tab inside moves right; Esc then Tab leaves from anywhere.
  await grid.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focusedRole(), 'treegrid');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.notEqual(await focusedRole(), 'treegrid');
  // Tab from the last cell leaves forwards.
  await grid.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Tab');
  assert.notEqual(await focusedRole(), 'treegrid');
  await page.close();
});

test('a search with no match says so', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await page.getByLabel('Tìm đơn vị').fill('không có xã này');
  await page.getByRole('status').getByText('Không tìm thấy đơn vị nào khớp “không có xã này”.').waitFor();
  await page.close();
});

test('the built-in sample says it is a sample and how to open your own', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const note = page.getByText(/Đây là bảng mẫu \(phụ lục Sóc Trăng\)\. Mở bảng của bạn bằng “Mở tệp…”/);
  await note.waitFor();
  await openCsv(page, 'xa.csv', 'STT,Đơn vị,Số lượng\n1,Thôn 1,1000\n2,Thôn 2,1000\n');
  await note.waitFor({ state: 'detached' });
  await page.close();
});

test('on a 375-px phone the toolbar folds, names and targets show without scrolling sideways, ten rows show', async () => {
  const { page } = await openPlanner(env.browser, env.origin, { width: 375, height: 667 });
  const open = page.locator('label.qp-button', { hasText: 'Mở tệp…' });
  assert.equal(await open.isVisible(), false, 'folded behind the menu');
  const menu = page.getByRole('button', { name: '☰ Thao tác' });
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  assert.equal(await open.isVisible(), true);
  await menu.click();
  const row = page.getByRole('treegrid').getByRole('row', { name: /Huyện Châu Thành/ });
  for (const column of ['Đơn vị', 'Chỉ tiêu']) {
    const box = await (await cell(page, /Huyện Châu Thành/, column)).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `${column} in view: ${JSON.stringify(box)}`);
  }
  assert.ok(await row.isVisible());
  const shown = await page.evaluate(() => {
    const scroller = qpRoot().querySelector('[role="treegrid"]');
    const { top, bottom } = scroller.getBoundingClientRect();
    return [...scroller.querySelectorAll('tbody tr[role="row"]')].filter((tr) => {
      const r = tr.getBoundingClientRect();
      return r.top >= top && r.bottom <= bottom;
    }).length;
  });
  assert.ok(shown >= 10, `${shown} rows in view`);
  await page.close();
});

test('"not used" is a decision too: the pending column is then left out without a warning', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await openCsv(page, 'xa.csv', 'STT,Đơn vị,Số lượng,Mã hộ\n1,Thôn 1,1000,4401\n2,Thôn 2,2000,4402\n');
  const select = page.getByLabel('Vai trò cột D');
  await page.locator('.qp-mapping tr.qp-pending').waitFor();
  assert.equal(await select.inputValue(), '?', 'no choice made yet');
  await select.selectOption({ label: 'Không dùng' });
  await page.getByRole('status').filter({ hasText: '0 cảnh báo' }).waitFor();
  const plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.totals.eligible, 3000);
  assert.equal(await page.locator('.qp-mapping tr.qp-pending').count(), 0);
  await page.close();
});

test('Enter, Enter on a cell changes nothing: a parent\'s daily sum is not handed to its groups', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await page.evaluate(() => {
    const p = window.quotaPlanner;
    p.setPolicy({ start: '2025-05-08', end: '2025-05-30' });
    p.setDailyTarget(null, 10);
  });
  const before = await page.evaluate(() => window.quotaPlanner.plan());
  const district = before.units.find((u) => u.name === 'Huyện Châu Thành');
  await (await cell(page, /Huyện Châu Thành/, 'Chỉ tiêu/ngày')).click();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  // An inherited percentage does not become the unit's own either.
  await (await cell(page, /Hồ Đắc Kiện/, 'Tỷ lệ')).click();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  const after = await page.evaluate(() => window.quotaPlanner.plan());
  assert.deepEqual(after.units.map((u) => [u.dailyTarget, u.percentOverride]),
    before.units.map((u) => [u.dailyTarget, u.percentOverride]));
  assert.equal(after.units.find((u) => u.id === district.id).dailyTarget, district.dailyTarget);
  await page.close();
});
