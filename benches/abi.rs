//! Benchmarks of the hot paths a host polls, measured through the exported
//! C functions: `cargo bench --bench abi`. Prints figures; asserts nothing
//! about time (numbers depend on the machine).

use std::ffi::CString;
use std::hint::black_box;
use std::os::raw::c_void;
use std::time::{Duration, Instant};
use torrentxt::bridge::ffi::AlertData;
use torrentxt::capi::*;
use torrentxt::events::encode_as;
use torrentxt::session::Session;
use torrentxt::torrent::Torrent;

fn per_call(label: &str, n: u32, total: Duration) {
    println!("{label:<58} {:>10.1} ns/call  ({n} calls)", total.as_nanos() as f64 / n as f64);
}

fn main() {
    let s = btx_session_new();
    let key = CString::new("listen_interfaces").unwrap();
    let val = CString::new("127.0.0.1:0").unwrap();
    unsafe { btx_set_str(s, key.as_ptr(), val.as_ptr()) };
    let mut buf = vec![0u8; 64 << 20];

    // 1. an empty drain
    let n = 1_000_000;
    let t = Instant::now();
    for _ in 0..n {
        black_box(unsafe { btx_pop_alerts(s, buf.as_mut_ptr() as *mut c_void, 4096) });
    }
    per_call("btx_pop_alerts, nothing pending", n, t.elapsed());

    // 2. draining 100,000 queued events (pieceFinished-sized)
    let ev = encode_as(torrentxt::registry::BTX_EVENT_PIECE_FINISHED, &AlertData { lt_type: 27, index: 1234, ..Default::default() }, 77);
    let mut rounds = Vec::new();
    for _ in 0..5 {
        {
            let sess = Session::get(s).unwrap();
            let mut q = sess.events.lock();
            for _ in 0..100_000 {
                q.push(ev.clone());
            }
        }
        let t = Instant::now();
        let mut got = 0;
        while got < 100_000 {
            let k = unsafe { btx_pop_alerts(s, buf.as_mut_ptr() as *mut c_void, buf.len() as i32) };
            assert!(k > 0);
            got += k;
        }
        rounds.push(t.elapsed());
    }
    rounds.sort();
    println!("drain 100,000 queued events (median of 5)                  {:>10.2} ms", rounds[2].as_secs_f64() * 1e3);

    // 3. status records of 1,000 torrents: cached vs libtorrent's blocking status()
    let save = CString::new("/tmp/torrentxt-bench").unwrap();
    let mut handles = Vec::new();
    for i in 0..1000 {
        let uri = CString::new(format!("magnet:?xt=urn:btih:{:040x}", i + 1)).unwrap();
        let flags = CString::new("16").unwrap(); // paused
        let mask = CString::new("48").unwrap();
        let h = unsafe { btx_add_magnet_ex(s, uri.as_ptr(), save.as_ptr(), flags.as_ptr(), mask.as_ptr()) };
        assert!(h > 0);
        handles.push(h);
    }
    std::thread::sleep(Duration::from_millis(1500)); // let the pump fill the cache
    let mut rounds = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        for &h in &handles {
            let k = unsafe { btx_torrent_status(h, buf.as_mut_ptr() as *mut c_void, 4096) };
            assert!(k > 0);
        }
        rounds.push(t.elapsed());
    }
    rounds.sort();
    println!("btx_torrent_status x 1,000 torrents (median of 50 rounds)  {:>10.3} ms", rounds[25].as_secs_f64() * 1e3);
    let t = Instant::now();
    for &h in &handles {
        let tor = Torrent::get(h).unwrap();
        let mut st = torrentxt::bridge::ffi::StatusData::default();
        torrentxt::bridge::ffi::torrent_status(&tor.th, &mut st).unwrap();
        black_box(&st);
    }
    println!("libtorrent torrent_handle::status() x 1,000 (blocking)     {:>10.3} ms", t.elapsed().as_secs_f64() * 1e3);

    // 4. one status record, steady state
    let n = 200_000;
    let t = Instant::now();
    for i in 0..n {
        black_box(unsafe { btx_torrent_status(handles[(i % 1000) as usize], buf.as_mut_ptr() as *mut c_void, 4096) });
    }
    per_call("btx_torrent_status, one record from the cache", n, t.elapsed());
    btx_session_free(s);

    // 5. bulk status (issue 9): every torrent in one call, changed-only
    for count in [1_000usize, 10_000] {
        bulk(count, &mut buf);
    }
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

/// The bulk calls on a session of `count` idle torrents, next to `count`
/// single btx_torrent_status calls and libtorrent's blocking status().
fn bulk(count: usize, buf: &mut [u8]) {
    let settings = CString::new("listen_interfaces=127.0.0.1:0\n").unwrap();
    let s = unsafe { btx_session_new_with(settings.as_ptr()) };
    let save = CString::new("/tmp/torrentxt-bench").unwrap();
    let (flags, mask) = (CString::new("16").unwrap(), CString::new("48").unwrap());
    let mut handles = Vec::with_capacity(count);
    for i in 0..count {
        let uri = CString::new(format!("magnet:?xt=urn:btih:{:040x}", i + 1_000_001)).unwrap();
        let h = unsafe { btx_add_magnet_ex(s, uri.as_ptr(), save.as_ptr(), flags.as_ptr(), mask.as_ptr()) };
        assert!(h > 0);
        handles.push(h);
    }
    // let libtorrent's first report on every torrent reach the cache
    let out = buf.as_mut_ptr() as *mut c_void;
    let cap = buf.len() as i32;
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(200));
        let n = unsafe { btx_status_changed(s, std::ptr::null(), out, cap) };
        if n > 0 && n <= 8 {
            break; // an empty (or nearly) changed list: the cache has settled
        }
    }
    let v8 = CString::new("v8").unwrap();
    let label = |what: &str| format!("{what} ({count} torrents)");
    let time = |f: &mut dyn FnMut() -> i32| -> Vec<Duration> {
        (0..21)
            .map(|_| {
                let t = Instant::now();
                assert!(f() > 0);
                t.elapsed()
            })
            .collect()
    };
    let all_v8 = median(time(&mut || unsafe { btx_status_all(s, v8.as_ptr(), out, cap) }));
    println!("{:<58} {:>10.3} ms", label("btx_status_all, the 28 v8 fields"), all_v8);
    let all = median(time(&mut || unsafe { btx_status_all(s, std::ptr::null(), out, cap) }));
    println!("{:<58} {:>10.3} ms", label("btx_status_all, every field"), all);
    let singles = median(time(&mut || {
        for &h in &handles {
            assert!(unsafe { btx_torrent_status(h, out, 4096) } > 0);
        }
        1
    }));
    println!("{:<58} {:>10.3} ms", label("btx_torrent_status, one call each"), singles);
    // 10 of them change: pause/resume them, wait for libtorrent's report
    let mut changed = Vec::new();
    for round in 0..11 {
        for &h in handles.iter().step_by(count / 10).take(10) {
            unsafe {
                if round % 2 == 0 {
                    btx_resume(h)
                } else {
                    btx_pause(h)
                }
            };
        }
        std::thread::sleep(Duration::from_millis(400));
        let t = Instant::now();
        let n = unsafe { btx_status_changed(s, v8.as_ptr(), out, cap) };
        changed.push(t.elapsed());
        assert!(n > 0);
        let items = torrentxt::record::decode_list(&buf[..n as usize]).unwrap().len();
        assert!(items >= 10, "{items} changed");
    }
    println!("{:<58} {:>10.3} ms", label("btx_status_changed, 10 changed, v8 fields"), median(changed));
    let t = Instant::now();
    for &h in &handles {
        let tor = Torrent::get(h).unwrap();
        let mut st = torrentxt::bridge::ffi::StatusData::default();
        torrentxt::bridge::ffi::torrent_status(&tor.th, &mut st).unwrap();
        black_box(&st);
    }
    println!("{:<58} {:>10.3} ms", label("libtorrent's blocking status(), one each"), t.elapsed().as_secs_f64() * 1e3);
    btx_session_free(s);
}
