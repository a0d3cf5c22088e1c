//! Reports that do not mislead: days before the first counted day are not
//! counting, a scheduled figure only where the schedule in force is known,
//! months with their real length (DST included), ranges checked and summed
//! exactly, per site only outside category-only mode, and the CSV of what
//! is shown. Stored values are built from JSON as the extension stores them.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Berlin;
use fairtime::report::{csv, RangeError};
use fairtime::time::{Millis, HOUR, MINUTE};
use fairtime::tracker::Tracker;
use proptest::prelude::*;
use serde_json::{json, Value};

mod common;
use common::{berlin, date, input, Storage};

/// A category of a stored day: its id and its time per domain.
type Category<'a> = (&'a str, &'a [(&'a str, Millis)]);

impl Storage {
    fn day(&mut self, date: NaiveDate, categories: &[Category<'_>]) {
        let mut all = serde_json::Map::new();
        let mut total = 0;
        for (id, domains) in categories {
            let ms: Millis = domains.iter().map(|(_, ms)| ms).sum();
            total += ms;
            let domains: serde_json::Map<_, _> = domains
                .iter()
                .map(|(d, ms)| (d.to_string(), json!(ms)))
                .collect();
            all.insert(id.to_string(), json!({"ms": ms, "domains": domains}));
        }
        self.0.insert(
            fairtime::storage::day_key(date),
            json!({"v": 1, "d": {"ms": total, "categories": all}}),
        );
    }
}

/// Wednesday 10 June 2026, 12:00 in Berlin.
fn noon() -> Millis {
    berlin(date(2026, 6, 10), 12, 0)
}

fn settings(fields: Value) -> fairtime::settings::Settings {
    let mut value = serde_json::to_value(fairtime::settings::Settings::default()).unwrap();
    for (k, v) in fields.as_object().unwrap() {
        value[k] = v.clone();
    }
    serde_json::from_value(value).unwrap()
}

fn always() -> Value {
    let all = json!(["00:00-24:00"]);
    json!({"hours": {"mon": all, "tue": all, "wed": all, "thu": all, "fri": all, "sat": all, "sun": all}})
}

/// Consent at `at` with the default schedule (09:00–17:00 less lunch:
/// 7 hours each weekday).
fn consenting(at: Millis) -> (Tracker, Storage) {
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    storage.apply(&tracker.give_consent(at, Berlin));
    (tracker, storage)
}

// ---------------------------------------------------------------------------
// Not counting yet.

#[test]
fn days_before_consent_are_not_counting_and_have_no_scheduled_time() {
    let (tracker, _) = consenting(noon());
    let week = tracker.week(noon(), 0, Berlin).unwrap();
    let counting: Vec<_> = week.days.iter().map(|d| d.counting).collect();
    assert_eq!(counting, [false, false, true, true, true, true, true]);
    assert!(week.counting);
    for day in &week.days[..2] {
        assert_eq!(day.scheduled_seconds, None, "{}", day.date);
        assert_eq!(day.tracked_seconds, 0);
    }
    // Wednesday to Friday: 7 hours each; the weekend none.
    let scheduled: Vec<_> = week.days.iter().map(|d| d.scheduled_seconds).collect();
    let h7 = Some(7 * 3600);
    assert_eq!(scheduled, [None, None, h7, h7, h7, Some(0), Some(0)]);
    assert_eq!(week.scheduled_seconds, Some(3 * 7 * 3600), "not 5 days");
    assert!(!week.earlier, "nothing was counted before this week");

    let last = tracker.week(noon(), 1, Berlin).unwrap();
    assert!(!last.counting);
    assert_eq!(last.scheduled_seconds, None, "not \"0 min of 35 h\"");
    assert!(last
        .days
        .iter()
        .all(|d| !d.counting && d.scheduled_seconds.is_none()));
    assert!(!last.earlier);

    let json = serde_json::to_value(&last).unwrap();
    assert_eq!(json["counting"], false);
    assert_eq!(json["scheduled_seconds"], Value::Null);
}

#[test]
fn the_first_counted_day_is_the_oldest_stored_day_or_consent_whichever_is_earlier() {
    let (_, mut storage) = consenting(noon());
    // Counted (by an earlier consent) on Thursday of last week.
    storage.day(
        date(2026, 6, 4),
        &[("work", &[("docs.google.com", MINUTE)])],
    );
    let tracker = storage.load(noon());
    let last = tracker.week(noon(), 1, Berlin).unwrap();
    let counting: Vec<_> = last.days.iter().map(|d| d.counting).collect();
    assert_eq!(counting, [false, false, false, true, true, true, true]);
    assert_eq!(last.tracked_seconds, 60);
    assert!(
        tracker.week(noon(), 0, Berlin).unwrap().earlier,
        "last week holds a day"
    );
    assert!(!last.earlier);
    let report = fairtime::report::first_counted_day(
        &tracker,
        &tracker.settings().schedule().in_zone(Berlin),
    );
    assert_eq!(report, Some(date(2026, 6, 4)));

    // Consent withdrawn: the stored days still say since when.
    let mut tracker = storage.load(noon());
    tracker.withdraw_consent(noon(), Berlin).unwrap();
    assert!(tracker.week(noon(), 1, Berlin).unwrap().days[3].counting);
    assert!(!tracker.week(noon(), 1, Berlin).unwrap().days[2].counting);
}

#[test]
fn the_first_counted_day_is_the_local_day_of_consent() {
    // 23:30 UTC on Tuesday 9 June is 01:30 on Wednesday in Berlin.
    let consent = chrono::Utc
        .with_ymd_and_hms(2026, 6, 9, 23, 30, 0)
        .unwrap()
        .timestamp_millis();
    let (tracker, _) = consenting(consent);
    let in_berlin = tracker.week(noon(), 0, Berlin).unwrap();
    assert!(!in_berlin.days[1].counting && in_berlin.days[2].counting);
    let utc = chrono::FixedOffset::east_opt(0).unwrap();
    let in_utc = tracker.week(noon(), 0, utc).unwrap();
    assert!(in_utc.days[1].counting, "Tuesday in UTC");
}

#[test]
fn without_consent_or_stored_days_nothing_is_counting() {
    let tracker = Tracker::default();
    let week = tracker.week(noon(), 0, Berlin).unwrap();
    assert!(!week.counting && !week.earlier);
    assert_eq!(week.scheduled_seconds, None);
    let month = tracker.month(noon(), 0, Berlin).unwrap();
    assert!(!month.counting && !month.earlier);
    assert_eq!(month.scheduled_seconds, None);
    assert_eq!(month.counting_from, None);
}

#[test]
fn a_period_says_from_which_day_it_was_counted_and_kept() {
    let (tracker, _) = consenting(noon());
    let june = tracker.month(noon(), 0, Berlin).unwrap();
    assert_eq!(
        (june.first.as_str(), june.last.as_str()),
        ("2026-06-01", "2026-06-30")
    );
    assert!(june.counting);
    assert_eq!(june.counting_from.as_deref(), Some("2026-06-10"));
    assert_eq!(june.kept_from, None);
    // 10 to 30 June: 15 weekdays of 7 hours.
    assert_eq!(june.scheduled_seconds, Some(15 * 7 * 3600));
    let may = tracker.month(noon(), 1, Berlin).unwrap();
    assert!(!may.counting);
    assert_eq!(may.scheduled_seconds, None);
    assert!(!june.earlier && !may.earlier);

    // Consent long ago, a week kept: June is kept from the 4th.
    let (mut tracker, _) = consenting(berlin(date(2020, 1, 6), 9, 0));
    tracker
        .set_settings(settings(json!({"retention_days": 7})), noon(), Berlin)
        .unwrap();
    let june = tracker.month(noon(), 0, Berlin).unwrap();
    assert_eq!(june.kept_from.as_deref(), Some("2026-06-04"));
    assert_eq!(june.counting_from, None);
    assert!(!june.earlier, "May is no longer kept");
    tracker
        .set_settings(settings(json!({"retention_days": 10})), noon(), Berlin)
        .unwrap();
    assert!(
        !tracker.month(noon(), 0, Berlin).unwrap().earlier,
        "1 June is the oldest kept"
    );
    tracker
        .set_settings(settings(json!({"retention_days": 11})), noon(), Berlin)
        .unwrap();
    assert!(
        tracker.month(noon(), 0, Berlin).unwrap().earlier,
        "31 May is kept"
    );
}

// ---------------------------------------------------------------------------
// The schedule in force.

#[test]
fn a_changed_schedule_holds_from_the_day_of_the_change_only() {
    let (mut tracker, _) = consenting(berlin(date(2026, 6, 1), 9, 0));
    assert_eq!(
        tracker.settings().schedule_since(),
        Some(berlin(date(2026, 6, 1), 9, 0))
    );
    assert_eq!(
        tracker.week(noon(), 1, Berlin).unwrap().scheduled_seconds,
        Some(5 * 7 * 3600)
    );
    // Wednesday: every hour becomes working time.
    let changed = noon();
    tracker
        .set_settings(settings(json!({"schedule": always()})), changed, Berlin)
        .unwrap();
    assert_eq!(tracker.settings().schedule_since(), Some(changed));
    let week = tracker.week(noon(), 0, Berlin).unwrap();
    let scheduled: Vec<_> = week.days.iter().map(|d| d.scheduled_seconds).collect();
    let day = Some(24 * 3600);
    assert_eq!(scheduled, [None, None, day, day, day, day, day]);
    assert_eq!(
        week.scheduled_seconds, None,
        "Monday's schedule is not known"
    );
    assert!(week.days.iter().all(|d| d.counting));
    assert_eq!(
        tracker.week(noon(), 1, Berlin).unwrap().scheduled_seconds,
        None
    );
    assert_eq!(
        tracker
            .week(noon(), -1i32 as u32, Berlin)
            .unwrap()
            .scheduled_seconds,
        None
    );

    // Settings saved with the same schedule keep its start.
    let later = berlin(date(2026, 6, 11), 9, 0);
    let same = settings(json!({"schedule": always(), "idle_seconds": 600}));
    tracker.set_settings(same, later, Berlin).unwrap();
    assert_eq!(tracker.settings().schedule_since(), Some(changed));
    // Whatever start the page sends back is not believed.
    let mut sent = serde_json::to_value(tracker.settings()).unwrap();
    sent["schedule_since"] = json!(0);
    tracker
        .set_settings(serde_json::from_value(sent).unwrap(), later, Berlin)
        .unwrap();
    assert_eq!(tracker.settings().schedule_since(), Some(changed));
}

#[test]
fn settings_stored_before_the_schedule_start_was_kept_load_and_leave_it_out() {
    // Format 1, as the Fairtime before this one stored it.
    let mut storage = Storage::default();
    let old = json!({"v": 1, "d": {
        "schedule": {"hours": {"mon": ["09:00-17:00"], "wed": ["09:00-17:00"]}},
        "idle_seconds": 180, "retention_days": 366, "excluded": [], "category_only": false,
        "consent": berlin(date(2026, 5, 4), 9, 0)
    }});
    storage.0.insert("settings".into(), old);
    storage.day(date(2026, 6, 8), &[("work", &[("docs.google.com", HOUR)])]);
    let mut tracker = storage.load(noon());
    assert_eq!(tracker.settings().schedule_since(), None);
    assert_eq!(
        tracker
            .settings()
            .schedule()
            .hours(chrono::Weekday::Mon)
            .len(),
        1
    );
    let week = tracker.week(noon(), 0, Berlin).unwrap();
    assert!(week.counting);
    assert!(week.days.iter().all(|d| d.scheduled_seconds.is_none()));
    assert_eq!(week.scheduled_seconds, None, "not a guess");
    assert_eq!(week.tracked_seconds, 3600);

    // Written back in format 2; re-consenting makes the schedule known from then.
    tracker.withdraw_consent(noon(), Berlin).unwrap();
    let again = berlin(date(2026, 6, 10), 13, 0);
    storage.apply(&tracker.give_consent(again, Berlin));
    assert_eq!(storage.0["settings"]["v"], 2);
    assert_eq!(storage.0["settings"]["d"]["schedule_since"], json!(again));
    let tracker = storage.load(again);
    assert_eq!(tracker.settings().schedule_since(), Some(again));
    let week = tracker.week(again, 0, Berlin).unwrap();
    assert_eq!(week.days[2].scheduled_seconds, Some(8 * 3600));
    assert_eq!(week.days[0].scheduled_seconds, None);
}

#[test]
fn imports_keep_the_start_of_an_unchanged_schedule_and_start_a_changed_one() {
    let start = berlin(date(2026, 6, 1), 9, 0);
    let (mut tracker, _) = consenting(start);
    // An export file of an older Fairtime: no schedule start.
    let file: fairtime::exchange::ImportFile = serde_json::from_value(json!({
        "format": "fairtime-export", "version": 1,
        "settings": {"schedule": {"hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}, "breaks": [{"name": "Lunch", "time": "12:00-13:00"}]},
                     "idle_seconds": 300}
    }))
    .unwrap();
    let import = file.check().unwrap();
    assert_eq!(
        import.settings.as_ref().unwrap().schedule(),
        tracker.settings().schedule(),
        "the file has the default schedule"
    );
    tracker.apply_import(import, noon(), Berlin).unwrap();
    assert_eq!(tracker.settings().schedule_since(), Some(start));
    assert_eq!(tracker.settings().idle_seconds(), 300);
    let file: fairtime::exchange::ImportFile = serde_json::from_value(json!({
        "settings": {"schedule": always(), "schedule_since": 5}
    }))
    .unwrap();
    tracker
        .apply_import(file.check().unwrap(), noon() + HOUR, Berlin)
        .unwrap();
    assert_eq!(tracker.settings().schedule_since(), Some(noon() + HOUR));
    // The export says it, and such a file is accepted field by field.
    let export = serde_json::to_value(tracker.export_document(noon()).unwrap()).unwrap();
    assert_eq!(export["settings"]["schedule_since"], json!(noon() + HOUR));
    let fields = export["settings"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str);
    fairtime::exchange::check_fields("settings", fields).unwrap();
}

// ---------------------------------------------------------------------------
// Months.

/// Consent on 1 January 2026 with every hour a working hour.
fn always_working() -> (Tracker, Storage) {
    let start = berlin(date(2026, 1, 1), 0, 0);
    let mut tracker = Tracker::default();
    let mut storage = Storage::default();
    storage.apply(
        &tracker
            .set_settings(settings(json!({"schedule": always()})), start, Berlin)
            .unwrap(),
    );
    storage.apply(&tracker.give_consent(start, Berlin));
    (tracker, storage)
}

#[test]
fn months_have_their_own_length_and_daylight_saving_hours() {
    let (tracker, _) = always_working();
    let at = berlin(date(2026, 12, 15), 12, 0);
    for (back, first, last, hours) in [
        (0, "2026-12-01", "2026-12-31", 31 * 24),
        // Summer time ends on 25 October: one hour more.
        (2, "2026-10-01", "2026-10-31", 31 * 24 + 1),
        (10, "2026-02-01", "2026-02-28", 28 * 24),
        // Summer time begins on 29 March: one hour less.
        (9, "2026-03-01", "2026-03-31", 31 * 24 - 1),
    ] {
        let month = tracker.month(at, back, Berlin).unwrap();
        assert_eq!((month.first.as_str(), month.last.as_str()), (first, last));
        assert_eq!(month.scheduled_seconds, Some(hours * 3600), "{first}");
    }
    // Across the new year, and a leap February.
    let january = berlin(date(2028, 1, 20), 12, 0);
    let december = tracker.month(january, 1, Berlin).unwrap();
    assert_eq!(december.first, "2027-12-01");
    assert_eq!(
        tracker.month(january, 11, Berlin).unwrap().last,
        "2027-02-28"
    );
    let march = berlin(date(2028, 3, 2), 12, 0);
    assert_eq!(tracker.month(march, 1, Berlin).unwrap().last, "2028-02-29");
    assert!(!tracker.month(at, u32::MAX, Berlin).unwrap().counting);
}

#[test]
fn a_month_is_the_local_month_and_time_across_midnight_splits_at_it() {
    let (mut tracker, mut storage) = always_working();
    // 00:30 on 1 November in Berlin is still 31 October in UTC.
    let late = berlin(date(2026, 10, 31), 23, 50);
    let after = berlin(date(2026, 11, 1), 0, 30);
    let mut inputs = vec![json!({"type": "focus", "at": late, "url": "https://docs.google.com/x"})];
    inputs.extend((1..20).map(|m| json!({"type": "heartbeat", "at": late + m * MINUTE})));
    inputs.push(json!({"type": "unfocused", "at": late + 20 * MINUTE}));
    for i in inputs {
        storage.apply(&tracker.input(&input(i), Berlin).unwrap());
    }
    let november = tracker.month(after, 0, Berlin).unwrap();
    assert_eq!(november.first, "2026-11-01");
    assert_eq!(november.tracked_seconds, 10 * 60);
    let october = tracker.month(after, 1, Berlin).unwrap();
    assert_eq!(october.tracked_seconds, 10 * 60);
    let utc = chrono::FixedOffset::east_opt(0).unwrap();
    assert_eq!(tracker.month(after, 0, utc).unwrap().first, "2026-10-01");
}

// ---------------------------------------------------------------------------
// Ranges.

#[test]
fn a_range_is_checked_with_a_clear_message() {
    let (tracker, _) = consenting(noon());
    let range = |a: &str, b: &str| tracker.range(a, b, noon(), Berlin);
    let message = |a: &str, b: &str| range(a, b).unwrap_err().to_string();
    assert_eq!(range("", "2026-06-10"), Err(RangeError::Missing));
    assert_eq!(range("2026-06-10", " "), Err(RangeError::Missing));
    assert_eq!(
        message("", ""),
        "Choose the first and the last day of the range."
    );
    assert_eq!(
        message("10.06.2026", "2026-06-10"),
        "“10.06.2026” is not a date: choose a day from the calendar."
    );
    assert_eq!(
        message("2026-06-10", "2026-06-09"),
        "The range ends on 2026-06-09, before it begins on 2026-06-10: \
         choose a last day on or after the first."
    );
    // A year kept, today included: 10 June 2025 is the oldest day.
    assert!(range("2025-06-10", "2026-06-10").is_ok());
    assert_eq!(
        message("2025-06-09", "2026-06-10"),
        "The range has 367 days, but Fairtime keeps daily totals for 366 days: \
         choose a shorter range."
    );
    assert_eq!(
        message("2025-06-09", "2025-06-12"),
        "Fairtime keeps daily totals for the last 366 days, from 2025-06-10 on: \
         choose a first day on or after it."
    );
    assert!(range("2026-06-10", "2026-06-10").is_ok(), "one day");
    assert!(
        range("2026-06-10", "2027-06-10").is_ok(),
        "into the future, a year long"
    );
    // Before consent, yet kept: accepted, and says so.
    let early = range("2026-06-01", "2026-06-09").unwrap();
    assert!(!early.counting);
    assert_eq!(early.scheduled_seconds, None);
}

/// Whether a CSV has a row of that kind.
fn has_row(csv: &str, kind: &str) -> bool {
    csv.lines().any(|l| l.split(',').nth(2) == Some(kind))
}

#[derive(Debug, Clone)]
struct Day {
    offset: u32,
    work: Vec<(usize, Millis)>,
    news: Millis,
}

const SITES: [&str; 3] = ["docs.google.com", "github.com", "tiny-vendor.example"];

fn day_strategy() -> impl Strategy<Value = Day> {
    (
        0..40u32,
        prop::collection::vec((0..SITES.len(), 0..3 * HOUR), 0..4),
        0..HOUR,
    )
        .prop_map(|(offset, work, news)| Day { offset, work, news })
}

proptest! {
    /// Whatever is stored, a range's totals are the sums of its days', to
    /// the millisecond, per category and per site; and every day of the
    /// range is in them, no other.
    #[test]
    fn range_sums_equal_the_sum_of_the_days(
        days in prop::collection::vec(day_strategy(), 0..25),
        from in 0..40u32,
        length in 1..40u32,
        category_only in any::<bool>(),
    ) {
        let start = date(2026, 5, 1);
        let (_, mut storage) = consenting(berlin(start, 9, 0));
        let mut stored: BTreeMap<u32, Day> = BTreeMap::new();
        for day in days {
            stored.insert(day.offset, day);
        }
        for (offset, day) in &stored {
            let mut domains: Vec<(&str, Millis)> = Vec::new();
            for (site, ms) in &day.work {
                match domains.iter_mut().find(|(d, _)| *d == SITES[*site]) {
                    Some(entry) => entry.1 += ms,
                    None => domains.push((SITES[*site], *ms)),
                }
            }
            storage.day(
                start + chrono::Days::new(u64::from(*offset)),
                &[("work", &domains), ("news", &[("news.example", day.news)])],
            );
        }
        let now = berlin(date(2026, 6, 15), 12, 0);
        let mut tracker = storage.load(now);
        if category_only {
            tracker.set_settings(settings(json!({"category_only": true})), now, Berlin).unwrap();
        }
        let first = start + chrono::Days::new(u64::from(from));
        let last = first + chrono::Days::new(u64::from(length - 1));
        let view = tracker
            .range(&first.to_string(), &last.to_string(), now, Berlin)
            .unwrap();
        let inside: Vec<&Day> = stored
            .iter()
            .filter(|(o, _)| (from..from + length).contains(o))
            .map(|(_, d)| d)
            .collect();
        let work: Millis = inside.iter().flat_map(|d| &d.work).map(|(_, ms)| ms).sum();
        let news: Millis = inside.iter().map(|d| d.news).sum();
        prop_assert_eq!(view.tracked_seconds, ((work + news) / 1000) as u64);
        let category = |id: &str| view.categories.iter().find(|c| c.id == id).map_or(0, |c| c.seconds);
        prop_assert_eq!(category("work"), (work / 1000) as u64);
        prop_assert_eq!(category("news"), (news / 1000) as u64);
        prop_assert!(view.categories.iter().map(|c| c.seconds).sum::<u64>() <= view.tracked_seconds);
        match &view.sites {
            None => prop_assert!(category_only),
            Some(sites) => {
                prop_assert!(!category_only);
                for (i, site) in SITES.iter().enumerate() {
                    let ms: Millis = inside.iter().flat_map(|d| &d.work).filter(|(s, _)| *s == i).map(|(_, ms)| ms).sum();
                    let shown = sites.iter().find(|s| s.domain == *site).map_or(0, |s| s.seconds);
                    prop_assert_eq!(shown, (ms / 1000) as u64, "{}", site);
                }
                let order: Vec<u64> = sites.iter().map(|s| s.seconds).collect();
                prop_assert!(order.windows(2).all(|w| w[0] >= w[1]), "most first");
            }
        }
        // The same days as a report, day by day.
        let report = tracker.report(first, length, now, Berlin).unwrap();
        let by_day: u64 = report.days.iter().map(|d| d.tracked_seconds).sum();
        prop_assert!(by_day <= view.tracked_seconds && view.tracked_seconds - by_day < u64::from(length));
        let csv = csv(&view, &tracker).text;
        prop_assert_eq!(has_row(&csv, "site"), !category_only && view.sites.as_ref().is_some_and(|s| !s.is_empty()));
    }
}

#[test]
fn category_only_mode_leaves_sites_out_of_periods_and_their_csv() {
    let (mut tracker, mut storage) = consenting(berlin(date(2026, 6, 1), 9, 0));
    storage.day(date(2026, 6, 2), &[("work", &[("docs.google.com", HOUR)])]);
    let mut tracker2 = storage.load(noon());
    let view = tracker2
        .range("2026-06-01", "2026-06-10", noon(), Berlin)
        .unwrap();
    assert_eq!(view.sites.as_ref().unwrap()[0].domain, "docs.google.com");
    tracker2
        .set_settings(settings(json!({"category_only": true})), noon(), Berlin)
        .unwrap();
    let view = tracker2
        .range("2026-06-01", "2026-06-10", noon(), Berlin)
        .unwrap();
    assert_eq!(view.sites, None);
    assert_eq!(
        view.categories[0].seconds, 3600,
        "the time stays, per category"
    );
    let text = csv(&view, &tracker2).text;
    assert!(
        !text.contains("docs.google.com") && !has_row(&text, "site"),
        "{text}"
    );
    assert_eq!(serde_json::to_value(&view).unwrap()["sites"], Value::Null);
    // Time counted in category-only mode has no site at all.
    tracker
        .set_settings(settings(json!({"category_only": true})), noon(), Berlin)
        .unwrap();
    assert_eq!(tracker.month(noon(), 0, Berlin).unwrap().sites, None);
}

#[test]
fn the_csv_holds_exactly_the_period_shown() {
    let start = berlin(date(2026, 6, 1), 9, 0);
    let (mut tracker, mut storage) = consenting(start);
    storage.apply(
        &tracker
            .edit_rules(
                serde_json::from_value(json!({"op": "add_category", "name": "=Sales, \"EU\"", "colour": "#336699", "work": true}))
                    .unwrap(),
                start,
                Berlin,
            )
            .unwrap(),
    );
    let sales = tracker
        .rules()
        .categories()
        .iter()
        .find(|c| c.name.starts_with("=Sales"))
        .unwrap()
        .id
        .as_str()
        .to_owned();
    storage.day(
        date(2026, 6, 2),
        &[
            (
                "work",
                &[("docs.google.com", 2 * HOUR), ("mail.google.com", HOUR)],
            ),
            (&sales, &[("crm.example", 30 * MINUTE)]),
        ],
    );
    storage.day(date(2026, 6, 3), &[("work", &[("docs.google.com", HOUR)])]);
    // Outside the range: not in the file.
    storage.day(date(2026, 6, 4), &[("work", &[("other.example", HOUR)])]);
    let tracker = storage.load(noon());
    let view = tracker
        .range("2026-06-02", "2026-06-03", noon(), Berlin)
        .unwrap();
    let file = csv(&view, &tracker);
    assert_eq!(file.filename, "fairtime-2026-06-02-to-2026-06-03.csv");
    let expected = [
        "first_day,last_day,row,category,name,counts_as_work,site,seconds",
        "2026-06-02,2026-06-03,counted,,,,,16200",
        "2026-06-02,2026-06-03,scheduled,,,,,50400",
        "2026-06-02,2026-06-03,category,work,Work tools,yes,,14400",
        &format!("2026-06-02,2026-06-03,category,{sales},\"'=Sales, \"\"EU\"\"\",yes,,1800"),
        "2026-06-02,2026-06-03,site,work,Work tools,yes,docs.google.com,10800",
        "2026-06-02,2026-06-03,site,work,Work tools,yes,mail.google.com,3600",
        &format!("2026-06-02,2026-06-03,site,{sales},\"'=Sales, \"\"EU\"\"\",yes,crm.example,1800"),
        "",
    ];
    assert_eq!(file.text, expected.join("\r\n"));

    // A month with an unknown schedule: no scheduled row, not a zero.
    let mut old = storage.clone();
    old.0.get_mut("settings").unwrap()["d"]
        .as_object_mut()
        .unwrap()
        .remove("schedule_since");
    let month = old.load(noon()).month(noon(), 0, Berlin).unwrap();
    assert_eq!(month.scheduled_seconds, None);
    let text = csv(&month, &tracker).text;
    assert!(!has_row(&text, "scheduled"), "{text}");
    assert!(text.starts_with("first_day,last_day,row,category,name,counts_as_work,site,seconds\r\n2026-06-01,2026-06-30,counted,,,,,"));
}

// ---------------------------------------------------------------------------
// Not counting while consent was withdrawn.

#[test]
fn days_of_withdrawn_consent_are_not_counting_and_say_why() {
    // Consent on Monday 8 June, withdrawn on Tuesday, given again on Friday.
    let monday = date(2026, 6, 8);
    let (mut tracker, _) = consenting(berlin(monday, 9, 0));
    tracker
        .withdraw_consent(berlin(date(2026, 6, 9), 12, 0), Berlin)
        .unwrap();
    let thursday = berlin(date(2026, 6, 11), 12, 0);
    let week = tracker.week(thursday, 0, Berlin).unwrap();
    let flags: Vec<_> = week
        .days
        .iter()
        .map(|d| (d.counting, d.withdrawn))
        .collect();
    // Monday and the day of withdrawal count; every day after it does not.
    let (on, off) = ((true, false), (false, true));
    assert_eq!(flags, [on, on, off, off, off, off, off]);
    assert!(week.withdrawn && week.counting);
    assert_eq!(
        week.scheduled_seconds,
        Some(2 * 7 * 3600),
        "only the days counted"
    );
    assert!(week.days[2..].iter().all(|d| d.scheduled_seconds.is_none()));

    tracker.give_consent(berlin(date(2026, 6, 12), 9, 0), Berlin);
    let saturday = berlin(date(2026, 6, 13), 12, 0);
    let flags: Vec<_> = tracker
        .week(saturday, 0, Berlin)
        .unwrap()
        .days
        .iter()
        .map(|d| (d.counting, d.withdrawn))
        .collect();
    // Wednesday and Thursday were wholly withdrawn; Friday counted again.
    assert_eq!(flags, [on, on, off, off, on, on, on]);
    let range = tracker
        .range("2026-06-10", "2026-06-11", saturday, Berlin)
        .unwrap();
    assert!(range.withdrawn && !range.counting);
    assert_eq!(range.scheduled_seconds, None);
    let json = serde_json::to_value(&range).unwrap();
    assert_eq!(json["withdrawn"], true);
}

#[test]
fn range_messages_say_one_day_in_the_singular() {
    let (mut tracker, _) = consenting(noon());
    tracker
        .set_settings(settings(json!({"retention_days": 1})), noon(), Berlin)
        .unwrap();
    let message = |a: &str, b: &str| tracker.range(a, b, noon(), Berlin).unwrap_err().to_string();
    assert_eq!(
        message("2026-06-09", "2026-06-10"),
        "The range has 2 days, but Fairtime keeps daily totals for 1 day: choose a shorter range."
    );
    assert_eq!(
        message("2026-06-09", "2026-06-09"),
        "Fairtime keeps daily totals for the last 1 day, from 2026-06-10 on: \
         choose a first day on or after it."
    );
}
