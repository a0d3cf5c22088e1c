// The body of the fuzz target that measures a wake-up's schedule steps,
// kept here as a test so that it is built and run with the others. The
// fuzz crate (crate/fuzz, built with fairtime's `steps` feature,
// chrono-tz and chrono as dependencies) includes it (plain comments
// here, not `//!`, so that `include!` can take the file):
//
// ```ignore
// #![no_main]
// include!("../../tests/schedule_steps_fuzz_body.rs");
// libfuzzer_sys::fuzz_target!(|data: &[u8]| schedule_steps(data));
// ```
//
// The bytes become a zone, an instant and a schedule (hours, breaks, days
// off anywhere up to 9999-12-31, runs of days off); a wake-up's schedule
// computations must stay within `fairtime::steps::WAKE_UP_BOUND` steps,
// and one more day off beyond the search must cost it at most two weeks'
// search.

use chrono::{NaiveDate, Weekday, WeekdaySet};
use fairtime::schedule::{Break, Interval, Schedule, DAY_MINUTES, SEARCH_WEEKS};
use fairtime::steps::{wake_up, WAKE_UP_BOUND};

const FUZZ_ZONES: [chrono_tz::Tz; 8] = [
    chrono_tz::UTC,
    chrono_tz::Europe::Berlin,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kathmandu,
    chrono_tz::Pacific::Apia,
    chrono_tz::Asia::Beirut,
    chrono_tz::Africa::Casablanca,
    chrono_tz::Antarctica::Troll,
];

/// Days from 0001-01-01 to 9999-12-31.
const CE_DAYS: u32 = 3_652_059;
const DAY_MS: i64 = 86_400_000;

pub fn schedule_steps(data: &[u8]) {
    if data.len() < 9 {
        return;
    }
    let tz = FUZZ_ZONES[usize::from(data[0]) % FUZZ_ZONES.len()];
    let raw = i64::from_le_bytes(data[1..9].try_into().unwrap());
    // Mostly 2000 to 2050, sometimes any instant at all.
    let at = if raw & 1 == 0 {
        946_684_800_000 + raw.rem_euclid(50 * 365 * DAY_MS)
    } else {
        raw
    };
    let today = chrono::DateTime::from_timestamp_millis(at)
        .map(|t| t.date_naive())
        .filter(|d| (1..=9999).contains(&chrono::Datelike::year(d)))
        .unwrap_or(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    let mut hours: [Vec<Interval>; 7] = Default::default();
    let mut breaks = Vec::new();
    let mut days_off = Vec::new();
    for c in data[9..].chunks_exact(5) {
        let n = |i: usize| u16::from_le_bytes([c[i], c[i + 1]]) % (DAY_MINUTES + 1);
        let (start, end) = (n(1), n(3));
        match c[0] % 4 {
            0 => {
                let day = &mut hours[usize::from(c[0] / 4) % 7];
                let iv = Interval::new(start, end);
                let free = day.iter().all(|o| o.end <= start || end <= o.start);
                if start < end && free {
                    day.push(iv);
                }
            }
            1 if start < end => {
                let mut days = WeekdaySet::EMPTY;
                for i in 0..7u8 {
                    if (c[0] >> 2) & (1 << (i % 6)) != 0 || c[0] >= 0xfc {
                        days.insert(Weekday::try_from(i).unwrap());
                    }
                }
                breaks.push(Break::new("", days, Interval::new(start, end)));
            }
            2 => {
                let n = u32::from_le_bytes([c[1], c[2], c[3], c[4]]) % CE_DAYS + 1;
                days_off.extend(NaiveDate::from_num_days_from_ce_opt(n as i32));
            }
            3 => {
                let run = usize::from(u16::from_le_bytes([c[1], c[2]]) % 1_000);
                let from = today
                    .checked_add_signed(chrono::TimeDelta::days(i64::from(c[3] as i8)))
                    .unwrap_or(today);
                days_off.extend(from.iter_days().take(run));
            }
            _ => {}
        }
    }
    days_off.retain(|d| (1..=9999).contains(&chrono::Datelike::year(d)));
    let Ok(schedule) = Schedule::new(hours.clone(), breaks.clone(), days_off.clone()) else {
        return;
    };
    let steps = wake_up(&schedule, tz, at);
    assert!(steps <= WAKE_UP_BOUND, "{steps} steps");
    // One more day off, beyond what the search reaches.
    let beyond =
        at.clamp(-62_135_596_800_000, 253_402_214_400_000) + (SEARCH_WEEKS as i64 + 1) * 7 * DAY_MS;
    let far = chrono::DateTime::from_timestamp_millis(beyond).map(|t| t.date_naive());
    if let Some(far) = far.filter(|d| chrono::Datelike::year(d) <= 9999) {
        days_off.push(far);
        let with = Schedule::new(hours, breaks, days_off).unwrap();
        let more = wake_up(&with, tz, at);
        assert!(more <= steps + 200, "{steps} steps, {more} with {far}");
    }
}

#[test]
fn the_fuzz_body_holds_on_its_seeds() {
    let mut seeds: Vec<Vec<u8>> = vec![vec![], vec![0; 9], vec![0xff; 64]];
    // An always-working week with a day off in 9999, in each zone.
    for zone in 0..FUZZ_ZONES.len() as u8 {
        let mut seed = vec![zone];
        seed.extend(1_780_308_000_000i64.to_le_bytes());
        for day in 0..7u8 {
            seed.extend([day * 4, 0, 0, 160, 5]);
        }
        seed.extend([2, 0x9a, 0xb9, 0x37, 0x00]);
        seeds.push(seed);
    }
    // A pseudo-random spread.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        let len = (x % 400) as usize;
        let seed: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        seeds.push(seed);
    }
    for seed in &seeds {
        schedule_steps(seed);
    }
}
