//! The logical structure of a tagged PDF: reads the layout's [`Tag`]s in page
//! order, decides for every painted item whether it is an element's content
//! (with a marked-content id) or an artifact, and writes the structure tree,
//! the parent tree and the link annotations' `Link` elements with lopdf.

use lopdf::{Dictionary as LoDict, Object as LoObj, ObjectId};

use crate::typeset::{ArtifactKind, HeaderScope, Role, Tag};

use super::text_string;

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
    pub dict: LoDict,
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
    pub fn annotation(&mut self, dict: LoDict) {
        let page = self.marks.len().saturating_sub(1);
        let link = self.stack.iter().rev().find_map(|f| match f {
            Frame::Element(e) if self.elements[*e].role == Some(Role::Link) => Some(*e),
            _ => None,
        });
        let element = match link {
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
            dict,
        });
    }

    /// The structure type of an element.
    fn name(role: &Option<Role>) -> String {
        let s = match role {
            None => "Document",
            Some(Role::Heading(n)) => return format!("H{}", n.clamp(&1, &6)),
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
        };
        s.to_string()
    }

    /// The tag name of marked content owned by `element`.
    pub fn tag_name(&self, element: usize) -> String {
        Self::name(&self.elements[element].role)
    }

    /// Writes the tree: elements, annotations (added to their pages'
    /// `/Annots`), the parent tree, and each page's `/StructParents` and
    /// `/Tabs`. Returns the `StructTreeRoot` id.
    pub fn write(self, lo: &mut lopdf::Document, page_ids: &[ObjectId]) -> ObjectId {
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
        let root_id = lo.new_object_id();
        let ids: Vec<Option<ObjectId>> = alive
            .iter()
            .map(|&a| a.then(|| lo.new_object_id()))
            .collect();

        // Annotations, with their place in the parent tree after the pages'.
        let npages = page_ids.len();
        let mut annot_ids = Vec::with_capacity(self.annotations.len());
        let mut page_annots: Vec<Vec<LoObj>> = vec![Vec::new(); npages];
        for (i, a) in self.annotations.into_iter().enumerate() {
            let mut dict = a.dict;
            // Internal destinations name their page by index until now.
            if let Ok(LoObj::Dictionary(action)) = dict.get_mut(b"A")
                && let Ok(LoObj::Array(dest)) = action.get_mut(b"D")
                && let Some(first) = dest.first_mut()
                && let LoObj::Integer(target) = *first
            {
                *first = match page_ids.get(target as usize) {
                    Some(pg) => LoObj::Reference(*pg),
                    None => LoObj::Null,
                };
            }
            dict.set("StructParent", LoObj::Integer((npages + i) as i64));
            if let Some(pg) = page_ids.get(a.page) {
                dict.set("P", LoObj::Reference(*pg));
            }
            let id = lo.add_object(dict);
            annot_ids.push((id, a.page, a.element));
            if let Some(list) = page_annots.get_mut(a.page) {
                list.push(LoObj::Reference(id));
            }
        }

        let mut parents: Vec<ObjectId> = vec![root_id; n];
        for (i, e) in self.elements.iter().enumerate() {
            for k in &e.kids {
                if let (Kid::Element(c), Some(id)) = (k, ids[i]) {
                    parents[*c] = id;
                }
            }
        }
        for (i, e) in self.elements.iter().enumerate() {
            let Some(id) = ids[i] else { continue };
            let first_page = e.kids.iter().find_map(|k| match k {
                Kid::Content { page, .. } => Some(*page),
                Kid::Annotation(a) => Some(annot_ids[*a].1),
                Kid::Element(_) => None,
            });
            let mut kids = Vec::with_capacity(e.kids.len());
            for k in &e.kids {
                match k {
                    Kid::Content { page, mcid } if Some(*page) == first_page => {
                        kids.push(LoObj::Integer(*mcid as i64))
                    }
                    Kid::Content { page, mcid } => {
                        let mut d = LoDict::new();
                        d.set("Type", LoObj::Name(b"MCR".to_vec()));
                        if let Some(pg) = page_ids.get(*page) {
                            d.set("Pg", LoObj::Reference(*pg));
                        }
                        d.set("MCID", LoObj::Integer(*mcid as i64));
                        kids.push(LoObj::Dictionary(d));
                    }
                    Kid::Element(c) => {
                        if let Some(cid) = ids[*c] {
                            kids.push(LoObj::Reference(cid));
                        }
                    }
                    Kid::Annotation(a) => {
                        let (aid, page, _) = annot_ids[*a];
                        let mut d = LoDict::new();
                        d.set("Type", LoObj::Name(b"OBJR".to_vec()));
                        if let Some(pg) = page_ids.get(page) {
                            d.set("Pg", LoObj::Reference(*pg));
                        }
                        d.set("Obj", LoObj::Reference(aid));
                        kids.push(LoObj::Dictionary(d));
                    }
                }
            }
            // `/Type /StructElem` is optional; leaving it out keeps files small.
            let mut d = LoDict::new();
            d.set("S", LoObj::Name(Self::name(&e.role).into_bytes()));
            d.set("P", LoObj::Reference(parents[i]));
            if let Some(pg) = first_page.and_then(|p| page_ids.get(p)) {
                d.set("Pg", LoObj::Reference(*pg));
            }
            d.set(
                "K",
                if kids.len() == 1 {
                    kids.pop().unwrap_or(LoObj::Null)
                } else {
                    LoObj::Array(kids)
                },
            );
            let attributes = |owner: &[u8], key: &str, value: LoObj| {
                let mut a = LoDict::new();
                a.set("O", LoObj::Name(owner.to_vec()));
                a.set(key, value);
                LoObj::Dictionary(a)
            };
            match &e.role {
                Some(Role::Figure { alt }) => {
                    d.set("Alt", text_string(alt));
                }
                Some(Role::TableHeader(scope)) => {
                    let scope: &[u8] = match scope {
                        HeaderScope::Column => b"Column",
                        HeaderScope::Row => b"Row",
                    };
                    d.set(
                        "A",
                        attributes(b"Table", "Scope", LoObj::Name(scope.to_vec())),
                    );
                }
                Some(Role::List { ordered }) => {
                    let numbering: &[u8] = if *ordered { b"Decimal" } else { b"Disc" };
                    d.set(
                        "A",
                        attributes(b"List", "ListNumbering", LoObj::Name(numbering.to_vec())),
                    );
                }
                _ => {}
            }
            lo.set_object(id, d);
        }

        // Parent tree: page i -> its marked contents' elements; then annotations.
        let mut nums = Vec::with_capacity(2 * (npages + annot_ids.len()));
        for (p, marks) in self.marks.iter().enumerate().take(npages) {
            nums.push(LoObj::Integer(p as i64));
            let refs = marks
                .iter()
                .map(|e| ids[*e].map_or(LoObj::Null, LoObj::Reference))
                .collect();
            nums.push(LoObj::Array(refs));
        }
        for (i, (_, _, element)) in annot_ids.iter().enumerate() {
            nums.push(LoObj::Integer((npages + i) as i64));
            nums.push(ids[*element].map_or(LoObj::Null, LoObj::Reference));
        }
        let mut tree = LoDict::new();
        tree.set("Nums", LoObj::Array(nums));
        let tree_id = lo.add_object(tree);

        for (p, id) in page_ids.iter().enumerate() {
            if let Ok(page) = lo.get_dictionary_mut(*id) {
                page.set("StructParents", LoObj::Integer(p as i64));
                page.set("Tabs", LoObj::Name(b"S".to_vec()));
                let annots = std::mem::take(&mut page_annots[p]);
                if !annots.is_empty() {
                    page.set("Annots", LoObj::Array(annots));
                }
            }
        }

        let mut root = LoDict::new();
        root.set("Type", LoObj::Name(b"StructTreeRoot".to_vec()));
        if let Some(doc) = ids[0] {
            root.set("K", LoObj::Reference(doc));
        }
        root.set("ParentTree", LoObj::Reference(tree_id));
        root.set(
            "ParentTreeNextKey",
            LoObj::Integer((npages + annot_ids.len()) as i64),
        );
        lo.set_object(root_id, root);
        root_id
    }
}
