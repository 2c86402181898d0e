// Report and present: the dashboard's figures lead to the tasks behind
// them; the consolidated report follows its period in the address and its
// spreadsheet, CSV and print come out whole; meeting mode is stepped
// through by keyboard, can be linked to, stays frozen while presenting and
// never lets a slide overflow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, launch, openPage, ready, saveDownload } from './harness.mjs';
import { plantedContext, asOf } from './present-data.mjs';

let srv, browser, ctx;
before(async () => {
  srv = await startServer();
  browser = await launch();
  // One context for the whole file: the planted data lives in its storage.
  ctx = await plantedContext(browser, srv.app);
});
after(async () => { await ctx?.close(); await browser?.close(); await srv?.close(); });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ke-hoach-present-'));

/** The files of a ZIP archive, by name (stored or deflated entries). */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'no ZIP end record');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const unescapeXml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

/** A worksheet's rows as arrays of cell texts, by column letter order. */
function sheetRows(xml) {
  return [...xml.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map(([, row]) =>
    [...row.matchAll(/<c r="([A-Z]+)\d+"[^>]*?(?:\/>|>(.*?)<\/c>)/gs)].map(([, , inner = '']) => {
      const t = inner.match(/<t[^>]*>(.*?)<\/t>/s) ?? inner.match(/<v>(.*?)<\/v>/s);
      return t ? unescapeXml(t[1]) : '';
    }));
}

async function save(page, testid) {
  const { name, file } = await saveDownload(page, testid, tmp);
  return { name, bytes: fs.readFileSync(file) };
}

async function count(page) {
  const text = await page.getByTestId('task-count').innerText();
  return Number(text.split('/')[0].trim());
}

test('dashboard figures link to the task list filtered to the tasks behind them', async () => {
  const { page, errors } = await openPage(browser, { context: ctx });
  await page.goto(srv.app + '#/tong-quan');
  await ready(page);
  await asOf(page);
  const dash = page.getByTestId('dashboard');
  await dash.waitFor();
  assert.match(await page.getByTestId('dashboard-as-of').innerText(), /30\/06\/2021/);
  const figure = async (id) => Number((await page.getByTestId(id).locator('.figure-number').innerText()).replace('%', ''));
  assert.equal(await figure('figure-total'), 36);
  // Planted: pl-1 on time, pl-2 and pl-20 done (one late at least), 3 done.
  assert.equal(await figure('figure-hoan-thanh-dung-han') + await figure('figure-hoan-thanh-qua-han'), 3);
  assert.equal(await figure('figure-percent'), Math.floor(300 / 36));
  const sum = (await Promise.all(['hoan-thanh-dung-han', 'hoan-thanh-qua-han', 'dang-thuc-hien-trong-han', 'sap-den-han', 'qua-han', 'chua-thuc-hien'].map((k) => figure('figure-' + k)))).reduce((a, b) => a + b);
  assert.equal(sum, 36);
  // A big number opens the list of exactly those tasks.
  const overdue = await figure('figure-qua-han');
  assert.ok(overdue > 0);
  await page.getByTestId('figure-qua-han').click();
  await page.waitForURL(/#\/nhiem-vu\?tinh-trang=qua-han$/);
  assert.equal(await count(page), overdue);
  await page.goBack();
  await dash.waitFor();
  // A unit's bar segment: Sở KH&ĐT's overdue tasks.
  const row = page.getByTestId('by-unit').locator('tr', { hasText: 'Sở KH&ĐT' });
  const segment = row.locator('a[data-timing="t-overdue"]');
  const label = Number(await segment.locator('text').textContent());
  await segment.click();
  await page.waitForURL(/don-vi=so-khdt&tinh-trang=qua-han/);
  assert.equal(await count(page), label);
  await page.goBack();
  // A quarter's row: the 8 tasks due in Quý I.
  const q1 = page.getByTestId('by-quarter').locator('tr', { hasText: 'Quý I/2021' });
  assert.equal(await q1.locator('td.num-cell').first().innerText(), '8');
  await q1.locator('th a').click();
  await page.waitForURL(/han=q1$/);
  assert.equal(await count(page), 8);
  await page.goBack();
  // The overdue list holds as many tasks as the figure and links to each.
  const items = page.getByTestId('overdue-list').locator('li');
  assert.equal(await items.count(), overdue);
  await items.first().locator('a').click();
  await page.getByTestId('task-page').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('the report follows its period in the address; XLSX and CSV hold all 36 tasks', async () => {
  const { page, errors } = await openPage(browser, { context: ctx });
  await page.goto(srv.app + '#/bao-cao');
  await ready(page);
  await asOf(page);
  const doc = page.getByTestId('report-doc');
  await doc.waitFor();
  // Default: the month of the as-of date.
  assert.equal(await page.getByTestId('report-period').inputValue(), '2021-06');
  assert.match(await page.getByTestId('report-subject').innerText(), /Kế hoạch số 22\/KH-UBND ngày 01\/02\/2021 của UBND tỉnh Kiên Giang tháng 06\/2021$/);
  assert.equal(await page.getByTestId('report-date').innerText(), 'Kiên Giang, ngày 30 tháng 6 năm 2021');
  assert.match(await page.getByTestId('report-summary').innerText(), /^Tính đến ngày 30\/06\/2021, có 3\/36 nhiệm vụ đã hoàn thành \(8%\)/);
  // No unit has sent a report here: all 29 reporting units are listed.
  assert.match(await page.getByTestId('not-reported').innerText(), /^Có 29 đơn vị chưa gửi báo cáo: /);
  assert.equal(await doc.locator('[data-task]').count(), 36);
  await page.getByTestId('report-period').selectOption('2021-03');
  await page.waitForURL(/#\/bao-cao\?ky=2021-03$/);
  assert.match(await page.getByTestId('report-subject').innerText(), /tháng 03\/2021$/);
  await page.getByTestId('report-period').selectOption('2021-review');
  assert.match(await page.getByTestId('report-subject').innerText(), /tổng kết năm 2021$/);
  // A typed period that does not exist is explained, not obeyed.
  await page.goto(srv.app + '#/bao-cao?ky=2021-13');
  assert.match(await page.getByTestId('period-error').innerText(), /2021-13/);
  await page.goto(srv.app + '#/bao-cao?ky=2021-06');
  await doc.waitFor();

  // The screen's task rows: number → [unit, timing label].
  const screen = {};
  for (const part of await doc.getByTestId('unit-part').all()) {
    const unit = (await part.locator('h3').innerText()).replace(/^\d+\. /, '');
    for (const tr of await part.locator('tbody tr').all()) {
      const cells = await tr.locator('td').allInnerTexts();
      screen[cells[0]] = [unit, cells[3].split('\n')[0].trim()];
    }
  }
  assert.equal(Object.keys(screen).length, 36);

  const xlsx = await save(page, 'download-xlsx');
  assert.equal(xlsx.name, 'bao-cao-22-KH-UBND-2021-06.xlsx');
  const files = unzip(xlsx.bytes);
  assert.match(files['xl/workbook.xml'], /<sheet name="Tổng hợp"[^>]*\/><sheet name="Nhiệm vụ"/);
  const rows = sheetRows(files['xl/worksheets/sheet2.xml']);
  const head = rows.findIndex((r) => r[0] === 'STT');
  assert.deepEqual(rows[head].slice(0, 5), ['STT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn', 'Tình trạng']);
  const tasks = rows.slice(head + 1).filter((r) => /^\d+$/.test(r[0]));
  assert.equal(tasks.length, 36);
  for (const r of tasks) assert.deepEqual([r[2], r[4]], screen[r[0]], `task ${r[0]}`);
  assert.equal(tasks.find((r) => r[0] === '1')[4], 'Hoàn thành đúng hạn');
  assert.equal(tasks.find((r) => r[0] === '27')[2], 'Sở TT&TT');
  const sheet2 = files['xl/worksheets/sheet2.xml'];
  assert.match(sheet2, /<pane [^>]*state="frozen"/);
  assert.match(sheet2, /<autoFilter ref="A\d+:I\d+"/);
  assert.match(sheet2, /<cols>.*<col [^>]*width=/s);
  const summary = sheetRows(files['xl/worksheets/sheet1.xml']).flat().join('\n');
  assert.match(summary, /Tổng hợp|Sở KH&ĐT/);

  const csv = await save(page, 'download-csv');
  assert.equal(csv.name, 'bao-cao-22-KH-UBND-2021-06.csv');
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
  const text = csv.bytes.subarray(3).toString('utf8');
  const lines = text.split('\r\n').filter(Boolean);
  assert.equal(lines.length, 37);
  assert.ok(lines[0].startsWith('STT,Nhiệm vụ,Đơn vị chủ trì,Thời hạn,Tình trạng'));
  assert.ok(text.includes('Sở Lao động') || text.includes('Sở LĐTB&XH'));
  assert.match(lines.find((l) => l.startsWith('1,')), /Sở KH&ĐT,31\/01\/2021,Hoàn thành đúng hạn/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the printed report is an A4 document without the app around it', async () => {
  const { page, errors } = await openPage(browser, { context: ctx });
  await page.goto(srv.app + '#/bao-cao');
  await ready(page);
  await asOf(page);
  await page.getByTestId('report-doc').waitFor();
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.app-header', '.report-toolbar', '.app-footer']) {
    assert.equal(await page.locator(hidden).evaluate((e) => getComputedStyle(e).display), 'none', hidden);
  }
  assert.equal(await page.locator('.doc-table thead').first().evaluate((e) => getComputedStyle(e).display), 'table-header-group');
  const file = path.join(tmp, 'bao-cao.pdf');
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  const pdf = fs.readFileSync(file).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 3 && pages <= 12, `${pages} pages`);
  // Every page is A4: 595 × 842 points.
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
  assert.equal(boxes.length, pages);
  for (const [, w, h] of boxes) assert.ok(Math.abs(w - 595) < 1 && Math.abs(h - 842) < 1, `${w} × ${h}`);
  if (process.env.PRESENT_PDF) fs.copyFileSync(file, process.env.PRESENT_PDF);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The slide's number from its counter, and the total. */
async function counter(page) {
  const [n, total] = (await page.getByTestId('slide-counter').innerText()).split('/').map((s) => Number(s.trim()));
  return { n, total };
}

/** Whether anything on the slide reaches past its body or its frame. */
async function overflow(page) {
  return page.locator('.slide').evaluate((slide) => {
    const box = slide.getBoundingClientRect();
    const inner = [...slide.querySelectorAll('.slide-title, .slide-heading, .slide-items, .stack-bar, .progress-counts')];
    const bottom = Math.max(...inner.map((e) => e.getBoundingClientRect().bottom), box.top);
    return slide.scrollHeight > slide.clientHeight + 1 || bottom > box.bottom + 1 ? `${Math.round(bottom - box.bottom)}px` : null;
  });
}

test('meeting mode: every slide by keyboard at projector and laptop sizes, none overflowing', async () => {
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1366, height: 768 }]) {
    const { page, errors } = await openPage(browser, { context: ctx });
    await page.setViewportSize(viewport);
    await page.goto(srv.app + '#/tong-quan');
    await ready(page);
    await asOf(page);
    await page.getByTestId('start-meeting').click();
    await page.getByTestId('meeting').waitFor();
    // No app chrome in meeting mode.
    assert.equal(await page.locator('.app-header').count(), 0);
    const { total } = await counter(page);
    assert.ok(total > 40, `${total} slides`);
    const frame = await page.getByTestId('slide').boundingBox();
    assert.ok(Math.abs(frame.width / frame.height - 16 / 9) < 0.01);
    const kinds = new Set();
    const keys = ['ArrowRight', 'Space', 'PageDown', 'ArrowDown'];
    for (let i = 1; i <= total; i++) {
      assert.equal((await counter(page)).n, i);
      assert.equal(page.url().split('#')[1], `/trinh-chieu/${i}`);
      kinds.add(await page.locator('.slide').getAttribute('data-kind'));
      const over = await overflow(page);
      assert.equal(over, null, `slide ${i} “${await page.getByTestId('slide-title').innerText()}” overflows by ${over} at ${viewport.width}`);
      if (i < total) await page.keyboard.press(keys[i % keys.length]);
    }
    for (const k of ['cover', 'objective', 'focuses', 'group-1', 'group-11', 'progress', 'unit', 'overdue', 'next']) assert.ok(kinds.has(k), k);
    // Past the end nothing moves; back with PageUp, ArrowLeft, Shift+Space.
    await page.keyboard.press('ArrowRight');
    assert.equal((await counter(page)).n, total);
    await page.keyboard.press('PageUp');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+Space');
    assert.equal((await counter(page)).n, total - 3);
    await page.keyboard.press('Home');
    assert.equal((await counter(page)).n, 1);
    await page.keyboard.press('ArrowLeft');
    assert.equal((await counter(page)).n, 1);
    await page.keyboard.press('End');
    assert.equal((await counter(page)).n, total);
    await page.keyboard.press('Escape');
    await page.waitForURL(/#\/tong-quan$/);
    await page.getByTestId('dashboard').waitFor();
    await ready(page);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('a slide can be linked to; a long group continues on further slides', async () => {
  const { page, errors } = await openPage(browser, { context: ctx });
  await page.goto(srv.app + '#/trinh-chieu/5');
  await page.getByTestId('meeting').waitFor();
  assert.equal((await counter(page)).n, 5);
  await page.reload();
  await page.getByTestId('meeting').waitFor();
  assert.equal((await counter(page)).n, 5);
  // Group 4 opens on its heading and goes on as “Nhóm 4 (tiếp)”.
  while ((await page.locator('.slide').getAttribute('data-kind')) !== 'group-4') await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByTestId('slide-title').innerText(), 'Nhóm 4');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByTestId('slide-title').innerText(), 'Nhóm 4 (tiếp)');
  // An address past the end shows the last slide.
  await page.goto(srv.app + '#/trinh-chieu/999');
  const { n, total } = await counter(page);
  assert.equal(n, total);
  await page.waitForURL(new RegExp(`#/trinh-chieu/${total}$`));
  await page.getByTestId('leave-meeting').click();
  await page.getByTestId('dashboard').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('slides stay as they were on entering while another tab edits', async () => {
  const a = await openPage(browser, { context: ctx });
  const b = await openPage(browser, { context: ctx });
  await a.page.goto(srv.app + '#/tong-quan');
  await ready(a.page);
  await asOf(a.page);
  const before = await a.page.getByTestId('figure-hoan-thanh-dung-han').locator('.figure-number').innerText();
  await a.page.getByTestId('start-meeting').click();
  await a.page.getByTestId('meeting').waitFor();
  while ((await a.page.locator('.slide').getAttribute('data-kind')) !== 'progress') await a.page.keyboard.press('ArrowRight');
  const slide = await a.page.locator('.slide').innerText();
  // Another tab marks task 3 done on 20/03/2021.
  await b.page.goto(srv.app + '#/nhiem-vu/pl-3');
  await b.page.getByTestId('task-page').waitFor();
  await b.page.getByTestId('status').selectOption('da-hoan-thanh');
  await b.page.getByTestId('completed-on').fill('20/03/2021');
  await b.page.getByTestId('completed-on').press('Enter');
  await b.page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'));
  await a.page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  await a.page.keyboard.press('ArrowRight');
  await a.page.keyboard.press('ArrowLeft');
  assert.equal(await a.page.locator('.slide').innerText(), slide);
  // Leaving meeting mode shows the edit that arrived meanwhile.
  await a.page.keyboard.press('Escape');
  await a.page.getByTestId('dashboard').waitFor();
  await a.page.getByTestId('figure-hoan-thanh-dung-han').locator('.figure-number').filter({ hasText: String(Number(before) + 1) }).waitFor();
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.page.close();
  await b.page.close();
});
