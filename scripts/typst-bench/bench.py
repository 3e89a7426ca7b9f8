#!/usr/bin/env python3
"""Times policyforge against Typst on the same sample policy, in one run.

usage (from the project root):
    pip install typst markdown-it-py
    python3 scripts/typst-bench/bench.py [--rounds 5] [--runs 20] [--samples 50] [--skip-cargo]

1. `cargo run --release --example sample_policy` prints the benchmark's sample policy
   (`policyforge::typeset::sample::policy()`, the document `render_policy` renders) as JSON;
2. this script sets the same document in Typst markup (cover band, document control table,
   signature line, ethos panel, contents, running header, "Page X of Y" footer, the Markdown body
   converted element by element) with the same Atkinson Hyperlegible fonts (themes/fonts), writes
   target/typst-bench/policy.typ and times `typst.compile(..., pdf_standards=["ua-1"])`;
3. `cargo bench --bench pdf -- render_policy` times policyforge (divan), alternating with Typst
   in rounds so that both see the same machine load;
4. it prints both medians and their ratio, per round and overall (docs/performance.md records
   a run).
"""
import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "target" / "typst-bench"


def esc(text):
    """Typst markup for literal text."""
    return re.sub(r'([\\#$*_`<>@\[\]~/=+\-\'"])', r"\\\1", text)


def string(text):
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def inline(children):
    out = []
    for t in children:
        kind = t.type
        if kind == "text":
            out.append(esc(t.content))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\\\n")
        elif kind == "code_inline":
            out.append(f"#raw({string(t.content)})")
        elif kind == "strong_open":
            out.append("#strong[")
        elif kind == "em_open":
            out.append("#emph[")
        elif kind == "s_open":
            out.append("#strike[")
        elif kind == "link_open":
            out.append(f"#link({string(t.attrs.get('href', ''))})[")
        elif kind in ("strong_close", "em_close", "s_close", "link_close"):
            out.append("]")
        elif kind in ("html_inline", "image"):
            out.append(esc(t.content))
    return "".join(out)


def body(markdown):
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(markdown)
    out, lists, table = [], [], None
    i = 0
    while i < len(tokens):
        t = tokens[i]
        indent = "  " * max(len(lists) - 1, 0)
        if t.type == "heading_open":
            level = int(t.tag[1])
            out.append("\n" + "=" * level + " " + inline(tokens[i + 1].children) + "\n")
            i += 3
            continue
        if t.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("-" if t.type == "bullet_list_open" else "+")
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            out.append("\n")
        elif t.type == "list_item_open":
            out.append(f"{indent}{lists[-1]} ")
        elif t.type == "blockquote_open":
            out.append("#quote(block: true)[\n")
        elif t.type == "blockquote_close":
            out.append("]\n")
        elif t.type == "table_open":
            table = {"head": [], "rows": [], "row": None, "in_head": False}
        elif t.type == "thead_open":
            table["in_head"] = True
        elif t.type == "thead_close":
            table["in_head"] = False
        elif t.type == "tr_open":
            table["row"] = []
        elif t.type == "tr_close":
            (table["head"] if table["in_head"] else table["rows"]).append(table["row"])
        elif t.type == "inline" and table is not None:
            table["row"].append(inline(t.children))
        elif t.type == "table_close":
            cols = len(table["head"][0]) if table["head"] else len(table["rows"][0])
            cells = ", ".join(f"[{c}]" for r in table["rows"] for c in r)
            head = ", ".join(f"[*{c}*]" for c in table["head"][0]) if table["head"] else ""
            out.append(
                f"#table(columns: {cols}, stroke: 0.5pt + luma(196), inset: 5pt,"
                f" fill: (x, y) => if y == 0 {{ tint }}, table.header({head}), {cells})\n"
            )
            table = None
        elif t.type == "inline":
            text = inline(t.children)
            out.append(text + ("\n" if lists else "\n\n"))
        elif t.type == "hr":
            out.append("#line(length: 100%, stroke: 0.75pt + luma(196))\n")
        elif t.type in ("fence", "code_block"):
            out.append(f"#raw(block: true, {string(t.content)})\n")
        i += 1
    return "".join(out)


def document(p):
    control = ", ".join(f"[*{esc(k)}*], [{esc(v)}]" for k, v in p["control"])
    ethos = p.get("ethos")
    ethos_block = ""
    if ethos:
        ref = f"#align(right, text(9.5pt, fill: muted)[{esc(ethos['reference'])}])" if ethos.get("reference") else ""
        ethos_block = f"""
#v(36pt)
#block(fill: tint, inset: 12pt, width: 100%)[
  #heading(level: 2, outlined: false)[{esc(ethos['heading'])}]
  #emph[{esc(ethos['text'])}]
  {ref}
]"""
    keywords = ", ".join(string(k) for k in p["keywords"])
    signature = ""
    if p.get("signature_line"):
        signature = f"""
#v(40pt)
#grid(columns: (55%, 30pt, 140pt), line(length: 100%, stroke: 0.75pt), [], line(length: 100%, stroke: 0.75pt),
  text(9.5pt, fill: muted)[{esc(p['signature_line'])}], [], text(9.5pt, fill: muted)[Date])"""
    return f"""#set document(title: {string(p['title'])}, author: {string(p['author'])}, keywords: ({keywords},))
#let brand = rgb({string(p['brand'])})
#let tint = brand.lighten(88%)
#let muted = rgb("#555555")
#let rule = rgb("#c4c4c4")
#set text(font: "Atkinson Hyperlegible", size: 11pt, lang: "en", region: "gb", fill: rgb("#1c1c1c"))
#set par(leading: 0.7em, spacing: 8pt)
#set page(paper: "a4", margin: 20mm,
  header: context {{
    if here().page() > 1 {{
      set text(9pt, fill: muted)
      [{esc(p['running_header'])}]
      v(-6pt)
      line(length: 100%, stroke: 0.5pt + rule)
    }}
  }},
  footer: context {{
    set text(9pt, fill: muted)
    line(length: 100%, stroke: 0.5pt + rule)
    v(-6pt)
    [{esc(p['footer_left'])} #h(1fr) Page #here().page() of #counter(page).final().first()]
  }})
#show heading: set text(fill: brand.darken(10%))
#show link: underline
#show heading.where(level: 1): set text(20pt)
#show heading.where(level: 2): set text(16pt)
#show heading.where(level: 3): set text(13pt)

#place(top + left, dx: -20mm, dy: -20mm, block(width: 210mm, fill: brand, inset: (x: 20mm, top: 12mm, bottom: 9mm),
  text(20pt, weight: "bold", fill: white)[{esc(p['organisation'])}]))
#v(30mm)
#heading(level: 1, outlined: false, text(28pt)[{esc(p['title'])}])
#text(13pt, fill: muted)[{esc(p['subject'])}]
#v(28pt)
#heading(level: 2, outlined: false)[Document control]
#table(columns: (auto, 1fr), stroke: 0.5pt + rule, inset: 5pt, fill: (x, y) => if x == 0 {{ tint }}, {control})
{signature}
{ethos_block}

#pagebreak()
#outline(title: [Contents], depth: 2)
#pagebreak()
{body(p['body_markdown'])}
"""


UNITS = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}


def policyforge_times(samples):
    """render_policy's (fastest, median) in ms over `samples` samples, from divan's table."""
    run = subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "pdf", "--", "render_policy",
         "--sample-count", str(samples)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    for line in run.stdout.splitlines():
        if re.search(r"render_policy\s", line):
            # "├─ render_policy  3.1 ms │ 4.2 ms │ 3.3 ms │ 3.4 ms │ 100 │ 100": fastest slowest median mean
            values = re.findall(r"([\d.]+)\s*(ns|µs|us|ms|s)\b", line)
            fastest, median = (float(values[k][0]) * UNITS[values[k][1]] for k in (0, 2))
            return fastest, median
    sys.exit("no render_policy line in:\n" + run.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5, help="alternations of the two engines")
    ap.add_argument("--runs", type=int, default=20, help="Typst compiles per round")
    ap.add_argument("--samples", type=int, default=50, help="divan samples per round")
    ap.add_argument("--skip-cargo", action="store_true", help="only time Typst")
    args = ap.parse_args()
    import typst

    OUT.mkdir(parents=True, exist_ok=True)
    sample = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "--example", "sample_policy"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    source = OUT / "policy.typ"
    source.write_text(document(json.loads(sample)))
    fonts = [str(ROOT / "themes" / "fonts")]
    pdf = typst.compile(str(source), font_paths=fonts, pdf_standards=["ua-1"])
    (OUT / "policy-typst.pdf").write_bytes(pdf)
    if not args.skip_cargo:
        subprocess.run(["cargo", "bench", "--quiet", "--bench", "pdf", "--no-run"], cwd=ROOT, check=True)
    # The machine's load changes from minute to minute: alternate the engines in
    # rounds and compare them round by round, and overall.
    typst_all, ours_median, ours_fastest, ratios = [], [], [], []
    for r in range(args.rounds):
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            typst.compile(str(source), font_paths=fonts, pdf_standards=["ua-1"])
            times.append((time.perf_counter() - start) * 1000)
        typst_all += times
        line = f"round {r + 1}: typst median {statistics.median(times):.2f} ms (fastest {min(times):.2f})"
        if not args.skip_cargo:
            fastest, median = policyforge_times(args.samples)
            ours_median.append(median)
            ours_fastest.append(fastest)
            ratios.append(median / statistics.median(times))
            line += f"; policyforge median {median:.2f} ms (fastest {fastest:.2f}); ratio {ratios[-1]:.3f}"
        print(line, flush=True)
    version = getattr(typst, "__version__", "?")
    typst_median = statistics.median(typst_all)
    print(f"typst {version} compile(pdf_standards=['ua-1']): median {typst_median:.2f} ms, "
          f"fastest {min(typst_all):.2f} ms, {len(pdf)} bytes, {len(typst_all)} runs")
    if args.skip_cargo:
        return
    median = statistics.median(ours_median)
    print(f"policyforge render_policy: median of round medians {median:.2f} ms, "
          f"fastest {min(ours_fastest):.2f} ms")
    print(f"ratio policyforge / Typst: medians {median / typst_median:.3f}, "
          f"fastest {min(ours_fastest) / min(typst_all):.3f}, "
          f"per round {', '.join(f'{x:.3f}' for x in ratios)} (median {statistics.median(ratios):.3f})")


if __name__ == "__main__":
    main()
