//! What a waking worker asks the schedule (status, next wake-up, today's
//! and this week's scheduled time, a heartbeat's count) with and without a
//! day off in the year 9999: the far day off must cost nothing.

use std::hint::black_box;

use chrono::{Datelike, NaiveDate, WeekdaySet};
use chrono_tz::Europe::Berlin;
use criterion::{criterion_group, criterion_main, Criterion};
use fairtime::schedule::{Break, Interval, Schedule, DAY_MINUTES};
use fairtime::time::{Calendar, Millis, Span, HOUR};

/// 2026-06-01 10:00 UTC, a Monday noon in Berlin.
const AT: Millis = 1_780_308_000_000;

fn schedule(always: bool, days_off: &[NaiveDate]) -> Schedule {
    let office = [Interval::new(9 * 60, 17 * 60)];
    let hours = std::array::from_fn(|i| match (always, i < 5) {
        (true, _) => vec![Interval::new(0, DAY_MINUTES)],
        (false, true) => office.to_vec(),
        (false, false) => vec![],
    });
    let breaks = if always {
        vec![]
    } else {
        vec![Break::new(
            "Lunch",
            WeekdaySet::ALL,
            Interval::new(12 * 60, 13 * 60),
        )]
    };
    Schedule::new(hours, breaks, days_off.iter().copied()).unwrap()
}

fn wake_up(s: &Schedule) {
    let calendar = s.in_zone(Berlin);
    let (date, _) = calendar.local_day(AT);
    black_box((calendar.is_working(AT), calendar.break_at(AT)));
    black_box(calendar.next_change(AT));
    black_box(calendar.working_spans(Span::new(AT - HOUR, AT)));
    let monday = date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()));
    for day in monday.iter_days().take(7) {
        black_box(calendar.scheduled_ms(day));
    }
}

fn bench(c: &mut Criterion) {
    let far = [NaiveDate::from_ymd_opt(9999, 12, 30).unwrap()];
    let mut group = c.benchmark_group("schedule");
    for (name, always, days_off) in [
        ("wake_up_always", true, &[][..]),
        ("wake_up_always_day_off_9999", true, &far[..]),
        ("wake_up_office", false, &[][..]),
        ("wake_up_office_day_off_9999", false, &far[..]),
    ] {
        let s = schedule(always, days_off);
        group.bench_function(name, |b| b.iter(|| wake_up(black_box(&s))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
