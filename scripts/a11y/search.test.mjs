#!/usr/bin/env node
// Browser test of the search in a school's folder: usage `node scripts/a11y/search.test.mjs SITE_DIR`.
//
// As a web admin previews a folder (file://) and as a parent meets it on the school's website (a
// static HTTP server on 127.0.0.1): type a word found only in the school's social media policy,
// get one result naming that policy's section, follow it with the keyboard and land on the right
// heading. Also: the trust's pages search all its schools, and a page without JavaScript has no
// broken search box. Exit 0: all passed; 1: a check failed; 2: the test could not run.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { SETUP_ERROR, SetupError, launch, serve, siteRoot } from "./browser.mjs";

const SCHOOL = "kestrel-vale-academy";
const TRUST = "cmat";
// In Kestrel Vale Academy's social media policy, and nowhere else in its folder.
const WORD = "microblogging";
const POLICY_PAGE = "social-media/index.html";

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures += 1;
}

/** The entries of a school's search index file, read the way a browser would run it. */
async function indexEntries(file, school) {
  const sandbox = { window: {} };
  vm.runInNewContext(await readFile(file, "utf8"), sandbox);
  return sandbox.window.policyforgeSearchIndex?.[school]?.entries ?? [];
}

/** Types a query into the page's search box and returns the results' links and the status. */
async function search(page, query) {
  const box = page.getByRole("searchbox");
  await box.waitFor({ state: "visible", timeout: 10_000 });
  await box.fill(query);
  await page.waitForFunction(
    (q) => document.querySelector(".site-search-status")?.textContent.includes(q),
    query,
    { timeout: 10_000 },
  );
  const status = await page.locator(".site-search-status").textContent();
  const links = await page.locator(".site-search-results a").evaluateAll((as) =>
    as.map((a) => ({ href: a.href, text: a.textContent.trim() })));
  return { status, links };
}

/** The text of the section a heading opens: the heading and what follows until the next one. */
function sectionText(id) {
  const heading = document.getElementById(id);
  if (!heading) return null;
  const level = Number(heading.tagName[1]);
  let text = heading.textContent;
  for (let el = heading.nextElementSibling; el; el = el.nextElementSibling) {
    if (/^H[1-6]$/.test(el.tagName) && Number(el.tagName[1]) <= level) break;
    text += " " + el.textContent;
  }
  return text;
}

async function schoolSearch(where, urlOf, origin) {
  const browser = await launch(origin, { width: 390, height: 844 });
  try {
    const page = browser.page;
    await page.goto(urlOf(`schools/${SCHOOL}/index.html`), { waitUntil: "load" });
    const { status, links } = await search(page, WORD);
    check(status.startsWith("1 result"), `${where}: the search says it found one result ("${status.trim()}")`);
    check(links.length === 1, `${where}: one result listed (${links.length})`);
    const link = links[0];
    check(!!link && link.text.startsWith("Social Media Policy ›"), `${where}: the result names the policy and its section ("${link?.text}")`);
    check(await page.locator(".site-search-results mark").count() > 0, `${where}: the snippet marks the word`);
    // axe-core over the page with the results showing, so the search UI itself is checked.
    const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await page.evaluate(axeSource);
    const axe = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }), AXE_TAGS);
    for (const v of axe.violations) console.log(`     axe: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    check(axe.violations.length === 0, `${where}: axe finds no violations with the results showing (${axe.violations.length})`);
    // Follow it with the keyboard: down from the box to the result, then Enter.
    await page.getByRole("searchbox").press("ArrowDown");
    const focused = await page.evaluate(() => document.activeElement?.closest(".site-search-results") !== null);
    check(focused, `${where}: ArrowDown moves from the box to the result`);
    await Promise.all([page.waitForURL((u) => u.hash.length > 1, { timeout: 10_000 }), page.keyboard.press("Enter")]);
    const url = new URL(page.url());
    check(url.pathname.endsWith(`/schools/${SCHOOL}/${POLICY_PAGE}`), `${where}: the result opens the social media policy (${url.pathname})`);
    const id = decodeURIComponent(url.hash.slice(1));
    const text = await page.evaluate(sectionText, id);
    check(text !== null, `${where}: the page has the heading #${id}`);
    check((text ?? "").toLowerCase().includes(WORD), `${where}: the section #${id} holds "${WORD}"`);
    // From a page deeper in the folder, the same search finds the same section.
    await page.goto(urlOf(`schools/${SCHOOL}/leaflet/index.html`), { waitUntil: "load" });
    const deeper = await search(page, WORD);
    check(deeper.links.length === 1 && deeper.links[0].href === link?.href, `${where}: the leaflet page's search gives the same result`);
    const none = await search(page, "zzzqqq");
    check(none.links.length === 0 && none.status.startsWith("No results"), `${where}: a word found nowhere says so`);
    check(browser.external.size === 0, `${where}: nothing was asked of another address (${[...browser.external].join(", ")})`);
  } finally {
    await browser.close();
  }
}

async function trustSearch(urlOf, origin) {
  const browser = await launch(origin);
  try {
    const page = browser.page;
    await page.goto(urlOf(`trusts/${TRUST}/index.html`), { waitUntil: "load" });
    const { links } = await search(page, WORD);
    const ours = links.find((l) => l.href.includes(`/schools/${SCHOOL}/${POLICY_PAGE}#`));
    check(!!ours, `trust: the trust's search finds ${SCHOOL}'s section (${links.length} results)`);
    check(links.every((l) => l.text.includes(": Social Media Policy")), "trust: each result names its school and policy");
  } finally {
    await browser.close();
  }
}

async function withoutJavaScript(urlOf, origin) {
  const browser = await launch(origin, { javaScriptEnabled: false });
  try {
    const page = browser.page;
    await page.goto(urlOf(`schools/${SCHOOL}/index.html`), { waitUntil: "load" });
    check(!(await page.locator("form.site-search").isVisible()), "no JavaScript: the search box is not shown");
    check(await page.getByRole("link", { name: "Social Media Policy" }).first().isVisible(), "no JavaScript: the policies are listed");
  } finally {
    await browser.close();
  }
}

async function main() {
  if (process.argv.length !== 3) throw new SetupError("usage: node scripts/a11y/search.test.mjs SITE_DIR");
  const root = await siteRoot(process.argv[2]);
  const entries = await indexEntries(path.join(root, "schools", SCHOOL, "assets", "search-index.js"), SCHOOL).catch(() => {
    throw new SetupError(`no search index in ${root}/schools/${SCHOOL}/assets (build the sample first)`);
  });
  const holding = entries.filter((e) => `${e.heading} ${e.text}`.toLowerCase().includes(WORD));
  if (holding.length !== 1 || holding[0].href !== POLICY_PAGE) {
    throw new SetupError(`"${WORD}" should be in exactly one section of ${SCHOOL}'s social media policy; found in ${holding.map((e) => e.href + "#" + e.anchor).join(", ") || "none"}`);
  }

  const fileUrl = (rel) => pathToFileURL(path.join(root, rel)).href;
  await schoolSearch("file://", fileUrl, "file://");
  const server = await serve(root);
  try {
    await schoolSearch("http://127.0.0.1", server.urlOf, server.origin);
    await trustSearch(server.urlOf, server.origin);
    await withoutJavaScript(server.urlOf, server.origin);
  } finally {
    await server.close();
  }
  console.log(`search: ${failures === 0 ? "all checks passed" : `${failures} check(s) failed`}`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`search: setup error: ${err instanceof SetupError ? err.message : err.stack ?? err}`);
    process.exit(SETUP_ERROR);
  },
);
