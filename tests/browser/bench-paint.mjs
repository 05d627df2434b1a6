// Browser benchmark (not a test: it prints figures, asserts nothing).
// Where the frame after an edit, and a scroll step, spend their time:
// release build in headless Chromium, the generated national plan (100,041
// units by default) loaded through load(), then 240 edits of one unit (40 under the trace)
// (setPercent('u5', …), one per frame) and 60 scroll steps of 400 px, each
// under a Chrome trace (devtools.timeline). Prints, per edit and per step,
// the main thread's time by kind (script, style recalc and how many
// elements, layout and how many objects, forced layouts inside script,
// paint), and how many DOM nodes one edit and one scroll step touch
// (MutationObserver).
// Usage: node tests/browser/bench-paint.mjs [communes] (QP_DIST=dir for another build;
// QP_CSS='rules' adds rules to the planner's shadow root, to try a style change without a build).
import fs from 'node:fs';
import { serveDist, launch, openPlanner, nationalCsv, scrollFrames, stats, fmt } from './harness.mjs';

const communes = Number(process.argv[2]) || 40;
const { server, origin } = await serveDist();
const browser = await launch();
const { page } = await openPlanner(browser, origin);
const units = await page.evaluate(async (text) => {
  const report = await window.quotaPlanner.load(new TextEncoder().encode(text), 'quoc-gia.csv');
  // The autosave's snapshot of the new plan is written in slices after
  // the load: measured after it.
  await new Promise((r) => setTimeout(r, 3000));
  return report.units;
}, nationalCsv(communes));
if (process.env.QP_CSS) {
  await page.evaluate((css) => {
    const style = document.createElement('style');
    style.textContent = css;
    qpRoot().append(style);
  }, process.env.QP_CSS);
}
const client = await page.context().newCDPSession(page);

/// Runs `body` in the page under a trace; returns the renderer main
/// thread's complete events and what `body` returned.
async function traced(body, arg) {
  const events = [];
  client.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const done = new Promise((r) => client.once('Tracing.tracingComplete', r));
  await client.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  const result = await page.evaluate(body, arg);
  await client.send('Tracing.end');
  await done;
  client.removeAllListeners('Tracing.dataCollected');
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
    && events.some((f) => f.pid === e.pid && f.name === 'FireAnimationFrame'));
  return { result, events: events.filter((e) => main && e.pid === main.pid && e.tid === main.tid) };
}

/// Sums the main thread's time by kind, per `per` (edits or steps).
function breakdown(events, per) {
  const complete = events.filter((e) => e.ph === 'X' && e.dur !== undefined);
  const scripts = complete.filter((e) => ['FunctionCall', 'EvaluateScript', 'v8.callFunction', 'FireAnimationFrame', 'TimerFire', 'EventDispatch', 'RunMicrotasks'].includes(e.name));
  const inScript = (e) => scripts.some((s) => s !== e && s.ts <= e.ts && e.ts + e.dur <= s.ts + s.dur);
  const sum = (name, filter = () => true) => complete.filter((e) => e.name === name && filter(e)).reduce((a, e) => a + e.dur, 0) / 1000 / per;
  const count = (name, filter = () => true) => complete.filter((e) => e.name === name && filter(e)).length / per;
  const topScript = scripts.filter((e) => !scripts.some((s) => s !== e && s.ts <= e.ts && e.ts + e.dur <= s.ts + s.dur && s.dur > e.dur));
  const styles = complete.filter((e) => e.name === 'UpdateLayoutTree');
  const layouts = complete.filter((e) => e.name === 'Layout');
  const elements = styles.reduce((a, e) => a + (e.args?.elementCount ?? 0), 0) / per;
  const dirty = layouts.reduce((a, e) => a + (e.args?.beginData?.dirtyObjects ?? 0), 0) / per;
  const total = layouts.reduce((a, e) => Math.max(a, e.args?.beginData?.totalObjects ?? 0), 0);
  const partial = layouts.filter((e) => e.args?.beginData?.partialLayout).length / per;
  return [
    `script (top level) ${(topScript.reduce((a, e) => a + e.dur, 0) / 1000 / per).toFixed(2)} ms, of which microtasks ${sum('RunMicrotasks').toFixed(2)} ms, animation frame callbacks ${sum('FireAnimationFrame').toFixed(2)} ms`,
    `style recalc ${sum('UpdateLayoutTree').toFixed(2)} ms (${count('UpdateLayoutTree').toFixed(1)}×, ${elements.toFixed(0)} elements)`,
    `layout ${sum('Layout').toFixed(2)} ms (${count('Layout').toFixed(1)}×, ${dirty.toFixed(0)} dirty of ${total} objects, partial ${partial.toFixed(1)}×; forced inside script ${count('Layout', inScript).toFixed(1)}× ${sum('Layout', inScript).toFixed(2)} ms)`,
    `pre-paint ${sum('PrePaint').toFixed(2)} ms`,
    `paint ${sum('Paint').toFixed(2)} ms (${count('Paint').toFixed(1)}×)`,
    `layerize ${(sum('Layerize') + sum('UpdateLayer')).toFixed(2)} ms`,
    `hit test ${sum('HitTest').toFixed(2)} ms`,
  ].join('\n  ');
}

// Without the trace (it slows script several times): the call, the view's
// patch (microtasks after it: the last DOM mutation), and the end of the
// frame's rendering (a message posted after the call is handled once the
// task that runs the animation frame callbacks, style, layout and paint ends).
const untraced = await page.evaluate(async () => {
  const p = window.quotaPlanner;
  qpRoot().querySelector('.qp-grid-scroll').scrollTop = 0;
  const frame = () => new Promise((r) => requestAnimationFrame((t) => r(t)));
  const out = { call: [], patched: [], rendered: [], toFrame: [] };
  let lastMutation = 0;
  const observer = new MutationObserver(() => { lastMutation = performance.now(); });
  observer.observe(qpRoot(), { subtree: true, childList: true, characterData: true, attributes: true });
  // 240 edits: with 40 the p95 is the second-slowest edit, which moved
  // 16.6–23.0 ms between quiet runs of one build (BENCHMARKS.md).
  for (let i = 0; i < 240; i++) {
    await frame();
    const channel = new MessageChannel();
    const rendered = new Promise((r) => { channel.port1.onmessage = () => r(performance.now()); });
    const next = frame();
    const t0 = performance.now();
    p.setPercent('u5', i % 2 ? 50 : 60);
    const t1 = performance.now();
    channel.port2.postMessage(0);
    const t3 = await rendered;
    await next;
    const t2 = performance.now();
    out.call.push(t1 - t0);
    out.patched.push(lastMutation - t0);
    out.rendered.push(t3 - t0);
    out.toFrame.push(t2 - t0);
  }
  observer.disconnect();
  return out;
});
console.log(`edit, the call (recompute): ${fmt(stats(untraced.call))}`);
console.log(`edit → last DOM change (the view's patch): ${fmt(stats(untraced.patched))}`);
console.log(`edit → main thread free after that frame's style, layout, paint: ${fmt(stats(untraced.rendered))}`);
console.log(`edit → start of the next frame: ${fmt(stats(untraced.toFrame))}`);

// Scrolling without the trace, 180 steps as tests/browser/bench.mjs does.
const scrollUntraced = await page.evaluate(scrollFrames, 180);
console.log(`scrolling 400 px per frame, 180 frames: ${fmt(stats(scrollUntraced))}`);

const edits = await traced(async () => {
  const p = window.quotaPlanner;
  qpRoot().querySelector('.qp-grid-scroll').scrollTop = 0;
  const frame = () => new Promise((r) => requestAnimationFrame((t) => r(t)));
  const cell = () => [...qpRoot().querySelectorAll('[id*="-cell-5-"]')].find((c) => c.classList.contains('qp-target'));
  const touched = [];
  const toFrame = [];
  let records = [];
  // The view is patched in microtasks after the call: records are
  // collected until the next frame.
  const observer = new MutationObserver((list) => records.push(...list));
  const root = qpRoot();
  for (let i = 0; i < 40; i++) {
    await frame();
    records = [];
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    const t0 = performance.now();
    p.setPercent('u5', i % 2 ? 50 : 60);
    await frame();
    toFrame.push(performance.now() - t0);
    records.push(...observer.takeRecords());
    observer.disconnect();
    const nodes = new Set(records.map((r) => r.target));
    touched.push({ records: records.length, nodes: nodes.size, kinds: [...new Set(records.map((r) => `${r.type}${r.attributeName ? ':' + r.attributeName : ''}`))] });
    if (!cell()) throw new Error('no target cell of u5');
  }
  return { touched, toFrame };
});
const perEdit = edits.result.touched;
console.log(`plan: ${units} units; load average ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
console.log(`edit → start of the frame that paints it (under the trace): ${fmt(stats(edits.result.toFrame))}`);
console.log(`DOM changes per edit: ${fmt(stats(perEdit.map((t) => t.records))).replaceAll(' ms', '')} records on ${perEdit[0].nodes}–${Math.max(...perEdit.map((t) => t.nodes))} nodes; kinds ${[...new Set(perEdit.flatMap((t) => t.kinds))].join(', ')}`);
console.log(`per edit (40, one per frame):\n  ${breakdown(edits.events, 40)}`);

const scroll = await traced(scrollFrames, 60);
console.log(`scrolling 400 px per frame (under the trace): ${fmt(stats(scroll.result))}`);
console.log(`per scroll step (60):\n  ${breakdown(scroll.events, 60)}`);

// What a scroll step does to the DOM (60 steps, no trace): nodes added and
// removed (a row built or moved counts one of each), attributes set by
// name, texts changed.
const scrollDom = await page.evaluate(async () => {
  const grid = qpRoot().querySelector('.qp-grid-scroll');
  grid.scrollTop = 0;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  await frame();
  const counts = {};
  const add = (k, n = 1) => { counts[k] = (counts[k] ?? 0) + n; };
  const observer = new MutationObserver((list) => {
    for (const r of list) {
      if (r.type === 'childList') { add('added', r.addedNodes.length); add('removed', r.removedNodes.length); }
      else if (r.type === 'attributes') add(r.attributeName);
      else add('text');
    }
  });
  observer.observe(grid, { subtree: true, childList: true, characterData: true, attributes: true });
  for (let i = 0; i < 60; i++) {
    grid.scrollTop += 400;
    await frame();
  }
  await frame();
  observer.disconnect();
  return Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${(n / 60).toFixed(1)}`).join(', ');
});
console.log(`DOM changes per scroll step (60, untraced): ${scrollDom}`);

await browser.close();
server.close();
