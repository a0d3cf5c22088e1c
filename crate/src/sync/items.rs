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
//! hours item is recorded, not applied, and becomes this device's hours when
//! the option is turned off again, unless this device edited its hours
//! later. Items nobody edited (the defaults) carry no stamp and are not sent.
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
//! back. Time already counted into the deleted category keeps its id and
//! shows as [`crate::tracker`]'s shares show a deleted category.
//!
//! A received version that is malformed or would make the settings or rule
//! book invalid is refused and counted, and changes nothing; the one
//! exception is a category whose name another category already has: it is
//! recorded and appears when the name is free (so there, the order of
//! receipt can matter).
//!
//! # Encoding and cost
//!
//! A value is `<devices>|<versions>`: the 16-hex-digit device ids its
//! stamps name, joined by `.`; then its versions joined by `;`, each
//! `<stamp>,[<pattern>,]<body>` with the stamp as `<ms>.<counter>.<device
//! index>` in base 36 (base 10 for the index). A body starting with `-` is a
//! tombstone (a category's names the category its rules moved to). Text is
//! printable ASCII; other bytes and the separators are `%XX`. So
//! JSON-stringified a value is two quotes longer, and an item costs
//! [`bytes`].
//!
//! # API (for the sync state)
//!
//! - [`ItemState`]: kept in the local sync state (serializes to one string).
//! - [`note_local`]: after each local edit of settings or rules (and once
//!   when sync starts, from the defaults to the current ones).
//! - [`outgoing`]: the `s:` items to write; [`written`] once written.
//! - [`receive`]: merges received `s:` items; returns the new settings and
//!   rule book to apply (not through [`note_local`]).

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::hlc::{self, Stamp, MAX_MS};
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
    /// Sorted by name.
    regs: Vec<Reg>,
}

/// What [`receive`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The new settings and rule book, when they changed.
    pub merged: Option<(Settings, RuleBook)>,
    /// Received versions refused as malformed or invalid.
    pub refused: usize,
}

impl ItemState {
    pub fn clock(&self) -> Stamp {
        self.clock
    }

    /// The stamp of an item's version; `None` for an item nobody edited.
    pub fn stamp(&self, name: &str) -> Option<Stamp> {
        self.find(name).ok().map(|i| self.regs[i].stamp)
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.regs.binary_search_by(|r| r.name.as_str().cmp(name))
    }

    fn get(&self, name: &str) -> Option<&Reg> {
        self.find(name).ok().map(|i| &self.regs[i])
    }

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

/// The `s:` items to write to storage.sync: those storage.sync is not
/// known to hold (all of them when `all`, for a first write or an estimate
/// with [`bytes`]).
pub fn outgoing(
    state: &ItemState,
    settings: &Settings,
    rules: &RuleBook,
    own_hours: bool,
    all: bool,
) -> Vec<(String, String)> {
    let live = items(settings, rules);
    let mut out = Vec::new();
    let mut buckets: Vec<(bool, Doc)> = (0..BUCKETS).map(|_| (false, Doc::default())).collect();
    for reg in &state.regs {
        let body = match &reg.body {
            Some(body) => body.as_str(),
            None => match lookup(&live, &reg.name) {
                Some(body) => body.as_str(),
                None => continue,
            },
        };
        if reg.stamp == Stamp::default() || (own_hours && reg.name == "h") {
            continue;
        }
        if let Some(pattern) = reg.name.strip_prefix("p:") {
            let excluded = Pattern::parse(pattern).is_ok_and(|p| is_excluded(settings, p.domain()));
            if !excluded {
                let (dirty, doc) = &mut buckets[bucket(pattern) as usize];
                *dirty |= !reg.synced;
                doc.version(reg.stamp, Some(pattern), body);
            }
        } else if all || !reg.synced {
            let mut doc = Doc::default();
            doc.version(reg.stamp, None, body);
            out.push((format!("{PREFIX}{}", reg.name), doc.finish()));
        }
    }
    for (k, (dirty, doc)) in buckets.into_iter().enumerate() {
        if (dirty || all) && !doc.text.is_empty() {
            out.push((format!("{PREFIX}p{k}"), doc.finish()));
        }
    }
    out
}

/// storage.sync now holds these items (as [`outgoing`] made them).
pub fn written(state: &mut ItemState, items: &[(String, String)]) {
    for (key, value) in items {
        for (stamp, name, _) in parse_item(key, value).into_iter().flatten() {
            if let Ok(i) = state.find(&name) {
                let reg = &mut state.regs[i];
                reg.synced |= reg.stamp == stamp;
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
        let Some(name) = key.strip_prefix(PREFIX) else {
            continue;
        };
        let bucket_of = name
            .strip_prefix('p')
            .and_then(|k| k.parse::<u32>().ok())
            .filter(|k| *k < BUCKETS);
        let ours = |reg: &Reg| match bucket_of {
            Some(k) => reg.name.strip_prefix("p:").is_some_and(|p| bucket(p) == k),
            None => reg.name == name,
        };
        let versions = match value {
            None => Vec::new(),
            Some(value) => match parse_item(key, value)
                .filter(|vs| vs.iter().all(|(_, n, body)| decode(n, body).is_some()))
            {
                Some(versions) => versions,
                None => {
                    refused += usize::from(bucket_of.is_some() || known(name));
                    continue;
                }
            },
        };
        for reg in next.regs.iter_mut().filter(|r| ours(r)) {
            let theirs = versions.iter().find(|v| v.1 == reg.name);
            reg.synced = theirs.is_some_and(|v| v.0 >= reg.stamp);
        }
        for (stamp, name, body) in versions {
            hlc::observe(&mut next.clock, stamp, now);
            if stamp > next.stamp(&name).unwrap_or_default() {
                got.push((stamp, name, body));
            }
        }
    }
    crate::sort::sort_by(&mut got, |a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));

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

/// A received value, read and checked.
enum Value {
    Hours(Schedule),
    Number(u32),
    Category(Category),
    Rule(CategoryId),
    Gone,
}

fn known(name: &str) -> bool {
    matches!(name, "h" | "i" | "r" | "o") || name.starts_with("c:")
}

fn decode(name: &str, body: &str) -> Option<Value> {
    let deletable = name.starts_with("c:") || name.starts_with("p:");
    if let Some(to) = body.strip_prefix('-') {
        let to_ok = to.is_empty() || (name.starts_with("c:") && CategoryId::parse(to).is_ok());
        return (deletable && to_ok && name != "c:uncategorized").then_some(Value::Gone);
    }
    let number = |range: std::ops::RangeInclusive<u32>| {
        let n = body.parse().ok().filter(|n| range.contains(n))?;
        (n.to_string() == body).then_some(Value::Number(n))
    };
    match name {
        "h" => parse_hours(body).map(Value::Hours),
        "i" => number(MIN_IDLE_SECONDS..=MAX_IDLE_SECONDS),
        "r" => number(1..=MAX_RETENTION_DAYS),
        "o" => number(0..=1),
        _ => {
            if let Some(id) = name.strip_prefix("c:") {
                let mut f = body.splitn(3, ',');
                let work = match f.next()? {
                    "0" => false,
                    "1" => true,
                    _ => return None,
                };
                let colour = Colour::parse(&format!("#{}", f.next()?)).ok()?;
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
                    self.categories.retain(|c| c.id.as_str() != id);
                } else {
                    self.rules
                        .retain(|r| name.get(2..) != Some(&r.pattern.to_string()));
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
            let wanted = match state.get(&name).and_then(|r| r.body.as_deref()) {
                Some(body) if !body.starts_with('-') => CategoryId::parse(body).ok(),
                _ => None,
            }
            .unwrap_or_else(|| rule.category.clone());
            let mut shown = wanted.clone();
            for _ in 0..8 {
                if shown.is_uncategorized() || self.categories.iter().any(|c| c.id == shown) {
                    break;
                }
                shown = match state.moved_to(shown.as_str()).map(CategoryId::parse) {
                    Some(Ok(to)) => to,
                    _ => Category::uncategorized().id,
                };
            }
            if !(shown.is_uncategorized() || self.categories.iter().any(|c| c.id == shown)) {
                shown = Category::uncategorized().id;
            }
            state.set_body(&name, (shown != wanted).then(|| wanted.to_string()));
            rule.category = shown;
        }
    }
}

/// Every item's name and body, sorted by name.
fn items(settings: &Settings, rules: &RuleBook) -> Vec<(String, String)> {
    let mut out = vec![
        ("h".to_owned(), hours_body(settings.schedule())),
        ("i".to_owned(), settings.idle_seconds().to_string()),
        ("r".to_owned(), settings.retention_days().to_string()),
        (
            "o".to_owned(),
            u8::from(settings.category_only()).to_string(),
        ),
    ];
    for c in rules.categories() {
        let mut body = format!("{},{},", u8::from(c.work), &c.colour.to_string()[1..]);
        escape(&mut body, &c.name);
        out.push((format!("c:{}", c.id), body));
    }
    for r in rules.rules() {
        out.push((format!("p:{}", r.pattern), r.category.to_string()));
    }
    crate::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    out
}

fn lookup<'a>(items: &'a [(String, String)], name: &str) -> Option<&'a String> {
    items
        .binary_search_by(|(n, _)| n.as_str().cmp(name))
        .ok()
        .map(|i| &items[i].1)
}

fn is_excluded(settings: &Settings, domain: &str) -> bool {
    settings.excluded().iter().any(|e| {
        let e = e.as_str();
        domain == e || domain.strip_suffix(e).is_some_and(|d| d.ends_with('.'))
    })
}

/// Which rule key a pattern goes in: FNV-1a of its text.
fn bucket(pattern: &str) -> u32 {
    pattern.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    }) % BUCKETS
}

/// `mon,…,sun,breaks,days off`: each day's intervals `HHMM-HHMM` joined
/// by `+`; a break is `<weekday bits, hex><HHMM-HHMM><name>`.
fn hours_body(s: &Schedule) -> String {
    let mut out = String::new();
    let clock = |out: &mut String, iv: &Interval| {
        let _ = write!(
            out,
            "{:02}{:02}-{:02}{:02}",
            iv.start / 60,
            iv.start % 60,
            iv.end / 60,
            iv.end % 60
        );
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
        let _ = write!(out, "{mask:02x}");
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
    let clock = |t: &str| {
        let n = |a: usize| {
            let d = t.get(a..a + 2)?;
            d.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| d.parse::<u16>().ok())?
        };
        let (h1, m1, h2, m2) = (n(0)?, n(2)?, n(5)?, n(7)?);
        (t.get(4..5) == Some("-") && m1 < 60 && m2 < 60)
            .then(|| Interval::new(h1 * 60 + m1, h2 * 60 + m2))
    };
    let mut hours: [Vec<Interval>; 7] = Default::default();
    for (day, text) in hours.iter_mut().zip(days) {
        for t in list(text) {
            (t.len() == 9).then_some(())?;
            day.push(clock(t)?);
        }
    }
    let mut all = Vec::new();
    for t in list(breaks) {
        let mask = u8::from_str_radix(t.get(..2)?, 16)
            .ok()
            .filter(|m| *m < 128)?;
        let mut days = chrono::WeekdaySet::EMPTY;
        for (d, day) in WEEK.into_iter().enumerate() {
            if mask >> d & 1 == 1 {
                days.insert(day);
            }
        }
        all.push(Break::new(
            unescape(t.get(11..)?)?,
            days,
            clock(t.get(2..11)?)?,
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
            let _ = write!(out, "%{b:02X}");
        }
    }
}

fn unescape(text: &str) -> Option<String> {
    let mut bytes = Vec::new();
    let mut rest = text.bytes();
    while let Some(b) = rest.next() {
        if b == b'%' {
            let hex = [rest.next()?, rest.next()?];
            bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
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
    fn stamp(&mut self, s: Stamp) {
        let d = match self.devices.iter().position(|&d| d == s.device) {
            Some(d) => d,
            None => {
                self.devices.push(s.device);
                self.devices.len() - 1
            }
        };
        base36(&mut self.text, s.ms as u64);
        self.text.push('.');
        base36(&mut self.text, u64::from(s.n));
        let _ = write!(self.text, ".{d}");
    }

    fn version(&mut self, s: Stamp, name: Option<&str>, body: &str) {
        if !self.text.is_empty() {
            self.text.push(';');
        }
        self.stamp(s);
        if let Some(name) = name {
            self.text.push(',');
            self.text.push_str(name);
        }
        self.text.push(',');
        self.text.push_str(body);
    }

    fn finish(self) -> String {
        let mut out = String::new();
        for (i, d) in self.devices.iter().enumerate() {
            let _ = write!(out, "{}{d:016x}", if i > 0 { "." } else { "" });
        }
        out.push('|');
        out + &self.text
    }
}

fn base36(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 13];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(v % 36) as usize];
        v /= 36;
        if v == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

fn parse_devices(text: &str) -> Option<Vec<u64>> {
    text.split('.')
        .filter(|_| !text.is_empty())
        .map(|d| {
            let hex = d.len() == 16 && d.bytes().all(|b| b.is_ascii_hexdigit());
            hex.then(|| u64::from_str_radix(d, 16).ok())?
        })
        .collect()
}

fn parse_stamp(text: &str, devices: &[u64]) -> Option<Stamp> {
    let mut parts = text.split('.');
    let mut next = |radix| {
        let p = parts.next()?;
        p.bytes()
            .all(|b| b.is_ascii_alphanumeric())
            .then(|| u64::from_str_radix(p, radix).ok())?
    };
    let ms = next(36).filter(|ms| *ms <= MAX_MS as u64)? as Millis;
    let n = u32::try_from(next(36)?).ok()?;
    let device = *devices.get(usize::try_from(next(10)?).ok()?)?;
    parts.next().is_none().then_some(Stamp { ms, n, device })
}

/// The versions in a storage.sync item: `(stamp, item name, body)`.
fn parse_item(key: &str, value: &str) -> Option<Vec<(Stamp, String, String)>> {
    let name = key.strip_prefix(PREFIX)?;
    let bucket_of = name.strip_prefix('p').and_then(|k| k.parse::<u32>().ok());
    let (devices, versions) = value.split_once('|')?;
    let devices = parse_devices(devices)?;
    let mut out = Vec::new();
    for v in versions.split(';') {
        let (stamp, rest) = v.split_once(',')?;
        let stamp = parse_stamp(stamp, &devices)?;
        let (name, body) = match bucket_of {
            Some(k) => {
                let (pattern, body) = rest.split_once(',')?;
                (bucket(pattern) == k).then_some(())?;
                (format!("p:{pattern}"), body)
            }
            None => (name.to_owned(), rest),
        };
        if body
            .bytes()
            .any(|b| !safe(b) && b != b'%' && b != b',' && b != b'+')
        {
            return None;
        }
        out.push((stamp, name, body.to_owned()));
    }
    (bucket_of.is_some() || out.len() == 1).then_some(out)
}

/// Stored as `<devices>|<clock>|<versions>`, each version
/// `<s|u><stamp>,<name>[,<body>]` (`s`: known to be in storage.sync).
impl From<ItemState> for String {
    fn from(state: ItemState) -> Self {
        let mut doc = Doc::default();
        doc.stamp(state.clock);
        doc.text.push('|');
        for (i, reg) in state.regs.iter().enumerate() {
            if i > 0 {
                doc.text.push(';');
            }
            doc.text.push(if reg.synced { 's' } else { 'u' });
            doc.stamp(reg.stamp);
            let _ = write!(doc.text, ",{}", reg.name);
            if let Some(body) = &reg.body {
                let _ = write!(doc.text, ",{body}");
            }
        }
        doc.finish()
    }
}

impl TryFrom<String> for ItemState {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        let read = || {
            let mut parts = text.split('|');
            let devices = parse_devices(parts.next()?)?;
            let clock = parse_stamp(parts.next()?, &devices)?;
            let mut state = ItemState {
                clock,
                regs: Vec::new(),
            };
            for v in parts.next()?.split(';').filter(|v| !v.is_empty()) {
                let synced = v.starts_with('s');
                let mut f = v.get(1..)?.splitn(3, ',');
                let stamp = parse_stamp(f.next()?, &devices)?;
                let name = f.next()?.to_owned();
                let body = f.next().map(str::to_owned);
                state.put(Reg {
                    name,
                    stamp,
                    body,
                    synced,
                });
            }
            parts.next().is_none().then_some(state)
        };
        read().ok_or_else(|| crate::text::say("coreInvalidValue", &[&text, &"s:"]))
    }
}
