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
    Index(storage::Envelope<storage::Index>),
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
    /// The days read so far, stored or not, while which others are stored
    /// is unknown (a waking worker's tracker); `None` once every stored
    /// day is loaded.
    read: Option<Vec<NaiveDate>>,
    /// No day before this one is stored; none at all while `None`.
    first: Option<NaiveDate>,
    /// Values set aside that the stored index names, not read yet.
    named_aside: Vec<String>,
    /// The index as stored: read or last written (`None`: there is none).
    index: Option<storage::Index>,
    /// A waking tracker's rules are the default pack unless stored ones
    /// are read.
    rules_due: bool,
    /// Sync's state and other devices' days ([`crate::sync`]).
    pub(crate) sync: crate::sync::Sync,
}

/// A waking tracker's next read: whether it is the first, its days, the
/// values set aside it names, the days of other devices.
type WakePlan<'a> = (bool, Vec<NaiveDate>, &'a [String], Vec<NaiveDate>);

/// An export the person made, for the data log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Json,
    Csv,
}

impl Default for Tracker {
    fn default() -> Self {
        Self::with_rules(RuleBook::with_defaults())
    }
}

impl Tracker {
    fn with_rules(rules: RuleBook) -> Self {
        Self {
            settings: Settings::default(),
            rules,
            ledger: Ledger::new(),
            problems: Vec::new(),
            set_aside: Vec::new(),
            log: DataLog::default(),
            read: None,
            first: None,
            named_aside: Vec::new(),
            index: None,
            rules_due: false,
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
        tracker.read_entries(entries, now, false);
        // Every value set aside was among `entries`.
        tracker.named_aside.clear();
        tracker.lower_first();
        tracker
    }

    /// A tracker for a waking worker, before it read anything: it reads
    /// what [`Tracker::wake_keys`] names with [`Tracker::read`] until that
    /// names nothing more (then [`Tracker::history_needed`] says whether it
    /// must load every day at once). Which other days are stored stays
    /// unknown: what reads or rewrites every day refuses with
    /// [`TrackerError::HistoryNotLoaded`] until [`Tracker::load_history`],
    /// and so does an event that could count into a day not read.
    pub fn waking() -> Self {
        // The default pack only if none is stored: building it costs a
        // waking worker milliseconds.
        Self {
            read: Some(Vec::new()),
            rules_due: true,
            ..Self::with_rules(RuleBook::empty())
        }
    }

    /// The keys to read next at `at` ([`storage::wake_keys`]); none once
    /// the tracker has what counting and today's view need.
    pub fn wake_keys<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> Vec<String> {
        match self.wake_plan(at, tz) {
            Some((first, days, aside, peer_days)) => {
                let devices: Vec<String> = self.sync.devices().map(str::to_owned).collect();
                storage::wake_keys(first, &days, aside, (&devices, &peer_days))
            }
            None => Vec::new(),
        }
    }

    /// Reads the values of what [`Tracker::wake_keys`] named at `at`:
    /// `entries` holds those that are stored, and a day named but not in
    /// it is known not to be stored.
    pub fn read<S: Source, Tz: TimeZone>(
        &mut self,
        entries: impl IntoIterator<Item = (String, S)>,
        at: Millis,
        tz: Tz,
    ) {
        let Some((first, days, _, peer_days)) = self.wake_plan(at, tz) else {
            return;
        };
        if let Some(read) = &mut self.read {
            read.extend(days);
        }
        self.sync.peer_days_read.extend(peer_days);
        if !first {
            self.named_aside.clear();
        }
        self.read_entries(entries, at, false);
        if std::mem::take(&mut self.rules_due) {
            self.rules = RuleBook::with_defaults();
        }
        self.lower_first();
        // Without an index and without ever having counted, nothing is
        // stored but what was just read: every day is loaded.
        if first && self.index.is_none() && !self.ever_counted() {
            self.read = None;
        }
    }

    /// Whether a waking tracker must load every stored day before it can
    /// work: the index is missing (storage written before there was one).
    pub fn history_needed(&self) -> bool {
        let some_read = self.read.as_ref().is_some_and(|r| !r.is_empty());
        some_read && self.index.is_none() && self.ever_counted()
    }

    /// Whether days may be stored: consent was given (and maybe withdrawn
    /// since, which keeps the cursor), or other devices' days came in.
    fn ever_counted(&self) -> bool {
        self.settings.consent().is_some()
            || self.ledger.cursor.last().is_some()
            || self.sync.devices().next().is_some()
    }

    /// What to read next: whether it is the first read, the days, the
    /// values set aside.
    fn wake_plan<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> Option<WakePlan<'_>> {
        let read = self.read.as_ref()?;
        if read.is_empty() {
            let today = self.calendar(tz).local_day(at).0;
            let days = vec![today.pred_opt().unwrap_or(today), today];
            return Some((true, days, &[], Vec::new()));
        }
        // Without an index, every day is read at once (`history_needed`).
        self.index.as_ref()?;
        let days = self.missing_days(at, tz);
        // Other devices' days of the days read or about to be, once the
        // first read named the devices.
        let mut peer_days = Vec::new();
        if self.sync.devices().next().is_some() {
            for day in read.iter().chain(&days) {
                if !self.sync.peer_days_read.contains(day) && !peer_days.contains(day) {
                    peer_days.push(*day);
                }
            }
        }
        // Further back than a year: reading every day at once is as cheap.
        let nothing = days.is_empty() && self.named_aside.is_empty() && peer_days.is_empty();
        if days.len() > 366 || nothing {
            return None;
        }
        Some((false, days, &self.named_aside, peer_days))
    }

    /// Reads stored values into the tracker; with `history`, only the days
    /// not read yet and values set aside not known yet.
    fn read_entries<S: Source>(
        &mut self,
        entries: impl IntoIterator<Item = (String, S)>,
        now: Millis,
        history: bool,
    ) {
        self.problems.clear();
        // Other devices' days once the rest is read: whether one is this
        // device's own needs the sync state.
        let mut peers = Vec::new();
        for (key, source) in entries {
            if let Some((at, was)) = storage::parse_damaged_key(&key) {
                if !self.set_aside.iter().any(|a| a.key == key) {
                    self.set_aside.push(SetAside {
                        was: was.to_owned(),
                        at,
                        reason: source.reason(),
                        key,
                    });
                }
                continue;
            }
            let peer = crate::sync::parse_peer_key(&key);
            if history {
                // What is loaded already, under the key Fairtime gives it;
                // another spelling of that key is read, and set aside.
                let read = self.read.as_deref().unwrap_or_default();
                if let Some((device, date)) = peer {
                    if self.sync.peers.get(device, date).is_some()
                        && storage::date_spelled_out(&key)
                    {
                        continue;
                    }
                } else {
                    match storage::parse_day_key(&key) {
                        Some(date) if !read.contains(&date) || !storage::date_spelled_out(&key) => {
                        }
                        _ => continue,
                    }
                }
            }
            if peer.is_some() {
                peers.push((key, source));
                continue;
            }
            if let Err(err) = self.load_entry(&key, &source) {
                self.set_aside_value(key, &err, now);
            }
        }
        for (key, source) in peers {
            if let Err(err) = self.load_entry(&key, &source) {
                self.set_aside_value(key, &err, now);
            }
        }
        for _ in 0..self.problems.len() {
            self.log.record(now, Kind::ValueSetAside);
        }
        crate::sort::sort_by(&mut self.set_aside, |a, b| a.key.cmp(&b.key));
    }

    /// Keeps `first` at or before every loaded day.
    fn lower_first(&mut self) {
        if let Some((day, _)) = self.ledger.days(..).next() {
            if self.first.is_none_or(|f| day < f) {
                self.first = Some(day);
            }
        }
    }

    /// The days an event at `at` may count into that were not read: from
    /// the day before the earlier of `at` and the cursor's last event
    /// (which also covers a blink: it began at most
    /// [`crate::ledger::BLINK`] before the event) to the later one's.
    fn missing_days<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> Vec<NaiveDate> {
        let Some(read) = &self.read else {
            return Vec::new();
        };
        let calendar = self.calendar(tz);
        let last = self.ledger.cursor.last().unwrap_or(at);
        let from = calendar.local_day(last.min(at)).0;
        let to = calendar.local_day(last.max(at)).0;
        from.pred_opt()
            .unwrap_or(from)
            .iter_days()
            .take_while(|d| *d <= to)
            .take(367)
            .filter(|d| !read.contains(d))
            .collect()
    }

    /// Refuses an event at `at` that could count into a day not read.
    fn check_step<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> Result<(), TrackerError> {
        if self.missing_days(at, tz).is_empty() {
            Ok(())
        } else {
            Err(TrackerError::HistoryNotLoaded)
        }
    }

    /// Refuses a view of the day of `at` if that day was not read.
    pub fn check_day<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> Result<(), TrackerError> {
        let day = self.calendar(tz).local_day(at).0;
        let peers_read =
            || self.sync.devices().next().is_none() || self.sync.peer_days_read.contains(&day);
        match &self.read {
            Some(read) if !read.contains(&day) || !peers_read() => {
                Err(TrackerError::HistoryNotLoaded)
            }
            _ => Ok(()),
        }
    }

    /// Reads every stored day not read yet from `entries`, which holds
    /// all that are stored (a day already read is never replaced, and
    /// other state keys are ignored): afterwards all are loaded. Days that
    /// cannot be read are in [`Tracker::problems`] (only this call's).
    pub fn load_history<S: Source>(
        &mut self,
        entries: impl IntoIterator<Item = (String, S)>,
        now: Millis,
    ) {
        if self.read.is_none() {
            return;
        }
        self.read_entries(entries, now, true);
        self.read = None;
        self.named_aside.clear();
        self.lower_first();
    }

    /// Whether every stored day is loaded.
    pub fn history_loaded(&self) -> bool {
        self.read.is_none()
    }

    pub(crate) fn require_history(&self) -> Result<(), TrackerError> {
        if self.history_loaded() {
            Ok(())
        } else {
            Err(TrackerError::HistoryNotLoaded)
        }
    }

    /// Writes the index if what it says changed: where the days begin,
    /// which values are set aside. Not before it is known (a waking tracker
    /// without one loads every day first), nor while there is nothing to say.
    pub(crate) fn write_index(&mut self, changes: &mut Changes) {
        if self.read.is_some() && self.index.is_none() {
            return;
        }
        let mut aside: Vec<String> = self.set_aside.iter().map(|a| a.key.clone()).collect();
        aside.extend(self.named_aside.iter().cloned());
        let index = storage::Index {
            first: self.first.map(|d| crate::time::format_date(&d)),
            aside,
        };
        let unchanged = match &self.index {
            Some(stored) => *stored == index,
            None => index == storage::Index::default() && !self.ever_counted(),
        };
        if !unchanged {
            changes.set.insert(
                storage::INDEX_KEY.to_owned(),
                Stored::Index(own(encode(&index))),
            );
            self.index = Some(index);
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
            storage::RULES_KEY => {
                self.rules = decode(source)?;
                self.rules_due = false;
            }
            storage::DATALOG_KEY => self.log = decode(source)?,
            storage::INDEX_KEY => {
                let index: storage::Index = decode(source)?;
                self.first = index.first.as_deref().and_then(crate::time::parse_date);
                self.named_aside = index.aside.clone();
                self.index = Some(index);
            }
            crate::sync::SYNC_KEY => {
                let what = text::say("coreStoredSync", &[]);
                let stored: crate::sync::PeerText = decode_as(&what, source)?;
                self.sync.state =
                    crate::sync::State::from_text(&stored.0).ok_or(StorageError::Corrupt {
                        what,
                        reason: text::unreadable_text(&stored.0),
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
                    let unusual = !storage::date_spelled_out(key);
                    check_day(&what, &day, unusual.then_some("coreDayKeyUnusual"))?;
                    self.ledger.totals.insert_day(date, day);
                } else if let Some((device, date)) = crate::sync::parse_peer_key(key) {
                    let what = text::say("coreStoredDay", &[&crate::time::format_date(&date)]);
                    let stored: crate::sync::PeerText = decode_as(&what, source)?;
                    let Some(entry) =
                        crate::sync::totals::Entry::from_stored(device, date, &stored.0)
                    else {
                        return Err(StorageError::Corrupt {
                            what,
                            reason: text::unreadable_text(&stored.0),
                        });
                    };
                    let unusual =
                        !storage::date_spelled_out(key) || !crate::sync::codec::valid_id(device);
                    let own = device == self.sync.state.id;
                    let problem = match (unusual, own) {
                        (true, _) => Some("coreDayKeyUnusual"),
                        (_, true) => Some("coreDayOwnAsPeer"),
                        _ => None,
                    };
                    check_day(&what, &entry.day, problem)?;
                    self.sync.peers.merge(entry);
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

    /// What to write after a load: the data log if values were set aside
    /// (each is logged), the index if it changed; nothing otherwise.
    pub fn load_changes(&mut self) -> Changes {
        let mut changes = Changes::default();
        if !self.problems.is_empty() {
            self.write_log(&mut changes);
        }
        self.write_index(&mut changes);
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

    fn write_days(&mut self, touched: Option<RangeInclusive<NaiveDate>>, changes: &mut Changes) {
        let Some(range) = touched else { return };
        for (date, day) in self.ledger.days(range) {
            changes
                .set
                .insert(storage::day_key(date), Stored::Day(own(encode(day))));
        }
        self.lower_first();
        self.write_index(changes);
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
        self.ledger.cursor.raise_floor(at);
        let mut changes = self.apply(
            Event {
                at,
                kind: EventKind::Startup,
            },
            tz,
        );
        self.write_settings(&mut changes);
        self.write_rules(&mut changes);
        self.write_index(&mut changes);
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
        // A clock set back: what counted up to the floor had the old schedule.
        let since = self.ledger.cursor.floor().map_or(at, |floor| floor.max(at));
        settings.follow(&self.settings, since);
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

    /// Deletes the days older than the retention limit, loaded or not:
    /// none is older than the index's first day, so those from it to the
    /// limit go unread.
    pub fn prune<Tz: TimeZone>(&mut self, at: Millis, tz: Tz) -> Changes {
        let today = self.calendar(tz).local_day(at).0;
        let keep = self.settings.retention_days();
        let mut expired = storage::expired_days(self.ledger.days(..).map(|(d, _)| d), today, keep);
        if let (Some(first), Some(first_kept)) = (
            self.first,
            today.checked_sub_days(chrono::Days::new(u64::from(keep.max(1) - 1))),
        ) {
            if keep > 0 && first < first_kept {
                // Ten years of keys at most per call: a first day in the
                // year 1 (a day stored by hand) goes over many wake-ups
                // rather than as 700,000 keys in one.
                let most = chrono::Days::new(u64::from(crate::settings::MAX_RETENTION_DAYS));
                let until = first
                    .checked_add_days(most)
                    .map_or(first_kept, |d| d.min(first_kept));
                expired.retain(|d| *d < first || *d >= until);
                expired.extend(first.iter_days().take_while(|d| *d < until));
                self.first = Some(until);
            }
        }
        let mut changes = Changes::default();
        self.ledger.totals.remove_days(&expired);
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
        self.write_index(&mut changes);
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
            self.write_index(&mut changes);
        }
        changes
    }

    /// Every day's totals, the state, values set aside and the data log:
    /// what "delete all data" removes. The new log says, at `at`, that
    /// everything was deleted.
    pub fn forget_everything(&mut self, at: Millis) -> Result<Changes, TrackerError> {
        self.require_history()?;
        let mut changes = Changes::default();
        changes
            .remove
            .extend(self.set_aside.iter().map(|a| a.key.clone()));
        changes
            .remove
            .extend(self.ledger.days(..).map(|(d, _)| storage::day_key(d)));
        for entry in self.sync.peers.entries() {
            changes
                .remove
                .push(crate::sync::peer_key(&entry.device, entry.date));
        }
        changes.remove.push(crate::sync::SYNC_KEY.to_owned());
        changes.remove.push(storage::CURSOR_KEY.to_owned());
        changes.remove.push(storage::INDEX_KEY.to_owned());
        changes.remove.push(storage::SETTINGS_KEY.to_owned());
        changes.remove.push(storage::RULES_KEY.to_owned());
        changes.remove.push(storage::TEAM_KEY.to_owned());
        changes.remove.push(storage::TEAM_SECRET_KEY.to_owned());
        *self = Self::default();
        self.note(at, Kind::EverythingDeleted, &mut changes);
        Ok(changes)
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

    /// Until when the day view at `at` changes only by the time that passes
    /// on what is being counted (or not at all): before the next schedule
    /// change or end of a pause, midnight, and the lapse of the last sign of
    /// life. The toolbar popup draws a copy of the view made at `at` until
    /// then, while a stopped worker wakes (extension/snapshot.js).
    pub fn steady_until<Tz: TimeZone>(&self, at: Millis, tz: Tz) -> Millis {
        let calendar = self.calendar(tz.clone());
        let mut until = calendar.local_day(at).1.end;
        if let Some(wake) = self.next_wake(at, tz) {
            until = until.min(wake);
        }
        let cursor = &self.ledger.cursor;
        let paused = matches!(self.ledger.status(at, &calendar), Status::Paused { .. });
        // From `last + max_gap` on, the browser counts as gone (unless paused,
        // which says so whatever the browser does); before `floor`, nothing
        // counts (the clock went back).
        let lapse = cursor
            .last()
            .map(|last| last.saturating_add(cursor.max_gap()));
        for change in [lapse.filter(|_| !paused), cursor.floor()]
            .into_iter()
            .flatten()
        {
            if change > at {
                until = until.min(change - 1);
            }
        }
        until.max(at)
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

/// A stored day that cannot be counted: `problem`, or what it breaks of
/// [`crate::invariants`].
fn check_day(
    what: &str,
    day: &DayTotals,
    problem: Option<&'static str>,
) -> Result<(), StorageError> {
    match problem.or_else(|| crate::invariants::day_problem(day)) {
        Some(reason) => Err(StorageError::Corrupt {
            what: what.to_owned(),
            reason: text::say(reason, &[]),
        }),
        None => Ok(()),
    }
}

fn own<T: Clone>(envelope: storage::Envelope<&T>) -> storage::Envelope<T> {
    storage::Envelope {
        v: envelope.v,
        d: envelope.d.clone(),
    }
}
