//! One diagnostic type for every problem a run finds: file, line, column, what is wrong, how to fix it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position {
            line: line.max(1),
            column: column.max(1),
        }
    }

    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Position::new(line, column)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the project root, as the user would type it.
    pub file: PathBuf,
    pub at: Position,
    pub message: String,
    pub label: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, at: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            at,
            message: message.into(),
            label: None,
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, at: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, at, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn location(&self) -> String {
        format!(
            "{}:{}:{}",
            self.file.display(),
            self.at.line,
            self.at.column
        )
    }
}

/// Every problem of a run, collected so they can be reported together.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if !self.items.contains(&diagnostic) {
            self.items.push(diagnostic);
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorted by file, then line, then column.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (&a.file, a.at, a.severity, &a.message).cmp(&(&b.file, b.at, b.severity, &b.message))
        });
        items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Renders every diagnostic like rustc does, reading source lines from `root`.
    pub fn render(&self, root: &Path) -> String {
        let mut out = self.render_each(root);
        if !self.is_empty() {
            let _ = writeln!(out, "{}", self.counts());
        }
        out
    }

    /// Every problem, sorted, without the closing count (for a command that ends with its
    /// own summary line).
    pub fn render_each(&self, root: &Path) -> String {
        let mut sources: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
        let mut out = String::new();
        for d in self.sorted() {
            let text = sources
                .entry(d.file.clone())
                .or_insert_with(|| std::fs::read_to_string(root.join(&d.file)).ok());
            out.push_str(&render_one(d, text.as_deref()));
            out.push('\n');
        }
        out
    }

    /// "2 errors, 1 warning".
    pub fn counts(&self) -> String {
        let (errors, warnings) = (self.error_count(), self.warning_count());
        format!(
            "{} error{}, {} warning{}",
            errors,
            if errors == 1 { "" } else { "s" },
            warnings,
            if warnings == 1 { "" } else { "s" }
        )
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

fn render_one(d: &Diagnostic, source: Option<&str>) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = d.file.display().to_string();
    let line_text = source.and_then(|s| s.lines().nth(d.at.line.saturating_sub(1)));
    let title = level.primary_title(d.message.as_str());
    let mut groups: Vec<Group<'_>> = Vec::new();
    match line_text {
        Some(line) => {
            let start = char_to_byte(line, d.at.column.saturating_sub(1));
            let end = token_end(line, start);
            let mut annotation = AnnotationKind::Primary.span(start..end);
            if let Some(label) = &d.label {
                annotation = annotation.label(label.as_str());
            }
            groups.push(
                title.element(
                    Snippet::source(line)
                        .line_start(d.at.line)
                        .path(path.as_str())
                        .annotation(annotation),
                ),
            );
        }
        None => {
            groups.push(Group::with_title(title));
        }
    }
    if let Some(hint) = &d.hint {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(hint.as_str()),
        ));
    }
    let rendered = Renderer::plain().render(&groups);
    if line_text.is_none() {
        // Without a source line annotate-snippets prints no path: say where ourselves.
        format!("{rendered}\n  --> {}", d.location())
    } else {
        rendered
    }
}

fn char_to_byte(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}

/// The end of the word or value starting at `start`, so the caret underlines it.
fn token_end(line: &str, start: usize) -> usize {
    let rest = line.get(start..).unwrap_or("");
    let len = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || *c == ':')
        .map_or(rest.len(), |(i, _)| i);
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    start + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "a: 1\nbé: x\n";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::of_offset(text, 5), Position::new(2, 1));
        assert_eq!(Position::of_offset(text, 9), Position::new(2, 4));
    }

    #[test]
    fn renders_file_line_and_hint() {
        let mut all = Diagnostics::default();
        all.push(
            Diagnostic::error(
                "schools/a/school.yaml",
                Position::new(2, 1),
                "unknown field `nmae`",
            )
            .with_hint("did you mean `name`?"),
        );
        let out = render_one(&all.sorted()[0].clone(), Some("trust: cdat\nnmae: X\n"));
        assert!(out.contains("schools/a/school.yaml:2:1"), "{out}");
        assert!(out.contains("did you mean `name`?"), "{out}");
    }
}
