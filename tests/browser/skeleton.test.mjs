// Issue 2: the planner runs on the built-in Sóc Trăng appendix, in the
// release build, in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlanner, cell } from './harness.mjs';

const env = useBrowser();

test('opens on the built-in sample with no console errors and no foreign requests', async () => {
  const { page, consoleErrors, requests } = await openPlanner(env.browser, env.origin);
  const plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.units.length, 120);
  assert.equal(plan.units[0].name, 'Tỉnh Sóc Trăng');
  assert.equal(plan.units[0].target, 757463);
  assert.equal(plan.totals.target, 757463);
  assert.equal(plan.policy.defaultPercent, 90);
  assert.deepEqual(
    [0, 1, 2].map((l) => plan.units.filter((u) => u.level === l).length),
    [1, 11, 108],
  );
  await page.getByRole('treegrid').getByText('Tỉnh Sóc Trăng').waitFor();
  const target = await cell(page, /Tỉnh Sóc Trăng/, 'Chỉ tiêu');
  assert.equal(await target.innerText(), '757.463');
  assert.equal(await (await cell(page, /Tỉnh Sóc Trăng/, 'Số lượng')).innerText(), '841.625');
  assert.equal(await (await cell(page, /Tỉnh Sóc Trăng/, 'Tỷ lệ')).innerText(), '90%');
  await page.getByRole('status').getByText(/Chỉ tiêu 757\.463 · 120 đơn vị/).waitFor();
  assert.deepEqual(consoleErrors, []);
  const foreign = requests.filter((u) => !u.startsWith(env.origin + '/'));
  assert.deepEqual(foreign, [], 'the page fetched something other than its own files');
  await page.close();
});

test('typing 91 into the labelled percentage field recomputes every target', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const field = page.getByLabel('Tỷ lệ chung (%)');
  await field.fill('91');
  await field.press('Enter');
  const target = await cell(page, /Tỉnh Sóc Trăng/, 'Chỉ tiêu');
  await page.waitForFunction((el) => el.innerText === '765.879', await target.elementHandle());
  const plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.units[0].target, 765879);
  assert.equal(plan.policy.defaultPercent, 91);
  // A district row changed too: 58702 × 91% = 53418.82 → 53419.
  assert.equal(await (await cell(page, /Huyện Châu Thành/, 'Chỉ tiêu')).innerText(), '53.419');
  // A refused entry is reported at the field and changes nothing.
  await field.fill('101');
  await field.press('Enter');
  await page.getByRole('alert').getByText(/Tỷ lệ phải từ 0% đến 100%/).waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await target.innerText(), '765.879');
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('JS API: setPercent(null, 91), change events, undo and redo', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const result = await page.evaluate(() => {
    const p = window.quotaPlanner;
    const seen = [];
    const off = p.on('change', (e) => seen.push(e.totals.target));
    p.setPercent(null, 91);
    const after91 = p.plan().units[0].target;
    const undone = p.undo();
    const afterUndo = p.plan().units[0].target;
    const redone = p.redo();
    off();
    p.setPercent(null, 90);
    return { after91, undone, afterUndo, redone, seen };
  });
  assert.equal(result.after91, 765879);
  assert.equal(result.undone, true);
  assert.equal(result.afterUndo, 757463);
  assert.equal(result.redone, true);
  assert.deepEqual(result.seen, [765879, 757463, 765879]);
  assert.equal(await (await cell(page, /Tỉnh Sóc Trăng/, 'Chỉ tiêu')).innerText(), '757.463');
  await page.close();
});

test('bad arguments throw JavaScript Errors with clear messages', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const messages = await page.evaluate(() => {
    const p = window.quotaPlanner;
    const attempt = (f) => { try { f(); return 'no error'; } catch (e) { return `${e instanceof Error}:${e.message}`; } };
    return [
      attempt(() => p.setPercent(null, 120)),
      attempt(() => p.setPercent('u999', 80)),
      attempt(() => p.setPercent(null, 'abc')),
      attempt(() => p.setPolicy({ rounding: 'banker' })),
      attempt(() => p.on('click', () => {})),
    ];
  });
  // Each message names the method and the argument, then says what is wrong.
  assert.match(messages[0], /^true:setPercent: đối số percent: Tỷ lệ phải từ 0% đến 100% \(đã nhập 120\)/);
  assert.match(messages[1], /^true:setPercent: đối số unitId: Không có đơn vị mã “u999”/);
  assert.match(messages[2], /^true:setPercent: đối số percent: “abc” không phải là một tỷ lệ phần trăm/);
  assert.match(messages[3], /^true:setPolicy: đối số policy.rounding: Không có cách làm tròn “banker”/);
  assert.match(messages[4], /^true:on: đối số event phải là tên sự kiện “change”, “load” hoặc “error”, nhưng nhận được chuỗi “click”/);
  const plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.totals.target, 757463, 'refused edits change nothing');
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('collapsing a district hides its communes and expanding shows them again', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const grid = page.getByRole('treegrid');
  const district = grid.getByRole('row', { name: /Huyện Châu Thành/ });
  await grid.getByText('Hồ Đắc Kiện').waitFor();
  assert.equal(await district.getAttribute('aria-expanded'), 'true');
  await page.getByRole('button', { name: 'Thu gọn Huyện Châu Thành' }).click();
  await grid.getByText('Hồ Đắc Kiện').waitFor({ state: 'detached' });
  assert.equal(await district.getAttribute('aria-expanded'), 'false');
  // Collapsed parents keep their totals.
  assert.equal(await (await cell(page, /Huyện Châu Thành/, 'Chỉ tiêu')).innerText(), '52.832');
  await page.getByRole('button', { name: 'Mở rộng Huyện Châu Thành' }).click();
  await grid.getByText('Hồ Đắc Kiện').waitFor();
  await page.close();
});

test('QuotaPlanner.mount: a second, independent planner in English on the same page', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const r = await page.evaluate(async () => {
    const host = document.createElement('section');
    host.id = 'portal';
    document.body.append(host);
    const second = await window.QuotaPlanner.mount('#portal', { locale: 'en' });
    second.setPercent(null, 80);
    const first = window.quotaPlanner.plan().totals.target;
    const other = second.plan().totals.target;
    let bad = '';
    try { await window.QuotaPlanner.mount('#nowhere'); } catch (e) { bad = e.message; }
    second.destroy();
    let afterDestroy = '';
    try { second.setPercent(null, 70); } catch (e) { afterDestroy = e.message; }
    return { first, other, bad, afterDestroy, left: document.querySelectorAll('#portal *').length };
  });
  assert.equal(r.first, 757463);
  assert.equal(r.other, Math.round(841625 * 0.8));
  assert.match(r.bad, /^mount: đối số target phải là một phần tử HTML hoặc bộ chọn CSS, nhưng nhận được chuỗi “#nowhere”/);
  assert.match(r.afterDestroy, /^This planner was destroyed/);
  assert.equal(r.left, 0, 'destroy() unmounts the view');
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
