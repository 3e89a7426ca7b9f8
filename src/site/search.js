/* policyforge search: finds words in the sections of the policies published in this folder.
 * No server and no outside script: the index is a script (assets/search-index.js), loaded the
 * first time the search box is used, so it also works from file://. A trust's pages load a list
 * of its schools (search-sources.js) and then each school's own index.
 * Results are built with DOM text nodes, never innerHTML, so a policy's text stays text. */
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form || !("normalize" in String.prototype)) return;
  var input = form.querySelector("input[type=search]");
  var status = form.querySelector(".site-search-status");
  var list = form.querySelector(".site-search-results");
  if (!input || !status || !list) return;
  form.hidden = false;

  var MAX_RESULTS = 20;
  var SNIPPET = 160;
  var WORD = /[\p{L}\p{N}]+/gu;
  var index = null;
  var loading = null;
  var timer = 0;

  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // A light English stemmer: enough that "blogs", "blogging" and "blogged" find "blog".
  function stem(w) {
    if (w.length <= 3 || /^\d/.test(w)) return w;
    if (/ies$/.test(w) && w.length > 4) return w.slice(0, -3) + "y";
    if (/sses$/.test(w)) return w.slice(0, -2);
    if (/(ch|sh|x|z)es$/.test(w)) return w.slice(0, -2);
    if (/[^su]s$/.test(w)) w = w.slice(0, -1);
    else if (/ing$/.test(w) && w.length > 5) w = w.slice(0, -3);
    else if (/ed$/.test(w) && w.length > 4) w = w.slice(0, -2);
    else if (/ly$/.test(w) && w.length > 4) w = w.slice(0, -2);
    // "blogg" -> "blog", "stopp" -> "stop"
    if (/([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
    return w;
  }

  function words(s) {
    return fold(s).match(WORD) || [];
  }

  // Builds, once, each section's word counts and the sorted vocabulary, from every source:
  // { base: the folder its hrefs are relative to, label: its school's name or "", data }.
  function prepare(sources) {
    var entries = [];
    sources.forEach(function (src) {
      var list = (src.data && src.data.entries) || [];
      list.forEach(function (e) {
        entries.push({
          page: src.label ? src.label + ": " + e.page : e.page,
          href: src.base + e.href,
          heading: e.heading || "",
          anchor: e.anchor || "",
          text: e.text || "",
        });
      });
    });
    var docs = [];
    var df = new Map();
    var surface = new Map(); // stem -> the folded words that give it
    entries.forEach(function (e, i) {
      var counts = new Map();
      var add = function (text, weight) {
        words(text).forEach(function (w) {
          var s = stem(w);
          var c = counts.get(s) || { tf: 0, head: 0 };
          if (weight) c.head = Math.max(c.head, weight);
          else c.tf += 1;
          counts.set(s, c);
          if (!surface.has(s)) surface.set(s, new Set());
          surface.get(s).add(w);
        });
      };
      add(e.page || "", 2);
      add(e.heading || "", 3);
      add(e.text || "", 0);
      counts.forEach(function (_, s) {
        df.set(s, (df.get(s) || 0) + 1);
      });
      docs.push({ entry: e, counts: counts, order: i });
    });
    var vocabulary = Array.from(surface.keys()).sort();
    return { docs: docs, df: df, vocabulary: vocabulary, surface: surface };
  }

  // Stems in the vocabulary that start with `prefix` (binary search, then a walk).
  function withPrefix(prefix) {
    var v = index.vocabulary;
    var lo = 0, hi = v.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (v[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    var out = [];
    for (var i = lo; i < v.length && v[i].lastIndexOf(prefix, 0) === 0; i++) out.push(v[i]);
    return out;
  }

  function search(query) {
    var terms = words(query).filter(function (w, i, all) {
      return all.indexOf(w) === i;
    });
    if (!terms.length) return { results: [], hits: new Set() };
    var n = index.docs.length;
    var hits = new Set();
    // For each term: the stems it matches, and how well (an exact stem counts for more).
    var wanted = terms.map(function (t) {
      var exact = stem(t);
      var match = new Map();
      if (index.df.has(exact)) match.set(exact, 1);
      if (t.length >= 2) {
        withPrefix(t).forEach(function (s) {
          if (!match.has(s)) match.set(s, 0.6);
        });
      }
      match.forEach(function (_, s) {
        index.surface.get(s).forEach(function (w) { hits.add(w); });
      });
      return match;
    });
    var results = [];
    index.docs.forEach(function (d) {
      var score = 0;
      for (var k = 0; k < wanted.length; k++) {
        var best = 0;
        wanted[k].forEach(function (quality, s) {
          var c = d.counts.get(s);
          if (!c) return;
          var idf = Math.log(1 + n / index.df.get(s));
          var value = quality * idf * (Math.log(1 + c.tf) + c.head);
          if (value > best) best = value;
        });
        if (best === 0) return; // every word must be found
        score += best;
      }
      results.push({ doc: d, score: score });
    });
    results.sort(function (a, b) {
      return b.score - a.score || a.doc.order - b.doc.order;
    });
    return { results: results, hits: hits };
  }

  // Appends `text` to `parent`, marking the words in `hits`.
  function marked(parent, text, hits) {
    var last = 0;
    text.replace(WORD, function (w, at) {
      if (hits.has(fold(w))) {
        if (at > last) parent.appendChild(document.createTextNode(text.slice(last, at)));
        var m = document.createElement("mark");
        m.textContent = w;
        parent.appendChild(m);
        last = at + w.length;
      }
      return w;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // About SNIPPET characters of the section around its first matching word.
  function snippet(text, hits) {
    var flat = text.replace(/\s+/g, " ").trim();
    var first = -1;
    flat.replace(WORD, function (w, at) {
      if (first < 0 && hits.has(fold(w))) first = at;
      return w;
    });
    if (first < 0) first = 0;
    var start = Math.max(0, first - Math.floor(SNIPPET / 3));
    if (start > 0) {
      var space = flat.indexOf(" ", start);
      start = space >= 0 && space < first ? space + 1 : start;
    }
    var end = Math.min(flat.length, start + SNIPPET);
    if (end < flat.length) {
      var back = flat.lastIndexOf(" ", end);
      if (back > first) end = back;
    }
    return (start > 0 ? "… " : "") + flat.slice(start, end) + (end < flat.length ? " …" : "");
  }

  function href(entry) {
    return entry.href + (entry.anchor ? "#" + encodeURIComponent(entry.anchor) : "");
  }

  function show(query) {
    list.textContent = "";
    var q = query.trim();
    if (!q) {
      status.textContent = "";
      return;
    }
    var found = search(q);
    var total = found.results.length;
    status.textContent = total === 0
      ? "No results for “" + q + "”."
      : total + (total === 1 ? " result" : " results") + " for “" + q + "”" +
        (total > MAX_RESULTS ? ", the first " + MAX_RESULTS + " shown." : ".");
    found.results.slice(0, MAX_RESULTS).forEach(function (r) {
      var e = r.doc.entry;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = href(e);
      var page = document.createElement("span");
      page.className = "site-search-page";
      page.textContent = e.page;
      a.appendChild(page);
      if (e.heading) {
        var section = document.createElement("span");
        section.className = "site-search-section";
        marked(section, e.heading, found.hits);
        a.appendChild(document.createTextNode(" › "));
        a.appendChild(section);
      }
      li.appendChild(a);
      if (e.text) {
        var p = document.createElement("p");
        p.className = "site-search-snippet";
        marked(p, snippet(e.text, found.hits), found.hits);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  function addScript(src, onload, onerror) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = onload;
    script.onerror = onerror;
    document.head.appendChild(script);
  }

  // Loads the index (or the sources and each school's index) once; calls back when ready.
  function load(then) {
    if (index) return then();
    if (!loading) {
      loading = [];
      status.textContent = "Loading the search…";
      var base = form.getAttribute("data-base") || "";
      var indexes = function () { return window.policyforgeSearchIndex || {}; };
      var finish = function (sources) {
        index = prepare(sources);
        status.textContent = "";
        loading.forEach(function (f) { f(); });
      };
      var fail = function () {
        status.textContent = "The search could not be loaded. The list of policies is on the home page.";
      };
      if (form.hasAttribute("data-sources")) {
        addScript(form.getAttribute("data-index"), function () {
          var list = window.policyforgeSearchSources || [];
          var pending = list.length;
          if (!pending) return finish([]);
          // A school whose index is missing is left out; the others are still searched.
          var done = function () {
            pending -= 1;
            if (pending > 0) return;
            finish(list.map(function (s) {
              return { base: base + s.base, label: s.label, data: indexes()[s.key] };
            }));
          };
          list.forEach(function (s) { addScript(base + s.index, done, done); });
        }, fail);
      } else {
        addScript(form.getAttribute("data-index"), function () {
          finish([{ base: base, label: "", data: indexes()[form.getAttribute("data-key")] }]);
        }, fail);
      }
    }
    loading.push(then);
  }

  function run() {
    var q = input.value;
    load(function () { show(q === input.value ? q : input.value); });
  }

  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    run();
  });

  // Arrow keys move between the box and the results; Escape clears.
  form.addEventListener("keydown", function (ev) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (ev.key === "ArrowDown" && links.length) {
      ev.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (ev.key === "ArrowUp" && at >= 0) {
      ev.preventDefault();
      if (at === 0) input.focus();
      else links[at - 1].focus();
    } else if (ev.key === "Escape" && (input.value || links.length)) {
      input.value = "";
      show("");
      input.focus();
    }
  });

  // A search in the address (…?q=word), as from a bookmark.
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run();
  }
})();
