// The reports as Word documents, downloaded through the page as a user does
// and read back with python-docx (tests/e2e/read_docx.py), a reader the
// project did not write: the consolidated report from the report page, and
// the unit's own monthly report from its page and beside its JSON export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launch, openPage, ready, saveDownload } from './harness.mjs';
import { plantedContext, asOf } from './present-data.mjs';

let srv, browser, ctx;
before(async () => {
  srv = await startServer();
  browser = await launch();
  // One context: the planted data (as Sở KH&ĐT) lives in its storage.
  ctx = await plantedContext(browser, srv.app);
});
after(async () => { await ctx?.close(); await browser?.close(); await srv?.close(); });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ke-hoach-word-'));

const save = (page, testid) => saveDownload(page, testid, tmp);

/** What python-docx reads in the file. */
function read(file) {
  const out = execFileSync('python3', [path.resolve('tests/e2e/read_docx.py'), file], { encoding: 'utf8' });
  return JSON.parse(out)[0];
}

/** A4 portrait, the decree's margins, Times New Roman 14 pt, page numbers from page 2. */
function assertLayout(doc) {
  assert.deepEqual(doc.page_mm, [210, 297]);
  const m = doc.margins_mm;
  assert.ok(m.top >= 20 && m.top <= 25 && m.bottom >= 20 && m.bottom <= 25, JSON.stringify(m));
  assert.ok(m.left >= 30 && m.left <= 35 && m.right >= 15 && m.right <= 20, JSON.stringify(m));
  assert.equal(doc.font, 'Times New Roman');
  assert.equal(doc.size_pt, 14);
  assert.equal(doc.first_page_differs, true);
  assert.deepEqual(doc.header_fields, ['PAGE']);
}

/** The task tables (their header row first), by their first column heads. */
function taskTables(doc, heads) {
  const tables = doc.tables.filter((t) => heads.every((h, i) => t[0].cells[i] === h));
  for (const t of tables) {
    assert.equal(t[0].header, true, 'the header row repeats on every page');
    assert.ok(t.slice(1).every((r) => !r.header));
  }
  return tables;
}

test('the consolidated report downloads as a Word document with one row per task', async () => {
  const { page, errors } = await openPage(browser, { context: ctx });
  await page.goto(srv.app + '#/bao-cao');
  await ready(page);
  await asOf(page);
  const screen = page.getByTestId('report-doc');
  await screen.waitFor();
  const rows = {};
  for (const tr of await screen.locator('[data-task]').all()) {
    const cells = await tr.locator('td').allInnerTexts();
    rows[cells[0]] = cells[1];
  }
  assert.equal(Object.keys(rows).length, 36);

  const { name, file } = await save(page, 'download-docx');
  assert.equal(name, 'bao-cao-22-KH-UBND-2021-06.docx');
  const doc = read(file);
  assertLayout(doc);
  const subject = await page.getByTestId('report-subject').innerText();
  assert.ok(doc.paragraphs.includes(subject), subject);
  assert.match(subject, /Kế hoạch số 22\/KH-UBND ngày 01\/02\/2021 của UBND tỉnh Kiên Giang tháng 06\/2021$/);
  assert.ok(doc.paragraphs.includes(await page.getByTestId('report-summary').innerText()));
  // The header table: issuer and number | motto, place and date.
  const [issuer, nation] = doc.tables[0][0].cells;
  assert.match(issuer, /^UBND TỈNH KIÊN GIANG\nSỞ KẾ HOẠCH VÀ ĐẦU TƯ\n\nSố: +\/BC-SKHĐT$/);
  assert.match(nation, /^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nKiên Giang, ngày 30 tháng 6 năm 2021$/);
  // Every task once, with the screen's number and title.
  const tables = taskTables(doc, ['STT', 'Nhiệm vụ', 'Thời hạn', 'Tình trạng']);
  assert.equal(tables.length, await screen.getByTestId('unit-part').count());
  const inWord = {};
  for (const t of tables) for (const r of t.slice(1)) {
    assert.equal(inWord[r.cells[0]], undefined, `task ${r.cells[0]} listed twice`);
    inWord[r.cells[0]] = r.cells[1];
  }
  assert.deepEqual(inWord, rows);
  const pl1 = tables.flatMap((t) => t.slice(1)).find((r) => r.cells[0] === '1');
  assert.equal(pl1.cells[3], 'Hoàn thành đúng hạn');
  // "Nơi nhận" and the signature block close the document.
  const foot = doc.tables.at(-1)[0].cells;
  assert.match(foot[0], /^Nơi nhận:\n- Thường trực UBND tỉnh \(b\/c\);/);
  assert.match(foot[1], /^GIÁM ĐỐC\n/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a unit downloads its own monthly report in Word from its page and beside its JSON file', async () => {
  const { page, errors } = await openPage(browser, { context: ctx });
  await page.goto(srv.app + '#/don-vi');
  await ready(page);
  await asOf(page);
  await page.getByTestId('my-unit-page').waitFor();
  const cards = await page.locator('.task-card .task-card-title').allInnerTexts();
  assert.ok(cards.length > 0);

  const june = await save(page, 'unit-report-docx');
  assert.equal(june.name, 'bao-cao-22-KH-UBND-2021-06_so-khdt.docx');
  const doc = read(june.file);
  assertLayout(doc);
  assert.ok(doc.paragraphs.includes(
    'Tình hình thực hiện Kế hoạch số 22/KH-UBND ngày 01/02/2021 của UBND tỉnh Kiên Giang tháng 6 năm 2021'));
  assert.ok(doc.paragraphs.some((p) => p.startsWith('Tính đến ngày 30/06/2021, Sở KH&ĐT chủ trì ')));
  assert.match(doc.title, /^Báo cáo tình hình thực hiện Kế hoạch số 22\/KH-UBND .* tháng 6 năm 2021 của Sở Kế hoạch và Đầu tư$/);
  const heads = ['STT', 'Nhiệm vụ', 'Thời hạn', 'Tình trạng, tiến độ', 'Kết quả thực hiện trong kỳ'];
  const taskRows = taskTables(doc, heads).flatMap((t) => t.slice(1));
  // One row per task the page lists for the unit.
  assert.deepEqual(taskRows.map((r) => r.cells[1]).sort(), [...cards].sort());
  // The note Sở KH&ĐT dated 15/06 on task 6 is June's result.
  const pl6 = taskRows.find((r) => r.cells[0] === '6');
  assert.equal(pl6.cells[4], '15/06/2021: Đang tổng hợp ý kiến góp ý của các sở, ngành và địa phương.');
  assert.equal(pl6.cells[3], 'Sắp đến hạn\nTiến độ 60%');

  // Beside the JSON export, for the period chosen there: May has no note.
  await page.goto(srv.app + '#/trao-doi');
  await page.getByTestId('export-period').selectOption('2021-05');
  const json = await save(page, 'export-unit');
  const may = await save(page, 'export-unit-docx');
  assert.equal(json.name, 'ke-hoach-22-2021_so-khdt_2021-05.json');
  assert.equal(may.name, 'bao-cao-22-KH-UBND-2021-05_so-khdt.docx');
  const mayDoc = read(may.file);
  assertLayout(mayDoc);
  assert.ok(mayDoc.paragraphs.some((p) => p.endsWith('tháng 5 năm 2021')));
  const mayRows = taskTables(mayDoc, heads).flatMap((t) => t.slice(1));
  assert.equal(mayRows.length, taskRows.length);
  assert.equal(mayRows.find((r) => r.cells[0] === '6').cells[4], 'Chưa có cập nhật trong kỳ.');
  assert.deepEqual(errors, []);
  await page.close();
});
