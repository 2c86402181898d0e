// The single-file edition in Firefox (not part of `node --test`: Playwright
// drives only its own Firefox build, so this speaks WebDriver BiDi to the
// system's firefox-esr directly). Needs `apt-get install firefox-esr`; run:
//   node tests/e2e/firefox-single-file.mjs [dist-single/ke-hoach-22-KH-UBND.html]
// Opens the file from file://, makes the smoke test's change, reloads, checks
// it and local storage survived, opens a deep link; exits 1 on any failure.
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
// playwright-core bundles a WebSocket client; Node 20 has none built in.
const { ws: WebSocket } = require('playwright-core/lib/utilsBundle');
const url = pathToFileURL(path.resolve(process.argv[2] ?? 'dist-single/ke-hoach-22-KH-UBND.html')).href;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-profile-'));
const firefox = spawn('firefox-esr', ['--headless', '--remote-debugging-port', '0', '-no-remote', '-profile', profile, 'about:blank'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
try {
  const address = await new Promise((resolve, reject) => {
    firefox.on('error', reject);
    firefox.stderr.on('data', (d) => { const m = String(d).match(/WebDriver BiDi listening on (ws:\/\/\S+)/); if (m) resolve(m[1]); });
  });
  const socket = new WebSocket(`${address}/session`);
  await new Promise((resolve) => socket.on('open', resolve));
  let id = 0;
  const pending = new Map();
  const logs = [];
  socket.on('message', (data) => {
    const msg = JSON.parse(data);
    if (msg.id) pending.get(msg.id)(msg);
    else if (msg.method === 'log.entryAdded' && msg.params.level === 'error') logs.push(msg.params.text);
  });
  const send = (method, params) => new Promise((resolve) => {
    pending.set(++id, resolve);
    socket.send(JSON.stringify({ id, method, params }));
  });
  await send('session.new', { capabilities: {} });
  await send('session.subscribe', { events: ['log.entryAdded'] });
  const context = (await send('browsingContext.getTree', {})).result.contexts[0].context;
  const value = async (expression) =>
    (await send('script.evaluate', { expression, target: { context }, awaitPromise: true })).result?.result?.value;
  const until = async (expression) => {
    for (let i = 0; i < 150 && (await value(expression)) !== true; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await value(expression), true, expression);
  };
  const open = (hash) => send('browsingContext.navigate', { context, url: url + hash, wait: 'complete' });

  await open('#/nhiem-vu');
  await until("document.querySelector('[data-testid=task-table]') !== null");
  await value("const s = document.querySelector('[data-testid=filter-unit]'); s.value = 'so-khdt'; s.dispatchEvent(new Event('change'))");
  await until("location.hash.includes('don-vi=so-khdt')");
  await value("localStorage.setItem('ke-hoach/firefox-check', 'Đã lưu')");
  await send('browsingContext.reload', { context, wait: 'complete' });
  await until("document.querySelector('[data-testid=filter-unit]')?.value === 'so-khdt'");
  assert.equal(await value("localStorage.getItem('ke-hoach/firefox-check')"), 'Đã lưu');
  await value("localStorage.removeItem('ke-hoach/firefox-check')");
  await open('#/ke-hoach/nv-4-2');
  await until("document.getElementById('nv-4-2') !== null");
  assert.deepEqual(logs, []);
  console.log(`Firefox: the single file started, kept an edit and local storage across a reload (${url})`);
} finally {
  firefox.kill();
  fs.rmSync(profile, { recursive: true, force: true });
}
