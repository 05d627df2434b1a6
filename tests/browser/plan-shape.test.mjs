// plan() builds its unit objects from columns (src/web/plan.js); these must
// be the very objects JSON.parse makes of the plan's JSON text (the test
// hook __planFromJson): same keys in the same order, same values, same
// nulls, on the sample, an edited plan with a period and daily figures,
// odd names (quotes, emoji beyond the BMP), results, and 100k units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlanner, nationalCsv } from './harness.mjs';

const env = useBrowser();

/// Both forms of plan() in the page, as JSON text (key order included).
const both = (page) => page.evaluate(() => {
  const q = window.quotaPlanner;
  const fast = q.plan();
  const parsed = q.__planFromJson();
  const keys = (o) => Object.keys(o.units[1] ?? o.units[0] ?? {}).join();
  return { fast: JSON.stringify(fast), parsed: JSON.stringify(parsed), keys: [keys(fast), keys(parsed)], units: fast.units.length };
});

test('plan() from columns equals plan() parsed from JSON, on every kind of plan', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const same = async (what) => {
    const r = await both(page);
    assert.ok(r.units > 0, what);
    assert.deepEqual(r.keys[0], r.keys[1], `${what}: key order`);
    assert.ok(r.fast === r.parsed, `${what}: plan() differs from its JSON (${r.fast.length} vs ${r.parsed.length} chars)`);
    return JSON.parse(r.fast);
  };
  const sample = await same('the sample');
  assert.equal(sample.units[0].parentId, null);
  assert.equal(sample.units[1].parentId, sample.units[0].id);

  const csv = ['STT,Mã,Đơn vị,Số lượng', ',,"Phường ""Mới""\tA",', '1,X1,Tổ 1 😀,1200', '2,,Tổ dân phố 2,1100', '3,X3,Tổ 3,1045'].join('\n');
  await page.evaluate(async (text) => {
    const q = window.quotaPlanner;
    await q.load(new TextEncoder().encode(text), 'la.csv');
    q.setPolicy({ start: '2025-05-08', end: '2025-05-30', excludeWeekdays: [0], holidays: ['2025-05-19'],
      milestones: [{ date: '2025-05-20', percentOfTarget: 87.5 }] });
    q.setPercent(null, 91.5);
    q.setPercent('u2', 87.25);
    q.setTarget('u3', 700);
    q.setDailyTarget(null, 196);
  }, csv);
  const edited = await same('an edited plan with a period');
  const u1 = edited.units.find((u) => u.name.startsWith('Tổ 1'));
  assert.equal(u1.name, 'Tổ 1 😀');
  assert.equal(typeof u1.finishDate, 'string');
  assert.equal(edited.units.find((u) => u.id === 'u3').targetLocked, true);
  assert.equal(edited.units.find((u) => u.id === 'u2').percentOverride, 87.25);
  assert.match(edited.units[0].name, /"Mới"/);

  await page.evaluate(() => window.quotaPlanner.setResult('u2', '2025-05-12', 130));
  const withResults = await same('with results');
  assert.equal(withResults.units.find((u) => u.id === 'u2').done, 130);

  await page.evaluate(async (text) => {
    await window.quotaPlanner.load(new TextEncoder().encode(text), 'quoc-gia.csv');
  }, nationalCsv());
  const national = await same('100,041 units');
  assert.equal(national.units.length, 100041);
  assert.deepEqual(consoleErrors, []);
});
