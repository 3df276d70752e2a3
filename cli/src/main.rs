//! `torrentxt`: download, share and inspect torrents from a shell. A client
//! of the library's safe Rust API (the `torrentxt` crate), never of its C
//! functions. Exit codes: see `Exit` below and docs/cli.md.

mod display;
mod get;
mod inspect;
mod net;
mod share;
mod dht;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// How the program ends. The numbers are documented in docs/cli.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: done (downloaded and seeded as asked; the command did its job)
    Ok = 0,
    /// 1: the transfer failed (a torrent error, nothing found in time)
    Failed = 1,
    /// 2: bad input (a bad magnet, a missing or malformed file, bad flags)
    Usage = 2,
    /// 3: the network could not be set up (a port in use, a bad address)
    Network = 3,
    /// 4: a disk error (a full disk, no permission, a missing directory)
    Disk = 4,
    /// 130: interrupted (Ctrl-C or SIGTERM) before the download completed;
    /// what was downloaded is kept for the next run
    Interrupted = 130,
}

/// An error for the user: one line, and the exit code it earns.
#[derive(Debug)]
pub struct Fail {
    /// the exit code
    pub code: Exit,
    /// the line printed to stderr after "torrentxt: "
    pub msg: String,
}

impl Fail {
    pub fn new(code: Exit, msg: impl Into<String>) -> Self {
        Fail { code, msg: msg.into() }
    }
    pub fn usage(msg: impl Into<String>) -> Self {
        Self::new(Exit::Usage, msg)
    }
}

/// A library error for the user, with the exit code its kind earns.
pub fn lib_err(what: &str, e: torrentxt::error::Error) -> Fail {
    use torrentxt::error::Error;
    let code = match &e {
        Error::InvalidArg(_) | Error::Limit(_) => Exit::Usage,
        _ => Exit::Failed,
    };
    Fail::new(code, format!("{what}: {}", e.message()))
}

pub type Res<T> = Result<T, Fail>;

#[derive(Parser)]
#[command(name = "torrentxt", version, about = "Download, share and inspect torrents (libtorrent through torrentxt)")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Download a magnet link, an info-hash or a .torrent file, then seed
    Get(get::GetArgs),
    /// Make a torrent of a file or folder, print its magnet link and seed it
    Share(share::ShareArgs),
    /// Show what a .torrent file or a magnet link holds
    Info(inspect::InfoArgs),
    /// Write a .torrent file for a file or folder
    Create(inspect::CreateArgs),
    /// Print the magnet link of a .torrent file
    Magnet(inspect::MagnetArgs),
    /// Store and look up BEP 44 items in the DHT
    #[command(subcommand)]
    Dht(dht::DhtCmd),
}

/// The flags every networked command takes.
#[derive(Args, Clone, Debug)]
pub struct Common {
    /// Listen on this address and port (repeatable; default 0.0.0.0:6881 and [::]:6881)
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Vec<String>,
    /// Announce to this tracker (repeatable)
    #[arg(long, value_name = "URL")]
    pub tracker: Vec<String>,
    /// Connect to this peer (repeatable)
    #[arg(long, value_name = "IP:PORT")]
    pub peer: Vec<String>,
    /// Use the DHT (the default)
    #[arg(long, overrides_with = "no_dht")]
    pub dht: bool,
    /// Do not use the DHT
    #[arg(long, overrides_with = "dht")]
    pub no_dht: bool,
    /// Use local service discovery (the default)
    #[arg(long, overrides_with = "no_lsd")]
    pub lsd: bool,
    /// Do not use local service discovery
    #[arg(long, overrides_with = "lsd")]
    pub no_lsd: bool,
    /// Do not map the port with UPnP and NAT-PMP (on by default)
    #[arg(long)]
    pub no_portmap: bool,
    /// DHT node to bootstrap from (repeatable); replaces the usual public routers
    #[arg(long, value_name = "HOST:PORT")]
    pub dht_bootstrap: Vec<String>,
    /// Download limit in bytes per second (k, M suffixes: 500k, 2M)
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub limit_down: Option<i64>,
    /// Upload limit in bytes per second (k, M suffixes)
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub limit_up: Option<i64>,
    /// Any libtorrent setting, as KEY=VALUE (repeatable; applied last)
    #[arg(long, value_name = "KEY=VALUE")]
    pub setting: Vec<String>,
    /// Print every event as one JSON object per line (for scripts), no progress display
    #[arg(long)]
    pub json_events: bool,
    /// Quiet: only errors and the command's result
    #[arg(short, long)]
    pub quiet: bool,
}

/// "500k", "2M", "1000" -> bytes per second.
fn parse_rate(s: &str) -> Result<i64, String> {
    let t = s.trim();
    let (num, mult) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 1024),
        Some('m' | 'M') => (&t[..t.len() - 1], 1024 * 1024),
        _ => (t, 1),
    };
    let n: f64 = num.parse().map_err(|_| format!("'{s}' is not a rate (like 500k, 2M or 100000)"))?;
    if !(n >= 0.0) || n * mult as f64 > i32::MAX as f64 {
        return Err(format!("'{s}' is out of range"));
    }
    Ok((n * mult as f64) as i64)
}

/// Parses a byte size such as "16k", "4M" (piece sizes).
pub fn parse_size(s: &str) -> Result<i64, String> {
    parse_rate(s)
}

fn main() -> ExitCode {
    // a panic is a bug: one line, not a trace
    std::panic::set_hook(Box::new(|info| {
        // stdout closed under us (`| head`): stop as a shell tool does
        if info.to_string().contains("failed printing to stdout") {
            std::process::exit(141);
        }
        eprintln!("torrentxt: internal error: {info}");
    }));
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Get(a) => get::run(a),
        Cmd::Share(a) => share::run(a),
        Cmd::Info(a) => inspect::info(a),
        Cmd::Create(a) => inspect::create(a),
        Cmd::Magnet(a) => inspect::magnet(a),
        Cmd::Dht(c) => dht::run(c),
    };
    match r {
        Ok(code) => ExitCode::from(code as u8),
        Err(f) => {
            eprintln!("torrentxt: {}", f.msg);
            ExitCode::from(f.code as u8)
        }
    }
}

/// Reads a whole file, with one clear line when it cannot.
pub fn read_file(p: &std::path::Path, what: &str) -> Res<Vec<u8>> {
    std::fs::read(p).map_err(|e| Fail::usage(format!("cannot read {what} {}: {}", p.display(), io_text(&e))))
}

/// An I/O error without Rust's "(os error N)" tail.
pub fn io_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// The directory for durable state: --state, else $XDG_DATA_HOME/torrentxt,
/// else ~/.local/share/torrentxt.
pub fn state_dir(given: &Option<PathBuf>) -> PathBuf {
    if let Some(p) = given {
        return p.clone();
    }
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(x).join("torrentxt");
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    home.join(".local/share/torrentxt")
}
