//! [`Document`] -> HTML, written the way pulldown-cmark's `push_html` writes it (so pages keep
//! their exact bytes), plus what a policy page adds: heading ids, tables in a labelled scrolling
//! region, and `class="bare-link"` on links whose words are their own address.

use super::tree::{Align, Block, Document, Inline, Link, LinkKind, Table, inline_text};

/// Renders a document's blocks as HTML.
pub fn render(document: &Document) -> String {
    let mut w = Writer {
        out: String::new(),
        end_newline: true,
        tables: 0,
    };
    w.blocks(&document.blocks, false);
    w.out
}

struct Writer {
    out: String,
    /// Whether the output ends a line: block tags start on a fresh line.
    end_newline: bool,
    /// Tables written so far, to number their labels.
    tables: usize,
}

impl Writer {
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        if !s.is_empty() {
            self.end_newline = s.ends_with('\n');
        }
    }

    /// Writes a block's opening tag on a fresh line.
    fn open(&mut self, tag: &str) {
        if !self.end_newline {
            self.write("\n");
        }
        self.write(tag);
    }

    fn text(&mut self, text: &str) {
        escape_body(&mut self.out, text);
        self.end_newline = text.ends_with('\n');
    }

    fn blocks(&mut self, blocks: &[Block], tight: bool) {
        for block in blocks {
            self.block(block, tight);
        }
    }

    fn block(&mut self, block: &Block, tight: bool) {
        match block {
            Block::Paragraph(inlines) if tight => self.inlines(inlines),
            Block::Paragraph(inlines) => {
                self.open("<p>");
                self.inlines(inlines);
                self.write("</p>\n");
            }
            Block::Heading(h) => {
                self.open(&format!(
                    "<h{} id=\"{}\">",
                    h.page_level,
                    escape_html(&h.anchor)
                ));
                self.inlines(&h.inlines);
                self.write(&format!("</h{}>\n", h.page_level));
            }
            Block::Literal(inlines) => self.inlines(inlines),
            Block::Quote(blocks) => {
                self.open("<blockquote>\n");
                self.blocks(blocks, false);
                self.write("</blockquote>\n");
            }
            Block::Code { language, text } => {
                if !self.end_newline {
                    self.write("\n");
                }
                match language {
                    Some(l) => self.write(&format!(
                        "<pre><code class=\"language-{}\">",
                        escape_html(l)
                    )),
                    None => self.write("<pre><code>"),
                }
                if !text.is_empty() {
                    self.text(text);
                }
                self.write("</code></pre>\n");
            }
            Block::List(list) => {
                match list.start {
                    Some(1) => self.open("<ol>\n"),
                    Some(n) => self.open(&format!("<ol start=\"{n}\">\n")),
                    None => self.open("<ul>\n"),
                }
                for item in &list.items {
                    self.open("<li>");
                    self.blocks(item, list.tight);
                    self.write("</li>\n");
                }
                self.write(if list.start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
            Block::Table(table) => self.table(table),
            Block::Rule => self.open("<hr />\n"),
        }
    }

    /// A table, in a labelled, focusable region that scrolls sideways on its own, so a wide
    /// table never makes the page wider than a phone.
    fn table(&mut self, table: &Table) {
        self.tables += 1;
        let columns: Vec<String> = table.head.iter().map(|c| inline_text(c)).collect();
        let columns: Vec<&str> = columns
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        let label = if columns.is_empty() {
            format!("Table {}", self.tables)
        } else {
            format!("Table {}: {}", self.tables, columns.join(", "))
        };
        self.write(&format!(
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n",
            escape_html(&label)
        ));
        self.write("<table><thead><tr>");
        self.cells(&table.head, &table.aligns, "th");
        self.write("</tr></thead><tbody>\n");
        for row in &table.rows {
            self.write("<tr>");
            self.cells(row, &table.aligns, "td");
            self.write("</tr>\n");
        }
        self.write("</tbody></table>\n");
        self.write("</div>\n");
    }

    fn cells(&mut self, cells: &[Vec<Inline>], aligns: &[Align], tag: &str) {
        for (i, cell) in cells.iter().enumerate() {
            let style = match aligns.get(i) {
                Some(Align::Left) => " style=\"text-align: left\"",
                Some(Align::Center) => " style=\"text-align: center\"",
                Some(Align::Right) => " style=\"text-align: right\"",
                _ => "",
            };
            self.write(&format!("<{tag}{style}>"));
            self.inlines(cell);
            self.write(&format!("</{tag}>"));
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.text(t),
                Inline::Code(t) => {
                    self.write("<code>");
                    escape_body(&mut self.out, t);
                    self.write("</code>");
                }
                Inline::Strong(c) => self.wrapped("strong", c),
                Inline::Emphasis(c) => self.wrapped("em", c),
                Inline::Strikethrough(c) => self.wrapped("del", c),
                Inline::Link(link) => self.link(link),
                Inline::SoftBreak => self.write("\n"),
                Inline::HardBreak => self.write("<br />\n"),
            }
        }
    }

    fn wrapped(&mut self, tag: &str, inlines: &[Inline]) {
        self.write(&format!("<{tag}>"));
        self.inlines(inlines);
        self.write(&format!("</{tag}>"));
    }

    /// A link; one whose words are its own address (`<https://...>`, or
    /// `[x@y.uk](mailto:x@y.uk)`) is marked `class="bare-link"`, so the print stylesheet does
    /// not print the address twice.
    fn link(&mut self, link: &Link) {
        let words = inline_text(&link.inlines);
        let words = words.trim();
        let address = link
            .target
            .strip_prefix("mailto:")
            .or_else(|| link.target.strip_prefix("tel:"))
            .unwrap_or(&link.target);
        let bare = link.kind == LinkKind::Autolink || words == address || words == link.target;
        if bare {
            let title = if link.title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape_html(&link.title))
            };
            self.write(&format!(
                "<a class=\"bare-link\" href=\"{}\"{title}>",
                escape_html(&link.target)
            ));
        } else {
            let mut open = String::from("<a href=\"");
            escape_href(&mut open, &link.target);
            if !link.title.is_empty() {
                open.push_str("\" title=\"");
                open.push_str(&escape_html(&link.title));
            }
            open.push_str("\">");
            self.write(&open);
        }
        self.inlines(&link.inlines);
        self.write("</a>");
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes element content: `&`, `<` and `>` only, as pulldown-cmark does.
fn escape_body(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// Writes a link target as pulldown-cmark does: characters not safe in a URL percent-encoded
/// byte by byte, `&` and `'` as entities.
fn escape_href(out: &mut String, href: &str) {
    const SAFE: &[u8] =
        b"!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_abcdefghijklmnopqrstuvwxyz~";
    for &byte in href.as_bytes() {
        match byte {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            b if SAFE.contains(&b) => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
}
