//! A worker that wakes reads the state and the days counting may reach,
//! keys the core names from the clock and its index (`Tracker::waking`,
//! `wake_keys`, `read`), the rest when needed (`load_history`). What reads or
//! rewrites every stored day refuses with `HistoryNotLoaded`, changing
//! nothing, until `load_history`; then it gives what a tracker built from
//! everything gives.

use chrono::{Days, NaiveDate};
use chrono_tz::Europe::Berlin;
use fairtime::exchange::Import;
use fairtime::report::RangeError;
use fairtime::rules::RuleBook;
use fairtime::settings::Settings;
use fairtime::time::{Millis, MINUTE, SECOND};
use fairtime::tracker::{RuleEdit, Tracker, TrackerError};
use proptest::prelude::*;
use serde_json::{json, Value};

mod common;
use common::{berlin, date, input, Json, Storage};

impl Storage {
    fn entries<'a>(&'a self, keys: &'a [String]) -> impl Iterator<Item = (String, Json)> + 'a {
        keys.iter()
            .filter_map(|k| Some((k.clone(), Json(self.0.get(k)?.clone()))))
    }

    /// Everything, as `Tracker::load` reads it.
    fn full(&self, now: Millis) -> Tracker {
        Tracker::load(
            self.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
            now,
        )
    }

    /// As history.js reads it: what the core names from the clock and its
    /// index, read until it names nothing more.
    fn partial(&self, now: Millis) -> Tracker {
        self.waking(now).0
    }

    /// [`Storage::partial`] and every key it read.
    fn waking(&self, now: Millis) -> (Tracker, Vec<String>) {
        let (tracker, read) = self.wake(now);
        assert!(!tracker.history_needed());
        (tracker, read)
    }

    fn load_history(&self, tracker: &mut Tracker, now: Millis) {
        tracker.load_history(
            self.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
            now,
        );
    }

    fn days(&self) -> usize {
        self.0.keys().filter(|k| k.starts_with("day:")).count()
    }
}

/// Wednesday 10 June 2026.
fn today() -> NaiveDate {
    date(2026, 6, 10)
}

fn at(h: u32, m: u32) -> Millis {
    berlin(today(), h, m)
}

const SITES: [&str; 8] = [
    "docs.google.com",
    "github.com",
    "mail.example.org",
    "www.youtube.com",
    "www.nytimes.com",
    "news.ycombinator.com",
    "en.wikipedia.org",
    "www.reddit.com",
];

/// A stored day in today's format: `seed` spreads time over sites.
fn day(seed: u64) -> Value {
    let mut categories = serde_json::Map::new();
    let mut total = 0;
    for (i, site) in SITES.iter().enumerate() {
        let ms = ((seed + i as u64 * 7) % 13 + 1) as i64 * MINUTE;
        let category = ["work", "research", "news", "social"][i % 4];
        let entry = categories
            .entry(category)
            .or_insert_with(|| json!({"ms": 0, "domains": {}}));
        entry["ms"] = json!(entry["ms"].as_i64().unwrap() + ms);
        entry["domains"][*site] = json!(ms);
        total += ms;
    }
    json!({"v": 1, "d": {"ms": total, "categories": categories}})
}

/// Working around the clock since long ago, `retention` days kept, the
/// given days stored, and a focus on GitHub at 8:00 today (the cursor).
fn stored(days: impl IntoIterator<Item = (NaiveDate, u64)>, retention: u32) -> Storage {
    let all = ["00:00-24:00"];
    let mut storage = Storage::default();
    storage.0.insert(
        "settings".into(),
        json!({"v": 2, "d": {
            "schedule": {"hours": {"mon": all, "tue": all, "wed": all, "thu": all, "fri": all, "sat": all, "sun": all}},
            "idle_seconds": 14400,
            "retention_days": retention,
            "consent": 0,
        }}),
    );
    for (d, seed) in days {
        storage.0.insert(format!("day:{d}"), day(seed));
    }
    let mut tracker = storage.full(at(8, 0));
    assert!(tracker.problems().is_empty(), "{:?}", tracker.problems());
    // The index, as history.js writes it after a full load.
    storage.apply(&tracker.load_changes());
    let focus = input(json!({"type": "focus", "at": at(8, 0), "url": "https://github.com/x"}));
    storage.apply(&tracker.input(&focus, Berlin).unwrap());
    storage
}

/// A year of days before today, and today.
fn year() -> Storage {
    stored((0..366).map(|i| (today() - Days::new(i), i)), 3660)
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn a_worker_reads_the_state_and_only_the_days_counting_may_reach() {
    let storage = year();
    let now = at(9, 0);
    let (mut partial, read) = storage.waking(now);
    assert!(!partial.history_loaded());
    // The state, today and yesterday: no list of keys, one read.
    assert_eq!(
        read,
        [
            "settings",
            "rules",
            "cursor",
            "datalog",
            "index",
            "sync",
            "day:2026-06-09",
            "day:2026-06-10"
        ]
    );
    assert_eq!(partial.ledger().days(..).count(), 2);
    let mut full = storage.full(now);
    // No rules stored: the default pack, as a full load gives.
    assert_eq!(json(partial.rules()), json(full.rules()));
    assert_eq!(
        json(&partial.day_view(now, Berlin)),
        json(&full.day_view(now, Berlin))
    );
    assert_eq!(
        json(&partial.status(now, Berlin)),
        json(&full.status(now, Berlin))
    );
    // Counting goes on as it would with everything loaded.
    let beat = input(json!({"type": "heartbeat", "at": now}));
    assert_eq!(
        json(&partial.input(&beat, Berlin).unwrap()),
        json(&full.input(&beat, Berlin).unwrap())
    );
    assert!(!partial.history_loaded());
}

#[test]
fn an_open_segment_from_before_midnight_has_its_first_day_loaded() {
    let mut storage = stored((5..10).map(|i| (today() - Days::new(i), i)), 3660);
    // The browser was last seen at 23:59:30 yesterday: today's first event
    // counts into yesterday.
    let late = at(0, 0) - 90 * SECOND;
    storage.0.remove("cursor");
    let mut tracker = storage.full(late);
    let focus = input(json!({"type": "focus", "at": late, "url": "https://github.com/x"}));
    storage.apply(&tracker.input(&focus, Berlin).unwrap());
    for back in [60, 30] {
        let beat = input(json!({"type": "heartbeat", "at": at(0, 0) - back * SECOND}));
        storage.apply(&tracker.input(&beat, Berlin).unwrap());
    }
    let now = at(0, 0) + 15 * SECOND;
    let mut partial = storage.partial(now);
    assert!(partial.ledger().day(date(2026, 6, 9)).is_some());
    assert!(partial.ledger().day(date(2026, 6, 1)).is_none());
    assert!(!partial.history_loaded());
    let mut full = storage.full(now);
    let beat = input(json!({"type": "heartbeat", "at": now}));
    let (a, b) = (
        partial.input(&beat, Berlin).unwrap(),
        full.input(&beat, Berlin).unwrap(),
    );
    assert_eq!(json(&a), json(&b));
    assert!(json(&a)["set"]["day:2026-06-09"].is_object());
}

#[test]
fn a_wake_reads_as_many_keys_after_three_years_as_on_the_first_day() {
    let now = at(9, 0);
    let empty = stored([], 3660).waking(now).1;
    let three_years = stored((0..1096).map(|i| (today() - Days::new(i), i)), 3660)
        .waking(now)
        .1;
    assert_eq!(empty, three_years);
    assert_eq!(empty.len(), 8);
}

#[test]
fn a_worker_awake_past_midnight_reads_the_new_day_before_counting_into_it() {
    // Days until yesterday, and one for today already stored (written
    // while the clock was ahead): the worker woke at 23:59 yesterday.
    let yesterday = today().pred_opt().unwrap();
    let mut storage = stored((1..6).map(|i| (today() - Days::new(i), i)), 3660);
    storage.0.insert(format!("day:{}", today()), day(99));
    storage.0.remove("cursor");
    let late = at(0, 0) - MINUTE;
    let mut tracker = storage.full(late);
    let focus = input(json!({"type": "focus", "at": late, "url": "https://github.com/x"}));
    storage.apply(&tracker.input(&focus, Berlin).unwrap());
    let woke = late + 30 * SECOND;
    let mut partial = storage.partial(woke);
    assert!(partial.ledger().day(yesterday).is_some());
    assert!(partial.ledger().day(today()).is_none());
    // After midnight: today was not read, so nothing counts into it yet.
    let now = at(0, 0) + 10 * SECOND;
    let beat = input(json!({"type": "heartbeat", "at": now}));
    let ledger = partial.ledger().clone();
    assert_eq!(
        partial.input(&beat, Berlin).unwrap_err(),
        TrackerError::HistoryNotLoaded
    );
    assert_eq!(
        partial.check_day(now, Berlin),
        Err(TrackerError::HistoryNotLoaded)
    );
    assert_eq!(partial.ledger(), &ledger);
    // The core names today's key; once read, it counts as a full tracker.
    let keys = partial.wake_keys(now, Berlin);
    assert_eq!(keys, [format!("day:{}", today())]);
    partial.read(storage.entries(&keys), now, Berlin);
    assert!(partial.wake_keys(now, Berlin).is_empty());
    assert!(!partial.history_loaded());
    let mut full = storage.full(now);
    assert_eq!(
        json(&partial.input(&beat, Berlin).unwrap()),
        json(&full.input(&beat, Berlin).unwrap())
    );
    assert_eq!(
        json(&partial.day_view(now, Berlin)),
        json(&full.day_view(now, Berlin))
    );
}

#[test]
fn storage_from_before_the_index_is_read_whole_once_and_then_indexed() {
    let mut storage = year();
    let first = storage.0["index"].clone();
    assert_eq!(first["d"]["first"], json!("2025-06-10"));
    storage.0.remove("index");
    let now = at(9, 0);
    let mut tracker = Tracker::waking();
    let keys = tracker.wake_keys(now, Berlin);
    tracker.read(storage.entries(&keys), now, Berlin);
    assert!(tracker.wake_keys(now, Berlin).is_empty());
    assert!(tracker.history_needed());
    storage.load_history(&mut tracker, now);
    assert!(tracker.history_loaded());
    storage.apply(&tracker.load_changes());
    assert_eq!(storage.0["index"], first);
    assert!(!Tracker::waking().history_needed());
    // Nothing stored, nothing to index: a new browser needs no history.
    let mut fresh = Tracker::waking();
    fresh.read(Storage::default().entries(&keys), now, Berlin);
    assert!(!fresh.history_needed());
    assert!(fresh.history_loaded());
    assert!(fresh.load_changes().is_empty());
}

#[test]
fn values_set_aside_are_known_at_wake_from_the_index() {
    let mut storage = year();
    storage
        .0
        .insert("day:2026-06-09".into(), json!({"v": 1, "d": "not a day"}));
    let now = at(9, 0);
    let mut first = storage.partial(now);
    assert_eq!(first.problems().len(), 1);
    storage.apply(&first.load_changes());
    let moved = first.problems()[0].moved_to.clone();
    storage
        .0
        .insert(moved.clone(), json!({"reason": "x", "value": "not a day"}));
    storage.0.remove("day:2026-06-09");
    assert_eq!(storage.0["index"]["d"]["aside"], json!([moved]));
    // The next worker reads that value by name, and lists it as a full load does.
    let (next, read) = storage.waking(now + MINUTE);
    assert!(read.contains(&moved));
    let full = storage.full(now + MINUTE);
    assert_eq!(json(next.set_aside()), json(full.set_aside()));
    assert_eq!(next.set_aside().len(), 1);
    // Deleted, it is no longer named.
    let mut next = next;
    storage.apply(&next.discard_set_aside(&moved, now + 2 * MINUTE));
    assert_eq!(storage.0["index"]["d"]["aside"], json!([]));
    assert!(!storage.waking(now + 3 * MINUTE).1.contains(&moved));
}

/// Every call that reads or rewrites all days, as (name, result as JSON).
type Call = fn(&mut Tracker, Millis) -> Result<Value, TrackerError>;

fn all_days_calls() -> Vec<(&'static str, Call)> {
    fn file_site(t: &mut Tracker, now: Millis) -> Result<Value, TrackerError> {
        let edit: RuleEdit = serde_json::from_value(
            json!({"op": "file_site", "domain": "www.youtube.com", "category": "work"}),
        )
        .unwrap();
        t.edit_rules(edit, now, Berlin).map(|c| json(&c))
    }
    fn settings_with(t: &Tracker, change: impl FnOnce(&mut Value)) -> Settings {
        let mut value = json(t.settings());
        change(&mut value);
        serde_json::from_value(value).unwrap()
    }
    vec![
        ("week", |t, now| t.week(now, 40, Berlin).map(|v| json(&v))),
        ("month", |t, now| t.month(now, 7, Berlin).map(|v| json(&v))),
        ("export_document", |t, now| {
            t.export_document(now).map(|v| json(&v))
        }),
        ("export_csv", |t, _| t.export_csv().map(|v| json(&v))),
        ("unnamed_days", |t, _| t.unnamed_days().map(|v| json(&v))),
        ("file_site", file_site),
        ("category_only", |t, now| {
            let s = settings_with(t, |v| v["category_only"] = json!(true));
            t.set_settings(s, now, Berlin).map(|c| json(&c))
        }),
        ("exclude", |t, now| {
            let s = settings_with(t, |v| v["excluded"] = json!(["www.nytimes.com"]));
            t.set_settings(s, now, Berlin).map(|c| json(&c))
        }),
        ("import", |t, now| {
            let import = Import {
                settings: None,
                rules: Some(RuleBook::with_defaults()),
            };
            t.apply_import(import, now, Berlin).map(|c| json(&c))
        }),
    ]
}

#[test]
fn what_reads_or_rewrites_every_day_refuses_until_history_is_loaded_then_matches() {
    let storage = year();
    let now = at(9, 0);
    for (name, call) in all_days_calls() {
        let mut partial = storage.partial(now);
        let ledger = partial.ledger().clone();
        let settings = json(partial.settings());
        let rules = json(partial.rules());
        let log = json(partial.data_log());
        assert_eq!(
            call(&mut partial, now),
            Err(TrackerError::HistoryNotLoaded),
            "{name}"
        );
        // Nothing changed, not even the open segment.
        assert_eq!(partial.ledger(), &ledger, "{name}");
        assert_eq!(json(partial.settings()), settings, "{name}");
        assert_eq!(json(partial.rules()), rules, "{name}");
        assert_eq!(json(partial.data_log()), log, "{name}");

        storage.load_history(&mut partial, now);
        assert!(partial.history_loaded());
        let mut full = storage.full(now);
        assert_eq!(call(&mut partial, now), call(&mut full, now), "{name}");
        assert_eq!(partial.ledger(), full.ledger(), "{name}");
    }
    let partial = storage.partial(now);
    assert_eq!(
        partial.range("2025-07-01", "2025-07-31", now, Berlin),
        Err(RangeError::HistoryNotLoaded)
    );
    assert!(TrackerError::HistoryNotLoaded
        .to_string()
        .contains("nothing was changed"));
}

#[test]
fn retention_needs_no_history_and_deleting_everything_loads_it_first() {
    let storage = year();
    let now = at(9, 0);
    // Retention: no day is older than the index's first, so the keys from
    // there to the limit go unread.
    let mut with_retention = storage.clone();
    let mut settings = with_retention.0["settings"].clone();
    settings["d"]["retention_days"] = json!(30);
    with_retention.0.insert("settings".into(), settings);
    let mut partial = with_retention.partial(now);
    let mut full = with_retention.full(now);
    let (mut a, mut b) = (with_retention.clone(), with_retention.clone());
    a.apply(&partial.prune(now, Berlin));
    b.apply(&full.prune(now, Berlin));
    assert_eq!(a, b);
    assert_eq!(a.days(), 30);
    assert_eq!(a.0["index"]["d"]["first"], json!("2026-05-12"));
    assert!(!partial.history_loaded());
    a.load_history(&mut partial, now);
    assert_eq!(partial.ledger(), full.ledger());
    // A day later, one more goes, still unread.
    let next_day = now + 24 * 60 * MINUTE;
    let mut later = a.partial(next_day);
    a.apply(&later.prune(next_day, Berlin));
    assert_eq!(a.days(), 29);
    assert!(!a.0.contains_key("day:2026-05-12"));

    let mut partial = storage.partial(now);
    let ledger = partial.ledger().clone();
    assert_eq!(
        partial.forget_everything(now).unwrap_err(),
        TrackerError::HistoryNotLoaded
    );
    assert_eq!(partial.ledger(), &ledger);
    storage.load_history(&mut partial, now);
    let mut gone = storage.clone();
    gone.apply(&partial.forget_everything(now).unwrap());
    assert_eq!(gone.days(), 0);
    assert_eq!(gone.0.keys().collect::<Vec<_>>(), ["datalog"]);
}

#[test]
fn an_event_that_could_reach_an_unloaded_day_refuses_until_history_is_loaded() {
    let storage = year();
    let now = at(9, 0);
    let mut partial = storage.partial(now);
    // The clock went back three days.
    let back = now - 3 * 24 * 60 * MINUTE;
    let focus = input(json!({"type": "focus", "at": back, "url": "https://github.com/x"}));
    let ledger = partial.ledger().clone();
    assert_eq!(
        partial.input(&focus, Berlin).unwrap_err(),
        TrackerError::HistoryNotLoaded
    );
    assert_eq!(
        partial.settle(back, Berlin).unwrap_err(),
        TrackerError::HistoryNotLoaded
    );
    assert_eq!(partial.ledger(), &ledger);
    storage.load_history(&mut partial, now);
    let mut full = storage.full(now);
    assert_eq!(
        json(&partial.input(&focus, Berlin).unwrap()),
        json(&full.input(&focus, Berlin).unwrap())
    );
}

#[test]
fn days_that_cannot_be_read_are_set_aside_when_history_is_loaded() {
    let mut storage = year();
    storage
        .0
        .insert("day:2025-12-24".into(), json!({"v": 1, "d": "not a day"}));
    storage
        .0
        .insert("day:2025-12-25".into(), json!({"v": 9, "d": {}}));
    let now = at(9, 0);
    let mut partial = storage.partial(now);
    assert!(partial.problems().is_empty());
    assert!(partial.set_aside().is_empty());
    storage.load_history(&mut partial, now);
    let mut full = storage.full(now);
    let keys = |t: &Tracker| {
        t.problems()
            .iter()
            .map(|p| p.key.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&partial), ["day:2025-12-24", "day:2025-12-25"]);
    assert_eq!(json(partial.problems()), json(full.problems()));
    assert_eq!(json(partial.set_aside()), json(full.set_aside()));
    assert_eq!(json(&partial.load_changes()), json(&full.load_changes()));
    assert_eq!(partial.ledger(), full.ledger());
}

#[derive(Debug, Clone)]
enum Op {
    Beat(u16),
    Focus(u16, usize),
    Week(u32),
    Month(u32),
    Csv,
    FileSite(usize),
    CategoryOnly,
    Exclude(usize),
    Prune,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1..600u16).prop_map(Op::Beat),
        2 => (1..600u16, 0..SITES.len()).prop_map(|(s, i)| Op::Focus(s, i)),
        1 => (0..60u32).prop_map(Op::Week),
        1 => (0..14u32).prop_map(Op::Month),
        1 => Just(Op::Csv),
        1 => (0..SITES.len()).prop_map(Op::FileSite),
        1 => Just(Op::CategoryOnly),
        1 => (0..SITES.len()).prop_map(Op::Exclude),
        1 => Just(Op::Prune),
    ]
}

/// Runs `op` at `now`; a refusal for want of history loads it and retries,
/// as history.js does.
fn run(tracker: &mut Tracker, storage: &mut Storage, op: &Op, now: Millis) -> Value {
    loop {
        let answer = match op {
            Op::Beat(_) => tracker
                .input(&input(json!({"type": "heartbeat", "at": now})), Berlin)
                .map(|c| {
                    storage.apply(&c);
                    Value::Null
                }),
            Op::Focus(_, i) => {
                let url = format!("https://{}/", SITES[*i]);
                tracker
                    .input(
                        &input(json!({"type": "focus", "at": now, "url": url})),
                        Berlin,
                    )
                    .map(|c| {
                        storage.apply(&c);
                        Value::Null
                    })
            }
            Op::Week(k) => tracker.week(now, *k, Berlin).map(|v| json(&v)),
            Op::Month(k) => tracker.month(now, *k, Berlin).map(|v| json(&v)),
            Op::Csv => tracker.export_csv().map(|v| json(&v)),
            Op::FileSite(i) => {
                let edit: RuleEdit = serde_json::from_value(
                    json!({"op": "file_site", "domain": SITES[*i], "category": "work"}),
                )
                .unwrap();
                tracker.edit_rules(edit, now, Berlin).map(|c| {
                    storage.apply(&c);
                    Value::Null
                })
            }
            Op::CategoryOnly | Op::Exclude(_) => {
                let mut value = json(tracker.settings());
                match op {
                    Op::CategoryOnly => value["category_only"] = json!(true),
                    Op::Exclude(i) => value["excluded"] = json!([SITES[*i]]),
                    _ => unreachable!(),
                }
                let settings: Settings = serde_json::from_value(value).unwrap();
                tracker.set_settings(settings, now, Berlin).map(|c| {
                    storage.apply(&c);
                    Value::Null
                })
            }
            Op::Prune => {
                storage.apply(&tracker.prune(now, Berlin));
                Ok(Value::Null)
            }
        };
        match answer {
            Err(TrackerError::HistoryNotLoaded) => {
                assert!(!tracker.history_loaded());
                storage.load_history(tracker, now);
            }
            other => return json(&other.map_err(|e| e.to_string())),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A tracker that woke with the recent days only, loading the rest on
    /// demand, answers and stores exactly what one built from everything
    /// does.
    #[test]
    fn a_partial_tracker_behaves_as_a_full_one(
        days in prop::collection::btree_map(0..500u64, 0..1000u64, 0..40),
        retention in prop_oneof![Just(3660u32), 7..400u32],
        ops in prop::collection::vec(op(), 1..12),
    ) {
        let storage = stored(days.into_iter().map(|(back, seed)| (today() - Days::new(back), seed)), retention);
        let mut now = at(8, 0) + 30 * SECOND;
        let (mut a, mut b) = (storage.clone(), storage.clone());
        let mut partial = a.partial(now);
        let mut full = b.full(now);
        for op in &ops {
            if let Op::Beat(s) | Op::Focus(s, _) = op {
                now += Millis::from(*s) * SECOND;
            }
            let x = run(&mut partial, &mut a, op, now);
            let y = run(&mut full, &mut b, op, now);
            prop_assert_eq!(x, y, "{:?}", op);
            prop_assert_eq!(&a, &b);
        }
        prop_assert_eq!(json(&partial.day_view(now, Berlin)), json(&full.day_view(now, Berlin)));
    }
}
