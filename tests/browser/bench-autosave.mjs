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
