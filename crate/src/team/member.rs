//! What a member's browser keeps of a team (storage key `team`): the team
//! code, how the member's categories map onto the team's, and every
//! contribution code already given, so that asking again for a week gives
//! the same code and no two sums can differ by one person's numbers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use x25519_dalek::StaticSecret;

use super::codes;
use super::mask;
use super::report::Contribution;
use super::roster::{CategoryView, Team, TeamView, OTHER_ID};
use super::week::{self, Week};
use super::TeamError;
use crate::category::{CategoryId, UNCATEGORIZED_ID};

/// The storage key of the membership.
pub use crate::storage::TEAM_KEY;
/// The storage key of the member's secret.
pub use crate::storage::TEAM_SECRET_KEY;

/// The version of the stored membership.
pub const STATE_VERSION: u64 = 1;

/// The stored value, as it is in storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub v: u64,
    pub code: String,
    pub mapping: BTreeMap<String, String>,
    pub given: BTreeMap<String, String>,
}

/// A membership, read and checked.
#[derive(Debug, Clone)]
pub struct Membership {
    pub team: Team,
    /// Member category id -> team category id (`other` included).
    pub mapping: BTreeMap<String, String>,
    pub given: BTreeMap<Week, String>,
}

/// The team category a member's category `id` counts as: the mapping's
/// choice, else the team category of the same id, else Other.
fn target(team: &Team, mapping: &BTreeMap<String, String>, id: &str) -> usize {
    let other = team.categories.len();
    let place = |id: &str| team.categories.iter().position(|c| c.id.as_str() == id);
    match mapping.get(id) {
        Some(to) => place(to).unwrap_or(other),
        None if id == UNCATEGORIZED_ID => other,
        None => place(id).unwrap_or(other),
    }
}

/// The mapping offered before the member chooses: the team category of
/// the same id, else of the same name ignoring case, else Other;
/// Uncategorized always goes to Other.
pub fn default_mapping(team: &Team, mine: &[(String, String)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (id, name) in mine {
        let name = name.trim().to_lowercase();
        let to = if id == UNCATEGORIZED_ID {
            None
        } else {
            team.categories
                .iter()
                .find(|c| c.id.as_str() == id)
                .or_else(|| {
                    team.categories
                        .iter()
                        .find(|c| c.name.to_lowercase() == name)
                })
        };
        let to = to.map_or(OTHER_ID.to_owned(), |c| c.id.to_string());
        out.insert(id.clone(), to);
    }
    out
}

/// Minutes per team category (Other last), rounded to 15, from seconds per
/// member category.
pub fn plain(
    team: &Team,
    mapping: &BTreeMap<String, String>,
    seconds: &[(String, u64)],
) -> Vec<u32> {
    let mut totals = vec![0u64; team.width()];
    for (id, s) in seconds {
        let t = &mut totals[target(team, mapping, id)];
        *t = t.saturating_add(*s);
    }
    totals.into_iter().map(week::round_minutes).collect()
}

fn check_mapping(team: &Team, mapping: &BTreeMap<String, String>) -> Result<(), TeamError> {
    for (from, to) in mapping {
        CategoryId::parse(from)
            .map_err(|_| TeamError::CategoryId(from.chars().take(40).collect()))?;
        if to != OTHER_ID && !team.categories.iter().any(|c| c.id.as_str() == to) {
            return Err(TeamError::MappingTarget(to.chars().take(40).collect()));
        }
    }
    Ok(())
}

impl Membership {
    /// What the page stores when the member agrees.
    pub fn new_state(
        team_code: &str,
        mapping: BTreeMap<String, String>,
    ) -> Result<Stored, TeamError> {
        let team = Team::read(team_code)?;
        check_mapping(&team, &mapping)?;
        Ok(Stored {
            v: STATE_VERSION,
            code: team.code(),
            mapping,
            given: BTreeMap::new(),
        })
    }

    /// Reads the stored value; any fault is [`TeamError::State`] or
    /// [`TeamError::StateVersion`].
    pub fn read(stored: &Stored) -> Result<Self, TeamError> {
        if stored.v != STATE_VERSION {
            return Err(TeamError::StateVersion(stored.v));
        }
        let damaged = |e: TeamError| TeamError::State(e.to_string());
        let team = Team::read(&stored.code).map_err(damaged)?;
        check_mapping(&team, &stored.mapping).map_err(damaged)?;
        let mut given = BTreeMap::new();
        for (week, code) in &stored.given {
            let week = Week::parse(week).map_err(damaged)?;
            let c = Contribution::read(code).map_err(damaged)?;
            if c.team_id != *team.id() || c.week != week || c.values.len() != team.width() {
                return Err(TeamError::State(
                    TeamError::Malformed(codes::CodeKind::Week).to_string(),
                ));
            }
            given.insert(week, codes::normalize(code));
        }
        Ok(Self {
            team,
            mapping: stored.mapping.clone(),
            given,
        })
    }

    /// The value to store.
    pub fn stored(&self) -> Stored {
        Stored {
            v: STATE_VERSION,
            code: self.team.code(),
            mapping: self.mapping.clone(),
            given: self
                .given
                .iter()
                .map(|(w, c)| (w.to_string(), c.clone()))
                .collect(),
        }
    }

    /// The member's plain minutes for a week, in team category order.
    pub fn plain(&self, seconds: &[(String, u64)]) -> Vec<u32> {
        plain(&self.team, &self.mapping, seconds)
    }

    /// The weeks a code can be made for on `today`, and those already
    /// given, newest first.
    pub fn weeks(
        &self,
        secret: &StaticSecret,
        today: chrono::NaiveDate,
        retention_days: u32,
    ) -> Result<Vec<(Week, bool)>, TeamError> {
        self.team
            .place(&mask::public_key(secret))
            .ok_or(TeamError::NotOnRoster)?;
        let mut weeks: Vec<Week> = week::offered(self.team.first_week, today, retention_days);
        weeks.extend(self.given.keys().copied());
        weeks.sort_unstable_by(|a, b| b.cmp(a));
        weeks.dedup();
        Ok(weeks
            .into_iter()
            .map(|w| (w, self.given.contains_key(&w)))
            .collect())
    }

    /// The contribution code for `week`, and whether it was given before
    /// (then it is the same code, whatever `seconds` say). A new code is
    /// remembered in `self`.
    pub fn contribute(
        &mut self,
        secret: &StaticSecret,
        week: Week,
        seconds: &[(String, u64)],
    ) -> Result<(String, bool), TeamError> {
        if let Some(code) = self.given.get(&week) {
            return Ok((code.clone(), true));
        }
        if week < self.team.first_week {
            return Err(TeamError::WeekBeforeFirst {
                week: week.to_string(),
                first: self.team.first_week.to_string(),
            });
        }
        let key = mask::public_key(secret);
        self.team.place(&key).ok_or(TeamError::NotOnRoster)?;
        let values = mask::masked(
            &self.plain(seconds),
            secret,
            &self.team.keys(),
            self.team.id(),
            week,
        )
        .map_err(|i| TeamError::WeakKey(self.team.roster[i].name.clone()))?;
        let code = Contribution {
            team_id: *self.team.id(),
            week,
            key,
            values,
        }
        .code();
        self.given.insert(week, code.clone());
        Ok((code, false))
    }

    pub fn view(&self) -> StateView {
        let stored = self.stored();
        StateView {
            team: self.team.view(None),
            mapping: stored.mapping,
            given: stored.given,
        }
    }

    /// The plain numbers as the page lists them.
    pub fn plain_rows(&self, seconds: &[(String, u64)]) -> Vec<PlainRow> {
        self.team
            .all_categories()
            .iter()
            .zip(self.plain(seconds))
            .map(|(c, minutes)| {
                let CategoryView { id, name, colour } = CategoryView::of(c);
                PlainRow {
                    id,
                    name,
                    colour,
                    minutes,
                }
            })
            .collect()
    }
}

/// `readState`'s answer.
#[derive(Debug, Clone, Serialize)]
pub struct StateView {
    pub team: TeamView,
    pub mapping: BTreeMap<String, String>,
    pub given: BTreeMap<String, String>,
}

/// One line of the plain numbers.
#[derive(Debug, Clone, Serialize)]
pub struct PlainRow {
    pub id: String,
    pub name: String,
    pub colour: String,
    pub minutes: u32,
}

/// One line of the weeks list.
#[derive(Debug, Clone, Serialize)]
pub struct WeekView {
    pub week: String,
    pub first: String,
    pub last: String,
    pub given: bool,
}

impl WeekView {
    pub fn of(week: Week, given: bool) -> Self {
        Self {
            week: week.to_string(),
            first: week.monday().to_string(),
            last: week.sunday().to_string(),
            given,
        }
    }
}
