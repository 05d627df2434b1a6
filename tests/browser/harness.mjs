// Serves the release build (dist/) on a loopback port and opens it in Debian's
// headless Chromium through playwright-core. Records every request the page
// makes and every console error, so tests can assert on both.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// QP_DIST: another build's dist (benchmarks comparing two builds).
export const dist = process.env.QP_DIST ? path.resolve(process.env.QP_DIST) : path.join(root, 'dist');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.csv': 'text/csv', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/// The policy a ward portal runs under (issue 12): no inline script or style.
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
  + "style-src 'self'; worker-src 'self' blob:";

/// Serves `dir` (dist/ by default) on a loopback port; `csp` is sent as the
/// Content-Security-Policy header of every response; `host` is the name
/// the origin uses (two names make two origins on one machine).
/// `folders` serves other folders under a path prefix (e.g. the test
/// portal: `{ '/portal/': 'tests/portal' }`).
export function serveDist({ dir = dist, csp = null, host = '127.0.0.1', folders = {} } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let base = dir;
    let name = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname);
    for (const [prefix, folder] of Object.entries(folders)) {
      if (name.startsWith(prefix)) { base = path.resolve(root, folder); name = name.slice(prefix.length); }
    }
    const file = path.join(base, name);
    if (!file.startsWith(base) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    const headers = { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' };
    if (csp) headers['content-security-policy'] = csp;
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, origin: `http://${host}:${server.address().port}` });
  }));
}

/// Records every `securitypolicyviolation` of a page (before any of its
/// scripts run) into `window.__cspViolations`; read it with `cspViolations`.
export async function recordCspViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}
export const cspViolations = (page) => page.evaluate(() => window.__cspViolations);

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/// Opens the planner page; resolves once window.quotaPlannerReady has.
export async function openPlanner(browser, origin, { width = 1280, height = 800 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const consoleErrors = [];
  const requests = [];
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  page.on('request', (req) => requests.push(req.url()));
  await addShadowHelper(page);
  await page.goto(origin + '/');
  await page.evaluate(() => window.quotaPlannerReady);
  return { page, consoleErrors, requests };
}

/// The planner is drawn in an open shadow root (src/web/shadow.rs):
/// playwright's locators pierce it, but `document.querySelector` and
/// `document.activeElement` inside `page.evaluate` do not. This defines
/// `qpRoot(within = '#quota-planner')` in the page: the shadow root of the
/// planner mounted into that element.
export async function addShadowHelper(page) {
  await page.addInitScript(() => {
    window.qpRoot = (within = '#quota-planner') =>
      document.querySelector(within)?.querySelector(':scope > .quota-planner')?.shadowRoot ?? null;
  });
}

/// The cell of a grid row under a column header, found as a person reads
/// the table: by the row's name and the column's header text.
export async function cell(page, rowName, columnName) {
  const grid = page.getByRole('treegrid');
  const headers = await grid.getByRole('columnheader').allInnerTexts();
  const column = headers.findIndex((h) => h.trim() === columnName);
  if (column < 0) throw new Error(`no column "${columnName}" in ${JSON.stringify(headers)}`);
  return grid.getByRole('row', { name: rowName }).locator('th, td').nth(column);
}

/// One server and one browser per test file: call at the top of a file,
/// read `env.origin` and `env.browser` inside tests.
export function useBrowser() {
  const env = {};
  before(async () => {
    Object.assign(env, await serveDist());
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  return env;
}

/// A national plan as CSV, built in Node and handed to the page: province >
/// 40 communes > 50 groups > 49 officers = 100,041 units, outline STT
/// (400 communes: 1,000,401 units).
export function nationalCsv(communes = 40) {
  const lines = ['STT,Đơn vị,Số lượng', ',Tỉnh Thử,'];
  let n = 1;
  for (let c = 1; c <= communes; c++) {
    lines.push(`${c},Xã ${c},`);
    for (let g = 1; g <= 50; g++) {
      lines.push(`${c}.${g},Thôn ${c}-${g},`);
      for (let o = 1; o <= 49; o++) lines.push(`${c}.${g}.${o},Cán bộ ${n++},${100 + (n * 7919) % 900}`);
    }
  }
  return lines.join('\n');
}

/// A plan of about `units` units: province > communes > groups > officers.
export function csvOf(units) {
  const communes = Math.max(1, Math.round(units / 2500));
  const perCommune = Math.ceil(units / communes);
  const groups = Math.max(1, Math.round(Math.sqrt(perCommune)));
  const officers = Math.max(1, Math.round(perCommune / groups) - 1);
  const lines = ['STT,Đơn vị,Số lượng', ',Tỉnh Thử,'];
  let n = 1;
  for (let c = 1; c <= communes; c++) {
    lines.push(`${c},Xã ${c},`);
    for (let g = 1; g <= groups; g++) {
      lines.push(`${c}.${g},Thôn ${c}-${g},`);
      for (let o = 1; o <= officers; o++) lines.push(`${c}.${g}.${o},Cán bộ ${n++},${100 + (n * 7919) % 900}`);
    }
  }
  return lines.join('\n');
}

/// Benchmarks: `calls` plan-wide percentage changes (`setPercent(null, …)`,
/// 90 and 91.5 in turn) in one rounding mode, each timed through the API, ms.
export const recomputeTimes = (page, rounding, calls = 40) => page.evaluate(({ rounding, calls }) => {
  const p = window.quotaPlanner;
  p.setPolicy({ rounding });
  const out = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    p.setPercent(null, i % 2 ? 90 : 91.5);
    out.push(performance.now() - t0);
  }
  return out;
}, { rounding, calls });

/// Benchmarks, run in the page (`page.evaluate(scrollFrames, steps)`):
/// scrolls the grid from the top, 400 px a frame for `steps` frames; the
/// time between frames, ms.
export async function scrollFrames(steps) {
  const grid = qpRoot().querySelector('.qp-grid-scroll');
  grid.scrollTop = 0;
  const frame = () => new Promise((r) => requestAnimationFrame((t) => r(t)));
  const deltas = [];
  let last = await frame();
  for (let i = 0; i < steps; i++) {
    grid.scrollTop += 400;
    const t = await frame();
    deltas.push(t - last);
    last = t;
  }
  return deltas;
}

/// Benchmarks: median, p95 and max of a list of milliseconds, and their line.
export const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
export const fmt = (o) => `median ${o.median.toFixed(2)} ms, p95 ${o.p95.toFixed(2)} ms, max ${o.max.toFixed(2)} ms (n=${o.n})`;
