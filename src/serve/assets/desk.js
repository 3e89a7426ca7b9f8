// The clerk's desk form: checks the answers as they are typed (the server runs the same checks
// as `policyforge check`), shows messages by each field and the draft beside the form, saves,
// and records workflow steps. Every change is a POST with the page's token.
(() => {
  const token = document.querySelector('meta[name="policyforge-token"]')?.content ?? "";
  const flashBox = document.getElementById("flash");

  function say(box, text, bad = false) {
    if (!box) return;
    box.replaceChildren();
    if (!text) return;
    const p = document.createElement("p");
    p.className = bad ? "msg msg-error" : "msg msg-ok";
    p.textContent = text;
    box.append(p);
  }

  const remembered = sessionStorage.getItem("policyforge-flash");
  if (remembered) {
    sessionStorage.removeItem("policyforge-flash");
    say(flashBox, remembered);
  }

  async function post(action, body) {
    let response;
    try {
      response = await fetch(`/_desk/api/${action}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Policyforge-Token": token },
        body: JSON.stringify(body),
      });
    } catch {
      return { ok: false, message: "The desk is not running any more: start `policyforge serve` again, then reload this page." };
    }
    try {
      return await response.json();
    } catch {
      return { ok: false, message: `The desk answered ${response.status}: ${await response.text().catch(() => "")}` };
    }
  }

  const form = document.getElementById("values-form");
  if (!form) return;
  const school = form.dataset.school;
  const policy = form.dataset.policy;
  const saveState = document.getElementById("save-state");
  let dirty = false;
  window.policyforgeKeep = () => dirty;
  window.policyforgeChanged = () =>
    say(flashBox, "The files changed on disk. Your unsaved answers are kept; save them, or reload the page to see the files as they are.");

  function values() {
    const out = {};
    for (const field of form.querySelectorAll("[data-field]")) {
      const name = field.dataset.field;
      const kind = field.dataset.kind;
      if (kind === "list") {
        out[name] = [...field.querySelectorAll("input[data-item]")].map((i) => i.value).filter((v) => v.trim() !== "");
      } else if (kind === "yes-no") {
        const chosen = field.querySelector("input[type=radio]:checked");
        out[name] = chosen ? chosen.value === "true" : null;
      } else {
        out[name] = field.querySelector("[data-value]").value;
      }
    }
    return out;
  }

  function line(m) {
    const p = document.createElement("p");
    p.className = `msg msg-${m.severity}`;
    const strong = document.createElement("strong");
    strong.textContent = m.severity === "error" ? "Problem: " : "Note: ";
    p.append(strong, m.message + (m.hint ? `. ${m.hint}` : ""));
    return p;
  }

  function showReview(review) {
    for (const field of form.querySelectorAll("[data-field]")) {
      const name = field.dataset.field;
      const messages = review.fields[name] ?? [];
      document.getElementById(`f-${name}-msg`)?.replaceChildren(...messages.map(line));
      const bad = messages.some((m) => m.severity === "error");
      field.classList.toggle("has-error", bad);
      for (const input of field.querySelectorAll("input:not([type=hidden]), textarea, select")) {
        if (bad) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
      const md = document.getElementById(`f-${name}-preview`);
      if (md && review.markdown[name] !== undefined) md.innerHTML = review.markdown[name];
    }
    document.getElementById("general-messages")?.replaceChildren(...review.general.map(line));
    const preview = document.getElementById("draft-preview");
    if (preview) preview.innerHTML = review.preview;
    form.dataset.errors = String(review.errors);
  }

  function markDirty() {
    dirty = true;
    saveState.textContent = "Not saved yet";
  }

  let timer = null;
  let sequence = 0;
  async function runCheck() {
    const mine = ++sequence;
    form.dataset.checking = "true";
    const data = await post("check", { school, policy, values: values() });
    if (mine !== sequence) return;
    delete form.dataset.checking;
    if (data.ok) showReview(data.review);
    else say(flashBox, data.message, true);
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(runCheck, 300);
  }

  form.addEventListener("input", (event) => {
    const picker = event.target.closest("[data-picker-for]");
    if (picker) {
      const text = document.getElementById(picker.dataset.pickerFor);
      if (picker.value) text.value = picker.value;
    } else if (event.target.matches("[data-value]") && event.target.id) {
      const twin = form.querySelector(`[data-picker-for="${CSS.escape(event.target.id)}"]`);
      if (twin) twin.value = /^\d{4}-\d{2}-\d{2}$/.test(event.target.value) ? event.target.value : "";
    }
    markDirty();
    schedule();
  });
  form.addEventListener("change", () => {
    markDirty();
    schedule();
  });

  function renumber(field) {
    const label = field.dataset.label;
    const id = `f-${field.dataset.field}`;
    [...field.querySelectorAll(".list-items li")].forEach((li, i) => {
      const n = i + 1;
      li.querySelector("label").htmlFor = `${id}-${n}`;
      li.querySelector("label").textContent = `${label}, item ${n}`;
      li.querySelector("input").id = `${id}-${n}`;
      li.querySelector("button .visually-hidden").textContent = ` item ${n} of ${label}`;
    });
  }

  form.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add]");
    const remove = event.target.closest("[data-remove]");
    if (!add && !remove) return;
    const field = event.target.closest("[data-field]");
    if (add) {
      const li = document.createElement("li");
      const label = document.createElement("label");
      label.className = "visually-hidden";
      const input = document.createElement("input");
      input.type = "text";
      input.dataset.item = "";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.dataset.remove = "";
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      button.append("Remove", hidden);
      li.append(label, input, " ", button);
      field.querySelector(".list-items").append(li);
      renumber(field);
      input.focus();
    } else {
      const li = remove.closest("li");
      const next = li.nextElementSibling ?? li.previousElementSibling;
      li.remove();
      renumber(field);
      (next?.querySelector("input") ?? field.querySelector("[data-add]")).focus();
    }
    markDirty();
    schedule();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearTimeout(timer);
    sequence++;
    saveState.textContent = "Saving…";
    const data = await post("save", { school, policy, values: values() });
    if (data.review) showReview(data.review);
    if (data.ok) {
      dirty = false;
      saveState.textContent = "Saved";
      sessionStorage.setItem("policyforge-flash", data.message);
      say(flashBox, data.message);
    } else {
      saveState.textContent = "Not saved";
      say(flashBox, data.message, true);
    }
  });

  for (const step of document.querySelectorAll("form[data-action]")) {
    step.addEventListener("submit", async (event) => {
      event.preventDefault();
      const result = step.querySelector(".result");
      if (dirty) {
        say(result, "Save the answers first: each step is recorded against the saved text.", true);
        return;
      }
      const body = { school, policy, ...Object.fromEntries(new FormData(step)) };
      const data = await post(step.dataset.action, body);
      result.replaceChildren();
      const p = document.createElement("p");
      p.className = data.ok ? "msg msg-ok" : "msg msg-error";
      p.textContent = data.message;
      result.append(p);
      if (data.problems) {
        const pre = document.createElement("pre");
        pre.className = "problems";
        pre.textContent = data.problems;
        result.append(pre);
      }
      if (data.ok) sessionStorage.setItem("policyforge-flash", data.message);
    });
  }

  runCheck();
})();
