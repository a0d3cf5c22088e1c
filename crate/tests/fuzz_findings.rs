//! What the fuzz targets (crate/fuzz) found, each kept as a test of the
//! behaviour it broke. Host parsing findings are in domain_oracle.rs.

mod common;

use chrono_tz::Europe::Berlin;
use common::{berlin, date, input, Storage};
use fairtime::sync::Prefs;
use fairtime::time::{Millis, HOUR};
use fairtime::tracker::Tracker;
use serde_json::json;

fn total(tracker: &Tracker) -> Millis {
    tracker.ledger().days(..).map(|(_, d)| d.ms).sum()
}

/// `events`: consent given at 08:50, then the clock set back to the day
/// before, inside its working hours: the 257 ms between two focus events
/// were counted into a day before consent.
#[test]
fn a_clock_set_back_before_consent_counts_nothing_before_it() {
    let consent = berlin(date(2026, 6, 10), 8, 50);
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    storage.apply(&tracker.give_consent(consent, Berlin));
    let back = consent - 18 * HOUR - 37 * 60_000;
    for at in [back, back + 257, back + 514] {
        let focus = input(json!({"type": "focus", "at": at, "url": "https://mail.google.com/"}));
        storage.apply(&tracker.input(&focus, Berlin).unwrap());
    }
    assert_eq!(total(&tracker), 0);
    assert!(tracker.ledger().day(date(2026, 6, 9)).is_none());
    // Once the clock is right again, counting goes on as usual.
    let later = consent + HOUR;
    for at in [later, later + 30_000] {
        let focus = input(json!({"type": "focus", "at": at, "url": "https://mail.google.com/"}));
        storage.apply(&tracker.input(&focus, Berlin).unwrap());
    }
    assert_eq!(total(&tracker), 30_000);
    assert_eq!(storage.load(later + 30_000).ledger(), tracker.ledger());
}

/// `sync`: another program's storage.sync key with spaces in it, and a
/// device name with a line break, made the stored sync state unreadable:
/// the next worker set it aside (and with it this device's sync).
#[test]
fn odd_keys_and_device_names_received_keep_the_sync_state_readable() {
    let at = berlin(date(2026, 6, 10), 9, 0);
    let mut storage = Storage::default();
    let mut tracker = storage.load(at);
    storage.apply(&tracker.give_consent(at, Berlin));
    let prefs = Prefs {
        on: true,
        domains: false,
        own_hours: false,
        name: String::new(),
    };
    storage.apply(&tracker.set_sync(prefs, "aaaaaaaaaaaaaaaa", "Browser", at));
    let items = [
        ("s:    J\u{e}=x".to_owned(), Some("1|2".to_owned())),
        ("s:a b".to_owned(), Some("x".to_owned())),
        (
            "t:bbbbbbbbbbbbbbbb".to_owned(),
            Some("mq7st2tc/1/45/Chro\nmium".to_owned()),
        ),
    ];
    storage.apply(&tracker.sync_receive(&items, at + HOUR, Berlin).unwrap());
    let reloaded = storage.load(at + HOUR);
    assert_eq!(reloaded.sync_state(), tracker.sync_state());
    let names: Vec<_> = tracker
        .sync_state()
        .devices
        .iter()
        .map(|d| d.1.as_str())
        .collect();
    assert_eq!(names, ["Chro mium"]);
}

/// `events`: time counted on a Thursday, then the clock set back a week
/// and the working hours removed. The new schedule was taken to hold from
/// the week before, so the Thursday showed its 10 s of 0 s scheduled; it
/// holds from the last counted instant instead, and earlier days say their
/// schedule is not known.
#[test]
fn a_schedule_changed_with_the_clock_set_back_holds_from_what_was_counted() {
    let consent = berlin(date(2026, 6, 10), 8, 50);
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    storage.apply(&tracker.give_consent(consent, Berlin));
    let thursday = berlin(date(2026, 6, 11), 10, 0);
    for at in [thursday, thursday + 10_000] {
        let focus = input(json!({"type": "focus", "at": at, "url": "https://mail.google.com/"}));
        storage.apply(&tracker.input(&focus, Berlin).unwrap());
    }
    let mut settings = serde_json::to_value(tracker.settings()).unwrap();
    settings["schedule"] = json!({"hours": {}});
    let settings = serde_json::from_value(settings).unwrap();
    let back = berlin(date(2026, 6, 4), 10, 0);
    storage.apply(&tracker.set_settings(settings, back, Berlin).unwrap());
    assert_eq!(tracker.settings().schedule_since(), Some(thursday + 10_000));
    let report = tracker
        .report(date(2026, 6, 10), 1, thursday + HOUR, Berlin)
        .unwrap();
    assert_eq!(report.days[0].scheduled_seconds, None, "{report:?}");
    assert_eq!(storage.load(thursday).settings(), tracker.settings());
}
