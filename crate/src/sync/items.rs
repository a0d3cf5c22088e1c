//! Settings and rules as items that sync one by one: each item is a
//! last-writer-wins register stamped by the [hybrid logical clock](super::hlc).
//!
//! # Items
//!
//! | name        | value                                    | storage.sync key |
//! |-------------|------------------------------------------|------------------|
//! | `h`         | working hours, breaks and days off       | `s:h`            |
//! | `i`         | idle seconds                             | `s:i`            |
//! | `r`         | retention days                           | `s:r`            |
//! | `o`         | category-only mode                       | `s:o`            |
//! | `c:<id>`    | one category: name, colour, counts as work | `s:c:<id>`     |
//! | `p:<pattern>` | one rule: its category                 | `s:p0` … `s:p7`  |
//!
//! Rules are packed by a hash of their pattern into [`BUCKETS`] keys, each
//! rule keeping its own stamp, so that a long rule list costs a few keys.
//!
//! **Never synced:** consent (each browser asks for it itself; nothing
//! received sets or clears it), the excluded domains (they stay on the
//! device: no synced value names them, and a rule whose domain is excluded,
//! or below an excluded one, is kept local too), where the schedule holds
//! since, the order of categories and rules (new ones are appended), and
//! with "this device keeps its own hours" this device's hours: the received
//! hours item is recorded, not applied, and becomes this device's hours at
//! the first [`receive`] after the option is turned off, unless this device
//! edited its hours later. Category names and break names do sync. Items
//! nobody edited (the defaults, in each browser's language) carry no stamp
//! and are not sent.
//!
//! # Merge
//!
//! A received version replaces an item's version when its stamp is higher;
//! so the merge is commutative, associative and idempotent, and concurrent
//! edits of different items both survive. Deletions are kept as tombstones,
//! so a deleted category or rule does not come back, until an edit stamped
//! after the deletion (a re-creation, say) wins over it.
//!
//! A **deleted category** that another device still counts into: the later
//! of the deletion and any edit of that category wins. Once deleted, rules
//! naming it show the category its rules were moved to when it was deleted
//! (the tombstone keeps it), or Uncategorized, as a local delete moves them;
//! a rule keeps its own version, so re-creating the category brings it
//! back. Applied as an import applies rules, kept time per site is re-filed
//! to the category its rule now gives; time kept without sites keeps the
//! deleted category's id and shows as the tracker's shares show a deleted
//! category (Uncategorized's name and colour, the old id).
//!
//! A received item with a version that is malformed or would make the
//! settings or rule book invalid (the checks of [`Settings`], [`Schedule`]
//! and [`Category`]) is refused whole and counted, and changes nothing, not
//! even the clock; so are items this version does not know. The one
//! exception is a category whose name another category already has: it is
//! recorded and appears when the name is free (so there, the order of
//! receipt can matter). A key removed from storage.sync makes this device
//! write its versions in it again.
//!
//! # Encoding and cost
//!
//! A value is `<devices>|<versions>`: the 16-hex-digit device ids its
//! stamps name, joined by `.`; then its versions joined by `;`, each
//! `<stamp>,<item name>,<body>` with the stamp as `<ms>.<counter>.<device
//! index>` in base 36 (base 10 for the index). A body starting with `-` is a
//! tombstone (a category's names the category its rules moved to). Text is
//! printable ASCII; other bytes and the separators are `%XX`. So
//! JSON-stringified a value is two quotes longer, and an item costs
//! [`bytes`]. Every default item stamped (which nobody's edits come near)
//! would cost 14,313 bytes in 20 keys (349 rules at about 36 bytes each).
//!
//! # API (for the sync state)
//!
//! - [`ItemState`]: kept in the local sync state (serializes to one string).
//! - [`note_local`]: after each local edit of settings or rules (and once
//!   when sync starts, from the defaults to the current ones).
//! - [`outgoing`]: the `s:` items to write; [`written`] once written.
//!   Write what it gives with `all` false: only items holding a version
//!   storage.sync lacks, so two devices whose values differ for good (one
//!   keeps a rule local, say) never overwrite each other in turn.
//! - [`receive`]: merges received `s:` items; returns the new settings and
//!   rule book to apply (not through [`note_local`]).

use serde::{Deserialize, Serialize};

use super::hlc::{self, number, Stamp, MAX_MS};
use crate::category::{Category, CategoryId, Colour};
use crate::rules::{Pattern, Rule, RuleBook};
use crate::schedule::{Break, Interval, Schedule, WEEK};
use crate::settings::{Settings, MAX_IDLE_SECONDS, MAX_RETENTION_DAYS, MIN_IDLE_SECONDS};
use crate::time::Millis;

/// How many keys the rules are spread over.
pub const BUCKETS: u32 = 8;
/// The prefix of every item key in storage.sync.
pub const PREFIX: &str = "s:";

/// What storage.sync counts for an item (quotas count the key and the
/// JSON-stringified value): exact for the values [`outgoing`] makes.
pub fn bytes(key: &str, value: &str) -> usize {
    key.len() + value.len() + 2
}

/// One version of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reg {
    name: String,
    stamp: Stamp,
    /// The version's value when the settings and rule book do not hold it:
    /// tombstones, a rule shown in another category, a recorded category
    /// whose name is taken, hours this device does not apply.
    body: Option<String>,
    /// storage.sync is known to hold this version or a later one.
    synced: bool,
}

/// The clock and the version of every stamped item; see the module doc.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ItemState {
    clock: Stamp,
    regs: Vec<Reg>,
}

/// What [`receive`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The new settings and rule book, when they changed.
    pub merged: Option<(Settings, RuleBook)>,
    /// Received items refused as malformed or invalid.
    pub refused: usize,
}

impl ItemState {
    pub fn clock(&self) -> Stamp {
        self.clock
    }

    /// The stamp of an item's version; `None` for an item nobody edited.
    pub fn stamp(&self, name: &str) -> Option<Stamp> {
        self.get(name).map(|r| r.stamp)
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.regs.binary_search_by(|r| r.name.as_str().cmp(name))
    }

    fn get(&self, name: &str) -> Option<&Reg> {
        self.find(name).ok().map(|i| &self.regs[i])
    }

    /// Keeps the versions sorted by name, so that equal states write equal
    /// values.
    fn put(&mut self, reg: Reg) {
        match self.find(&reg.name) {
            Ok(i) => self.regs[i] = reg,
            Err(i) => self.regs.insert(i, reg),
        }
    }

    fn set_body(&mut self, name: &str, body: Option<String>) {
        match self.find(name) {
            Ok(i) => self.regs[i].body = body,
            Err(_) if body.is_some() => self.put(Reg {
                name: name.to_owned(),
                stamp: Stamp::default(),
                body,
                synced: true,
            }),
            Err(_) => {}
        }
    }

    /// The category a tombstone moved `id`'s rules to: `Some("")` for
    /// none, `None` when `id` is not deleted.
    fn moved_to(&self, id: &str) -> Option<&str> {
        let reg = self.get(&format!("c:{id}"))?;
        reg.body.as_deref()?.strip_prefix('-')
    }
}

/// Records a local edit from `before` to `after` at `now` by `device`:
/// every item it changed gets a stamp above its current one.
pub fn note_local(
    state: &mut ItemState,
    before: (&Settings, &RuleBook),
    after: (&Settings, &RuleBook),
    now: Millis,
    device: &str,
) {
    let device = hlc::device_id(device);
    let old = items(before.0, before.1);
    let new = items(after.0, after.1);
    let mut changed: Vec<(&str, Option<String>)> = Vec::new();
    for (name, body) in &new {
        if lookup(&old, name) != Some(body) {
            changed.push((name, None));
        }
    }
    for (name, _) in &old {
        if lookup(&new, name).is_none() {
            let mut tomb = String::from("-");
            if let Some(id) = name.strip_prefix("c:") {
                // Where the deletion moved this category's rules.
                let moved = before.1.rules().iter().find_map(|r| {
                    let now_in = after.1.rules().iter().find(|n| n.pattern == r.pattern)?;
                    (r.category.as_str() == id && now_in.category != r.category)
                        .then_some(&now_in.category)
                });
                if let Some(to) = moved {
                    tomb.push_str(to.as_str());
                }
            }
            changed.push((name, Some(tomb)));
        }
    }
    for (name, body) in changed {
        let over = state.stamp(name).unwrap_or_default();
        let stamp = hlc::tick(&mut state.clock, now, device, over);
        state.put(Reg {
            name: name.to_owned(),
            stamp,
            body,
            synced: false,
        });
    }
}

/// The `s:` items to write to storage.sync: those holding a version
/// storage.sync is not known to hold (each whole), or all of them (`all`:
/// for an estimate with [`bytes`]). Equal states give equal values. Call
/// [`written`] once they are written.
pub fn outgoing(
    state: &ItemState,
    settings: &Settings,
    rules: &RuleBook,
    own_hours: bool,
    all: bool,
) -> Vec<(String, String)> {
    let live = items(settings, rules);
    let mut docs: Vec<(String, bool, Doc)> = Vec::new();
    for reg in &state.regs {
        let Some(body) = reg.body.as_ref().or_else(|| lookup(&live, &reg.name)) else {
            continue;
        };
        let local = reg
            .name
            .strip_prefix("p:")
            .is_some_and(|p| Pattern::parse(p).is_ok_and(|p| is_excluded(settings, p.domain())));
        if reg.stamp == Stamp::default() || (own_hours && reg.name == "h") || local {
            continue;
        }
        let key = key_of(&reg.name);
        let i = match docs.iter().position(|d| d.0 == key) {
            Some(i) => i,
            None => {
                docs.push((key, false, Doc::default()));
                docs.len() - 1
            }
        };
        docs[i].1 |= !reg.synced;
        docs[i].2.version(reg.stamp, &reg.name, body);
    }
    docs.into_iter()
        .filter(|d| all || d.1)
        .map(|(key, _, doc)| (key, doc.finish()))
        .collect()
}

/// storage.sync now holds these items, as [`outgoing`] gave them.
pub fn written(state: &mut ItemState, items: &[(String, String)]) {
    for (_, value) in items {
        for (stamp, name, _) in versions(value).map(|v| v.1).unwrap_or_default() {
            if let Ok(i) = state.find(&name) {
                state.regs[i].synced |= state.regs[i].stamp == stamp;
            }
        }
    }
}

/// Merges storage.sync items (`None`: the key was removed; keys not
/// starting with `s:` are ignored) into `settings` and `rules` at `now`.
pub fn receive(
    state: &mut ItemState,
    incoming: &[(String, Option<String>)],
    settings: &Settings,
    rules: &RuleBook,
    own_hours: bool,
    now: Millis,
) -> Received {
    let mut next = state.clone();
    let mut refused = 0;
    let mut got: Vec<(Stamp, String, String)> = Vec::new();
    for (key, value) in incoming {
        if !key.starts_with(PREFIX) {
            continue;
        }
        let versions = match value.as_deref().map(versions) {
            None => Some(Vec::new()),
            Some(Some((_, vs))) => vs
                .iter()
                .all(|(_, n, body)| key_of(n) == *key && decode(n, body).is_some())
                .then_some(vs),
            Some(None) => None,
        };
        let Some(versions) = versions else {
            refused += 1;
            continue;
        };
        for reg in next.regs.iter_mut().filter(|r| key_of(&r.name) == *key) {
            let theirs = versions.iter().find(|v| v.1 == reg.name);
            reg.synced = theirs.is_some_and(|v| v.0 >= reg.stamp);
        }
        for (stamp, name, body) in versions {
            hlc::observe(&mut next.clock, stamp, now);
            got.push((stamp, name, body));
        }
    }

    let mut merge = Merge {
        schedule: settings.schedule().clone(),
        idle: settings.idle_seconds(),
        retention: settings.retention_days(),
        category_only: settings.category_only(),
        categories: rules.categories().to_vec(),
        rules: rules.rules().to_vec(),
        uncategorized: &rules.uncategorized().name,
    };
    for (stamp, name, body) in got {
        if stamp <= next.stamp(&name).unwrap_or_default() {
            continue;
        }
        let Some(value) = decode(&name, &body) else {
            continue;
        };
        let kept = (!merge.apply(&name, value, own_hours)).then_some(body);
        next.put(Reg {
            name,
            stamp,
            body: kept,
            synced: true,
        });
    }
    merge.settle(&mut next, own_hours);

    let merged = settings
        .with_shared(
            merge.schedule,
            merge.idle,
            merge.retention,
            merge.category_only,
        )
        .ok()
        .zip(RuleBook::from_parts(merge.categories, merge.rules).ok());
    let Some((s, b)) = merged else {
        state.clock = next.clock;
        return Received {
            merged: None,
            refused: refused + 1,
        };
    };
    *state = next;
    Received {
        merged: (s != *settings || b != *rules).then_some((s, b)),
        refused,
    }
}

/// The storage.sync key an item is written under.
fn key_of(name: &str) -> String {
    match name.strip_prefix("p:") {
        Some(pattern) => format!("{PREFIX}p{}", bucket(pattern)),
        None => format!("{PREFIX}{name}"),
    }
}

/// A received value, read and checked; short-lived, so not boxed.
#[allow(clippy::large_enum_variant)]
enum Value {
    Hours(Schedule),
    Number(u32),
    Category(Category),
    Rule(CategoryId),
    Gone,
}

fn decode(name: &str, body: &str) -> Option<Value> {
    let deletable = name.starts_with("c:") || name.starts_with("p:");
    if let Some(to) = body.strip_prefix('-') {
        let to_ok = to.is_empty() || (name.starts_with("c:") && CategoryId::parse(to).is_ok());
        return (deletable && to_ok && name != "c:uncategorized").then_some(Value::Gone);
    }
    let count = |range: std::ops::RangeInclusive<u32>| {
        let n = number(body, 10).and_then(|n| u32::try_from(n).ok())?;
        range.contains(&n).then_some(Value::Number(n))
    };
    match name {
        "h" => parse_hours(body).map(Value::Hours),
        "i" => count(MIN_IDLE_SECONDS..=MAX_IDLE_SECONDS),
        "r" => count(1..=MAX_RETENTION_DAYS),
        "o" => count(0..=1),
        _ => {
            if let Some(id) = name.strip_prefix("c:") {
                let mut f = body.splitn(3, ',');
                let work = match f.next()? {
                    "0" => false,
                    "1" => true,
                    _ => return None,
                };
                let rgb = f
                    .next()
                    .filter(|c| c.len() == 6)
                    .and_then(|c| number(c, 16))?;
                let colour = Colour([(rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8]);
                let category = Category::new(
                    CategoryId::parse(id).ok()?,
                    &unescape(f.next()?)?,
                    colour,
                    work,
                )
                .ok()?;
                return Some(Value::Category(category));
            }
            let pattern = name.strip_prefix("p:")?;
            let ok = Pattern::parse(pattern).is_ok_and(|p| p.to_string() == pattern);
            ok.then_some(())?;
            CategoryId::parse(body).ok().map(Value::Rule)
        }
    }
}

/// The settings and rule book being merged.
struct Merge<'a> {
    schedule: Schedule,
    idle: u32,
    retention: u32,
    category_only: bool,
    categories: Vec<Category>,
    rules: Vec<Rule>,
    uncategorized: &'a str,
}

impl Merge<'_> {
    /// Applies a winning version; false when the settings and book do not
    /// hold it (so its state keeps its body).
    fn apply(&mut self, name: &str, value: Value, own_hours: bool) -> bool {
        match value {
            Value::Hours(_) if own_hours => return false,
            Value::Hours(schedule) => self.schedule = schedule,
            Value::Number(n) => match name {
                "i" => self.idle = n,
                "r" => self.retention = n,
                _ => self.category_only = n == 1,
            },
            Value::Category(c) => return self.put_category(c),
            Value::Rule(category) => {
                let Some(pattern) = name.strip_prefix("p:").and_then(|p| Pattern::parse(p).ok())
                else {
                    return false;
                };
                match self.rules.iter_mut().find(|r| r.pattern == pattern) {
                    Some(rule) => rule.category = category,
                    None => self.rules.push(Rule { pattern, category }),
                }
            }
            Value::Gone => {
                if let Some(id) = name.strip_prefix("c:") {
                    if let Some(i) = self.categories.iter().position(|c| c.id.as_str() == id) {
                        self.categories.remove(i);
                    }
                } else if let Some(i) = self
                    .rules
                    .iter()
                    .position(|r| name.get(2..) == Some(&r.pattern.to_string()))
                {
                    self.rules.remove(i);
                }
                return false;
            }
        }
        true
    }

    /// Puts a category in its place or after the others; false when
    /// another category has its name.
    fn put_category(&mut self, c: Category) -> bool {
        let taken = c.name.eq_ignore_ascii_case(self.uncategorized)
            || self
                .categories
                .iter()
                .any(|o| o.id != c.id && o.name.eq_ignore_ascii_case(&c.name));
        if taken {
            return false;
        }
        match self.categories.iter_mut().find(|o| o.id == c.id) {
            Some(old) => *old = c,
            None => self.categories.push(c),
        }
        true
    }

    /// What the recorded versions now make of the merge: categories whose
    /// name became free, rules into deleted categories, hours to apply.
    fn settle(&mut self, state: &mut ItemState, own_hours: bool) {
        for reg in &mut state.regs {
            let Some(body) = reg.body.as_deref() else {
                continue;
            };
            let value = decode(&reg.name, body);
            let applied = match value {
                Some(Value::Category(c)) => self.put_category(c),
                Some(Value::Hours(s)) if !own_hours => {
                    self.schedule = s;
                    true
                }
                _ => false,
            };
            if applied {
                reg.body = None;
            }
        }
        for rule in &mut self.rules {
            let name = format!("p:{}", rule.pattern);
            let body = state.get(&name).and_then(|r| r.body.as_deref());
            // A tombstone here means the rule came back without a local
            // edit noted; its version is left alone.
            let tomb = body.is_some_and(|b| b.starts_with('-'));
            let wanted = body
                .filter(|_| !tomb)
                .and_then(|b| CategoryId::parse(b).ok())
                .unwrap_or_else(|| rule.category.clone());
            let exists = |id: &CategoryId| {
                id.is_uncategorized() || self.categories.iter().any(|c| c.id == *id)
            };
            let mut shown = wanted.clone();
            for _ in 0..8 {
                if let Some(Ok(to)) = state.moved_to(shown.as_str()).map(CategoryId::parse) {
                    if !exists(&shown) {
                        shown = to;
                    }
                }
            }
            if !exists(&shown) {
                shown = Category::uncategorized().id;
            }
            if !tomb {
                state.set_body(&name, (shown != wanted).then(|| wanted.to_string()));
            }
            rule.category = shown;
        }
    }
}

/// Every item's name and body.
fn items(settings: &Settings, rules: &RuleBook) -> Vec<(String, String)> {
    let mut out = vec![
        ("h".to_owned(), hours_body(settings.schedule())),
        ("i".to_owned(), decimal(settings.idle_seconds().into())),
        ("r".to_owned(), decimal(settings.retention_days().into())),
        ("o".to_owned(), decimal(settings.category_only().into())),
    ];
    for c in rules.categories() {
        let [r, g, b] = c.colour.0.map(u64::from);
        let mut body = decimal(c.work.into()) + ",";
        digits(&mut body, r << 16 | g << 8 | b, 16, 6);
        body.push(',');
        escape(&mut body, &c.name);
        out.push((format!("c:{}", c.id), body));
    }
    for r in rules.rules() {
        out.push((format!("p:{}", r.pattern), r.category.to_string()));
    }
    out
}

fn lookup<'a>(items: &'a [(String, String)], name: &str) -> Option<&'a String> {
    items.iter().find(|(n, _)| n == name).map(|(_, body)| body)
}

fn is_excluded(settings: &Settings, domain: &str) -> bool {
    settings.excluded().iter().any(|e| {
        let e = e.as_str();
        domain == e || domain.strip_suffix(e).is_some_and(|d| d.ends_with('.'))
    })
}

/// Which rule key a pattern goes in: FNV-1a of its text.
fn bucket(pattern: &str) -> u64 {
    let hash = pattern.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    u64::from(hash % BUCKETS)
}

/// `mon,…,sun,breaks,days off`: each day's intervals `HH:MM-HH:MM` joined
/// by `+`; a break is `<weekday bits, hex><HH:MM-HH:MM><name>`.
fn hours_body(s: &Schedule) -> String {
    let mut out = String::new();
    let clock = |out: &mut String, iv: &Interval| {
        for (i, m) in [iv.start, iv.end].into_iter().enumerate() {
            if i > 0 {
                out.push('-');
            }
            digits(out, (m / 60).into(), 10, 2);
            out.push(':');
            digits(out, (m % 60).into(), 10, 2);
        }
    };
    for day in WEEK {
        for (i, iv) in s.hours(day).iter().enumerate() {
            if i > 0 {
                out.push('+');
            }
            clock(&mut out, iv);
        }
        out.push(',');
    }
    for (i, b) in s.breaks().iter().enumerate() {
        if i > 0 {
            out.push('+');
        }
        let mask = (0..7).fold(0, |m, d| m | u8::from(b.days.contains(WEEK[d])) << d);
        digits(&mut out, mask.into(), 16, 2);
        clock(&mut out, &b.time);
        escape(&mut out, &b.name);
    }
    out.push(',');
    for (i, d) in s.days_off().iter().enumerate() {
        if i > 0 {
            out.push('+');
        }
        out.push_str(&crate::time::format_date(d));
    }
    out
}

fn parse_hours(body: &str) -> Option<Schedule> {
    let fields: Vec<&str> = body.split(',').collect();
    let [days @ .., breaks, off] = fields.as_slice() else {
        return None;
    };
    if days.len() != 7 {
        return None;
    }
    let clock = |t: &str| Interval::parse(t).ok();
    let mut hours: [Vec<Interval>; 7] = Default::default();
    for (day, text) in hours.iter_mut().zip(days) {
        for t in list(text) {
            day.push(clock(t)?);
        }
    }
    let mut all = Vec::new();
    for t in list(breaks) {
        let mask = number(t.get(..2)?, 16).filter(|m| *m < 128)?;
        let mut days = chrono::WeekdaySet::EMPTY;
        for (d, day) in WEEK.into_iter().enumerate() {
            if mask >> d & 1 == 1 {
                days.insert(day);
            }
        }
        all.push(Break::new(
            unescape(t.get(13..)?)?,
            days,
            clock(t.get(2..13)?)?,
        ));
    }
    let off = list(off)
        .into_iter()
        .map(crate::time::parse_date)
        .collect::<Option<Vec<_>>>()?;
    Schedule::new(hours, all, off).ok()
}

fn list(text: &str) -> Vec<&str> {
    text.split('+').filter(|p| !p.is_empty()).collect()
}

fn safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b" -_.!~*'()=:".contains(&b)
}

fn escape(out: &mut String, text: &str) {
    for b in text.bytes() {
        if safe(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            digits(out, b.into(), 16, 2);
        }
    }
}

fn unescape(text: &str) -> Option<String> {
    let mut bytes = Vec::new();
    let mut rest = text.bytes();
    while let Some(b) = rest.next() {
        if b == b'%' {
            let hex = [rest.next()?, rest.next()?];
            bytes.push(number(std::str::from_utf8(&hex).ok()?, 16)? as u8);
        } else if safe(b) {
            bytes.push(b);
        } else {
            return None;
        }
    }
    String::from_utf8(bytes).ok()
}

/// A value being written: its device table and its versions.
#[derive(Default)]
struct Doc {
    devices: Vec<u64>,
    text: String,
}

impl Doc {
    fn version(&mut self, s: Stamp, name: &str, body: &str) {
        if !self.text.is_empty() {
            self.text.push(';');
        }
        let d = match self.devices.iter().position(|&d| d == s.device) {
            Some(d) => d,
            None => {
                self.devices.push(s.device);
                self.devices.len() - 1
            }
        };
        for (i, (v, radix)) in [(s.ms as u64, 36), (s.n.into(), 36), (d as u64, 10)]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                self.text.push('.');
            }
            digits(&mut self.text, v, radix, 1);
        }
        for part in [",", name, ",", body] {
            self.text.push_str(part);
        }
    }

    fn finish(self) -> String {
        let mut out = String::new();
        for (i, d) in self.devices.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            digits(&mut out, *d, 16, 16);
        }
        out.push('|');
        out + &self.text
    }
}

/// `v` in `radix` (lowercase), at least `width` digits.
fn digits(out: &mut String, mut v: u64, radix: u64, width: usize) {
    let mut buf = [b'0'; 16];
    let mut i = buf.len();
    while v > 0 || i + width > buf.len() {
        i -= 1;
        buf[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(v % radix) as usize];
        v /= radix;
        if i == 0 {
            break;
        }
    }
    for &d in &buf[i..] {
        out.push(char::from(d));
    }
}

fn decimal(v: u64) -> String {
    let mut out = String::new();
    digits(&mut out, v, 10, 1);
    out
}

type Versions = Vec<(Stamp, String, String)>;

/// The versions of a value: `(stamp, item name, body)`, in order.
fn versions(value: &str) -> Option<(Vec<u64>, Versions)> {
    let (devices, text) = value.split_once('|')?;
    let devices = devices
        .split('.')
        .filter(|_| !devices.is_empty())
        .map(|d| number(d, 16).filter(|_| d.len() == 16))
        .collect::<Option<Vec<_>>>()?;
    let mut out = Vec::new();
    for v in text.split(';') {
        let mut f = v.splitn(3, ',');
        let mut stamp = f.next()?.split('.');
        let mut next = |radix| stamp.next().and_then(|p| number(p, radix));
        let ms = next(36).filter(|ms| *ms <= MAX_MS as u64)? as Millis;
        let n = u32::try_from(next(36)?).ok()?;
        let device = *devices.get(usize::try_from(next(10)?).ok()?)?;
        let (name, body) = (f.next()?, f.next()?);
        let text_ok = name
            .bytes()
            .chain(body.bytes())
            .all(|b| safe(b) || b"%,+".contains(&b));
        (stamp.next().is_none() && text_ok).then_some(())?;
        out.push((Stamp { ms, n, device }, name.to_owned(), body.to_owned()));
    }
    Some((devices, out))
}

/// Stored as a value whose first version is the clock (no name) and whose
/// others' bodies start with `s` (known to be in storage.sync) or `u`, the
/// rest empty when the settings and rule book hold the value.
impl From<ItemState> for String {
    fn from(state: ItemState) -> Self {
        let mut doc = Doc::default();
        doc.version(state.clock, "", "");
        for reg in state.regs {
            let flag = if reg.synced { "s" } else { "u" };
            let body = flag.to_owned() + reg.body.as_deref().unwrap_or("");
            doc.version(reg.stamp, &reg.name, &body);
        }
        doc.finish()
    }
}

impl TryFrom<String> for ItemState {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        let read = || {
            let (_, vs) = versions(&text)?;
            let mut vs = vs.into_iter();
            let mut state = ItemState {
                clock: vs.next()?.0,
                regs: Vec::new(),
            };
            for (stamp, name, body) in vs {
                let (flag, body) = (body.get(..1)?, body.get(1..)?);
                state.put(Reg {
                    name,
                    stamp,
                    body: (!body.is_empty()).then(|| body.to_owned()),
                    synced: flag == "s",
                });
            }
            Some(state)
        };
        read().ok_or_else(|| crate::text::say("coreInvalidValue", &[&text, &"s:"]))
    }
}
