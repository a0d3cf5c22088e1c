//! The data log through the tracker: each action on the person's data or
//! settings leaves one entry of its kind, the log never names a site, a
//! category or a time counted, keeps the last 500 entries, survives a
//! reload, is exported and never imported.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Berlin;
use fairtime::datalog::{Kind, MAX_ENTRIES};
use fairtime::exchange::ImportFile;
use fairtime::settings::Settings;
use fairtime::time::{Millis, MINUTE};
use fairtime::tracker::{ExportKind, RuleEdit, Tracker};
use proptest::prelude::*;
use serde_json::{json, Value};

mod common;
use common::{input, Storage};

/// Wednesday 10 June 2026, `h:m` Berlin time.
fn at(h: u32, m: u32) -> Millis {
    let date = NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
    Berlin
        .from_local_datetime(&date.and_hms_opt(h, m, 0).unwrap())
        .single()
        .unwrap()
        .timestamp_millis()
}

fn settings(tracker: &Tracker, fields: Value) -> Settings {
    let mut value = serde_json::to_value(tracker.settings()).unwrap();
    for (k, v) in fields.as_object().unwrap() {
        value[k] = v.clone();
    }
    serde_json::from_value(value).unwrap()
}

fn edit(value: Value) -> RuleEdit {
    serde_json::from_value(value).unwrap()
}

fn kinds(tracker: &Tracker) -> Vec<Kind> {
    tracker
        .data_log()
        .entries()
        .iter()
        .map(|e| e.kind)
        .collect()
}

const SITE: &str = "secret-client.example";
const CATEGORY: &str = "Project Nightingale";

/// A person's first day: consent, an hour on a site, and every kind of
/// change to settings and rules, each a minute apart.
fn a_busy_day() -> (Tracker, Storage) {
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    let mut minute = 0;
    let mut next = || {
        minute += 1;
        at(9, 0) + minute * MINUTE
    };
    storage.apply(&tracker.give_consent(at(9, 0), Berlin));
    let url = format!("https://{SITE}/SECRETPATH");
    storage.apply(
        &tracker
            .input(
                &input(json!({"type": "focus", "at": at(9, 0), "url": url})),
                Berlin,
            )
            .unwrap(),
    );
    storage.apply(&tracker.settle(at(10, 0), Berlin).unwrap());
    let hours = json!({"hours": {"mon": ["09:00-12:00", "13:00-24:00"]}});
    for fields in [
        json!({"schedule": hours}),
        json!({"idle_seconds": 300}),
        json!({"retention_days": 30}),
        json!({"excluded": [SITE, "bank.example"]}),
        json!({"excluded": ["bank.example"]}),
        json!({"category_only": true}),
        json!({"category_only": false}),
    ] {
        let s = settings(&tracker, fields);
        storage.apply(&tracker.set_settings(s, next(), Berlin).unwrap());
    }
    let mut category = String::new();
    for op in [
        json!({"op": "add_category", "name": CATEGORY, "colour": "#123456", "work": true}),
        json!({"op": "rename_category", "id": "$new", "name": "Nightingale II"}),
        json!({"op": "recolour_category", "id": "$new", "colour": "#654321"}),
        json!({"op": "set_category_work", "id": "$new", "work": false}),
        json!({"op": "add_rule", "pattern": SITE, "category": "$new"}),
        json!({"op": "edit_rule", "pattern": SITE, "new_pattern": "*.secret-client.example", "category": "$new"}),
        json!({"op": "delete_rule", "pattern": "*.secret-client.example"}),
        json!({"op": "delete_category", "id": "$new", "move_rules_to": null}),
        json!({"op": "restore_defaults"}),
    ] {
        let op = serde_json::to_string(&op)
            .unwrap()
            .replace("$new", &category);
        let changes = tracker
            .edit_rules(edit(serde_json::from_str(&op).unwrap()), next(), Berlin)
            .unwrap();
        storage.apply(&changes);
        if category.is_empty() {
            let book = serde_json::to_value(tracker.rules()).unwrap();
            category = book["categories"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == CATEGORY)
                .unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned();
        }
    }
    storage.apply(&tracker.record_export(ExportKind::Json, next()));
    storage.apply(&tracker.record_export(ExportKind::Csv, next()));
    let file = serde_json::to_value(tracker.export_document(next()).unwrap()).unwrap();
    let import: ImportFile = serde_json::from_value(file).unwrap();
    storage.apply(
        &tracker
            .apply_import(import.check().unwrap(), next(), Berlin)
            .unwrap(),
    );
    storage.apply(&tracker.withdraw_consent(next(), Berlin).unwrap());
    (tracker, storage)
}

#[test]
fn each_action_leaves_its_entry_in_order() {
    let (tracker, _) = a_busy_day();
    use Kind::*;
    assert_eq!(
        kinds(&tracker),
        [
            ConsentGiven,
            ScheduleChanged,
            AwayTimeChanged,
            RetentionChanged,
            ExclusionAdded,
            ExclusionAdded,
            ExclusionRemoved,
            CategoryOnlyOn,
            CategoryOnlyOff,
            CategoryAdded,
            CategoryRenamed,
            CategoryRecoloured,
            CategoryWorkChanged,
            RuleAdded,
            RuleEdited,
            RuleDeleted,
            CategoryDeleted,
            DefaultsRestored,
            ExportedJson,
            ExportedCsv,
            ImportApplied,
            ConsentWithdrawn,
        ]
    );
    let instants: Vec<Millis> = tracker.data_log().entries().iter().map(|e| e.at).collect();
    assert_eq!(instants[0], at(9, 0));
    assert!(instants.windows(2).all(|w| w[0] <= w[1]), "{instants:?}");
}

#[test]
fn the_log_names_no_site_no_category_and_no_time_counted() {
    let (tracker, storage) = a_busy_day();
    let stored = &storage.0["datalog"];
    assert_eq!(stored["v"], 1);
    let exported = serde_json::to_value(tracker.export_document(at(18, 0)).unwrap()).unwrap();
    for log in [&stored["d"], &exported["data_log"]] {
        let text = log.to_string();
        for secret in [
            SITE,
            "secret-client",
            "bank.example",
            CATEGORY,
            "Nightingale",
            "SECRETPATH",
            "3600",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        for entry in log.as_array().unwrap() {
            let fields: Vec<&str> = entry
                .as_object()
                .unwrap()
                .keys()
                .map(|k| k.as_str())
                .collect();
            assert_eq!(fields, ["at", "kind"], "{entry}");
            assert!(entry["kind"].is_string());
        }
    }
    assert_eq!(exported["data_log"], stored["d"]);
}

#[test]
fn the_log_survives_a_reload() {
    let (tracker, storage) = a_busy_day();
    let mut again = storage.load_any(at(18, 0));
    assert!(again.problems().is_empty(), "{:?}", again.problems());
    assert_eq!(again.data_log(), tracker.data_log());
    assert!(
        again.load_changes().is_empty(),
        "nothing to write after a clean load"
    );
}

#[test]
fn unchanged_settings_and_refused_edits_log_nothing() {
    let (mut tracker, _) = a_busy_day();
    let before = tracker.data_log().clone();
    let same = tracker.settings().clone();
    let changes = tracker.set_settings(same, at(18, 0), Berlin).unwrap();
    assert!(changes.set.get("datalog").is_none());
    assert!(tracker
        .edit_rules(
            edit(json!({"op": "delete_rule", "pattern": "nowhere.example"})),
            at(18, 1),
            Berlin
        )
        .is_err());
    // Consent already withdrawn: withdrawing again changes nothing.
    assert!(tracker
        .withdraw_consent(at(18, 2), Berlin)
        .unwrap()
        .is_empty());
    assert_eq!(tracker.data_log(), &before);
}

#[test]
fn deleting_everything_leaves_one_entry_saying_so() {
    let (mut tracker, mut storage) = a_busy_day();
    storage.apply(&tracker.forget_everything(at(18, 0)).unwrap());
    assert_eq!(storage.0.keys().collect::<Vec<_>>(), ["datalog"]);
    assert_eq!(
        storage.0["datalog"]["d"],
        json!([{"at": at(18, 0), "kind": "everything_deleted"}])
    );
    assert_eq!(
        kinds(&storage.load_any(at(18, 1))),
        [Kind::EverythingDeleted]
    );
}

#[test]
fn values_set_aside_and_deleted_are_logged() {
    let (_, mut storage) = a_busy_day();
    storage.0.insert("settings".into(), json!("garbage"));
    storage.0.insert("rules".into(), json!({"v": 99, "d": {}}));
    let now = at(18, 0);
    let mut tracker = storage.load_any(now);
    assert_eq!(tracker.problems().len(), 2);
    let log = kinds(&tracker);
    assert_eq!(
        log[log.len() - 2..],
        [Kind::ValueSetAside, Kind::ValueSetAside]
    );
    // The worker writes the log once it has moved the values aside.
    let changes = tracker.load_changes();
    assert!(changes.set.get("datalog").is_some());
    storage.apply(&changes);
    let key = tracker.set_aside()[0].key.clone();
    storage.apply(&tracker.discard_set_aside(&key, at(18, 5)));
    assert_eq!(kinds(&tracker).last(), Some(&Kind::SetAsideDeleted));
    assert_eq!(tracker.data_log().entries().last().unwrap().at, at(18, 5));
}

#[test]
fn an_unreadable_log_is_set_aside_and_a_new_one_begins() {
    let (_, mut storage) = a_busy_day();
    storage.0.insert(
        "datalog".into(),
        json!({"v": 1, "d": [{"at": 1, "kind": "made_up"}]}),
    );
    let tracker = storage.load_any(at(18, 0));
    let problems = tracker.problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].key, "datalog");
    assert!(
        problems[0]
            .message
            .starts_with("Fairtime could not read the stored data log"),
        "{}",
        problems[0].message
    );
    assert_eq!(kinds(&tracker), [Kind::ValueSetAside]);
    // The rest loaded as it was.
    assert_eq!(tracker.settings().retention_days(), 30);
}

#[test]
fn an_import_ignores_the_log_in_the_file() {
    let (mut tracker, _) = a_busy_day();
    let mut file = serde_json::to_value(tracker.export_document(at(18, 0)).unwrap()).unwrap();
    file["data_log"] = json!([{"at": 1, "kind": "everything_deleted"}, "not even an entry"]);
    let import: ImportFile = serde_json::from_value(file).unwrap();
    let before = tracker.data_log().entries().len();
    tracker
        .apply_import(import.check().unwrap(), at(18, 1), Berlin)
        .unwrap();
    let entries = tracker.data_log().entries();
    assert_eq!(entries.len(), before + 1);
    assert_eq!(entries.last().unwrap().kind, Kind::ImportApplied);
    assert!(entries.iter().all(|e| e.at != 1));
}

#[test]
fn the_log_keeps_the_last_500_entries_through_storage() {
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    storage.apply(&tracker.give_consent(at(8, 0), Berlin));
    for i in 0..(MAX_ENTRIES as Millis + 50) {
        let s = settings(&tracker, json!({"retention_days": 1 + (i % 2) * 10}));
        storage.apply(&tracker.set_settings(s, at(9, 0) + i, Berlin).unwrap());
    }
    let again = storage.load_any(at(18, 0));
    let entries = again.data_log().entries();
    assert_eq!(entries.len(), MAX_ENTRIES);
    assert_eq!(
        entries.last().unwrap().at,
        at(9, 0) + MAX_ENTRIES as Millis + 49
    );
    assert_eq!(entries[0].at, at(9, 0) + 50);
    assert!(entries.iter().all(|e| e.kind == Kind::RetentionChanged));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the order of changes, the log is bounded, ordered as they
    /// happened, and holds only kinds and instants.
    #[test]
    fn the_log_is_bounded_and_in_order(steps in prop::collection::vec(0u8..6, 0..700)) {
        let mut tracker = Tracker::default();
        tracker.give_consent(at(8, 0), Berlin);
        for (i, step) in steps.iter().enumerate() {
            let when = at(9, 0) + i as Millis;
            match step {
                0 => { tracker.record_export(ExportKind::Json, when); }
                1 => {
                    let s = settings(&tracker, json!({"retention_days": 2 + i as u32 % 300}));
                    tracker.set_settings(s, when, Berlin).unwrap();
                }
                2 => {
                    let host = format!("site-{i}.example");
                    let s = settings(&tracker, json!({"excluded": [host]}));
                    tracker.set_settings(s, when, Berlin).unwrap();
                }
                3 => { tracker.withdraw_consent(when, Berlin).unwrap(); }
                4 => { tracker.give_consent(when, Berlin); }
                _ => { tracker.record_export(ExportKind::Csv, when); }
            }
        }
        let entries = tracker.data_log().entries();
        prop_assert!(entries.len() <= MAX_ENTRIES);
        prop_assert!(entries.windows(2).all(|w| w[0].at <= w[1].at));
        let text = serde_json::to_string(tracker.data_log()).unwrap();
        prop_assert!(!text.contains("site-"));
    }
}
