//! Generated artefacts must match their source: the C header (cbindgen) and
//! the registry-driven files (docs tables). Set BTX_REGENERATE=1 to rewrite.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(path: &str, fresh: &str) {
    let file = root().join(path);
    if std::env::var_os("BTX_REGENERATE").is_some() {
        std::fs::write(&file, fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == fresh,
        "{path} is out of date with the Rust source; run `BTX_REGENERATE=1 cargo test --test generated` and commit"
    );
}

#[test]
fn header_matches_cbindgen() {
    let config = cbindgen::Config::from_file(root().join("cbindgen.toml")).unwrap();
    let mut out = Vec::new();
    cbindgen::Builder::new()
        .with_crate(root())
        .with_config(config)
        .generate()
        .expect("cbindgen failed")
        .write(&mut out);
    check("include/torrentxt.h", &String::from_utf8(out).unwrap());
}
