// A copy of a built dist/ with its wasm (and glue) replaced by those of
// another build, so that the benchmark can measure a variant as it would be
// shipped (`node bench/run.mjs --dist=OUT`): a build lever, a wasm that keeps
// its function names for the start-up trace, or a split build with its extra
// chunks. The integrity attributes, the policy and the service worker's list
// are redone as Trunk and .ci/postbuild.mjs would.
//   node bench/dist-variant.mjs OUT --wasm=FILE [--js=FILE] [--extra=DIR] [--from=dist]
// --extra copies every file of DIR beside them (split chunks); a
// `__wasm_split.js` among them is pointed at the page's glue.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postbuild } from '../.ci/postbuild.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds OUT from `from` with the given wasm, glue and extra files; returns OUT. */
export function distVariant(out, { wasm, js, extra, from = path.join(root, 'dist') }) {
  if (!wasm) throw new Error('dist-variant: --wasm=FILE is required');
  fs.rmSync(out, { recursive: true, force: true });
  fs.cpSync(from, out, { recursive: true });
  const indexPath = path.join(out, 'index.html');
  let html = fs.readFileSync(indexPath, 'utf8');
  const glue = html.match(/from '\.\/([^']+\.js)'/)?.[1];
  const module = html.match(/module_or_path: '\.\/([^']+\.wasm)'/)?.[1];
  if (!glue || !module) throw new Error(`${from}/index.html: Trunk's start-up script does not name the .js and .wasm files`);
  fs.copyFileSync(wasm, path.join(out, module));
  if (js) fs.copyFileSync(js, path.join(out, glue));
  for (const file of extra ? fs.readdirSync(extra) : []) {
    const bytes = fs.readFileSync(path.join(extra, file));
    // The split loader imports the glue by the name wasm-bindgen gave it.
    const text = file === '__wasm_split.js' ? bytes.toString('utf8').replace(/from "\.\/[^"]+\.js"/, `from "./${glue}"`) : bytes;
    fs.writeFileSync(path.join(out, file), text);
  }
  const sri = (file) => `sha384-${crypto.createHash('sha384').update(fs.readFileSync(path.join(out, file))).digest('base64')}`;
  for (const file of [glue, module]) {
    const link = new RegExp(`(href="\\./${file.replace(/\./g, '\\.')}"[^>]*integrity=")[^"]*"`);
    html = html.replace(link, (_, head) => `${head}${sri(file)}"`);
  }
  fs.writeFileSync(indexPath, html);
  postbuild(out);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [out, ...rest] = process.argv.slice(2);
  const opts = Object.fromEntries(rest.map((a) => a.replace(/^--/, '').split('=')));
  if (!out || out.startsWith('--')) {
    console.error('usage: node bench/dist-variant.mjs OUT --wasm=FILE [--js=FILE] [--extra=DIR] [--from=dist]');
    process.exit(2);
  }
  console.log(`dist variant: ${distVariant(path.resolve(out), opts)}`);
}
