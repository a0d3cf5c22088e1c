//! Reports: what was counted over a week, a month or days the person picks,
//! beside what the schedule asked for, for the options page.
//!
//! A report must not mislead:
//! - Counting began on the *first counted day*: the oldest stored day or the
//!   local day of consent, whichever is earlier. Days before it are not
//!   `counting` (the page says "Fairtime was not counting yet") and have no
//!   scheduled time; with neither consent nor stored days, no day counts.
//! - Days wholly inside a time when consent was withdrawn are not counting
//!   either, and say so (`withdrawn`): the data log's "consent withdrawn"
//!   and "consent given" entries bound those times, and while consent is
//!   withdrawn now, every day after the withdrawal is one. The day of a
//!   withdrawal or of consent given again counts (part of it was counted).
//! - Only the current schedule is stored, with the instant since which it
//!   holds ([`Settings::schedule_since`], written when the schedule changes
//!   and at consent). A day has a scheduled figure from that instant's local
//!   day on (the day of a change takes the new schedule), and a report a
//!   scheduled total only when every counting day in it has one. Settings
//!   stored before Fairtime kept that instant leave earlier days without one
//!   rather than guess. A history of schedules would say more, at the cost
//!   of a stored list that grows; one instant is the smallest sound choice.
//! - Nothing earlier is offered than the oldest kept and counted week or
//!   month.
//!
//! Months and ranges are sums only: per category and, unless category-only
//! mode, per site; never per hour or in the order of use. A range the person
//! types is checked here ([`RangeError`]), and its CSV written here.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, Days, NaiveDate, TimeZone};
use serde::Serialize;

use crate::datalog::Kind;
use crate::exchange::{csv_field, days as day_count};
use crate::schedule::ScheduleIn;
use crate::settings::Settings;
use crate::text;
use crate::time::{format_date, parse_date, Calendar, Millis};
use crate::tracker::{rank_domains, seconds, CategoryShare, DomainShare, Tracker, TrackerError};

/// Days side by side, for the weekly report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportView {
    pub days: Vec<ReportDay>,
    /// Totals over all the days, most first.
    pub categories: Vec<CategoryShare>,
    pub tracked_seconds: u64,
    /// What the schedule asked for on the counting days; none when that is
    /// not known for one of them, or no day is counting.
    pub scheduled_seconds: Option<u64>,
    /// Whether Fairtime was counting on any of the days.
    pub counting: bool,
    /// Whether any of the days fell wholly inside a time of withdrawn consent.
    pub withdrawn: bool,
    /// Whether an earlier report can hold anything: days before the first
    /// are kept (retention) and counted.
    pub earlier: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportDay {
    #[serde(serialize_with = "crate::time::serialize_date")]
    pub date: NaiveDate,
    /// False before the first counted day and while consent was withdrawn.
    pub counting: bool,
    /// True when the day fell wholly inside a time of withdrawn consent.
    pub withdrawn: bool,
    pub tracked_seconds: u64,
    /// None before the first counted day or before the schedule is known.
    pub scheduled_seconds: Option<u64>,
    /// Seconds per category id; categories with no time are absent.
    pub categories: BTreeMap<String, u64>,
}

/// Sums over a month or a range of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodView {
    /// The first and last day, `YYYY-MM-DD`.
    pub first: String,
    pub last: String,
    /// Whether Fairtime was counting on any of the days.
    pub counting: bool,
    /// Whether any of the days fell wholly inside a time of withdrawn consent.
    pub withdrawn: bool,
    /// The first counted day, when it falls inside the period after its
    /// first day.
    pub counting_from: Option<String>,
    /// The oldest day kept, when it falls inside the period after its first
    /// day: the days before it were deleted (retention).
    pub kept_from: Option<String>,
    pub tracked_seconds: u64,
    /// As in [`ReportView::scheduled_seconds`].
    pub scheduled_seconds: Option<u64>,
    /// Totals per category, most first.
    pub categories: Vec<CategoryShare>,
    /// Totals per site and category, most first; none in category-only mode.
    pub sites: Option<Vec<DomainShare>>,
    /// Whether an earlier month can hold anything.
    pub earlier: bool,
}

/// A file to save: its name and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CsvFile {
    pub filename: String,
    pub text: String,
}

/// Why a range of days was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    /// The first or the last day is not given.
    Missing,
    NotADate(String),
    /// The last day is before the first.
    Backwards {
        first: NaiveDate,
        last: NaiveDate,
    },
    /// More days than are kept.
    TooLong {
        days: u64,
        kept: u32,
    },
    /// It begins before the oldest day kept.
    BeforeKept {
        kept: u32,
        oldest: NaiveDate,
    },
    /// Not every stored day is loaded yet.
    HistoryNotLoaded,
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => text::write(f, "coreRangeMissing", &[]),
            Self::HistoryNotLoaded => text::write(f, "coreHistoryNotLoaded", &[]),
            Self::NotADate(t) => text::write(f, "coreRangeNotADate", &[t]),
            Self::Backwards { first, last } => text::write(
                f,
                "coreRangeBackwards",
                &[&format_date(first), &format_date(last)],
            ),
            Self::TooLong { days, kept } => {
                let days = u32::try_from(*days).unwrap_or(u32::MAX);
                text::write(
                    f,
                    "coreRangeTooLong",
                    &[&day_count(days), &day_count(*kept)],
                )
            }
            Self::BeforeKept { kept, oldest } => text::write(
                f,
                "coreRangeBeforeKept",
                &[&day_count(*kept), &format_date(oldest)],
            ),
        }
    }
}

impl std::error::Error for RangeError {}

/// The first counted day: the oldest stored day or the day of consent
/// (the first the data log holds, withdrawn since or not), whichever is
/// earlier.
pub fn first_counted_day(tracker: &Tracker, calendar: &impl Calendar) -> Option<NaiveDate> {
    let own = tracker.ledger().days(..).next().map(|(d, _)| d);
    let peers = tracker.sync.peers.sum().days(..).next().map(|(d, _)| d);
    let oldest = match (own, peers) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    // Consent given now, or earlier (as the data log says) and withdrawn.
    let logged = tracker
        .data_log()
        .entries()
        .iter()
        .find(|e| e.kind == Kind::ConsentGiven)
        .map(|e| e.at);
    let consent = match (tracker.settings().consent(), logged) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
    .map(|at| calendar.local_day(at).0);
    match (oldest, consent) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The times of withdrawn consent, as the days between a withdrawal's day
/// and the day consent was given again (both not included; `None`: not
/// given again). Read from the data log; while consent is withdrawn and the
/// log no longer holds the withdrawal, from the newest stored day.
pub fn withdrawn_days(
    tracker: &Tracker,
    calendar: &impl Calendar,
) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let mut spans = Vec::new();
    let mut open = None;
    for entry in tracker.data_log().entries() {
        match entry.kind {
            Kind::ConsentWithdrawn if open.is_none() => {
                open = Some(calendar.local_day(entry.at).0);
            }
            Kind::ConsentGiven => {
                if let Some(from) = open.take() {
                    spans.push((from, Some(calendar.local_day(entry.at).0)));
                }
            }
            _ => {}
        }
    }
    match tracker.settings().consent() {
        // Given again without a log entry (an imported consent): from then on.
        Some(at) => {
            if let Some(from) = open {
                spans.push((from, Some(calendar.local_day(at).0)));
            }
        }
        None => {
            let newest = || tracker.ledger().days(..).last().map(|(d, _)| d);
            if let Some(from) = open.or_else(newest) {
                spans.push((from, None));
            }
        }
    }
    spans
}

/// The day from which the current schedule is known to hold.
pub fn schedule_known_from(settings: &Settings, calendar: &impl Calendar) -> Option<NaiveDate> {
    settings.schedule_since().map(|at| calendar.local_day(at).0)
}

/// What every report of one moment needs.
struct Basis<'a, Tz: TimeZone> {
    tracker: &'a Tracker,
    calendar: ScheduleIn<'a, Tz>,
    at: Millis,
    today: NaiveDate,
    first_counted: Option<NaiveDate>,
    withdrawn: Vec<(NaiveDate, Option<NaiveDate>)>,
    schedule_from: Option<NaiveDate>,
    oldest_kept: NaiveDate,
}

/// Sums of days: time per category and per site, and the schedule.
#[derive(Default)]
struct Sums {
    /// The sum of the days' whole seconds, as a week's table adds them up.
    tracked: u64,
    /// The exact sum, for a period's total.
    tracked_ms: Millis,
    scheduled: Option<u64>,
    /// Whether a counting day had no known schedule.
    unknown_schedule: bool,
    counting: bool,
    withdrawn: bool,
    categories: BTreeMap<String, Millis>,
    /// Time per site and category, sorted by both, in milliseconds until
    /// [`Basis::period`] makes them seconds: a sorted list rather than
    /// another map type, which costs kilobytes of wasm.
    sites: Vec<DomainShare>,
}

impl Sums {
    fn scheduled(&self) -> Option<u64> {
        if self.unknown_schedule {
            None
        } else {
            self.scheduled
        }
    }
}

impl<'a, Tz: TimeZone> Basis<'a, Tz> {
    fn new(tracker: &'a Tracker, at: Millis, tz: Tz) -> Self {
        let calendar = tracker.settings().schedule().in_zone(tz);
        let today = calendar.local_day(at).0;
        let kept = u64::from(tracker.settings().retention_days().saturating_sub(1));
        let oldest_kept = today
            .checked_sub_days(Days::new(kept))
            .unwrap_or(NaiveDate::MIN);
        Self {
            first_counted: first_counted_day(tracker, &calendar),
            withdrawn: withdrawn_days(tracker, &calendar),
            schedule_from: schedule_known_from(tracker.settings(), &calendar),
            tracker,
            calendar,
            at,
            today,
            oldest_kept,
        }
    }

    /// Whether a report starting on `first` has anything before it.
    fn earlier(&self, first: NaiveDate) -> bool {
        self.first_counted
            .is_some_and(|counted| first > counted.max(self.oldest_kept))
    }

    /// One day: whether counting, its time, its scheduled seconds.
    fn day(&self, date: NaiveDate, sums: &mut Sums) -> ReportDay {
        let withdrawn = self
            .withdrawn
            .iter()
            .any(|(from, until)| date > *from && until.is_none_or(|u| date < u));
        let counting = !withdrawn && self.first_counted.is_some_and(|f| date >= f);
        sums.withdrawn |= withdrawn;
        let scheduled = (counting && self.schedule_from.is_some_and(|f| date >= f))
            .then(|| seconds(self.calendar.scheduled_ms(date)));
        let day = self.tracker.live_day(date, self.at, &self.calendar);
        if counting {
            sums.counting = true;
            match scheduled {
                Some(s) => sums.scheduled = Some(sums.scheduled.unwrap_or(0).saturating_add(s)),
                None => sums.unknown_schedule = true,
            }
        }
        sums.tracked = sums.tracked.saturating_add(seconds(day.ms));
        sums.tracked_ms = sums.tracked_ms.saturating_add(day.ms);
        // Inserted one by one: `collect` into a map sorts first, and a
        // stable sort costs kilobytes of wasm.
        let mut categories = BTreeMap::new();
        for (id, c) in &day.categories {
            let ms = sums.categories.entry(id.clone()).or_default();
            *ms = ms.saturating_add(c.ms);
            if seconds(c.ms) > 0 {
                categories.insert(id.clone(), seconds(c.ms));
            }
            for (domain, ms) in &c.domains {
                let ms = u64::try_from(*ms).unwrap_or(0);
                let found = sums.sites.binary_search_by(|s| {
                    s.domain
                        .as_str()
                        .cmp(domain)
                        .then_with(|| s.category.as_str().cmp(id))
                });
                match found {
                    Ok(i) => sums.sites[i].seconds = sums.sites[i].seconds.saturating_add(ms),
                    Err(i) => sums.sites.insert(
                        i,
                        DomainShare {
                            domain: domain.clone(),
                            display: String::new(),
                            category: id.clone(),
                            seconds: ms,
                        },
                    ),
                }
            }
        }
        ReportDay {
            date,
            counting,
            withdrawn,
            tracked_seconds: seconds(day.ms),
            scheduled_seconds: scheduled,
            categories,
        }
    }

    /// Sums over `first..=last`, at most 10 years of days.
    fn period(&self, first: NaiveDate, last: NaiveDate) -> PeriodView {
        let mut sums = Sums::default();
        for date in first
            .iter_days()
            .take_while(|d| *d <= last)
            .take(crate::settings::MAX_RETENTION_DAYS as usize)
        {
            self.day(date, &mut sums);
        }
        let inside = |day: Option<NaiveDate>| {
            day.filter(|d| *d > first && *d <= last)
                .map(|d| format_date(&d))
        };
        let sites = (!self.tracker.settings().category_only()).then(|| {
            let mut sites = Vec::new();
            for mut site in std::mem::take(&mut sums.sites) {
                site.seconds /= 1000;
                if site.seconds > 0 {
                    site.display = crate::site_field::display(&site.domain);
                    sites.push(site);
                }
            }
            rank_domains(&mut sites);
            sites
        });
        PeriodView {
            first: format_date(&first),
            last: format_date(&last),
            counting: sums.counting,
            withdrawn: sums.withdrawn,
            counting_from: inside(self.first_counted),
            kept_from: inside(Some(self.oldest_kept)),
            tracked_seconds: seconds(sums.tracked_ms),
            scheduled_seconds: sums.scheduled(),
            categories: self.tracker.shares(std::mem::take(&mut sums.categories)),
            sites,
            earlier: self.earlier(first),
        }
    }
}

/// The first day of month `index` (year × 12 + month from 0).
fn month_start(index: i64) -> Option<NaiveDate> {
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    NaiveDate::from_ymd_opt(year, index.rem_euclid(12) as u32 + 1, 1)
}

impl Tracker {
    /// `days` local days starting at `first`, with the open segment counted
    /// up to `at`.
    pub fn report<Tz: TimeZone>(
        &self,
        first: NaiveDate,
        days: u32,
        at: Millis,
        tz: Tz,
    ) -> Result<ReportView, TrackerError> {
        self.require_history()?;
        let basis = Basis::new(self, at, tz);
        let mut sums = Sums::default();
        let days = first
            .iter_days()
            .take(days.min(366) as usize)
            .map(|date| basis.day(date, &mut sums))
            .collect();
        Ok(ReportView {
            days,
            tracked_seconds: sums.tracked,
            scheduled_seconds: sums.scheduled(),
            counting: sums.counting,
            withdrawn: sums.withdrawn,
            categories: self.shares(std::mem::take(&mut sums.categories)),
            earlier: basis.earlier(first),
        })
    }

    /// The week (Monday to Sunday) containing `at`, `weeks_back` weeks ago.
    pub fn week<Tz: TimeZone>(
        &self,
        at: Millis,
        weeks_back: u32,
        tz: Tz,
    ) -> Result<ReportView, TrackerError> {
        let today = self
            .settings()
            .schedule()
            .in_zone(tz.clone())
            .local_day(at)
            .0;
        let back = u64::from(today.weekday().num_days_from_monday()) + 7 * u64::from(weeks_back);
        // Before the calendar begins: its first days, which hold nothing.
        let monday = today
            .checked_sub_days(Days::new(back))
            .unwrap_or(NaiveDate::MIN);
        self.report(monday, 7, at, tz)
    }

    /// The calendar month containing `at`, `months_back` months ago.
    pub fn month<Tz: TimeZone>(
        &self,
        at: Millis,
        months_back: u32,
        tz: Tz,
    ) -> Result<PeriodView, TrackerError> {
        self.require_history()?;
        let basis = Basis::new(self, at, tz);
        // By hand: chrono's month arithmetic costs wasm.
        let index = i64::from(basis.today.year()) * 12 + i64::from(basis.today.month0())
            - i64::from(months_back);
        let first = month_start(index).unwrap_or(NaiveDate::MIN);
        let last = month_start(index + 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(first);
        Ok(basis.period(first, last))
    }

    /// The days `first` to `last` (`YYYY-MM-DD`, both included), checked:
    /// both given, in order, and inside the days kept.
    pub fn range<Tz: TimeZone>(
        &self,
        first: &str,
        last: &str,
        at: Millis,
        tz: Tz,
    ) -> Result<PeriodView, RangeError> {
        let day = |text: &str| match text.trim() {
            "" => Err(RangeError::Missing),
            t => parse_date(t).ok_or_else(|| RangeError::NotADate(t.to_owned())),
        };
        let (first, last) = (day(first)?, day(last)?);
        if last < first {
            return Err(RangeError::Backwards { first, last });
        }
        if !self.history_loaded() {
            return Err(RangeError::HistoryNotLoaded);
        }
        let basis = Basis::new(self, at, tz);
        let kept = self.settings().retention_days();
        let days = u64::try_from((last - first).num_days()).unwrap_or(u64::MAX) + 1;
        if days > u64::from(kept) {
            return Err(RangeError::TooLong { days, kept });
        }
        if first < basis.oldest_kept {
            return Err(RangeError::BeforeKept {
                kept,
                oldest: basis.oldest_kept,
            });
        }
        Ok(basis.period(first, last))
    }
}

/// A month or range as CSV: the counted and scheduled totals, then one row
/// per category, then one per site; whole seconds. The file is named after
/// its days.
pub fn csv(view: &PeriodView, tracker: &Tracker) -> CsvFile {
    let rules = tracker.rules();
    let mut text =
        String::from("first_day,last_day,row,category,name,counts_as_work,site,seconds\r\n");
    let mut row = |kind: &str, category: Option<&str>, site: &str, seconds: u64| {
        let (id, name, work) = match category {
            Some(id) => {
                let c = rules.category(id).unwrap_or_else(|| rules.uncategorized());
                (id, csv_field(&c.name), if c.work { "yes" } else { "no" })
            }
            None => ("", String::new(), ""),
        };
        for part in [
            view.first.as_str(),
            ",",
            &view.last,
            ",",
            kind,
            ",",
            id,
            ",",
            &name,
            ",",
            work,
            ",",
            site,
            ",",
            &seconds.to_string(),
            "\r\n",
        ] {
            text.push_str(part);
        }
    };
    row("counted", None, "", view.tracked_seconds);
    if let Some(scheduled) = view.scheduled_seconds {
        row("scheduled", None, "", scheduled);
    }
    for c in &view.categories {
        row("category", Some(&c.id), "", c.seconds);
    }
    for s in view.sites.iter().flatten() {
        row("site", Some(&s.category), &s.domain, s.seconds);
    }
    CsvFile {
        filename: format!("fairtime-{}-to-{}.csv", view.first, view.last),
        text,
    }
}
