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

// ---- the registry is the one source: header constants and docs tables ----

use torrentxt::registry::*;

fn header_defines() -> Vec<(String, i64)> {
    let h = std::fs::read_to_string(root().join("include/torrentxt.h")).unwrap();
    h.lines()
        .filter_map(|l| {
            let mut it = l.strip_prefix("#define ")?.split_whitespace();
            let name = it.next()?.to_owned();
            let v = it.next()?.trim_matches(|c| c == '(' || c == ')').parse().ok()?;
            Some((name, v))
        })
        .collect()
}

#[test]
fn every_header_constant_is_in_the_registry_and_back() {
    let defs = header_defines();
    let mut registry: Vec<(String, i64)> = Vec::new();
    registry.extend(FIELDS.iter().map(|f| (f.c_name.to_owned(), f.id as i64)));
    registry.extend(EVENTS.iter().map(|e| (e.c_name.to_owned(), e.code as i64)));
    for table in [RETURN_CODES, TORRENT_FLAGS, VALUE_TYPES, CATEGORIES, LIMITS, TEXT_FORM] {
        registry.extend(table.iter().map(|c| (c.c_name.to_owned(), c.value)));
    }
    for table in NAMED_BIT_TABLES {
        registry.extend(table.iter().map(|b| (b.c_name.to_owned(), b.value as i64)));
    }
    for (name, value) in &registry {
        let found = defs.iter().find(|(n, _)| n == name);
        assert_eq!(found.map(|(_, v)| *v), Some(*value), "{name} in the header");
    }
    let others = ["BTX_ABI_VERSION", "BTX_LEN_ESCAPE", "TORRENTXT_H"];
    for (name, _) in &defs {
        assert!(
            others.contains(&name.as_str()) || registry.iter().any(|(n, _)| n == name),
            "header constant {name} is not in a registry table"
        );
    }
}

fn type_name(t: u8) -> &'static str {
    ["int", "real", "utf8", "raw", "hex", "list"].get(t as usize).copied().unwrap_or("?")
}

fn field_table(group: Group) -> String {
    let mut s = String::from("| key | id | C constant | type | meaning |\n|---|---|---|---|---|\n");
    for f in FIELDS.iter().filter(|f| f.group == group) {
        s += &format!("| `{}` | {} | `{}` | {} | {} |\n", f.key, f.id, f.c_name, type_name(f.ty), f.meaning);
    }
    s
}

fn const_table(t: &[ConstDef]) -> String {
    let mut s = String::from("| C constant | value | meaning |\n|---|---|---|\n");
    for c in t {
        s += &format!("| `{}` | {} | {} |\n", c.c_name, c.value, c.meaning);
    }
    s
}

/// The bit sets reported both as bits and as names (issue 12).
const NAMED_BIT_TABLES: [&[NamedBit]; 4] = [PEER_FLAG_BITS, PEER_SOURCE_BITS, FILE_ATTRIBUTE_BITS, DHT_ANNOUNCE_BITS];

fn bit_table(t: &[NamedBit]) -> String {
    let mut s = String::from("| name | C constant | value | meaning |\n|---|---|---|---|\n");
    for b in t {
        s += &format!("| `{}` | `{}` | {} | {} |\n", b.name, b.c_name, b.value, b.meaning);
    }
    s
}

fn event_table(v8: bool) -> String {
    let mut s = String::from(
        "| name | code | C constant | libtorrent alert (type) | category | keys besides `torrent` | when |\n|---|---|---|---|---|---|---|\n",
    );
    for e in EVENTS.iter().filter(|e| e.is_v8() == v8) {
        let keys: Vec<String> = e.keys.iter().map(|k| format!("`{}`", field(*k).unwrap().key)).collect();
        let keys = if keys.is_empty() { "—".to_owned() } else { keys.join(", ") };
        let alert = if e.lt_type < 0 { "—".to_owned() } else { format!("`{}` ({})", e.alert, e.lt_type) };
        let mut when = e.when.to_owned();
        if e.alias != 0 {
            when += &format!("; arrives as `{}` while disabled", event(e.alias).unwrap().name);
        }
        s += &format!("| `{}` | {} | `{}` | {} | {} | {} | {} |\n", e.name, e.code, e.c_name, alert, e.category, keys, when);
    }
    s
}

/// Replaces the lines between the line holding `generated:NAME` and the line
/// holding `end:NAME` (markdown or LCB comments alike) with fresh text.
fn fill(doc: &str, tables: &[(&str, String)]) -> String {
    let mut out = doc.to_owned();
    for (name, body) in tables {
        let (open, close) = (format!("generated:{name}"), format!("end:{name}"));
        let at = out.find(&open).unwrap_or_else(|| panic!("marker {open:?} missing"));
        let a = at + out[at..].find('\n').unwrap() + 1;
        let b = out[a..].find(&close).unwrap_or_else(|| panic!("marker {close:?} missing")) + a;
        let b = out[..b].rfind('\n').map(|i| i + 1).unwrap_or(b);
        out.replace_range(a..b, body);
    }
    out
}

#[test]
fn docs_tables_match_the_registry() {
    let path = "docs/record-format.md";
    let doc = std::fs::read_to_string(root().join(path)).unwrap();
    let fresh = fill(
        &doc,
        &[
            ("types", const_table(VALUE_TYPES)),
            ("status", field_table(Group::Status)),
            ("peer", field_table(Group::Peer)),
            ("file", field_table(Group::File)),
            ("tracker", field_table(Group::Tracker)),
            ("dht", field_table(Group::Dht)),
            ("event-fields", field_table(Group::Event)),
            ("session", field_table(Group::Session)),
            ("events", event_table(true)),
            ("events-more", event_table(false)),
            ("categories", const_table(CATEGORIES)),
            ("limits", const_table(LIMITS)),
            ("flags", const_table(TORRENT_FLAGS)),
            ("codes", const_table(RETURN_CODES)),
            ("queue", field_table(Group::Queue)),
            ("metainfo", field_table(Group::Meta)),
            ("peer-flag-bits", bit_table(PEER_FLAG_BITS)),
            ("peer-source-bits", bit_table(PEER_SOURCE_BITS)),
            ("file-attribute-bits", bit_table(FILE_ATTRIBUTE_BITS)),
            ("dht-announce-bits", bit_table(DHT_ANNOUNCE_BITS)),
            ("text-form", const_table(TEXT_FORM)),
        ],
    );
    check(path, &fresh);
}

// ---- docs/api-reference.md: the per-function reference -------------------

/// One `### area` per file of src/capi (in mod.rs order), one `#### fn` per
/// exported function: its C prototype from the header and its doc comment.
fn function_reference() -> String {
    let header = std::fs::read_to_string(root().join("include/torrentxt.h")).unwrap();
    let mod_rs = std::fs::read_to_string(root().join("src/capi/mod.rs")).unwrap();
    let mut out = String::new();
    for m in mod_rs.lines().filter_map(|l| l.strip_prefix("mod ")?.strip_suffix(';')) {
        let src = std::fs::read_to_string(root().join(format!("src/capi/{m}.rs"))).unwrap();
        let title = src.lines().next().unwrap().trim_start_matches("//!").trim();
        out += &format!("### {title}\n\n");
        let mut doc: Vec<String> = Vec::new();
        for line in src.lines() {
            let t = line.trim_start();
            if let Some(d) = t.strip_prefix("///") {
                doc.push(d.strip_prefix(' ').unwrap_or(d).to_owned());
            } else if let Some(rest) = t.split("extern \"C\" fn ").nth(1) {
                let name = rest.split('(').next().unwrap();
                let proto = header
                    .lines()
                    .find(|l| l.contains(&format!(" {name}(")) && l.ends_with(");"))
                    .unwrap_or_else(|| panic!("{name} not in the header"));
                // the "# Safety" part states the pointer rules the conventions cover
                let text: Vec<&String> = doc.iter().take_while(|l| !l.starts_with("# Safety")).collect();
                let text = text.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n");
                out += &format!("#### `{name}`\n\n```c\n{proto}\n```\n\n{}\n\n", text.trim_end());
                doc.clear();
            } else if !t.starts_with("#[") {
                doc.clear();
            }
        }
    }
    out
}

#[test]
fn api_reference_matches_the_source() {
    let path = "docs/api-reference.md";
    let doc = std::fs::read_to_string(root().join(path)).unwrap();
    check(path, &fill(&doc, &[("functions", function_reference())]));
}

#[test]
fn every_exported_function_is_documented_and_in_the_header() {
    let header = std::fs::read_to_string(root().join("include/torrentxt.h")).unwrap();
    let reference = function_reference();
    let exported: Vec<&str> = header
        .lines()
        .filter(|l| l.ends_with(");"))
        .filter_map(|l| l.split('(').next()?.rsplit([' ', '*']).next())
        .filter(|n| n.starts_with("btx_"))
        .collect();
    assert!(exported.len() >= 68, "{} functions in the header", exported.len());
    for name in exported {
        assert!(reference.contains(&format!("#### `{name}`")), "{name} has no reference entry");
    }
}

// ---- lcb/torrent.lcb: the constants and key maps come from the registry ----

/// `BTX_FLAG_SEED_MODE` -> `kFlagSeedMode`
fn lcb_name(c_name: &str) -> String {
    let mut s = String::from("k");
    for part in c_name.trim_start_matches("BTX_").split('_') {
        let lower = part.to_ascii_lowercase();
        let mut chars = lower.chars();
        if let Some(c) = chars.next() {
            s.push(c.to_ascii_uppercase());
            s.extend(chars);
        }
    }
    s
}

fn lcb_constants() -> String {
    let mut s = String::new();
    for c in RETURN_CODES.iter().chain(VALUE_TYPES) {
        s += &format!("constant {} is {}\n", lcb_name(c.c_name), c.value);
    }
    // flags cross as decimal strings
    for c in TORRENT_FLAGS {
        s += &format!("constant {} is \"{}\"\n", lcb_name(c.c_name), c.value);
    }
    for e in EVENTS {
        s += &format!("constant {} is {}\n", lcb_name(e.c_name), e.code);
    }
    // event categories for btEventCategories (issue 9)
    for c in CATEGORIES {
        s += &format!("constant {} is {}\n", lcb_name(c.c_name), c.value);
    }
    // the compact text form (issue 10): shapes as numbers, separators as
    // one-character strings
    for c in TEXT_FORM {
        if c.c_name.starts_with("BTX_TEXT_") {
            s += &format!("constant {} is \"\\u{{{:X}}}\"\n", lcb_name(c.c_name), c.value);
        } else {
            s += &format!("constant {} is {}\n", lcb_name(c.c_name), c.value);
        }
    }
    s
}

/// The record walker's names: `kFieldKeys` holds the key of every field id
/// 1..255 (`field<id>` where the registry names none), one per item, so
/// the walker finds a name with one list lookup; `kEventNames` holds
/// `code:name` items the binding turns into an Array once.
fn lcb_keys() -> String {
    let keys: Vec<String> = (1..=255u8).map(|id| field(id).map_or_else(|| format!("field{id}"), |f| f.key.to_owned())).collect();
    let names: Vec<String> = EVENTS.iter().map(|e| format!("{}:{}", e.code, e.name)).collect();
    format!("constant kFieldKeys is \"{}\"\nconstant kEventNames is \"{}\"\n", keys.join(","), names.join(","))
}

#[test]
fn lcb_constants_and_keys_match_the_registry() {
    let path = "lcb/torrent.lcb";
    let lcb = std::fs::read_to_string(root().join(path)).unwrap();
    check(path, &fill(&lcb, &[("constants", lcb_constants()), ("keys", lcb_keys())]));
}
