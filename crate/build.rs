//! Turns the English messages the core says (the keys of
//! `extension/_locales/en/messages.json` that start with `core`) into a
//! table for `text.rs`, so tests and native use read the very words the
//! extension ships, and a key missing from the English file fails the build.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extension/_locales/en/messages.json");
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rerun-if-changed=src");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let messages: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));

    let mut table = Vec::new();
    for (key, entry) in &messages {
        if !key.starts_with("core") {
            continue;
        }
        let message = entry["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{key}: no message"));
        table.push((key.clone(), resolve(key, message, &entry["placeholders"])));
    }
    table.sort();

    let used = keys_used(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let missing: Vec<_> = used.iter().filter(|k| !messages.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "core message keys missing from {}: {missing:?}",
        path.display()
    );

    let mut out = String::from("/// English, from extension/_locales/en, sorted by key.\npub(crate) static ENGLISH: &[(&str, &str)] = &[\n");
    for (key, message) in &table {
        writeln!(out, "    ({key:?}, {message:?}),").unwrap();
    }
    out.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("english.rs"),
        out,
    )
    .unwrap();
}

/// The message with each named `$PLACEHOLDER$` replaced by its content
/// (`$1`…`$9`), as the browser's `i18n.getMessage` does.
fn resolve(key: &str, message: &str, placeholders: &serde_json::Value) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
        match name_end {
            Some(end)
                if end > 0
                    && after[end..].starts_with('$')
                    && !after.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                let name = after[..end].to_ascii_lowercase();
                let content = placeholders[&name]["content"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{key}: placeholder ${name}$ is not defined"));
                out.push_str(content);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every `"core…"` string literal in the crate's sources.
fn keys_used(dir: &Path) -> Vec<String> {
    let mut keys = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            keys.extend(keys_used(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap();
            for piece in text.split("\"core").skip(1) {
                let name: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if piece[name.len()..].starts_with('"')
                    && name.starts_with(|c: char| c.is_ascii_uppercase())
                {
                    keys.push(format!("core{name}"));
                }
            }
        }
    }
    keys
}
