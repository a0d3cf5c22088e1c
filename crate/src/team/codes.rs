//! The text of every team code: `fairtime-<kind>-<version>:` and then
//! base64url (no padding) of the payload followed by a checksum, the first
//! 4 bytes of SHA-256 of the prefix and the payload. White space anywhere
//! (chat apps wrap long lines) is ignored when a code is read.
//!
//! Also the byte reader and writer the payloads are made of.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::TeamError;
use crate::text;

/// The three kinds of code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// A member's public key and name.
    Join,
    /// The team: its name, first week, categories and roster.
    Team,
    /// One member's masked minutes for one week.
    Week,
}

/// The version every code is written with and the only one read.
pub const VERSION: &str = "1";
const CHECKSUM: usize = 4;

impl CodeKind {
    /// The word in the prefix: `join`, `team`, `week`.
    pub fn word(self) -> &'static str {
        match self {
            CodeKind::Join => "join",
            CodeKind::Team => "team",
            CodeKind::Week => "week",
        }
    }

    /// The whole prefix, `fairtime-join-1:`.
    pub fn prefix(self) -> String {
        format!("fairtime-{}-{VERSION}:", self.word())
    }

    fn from_word(word: &str) -> Option<Self> {
        [CodeKind::Join, CodeKind::Team, CodeKind::Week]
            .into_iter()
            .find(|k| k.word() == word)
    }
}

impl fmt::Display for CodeKind {
    /// The kind's name in the person's language ("join code").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = match self {
            CodeKind::Join => "coreTeamKindJoin",
            CodeKind::Team => "coreTeamKindTeam",
            CodeKind::Week => "coreTeamKindWeek",
        };
        text::write(f, key, &[])
    }
}

fn checksum(prefix: &str, payload: &[u8]) -> [u8; CHECKSUM] {
    let digest = Sha256::new()
        .chain_update(prefix.as_bytes())
        .chain_update(payload)
        .finalize();
    let mut out = [0; CHECKSUM];
    out.copy_from_slice(&digest[..CHECKSUM]);
    out
}

/// The code text of `payload`.
pub fn encode(kind: CodeKind, payload: &[u8]) -> String {
    let prefix = kind.prefix();
    let mut bytes = payload.to_vec();
    bytes.extend_from_slice(&checksum(&prefix, payload));
    let mut out = prefix;
    out.push_str(&URL_SAFE_NO_PAD.encode(bytes));
    out
}

/// `text` without any white space (nor the invisible joiners and
/// byte-order marks that chat apps put in): the form codes are compared in.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !c.is_whitespace() && !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
        })
        .collect()
}

/// The payload of a code of `kind`, or why `text` is none.
pub fn decode(kind: CodeKind, text: &str) -> Result<Vec<u8>, TeamError> {
    let text = normalize(text);
    let not_a_code = TeamError::NotACode(kind);
    let (head, body) = text.split_once(':').ok_or(not_a_code.clone())?;
    let rest = head.strip_prefix("fairtime-").ok_or(not_a_code.clone())?;
    let (word, version) = rest.split_once('-').ok_or(not_a_code.clone())?;
    let found = CodeKind::from_word(word).ok_or(not_a_code.clone())?;
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_code);
    }
    if found != kind {
        return Err(TeamError::WrongKind {
            expected: kind,
            found,
        });
    }
    if version != VERSION {
        return Err(TeamError::Newer(kind));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| TeamError::Damaged(kind))?;
    if bytes.len() < CHECKSUM {
        return Err(TeamError::Damaged(kind));
    }
    let (payload, sum) = bytes.split_at(bytes.len() - CHECKSUM);
    if checksum(&kind.prefix(), payload) != sum {
        return Err(TeamError::Damaged(kind));
    }
    Ok(payload.to_vec())
}

/// Appends the parts of a payload.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.extend_from_slice(bytes);
        self
    }

    pub fn u8(&mut self, n: u8) -> &mut Self {
        self.0.push(n);
        self
    }

    pub fn u16(&mut self, n: u16) -> &mut Self {
        self.bytes(&n.to_be_bytes())
    }

    /// A u8 length and the UTF-8 (callers keep texts under 256 bytes).
    pub fn text(&mut self, text: &str) -> &mut Self {
        let bytes = &text.as_bytes()[..text.len().min(255)];
        self.u8(bytes.len() as u8).bytes(bytes)
    }
}

/// Reads the parts of a payload; anything short or left over is
/// [`TeamError::Malformed`].
pub struct Reader<'a> {
    rest: &'a [u8],
    kind: CodeKind,
}

impl<'a> Reader<'a> {
    pub fn new(kind: CodeKind, payload: &'a [u8]) -> Self {
        Self {
            rest: payload,
            kind,
        }
    }

    /// The error for content that breaks the format.
    pub fn malformed(&self) -> TeamError {
        TeamError::Malformed(self.kind)
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], TeamError> {
        if self.rest.len() < n {
            return Err(self.malformed());
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], TeamError> {
        let mut out = [0; N];
        out.copy_from_slice(self.bytes(N)?);
        Ok(out)
    }

    pub fn u8(&mut self) -> Result<u8, TeamError> {
        Ok(self.bytes(1)?[0])
    }

    pub fn u16(&mut self) -> Result<u16, TeamError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub fn u32_le(&mut self) -> Result<u32, TeamError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub fn text(&mut self) -> Result<&'a str, TeamError> {
        let n = self.u8()? as usize;
        std::str::from_utf8(self.bytes(n)?).map_err(|_| self.malformed())
    }

    /// A name, which must be as [`super::clean_name`] keeps it.
    pub fn name(&mut self) -> Result<String, TeamError> {
        let text = self.text()?;
        match super::clean_name(text) {
            Ok(clean) if clean == text => Ok(clean),
            _ => Err(self.malformed()),
        }
    }

    /// Refuses bytes left over.
    pub fn finish(self) -> Result<(), TeamError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.malformed())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_and_says_what_is_wrong() {
        let code = encode(CodeKind::Join, b"hello");
        assert!(code.starts_with("fairtime-join-1:"));
        assert_eq!(decode(CodeKind::Join, &code).unwrap(), b"hello");
        let wrapped = format!("  {}\n{} ", &code[..10], &code[10..]);
        assert_eq!(decode(CodeKind::Join, &wrapped).unwrap(), b"hello");
        assert_eq!(
            decode(CodeKind::Team, &code),
            Err(TeamError::WrongKind {
                expected: CodeKind::Team,
                found: CodeKind::Join
            })
        );
        let newer = code.replace("-1:", "-2:");
        assert_eq!(
            decode(CodeKind::Join, &newer),
            Err(TeamError::Newer(CodeKind::Join))
        );
        assert_eq!(
            decode(CodeKind::Join, "hello"),
            Err(TeamError::NotACode(CodeKind::Join))
        );
        let mut damaged = code.clone();
        damaged.pop();
        assert_eq!(
            decode(CodeKind::Join, &damaged),
            Err(TeamError::Damaged(CodeKind::Join))
        );
    }
}
