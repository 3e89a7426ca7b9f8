//! The logical structure of a tagged PDF: reads the layout's [`Tag`]s in page
//! order, decides for every painted item whether it is an element's content
//! (with a marked-content id) or an artifact, and writes the structure tree,
//! the parent tree and the link annotations' `Link` elements, straight into the file.

use crate::typeset::{ArtifactKind, HeaderScope, Role, Tag};

use super::PdfError;
use super::file::FileWriter;
use super::link::Link;
use super::objects::{self, Ref};

/// Who owns a painted item: an element (its index) or an artifact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Owner {
    Element(usize),
    Artifact(ArtifactKind),
}

#[derive(Clone, Debug)]
enum Kid {
    /// Marked content `mcid` on page `page`.
    Content {
        page: usize,
        mcid: u32,
    },
    Element(usize),
    /// The `n`-th annotation of the document.
    Annotation(usize),
}

#[derive(Debug)]
struct Element {
    /// `None` for the `Document` root.
    role: Option<Role>,
    key: Option<u32>,
    kids: Vec<Kid>,
}

#[derive(Clone, Copy, Debug)]
enum Frame {
    Element(usize),
    Artifact(ArtifactKind),
}

/// A link annotation, owned by a `Link` element.
pub(super) struct Annotation {
    pub page: usize,
    pub element: usize,
    pub link: Link,
}

/// Builds the structure tree while the writer walks the pages.
pub(super) struct StructureBuilder {
    elements: Vec<Element>,
    stack: Vec<Frame>,
    /// Per page: the element of each marked-content id, in id order.
    marks: Vec<Vec<usize>>,
    annotations: Vec<Annotation>,
    /// A paragraph made for text found outside every element, reused until the next tag.
    fallback: Option<usize>,
}

impl StructureBuilder {
    pub fn new() -> StructureBuilder {
        StructureBuilder {
            elements: vec![Element {
                role: None,
                key: None,
                kids: Vec::new(),
            }],
            stack: vec![Frame::Element(0)],
            marks: Vec::new(),
            annotations: Vec::new(),
            fallback: None,
        }
    }

    /// Starts a new page (pages come in order).
    pub fn begin_page(&mut self) {
        self.marks.push(Vec::new());
    }

    fn parent(&self) -> usize {
        self.stack
            .iter()
            .rev()
            .find_map(|f| match f {
                Frame::Element(e) => Some(*e),
                Frame::Artifact(_) => None,
            })
            .unwrap_or(0)
    }

    fn add_element(&mut self, role: Role, key: Option<u32>) -> usize {
        let parent = self.parent();
        let id = self.elements.len();
        self.elements.push(Element {
            role: Some(role),
            key,
            kids: Vec::new(),
        });
        self.elements[parent].kids.push(Kid::Element(id));
        id
    }

    pub fn tag(&mut self, tag: &Tag) {
        self.fallback = None;
        match tag {
            Tag::Start { role, key } => {
                if let Role::Artifact(kind) = role {
                    self.stack.push(Frame::Artifact(*kind));
                    return;
                }
                if matches!(self.stack.last(), Some(Frame::Artifact(_))) {
                    // Structure inside decoration is decoration too.
                    let kind = match self.stack.last() {
                        Some(Frame::Artifact(k)) => *k,
                        _ => ArtifactKind::Layout,
                    };
                    self.stack.push(Frame::Artifact(kind));
                    return;
                }
                let parent = self.parent();
                let same =
                    |e: &Element| key.is_some() && e.key == *key && e.role.as_ref() == Some(role);
                let existing = self.elements[parent]
                    .kids
                    .iter()
                    .rev()
                    .find_map(|k| match k {
                        Kid::Element(e) if same(&self.elements[*e]) => Some(*e),
                        _ => None,
                    });
                let id = match existing {
                    Some(e) => e,
                    None => self.add_element(role.clone(), *key),
                };
                self.stack.push(Frame::Element(id));
            }
            Tag::End => {
                // The root is never closed, whatever the tags say.
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
            }
        }
    }

    /// The owner of a painted item; `meaningful` for text (always content
    /// outside artifacts), else graphics (content only where the role says).
    pub fn owner(&mut self, text: bool) -> Owner {
        match self.stack.last() {
            Some(Frame::Artifact(kind)) => Owner::Artifact(*kind),
            Some(Frame::Element(e)) => {
                let e = *e;
                let graphic_content = self.elements[e]
                    .role
                    .as_ref()
                    .is_some_and(Role::graphics_are_content);
                if !text && !graphic_content {
                    return Owner::Artifact(ArtifactKind::Layout);
                }
                if e == 0 {
                    // Untagged text: keep it readable in a paragraph of its own.
                    let p = match self.fallback {
                        Some(p) => p,
                        None => {
                            let p = self.add_element(Role::Paragraph, None);
                            self.fallback = Some(p);
                            p
                        }
                    };
                    return Owner::Element(p);
                }
                Owner::Element(e)
            }
            None => Owner::Artifact(ArtifactKind::Layout),
        }
    }

    /// Gives `element` the next marked-content id of the current page.
    pub fn mark(&mut self, element: usize) -> u32 {
        let page = self.marks.len().saturating_sub(1);
        if self.marks.is_empty() {
            self.marks.push(Vec::new());
        }
        let marks = &mut self.marks[page];
        let mcid = marks.len() as u32;
        marks.push(element);
        self.elements[element]
            .kids
            .push(Kid::Content { page, mcid });
        mcid
    }

    /// Records a link annotation on the current page under the innermost `Link`
    /// element (made if the layout gave none). `None` inside an artifact.
    pub fn annotation(&mut self, link: Link) {
        let page = self.marks.len().saturating_sub(1);
        let owner = self.stack.iter().rev().find_map(|f| match f {
            Frame::Element(e) if self.elements[*e].role == Some(Role::Link) => Some(*e),
            _ => None,
        });
        let element = match owner {
            Some(e) => e,
            None => {
                self.fallback = None;
                self.add_element(Role::Link, None)
            }
        };
        let n = self.annotations.len();
        self.elements[element].kids.push(Kid::Annotation(n));
        self.annotations.push(Annotation {
            page,
            element,
            link,
        });
    }

    /// The structure type of an element.
    fn name(role: &Option<Role>) -> &'static str {
        match role {
            None => "Document",
            Some(Role::Heading(n)) => {
                ["H1", "H2", "H3", "H4", "H5", "H6"][(*n).clamp(1, 6) as usize - 1]
            }
            Some(Role::Paragraph) => "P",
            Some(Role::List { .. }) => "L",
            Some(Role::ListItem) => "LI",
            Some(Role::ListLabel) => "Lbl",
            Some(Role::ListBody) => "LBody",
            Some(Role::Table) => "Table",
            Some(Role::TableRow) => "TR",
            Some(Role::TableHeader(_)) => "TH",
            Some(Role::TableCell) => "TD",
            Some(Role::BlockQuote) => "BlockQuote",
            Some(Role::Link) => "Link",
            Some(Role::Contents) => "TOC",
            Some(Role::ContentsEntry) => "TOCI",
            Some(Role::Figure { .. }) => "Figure",
            Some(Role::Artifact(_)) => "Artifact",
        }
    }

    /// The tag name of marked content owned by `element`.
    pub fn tag_name(&self, element: usize) -> &'static str {
        Self::name(&self.elements[element].role)
    }

    /// Writes the tree: elements, annotations, and the parent tree. Returns the
    /// `StructTreeRoot` and, per page, its annotations (for the page's `/Annots`); each page
    /// `p` is to have `/StructParents p` and `/Tabs /S`.
    pub fn write(self, file: &mut FileWriter, pages: &[Ref]) -> Result<WrittenTree, PdfError> {
        let n = self.elements.len();
        // An element is kept when it (or a descendant) has content; children
        // always come after their parents, so one backward pass decides.
        let mut alive = vec![false; n];
        for i in (0..n).rev() {
            alive[i] = i == 0
                || self.elements[i].kids.iter().any(|k| match k {
                    Kid::Element(e) => alive[*e],
                    _ => true,
                });
        }
        let root_id = file.alloc();
        let ids: Vec<Option<Ref>> = alive.iter().map(|&a| a.then(|| file.alloc())).collect();

        // Annotations, with their place in the parent tree after the pages'.
        let npages = pages.len();
        let mut annot_ids = Vec::with_capacity(self.annotations.len());
        let mut page_annots: Vec<Vec<Ref>> = vec![Vec::new(); npages];
        for (i, a) in self.annotations.iter().enumerate() {
            let id = file.alloc();
            a.link.write(
                file,
                id,
                (npages + i) as i64,
                pages.get(a.page).copied(),
                pages,
            )?;
            annot_ids.push((id, a.page, a.element));
            if let Some(list) = page_annots.get_mut(a.page) {
                list.push(id);
            }
        }

        let mut parents: Vec<Ref> = vec![root_id; n];
        for (i, e) in self.elements.iter().enumerate() {
            for k in &e.kids {
                if let (Kid::Element(c), Some(id)) = (k, ids[i]) {
                    parents[*c] = id;
                }
            }
        }
        // The kids an element keeps (its dead elements left out), reused for every element.
        let mut kept: Vec<&Kid> = Vec::new();
        for (i, e) in self.elements.iter().enumerate() {
            let Some(id) = ids[i] else { continue };
            let first_page = e.kids.iter().find_map(|k| match k {
                Kid::Content { page, .. } => Some(*page),
                Kid::Annotation(a) => Some(annot_ids[*a].1),
                Kid::Element(_) => None,
            });
            kept.clear();
            kept.extend(
                e.kids
                    .iter()
                    .filter(|k| !matches!(k, Kid::Element(c) if ids[*c].is_none())),
            );
            let kid = |out: &mut Vec<u8>, k: &Kid| match k {
                Kid::Content { page, mcid } if Some(*page) == first_page => {
                    objects::int(out, *mcid as i64)
                }
                Kid::Content { page, mcid } => objects::dict(out, |d| {
                    d.name("Type", "MCR");
                    if let Some(pg) = pages.get(*page) {
                        d.reference("Pg", *pg);
                    }
                    d.int("MCID", *mcid as i64);
                }),
                Kid::Element(c) => {
                    if let Some(cid) = ids[*c] {
                        objects::reference(out, cid);
                    }
                }
                Kid::Annotation(a) => {
                    let (aid, page, _) = annot_ids[*a];
                    objects::dict(out, |d| {
                        d.name("Type", "OBJR");
                        if let Some(pg) = pages.get(page) {
                            d.reference("Pg", *pg);
                        }
                        d.reference("Obj", aid);
                    })
                }
            };
            // `/Type /StructElem` is optional; leaving it out keeps files small.
            file.dict(id, |d| {
                d.name("S", Self::name(&e.role));
                d.reference("P", parents[i]);
                if let Some(pg) = first_page.and_then(|p| pages.get(p)) {
                    d.reference("Pg", *pg);
                }
                let out = d.key("K");
                match kept.as_slice() {
                    [one] => kid(out, one),
                    many => objects::array(out, many, |out, one| kid(out, one)),
                }
                match &e.role {
                    Some(Role::Figure { alt }) => {
                        d.text("Alt", alt);
                    }
                    Some(Role::TableHeader(scope)) => {
                        let scope = match scope {
                            HeaderScope::Column => "Column",
                            HeaderScope::Row => "Row",
                        };
                        d.dict("A", |a| {
                            a.name("O", "Table").name("Scope", scope);
                        });
                    }
                    Some(Role::List { ordered }) => {
                        let numbering = if *ordered { "Decimal" } else { "Disc" };
                        d.dict("A", |a| {
                            a.name("O", "List").name("ListNumbering", numbering);
                        });
                    }
                    _ => {}
                }
            })?;
        }

        // Parent tree: page i -> its marked contents' elements; then annotations.
        let tree_id = file.alloc();
        let reference_or_null = |out: &mut Vec<u8>, r: Option<Ref>| match r {
            Some(r) => objects::reference(out, r),
            None => out.extend_from_slice(b"null"),
        };
        file.dict(tree_id, |d| {
            let out = d.key("Nums");
            out.push(b'[');
            for (p, marks) in self.marks.iter().enumerate().take(npages) {
                if p > 0 {
                    out.push(b' ');
                }
                objects::int(out, p as i64);
                out.extend_from_slice(b" [");
                for (k, e) in marks.iter().enumerate() {
                    if k > 0 {
                        out.push(b' ');
                    }
                    reference_or_null(out, ids[*e]);
                }
                out.push(b']');
            }
            for (i, (_, _, element)) in annot_ids.iter().enumerate() {
                if i > 0 || npages.min(self.marks.len()) > 0 {
                    out.push(b' ');
                }
                objects::int(out, (npages + i) as i64);
                out.push(b' ');
                reference_or_null(out, ids[*element]);
            }
            out.push(b']');
        })?;

        file.dict(root_id, |d| {
            d.name("Type", "StructTreeRoot");
            if let Some(doc) = ids[0] {
                d.reference("K", doc);
            }
            d.reference("ParentTree", tree_id);
            d.int("ParentTreeNextKey", (npages + annot_ids.len()) as i64);
        })?;
        Ok(WrittenTree {
            root: root_id,
            annotations: page_annots,
        })
    }
}

/// What the pages need of a written structure tree.
pub(super) struct WrittenTree {
    /// The `StructTreeRoot`.
    pub root: Ref,
    /// Per page, its annotations in order.
    pub annotations: Vec<Vec<Ref>>,
}
