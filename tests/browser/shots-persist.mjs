// Screenshots of the toolbar and the drafts list (not a test).
import { serveDist, launch, openPlanner } from './harness.mjs';
const { server, origin } = await serveDist();
const browser = await launch();
for (const [w, h] of [[1280, 800], [375, 800]]) {
  const { page } = await openPlanner(browser, origin, { width: w, height: h });
  await page.evaluate(() => window.quotaPlanner.setPercent(null, 80));
  await page.getByLabel('Mở tệp…').setInputFiles({ name: 'an-lac.csv', mimeType: 'text/csv',
    buffer: Buffer.from('STT,Đơn vị,Số lượng\n,Phường An Lạc,300\n1,Tổ 1,100\n2,Tổ 2,200\n') });
  await page.waitForTimeout(800);
  const menu = page.getByRole('button', { name: /Thao tác/ });
  if (await menu.isVisible()) await menu.click();
  await page.screenshot({ path: `/tmp/persist-toolbar-${w}.png` });
  await page.getByRole('button', { name: 'Bản nháp…' }).click();
  await page.getByRole('region', { name: 'Bản nháp đã lưu trong trình duyệt' }).getByRole('listitem').nth(1).waitFor();
  await page.screenshot({ path: `/tmp/persist-drafts-${w}.png` });
  await page.close();
}
await browser.close(); server.close();
