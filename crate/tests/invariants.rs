//! Stored values that break what the core always writes are set aside
//! like unreadable ones, whether read at wake-up or with the history, and
//! never counted into a view: a day whose total is negative or is not the
//! sum of its categories, a category whose sites add up to more than it,
//! two keys naming one day (a second spelling of a day key, or this
//! browser's own day kept as another device's). What the core writes is
//! never set aside.

use chrono::{Days, NaiveDate};
use chrono_tz::Europe::Berlin;
use fairtime::ledger::DayTotals;
use fairtime::settings::Settings;
use fairtime::storage::{self, Source};
use fairtime::sync::totals::Entry;
use fairtime::sync::{peer_key, Prefs};
use fairtime::time::{Millis, MINUTE, SECOND};
use fairtime::tracker::{RuleEdit, Tracker};
use proptest::prelude::*;
use serde_json::{json, Value};

mod common;
use common::{berlin, date, input, Json, Storage};

/// Wednesday 10 June 2026.
fn today() -> NaiveDate {
    date(2026, 6, 10)
}

fn at(h: u32, m: u32) -> Millis {
    berlin(today(), h, m)
}

/// What history.js does with what a read could not use: each value moves
/// to the key the core names, with its reason; then the load's changes.
fn after_read(storage: &mut Storage, tracker: &mut Tracker) {
    for problem in tracker.problems() {
        let value = storage.0.remove(&problem.key).unwrap();
        storage.0.insert(
            problem.moved_to.clone(),
            json!({"reason": problem.message, "value": value}),
        );
    }
    storage.apply(&tracker.load_changes());
}

/// A waking worker, as history.js builds it: reads what the core names
/// until it names nothing more, moving aside what it cannot use.
fn wake(storage: &mut Storage, now: Millis) -> Tracker {
    let mut tracker = Tracker::waking();
    loop {
        let keys = tracker.wake_keys(now, Berlin);
        if keys.is_empty() {
            return tracker;
        }
        let entries: Vec<_> = keys
            .iter()
            .filter_map(|k| Some((k.clone(), Json(storage.0.get(k)?.clone()))))
            .collect();
        tracker.read(entries, now, Berlin);
        after_read(storage, &mut tracker);
    }
}

fn load_history(storage: &mut Storage, tracker: &mut Tracker, now: Millis) {
    let all: Vec<_> = storage
        .0
        .iter()
        .map(|(k, v)| (k.clone(), Json(v.clone())))
        .collect();
    tracker.load_history(all, now);
    after_read(storage, tracker);
}

fn full(storage: &mut Storage, now: Millis) -> Tracker {
    let mut tracker = storage.load_any(now);
    after_read(storage, &mut tracker);
    tracker
}

/// Working around the clock, consent long ago, an index, `days` stored.
fn stored(days: &[(String, Value)]) -> Storage {
    let all = ["00:00-24:00"];
    let mut storage = Storage::default();
    storage.0.insert(
        "settings".into(),
        json!({"v": 2, "d": {
            "schedule": {"hours": {"mon": all, "tue": all, "wed": all, "thu": all, "fri": all, "sat": all, "sun": all}},
            "consent": 0,
        }}),
    );
    storage.0.insert(
        "index".into(),
        json!({"v": 1, "d": {"first": "2026-01-01", "aside": []}}),
    );
    for (key, value) in days {
        storage.0.insert(key.clone(), value.clone());
    }
    storage
}

/// A day as the core stores it: work 10 minutes (github.com 6 of them),
/// news 5.
fn good_day() -> Value {
    json!({"v": 1, "d": {"ms": 15 * MINUTE, "categories": {
        "work": {"ms": 10 * MINUTE, "domains": {"github.com": 6 * MINUTE}},
        "news": {"ms": 5 * MINUTE},
    }}})
}

/// Broken days, each with the reason it gets.
fn broken_days() -> Vec<(&'static str, Value, &'static str)> {
    let m = MINUTE;
    vec![
        (
            "a negative total",
            json!({"v": 1, "d": {"ms": -m, "categories": {}}}),
            "they hold a negative time",
        ),
        (
            "a negative category, the total its sum",
            json!({"v": 1, "d": {"ms": 0, "categories": {"work": {"ms": -m}, "news": {"ms": m}}}}),
            "they hold a negative time",
        ),
        (
            "a negative site",
            json!({"v": 1, "d": {"ms": m, "categories": {"work": {"ms": m, "domains": {"a.com": -m}}}}}),
            "they hold a negative time",
        ),
        (
            "a total above its categories",
            json!({"v": 1, "d": {"ms": 16 * m, "categories": {"work": {"ms": 15 * m}}}}),
            "the day's total is not the sum of its categories",
        ),
        (
            "a total below its categories",
            json!({"v": 1, "d": {"ms": 14 * m, "categories": {"work": {"ms": 15 * m}}}}),
            "the day's total is not the sum of its categories",
        ),
        (
            "a total without categories",
            json!({"v": 1, "d": {"ms": m}}),
            "the day's total is not the sum of its categories",
        ),
        (
            "categories whose sum does not fit",
            json!({"v": 1, "d": {"ms": i64::MAX, "categories": {"a": {"ms": i64::MAX}, "b": {"ms": 1}}}}),
            "the day's total is not the sum of its categories",
        ),
        (
            "sites above their category",
            json!({"v": 1, "d": {"ms": 5 * m, "categories": {"work": {"ms": 5 * m, "domains": {"a.com": 3 * m, "b.com": 3 * m}}}}}),
            "the sites of a category add up to more than the category",
        ),
        (
            "sites whose sum does not fit",
            json!({"v": 1, "d": {"ms": i64::MAX, "categories": {"work": {"ms": i64::MAX, "domains": {"a.com": i64::MAX, "b.com": 1}}}}}),
            "the sites of a category add up to more than the category",
        ),
    ]
}

fn reasons(tracker: &Tracker) -> Vec<String> {
    tracker
        .set_aside()
        .iter()
        .filter_map(|a| a.reason.clone())
        .collect()
}

#[test]
fn a_day_that_breaks_the_invariants_is_set_aside_with_its_reason_and_nothing_lost() {
    for (what, value, reason) in broken_days() {
        let key = "day:2026-06-10".to_owned();
        let mut storage = stored(&[(key.clone(), value.clone())]);
        let tracker = full(&mut storage, at(9, 0));
        assert_eq!(tracker.problems().len(), 1, "{what}");
        let problem = &tracker.problems()[0];
        assert_eq!(problem.key, key, "{what}");
        assert_eq!(
            problem.message,
            format!(
                "Fairtime could not read the stored totals for 2026-06-10 ({reason}) and kept what was stored as it was."
            ),
            "{what}"
        );
        // Not counted: the day is empty until counting begins again.
        assert_eq!(tracker.ledger().day(today()), None, "{what}");
        assert_eq!(
            tracker.day_view(at(9, 0), Berlin).tracked_seconds,
            0,
            "{what}"
        );
        // Kept as it was, where the options page lists it, and named by
        // the index for the next wake-up.
        let aside = &storage.0[&problem.moved_to];
        assert_eq!(aside["value"], value, "{what}");
        let again = storage.load(at(9, 1));
        assert_eq!(again.set_aside().len(), 1);
        assert_eq!(again.set_aside()[0].was, key);
        assert_eq!(reasons(&again), std::slice::from_ref(&problem.message));
        assert_eq!(storage.0["index"]["d"]["aside"], json!([problem.moved_to]));
    }
}

#[test]
fn a_broken_day_read_at_wake_up_is_set_aside_and_not_counted() {
    for (what, value, reason) in broken_days() {
        let yesterday = "day:2026-06-09".to_owned();
        let mut storage = stored(&[
            ("day:2026-06-10".into(), value.clone()),
            (yesterday.clone(), good_day()),
        ]);
        let now = at(9, 0);
        let mut tracker = wake(&mut storage, now);
        assert_eq!(tracker.set_aside().len(), 1, "{what}");
        assert!(reasons(&tracker)[0].contains(reason), "{what}");
        assert_eq!(tracker.day_view(now, Berlin).tracked_seconds, 0, "{what}");
        assert!(!storage.0.contains_key("day:2026-06-10"));
        // Counting goes on into a day of its own; the value set aside stays.
        let focus = input(json!({"type": "focus", "at": now, "url": "https://github.com/"}));
        storage.apply(&tracker.input(&focus, Berlin).unwrap());
        let beat = input(json!({"type": "heartbeat", "at": now + 30 * SECOND}));
        storage.apply(&tracker.input(&beat, Berlin).unwrap());
        assert_eq!(
            tracker.day_view(now + 30 * SECOND, Berlin).tracked_seconds,
            30
        );
        let key = &tracker.set_aside()[0].key;
        assert_eq!(storage.0[key]["value"], value, "{what}");
        // The next wake-up knows it from the index and counts only the new
        // time (and the open segment's 30 seconds since the heartbeat).
        let next = wake(&mut storage, now + MINUTE);
        assert!(next.problems().is_empty());
        assert_eq!(next.set_aside().len(), 1);
        assert_eq!(next.day_view(now + MINUTE, Berlin).tracked_seconds, 60);
        assert!(storage.0.contains_key(&yesterday));
    }
}

#[test]
fn a_broken_day_read_with_the_history_is_set_aside_and_in_no_report() {
    let (_, value, reason) = broken_days().swap_remove(3);
    let old = "day:2026-03-02".to_owned();
    let mut storage = stored(&[(old.clone(), value), ("day:2026-03-03".into(), good_day())]);
    let now = at(9, 0);
    let mut tracker = wake(&mut storage, now);
    assert!(tracker.set_aside().is_empty());
    load_history(&mut storage, &mut tracker, now);
    assert_eq!(tracker.set_aside().len(), 1);
    assert_eq!(tracker.set_aside()[0].was, old);
    assert!(reasons(&tracker)[0].contains(reason));
    let csv = tracker.export_csv().unwrap();
    assert!(
        !csv.contains("2026-03-02") && csv.contains("2026-03-03"),
        "{csv}"
    );
    let export = serde_json::to_value(tracker.export_document(now).unwrap()).unwrap();
    assert!(export["days"].get("2026-03-02").is_none());
    // A tracker built from everything at once agrees.
    let mut again = stored(&[
        (old, broken_days().swap_remove(3).1),
        ("day:2026-03-03".into(), good_day()),
    ]);
    let whole = full(&mut again, now);
    assert_eq!(whole.ledger(), tracker.ledger());
}

// ---- two keys, one day ----

/// Other spellings `storage::parse_day_key` reads as 2026-06-10: it trims
/// white space, and nothing else reads two ways (the date is exactly four,
/// two and two digits).
fn other_spellings() -> Vec<String> {
    [
        "day: 2026-06-10",
        "day:2026-06-10 ",
        "day:\t2026-06-10\n",
        "day:\u{3000}2026-06-10",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn a_second_spelling_of_a_day_key_is_set_aside_not_read_over_the_first() {
    for other in other_spellings() {
        assert_eq!(storage::parse_day_key(&other), Some(today()), "{other:?}");
        let twice =
            json!({"v": 1, "d": {"ms": 60 * MINUTE, "categories": {"work": {"ms": 60 * MINUTE}}}});
        let mut storage = stored(&[
            ("day:2026-06-10".into(), good_day()),
            (other.clone(), twice.clone()),
        ]);
        let tracker = full(&mut storage, at(9, 0));
        assert_eq!(tracker.problems().len(), 1, "{other:?}");
        assert_eq!(tracker.problems()[0].key, other);
        assert!(tracker.problems()[0].message.contains(
            "they are stored under a name Fairtime never gives a day, so another value may hold the same day"
        ));
        assert_eq!(tracker.day_view(at(9, 0), Berlin).tracked_seconds, 15 * 60);
        assert_eq!(storage.0[&tracker.problems()[0].moved_to]["value"], twice);
        // Alone, too: a day Fairtime would never find under its own key.
        let mut alone = stored(&[(other.clone(), good_day())]);
        let tracker = full(&mut alone, at(9, 0));
        assert_eq!(tracker.problems().len(), 1, "{other:?}");
        assert_eq!(tracker.day_view(at(9, 0), Berlin).tracked_seconds, 0);
    }
}

#[test]
fn a_second_spelling_of_a_day_read_at_wake_up_is_set_aside_with_the_history() {
    // A wake-up reads only the keys it names, so the other spelling waits
    // for the history, which must not skip it for its date being read.
    let other = "day: 2026-06-10".to_owned();
    let mut storage = stored(&[
        ("day:2026-06-10".into(), good_day()),
        (other.clone(), good_day()),
    ]);
    let now = at(9, 0);
    let mut tracker = wake(&mut storage, now);
    assert!(tracker.set_aside().is_empty());
    assert_eq!(tracker.day_view(now, Berlin).tracked_seconds, 15 * 60);
    load_history(&mut storage, &mut tracker, now);
    assert_eq!(tracker.set_aside().len(), 1);
    assert_eq!(tracker.set_aside()[0].was, other);
    assert_eq!(tracker.day_view(now, Berlin).tracked_seconds, 15 * 60);
}

/// A sync state with device id `me` and another device `them`, as
/// `set_sync` stores it.
fn with_sync(storage: &mut Storage) {
    let mut tracker = storage.load(at(8, 0));
    let prefs = Prefs {
        on: true,
        ..Prefs::default()
    };
    storage.apply(&tracker.set_sync(prefs, "me", "This browser", at(8, 0)));
}

fn peer_text(device: &str, day: DayTotals) -> Value {
    let entry = Entry {
        device: device.to_owned(),
        date: today(),
        version: 7,
        day,
    };
    json!({"v": 1, "d": entry.stored()})
}

fn minutes(work: i64) -> DayTotals {
    serde_json::from_value(
        json!({"ms": work * MINUTE, "categories": {"work": {"ms": work * MINUTE}}}),
    )
    .unwrap()
}

#[test]
fn this_browsers_own_day_kept_as_another_devices_is_set_aside() {
    let mut storage = stored(&[("day:2026-06-10".into(), good_day())]);
    with_sync(&mut storage);
    assert!(storage.0["sync"]["d"].as_str().unwrap().starts_with("me\n"));
    // `peer:` comes before `sync` in key order: read first, yet checked.
    storage
        .0
        .insert(peer_key("me", today()), peer_text("me", minutes(15)));
    storage
        .0
        .insert(peer_key("them", today()), peer_text("them", minutes(20)));
    let tracker = full(&mut storage, at(9, 0));
    assert_eq!(tracker.problems().len(), 1);
    assert_eq!(tracker.problems()[0].key, "peer:me:2026-06-10");
    assert!(tracker.problems()[0].message.contains(
        "they are this browser's own, stored as another device's, so they would count twice"
    ));
    assert_eq!(tracker.day_view(at(9, 0), Berlin).tracked_seconds, 35 * 60);
}

#[test]
fn another_devices_day_is_checked_as_this_ones() {
    let mut storage = stored(&[]);
    with_sync(&mut storage);
    // Its text has no total: the sum of its categories is, by
    // construction. What can still break: sites above their category,
    // a name twice (its time would count in the total, not the map), a
    // second spelling of the key, a device id Fairtime never gives.
    let over: DayTotals = serde_json::from_value(
        json!({"ms": MINUTE, "categories": {"work": {"ms": MINUTE, "domains": {"a.com": 2 * MINUTE}}}}),
    )
    .unwrap();
    let cases = [
        (
            peer_key("them", today()),
            peer_text("them", over),
            "the sites of a category add up to more than the category",
        ),
        (
            peer_key("them", today()),
            json!({"v": 1, "d": "7/work=1,work=2"}),
            "7/work=1,work=2",
        ),
        (
            peer_key("them", today()),
            json!({"v": 1, "d": "7/work=3+a.com=1+a.com=2"}),
            "7/work=3+a.com=1+a.com=2",
        ),
        (
            "peer:them: 2026-06-10".to_owned(),
            peer_text("them", minutes(3)),
            "never gives a day",
        ),
        (
            peer_key("Them", today()),
            peer_text("Them", minutes(3)),
            "never gives a day",
        ),
    ];
    for (key, value, reason) in cases {
        let mut storage = storage.clone();
        storage.0.insert(key.clone(), value.clone());
        let tracker = full(&mut storage, at(9, 0));
        assert_eq!(tracker.problems().len(), 1, "{key}: {value}");
        assert!(
            tracker.problems()[0].message.contains(reason),
            "{}",
            tracker.problems()[0].message
        );
        assert_eq!(
            tracker.day_view(at(9, 0), Berlin).tracked_seconds,
            0,
            "{key}: {value}"
        );
        assert_eq!(storage.0[&tracker.problems()[0].moved_to]["value"], value);
    }
}

proptest! {
    /// A day key reads back as its date and as nothing else: two
    /// spellings of one day are possible only through white space, which
    /// the tracker sets aside.
    #[test]
    fn a_day_has_one_key(days in 0i32..3_652_059, other in 0i32..3_652_059) {
        let d = NaiveDate::from_num_days_from_ce_opt(days + 1).unwrap();
        let e = NaiveDate::from_num_days_from_ce_opt(other + 1).unwrap();
        prop_assert_eq!(storage::parse_day_key(&storage::day_key(d)), Some(d));
        prop_assert_eq!(storage::day_key(d) == storage::day_key(e), d == e);
        prop_assert_eq!(peer_key("a1", d) == peer_key("a1", e), d == e);
    }

    /// Any key read as a day is either its date's own key or set aside.
    #[test]
    fn every_other_spelling_is_set_aside(
        before in "[ \t\n\u{3000}0]{0,2}",
        digits in "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        after in "[ \t\n\u{3000}x]{0,2}",
    ) {
        let key = format!("day:{before}{digits}{after}");
        let peer = format!("peer:a1:{before}{digits}{after}");
        let Some(d) = storage::parse_day_key(&key) else { return Ok(()) };
        prop_assert_eq!(storage::date_spelled_out(&key), key == storage::day_key(d));
        prop_assert_eq!(storage::date_spelled_out(&peer), peer == peer_key("a1", d));
        let mut storage = stored(&[(key.clone(), good_day())]);
        let tracker = full(&mut storage, at(9, 0));
        if key == storage::day_key(d) {
            prop_assert!(tracker.problems().is_empty());
            prop_assert!(tracker.ledger().day(d).is_some());
        } else {
            prop_assert_eq!(tracker.problems().len(), 1);
            prop_assert!(tracker.ledger().day(d).is_none());
        }
    }
}

// ---- what the core writes is never set aside ----

const SITES: [&str; 5] = [
    "github.com",
    "docs.google.com",
    "www.nytimes.com",
    "www.youtube.com",
    "en.wikipedia.org",
];

#[derive(Debug, Clone)]
enum Op {
    Focus(u16, usize),
    Beat(u16),
    Idle(u16),
    Active(u16),
    FileSite(usize, usize),
    CategoryOnly(bool),
    Exclude(usize),
    Midnight,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1..900u16, 0..SITES.len()).prop_map(|(s, i)| Op::Focus(s, i)),
        4 => (1..60u16).prop_map(Op::Beat),
        1 => (1..600u16).prop_map(Op::Idle),
        1 => (1..600u16).prop_map(Op::Active),
        1 => (0..SITES.len(), 0..3usize).prop_map(|(i, c)| Op::FileSite(i, c)),
        1 => any::<bool>().prop_map(Op::CategoryOnly),
        1 => (0..SITES.len()).prop_map(Op::Exclude),
        1 => Just(Op::Midnight),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Days the core wrote, through counting, re-filing, category-only
    /// mode and exclusions, are read back whole, at wake-up and with the
    /// history, with nothing set aside.
    #[test]
    fn no_day_the_core_wrote_is_set_aside(ops in prop::collection::vec(op(), 1..40)) {
        let mut storage = stored(&[]);
        let mut tracker = storage.load(at(8, 0));
        storage.apply(&tracker.load_changes());
        let mut now = at(8, 0);
        let focus = input(json!({"type": "focus", "at": now, "url": "https://github.com/"}));
        storage.apply(&tracker.input(&focus, Berlin).unwrap());
        let category = ["work", "news", "uncategorized"];
        for op in &ops {
            let step = |s: &u16| Millis::from(*s) * SECOND;
            let changes = match op {
                Op::Focus(s, i) => {
                    now += step(s);
                    let url = format!("https://{}/", SITES[*i]);
                    tracker.input(&input(json!({"type": "focus", "at": now, "url": url})), Berlin)
                }
                Op::Beat(s) => {
                    now += step(s);
                    tracker.input(&input(json!({"type": "heartbeat", "at": now})), Berlin)
                }
                Op::Idle(s) => {
                    now += step(s);
                    tracker.input(&input(json!({"type": "idle", "at": now})), Berlin)
                }
                Op::Active(s) => {
                    now += step(s);
                    tracker.input(&input(json!({"type": "active", "at": now})), Berlin)
                }
                Op::FileSite(i, c) => {
                    let id = tracker.rules().categories().iter()
                        .find(|k| k.id.as_str().contains(category[*c]))
                        .or_else(|| tracker.rules().categories().first())
                        .map(|k| k.id.as_str().to_owned())
                        .unwrap();
                    let edit: RuleEdit = serde_json::from_value(
                        json!({"op": "file_site", "domain": SITES[*i], "category": id}),
                    ).unwrap();
                    tracker.edit_rules(edit, now, Berlin)
                }
                Op::CategoryOnly(on) => {
                    let mut value = serde_json::to_value(tracker.settings()).unwrap();
                    value["category_only"] = json!(on);
                    let settings: Settings = serde_json::from_value(value).unwrap();
                    tracker.set_settings(settings, now, Berlin)
                }
                Op::Exclude(i) => {
                    let mut value = serde_json::to_value(tracker.settings()).unwrap();
                    value["excluded"] = json!([SITES[*i]]);
                    let settings: Settings = serde_json::from_value(value).unwrap();
                    tracker.set_settings(settings, now, Berlin)
                }
                Op::Midnight => {
                    // Across midnight while counting.
                    let day = chrono::DateTime::from_timestamp_millis(now).unwrap().date_naive();
                    now = berlin(day + Days::new(1), 0, 0) - 20 * SECOND;
                    let beat = tracker.input(&input(json!({"type": "heartbeat", "at": now})), Berlin);
                    storage.apply(&beat.unwrap());
                    now += 40 * SECOND;
                    tracker.input(&input(json!({"type": "heartbeat", "at": now})), Berlin)
                }
            };
            storage.apply(&changes.unwrap());
        }
        let mut days = 0;
        for (key, value) in &storage.0 {
            if let Some(d) = storage::parse_day_key(key) {
                days += 1;
                prop_assert_eq!(key, &storage::day_key(d));
                let day: DayTotals = Json(value.clone()).read_payload().unwrap();
                prop_assert_eq!(fairtime::invariants::day_problem(&day), None, "{}: {}", key, value);
            }
        }
        let counted = tracker.ledger().days(..).count();
        prop_assert_eq!(days, counted);
        let whole = storage.load(now);
        prop_assert_eq!(whole.ledger().totals.clone(), tracker.ledger().totals.clone());
        let mut waking = storage.clone();
        let mut partial = wake(&mut waking, now);
        prop_assert!(partial.set_aside().is_empty());
        load_history(&mut waking, &mut partial, now);
        prop_assert!(partial.set_aside().is_empty());
        prop_assert_eq!(waking, storage);
    }
}

#[test]
fn a_merged_export_with_a_day_that_does_not_add_up_is_refused_whole() {
    use fairtime::sync::codec;
    use fairtime::sync::{DeviceName, MergeFile};
    let mut storage = stored(&[]);
    let mut tracker = full(&mut storage, at(9, 0));
    let file = |day: &str| MergeFile {
        device: DeviceName {
            id: "them".into(),
            name: "Laptop".into(),
        },
        totals: vec![(
            "them".into(),
            vec![codec::chunk(7, today(), &["work=1000".into(), day.into()])],
        )],
    };
    let good = tracker
        .preview_merge(&file("news=2000+a.com=1000"))
        .unwrap();
    assert_eq!(good.days, 2);
    for bad in [
        "news=1000+a.com=2000",
        "news=1,news=2",
        "news=9+a.com=1+a.com=2",
    ] {
        let refused = tracker.preview_merge(&file(bad));
        assert!(refused.is_err(), "{bad}");
        assert!(tracker.apply_merge(&file(bad)).is_err(), "{bad}");
    }
    assert_eq!(tracker.day_view(at(9, 0), Berlin).tracked_seconds, 0);
}

#[test]
fn a_day_stored_in_the_year_1_is_pruned_a_bounded_number_of_keys_at_a_time() {
    // The index says days may be stored from 0001-01-01 on: retention
    // would name every key from there, 739,000 of them, in one wake-up.
    let mut storage = stored(&[
        ("day:0001-01-01".into(), good_day()),
        ("day:2026-06-09".into(), good_day()),
    ]);
    storage.0.insert(
        "index".into(),
        json!({"v": 1, "d": {"first": "0001-01-01", "aside": []}}),
    );
    let mut settings = storage.0["settings"].clone();
    settings["d"]["retention_days"] = json!(30);
    storage.0.insert("settings".into(), settings);
    let now = at(9, 0);
    let mut rounds = 0;
    while storage.0["index"]["d"]["first"] != json!("2026-05-12") {
        let mut tracker = wake(&mut storage, now);
        let changes = tracker.prune(now, Berlin);
        assert!(changes.remove.len() <= 3660, "{}", changes.remove.len());
        storage.apply(&changes);
        rounds += 1;
        assert!(rounds <= 203, "{rounds}");
    }
    assert!(!storage.0.contains_key("day:0001-01-01"));
    assert!(storage.0.contains_key("day:2026-06-09"));
    assert_eq!(rounds, 203);
}
