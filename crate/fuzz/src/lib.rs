//! What the fuzz targets share: storage as the extension keeps it (the same
//! as `crate/tests/common`), arbitrary JSON in the shapes the core stores,
//! and a working day's storage to mutate.

use std::collections::BTreeMap;

use arbitrary::{Result, Unstructured};
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Berlin;
use fairtime::storage::Source;
use fairtime::time::{Millis, MINUTE};
use fairtime::tracker::{Changes, Input, Tracker};
use serde_json::{json, Value};

/// The oracles of `crate/tests/domain_oracle.rs`.
#[path = "../../tests/oracle/mod.rs"]
pub mod oracle;

/// Whether to print what a target does (`FAIRTIME_FUZZ_TRACE=1` when
/// replaying a crash).
pub fn tracing() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("FAIRTIME_FUZZ_TRACE").is_some())
}

/// A stored value as the extension hands it over.
pub struct Json(pub Value);

impl Source for Json {
    fn read<T: serde::de::DeserializeOwned>(&self) -> std::result::Result<T, String> {
        serde_json::from_value(self.0.clone()).map_err(|e| e.to_string())
    }
}

/// `chrome.storage.local`, simulated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Storage(pub BTreeMap<String, Value>);

impl Storage {
    pub fn apply(&mut self, changes: &Changes) {
        let json = serde_json::to_value(changes).expect("changes serialize");
        for (key, value) in json["set"].as_object().expect("set") {
            self.0.insert(key.clone(), value.clone());
        }
        for key in json["remove"].as_array().expect("remove") {
            self.0.remove(key.as_str().expect("key"));
        }
    }

    pub fn load_any(&self, now: Millis) -> Tracker {
        Tracker::load(
            self.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
            now,
        )
    }

    /// Loads as a worker does (history.js `afterRead`): values the core
    /// could not read moved aside with their reason, then the load's writes.
    pub fn load_and_set_aside(&mut self, now: Millis) -> Tracker {
        let mut tracker = self.load_any(now);
        for problem in tracker.problems() {
            let value = self.0.remove(&problem.key).unwrap_or(Value::Null);
            self.0.insert(
                problem.moved_to.clone(),
                json!({"reason": problem.message, "value": value}),
            );
        }
        let changes = tracker.load_changes();
        self.apply(&changes);
        tracker
    }

    /// A waking worker's reads (`common::Storage::wake`).
    pub fn wake(&self, now: Millis) -> Tracker {
        let mut tracker = Tracker::waking();
        for _ in 0..16 {
            let keys = tracker.wake_keys(now, Berlin);
            if keys.is_empty() {
                break;
            }
            let entries: Vec<_> = keys
                .iter()
                .filter_map(|k| Some((k.clone(), Json(self.0.get(k)?.clone()))))
                .collect();
            tracker.read(entries, now, Berlin);
        }
        tracker
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Berlin wall-clock time, in UTC milliseconds.
pub fn berlin(date: NaiveDate, h: u32, m: u32) -> Millis {
    Berlin
        .from_local_datetime(&date.and_hms_opt(h, m, 0).expect("time"))
        .earliest()
        .expect("local time")
        .timestamp_millis()
}

pub fn input(value: Value) -> Input {
    serde_json::from_value(value).expect("input")
}

pub const URLS: &[&str] = &[
    "https://docs.google.com/document/d/x/edit",
    "https://mail.google.com/mail/u/0/",
    "https://www.nytimes.com/2026/06/10/world/x.html",
    "https://user:pw@tiny-vendor.example:8443/x",
    "chrome://settings/",
    "https://bank.example/",
    "https://xn--bcher-kva.example/",
    "about:blank",
    "not a url",
];

/// Noon of Wednesday 10 June 2026 in Berlin: the working day the tests use.
pub fn noon() -> Millis {
    berlin(date(2026, 6, 10), 12, 0)
}

/// Storage after a morning's work: consent, settings, rules, cursor, index,
/// a day, the data log.
pub fn working_storage() -> Storage {
    static STORAGE: std::sync::OnceLock<Storage> = std::sync::OnceLock::new();
    STORAGE.get_or_init(work_a_morning).clone()
}

fn work_a_morning() -> Storage {
    let start = berlin(date(2026, 6, 10), 8, 50);
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    storage.apply(&tracker.give_consent(start, Berlin));
    let mut t = start;
    let mut feed = |tracker: &mut Tracker, i: Input| {
        storage.apply(&tracker.input(&i, Berlin).expect("input"));
    };
    feed(&mut tracker, input(json!({"type": "startup", "at": t})));
    for (n, url) in URLS.iter().enumerate() {
        feed(
            &mut tracker,
            input(json!({"type": "focus", "at": t, "url": url})),
        );
        for _ in 0..(n % 3 + 2) {
            t += MINUTE;
            feed(&mut tracker, input(json!({"type": "heartbeat", "at": t})));
        }
    }
    storage
}

/// Words the core's stored formats use, so that mutations reach past the
/// first unknown field.
const WORDS: &[&str] = &[
    "v",
    "d",
    "ms",
    "categories",
    "domains",
    "work",
    "news",
    "uncategorized",
    "schedule",
    "hours",
    "breaks",
    "days_off",
    "rules",
    "pattern",
    "category",
    "last",
    "floor",
    "focus",
    "max_gap",
    "pause",
    "consent",
    "excluded",
    "name",
    "id",
    "colour",
    "counts_as_work",
    "idle_seconds",
    "retention_days",
    "category_only",
    "schedule_since",
    "docs.google.com",
    "*.x.com",
    "=a.b",
    "09:00-17:00",
    "mon",
    "tue",
    "2026-06-10",
    "#123456",
    "days",
    "first",
    "format",
    "version",
    "fairtime-export",
    "settings",
    "exported_at",
    "set_aside",
    "data_log",
    "device",
    "totals",
    "reason",
    "value",
    "entries",
    "kind",
    "at",
];

/// Arbitrary JSON, biased to the core's own words and small numbers.
pub fn json_value(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let pick = if depth == 0 {
        u.int_in_range(0..=5)?
    } else {
        u.int_in_range(0..=8)?
    };
    Ok(match pick {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => json!(u.int_in_range(-3i64..=100_000)?),
        3 => json!(u.arbitrary::<i64>()?),
        4 => match serde_json::Number::from_f64(u.arbitrary()?) {
            Some(n) => Value::Number(n),
            None => Value::Null,
        },
        5 => Value::String(string(u)?),
        6 | 7 => {
            let mut map = serde_json::Map::new();
            for _ in 0..u.int_in_range(0..=5)? {
                map.insert(string(u)?, json_value(u, depth - 1)?);
            }
            Value::Object(map)
        }
        _ => {
            let mut list = Vec::new();
            for _ in 0..u.int_in_range(0..=5)? {
                list.push(json_value(u, depth - 1)?);
            }
            Value::Array(list)
        }
    })
}

pub fn string(u: &mut Unstructured) -> Result<String> {
    if u.ratio(3, 4)? {
        Ok((*u.choose(WORDS)?).to_owned())
    } else {
        u.arbitrary()
    }
}

/// `value` with one place in it replaced by arbitrary JSON, or one entry of
/// an object or array removed or renamed.
pub fn mutate(u: &mut Unstructured, value: &mut Value) -> Result<()> {
    let children = match value {
        Value::Object(map) => map.len(),
        Value::Array(list) => list.len(),
        _ => 0,
    };
    if children == 0 || u.ratio(1, 4)? {
        *value = json_value(u, 3)?;
        return Ok(());
    }
    let i = u.choose_index(children)?;
    match value {
        Value::Object(map) => {
            let key = map.keys().nth(i).cloned().expect("key");
            match u.int_in_range(0..=5)? {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    let child = map.remove(&key).expect("child");
                    map.insert(string(u)?, child);
                }
                _ => mutate(u, map.get_mut(&key).expect("child"))?,
            }
        }
        Value::Array(list) => match u.int_in_range(0..=5)? {
            0 => {
                list.remove(i);
            }
            1 => list.push(list[i].clone()),
            _ => mutate(u, &mut list[i])?,
        },
        _ => unreachable!("only objects and arrays have children"),
    }
    Ok(())
}
