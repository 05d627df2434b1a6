// Browser benchmark (not a test: it prints figures, asserts nothing).
// The page's wasm memory after each step on a large plan: the import,
// an edit, its undo, a recompute in each rounding mode, plan(), both
// exports, then a second import of the same file over the first. Wasm
// memory never shrinks, so each figure is the peak so far; the growth of
// a step is what it needed beyond what earlier steps had freed.
// Usage: node tests/browser/bench-memory.mjs [units] (QP_DIST=dir for another build).
import fs from 'node:fs';
import { serveDist, launch, openPlanner, csvOf } from './harness.mjs';

const units = Number(process.argv[2]) || 100041;
const { server, origin } = await serveDist();
const browser = await launch();
const { page } = await openPlanner(browser, origin);
let crashed = null;
page.on('crash', () => { crashed = 'the page crashed (out of memory?)'; });
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`${units} units; load average ${load()}`);
await page.evaluate((text) => { window.__bytes = new TextEncoder().encode(text); }, csvOf(units));
const memory = () => page.evaluate(async () => {
  const glue = await import(new URL('quota-planner-glue.js', location.href).href);
  const wasm = await glue.default();
  return wasm.memory.buffer.byteLength;
});
const steps = [
  ['start (the sample)', null],
  ['import', () => window.quotaPlanner.load(window.__bytes.slice(), 'plan.csv').then((r) => r.units)],
  ['edit (one unit\'s percentage)', () => window.quotaPlanner.setPercent('u5', 50)],
  ['undo', () => window.quotaPlanner.undo()],
  ['recompute, 4 rounding modes', () => {
    for (const rounding of ['largest-remainder', 'sainte-lague', 'sum-of-children', 'per-row']) {
      window.quotaPlanner.setPolicy({ rounding });
    }
  }],
  ['plan()', () => window.quotaPlanner.plan().units.length],
  ['exportXlsx()', () => window.quotaPlanner.exportXlsx().length],
  ['exportCsv()', () => window.quotaPlanner.exportCsv().length],
  ['second import of the same file', () => window.quotaPlanner.load(window.__bytes.slice(), 'plan-2.csv').then((r) => r.units)],
  ['edit after it', () => window.quotaPlanner.setPercent('u5', 60)],
];
let last = await memory();
for (const [name, step] of steps) {
  let ms = 0;
  let value = '';
  if (step) {
    try {
      const t0 = Date.now();
      value = await page.evaluate(step);
      ms = Date.now() - t0;
      // Freed in later tasks (the replaced model, the grid's rows).
      await page.evaluate(() => new Promise((r) => setTimeout(r, 1500)));
    } catch (e) {
      console.log(`${name}: failed: ${crashed ?? e.message.split('\n')[0]}`);
      break;
    }
  }
  const now = await memory();
  console.log(`${name.padEnd(34)} ${(now / 2 ** 20).toFixed(1).padStart(8)} MB  (+${((now - last) / 2 ** 20).toFixed(1)} MB)${step ? `  ${ms} ms` : ''}${value !== undefined && value !== '' ? `  → ${value}` : ''}`);
  last = now;
}
console.log(`load average ${load()}`);
await browser.close();
server.close();
