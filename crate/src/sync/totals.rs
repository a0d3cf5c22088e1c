//! Other devices' totals: a state-based CRDT.
//!
//! The state is a set of entries (device, day) → (version, totals). A
//! device is the only writer of its own entries, and every copy it sends
//! carries a version higher than the one before (its write stamp, see
//! [`super`]). Merging keeps, per (device, day), the entry with the higher
//! version, ties broken by the larger text of the totals: commutative,
//! associative and idempotent, so receiving the same copy twice, copies out
//! of order or an older one after a newer never changes the sum. An empty
//! day is an entry too (the device removed that day's time). Every view
//! shows this device's own totals plus, per day, the sum of these entries.

use chrono::NaiveDate;

use super::codec;
use crate::ledger::{DayTotals, Totals};

/// One device's totals of one day, at a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub device: String,
    pub date: NaiveDate,
    pub version: u64,
    pub day: DayTotals,
}

impl Entry {
    /// Whether `self` wins over `other` (same device and day).
    pub fn beats(&self, other: &Entry) -> bool {
        (self.version, text(&self.day)) > (other.version, text(&other.day))
    }

    /// The stored text: `version/day`.
    pub fn stored(&self) -> String {
        let mut out = String::new();
        codec::push36(&mut out, self.version);
        out.push('/');
        codec::push_day(&mut out, &self.day, true);
        out
    }

    pub fn from_stored(device: &str, date: NaiveDate, text: &str) -> Option<Entry> {
        let (version, day) = text.split_once('/')?;
        Some(Entry {
            device: device.to_owned(),
            date,
            version: codec::read36(version)?,
            day: codec::read_day(day)?,
        })
    }
}

fn text(day: &DayTotals) -> String {
    let mut out = String::new();
    codec::push_day(&mut out, day, true);
    out
}

/// Every other device's entries, in (device, day) order, and their sum per
/// day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Peers {
    entries: Vec<Entry>,
    sum: Totals,
}

impl Peers {
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The sum over devices, per day.
    pub fn sum(&self) -> &Totals {
        &self.sum
    }

    fn find(&self, device: &str, date: NaiveDate) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|e| (e.device.as_str(), e.date).cmp(&(device, date)))
    }

    pub fn get(&self, device: &str, date: NaiveDate) -> Option<&Entry> {
        self.find(device, date).ok().map(|i| &self.entries[i])
    }

    /// Merges `entry` in; whether it won (and so needs storing).
    pub fn merge(&mut self, entry: Entry) -> bool {
        let date = entry.date;
        match self.find(&entry.device, date) {
            Ok(i) if !entry.beats(&self.entries[i]) => return false,
            Ok(i) => self.entries[i] = entry,
            Err(i) => self.entries.insert(i, entry),
        }
        self.resum(date);
        true
    }

    /// Drops the entries of `dates` (retention), returning them.
    pub fn drop_days(&mut self, dates: &[NaiveDate]) -> Vec<Entry> {
        let mut gone = Vec::new();
        for e in std::mem::take(&mut self.entries) {
            if dates.contains(&e.date) {
                gone.push(e);
            } else {
                self.entries.push(e);
            }
        }
        self.sum.remove_days(dates);
        gone
    }

    fn resum(&mut self, date: NaiveDate) {
        let mut day = DayTotals::default();
        for e in self.entries.iter().filter(|e| e.date == date) {
            day.merge(&e.day);
        }
        self.sum.remove_days(&[date]);
        if !day.categories.is_empty() {
            self.sum.insert_day(date, day);
        }
    }
}
