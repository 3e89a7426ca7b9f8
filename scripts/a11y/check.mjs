#!/usr/bin/env node
// Accessibility check of a built policyforge site: usage `node scripts/a11y/check.mjs SITE_DIR`.
//
// Serves SITE_DIR on 127.0.0.1, groups its pages by <meta name="policyforge-page" content="TYPE">,
// requires every type in REQUIRED_TYPES, and runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) plus
// this project's own page rules on the first MAX_PER_TYPE pages of each type in path order, in
// one Chromium, one page at a time. Exit 0: no violations; 1: violations or a missing page type;
// 2: the check could not run.
//
// Environment: A11Y_MAX_PER_TYPE (default 3; 0 checks every page), CHROMIUM (default /usr/bin/chromium).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { SETUP_ERROR, SetupError, htmlFiles, launch, serve, siteRoot } from "./browser.mjs";

const REQUIRED_TYPES = ["index", "trust", "school", "policy", "model-preview"];
const UNTYPED = "(no policyforge-page meta)";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const MAX_PER_TYPE = Number.parseInt(process.env.A11Y_MAX_PER_TYPE ?? "3", 10);
const SNIPPET = 240;
const NODES_SHOWN = 3;
const VIEWPORT = { width: 1280, height: 800 };

/** A policy's fragment for a content manager (`<policy>/embed.html`): no page of its own. */
const EMBED = "embed";

/** The page a content manager puts a fragment into, to check the fragment as visitors meet it. */
function hostPage(fragment, base) {
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><base href="${base}">` +
    `<title>A school website page</title></head><body><main><h1>Our policies</h1>${fragment}</main></body></html>`;
}

/** The page type a file declares, or UNTYPED. Attribute order and quoting may vary. */
function pageType(html, file) {
  if (/(^|\/)embed\.html$/.test(file) && html.trimStart().startsWith('<div class="policyforge-embed"')) return EMBED;
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attr = (name) => tag.match(new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"));
    const n = attr("name");
    if (n && (n[1] ?? n[2] ?? n[3]).toLowerCase() === "policyforge-page") {
      const c = attr("content");
      return c ? (c[1] ?? c[2] ?? c[3]).trim() : UNTYPED;
    }
  }
  return UNTYPED;
}

// Runs inside the page: this project's own rules, reported in axe's shape.
function pageRules() {
  const snippet = (el) => {
    const open = el.outerHTML.match(/^<[^>]*>/)?.[0] ?? "";
    const text = el.textContent.replace(/\s+/g, " ").trim();
    return el.outerHTML.length <= 240 ? el.outerHTML : `${open}${text.slice(0, 120)}…`;
  };
  const selector = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && e !== document.documentElement; e = e.parentElement) {
      if (e.id) {
        parts.unshift(`#${CSS.escape(e.id)}`);
        break;
      }
      const same = [...(e.parentElement?.children ?? [])].filter((s) => s.tagName === e.tagName);
      const nth = same.length > 1 ? `:nth-of-type(${same.indexOf(e) + 1})` : "";
      parts.unshift(e.tagName.toLowerCase() + nth);
    }
    return parts.join(" > ") || "html";
  };
  const node = (el, summary) => ({ target: [selector(el)], html: snippet(el), failureSummary: summary });
  const shown = (el) => el.checkVisibility() && !el.closest('[aria-hidden="true"]');
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
    .filter(shown)
    .map((el) => {
      const level = /^H[1-6]$/.test(el.tagName) && !el.hasAttribute("aria-level")
        ? Number(el.tagName[1])
        : Number(el.getAttribute("aria-level") ?? 2);
      return { el, level };
    });

  const out = [];
  const lang = document.documentElement.getAttribute("lang");
  if (lang !== "en-GB") {
    out.push({
      id: "policyforge-html-lang-en-gb",
      impact: "serious",
      help: 'The <html> element must have lang="en-GB"',
      nodes: [{ target: ["html"], html: document.documentElement.outerHTML.match(/^<[^>]*>/)[0],
        failureSummary: lang === null ? "lang is missing" : `lang is "${lang}"` }],
    });
  }
  const h1s = headings.filter((h) => h.level === 1);
  if (h1s.length !== 1) {
    out.push({
      id: "policyforge-one-h1",
      impact: "moderate",
      help: "A page must have exactly one <h1>",
      nodes: h1s.length === 0
        ? [{ target: ["body"], html: "<body>", failureSummary: "the page has no visible <h1>" }]
        : h1s.map((h) => node(h.el, `the page has ${h1s.length} <h1> elements`)),
    });
  }
  const skips = [];
  let previous = 0;
  for (const h of headings) {
    if (h.level > previous + 1) {
      skips.push(node(h.el, previous === 0
        ? `the first heading is level ${h.level}, not 1`
        : `a level ${h.level} heading follows a level ${previous} heading`));
    }
    previous = h.level;
  }
  if (skips.length) {
    out.push({ id: "policyforge-heading-levels", impact: "moderate", help: "Heading levels must not be skipped", nodes: skips });
  }
  return out;
}

// Runs inside the page: how wide the page is, and the outermost element that sticks out.
function overflow() {
  const vw = document.documentElement.clientWidth;
  const all = [...document.querySelectorAll("body *")];
  // An element that sticks out itself, else the innermost one whose text overflows it.
  const out = all.find((e) => e.getBoundingClientRect().right > vw + 1)
    ?? all.findLast((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible");
  const name = out ? out.tagName.toLowerCase() + (out.id ? `#${out.id}` : out.classList.length ? `.${out.classList[0]}` : "") : "";
  return { width: document.documentElement.scrollWidth, viewport: vw, element: name };
}

// Runs inside the page: whether any stylesheet has a dark colour scheme to check as well. (A bare
// `color-scheme: light dark` is not enough: axe takes the default canvas to be white, so it would
// measure the dark scheme's default colours against the wrong background.)
function hasDarkScheme() {
  const dark = (rules) => [...rules].some((r) =>
    (r.media && /prefers-color-scheme:\s*dark/.test(r.media.mediaText)) || (r.cssRules && dark(r.cssRules)));
  return [...document.styleSheets].some((s) => {
    try {
      return (s.media && /prefers-color-scheme:\s*dark/.test(s.media.mediaText)) || dark(s.cssRules);
    } catch {
      return false;
    }
  });
}

function clip(s, n = SNIPPET) {
  const one = String(s ?? "").replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function printViolation(page, v) {
  console.log(`VIOLATION ${page}  ${v.id}  [${v.impact ?? "n/a"}]  ${v.help}  (${v.nodes.length} element${v.nodes.length === 1 ? "" : "s"})`);
  for (const n of v.nodes.slice(0, NODES_SHOWN)) {
    console.log(`    target: ${n.target.flat().join(" ")}`);
    console.log(`    html:   ${clip(n.html)}`);
    if (n.failureSummary) console.log(`    why:    ${clip(n.failureSummary.replace(/^Fix (any|all) of the following:\s*/, ""), 300)}`);
  }
  if (v.nodes.length > NODES_SHOWN) console.log(`    … and ${v.nodes.length - NODES_SHOWN} more element(s)`);
  if (v.helpUrl) console.log(`    more:   ${v.helpUrl}`);
}

async function main() {
  const started = Date.now();
  if (process.argv.length !== 3) throw new SetupError("usage: node scripts/a11y/check.mjs SITE_DIR");
  const root = await siteRoot(process.argv[2]);
  if (!Number.isInteger(MAX_PER_TYPE) || MAX_PER_TYPE < 0) throw new SetupError("A11Y_MAX_PER_TYPE must be a whole number");
  const files = await htmlFiles(root);
  if (files.length === 0) throw new SetupError(`no .html files under ${root}`);

  const byType = new Map();
  for (const f of files) {
    const type = pageType(await readFile(path.join(root, f), "utf8"), f);
    if (!byType.has(type)) byType.set(type, []);
    byType.get(type).push(f);
  }
  const types = [...byType.keys()].sort((a, b) => {
    const ra = REQUIRED_TYPES.indexOf(a), rb = REQUIRED_TYPES.indexOf(b);
    return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb) || (a < b ? -1 : a > b ? 1 : 0);
  });
  const missing = REQUIRED_TYPES.filter((t) => !byType.has(t));
  const chosen = types.flatMap((t) => {
    const pages = byType.get(t);
    const take = MAX_PER_TYPE === 0 ? pages : pages.slice(0, MAX_PER_TYPE);
    console.log(`${t}: ${pages.length} page(s), checking ${take.length}`);
    return take.map((p) => ({ path: p }));
  });

  const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  const server = await serve(root);
  const browser = await launch(server.origin, VIEWPORT);
  const broken = new Set();
  let current = "";
  browser.page.on("response", (r) => {
    if (r.status() >= 400) broken.add(`${current} -> ${r.url().slice(server.origin.length)} (HTTP ${r.status()})`);
  });

  let violations = 0;
  const reflow = [];
  try {
    for (const { path: rel } of chosen) {
      current = rel;
      const page = browser.page;
      const response = await page.goto(server.urlOf(rel), { waitUntil: "load", timeout: 30_000 });
      if (!response || !response.ok()) throw new SetupError(`${rel} did not load (${response?.status()})`);
      if (byType.get(EMBED)?.includes(rel)) {
        const fragment = await readFile(path.join(root, rel), "utf8");
        await page.setContent(hostPage(fragment, server.urlOf(rel)), { waitUntil: "load" });
      }
      await page.evaluate(axeSource);
      const run = (options) => page.evaluate((o) => window.axe.run(document, o), options);
      const axe = await run({ runOnly: { type: "tag", values: AXE_TAGS }, resultTypes: ["violations"] });
      const found = [...axe.violations, ...(await page.evaluate(pageRules))];
      if (await page.evaluate(hasDarkScheme)) {
        await page.emulateMedia({ colorScheme: "dark" });
        const dark = await run({ runOnly: { type: "rule", values: ["color-contrast"] }, resultTypes: ["violations"] });
        await page.emulateMedia({ colorScheme: "light" });
        found.push(...dark.violations.map((v) => ({ ...v, id: `${v.id} (dark colour scheme)` })));
      }
      // Reflow (WCAG 1.4.10) is reported, not failed on: axe has no rule for it, and wide data
      // tables are an allowed exception when they scroll on their own.
      await page.setViewportSize({ width: 320, height: 640 });
      const wide = await page.evaluate(overflow);
      await page.setViewportSize(VIEWPORT);
      if (wide.width > wide.viewport) reflow.push(`${rel} is ${wide.width} px wide at 320 px (first: ${wide.element})`);
      for (const v of found) printViolation(rel, v);
      violations += found.length;
    }
  } finally {
    await browser.close();
    await server.close();
  }

  for (const r of reflow) console.log(`note: reflow: ${r}; the page scrolls sideways on a phone`);
  for (const b of [...broken].sort()) console.log(`note: missing file: ${b}`);
  for (const u of [...browser.external].sort()) console.log(`note: a checked page asked for an outside address (blocked): ${clip(u, 160)}`);
  let failed = violations > 0;
  if (missing.length) {
    console.log(`MISSING page type(s): ${missing.join(", ")} — no page has <meta name="policyforge-page" content="TYPE"> for them`);
    failed = true;
  }
  console.log(`a11y: took ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(`a11y: ${chosen.length} pages checked, ${violations} violations`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`a11y: setup error: ${err instanceof SetupError ? err.message : err.stack ?? err}`);
    process.exit(SETUP_ERROR);
  },
);
