#!/usr/bin/env node
// Full-page screenshot of one page of a built site, to look at what a reader sees:
//   node scripts/screenshot.mjs SITE_DIR relative/page.html out.png [width]
// Needs `npm ci --prefix scripts/a11y` once, and Debian's chromium. Environment: CHROMIUM,
// COLOR_SCHEME=dark to see the dark colour scheme.
import path from "node:path";
import { SETUP_ERROR, SetupError, launch, serve, siteRoot } from "./a11y/browser.mjs";

async function main() {
  const [dir, page, out, width = "1280"] = process.argv.slice(2);
  if (!dir || !page || !out || process.argv.length > 6) {
    throw new SetupError("usage: node scripts/screenshot.mjs SITE_DIR relative/page.html out.png [width]");
  }
  const w = Number.parseInt(width, 10);
  if (!(w >= 200 && w <= 4000)) throw new SetupError(`width ${width} is not a number of pixels between 200 and 4000`);
  const root = await siteRoot(dir);
  const server = await serve(root);
  const browser = await launch(server.origin, { width: w, height: 800 });
  try {
    if (process.env.COLOR_SCHEME) await browser.page.emulateMedia({ colorScheme: process.env.COLOR_SCHEME });
    const rel = page.replace(/^\/+/, "").split(path.sep).join("/");
    const response = await browser.page.goto(server.urlOf(rel), { waitUntil: "load", timeout: 30_000 });
    if (!response || !response.ok()) throw new SetupError(`${rel} did not load (HTTP ${response?.status()})`);
    await browser.page.screenshot({ path: out, fullPage: true });
    const size = await browser.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    console.log(`${out}: ${rel} at ${size[0]}x${size[1]} px`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`screenshot: ${err instanceof SetupError ? err.message : err.stack ?? err}`);
    process.exit(SETUP_ERROR);
  },
);
