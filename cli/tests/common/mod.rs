//! Helpers for the CLI tests: the binary, temporary directories, free
//! loopback ports, child processes read line by line, bounded waits.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_torrentxt");

/// Flags that keep a networked command on this machine.
pub const LOCAL: &[&str] = &["--no-dht", "--no-lsd", "--no-portmap"];

/// A directory removed when dropped.
pub struct Tmp(pub PathBuf);

impl Tmp {
    pub fn new(tag: &str) -> Tmp {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let p = std::env::temp_dir().join(format!("txcli-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        Tmp(p)
    }
    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A port free on 127.0.0.1 for both TCP and UDP (libtorrent takes both).
pub fn free_port() -> u16 {
    for _ in 0..200 {
        let t = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = t.local_addr().unwrap().port();
        if UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free port");
}

/// Deterministic pseudo-random bytes (xorshift), so a failure reproduces.
pub fn bytes(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

pub fn write(p: &Path, data: &[u8]) {
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(p, data).unwrap();
}

/// A child process whose stdout lines arrive on a channel; killed when
/// dropped.
pub struct Proc {
    pub child: Child,
    pub lines: Receiver<String>,
    pub seen: Vec<String>,
}

impl Proc {
    pub fn spawn(args: &[&str]) -> Proc {
        Self::spawn_cmd(Command::new(BIN).args(args))
    }

    pub fn spawn_cmd(cmd: &mut Command) -> Proc {
        // never the user's state: a get without --state keeps its store here
        cmd.env("XDG_DATA_HOME", std::env::temp_dir().join(format!("txcli-xdg-{}", std::process::id())));
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(Stdio::null()).spawn().expect("spawn");
        let (tx, rx) = channel();
        let out = child.stdout.take().unwrap();
        let tx2 = tx.clone();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for l in BufReader::new(err).lines().map_while(Result::ok) {
                if tx2.send(format!("stderr: {l}")).is_err() {
                    break;
                }
            }
        });
        Proc { child, lines: rx, seen: Vec::new() }
    }

    /// The first line (from now on) that `f` accepts, within `limit`.
    pub fn wait_line(&mut self, limit: Duration, mut f: impl FnMut(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + limit;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if f(&l) {
                        return Some(l);
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => return None,
                Err(_) => {
                    // the process ended; its lines are all in
                    return None;
                }
            }
        }
        None
    }

    /// Waits (bounded) for the process to exit; its code (None: killed by a
    /// signal or still running at the limit, then killed).
    pub fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                // collect what is left
                while let Ok(l) = self.lines.recv_timeout(Duration::from_millis(300)) {
                    self.seen.push(l);
                }
                return st.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends a signal (SIGINT 2, SIGKILL 9) to the process.
    pub fn signal(&self, sig: i32) {
        let _ = Command::new("kill").arg(format!("-{sig}")).arg(self.child.id().to_string()).status();
    }

    pub fn log(&self) -> String {
        self.seen.join("\n")
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `torrentxt share` of `path` on `port` and returns it with its
/// magnet link (read from its output).
pub fn share(path: &Path, state: &Path, port: u16, extra: &[&str]) -> (Proc, String) {
    let listen = format!("127.0.0.1:{port}");
    let mut args = vec!["share", path.to_str().unwrap(), "--state", state.to_str().unwrap(), "--listen", &listen];
    args.extend_from_slice(LOCAL);
    args.extend_from_slice(extra);
    let mut p = Proc::spawn(&args);
    let line = p
        .wait_line(Duration::from_secs(120), |l| l.starts_with("magnet: "))
        .unwrap_or_else(|| panic!("share printed no magnet link:\n{}", p.log()));
    let magnet = line.trim_start_matches("magnet: ").to_owned();
    (p, magnet)
}

/// Runs the binary to the end (bounded) and returns (code, stdout, stderr).
pub fn run(args: &[&str], limit: Duration) -> (Option<i32>, String, String) {
    let mut p = Proc::spawn(args);
    let code = p.wait_exit(limit);
    let (mut out, mut err) = (String::new(), String::new());
    for l in &p.seen {
        match l.strip_prefix("stderr: ") {
            Some(e) => {
                err.push_str(e);
                err.push('\n');
            }
            None => {
                out.push_str(l);
                out.push('\n');
            }
        }
    }
    (code, out, err)
}

/// Whether a program is on PATH.
pub fn have(prog: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {prog}")).stdout(Stdio::null()).status().is_ok_and(|s| s.success())
}
