// Issue 12, the portal half: a ward portal with hostile global CSS
// (tests/portal/) mounts two planners by the snippet documented in README.md
// and drives them through the API; the planners are independent, style
// nothing of the portal and are not broken by its CSS; destroy() leaves no
// node, listener, stylesheet or memory behind; the hosted page and the
// portal run under a strict Content-Security-Policy with no violation; the
// iframe protocol answers an allowed origin and ignores any other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  serveDist, launch, STRICT_CSP, recordCspViolations, cspViolations, addShadowHelper,
  dist,
} from './harness.mjs';

const env = {};
const folders = { '/portal/': 'tests/portal' };
before(async () => {
  env.browser = await launch();
  // The portal and the planner's files on one origin, under the strict CSP.
  env.portal = await serveDist({ csp: STRICT_CSP, folders });
  // The iframe: the hosted planner on a second origin, a portal allowed to
  // drive it on a third and one not allowed on a fourth.
  env.planner = await serveDist({ csp: STRICT_CSP, host: 'localhost' });
  // A portal framing it must allow that in its own policy.
  const framing = `${STRICT_CSP}; frame-src ${env.planner.origin}`;
  env.allowed = await serveDist({ csp: framing, folders });
  env.other = await serveDist({ csp: framing, folders });
});
after(async () => {
  await env.browser?.close();
  for (const s of [env.portal, env.planner, env.allowed, env.other]) s?.server.close();
});

async function newPage({ width = 1280, height = 800 } = {}) {
  const page = await env.browser.newPage({ viewport: { width, height } });
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  await recordCspViolations(page);
  await addShadowHelper(page);
  return { page, errors };
}

// What the portal's own elements look like (what the planner must not change).
const portalStyles = (page) => page.evaluate(() => {
  const props = ['font-size', 'font-family', 'color', 'display', 'width', 'height', 'padding-top',
    'line-height', 'background-color', 'border-top-width', 'margin-top'];
  const out = {};
  for (const sel of ['html', 'body', '#portal-title', '#portal-button', '#portal-table', '#portal-text',
    '#portal-footer', '.portal-planners', '#planner-a', '#planner-b']) {
    const cs = getComputedStyle(document.querySelector(sel));
    out[sel] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
  }
  return out;
});

// Listeners on window and document, as DevTools lists them.
async function pageListeners(page) {
  const cdp = await page.context().newCDPSession(page);
  const out = {};
  for (const target of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: target });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    out[target] = listeners.map((l) => l.type).sort();
  }
  await cdp.detach();
  return out;
}

const grid = (page, id) => page.locator(`#${id}`).getByRole('treegrid');

test('portal: two planners by the documented snippet, independent, styled apart both ways, no CSP violation', async () => {
  const { page, errors } = await newPage();
  await page.goto(`${env.portal.origin}/portal/index.html?manual`);
  await page.evaluate(() => window.QuotaPlanner.ready ?? null);
  const stylesBefore = await portalStyles(page);
  const sheetsBefore = await page.evaluate(() => document.styleSheets.length);
  await page.evaluate(() => window.mountBoth());
  await grid(page, 'planner-a').getByText('Tỉnh Sóc Trăng').waitFor();
  await grid(page, 'planner-b').getByText('Tỉnh Sóc Trăng').waitFor();

  // The planners style nothing of the portal.
  assert.deepEqual(await portalStyles(page), stylesBefore);
  assert.equal(await page.evaluate(() => document.styleSheets.length), sheetsBefore);
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0);

  // The portal's CSS breaks nothing inside: reset at the host, the root's
  // own font, a full-width table, inline buttons, 16 px cells.
  const inside = await page.evaluate(() => {
    const r = qpRoot('#planner-a');
    const host = document.querySelector('#planner-a > .quota-planner');
    const cs = (el) => getComputedStyle(el);
    const scroll = r.querySelector('.qp-grid-scroll');
    return {
      hostPadding: cs(host).paddingTop, hostFont: cs(host).fontSize,
      rootFont: cs(r.querySelector('.qp-root')).fontFamily,
      tableWidth: r.querySelector('.qp-grid').getBoundingClientRect().width,
      scrollWidth: scroll.clientWidth,
      cellFont: cs(r.querySelector('[role=gridcell]')).fontSize,
      buttonDisplay: cs(r.querySelector('.qp-toggle')).display,
      divPadding: cs(r.querySelector('.qp-toolbar')).paddingTop,
      titleA: cs(r.querySelector('.qp-app-title')).color,
      titleB: cs(qpRoot('#planner-b').querySelector('.qp-app-title')).color,
      fontB: cs(qpRoot('#planner-b').querySelector('.qp-root')).fontFamily,
      hostHeight: host.getBoundingClientRect().height,
      qpHeight: r.querySelector('.qp').getBoundingClientRect().height,
    };
  });
  assert.equal(inside.hostPadding, '0px');
  assert.doesNotMatch(inside.rootFont, /Courier/);
  // At least as wide as its scroller (the portal's `table { width: 50% }` does not reach it).
  assert.ok(inside.tableWidth >= inside.scrollWidth - 1, JSON.stringify(inside));
  assert.equal(inside.cellFont, '16px');
  assert.equal(inside.buttonDisplay, 'inline-block');
  assert.equal(inside.divPadding, '0px');
  // --qp-accent and --qp-font set by the portal on planner B only.
  assert.equal(inside.titleA, 'rgb(11, 92, 173)');
  assert.equal(inside.titleB, 'rgb(0, 110, 60)');
  assert.match(inside.fontB, /Georgia/);
  // Fits its container's height (620 px), not the viewport's.
  assert.equal(inside.hostHeight, 620);
  assert.equal(inside.qpHeight, 620);

  // Independent: an edit typed in A and one through B's API.
  const a = page.locator('#planner-a');
  await a.getByLabel('Tỷ lệ chung (%)').fill('80');
  await a.getByLabel('Tỷ lệ chung (%)').press('Enter');
  const totals = await page.evaluate(() => {
    window.plannerB.setPercent(null, 50);
    return [window.plannerA.plan(), window.plannerB.plan()].map((p) => [p.policy.defaultPercent, p.totals.target]);
  });
  assert.deepEqual(totals.map((t) => t[0]), [80, 50]);
  assert.ok(totals[0][1] > totals[1][1]);
  // B speaks English, A Vietnamese.
  await page.locator('#planner-b').getByRole('button', { name: 'Undo' }).click();
  assert.equal(await page.evaluate(() => window.plannerB.plan().policy.defaultPercent), 90);
  assert.equal(await page.evaluate(() => window.plannerA.plan().policy.defaultPercent), 80);

  // Under the CSP: a workbook read in the worker, exports, the print view,
  // the progress tab's charts, in both planners.
  const csv = fs.readFileSync(path.resolve(dist, '../assets/soc-trang-2025.csv'));
  const r = await page.evaluate(async (bytes) => {
    const report = await window.plannerA.load(new Uint8Array(bytes), 'soc-trang.csv');
    const xlsx = window.plannerB.exportXlsx();
    window.plannerA.setPolicy({ start: '2025-05-08', end: '2025-05-30' });
    const id = window.plannerA.plan().units[1].id;
    window.plannerA.setResult(id, '2025-05-12', 1000);
    return { units: report.units, pk: String.fromCharCode(xlsx[0], xlsx[1]), csv: window.plannerB.exportCsv().length };
  }, [...csv]);
  assert.ok(r.units > 100, JSON.stringify(r));
  assert.equal(r.pk, 'PK');
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  await a.getByRole('button', { name: 'In', exact: true }).click();
  await page.waitForFunction(() => window.__printed === 1);
  const download = page.waitForEvent('download');
  await page.locator('#planner-b').getByRole('button', { name: 'Export CSV', exact: true }).click();
  assert.match((await download).suggestedFilename(), /\.csv$/);
  await a.getByRole('tab', { name: 'Tiến độ' }).click();
  await a.locator('svg.qp-chart').first().waitFor();
  // The print table was built in its own shadow root, and left afterwards.
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assert.equal(await page.evaluate(() => document.querySelectorAll('.qp-print-root').length), 0);
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0);
  assert.deepEqual(await portalStyles(page), stylesBefore);
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('portal: destroy() leaves no node, listener, stylesheet or memory behind (20 cycles of two)', async () => {
  const { page, errors } = await newPage();
  await page.addInitScript(() => {
    addEventListener('QuotaPlannerStarted', (e) => { window.__wasm = e.detail.wasm; });
  });
  await page.goto(`${env.portal.origin}/portal/index.html?manual`);
  await page.evaluate(() => window.QuotaPlanner.ready ?? null);
  await page.waitForFunction(() => window.__wasm);
  const listenersBefore = await pageListeners(page);
  const htmlBefore = await page.evaluate(() => document.body.innerHTML);
  const r = await page.evaluate(async () => {
    const mb = () => window.__wasm.memory.buffer.byteLength / 2 ** 20;
    const memory = [];
    let error = null;
    for (let i = 0; i < 20; i++) {
      const [a, b] = await window.mountBoth();
      a.setPercent(null, 70 + i);
      b.setPercent(null, 60 + i);
      a.destroy();
      b.destroy();
      if (i === 0) {
        try { a.plan(); } catch (e) { error = { isError: e instanceof Error, message: e.message }; }
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
      memory.push(mb());
    }
    return { memory, error };
  });
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => document.body.innerHTML), htmlBefore, 'the portal\'s DOM is as it was');
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0);
  assert.deepEqual(await pageListeners(page), listenersBefore);
  assert.ok(r.error?.isError, JSON.stringify(r.error));
  // Wasm memory never shrinks: it reaches its high-water mark in the first
  // cycles, then must stay flat.
  // (About 0.1–0.2 MB per planner and cycle stays behind on main before
  // the shadow root too: reported, not fixed here; this bounds it.)
  const growth = r.memory[19] - r.memory[4];
  console.log(`portal: 20 cycles of mounting two planners and destroying them: wasm memory (MB) ${r.memory.map((m) => m.toFixed(1)).join(' ')}`);
  assert.ok(growth < 15 * 2 * 0.35, `wasm memory grew ${growth.toFixed(1)} MB from cycle 5 to cycle 20`);
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('portal at 320 px: one column, the phone layout inside the planner, nothing wider than the screen', async () => {
  const { page, errors } = await newPage({ width: 320, height: 640 });
  await page.goto(`${env.portal.origin}/portal/index.html`);
  await page.evaluate(() => window.portalReady);
  await grid(page, 'planner-a').getByText('Tỉnh Sóc Trăng').waitFor();
  const r = await page.evaluate(() => ({
    pageWidth: document.documentElement.scrollWidth,
    hostWidth: document.querySelector('#planner-a > .quota-planner').getBoundingClientRect().width,
    menu: getComputedStyle(qpRoot('#planner-a').querySelector('.qp-menu-button')).display,
  }));
  // Taller than its 620-px container there, planner A scrolls inside it
  // and covers nothing of planner B below.
  await page.locator('#planner-b').scrollIntoViewIfNeeded();
  const below = await page.evaluate(() => {
    const root = qpRoot('#planner-a').querySelector('.qp-root');
    const b = document.querySelector('#planner-b > .quota-planner').getBoundingClientRect();
    const hit = document.elementFromPoint(b.left + 20, b.top + 20);
    return { scrolls: root.scrollHeight > root.clientHeight, inB: hit === document.querySelector('#planner-b > .quota-planner') };
  });
  assert.deepEqual(below, { scrolls: true, inB: true });
  assert.ok(r.pageWidth <= 320, JSON.stringify(r));
  assert.ok(r.hostWidth <= 320 && r.hostWidth > 250, JSON.stringify(r));
  assert.notEqual(r.menu, 'none', 'the toolbar folds behind one button (container query)');
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('hosted page under the strict CSP: load, edit, import in the worker, export, print, progress charts', async () => {
  const { page, errors } = await newPage();
  await page.goto(`${env.portal.origin}/`);
  await page.evaluate(() => window.quotaPlannerReady);
  await page.getByRole('treegrid').getByText('Tỉnh Sóc Trăng').waitFor();
  assert.equal(await page.evaluate(() => document.querySelectorAll('script:not([src])').length), 0, 'no inline script');
  await page.getByLabel('Tỷ lệ chung (%)').fill('85');
  await page.getByLabel('Tỷ lệ chung (%)').press('Enter');
  const csv = fs.readFileSync(path.resolve(dist, '../assets/soc-trang-2025.csv'));
  const units = await page.evaluate(async (bytes) => {
    const report = await window.quotaPlanner.load(new Uint8Array(bytes), 'soc-trang.csv');
    window.quotaPlanner.setPolicy({ start: '2025-05-08', end: '2025-05-30' });
    window.quotaPlanner.setResult(window.quotaPlanner.plan().units[1].id, '2025-05-12', 1000);
    return report.units;
  }, [...csv]);
  assert.ok(units > 100);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất Excel' }).click();
  assert.match((await download).suggestedFilename(), /\.xlsx$/);
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  await page.getByRole('button', { name: 'In', exact: true }).click();
  await page.waitForFunction(() => window.__printed === 1);
  const printed = await page.evaluate(() => document.querySelector('.qp-print-root').shadowRoot.querySelectorAll('tbody tr').length);
  assert.ok(printed > 100, `${printed} rows in the print table`);
  await page.getByRole('tab', { name: 'Tiến độ' }).click();
  await page.locator('svg.qp-chart').first().waitFor();
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('iframe: commands by postMessage from an allowed origin are answered; another origin is ignored', async () => {
  const plannerUrl = (allow) => `${env.planner.origin}/?allow=${encodeURIComponent(allow)}`;
  const { page, errors } = await newPage();
  await page.goto(`${env.allowed.origin}/portal/frame.html?src=${encodeURIComponent(plannerUrl(`https://a.example,${env.allowed.origin}`))}`);
  await page.evaluate(() => window.frameLoaded);
  const r = await page.evaluate(async () => {
    const before = await window.planner('plan');
    await window.planner('setPercent', null, 80);
    const after = await window.planner('plan');
    const xlsx = await window.planner('exportXlsx');
    const undone = await window.planner('undo');
    const refused = [];
    for (const [method, args] of [['destroy', []], ['on', ['change']], ['setPercent', ['u-none', 50]]]) {
      refused.push(await window.planner(method, ...args).then(() => 'answered', (e) => e.message));
    }
    return {
      before: before.totals.target, after: after.totals.target, percent: after.policy.defaultPercent,
      xlsx: xlsx instanceof Uint8Array ? String.fromCharCode(xlsx[0], xlsx[1]) : typeof xlsx, undone, refused,
    };
  });
  assert.equal(r.before, 757463);
  assert.equal(r.percent, 80);
  assert.ok(r.after < r.before);
  assert.equal(r.xlsx, 'PK');
  assert.equal(r.undone, true);
  assert.match(r.refused[0], /“destroy” không dùng được qua postMessage/);
  assert.match(r.refused[1], /“on” không dùng được/);
  assert.match(r.refused[2], /u-none/);
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();

  // The same planner, allowing only that portal, embedded by another one.
  const other = await newPage();
  await other.page.goto(`${env.other.origin}/portal/frame.html?src=${encodeURIComponent(plannerUrl(env.allowed.origin))}`);
  await other.page.evaluate(() => window.frameLoaded);
  const answer = await other.page.evaluate(() => Promise.race([
    window.planner('setPercent', null, 10).then(() => 'answered', (e) => `refused: ${e.message}`),
    new Promise((resolve) => setTimeout(() => resolve('no answer'), 2000)),
  ]));
  assert.equal(answer, 'no answer');
  // And nothing happened in it: its plan is still at 90 %.
  const frame = other.page.frames().find((f) => f.url().startsWith(env.planner.origin));
  assert.equal(await frame.evaluate(() => window.quotaPlannerReady.then((p) => p.plan().policy.defaultPercent)), 90);
  assert.deepEqual(other.errors, []);
  await other.page.close();
});
