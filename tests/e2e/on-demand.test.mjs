// Code loaded on demand (src/on_demand.rs, .ci/split.mjs): the cover is
// painted from the first load alone, the stored data's code arriving after
// it; a first visit to a screen fetches a handful of files, a slow line
// shows "Đang tải…", a failed fetch says so and retries (the stored data
// then stays untouched), and after one visit every screen opens offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, ready } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Every screen loaded on demand: its address and what shows it is there. */
const SCREENS = [
  ['#/ke-hoach', 'reader'],
  ['#/tim', 'search-page'],
  ['#/nhiem-vu', 'task-count'],
  ['#/nhiem-vu/pl-1', 'task-page'],
  ['#/don-vi', 'choose-unit'],
  ['#/trao-doi', 'exchange-page'],
  ['#/tong-quan', 'dashboard'],
  ['#/bao-cao', 'report-page'],
  ['#/trinh-chieu/1', 'meeting'],
];
const SPLIT = /\/(?:split|chunk)_[\w-]+\.wasm$/;

/** Moves within the page, as a link does (no reload). */
const go = (page, hash) => page.evaluate((h) => { location.hash = h; }, hash);

/** The page's wasm files: when each was requested, and the first paint (ms). */
const wasmTimes = (page) => page.evaluate(() => ({
  paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  files: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm'))
    .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime })),
}));

test('the cover is painted from the first load alone; a first visit to a screen fetches at most four files', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const { page, errors, ctx } = await openPage(browser);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto(srv.app);
  await ready(page);
  await page.locator('.cover').waitFor();
  // The stored data's code (the unit page's group) comes once the cover is
  // painted and the page idle: a first visit has nothing stored to show.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/split_unit_page-/.test(e.name)));
  const { paint, files } = await wasmTimes(page);
  assert.ok(paint !== null, 'the page was painted');
  const main = files.filter((f) => f.path.endsWith('_bg.wasm'));
  assert.equal(main.length, 1, files.map((f) => f.path).join(', '));
  const later = files.filter((f) => !f.path.endsWith('_bg.wasm'));
  assert.ok(later.length >= 1 && later.length <= 4, later.map((f) => f.path).join(', '));
  for (const f of later) {
    assert.match(f.path, SPLIT);
    assert.ok(f.start > paint, `${f.path} requested at ${f.start} ms, before the first paint at ${paint} ms`);
  }

  const fetched = new Set(wasm);
  for (const [hash, testid] of SCREENS) {
    const before = wasm.length;
    await go(page, hash);
    await page.getByTestId(testid).first().waitFor();
    const now = wasm.slice(before);
    t.diagnostic(`${hash}: ${now.length} files`);
    assert.ok(now.every((f) => SPLIT.test(f) && !fetched.has(f)), `${hash} fetched ${now.join(', ')}`);
    assert.ok(now.length <= 4, `${hash} fetched ${now.length} files: ${now.join(', ')}`);
    for (const f of now) fetched.add(f);
  }
  // Every screen was reached, and each group's module was fetched once.
  assert.equal([...fetched].filter((f) => /\/split_/.test(f)).length, 3, [...fetched].join(', '));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('on a slow line the screen says “Đang tải…” until its code arrives', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const { page, errors, ctx } = await openPage(browser);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.goto(srv.app);
  await ready(page);
  // The stored data's code arrives first (after the paint); then the line slows.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/split_unit_page-/.test(e.name)));
  await page.waitForLoadState('networkidle');
  await page.route(SPLIT, async (route) => { await held; await route.continue(); });
  await go(page, '#/ke-hoach');
  const loading = page.getByTestId('screen-loading');
  await loading.waitFor();
  // Shown after a moment (a fast load never flashes it), then plainly visible.
  await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-testid=screen-loading]')).opacity === '1');
  assert.equal(await loading.innerText(), 'Đang tải…');
  assert.equal(await loading.getAttribute('role'), 'status');
  // The header stays usable meanwhile.
  assert.ok(await page.locator('.app-header').isVisible());
  release();
  await page.getByTestId('reader').waitFor();
  assert.equal(await loading.count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a screen whose code cannot arrive says so, changes nothing, and opens on “Thử lại”', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const { page, errors, ctx } = await openPage(browser);
  await page.route(SPLIT, (route) => route.abort('internetdisconnected'));
  await page.goto(srv.app);
  await ready(page);
  // The stored data's code did not arrive either: nothing is read, so
  // nothing is written over what may be stored, and the user is told.
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /Phần mã của “Dữ liệu đã lưu” chưa tải được về máy: mạng đang mất hoặc chập chờn\. Dữ liệu của bạn không bị ảnh hưởng\..*Trong phiên này ứng dụng không đọc và không ghi dữ liệu đã lưu\./s);
  assert.equal(await page.getByTestId('save-state').innerText(), 'Không ghi vào bộ nhớ');
  await go(page, '#/tong-quan');
  const failed = page.getByTestId('screen-load-failed');
  await failed.waitFor();
  assert.equal(await failed.getAttribute('role'), 'alert');
  const text = await failed.innerText();
  assert.match(text, /^Chưa mở được màn hình này/);
  assert.match(text, /Phần mã của màn hình “Tổng quan” chưa tải được về máy: mạng đang mất hoặc chập chờn\. Dữ liệu của bạn không bị ảnh hưởng\./);
  assert.equal(await page.getByTestId('screen-retry').innerText(), 'Thử lại');
  // The rest of the app still works: the cover is in the first load.
  await page.locator('.main-nav a', { hasText: 'Trang bìa' }).click();
  await page.locator('.cover').waitFor();
  // In English too.
  await go(page, '#/bao-cao');
  await failed.waitFor();
  await page.locator('.lang-switch').click();
  assert.match(await failed.innerText(), /The code of the “Report” screen did not arrive/);
  await page.locator('.lang-switch').click();

  // The line is back: one press loads the screen.
  await page.unroute(SPLIT);
  await page.getByTestId('screen-retry').click();
  await page.getByTestId('report-page').waitFor();
  assert.equal(await failed.count(), 0);
  // Only the refused fetches were reported, by the loader, nothing else.
  const unexpected = errors.filter((e) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(e));
  assert.deepEqual(unexpected, []);
  assert.ok(errors.length > 0);
  await ctx.close();
});

test('after one visit every screen opens with the network off', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.sub);
  await ready(page);
  // The worker keeps every file of the build, each screen's code included.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (registration.active.state !== 'activated') {
      await new Promise((resolve) => registration.active.addEventListener('statechange', resolve));
    }
  });
  await ctx.setOffline(true);
  srv.down(true);
  await page.reload();
  await ready(page);
  for (const [hash, testid] of SCREENS) {
    await go(page, hash);
    await page.getByTestId(testid).first().waitFor();
  }
  assert.deepEqual(errors, []);
  await ctx.close();
});
