//! No schedule makes a wake-up slow: every schedule computation a waking
//! worker makes takes a bounded number of steps (zone queries, days and
//! intervals walked, weeks searched; counted by `fairtime::steps`, which
//! only tests and the `steps` feature build), whatever the hours, breaks,
//! days off (anywhere up to 9999-12-31) and time zone.

use chrono::{Datelike, NaiveDate, TimeZone, WeekdaySet};
use chrono_tz::Tz;
use fairtime::schedule::{Break, Interval, Schedule, DAY_MINUTES, SEARCH_WEEKS};
use fairtime::steps::{self, WAKE_UP_BOUND};
use fairtime::time::{Calendar, Millis, Span, HOUR};
use proptest::prelude::*;
use serde_json::json;

mod common;

const DAY: Millis = 24 * HOUR;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn utc(y: i32, m: u32, d: u32, h: u32) -> Millis {
    date(y, m, d)
        .and_hms_opt(h, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis()
}

/// Zones with odd offsets and odd changes: 30- and 45-minute shifts, a day
/// skipped (Apia), changes at midnight (Beirut), DST suspended for Ramadan
/// (Casablanca), two-hour jumps (Troll), +14 (Kiritimati).
const ZONES: [Tz; 14] = [
    chrono_tz::UTC,
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Asia::Kathmandu,
    chrono_tz::Pacific::Chatham,
    chrono_tz::Pacific::Apia,
    chrono_tz::Asia::Beirut,
    chrono_tz::Africa::Casablanca,
    chrono_tz::Antarctica::Troll,
    chrono_tz::America::St_Johns,
    chrono_tz::Australia::Eucla,
    chrono_tz::Pacific::Kiritimati,
];

fn every_day(ranges: &[Interval]) -> [Vec<Interval>; 7] {
    std::array::from_fn(|_| ranges.to_vec())
}

fn always() -> Schedule {
    Schedule::new(every_day(&[Interval::new(0, DAY_MINUTES)]), vec![], []).unwrap()
}

fn office(days_off: Vec<NaiveDate>) -> Schedule {
    let mut hours = every_day(&[Interval::new(9 * 60, 17 * 60)]);
    hours[5].clear();
    hours[6].clear();
    let lunch = Break::new("Lunch", WeekdaySet::ALL, Interval::new(12 * 60, 13 * 60));
    Schedule::new(hours, vec![lunch], days_off).unwrap()
}

fn with_days_off(s: &Schedule, more: &[NaiveDate]) -> Schedule {
    let hours = std::array::from_fn(|i| s.hours(fairtime_weekday(i)).to_vec());
    let days_off = s.days_off().iter().chain(more).copied();
    Schedule::new(hours, s.breaks().to_vec(), days_off).unwrap()
}

fn fairtime_weekday(i: usize) -> chrono::Weekday {
    chrono::Weekday::try_from(i as u8).unwrap()
}

// ---- strategies ----

/// A day's intervals: sorted, disjoint, from none to 720 (every other
/// minute).
fn arb_day() -> impl Strategy<Value = Vec<Interval>> {
    prop_oneof![
        4 => prop::collection::btree_set(0u16..=DAY_MINUTES, 0..=8),
        1 => prop::collection::btree_set(0u16..=DAY_MINUTES, 0..=200),
        1 => Just((0..=DAY_MINUTES).collect()),
    ]
    .prop_map(|cuts| {
        let cuts: Vec<u16> = cuts.into_iter().collect();
        cuts.chunks_exact(2)
            .map(|pair| Interval::new(pair[0], pair[1]))
            .collect()
    })
}

fn arb_interval() -> impl Strategy<Value = Interval> {
    (0u16..DAY_MINUTES, 1u16..=DAY_MINUTES)
        .prop_map(|(start, len)| Interval::new(start, (start + len).min(DAY_MINUTES)))
}

fn arb_break() -> impl Strategy<Value = Break> {
    (any::<u8>(), arb_interval()).prop_map(|(days, time)| {
        let mut set = WeekdaySet::EMPTY;
        for i in 0..7 {
            if days & (1 << i) != 0 || days & 0x80 != 0 {
                set.insert(fairtime_weekday(i));
            }
        }
        Break::new("", set, time)
    })
}

fn arb_date() -> impl Strategy<Value = NaiveDate> {
    (1i32..=3_652_059).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
}

/// An instant a worker may wake at: mostly these years, sometimes any year
/// the schedule knows, sometimes beyond.
fn arb_instant() -> impl Strategy<Value = Millis> {
    prop_oneof![
        6 => utc(2020, 1, 1, 0)..utc(2031, 1, 1, 0),
        2 => utc(1, 1, 1, 0)..utc(9999, 12, 31, 23),
        1 => prop::sample::select(vec![
            Millis::MIN,
            utc(1, 1, 1, 0) - 1,
            utc(9999, 12, 31, 12),
            utc(10000, 1, 1, 0) - 1,
            Millis::MAX,
        ]),
    ]
}

/// Hours, up to 60 breaks and days off: a few anywhere up to 9999-12-31,
/// some near `at`, and sometimes a run of days off from `at` on (a long
/// leave), which the search for the next change must not walk through.
fn arb_schedule(at: Millis) -> impl Strategy<Value = Schedule> {
    let today =
        chrono::DateTime::from_timestamp_millis(at.clamp(utc(1, 1, 3, 0), utc(9999, 12, 29, 0)))
            .unwrap()
            .date_naive();
    (
        prop::array::uniform7(arb_day()),
        prop::collection::vec(arb_break(), 0..60),
        prop::collection::vec(arb_date(), 0..40),
        prop::collection::vec(-10i64..40, 0..20),
        prop_oneof![3 => Just(0u64), 1 => 0u64..1_000],
    )
        .prop_map(move |(hours, breaks, anywhere, near, leave)| {
            let near = near
                .into_iter()
                .filter_map(|i| today.checked_add_signed(chrono::TimeDelta::days(i)));
            let leave = today.iter_days().take(leave as usize);
            let days_off = anywhere
                .into_iter()
                .chain(near)
                .chain(leave)
                .filter(|d| (1..=9999).contains(&d.year()));
            Schedule::new(hours, breaks, days_off).unwrap()
        })
}

fn arb_case() -> impl Strategy<Value = (Schedule, Tz, Millis)> {
    (arb_instant(), prop::sample::select(ZONES.to_vec()))
        .prop_flat_map(|(at, tz)| (arb_schedule(at), Just(tz), Just(at)))
}

// ---- the bound ----

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the schedule and zone, a wake-up's schedule computations
    /// take at most [`WAKE_UP_BOUND`] steps.
    #[test]
    fn a_wake_up_takes_a_bounded_number_of_steps((s, tz, at) in arb_case()) {
        let steps = steps::wake_up(&s, tz, at);
        prop_assert!(steps <= WAKE_UP_BOUND, "{steps} steps in {tz} at {at}: {s:?}");
    }

    /// A day off further than the search reaches (in the year 9999, say)
    /// changes no answer but a schedule's that always works, and costs a
    /// wake-up at most two weeks' search more.
    #[test]
    fn a_far_day_off_costs_a_wake_up_nothing((s, tz, at) in arb_case(), far in 0i64..3_000_000) {
        let beyond = at.clamp(utc(1, 1, 1, 0), utc(9999, 12, 31, 0)) + (SEARCH_WEEKS as Millis + 1) * 7 * DAY;
        let Some(far) = chrono::DateTime::from_timestamp_millis(beyond + far * DAY).map(|t| t.date_naive()) else {
            return Ok(());
        };
        if far.year() > 9999 || s.days_off().contains(&far) {
            return Ok(());
        }
        let with = with_days_off(&s, &[far]);
        let (without_steps, with_steps) = (steps::wake_up(&s, tz, at), steps::wake_up(&with, tz, at));
        prop_assert!(with_steps <= without_steps + 200, "{without_steps} without, {with_steps} with {far}");
        let (a, b) = (s.in_zone(tz), with.in_zone(tz));
        prop_assert_eq!(a.is_working(at), b.is_working(at));
        prop_assert_eq!(a.local_day(at), b.local_day(at));
        if a.next_change(at) != b.next_change(at) {
            // Only a schedule of every minute can change at a day off that far.
            prop_assert_eq!(a.next_change(at), None);
            prop_assert!(s.working(chrono::Weekday::Mon) == [Interval::new(0, DAY_MINUTES)]);
        }
    }

    /// A schedule that always works changes only at its days off: the
    /// next change is where the next day off begins, however far.
    #[test]
    fn an_always_working_schedule_changes_where_the_next_day_off_begins(
        tz in prop::sample::select(ZONES.to_vec()),
        at in utc(1900, 1, 1, 0)..utc(2100, 1, 1, 0),
        offs in prop::collection::vec(arb_date(), 0..5),
    ) {
        let s = with_days_off(&always(), &offs);
        let cal = s.in_zone(tz);
        let (change, steps) = steps::count(|| cal.next_change(at));
        prop_assert!(steps <= 500, "{steps}");
        if !cal.is_working(at) {
            return Ok(());
        }
        // Where the first day off that begins after `at` begins, read from
        // the working spans around its midnight.
        let expected = s.days_off().iter().find_map(|d| {
            let midnight = d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
            let around = Span::new((midnight - DAY).max(at + 1), midnight + DAY);
            if around.start >= around.end {
                return None;
            }
            let spans = cal.working_spans(around);
            match spans.first() {
                None => Some(around.start),
                Some(first) if first.start > around.start => Some(around.start),
                Some(first) => (first.end < around.end).then_some(first.end),
            }
        });
        prop_assert_eq!(change, expected);
    }
}

// ---- the cases the issue names ----

/// Steps of one wake-up at noon on a Monday in Berlin.
fn wake_up(s: &Schedule) -> u64 {
    steps::wake_up(s, chrono_tz::Europe::Berlin, utc(2026, 6, 1, 10))
}

#[test]
fn a_day_off_in_9999_costs_a_wake_up_what_one_without_costs() {
    let far = date(9999, 12, 30);
    // Every minute working: the next change is that day off, found by a
    // jump (it took 13,317,671 steps, a week at a time, before).
    let plain = always();
    let far_off = with_days_off(&plain, &[far]);
    let (without, with) = (wake_up(&plain), wake_up(&far_off));
    println!("always working: {without} steps without the day off in 9999, {with} with");
    assert!(with <= without + 40, "{without} / {with}");
    let cal = far_off.in_zone(chrono_tz::Europe::Berlin);
    assert_eq!(
        cal.next_change(utc(2026, 6, 1, 10)),
        Some(utc(9999, 12, 29, 23))
    );
    // An office week: the day off is never reached.
    let (without, with) = (wake_up(&office(vec![])), wake_up(&office(vec![far])));
    println!("office week: {without} steps without, {with} with");
    assert_eq!(with, without);
    assert!(without <= 400);
}

#[test]
fn a_leave_of_years_is_not_walked_through() {
    // Every day off from today for ten years: no change within the weeks
    // searched, so no alarm is planned, and the search stops there.
    let today = date(2026, 6, 1);
    let leave: Vec<NaiveDate> = today.iter_days().take(3653).collect();
    let s = office(leave);
    let cal = s.in_zone(chrono_tz::Europe::Berlin);
    let (change, steps) = steps::count(|| cal.next_change(utc(2026, 6, 1, 10)));
    println!("ten years off: {steps} steps");
    assert_eq!(change, None);
    assert!(steps <= WAKE_UP_BOUND);
    // Within the weeks searched, the end of the leave is found.
    let s = office(today.iter_days().take(300).collect());
    let back = s
        .in_zone(chrono_tz::Europe::Berlin)
        .next_change(utc(2026, 6, 1, 10));
    assert_eq!(back, Some(utc(2027, 3, 29, 7)));
}

#[test]
fn many_breaks_cost_a_step_each_when_the_schedule_is_read() {
    let hours = every_day(&[Interval::new(0, DAY_MINUTES)]);
    let breaks: Vec<Break> = (0..20_000u16)
        .map(|i| Break::new("", WeekdaySet::ALL, Interval::new(i % 1440, i % 1440 + 1)))
        .collect();
    let started = std::time::Instant::now();
    let s = Schedule::new(hours, breaks, []).unwrap();
    let took = started.elapsed();
    println!("20,000 breaks read in {took:?}");
    assert!(s.never_works());
    assert!(took < std::time::Duration::from_secs(1), "{took:?}");
    assert!(wake_up(&s) <= WAKE_UP_BOUND);
}

#[test]
fn instants_at_the_ends_of_time_take_few_steps() {
    for tz in ZONES {
        for at in [
            Millis::MIN,
            utc(1, 1, 1, 0),
            utc(9999, 12, 31, 23),
            Millis::MAX,
        ] {
            for s in [always(), office(vec![date(9999, 12, 31), date(1, 1, 1)])] {
                let steps = steps::wake_up(&s, tz, at);
                assert!(steps <= 2_000, "{tz} {at}: {steps}");
            }
        }
    }
    let _ = chrono_tz::UTC.timestamp_millis_opt(0);
}

#[test]
fn the_busiest_week_stays_under_the_bound() {
    // 720 intervals a day, every day: the most a day can hold.
    let busiest: Vec<Interval> = (0..720).map(|i| Interval::new(2 * i, 2 * i + 1)).collect();
    let s = Schedule::new(every_day(&busiest), vec![], []).unwrap();
    let mut most = 0;
    for tz in ZONES {
        most = most.max(steps::wake_up(&s, tz, utc(2026, 3, 29, 0)));
        most = most.max(steps::wake_up(&s, tz, utc(2026, 10, 25, 0)));
    }
    println!("busiest week: {most} steps");
    assert!(most <= WAKE_UP_BOUND, "{most}");
}

/// A worker woken at `at` after importing a settings file with
/// `schedule`, as history.js reads it.
fn imported(schedule: serde_json::Value, at: Millis) -> fairtime::tracker::Tracker {
    use fairtime::exchange::ImportFile;
    use fairtime::tracker::Tracker;
    let berlin = chrono_tz::Europe::Berlin;
    let mut storage = common::Storage::default();
    let mut tracker = Tracker::default();
    storage.apply(&tracker.give_consent(at - HOUR, berlin));
    let mut file = serde_json::to_value(tracker.export_document(at - HOUR).unwrap()).unwrap();
    file["settings"]["schedule"] = schedule;
    let import: ImportFile = serde_json::from_value(file).unwrap();
    let changes = tracker.apply_import(import.check().unwrap(), at - HOUR, berlin);
    storage.apply(&changes.unwrap());
    storage.wake(at).0
}

/// The schedule steps of a waking worker's status, next wake-up and day
/// view at `at`, after importing a settings file with `schedule`.
fn tracker_wake_up(schedule: serde_json::Value, at: Millis) -> (u64, Option<Millis>) {
    let berlin = chrono_tz::Europe::Berlin;
    let tracker = imported(schedule, at);
    let (wake, steps) = steps::count(|| {
        black_box(tracker.status(at, berlin));
        black_box(tracker.day_view(at, berlin));
        tracker.next_wake(at, berlin)
    });
    (steps, wake)
}

fn black_box<T>(t: T) -> T {
    std::hint::black_box(t)
}

#[test]
fn an_imported_day_off_in_9999_costs_the_worker_nothing() {
    let at = utc(2026, 6, 1, 10);
    let all = ["00:00-24:00"];
    let week =
        json!({"mon": all, "tue": all, "wed": all, "thu": all, "fri": all, "sat": all, "sun": all});
    let (without, wake) = tracker_wake_up(json!({"hours": week}), at);
    assert_eq!(wake, None);
    let (with, wake) = tracker_wake_up(json!({"hours": week, "days_off": ["9999-12-30"]}), at);
    println!(
        "a waking worker, every minute working: {without} steps, {with} with a day off in 9999"
    );
    assert_eq!(wake, Some(utc(9999, 12, 29, 23)));
    assert!(with <= without + 40, "{without} / {with}");
    let office = json!({"mon": ["09:00-17:00"], "fri": ["09:00-17:00"]});
    let (without, wake) = tracker_wake_up(json!({"hours": office}), at);
    let (with, far) = tracker_wake_up(json!({"hours": office, "days_off": ["9999-12-30"]}), at);
    assert_eq!((with, far), (without, wake));
    assert_eq!(wake, Some(utc(2026, 6, 1, 15)));
}

#[test]
fn a_years_scheduled_time_costs_the_same_with_a_day_off_in_9999() {
    // A report's scheduled time is each day's (report.rs, at most 366
    // days): a few steps a day, whatever the days off.
    let year = |s: &Schedule| {
        let cal = s.in_zone(chrono_tz::Europe::Berlin);
        steps::count(|| {
            date(2025, 6, 2)
                .iter_days()
                .take(366)
                .map(|d| cal.scheduled_ms(d))
                .sum::<Millis>()
        })
    };
    let (plain, without) = year(&office(vec![]));
    let (far, with) = year(&office(vec![date(9999, 12, 30)]));
    println!("a year's scheduled time: {without} steps, {with} with a day off in 9999");
    assert_eq!((plain, without), (far, with));
    assert_eq!(plain, 262 * 7 * HOUR);
    assert!(without <= 366 * 20, "{without}");
}
