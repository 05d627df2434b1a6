// Issue 12, offline: the single file dist/quota-planner.html opened from
// file:// with every network request failing (load a workbook through the
// API and the file input, change percentages, save an offline copy, reopen
// it on the changed plan, save again from it) in headless Chromium and in
// Debian's Firefox ESR (puppeteer-core over WebDriver BiDi); the hosted
// build reloading offline through its service worker; the new-version notice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dist, launch } from './harness.mjs';

const single = path.join(dist, 'quota-planner.html');
const fixture = path.join(dist, '..', 'tests', 'fixtures', 'soc-trang-published.ods');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-offline-'));
const FIREFOX = '/usr/bin/firefox-esr';

const plan = (page) => page.evaluate(() => window.quotaPlanner.plan());
const unitNamed = (p, name) => p.units.find((u) => u.name === name);
// Not network: the page's own document, inline data and its worker's blob.
const local = (url, file) => url === file || url.startsWith('data:') || url.startsWith('blob:');

/// Counts the workers the page starts (and their script URLs).
const countWorkers = (page) => page.evaluate(() => {
  const Native = window.Worker;
  window.__workers = [];
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      window.__workers.push(String(url));
    }
  };
});

let chromium;
before(async () => {
  chromium = await launch();
});
after(async () => {
  await chromium?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/// Opens a file:// page in a fresh Chromium context where every request fails.
async function openFile(file) {
  const url = pathToFileURL(file).href;
  const context = await chromium.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const network = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    network.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!local(r.url(), url)) network.push(r.url()); });
  await page.goto(url);
  await page.evaluate(() => window.quotaPlannerReady);
  return { context, page, errors, network };
}

test('the build writes one self-contained file: no reference to another file, the wasm inside', () => {
  const html = fs.readFileSync(single, 'utf8');
  // Nothing outside the file: no src, no stylesheet link, no module script.
  assert.doesNotMatch(html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, ''), /\b(src|href)="(?!data:)/);
  assert.doesNotMatch(html, /<script[^>]*type="module"/);
  assert.doesNotMatch(html, /<link[^>]*stylesheet/);
  // Both modules: the page's and the reader (the import worker's).
  const files = fs.readdirSync(dist);
  const wasm = files.find((f) => f.endsWith('_bg.wasm') && !f.startsWith('quota-planner-reader'));
  const reader = files.find((f) => /^quota-planner-reader-[0-9a-f]+_bg\.wasm$/.test(f));
  for (const [id, file] of [['quota-planner-wasm', wasm], ['quota-planner-reader-wasm', reader]]) {
    const embedded = new RegExp(`<script type="application/octet-stream" id="${id}">([^<]*)</script>`).exec(html);
    assert.ok(embedded, `the ${id} block`);
    assert.deepEqual(Buffer.from(embedded[1], 'base64'), fs.readFileSync(path.join(dist, file)));
  }
  assert.match(html, /<script type="text\/plain" id="quota-planner-worker">[\s\S]*__quotaPlannerReader[\s\S]*?<\/script>/);
  assert.match(html, /<script type="application\/json" id="quota-planner-plan"><\/script>/);
  const css = fs.readdirSync(dist).filter((f) => f.endsWith('.css'));
  for (const f of css) assert.ok(html.includes(fs.readFileSync(path.join(dist, f), 'utf8').trim()), `${f} inlined`);
});

test('Chromium, file://, no network: a workbook, changed percentages, an offline copy that reopens on them', async () => {
  const first = await openFile(single);
  const { page } = first;
  assert.equal((await plan(page)).units.length, 120, 'opens on the built-in sample');
  await countWorkers(page);

  // A workbook through the API: read in the import worker (a blob: script).
  const bytes = fs.readFileSync(fixture);
  const loaded = await page.evaluate(async (b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    await window.quotaPlanner.load(data, 'phu-luc.ods');
    return window.quotaPlanner.plan().units.length;
  }, bytes.toString('base64'));
  assert.equal(loaded, 120);
  // An Excel workbook, written by the reader inside the file.
  const head = await page.evaluate(() => Array.from(window.quotaPlanner.exportXlsx().subarray(0, 2)));
  assert.deepEqual(head, [0x50, 0x4b]);
  const notice = page.getByRole('status').filter({ hasText: 'Đã mở “phu-luc.ods”' });
  await notice.waitFor();
  assert.doesNotMatch(await notice.innerText(), /Web Worker/, 'not read on the page');
  assert.equal((await page.evaluate(() => window.__workers)).length, 1);
  assert.match((await page.evaluate(() => window.__workers))[0], /^blob:/);

  // The same workbook through the file input, as a person opens it.
  await page.getByLabel('Mở tệp…').setInputFiles({ name: 'bang-chi-tieu.ods', mimeType: 'application/vnd.oasis.opendocument.spreadsheet', buffer: bytes });
  const opened = page.getByRole('status').filter({ hasText: 'Đã mở “bang-chi-tieu.ods”: 120 đơn vị' });
  await opened.waitFor();
  assert.doesNotMatch(await opened.innerText(), /Web Worker/, 'not read on the page');
  // Read by the same worker: one that read a file cleanly is kept for the next.
  assert.equal((await page.evaluate(() => window.__workers)).length, 1);

  // Percentages: the plan-wide one typed, one unit's through the API.
  const field = page.getByLabel('Tỷ lệ chung (%)');
  await field.click();
  await field.press('Control+a');
  await field.pressSequentially('87,5');
  await field.press('Enter');
  const unit = (await plan(page)).units[1];
  await page.evaluate((id) => window.quotaPlanner.setPercent(id, 75.25), unit.id);
  const changed = await plan(page);
  assert.equal(changed.policy.defaultPercent, 87.5);
  assert.equal(unitNamed(changed, unit.name).percent, 75.25);

  // "Lưu bản dùng ngoại tuyến" downloads the single file with this plan.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Lưu bản dùng ngoại tuyến' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'bang-chi-tieu.ngoai-tuyen.html');
  const copy1 = path.join(tmp, 'copy1.html');
  await download.saveAs(copy1);
  const copy1Text = fs.readFileSync(copy1, 'utf8');
  await page.getByRole('status').filter({ hasText: 'Đã tải về “bang-chi-tieu.ngoai-tuyen.html”' }).waitFor();
  assert.equal(await page.evaluate(() => window.quotaPlanner.exportOfflineHtml()), fs.readFileSync(copy1, 'utf8'));
  assert.deepEqual(first.errors, []);
  assert.deepEqual(first.network, [], 'no request left the file');

  // The copy, opened in a fresh browser profile, is on the changed plan.
  const second = await openFile(copy1);
  const reopened = await plan(second.page);
  assert.deepEqual(reopened, changed);
  assert.equal(await second.page.getByLabel('Tỷ lệ chung (%)').inputValue(), '87,5');

  // Saving again from the copy gives a file with the newer plan.
  await second.page.evaluate(() => window.quotaPlanner.setPercent(null, 80));
  const [again] = await Promise.all([
    second.page.waitForEvent('download'),
    second.page.getByRole('button', { name: 'Lưu bản dùng ngoại tuyến' }).click(),
  ]);
  const copy2 = path.join(tmp, 'copy2.html');
  await again.saveAs(copy2);
  assert.deepEqual(second.errors, []);
  assert.deepEqual(second.network, []);
  const third = await openFile(copy2);
  const newer = await plan(third.page);
  assert.equal(newer.policy.defaultPercent, 80);
  assert.equal(unitNamed(newer, unit.name).percent, 75.25);
  assert.equal(newer.units.length, 120);
  // The older copy is as it was.
  assert.equal(fs.readFileSync(copy1, 'utf8'), copy1Text);
  assert.notEqual(fs.readFileSync(copy2, 'utf8'), copy1Text);
  assert.deepEqual(third.network, []);
  for (const { context } of [first, second, third]) await context.close();
});

test('a saved copy opens on its own plan, not on an older draft; reloaded in its tab, on its draft', async () => {
  // One profile: the first page leaves a draft of another plan behind.
  const url = pathToFileURL(single).href;
  const context = await chromium.newContext();
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => window.quotaPlannerReady);
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 60));
  const copy = path.join(tmp, 'copy-60.html');
  fs.writeFileSync(copy, await page.evaluate(() => window.quotaPlanner.exportOfflineHtml()));
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 55));
  await page.waitForTimeout(1200); // autosave's debounce
  // Chromium keeps IndexedDB for file:// pages: autosave works there.
  // The planner is drawn in a shadow root (src/web/shadow.rs).
  assert.doesNotMatch(await page.evaluate(() => document.querySelector('#quota-planner > .quota-planner').shadowRoot.querySelector('.qp').innerText), /không cho lưu tự động/);

  const tab = await context.newPage();
  await tab.goto(pathToFileURL(copy).href);
  await tab.evaluate(() => window.quotaPlannerReady);
  assert.equal((await plan(tab)).policy.defaultPercent, 60, 'the file’s plan, not the 55% draft');
  // The other drafts are still listed.
  await tab.getByRole('button', { name: 'Bản nháp…' }).click();
  const list = tab.getByRole('region', { name: 'Bản nháp đã lưu trong trình duyệt' });
  await list.waitFor();
  assert.ok((await list.getByRole('button', { name: /^Mở “/ }).count()) >= 1, 'older drafts listed');
  // Work after opening survives a reload of that tab.
  await tab.evaluate(() => window.quotaPlanner.setPercent(null, 65));
  await tab.waitForTimeout(1200);
  await tab.reload();
  await tab.evaluate(() => window.quotaPlannerReady);
  assert.equal((await plan(tab)).policy.defaultPercent, 65);
  // A new tab opening the same copy starts on its plan again.
  const other = await context.newPage();
  await other.goto(pathToFileURL(copy).href);
  await other.evaluate(() => window.quotaPlannerReady);
  assert.equal((await plan(other)).policy.defaultPercent, 60);
  await context.close();
});

// ---- Firefox ESR over WebDriver BiDi ---------------------------------------

/// Opens a file:// page in Firefox with every request failing.
async function openInFirefox(browser, file) {
  const url = pathToFileURL(file).href;
  const page = await browser.newPage();
  const network = [];
  const errors = [];
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (local(r.url(), url)) return r.continue();
    network.push(r.url());
    return r.abort();
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.evaluate(() => window.quotaPlannerReady);
  return { page, network, errors };
}

test('Firefox ESR, file://, no network: a workbook, changed percentages, an offline copy that reopens on them', async () => {
  const { default: puppeteer } = await import('puppeteer-core');
  // Downloads go to a folder of the test's, without asking.
  const downloads = path.join(tmp, 'firefox-downloads');
  fs.mkdirSync(downloads);
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true,
    extraPrefsFirefox: {
      'browser.download.folderList': 2, 'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true, 'browser.download.always_ask_before_handling_new_types': false,
    },
  });
  try {
    const first = await openInFirefox(browser, single);
    const { page } = first;
    assert.equal((await plan(page)).units.length, 120);
    await countWorkers(page);
    const bytes = fs.readFileSync(fixture);
    const notice = await page.evaluate(async (b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      await window.quotaPlanner.load(data, 'phu-luc.ods');
      return document.querySelector('#quota-planner > .quota-planner').shadowRoot.querySelector('[role=status].qp-notice')?.textContent ?? '';
    }, bytes.toString('base64'));
    assert.match(notice, /Đã mở “phu-luc.ods”: 120 đơn vị/);
    assert.doesNotMatch(notice, /Web Worker/, 'read in the worker, not on the page');
    // An Excel workbook, written by the reader inside the file.
    const head = await page.evaluate(() => Array.from(window.quotaPlanner.exportXlsx().subarray(0, 2)));
    assert.deepEqual(head, [0x50, 0x4b]);
    const workers = await page.evaluate(() => window.__workers);
    assert.equal(workers.length, 1);
    assert.match(workers[0], /^blob:/);

    // The file input, as a person opens a file.
    const copyOfFixture = path.join(tmp, 'bang-chi-tieu.ods');
    fs.copyFileSync(fixture, copyOfFixture);
    // `>>>`: into the planner's shadow root.
    const input = await page.$('>>> input[type=file]');
    await input.uploadFile(copyOfFixture);
    await page.waitForFunction(() => document.querySelector('#quota-planner > .quota-planner').shadowRoot.querySelector('[role=status].qp-notice')?.textContent.includes('Đã mở “bang-chi-tieu.ods”'));

    // The plan-wide percentage typed, and a unit's through the API.
    const field = await page.$('>>> input[id$="-default-percent"]');
    await field.click({ count: 3 });
    await field.type('87,5');
    await field.press('Enter');
    const unit = (await plan(page)).units[1];
    await page.evaluate((id) => window.quotaPlanner.setPercent(id, 75.25), unit.id);
    const changed = await plan(page);
    assert.equal(changed.policy.defaultPercent, 87.5);

    // "Lưu bản dùng ngoại tuyến" downloads the offline copy.
    // `>>>`: into the planner's shadow root (XPath does not go there).
    let button;
    for (const b of await page.$$('>>> button')) {
      if (await b.evaluate((e) => e.textContent.trim() === 'Lưu bản dùng ngoại tuyến')) button = b;
    }
    await button.click();
    const copy1 = path.join(downloads, 'bang-chi-tieu.ngoai-tuyen.html');
    const expected = await page.evaluate(() => window.quotaPlanner.exportOfflineHtml());
    for (let i = 0; i < 100 && !(fs.existsSync(copy1) && fs.statSync(copy1).size === Buffer.byteLength(expected)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(fs.readFileSync(copy1, 'utf8'), expected, 'the downloaded copy');
    assert.deepEqual(first.errors, []);
    assert.deepEqual(first.network, []);
    await page.close();

    const second = await openInFirefox(browser, copy1);
    assert.deepEqual(await plan(second.page), changed);
    await second.page.evaluate(() => window.quotaPlanner.setPercent(null, 80));
    const copy2 = path.join(tmp, 'firefox-copy2.html');
    fs.writeFileSync(copy2, await second.page.evaluate(() => window.quotaPlanner.exportOfflineHtml()));
    assert.deepEqual(second.errors, []);
    assert.deepEqual(second.network, []);
    await second.page.close();

    const third = await openInFirefox(browser, copy2);
    const newer = await plan(third.page);
    assert.equal(newer.policy.defaultPercent, 80);
    assert.equal(unitNamed(newer, unit.name).percent, 75.25);
    assert.deepEqual(third.network, []);
  } finally {
    await browser.close();
  }
});

// ---- The hosted build and its service worker -------------------------------

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json',
};

/// Serves dist/ like the harness, with a switch that takes the server down
/// and one that makes sw.js a new release's.
async function serveHosted() {
  const state = { down: false, release: 0 };
  const server = http.createServer((req, res) => {
    if (state.down) { req.socket.destroy(); return; }
    const url = new URL(req.url, 'http://localhost');
    const file = path.join(dist, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname));
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end(); return;
    }
    let body = fs.readFileSync(file);
    if (url.pathname === '/sw.js' && state.release > 0) {
      body = Buffer.from(body.toString('utf8').replace(/const VERSION = "([0-9a-f]+)"/, `const VERSION = "$1-r${state.release}"`));
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, state, origin: `http://127.0.0.1:${server.address().port}` };
}

/// Waits until the page is controlled by an active service worker.
const controlled = (page) => page.evaluate(async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  }
  return navigator.serviceWorker.controller.scriptURL;
});

test('the hosted page reloads offline after a first visit, and asks nothing of another origin', async () => {
  const { server, state, origin } = await serveHosted();
  const context = await chromium.newContext();
  const foreign = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin + '/')) return route.continue();
    foreign.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(origin + '/');
  await page.evaluate(() => window.quotaPlannerReady);
  assert.equal(await controlled(page), origin + '/sw.js');
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 85));
  // The single file is cached when first asked for, not on the first visit.
  const cached = () => page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys[0]);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  assert.ok((await cached()).includes('/index.html'));
  assert.ok(!(await cached()).includes('/quota-planner.html'));
  assert.match(await page.evaluate(() => window.quotaPlanner.exportOfflineHtml()), /id="quota-planner-plan">\{/);
  assert.ok((await cached()).includes('/quota-planner.html'));
  await page.waitForTimeout(1200); // autosave's debounce

  state.down = true;
  await context.setOffline(true);
  await page.reload();
  await page.evaluate(() => window.quotaPlannerReady);
  const p = await plan(page);
  assert.equal(p.units.length, 120);
  assert.equal(p.policy.defaultPercent, 85, 'the draft restored offline');
  // The import worker's files come from the cache too.
  const csv = 'STT,Đơn vị,Số lượng\n,Tỉnh,\n1,Xã A,100\n2,Xã B,200\n';
  assert.equal(await page.evaluate(async (text) => {
    await window.quotaPlanner.load(new TextEncoder().encode(text), 'a.csv');
    return window.quotaPlanner.plan().units.length;
  }, csv), 3);
  // And so does the single file, asked for once online, for an offline copy.
  assert.match(await page.evaluate(() => window.quotaPlanner.exportOfflineHtml()), /id="quota-planner-plan">\{/);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
  server.close();
});

test('a new release is announced with a reload button, and reloading moves onto it', async () => {
  const { server, state, origin } = await serveHosted();
  const context = await chromium.newContext();
  const page = await context.newPage();
  await page.goto(origin + '/');
  await page.evaluate(() => window.quotaPlannerReady);
  await controlled(page);
  const notice = page.getByRole('status').filter({ hasText: 'Đã có phiên bản mới của Lập chỉ tiêu' });
  assert.equal(await notice.count(), 0, 'no notice on a first visit');

  state.release = 1; // sw.js changes: a new release
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 70));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await notice.waitFor();
  // Nothing reloaded by itself: the edit is still on the page.
  assert.equal((await plan(page)).policy.defaultPercent, 70);

  await Promise.all([
    page.waitForEvent('load'),
    notice.getByRole('button', { name: 'Tải lại' }).click(),
  ]);
  await page.evaluate(() => window.quotaPlannerReady);
  const caches = await page.evaluate(() => caches.keys());
  assert.equal(caches.length, 1, 'the old release’s cache is gone');
  assert.match(caches[0], /-r1$/);
  assert.equal(await notice.count(), 0);
  assert.equal((await plan(page)).policy.defaultPercent, 70, 'the work is kept');
  await context.close();
  server.close();
});

test('without quota-planner.html beside the build, the offline copy is refused with a clear message', async () => {
  const { server, origin } = await serveHosted();
  const context = await chromium.newContext({ serviceWorkers: 'block' });
  await context.route('**/quota-planner.html', (route) => route.fulfill({ status: 404, body: '' }));
  const page = await context.newPage();
  await page.goto(origin + '/');
  await page.evaluate(() => window.quotaPlannerReady);
  const refused = await page.evaluate(() => window.quotaPlanner.exportOfflineHtml().then(() => null, (e) => [e instanceof Error, e.message]));
  assert.deepEqual(refused, [true, `Không tạo được bản dùng ngoại tuyến: không đọc được tệp quota-planner.html của ứng dụng (404 ${origin}/quota-planner.html).`]);
  await page.getByRole('button', { name: 'Lưu bản dùng ngoại tuyến' }).click();
  await page.getByRole('alert').filter({ hasText: 'Không tạo được bản dùng ngoại tuyến' }).waitFor();
  await context.close();
  server.close();
});
