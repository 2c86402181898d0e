// Several plans, as departments use them (issue 14 point 8): Sở KH&ĐT opens
// the 2023 plan of Hậu Giang from its .docx, reviews it, fixes a unit and
// confirms; sends its plan file to two units (their own browsers), who add
// it after the same review, each track a task and send their report;
// Sở KH&ĐT, while 22/KH-UBND is open, imports both: the files go to their
// plan, the report merges them. A unit whose app lacks the plan gets it
// from the report file itself. Switching plans, reloading, and the links of
// 22/KH-UBND keep opening 22/KH-UBND.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launch, openPage, ready, saveDownload } from './harness.mjs';

let srv, browser;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ke-hoach-plans-'));
const DOCX = path.resolve('tests/fixtures/plans/ke-hoach-35-2023.docx');
const SEED_DOCX = path.resolve('tests/fixtures/plans/ke-hoach-22-2021.docx');
const KEY = '35-kh-ubnd-2023';
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const saved = (page) => page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'));

async function fresh() {
  const s = await openPage(browser);
  await s.page.goto(srv.app);
  await ready(s.page);
  return s;
}

/** Adds the plan file (or any file) through "Mở kế hoạch mới" and confirms. */
async function addPlan(page, file) {
  await page.goto(srv.app + '#/mo-ke-hoach');
  await page.getByTestId('open-plan-file').setInputFiles(file);
  await page.getByTestId('plan-review').waitFor();
  if (await page.getByTestId('review-looked').count()) await page.getByTestId('review-looked').check();
  await page.getByTestId('confirm-plan').click();
  await page.waitForFunction((k) => location.hash === `#/kh/${k}`, KEY);
  await page.getByTestId('current-plan').filter({ hasText: '35/KH-UBND' }).waitFor();
}

async function track(page, unit, task, progress) {
  await page.getByTestId('my-unit').selectOption(unit);
  await page.goto(srv.app + `#/kh/${KEY}/nhiem-vu/${task}`);
  await page.getByTestId('progress').fill(String(progress));
  await page.getByTestId('progress').press('Enter');
  await saved(page);
}

async function report(page, period) {
  await page.goto(srv.app + `#/kh/${KEY}/trao-doi`);
  await page.getByTestId('export-period').selectOption(period);
  return (await saveDownload(page, 'export-unit', tmp)).file;
}

test('from the .docx to the merged report of two units, through the review and the plan file', async () => {
  // Sở KH&ĐT opens the Word file: the review shows the plan beside its
  // source before anything is added.
  const k = await fresh();
  await k.page.getByTestId('plan-switcher').click();
  await k.page.getByTestId('switcher-open-plan').click();
  await k.page.getByTestId('open-plan').waitFor();
  await k.page.getByTestId('open-plan-file').setInputFiles(DOCX);
  await k.page.getByTestId('plan-review').waitFor();
  assert.equal(await k.page.getByTestId('review-number').innerText(), '35/KH-UBND');
  assert.match(await k.page.getByTestId('review-counts').innerText(), /29 nhiệm vụ/);
  const lines = await k.page.locator('[data-testid=source-lines] li').count();
  assert.ok(lines > 60, `every source line listed (${lines})`);
  assert.equal(await k.page.locator('[data-testid=review-row]').count(), 29);
  // No district committee of Kiên Giang among the units to pick.
  const options = await k.page.locator('[data-testid=row-lead]').first().locator('option').allInnerTexts();
  assert.ok(!options.some((o) => /Rạch Giá|Kiên Lương/.test(o)), options.join(', '));
  // Nothing is added yet: the switcher still lists one plan.
  assert.equal(await k.page.locator('[data-testid=plan-option]').count(), 1);

  // Fix a unit: the industrial parks' board is printed in full only; give
  // it its usual short name. The correction is listed and the row that
  // board leads shows it at once.
  const board = k.page.getByTestId('proposed-unit').filter({ has: k.page.locator('.proposed-printed', { hasText: 'Ban Quản lý các khu công nghiệp' }) });
  await board.getByTestId('unit-short').fill('BQL các KCN');
  await board.getByTestId('unit-short').press('Tab');
  await k.page.getByTestId('review-correction').filter({ hasText: 'tên ngắn “BQL các KCN”' }).waitFor();
  const boardRow = k.page.getByTestId('review-row').nth(23); // Phụ lục 2, B.1
  assert.equal(await boardRow.getByTestId('row-lead').locator('option:checked').innerText(), 'BQL các KCN');
  // The department of transport, printed in full and short, is one unit.
  const row6 = k.page.getByTestId('review-row').nth(5);
  assert.equal(await row6.getByTestId('row-lead').locator('option:checked').innerText(), 'Sở GTVT');
  // A deadline retyped is read again at once.
  const row5 = k.page.getByTestId('review-row').nth(4);
  await row5.getByTestId('row-deadline').fill('Quý III/2023');
  await row5.getByTestId('row-deadline').press('Tab');
  await row5.getByTestId('row-due').filter({ hasText: '30/09/2023' }).waitFor();
  if (await k.page.getByTestId('review-looked').count()) await k.page.getByTestId('review-looked').check();
  await k.page.getByTestId('confirm-plan').click();
  await k.page.waitForFunction((key) => location.hash === `#/kh/${key}`, KEY);
  assert.match(await k.page.getByTestId('current-plan').innerText(), /35\/KH-UBND/);
  assert.match(await k.page.locator('.brand-issuer').innerText(), /Hậu Giang/i);

  // Sở KH&ĐT sends the plan file to the units.
  await k.page.goto(srv.app + `#/kh/${KEY}/trao-doi`);
  const planFile = await saveDownload(k.page, 'send-plan', tmp);
  assert.equal(planFile.name, 'ke-hoach-35-2023.plan.json');

  // Two units add it after the same review, each tracks its task and
  // sends its June report.
  const health = await fresh();
  await addPlan(health.page, planFile.file);
  await track(health.page, 'so-y-te', 'pl-11', 40);
  const healthReport = await report(health.page, '2023-06');
  assert.equal(path.basename(healthReport), 'ke-hoach-35-2023_so-y-te_2023-06.json');
  const carried = JSON.parse(fs.readFileSync(healthReport, 'utf8'));
  assert.equal(carried.planDocument.format, 'ke-hoach-plan', 'the report carries its plan');

  const transportUnit = await fresh();
  await addPlan(transportUnit.page, planFile.file);
  await transportUnit.page.getByTestId('my-unit').selectOption('so-giao-thong-van-tai');
  assert.equal(await transportUnit.page.getByTestId('my-unit').locator('option:checked').innerText(), 'Sở GTVT');
  await track(transportUnit.page, 'so-giao-thong-van-tai', 'pl-6', 70);
  const transportReport = await report(transportUnit.page, '2023-06');

  // Sở KH&ĐT has 22/KH-UBND open and imports both: they belong to the
  // 2023 plan and go there.
  await k.page.goto(srv.app + '#/trao-doi');
  await k.page.getByTestId('current-plan').filter({ hasText: '22/KH-UBND' }).waitFor();
  await k.page.getByTestId('import-input').setInputFiles([healthReport, transportReport]);
  await k.page.getByTestId('other-plan-files').waitFor();
  assert.match(await k.page.getByTestId('other-plan-files').innerText(), /2 tệp thuộc Kế hoạch 35\/KH-UBND · 2023/);
  await k.page.getByTestId('switch-and-import').click();
  await k.page.waitForFunction((key) => location.hash === `#/kh/${key}/trao-doi`, KEY);
  await k.page.waitForFunction(() => document.querySelectorAll('[data-testid=staged-file]').length === 2);
  const preview = await k.page.getByTestId('merge-preview').innerText();
  assert.match(preview, /Báo cáo của Sở Y tế — Tháng 06\/2023/);
  assert.match(preview, /Báo cáo của Sở GTVT — Tháng 06\/2023/);
  await k.page.getByTestId('apply-import').click();
  await k.page.getByTestId('merge-preview').waitFor({ state: 'detached' });
  await saved(k.page);

  // The consolidated report of June 2023 holds both units' progress.
  await k.page.goto(srv.app + `#/kh/${KEY}/bao-cao?ky=2023-06`);
  const merged = await k.page.locator('main').innerText();
  assert.match(merged, /35\/KH-UBND/);
  assert.match(merged, /Sở Y tế[\s\S]*40%/);
  assert.match(merged, /Sở GTVT[\s\S]*70%/);
  await k.page.goto(srv.app + `#/kh/${KEY}/nhiem-vu/pl-6`);
  assert.equal(await k.page.getByTestId('progress').inputValue(), '70');

  // Switching keeps the screen kind: from a task to the task list of 22.
  await k.page.getByTestId('plan-switcher').click();
  await k.page.getByTestId('plan-option').filter({ hasText: '22/KH-UBND' }).click();
  await k.page.waitForFunction(() => location.hash === '#/nhiem-vu');
  await k.page.getByTestId('current-plan').filter({ hasText: '22/KH-UBND' }).waitFor();
  // Today's links still open 22/KH-UBND, whichever plan was open.
  await k.page.goto(srv.app + `#/kh/${KEY}/tong-quan`);
  await k.page.getByTestId('current-plan').filter({ hasText: '35/KH-UBND' }).waitFor();
  await k.page.goto(srv.app + '#/nhiem-vu/pl-12');
  await k.page.getByTestId('task-page').waitFor();
  await k.page.getByTestId('current-plan').filter({ hasText: '22/KH-UBND' }).waitFor();
  assert.match(await k.page.locator('.task-title').innerText(), /./);

  // A unit whose app lacks the plan imports a report file of it: the app
  // offers the plan it carries, reviewed, then previews the import.
  const newcomer = await fresh();
  await newcomer.page.goto(srv.app + '#/trao-doi');
  await newcomer.page.getByTestId('import-input').setInputFiles(healthReport);
  await newcomer.page.getByTestId('plan-review').waitFor();
  assert.equal(await newcomer.page.getByTestId('review-number').innerText(), '35/KH-UBND');
  await newcomer.page.getByTestId('confirm-plan').click();
  await newcomer.page.waitForFunction((key) => location.hash === `#/kh/${key}/trao-doi`, KEY);
  await newcomer.page.getByTestId('staged-file').waitFor();
  assert.match(await newcomer.page.getByTestId('merge-preview').innerText(), /Báo cáo của Sở Y tế — Tháng 06\/2023/);

  for (const s of [k, health, transportUnit, newcomer]) assert.deepEqual(s.errors, []);
  for (const s of [k, health, transportUnit, newcomer]) await s.ctx.close();
});

test('an added plan, its data and its address survive a reload; each plan keeps its own data', async () => {
  const s = await fresh();
  await addPlan(s.page, DOCX);
  await track(s.page, 'so-giao-thong-van-tai', 'pl-6', 70);
  // Reloaded, the app still holds both plans and opens the one the address names.
  await s.page.reload();
  await ready(s.page);
  await s.page.getByTestId('progress').waitFor();
  assert.equal(await s.page.getByTestId('progress').inputValue(), '70');
  assert.match(await s.page.getByTestId('current-plan').innerText(), /35\/KH-UBND/);
  await s.page.getByTestId('plan-switcher').click();
  assert.equal(await s.page.locator('[data-testid=plan-option]').count(), 2);
  // 22/KH-UBND's task of the same id holds none of it.
  await s.page.goto(srv.app + '#/nhiem-vu/pl-6');
  await s.page.getByTestId('current-plan').filter({ hasText: '22/KH-UBND' }).waitFor();
  await s.page.getByTestId('progress').waitFor();
  assert.notEqual(await s.page.getByTestId('progress').inputValue(), '70');
  // Back to the 2023 plan: its data is there again.
  await s.page.goto(srv.app + `#/kh/${KEY}/nhiem-vu/pl-6`);
  await s.page.getByTestId('current-plan').filter({ hasText: '35/KH-UBND' }).waitFor();
  await s.page.waitForFunction(() => document.querySelector('[data-testid=progress]')?.value === '70');
  assert.deepEqual(s.errors, []);
  await s.ctx.close();
});

test('what is not a plan says why; the embedded plan opened again is recognised, not added', async () => {
  const s = await fresh();
  await s.page.goto(srv.app + '#/mo-ke-hoach');
  const doc = path.join(tmp, 'cu.doc');
  fs.writeFileSync(doc, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
  await s.page.getByTestId('open-plan-file').setInputFiles(doc);
  await s.page.getByTestId('notice').filter({ hasText: 'tệp Word cũ (.doc)' }).waitFor();
  await s.page.getByTestId('open-plan-text').fill('Kính gửi các đồng chí,\nXin mời dự họp.');
  await s.page.getByTestId('open-plan-read').click();
  await s.page.getByTestId('notice').filter({ hasText: 'không phải một kế hoạch' }).waitFor();
  assert.equal(await s.page.getByTestId('plan-review').count(), 0);
  // 22/KH-UBND's own Word file: the same plan, already here.
  await s.page.getByTestId('open-plan-file').setInputFiles(SEED_DOCX);
  await s.page.getByTestId('review-already').waitFor();
  assert.ok(await s.page.getByTestId('confirm-plan').isDisabled());
  // A long document stays usable: every line listed, and the lines not
  // understood can be shown alone.
  const all = await s.page.locator('[data-testid=source-lines] li').count();
  assert.ok(all > 100, `every source line listed (${all})`);
  await s.page.getByTestId('only-unread').click();
  const unread = await s.page.locator('[data-testid=source-lines] li').count();
  assert.ok(unread < all);
  assert.equal(await s.page.locator('[data-testid=line-unread]').count(), unread);
  await s.page.getByTestId('open-existing').click();
  await s.page.waitForFunction(() => location.hash === '#/');
  assert.ok(await s.page.locator('#plan-list').isHidden(), 'the list is closed');
  await s.page.getByTestId('plan-switcher').click();
  assert.equal(await s.page.locator('[data-testid=plan-option]').count(), 1);
  // An address of a plan this app lacks says so and how to add it.
  await s.page.goto(srv.app + '#/kh/99-kh-ubnd-2030/nhiem-vu');
  await s.page.getByTestId('missing-plan').waitFor();
  assert.deepEqual(s.errors, []);
  await s.ctx.close();
});
