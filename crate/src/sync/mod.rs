//! Opt-in sync over the browser's own `storage.sync`, and the merge of
//! another browser's export.
//!
//! Each browser has a random device id and writes only its own keys:
//! `t:<device>` (`stamp/chunks/bytes/name`) and `t:<device>:<n>`, chunks
//! of its days in the synced window ([`codec`]); settings and rules are
//! `s:` items (`items`). A write's stamp is its time in milliseconds,
//! raised past the one before, and is the version of every day it carries
//! ([`totals`]). What this device received is kept in local storage
//! (`peer:<device>:<YYYY-MM-DD>`), so days that leave the window stay.
//!
//! Never leaves the device: consent, excluded domains (never recorded, so
//! in no day), these sync choices, and site names unless the person asked
//! for them and this device is not in category-only mode. Other devices'
//! days keep the categories their device filed them under (that device
//! re-files its own days when a rule edit reaches it).
//!
//! Writes are debounced ([`SPACING`]), sized to fit ([`WINDOW_DAYS`],
//! [`DEVICE_BYTES`]) and only of what changed; a device silent longer than
//! the window is removed from sync by the next device to write, its days
//! staying in every local copy. An error leaves local data as it is, says
//! what happened and backs off. An export carries every device's days
//! with their versions (`totals`), so merging it goes through the same
//! CRDT; "Delete everything" removes the sync state, the device id and
//! other devices' days here (the extension removes the sync keys).

pub mod codec;
pub mod hlc;
pub mod items;
pub mod totals;

use chrono::{NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};

use crate::ledger::Totals;
use crate::rules::RuleBook;
use crate::settings::Settings;
use crate::storage::{encode, Envelope, Schema};
use crate::text;
use crate::time::{Calendar, Millis, MINUTE, SECOND};
use crate::tracker::{Changes, Stored, Tracker, TrackerError};
use totals::{Entry, Peers};

/// The synced window, in days: with site names off and on.
pub const WINDOW_DAYS: [u32; 2] = [62, 31];
/// The most a device's `t:` items take, with site names off and on: 8
/// devices (or 4 with site names) and [`ITEMS_BYTES`] fit in the quota.
pub const DEVICE_BYTES: [usize; 2] = [9_000, 18_000];
/// Kept for settings and rules.
pub const ITEMS_BYTES: usize = codec::QUOTA_BYTES - 8 * DEVICE_BYTES[0];
/// While counting, at most one write in this time; after a working block,
/// one a minute; on the person's edits, one in five seconds.
pub const SPACING: [Millis; 3] = [5 * MINUTE, MINUTE, 5 * SECOND];

const PEER_PREFIX: &str = "peer:";
pub const SYNC_KEY: &str = "sync";

/// What this device keeps about sync, in local storage only, as text
/// ([`State::text`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    pub id: String,
    pub name: String,
    pub on: bool,
    pub domains: bool,
    pub own_hours: bool,
    /// The stamp of the last write (or export).
    pub stamp: u64,
    /// When a write last succeeded.
    pub wrote: Millis,
    /// The keys written last, each with a hash of its value.
    pub sent: Vec<(String, u32)>,
    /// The bytes of this device's items in sync.
    pub bytes: usize,
    /// Failed writes in a row.
    pub fails: u32,
    /// The last error: its kind, when, and when to retry.
    pub error: Option<(u8, Millis, Millis)>,
    /// Other devices: id, name, last write, bytes of their items (0 once
    /// pruned from sync).
    pub devices: Vec<(String, String, Millis, usize)>,
    /// Settings and rules as items ([`items`]).
    pub items: items::ItemState,
}

/// A stored text: a peer day (`version/day`, [`Entry::stored`]) or the
/// sync state.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PeerText(pub String);

impl Schema for PeerText {
    const WHAT: &'static str = "coreStoredPeerDay";
    const VERSION: u32 = 1;
}

fn push_numbers(out: &mut String, numbers: &[u64]) {
    for n in numbers {
        codec::push36(out, *n);
        out.push('/');
    }
}

fn numbers(line: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for n in line.split('/') {
        out.push(codec::read36(n).unwrap_or(0));
    }
    out
}

impl State {
    /// Lines: id, name, `on domains own_hours` flags, numbers, the keys
    /// sent with their hashes, the items' state, then one line per device.
    pub fn text(&self) -> String {
        let mut out = self.id.clone();
        for part in ["\n", &self.name, "\n"] {
            out.push_str(part);
        }
        for flag in [self.on, self.domains, self.own_hours] {
            out.push(if flag { '1' } else { '0' });
        }
        out.push('\n');
        let (kind, at, retry) = self.error.map_or((9, 0, 0), |(k, a, r)| (k, a, r));
        let n = |ms: Millis| ms.max(0) as u64;
        push_numbers(
            &mut out,
            &[
                self.stamp,
                n(self.wrote),
                self.bytes as u64,
                u64::from(self.fails),
                u64::from(kind),
                n(at),
                n(retry),
            ],
        );
        out.push('\n');
        for (key, h) in &self.sent {
            out.push_str(key);
            out.push('=');
            codec::push36(&mut out, u64::from(*h));
            out.push(' ');
        }
        out.push('\n');
        out.push_str(&String::from(self.items.clone()));
        for (id, name, last, bytes) in &self.devices {
            out.push('\n');
            push_numbers(&mut out, &[n(*last), *bytes as u64]);
            out.push_str(id);
            out.push('/');
            out.push_str(name);
        }
        out
    }

    pub fn from_text(text: &str) -> Option<State> {
        let mut lines = text.split('\n');
        let mut state = State {
            id: lines.next()?.to_owned(),
            name: lines.next()?.to_owned(),
            ..State::default()
        };
        let flags = lines.next()?.as_bytes();
        let flag = |i: usize| flags.get(i) == Some(&b'1');
        (state.on, state.domains, state.own_hours) = (flag(0), flag(1), flag(2));
        let n = numbers(lines.next()?);
        let n = |i: usize| n.get(i).copied().unwrap_or(0);
        state.stamp = n(0);
        state.wrote = n(1) as Millis;
        state.bytes = n(2) as usize;
        state.fails = n(3) as u32;
        if n(4) < 9 {
            state.error = Some((n(4) as u8, n(5) as Millis, n(6) as Millis));
        }
        for pair in lines.next()?.split(' ').filter(|p| !p.is_empty()) {
            let (key, h) = pair.split_once('=')?;
            state.sent.push((key.to_owned(), codec::read36(h)? as u32));
        }
        state.items = items::ItemState::try_from(lines.next()?.to_owned()).ok()?;
        for line in lines {
            let mut parts = line.splitn(4, '/');
            let last = codec::read36(parts.next()?)? as Millis;
            let bytes = codec::read36(parts.next()?)? as usize;
            let id = parts.next()?.to_owned();
            state
                .devices
                .push((id, parts.next()?.to_owned(), last, bytes));
        }
        Some(state)
    }
}

/// The storage.sync writes of an outbox: keys to set, keys to remove.
pub type Outbox = (Vec<(String, String)>, Vec<String>);

/// A write in flight.
#[derive(Debug, Clone)]
struct Pending {
    stamp: u64,
    /// Every key with the hash of its value.
    sent: Vec<(String, u32)>,
    /// The devices it removes from sync.
    pruned: Vec<String>,
    /// The bytes of this device's keys and the `s:` items, and of those.
    bytes: usize,
    shared_bytes: usize,
    /// The `s:` items it writes.
    shared: Vec<(String, String)>,
}

/// Sync in memory: the state, other devices' days, and a write in flight.
#[derive(Debug, Clone, Default)]
pub struct Sync {
    pub state: State,
    pub peers: Peers,
    /// The days whose other devices' copies a waking tracker has read
    /// (of the devices the sync state names).
    pub peer_days_read: Vec<NaiveDate>,
    /// The stamp and keys of the write JavaScript is doing.
    pending: Option<Pending>,
    /// When a refused write is due.
    due: Option<Millis>,
    /// The `s:` items' hashes and bytes as last written, while settings
    /// and rules are unchanged since (spares working them out again).
    shared: Option<(Vec<(String, u32)>, usize)>,
}

/// The storage key of a device's day.
pub fn peer_key(device: &str, date: NaiveDate) -> String {
    let mut key = String::from(PEER_PREFIX);
    for part in [device, ":", &crate::time::format_date(&date)] {
        key.push_str(part);
    }
    key
}

pub fn parse_peer_key(key: &str) -> Option<(&str, NaiveDate)> {
    let (device, date) = key.strip_prefix(PEER_PREFIX)?.split_once(':')?;
    Some((device, crate::time::parse_date(date)?))
}

fn hash(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The part of a value that says whether it changed: all of it but a
/// `t:` item's stamp.
fn body<'a>(key: &str, value: &'a str) -> &'a str {
    match value.split_once('/') {
        Some((_, rest)) if key.starts_with("t:") => rest,
        _ => value,
    }
}

/// `{sentences, bytes, windowDays}`: what turning sync on would send.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub sentences: Vec<String>,
    pub bytes: usize,
    pub window_days: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceView {
    pub id: String,
    pub name: String,
    pub last_wrote: Option<Millis>,
    pub this_device: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorView {
    pub message: String,
    pub at: Millis,
    pub retry_at: Millis,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    pub on: bool,
    pub domains: bool,
    pub own_hours: bool,
    pub device: DeviceView,
    pub devices: Vec<DeviceView>,
    pub bytes_in_use: usize,
    pub quota_bytes: usize,
    pub window_days: u32,
    pub error: Option<ErrorView>,
}

/// The person's sync choices (`setSync`).
#[derive(Debug, Clone, Default)]
pub struct Prefs {
    pub on: bool,
    pub domains: bool,
    pub own_hours: bool,
    pub name: String,
}

/// Why a write is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Tick,
    BlockEnd,
    Now,
}

/// What the browser's sync said, from its error text.
pub fn classify(error: &str) -> u8 {
    let e = error.to_ascii_lowercase();
    let has = |word: &str| {
        e.as_bytes()
            .windows(word.len())
            .any(|w| w == word.as_bytes())
    };
    // Chromium 156 says `Resource::kQuotaBytesPerItem quota exceeded`,
    // older versions and Firefox `QUOTA_BYTES_PER_ITEM`.
    if has("per_item") || has("peritem") {
        1
    } else if has("items") {
        2
    } else if has("operations") || has("per_minute") || has("per_hour") {
        3
    } else if has("quota") {
        0
    } else {
        4
    }
}

const ERRORS: [&str; 5] = [
    "coreSyncErrorBytes",
    "coreSyncErrorItem",
    "coreSyncErrorItems",
    "coreSyncErrorRate",
    "coreSyncErrorOther",
];

impl Sync {
    /// The other devices the sync state names.
    pub fn devices(&self) -> impl Iterator<Item = &str> {
        self.state.devices.iter().map(|d| d.0.as_str())
    }

    fn stored(&self) -> Stored {
        Stored::Peer(Envelope {
            v: PeerText::VERSION,
            d: PeerText(self.state.text()),
        })
    }

    fn write(&self, changes: &mut Changes) {
        changes.set.insert(SYNC_KEY.to_owned(), self.stored());
    }

    /// Merges `entry`, writing it to `changes` if it won.
    pub fn merge(&mut self, entry: Entry, changes: &mut Changes) -> bool {
        let key = peer_key(&entry.device, entry.date);
        let text = PeerText(entry.stored());
        let won = self.peers.merge(entry);
        if won {
            changes.set.insert(key, Stored::Peer(own(encode(&text))));
        }
        won
    }

    /// The next stamp, raised past the last.
    fn next_stamp(&self, at: Millis) -> u64 {
        (at.max(0) as u64).max(self.state.stamp + 1)
    }
}

fn own<T: Clone>(envelope: Envelope<&T>) -> Envelope<T> {
    Envelope {
        v: envelope.v,
        d: envelope.d.clone(),
    }
}

impl Tracker {
    /// 1 when site names are synced (asked for, and not category-only).
    fn sync_mode(&self, domains: bool) -> usize {
        usize::from(domains && !self.settings().category_only())
    }

    /// Other devices' days, as merged here.
    pub fn sync_peers(&self) -> &Peers {
        &self.sync.peers
    }

    /// This device's sync state.
    pub fn sync_state(&self) -> &State {
        &self.sync.state
    }

    /// How many days are synced.
    pub fn sync_window_days(&self) -> u32 {
        WINDOW_DAYS[self.sync_mode(self.sync.state.domains)]
    }

    /// The days of this device in the window ending on `today`, as sync
    /// writes them: `(first day, each day's text)`, fitted into `budget`
    /// bytes, the oldest days left out first.
    fn own_window(
        &self,
        today: NaiveDate,
        mode: usize,
        pending: &Totals,
    ) -> (NaiveDate, Vec<String>) {
        let (domains, budget) = (mode == 1, DEVICE_BYTES[mode] - 200);
        let days = u64::from(WINDOW_DAYS[mode]);
        let start = today - chrono::Days::new(days - 1);
        let mut texts = Vec::new();
        let mut used = 0;
        let mut first = today;
        // Newest first, until the budget is spent or the days run out.
        let mut date = today;
        let oldest = self.ledger().days(..).next().map_or(today, |(d, _)| d);
        while date >= start && date >= oldest {
            let mut text = String::new();
            let mut day = self.ledger().day(date).cloned().unwrap_or_default();
            if let Some(open) = pending.day(date) {
                day.merge(open);
            }
            codec::push_day(&mut text, &day, domains);
            if text.len() > 4_000 {
                text.clear();
                codec::push_day(&mut text, &day, false);
            }
            used += text.len() + 1;
            if used > budget {
                break;
            }
            texts.push(text);
            first = date;
            date = match date.pred_opt() {
                Some(d) => d,
                None => break,
            };
        }
        texts.reverse();
        (first, texts)
    }

    /// Every `t:` item of this device and the `s:` items, as they would be
    /// written now with `stamp`.
    fn sync_items<Tz: TimeZone>(
        &self,
        at: Millis,
        tz: Tz,
        stamp: u64,
        mode: usize,
        shared: bool,
    ) -> Vec<(String, String)> {
        let state = &self.sync.state;
        let id = if state.id.is_empty() {
            "0000000000000000"
        } else {
            &state.id
        };
        let calendar = self.settings().schedule().in_zone(tz);
        let today = calendar.local_day(at).0;
        let pending = self.ledger().pending(at, &calendar);
        let (first, days) = self.own_window(today, mode, &pending);
        let mut items = Vec::new();
        let mut bytes = 0;
        let mut start = 0;
        let mut stamp_text = String::new();
        codec::push36(&mut stamp_text, stamp);
        while start < days.len() {
            let key = format!("t:{id}:{}", items.len());
            let room = codec::QUOTA_BYTES_PER_ITEM - key.len() - 2 - stamp_text.len() - 8;
            let mut end = start;
            let mut len = 0;
            while end < days.len() && len + days[end].len() < room {
                len += days[end].len() + 1;
                end += 1;
            }
            let value = codec::chunk(
                stamp,
                first + chrono::Days::new(start as u64),
                &days[start..end],
            );
            bytes += codec::item_bytes(&key, &value);
            items.push((key, value));
            start = end;
        }
        let mut meta = stamp_text;
        for part in [items.len(), bytes] {
            meta.push('/');
            codec::push36(&mut meta, part as u64);
        }
        meta.push('/');
        meta.push_str(&codec::clean_name(&state.name));
        items.push((format!("t:{id}"), meta));
        if shared {
            items.extend(self.sync_item_values());
        }
        items
    }

    /// The `s:` items of settings and rules.
    fn sync_item_values(&self) -> Vec<(String, String)> {
        let state = &self.sync.state;
        items::outgoing(
            &state.items,
            self.settings(),
            &self.rules,
            state.own_hours,
            true,
        )
    }

    /// Stamps the items a local edit of settings or rules from `before`
    /// changed, when syncing.
    pub(crate) fn sync_note(&mut self, before: (Settings, RuleBook), at: Millis) -> Changes {
        let mut changes = Changes::default();
        let state = &mut self.sync.state;
        if state.on {
            let after = (&self.settings, &self.rules);
            items::note_local(
                &mut state.items,
                (&before.0, &before.1),
                after,
                at,
                &state.id,
            );
            self.sync.shared = None;
            self.sync.write(&mut changes);
        }
        changes
    }

    /// The storage.sync writes due at `at`, or `None`: sync off, no
    /// consent, a backoff running, too soon after the last write for
    /// `reason`, or nothing changed. Refuses with
    /// [`TrackerError::HistoryNotLoaded`] while a day of the window is not
    /// loaded: it would be sent as empty.
    pub fn sync_outbox<Tz: TimeZone>(
        &mut self,
        at: Millis,
        reason: Reason,
        tz: Tz,
    ) -> Result<Option<Outbox>, TrackerError> {
        let state = &self.sync.state;
        if !state.on || state.id.is_empty() || self.settings().consent().is_none() {
            return Ok(None);
        }
        if let Some((_, _, retry)) = state.error {
            if at < retry {
                return Ok(None);
            }
        }
        let spacing = SPACING[reason as usize];
        if at < state.wrote.saturating_add(spacing) && at >= state.wrote {
            // The earliest wait wins: a tick never delays an edit's write.
            let next = state.wrote + spacing;
            self.sync.due = Some(self.sync.due.map_or(next, |due| due.min(next)));
            return Ok(None);
        }
        // The window's days, this device's and the others', are not all
        // read by a waking tracker.
        self.require_history()?;
        let stamp = self.sync.next_stamp(at);
        let mode = self.sync_mode(state.domains);
        let items = self.sync_items(at, tz, stamp, mode, self.sync.shared.is_none());
        let mut bytes: usize = items.iter().map(|(k, v)| codec::item_bytes(k, v)).sum();
        let mut shared_bytes: usize = items
            .iter()
            .filter(|(k, _)| k.starts_with("s:"))
            .map(|(k, v)| codec::item_bytes(k, v))
            .sum();
        let mut sent = Vec::new();
        for (k, v) in &items {
            sent.push((k.clone(), hash(body(k, v))));
        }
        // Settings and rules unchanged since they were written: as then.
        if let Some((hashes, cached)) = &self.sync.shared {
            sent.extend(hashes.iter().cloned());
            bytes += cached;
            shared_bytes = *cached;
        }
        let mut changed = Vec::new();
        for (kv, kh) in items.into_iter().zip(&sent) {
            if !state.sent.contains(kh) {
                changed.push(kv);
            }
        }
        // Only this device's own keys ever go; `s:` items are everyone's.
        let mut remove = Vec::new();
        for (k, _) in &state.sent {
            if k.starts_with("t:") && !sent.iter().any(|(s, _)| s == k) {
                remove.push(k.clone());
            }
        }
        // Devices silent longer than the window leave sync.
        let window = Millis::from(self.sync_window_days());
        let mut pruned = Vec::new();
        for (id, _, last, bytes) in &state.devices {
            if *bytes > 0 && at - *last > window * 24 * 60 * MINUTE {
                pruned.push(id.clone());
                remove.push(format!("t:{id}"));
                remove.extend((0..4).map(|n| format!("t:{id}:{n}")));
            }
        }
        self.sync.due = None;
        if changed.is_empty() && remove.is_empty() {
            return Ok(None);
        }
        let mut shared = Vec::new();
        for kv in &changed {
            if kv.0.starts_with("s:") {
                shared.push(kv.clone());
            }
        }
        self.sync.pending = Some(Pending {
            stamp,
            sent,
            pruned,
            bytes,
            shared_bytes,
            shared,
        });
        Ok(Some((changed, remove)))
    }

    /// The write [`Tracker::sync_outbox`] gave succeeded at `at`.
    pub fn sync_written(&mut self, at: Millis) -> Changes {
        let mut changes = Changes::default();
        if let Some(done) = self.sync.pending.take() {
            let Pending {
                stamp,
                sent,
                pruned,
                bytes,
                shared_bytes,
                shared,
            } = done;
            let state = &mut self.sync.state;
            items::written(&mut state.items, &shared);
            let hashes = sent.iter().filter(|(k, _)| k.starts_with("s:")).cloned();
            self.sync.shared = Some((hashes.collect(), shared_bytes));
            state.stamp = stamp;
            state.bytes = bytes;
            state.sent = sent;
            state.wrote = at;
            state.fails = 0;
            state.error = None;
            for device in &mut state.devices {
                if pruned.contains(&device.0) {
                    device.3 = 0;
                }
            }
            self.sync.write(&mut changes);
        }
        changes
    }

    /// The write failed with the browser's `error`: nothing local changes
    /// but the error and a backoff (a minute, doubling, at most six hours).
    pub fn sync_failed(&mut self, error: &str, at: Millis) -> Changes {
        self.sync.pending = None;
        let state = &mut self.sync.state;
        let kind = classify(error);
        let wait = (MINUTE << state.fails.min(9)).min(6 * 60 * MINUTE);
        let wait = if kind == 3 {
            wait.max(60 * MINUTE)
        } else {
            wait
        };
        state.fails += 1;
        state.error = Some((kind, at, at + wait));
        let mut changes = Changes::default();
        self.sync.write(&mut changes);
        changes
    }

    /// When to ask for the next write even if nothing happens.
    pub fn sync_next_attempt(&self) -> Option<Millis> {
        let state = &self.sync.state;
        if !state.on {
            return None;
        }
        state.error.map(|(_, _, retry)| retry).or(self.sync.due)
    }

    /// Applies the person's choices. `device_id` is taken only if this
    /// device has none; an empty name is `default_name`.
    pub fn set_sync(
        &mut self,
        prefs: Prefs,
        device_id: &str,
        default_name: &str,
        at: Millis,
    ) -> Changes {
        let starts = prefs.on && !self.sync.state.on;
        self.sync.shared = None;
        let state = &mut self.sync.state;
        if state.id.is_empty() && codec::valid_id(device_id) {
            state.id = device_id.to_owned();
        }
        state.on = prefs.on;
        state.domains = prefs.domains;
        state.own_hours = prefs.own_hours;
        let name = if prefs.name.trim().is_empty() {
            default_name
        } else {
            &prefs.name
        };
        state.name = codec::clean_name(name.trim());
        let mut changes = Changes::default();
        self.sync.write(&mut changes);
        if starts {
            let defaults = (Settings::default(), RuleBook::with_defaults());
            changes = changes.then(self.sync_note(defaults, at));
        }
        changes
    }

    /// Merges storage.sync's `items` (a value of `None`: removed).
    pub fn sync_receive<Tz: TimeZone + Copy>(
        &mut self,
        items: &[(String, Option<String>)],
        at: Millis,
        tz: Tz,
    ) -> Result<Changes, TrackerError> {
        let own = self.sync.state.id.clone();
        let mut chunks = Vec::new();
        for (key, value) in items {
            let Some(rest) = key.strip_prefix("t:") else {
                continue;
            };
            let (device, n) = rest.split_once(':').unwrap_or((rest, ""));
            let Some(value) = value else { continue };
            if device == own || !codec::valid_id(device) {
                continue;
            }
            if n.is_empty() {
                let mut parts = value.splitn(4, '/');
                let stamp = parts.next().and_then(codec::read36);
                let _chunks = parts.next();
                let bytes = parts.next().and_then(codec::read36).unwrap_or(0) as usize;
                // Kept on a line of the sync state: no line breaks.
                let name = codec::clean_name(parts.next().unwrap_or_default());
                let Some(stamp) = stamp else { continue };
                let bytes = bytes + codec::item_bytes(key, value);
                let devices = &mut self.sync.state.devices;
                let last = stamp as Millis;
                match devices.iter_mut().find(|d| d.0 == device) {
                    Some(d) if d.2 <= last => *d = (device.to_owned(), name, last, bytes),
                    Some(_) => {}
                    None => devices.push((device.to_owned(), name, last, bytes)),
                }
            } else if let Some((stamp, first, days)) = codec::read_chunk(value) {
                for (date, day) in first.iter_days().zip(days) {
                    // The local copy must be read to merge with it.
                    self.require_history()?;
                    chunks.push(Entry {
                        device: device.to_owned(),
                        date,
                        version: stamp,
                        day,
                    });
                }
            }
        }
        let state = &self.sync.state;
        let mut next = state.items.clone();
        let got = items::receive(
            &mut next,
            items,
            self.settings(),
            &self.rules,
            state.own_hours,
            at,
        );
        let mut changes = Changes::default();
        if let Some((settings, rules)) = got.merged {
            self.require_history()?;
            changes = self.replace_settings(settings, at, tz, false)?;
            self.rules = rules;
            self.refocus(at, tz, &mut changes);
            self.refile_days(&mut changes);
            self.write_rules(&mut changes);
        }
        if next != self.sync.state.items {
            self.sync.shared = None;
        }
        self.sync.state.items = next;
        // What was received is in storage.sync already.
        // Not another program's keys: the state lists these between spaces.
        let listed = |k: &str| k.starts_with("s:") && !k.contains([' ', '=', '\n']);
        for (key, value) in items.iter().filter(|(k, _)| listed(k)) {
            let sent = &mut self.sync.state.sent;
            sent.retain(|(k, _)| k != key);
            if let Some(value) = value {
                sent.push((key.clone(), hash(value)));
            }
        }
        for entry in chunks {
            self.sync.merge(entry, &mut changes);
        }
        self.sync.write(&mut changes);
        Ok(changes)
    }

    /// Of storage.sync's `keys`, this device's (or with `all`, every
    /// Fairtime key).
    pub fn sync_removal(&self, all: bool, keys: &[String]) -> Vec<String> {
        let own = format!("t:{}", self.sync.state.id);
        let mut out = Vec::new();
        for k in keys {
            let mine = !self.sync.state.id.is_empty()
                && (*k == own || k.strip_prefix(&own).is_some_and(|r| r.starts_with(':')));
            if mine || (all && (k.starts_with("t:") || k.starts_with("s:"))) {
                out.push(k.clone());
            }
        }
        out
    }

    /// The Sync section's figures at `at`.
    pub fn sync_view(&self, at: Millis) -> View {
        let state = &self.sync.state;
        let device = |id: &str, name: &str, last: Option<Millis>, this: bool| DeviceView {
            id: id.to_owned(),
            name: name.to_owned(),
            last_wrote: last,
            this_device: this,
        };
        let mut devices = vec![device(
            &state.id,
            &state.name,
            (state.wrote > 0).then_some(state.wrote),
            true,
        )];
        let mut bytes = state.bytes;
        for (id, name, last, b) in &state.devices {
            devices.push(device(id, name, (*last > 0).then_some(*last), false));
            bytes += b;
        }
        let error = state.error.map(|(kind, when, retry)| {
            let minutes = ((retry - at).max(0) + MINUTE - 1) / MINUTE;
            ErrorView {
                message: text::say(ERRORS[usize::from(kind.min(4))], &[&minutes]),
                at: when,
                retry_at: retry,
            }
        });
        View {
            on: state.on,
            domains: state.domains,
            own_hours: state.own_hours,
            device: device(&state.id, &state.name, None, true),
            devices,
            bytes_in_use: bytes,
            quota_bytes: codec::QUOTA_BYTES,
            window_days: self.sync_window_days(),
            error,
        }
    }

    /// What turning sync on (with `domains`) would send, before the person
    /// confirms.
    pub fn sync_preview<Tz: TimeZone>(&self, domains: bool, at: Millis, tz: Tz) -> Preview {
        let mode = self.sync_mode(domains);
        let items = self.sync_items(at, tz, self.sync.next_stamp(at), mode, true);
        let bytes: usize = items.iter().map(|(k, v)| codec::item_bytes(k, v)).sum();
        let window_days = WINDOW_DAYS[mode];
        let what = if mode == 1 {
            "coreSyncWhatDomains"
        } else {
            "coreSyncWhat"
        };
        let mut sentences = vec![
            text::say(what, &[&crate::exchange::days(window_days)]),
            text::say("coreSyncWhere", &[]),
            text::say(
                "coreSyncBytes",
                &[&bytes.div_ceil(1024), &(codec::QUOTA_BYTES / 1024)],
            ),
            text::say("coreSyncNever", &[]),
        ];
        if domains && mode == 0 {
            sentences.push(text::say("coreSyncCategoryOnly", &[]));
        }
        Preview {
            sentences,
            bytes,
            window_days,
        }
    }
}

/// A device's id and name, as an export names the device that made it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DeviceName {
    pub id: String,
    pub name: String,
}

impl Sync {
    /// An export at `at` carries this device's days at a new stamp (and
    /// gives the device an id if it has none).
    pub fn stamp_export(&mut self, at: Millis, changes: &mut Changes) {
        if self.state.id.is_empty() {
            let seed = at.to_string();
            self.state.id = format!("{:08x}{:08x}", hash(&seed), hash(&(seed + "id")));
        }
        self.state.stamp = self.next_stamp(at);
        self.write(changes);
    }
}

/// What merging an export would add.
#[derive(Debug, Serialize)]
pub struct MergePreview {
    pub sentences: Vec<String>,
    pub days: usize,
    pub categories: usize,
    /// Hours added, to a tenth: `"12.5"`.
    pub hours: String,
}

/// Why an export cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// Made before exports carried their totals' versions.
    TooOld,
    /// Its totals could not be read.
    Unreadable(String),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooOld => text::write(f, "coreMergeTooOld", &[]),
            Self::Unreadable(why) => text::write(f, "coreMergeUnreadable", &[why]),
        }
    }
}

impl std::error::Error for MergeError {}

/// An export's device and its totals' chunks per device, as a merge
/// reads them.
#[derive(Debug, Clone, Default)]
pub struct MergeFile {
    pub device: DeviceName,
    pub totals: Vec<(String, Vec<String>)>,
}

impl Tracker {
    /// Every device's days with their versions, as chunks: this device's
    /// at its stamp, each other device's in runs of one version.
    pub fn export_totals(&self) -> crate::exchange::Chunks {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        let mut next: Option<(String, u64, NaiveDate)> = None;
        let mut add =
            |device: &str, version: u64, date: NaiveDate, day: &crate::ledger::DayTotals| {
                let mut text = String::new();
                codec::push_day(&mut text, day, true);
                // The chunk being written goes on if this is its device,
                // version and next day.
                let follows = next.as_ref() == Some(&(device.to_owned(), version, date));
                next = Some((device.to_owned(), version, date.succ_opt().unwrap_or(date)));
                if follows {
                    if let Some(last) = out.last_mut().and_then(|d| d.1.last_mut()) {
                        last.push(';');
                        last.push_str(&text);
                        return;
                    }
                }
                if out.last().is_none_or(|(d, _)| d != device) {
                    out.push((device.to_owned(), Vec::new()));
                }
                if let Some(device) = out.last_mut() {
                    device.1.push(codec::chunk(version, date, &[text]));
                }
            };
        let state = &self.sync.state;
        if !state.id.is_empty() {
            let first = self.ledger().days(..).next().map(|(d, _)| d);
            let last = self.ledger().days(..).last().map(|(d, _)| d);
            if let (Some(first), Some(last)) = (first, last) {
                for date in first.iter_days().take_while(|d| *d <= last) {
                    let empty = crate::ledger::DayTotals::default();
                    add(
                        &state.id,
                        state.stamp,
                        date,
                        self.ledger().day(date).unwrap_or(&empty),
                    );
                }
            }
        }
        for e in self.sync.peers.entries() {
            add(&e.device, e.version, e.date, &e.day);
        }
        crate::exchange::Chunks(out)
    }

    /// The entries of `file` that would change something here.
    fn merge_entries(&self, file: &MergeFile) -> Result<Vec<Entry>, MergeError> {
        if file.totals.is_empty() && file.device.id.is_empty() {
            return Err(MergeError::TooOld);
        }
        let mut wins = Vec::new();
        for (device, chunks) in &file.totals {
            if !codec::valid_id(device) {
                return Err(MergeError::Unreadable(device.clone()));
            }
            for chunk in chunks {
                let (version, first, days) = codec::read_chunk(chunk).ok_or_else(|| {
                    MergeError::Unreadable(chunk.get(..40).unwrap_or(chunk).to_owned())
                })?;
                for (date, day) in first.iter_days().zip(days) {
                    let entry = Entry {
                        device: device.clone(),
                        date,
                        version,
                        day,
                    };
                    let wins_here = *device != self.sync.state.id
                        && self
                            .sync
                            .peers
                            .get(device, date)
                            .is_none_or(|old| entry.beats(old));
                    if wins_here {
                        wins.push(entry);
                    }
                }
            }
        }
        Ok(wins)
    }

    /// What merging `file` would add, before anything is written.
    pub fn preview_merge(&self, file: &MergeFile) -> Result<MergePreview, TrackerError> {
        self.require_history()?;
        let wins = self
            .merge_entries(file)
            .map_err(|e| TrackerError::NotTracked(e.to_string()))?;
        let (mut dates, mut categories) = (Vec::new(), Vec::new());
        for e in &wins {
            if !dates.contains(&e.date) {
                dates.push(e.date);
            }
            for id in e.day.categories.keys() {
                if !categories.contains(&id) {
                    categories.push(id);
                }
            }
        }
        let mut ms = 0;
        for e in &wins {
            let old = self
                .sync
                .peers
                .get(&e.device, e.date)
                .map_or(0, |o| o.day.ms);
            ms += e.day.ms - old;
        }
        let tenths = ms.max(0) / 360_000;
        let hours = format!("{}.{}", tenths / 10, tenths % 10);
        let name = if file.device.name.is_empty() {
            &file.device.id
        } else {
            &file.device.name
        };
        let sentence = if wins.is_empty() {
            text::say("coreMergeNothing", &[])
        } else {
            text::say(
                "coreMergeAdds",
                &[
                    name,
                    &crate::exchange::days(dates.len() as u32),
                    &hours,
                    &categories.len(),
                ],
            )
        };
        Ok(MergePreview {
            sentences: vec![sentence],
            days: dates.len(),
            categories: categories.len(),
            hours,
        })
    }

    /// Adds `file`'s totals of other devices through the same merge as
    /// sync: merging it again, or an older export after it, changes nothing.
    pub fn apply_merge(&mut self, file: &MergeFile) -> Result<Changes, TrackerError> {
        self.require_history()?;
        let wins = self
            .merge_entries(file)
            .map_err(|e| TrackerError::NotTracked(e.to_string()))?;
        let mut changes = Changes::default();
        let mut ids: Vec<String> = Vec::new();
        for entry in wins {
            if !ids.contains(&entry.device) {
                ids.push(entry.device.clone());
            }
            self.sync.merge(entry, &mut changes);
        }
        // Every device merged is named in the sync state, so that a waking
        // worker reads its recent days too (Tracker::wake_plan).
        let DeviceName { id, name } = &file.device;
        for device in ids.iter().chain([id]) {
            let devices = &mut self.sync.state.devices;
            let known = *device == self.sync.state.id || devices.iter().any(|d| d.0 == *device);
            if codec::valid_id(device) && !known {
                let name = if device == id {
                    name.clone()
                } else {
                    String::new()
                };
                devices.push((device.clone(), name, 0, 0));
            }
        }
        self.sync.write(&mut changes);
        self.write_index(&mut changes);
        Ok(changes)
    }
}
