//! `policyforge serve`: the clerk's desk. A local preview of the site (drafts included) that
//! rebuilds when a file changes and reloads open pages, with a form for each school's
//! contextual areas and its workflow records, safe to leave running on a clerk's laptop.
//!
//! The site is built into memory and served from there, so nothing is written beside the
//! repository; the only files ever written are the adoption files and snapshots that Save and
//! the workflow buttons write through the same library code as the commands.

mod api;
mod assets;
mod desk;
mod http;
mod live;
mod preview;
pub mod values_file;
mod watch;
mod yaml_value;

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// How to start the server.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    /// Listen on this address instead of 127.0.0.1 (the caller warns the user).
    pub bind: Option<IpAddr>,
}

/// Requests answered at once (each on its own thread; open pages' event streams count too).
const MAX_REQUESTS: usize = 128;

/// The default port, as mdBook's `serve`.
pub const DEFAULT_PORT: u16 = 3000;

/// Where the terminal messages of a running server go (the command line prints them).
pub type Say = Arc<dyn Fn(&str) + Send + Sync>;

/// The last good build and, when the newest attempt failed, what is wrong.
#[derive(Debug, Default)]
pub struct SiteState {
    /// Site files by path (`index.html`, `schools/x/index.html`, ...), from the last good build.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Diagnostics of the newest failed build, rendered as `check` prints them.
    pub problems: Option<String>,
    /// Counts builds, so a page can tell whether it is out of date.
    pub generation: u64,
}

/// What every request handler shares.
pub struct Desk {
    pub root: PathBuf,
    /// `host:port` values a request's Host header may carry.
    pub hosts: Vec<String>,
    /// Listening on every address (`--bind 0.0.0.0`): any IP address (never a name) is accepted
    /// as the Host, with this port. A DNS rebinding attack needs a name, so it is still refused.
    pub any_ip_port: Option<u16>,
    /// Requests being answered, to refuse a flood rather than start a thread for each.
    pub busy: std::sync::atomic::AtomicUsize,
    /// The per-session secret every state-changing request must carry.
    pub token: String,
    pub site: RwLock<SiteState>,
    pub live: live::Live,
    /// Held while a file is written, so a stop waits for a write to finish.
    pub writing: Mutex<()>,
    pub stopping: AtomicBool,
    pub say: Say,
}

impl Desk {
    /// Asks for a rebuild now (a write from the page; the watcher would see it too).
    pub fn rebuild_soon(&self) {
        self.live.request_rebuild();
    }
}

/// A bound server, not yet answering.
pub struct Started {
    pub url: String,
    pub title: String,
    server: Arc<tiny_http::Server>,
    desk: Arc<Desk>,
}

/// Why the server could not start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn new_token() -> Result<String, StartError> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes)
        .map_err(|e| StartError(format!("cannot make a session token: {e}")))?;
    Ok(crate::hex::lower(&bytes))
}

/// Binds the address. Requests wait (queued) until `run` has built the site once.
pub fn start(options: &Options, say: Say) -> Result<Started, StartError> {
    let root = &options.root;
    if !root.is_dir() {
        return Err(StartError(format!(
            "there is no folder {}: give the policy repository's folder, or run the command inside it",
            root.display()
        )));
    }
    let ip = options.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let server = tiny_http::Server::http(SocketAddr::new(ip, options.port)).map_err(|e| {
        StartError(format!(
            "cannot listen on {ip}:{}: {e}\nhelp: another program may be using the port; try `--port 0` to pick a free one",
            options.port
        ))
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or_else(|| StartError("the server has no TCP address".to_string()))?;
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    match ip {
        IpAddr::V4(v4) if !v4.is_loopback() && !v4.is_unspecified() => {
            hosts.push(format!("{v4}:{port}"))
        }
        IpAddr::V6(v6) => hosts.push(format!("[{v6}]:{port}")),
        _ => {}
    }
    let display_host = match ip {
        IpAddr::V4(v4) if !v4.is_unspecified() => v4.to_string(),
        IpAddr::V6(v6) if !v6.is_unspecified() => format!("[{v6}]"),
        _ => "127.0.0.1".to_string(),
    };
    let desk = Arc::new(Desk {
        root: root.clone(),
        hosts,
        any_ip_port: ip.is_unspecified().then_some(port),
        busy: std::sync::atomic::AtomicUsize::new(0),
        token: new_token()?,
        site: RwLock::new(SiteState::default()),
        live: live::Live::default(),
        writing: Mutex::new(()),
        stopping: AtomicBool::new(false),
        say,
    });
    // One line, whatever book.toml's title holds.
    let title: String = preview::title(root)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    Ok(Started {
        url: format!("http://{display_host}:{port}/"),
        title,
        server: Arc::new(server),
        desk,
    })
}

impl Started {
    /// The clerk's desk: the forms and the workflow buttons.
    pub fn desk_url(&self) -> String {
        format!("{}{}", self.url, desk::HOME.trim_start_matches('/'))
    }

    /// Answers requests until SIGINT or SIGTERM; then waits for a write in progress and returns.
    pub fn run(self) -> Result<(), StartError> {
        let Started { server, desk, .. } = self;
        preview::rebuild(&desk, true);
        let watcher = watch::start(&desk)
            .map_err(|e| StartError(format!("cannot watch the repository's files: {e}")))?;
        let rebuilder = preview::spawn_rebuilder(Arc::clone(&desk));
        let mut signals = signal_hook::iterator::Signals::new([
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
        ])
        .map_err(|e| StartError(format!("cannot listen for Ctrl-C: {e}")))?;
        let handle = signals.handle();
        {
            let desk = Arc::clone(&desk);
            let server = Arc::clone(&server);
            std::thread::spawn(move || {
                if signals.forever().next().is_some() {
                    desk.stopping.store(true, Ordering::SeqCst);
                    server.unblock();
                }
            });
        }
        for request in server.incoming_requests() {
            if desk.stopping.load(Ordering::SeqCst) {
                break;
            }
            if desk.busy.fetch_add(1, Ordering::SeqCst) >= MAX_REQUESTS {
                desk.busy.fetch_sub(1, Ordering::SeqCst);
                http::send(
                    request,
                    503,
                    "text/plain; charset=utf-8",
                    b"Too many requests at once; try again.\n".to_vec(),
                    true,
                );
                continue;
            }
            let desk = Arc::clone(&desk);
            std::thread::spawn(move || {
                http::handle(&desk, request);
                desk.busy.fetch_sub(1, Ordering::SeqCst);
            });
        }
        desk.stopping.store(true, Ordering::SeqCst);
        handle.close();
        drop(watcher);
        desk.live.close();
        let _ = rebuilder.join();
        // A save or an approval in progress finishes before the process ends.
        let _guard = desk.writing.lock();
        Ok(())
    }
}

/// Is `path` (relative to the root, from a loaded project) a real file inside the repository,
/// reached through no symbolic link? Writes go only to such files.
pub fn inside_repository(root: &Path, rel: &Path) -> bool {
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return false;
    }
    let Ok(real_root) = root.canonicalize() else {
        return false;
    };
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return false,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    at.canonicalize()
        .is_ok_and(|real| real.starts_with(&real_root))
}
