//! The rules every request passes before it is answered: the Host it names, the token and
//! Origin of anything that changes a file, and paths that never leave the site.

use std::io::{Read, Write};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::{Desk, api, assets, desk, live};

/// The largest request body accepted (a form of values is a few kilobytes).
const MAX_BODY: u64 = 1 << 20;

/// The header that carries the per-session token.
pub const TOKEN_HEADER: &str = "X-Policyforge-Token";

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn with_headers(
    mut response: Response<std::io::Cursor<Vec<u8>>>,
    content_type: &str,
    strict: bool,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut add = |name: &str, value: &str| {
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    };
    add("Content-Type", content_type);
    add("Cache-Control", "no-store");
    add("X-Content-Type-Options", "nosniff");
    add("Referrer-Policy", "no-referrer");
    if strict {
        add(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        );
    } else {
        add("X-Frame-Options", "SAMEORIGIN");
    }
    response
}

/// Sends `body`; a page whose reader has gone away needs no answer.
pub fn send(request: Request, status: u16, content_type: &str, body: Vec<u8>, strict: bool) {
    let response = with_headers(
        Response::from_data(body).with_status_code(StatusCode(status)),
        content_type,
        strict,
    );
    let _ = request.respond(response);
}

fn refuse(request: Request, status: u16, why: &str) {
    send(
        request,
        status,
        "text/plain; charset=utf-8",
        format!("{why}\n").into_bytes(),
        true,
    );
}

/// Decodes `%XX` escapes; `None` for a malformed escape, bytes that are not UTF-8, or NUL.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    (!decoded.contains('\0')).then_some(decoded)
}

/// The path of a request as clean segments; `None` when it climbs (`..`), names `.`, or hides a
/// separator in an escape (`%2f`, `\`). Whatever it names is looked up, never joined to a folder.
pub fn segments(url: &str) -> Option<Vec<String>> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let mut out = Vec::new();
    for raw in path.split('/').skip(1) {
        let part = percent_decode(raw)?;
        if part == ".." || part == "." || part.contains(['/', '\\']) {
            return None;
        }
        if !part.is_empty() {
            out.push(part);
        }
    }
    Some(out)
}

/// Comparison that takes the same time wherever the first difference is.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Answers one request.
pub fn handle(desk: &Desk, mut request: Request) {
    let host = header(&request, "Host").unwrap_or("").to_ascii_lowercase();
    let ip_literal = desk.any_ip_port.is_some_and(|port| {
        host.parse::<std::net::SocketAddr>()
            .is_ok_and(|a| a.port() == port)
    });
    if !desk.hosts.contains(&host) && !ip_literal {
        let expected = desk.hosts.first().cloned().unwrap_or_default();
        return refuse(
            request,
            403,
            &format!(
                "This preview answers only to http://{expected}/ — a request naming another host is refused, so that no other website can reach it."
            ),
        );
    }
    let url = request.url().to_string();
    let Some(parts) = segments(&url) else {
        return refuse(request, 400, "This address is not allowed.");
    };
    let trailing_slash = url.split(['?', '#']).next().unwrap_or("").ends_with('/');
    match request.method() {
        Method::Get | Method::Head => {}
        Method::Post => {
            let origin = header(&request, "Origin").unwrap_or("");
            if origin != format!("http://{host}") {
                return refuse(
                    request,
                    403,
                    "Refused: a change must come from a page of this preview (its Origin does not match).",
                );
            }
            let token = header(&request, TOKEN_HEADER).unwrap_or("");
            if !same_secret(token, &desk.token) {
                return refuse(
                    request,
                    403,
                    "Refused: this page's session has ended. Reload the page and try again.",
                );
            }
            let json = header(&request, "Content-Type")
                .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/json"));
            if !json {
                return refuse(request, 415, "Send JSON.");
            }
            let mut body = Vec::new();
            let read = request
                .as_reader()
                .take(MAX_BODY + 1)
                .read_to_end(&mut body);
            if read.is_err() || body.len() as u64 > MAX_BODY {
                return refuse(request, 413, "The request is too large.");
            }
            let (status, answer) = api::handle(desk, &parts, &body);
            return send(
                request,
                status,
                "application/json; charset=utf-8",
                answer.to_string().into_bytes(),
                true,
            );
        }
        _ => return refuse(request, 405, "Only GET, HEAD and POST are answered."),
    }
    if parts.first().map(String::as_str) == Some(desk::PREFIX) {
        return get_desk(desk, request, &parts[1..], trailing_slash);
    }
    get_site(desk, request, &parts, trailing_slash);
}

fn get_desk(desk: &Desk, request: Request, parts: &[String], trailing_slash: bool) {
    let names: Vec<&str> = parts.iter().map(String::as_str).collect();
    match names[..] {
        ["events"] => events(desk, request),
        [file] if assets::get(file).is_some() => {
            let (content_type, body) = assets::get(file).unwrap_or(("text/plain", ""));
            send(request, 200, content_type, body.as_bytes().to_vec(), true);
        }
        [] | [_, _] if !trailing_slash => {
            let to = format!("/{}/{}", desk::PREFIX, names.join("/"));
            redirect(request, &format!("{}/", to.trim_end_matches('/')));
        }
        [] => page(request, desk::home(desk)),
        [school, policy] => page(request, desk::form(desk, school, policy)),
        _ => not_found(desk, request),
    }
}

fn page(request: Request, result: Result<String, (u16, String)>) {
    match result {
        Ok(html) => send(
            request,
            200,
            "text/html; charset=utf-8",
            html.into_bytes(),
            true,
        ),
        Err((status, html)) => send(
            request,
            status,
            "text/html; charset=utf-8",
            html.into_bytes(),
            true,
        ),
    }
}

fn redirect(request: Request, to: &str) {
    let mut response = with_headers(
        Response::from_data(Vec::new()).with_status_code(StatusCode(302)),
        "text/plain; charset=utf-8",
        true,
    );
    if let Ok(h) = Header::from_bytes(&b"Location"[..], to.as_bytes()) {
        response.add_header(h);
    }
    let _ = request.respond(response);
}

fn not_found(desk: &Desk, request: Request) {
    send(
        request,
        404,
        "text/html; charset=utf-8",
        desk::not_found(desk).into_bytes(),
        true,
    );
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("pdf") => "application/pdf",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// A page of the site, from the last good build in memory; HTML pages get the reload script.
fn get_site(desk: &Desk, request: Request, parts: &[String], trailing_slash: bool) {
    let path = parts.join("/");
    let state = match desk.site.read() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    };
    if state.files.is_empty() {
        let html = desk::broken(desk, state.problems.as_deref().unwrap_or(""));
        drop(state);
        return send(
            request,
            503,
            "text/html; charset=utf-8",
            html.into_bytes(),
            true,
        );
    }
    let key = if path.is_empty() || trailing_slash {
        format!("{path}{}index.html", if path.is_empty() { "" } else { "/" })
    } else {
        path.clone()
    };
    let Some(bytes) = state.files.get(&key) else {
        let folder = format!("{path}/index.html");
        let is_folder = !path.is_empty() && state.files.contains_key(&folder);
        drop(state);
        if is_folder {
            let last = parts.last().map(String::as_str).unwrap_or("");
            return redirect(request, &format!("{last}/"));
        }
        return not_found(desk, request);
    };
    let kind = content_type(&key);
    let body = if kind.starts_with("text/html") {
        inject_reload(bytes, state.generation)
    } else {
        bytes.clone()
    };
    drop(state);
    send(request, 200, kind, body, false);
}

/// Adds the live-reload script before `</body>` (or at the end of a page without one).
fn inject_reload(html: &[u8], generation: u64) -> Vec<u8> {
    let script = format!(
        "<script src=\"/{}/live.js\" data-generation=\"{generation}\" defer></script>",
        desk::PREFIX
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

/// A stream of server-sent events: the current state at once, then one per build.
fn events(desk: &Desk, request: Request) {
    let Some(rx) = desk.live.listen() else {
        return refuse(
            request,
            503,
            "Too many open pages are listening; close some.",
        );
    };
    let (generation, problems) = {
        let state = match desk.site.read() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        (state.generation, state.problems.clone())
    };
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    let first = live::state_event(generation, problems.as_deref());
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.write_all(first.as_bytes()))
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_climb() {
        assert_eq!(segments("/a/b/"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(segments("/"), Some(vec![]));
        assert_eq!(segments("/../etc/passwd"), None);
        assert_eq!(segments("/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(segments("/a/%2F..%2Fb"), None);
        assert_eq!(segments("/a/..%5cb"), None);
        assert_eq!(segments("/a%00"), None);
        assert_eq!(segments("/a%zz"), None);
        assert_eq!(segments("/%E2%82%AC?x=1"), Some(vec!["€".into()]));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }
}
