// Reading on a phone and on a wide screen: a browser test of a built policyforge site.
//
//   node --test scripts/a11y/layout.test.mjs            (the site in ./site)
//   POLICYFORGE_SITE=/path/to/site node --test scripts/a11y/layout.test.mjs
//
// Serves the site on 127.0.0.1 and opens every page of every page type (by
// <meta name="policyforge-page">) in Debian's Chromium at 320, 390 and 1280 px wide, checking:
// - no page scrolls sideways at any width (WCAG 2.2 1.4.10 reflow, which axe does not test);
// - at 390 x 844 a policy page shows its first body heading above the fold;
// - the site's name (the school's, on a school's pages) appears once above the first heading;
// - no heading, and no contents entry, starts with two numbers ("1. 1. Rationale"), counting the
//   numbers a browser draws for an <ol>.
// Environment: POLICYFORGE_SITE (default "site"), LAYOUT_MAX_PER_TYPE (default 0: every page),
// CHROMIUM (default /usr/bin/chromium).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { htmlFiles, launch, serve, siteRoot } from "./browser.mjs";

const SITE = process.env.POLICYFORGE_SITE ?? "site";
const MAX_PER_TYPE = Number.parseInt(process.env.LAYOUT_MAX_PER_TYPE ?? "0", 10);
const WIDTHS = [320, 390, 1280];
const PHONE = { width: 390, height: 844 };
const REQUIRED_TYPES = ["index", "trust", "dashboard", "model-preview", "school", "policy", "changes", "leaflet"];

/** The page type a file declares, if any. */
function pageType(html) {
  const m = html.match(/<meta\s+name="policyforge-page"\s+content="([^"]*)"/i);
  return m ? m[1] : null;
}

// Runs inside the page: how far it scrolls sideways, and the first element that sticks out.
function sideways() {
  const vw = document.documentElement.clientWidth;
  const width = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const out = [...document.querySelectorAll("body *")].find((e) => e.getBoundingClientRect().right > vw + 1);
  const name = out ? out.tagName.toLowerCase() + (out.id ? `#${out.id}` : out.classList.length ? `.${out.classList[0]}` : "") : "";
  return { width, viewport: vw, element: name };
}

// Runs inside the page: the facts the checks need, as plain values.
function facts() {
  const shown = (el) => el.checkVisibility() && el.getClientRects().length > 0 && el.getBoundingClientRect().right > 0;
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(shown);
  const first = headings[0] ?? null;
  // The visible text above the first heading, in document order.
  let above = "";
  if (first) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (first.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING) break;
      if (first.contains(n)) break;
      const el = n.parentElement;
      if (el && shown(el) && !el.closest(".visually-hidden")) above += ` ${n.textContent}`;
    }
  }
  // Each heading's and contents entry's text as a reader sees it, with any list number drawn.
  const seen = headings.map((h) => h.textContent.replace(/\s+/g, " ").trim());
  for (const li of document.querySelectorAll("nav li, .toc li")) {
    if (!shown(li)) continue;
    const text = li.textContent.replace(/\s+/g, " ").trim();
    const style = getComputedStyle(li);
    const drawn = li.parentElement?.tagName === "OL" && style.display === "list-item" && style.listStyleType !== "none";
    seen.push(drawn ? `${[...li.parentElement.children].indexOf(li) + 1}. ${text}` : text);
  }
  const body = document.querySelector(".policy-text :is(h2, h3, h4, h5, h6)");
  const box = body?.getBoundingClientRect();
  const title = document.title;
  return {
    site: title.includes(" | ") ? title.slice(title.lastIndexOf(" | ") + 3).trim() : "",
    firstHeading: first ? first.textContent.trim() : null,
    above: above.replace(/\s+/g, " "),
    seen,
    bodyHeading: body ? { text: body.textContent.trim(), top: box.top + window.scrollY, bottom: box.bottom + window.scrollY } : null,
  };
}

const TWO_NUMBERS = /^\s*(\(?[0-9]+(\.[0-9]+)*[.):]?|[A-Za-z][.)])\s+\(?[0-9]+(\.[0-9]+)*[.):]?(\s|$)/;

const root = await siteRoot(SITE);
const byType = new Map();
for (const f of await htmlFiles(root)) {
  const type = pageType(await readFile(path.join(root, f), "utf8"));
  if (!type) continue;
  if (!byType.has(type)) byType.set(type, []);
  byType.get(type).push(f);
}

let server;
let browser;
before(async () => {
  server = await serve(root);
  browser = await launch(server.origin, PHONE);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(rel, viewport) {
  const page = browser.page;
  await page.setViewportSize(viewport);
  const response = await page.goto(server.urlOf(rel), { waitUntil: "load", timeout: 30_000 });
  assert.ok(response?.ok(), `${rel} did not load (HTTP ${response?.status()})`);
  return page;
}

test("the site has every page type", () => {
  const missing = REQUIRED_TYPES.filter((t) => !byType.has(t));
  assert.deepEqual(missing, [], `no page of type ${missing.join(", ")} in ${root}`);
});

for (const [type, all] of [...byType.entries()].sort()) {
  const pages = MAX_PER_TYPE > 0 ? all.slice(0, MAX_PER_TYPE) : all;
  describe(`${type} pages`, () => {
    for (const rel of pages) {
      test(rel, async () => {
        const problems = [];
        for (const width of WIDTHS) {
          const page = await open(rel, { width, height: width === PHONE.width ? PHONE.height : 800 });
          const wide = await page.evaluate(sideways);
          if (wide.width > wide.viewport) {
            problems.push(`at ${width} px it is ${wide.width} px wide and scrolls sideways (first: ${wide.element})`);
          }
          const f = await page.evaluate(facts);
          for (const text of f.seen) {
            if (TWO_NUMBERS.test(text)) problems.push(`at ${width} px a heading or contents entry starts with two numbers: "${text}"`);
          }
          if (width === PHONE.width) {
            if (!f.firstHeading) problems.push("it has no visible heading");
            if (f.site) {
              const times = f.above.split(f.site).length - 1;
              if (times !== 1) {
                problems.push(`"${f.site}" appears ${times} times above the first heading: "${f.above.trim().slice(0, 200)}"`);
              }
            } else if (["school", "policy", "changes", "leaflet"].includes(type)) {
              problems.push("its <title> does not end with ' | <school name>'");
            }
            if (type === "policy") {
              if (!f.bodyHeading) {
                problems.push("the policy text has no heading");
              } else if (f.bodyHeading.bottom > PHONE.height) {
                problems.push(`at 390 x 844 the first body heading "${f.bodyHeading.text}" ends at ${Math.round(f.bodyHeading.bottom)} px, below the fold`);
              }
            }
          }
        }
        assert.deepEqual(problems, [], `${rel}:\n  ${problems.join("\n  ")}`);
      });
    }
  });
}
