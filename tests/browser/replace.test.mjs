// A new plan replacing the open one, as the page does it over many short
// tasks (the worker's reply decoded a part per task, the model built a step
// per task, the old grid taken down, the model swapped, the new grid built,
// the old model freed a slice per task): Cancel at any of those tasks
// before the swap leaves the old plan exactly as it was, and a second
// import replaces the first whole. No timings asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlanner, nationalCsv } from './harness.mjs';

const env = useBrowser();

test('Cancel k tasks after the worker replied, for every k: the old plan exactly, or the new one whole', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  // The worker's reply reaches the page 400 ms late (so the progress bar,
  // shown from 300 ms, is up even for a quick import); then, after
  // `__cancelAfter` of the page's tasks (queued the way the page queues its
  // own steps, `scheduler.postTask`, so each lands behind one of them),
  // Cancel is pressed as a person would.
  await page.evaluate(() => {
    const Base = window.Worker;
    window.Worker = class extends Base {
      set onmessage(handler) {
        super.onmessage = (e) => {
          if (e.data?.kind !== 'done') {
            handler.call(this, e);
            return;
          }
          setTimeout(() => {
            handler.call(this, e);
            let left = window.__cancelAfter;
            const later = (f) => (window.scheduler?.postTask ? scheduler.postTask(f) : setTimeout(f, 0));
            const tick = () => {
              if (left-- > 0) {
                later(tick);
                return;
              }
              const cancel = qpRoot().querySelector('.qp-import-progress button');
              window.__pressed = Boolean(cancel);
              cancel?.click();
            };
            later(tick);
          }, 400);
        };
      }
    };
  });
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 91));
  const before = await page.evaluate(() => JSON.stringify(window.quotaPlanner.plan()));
  // Every percentage and target changed since the plan was opened: the
  // marks stay when a cancelled import brings the old grid back.
  const marks = () => page.locator('[role=treegrid] .qp-changed').count();
  const marked = await marks();
  assert.ok(marked > 10, `${marked} cells marked`);
  // 8 communes: 20,009 units, a reply of 2 unit parts and 2 row parts.
  const csv = nationalCsv(8);
  const outcomes = [];
  for (let k = 0; k <= 16; k++) {
    const outcome = await page.evaluate(async ({ text, k }) => {
      window.__cancelAfter = k;
      window.__pressed = false;
      try {
        const report = await window.quotaPlanner.load(new TextEncoder().encode(text), `q-${k}.csv`);
        return { resolved: report.units, rows: report.unitRows.length, array: Array.isArray(report.unitRows) };
      } catch (e) {
        return { rejected: e.message, pressed: window.__pressed };
      }
    }, { text: csv, k });
    const plan = await page.evaluate(() => JSON.stringify(window.quotaPlanner.plan()));
    if (outcome.rejected) {
      assert.match(outcome.rejected, /Đã hủy mở tệp/, `k=${k}`);
      assert.equal(outcome.pressed, true, `k=${k}`);
      assert.equal(plan, before, `k=${k}: the old plan, exactly`);
      await page.getByRole('status').getByText(/Đã hủy mở tệp/).waitFor();
      await page.getByRole('treegrid').waitFor();
      assert.equal(await marks(), marked, `k=${k}: the cells changed since the plan was opened are still marked`);
    } else {
      assert.equal(outcome.resolved, 20009, `k=${k}`);
      assert.deepEqual([outcome.rows, outcome.array], [20009, true], `k=${k}: unitRows`);
      assert.equal(JSON.parse(plan).units.length, 20009, `k=${k}`);
    }
    assert.equal(await page.locator('.qp-replaceable').getAttribute('aria-busy'), 'false', `k=${k}`);
    assert.equal(await page.locator('.qp-import-progress').count(), 0, `k=${k}`);
    outcomes.push(outcome.rejected ? 'cancelled' : 'opened');
    // Once Cancel comes too late the new plan is open: no old plan to keep.
    if (!outcome.rejected) break;
  }
  console.log(`# Cancel after k tasks, k = 0…: ${outcomes.join(' ')}`);
  // The reply's head and 4 parts, the model's 4 build steps and the step
  // after them each end a task where Cancel still keeps the old plan (one
  // task for the whole model before, when this stopped at k = 6).
  const cancelled = outcomes.filter((o) => o === 'cancelled').length;
  assert.ok(cancelled >= 10, `cancelled up to k=${cancelled - 1}: ${outcomes.join(' ')}`);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('a second import of a different file replaces the first whole', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const result = await page.evaluate(async ({ first, second }) => {
    const p = window.quotaPlanner;
    const bytes = (text) => new TextEncoder().encode(text);
    await p.load(bytes(first), 'mot.csv');
    p.setPercent(null, 93);
    const report = await p.load(bytes(second), 'hai.csv');
    const over = p.plan();
    // The same file into a fresh planner on the same page.
    const el = document.createElement('div');
    document.body.append(el);
    const fresh = await window.QuotaPlanner.mount(el, {});
    const freshReport = await fresh.load(bytes(second), 'hai.csv');
    const alone = fresh.plan();
    fresh.destroy();
    return { over: JSON.stringify(over), alone: JSON.stringify(alone), report, freshReport };
  }, { first: nationalCsv(8), second: nationalCsv(3) });
  assert.equal(JSON.parse(result.over).units.length, 7504);
  assert.equal(result.over, result.alone, 'the plan is the second file\'s, nothing of the first left');
  assert.deepEqual(result.report, result.freshReport);
  // The source row of each unit: the province on row 2, then one per line.
  assert.deepEqual(result.report.unitRows.slice(0, 3), [2, 3, 4]);
  assert.equal(result.report.unitRows.length, 7504);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
