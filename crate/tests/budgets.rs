//! Size budgets that must not regress silently (issue 11): what one tracked
//! day costs in `storage.local`. The benchmark's day is a working day of 20
//! sites in 6 categories, fed to the tracker as the browser reports it and
//! stored as the extension stores the tracker's changes. The gzipped .wasm
//! has its budget in `./build.sh test` (`check_wasm_budget`).

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Berlin;
use fairtime::time::{Millis, MINUTE, SECOND};
use fairtime::tracker::Tracker;
use serde_json::{json, Value};

mod common;
use common::{input, Storage};

/// What a day of the benchmark may take in storage: 1 KiB.
const DAY_BUDGET_BYTES: usize = 1024;

/// The benchmark's 20 sites, with the default category each is in.
const SITES: [(&str, &str); 20] = [
    ("docs.google.com", "work"),
    ("www.notion.so", "work"),
    ("trello.com", "work"),
    ("www.figma.com", "work"),
    ("mail.google.com", "communication"),
    ("app.slack.com", "communication"),
    ("teams.microsoft.com", "communication"),
    ("meet.google.com", "communication"),
    ("www.google.com", "research"),
    ("en.wikipedia.org", "research"),
    ("stackoverflow.com", "research"),
    ("developer.mozilla.org", "research"),
    ("github.com", "development"),
    ("gitlab.com", "development"),
    ("crates.io", "development"),
    ("www.npmjs.com", "development"),
    ("www.linkedin.com", "social"),
    ("www.reddit.com", "social"),
    ("www.bbc.com", "news"),
    ("www.nytimes.com", "news"),
];

/// Wednesday 10 June 2026: a working day under the default schedule
/// (09:00–17:00, lunch 12:00–13:00).
fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 10).unwrap()
}

fn berlin(h: u32, m: u32) -> Millis {
    Berlin
        .from_local_datetime(&day().and_hms_opt(h, m, 0).unwrap())
        .single()
        .unwrap()
        .timestamp_millis()
}

impl Storage {
    /// What Chromium counts against the quota for `key`: the key and its
    /// value as JSON, in UTF-8 bytes.
    fn bytes(&self, key: &str) -> usize {
        key.len() + serde_json::to_string(&self.0[key]).unwrap().len()
    }
}

/// The benchmark's day: consent at 08:50, the browser open 08:55–17:00,
/// the 20 sites in turn for 12 minutes each (twice through: the morning
/// round loses its last sites to lunch, the afternoon round counts all),
/// a heartbeat every 30 seconds in between.
fn benchmark_day() -> Storage {
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    storage.apply(&tracker.give_consent(berlin(8, 50), Berlin));
    let mut feed = |tracker: &mut Tracker, value: Value| {
        storage.apply(&tracker.input(&input(value), Berlin).unwrap());
    };
    feed(
        &mut tracker,
        json!({"type": "startup", "at": berlin(8, 55)}),
    );
    let start = berlin(9, 0);
    let visit = 12 * MINUTE;
    for slot in 0..40 {
        let at = start + slot * visit;
        let host = SITES[slot as usize % SITES.len()].0;
        let url = format!("https://{host}/some/path?q=1");
        feed(&mut tracker, json!({"type": "focus", "at": at, "url": url}));
        for beat in 1..visit / (30 * SECOND) {
            feed(
                &mut tracker,
                json!({"type": "heartbeat", "at": at + beat * 30 * SECOND}),
            );
        }
    }
    feed(
        &mut tracker,
        json!({"type": "shutdown", "at": berlin(17, 0)}),
    );
    storage
}

#[test]
fn a_tracked_day_of_20_sites_in_6_categories_fits_in_1_kib() {
    let storage = benchmark_day();
    let key = fairtime::storage::day_key(day());
    let stored = &storage.0[&key]["d"];
    // It is the benchmark's day: every site counted, in its category.
    let categories = stored["categories"].as_object().unwrap();
    assert_eq!(categories.len(), 6, "{stored}");
    for (host, category) in SITES {
        let ms = stored["categories"][category]["domains"][host].as_i64();
        assert!(
            ms.is_some_and(|ms| ms > 0),
            "{host} in {category}: {stored}"
        );
    }
    assert_eq!(
        stored["ms"],
        json!(7 * 60 * MINUTE),
        "09:00–17:00 less lunch"
    );

    let bytes = storage.bytes(&key);
    println!("stored bytes per tracked day: {bytes} (budget {DAY_BUDGET_BYTES})");
    assert!(
        bytes <= DAY_BUDGET_BYTES,
        "a tracked day of 20 sites in 6 categories takes {bytes} bytes of storage, \
         over the budget of {DAY_BUDGET_BYTES} bytes (issue 11): {key} = {}",
        storage.0[&key]
    );
}
