//! How fast the ledger turns events into totals: a busy working day of
//! 10,000 events, and the small things done on every event or popup.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fairtime::ledger::{Activity, Event, EventKind, Ledger};
use fairtime::time::{Calendar, Millis, Span, HOUR, MINUTE, SECOND};

const DAY: Millis = 24 * HOUR;
/// 2024-03-11 00:00 UTC, a Monday.
const MONDAY: Millis = 1_710_115_200_000;
const OFFSET: Millis = HOUR;

/// UTC+01:00, working 09:00-12:00 and 13:00-17:30 local.
struct Office;

impl Calendar for Office {
    fn working_spans(&self, window: Span) -> Vec<Span> {
        let first = (window.start + OFFSET).div_euclid(DAY);
        let last = (window.end + OFFSET).div_euclid(DAY);
        (first..=last)
            .flat_map(|day| {
                let midnight = day * DAY - OFFSET;
                [(9 * HOUR, 12 * HOUR), (13 * HOUR, 17 * HOUR + 30 * MINUTE)]
                    .map(|(s, e)| Span::new(midnight + s, midnight + e))
            })
            .filter_map(|span| span.intersect(&window))
            .collect()
    }

    fn local_day(&self, at: Millis) -> (NaiveDate, Span) {
        let day = (at + OFFSET).div_euclid(DAY);
        let date = NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(day)))
            .expect("a date near 2024");
        let midnight = day * DAY - OFFSET;
        (date, Span::new(midnight, midnight + DAY))
    }
}

/// 10,000 events from 08:00 to 18:00 local: mostly heartbeats and tab
/// switches among 20 sites, some idle spells, blurs and a pause.
fn busy_day() -> Vec<Event> {
    let sites: Vec<Activity> = (0..20)
        .map(|i| Activity {
            category: [
                "Work tools",
                "Communication",
                "Research",
                "Social",
                "Entertainment",
            ][i % 5]
                .to_owned(),
            domain: Some(format!("site{i}.example")),
        })
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let start = MONDAY + 8 * HOUR - OFFSET;
    let step = 10 * HOUR / 10_000;
    (0..10_000)
        .map(|i| {
            let at = start + i * step + (next() % SECOND as u64) as Millis;
            let kind = match next() % 100 {
                0..=49 => EventKind::Heartbeat,
                50..=84 => EventKind::Focus(sites[(next() % 20) as usize].clone()),
                85..=88 => EventKind::Untracked,
                89..=92 => EventKind::Unfocused,
                93..=95 => EventKind::Idle,
                96..=98 => EventKind::Active,
                _ => EventKind::Pause {
                    until: Some(at + 5 * MINUTE),
                },
            };
            Event { at, kind }
        })
        .collect()
}

fn ledger(c: &mut Criterion) {
    let events = busy_day();
    let mut group = c.benchmark_group("ledger");
    group.throughput(Throughput::Elements(events.len() as u64));
    group.bench_function("apply_10k_events", |b| {
        b.iter(|| {
            let mut ledger = Ledger::new();
            ledger.apply_all(black_box(&events), &Office);
            ledger
        })
    });
    group.throughput(Throughput::Elements(1));

    // The popup opens at 11:00, mid-morning.
    let morning = &events[..3_000];
    let mut ledger = Ledger::new();
    ledger.apply_all(morning, &Office);
    let end = morning.last().map_or(0, |e| e.at);
    let date = Office.local_day(end).0;
    group.bench_function("cursor_to_json", |b| {
        b.iter(|| serde_json::to_string(black_box(&ledger.cursor)))
    });
    group.bench_function("live_day", |b| {
        b.iter(|| ledger.live_day(date, black_box(end + 30 * SECOND), &Office))
    });
    group.finish();
}

criterion_group!(benches, ledger);
criterion_main!(benches);
