// Screenshots of the progress view, its laggards list and both charts (not a
// test): `node tests/browser/shots-progress.mjs` writes /tmp/progress-*.png.
import { serveDist, launch, openPlanner } from './harness.mjs';

const wardCsv = ['STT,Đơn vị,Số lượng', ',Phường Nguyễn Trãi,', '1,Tổ dân phố 1,1200',
  '2,Tổ dân phố 2,1100', '3,Tổ dân phố 3,1045', '4,Tổ dân phố 4,980', '5,Tổ dân phố 5,1310'].join('\n');
const reports = [
  ['bao cao 12.5.2025.csv', 'STT,Đơn vị,Lũy kế\n1,TDP 1,200\n2,TDP 2,300\n3,TDP 3,150\n4,TDP 4,210\n5,TDP 5,190\n6,Tổ 9,5'],
  ['bao cao 13.5.2025.csv', 'STT,Đơn vị,Lũy kế\n1,TDP 1,420\n2,TDP 2,380\n3,TDP 3,160\n4,TDP 4,330\n5,TDP 5,400'],
  ['bao cao 14.5.2025.csv', 'STT,Đơn vị,Lũy kế\n1,TDP 1,610\n2,TDP 2,455\n3,TDP 3,240\n4,TDP 4,470\n5,TDP 5,520'],
];
const { server, origin } = await serveDist();
const browser = await launch();
for (const [w, h] of [[1280, 800], [375, 800]]) {
  const { page } = await openPlanner(browser, origin, { width: w, height: h });
  await page.evaluate(async ([csv, reports]) => {
    const p = window.quotaPlanner;
    await p.load(new TextEncoder().encode(csv), 'nguyen-trai.csv');
    p.setPercent(null, 100);
    p.setPolicy({ start: '2025-05-08', end: '2025-05-30', excludeWeekdays: [0],
      milestones: [{ date: '2025-05-20', percentOfTarget: 50 }] });
    for (const [name, text] of reports) await p.loadResults(new TextEncoder().encode(text), name);
  }, [wardCsv, reports]);
  await page.getByRole('tab', { name: 'Tiến độ' }).click();
  await page.locator('svg.qp-burnup circle').nth(2).waitFor();
  await page.screenshot({ path: `/tmp/progress-view-${w}.png` });
  await page.locator('.qp-laggards').screenshot({ path: `/tmp/progress-laggards-${w}.png` });
  await page.locator('svg.qp-burnup').screenshot({ path: `/tmp/progress-burnup-${w}.png` });
  await page.locator('svg.qp-ranking').screenshot({ path: `/tmp/progress-ranking-${w}.png` });
  await page.getByLabel('Nhập báo cáo…').setInputFiles({ name: 'bao cao 15.5.2025.csv', mimeType: 'text/csv',
    buffer: Buffer.from('STT,Đơn vị,Lũy kế\n1,TDP 1,700\n2,TDP 2,520\n3,Tổ 03,300\n4,Tổ dân phố 4,560\n6,Tổ 9,5') });
  await page.getByText(/Đã nhập báo cáo ngày 15\/05\/2025/).waitFor();
  await page.screenshot({ path: `/tmp/progress-import-${w}.png`, fullPage: true });
  await page.close();
}
await browser.close(); server.close();
