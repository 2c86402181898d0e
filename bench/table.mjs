// Turns bench-results/results.json into the Markdown table printed by the
// benchmark and pasted into BENCHMARKS.md, with each target met or not.
// `node bench/table.mjs` reprints the last run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KB = 1024;
const MB = 1024 * 1024;
const ms = (x) => (x == null || Number.isNaN(x) ? '—' : x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));
const kb = (x) => `${(x / KB).toFixed(0)} KB`;
const mb = (x) => `${(x / MB).toFixed(1)} MB`;
const ratio = (a, b) => (a == null || !b ? '—' : `${(a / b).toFixed(2)}×`);
const n = (x) => x.toLocaleString('en');
const verdict = (ok) => (ok == null ? 'not measured' : ok ? '**met**' : '**not met**');

function quantile(xs, q) {
  if (!xs?.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
const p50 = (xs) => quantile(xs, 0.5);
const p95 = (xs) => quantile(xs, 0.95);

/** The Markdown report of one run. */
export function table(r) {
  const lines = [];
  const push = (...l) => lines.push(...l);
  const sizes = r.sizes;
  const cols = ['seed', ...sizes.map(n)];
  const cell = (f) => [f(r.seed, 0), ...sizes.map((s) => f(r.rows[s], s))];
  const row = (label, f) => push(`| ${label} | ${cell(f).join(' | ')} |`);
  const memTotal = (m) => (m ? m.js + m.wasm : null);

  push(`Run ${r.date} on ${r.machine}.`, '');
  push('### Transfer size: everything the start page loads', '');
  push('"Start page" is what is served before the start page is painted; "all" adds what comes after it (the service worker\'s precache of every file, icons, the manifest).', '');
  push('| page | files | raw | gzip | brotli |', '| --- | ---: | ---: | ---: | ---: |');
  const app = r.transfer.app;
  const rows = [['app: start page (seed included)', app.start ?? app], ['app: all, with the service worker\'s precache', app], ['minimal Leptos page', r.transfer.minimal]];
  for (const [name, t] of rows) push(`| ${name} | ${t.files.length} | ${kb(t.raw)} | ${kb(t.gzip)} | ${kb(t.brotli)} |`);
  const before = new Set((app.start ?? app).files.map((f) => f.url));
  push('', '| file | before paint | raw | gzip | brotli |', '| --- | --- | ---: | ---: | ---: |');
  for (const f of app.files) push(`| \`${f.url}\` | ${before.has(f.url) ? 'yes' : 'no'} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`);

  if (r.trace) {
    push('', '### Start-up of the seed, part by part (one traced cold load; medians; ms)', '');
    push('Tracing and sampling slow the page: the parts explain the start-up figure below, they do not add up to it. "wall" rows are moments on the clock; "CPU" rows are thread time, which holds when other work shares the machine. The parts of `main` come from the sampling profiler and need a wasm that keeps its function names (`bash .ci/dev size` writes one: `--dist=target/size/dist-names`).', '');
    push('| part | app | minimal page |', '| --- | ---: | ---: |');
    for (const [part, value] of Object.entries(r.trace.app)) push(`| ${part} | ${ms(value)} | ${ms(r.trace.minimal[part])} |`);
  }

  push('', '### By plan size (milliseconds unless stated; "seed" is the embedded plan with nothing recorded)', '');
  push(`| figure | ${cols.join(' | ')} |`, `| --- | ${cols.map(() => '---:').join(' | ')} |`);
  row('stored plan (compact text)', (x, s) => (s ? x.startUp.storedIn ?? (x.startUp.real ? 'local storage' : 'over quota: stand-in') : '—'));
  row('start-up: app', (x, s) => ms((s ? x.startUp : x).app));
  row('start-up: app, returning visit (service worker cache)', (x, s) => ms((s ? x.startUp : x).repeat));
  row('start-up: minimal Leptos page', (x, s) => ms((s ? x.startUp : x).minimal));
  row('start-up: ratio', (x, s) => ratio((s ? x.startUp : x).app, (s ? x.startUp : x).minimal));
  row('search p50 / p95: app', (x) => `${ms(p50(x.search?.app))} / ${ms(p95(x.search?.app))}`);
  row('search p50 / p95: JS scan', (x) => `${ms(p50(x.search?.js))} / ${ms(p95(x.search?.js))}`);
  row('search p95 ratio', (x) => ratio(p95(x.search?.app), p95(x.search?.js)));
  row('filter p50 / p95: app', (x) => `${ms(p50(x.filter?.app))} / ${ms(p95(x.filter?.app))}`);
  row('filter p50 / p95: JS filter', (x) => `${ms(p50(x.filter?.js))} / ${ms(p95(x.filter?.js))}`);
  row('filter p95 ratio', (x) => ratio(p95(x.filter?.app), p95(x.filter?.js)));
  row('list rows in the page (unfiltered)', (x) => (x.filter ? n(x.filter.rendered) : '—'));
  row('import file (pretty JSON)', (x, s) => (s ? mb(x.import.bytes ?? 0) : '—'));
  row('import + merge preview', (x, s) => (s ? (x.import.unavailable ? 'n/a' : ms(x.import.preview)) : '—'));
  row('same file read + JSON.parse + paint', (x, s) => (s && !x.import.unavailable ? ms(x.import.parse) : '—'));
  row('import ratio', (x, s) => (s && !x.import.unavailable ? ratio(x.import.preview, x.import.parse) : '—'));
  row('apply', (x, s) => (s && !x.import.unavailable ? ms(x.import.apply) : '—'));
  row('save after one edit', (x, s) => (s ? ms(x.save.app) : '—'));
  row('bytes written by the save', (x, s) => (s ? kb(x.save.bytes) : '—'));
  row('JSON.stringify + setItem', (x, s) => (s ? ms(x.save.js) : '—'));
  row('save ratio', (x, s) => (s ? ratio(x.save.app, x.save.js) : '—'));
  row('memory after load: JS heap', (x, s) => { const m = (s ? x.startUp : x).memory; return m ? mb(m.js) : '—'; });
  row('memory after load: wasm', (x, s) => { const m = (s ? x.startUp : x).memory; return m ? mb(m.wasm) : '—'; });
  row('memory after load: total', (x, s) => { const m = (s ? x.startUp : x).memory; return m ? mb(memTotal(m)) : '—'; });
  row('memory after import: total', (x, s) => (s && x.importMemory && !x.import.unavailable ? mb(memTotal(x.importMemory)) : '—'));

  // Growth from one size to the next, against the growth of the plan.
  const steps = sizes.slice(1).map((s, i) => [sizes[i], s]).filter(([a]) => a >= 1000);
  const growth = [
    ['start-up', (x) => x.startUp.app],
    ['search p95', (x) => p95(x.search?.app)],
    ['filter p95', (x) => p95(x.filter?.app)],
    ['import + merge preview', (x) => (x.import.unavailable ? null : x.import.preview)],
    ['save', (x) => x.save.app],
    ['memory after load', (x) => memTotal(x.startUp.memory)],
  ];
  const growthOk = [];
  if (steps.length) {
    push('', '### Growth per step (cost factor against plan-size factor; linear or better when the first is not larger)', '');
    push(`| figure | ${steps.map(([a, b]) => `${n(a)} → ${n(b)} (×${b / a})`).join(' | ')} |`, `| --- | ${steps.map(() => '---:').join(' | ')} |`);
    for (const [label, f] of growth) {
      const cells = steps.map(([a, b]) => {
        const va = f(r.rows[a]);
        const vb = f(r.rows[b]);
        if (va == null || vb == null || !va) return '—';
        const factor = vb / va;
        growthOk.push(factor <= b / a);
        return `×${factor.toFixed(1)}`;
      });
      push(`| ${label} | ${cells.join(' | ')} |`);
    }
  }

  // Targets.
  const at = (s) => r.rows[s];
  const t10 = at(10000);
  const targets = [];
  const target = (what, measured, ok) => targets.push(`| ${what} | ${measured} | ${verdict(ok)} |`);
  const startGzip = (r.transfer.app.start ?? r.transfer.app).gzip;
  target('transfer size of the start page, gzip, seed included ≤ 300 KB', kb(startGzip), startGzip <= 300 * KB);
  target('start-up ≤ 1.5× the minimal Leptos page for the seed', ratio(r.seed.app, r.seed.minimal), r.seed.app <= 1.5 * r.seed.minimal);
  if (t10) {
    target('start-up ≤ 3× the minimal page at 10,000 tasks', ratio(t10.startUp.app, t10.startUp.minimal), t10.startUp.app <= 3 * t10.startUp.minimal);
    const s95 = p95(t10.search.app);
    const f95 = p95(t10.filter.app);
    target('search p95 ≤ 50 ms at 10,000 tasks', `${ms(s95)} ms`, s95 <= 50);
    target('search p95 ≤ 2× the plain JS scan (10,000 tasks)', ratio(s95, p95(t10.search.js)), s95 <= 2 * p95(t10.search.js));
    target('filter p95 ≤ 50 ms at 10,000 tasks', `${ms(f95)} ms`, f95 <= 50);
    target('filter p95 ≤ 2× the plain JS filter (10,000 tasks)', ratio(f95, p95(t10.filter.js)), f95 <= 2 * p95(t10.filter.js));
    target('lists of thousands of rows render only what is visible', `${n(t10.filter.rendered)} rows in the page for ${n(10036)} tasks`, t10.filter.rendered < 200);
    target('memory ≤ 100 MB at 10,000 tasks (after load)', mb(memTotal(t10.startUp.memory)), memTotal(t10.startUp.memory) <= 100 * MB);
    target('one edit at 10,000 tasks writes ≤ 64 KB (bytes written by the save)', kb(t10.save.bytes), t10.save.bytes <= 64 * KB);
  }
  const t50 = at(50000);
  if (t50) target('memory ≤ 400 MB at 50,000 tasks (after load)', mb(memTotal(t50.startUp.memory)), memTotal(t50.startUp.memory) <= 400 * MB);
  const big = [10000, 50000].filter((s) => at(s));
  if (big.length) {
    target('stored plan: 10,000 and 50,000 tasks really stored and reopened', big.map((s) => `${n(s)}: ${at(s).startUp.storedIn}`).join(', '), big.every((s) => at(s).startUp.storedIn === 'IndexedDB'));
  }
  if (t10 && t50) {
    const grows = [
      ['start-up', (x) => x.startUp.app],
      ['filter p95', (x) => p95(x.filter?.app)],
      ['save', (x) => x.save.app],
      ['memory', (x) => memTotal(x.startUp.memory)],
    ].map(([label, f]) => [label, f(t50) / f(t10)]);
    target('growth 10,000 → 50,000 linear or better (×5 the tasks)', grows.map(([l, g]) => `${l} ×${g.toFixed(1)}`).join(', '), grows.every(([, g]) => g <= 5));
  }
  const imports = sizes.filter((s) => !at(s).import.unavailable);
  const worstImport = imports.length ? Math.max(...imports.map((s) => at(s).import.preview / at(s).import.parse)) : null;
  target('import + merge preview ≤ 3× JSON.parse (worst size)', worstImport == null ? at(sizes[0]).import.unavailable : `${worstImport.toFixed(2)}×`, worstImport == null ? null : worstImport <= 3);
  const worstSave = Math.max(...sizes.map((s) => at(s).save.app / at(s).save.js));
  target('a save writes only what changed, or costs ≤ 2× stringify + setItem (worst size)', `${worstSave.toFixed(2)}×; ${sizes.map((s) => `${kb(at(s).save.bytes)} at ${n(s)}`).join(', ')}`, worstSave <= 2);
  if (growthOk.length) target('cost grows linearly or better from 1,000 to 50,000 tasks', `${growthOk.filter(Boolean).length} of ${growthOk.length} steps`, growthOk.every(Boolean));
  push('', '### Targets', '', '| target | measured | verdict |', '| --- | --- | --- |', ...targets);

  if (r.quota) {
    const q = r.quota;
    push('', '### Local storage (the fallback where IndexedDB is unavailable; measured with it disabled)', '');
    push(`- One key holds at most ${n(q.vietnamese)} UTF-16 code units of Vietnamese text and ${n(q.latin1)} of ASCII text: Chromium counts 2 bytes per code unit whatever the text (${mb(q.vietnamese * 2)} of quota), so \`storage::LOCAL_QUOTA_BYTES\` (10 MiB, counted the same way) is right.`);
    push(`- The largest synthetic plan that fits: **${n(r.largest.tasks)} tasks** (${n(Math.round(r.largest.perTaskUnits))} code units per task with its ${10} notes).`);
    const b = r.quotaBehaviour;
    push(`- At ${n(b.near.tasks)} tasks (90% of that), one edit: notice “${b.near.notice || '(none)'}”${b.near.action ? ' with the download action' : ''}; save state “${b.near.saveState}”.`);
    push(`- At ${n(b.full.tasks)} tasks, a 4,900-character note: notice “${b.full.notice || '(none)'}”${b.full.action ? ' with the download action' : ''}; save state “${b.full.saveState}”.`);
  }
  const errors = Object.entries(r.rows).filter(([, x]) => x.errors?.length);
  if (errors.length) push('', '### Page errors', '', ...errors.map(([s, x]) => `- ${s}: ${x.errors.join('; ')}`));
  return lines.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  process.stdout.write(table(JSON.parse(fs.readFileSync(path.join(root, 'bench-results/results.json'), 'utf8'))));
}
