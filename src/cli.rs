//! The command line: parse arguments, run the pipeline, print diagnostics, choose the exit code.
//!
//! Why over 700 lines: every subcommand's arguments and output are here; issue 10 moves them to
//! `src/main.rs` + `src/cmd/` (one file per command), out of the library.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{self, Project, yaml::nearest};
use crate::validate::{self, Checked};
use crate::workflow::{commands, redline, status};
use crate::{dates, lock, publish, scaffold, site};

#[derive(Debug, Parser)]
#[command(
    name = "policyforge",
    version,
    about = "Turns a trust's model policies into each school's published, versioned policies."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EventArg {
    Populated,
    SentForComment,
    Comment,
    Received,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site (HTML, PDF, leaflets, manifest) into the output folder.
    Build {
        /// The policy repository (default: the current folder).
        dir: Option<PathBuf>,
        /// Also build unapproved policies into `drafts/`, marked DRAFT (never public).
        #[arg(long)]
        drafts: bool,
        /// Write the site here instead of book.toml's output folder.
        #[arg(long, short = 'd')]
        dest_dir: Option<PathBuf>,
    },
    /// Check every file and report every problem; exit 1 if there is an error.
    Check { dir: Option<PathBuf> },
    /// Show a policy's contextual fields for a school, ready to fill; `--write` puts them into
    /// the school's adoption file, keeping its values, records and comments.
    Context {
        dir: Option<PathBuf>,
        #[arg(long)]
        school: String,
        #[arg(long)]
        policy: String,
        /// Write the fields into schools/<school>/policies/<policy>.yaml (existing values,
        /// approval records and comments are kept) instead of printing them.
        #[arg(long)]
        write: bool,
    },
    /// Start a new policy repository with one trust, one model policy and one school.
    Init { dir: Option<PathBuf> },
    /// Show where every school's policies stand: stage, versions, review dates.
    Status {
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        #[arg(long)]
        school: Option<String>,
        #[arg(long)]
        trust: Option<String>,
    },
    /// Record the LGB's approval: freezes the text as the next version.
    Approve {
        dir: Option<PathBuf>,
        #[arg(long)]
        school: String,
        #[arg(long)]
        policy: String,
        /// The meeting's date, YYYY-MM-DD.
        #[arg(long, required_unless_present_any = ["finish", "undo"])]
        date: Option<String>,
        /// The minute reference, such as LGB/25/07.
        #[arg(long, required_unless_present_any = ["finish", "undo"])]
        minute: Option<String>,
        /// The chair's name or role.
        #[arg(long, required_unless_present_any = ["finish", "undo"])]
        chair: Option<String>,
        /// Record an approval whose frozen text was written but whose record was not (after an
        /// interrupted approve, or records deleted by hand), from the frozen text's details.
        #[arg(long, conflicts_with_all = ["undo", "date", "minute", "chair"])]
        finish: bool,
        /// Remove a frozen text that has no record, or the newest record whose frozen text is
        /// missing (after an interrupted approve).
        #[arg(long, conflicts_with_all = ["date", "minute", "chair"])]
        undo: bool,
        /// What changed in this version, for the version table.
        #[arg(long)]
        changes: Option<String>,
    },
    /// Record a workflow event: populated, sent-for-comment, comment, received.
    Record {
        #[arg(value_enum)]
        event: EventArg,
        dir: Option<PathBuf>,
        #[arg(long)]
        school: String,
        #[arg(long)]
        policy: String,
        /// YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// The trust officer (for sent-for-comment and comment).
        #[arg(long)]
        officer: Option<String>,
        /// The officer's comment.
        #[arg(long)]
        comment: Option<String>,
    },
    /// Record the trust board's agreement of a model policy's current version.
    Agree {
        dir: Option<PathBuf>,
        #[arg(long)]
        trust: String,
        #[arg(long)]
        policy: String,
        /// The board meeting's date, YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        minute: Option<String>,
        #[arg(long)]
        changes: Option<String>,
    },
    /// Preview the site, drafts included, reloading as files change; fill in policies in a form.
    Serve {
        /// The policy repository (default: the current folder).
        dir: Option<PathBuf>,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, short = 'p', default_value_t = crate::serve::DEFAULT_PORT)]
        port: u16,
        /// Open the clerk's desk in the web browser.
        #[arg(long, short = 'o')]
        open: bool,
        /// Listen on this address instead of 127.0.0.1 (anyone who reaches it sees the drafts).
        #[arg(long)]
        bind: Option<std::net::IpAddr>,
    },
    /// Show what changed between two approved versions (default: the last two).
    Diff {
        dir: Option<PathBuf>,
        #[arg(long)]
        school: String,
        #[arg(long)]
        policy: String,
        /// Older version (a number), or `draft` alone to compare the draft with the latest version.
        from: Option<String>,
        /// Newer version (a number), or `draft` for the unapproved text.
        to: Option<String>,
    },
    /// Print a completion script for a shell, e.g. `policyforge completions bash > ~/.local/share/bash-completion/completions/policyforge`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `policyforge man | man -l -`; with a command, its own page.
    Man {
        /// A command, such as `build`, for its own page.
        command: Option<String>,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    run(cli)
}

fn root_of(dir: Option<PathBuf>) -> PathBuf {
    dir.unwrap_or_else(|| PathBuf::from("."))
}

/// Prints diagnostics to stderr.
pub fn report(problems: &Diagnostics, root: &Path) {
    if problems.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", problems.render(root));
}

/// Loads and validates; on errors prints them and returns None.
fn load_checked<R>(
    root: &Path,
    then: impl FnOnce(&Checked<'_>, &Diagnostics) -> R,
) -> Result<R, ExitCode> {
    let _lock = read_lock(root)?;
    let (project, mut problems) = load::load(root);
    let Some(project) = project else {
        report(&problems, root);
        return Err(ExitCode::from(1));
    };
    let (checked, more) = validate::validate(&project, dates::today());
    problems.extend(more);
    Ok(then(&checked, &problems))
}

/// A reader's lock: it waits for a writer to finish, so it never reads half a change. A folder
/// that cannot be locked (it does not exist) is left for `load` to report.
fn read_lock(root: &Path) -> Result<Option<lock::RepoLock>, ExitCode> {
    if !root.is_dir() {
        return Ok(None);
    }
    match lock::read(root) {
        Ok(held) => {
            note_recovered(&held);
            tidy_site(root);
            Ok(Some(held))
        }
        Err(e) => Err(lock_failed(e, root)),
    }
}

/// A writer's lock, naming the command for anyone who has to wait.
fn write_lock(root: &Path, command: &str) -> Result<lock::RepoLock, ExitCode> {
    match lock::write(root, command) {
        Ok(held) => {
            note_recovered(&held);
            tidy_site(root);
            Ok(held)
        }
        Err(e) => Err(lock_failed(e, root)),
    }
}

fn note_recovered(held: &lock::RepoLock) {
    for line in &held.recovered {
        eprintln!("note: {line}");
    }
}

/// Removes what a killed build left beside book.toml's output folder (`.site.new`), putting the
/// old site back if it stopped between two renames. Safe under any lock: no build is running.
fn tidy_site(root: &Path) {
    let Ok(book) = crate::config::load(root) else {
        return;
    };
    if let Ok(output) = publish::resolve(&root.join(&book.build.output))
        && let Err(e) = publish::clean_leftovers(&output)
    {
        eprintln!("warning: cannot remove what an interrupted build left: {e}");
    }
}

fn lock_failed(e: lock::LockError, root: &Path) -> ExitCode {
    fail(
        Diagnostic::error(lock::HOLDER_FILE, Position::new(1, 1), e.message).with_hint(e.hint),
        root,
    )
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "policyforge", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man { command } => man_page(command.as_deref()),
        Command::Build {
            dir,
            drafts,
            dest_dir,
        } => {
            let root = root_of(dir);
            build(&root, drafts, dest_dir)
        }
        Command::Check { dir } => {
            let root = root_of(dir);
            match load_checked(&root, |checked, problems| {
                report(problems, &root);
                if problems.has_errors() {
                    ExitCode::from(1)
                } else {
                    eprintln!(
                        "checked {} trusts, {} policies, {} schools, {} adoptions: no errors",
                        checked.project.trusts.len(),
                        checked.project.policies.len(),
                        checked.project.schools.len(),
                        checked.adoptions.len()
                    );
                    ExitCode::SUCCESS
                }
            }) {
                Ok(code) | Err(code) => code,
            }
        }
        Command::Context {
            dir,
            school,
            policy,
            write,
        } => {
            let root = root_of(dir);
            let _lock = if write {
                let command = format!("context --write --school {school} --policy {policy}");
                match write_lock(&root, &command) {
                    Ok(held) => Some(held),
                    Err(code) => return code,
                }
            } else {
                match read_lock(&root) {
                    Ok(held) => held,
                    Err(code) => return code,
                }
            };
            let (project, problems) = load::load(&root);
            let Some(project) = project else {
                report(&problems, &root);
                return ExitCode::from(1);
            };
            if write {
                match scaffold::write_context(&project, &school, &policy) {
                    Ok(message) => {
                        println!("{message}");
                        ExitCode::SUCCESS
                    }
                    Err(d) => fail(d, &root),
                }
            } else {
                match scaffold::context_to_paste(&project, &school, &policy) {
                    Ok(text) => {
                        print!("{text}");
                        ExitCode::SUCCESS
                    }
                    Err(d) => fail(d, &root),
                }
            }
        }
        Command::Init { dir } => {
            let root = root_of(dir);
            // Into an existing folder, as a writer: never beside another command.
            let _lock = if root.is_dir() {
                match write_lock(&root, "init") {
                    Ok(held) => Some(held),
                    Err(code) => return code,
                }
            } else {
                None
            };
            match scaffold::init(&root) {
                Ok(()) => {
                    println!(
                        "Created a policy repository in {}. Build it with `policyforge build {}`.",
                        root.display(),
                        root.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d, &root),
            }
        }
        Command::Status {
            dir,
            format,
            school,
            trust,
        } => {
            let root = root_of(dir);
            match load_checked(&root, |checked, problems| {
                if let Some(d) =
                    unknown_filter(checked.project, school.as_deref(), trust.as_deref())
                {
                    return fail(d, &root);
                }
                if problems.has_errors() {
                    report(problems, &root);
                    eprintln!(
                        "note: the rows below may be incomplete until these errors are fixed"
                    );
                }
                let rows = status::rows(checked, school.as_deref(), trust.as_deref());
                let text = match format {
                    Format::Table => status::to_table(&rows),
                    Format::Json => status::to_json(&rows) + "\n",
                    Format::Csv => status::to_csv(&rows),
                };
                print!("{text}");
                if problems.has_errors() {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }) {
                Ok(code) | Err(code) => code,
            }
        }
        Command::Approve {
            dir,
            school,
            policy,
            date,
            minute,
            chair,
            changes,
            finish,
            undo,
        } => {
            let root = root_of(dir);
            let _lock = match write_lock(
                &root,
                &format!("approve --school {school} --policy {policy}"),
            ) {
                Ok(held) => held,
                Err(code) => return code,
            };
            let request = commands::ApproveRequest {
                interrupted: if finish {
                    Some(commands::Interrupted::Finish)
                } else if undo {
                    Some(commands::Interrupted::Undo)
                } else {
                    None
                },
                school,
                policy,
                date: date.unwrap_or_default(),
                minute: minute.unwrap_or_default(),
                chair: chair.unwrap_or_default(),
                changes,
            };
            outcome(commands::approve(&root, &request), &root)
        }
        Command::Record {
            dir,
            event,
            school,
            policy,
            date,
            officer,
            comment,
        } => {
            let root = root_of(dir);
            let _lock = match write_lock(
                &root,
                &format!("record --school {school} --policy {policy}"),
            ) {
                Ok(held) => held,
                Err(code) => return code,
            };
            let kind = match event {
                EventArg::Populated => crate::model::EventKind::Populated,
                EventArg::SentForComment => crate::model::EventKind::SentForComment,
                EventArg::Comment => crate::model::EventKind::Comment,
                EventArg::Received => crate::model::EventKind::Received,
            };
            let request = commands::RecordRequest {
                kind,
                school,
                policy,
                date,
                officer,
                comment,
            };
            outcome(commands::record(&root, &request), &root)
        }
        Command::Agree {
            dir,
            trust,
            policy,
            date,
            minute,
            changes,
        } => {
            let root = root_of(dir);
            let _lock = match write_lock(&root, &format!("agree --trust {trust} --policy {policy}"))
            {
                Ok(held) => held,
                Err(code) => return code,
            };
            let request = commands::AgreeRequest {
                trust,
                policy,
                date,
                minute,
                changes,
            };
            outcome(commands::agree(&root, &request), &root)
        }
        Command::Serve {
            dir,
            port,
            open,
            bind,
        } => serve(root_of(dir), port, open, bind),
        Command::Diff {
            dir,
            school,
            policy,
            from,
            to,
        } => {
            let root = root_of(dir);
            let (from, to) = match (from.as_deref(), to) {
                (Some("draft"), None) => (None, Some("draft".to_string())),
                (Some(f), to) => match f.parse::<u32>() {
                    Ok(v) => (Some(v), to),
                    Err(_) => {
                        return fail(
                            Diagnostic::error(
                                "command line",
                                Position::new(1, 1),
                                format!("`{f}` is not a version number"),
                            )
                            .with_hint("give version numbers such as `1 2`, or `draft`"),
                            &root,
                        );
                    }
                },
                (None, to) => (None, to),
            };
            match load_checked(&root, |checked, _| {
                redline::describe(checked, &school, &policy, from, to.as_deref())
            }) {
                Ok(Ok(text)) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Ok(Err(d)) => fail(d, &root),
                Err(code) => code,
            }
        }
    }
}

/// Writes the manual page of policyforge, or of one of its commands, to standard output.
fn man_page(name: Option<&str>) -> ExitCode {
    let top = Cli::command().version(env!("CARGO_PKG_VERSION"));
    let page = match name {
        None => top,
        Some(name) => {
            let names: Vec<String> = top
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            match top.find_subcommand(name) {
                Some(sub) => sub
                    .clone()
                    .name(format!("policyforge-{name}"))
                    .version(env!("CARGO_PKG_VERSION")),
                None => {
                    eprintln!(
                        "error: there is no command `{name}`\nhelp: commands: {}",
                        names.join(", ")
                    );
                    return ExitCode::from(2);
                }
            }
        }
    };
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(page).render(&mut out) {
        eprintln!("error: cannot write the manual page: {e}");
        return ExitCode::from(1);
    }
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(&out).is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn fail(d: Diagnostic, root: &Path) -> ExitCode {
    let mut all = Diagnostics::default();
    all.push(d);
    report(&all, root);
    ExitCode::from(1)
}

fn outcome(result: Result<String, Diagnostics>, root: &Path) -> ExitCode {
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            report(&problems, root);
            ExitCode::from(1)
        }
    }
}

fn unknown_filter(
    project: &Project,
    school: Option<&str>,
    trust: Option<&str>,
) -> Option<Diagnostic> {
    if let Some(s) = school
        && project.school(s).is_none()
    {
        return Some(unknown_school(project, s));
    }
    if let Some(t) = trust
        && project.trust(t).is_none()
    {
        let ids: Vec<&str> = project.trusts.iter().map(|t| t.id()).collect();
        return Some(
            Diagnostic::error(
                "model-policies",
                Position::default(),
                format!("there is no trust `{t}`"),
            )
            .with_hint(match nearest(t, &ids) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("trusts: {}", ids.join(", ")),
            }),
        );
    }
    None
}

pub fn unknown_school(project: &Project, s: &str) -> Diagnostic {
    let ids: Vec<&str> = project.schools.iter().map(|x| x.id.as_str()).collect();
    Diagnostic::error(
        "schools",
        Position::default(),
        format!("there is no school `{s}`"),
    )
    .with_hint(match nearest(s, &ids) {
        Some(n) => format!("did you mean `{n}`? A school's id is its folder's name under schools/"),
        None => format!(
            "a school's id is its folder's name under schools/: {}",
            ids.join(", ")
        ),
    })
}

fn build(root: &Path, drafts: bool, dest_dir: Option<PathBuf>) -> ExitCode {
    let _lock = if root.is_dir() {
        match write_lock(root, "build") {
            Ok(held) => Some(held),
            Err(code) => return code,
        }
    } else {
        None
    };
    // A folder given on the command line is checked before anything else: a usage error.
    let flagged = match dest_dir.map(|d| publish::check_output(root, &d).map_err(|r| (d, r))) {
        Some(Ok(resolved)) => Some(resolved),
        Some(Err((dest, refused))) => {
            let mut all = Diagnostics::default();
            all.push(
                Diagnostic::error(
                    "command line",
                    Position::new(1, 1),
                    format!("--dest-dir {}: {}", dest.display(), refused.message),
                )
                .with_hint(refused.hint),
            );
            report(&all, root);
            eprintln!("error: nothing was built; the published site is unchanged");
            return ExitCode::from(2);
        }
        None => None,
    };
    let today = dates::today();
    let (project, mut problems) = load::load(root);
    let Some(project) = project else {
        report(&problems, root);
        eprintln!("error: nothing was built; the published site is unchanged");
        return ExitCode::from(1);
    };
    let (checked, more) = validate::validate(&project, today);
    problems.extend(more);
    if problems.has_errors() {
        report(&problems, root);
        eprintln!("error: nothing was built; the published site is unchanged");
        return ExitCode::from(1);
    }
    // book.toml's output folder was checked when book.toml was read.
    let output = match flagged {
        Some(resolved) => resolved,
        None => match publish::resolve(&root.join(&project.book.build.output)) {
            Ok(resolved) => resolved,
            Err(e) => {
                eprintln!("error: cannot find the output folder: {e}");
                return ExitCode::from(1);
            }
        },
    };
    let options = site::BuildOptions { drafts, today };
    let files = match site::build(&checked, &options) {
        Ok(files) => files,
        Err(more) => {
            problems.extend(more);
            report(&problems, root);
            eprintln!("error: nothing was built; the published site is unchanged");
            return ExitCode::from(1);
        }
    };
    if problems.warning_count() > 0 {
        eprintln!(
            "{} warning{} (run `policyforge check` to read them)",
            problems.warning_count(),
            if problems.warning_count() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    for note in &files.notes {
        eprintln!("note: {note}");
    }
    if let Err(e) = publish::publish(&files, &output) {
        eprintln!(
            "error: cannot write the site: {e}\nhelp: check that the folder is writable and the disk is not full; the previous site is unchanged"
        );
        return ExitCode::from(1);
    }
    let pages = files.files.keys().filter(|k| k.ends_with(".html")).count();
    let pdfs = files.files.keys().filter(|k| k.ends_with(".pdf")).count();
    println!(
        "Built {pages} pages and {pdfs} PDFs into {}",
        output.display()
    );
    ExitCode::SUCCESS
}

fn serve(root: PathBuf, port: u16, open: bool, bind: Option<std::net::IpAddr>) -> ExitCode {
    let say: crate::serve::Say = std::sync::Arc::new(|message: &str| {
        eprintln!("{}", message.trim_end());
    });
    let options = crate::serve::Options { root, port, bind };
    let started = match crate::serve::start(&options, say) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    println!("Serving {} at {}", started.title, started.url);
    if let Some(ip) = bind.filter(|ip| !ip.is_loopback()) {
        eprintln!(
            "warning: listening on {ip}, not only on this computer: anyone who can reach it can read the drafts. Requests must still name this address, and changes need the page's token."
        );
    }
    println!(
        "The clerk's desk, with a form for each policy: {}",
        started.desk_url()
    );
    println!("Press Ctrl-C to stop.");
    let _ = std::io::stdout().flush();
    if open {
        open_browser(&started.desk_url());
    }
    match started.run() {
        Ok(()) => {
            eprintln!("Stopped.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn open_browser(url: &str) {
    let opened = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if opened.is_err() {
        eprintln!("note: cannot open a web browser here; open {url} yourself");
    }
}
