// Live reload for `policyforge serve`: listens to the server's events (no polling). A page
// reloads when a newer build is ready; while a file is broken, its problems are shown on top
// of the last good page, as text.
(() => {
  const me = document.currentScript;
  const seen = Number(me?.dataset.generation ?? "0");
  let box = null;

  function show(problems) {
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.className = "pf-live-problems";
      Object.assign(box.style, {
        position: "fixed", left: "0", right: "0", bottom: "0", maxHeight: "60vh", overflow: "auto",
        background: "#fff", color: "#1b1b1b", borderTop: "6px solid #8a1c1c", padding: "0.75rem 1rem",
        zIndex: "1000", boxShadow: "0 -2px 8px rgba(0,0,0,0.3)", font: "16px/1.4 system-ui, sans-serif",
      });
      const lead = document.createElement("p");
      lead.style.margin = "0 0 0.5rem";
      lead.style.fontWeight = "700";
      lead.textContent = "A file cannot be used yet. You are seeing the last version that worked; this page updates once the problem below is fixed.";
      const pre = document.createElement("pre");
      Object.assign(pre.style, { whiteSpace: "pre-wrap", margin: "0", font: "14px/1.4 ui-monospace, monospace" });
      box.append(lead, pre);
      document.body.append(box);
    }
    box.querySelector("pre").textContent = problems;
  }

  function hide() {
    box?.remove();
    box = null;
  }

  const source = new EventSource("/_desk/events");
  source.addEventListener("state", (event) => {
    let state;
    try {
      state = JSON.parse(event.data);
    } catch {
      return;
    }
    if (state.problems) {
      show(state.problems);
      return;
    }
    hide();
    if (state.generation === seen) return;
    if (typeof window.policyforgeKeep === "function" && window.policyforgeKeep()) {
      window.policyforgeChanged?.();
      return;
    }
    source.close();
    location.reload();
  });
  window.addEventListener("pagehide", () => source.close());
})();
