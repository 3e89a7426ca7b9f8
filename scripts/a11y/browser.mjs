// Serves a built site on loopback and drives Debian's Chromium over it, for check.mjs and
// ../screenshot.mjs. No browser is ever downloaded: playwright-core only talks to /usr/bin/chromium.
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

/** Exit code for "the check could not run" (as opposed to "the site has problems"). */
export const SETUP_ERROR = 2;

export class SetupError extends Error {}

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".ics": "text/calendar; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".pdf": "application/pdf",
};

/** Checks that SITE_DIR is a directory and returns its absolute path. */
export async function siteRoot(dir) {
  if (!dir) throw new SetupError("no SITE_DIR given");
  const root = path.resolve(dir);
  const st = await stat(root).catch(() => null);
  if (!st || !st.isDirectory()) throw new SetupError(`${dir} is not a directory (build the site first)`);
  return root;
}

/** Every *.html file under root, as sorted '/'-separated paths relative to root. */
export async function htmlFiles(root) {
  const found = [];
  async function walk(rel) {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile() && /\.html?$/i.test(e.name)) found.push(child);
    }
  }
  await walk("");
  // Plain code-unit order, so the choice of pages does not depend on the machine's locale.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Serves root read-only on 127.0.0.1 at a random port; resolves to { origin, urlOf, close }. */
export async function serve(root) {
  const server = http.createServer(async (req, res) => {
    try {
      let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
      let file = path.join(root, path.normalize(rel));
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      let st = await stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        file = path.join(file, "index.html");
        st = await stat(file).catch(() => null);
      }
      if (!st || !st.isFile()) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const type = MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream";
      res.writeHead(200, { "content-type": type, "content-length": st.size, "cache-control": "no-store" });
      if (req.method === "HEAD") res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(400).end("bad request");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    urlOf: (rel) => `${origin}/${rel.split("/").map(encodeURIComponent).join("/")}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Starts headless Chromium with a fresh profile (`origin` may be `file://` for a folder opened
 * from disk). Requests that leave the local server are
 * aborted (the machine has no network, and a published site should not need one) and counted
 * in `external`. Resolves to { context, page, external, close }.
 */
export async function launch(origin, { width = 1280, height = 800, javaScriptEnabled = true } = {}) {
  const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
  const st = await stat(executablePath).catch(() => null);
  if (!st) throw new SetupError(`no Chromium at ${executablePath} (apt-get install chromium)`);
  const profile = await mkdtemp(path.join(os.tmpdir(), "policyforge-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width, height },
      javaScriptEnabled,
      locale: "en-GB",
      timeout: 60_000,
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw new SetupError(`Chromium did not start: ${err.message.split("\n")[0]}`);
  }
  const external = new Set();
  await context.route(
    (url) => !url.href.startsWith(origin + "/") && !url.protocol.startsWith("data") && url.protocol !== "about:",
    (route) => {
      external.add(route.request().url());
      return route.abort();
    },
  );
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    external,
    close: async () => {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}
