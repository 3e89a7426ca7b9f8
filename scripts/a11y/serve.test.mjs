// Browser tests of `policyforge serve` (the clerk's desk) in Debian's Chromium, with node's test
// runner: `node --test scripts/a11y/serve.test.mjs` after `cargo build --release`.
//
// A clerk opens a school's policy form (tests/fixtures/serve-every-field has every field type),
// fills every field, sees an error appear by a wrong date and go when corrected, sees the draft
// change, saves; the adoption file keeps its comments and records. Recording an approval from
// the page gives the same files as `policyforge approve`. The desk's pages have no axe
// violations, and a page open during a file edit reloads by itself.
//
// Environment: POLICYFORGE_BIN (default target/release/policyforge), CHROMIUM, SCREENSHOT=PATH
// (also saves a screenshot of the form and its preview there, for the README).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = process.env.POLICYFORGE_BIN ?? path.join(ROOT, "target/release/policyforge");
const TODAY = "2026-01-10";
const ENV = { ...process.env, POLICYFORGE_TODAY: TODAY };
const ADOPTION = "schools/hazel-primary/policies/visitors.yaml";
const FORM = "/_desk/hazel-primary/visitors/";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** A scratch repository: the every-field fixture with the project's themes. */
async function repository() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "policyforge-serve-"));
  await cp(path.join(ROOT, "tests/fixtures/serve-every-field"), dir, { recursive: true });
  await cp(path.join(ROOT, "themes"), path.join(dir, "themes"), { recursive: true });
  return dir;
}

/** Starts `serve` on a free port; resolves once its first line names the address. */
function serve(dir) {
  const child = spawn(BIN, ["serve", dir, "--port", "0"], { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const first = out.split("\n")[0];
      if (out.includes("\n")) {
        const m = first.match(/^Serving .* at (http:\/\/127\.0\.0\.1:\d+)\/$/);
        if (m) resolve({ origin: m[1], child, stderr: () => stderr });
        else reject(new Error(`unexpected first line: ${first}`));
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
  });
}

async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
}

/** Every file under dir, as path -> text. */
async function files(dir, rel = "") {
  const out = new Map();
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of await files(dir, child)) out.set(k, v);
    else out.set(child, await readFile(path.join(dir, child), "utf8"));
  }
  return out;
}

let dir;
let server;
let browser;
let page;
let original;

before(async () => {
  dir = await repository();
  original = await readFile(path.join(dir, ADOPTION), "utf8");
  server = await serve(dir);
  browser = await launch(server.origin, { width: 1400, height: 1000 });
  page = browser.page;
});

after(async () => {
  await browser?.close();
  if (server) {
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens a page; a reload that the previous page started itself (after a rebuild) may abort
 * the first attempt, so it is tried again. */
async function visit(url) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.goto(server.origin + url);
    } catch (err) {
      if (attempt >= 3 || !String(err.message).includes("ERR_ABORTED")) throw err;
      await page.waitForTimeout(300);
    }
  }
}

/** Opens `url` and waits until no rebuild is pending (a page open during one reloads itself). */
async function settle(url) {
  for (let attempt = 0; attempt < 20; attempt++) {
    await visit(url);
    await page.evaluate(() => (window.__settled = true)).catch(() => {});
    await page.waitForTimeout(800);
    if (await page.evaluate(() => window.__settled === true).catch(() => false)) return;
  }
  throw new Error("the server kept rebuilding");
}

const message = (name) => page.locator(`#f-${name}-msg`);

test("a clerk fills every field type, sees the checks and the draft, and saves", async () => {
  await visit(FORM);
  await page.locator("#f-last_reviewed_on-msg .msg-warning").waitFor();

  // Short text.
  await page.fill("#f-visitor_lead", "School Business Manager");
  // Markdown, with its own preview.
  await page.fill("#f-welcome_statement", "We are *glad* you came.\n\n- Sign in at reception\n- Wear your badge");
  await page.locator("#f-welcome_statement-preview em", { hasText: "glad" }).waitFor();
  // A date that does not exist: the error appears by the field, then goes once corrected.
  await page.fill("#f-last_reviewed_on", "2025-02-30");
  await message("last_reviewed_on").getByText("is not a date").waitFor();
  assert.equal(await page.getAttribute("#f-last_reviewed_on", "aria-invalid"), "true");
  await page.fill("#f-last_reviewed_on-picker", "2025-02-28");
  assert.equal(await page.inputValue("#f-last_reviewed_on"), "2025-02-28");
  await page.waitForFunction(() => !document.querySelector("#f-last_reviewed_on-msg").textContent.trim());
  assert.equal(await page.getAttribute("#f-last_reviewed_on", "aria-invalid"), null);
  // Email and web address: a wrong one is marked, a right one is not.
  await page.fill("#f-office_contact", "office.hazel-primary.example.org.uk");
  await message("office_contact").getByText("is not an email address").waitFor();
  await page.fill("#f-office_contact", "visits@hazel-primary.example.org.uk");
  await page.fill("#f-map_url", "https://www.hazel-primary.example.org.uk/find-us");
  // A list: add two items, remove one.
  await page.getByRole("button", { name: "Add an item to Entrances" }).click();
  await page.fill("#f-entrances-2", "Beech Lane gate: pupils only");
  await page.getByRole("button", { name: "Add an item to Entrances" }).click();
  await page.fill("#f-entrances-3", "Back door");
  await page.getByRole("button", { name: "Remove item 3 of Entrances" }).click();
  assert.equal(await page.locator("#f-entrances-items input").count(), 2);
  // Yes or no, and one of the choices.
  await page.check("#f-badges_worn-no");
  await page.selectOption("#f-dbs_check_by", "Office Manager");

  // The draft beside the form follows.
  const preview = page.locator("#draft-preview");
  await preview.getByText("The School Business Manager looks after every visitor").waitFor();
  await preview.getByText("Beech Lane gate: pupils only").waitFor();
  await preview.getByText("Visitors sign in at reception.").waitFor();
  await preview.locator("em", { hasText: "glad" }).waitFor();
  assert.equal(await preview.getByText("Back door").count(), 0);
  assert.match(await preview.textContent(), /DRAFT/);

  if (process.env.SCREENSHOT) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: process.env.SCREENSHOT });
  }
  assert.deepEqual(await axe(page), [], "the form page has accessibility violations");

  // Save: the page reloads itself with the saved answers once the site has rebuilt.
  const reloaded = page.waitForEvent("load");
  await page.getByRole("button", { name: "Save the answers" }).click();
  await page.locator("#flash").getByText("Saved into").waitFor();
  await reloaded;
  assert.equal(await page.inputValue("#f-visitor_lead"), "School Business Manager");
  await page.locator("#flash").getByText("Saved into").waitFor();

  const saved = await readFile(path.join(dir, ADOPTION), "utf8");
  const records = original.slice(original.indexOf("# Records below"));
  assert.ok(saved.endsWith(records), `the records changed:\n${saved}`);
  for (const line of [
    "# Visitors Policy for Hazel Primary School.",
    "# Filled in by the clerk after the spring term meeting.",
    "  # Agreed with the head in January.",
    "  visitor_lead: School Business Manager # not a person's name",
    "  welcome_statement: |-\n    We are *glad* you came.\n\n    - Sign in at reception\n    - Wear your badge",
    '  last_reviewed_on: "2025-02-28"',
    '  office_contact: "visits@hazel-primary.example.org.uk"',
    "  entrances:\n    - Main reception\n    - \"Beech Lane gate: pupils only\"",
    "  # Everyone wears one since 2024.\n  badges_worn: false",
    '  map_url: "https://www.hazel-primary.example.org.uk/find-us"',
    "  dbs_check_by: Office Manager",
  ]) {
    assert.ok(saved.includes(line), `missing ${JSON.stringify(line)} in:\n${saved}`);
  }
  const check = spawnSync(BIN, ["check", dir], { env: ENV, encoding: "utf8" });
  assert.equal(check.status, 0, check.stderr);
  assert.deepEqual(await readdir(path.dirname(path.join(dir, ADOPTION))), ["visitors.yaml"]);
});

test("the preview page and the desk's home page have no accessibility violations", async () => {
  await visit("/drafts/schools/hazel-primary/visitors/");
  await page.getByText("DRAFT").first().waitFor();
  assert.deepEqual(await axe(page), [], "the draft page");
  await visit("/_desk/");
  assert.deepEqual(await axe(page), [], "the desk's home page");
});

test("an approval recorded from the page gives the same files as `policyforge approve`", async () => {
  const cli = await repository();
  try {
    await cp(path.join(dir, ADOPTION), path.join(cli, ADOPTION));
    await visit(FORM);
    await page.fill("#app-date", "2026-01-05");
    await page.fill("#app-minute", "LGB/26/01");
    await page.fill("#app-chair", "Chair of the LGB");
    await page.fill("#app-changes", "First adoption of the visitors policy.");
    await page.getByRole("button", { name: "Record the approval" }).click();
    await page.getByText("Approved Visitors Policy for Hazel Primary School as version 1").first().waitFor();
    const approve = spawnSync(
      BIN,
      ["approve", cli, "--school", "hazel-primary", "--policy", "visitors", "--date", "2026-01-05",
        "--minute", "LGB/26/01", "--chair", "Chair of the LGB", "--changes", "First adoption of the visitors policy."],
      { env: ENV, encoding: "utf8" },
    );
    assert.equal(approve.status, 0, approve.stderr);
    const [fromPage, fromCli] = [await files(path.join(dir, "schools")), await files(path.join(cli, "schools"))];
    assert.deepEqual([...fromPage.keys()], [...fromCli.keys()]);
    for (const [name, text] of fromCli) assert.equal(fromPage.get(name), text, `${name} differs`);
    assert.ok(fromCli.has("hazel-primary/snapshots/visitors/v1.md"), [...fromCli.keys()].join(", "));

    // The same checks and messages: approving the same text again is refused, as on the command line.
    await visit(FORM);
    await page.fill("#app-date", "2026-01-06");
    await page.fill("#app-minute", "LGB/26/02");
    await page.fill("#app-chair", "Chair of the LGB");
    await page.getByRole("button", { name: "Record the approval" }).click();
    await page.getByText("this text is already approved as version 1").first().waitFor();
  } finally {
    await rm(cli, { recursive: true, force: true });
  }
});

test("a page open during a file edit reloads by itself; a broken file shows its problems", async () => {
  await settle("/");
  await page.evaluate(() => (window.__stillHere = true));
  const book = path.join(dir, "book.toml");
  const text = await readFile(book, "utf8");
  const reloaded = page.waitForEvent("load", { timeout: 10_000 });
  await writeFile(book, text.replace("Oak Trust policies", "Oak Trust policies, renamed"));
  await reloaded;
  assert.equal(await page.evaluate(() => window.__stillHere), undefined);
  await page.getByText("Oak Trust policies, renamed").first().waitFor();

  const school = path.join(dir, "schools/hazel-primary/school.yaml");
  const good = await readFile(school, "utf8");
  await writeFile(school, good.replace("phase: primary", "phase: primary\nphase: <b>twice</b>"));
  const alert = page.getByRole("alert");
  await alert.getByText("schools/hazel-primary/school.yaml").waitFor({ timeout: 10_000 });
  assert.match(await alert.textContent(), /<b>twice<\/b>|given twice/);
  assert.equal(await page.locator("b", { hasText: "twice" }).count(), 0, "the problem text became markup");
  const fixed = page.waitForEvent("load", { timeout: 10_000 });
  await writeFile(school, good);
  await fixed;
  assert.equal(await page.getByRole("alert").count(), 0);
});
