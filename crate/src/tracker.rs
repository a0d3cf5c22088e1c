//! The tracker: settings, rules and ledger together, as the extension sees
//! them.
//!
//! The browser reports [`Input`]s (a tab's URL came to the front, the browser
//! lost focus, the person went idle, asked for a pause…); the tracker turns
//! them into ledger events and answers with the storage [`Changes`] to write.
//! A URL never outlives [`Tracker::input`]: only its host is read, and only
//! if the person agreed to be tracked and did not exclude that domain.
//!
//! Queries (today's split, the current status, why a domain is in its
//! category; reports are in [`crate::report`]) are views for the pages:
//! plain data with category names and colours resolved.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::{NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};

use crate::datalog::{DataLog, Kind};
use crate::domain::{host_of_url, Host};
use crate::exchange::{self, ExportDocument, Import};
use crate::ledger::{
    Activity, Cursor, DayTotals, Event, EventKind, Ledger, Status, LONGEST_MAX_GAP,
};
use crate::refile;
use crate::rules::{BookError, RuleBook};
use crate::schedule::ScheduleIn;
use crate::settings::Settings;
use crate::site_field::{self, Field};
use crate::storage::{self, decode, decode_as, encode, Schema, Source, StorageError};
use crate::text;
use crate::time::{Calendar, Millis, MINUTE, SECOND};

/// What the browser reports. `at` is the instant, in UTC milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Input {
    /// The page in front of a focused browser window: its URL, or none (no
    /// tab, or a tab without a URL).
    Focus {
        at: Millis,
        url: Option<String>,
    },
    /// The browser lost focus to another application.
    Unfocused {
        at: Millis,
    },
    Idle {
        at: Millis,
    },
    Locked {
        at: Millis,
    },
    Active {
        at: Millis,
    },
    /// A pause for some minutes, or until resumed.
    Pause {
        at: Millis,
        minutes: Option<u32>,
    },
    Resume {
        at: Millis,
    },
    Heartbeat {
        at: Millis,
    },
    Startup {
        at: Millis,
    },
    Shutdown {
        at: Millis,
    },
}

impl Input {
    pub fn at(&self) -> Millis {
        match self {
            Self::Focus { at, .. } | Self::Pause { at, .. } => *at,
            Self::Unfocused { at }
            | Self::Idle { at }
            | Self::Locked { at }
            | Self::Active { at }
            | Self::Resume { at }
            | Self::Heartbeat { at }
            | Self::Startup { at }
            | Self::Shutdown { at } => *at,
        }
    }
}

/// The longest pause with an end: a week. Longer is "until resumed".
pub const LONGEST_PAUSE_MINUTES: u32 = 7 * 24 * 60;

/// What to write to storage after a change: keys to set, keys to remove.
#[derive(Debug, Default, Serialize)]
pub struct Changes {
    pub set: Writes,
    pub remove: Vec<String>,
}

/// Keys to write with their values, in key order, written as an object. A
/// sorted list rather than a map: each map type costs kilobytes of wasm.
#[derive(Debug, Default)]
pub struct Writes(Vec<(String, Stored)>);

impl Writes {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&Stored> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    /// Sets `key`, returning the value it replaces.
    pub fn insert(&mut self, key: String, value: Stored) -> Option<Stored> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Stored> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Stored)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl Extend<(String, Stored)> for Writes {
    fn extend<I: IntoIterator<Item = (String, Stored)>>(&mut self, items: I) {
        for (key, value) in items {
            self.insert(key, value);
        }
    }
}

impl IntoIterator for Writes {
    type Item = (String, Stored);
    type IntoIter = std::vec::IntoIter<(String, Stored)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Serialize for Writes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.remove.is_empty()
    }

    /// `later` applied after `self`, as one change.
    pub fn then(mut self, later: Changes) -> Changes {
        for key in later.remove {
            self.set.remove(&key);
            if !self.remove.contains(&key) {
                self.remove.push(key);
            }
        }
        for (key, value) in later.set {
            self.remove.retain(|k| k != &key);
            self.set.insert(key, value);
        }
        self
    }
}

/// A value in its stored form (the envelope of [`storage`]).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Stored {
    Settings(Box<storage::Envelope<Settings>>),
    Rules(storage::Envelope<RuleBook>),
    Cursor(storage::Envelope<crate::ledger::Cursor>),
    Day(storage::Envelope<DayTotals>),
    DataLog(storage::Envelope<DataLog>),
    Peer(storage::Envelope<crate::sync::PeerText>),
}

/// A stored value that could not be read. The extension moves it aside to
/// `moved_to` (keeping it for the person to export) before writing anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadProblem {
    pub key: String,
    pub moved_to: String,
    pub message: String,
}

/// A stored value Fairtime could not read, kept under
/// `damaged:<ms>:<key>` (see [`storage::DAMAGED_PREFIX`]) for the person to
/// see, export or delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetAside {
    /// Its storage key now.
    pub key: String,
    /// The key it was stored under.
    pub was: String,
    /// When it was set aside.
    pub at: Millis,
    /// Why it could not be read; none for values set aside by a Fairtime
    /// that kept no reason.
    pub reason: Option<String>,
}

/// Errors of the tracker's editing calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrackerError {
    Rules(BookError),
    Settings(String),
    NotTracked(String),
    /// The operation reads or rewrites every stored day, and some are not
    /// loaded yet ([`Tracker::load_history`]): nothing was changed.
    HistoryNotLoaded,
}

impl std::fmt::Display for TrackerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Rules(e) => e.fmt(f),
            Self::Settings(e) | Self::NotTracked(e) => f.write_str(e),
            Self::HistoryNotLoaded => text::write(f, "coreHistoryNotLoaded", &[]),
        }
    }
}

impl std::error::Error for TrackerError {}

impl From<BookError> for TrackerError {
    fn from(e: BookError) -> Self {
        Self::Rules(e)
    }
}

/// An edit of categories or rules, as the options page sends it.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RuleEdit {
    AddCategory {
        name: String,
        colour: String,
        work: bool,
    },
    RenameCategory {
        id: String,
        name: String,
    },
    RecolourCategory {
        id: String,
        colour: String,
    },
    SetCategoryWork {
        id: String,
        work: bool,
    },
    DeleteCategory {
        id: String,
        move_rules_to: Option<String>,
    },
    AddRule {
        pattern: String,
        category: String,
    },
    EditRule {
        pattern: String,
        new_pattern: String,
        category: String,
    },
    DeleteRule {
        pattern: String,
    },
    /// Sends one site to a category: the popup's "Move to category…".
    FileSite {
        domain: String,
        category: String,
    },
    RestoreDefaults,
}

/// One category's share of a day or a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryShare {
    pub id: String,
    pub name: String,
    pub colour: String,
    pub work: bool,
    pub seconds: u64,
}

/// One domain's time on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainShare {
    pub domain: String,
    /// The domain as a person reads it (`bücher.de`).
    pub display: String,
    pub category: String,
    pub seconds: u64,
}

/// A day at a glance, for the popup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayView {
    #[serde(serialize_with = "crate::time::serialize_date")]
    pub date: NaiveDate,
    /// Everything counted: time inside working hours on tracked sites.
    pub tracked_seconds: u64,
    /// The part of it in categories that count as work.
    pub work_seconds: u64,
    /// How long the schedule says this day's work is.
    pub scheduled_seconds: u64,
    /// Categories with time, most first (ties by name).
    pub categories: Vec<CategoryShare>,
    /// The domains with the most time, most first; empty in category-only
    /// mode.
    pub top_domains: Vec<DomainShare>,
}

/// What the tracker is doing now, for the popup and the toolbar badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StatusView {
    /// The person has not agreed to be tracked (or withdrew).
    NoConsent,
    Paused {
        until: Option<Millis>,
    },
    /// No sign of life from the browser recently.
    Stopped,
    OffHours {
        /// When working hours begin again, if ever.
        next_change: Option<Millis>,
        /// Whether today has no working hours at all.
        day_off: bool,
    },
    /// In a break of the schedule (lunch), inside working hours.
    OnBreak {
        name: String,
        /// When the break ends.
        until: Option<Millis>,
    },
    Locked,
    Idle,
    Unfocused,
    Untracked,
    Tracking {
        domain: Option<String>,
        /// The domain as a person reads it.
        display: Option<String>,
        category: CategoryShare,
    },
}

/// Why a domain is in its category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainView {
    pub host: String,
    /// The host as a person reads it.
    pub display: String,
    pub rule: Option<String>,
    pub category: CategoryShare,
    pub excluded: bool,
    pub sentence: String,
}

/// How many domains a day view lists.
pub const TOP_DOMAINS: usize = 10;

pub struct Tracker {
    pub(crate) settings: Settings,
    pub(crate) rules: RuleBook,
    ledger: Ledger,
    problems: Vec<LoadProblem>,
    set_aside: Vec<SetAside>,
    log: DataLog,
    /// Days known to be stored whose totals are not loaded.
    pub(crate) unloaded: Vec<NaiveDate>,
    /// Sync's state and other devices' days ([`crate::sync`]).
    pub(crate) sync: crate::sync::Sync,
}

/// An export the person made, for the data log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Json,
    Csv,
}

impl Default for Tracker {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            rules: RuleBook::with_defaults(),
            ledger: Ledger::new(),
            problems: Vec::new(),
            set_aside: Vec::new(),
            log: DataLog::default(),
            unloaded: Vec::new(),
            sync: crate::sync::Sync::default(),
        }
    }
}

pub(crate) fn seconds(ms: Millis) -> u64 {
    u64::try_from(ms / SECOND).unwrap_or(0)
}

impl Tracker {
    /// Builds the tracker from everything in storage, key by key. A key that
    /// cannot be read is reported in [`Tracker::problems`] and replaced by
    /// its default; keys that are not Fairtime's are ignored. `now` names
    /// the place damaged values are moved to.
    pub fn load<S: Source>(entries: impl IntoIterator<Item = (String, S)>, now: Millis) -> Self {
        let mut tracker = Self::default();
        tracker.read(entries, now, false);
        tracker
    }

    /// Reads stored values into the tracker; with `unloaded_only`, only
    /// the days not loaded yet.
    fn read<S: Source>(
        &mut self,
        entries: impl IntoIterator<Item = (String, S)>,
        now: Millis,
        unloaded_only: bool,
    ) {
        self.problems.clear();
        for (key, source) in entries {
            if unloaded_only {
                if let Some((device, date)) = crate::sync::parse_peer_key(&key) {
                    let peers = &mut self.sync.unloaded;
                    let Some(i) = peers.iter().position(|u| u.0 == device && u.1 == date) else {
                        continue;
                    };
                    peers.swap_remove(i);
                } else {
                    let unloaded = storage::parse_day_key(&key)
                        .and_then(|date| self.unloaded.iter().position(|d| *d == date));
                    let Some(i) = unloaded else { continue };
                    self.unloaded.swap_remove(i);
                }
            } else if let Some((at, was)) = storage::parse_damaged_key(&key) {
                self.set_aside.push(SetAside {
                    was: was.to_owned(),
                    at,
                    reason: source.reason(),
                    key,
                });
                continue;
            }
            if let Err(err) = self.load_entry(&key, &source) {
                self.set_aside_value(key, &err, now);
            }
        }
        for _ in 0..self.problems.len() {
            self.log.record(now, Kind::ValueSetAside);
        }
        crate::sort::sort_by(&mut self.set_aside, |a, b| a.key.cmp(&b.key));
    }

    /// [`Tracker::load`] from only some stored values: `keys` names every
    /// key stored, and the days among them not in `entries` stay unloaded
    /// until [`Tracker::load_history`] reads them.
    /// Until then, what reads or rewrites every day refuses with
    /// [`TrackerError::HistoryNotLoaded`].
    pub fn load_partial<S: Source>(
        entries: impl IntoIterator<Item = (String, S)>,
        keys: impl IntoIterator<Item = String>,
        now: Millis,
    ) -> Self {
        let mut tracker = Self::load(entries, now);
        // A day among `entries` that could not be read is moved aside: then
        // it is no longer stored, and `load_history` finds it gone.
        for key in keys {
            if let Some(date) = storage::parse_day_key(&key) {
                if tracker.ledger.day(date).is_none() {
                    tracker.unloaded.push(date);
                }
            } else if let Some((device, date)) = crate::sync::parse_peer_key(&key) {
                if tracker.sync.peers.get(device, date).is_none() {
                    tracker.sync.unloaded.push((device.to_owned(), date));
                }
            }
        }
        tracker
    }

    /// The first day an event at `at` may count into, less a day (which
    /// also covers a blink: it began at most [`crate::ledger::BLINK`]
    /// before the event).
    fn step_reach<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> NaiveDate {
        let earliest = self.ledger.cursor.last().map_or(at, |e| e.min(at));
        let day = self.calendar(tz).local_day(earliest).0;
        day.pred_opt().unwrap_or(day)
    }

    /// Refuses an event at `at` that could count into a day not loaded.
    fn check_step<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> Result<(), TrackerError> {
        let reach = self.step_reach(at, tz);
        if self.unloaded.iter().any(|d| *d >= reach) {
            Err(TrackerError::HistoryNotLoaded)
        } else {
            Ok(())
        }
    }

    /// Reads every stored day not loaded yet from `entries`, which holds
    /// all that are stored (other keys are ignored, and a day already loaded
    /// is never replaced): afterwards all are loaded. Days that cannot be
    /// read are in [`Tracker::problems`] (only this call's).
    pub fn load_history<S: Source>(
        &mut self,
        entries: impl IntoIterator<Item = (String, S)>,
        now: Millis,
    ) {
        self.read(entries, now, true);
        self.unloaded.clear();
        self.sync.unloaded.clear();
    }

    /// Whether every stored day is loaded.
    pub fn history_loaded(&self) -> bool {
        self.unloaded.is_empty() && self.sync.unloaded.is_empty()
    }

    pub(crate) fn require_history(&self) -> Result<(), TrackerError> {
        if self.history_loaded() {
            Ok(())
        } else {
            Err(TrackerError::HistoryNotLoaded)
        }
    }

    fn set_aside_value(&mut self, key: String, err: &StorageError, now: Millis) {
        let moved_to = storage::damaged_key(now, &key);
        let message = err.to_string();
        self.set_aside.push(SetAside {
            key: moved_to.clone(),
            was: key.clone(),
            at: now,
            reason: Some(message.clone()),
        });
        self.problems.push(LoadProblem {
            moved_to,
            key,
            message,
        });
    }

    fn load_entry<S: Source>(&mut self, key: &str, source: &S) -> Result<(), StorageError> {
        match key {
            storage::SETTINGS_KEY => self.settings = decode(source)?,
            storage::RULES_KEY => self.rules = decode(source)?,
            storage::DATALOG_KEY => self.log = decode(source)?,
            crate::sync::SYNC_KEY => {
                let what = text::say("coreStoredSync", &[]);
                let stored: crate::sync::PeerText = decode_as(&what, source)?;
                self.sync.state =
                    crate::sync::State::from_text(&stored.0).ok_or(StorageError::Corrupt {
                        what,
                        reason: stored.0,
                    })?;
            }
            storage::CURSOR_KEY => {
                let cursor: Cursor = decode(source)?;
                // A longer limit would count a sleeping computer.
                if !(1..=LONGEST_MAX_GAP).contains(&cursor.max_gap()) {
                    return Err(StorageError::Corrupt {
                        what: text::say(Cursor::WHAT, &[]),
                        reason: text::say("coreCursorLimit", &[&cursor.max_gap()]),
                    });
                }
                self.ledger.cursor = cursor;
            }
            _ => {
                if let Some(date) = storage::parse_day_key(key) {
                    let what = text::say("coreStoredDay", &[&crate::time::format_date(&date)]);
                    let day = decode_as(&what, source)?;
                    self.ledger.totals.insert_day(date, day);
                } else if let Some((device, date)) = crate::sync::parse_peer_key(key) {
                    let what = text::say("coreStoredDay", &[&crate::time::format_date(&date)]);
                    let stored: crate::sync::PeerText = decode_as(&what, source)?;
                    if !self.sync.load(device, date, &stored) {
                        return Err(StorageError::Corrupt {
                            what,
                            reason: stored.0,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Stored values that could not be read when loading.
    pub fn problems(&self) -> &[LoadProblem] {
        &self.problems
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn rules(&self) -> &RuleBook {
        &self.rules
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// What happened to the person's data and settings, oldest first.
    pub fn data_log(&self) -> &DataLog {
        &self.log
    }

    /// The stored data log, to write after [`Tracker::load`] set values
    /// aside (each is logged); nothing when none was.
    pub fn load_changes(&self) -> Changes {
        let mut changes = Changes::default();
        if !self.problems.is_empty() {
            self.write_log(&mut changes);
        }
        changes
    }

    /// Logs `kind` at `at` and writes the log.
    fn note(&mut self, at: Millis, kind: Kind, changes: &mut Changes) {
        self.log.record(at, kind);
        self.write_log(changes);
    }

    fn write_log(&self, changes: &mut Changes) {
        changes.set.insert(
            storage::DATALOG_KEY.to_owned(),
            Stored::DataLog(own(encode(&self.log))),
        );
    }

    /// The person exported their data at `at`: only the data log changes.
    pub fn record_export(&mut self, kind: ExportKind, at: Millis) -> Changes {
        let mut changes = Changes::default();
        let kind = match kind {
            ExportKind::Json => {
                self.sync.stamp_export(at, &mut changes);
                Kind::ExportedJson
            }
            ExportKind::Csv => Kind::ExportedCsv,
        };
        self.note(at, kind, &mut changes);
        changes
    }

    fn calendar<Tz: TimeZone>(&self, tz: Tz) -> ScheduleIn<'_, Tz> {
        self.settings.schedule().in_zone(tz)
    }

    /// Applies what the browser reported; returns what to store.
    pub fn input<Tz: TimeZone>(&mut self, input: &Input, tz: Tz) -> Result<Changes, TrackerError> {
        if self.settings.consent().is_none() {
            return Ok(Changes::default());
        }
        self.check_step(input.at(), tz.clone())?;
        let kind = match input {
            Input::Focus { url, .. } => match url.as_deref().map(host_of_url) {
                Some(Ok(host)) => self
                    .activity(&host)
                    .map_or(EventKind::Untracked, EventKind::Focus),
                _ => EventKind::Untracked,
            },
            Input::Unfocused { .. } => EventKind::Unfocused,
            Input::Idle { .. } => EventKind::Idle,
            Input::Locked { .. } => EventKind::Locked,
            Input::Active { .. } => EventKind::Active,
            Input::Pause { at, minutes } => EventKind::Pause {
                until: minutes
                    .filter(|m| (1..=LONGEST_PAUSE_MINUTES).contains(m))
                    .map(|m| at.saturating_add(Millis::from(m) * MINUTE)),
            },
            Input::Resume { .. } => EventKind::Resume,
            Input::Heartbeat { .. } => EventKind::Heartbeat,
            Input::Startup { .. } => EventKind::Startup,
            Input::Shutdown { .. } => EventKind::Shutdown,
        };
        Ok(self.apply(
            Event {
                at: input.at(),
                kind,
            },
            tz,
        ))
    }

    /// What time on `host` counts as; `None` for an excluded domain, which is
    /// never recorded, not even its name.
    fn activity(&self, host: &Host) -> Option<Activity> {
        if self.settings.is_excluded(host) {
            return None;
        }
        let category = self.rules.classify(host.as_str());
        Some(Activity {
            category: category.id.as_str().to_owned(),
            domain: (!self.settings.category_only()).then(|| host.as_str().to_owned()),
        })
    }

    fn apply<Tz: TimeZone>(&mut self, event: Event, tz: Tz) -> Changes {
        let calendar = self.settings.schedule().in_zone(tz);
        let touched = self.ledger.apply(&event, &calendar);
        let mut changes = Changes::default();
        self.write_cursor(&mut changes);
        self.write_days(touched, &mut changes);
        changes
    }

    fn write_cursor(&self, changes: &mut Changes) {
        changes.set.insert(
            storage::CURSOR_KEY.to_owned(),
            Stored::Cursor(own(encode(&self.ledger.cursor))),
        );
    }

    fn write_days(&self, touched: Option<RangeInclusive<NaiveDate>>, changes: &mut Changes) {
        let Some(range) = touched else { return };
        for (date, day) in self.ledger.days(range) {
            changes
                .set
                .insert(storage::day_key(date), Stored::Day(own(encode(day))));
        }
    }

    fn write_settings(&self, changes: &mut Changes) {
        changes.set.insert(
            storage::SETTINGS_KEY.to_owned(),
            Stored::Settings(Box::new(own(encode(&self.settings)))),
        );
    }

    pub(crate) fn write_rules(&self, changes: &mut Changes) {
        changes.set.insert(
            storage::RULES_KEY.to_owned(),
            Stored::Rules(own(encode(&self.rules))),
        );
    }

    /// The person agreed to be tracked at `at`: counting may start now.
    /// Its startup counts nothing, so it needs no stored day.
    pub fn give_consent<Tz: TimeZone>(&mut self, at: Millis, tz: Tz) -> Changes {
        if self.settings.consent().is_some() {
            return Changes::default();
        }
        self.settings.set_consent(Some(at));
        self.settings.schedule_holds_from(at);
        let mut changes = self.apply(
            Event {
                at,
                kind: EventKind::Startup,
            },
            tz,
        );
        self.write_settings(&mut changes);
        self.write_rules(&mut changes);
        self.note(at, Kind::ConsentGiven, &mut changes);
        changes
    }

    /// The person withdrew consent at `at`: time up to now stays counted,
    /// nothing after it is.
    pub fn withdraw_consent<Tz: TimeZone>(
        &mut self,
        at: Millis,
        tz: Tz,
    ) -> Result<Changes, TrackerError> {
        let mut changes = Changes::default();
        if self.settings.consent().is_some() {
            self.check_step(at, tz.clone())?;
            changes = self.apply(
                Event {
                    at,
                    kind: EventKind::Shutdown,
                },
                tz,
            );
            self.settings.set_consent(None);
            self.write_settings(&mut changes);
            self.note(at, Kind::ConsentWithdrawn, &mut changes);
        }
        Ok(changes)
    }

    /// Replaces the settings (consent is kept as it is: it has its own
    /// calls). Time up to `at` is counted under the old schedule first.
    pub fn set_settings<Tz: TimeZone + Copy>(
        &mut self,
        settings: Settings,
        at: Millis,
        tz: Tz,
    ) -> Result<Changes, TrackerError> {
        let before = (self.settings.clone(), self.rules.clone());
        let changes = self.replace_settings(settings, at, tz, true)?;
        Ok(changes.then(self.sync_note(before, at)))
    }

    /// [`Tracker::set_settings`], logging what kind of setting changed
    /// when `log`.
    pub(crate) fn replace_settings<Tz: TimeZone + Copy>(
        &mut self,
        mut settings: Settings,
        at: Millis,
        tz: Tz,
        log: bool,
    ) -> Result<Changes, TrackerError> {
        let old = &self.settings;
        let hides_more = (settings.category_only() && !old.category_only())
            || settings
                .excluded()
                .iter()
                .any(|h| !old.excluded().contains(h));
        if hides_more {
            self.require_history()?;
        }
        let mut changes = self.settle(at, tz)?;
        settings.set_consent(self.settings.consent());
        if log {
            let kinds = settings_changes(&self.settings, &settings);
            for kind in &kinds {
                self.log.record(at, *kind);
            }
            if !kinds.is_empty() {
                self.write_log(&mut changes);
            }
        }
        settings.follow(&self.settings, at);
        self.settings = settings;
        if hides_more {
            self.refocus(at, tz, &mut changes);
            self.forget_hidden_domains(&mut changes);
        }
        self.write_settings(&mut changes);
        Ok(changes)
    }

    /// Applies an edit to categories or rules. An edit that changes which
    /// category a site is in re-files the site's kept time on every stored
    /// day, the time counted up to `at` included.
    pub fn edit_rules<Tz: TimeZone + Copy>(
        &mut self,
        edit: RuleEdit,
        at: Millis,
        tz: Tz,
    ) -> Result<Changes, TrackerError> {
        let mut book = self.rules.clone();
        let kind = match &edit {
            RuleEdit::AddCategory { .. } => Kind::CategoryAdded,
            RuleEdit::RenameCategory { .. } => Kind::CategoryRenamed,
            RuleEdit::RecolourCategory { .. } => Kind::CategoryRecoloured,
            RuleEdit::SetCategoryWork { .. } => Kind::CategoryWorkChanged,
            RuleEdit::DeleteCategory { .. } => Kind::CategoryDeleted,
            RuleEdit::AddRule { .. } => Kind::RuleAdded,
            RuleEdit::EditRule { .. } | RuleEdit::FileSite { .. } => Kind::RuleEdited,
            RuleEdit::DeleteRule { .. } => Kind::RuleDeleted,
            RuleEdit::RestoreDefaults => Kind::DefaultsRestored,
        };
        let reclassifies = !matches!(
            edit,
            RuleEdit::AddCategory { .. }
                | RuleEdit::RenameCategory { .. }
                | RuleEdit::RecolourCategory { .. }
                | RuleEdit::SetCategoryWork { .. }
        );
        match edit {
            RuleEdit::AddCategory { name, colour, work } => {
                book.add_category(&name, &colour, work)?;
            }
            RuleEdit::RenameCategory { id, name } => book.rename_category(&id, &name)?,
            RuleEdit::RecolourCategory { id, colour } => book.recolour_category(&id, &colour)?,
            RuleEdit::SetCategoryWork { id, work } => book.set_category_work(&id, work)?,
            RuleEdit::DeleteCategory { id, move_rules_to } => {
                book.delete_category(&id, move_rules_to.as_deref())?;
            }
            RuleEdit::AddRule { pattern, category } => book.add_rule(&pattern, &category)?,
            RuleEdit::EditRule {
                pattern,
                new_pattern,
                category,
            } => book.edit_rule(&pattern, &new_pattern, &category)?,
            RuleEdit::DeleteRule { pattern } => {
                book.delete_rule(&pattern)?;
            }
            RuleEdit::FileSite { domain, category } => {
                let host =
                    Host::parse(&domain).map_err(|e| TrackerError::NotTracked(e.to_string()))?;
                book.file_site(host.as_str(), &category)?;
            }
            RuleEdit::RestoreDefaults => book.restore_defaults(),
        }
        if reclassifies {
            self.require_history()?;
        }
        let mut changes = self.settle(at, tz)?;
        let old = std::mem::replace(&mut self.rules, book);
        if reclassifies {
            self.refocus(at, tz, &mut changes);
            self.refile_days(&mut changes);
        }
        let before = (self.settings.clone(), old);
        self.write_rules(&mut changes);
        self.note(at, kind, &mut changes);
        Ok(changes.then(self.sync_note(before, at)))
    }

    /// Moves each site's kept time, on every stored day, to the category
    /// the rules now give it (see [`crate::refile`]).
    pub(crate) fn refile_days(&mut self, changes: &mut Changes) {
        for date in refile::refile(&mut self.ledger.totals, &self.rules) {
            if let Some(day) = self.ledger.day(date) {
                changes
                    .set
                    .insert(storage::day_key(date), Stored::Day(own(encode(day))));
            }
        }
    }

    /// How many stored days hold time kept without site names
    /// (category-only mode): a rule edit cannot move that time.
    pub fn unnamed_days(&self) -> Result<usize, TrackerError> {
        self.require_history()?;
        Ok(self
            .ledger
            .days(..)
            .filter(|(_, day)| refile::has_unnamed_time(day))
            .count())
    }

    /// After rules or settings changed at `at`: the ledger still counts what
    /// was in front as it was classified at the last focus, which may now be
    /// another category, carry no domain name (category-only) or not count at
    /// all (excluded). It is told again what counts from `at`. When that
    /// cannot be known (category-only: the host was not kept), counting stops
    /// until the browser next reports what is in front.
    pub(crate) fn refocus<Tz: TimeZone>(&mut self, at: Millis, tz: Tz, changes: &mut Changes) {
        if self.settings.consent().is_none() {
            return;
        }
        let cursor = &self.ledger.cursor;
        let now = cursor.last().map_or(at, |last| last.max(at));
        let kinds = if cursor.floor().is_some_and(|floor| now < floor) {
            // The clock went back before what was counted, so what is in
            // front stays unknown.
            vec![EventKind::Untracked]
        } else if !cursor.browser_focused() {
            // Behind another application: the browser reports the front tab
            // when it gets focus back.
            vec![EventKind::Untracked, EventKind::Unfocused]
        } else if let Some(activity) = cursor.front() {
            let now = activity
                .domain
                .as_deref()
                .and_then(|d| Host::parse(d).ok())
                .and_then(|host| self.activity(&host));
            match now {
                Some(now) if now == *activity => vec![],
                Some(now) => vec![EventKind::Focus(now)],
                None => vec![EventKind::Untracked],
            }
        } else {
            vec![]
        };
        for kind in kinds {
            let more = self.apply(Event { at, kind }, tz.clone());
            changes.set.extend(more.set);
        }
    }

    /// Takes what the settings now hide out of the stored days: excluded
    /// domains with their time (they are never recorded), and in
    /// category-only mode every domain name (the time stays with its
    /// category).
    fn forget_hidden_domains(&mut self, changes: &mut Changes) {
        let settings = &self.settings;
        let hidden = |domain: &str| Host::parse(domain).is_ok_and(|h| settings.is_excluded(&h));
        let mut rewritten = Vec::new();
        for (date, day) in self.ledger.days(..) {
            let needs_change = day.categories.values().any(|c| {
                (settings.category_only() && !c.domains.is_empty())
                    || c.domains.keys().any(|d| hidden(d))
            });
            if !needs_change {
                continue;
            }
            // Maps rebuilt by insertion rather than `retain`: removing from
            // a map costs kilobytes of wasm per map type.
            let mut day = day.clone();
            let mut categories = BTreeMap::new();
            for (id, mut category) in std::mem::take(&mut day.categories) {
                let mut domains = BTreeMap::new();
                for (domain, ms) in std::mem::take(&mut category.domains) {
                    if hidden(&domain) {
                        category.ms = category.ms.saturating_sub(ms);
                        day.ms = day.ms.saturating_sub(ms);
                    } else if !settings.category_only() {
                        domains.insert(domain, ms);
                    }
                }
                category.domains = domains;
                if category.ms > 0 || !category.domains.is_empty() {
                    categories.insert(id, category);
                }
            }
            day.categories = categories;
            rewritten.push((date, day));
        }
        let mut emptied = Vec::new();
        for (date, day) in rewritten {
            let key = storage::day_key(date);
            if day.categories.is_empty() {
                emptied.push(date);
                changes.set.remove(&key);
                changes.remove.push(key);
            } else {
                changes.set.insert(key, Stored::Day(own(encode(&day))));
                self.ledger.totals.insert_day(date, day);
            }
        }
        self.ledger.totals.remove_days(&emptied);
    }

    /// Counts the open segment up to `at` (a heartbeat), when tracking.
    pub fn settle<Tz: TimeZone>(&mut self, at: Millis, tz: Tz) -> Result<Changes, TrackerError> {
        if self.settings.consent().is_none() {
            return Ok(Changes::default());
        }
        self.check_step(at, tz.clone())?;
        Ok(self.apply(
            Event {
                at,
                kind: EventKind::Heartbeat,
            },
            tz,
        ))
    }

    /// Deletes the days older than the retention limit, loaded or not.
    pub fn prune<Tz: TimeZone>(&mut self, at: Millis, tz: Tz) -> Changes {
        let today = self.calendar(tz).local_day(at).0;
        let expired = storage::expired_days(
            self.ledger
                .days(..)
                .map(|(d, _)| d)
                .chain(self.unloaded.iter().copied()),
            today,
            self.settings.retention_days(),
        );
        let mut changes = Changes::default();
        self.ledger.totals.remove_days(&expired);
        self.unloaded.retain(|d| !expired.contains(d));
        for date in expired {
            changes.remove.push(storage::day_key(date));
        }
        let peers = self.sync.peers.entries().iter().map(|e| e.date);
        let expired = storage::expired_days(peers, today, self.settings.retention_days());
        for entry in self.sync.peers.drop_days(&expired) {
            changes
                .remove
                .push(crate::sync::peer_key(&entry.device, entry.date));
        }
        changes
    }

    /// Everything kept, as one document for the person to save.
    pub fn export_document(&self, at: Millis) -> Result<ExportDocument<'_>, TrackerError> {
        self.require_history()?;
        let all = self.all_days();
        let mut doc = ExportDocument::new(&self.settings, &self.rules, all.days(..), at);
        doc.data_log = self.log.entries();
        doc.device = crate::sync::DeviceName {
            id: self.sync.state.id.clone(),
            name: self.sync.state.name.clone(),
        };
        doc.totals = self.export_totals();
        Ok(doc)
    }

    /// The daily totals per category as CSV.
    pub fn export_csv(&self) -> Result<String, TrackerError> {
        self.require_history()?;
        Ok(exchange::daily_csv(self.all_days().days(..), &self.rules))
    }

    /// What importing `import` would change, one sentence each.
    pub fn preview_import(&self, import: &Import) -> Vec<String> {
        exchange::preview(&self.settings, &self.rules, import)
    }

    /// Replaces the settings and/or rules with checked imported ones (consent
    /// stays as it is). Time up to `at` is counted under the old ones; new
    /// rules re-file kept time as a rule edit does.
    pub fn apply_import<Tz: TimeZone + Copy>(
        &mut self,
        import: Import,
        at: Millis,
        tz: Tz,
    ) -> Result<Changes, TrackerError> {
        self.require_history()?;
        let before = (self.settings.clone(), self.rules.clone());
        let mut changes = self.settle(at, tz)?;
        if let Some(settings) = import.settings {
            changes = changes.then(self.replace_settings(settings, at, tz, false)?);
        }
        if let Some(rules) = import.rules {
            self.rules = rules;
            self.refocus(at, tz, &mut changes);
            self.refile_days(&mut changes);
            self.write_rules(&mut changes);
        }
        let mut changes = changes.then(self.prune(at, tz));
        self.note(at, Kind::ImportApplied, &mut changes);
        Ok(changes.then(self.sync_note(before, at)))
    }

    /// Stored values that could not be read, set aside now or earlier,
    /// in key order.
    pub fn set_aside(&self) -> &[SetAside] {
        &self.set_aside
    }

    /// Deletes a value set aside at `at`; nothing for a key that is not
    /// one.
    pub fn discard_set_aside(&mut self, key: &str, at: Millis) -> Changes {
        let mut changes = Changes::default();
        if let Some(i) = self.set_aside.iter().position(|a| a.key == key) {
            changes.remove.push(self.set_aside.remove(i).key);
            self.note(at, Kind::SetAsideDeleted, &mut changes);
        }
        changes
    }

    /// Every day's totals, the state, values set aside and the data log:
    /// what "delete all data" removes. The new log says, at `at`, that
    /// everything was deleted.
    pub fn forget_everything(&mut self, at: Millis) -> Changes {
        let mut changes = Changes::default();
        changes
            .remove
            .extend(self.set_aside.iter().map(|a| a.key.clone()));
        changes
            .remove
            .extend(self.ledger.days(..).map(|(d, _)| storage::day_key(d)));
        changes
            .remove
            .extend(self.unloaded.iter().map(|d| storage::day_key(*d)));
        let peers = self
            .sync
            .peers
            .entries()
            .iter()
            .map(|e| (&e.device, e.date));
        let unloaded = self.sync.unloaded.iter().map(|(d, date)| (d, *date));
        for (device, date) in peers.chain(unloaded) {
            changes.remove.push(crate::sync::peer_key(device, date));
        }
        changes.remove.push(crate::sync::SYNC_KEY.to_owned());
        changes.remove.push(storage::CURSOR_KEY.to_owned());
        changes.remove.push(storage::SETTINGS_KEY.to_owned());
        changes.remove.push(storage::RULES_KEY.to_owned());
        *self = Self::default();
        self.note(at, Kind::EverythingDeleted, &mut changes);
        changes
    }

    pub(crate) fn share(&self, id: &str, ms: Millis) -> CategoryShare {
        let category = self
            .rules
            .category(id)
            .unwrap_or_else(|| self.rules.uncategorized());
        CategoryShare {
            // Totals keep the id they were counted under, even if that
            // category was deleted since.
            id: id.to_owned(),
            name: category.name.clone(),
            colour: category.colour.to_string(),
            work: category.work,
            seconds: seconds(ms),
        }
    }

    pub(crate) fn shares(
        &self,
        per_category: impl IntoIterator<Item = (String, Millis)>,
    ) -> Vec<CategoryShare> {
        let mut shares: Vec<_> = per_category
            .into_iter()
            .filter(|(_, ms)| *ms >= SECOND)
            .map(|(id, ms)| self.share(&id, ms))
            .collect();
        crate::sort::sort_by(&mut shares, |a, b| {
            b.seconds.cmp(&a.seconds).then_with(|| a.name.cmp(&b.name))
        });
        shares
    }

    /// Every device's totals on `date`, this one's open segment counted up
    /// to `at`.
    pub(crate) fn live_day(
        &self,
        date: NaiveDate,
        at: Millis,
        calendar: &(impl Calendar + ?Sized),
    ) -> DayTotals {
        let mut day = self.ledger.live_day(date, at, calendar);
        if let Some(peers) = self.sync.peers.sum().day(date) {
            day.merge(peers);
        }
        day
    }

    /// Every device's totals, day by day.
    pub(crate) fn all_days(&self) -> crate::ledger::Totals {
        let mut all = self.ledger.totals.clone();
        for (date, day) in self.sync.peers.sum().days(..) {
            let mut sum = all.day(date).cloned().unwrap_or_default();
            sum.merge(day);
            all.insert_day(date, sum);
        }
        all
    }

    /// The local day containing `at`, with the open segment counted up to
    /// `at`.
    pub fn day_view<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> DayView {
        let calendar = self.calendar(tz);
        let date = calendar.local_day(at).0;
        let day = self.live_day(date, at, &calendar);
        let categories = self.shares(day.categories.iter().map(|(id, c)| (id.clone(), c.ms)));
        let top_domains = if self.settings.category_only() {
            Vec::new()
        } else {
            top_domains(&day)
        };
        DayView {
            date,
            tracked_seconds: seconds(day.ms),
            work_seconds: categories
                .iter()
                .filter(|c| c.work)
                .fold(0, |sum, c| sum.saturating_add(c.seconds)),
            scheduled_seconds: seconds(calendar.scheduled_ms(date)),
            categories,
            top_domains,
        }
    }

    pub fn status<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> StatusView {
        if self.settings.consent().is_none() {
            return StatusView::NoConsent;
        }
        let calendar = self.calendar(tz);
        match self.ledger.status(at, &calendar) {
            Status::Paused { until } => StatusView::Paused { until },
            Status::Stopped => StatusView::Stopped,
            Status::OffHours => match calendar.break_at(at) {
                Some(pause) => StatusView::OnBreak {
                    name: pause.name.clone(),
                    until: calendar.next_change(at),
                },
                None => StatusView::OffHours {
                    next_change: calendar.next_change(at),
                    day_off: calendar.scheduled_ms(calendar.local_day(at).0) == 0,
                },
            },
            Status::Locked => StatusView::Locked,
            Status::Idle => StatusView::Idle,
            Status::Unfocused => StatusView::Unfocused,
            Status::Untracked => StatusView::Untracked,
            Status::Tracking(activity) => StatusView::Tracking {
                category: self.share(&activity.category, 0),
                display: activity.domain.as_deref().map(site_field::display),
                domain: activity.domain,
            },
        }
    }

    /// The next instant the extension should wake even if nothing happens:
    /// a schedule boundary or the end of a pause.
    pub fn next_wake<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> Option<Millis> {
        self.settings.consent()?;
        let calendar = self.calendar(tz);
        let boundary = calendar.next_change(at);
        let pause_end = match self.ledger.status(at, &calendar) {
            Status::Paused { until } => until,
            _ => None,
        };
        match (boundary, pause_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether the extension should keep its 30-second sign of life going.
    /// Not while nothing can be counted until a moment [`Tracker::next_wake`]
    /// knows or the person acts (no consent, paused, outside working hours,
    /// in a break): evenings and weekends then cost no worker wake-ups.
    pub fn needs_heartbeat<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> bool {
        !matches!(
            self.status(at, tz),
            StatusView::NoConsent
                | StatusView::Paused { .. }
                | StatusView::OffHours { .. }
                | StatusView::OnBreak { .. }
        )
    }

    /// Which rule puts `input` (a URL or a host name, as typed: see
    /// [`site_field`]) in its category.
    pub fn explain(&self, input: &str) -> Result<ExplainView, TrackerError> {
        let host = site_field::read(input, Field::Test)
            .map_err(|e| TrackerError::NotTracked(e.to_string()))?
            .host;
        let explanation = self.rules.explain(host.as_str());
        let excluded = self.settings.is_excluded(&host);
        let mut sentence = explanation.sentence();
        if excluded {
            sentence.push_str("; but it is an excluded domain, so it is never recorded");
        }
        Ok(ExplainView {
            host: host.as_str().to_owned(),
            display: host.to_unicode(),
            rule: explanation.rule.map(|r| r.pattern.to_string()),
            category: self.share(explanation.category.id.as_str(), 0),
            excluded,
            sentence,
        })
    }
}

/// What kinds of setting differ between `old` and `new`, one entry per
/// excluded site added or removed (not naming it).
fn settings_changes(old: &Settings, new: &Settings) -> Vec<Kind> {
    let mut kinds = Vec::new();
    if old.schedule() != new.schedule() {
        kinds.push(Kind::ScheduleChanged);
    }
    if old.idle_seconds() != new.idle_seconds() {
        kinds.push(Kind::AwayTimeChanged);
    }
    if old.retention_days() != new.retention_days() {
        kinds.push(Kind::RetentionChanged);
    }
    for host in new.excluded() {
        if !old.excluded().contains(host) {
            kinds.push(Kind::ExclusionAdded);
        }
    }
    for host in old.excluded() {
        if !new.excluded().contains(host) {
            kinds.push(Kind::ExclusionRemoved);
        }
    }
    match (old.category_only(), new.category_only()) {
        (false, true) => kinds.push(Kind::CategoryOnlyOn),
        (true, false) => kinds.push(Kind::CategoryOnlyOff),
        _ => {}
    }
    kinds
}

/// A day's sites with the most time, most first (ties by name). A site
/// kept in two categories (stored by a Fairtime that did not re-file, or
/// on a day re-filing left alone) is listed once, in the category holding
/// most of its time.
fn top_domains(day: &DayTotals) -> Vec<DomainShare> {
    // Milliseconds in `seconds` until the parts are added up.
    let mut parts = Vec::new();
    for (id, c) in &day.categories {
        for (domain, ms) in &c.domains {
            parts.push(DomainShare {
                domain: domain.clone(),
                display: String::new(),
                category: id.clone(),
                seconds: u64::try_from(*ms).unwrap_or(0),
            });
        }
    }
    // By name, the largest part first: its category is the one shown.
    crate::sort::sort_by(&mut parts, |a, b| {
        a.domain
            .cmp(&b.domain)
            .then_with(|| b.seconds.cmp(&a.seconds))
    });
    let mut top: Vec<DomainShare> = Vec::new();
    for part in parts {
        match top.last_mut() {
            Some(last) if last.domain == part.domain => {
                last.seconds = last.seconds.saturating_add(part.seconds);
            }
            _ => top.push(part),
        }
    }
    for share in &mut top {
        share.seconds /= SECOND as u64;
    }
    rank_domains(&mut top);
    let shown = top.iter().take_while(|d| d.seconds > 0).count();
    top.truncate(shown.min(TOP_DOMAINS));
    for share in &mut top {
        share.display = site_field::display(&share.domain);
    }
    top
}

/// Most time first, ties by name.
pub(crate) fn rank_domains(domains: &mut [DomainShare]) {
    crate::sort::sort_by(domains, |a, b| {
        b.seconds
            .cmp(&a.seconds)
            .then_with(|| a.domain.cmp(&b.domain))
    });
}

fn own<T: Clone>(envelope: storage::Envelope<&T>) -> storage::Envelope<T> {
    storage::Envelope {
        v: envelope.v,
        d: envelope.d.clone(),
    }
}
