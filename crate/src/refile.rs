//! Re-filing kept time after the rule book changed.
//!
//! A day keeps each category's time and, unless category-only mode was on,
//! each domain's share of it. When a rule is added, edited or deleted, every
//! domain's kept time moves to the category the new book gives that domain,
//! so a site sits in one category on every day. Time kept without a domain
//! (category-only mode) cannot be re-filed: it stays in its category.
//!
//! Only moves: a day's total and the sum over its categories never change.
//! A day whose numbers do not add up (a domain holding more than its
//! category, a negative value, sums past the largest number) is left as it
//! is rather than guessed at.
//!
//! [`refile`] takes every kept day at once: the tracker calls it only once
//! every stored day is loaded (it refuses a re-filing before), so there is
//! no partial view of them that a re-filing could act on.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::ledger::{CategoryTotals, DayTotals, Totals};
use crate::rules::RuleBook;
use crate::time::Millis;

/// Moves each domain's time in every day of `totals` to the category `book`
/// gives it. Returns the days that changed, oldest first.
pub fn refile(totals: &mut Totals, book: &RuleBook) -> Vec<NaiveDate> {
    let mut changed = Vec::new();
    for (date, day) in totals.days(..) {
        if let Some(day) = refile_day(day, book) {
            changed.push((date, day));
        }
    }
    let mut dates = Vec::new();
    for (date, day) in changed {
        totals.insert_day(date, day);
        dates.push(date);
    }
    dates
}

/// `day` with each domain's time in the category `book` gives it; `None`
/// when nothing would move or the day does not add up.
pub fn refile_day(day: &DayTotals, book: &RuleBook) -> Option<DayTotals> {
    let mut moves = false;
    let mut all: Millis = 0;
    for (id, category) in &day.categories {
        let named = named_ms(category)?;
        if named > category.ms {
            return None;
        }
        all = all.checked_add(category.ms)?;
        moves |= category
            .domains
            .keys()
            .any(|domain| book.classify(domain).id.as_str() != id);
    }
    if !moves {
        return None;
    }
    let mut categories: BTreeMap<String, CategoryTotals> = BTreeMap::new();
    for (id, category) in &day.categories {
        let unnamed = category.ms - named_ms(category)?;
        if unnamed > 0 {
            categories.entry(id.clone()).or_default().ms += unnamed;
        }
    }
    for category in day.categories.values() {
        for (domain, &ms) in &category.domains {
            let to = book.classify(domain).id.as_str().to_owned();
            let to = categories.entry(to).or_default();
            // No overflow: every sum here is at most `all`.
            to.ms += ms;
            *to.domains.entry(domain.clone()).or_default() += ms;
        }
    }
    Some(DayTotals {
        ms: day.ms,
        categories,
    })
}

/// The time of a category that carries a domain name; `None` if a value is
/// negative or the sum does not fit.
fn named_ms(category: &CategoryTotals) -> Option<Millis> {
    if category.ms < 0 {
        return None;
    }
    category.domains.values().try_fold(0 as Millis, |sum, &ms| {
        (ms >= 0).then(|| sum.checked_add(ms))?
    })
}

/// Whether `day` holds time kept without a site name (category-only mode),
/// which re-filing leaves in its category.
pub fn has_unnamed_time(day: &DayTotals) -> bool {
    day.categories
        .values()
        .any(|c| named_ms(c).is_some_and(|named| c.ms > named))
}
