//! The compact text of synced totals, hand-written so that the core knows
//! each storage.sync item's exact size.
//!
//! Numbers are base 36; a day is `category=ms` entries separated by `,`,
//! each followed by `+domain=ms` for its sites when they are synced
//! (`work=h5sw0+github.com=2s3e,news=5f0`). A chunk of a device's days is
//! `stamp/first/day;day;…`: the version every day in it carries, the first
//! day (days since 1 January of year 1) and the days from it on, one per
//! date, an empty day for none. The meta item `t:<device>` is
//! `stamp/chunks/name`. Every character is printable ASCII without `"` or
//! `\`, except the name, whose `"`, `\` and control characters are replaced
//! by spaces: a value's JSON string is the value between two quotes.

use chrono::{Datelike, NaiveDate};

use crate::ledger::{CategoryTotals, DayTotals};

/// storage.sync's quotas, the same in Chromium and Firefox.
pub const QUOTA_BYTES: usize = 102_400;
pub const QUOTA_BYTES_PER_ITEM: usize = 8_192;
pub const MAX_ITEMS: usize = 512;
pub const WRITES_PER_MINUTE: usize = 120;
pub const WRITES_PER_HOUR: usize = 1_800;

/// What an item costs against the quotas: its key and its value as JSON.
pub fn item_bytes(key: &str, value: &str) -> usize {
    key.len() + value.len() + 2
}

pub fn push36(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 13];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    for b in &digits[i..] {
        out.push(char::from(*b));
    }
}

pub fn read36(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 12 {
        return None;
    }
    let mut n = 0u64;
    for b in text.bytes() {
        n = n * 36 + u64::from(char::from(b).to_digit(36)?);
    }
    Some(n)
}

pub fn push_date(out: &mut String, date: NaiveDate) {
    push36(out, date.num_days_from_ce().max(0) as u64);
}

pub fn read_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(read36(text)?).ok()?)
}

/// A day's totals; with `domains`, its sites too.
pub fn push_day(out: &mut String, day: &DayTotals, domains: bool) {
    for (i, (id, c)) in day.categories.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_entry(out, id, c.ms);
        for (domain, ms) in c.domains.iter().filter(|_| domains) {
            out.push('+');
            push_entry(out, domain, *ms);
        }
    }
}

fn push_entry(out: &mut String, name: &str, ms: i64) {
    out.push_str(name);
    out.push('=');
    push36(out, ms.max(0) as u64);
}

fn name_ms(text: &str) -> Option<(String, i64)> {
    let (name, ms) = text.split_once('=')?;
    let bad = |b: u8| !b.is_ascii_graphic() || b"\"\\=+,;/".contains(&b);
    if name.is_empty() || name.bytes().any(bad) {
        return None;
    }
    Some((name.to_owned(), i64::try_from(read36(ms)?).ok()?))
}

/// Reads [`push_day`]'s text; the day's total is the sum of its
/// categories. A name given twice is refused: the map would keep one of
/// its two times and the total both.
pub fn read_day(text: &str) -> Option<DayTotals> {
    let mut day = DayTotals::default();
    for category in text.split(',').filter(|c| !c.is_empty()) {
        let mut parts = category.split('+');
        let (id, ms) = name_ms(parts.next()?)?;
        let mut totals = CategoryTotals {
            ms,
            ..Default::default()
        };
        for part in parts {
            let (domain, ms) = name_ms(part)?;
            if totals.domains.insert(domain, ms).is_some() {
                return None;
            }
        }
        day.ms = day.ms.checked_add(ms)?;
        if day.categories.insert(id, totals).is_some() {
            return None;
        }
    }
    Some(day)
}

/// A chunk: `stamp/first/` and the days' texts.
pub fn chunk(stamp: u64, first: NaiveDate, days: &[String]) -> String {
    let mut out = String::new();
    push36(&mut out, stamp);
    out.push('/');
    push_date(&mut out, first);
    for (i, day) in days.iter().enumerate() {
        out.push_str(if i == 0 { "/" } else { ";" });
        out.push_str(day);
    }
    if days.is_empty() {
        out.push('/');
    }
    out
}

/// A chunk's stamp, first day and days.
pub fn read_chunk(text: &str) -> Option<(u64, NaiveDate, Vec<DayTotals>)> {
    let mut parts = text.splitn(3, '/');
    let stamp = read36(parts.next()?)?;
    let first = read_date(parts.next()?)?;
    let mut days = Vec::new();
    for day in parts.next()?.split(';') {
        // A day that breaks what Fairtime writes is never counted.
        let day = read_day(day)?;
        if crate::invariants::day_problem(&day).is_some() {
            return None;
        }
        days.push(day);
    }
    Some((stamp, first, days))
}

/// A device name as the meta item carries it.
pub fn clean_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().take(60) {
        out.push(if c < ' ' || c == '"' || c == '\\' {
            ' '
        } else {
            c
        });
    }
    out
}

/// Whether `id` can be a device id: 1 to 32 of `0-9a-z`.
pub fn valid_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
}
