//! Host names: the only part of a tab's URL that Fairtime ever keeps.
//!
//! [`host_of_url`] reads a URL's scheme and authority, returns the
//! normalized [`Host`] of `http:`/`https:` pages, and drops the rest; path,
//! query and fragment are never copied anywhere. Every other page (browser
//! and extension pages, files, `data:` ...) is [`NotTracked`], with the
//! reason. [`Host::parse`] validates host names a person types, such as
//! rules or excluded domains, into the same form.
//!
//! The normal form is what browsers put in `URL.hostname`: lowercase ASCII,
//! internationalized labels as `xn--` Punycode (A-labels), IPv4 addresses in
//! dotted decimal, IPv6 addresses compressed inside brackets; no userinfo,
//! port or trailing dot. Parsing follows the WHATWG URL standard's host
//! parser, with a light mapping in place of full UTS 46 to keep the wasm
//! small: ASCII and Unicode lowercase, full-width forms and ideographic full
//! stops, a few invisible characters dropped. Not done: NFC normalization
//! (text typed on a keyboard is NFC already) and UTS 46's compatibility
//! folding. Domain names also keep to DNS limits (63-byte labels, 253 bytes
//! in all).
//!
//! [`Host::registrable`] and [`Host::site`] use the Public Suffix List,
//! embedded in compressed form (see `domain/psl.rs`).

mod lowercase;
mod psl;
mod punycode;

use std::fmt;

use crate::text;

pub use psl::VERSION as PUBLIC_SUFFIX_LIST_VERSION;

/// A normalized host name, IPv4 or IPv6 address: the key for everything
/// Fairtime counts.
///
/// ```
/// use fairtime::domain::{host_of_url, Host};
///
/// let host = host_of_url("https://user:pw@Docs.Google.COM.:8443/x?y#z").unwrap();
/// assert_eq!(host.as_str(), "docs.google.com");
/// assert_eq!(host.site(), "google.com");
///
/// let typed = Host::parse("Bücher.example").unwrap();
/// assert_eq!(typed.as_str(), "xn--bcher-kva.example");
/// assert_eq!(typed.to_unicode(), "bücher.example");
/// assert_eq!(typed, host_of_url("https://xn--bcher-kva.example/").unwrap());
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Host(String);

impl Host {
    /// Validates and normalizes a host name typed by a person:
    /// `"Example.COM."` becomes `example.com`, `"::1"` becomes `[::1]`.
    /// Leading and trailing whitespace is ignored; anything that is more
    /// than a host (a scheme, port, path, `*`) is an error.
    pub fn parse(input: &str) -> Result<Host, HostError> {
        let input = input.trim();
        if let Some(inner) = input.strip_prefix('[') {
            let inner = inner.strip_suffix(']').ok_or(HostError::BadIpv6)?;
            return parse_ipv6(inner);
        }
        if input.contains(':') {
            if let Ok(host) = parse_ipv6(input) {
                return Ok(host);
            }
        }
        parse_domain(input)
    }

    /// The normal form, e.g. `docs.google.com`, `xn--bcher-kva.example`,
    /// `127.0.0.1`, `[::1]`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is an IPv4 or IPv6 address rather than a domain name.
    pub fn is_ip(&self) -> bool {
        // A valid domain name never has an all-digit last label: that makes
        // it IPv4.
        let last = self.0.rsplit('.').next().unwrap_or("");
        self.0.starts_with('[') || last.bytes().all(|b| b.is_ascii_digit())
    }

    /// The host for display, with `xn--` labels decoded:
    /// `xn--bcher-kva.example` reads `bücher.example`.
    pub fn to_unicode(&self) -> String {
        if self.is_ip() {
            return self.0.clone();
        }
        unicode_labels(&self.0)
    }

    /// The labels from the right: `docs.google.com` gives `com`, `google`,
    /// `docs`. An IP address is a single label.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        let (whole, labels) = if self.is_ip() {
            (Some(self.as_str()), None)
        } else {
            (None, Some(self.0.rsplit('.')))
        };
        whole.into_iter().chain(labels.into_iter().flatten())
    }

    /// The host and its parent domains, longest first: `docs.google.com`,
    /// `google.com`, `com`. An IP address yields only itself.
    pub fn suffixes(&self) -> impl Iterator<Item = &str> {
        let host = self.as_str();
        let parents = (!self.is_ip())
            .then(|| {
                host.match_indices('.')
                    .filter_map(move |(i, _)| host.get(i + 1..))
            })
            .into_iter()
            .flatten();
        std::iter::once(host).chain(parents)
    }

    /// The registrable domain (eTLD+1) by the Public Suffix List:
    /// `docs.google.com` gives `google.com`, `foo.bar.co.uk` gives
    /// `bar.co.uk`, `x.github.io` gives itself. `None` for IP addresses and
    /// for names that are themselves public suffixes (`co.uk`, `github.io`,
    /// a single label such as `localhost`).
    pub fn registrable(&self) -> Option<&str> {
        if self.is_ip() {
            return None;
        }
        let keep = psl::suffix_labels(&self.0) + 1;
        let mut dots = self.0.rmatch_indices('.').map(|(i, _)| i);
        match dots.nth(keep - 1) {
            Some(i) => self.0.get(i + 1..),
            None if self.0.split('.').count() == keep => Some(&self.0),
            None => None,
        }
    }

    /// The site a person would name: the registrable domain, or the host
    /// itself where there is none (IP addresses, `localhost`, public
    /// suffixes).
    pub fn site(&self) -> &str {
        self.registrable().unwrap_or(&self.0)
    }
}

/// `name` with each `xn--` label decoded (`*.xn--bcher-kva.de` reads
/// `*.bücher.de`); labels that are not valid Punycode stay as they are.
pub fn unicode_labels(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, label) in name.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        match label.strip_prefix("xn--").and_then(punycode::decode) {
            // Shown decoded, `xn--xn---3ra` (`xn--ü`) would read back as
            // another label.
            Some(chars) if !chars.starts_with(&['x', 'n', '-', '-']) => out.extend(chars),
            _ => out.push_str(label),
        }
    }
    out
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Host({:?})", self.0)
    }
}

impl AsRef<str> for Host {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Host {
    type Err = HostError;
    fn from_str(s: &str) -> Result<Host, HostError> {
        Host::parse(s)
    }
}

impl TryFrom<String> for Host {
    type Error = HostError;
    fn try_from(s: String) -> Result<Host, HostError> {
        Host::parse(&s)
    }
}

impl serde::Serialize for Host {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Why a string is not a host name. Messages never repeat the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostError {
    /// Nothing left once whitespace and a trailing dot are gone.
    Empty,
    /// Two dots in a row, or a leading dot.
    EmptyLabel,
    /// A label longer than 63 bytes in its ASCII form.
    LabelTooLong,
    /// More than 253 bytes in its ASCII form.
    TooLong,
    /// A character that has no place in a host name.
    ForbiddenChar(char),
    /// An `xn--` label that is not valid, normalized Punycode.
    BadPunycode,
    /// Ends in a number but is not an IPv4 address, like `1.2.3.256`.
    BadIpv4,
    /// Not a valid IPv6 address, or a `[` without its `]`.
    BadIpv6,
    /// A `%` not followed by two hex digits, or escapes that are not UTF-8.
    BadPercentEscape,
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = match self {
            HostError::Empty => "coreHostEmpty",
            HostError::EmptyLabel => "coreHostEmptyLabel",
            HostError::LabelTooLong => "coreHostLabelTooLong",
            HostError::TooLong => "coreHostTooLong",
            HostError::ForbiddenChar(c) if c.is_whitespace() => "coreHostSpace",
            HostError::ForbiddenChar(c) if c.is_control() => "coreHostControlChar",
            HostError::ForbiddenChar(c) => {
                let key = match c {
                    '/' | '?' | '#' => "coreHostPathChar",
                    ':' => "coreHostColon",
                    '@' => "coreHostAt",
                    '*' => "coreHostStar",
                    _ => "coreHostForbiddenChar",
                };
                return text::write(f, key, &[c]);
            }
            HostError::BadPunycode => "coreHostBadPunycode",
            HostError::BadIpv4 => "coreHostBadIpv4",
            HostError::BadIpv6 => "coreHostBadIpv6",
            HostError::BadPercentEscape => "coreHostBadPercentEscape",
        };
        text::write(f, key, &[])
    }
}

impl std::error::Error for HostError {}

/// Why a tab's URL is not counted: it is not a web page, or not a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotTracked {
    /// No URL at all (an empty string).
    Empty,
    /// `about:blank` and `about:srcdoc`: a page with no site.
    Blank,
    /// A page of the browser itself: `chrome:`, `edge:`, `brave:`,
    /// `about:`, `opera:`, `vivaldi:`, `devtools:` ...
    BrowserPage,
    /// A page of an extension: `chrome-extension:`, `moz-extension:` ...
    ExtensionPage,
    /// A local file (`file:`).
    LocalFile,
    /// A `data:` URL.
    DataUrl,
    /// A `blob:` URL.
    BlobUrl,
    /// A `javascript:` URL.
    Script,
    /// A page's source (`view-source:`).
    SourceView,
    /// Any other scheme (`ftp:`, `mailto:`, `ws:` ...).
    OtherScheme,
    /// Not a URL that a browser would load.
    Malformed(UrlError),
}

/// What is wrong with a malformed URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlError {
    /// It does not start with a scheme such as `https:`.
    NoScheme,
    /// An `http:` or `https:` URL without a host.
    NoHost,
    /// The port is not a number up to 65535.
    BadPort,
    /// The host is not valid.
    Host(HostError),
}

impl fmt::Display for NotTracked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = match self {
            NotTracked::Empty => "coreUrlEmpty",
            NotTracked::Blank => "coreUrlBlank",
            NotTracked::BrowserPage => "coreUrlBrowserPage",
            NotTracked::ExtensionPage => "coreUrlExtensionPage",
            NotTracked::LocalFile => "coreUrlLocalFile",
            NotTracked::DataUrl => "coreUrlData",
            NotTracked::BlobUrl => "coreUrlBlob",
            NotTracked::Script => "coreUrlScript",
            NotTracked::SourceView => "coreUrlSourceView",
            NotTracked::OtherScheme => "coreUrlOtherScheme",
            NotTracked::Malformed(UrlError::NoScheme) => "coreUrlNoScheme",
            NotTracked::Malformed(UrlError::NoHost) => "coreUrlNoHost",
            NotTracked::Malformed(UrlError::BadPort) => "coreUrlBadPort",
            NotTracked::Malformed(UrlError::Host(e)) => {
                return text::write(f, "coreUrlBadHost", &[e]);
            }
        };
        text::write(f, key, &[])
    }
}

impl std::error::Error for NotTracked {}

/// The host of a tab's URL, if it is a web page (`http:` or `https:`).
///
/// Only the scheme and authority are read; the rest of the URL is never
/// copied. Userinfo, port and a trailing dot are dropped.
///
/// ```
/// use fairtime::domain::{host_of_url, NotTracked};
///
/// assert_eq!(host_of_url("HTTPS://Example.COM:443/a?b#c").unwrap().as_str(), "example.com");
/// assert_eq!(host_of_url("chrome://settings/"), Err(NotTracked::BrowserPage));
/// assert_eq!(host_of_url("about:blank"), Err(NotTracked::Blank));
/// ```
pub fn host_of_url(url: &str) -> Result<Host, NotTracked> {
    // As WHATWG's parser: surrounding C0 controls and spaces are trimmed,
    // tabs and newlines removed wherever they are.
    let url = url.trim_matches(|c: char| c <= ' ');
    if url.is_empty() {
        return Err(NotTracked::Empty);
    }
    // Here and below, split and strip rather than slice by index: they
    // cannot fail, and keep the panic messages for bad indices out of the wasm.
    let (scheme, rest) = url
        .split_once(':')
        .ok_or(NotTracked::Malformed(UrlError::NoScheme))?;
    let scheme = scheme_of(scheme).ok_or(NotTracked::Malformed(UrlError::NoScheme))?;
    match scheme.as_str() {
        "http" | "https" => {}
        "about" => {
            let page = rest.split(['?', '#']).next().unwrap_or("");
            let page: String = page.chars().filter(|c| !is_tab_or_newline(*c)).collect();
            return Err(match page.as_str() {
                "blank" | "srcdoc" => NotTracked::Blank,
                _ => NotTracked::BrowserPage,
            });
        }
        "chrome" | "edge" | "brave" | "opera" | "vivaldi" | "chrome-search"
        | "chrome-untrusted" | "devtools" | "chrome-devtools" | "resource" | "moz" => {
            return Err(NotTracked::BrowserPage)
        }
        "chrome-extension" | "moz-extension" | "safari-web-extension" | "extension" => {
            return Err(NotTracked::ExtensionPage)
        }
        "file" => return Err(NotTracked::LocalFile),
        "data" => return Err(NotTracked::DataUrl),
        "blob" => return Err(NotTracked::BlobUrl),
        "javascript" => return Err(NotTracked::Script),
        "view-source" => return Err(NotTracked::SourceView),
        _ => return Err(NotTracked::OtherScheme),
    }
    // Special schemes skip any slashes and backslashes before the authority.
    let rest = rest.trim_start_matches(|c: char| c == '/' || c == '\\' || is_tab_or_newline(c));
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host_port: String = host_port
        .chars()
        .filter(|c| !is_tab_or_newline(*c))
        .collect();
    let (host, port) = split_port(&host_port);
    if host.is_empty() {
        return Err(NotTracked::Malformed(UrlError::NoHost));
    }
    if port.is_some_and(|port| !valid_port(port)) {
        return Err(NotTracked::Malformed(UrlError::BadPort));
    }
    let malformed = |e| NotTracked::Malformed(UrlError::Host(e));
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner
            .strip_suffix(']')
            .ok_or(malformed(HostError::BadIpv6))?;
        return parse_ipv6(inner).map_err(malformed);
    }
    let decoded = percent_decode(host).map_err(malformed)?;
    parse_domain(&decoded).map_err(malformed)
}

/// Digits up to 65535, leading zeros allowed; empty is fine too.
fn valid_port(port: &str) -> bool {
    let digits = port.trim_start_matches('0');
    port.bytes().all(|b| b.is_ascii_digit())
        && (digits.is_empty() || digits.len() <= 5 && crate::time::decimal(digits) <= 65535)
}

fn is_tab_or_newline(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
}

/// The lowercased scheme, if `s` is one: a letter, then letters, digits,
/// `+`, `-` or `.`.
fn scheme_of(s: &str) -> Option<String> {
    let s: String = s.chars().filter(|c| !is_tab_or_newline(*c)).collect();
    let mut chars = s.chars();
    let valid = chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| s.to_ascii_lowercase())
}

/// Splits `host[:port]`, minding the colons inside an IPv6 literal.
fn split_port(host_port: &str) -> (&str, Option<&str>) {
    if host_port.starts_with('[') {
        // Whatever follows `]` other than a port stays with the host, which
        // then fails to parse.
        let port = host_port.split_once(']').and_then(|(address, after)| {
            let port = after.strip_prefix(':')?;
            Some((host_port.get(..=address.len())?, port))
        });
        return match port {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        };
    }
    match host_port.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (host_port, None),
    }
}

fn percent_decode(s: &str) -> Result<std::borrow::Cow<'_, str>, HostError> {
    if !s.contains('%') {
        return Ok(s.into());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(HostError::BadPercentEscape)?;
            let digit = |b: u8| {
                char::from(b)
                    .to_digit(16)
                    .ok_or(HostError::BadPercentEscape)
            };
            out.push((digit(hex[0])? * 16 + digit(hex[1])?) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map(Into::into)
        .map_err(|_| HostError::BadPercentEscape)
}

/// The light UTS 46 mapping: what one input character becomes.
fn map_char(c: char, out: &mut String) -> Result<(), HostError> {
    // Full-width ASCII, as an IME in full-width mode types it.
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3002}' | '\u{FF61}' => '.',
        _ => c,
    };
    match c {
        'a'..='z' | '0'..='9' | '-' | '_' | '.' => out.push(c),
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        // Soft hyphen, zero-width space, word joiner, BOM, variation
        // selectors: UTS 46 maps them to nothing.
        '\u{AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}' => {}
        c if c.is_ascii() || c.is_control() || c.is_whitespace() => {
            return Err(HostError::ForbiddenChar(c))
        }
        c => lowercase::push_lowercase(c, out),
    }
    Ok(())
}

/// A domain name (or an IPv4 address, which it becomes if it ends in a
/// number), mapped and converted to A-labels.
fn parse_domain(input: &str) -> Result<Host, HostError> {
    let mut mapped = String::new();
    // Already mapped (stored rules, the default pack, most addresses):
    // `map_char` would copy each character as it is.
    let mapped = if input
        .bytes()
        .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.'))
    {
        input
    } else {
        mapped.reserve(input.len());
        for c in input.chars() {
            map_char(c, &mut mapped)?;
        }
        &mapped
    };
    let name = mapped.strip_suffix('.').unwrap_or(mapped);
    if name.is_empty() {
        return Err(HostError::Empty);
    }
    if ends_in_number(name) {
        return parse_ipv4(name);
    }
    let mut ascii = String::with_capacity(name.len());
    for (i, label) in name.split('.').enumerate() {
        if i > 0 {
            ascii.push('.');
        }
        let start = ascii.len();
        push_a_label(label, &mut ascii)?;
        if ascii.len() - start > 63 {
            return Err(HostError::LabelTooLong);
        }
    }
    if ascii.len() > 253 {
        return Err(HostError::TooLong);
    }
    Ok(Host(ascii))
}

/// Appends the ASCII form of one mapped label.
fn push_a_label(label: &str, out: &mut String) -> Result<(), HostError> {
    if label.is_empty() {
        return Err(HostError::EmptyLabel);
    }
    if label.len() > 4 * 63 {
        // Cannot fit in 63 bytes whatever its form; spares the encoder.
        return Err(HostError::LabelTooLong);
    }
    if label.is_ascii() {
        if let Some(puny) = label.strip_prefix("xn--") {
            // Must decode to a label that is already mapped and would
            // encode back to the same text.
            let chars = punycode::decode(puny).ok_or(HostError::BadPunycode)?;
            let mut remapped = String::new();
            for &c in &chars {
                map_char(c, &mut remapped).map_err(|_| HostError::BadPunycode)?;
            }
            let mut again = String::new();
            let canonical = !remapped.is_ascii()
                && remapped.chars().eq(chars.iter().copied())
                && punycode::encode(&chars, &mut again).is_some()
                && again == puny;
            if !canonical {
                return Err(HostError::BadPunycode);
            }
        }
        out.push_str(label);
        return Ok(());
    }
    if label.starts_with("xn--") {
        return Err(HostError::BadPunycode);
    }
    let chars: Vec<char> = label.chars().collect();
    out.push_str("xn--");
    punycode::encode(&chars, out).ok_or(HostError::LabelTooLong)
}

/// WHATWG's test for names that must parse as IPv4: the last label
/// is all digits or a `0x` hex number.
fn ends_in_number(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or("");
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    match last.strip_prefix("0x").or_else(|| last.strip_prefix("0X")) {
        Some(hex) => hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

/// WHATWG IPv4: one to four parts, each decimal, octal (leading `0`) or hex
/// (`0x`); the last part fills the remaining bytes (`127.1` is `127.0.0.1`).
fn parse_ipv4(name: &str) -> Result<Host, HostError> {
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() > 4 {
        return Err(HostError::BadIpv4);
    }
    let mut numbers = Vec::with_capacity(4);
    for part in &parts {
        numbers.push(ipv4_number(part).ok_or(HostError::BadIpv4)?);
    }
    let (last, init) = numbers.split_last().ok_or(HostError::BadIpv4)?;
    if init.iter().any(|&n| n > 255) || *last >= 1u64 << (8 * (5 - numbers.len())) {
        return Err(HostError::BadIpv4);
    }
    let mut address = *last;
    for (i, &n) in init.iter().enumerate() {
        address += n << (8 * (3 - i));
    }
    let [a, b, c, d] = (address as u32).to_be_bytes();
    Ok(Host(format!("{a}.{b}.{c}.{d}")))
}

fn ipv4_number(part: &str) -> Option<u64> {
    let (digits, radix) = if let Some(hex) = part.strip_prefix("0x").or(part.strip_prefix("0X")) {
        (hex, 16)
    } else if let Some(octal) = part.strip_prefix('0').filter(|rest| !rest.is_empty()) {
        (octal, 8)
    } else {
        (part, 10)
    };
    if digits.is_empty() {
        return (radix != 10).then_some(0);
    }
    // Leading zeros aside, anything past 2^32 is invalid anyway.
    let digits = digits.trim_start_matches('0');
    if digits.len() > 12 {
        return None;
    }
    if digits.is_empty() {
        return Some(0);
    }
    if !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    digits.chars().try_fold(0, |n, c| {
        Some(n * u64::from(radix) + u64::from(c.to_digit(radix)?))
    })
}

/// An IPv6 literal (without brackets), serialized as WHATWG does: lowercase
/// hex, the first longest run of two or more zero pieces as `::`.
fn parse_ipv6(inner: &str) -> Result<Host, HostError> {
    let pieces = ipv6_pieces(inner.as_bytes()).ok_or(HostError::BadIpv6)?;
    let (mut best, mut best_len, mut run_start, mut run_len) = (0, 0, 0, 0);
    for (i, &piece) in pieces.iter().enumerate() {
        if piece == 0 {
            if run_len == 0 {
                run_start = i;
            }
            run_len += 1;
            if run_len > best_len {
                (best, best_len) = (run_start, run_len);
            }
        } else {
            run_len = 0;
        }
    }
    let mut out = String::from("[");
    let mut i = 0;
    while i < 8 {
        if best_len >= 2 && i == best {
            out.push_str(if i == 0 { "::" } else { ":" });
            i += best_len;
            continue;
        }
        push_hex(&mut out, pieces[i]);
        if i < 7 {
            out.push(':');
        }
        i += 1;
    }
    out.push(']');
    Ok(Host(out))
}

/// The eight pieces of an IPv6 literal, read by the grammar of std's
/// `Ipv6Addr` parser (hand-written: std's links about 4 KB of wasm): groups
/// of 1-4 hex digits, one `::`, an IPv4 address (no leading zeros) in the
/// last two pieces.
fn ipv6_pieces(s: &[u8]) -> Option<[u16; 8]> {
    let mut head = [0; 8];
    let (n, v4, at) = ipv6_groups(s, 0, &mut head);
    let at = if n == 8 {
        at
    } else {
        if v4 || s.get(at..at + 2) != Some(b"::") {
            return None;
        }
        let mut tail = [0; 7];
        let (m, _, at) = ipv6_groups(s, at + 2, &mut tail[..7 - n]);
        head[8 - m..].copy_from_slice(&tail[..m]);
        at
    };
    (at == s.len()).then_some(head)
}

/// Reads `:`-separated groups into `groups` from `at`: how many, whether
/// the last two came from an IPv4 address, and where reading stopped.
fn ipv6_groups(s: &[u8], mut at: usize, groups: &mut [u16]) -> (usize, bool, usize) {
    let limit = groups.len();
    for i in 0..limit {
        let start = if i == 0 {
            Some(at)
        } else {
            (s.get(at) == Some(&b':')).then_some(at + 1)
        };
        let Some(start) = start else {
            return (i, false, at);
        };
        if i + 1 < limit {
            if let Some((v4, end)) = embedded_ipv4(s, start) {
                groups[i] = (v4[0] << 8) | v4[1];
                groups[i + 1] = (v4[2] << 8) | v4[3];
                return (i + 2, true, end);
            }
        }
        match digits_at(s, start, 16, 4) {
            Some((value, end)) => {
                groups[i] = value as u16;
                at = end;
            }
            None => return (i, false, at),
        }
    }
    (limit, false, at)
}

/// Four dot-separated decimal octets at `at`, none with a leading zero.
fn embedded_ipv4(s: &[u8], mut at: usize) -> Option<([u16; 4], usize)> {
    let mut octets = [0; 4];
    for (i, octet) in octets.iter_mut().enumerate() {
        if i > 0 {
            if s.get(at) != Some(&b'.') {
                return None;
            }
            at += 1;
        }
        let (value, end) = digits_at(s, at, 10, 3)?;
        if value > 255 || (end - at > 1 && s[at] == b'0') {
            return None;
        }
        *octet = value as u16;
        at = end;
    }
    Some((octets, at))
}

/// 1 to `max` digits in `radix` at `at` (more is no number): value and end.
fn digits_at(s: &[u8], at: usize, radix: u32, max: usize) -> Option<(u32, usize)> {
    let mut value = 0;
    let mut end = at;
    while let Some(digit) = s.get(end).and_then(|&b| char::from(b).to_digit(radix)) {
        if end - at == max {
            return None;
        }
        value = value * radix + digit;
        end += 1;
    }
    (end > at).then_some((value, end))
}

/// `piece` in lowercase hex without leading zeros.
fn push_hex(out: &mut String, piece: u16) {
    let mut shift = 12;
    while shift > 0 && piece >> shift == 0 {
        shift -= 4;
    }
    loop {
        let digit = (piece >> shift) & 15;
        out.push(char::from(b"0123456789abcdef"[usize::from(digit)]));
        if shift == 0 {
            break;
        }
        shift -= 4;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::net::Ipv6Addr;

    fn host(url: &str) -> String {
        match host_of_url(url) {
            Ok(h) => h.0,
            Err(e) => panic!("{url:?}: {e:?}"),
        }
    }

    fn typed(s: &str) -> Host {
        Host::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e:?}"))
    }

    #[test]
    fn web_urls_give_their_host() {
        for (url, expected) in [
            ("https://example.com/", "example.com"),
            ("http://example.com", "example.com"),
            ("https://user:pw@Host.EXAMPLE.:8443/x?y#z", "host.example"),
            ("HTTPS://WWW.Example.COM/Path", "www.example.com"),
            ("https://example.com?q=1", "example.com"),
            ("https://example.com#frag", "example.com"),
            ("https://example.com:443", "example.com"),
            ("https://example.com:/", "example.com"),
            ("https://example.com:000080/", "example.com"),
            ("https://example.com:65535/", "example.com"),
            ("https://a@b@example.com/", "example.com"),
            ("https://example.com/@evil.com", "example.com"),
            ("https://example.com\\@evil.com", "example.com"),
            ("  https://example.com/  ", "example.com"),
            ("https://exa\tmple.com\n/", "example.com"),
            ("https:\\\\example.com\\x", "example.com"),
            ("https:example.com", "example.com"),
            // WHATWG skips all slashes: the browser itself shows https://x/.
            ("https:///x", "x"),
            ("https://my_site.example/", "my_site.example"),
            ("https://bücher.example/", "xn--bcher-kva.example"),
            ("https://BÜCHER.example/", "xn--bcher-kva.example"),
            ("https://xn--bcher-kva.example/", "xn--bcher-kva.example"),
            ("https://XN--BCHER-KVA.example/", "xn--bcher-kva.example"),
            ("https://b%C3%BCcher.example/", "xn--bcher-kva.example"),
            ("https://%65xample.com/", "example.com"),
            ("https://ｅｘａｍｐｌｅ．ｃｏｍ/", "example.com"),
            ("https://例え。テスト/", "xn--r8jz45g.xn--zckzah"),
            ("https://faß.de/", "xn--fa-hia.de"),
            ("https://ΣΊΣΥΦΟΣ.gr/", "xn--kxa6akbbkh.gr"),
            ("https://so\u{AD}ft.example/", "soft.example"),
            ("http://localhost:3000/", "localhost"),
            ("http://LOCALHOST./", "localhost"),
            ("http://127.0.0.1:8080/x", "127.0.0.1"),
            ("http://127.1/", "127.0.0.1"),
            ("http://0x7f.0.0.1/", "127.0.0.1"),
            ("http://0177.0.0.1/", "127.0.0.1"),
            ("http://2130706433/", "127.0.0.1"),
            ("http://192.168.0.1./", "192.168.0.1"),
            ("http://[::1]:8080/", "[::1]"),
            ("http://[0:0:0:0:0:0:0:1]/", "[::1]"),
            ("http://[2001:DB8::0:1]/", "[2001:db8::1]"),
            ("http://[2001:db8:0:0:1:0:0:1]/", "[2001:db8::1:0:0:1]"),
            ("http://[1:0:1:0:1:0:1:0]/", "[1:0:1:0:1:0:1:0]"),
            ("http://[::ffff:192.168.0.1]/", "[::ffff:c0a8:1]"),
            ("http://[fe80::]/", "[fe80::]"),
        ] {
            assert_eq!(host(url), expected, "{url}");
        }
    }

    #[test]
    fn other_pages_are_not_tracked_and_say_why() {
        use NotTracked::*;
        for (url, expected) in [
            ("", Empty),
            ("   ", Empty),
            ("about:blank", Blank),
            ("about:blank#x", Blank),
            ("about:srcdoc", Blank),
            ("about:newtab", BrowserPage),
            ("about:preferences", BrowserPage),
            ("chrome://settings/", BrowserPage),
            ("CHROME://newtab/", BrowserPage),
            ("edge://flags", BrowserPage),
            ("brave://rewards", BrowserPage),
            ("opera://about", BrowserPage),
            ("vivaldi://settings", BrowserPage),
            ("chrome-search://local-ntp/", BrowserPage),
            ("devtools://devtools/bundled/x.html", BrowserPage),
            ("chrome-extension://abcdef/popup.html", ExtensionPage),
            ("moz-extension://1234-5678/options.html", ExtensionPage),
            ("file:///home/me/notes.txt", LocalFile),
            ("FILE:///C:/x", LocalFile),
            ("data:text/html,<h1>hi</h1>", DataUrl),
            ("blob:https://example.com/1234", BlobUrl),
            ("javascript:alert(1)", Script),
            ("view-source:https://example.com/", SourceView),
            ("ftp://example.com/", OtherScheme),
            ("mailto:me@example.com", OtherScheme),
            ("wss://example.com/", OtherScheme),
            ("example.com", Malformed(UrlError::NoScheme)),
            ("//example.com/", Malformed(UrlError::NoScheme)),
            ("1http://example.com/", Malformed(UrlError::NoScheme)),
            ("ht tp://example.com/", Malformed(UrlError::NoScheme)),
            ("https:", Malformed(UrlError::NoHost)),
            ("https://", Malformed(UrlError::NoHost)),
            ("https:///", Malformed(UrlError::NoHost)),
            ("https://user@/", Malformed(UrlError::NoHost)),
            ("https://:443/", Malformed(UrlError::NoHost)),
            ("https://example.com:65536/", Malformed(UrlError::BadPort)),
            ("https://example.com:8o/", Malformed(UrlError::BadPort)),
            ("https://example.com:-1/", Malformed(UrlError::BadPort)),
            (
                "https://example.com:99999999999/",
                Malformed(UrlError::BadPort),
            ),
        ] {
            assert_eq!(host_of_url(url), Err(expected), "{url:?}");
        }
    }

    #[test]
    fn bad_hosts_in_web_urls_say_what_is_wrong() {
        use HostError::*;
        let long_label = format!("https://{}.com/", "a".repeat(64));
        let long_name = format!("https://{}com/", "abcdefghi.".repeat(26));
        for (url, expected) in [
            ("https://exa mple.com/", ForbiddenChar(' ')),
            ("https://exa<mple.com/", ForbiddenChar('<')),
            ("https://a*b.com/", ForbiddenChar('*')),
            ("https://example.com\u{0}/", ForbiddenChar('\0')),
            ("https://a..b/", EmptyLabel),
            ("https://.example.com/", EmptyLabel),
            ("https://example.com../", EmptyLabel),
            ("https://./", Empty),
            (long_label.as_str(), LabelTooLong),
            (long_name.as_str(), TooLong),
            ("https://xn--zz/", BadPunycode),
            ("https://xn--abc-/", BadPunycode),
            // Decodes to 食狮, but its canonical form has no leading '-'.
            ("https://xn---85x722f.example/", BadPunycode),
            ("https://xn--85x722f-.example/", BadPunycode),
            ("https://xn--ü.example/", BadPunycode),
            ("https://1.2.3.256/", BadIpv4),
            ("https://example.123/", BadIpv4),
            ("https://1.2.3.4.5/", BadIpv4),
            ("https://0x100000000/", BadIpv4),
            ("https://[::1/", BadIpv6),
            ("https://[::1]x/", BadIpv6),
            ("https://[::1]x:80/", BadIpv6),
            ("https://[1:2]/", BadIpv6),
            ("https://[::1%eth0]/", BadIpv6),
            ("https://%zz.com/", BadPercentEscape),
            ("https://%ff.com/", BadPercentEscape),
        ] {
            assert_eq!(
                host_of_url(url),
                Err(NotTracked::Malformed(UrlError::Host(expected))),
                "{url:?}"
            );
        }
        // Exactly at the DNS limits is fine.
        assert!(host_of_url(&format!("https://{}.com/", "a".repeat(63))).is_ok());
        assert!(host_of_url(&format!("https://{}com/", "a".repeat(250) + ".")).is_err());
        let at_limit = format!("{}.{}", "a".repeat(63), vec!["b".repeat(63); 3].join("."));
        assert_eq!(at_limit.len(), 255);
        assert_eq!(Host::parse(&at_limit[..253]).unwrap().as_str().len(), 253);
        assert_eq!(Host::parse(&at_limit[..254]), Err(HostError::TooLong));
    }

    #[test]
    fn typed_hosts_normalize_like_urls() {
        for (input, expected) in [
            ("example.com", "example.com"),
            ("  Example.COM.  ", "example.com"),
            ("bücher.example", "xn--bcher-kva.example"),
            ("xn--bcher-kva.example", "xn--bcher-kva.example"),
            ("localhost", "localhost"),
            ("127.0.0.1", "127.0.0.1"),
            ("::1", "[::1]"),
            ("[::1]", "[::1]"),
            ("2001:DB8::1", "[2001:db8::1]"),
            ("食狮.公司.cn", "xn--85x722f.xn--55qx5d.cn"),
        ] {
            assert_eq!(typed(input).as_str(), expected, "{input}");
        }
        assert_eq!(
            typed("bücher.example"),
            host_of_url("https://bücher.example/").unwrap()
        );
    }

    #[test]
    fn typed_hosts_that_are_more_than_a_host_are_refused() {
        use HostError::*;
        for (input, expected) in [
            ("", Empty),
            ("  ", Empty),
            (".", Empty),
            ("https://example.com", ForbiddenChar(':')),
            ("example.com/path", ForbiddenChar('/')),
            ("localhost:3000", ForbiddenChar(':')),
            ("me@example.com", ForbiddenChar('@')),
            ("*.example.com", ForbiddenChar('*')),
            (".example.com", EmptyLabel),
            ("exa%6dple.com", ForbiddenChar('%')),
            ("[::1", BadIpv6),
            ("[example.com]", BadIpv6),
        ] {
            assert_eq!(Host::parse(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn error_messages_are_sentences_without_the_input() {
        let e = Host::parse("secret.example/path").unwrap_err().to_string();
        assert_eq!(
            e,
            "A host name cannot contain '/'. Enter just the host name, like example.com, without a path."
        );
        let e = host_of_url("https://se cret.example/")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("The web address has an invalid host. "),
            "{e}"
        );
        assert!(
            e.contains("spaces") && !e.contains("U+") && !e.contains("cret"),
            "{e}"
        );
        for e in [
            NotTracked::BrowserPage,
            NotTracked::Malformed(UrlError::BadPort),
        ] {
            let text = e.to_string();
            assert!(
                text.ends_with('.') && text.starts_with(char::is_uppercase),
                "{text}"
            );
        }
    }

    #[test]
    fn unicode_display() {
        for (input, shown) in [
            ("https://xn--bcher-kva.example/", "bücher.example"),
            ("https://www.xn--85x722f.xn--fiqs8s/", "www.食狮.中国"),
            ("https://example.com/", "example.com"),
            ("http://[::1]/", "[::1]"),
            ("http://127.0.0.1/", "127.0.0.1"),
        ] {
            assert_eq!(host_of_url(input).unwrap().to_unicode(), shown);
        }
    }

    #[test]
    fn labels_and_suffixes_run_at_label_boundaries() {
        let h = typed("docs.google.com");
        assert_eq!(h.labels().collect::<Vec<_>>(), ["com", "google", "docs"]);
        assert_eq!(
            h.suffixes().collect::<Vec<_>>(),
            ["docs.google.com", "google.com", "com"]
        );
        let ip = typed("10.0.0.1");
        assert_eq!(ip.labels().collect::<Vec<_>>(), ["10.0.0.1"]);
        assert_eq!(ip.suffixes().collect::<Vec<_>>(), ["10.0.0.1"]);
        assert_eq!(typed("::1").labels().collect::<Vec<_>>(), ["[::1]"]);
        assert_eq!(
            typed("localhost").suffixes().collect::<Vec<_>>(),
            ["localhost"]
        );
        assert!(ip.is_ip() && typed("::1").is_ip());
        assert!(!h.is_ip() && !typed("1password.com").is_ip());
    }

    #[test]
    fn registrable_domain_and_site() {
        for (input, registrable) in [
            ("docs.google.com", Some("google.com")),
            ("google.com", Some("google.com")),
            ("foo.bar.co.uk", Some("bar.co.uk")),
            ("co.uk", None),
            ("x.github.io", Some("x.github.io")),
            ("a.x.github.io", Some("x.github.io")),
            ("github.io", None),
            ("com", None),
            ("localhost", None),
            ("app.localhost", Some("app.localhost")),
            ("intranet", None),
            ("wiki.corp", Some("wiki.corp")),
            ("www.xn--bcher-kva.de", Some("xn--bcher-kva.de")),
        ] {
            let host = typed(input);
            assert_eq!(host.registrable(), registrable, "{input}");
            assert_eq!(host.site(), registrable.unwrap_or(input), "{input}");
        }
        for ip in ["127.0.0.1", "::1", "2001:db8::1"] {
            let host = typed(ip);
            assert_eq!(host.registrable(), None);
            assert_eq!(host.site(), host.as_str());
        }
    }

    /// The list's own test cases (public domain, publicsuffix.org), with
    /// Unicode input compared through its A-label form.
    #[test]
    fn public_suffix_list_test_cases() {
        for (input, expected) in [
            ("COM", None),
            ("example.COM", Some("example.com")),
            ("WwW.example.COM", Some("example.com")),
            ("example", None),
            ("example.example", Some("example.example")),
            ("b.example.example", Some("example.example")),
            ("a.b.example.example", Some("example.example")),
            ("biz", None),
            ("domain.biz", Some("domain.biz")),
            ("b.domain.biz", Some("domain.biz")),
            ("a.b.domain.biz", Some("domain.biz")),
            ("com", None),
            ("example.com", Some("example.com")),
            ("b.example.com", Some("example.com")),
            ("a.b.example.com", Some("example.com")),
            ("uk.com", None),
            ("example.uk.com", Some("example.uk.com")),
            ("b.example.uk.com", Some("example.uk.com")),
            ("a.b.example.uk.com", Some("example.uk.com")),
            ("test.ac", Some("test.ac")),
            ("mm", None),
            ("c.mm", None),
            ("b.c.mm", Some("b.c.mm")),
            ("a.b.c.mm", Some("b.c.mm")),
            ("jp", None),
            ("test.jp", Some("test.jp")),
            ("www.test.jp", Some("test.jp")),
            ("ac.jp", None),
            ("test.ac.jp", Some("test.ac.jp")),
            ("www.test.ac.jp", Some("test.ac.jp")),
            ("kyoto.jp", None),
            ("test.kyoto.jp", Some("test.kyoto.jp")),
            ("ide.kyoto.jp", None),
            ("b.ide.kyoto.jp", Some("b.ide.kyoto.jp")),
            ("a.b.ide.kyoto.jp", Some("b.ide.kyoto.jp")),
            ("c.kobe.jp", None),
            ("b.c.kobe.jp", Some("b.c.kobe.jp")),
            ("a.b.c.kobe.jp", Some("b.c.kobe.jp")),
            ("city.kobe.jp", Some("city.kobe.jp")),
            ("www.city.kobe.jp", Some("city.kobe.jp")),
            ("ck", None),
            ("test.ck", None),
            ("b.test.ck", Some("b.test.ck")),
            ("a.b.test.ck", Some("b.test.ck")),
            ("www.ck", Some("www.ck")),
            ("www.www.ck", Some("www.ck")),
            ("us", None),
            ("test.us", Some("test.us")),
            ("www.test.us", Some("test.us")),
            ("ak.us", None),
            ("test.ak.us", Some("test.ak.us")),
            ("www.test.ak.us", Some("test.ak.us")),
            ("k12.ak.us", None),
            ("test.k12.ak.us", Some("test.k12.ak.us")),
            ("www.test.k12.ak.us", Some("test.k12.ak.us")),
            ("食狮.com.cn", Some("食狮.com.cn")),
            ("食狮.公司.cn", Some("食狮.公司.cn")),
            ("www.食狮.公司.cn", Some("食狮.公司.cn")),
            ("shishi.公司.cn", Some("shishi.公司.cn")),
            ("公司.cn", None),
            ("食狮.中国", Some("食狮.中国")),
            ("www.食狮.中国", Some("食狮.中国")),
            ("shishi.中国", Some("shishi.中国")),
            ("中国", None),
            ("xn--85x722f.com.cn", Some("xn--85x722f.com.cn")),
            (
                "xn--85x722f.xn--55qx5d.cn",
                Some("xn--85x722f.xn--55qx5d.cn"),
            ),
            (
                "www.xn--85x722f.xn--55qx5d.cn",
                Some("xn--85x722f.xn--55qx5d.cn"),
            ),
            ("shishi.xn--55qx5d.cn", Some("shishi.xn--55qx5d.cn")),
            ("xn--55qx5d.cn", None),
            ("xn--85x722f.xn--fiqs8s", Some("xn--85x722f.xn--fiqs8s")),
            ("www.xn--85x722f.xn--fiqs8s", Some("xn--85x722f.xn--fiqs8s")),
            ("shishi.xn--fiqs8s", Some("shishi.xn--fiqs8s")),
            ("xn--fiqs8s", None),
        ] {
            let host = typed(input);
            let expected = expected.map(|e| typed(e).0);
            assert_eq!(host.registrable(), expected.as_deref(), "{input}");
        }
    }

    #[test]
    fn serializes_as_a_plain_string_and_validates_on_the_way_back() {
        let host = typed("bücher.example");
        let json = serde_json::to_string(&host).unwrap();
        assert_eq!(json, "\"xn--bcher-kva.example\"");
        assert_eq!(serde_json::from_str::<Host>(&json).unwrap(), host);
        assert!(serde_json::from_str::<Host>("\"a/b\"").is_err());
    }

    fn urlish() -> impl Strategy<Value = String> {
        let scheme = prop_oneof![Just("https://"), Just("http:"), Just("HTTP:\\\\"), Just("")];
        let host = "[a-zA-Z0-9.:@\\[\\]%_\\-ü食ｅ。 \t]{0,30}";
        let tail = prop_oneof![Just(""), Just("/"), Just("/p?q#f"), Just(":80/x")];
        (scheme, host, tail).prop_map(|(s, h, t)| format!("{s}{h}{t}"))
    }

    fn assert_normal(host: &Host) -> Result<(), TestCaseError> {
        let s = host.as_str();
        prop_assert!(s.is_ascii() && !s.ends_with('.') && !s.is_empty(), "{s:?}");
        prop_assert!(!s.bytes().any(|b| b.is_ascii_uppercase()), "{s:?}");
        prop_assert_eq!(&Host::parse(s), &Ok(host.clone()));
        prop_assert_eq!(&host_of_url(&format!("https://{s}/")), &Ok(host.clone()));
        prop_assert_eq!(&Host::parse(&host.to_unicode()), &Ok(host.clone()));
        if let Some(site) = host.registrable() {
            prop_assert!(
                s == site || s.ends_with(&format!(".{site}")),
                "{s} / {site}"
            );
        }
        Ok(())
    }

    /// The IPv6 reading before it was hand-written: std's parser, `{:x}`.
    fn ipv6_by_std(inner: &str) -> Option<String> {
        let pieces = inner.parse::<std::net::Ipv6Addr>().ok()?.segments();
        let hex = |p: &u16| format!("{p:x}");
        Some(pieces.iter().map(hex).collect::<Vec<_>>().join(":"))
    }

    fn ipv6_by_hand(inner: &str) -> Option<String> {
        let pieces = ipv6_pieces(inner.as_bytes())?;
        let hex = |p: &u16| {
            let mut s = String::new();
            push_hex(&mut s, *p);
            s
        };
        Some(pieces.iter().map(hex).collect::<Vec<_>>().join(":"))
    }

    #[test]
    fn ipv6_reads_as_std_does() {
        for s in [
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3.4",
            "1.2.3.4::",
            "::01.2.3.4",
            "::0.0.0.0",
            "::256.1.1.1",
            "::1.2.3",
            "::1.2.3.4.5",
            "12345::",
            "0000:00::",
            "ABCD:ef::",
            ":::",
            "1:::2",
            "1::2::3",
            ":1::",
            "::1:",
            "",
            ":",
            "1:2:3:4:5:6:7:8::",
            "1::2:3:4:5:6:7:8",
            "1::2:3:4:5:6:7",
            "g::",
            "::\u{e9}",
            "1:2:3:4:5:6::1.2.3.4",
            "::1.2.3.4:5",
            "0:0:0:0:0:0:0:0",
            "fffff::",
            "::0fff",
            "::1.2.3.04",
        ] {
            assert_eq!(ipv6_by_hand(s), ipv6_by_std(s), "{s:?}");
        }
        for p in [0u16, 1, 0xf, 0x10, 0xab, 0x100, 0xfff, 0x1000, 0xffff] {
            assert_eq!(
                ipv6_by_hand(&format!("::{p:x}")).unwrap(),
                format!("0:0:0:0:0:0:0:{p:x}")
            );
        }
    }

    proptest! {
        #[test]
        fn ipv6_reads_as_std_does_for_any_text(s in "[0-9a-fA-F:.g]{0,42}") {
            prop_assert_eq!(ipv6_by_hand(&s), ipv6_by_std(&s));
        }

        #[test]
        fn ipv6_reads_as_std_does_for_likely_addresses(
            s in "(([0-9a-f]{1,5}|[0-9]{1,3}(\\.[0-9]{1,3}){3}):{0,2}){0,9}"
        ) {
            prop_assert_eq!(ipv6_by_hand(&s), ipv6_by_std(&s));
        }

        #[test]
        fn host_of_url_never_panics(s in "\\PC*") {
            let _ = host_of_url(&s);
            let _ = Host::parse(&s);
        }

        #[test]
        fn host_of_url_never_panics_on_urlish_input(s in urlish()) {
            if let Ok(host) = host_of_url(&s) {
                assert_normal(&host)?;
            }
        }

        #[test]
        fn normalization_is_idempotent(s in "[a-zA-Z0-9._\\-üßΣ食。０-９]{1,40}") {
            if let Ok(host) = Host::parse(&s) {
                assert_normal(&host)?;
            }
        }

        #[test]
        fn ipv6_normal_form_is_stable(segments in proptest::array::uniform8(prop_oneof![Just(0u16), any::<u16>()])) {
            let address = Ipv6Addr::from(segments);
            let host = typed(&address.to_string());
            assert_normal(&host)?;
            prop_assert_eq!(host.as_str().trim_matches(['[', ']']).parse::<Ipv6Addr>().unwrap(), address);
        }
    }
}
