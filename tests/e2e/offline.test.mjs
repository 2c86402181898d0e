// Host anywhere, use offline: the page's identity and policy, the service
// worker (opens with the network off, offers a new version and reloads only
// when asked), a planted script doing nothing, and the single-file edition
// opened from file://. Every page also fails on any CSP violation (harness).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launch, openPage, ready, dist } from './harness.mjs';
import { postbuild, sha } from '../../.ci/postbuild.mjs';
import { buildSingleFile } from '../../.ci/single-file.mjs';

let browser, tmp;
before(async () => {
  browser = await launch();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ke-hoach-offline-'));
});
after(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * The smoke tests' "edit": a tracking change that must survive a reload,
 * saved in local storage.
 */
const edit = {
  start: '#/nhiem-vu/pl-1',
  async make(page) {
    await page.getByTestId('my-unit').selectOption('so-khdt');
    await page.getByTestId('progress').fill('35');
    await page.getByTestId('progress').press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=save-state]')?.textContent.startsWith('Đã lưu'));
  },
  async check(page) {
    await page.getByTestId('task-page').waitFor();
    assert.equal(await page.getByTestId('progress').inputValue(), '35');
    assert.equal(await page.getByTestId('my-unit').inputValue(), 'so-khdt');
  },
};

/** The version and precache list that .ci/postbuild.mjs wrote into sw.js. */
function builtPrecache(dir) {
  const build = JSON.parse(fs.readFileSync(path.join(dir, 'sw.js'), 'utf8').match(/^const BUILD = (.*);$/m)[1]);
  const bytes = build.files.reduce((sum, f) => sum + fs.statSync(path.join(dir, f.url)).size, 0);
  return { ...build, bytes };
}

/** Waits for the service worker to be active; returns its cache's bytes. */
async function precached(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (registration.active.state !== 'activated') {
      await new Promise((resolve) => registration.active.addEventListener('statechange', resolve));
    }
    const names = await caches.keys();
    let bytes = 0;
    for (const name of names) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) bytes += (await (await cache.match(request)).arrayBuffer()).byteLength;
    }
    return { names, bytes };
  });
}

test('the page says what it is, links a manifest, and carries a strict policy', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.sub);
  await ready(page);
  const head = await page.evaluate(() => {
    const meta = (selector) => document.querySelector(selector)?.getAttribute('content');
    return {
      lang: document.documentElement.lang,
      title: document.title,
      description: meta('meta[name="description"]'),
      ogTitle: meta('meta[property="og:title"]'),
      ogDescription: meta('meta[property="og:description"]'),
      ogImage: meta('meta[property="og:image"]'),
      ogLocale: meta('meta[property="og:locale"]'),
      icon: document.querySelector('link[rel="icon"]')?.href,
      manifest: document.querySelector('link[rel="manifest"]')?.href,
      policy: meta('meta[http-equiv="Content-Security-Policy"]'),
      integrity: [...document.querySelectorAll('link[rel="stylesheet"], link[rel="modulepreload"], link[rel="preload"], link[rel="icon"]')]
        .map((l) => [l.getAttribute('href'), l.getAttribute('integrity')]),
    };
  });
  assert.equal(head.lang, 'vi');
  assert.equal(head.title, 'Kế hoạch 22/KH-UBND — Theo dõi thực hiện');
  assert.match(head.description, /Kế hoạch số 22\/KH-UBND ngày 01\/02\/2021 của UBND tỉnh Kiên Giang/);
  assert.equal(head.ogTitle, head.title);
  assert.match(head.ogDescription, /Kiên Giang/);
  assert.equal(head.ogLocale, 'vi_VN');
  // Every address in the head is relative: it resolves under the sub-path.
  for (const url of [head.icon, head.manifest]) assert.ok(url.startsWith(srv.sub), url);
  const image = await page.request.get(new URL(head.ogImage, srv.sub).href);
  assert.equal(image.headers()['content-type'], 'image/png');

  // The manifest: name, colours, start address and icons of the sizes named.
  const manifest = await (await page.request.get(head.manifest)).json();
  assert.equal(manifest.name, 'Kế hoạch 22/KH-UBND — Theo dõi thực hiện');
  assert.equal(manifest.lang, 'vi');
  assert.equal(manifest.theme_color, '#8b1a1a');
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.display, 'standalone');
  for (const icon of manifest.icons) {
    const [width, height] = await page.evaluate(async (src) => {
      const bitmap = await createImageBitmap(await (await fetch(src)).blob());
      return [bitmap.width, bitmap.height];
    }, new URL(icon.src, head.manifest).href);
    assert.equal(`${width}x${height}`, icon.sizes, icon.src);
  }
  assert.ok(manifest.icons.some((i) => i.sizes === '512x512' && i.purpose === 'maskable'));

  // The policy: nothing remote, no eval, inline script only by hash.
  const directives = Object.fromEntries(head.policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['script-src'].slice(0, 2), ["'self'", "'wasm-unsafe-eval'"]);
  assert.equal(directives['script-src'].length, 3);
  assert.match(directives['script-src'][2], /^'sha256-[A-Za-z0-9+/]{43}='$/);
  assert.deepEqual(directives['style-src'], ["'self'"]);
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  assert.deepEqual(directives['base-uri'], ["'none'"]);
  assert.doesNotMatch(head.policy, /unsafe-inline|'unsafe-eval'|https?:|\*/);
  // The hash is the one inline script's, so the app started under it.
  const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent));
  assert.equal(inline.length, 1);
  assert.equal(directives['script-src'][2], `'${sha('sha256', inline[0])}'`);
  // Subresource integrity on each of the app's own files Trunk links.
  // Every stylesheet of index.html plus the script, its module preload, the
  // preload of the split loader it imports (.ci/split.mjs) and the wasm.
  const stylesheets = fs.readFileSync('index.html', 'utf8').match(/data-trunk rel="css"/g).length;
  assert.equal(head.integrity.length, stylesheets + 4, JSON.stringify(head.integrity));
  for (const [href, integrity] of head.integrity) assert.match(integrity ?? '', /^sha384-/, href);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('after one visit the app opens, moves and keeps an edit with the network off', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.sub + edit.start);
  await ready(page);
  const cache = await precached(page);
  // The worker holds exactly this build's files: all of dist/ but itself and
  // the link-preview image, byte for byte.
  const build = builtPrecache(dist);
  assert.deepEqual(build.files.map((f) => f.url), fs.readdirSync(dist).filter((f) => f !== 'sw.js' && f !== 'og-image.png').sort());
  assert.deepEqual(cache.names, [`ke-hoach ${srv.sub} ${build.version}`]);
  assert.equal(cache.bytes, build.bytes);
  t.diagnostic(`service worker cache: ${cache.bytes} bytes in ${build.files.length} files`);

  await ctx.setOffline(true);
  srv.down(true);
  await page.reload();
  await ready(page);
  await page.getByTestId('task-page').waitFor();
  await edit.make(page);
  await page.reload();
  await ready(page);
  await edit.check(page);
  // A deep link into the plan, opened and reloaded offline.
  await page.goto(srv.sub + '#/ke-hoach/nv-4-2');
  await page.locator('#nv-4-2').waitFor();
  await page.reload();
  await ready(page);
  assert.match(await page.locator('#nv-4-2').innerText(), /^Xây dựng nông thôn mới/);
  // No notice of a new version while nothing new exists.
  assert.equal(await page.getByTestId('update-banner').count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

/**
 * A copy of dist/ as the next published version: one stylesheet changed
 * (new content, so a new hashed name, as Trunk would give it), then the
 * post-build step run again on the copy, as the build would.
 */
function nextVersion(dir) {
  fs.cpSync(dist, dir, { recursive: true });
  const old = fs.readdirSync(dir).find((f) => /^offline-[0-9a-f]+\.css$/.test(f));
  const css = fs.readFileSync(path.join(dir, old), 'utf8') + '\n.update-banner { letter-spacing: .01em; }\n';
  const renamed = 'offline-0000000000000002.css';
  fs.rmSync(path.join(dir, old));
  fs.writeFileSync(path.join(dir, renamed), css);
  const index = path.join(dir, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(
    new RegExp(`href="\\./${old}" integrity="[^"]+"`),
    `href="./${renamed}" integrity="${sha('sha384', css)}"`,
  ));
  return postbuild(dir).version;
}

test('a new version is offered, and the page reloads only when the user asks', async (t) => {
  const v1 = path.join(tmp, 'v1');
  fs.cpSync(dist, v1, { recursive: true });
  const srv = await startServer({ root: v1 });
  t.after(() => srv.close());
  const { page, errors, ctx } = await openPage(browser);
  await page.goto(srv.sub + '#/nhiem-vu');
  await ready(page);
  await precached(page);
  await page.reload();
  await ready(page);
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));

  // Half-way through typing a date: nothing may take this away.
  const asOf = page.getByTestId('as-of');
  await asOf.fill('15/0');
  await page.evaluate(() => { window.sameDocument = true; });

  const version = nextVersion(path.join(tmp, 'v2'));
  srv.serve(path.join(tmp, 'v2'));
  // What the app does hourly and when its tab comes back into view.
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  const banner = page.getByTestId('update-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Có phiên bản mới\./);
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  assert.equal(await asOf.inputValue(), '15/0');

  // "Later": the notice goes; the waiting version is offered again on the next start.
  await page.getByTestId('update-later').click();
  await banner.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  await page.reload();
  await ready(page);
  await banner.waitFor();

  // "Reload": the new version takes over, the page reloads once, the old cache goes.
  await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
  await ready(page);
  const cache = await precached(page);
  assert.deepEqual(cache.names, [`ke-hoach ${srv.sub} ${version}`]);
  assert.equal(await page.getByTestId('update-banner').count(), 0);
  assert.ok(await page.evaluate(() => document.querySelector('link[href*="offline-0000000000000002.css"]') !== null));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('script planted in the address or the page runs nowhere: the policy blocks it', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const { page, errors, ctx } = await openPage(browser);
  const planted = '<img src="data:," onerror="window.planted=1"><script>window.planted=2</script>';
  await page.goto(srv.app + '#/ke-hoach/' + encodeURIComponent(planted));
  await ready(page);
  await page.goto(srv.app + '#/nhiem-vu?don-vi=' + encodeURIComponent(planted));
  await page.getByTestId('task-count').waitFor();
  assert.equal(await page.evaluate(() => window.planted), undefined);
  assert.deepEqual(errors, []);

  // Should a rendering bug ever put markup into the page, the policy still
  // refuses inline handlers, inline scripts and strings run as code
  // (setTimeout with a string, like eval), and reports each.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.planted=1">');
    const script = document.createElement('script');
    script.textContent = 'window.planted = 2';
    document.body.append(script);
    setTimeout('window.planted = 3');
  });
  await page.waitForFunction(() => document.querySelector('img[src="data:,"]').complete);
  await page.evaluate(() => new Promise(requestAnimationFrame));
  assert.equal(await page.evaluate(() => window.planted), undefined);
  const violations = errors.filter((e) => e.startsWith('CSP violation:'));
  for (const directive of ['script-src-attr', 'script-src-elem', 'script-src']) {
    assert.ok(violations.some((v) => v.startsWith(`CSP violation: ${directive} `)), `${directive}: ${violations}`);
  }
  await ctx.close();
});

test('the single-file edition opens from file:// with no network and keeps an edit', async (t) => {
  const out = path.join(tmp, 'single', 'ke-hoach-22-KH-UBND.html');
  const started = performance.now();
  const { bytes, gzipBytes } = buildSingleFile(dist, out);
  t.diagnostic(`single file: ${bytes} bytes, ${gzipBytes} gzip, built in ${Math.round(performance.now() - started)} ms`);
  const { page, errors, ctx } = await openPage(browser);
  await ctx.setOffline(true);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(out).href;
  await page.goto(url + edit.start);
  await ready(page);
  await edit.make(page);
  await page.reload();
  await ready(page);
  await edit.check(page);
  await page.goto(url + '#/ke-hoach/nv-4-2');
  await page.locator('#nv-4-2').waitFor();
  // Export the data as a file, then import a unit's file with planted markup.
  await page.goto(url + '#/trao-doi');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-all').click()]);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.payload.records['pl-1'].progress.value, 35);
  await page.getByTestId('import-input').setInputFiles(path.resolve('tests/fixtures/exchange/html-in-text.json'));
  await page.getByTestId('merge-preview').waitFor();
  await page.getByTestId('apply-import').click();
  await page.goto(url + '#/nhiem-vu/pl-1');
  await page.getByTestId('updates').waitFor();
  assert.match(await page.getByTestId('updates').innerText(), /<script>alert\(1\)<\/script>/);
  assert.equal(await page.locator('.updates script, .updates img').count(), 0);
  // Self-contained: the page asked for nothing but itself and what it carries.
  const fetched = new Set(requests.filter((r) => !r.startsWith('data:')).map((r) => r.split('#')[0]));
  assert.deepEqual([...fetched], [url]);
  // No service worker from file://.
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker?.getRegistrations?.().catch(() => []))?.length ?? 0), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});
