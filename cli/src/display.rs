//! The progress display: an indicatif bar when stdout is a terminal, plain
//! periodic lines when it is not (a log, a pipe), nothing with -q or
//! --json-events.

use indicatif::{HumanBytes, HumanDuration, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};
use torrentxt::torrent::Status;

/// How progress is shown.
pub enum Display {
    /// a live bar on the terminal
    Bar(ProgressBar),
    /// a line every `every`
    Lines { every: Duration, last: Option<Instant> },
    /// nothing
    Quiet,
}

/// libtorrent's state_t as a word.
pub fn state_name(state: i32) -> &'static str {
    match state {
        1 => "checking",
        2 => "fetching metadata",
        3 => "downloading",
        4 => "finished",
        5 => "seeding",
        7 => "checking resume data",
        _ => "waiting",
    }
}

/// Seconds as "1h02m", "3m05s", "12s"; "-" when unknown.
pub fn eta_text(secs: i64) -> String {
    if secs < 0 {
        return "-".into();
    }
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}h{m:02}m")
    } else if m > 0 {
        format!("{m}m{s:02}s")
    } else {
        format!("{s}s")
    }
}

impl Display {
    /// The display for this run: `quiet` (or --json-events) shows nothing.
    pub fn new(quiet: bool, prefix: &str) -> Display {
        if quiet {
            return Display::Quiet;
        }
        if std::io::stdout().is_terminal() {
            // length 1 until the size is known: an empty bar, not 100%
            let bar = ProgressBar::with_draw_target(Some(1), ProgressDrawTarget::stdout_with_hz(8));
            let style = ProgressStyle::with_template(
                "{prefix:.bold} [{bar:25.cyan/blue}] {percent:>3}% {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(prefix.to_owned());
            Display::Bar(bar)
        } else {
            let every = std::env::var("TORRENTXT_PROGRESS_EVERY_MS")
                .ok()
                .and_then(|v| v.parse().ok())
                .map_or(Duration::from_secs(2), Duration::from_millis);
            Display::Lines { every, last: None }
        }
    }

    /// Shows a status of a download (`seeding`: the upload side instead).
    pub fn show(&mut self, st: &Status, seeding: bool) {
        let rates = format!(
            "down {}/s up {}/s",
            HumanBytes(st.download_rate.max(0) as u64),
            HumanBytes(st.upload_rate.max(0) as u64)
        );
        let peers = format!("peers {} seeds {}", st.num_peers, st.num_seeds);
        match self {
            Display::Bar(bar) => {
                // before the metadata the size is unknown: an empty bar, not 100%
                bar.set_length(st.total_wanted.max(1) as u64);
                bar.set_position(st.total_done.clamp(0, st.total_wanted.max(0)) as u64);
                let head = if seeding {
                    format!("uploaded {}", HumanBytes(st.all_time_upload.max(0) as u64))
                } else if st.state == 3 {
                    format!("ETA {}", eta_text(st.eta))
                } else {
                    state_name(st.state).to_owned()
                };
                let sizes = if st.total_wanted > 0 {
                    // total_done counts pad bytes too; the wanted bytes do not
                    let done = st.total_done.clamp(0, st.total_wanted);
                    format!("{}/{} | ", HumanBytes(done as u64), HumanBytes(st.total_wanted as u64))
                } else {
                    String::new()
                };
                // the most wanted first: a narrow terminal cuts the end
                bar.set_message(format!("{sizes}{head} | {rates} | {peers}"));
            }
            Display::Lines { every, last } => {
                let now = Instant::now();
                if last.is_some_and(|t| now.duration_since(t) < *every) {
                    return;
                }
                *last = Some(now);
                let what = if seeding { "seeding" } else { state_name(st.state) };
                let tail = if seeding {
                    format!("uploaded {}", HumanBytes(st.all_time_upload.max(0) as u64))
                } else {
                    format!("eta {}", eta_text(st.eta))
                };
                println!(
                    "{what} {:.1}% {}/{} {rates} {peers} {tail}",
                    st.progress * 100.0,
                    HumanBytes(st.total_done.clamp(0, st.total_wanted.max(0)) as u64),
                    HumanBytes(st.total_wanted.max(0) as u64)
                );
            }
            Display::Quiet => {}
        }
    }

    /// Prints a line above the bar (or as a line).
    pub fn println(&self, line: &str) {
        match self {
            Display::Bar(bar) => bar.println(line),
            Display::Lines { .. } => println!("{line}"),
            Display::Quiet => {}
        }
    }

    /// Ends the bar, leaving its last state on screen.
    pub fn finish(&mut self) {
        if let Display::Bar(bar) = self {
            if !bar.is_finished() {
                bar.finish();
                // indicatif leaves the cursor at the end of the bar's line
                println!();
            }
        }
        if matches!(self, Display::Lines { .. }) {
            if let Display::Lines { last, .. } = self {
                *last = None;
            }
        }
    }

    /// A line for a finished download: how much, how long, how fast.
    pub fn done_line(name: &str, bytes: i64, took: Duration, dir: &str) -> String {
        let secs = took.as_secs_f64().max(0.001);
        format!(
            "done: {name}: {} in {} ({}/s) in {dir}",
            HumanBytes(bytes.max(0) as u64),
            if secs < 10.0 { format!("{secs:.1}s") } else { HumanDuration(took).to_string() },
            HumanBytes((bytes.max(0) as f64 / secs) as u64)
        )
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Display::Bar(bar) = self {
            if !bar.is_finished() {
                bar.abandon();
            }
        }
    }
}
