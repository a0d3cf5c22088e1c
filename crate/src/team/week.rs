//! ISO weeks (Monday to Sunday, the member's local calendar), written
//! `2026-W48`; which weeks a contribution can be made for; and the
//! rounding of seconds to the minutes that are shared.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::TeamError;

/// One ISO week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    year: u16,
    week: u8,
}

impl Week {
    /// The week `week` of ISO year `year`, if it exists (1..=52, or 53 in
    /// the years that have it).
    pub fn new(year: u16, week: u8) -> Option<Self> {
        NaiveDate::from_isoywd_opt(i32::from(year), u32::from(week), Weekday::Mon)?;
        Some(Self { year, week })
    }

    /// The week `date` is in.
    pub fn of(date: NaiveDate) -> Self {
        let iso = date.iso_week();
        Self {
            year: iso.year().clamp(0, i32::from(u16::MAX)) as u16,
            week: iso.week() as u8,
        }
    }

    /// Reads `2026-W48` (white space around it is ignored).
    pub fn parse(text: &str) -> Result<Self, TeamError> {
        let refuse = || TeamError::Week(text.chars().take(40).collect());
        let trimmed = text.trim();
        let (year, week) = trimmed.split_once("-W").ok_or_else(refuse)?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(week, 2) {
            return Err(refuse());
        }
        let (year, week) = (
            year.parse().map_err(|_| refuse())?,
            week.parse().map_err(|_| refuse())?,
        );
        Self::new(year, week).ok_or_else(refuse)
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn number(self) -> u8 {
        self.week
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(i32::from(self.year), u32::from(self.week), Weekday::Mon)
            .unwrap_or(NaiveDate::MIN)
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday()
            .checked_add_days(Days::new(6))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The week before.
    pub fn previous(self) -> Self {
        self.monday()
            .checked_sub_days(Days::new(7))
            .map_or(self, Self::of)
    }

    /// Finished once `today` is after its Sunday.
    pub fn finished(self, today: NaiveDate) -> bool {
        today > self.sunday()
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

/// The weeks a contribution can be made for on `today`, newest first: from
/// the team's `first` week to the last finished one, whose Monday is still
/// kept under `retention_days` (0 keeps everything; otherwise days from
/// `today - (retention_days - 1)` on are kept).
pub fn offered(first: Week, today: NaiveDate, retention_days: u32) -> Vec<Week> {
    let kept_from = match retention_days {
        0 => NaiveDate::MIN,
        days => today
            .checked_sub_days(Days::new(u64::from(days) - 1))
            .unwrap_or(NaiveDate::MIN),
    };
    let mut out = Vec::new();
    let mut week = Week::of(today).previous();
    while week >= first && week.monday() >= kept_from && week.finished(today) {
        out.push(week);
        let before = week.previous();
        if before == week {
            break;
        }
        week = before;
    }
    out
}

/// Seconds as the minutes a team sees: the nearest multiple of 15, half
/// rounding up (7 min 30 s is 15 minutes).
pub fn round_minutes(seconds: u64) -> u32 {
    let minutes = (seconds.saturating_add(450) / 900).saturating_mul(15);
    minutes.min(u64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_read_and_write() {
        let w = Week::parse("2026-W48").unwrap();
        assert_eq!(w.to_string(), "2026-W48");
        assert_eq!(w.monday(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert!(Week::parse("2026-W54").is_err());
        assert!(Week::parse("2026-48").is_err());
    }
}
