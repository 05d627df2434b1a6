// Issue 9 in the browser: the campaign period, daily figures and the
// day-by-day schedule, through the JS API and through the fields as a
// planner types them (dates the Vietnamese way, a figure on a parent row).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlanner, cell } from './harness.mjs';

const env = useBrowser();

// Seed 000, phường Nguyễn Trãi: three residential groups, 3.345 at 100%.
const wardCsv = ['STT,Đơn vị,Số lượng', ',Phường Nguyễn Trãi,', '1,Tổ dân phố 1,1200',
  '2,Tổ dân phố 2,1100', '3,Tổ dân phố 3,1045'].join('\n');

async function openWard(options) {
  const opened = await openPlanner(env.browser, env.origin, options);
  await opened.page.evaluate(async (csv) => {
    await window.quotaPlanner.load(new TextEncoder().encode(csv), 'nguyen-trai.csv');
    window.quotaPlanner.setPercent(null, 100);
  }, wardCsv);
  return opened;
}

const plan = (page) => page.evaluate(() => window.quotaPlanner.plan());
const unit = async (page, name) => (await plan(page)).units.find((u) => u.name === name);
const refused = (page, f, arg) => page.evaluate(([f, arg]) => {
  try { window.quotaPlanner[f](...arg); return null; } catch (e) { return e instanceof Error ? e.message : `not an Error: ${e}`; }
}, [f, arg]);

test('setPolicy period, days, days needed, finishing date; bad periods refused, nothing changed', async () => {
  const { page, consoleErrors } = await openWard();
  assert.equal((await plan(page)).totals.target, 3345);
  await page.evaluate(() => window.quotaPlanner.setPolicy({ start: '2025-05-08', end: '2025-05-30' }));
  assert.equal((await plan(page)).policy.days, 23);
  await page.evaluate(() => window.quotaPlanner.setPolicy({ excludeWeekdays: [0] }));
  let p = await plan(page);
  assert.equal(p.policy.days, 20);
  assert.deepEqual([p.policy.start, p.policy.end, p.policy.excludeWeekdays], ['2025-05-08', '2025-05-30', [0]]);
  const ward = p.units.find((u) => u.name === 'Phường Nguyễn Trãi');
  // 196 a day for the ward itself: ceil(3345 / 196) = 18 days, the 18th counted day is 28/05.
  await page.evaluate((id) => window.quotaPlanner.setDailyTarget(id, 196, { thisUnitOnly: true }), ward.id);
  const w = await unit(page, 'Phường Nguyễn Trãi');
  assert.deepEqual([w.dailyTarget, w.daysNeeded, w.finishDate, w.shortfall], [196, 18, '2025-05-28', 0]);
  assert.equal((await unit(page, 'Tổ dân phố 1')).dailyTarget, null);

  assert.match(await refused(page, 'setPolicy', [{ end: '2025-05-01' }]), /01\/05\/2025 trước ngày bắt đầu 08\/05\/2025/);
  assert.match(await refused(page, 'setPolicy', [{ start: '2025-02-30' }]), /2025-02-30/);
  assert.match(await refused(page, 'setPolicy', [{ start: '2025-05-11', end: '2025-05-11' }]), /không còn ngày nào/);
  assert.match(await refused(page, 'setPolicy', [{ excludeWeekdays: [7] }]), /thứ trong tuần/);
  assert.match(await refused(page, 'setPolicy', [{ milestones: [{ date: '2025-06-15', percentOfTarget: 90 }] }]), /ngoài thời gian/);
  assert.match(await refused(page, 'setPolicy', [{ rounding: 'largest-remainder', start: '8/5/2025' }]), /YYYY-MM-DD/);
  p = await plan(page);
  assert.deepEqual([p.policy.days, p.policy.start, p.policy.rounding], [20, '2025-05-08', 'per-row'], 'nothing changed');

  // Holidays and milestones; one undo step each.
  await page.evaluate(() => window.quotaPlanner.setPolicy({ holidays: ['2025-05-19'], milestones: [{ date: '2025-05-20', percentOfTarget: 90 }] }));
  p = await plan(page);
  assert.deepEqual([p.policy.days, p.policy.holidays, p.policy.milestones], [19, ['2025-05-19'], [{ date: '2025-05-20', percentOfTarget: 90 }]]);
  assert.equal(await page.evaluate(() => window.quotaPlanner.undo()), true);
  assert.equal((await plan(page)).policy.days, 20);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('per-level figures, shortfall flags with their numbers, derive', async () => {
  const { page } = await openWard();
  await page.evaluate(() => window.quotaPlanner.setPolicy({ start: '2025-05-08', end: '2025-05-30', excludeWeekdays: [0] }));
  await page.evaluate(() => window.quotaPlanner.setLevelDailyTarget(1, 55));
  let p = await plan(page);
  assert.deepEqual(p.units.map((u) => u.dailyTarget), [165, 55, 55, 55]);
  const g1 = p.units.find((u) => u.name === 'Tổ dân phố 1');
  assert.deepEqual([g1.daysNeeded, g1.finishDate, g1.shortfall], [22, '2025-06-02', 100]);
  const flag = p.warnings.find((w) => w.unitId === g1.id && w.code === 'schedule-shortfall');
  assert.match(flag.message, /55\/ngày × 20 ngày = 1\.100, thiếu 100 so với 1\.200/);
  // On screen: the ⚠ on the row says it, the shortfall cell is flagged.
  const mark = page.getByRole('row', { name: /Tổ dân phố 1/ }).getByRole('img');
  assert.match(await mark.getAttribute('aria-label'), /thiếu 100/);
  const short = await cell(page, /Tổ dân phố 1/, 'Thiếu');
  assert.equal(await short.innerText(), '100');
  assert.match(await short.getAttribute('class'), /qp-flagged/);
  assert.equal(await (await cell(page, /Tổ dân phố 1/, 'Ngày xong')).innerText(), '02/06/2025');
  assert.match(await refused(page, 'setLevelDailyTarget', [5, 10]), /không có cấp 5/);

  // Derive: ceil(target ÷ 20) for every group without its own figure.
  await page.evaluate(() => window.quotaPlanner.setLevelDailyTarget(1, null));
  assert.equal(await page.evaluate(() => window.quotaPlanner.deriveDailyTargets()), 3);
  p = await plan(page);
  assert.deepEqual(p.units.map((u) => u.dailyTarget), [60 + 55 + 53, 60, 55, 53]);
  assert.ok(!p.warnings.some((w) => w.code.startsWith('schedule')));
  await page.close();
});

test('period fields typed dd/mm/yyyy, weekday boxes, a figure typed on the ward row', async () => {
  const { page, consoleErrors } = await openWard();
  await page.getByText('Thời gian và chỉ tiêu theo ngày').click();
  const start = page.getByLabel('Từ ngày');
  await start.fill('8/5/2025');
  await start.press('Tab');
  const end = page.getByLabel('Đến ngày');
  await end.fill('30/05/2025');
  await end.press('Enter');
  assert.equal((await plan(page)).policy.days, 23);
  await page.getByRole('checkbox', { name: 'CN', exact: true }).check();
  assert.equal((await plan(page)).policy.days, 20);
  await page.getByText(/08\/05\/2025 – 30\/05\/2025 \(23 ngày, 20 ngày tính\)/).waitFor();
  assert.equal(await start.inputValue(), '08/05/2025');
  // A bad date is refused where it was typed; the period stays.
  await end.fill('31/02/2025');
  await end.press('Enter');
  await page.getByRole('alert').getByText(/31\/02\/2025.*không phải ngày hợp lệ/).waitFor();
  assert.equal((await plan(page)).policy.end, '2025-05-30');

  // 50 typed on the ward row goes to its groups; the ward shows their sum.
  await (await cell(page, /Phường Nguyễn Trãi/, 'Chỉ tiêu/ngày')).click();
  await page.keyboard.type('50');
  await page.getByRole('button', { name: /Chỉ đơn vị này/ }).waitFor();
  await page.keyboard.press('Enter');
  let p = await plan(page);
  assert.deepEqual(p.units.map((u) => u.dailyTarget), [150, 50, 50, 50]);
  assert.equal(await (await cell(page, /Phường Nguyễn Trãi/, 'Chỉ tiêu/ngày')).innerText(), '150');
  // 50 × 20 = 1.000: every group falls short, and says so.
  assert.equal(await (await cell(page, /Tổ dân phố 3/, 'Thiếu')).innerText(), '45');
  assert.match(await page.getByRole('row', { name: /Tổ dân phố 2/ }).getByRole('img').getAttribute('aria-label'), /thiếu 100 so với 1\.100/);
  // "This unit only" (Alt+Enter) keeps the figure on the ward.
  await (await cell(page, /Phường Nguyễn Trãi/, 'Chỉ tiêu/ngày')).click();
  await page.keyboard.type('200');
  await page.keyboard.press('Alt+Enter');
  p = await plan(page);
  assert.deepEqual(p.units.map((u) => u.dailyTarget), [200, 50, 50, 50]);
  // One undo step each.
  await page.keyboard.press('Control+z');
  assert.deepEqual((await plan(page)).units.map((u) => u.dailyTarget), [150, 50, 50, 50]);
  await page.keyboard.press('Control+z');
  assert.deepEqual((await plan(page)).units.map((u) => u.dailyTarget), [null, null, null, null]);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('schedule view: a column per day, days off greyed, milestones, collapse and search', async () => {
  const { page, consoleErrors } = await openWard();
  await page.evaluate(() => {
    window.quotaPlanner.setPolicy({ start: '2025-05-08', end: '2025-05-30', excludeWeekdays: [0] });
    window.quotaPlanner.setLevelDailyTarget(1, 50);
  });
  await page.getByText('Thời gian và chỉ tiêu theo ngày').click();
  await page.getByLabel('Ngày mốc').fill('20/5/2025');
  const pct = page.getByLabel('% chỉ tiêu');
  await pct.fill('90');
  await pct.press('Enter');
  assert.deepEqual((await plan(page)).policy.milestones, [{ date: '2025-05-20', percentOfTarget: 90 }]);
  await page.getByRole('listitem').filter({ hasText: '20/05/2025: 90%' }).waitFor();

  await page.getByRole('tab', { name: 'Lịch theo ngày' }).click();
  const grid = page.getByRole('treegrid', { name: 'Lịch lũy kế theo ngày' });
  const headers = (await grid.getByRole('columnheader').allInnerTexts()).map((h) => h.replace(/\s+/g, ' ').trim());
  assert.equal(headers.length, 3 + 23);
  assert.equal(headers[3], '08/05 T5');
  assert.equal(headers[6], '11/05 CN');
  assert.match(headers[3 + 12], /^20\/05 T3 ◆90%$/);
  const day = async (row, date) => {
    const at = headers.findIndex((h) => h.startsWith(date));
    const c = grid.getByRole('row', { name: row }).locator('th, td').nth(at);
    return { text: await c.innerText(), cls: await c.getAttribute('class') };
  };
  // Group 1: 1.200 in 20 days at 50 a day is behind the plan, which rises
  // evenly through the milestone (90% = 1.080 by 20/05, the 11th counted day).
  assert.equal((await day(/Tổ dân phố 1/, '08/05')).text, '99');
  assert.equal((await day(/Tổ dân phố 1/, '10/05')).text, '295');
  const sunday = await day(/Tổ dân phố 1/, '11/05');
  assert.equal(sunday.text, '295');
  assert.match(sunday.cls, /qp-off/);
  const milestone = await day(/Tổ dân phố 1/, '20/05');
  assert.equal(milestone.text, '1.080');
  assert.match(milestone.cls, /qp-milestone/);
  assert.equal((await day(/Tổ dân phố 1/, '30/05')).text, '1.200');
  assert.equal((await day(/Phường Nguyễn Trãi/, '30/05')).text, '3.345');
  // Collapse the ward: only its row is left. Search finds one group.
  await grid.getByRole('button', { name: /Thu gọn Phường Nguyễn Trãi/ }).click();
  assert.equal(await grid.getByRole('row').count(), 2);
  await grid.getByRole('button', { name: /Mở rộng Phường Nguyễn Trãi/ }).click();
  await page.getByLabel('Tìm').fill('dân phố 2');
  await grid.getByRole('row', { name: /Tổ dân phố 2/ }).waitFor();
  assert.equal(await grid.getByRole('row', { name: /Tổ dân phố 1/ }).count(), 0);
  // Back to the table: the same rows, the table's columns.
  await page.getByRole('tab', { name: 'Bảng chỉ tiêu' }).click();
  await page.getByRole('treegrid', { name: 'Bảng chỉ tiêu' }).getByRole('row', { name: /Tổ dân phố 2/ }).waitFor();
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('the schedule view fits a 375-px screen and scrolls sideways', async () => {
  const { page, consoleErrors } = await openWard({ width: 375, height: 740 });
  await page.evaluate(() => window.quotaPlanner.setPolicy({ start: '2025-05-08', end: '2025-05-30', excludeWeekdays: [0] }));
  await page.getByRole('tab', { name: 'Lịch theo ngày' }).click();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the page is ${width}px wide`);
  const scroller = page.getByRole('treegrid', { name: 'Lịch lũy kế theo ngày' });
  assert.ok(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth), 'days scroll inside the grid');
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('the day-by-day plan downloads as CSV through the shared download routine', async () => {
  const { page } = await openWard();
  await page.evaluate(() => {
    window.quotaPlanner.setPolicy({ start: '2025-05-08', end: '2025-05-30', excludeWeekdays: [0] });
    window.quotaPlanner.setLevelDailyTarget(1, 50);
  });
  await page.getByRole('tab', { name: 'Lịch theo ngày' }).or(page.getByText('Lịch theo ngày', { exact: true })).first().click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải lịch (CSV)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'lich-theo-ngay.csv');
  const text = await (await import('node:fs')).promises.readFile(await download.path(), 'utf8');
  assert.match(text, /08\/05/);
  assert.match(text, /Tổ dân phố 1/);
  await page.close();
});
