//! What a person types where a site is asked for: a rule's pattern, a site
//! to exclude, a site to test. All three read the same inputs: a bare host
//! in any case or script (`Bücher.de`), or a web address, of which only the
//! host is kept; rules also take `*.example.com` (its subdomains) and
//! `=example.com` (that host alone). Anything else gets one message saying
//! what to type. Sites are kept in their ASCII form (`xn--bcher-kva.de`)
//! and shown with [`display`].

use std::fmt;

use crate::domain::{host_of_url, unicode_labels, Host, NotTracked, UrlError};
use crate::rules::{Pattern, PatternKind};
use crate::text;

/// Which field the text was typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A rule's pattern: wildcards and exact hosts too.
    Rule,
    /// A site that is never recorded (with its subdomains).
    Exclusion,
    /// A site whose category is asked for.
    Test,
}

/// A site as typed, read: the host, and for rules how it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub kind: PatternKind,
    pub host: Host,
}

impl Typed {
    /// The rule pattern it stands for.
    pub fn pattern(&self) -> Result<Pattern, SiteError> {
        Pattern::parse(&self.to_string()).map_err(|_| SiteError::Invalid {
            input: self.to_string(),
            field: Field::Rule,
        })
    }
}

/// The stored form: `*.xn--bcher-kva.de`.
impl fmt::Display for Typed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.kind {
            PatternKind::HostAndSubdomains => "",
            PatternKind::Wildcard => "*.",
            PatternKind::Exact => "=",
        };
        write!(f, "{prefix}{}", self.host)
    }
}

/// Why typed text is no site for its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteError {
    Empty(Field),
    /// Not a host, a web address or (for rules) a pattern.
    Invalid {
        input: String,
        field: Field,
    },
    /// An address of something other than a web page (`chrome://…`).
    NotAWebPage(NotTracked),
    /// `*.` or `=` outside a rule.
    RulesOnly(Field),
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty(Field::Rule) => text::write(f, "coreSiteEmptyRule", &[]),
            Self::Empty(_) => text::write(f, "coreSiteEmpty", &[]),
            Self::Invalid {
                input,
                field: Field::Rule,
            } => text::write(f, "coreSiteInvalidRule", &[&quoted(input)]),
            Self::Invalid { input, .. } => text::write(f, "coreSiteInvalid", &[&quoted(input)]),
            Self::NotAWebPage(reason) => reason.fmt(f),
            Self::RulesOnly(Field::Exclusion) => text::write(f, "coreSiteExclusionPattern", &[]),
            Self::RulesOnly(_) => text::write(f, "coreSiteTestPattern", &[]),
        }
    }
}

impl std::error::Error for SiteError {}

/// Reads what was typed in `field`.
///
/// ```
/// use fairtime::site_field::{read, Field};
///
/// let typed = read(" https://Bücher.de:8443/a?b ", Field::Exclusion).unwrap();
/// assert_eq!(typed.host.as_str(), "xn--bcher-kva.de");
/// assert_eq!(read("*.bücher.de", Field::Rule).unwrap().to_string(), "*.xn--bcher-kva.de");
/// assert!(read("*.bücher.de", Field::Test).is_err());
/// ```
pub fn read(text: &str, field: Field) -> Result<Typed, SiteError> {
    let input = text.trim();
    if input.is_empty() {
        return Err(SiteError::Empty(field));
    }
    let (kind, rest) = if let Some(rest) = input.strip_prefix("*.") {
        (PatternKind::Wildcard, rest)
    } else if let Some(rest) = input.strip_prefix('=') {
        (PatternKind::Exact, rest)
    } else {
        (PatternKind::HostAndSubdomains, input)
    };
    if kind != PatternKind::HostAndSubdomains && field != Field::Rule {
        return Err(SiteError::RulesOnly(field));
    }
    let invalid = || SiteError::Invalid {
        input: input.to_owned(),
        field,
    };
    let of_url = |url: &str| match host_of_url(url) {
        Ok(host) => Ok(host),
        Err(NotTracked::Malformed(_) | NotTracked::Empty) => Err(invalid()),
        Err(other) => Err(SiteError::NotAWebPage(other)),
    };
    // Not `contains("://")`: a substring search costs 2 KB of wasm.
    let host = if rest.as_bytes().windows(3).any(|w| w == b"://") {
        of_url(rest)?
    } else if let Ok(host) = Host::parse(rest) {
        host
    } else {
        // A host with a path or port but no scheme, or an address without
        // `//` such as `about:blank`.
        match host_of_url(&format!("https://{rest}")) {
            Ok(host) => host,
            Err(NotTracked::Malformed(UrlError::BadPort)) if rest.contains(':') => of_url(rest)?,
            Err(_) => return Err(invalid()),
        }
    };
    if kind == PatternKind::Wildcard && host.is_ip() {
        return Err(invalid());
    }
    Ok(Typed { kind, host })
}

/// What was typed, as a message quotes it: shortened to its first 60
/// characters, as a message of 100,000 would say nothing.
fn quoted(input: &str) -> String {
    let shown = display(input);
    match shown.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", shown.get(..end).unwrap_or_default()),
        None => shown,
    }
}

/// A stored host or pattern as a person reads it: `*.xn--bcher-kva.de`
/// shows as `*.bücher.de`.
pub fn display(stored: &str) -> String {
    let (prefix, name) = match stored.strip_prefix("*.") {
        Some(name) => ("*.", name),
        None => match stored.strip_prefix('=') {
            Some(name) => ("=", name),
            None => ("", stored),
        },
    };
    if name.starts_with('[') {
        return stored.to_owned();
    }
    let mut out = String::from(prefix);
    out.push_str(&unicode_labels(name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn host(text: &str, field: Field) -> String {
        read(text, field)
            .map(|t| t.to_string())
            .unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn the_three_fields_read_hosts_and_addresses_alike() {
        for field in [Field::Rule, Field::Exclusion, Field::Test] {
            for (typed, stored) in [
                ("example.com", "example.com"),
                ("  Example.COM. ", "example.com"),
                ("bücher.de", "xn--bcher-kva.de"),
                ("xn--bcher-kva.de", "xn--bcher-kva.de"),
                ("https://www.bücher.de/kasse?x=1#y", "www.xn--bcher-kva.de"),
                ("http://user:pw@Example.com:8080/", "example.com"),
                ("example.com/some/path", "example.com"),
                ("example.com:8443", "example.com"),
                ("docs.google.com/document/d/1", "docs.google.com"),
                ("127.0.0.1", "127.0.0.1"),
                ("[::1]", "[::1]"),
            ] {
                assert_eq!(host(typed, field), stored, "{typed} in {field:?}");
            }
        }
    }

    #[test]
    fn rules_take_wildcards_and_exact_hosts() {
        assert_eq!(host("*.Atlassian.net", Field::Rule), "*.atlassian.net");
        assert_eq!(host("*.bücher.de", Field::Rule), "*.xn--bcher-kva.de");
        assert_eq!(host("=docs.google.com", Field::Rule), "=docs.google.com");
        assert_eq!(
            read("*.example.com", Field::Rule)
                .unwrap()
                .pattern()
                .unwrap(),
            Pattern::parse("*.example.com").unwrap()
        );
        for field in [Field::Exclusion, Field::Test] {
            assert_eq!(
                read("*.example.com", field),
                Err(SiteError::RulesOnly(field))
            );
            assert_eq!(
                read("=example.com", field),
                Err(SiteError::RulesOnly(field))
            );
        }
    }

    #[test]
    fn anything_else_gets_one_message_without_developer_words() {
        for typed in [
            "two words",
            "*.",
            "*.*.x",
            "a..b",
            "exa mple.com/x",
            "%zz",
            "1.2.3.256",
            "*.127.0.0.1",
        ] {
            let err = read(typed, Field::Rule).unwrap_err();
            assert!(matches!(err, SiteError::Invalid { .. }), "{typed}: {err:?}");
            let text = err.to_string();
            assert!(
                text.contains("example.com") && !text.contains('`'),
                "{text}"
            );
        }
        assert_eq!(
            read("chrome://settings", Field::Test),
            Err(SiteError::NotAWebPage(NotTracked::BrowserPage))
        );
        assert_eq!(
            read("about:blank", Field::Exclusion),
            Err(SiteError::NotAWebPage(NotTracked::Blank))
        );
        assert_eq!(read("   ", Field::Test), Err(SiteError::Empty(Field::Test)));
    }

    #[test]
    fn display_decodes_labels_and_keeps_the_rest() {
        assert_eq!(display("xn--bcher-kva.de"), "bücher.de");
        assert_eq!(display("*.xn--bcher-kva.de"), "*.bücher.de");
        assert_eq!(display("=www.xn--85x722f.xn--fiqs8s"), "=www.食狮.中国");
        assert_eq!(display("example.com"), "example.com");
        assert_eq!(display("[::1]"), "[::1]");
    }

    proptest! {
        /// What a person reads reads back as the same site.
        #[test]
        fn the_display_form_reads_back_as_the_same_site(
            labels in proptest::collection::vec("[a-zäöüßçéñøå食狮中国пример0-9]{1,12}", 1..4),
            prefix in prop_oneof![Just(""), Just("*."), Just("=")],
        ) {
            let typed = format!("{prefix}{}.de", labels.join("."));
            if let Ok(site) = read(&typed, Field::Rule) {
                let stored = site.to_string();
                prop_assert!(stored.is_ascii());
                let shown = display(&stored);
                prop_assert_eq!(read(&shown, Field::Rule), Ok(site.clone()));
                prop_assert_eq!(Pattern::parse(&stored).map(|p| p.to_string()), Ok(stored.clone()));
                if prefix.is_empty() {
                    prop_assert_eq!(shown, site.host.to_unicode());
                }
            }
        }
    }
}
