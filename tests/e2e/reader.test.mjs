// Reading and finding: deep links on a sub-path, Vietnamese search in the
// header and on its page, the keyboard, the task filters in the address,
// the English switch, accessibility landmarks and the printed plan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, ready } from './harness.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

/** Waits until the element is in the viewport and has focus. */
async function landedOn(page, id) {
  await page.waitForFunction((id) => {
    const el = document.getElementById(id);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return document.activeElement === el && r.top >= 0 && r.top < window.innerHeight;
  }, id);
}

const hash = (page) => decodeURIComponent(new URL(page.url()).hash);

test('deep links to a focus, a group, an item and an annex row open on the sub-path and after reload', async () => {
  const { page, errors, ctx } = await openPage(browser);
  for (const [id, text] of [
    ['tt-3', /./],
    ['nv-4', /Đẩy mạnh cơ cấu lại nền kinh tế/i],
    ['nv-4-2', /^Xây dựng nông thôn mới/],
    ['pl-27', /ngầm hóa hạ tầng mạng viễn thông/],
  ]) {
    await page.goto(srv.sub + '#/ke-hoach/' + id);
    await ready(page);
    await landedOn(page, id);
    assert.match(await page.locator('#' + id).innerText(), text, id);
    await page.reload();
    await ready(page);
    await landedOn(page, id);
    assert.equal(new URL(page.url()).pathname, '/so-khdt/ke-hoach/');
  }
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('search finds Vietnamese with or without diacritics, in NFD, and marks the match', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.sub + '#/bia');
  await ready(page);
  const box = page.getByTestId('search-input');
  const options = page.locator('#tim-goi-y [role=option][data-href]');

  for (const query of ['ngam hoa', 'ngầm hóa', 'nga\u0302\u0300m ho\u0301a', 'NGẦM HOÁ']) {
    await box.fill(query);
    const task27 = options.filter({ has: page.locator('mark', { hasText: 'ngầm hóa' }) })
      .and(page.locator('[data-href="#/nhiem-vu/pl-27"]'));
    await task27.waitFor();
    assert.match(await task27.locator('.result-loc').innerText(), /Nhiệm vụ 27/);
    assert.equal(await options.count(), 2, query);
  }
  assert.equal(await box.getAttribute('aria-expanded'), 'true');

  // `so khdt` (no `&`, no diacritics) finds the rows of Sở KH&ĐT; see all.
  await box.fill('so khdt');
  await page.getByTestId('search-see-all').click();
  await page.getByTestId('search-page').waitFor();
  assert.equal(hash(page), '#/tim?q=so khdt');
  const locations = await page.locator('.search-results .result-loc').allInnerTexts();
  const khdtRows = locations.filter((l) => /^Phụ lục › Nhiệm vụ \d+ \(Sở KH&ĐT\)$/.test(l));
  // As many as the task list shows for that unit.
  const results = page.getByTestId('search-results');
  assert.ok(khdtRows.length >= 5, locations.join(' | '));
  const marks = await results.locator('mark').allInnerTexts();
  assert.ok(marks.includes('Sở KH&ĐT'), marks.join(','));
  // Reload keeps the query and its results; a result leads to its place.
  await page.reload();
  await ready(page);
  await page.getByTestId('search-page').waitFor();
  assert.equal(await page.getByTestId('search-page-input').inputValue(), 'so khdt');
  assert.equal(await page.locator('.search-results .result-loc').count(), locations.length);
  await page.goto(srv.sub + '#/nhiem-vu?don-vi=so-khdt');
  await page.getByTestId('task-table').waitFor();
  assert.equal(await page.locator('.task-table tbody tr').count(), khdtRows.length);

  // Typing on the results page refines the address without a Back step.
  await page.goto(srv.sub + '#/tim?q=ngam%20hoa');
  await page.getByTestId('search-page').waitFor();
  await page.getByTestId('search-page-input').fill('chuyen doi so');
  await page.waitForFunction(() => decodeURIComponent(location.hash) === '#/tim?q=chuyen doi so');
  assert.match(await page.getByTestId('search-count').innerText(), /^\d+ kết quả cho “chuyen doi so”/);
  const first = page.locator('.search-results a').first();
  const href = await first.getAttribute('href');
  await first.click();
  await page.waitForFunction((h) => location.hash === h, href);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('keyboard: / focuses search, arrows move, Enter opens the place, Esc closes then clears', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.sub + '#/nhiem-vu');
  await ready(page);
  await page.getByTestId('task-table').waitFor();
  // `/` typed in another field is text, not a shortcut.
  const asOf = page.getByTestId('as-of');
  await asOf.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('/');
  assert.ok((await asOf.inputValue()).endsWith('/'));
  await page.locator('h1').click();
  await page.keyboard.press('/');
  const box = page.getByTestId('search-input');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tim-o');
  assert.equal(await box.inputValue(), '', 'the slash is not typed');

  await page.keyboard.type('moi xa co it nhat 01 san pham');
  await page.locator('#tim-goi-y-0').waitFor();
  await page.keyboard.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), 'tim-goi-y-0');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal(await box.getAttribute('aria-activedescendant'), 'tim-goi-y-0');
  assert.equal(await page.locator('#tim-goi-y-0').getAttribute('aria-selected'), 'true');
  // ArrowUp from the first option wraps to "see all".
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.getByTestId('search-see-all').getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#tim-goi-y-0').getAttribute('data-href'), '#/ke-hoach/nv-4-2');
  await page.keyboard.press('Enter');
  await landedOn(page, 'nv-4-2');
  assert.equal(hash(page), '#/ke-hoach/nv-4-2');

  // Back in the box: Esc closes the list, a second Esc clears the text.
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tim-o');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Escape');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('.search-popup').isVisible(), false);
  assert.equal(await box.inputValue(), 'moi xa co it nhat 01 san pham');
  await page.keyboard.press('Escape');
  assert.equal(await box.inputValue(), '');
  // Enter without choosing an option opens the results page.
  await page.keyboard.type('ngam hoa');
  await page.keyboard.press('Enter');
  await page.getByTestId('search-page').waitFor();
  assert.equal(hash(page), '#/tim?q=ngam hoa');
  assert.equal(await page.locator('.search-results li').count(), 2);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('filters by unit, period and status combine, show in the address and survive reload', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.sub + '#/nhiem-vu');
  await ready(page);
  const rows = page.locator('.task-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 36);
  // Every month offered has a deadline in it; all four quarters are offered.
  const periods = await page.locator('[data-testid=filter-period] option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(periods.slice(0, 5), ['', 'q1', 'q2', 'q3', 'q4']);
  assert.ok(periods.includes('t01') && periods.includes('t03') && periods.includes('t12'), periods.join());

  await page.getByTestId('filter-unit').selectOption('so-khdt');
  await page.waitForFunction(() => location.hash === '#/nhiem-vu?don-vi=so-khdt');
  const byUnit = await rows.count();
  await page.getByTestId('filter-period').selectOption('q1');
  await page.waitForFunction(() => location.hash === '#/nhiem-vu?don-vi=so-khdt&han=q1');
  const both = await rows.count();
  assert.ok(both > 0 && both < byUnit, `${both} of ${byUnit}`);
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[2], 'Sở KH&ĐT');
    assert.match(cells[3], /\/0[1-3]\/2021$/);
  }
  assert.match(await page.getByTestId('task-count').innerText(), new RegExp(`^${both} / 36`));

  await page.reload();
  await ready(page);
  await rows.first().waitFor();
  assert.equal(await rows.count(), both);
  assert.equal(await page.getByTestId('filter-unit').inputValue(), 'so-khdt');
  assert.equal(await page.getByTestId('filter-period').inputValue(), 'q1');

  // Status as of 20/03/2021: tasks due 31/03 are due soon, those of January overdue.
  await page.getByTestId('as-of').fill('20/03/2021');
  await page.getByTestId('as-of').press('Enter');
  await page.getByTestId('filter-timing').selectOption('sap-den-han');
  await page.waitForFunction(() => location.hash === '#/nhiem-vu?don-vi=so-khdt&han=q1&tinh-trang=sap-den-han');
  const dueSoon = await rows.count();
  assert.ok(dueSoon > 0);
  for (const badge of await page.locator('.task-table .badge').allInnerTexts()) assert.equal(badge, 'Sắp đến hạn');
  assert.equal(await page.locator('.task-table .badge.t-due-soon').count(), dueSoon);

  // A combination that matches nothing offers to clear the filters.
  await page.goto(srv.sub + '#/nhiem-vu?don-vi=so-khdt&han=t05');
  await page.getByTestId('tasks-empty').waitFor();
  assert.equal(await page.getByTestId('filter-period').inputValue(), 't05');
  await page.getByTestId('tasks-empty').getByRole('button').click();
  await page.waitForFunction(() => location.hash === '#/nhiem-vu');
  assert.equal(await rows.count(), 36);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the English switch changes interface strings, keeps the plan Vietnamese and survives reload', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.sub + '#/nhiem-vu');
  await ready(page);
  await page.getByTestId('lang').click();
  await page.getByRole('heading', { level: 1, name: 'Tasks given to departments' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.getByTestId('search-input').getAttribute('placeholder'), 'Search the plan…');
  assert.match(await page.getByTestId('filter-timing').locator('option').nth(1).innerText(), /^Done on time \(\d+\)$/);
  await page.reload();
  await ready(page);
  await page.getByRole('heading', { level: 1, name: 'Tasks given to departments' }).waitFor();
  // Search locations follow the interface; the plan text does not.
  await page.getByTestId('search-input').fill('ngam hoa');
  const loc = page.locator('[data-href="#/nhiem-vu/pl-27"] .result-loc');
  assert.equal(await loc.innerText(), 'Annex › Task 27 (Sở TT&TT)');
  assert.match(await page.locator('[data-href="#/nhiem-vu/pl-27"] .result-snippet').innerText(), /ngầm hóa/);
  await page.goto(srv.sub + '#/ke-hoach');
  await page.getByRole('link', { name: 'Annex: list of tasks' }).waitFor();
  assert.match(await page.locator('#nv-4-2').innerText(), /^Xây dựng nông thôn mới/);
  await page.getByTestId('lang').click();
  await page.getByRole('link', { name: 'Phụ lục: danh mục nhiệm vụ' }).waitFor();
  await page.reload();
  await ready(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('every screen has landmarks, one h1, ordered headings and a working skip link', async () => {
  const { page, errors, ctx } = await openPage(browser);
  for (const route of ['#/bia', '#/ke-hoach', '#/nhiem-vu', '#/tim?q=ngam%20hoa']) {
    await page.goto(srv.sub + route);
    await ready(page);
    await page.locator('main h1').waitFor();
    assert.equal(await page.locator('h1').count(), 1, route);
    for (const landmark of ['banner', 'main', 'contentinfo', 'search']) {
      assert.ok(await page.getByRole(landmark).count() >= 1, `${route} lacks ${landmark}`);
    }
    const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    levels.reduce((prev, level) => {
      assert.ok(level <= prev + 1, `${route}: h${prev} then h${level}`);
      return level;
    }, 1);
  }
  // The first Tab reaches the skip link; it moves focus into main without
  // changing the address.
  await page.goto(srv.sub + '#/nhiem-vu');
  await ready(page);
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link no-print');
  assert.ok(await skip.isVisible());
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'noi-dung');
  assert.equal(hash(page), '#/nhiem-vu');
  // Focus is visible on controls reached by keyboard.
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('printing the reader leaves the plan alone on A4 pages', async () => {
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.sub + '#/ke-hoach/nv-4-2');
  await ready(page);
  await page.locator('#nv-4-2').waitFor();
  await page.emulateMedia({ media: 'print' });
  for (const chrome of ['.app-header', '.search-box', '.reader-contents', '.app-footer', '.skip-link']) {
    assert.equal(await page.locator(chrome).first().isVisible(), false, chrome);
  }
  assert.equal(await page.locator('.annex-table thead').evaluate((t) => getComputedStyle(t).display), 'table-header-group');
  const pdf = await page.pdf({ format: 'A4' });
  // An A4 page is 595×842 points; the plan takes several pages.
  const text = pdf.toString('latin1');
  assert.match(text, /\/MediaBox \[0 0 59[56][.\d]* 84[12][.\d]*\]/);
  assert.ok((text.match(/\/Type \/Page\b/g) ?? []).length >= 8);
  assert.deepEqual(errors, []);
  await ctx.close();
});
