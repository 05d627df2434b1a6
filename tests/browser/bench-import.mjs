// Browser benchmark (not a test: it prints figures, asserts nothing).
// Release build in headless Chromium: a generated national plan opened
// through load() on a mounted planner without autosave, as CSV and as the
// xlsx our own export writes of it. For each: the time load() takes, the
// longest main-thread task while it runs (PerformanceObserver 'longtask'),
// and the page's JS heap and wasm memory after. Sizes: node
// tests/browser/bench-import.mjs [units…] (default 100041).
import { serveDist, launch, openPlanner, stats, fmt, csvOf } from './harness.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const { server, origin } = await serveDist();
const browser = await launch();

for (const units of sizes.length ? sizes : [100041]) {
  const { page } = await openPlanner(browser, origin);
  const csv = csvOf(units);
  const result = await page.evaluate(async (text) => {
    const el = document.createElement('div');
    document.body.replaceChildren(el);
    const p = await window.QuotaPlanner.mount(el, {});
    const tasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); }).observe({ type: 'longtask' });
    const measure = async (bytes, name) => {
      const times = [];
      let longest = 0; let report;
      for (let i = 0; i < (bytes.length > 20e6 ? 1 : 3); i++) {
        await new Promise((r) => setTimeout(r, 300));
        tasks.length = 0;
        const t0 = performance.now();
        report = await p.load(bytes, name);
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 200));
        longest = Math.max(longest, ...tasks, 0);
      }
      return { times, longest, units: report.units, bytes: bytes.length };
    };
    const csvBytes = new TextEncoder().encode(text);
    const fromCsv = await measure(csvBytes, 'quoc-gia.csv');
    const t0 = performance.now();
    const xlsx = p.exportXlsx();
    const exportMs = performance.now() - t0;
    const fromXlsx = await measure(xlsx, 'quoc-gia.xlsx');
    return { fromCsv, fromXlsx, exportMs, heap: performance.memory?.usedJSHeapSize };
  }, csv);
  for (const [kind, r] of [['csv', result.fromCsv], ['xlsx', result.fromXlsx]]) {
    console.log(`${r.units} units, ${kind} ${(r.bytes / 1e6).toFixed(2)} MB: load() ${fmt(stats(r.times))}; longest main-thread task ${r.longest.toFixed(0)} ms`);
  }
  console.log(`  (xlsx made by exportXlsx in ${result.exportMs.toFixed(0)} ms; JS heap after ${(result.heap / 1e6).toFixed(0)} MB)`);
  await page.close();
}
await browser.close();
server.close();
