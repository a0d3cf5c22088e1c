//! Join codes and the team code: who is on a team, what it is called,
//! from which week it counts, and the categories it reports in.
//!
//! A join code holds a public key and a display name. A team code holds a
//! 16-byte nonce, the team's name, its first week, its categories (1 to
//! 12; an "Other" category, id `other`, always follows them and is not
//! stored) and its roster (5 to 100 distinct keys with names, in the order
//! the join codes were given). The team id is the first 16 bytes of
//! SHA-256(`fairtime team id 1` ++ the team payload), so it binds
//! everything in the code.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::codes::{self, CodeKind, Reader, Writer};
use super::mask::{self, Key};
use super::week::Week;
use super::{clean_name, TeamError, MAX_CATEGORIES, MAX_MEMBERS, MIN_MEMBERS};
use crate::category::{CategoryId, Colour, MAX_ID_LEN};
use crate::text;

/// The id of the category every team ends with.
pub const OTHER_ID: &str = "other";
const OTHER_COLOUR: Colour = Colour([0x9e, 0x9e, 0x9e]);
const TEAM_ID_INFO: &[u8] = b"fairtime team id 1";

/// A member: a public key and the name they chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub key: Key,
    pub name: String,
}

impl Member {
    /// The join code text.
    pub fn join_code(&self) -> String {
        let mut w = Writer::default();
        w.bytes(&self.key).text(&self.name);
        codes::encode(CodeKind::Join, &w.0)
    }

    /// Reads a join code.
    pub fn read_join(text: &str) -> Result<Self, TeamError> {
        let payload = codes::decode(CodeKind::Join, text)?;
        let mut r = Reader::new(CodeKind::Join, &payload);
        let member = Self::read(&mut r)?;
        r.finish()?;
        Ok(member)
    }

    fn read(r: &mut Reader) -> Result<Self, TeamError> {
        let (key, name) = (r.array()?, r.name()?);
        if !mask::usable(&key) {
            return Err(TeamError::WeakKey(name));
        }
        Ok(Self { key, name })
    }

    pub fn fingerprint(&self) -> String {
        mask::fingerprint(&self.key)
    }
}

/// A category a team reports in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamCategory {
    pub id: CategoryId,
    pub name: String,
    pub colour: Colour,
}

impl TeamCategory {
    /// Checks a category given for a new team (its name is cleaned).
    pub fn new(id: &str, name: &str, colour: &str) -> Result<Self, TeamError> {
        let id = CategoryId::parse(id.trim())
            .map_err(|_| TeamError::CategoryId(id.chars().take(40).collect()))?;
        if id.as_str() == OTHER_ID {
            return Err(TeamError::CategoryOther);
        }
        Ok(Self {
            id,
            name: clean_name(name)?,
            colour: Colour::parse(colour)
                .map_err(|_| TeamError::Colour(colour.chars().take(20).collect()))?,
        })
    }

    /// The implicit last category, named in the person's language.
    pub fn other() -> Self {
        Self {
            id: CategoryId::parse(OTHER_ID).expect("a valid id"),
            name: text::say("coreTeamOther", &[]),
            colour: OTHER_COLOUR,
        }
    }
}

/// A team, as its code holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub nonce: [u8; 16],
    pub name: String,
    pub first_week: Week,
    /// The stored categories, without Other.
    pub categories: Vec<TeamCategory>,
    pub roster: Vec<Member>,
    id: [u8; 16],
    payload: Vec<u8>,
}

/// What a coordinator gives to form a team.
pub struct NewTeam<'a> {
    pub name: &'a str,
    pub first_week: Week,
    pub categories: Vec<TeamCategory>,
    pub joins: &'a [&'a str],
    pub nonce: [u8; 16],
}

impl Team {
    /// Forms a team, checking everything its code will be checked for.
    pub fn form(new: NewTeam) -> Result<Self, TeamError> {
        let mut roster: Vec<Member> = Vec::with_capacity(new.joins.len());
        for (i, text) in new.joins.iter().enumerate() {
            let member =
                Member::read_join(text).map_err(|e| TeamError::Join(i + 1, Box::new(e)))?;
            if roster.iter().any(|m| m.key == member.key) {
                return Err(TeamError::MemberTwice(member.name));
            }
            roster.push(member);
        }
        let mut w = Writer::default();
        w.bytes(&new.nonce)
            .text(&clean_name(new.name)?)
            .u16(new.first_week.year())
            .u8(new.first_week.number());
        let n = new.categories.len();
        if !(1..=MAX_CATEGORIES).contains(&n) {
            return Err(TeamError::CategoryCount(n));
        }
        w.u8(n as u8);
        for (i, c) in new.categories.iter().enumerate() {
            if new.categories[..i].iter().any(|d| d.id == c.id) {
                return Err(TeamError::CategoryTwice(c.id.to_string()));
            }
            w.text(c.id.as_str()).text(&c.name).bytes(&c.colour.0);
        }
        if !(MIN_MEMBERS..=MAX_MEMBERS).contains(&roster.len()) {
            return Err(TeamError::RosterSize(roster.len()));
        }
        w.u8(roster.len() as u8);
        for m in &roster {
            w.bytes(&m.key).text(&m.name);
        }
        Self::from_payload(w.0)
    }

    /// Reads a team code.
    pub fn read(text: &str) -> Result<Self, TeamError> {
        Self::from_payload(codes::decode(CodeKind::Team, text)?)
    }

    fn from_payload(payload: Vec<u8>) -> Result<Self, TeamError> {
        let mut r = Reader::new(CodeKind::Team, &payload);
        let nonce = r.array()?;
        let name = r.name()?;
        let (year, week) = (r.u16()?, r.u8()?);
        let first_week = Week::new(year, week).ok_or(r.malformed())?;
        let n = r.u8()? as usize;
        if !(1..=MAX_CATEGORIES).contains(&n) {
            return Err(r.malformed());
        }
        let mut categories: Vec<TeamCategory> = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.text()?;
            if id.len() > MAX_ID_LEN {
                return Err(r.malformed());
            }
            let name = r.name()?;
            let colour = Colour(r.array()?);
            let category =
                TeamCategory::new(id, &name, &colour.to_string()).map_err(|_| r.malformed())?;
            if categories.iter().any(|c| c.id == category.id) {
                return Err(r.malformed());
            }
            categories.push(category);
        }
        let n = r.u8()? as usize;
        if !(MIN_MEMBERS..=MAX_MEMBERS).contains(&n) {
            // A roster under 5 is refused with its own reason: not even
            // the report page shows anything for it.
            return Err(TeamError::RosterSize(n));
        }
        let mut roster: Vec<Member> = Vec::with_capacity(n);
        for _ in 0..n {
            let member = Member::read(&mut r)?;
            if roster.iter().any(|m| m.key == member.key) {
                return Err(r.malformed());
            }
            roster.push(member);
        }
        r.finish()?;
        let digest = Sha256::new()
            .chain_update(TEAM_ID_INFO)
            .chain_update(&payload)
            .finalize();
        let mut id = [0; 16];
        id.copy_from_slice(&digest[..16]);
        Ok(Self {
            nonce,
            name,
            first_week,
            categories,
            roster,
            id,
            payload,
        })
    }

    /// The team code text.
    pub fn code(&self) -> String {
        codes::encode(CodeKind::Team, &self.payload)
    }

    pub fn id(&self) -> &[u8; 16] {
        &self.id
    }

    /// The categories with Other last: what every code counts.
    pub fn all_categories(&self) -> Vec<TeamCategory> {
        let mut all = self.categories.clone();
        all.push(TeamCategory::other());
        all
    }

    /// How many values a contribution carries (the categories and Other).
    pub fn width(&self) -> usize {
        self.categories.len() + 1
    }

    pub fn keys(&self) -> Vec<Key> {
        self.roster.iter().map(|m| m.key).collect()
    }

    /// The roster place of `key`.
    pub fn place(&self, key: &Key) -> Option<usize> {
        self.roster.iter().position(|m| &m.key == key)
    }

    /// The team as a page shows it; `you` is the place of this browser's key.
    pub fn view(&self, you: Option<&Key>) -> TeamView {
        TeamView {
            id: super::hex(&self.id),
            name: self.name.clone(),
            first_week: self.first_week.to_string(),
            first_monday: self.first_week.monday().to_string(),
            categories: self.all_categories().iter().map(CategoryView::of).collect(),
            members: self
                .roster
                .iter()
                .map(|m| MemberView {
                    name: m.name.clone(),
                    fingerprint: m.fingerprint(),
                })
                .collect(),
            you: you.and_then(|key| self.place(key)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryView {
    pub id: String,
    pub name: String,
    pub colour: String,
}

impl CategoryView {
    pub fn of(c: &TeamCategory) -> Self {
        Self {
            id: c.id.to_string(),
            name: c.name.clone(),
            colour: c.colour.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberView {
    pub name: String,
    pub fingerprint: String,
}

/// `readTeam`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamView {
    pub id: String,
    pub name: String,
    pub first_week: String,
    pub first_monday: String,
    pub categories: Vec<CategoryView>,
    pub members: Vec<MemberView>,
    pub you: Option<usize>,
}

/// Fairtime's built-in categories, named in the person's language: what
/// a new team reports in unless its coordinator changes them.
pub fn default_categories() -> Vec<CategoryView> {
    crate::default_rules::DEFAULT_CATEGORIES
        .iter()
        .map(|&(id, key, colour, _)| CategoryView {
            id: id.to_owned(),
            name: text::say(key, &[]),
            colour: colour.to_owned(),
        })
        .collect()
}
