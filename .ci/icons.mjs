// Renders the app's PNG icons and link-preview image from public/favicon.svg
// with the system Chromium. Run by hand when the icon changes; the PNGs are
// committed, so builds never need this:  node .ci/icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pub = path.join(root, 'public');
const svg = fs.readFileSync(path.join(pub, 'favicon.svg'), 'utf8');
const paper = '#f6f4ef';
const accent = '#8b1a1a';

// Each output: size and the page that draws it at that size.
const outputs = [
  // "any": the icon as drawn, rounded corners transparent.
  ['icon-192.png', 192, 192, `<div style="width:192px;height:192px">${svg}</div>`],
  ['icon-512.png', 512, 512, `<div style="width:512px;height:512px">${svg}</div>`],
  // "maskable": a full-bleed background, the drawing inside the 80 % safe zone.
  ['icon-maskable-512.png', 512, 512,
    `<div style="width:512px;height:512px;background:${accent};display:grid;place-items:center">
       <div style="width:400px;height:400px">${svg}</div></div>`],
  // iOS home screen icon (it ignores the manifest).
  ['apple-touch-icon.png', 180, 180,
    `<div style="width:180px;height:180px;background:${accent};display:grid;place-items:center">
       <div style="width:150px;height:150px">${svg}</div></div>`],
  // Open Graph preview: 1200×630, the size link previews expect.
  ['og-image.png', 1200, 630,
    `<div style="width:1200px;height:630px;background:${paper};display:flex;align-items:center;gap:48px;
                 padding:0 72px;box-sizing:border-box;font-family:'DejaVu Sans','Noto Sans',Arial,sans-serif;
                 border-top:18px solid ${accent}">
       <div style="flex:0 0 220px;height:220px">${svg}</div>
       <div style="color:#1f2328">
         <div style="font-size:30px;letter-spacing:.08em;text-transform:uppercase;color:#55606b">UBND tỉnh Kiên Giang</div>
         <div style="font-size:62px;font-weight:700;color:${accent};line-height:1.1;margin:12px 0 20px;white-space:nowrap">Kế hoạch 22/KH-UBND</div>
         <div style="font-size:34px;line-height:1.3">Theo dõi thực hiện<br>Nghị quyết 01/NQ-CP năm 2021</div>
         <div style="font-size:26px;margin-top:24px;color:#55606b">Chạy trong trình duyệt · dùng được khi không có mạng</div>
       </div></div>`],
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
for (const [name, width, height, body] of outputs) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.setContent(`<!doctype html><meta charset="utf-8">
    <style>html,body{margin:0;background:transparent}svg{display:block;width:100%;height:100%}</style>${body}`);
  await page.screenshot({ path: path.join(pub, name), omitBackground: true });
  await page.close();
  console.log(`public/${name}`, fs.statSync(path.join(pub, name)).size, 'bytes');
}
await browser.close();
