//! `policyforge serve`: start the preview server and the clerk's desk, and say where they are.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use policyforge::serve;

pub fn run(root: PathBuf, port: u16, open: bool, bind: Option<std::net::IpAddr>) -> ExitCode {
    let say: serve::Say = std::sync::Arc::new(|message: &str| {
        eprintln!("{}", message.trim_end());
    });
    let options = serve::Options { root, port, bind };
    let started = match serve::start(&options, say) {
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
