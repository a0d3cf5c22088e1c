//! What a stored day must hold to be counted: what the ledger itself
//! always writes. A day that breaks it (typed in by hand, written by a
//! broken build, damaged) is set aside like an unreadable value
//! ([`crate::tracker::Tracker::set_aside`]), never counted, mended or
//! dropped.
//!
//! In both stored forms a day's total is `ms`: written beside the
//! categories in a `day:` value, the sum of the categories in a `peer:`
//! text ([`crate::sync::codec::read_day`]). It must be that sum exactly;
//! no value is negative; a category's sites add up to at most the
//! category (time counted in category-only mode has no site).

use crate::ledger::DayTotals;
use crate::time::Millis;

/// Why `day` cannot be counted, as the message key of the reason; `None`
/// when it holds.
pub fn day_problem(day: &DayTotals) -> Option<&'static str> {
    let mut total: Option<Millis> = Some(0);
    for category in day.categories.values() {
        let mut sites: Option<Millis> = Some(0);
        for ms in category.domains.values() {
            if *ms < 0 {
                return Some("coreDayNegative");
            }
            sites = sites.and_then(|s| s.checked_add(*ms));
        }
        if category.ms < 0 {
            return Some("coreDayNegative");
        }
        if sites.is_none_or(|s| s > category.ms) {
            return Some("coreDaySitesOver");
        }
        total = total.and_then(|t| t.checked_add(category.ms));
    }
    if day.ms < 0 {
        return Some("coreDayNegative");
    }
    (total != Some(day.ms)).then_some("coreDayTotalWrong")
}
