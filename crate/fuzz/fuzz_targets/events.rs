//! The event stream: arbitrary inputs, edits and timestamps (forwards,
//! backwards, across days and DST) into the tracker, as crate/tests/tracker.rs
//! drives it. After every step: no negative time, no time counted twice
//! (the total never grows by more than the clock moved past its furthest
//! point), a day's total never above its scheduled time, the categories
//! adding up to the day, and storage that loads back as the same tracker.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use chrono::NaiveDate;
use chrono_tz::Europe::Berlin;
use fairtime::ledger::{BLINK, DEFAULT_MAX_GAP};
use fairtime::settings::Settings;
use fairtime::time::{Calendar, Millis, Span, HOUR, MINUTE};
use fairtime::tracker::{RuleEdit, Tracker};
use fairtime_fuzz::{berlin, date, input, Storage, URLS};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

#[derive(Debug, Arbitrary)]
enum Op {
    Focus(Option<u8>),
    Heartbeat,
    Simple(u8),
    Pause(Option<u16>),
    Consent,
    Withdraw,
    Prune,
    Settle,
    AddRule(u8),
    Settings {
        category_only: bool,
        exclude_bank: bool,
        retention_days: u8,
        hours: u8,
    },
    Reload,
}

#[derive(Debug, Arbitrary)]
enum Step {
    Short(u16),
    Blink(u16),
    Minutes(u8),
    Hours(u8),
    Back(u16),
    Raw(i32),
}

impl Step {
    fn millis(&self) -> Millis {
        match *self {
            Step::Short(n) => Millis::from(n) % (DEFAULT_MAX_GAP + 1),
            Step::Blink(n) => Millis::from(n) % (2 * BLINK),
            Step::Minutes(n) => Millis::from(n) * MINUTE,
            Step::Hours(n) => Millis::from(n % 48) * HOUR,
            Step::Back(n) => -(Millis::from(n) % (10 * MINUTE)),
            Step::Raw(n) => Millis::from(n),
        }
    }
}

const SIMPLE: &[&str] = &[
    "unfocused",
    "idle",
    "locked",
    "active",
    "resume",
    "startup",
    "shutdown",
];
const RULES: &[(&str, &str)] = &[
    ("*.acme-intranet.net", "work"),
    ("tiny-vendor.example", "shopping"),
    ("docs.google.com", "news"),
    ("=mail.google.com", "work"),
];
/// Working hours: none, the default, all week round the clock, a night
/// shift across midnight, a split day.
fn hours(n: u8) -> Option<Value> {
    match n % 5 {
        0 => None,
        1 => Some(json!({})),
        2 => Some(json!({
            "mon": ["00:00-24:00"], "tue": ["00:00-24:00"], "wed": ["00:00-24:00"],
            "thu": ["00:00-24:00"], "fri": ["00:00-24:00"], "sat": ["00:00-24:00"],
            "sun": ["00:00-24:00"]
        })),
        3 => Some(
            json!({"mon": ["22:00-24:00"], "tue": ["00:00-06:00", "22:00-24:00"],
            "wed": ["00:00-06:00"], "sun": ["02:00-03:30"]}),
        ),
        _ => Some(json!({"wed": ["08:00-10:00", "10:30-12:00", "13:00-19:00"],
            "sun": ["01:00-04:00"]})),
    }
}

fn settings_with(fields: Value) -> Option<Settings> {
    let mut value = serde_json::to_value(Settings::default()).ok()?;
    for (k, v) in fields.as_object()? {
        value[k] = v.clone();
    }
    serde_json::from_value(value).ok()
}

fn run(tracker: &mut Tracker, storage: &mut Storage, at: Millis, op: &Op) {
    let changes = match op {
        Op::Focus(url) => {
            let url = url.map(|i| URLS[usize::from(i) % URLS.len()]);
            tracker.input(
                &input(json!({"type": "focus", "at": at, "url": url})),
                Berlin,
            )
        }
        Op::Heartbeat => tracker.input(&input(json!({"type": "heartbeat", "at": at})), Berlin),
        Op::Simple(i) => {
            let kind = SIMPLE[usize::from(*i) % SIMPLE.len()];
            tracker.input(&input(json!({"type": kind, "at": at})), Berlin)
        }
        Op::Pause(minutes) => tracker.input(
            &input(json!({"type": "pause", "at": at, "minutes": minutes})),
            Berlin,
        ),
        Op::Consent => Ok(tracker.give_consent(at, Berlin)),
        Op::Withdraw => tracker.withdraw_consent(at, Berlin),
        Op::Prune => Ok(tracker.prune(at, Berlin)),
        Op::Settle => tracker.settle(at, Berlin),
        Op::AddRule(i) => {
            let (pattern, category) = RULES[usize::from(*i) % RULES.len()];
            let edit: RuleEdit = serde_json::from_value(
                json!({"op": "add_rule", "pattern": pattern, "category": category}),
            )
            .expect("edit");
            tracker.edit_rules(edit, at, Berlin)
        }
        Op::Settings {
            category_only,
            exclude_bank,
            retention_days,
            hours: h,
        } => {
            let excluded: Vec<&str> = if *exclude_bank {
                vec!["bank.example"]
            } else {
                vec![]
            };
            let mut fields = json!({
                "category_only": category_only,
                "excluded": excluded,
                "retention_days": 1 + retention_days % 5,
            });
            if let Some(h) = hours(*h) {
                fields["schedule"] = json!({"hours": h});
            }
            match settings_with(fields) {
                Some(s) => tracker.set_settings(s, at, Berlin),
                None => return,
            }
        }
        Op::Reload => {
            *tracker = storage.load_any(at);
            assert!(tracker.problems().is_empty(), "{:?}", tracker.problems());
            return;
        }
    };
    if let Ok(changes) = changes {
        storage.apply(&changes);
    }
}

fn total(tracker: &Tracker) -> Millis {
    tracker.ledger().days(..).map(|(_, d)| d.ms).sum()
}

/// What must hold at `at`, with everything since `start` and the clock at
/// most at `furthest`. `changed` are the local days on which the schedule
/// changed: such a day takes the new schedule (report.rs), so what the old
/// one counted may be more than the new one schedules.
fn check(
    tracker: &Tracker,
    at: Millis,
    (start, furthest): (Millis, Millis),
    changed: &[NaiveDate],
) {
    let calendar = tracker.settings().schedule().in_zone(Berlin);
    for (date, day) in tracker.ledger().days(..) {
        assert!(day.ms >= 0, "{date}: {day:?}");
        let sum: Millis = day.categories.values().map(|c| c.ms).sum();
        assert_eq!(day.ms, sum, "{date}");
        for c in day.categories.values() {
            assert!(c.ms >= 0, "{date}: {c:?}");
            assert!(c.domains.values().all(|&ms| ms >= 0), "{date}: {c:?}");
            assert!(c.domains.values().sum::<Millis>() <= c.ms, "{date}: {c:?}");
        }
        // Never more than passed of the day, or of its working hours.
        let noon = berlin(date, 12, 0);
        let (_, whole) = calendar.local_day(noon);
        let passed = Span::new(
            whole.start.max(start),
            whole.end.min(furthest).max(whole.start.max(start)),
        );
        assert!(
            day.ms <= passed.end - passed.start,
            "{date}: {} ms of {passed:?}",
            day.ms
        );
        if changed.is_empty() {
            let working: Millis = calendar
                .working_spans(passed)
                .iter()
                .map(|s| s.end - s.start)
                .sum();
            assert!(
                day.ms <= working,
                "{date}: {} ms counted, {working} ms scheduled so far",
                day.ms
            );
        }
        if date == calendar.local_day(at).0 && !changed.contains(&date) {
            let view = tracker.report(date, 1, at, Berlin).expect("report");
            if let Some(scheduled) = view.scheduled_seconds {
                assert!(view.tracked_seconds <= scheduled, "{date}: {view:?}");
            }
        }
    }
    // The day view takes the current schedule for today; with the clock set
    // back before the schedule's start, today was counted under another.
    let view = tracker.day_view(at, Berlin);
    let known = tracker
        .settings()
        .schedule_since()
        .map(|since| calendar.local_day(since).0);
    if !changed.contains(&view.date) && known.is_none_or(|from| view.date >= from) {
        assert!(view.tracked_seconds <= view.scheduled_seconds, "{view:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(start_day) = u.int_in_range(0u8..=3) else {
        return;
    };
    let Ok(ops) = u.arbitrary::<Vec<(Step, Op)>>() else {
        return;
    };
    // A Wednesday in summer, the nights of the two DST changes, a New Year.
    let start = match start_day {
        0 => berlin(date(2026, 6, 10), 8, 50),
        1 => berlin(date(2026, 3, 28), 20, 0),
        2 => berlin(date(2026, 10, 24), 20, 0),
        _ => berlin(date(2026, 12, 31), 21, 0),
    };
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    storage.apply(&tracker.give_consent(start, Berlin));
    let (mut t, mut furthest) = (start, start);
    let mut changed = Vec::new();
    for (step, op) in ops.iter().take(200) {
        t = (t + step.millis()).clamp(start - 30 * 24 * HOUR, start + 400 * 24 * HOUR);
        if fairtime_fuzz::tracing() {
            eprintln!("{t} (+{} ms): {op:?}", step.millis());
        }
        let schedule = tracker.settings().schedule().clone();
        run(&mut tracker, &mut storage, t, op);
        if tracker.settings().schedule() != &schedule {
            let calendar = tracker.settings().schedule().in_zone(Berlin);
            let since = tracker.settings().schedule_since().unwrap_or(t);
            changed.push(calendar.local_day(since).0);
        }
        furthest = furthest.max(t);
        check(&tracker, t, (start, furthest), &changed);
        assert!(total(&tracker) <= furthest - start, "more time than passed");
    }
});
