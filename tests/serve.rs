//! `policyforge serve`: the HTTP rules (Host, token, Origin, paths), Save through the desk,
//! live rebuilds over server-sent events, and a clean stop, spoken to with plain TcpStreams.

mod common;

use common::copy_dir;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A scratch copy of the every-field fixture with the project's themes, removed on drop.
struct Repo {
    dir: PathBuf,
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn fixture(name: &str) -> Repo {
    let dir = common::scratch(name);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("tests/fixtures/serve-every-field"), &dir);
    copy_dir(&root.join("themes"), &dir.join("themes"));
    Repo { dir }
}

/// Every file under `dir` with its bytes, to compare a tree before and after.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
                out.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

struct Server {
    child: Child,
    port: u16,
    first_line: String,
}

impl Server {
    fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    fn start_with(root: &Path, env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_policyforge"))
            .arg("serve")
            .arg(root)
            .args(["--port", "0"])
            .env("POLICYFORGE_TODAY", "2026-01-10")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first_line = String::new();
        out.read_line(&mut first_line).unwrap();
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            let _ = out.read_to_string(&mut sink);
        });
        let port = first_line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no port in {first_line:?}"));
        Server {
            child,
            port,
            first_line,
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Sends a raw request; returns the status code and the body.
    fn raw(&self, request: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_string());
        (status, body)
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host()
        ))
    }

    fn post(
        &self,
        path: &str,
        origin: Option<&str>,
        token: Option<&str>,
        body: &str,
    ) -> (u16, String) {
        let mut head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.host(),
            body.len()
        );
        if let Some(o) = origin {
            head.push_str(&format!("Origin: {o}\r\n"));
        }
        if let Some(t) = token {
            head.push_str(&format!("X-Policyforge-Token: {t}\r\n"));
        }
        self.raw(&format!("{head}\r\n{body}"))
    }

    fn token(&self) -> String {
        let (status, page) = self.get("/_desk/");
        assert_eq!(status, 200, "{page}");
        let at = page.find("name=\"policyforge-token\" content=\"").unwrap() + 34;
        page[at..at + 48].to_string()
    }

    fn stop(mut self, signal: libc::c_int) -> std::process::ExitStatus {
        let pid = libc::pid_t::try_from(self.child.id()).expect("a process id");
        // SAFETY: kill(2) only sends a signal to the child this test started.
        let sent = unsafe { libc::kill(pid, signal) };
        assert_eq!(sent, 0, "cannot send the signal");
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "serve did not stop within 10 s of signal {signal}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn first_line_names_the_site_and_a_loopback_address() {
    let repo = fixture("serve-first-line");
    let server = Server::start(&repo.dir);
    assert_eq!(
        server.first_line.trim(),
        format!(
            "Serving Oak Trust policies at http://127.0.0.1:{}/",
            server.port
        )
    );
    let (status, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("<html"), "{page}");
    assert!(
        page.contains("/_desk/live.js"),
        "the live-reload script is missing"
    );
    // The draft is served, marked, from memory: nothing is written into the repository.
    let (status, draft) = server.get("/drafts/schools/hazel-primary/visitors/");
    assert_eq!(status, 200);
    assert!(draft.contains("DRAFT"));
    assert!(!repo.dir.join("site").exists());
}

#[test]
fn a_request_naming_another_host_is_refused() {
    let repo = fixture("serve-host");
    let server = Server::start(&repo.dir);
    for host in [
        format!("attacker.example:{}", server.port),
        "127.0.0.1".to_string(),
        format!("127.0.0.1.attacker.example:{}", server.port),
        String::new(),
    ] {
        let (status, body) = server.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 403, "Host {host:?} got {status}");
        assert!(!body.contains("<html"), "Host {host:?} was served a page");
    }
    let (status, _) = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert_eq!(status, 200);
}

#[test]
fn changes_need_the_token_and_a_same_origin() {
    let repo = fixture("serve-token");
    let before = tree(&repo.dir);
    let server = Server::start(&repo.dir);
    let token = server.token();
    let origin = format!("http://{}", server.host());
    let body =
        r#"{"school":"hazel-primary","policy":"visitors","values":{"visitor_lead":"Attacker"}}"#;
    for (origin, token, why) in [
        (None, None, "no token, no origin"),
        (Some(origin.as_str()), None, "no token"),
        (Some(origin.as_str()), Some("0".repeat(48)), "a wrong token"),
        (None, Some(token.clone()), "no Origin"),
        (
            Some("http://attacker.example"),
            Some(token.clone()),
            "a foreign Origin",
        ),
        (Some("null"), Some(token.clone()), "an opaque Origin"),
    ] {
        let (status, _) = server.post("/_desk/api/save", origin, token.as_deref(), body);
        assert_eq!(status, 403, "a save with {why} got {status}");
    }
    let (status, _) = server.raw(&format!(
        "POST /_desk/api/save HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\nX-Policyforge-Token: {token}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.host(),
        body.len()
    ));
    assert_eq!(status, 415, "a form post (no JSON) must be refused");
    assert_eq!(tree(&repo.dir), before, "a refused request changed a file");
    let (status, answer) = server.post("/_desk/api/check", Some(&origin), Some(&token), body);
    assert_eq!(status, 200, "{answer}");
}

#[test]
fn no_path_leaves_the_site() {
    let repo = fixture("serve-paths");
    let server = Server::start(&repo.dir);
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/schools/%2e%2e/%2e%2e/book.toml",
        "/schools/..%2f..%2fbook.toml",
        "/..%5c..%5cbook.toml",
        "/%252e%252e/book.toml",
        "/book.toml",
        "/schools/hazel-primary/policies/visitors.yaml",
        "/_desk/..%2f..%2fetc/passwd",
        "//etc/passwd",
    ] {
        let (status, body) = server.get(path);
        assert!(
            (400..500).contains(&status),
            "{path} got {status}: {body:.200}"
        );
        assert!(!body.contains("root:"), "{path} served /etc/passwd");
        assert!(!body.contains("[book]"), "{path} served book.toml");
    }
}

fn values_of(text: &str) -> serde_json::Value {
    let adoption: policyforge::model::Adoption =
        serde_saphyr::from_str(text).expect("the saved file reads");
    serde_json::Value::Object(
        adoption
            .values
            .into_iter()
            .map(|(k, v)| (k, v.value))
            .collect(),
    )
}

#[test]
fn save_writes_the_values_and_keeps_comments_and_records() {
    let repo = fixture("serve-save");
    let file = repo
        .dir
        .join("schools/hazel-primary/policies/visitors.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let server = Server::start(&repo.dir);
    let token = server.token();
    let origin = format!("http://{}", server.host());
    let values = serde_json::json!({
        "visitor_lead": "School Business Manager",
        "welcome_statement": "We are *glad* you came.\n\n- Sign in\n- Wear a badge",
        "last_reviewed_on": "2025-02-30",
        "office_contact": "office@hazel-primary.example.org.uk",
        "map_url": "https://www.hazel-primary.example.org.uk/find-us",
        "entrances": ["Main reception", "Beech Lane gate: pupils only"],
        "badges_worn": false,
        "dbs_check_by": "Office Manager",
    });
    let body = |values: &serde_json::Value| {
        serde_json::json!({"school": "hazel-primary", "policy": "visitors", "values": values})
            .to_string()
    };
    // A date that does not exist is an error by its field, and nothing is saved.
    let (status, answer) = server.post(
        "/_desk/api/save",
        Some(&origin),
        Some(&token),
        &body(&values),
    );
    assert_eq!(status, 422, "{answer}");
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let by_date = answer["review"]["fields"]["last_reviewed_on"].to_string();
    assert!(by_date.contains("is not a date"), "{answer}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    // Corrected, it saves.
    let mut values = values;
    values["last_reviewed_on"] = serde_json::json!("2025-02-28");
    let (status, answer) = server.post(
        "/_desk/api/save",
        Some(&origin),
        Some(&token),
        &body(&values),
    );
    assert_eq!(status, 200, "{answer}");
    let saved = std::fs::read_to_string(&file).unwrap();
    assert_eq!(values_of(&saved), values);
    for kept in [
        "# Visitors Policy for Hazel Primary School.\n# Filled in by the clerk after the spring term meeting.\nmodel_version: 1\nvalues:\n  # Agreed with the head in January.\n",
        "  visitor_lead: School Business Manager # not a person's name\n",
        "  # Everyone wears one since 2024.\n",
        "# Records below are written by policyforge (approve, record). Do not edit them by hand.\nevents:\n- event: sent-for-comment\n  date: 2025-02-03\n  officer: Trust governance officer\n- event: comment\n  date: 2025-02-10\n  officer: Trust governance officer\n  comment: Please name the entrance on Beech Lane too.\n",
    ] {
        assert!(saved.contains(kept), "lost {kept:?}:\n{saved}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_policyforge"))
        .arg("check")
        .arg(&repo.dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["visitors.yaml".to_string()]);
}

/// Reads server-sent events until one satisfies `want`, or panics after `limit`.
fn wait_for_event(
    stream: &mut BufReader<TcpStream>,
    limit: Duration,
    want: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let started = Instant::now();
    let mut line = String::new();
    while started.elapsed() < limit {
        line.clear();
        match stream.read_line(&mut line) {
            Ok(0) => panic!("the event stream closed"),
            Ok(_) => {
                if let Some(data) = line.trim_end().strip_prefix("data: ") {
                    let value: serde_json::Value = serde_json::from_str(data).unwrap();
                    if want(&value) {
                        return value;
                    }
                }
            }
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(e) => panic!("{e}"),
        }
    }
    panic!("no such event within {limit:?}");
}

#[test]
fn an_edit_rebuilds_and_a_broken_file_keeps_the_last_good_pages() {
    let repo = fixture("serve-live");
    let server = Server::start(&repo.dir);
    let stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    write!(
        writer,
        "GET /_desk/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.host()
    )
    .unwrap();
    let mut events = BufReader::new(stream);
    let first = wait_for_event(&mut events, Duration::from_secs(5), |_| true);
    let generation = first["generation"].as_u64().unwrap();

    let book = repo.dir.join("book.toml");
    let text = std::fs::read_to_string(&book).unwrap();
    std::fs::write(
        &book,
        text.replace("Oak Trust policies", "Renamed <b>while</b> serving"),
    )
    .unwrap();
    let next = wait_for_event(&mut events, Duration::from_secs(5), |e| {
        e["generation"].as_u64() > Some(generation)
    });
    assert!(next["problems"].is_null(), "{next}");
    let (_, page) = server.get("/");
    assert!(
        page.contains("Renamed &lt;b&gt;while&lt;&#x2f;b&gt; serving")
            || page.contains("Renamed &lt;b&gt;while&lt;/b&gt; serving"),
        "the title is not escaped or not rebuilt: {page:.400}"
    );

    let school = repo.dir.join("schools/hazel-primary/school.yaml");
    std::fs::write(&school, "name: [unclosed\nphase: primary\n").unwrap();
    let broken = wait_for_event(&mut events, Duration::from_secs(5), |e| {
        !e["problems"].is_null()
    });
    let problems = broken["problems"].as_str().unwrap();
    assert!(
        problems.contains("schools/hazel-primary/school.yaml"),
        "{problems}"
    );
    let (status, page) = server.get("/");
    assert_eq!(status, 200, "the last good pages must stay served");
    assert!(page.contains("Renamed"));
    std::fs::write(
        &school,
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/serve-every-field/schools/hazel-primary/school.yaml"),
        )
        .unwrap(),
    )
    .unwrap();
    let fixed = wait_for_event(&mut events, Duration::from_secs(5), |e| {
        e["problems"].is_null()
    });
    assert!(fixed["generation"].as_u64() > broken["generation"].as_u64());
}

#[test]
fn ctrl_c_or_sigterm_stops_cleanly_and_leaves_the_repository_as_it_was() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let repo = fixture("serve-stop");
        let before = tree(&repo.dir);
        let server = Server::start(&repo.dir);
        let (status, _) = server.get("/");
        assert_eq!(status, 200);
        let status = server.stop(signal);
        assert!(
            status.success(),
            "serve exited with {status} on signal {signal}"
        );
        assert_eq!(tree(&repo.dir), before);
    }
}

#[test]
fn the_desk_records_and_approves_as_the_commands_do() {
    let repo = fixture("serve-approve-page");
    let cli = fixture("serve-approve-cli");
    let adoption = "schools/hazel-primary/policies/visitors.yaml";
    let text = std::fs::read_to_string(repo.dir.join(adoption))
        .unwrap()
        .replace(
            "  welcome_statement: \"\"\n",
            "  welcome_statement: Welcome.\n",
        )
        .replace(
            "  last_reviewed_on: \"\"\n",
            "  last_reviewed_on: 2025-09-01\n",
        )
        .replace(
            "  badges_worn: true\n",
            "  badges_worn: true\n  dbs_check_by: Office Manager\n",
        );
    std::fs::write(repo.dir.join(adoption), &text).unwrap();
    std::fs::write(cli.dir.join(adoption), &text).unwrap();
    let server = Server::start(&repo.dir);
    let token = server.token();
    let origin = format!("http://{}", server.host());
    let post = |action: &str, body: serde_json::Value| {
        let (status, answer) = server.post(
            &format!("/_desk/api/{action}"),
            Some(&origin),
            Some(&token),
            &body.to_string(),
        );
        (
            status,
            serde_json::from_str::<serde_json::Value>(&answer).unwrap(),
        )
    };
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_policyforge"))
            .args(args)
            .arg(&cli.dir)
            .args(["--school", "hazel-primary", "--policy", "visitors"])
            .env("POLICYFORGE_TODAY", "2026-01-10")
            .output()
            .unwrap()
    };
    // A comment without its text is refused with the command's own message.
    let (status, answer) = post(
        "record",
        serde_json::json!({"school": "hazel-primary", "policy": "visitors", "event": "comment", "date": "2025-03-01"}),
    );
    assert_eq!(status, 422);
    let out = run(&["record", "comment", "--date", "2025-03-01"]);
    assert!(!out.status.success());
    assert!(
        answer["problems"]
            .as_str()
            .unwrap()
            .contains("a comment event needs the officer's comment")
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("a comment event needs the officer's comment")
    );

    let (status, answer) = post(
        "record",
        serde_json::json!({"school": "hazel-primary", "policy": "visitors", "event": "populated", "date": "2025-03-01"}),
    );
    assert_eq!(status, 200, "{answer}");
    assert!(
        run(&["record", "populated", "--date", "2025-03-01"])
            .status
            .success()
    );
    let (status, answer) = post(
        "approve",
        serde_json::json!({"school": "hazel-primary", "policy": "visitors", "date": "2025-03-12", "minute": "LGB/25/04", "chair": "Chair of the LGB", "changes": ""}),
    );
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .starts_with("Approved Visitors Policy for Hazel Primary School as version 1")
    );
    let out = run(&[
        "approve",
        "--date",
        "2025-03-12",
        "--minute",
        "LGB/25/04",
        "--chair",
        "Chair of the LGB",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        tree(&repo.dir.join("schools")),
        tree(&cli.dir.join("schools"))
    );
    // A date in the future is refused, as by the command.
    let (status, answer) = post(
        "approve",
        serde_json::json!({"school": "hazel-primary", "policy": "visitors", "date": "2999-01-01", "minute": "x", "chair": "y"}),
    );
    assert_eq!(status, 422);
    assert!(
        answer["problems"]
            .as_str()
            .unwrap()
            .contains("is in the future"),
        "{answer}"
    );
}

#[test]
fn hostile_answers_never_break_the_file_or_the_server() {
    let repo = fixture("serve-hostile");
    let file = repo
        .dir
        .join("schools/hazel-primary/policies/visitors.yaml");
    let records = {
        let text = std::fs::read_to_string(&file).unwrap();
        text[text.find("# Records below").unwrap()..].to_string()
    };
    let server = Server::start(&repo.dir);
    let token = server.token();
    let origin = format!("http://{}", server.host());
    let long = "x".repeat(100_000);
    let hostile = [
        serde_json::json!("a: b"),
        serde_json::json!("- x"),
        serde_json::json!("# not a comment"),
        serde_json::json!("values:\nevents: []"),
        serde_json::json!("line one\n  line two\n# three\n- four\n"),
        serde_json::json!("\"quoted\" and 'single'"),
        serde_json::json!("<script>alert(1)</script>"),
        serde_json::json!("{{ school.name }} {% if x %}"),
        serde_json::json!("&anchor *alias !!tag | > % @ `"),
        serde_json::json!("\u{0}\u{1b}[31m\u{7f}"),
        serde_json::json!("\r\n\r\n"),
        serde_json::json!("   "),
        serde_json::json!("ünïcödé ✓ 🎉"),
        serde_json::json!("true"),
        serde_json::json!("0x1F"),
        serde_json::json!(long),
        serde_json::json!(12.5),
        serde_json::json!(-1),
        serde_json::json!(true),
        serde_json::json!(null),
        serde_json::json!([]),
        serde_json::json!(["a: b", "- c", "# d", "", "\n"]),
        serde_json::json!([["nested"], {"a": 1}, null, 3]),
        serde_json::json!({"a": {"b": [1, 2]}}),
        serde_json::json!("2025-02-30"),
        serde_json::json!("https://x.example/<script>"),
        serde_json::json!("javascript:alert(1)"),
    ];
    for value in &hostile {
        let values: serde_json::Map<String, serde_json::Value> = [
            "visitor_lead",
            "welcome_statement",
            "last_reviewed_on",
            "office_contact",
            "map_url",
            "entrances",
            "badges_worn",
            "dbs_check_by",
        ]
        .iter()
        .map(|n| (n.to_string(), value.clone()))
        .collect();
        let body =
            serde_json::json!({"school": "hazel-primary", "policy": "visitors", "values": values})
                .to_string();
        for action in ["check", "save"] {
            let (status, answer) = server.post(
                &format!("/_desk/api/{action}"),
                Some(&origin),
                Some(&token),
                &body,
            );
            assert!(
                [200, 409, 422].contains(&status),
                "{action} of {value:.80} got {status}: {answer:.300}"
            );
        }
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.ends_with(&records),
            "the records changed after {value:.80}:\n{text:.2000}"
        );
        assert!(
            serde_saphyr::from_str::<policyforge::model::Adoption>(&text).is_ok(),
            "{value:.80} made the file unreadable:\n{text:.2000}"
        );
        let (status, _) = server.get("/");
        assert_eq!(status, 200);
    }
}

#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_symbolic_link_out_of_the_repository() {
    let repo = fixture("serve-symlink");
    let outside = common::scratch("serve-symlink-outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, repo.dir.join("schools/hazel-primary/snapshots")).unwrap();
    let server = Server::start(&repo.dir);
    let token = server.token();
    let origin = format!("http://{}", server.host());
    let body = serde_json::json!({"school": "hazel-primary", "policy": "visitors", "date": "2025-03-12", "minute": "LGB/25/04", "chair": "Chair"}).to_string();
    let (status, answer) = server.post("/_desk/api/approve", Some(&origin), Some(&token), &body);
    assert_eq!(status, 403, "{answer}");
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    let _ = std::fs::remove_dir_all(&outside);
}

#[test]
fn save_waits_for_the_repository_lock_like_every_writing_command() {
    let repo = fixture("serve-lock");
    let file = repo
        .dir
        .join("schools/hazel-primary/policies/visitors.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let server = Server::start_with(&repo.dir, &[("POLICYFORGE_LOCK_WAIT", "0.5")]);
    let token = server.token();
    let origin = format!("http://{}", server.host());
    let body = serde_json::json!({"school": "hazel-primary", "policy": "visitors", "values": {"visitor_lead": "Receptionist"}}).to_string();
    // Another command holds the repository's lock (policyforge's lock is flock on the folder).
    let held = std::fs::File::open(&repo.dir).unwrap();
    held.lock().unwrap();
    let (status, answer) = server.post("/_desk/api/save", Some(&origin), Some(&token), &body);
    assert_eq!(status, 409, "{answer}");
    assert!(answer.contains("busy"), "{answer}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    held.unlock().unwrap();
    let (status, answer) = server.post("/_desk/api/save", Some(&origin), Some(&token), &body);
    assert_eq!(status, 200, "{answer}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("visitor_lead: Receptionist # not a person's name")
    );
}
