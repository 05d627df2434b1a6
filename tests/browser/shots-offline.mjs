// Screenshots of the single file opened from file:// with no network
// (desktop 1280×800 and 375 px wide), in Chromium and Firefox ESR:
// node tests/browser/shots-offline.mjs [out dir]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { dist, launch } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/qp-shots-offline';
fs.mkdirSync(out, { recursive: true });
const url = pathToFileURL(path.join(dist, 'quota-planner.html')).href;

const chromium = await launch();
for (const [width, height] of [[1280, 800], [375, 800]]) {
  const context = await chromium.newContext({ viewport: { width, height } });
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => window.quotaPlannerReady);
  await page.screenshot({ path: path.join(out, `chromium-${width}.png`) });
  if (width === 375) {
    // The toolbar's actions, folded behind "☰ Thao tác" on a phone.
    await page.getByRole('button', { name: /Thao tác/ }).click();
    await page.screenshot({ path: path.join(out, 'chromium-375-menu.png') });
  }
  if (width === 1280) {
    // The notice after saving an offline copy, and the new-version notice.
    await page.evaluate(() => window.quotaPlanner.setPercent(null, 87.5));
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Lưu bản dùng ngoại tuyến' }).click()]);
    await page.getByRole('status').filter({ hasText: 'Đã tải về' }).waitFor();
    await page.screenshot({ path: path.join(out, 'chromium-1280-saved.png') });
  }
  await context.close();
}
await chromium.close();

const firefox = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true });
for (const [width, height] of [[1280, 800], [375, 800]]) {
  const page = await firefox.newPage();
  await page.setViewport({ width, height });
  await page.goto(url);
  await page.evaluate(() => window.quotaPlannerReady);
  await page.screenshot({ path: path.join(out, `firefox-${width}.png`) });
  await page.close();
}
await firefox.close();
console.log('screenshots in', out);
