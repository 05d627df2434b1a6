// Autosave benchmark (not a test: it prints figures, asserts nothing).
// Release build in headless Chromium, the ~100,000-unit national plan:
// main-thread time of each autosave write after an edit (the journal
// append: take the steps, serialise them, hand them to IndexedDB), of each
// snapshot (the whole plan: opening a file, compaction), and of restoring
// the draft on reload.
import { serveDist, launch, openPlanner, nationalCsv, stats, fmt } from './harness.mjs';

const { server, origin } = await serveDist();
const browser = await launch();
const { page } = await openPlanner(browser, origin);

const units = await page.evaluate(async (text) => {
  const report = await window.quotaPlanner.load(new TextEncoder().encode(text), 'quoc-gia.csv');
  return report.units;
}, nationalCsv());
await page.waitForTimeout(1500);

// 60 edits of different kinds, each left to autosave (debounce 300 ms).
const edits = 60;
for (let i = 0; i < edits; i++) {
  await page.evaluate((i) => {
    const p = window.quotaPlanner;
    if (i % 3 === 0) p.setPercent(null, 80 + (i % 20));
    else if (i % 3 === 1) p.setPercent(`u${100 + i * 977}`, 70 + (i % 25));
    else p.setTarget(`u${200 + i * 1531}`, null);
  }, i);
  await page.waitForTimeout(450);
}
// A paste-sized edit: 1,000 overrides in one undo step.
await page.evaluate(() => {
  const p = window.quotaPlanner;
  for (let i = 0; i < 1000; i++) p.setPercent(`u${1000 + i * 97}`, 85);
});
await page.waitForTimeout(4000);
const timings = await page.evaluate(() => window.quotaPlanner.__autosaveTimings());
console.log(`plan: ${units} units`);
console.log(`autosave write per edit (journal append, main thread): ${fmt(stats(timings.journal))}`);
console.log(`snapshot of the whole plan, longest main-thread task: ${fmt(stats(timings.snapshots))}`);
console.log(`  of which its final hand-over to IndexedDB: ${fmt(stats(timings.snapshotWrites))}`);

// A compaction while the planner edits in every frame: 110 steps, the
// pause that starts it, then an edit per frame for 4 s under a long-task
// observer (the snapshot is written in slices between the edits).
const during = await page.evaluate(async () => {
  const p = window.quotaPlanner;
  const before = p.__autosaveTimings().snapshots.length;
  for (let i = 0; i < 110; i++) p.setPercent(`u${10 + i * 13}`, 70 + (i % 20));
  await new Promise((r) => setTimeout(r, 3400));
  const long = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) long.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  const end = performance.now() + 4000;
  let edits = 0;
  while (performance.now() < end) {
    await new Promise((r) => requestAnimationFrame(r));
    p.setPercent(`u${1000 + (edits * 7919) % 90000}`, 60 + (edits % 30));
    edits++;
  }
  await new Promise((r) => setTimeout(r, 500));
  observer.disconnect();
  const t = p.__autosaveTimings();
  return { edits, long, snapshots: t.snapshots.slice(before) };
});
console.log(`compaction while editing every frame (${during.edits} edits in 4 s): snapshots written ${during.snapshots.length}, `
  + `their longest task ${during.snapshots.map((x) => x.toFixed(1)).join(', ') || '-'} ms; `
  + `long tasks (> 50 ms) on the page: ${during.long.length ? during.long.map((x) => x.toFixed(0)).join(', ') + ' ms' : 'none'}`);

const restores = [];
for (let i = 0; i < 3; i++) {
  const t0 = Date.now();
  await page.reload();
  await page.evaluate(() => window.quotaPlannerReady);
  restores.push(Date.now() - t0);
}
const restored = await page.evaluate(() => window.quotaPlanner.plan().units.length);
console.log(`reload until the draft is restored (${restored} units): ${fmt(stats(restores))}`);

await browser.close();
server.close();
