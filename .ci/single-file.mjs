// The single-file edition: one self-contained .html (styles, icon, script and
// the wasm with the plan compiled in) that opens by double-click from a USB
// stick or an e-mail attachment (file://), where modules cannot be imported
// and wasm cannot be fetched. Built from a release dist/:
//   bash .ci/dev single-file        (builds dist/ first)
//   node .ci/single-file.mjs [dist] [out.html]
//
// The wasm and the modules of the screens loaded on demand (.ci/split.mjs)
// are gzipped and base64-encoded into data blocks; a module script (the
// split loader, the wasm-bindgen glue and a few lines of start-up, importing
// nothing) unpacks each with DecompressionStream when it is needed: the
// start page's module at once, a screen's on its first use, as the hosted
// app fetches them. The page carries its own strict policy: nothing may be
// loaded from anywhere, and the one script and the styles are allowed by hash.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { inlineScripts, sha, withPolicy } from './postbuild.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = path.join(root, 'dist-single', 'ke-hoach-22-KH-UBND.html');

const MIME = { '.svg': 'image/svg+xml', '.png': 'image/png' };

/** The policy of the single file: `scripts` and `styles` are hash sources. */
export function singleFilePolicy(scripts, styles) {
  return [
    "default-src 'none'",
    `script-src 'wasm-unsafe-eval' ${scripts.join(' ')}`,
    `style-src ${styles.join(' ')}`,
    'img-src data: blob:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The data block of the start page's wasm. */
const MAIN_BLOCK = 'wasm-gzip-base64';
/** The start-up's function that unpacks a data block into a wasm `Response`. */
const UNPACK = '__unpackWasm';

/**
 * The glue with the split loader it imports put in front of it, as one
 * script importing nothing: the loader's fetches become reads of data
 * blocks (`parts`, id and bytes of each split module).
 */
export function inlinedSplit(glue, read) {
  const specifiers = [...glue.matchAll(/^import \* as (\w+) from "(\.\/[^"]+)";?$/gm)];
  const loaderHref = specifiers[0]?.[2];
  if (!loaderHref || specifiers.some(([, , href]) => href !== loaderHref)) return { code: `${unpacker()}\n${glue}`, parts: [] };
  let loader = read(loaderHref).toString('utf8');
  loader = loader.replace(/^import \{ initSync \} from "[^"]+";$/m, '');
  const parts = [];
  loader = loader.replace(/fetch\(new URL\("\.\/([\w.-]+\.wasm)", import\.meta\.url\), \{ integrity: "[^"]+" \}\)/g, (_, file) => {
    parts.push([`wasm-part-${file}`, read(`./${file}`)]);
    return `Promise.resolve(${UNPACK}('wasm-part-${file}'))`;
  });
  const exported = [...loader.matchAll(/^export const (\w+) = /gm)].map((m) => m[1]);
  if (!parts.length || !exported.length || /import\.meta|^\s*(?:import|export)\b/m.test(loader.replace(/^export const /gm, 'const '))) {
    throw new Error(`${loaderHref}: not the split loader .ci/split.mjs writes (its fetches, imports or exports are not where expected)`);
  }
  loader = loader.replace(/^export const /gm, 'const ');
  const namespace = '__wasmSplit';
  const code = glue.replace(/^import \* as (\w+) from "[^"]+";?$/gm, (_, name) => `const ${name} = ${namespace};`);
  return { code: `${unpacker()}\nconst ${namespace} = (() => {\n${loader}\nreturn { ${exported.join(', ')} };\n})();\n${code}`, parts };
}

/** Unpacks the data block `id` (gzip, base64) into a Response that WebAssembly streams from. */
function unpacker() {
  return `function ${UNPACK}(id) {
  const packed = document.getElementById(id).textContent.trim();
  const gzipped = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
  const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream, { headers: { 'content-type': 'application/wasm' } });
}`;
}

/** Replaces exactly one match of `pattern` or fails naming `what`. */
function replaceOne(html, pattern, replacement, what) {
  const matches = html.match(new RegExp(pattern.source, pattern.flags.replace('g', '') + 'g')) ?? [];
  if (matches.length !== 1) throw new Error(`index.html: expected one ${what}, found ${matches.length}`);
  return html.replace(pattern, replacement);
}

/** Builds the single file from a built `dist` into `out`; returns its sizes. */
export function buildSingleFile(dist = path.join(root, 'dist'), out = OUT) {
  let html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const read = (href) => fs.readFileSync(path.join(dist, href.replace(/^\.\//, '')));

  // Trunk's start-up script names the glue and the wasm.
  const [boot] = inlineScripts(html);
  const js = boot?.match(/from '([^']+\.js)'/)?.[1];
  const wasmHref = boot?.match(/module_or_path: '([^']+\.wasm)'/)?.[1];
  if (!js || !wasmHref) throw new Error("index.html: Trunk's start-up script does not name the .js and .wasm files");
  const { code: glue, parts } = inlinedSplit(read(js).toString('utf8'), read);
  if (/^\s*import\b/m.test(glue)) throw new Error(`${js}: the glue imports other files (snippets); they would have to be inlined too`);
  if (/<\/script/i.test(glue)) throw new Error(`${js}: contains "</script", which would end the inline script`);
  const initName = glue.match(/export\s*\{[^}]*\b(\w+) as default\b[^}]*\}/)?.[1];
  if (!initName) throw new Error(`${js}: no default export (the init function)`);
  // In a block: its names cannot clash with the glue's (which has its own `wasm`).
  const startup = `${glue}
// Single-file start-up: the wasm comes from its data block, not a fetch.
{
  const instance = await ${initName}({ module_or_path: ${UNPACK}('${MAIN_BLOCK}') });
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: instance } }));
}
`;
  const packed = [[MAIN_BLOCK, read(wasmHref)], ...parts].map(([id, bytes]) => [id, zlib.gzipSync(bytes, { level: 9 })]);
  const blocks = packed.map(([id, gz]) => `<script id="${id}" type="application/octet-stream">\n${gz.toString('base64')}\n</script>\n`);
  const wasmGzBytes = packed.reduce((sum, [, gz]) => sum + gz.length, 0);

  html = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/i, '');
  // Stylesheets become <style> elements, each allowed by its hash.
  const styles = [];
  html = html.replace(/<link rel="stylesheet" href="([^"]+)"[^>]*>/g, (_, href) => {
    const css = read(href).toString('utf8');
    styles.push(`'${sha('sha256', css)}'`);
    return `<style>${css}</style>`;
  });
  if (!styles.length) throw new Error('index.html: no stylesheet links');
  html = replaceOne(html, /<link rel="icon" href="([^"]+)"[^>]*>/, (_, href) =>
    `<link rel="icon" href="data:${MIME[path.extname(href)]};base64,${read(href).toString('base64')}">`, 'icon link');
  // Nothing else to fetch: preloads, the manifest and the home-screen icon
  // belong to the hosted app.
  html = html.replace(/<link rel="(?:modulepreload|preload|manifest|apple-touch-icon)"[^>]*>/g, '');
  html = replaceOne(html, /<script type="module">[\s\S]*?<\/script>/, () =>
    `${blocks.join('')}<script type="module">${startup}</script>`, 'start-up script');
  html = withPolicy(html, singleFilePolicy([`'${sha('sha256', startup)}'`], styles));
  const left = html.match(/(?:href|src)="\.?\/[^"]*"/);
  if (left) throw new Error(`single file still refers to a file: ${left[0]}`);

  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, html);
  return { out, bytes: Buffer.byteLength(html), gzipBytes: zlib.gzipSync(html, { level: 9 }).length, wasmGzBytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { out, bytes, gzipBytes } = buildSingleFile(process.argv[2], process.argv[3]);
  const ms = Math.round(performance.now() - started);
  console.log(`single file: ${path.relative(root, out)}, ${bytes} bytes (${gzipBytes} gzip), ${ms} ms`);
}
