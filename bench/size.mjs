// Where the bytes of the wasm are (issue 16): twiggy on the wasm-bindgen
// output before wasm-opt (it still has the function names), summed by
// section, by crate, by screen and by concern (serde, formatting and
// panics), beside the figures of the shipped file. A dev tool: nothing
// here is shipped. Run it through `bash .ci/dev size`, which builds the
// release app and the named wasm first; by hand:
//   node bench/size.mjs NAMED.wasm [SHIPPED.wasm] [--top=25]
// Prints Markdown (the tables of BENCHMARKS.md "Where the bytes are") and
// writes bench-results/size.json.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
const TOP = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const [named, shipped] = files;
if (!named) {
  console.error('usage: node bench/size.mjs NAMED.wasm [SHIPPED.wasm] [--top=25]');
  process.exit(2);
}
const twiggyBin = process.env.TWIGGY ?? 'twiggy';
// A standard library built from source (build-std, see .ci/dev) names each
// crate with its hash (`ke_hoach[23de2e1e]::…`): dropped, so paths group alike.
const twiggy = (...a) => JSON.parse(execFileSync(twiggyBin, [...a, '-f', 'json', named], { maxBuffer: 1 << 30 }).toString()
  .replace(/\[[0-9a-f]{7,16}\]::/g, '::'));

const KB = 1024;
const kb = (x) => (x / KB).toFixed(1);
const pct = (x, total) => `${((100 * x) / total).toFixed(1)} %`;
const gzip = (b) => zlib.gzipSync(b, { level: 9 }).length;
const brotli = (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// ---------- sections, read from the binary itself ----------
const SECTION = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'];
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, i];
  }
}
/** The sections of a wasm module: name, bytes, and the bytes themselves. */
export function sections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    let name = SECTION[id] ?? `section ${id}`;
    if (id === 0) {
      const [len, start] = leb(bytes, body);
      name = `custom "${bytes.subarray(start, start + len).toString('utf8')}"`;
    }
    out.push({ name, size: body + size - at, data: bytes.subarray(body, body + size) });
    at = body + size;
  }
  return out;
}

// ---------- crates, from demangled names ----------
const STD = new Set(['core', 'alloc', 'std', 'dlmalloc', 'compiler_builtins', 'panic_abort']);
/** The crate at the root of a path such as `core[c5930c85]::fmt::…`; null for a bare generic (`F`) or primitive. */
function rootCrate(p) {
  const m = p.replace(/^[&*\s]*(?:mut\s+|const\s+|dyn\s+)*[[(]*/, '').match(/^([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  return m ? m[1] : null;
}
/** Splits `<A as B>::rest` at the top level into [A, B, rest]; null when the name is not of that form. */
function traitImpl(name) {
  if (!name.startsWith('<')) return null;
  let depth = 0;
  let as = -1;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '<') depth++;
    else if (c === '>' && name[i - 1] !== '-') {
      depth--;
      if (depth === 0) return as < 0 ? null : [name.slice(1, as), name.slice(as + 4, i), name.slice(i + 1)];
    } else if (depth === 1 && name.startsWith(' as ', i)) as = i;
  }
  return null;
}
/**
 * The crate whose source a function comes from: the path's root, or for a
 * trait method `<A as B>::f` the crate of `A` (derives and impls live with
 * the type) unless `A` is generic or from the standard library, then `B`'s.
 */
export function crateOf(name) {
  const impl = traitImpl(name);
  if (impl) {
    const [self, trait] = impl;
    const a = rootCrate(self);
    const b = rootCrate(trait);
    if (a && !(STD.has(a) && b && !STD.has(b))) return a;
    return b ?? a ?? '(other)';
  }
  // A plain path, or an inherent method `<Type>::f` (`<str>::to_lowercase` is core's).
  if (/^<(str|\[.*\])>::/.test(name)) return 'core';
  return rootCrate(name.replace(/^</, '')) ?? '(other)';
}
const group = (crate) => (STD.has(crate) ? 'std (core, alloc, dlmalloc)' : crate.replace(/_core$/, ''));

/** What a named item is, for the rows that are not functions. */
function kind(name) {
  if (name === '"function names" subsection' || /^custom section 'name'/.test(name)) return 'names';
  if (name.startsWith('data segment')) return 'data';
  if (name.startsWith('custom section')) return 'custom';
  if (/^(type|global|table|memory|elem)\[/.test(name) || / section headers$/.test(name) || name === 'wasm magic bytes') return 'structure';
  if (name.startsWith('export "') || name.startsWith('import ')) return 'exports and imports';
  return 'code';
}

// ---------- screens ----------
/** ui modules that make up the page around every screen. */
const SHELL = new Set(['app_header', 'search_box', 'search_index', 'edit_bar', 'update_banner', 'storage_info', 'unit_picker', '(ui)']);
const SHARED_WIDGETS = new Set(['widgets', 'stack_bar', 'snippet_text']);
function screenOf(name) {
  // `ke_hoach::ui::MODULE::…`; a function of ui/mod.rs itself is `ke_hoach::ui::NAME::h…`.
  const m = name.match(/ke_hoach::ui::([a-z0-9_]+)(::h[0-9a-f]{16}$)?/);
  if (!m) return null;
  const module = m[2] || m[1].startsWith('__') ? '(ui)' : m[1];
  if (SHELL.has(module)) return 'shell: header, search, notices (every page)';
  if (SHARED_WIDGETS.has(module)) return 'shared widgets';
  return module;
}
/** Our own modules outside ui/, by their first two path segments. */
function moduleOf(name) {
  const impl = traitImpl(name);
  const p = (impl && rootCrate(impl[0]) === 'ke_hoach' ? impl[0] : name).replace(/^[&\s]*/, '');
  const m = p.match(/^ke_hoach::([a-z0-9_]+)(?:::([a-z0-9_]+))?/);
  if (!m) return null;
  // A second segment that is a function (`seed::parse_plan::h…`) is not a module.
  const sub = m[2] && !p.startsWith(`ke_hoach::${m[1]}::${m[2]}::h`) && ['model', 'exchange', 'search', 'seed', 'export', 'browser'].includes(m[1]);
  return sub ? `${m[1]}::${m[2]}` : m[1];
}

// ---------- concerns ----------
const CONCERNS = [
  ['serde_json::Value (tree reader)', (n) => /serde_json::value::/.test(n)],
  ['serde derives on our types', (n) => crateOf(n) === 'ke_hoach' && /serde(_core)?::(de|ser)::|_::<impl serde/.test(n)],
  ['serde and serde_json, other', (n) => /serde/.test(n)],
  ['Debug impls', (n) => /as core(\[[0-9a-f]+\])?::fmt::Debug>::fmt/.test(n)],
  ['core::fmt machinery (format!, Display, floats)', (n) => /^core(\[[0-9a-f]+\])?::fmt::|as core(\[[0-9a-f]+\])?::fmt::Display>|alloc(\[[0-9a-f]+\])?::fmt::format/.test(n)],
  ['panics (core::panicking, unwrap/expect failures)', (n) => /core(\[[0-9a-f]+\])?::(panicking|option::expect_failed|result::unwrap_failed|slice::index::.*fail)/.test(n)],
  ['chrono', (n) => crateOf(n) === 'chrono'],
  ['sha2', (n) => crateOf(n) === 'sha2'],
  ['unicode tables and normalisation', (n) => /unicode|normaliz/i.test(n)],
];

// ---------- read it all ----------
const namedBytes = fs.readFileSync(named);
const items = twiggy('top', '-n', '1000000');
const total = namedBytes.length;
const code = items.filter((i) => kind(i.name) === 'code');
const codeBytes = code.reduce((s, i) => s + i.shallow_size, 0);

const sum = (rows, key) => {
  const m = new Map();
  for (const r of rows) {
    const k = key(r.name);
    if (k == null) continue;
    m.set(k, (m.get(k) ?? 0) + r.shallow_size);
  }
  return [...m].sort((a, b) => b[1] - a[1]);
};

const out = [];
const p = (...l) => out.push(...l);
const table = (head, rows) => {
  p(`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i ? '---:' : '---')).join(' | ')} |`);
  for (const r of rows) p(`| ${r.join(' | ')} |`);
  p('');
};

p(`Named wasm (wasm-bindgen output, before wasm-opt): ${kb(total)} KB; code ${kb(codeBytes)} KB in ${code.length} functions.`, '');

if (shipped) {
  const bytes = fs.readFileSync(shipped);
  p(`#### The shipped wasm by section (\`${path.basename(shipped)}\`, after wasm-opt)`, '');
  const secs = sections(bytes);
  table(['section', 'raw KB', 'gzip KB alone', 'share of raw'],
    [...secs.map((s) => [s.name, kb(s.size), kb(gzip(s.data)), pct(s.size, bytes.length)]),
      ['**whole file**', kb(bytes.length), `${kb(gzip(bytes))} (brotli ${kb(brotli(bytes))})`, '100 %']]);
}

p('#### The named wasm by kind of bytes', '');
table(['kind', 'KB', 'share'], sum(items, kind).map(([k, v]) => [k, kb(v), pct(v, total)]));

p('#### Code by crate (shallow bytes of each function, before wasm-opt)', '');
const crates = sum(code, (n) => group(crateOf(n)));
table(['crate', 'KB', 'share of code', 'functions'], crates.slice(0, 24).map(([c, v]) => [c, kb(v), pct(v, codeBytes), code.filter((i) => group(crateOf(i.name)) === c).length]));

p('#### The standard library by part (mostly generic code instantiated for our types)', '');
const STD_PARTS = [
  ['sorting (slice::sort, stable and unstable)', /core(\[[0-9a-f]+\])?::slice::sort::/],
  ['BTreeMap and BTreeSet', /alloc(\[[0-9a-f]+\])?::collections::btree::/],
  ['drop glue (drop_in_place)', /core(\[[0-9a-f]+\])?::ptr::drop_in_place/],
  ['iterator adapters', /core(\[[0-9a-f]+\])?::iter::|as core(\[[0-9a-f]+\])?::iter::traits::/],
  ['formatting (core::fmt)', /core(\[[0-9a-f]+\])?::fmt::|as core(\[[0-9a-f]+\])?::fmt::/],
  ['strings (str, String, char, unicode)', /<str>|alloc(\[[0-9a-f]+\])?::(str|string)::|core(\[[0-9a-f]+\])?::(str|char|unicode)::/],
  ['Vec, RawVec, slices', /alloc(\[[0-9a-f]+\])?::(vec|raw_vec|slice)::|core(\[[0-9a-f]+\])?::slice::/],
  ['allocator (dlmalloc)', /dlmalloc/],
  ['closures called through Fn traits', /core(\[[0-9a-f]+\])?::ops::function::/],
];
const stdCode = code.filter((i) => STD.has(crateOf(i.name)));
const stdBytes = stdCode.reduce((sum, i) => sum + i.shallow_size, 0);
table(['part', 'KB', 'share of code', 'functions'], [...STD_PARTS, ['other', /./]].map(([label, re], k, all) => {
  const rows = stdCode.filter((i) => re.test(i.name) && !all.slice(0, k).some(([, earlier]) => earlier.test(i.name)));
  const bytes = rows.reduce((sum, i) => sum + i.shallow_size, 0);
  return [label, kb(bytes), pct(bytes, codeBytes), rows.length];
}).concat([['**all of std**', kb(stdBytes), pct(stdBytes, codeBytes), stdCode.length]]));

p('#### Our crate by module (code outside `ui/` that each module defines, including its serde derives)', '');
table(['module', 'KB', 'share of code'], sum(code, moduleOf).slice(0, 30).map(([m, v]) => [`\`${m}\``, kb(v), pct(v, codeBytes)]));

p('#### Screens: code named in each `ui/` module (components and their closures)', '');
p('Generic view code that a screen instantiates (tachys, reactive_graph) is named after the generic, not the screen, and is counted under its crate above; the split build measures what each screen really holds.', '');
table(['screen module', 'KB', 'share of code'], sum(code, screenOf).map(([m, v]) => [m, kb(v), pct(v, codeBytes)]));

p('#### Concerns (each function counted in the first row it matches)', '');
const taken = new Set();
const concernRows = CONCERNS.map(([label, test]) => {
  let bytes = 0;
  let count = 0;
  for (const i of code) {
    if (!taken.has(i) && test(i.name)) {
      taken.add(i);
      bytes += i.shallow_size;
      count++;
    }
  }
  return [label, kb(bytes), pct(bytes, codeBytes), count];
});
table(['concern', 'KB', 'share of code', 'functions'], concernRows);

// Strings in the read-only data: source paths (panic locations) and the plan text.
const rodata = rodataStrings(namedBytes);
if (rodata) {
  p('#### Read-only data', '');
  table(['what', 'KB'], rodata);
}

p(`#### The ${TOP} largest functions`, '');
table(['bytes', 'crate', 'function'], code.slice(0, TOP).map((i) => [i.shallow_size, group(crateOf(i.name)), `\`${i.name.replace(/::h[0-9a-f]{16}$/, '').replace(/\|/g, '\\|').slice(0, 140)}\``]));

p('#### Generics with the most monomorphisation bloat (twiggy monos)', '');
const monos = twiggy('monos', '-n', String(TOP));
table(['bloat KB', 'total KB', 'copies', 'generic'], monos.filter((m) => !/^(Σ|\.\.\. and)/.test(m.generic)).slice(0, 15).map((m) => [kb(m.approximate_monomorphization_bloat_bytes), kb(m.total_size), m.monomorphizations?.length ?? '', `\`${m.generic.slice(0, 120)}\``]));

/** Source paths (panic locations) and the embedded plan text in the data section. */
function rodataStrings(bytes) {
  const data = sections(bytes).find((s) => s.name === 'data');
  if (!data) return null;
  const text = data.data.toString('latin1');
  let paths = 0;
  const seen = new Set();
  for (const m of text.matchAll(/(?:\/[\w.@+-]+)*\/?[\w.@+-]+\.rs/g)) {
    if (!seen.has(m[0])) {
      seen.add(m[0]);
      paths += m[0].length;
    }
  }
  const plan = fs.existsSync(path.join(root, 'seeds')) ? fs.readdirSync(path.join(root, 'seeds')).filter((f) => f.endsWith('.txt')) : [];
  const planBytes = plan.reduce((s, f) => s + fs.statSync(path.join(root, 'seeds', f)).size, 0);
  return [
    ['data section in all', kb(data.size)],
    [`source file paths (panic locations), ${seen.size} files`, kb(paths)],
    [`the embedded plan text (${plan.join(', ')}; ${kb(gzip(Buffer.concat(plan.map((f) => fs.readFileSync(path.join(root, 'seeds', f))))))} KB gzip alone)`, kb(planBytes)],
  ];
}

const text = out.join('\n');
fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-results', 'size.md'), text);
fs.writeFileSync(path.join(root, 'bench-results', 'size.json'), JSON.stringify({ named, shipped, total, codeBytes, crates, concerns: concernRows }, null, 2));
console.log(text);
