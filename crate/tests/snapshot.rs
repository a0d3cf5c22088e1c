//! `Tracker::steady_until`: the toolbar popup draws a copy of the view made
//! at `at` (extension/snapshot.js) until then, adding the time passed to
//! what is being counted. These tests hold the core to that promise: at any
//! later instant up to `steady_until`, the view is the copy so grown.

mod common;

use chrono_tz::Europe::Berlin;
use common::{berlin, date, input, Storage};
use fairtime::time::{Millis, MINUTE, SECOND};
use fairtime::tracker::{DayView, StatusView, Tracker};
use proptest::prelude::*;
use serde_json::json;

/// Working 08:00-12:00 and 13:00-17:00 every day, consent given long ago.
fn office() -> Tracker {
    let hours = ["08:00-12:00", "13:00-17:00"];
    let mut storage = Storage::default();
    storage.0.insert(
        "settings".into(),
        json!({"v": 2, "d": {
            "schedule": {"hours": {"mon": hours, "tue": hours, "wed": hours, "thu": hours, "fri": hours, "sat": hours, "sun": hours}},
            "idle_seconds": 300,
            "retention_days": 365,
            "consent": 0,
        }}),
    );
    storage.load_any(berlin(date(2026, 6, 10), 7, 0))
}

const SITES: [&str; 4] = [
    "https://github.com/a",
    "https://docs.google.com/b",
    "https://www.youtube.com/c",
    "about:blank",
];

/// What the browser may report, `gap` ms after the previous input.
#[derive(Debug, Clone)]
enum Step {
    Focus(usize),
    Unfocused,
    Heartbeat,
    Idle,
    Active,
    Pause(Option<u32>),
    Resume,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..SITES.len()).prop_map(Step::Focus),
        1 => Just(Step::Unfocused),
        4 => Just(Step::Heartbeat),
        1 => Just(Step::Idle),
        1 => Just(Step::Active),
        1 => prop::option::of(1u32..30).prop_map(Step::Pause),
        1 => Just(Step::Resume),
    ]
}

fn apply(tracker: &mut Tracker, step: &Step, at: Millis) {
    let value = match step {
        Step::Focus(i) => json!({"type": "focus", "at": at, "url": SITES[*i]}),
        Step::Unfocused => json!({"type": "unfocused", "at": at}),
        Step::Heartbeat => json!({"type": "heartbeat", "at": at}),
        Step::Idle => json!({"type": "idle", "at": at}),
        Step::Active => json!({"type": "active", "at": at}),
        Step::Pause(Some(m)) => json!({"type": "pause", "at": at, "minutes": m}),
        Step::Pause(None) => json!({"type": "pause", "at": at}),
        Step::Resume => json!({"type": "resume", "at": at}),
    };
    tracker.input(&input(value), Berlin).unwrap();
}

/// The copy made at `at`, grown as extension/snapshot.js grows it to `now`.
fn grown(copy: &DayView, status: &StatusView, at: Millis, now: Millis) -> (u64, u64) {
    let passed = u64::try_from((now - at) / SECOND).unwrap();
    match status {
        StatusView::Tracking { .. } => (copy.tracked_seconds + passed, passed),
        _ => (copy.tracked_seconds, 0),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Up to `steady_until`, the status stays the same and the day grows by
    /// the time passed on the category and site being counted, and only
    /// there (within the second the views round to).
    #[test]
    fn a_copy_stays_true_until_steady_until(
        steps in prop::collection::vec((step(), 0..(3 * MINUTE)), 1..30),
        start_minute in 0i64..(24 * 60),
        look in 0i64..(2 * 3_600_000),
        fraction in 0.0f64..=1.0,
    ) {
        let mut tracker = office();
        let mut at = berlin(date(2026, 6, 10), 0, 0) + start_minute * MINUTE;
        for (s, gap) in &steps {
            at += gap;
            apply(&mut tracker, s, at);
        }
        let at = at + look;
        let until = tracker.steady_until(at, Berlin);
        prop_assert!(until >= at);
        let now = at + ((until - at) as f64 * fraction) as Millis;
        let status = tracker.status(at, Berlin);
        let copy = tracker.day_view(at, Berlin);
        let later = tracker.day_view(now, Berlin);
        prop_assert_eq!(later.date, copy.date);
        let (tracked, passed) = grown(&copy, &status, at, now);
        prop_assert!(later.tracked_seconds.abs_diff(tracked) <= 1, "{} vs {}", later.tracked_seconds, tracked);
        match (&status, tracker.status(now, Berlin)) {
            (StatusView::Tracking { category, domain, .. }, StatusView::Tracking { category: c, domain: d, .. }) => {
                prop_assert_eq!(&category.id, &c.id);
                prop_assert_eq!(domain, &d);
                let before = copy.categories.iter().find(|x| x.id == category.id).map_or(0, |x| x.seconds);
                let after = later.categories.iter().find(|x| x.id == category.id).map_or(0, |x| x.seconds);
                prop_assert!(after.abs_diff(before + passed) <= 1);
            }
            (before, after) => {
                // Paused, off hours, idle…: nothing moves but the clock.
                prop_assert_eq!(std::mem::discriminant(before), std::mem::discriminant(&after));
                prop_assert_eq!(&later.categories, &copy.categories);
            }
        }
    }
}

#[test]
fn counting_is_steady_until_the_sign_of_life_lapses_or_the_hours_end() {
    let mut tracker = office();
    let nine = berlin(date(2026, 6, 10), 9, 0);
    apply(&mut tracker, &Step::Focus(0), nine);
    // A minute after the last sign of life, the browser counts as gone.
    assert_eq!(tracker.steady_until(nine, Berlin), nine + MINUTE - 1);
    let before_noon = berlin(date(2026, 6, 10), 11, 59) + 30 * SECOND;
    apply(&mut tracker, &Step::Heartbeat, before_noon);
    assert_eq!(
        tracker.steady_until(before_noon, Berlin),
        berlin(date(2026, 6, 10), 12, 0)
    );
    // Paused for 5 minutes: steady until the pause ends.
    let mut tracker = office();
    apply(&mut tracker, &Step::Focus(0), nine);
    apply(&mut tracker, &Step::Pause(Some(5)), nine + SECOND);
    assert_eq!(
        tracker.steady_until(nine + 2 * SECOND, Berlin),
        nine + SECOND + 5 * MINUTE
    );
    // A paused worker sends no sign of life: the copy lasts the pause.
    assert_eq!(
        tracker.steady_until(nine + 3 * MINUTE, Berlin),
        nine + SECOND + 5 * MINUTE
    );
    // In the evening, once the last sign of life has lapsed: until midnight,
    // when the day changes.
    let evening = berlin(date(2026, 6, 10), 20, 0);
    assert_eq!(
        tracker.steady_until(evening, Berlin),
        berlin(date(2026, 6, 11), 0, 0)
    );
    assert_eq!(
        office().steady_until(evening, Berlin),
        berlin(date(2026, 6, 11), 0, 0)
    );
}
