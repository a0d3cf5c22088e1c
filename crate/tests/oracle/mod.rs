//! Oracles for the core's hand-written host parsing (`crate/src/domain.rs`
//! and `domain/`): the `url` crate, which is the WHATWG URL standard's host
//! parser with UTS 46 by the `idna` crate, and the `publicsuffix` crate
//! loaded with the very list text the core embeds, so that the lookup
//! algorithms are compared, not two versions of the list.
//!
//! Shared by `crate/tests/domain_oracle.rs` (proptest) and the fuzz target
//! `domain_oracle` (`crate/fuzz`), which includes this file by path.
//!
//! Where the core deliberately differs from the URL standard, [`compare_url`]
//! names the [`Reason`]; every reason is tested in `domain_oracle.rs`.
#![allow(dead_code)] // each user takes its own part

use std::sync::OnceLock;

use fairtime::domain::{host_of_url, Host, HostError, NotTracked, UrlError};
use fairtime::site_field::{self, Field};
use publicsuffix::Psl;

/// Why the core's answer may differ from the URL standard's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The core keeps to DNS limits (63-byte labels, 253 bytes in all); the
    /// URL standard checks no length (its `beStrict` is off).
    DnsLimits,
    /// ASCII punctuation the URL standard allows in a host (`!`, `*`, `~`,
    /// `$` ...): no site has it, and the core takes letters, digits, `-`
    /// and `_` only.
    AsciiPunctuation,
    /// A character that UTS 46 maps by more than lowercase (compatibility
    /// folding, NFC), refuses, or allows only in context (joiners, a
    /// combining mark starting a label): the core's light mapping
    /// lowercases and keeps it (`domain.rs`'s module doc).
    LightMapping,
    /// Right-to-left text: UTS 46's Bidi rule is not checked by the core.
    Bidi,
    /// The standard keeps a trailing dot in `URL.hostname`; the core drops
    /// it, so that `example.com.` counts as `example.com`.
    TrailingDot,
    /// An empty label (`a..b`, `.`), which the standard allows when not
    /// strict and no DNS name has.
    EmptyLabel,
}

/// What the core and the URL standard make of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Same,
    Explained(Reason),
    Differs(String),
}

/// The URL standard's host of `url`, as `URL.hostname` gives it.
pub fn standard_host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    parsed.host_str().map(str::to_owned)
}

/// Compares [`host_of_url`] with the URL standard on an `http:`/`https:`
/// URL.
pub fn compare_url(url: &str) -> Outcome {
    let core = host_of_url(url);
    if matches!(
        core,
        Err(NotTracked::Malformed(UrlError::NoScheme)) | Err(NotTracked::Empty)
    ) || matches!(core, Err(e) if !matches!(e, NotTracked::Malformed(_)))
    {
        // Not a web page's URL: no host to compare.
        return Outcome::Same;
    }
    let standard = standard_host(url);
    match (&core, &standard) {
        (Ok(h), Some(s)) if h.as_str() == s => Outcome::Same,
        (Err(_), None) => Outcome::Same,
        _ => match reason(url, &core, standard.as_deref()) {
            Some(r) => Outcome::Explained(r),
            None => Outcome::Differs(format!(
                "{url:?}: the core gives {core:?}, the URL standard {standard:?}"
            )),
        },
    }
}

/// The URL standard's forbidden host code points, which it refuses too.
fn forbidden_in_standard(c: char) -> bool {
    c <= ' ' || "#%/:<>?@[\\]^|\u{7f}".contains(c)
}

fn reason(url: &str, core: &Result<Host, NotTracked>, standard: Option<&str>) -> Option<Reason> {
    if let (Ok(h), Some(s)) = (core, standard) {
        if s.strip_suffix('.') == Some(h.as_str()) {
            return Some(Reason::TrailingDot);
        }
    }
    let mut chars = inspected_chars(url);
    // Labels that only become `xn--` labels once mapped (full-width
    // letters, say), decoded.
    if let Ok(h) = core {
        chars.extend(decoded(h.as_str()).chars());
    }
    chars.extend(standard.map(decoded).unwrap_or_default().chars());
    if chars.iter().any(|&c| is_right_to_left(c)) {
        return Some(Reason::Bidi);
    }
    if chars.iter().any(|&c| !c.is_ascii() && !maps_alike(c)) {
        return Some(Reason::LightMapping);
    }
    let standard = standard?;
    match core {
        Err(NotTracked::Malformed(UrlError::Host(
            HostError::LabelTooLong | HostError::TooLong,
        ))) => {
            let too_long = standard.len() > 253 || standard.split('.').any(|l| l.len() > 63);
            too_long.then_some(Reason::DnsLimits)
        }
        Err(NotTracked::Malformed(UrlError::Host(HostError::EmptyLabel | HostError::Empty))) => {
            let name = standard.strip_suffix('.').unwrap_or(standard);
            name.split('.')
                .any(str::is_empty)
                .then_some(Reason::EmptyLabel)
        }
        Err(NotTracked::Malformed(UrlError::Host(HostError::ForbiddenChar(c))))
            if c.is_ascii() && !forbidden_in_standard(*c) && standard.contains(*c) =>
        {
            Some(Reason::AsciiPunctuation)
        }
        _ => None,
    }
}

/// The characters of `url`'s authority as both parsers see them: percent
/// escapes decoded, and `xn--` labels decoded too.
fn inspected_chars(url: &str) -> Vec<char> {
    let text = percent_decoded(url);
    let mut chars: Vec<char> = text.chars().collect();
    for word in text.split(|c: char| !c.is_alphanumeric() && c != '-') {
        chars.extend(decoded(&word.to_ascii_lowercase()).chars());
    }
    chars
}

/// `name` with every `xn--` label decoded by `idna`'s Punycode, whatever
/// it decodes to.
fn decoded(name: &str) -> String {
    let labels: Vec<String> = name
        .split('.')
        .map(|label| {
            label
                .strip_prefix("xn--")
                .and_then(idna::punycode::decode_to_string)
                .unwrap_or_else(|| label.to_owned())
        })
        .collect();
    labels.join(".")
}

fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether UTS 46 (as the URL standard applies it) makes of `c`, alone
/// between two ASCII letters, what the core makes of it.
fn maps_alike(c: char) -> bool {
    let text = format!("a{c}b");
    let standard = idna::domain_to_ascii_cow(text.as_bytes(), idna::AsciiDenyList::URL)
        .ok()
        .map(|s| s.into_owned());
    let alone = idna::domain_to_ascii_cow(c.to_string().as_bytes(), idna::AsciiDenyList::URL)
        .ok()
        .map(|s| s.into_owned());
    let core = Host::parse(&text).ok().map(|h| h.as_str().to_owned());
    let core_alone = Host::parse(&c.to_string())
        .ok()
        .map(|h| h.as_str().to_owned());
    standard == core && alone == core_alone
}

/// Scripts written right to left (Hebrew, Arabic, Syriac, Thaana, NKo,
/// Samaritan, Mandaic, their presentation forms and the historic ones).
fn is_right_to_left(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// A host the core accepted reads back from every form it is shown or
/// stored in: its ASCII form, its display form (as a host, in a URL, and
/// in a site field).
pub fn round_trip(host: &Host) -> Result<(), String> {
    let same = |what: &str, got: Result<Host, String>| match got {
        Ok(h) if h == *host => Ok(()),
        other => Err(format!("{host:?}: {what} reads back as {other:?}")),
    };
    same(
        "its ASCII form",
        Host::parse(host.as_str()).map_err(|e| e.to_string()),
    )?;
    let shown = host.to_unicode();
    same(
        &format!("its display form {shown:?}"),
        Host::parse(&shown).map_err(|e| format!("{e:?}")),
    )?;
    same(
        &format!("https://{shown}/"),
        host_of_url(&format!("https://{shown}/")).map_err(|e| format!("{e:?}")),
    )?;
    let field = site_field::display(host.as_str());
    same(
        &format!("the site field's {field:?}"),
        site_field::read(&field, Field::Test)
            .map(|t| t.host)
            .map_err(|e| format!("{e:?}")),
    )
}

/// The Public Suffix List the core embeds, as the `publicsuffix` crate
/// reads it.
fn list() -> &'static publicsuffix::List {
    static LIST: OnceLock<publicsuffix::List> = OnceLock::new();
    LIST.get_or_init(|| {
        let deflated = include_bytes!("../../src/domain/psl.deflate");
        let text = miniz_oxide::inflate::decompress_to_vec(deflated).expect("psl.deflate");
        let text = String::from_utf8(text).expect("UTF-8 list");
        // The crate reads rules only after a section header.
        format!("// ===BEGIN ICANN DOMAINS===\n{text}\n")
            .parse()
            .expect("the embedded list parses")
    })
}

/// The registrable domain by the `publicsuffix` crate.
pub fn reference_registrable(host: &str) -> Option<String> {
    let domain = list().domain(host.as_bytes())?;
    Some(String::from_utf8(domain.as_bytes().to_vec()).expect("ASCII host"))
}

/// Compares [`Host::registrable`] with the `publicsuffix` crate's.
pub fn compare_registrable(host: &Host) -> Result<(), String> {
    if host.is_ip() {
        return match host.registrable() {
            None => Ok(()),
            Some(r) => Err(format!("{host:?}: an IP address has registrable {r:?}")),
        };
    }
    let core = host.registrable().map(str::to_owned);
    let reference = reference_registrable(host.as_str());
    if core == reference {
        Ok(())
    } else {
        Err(format!(
            "{host:?}: registrable {core:?}, the publicsuffix crate's {reference:?}"
        ))
    }
}

/// Every check on one URL: the same host as the URL standard (or a
/// documented reason), and an accepted host that reads back and has the
/// reference's registrable domain.
pub fn check_url(url: &str) -> Result<Outcome, String> {
    let outcome = compare_url(url);
    if let Outcome::Differs(why) = &outcome {
        return Err(why.clone());
    }
    if let Ok(host) = host_of_url(url) {
        round_trip(&host)?;
        compare_registrable(&host)?;
    }
    Ok(outcome)
}

/// Every check on text typed as a host.
pub fn check_typed(text: &str) -> Result<(), String> {
    if let Ok(host) = Host::parse(text) {
        round_trip(&host)?;
        compare_registrable(&host)?;
    }
    Ok(())
}
