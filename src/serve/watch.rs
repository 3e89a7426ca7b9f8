//! Watches book.toml, model-policies/, schools/ and themes/, and asks for a rebuild on a change.

use std::path::Path;
use std::sync::Arc;

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::Desk;

/// The folders whose files make the site.
pub const WATCHED_FOLDERS: [&str; 3] = ["model-policies", "schools", "themes"];

/// Editors' and our own temporary files, which never change the site by themselves.
fn is_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

fn matters(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    if is_scratch(rel) {
        return false;
    }
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first == "book.toml" || WATCHED_FOLDERS.contains(&first.as_str())
}

/// Does this event change a file? Opening and reading one (as every build does) does not.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any | EventKind::Other => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) => false,
    }
}

/// Starts watching; the returned watcher stops when dropped. Bursts of events (an editor's
/// save, a `git checkout`) are gathered by the rebuilder, which waits for a quiet moment.
pub fn start(desk: &Arc<Desk>) -> Result<RecommendedWatcher, String> {
    // Events name absolute, resolved paths.
    let root = desk
        .root
        .canonicalize()
        .unwrap_or_else(|_| desk.root.clone());
    let events_root = root.clone();
    let handler_desk = Arc::clone(desk);
    let mut watcher =
        notify::recommended_watcher(move |result: notify::Result<Event>| match result {
            Ok(event) => {
                if changes_content(&event.kind)
                    && event.paths.iter().any(|p| matters(&events_root, p))
                {
                    handler_desk.rebuild_soon();
                }
            }
            Err(e) => (handler_desk.say)(&format!("warning: watching files: {e}")),
        })
        .map_err(|e| e.to_string())?;
    // The root itself, not recursively: book.toml, and folders that appear later.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("{}: {e}", root.display()))?;
    for folder in WATCHED_FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_repository_files_matter() {
        let root = Path::new("/r");
        assert!(matters(root, Path::new("/r/book.toml")));
        assert!(matters(root, Path::new("/r/schools/a/policies/x.yaml")));
        assert!(!matters(root, Path::new("/r/site/index.html")));
        assert!(!matters(
            root,
            Path::new("/r/schools/a/policies/.x.yaml.tmp")
        ));
        assert!(!matters(root, Path::new("/r/schools/a/policies/x.yaml~")));
        assert!(!changes_content(&EventKind::Access(
            notify::event::AccessKind::Open(notify::event::AccessMode::Read)
        )));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Data(
            notify::event::DataChange::Content
        ))));
    }
}
