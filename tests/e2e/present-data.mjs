// Planted tracking for the report-and-present tests and screenshots, made
// through the interface as a unit would. As of 30/06/2021 (15-day window):
//   pl-1  done 20/01 (due 31/01)          → done on time
//   pl-2  done 05/04 (due 31/03)          → done late
//   pl-6  in progress 60 %, note 15/06    → due soon (due 30/06, Quý II)
//   pl-9  in progress 30 %                → depends on its deadline
//   pl-20 done 28/05                      → done (on time or late by its due)
// Everything else is untouched.
import { openPage } from './harness.mjs';

export const AS_OF = '30/06/2021';

async function setDate(page, testid, value) {
  await page.getByTestId(testid).fill(value);
  await page.getByTestId(testid).press('Enter');
}

async function open(page, base, id) {
  await page.goto(base + '#/nhiem-vu/' + id);
  await page.getByTestId('task-page').waitFor();
}

async function done(page, base, id, date) {
  await open(page, base, id);
  await page.getByTestId('status').selectOption('da-hoan-thanh');
  await setDate(page, 'completed-on', date);
}

async function progress(page, base, id, value, note) {
  await open(page, base, id);
  await page.getByTestId('status').selectOption('dang-thuc-hien');
  await page.getByTestId('progress').fill(String(value));
  await page.getByTestId('progress').press('Enter');
  if (note) {
    await setDate(page, 'update-date', note.date);
    await page.getByTestId('update-text').fill(note.text);
    await page.getByTestId('add-update').click();
    await page.getByTestId('updates').getByText(note.text).waitFor();
  }
}

/** Records the planted data as Sở KH&ĐT; `base` is the app's address. */
export async function plant(page, base) {
  await page.goto(base);
  await page.waitForSelector('.app-header');
  await page.getByTestId('my-unit').selectOption('so-khdt');
  await done(page, base, 'pl-1', '20/01/2021');
  await done(page, base, 'pl-2', '05/04/2021');
  await progress(page, base, 'pl-6', 60, { date: '15/06/2021', text: 'Đang tổng hợp ý kiến góp ý của các sở, ngành và địa phương.' });
  await progress(page, base, 'pl-9', 30);
  await done(page, base, 'pl-20', '28/05/2021');
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'));
}

/** Sets the header's as-of date. */
export async function asOf(page, date = AS_OF) {
  await setDate(page, 'as-of', date);
}

/**
 * A browser context (1366 px, downloads on) holding the planted data, for
 * a test file's pages to share.
 */
export async function plantedContext(browser, base) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'vi-VN' });
  const { page, errors } = await openPage(browser, { context: ctx });
  await plant(page, base);
  if (errors.length) throw new Error(`planting the data: ${errors.join(' | ')}`);
  await page.close();
  return ctx;
}
