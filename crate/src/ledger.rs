//! The ledger: timestamped browser events in, milliseconds per local day,
//! category and domain out.
//!
//! It is a small state machine. Between two consecutive events the state
//! (what is in front, whether the browser has focus, idle or locked, paused)
//! does not change, so each event first counts the *step* since the previous
//! event under the old state, then changes the state. A step counts only
//! while a tracked activity is in front of a focused browser, the person is
//! active and not paused, and only inside the calendar's working spans; it
//! is split at local midnight. Nothing else is ever counted, not even as a
//! hidden total.
//!
//! Rules about time itself, all in [`Ledger::apply`]:
//! - Sign of life: a step longer than `max_gap` (sleep, crash, killed
//!   browser) counts nothing; counting starts again at the event after it.
//! - A `Startup` counts nothing before it; a `Shutdown` counts up to it and
//!   closes the segment, so the next event counts nothing before itself.
//! - An event at most `max_gap` earlier than the previous one is applied at
//!   the previous one's time: it changes the state, counts nothing. Further
//!   back, the clock jumped: a new segment starts at the event.
//! - The *floor* is the furthest instant any step has reached; nothing
//!   before it is counted again, so a clock that goes back never counts an
//!   instant twice.
//! - A pause with an end is over once an event at or after its end is
//!   applied; a clock that goes back later does not bring it back.
//! - Blink: switching between two browser windows can report the browser
//!   losing focus and, a moment later, the new window. An `Unfocused` while
//!   the browser has focus and a tracked activity in front opens a *blink*
//!   of [`BLINK`]. If a `Focus` or `Untracked` comes no later than `BLINK`
//!   after the `Unfocused`, the blink is confirmed: everything counts exactly
//!   as if the `Unfocused` had never happened, so the time up to that event
//!   goes to the activity in front before the `Unfocused`, under all the
//!   other conditions (working time, pause, idle or locked, `max_gap`, the
//!   floor). Until then nothing of it is counted, and [`Ledger::status`]
//!   says `Unfocused`. Events inside the blink are applied as usual (an
//!   `Idle` or a `Pause` still stops the clock from its instant; a heartbeat
//!   is a sign of life); another `Unfocused` does not extend it. The blink
//!   ends unconfirmed, and nothing counts from the `Unfocused` on, at the
//!   first event later than `BLINK` after it, at a `Startup` or `Shutdown`,
//!   or at an event that starts a new segment (after a silence longer than
//!   `max_gap`, or the clock going back further than that).
//!
//! The state is split for storage: [`Cursor`] (a few fields, worth saving on
//! every event) and [`Totals`] (one entry per day; `apply` returns the days
//! it changed, so only those need writing).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Bound, RangeBounds, RangeInclusive};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::time::{Calendar, Millis, Span, HOUR, MINUTE};

/// How long the ledger trusts that the browser is alive after an event.
/// The extension sends a heartbeat every 30 seconds: a minute tolerates one
/// missed beat, and after a crash or a machine sleep never counts more than
/// a minute past the last sign of life.
pub const DEFAULT_MAX_GAP: Millis = MINUTE;

/// How long the browser may lose focus and still count as never having lost
/// it (a window switch); see the module's rules.
pub const BLINK: Millis = 1_500;

/// The longest `max_gap` accepted: longer would count a sleeping computer.
pub const LONGEST_MAX_GAP: Millis = HOUR;

/// What is counted: a category, and the domain unless the person chose to
/// track categories only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Activity {
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

/// Something that happened, at a UTC instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Millis,
    pub kind: EventKind,
}

/// What happened. Focus events also mean the browser has focus: the
/// extension sends one when the browser regains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A tracked activity is in front.
    Focus(Activity),
    /// Something not tracked is in front (a browser page, an unclassified
    /// site): the clock stops.
    Untracked,
    /// The browser lost focus to another application.
    Unfocused,
    Idle,
    Locked,
    /// Input again after `Idle` or `Locked`.
    Active,
    /// A pause until a time (it ends by itself then), or until `Resume`.
    Pause {
        #[serde(default)]
        until: Option<Millis>,
    },
    Resume,
    /// Nothing changed, but the browser is alive.
    Heartbeat,
    /// The browser (or the extension) started: a new segment.
    Startup,
    /// The browser is closing: counting stops here.
    Shutdown,
}

/// Whether the person is at the computer, as the browser's idle API says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    #[default]
    Active,
    Idle,
    Locked,
}

/// A pause the person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pause {
    Until(Millis),
    Indefinite,
}

/// The open segment and the current state: everything but the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cursor {
    max_gap: Millis,
    /// Where the open step starts (the last event applied); `None` when no
    /// segment is open.
    last: Option<Millis>,
    /// The furthest instant a step has reached; nothing before it counts.
    floor: Option<Millis>,
    focus: Option<Activity>,
    /// The browser has focus.
    browser: bool,
    presence: Presence,
    pause: Option<Pause>,
    /// An `Unfocused` that may still turn out to be a blink.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    blink: Option<Blink>,
}

/// The browser lost focus at `since` with an activity in front; `spans`
/// (`[start, end)`, in order) is what counts if it regains focus in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Blink {
    since: Millis,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    spans: Vec<(Millis, Millis)>,
}

impl Default for Cursor {
    fn default() -> Self {
        Self {
            max_gap: DEFAULT_MAX_GAP,
            last: None,
            floor: None,
            focus: None,
            browser: true,
            presence: Presence::Active,
            pause: None,
            blink: None,
        }
    }
}

impl Cursor {
    pub fn max_gap(&self) -> Millis {
        self.max_gap
    }

    /// The time of the last event applied, if a segment is open.
    pub fn last(&self) -> Option<Millis> {
        self.last
    }

    /// The furthest instant counting has reached: nothing before it counts
    /// again (the clock went back when it is later than [`Cursor::last`]).
    pub fn floor(&self) -> Option<Millis> {
        self.floor
    }

    /// Nothing before `at` counts from now on (consent was given at `at`,
    /// and a clock set back later must not count time before it).
    pub(crate) fn raise_floor(&mut self, at: Millis) {
        self.floor = Some(self.floor.map_or(at, |f| f.max(at)));
    }

    /// The tracked activity in front of the browser, focused or not; `None`
    /// when nothing tracked is (or nothing is known). Idle, a pause or
    /// working hours do not change it.
    pub fn front(&self) -> Option<&Activity> {
        self.focus.as_ref()
    }

    /// Whether the browser has focus (during a blink, it has not yet).
    pub fn browser_focused(&self) -> bool {
        self.browser
    }

    /// The part of `[from, to)` that counts for what is in front if the
    /// browser has focus: when the person is active, not paused, and after
    /// the floor.
    fn countable(&self, from: Millis, to: Millis) -> Option<(&Activity, Span)> {
        let activity = self.focus.as_ref()?;
        if self.presence != Presence::Active {
            return None;
        }
        let unpaused = match self.pause {
            None => Millis::MIN,
            Some(Pause::Until(end)) => end,
            Some(Pause::Indefinite) => return None,
        };
        let start = from.max(unpaused).max(self.floor.unwrap_or(Millis::MIN));
        (start < to).then_some((activity, Span::new(start, to)))
    }

    /// The browser session's state goes; the person's pause stays.
    fn reset_session(&mut self) {
        self.focus = None;
        self.browser = true;
        self.presence = Presence::Active;
        self.blink = None;
    }

    /// Counts `[from, to)` under the current state into `totals`.
    fn count(
        &self,
        from: Millis,
        to: Millis,
        calendar: &(impl Calendar + ?Sized),
        totals: &mut Totals,
    ) -> Option<RangeInclusive<NaiveDate>> {
        let (activity, window) = self.countable(from, to).filter(|_| self.browser)?;
        count_window(activity, window, calendar, totals)
    }
}

/// Counts the working time in `window` for `activity`, split into local
/// days.
fn count_window(
    activity: &Activity,
    window: Span,
    calendar: &(impl Calendar + ?Sized),
    totals: &mut Totals,
) -> Option<RangeInclusive<NaiveDate>> {
    let mut touched = None;
    // A calendar breaking its contract with overlapping spans still
    // cannot make an instant count twice.
    let mut done = window.start;
    for span in calendar.working_spans(window) {
        let Some(span) = span.intersect(&window) else {
            continue;
        };
        let mut at = span.start.max(done);
        while at < span.end {
            let (date, day) = calendar.local_day(at);
            let end = if day.end > at {
                day.end.min(span.end)
            } else {
                span.end
            };
            totals.add(date, activity, end.saturating_sub(at));
            touched = Some(widen(touched, date));
            at = end;
        }
        done = done.max(span.end);
    }
    touched
}

fn widen(range: Option<RangeInclusive<NaiveDate>>, date: NaiveDate) -> RangeInclusive<NaiveDate> {
    match range {
        None => date..=date,
        Some(r) => (*r.start()).min(date)..=(*r.end()).max(date),
    }
}

fn union(
    a: Option<RangeInclusive<NaiveDate>>,
    b: Option<RangeInclusive<NaiveDate>>,
) -> Option<RangeInclusive<NaiveDate>> {
    match (a, b) {
        (None, b) => b,
        (a, None) => a,
        (Some(a), Some(b)) => Some((*a.start()).min(*b.start())..=(*a.end()).max(*b.end())),
    }
}

/// One category's time on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTotals {
    /// All of the category's time, with or without a domain.
    pub ms: Millis,
    /// Time per domain; time counted in category-only mode is in `ms` only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub domains: BTreeMap<String, Millis>,
}

/// One local day's time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTotals {
    /// The day's total, the sum over categories.
    pub ms: Millis,
    #[serde(default)]
    pub categories: BTreeMap<String, CategoryTotals>,
}

impl DayTotals {
    pub fn category_ms(&self, category: &str) -> Millis {
        self.categories.get(category).map_or(0, |c| c.ms)
    }

    pub fn domain_ms(&self, category: &str, domain: &str) -> Millis {
        self.categories
            .get(category)
            .and_then(|c| c.domains.get(domain))
            .copied()
            .unwrap_or(0)
    }

    fn add(&mut self, activity: &Activity, ms: Millis) {
        self.ms = self.ms.saturating_add(ms);
        let category = match self.categories.get_mut(&activity.category) {
            Some(c) => c,
            None => self
                .categories
                .entry(activity.category.clone())
                .or_default(),
        };
        category.ms = category.ms.saturating_add(ms);
        if let Some(domain) = &activity.domain {
            match category.domains.get_mut(domain) {
                Some(d) => *d = d.saturating_add(ms),
                None => {
                    category.domains.insert(domain.clone(), ms);
                }
            }
        }
    }

    pub(crate) fn merge(&mut self, other: &DayTotals) {
        self.ms = self.ms.saturating_add(other.ms);
        for (name, theirs) in &other.categories {
            let ours = self.categories.entry(name.clone()).or_default();
            ours.ms = ours.ms.saturating_add(theirs.ms);
            for (domain, ms) in &theirs.domains {
                let d = ours.domains.entry(domain.clone()).or_default();
                *d = d.saturating_add(*ms);
            }
        }
    }
}

/// Time per local day. Days with nothing counted are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Totals {
    days: BTreeMap<NaiveDate, DayTotals>,
}

impl Totals {
    pub fn day(&self, date: NaiveDate) -> Option<&DayTotals> {
        self.days.get(&date)
    }

    /// The days with time in `range`, oldest first. An inverted range is
    /// empty.
    pub fn days(
        &self,
        range: impl RangeBounds<NaiveDate>,
    ) -> impl Iterator<Item = (NaiveDate, &DayTotals)> {
        let valid = match (range.start_bound(), range.end_bound()) {
            (Bound::Included(s) | Bound::Excluded(s), Bound::Included(e) | Bound::Excluded(e))
                if s > e =>
            {
                false
            }
            (Bound::Excluded(s), Bound::Excluded(e)) => s != e,
            _ => true,
        };
        valid
            .then(|| self.days.range(range))
            .into_iter()
            .flatten()
            .map(|(date, day)| (*date, day))
    }

    /// Everything counted on `date`, in milliseconds.
    pub fn total_ms(&self, date: NaiveDate) -> Millis {
        self.day(date).map_or(0, |d| d.ms)
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Puts back a day loaded from storage, returning the one it replaces.
    pub fn insert_day(&mut self, date: NaiveDate, day: DayTotals) -> Option<DayTotals> {
        self.days.insert(date, day)
    }

    /// Drops a day (retention), returning it.
    pub fn remove_day(&mut self, date: NaiveDate) -> Option<DayTotals> {
        self.remove_days(&[date]).pop()
    }

    /// Drops the days of `dates` (sorted or not), returning those there were.
    /// The map is rebuilt without them: `BTreeMap::remove` costs ~4 KB of
    /// wasm, and rebuilding a year of days takes microseconds.
    pub fn remove_days(&mut self, dates: &[NaiveDate]) -> Vec<DayTotals> {
        let mut removed = Vec::new();
        if dates.iter().any(|d| self.days.contains_key(d)) {
            let mut kept = BTreeMap::new();
            for (date, day) in std::mem::take(&mut self.days) {
                if dates.contains(&date) {
                    removed.push(day);
                } else {
                    kept.insert(date, day);
                }
            }
            self.days = kept;
        }
        removed
    }

    fn add(&mut self, date: NaiveDate, activity: &Activity, ms: Millis) {
        if ms > 0 {
            self.days.entry(date).or_default().add(activity, ms);
        }
    }
}

/// What the ledger is doing at an instant, for the popup. The first that
/// applies, in this order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Paused by the person, until a time or until they resume.
    Paused {
        until: Option<Millis>,
    },
    /// Nothing can count at this instant: no event yet, the browser shut
    /// down, the last sign of life is older than `max_gap`, or the clock went
    /// back to an instant already counted.
    Stopped,
    /// The calendar says this is not working time.
    OffHours,
    Locked,
    Idle,
    /// Another application has focus.
    Unfocused,
    /// Nothing tracked is in front.
    Untracked,
    Tracking(Activity),
}

/// Why a ledger cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    MaxGapOutOfRange(Millis),
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MaxGapOutOfRange(ms) => write!(
                f,
                "the longest gap between signs of life must be more than 0 and at most \
                 {LONGEST_MAX_GAP} ms (got {ms} ms)"
            ),
        }
    }
}

impl std::error::Error for LedgerError {}

/// The whole ledger: the open segment and the totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub cursor: Cursor,
    pub totals: Totals,
}

impl Ledger {
    /// An empty ledger with [`DEFAULT_MAX_GAP`].
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty ledger that trusts the browser alive for `max_gap` after each
    /// event.
    pub fn with_max_gap(max_gap: Millis) -> Result<Self, LedgerError> {
        if !(1..=LONGEST_MAX_GAP).contains(&max_gap) {
            return Err(LedgerError::MaxGapOutOfRange(max_gap));
        }
        let mut ledger = Self::default();
        ledger.cursor.max_gap = max_gap;
        Ok(ledger)
    }

    /// Counts the step up to `event`, then applies it. Returns the local days
    /// whose totals changed (every day with time is inside the range).
    pub fn apply(
        &mut self,
        event: &Event,
        calendar: &(impl Calendar + ?Sized),
    ) -> Option<RangeInclusive<NaiveDate>> {
        let cursor = &mut self.cursor;
        let startup = matches!(event.kind, EventKind::Startup);
        // `same`: the event continues the open segment.
        let (at, from, same) = match cursor.last {
            None => (event.at, None, false),
            Some(last) if event.at >= last => {
                let live = !startup && event.at.saturating_sub(last) <= cursor.max_gap;
                (event.at, live.then_some(last), live)
            }
            Some(last) if last.saturating_sub(event.at) <= cursor.max_gap => (last, None, true),
            Some(_) => (event.at, None, false),
        };
        if let Some(blink) = &cursor.blink {
            if !same || at.saturating_sub(blink.since) > BLINK {
                cursor.blink = None;
            }
        }
        let mut touched = None;
        if let Some(from) = from {
            touched = cursor.count(from, at, calendar, &mut self.totals);
            // Inside a blink, what would count had the browser kept focus.
            let span = cursor.countable(from, at).map(|(_, s)| (s.start, s.end));
            if let (Some(blink), Some(span)) = (&mut cursor.blink, span) {
                match blink.spans.last_mut() {
                    Some(last) if last.1 == span.0 => last.1 = span.1,
                    _ => blink.spans.push(span),
                }
            }
            cursor.floor = Some(cursor.floor.map_or(at, |f| f.max(at)));
        }
        cursor.last = Some(at);
        if matches!(event.kind, EventKind::Focus(_) | EventKind::Untracked) {
            if let (Some(blink), Some(activity)) = (cursor.blink.take(), &cursor.focus) {
                for (start, end) in blink.spans {
                    let window = Span::new(start, end);
                    let more = count_window(activity, window, calendar, &mut self.totals);
                    touched = union(touched, more);
                }
            }
        }
        match &event.kind {
            EventKind::Focus(activity) => {
                if cursor.focus.as_ref() != Some(activity) {
                    cursor.focus = Some(activity.clone());
                }
                cursor.browser = true;
            }
            EventKind::Untracked => {
                cursor.focus = None;
                cursor.browser = true;
            }
            EventKind::Unfocused => {
                if cursor.browser && cursor.focus.is_some() {
                    cursor.blink = Some(Blink {
                        since: at,
                        spans: Vec::new(),
                    });
                }
                cursor.browser = false;
            }
            EventKind::Idle => cursor.presence = Presence::Idle,
            EventKind::Locked => cursor.presence = Presence::Locked,
            EventKind::Active => cursor.presence = Presence::Active,
            EventKind::Pause { until } => {
                cursor.pause = Some(until.map_or(Pause::Indefinite, Pause::Until));
            }
            EventKind::Resume => cursor.pause = None,
            EventKind::Heartbeat => {}
            EventKind::Startup => cursor.reset_session(),
            EventKind::Shutdown => {
                cursor.reset_session();
                cursor.last = None;
            }
        }
        if matches!(cursor.pause, Some(Pause::Until(end)) if end <= at) {
            cursor.pause = None;
        }
        touched
    }

    /// [`Ledger::apply`] for each event in turn; returns all days changed.
    pub fn apply_all<'a>(
        &mut self,
        events: impl IntoIterator<Item = &'a Event>,
        calendar: &(impl Calendar + ?Sized),
    ) -> Option<RangeInclusive<NaiveDate>> {
        events.into_iter().fold(None, |touched, event| {
            union(touched, self.apply(event, calendar))
        })
    }

    /// Counts the open step up to `at`: exactly a heartbeat at `at`.
    pub fn settle(
        &mut self,
        at: Millis,
        calendar: &(impl Calendar + ?Sized),
    ) -> Option<RangeInclusive<NaiveDate>> {
        self.apply(
            &Event {
                at,
                kind: EventKind::Heartbeat,
            },
            calendar,
        )
    }

    /// What a heartbeat at `at` would add, without changing anything.
    pub fn pending(&self, at: Millis, calendar: &(impl Calendar + ?Sized)) -> Totals {
        let mut pending = Totals::default();
        let cursor = &self.cursor;
        if let Some(last) = cursor.last {
            if at >= last && at.saturating_sub(last) <= cursor.max_gap {
                cursor.count(last, at, calendar, &mut pending);
            }
        }
        pending
    }

    /// The day's totals as they would be after a heartbeat at `at`.
    pub fn live_day(
        &self,
        date: NaiveDate,
        at: Millis,
        calendar: &(impl Calendar + ?Sized),
    ) -> DayTotals {
        let mut day = self.totals.day(date).cloned().unwrap_or_default();
        if let Some(pending) = self.pending(at, calendar).day(date) {
            day.merge(pending);
        }
        day
    }

    /// What the ledger is doing at `at` (an instant before the last event
    /// is read as the last event's).
    pub fn status(&self, at: Millis, calendar: &(impl Calendar + ?Sized)) -> Status {
        let c = &self.cursor;
        let at = c.last.map_or(at, |last| at.max(last));
        match c.pause {
            Some(Pause::Indefinite) => return Status::Paused { until: None },
            Some(Pause::Until(end)) if at < end => return Status::Paused { until: Some(end) },
            _ => {}
        }
        let alive = c
            .last
            .is_some_and(|last| at.saturating_sub(last) < c.max_gap);
        if !alive || c.floor.is_some_and(|floor| at < floor) {
            return Status::Stopped;
        }
        if calendar
            .working_spans(Span::new(at, at.saturating_add(1)))
            .is_empty()
        {
            return Status::OffHours;
        }
        match (c.presence, c.browser, &c.focus) {
            (Presence::Locked, _, _) => Status::Locked,
            (Presence::Idle, _, _) => Status::Idle,
            (Presence::Active, false, _) => Status::Unfocused,
            (Presence::Active, true, None) => Status::Untracked,
            (Presence::Active, true, Some(activity)) => Status::Tracking(activity.clone()),
        }
    }

    pub fn day(&self, date: NaiveDate) -> Option<&DayTotals> {
        self.totals.day(date)
    }

    pub fn days(
        &self,
        range: impl RangeBounds<NaiveDate>,
    ) -> impl Iterator<Item = (NaiveDate, &DayTotals)> {
        self.totals.days(range)
    }

    pub fn total_ms(&self, date: NaiveDate) -> Millis {
        self.totals.total_ms(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SECOND;
    use proptest::prelude::*;

    const DAY: Millis = 24 * HOUR;
    /// 2024-03-09 00:00 UTC, a Saturday.
    const BASE: Millis = 1_709_942_400_000;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn epoch_plus(days: i64) -> NaiveDate {
        date(1970, 1, 1)
            .checked_add_signed(chrono::TimeDelta::days(days))
            .unwrap()
    }

    #[derive(Debug, Clone)]
    enum Work {
        Always,
        /// Every local day from `start` to `end`, in ms after local
        /// midnight; across midnight when `end < start`.
        Daily {
            start: Millis,
            end: Millis,
        },
        Spans(Vec<Span>),
    }

    /// Local days at a fixed offset from UTC.
    #[derive(Debug, Clone)]
    struct TestCal {
        offset: Millis,
        work: Work,
    }

    impl TestCal {
        fn index(&self, at: Millis) -> i64 {
            (at + self.offset).div_euclid(DAY)
        }

        fn midnight(&self, index: i64) -> Millis {
            index * DAY - self.offset
        }

        fn date_of(&self, at: Millis) -> NaiveDate {
            epoch_plus(self.index(at))
        }

        fn day_span(&self, day: NaiveDate) -> Span {
            let index = (day - date(1970, 1, 1)).num_days();
            Span::new(self.midnight(index), self.midnight(index + 1))
        }

        /// For the oracle: working at this instant?
        fn is_working(&self, at: Millis) -> bool {
            match &self.work {
                Work::Always => true,
                Work::Daily { start, end } => {
                    let local = (at + self.offset).rem_euclid(DAY);
                    if start < end {
                        *start <= local && local < *end
                    } else {
                        local >= *start || local < *end
                    }
                }
                Work::Spans(spans) => spans.iter().any(|s| s.start <= at && at < s.end),
            }
        }

        /// For the oracle: every instant in `(lo, hi)` where working or the
        /// local date may change.
        fn cuts(&self, lo: Millis, hi: Millis) -> Vec<Millis> {
            let mut cuts = Vec::new();
            for i in self.index(lo)..=self.index(hi) {
                let m = self.midnight(i);
                cuts.push(m);
                if let Work::Daily { start, end } = self.work {
                    cuts.extend([m + start, m + end]);
                }
            }
            if let Work::Spans(spans) = &self.work {
                cuts.extend(spans.iter().flat_map(|s| [s.start, s.end]));
            }
            cuts.retain(|c| lo < *c && *c < hi);
            cuts
        }
    }

    impl Calendar for TestCal {
        fn working_spans(&self, window: Span) -> Vec<Span> {
            match &self.work {
                Work::Always => window.intersect(&window).into_iter().collect(),
                Work::Daily { start, end } => (self.index(window.start) - 1
                    ..=self.index(window.end))
                    .filter_map(|i| {
                        let m = self.midnight(i);
                        let end = if end > start { m + end } else { m + DAY + end };
                        Span::new(m + start, end).intersect(&window)
                    })
                    .collect(),
                Work::Spans(spans) => spans.iter().filter_map(|s| s.intersect(&window)).collect(),
            }
        }

        fn local_day(&self, at: Millis) -> (NaiveDate, Span) {
            let date = self.date_of(at);
            (date, self.day_span(date))
        }
    }

    fn utc(work: Work) -> TestCal {
        TestCal { offset: 0, work }
    }

    /// 09:00 to 17:00 UTC.
    fn office() -> TestCal {
        utc(Work::Daily {
            start: 9 * HOUR,
            end: 17 * HOUR,
        })
    }

    fn always() -> TestCal {
        utc(Work::Always)
    }

    /// BASE's day (2024-03-09) at h:m UTC.
    fn hm(h: i64, m: i64) -> Millis {
        BASE + h * HOUR + m * MINUTE
    }

    fn act(category: &str, domain: Option<&str>) -> Activity {
        Activity {
            category: category.into(),
            domain: domain.map(String::from),
        }
    }

    fn work() -> Activity {
        act("Work", Some("github.com"))
    }

    fn ev(at: Millis, kind: EventKind) -> Event {
        Event { at, kind }
    }

    /// Heartbeats every `every` in `(from, to]`.
    fn beats(from: Millis, to: Millis, every: Millis) -> Vec<Event> {
        let mut out = Vec::new();
        let mut at = from;
        while at < to {
            at = (at + every).min(to);
            out.push(ev(at, EventKind::Heartbeat));
        }
        out
    }

    fn run(calendar: &TestCal, events: &[Event]) -> Ledger {
        let mut ledger = Ledger::new();
        ledger.apply_all(events, calendar);
        ledger
    }

    fn sat() -> NaiveDate {
        date(2024, 3, 9)
    }

    #[test]
    fn counts_category_and_domain() {
        let mut events = vec![ev(hm(10, 0), EventKind::Focus(work()))];
        events.extend(beats(hm(10, 0), hm(10, 30), MINUTE));
        events.push(ev(hm(10, 30), EventKind::Focus(act("Social", None))));
        events.extend(beats(hm(10, 30), hm(10, 45), 45 * SECOND));
        let ledger = run(&office(), &events);
        let day = ledger.day(sat()).unwrap();
        assert_eq!(day.ms, 45 * MINUTE);
        assert_eq!(day.category_ms("Work"), 30 * MINUTE);
        assert_eq!(day.domain_ms("Work", "github.com"), 30 * MINUTE);
        // Category-only mode keeps no domain.
        assert_eq!(day.category_ms("Social"), 15 * MINUTE);
        assert!(day.categories["Social"].domains.is_empty());
        assert_eq!(ledger.total_ms(sat()), 45 * MINUTE);
        assert_eq!(ledger.total_ms(date(2024, 3, 10)), 0);
    }

    #[test]
    fn only_working_spans_count() {
        let mut events = vec![ev(hm(8, 30), EventKind::Focus(work()))];
        events.extend(beats(hm(8, 30), hm(9, 30), MINUTE));
        events.push(ev(hm(16, 50), EventKind::Startup));
        events.push(ev(hm(16, 50), EventKind::Focus(work())));
        events.extend(beats(hm(16, 50), hm(17, 20), MINUTE));
        assert_eq!(run(&office(), &events).total_ms(sat()), 40 * MINUTE);
    }

    #[test]
    fn each_condition_stops_the_clock_until_undone() {
        for (stop, undo) in [
            (EventKind::Untracked, EventKind::Focus(work())),
            (EventKind::Unfocused, EventKind::Focus(work())),
            (EventKind::Idle, EventKind::Active),
            (EventKind::Locked, EventKind::Active),
            (EventKind::Pause { until: None }, EventKind::Resume),
        ] {
            let mut events = vec![ev(hm(10, 0), EventKind::Focus(work()))];
            events.extend(beats(hm(10, 0), hm(10, 10), MINUTE));
            events.push(ev(hm(10, 10), stop.clone()));
            events.extend(beats(hm(10, 10), hm(10, 40), MINUTE));
            events.push(ev(hm(10, 40), undo));
            events.extend(beats(hm(10, 40), hm(10, 45), MINUTE));
            let ledger = run(&office(), &events);
            assert_eq!(ledger.total_ms(sat()), 15 * MINUTE, "{stop:?}");
        }
    }

    #[test]
    fn a_pause_ends_by_itself_between_events() {
        let events = [
            ev(hm(10, 0), EventKind::Focus(work())),
            ev(
                hm(10, 0),
                EventKind::Pause {
                    until: Some(hm(10, 0) + 30 * SECOND),
                },
            ),
            ev(hm(10, 1), EventKind::Heartbeat),
            ev(hm(10, 2), EventKind::Heartbeat),
        ];
        let ledger = run(&office(), &events);
        assert_eq!(ledger.total_ms(sat()), 90 * SECOND);
        // A pause that ends before it starts is no pause.
        let events = [
            ev(hm(10, 0), EventKind::Focus(work())),
            ev(hm(10, 0), EventKind::Pause { until: None }),
            ev(
                hm(10, 1),
                EventKind::Pause {
                    until: Some(hm(9, 0)),
                },
            ),
            ev(hm(10, 2), EventKind::Heartbeat),
        ];
        assert_eq!(run(&office(), &events).total_ms(sat()), MINUTE);
    }

    #[test]
    fn an_ended_pause_does_not_come_back_with_the_clock() {
        // The case in proptest-regressions/ledger.txt, which the oracle got
        // wrong: a pause ending at once, then the clock back by months.
        let cal = always();
        let back = BASE - 170 * DAY;
        let events = [
            ev(BASE, EventKind::Pause { until: Some(BASE) }),
            ev(back, EventKind::Focus(work())),
            ev(back + 1, EventKind::Focus(work())),
        ];
        let flat = flatten(&run(&cal, &events).totals);
        assert_eq!(flat.values().sum::<Millis>(), 1);
        assert_eq!(flat, oracle(&events, &cal, DEFAULT_MAX_GAP));
    }

    #[test]
    fn a_gap_longer_than_max_gap_counts_nothing() {
        assert_eq!(DEFAULT_MAX_GAP, MINUTE);
        let exactly = [
            ev(hm(10, 0), EventKind::Focus(work())),
            ev(hm(10, 1), EventKind::Heartbeat),
        ];
        assert_eq!(run(&office(), &exactly).total_ms(sat()), MINUTE);
        let over = [
            ev(hm(10, 0), EventKind::Focus(work())),
            ev(hm(10, 1) + 1, EventKind::Heartbeat),
            ev(hm(10, 1) + 30 * SECOND, EventKind::Heartbeat),
        ];
        // Nothing past 10:00 until the next sign of life; then the focus
        // held before the gap counts again.
        let ledger = run(&office(), &over);
        assert_eq!(ledger.total_ms(sat()), 30 * SECOND - 1);
        let mut wide = Ledger::with_max_gap(5 * MINUTE).unwrap();
        wide.apply_all(&over, &office());
        assert_eq!(wide.total_ms(sat()), 90 * SECOND);
    }

    #[test]
    fn startup_counts_nothing_before_it_and_forgets_the_focus() {
        let events = [
            ev(hm(10, 0), EventKind::Focus(work())),
            ev(hm(10, 1), EventKind::Startup),
            ev(hm(10, 2), EventKind::Heartbeat),
            ev(hm(10, 2), EventKind::Focus(work())),
            ev(hm(10, 3), EventKind::Heartbeat),
        ];
        assert_eq!(run(&office(), &events).total_ms(sat()), MINUTE);
    }

    #[test]
    fn shutdown_counts_up_to_it_and_nothing_after() {
        let cal = office();
        let mut ledger = run(
            &cal,
            &[
                ev(hm(10, 0), EventKind::Focus(work())),
                ev(hm(10, 1), EventKind::Shutdown),
                ev(hm(10, 2), EventKind::Heartbeat),
            ],
        );
        assert_eq!(ledger.total_ms(sat()), MINUTE);
        assert_eq!(ledger.status(hm(10, 2), &cal), Status::Untracked);
        ledger.apply(&ev(hm(10, 3), EventKind::Shutdown), &cal);
        assert_eq!(ledger.status(hm(10, 3), &cal), Status::Stopped);
        assert_eq!(ledger.total_ms(sat()), MINUTE);
    }

    #[test]
    fn a_late_event_changes_state_but_counts_nothing_twice() {
        let events = [
            ev(hm(10, 0), EventKind::Focus(work())),
            ev(hm(10, 1), EventKind::Heartbeat),
            // Sent at 10:00:30, arrives after 10:01: applied at 10:01.
            ev(
                hm(10, 0) + 30 * SECOND,
                EventKind::Focus(act("Social", None)),
            ),
            ev(hm(10, 2), EventKind::Heartbeat),
        ];
        let ledger = run(&office(), &events);
        let day = ledger.day(sat()).unwrap();
        assert_eq!(day.category_ms("Work"), MINUTE);
        assert_eq!(day.category_ms("Social"), MINUTE);
    }

    #[test]
    fn a_far_future_event_counts_no_jump_and_does_not_stall_the_clock() {
        let cal = always();
        let future = BASE + 400 * DAY;
        let mut events = vec![ev(hm(10, 0), EventKind::Focus(work()))];
        events.extend(beats(hm(10, 0), hm(10, 5), MINUTE));
        events.push(ev(future, EventKind::Heartbeat));
        events.extend(beats(hm(10, 5), hm(10, 10), MINUTE));
        let ledger = run(&cal, &events);
        // 10:00-10:05, the jump and the way back not counted, 10:06-10:10.
        assert_eq!(ledger.total_ms(sat()), 9 * MINUTE);
        assert_eq!(ledger.days(..).count(), 1);
        // The clock coming back to instants already counted counts nothing.
        let mut again = ledger.clone();
        again.apply_all(&beats(hm(10, 0), hm(10, 10), MINUTE), &cal);
        assert_eq!(again.totals, ledger.totals);
        again.apply_all(&beats(hm(10, 10), hm(10, 12), MINUTE), &cal);
        assert_eq!(again.total_ms(sat()), 11 * MINUTE);
    }

    #[test]
    fn days_split_at_local_midnight() {
        // UTC+05:30, working 22:00 to 02:00 local.
        let cal = TestCal {
            offset: 5 * HOUR + 30 * MINUTE,
            work: Work::Daily {
                start: 22 * HOUR,
                end: 2 * HOUR,
            },
        };
        let local = |h: i64| BASE + h * HOUR - cal.offset;
        let mut events = vec![ev(local(21), EventKind::Focus(work()))];
        events.extend(beats(local(21), local(27), MINUTE));
        let ledger = run(&cal, &events);
        assert_eq!(ledger.total_ms(date(2024, 3, 9)), 2 * HOUR);
        assert_eq!(ledger.total_ms(date(2024, 3, 10)), 2 * HOUR);
        let days: Vec<_> = ledger.days(date(2024, 3, 10)..).map(|(d, _)| d).collect();
        assert_eq!(days, [date(2024, 3, 10)]);
        // One step across midnight reports both days.
        let mut ledger = Ledger::with_max_gap(HOUR).unwrap();
        ledger.apply(&ev(local(23) + 30 * MINUTE, EventKind::Focus(work())), &cal);
        let touched = ledger.apply(&ev(local(24) + MINUTE, EventKind::Heartbeat), &cal);
        assert_eq!(touched, Some(date(2024, 3, 9)..=date(2024, 3, 10)));
        assert_eq!(ledger.total_ms(date(2024, 3, 10)), MINUTE);
    }

    /// Local days of 23 and 25 hours, as around a DST change.
    struct Dst;

    impl Calendar for Dst {
        fn working_spans(&self, window: Span) -> Vec<Span> {
            vec![window]
        }

        fn local_day(&self, at: Millis) -> (NaiveDate, Span) {
            // 2024-03-09 is 24 h, 03-10 is 23 h, later days 24 h.
            let bounds = [BASE, BASE + DAY, BASE + 2 * DAY - HOUR];
            let i = bounds.iter().rposition(|b| *b <= at).unwrap_or(0);
            let end = bounds.get(i + 1).copied().unwrap_or(bounds[i] + DAY);
            (epoch_plus(19_791 + i as i64), Span::new(bounds[i], end))
        }
    }

    #[test]
    fn a_short_day_is_as_long_as_the_calendar_says() {
        let mut ledger = Ledger::with_max_gap(LONGEST_MAX_GAP).unwrap();
        ledger.apply(&ev(BASE + 23 * HOUR, EventKind::Focus(work())), &Dst);
        let touched = ledger.apply_all(&beats(BASE + 23 * HOUR, BASE + 49 * HOUR, HOUR), &Dst);
        assert_eq!(touched, Some(date(2024, 3, 9)..=date(2024, 3, 11)));
        assert_eq!(ledger.total_ms(date(2024, 3, 9)), HOUR);
        assert_eq!(ledger.total_ms(date(2024, 3, 10)), 23 * HOUR);
        assert_eq!(ledger.total_ms(date(2024, 3, 11)), 2 * HOUR);
    }

    #[test]
    fn status_names_the_reason_nothing_counts() {
        let cal = office();
        let mut ledger = Ledger::new();
        assert_eq!(ledger.status(hm(10, 0), &cal), Status::Stopped);
        let mut step = |kind: EventKind, at: Millis| {
            ledger.apply(&ev(at, kind), &cal);
            ledger.status(at, &cal)
        };
        assert_eq!(step(EventKind::Startup, hm(10, 0)), Status::Untracked);
        assert_eq!(
            step(EventKind::Focus(work()), hm(10, 0)),
            Status::Tracking(work())
        );
        assert_eq!(step(EventKind::Unfocused, hm(10, 1)), Status::Unfocused);
        assert_eq!(step(EventKind::Idle, hm(10, 1)), Status::Idle);
        assert_eq!(step(EventKind::Locked, hm(10, 1)), Status::Locked);
        assert_eq!(step(EventKind::Active, hm(10, 1)), Status::Unfocused);
        assert_eq!(
            step(EventKind::Focus(work()), hm(10, 1)),
            Status::Tracking(work())
        );
        let until = Some(hm(10, 30));
        assert_eq!(
            step(EventKind::Pause { until }, hm(10, 2)),
            Status::Paused { until }
        );
        assert_eq!(step(EventKind::Heartbeat, hm(17, 0)), Status::OffHours);
        assert_eq!(ledger.status(hm(17, 2), &cal), Status::Stopped);
        assert_eq!(ledger.status(hm(16, 59), &cal), Status::OffHours);
    }

    #[test]
    fn the_cursor_tells_what_is_in_front_whatever_stops_the_clock() {
        let cal = office();
        let mut ledger = Ledger::new();
        assert_eq!(
            (ledger.cursor.front(), ledger.cursor.browser_focused()),
            (None, true)
        );
        let mut step = |kind: EventKind, at: Millis| {
            ledger.apply(&ev(at, kind), &cal);
            let c = &ledger.cursor;
            (c.front().cloned(), c.browser_focused(), c.floor())
        };
        let w = Some(work());
        assert_eq!(
            step(EventKind::Focus(work()), hm(8, 0)),
            (w.clone(), true, None)
        );
        let floor = Some(hm(8, 1));
        for kind in [EventKind::Idle, EventKind::Pause { until: None }] {
            assert_eq!(step(kind, hm(8, 1)), (w.clone(), true, floor));
        }
        assert_eq!(
            step(EventKind::Unfocused, hm(8, 1)),
            (w.clone(), false, floor)
        );
        assert_eq!(step(EventKind::Untracked, hm(8, 1)), (None, true, floor));
        // The clock goes back: the floor stays ahead of the last event.
        assert_eq!(step(EventKind::Focus(work()), hm(7, 0)), (w, true, floor));
        assert_eq!(ledger.cursor.last(), Some(hm(7, 0)));
    }

    #[test]
    fn settle_and_live_day_show_the_open_step() {
        let cal = office();
        let mut ledger = run(
            &cal,
            &[
                ev(hm(10, 0), EventKind::Focus(work())),
                ev(hm(10, 1), EventKind::Heartbeat),
            ],
        );
        let live = ledger.live_day(sat(), hm(10, 1) + 30 * SECOND, &cal);
        assert_eq!(live.ms, 90 * SECOND);
        assert_eq!(live.domain_ms("Work", "github.com"), 90 * SECOND);
        assert_eq!(ledger.total_ms(sat()), MINUTE);
        // Past the gap, the open step would count nothing.
        assert_eq!(ledger.live_day(sat(), hm(10, 4), &cal).ms, MINUTE);
        let touched = ledger.settle(hm(10, 2), &cal);
        assert_eq!(touched, Some(sat()..=sat()));
        assert_eq!(ledger.total_ms(sat()), 2 * MINUTE);
        assert_eq!(ledger.settle(hm(10, 2), &cal), None);
    }

    // ---- Blinks: the browser losing focus for a moment ----

    /// Focus on `first` at 10:00, heartbeats every 30 s, an `Unfocused` at
    /// 10:05, `second` in front `after` it, heartbeats until 10:10.
    fn switch(first: Activity, after: Millis, second: Activity) -> Vec<Event> {
        let u = hm(10, 5);
        let mut events = vec![ev(hm(10, 0), EventKind::Focus(first))];
        events.extend(beats(hm(10, 0), u, 30 * SECOND));
        events.push(ev(u, EventKind::Unfocused));
        events.push(ev(u + after, EventKind::Focus(second)));
        events.extend(beats(u + after, hm(10, 10), 30 * SECOND));
        events
    }

    #[test]
    fn a_blink_between_two_windows_of_the_same_site_counts_through() {
        let cal = office();
        let events = switch(work(), 300, work());
        let ledger = run(&cal, &events);
        assert_eq!(ledger.total_ms(sat()), 10 * MINUTE);
        assert_eq!(
            ledger.day(sat()).unwrap().domain_ms("Work", "github.com"),
            10 * MINUTE
        );
        // During the blink the popup may say unfocused; nothing is lost.
        let during = run(&cal, &events[..events.len() - 11]);
        assert_eq!(during.cursor.last(), Some(hm(10, 5)));
        assert_eq!(during.status(hm(10, 5) + 100, &cal), Status::Unfocused);
        assert_eq!(during.total_ms(sat()), 5 * MINUTE);
    }

    #[test]
    fn a_blink_to_another_site_splits_at_the_focus() {
        let social = act("Social", Some("b.org"));
        let ledger = run(&office(), &switch(work(), 400, social));
        let day = ledger.day(sat()).unwrap();
        assert_eq!(day.domain_ms("Work", "github.com"), 5 * MINUTE + 400);
        assert_eq!(day.domain_ms("Social", "b.org"), 5 * MINUTE - 400);
        assert_eq!(day.ms, 10 * MINUTE);
    }

    #[test]
    fn an_unfocus_of_1_4_s_is_a_blink_and_of_1_6_s_is_not() {
        for (after, lost) in [
            (1_400, 0),
            (BLINK, 0),
            (BLINK + 1, BLINK + 1),
            (1_600, 1_600),
        ] {
            let ledger = run(&office(), &switch(work(), after, work()));
            assert_eq!(ledger.total_ms(sat()), 10 * MINUTE - lost, "{after} ms");
        }
        // `Untracked` gives focus back too: the blink counts up to it.
        let events = [
            ev(hm(10, 0), EventKind::Focus(work())),
            ev(hm(10, 1), EventKind::Unfocused),
            ev(hm(10, 1) + 500, EventKind::Untracked),
            ev(hm(10, 2), EventKind::Heartbeat),
        ];
        assert_eq!(run(&office(), &events).total_ms(sat()), MINUTE + 500);
    }

    #[test]
    fn a_blink_across_working_hours_counts_only_working_time() {
        let cal = office();
        // Ends at 17:00 inside the blink: up to 17:00 counts.
        let events = [
            ev(hm(16, 59), EventKind::Focus(work())),
            ev(hm(17, 0) - 500, EventKind::Unfocused),
            ev(hm(17, 0) + 700, EventKind::Focus(work())),
            ev(hm(17, 1), EventKind::Heartbeat),
        ];
        assert_eq!(run(&cal, &events).total_ms(sat()), MINUTE);
        // Starts at 9:00 inside the blink: from 9:00 on counts.
        let events = [
            ev(hm(8, 59), EventKind::Focus(work())),
            ev(hm(9, 0) - 800, EventKind::Unfocused),
            ev(hm(9, 0) + 500, EventKind::Focus(work())),
            ev(hm(9, 1), EventKind::Heartbeat),
        ];
        assert_eq!(run(&cal, &events).total_ms(sat()), MINUTE);
        // Across midnight, each day gets its part.
        let events = [
            ev(hm(23, 59), EventKind::Focus(work())),
            ev(hm(24, 0) - 300, EventKind::Unfocused),
            ev(hm(24, 0) + 900, EventKind::Focus(work())),
            ev(hm(24, 1), EventKind::Heartbeat),
        ];
        let ledger = run(&always(), &events);
        assert_eq!(ledger.total_ms(sat()), MINUTE);
        assert_eq!(ledger.total_ms(date(2024, 3, 10)), MINUTE);
    }

    #[test]
    fn a_blink_survives_a_restore_in_the_middle() {
        let cal = office();
        let u = hm(10, 5);
        let mut events = vec![ev(hm(10, 0), EventKind::Focus(work()))];
        events.extend(beats(hm(10, 0), u, 30 * SECOND));
        events.extend([
            ev(u, EventKind::Unfocused),
            ev(u + 600, EventKind::Heartbeat),
            ev(u + 1_200, EventKind::Focus(act("Social", None))),
            ev(hm(10, 6), EventKind::Heartbeat),
        ]);
        let whole = run(&cal, &events);
        let mut restored = Ledger::new();
        let mut open = false;
        for event in &events {
            restored.apply(event, &cal);
            let json = serde_json::to_string(&restored.cursor).unwrap();
            // The worker stopped: only storage is left.
            restored = Ledger {
                cursor: serde_json::from_str(&json).unwrap(),
                totals: restored.totals.clone(),
            };
            open = match event.kind {
                EventKind::Unfocused => true,
                EventKind::Focus(_) => false,
                _ => open,
            };
            assert_eq!(json.contains("blink"), open, "{json}");
        }
        assert_eq!(restored, whole);
        let day = whole.day(sat()).unwrap();
        assert_eq!(day.category_ms("Work"), 5 * MINUTE + 1_200);
        assert_eq!(day.category_ms("Social"), MINUTE - 1_200);
    }

    #[test]
    fn events_inside_a_blink_count_as_if_it_never_happened() {
        let cal = office();
        let u = hm(10, 1);
        let total = |inside: &[(Millis, EventKind)], gap: Millis| {
            let mut ledger = Ledger::with_max_gap(gap).unwrap();
            ledger.apply(&ev(hm(10, 0), EventKind::Focus(work())), &cal);
            ledger.apply_all(&beats(hm(10, 0), u, 500), &cal);
            ledger.apply(&ev(u, EventKind::Unfocused), &cal);
            for (after, kind) in inside {
                ledger.apply(&ev(u + after, kind.clone()), &cal);
            }
            ledger.total_ms(sat()) - MINUTE
        };
        let focus = || EventKind::Focus(work());
        // Heartbeats are signs of life; idle stops the clock from its
        // instant, active starts it again.
        let inside = [
            (300, EventKind::Heartbeat),
            (600, EventKind::Idle),
            (900, EventKind::Active),
            (1_200, focus()),
        ];
        assert_eq!(total(&inside, MINUTE), 900);
        let paused = [(500, EventKind::Pause { until: None }), (1_000, focus())];
        assert_eq!(total(&paused, MINUTE), 500);
        // Another unfocus does not extend the blink.
        let again = [(1_000, EventKind::Unfocused), (2_000, focus())];
        assert_eq!(total(&again, MINUTE), 0);
        // Nor does a heartbeat: the regain is what must come in time.
        let late = [(1_000, EventKind::Heartbeat), (1_600, focus())];
        assert_eq!(total(&late, MINUTE), 0);
        // The browser closing or restarting is no window switch.
        let closed = [(500, EventKind::Shutdown), (1_000, focus())];
        assert_eq!(total(&closed, MINUTE), 0);
        let restarted = [(500, EventKind::Startup), (1_000, focus())];
        assert_eq!(total(&restarted, MINUTE), 0);
        // A silence longer than max_gap ends it, even inside BLINK.
        let silent = [(400, EventKind::Heartbeat), (1_450, focus())];
        assert_eq!(total(&silent, SECOND), 0);
        assert_eq!(total(&silent, 2 * SECOND), 1_450);
        // So does the clock going back further than max_gap.
        let back = [
            (500, EventKind::Heartbeat),
            (-2 * MINUTE, EventKind::Heartbeat),
            (-2 * MINUTE + 100, focus()),
        ];
        assert_eq!(total(&back, MINUTE), 0);
        // Back less than max_gap: applied at the last instant, in time.
        let late_focus = [(500, EventKind::Heartbeat), (-10 * SECOND, focus())];
        assert_eq!(total(&late_focus, MINUTE), 500);
    }

    #[test]
    fn inverted_ranges_are_empty() {
        let mut events = vec![ev(hm(10, 0), EventKind::Focus(work()))];
        events.extend(beats(hm(10, 0), hm(11, 0), MINUTE));
        let ledger = run(&office(), &events);
        let (a, b) = (date(2024, 3, 9), date(2024, 3, 1));
        assert_eq!(ledger.days(a..b).count(), 0);
        assert_eq!(ledger.days(a..=b).count(), 0);
        let excluded = (Bound::Excluded(a), Bound::Excluded(a));
        assert_eq!(ledger.days(excluded).count(), 0);
        assert_eq!(ledger.days(b..=a).count(), 1);
        assert_eq!(ledger.days(..).count(), 1);
    }

    #[test]
    fn max_gap_is_checked() {
        assert_eq!(Ledger::with_max_gap(HOUR).unwrap().cursor.max_gap(), HOUR);
        for bad in [0, -5, HOUR + 1] {
            assert_eq!(
                Ledger::with_max_gap(bad),
                Err(LedgerError::MaxGapOutOfRange(bad))
            );
        }
        assert_eq!(
            LedgerError::MaxGapOutOfRange(0).to_string(),
            "the longest gap between signs of life must be more than 0 and at most \
             3600000 ms (got 0 ms)"
        );
    }

    #[test]
    fn extreme_timestamps_do_not_panic() {
        let cal = always();
        let mut ledger = Ledger::new();
        for at in [
            Millis::MIN,
            Millis::MAX,
            0,
            Millis::MIN,
            -1,
            Millis::MAX - 1,
        ] {
            ledger.apply(&ev(at, EventKind::Focus(work())), &cal);
            ledger.pending(at, &cal);
            ledger.status(at, &cal);
        }
    }

    #[test]
    fn json_shapes_are_stable() {
        let focus = ev(5, EventKind::Focus(act("Work", None)));
        let json = serde_json::to_string(&focus).unwrap();
        assert_eq!(json, r#"{"at":5,"kind":{"focus":{"category":"Work"}}}"#);
        let pause: Event =
            serde_json::from_str(r#"{"at":7,"kind":{"pause":{"until":9}}}"#).unwrap();
        assert_eq!(pause.kind, EventKind::Pause { until: Some(9) });
        let beat: Event = serde_json::from_str(r#"{"at":7,"kind":"heartbeat"}"#).unwrap();
        assert_eq!(beat.kind, EventKind::Heartbeat);
        let mut events = vec![ev(hm(10, 0), EventKind::Focus(work()))];
        events.extend(beats(hm(10, 0), hm(10, 1), MINUTE));
        let totals = serde_json::to_string(&run(&office(), &events).totals).unwrap();
        assert_eq!(
            totals,
            r#"{"2024-03-09":{"ms":60000,"categories":{"Work":{"ms":60000,"domains":{"github.com":60000}}}}}"#
        );
        // A cursor saved by an older version, with fields missing, loads.
        let cursor: Cursor = serde_json::from_str(r#"{"last":3}"#).unwrap();
        assert_eq!(cursor.last(), Some(3));
        assert_eq!(cursor.max_gap(), DEFAULT_MAX_GAP);
    }

    // ---- Invariants over random event sequences and calendars ----

    type Flat = BTreeMap<(NaiveDate, String, Option<String>), Millis>;

    fn flatten(totals: &Totals) -> Flat {
        let mut flat = Flat::new();
        for (date, day) in totals.days(..) {
            for (category, c) in &day.categories {
                let with_domain: Millis = c.domains.values().sum();
                if c.ms > with_domain {
                    flat.insert((date, category.clone(), None), c.ms - with_domain);
                }
                for (domain, ms) in &c.domains {
                    flat.insert((date, category.clone(), Some(domain.clone())), *ms);
                }
            }
        }
        flat
    }

    /// The counting rules written as a sweep: for each live step, cut it at
    /// every instant where something could change and test each piece's
    /// first instant.
    fn oracle(events: &[Event], calendar: &TestCal, max_gap: Millis) -> Flat {
        #[derive(Default)]
        struct State {
            focus: Option<Activity>,
            unfocused: bool,
            away: bool,
            /// Paused at instants before this.
            paused_until: Option<Millis>,
        }
        // Each event's instant, the step it ends, and whether it continues
        // the segment.
        let mut steps = Vec::new();
        let mut prev: Option<Millis> = None;
        for e in events {
            let step = match prev {
                None => (e.at, None, false),
                Some(p) if e.at >= p => {
                    let live = e.at - p <= max_gap && e.kind != EventKind::Startup;
                    (e.at, live.then_some(p), live)
                }
                Some(p) if p - e.at <= max_gap => (p, None, true),
                Some(_) => (e.at, None, false),
            };
            steps.push(step);
            prev = (e.kind != EventKind::Shutdown).then_some(step.0);
        }
        // A blink: the browser regains focus within BLINK, in the same
        // segment, before a startup or shutdown.
        let blink = |i: usize| {
            let since = steps[i].0;
            for (e, (t, _, same)) in events.iter().zip(&steps).skip(i + 1) {
                if !same || t - since > BLINK {
                    return false;
                }
                match e.kind {
                    EventKind::Focus(_) | EventKind::Untracked => return true,
                    EventKind::Startup | EventKind::Shutdown => return false,
                    _ => {}
                }
            }
            false
        };
        let mut out = Flat::new();
        let mut s = State::default();
        let mut reached = Millis::MIN;
        for (i, (e, &(t, step_from, _))) in events.iter().zip(&steps).enumerate() {
            if let Some(p) = step_from {
                let lo = p.max(reached);
                if lo < t {
                    let mut cuts = calendar.cuts(lo, t);
                    cuts.extend([lo, t]);
                    cuts.extend(s.paused_until.filter(|u| lo < *u && *u < t));
                    cuts.sort_unstable();
                    cuts.dedup();
                    for piece in cuts.windows(2) {
                        let x = piece[0];
                        let paused = s.paused_until.is_some_and(|u| x < u);
                        if let Some(a) = &s.focus {
                            if !s.unfocused && !s.away && !paused && calendar.is_working(x) {
                                let key =
                                    (calendar.date_of(x), a.category.clone(), a.domain.clone());
                                *out.entry(key).or_default() += piece[1] - piece[0];
                            }
                        }
                    }
                }
                reached = reached.max(t);
            }
            match &e.kind {
                EventKind::Focus(a) => (s.focus, s.unfocused) = (Some(a.clone()), false),
                EventKind::Untracked => (s.focus, s.unfocused) = (None, false),
                // A blink counts as if it had never happened.
                EventKind::Unfocused => s.unfocused = s.unfocused || !blink(i),
                EventKind::Idle | EventKind::Locked => s.away = true,
                EventKind::Active => s.away = false,
                EventKind::Pause { until } => s.paused_until = Some(until.unwrap_or(Millis::MAX)),
                EventKind::Resume => s.paused_until = None,
                EventKind::Heartbeat => {}
                EventKind::Startup | EventKind::Shutdown => {
                    s = State {
                        paused_until: s.paused_until,
                        ..State::default()
                    };
                }
            }
            // A pause that has reached its end is over, even if the clock
            // goes back later.
            if s.paused_until.is_some_and(|u| u <= t) {
                s.paused_until = None;
            }
        }
        out
    }

    fn activity() -> impl Strategy<Value = Activity> {
        (0..3usize, 0..3usize).prop_map(|(c, d)| Activity {
            category: ["Work", "Social", "Research"][c].into(),
            domain: [Some("a.com"), Some("b.org"), None][d].map(String::from),
        })
    }

    /// Kinds; a pause's `until` is relative to the event, fixed up later.
    fn kind() -> impl Strategy<Value = EventKind> {
        prop_oneof![
            5 => activity().prop_map(EventKind::Focus),
            1 => Just(EventKind::Untracked),
            1 => Just(EventKind::Unfocused),
            1 => Just(EventKind::Idle),
            1 => Just(EventKind::Locked),
            2 => Just(EventKind::Active),
            1 => proptest::option::of(-MINUTE..30 * MINUTE).prop_map(|until| EventKind::Pause { until }),
            1 => Just(EventKind::Resume),
            5 => Just(EventKind::Heartbeat),
            1 => Just(EventKind::Startup),
            1 => Just(EventKind::Shutdown),
        ]
    }

    fn delta() -> impl Strategy<Value = Millis> {
        prop_oneof![
            12 => 0..=MINUTE,
            4 => 0..=2 * SECOND,
            1 => Just(BLINK),
            1 => Just(BLINK + 1),
            1 => Just(DEFAULT_MAX_GAP),
            1 => Just(DEFAULT_MAX_GAP + 1),
            3 => MINUTE..=4 * MINUTE,
            2 => -2 * MINUTE..0,
            1 => -3 * HOUR..-1,
            1 => HOUR..=365 * DAY,
            1 => -365 * DAY..=-HOUR,
        ]
    }

    fn events() -> impl Strategy<Value = Vec<Event>> {
        (
            0..3 * DAY,
            proptest::collection::vec((delta(), kind()), 0..60),
        )
            .prop_map(|(start, steps)| {
                let mut at = BASE + start;
                steps
                    .into_iter()
                    .map(|(delta, kind)| {
                        at += delta;
                        let kind = match kind {
                            EventKind::Pause { until } => EventKind::Pause {
                                until: until.map(|u| at + u),
                            },
                            other => other,
                        };
                        ev(at, kind)
                    })
                    .collect()
            })
    }

    fn calendar() -> impl Strategy<Value = TestCal> {
        let spans =
            proptest::collection::vec((-DAY..4 * DAY, 1..4 * HOUR), 0..20).prop_map(|raw| {
                let mut raw: Vec<_> = raw
                    .into_iter()
                    .map(|(s, len)| Span::new(BASE + s, BASE + s + len))
                    .collect();
                raw.sort_by_key(|s| s.start);
                let mut spans: Vec<Span> = Vec::new();
                for s in raw {
                    match spans.last_mut() {
                        Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
                        _ => spans.push(s),
                    }
                }
                Work::Spans(spans)
            });
        let work = prop_oneof![
            Just(Work::Always),
            (0..DAY, 0..DAY)
                .prop_filter("a working span is not empty", |(s, e)| s != e)
                .prop_map(|(start, end)| Work::Daily { start, end }),
            spans,
        ];
        ((-14 * 60..=14 * 60i64), work).prop_map(|(minutes, work)| TestCal {
            offset: minutes * MINUTE,
            work,
        })
    }

    fn max_gap() -> impl Strategy<Value = Millis> {
        prop_oneof![Just(DEFAULT_MAX_GAP), SECOND..=10 * MINUTE]
    }

    fn ledger_with(max_gap: Millis) -> Ledger {
        Ledger::with_max_gap(max_gap).unwrap()
    }

    /// Window switches: events a few hundred milliseconds apart around a
    /// working-hours boundary or midnight, many of them `Unfocused`.
    fn blinks() -> impl Strategy<Value = (TestCal, Vec<Event>)> {
        let kind = prop_oneof![
            4 => activity().prop_map(EventKind::Focus),
            4 => Just(EventKind::Unfocused),
            3 => Just(EventKind::Heartbeat),
            1 => Just(EventKind::Untracked),
            1 => Just(EventKind::Idle),
            1 => Just(EventKind::Active),
            1 => proptest::option::of(-SECOND..3 * SECOND).prop_map(|until| EventKind::Pause { until }),
            1 => Just(EventKind::Resume),
            1 => Just(EventKind::Startup),
            1 => Just(EventKind::Shutdown),
        ];
        let delta = prop_oneof![
            6 => 0..=BLINK,
            2 => BLINK - 100..=BLINK + 100,
            1 => Just(BLINK),
            1 => Just(BLINK + 1),
            1 => 0..=10 * SECOND,
            1 => -2 * SECOND..0,
        ];
        let work = prop_oneof![
            Just(Work::Always),
            Just(Work::Daily {
                start: 9 * HOUR,
                end: 17 * HOUR
            }),
            Just(Work::Daily {
                start: 22 * HOUR,
                end: 2 * HOUR
            }),
        ];
        let start = prop_oneof![Just(9 * HOUR), Just(17 * HOUR), Just(DAY)];
        (
            work,
            start,
            -10 * SECOND..10 * SECOND,
            proptest::collection::vec((delta, kind), 0..40),
        )
            .prop_map(|(work, start, jitter, steps)| {
                let mut at = BASE + start + jitter;
                let events = steps
                    .into_iter()
                    .map(|(delta, kind)| {
                        at += delta;
                        let kind = match kind {
                            EventKind::Pause { until } => EventKind::Pause {
                                until: until.map(|u| at + u),
                            },
                            other => other,
                        };
                        ev(at, kind)
                    })
                    .collect();
                (utc(work), events)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// (a) The totals are exactly what the rules say.
        #[test]
        fn totals_match_the_oracle(cal in calendar(), gap in max_gap(), events in events()) {
            let mut ledger = ledger_with(gap);
            ledger.apply_all(&events, &cal);
            prop_assert_eq!(flatten(&ledger.totals), oracle(&events, &cal, gap));
        }

        /// (a) and (d) for window switches: blinks count as the oracle
        /// says, whether or not the state is saved and restored anywhere.
        #[test]
        fn blinks_match_the_oracle_and_survive_restores(
            (cal, events) in blinks(),
            gap in prop_oneof![Just(DEFAULT_MAX_GAP), 200..=3 * SECOND],
            saves in proptest::collection::vec(any::<bool>(), 40),
        ) {
            let mut whole = ledger_with(gap);
            whole.apply_all(&events, &cal);
            prop_assert_eq!(flatten(&whole.totals), oracle(&events, &cal, gap));
            let mut restored = ledger_with(gap);
            for (event, save) in events.iter().zip(&saves) {
                restored.apply(event, &cal);
                if *save {
                    let json = serde_json::to_string(&restored.cursor).unwrap();
                    restored.cursor = serde_json::from_str(&json).unwrap();
                }
            }
            prop_assert_eq!(restored, whole);
        }

        /// (b) No day holds more than its working time or its length, and
        /// nothing more than the wall-clock time the events span.
        #[test]
        fn no_day_holds_more_than_it_has(cal in calendar(), gap in max_gap(), events in events()) {
            let mut ledger = ledger_with(gap);
            ledger.apply_all(&events, &cal);
            let mut all = 0;
            for (date, day) in ledger.days(..) {
                let categories: Millis = day.categories.values().map(|c| c.ms).sum();
                prop_assert_eq!(day.ms, categories);
                for c in day.categories.values() {
                    prop_assert!(c.domains.values().sum::<Millis>() <= c.ms);
                }
                let span = cal.day_span(date);
                let working: Millis = cal.working_spans(span).iter().map(Span::len).sum();
                prop_assert!(day.ms <= working && day.ms <= span.len());
                all += day.ms;
            }
            let first = events.iter().map(|e| e.at).min().unwrap_or(0);
            let last = events.iter().map(|e| e.at).max().unwrap_or(0);
            prop_assert!(all <= last - first);
        }

        /// (c) Any chunking gives the same ledger, and each chunk reports
        /// every day it changed.
        #[test]
        fn chunking_does_not_matter(
            cal in calendar(),
            gap in max_gap(),
            events in events(),
            cuts in proptest::collection::vec(0..60usize, 0..6),
        ) {
            let mut whole = ledger_with(gap);
            whole.apply_all(&events, &cal);
            let mut cuts: Vec<_> = cuts.into_iter().map(|c| c.min(events.len())).collect();
            cuts.extend([0, events.len()]);
            cuts.sort_unstable();
            let mut chunked = ledger_with(gap);
            for pair in cuts.windows(2) {
                let before = chunked.totals.clone();
                let touched = chunked.apply_all(&events[pair[0]..pair[1]], &cal);
                for (date, day) in chunked.days(..) {
                    if before.day(date) != Some(day) {
                        prop_assert!(touched.as_ref().is_some_and(|r| r.contains(&date)));
                    }
                }
            }
            prop_assert_eq!(chunked, whole);
        }

        /// (d) Saving and restoring the state between any two events
        /// changes nothing.
        #[test]
        fn a_serde_round_trip_changes_nothing(
            cal in calendar(),
            gap in max_gap(),
            events in events(),
            saves in proptest::collection::vec(any::<bool>(), 60),
        ) {
            let mut whole = ledger_with(gap);
            whole.apply_all(&events, &cal);
            let mut restored = ledger_with(gap);
            for (event, save) in events.iter().zip(&saves) {
                restored.apply(event, &cal);
                if *save {
                    let cursor = serde_json::to_string(&restored.cursor).unwrap();
                    let totals = serde_json::to_string(&restored.totals).unwrap();
                    restored = Ledger {
                        cursor: serde_json::from_str(&cursor).unwrap(),
                        totals: serde_json::from_str(&totals).unwrap(),
                    };
                }
            }
            let json = serde_json::to_string(&restored).unwrap();
            prop_assert_eq!(serde_json::from_str::<Ledger>(&json).unwrap(), whole);
        }

        /// (e) Whatever order timestamps come in, an instant counts once:
        /// with one-second "days", always working and always focused, no
        /// day ever holds more than a second.
        #[test]
        fn no_instant_counts_twice(
            gap in (1..300i64).prop_map(|s| s * SECOND),
            seconds in proptest::collection::vec(
                prop_oneof![8 => 0..1800i64, 1 => 31_536_000..31_536_100i64],
                1..80,
            ),
            kinds in proptest::collection::vec(
                prop_oneof![
                    6 => Just(EventKind::Heartbeat),
                    2 => activity().prop_map(EventKind::Focus),
                    1 => Just(EventKind::Startup),
                    1 => Just(EventKind::Shutdown),
                ],
                80,
            ),
        ) {
            struct SecondDays;
            impl Calendar for SecondDays {
                fn working_spans(&self, window: Span) -> Vec<Span> {
                    vec![window]
                }
                fn local_day(&self, at: Millis) -> (NaiveDate, Span) {
                    let i = (at - BASE).div_euclid(SECOND);
                    let start = BASE + i * SECOND;
                    (epoch_plus(i), Span::new(start, start + SECOND))
                }
            }
            let mut ledger = ledger_with(gap);
            for (s, kind) in seconds.iter().zip(&kinds) {
                let at = BASE + s * SECOND;
                ledger.apply(&ev(at, kind.clone()), &SecondDays);
                ledger.apply(&ev(at, EventKind::Focus(work())), &SecondDays);
            }
            for (date, day) in ledger.days(..) {
                prop_assert!(day.ms <= SECOND, "{} holds {} ms", date, day.ms);
            }
        }

        /// (e) A far-future event costs exactly the step it interrupts:
        /// the jump, and the way back, count nothing.
        #[test]
        fn a_future_event_costs_only_the_step_it_interrupts(
            cal in calendar().prop_map(|c| TestCal { work: Work::Always, ..c }),
            gap in max_gap(),
            steps in proptest::collection::vec(0..3 * MINUTE, 1..40),
            ahead in 10 * MINUTE..2 * 365 * DAY,
            at in 0..40usize,
        ) {
            let mut times = vec![BASE];
            for step in &steps {
                times.push(times.last().unwrap() + step);
            }
            let normal: Vec<Event> = times
                .iter()
                .enumerate()
                .map(|(i, t)| ev(*t, if i == 0 { EventKind::Focus(work()) } else { EventKind::Heartbeat }))
                .collect();
            let k = at.clamp(1, normal.len());
            let mut disrupted = normal.clone();
            disrupted.insert(k, ev(times[k - 1] + gap.max(10 * MINUTE) + ahead, EventKind::Heartbeat));
            let lost = times.get(k).map_or(0, |t| t - times[k - 1]);
            let lost = if lost <= gap { lost } else { 0 };
            let sum = |l: &Ledger| l.days(..).map(|(_, d)| d.ms).sum::<Millis>();
            let (mut a, mut b) = (ledger_with(gap), ledger_with(gap));
            a.apply_all(&normal, &cal);
            b.apply_all(&disrupted, &cal);
            prop_assert_eq!(sum(&a) - sum(&b), lost);
            let last_day = cal.date_of(*times.last().unwrap());
            prop_assert!(b.days(..).all(|(d, _)| d <= last_day));
        }

        /// (f) A working span across local midnight, at any offset, is
        /// split at that midnight.
        #[test]
        fn totals_split_at_local_midnight(
            minutes in -14 * 60..=14 * 60i64,
            before in 0..3 * HOUR,
            after in 0..3 * HOUR,
            every in SECOND..=DEFAULT_MAX_GAP,
        ) {
            let cal = TestCal {
                offset: minutes * MINUTE,
                work: Work::Daily { start: 22 * HOUR, end: 2 * HOUR },
            };
            let midnight = BASE + DAY - cal.offset;
            let (from, to) = (midnight - before, midnight + after);
            let mut events = vec![ev(from, EventKind::Focus(work()))];
            events.extend(beats(from, to, every));
            let ledger = run(&cal, &events);
            prop_assert_eq!(ledger.total_ms(date(2024, 3, 9)), before.min(2 * HOUR));
            prop_assert_eq!(ledger.total_ms(date(2024, 3, 10)), after.min(2 * HOUR));
        }

        /// Settling is a heartbeat, `pending` predicts it, and `status` says
        /// `Tracking` exactly when the next millisecond would count.
        #[test]
        fn pending_and_status_tell_the_truth(
            cal in calendar(),
            gap in max_gap(),
            events in events(),
            later in prop_oneof![Just(-1), Just(0), 0..12 * MINUTE],
        ) {
            let mut ledger = ledger_with(gap);
            ledger.apply_all(&events, &cal);
            // -1 and 0 stand for the edge of the gap: `gap - 1` and `gap`.
            let later = if later <= 0 { gap + later } else { later };
            let at = ledger.cursor.last().unwrap_or(BASE) + later;

            let mut settled = ledger.clone();
            settled.settle(at, &cal);
            let mut predicted = flatten(&ledger.totals);
            for (key, ms) in flatten(&ledger.pending(at, &cal)) {
                *predicted.entry(key).or_default() += ms;
            }
            prop_assert_eq!(flatten(&settled.totals), predicted);

            let (now, next) = (flatten(&ledger.pending(at, &cal)), flatten(&ledger.pending(at + 1, &cal)));
            let mut grew: Flat = next.clone();
            for (key, ms) in &now {
                *grew.entry(key.clone()).or_default() -= ms;
            }
            grew.retain(|_, ms| *ms != 0);
            match ledger.status(at, &cal) {
                Status::Tracking(a) => {
                    let key = (cal.date_of(at), a.category, a.domain);
                    prop_assert_eq!(&grew, &Flat::from([(key, 1)]));
                }
                Status::Paused { .. } | Status::Stopped => {}
                _ => prop_assert!(grew.is_empty()),
            }
            if at - ledger.cursor.last().unwrap_or(at) < gap {
                prop_assert!(grew.values().all(|ms| *ms >= 0));
            }
        }
    }
}
