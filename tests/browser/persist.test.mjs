// Issue 8, keeping work: the plan file (download, reopen, refusals),
// autosave across a reload with its undo history, named drafts, two tabs on
// one draft, and storage that the browser refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useBrowser, openPlanner, nationalCsv } from './harness.mjs';

const env = useBrowser();

const plan = (page) => page.evaluate(() => window.quotaPlanner.plan());

/// A few edits of every kind, through the API.
async function edit(page) {
  await page.evaluate(() => {
    const p = window.quotaPlanner;
    p.setPolicy({ rounding: 'largest-remainder' });
    p.setPercent(null, 91.5);
    p.setLevelPercent(2, 95);
    p.setPercent('u3', 87.25);
    p.setTarget('u5', 2000);
    p.setDailyTarget(null, 196);
    p.setDailyTarget('u7', 250);
  });
}

/// Reloads the page and waits for its planner (restored from its draft).
const reload = async (page) => {
  await page.reload();
  await page.evaluate(() => window.quotaPlannerReady);
};

/// Waits until autosave has written (debounced by 300 ms).
const settle = (page) => page.waitForTimeout(1200);

test('the plan file downloads from the toolbar and Ctrl+S, and reopens to the same plan', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await edit(page);
  const before = await plan(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Lưu tệp kế hoạch' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^soc-trang-2025\.kehoach\.json$/);
  const bytes = fs.readFileSync(await download.path());
  const file = JSON.parse(bytes.toString('utf8'));
  assert.equal(file.format, 'quota-planner-plan');
  assert.equal(file.version, 1);
  assert.equal(file.history, undefined);
  // Ctrl+S gives the same file, also from inside the grid.
  await page.getByRole('treegrid').focus();
  const [again] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
  assert.deepEqual(fs.readFileSync(await again.path()), bytes);

  // Something else is open; the file brings the plan back.
  await page.evaluate(() => { window.quotaPlanner.setPercent(null, 50); window.quotaPlanner.setPolicy({ rounding: 'per-row' }); });
  assert.notDeepEqual(await plan(page), before);
  await page.getByLabel('Mở tệp…').setInputFiles({ name: 'ke-hoach.json', mimeType: 'application/json', buffer: bytes });
  await page.getByRole('status').getByText(/Đã mở tệp kế hoạch “ke-hoach.json”: 120 đơn vị/).waitFor();
  assert.deepEqual(await plan(page), before);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('mount({plan: exportJson()}) reopens the same plan; load() takes a plan file too', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await edit(page);
  const result = await page.evaluate(async () => {
    const saved = window.quotaPlanner.exportJson();
    const host = document.createElement('div');
    document.body.append(host);
    const second = await window.QuotaPlanner.mount(host, { plan: saved, locale: 'en' });
    const fromText = await window.QuotaPlanner.mount(document.body.appendChild(document.createElement('div')),
      { plan: JSON.stringify(saved) });
    const out = { saved, first: window.quotaPlanner.plan(), second: second.plan(), third: fromText.plan() };
    second.destroy(); fromText.destroy();
    return out;
  });
  assert.equal(result.saved.format, 'quota-planner-plan');
  assert.equal(result.saved.units.length, 120);
  assert.equal(result.saved.policy.defaultPercent, '91.5');
  // English messages differ; the numbers do not.
  const strip = (p) => ({ ...p, warnings: p.warnings.map((w) => ({ ...w, message: '' })) });
  assert.deepEqual(strip(result.second), strip(result.first));
  assert.deepEqual(result.third, result.first);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('damaged, foreign and newer plan files are refused and the open plan stays', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await edit(page);
  const before = await plan(page);
  const saved = await page.evaluate(() => window.quotaPlanner.exportJson());
  const text = JSON.stringify(saved);
  const cases = [
    ['hong.json', text.slice(0, text.length / 2), /Tệp kế hoạch bị hỏng/],
    ['moi.json', JSON.stringify({ ...saved, version: 7, units: 'elsewhere' }), /phiên bản Lập chỉ tiêu mới hơn/],
    ['sai.json', JSON.stringify({ ...saved, policy: { ...saved.policy, defaultPercent: '120' } }), /tỷ lệ không hợp lệ/],
  ];
  for (const [name, body, message] of cases) {
    await page.getByLabel('Mở tệp…').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
    await page.getByRole('alert').getByText(message).waitFor();
    await page.getByRole('alert').getByText(/Kế hoạch đang mở không thay đổi/).waitFor();
    assert.deepEqual(await plan(page), before, name);
    await page.getByRole('button', { name: 'Đóng thông báo' }).click();
  }
  // Through the API: Errors with the same words, nothing changed.
  const errors = await page.evaluate(async (body) => {
    const out = [];
    try { await window.QuotaPlanner.mount(document.body.appendChild(document.createElement('div')), { plan: { ...body, version: 3 } }); }
    catch (e) { out.push(e instanceof Error && e.message); }
    try { await window.QuotaPlanner.mount(document.body.appendChild(document.createElement('div')), { plan: 42 }); }
    catch (e) { out.push(e instanceof Error && e.message); }
    try { await window.quotaPlanner.load(new TextEncoder().encode('{"format": "quota-planner-plan", "version": 1'), 'x.json'); }
    catch (e) { out.push(e instanceof Error && e.message); }
    return out;
  }, saved);
  assert.match(errors[0], /mới hơn/);
  assert.match(errors[1], /^mount: đối số options\.plan phải là tệp kế hoạch/);
  assert.match(errors[2], /bị hỏng/);
  assert.deepEqual(await plan(page), before);
  await page.close();
});

test('autosave: a reload restores the plan, the current cell and the undo history', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await edit(page);
  const beforeLast = await plan(page);
  // The last edit through the grid: type a percentage in a cell.
  const grid = page.getByRole('treegrid');
  await grid.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  const active = await grid.getAttribute('aria-activedescendant');
  await page.evaluate(() => window.quotaPlanner.setPercent('u4', 80));
  const edited = await plan(page);
  assert.notDeepEqual(edited, beforeLast);
  await settle(page);
  await reload(page);
  assert.deepEqual(await plan(page), edited);
  await page.getByRole('status').getByText(/Đã khôi phục bản nháp/).waitFor();
  assert.equal(await page.getByRole('treegrid').getAttribute('aria-activedescendant'), active);
  await page.getByRole('treegrid').focus();
  await page.keyboard.press('Control+z');
  assert.deepEqual(await plan(page), beforeLast);
  // Undo is itself stored: after another reload the undone edit stays undone.
  await settle(page);
  await reload(page);
  assert.deepEqual(await plan(page), beforeLast);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('drafts: a new file is a new draft; create, rename, open and delete from the list', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  page.on('dialog', (d) => d.accept());
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 80));
  const sample80 = await plan(page);
  await page.getByRole('button', { name: 'Bản nháp…' }).click();
  const list = page.getByRole('region', { name: 'Bản nháp đã lưu trong trình duyệt' });
  await list.getByText('soc-trang-2025.csv (đang mở)').waitFor();

  // Opening a file starts a new draft; the sample's draft is kept.
  await page.getByLabel('Mở tệp…').setInputFiles({
    name: 'an-lac.csv', mimeType: 'text/csv', buffer: Buffer.from('STT,Đơn vị,Số lượng\n,Phường An Lạc,300\n1,Tổ 1,100\n2,Tổ 2,200\n'),
  });
  await list.getByText('an-lac.csv (đang mở)').waitFor();
  await list.getByText('soc-trang-2025.csv', { exact: true }).waitFor();
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 70));
  const anLac70 = await plan(page);

  // Rename the sample's draft with the keyboard.
  await list.getByRole('button', { name: 'Đổi tên “soc-trang-2025.csv”' }).click();
  const nameField = list.getByLabel('Tên bản nháp');
  await nameField.fill('Sóc Trăng 80%');
  await nameField.press('Enter');
  await list.getByText('Sóc Trăng 80%', { exact: true }).waitFor();

  // Open it: the sample at 80% is back, the other draft keeps its edit.
  await list.getByRole('button', { name: 'Mở “Sóc Trăng 80%”' }).click();
  await list.getByText('Sóc Trăng 80% (đang mở)').waitFor();
  assert.deepEqual(await plan(page), sample80);
  await list.getByRole('button', { name: 'Mở “an-lac.csv”' }).click();
  await list.getByText('an-lac.csv (đang mở)').waitFor();
  assert.deepEqual(await plan(page), anLac70);

  // A new draft from the open plan, then delete the renamed one.
  await list.getByRole('button', { name: 'Bản nháp mới từ kế hoạch đang mở' }).click();
  await list.getByRole('listitem').nth(2).waitFor();
  assert.equal(await list.getByRole('listitem').count(), 3);
  await list.getByRole('button', { name: 'Xóa “Sóc Trăng 80%”' }).click();
  await list.getByText('Sóc Trăng 80%').waitFor({ state: 'detached' });
  assert.equal(await list.getByRole('listitem').count(), 2);
  // The open draft cannot be deleted.
  const current = list.getByRole('listitem').filter({ hasText: '(đang mở)' });
  assert.equal(await current.getByRole('button', { name: /^Xóa/ }).isDisabled(), true);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('two tabs on one draft: the second is told and works on a copy', async () => {
  const context = await env.browser.newContext();
  const first = await context.newPage();
  await first.goto(env.origin + '/');
  await first.evaluate(() => window.quotaPlannerReady);
  await first.evaluate(() => window.quotaPlanner.setPercent(null, 77));
  await settle(first);
  const second = await context.newPage();
  await second.goto(env.origin + '/');
  await second.evaluate(() => window.quotaPlannerReady);
  await second.getByRole('alert').getByText(/đang mở ở một thẻ khác/).waitFor();
  // Same plan, but the second tab's edits go to its copy.
  assert.equal((await plan(second)).policy.defaultPercent, 77);
  await second.evaluate(() => window.quotaPlanner.setPercent(null, 60));
  await settle(second);
  await first.reload();
  await first.evaluate(() => window.quotaPlannerReady);
  assert.equal((await plan(first)).policy.defaultPercent, 77);
  await context.close();
});

test('storage refused: told once, the plan still works and saves as a file', async () => {
  const page = await env.browser.newPage();
  const consoleErrors = [];
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function () { throw new DOMException('The user denied permission', 'SecurityError'); };
  });
  await page.goto(env.origin + '/');
  await page.evaluate(() => window.quotaPlannerReady);
  const notice = page.getByRole('alert').getByText(/không cho lưu tự động/);
  await notice.waitFor();
  await page.getByRole('button', { name: 'Đóng thông báo' }).click();
  await page.evaluate(() => { window.quotaPlanner.setPercent(null, 85); window.quotaPlanner.setPercent('u3', 70); });
  await page.getByRole('treegrid').focus();
  await page.keyboard.press('Control+z');
  await settle(page);
  assert.equal(await notice.count(), 0, 'told once, not at every edit');
  assert.equal((await plan(page)).policy.defaultPercent, 85);
  // Leaving with unstored work asks first (the handler cancels the unload).
  const asks = () => page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });
  assert.equal(await asks(), true);
  // A saved plan file is not lost work.
  await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
  assert.equal(await asks(), false);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('a portal mounting its own plan with autosave gets that plan, not the key\'s last draft', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const result = await page.evaluate(async () => {
    const host = () => document.body.appendChild(document.createElement('div'));
    // A first visit leaves a draft at 95% under the key.
    const first = await window.QuotaPlanner.mount(host(), { autosave: 'portal' });
    first.setPercent(null, 95);
    await new Promise((r) => setTimeout(r, 1200));
    const saved = first.exportJson();
    first.destroy();
    // Restored when nothing is passed in...
    const again = await window.QuotaPlanner.mount(host(), { autosave: 'portal' });
    const restored = again.plan().policy.defaultPercent;
    again.destroy();
    // ...but a plan passed in wins.
    saved.policy.defaultPercent = '80';
    const given = await window.QuotaPlanner.mount(host(), { autosave: 'portal', plan: saved });
    const kept = given.plan().policy.defaultPercent;
    given.destroy();
    return { restored, kept };
  });
  assert.deepEqual(result, { restored: 95, kept: 80 });
  await page.close();
});

/// Edits from the page's own timers (percentages, undo, redo), one every
/// 15 ms until `until` is true or `ms` have passed; how many were made.
const keepEditing = (page, { untilSnapshots = null, ms = 20000 } = {}) => page.evaluate(async ({ untilSnapshots, ms }) => {
  const p = window.quotaPlanner;
  const units = p.plan().units.length;
  const end = Date.now() + ms;
  const done = () => Date.now() > end
    || (untilSnapshots !== null && p.__autosaveTimings().snapshots.length >= untilSnapshots);
  let n = 0;
  do {
    n++;
    if (n % 5 === 0) p.undo();
    else if (n % 7 === 0) p.redo();
    else p.setPercent(`u${1 + ((n * 7919) % (units - 1))}`, 60 + (n % 35));
    await new Promise((r) => setTimeout(r, 15));
  } while (!done());
  return n;
}, { untilSnapshots, ms });

test('autosave: a large plan edited while its snapshot is written reloads to the same plan and undo history (the reload may come during a compaction)', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const snapshots = () => page.evaluate(() => window.quotaPlanner.__autosaveTimings().snapshots.length);
  const before = await snapshots();
  const units = await page.evaluate(async (text) => {
    const report = await window.quotaPlanner.load(new TextEncoder().encode(text), 'lon.csv');
    return report.units;
  }, nationalCsv(40));
  assert.ok(units > 100000);
  // The new draft's first snapshot is written while the planner edits.
  const made = await keepEditing(page, { untilSnapshots: before + 1 });
  assert.ok(made > 0);
  assert.equal(await snapshots(), before + 1, 'the snapshot was written once, not given up');

  // What undo gives, to check the history after the reload.
  const reloadAndCompare = async (label, stored) => {
    const expected = await plan(page);
    const undone = await page.evaluate(() => {
      const p = window.quotaPlanner;
      p.undo(); p.undo(); p.undo();
      const undone = p.plan();
      p.redo(); p.redo(); p.redo();
      return undone;
    });
    assert.deepEqual(await plan(page), expected);
    // Long enough for the journal's write (300 ms after an edit).
    await page.waitForTimeout(stored);
    await reload(page);
    assert.deepEqual(await plan(page), expected, `${label}: the plan`);
    await page.evaluate(() => { const p = window.quotaPlanner; p.undo(); p.undo(); p.undo(); });
    assert.deepEqual(await plan(page), undone, `${label}: three undos`);
    await page.evaluate(() => { const p = window.quotaPlanner; p.redo(); p.redo(); p.redo(); });
  };
  await reloadAndCompare('after the first snapshot', 1200);

  // A compaction (after 100 stored steps and a pause) while the planner
  // edits again, then a reload that may come in its middle: the last
  // snapshot and the journal, or the new snapshot and the steps after it.
  for (const wait of [0, 3100]) {
    await page.evaluate(() => {
      const p = window.quotaPlanner;
      for (let i = 0; i < 110; i++) p.setPercent(`u${10 + i * 13}`, 70 + (i % 20));
    });
    await page.waitForTimeout(400 + wait);
    await keepEditing(page, { ms: 700 });
    await reloadAndCompare(`compaction, edits from ${wait} ms`, 600);
  }
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('drafts: a duplicate is the draft as it was, with its undo history, steps not yet stored included', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 80));
  const at80 = await plan(page);
  await settle(page);
  await page.getByRole('button', { name: 'Bản nháp…' }).click();
  const list = page.getByRole('region', { name: 'Bản nháp đã lưu trong trình duyệt' });
  await list.getByText('soc-trang-2025.csv (đang mở)').waitFor();
  // The last edit is still waiting for its write when the copy is made.
  await page.evaluate(() => window.quotaPlanner.setPercent('u3', 70));
  const copied = await plan(page);
  await list.getByRole('button', { name: 'Nhân bản “soc-trang-2025.csv”' }).click();
  await list.getByText('soc-trang-2025.csv (bản sao)', { exact: true }).waitFor();
  // The original goes on; the copy does not follow.
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 60));
  await settle(page);
  await list.getByRole('button', { name: 'Mở “soc-trang-2025.csv (bản sao)”' }).click();
  await list.getByText('soc-trang-2025.csv (bản sao) (đang mở)').waitFor();
  assert.deepEqual(await plan(page), copied);
  await page.evaluate(() => window.quotaPlanner.undo());
  assert.deepEqual(await plan(page), at80, 'its history came with it');
  // And it is kept across a reload like any draft.
  await settle(page);
  await reload(page);
  assert.deepEqual(await plan(page), at80);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
