//! The Public Suffix List, embedded as `psl.deflate`.
//!
//! The file is the list's rules, one a line, comments dropped, IDN labels
//! in their `xn--` form, sorted by labels from the right, compressed with
//! raw DEFLATE. It is inflated once, on the first lookup. To update it,
//! download `public_suffix_list.dat` and run
//! `FAIRTIME_PSL=path/to/public_suffix_list.dat cargo test -p fairtime regenerate_public_suffix_list -- --ignored`,
//! then commit `psl.deflate` and `psl-version.txt`.

use std::cmp::Ordering;
use std::sync::OnceLock;

/// Version line of the embedded list, e.g. `2026-10-22_08-36-41_UTC`.
pub const VERSION: &str = include_str!("psl-version.txt").trim_ascii();

static DATA: &[u8] = include_bytes!("psl.deflate");

struct Rules {
    text: String,
    /// Byte offset of each line in `text`.
    starts: Vec<u32>,
}

impl Rules {
    fn line(&self, i: usize) -> &str {
        let start = self.starts[i] as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&next| next as usize - 1);
        self.text.get(start..end).unwrap_or("")
    }

    fn contains(&self, rule: &str) -> bool {
        let (mut lo, mut hi) = (0, self.starts.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match rule_order(self.line(mid), rule) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return true,
            }
        }
        false
    }
}

/// The list's order: labels compared from the right.
fn rule_order(a: &str, b: &str) -> Ordering {
    a.rsplit('.').cmp(b.rsplit('.'))
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        // The data is ours and tested; should it ever fail to inflate, every
        // name falls back to the list's default rule instead of panicking.
        let bytes = miniz_oxide::inflate::decompress_to_vec(DATA).unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        let mut starts = Vec::with_capacity(text.len() / 12);
        if !text.is_empty() {
            starts.push(0);
            starts.extend(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i as u32 + 1),
            );
        }
        Rules { text, starts }
    })
}

/// Number of labels of `domain`'s public suffix (at least 1, by the list's
/// default rule `*`). `domain` is a valid lowercase ASCII domain name.
pub(super) fn suffix_labels(domain: &str) -> usize {
    let rules = rules();
    let mut rule = String::with_capacity(domain.len() + 2);
    let mut longest = 1;
    let mut parent = "";
    for (count, suffix) in suffixes(domain).enumerate() {
        let count = count + 1;
        rule.clear();
        rule.push('!');
        rule.push_str(suffix);
        if rules.contains(&rule) {
            return count - 1;
        }
        if rules.contains(suffix) {
            longest = count;
        } else if count > 1 {
            rule.clear();
            rule.push_str("*.");
            rule.push_str(parent);
            if rules.contains(&rule) {
                longest = count;
            }
        }
        parent = suffix;
    }
    longest
}

/// The suffixes of `domain` at label boundaries, shortest first:
/// `c`, `b.c`, `a.b.c`.
fn suffixes(domain: &str) -> impl Iterator<Item = &str> {
    let dots = domain
        .rmatch_indices('.')
        .filter_map(|(i, _)| domain.get(i + 1..));
    dots.chain(std::iter::once(domain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_is_complete_and_sorted() {
        let rules = rules();
        assert!(
            rules.starts.len() > 9000,
            "only {} rules",
            rules.starts.len()
        );
        assert!(rules.text.is_ascii());
        for i in 1..rules.starts.len() {
            let (a, b) = (rules.line(i - 1), rules.line(i));
            assert_eq!(rule_order(a, b), Ordering::Less, "{a} before {b}");
        }
        for rule in [
            "com",
            "co.uk",
            "github.io",
            "*.ck",
            "!www.ck",
            "xn--55qx5d.cn",
        ] {
            assert!(rules.contains(rule), "{rule} missing");
        }
        for absent in ["", "example.com", "uk.co", "*.com"] {
            assert!(!rules.contains(absent), "{absent} found");
        }
        assert!(VERSION.starts_with("20"), "version {VERSION}");
    }

    #[test]
    fn suffixes_run_from_the_right() {
        let all: Vec<&str> = suffixes("a.b.c").collect();
        assert_eq!(all, ["c", "b.c", "a.b.c"]);
        assert_eq!(suffixes("c").collect::<Vec<_>>(), ["c"]);
    }

    /// Rebuilds `psl.deflate` and `psl-version.txt` from the list at
    /// `$FAIRTIME_PSL` (see the module doc).
    #[test]
    #[ignore = "maintenance: regenerates the embedded Public Suffix List"]
    fn regenerate_public_suffix_list() {
        let path = std::env::var("FAIRTIME_PSL").expect("set FAIRTIME_PSL");
        let list = std::fs::read_to_string(path).expect("read the list");
        let version = list
            .lines()
            .find_map(|l| l.strip_prefix("// VERSION: "))
            .expect("the list names its version")
            .trim();
        let mut rules: Vec<String> = list
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|l| !l.starts_with("//"))
            .map(|rule| {
                let (marker, name) = if let Some(rest) = rule.strip_prefix("*.") {
                    ("*.", rest)
                } else if let Some(rest) = rule.strip_prefix('!') {
                    ("!", rest)
                } else {
                    ("", rule)
                };
                let host =
                    crate::domain::Host::parse(name).unwrap_or_else(|e| panic!("rule {rule}: {e}"));
                format!("{marker}{}", host.as_str())
            })
            .collect();
        rules.sort_by(|a, b| rule_order(a, b));
        rules.dedup();
        let text = rules.join("\n");
        let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10);
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/domain/");
        std::fs::write(format!("{dir}psl.deflate"), packed).unwrap();
        std::fs::write(format!("{dir}psl-version.txt"), format!("{version}\n")).unwrap();
    }
}
