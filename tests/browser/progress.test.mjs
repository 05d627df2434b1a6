// Issue 13 in the browser: morning reports for two dates (through the JS API
// and through "Nhập báo cáo…"), the laggards list and both charts following
// them, a correction typed in the "Đã thực hiện" column and undone, the ward
// report downloaded, and the history still there after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useBrowser, openPlanner, cell } from './harness.mjs';

const env = useBrowser();

// Seed 000, phường Nguyễn Trãi: three residential groups, 3.345 at 100%.
const wardCsv = ['STT,Đơn vị,Số lượng', ',Phường Nguyễn Trãi,', '1,Tổ dân phố 1,1200',
  '2,Tổ dân phố 2,1100', '3,Tổ dân phố 3,1045'].join('\n');

// The 12th's report as a ward would send it: other spellings, one unknown row.
const report12 = ['STT,Tên đơn vị,Lũy kế', '1,TDP 1,200', '2,To dan pho 2,300', '3,Tổ 03,150',
  '4,Tổ 9,5'].join('\n');
const report13 = ['BÁO CÁO KẾT QUẢ NGÀY 13/5/2025', 'STT,Đơn vị,Kết quả', '1,Tổ dân phố 1,420',
  '2,Tổ dân phố 2,380', '3,Tổ dân phố 3,160'].join('\n');

async function openWard() {
  const opened = await openPlanner(env.browser, env.origin);
  await opened.page.evaluate(async (csv) => {
    const p = window.quotaPlanner;
    await p.load(new TextEncoder().encode(csv), 'nguyen-trai.csv');
    p.setPercent(null, 100);
    p.setPolicy({ start: '2025-05-08', end: '2025-05-30', excludeWeekdays: [0],
      milestones: [{ date: '2025-05-20', percentOfTarget: 50 }] });
  }, wardCsv);
  return opened;
}

const plan = (page, options) => page.evaluate((o) => window.quotaPlanner.plan(o), options);
const unit = async (page, name, options) => (await plan(page, options)).units.find((u) => u.name === name);

test('two reports, laggards and charts, a typed correction undone, the ward report, reload', async () => {
  const { page, consoleErrors } = await openWard();

  // The 12th through the API: the date from the file name, names matched
  // without diacritics and prefixes, the unknown row listed.
  const r = await page.evaluate((csv) => window.quotaPlanner.loadResults(
    new TextEncoder().encode(csv), 'bao cao 12.5.2025.csv'), report12);
  assert.equal(r.date, '2025-05-12');
  assert.deepEqual(r.matched.map((m) => [m.name, m.count]),
    [['Tổ dân phố 1', 200], ['Tổ dân phố 2', 300], ['Tổ dân phố 3', 150]]);
  assert.deepEqual(r.unmatched.map((u) => [u.name, u.count, u.reason]), [['Tổ 9', 5, 'no-unit']]);
  const t1 = await unit(page, 'Tổ dân phố 1');
  // Hand-computed (tests/progress.rs): plan 219 by the 4th counted day,
  // 19 behind, (1.200 − 200) ÷ 16 days left = 62,5 → 63 a day.
  assert.deepEqual([t1.done, t1.expected, t1.behind, t1.daysBehind, t1.daysLeft, t1.neededPerDay],
    [200, 219, 19, 1, 16, 63]);
  assert.deepEqual(t1.nextMilestone, { date: '2025-05-20', figure: 600, neededPerDay: 58 });
  assert.equal((await unit(page, 'Phường Nguyễn Trãi')).done, 650);

  // A bad report rejects with an Error and changes nothing.
  const bad = await page.evaluate(async () => {
    const before = JSON.stringify(window.quotaPlanner.plan());
    const out = [];
    for (const [bytes, name, date] of [[new Uint8Array([1, 2, 3, 0, 5]), 'x.xlsx'],
      [new TextEncoder().encode('STT,Đơn vị,Kết quả\n1,Tổ dân phố 1,7\n'), 'khong-ngay.csv'],
      [new TextEncoder().encode('a'), 'x.csv', '2025-02-30']]) {
      try { await window.quotaPlanner.loadResults(bytes, name, date); out.push('resolved'); }
      catch (e) { out.push(e instanceof Error ? e.message : `not an Error: ${e}`); }
    }
    return { out, same: before === JSON.stringify(window.quotaPlanner.plan()) };
  });
  assert.equal(bad.same, true);
  assert.equal(bad.out.length, 3);
  assert.ok(bad.out.every((m) => m !== 'resolved' && !m.startsWith('not an Error')), bad.out.join(' | '));
  assert.match(bad.out[1], /Không thấy ngày báo cáo/);

  // The progress view: laggards by % of target, both charts.
  await page.getByRole('tab', { name: 'Tiến độ' }).click();
  const laggards = page.getByRole('list', { name: 'Đơn vị thấp nhất' });
  await laggards.getByRole('listitem').first().waitFor();
  const lines12 = await laggards.getByRole('listitem').allInnerTexts();
  assert.deepEqual(lines12.map((l) => l.split(':')[0]), ['Tổ dân phố 3', 'Tổ dân phố 1', 'Tổ dân phố 2']);
  assert.match(lines12[0], /150\/1\.045 \(14,35%\)/);
  const burnup = page.locator('svg.qp-burnup');
  const ranking = page.locator('svg.qp-ranking');
  assert.equal(await burnup.locator('circle.qp-done-point').count(), 1);
  assert.equal(await ranking.locator('rect.qp-bar').count(), 3);
  const bar3Before = await ranking.locator('rect.qp-bar').last().getAttribute('width');

  // The 13th through "Nhập báo cáo…": the date from the title row.
  await page.getByLabel('Nhập báo cáo…').setInputFiles({ name: 'bc-sang.csv', mimeType: 'text/csv',
    buffer: Buffer.from(report13) });
  await page.getByText(/Đã nhập báo cáo ngày 13\/05\/2025: 3 đơn vị khớp/).waitFor();
  assert.deepEqual((await plan(page)).progress.resultDates, ['2025-05-12', '2025-05-13']);
  await burnup.locator('circle.qp-done-point').nth(1).waitFor();
  assert.equal(await burnup.locator('circle.qp-done-point').count(), 2);
  const lines13 = await laggards.getByRole('listitem').allInnerTexts();
  assert.notDeepEqual(lines13, lines12);
  assert.equal(lines13[0].split(':')[0], 'Tổ dân phố 3');
  assert.match(lines13[0], /160\/1\.045 \(15,31%\)/);
  assert.notEqual(await ranking.locator('rect.qp-bar').last().getAttribute('width'), bar3Before);
  // By distance behind on the 13th (5 counted days): Tổ 3 is 78 behind its
  // plan of 238; Tổ 2 is 130 ahead of 250, Tổ 1 147 ahead of 273.
  await page.getByLabel('Theo số chậm').check();
  const behind = await laggards.getByRole('listitem').allInnerTexts();
  assert.deepEqual(behind.map((l) => l.split(':')[0]), ['Tổ dân phố 3', 'Tổ dân phố 2', 'Tổ dân phố 1']);
  assert.match(behind[0], /· chậm 78$/);
  assert.match(behind[2], /· vượt 147$/);
  const api = await page.evaluate(() => window.quotaPlanner.laggards({ level: 1, count: 2, by: 'behind' }));
  assert.deepEqual(api.map((u) => [u.name, u.behind, u.expected]), [['Tổ dân phố 3', 78, 238], ['Tổ dân phố 2', -130, 250]]);
  const text = await page.evaluate(() => window.quotaPlanner.laggardsText({ level: 1, count: 2 }));
  assert.match(text, /^Kết quả đến ngày 13\/05\/2025/);
  assert.match(text, /1\. Tổ dân phố 3: 160\/1\.045 \(15,31%\)/);

  // A laggard click shows the unit in the table.
  await laggards.getByRole('button', { name: /Tổ dân phố 1/ }).click();
  assert.equal(await page.locator('svg.qp-burnup .qp-chart-title').innerHTML(), 'Tổ dân phố 1');

  // A correction typed in "Đã thực hiện" for the 13th, then undone.
  const done = await cell(page, /Tổ dân phố 1/, 'Đã thực hiện');
  assert.equal(await done.innerText(), '420');
  await done.click();
  await page.keyboard.type('450');
  await page.keyboard.press('Enter');
  assert.equal((await unit(page, 'Tổ dân phố 1')).done, 450);
  assert.equal(await (await cell(page, /Tổ dân phố 1/, 'Đã thực hiện')).innerText(), '450');
  assert.equal((await unit(page, 'Phường Nguyễn Trãi')).done, 450 + 380 + 160);
  await page.keyboard.press('Control+z');
  assert.equal((await unit(page, 'Tổ dân phố 1')).done, 420);
  assert.equal(await (await cell(page, /Tổ dân phố 1/, 'Đã thực hiện')).innerText(), '420');
  // The 12th is still there, as it was.
  assert.equal((await unit(page, 'Tổ dân phố 1', { date: '2025-05-12' })).done, 200);

  // The ward report of the whole ward: the sheet downloaded, and the text.
  await page.getByLabel('Biểu đồ cho').selectOption({ label: 'Toàn kế hoạch' });
  assert.equal(await page.locator('svg.qp-burnup .qp-chart-title').innerHTML(), 'Toàn kế hoạch');
  await page.getByText('Báo cáo kết quả', { exact: true }).click();
  assert.match(await page.locator('.qp-ward-text').innerText(), /Phường Nguyễn Trãi.*\n.*3\.345[\s\S]*Tổng số đã thực hiện: 960, đạt tỷ lệ: 28,70%/);
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải báo cáo (Excel)' }).click(),
  ]);
  assert.equal(file.suggestedFilename(), 'bao-cao-ket-qua-2025-05-13.xlsx');
  const bytes = fs.readFileSync(await file.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  const ward = await page.evaluate(() => window.quotaPlanner.wardReport());
  assert.deepEqual([ward.base, ward.done, ward.doneRate], [3345, 960, 28.7]);

  // Reload: the draft brings the history back.
  await page.waitForTimeout(600);
  await page.reload();
  await page.evaluate(() => window.quotaPlannerReady);
  const back = await plan(page);
  assert.deepEqual(back.progress.resultDates, ['2025-05-12', '2025-05-13']);
  assert.equal(back.units.find((u) => u.name === 'Tổ dân phố 1').done, 420);
  assert.equal((await unit(page, 'Tổ dân phố 3', { date: '2025-05-12' })).done, 150);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('unmatched rows are matched by hand; setResult refuses bad arguments', async () => {
  const { page, consoleErrors } = await openWard();
  await page.getByRole('tab', { name: 'Tiến độ' }).click();
  // Pasted from a chat message, for the date chosen.
  await page.getByLabel('Ngày xem').fill('14/05/2025');
  await page.getByLabel('Ngày xem').press('Enter');
  await page.getByText('Dán từ Excel hoặc tin nhắn').click();
  await page.getByRole('textbox', { name: 'Dán từ Excel hoặc tin nhắn' }).fill('Tổ 1: 500\nTổ 2: 450\nTo dan pho ba: 170');
  await page.getByRole('button', { name: 'Nhập số đã dán' }).click();
  await page.getByText(/Đã nhập báo cáo ngày 14\/05\/2025: 2 đơn vị khớp, 1 dòng chưa khớp, 1 đơn vị chưa có số/).waitFor();
  await page.getByLabel('Khớp với To dan pho ba').selectOption({ label: 'Tổ dân phố 3 (Phường Nguyễn Trãi)' });
  assert.equal((await unit(page, 'Tổ dân phố 3')).done, 170);
  assert.equal((await unit(page, 'Phường Nguyễn Trãi')).done, 1120);
  const refused = await page.evaluate(() => {
    const out = [];
    for (const args of [['u9', '2025-05-14', 1], ['u1', '14/05/2025', 1], ['u1', '2025-05-14', -3]]) {
      try { window.quotaPlanner.setResult(...args); out.push('ok'); }
      catch (e) { out.push(e instanceof Error ? e.message : 'not an Error'); }
    }
    return out;
  });
  assert.ok(refused.every((m) => m !== 'ok' && m !== 'not an Error'), refused.join(' | '));
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
