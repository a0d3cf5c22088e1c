//! The storage decoder: arbitrary stored values (new, or a working day's
//! values mutated) into `Tracker::load` and a waking worker's reads. Never
//! a panic; every value it cannot read is reported, named to be moved
//! aside, and once moved the storage loads without a problem; the tracker
//! then works.
#![no_main]

use arbitrary::{Result, Unstructured};
use chrono_tz::Europe::Berlin;
use fairtime::time::MINUTE;
use fairtime_fuzz::{input, json_value, mutate, noon, string, working_storage, Storage};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

const KEYS: &[&str] = &[
    "settings",
    "rules",
    "cursor",
    "index",
    "datalog",
    "sync",
    "day:2026-06-10",
    "day:2026-06-09",
    "day:1970-01-01",
    "day:9999-12-31",
    "day:2026-02-30",
    "damaged:1:settings",
    "damaged:x:rules",
    "peer:0123456789abcdef:2026-06-10",
    "peer:zz:2026-06-10",
];

fn storage(u: &mut Unstructured) -> Result<Storage> {
    let mut storage = working_storage();
    for _ in 0..u.int_in_range(1..=6)? {
        let key = if u.ratio(7, 8)? {
            (*u.choose(KEYS)?).to_owned()
        } else {
            string(u)?
        };
        match u.int_in_range(0..=3)? {
            0 => {
                storage.0.remove(&key);
            }
            1 => {
                let value = json_value(u, 4)?;
                storage.0.insert(key, value);
            }
            2 => {
                let v = u.int_in_range(0..=4)?;
                let d = json_value(u, 4)?;
                storage.0.insert(key, json!({"v": v, "d": d}));
            }
            _ => {
                let mut value = storage.0.get(&key).cloned().unwrap_or(Value::Null);
                mutate(u, &mut value)?;
                storage.0.insert(key, value);
            }
        }
    }
    Ok(storage)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(mut storage) = storage(&mut u) else {
        return;
    };
    let now = noon();
    let _ = storage.wake(now);
    let original = storage.clone();
    let mut tracker = storage.load_and_set_aside(now);
    for problem in tracker.problems() {
        assert!(original.0.contains_key(&problem.key));
        assert_eq!(problem.moved_to, format!("damaged:{now}:{}", problem.key));
        assert!(!problem.message.is_empty());
    }
    // Once moved aside, nothing is unreadable, and the values are listed.
    let again = storage.load_any(now + 1);
    assert!(again.problems().is_empty(), "{:?}", again.problems());
    for problem in tracker.problems() {
        assert!(
            again.set_aside().iter().any(|a| a.key == problem.moved_to),
            "{} not listed",
            problem.moved_to
        );
    }
    // The tracker works on whatever it loaded.
    tracker.give_consent(now, Berlin);
    for i in [
        input(json!({"type": "focus", "at": now, "url": "https://docs.google.com/"})),
        input(json!({"type": "heartbeat", "at": now + MINUTE})),
        input(json!({"type": "pause", "at": now + 2 * MINUTE, "minutes": 5})),
    ] {
        let _ = tracker.input(&i, Berlin);
    }
    let _ = tracker.day_view(now + 3 * MINUTE, Berlin);
    let _ = tracker.status(now + 3 * MINUTE, Berlin);
    let _ = tracker.report(fairtime_fuzz::date(2026, 6, 1), 30, now, Berlin);
    let _ = tracker
        .export_document(now)
        .map(|d| serde_json::to_string(&d));
    let _ = tracker.export_csv();
    let _ = tracker.prune(now, Berlin);
    let _ = tracker.explain("docs.google.com");
    let _ = tracker.next_wake(now, Berlin);
});
