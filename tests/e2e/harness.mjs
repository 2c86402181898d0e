// Shared harness for the end-to-end tests: a static server for dist/ (at the
// root and under a sub-path, with no rewrite rules, like any plain host) and
// the system Chromium driven by playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = path.join(root, 'dist');
export const SUB_PATH = '/so-khdt/ke-hoach/';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
};

/**
 * Serves a built folder (dist/ unless `root` is given) at `/` and at SUB_PATH
 * on a free loopback port. `serve(dir)` switches to another build (a new
 * version published); `down(true)` drops every request, like a dead host.
 */
export async function startServer({ root = dist } = {}) {
  let dir = root;
  let isDown = false;
  const server = http.createServer((req, res) => {
    if (isDown) {
      req.socket.destroy();
      return;
    }
    let url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (url.startsWith(SUB_PATH)) url = '/' + url.slice(SUB_PATH.length);
    if (url.endsWith('/')) url += 'index.html';
    const file = path.join(dir, path.normalize(url));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    server, base, app: base + '/', sub: base + SUB_PATH,
    serve: (d) => { dir = d; },
    down: (value) => { isDown = value; },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A page that records console errors, uncaught exceptions and Content
 * Security Policy violations; tests assert `errors` is empty at the end so a
 * broken screen, or one the policy blocks, cannot pass silently.
 */
export async function openPage(browser, { viewport = { width: 1366, height: 768 }, context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport, acceptDownloads: true, locale: 'vi-VN' }));
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.exposeFunction('__cspViolation', (v) => errors.push(`CSP violation: ${v}`));
  await page.addInitScript(() => {
    addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  return { ctx, page, errors };
}

/** Waits until the app has mounted its header. */
export async function ready(page) {
  await page.waitForSelector('.app-header', { timeout: 15000 });
}

/** Clicks the `testid` button and saves the download it starts into `dir`. */
export async function saveDownload(page, testid, dir) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), file };
}

/**
 * What the app keeps in IndexedDB (database `ke-hoach`) for its plan, read
 * in the page: the head (`plans`), the payload as the stored copy holds it
 * (each record parsed, its notes from `notes` put back), the receipts of
 * every unit, and the backups with their texts. `null` while no plan is
 * stored.
 */
export async function stored(page) {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'ke-hoach')) return null;
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('ke-hoach');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = (store) => new Promise((resolve, reject) => {
      const os = db.transaction(store).objectStore(store);
      const keys = os.getAllKeys();
      const values = os.getAll();
      values.onsuccess = () => resolve(keys.result.map((key, i) => [key, values.result[i]]));
      values.onerror = () => reject(values.error);
    });
    try {
      const heads = await all('plans');
      if (!heads.length) return null;
      const parsed = async (store) => (await all(store)).map(([key, text]) => [key[1], JSON.parse(text)]);
      // A record's notes are kept apart from its fields: put them back.
      const records = Object.fromEntries(await parsed('records'));
      for (const [id, notes] of await parsed('notes')) records[id].updates = notes.updates;
      return {
        head: JSON.parse(heads[0][1]),
        payload: {
          customTasks: (await parsed('customTasks')).map(([, v]) => v),
          customUnits: (await parsed('customUnits')).map(([, v]) => v),
          records,
          removals: (await parsed('removals')).map(([, v]) => v),
        },
        receipts: (await parsed('receipts')).flatMap(([, v]) => v.received),
        backups: (await all('backups')).map(([key, text]) => ({ id: key[1], text })),
      };
    } finally {
      db.close();
    }
  });
}

/** Waits until what the app stored passes `test` (polled; `null` until a plan is stored). */
export async function waitStored(page, test, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const s = await stored(page);
    if (s && test(s)) return s;
    if (Date.now() > end) throw new Error(`stored data never passed ${test}: ${JSON.stringify(s)?.slice(0, 400)}`);
    await page.waitForTimeout(100);
  }
}
