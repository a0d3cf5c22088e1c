//! Team insight (issue 14): a team's split of working time, added up so
//! that nobody, not even the collector, sees one member's numbers.
//!
//! Secure aggregation by pairwise masking (Bonawitz et al. 2017, without
//! dropout recovery). Each member has an X25519 key ([`mask`]) and gives a
//! join code; a coordinator forms a team code from the join codes
//! ([`roster`]); each finished week ([`week`]), every member's contribution
//! code carries minutes per team category plus masks shared pairwise with
//! every other member ([`mask`]), which cancel only in the sum of all
//! codes ([`report`]). The codes are checksummed, versioned text
//! ([`codes`]); what a member stores is in [`member`]. Randomness comes in
//! as bytes (the browser's `crypto.getRandomValues`), so all of this is
//! deterministic and tested natively.

pub mod codes;
pub mod mask;
pub mod member;
pub mod pages;
pub mod report;
pub mod roster;
pub mod week;

use std::fmt;

use crate::text;

pub use codes::CodeKind;

/// The fewest members a team may have: a sum over fewer tells too much
/// about each (k = 5).
pub const MIN_MEMBERS: usize = 5;
/// The most members a roster holds (the code stays short enough to paste).
pub const MAX_MEMBERS: usize = 100;
/// The most categories a team reports in, besides Other.
pub const MAX_CATEGORIES: usize = 12;
/// The longest name of a member, a team or a team category, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// Why a code, a team or a stored membership was refused: a sentence for
/// the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamError {
    /// No Fairtime code of any kind.
    NotACode(CodeKind),
    /// A Fairtime code of another kind than the one asked for.
    WrongKind {
        expected: CodeKind,
        found: CodeKind,
    },
    /// The right kind, with a version this Fairtime does not know.
    Newer(CodeKind),
    /// The checksum does not match: a character changed or is missing.
    Damaged(CodeKind),
    /// The checksum matches but the content breaks the format's rules.
    Malformed(CodeKind),
    /// A name (of a member, team or category) outside 1..=40 characters.
    NameLength(String),
    CategoryCount(usize),
    CategoryId(String),
    /// `other` is the implicit last category.
    CategoryOther,
    CategoryTwice(String),
    Colour(String),
    RosterSize(usize),
    /// The same public key twice in the join codes.
    MemberTwice(String),
    /// The join code at this place (1-based) in the list was refused.
    Join(usize, Box<TeamError>),
    /// The stored secret is not 32 bytes of base64url.
    Secret,
    Week(String),
    WeekBeforeFirst {
        week: String,
        first: String,
    },
    /// A member's public key gives an all-zero shared secret.
    WeakKey(String),
    /// This browser's key is not on the team's roster.
    NotOnRoster,
    /// The stored membership cannot be read.
    State(String),
    StateVersion(u64),
    /// A mapping names a team category the team does not have.
    MappingTarget(String),
    /// Seconds that are no whole number of seconds (from JavaScript).
    Seconds(String),
    /// Random bytes of the wrong length: how many are needed.
    Random(usize),
    /// A date that is not `YYYY-MM-DD`.
    Date(String),
}

impl fmt::Display for TeamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TeamError::*;
        match self {
            NotACode(kind) => text::write(f, "coreTeamNotACode", &[kind]),
            WrongKind { expected, found } => {
                text::write(f, "coreTeamWrongKind", &[found, expected])
            }
            Newer(kind) => text::write(f, "coreTeamCodeNewer", &[kind]),
            Damaged(kind) => text::write(f, "coreTeamCodeDamaged", &[kind]),
            Malformed(kind) => text::write(f, "coreTeamCodeMalformed", &[kind]),
            NameLength(name) => text::write(f, "coreTeamNameLength", &[&MAX_NAME_CHARS, name]),
            CategoryCount(n) => text::write(f, "coreTeamCategoryCount", &[&MAX_CATEGORIES, n]),
            CategoryId(id) => text::write(f, "coreTeamCategoryId", &[id]),
            CategoryOther => text::write(f, "coreTeamCategoryOther", &[]),
            CategoryTwice(id) => text::write(f, "coreTeamCategoryTwice", &[id]),
            Colour(text) => text::write(f, "coreTeamColour", &[text]),
            RosterSize(n) => text::write(f, "coreTeamRosterSize", &[&MIN_MEMBERS, &MAX_MEMBERS, n]),
            MemberTwice(name) => text::write(f, "coreTeamMemberTwice", &[name]),
            Join(place, why) => text::write(f, "coreTeamJoinPlace", &[place, why]),
            Secret => text::write(f, "coreTeamSecret", &[]),
            Week(text) => text::write(f, "coreTeamWeek", &[text]),
            WeekBeforeFirst { week, first } => {
                text::write(f, "coreTeamWeekBeforeFirst", &[week, first])
            }
            WeakKey(name) => text::write(f, "coreTeamWeakKey", &[name]),
            NotOnRoster => text::write(f, "coreTeamNotOnRoster", &[]),
            State(why) => text::write(f, "coreTeamState", &[why]),
            StateVersion(v) => text::write(f, "coreTeamStateVersion", &[v]),
            MappingTarget(id) => text::write(f, "coreTeamMappingTarget", &[id]),
            Seconds(what) => text::write(f, "coreTeamSeconds", &[what]),
            Random(n) => text::write(f, "coreTeamRandom", &[n]),
            Date(text) => text::write(f, "coreTeamDate", &[text]),
        }
    }
}

impl std::error::Error for TeamError {}

/// `name` as it is kept: control characters and runs of white space become
/// one space, the ends are trimmed; refused unless 1..=40 characters remain.
pub fn clean_name(name: &str) -> Result<String, TeamError> {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_control() || c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    let chars = out.chars().count();
    if (1..=MAX_NAME_CHARS).contains(&chars) {
        Ok(out)
    } else {
        Err(TeamError::NameLength(name.chars().take(60).collect()))
    }
}

/// Lowercase hexadecimal digits of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_limited() {
        assert_eq!(
            clean_name("  Ada \n\t Lovelace\u{7} ").unwrap(),
            "Ada Lovelace"
        );
        assert_eq!(clean_name(&"é".repeat(40)).unwrap().chars().count(), 40);
        assert!(clean_name(&"é".repeat(41)).is_err());
        assert!(clean_name(" \u{0} \n").is_err());
        assert_eq!(hex(&[0, 0xab, 0x7f]), "00ab7f");
    }
}
