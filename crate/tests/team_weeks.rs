//! Weeks and rounding (issue 14): ISO weeks across year boundaries (some
//! ISO years have a week 53), which weeks are finished and still kept,
//! and seconds rounded to the nearest 15 minutes, half up.

mod team_support;

use chrono::NaiveDate;
use fairtime::team::week::{offered, round_minutes, Week};
use proptest::prelude::*;
use team_support::week;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn seconds_round_to_the_nearest_15_minutes_half_up() {
    assert_eq!(round_minutes(0), 0);
    assert_eq!(round_minutes(449), 0);
    assert_eq!(round_minutes(450), 15); // 7 min 30 s: half rounds up
    assert_eq!(round_minutes(1349), 15);
    assert_eq!(round_minutes(1350), 30);
    assert_eq!(round_minutes(3600), 60);
    // Absurd input saturates (2^32 - 1 is itself a multiple of 15).
    assert_eq!(round_minutes(u64::MAX), u32::MAX);
    assert_eq!(u32::MAX % 15, 0);
}

proptest! {
    #[test]
    fn rounding_is_to_the_nearest_multiple_of_15(
        seconds in prop_oneof![0u64..10_000_000, (0u64..11_000).prop_map(|n| n * 900 + 450)]
    ) {
        let m = round_minutes(seconds);
        prop_assert_eq!(m % 15, 0);
        // Half rounds up: 7 min 30 s over a multiple is the next one.
        let diff = i64::from(m) * 60 - seconds as i64;
        prop_assert!((-449..=450).contains(&diff), "{} s -> {} min", seconds, m);
    }
}

#[test]
fn iso_years_with_a_week_53() {
    // ISO years with 53 weeks: those starting on a Thursday, and leap
    // years starting on a Wednesday.
    let long: Vec<u16> = (2015..=2050)
        .filter(|&y| Week::new(y, 53).is_some())
        .collect();
    assert_eq!(long, [2015, 2020, 2026, 2032, 2037, 2043, 2048]);
    assert_eq!(week("2026-W53").monday(), date(2026, 12, 28));
    assert_eq!(week("2026-W53").sunday(), date(2027, 1, 3));
    assert_eq!(week("2027-W01").monday(), date(2027, 1, 4));
    assert!(Week::parse("2027-W53").is_err());
    assert!(Week::parse("2025-W53").is_err());
    // Days of one calendar year in another ISO year.
    assert_eq!(Week::of(date(2027, 1, 1)), week("2026-W53"));
    assert_eq!(Week::of(date(2024, 12, 30)), week("2025-W01"));
    assert_eq!(Week::of(date(2021, 1, 3)), week("2020-W53"));
    assert_eq!(week("2027-W01").previous(), week("2026-W53"));
    assert_eq!(week("2026-W01").previous(), week("2025-W52"));
    assert!(week("2026-W53") < week("2027-W01"));
    assert_eq!(week("2026-W53").to_string(), "2026-W53");
}

#[test]
fn week_texts_are_read_strictly() {
    assert_eq!(Week::parse(" 2026-W48 ").unwrap(), week("2026-W48"));
    for bad in [
        "2026-W00",
        "2026-W54",
        "2026-w48",
        "2026W48",
        "26-W48",
        "2026-W4",
        "2026-W480",
        "",
        "next week",
    ] {
        assert!(Week::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_week_is_offered_once_finished_from_the_first_week_on() {
    let first = week("2026-W50");
    // Sunday 2027-01-03 ends 2026-W53: not finished until Monday.
    assert!(!week("2026-W53").finished(date(2027, 1, 3)));
    assert!(week("2026-W53").finished(date(2027, 1, 4)));
    let on = |d| {
        offered(first, d, 0)
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(on(date(2027, 1, 3)), ["2026-W52", "2026-W51", "2026-W50"]);
    assert_eq!(
        on(date(2027, 1, 4)),
        ["2026-W53", "2026-W52", "2026-W51", "2026-W50"]
    );
    assert_eq!(
        on(date(2027, 1, 10)),
        ["2026-W53", "2026-W52", "2026-W51", "2026-W50"]
    );
    // The first week itself, before it ends: nothing yet.
    assert!(on(date(2026, 12, 13)).is_empty());
    assert_eq!(on(date(2026, 12, 14)), ["2026-W50"]);
    // A first week in the future: nothing.
    assert!(offered(week("2027-W10"), date(2027, 1, 4), 0).is_empty());
}

#[test]
fn only_weeks_whose_monday_is_still_kept_are_offered() {
    let first = week("2026-W40");
    let today = date(2027, 1, 4); // a Monday
                                  // 7 days kept: from 2026-12-29 on; 2026-W53 began on 2026-12-28.
    assert!(offered(first, today, 7).is_empty());
    assert_eq!(offered(first, today, 8), [week("2026-W53")]);
    assert_eq!(
        offered(first, today, 15),
        [week("2026-W53"), week("2026-W52")]
    );
    // 0 keeps everything: back to the first week.
    assert_eq!(offered(first, today, 0).len(), 14);
    assert_eq!(offered(first, today, 0).last(), Some(&first));
    assert_eq!(offered(first, today, 10 * 366).len(), 14);
}
