//! The person's working hours, in their local time.
//!
//! A [`Schedule`] says when someone works in wall-clock terms: intervals per
//! weekday, recurring breaks and one-off days off. It knows no time zone;
//! [`ScheduleIn`] reads it in one and is the [`Calendar`] the ledger counts
//! against. A `Schedule` value is always a possible one: [`Schedule::new`]
//! and deserialization both validate.
//!
//! # Stored form
//!
//! ```json
//! {"hours": {"mon": ["09:00-12:30", "13:30-17:30"], "fri": ["09:00-15:00"]},
//!  "breaks": [{"name": "Lunch", "time": "12:00-12:45"},
//!             {"name": "Stand-up", "days": ["mon", "thu"], "time": "10:00-10:15"}],
//!  "days_off": ["2025-12-24", "2025-12-31"]}
//! ```
//!
//! Times are local `HH:MM`; a range reaches midnight by ending at `24:00` and
//! never crosses it. Weekdays without hours are left out. A break without
//! `days` applies every day, which only matters on days with working hours;
//! a break may lie partly or wholly outside working time. Breaks may overlap
//! each other; working intervals on one day may touch but not overlap.
//!
//! # Daylight saving time
//!
//! Working time is the set of instants whose local wall-clock time lies in a
//! working interval of their local date. So a spring-forward gap shortens the
//! intervals it crosses, a repeated hour lengthens the intervals covering it,
//! and an interval wholly inside the repeated hour happens twice. The zone is
//! only ever asked for its UTC offset at an instant, so no tz database is
//! needed: a window is walked in pieces of constant offset, found by asking
//! every [`PROBE`] and bisecting to the millisecond where the answer changes.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Weekday, WeekdaySet};
use serde::{Deserialize, Serialize};

use crate::text;
use crate::time::{Calendar, Millis, Span, HOUR, MINUTE};

/// Minutes in a day: an interval that ends here ends at 24:00, midnight.
pub const DAY_MINUTES: u16 = 24 * 60;

/// How far apart the zone's offset is sampled. Two offset changes closer than
/// this could go unseen; in the tz database since 1800 the closest are four
/// days apart.
pub const PROBE: Millis = 12 * HOUR;

const DAY: Millis = 24 * HOUR;
/// The instants a schedule can place: years 1 to 9999, UTC. Outside them
/// nothing is working time.
const FIRST: Millis = -62_135_596_800_000;
const LAST: Millis = 253_402_300_800_000;
/// How many weeks [`ScheduleIn::next_change`] looks ahead, about 400 days
/// (as far as a `chrome.alarms` wake-up is worth planning): a person off
/// for longer gets no alarm for the end of it, and is counted again from
/// the browser's next event. Bounds what a wake-up spends on the search
/// whatever the days off (in the year 9999, or thousands in a row).
pub const SEARCH_WEEKS: usize = 58;
/// `NaiveDate::num_days_from_ce` of 1970-01-01; days are counted from there.
const UNIX_EPOCH_CE_DAYS: i64 = 719_163;

pub(crate) const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];
const SHORT_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const FULL_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Local wall-clock time from `start` to `end`, in minutes since midnight.
/// `end` may be [`DAY_MINUTES`] (24:00); a valid interval has
/// `start < end <= DAY_MINUTES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    pub start: u16,
    pub end: u16,
}

impl Interval {
    /// An interval from minutes since midnight; checked when it becomes part
    /// of a [`Schedule`].
    pub const fn new(start: u16, end: u16) -> Self {
        Self { start, end }
    }

    /// Reads `"09:00-17:30"` (an en dash works too) and checks it.
    pub fn parse(text: &str) -> Result<Self, Problem> {
        let Some((start, end)) = text.split_once(['-', '–']) else {
            return Err(Problem::NotARange(text.to_owned()));
        };
        let clock = |t: &str| parse_clock(t).ok_or_else(|| Problem::NotATime(t.trim().to_owned()));
        Self::new(clock(start)?, clock(end)?).check()
    }

    /// Whole minutes from start to end; zero if the interval is not valid.
    pub const fn minutes(&self) -> u16 {
        self.end.saturating_sub(self.start)
    }

    fn check(self) -> Result<Self, Problem> {
        if self.start > DAY_MINUTES || self.end > DAY_MINUTES {
            Err(Problem::OutsideTheDay(self))
        } else if self.end == self.start {
            Err(Problem::Empty(self))
        } else if self.end < self.start {
            Err(Problem::EndsBeforeStart(self))
        } else {
            Ok(self)
        }
    }

    /// The same span on the local day whose midnight is `midnight`.
    fn on(&self, midnight: Millis) -> Span {
        Span::new(
            midnight + Millis::from(self.start) * MINUTE,
            midnight + Millis::from(self.end) * MINUTE,
        )
    }

    fn stored(&self) -> String {
        format!("{}-{}", Stored(self.start), Stored(self.end))
    }
}

/// For people: `09:00–17:30`.
impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", Clock(self.start), Clock(self.end))
    }
}

struct Clock(u16);

/// For people: the time as the person's locale writes it (see [`text::clock`]).
impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&text::clock(self.0))
    }
}

/// The stored form: `09:05`, `24:00`.
struct Stored(u16);

impl fmt::Display for Stored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// `"9:05"`, `"09:05"` or `"24:00"` as minutes since midnight.
fn parse_clock(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || h.len() > 2 || !digits(m) || m.len() != 2 {
        return None;
    }
    let (h, m) = (
        crate::time::decimal(h) as u16,
        crate::time::decimal(m) as u16,
    );
    let minutes = h * 60 + m;
    (m < 60 && minutes <= DAY_MINUTES).then_some(minutes)
}

fn parse_weekday(text: &str) -> Option<Weekday> {
    let text = text.trim().to_ascii_lowercase();
    (0..7)
        .find(|&i| text == SHORT_NAMES[i] || text == FULL_NAMES[i].to_ascii_lowercase())
        .map(|i| WEEK[i])
}

fn index(day: Weekday) -> usize {
    day.num_days_from_monday() as usize
}

/// A recurring pause, such as lunch, on the chosen weekdays.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Break {
    /// Shown to the person; may be empty.
    pub name: String,
    pub days: WeekdaySet,
    pub time: Interval,
}

impl Break {
    pub fn new(name: impl Into<String>, days: WeekdaySet, time: Interval) -> Self {
        Self {
            name: name.into(),
            days,
            time,
        }
    }
}

/// Where in a schedule a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The list of weekdays with working hours.
    Hours,
    /// The working hours of one weekday.
    Day(Weekday),
    /// The break with this name.
    Break(String),
    DaysOff,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hours => text::write(f, "coreScheduleHours", &[]),
            Self::Day(day) => f.write_str(&day_name(*day)),
            Self::Break(name) if name.is_empty() => text::write(f, "coreScheduleBreakUnnamed", &[]),
            Self::Break(name) => text::write(f, "coreScheduleBreak", &[name]),
            Self::DaysOff => text::write(f, "coreScheduleDaysOff", &[]),
        }
    }
}

/// The weekday's name in the person's language ("Monday").
pub fn day_name(day: Weekday) -> String {
    const KEYS: [&str; 7] = [
        "coreMonday",
        "coreTuesday",
        "coreWednesday",
        "coreThursday",
        "coreFriday",
        "coreSaturday",
        "coreSunday",
    ];
    text::say(KEYS[index(day)], &[])
}

/// What is wrong, whatever the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotATime(String),
    NotARange(String),
    OutsideTheDay(Interval),
    Empty(Interval),
    /// Also what a night shift written as one interval gets.
    EndsBeforeStart(Interval),
    Overlap(Interval, Interval),
    NotAWeekday(String),
    WeekdayTwice(Weekday),
    NotADate(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotATime(t) => text::write(f, "coreNotATime", &[t]),
            Self::NotARange(t) => text::write(f, "coreNotARange", &[t]),
            Self::OutsideTheDay(iv) => text::write(f, "coreOutsideTheDay", &[iv]),
            Self::Empty(iv) => text::write(f, "coreIntervalEmpty", &[iv]),
            Self::EndsBeforeStart(iv) if iv.end == 0 => {
                text::write(f, "coreEndsBeforeStartMidnight", &[iv])
            }
            Self::EndsBeforeStart(iv) => text::write(
                f,
                "coreEndsBeforeStart",
                &[iv, &Clock(iv.start), &Clock(iv.end)],
            ),
            Self::Overlap(a, b) => text::write(f, "coreOverlap", &[a, b]),
            Self::NotAWeekday(t) => text::write(f, "coreNotAWeekday", &[t]),
            Self::WeekdayTwice(day) => text::write(f, "coreWeekdayTwice", &[&day_name(*day)]),
            Self::NotADate(t) => text::write(f, "coreNotADate", &[t]),
        }
    }
}

/// Why a schedule is impossible: "Tuesday: 13:00–12:00 ends before it starts; …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    pub place: Place,
    pub problem: Problem,
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        text::write(f, "coreSchedulePlace", &[&self.place, &self.problem])
    }
}

impl std::error::Error for ScheduleError {}

fn at(place: Place) -> impl Fn(Problem) -> ScheduleError {
    move |problem| ScheduleError {
        place: place.clone(),
        problem,
    }
}

/// Weekly working hours, breaks and days off, in local wall-clock time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSchedule", into = "RawSchedule")]
pub struct Schedule {
    /// Monday first; each day sorted, non-overlapping.
    hours: [Vec<Interval>; 7],
    breaks: Vec<Break>,
    /// Sorted, each date once.
    days_off: Vec<NaiveDate>,
    /// `hours` less the breaks of that weekday, with touching intervals joined.
    working: [Vec<Interval>; 7],
}

impl Schedule {
    /// Checks and builds a schedule; `hours` is indexed Monday first.
    pub fn new(
        hours: [Vec<Interval>; 7],
        breaks: Vec<Break>,
        days_off: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self, ScheduleError> {
        let mut hours = hours;
        for (day, intervals) in WEEK.into_iter().zip(&mut hours) {
            let error = at(Place::Day(day));
            for iv in intervals.iter() {
                iv.check().map_err(&error)?;
            }
            sort_small(intervals);
            if let Some(pair) = intervals.windows(2).find(|p| p[1].start < p[0].end) {
                return Err(error(Problem::Overlap(pair[0], pair[1])));
            }
        }
        for b in &breaks {
            b.time.check().map_err(at(Place::Break(b.name.clone())))?;
        }
        let working = WEEK.map(|day| working_minutes(&hours[index(day)], &breaks, day));
        let days_off = sorted_dates(days_off);
        if let Some(d) = days_off.iter().find(|d| !(1..=9999).contains(&d.year())) {
            return Err(at(Place::DaysOff)(Problem::NotADate(
                crate::time::format_date(d),
            )));
        }
        Ok(Self {
            hours,
            breaks,
            days_off,
            working,
        })
    }

    /// The working intervals of a weekday, breaks not taken out.
    pub fn hours(&self, day: Weekday) -> &[Interval] {
        &self.hours[index(day)]
    }

    pub fn breaks(&self) -> &[Break] {
        &self.breaks
    }

    /// Sorted, each date once.
    pub fn days_off(&self) -> &[NaiveDate] {
        &self.days_off
    }

    /// What is left of a weekday's hours once its breaks are taken out:
    /// sorted, with touching intervals joined.
    pub fn working(&self, day: Weekday) -> &[Interval] {
        &self.working[index(day)]
    }

    /// True when no weekday has any working time left after breaks.
    pub fn never_works(&self) -> bool {
        self.working.iter().all(Vec::is_empty)
    }

    /// This schedule read in a time zone.
    pub fn in_zone<Tz: TimeZone>(&self, tz: Tz) -> ScheduleIn<'_, Tz> {
        ScheduleIn { schedule: self, tz }
    }

    fn working_on(&self, day: i64) -> &[Interval] {
        if !self.days_off.is_empty() && self.days_off.binary_search(&date_of(day)).is_ok() {
            return &[];
        }
        &self.working[weekday_of(day)]
    }
}

/// Monday to Friday 09:00–17:00, with lunch 12:00–13:00.
impl Default for Schedule {
    fn default() -> Self {
        let office = vec![Interval::new(9 * 60, 17 * 60)];
        let name = text::say("coreLunch", &[]);
        let lunch = Break::new(name, WeekdaySet::ALL, Interval::new(12 * 60, 13 * 60));
        let hours = [0, 1, 2, 3, 4, 5, 6].map(|i| if i < 5 { office.clone() } else { vec![] });
        let breaks = vec![lunch];
        let working = WEEK.map(|day| working_minutes(&hours[index(day)], &breaks, day));
        Self {
            hours,
            breaks,
            days_off: vec![],
            working,
        }
    }
}

/// Insertion sort: a day has a handful of intervals, and the standard sorts
/// cost kilobytes of wasm.
fn sort_small(v: &mut [Interval]) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && v[j - 1] > v[j] {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

fn sorted_dates(dates: impl IntoIterator<Item = NaiveDate>) -> Vec<NaiveDate> {
    let mut sorted = Vec::new();
    for date in dates {
        if let Err(i) = sorted.binary_search(&date) {
            sorted.insert(i, date);
        }
    }
    sorted
}

fn working_minutes(hours: &[Interval], breaks: &[Break], day: Weekday) -> Vec<Interval> {
    // Per minute: hours begun minus hours ended, and the same for breaks,
    // so that many breaks cost a step each rather than a day of minutes.
    let mut work = [0i32; DAY_MINUTES as usize + 1];
    let mut pause = [0i32; DAY_MINUTES as usize + 1];
    for iv in hours {
        work[iv.start as usize] += 1;
        work[iv.end as usize] -= 1;
    }
    for b in breaks.iter().filter(|b| b.days.contains(day)) {
        pause[b.time.start as usize] += 1;
        pause[b.time.end as usize] -= 1;
    }
    let mut out: Vec<Interval> = Vec::new();
    let (mut w, mut p) = (0, 0);
    for m in 0..DAY_MINUTES {
        w += work[m as usize];
        p += pause[m as usize];
        if w > 0 && p == 0 {
            match out.last_mut() {
                Some(last) if last.end == m => last.end = m + 1,
                _ => out.push(Interval::new(m, m + 1)),
            }
        }
    }
    out
}

/// Days are numbered from 1970-01-01, which was a Thursday.
fn weekday_of(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

fn date_of(day: i64) -> NaiveDate {
    i32::try_from(day + UNIX_EPOCH_CE_DAYS)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MIN)
}

fn day_of(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - UNIX_EPOCH_CE_DAYS
}

fn clamp(window: Span) -> Option<Span> {
    let span = Span::new(window.start.max(FIRST), window.end.min(LAST));
    (!span.is_empty()).then_some(span)
}

/// A [`Schedule`] read in a time zone: the [`Calendar`] of a person.
#[derive(Debug, Clone)]
pub struct ScheduleIn<'a, Tz: TimeZone> {
    pub schedule: &'a Schedule,
    pub tz: Tz,
}

impl<Tz: TimeZone> ScheduleIn<'_, Tz> {
    /// Whether `at` is working time: inside working hours, not in a break,
    /// not on a day off.
    pub fn is_working(&self, at: Millis) -> bool {
        if !(FIRST..LAST).contains(&at) || self.schedule.never_works() {
            return false;
        }
        let local = at + self.offset_at(at);
        let day = local.div_euclid(DAY);
        let midnight = day * DAY;
        self.schedule
            .working_on(day)
            .iter()
            .any(|iv| iv.on(midnight).start <= local && local < iv.on(midnight).end)
    }

    /// The break `at` falls in, if it is one: a break of that weekday during
    /// its working hours, on a day that is not off. Off-hours are not a break.
    pub fn break_at(&self, at: Millis) -> Option<&Break> {
        if !(FIRST..LAST).contains(&at) || self.is_working(at) {
            return None;
        }
        let local = at + self.offset_at(at);
        let day = local.div_euclid(DAY);
        if !self.schedule.days_off.is_empty()
            && self.schedule.days_off.binary_search(&date_of(day)).is_ok()
        {
            return None;
        }
        let weekday = WEEK[weekday_of(day)];
        let minute = local.rem_euclid(DAY) / MINUTE;
        let inside =
            |iv: &Interval| Millis::from(iv.start) <= minute && minute < Millis::from(iv.end);
        if !self.schedule.hours(weekday).iter().any(inside) {
            return None;
        }
        self.schedule
            .breaks
            .iter()
            .find(|b| b.days.contains(weekday) && inside(&b.time))
    }

    /// The first instant after `after` whose working state differs from the
    /// state at `after`. `None` when the schedule has no working time, when
    /// it works every minute of every weekday and no day off follows, or
    /// when the state does not change within [`SEARCH_WEEKS`] weeks.
    pub fn next_change(&self, after: Millis) -> Option<Millis> {
        if self.schedule.never_works() {
            return None;
        }
        let always = self
            .schedule
            .working
            .iter()
            .all(|w| w[..] == [Interval::new(0, DAY_MINUTES)]);
        let mut from = after.clamp(FIRST - 1, LAST);
        for _ in 0..SEARCH_WEEKS {
            crate::steps::step();
            let window = Span::new(from, (from + 7 * DAY).min(LAST));
            if window.is_empty() {
                break;
            }
            // Spans are joined where they touch, so each edge inside the window is a change.
            if let Some(first) = self.working_spans(window).first() {
                if first.start > window.start {
                    return Some(first.start);
                }
                if first.end < window.end {
                    return Some(first.end);
                }
            }
            // Overlap by a millisecond so a change right at the edge is seen.
            from = window.end - 1;
            if always {
                // Only a day off changes a schedule that works every
                // minute: on to the day before the next one (its local
                // midnight is less than a day from UTC's).
                let days_off = &self.schedule.days_off;
                let today = from.div_euclid(DAY);
                let next = days_off.partition_point(|d| day_of(*d) < today - 1);
                from = from.max((day_of(*days_off.get(next)?) - 1) * DAY);
            }
        }
        None
    }

    /// How long the person is scheduled to work on a local date: the length
    /// of the instants with that local date and working wall-clock time.
    /// 23, 24 or 25 hours of wall clock may back it around DST changes.
    pub fn scheduled_ms(&self, date: NaiveDate) -> Millis {
        let day = day_of(date);
        // Offsets stay under a day, so every instant of the date is in here.
        let window = Span::new((day - 1) * DAY, (day + 2) * DAY);
        let mut total = 0;
        self.walk_working(window, |d, span| {
            if d == day {
                total += span.len();
            }
        });
        total
    }

    /// UTC offset at `at` in milliseconds (local minus UTC).
    fn offset_at(&self, at: Millis) -> Millis {
        crate::steps::step();
        DateTime::from_timestamp_millis(at).map_or(0, |utc| {
            let offset = self.tz.offset_from_utc_datetime(&utc.naive_utc());
            Millis::from(offset.fix().local_minus_utc()) * 1000
        })
    }

    /// Splits `window` (non-empty, inside the supported years) into its
    /// pieces of constant offset, in order.
    fn pieces(&self, window: Span, mut f: impl FnMut(Span, Millis)) {
        let mut start = window.start;
        let mut lo = window.start;
        let mut offset = self.offset_at(lo);
        loop {
            let probe = (lo + PROBE).min(window.end - 1);
            if probe <= lo {
                break;
            }
            let probed = self.offset_at(probe);
            if probed == offset {
                lo = probe;
                continue;
            }
            let mut hi = probe;
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if self.offset_at(mid) == offset {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            f(Span::new(start, hi), offset);
            offset = if hi == probe {
                probed
            } else {
                self.offset_at(hi)
            };
            start = hi;
            lo = hi;
        }
        f(Span::new(start, window.end), offset);
    }

    /// Walks `window` (non-empty, inside the supported years) as parts of
    /// local days: `f(day, local span, offset)`, in order and contiguous.
    fn walk_days(&self, window: Span, mut f: impl FnMut(i64, Span, Millis)) {
        self.pieces(window, |piece, offset| {
            let local = Span::new(piece.start + offset, piece.end + offset);
            for day in local.start.div_euclid(DAY)..=(local.end - 1).div_euclid(DAY) {
                crate::steps::step();
                let part = Span::new(local.start.max(day * DAY), local.end.min((day + 1) * DAY));
                f(day, part, offset);
            }
        });
    }

    /// Every piece of working time in `window`, in order, as `f(local day, UTC span)`.
    fn walk_working(&self, window: Span, mut f: impl FnMut(i64, Span)) {
        if self.schedule.never_works() {
            return;
        }
        let Some(window) = clamp(window) else { return };
        self.walk_days(window, |day, local, offset| {
            for iv in self.schedule.working_on(day) {
                crate::steps::step();
                if let Some(span) = iv.on(day * DAY).intersect(&local) {
                    f(day, Span::new(span.start - offset, span.end - offset));
                }
            }
        });
    }

    /// The run of instants around `t` that share its local date, for days
    /// that an offset change touches.
    fn day_run(&self, t: Millis) -> (i64, Span) {
        let mut reach = 2 * DAY;
        loop {
            crate::steps::step();
            let window = Span::new((t - reach).max(FIRST), (t + reach).min(LAST));
            let mut runs: Vec<(i64, Span)> = Vec::new();
            self.walk_days(window, |day, local, offset| {
                let utc = Span::new(local.start - offset, local.end - offset);
                match runs.last_mut() {
                    Some((d, run)) if *d == day && run.end == utc.start => run.end = utc.end,
                    _ => runs.push((day, utc)),
                }
            });
            let Some(&(day, run)) = runs.iter().find(|(_, s)| s.start <= t && t < s.end) else {
                return (0, Span::new(t, t + 1));
            };
            let cut_off = (run.start == window.start && window.start > FIRST)
                || (run.end == window.end && window.end < LAST);
            if !cut_off || reach >= 64 * DAY {
                return (day, run);
            }
            reach *= 2;
        }
    }
}

impl<Tz: TimeZone> Calendar for ScheduleIn<'_, Tz> {
    fn working_spans(&self, window: Span) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        self.walk_working(window, |_, span| match spans.last_mut() {
            Some(last) if last.end == span.start => last.end = span.end,
            _ => spans.push(span),
        });
        spans
    }

    /// The local date of `at` and the unbroken run of instants around it that
    /// share that date. That run is the whole day, unless an offset change
    /// jumps back across midnight (Asia/Beirut's autumn change): then the
    /// repeated hour of the previous date is a run of its own, and its date
    /// comes back twice. Before year 1 or after year 9999 the span stretches
    /// to the end of time so that callers still move on.
    fn local_day(&self, at: Millis) -> (NaiveDate, Span) {
        let t = at.clamp(FIRST, LAST - 1);
        let offset = self.offset_at(t);
        let day = (t + offset).div_euclid(DAY);
        let guess = Span::new(day * DAY - offset, (day + 1) * DAY - offset);
        // One offset from just before the guessed day to just after it: no change to look for.
        let around = Span::new((guess.start - 1).max(FIRST), (guess.end + 1).min(LAST));
        let mut offsets = 0;
        self.pieces(around, |_, _| offsets += 1);
        let (day, span) = if offsets == 1 {
            (day, guess)
        } else {
            self.day_run(t)
        };
        let start = if at < FIRST { Millis::MIN } else { span.start };
        let end = if at >= LAST { Millis::MAX } else { span.end };
        (date_of(day), Span::new(start, end))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    #[serde(with = "week_map")]
    hours: Vec<(String, Vec<String>)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    breaks: Vec<RawBreak>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    days_off: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBreak {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    days: Option<Vec<String>>,
    time: String,
}

/// `hours` as a JSON object whose keys keep their order (Monday first).
mod week_map {
    use serde::de::{MapAccess, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    type Week = Vec<(String, Vec<String>)>;

    pub fn serialize<S: Serializer>(week: &Week, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(week.iter().map(|(k, v)| (k, v)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Week, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Week;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "weekdays with their working hours")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Week, A::Error> {
                let mut week = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    week.push(entry);
                }
                Ok(week)
            }
        }
        d.deserialize_map(Entries)
    }
}

impl TryFrom<RawSchedule> for Schedule {
    type Error = ScheduleError;

    fn try_from(raw: RawSchedule) -> Result<Self, ScheduleError> {
        let mut hours: [Vec<Interval>; 7] = Default::default();
        let mut seen = WeekdaySet::EMPTY;
        for (key, ranges) in raw.hours {
            let error = at(Place::Hours);
            let day = parse_weekday(&key).ok_or_else(|| error(Problem::NotAWeekday(key)))?;
            if !seen.insert(day) {
                return Err(error(Problem::WeekdayTwice(day)));
            }
            hours[index(day)] = ranges
                .iter()
                .map(|r| Interval::parse(r).map_err(at(Place::Day(day))))
                .collect::<Result<_, _>>()?;
        }
        let mut breaks = Vec::with_capacity(raw.breaks.len());
        for b in raw.breaks {
            let error = at(Place::Break(b.name.clone()));
            let mut days = WeekdaySet::ALL;
            if let Some(names) = b.days {
                days = WeekdaySet::EMPTY;
                for name in names {
                    let day =
                        parse_weekday(&name).ok_or_else(|| error(Problem::NotAWeekday(name)))?;
                    days.insert(day);
                }
            }
            let time = Interval::parse(&b.time).map_err(&error)?;
            breaks.push(Break::new(b.name, days, time));
        }
        let days_off = raw
            .days_off
            .into_iter()
            .map(|d| {
                crate::time::parse_date(&d).ok_or_else(|| at(Place::DaysOff)(Problem::NotADate(d)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Schedule::new(hours, breaks, days_off)
    }
}

impl From<Schedule> for RawSchedule {
    fn from(s: Schedule) -> Self {
        let stored = |ivs: &[Interval]| ivs.iter().map(Interval::stored).collect();
        Self {
            hours: (0..7)
                .filter(|&i| !s.hours[i].is_empty())
                .map(|i| (SHORT_NAMES[i].to_owned(), stored(&s.hours[i])))
                .collect(),
            breaks: s
                .breaks
                .iter()
                .map(|b| RawBreak {
                    name: b.name.clone(),
                    days: (b.days != WeekdaySet::ALL).then(|| {
                        b.days
                            .iter(Weekday::Mon)
                            .map(|d| SHORT_NAMES[index(d)].to_owned())
                            .collect()
                    }),
                    time: b.time.stored(),
                })
                .collect(),
            days_off: s.days_off.iter().map(crate::time::format_date).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, MappedLocalTime, NaiveDateTime, Timelike, Utc};
    use chrono_tz::Tz;
    use proptest::prelude::*;
    use std::cell::Cell;

    use chrono_tz::America::{New_York, St_Johns};
    use chrono_tz::Asia::{Beirut, Tokyo};
    use chrono_tz::Australia::Lord_Howe;
    use chrono_tz::Europe::Berlin;
    use chrono_tz::Pacific::Apia;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Millis {
        date(y, mo, d)
            .and_hms_opt(h, mi, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis()
    }

    fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    fn iv(text: &str) -> Interval {
        Interval::parse(text).unwrap()
    }

    fn span(start: Millis, end: Millis) -> Span {
        Span::new(start, end)
    }

    fn total(spans: &[Span]) -> Millis {
        spans.iter().map(Span::len).sum()
    }

    /// The same hours every day, no breaks.
    fn every_day(ranges: &[&str]) -> Schedule {
        let day: Vec<Interval> = ranges.iter().map(|r| iv(r)).collect();
        Schedule::new(std::array::from_fn(|_| day.clone()), vec![], []).unwrap()
    }

    fn from_json(json: &str) -> Result<Schedule, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    fn error(json: &str) -> String {
        let message = from_json(json).unwrap_err();
        // serde_json appends where in the text it was.
        message.split(" at line ").next().unwrap().to_owned()
    }

    fn offset_hours<T: TimeZone>(tz: &T, at: Millis) -> f64 {
        let utc = DateTime::from_timestamp_millis(at).unwrap().naive_utc();
        f64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc()) / 3600.0
    }

    #[test]
    fn default_is_an_office_week_with_lunch() {
        let s = Schedule::default();
        for day in [Weekday::Mon, Weekday::Wed, Weekday::Fri] {
            assert_eq!(s.working(day), [iv("09:00-12:00"), iv("13:00-17:00")]);
        }
        assert!(s.working(Weekday::Sat).is_empty() && s.working(Weekday::Sun).is_empty());
        assert_eq!(
            Schedule::new(s.hours.clone(), s.breaks.clone(), []),
            Ok(s.clone())
        );
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"hours":{"mon":["09:00-17:00"],"tue":["09:00-17:00"],"wed":["09:00-17:00"],"thu":["09:00-17:00"],"fri":["09:00-17:00"]},"breaks":[{"name":"Lunch","time":"12:00-13:00"}]}"#
        );
        let in_utc = s.in_zone(Utc);
        assert_eq!(in_utc.scheduled_ms(date(2025, 3, 3)), 7 * HOUR);
        assert_eq!(in_utc.scheduled_ms(date(2025, 3, 8)), 0);
    }

    #[test]
    fn the_stored_form_round_trips_and_reads_liberally() {
        let json = r#"{"hours": {"Friday": ["9:00 – 15:00"], "mon": ["13:30-17:30", "09:00-12:30"]},
            "breaks": [{"name": "Lunch", "time": "12:00-12:45"},
                       {"name": "Stand-up", "days": ["thu", "MON"], "time": "10:00-10:15"},
                       {"days": [], "time": "23:00-24:00"}],
            "days_off": ["2025-12-31", "2025-12-24", "2025-12-24"]}"#;
        let s = from_json(json).unwrap();
        assert_eq!(
            s.hours(Weekday::Mon),
            [iv("09:00-12:30"), iv("13:30-17:30")]
        );
        assert_eq!(
            s.working(Weekday::Mon),
            [iv("09:00-10:00"), iv("10:15-12:00"), iv("13:30-17:30")]
        );
        assert_eq!(
            s.working(Weekday::Fri),
            [iv("09:00-12:00"), iv("12:45-15:00")]
        );
        assert_eq!(
            s.breaks()[1].days,
            WeekdaySet::from_array([Weekday::Mon, Weekday::Thu])
        );
        assert_eq!(s.days_off().len(), 2);
        let stored = serde_json::to_string(&s).unwrap();
        assert_eq!(
            stored,
            r#"{"hours":{"mon":["09:00-12:30","13:30-17:30"],"fri":["09:00-15:00"]},"breaks":[{"name":"Lunch","time":"12:00-12:45"},{"name":"Stand-up","days":["mon","thu"],"time":"10:00-10:15"},{"days":[],"time":"23:00-24:00"}],"days_off":["2025-12-24","2025-12-31"]}"#
        );
        assert_eq!(from_json(&stored).unwrap(), s);
        assert!(from_json(r#"{"hours": {}}"#).unwrap().never_works());
    }

    #[test]
    fn impossible_schedules_are_explained() {
        let cases = [
            (
                r#"{"hours": {"tue": ["13:00-12:00"]}}"#,
                "Tuesday: 13:00–12:00 ends before it starts; a working time cannot run past \
                 midnight, so enter a night shift as two: from 13:00 until midnight, and from \
                 midnight until 12:00 on the next day",
            ),
            (
                r#"{"hours": {"fri": ["22:00-06:00"]}}"#,
                "Friday: 22:00–06:00 ends before it starts; a working time cannot run past \
                 midnight, so enter a night shift as two: from 22:00 until midnight, and from \
                 midnight until 06:00 on the next day",
            ),
            (
                r#"{"hours": {"sat": ["18:00-00:00"]}}"#,
                "Saturday: 18:00–00:00 ends before it starts; to work until midnight, let it end \
                 at midnight",
            ),
            (
                r#"{"hours": {"sun": ["12:00-12:00"]}}"#,
                "Sunday: 12:00–12:00 ends when it starts",
            ),
            (
                r#"{"hours": {"mon": ["13:00-17:00", "09:00-13:30"]}}"#,
                "Monday: 09:00–13:30 overlaps 13:00–17:00",
            ),
            (
                r#"{"hours": {"wed": ["09:00-25:00"]}}"#,
                "Wednesday: “25:00” is not a time of day",
            ),
            (
                r#"{"hours": {"wed": ["09:60-12:00"]}}"#,
                "Wednesday: “09:60” is not a time of day",
            ),
            (
                r#"{"hours": {"thu": ["9-5"]}}"#,
                "Thursday: “9” is not a time of day",
            ),
            (
                r#"{"hours": {"thu": ["all day"]}}"#,
                "Thursday: “all day” is not a start and an end time",
            ),
            (
                r#"{"hours": {"funday": ["09:00-17:00"]}}"#,
                "Working hours: “funday” is not a day of the week; use mon, tue, wed, thu, \
                 fri, sat or sun",
            ),
            (
                r#"{"hours": {"mon": ["09:00-12:00"], "Monday": ["13:00-17:00"]}}"#,
                "Working hours: Monday is listed twice",
            ),
            (
                r#"{"hours": {}, "breaks": [{"name": "Lunch", "time": "13:00-12:00"}]}"#,
                "Break “Lunch”: 13:00–12:00 ends before it starts; a working time cannot run \
                 past midnight, so enter a night shift as two: from 13:00 until midnight, and \
                 from midnight until 12:00 on the next day",
            ),
            (
                r#"{"hours": {}, "breaks": [{"days": ["mo"], "time": "10:00-11:00"}]}"#,
                "A break: “mo” is not a day of the week; use mon, tue, wed, thu, fri, sat or \
                 sun",
            ),
            (
                r#"{"hours": {}, "days_off": ["2025-02-30"]}"#,
                "Days off: “2025-02-30” is not a date such as 2025-12-24",
            ),
            (
                r#"{"hours": {}, "days_off": ["2025-2-3"]}"#,
                "Days off: “2025-2-3” is not a date such as 2025-12-24",
            ),
        ];
        for (json, message) in cases {
            assert_eq!(error(json), message, "{json}");
        }
        // Typos in field names are not silently ignored.
        assert!(error(r#"{"hours": {}, "day_off": []}"#).contains("unknown field `day_off`"));
        assert!(error(r#"{"days_off": []}"#).contains("missing field `hours`"));
    }

    #[test]
    fn schedules_built_in_code_are_checked_too() {
        let mut hours: [Vec<Interval>; 7] = Default::default();
        hours[2] = vec![Interval::new(9 * 60, 25 * 60)];
        let err = Schedule::new(hours, vec![], []).unwrap_err();
        assert_eq!(err.place, Place::Day(Weekday::Wed));
        assert_eq!(
            err.problem,
            Problem::OutsideTheDay(Interval::new(540, 1500))
        );
        assert_eq!(
            err.to_string(),
            "Wednesday: 09:00–25:00 lies outside the day"
        );
        let bad_break = Break::new("Tea", WeekdaySet::ALL, Interval::new(1440, 1440));
        let err = Schedule::new(Default::default(), vec![bad_break], []).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Break “Tea”: 24:00–24:00 ends when it starts"
        );
        assert_eq!(
            Interval::parse("24:00-24:00"),
            Err(Problem::Empty(Interval::new(1440, 1440)))
        );
        let far = NaiveDate::from_ymd_opt(12025, 1, 1).unwrap();
        assert_eq!(
            Schedule::new(Default::default(), vec![], [far])
                .unwrap_err()
                .to_string(),
            "Days off: “12025-01-01” is not a date such as 2025-12-24"
        );
    }

    #[test]
    fn breaks_apply_on_their_days_and_may_lie_outside_working_time() {
        let json = r#"{"hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"]},
            "breaks": [{"name": "Gym", "days": ["tue"], "time": "16:00-18:00"},
                       {"name": "Night", "time": "20:00-24:00"},
                       {"name": "Early", "time": "08:00-09:30"}]}"#;
        let s = from_json(json).unwrap();
        assert_eq!(s.working(Weekday::Mon), [iv("09:30-17:00")]);
        assert_eq!(s.working(Weekday::Tue), [iv("09:30-16:00")]);
        let cal = s.in_zone(Utc);
        // 2025-03-03 is a Monday.
        assert_eq!(
            cal.working_spans(span(utc(2025, 3, 3, 0, 0), utc(2025, 3, 5, 0, 0))),
            [
                span(utc(2025, 3, 3, 9, 30), utc(2025, 3, 3, 17, 0)),
                span(utc(2025, 3, 4, 9, 30), utc(2025, 3, 4, 16, 0))
            ]
        );
    }

    #[test]
    fn days_off_have_no_working_time() {
        let json = r#"{"hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"]},
            "days_off": ["2025-03-03"]}"#;
        let s = from_json(json).unwrap();
        let cal = s.in_zone(Berlin);
        assert_eq!(cal.scheduled_ms(date(2025, 3, 3)), 0);
        assert_eq!(cal.scheduled_ms(date(2025, 3, 4)), 8 * HOUR);
        assert_eq!(
            cal.working_spans(span(utc(2025, 3, 2, 0, 0), utc(2025, 3, 5, 0, 0))),
            [span(utc(2025, 3, 4, 8, 0), utc(2025, 3, 4, 16, 0))]
        );
        assert!(!cal.is_working(utc(2025, 3, 3, 10, 0)));
        assert!(cal.is_working(utc(2025, 3, 4, 10, 0)));
    }

    #[test]
    fn work_until_midnight_joins_work_after_it() {
        let json = r#"{"hours": {"mon": ["20:00-24:00"], "tue": ["00:00-02:00", "09:00-10:00"]}}"#;
        let s = from_json(json).unwrap();
        let cal = s.in_zone(FixedOffset::east_opt(3600).unwrap());
        let spans = cal.working_spans(span(utc(2025, 3, 3, 0, 0), utc(2025, 3, 5, 0, 0)));
        assert_eq!(
            spans,
            [
                span(utc(2025, 3, 3, 19, 0), utc(2025, 3, 4, 1, 0)),
                span(utc(2025, 3, 4, 8, 0), utc(2025, 3, 4, 9, 0))
            ]
        );
        // No change of state at midnight.
        assert_eq!(
            cal.next_change(utc(2025, 3, 3, 20, 0)),
            Some(utc(2025, 3, 4, 1, 0))
        );
        assert_eq!(cal.scheduled_ms(date(2025, 3, 3)), 4 * HOUR);
        assert_eq!(cal.scheduled_ms(date(2025, 3, 4)), 3 * HOUR);
    }

    #[test]
    fn berlin_spring_forward_shortens_what_crosses_the_gap() {
        // 2024-03-31: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
        assert_eq!(offset_hours(&Berlin, utc(2024, 3, 31, 0, 59)), 1.0);
        assert_eq!(offset_hours(&Berlin, utc(2024, 3, 31, 1, 0)), 2.0);
        let s = every_day(&["01:00-04:00", "09:00-17:00"]);
        let cal = s.in_zone(Berlin);
        let (day, whole) = cal.local_day(utc(2024, 3, 31, 12, 0));
        assert_eq!(day, date(2024, 3, 31));
        assert_eq!(
            whole,
            span(utc(2024, 3, 30, 23, 0), utc(2024, 3, 31, 22, 0))
        );
        assert_eq!(whole.len(), 23 * HOUR);
        assert_eq!(
            cal.working_spans(whole),
            [
                span(utc(2024, 3, 31, 0, 0), utc(2024, 3, 31, 2, 0)),
                span(utc(2024, 3, 31, 7, 0), utc(2024, 3, 31, 15, 0))
            ]
        );
        assert_eq!(cal.scheduled_ms(date(2024, 3, 31)), 10 * HOUR);
        assert_eq!(cal.scheduled_ms(date(2024, 3, 30)), 11 * HOUR);
        // An interval wholly inside the gap does not happen.
        let gap = every_day(&["02:10-02:50"]);
        assert_eq!(gap.in_zone(Berlin).scheduled_ms(date(2024, 3, 31)), 0);
        assert!(gap.in_zone(Berlin).working_spans(whole).is_empty());
    }

    #[test]
    fn berlin_fall_back_lengthens_and_repeats_the_hour() {
        // 2024-10-27: 03:00 CEST becomes 02:00 CET at 01:00 UTC.
        let s = every_day(&["01:00-04:00"]);
        let cal = s.in_zone(Berlin);
        let (day, whole) = cal.local_day(utc(2024, 10, 27, 1, 30));
        assert_eq!(day, date(2024, 10, 27));
        assert_eq!(
            whole,
            span(utc(2024, 10, 26, 22, 0), utc(2024, 10, 27, 23, 0))
        );
        assert_eq!(
            cal.working_spans(whole),
            [span(utc(2024, 10, 26, 23, 0), utc(2024, 10, 27, 3, 0))]
        );
        assert_eq!(cal.scheduled_ms(date(2024, 10, 27)), 4 * HOUR);
        let repeated = every_day(&["02:15-02:45"]);
        let cal = repeated.in_zone(Berlin);
        assert_eq!(
            cal.working_spans(whole),
            [
                span(utc(2024, 10, 27, 0, 15), utc(2024, 10, 27, 0, 45)),
                span(utc(2024, 10, 27, 1, 15), utc(2024, 10, 27, 1, 45))
            ]
        );
        assert_eq!(cal.scheduled_ms(date(2024, 10, 27)), HOUR);
        assert_eq!(
            cal.next_change(utc(2024, 10, 27, 0, 45)),
            Some(utc(2024, 10, 27, 1, 15))
        );
        assert!(!cal.is_working(utc(2024, 10, 27, 1, 0)));
        assert!(cal.is_working(utc(2024, 10, 27, 1, 15)));
    }

    #[test]
    fn new_york_days_are_23_and_25_hours_long() {
        let s = every_day(&["00:00-24:00"]);
        let cal = s.in_zone(New_York);
        // 2024-03-10 02:00 EST -> 03:00 EDT; 2024-11-03 02:00 EDT -> 01:00 EST.
        let (_, spring) = cal.local_day(utc(2024, 3, 10, 12, 0));
        assert_eq!(spring, span(utc(2024, 3, 10, 5, 0), utc(2024, 3, 11, 4, 0)));
        let (_, fall) = cal.local_day(utc(2024, 11, 3, 12, 0));
        assert_eq!(fall, span(utc(2024, 11, 3, 4, 0), utc(2024, 11, 4, 5, 0)));
        assert_eq!(cal.scheduled_ms(date(2024, 3, 10)), 23 * HOUR);
        assert_eq!(cal.scheduled_ms(date(2024, 11, 3)), 25 * HOUR);
        assert_eq!(cal.working_spans(fall), [fall]);
        // Office hours are untouched by the change.
        let office = Schedule::default();
        let cal = office.in_zone(New_York);
        assert_eq!(cal.scheduled_ms(date(2024, 11, 4)), 7 * HOUR);
        assert_eq!(
            cal.working_spans(span(utc(2024, 11, 4, 0, 0), utc(2024, 11, 5, 0, 0)))[0],
            span(utc(2024, 11, 4, 14, 0), utc(2024, 11, 4, 17, 0))
        );
    }

    #[test]
    fn lord_howe_shifts_by_half_an_hour() {
        // 2024-04-07 02:00 (+11) becomes 01:30 (+10:30) at 2024-04-06 15:00 UTC;
        // 2024-10-06 02:00 (+10:30) becomes 02:30 (+11) at 2024-10-05 15:30 UTC.
        assert_eq!(offset_hours(&Lord_Howe, utc(2024, 4, 6, 14, 59)), 11.0);
        assert_eq!(offset_hours(&Lord_Howe, utc(2024, 4, 6, 15, 0)), 10.5);
        assert_eq!(offset_hours(&Lord_Howe, utc(2024, 10, 5, 15, 29)), 10.5);
        assert_eq!(offset_hours(&Lord_Howe, utc(2024, 10, 5, 15, 30)), 11.0);
        let all_day = every_day(&["00:00-24:00"]);
        let cal = all_day.in_zone(Lord_Howe);
        assert_eq!(cal.scheduled_ms(date(2024, 4, 7)), 24 * HOUR + 30 * MINUTE);
        assert_eq!(cal.scheduled_ms(date(2024, 10, 6)), 23 * HOUR + 30 * MINUTE);
        assert_eq!(
            cal.local_day(utc(2024, 10, 6, 0, 0)).1.len(),
            23 * HOUR + 30 * MINUTE
        );

        // The repeated half hour is worked twice, back to back...
        let repeated = every_day(&["01:30-02:00"]);
        let night = span(utc(2024, 4, 6, 0, 0), utc(2024, 4, 7, 0, 0));
        assert_eq!(
            repeated.in_zone(Lord_Howe).working_spans(night),
            [span(utc(2024, 4, 6, 14, 30), utc(2024, 4, 6, 15, 30))]
        );
        // ...and ten minutes inside it twice, half an hour apart.
        let inside = every_day(&["01:40-01:50"]);
        assert_eq!(
            inside.in_zone(Lord_Howe).working_spans(night),
            [
                span(utc(2024, 4, 6, 14, 40), utc(2024, 4, 6, 14, 50)),
                span(utc(2024, 4, 6, 15, 10), utc(2024, 4, 6, 15, 20))
            ]
        );
        let crossing_gap = every_day(&["01:45-02:45"]);
        assert_eq!(
            crossing_gap
                .in_zone(Lord_Howe)
                .scheduled_ms(date(2024, 10, 6)),
            30 * MINUTE
        );
    }

    #[test]
    fn a_move_to_another_zone_moves_the_hours() {
        let s = Schedule::default();
        // Monday 2024-06-03: 09:00-12:00 and 13:00-17:00 local.
        let day = span(utc(2024, 6, 3, 0, 0), utc(2024, 6, 4, 0, 0));
        assert_eq!(
            s.in_zone(Berlin).working_spans(day),
            [
                span(utc(2024, 6, 3, 7, 0), utc(2024, 6, 3, 10, 0)),
                span(utc(2024, 6, 3, 11, 0), utc(2024, 6, 3, 15, 0))
            ]
        );
        assert_eq!(
            s.in_zone(Tokyo).working_spans(day),
            [
                span(utc(2024, 6, 3, 0, 0), utc(2024, 6, 3, 3, 0)),
                span(utc(2024, 6, 3, 4, 0), utc(2024, 6, 3, 8, 0))
            ]
        );
        assert_eq!(
            s.in_zone(Tokyo).local_day(utc(2024, 6, 3, 20, 0)).0,
            date(2024, 6, 4)
        );
        assert_eq!(
            s.in_zone(Berlin).local_day(utc(2024, 6, 3, 20, 0)).0,
            date(2024, 6, 3)
        );
    }

    #[test]
    fn samoa_skipped_a_whole_day() {
        // Apia went from -10 to +14 at 2011-12-30 10:00 UTC: Friday 30 December never was.
        assert_eq!(offset_hours(&Apia, utc(2011, 12, 30, 9, 59)), -10.0);
        assert_eq!(offset_hours(&Apia, utc(2011, 12, 30, 10, 0)), 14.0);
        let s = every_day(&["09:00-17:00"]);
        let cal = s.in_zone(Apia);
        assert_eq!(cal.scheduled_ms(date(2011, 12, 30)), 0);
        assert_eq!(cal.scheduled_ms(date(2011, 12, 31)), 8 * HOUR);
        assert_eq!(
            cal.local_day(utc(2011, 12, 30, 9, 59)),
            (
                date(2011, 12, 29),
                span(utc(2011, 12, 29, 10, 0), utc(2011, 12, 30, 10, 0))
            )
        );
        assert_eq!(
            cal.local_day(utc(2011, 12, 30, 10, 0)),
            (
                date(2011, 12, 31),
                span(utc(2011, 12, 30, 10, 0), utc(2011, 12, 31, 10, 0))
            )
        );
        let both = span(utc(2011, 12, 29, 10, 0), utc(2011, 12, 31, 10, 0));
        assert_eq!(total(&cal.working_spans(both)), 16 * HOUR);
    }

    #[test]
    fn days_that_start_or_end_off_midnight() {
        // Beirut, 2019-10-27: midnight (+3) is 23:00 (+2) again, so the 26th is 25 hours.
        let s = every_day(&["00:00-24:00"]);
        let beirut = s.in_zone(Beirut);
        assert_eq!(
            beirut.local_day(utc(2019, 10, 26, 21, 30)),
            (
                date(2019, 10, 26),
                span(utc(2019, 10, 25, 21, 0), utc(2019, 10, 26, 22, 0))
            )
        );
        // St. John's, 2010-11-07: 00:01 (-2:30) became 23:01 (-3:30) of the 6th. The 7th
        // begins for one minute, the 6th comes back for an hour, then the 7th goes on.
        assert_eq!(offset_hours(&St_Johns, utc(2010, 11, 7, 2, 30)), -2.5);
        assert_eq!(offset_hours(&St_Johns, utc(2010, 11, 7, 2, 31)), -3.5);
        let cal = s.in_zone(St_Johns);
        let first_minute = span(utc(2010, 11, 7, 2, 30), utc(2010, 11, 7, 2, 31));
        let again = span(utc(2010, 11, 7, 2, 31), utc(2010, 11, 7, 3, 30));
        assert_eq!(
            cal.local_day(utc(2010, 11, 7, 2, 30)),
            (date(2010, 11, 7), first_minute)
        );
        assert_eq!(
            cal.local_day(utc(2010, 11, 7, 3, 0)),
            (date(2010, 11, 6), again)
        );
        assert_eq!(cal.local_day(utc(2010, 11, 7, 3, 30)).0, date(2010, 11, 7));
        assert_eq!(cal.scheduled_ms(date(2010, 11, 6)), 25 * HOUR - MINUTE);
        assert_eq!(cal.scheduled_ms(date(2010, 11, 7)), 24 * HOUR + MINUTE);
    }

    #[test]
    fn break_at_names_breaks_inside_working_hours_only() {
        let s = from_json(
            r#"{"hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"]},
                "breaks": [{"name": "Lunch", "time": "12:00-13:00"},
                           {"name": "Stand-up", "days": ["tue"], "time": "10:00-10:15"},
                           {"name": "Late", "time": "18:00-19:00"}],
                "days_off": ["2024-06-11"]}"#,
        )
        .unwrap();
        let cal = s.in_zone(Berlin);
        let name = |at| cal.break_at(at).map(|b| b.name.as_str());
        // Monday 2024-06-03, CEST (+2).
        assert_eq!(name(utc(2024, 6, 3, 10, 30)), Some("Lunch"));
        assert_eq!(name(utc(2024, 6, 3, 10, 59)), Some("Lunch"));
        assert_eq!(name(utc(2024, 6, 3, 11, 0)), None, "13:00 is work again");
        assert_eq!(
            name(utc(2024, 6, 3, 8, 5)),
            None,
            "the stand-up is on Tuesdays"
        );
        assert_eq!(name(utc(2024, 6, 4, 8, 5)), Some("Stand-up"));
        assert_eq!(
            name(utc(2024, 6, 3, 16, 30)),
            None,
            "a break after hours is off-hours"
        );
        assert_eq!(
            name(utc(2024, 6, 3, 5, 0)),
            None,
            "before work is off-hours"
        );
        assert_eq!(name(utc(2024, 6, 10, 10, 30)), Some("Lunch"));
        assert_eq!(
            name(utc(2024, 6, 11, 10, 30)),
            None,
            "a day off has no breaks"
        );
    }

    #[test]
    fn next_change_finds_the_next_boundary() {
        let s = from_json(
            r#"{"hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "fri": ["09:00-17:00"]},
                "breaks": [{"name": "Lunch", "time": "12:00-13:00"}],
                "days_off": ["2024-06-04"]}"#,
        )
        .unwrap();
        let cal = s.in_zone(Berlin);
        // Monday 2024-06-03 in CEST (+2).
        assert_eq!(
            cal.next_change(utc(2024, 6, 3, 6, 0)),
            Some(utc(2024, 6, 3, 7, 0))
        );
        assert_eq!(
            cal.next_change(utc(2024, 6, 3, 7, 0)),
            Some(utc(2024, 6, 3, 10, 0))
        );
        assert_eq!(
            cal.next_change(utc(2024, 6, 3, 9, 59)),
            Some(utc(2024, 6, 3, 10, 0))
        );
        assert_eq!(
            cal.next_change(utc(2024, 6, 3, 10, 0)),
            Some(utc(2024, 6, 3, 11, 0))
        );
        // Tuesday is a day off: Friday comes next.
        assert_eq!(
            cal.next_change(utc(2024, 6, 3, 15, 0)),
            Some(utc(2024, 6, 7, 7, 0))
        );
        assert_eq!(
            Schedule::new(Default::default(), vec![], [])
                .unwrap()
                .in_zone(Utc)
                .next_change(0),
            None
        );
        // Always working: nothing to wake up for.
        assert_eq!(
            every_day(&["00:00-24:00"]).in_zone(Berlin).next_change(0),
            None
        );
        // A lunch break that covers the only working hours leaves no working time.
        let eaten = from_json(
            r#"{"hours": {"mon": ["12:00-13:00"]}, "breaks": [{"time": "11:00-14:00"}]}"#,
        );
        assert_eq!(eaten.unwrap().in_zone(Utc).next_change(0), None);
    }

    #[test]
    fn instants_beyond_the_years_it_knows_do_no_harm() {
        let s = every_day(&["00:00-24:00"]);
        let cal = s.in_zone(Berlin);
        assert!(cal
            .working_spans(span(Millis::MIN, Millis::MIN + 10))
            .is_empty());
        assert!(cal
            .working_spans(span(Millis::MAX - 10, Millis::MAX))
            .is_empty());
        assert!(!cal.is_working(Millis::MIN) && !cal.is_working(Millis::MAX));
        let (_, late) = cal.local_day(Millis::MAX - 1);
        assert!(late.start < Millis::MAX && late.end == Millis::MAX);
        let (_, early) = cal.local_day(Millis::MIN);
        assert!(early.start == Millis::MIN && early.end > Millis::MIN);
        assert_eq!(cal.next_change(Millis::MAX), None);
        assert_eq!(
            Schedule::default().in_zone(Utc).next_change(Millis::MIN),
            Some(utc(1, 1, 1, 9, 0))
        );
        assert_eq!(FIRST, utc(1, 1, 1, 0, 0));
        assert_eq!(LAST, utc(10000, 1, 1, 0, 0));
    }

    thread_local! {
        static ASKED: Cell<usize> = const { Cell::new(0) };
    }

    /// A zone that counts how often it is asked for an offset.
    #[derive(Clone, Debug)]
    struct Counting(Tz);

    impl TimeZone for Counting {
        type Offset = <Tz as TimeZone>::Offset;
        fn from_offset(offset: &Self::Offset) -> Self {
            Counting(Tz::from_offset(offset))
        }
        fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<Self::Offset> {
            self.0.offset_from_local_date(local)
        }
        fn offset_from_local_datetime(
            &self,
            local: &NaiveDateTime,
        ) -> MappedLocalTime<Self::Offset> {
            self.0.offset_from_local_datetime(local)
        }
        fn offset_from_utc_date(&self, utc: &NaiveDate) -> Self::Offset {
            self.0.offset_from_utc_date(utc)
        }
        fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> Self::Offset {
            ASKED.with(|n| n.set(n.get() + 1));
            self.0.offset_from_utc_datetime(utc)
        }
    }

    fn asked(f: impl FnOnce()) -> usize {
        ASKED.with(|n| n.set(0));
        f();
        ASKED.with(Cell::get)
    }

    #[test]
    fn the_zone_is_asked_a_few_times_not_every_minute() {
        let s = Schedule::default();
        let cal = s.in_zone(Counting(Berlin));
        let now = utc(2024, 10, 28, 9, 0);
        assert_eq!(
            asked(|| drop(cal.working_spans(span(now, now + 5 * MINUTE)))),
            2
        );
        assert_eq!(
            asked(|| {
                std::hint::black_box(cal.is_working(now));
            }),
            1
        );
        assert!(
            asked(|| {
                std::hint::black_box(cal.local_day(now));
            }) <= 5
        );
        // A window over the autumn change: a bisection, not a walk.
        let over = span(utc(2024, 10, 26, 0, 0), utc(2024, 10, 28, 0, 0));
        assert!(asked(|| drop(cal.working_spans(over))) < 50);
        assert!(
            asked(|| {
                std::hint::black_box(cal.local_day(utc(2024, 10, 27, 12, 0)));
            }) < 80
        );
        assert!(
            asked(|| {
                std::hint::black_box(cal.next_change(now));
            }) <= 20
        );
    }

    // ---- properties ----

    fn arb_day() -> impl Strategy<Value = Vec<Interval>> {
        prop::collection::btree_set(0u16..=DAY_MINUTES, 0..=6).prop_map(|cuts| {
            let cuts: Vec<u16> = cuts.into_iter().collect();
            cuts.chunks_exact(2)
                .map(|p| Interval::new(p[0], p[1]))
                .collect()
        })
    }

    fn arb_break() -> impl Strategy<Value = Break> {
        (0u8..128, 0u16..DAY_MINUTES, 1u16..=240).prop_map(|(mask, start, len)| {
            let days = WEEK
                .into_iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0);
            let mut set = WeekdaySet::EMPTY;
            days.for_each(|(_, d)| {
                set.insert(d);
            });
            Break::new(
                "b",
                set,
                Interval::new(start, (start + len).min(DAY_MINUTES)),
            )
        })
    }

    /// Offset changes of the zones below, in 2024.
    fn changes() -> [Millis; 6] {
        [
            utc(2024, 3, 31, 1, 0),
            utc(2024, 10, 27, 1, 0),
            utc(2024, 3, 10, 7, 0),
            utc(2024, 11, 3, 6, 0),
            utc(2024, 4, 6, 15, 0),
            utc(2024, 10, 5, 15, 30),
        ]
    }

    /// Days off fall near the windows below, so they matter.
    fn arb_schedule() -> impl Strategy<Value = Schedule> {
        let near: Vec<NaiveDate> = changes()
            .iter()
            .flat_map(|&c| (-3..=3).map(move |i| date_of(c.div_euclid(DAY) + i)))
            .collect();
        (
            prop::array::uniform7(arb_day()),
            prop::collection::vec(arb_break(), 0..3),
            prop::collection::btree_set(prop::sample::select(near), 0..4),
        )
            .prop_map(|(hours, breaks, off)| Schedule::new(hours, breaks, off).unwrap())
    }

    /// Zones with and without DST, 30-minute shifts among them.
    const ZONES: [Tz; 5] = [
        chrono_tz::UTC,
        Berlin,
        New_York,
        Lord_Howe,
        chrono_tz::Asia::Kolkata,
    ];

    /// Around offset changes of the zones above.
    fn arb_instant() -> impl Strategy<Value = Millis> {
        (prop::sample::select(changes().to_vec()), -3 * DAY..3 * DAY).prop_map(|(c, d)| c + d)
    }

    /// Whether a minute is working time, read straight from the schedule's
    /// parts with chrono-tz's own conversion to local time.
    fn oracle(s: &Schedule, tz: Tz, at: Millis) -> bool {
        let local = DateTime::from_timestamp_millis(at)
            .unwrap()
            .with_timezone(&tz)
            .naive_local();
        let (d, wd) = (local.date(), local.date().weekday());
        let minute = (local.hour() * 60 + local.minute()) as u16;
        let inside = |iv: &Interval| iv.start <= minute && minute < iv.end;
        !s.days_off().contains(&d)
            && s.hours(wd).iter().any(inside)
            && !s
                .breaks()
                .iter()
                .any(|b| b.days.contains(wd) && inside(&b.time))
    }

    fn check_shape(spans: &[Span], window: Span) -> Result<(), TestCaseError> {
        for s in spans {
            prop_assert!(!s.is_empty());
            prop_assert!(
                window.start <= s.start && s.end <= window.end,
                "{s:?} outside {window:?}"
            );
        }
        for pair in spans.windows(2) {
            prop_assert!(
                pair[0].end < pair[1].start,
                "not ordered and apart: {pair:?}"
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn spans_are_exactly_the_working_minutes(
            s in arb_schedule(),
            zone in prop::sample::select(ZONES.to_vec()),
            start in arb_instant(),
            minutes in 0i64..2 * 24 * 60,
        ) {
            let start = start - start.rem_euclid(MINUTE);
            let window = span(start, start + minutes * MINUTE);
            let spans = s.in_zone(zone).working_spans(window);
            check_shape(&spans, window)?;
            let mut expected = Vec::new();
            for m in 0..minutes {
                let t = start + m * MINUTE;
                if oracle(&s, zone, t) {
                    match expected.last_mut() {
                        Some(Span { end, .. }) if *end == t => *end = t + MINUTE,
                        _ => expected.push(span(t, t + MINUTE)),
                    }
                }
            }
            prop_assert_eq!(spans, expected);
        }

        #[test]
        fn splitting_a_window_changes_nothing(
            s in arb_schedule(),
            zone in prop::sample::select(ZONES.to_vec()),
            start in arb_instant(),
            lens in (0i64..2 * DAY, 0i64..2 * DAY),
        ) {
            let cal = s.in_zone(zone);
            let (a, b, c) = (start, start + lens.0, start + lens.0 + lens.1);
            let whole = cal.working_spans(span(a, c));
            let (left, right) = (cal.working_spans(span(a, b)), cal.working_spans(span(b, c)));
            check_shape(&whole, span(a, c))?;
            check_shape(&left, span(a, b))?;
            check_shape(&right, span(b, c))?;
            prop_assert_eq!(total(&whole), total(&left) + total(&right));
            let mut joined = left.clone();
            for r in right {
                match joined.last_mut() {
                    Some(l) if l.end == r.start => l.end = r.end,
                    _ => joined.push(r),
                }
            }
            prop_assert_eq!(whole, joined);
        }

        #[test]
        fn is_working_agrees_with_the_spans(
            s in arb_schedule(),
            zone in prop::sample::select(ZONES.to_vec()),
            start in arb_instant(),
            len in 1i64..2 * DAY,
            probes in prop::collection::vec(0.0f64..1.0, 20),
        ) {
            let cal = s.in_zone(zone);
            let window = span(start, start + len);
            let spans = cal.working_spans(window);
            let inside = |t: Millis| spans.iter().any(|s| s.start <= t && t < s.end);
            let mut points: Vec<Millis> =
                probes.iter().map(|p| start + (p * len as f64) as Millis).collect();
            for s in &spans {
                points.extend([s.start, s.end - 1, s.end, s.start - 1]);
            }
            for t in points.into_iter().filter(|&t| window.start <= t && t < window.end) {
                prop_assert_eq!(cal.is_working(t), inside(t), "at {}", t);
            }
        }

        #[test]
        fn next_change_is_the_first_flip(
            s in arb_schedule(),
            zone in prop::sample::select(ZONES.to_vec()),
            at in arb_instant(),
        ) {
            let cal = s.in_zone(zone);
            let now = cal.is_working(at);
            let spans = cal.working_spans(span(at, at + 30 * DAY));
            let expected = spans.first().map(|f| if f.start > at { f.start } else { f.end });
            match cal.next_change(at) {
                Some(c) => {
                    prop_assert_eq!(Some(c), expected);
                    prop_assert!(c > at && cal.is_working(c) != now && cal.is_working(c - 1) == now);
                }
                // Nothing within 30 days means no working time at all for these schedules.
                None => prop_assert!(s.never_works() && spans.is_empty()),
            }
        }

        #[test]
        fn days_add_up_to_their_working_time(
            s in arb_schedule(),
            zone in prop::sample::select(ZONES.to_vec()),
            at in arb_instant(),
            days in 1usize..5,
        ) {
            let cal = s.in_zone(zone);
            let (first, mut day) = cal.local_day(at);
            prop_assert!(day.start <= at && at < day.end);
            let local = DateTime::from_timestamp_millis(at).unwrap().with_timezone(&zone);
            prop_assert_eq!(first, local.date_naive());
            let start = day.start;
            let mut scheduled = 0;
            for i in 0..days {
                let (d, next) = cal.local_day(day.start);
                prop_assert_eq!(next, day);
                prop_assert_eq!(d, date_of(day_of(first) + i as i64));
                prop_assert!((23 * HOUR..=25 * HOUR).contains(&day.len()));
                prop_assert_ne!(cal.local_day(day.start - 1).0, d);
                scheduled += cal.scheduled_ms(d);
                day = cal.local_day(day.end).1;
            }
            let window = span(start, day.start);
            prop_assert_eq!(total(&cal.working_spans(window)), scheduled);
        }

        #[test]
        fn a_fixed_offset_total_is_the_days_scheduled_time_in_the_window(
            s in arb_schedule(),
            offset_quarters in -48i32..=56,
            start in arb_instant(),
            len in 0i64..4 * DAY,
        ) {
            let zone = FixedOffset::east_opt(offset_quarters * 15 * 60).unwrap();
            let cal = s.in_zone(zone);
            let window = span(start, start + len);
            let off = Millis::from(offset_quarters) * 15 * MINUTE;
            let mut expected = 0;
            let (first, last) = ((start + off).div_euclid(DAY), (start + len + off).div_euclid(DAY));
            for day in first..=last {
                let midnight = day * DAY - off;
                let whole = span(midnight, midnight + DAY);
                prop_assert_eq!(total(&cal.working_spans(whole)), cal.scheduled_ms(date_of(day)));
                let in_window = cal.working_spans(whole.intersect(&window).unwrap_or(span(0, 0)));
                expected += total(&in_window);
                // Every working minute of the day, read from the schedule's parts.
                let minutes: Millis = if s.days_off().contains(&date_of(day)) {
                    0
                } else {
                    s.working(WEEK[weekday_of(day)]).iter().map(|iv| Millis::from(iv.minutes())).sum()
                };
                prop_assert_eq!(cal.scheduled_ms(date_of(day)), minutes * MINUTE);
            }
            prop_assert_eq!(total(&cal.working_spans(window)), expected);
        }

        #[test]
        fn the_stored_form_round_trips(s in arb_schedule()) {
            let json = serde_json::to_string(&s).unwrap();
            prop_assert_eq!(from_json(&json).unwrap(), s);
        }
    }
}
