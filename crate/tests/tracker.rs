//! The tracker end to end, through its public API, with inputs, settings,
//! rule edits and stored values built from JSON exactly as the extension
//! sends and stores them.

use std::collections::BTreeMap;

use chrono::{Datelike, FixedOffset, NaiveDate, Weekday};
use chrono_tz::Europe::Berlin;
use fairtime::ledger::{BLINK, DEFAULT_MAX_GAP};
use fairtime::time::{Millis, HOUR, MINUTE, SECOND};
use fairtime::tracker::{Input, RuleEdit, Tracker, TrackerError};
use proptest::prelude::*;
use serde_json::{json, Value};

mod common;
use common::{berlin, date, input, Json, Storage};

// ---------------------------------------------------------------------------
// Helpers: storage, times, inputs.

/// Wednesday 10 June 2026, in summer time (UTC+2).
fn day() -> NaiveDate {
    date(2026, 6, 10)
}

/// `h:m` Berlin time on [`day`].
fn at(h: u32, m: u32) -> Millis {
    berlin(day(), h, m)
}

fn focus(at: Millis, url: &str) -> Input {
    input(json!({"type": "focus", "at": at, "url": url}))
}

fn event(kind: &str, at: Millis) -> Input {
    input(json!({"type": kind, "at": at}))
}

fn pause(at: Millis, minutes: Option<u32>) -> Input {
    match minutes {
        Some(m) => input(json!({"type": "pause", "at": at, "minutes": m})),
        None => input(json!({"type": "pause", "at": at})),
    }
}

fn edit(value: Value) -> RuleEdit {
    serde_json::from_value(value).unwrap()
}

/// Default settings with some fields replaced, as the options page sends
/// them.
fn settings_with(fields: Value) -> fairtime::settings::Settings {
    let mut value = serde_json::to_value(fairtime::settings::Settings::default()).unwrap();
    for (k, v) in fields.as_object().unwrap() {
        value[k] = v.clone();
    }
    serde_json::from_value(value).unwrap()
}

/// A tracker with consent given at `at`.
fn consenting(at: Millis) -> (Tracker, Storage) {
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    storage.apply(&tracker.give_consent(at, Berlin));
    (tracker, storage)
}

/// Feeds inputs, writing the changes to storage.
fn feed(tracker: &mut Tracker, storage: &mut Storage, inputs: &[Input]) {
    for i in inputs {
        storage.apply(&tracker.input(i, Berlin).unwrap());
    }
}

/// A heartbeat every minute in `(from, to]`.
fn heartbeats(from: Millis, to: Millis) -> Vec<Input> {
    (1..)
        .map(|i| from + i * MINUTE)
        .take_while(|t| *t <= to)
        .map(|t| event("heartbeat", t))
        .collect()
}

fn seconds_of(view: &fairtime::tracker::DayView, category: &str) -> u64 {
    view.categories
        .iter()
        .find(|c| c.id == category)
        .map_or(0, |c| c.seconds)
}

fn domain_seconds(view: &fairtime::tracker::DayView, domain: &str) -> u64 {
    view.top_domains
        .iter()
        .find(|d| d.domain == domain)
        .map_or(0, |d| d.seconds)
}

const DOCS: &str =
    "https://docs.google.com/document/d/SECRETPATH/edit?usp=SECRETQUERY#heading=SECRETFRAG";
const MAIL: &str = "https://mail.google.com/mail/u/0/#inbox/SECRETFRAG";
const NEWS: &str = "https://www.nytimes.com/2026/06/10/world/SECRETPATH.html?smid=SECRETQUERY";
const UNKNOWN: &str = "https://user:SECRETPW@tiny-vendor.example:8443/SECRETPATH?q=SECRETQUERY";
const BROWSER: &str = "chrome://settings/SECRETPATH";

// ---------------------------------------------------------------------------
// The scripted working day.

/// What the browser reports on [`day`]: browser open 08:30–17:30 with a
/// heartbeat every minute, and in local time:
///
/// | from  | to    | in front                 | counted (09–12, 13–17)   |
/// |-------|-------|--------------------------|--------------------------|
/// | 08:30 | 09:40 | docs.google.com          | 09:00–09:40 work         |
/// | 09:40 | 10:10 | mail.google.com          | 30 min communication     |
/// | 10:10 | 10:25 | www.nytimes.com          | 15 min news              |
/// | 10:25 | 10:40 | tiny-vendor.example      | 15 min uncategorized     |
/// | 10:40 | 10:50 | chrome://settings        | nothing                  |
/// | 10:50 | 11:00 | docs                     | 10 min work              |
/// | 11:00 | 11:20 | idle                     | nothing                  |
/// | 11:20 | 11:30 | docs                     | 10 min work              |
/// | 11:30 | 11:45 | paused for 15 minutes    | nothing                  |
/// | 11:45 | 12:30 | docs (lunch from 12:00)  | 11:45–12:00 work         |
/// | 12:30 | 13:20 | mail (lunch until 13:00) | 13:00–13:20 communication|
/// | 13:20 | 13:30 | nytimes                  | 10 min news              |
/// | 13:30 | 14:00 | another application      | nothing                  |
/// | 14:00 | 17:30 | docs                     | 14:00–17:00 work         |
fn script() -> Vec<Input> {
    let mut events: BTreeMap<(u32, u32), Vec<Input>> = BTreeMap::new();
    let mut put = |h: u32, m: u32, i: Input| events.entry((h, m)).or_default().push(i);
    put(8, 30, event("startup", at(8, 30)));
    put(8, 30, focus(at(8, 30), DOCS));
    put(9, 40, focus(at(9, 40), MAIL));
    put(10, 10, focus(at(10, 10), NEWS));
    put(10, 25, focus(at(10, 25), UNKNOWN));
    put(10, 40, focus(at(10, 40), BROWSER));
    put(10, 50, focus(at(10, 50), DOCS));
    put(11, 0, event("idle", at(11, 0)));
    put(11, 20, event("active", at(11, 20)));
    put(11, 30, pause(at(11, 30), Some(15)));
    put(12, 30, focus(at(12, 30), MAIL));
    put(13, 20, focus(at(13, 20), NEWS));
    put(13, 30, event("unfocused", at(13, 30)));
    put(14, 0, focus(at(14, 0), DOCS));
    put(17, 30, event("shutdown", at(17, 30)));
    let mut inputs = Vec::new();
    for minute in 8 * 60 + 30..=17 * 60 + 30 {
        let (h, m) = (minute / 60, minute % 60);
        match events.remove(&(h, m)) {
            Some(list) => inputs.extend(list),
            None => inputs.push(event("heartbeat", at(h, m))),
        }
    }
    assert!(events.is_empty());
    inputs
}

/// The hand-written table above, minute by minute: what counts in the
/// minute starting at local `h:m`, as (category, domain).
fn counted_minute(minute: u32) -> Option<(&'static str, &'static str)> {
    let working = (9 * 60..12 * 60).contains(&minute) || (13 * 60..17 * 60).contains(&minute);
    let hm = |h: u32, m: u32| h * 60 + m;
    let front = match minute {
        m if m < hm(9, 40) => Some(("work", "docs.google.com")),
        m if m < hm(10, 10) => Some(("communication", "mail.google.com")),
        m if m < hm(10, 25) => Some(("news", "www.nytimes.com")),
        m if m < hm(10, 40) => Some(("uncategorized", "tiny-vendor.example")),
        m if m < hm(10, 50) => None,
        m if m < hm(11, 0) => Some(("work", "docs.google.com")),
        m if m < hm(11, 20) => None,
        m if m < hm(11, 30) => Some(("work", "docs.google.com")),
        m if m < hm(11, 45) => None,
        m if m < hm(12, 30) => Some(("work", "docs.google.com")),
        m if m < hm(13, 20) => Some(("communication", "mail.google.com")),
        m if m < hm(13, 30) => Some(("news", "www.nytimes.com")),
        m if m < hm(14, 0) => None,
        m if m < hm(17, 30) => Some(("work", "docs.google.com")),
        _ => None,
    };
    front.filter(|_| working)
}

/// Seconds the table counts before local `h:m`.
fn expected_seconds_before(h: u32, m: u32) -> u64 {
    (0..h * 60 + m).filter_map(counted_minute).count() as u64 * 60
}

/// The tracker after the script's inputs up to `until` (included), with
/// consent given at 08:00.
fn run_until(until: Millis) -> (Tracker, Storage) {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    let inputs: Vec<_> = script().into_iter().filter(|i| i.at() <= until).collect();
    feed(&mut tracker, &mut storage, &inputs);
    (tracker, storage)
}

#[test]
fn the_scripted_day_is_a_wednesday_in_summer_time() {
    assert_eq!(day().weekday(), Weekday::Wed);
    assert_eq!(at(9, 0), 1_781_074_800_000); // 07:00 UTC
}

#[test]
fn a_working_day_in_berlin_adds_up_to_the_hand_computed_seconds() {
    let (tracker, _) = run_until(at(17, 30));
    let view = tracker.day_view(at(18, 0), Berlin);
    assert_eq!(view.date, day());
    // Work: docs 40 + 10 + 10 + 15 + 180 minutes; communication 30 + 20;
    // news 15 + 10; uncategorized 15.
    assert_eq!(seconds_of(&view, "work"), 255 * 60);
    assert_eq!(seconds_of(&view, "communication"), 50 * 60);
    assert_eq!(seconds_of(&view, "news"), 25 * 60);
    assert_eq!(seconds_of(&view, "uncategorized"), 15 * 60);
    assert_eq!(view.categories.len(), 4);
    assert_eq!(
        view.categories
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["work", "communication", "news", "uncategorized"]
    );
    assert_eq!(view.tracked_seconds, 345 * 60);
    assert_eq!(view.work_seconds, (255 + 50) * 60);
    assert_eq!(view.scheduled_seconds, 7 * 3600);
    let domains: Vec<_> = view
        .top_domains
        .iter()
        .map(|d| (d.domain.as_str(), d.category.as_str(), d.seconds))
        .collect();
    assert_eq!(
        domains,
        [
            ("docs.google.com", "work", 255 * 60),
            ("mail.google.com", "communication", 50 * 60),
            ("www.nytimes.com", "news", 25 * 60),
            ("tiny-vendor.example", "uncategorized", 15 * 60),
        ]
    );
    let work = &view.categories[0];
    assert_eq!(
        (work.name.as_str(), work.colour.as_str(), work.work),
        ("Work tools", "#2563eb", true)
    );
}

#[test]
fn the_day_view_grows_only_in_working_time_on_tracked_sites_minute_by_minute() {
    let script = script();
    let (mut tracker, mut storage) = consenting(at(8, 0));
    let mut next = 0;
    for minute in 8 * 60..18 * 60 {
        let (h, m) = (minute / 60, minute % 60);
        let now = at(h, m);
        while next < script.len() && script[next].at() <= now {
            storage.apply(&tracker.input(&script[next], Berlin).unwrap());
            next += 1;
        }
        // Live views count the open step up to the instant asked for, so
        // half a minute later half a minute more may count.
        let half = now + 30 * SECOND;
        let expected = expected_seconds_before(h, m);
        let view = tracker.day_view(now, Berlin);
        assert_eq!(view.tracked_seconds, expected, "at {h:02}:{m:02}");
        let extra = counted_minute(minute).map_or(0, |_| 30);
        assert_eq!(
            tracker.day_view(half, Berlin).tracked_seconds,
            expected + extra,
            "at {h:02}:{m:02}:30"
        );
        // Per domain too.
        for (category, domain) in [
            ("work", "docs.google.com"),
            ("communication", "mail.google.com"),
            ("news", "www.nytimes.com"),
            ("uncategorized", "tiny-vendor.example"),
        ] {
            let want = (0..minute)
                .filter(|m| counted_minute(*m) == Some((category, domain)))
                .count() as u64
                * 60;
            assert_eq!(
                domain_seconds(&view, domain),
                want,
                "{domain} at {h:02}:{m:02}"
            );
        }
    }
    // The spells that must never count, checked directly.
    let v = |h, m| tracker_total(h, m);
    assert_eq!(v(9, 0), 0, "before 09:00");
    assert_eq!(v(11, 0), v(11, 20), "idle");
    assert_eq!(v(11, 30), v(11, 45), "paused");
    assert_eq!(v(12, 0), v(13, 0), "lunch");
    assert_eq!(v(10, 40), v(10, 50), "browser page");
    assert_eq!(v(13, 30), v(14, 0), "another application");
    assert_eq!(v(17, 0), v(17, 30), "after hours");
}

fn tracker_total(h: u32, m: u32) -> u64 {
    let (tracker, _) = run_until(at(h, m));
    tracker.day_view(at(h, m), Berlin).tracked_seconds
}

#[test]
fn a_fixed_offset_zone_gives_the_same_day_in_summer() {
    let summer = FixedOffset::east_opt(2 * 3600).unwrap();
    let mut tracker = Tracker::default();
    tracker.give_consent(at(8, 0), summer);
    for i in script() {
        tracker.input(&i, summer).unwrap();
    }
    let (berlin_tracker, _) = run_until(at(17, 30));
    assert_eq!(
        tracker.day_view(at(18, 0), summer),
        berlin_tracker.day_view(at(18, 0), Berlin)
    );
    // At UTC+0 the same instants fall in other working hours (09:00–12:00
    // UTC is 11:00–14:00 Berlin), so the day differs.
    let utc = FixedOffset::east_opt(0).unwrap();
    let mut tracker = Tracker::default();
    tracker.give_consent(at(8, 0), utc);
    for i in script() {
        tracker.input(&i, utc).unwrap();
    }
    assert_ne!(tracker.day_view(at(18, 0), utc).tracked_seconds, 345 * 60);
}

// ---------------------------------------------------------------------------
// 1. Consent.

#[test]
fn nothing_is_counted_or_stored_before_consent() {
    let mut tracker = Tracker::default();
    for i in script() {
        assert!(tracker.input(&i, Berlin).unwrap().is_empty(), "{i:?}");
    }
    assert!(tracker.settle(at(17, 0), Berlin).unwrap().is_empty());
    let view = tracker.day_view(at(16, 0), Berlin);
    assert_eq!(view.tracked_seconds, 0);
    assert!(view.categories.is_empty() && view.top_domains.is_empty());
    assert_eq!(
        serde_json::to_value(tracker.status(at(10, 0), Berlin)).unwrap(),
        json!({"state": "no_consent"})
    );
    assert_eq!(tracker.next_wake(at(10, 0), Berlin), None);
    assert_eq!(tracker.ledger().days(..).count(), 0);
    assert_eq!(tracker.ledger().cursor.last(), None);
}

#[test]
fn consent_starts_counting_and_withdrawal_stops_it_but_keeps_the_totals() {
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    // Before consent: the browser reports, nothing happens.
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), DOCS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 30)));
    assert!(storage.0.is_empty());

    let changes = tracker.give_consent(at(9, 30), Berlin);
    let json = serde_json::to_value(&changes).unwrap();
    assert_eq!(json["set"]["settings"]["d"]["consent"], json!(at(9, 30)));
    assert!(json["set"]["rules"]["d"]["rules"].is_array());
    assert!(json["set"]["cursor"].is_object());
    storage.apply(&changes);
    // Giving consent twice changes nothing.
    assert!(tracker.give_consent(at(9, 31), Berlin).is_empty());

    // The extension reports what is in front after consent.
    feed(&mut tracker, &mut storage, &[focus(at(9, 30), DOCS)]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 30), at(10, 14)),
    );
    assert_eq!(
        tracker.day_view(at(10, 14), Berlin).tracked_seconds,
        44 * 60
    );

    let changes = tracker.withdraw_consent(at(10, 15), Berlin).unwrap();
    let json = serde_json::to_value(&changes).unwrap();
    assert_eq!(json["set"]["settings"]["d"]["consent"], Value::Null);
    assert_eq!(json["set"]["day:2026-06-10"]["d"]["ms"], json!(45 * MINUTE));
    storage.apply(&changes);
    assert!(tracker
        .withdraw_consent(at(10, 16), Berlin)
        .unwrap()
        .is_empty());

    // Afterwards: inputs are ignored, totals stay as they were.
    feed(&mut tracker, &mut storage, &[focus(at(10, 20), MAIL)]);
    for i in heartbeats(at(10, 20), at(11, 0)) {
        assert!(tracker.input(&i, Berlin).unwrap().is_empty());
    }
    assert!(tracker.settle(at(11, 0), Berlin).unwrap().is_empty());
    let view = tracker.day_view(at(11, 0), Berlin);
    assert_eq!(view.tracked_seconds, 45 * 60);
    assert_eq!(seconds_of(&view, "work"), 45 * 60);
    assert_eq!(seconds_of(&view, "communication"), 0);
    assert_eq!(
        serde_json::to_value(tracker.status(at(11, 0), Berlin)).unwrap(),
        json!({"state": "no_consent"})
    );
    assert_eq!(tracker.next_wake(at(11, 0), Berlin), None);

    // The same after a restart from storage.
    let reloaded = storage.load(at(11, 0));
    assert_eq!(reloaded.settings().consent(), None);
    assert_eq!(reloaded.day_view(at(11, 0), Berlin), view);
    // The stored state holds no site any more.
    assert!(!storage.0["cursor"].to_string().contains("google"));
}

#[test]
fn consent_given_again_counts_only_from_then() {
    let (mut tracker, mut storage) = consenting(at(9, 0));
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), DOCS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    storage.apply(&tracker.withdraw_consent(at(9, 10), Berlin).unwrap());
    storage.apply(&tracker.give_consent(at(9, 40), Berlin));
    // The tab is still in front, but the tracker learns it only from the
    // next focus report: the browser session restarted with the consent.
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 40), at(9, 45)),
    );
    assert_eq!(tracker.day_view(at(9, 45), Berlin).tracked_seconds, 10 * 60);
    feed(&mut tracker, &mut storage, &[focus(at(9, 45), DOCS)]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 45), at(10, 0)),
    );
    assert_eq!(tracker.day_view(at(10, 0), Berlin).tracked_seconds, 25 * 60);
    assert_eq!(
        storage.load(at(10, 0)).settings().consent(),
        Some(at(9, 40))
    );
}

// ---------------------------------------------------------------------------
// 3. Privacy.

/// Every string in a JSON value, keys included.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                strings(v, out);
            }
        }
        _ => {}
    }
}

/// The domain names recorded in a stored day or cursor value.
fn recorded_domains(key: &str, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if key.starts_with("day:") {
        for category in value["d"]["categories"].as_object().unwrap().values() {
            if let Some(domains) = category.get("domains") {
                out.extend(domains.as_object().unwrap().keys().cloned());
            }
        }
    } else if key == "cursor" {
        if let Some(domain) = value["d"]["focus"]["domain"].as_str() {
            out.push(domain.to_owned());
        }
    }
    out
}

#[test]
fn changes_never_hold_more_of_a_url_than_its_host() {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    let mut written = Vec::new();
    for i in script() {
        let changes = tracker.input(&i, Berlin).unwrap();
        written.push(serde_json::to_value(&changes).unwrap());
        storage.apply(&changes);
    }
    let hosts = [
        "docs.google.com",
        "mail.google.com",
        "www.nytimes.com",
        "tiny-vendor.example",
    ];
    for json in &written {
        let text = json.to_string();
        for secret in [
            "SECRET",
            "user",
            "8443",
            "chrome",
            "settings/",
            "?",
            "#heading",
            "https",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        for (key, value) in json["set"].as_object().unwrap() {
            assert!(
                key == "cursor" || key == "index" || key.starts_with("day:"),
                "{key}"
            );
            for domain in recorded_domains(key, value) {
                assert!(hosts.contains(&domain.as_str()), "{domain}");
            }
            // Nothing but ids, numbers and hosts in there.
            let mut all = Vec::new();
            strings(value, &mut all);
            for s in all {
                assert!(
                    s.bytes().all(|b| b.is_ascii_lowercase()
                        || b.is_ascii_digit()
                        || b"-._".contains(&b)),
                    "{s:?} in {key}"
                );
            }
        }
    }
    // The views say no more either.
    let views = [
        serde_json::to_value(tracker.day_view(at(17, 0), Berlin)).unwrap(),
        serde_json::to_value(tracker.week(at(17, 0), 0, Berlin).unwrap()).unwrap(),
    ];
    for view in views {
        assert!(!view.to_string().contains("SECRET"));
    }
}

const BANK: &str = "https://online.bank.example/accounts?id=SECRETQUERY";
const BANK_ROOT: &str = "https://bank.example/";

/// Everything a tracker writes and shows, as JSON, except its settings.
fn everything_but_settings(storage: &Storage, tracker: &Tracker, now: Millis) -> String {
    let mut texts: Vec<String> = storage
        .0
        .iter()
        .filter(|(k, _)| *k != "settings")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    texts.push(serde_json::to_string(&tracker.day_view(now, Berlin)).unwrap());
    texts.push(serde_json::to_string(&tracker.week(now, 0, Berlin).unwrap()).unwrap());
    texts.push(serde_json::to_string(&tracker.status(now, Berlin)).unwrap());
    texts.join("\n")
}

#[test]
fn excluded_domains_and_their_subdomains_are_never_named_or_counted() {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    storage.apply(
        &tracker
            .set_settings(
                settings_with(json!({"excluded": ["Bank.Example."]})),
                at(8, 0),
                Berlin,
            )
            .unwrap(),
    );
    let mut all_changes = Vec::new();
    let mut inputs = vec![event("startup", at(9, 0)), focus(at(9, 0), BANK)];
    inputs.extend(heartbeats(at(9, 0), at(9, 20)));
    inputs.push(focus(at(9, 20), DOCS));
    inputs.extend(heartbeats(at(9, 20), at(9, 30)));
    inputs.push(focus(at(9, 30), BANK_ROOT));
    inputs.extend(heartbeats(at(9, 30), at(9, 40)));
    for i in &inputs {
        let changes = tracker.input(i, Berlin).unwrap();
        all_changes.push(serde_json::to_string(&changes).unwrap());
        storage.apply(&changes);
        let text = everything_but_settings(&storage, &tracker, i.at());
        assert!(!text.contains("bank"), "{text}");
    }
    assert!(!all_changes.concat().contains("bank"));
    // While the bank is in front, the popup says only that nothing is
    // tracked.
    assert_eq!(
        serde_json::to_value(tracker.status(at(9, 35), Berlin)).unwrap(),
        json!({"state": "untracked"})
    );
    let view = tracker.day_view(at(9, 40), Berlin);
    assert_eq!(view.tracked_seconds, 10 * 60);
    assert_eq!(domain_seconds(&view, "docs.google.com"), 10 * 60);
    // The settings, the one place that names it, keep the normal form.
    assert_eq!(
        storage.0["settings"]["d"]["excluded"],
        json!(["bank.example"])
    );
}

#[test]
fn excluding_the_site_in_front_stops_counting_it_and_forgets_its_name() {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    let mut inputs = vec![focus(at(9, 0), DOCS)];
    inputs.extend(heartbeats(at(9, 0), at(9, 10)));
    inputs.push(focus(at(9, 10), BANK));
    inputs.extend(heartbeats(at(9, 10), at(9, 30)));
    feed(&mut tracker, &mut storage, &inputs);
    assert_eq!(
        domain_seconds(&tracker.day_view(at(9, 30), Berlin), "online.bank.example"),
        20 * 60
    );
    // From the popup, with the bank still in front.
    let changes = tracker
        .set_settings(
            settings_with(json!({"excluded": ["bank.example"]})),
            at(9, 30),
            Berlin,
        )
        .unwrap();
    let json = serde_json::to_value(&changes).unwrap();
    for (key, value) in json["set"].as_object().unwrap() {
        if key != "settings" {
            assert!(!value.to_string().contains("bank"), "{key}: {value}");
        }
    }
    storage.apply(&changes);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 30), at(10, 0)),
    );
    let text = everything_but_settings(&storage, &tracker, at(10, 0));
    assert!(!text.contains("bank"), "{text}");
    // Its time is gone with its name: excluded sites are never recorded.
    let view = tracker.day_view(at(10, 0), Berlin);
    assert_eq!(view.tracked_seconds, 10 * 60);
    assert_eq!(storage.load(at(10, 0)).day_view(at(10, 0), Berlin), view);
    // Other sites count again from the next focus.
    feed(&mut tracker, &mut storage, &[focus(at(10, 0), DOCS)]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(10, 0), at(10, 5)),
    );
    assert_eq!(tracker.day_view(at(10, 5), Berlin).tracked_seconds, 15 * 60);
}

#[test]
fn category_only_mode_stores_no_domain_names() {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    storage.apply(
        &tracker
            .set_settings(
                settings_with(json!({"category_only": true})),
                at(8, 0),
                Berlin,
            )
            .unwrap(),
    );
    let hosts = [
        "docs.google.com",
        "mail.google.com",
        "nytimes",
        "tiny-vendor",
    ];
    for i in script() {
        let changes = tracker.input(&i, Berlin).unwrap();
        let text = serde_json::to_string(&changes).unwrap();
        for host in hosts {
            assert!(!text.contains(host), "{host} in {text}");
        }
        assert!(!text.contains("domains"), "{text}");
        storage.apply(&changes);
    }
    let view = tracker.day_view(at(17, 30), Berlin);
    assert!(view.top_domains.is_empty());
    assert_eq!(seconds_of(&view, "work"), 255 * 60);
    assert_eq!(view.tracked_seconds, 345 * 60);
    let mut midday = Tracker::default();
    midday.give_consent(at(8, 0), Berlin);
    midday
        .set_settings(
            settings_with(json!({"category_only": true})),
            at(8, 0),
            Berlin,
        )
        .unwrap();
    for i in script().iter().filter(|i| i.at() <= at(16, 0)) {
        midday.input(i, Berlin).unwrap();
    }
    let status = serde_json::to_value(midday.status(at(16, 0), Berlin)).unwrap();
    assert_eq!(status["state"], "tracking");
    assert_eq!(status["domain"], Value::Null);
    assert_eq!(status["category"]["id"], "work");
    for (key, value) in &storage.0 {
        if key != "rules" {
            let text = value.to_string();
            assert!(hosts.iter().all(|h| !text.contains(h)), "{key}: {text}");
        }
    }
}

#[test]
fn switching_to_category_only_forgets_the_names_already_stored() {
    let (mut tracker, mut storage) = run_until(at(10, 30));
    assert!(storage.0["day:2026-06-10"]
        .to_string()
        .contains("docs.google.com"));
    storage.apply(
        &tracker
            .set_settings(
                settings_with(json!({"category_only": true})),
                at(10, 30),
                Berlin,
            )
            .unwrap(),
    );
    let inputs: Vec<_> = script()
        .into_iter()
        .filter(|i| i.at() > at(10, 30))
        .collect();
    feed(&mut tracker, &mut storage, &inputs);
    for (key, value) in &storage.0 {
        if key != "rules" {
            let text = value.to_string();
            for host in ["google", "nytimes", "tiny-vendor"] {
                assert!(!text.contains(host), "{key}: {text}");
            }
        }
    }
    let view = tracker.day_view(at(17, 30), Berlin);
    assert!(view.top_domains.is_empty());
    // The time itself stays, per category.
    assert_eq!(view.tracked_seconds, 345 * 60);
    assert_eq!(seconds_of(&view, "work"), 255 * 60);
}

// ---------------------------------------------------------------------------
// 4. Storage round trip.

/// Everything the pages can ask, as JSON, to compare two trackers.
fn views(tracker: &Tracker, now: Millis) -> Value {
    json!({
        "day": tracker.day_view(now, Berlin),
        "week": tracker.week(now, 0, Berlin).unwrap(),
        "status": tracker.status(now, Berlin),
        "wake": tracker.next_wake(now, Berlin),
        "settings": tracker.settings(),
        "rules": tracker.rules(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Stopping after any input of the scripted day, loading a new tracker
    /// from storage and going on gives the same storage and views as never
    /// stopping.
    #[test]
    fn the_scripted_day_survives_a_restart_anywhere(cut in any::<proptest::sample::Index>()) {
        let script = script();
        let cut = cut.index(script.len() + 1);
        let (mut whole, mut whole_storage) = consenting(at(8, 0));
        feed(&mut whole, &mut whole_storage, &script);

        let (mut first, mut storage) = consenting(at(8, 0));
        feed(&mut first, &mut storage, &script[..cut]);
        let now = script.get(cut).map_or(at(17, 30), Input::at);
        let mut second = storage.load(now);
        prop_assert_eq!(views(&second, now), views(&first, now));
        feed(&mut second, &mut storage, &script[cut..]);

        prop_assert_eq!(&storage, &whole_storage);
        for t in [at(12, 0), at(17, 30), at(18, 0)] {
            prop_assert_eq!(views(&second, t), views(&whole, t));
        }
        let reloaded = storage.load(at(18, 0));
        prop_assert_eq!(views(&reloaded, at(18, 0)), views(&whole, at(18, 0)));
    }
}

/// One thing that happens to a tracker in a random run.
#[derive(Debug, Clone)]
enum Op {
    Focus(Option<&'static str>),
    Simple(&'static str),
    Pause(Option<u32>),
    Consent,
    Withdraw,
    Prune,
    AddRule(&'static str, &'static str),
    Settings {
        category_only: bool,
        exclude_bank: bool,
        retention_days: u32,
    },
}

const URLS: &[&str] = &[
    DOCS,
    MAIL,
    NEWS,
    UNKNOWN,
    BROWSER,
    BANK,
    BANK_ROOT,
    "https://wiki.acme-intranet.net/x",
    "about:blank",
    "not a url",
];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => proptest::option::weighted(0.9, proptest::sample::select(URLS)).prop_map(Op::Focus),
        8 => Just(Op::Simple("heartbeat")),
        4 => proptest::sample::select(&[
            "unfocused", "idle", "locked", "active", "resume", "startup", "shutdown"
        ][..]).prop_map(Op::Simple),
        2 => proptest::option::of(0u32..200).prop_map(Op::Pause),
        1 => Just(Op::Consent),
        1 => Just(Op::Withdraw),
        1 => Just(Op::Prune),
        1 => proptest::sample::select(&[
            ("*.acme-intranet.net", "work"),
            ("tiny-vendor.example", "shopping"),
            ("docs.google.com", "news"),
        ][..]).prop_map(|(p, c)| Op::AddRule(p, c)),
        1 => (any::<bool>(), any::<bool>(), 1u32..4).prop_map(|(c, e, r)| Op::Settings {
            category_only: c,
            exclude_bank: e,
            retention_days: r,
        }),
    ]
}

/// Time steps: mostly under the one-minute sign-of-life limit, some of
/// them window-switch blinks, sometimes longer, sometimes hours, sometimes
/// backwards.
fn step() -> impl Strategy<Value = Millis> {
    prop_oneof![
        10 => 0..=DEFAULT_MAX_GAP,
        2 => 0..2 * BLINK,
        2 => DEFAULT_MAX_GAP..20 * MINUTE,
        1 => HOUR..20 * HOUR,
        1 => -10 * MINUTE..0,
    ]
}

fn run(tracker: &mut Tracker, storage: &mut Storage, at: Millis, op: &Op) {
    let changes = match op {
        Op::Focus(url) => tracker
            .input(
                &input(json!({"type": "focus", "at": at, "url": url})),
                Berlin,
            )
            .unwrap(),
        Op::Simple(kind) => tracker.input(&event(kind, at), Berlin).unwrap(),
        Op::Pause(minutes) => tracker.input(&pause(at, *minutes), Berlin).unwrap(),
        Op::Consent => tracker.give_consent(at, Berlin),
        Op::Withdraw => tracker.withdraw_consent(at, Berlin).unwrap(),
        Op::Prune => tracker.prune(at, Berlin),
        Op::AddRule(pattern, category) => {
            let e = edit(json!({"op": "add_rule", "pattern": pattern, "category": category}));
            tracker.edit_rules(e, at, Berlin).unwrap_or_default()
        }
        Op::Settings {
            category_only,
            exclude_bank,
            retention_days,
        } => {
            let excluded: Vec<&str> = if *exclude_bank {
                vec!["bank.example"]
            } else {
                vec![]
            };
            tracker
                .set_settings(
                    settings_with(json!({
                        "category_only": category_only,
                        "excluded": excluded,
                        "retention_days": retention_days,
                    })),
                    at,
                    Berlin,
                )
                .unwrap()
        }
    };
    storage.apply(&changes);
}

/// What must hold after every step of any run.
fn check_invariants(
    tracker: &Tracker,
    storage: &Storage,
    now: Millis,
) -> Result<(), TestCaseError> {
    let settings = tracker.settings();
    for (date, day) in tracker.ledger().days(..) {
        let sum: Millis = day.categories.values().map(|c| c.ms).sum();
        prop_assert_eq!(day.ms, sum, "{}", date);
        for c in day.categories.values() {
            prop_assert!(c.domains.values().sum::<Millis>() <= c.ms);
            if settings.category_only() {
                prop_assert!(c.domains.is_empty(), "names kept in category-only mode");
            }
        }
        let view = tracker.report(date, 1, now, Berlin).unwrap();
        if let Some(scheduled) = view.scheduled_seconds {
            prop_assert!(view.tracked_seconds <= scheduled, "{:?}", view);
        }
    }
    let view = tracker.day_view(now, Berlin);
    prop_assert!(view.tracked_seconds <= view.scheduled_seconds);
    if settings
        .excluded()
        .iter()
        .any(|h| h.as_str() == "bank.example")
    {
        let text = everything_but_settings(storage, tracker, now);
        prop_assert!(!text.contains("bank"), "{}", text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any run, cut anywhere and resumed from storage, ends with the same
    /// storage and views as the run without the cut.
    #[test]
    fn any_run_survives_a_restart_anywhere(
        ops in proptest::collection::vec((step(), op()), 1..80),
        cut in any::<proptest::sample::Index>(),
    ) {
        let start = berlin(date(2026, 6, 8), 8, 50);
        let mut times = Vec::new();
        let mut t = start;
        for (dt, _) in &ops {
            t += dt;
            times.push(t);
        }
        let (mut whole, mut whole_storage) = consenting(start);
        for (op, at) in ops.iter().map(|(_, op)| op).zip(&times) {
            run(&mut whole, &mut whole_storage, *at, op);
            check_invariants(&whole, &whole_storage, *at)?;
        }
        let cut = cut.index(ops.len() + 1);
        let (mut first, mut storage) = consenting(start);
        for (op, at) in ops[..cut].iter().map(|(_, op)| op).zip(&times) {
            run(&mut first, &mut storage, *at, op);
        }
        let now = times.get(cut).copied().unwrap_or(t);
        let mut second = storage.load(now);
        for (op, at) in ops[cut..].iter().map(|(_, op)| op).zip(&times[cut..]) {
            run(&mut second, &mut storage, *at, op);
        }
        prop_assert_eq!(&storage, &whole_storage);
        for now in [t, t + 30 * SECOND, t + 3 * MINUTE] {
            prop_assert_eq!(views(&second, now), views(&whole, now));
        }
    }
}

/// Switching browser windows: Chromium reports the browser losing focus,
/// then the new window; the service worker may be stopped in between.
#[test]
fn a_window_switch_loses_no_time_even_if_the_worker_stops_in_it() {
    let switch = |after: Millis| {
        let (mut tracker, mut storage) = consenting(at(8, 0));
        let u = at(10, 5);
        feed(
            &mut tracker,
            &mut storage,
            &[event("startup", at(10, 0)), focus(at(10, 0), DOCS)],
        );
        feed(&mut tracker, &mut storage, &heartbeats(at(10, 0), u));
        feed(&mut tracker, &mut storage, &[event("unfocused", u)]);
        let mut tracker = storage.load(u + after);
        feed(&mut tracker, &mut storage, &[focus(u + after, MAIL)]);
        feed(&mut tracker, &mut storage, &[event("heartbeat", at(10, 6))]);
        let totals = tracker.ledger().day(day()).unwrap().clone();
        let docs = totals.domain_ms("work", "docs.google.com");
        let mail = totals.domain_ms("communication", "mail.google.com");
        (docs, mail)
    };
    assert_eq!(switch(400), (5 * MINUTE + 400, MINUTE - 400));
    assert_eq!(switch(BLINK), (5 * MINUTE + BLINK, MINUTE - BLINK));
    // Longer: another application had focus.
    assert_eq!(switch(1_600), (5 * MINUTE, MINUTE - 1_600));
}

// ---------------------------------------------------------------------------
// 5. Damaged storage.

fn valid_storage() -> Storage {
    run_until(at(12, 0)).1
}

#[test]
fn damaged_values_are_reported_and_replaced_by_defaults() {
    let now = at(12, 0);
    let cases = [
        (
            "settings",
            json!("garbage"),
            "Fairtime could not read the stored settings (no format version",
        ),
        (
            "settings",
            json!({"v": 3, "d": {}}),
            "A newer Fairtime wrote the stored settings (format 3; this one reads up to 2)",
        ),
        (
            "settings",
            json!({"v": 1, "d": {"schedule": {"hours": {}}, "idle_seconds": 1}}),
            "away must be between 1 minute and 4 hours",
        ),
        (
            "rules",
            json!({"v": 1, "d": {"categories": [], "rules": [{"pattern": "x.com/a", "category": "work"}]}}),
            "Fairtime could not read the stored categories and rules",
        ),
        (
            "rules",
            json!({"v": 9, "d": null}),
            "A newer Fairtime wrote the stored categories and rules (format 9;",
        ),
        (
            "cursor",
            json!({"v": 1, "d": {"last": "yesterday"}}),
            "Fairtime could not read the stored tracking state",
        ),
        (
            "cursor",
            json!({"v": 0, "d": {}}),
            "format 0 does not exist",
        ),
        (
            "cursor",
            json!({"v": 2, "d": {}}),
            "A newer Fairtime wrote the stored tracking state",
        ),
        (
            "day:2026-06-10",
            json!({"v": 1, "d": {"ms": "lots"}}),
            "Fairtime could not read the stored totals for 2026-06-10",
        ),
        (
            "day:2026-06-10",
            json!({"v": 3, "d": {"ms": 1}}),
            "A newer Fairtime wrote the stored totals for 2026-06-10 (format 3;",
        ),
        ("day:2026-06-10", json!([1, 2, 3]), "no format version"),
    ];
    for (key, value, message) in cases {
        let mut storage = valid_storage();
        storage.0.insert(key.to_owned(), value.clone());
        let tracker = Tracker::load(
            storage.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
            now,
        );
        let problems = tracker.problems();
        assert_eq!(problems.len(), 1, "{key}: {value}");
        let problem = &problems[0];
        assert_eq!(problem.key, key);
        assert_eq!(problem.moved_to, format!("damaged:{now}:{key}"));
        assert!(
            problem.message.contains(message),
            "{key}: {}",
            problem.message
        );
        assert!(
            problem.message.ends_with("kept what was stored as it was.")
                || problem
                    .message
                    .ends_with("What was stored is kept as it was."),
            "{}",
            problem.message
        );
        let json = serde_json::to_value(problem).unwrap();
        assert_eq!(json["moved_to"], json!(format!("damaged:{now}:{key}")));
        // The rest loaded, the damaged part is its default.
        let view = tracker.day_view(now, Berlin);
        match key {
            "settings" => assert_eq!(tracker.settings().consent(), None),
            "day:2026-06-10" => assert_eq!(view.tracked_seconds, 0),
            _ => {
                assert_eq!(tracker.settings().consent(), Some(at(8, 0)));
                assert_eq!(view.date, day());
            }
        }
    }
}

#[test]
fn values_set_aside_are_listed_with_their_reason_until_deleted() {
    let now = at(12, 0);
    let mut storage = valid_storage();
    storage
        .0
        .insert("settings".into(), json!({"v": 9, "d": {}}));
    let tracker = Tracker::load(
        storage.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
        now,
    );
    // Set aside now: listed with its reason before the extension moves it.
    let aside = tracker.set_aside();
    assert_eq!(aside.len(), 1);
    assert_eq!(aside[0].key, format!("damaged:{now}:settings"));
    assert_eq!(aside[0].was, "settings");
    assert_eq!(aside[0].at, now);
    assert!(aside[0]
        .reason
        .as_deref()
        .unwrap()
        .contains("A newer Fairtime wrote the stored settings"));

    // What the extension stores, and an older value kept without a reason.
    let reason = aside[0].reason.clone().unwrap();
    let original = storage.0.remove("settings").unwrap();
    storage.0.insert(
        aside[0].key.clone(),
        json!({"reason": reason, "value": original}),
    );
    storage
        .0
        .insert("damaged:5:day:2026-06-01".into(), json!([1, 2]));
    let later = now + MINUTE;
    let mut tracker = Tracker::load(
        storage.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
        later,
    );
    assert!(tracker.problems().is_empty());
    let listed: Vec<_> = tracker
        .set_aside()
        .iter()
        .map(|a| (a.key.as_str(), a.was.as_str(), a.at, a.reason.is_some()))
        .collect();
    let settings_key = format!("damaged:{now}:settings");
    assert_eq!(
        listed,
        [
            (settings_key.as_str(), "settings", now, true),
            ("damaged:5:day:2026-06-01", "day:2026-06-01", 5, false),
        ]
    );

    // Deleting one removes exactly its key; an unknown key removes nothing.
    let changes = tracker.discard_set_aside("damaged:5:day:2026-06-01", now);
    assert_eq!(changes.remove, ["damaged:5:day:2026-06-01"]);
    assert!(tracker.discard_set_aside("settings", now).remove.is_empty());
    assert!(tracker
        .discard_set_aside("damaged:5:day:2026-06-01", now)
        .remove
        .is_empty());
    storage.apply(&changes);
    // Deleting everything takes the rest.
    let changes = tracker.forget_everything(now).unwrap();
    assert!(changes.remove.contains(&settings_key));
    storage.apply(&changes);
    assert!(
        storage.0.keys().all(|k| !k.starts_with("damaged:")),
        "{:?}",
        storage.0.keys()
    );
    assert!(tracker.set_aside().is_empty());
}

#[test]
fn a_cursor_with_an_impossible_sign_of_life_limit_is_damaged() {
    // A year-long max_gap would count a sleeping computer as working.
    let now = at(12, 0);
    let mut storage = valid_storage();
    let mut cursor = storage.0["cursor"].clone();
    cursor["d"]["max_gap"] = json!(365 * 24 * HOUR);
    storage.0.insert("cursor".into(), cursor);
    let tracker = Tracker::load(
        storage.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
        now,
    );
    assert_eq!(tracker.problems().len(), 1);
    assert!(tracker.problems()[0].message.contains("tracking state"));
    assert_eq!(tracker.ledger().cursor.max_gap(), DEFAULT_MAX_GAP);
}

#[test]
fn keys_that_are_not_fairtimes_are_ignored() {
    let mut storage = valid_storage();
    for key in [
        "damaged:1:settings",
        "day:2026-02-30",
        "day:",
        "other",
        "Settings",
    ] {
        storage.0.insert(key.into(), json!("whatever"));
    }
    let tracker = Tracker::load(
        storage.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
        at(12, 0),
    );
    assert!(tracker.problems().is_empty());
    assert_eq!(
        tracker.day_view(at(12, 0), Berlin).tracked_seconds,
        expected_seconds_before(12, 0)
    );
}

#[test]
fn huge_stored_totals_do_not_overflow_the_views() {
    let mut storage = valid_storage();
    for d in 8..=12 {
        let big = Millis::MAX / 2;
        storage.0.insert(
            format!("day:2026-06-{d:02}"),
            json!({"v": 1, "d": {"ms": big, "categories": {
                "work": {"ms": big, "domains": {"docs.google.com": big}},
                "news": {"ms": 0}
            }}}),
        );
    }
    let tracker = Tracker::load(
        storage.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
        at(12, 0),
    );
    // Each day adds up (a negative one is set aside: tests/invariants.rs);
    // only their sums are too big.
    assert!(tracker.problems().is_empty(), "{:?}", tracker.problems());
    let week = tracker.week(at(12, 0), 0, Berlin).unwrap();
    assert_eq!(week.days.len(), 7);
    assert!(week.tracked_seconds >= 5 * (Millis::MAX as u64 / 2 / 1000));
    let view = tracker.day_view(at(12, 0), Berlin);
    assert_eq!(seconds_of(&view, "news"), 0);
    tracker
        .report(date(2026, 1, 1), 366, at(12, 0), Berlin)
        .unwrap();
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-3i64..5).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z_:.0-9-]{0,12}".prop_map(Value::from),
        proptest::sample::select(
            &[
                "v",
                "d",
                "ms",
                "work",
                "docs.google.com",
                "09:00-17:00",
                "mon",
                "max_gap",
                "focus",
                "category",
                "*.x.com",
                "#123456",
            ][..]
        )
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::btree_map(
                proptest::sample::select(
                    &[
                        "v",
                        "d",
                        "ms",
                        "categories",
                        "domains",
                        "work",
                        "schedule",
                        "hours",
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
                    ][..]
                )
                .prop_map(String::from),
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A stored value: anything at all, or an envelope around anything.
fn stored_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        arbitrary_json(),
        (0u32..4, arbitrary_json()).prop_map(|(v, d)| json!({"v": v, "d": d})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever is stored, loading never panics, reports each value it could
    /// not read with where to move it, and the tracker then works.
    #[test]
    fn loading_anything_never_panics(
        values in proptest::collection::vec(proptest::option::of(stored_value()), 4),
    ) {
        let now = at(12, 0);
        let mut storage = valid_storage();
        let keys = ["settings", "rules", "cursor", "day:2026-06-10"];
        for (key, value) in keys.iter().zip(&values) {
            if let Some(value) = value {
                storage.0.insert((*key).to_owned(), value.clone());
            }
        }
        let mut tracker = Tracker::load(
            storage.0.iter().map(|(k, v)| (k.clone(), Json(v.clone()))),
            now,
        );
        for problem in tracker.problems() {
            prop_assert!(keys.contains(&problem.key.as_str()));
            prop_assert_eq!(&problem.moved_to, &format!("damaged:{}:{}", now, problem.key));
            prop_assert!(
                problem.message.starts_with("Fairtime could not read the stored ")
                    || problem.message.starts_with("A newer Fairtime wrote the stored "),
                "{}",
                problem.message
            );
        }
        // Untouched values never count as damaged.
        for (key, value) in keys.iter().zip(&values) {
            if value.is_none() {
                prop_assert!(tracker.problems().iter().all(|p| p.key != *key));
            }
        }
        // The tracker works on whatever it loaded.
        tracker.give_consent(now, Berlin);
        for i in [focus(now, DOCS), event("heartbeat", now + MINUTE), pause(now + 2 * MINUTE, Some(5))] {
            tracker.input(&i, Berlin).unwrap();
        }
        let _ = views(&tracker, now + 3 * MINUTE);
        let _ = tracker.report(date(2026, 6, 1), 30, now, Berlin).unwrap();
        let _ = tracker.prune(now, Berlin);
        let _ = tracker.explain("docs.google.com");
    }
}

#[test]
fn loading_what_the_tracker_wrote_reports_nothing() {
    let storage = valid_storage();
    assert_eq!(storage.0.len(), 6, "{:?}", storage.0.keys());
    let tracker = storage.load(at(12, 0));
    assert!(tracker.problems().is_empty());
}

// ---------------------------------------------------------------------------
// 6. Editing rules.

const INTRANET: &str = "https://wiki.acme-intranet.net/spaces/SECRETPATH";

#[test]
fn a_new_rule_classifies_from_then_on_and_refiles_earlier_time() {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), INTRANET)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(10, 0)));
    assert_eq!(
        seconds_of(&tracker.day_view(at(10, 0), Berlin), "uncategorized"),
        3600
    );
    // From the popup, with the wiki still in front.
    let changes = tracker
        .edit_rules(
            edit(json!({"op": "add_rule", "pattern": "*.acme-intranet.net", "category": "work"})),
            at(10, 0),
            Berlin,
        )
        .unwrap();
    let json = serde_json::to_value(&changes).unwrap();
    let rules = json["set"]["rules"]["d"]["rules"].as_array().unwrap();
    assert!(rules.contains(&json!({"pattern": "*.acme-intranet.net", "category": "work"})));
    storage.apply(&changes);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(10, 0), at(10, 30)),
    );
    // Another page of the same intranet.
    feed(
        &mut tracker,
        &mut storage,
        &[focus(
            at(10, 30),
            "https://jira.acme-intranet.net/browse/X-1",
        )],
    );
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(10, 30), at(11, 0)),
    );
    // The wiki's hour before the rule moved to Work with it.
    let view = tracker.day_view(at(11, 0), Berlin);
    assert_eq!(seconds_of(&view, "uncategorized"), 0);
    assert_eq!(seconds_of(&view, "work"), 7200);
    assert_eq!(
        view.top_domains
            .iter()
            .map(|d| (d.domain.as_str(), d.category.as_str(), d.seconds))
            .collect::<Vec<_>>(),
        [
            ("wiki.acme-intranet.net", "work", 5400),
            ("jira.acme-intranet.net", "work", 1800),
        ]
    );
    assert_eq!(storage.load(at(11, 0)).day_view(at(11, 0), Berlin), view);
    assert_eq!(
        tracker
            .explain("wiki.acme-intranet.net")
            .unwrap()
            .rule
            .as_deref(),
        Some("*.acme-intranet.net")
    );
}

#[test]
fn a_rule_edited_while_idle_applies_when_the_person_is_back() {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), NEWS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    feed(&mut tracker, &mut storage, &[event("idle", at(9, 10))]);
    storage.apply(
        &tracker
            .edit_rules(
                edit(json!({"op": "edit_rule", "pattern": "nytimes.com", "new_pattern": "nytimes.com", "category": "research"})),
                at(9, 15),
                Berlin,
            )
            .unwrap(),
    );
    feed(&mut tracker, &mut storage, &[event("active", at(9, 20))]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 20), at(9, 30)),
    );
    // The ten minutes before the edit moved with the site.
    let view = tracker.day_view(at(9, 30), Berlin);
    assert_eq!(seconds_of(&view, "news"), 0);
    assert_eq!(seconds_of(&view, "research"), 1200);
}

#[test]
fn renaming_a_category_renames_its_earlier_time() {
    let (mut tracker, mut storage) = run_until(at(10, 0));
    storage.apply(
        &tracker
            .edit_rules(
                edit(json!({"op": "rename_category", "id": "work", "name": "Deep work"})),
                at(10, 0),
                Berlin,
            )
            .unwrap(),
    );
    let view = tracker.day_view(at(10, 0), Berlin);
    assert_eq!(view.categories[0].id, "work");
    assert_eq!(view.categories[0].name, "Deep work");
    assert_eq!(view.categories[0].seconds, 40 * 60);
}

#[test]
fn bad_edits_are_refused_with_a_reason_and_change_nothing() {
    let (mut tracker, _) = run_until(at(10, 0));
    let cases = [
        (
            json!({"op": "add_rule", "pattern": "*.atlassian.net", "category": "work"}),
            "There is already a rule for *.atlassian.net (category Work tools).",
        ),
        (
            json!({"op": "add_rule", "pattern": "https://x .com/a", "category": "work"}),
            "“https://x .com/a” is not a site",
        ),
        (
            json!({"op": "add_rule", "pattern": "x.com", "category": "nope"}),
            "A rule names a category that does not exist (“nope”).",
        ),
        (
            json!({"op": "add_rule", "pattern": "a.*.com", "category": "work"}),
            "a.*.com",
        ),
        (
            json!({"op": "delete_rule", "pattern": "never-added.example"}),
            "There is no rule for never-added.example any more",
        ),
        (
            json!({"op": "edit_rule", "pattern": "docs.google.com", "new_pattern": "mail.google.com", "category": "work"}),
            "There is already a rule for mail.google.com",
        ),
        (
            json!({"op": "delete_category", "id": "work"}),
            "Work tools is used by",
        ),
        (
            json!({"op": "delete_category", "id": "work", "move_rules_to": "work"}),
            "cannot be moved to Work tools itself",
        ),
        (
            json!({"op": "rename_category", "id": "uncategorized", "name": "Misc"}),
            "Uncategorized is built in and cannot be renamed.",
        ),
        (
            json!({"op": "rename_category", "id": "news", "name": "Work tools"}),
            "There is already a category named Work tools.",
        ),
        (
            json!({"op": "recolour_category", "id": "news", "colour": "orange"}),
            "“orange” is not a colour",
        ),
        (
            json!({"op": "add_category", "name": "  ", "colour": "#123456", "work": true}),
            "A category needs a name.",
        ),
        (
            json!({"op": "set_category_work", "id": "gone", "work": true}),
            "A rule names a category that does not exist (“gone”).",
        ),
    ];
    let rules = serde_json::to_value(tracker.rules()).unwrap();
    let ledger = tracker.ledger().clone();
    for (value, message) in cases {
        let err = tracker
            .edit_rules(edit(value.clone()), at(10, 5), Berlin)
            .unwrap_err();
        assert!(matches!(err, TrackerError::Rules(_)), "{value}");
        let text = err.to_string();
        assert!(text.contains(message), "{value}: {text}");
        assert!(text.ends_with('.'), "{text}");
        assert_eq!(serde_json::to_value(tracker.rules()).unwrap(), rules);
        assert_eq!(
            tracker.ledger(),
            &ledger,
            "a refused edit settled the ledger"
        );
    }
    // Not an edit at all: refused when parsing, before the tracker.
    for value in [
        json!({"op": "drop_everything"}),
        json!({"op": "add_rule", "pattern": "x.com"}),
    ] {
        assert!(serde_json::from_value::<RuleEdit>(value).is_err());
    }
}

#[test]
fn deleting_a_category_moves_its_sites_time_with_their_rules() {
    let (mut tracker, mut storage) = run_until(at(10, 20));
    storage.apply(
        &tracker
            .edit_rules(
                edit(json!({"op": "delete_category", "id": "news", "move_rules_to": "entertainment"})),
                at(10, 20),
                Berlin,
            )
            .unwrap(),
    );
    // www.nytimes.com is in front: from now on it is entertainment.
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(10, 20), at(10, 25)),
    );
    // Its earlier ten minutes moved with the site's rule.
    let view = tracker.day_view(at(10, 25), Berlin);
    assert!(!view.categories.iter().any(|c| c.id == "news"));
    assert_eq!(seconds_of(&view, "entertainment"), 15 * 60);
}

#[test]
fn time_kept_without_names_under_a_deleted_category_reads_as_uncategorized() {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    storage.apply(
        &tracker
            .set_settings(
                settings_with(json!({"category_only": true})),
                at(8, 0),
                Berlin,
            )
            .unwrap(),
    );
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), NEWS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    storage.apply(
        &tracker
            .edit_rules(
                edit(json!({"op": "delete_category", "id": "news", "move_rules_to": "entertainment"})),
                at(9, 10),
                Berlin,
            )
            .unwrap(),
    );
    let view = tracker.day_view(at(9, 10), Berlin);
    let news = view.categories.iter().find(|c| c.id == "news").unwrap();
    assert_eq!(news.seconds, 10 * 60);
    assert_eq!(news.name, "Uncategorized");
    assert!(!news.work);
}

#[test]
fn restoring_the_defaults_undoes_edits() {
    let (mut tracker, _) = consenting(at(8, 0));
    let defaults = serde_json::to_value(tracker.rules()).unwrap();
    for value in [
        json!({"op": "add_category", "name": "Client A", "colour": "#00aa00", "work": true}),
        json!({"op": "add_rule", "pattern": "=client-a.example", "category": "client-a"}),
        json!({"op": "delete_rule", "pattern": "docs.google.com"}),
    ] {
        tracker.edit_rules(edit(value), at(9, 0), Berlin).unwrap();
    }
    assert_eq!(
        tracker.explain("client-a.example").unwrap().category.id,
        "client-a"
    );
    assert_ne!(serde_json::to_value(tracker.rules()).unwrap(), defaults);
    tracker
        .edit_rules(edit(json!({"op": "restore_defaults"})), at(9, 1), Berlin)
        .unwrap();
    assert_eq!(serde_json::to_value(tracker.rules()).unwrap(), defaults);
}

// ---------------------------------------------------------------------------
// 7. Retention, reports, status, wake-ups.

/// A stored day with `minutes` of work on docs and `news` minutes of news.
fn stored_day(minutes: i64, news: i64) -> Value {
    json!({"v": 1, "d": {"ms": (minutes + news) * MINUTE, "categories": {
        "work": {"ms": minutes * MINUTE, "domains": {"docs.google.com": minutes * MINUTE}},
        "news": {"ms": news * MINUTE, "domains": {"www.nytimes.com": news * MINUTE}},
    }}})
}

/// Consent on 25 May, retention of a week, and a day stored for each of
/// 25 May to 10 June 2026: day `n` of them has `n` minutes of work and 1 of
/// news.
fn seventeen_days() -> Storage {
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    storage.apply(&tracker.give_consent(berlin(date(2026, 5, 25), 8, 0), Berlin));
    storage.apply(
        &tracker
            .set_settings(
                settings_with(json!({"retention_days": 7})),
                at(8, 0),
                Berlin,
            )
            .unwrap(),
    );
    for (n, d) in date(2026, 5, 25).iter_days().take(17).enumerate() {
        storage
            .0
            .insert(fairtime::storage::day_key(d), stored_day(n as i64 + 1, 1));
    }
    storage
}

#[test]
fn prune_removes_exactly_the_days_older_than_the_retention() {
    let mut storage = seventeen_days();
    let mut tracker = storage.load(at(12, 0));
    let changes = tracker.prune(at(12, 0), Berlin);
    // Only the index, whose first day moves to the first day kept.
    let set = serde_json::to_value(&changes.set).unwrap();
    assert_eq!(
        set,
        json!({"index": {"v": 1, "d": {"first": "2026-06-04", "aside": []}}})
    );
    let expected: Vec<String> = date(2026, 5, 25)
        .iter_days()
        .take_while(|d| *d < date(2026, 6, 4))
        .map(fairtime::storage::day_key)
        .collect();
    assert_eq!(expected.len(), 10);
    assert_eq!(changes.remove, expected);
    storage.apply(&changes);
    let kept: Vec<_> = storage
        .0
        .keys()
        .filter(|k| k.starts_with("day:"))
        .cloned()
        .collect();
    assert_eq!(kept.first().map(String::as_str), Some("day:2026-06-04"));
    assert_eq!(kept.len(), 7);
    assert_eq!(tracker.ledger().days(..).count(), 7);
    // Views no longer see them.
    let report = tracker
        .report(date(2026, 5, 25), 17, at(12, 0), Berlin)
        .unwrap();
    for day in &report.days {
        let old = day.date < date(2026, 6, 4);
        assert_eq!(day.tracked_seconds == 0, old, "{}", day.date);
        assert_eq!(day.categories.is_empty(), old);
    }
    // Days 11 to 17 kept: 11 + … + 17 minutes of work, and 7 of news.
    assert_eq!(report.tracked_seconds, (98 + 7) * 60);
    assert!(tracker.prune(at(12, 0), Berlin).is_empty());
}

#[test]
fn prune_counts_days_in_the_local_time_zone() {
    let storage = seventeen_days();
    // 00:30 on 10 June in Berlin is still 9 June in UTC.
    let now = at(0, 30);
    let berlin_removed = storage.load(now).prune(now, Berlin).remove;
    let utc_removed = storage
        .load(now)
        .prune(now, FixedOffset::east_opt(0).unwrap())
        .remove;
    assert_eq!(berlin_removed.last().unwrap(), "day:2026-06-03");
    assert_eq!(utc_removed.last().unwrap(), "day:2026-06-02");
}

#[test]
fn the_default_retention_keeps_a_year() {
    let mut storage = Storage::default();
    let mut tracker = Tracker::default();
    storage.apply(&tracker.give_consent(at(8, 0), Berlin));
    for d in [date(2025, 6, 9), date(2025, 6, 10), date(2025, 6, 11)] {
        storage
            .0
            .insert(fairtime::storage::day_key(d), stored_day(5, 0));
    }
    let changes = storage.load(at(12, 0)).prune(at(12, 0), Berlin);
    // 366 days with today: 10 June 2025 is the oldest kept.
    assert_eq!(changes.remove, ["day:2025-06-09"]);
}

#[test]
fn reports_and_weeks_sum_their_days() {
    let storage = seventeen_days();
    let tracker = storage.load(at(12, 0));
    let report = tracker
        .report(date(2026, 6, 1), 10, at(12, 0), Berlin)
        .unwrap();
    assert_eq!(report.days.len(), 10);
    assert_eq!(report.days[0].date, date(2026, 6, 1));
    assert_eq!(report.days[9].date, date(2026, 6, 10));
    // 1 June is day 8 of the stored ones: 8 … 17 minutes of work.
    let work: u64 = (8..=17).map(|n| n * 60).sum();
    for (i, day) in report.days.iter().enumerate() {
        let n = i as u64 + 8;
        assert_eq!(day.tracked_seconds, (n + 1) * 60);
        assert_eq!(day.categories["work"], n * 60);
        assert_eq!(day.categories["news"], 60);
        let weekend = matches!(day.date.weekday(), Weekday::Sat | Weekday::Sun);
        assert_eq!(
            day.scheduled_seconds,
            Some(if weekend { 0 } else { 7 * 3600 })
        );
    }
    assert_eq!(report.tracked_seconds, work + 600);
    assert_eq!(report.scheduled_seconds, Some(8 * 7 * 3600));
    assert_eq!(
        report
            .categories
            .iter()
            .map(|c| (c.id.as_str(), c.seconds))
            .collect::<Vec<_>>(),
        [("work", work), ("news", 600)]
    );
    assert_eq!(
        report.tracked_seconds,
        report.days.iter().map(|d| d.tracked_seconds).sum::<u64>()
    );

    // The week of Wednesday 10 June: Monday 8 to Sunday 14.
    let week = tracker.week(at(12, 0), 0, Berlin).unwrap();
    let dates: Vec<_> = week.days.iter().map(|d| d.date).collect();
    assert_eq!(
        dates,
        date(2026, 6, 8).iter_days().take(7).collect::<Vec<_>>()
    );
    assert_eq!(week.tracked_seconds, (16 + 17 + 18) * 60);
    assert_eq!(week.scheduled_seconds, Some(5 * 7 * 3600));
    let last_week = tracker.week(at(12, 0), 1, Berlin).unwrap();
    assert_eq!(last_week.days[0].date, date(2026, 6, 1));
    assert_eq!(
        last_week.tracked_seconds,
        (9..=15).map(|n| n * 60).sum::<u64>()
    );
    // A week back further than the calendar goes is empty, not a panic.
    let far = tracker.week(at(12, 0), u32::MAX, Berlin).unwrap();
    assert_eq!(far.tracked_seconds, 0);
    let _ = tracker.week(Millis::MIN, 3, Berlin).unwrap();
    let _ = tracker.week(Millis::MAX, 0, Berlin).unwrap();
}

#[test]
fn the_heartbeat_runs_only_while_something_may_be_counted() {
    assert!(
        !Tracker::default().needs_heartbeat(at(10, 0), Berlin),
        "nothing is counted before consent"
    );
    // The default schedule: 09:00-17:00 with lunch 12:00-13:00.
    let (mut tracker, _) = consenting(at(8, 0));
    let beats = |tracker: &mut Tracker, input: Input| {
        let at = input.at();
        tracker.input(&input, Berlin).unwrap();
        tracker.needs_heartbeat(at, Berlin)
    };
    assert!(
        !beats(&mut tracker, focus(at(8, 30), DOCS)),
        "before working hours"
    );
    assert!(
        beats(&mut tracker, event("heartbeat", at(9, 0))),
        "counting"
    );
    assert!(!beats(&mut tracker, pause(at(10, 0), Some(5))), "paused");
    assert!(
        beats(&mut tracker, event("heartbeat", at(10, 5))),
        "the pause ended"
    );
    assert!(
        beats(&mut tracker, event("idle", at(10, 30))),
        "idle ends with an event, but stays cheap to watch"
    );
    assert!(beats(&mut tracker, event("active", at(10, 31))));
    assert!(!beats(&mut tracker, event("heartbeat", at(12, 0))), "lunch");
    assert!(
        beats(&mut tracker, event("heartbeat", at(13, 0))),
        "after lunch"
    );
    assert!(
        !beats(&mut tracker, pause(at(14, 0), None)),
        "paused until resumed"
    );
    assert!(beats(&mut tracker, event("resume", at(14, 10))));
    assert!(
        !beats(&mut tracker, event("heartbeat", at(17, 0))),
        "the evening"
    );
    // Whenever the heartbeat stops, a wake-up is due when counting can start again.
    assert_eq!(
        tracker.next_wake(at(17, 0), Berlin),
        Some(berlin(day().succ_opt().unwrap(), 9, 0))
    );
    tracker.withdraw_consent(at(17, 1), Berlin).unwrap();
    assert!(!tracker.needs_heartbeat(at(17, 1), Berlin));
}

#[test]
fn a_report_says_whether_earlier_days_are_kept() {
    // Wednesday 10 June 2026: this week began on Monday 8 June. Consent
    // years before: only the retention limits what is offered.
    let (mut tracker, _) = consenting(berlin(date(2020, 1, 6), 8, 0));
    assert!(
        tracker.week(at(12, 0), 0, Berlin).unwrap().earlier,
        "a year is kept by default"
    );
    assert!(tracker.week(at(12, 0), 51, Berlin).unwrap().earlier);
    assert!(
        !tracker.week(at(12, 0), 52, Berlin).unwrap().earlier,
        "a year ago is the oldest day kept"
    );
    assert!(!tracker.week(at(12, 0), u32::MAX, Berlin).unwrap().earlier);
    for (days, earlier) in [(3, false), (4, true)] {
        let settings = settings_with(json!({"retention_days": days}));
        tracker.set_settings(settings, at(12, 0), Berlin).unwrap();
        let week = tracker.week(at(12, 0), 0, Berlin).unwrap();
        assert_eq!(
            week.earlier, earlier,
            "{days} days kept, from {}",
            week.days[0].date
        );
    }
}

#[test]
fn the_live_view_adds_the_open_step_to_the_stored_day() {
    let (tracker, _) = run_until(at(9, 30));
    // The last input was at 09:30; the popup asks 50 s later.
    let view = tracker.day_view(at(9, 30) + 50 * SECOND, Berlin);
    assert_eq!(view.tracked_seconds, 30 * 60 + 50);
    let report = tracker
        .report(day(), 1, at(9, 30) + 50 * SECOND, Berlin)
        .unwrap();
    assert_eq!(report.tracked_seconds, 30 * 60 + 50);
    // Beyond the sign-of-life limit, nothing is assumed.
    let view = tracker.day_view(at(9, 40), Berlin);
    assert_eq!(view.tracked_seconds, 30 * 60);
}

#[test]
fn status_follows_the_day() {
    let status = |h: u32, m: u32| {
        let (tracker, _) = run_until(at(h, m));
        serde_json::to_value(tracker.status(at(h, m), Berlin)).unwrap()
    };
    let category = |id: &str, name: &str, colour: &str, work: bool| json!({"id": id, "name": name, "colour": colour, "work": work, "seconds": 0});
    assert_eq!(
        serde_json::to_value(Tracker::default().status(at(9, 0), Berlin)).unwrap(),
        json!({"state": "no_consent"})
    );
    assert_eq!(
        status(8, 45),
        json!({"state": "off_hours", "next_change": at(9, 0), "day_off": false})
    );
    assert_eq!(
        status(9, 10),
        json!({"state": "tracking", "domain": "docs.google.com", "display": "docs.google.com",
               "category": category("work", "Work tools", "#2563eb", true)})
    );
    assert_eq!(
        status(10, 30),
        json!({"state": "tracking", "domain": "tiny-vendor.example", "display": "tiny-vendor.example",
               "category": category("uncategorized", "Uncategorized", "#9e9e9e", false)})
    );
    assert_eq!(status(10, 45), json!({"state": "untracked"}));
    assert_eq!(status(11, 10), json!({"state": "idle"}));
    assert_eq!(
        status(11, 35),
        json!({"state": "paused", "until": at(11, 45)})
    );
    assert_eq!(status(11, 50)["state"], "tracking");
    assert_eq!(
        status(12, 15),
        json!({"state": "on_break", "name": "Lunch", "until": at(13, 0)})
    );
    assert_eq!(status(13, 40), json!({"state": "unfocused"}));
    assert_eq!(
        status(17, 10),
        json!({"state": "off_hours", "next_change": berlin(date(2026, 6, 11), 9, 0), "day_off": false})
    );
    assert_eq!(status(17, 45), json!({"state": "stopped"}));

    let (mut tracker, _) = run_until(at(9, 10));
    tracker
        .input(&input(json!({"type": "locked", "at": at(9, 11)})), Berlin)
        .unwrap();
    assert_eq!(
        serde_json::to_value(tracker.status(at(9, 11), Berlin)).unwrap(),
        json!({"state": "locked"})
    );
    tracker.input(&pause(at(9, 12), None), Berlin).unwrap();
    assert_eq!(
        serde_json::to_value(tracker.status(at(9, 12), Berlin)).unwrap(),
        json!({"state": "paused", "until": null})
    );
    // A heartbeat missed for longer than the sign-of-life limit.
    let (tracker, _) = run_until(at(9, 10));
    assert_eq!(
        serde_json::to_value(tracker.status(at(9, 15), Berlin)).unwrap(),
        json!({"state": "stopped"})
    );
}

#[test]
fn next_wake_is_the_next_boundary_or_the_pause_end_whichever_is_sooner() {
    let wake = |tracker: &Tracker, t: Millis| tracker.next_wake(t, Berlin);
    assert_eq!(wake(&Tracker::default(), at(9, 0)), None);
    let (tracker, _) = run_until(at(8, 45));
    assert_eq!(wake(&tracker, at(8, 45)), Some(at(9, 0)));
    let (tracker, _) = run_until(at(10, 0));
    assert_eq!(wake(&tracker, at(10, 0)), Some(at(12, 0)));
    // Paused 11:30–11:45: the pause ends first.
    let (tracker, _) = run_until(at(11, 35));
    assert_eq!(wake(&tracker, at(11, 35)), Some(at(11, 45)));
    // Once it has ended, the lunch break is next.
    let (tracker, _) = run_until(at(11, 50));
    assert_eq!(wake(&tracker, at(11, 50)), Some(at(12, 0)));
    // A pause past the lunch break: the break comes first.
    let (mut tracker, _) = run_until(at(11, 50));
    tracker.input(&pause(at(11, 50), Some(30)), Berlin).unwrap();
    assert_eq!(wake(&tracker, at(11, 50)), Some(at(12, 0)));
    // An open pause: the schedule's boundaries only.
    let (mut tracker, _) = run_until(at(10, 0));
    tracker.input(&pause(at(10, 0), None), Berlin).unwrap();
    assert_eq!(wake(&tracker, at(10, 0)), Some(at(12, 0)));
    // Friday evening: Monday morning.
    let friday = date(2026, 6, 12);
    let (mut tracker, _) = consenting(berlin(friday, 16, 0));
    tracker
        .input(&focus(berlin(friday, 16, 0), DOCS), Berlin)
        .unwrap();
    assert_eq!(
        tracker.next_wake(berlin(friday, 16, 0), Berlin),
        Some(berlin(friday, 17, 0))
    );
    assert_eq!(
        tracker.next_wake(berlin(friday, 17, 0), Berlin),
        Some(berlin(date(2026, 6, 15), 9, 0))
    );
    // A schedule without working time has no boundaries.
    let (mut tracker, _) = consenting(at(9, 0));
    tracker
        .set_settings(
            settings_with(json!({"schedule": {"hours": {}}})),
            at(9, 0),
            Berlin,
        )
        .unwrap();
    assert_eq!(tracker.next_wake(at(9, 0), Berlin), None);
    tracker.input(&pause(at(9, 0), Some(10)), Berlin).unwrap();
    assert_eq!(tracker.next_wake(at(9, 0), Berlin), Some(at(9, 10)));
}

#[test]
fn pauses_of_odd_lengths() {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), DOCS)]);
    // Longer than a week: until resumed.
    feed(
        &mut tracker,
        &mut storage,
        &[pause(at(9, 0), Some(8 * 24 * 60))],
    );
    assert_eq!(
        serde_json::to_value(tracker.status(at(9, 0), Berlin)).unwrap(),
        json!({"state": "paused", "until": null})
    );
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    feed(&mut tracker, &mut storage, &[event("resume", at(9, 10))]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 10), at(9, 20)),
    );
    assert_eq!(tracker.day_view(at(9, 20), Berlin).tracked_seconds, 600);
}

#[test]
fn forgetting_everything_removes_every_key_written() {
    let (mut tracker, mut storage) = run_until(at(12, 0));
    storage.apply(
        &tracker
            .edit_rules(
                edit(json!({"op": "add_rule", "pattern": "x.example", "category": "work"})),
                at(12, 0),
                Berlin,
            )
            .unwrap(),
    );
    assert!(storage.0.len() >= 4);
    storage.apply(&tracker.forget_everything(at(12, 0)).unwrap());
    // Only the data log's one entry saying so is left.
    assert_eq!(
        storage.0.keys().collect::<Vec<_>>(),
        ["datalog"],
        "{:?}",
        storage.0.keys()
    );
    assert_eq!(tracker.settings().consent(), None);
    assert_eq!(tracker.day_view(at(12, 0), Berlin).tracked_seconds, 0);
}

// ---------------------------------------------------------------------------
// 8. Explaining a classification.

#[test]
fn explain_takes_a_url_or_a_host() {
    let (mut tracker, _) = consenting(at(8, 0));
    tracker
        .set_settings(
            settings_with(json!({"excluded": ["bank.example"]})),
            at(8, 0),
            Berlin,
        )
        .unwrap();
    let view = tracker.explain(DOCS).unwrap();
    assert_eq!(view.host, "docs.google.com");
    assert_eq!(view.rule.as_deref(), Some("docs.google.com"));
    assert_eq!(view.category.id, "work");
    assert!(!view.excluded);
    assert_eq!(
        view.sentence,
        "docs.google.com matches the rule docs.google.com: Work tools"
    );
    assert!(!serde_json::to_string(&view).unwrap().contains("SECRET"));

    let view = tracker.explain("  Mail.Google.COM. ").unwrap();
    assert_eq!(view.host, "mail.google.com");
    assert_eq!(view.rule.as_deref(), Some("mail.google.com"));
    assert_eq!(view.category.id, "communication");

    // The most specific rule wins: google.com covers search, not mail.
    let view = tracker.explain("www.google.com").unwrap();
    assert_eq!(view.rule.as_deref(), Some("google.com"));
    assert_eq!(view.category.id, "research");

    let view = tracker.explain("tiny-vendor.example").unwrap();
    assert_eq!(view.rule, None);
    assert_eq!(view.category.id, "uncategorized");
    assert_eq!(
        view.sentence,
        "no rule matched tiny-vendor.example; Uncategorized"
    );

    let view = tracker.explain(BANK).unwrap();
    assert_eq!(view.host, "online.bank.example");
    assert!(view.excluded);
    assert!(
        view.sentence
            .contains("excluded domain, so it is never recorded"),
        "{}",
        view.sentence
    );
    assert_eq!(
        serde_json::to_value(&view).unwrap()["excluded"],
        json!(true)
    );
    assert!(!tracker.explain("mybank.example").unwrap().excluded);
}

#[test]
fn explain_refuses_pages_that_are_never_tracked_and_malformed_input() {
    let tracker = Tracker::default();
    for (input, message) in [
        (
            "chrome://settings/",
            "Pages of the browser itself are not tracked.",
        ),
        (
            "chrome-extension://abc/popup.html",
            "Pages of browser extensions are not tracked.",
        ),
        ("file:///home/me/notes.txt", "Local files are not tracked."),
        (
            "ftp://files.example/",
            "Only web pages (http and https) are tracked.",
        ),
        ("https://", "“https://” is not a site"),
        (
            "https://exa mple.com/",
            "is not a site: type one such as example.com",
        ),
        ("https://example.com:99999/", "is not a site"),
        ("", "Type a site, such as example.com"),
        ("exa mple.com", "“exa mple.com” is not a site"),
        ("a..b", "“a..b” is not a site"),
        ("*.example.com", "Test one site at a time"),
    ] {
        let err = tracker.explain(input).unwrap_err();
        assert!(matches!(err, TrackerError::NotTracked(_)), "{input}");
        assert!(err.to_string().contains(message), "{input}: {err}");
    }
}

// ---------------------------------------------------------------------------
// Changes of rules or settings while a site is in front, in other states.

#[test]
fn excluding_a_site_behind_another_application_forgets_it_too() {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), BANK)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 5)));
    feed(&mut tracker, &mut storage, &[event("unfocused", at(9, 5))]);
    storage.apply(
        &tracker
            .set_settings(
                settings_with(json!({"excluded": ["bank.example"]})),
                at(9, 6),
                Berlin,
            )
            .unwrap(),
    );
    let text = everything_but_settings(&storage, &tracker, at(9, 6));
    assert!(!text.contains("bank"), "{text}");
    assert_eq!(
        serde_json::to_value(tracker.status(at(9, 6), Berlin)).unwrap(),
        json!({"state": "unfocused"})
    );
    // Back in the browser, on the bank: nothing counts.
    feed(&mut tracker, &mut storage, &[focus(at(9, 7), BANK)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 7), at(9, 20)));
    assert_eq!(tracker.day_view(at(9, 20), Berlin).tracked_seconds, 0);
    assert!(tracker.ledger().days(..).next().is_none());
    assert!(!storage.0.keys().any(|k| k.starts_with("day:")));
}

#[test]
fn a_settings_change_that_hides_nothing_new_keeps_counting() {
    let (mut tracker, mut storage) = run_until(at(9, 30));
    storage.apply(
        &tracker
            .set_settings(
                settings_with(json!({"idle_seconds": 600})),
                at(9, 30),
                Berlin,
            )
            .unwrap(),
    );
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 30), at(9, 40)),
    );
    assert_eq!(tracker.day_view(at(9, 40), Berlin).tracked_seconds, 40 * 60);
    assert_eq!(tracker.settings().idle_seconds(), 600);
    assert_eq!(tracker.settings().consent(), Some(at(8, 0)));
}

#[test]
fn after_the_clock_went_back_a_rule_edit_waits_for_the_next_focus() {
    // Counted up to 9:10, then the clock goes back to 8:59: what is in front
    // at the instants not yet counted is unknown, so a reclassification
    // counts nothing until the browser reports the front tab again.
    let (mut tracker, mut storage) = consenting(at(8, 0));
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), NEWS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    feed(&mut tracker, &mut storage, &[event("heartbeat", at(8, 59))]);
    let edited = tracker.edit_rules(
        edit(json!({"op": "add_rule", "pattern": "=www.nytimes.com", "category": "research"})),
        at(8, 59) + 30 * SECOND,
        Berlin,
    );
    storage.apply(&edited.unwrap());
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(8, 59) + 30 * SECOND, at(9, 20)),
    );
    feed(&mut tracker, &mut storage, &[focus(at(9, 20), NEWS)]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 20), at(9, 25)),
    );
    // The ten minutes before the edit moved with the site; nothing counted
    // from 8:59:30 to 9:20.
    let view = tracker.day_view(at(9, 25), Berlin);
    assert_eq!(seconds_of(&view, "news"), 0);
    assert_eq!(seconds_of(&view, "research"), 15 * 60);
    assert_eq!(view.tracked_seconds, 15 * 60);
}

#[test]
fn in_category_only_mode_a_rule_edit_waits_for_the_next_focus() {
    // The host in front was not kept, so its new category is unknown until
    // the browser reports it again: nothing counts under a stale category.
    let (mut tracker, mut storage) = consenting(at(8, 0));
    storage.apply(
        &tracker
            .set_settings(
                settings_with(json!({"category_only": true})),
                at(8, 0),
                Berlin,
            )
            .unwrap(),
    );
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), NEWS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    storage.apply(
        &tracker
            .edit_rules(
                edit(json!({"op": "add_rule", "pattern": "=www.nytimes.com", "category": "research"})),
                at(9, 10),
                Berlin,
            )
            .unwrap(),
    );
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 10), at(9, 15)),
    );
    feed(&mut tracker, &mut storage, &[focus(at(9, 15), NEWS)]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 15), at(9, 25)),
    );
    let view = tracker.day_view(at(9, 25), Berlin);
    assert_eq!(seconds_of(&view, "news"), 600);
    assert_eq!(seconds_of(&view, "research"), 600);
    assert_eq!(view.tracked_seconds, 1200);
    // Renaming changes no classification: counting goes on.
    storage.apply(
        &tracker
            .edit_rules(
                edit(json!({"op": "rename_category", "id": "research", "name": "Reading"})),
                at(9, 25),
                Berlin,
            )
            .unwrap(),
    );
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 25), at(9, 30)),
    );
    assert_eq!(
        seconds_of(&tracker.day_view(at(9, 30), Berlin), "research"),
        900
    );
}

#[test]
fn a_day_of_23_hours_when_berlin_springs_forward() {
    // Sunday 29 March 2026: 02:00 becomes 03:00. Working all day.
    let sunday = date(2026, 3, 29);
    let (mut tracker, mut storage) = consenting(berlin(sunday, 0, 0));
    storage.apply(
        &tracker
            .set_settings(
                settings_with(json!({"schedule": {"hours": {"sun": ["00:00-24:00"]}}})),
                berlin(sunday, 0, 0),
                Berlin,
            )
            .unwrap(),
    );
    let start = berlin(sunday, 0, 0);
    let end = berlin(date(2026, 3, 30), 0, 0);
    assert_eq!(end - start, 23 * HOUR);
    feed(&mut tracker, &mut storage, &[focus(start, DOCS)]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(start, end + 30 * MINUTE),
    );
    let view = tracker.day_view(end - 1, Berlin);
    assert_eq!(view.date, sunday);
    assert_eq!(view.scheduled_seconds, 23 * 3600);
    assert_eq!(view.tracked_seconds, 23 * 3600);
    // Monday morning is not working time in this schedule.
    assert_eq!(tracker.day_view(end, Berlin).tracked_seconds, 0);
    assert_eq!(storage.load(end).day_view(end - 1, Berlin), view);
}

#[test]
fn leaving_category_only_mode_keeps_counting_and_names_sites_from_the_next_focus() {
    let (mut tracker, mut storage) = consenting(at(8, 0));
    storage.apply(
        &tracker
            .set_settings(
                settings_with(json!({"category_only": true, "excluded": ["bank.example"]})),
                at(8, 0),
                Berlin,
            )
            .unwrap(),
    );
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), DOCS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    // Names allowed again, and the bank no longer excluded.
    storage.apply(
        &tracker
            .set_settings(Default::default(), at(9, 10), Berlin)
            .unwrap(),
    );
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 10), at(9, 20)),
    );
    feed(&mut tracker, &mut storage, &[focus(at(9, 20), DOCS)]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 20), at(9, 30)),
    );
    let view = tracker.day_view(at(9, 30), Berlin);
    assert_eq!(seconds_of(&view, "work"), 30 * 60);
    assert_eq!(domain_seconds(&view, "docs.google.com"), 10 * 60);
}

#[test]
fn explain_gives_a_url_reason_for_urls_without_slashes() {
    let tracker = Tracker::default();
    let err = tracker.explain("about:blank").unwrap_err().to_string();
    assert!(!err.contains("host name cannot contain"), "{err}");
    assert_eq!(
        err,
        fairtime::domain::host_of_url("about:blank")
            .unwrap_err()
            .to_string()
    );
    // A host with a port is a site, as in the rule and exclusion fields.
    assert_eq!(tracker.explain("localhost:3000").unwrap().host, "localhost");
}
