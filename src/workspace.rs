//! A repository loaded, validated and analysed once, owning everything it found: what every
//! command (and a long-running `serve`) asks questions of, and what the build renders.

use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;

use crate::analysis::{self, Analysis};
use crate::diagnostic::Diagnostics;
use crate::load::{self, Project};
use crate::site::{self, BuildOptions, SiteFiles};
use crate::validate;

/// A loaded, validated and analysed repository. It owns its project and its publication model
/// (nothing in it borrows from elsewhere), so it can be kept, shared between threads and
/// replaced whole when the repository changes.
#[derive(Debug)]
pub struct Workspace {
    project: Arc<Project>,
    analysis: Arc<Analysis>,
    problems: Diagnostics,
}

impl Workspace {
    /// Loads, validates and analyses the repository at `root` as of `today`; `Err` with the
    /// reasons when the repository cannot be read at all. A workspace whose diagnostics hold
    /// errors can be inspected but is not built.
    pub fn open(root: &Path, today: Date) -> Result<Workspace, Diagnostics> {
        let (project, mut problems) = load::load(root);
        let Some(project) = project else {
            return Err(problems);
        };
        let analysis = {
            let (mut checked, more) = validate::validate(&project, today);
            problems.extend(more);
            analysis::analyse_taking(&mut checked, today)
        };
        problems.extend(analysis.findings());
        Ok(Workspace {
            project: Arc::new(project),
            analysis: Arc::new(analysis),
            problems,
        })
    }

    pub fn project(&self) -> &Arc<Project> {
        &self.project
    }

    pub fn analysis(&self) -> &Arc<Analysis> {
        &self.analysis
    }

    /// Every problem loading and validation found.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.problems
    }

    /// Renders the whole site in memory (refused while validation found errors).
    pub fn build(&self, drafts: bool) -> Result<SiteFiles, Diagnostics> {
        if self.problems.has_errors() {
            let mut errors = Diagnostics::default();
            for d in self.problems.sorted() {
                if d.severity == crate::diagnostic::Severity::Error {
                    errors.push(d.clone());
                }
            }
            return Err(errors);
        }
        let options = BuildOptions {
            trust: None,
            drafts,
            today: self.analysis.today,
        };
        site::render(&self.project, &self.analysis, &options)
    }
}
