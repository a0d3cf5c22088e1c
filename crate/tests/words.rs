//! What a person reads of the tracker's views: sites in Unicode (storage
//! keeps the ASCII form), a day off said as such, and the three site
//! fields reading the same inputs through one function.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Berlin;
use fairtime::site_field::{self, Field};
use fairtime::time::{Millis, MINUTE};
use fairtime::tracker::{Input, RuleEdit, Tracker};
use serde_json::{json, Value};

fn berlin(y: i32, mo: u32, d: u32, h: u32, m: u32) -> Millis {
    let date = NaiveDate::from_ymd_opt(y, mo, d).unwrap();
    Berlin
        .from_local_datetime(&date.and_hms_opt(h, m, 0).unwrap())
        .single()
        .unwrap()
        .timestamp_millis()
}

fn input(value: Value) -> Input {
    serde_json::from_value(value).unwrap()
}

fn edit(value: Value) -> RuleEdit {
    serde_json::from_value(value).unwrap()
}

/// Wednesday 10 June 2026, 10:00: inside the default working hours.
fn wednesday(h: u32, m: u32) -> Millis {
    berlin(2026, 6, 10, h, m)
}

fn consenting(at: Millis) -> Tracker {
    let mut tracker = Tracker::default();
    tracker.give_consent(at, Berlin);
    tracker
}

#[test]
fn an_international_site_is_stored_in_ascii_and_shown_in_unicode() {
    let start = wednesday(10, 0);
    let mut tracker = consenting(start);
    let stored = tracker
        .input(
            &input(
                json!({"type": "focus", "at": start, "url": "https://www.xn--bcher-kva.de/kasse"}),
            ),
            Berlin,
        )
        .unwrap();
    for minute in 1..=5 {
        tracker
            .input(
                &input(json!({"type": "heartbeat", "at": start + minute * MINUTE})),
                Berlin,
            )
            .unwrap();
    }
    let status = serde_json::to_value(tracker.status(start + 5 * MINUTE, Berlin)).unwrap();
    assert_eq!(status["domain"], "www.xn--bcher-kva.de");
    assert_eq!(status["display"], "www.bücher.de");

    let view = tracker.day_view(start + 5 * MINUTE, Berlin);
    let top = &view.top_domains[0];
    assert_eq!(
        (top.domain.as_str(), top.display.as_str()),
        ("www.xn--bcher-kva.de", "www.bücher.de")
    );
    // Storage holds no Unicode form.
    let written = serde_json::to_string(&tracker.settle(start + 6 * MINUTE, Berlin).unwrap())
        .unwrap()
        + &serde_json::to_string(&stored).unwrap();
    assert!(!written.contains("bücher"), "{written}");

    let explained = tracker.explain("https://www.bücher.de/x").unwrap();
    assert_eq!(explained.host, "www.xn--bcher-kva.de");
    assert_eq!(explained.display, "www.bücher.de");
}

#[test]
fn a_rule_typed_in_unicode_or_as_an_address_is_kept_in_ascii() {
    let at = wednesday(10, 0);
    let mut tracker = consenting(at);
    tracker
        .edit_rules(
            edit(json!({"op": "add_rule", "pattern": "*.Bücher.de", "category": "research"})),
            at,
            Berlin,
        )
        .unwrap();
    tracker
        .edit_rules(
            edit(json!({"op": "add_rule", "pattern": "https://tiny-vendor.example/pricing?x=1", "category": "work"})),
            at,
            Berlin,
        )
        .unwrap();
    let rules = serde_json::to_value(tracker.rules()).unwrap();
    let patterns: Vec<&str> = rules["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["pattern"].as_str().unwrap())
        .collect();
    assert!(patterns.contains(&"*.xn--bcher-kva.de"), "{patterns:?}");
    assert!(patterns.contains(&"tiny-vendor.example"), "{patterns:?}");
    assert_eq!(site_field::display("*.xn--bcher-kva.de"), "*.bücher.de");
    let view = tracker.explain("shop.bücher.de").unwrap();
    assert_eq!(
        (view.rule.as_deref(), view.category.id.as_str()),
        (Some("*.xn--bcher-kva.de"), "research")
    );
}

#[test]
fn the_three_site_fields_read_one_input_as_the_same_site() {
    for typed in [
        "bücher.de",
        "https://bücher.de/",
        "http://BÜCHER.de:8080/a?b#c",
        "bücher.de/kasse",
        "xn--bcher-kva.de",
    ] {
        let sites: Vec<String> = [Field::Rule, Field::Exclusion, Field::Test]
            .into_iter()
            .map(|field| site_field::read(typed, field).unwrap().to_string())
            .collect();
        assert_eq!(sites, ["xn--bcher-kva.de"; 3], "{typed}");
    }
    // One message for what is no site, naming what to type.
    for field in [Field::Rule, Field::Exclusion, Field::Test] {
        let message = site_field::read("no site here", field)
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("“no site here” is not a site") && message.contains("example.com"),
            "{message}"
        );
    }
}

#[test]
fn a_day_without_working_hours_is_a_day_off() {
    // Saturday 13 June 2026: the default schedule has no hours on Saturdays.
    let saturday = berlin(2026, 6, 13, 11, 0);
    let tracker = consenting(saturday);
    let status = serde_json::to_value(tracker.status(saturday, Berlin)).unwrap();
    assert_eq!(status["state"], "off_hours");
    assert_eq!(status["day_off"], true);
    // The next working time is Monday morning.
    let next = status["next_change"].as_i64().unwrap();
    assert_eq!(next, berlin(2026, 6, 15, 9, 0));

    // A working day after hours is not a day off.
    let evening = wednesday(19, 0);
    let status = serde_json::to_value(consenting(evening).status(evening, Berlin)).unwrap();
    assert_eq!(
        (status["state"].as_str(), status["day_off"].as_bool()),
        (Some("off_hours"), Some(false))
    );
}

#[test]
fn a_date_off_in_the_schedule_is_a_day_off_too() {
    let at = wednesday(11, 0);
    let mut tracker = consenting(at);
    let mut settings = serde_json::to_value(tracker.settings()).unwrap();
    settings["schedule"]["days_off"] = json!(["2026-06-10"]);
    tracker
        .set_settings(serde_json::from_value(settings).unwrap(), at, Berlin)
        .unwrap();
    let status = serde_json::to_value(tracker.status(at, Berlin)).unwrap();
    assert_eq!(
        (status["state"].as_str(), status["day_off"].as_bool()),
        (Some("off_hours"), Some(true))
    );
}
