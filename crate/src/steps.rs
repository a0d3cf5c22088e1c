//! A count of the steps schedule computations take (zone queries, days and
//! intervals walked, windows searched), so that tests and fuzz targets can
//! hold them to a bound. Counted only in tests and with the `steps`
//! feature; the shipped wasm has [`step`] as an empty function.

#[cfg(any(test, feature = "steps"))]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// One step of a schedule computation.
#[inline(always)]
pub(crate) fn step() {
    #[cfg(any(test, feature = "steps"))]
    STEPS.with(|n| n.set(n.get().saturating_add(1)));
}

/// Runs `f` and counts the steps it took on this thread.
#[cfg(any(test, feature = "steps"))]
pub fn count<R>(f: impl FnOnce() -> R) -> (R, u64) {
    let before = STEPS.with(std::cell::Cell::get);
    let out = f();
    (out, STEPS.with(std::cell::Cell::get) - before)
}

/// The most steps [`wake_up`] may take. A day holds
/// at most 720 working intervals; the worst is a week of such days: the
/// week's scheduled time walks 7 × 4 days of them (20,160), the search for
/// the next change its last week's 8 (5,760), after up to [`crate::schedule::SEARCH_WEEKS`]
/// weeks without a change, which hold no interval at all; zone queries add
/// a few hundred. The busiest week takes about 29,000; an office week
/// about 170, whatever its days off.
#[cfg(any(test, feature = "steps"))]
pub const WAKE_UP_BOUND: u64 = 40_000;

/// What a waking worker asks the schedule at `at`, and the steps it took:
/// the status (working, break, next change, whether today is off), the
/// next wake-up, today's and this week's scheduled time, and a
/// heartbeat's count of the last hour. The entry point of the step tests
/// and the step fuzz target.
#[cfg(any(test, feature = "steps"))]
pub fn wake_up<Tz: chrono::TimeZone>(
    schedule: &crate::schedule::Schedule,
    tz: Tz,
    at: crate::time::Millis,
) -> u64 {
    use crate::time::{Calendar, Span, HOUR};
    use chrono::Datelike;
    let calendar = schedule.in_zone(tz);
    count(|| {
        let (date, _) = calendar.local_day(at);
        std::hint::black_box((calendar.is_working(at), calendar.break_at(at)));
        std::hint::black_box(calendar.next_change(at));
        std::hint::black_box(calendar.working_spans(Span::new(at.saturating_sub(HOUR), at)));
        let monday = date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()));
        for day in monday.iter_days().take(7) {
            std::hint::black_box(calendar.scheduled_ms(day));
        }
    })
    .1
}
