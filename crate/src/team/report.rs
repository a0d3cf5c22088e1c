//! Contribution codes and the team report: collecting one week's codes,
//! refusing those that cannot count (damaged, another team, another week,
//! not on the roster, a member's second code, the same code twice), and
//! the unmasked sum once every member's code is in. Until then nothing
//! but how many are missing; a roster under 5 is refused when the team
//! code is read.

use serde::Serialize;

use super::codes::{self, CodeKind, Reader, Writer};
use super::mask::{self, Key};
use super::roster::{CategoryView, Team, TeamView};
use super::week::Week;
use super::TeamError;
use crate::text;

/// One member's masked minutes for one week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub team_id: [u8; 16],
    pub week: Week,
    pub key: Key,
    pub values: Vec<u32>,
}

impl Contribution {
    pub fn code(&self) -> String {
        let mut w = Writer::default();
        w.bytes(&self.team_id)
            .u16(self.week.year())
            .u8(self.week.number())
            .bytes(&self.key)
            .u8(self.values.len() as u8);
        for v in &self.values {
            w.bytes(&v.to_le_bytes());
        }
        codes::encode(CodeKind::Week, &w.0)
    }

    pub fn read(text: &str) -> Result<Self, TeamError> {
        let payload = codes::decode(CodeKind::Week, text)?;
        let mut r = Reader::new(CodeKind::Week, &payload);
        let team_id = r.array()?;
        let (year, week) = (r.u16()?, r.u8()?);
        let week = Week::new(year, week).ok_or(r.malformed())?;
        let key = r.array()?;
        let n = r.u8()? as usize;
        if !(2..=super::MAX_CATEGORIES + 1).contains(&n) {
            return Err(r.malformed());
        }
        let values = (0..n).map(|_| r.u32_le()).collect::<Result<_, _>>()?;
        r.finish()?;
        Ok(Self {
            team_id,
            week,
            key,
            values,
        })
    }
}

/// Why a pasted code does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not readable as a contribution code (the reason says why).
    Unreadable(TeamError),
    OtherTeam,
    /// For `week`, while the report is of `of`.
    OtherWeek {
        week: Week,
        of: Week,
    },
    BeforeFirst {
        week: Week,
        first: Week,
    },
    NotOnRoster,
    /// A second, different code from this member.
    SameMember(String),
    /// Exactly a code already in.
    PastedTwice,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Unreadable(e) => e.fmt(f),
            Refusal::OtherTeam => text::write(f, "coreTeamRefusedOtherTeam", &[]),
            Refusal::OtherWeek { week, of } => {
                text::write(f, "coreTeamRefusedOtherWeek", &[week, of])
            }
            Refusal::BeforeFirst { week, first } => {
                text::write(f, "coreTeamRefusedBeforeFirst", &[week, first])
            }
            Refusal::NotOnRoster => text::write(f, "coreTeamRefusedStranger", &[]),
            Refusal::SameMember(name) => text::write(f, "coreTeamRefusedSameMember", &[name]),
            Refusal::PastedTwice => text::write(f, "coreTeamRefusedPastedTwice", &[]),
        }
    }
}

/// What the collected codes give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected {
    /// The week of the first code that counts.
    pub week: Option<Week>,
    /// The roster places whose code is in.
    pub received: Vec<usize>,
    /// Place in the pasted list, and why it does not count.
    pub refused: Vec<(usize, Refusal)>,
    /// Minutes per team category (Other last), only once every member's
    /// code is in.
    pub totals: Option<Vec<u32>>,
}

/// Collects `codes` (blank entries are skipped) for `team`.
pub fn collect(team: &Team, pasted: &[&str]) -> Collected {
    let mut week: Option<Week> = None;
    let mut accepted: Vec<(usize, String, Vec<u32>)> = Vec::new();
    let mut refused = Vec::new();
    for (index, text) in pasted.iter().enumerate() {
        let normal = codes::normalize(text);
        if normal.is_empty() {
            continue;
        }
        let refusal = match Contribution::read(&normal) {
            Err(e) => Err(Refusal::Unreadable(e)),
            Ok(c) if c.team_id != *team.id() => Err(Refusal::OtherTeam),
            Ok(c) if c.values.len() != team.width() => {
                Err(Refusal::Unreadable(TeamError::Malformed(CodeKind::Week)))
            }
            Ok(c) => match team.place(&c.key) {
                None => Err(Refusal::NotOnRoster),
                Some(_) if c.week < team.first_week => Err(Refusal::BeforeFirst {
                    week: c.week,
                    first: team.first_week,
                }),
                Some(_) if accepted.iter().any(|(_, t, _)| *t == normal) => {
                    Err(Refusal::PastedTwice)
                }
                Some(_) if week.is_some_and(|w| w != c.week) => Err(Refusal::OtherWeek {
                    week: c.week,
                    of: week.unwrap_or(c.week),
                }),
                Some(place) if accepted.iter().any(|(p, _, _)| *p == place) => {
                    Err(Refusal::SameMember(team.roster[place].name.clone()))
                }
                Some(place) => Ok((place, c)),
            },
        };
        match refusal {
            Ok((place, c)) => {
                week = Some(c.week);
                accepted.push((place, normal, c.values));
            }
            Err(why) => refused.push((index, why)),
        }
    }
    let mut received: Vec<usize> = accepted.iter().map(|(p, _, _)| *p).collect();
    received.sort_unstable();
    let totals = (received.len() == team.roster.len()).then(|| {
        let values: Vec<Vec<u32>> = accepted.into_iter().map(|(_, _, v)| v).collect();
        mask::sum(&values, team.width())
    });
    Collected {
        week,
        received,
        refused,
        totals,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RefusalView {
    pub index: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryResult {
    pub id: String,
    pub name: String,
    pub colour: String,
    pub total_minutes: u32,
    pub mean_minutes: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultView {
    pub week: String,
    pub members: usize,
    pub total_minutes: u64,
    pub mean_minutes: f64,
    pub categories: Vec<CategoryResult>,
}

/// `teamReport`'s answer.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub team: TeamView,
    pub week: Option<String>,
    pub members: usize,
    pub received: usize,
    pub missing: usize,
    pub refused: Vec<RefusalView>,
    pub result: Option<ResultView>,
}

/// The report of `pasted` codes for `team`, as the page shows it.
pub fn report(team: &Team, pasted: &[&str]) -> ReportView {
    let collected = collect(team, pasted);
    let members = team.roster.len();
    let result = match (&collected.totals, collected.week) {
        (Some(totals), Some(week)) => {
            let n = members as f64;
            let categories = team
                .all_categories()
                .iter()
                .zip(totals)
                .map(|(c, &total)| {
                    let CategoryView { id, name, colour } = CategoryView::of(c);
                    CategoryResult {
                        id,
                        name,
                        colour,
                        total_minutes: total,
                        mean_minutes: f64::from(total) / n,
                    }
                })
                .collect();
            let total: u64 = totals.iter().map(|&t| u64::from(t)).sum();
            Some(ResultView {
                week: week.to_string(),
                members,
                total_minutes: total,
                mean_minutes: total as f64 / n,
                categories,
            })
        }
        _ => None,
    };
    ReportView {
        team: team.view(None),
        week: collected.week.map(|w| w.to_string()),
        members,
        received: collected.received.len(),
        missing: members - collected.received.len(),
        refused: collected
            .refused
            .iter()
            .map(|(index, why)| RefusalView {
                index: *index,
                reason: why.to_string(),
            })
            .collect(),
        result,
    }
}
