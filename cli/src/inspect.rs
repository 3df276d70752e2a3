//! `info`, `create` and `magnet`: metainfo without the network.

use crate::net::Net;
use crate::share::{make_torrent, write_file};
use crate::{io_text, lib_err, read_file, Exit, Fail, Res};
use clap::Args;
use serde_json::json;
use std::path::PathBuf;
use torrentxt::metainfo::MetaData;
use torrentxt::record::to_hex;
use torrentxt::registry::BTX_FILE_ATTR_PAD;

#[derive(Args)]
pub struct InfoArgs {
    /// A .torrent file or a magnet link
    pub source: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// List pad files too
    #[arg(long)]
    pub pad_files: bool,
}

#[derive(Args)]
pub struct CreateArgs {
    /// The file or folder to make a torrent of
    pub path: PathBuf,
    /// Where to write the .torrent file
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Torrent type: hybrid (v1 and v2), v1 or v2
    #[arg(long = "type", value_name = "TYPE", default_value = "hybrid", value_parser = ["hybrid", "v1", "v2"])]
    pub kind: String,
    /// Piece size in bytes, a power of two >= 16k (16k, 1M...; default automatic)
    #[arg(long, value_name = "SIZE", value_parser = crate::parse_size)]
    pub piece_size: Option<i64>,
    /// Mark the torrent private (trackers only: no DHT, no PEX, no LSD)
    #[arg(long)]
    pub private: bool,
    /// Announce URL (repeatable; each its own tier)
    #[arg(long, value_name = "URL")]
    pub tracker: Vec<String>,
    /// Web seed URL (repeatable)
    #[arg(long, value_name = "URL")]
    pub web_seed: Vec<String>,
    /// DHT node for trackerless torrents (repeatable)
    #[arg(long, value_name = "HOST:PORT")]
    pub dht_node: Vec<String>,
    /// Comment
    #[arg(long)]
    pub comment: Option<String>,
    /// Creator (default "torrentxt")
    #[arg(long)]
    pub creator: Option<String>,
    /// Leave the creation date out (the same content then makes the same file)
    #[arg(long)]
    pub no_date: bool,
    /// Leave out files and folders whose name starts with a dot
    #[arg(long)]
    pub skip_dot_files: bool,
    /// Store symbolic links as links instead of following them
    #[arg(long)]
    pub store_symlinks: bool,
    /// Replace the output file if it exists
    #[arg(short, long)]
    pub force: bool,
    /// No progress display
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args)]
pub struct MagnetArgs {
    /// The .torrent file
    pub file: PathBuf,
}

fn hashes(m: &MetaData) -> (Option<String>, Option<String>) {
    (m.has_v1.then(|| to_hex(&m.v1)), m.has_v2.then(|| to_hex(&m.v2)))
}

fn kind(m: &MetaData) -> &'static str {
    match (m.has_v1, m.has_v2) {
        (true, true) => "hybrid",
        (false, true) => "v2",
        _ => "v1",
    }
}

/// The metainfo of a .torrent file or a magnet link as JSON.
pub fn info_json(m: &MetaData, magnet: &str, pad_files: bool, is_magnet: bool) -> serde_json::Value {
    let (v1, v2) = hashes(m);
    let files: Vec<_> = m
        .files
        .iter()
        .filter(|f| pad_files || f.attributes as u32 & BTX_FILE_ATTR_PAD == 0)
        .map(|f| {
            let mut o = json!({ "path": f.path, "size": f.size, "offset": f.offset });
            if f.attributes as u32 & BTX_FILE_ATTR_PAD != 0 {
                o["pad"] = true.into();
            }
            if !f.root.is_empty() {
                o["piecesRoot"] = to_hex(&f.root).into();
            }
            if !f.symlink.is_empty() {
                o["symlink"] = f.symlink.clone().into();
            }
            o
        })
        .collect();
    let trackers: Vec<_> = m.trackers.iter().map(|t| json!({ "url": t.url, "tier": t.tier })).collect();
    let nodes: Vec<_> = m.nodes.iter().map(|n| json!(format!("{}:{}", n.host, n.port))).collect();
    let mut o = json!({
        "source": if is_magnet { "magnet" } else { "torrent" },
        "name": m.name,
        "infoHashV1": v1,
        "infoHashV2": v2,
        "hasMetadata": m.has_metadata,
        "trackers": trackers,
        "webSeeds": m.web_seeds,
        "magnet": magnet,
    });
    if m.has_metadata {
        o["type"] = kind(m).into();
        o["totalSize"] = m.total_size.into();
        o["numPieces"] = m.num_pieces.into();
        o["pieceLength"] = m.piece_length.into();
        o["numFiles"] = files.len().into();
        o["files"] = files.into();
        o["private"] = m.is_private.into();
        o["creator"] = m.creator.clone().into();
        o["comment"] = m.comment.clone().into();
        o["creationDate"] = m.creation_date.into();
        o["dhtNodes"] = nodes.into();
    } else {
        o["peers"] = m.peers.clone().into();
        o["selectedFiles"] = m.selected.clone().into();
    }
    o
}

pub fn info(a: InfoArgs) -> Res<Exit> {
    let is_magnet = a.source.starts_with("magnet:");
    let (m, magnet) = if is_magnet {
        let m = torrentxt::metainfo::describe_magnet(&a.source).map_err(|e| Fail::usage(format!("bad magnet link: {}", e.message())))?;
        (m, a.source.clone())
    } else {
        let data = read_file(std::path::Path::new(&a.source), "torrent file")?;
        let m = torrentxt::metainfo::describe_torrent(&data)
            .map_err(|e| Fail::usage(format!("{} is not a usable .torrent file: {}", a.source, e.message())))?;
        let magnet = torrentxt::metainfo::magnet_from_torrent(&data).map_err(|e| lib_err("magnet", e))?;
        (m, magnet)
    };
    if a.json {
        let v = info_json(&m, &magnet, a.pad_files, is_magnet);
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(Exit::Ok);
    }
    let (v1, v2) = hashes(&m);
    let row = |k: &str, v: &str| println!("{:<14}{v}", format!("{k}:"));
    row("name", if m.name.is_empty() { "(unknown until the metadata arrives)" } else { &m.name });
    if let Some(h) = &v1 {
        row("info-hash v1", h);
    }
    if let Some(h) = &v2 {
        row("info-hash v2", h);
    }
    if m.has_metadata {
        row("type", match kind(&m) {
            "hybrid" => "hybrid (v1 and v2)",
            "v2" => "v2",
            _ => "v1",
        });
        row("size", &format!("{} ({} bytes)", indicatif::HumanBytes(m.total_size.max(0) as u64), m.total_size));
        row("pieces", &format!("{} of {}", m.num_pieces, indicatif::HumanBytes(m.piece_length.max(0) as u64)));
        row("private", if m.is_private { "yes" } else { "no" });
        if !m.creator.is_empty() {
            row("created by", &m.creator);
        }
        if m.creation_date > 0 {
            row("created", &format!("{} (unix time)", m.creation_date));
        }
        if !m.comment.is_empty() {
            row("comment", &m.comment);
        }
        let files: Vec<_> = m.files.iter().filter(|f| a.pad_files || f.attributes as u32 & BTX_FILE_ATTR_PAD == 0).collect();
        row("files", &files.len().to_string());
        for f in files {
            println!("  {:>12}  {}", f.size, f.path);
        }
    } else if !m.peers.is_empty() {
        row("peers", &m.peers.join(", "));
    }
    for t in &m.trackers {
        row("tracker", &format!("{} (tier {})", t.url, t.tier));
    }
    for w in &m.web_seeds {
        row("web seed", w);
    }
    row("magnet", &magnet);
    Ok(Exit::Ok)
}

pub fn create(a: CreateArgs) -> Res<Exit> {
    let root = std::fs::canonicalize(&a.path).map_err(|e| Fail::usage(format!("cannot read {}: {}", a.path.display(), io_text(&e))))?;
    if a.output.exists() && !a.force {
        return Err(Fail::usage(format!("{} exists (use --force to replace it)", a.output.display())));
    }
    let mut o = vec![format!("path={}", root.to_string_lossy()), format!("type={}", a.kind)];
    if let Some(p) = a.piece_size {
        o.push(format!("pieceSize={p}"));
    }
    if a.private {
        o.push("private=1".into());
    }
    for (i, t) in a.tracker.iter().enumerate() {
        o.push(format!("tracker={i} {t}"));
    }
    for w in &a.web_seed {
        o.push(format!("webSeed={w}"));
    }
    for n in &a.dht_node {
        o.push(format!("dhtNode={n}"));
    }
    if let Some(c) = &a.comment {
        o.push(format!("comment={c}"));
    }
    o.push(format!("creator={}", a.creator.as_deref().unwrap_or("torrentxt")));
    if a.no_date {
        o.push("creationDate=0".into());
    }
    if a.skip_dot_files {
        o.push("dotFiles=skip".into());
    }
    if a.store_symlinks {
        o.push("symlinks=store".into());
    }
    if o.iter().any(|l| l.contains('\n')) {
        return Err(Fail::usage("an option has a newline in it"));
    }
    crate::net::catch_interrupts();
    let net = Net::offline()?;
    let t = make_torrent(&net, &o.join("\n"), a.quiet, "hashing")?;
    write_file(&a.output, &t)?;
    if !a.quiet {
        let m = torrentxt::metainfo::describe_torrent(&t).map_err(|e| lib_err("torrent", e))?;
        let (v1, v2) = hashes(&m);
        println!(
            "wrote {} ({}, {} pieces of {})",
            a.output.display(),
            kind(&m),
            m.num_pieces,
            indicatif::HumanBytes(m.piece_length.max(0) as u64)
        );
        if let Some(h) = v1 {
            println!("info-hash v1: {h}");
        }
        if let Some(h) = v2 {
            println!("info-hash v2: {h}");
        }
    }
    Ok(Exit::Ok)
}

pub fn magnet(a: MagnetArgs) -> Res<Exit> {
    let data = read_file(&a.file, "torrent file")?;
    let m = torrentxt::metainfo::magnet_from_torrent(&data)
        .map_err(|e| Fail::usage(format!("{} is not a usable .torrent file: {}", a.file.display(), e.message())))?;
    println!("{m}");
    Ok(Exit::Ok)
}
