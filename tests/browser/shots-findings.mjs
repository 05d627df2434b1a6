// Screenshots of the findings screens (not a test): node tests/browser/shots-findings.mjs OUTDIR
import { serveDist, launch, openPlanner, cell } from './harness.mjs';
const out = process.argv[2] ?? '/tmp/shots';
const { server, origin } = await serveDist();
const browser = await launch();
for (const [width, height] of [[1280, 800], [375, 740]]) {
  const { page } = await openPlanner(browser, origin, { width, height });
  await page.screenshot({ path: `${out}/sample-${width}.png` });
  await page.getByLabel('Mở tệp…').setInputFiles({ name: 'phuong.csv', mimeType: 'text/csv', buffer: Buffer.from(
    'STT,Tổ dân phố,Số lượng,Đã chết,Nhập ngũ,Vắng lâu ngày,Ghi chú\n,Phường X,,,,,\n1,Tổ 1,1000,2,30,40,\n2,Tổ 2,2000,abc,50,60,đủ\n3,Tổ 3,1500,1,20,25,\n') });
  await page.locator('.qp-mapping[open]').waitFor();
  await page.screenshot({ path: `${out}/decision-${width}.png`, fullPage: true });
  await page.getByLabel('Vai trò cột F').selectOption('excluded:other');
  await page.evaluate(() => { const p = window.quotaPlanner; p.setPolicy({ rounding: 'largest-remainder' }); p.setTarget('u1', 800); });
  await page.locator('.qp-mapping summary').click();
  await (await cell(page, 'Tổ 2', 'Chỉ tiêu')).click();
  await page.keyboard.press('?');
  await page.locator('.qp-explain h2').waitFor();
  await page.screenshot({ path: `${out}/explain-${width}.png`, fullPage: true });
  await page.close();
}
await browser.close();
server.close();
