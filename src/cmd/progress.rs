//! The build's progress bar: shown on a terminal once a build has run for about a second,
//! never when output is piped, under `CI`, or with `--quiet`.

use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use policyforge::site::Progress;

pub struct Bar {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: Mutex<bool>,
}

impl Bar {
    pub fn new(quiet: bool) -> Bar {
        let wanted = !quiet && std::env::var_os("CI").is_none() && std::io::stderr().is_terminal();
        let bar = wanted.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            if let Ok(style) =
                ProgressStyle::with_template("{bar:30} {pos}/{len} schools  {elapsed} {msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        Bar {
            bar,
            started: Instant::now(),
            shown: Mutex::new(false),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn start(&self, units: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(units as u64);
        }
    }

    fn done_one(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if self.started.elapsed() > Duration::from_secs(1) {
            let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
            if !*shown {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                *shown = true;
            }
        }
    }
}
