//! What the integration tests share: stored values as the extension hands
//! them over, and `chrome.storage.local` simulated.
#![allow(dead_code)] // each test file uses its own part

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Berlin;
use fairtime::storage::Source;
use fairtime::time::Millis;
use fairtime::tracker::{Changes, Input, Tracker};
use serde_json::Value;

/// A stored value as the extension hands it over.
pub struct Json(pub Value);

impl Source for Json {
    fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_value(self.0.clone()).map_err(|e| e.to_string())
    }
}

/// `chrome.storage.local`, simulated: what the extension does with
/// [`Changes`] (set, then remove).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Storage(pub BTreeMap<String, Value>);

impl Storage {
    pub fn apply(&mut self, changes: &Changes) {
        let json = serde_json::to_value(changes).unwrap();
        for (key, value) in json["set"].as_object().unwrap() {
            self.0.insert(key.clone(), value.clone());
        }
        for key in json["remove"].as_array().unwrap() {
            self.0.remove(key.as_str().unwrap());
        }
    }

    /// The tracker a worker would build from this storage, which must hold
    /// nothing unreadable.
    pub fn load(&self, now: Millis) -> Tracker {
        let tracker = self.load_any(now);
        assert!(tracker.problems().is_empty(), "{:?}", tracker.problems());
        tracker
    }

    /// The tracker a waking worker builds from this storage (history.js):
    /// what the core names from the clock and its index, read until it
    /// names nothing more; and every key it read.
    pub fn wake(&self, now: Millis) -> (Tracker, Vec<String>) {
        let mut tracker = Tracker::waking();
        let mut read = Vec::new();
        loop {
            let keys = tracker.wake_keys(now, Berlin);
            if keys.is_empty() {
                break;
            }
            let entries: Vec<_> = keys
                .iter()
                .filter_map(|k| Some((k.clone(), Json(self.0.get(k)?.clone()))))
                .collect();
            tracker.read(entries, now, Berlin);
            read.extend(keys);
        }
        (tracker, read)
    }

    /// The tracker built from this storage, readable or not.
    pub fn load_any(&self, now: Millis) -> Tracker {
        Tracker::load(
            self.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
            now,
        )
    }
}

/// A calendar date.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Berlin wall-clock time on a date, in UTC milliseconds.
pub fn berlin(date: NaiveDate, h: u32, m: u32) -> Millis {
    Berlin
        .from_local_datetime(&date.and_hms_opt(h, m, 0).unwrap())
        .single()
        .unwrap()
        .timestamp_millis()
}

/// An input as the worker sends it.
pub fn input(value: Value) -> Input {
    serde_json::from_value(value).unwrap()
}
