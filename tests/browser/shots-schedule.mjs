// Screenshots of the grid with a campaign period and of the day-by-day
// schedule view (not a test): `node tests/browser/shots-schedule.mjs`
// writes /tmp/schedule-*.png at 1280 and 375 px.
import { serveDist, launch, openPlanner } from './harness.mjs';

const wardCsv = ['STT,Đơn vị,Số lượng', ',Phường Nguyễn Trãi,3345', '1,Tổ dân phố 1,1200',
  '2,Tổ dân phố 2,1100', '3,Tổ dân phố 3,1045'].join('\n');
const { server, origin } = await serveDist();
const browser = await launch();
for (const [w, h] of [[1280, 800], [375, 800]]) {
  const { page } = await openPlanner(browser, origin, { width: w, height: h });
  await page.evaluate(async (csv) => {
    const p = window.quotaPlanner;
    await p.load(new TextEncoder().encode(csv), 'nguyen-trai.csv');
    p.setPercent(null, 100);
    p.setPolicy({ start: '2025-05-08', end: '2025-05-30', excludeWeekdays: [0], holidays: ['2025-05-19'],
      milestones: [{ date: '2025-05-20', percentOfTarget: 50 }] });
    p.setLevelDailyTarget(1, 60);
  }, wardCsv);
  await page.getByText('Thời gian và chỉ tiêu theo ngày').click();
  await page.screenshot({ path: `/tmp/schedule-grid-${w}.png`, fullPage: true });
  await page.getByRole('tab', { name: 'Lịch theo ngày' }).click();
  await page.getByRole('treegrid', { name: 'Lịch lũy kế theo ngày' }).waitFor();
  await page.screenshot({ path: `/tmp/schedule-view-${w}.png`, fullPage: true });
  await page.close();
}
await browser.close(); server.close();
