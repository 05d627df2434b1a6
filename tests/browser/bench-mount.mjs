// Browser benchmark (not a test: it prints figures, asserts nothing).
// What the page's size costs a first visit: the hosted page opened cold in
// a fresh Chromium context (no cache, no service worker) over a throttled
// network, timed from navigation to the grid's first row on screen and to
// `quotaPlannerReady` (mount() resolved: the workbook writer ready too),
// with the bytes the page fetched by then.
// Usage: node tests/browser/bench-mount.mjs [runs] [Mbit/s] [latency ms]
// (QP_DIST=dir for another build; defaults 5 runs, 10 Mbit/s, 40 ms).
import { serveDist, launch, stats, fmt } from './harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const mbits = Number(process.argv[3] ?? 10);
const latency = Number(process.argv[4] ?? 40);
const { server, origin } = await serveDist();
const browser = await launch();
const grid = [];
const ready = [];
const fetched = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const client = await context.newCDPSession(page);
  await client.send('Network.enable');
  await client.send('Network.setCacheDisabled', { cacheDisabled: true });
  await client.send('Network.emulateNetworkConditions', {
    offline: false,
    latency,
    downloadThroughput: (mbits * 1e6) / 8,
    uploadThroughput: (mbits * 1e6) / 8,
  });
  let bytes = 0;
  client.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  await page.goto(origin + '/', { waitUntil: 'commit' });
  await page.getByRole('row').nth(1).waitFor({ timeout: 120_000 });
  grid.push(await page.evaluate(() => performance.now()));
  ready.push(await page.evaluate(async () => {
    await window.quotaPlannerReady;
    return performance.now();
  }));
  fetched.push(bytes / 1e3);
  await context.close();
}
console.log(`${process.env.QP_DIST ?? 'dist'}: ${mbits} Mbit/s, ${latency} ms, cold, ${runs} runs`);
console.log(`navigation → grid's first row: ${fmt(stats(grid))}`);
console.log(`navigation → quotaPlannerReady: ${fmt(stats(ready))}`);
console.log(`KB fetched by then: ${fmt(stats(fetched)).replaceAll(' ms', ' KB')}`);
await browser.close();
server.close();
