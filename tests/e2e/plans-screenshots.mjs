// Screenshots of several plans as a new user meets them (not a test):
//   node tests/e2e/plans-screenshots.mjs [out-dir] [report files...]
// At 390, 1366 and 1920 px: "Mở kế hoạch mới", the review of the 2023 plan
// of Hậu Giang read from its .docx, the import of two units' June reports
// into it (files exported by plans.test.mjs, given as arguments), the
// consolidated report of June 2023, and the plan switcher.
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launch, openPage, ready } from './harness.mjs';

const out = process.argv[2] ?? 'docs/screenshots';
const reports = process.argv.slice(3).map((f) => path.resolve(f));
const DOCX = path.resolve('tests/fixtures/plans/ke-hoach-35-2023.docx');
const KEY = '35-kh-ubnd-2023';
const sizes = [[390, 844], [1366, 768], [1920, 1080]];
fs.mkdirSync(out, { recursive: true });
const srv = await startServer();
const browser = await launch();
for (const [width, height] of sizes) {
  const { page, errors, ctx } = await openPage(browser, { viewport: { width, height } });
  const shot = async (name) => {
    await page.waitForTimeout(300);
    const file = `${out}/plans-${name}-${width}.png`;
    await page.screenshot({ path: file });
    console.log(file);
  };
  await page.goto(srv.app + '#/mo-ke-hoach');
  await ready(page);
  await page.getByTestId('open-plan').waitFor();
  await shot('open');
  await page.getByTestId('open-plan-file').setInputFiles(DOCX);
  await page.getByTestId('plan-review').waitFor();
  await shot('review');
  await page.getByTestId('review-row').first().scrollIntoViewIfNeeded();
  await shot('review-rows');
  const board = page.getByTestId('proposed-unit').filter({ has: page.locator('.proposed-printed', { hasText: 'Ban Quản lý các khu công nghiệp' }) });
  await board.getByTestId('unit-short').fill('BQL các KCN');
  await board.getByTestId('unit-short').press('Tab');
  await page.getByTestId('review-correction').first().waitFor();
  if (await page.getByTestId('review-looked').count()) await page.getByTestId('review-looked').check();
  await page.getByTestId('confirm-plan').click();
  await page.waitForFunction((k) => location.hash === `#/kh/${k}`, KEY);
  await shot('added');
  if (reports.length) {
    await page.goto(srv.app + `#/kh/${KEY}/trao-doi`);
    await page.getByTestId('import-input').setInputFiles(reports);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=staged-file]').length === n, reports.length);
    await page.getByTestId('merge-preview').scrollIntoViewIfNeeded();
    await shot('import');
    await page.getByTestId('apply-import').click();
    await page.getByTestId('merge-preview').waitFor({ state: 'detached' });
    await page.goto(srv.app + `#/kh/${KEY}/bao-cao?ky=2023-06`);
    await page.locator('main h1').first().waitFor();
    await shot('report');
  }
  await page.getByTestId('plan-switcher').click();
  await shot('switcher');
  if (errors.length) console.log(`errors at ${width}: ${errors.join(' | ')}`);
  await ctx.close();
}
await browser.close();
await srv.close();
