//! `dht put` / `dht get` / `dht keygen`: BEP 44 items from the shell.

use crate::net::{catch_interrupts, interrupted, Net};
use crate::{io_text, lib_err, Common, Exit, Fail, Res};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use torrentxt::event::Event;
use torrentxt::record::{from_hex, to_hex};

#[derive(Subcommand)]
pub enum DhtCmd {
    /// Store a value (immutable, or mutable under --key)
    Put(PutArgs),
    /// Look up a value: an immutable item's target, or a mutable item's key
    Get(GetArgs),
    /// Write a new ed25519 seed file (the key of mutable items)
    Keygen(KeygenArgs),
}

#[derive(Args)]
pub struct KeyArgs {
    /// Seed file of an ed25519 key (32 bytes, raw or as 64 hex): a mutable item
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Salt of a mutable item
    #[arg(long, default_value = "")]
    pub salt: String,
    /// How long to wait for the DHT, in seconds
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
}

#[derive(Args)]
pub struct PutArgs {
    /// The value (1..996 bytes); "-" reads it from stdin
    pub value: String,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct GetArgs {
    /// An immutable item's target (40 hex), or a mutable item's public key
    /// (64 hex); omit it with --key to look up that key's item
    pub target: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct KeygenArgs {
    /// Where to write the seed (as 64 hex); it must not exist
    pub file: PathBuf,
}

/// The key pair of a seed file.
fn keypair_of(p: &PathBuf) -> Res<torrentxt::dht::KeyPair> {
    let raw = crate::read_file(p, "key file")?;
    let text = String::from_utf8_lossy(&raw);
    let seed = if raw.len() == 32 {
        raw.clone()
    } else {
        from_hex(text.trim()).filter(|s| s.len() == 32).ok_or_else(|| {
            Fail::usage(format!("{}: a key file holds a 32-byte seed, raw or as 64 hex digits", p.display()))
        })?
    };
    torrentxt::dht::keypair(&seed).map_err(|e| lib_err("key", e))
}

fn start(c: &Common) -> Res<Net> {
    if c.no_dht {
        return Err(Fail::usage("dht commands need the DHT: drop --no-dht"));
    }
    catch_interrupts();
    Net::start(c)
}

/// Waits until `f` returns a result, or the timeout passes.
fn wait<T>(net: &Net, timeout: u64, mut f: impl FnMut(&Event) -> Option<T>) -> Res<T> {
    let deadline = Instant::now() + Duration::from_secs(timeout);
    while Instant::now() < deadline {
        for raw in net.events(Duration::from_millis(200)) {
            if let Some(v) = f(&raw.event()) {
                return Ok(v);
            }
        }
        if interrupted() {
            return Err(Fail::new(Exit::Interrupted, "interrupted"));
        }
    }
    Err(Fail::new(Exit::Failed, format!("no answer from the DHT within {timeout} s")))
}

/// Waits for the routing table to hold a node (at most the timeout).
fn bootstrap(net: &Net, timeout: u64) -> Res<()> {
    let deadline = Instant::now() + Duration::from_secs(timeout);
    while Instant::now() < deadline {
        if net.s.dht.lock()[0] > 0 {
            return Ok(());
        }
        net.events(Duration::from_millis(200));
        if interrupted() {
            return Err(Fail::new(Exit::Interrupted, "interrupted"));
        }
    }
    Err(Fail::new(Exit::Failed, format!("the DHT found no node within {timeout} s")))
}

fn fixed<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut a = [0u8; N];
    a.copy_from_slice(&b[..N]);
    a
}

pub fn run(cmd: DhtCmd) -> Res<Exit> {
    match cmd {
        DhtCmd::Keygen(a) => {
            if a.file.exists() {
                return Err(Fail::usage(format!("{} exists", a.file.display())));
            }
            let kp = torrentxt::dht::keypair(&[]).map_err(|e| lib_err("key", e))?;
            std::fs::write(&a.file, format!("{}\n", to_hex(&kp.seed)))
                .map_err(|e| Fail::new(Exit::Disk, format!("cannot write {}: {}", a.file.display(), io_text(&e))))?;
            println!("public key: {}", to_hex(&kp.public_key));
            Ok(Exit::Ok)
        }
        DhtCmd::Put(a) => {
            let value = if a.value == "-" {
                let mut v = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut v)
                    .map_err(|e| Fail::usage(format!("cannot read stdin: {}", io_text(&e))))?;
                v
            } else {
                a.value.clone().into_bytes()
            };
            torrentxt::dht::check_value(&value).map_err(|e| Fail::usage(e.message()))?;
            let kp = a.key.key.as_ref().map(keypair_of).transpose()?;
            let net = start(&a.common)?;
            bootstrap(&net, a.key.timeout)?;
            // the put, and the hex its dhtPut event names it by: the
            // target (immutable) or the public key (mutable)
            let (hex, mutable) = match kp {
                None => (to_hex(&net.s.dht_put_immutable(&value).map_err(|e| lib_err("dht put", e))?), false),
                Some(kp) => {
                    let pk: [u8; 32] = fixed(&kp.public_key);
                    net.s
                        .dht_put_mutable(&pk, &fixed(&kp.secret_key), a.key.salt.as_bytes(), &value)
                        .map_err(|e| lib_err("dht put", e))?;
                    (to_hex(&pk), true)
                }
            };
            let n = wait(&net, a.key.timeout, |e| match e {
                Event::DhtPut { target, public_key, num_success, .. }
                    if (if mutable { public_key } else { target }) == &hex =>
                {
                    Some(*num_success)
                }
                _ => None,
            })?;
            println!("{hex}");
            if !a.common.quiet {
                eprintln!("stored on {n} nodes");
            }
            Ok(if n > 0 { Exit::Ok } else { Exit::Failed })
        }
        DhtCmd::Get(a) => {
            let target = match (&a.target, &a.key.key) {
                (Some(t), _) => from_hex(t)
                    .filter(|b| b.len() == 20 || b.len() == 32)
                    .ok_or_else(|| Fail::usage(format!("'{t}': give a 40-hex target or a 64-hex public key")))?,
                (None, Some(k)) => keypair_of(k)?.public_key,
                (None, None) => return Err(Fail::usage("give a target, a public key, or --key FILE")),
            };
            let net = start(&a.common)?;
            bootstrap(&net, a.key.timeout)?;
            let value = if target.len() == 20 {
                net.s.dht_get_immutable(&fixed(&target)).map_err(|e| lib_err("dht get", e))?;
                let hex = to_hex(&target);
                wait(&net, a.key.timeout, |e| match e {
                    Event::DhtImmutableItem { target, value } if *target == hex && !value.is_empty() => Some(value.clone()),
                    _ => None,
                })?
            } else {
                net.s.dht_get_mutable(&fixed(&target), a.key.salt.as_bytes()).map_err(|e| lib_err("dht get", e))?;
                let hex = to_hex(&target);
                let (value, seq) = wait(&net, a.key.timeout, |e| match e {
                    Event::DhtMutableItem { public_key, value, seq, .. } if *public_key == hex && !value.is_empty() => {
                        Some((value.clone(), *seq))
                    }
                    _ => None,
                })?;
                if !a.common.quiet {
                    eprintln!("seq {seq}");
                }
                value
            };
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(&value);
            if std::io::IsTerminal::is_terminal(&out) {
                let _ = out.write_all(b"\n");
            }
            Ok(Exit::Ok)
        }
    }
}
