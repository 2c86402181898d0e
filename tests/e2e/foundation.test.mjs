// The foundation: the built app loads from any path, shows the cover from
// the parsed plan, and its addresses survive reloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, ready } from './harness.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

test('the cover shows the plan metadata and a table of contents', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.app);
  await ready(page);
  const cover = page.getByTestId('cover');
  await cover.waitFor();
  const text = await cover.innerText();
  for (const expected of [
    'Số: 22/KH-UBND', 'Kiên Giang, ngày 01 tháng 02 năm 2021', 'KẾ HOẠCH',
    'TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 01/NQ-CP NGÀY 01/01/2021 CỦA CHÍNH PHỦ TRÊN ĐỊA BÀN TỈNH KIÊN GIANG',
    'Nguyễn Đức Chín', 'Mục lục', 'BỐI CẢNH, MỤC TIÊU, PHƯƠNG CHÂM HÀNH ĐỘNG VÀ TRỌNG TÂM CHỈ ĐẠO ĐIỀU HÀNH',
  ]) assert.ok(text.includes(expected), `cover lacks: ${expected}`);
  // 8 focuses, 11 groups, 36 annex tasks, as counted from the parsed plan.
  const figures = await page.locator('.figure-number').allInnerTexts();
  assert.deepEqual(figures.slice(0, 2), ['8', '11']);
  assert.equal(figures[3], '36');
  assert.equal(await page.locator('h1').count(), 1);
  // Every contents entry leads to a part that exists.
  const links = await page.locator('.toc a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(links.length, 3 + 3 + 11 + 2 + 1);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the app works from a sub-path and a deep link survives reload, back and forward', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.sub + '#/ke-hoach/nv-4-2');
  await ready(page);
  const item = page.locator('#nv-4-2');
  await item.waitFor();
  // Group 4's paragraph without a dash is its own item, the second.
  assert.match(await item.innerText(), /^Xây dựng nông thôn mới; đẩy mạnh xây dựng mô hình mỗi xã/);
  await page.waitForFunction(() => {
    const r = document.getElementById('nv-4-2').getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });
  await page.reload();
  await ready(page);
  await page.locator('#nv-4-2').waitFor();
  assert.equal(new URL(page.url()).pathname, '/so-khdt/ke-hoach/');
  // Follow a contents link, then go back and forward.
  await page.goto(srv.sub + '#/bia');
  await page.getByTestId('cover').waitFor();
  await page.locator('.toc a', { hasText: 'Phụ lục' }).click();
  await page.locator('#phu-luc').waitFor();
  await page.goBack();
  await page.getByTestId('cover').waitFor();
  await page.goForward();
  await page.locator('#phu-luc').waitFor();
  assert.equal(await page.locator('.annex-table tbody tr').count(), 36);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('an unknown address says so and offers a way back', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.app + '#/khong-ton-tai');
  await ready(page);
  await page.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor();
  await page.getByRole('link', { name: 'Về trang bìa' }).click();
  await page.getByTestId('cover').waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});
