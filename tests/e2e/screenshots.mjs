// Takes screenshots of the built app for people to look at (not a test):
//   node tests/e2e/screenshots.mjs [out-dir] [route ...]
// Each route is shot at phone (390×844), laptop (1366×768) and projector
// (1920×1080) sizes; names are route-width.png.
import fs from 'node:fs';
import { startServer, launch, openPage, ready } from './harness.mjs';

const out = process.argv[2] ?? 'docs/screenshots';
const routes = process.argv.slice(3);
const sizes = [[390, 844], [1366, 768], [1920, 1080]];
fs.mkdirSync(out, { recursive: true });
const srv = await startServer();
const browser = await launch();
for (const route of routes.length ? routes : ['#/bia']) {
  for (const [width, height] of sizes) {
    const { page, errors, ctx } = await openPage(browser, { viewport: { width, height } });
    await page.goto(srv.app + route);
    await ready(page);
    await page.waitForTimeout(300);
    const name = `${out}/${route.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home'}-${width}.png`;
    await page.screenshot({ path: name });
    console.log(name, errors.length ? `errors: ${errors.join(' | ')}` : '');
    await ctx.close();
  }
}
await browser.close();
await srv.close();
