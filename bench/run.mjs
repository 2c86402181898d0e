// The benchmark: the release app in headless Chromium, each figure taken in
// the same run and page as its baseline, for plans of 100 to 50,000 tasks.
// Run it with `bash .ci/dev bench` (which builds dist/, the minimal Leptos
// page and the generator first); options:
//   --sizes=100,1000      plan sizes (default 100,1000,10000,50000)
//   --quick               fewer repetitions, for trying the harness
//   --only=import,save    only these figures (transfer, startup, search,
//                         filter, import, save, quota): prints a short summary
//                         instead of the table, for checking one change
//   --sizes=              no plan sizes: only the seed's figures
//   --dist=DIR            serve another build of the app in place of dist/
//                         (a variant being measured, e.g. a split build)
// Prints the table and writes bench-results/results.json and table.md.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench-results');
fs.mkdirSync(out, { recursive: true });
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const SIZES = (args.sizes ?? '100,1000,10000,50000').split(',').filter(Boolean).map(Number);
const DIST = path.resolve(args.dist ?? path.join(root, 'dist'));
const QUICK = 'quick' in args;
const ONLY = args.only ? new Set(args.only.split(',')) : null;
const want = (figure) => !ONLY || ONLY.has(figure);
const KEY = 'ke-hoach/tracking';
const SETTINGS = 'ke-hoach/settings';
/** The first synthetic unit (see src/model/synthetic.rs): the user's unit. */
const MY_UNIT = 'u-so-khdt-1609434000000';
const pageScript = fs.readFileSync(path.join(root, 'bench/page.js'), 'utf8');

// ---------- synthetic plans ----------
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const generator = path.join(targetDir, 'release/examples/synthetic');

/** The synthetic plan of `tasks` tasks as a file (pretty, as exported) or as stored (compact). */
function planFile(tasks, compact) {
  const file = path.join(out, `plan-${tasks}${compact ? '-stored' : ''}.json`);
  if (!fs.existsSync(file)) {
    const text = execFileSync(generator, [String(tasks), '1', ...(compact ? ['--compact'] : [])], {
      maxBuffer: 1 << 30,
    });
    fs.writeFileSync(file, text);
  }
  return file;
}

// ---------- static server: dist/ at /, the minimal page at /minimal/, plans at /data/ ----------
const roots = { '/minimal/': path.join(root, 'bench/minimal/dist'), '/data/': out, '/': DIST };
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.png': 'image/png',
};
/** Files served, by URL path, to count what each page loads. */
const served = new Map();
const server = http.createServer((req, res) => {
  let url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (url === '/blank.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><title>blank</title>');
    return;
  }
  if (url.endsWith('/')) url += 'index.html';
  const prefix = Object.keys(roots).find((p) => url.startsWith(p));
  const dir = roots[prefix];
  const file = path.join(dir, path.normalize(url.slice(prefix.length)));
  if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404);
    res.end();
    return;
  }
  served.set(url, file);
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'],
});

// ---------- helpers ----------
const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
const log = (...a) => console.error('·', ...a);

const CONTEXT = { viewport: { width: 1366, height: 768 }, locale: 'vi-VN' };

/**
 * A page with the bench script: in a fresh context, or in `within` (a
 * context whose IndexedDB holds a plan) with the browser's cache cleared so
 * that the files load as on a first visit; `storage` seeds local storage first.
 */
async function openPage({ ready, shimUrl, storage, within } = {}) {
  const ctx = within ?? (await browser.newContext(CONTEXT));
  const page = await ctx.newPage();
  if (within) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
  }
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  if (storage) {
    await page.goto(base + '/blank.html');
    await page.evaluate(async ({ entries }) => {
      localStorage.clear();
      for (const [key, value] of entries) {
        localStorage.setItem(key, value.startsWith('/data/') ? await (await fetch(value)).text() : value);
      }
    }, { entries: Object.entries(storage) });
  }
  await page.addInitScript({ content: `(${pageScript})(${JSON.stringify({ ready, shimUrl, key: KEY })})` });
  // Closing a page opened in a kept context leaves the context (and its plan).
  return { ctx: within ? page : ctx, page, errors };
}

/** Loads `url` and returns the start-up figure (ms from navigation to the painted start page). */
async function startUp(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.painted !== null, null, { timeout: 600_000 });
  return page.evaluate(() => window.__bench.painted - window.__bench.shimFetchMs);
}

/** JS heap (after a full collection) and wasm memory, in bytes. */
async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__bench.wasm?.memory?.buffer.byteLength ?? 0);
  await cdp.detach();
  return { js: usedSize, wasm };
}

// ---------- 1. transfer size ----------
function compressed(files) {
  const sum = { raw: 0, gzip: 0, brotli: 0, files: [] };
  for (const [url, file] of files) {
    const bytes = fs.readFileSync(file);
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    const brotli = zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length;
    sum.raw += bytes.length;
    sum.gzip += gzip;
    sum.brotli += brotli;
    sum.files.push({ url, raw: bytes.length, gzip, brotli });
  }
  return sum;
}

/**
 * What a page loads: `start`, the page and the files it requested before its
 * start page was painted (what a user waits for), and `all`, with everything
 * served until a second later (the service worker's precache, icons, the
 * manifest).
 */
async function transfer(prefix, ready) {
  served.clear();
  const { ctx, page } = await openPage({ ready });
  await startUp(page, base + prefix);
  // Resource timing holds the page's own requests, not the service worker's.
  const early = new Set(await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.startTime <= window.__bench.painted)
    .map((e) => new URL(e.name).pathname)));
  early.add(`${prefix}index.html`);
  await page.waitForTimeout(1000); // icons, manifest, the service worker's precache
  await ctx.close();
  const ours = [...served].filter(([url]) => url.startsWith(prefix) && !url.startsWith('/data/'));
  return { ...compressed(ours), start: compressed(ours.filter(([url]) => early.has(url))) };
}

// ---------- 2. start-up and memory ----------
const APP_READY = { seed: '[data-testid=cover]', plan: '[data-testid=my-unit-page] .task-card' };
const MINIMAL_READY = '[data-testid=ready]';
/** Whether a stored plan fits the quota (decided once per size by trying). */
const fits = new Map();

async function storedPlanFits(tasks) {
  if (!fits.has(tasks)) {
    const { ctx, page } = await openPage();
    await page.goto(base + '/blank.html');
    const ok = await page.evaluate(async ({ url, key }) => {
      const text = await (await fetch(url)).text();
      try {
        localStorage.setItem(key, text);
        return true;
      } catch {
        return false;
      }
    }, { url: `/data/${path.basename(planFile(tasks, true))}`, key: KEY });
    await ctx.close();
    fits.set(tasks, ok);
  }
  return fits.get(tasks);
}

const PLAN_SETTINGS = JSON.stringify({ lang: 'vi', my_unit: MY_UNIT, due_soon_days: 14 });

/** Contexts whose IndexedDB holds a plan the app stored itself, by size (null: it does not store there). */
const idbPlans = new Map();

/**
 * A context holding the plan of `tasks` tasks as the app keeps it in
 * IndexedDB: imported through the exchange screen, applied and saved by the
 * app itself, so that the bench writes nothing of the app's layout. Service
 * workers are blocked so that every opening loads the files anew. `null`
 * when the app did not store the plan in IndexedDB (a build that keeps its
 * data in local storage).
 */
async function idbPlanContext(tasks) {
  if (!idbPlans.has(tasks)) {
    const ctx = await browser.newContext({ ...CONTEXT, serviceWorkers: 'block' });
    const page = await ctx.newPage();
    await page.goto(base + '/blank.html');
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [SETTINGS, PLAN_SETTINGS]);
    await page.addInitScript({ content: `(${pageScript})(${JSON.stringify({ key: KEY })})` });
    await page.goto(base + '/');
    await page.waitForSelector('[data-testid=cover], [data-testid=my-unit-page]', { timeout: 120_000 });
    const staged = await stageImport(page, planFile(tasks, false)).catch((e) => ({ unavailable: String(e) }));
    if (!staged.unavailable) await applyImport(page);
    // The save follows the edit after a short delay; `pagehide` flushes it.
    await page.evaluate(async () => {
      dispatchEvent(new Event('pagehide'));
      await window.__bench.idbIdle?.();
    });
    const records = await page.evaluate(async () => {
      if (!(await indexedDB.databases()).some((d) => d.name === 'ke-hoach')) return 0;
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('ke-hoach');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      if (!db.objectStoreNames.contains('records')) return 0;
      const count = await new Promise((resolve) => {
        const request = db.transaction('records').objectStore('records').count();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(0);
      });
      db.close();
      return count;
    });
    await page.close();
    log(`plan of ${tasks} tasks: ${records ? `${records} records in IndexedDB` : 'not stored in IndexedDB; stand-in'}`);
    if (!records) await ctx.close();
    idbPlans.set(tasks, records ? ctx : null);
  }
  return idbPlans.get(tasks);
}

/**
 * How the app's start page with a plan of `tasks` is opened: from
 * IndexedDB as the app stored it, when the build keeps its data there; else
 * local storage when the plan fits; else the stand-in.
 */
async function planPage(tasks) {
  const stored = `/data/${path.basename(planFile(tasks, true))}`;
  const within = await idbPlanContext(tasks);
  if (within) {
    return openPage({ ready: APP_READY.plan, within }).then((p) => ({ ...p, real: true, storedIn: 'IndexedDB' }));
  }
  if (await storedPlanFits(tasks)) {
    return openPage({ ready: APP_READY.plan, storage: { [KEY]: stored, [SETTINGS]: PLAN_SETTINGS } })
      .then((p) => ({ ...p, real: true, storedIn: 'local storage' }));
  }
  return openPage({ ready: APP_READY.plan, storage: { [SETTINGS]: PLAN_SETTINGS }, shimUrl: stored })
    .then((p) => ({ ...p, real: false, storedIn: 'over quota: stand-in' }));
}

/** Start-up of the app (seed or a plan) and of the minimal page, interleaved; medians. */
async function startUpPair(tasks, runs) {
  const app = [];
  const repeat = [];
  const minimal = [];
  let mem = null;
  let real = true;
  let storedIn = null;
  for (let i = 0; i < runs; i++) {
    const m = await openPage({ ready: MINIMAL_READY });
    minimal.push(await startUp(m.page, base + '/minimal/'));
    await m.ctx.close();
    const a = tasks === 0 ? await openPage({ ready: APP_READY.seed }) : await planPage(tasks);
    real = a.real ?? true;
    storedIn = a.storedIn ?? null;
    app.push(await startUp(a.page, base + '/'));
    // A returning user: the service worker has the files and the browser
    // its compiled code (the stored plan is the same). Not where workers
    // are blocked (a plan kept in IndexedDB).
    const ready = storedIn !== 'IndexedDB' && await a.page.evaluate(() => Promise.race([
      navigator.serviceWorker?.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000)),
    ]));
    if (ready) repeat.push(await startUp(a.page, base + '/'));
    if (i === runs - 1) {
      // Memory once everything is read, notes included.
      await loaded(a.page);
      await a.page.waitForTimeout(500);
      mem = await memory(a.page);
      if (a.errors.length) log('page errors:', a.errors.slice(0, 3));
    }
    await a.ctx.close();
  }
  return { app: median(app), repeat: repeat.length ? median(repeat) : null, minimal: median(minimal), runs, real, storedIn, memory: mem };
}

// ---------- 2b. a start-up split into its parts, from a Chromium trace ----------
const TRACE_CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'v8', 'v8.wasm',
  'disabled-by-default-v8.cpu_profiler', 'fonts',
];
/**
 * Where the time of Rust's `main` goes, from the sampling profiler: the
 * outermost of these on a sample's stack names it. Function names are there
 * only when the wasm keeps its name section (`wasm-opt -g`, see BENCHMARKS.md);
 * without them every sample of the wasm counts as "other Rust".
 */
// A crate's name may carry its hash (`ke_hoach[23de2e1e]::`) when the
// standard library is built from source (.ci/dev's release build).
const MAIN_PARTS = [
  ['seed parse', /ke_hoach(?:\[\w+\])?::(?:seed|parse)::/],
  ['stored data (persistence start)', /ke_hoach(?:\[\w+\])?::persistence::/],
  ['app state', /ke_hoach(?:\[\w+\])?::state::AppState(?:>)?::new/],
  ['views: build and mount', /(?:tachys|reactive_graph|leptos)(?:\[\w+\])?::|ke_hoach(?:\[\w+\])?::ui::/],
];

/** Cold loads of `url` under a trace; per part the median of `runs` (ms). */
async function startUpTrace(url, ready, runs) {
  const parts = [];
  for (let i = 0; i < runs; i++) {
    const { ctx, page } = await openPage({ ready });
    const cdp = await ctx.newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: TRACE_CATEGORIES } });
    await startUp(page, url);
    await cdp.send('Tracing.end');
    await complete;
    await ctx.close();
    parts.push(traceParts(events));
  }
  const names = [...new Set(parts.flatMap((p) => Object.keys(p)))];
  return Object.fromEntries(names.map((n) => [n, median(parts.map((p) => p[n] ?? 0))]));
}

/**
 * The parts of one traced start-up, in ms: wall-clock moments from the
 * navigation's start, and CPU (thread) time, which holds when the machine is
 * busy and the wall clock does not.
 */
function traceParts(events) {
  const user = (name) => events.find((e) => e.cat.includes('blink.user_timing') && e.name === name);
  const navEvent = user('navigationStart');
  const [instantiated, started, painted] = ['bench:instantiated', 'bench:started', 'bench:painted'].map((n) => user(n)?.ts);
  if (!navEvent || instantiated == null || started == null || painted == null) return {};
  const nav = navEvent.ts;
  const ms = (us) => us / 1000;
  const wasm = (e) => /\.wasm$/.test(e.args?.data?.url ?? '');
  const requestId = events.find((e) => e.name === 'ResourceSendRequest' && wasm(e))?.args.data.requestId;
  const finish = events.find((e) => e.name === 'ResourceFinish' && e.args?.data?.requestId === requestId);
  const wasmEnd = finish?.args.data.finishTime ? finish.args.data.finishTime * 1e6 : finish?.ts;

  // The page's threads: its main thread, and the others but the service
  // worker's (streaming and background compilation, networking). Each
  // thread's outermost events are summed; a task across a bound counts by
  // the share of it inside.
  const threadName = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [e.tid, e.args.name]));
  const main = (tid) => tid === navEvent.tid;
  const others = (tid) => !main(tid) && !/ServiceWorker/.test(threadName.get(tid) ?? '');
  const page = events.filter((e) => e.ph === 'X' && e.pid === navEvent.pid && e.tdur != null).sort((x, y) => x.ts - y.ts);
  const outermost = new Map();
  for (const e of page) {
    const list = outermost.get(e.tid) ?? [];
    const last = list[list.length - 1];
    if (!last || e.ts >= last.ts + last.dur) list.push(e);
    outermost.set(e.tid, list);
  }
  const cpu = (from, to, thread) => {
    let sum = 0;
    for (const [tid, list] of outermost) {
      if (!thread(tid)) continue;
      for (const e of list) {
        const inside = Math.min(to, e.ts + e.dur) - Math.max(from, e.ts);
        if (inside > 0) sum += e.tdur * (e.dur ? inside / e.dur : 1);
      }
    }
    return ms(sum);
  };
  /** CPU time of the outermost events that pass `test` inside [from, to) (nested ones are in it). */
  const cpuOf = (from, to, test) => {
    let sum = 0;
    let end = -Infinity;
    for (const e of page) {
      if (e.ts < from || e.ts >= to || !test(e) || e.ts < end) continue;
      sum += e.tdur;
      end = e.ts + e.dur;
    }
    return ms(sum);
  };

  const out = {
    'wall: wasm downloaded (from navigation)': wasmEnd ? ms(wasmEnd - nav) : null,
    'wall: compiled and instantiated (from navigation)': ms(instantiated - nav),
    'wall: main, Rust start-up and first render': ms(started - instantiated),
    'wall: style, layout, paint until painted': ms(painted - started),
    'wall: painted (from navigation)': ms(painted - nav),
    'CPU: main thread until the wasm is instantiated (page, styles, glue, compilation)': cpu(nav, instantiated, main),
    'CPU: main thread in main': cpu(instantiated, started, main),
    '· lazy compilation of the functions main calls': cpuOf(instantiated, started, (e) => e.name === 'wasm.CompileLazy' && main(e.tid)),
  };
  // The sampling profiler splits main's CPU time between its parts.
  const inMain = sampledStacks(events).filter((s) => s.ts >= instantiated && s.ts < started);
  if (inMain.length) {
    const share = out['CPU: main thread in main'] / inMain.length;
    for (const [label] of MAIN_PARTS) out[`· ${label}`] = 0;
    out['· other Rust and JS glue'] = 0;
    for (const s of inMain) {
      const part = MAIN_PARTS.find(([, re]) => s.stack.some((f) => re.test(f)))?.[0] ?? 'other Rust and JS glue';
      out[`· ${part}`] += share;
    }
  }
  Object.assign(out, {
    'CPU: main thread from main to painted (style, layout, paint)': cpu(started, painted, main),
    '· layout': cpuOf(started, painted, (e) => e.name === 'Layout' && main(e.tid)),
    '· font lookups': cpuOf(started, painted, (e) => e.cat === 'fonts' && main(e.tid)),
    'CPU: other threads of the page (background compilation, network)': cpu(nav, painted, others),
    'CPU: all of the page until painted': cpu(nav, painted, (tid) => main(tid) || others(tid)),
  });
  return out;
}

/** The CPU profile of a trace as samples, each with its time and stack of function names (outermost first). */
function sampledStacks(events) {
  const nodes = new Map();
  const samples = [];
  let time = null;
  for (const e of events) {
    if (e.name === 'Profile') time = e.args.data.startTime;
    if (e.name !== 'ProfileChunk') continue;
    const { cpuProfile, timeDeltas } = e.args.data;
    for (const n of cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    (cpuProfile?.samples ?? []).forEach((id, i) => {
      time += timeDeltas[i];
      samples.push({ id, ts: time });
    });
  }
  const stack = (id) => {
    const names = [];
    for (let n = nodes.get(id); n; n = nodes.get(n.parent)) names.unshift(n.callFrame.functionName);
    return names;
  };
  return samples.map((s) => ({ ts: s.ts, stack: stack(s.id) }));
}

// ---------- 3. search ----------
const QUERIES = [
  'thuy loi', 'nong thon moi', 'chuyen doi so', 'đê biển', 'mong tho', 'ngam hoa', 'kế hoạch', 'giai ngan von',
  'xam nhap man', 'dao tao nghe', 'tram y te', 'du lich bien', 'cap nuoc sach', 'lua chat luong cao', 'sat lo',
  'rung phong ho', 'cho dau moi', 'thu tuc hanh chinh', 'doanh nghiep nho', 'covid', 'quy hoach su dung dat',
  'co so du lieu', 'giao thong nong thon', 'nghiem thu', 'quyet toan', 'tham dinh', 'giuc tuong', 'nam du',
  'vĩnh hòa hiệp', 'dương đông', 'thổ sơn', 'mỹ đức', 'đông thái', 'binh an', 'thanh loc', 'ban qlda',
  'phong tn&mt', 'so kh&dt', 'nghị quyết 01', 'trieu cuong', 'mat bang', 'von doi ung', 'vat lieu xay dung',
  'dich benh', 'khao sat hien trang', 'lay y kien', 'du thao', 'ubnd huyen', 'ket qua thuc hien', 'ben vung',
];

/** Keystroke → results painted in the header's box, and the plain JS scan, p50 and p95 over the queries. */
async function search(page, tasks) {
  const queries = QUICK ? QUERIES.slice(0, 12) : QUERIES;
  const plan = tasks ? `/data/${path.basename(planFile(tasks, true))}` : null;
  return page.evaluate(async ({ queries, plan }) => {
    const B = window.__bench;
    const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
    // The baseline's documents: the texts the app indexes (plan, task titles, notes), folded beforehand.
    const texts = [...document.querySelectorAll('main *')].map((e) => e.textContent);
    if (plan) {
      const data = JSON.parse(await (await fetch(plan)).text());
      for (const t of data.payload.customTasks) texts.push(t.title);
      for (const r of Object.values(data.payload.records)) for (const u of r.updates) texts.push(u.text);
    }
    const docs = texts.map(fold);
    const list = document.createElement('ol');
    list.style.cssText = 'position:fixed;right:0;bottom:0;width:300px;background:#fff;margin:0';
    document.body.append(list);
    const scan = (query) => {
      const words = fold(query).split(/\s+/).filter(Boolean);
      const hits = [];
      for (let i = 0; i < docs.length; i++) if (words.every((w) => docs[i].includes(w))) hits.push(i);
      list.replaceChildren(...hits.slice(0, 8).map((i) => Object.assign(document.createElement('li'), { textContent: texts[i].slice(0, 120) })));
    };
    const input = document.querySelector('[data-testid=search-input]');
    input.focus();
    await B.nextPaint();
    const type = (value) => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const app = [];
    const js = [];
    for (const q of queries) {
      type(q.slice(0, -1));
      await B.nextPaint();
      app.push(await B.time(() => type(q)));
      js.push(await B.time(() => scan(q)));
    }
    type('');
    list.remove();
    return { app, js, docs: docs.length };
  }, { queries, plan });
}

// ---------- 4. filter ----------
/**
 * Filter change → task list painted; the baseline filters the same tasks as
 * plain objects and renders the rows a screen shows.
 */
async function filter(page, tasks) {
  const plan = tasks ? `/data/${path.basename(planFile(tasks, true))}` : null;
  await page.evaluate(() => (location.hash = '#/nhiem-vu'));
  await page.waitForSelector('[data-testid=task-table]', { timeout: 120_000 });
  return page.evaluate(async ({ changes, plan }) => {
    const B = window.__bench;
    const select = (id) => document.querySelector(`[data-testid=${id}]`);
    const options = (id) => [...select(id).options].map((o) => o.value).filter(Boolean);
    const steps = [];
    for (const u of options('filter-unit').slice(0, 8)) steps.push(['filter-unit', u], ['filter-unit', '']);
    for (const p of options('filter-period').slice(0, 6)) steps.push(['filter-period', p]);
    steps.push(['filter-period', '']);
    for (const t of options('filter-timing').slice(0, 4)) steps.push(['filter-timing', t]);
    steps.push(['filter-timing', '']);
    const rows = [...document.querySelectorAll('.task-table tbody tr')].map((tr) => ({
      title: tr.cells[1]?.textContent, unit: tr.cells[2]?.textContent, month: 0, timing: '',
    })).slice(0, 36);
    if (plan) {
      const data = JSON.parse(await (await fetch(plan)).text());
      for (const t of data.payload.customTasks) {
        rows.push({ title: t.title, unit: t.leadUnit, month: Number(t.deadline?.due.slice(5, 7)), timing: data.payload.records[t.id]?.status?.value });
      }
    }
    const inPeriod = (key, month) => (key[0] === 'q' ? Math.ceil(month / 3) === Number(key.slice(1)) : month === Number(key.slice(1)));
    const visible = Math.ceil(innerHeight / 32);
    const table = document.createElement('table');
    table.style.cssText = 'position:fixed;right:0;bottom:0;width:300px;background:#fff';
    document.body.append(table);
    const app = [];
    const js = [];
    const filters = {};
    for (const [id, value] of steps.slice(0, changes)) {
      app.push(await B.time(() => {
        const s = select(id);
        s.value = value;
        s.dispatchEvent(new Event('change', { bubbles: true }));
      }));
      filters[id] = value;
      js.push(await B.time(() => {
        const { 'filter-unit': u, 'filter-period': p, 'filter-timing': t } = filters;
        const hits = rows.filter((r) => (!u || r.unit === u) && (!p || inPeriod(p, r.month)) && (!t || r.timing === t));
        table.replaceChildren(...hits.slice(0, visible).map((r) => {
          const tr = document.createElement('tr');
          for (const v of [r.title, r.unit, r.month, r.timing]) tr.append(Object.assign(document.createElement('td'), { textContent: v }));
          return tr;
        }));
      }));
    }
    table.remove();
    const rendered = document.querySelectorAll('.task-table tbody tr').length;
    return { app, js, changes: app.length, rendered };
  }, { changes: QUICK ? 8 : 40, plan });
}

// ---------- 5. import (through the exchange screen, when it exists) ----------
/** Picks `file` on the exchange screen; ms from the input's `change` to the merge preview painted. */
async function stageImport(page, file) {
  await page.evaluate(() => (location.hash = '#/trao-doi'));
  const input = await page.waitForSelector('[data-testid=import-input]', { timeout: 5000 }).catch(() => null);
  if (!input) return { unavailable: 'no import screen (#/trao-doi) in this build' };
  await page.evaluate(() => {
    const B = window.__bench;
    B.importStart = null;
    B.previewPainted = null;
    document.addEventListener('change', (e) => {
      if (e.target.matches?.('[data-testid=import-input]')) B.importStart = performance.now();
    }, { capture: true, once: true });
    const seen = new MutationObserver(() => {
      if (document.querySelector('[data-testid=merge-preview]')) {
        seen.disconnect();
        B.nextPaint().then(() => (B.previewPainted = performance.now()));
      }
    });
    seen.observe(document.body, { childList: true, subtree: true });
  });
  await input.setInputFiles(file);
  await page.waitForFunction(() => window.__bench.previewPainted !== null, null, { timeout: 900_000 });
  return { preview: await page.evaluate(() => window.__bench.previewPainted - window.__bench.importStart) };
}

/** Applies the staged import; ms until the preview is gone and a frame painted (`null`: no apply button). */
async function applyImport(page) {
  const confirm = await page.$('[data-testid=confirm-checksum]');
  if (confirm) await confirm.check();
  return page.evaluate(async () => {
    const B = window.__bench;
    const button = document.querySelector('[data-testid=apply-import]');
    if (!button) return null;
    const t0 = performance.now();
    button.click();
    while (document.querySelector('[data-testid=merge-preview]') && performance.now() - t0 < 600_000) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await B.nextPaint();
    return performance.now() - t0;
  });
}

async function importPlan(page, tasks) {
  const file = planFile(tasks, false);
  const staged = await stageImport(page, file);
  if (staged.unavailable) return staged;
  const { preview } = staged;
  const apply = await applyImport(page);
  // Baseline: what a page in plain JavaScript does with the same file:
  // read it, JSON.parse it, paint.
  const baseline = await page.evaluate(async (url) => {
    const B = window.__bench;
    const file = new File([await (await fetch(url)).blob()], 'plan.json', { type: 'application/json' });
    const times = [];
    for (let i = 0; i < 3; i++) {
      times.push(await B.time(async () => {
        const data = JSON.parse(await file.text());
        document.title = String(Object.keys(data.payload ?? {}).length);
      }));
    }
    return times;
  }, `/data/${path.basename(file)}`);
  const parse = median(baseline);
  return { preview, apply, parse, bytes: fs.statSync(file).size };
}

// ---------- 6. save after one edit ----------
/** One status change on a task, then the save itself (flushed at once by `pagehide`), and the baseline. */
async function save(page, tasks) {
  const id = tasks ? 'u-so-khdt-1609437000000' : 'pl-1';
  await page.evaluate((h) => (location.hash = h), `#/nhiem-vu/${id}`);
  await page.waitForSelector('[data-testid=status]', { timeout: 120_000 });
  return page.evaluate(async ({ key, plan }) => {
    const B = window.__bench;
    const status = document.querySelector('[data-testid=status]');
    status.value = status.value === 'da-hoan-thanh' ? 'dang-thuc-hien' : 'da-hoan-thanh';
    status.dispatchEvent(new Event('change', { bubbles: true }));
    await B.nextPaint();
    B.writes.length = 0;
    const t0 = performance.now();
    dispatchEvent(new Event('pagehide'));
    // A save to IndexedDB is asynchronous: done when its transaction commits.
    if (B.idb) await B.idbIdle();
    const app = performance.now() - t0;
    const units = B.writes.filter((w) => w.key.startsWith('ke-hoach/') || w.key.startsWith('idb:')).reduce((s, w) => s + w.units, 0);
    // Baseline: the same state as a plain object, stringified and stored
    // under the same key. Where the app keeps the plan in IndexedDB (too
    // large for local storage), the plan's file is the state and it is put
    // as one value into a database of the bench's own.
    const state = JSON.parse(localStorage.getItem(key) ?? (await (await fetch(plan)).text()));
    const putWhole = B.idb && (await new Promise((resolve, reject) => {
      const open = indexedDB.open('bench-baseline', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('state');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve((text) => new Promise((done, fail) => {
        const tx = open.result.transaction('state', 'readwrite');
        tx.objectStore('state').put(text, key);
        tx.oncomplete = done;
        tx.onabort = () => fail(tx.error);
      }));
    }));
    const js = [];
    for (let i = 0; i < 3; i++) {
      const t1 = performance.now();
      const text = JSON.stringify(state);
      if (putWhole) await putWhole(text);
      else localStorage.setItem(key, text);
      js.push(performance.now() - t1);
    }
    const saved = document.querySelector('[data-testid=save-state]')?.textContent ?? '';
    const notice = document.querySelector('[data-testid=notice]')?.textContent ?? '';
    return { app, js: js.sort((a, b) => a - b)[1], bytes: units * 2, saved, notice };
  }, { key: KEY, plan: tasks ? `/data/${path.basename(planFile(tasks, true))}` : null });
}

// ---------- 7. local storage quota ----------
/** The largest value one key can hold, in UTF-16 code units, for Vietnamese and for Latin-1 text. */
async function quota() {
  const { ctx, page } = await openPage();
  await page.goto(base + '/blank.html');
  const result = await page.evaluate(() => {
    const largest = (unit) => {
      let lo = 0;
      let hi = 64 * 1024 * 1024;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        try {
          localStorage.setItem('q', unit.repeat(mid));
          lo = mid;
        } catch {
          hi = mid;
        }
        localStorage.removeItem('q');
      }
      return lo + 1; // with the one-character key
    };
    return { vietnamese: largest('ệ'), latin1: largest('a') };
  });
  await ctx.close();
  return result;
}

/** The largest synthetic plan whose stored text fits, found by trying sizes. */
async function largestPlan(capacityUnits) {
  const units = (tasks) => fs.readFileSync(planFile(tasks, true), 'utf8').length + KEY.length;
  const a = units(100);
  const b = units(1000);
  const perTask = (b - a) / 900;
  let guess = Math.floor(100 + (capacityUnits - a) / perTask);
  while (!(await storedPlanFits(guess))) guess -= 1;
  while (await storedPlanFits(guess + 1)) guess += 1;
  return { tasks: guess, perTaskUnits: perTask };
}

/** The app near the quota: the warning before it runs out, and the failure when it does. */
async function quotaBehaviour(largest) {
  const near = Math.floor(largest * 0.9);
  // Local storage is the store only where IndexedDB is unavailable: the
  // fallback is measured with the database disabled.
  const check = async (tasks, note) => {
    const stored = `/data/${path.basename(planFile(tasks, true))}`;
    const { ctx, page, errors } = await openPage({ ready: APP_READY.plan, storage: { [KEY]: stored, [SETTINGS]: PLAN_SETTINGS } });
    await page.addInitScript(() => {
      IDBFactory.prototype.open = function () {
        throw new DOMException('disabled by the benchmark', 'SecurityError');
      };
    });
    await startUp(page, base + '/');
    await page.evaluate((h) => (location.hash = h), '#/nhiem-vu/u-so-khdt-1609437000000');
    await page.waitForSelector('[data-testid=update-text]');
    await page.fill('[data-testid=update-text]', note);
    await page.click('[data-testid=add-update]');
    await page.evaluate(() => dispatchEvent(new Event('pagehide')));
    const notice = await page.locator('[data-testid=notice]').textContent({ timeout: 3000 }).catch(() => '');
    const action = (await page.locator('[data-testid=notice-action]').count()) > 0;
    const saveState = await page.locator('[data-testid=save-state]').textContent().catch(() => '');
    await ctx.close();
    return { tasks, notice: notice.trim(), action, saveState: saveState.trim(), errors };
  };
  return {
    near: await check(near, 'Ghi chú ngắn.'),
    full: await check(largest, 'Ghi chú dài: '.padEnd(4900, 'ệ')),
  };
}

// ---------- run ----------
const results = { date: new Date().toISOString(), machine: machine(), sizes: SIZES, rows: {} };
function machine() {
  const cpu = os.cpus()[0]?.model ?? '?';
  const version = (() => {
    try {
      return execFileSync(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version']).toString().trim();
    } catch {
      return 'chromium';
    }
  })();
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, ${version}, Node ${process.version}`;
}

if (want('transfer')) {
  log('transfer sizes');
  results.transfer = { app: await transfer('/', APP_READY.seed), minimal: await transfer('/minimal/', MINIMAL_READY) };
}
if (want('trace')) {
  log('start-up traced, seed and minimal page');
  results.trace = { app: await startUpTrace(base + '/', APP_READY.seed, QUICK ? 3 : 5), minimal: await startUpTrace(base + '/minimal/', MINIMAL_READY, QUICK ? 3 : 5) };
}
if (want('startup')) {
  log('start-up, seed');
  results.seed = await startUpPair(0, QUICK ? 3 : 7);
}
if (want('search') || want('filter')) {
  const { ctx, page } = await openPage({ ready: APP_READY.seed });
  await startUp(page, base + '/');
  results.seed = results.seed ?? {};
  if (want('search')) results.seed.search = await search(page, 0);
  if (want('filter')) results.seed.filter = await filter(page, 0);
  await ctx.close();
}
for (const tasks of SIZES) {
  log(`plan of ${tasks} tasks: files`);
  planFile(tasks, true);
  planFile(tasks, false);
  const row = (results.rows[tasks] = {});
  if (want('startup')) {
    log(`plan of ${tasks} tasks: start-up`);
    row.startUp = await startUpPair(tasks, QUICK || tasks >= 10000 ? 3 : 5);
  }
  if (want('search') || want('filter') || want('save')) {
    const { ctx, page, errors } = await planPage(tasks);
    await startUp(page, base + '/');
    await loaded(page);
    if (want('search')) {
      log(`plan of ${tasks} tasks: search`);
      row.search = await search(page, tasks);
    }
    if (want('filter')) {
      log(`plan of ${tasks} tasks: filter`);
      row.filter = await filter(page, tasks);
    }
    if (want('save')) {
      log(`plan of ${tasks} tasks: save`);
      row.save = await save(page, tasks);
    }
    row.errors = errors.slice(0, 5);
    await ctx.close();
  }
  if (want('import')) {
    log(`plan of ${tasks} tasks: import`);
    const p = await openPage({ ready: APP_READY.seed });
    await startUp(p.page, base + '/');
    row.import = await importPlan(p.page, tasks).catch((e) => ({ unavailable: String(e).split('\n')[0] }));
    if (row.import.unavailable) log('import:', row.import.unavailable);
    row.importMemory = await memory(p.page);
    await p.ctx.close();
  }
  await idbPlans.get(tasks)?.close();
  idbPlans.delete(tasks);
}
if (want('quota')) {
  log('local storage quota');
  results.quota = await quota();
  results.largest = await largestPlan(results.quota.vietnamese);
  results.quotaBehaviour = await quotaBehaviour(results.largest.tasks);
}

await browser.close();
server.close();
if (ONLY) {
  // A partial run: the figures taken, without the table's targets.
  fs.writeFileSync(path.join(out, 'results-partial.json'), JSON.stringify(results, null, 2));
  const brief = (x) => JSON.stringify(x, (k, v) => (Array.isArray(v) && typeof v[0] === 'number' ? summary(v) : typeof v === 'number' ? Math.round(v * 10) / 10 : v));
  const summary = (xs) => `p50 ${median(xs).toFixed(1)} p95 ${quantile(xs, 0.95).toFixed(1)}`;
  if (results.transfer) {
    const { app, minimal } = results.transfer;
    console.log(`transfer gzip: start page ${app.start.gzip} in ${app.start.files.length} files, all ${app.gzip} in ${app.files.length} files, minimal ${minimal.gzip}`);
    console.log('  before paint:', app.start.files.map((f) => `${f.url} ${f.gzip}`).join(', '));
  }
  if (results.seed) console.log('seed', brief(results.seed));
  if (results.trace) {
    console.log('| part of a cold start (ms, median) | app | minimal page |\n| --- | ---: | ---: |');
    for (const [part, value] of Object.entries(results.trace.app)) {
      const fmt = (x) => (x == null ? '—' : x.toFixed(1));
      console.log(`| ${part} | ${fmt(value)} | ${fmt(results.trace.minimal[part])} |`);
    }
  }
  for (const [tasks, row] of Object.entries(results.rows)) console.log(tasks, brief(row));
  if (results.quota) console.log('quota', brief({ quota: results.quota, largest: results.largest, behaviour: results.quotaBehaviour }));
  process.exit(0);
}
fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2));
const { table } = await import('./table.mjs');
const text = table(results);
fs.writeFileSync(path.join(out, 'table.md'), text);
console.log(text);
