// Exchange as departments do it: two units export their reports, Sở KH&ĐT
// imports both at once, resolves a conflict, applies, undoes (data and
// receipts), applies again, and gets exactly what the native merge
// computes. Bad files change nothing; a file with a bad record can be
// applied without it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launch, openPage, ready, saveDownload, stored as storedData, waitStored } from './harness.mjs';

let srv, browser;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ke-hoach-exchange-'));
const FIXTURES = path.resolve('tests/fixtures/exchange');
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

async function asUnit(unit) {
  const session = await openPage(browser);
  await session.page.goto(srv.app);
  await ready(session.page);
  await session.page.getByTestId('my-unit').selectOption(unit);
  return session;
}

async function setProgress(page, task, progress) {
  await page.goto(srv.app + '#/nhiem-vu/' + task);
  await page.getByTestId('progress').fill(String(progress));
  await page.getByTestId('progress').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'));
}

async function exportReport(page, period) {
  await page.goto(srv.app + '#/trao-doi');
  await page.getByTestId('export-period').selectOption(period);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-unit').click()]);
  const file = path.join(tmp, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

/** The payload the app stored, as text to compare. */
const stored = async (page) => JSON.stringify((await storedData(page))?.payload ?? null);
const payloadIsNot = (page, before) => waitStored(page, (s) => JSON.stringify(s.payload) !== before);

test('two units report, Sở KH&ĐT merges both with a conflict, undoes and applies again', async () => {
  // Unit A: Sở Tài chính updates its task 21; unit B: Sở Xây dựng adds a note to task 20.
  const a = await asUnit('so-tai-chinh');
  await setProgress(a.page, 'pl-21', 80);
  const fileA = await exportReport(a.page, '2021-03');
  assert.equal(path.basename(fileA), 'ke-hoach-22-2021_so-tai-chinh_2021-03.json');
  const b = await asUnit('so-xay-dung');
  await b.page.goto(srv.app + '#/nhiem-vu/pl-20');
  await b.page.getByTestId('update-text').fill('Đã hoàn thành dự thảo báo cáo sơ kết, xin ý kiến các huyện.');
  await b.page.getByTestId('add-update').click();
  await b.page.getByTestId('updates').waitFor();
  const fileB = await exportReport(b.page, '2021-03');

  // Sở KH&ĐT edited task 21 itself later: a conflict with A's file.
  const k = await asUnit('so-khdt');
  await setProgress(k.page, 'pl-21', 10);
  // What this unit holds, as a file: the first side of the native merge.
  await k.page.goto(srv.app + '#/trao-doi');
  const { file: localFile } = await saveDownload(k.page, 'export-all', tmp);
  const before = await stored(k.page);

  const stage = async () => {
    await k.page.goto(srv.app + '#/trao-doi');
    await k.page.getByTestId('import-input').setInputFiles([fileA, fileB]);
    await k.page.getByTestId('merge-preview').waitFor();
    await k.page.waitForFunction(() => document.querySelectorAll('[data-testid=staged-file]').length === 2);
  };
  await stage();
  const preview = await k.page.getByTestId('merge-preview').innerText();
  assert.match(preview, /Báo cáo của Sở Tài chính — Tháng 03\/2021/);
  assert.match(preview, /Báo cáo của Sở Xây dựng — Tháng 03\/2021/);
  assert.match(preview, /Thêm 0 nhiệm vụ, 0 đơn vị, 1 ghi chú/);
  // Nothing changed yet.
  assert.equal(await stored(k.page), before);
  const conflict = k.page.getByTestId('conflict');
  assert.equal(await conflict.count(), 1);
  const text = await conflict.innerText();
  assert.match(text, /Nhiệm vụ 21/);
  assert.match(text, /10%/);
  assert.match(text, /80%/);
  assert.match(text, /Sở Tài chính/);
  // Every version is listed with its unit; the later edit (local) is the
  // default; take the file's instead.
  assert.equal(await conflict.locator('.side').count(), 2);
  assert.match(text, /mặc định \(sửa sau cùng\)/);
  assert.ok(await k.page.getByTestId('pick-local').isChecked());
  await k.page.getByTestId('pick-file').check();
  const march = (unit) => k.page.evaluate((name) => {
    const row = [...document.querySelectorAll('[data-testid=receipt-matrix] tbody tr')].find((r) => r.querySelector('th').textContent === name);
    return row.querySelectorAll('td')[2].textContent;
  }, unit);
  assert.equal(await march('Sở Tài chính'), '✗', 'not received before the import');
  await k.page.getByTestId('apply-import').click();
  await payloadIsNot(k.page, before);
  assert.equal(await march('Sở Tài chính'), '✓');
  await k.page.goto(srv.app + '#/nhiem-vu/pl-21');
  assert.equal(await k.page.getByTestId('progress').inputValue(), '80');

  // One undo restores exactly the state before the import: the data and
  // the receipt cells; redo brings both back.
  await k.page.getByTestId('undo').click();
  assert.equal(await k.page.getByTestId('progress').inputValue(), '10');
  await k.page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'));
  assert.deepEqual(JSON.parse(await stored(k.page)), JSON.parse(before));
  await k.page.goto(srv.app + '#/trao-doi');
  assert.equal(await march('Sở Tài chính'), '✗', 'undo takes the receipt back');
  assert.equal(await march('Sở Xây dựng'), '✗');
  assert.equal((await storedData(k.page)).receipts.length, 0);
  await k.page.getByTestId('redo').click();
  assert.equal(await march('Sở Tài chính'), '✓');
  await k.page.getByTestId('undo').click();
  assert.equal(await march('Sở Tài chính'), '✗');

  // Apply again; the result equals the native merge of the same files,
  // the chosen value stamped by Sở KH&ĐT as the app stamped it.
  await stage();
  await k.page.getByTestId('pick-file').check();
  await k.page.getByTestId('apply-import').click();
  await waitStored(k.page, (s) => s.payload.records['pl-20'] !== undefined);
  await k.page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'));
  const app = JSON.parse(await stored(k.page));
  const chosen = app.records['pl-21'].progress;
  assert.equal(chosen.by, 'so-khdt');
  const native = execFileSync('cargo', ['run', '--quiet', '--example', 'merge_files', '--', localFile, fileA, fileB,
    '--pick', `pl-21:progress=${fileA}`, '--resolved', `so-khdt:${chosen.at}`], { encoding: 'utf8' });
  assert.deepEqual(app, JSON.parse(native));
  // The receipts matrix shows both reports as received for March.
  await k.page.goto(srv.app + '#/trao-doi');
  assert.equal(await march('Sở Tài chính'), '✓');
  assert.equal(await march('Sở Xây dựng'), '✓');
  // A unit that sent nothing is late, with a reminder ready to send.
  assert.equal(await march('Sở Nội vụ'), '✗');
  const mailto = await k.page.locator('[data-testid=receipt-matrix] tr', { hasText: 'Sở Nội vụ' }).locator('td a').nth(2).getAttribute('href');
  assert.match(decodeURIComponent(mailto), /^mailto:\?subject=Nhắc gửi báo cáo Tháng 03\/2021/);
  for (const s of [a, b, k]) assert.deepEqual(s.errors, []);
  for (const s of [a, b, k]) await s.ctx.close();
});

test('every bad file is refused with its reason and changes nothing; a bad record is named', async () => {
  const k = await asUnit('so-khdt');
  await setProgress(k.page, 'pl-1', 25);
  const before = await stored(k.page);
  const refused = {
    'not-json.txt': /không phải JSON|JSON/i,
    'truncated.json': /bị cắt|cắt/i,
    'other-kind.json': /không phải tệp/i,
    'newer-version.json': /phiên bản/i,
    'other-plan.json': /kế hoạch/i,
    'duplicate-id.json': /hai lần/i,
  };
  await k.page.goto(srv.app + '#/trao-doi');
  for (const [name, reason] of Object.entries(refused)) {
    await k.page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, name));
    const card = k.page.getByTestId('staged-file').filter({ hasText: name });
    await card.waitFor();
    assert.match(await card.getByTestId('import-error').innerText(), reason, name);
  }
  // One bad record: the rest reads, the record is named with why, and the
  // file waits for the user's choice to apply without it.
  const rejected = {
    'unknown-unit.json': /Bản ghi của nhiệm vụ pl-1: Đơn vị “so-khong-co”/,
    'unknown-task.json': /Bản ghi của nhiệm vụ pl-99: Nhiệm vụ “pl-99” không có/,
    'duplicate-update-id.json': /hai cập nhật cùng mã/,
    'progress-out-of-range.json': /Tiến độ 150%/,
    'impossible-date.json': /Ngày “2021-02-30” không có thật/,
  };
  for (const [name, reason] of Object.entries(rejected)) {
    await k.page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, name));
    const card = k.page.getByTestId('staged-file').filter({ hasText: name });
    await card.getByTestId('rejected-item').waitFor();
    assert.match(await card.getByTestId('rejected-item').innerText(), reason, name);
    assert.match(await card.getAttribute('class'), /unusable/, name);
    await card.getByTestId('confirm-rejected').waitFor();
  }
  // A damaged checksum needs explicit confirmation before it can apply.
  await k.page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'bad-checksum.json'));
  const damaged = k.page.getByTestId('staged-file').filter({ hasText: 'bad-checksum.json' });
  await damaged.getByTestId('confirm-checksum').waitFor();
  assert.match(await damaged.innerText(), /Mã kiểm tra không khớp/);
  await k.page.getByTestId('apply-import').click();
  await k.page.getByTestId('notice').filter({ hasText: 'Không có tệp nào hợp lệ' }).waitFor();
  assert.equal(await stored(k.page), before);
  await k.page.getByTestId('cancel-import').click();
  assert.equal(await k.page.getByTestId('merge-preview').count(), 0);


  // Script in imported text is shown as text and never runs.
  await k.page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'html-in-text.json'));
  await k.page.getByTestId('merge-preview').waitFor();
  await k.page.getByTestId('apply-import').click();
  await payloadIsNot(k.page, before);
  // The fixture's note with markup is on task 1.
  await k.page.goto(srv.app + '#/nhiem-vu/pl-1');
  await k.page.getByTestId('updates').waitFor();
  assert.match(await k.page.getByTestId('updates').innerText(), /<script>/);
  assert.equal(await k.page.locator('.updates script, .updates img').count(), 0);
  assert.equal(await k.page.evaluate(() => window.__pwned), undefined);

  // Chosen, a file with a rejected record applies without it.
  await k.page.goto(srv.app + '#/trao-doi');
  await k.page.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'unknown-task.json'));
  await k.page.getByTestId('confirm-rejected').check();
  await k.page.getByTestId('apply-import').click();
  await k.page.getByTestId('notice').filter({ hasText: 'bỏ qua 1 mục bị từ chối' }).waitFor();
  await k.page.getByTestId('merge-preview').waitFor({ state: 'detached' });
  await k.page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'));
  const after = JSON.parse(await stored(k.page));
  assert.equal(after.records['pl-99'], undefined);
  assert.equal(after.records['nv-4-2'].leadUnit.value, 'so-tai-chinh');
  assert.deepEqual(k.errors, []);
  await k.ctx.close();
});

test('a large file previews its first changes at once, and every change is one click away', async () => {
  // 120 added tasks, each with a status and a progress: 240 changes.
  const file = path.join(tmp, 'synthetic-120.json');
  fs.writeFileSync(file, execFileSync('cargo', ['run', '--quiet', '--example', 'synthetic', '--', '120'], { maxBuffer: 1 << 26 }));
  const k = await asUnit('so-khdt');
  await k.page.goto(srv.app + '#/trao-doi');
  await k.page.getByTestId('import-input').setInputFiles(file);
  await k.page.getByTestId('merge-preview').waitFor();
  const rows = () => k.page.locator('[data-testid=changes] tbody tr').count();
  assert.match(await k.page.getByTestId('file-counts').innerText(), /thay đổi 240 mục/);
  assert.equal(await rows(), 50);
  // Tasks and units that arrive in the file itself are named, not shown by id.
  const first = await k.page.locator('[data-testid=changes] tbody tr').first().locator('td').first().innerText();
  assert.match(first, /^Nhiệm vụ bổ sung · \S/);
  assert.doesNotMatch(await k.page.getByTestId('changes').innerText(), /u-so-khdt-\d/);
  await k.page.getByTestId('show-more').click();
  assert.equal(await rows(), 100);
  await k.page.getByTestId('show-all').click();
  assert.equal(await rows(), 240);
  assert.equal(await k.page.getByTestId('show-more').count(), 0);
  assert.deepEqual(k.errors, []);
  await k.ctx.close();
});
