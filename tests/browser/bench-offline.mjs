// The single file: its size (raw and gzip -9) and the time from navigation
// to `quotaPlannerReady` opened from file:// (Chromium, Firefox ESR) against
// the hosted build (Chromium, loopback, cold and with the service worker):
// node tests/browser/bench-offline.mjs [runs]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { dist, launch, serveDist, stats, fmt } from './harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const file = path.join(dist, 'quota-planner.html');
const bytes = fs.readFileSync(file);
console.log(`quota-planner.html: ${bytes.length} B raw, ${zlib.gzipSync(bytes, { level: 9 }).length} B gzip -9`);
const url = pathToFileURL(file).href;
const timeToReady = (page) => page.evaluate(async () => {
  await window.quotaPlannerReady;
  return performance.now();
});

const chromium = await launch();
const times = [];
for (let i = 0; i < runs; i++) {
  const context = await chromium.newContext();
  const page = await context.newPage();
  await page.goto(url);
  times.push(await timeToReady(page));
  await context.close();
}
console.log(`Chromium, file://, navigation → ready: ${fmt(stats(times))}`);

const { server, origin } = await serveDist();
const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  const context = await chromium.newContext();
  const page = await context.newPage();
  await page.goto(origin + '/');
  cold.push(await timeToReady(page));
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  await page.reload();
  warm.push(await timeToReady(page));
  await context.close();
}
server.close();
console.log(`Chromium, hosted (loopback), first visit → ready: ${fmt(stats(cold))}`);
console.log(`Chromium, hosted, reload from the service worker's cache → ready: ${fmt(stats(warm))}`);
await chromium.close();

const firefox = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true });
const ff = [];
for (let i = 0; i < runs; i++) {
  const page = await firefox.newPage();
  await page.goto(url);
  ff.push(await timeToReady(page));
  await page.close();
}
console.log(`Firefox ESR, file://, navigation → ready: ${fmt(stats(ff))}`);
await firefox.close();
