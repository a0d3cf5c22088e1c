//! Instants and spans of time, as the core counts them.
//!
//! Every instant is UTC milliseconds since the Unix epoch (what JavaScript's
//! `Date.now()` gives); local time only matters for the schedule and for
//! which day a second belongs to, and that is the schedule's business.

use chrono::{Datelike, NaiveDate};

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

pub const SECOND: Millis = 1_000;
pub const MINUTE: Millis = 60 * SECOND;
pub const HOUR: Millis = 60 * MINUTE;

/// A half-open span of time `[start, end)`. Empty when `end <= start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: Millis,
    pub end: Millis,
}

impl Span {
    pub const fn new(start: Millis, end: Millis) -> Self {
        Self { start, end }
    }

    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Length in milliseconds; zero for an empty span.
    pub const fn len(&self) -> Millis {
        if self.is_empty() {
            0
        } else {
            self.end - self.start
        }
    }

    /// The part of `self` inside `other`, if any.
    pub fn intersect(&self, other: &Span) -> Option<Span> {
        let span = Span::new(self.start.max(other.start), self.end.min(other.end));
        (!span.is_empty()).then_some(span)
    }
}

/// Parses `2025-12-24`. Hand-written, like [`format_date`]: chrono's
/// parser and formatter cost tens of kilobytes of wasm.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(decimal(y) as i32, decimal(m), decimal(d))
}

/// The value of `digits`, which the caller has checked are 1 to 9 ASCII
/// digits (by hand: each `str::parse` type costs wasm).
pub(crate) fn decimal(digits: &str) -> u32 {
    digits.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

/// `2025-12-24`.
pub fn format_date(date: &NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Serializes a date as `2025-12-24` without chrono's formatter
/// (`#[serde(serialize_with = "crate::time::serialize_date")]`).
pub fn serialize_date<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_date(date))
}

/// What the ledger needs to know about a person's time: when they work, and
/// where their local days begin and end. The schedule, read in a time zone,
/// is the real one; tests use simpler ones.
pub trait Calendar {
    /// The working spans inside `window`: ordered, disjoint and non-empty,
    /// with breaks, days off and off-hours already taken out.
    fn working_spans(&self, window: Span) -> Vec<Span>;

    /// The local date that contains `at`, and that day's span in UTC
    /// (23, 24 or 25 hours long around DST changes).
    fn local_day(&self, at: Millis) -> (NaiveDate, Span);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_half_open() {
        let a = Span::new(0, 10);
        assert_eq!(a.len(), 10);
        assert_eq!(a.intersect(&Span::new(10, 20)), None);
        assert_eq!(a.intersect(&Span::new(5, 20)), Some(Span::new(5, 10)));
        assert!(Span::new(5, 5).is_empty());
        assert_eq!(Span::new(9, 3).len(), 0);
    }
}
