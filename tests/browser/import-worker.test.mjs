// Issues 11 and 14 in the browser: every import runs in the import worker
// (a same-origin script file, no blob:, no modulepreload needed), the
// newest load wins, a long import shows its progress and can be cancelled,
// hostile files are refused within bounds, and a page under a strict CSP
// imports a workbook. Times and memory are printed, never asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { dist, launch, openPlanner, nationalCsv, addShadowHelper } from './harness.mjs';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const glue = fs.readdirSync(dist).find((f) => /^quota-planner-[0-9a-f]+\.js$/.test(f));

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; worker-src 'self'";
const NO_WORKERS = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; worker-src 'none'";

// A portal's own page: no inline script, no modulepreload link; the glue
// is loaded by a script file of the portal's.
const portalHtml = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<link rel="stylesheet" href="/${fs.readdirSync(dist).find((f) => f.endsWith('.css'))}">
<script type="module" src="/portal-boot.js"></script></head>
<body><div id="here"></div></body></html>`;
const portalBoot = `import init from '/${glue}';
await init({ module_or_path: '/${glue.replace(/\.js$/, '_bg.wasm')}' });
window.portalPlanner = await window.QuotaPlanner.mount('#here', {});
window.dispatchEvent(new Event('portal-ready'));
document.body.dataset.ready = 'yes';`;

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const env = {};

/// A zip of `[name, segments]` entries; each segment is a Buffer or
/// `{repeat: Buffer, times}`. Compressed part by part (deflate segments
/// joined with sync flushes), so a part of a gigabyte is built from a few
/// megabytes; `declare` overrides a part's inflated size in the headers.
function zipOf(entries, declare = {}) {
  const local = []; const central = []; let offset = 0;
  for (const [name, segments] of entries) {
    const parts = []; let crc = 0; let size = 0;
    for (const seg of segments) {
      const [chunk, times] = Buffer.isBuffer(seg) ? [seg, 1] : [seg.repeat, seg.times];
      const packed = zlib.deflateRawSync(chunk, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      for (let i = 0; i < times; i++) { parts.push(packed); crc = zlib.crc32(chunk, crc); size += chunk.length; }
    }
    parts.push(zlib.deflateRawSync(Buffer.alloc(0)));
    const data = Buffer.concat(parts);
    const declared = declare[name] ?? size;
    const nameBytes = Buffer.from(name);
    const head = Buffer.alloc(30); head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8); head.writeUInt32LE(crc >>> 0, 14); head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(declared, 22); head.writeUInt16LE(nameBytes.length, 26);
    const cen = Buffer.alloc(46); cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(8, 10); cen.writeUInt32LE(crc >>> 0, 16); cen.writeUInt32LE(data.length, 20);
    cen.writeUInt32LE(declared, 24); cen.writeUInt16LE(nameBytes.length, 28); cen.writeUInt32LE(offset, 42);
    local.push(head, nameBytes, data); central.push(cen, nameBytes);
    offset += head.length + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22); end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}

/// A minimal xlsx whose one sheet's XML is `sheet` (segments as above).
function xlsxOf(sheet, declare) {
  const b = (t) => Buffer.from(t);
  return zipOf([
    ['[Content_Types].xml', [b('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')]],
    ['_rels/.rels', [b('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')]],
    ['xl/workbook.xml', [b('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')]],
    ['xl/_rels/workbook.xml.rels', [b('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')]],
    ['xl/worksheets/sheet1.xml', sheet],
  ], declare);
}

const SHEET_HEAD = Buffer.from('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
  + '<row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c><c r="B1" t="inlineStr"><is><t>Đơn vị</t></is></c><c r="C1" t="inlineStr"><is><t>Số lượng</t></is></c></row>'
  + '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>Xã A</t></is></c><c r="C2"><v>100</v></c></row>');
const SHEET_TAIL = Buffer.from('</sheetData></worksheet>');

/// Serves dist/ plus the portal page; `?csp=strict|none` sets the header
/// on every response of that page's origin (the page, its scripts and the
/// worker's script), as a portal's server would.
function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const csp = { strict: CSP, none: NO_WORKERS }[env.csp ?? ''];
    const headers = csp ? { 'content-security-policy': csp } : {};
    if (url.pathname === '/favicon.ico') { res.writeHead(204); res.end(); return; }
    if (url.pathname === '/portal.html') {
      res.writeHead(200, { ...headers, 'content-type': types['.html'] }); res.end(portalHtml); return;
    }
    if (url.pathname === '/portal-boot.js') {
      res.writeHead(200, { ...headers, 'content-type': types['.js'] }); res.end(portalBoot); return;
    }
    const file = path.join(dist, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname));
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    res.writeHead(200, { ...headers, 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, origin: `http://127.0.0.1:${server.address().port}` });
  }));
}

before(async () => {
  Object.assign(env, await serve());
  env.browser = await launch();
});
after(async () => {
  await env.browser?.close();
  env.server?.close();
});

async function portal(csp) {
  env.csp = csp;
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => requests.push(r.url()));
  await addShadowHelper(page);
  await page.goto(env.origin + '/portal.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'yes');
  return { page, errors, requests };
}

for (const fixture of ['calamine-xls-formula-panic.xls', 'calamine-xls-oom.xls', 'calamine-xls-dimensions.xls']) {
  test(`mount({data}) of ${fixture} is refused cleanly; the page and its planner live on`, async () => {
    const { page } = await openPlanner(env.browser, env.origin);
    const data = [...fs.readFileSync(path.join(fixtures, fixture))];
    const outcome = await page.evaluate(async (data) => {
      const el = document.createElement('div');
      document.body.append(el);
      const t0 = performance.now();
      try {
        await window.QuotaPlanner.mount(el, { data: new Uint8Array(data), fileName: 'x.xls' });
        return { mounted: true };
      } catch (e) {
        return { error: e instanceof Error, message: e.message, ms: performance.now() - t0, left: el.childElementCount };
      }
    }, data);
    console.log(`# mount({data}) ${fixture}: refused in ${outcome.ms?.toFixed(0)} ms`);
    assert.equal(outcome.error, true, JSON.stringify(outcome));
    assert.match(outcome.message, /bộ đọc bảng tính|Tệp bị hỏng|không phải bảng tính/);
    assert.doesNotMatch(outcome.message, /: \)|RuntimeError|unreachable/);
    assert.equal(outcome.left, 0, 'no planner is left mounted');
    // The page's planner and the module still answer.
    const after = await page.evaluate(async () => {
      const p = window.quotaPlanner;
      p.setPercent(null, 91);
      const el = document.createElement('div');
      document.body.append(el);
      const other = await window.QuotaPlanner.mount(el, {});
      return { target: p.plan().totals.target, other: other.plan().units.length };
    });
    assert.equal(after.target, 765879);
    assert.equal(after.other, 120);
    await page.close();
  });
}

test('two loads in flight: the newest wins, the older rejects with a clear Error', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const outcome = await page.evaluate(async (big) => {
    const p = window.quotaPlanner;
    const small = new TextEncoder().encode('STT;Đơn vị;Số lượng\n1;Xã A;100\n2;Xã B;200\n');
    const settle = (promise) => promise.then((r) => ({ ok: r.units }), (e) => ({ error: e instanceof Error, message: e.message }));
    // A large file first, a small one after it: the small one lands, and
    // the large one never replaces it.
    const first = settle(p.load(new TextEncoder().encode(big), 'lon.csv'));
    const second = settle(p.load(small, 'nho.csv'));
    const results = [await first, await second];
    const units = p.plan().units.length;
    // Then the other way round: the large one, started last, wins.
    const third = settle(p.load(small, 'nho2.csv'));
    const fourth = settle(p.load(new TextEncoder().encode(big), 'lon2.csv'));
    results.push(await third, await fourth);
    return { results, units, unitsAfter: p.plan().units.length };
  }, nationalCsv());
  assert.equal(outcome.results[0].error, true);
  assert.match(outcome.results[0].message, /Đã bỏ lần mở tệp này/);
  assert.equal(outcome.results[1].ok, 2);
  assert.equal(outcome.units, 2);
  assert.match(outcome.results[2].message, /Đã bỏ lần mở tệp này/);
  assert.equal(outcome.results[3].ok, 100041);
  assert.equal(outcome.unitsAfter, 100041);
  await page.close();
});

test('a load pending when the planner is destroyed rejects and changes nothing', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  const outcome = await page.evaluate(async (big) => {
    const el = document.createElement('div');
    document.body.append(el);
    const p = await window.QuotaPlanner.mount(el, {});
    const pending = p.load(new TextEncoder().encode(big), 'lon.csv').then(() => 'resolved', (e) => e.message);
    await new Promise((r) => setTimeout(r, 50));
    p.destroy();
    return pending;
  }, nationalCsv());
  assert.match(outcome, /đã bị gỡ|Đã bỏ/);
  await page.close();
});

test('a long import shows its stage and percentage, marks the old plan, and Cancel keeps the old plan', async () => {
  const { page } = await openPlanner(env.browser, env.origin);
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 91));
  // Five national plans in one province (500,201 units, ~14 MB): long
  // enough, even on a quiet machine, for the bar to be seen and cancelled.
  const rows = nationalCsv().split('\n').slice(2).join('\n');
  const csv = Buffer.from([nationalCsv(), rows, rows, rows, rows].join('\n'), 'utf8');
  const longTasks = page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await longTasks;
  await page.getByLabel('Mở tệp…').setInputFiles({ name: 'quoc-gia.csv', mimeType: 'text/csv', buffer: csv });
  const bar = page.getByRole('group', { name: /Đang mở “quoc-gia.csv”/ });
  await bar.waitFor();
  await page.waitForFunction(() => Number(qpRoot().querySelector('.qp-import-progress progress')?.value) > 0);
  // Read at once, in the page: the import goes on meanwhile.
  const seen = await page.evaluate(() => ({
    text: qpRoot().querySelector('.qp-import-progress')?.innerText ?? '',
    value: Number(qpRoot().querySelector('.qp-import-progress progress')?.value),
    busy: qpRoot().querySelector('.qp-replaceable')?.getAttribute('aria-busy'),
  }));
  assert.match(seen.text, /(Đang đọc các ô|Đang nhận diện bố cục|Đang lập bảng chỉ tiêu) · \d+%/);
  assert.ok(seen.value > 0, `progress value ${seen.value}`);
  assert.equal(seen.busy, 'true');
  await bar.getByRole('button', { name: 'Hủy' }).click();
  await page.getByRole('status').getByText(/Đã hủy mở tệp/).waitFor();
  await bar.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.qp-replaceable').getAttribute('aria-busy'), 'false');
  const plan = await page.evaluate(() => window.quotaPlanner.plan());
  assert.equal(plan.units.length, 120);
  assert.equal(plan.totals.target, 765879);
  // The same file read to the end: the longest main-thread task is printed.
  await page.evaluate(() => { window.__longest = 0; });
  const t0 = Date.now();
  await page.getByLabel('Mở tệp…').setInputFiles({ name: 'quoc-gia.csv', mimeType: 'text/csv', buffer: csv });
  await page.getByRole('status').getByText(/Đã mở “quoc-gia.csv”/).waitFor({ timeout: 120000 });
  const longest = await page.evaluate(() => window.__longest);
  const units = await page.evaluate(() => window.quotaPlanner.plan().units.length);
  console.log(`# ${units} units, CSV ${(csv.length / 1e6).toFixed(1)} MB: opened in ${Date.now() - t0} ms, longest main-thread task ${longest.toFixed(0)} ms`);
  assert.equal(units, 500201);
  await page.close();
});

test('Cancel after the worker has replied, while the page decodes and builds the plan, keeps the old plan', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  // Told when the import worker's reply reaches the page: the page's own
  // steps (the reply decoded a slice per task, the model, the view) follow.
  await page.evaluate(() => {
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          if (e.data?.kind !== 'done') return;
          window.__replied = true;
          // A task of its own, between two of the page's.
          setTimeout(() => {
            const cancel = qpRoot().querySelector('.qp-import-progress button');
            window.__cancelled = Boolean(cancel);
            cancel?.click();
          }, 0);
        });
      }
    };
  });
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 91));
  const before = await page.evaluate(() => JSON.stringify(window.quotaPlanner.plan()));
  const rows = nationalCsv().split('\n').slice(2).join('\n');
  const csv = [nationalCsv(), rows, rows, rows, rows].join('\n');
  const outcome = await page.evaluate(async (text) => {
    try {
      await window.quotaPlanner.load(new TextEncoder().encode(text), 'quoc-gia.csv');
      return 'resolved';
    } catch (e) {
      return e.message;
    }
  }, csv);
  assert.deepEqual(await page.evaluate(() => [window.__replied, window.__cancelled]), [true, true]);
  assert.match(outcome, /Đã hủy mở tệp/);
  await page.getByRole('status').getByText(/Đã hủy mở tệp/).waitFor();
  assert.equal(await page.evaluate(() => JSON.stringify(window.quotaPlanner.plan())), before, 'the old plan, exactly');
  assert.equal(await page.locator('.qp-replaceable').getAttribute('aria-busy'), 'false');
  assert.equal(await page.locator('.qp-import-progress').count(), 0);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('a page under a strict CSP (worker-src \'self\', no modulepreload) imports an xlsx in the worker', async () => {
  const { page, errors, requests } = await portal('strict');
  const outcome = await page.evaluate(async () => {
    const p = window.portalPlanner;
    p.setPercent(null, 87);
    const xlsx = p.exportXlsx();
    p.setPercent(null, 91);
    const report = await p.load(xlsx, 'phu-luc.xlsx');
    return { units: report.units, format: report.format, notice: qpRoot('#here').querySelector('.qp-notice')?.innerText };
  });
  assert.equal(outcome.units, 120);
  assert.equal(outcome.format, 'xlsx');
  assert.doesNotMatch(outcome.notice, /Web Worker/);
  assert.ok(requests.some((u) => u.includes('/snippets/') && u.endsWith('import_worker.js')), 'the worker script is a same-origin file');
  assert.ok(requests.some((u) => u.endsWith('/quota-planner-reader.js')), 'the worker loads the reader through its stable alias');
  assert.equal(requests.filter((u) => /\/quota-planner-reader-[0-9a-f]+_bg\.wasm$/.test(u)).length, 1, 'the reader is fetched once, by the page');
  assert.ok(!requests.some((u) => u.startsWith('blob:')));
  assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), []);
  await page.close();
});

test('where workers are forbidden, reading still works on the page and the notice says why', async () => {
  const { page } = await portal('none');
  const outcome = await page.evaluate(async () => {
    const p = window.portalPlanner;
    const xlsx = p.exportXlsx();
    const report = await p.load(xlsx, 'phu-luc.xlsx');
    const notice = qpRoot('#here').querySelector('.qp-notice')?.innerText;
    let refused;
    try { await p.load(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]), 'hong.xlsx'); } catch (e) { refused = e.message; }
    return { units: report.units, notice, refused };
  });
  assert.equal(outcome.units, 120);
  assert.match(outcome.notice, /Đã mở “phu-luc.xlsx”.*Web Worker/s);
  assert.match(outcome.refused, /Web Worker/);
  assert.doesNotMatch(outcome.refused, /quá lớn: \)/);
  await page.close();
});

/// Runs `load(bytes)` on a fresh page's planner: outcome, time, and the
/// page's memory before and after (JS heap and wasm memory).
async function hostile(bytes, name) {
  env.csp = null;
  const { page } = await openPlanner(env.browser, env.origin);
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 91));
  const client = await page.context().newCDPSession(page);
  const heap = async () => (await client.send('Runtime.getHeapUsage')).usedSize;
  const before = await heap();
  const outcome = await page.evaluate(async ({ data, name }) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const t0 = performance.now();
    let message = null;
    try { await window.quotaPlanner.load(bytes, name); } catch (e) { message = e.message; }
    return { message, ms: performance.now() - t0, units: window.quotaPlanner.plan().units.length,
      target: window.quotaPlanner.plan().totals.target };
  }, { data: bytes.toString('base64'), name });
  const after = await heap();
  const metrics = await client.send('Performance.getMetrics').catch(() => null);
  await page.close();
  return { ...outcome, heapMb: ((after - before) / 1e6).toFixed(1), metrics };
}

test('hostile files: a zip bomb, 100,000 columns, a far-away cell are refused within bounds (time and memory printed)', async () => {
  // 1 GiB of XML whitespace, 1 MB compressed, sizes declared honestly.
  const space = Buffer.alloc(16 << 20, 0x20);
  const bomb = xlsxOf([SHEET_HEAD, { repeat: space, times: 64 }, SHEET_TAIL]);
  let r = await hostile(bomb, 'bom.xlsx');
  console.log(`# zip bomb (${(bomb.length / 1e6).toFixed(2)} MB → 1.07 GB declared): ${r.ms.toFixed(0)} ms, JS heap +${r.heapMb} MB: ${r.message}`);
  assert.match(r.message, /giải nén cần hơn/);
  assert.equal(r.units, 120);
  assert.equal(r.target, 765879);
  // The same bomb lying in its headers (declares 4 KB): not caught by the
  // directory; read in the worker, which is then thrown away.
  const liar = xlsxOf([SHEET_HEAD, { repeat: space, times: 64 }, SHEET_TAIL], { 'xl/worksheets/sheet1.xml': 4096 });
  r = await hostile(liar, 'bom-gia.xlsx');
  console.log(`# zip bomb declaring 4 KB: ${r.ms.toFixed(0)} ms, JS heap +${r.heapMb} MB: ${r.message ?? `opened (${r.units} units)`}`);
  assert.equal(r.target === 765879 || r.units === 1, true);
  // One row of 100,000 columns.
  const wide = Buffer.from('STT,Đơn vị,Số lượng' + ',cột'.repeat(100000) + '\n1,Xã A,100\n');
  r = await hostile(wide, 'rong.csv');
  console.log(`# 100,000 columns (${(wide.length / 1e6).toFixed(2)} MB): ${r.ms.toFixed(0)} ms, JS heap +${r.heapMb} MB: ${r.message}`);
  assert.match(r.message, /quá nhiều cột \(1\.025 cột\)/);
  // A cell at XFD1048576 beside a good appendix, and one at row 4294967295.
  const far = xlsxOf([SHEET_HEAD, Buffer.from('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'), SHEET_TAIL]);
  r = await hostile(far, 'xa.xlsx');
  console.log(`# a cell at XFD1048576: ${r.ms.toFixed(0)} ms, JS heap +${r.heapMb} MB: ${r.message}`);
  assert.match(r.message, /16\.384 cột/);
  const deep = xlsxOf([SHEET_HEAD, Buffer.from('<row r="4294967295"><c r="A4294967295"><v>1</v></c></row>'), SHEET_TAIL]);
  r = await hostile(deep, 'sau.xlsx');
  console.log(`# a cell at row 4294967295: ${r.ms.toFixed(0)} ms: ${r.message}`);
  assert.match(r.message, /dòng 4\.294\.967\.295/);
  // A CSV cut off inside a quoted cell opens with a warning.
  env.csp = null;
  const cut = Buffer.from('STT;Đơn vị;Số lượng\n1;Xã A;100\n2;"Xã B');
  const { page } = await openPlanner(env.browser, env.origin);
  const report = await page.evaluate(async (text) => window.quotaPlanner.load(new TextEncoder().encode(text), 'cat.csv'), cut.toString());
  assert.ok(report.warnings.some((w) => w.code === 'cut-off'), JSON.stringify(report.warnings));
  await page.close();
});
