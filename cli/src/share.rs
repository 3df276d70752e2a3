//! `torrentxt share`: make a torrent of a file or folder (hashing with
//! progress, or reusing the torrent of an unchanged source), print its
//! magnet link and info-hash, and seed until interrupted.
//!
//! "Unchanged" is decided by a manifest kept beside the cached .torrent in
//! the state directory: every file's relative path, size, modification time
//! (nanoseconds) and inode, plus the creation options. Any difference makes
//! a new torrent. What that misses, a content change that keeps size, time
//! and inode (an in-place rewrite followed by `touch -r`), is caught by
//! libtorrent itself: the torrent is seeded in seed mode, where every piece
//! is hashed before its first upload, and a piece that fails takes the
//! torrent out of seed mode into a full recheck, so no peer is ever sent
//! bytes that do not match the torrent.

use crate::display::Display;
use crate::get::{add_request, Source};
use crate::net::{catch_interrupts, interrupted, Net};
use crate::{io_text, lib_err, state_dir, Common, Exit, Fail, Res};
use clap::Args;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use torrentxt::create::CreateRequest;
use torrentxt::event::Event;
use torrentxt::registry::BTX_FLAG_SEED_MODE;
use torrentxt::torrent::Torrent;

#[derive(Args)]
pub struct ShareArgs {
    /// The file or folder to share
    pub path: PathBuf,
    /// Directory for the durable session and the cached torrents (default $XDG_DATA_HOME/torrentxt)
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,
    /// Torrent type: hybrid (v1 and v2), v1 or v2
    #[arg(long = "type", value_name = "TYPE", default_value = "hybrid", value_parser = ["hybrid", "v1", "v2"])]
    pub kind: String,
    /// Hash the content again even if it looks unchanged
    #[arg(long)]
    pub rehash: bool,
    /// Stop seeding after this long (90, 30s, 10m, 2h)
    #[arg(long, value_name = "TIME", value_parser = crate::get::parse_duration)]
    pub seed_time: Option<Duration>,
    #[command(flatten)]
    pub common: Common,
}

/// 64-bit FNV-1a: a stable name for a source path (the same in every build).
fn fnv(s: &[u8]) -> u64 {
    s.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// The manifest of a source: one line per file (size, mtime in ns, inode,
/// relative path), sorted, after a line of the creation options.
pub fn manifest(root: &Path, options: &str) -> Res<String> {
    let mut lines = Vec::new();
    let meta = std::fs::metadata(root).map_err(|e| Fail::usage(format!("cannot read {}: {}", root.display(), io_text(&e))))?;
    let mut stack = vec![(root.to_path_buf(), meta)];
    while let Some((p, m)) = stack.pop() {
        if m.is_dir() {
            let rd = std::fs::read_dir(&p).map_err(|e| Fail::usage(format!("cannot list {}: {}", p.display(), io_text(&e))))?;
            for entry in rd {
                let entry = entry.map_err(|e| Fail::usage(format!("cannot list {}: {}", p.display(), io_text(&e))))?;
                let child = entry.path();
                // symlinks are followed, as the creation does
                let cm = std::fs::metadata(&child)
                    .map_err(|e| Fail::usage(format!("cannot read {}: {}", child.display(), io_text(&e))))?;
                stack.push((child, cm));
            }
        } else {
            let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().into_owned();
            let mtime_ns = m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128;
            lines.push(format!("{} {} {} {}", m.len(), mtime_ns, m.ino(), rel));
        }
    }
    lines.sort();
    Ok(format!("options {}\n{}\n", options.replace('\n', " "), lines.join("\n")))
}

/// Makes the torrent on the session's creation thread, showing progress.
pub fn make_torrent(net: &Net, options: &str, quiet: bool, label: &str) -> Res<Vec<u8>> {
    let req = CreateRequest::parse(options).map_err(|e| lib_err("cannot make the torrent", e))?;
    let job = net.s.create_start(req).map_err(|e| lib_err("cannot make the torrent", e))?;
    let bar = if quiet {
        None
    } else {
        let bar = if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            indicatif::ProgressBar::with_draw_target(Some(1), indicatif::ProgressDrawTarget::stdout())
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template("{prefix:.bold} [{bar:30.green}] {pos}/{len} pieces {per_sec} ETA {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix(label.to_owned());
        Some(bar)
    };
    let mut lines_every = std::time::Instant::now();
    loop {
        for raw in net.events(Duration::from_millis(200)) {
            match raw.event() {
                Event::CreateProgress { job: j, done, total } if j == job => {
                    if let Some(b) = &bar {
                        b.set_length(total as u64);
                        b.set_position(done as u64);
                        if b.is_hidden() && lines_every.elapsed() >= Duration::from_secs(2) {
                            lines_every = std::time::Instant::now();
                            println!("hashing {done}/{total} pieces");
                        }
                    }
                }
                Event::CreateFinished { job: j, torrent_file } if j == job => {
                    if let Some(b) = &bar {
                        b.finish_and_clear();
                    }
                    return Ok(torrent_file);
                }
                Event::CreateFailed { job: j, message, .. } if j == job => {
                    if let Some(b) = &bar {
                        b.abandon();
                    }
                    return Err(Fail::usage(format!("cannot make the torrent: {message}")));
                }
                _ => {}
            }
        }
        if interrupted() {
            let _ = net.s.create_cancel(job);
            return Err(Fail::new(Exit::Interrupted, "interrupted while hashing"));
        }
    }
}

/// Writes a file whole (through a temporary file and a rename).
pub fn write_file(p: &Path, data: &[u8]) -> Res<()> {
    let tmp = p.with_extension("tmp");
    std::fs::write(&tmp, data)
        .and_then(|_| std::fs::rename(&tmp, p))
        .map_err(|e| Fail::new(Exit::Disk, format!("cannot write {}: {}", p.display(), io_text(&e))))
}

pub fn run(a: ShareArgs) -> Res<Exit> {
    let c = &a.common;
    let quiet = c.quiet || c.json_events;
    let root = std::fs::canonicalize(&a.path)
        .map_err(|e| Fail::usage(format!("cannot share {}: {}", a.path.display(), io_text(&e))))?;
    let root_s = root.to_string_lossy().into_owned();
    if root_s.contains('\n') {
        return Err(Fail::usage("the path has a newline in its name"));
    }
    let options = format!("path={root_s}\ntype={}", a.kind);
    let cache = state_dir(&a.state).join("shares");
    std::fs::create_dir_all(&cache)
        .map_err(|e| Fail::new(Exit::Disk, format!("cannot make {}: {}", cache.display(), io_text(&e))))?;
    let key = format!("{:016x}", fnv(root_s.as_bytes()));
    let (tpath, mpath) = (cache.join(format!("{key}.torrent")), cache.join(format!("{key}.manifest")));
    let before = manifest(&root, &options)?;
    catch_interrupts();
    let net = Net::start(c)?;
    let cached = if a.rehash {
        None
    } else {
        match (std::fs::read_to_string(&mpath), std::fs::read(&tpath)) {
            (Ok(m), Ok(t)) if m == before && torrentxt::metainfo::describe_torrent(&t).is_ok() => Some(t),
            _ => None,
        }
    };
    let reused = cached.is_some();
    let torrent = match cached {
        Some(t) => t,
        None => {
            let t = make_torrent(&net, &options, quiet, "hashing")?;
            // the content must not have changed while it was hashed
            if manifest(&root, &options)? != before {
                return Err(Fail::new(Exit::Failed, format!("{root_s} changed while it was hashed; share it again")));
            }
            write_file(&tpath, &t)?;
            write_file(&mpath, before.as_bytes())?;
            t
        }
    };
    let meta = torrentxt::metainfo::describe_torrent(&torrent).map_err(|e| lib_err("torrent", e))?;
    let mut magnet = torrentxt::metainfo::magnet_from_torrent(&torrent).map_err(|e| lib_err("magnet", e))?;
    for t in &c.tracker {
        magnet.push_str("&tr=");
        magnet.push_str(&percent(t));
    }
    let parent = root.parent().map_or_else(|| "/".to_owned(), |p| p.to_string_lossy().into_owned());
    let flags = [format!("flags={BTX_FLAG_SEED_MODE}"), format!("mask={BTX_FLAG_SEED_MODE}")];
    let (req, data) = add_request(&Source::File(torrent), &parent, c, &flags)?;
    let h = net.s.add_request(req, &data).map_err(|e| lib_err("cannot seed", e))?;
    let t = Torrent::get(h).map_err(|e| lib_err("torrent", e))?;
    let port = net.s.listen_port().unwrap_or(0);
    let v1 = if meta.has_v1 { torrentxt::record::to_hex(&meta.v1) } else { String::new() };
    let v2 = if meta.has_v2 { torrentxt::record::to_hex(&meta.v2) } else { String::new() };
    if c.quiet {
        println!("{magnet}");
    } else if !c.json_events {
        println!(
            "{} {}: {} in {} file(s), {} pieces",
            if reused { "reusing the torrent of" } else { "made a torrent of" },
            root_s,
            indicatif::HumanBytes(meta.total_size.max(0) as u64),
            meta.files.iter().filter(|f| f.attributes as u32 & torrentxt::registry::BTX_FILE_ATTR_PAD == 0).count(),
            meta.num_pieces
        );
        if reused {
            println!("(unchanged since it was hashed: no hashing needed)");
        }
        println!("torrent: {}", tpath.display());
        if !v1.is_empty() {
            println!("info-hash v1: {v1}");
        }
        if !v2.is_empty() {
            println!("info-hash v2: {v2}");
        }
        println!("magnet: {magnet}");
        println!("seeding on port {port} until Ctrl-C");
    }
    let mut display = Display::new(quiet, "seed");
    let started = std::time::Instant::now();
    loop {
        for raw in net.events(Duration::from_millis(250)) {
            match raw.event() {
                Event::FileError { torrent, message } if torrent == h => return Err(Fail::new(Exit::Disk, message)),
                Event::TorrentError { torrent, message } if torrent == h => return Err(Fail::new(Exit::Failed, message)),
                _ => {}
            }
        }
        let st = t.status().map_err(|e| lib_err("status", e))?;
        if !st.error.is_empty() {
            return Err(Fail::new(Exit::Failed, format!("{}: {}", st.name, st.error)));
        }
        display.show(&st, true);
        if interrupted() || a.seed_time.is_some_and(|d| started.elapsed() >= d) {
            display.finish();
            if !quiet {
                println!("stopped: uploaded {}", indicatif::HumanBytes(st.all_time_upload.max(0) as u64));
            }
            return Ok(Exit::Ok);
        }
    }
}

/// Percent-encodes a URL for a magnet's tr= parameter.
fn percent(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
