//! Live reload: server-sent events to every open page, and the queue of rebuild requests.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::json;

/// How many pages may listen at once; more are told to retry later.
pub const MAX_LISTENERS: usize = 64;

#[derive(Default)]
struct Queue {
    pending: bool,
    closed: bool,
}

#[derive(Default)]
pub struct Live {
    listeners: Mutex<Vec<Sender<String>>>,
    queue: Mutex<Queue>,
    wake: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// One server-sent event.
pub fn event(name: &str, data: &serde_json::Value) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

/// The event that tells a page which build it is looking at and whether the newest one failed.
pub fn state_event(generation: u64, problems: Option<&str>) -> String {
    event(
        "state",
        &json!({"generation": generation, "problems": problems}),
    )
}

impl Live {
    /// A new listener, or `None` when there are too many.
    pub fn listen(&self) -> Option<Receiver<String>> {
        let mut listeners = lock(&self.listeners);
        if lock(&self.queue).closed {
            return None;
        }
        listeners.retain(|l| l.send(": ping\n\n".to_string()).is_ok());
        if listeners.len() >= MAX_LISTENERS {
            return None;
        }
        let (tx, rx) = channel();
        listeners.push(tx);
        Some(rx)
    }

    /// Tells every open page about a finished build.
    pub fn announce(&self, generation: u64, problems: Option<&str>) {
        let message = state_event(generation, problems);
        lock(&self.listeners).retain(|l| l.send(message.clone()).is_ok());
    }

    pub fn request_rebuild(&self) {
        lock(&self.queue).pending = true;
        self.wake.notify_all();
    }

    /// Waits for a rebuild request, then for a quiet moment (`settle` with no new request), so
    /// a burst of changes makes one rebuild; `false` once the server stops.
    pub fn wait_for_rebuild(&self, settle: Duration) -> bool {
        let mut queue = lock(&self.queue);
        while !queue.pending && !queue.closed {
            queue = self.wake.wait(queue).unwrap_or_else(|p| p.into_inner());
        }
        loop {
            if queue.closed {
                return false;
            }
            queue.pending = false;
            let (next, timeout) = self
                .wake
                .wait_timeout_while(queue, settle, |q| !q.pending && !q.closed)
                .unwrap_or_else(|p| p.into_inner());
            queue = next;
            if timeout.timed_out() {
                return true;
            }
        }
    }

    /// Ends every event stream and the rebuild loop.
    pub fn close(&self) {
        lock(&self.queue).closed = true;
        self.wake.notify_all();
        lock(&self.listeners).clear();
    }
}
