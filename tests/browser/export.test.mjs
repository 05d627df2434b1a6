// Issue 8, output half, in the browser (release build): Excel and CSV
// download from the toolbar and through the JS API and reopen to the same
// plan; "copy the whole table" puts every row on the clipboard; "In"
// prints every row of the appendix (checked in the PDF with pdftotext).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { useBrowser, openPlanner, nationalCsv, dist, addShadowHelper } from './harness.mjs';

const env = useBrowser();

/// What must survive a round trip: names, bases, percentages, targets.
const essentials = (plan) => plan.units.map((u) => ({
  code: u.code, name: u.name, level: u.level, base: u.base, percent: u.percent, target: u.target,
}));

async function editSome(page) {
  await page.evaluate(() => {
    const p = window.quotaPlanner;
    p.setPercent('u5', 87.5);
    p.setPercent('u14', 91.25);
    p.setLevelPercent(1, 92);
  });
}

async function download(page, buttonName) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  const where = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(where), where };
}

test('"Xuất Excel" downloads a workbook that reopens through the UI to the same plan', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await editSome(page);
  const before = await page.evaluate(() => window.quotaPlanner.plan());
  const file = await download(page, 'Xuất Excel');
  assert.equal(file.name, 'soc-trang-2025.xlsx');
  assert.equal(file.bytes.subarray(0, 2).toString(), 'PK');
  await page.getByRole('status').getByText('Đã xuất “soc-trang-2025.xlsx”.').waitFor();
  // Reopen it as a person would: through "Mở tệp…".
  await page.getByLabel('Mở tệp…').setInputFiles({
    name: file.name, mimeType: 'application/octet-stream', buffer: file.bytes,
  });
  // The file's own target column comes back as a second target column,
  // which the layout panel asks about (status or alert).
  await page.getByText(/Đã mở “soc-trang-2025.xlsx”: 120 đơn vị/).waitFor();
  const after = await page.evaluate(() => window.quotaPlanner.plan());
  assert.deepEqual(essentials(after), essentials(before));
  assert.deepEqual(after.units.map((u) => u.officialTarget), before.units.map((u) => u.target));
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('"Xuất CSV" downloads UTF-8 with a BOM that reopens to the same plan', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await editSome(page);
  await page.evaluate(() => window.quotaPlanner.setPolicy({ rounding: 'largest-remainder' }));
  const before = await page.evaluate(() => window.quotaPlanner.plan());
  const file = await download(page, 'Xuất CSV');
  assert.equal(file.name, 'soc-trang-2025.csv');
  assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = file.bytes.toString('utf8');
  assert.equal(text.split('\r\n').filter(Boolean).length, 121);
  assert.match(text, /Tỉnh Sóc Trăng,841625,/);
  await page.getByLabel('Mở tệp…').setInputFiles(file.where);
  // The notice of the file opened (the summary line says "120 đơn vị" too).
  await page.getByText(/Đã mở “[^”]*”: 120 đơn vị/).waitFor();
  const after = await page.evaluate(() => window.quotaPlanner.plan());
  // Reopened in per-row mode, the file's targets are the apportioned ones.
  assert.deepEqual(after.units.map((u) => u.officialTarget), before.units.map((u) => u.target));
  assert.deepEqual(after.units.map((u) => [u.name, u.base, u.percent]),
    before.units.map((u) => [u.name, u.base, u.percent]));
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('"Xuất CSV (;)" separates cells by semicolons for a Vietnamese Excel, and reopens to the same plan', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await editSome(page);
  const before = await page.evaluate(() => window.quotaPlanner.plan());
  const file = await download(page, 'Xuất CSV (;)');
  assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = file.bytes.toString('utf8');
  assert.match(text, /^\ufeffSTT;Đơn vị;/);
  assert.match(text, /Tỉnh Sóc Trăng;841625;/);
  // The API gives the same text, and refuses a separator it does not know.
  const api = await page.evaluate(() => {
    const p = window.quotaPlanner;
    let refused = null;
    try { p.exportCsv({ separator: '|' }); } catch (e) { refused = e instanceof Error && e.message; }
    return { semicolon: p.exportCsv({ separator: ';' }), comma: p.exportCsv(), refused };
  });
  assert.equal(api.semicolon, text);
  assert.match(api.comma, /^\ufeffSTT,Đơn vị,/);
  assert.match(api.refused, /separator/);
  await page.getByLabel('Mở tệp…').setInputFiles(file.where);
  await page.getByText(/Đã mở “[^”]*”: 120 đơn vị/).waitFor();
  const after = await page.evaluate(() => window.quotaPlanner.plan());
  assert.deepEqual(after.units.map((u) => [u.name, u.base, u.percent]),
    before.units.map((u) => [u.name, u.base, u.percent]));
  assert.deepEqual(after.units.map((u) => u.officialTarget), before.units.map((u) => u.target));
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('exportXlsx() and exportCsv() reopen through load() to the same plan', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await editSome(page);
  const result = await page.evaluate(async () => {
    const p = window.quotaPlanner;
    const before = p.plan();
    const xlsx = p.exportXlsx();
    const csv = p.exportCsv();
    const kinds = [xlsx instanceof Uint8Array, typeof csv, csv.charCodeAt(0)];
    await p.load(xlsx, 'lai.xlsx');
    const fromXlsx = p.plan();
    await p.load(new TextEncoder().encode(csv), 'lai.csv');
    const fromCsv = p.plan();
    return { before, fromXlsx, fromCsv, kinds };
  });
  assert.deepEqual(result.kinds, [true, 'string', 0xfeff]);
  assert.deepEqual(essentials(result.fromXlsx), essentials(result.before));
  assert.deepEqual(essentials(result.fromCsv), essentials(result.before));
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('the workbook is written by the reader module: exportXlsx() works once mount() resolves; a reader that cannot be fetched leaves the plan and CSV, says so, and is fetched again', async () => {
  // The page's own module has no xlsx writer (rust_xlsxwriter names each
  // sheet's part "xl/worksheets/sheet…"); the reader module has it.
  const top = fs.readdirSync(dist);
  const pageWasm = top.filter((f) => f.endsWith('_bg.wasm') && !f.startsWith('quota-planner-reader'));
  const readerWasm = top.filter((f) => f.endsWith('_bg.wasm') && f.startsWith('quota-planner-reader'));
  assert.equal(pageWasm.length, 1);
  assert.equal(readerWasm.length, 1);
  const marker = Buffer.from('xl/worksheets/sheet');
  assert.equal(fs.readFileSync(path.join(dist, pageWasm[0])).includes(marker), false);
  assert.equal(fs.readFileSync(path.join(dist, readerWasm[0])).includes(marker), true);

  // Right after mount(): a workbook, synchronously.
  const context = await env.browser.newContext({ serviceWorkers: 'block' });
  const fresh = await context.newPage();
  await fresh.goto(env.origin + '/');
  const head = await fresh.evaluate(async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const planner = await window.QuotaPlanner.mount(host);
    const bytes = planner.exportXlsx();
    planner.destroy();
    return Array.from(bytes.subarray(0, 2));
  });
  assert.deepEqual(head, [0x50, 0x4b]);

  // The reader's wasm cannot be fetched: the planner mounts, its plan and
  // CSV work, and an Excel export says why it cannot be made.
  let blocked = true;
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await addShadowHelper(page);
  await page.route(/quota-planner-reader-[^/]*_bg\.wasm$/, (route) =>
    blocked ? route.abort() : route.continue());
  await page.goto(env.origin + '/');
  await page.evaluate(() => window.quotaPlannerReady);
  await editSome(page);
  const before = await page.evaluate(() => window.quotaPlanner.plan());
  const refused = await page.evaluate(() => {
    try {
      window.quotaPlanner.exportXlsx();
      return 'no error';
    } catch (e) {
      return `${e instanceof Error} ${e.message}`;
    }
  });
  assert.match(refused, /^true Chưa tải được bộ ghi tệp Excel .*Bảng chỉ tiêu không bị thay đổi; vẫn xuất được CSV\.$/);
  assert.equal((await page.evaluate(() => window.quotaPlanner.exportCsv())).split('\r\n').filter(Boolean).length, 121);
  assert.deepEqual(await page.evaluate(() => window.quotaPlanner.plan()), before);
  // The toolbar's button says the same, in the status line.
  await page.getByRole('button', { name: 'Xuất Excel', exact: true }).click();
  await page.getByText(/Chưa tải được bộ ghi tệp Excel/).waitFor();

  // The network is back: an export asks for the reader again.
  blocked = false;
  await page.waitForFunction(() => {
    try {
      return window.quotaPlanner.exportXlsx().length > 0;
    } catch (e) {
      return false;
    }
  }, null, { polling: 200, timeout: 30_000 });
  const reopened = await page.evaluate(async () => {
    const report = await window.quotaPlanner.load(window.quotaPlanner.exportXlsx(), 'lai.xlsx');
    return report.units;
  });
  assert.equal(reopened, 120);
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Chép cả bảng" copies every row with the header, tab-separated', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
  await page.getByRole('button', { name: 'Chép cả bảng' }).click();
  await page.getByRole('status').getByText(/Đã chép bảng \(121 dòng/).waitFor();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  const rows = text.split('\r\n').filter(Boolean).map((r) => r.split('\t'));
  assert.equal(rows.length, 121);
  assert.deepEqual(rows[0].slice(0, 3), ['STT', 'Đơn vị', 'Số lượng']);
  assert.deepEqual(rows[1].slice(1, 5), ['Tỉnh Sóc Trăng', '841625', '90%', '757463']);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

function pdfText(buffer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-pdf-'));
  const pdf = path.join(dir, 'in.pdf');
  fs.writeFileSync(pdf, buffer);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 1 << 30 }).toString();
  fs.rmSync(dir, { recursive: true, force: true });
  return text;
}

/// Every unit appears, in appendix order, on a line with its base.
function assertEveryRow(text, units, locale = 'vi-VN') {
  const lines = text.split('\n');
  const fmt = (n) => n.toLocaleString(locale);
  let at = 0;
  for (const u of units) {
    const base = fmt(u.base);
    while (at < lines.length && !(lines[at].includes(u.name) && lines[at].includes(base))) at++;
    assert.ok(at < lines.length, `unit ${u.id} "${u.name}" (${base}) is not in the PDF after line ${at}`);
    at++;
  }
}

async function printThroughTheButton(page) {
  // Headless Chromium has no print dialog: count the calls instead.
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  const t0 = Date.now();
  await page.getByRole('button', { name: 'In', exact: true }).click();
  await page.waitForFunction(() => window.__printed === 1);
  return Date.now() - t0;
}

test('"In" prints every row of the Sóc Trăng appendix, title and signatures, numbered A4 pages', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  const plan = await page.evaluate(() => window.quotaPlanner.plan());
  await printThroughTheButton(page);
  assert.equal(await page.locator('.qp-print-root tbody tr').count(), 120);
  // On screen nothing changes: the print table is hidden.
  assert.equal(await page.locator('.qp-print-root').isVisible(), false);
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  if (process.env.QP_PDF_DIR) fs.writeFileSync(path.join(process.env.QP_PDF_DIR, 'soc-trang.pdf'), pdf);
  const text = pdfText(pdf);
  const pages = text.split('\f').filter((p) => p.trim());
  assertEveryRow(text, plan.units);
  assert.match(pages[0], /PHỤ LỤC/);
  assert.match(pages[0], /Ban hành kèm theo Kế hoạch số 490\/KH-CAT/);
  // The header repeats on every page with rows, and every page is numbered.
  for (const [i, p] of pages.entries()) {
    if (/\d%\s/.test(p)) assert.match(p, /STT\s+Đơn vị/, `header on page ${i + 1}`);
    assert.match(p, new RegExp(`Trang ${i + 1} / ${pages.length}`), `number on page ${i + 1}`);
  }
  assert.match(pages.at(-1), /NGƯỜI LẬP BIỂU/);
  assert.ok(!text.includes('Hoàn tác'), 'the toolbar is not printed');
  // After printing the table goes away.
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assert.equal(await page.locator('.qp-print-root').count(), 0);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('Ctrl+P (beforeprint) builds the print table too', async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.equal(await page.locator('.qp-print-root tbody tr').count(), 120);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assert.equal(await page.locator('.qp-print-root').count(), 0);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

// About 2,100 A4 pages: minutes on a 2-core machine (204 s under load 6
// once cells stopped clipping; it never finished before).
test('a 100,000-unit plan prints every row', { timeout: 1_800_000 }, async () => {
  const { page, consoleErrors } = await openPlanner(env.browser, env.origin);
  await page.evaluate(async (text) => {
    await window.quotaPlanner.load(new TextEncoder().encode(text), 'quoc-gia.csv');
  }, nationalCsv());
  const units = await page.evaluate(() => window.quotaPlanner.plan().units.map((u) => ({ id: u.id, name: u.name, base: u.base })));
  assert.equal(units.length, 100041);
  const ms = await printThroughTheButton(page);
  assert.equal(await page.locator('.qp-print-root tbody tr').count(), units.length);
  assert.ok(await page.locator('.qp-print-root table').count() > 1000, 'one table per page');
  const t0 = Date.now();
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, timeout: 0 });
  const pdfMs = Date.now() - t0;
  const text = pdfText(pdf);
  assertEveryRow(text, units);
  const pages = text.split('\f').filter((p) => p.trim()).length;
  console.log(`# 100,041 units: print table built in ${ms} ms (click to print()), page.pdf() ${pdfMs} ms, ${pages} pages, ${(pdf.length / 1e6).toFixed(1)} MB`);
  if (process.env.QP_PDF_DIR) fs.writeFileSync(path.join(process.env.QP_PDF_DIR, 'national.pdf'), pdf);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
