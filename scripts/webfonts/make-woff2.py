#!/usr/bin/env python3
"""Makes the site's web fonts: Atkinson Hyperlegible as WOFF2, subset to Latin and the punctuation
the site and the policies use, from the TrueType files the PDF engine embeds.

usage (from the project root):
    pip install fonttools brotli
    python3 scripts/webfonts/make-woff2.py

Writes themes/fonts/web/atkinson-hyperlegible-{regular,bold,italic,bold-italic}.woff2, which the
build copies (with themes/fonts/OFL.txt) next to every stylesheet; themes/default/style.css loads
them with @font-face. Run it again after changing the unicode ranges or the TrueType files.
"""
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "themes" / "fonts"
OUT = FONTS / "web"

# Basic Latin and Latin-1 (£, é, ·, no-break space), Latin Extended-A (Welsh ŵ ŷ, ł, œ),
# general punctuation (’ “ ” – — … • ‹ ›), euro, trade mark, minus.
UNICODES = "U+0000-00FF,U+0100-017F,U+0131,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2212"

STYLES = {
    "regular": "AtkinsonHyperlegible-Regular.ttf",
    "bold": "AtkinsonHyperlegible-Bold.ttf",
    "italic": "AtkinsonHyperlegible-Italic.ttf",
    "bold-italic": "AtkinsonHyperlegible-BoldItalic.ttf",
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for style, source in STYLES.items():
        target = OUT / f"atkinson-hyperlegible-{style}.woff2"
        subset.main([
            str(FONTS / source),
            f"--unicodes={UNICODES}",
            "--layout-features=kern,liga,calt,ccmp,locl,mark,mkmk",
            "--flavor=woff2",
            "--no-hinting",
            "--desubroutinize",
            "--name-IDs=0,1,2,3,4,5,6,13,14",
            "--name-legacy",
            "--drop-tables+=FFTM",
            f"--output-file={target}",
        ])
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
