//! Builds the C++ half of the bridge (cpp/) against the system libtorrent.
use std::process::Command;

const PKG: &str = "libtorrent-rasterbar";

fn pkg_config(args: &[&str]) -> Vec<String> {
    let out = Command::new("pkg-config").args(args).arg(PKG).output();
    match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        _ => panic!(
            "\n\ntorrentxt needs libtorrent-rasterbar >= 2.0 and pkg-config.\n\
             On Debian/Ubuntu: apt-get install libtorrent-rasterbar-dev pkg-config\n\
             (`pkg-config --cflags --libs {PKG}` must succeed)\n"
        ),
    }
}

fn main() {
    let version = pkg_config(&["--modversion"]);
    let major: u32 = version
        .first()
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 2 {
        panic!("torrentxt needs libtorrent-rasterbar >= 2.0, found {version:?}");
    }
    let mut build = cxx_build::bridge("src/bridge.rs");
    // one C++ file per area (cpp/), like src/capi/
    let mut units: Vec<_> = std::fs::read_dir("cpp")
        .expect("cpp/ is missing")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cpp"))
        .collect();
    units.sort();
    for u in &units {
        println!("cargo:rerun-if-changed={}", u.display());
    }
    build.files(&units).std("c++17").flag_if_supported("-Wno-deprecated-declarations");
    for flag in pkg_config(&["--cflags"]) {
        if let Some(inc) = flag.strip_prefix("-I") {
            build.include(inc);
        } else if let Some(def) = flag.strip_prefix("-D") {
            let mut kv = def.splitn(2, '=');
            build.define(kv.next().unwrap(), kv.next());
        } else {
            build.flag(&flag);
        }
    }
    build.compile("torrentxt-bridge");
    for flag in pkg_config(&["--libs"]) {
        if let Some(dir) = flag.strip_prefix("-L") {
            println!("cargo:rustc-link-search=native={dir}");
        } else if let Some(lib) = flag.strip_prefix("-l") {
            println!("cargo:rustc-link-lib={lib}");
        }
    }
    println!("cargo:rustc-env=BTX_LIBTORRENT_VERSION={}", version.join(""));
    println!("cargo:rerun-if-changed=cpp");
    println!("cargo:rerun-if-changed=cpp/bridge.h");
    println!("cargo:rerun-if-changed=cpp/common.h");
    println!("cargo:rerun-if-changed=src/bridge.rs");
}
