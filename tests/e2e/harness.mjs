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
