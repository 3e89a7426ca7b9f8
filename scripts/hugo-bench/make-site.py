#!/usr/bin/env python3
"""Turns a policy repository's approved texts into a Hugo site, so Hugo builds the same pages.

usage: python3 scripts/hugo-bench/make-site.py REPO OUT
then:  /usr/bin/time -f '%e s %M KB' hugo --quiet -s OUT

Every snapshot (schools/<school>/snapshots/<policy>/vN.md: the frozen Markdown of one approved
version) becomes one Hugo page, schools/<school>/<policy>/vN/, with the same title and body; each
school gets a list page. The layouts are minimal (title, body, a list of a school's policies), so
Hugo does no more than policyforge's HTML pages need: HTML only, no PDF, no search index.
"""
import os
import re
import shutil
import sys

LAYOUT_BASE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
LAYOUT_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}{{ end }}
"""
LAYOUT_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def main():
    repo, out = sys.argv[1], sys.argv[2]
    if os.path.exists(out):
        shutil.rmtree(out)
    for d in ("content/schools", "layouts/_default"):
        os.makedirs(os.path.join(out, d))
    with open(os.path.join(out, "config.toml"), "w") as f:
        f.write('baseURL = "https://policies.example.org.uk/"\nlanguageCode = "en-gb"\n'
                'title = "Policies"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    for name, text in (("baseof", LAYOUT_BASE), ("single", LAYOUT_SINGLE), ("list", LAYOUT_LIST)):
        with open(os.path.join(out, "layouts/_default", f"{name}.html"), "w") as f:
            f.write(text)
    pages = 0
    schools = os.path.join(repo, "schools")
    for school in sorted(os.listdir(schools)):
        snaps = os.path.join(schools, school, "snapshots")
        if not os.path.isdir(snaps):
            continue
        sdir = os.path.join(out, "content/schools", school)
        os.makedirs(sdir)
        with open(os.path.join(sdir, "_index.md"), "w") as f:
            f.write(f'---\ntitle: "{school}"\n---\n')
        for policy in sorted(os.listdir(snaps)):
            for version in sorted(os.listdir(os.path.join(snaps, policy))):
                text = open(os.path.join(snaps, policy, version)).read()
                m = re.search(r"^---\n(.*?)\n---\n(.*)$", text, re.S | re.M)
                if not m:
                    continue
                title = re.search(r"^title: (.*)$", m.group(1), re.M).group(1)
                page = os.path.join(sdir, policy, version[:-3])
                os.makedirs(page)
                with open(os.path.join(page, "index.md"), "w") as f:
                    f.write(f'---\ntitle: "{title}"\n---\n{m.group(2)}')
                pages += 1
    print(f"{out}: {pages} policy pages")


if __name__ == "__main__":
    main()
