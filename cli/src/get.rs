//! `torrentxt get`: download, show progress, seed, stop cleanly.

use crate::display::Display;
use crate::net::{catch_interrupts, check_peer, interrupted, Net};
use crate::{lib_err, read_file, Common, Exit, Fail, Res};
use clap::Args;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use torrentxt::add_options::AddRequest;
use torrentxt::event::Event;
use torrentxt::torrent::{Status, Torrent};

#[derive(Args)]
pub struct GetArgs {
    /// A magnet link, a 40- or 64-hex info-hash, or a .torrent file
    pub source: String,
    /// Directory to download into
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
    /// Directory for the durable session (default $XDG_DATA_HOME/torrentxt)
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,
    /// Exit as soon as the download is complete
    #[arg(long)]
    pub no_seed: bool,
    /// Stop seeding once uploaded/size reaches this ratio
    #[arg(long, value_name = "RATIO")]
    pub seed_ratio: Option<f64>,
    /// Stop seeding after this long (90, 30s, 10m, 2h)
    #[arg(long, value_name = "TIME", value_parser = parse_duration)]
    pub seed_time: Option<Duration>,
    #[command(flatten)]
    pub common: Common,
}

/// "90", "30s", "10m", "2h" -> a duration.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let (num, mult) = match t.chars().last() {
        Some('s') => (&t[..t.len() - 1], 1.0),
        Some('m') => (&t[..t.len() - 1], 60.0),
        Some('h') => (&t[..t.len() - 1], 3600.0),
        _ => (t, 1.0),
    };
    let n: f64 = num.parse().map_err(|_| format!("'{s}' is not a time (like 90, 30s, 10m or 2h)"))?;
    if !(n >= 0.0) || n * mult > 1e9 {
        return Err(format!("'{s}' is out of range"));
    }
    Ok(Duration::from_secs_f64(n * mult))
}

/// What the user named, as the add's source.
pub enum Source {
    Magnet(String),
    InfoHash(String),
    File(Vec<u8>),
}

pub fn classify(arg: &str) -> Res<Source> {
    if arg.starts_with("magnet:") {
        torrentxt::metainfo::describe_magnet(arg).map_err(|e| Fail::usage(format!("bad magnet link: {}", e.message())))?;
        return Ok(Source::Magnet(arg.to_owned()));
    }
    let is_hex = !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_hexdigit());
    if is_hex && (arg.len() == 40 || arg.len() == 64) {
        return Ok(Source::InfoHash(arg.to_ascii_lowercase()));
    }
    let p = std::path::Path::new(arg);
    if !p.exists() {
        if is_hex {
            return Err(Fail::usage(format!("'{arg}' is neither an info-hash (40 or 64 hex digits) nor a file")));
        }
        return Err(Fail::usage(format!("no such file: {arg} (give a magnet link, an info-hash or a .torrent file)")));
    }
    let data = read_file(p, "torrent file")?;
    torrentxt::metainfo::describe_torrent(&data)
        .map_err(|e| Fail::usage(format!("{arg} is not a usable .torrent file: {}", e.message())))?;
    Ok(Source::File(data))
}

/// The info-hash (v1 if the source has one, else v2) as bytes.
pub fn info_hash(src: &Source) -> Res<Vec<u8>> {
    let m = match src {
        Source::Magnet(m) => torrentxt::metainfo::describe_magnet(m),
        Source::File(d) => torrentxt::metainfo::describe_torrent(d),
        Source::InfoHash(h) => return torrentxt::record::from_hex(h).ok_or_else(|| Fail::usage("bad info-hash")),
    }
    .map_err(|e| Fail::usage(e.message()))?;
    Ok(if m.has_v1 { m.v1.to_vec() } else { m.v2.to_vec() })
}

/// The add's key/value options for this source and these flags.
pub fn add_request(src: &Source, save: &str, c: &Common, extra: &[String]) -> Res<(AddRequest, Vec<u8>)> {
    let mut o: Vec<String> = Vec::new();
    let data = match src {
        Source::Magnet(m) => {
            o.push("source=magnet".into());
            o.push(format!("magnet={m}"));
            Vec::new()
        }
        Source::InfoHash(h) => {
            o.push("source=infohash".into());
            o.push(format!("infoHash={h}"));
            Vec::new()
        }
        Source::File(d) => {
            o.push("source=torrent".into());
            d.clone()
        }
    };
    if save.contains('\n') {
        return Err(Fail::usage("the output directory's name has a newline"));
    }
    o.push(format!("savePath={save}"));
    for t in &c.tracker {
        if t.is_empty() || t.contains('\n') {
            return Err(Fail::usage(format!("--tracker '{t}' is not a URL")));
        }
        o.push(format!("tracker={t}"));
    }
    for p in &c.peer {
        check_peer(p)?;
        o.push(format!("peer={p}"));
    }
    if let Some(d) = c.limit_down {
        o.push(format!("downloadLimit={d}"));
    }
    if let Some(u) = c.limit_up {
        o.push(format!("uploadLimit={u}"));
    }
    o.extend(extra.iter().cloned());
    let req = AddRequest::parse(&o.join("\n"), &data).map_err(|e| lib_err("cannot add", e))?;
    Ok((req, data))
}

/// A disk error's exit code, a torrent error's otherwise.
fn torrent_failure(message: &str, disk: bool) -> Fail {
    Fail::new(if disk { Exit::Disk } else { Exit::Failed }, message.to_owned())
}

pub fn run(a: GetArgs) -> Res<Exit> {
    let c = &a.common;
    if a.seed_ratio.is_some_and(|r| !(r >= 0.0)) {
        return Err(Fail::usage("--seed-ratio must be >= 0"));
    }
    let src = classify(&a.source)?;
    std::fs::create_dir_all(&a.output)
        .map_err(|e| Fail::new(Exit::Disk, format!("cannot make {}: {}", a.output.display(), crate::io_text(&e))))?;
    let save = std::fs::canonicalize(&a.output).unwrap_or_else(|_| a.output.clone());
    let save = save.to_string_lossy().into_owned();
    // one durable session per torrent: its store brings back this torrent
    // (and only it) with its resume data after a crash, a kill or Ctrl-C
    let hash = info_hash(&src)?;
    let state = crate::state_dir(&a.state);
    std::fs::create_dir_all(&state)
        .map_err(|e| Fail::new(Exit::Disk, format!("cannot make {}: {}", state.display(), crate::io_text(&e))))?;
    let store = state.join(format!("get-{}.db", torrentxt::record::to_hex(&hash)));
    catch_interrupts();
    let net = Net::start_on(c, Some(&store))?;
    net.wait_restored()?;
    let quiet = c.quiet || c.json_events;
    let found = net.s.find(&hash).map_err(|e| lib_err("session", e))?;
    let h = if found > 0 {
        if !quiet {
            let st = Torrent::get(found).and_then(|t| t.status()).map_err(|e| lib_err("torrent", e))?;
            println!("resuming from {} (state in {})", st.save_path, store.display());
        }
        // this run's flags, on the torrent the store brought back
        let t = Torrent::get(found).map_err(|e| lib_err("torrent", e))?;
        t.set_limits(c.limit_down.unwrap_or(0), c.limit_up.unwrap_or(0)).map_err(|e| lib_err("limits", e))?;
        for tr in &c.tracker {
            t.add_tracker(tr, 0).map_err(|e| lib_err("--tracker", e))?;
        }
        for p in &c.peer {
            check_peer(p)?;
            let addr: std::net::SocketAddr = p.parse().map_err(|_| Fail::usage(format!("--peer '{p}'")))?;
            t.connect_peer(&addr.ip().to_string(), addr.port() as i32).map_err(|e| lib_err("--peer", e))?;
        }
        found
    } else {
        let (req, data) = add_request(&src, &save, c, &[])?;
        net.s.add_request(req, &data).map_err(|e| lib_err("cannot add the torrent", e))?
    };
    let t = Torrent::get(h).map_err(|e| lib_err("torrent", e))?;
    let mut display = Display::new(quiet, "get");
    let started = Instant::now();
    let mut downloaded_here = false;
    let mut finished_at: Option<Instant> = None;
    let mut last: Status;
    // what was already here (a resumed or checked torrent), once known
    let mut had: Option<i64> = None;
    let mut name_shown = false;
    loop {
        for raw in net.events(Duration::from_millis(200)) {
            match raw.event() {
                Event::FileError { torrent, message } if torrent == h => {
                    return Err(torrent_failure(&format!("cannot write in {save}: {message}"), true))
                }
                Event::TorrentError { torrent, message } if torrent == h => {
                    return Err(torrent_failure(&message, false))
                }
                Event::MetadataReceived { name, .. } if !quiet => display.println(&format!("metadata: {name}")),
                Event::PieceFinished { restored: false, .. } => downloaded_here = true,
                _ => {}
            }
        }
        let st = t.status().map_err(|e| lib_err("status", e))?;
        if !st.error.is_empty() {
            let disk = st.error.contains("space") || st.error.contains("ermission") || st.error.contains("file");
            return Err(torrent_failure(&format!("{}: {}", if st.name.is_empty() { "torrent" } else { &st.name }, st.error), disk));
        }
        if !name_shown && !st.name.is_empty() && st.num_pieces > 0 {
            name_shown = true;
            if !quiet {
                let hash = if st.info_hash_v1.is_empty() { &st.info_hash_v2 } else { &st.info_hash_v1 };
                display.println(&format!("{} ({hash}) -> {save}", st.name));
            }
        }
        if had.is_none() && st.num_pieces > 0 && !matches!(st.state, 1 | 2 | 7) {
            had = Some(st.total_done);
        }
        let finished = st.is_finished || st.is_seeding;
        if finished && finished_at.is_none() {
            finished_at = Some(Instant::now());
            display.show(&st, false);
            display.finish();
            if !quiet || c.quiet {
                let before = had.unwrap_or(0).min(st.total_wanted);
                let line = if downloaded_here {
                    let mut l = Display::done_line(&st.name, st.total_wanted - before, started.elapsed(), &st.save_path);
                    if before > 0 {
                        l.push_str(&format!(" ({} were already here)", indicatif::HumanBytes(before as u64)));
                    }
                    l
                } else {
                    format!("done: {}: already complete in {save}", st.name)
                };
                if !c.json_events {
                    println!("{line}");
                }
            }
            if a.no_seed {
                return Ok(Exit::Ok);
            }
            if !quiet {
                display = Display::new(false, "seed");
                let mut why = vec!["Ctrl-C".to_owned()];
                if let Some(r) = a.seed_ratio {
                    why.push(format!("ratio {r}"));
                }
                if let Some(d) = a.seed_time {
                    why.push(format!("{} s", d.as_secs()));
                }
                display.println(&format!("seeding until {}", why.join(" or ")));
            }
        }
        display.show(&st, finished_at.is_some());
        last = st;
        if let Some(at) = finished_at {
            let size = last.total_wanted.max(1) as f64;
            let ratio = last.all_time_upload as f64 / size;
            if a.seed_ratio.is_some_and(|r| ratio >= r) || a.seed_time.is_some_and(|d| at.elapsed() >= d) {
                display.finish();
                if !quiet {
                    println!("seeded: uploaded {} (ratio {ratio:.2})", indicatif::HumanBytes(last.all_time_upload.max(0) as u64));
                }
                return Ok(Exit::Ok);
            }
        }
        if interrupted() {
            display.finish();
            return Ok(if finished_at.is_some() {
                if !quiet {
                    println!("stopped: uploaded {}", indicatif::HumanBytes(last.all_time_upload.max(0) as u64));
                }
                Exit::Ok
            } else {
                if !c.json_events {
                    eprintln!(
                        "torrentxt: interrupted at {:.1}% ({} of {}); run the same command again to go on",
                        last.progress * 100.0,
                        indicatif::HumanBytes(last.total_done.max(0) as u64),
                        indicatif::HumanBytes(last.total_wanted.max(0) as u64)
                    );
                }
                Exit::Interrupted
            });
        }
    }
}
