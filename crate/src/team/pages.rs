//! What the team pages ask for, one function per export of the team's
//! .wasm (`crate::wasm_team` only converts values): codes and stored
//! values in, the plain values the pages show out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::mask;
use super::member::{Membership, PlainRow, StateView, Stored, WeekView};
use super::report::{self, ReportView};
use super::roster::{
    self, CategoryView, Member, MemberView, NewTeam, Team, TeamCategory, TeamView,
};
use super::week::Week;
use super::{clean_name, TeamError};

/// A new secret (stored as `team:key`) from 32 random bytes.
pub fn new_secret(random: &[u8]) -> Result<String, TeamError> {
    let random: [u8; 32] = random.try_into().map_err(|_| TeamError::Random(32))?;
    Ok(mask::secret_text(&mask::secret_from_random(random)))
}

/// The join code of the secret's owner, under `name`.
pub fn join_code(secret: &str, name: &str) -> Result<String, TeamError> {
    let secret = mask::read_secret(secret)?;
    Ok(Member {
        key: mask::public_key(&secret),
        name: clean_name(name)?,
    }
    .join_code())
}

pub fn read_join(text: &str) -> Result<MemberView, TeamError> {
    let member = Member::read_join(text)?;
    Ok(MemberView {
        fingerprint: member.fingerprint(),
        name: member.name,
    })
}

pub fn default_categories() -> Vec<CategoryView> {
    roster::default_categories()
}

/// A category as the coordinator's page gives it.
#[derive(Debug, Clone, Deserialize)]
pub struct CategoryInput {
    pub id: String,
    pub name: String,
    pub colour: String,
}

/// `formTeam`'s argument, but for the nonce (bytes).
#[derive(Debug, Clone, Deserialize)]
pub struct FormInput {
    pub name: String,
    pub first_week: String,
    pub categories: Vec<CategoryInput>,
    pub joins: Vec<String>,
}

/// The team code of a new team.
pub fn form_team(input: &FormInput, nonce: &[u8]) -> Result<String, TeamError> {
    let nonce: [u8; 16] = nonce.try_into().map_err(|_| TeamError::Random(16))?;
    let categories = input
        .categories
        .iter()
        .map(|c| TeamCategory::new(&c.id, &c.name, &c.colour))
        .collect::<Result<Vec<_>, _>>()?;
    let joins: Vec<&str> = input.joins.iter().map(String::as_str).collect();
    let team = Team::form(NewTeam {
        name: &input.name,
        first_week: Week::parse(&input.first_week)?,
        categories,
        joins: &joins,
        nonce,
    })?;
    Ok(team.code())
}

/// The team of a code; `you` is set when `secret`'s key is on the roster.
pub fn read_team(text: &str, secret: Option<&str>) -> Result<TeamView, TeamError> {
    let team = Team::read(text)?;
    let key = match secret {
        Some(secret) => Some(mask::public_key(&mask::read_secret(secret)?)),
        None => None,
    };
    Ok(team.view(key.as_ref()))
}

/// A member category as the page lists it for the mapping.
#[derive(Debug, Clone, Deserialize)]
pub struct CategoryName {
    pub id: String,
    pub name: String,
}

pub fn default_mapping(
    team_text: &str,
    mine: &[CategoryName],
) -> Result<BTreeMap<String, String>, TeamError> {
    let team = Team::read(team_text)?;
    let mine: Vec<(String, String)> = mine
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    Ok(super::member::default_mapping(&team, &mine))
}

pub fn read_state(stored: &Stored) -> Result<StateView, TeamError> {
    Ok(Membership::read(stored)?.view())
}

pub fn new_state(team_text: &str, mapping: BTreeMap<String, String>) -> Result<Stored, TeamError> {
    Membership::new_state(team_text, mapping)
}

/// `YYYY-MM-DD`.
fn date(text: &str) -> Result<chrono::NaiveDate, TeamError> {
    crate::time::parse_date(text.trim())
        .ok_or_else(|| TeamError::Date(text.chars().take(40).collect()))
}

pub fn weeks(
    stored: &Stored,
    secret: &str,
    today: &str,
    retention_days: u32,
) -> Result<Vec<WeekView>, TeamError> {
    let membership = Membership::read(stored)?;
    let secret = mask::read_secret(secret)?;
    Ok(membership
        .weeks(&secret, date(today)?, retention_days)?
        .into_iter()
        .map(|(w, given)| WeekView::of(w, given))
        .collect())
}

/// A member category's time that week.
#[derive(Debug, Clone, Deserialize)]
pub struct Seconds {
    pub id: String,
    pub seconds: u64,
}

fn pairs(seconds: &[Seconds]) -> Vec<(String, u64)> {
    seconds.iter().map(|s| (s.id.clone(), s.seconds)).collect()
}

pub fn plain(stored: &Stored, week: &str, seconds: &[Seconds]) -> Result<Vec<PlainRow>, TeamError> {
    let membership = Membership::read(stored)?;
    Week::parse(week)?;
    Ok(membership.plain_rows(&pairs(seconds)))
}

/// `contribute`'s answer.
#[derive(Debug, Clone, Serialize)]
pub struct Contributed {
    pub code: String,
    pub value: Stored,
    pub again: bool,
}

pub fn contribute(
    stored: &Stored,
    secret: &str,
    week: &str,
    seconds: &[Seconds],
) -> Result<Contributed, TeamError> {
    let mut membership = Membership::read(stored)?;
    let secret = mask::read_secret(secret)?;
    let (code, again) = membership.contribute(&secret, Week::parse(week)?, &pairs(seconds))?;
    Ok(Contributed {
        code,
        value: if again {
            stored.clone()
        } else {
            membership.stored()
        },
        again,
    })
}

pub fn team_report(team_text: &str, codes: &[String]) -> Result<ReportView, TeamError> {
    let team = Team::read(team_text)?;
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    Ok(report::report(&team, &codes))
}
