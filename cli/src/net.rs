//! The session a networked command runs: settings from the common flags,
//! the Ctrl-C flag, listen failures, and events as JSON lines.

use crate::{lib_err, Common, Exit, Fail, Res};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use torrentxt::event::{Event, RawEvent, Value};
use torrentxt::session::Session;

/// The usual public DHT routers, for a person's defaults.
pub const DHT_ROUTERS: &str =
    "dht.libtorrent.org:25401,router.bittorrent.com:6881,router.utorrent.com:6881,dht.transmissionbt.com:6881";

static INTERRUPTS: AtomicUsize = AtomicUsize::new(0);
static HANDLER: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C / SIGTERM handler (once): the first signal asks the
/// command to save and stop; a third one ends the process at once.
pub fn catch_interrupts() {
    if HANDLER.swap(true, Ordering::SeqCst) {
        return;
    }
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTS.fetch_add(1, Ordering::SeqCst) >= 2 {
            std::process::exit(Exit::Interrupted as i32);
        }
    });
}

/// True once Ctrl-C (or SIGTERM) arrived.
pub fn interrupted() -> bool {
    INTERRUPTS.load(Ordering::SeqCst) > 0
}

/// A running session and what the command needs to know about it.
pub struct Net {
    /// the session
    pub s: Arc<Session>,
    handle: i32,
    /// print events as JSON lines
    pub json: bool,
    /// a durable session brought its stored torrents back
    restored: AtomicBool,
}

impl Drop for Net {
    fn drop(&mut self) {
        Session::free(self.handle);
    }
}

/// libtorrent's settings for the common flags.
pub fn settings(c: &Common) -> Res<Vec<(String, String)>> {
    let mut v: Vec<(String, String)> = Vec::new();
    let mut set = |k: &str, val: String| v.push((k.to_owned(), val));
    let listen = if c.listen.is_empty() {
        "0.0.0.0:6881,[::]:6881".to_owned()
    } else {
        for l in &c.listen {
            check_listen(l)?;
        }
        c.listen.join(",")
    };
    set("listen_interfaces", listen);
    // a port given on purpose is that port, or an error (never another one)
    if !c.listen.is_empty() {
        set("listen_system_port_fallback", "0".into());
        set("max_retry_port_bind", "0".into());
    }
    let dht = !c.no_dht;
    set("enable_dht", (dht as i32).to_string());
    set("enable_lsd", (!c.no_lsd as i32).to_string());
    set("enable_upnp", (!c.no_portmap as i32).to_string());
    set("enable_natpmp", (!c.no_portmap as i32).to_string());
    if dht {
        // nodes given with --dht-bootstrap go straight into the routing table
        // (Net::start_on); libtorrent's bootstrap list is for the public routers
        let nodes = if c.dht_bootstrap.is_empty() { DHT_ROUTERS.to_owned() } else { String::new() };
        set("dht_bootstrap_nodes", nodes);
    }
    if let Some(d) = c.limit_down {
        set("download_rate_limit", d.to_string());
    }
    if let Some(u) = c.limit_up {
        set("upload_rate_limit", u.to_string());
    }
    for kv in &c.setting {
        let (k, val) = kv
            .split_once('=')
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| Fail::usage(format!("--setting '{kv}': use KEY=VALUE (libtorrent's setting names)")))?;
        v.retain(|(old, _)| old != k);
        v.push((k.to_owned(), val.to_owned()));
    }
    Ok(v)
}

/// "ADDR:PORT" with a port, refused otherwise before libtorrent sees it.
fn check_listen(l: &str) -> Res<()> {
    let bad = || Fail::usage(format!("--listen '{l}': use ADDR:PORT (like 127.0.0.1:6881 or [::1]:6881)"));
    let (host, port) = l.rsplit_once(':').ok_or_else(bad)?;
    if host.is_empty() || port.parse::<u16>().is_err() {
        return Err(bad());
    }
    Ok(())
}

/// Checks a --peer value.
pub fn check_peer(p: &str) -> Res<()> {
    p.parse::<std::net::SocketAddr>()
        .map(|_| ())
        .map_err(|_| Fail::usage(format!("--peer '{p}': use IP:PORT (like 127.0.0.1:6881 or [::1]:6881)")))
}

impl Net {
    /// Starts a session with the common flags and waits (at most 5 s) until
    /// it listens; a port in use or an address this machine does not have
    /// ends the command (exit 3).
    pub fn start(c: &Common) -> Res<Net> {
        Self::start_on(c, None)
    }

    /// As `start`, on a durable session whose store is `store` (created
    /// when missing): its torrents come back with their resume data.
    pub fn start_on(c: &Common, store: Option<&std::path::Path>) -> Res<Net> {
        let mut items = settings(c)?;
        if store.is_some() && !c.setting.iter().any(|kv| kv.starts_with("btx_resume_save_interval=")) {
            // a kill loses at most this much progress (one torrent: cheap)
            items.push(("btx_resume_save_interval".into(), "5".into()));
        }
        let pairs: Vec<(&str, &str)> = items.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let handle = match store {
            None => Session::create_with(&pairs).map_err(|e| lib_err("cannot start the session", e))?,
            Some(p) => Session::open(&p.to_string_lossy(), &pairs).map_err(|e| {
                let busy = e.message().contains("in use");
                let mut f = lib_err(&format!("cannot open the state in {}", p.display()), e);
                if busy {
                    f.msg.push_str(" (another torrentxt is running on it)");
                }
                f
            })?,
        };
        let s = Session::get(handle).map_err(|e| lib_err("session", e))?;
        let net = Net { s, handle, json: c.json_events, restored: AtomicBool::new(store.is_none()) };
        if !c.no_dht {
            // the nodes given also go straight into the routing table
            for node in &c.dht_bootstrap {
                let bad = || Fail::usage(format!("--dht-bootstrap '{node}': use HOST:PORT"));
                let (host, port) = node.rsplit_once(':').ok_or_else(bad)?;
                let port: i32 = port.parse().map_err(|_| bad())?;
                let host = host.trim_start_matches('[').trim_end_matches(']');
                net.s.dht_add_bootstrap(host, port).map_err(|e| lib_err("--dht-bootstrap", e))?;
            }
        }
        net.wait_listening(c.quiet)?;
        Ok(net)
    }

    /// A session that listens nowhere, for work that needs no network
    /// (creating a torrent with progress events).
    pub fn offline() -> Res<Net> {
        let handle = Session::create_with(&[("listen_interfaces", "")]).map_err(|e| lib_err("cannot start the session", e))?;
        let s = Session::get(handle).map_err(|e| lib_err("session", e))?;
        Ok(Net { s, handle, json: false, restored: AtomicBool::new(true) })
    }

    /// Waits for the listen sockets: the first that opens, then 300 ms for
    /// the others to report. Fails (exit 3) when none opened; a socket that
    /// failed while another opened (no IPv6 here, say) is only a warning.
    fn wait_listening(&self, quiet: bool) -> Res<()> {
        let start = Instant::now();
        let mut opened: Option<Instant> = None;
        let mut failed: Vec<String> = Vec::new();
        loop {
            let now = Instant::now();
            if opened.is_some_and(|t| now.duration_since(t) >= Duration::from_millis(300))
                || now.duration_since(start) >= Duration::from_secs(5)
            {
                break;
            }
            for raw in self.events(Duration::from_millis(50)) {
                match raw.event() {
                    Event::ListenSucceeded { .. } => {
                        opened.get_or_insert(Instant::now());
                    }
                    Event::ListenFailed { endpoint, message } => failed.push(format!("{endpoint}: {message}")),
                    _ => {}
                }
            }
            if opened.is_none() && !failed.is_empty() && now.duration_since(start) >= Duration::from_millis(500) {
                break;
            }
        }
        failed.dedup();
        if opened.is_none() || self.s.listen_port().unwrap_or(0) == 0 {
            let why = if failed.is_empty() { "no listen socket opened".to_owned() } else { failed.join("; ") };
            return Err(Fail::new(Exit::Network, format!("cannot listen on {why}")));
        }
        if !failed.is_empty() && !quiet && !self.json {
            eprintln!("torrentxt: warning: could not listen on {}", failed.join("; "));
        }
        Ok(())
    }

    /// Waits up to `d` for events and returns them (printing them as JSON
    /// lines when asked).
    pub fn events(&self, d: Duration) -> Vec<RawEvent> {
        if d > Duration::ZERO {
            let _ = self.s.wait_events(Some(d));
        }
        let evs = self.s.pop_events();
        for e in &evs {
            if e.code == torrentxt::registry::BTX_EVENT_RESTORE_FINISHED {
                self.restored.store(true, Ordering::SeqCst);
            }
            self.print_json(e);
        }
        evs
    }

    /// Waits (at most 30 s) until a durable session brought its stored
    /// torrents back.
    pub fn wait_restored(&self) -> Res<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.restored.load(Ordering::SeqCst) {
            if Instant::now() > deadline {
                return Err(Fail::new(Exit::Failed, "the stored torrents did not come back within 30 s"));
            }
            self.events(Duration::from_millis(100));
        }
        Ok(())
    }

    /// One event as a JSON line on stdout (with --json-events).
    pub fn print_json(&self, e: &RawEvent) {
        if self.json {
            println!("{}", event_json(e));
        }
    }
}

/// An event as one JSON object: `{"event": name, "code": n, key: value...}`.
pub fn event_json(e: &RawEvent) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    m.insert("event".into(), e.name().into());
    m.insert("code".into(), e.code.into());
    for (k, v) in e.named_fields() {
        m.insert(k, value_json(v));
    }
    serde_json::Value::Object(m)
}

fn value_json(v: Value) -> serde_json::Value {
    match v {
        Value::Int(i) => i.into(),
        Value::Real(r) => serde_json::Number::from_f64(r).map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Text(t) => t.into(),
        Value::Hex(h) => h.into(),
        Value::Raw(b) => match std::str::from_utf8(b) {
            Ok(t) if !t.contains('\0') => t.into(),
            _ => serde_json::json!({ "hex": torrentxt::record::to_hex(b) }),
        },
        Value::List(items) => serde_json::Value::Array(
            items
                .into_iter()
                .map(|fields| {
                    let raw = RawEvent { code: 0, fields };
                    let mut m = serde_json::Map::new();
                    for (k, v) in raw.named_fields() {
                        m.insert(k, value_json(v));
                    }
                    serde_json::Value::Object(m)
                })
                .collect(),
        ),
    }
}
