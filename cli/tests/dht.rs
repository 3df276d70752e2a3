//! `dht put` / `dht get` (BEP 44) between torrentxt processes on 127.0.0.1:
//! a `share` with the DHT on is the node the others bootstrap from. No
//! public DHT: every node is given with --dht-bootstrap, which replaces the
//! public routers.

mod common;
use common::*;
use std::time::Duration;

/// Loopback DHT: every node is 127.0.0.1, so libtorrent's one-node-per-IP
/// and node-id rules are lifted.
const LOOPBACK_DHT: &[&str] = &[
    "--dht",
    "--no-lsd",
    "--no-portmap",
    "--setting",
    "dht_restrict_routing_ips=0",
    "--setting",
    "dht_restrict_search_ips=0",
    "--setting",
    "dht_enforce_node_id=0",
    "--setting",
    "dht_ignore_dark_internet=0",
    "--setting",
    "dht_prefer_verified_node_ids=0",
];

fn dht(args: &[&str], node: u16) -> (Option<i32>, String, String) {
    let listen = format!("127.0.0.1:{}", free_port());
    let boot = format!("127.0.0.1:{node}");
    let mut a = vec!["dht"];
    a.extend_from_slice(args);
    a.extend(["--timeout", "30", "--listen", &listen, "--dht-bootstrap", &boot]);
    a.extend_from_slice(LOOPBACK_DHT);
    run(&a, Duration::from_secs(90))
}

#[test]
fn dht_put_and_get_immutable_and_mutable_items() {
    let t = Tmp::new("dht");
    write(&t.path("src/x"), b"x");
    let node = free_port();
    let listen = format!("127.0.0.1:{node}");
    let mut args: Vec<String> = vec!["share".into(), t.path("src/x").to_str().unwrap().to_owned(), "--state".into(), t.path("state").to_str().unwrap().to_owned()];
    args.extend(["--listen".to_string(), listen]);
    args.extend(LOOPBACK_DHT.iter().map(|s| s.to_string()));
    // no bootstrap node of its own: the others come to it
    args.extend(["--dht-bootstrap".to_string(), format!("127.0.0.1:{}", free_port())]);
    let mut node_proc = Proc::spawn(&args.iter().map(String::as_str).collect::<Vec<_>>());
    node_proc
        .wait_line(Duration::from_secs(60), |l| l.starts_with("magnet: "))
        .unwrap_or_else(|| panic!("the DHT node did not start:\n{}", node_proc.log()));

    // immutable: the target is the SHA-1 of the bencoded value
    let (code, out, err) = dht(&["put", "hello from the shell"], node);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_eq!(out.trim(), "6679af92e0a421bb4aef87245948bd4b219b4aea", "{err}");
    assert!(err.contains("stored on"), "{err}");
    let (code, out, err) = dht(&["get", "6679af92e0a421bb4aef87245948bd4b219b4aea"], node);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "hello from the shell\n", "{err}");

    // mutable, under a key from a seed file; a second put raises the seq
    let seed = t.path("seed");
    let (code, out, err) = run(&["dht", "keygen", seed.to_str().unwrap()], Duration::from_secs(10));
    assert_eq!(code, Some(0), "{err}");
    let pk = out.trim().trim_start_matches("public key: ").to_owned();
    assert_eq!(pk.len(), 64, "{out}");
    let key = seed.to_str().unwrap();
    for (value, seq) in [("first value", 1), ("second value", 2)] {
        let (code, out, err) = dht(&["put", value, "--key", key, "--salt", "s1"], node);
        assert_eq!(code, Some(0), "{out}{err}");
        assert_eq!(out.trim(), pk);
        let (code, out, err) = dht(&["get", &pk, "--salt", "s1"], node);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(out.trim_end(), value);
        assert!(err.contains(&format!("seq {seq}")), "{err}");
    }
    // the same key looked up by its seed file
    let (code, out, _) = dht(&["get", "--key", key, "--salt", "s1"], node);
    assert_eq!((code, out.trim_end()), (Some(0), "second value"));
    // another salt holds nothing: exit 1 after the timeout would be slow, so
    // check the refusals instead
    let (code, _, err) = run(&["dht", "put", "x", "--no-dht"], Duration::from_secs(10));
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = run(&["dht", "put", &"v".repeat(997)], Duration::from_secs(10));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("1..996 bytes"), "{err}");
}
