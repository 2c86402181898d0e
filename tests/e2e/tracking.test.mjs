// Tracking as a unit does it: pick the unit, update tasks, reload, look at
// the state as of a past date; two tabs; and the safety nets of the store
// (IndexedDB, local storage where the database fails).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, launch, openPage, ready, stored, waitStored } from './harness.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const STORE = 'ke-hoach/tracking';

async function updateTask(page, id, { status, progress, note, date }) {
  await page.goto(srv.app + '#/nhiem-vu/' + id);
  await page.getByTestId('task-page').waitFor();
  if (status) await page.getByTestId('status').selectOption(status);
  if (progress !== undefined) {
    await page.getByTestId('progress').fill(String(progress));
    await page.getByTestId('progress').press('Enter');
  }
  if (note) {
    if (date) { await page.getByTestId('update-date').fill(date); await page.getByTestId('update-date').press('Enter'); }
    await page.getByTestId('update-text').fill(note);
    await page.getByTestId('add-update').click();
    await page.getByTestId('updates').getByText(note).waitFor();
  }
}

async function saved(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'));
}

test('a unit updates three tasks, reloads, and sees the state as of 30/06/2021', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.app);
  await ready(page);
  await page.getByTestId('my-unit').selectOption('so-khdt');
  await updateTask(page, 'pl-2', { status: 'da-hoan-thanh', note: 'Đã trình UBND tỉnh ban hành.', date: '25/03/2021' });
  await page.getByTestId('completed-on').fill('25/03/2021');
  await page.getByTestId('completed-on').press('Enter');
  await updateTask(page, 'pl-6', { status: 'dang-thuc-hien', progress: 60, note: 'Đang tổng hợp số liệu của các huyện.', date: '15/06/2021' });
  await updateTask(page, 'pl-9', { progress: 20 });
  await saved(page);
  await page.reload();
  await ready(page);
  await page.getByTestId('task-page').waitFor();
  assert.equal(await page.getByTestId('progress').inputValue(), '20');
  await page.goto(srv.app + '#/nhiem-vu/pl-6');
  assert.equal(await page.getByTestId('status').inputValue(), 'dang-thuc-hien');
  assert.equal(await page.getByTestId('progress').inputValue(), '60');
  assert.match(await page.getByTestId('updates').innerText(), /15\/06\/2021 · Sở KH&ĐT · Đang thực hiện · 60%\s+Đang tổng hợp số liệu của các huyện\./);
  // The start page is now the unit's page.
  await page.goto(srv.app + '#/');
  await page.getByTestId('my-unit-page').waitFor();
  await page.getByTestId('as-of').fill('30/06/2021');
  await page.getByTestId('as-of').press('Enter');
  const overdue = page.locator('.task-group', { hasText: 'Quá hạn' });
  const text = await overdue.innerText();
  // As of 30/06/2021 Sở KH&ĐT's tasks due in January and Quý I that are not
  // done are overdue (1, 4, 5, 8); task 2 was done on 25/03; task 6 (Quý II)
  // is due that very day, so it is not overdue yet.
  for (const n of [1, 4, 5, 8]) assert.match(text, new RegExp(`Nhiệm vụ ${n}\\b`));
  assert.doesNotMatch(text, /Nhiệm vụ 2\b/);
  assert.doesNotMatch(text, /Nhiệm vụ 6\b/);
  assert.match(await page.getByTestId('report-due').innerText(), /Tháng 07\/2021/);
  await page.goto(srv.app + '#/nhiem-vu/pl-2');
  assert.equal(await page.getByTestId('timing').first().innerText(), 'Hoàn thành đúng hạn');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('undo and redo step through edits', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.app);
  await ready(page);
  await page.getByTestId('my-unit').selectOption('so-tai-chinh');
  await updateTask(page, 'pl-21', { progress: 30 });
  await updateTask(page, 'pl-21', { progress: 70 });
  await page.getByTestId('undo').click();
  assert.equal(await page.getByTestId('progress').inputValue(), '30');
  await page.getByTestId('undo').click();
  assert.equal(await page.getByTestId('progress').inputValue(), '0');
  assert.ok(await page.getByTestId('undo').isDisabled());
  await page.getByTestId('redo').click();
  await page.getByTestId('redo').click();
  assert.equal(await page.getByTestId('progress').inputValue(), '70');
  // A refused edit explains itself and changes nothing.
  await page.getByTestId('progress').fill('150');
  await page.getByTestId('progress').press('Enter');
  assert.match(await page.getByTestId('edit-error').innerText(), /tiến độ phải từ 0 đến 100%/);
  assert.equal(await page.getByTestId('progress').inputValue(), '70');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('an unreadable stored value is kept as a backup, explained, and downloadable', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.app);
  await ready(page);
  // Left by an earlier version in local storage: it cannot move, so it is
  // kept in the database's backups byte for byte and local storage retired.
  const broken = '{"format":"ke-hoach-tracking","formatVersion":2,"payload":{"records":{"pl-1":';
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [STORE, broken]);
  await page.reload();
  await ready(page);
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /Không đọc được dữ liệu đã lưu trong trình duyệt/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notice-action').click()]);
  assert.equal(fs.readFileSync(await download.path(), 'utf8'), broken);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), STORE), null);
  // Editing after that writes a fresh value; the backup stays, and the
  // storage card lists it.
  await page.getByTestId('my-unit').selectOption('so-khdt');
  await updateTask(page, 'pl-1', { progress: 10 });
  await saved(page);
  const data = await waitStored(page, (s) => s.payload.records['pl-1']?.progress?.value === 10);
  assert.deepEqual(data.backups.map((b) => [b.id.replace(/^\d{13}/, 'T'), b.text]), [['T-unreadable', broken]]);
  await page.goto(srv.app + '#/trao-doi');
  assert.match(await page.getByTestId('storage-info').innerText(), /Dữ liệu không đọc được/);
  const errorsFromConsole = errors.filter((e) => !e.includes('Failed to load resource'));
  assert.deepEqual(errorsFromConsole, []);
  await ctx.close();
});

test('two tabs on the same origin see each other\'s edits without losing their own', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const a = await openPage(browser, { context: ctx });
  const b = await openPage(browser, { context: ctx });
  for (const { page } of [a, b]) { await page.goto(srv.app); await ready(page); }
  await a.page.getByTestId('my-unit').selectOption('so-khdt');
  await updateTask(a.page, 'pl-3', { progress: 45 });
  await b.page.goto(srv.app + '#/nhiem-vu/pl-3');
  await b.page.waitForFunction(() => document.querySelector('[data-testid=progress]')?.value === '45');
  // B edits another task; A sees it without reload, and keeps its own.
  await updateTask(b.page, 'pl-7', { progress: 55 });
  await a.page.goto(srv.app + '#/nhiem-vu/pl-7');
  await a.page.waitForFunction(() => document.querySelector('[data-testid=progress]')?.value === '55');
  await a.page.goto(srv.app + '#/nhiem-vu/pl-3');
  assert.equal(await a.page.getByTestId('progress').inputValue(), '45');
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});

test('a note deleted with two tabs open stays deleted when both reload', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const a = await openPage(browser, { context: ctx });
  const b = await openPage(browser, { context: ctx });
  for (const { page } of [a, b]) { await page.goto(srv.app); await ready(page); }
  await a.page.getByTestId('my-unit').selectOption('so-khdt');
  const note = 'Đã gửi dự thảo xin ý kiến các sở, ngành.';
  await updateTask(a.page, 'pl-4', { note });
  await saved(a.page);
  // The other tab sees the note, then edits something of its own.
  await b.page.goto(srv.app + '#/nhiem-vu/pl-4');
  await b.page.getByTestId('updates').getByText(note).waitFor();
  // Deleted in the first tab: the second takes the removal in…
  await a.page.getByTestId('updates').getByTestId('remove-update').click();
  await a.page.getByText('Chưa có ghi chú nào.').waitFor();
  await saved(a.page);
  await b.page.getByText('Chưa có ghi chú nào.').waitFor();
  // …and its own later save, holding everything it had, does not bring it back.
  await updateTask(b.page, 'pl-7', { progress: 35 });
  await saved(b.page);
  await waitStored(a.page, (s) => s.payload.records['pl-7'] !== undefined);
  // Wait out a further round of saves between the tabs, then reload both.
  await a.page.waitForTimeout(1200);
  for (const { page } of [a, b]) {
    await page.reload();
    await ready(page);
    await page.goto(srv.app + '#/nhiem-vu/pl-4');
    await page.getByTestId('task-page').waitFor();
    assert.equal(await page.getByTestId('updates').count(), 0);
    assert.match(await page.locator('.empty').innerText(), /Chưa có ghi chú nào/);
  }
  const { payload } = await stored(a.page);
  const removal = payload.removals.find((r) => r.item === 'update' && r.task === 'pl-4');
  assert.equal(removal.by, 'so-khdt');
  assert.equal(payload.records['pl-7'].progress.value, 35);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});

test('an undo in one tab is an undo in the other, not brought back by it', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const a = await openPage(browser, { context: ctx });
  const b = await openPage(browser, { context: ctx });
  for (const { page } of [a, b]) { await page.goto(srv.app); await ready(page); }
  await a.page.getByTestId('my-unit').selectOption('so-khdt');
  const note = 'Ghi nhầm nhiệm vụ, sẽ hoàn tác.';
  await updateTask(a.page, 'pl-11', { note });
  await saved(a.page);
  await b.page.goto(srv.app + '#/nhiem-vu/pl-11');
  await b.page.getByTestId('updates').getByText(note).waitFor();
  // Undone in the first tab: the note goes there, then in the second.
  await a.page.getByTestId('undo').click();
  await a.page.getByText('Chưa có ghi chú nào.').waitFor();
  await saved(a.page);
  await b.page.getByText('Chưa có ghi chú nào.').waitFor();
  await a.page.waitForTimeout(1200);
  for (const { page } of [a, b]) {
    await page.reload();
    await ready(page);
    await page.goto(srv.app + '#/nhiem-vu/pl-11');
    await page.getByTestId('task-page').waitFor();
    assert.equal(await page.getByTestId('updates').count(), 0);
  }
  // The plan's head names its write and the one it was written on top of.
  const { head } = await stored(a.page);
  assert.match(head.revision, /^\d+-[0-9a-f]{8}$/);
  assert.match(head.basedOn, /^\d+-[0-9a-f]{8}$/);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await ctx.close();
});

test('a stored copy with one bad record opens with everything else and a message naming it', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.app);
  await ready(page);
  await page.getByTestId('my-unit').selectOption('so-khdt');
  await updateTask(page, 'pl-3', { progress: 45 });
  await updateTask(page, 'pl-6', { note: 'Đang tổng hợp số liệu.' });
  await saved(page);
  // A record for a task this plan does not have (another app, another plan).
  await waitStored(page, (s) => s.payload.records['pl-6'] !== undefined);
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('ke-hoach');
    open.onsuccess = () => {
      const db = open.result;
      const os = db.transaction('records', 'readwrite').objectStore('records');
      const plan = IDBKeyRange.bound([''], [[]]);
      const all = os.getAllKeys(plan);
      all.onsuccess = () => {
        const key = all.result.find((k) => k[1] === 'pl-3');
        const value = os.get(key);
        value.onsuccess = () => os.put(value.result, [key[0], 'pl-99']);
      };
      os.transaction.oncomplete = () => { db.close(); resolve(); };
      os.transaction.onabort = () => reject(os.transaction.error);
    };
    open.onerror = () => reject(open.error);
  }));
  await page.reload();
  await ready(page);
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  const text = await notice.innerText();
  assert.match(text, /có 1 mục không đọc được: Bản ghi của nhiệm vụ pl-99: Nhiệm vụ “pl-99” không có trong kế hoạch/);
  assert.match(text, /Mọi dữ liệu khác đã được nạp/);
  // Everything else is there.
  await page.goto(srv.app + '#/nhiem-vu/pl-3');
  assert.equal(await page.getByTestId('progress').inputValue(), '45');
  await page.goto(srv.app + '#/nhiem-vu/pl-6');
  await page.getByTestId('updates').getByText('Đang tổng hợp số liệu.').waitFor();
  // The record is kept aside, raw and named, and can be downloaded.
  const { backups } = await stored(page);
  assert.equal(backups.length, 1);
  assert.match(backups[0].id, /^\d{13}-rejected$/);
  const aside = JSON.parse(backups[0].text);
  assert.equal(aside.format, 'ke-hoach-rejected');
  assert.equal(aside.items[0].path, 'payload.records.pl-99');
  assert.equal(aside.items[0].value.progress.value, 45);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notice-action').click()]);
  assert.deepEqual(JSON.parse(fs.readFileSync(await download.path(), 'utf8')), aside);
  // The next save writes the rest; the backup stays.
  await updateTask(page, 'pl-9', { progress: 15 });
  await saved(page);
  const after = await waitStored(page, (s) => s.payload.records['pl-9'] !== undefined);
  assert.equal(after.payload.records['pl-99'], undefined);
  assert.equal(after.payload.records['pl-3'].progress.value, 45);
  assert.deepEqual(after.backups, backups);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('progress and status follow each other on the task page', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.app);
  await ready(page);
  await page.getByTestId('my-unit').selectOption('so-khdt');
  await updateTask(page, 'pl-12', { progress: 40 });
  assert.equal(await page.getByTestId('status').inputValue(), 'dang-thuc-hien');
  await updateTask(page, 'pl-12', { progress: 100 });
  assert.equal(await page.getByTestId('status').inputValue(), 'da-hoan-thanh');
  assert.match(await page.getByTestId('status-rule').innerText(), /đạt 100% là “Đã hoàn thành”/);
  // Reopening at 100% asks for the real progress, and the choice does not stick.
  await page.getByTestId('status').selectOption('dang-thuc-hien');
  assert.match(await page.getByTestId('edit-error').innerText(), /hãy ghi tiến độ thực tế/);
  assert.equal(await page.getByTestId('status').inputValue(), 'da-hoan-thanh');
  await updateTask(page, 'pl-12', { progress: 70 });
  assert.equal(await page.getByTestId('status').inputValue(), 'dang-thuc-hien');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a full disk is reported, the edit stays on screen, is exported, and local storage keeps it', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      if (this.name === 'records') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    };
  });
  await page.goto(srv.app);
  await ready(page);
  await page.getByTestId('my-unit').selectOption('so-khdt');
  await updateTask(page, 'pl-10', { progress: 35 });
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  const text = await notice.innerText();
  assert.match(text, /Ổ đĩa hoặc phần bộ nhớ trình duyệt dành cho ứng dụng đã đầy/);
  assert.match(text, /thay đổi được giữ tạm trong bộ nhớ cục bộ/);
  assert.match(await page.getByTestId('save-state').innerText(), /Chưa lưu được/);
  assert.equal(await page.getByTestId('progress').inputValue(), '35');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notice-action').click()]);
  const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(file.format, 'ke-hoach-tracking');
  assert.equal(file.payload.records['pl-10'].progress.value, 35);
  const local = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORE));
  assert.equal(local.payload.records['pl-10'].progress.value, 35);
  // Nothing of the failed write reached the database.
  assert.equal((await stored(page))?.payload.records['pl-10'], undefined);
  assert.deepEqual(errors, []);
  // The disk has room again: the next start joins local storage's copy
  // into the database and retires it.
  await page.close();
  const again = await openPage(browser, { context: ctx });
  await again.page.goto(srv.app + '#/nhiem-vu/pl-10');
  await ready(again.page);
  await again.page.getByTestId('task-page').waitFor();
  assert.equal(await again.page.getByTestId('progress').inputValue(), '35');
  await waitStored(again.page, (s) => s.payload.records['pl-10']?.progress?.value === 35);
  await again.page.waitForFunction((k) => localStorage.getItem(k) === null, STORE);
  const kept = (await stored(again.page)).backups.map((b) => b.id.replace(/^\d{13}/, 'T'));
  assert.deepEqual(kept, ['T-local-storage']);
  assert.deepEqual(again.errors, []);
  await ctx.close();
});

test('a plan item becomes a tracked task once a lead unit is assigned', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.app + '#/ke-hoach/nv-2-1');
  await ready(page);
  await page.getByTestId('my-unit').selectOption('so-khdt');
  await page.locator('#nv-2-1').getByTestId('track-item').click();
  await page.getByTestId('assign-lead').selectOption('so-ldtbxh');
  await page.getByTestId('task-page').waitFor();
  assert.match(await page.locator('h1').innerText(), /^Tăng cường lãnh đạo, chỉ đạo, tuyên truyền/);
  assert.equal(await page.getByTestId('lead-unit').inputValue(), 'so-ldtbxh');
  await page.goto(srv.app + '#/don-vi');
  await page.getByTestId('my-unit').selectOption('so-ldtbxh');
  await page.getByTestId('my-unit-page').getByText('Mục nv-2-1').waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});
