// Browser benchmark (prints figures, asserts nothing): `setPercent(null, …)`
// → full recompute through the public API, per rounding mode, without and
// with a campaign period (08/05–30/05/2025, Sundays and 19/05 off, a 50%
// milestone, 196 a day for every lowest unit: the schedule runs with every
// recompute), on the release build in headless Chromium.
//   node tests/browser/bench-recompute.mjs [communes] [calls]
// communes: 40 gives the 100,041-unit plan of `nationalCsv()` (default),
// 400 gives 1,000,401 units (province > communes > 50 groups > 49 officers).
// QP_DIST=dir benchmarks another build's dist (A/B runs).
import { readFileSync } from 'node:fs';
import { serveDist, launch, openPlanner, nationalCsv, recomputeTimes, stats, fmt } from './harness.mjs';

const communes = Number(process.argv[2] ?? 40);
const calls = Number(process.argv[3] ?? (communes > 100 ? 10 : 40));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

const { server, origin } = await serveDist();
const browser = await launch();
try {
  const { page } = await openPlanner(browser, origin);
  const units = await page.evaluate(async (text) => {
    const report = await window.quotaPlanner.load(new TextEncoder().encode(text), 'quoc-gia.csv');
    return report.units;
  }, nationalCsv(communes));
  console.log(`plan: ${units} units; load average ${load()}; ${process.env.QP_DIST ?? 'dist'}`);
  const ROUNDINGS = ['per-row', 'largest-remainder', 'sainte-lague', 'sum-of-children'];
  const times = (rounding) => recomputeTimes(page, rounding, calls);
  const line = (label, xs) => {
    const s = stats(xs);
    console.log(`${label}: ${fmt(s)}, min ${Math.min(...xs).toFixed(2)} ms`);
  };
  for (const rounding of ROUNDINGS) line(`setPercent → recompute, ${rounding}`, await times(rounding));
  await page.evaluate(() => {
    const p = window.quotaPlanner;
    p.setPolicy({ start: '2025-05-08', end: '2025-05-30', excludeWeekdays: [0], holidays: ['2025-05-19'],
      milestones: [{ date: '2025-05-20', percentOfTarget: 50 }] });
    p.setDailyTarget(null, 196);
  });
  for (const rounding of ROUNDINGS) line(`with the period: setPercent → recompute + schedule, ${rounding}`, await times(rounding));
  console.log(`load average at the end ${load()}`);
} finally {
  await browser.close();
  server.close();
}
