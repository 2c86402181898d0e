// Where the data is kept (issue 13): what today's version left in local
// storage moves into IndexedDB with nothing lost and local storage retired;
// a plan of 20,000 tasks is imported, edited and reopened; two tabs delete
// in each other's data; a browser without IndexedDB keeps using local
// storage and says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launch, openPage, ready, stored, waitStored } from './harness.mjs';

let srv, browser;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ke-hoach-storage-'));
const FIXTURES = path.resolve('tests/fixtures/exchange');
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const RECEIPTS = JSON.stringify({
  received: [{ unit: 'so-tai-chinh', period: '2021-03', file_name: 'ke-hoach-22-2021_so-tai-chinh_2021-03.json', exported_at: '2021-03-15T09:30:00+07:00', imported_at: 1615775400000 }],
});

/** A page of the app's origin whose local storage holds `entries` before the app first runs. */
async function withLocalStorage(entries) {
  const session = await openPage(browser);
  await session.page.goto(srv.base + '/chua-co-trang-nay');
  await session.page.evaluate((e) => {
    localStorage.clear();
    for (const [k, v] of Object.entries(e)) localStorage.setItem(k, v);
  }, entries);
  // That page is a 404 of the same origin: its errors are not the app's.
  await session.page.waitForTimeout(100);
  session.errors.length = 0;
  return session;
}

const saved = (page) => page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'));

for (const [version, fixture] of [['3', 'good-full.json'], ['2', 'old-v2.json']]) {
  test(`a version ${version} copy in local storage moves to IndexedDB with nothing lost, and local storage is retired`, async () => {
    const text = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
    // What the native reader makes of the same copy.
    const expected = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--example', 'merge_files', '--', path.join(FIXTURES, fixture)], { encoding: 'utf8' }));
    const { page, errors, ctx } = await withLocalStorage({
      'ke-hoach/tracking': text,
      'ke-hoach/receipts': RECEIPTS,
      'ke-hoach/before-import': '{"trước":"nhập"}',
      'ke-hoach/backup/1000': '{"hỏng": ',
      'ke-hoach/settings': JSON.stringify({ lang: 'vi', my_unit: 'so-khdt', due_soon_days: 14 }),
    });
    await page.goto(srv.app);
    await ready(page);
    await page.getByTestId('my-unit-page').waitFor();
    const data = await waitStored(page, () => true);
    assert.deepEqual(data.payload, expected);
    assert.equal(data.receipts.length, 1);
    assert.equal(data.receipts[0].unit, 'so-tai-chinh');
    const backups = Object.fromEntries(data.backups.map((b) => [b.id.replace(/^\d{13}/, 'T'), b.text]));
    assert.deepEqual(backups, {
      'T-local-storage': text,
      'T-before-import': '{"trước":"nhập"}',
      'T-unreadable': '{"hỏng": ',
    });
    // Local storage keeps only the settings and the mark that the data moved.
    assert.deepEqual((await page.evaluate(() => Object.keys(localStorage))).sort(), ['ke-hoach/in-indexeddb', 'ke-hoach/settings']);
    // The user's own task is on the unit page; after a reload and an edit,
    // everything is still there.
    await page.getByText('Tổng hợp báo cáo quý I gửi Bộ KH&ĐT').first().waitFor();
    await page.reload();
    await ready(page);
    await page.goto(srv.app + '#/nhiem-vu/pl-2');
    await page.getByTestId('progress').fill('15');
    await page.getByTestId('progress').press('Enter');
    await saved(page);
    const after = await waitStored(page, (s) => s.payload.records['pl-2']?.progress?.value === 15);
    const { 'pl-2': _edited, ...rest } = after.payload.records;
    const { 'pl-2': _before, ...expectedRest } = expected.records;
    assert.deepEqual(rest, expectedRest);
    assert.deepEqual(after.payload.customTasks, expected.customTasks);
    await page.goto(srv.app + '#/trao-doi');
    const card = await page.getByTestId('storage-info').innerText();
    assert.match(card, /kho IndexedDB/);
    assert.match(card, /Đã dùng .+ \/ .+ \(\d+%\)/);
    assert.match(card, /Trước khi nhập tệp/);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

test('a plan of 20,000 tasks is imported, edited, and still there after a reload', async () => {
  const file = path.join(tmp, 'plan-20000.json');
  fs.writeFileSync(file, execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'synthetic', '--', '20000', '1', '--compact'], { maxBuffer: 1 << 30 }));
  const { page, errors, ctx } = await withLocalStorage({
    'ke-hoach/settings': JSON.stringify({ lang: 'vi', my_unit: 'so-khdt', due_soon_days: 14 }),
  });
  await page.goto(srv.app + '#/trao-doi');
  await ready(page);
  await page.getByTestId('import-input').setInputFiles(file);
  await page.getByTestId('merge-preview').waitFor({ timeout: 120_000 });
  await page.getByTestId('apply-import').click();
  await page.getByTestId('merge-preview').waitFor({ state: 'detached', timeout: 120_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'), null, { timeout: 180_000 });
  const task = 'u-so-khdt-1609437000000';
  await page.goto(srv.app + '#/nhiem-vu/' + task);
  await page.getByTestId('task-page').waitFor({ timeout: 60_000 });
  await page.getByTestId('progress').fill('77');
  await page.getByTestId('progress').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'), null, { timeout: 60_000 });
  // One edit wrote one record and the head, not the plan.
  const bytes = Number((await page.getByTestId('save-state').innerText()).match(/\((\d+) KB\)/)[1]);
  assert.ok(bytes <= 64, `${bytes} KB for one edit`);
  const counts = await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('ke-hoach');
    open.onsuccess = () => {
      const tx = open.result.transaction(['records', 'customTasks']);
      const records = tx.objectStore('records').count();
      const tasks = tx.objectStore('customTasks').count();
      tx.oncomplete = () => { open.result.close(); resolve([records.result, tasks.result]); };
    };
  }));
  assert.ok(counts[0] >= 20000 && counts[1] >= 20000, `${counts}`);
  await page.reload();
  await ready(page);
  await page.getByTestId('task-page').waitFor({ timeout: 120_000 });
  assert.equal(await page.getByTestId('progress').inputValue(), '77');
  await page.getByTestId('updates').waitFor();
  assert.ok(await page.getByTestId('updates').locator('li').count() >= 10);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('two tabs each delete in the other\'s data without a reload, and nothing comes back', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const a = await openPage(browser, { context: ctx });
  const b = await openPage(browser, { context: ctx });
  for (const { page } of [a, b]) { await page.goto(srv.app); await ready(page); }
  await a.page.getByTestId('my-unit').selectOption('so-khdt');
  const note = async (page, task, text) => {
    await page.goto(srv.app + '#/nhiem-vu/' + task);
    await page.getByTestId('update-text').fill(text);
    await page.getByTestId('add-update').click();
    await page.getByTestId('updates').getByText(text).waitFor();
  };
  await note(a.page, 'pl-5', 'Ghi chú của thẻ A.');
  await saved(a.page);
  await b.page.goto(srv.app + '#/nhiem-vu/pl-5');
  await b.page.getByTestId('updates').getByText('Ghi chú của thẻ A.').waitFor();
  await note(b.page, 'pl-8', 'Ghi chú của thẻ B.');
  await saved(b.page);
  await a.page.goto(srv.app + '#/nhiem-vu/pl-8');
  await a.page.getByTestId('updates').getByText('Ghi chú của thẻ B.').waitFor();
  // A deletes B's note; B deletes A's: each sees the other's deletion.
  await a.page.getByTestId('updates').getByTestId('remove-update').click();
  await saved(a.page);
  await b.page.goto(srv.app + '#/nhiem-vu/pl-5');
  await b.page.getByTestId('updates').getByTestId('remove-update').click();
  await saved(b.page);
  await a.page.goto(srv.app + '#/nhiem-vu/pl-5');
  await a.page.getByText('Chưa có ghi chú nào.').waitFor();
  await b.page.goto(srv.app + '#/nhiem-vu/pl-8');
  await b.page.getByText('Chưa có ghi chú nào.').waitFor();
  // A round of saves between the tabs later, and after a reload, both are gone.
  await a.page.waitForTimeout(1200);
  const data = await stored(a.page);
  for (const task of ['pl-5', 'pl-8']) {
    assert.deepEqual(data.payload.records[task]?.updates ?? [], [], task);
    assert.ok(data.payload.removals.some((r) => r.item === 'update' && r.task === task), task);
  }
  for (const { page } of [a, b]) {
    await page.reload();
    await ready(page);
    for (const task of ['pl-5', 'pl-8']) {
      await page.goto(srv.app + '#/nhiem-vu/' + task);
      await page.getByText('Chưa có ghi chú nào.').waitFor();
    }
  }
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});

test('without IndexedDB the app says so, keeps using local storage, and offers the export', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException('IndexedDB is disabled here.', 'SecurityError');
    };
  });
  await page.goto(srv.app);
  await ready(page);
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /không cho ứng dụng dùng kho dữ liệu IndexedDB.*bộ nhớ cục bộ/s);
  await page.getByTestId('my-unit').selectOption('so-khdt');
  await page.goto(srv.app + '#/nhiem-vu/pl-4');
  await page.getByTestId('progress').fill('25');
  await page.getByTestId('progress').press('Enter');
  await saved(page);
  const local = JSON.parse(await page.evaluate(() => localStorage.getItem('ke-hoach/tracking')));
  assert.equal(local.payload.records['pl-4'].progress.value, 25);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notice-action').click()]);
  const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(file.payload.records['pl-4'].progress.value, 25);
  await page.reload();
  await ready(page);
  await page.getByTestId('task-page').waitFor();
  assert.equal(await page.getByTestId('progress').inputValue(), '25');
  await page.goto(srv.app + '#/trao-doi');
  assert.match(await page.getByTestId('storage-info').innerText(), /bộ nhớ cục bộ/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('once the data is in IndexedDB, a database that refuses leaves the session read-only, never empty over it', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const first = await openPage(browser, { context: ctx });
  await first.page.goto(srv.app);
  await ready(first.page);
  await first.page.getByTestId('my-unit').selectOption('so-khdt');
  await first.page.goto(srv.app + '#/nhiem-vu/pl-6');
  await first.page.getByTestId('progress').fill('60');
  await first.page.getByTestId('progress').press('Enter');
  await saved(first.page);
  await first.page.close();
  const { page, errors } = await openPage(browser, { context: ctx });
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException('IndexedDB is disabled here.', 'SecurityError');
    };
  });
  await page.goto(srv.app + '#/nhiem-vu/pl-6');
  await ready(page);
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /không ghi gì trong phiên này/);
  assert.match(await page.getByTestId('save-state').innerText(), /Không ghi vào bộ nhớ/);
  // An edit is refused by nothing but written nowhere; the database still
  // holds the earlier data, as a page that can open it sees.
  await page.close();
  const later = await openPage(browser, { context: ctx });
  await later.page.goto(srv.app + '#/nhiem-vu/pl-6');
  await ready(later.page);
  await later.page.getByTestId('task-page').waitFor();
  assert.equal(await later.page.getByTestId('progress').inputValue(), '60');
  assert.deepEqual([...errors, ...later.errors], []);
  await ctx.close();
});
