//! Rewrites the record sections of a YAML file (events, approvals, versions) and nothing else,
//! so a clerk's comments, values and key order survive every command.

/// Replaces the top-level `keys` blocks of `text` with `replacement` (appended at the end).
pub fn replace_blocks(text: &str, keys: &[&str], replacement: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        let top_level = !line.is_empty() && !line.starts_with([' ', '\t', '-', '#']);
        if top_level {
            skipping = keys.iter().any(|k| {
                line.strip_prefix(k)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            });
        } else if line.starts_with('#') && skipping {
            // A comment at the left margin starts whatever follows, not the block being replaced.
            skipping = false;
        }
        if !skipping {
            kept.push(line);
        }
    }
    while kept.last().is_some_and(|l| l.trim().is_empty()) {
        kept.pop();
    }
    let mut out = kept.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(replacement);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// YAML for a top-level key holding `value` (a list), as the tool writes it.
pub fn block<T: serde::Serialize>(key: &str, value: &[T]) -> String {
    if value.is_empty() {
        return format!("{key}: []\n");
    }
    #[derive(serde::Serialize)]
    struct One<'a, T> {
        #[serde(flatten)]
        inner: std::collections::BTreeMap<&'a str, &'a [T]>,
    }
    let mut map = std::collections::BTreeMap::new();
    map.insert(key, value);
    serde_saphyr::to_string(&One { inner: map }).unwrap_or_else(|_| format!("{key}: []\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_comments_and_order() {
        let text = "# clerk's note\nmodel_version: 3\nvalues:\n  a: 1 # why\nevents:\n- event: populated\n  date: 2025-01-01\napprovals: []\n";
        let out = replace_blocks(
            text,
            &["events", "approvals"],
            "events:\n- event: comment\n",
        );
        assert_eq!(
            out,
            "# clerk's note\nmodel_version: 3\nvalues:\n  a: 1 # why\nevents:\n- event: comment\n"
        );
    }
}
