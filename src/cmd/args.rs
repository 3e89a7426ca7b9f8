//! The command line's definition: every command, argument and help text, for clap (`--help`,
//! completions and the manual page all come from here).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
        /// The policy repository (default: the current folder), e.g. `policyforge build ../policies`.
        dir: Option<PathBuf>,
        /// Also build unapproved policies into `drafts/`, marked DRAFT (never public), e.g.
        /// `policyforge build --drafts`.
        #[arg(long)]
        drafts: bool,
        /// Write the site here instead of book.toml's output folder, e.g. `--dest-dir /tmp/site`.
        #[arg(long, short = 'd')]
        dest_dir: Option<PathBuf>,
        #[command(flatten)]
        speed: BuildSpeed,
    },
    /// Check every file and report every problem; exit 1 if there is an error.
    Check {
        /// The policy repository (default: the current folder), e.g. `policyforge check ../policies`.
        dir: Option<PathBuf>,
    },
    /// Show a policy's contextual fields for a school, ready to fill; `--write` puts them into
    /// the school's adoption file, keeping its values, records and comments.
    Context {
        /// The policy repository (default: the current folder), e.g. `../policies`.
        dir: Option<PathBuf>,
        /// The school's id (its folder under schools/), e.g. `--school wybunbury-delves`.
        #[arg(long)]
        school: String,
        /// The policy's id (its file name without .md), e.g. `--policy social-media`.
        #[arg(long)]
        policy: String,
        /// Write the fields into schools/<school>/policies/<policy>.yaml (existing values,
        /// approval records and comments are kept) instead of printing them, e.g.
        /// `policyforge context --write --school S --policy P`.
        #[arg(long)]
        write: bool,
    },
    /// Start a new policy repository with one trust, one model policy and one school.
    Init {
        /// The folder to start the repository in (default: the current folder), e.g.
        /// `policyforge init my-trust-policies`.
        dir: Option<PathBuf>,
    },
    /// Show where every school stands with every policy: stage and how long it has been there,
    /// versions, review dates, flags (overdue, due soon, behind, stalled) and the officer's
    /// last comment.
    Status {
        /// The policy repository (default: the current folder), e.g. `../policies`.
        dir: Option<PathBuf>,
        /// How to print the rows: a table for people, or JSON or CSV for other tools, e.g.
        /// `--format csv > status.csv`.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Only this school's rows, e.g. `--school wybunbury-delves`.
        #[arg(long)]
        school: Option<String>,
        /// Only this trust's schools, e.g. `--trust cdat`.
        #[arg(long)]
        trust: Option<String>,
    },
    /// The trust's policy schedule: every policy with its tier, owner, review cycle, the
    /// board's last agreement and next review (flagged when due or overdue), statutory flag,
    /// website duty and how many schools publish it in date.
    Schedule {
        /// The policy repository (default: the current folder), e.g. `../policies`.
        dir: Option<PathBuf>,
        /// Only this trust's policies, e.g. `--trust cmat`.
        #[arg(long)]
        trust: Option<String>,
        /// How to print the rows: a table for people, or JSON or CSV for other tools, e.g.
        /// `--format csv > schedule.csv`.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Website compliance: every policy each school must publish online and its state; exits 0
    /// when every school complies and 1 otherwise, so a trust can run it in CI.
    Compliance {
        /// The policy repository (default: the current folder), e.g. `../policies`.
        dir: Option<PathBuf>,
        /// Only this trust's schools, e.g. `--trust cdat`.
        #[arg(long)]
        trust: Option<String>,
        /// Only this school, e.g. `--school wybunbury-delves`.
        #[arg(long)]
        school: Option<String>,
        /// How to print the report: a table for people, or JSON or CSV for other tools, e.g.
        /// `--format csv > compliance.csv`.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Record the approval by the school's local body (its LGB, LAC or governors): freezes the
    /// text as the next version.
    Approve {
        /// The policy repository (default: the current folder), e.g. `../policies`.
        dir: Option<PathBuf>,
        /// The school's id, e.g. `--school wybunbury-delves`.
        #[arg(long)]
        school: String,
        /// The policy's id, e.g. `--policy social-media`.
        #[arg(long)]
        policy: String,
        /// The meeting's date, YYYY-MM-DD, e.g. `--date 2026-03-25`.
        #[arg(long, required_unless_present_any = ["finish", "undo"])]
        date: Option<String>,
        /// The minute reference, e.g. `--minute LAC/25/07`.
        #[arg(long, required_unless_present_any = ["finish", "undo"])]
        minute: Option<String>,
        /// The chair's name or role, e.g. `--chair "Chair of the LGB"`.
        #[arg(long, required_unless_present_any = ["finish", "undo"])]
        chair: Option<String>,
        /// Record an approval whose frozen text was written but whose record was not (after an
        /// interrupted approve, or records deleted by hand), from the frozen text's details, e.g.
        /// `policyforge approve --finish --school S --policy P`.
        #[arg(long, conflicts_with_all = ["undo", "date", "minute", "chair"])]
        finish: bool,
        /// Remove a frozen text that has no record, or the newest record whose frozen text is
        /// missing (after an interrupted approve), e.g. `policyforge approve --undo --school S --policy P`.
        #[arg(long, conflicts_with_all = ["date", "minute", "chair"])]
        undo: bool,
        /// What changed in this version, for the version table, e.g.
        /// `--changes "Named the social media lead."`.
        #[arg(long)]
        changes: Option<String>,
    },
    /// Record a workflow event: populated, sent-for-comment, comment, received.
    Record {
        /// What happened, e.g. `policyforge record sent-for-comment --school S --policy P`.
        #[arg(value_enum)]
        event: EventArg,
        /// The policy repository (default: the current folder), e.g. `../policies`.
        dir: Option<PathBuf>,
        /// The school's id, e.g. `--school wybunbury-delves`.
        #[arg(long)]
        school: String,
        /// The policy's id, e.g. `--policy social-media`.
        #[arg(long)]
        policy: String,
        /// When it happened, YYYY-MM-DD (default: today), e.g. `--date 2026-03-02`.
        #[arg(long)]
        date: Option<String>,
        /// The trust officer (for sent-for-comment and comment), e.g.
        /// `--officer "Trust Governance Officer"`.
        #[arg(long)]
        officer: Option<String>,
        /// The officer's comment, e.g. `--comment "Name the role who moderates comments."`.
        #[arg(long)]
        comment: Option<String>,
    },
    /// Record that the trust's board agreed a model policy's current version (a version agreed
    /// already, with the same text, is left as it is).
    Agree {
        /// The policy repository (default: the current folder), e.g. `../policies`.
        dir: Option<PathBuf>,
        /// The trust's id (its folder under model-policies/), e.g. `--trust cdat`.
        #[arg(long)]
        trust: String,
        /// The model policy's id, e.g. `--policy social-media`.
        #[arg(long)]
        policy: String,
        /// The date of the board's meeting, YYYY-MM-DD, e.g. `--date 2026-03-11`.
        #[arg(long)]
        date: Option<String>,
        /// The board's minute reference, e.g. `--minute TB/26/012`.
        #[arg(long)]
        minute: Option<String>,
        /// What changed in this version, e.g. `--changes "New section on live streaming."`.
        #[arg(long)]
        changes: Option<String>,
    },
    /// Preview the site, drafts included, reloading as files change; fill in policies in a form.
    Serve {
        /// The policy repository (default: the current folder), e.g. `../policies`.
        dir: Option<PathBuf>,
        /// The port to listen on; 0 picks a free one, e.g. `--port 8080`.
        #[arg(long, short = 'p', default_value_t = policyforge::serve::DEFAULT_PORT)]
        port: u16,
        /// Open the clerk's desk in the web browser, e.g. `policyforge serve --open`.
        #[arg(long, short = 'o')]
        open: bool,
        /// Listen on this address instead of 127.0.0.1 (anyone who reaches it sees the drafts),
        /// e.g. `--bind 0.0.0.0`.
        #[arg(long)]
        bind: Option<std::net::IpAddr>,
    },
    /// Show what changed between two approved versions (default: the last two).
    Diff {
        /// The policy repository (default: the current folder), e.g. `../policies`. A version is never read as the
        /// folder: `diff draft` and `diff 1 2` compare versions here; write a folder named like
        /// a version as `./draft`.
        dir: Option<PathBuf>,
        /// The school's id, e.g. `--school wybunbury-delves`.
        #[arg(long)]
        school: String,
        /// The policy's id, e.g. `--policy social-media`.
        #[arg(long)]
        policy: String,
        /// Older version (a number), or `draft` alone to compare the draft with the latest
        /// version, e.g. `policyforge diff --school S --policy P draft` or `... 1 2`.
        from: Option<String>,
        /// Newer version (a number), or `draft` for the unapproved text, e.g. `... 2 draft`.
        to: Option<String>,
    },
    /// Print a completion script for a shell, e.g. `policyforge completions bash > ~/.local/share/bash-completion/completions/policyforge`.
    Completions {
        /// The shell, e.g. `bash`.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `policyforge man | man -l -`; with a command, its own page.
    Man {
        /// A command, for its own page, e.g. `policyforge man build`.
        command: Option<String>,
    },
}

/// How a build uses the machine and what it prints.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct BuildSpeed {
    /// Build on N threads (default: every core), e.g. `--jobs 2`. The site is the same whatever
    /// N is.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Print nothing but problems: no progress bar, no summary, e.g. `policyforge build --quiet`.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Build only this trust's schools and pages, e.g. `--trust cdat` (one job of a build split
    /// across machines; see docs/performance.md).
    #[arg(long, value_name = "TRUST")]
    pub trust: Option<String>,
    /// Make everything afresh without reading or writing the build cache (.policyforge-cache),
    /// e.g. `policyforge build --no-cache`.
    #[arg(long)]
    pub no_cache: bool,
}
