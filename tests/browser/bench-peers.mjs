// Peer benchmark (not a test: it prints figures, asserts nothing); run it
// through scripts/bench-peers.sh. Release build in headless Chromium. For
// each size, one page holds the planner and both peers, and every figure
// of that size is measured there, on the same bytes, one after the other:
//   - import: our load() (to resolution) of the xlsx and of the CSV against
//     SheetJS's XLSX.read of the same bytes;
//   - recompute after the plan-wide percentage changes: setPercent(null, p)
//     in each rounding mode against HyperFormula holding the same hierarchy
//     as formulas (lowest units =ROUND(base*pct,0) with pct in one cell,
//     parents =SUM of their children), timing setCellContents of that cell;
//   - edit-to-paint (one unit's percentage → the next animation frame);
//   - export: exportXlsx()/exportCsv() against SheetJS writing the workbook
//     it read as xlsx / CSV (a lighter job: 3 columns of values, where ours
//     writes every column and the formulas);
//   - memory: the page's JS heap (CDP Runtime.getHeapUsage, sampled every
//     100 ms, so between tasks, after a forced GC before each phase) and the
//     page's wasm memory (the module's memory buffer). Our import runs in a
//     throw-away worker whose memory is not counted.
// Peers are loaded into the page with page.addScriptTag from node_modules;
// the product never loads them. A phase that does not finish within the
// guard is reported as such, and the page is dropped.
//
// node tests/browser/bench-peers.mjs --data DIR [--sizes 1k,10k,100k] [--out FILE] [--guard SECONDS]
// DIR holds plan-N.csv / plan-N.xlsx (examples/gen_plan.rs).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execSync } from 'node:child_process';
import { serveDist, launch, openPlanner, recomputeTimes, stats } from './harness.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const parseSize = (s) => {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`bad size "${s}" (1k, 10k, 100k, 1m or a number)`);
  return Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()]);
};
const sizes = arg('sizes', '1k,10k,100k').split(',').map(parseSize);
const dataDir = arg('data', 'target/bench-peers');
const outFile = arg('out', 'target/bench-peers.json');
const guardMs = Number(arg('guard', '180')) * 1000;

// The peers' browser builds, read from the repo's node_modules (their
// package "exports" hide these files from require.resolve).
const modules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');
const peerScripts = {
  sheetjs: path.join(modules, 'xlsx/dist/xlsx.full.min.js'),
  hyperformula: path.join(modules, 'hyperformula/dist/hyperformula.full.min.js'),
};
const version = (name) => JSON.parse(fs.readFileSync(path.join(modules, name, 'package.json'), 'utf8')).version;
const peerVersions = { sheetjs: version('xlsx'), hyperformula: version('hyperformula') };

const ROUNDINGS = ['per-row', 'largest-remainder', 'sainte-lague', 'sum-of-children'];
const loadavg = () => os.loadavg().map((x) => Number(x.toFixed(2)));

class Unfinished extends Error {}

/// One size, one page: every phase in order, each under the guard.
async function measureSize(browser, origin, units) {
  const files = { csv: path.join(dataDir, `plan-${units}.csv`), xlsx: path.join(dataDir, `plan-${units}.xlsx`) };
  const out = { units, files: {}, loadavgBefore: loadavg(), phases: {} };
  for (const [k, f] of Object.entries(files)) out.files[k] = { path: f, bytes: fs.statSync(f).size };
  const big = units > 300_000;
  const runs = big ? 1 : 3;

  const { page } = await openPlanner(browser, origin);
  let crashed = null;
  page.on('crash', () => { crashed = 'the page crashed (out of memory?)'; });
  await page.addScriptTag({ path: peerScripts.sheetjs });
  await page.addScriptTag({ path: peerScripts.hyperformula });
  const cdp = await page.context().newCDPSession(page);

  let dead = null; // why the page can no longer be used
  /// Runs fn(page) with the guard and a heap sampler; records its result
  /// (or why it did not finish) under out.phases[name].
  async function phase(name, fn) {
    if (dead) { out.phases[name] = { skipped: dead }; return null; }
    let peak = 0; let base = 0; let sampling = true;
    try {
      await cdp.send('HeapProfiler.collectGarbage');
      base = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    } catch { /* a crashed page: the phase reports it */ }
    const sampler = (async () => {
      while (sampling) {
        try { peak = Math.max(peak, (await cdp.send('Runtime.getHeapUsage')).usedSize); } catch { return; }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const t0 = Date.now();
    let timer;
    try {
      const result = await Promise.race([
        fn(page),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Unfinished()), guardMs); }),
      ]);
      sampling = false;
      await sampler;
      try { peak = Math.max(peak, (await cdp.send('Runtime.getHeapUsage')).usedSize); } catch { /* ignore */ }
      out.phases[name] = { ...result, heapBefore: base, heapPeakGrowth: Math.max(0, peak - base) };
      return result;
    } catch (e) {
      sampling = false;
      const why = e instanceof Unfinished ? `did not finish in ${guardMs / 1000} s`
        : crashed ?? (e.message.split('\n')[0]);
      out.phases[name] = { unfinished: why, after: (Date.now() - t0) / 1000 };
      if (e instanceof Unfinished || crashed || /Target (page, context or browser )?closed|crash/i.test(e.message)) {
        dead = `page dropped after "${name}": ${why}`;
      }
      return null;
    } finally {
      clearTimeout(timer);
      console.error(`  ${units}: ${name} ${out.phases[name].unfinished ?? 'done'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }

  await page.evaluate(async ({ units, data }) => {
    const get = async (name) => {
      const res = await fetch(`${data}/${name}`);
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    };
    window.__bench = { csv: await get(`plan-${units}.csv`), xlsx: await get(`plan-${units}.xlsx`) };
    // Longest main-thread tasks, for the import.
    window.__bench.tasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.tasks.push(e.duration); })
      .observe({ type: 'longtask' });
  }, { units, data: dataOrigin });

  // The page's wasm memory (it only grows: each reading is the peak so
  // far): the glue's init() hands back the instance it already made.
  const wasmMemory = (name) => phase(`ours.wasmMemory.${name}`, (p) => p.evaluate(async () => {
    // The glue the page's entry (quota-planner.js) imported through its
    // stable alias: the same module instance.
    const glue = await import(new URL('quota-planner-glue.js', location.href).href);
    const wasm = await glue.default();
    return { bytes: wasm.memory.buffer.byteLength };
  }));
  // Our import: load() of a fresh copy each run (load may transfer it).
  for (const kind of ['csv', 'xlsx']) {
    await phase(`ours.import.${kind}`, (p) => p.evaluate(async ({ kind, runs }) => {
      const b = window.__bench;
      const times = []; let longest = 0; let report;
      for (let i = 0; i < runs; i++) {
        const bytes = b[kind].slice();
        await new Promise((r) => setTimeout(r, 200));
        b.tasks.length = 0;
        const t0 = performance.now();
        try {
          report = await window.quotaPlanner.load(bytes, `plan.${kind}`);
        } catch (e) {
          return { refused: String(e.message ?? e) };
        }
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 100));
        longest = Math.max(longest, ...b.tasks, 0);
      }
      return { times, longestTask: longest, units: report.units, warnings: report.warnings.length };
    }, { kind, runs }));
  }
  const loaded = out.phases['ours.import.xlsx']?.units ?? out.phases['ours.import.csv']?.units;
  await wasmMemory('afterImport');

  if (loaded) {
    await phase('ours.plan', (p) => p.evaluate(() => {
      const t0 = performance.now();
      const plan = window.quotaPlanner.plan();
      return { times: [performance.now() - t0], units: plan.units.length };
    }));
    for (const rounding of ROUNDINGS) {
      await phase(`ours.recompute.${rounding}`, async (p) => ({
        times: await recomputeTimes(p, rounding, big ? 10 : 40),
      }));
    }
    // The total at 91.5 % in the mode HyperFormula's formulas spell out
    // (lowest units rounded one by one, parents the sum of their children),
    // to check both hold the same plan.
    await phase('ours.total', (p) => p.evaluate(() => {
      const q = window.quotaPlanner;
      q.setPolicy({ rounding: 'sum-of-children' });
      q.setPercent(null, 91.5);
      const total = q.plan().totals.target;
      q.setPercent(null, 90);
      return { sumOfChildrenTargetAt915: total };
    }));
    await phase('ours.editToPaint', (p) => p.evaluate(async () => {
      const q = window.quotaPlanner;
      qpRoot().querySelector('.qp-grid-scroll').scrollTop = 0;
      const frame = () => new Promise((r) => requestAnimationFrame((t) => r(t)));
      const cell = () => [...qpRoot().querySelectorAll('[id*="-cell-5-"]')].find((c) => c.classList.contains('qp-target'));
      const times = []; const work = []; let stale = 0;
      for (let i = 0; i < 40; i++) {
        await frame();
        const before = cell()?.innerText;
        const t0 = performance.now();
        q.setPercent('u5', i % 2 ? 50 : 60);
        const t1 = performance.now();
        await frame();
        times.push(performance.now() - t0);
        work.push(t1 - t0);
        if (cell()?.innerText === before) stale++;
      }
      q.setPercent('u5', null);
      return { times, work, stale };
    }));
    await wasmMemory('afterEdits');
    for (const [kind, method] of [['xlsx', 'exportXlsx'], ['csv', 'exportCsv']]) {
      await phase(`ours.export.${kind}`, (p) => p.evaluate(({ method, runs }) => {
        const times = []; let length = 0;
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          length = window.quotaPlanner[method]().length;
          times.push(performance.now() - t0);
        }
        return { times, length };
      }, { method, runs }));
    }
  }
  await wasmMemory('end');

  // SheetJS: read the same bytes; then write what it read.
  for (const kind of ['xlsx', 'csv']) {
    await phase(`sheetjs.read.${kind}`, (p) => p.evaluate(({ kind, runs }) => {
      const times = []; let rows = 0;
      for (let i = 0; i < runs; i++) {
        window.__bench.wb = null;
        const t0 = performance.now();
        const wb = XLSX.read(window.__bench[kind], { type: 'array' });
        times.push(performance.now() - t0);
        window.__bench.wb = wb;
        const ref = wb.Sheets[wb.SheetNames[0]]['!ref'];
        rows = XLSX.utils.decode_range(ref).e.r;
      }
      return { times, rows };
    }, { kind, runs }));
  }
  await phase('sheetjs.write.xlsx', (p) => p.evaluate(({ runs }) => {
    const times = []; let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      bytes = XLSX.write(window.__bench.wb, { type: 'array', bookType: 'xlsx' }).byteLength;
      times.push(performance.now() - t0);
    }
    return { times, bytes };
  }, { runs }));
  await phase('sheetjs.write.csv', (p) => p.evaluate(({ runs }) => {
    const times = []; let chars = 0;
    const wb = window.__bench.wb;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      chars = XLSX.utils.sheet_to_csv(wb.Sheets[wb.SheetNames[0]]).length;
      times.push(performance.now() - t0);
    }
    return { times, chars };
  }, { runs }));
  await page.evaluate(() => { if (window.__bench) window.__bench.wb = null; }).catch(() => {});

  // HyperFormula: the hierarchy of the CSV (outline STT: "c", "c.g",
  // "c.g.o", the top row without one) as formulas, column A the base,
  // B the target, D1 the percentage.
  await phase('hyperformula.build', (p) => p.evaluate(() => {
    const lines = new TextDecoder().decode(window.__bench.csv).split('\n').slice(1).filter((l) => l);
    const rows = lines.map((l) => l.split(','));
    const row = new Map(rows.map((r, i) => [r[0], i]));
    const children = rows.map(() => []);
    rows.forEach((r, i) => {
      if (i === 0) return;
      const code = r[0];
      const parent = code.includes('.') ? row.get(code.slice(0, code.lastIndexOf('.'))) : 0;
      children[parent].push(i);
    });
    const data = rows.map((r, i) => {
      const kids = children[i];
      if (!kids.length) return [Number(r[2]), `=ROUND(A${i + 1}*$D$1,0)`];
      const contiguous = kids.every((k, j) => k === kids[0] + j);
      const sum = contiguous ? `B${kids[0] + 1}:B${kids[kids.length - 1] + 1}` : kids.map((k) => `B${k + 1}`).join(',');
      return [null, `=SUM(${sum})`];
    });
    data[0][3] = 0.9;
    const t0 = performance.now();
    // maxRows: its default is 40,000 rows.
    window.__bench.hf = HyperFormula.buildFromArray(data, { licenseKey: 'gpl-v3', maxRows: data.length + 1 });
    const ms = performance.now() - t0;
    return { times: [ms], rows: data.length, formulas: data.length };
  }));
  await phase('hyperformula.recompute', (p) => p.evaluate(({ n }) => {
    const hf = window.__bench.hf;
    const times = [];
    let at915 = null;
    for (let i = 0; i < n; i++) {
      const pct = i % 2 ? 0.9 : 0.915;
      const t0 = performance.now();
      hf.setCellContents({ sheet: 0, col: 3, row: 0 }, [[pct]]);
      const top = hf.getCellValue({ sheet: 0, col: 1, row: 0 });
      times.push(performance.now() - t0);
      if (pct === 0.915) at915 = top;
    }
    return { times, topAt915: at915 };
  }, { n: big ? 4 : 10 }));
  await page.evaluate(() => { window.__bench?.hf?.destroy(); window.__bench = null; }).catch(() => {});

  out.loadavgAfter = loadavg();
  await Promise.race([page.close(), new Promise((r) => setTimeout(r, 15000))]).catch(() => {});
  return out;
}

// ---- the table ----
const median = (ph) => (ph?.times?.length ? stats(ph.times).median : null);
const least = (ph) => (ph?.times?.length > 1 ? Math.min(...ph.times) : null);
const p95 = (ph) => (ph?.times?.length ? stats(ph.times).p95 : null);
const ms = (x) => (x == null ? null : x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0));
const mb = (x) => (x == null ? null : (x / 1048576).toFixed(x < 1048576 ? 2 : 1));
const why = (ph) => (!ph ? '—' : ph.refused ? `refused: ${ph.refused.slice(0, 60)}` : ph.unfinished ?? ph.skipped ?? '—');
const cellOf = (ph, v, unit = 'ms') => {
  if (v == null) return why(ph);
  if (unit !== 'ms') return `${mb(v)} MB`;
  // A median with the fastest run beside it: on a busy machine the fastest is the least disturbed.
  return v === median(ph) && least(ph) != null ? `${ms(v)} ms (min ${ms(least(ph))})` : `${ms(v)} ms`;
};
const ratio = (a, b) => (a != null && b != null && b > 0 ? `${(a / b).toFixed(a / b < 0.1 ? 4 : 2)}` : '—');

function rowsOf(r) {
  const P = r.phases;
  const rows = [];
  const add = (what, oursPh, oursV, peerName, peerPh, peerV, unit = 'ms') =>
    rows.push([what, cellOf(oursPh, oursV, unit), peerName, peerName === '—' ? '—' : cellOf(peerPh, peerV, unit), ratio(oursV, peerV)]);
  for (const kind of ['xlsx', 'csv']) {
    add(`import ${kind} (${mb(r.files[kind].bytes)} MB), median`, P[`ours.import.${kind}`], median(P[`ours.import.${kind}`]),
      'SheetJS XLSX.read', P[`sheetjs.read.${kind}`], median(P[`sheetjs.read.${kind}`]));
  }
  const hf = P['hyperformula.recompute'];
  for (const rounding of ROUNDINGS) {
    const ph = P[`ours.recompute.${rounding}`];
    add(`recompute ${rounding}, median`, ph, median(ph), 'HyperFormula setCellContents', hf, median(hf));
  }
  add('edit → next frame, median', P['ours.editToPaint'], median(P['ours.editToPaint']), '—', null, null);
  add('edit → next frame, p95', P['ours.editToPaint'], p95(P['ours.editToPaint']), '—', null, null);
  add('exportXlsx, median', P['ours.export.xlsx'], median(P['ours.export.xlsx']), 'SheetJS XLSX.write (3 columns of values)', P['sheetjs.write.xlsx'], median(P['sheetjs.write.xlsx']));
  add('exportCsv, median', P['ours.export.csv'], median(P['ours.export.csv']), 'SheetJS sheet_to_csv', P['sheetjs.write.csv'], median(P['sheetjs.write.csv']));
  add('JS heap, peak growth, xlsx import', P['ours.import.xlsx'], P['ours.import.xlsx']?.heapPeakGrowth, 'SheetJS XLSX.read xlsx', P['sheetjs.read.xlsx'], P['sheetjs.read.xlsx']?.heapPeakGrowth, 'MB');
  // Where each holds the computed plan: ours in the page's wasm memory
  // (everything the module holds: plan, view, undo), HyperFormula in the JS heap.
  add('memory holding the plan: page wasm memory after import', P['ours.wasmMemory.afterImport'], P['ours.wasmMemory.afterImport']?.bytes,
    'HyperFormula JS heap growth (build)', P['hyperformula.build'], P['hyperformula.build']?.heapPeakGrowth, 'MB');
  add('page wasm memory after recomputes and edits', P['ours.wasmMemory.afterEdits'], P['ours.wasmMemory.afterEdits']?.bytes, '—', null, null, 'MB');
  add('page wasm memory at the end (plan(), exports)', P['ours.wasmMemory.end'], P['ours.wasmMemory.end']?.bytes, '—', null, null, 'MB');
  add('plan() (whole plan as JSON)', P['ours.plan'], median(P['ours.plan']), '—', null, null);
  return rows;
}

function table(r) {
  const rows = [['measure', 'ours', 'peer', 'peer figure', 'ours ÷ peer'], ...rowsOf(r)];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const line = (row) => `| ${row.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/// The generated files, from a second loopback server (CORS open): the
/// page's service worker would send a request to the page's own origin to
/// the network past any page.route.
function serveData() {
  const server = http.createServer((req, res) => {
    const file = path.join(dataDir, path.basename(decodeURIComponent(new URL(req.url, 'http://localhost').pathname)));
    const headers = { 'access-control-allow-origin': '*', 'content-type': 'application/octet-stream' };
    if (!fs.existsSync(file)) { res.writeHead(404, headers); res.end(); return; }
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/// Measures every size; returns the report that is written as JSON.
async function measureAll() {
  const started = new Date();
  const commit = (() => { try { return execSync('git rev-parse --short HEAD').toString().trim(); } catch { return null; } })();
  const { server, origin } = await serveDist();
  const dataServer = await serveData();
  dataOrigin = `http://127.0.0.1:${dataServer.address().port}`;
  let browser = await launch();
  const results = [];
  for (const units of sizes) {
    console.error(`size ${units} (load average ${loadavg().join(' ')})`);
    let r;
    try {
      r = await measureSize(browser, origin, units);
    } catch (e) {
      r = { units, error: String(e.message ?? e) };
    }
    results.push(r);
    if (!browser.isConnected()) browser = await launch();
  }
  const chromium = browser.version();
  await browser.close();
  server.close();
  dataServer.close();
  const report = {
    commit,
    started: started.toISOString(), finished: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)), node: process.version },
    chromium, peers: peerVersions, guardSeconds: guardMs / 1000, results,
  };
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(report, null, 2));
  return report;
}

// --table FILE prints the tables of an earlier run's JSON again, measuring nothing.
let dataOrigin;
const report = arg('table') ? JSON.parse(fs.readFileSync(arg('table'), 'utf8')) : await measureAll();
const { results } = report;
console.log(`${report.commit}, ${report.started} – ${report.finished}; ${report.machine.cpus} × ${report.machine.cpu}, ${report.machine.memGiB} GiB; Chromium ${report.chromium}`);
for (const r of results) {
  if (r.error) { console.log(`\n## ${r.units} units: ${r.error}`); continue; }
  const unitsLoaded = r.phases['ours.import.xlsx']?.units ?? r.phases['ours.import.csv']?.units ?? '?';
  const edit = r.phases['ours.editToPaint'];
  console.log(`\n## ${r.units} units requested (${unitsLoaded} loaded); load average ${r.loadavgBefore.join(' ')} → ${r.loadavgAfter?.join(' ') ?? '?'}`);
  console.log(table(r));
  const imp = r.phases['ours.import.xlsx'];
  const notes = [];
  if (imp?.longestTask != null) notes.push(`longest main-thread task during the xlsx import ${imp.longestTask.toFixed(0)} ms`);
  if (edit?.stale != null) notes.push(`edit → next frame: ${edit.stale} of ${edit.times.length} frames without the new value; recompute + view patch p95 ${ms(stats(edit.work).p95)} ms`);
  const total = r.phases['ours.total']?.sumOfChildrenTargetAt915; const top = r.phases['hyperformula.recompute']?.topAt915;
  if (total != null && top != null) notes.push(`total target at 91.5 %, sum-of-children: ours ${total}, HyperFormula ${top} (${total === top ? 'same' : 'DIFFERENT'})`);
  const build = r.phases['hyperformula.build'];
  notes.push(`HyperFormula buildFromArray of the ${build?.formulas ?? '?'} formulas: ${build?.times ? `${ms(build.times[0])} ms` : why(build)}`);
  for (const n of notes) console.log(`- ${n}`);
}
console.log(`\nSheetJS ${report.peers.sheetjs}, HyperFormula ${report.peers.hyperformula}; guard ${report.guardSeconds} s a phase; JSON: ${arg('table') ?? outFile}`);
