// The import worker's fixed cost paid ahead (src/ui/isolate.rs): a worker
// is started and sent the reader at the first sign of an import (the file
// chooser, a drag over the planner), a worker that read a file cleanly
// reads the next one, and a worker that trapped or was stopped is never
// used again. Every worker the page makes is recorded by a wrapper of
// `Worker` installed before the planner's scripts run: which got a task,
// which terminated. No time is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBrowser, addShadowHelper, nationalCsv } from './harness.mjs';

const env = useBrowser();
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/// The planner page with every worker recorded in `window.__workers`:
/// `{ tasks, ready, done, crashed, terminated }` in the order they were made.
async function open(width = 1280) {
  const page = await env.browser.newPage({ viewport: { width, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await addShadowHelper(page);
  await page.addInitScript(() => {
    window.__workers = [];
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        const record = { tasks: 0, ready: false, done: 0, crashed: false, terminated: false };
        window.__workers.push(record);
        this.__record = record;
        this.addEventListener('message', (e) => {
          if (e.data?.kind === 'ready') record.ready = true;
          if (e.data?.kind === 'done') record.done += 1;
          if (e.data?.kind === 'crashed') record.crashed = true;
        });
      }
      postMessage(message, transfer) {
        if (message && message.bytes) this.__record.tasks += 1;
        return super.postMessage(message, transfer);
      }
      terminate() {
        this.__record.terminated = true;
        return super.terminate();
      }
    };
  });
  await page.goto(env.origin + '/');
  await page.evaluate(() => window.quotaPlannerReady);
  return { page, errors };
}

const workers = (page) => page.evaluate(() => window.__workers.map((w) => ({ ...w })));
const csv = (rows) => ['STT;Đơn vị;Số lượng', ...rows.map(([n, name, base]) => `${n};${name};${base}`)].join('\n');
const load = (page, text, name) => page.evaluate(async ({ text, name }) => {
  try {
    const report = await window.quotaPlanner.load(new TextEncoder().encode(text), name);
    return { units: report.units, names: window.quotaPlanner.plan().units.map((u) => u.name) };
  } catch (e) {
    return { error: e.message };
  }
}, { text, name });

test('a worker started when the file chooser is pointed at reads the file chosen', async () => {
  const { page, errors } = await open();
  assert.deepEqual(await workers(page), [], 'no worker before any sign of an import');
  await page.getByText('Mở tệp…', { exact: true }).hover();
  // Started and sent the reader, which it instantiates before any file.
  await page.waitForFunction(() => window.__workers.length === 1 && window.__workers[0].ready);
  await page.getByLabel('Mở tệp…').setInputFiles({
    name: 'xa.csv', mimeType: 'text/csv', buffer: Buffer.from(csv([[1, 'Xã Một', 100], [2, 'Xã Hai', 200]])),
  });
  await page.getByRole('status').getByText(/Đã mở “xa.csv”/).waitFor();
  const seen = await workers(page);
  assert.equal(seen.length, 1, JSON.stringify(seen));
  assert.equal(seen[0].tasks, 1);
  assert.equal(seen[0].done, 1);
  assert.equal(seen[0].terminated, false, 'kept for the next file');
  assert.deepEqual(await page.evaluate(() => window.quotaPlanner.plan().units.map((u) => u.name)), ['Xã Một', 'Xã Hai']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a phone, opening the actions menu (where "Mở tệp…" is) starts the worker', async () => {
  const { page } = await open(375);
  await page.getByRole('button', { name: /Thao tác/ }).click();
  await page.waitForFunction(() => window.__workers.length === 1 && window.__workers[0].ready);
  await page.getByLabel('Mở tệp…').setInputFiles({
    name: 'dt.csv', mimeType: 'text/csv', buffer: Buffer.from(csv([[1, 'Xã Điện Thoại', 9]])),
  });
  await page.getByRole('status').getByText(/Đã mở “dt.csv”/).waitFor();
  const seen = await workers(page);
  assert.equal(seen.length, 1, JSON.stringify(seen));
  assert.equal(seen[0].done, 1);
  await page.close();
});

test('a drag over the planner starts the worker the dropped file is read by', async () => {
  const { page } = await open();
  await page.evaluate(() => {
    const target = qpRoot().querySelector('.qp');
    target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, composed: true, dataTransfer: new DataTransfer() }));
  });
  await page.waitForFunction(() => window.__workers.length === 1 && window.__workers[0].ready);
  const result = await load(page, csv([[1, 'Xã Kéo', 5]]), 'keo.csv');
  assert.deepEqual(result, { units: 1, names: ['Xã Kéo'] });
  const seen = await workers(page);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].tasks, 1);
  await page.close();
});

test('a worker that read a file cleanly reads the next one, and only the next file\'s plan comes back', async () => {
  const { page } = await open();
  const a = csv([[1, 'Xã A', 100], [2, 'Xã B', 200]]);
  const b = csv([[1, 'Phường C', 7], [2, 'Phường D', 8], [3, 'Phường E', 9]]);
  assert.deepEqual(await load(page, a, 'a.csv'), { units: 2, names: ['Xã A', 'Xã B'] });
  assert.deepEqual(await load(page, b, 'b.csv'), { units: 3, names: ['Phường C', 'Phường D', 'Phường E'] });
  assert.deepEqual(await load(page, a, 'a.csv'), { units: 2, names: ['Xã A', 'Xã B'] });
  const seen = await workers(page);
  assert.equal(seen.length, 1, `one worker for three files: ${JSON.stringify(seen)}`);
  assert.equal(seen[0].tasks, 3);
  assert.equal(seen[0].done, 3);
  assert.equal(seen[0].terminated, false);
  await page.close();
});

test('a worker whose reader trapped is let go; the next file is read by a fresh worker', async () => {
  const { page } = await open();
  assert.deepEqual(await load(page, csv([[1, 'Xã A', 1]]), 'a.csv'), { units: 1, names: ['Xã A'] });
  const data = [...fs.readFileSync(path.join(fixtures, 'calamine-xls-oom.xls'))];
  const refused = await page.evaluate(async (data) => {
    try {
      await window.quotaPlanner.load(new Uint8Array(data), 'x.xls');
      return 'loaded';
    } catch (e) {
      return e.message;
    }
  }, data);
  assert.match(refused, /bộ đọc bảng tính/);
  let seen = await workers(page);
  assert.equal(seen[0].tasks, 2, 'the kept worker got the damaged file');
  assert.equal(seen[0].crashed, true);
  assert.equal(seen[0].terminated, true, 'and was let go');
  assert.deepEqual(await load(page, csv([[1, 'Xã Sau', 3]]), 'sau.csv'), { units: 1, names: ['Xã Sau'] });
  seen = await workers(page);
  assert.ok(seen.length >= 2, JSON.stringify(seen));
  assert.equal(seen[0].tasks, 2, 'never given another file');
  assert.equal(seen.filter((w) => w.tasks > 0 && !w.terminated).length, 1);
  assert.equal(seen.at(-1).done, 1, 'a new worker read it');
  assert.equal(seen.at(-1).crashed, false);
  await page.close();
});

test('a worker whose import was stopped (a newer load) is let go and never reads another file', async () => {
  const { page } = await open();
  const outcome = await page.evaluate(async (big) => {
    const p = window.quotaPlanner;
    const settle = (promise) => promise.then((r) => ({ ok: r.units }), (e) => ({ error: e.message }));
    const first = settle(p.load(new TextEncoder().encode(big), 'lon.csv'));
    const second = settle(p.load(new TextEncoder().encode('STT;Đơn vị;Số lượng\n1;Xã Nhỏ;1\n'), 'nho.csv'));
    return [await first, await second];
  }, nationalCsv());
  assert.match(outcome[0].error, /Đã bỏ lần mở tệp này/);
  assert.equal(outcome[1].ok, 1);
  assert.deepEqual(await load(page, csv([[1, 'Xã Ba', 3]]), 'ba.csv'), { units: 1, names: ['Xã Ba'] });
  const seen = await workers(page);
  // Stopped while it read, or before the task was sent (the reader still
  // compiling): terminated either way, with nothing read.
  const stopped = seen.filter((w) => w.terminated && w.done === 0);
  assert.equal(stopped.length, 1, `the stopped import's worker: ${JSON.stringify(seen)}`);
  const used = seen.filter((w) => w.tasks > 0 && !w.terminated);
  assert.equal(used.length, 1);
  assert.equal(used[0].tasks, 2, 'the small file and the next went to the same kept worker');
  await page.close();
});

test('a destroyed planner leaves no worker behind, even one due to be started ahead after a bad file', async () => {
  const { page, errors } = await open();
  const data = [...fs.readFileSync(path.join(fixtures, 'calamine-xls-oom.xls'))];
  await page.evaluate(async (data) => {
    const el = document.createElement('div');
    document.body.append(el);
    const p = await window.QuotaPlanner.mount(el, {});
    // The page's own planner goes first: only the mounted one is left.
    window.quotaPlanner.destroy();
    try {
      await p.load(new Uint8Array(data), 'x.xls');
    } catch {
      // Refused (the reader stopped): a fresh worker is due a second later.
    }
    p.destroy();
  }, data);
  // Past the second after which a worker would have been started ahead.
  await page.waitForTimeout(2500);
  const seen = await workers(page);
  assert.ok(seen.length >= 1, JSON.stringify(seen));
  assert.deepEqual(seen.filter((w) => !w.terminated), [], `every worker ended: ${JSON.stringify(seen)}`);
  assert.deepEqual(errors, []);
  await page.close();
});
