// Screenshots of the test portal (tests/portal/) with its two planners,
// under the strict CSP, at 1280×800 and 320 px wide; and of the hosted page
// at 375 px (not a test: look at /tmp/portal-*.png).
import { serveDist, launch, STRICT_CSP } from './harness.mjs';
const { server, origin } = await serveDist({ csp: STRICT_CSP, folders: { '/portal/': 'tests/portal' } });
const browser = await launch();
for (const [w, h] of [[1280, 800], [320, 640]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto(origin + '/portal/index.html');
  await page.evaluate(() => window.portalReady);
  await page.locator('#planner-b').getByRole('treegrid').getByText('Tỉnh Sóc Trăng').waitFor();
  await page.screenshot({ path: `/tmp/portal-${w}.png` });
  await page.screenshot({ path: `/tmp/portal-${w}-full.png`, fullPage: true });
  await page.close();
}
const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
await page.goto(origin + '/');
await page.evaluate(() => window.quotaPlannerReady);
await page.getByRole('treegrid').getByText('Tỉnh Sóc Trăng').waitFor();
await page.screenshot({ path: '/tmp/portal-hosted-375.png' });
await page.close();
await browser.close(); server.close();
