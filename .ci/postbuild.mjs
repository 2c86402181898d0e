// Post-build step, run by Trunk after every build (Trunk.toml, [[hooks]]
// stage "post_build", on the staging folder before it becomes dist/), or by
// hand on a built folder:  node .ci/postbuild.mjs [dir]
//
// 1. Writes the Content Security Policy into index.html, allowing the one
//    inline script Trunk generates (the wasm start-up) by its sha256.
// 2. With SITE_URL set (the address the app is published at), makes the Open
//    Graph image and page addresses absolute, as link previews need.
// 3. Links the style sheets of screens that are not the first one
//    disabled: the browser fetches them only when the app enables them
//    (src/browser/styles.rs), after the first paint.
// 4. Writes into sw.js the build's version id and the precache list: every
//    file the app may load, with its sha256 for the worker to verify.
// Run by Trunk, it first splits the wasm (.ci/split.mjs), so that both see
// the files as shipped.
// Running it twice gives the same result: the policy is replaced, not added.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, splitBuild } from './split.mjs';

/** Files in the build that the app never loads, so never precached. */
const NOT_PRECACHED = new Set(['sw.js', 'og-image.png']);

/** Style sheets (by source name) no screen in the first load uses. */
const DEFERRED_STYLES = ['present', 'task-list'];

/** Links the deferred style sheets `disabled` (once: a rerun changes nothing). */
export function withDeferredStyles(html) {
  for (const name of DEFERRED_STYLES) {
    const link = new RegExp(`<link rel="stylesheet" href="\\./${name}-[0-9a-f]+\\.css"[^>]*?(/?)>`);
    const found = html.match(link);
    if (!found) throw new Error(`index.html: no link to the ${name} style sheet`);
    if (!/\sdisabled\b/.test(found[0])) {
      html = html.replace(link, (m, slash) => `${m.slice(0, m.length - slash.length - 1)} disabled${slash}>`);
    }
  }
  return html;
}

/** The policy for the hosted app; `{scripts}` are the inline scripts' hashes. */
export function hostedPolicy(scripts) {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${scripts.join(' ')}`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export const sha = (algorithm, data) =>
  `${algorithm}-${crypto.createHash(algorithm).update(data).digest('base64')}`;

/** The text of every inline `<script>` (one without `src`), in order. */
export function inlineScripts(html) {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
}

/** Sets (or replaces) the CSP meta element right after the charset. */
export function withPolicy(html, policy) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  const existing = /<meta http-equiv="Content-Security-Policy"[^>]*>/i;
  if (existing.test(html)) return html.replace(existing, meta);
  const charset = /<meta charset="utf-8">/i;
  if (!charset.test(html)) throw new Error('index.html: no <meta charset="utf-8"> to put the policy after');
  return html.replace(charset, (m) => `${m}\n  ${meta}`);
}

function withSiteUrl(html, siteUrl) {
  const base = siteUrl.endsWith('/') ? siteUrl : siteUrl + '/';
  html = html.replace(/(<meta property="og:image" content=")([^"]*)"/, (_, head, rel) => `${head}${new URL(rel, base)}"`);
  const ogUrl = `<meta property="og:url" content="${base}">`;
  return /<meta property="og:url"/.test(html)
    ? html.replace(/<meta property="og:url"[^>]*>/, ogUrl)
    : html.replace(/(<meta property="og:type"[^>]*>)/, `$1\n  ${ogUrl}`);
}

function filesUnder(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

/**
 * Runs the steps on a built folder. Returns the version id, the
 * precached files and their total size.
 */
export function postbuild(dir, { siteUrl = process.env.SITE_URL, release = true } = {}) {
  const indexPath = path.join(dir, 'index.html');
  let html = fs.readFileSync(indexPath, 'utf8');
  const scripts = inlineScripts(html);
  // The release page has exactly Trunk's start-up script; a development
  // build adds Trunk's live-reload script, allowed the same way.
  if (release && scripts.length !== 1) {
    throw new Error(`index.html: expected Trunk's one inline start-up script, found ${scripts.length}`);
  }
  html = withPolicy(html, hostedPolicy(scripts.map((s) => `'${sha('sha256', s)}'`)));
  if (siteUrl) html = withSiteUrl(html, siteUrl);
  html = withDeferredStyles(html);
  fs.writeFileSync(indexPath, html);

  const files = filesUnder(dir)
    .filter((f) => !NOT_PRECACHED.has(f))
    .sort()
    .map((url) => {
      const bytes = fs.readFileSync(path.join(dir, url));
      return { url, integrity: sha('sha256', bytes), bytes: bytes.length };
    });
  const version = crypto.createHash('sha256')
    .update(files.map((f) => `${f.url} ${f.integrity}\n`).join(''))
    .digest('hex')
    .slice(0, 16);
  const swPath = path.join(dir, 'sw.js');
  const sw = fs.readFileSync(swPath, 'utf8');
  const line = /^const BUILD = .*;$/m;
  if (!line.test(sw)) throw new Error('sw.js: no `const BUILD = …;` line to fill in');
  const build = { version, files: files.map(({ url, integrity }) => ({ url, integrity })) };
  fs.writeFileSync(swPath, sw.replace(line, `const BUILD = ${JSON.stringify(build)};`));
  return { version, files, bytes: files.reduce((sum, f) => sum + f.bytes, 0) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
  const profile = process.env.TRUNK_PROFILE ?? 'release';
  const release = profile === 'release';
  const started = performance.now();
  // Trunk's own run (not a rerun on a finished dist/): split the wasm first,
  // so that the policy and the precache list see the files as shipped.
  // SPLIT_KEEP_NAMES=1 keeps the function names, for a profile of the start-up.
  if (process.env.TRUNK_STAGING_DIR) console.log(describe(splitBuild(dir, { profile, keepNames: process.env.SPLIT_KEEP_NAMES === '1' })));
  const { version, files, bytes } = postbuild(dir, { release });
  const ms = Math.round(performance.now() - started);
  console.log(`postbuild: version ${version}, ${files.length} files precached, ${bytes} bytes, ${ms} ms`);
}
