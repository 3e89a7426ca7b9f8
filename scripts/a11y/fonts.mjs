#!/usr/bin/env node
// Web fonts check of a built policyforge site: usage `node scripts/a11y/fonts.mjs SITE_DIR`.
//
// The site root is served on 127.0.0.1 for its own pages, and each school's folder is served on
// its own, as a school's web admin uploads it, so any request that leaves the folder fails. On each
// checked page, after `document.fonts.ready`: the computed font family of the body text must begin
// with "Atkinson Hyperlegible", `document.fonts.check()` must hold for the regular and bold faces,
// the page's own Atkinson Hyperlegible faces must have loaded, and no request may fail or leave the
// served folder. Exit 0: all good; 1: a page falls short; 2: the check could not run.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { SETUP_ERROR, SetupError, launch, serve, siteRoot } from "./browser.mjs";

const FAMILY = "Atkinson Hyperlegible";

// Runs inside the page.
async function fontReport(family) {
  await document.fonts.ready;
  const body = getComputedStyle(document.body).fontFamily;
  const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, "") === family);
  return {
    body,
    regular: document.fonts.check(`400 16px "${family}"`),
    bold: document.fonts.check(`700 16px "${family}"`),
    loaded: faces.filter((f) => f.status === "loaded").map((f) => `${f.style} ${f.weight}`),
    failed: faces.filter((f) => f.status === "error").map((f) => `${f.style} ${f.weight}`),
  };
}

async function checkPages(root, rels, problems) {
  const server = await serve(root);
  const browser = await launch(server.origin);
  try {
    for (const rel of rels) {
      const bad = [];
      const onFail = (req) => {
        const why = req.failure()?.errorText ?? "failed";
        // Chromium cancels a tab icon's request whenever it likes (a page done loading, the next
        // navigation): an aborted icon is not a missing file, which `response` would show as 404.
        if (why === "net::ERR_ABORTED" && req.url().endsWith("/favicon.svg")) return;
        bad.push(`${req.url()} (${why})`);
      };
      const onResponse = (res) => {
        if (res.status() >= 400) bad.push(`${res.url()} (HTTP ${res.status()})`);
      };
      browser.page.on("requestfailed", onFail);
      browser.page.on("response", onResponse);
      const where = `${path.basename(root)}/${rel}`;
      const response = await browser.page.goto(server.urlOf(rel), { waitUntil: "load" });
      if (!response || !response.ok()) throw new SetupError(`${where} does not load`);
      const r = await browser.page.evaluate(fontReport, FAMILY);
      browser.page.off("requestfailed", onFail);
      browser.page.off("response", onResponse);
      const first = r.body.split(",")[0].trim().replace(/"/g, "");
      const line = `${where}: body font "${first}", loaded [${r.loaded.join(", ")}]`;
      const why = [];
      if (first !== FAMILY) why.push(`computed font family is ${r.body}`);
      if (!r.regular || !r.bold) why.push("document.fonts.check() fails for the regular or bold face");
      if (r.loaded.length === 0) why.push("no Atkinson Hyperlegible face loaded");
      if (r.failed.length) why.push(`faces failed to load: ${r.failed.join(", ")}`);
      if (bad.length) why.push(`requests failed or left the folder: ${bad.join("; ")}`);
      if (browser.external.size) why.push(`external requests: ${[...browser.external].join(", ")}`);
      if (why.length) problems.push(`${where}: ${why.join("; ")}`);
      console.log(why.length ? `FAIL ${line}` : `ok   ${line}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main() {
  const site = await siteRoot(process.argv[2]);
  const problems = [];
  let pages = 0;
  await checkPages(site, ["index.html"], problems);
  pages += 1;
  const schools = path.join(site, "schools");
  const names = (await readdir(schools, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    const dir = path.join(schools, name);
    const rels = ["index.html"];
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== "assets") {
        const sub = await readdir(path.join(dir, e.name));
        if (sub.includes("index.html")) rels.push(`${e.name}/index.html`);
      }
    }
    rels.sort();
    await checkPages(dir, rels.slice(0, 3), problems);
    pages += Math.min(rels.length, 3);
  }
  console.log(`fonts: ${pages} pages checked, ${problems.length} with problems`);
  for (const p of problems) console.log(`  ${p}`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((err) => {
  console.error(`fonts: ${err instanceof SetupError ? "" : "could not run: "}${err.message}`);
  process.exit(SETUP_ERROR);
});
