// Browser benchmark (not a test: it prints figures, asserts nothing).
// The main thread around an import and plan(): release build in headless
// Chromium, the generated national plan (100,041 units by default) loaded
// through load() on a planner mounted with autosave, 3 times; every
// main-thread task over 50 ms (PerformanceObserver 'longtask') from the call
// until the new plan's grid is painted and the autosave snapshot written,
// then plan() timed against JSON.parse of its own JSON text.
// Usage: node tests/browser/bench-frames.mjs [units] (QP_DIST=dir for another build).
import { serveDist, launch, openPlanner, stats, fmt, csvOf } from './harness.mjs';

const units = Number(process.argv[2]) || 100041;
const { server, origin } = await serveDist();
const browser = await launch();
const { page } = await openPlanner(browser, origin);
const result = await page.evaluate(async (text) => {
  const el = document.createElement('div');
  document.body.replaceChildren(el);
  const p = await window.QuotaPlanner.mount(el, { autosave: 'bench-frames' });
  const tasks = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e); }).observe({ type: 'longtask' });
  const bytes = new TextEncoder().encode(text);
  const loads = [];
  const quiet = (ms) => new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 3; i++) {
    await quiet(500);
    tasks.length = 0;
    performance.clearMarks();
    const t0 = performance.now();
    await p.load(bytes, `quoc-gia-${i}.csv`);
    const t1 = performance.now();
    // The snapshot of the new draft and the grid's rows come after.
    await quiet(3000);
    // Marks 'qp:…' (a build instrumented to find where a long task goes).
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('qp:'))
      .map((m) => `${m.name.slice(3)}@${(m.startTime - t0).toFixed(1)}`);
    loads.push({ ms: t1 - t0, tasks: tasks.map((t) => [Math.round(t.startTime - t0), Math.round(t.duration)]), marks });
  }
  const plans = []; const parses = []; let size = 0;
  for (let i = 0; i < 5; i++) {
    await quiet(200);
    let t0 = performance.now();
    const plan = p.plan();
    plans.push(performance.now() - t0);
    const json = JSON.stringify(plan);
    size = json.length;
    t0 = performance.now();
    JSON.parse(json);
    parses.push(performance.now() - t0);
  }
  return { loads, plans, parses, size };
}, csvOf(units));
console.log(`load average ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`);
for (const [i, l] of result.loads.entries()) {
  console.log(`load ${i + 1}: ${l.ms.toFixed(0)} ms; tasks over 50 ms [start after the call, duration]: ${JSON.stringify(l.tasks)}`);
  if (l.marks.length) console.log(`  ${l.marks.join(' ')}`);
}
console.log(`plan(): ${fmt(stats(result.plans))}`);
console.log(`JSON.parse of its text (${(result.size / 1e6).toFixed(1)} MB): ${fmt(stats(result.parses))}`);
await browser.close();
server.close();
