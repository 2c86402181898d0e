// The code-splitting step of the build (issue 16): screens marked with
// `#[wasm_split(group, …)]` (src/ui/on_demand.rs) leave the start page's wasm
// and become modules fetched on their first use. Run by .ci/postbuild.mjs
// (Trunk's post_build hook) on the staging folder, so `trunk build` alone
// gives the split app; by hand: node .ci/split.mjs [dir]
//
// Trunk 0.21 has no step between cargo and wasm-bindgen, so this step starts
// again from cargo's wasm (built with `-Clink-arg=--emit-relocs`,
// .cargo/config.toml: the splitter reads the relocations):
// 1. wasm-split-cli cuts it into the main module, one module per group and
//    the chunks groups share, and writes the loader (`__wasm_split.js`);
// 2. wasm-bindgen makes the glue for the main module; `--keep-lld-exports`
//    keeps the function table and memory, which every split module imports;
// 3. wasm-opt -Oz on every module (index.html asks Trunk for none, which
//    would only optimise a module thrown away here);
// 4. every file gets a name with its content's hash, as Trunk names its
//    files: the glue, the loader and the main wasm share one hash of all
//    three (they name each other), and each split module's fetch carries
//    its integrity, like the links Trunk writes; Trunk's wasm and glue are
//    replaced in index.html, with the loader preloaded beside the glue.
// The service worker's list and the policy come after, in postbuild.mjs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOADER = '__wasm_split.js';

/** A tool from the project's own folders first (.tools, npm's binaryen), then PATH. */
function tool(name) {
  for (const dir of [path.join(root, '.tools/bin'), path.join(root, 'node_modules/.bin')]) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  return name;
}

function run(name, args) {
  try {
    return execFileSync(tool(name), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`split: ${name} ${args.join(' ')} failed: ${e.code === 'ENOENT' ? 'not found (run bash .ci/dev serve once to set up the tools)' : (e.stderr || e.message).trim()}`);
  }
}

/** Cargo's target directory (CARGO_TARGET_DIR, or what cargo says for this package). */
function cargoTargetDir() {
  if (process.env.CARGO_TARGET_DIR) return path.resolve(process.env.CARGO_TARGET_DIR);
  const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version=1', '--no-deps'], { cwd: root, encoding: 'utf8' }));
  return meta.target_directory;
}

const hashOf = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};
const sri = (bytes) => `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;
const gzip = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;

/** Replaces every match of `pattern`, failing unless there are exactly `count`. */
function replaceCounted(text, pattern, replacement, count, what) {
  let found = 0;
  const out = text.replace(pattern, (...m) => {
    found += 1;
    return typeof replacement === 'function' ? replacement(...m) : replacement;
  });
  if (found !== count) throw new Error(`split: expected ${count} ${what}, found ${found}`);
  return out;
}

/**
 * What each group needs on its first use, read from the loader: its own
 * module and the shared chunks, as file names (before hashing).
 */
export function groupsOf(loader) {
  const chunks = new Map(
    [...loader.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([\w.-]+\.wasm)"/g)]
      .map(([, name, file]) => [name, file]),
  );
  return [...loader.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?), \[([^\]]*)\]\)\);/g)]
    .map(([, group, fetcher, deps]) => ({
      group,
      files: [
        ...(fetcher.match(/new URL\("\.\/([\w.-]+\.wasm)"/) ? [fetcher.match(/new URL\("\.\/([\w.-]+\.wasm)"/)[1]] : []),
        ...deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => chunks.get(d)),
      ],
    }));
}

/**
 * Splits the build in `dir` (Trunk's staging folder or a built dist/).
 * Returns the main module's and each group's sizes, for the build's log and
 * the benchmark.
 */
export function splitBuild(dir, { profile = 'release', targetDir = cargoTargetDir(), optimize = profile === 'release', keepNames = false } = {}) {
  const indexPath = path.join(dir, 'index.html');
  let html = fs.readFileSync(indexPath, 'utf8');
  const glueName = html.match(/import init, \* as bindings from '\.\/([^']+\.js)'/)?.[1];
  const wasmName = html.match(/module_or_path: '\.\/([^']+\.wasm)'/)?.[1];
  if (!glueName || !wasmName) throw new Error("split: Trunk's start-up script in index.html does not name the .js and .wasm files");
  const stem = glueName.replace(/-[0-9a-f]+\.js$/, '');
  const input = path.join(targetDir, 'wasm32-unknown-unknown', profile, `${stem}.wasm`);
  if (!fs.existsSync(input)) throw new Error(`split: no ${input} (cargo's wasm)`);

  const work = path.join(targetDir, 'split');
  fs.rmSync(work, { recursive: true, force: true });
  const cut = path.join(work, 'cut');
  const bound = path.join(work, 'bindgen');
  fs.mkdirSync(bound, { recursive: true });
  run('wasm-split-cli', ['--target', 'web', '--out-name', stem, input, cut]);
  const parts = fs.readdirSync(cut).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`).sort();
  if (!parts.some((f) => f.startsWith('split_'))) {
    throw new Error(`split: ${input} has no split points, or no relocations to cut it by (is -Clink-arg=--emit-relocs in the wasm target's rustflags?)`);
  }
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', ...(profile === 'release' ? [] : ['--keep-debug']),
    '--out-dir', bound, '--out-name', stem, path.join(cut, `${stem}.wasm`)]);
  const optimized = (file) => {
    if (!optimize) return fs.readFileSync(file);
    const out = `${file}.opt`;
    run('wasm-opt', ['-Oz', ...(keepNames ? ['-g'] : []), file, '-o', out]);
    return fs.readFileSync(out);
  };

  // The split modules under hashed names; their fetches check integrity.
  const renamed = new Map();
  for (const file of parts) {
    const bytes = optimized(path.join(cut, file));
    const name = `${file.replace(/\.wasm$/, '')}-${hashOf(bytes)}.wasm`;
    fs.writeFileSync(path.join(dir, name), bytes);
    renamed.set(file, { name, integrity: sri(bytes), bytes: bytes.length, gzip: gzip(bytes) });
  }
  let loader = fs.readFileSync(path.join(cut, LOADER), 'utf8');
  const groups = groupsOf(loader);
  loader = replaceCounted(loader, /fetch\(new URL\("\.\/([\w.-]+\.wasm)", import\.meta\.url\)\)/g, (_, file) => {
    const part = renamed.get(file);
    if (!part) throw new Error(`split: the loader fetches ${file}, which wasm-split did not write`);
    return `fetch(new URL("./${part.name}", import.meta.url), { integrity: "${part.integrity}" })`;
  }, parts.length, 'fetches of split modules in the loader');

  // The glue, the loader and the main wasm name each other: one hash of all three.
  const wasm = optimized(path.join(bound, `${stem}_bg.wasm`));
  let glue = fs.readFileSync(path.join(bound, `${stem}.js`), 'utf8');
  const hash = hashOf(wasm, glue, loader);
  const names = { glue: `${stem}-${hash}.js`, wasm: `${stem}-${hash}_bg.wasm`, loader: `${stem}-${hash}_split.js` };
  // One import per group; the import object's keys keep the name the wasm imports.
  const imports = glue.match(/from "\.\/__wasm_split\.js"/g)?.length ?? 0;
  if (imports === 0) throw new Error(`split: the glue does not import ${LOADER}`);
  glue = replaceCounted(glue, /from "\.\/__wasm_split\.js"/g, `from "./${names.loader}"`, imports, `imports of ${LOADER} in the glue`);
  loader = replaceCounted(loader, `import { initSync } from "./${stem}.js";`, `import { initSync } from "./${names.glue}";`, 1, 'import of the glue in the loader');
  fs.writeFileSync(path.join(dir, names.wasm), wasm);
  fs.writeFileSync(path.join(dir, names.glue), glue);
  fs.writeFileSync(path.join(dir, names.loader), loader);
  for (const old of [glueName, wasmName]) fs.rmSync(path.join(dir, old));

  // index.html: Trunk's names replaced, each link's integrity redone, and the
  // loader (which the glue imports) preloaded with the glue.
  const integrity = { [names.glue]: sri(glue), [names.wasm]: sri(wasm), [names.loader]: sri(loader) };
  html = replaceCounted(html, new RegExp(glueName.replace(/[.]/g, '\\.'), 'g'), names.glue, 2, `mentions of ${glueName} in index.html`);
  html = replaceCounted(html, new RegExp(wasmName.replace(/[.]/g, '\\.'), 'g'), names.wasm, 2, `mentions of ${wasmName} in index.html`);
  for (const file of [names.glue, names.wasm]) {
    html = replaceCounted(html, new RegExp(`(href="\\./${file.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*"`), (_, head) => `${head}${integrity[file]}"`, 1, `link to ${file}`);
  }
  html = replaceCounted(html, /(<link rel="modulepreload" href="\.\/[^"]+\.js"[^>]*>)/, (link) =>
    `${link}<link rel="modulepreload" href="./${names.loader}" crossorigin="anonymous" integrity="${integrity[names.loader]}">`, 1, 'module preload of the glue');
  fs.writeFileSync(indexPath, html);

  const size = (file) => renamed.get(file) ?? { bytes: 0, gzip: 0 };
  return {
    main: { name: names.wasm, bytes: wasm.length, gzip: gzip(wasm) },
    glue: { bytes: glue.length + loader.length, gzip: gzip(glue) + gzip(loader) },
    groups: groups.map(({ group, files }) => ({
      group,
      files: files.length,
      bytes: files.reduce((sum, f) => sum + size(f).bytes, 0),
      gzip: files.reduce((sum, f) => sum + size(f).gzip, 0),
    })),
    parts: parts.length,
    gzip: [...renamed.values()].reduce((sum, p) => sum + p.gzip, 0),
  };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** One line for the build's log: the main module, then what each group adds on its first use. */
export function describe({ main, glue, groups, parts, gzip: all }) {
  const each = groups.map((g) => `${g.group} ${kb(g.gzip)} in ${g.files}`).join(', ');
  return `split: main ${kb(main.gzip)} gzip (glue and loader ${kb(glue.gzip)}); on first use, gzip in files: ${each}; ${parts} split files, ${kb(all)} gzip in all`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
  const started = performance.now();
  const report = splitBuild(dir, { profile: process.env.TRUNK_PROFILE ?? 'release' });
  console.log(`${describe(report)}, ${Math.round(performance.now() - started)} ms`);
}
