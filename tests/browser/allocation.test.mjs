// Issue 4 in the browser: percentages at every level, locks, rounding modes
// and undo, through the JS API and the UI, with the UI showing the same numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlanner, cell } from './harness.mjs';

const env = useBrowser();

const childrenSums = (plan) => {
  const sums = new Map();
  for (const u of plan.units) if (u.parentId) sums.set(u.parentId, (sums.get(u.parentId) ?? 0) + u.target);
  return plan.units.filter((u) => sums.has(u.id)).map((u) => [u.name, u.target, sums.get(u.id)]);
};

test('largest remainder: every level adds up, province 757463; undo returns to per-row', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const result = await page.evaluate(() => {
    const p = window.quotaPlanner;
    p.setPolicy({ rounding: 'largest-remainder' });
    const lr = p.plan();
    const undone = p.undo();
    const back = p.plan();
    p.redo();
    return { lr, undone, back };
  });
  assert.equal(result.lr.policy.rounding, 'largest-remainder');
  assert.equal(result.lr.units[0].target, 757463);
  for (const [name, target, sum] of childrenSums(result.lr)) assert.equal(sum, target, name);
  assert.equal(result.undone, true);
  assert.equal(result.back.policy.rounding, 'per-row');
  // In per-row mode 8 districts and the province do not add up.
  assert.equal(childrenSums(result.back).filter(([, t, s]) => t !== s).length, 9);
  // The UI shows the mode and the same numbers, with no per-row gap left.
  assert.equal(await page.getByLabel('Cách làm tròn').inputValue(), 'largest-remainder');
  const plan = await page.evaluate(() => window.quotaPlanner.plan());
  const district = plan.units.find((u) => u.name === 'Huyện Châu Thành');
  assert.equal(await (await cell(page, /Huyện Châu Thành/, 'Chỉ tiêu')).innerText(),
    district.target.toLocaleString('de-DE'));
  assert.equal(await (await cell(page, /Huyện Châu Thành/, 'Chênh lệch cấp dưới')).innerText(), '');
  // The effective rate (target ÷ eligible) of each parent is shown, one decimal.
  const rate = (district.target * 100 / district.eligible).toFixed(1).replace('.', ',') + '%';
  assert.equal(await (await cell(page, /Huyện Châu Thành/, 'Tỷ lệ thực tế')).innerText(), rate);
  await page.close();
});

test('choosing Sainte-Laguë in the UI recomputes and adds up', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const select = page.getByLabel('Cách làm tròn');
  await select.focus();
  await select.selectOption({ label: 'Sainte-Laguë (Webster)' });
  const plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.policy.rounding, 'sainte-lague');
  for (const [name, target, sum] of childrenSums(plan)) assert.equal(sum, target, name);
  await page.keyboard.press('Control+z');
  assert.equal((await page.evaluate(() => window.quotaPlanner.plan())).policy.rounding, 'per-row');
  await page.close();
});

test('level percentages, unit overrides and their fallbacks', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const r = await page.evaluate(() => {
    const p = window.quotaPlanner;
    p.setLevelPercent(2, 95);
    const a = p.plan();
    p.setPercent('u1', 80);          // district override
    p.setLevelPercent(2, null);      // communes fall back to their district's override
    const b = p.plan();
    p.setPercent('u1', null);
    const c = p.plan();
    return { a, b, c };
  });
  const commune = (plan) => plan.units.find((u) => u.name === 'TT. Châu Thành');
  assert.equal(commune(r.a).percent, 95);
  assert.equal(commune(r.a).target, Math.round(4839 * 0.95)); // 4597.05 → 4597
  assert.equal(r.a.units[1].percent, 90, 'districts keep the default');
  assert.equal(commune(r.b).percent, 80);
  assert.equal(r.b.units[1].percentOverride, 80);
  assert.equal(commune(r.c).percent, 90);
  assert.equal(commune(r.c).target, 4355);
  await page.close();
});

test('a level percentage typed in the UI', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await page.getByText('Tỷ lệ theo cấp').click();
  const field = page.getByLabel('Cấp 3 (vd. TT. Châu Thành) %');
  await field.fill('95');
  await field.press('Enter');
  await field.blur();
  assert.equal(await (await cell(page, /TT\. Châu Thành/, 'Chỉ tiêu')).innerText(), '4.597');
  assert.equal(await (await cell(page, /TT\. Châu Thành/, 'Tỷ lệ')).innerText(), '95%');
  await page.close();
});

test('locked targets: a locked district re-splits its communes; a locked commune is held', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const r = await page.evaluate(() => {
    const p = window.quotaPlanner;
    p.setPolicy({ rounding: 'largest-remainder' });
    p.setTarget('u1', 50000);
    const a = p.plan();
    p.setTarget('u2', 4000);
    const b = p.plan();
    let refused = '';
    try { p.setTarget('u2', 999999); } catch (e) { refused = e.message; }
    p.setTarget('u1', null);
    const c = p.plan();
    return { a, b, c, refused };
  });
  const sumOf = (plan, parentId) => plan.units.filter((u) => u.parentId === parentId).reduce((s, u) => s + u.target, 0);
  assert.deepEqual([r.a.units[1].target, r.a.units[1].targetLocked], [50000, true]);
  assert.equal(sumOf(r.a, 'u1'), 50000);
  assert.equal(r.b.units[2].target, 4000);
  assert.equal(sumOf(r.b, 'u1'), 50000);
  assert.match(r.refused, /lớn hơn số đủ điều kiện/);
  assert.equal(r.c.units[1].targetLocked, false);
  assert.equal(r.c.units[2].targetLocked, true);
  assert.equal(r.c.units[0].target, 757463);
  // The UI marks the locked cell.
  const target = await cell(page, /TT\. Châu Thành/, 'Chỉ tiêu');
  assert.match(await target.getAttribute('class'), /qp-locked/);
  await page.close();
});

test('typing in the percentage field is one undo step', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const field = page.getByLabel('Tỷ lệ chung (%)');
  await field.click();
  await field.press('Control+a');
  await field.pressSequentially('85');
  await field.blur();
  assert.equal((await page.evaluate(() => window.quotaPlanner.plan())).policy.defaultPercent, 85);
  await page.getByRole('button', { name: 'Hoàn tác' }).click();
  assert.equal((await page.evaluate(() => window.quotaPlanner.plan())).policy.defaultPercent, 90);
  assert.equal(await page.getByRole('button', { name: 'Hoàn tác' }).isDisabled(), true);
  await page.close();
});
