// Issue 14: robust at every boundary. The public API never traps: every bad
// argument is an Error naming it, the plan unchanged; listeners may re-enter;
// destroy() frees; a trap is never silent; readOnly holds in the UI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlanner, nationalCsv } from './harness.mjs';

const env = useBrowser();

// Every class of bad argument, built inside the page (Symbols, Proxies and
// getters cannot cross from Node).
const BAD = `({
  number: 5, object: {}, symbol: Symbol('s'), fakeString: { length: 3e9 }, bigFake: { length: 2 ** 30 },
  array: [], date: new Date(), fn: function () {}, map: new Map([['rounding', 'per-row']]),
  nan: NaN, negative: -1, huge: 1e300, unsafe: 2 ** 53, tinyNeg: -1e-9, tiny: Number.MIN_VALUE,
  zeroPadded: 'u05', plusSign: 'u+5', doublePercent: '90%%', longText: 'x'.repeat(5000),
  bigint: 10n, bool: true, undef: undefined,
  proxy: new Proxy({}, { ownKeys() { throw new Error('trap ownKeys'); }, get() { throw new Error('trap get'); } }),
  getter: Object.defineProperty({}, 'rounding', { enumerable: true, get() { throw new Error('getter threw'); } }),
})`;

// [call, the bad classes to try in place of BAD_ARG]
const TABLE = [
  ['p.on(X, () => {})', ['number', 'object', 'symbol', 'fakeString', 'bigFake', 'array', 'bigint', 'undef', 'longText', 'proxy']],
  ['p.on("change", X)', ['number', 'object', 'symbol', 'undef', 'fakeString']],
  ['p.setPercent(X, 90)', ['number', 'object', 'symbol', 'fakeString', 'zeroPadded', 'plusSign', 'longText', 'array', 'undef', 'proxy']],
  ['p.setPercent(null, X)', ['object', 'symbol', 'nan', 'negative', 'huge', 'tinyNeg', 'tiny', 'doublePercent', 'longText', 'null', 'undef', 'bigint', 'bool']],
  ['p.setPercent("u5", X)', ['negative', 'huge', 'tinyNeg', 'tiny', 'doublePercent', 'fakeString', 'undef']],
  ['p.setLevelPercent(X, 90)', ['negative', 'huge', 'nan', 'symbol', 'object', 'undef', 'fakeString']],
  ['p.setTarget(X, 100)', ['number', 'zeroPadded', 'plusSign', 'null', 'fakeString', 'symbol']],
  ['p.setTarget("u1", X)', ['negative', 'huge', 'unsafe', 'nan', 'object', 'symbol', 'undef', 'bigint', 'longText']],
  ['p.setDailyTarget(X, 100)', ['number', 'zeroPadded', 'fakeString']],
  ['p.setDailyTarget("u1", X)', ['negative', 'unsafe', 'object', 'undef']],
  ['p.setDailyTarget("u1", 100, X)', ['number', 'array', 'date', 'fn', 'map', 'proxy', 'symbol']],
  ['p.setDailyTarget("u1", 100, {thisUnitOnly: X})', ['number', 'object', 'fakeString', 'null']],
  ['p.setDailyTarget("u1", 100, {other: true})', []],
  ['p.setLevelDailyTarget(X, 5)', ['negative', 'symbol', 'undef']],
  ['p.setLevelDailyTarget(1, X)', ['negative', 'unsafe', 'object']],
  ['p.setPolicy(X)', ['array', 'date', 'fn', 'map', 'number', 'symbol', 'undef', 'null', 'proxy', 'getter']],
  ['p.setPolicy({rounding: X})', ['number', 'object', 'fakeString', 'longText', 'null', 'symbol']],
  ['p.setPolicy({start: X})', ['number', 'object', 'fakeString', 'longText', 'date']],
  ['p.setPolicy({excludeWeekdays: X})', ['number', 'object', 'fakeString', 'bigFake']],
  ['p.setPolicy({excludeWeekdays: [X]})', ['negative', 'huge', 'object', 'nan']],
  ['p.setPolicy({holidays: [X]})', ['number', 'object']],
  ['p.setPolicy({milestones: [X]})', ['number', 'array', 'proxy', 'getter']],
  ['p.setPolicy({start: "2025-05-08", end: "2025-05-30", milestones: [{date: "2025-05-20", percentOfTarget: X}]})', ['negative', 'huge', 'undef', 'object']],
  ['p.setPolicy({roundin: "per-row"})', []],
  ['p.setResult(X, "2025-05-10", 5)', ['number', 'zeroPadded', 'plusSign', 'fakeString', 'symbol', 'null']],
  ['p.setResult("u5", X, 5)', ['number', 'object', 'fakeString', 'longText', 'undef', 'date']],
  ['p.setResult("u5", "2025-05-10", X)', ['negative', 'unsafe', 'object', 'undef', 'bigint']],
  ['p.laggards(X)', ['number', 'array', 'date', 'map', 'proxy', 'symbol', 'getter']],
  ['p.laggards({level: X, count: 3, by: "percent"})', ['negative', 'symbol', 'object', 'fakeString']],
  ['p.laggards({level: 1, count: 3, by: X})', ['number', 'object', 'longText']],
  ['p.laggardsText(X)', ['number', 'array', 'proxy']],
  ['p.plan(X)', ['number', 'array', 'map', 'proxy', 'symbol', 'fn']],
  ['p.plan({date: X})', ['number', 'object', 'fakeString']],
  ['p.wardReport(X)', ['number', 'array', 'proxy']],
  ['p.exportWardReport(X)', ['number', 'array']],
];

async function runTable(page) {
  return page.evaluate(([table, badSource]) => {
    const p = window.quotaPlanner;
    const BAD = (0, eval)(badSource);
    const before = JSON.stringify(p.plan());
    const out = [];
    const check = (source, cls) => {
      const X = cls === 'null' ? null : BAD[cls];
      let thrown = null;
      try {
        const result = new Function('p', 'X', `return ${source}`)(p, X);
        thrown = { none: true, result: String(result) };
      } catch (e) {
        thrown = {
          isError: e instanceof Error,
          runtime: e instanceof WebAssembly.RuntimeError,
          message: String(e && e.message),
        };
      }
      const same = JSON.stringify(p.plan()) === before;
      out.push({ source, cls, ...thrown, same });
    };
    for (const [source, classes] of table) {
      if (classes.length === 0) check(source, 'none');
      for (const cls of classes) check(source.replace('X', 'X'), cls);
    }
    return out;
  }, [TABLE, BAD]);
}

test('every method refuses every class of bad argument with an Error; plan() unchanged', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const results = await runTable(page);
  let errors = 0;
  for (const r of results) {
    const what = `${r.source} with ${r.cls}`;
    assert.ok(!r.none, `${what} did not throw (returned ${r.result})`);
    assert.ok(r.isError && !r.runtime, `${what}: ${r.message}`);
    assert.ok(r.same, `${what} changed the plan`);
    assert.doesNotMatch(r.message, /JsValue|RuntimeError|unreachable|recursive use|null pointer/, what);
    assert.ok(r.message.length > 10, what);
    errors++;
  }
  console.log(`table: ${results.length} bad calls, ${errors} Errors, traps: 0`);
  // The messages name the argument, what was expected and what was given.
  const msg = (source, cls) => results.find((r) => r.source === source && r.cls === cls).message;
  assert.match(msg('p.on(X, () => {})', 'number'), /^on: đối số event phải là .*“change”.*nhận được số 5\.$/);
  assert.match(msg('p.on(X, () => {})', 'fakeString'), /đối tượng Object/);
  assert.match(msg('p.setPercent(null, X)', 'negative'), /percent: Tỷ lệ phải từ 0% đến 100% \(đã nhập -1\)/);
  assert.match(msg('p.setPercent(null, X)', 'huge'), /đã nhập 1e\+300/);
  assert.match(msg('p.setPercent(null, X)', 'tiny'), /5e-324/);
  assert.match(msg('p.setPercent(null, X)', 'tinyNeg'), /-1e-9/);
  assert.match(msg('p.setPercent(null, X)', 'doublePercent'), /90%%/);
  assert.match(msg('p.setTarget("u1", X)', 'unsafe'), /9007199254740992 quá lớn: tối đa 9\.007\.199\.254\.740\.991/);
  assert.match(msg('p.setPercent(X, 90)', 'zeroPadded'), /u05/);
  assert.match(msg('p.setPolicy(X)', 'map'), /đối tượng Map/);
  assert.match(msg('p.setPolicy(X)', 'getter'), /getter threw/);
  assert.match(msg('p.setPolicy(X)', 'proxy'), /Proxy/);
  assert.match(msg('p.setPolicy({roundin: "per-row"})', 'none'), /“roundin”/);
  assert.match(msg('p.setPercent(X, 90)', 'longText'), /quá dài: 5\.000/);
  // Unsubscribing twice is harmless; free() is not offered.
  const extra = await page.evaluate(() => {
    const p = window.quotaPlanner;
    const off = p.on('change', () => {});
    off(); off();
    return { free: typeof p.free, keys: Object.keys(p).sort() };
  });
  assert.equal(extra.free, 'undefined');
  assert.ok(extra.keys.includes('setPolicy') && extra.keys.includes('destroy'));
  // load(): always a rejected Promise, never a synchronous throw.
  const loads = await page.evaluate(async () => {
    const p = window.quotaPlanner;
    const bytes = new TextEncoder().encode('STT,Đơn vị,Số lượng\n1,A,10\n');
    const out = [];
    const calls = [[bytes], [bytes, 5], [bytes, {}], [5, 'a.csv'], [{ length: 3e9 }, 'a.csv'], [bytes, '']]
      .map((args) => ['load', args])
      .concat([[5, 'a.csv'], [bytes, 5], [{ length: 3e9 }, 'a.csv'], [bytes, 'a.csv', 5], [bytes, 'a.csv', {}]].map((args) => ['loadResults', args]));
    for (const [method, args] of calls) {
      let sync = false;
      let promise;
      try { promise = p[method](...args); } catch (e) { sync = true; }
      const message = promise ? await promise.then(() => 'resolved', (e) => (e instanceof Error ? e.message : 'not an Error')) : '';
      out.push({ method, sync, message });
    }
    return out;
  });
  for (const l of loads) {
    assert.equal(l.sync, false, l.method);
    assert.match(l.message, /^(load|loadResults): đối số (fileName|bytes|date)/);
  }
  // In English when the planner is.
  const en = await page.evaluate(async () => {
    const el = document.createElement('div');
    document.body.append(el);
    const p = await QuotaPlanner.mount(el, { locale: 'en' });
    let message;
    try { p.setTarget('u1', 2 ** 53); } catch (e) { message = e.message; }
    p.destroy();
    return message;
  });
  assert.equal(en, 'setTarget: argument target: The number 9007199254740992 is too large: at most 9,007,199,254,740,991 (2^53 − 1).');
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('mount options are checked: unknown keys, non-booleans, throwing getters', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const results = await page.evaluate(async () => {
    const cases = [
      { readOnly: 'yes' }, { locale: 5 }, { locale: 'fr' }, { colour: 'red' }, [], new Date(),
      Object.defineProperty({}, 'readOnly', { enumerable: true, get() { throw new Error('boom'); } }),
      { data: 'https://example.com/x.xlsx', fileName: 'x.xlsx' }, { data: new Uint8Array(3) },
      { data: new Uint8Array(3), fileName: 'a.csv', plan: {} }, { plan: 5 }, { autosave: 7 },
    ];
    const out = [];
    for (const options of cases) {
      const el = document.createElement('div');
      document.body.append(el);
      try {
        const p = await QuotaPlanner.mount(el, options);
        out.push({ mounted: true });
        p.destroy();
      } catch (e) {
        out.push({ message: e.message, runtime: e instanceof WebAssembly.RuntimeError });
      }
      el.remove();
    }
    for (const target of [5, {}, Symbol('t'), '#nothing-here']) {
      try { await QuotaPlanner.mount(target); out.push({ mounted: true }); } catch (e) { out.push({ message: e.message, runtime: false }); }
    }
    return out;
  });
  for (const r of results) {
    assert.ok(!r.mounted && !r.runtime && r.message, JSON.stringify(r));
    assert.match(r.message, /^mount: đối số (options|target)/);
  }
  assert.match(results[0].message, /options\.readOnly phải là true hoặc false, nhưng nhận được chuỗi “yes”/);
  assert.match(results[3].message, /“colour”/);
  assert.match(results[6].message, /boom/);
  // The worker's entry point (in the reader, the worker's own module) is
  // checked the same way; the page's module has no reader at all.
  const check = await page.evaluate(async () => {
    const page = await import('/quota-planner-glue.js');
    const reader = await import('/quota-planner-reader.js');
    await reader.default({ module_or_path: `/${reader.wasmFile}` });
    let refused;
    try { reader.__importInWorker(5, {}, 7); refused = 'no error'; } catch (e) { refused = `${e instanceof WebAssembly.RuntimeError}:${e.message}`; }
    return { refused, onPage: typeof page.__importInWorker };
  });
  assert.match(check.refused, /^false:__importInWorker: đối số bytes /);
  assert.equal(check.onPage, 'undefined');
  await page.close();
});

test('listeners may re-enter: no-op edits are silent, loops are stopped, destroy() inside a listener', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const result = await page.evaluate(async () => {
    const p = window.quotaPlanner;
    const original = JSON.stringify(p.plan());
    // A listener that sets what is already set: one change, no recursion.
    let calls = 0;
    const off1 = p.on('change', () => { calls++; p.setPolicy({ rounding: 'largest-remainder' }); });
    p.setPolicy({ rounding: 'largest-remainder' });
    off1();
    const noop = calls;
    // Undo || redo ping-pong: stopped at a bound, with an error event.
    const errors = [];
    const offErr = p.on('error', (e) => errors.push(e instanceof Error ? e.message : String(e)));
    let pings = 0;
    const off2 = p.on('change', () => { pings++; p.undo() || p.redo(); });
    p.setPercent(null, 91);
    off2();
    // The order of events: a listener's edit is delivered after the current one.
    const order = [];
    const off3 = p.on('change', (e) => { order.push(e.totals.target); if (order.length === 1) p.setPercent(null, 80); });
    const off4 = p.on('change', (e) => order.push(-e.totals.target));
    p.setPercent(null, 70);
    off3(); off4();
    const usable = (() => { p.setPercent(null, 90); return p.plan().policy.defaultPercent; })();
    while (p.undo());
    const restored = JSON.stringify(p.plan()) === original;
    offErr();
    // destroy() and load() from inside a listener.
    const el = document.createElement('div');
    document.body.append(el);
    const q = await QuotaPlanner.mount(el);
    q.on('change', () => { q.load(new Uint8Array([1, 2]), 'x.csv').catch(() => {}); q.destroy(); });
    q.setPercent(null, 50);
    let after;
    try { q.plan(); } catch (e) { after = e.message; }
    let afterOn;
    try { q.on('change', () => {}); } catch (e) { afterOn = e.message; }
    await new Promise((r) => setTimeout(r, 50));
    return { noop, pings, errors, order, usable, restored, after, afterOn, left: el.childElementCount };
  });
  assert.equal(result.noop, 1, 'a listener setting the same rounding fired change again');
  assert.equal(result.pings, 100);
  assert.equal(result.errors.length, 1);
  assert.match(result.errors[0], /đã dừng báo sự kiện sau 100 lần/);
  assert.equal(result.order.length, 4);
  assert.ok(result.order[0] > 0 && result.order[1] === -result.order[0], `order ${result.order}`);
  assert.ok(result.order[2] > result.order[0] && result.order[3] === -result.order[2], `order ${result.order}`);
  assert.equal(result.usable, 90);
  assert.ok(result.restored, 'undo of everything did not give the original plan');
  assert.match(result.after, /đã bị hủy/);
  assert.match(result.afterOn, /đã bị hủy/);
  assert.equal(result.left, 0, 'the destroyed planner left DOM behind');
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

// A small deterministic generator (mulberry32).
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('5,000 seeded random calls: invariants after every valid one, undo of everything restores', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const counts = await page.evaluate(async ([seed, n, rngSource]) => {
    const random = (0, eval)('(' + rngSource + ')')(seed);
    const pick = (xs) => xs[Math.floor(random() * xs.length)];
    // Blocks of 150 calls, each on a freshly mounted planner, so that
    // "undo everything" stays within the 200-step history.
    let p = null;
    const ids = (await QuotaPlanner.mount(document.createElement('div'))).plan().units.map((u) => u.id);
    const junk = [5, -1, 1e300, 2 ** 53, NaN, null, undefined, {}, [], 'u05', 'u+5', '90%%', -1e-9, Symbol('j'), { length: 3e9 }, 'x'.repeat(3000), true];
    const unit = () => (random() < 0.9 ? pick(ids) : pick(junk));
    const pct = () => (random() < 0.8 ? Math.floor(random() * 10001) / 100 : pick(junk));
    const count = () => (random() < 0.8 ? Math.floor(random() * 3000) : pick(junk));
    const calls = [
      () => p.setPercent(unit(), pct()),
      () => p.setPercent(null, pct()),
      () => p.setLevelPercent(random() < 0.9 ? Math.floor(random() * 3) : pick(junk), pct()),
      () => p.setTarget(unit(), random() < 0.3 ? null : count()),
      () => p.setDailyTarget(random() < 0.2 ? null : unit(), count()),
      () => p.setPolicy({ rounding: pick(['per-row', 'largest-remainder', 'sainte-lague', 'sum-of-children', 'nope', 5]) }),
      () => p.setPolicy(pick([{ start: '2025-05-08', end: '2025-05-30' }, { excludeWeekdays: [0] }, { excludeWeekdays: [9] }, [], new Map()])),
      () => p.setResult(unit(), pick(['2025-05-10', '2025-05-12', '2025-13-01', 5]), random() < 0.2 ? null : count()),
      () => p.laggards({ level: pick([1, 2, -1]), count: 5, by: pick(['percent', 'behind', 'x']) }),
      () => p.undo(),
      () => p.redo(),
      () => p.on(pick(['change', 'load', 'error', 5, {}]), () => {})(),
    ];
    let errors = 0, traps = 0, valid = 0, checked = 0, undos = 0, blocks = 0, restored = 0;
    const problems = [];
    const check = () => {
      const plan = p.plan();
      checked++;
      const byId = new Map(plan.units.map((u) => [u.id, u]));
      const apportioning = plan.policy.rounding === 'largest-remainder' || plan.policy.rounding === 'sainte-lague';
      const sums = new Map();
      for (const u of plan.units) {
        if (u.target > u.eligible) problems.push(`${u.id} target ${u.target} > eligible ${u.eligible}`);
        if (u.parentId) sums.set(u.parentId, (sums.get(u.parentId) ?? 0) + u.target);
      }
      if (apportioning) {
        for (const [parent, sum] of sums) {
          const anyLocked = plan.units.some((u) => u.parentId === parent && u.targetLocked) || byId.get(parent).targetLocked;
          if (!anyLocked && sum !== byId.get(parent).target) problems.push(`${parent}: children ${sum} ≠ ${byId.get(parent).target}`);
        }
      }
    };
    const el = document.createElement('div');
    document.body.append(el);
    for (let i = 0; i < n; i++) {
      if (i % 150 === 0) {
        if (p) {
          while (p.undo()) undos++;
          if (JSON.stringify(p.plan()) === original) restored++;
          else problems.push(`block ${blocks}: undo of everything did not give the original plan`);
          p.destroy();
        }
        p = await QuotaPlanner.mount(el);
        blocks++;
        var original = JSON.stringify(p.plan());
      }
      try {
        pick(calls)();
        valid++;
        check();
      } catch (e) {
        if (e instanceof WebAssembly.RuntimeError) traps++;
        else if (e instanceof Error) errors++;
        else problems.push(`non-Error thrown: ${String(e)}`);
      }
      if (problems.length > 5) break;
    }
    while (p.undo()) undos++;
    if (JSON.stringify(p.plan()) === original) restored++;
    else problems.push('last block: undo of everything did not give the original plan');
    return { calls: n, errors, traps, valid, checked, problems, undos, blocks, restored };
  }, [20261123, 5000, rng.toString()]);
  console.log(`random: ${counts.calls} calls, ${counts.valid} valid (invariants checked ${counts.checked}×), ${counts.errors} errors thrown, traps: ${counts.traps}; ${counts.blocks} planners, each restored by ${counts.undos} undos in all`);
  assert.deepEqual(counts.problems, []);
  assert.equal(counts.traps, 0);
  assert.ok(counts.errors > 500 && counts.valid > 2000, JSON.stringify(counts));
  assert.equal(counts.restored, counts.blocks);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('50 mount + destroy cycles with a 100,041-unit plan: wasm memory stays bounded', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const consoleErrors = [];
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  // The module's exports (and so its memory), as the entry script announces them.
  await page.addInitScript(() => {
    addEventListener('QuotaPlannerStarted', (e) => { window.__wasm = e.detail.wasm; });
  });
  await page.goto(env.origin + '/');
  await page.evaluate(() => window.quotaPlannerReady);
  const csv = nationalCsv();
  const r = await page.evaluate(async ([csv, cycles]) => {
    const mb = () => window.__wasm.memory.buffer.byteLength / 2 ** 20;
    const el = document.createElement('div');
    document.body.append(el);
    const bytes = new TextEncoder().encode(csv);
    const first = await QuotaPlanner.mount(el, { data: bytes, fileName: 'national.csv' });
    const saved = first.exportJson();
    const units = saved.units.length;
    first.destroy();
    const memory = [];
    const times = [];
    let destroyedMessage = '';
    for (let i = 0; i < cycles; i++) {
      const t0 = performance.now();
      const q = await QuotaPlanner.mount(el, { plan: saved });
      if (i === 0 && q.plan().units.length !== units) throw new Error('the plan did not open');
      q.setPercent(null, 80 + (i % 10));
      q.destroy();
      if (i === 0) {
        try { q.plan(); } catch (e) { destroyedMessage = e.message; }
      }
      times.push(performance.now() - t0);
      memory.push(mb());
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return {
      units, memory, times, destroyedMessage, left: el.childElementCount,
      hosts: document.querySelectorAll('.quota-planner').length,
      sheets: document.adoptedStyleSheets.length,
    };
  }, [csv, 50]);
  const { memory } = r;
  const growth = memory[memory.length - 1] - memory[0];
  console.log(`mount+destroy ×50 of ${r.units} units: wasm memory after cycle 1 ${memory[0].toFixed(1)} MB, after 10 ${memory[9].toFixed(1)} MB, after 50 ${memory[49].toFixed(1)} MB (growth ${growth.toFixed(1)} MB); median cycle ${[...r.times].sort((a, b) => a - b)[25].toFixed(0)} ms`);
  assert.equal(r.units, 100041);
  assert.match(r.destroyedMessage, /đã bị hủy/);
  assert.equal(r.left, 0);
  // Each planner's host and shadow root went with it (the page's own one
  // remains); no stylesheet was left on the document.
  assert.equal(r.hosts, 1);
  assert.equal(r.sheets, 0);
  // Before, each cycle kept about 31 MB: 50 cycles would add 1.5 GB.
  assert.ok(growth < 64, `wasm memory grew ${growth.toFixed(1)} MB over 50 cycles`);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('readOnly: the UI offers no edit, no open, no paste; export and navigation work', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await page.evaluate(async () => {
    document.querySelector('#quota-planner').remove();
    const el = document.createElement('div');
    el.id = 'ro';
    document.body.append(el);
    window.ro = await QuotaPlanner.mount(el, { readOnly: true });
  });
  const ro = page.locator('#ro');
  const before = await page.evaluate(() => JSON.stringify(window.ro.plan()));
  await ro.getByRole('treegrid').getByText('Tỉnh Sóc Trăng').waitFor();
  assert.equal(await ro.getByText('Mở tệp…').count(), 0, 'no "open file", nor a note inviting to open one');
  assert.equal(await ro.locator('input[type=file]').count(), 0);
  assert.equal(await ro.getByRole('button', { name: 'Hoàn tác' }).count(), 0, 'no undo');
  assert.ok(await ro.getByLabel('Tỷ lệ chung (%)').isDisabled(), 'percentage field disabled');
  assert.ok(await ro.getByLabel('Cách làm tròn').isDisabled(), 'rounding disabled');
  // Every field of the panels is disabled.
  const enabledFields = await ro.locator('.qp-panels').evaluate((f) =>
    [...f.querySelectorAll('input, select, textarea')].filter((x) => !x.matches(':disabled')).length);
  assert.equal(enabledFields, 0);
  // The grid: cells say they are read-only, and typing, F2, Delete, paste do nothing.
  const grid = ro.getByRole('treegrid');
  assert.equal(await grid.locator('[aria-readonly="false"]').count(), 0);
  const target = grid.getByRole('row', { name: /Huyện Châu Thành/ }).getByRole('gridcell').last();
  await target.click();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.type('5');
  await page.keyboard.press('F2');
  await target.dblclick();
  assert.equal(await grid.locator('input').count(), 0, 'an editor opened');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+z');
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'STT\tĐơn vị\tSố lượng\n1\tA\t10\n2\tB\t20');
    qpRoot('#ro').querySelector('.qp').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    const file = new File(['STT,Đơn vị,Số lượng\n1,A,10\n'], 'x.csv');
    const drop = new DataTransfer();
    drop.items.add(file);
    qpRoot('#ro').querySelector('.qp').dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
  });
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => JSON.stringify(window.ro.plan()));
  assert.equal(after, before, 'the read-only plan changed');
  // Export and print remain, and the API refuses edits.
  assert.equal(await ro.getByRole('button', { name: 'Xuất Excel' }).count(), 1);
  assert.equal(await ro.getByRole('button', { name: 'In' }).count(), 1);
  const api = await page.evaluate(() => {
    let message = '';
    try { window.ro.setPercent(null, 80); } catch (e) { message = e.message; }
    return { message, csv: window.ro.exportCsv().length };
  });
  assert.match(api.message, /chỉ đọc/);
  assert.ok(api.csv > 1000);
  for (const [width, name] of [[1280, 'desktop'], [375, 'phone']]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `/tmp/boundary-readonly-${name}.png` });
  }
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('a trap is never silent: every planner says so, every call throws, the autosave is intact', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const r = await page.evaluate(async () => {
    const p = window.quotaPlanner;
    const el = document.createElement('div');
    document.body.append(el);
    const second = await QuotaPlanner.mount(el, { locale: 'en' });
    p.setPercent(null, 91);
    // Autosave writes about 0.3 s after an edit.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    let trap;
    try { p.__forceTrap(); } catch (e) { trap = { runtime: e instanceof WebAssembly.RuntimeError, isError: e instanceof Error, message: e.message }; }
    const later = [];
    for (const f of [() => p.plan(), () => p.setPercent(null, 50), () => second.plan(), () => p.on('change', () => {})]) {
      try { f(); later.push('no error'); } catch (e) { later.push(e.message); }
    }
    let mount = '';
    try { await QuotaPlanner.mount(document.createElement('div')); } catch (e) { mount = e.message; }
    let load = '';
    await p.load(new Uint8Array([1]), 'a.csv').catch((e) => { load = e.message; });
    const notices = [...document.querySelectorAll('.quota-planner')]
      .flatMap((host) => [...host.shadowRoot.querySelectorAll('.qp-stopped')]).map((n) => n.textContent);
    return { trap, later, mount, load, notices };
  });
  assert.equal(r.trap.runtime, false);
  assert.ok(r.trap.isError);
  assert.match(r.trap.message, /^Bảng chỉ tiêu đã dừng do một lỗi nội bộ\. Hãy tải lại trang — công việc của bạn đã được lưu\.$/);
  // Each planner throws it in its own language; mount() in Vietnamese.
  const [plan, edit, secondPlan, on] = r.later;
  for (const m of [plan, edit, on, r.load]) assert.equal(m, r.trap.message);
  assert.equal(secondPlan, 'The planner stopped because of an internal error. Reload the page (changes not saved to a file may be lost).');
  assert.match(r.mount, /^Bảng chỉ tiêu đã dừng do một lỗi nội bộ\. Hãy tải lại trang \(/);
  assert.equal(r.notices.length, 2, 'each planner on the page shows it');
  assert.match(r.notices[0], /Bảng chỉ tiêu đã dừng/);
  assert.match(r.notices[1], /The planner stopped/);
  await page.getByRole('alert').filter({ hasText: 'Bảng chỉ tiêu đã dừng' }).waitFor();
  for (const [width, name] of [[1280, 'desktop'], [375, 'phone']]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `/tmp/boundary-stopped-${name}.png` });
  }
  // A reload restores the last autosaved plan (91%).
  await page.reload();
  await page.evaluate(() => window.quotaPlannerReady);
  const percent = await page.evaluate(() => window.quotaPlanner.plan().policy.defaultPercent);
  assert.equal(percent, 91);
  assert.deepEqual(consoleErrors.filter((e) => !/unreachable|RuntimeError/.test(e)), []);
  await page.close();
});

test('a trap outside any API call (a timer of the view) is reported too', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await page.evaluate(() => window.quotaPlanner.__forceTrap('later'));
  await page.getByRole('alert').filter({ hasText: 'Bảng chỉ tiêu đã dừng' }).waitFor();
  const message = await page.evaluate(() => { try { window.quotaPlanner.plan(); return 'no error'; } catch (e) { return e.message; } });
  assert.match(message, /^Bảng chỉ tiêu đã dừng/);
  await page.close();
});

test('a trap while the page\'s planner is first built says so in its element, and the saved draft survives', async () => {
  // A draft first, so there is work to keep.
  const { page } = await openPlanner(env.browser, env.origin);
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 87));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  for (const stage of ['view', 'restore']) {
    await page.evaluate((stage) => sessionStorage.setItem('trapStage', stage), stage);
    await page.addInitScript(() => { window.__quotaPlannerTrapOnMount = sessionStorage.getItem('trapStage'); });
    await page.reload();
    const ready = await page.evaluate(() => window.quotaPlannerReady.then(() => 'mounted', (e) => e.message));
    assert.match(ready, /^Bảng chỉ tiêu đã dừng do một lỗi nội bộ\. Hãy tải lại trang — công việc của bạn đã được lưu\.$/, stage);
    const alert = page.locator('#quota-planner > [role="alert"]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Bảng chỉ tiêu đã dừng/, stage);
    assert.ok(await alert.getByRole('button', { name: 'Tải lại trang' }).isVisible(), stage);
  }
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `/tmp/boundary-mount-trap-${width}.png` });
  }
  // Without the hook, the reload opens on the draft (87%): nothing was lost.
  await page.evaluate(() => sessionStorage.setItem('trapStage', ''));
  await page.reload();
  await page.evaluate(() => window.quotaPlannerReady);
  assert.equal(await page.evaluate(() => window.quotaPlanner.plan().policy.defaultPercent), 87);
  await page.close();
});

test('a trap during a portal\'s first mount shows the notice in its element and rejects the mount', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const r = await page.evaluate(async () => {
    const el = document.createElement('div');
    el.id = 'portal';
    document.body.append(el);
    window.__quotaPlannerTrapOnMount = 'view';
    const message = await QuotaPlanner.mount(el, { locale: 'en' }).then(() => 'mounted', (e) => e.message);
    return { message, alert: el.querySelector(':scope > [role="alert"]')?.textContent ?? null };
  });
  // In the portal's language; it had no autosave.
  const stopped = 'The planner stopped because of an internal error. Reload the page (changes not saved to a file may be lost).';
  assert.equal(r.message, stopped);
  assert.equal(r.alert, stopped + 'Reload the page');
  await page.close();
});

test('when the module cannot be downloaded, the page and a portal say so in Vietnamese or English', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 404, body: 'missing' }));
  await page.goto(env.origin + '/');
  const ready = await page.evaluate(() => window.quotaPlannerReady.then(() => 'mounted', (e) => e.message));
  assert.match(ready, /^Không tải được Bảng chỉ tiêu: trình duyệt không tải về hoặc không chạy được phần mềm của bảng\. .*\(.+\)$/);
  const alert = page.locator('#quota-planner > [role="alert"]');
  assert.match(await alert.innerText(), /^Không tải được Bảng chỉ tiêu/);
  assert.ok(await alert.getByRole('button', { name: 'Tải lại trang' }).isVisible());
  const portal = await page.evaluate(async () => {
    const el = document.createElement('div');
    document.body.append(el);
    const message = await QuotaPlanner.mount(el, { locale: 'en' }).then(() => 'mounted', (e) => e.message);
    return { message, alert: el.querySelector(':scope > [role="alert"]')?.textContent ?? null };
  });
  assert.match(portal.message, /^Quota Planner could not load: /);
  assert.match(portal.alert ?? '', /^Quota Planner could not load: .*Reload the page$/);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `/tmp/boundary-not-loaded-${width}.png` });
  }
  await page.close();
});

test('safe text: copied formulas are neutralised, direction marks in names are shown', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await page.evaluate(async () => {
    const csv = 'STT,Đơn vị,Số lượng\n1,"=HYPERLINK(""http://x"",""a"")",10\n2,+cmd|\' /C calc\'!A0,20\n3,\u202Eevil,30\n4,live,40\n';
    await window.quotaPlanner.load(new TextEncoder().encode(csv), 'hostile.csv');
  });
  const grid = page.getByRole('treegrid');
  await grid.getByText('[U+202E]evil').waitFor();
  const names = await grid.getByRole('rowheader').allInnerTexts();
  assert.ok(names.some((n) => n.trim() === '[U+202E]evil') && names.some((n) => n.trim() === 'live'), JSON.stringify(names));
  await grid.getByRole('rowheader').filter({ hasText: 'HYPERLINK' }).click();
  await page.keyboard.press('Shift+ArrowDown');
  const copied = await page.evaluate(() => {
    const data = new DataTransfer();
    qpRoot().activeElement.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
    return data.getData('text/plain');
  });
  assert.equal(copied, '"\'=HYPERLINK(""http://x"",""a"")"\r\n\'+cmd|\' /C calc\'!A0\r\n');
  // The plan keeps the names as written.
  const plan = await page.evaluate(() => window.quotaPlanner.plan().units.map((u) => u.name));
  assert.ok(plan.includes('\u202Eevil'));
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
