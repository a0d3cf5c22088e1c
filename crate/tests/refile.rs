//! Re-filing kept time when a site changes category: through the tracker as
//! the extension drives it (stored days in, storage changes out), and as
//! properties of `fairtime::refile` over random days and rule books.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Europe::Berlin;
use fairtime::ledger::{CategoryTotals, DayTotals, Totals};
use fairtime::refile::{has_unnamed_time, refile, refile_day};
use fairtime::rules::RuleBook;
use fairtime::time::{Millis, MINUTE, SECOND};
use fairtime::tracker::{Changes, DayView, Input, RuleEdit, Tracker, TrackerError};
use proptest::prelude::*;
use serde_json::{json, Value};

mod common;
use common::{berlin, date, Storage};

/// Wednesday 10 June 2026.
fn today() -> NaiveDate {
    date(2026, 6, 10)
}

/// `h:m` Berlin time on [`today`].
fn at(h: u32, m: u32) -> Millis {
    berlin(today(), h, m)
}

fn focus(at: Millis, url: &str) -> Input {
    serde_json::from_value(json!({"type": "focus", "at": at, "url": url})).unwrap()
}

fn heartbeats(from: Millis, to: Millis) -> Vec<Input> {
    (1..)
        .map(|i| from + i * 30 * SECOND)
        .take_while(|t| *t <= to)
        .map(|t| serde_json::from_value(json!({"type": "heartbeat", "at": t})).unwrap())
        .collect()
}

fn edit(value: Value) -> RuleEdit {
    serde_json::from_value(value).unwrap()
}

/// Consent at 8:00, working around the clock, and `days` stored as they are.
fn tracker_with(days: &[(NaiveDate, Value)], category_only: bool) -> (Tracker, Storage) {
    let mut storage = Storage::default();
    let all = ["00:00-24:00"];
    let settings = json!({"v": 1, "d": {
        "schedule": {"hours": {"mon": all, "tue": all, "wed": all, "thu": all, "fri": all, "sat": all, "sun": all}},
        "idle_seconds": 14400,
        "category_only": category_only,
        "consent": at(8, 0),
    }});
    storage.0.insert("settings".into(), settings);
    for (d, day) in days {
        storage
            .0
            .insert(format!("day:{d}"), json!({"v": 1, "d": day.clone()}));
    }
    let tracker = storage.load(at(8, 0));
    (tracker, storage)
}

fn feed(tracker: &mut Tracker, storage: &mut Storage, inputs: &[Input]) {
    for input in inputs {
        storage.apply(&tracker.input(input, Berlin).unwrap());
    }
}

fn apply_edit(tracker: &mut Tracker, storage: &mut Storage, value: Value, when: Millis) {
    storage.apply(&tracker.edit_rules(edit(value), when, Berlin).unwrap());
}

fn seconds_of(view: &DayView, category: &str) -> u64 {
    view.categories
        .iter()
        .find(|c| c.id == category)
        .map_or(0, |c| c.seconds)
}

fn top(view: &DayView) -> Vec<(&str, &str, u64)> {
    view.top_domains
        .iter()
        .map(|d| (d.domain.as_str(), d.category.as_str(), d.seconds))
        .collect()
}

/// The stored day `d`, as the core would read it.
fn stored_day(storage: &Storage, d: NaiveDate) -> DayTotals {
    serde_json::from_value(storage.0[&format!("day:{d}")]["d"].clone()).unwrap()
}

const NEWS: &str = "https://www.nytimes.com/2026/06/10/secret-article.html";
const DOCS: &str = "https://docs.google.com/document/d/SECRET";

// ---------------------------------------------------------------------------
// Through the tracker.

#[test]
fn moving_the_site_in_front_refiles_today_history_and_the_open_segment() {
    let earlier = date(2026, 6, 3);
    let (mut tracker, mut storage) = tracker_with(
        &[(
            earlier,
            json!({"ms": 30 * MINUTE, "categories": {
                "news": {"ms": 20 * MINUTE, "domains": {"www.nytimes.com": 20 * MINUTE}},
                "work": {"ms": 10 * MINUTE, "domains": {"docs.google.com": 10 * MINUTE}},
            }}),
        )],
        false,
    );
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), DOCS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    feed(&mut tracker, &mut storage, &[focus(at(9, 10), NEWS)]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 10), at(9, 40)),
    );
    // 15 s into the next heartbeat: the open segment holds time not yet stored.
    let when = at(9, 40) + 15 * SECOND;
    let before = tracker.day_view(when, Berlin);
    assert_eq!(seconds_of(&before, "news"), 30 * 60 + 15);
    assert_eq!(seconds_of(&before, "work"), 10 * 60);

    let changes = tracker
        .edit_rules(
            edit(json!({"op": "file_site", "domain": "www.nytimes.com", "category": "research"})),
            when,
            Berlin,
        )
        .unwrap();
    let json = serde_json::to_value(&changes).unwrap();
    assert!(json["set"]["rules"]["d"]["rules"]
        .as_array()
        .unwrap()
        .contains(&json!({"pattern": "www.nytimes.com", "category": "research"})));
    assert!(json["set"][format!("day:{earlier}")].is_object());
    assert!(json["set"][format!("day:{}", today())].is_object());
    storage.apply(&changes);

    let after = tracker.day_view(when, Berlin);
    assert_eq!(after.tracked_seconds, before.tracked_seconds);
    assert_eq!(seconds_of(&after, "news"), 0);
    assert_eq!(seconds_of(&after, "research"), 30 * 60 + 15);
    assert_eq!(
        top(&after),
        [
            ("www.nytimes.com", "research", 30 * 60 + 15),
            ("docs.google.com", "work", 10 * 60)
        ]
    );
    // Still in front: counted as Research from now on.
    feed(&mut tracker, &mut storage, &heartbeats(when, at(9, 50)));
    let view = tracker.day_view(at(9, 50), Berlin);
    assert_eq!(seconds_of(&view, "research"), 40 * 60);
    assert_eq!(seconds_of(&view, "news"), 0);
    // History moved too, and storage says the same as the tracker.
    let week_ago = stored_day(&storage, earlier);
    assert_eq!(week_ago.ms, 30 * MINUTE);
    assert_eq!(week_ago.category_ms("news"), 0);
    assert_eq!(
        week_ago.domain_ms("research", "www.nytimes.com"),
        20 * MINUTE
    );
    assert_eq!(week_ago.domain_ms("work", "docs.google.com"), 10 * MINUTE);
    assert_eq!(
        storage.load(at(9, 50)).day_view(at(9, 50), Berlin),
        tracker.day_view(at(9, 50), Berlin)
    );
}

#[test]
fn filing_a_site_edits_its_own_rule_in_place_and_otherwise_adds_one() {
    let (mut tracker, mut storage) = tracker_with(&[], false);
    let rules = tracker.rules().rules().len();
    let place = |t: &Tracker| {
        t.rules()
            .rules()
            .iter()
            .position(|r| r.pattern.to_string() == "docs.google.com")
    };
    let docs = place(&tracker).unwrap();
    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "file_site", "domain": "docs.google.com", "category": "research"}),
        at(9, 0),
    );
    assert_eq!(tracker.rules().rules().len(), rules);
    assert_eq!(place(&tracker), Some(docs));
    assert_eq!(
        tracker.explain("docs.google.com").unwrap().category.id,
        "research"
    );
    // An address below a broader rule gets its own rule.
    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "file_site", "domain": "Gist.GitHub.com", "category": "work"}),
        at(9, 1),
    );
    assert_eq!(tracker.rules().rules().len(), rules + 1);
    assert_eq!(
        tracker.explain("gist.github.com").unwrap().rule.as_deref(),
        Some("gist.github.com")
    );
    assert_eq!(
        tracker.explain("github.com").unwrap().category.id,
        "development"
    );
    // Refused with a reason, changing nothing.
    let book = tracker.rules().clone();
    for value in [
        json!({"op": "file_site", "domain": "not a host", "category": "work"}),
        json!({"op": "file_site", "domain": "x.example", "category": "nope"}),
    ] {
        let refused = tracker
            .edit_rules(edit(value), at(9, 2), Berlin)
            .unwrap_err();
        assert!(matches!(
            refused,
            TrackerError::NotTracked(_) | TrackerError::Rules(_)
        ));
        assert!(!refused.to_string().is_empty());
    }
    assert_eq!(tracker.rules(), &book);
}

#[test]
fn deleting_or_editing_a_rule_refiles_to_what_the_rules_say_now() {
    let (mut tracker, mut storage) = tracker_with(&[], false);
    feed(
        &mut tracker,
        &mut storage,
        &[focus(at(9, 0), "https://wiki.acme.example/page")],
    );
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    feed(&mut tracker, &mut storage, &[focus(at(9, 10), DOCS)]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 10), at(9, 20)),
    );
    let uncategorized = |t: &Tracker, when| seconds_of(&t.day_view(when, Berlin), "uncategorized");
    assert_eq!(uncategorized(&tracker, at(9, 20)), 600);

    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "add_rule", "pattern": "acme.example", "category": "work"}),
        at(9, 20),
    );
    let view = tracker.day_view(at(9, 20), Berlin);
    assert_eq!(seconds_of(&view, "work"), 1200);
    assert_eq!(uncategorized(&tracker, at(9, 20)), 0);

    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "edit_rule", "pattern": "acme.example", "new_pattern": "acme.example", "category": "social"}),
        at(9, 21),
    );
    assert_eq!(
        seconds_of(&tracker.day_view(at(9, 21), Berlin), "social"),
        600
    );

    // Without its rule the wiki is uncategorized again, its time with it.
    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "delete_rule", "pattern": "acme.example"}),
        at(9, 22),
    );
    let view = tracker.day_view(at(9, 22), Berlin);
    assert_eq!(seconds_of(&view, "social"), 0);
    assert_eq!(seconds_of(&view, "uncategorized"), 600);
    // Docs, in front all along, counted on.
    assert_eq!(seconds_of(&view, "work"), 720);
    assert_eq!(view.tracked_seconds, 1320);
    assert_eq!(stored_day(&storage, today()), {
        let t = storage.load(at(9, 22));
        t.ledger().day(today()).unwrap().clone()
    });
}

#[test]
fn deleting_a_category_and_restoring_the_defaults_refile_too() {
    let (mut tracker, mut storage) = tracker_with(&[], false);
    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "add_category", "name": "Client A", "colour": "#00aa00", "work": true}),
        at(8, 30),
    );
    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "file_site", "domain": "www.nytimes.com", "category": "client-a"}),
        at(8, 31),
    );
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), NEWS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    assert_eq!(
        seconds_of(&tracker.day_view(at(9, 10), Berlin), "client-a"),
        600
    );

    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "delete_category", "id": "client-a", "move_rules_to": "research"}),
        at(9, 10),
    );
    let view = tracker.day_view(at(9, 10), Berlin);
    assert_eq!(seconds_of(&view, "client-a"), 0);
    assert_eq!(top(&view), [("www.nytimes.com", "research", 600)]);

    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "restore_defaults"}),
        at(9, 11),
    );
    let view = tracker.day_view(at(9, 11), Berlin);
    assert_eq!(top(&view), [("www.nytimes.com", "news", 660)]);
    assert_eq!(seconds_of(&view, "news"), 660);
}

#[test]
fn edits_that_change_no_category_write_no_days() {
    let (mut tracker, mut storage) = tracker_with(&[], false);
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), NEWS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    let day_keys = |changes: &Changes| {
        let json = serde_json::to_value(changes).unwrap();
        json["set"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| k.starts_with("day:"))
            .count()
    };
    for value in [
        json!({"op": "rename_category", "id": "news", "name": "Papers"}),
        json!({"op": "add_rule", "pattern": "unrelated.example", "category": "work"}),
        json!({"op": "delete_rule", "pattern": "unrelated.example"}),
    ] {
        let changes = tracker.edit_rules(edit(value), at(9, 10), Berlin).unwrap();
        assert_eq!(day_keys(&changes), 0);
        storage.apply(&changes);
    }
}

#[test]
fn time_kept_without_site_names_stays_in_its_category() {
    let earlier = date(2026, 6, 9);
    let (mut tracker, mut storage) = tracker_with(
        &[(
            earlier,
            json!({"ms": 20 * MINUTE, "categories": {
                "news": {"ms": 20 * MINUTE, "domains": {"www.nytimes.com": 5 * MINUTE}},
            }}),
        )],
        false,
    );
    assert_eq!(tracker.unnamed_days().unwrap(), 1);
    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "file_site", "domain": "www.nytimes.com", "category": "research"}),
        at(9, 0),
    );
    let day = stored_day(&storage, earlier);
    assert_eq!(day.ms, 20 * MINUTE);
    assert_eq!(day.category_ms("news"), 15 * MINUTE);
    assert!(day.categories["news"].domains.is_empty());
    assert_eq!(day.domain_ms("research", "www.nytimes.com"), 5 * MINUTE);
    assert_eq!(tracker.unnamed_days().unwrap(), 1);

    // Category-only mode today: nothing named, nothing moves.
    let (mut tracker, mut storage) = tracker_with(&[], true);
    assert_eq!(tracker.unnamed_days().unwrap(), 0);
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), NEWS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    assert_eq!(tracker.unnamed_days().unwrap(), 1);
    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "file_site", "domain": "www.nytimes.com", "category": "research"}),
        at(9, 10),
    );
    let view = tracker.day_view(at(9, 10), Berlin);
    assert_eq!(seconds_of(&view, "news"), 600);
    assert_eq!(seconds_of(&view, "research"), 0);
}

#[test]
fn an_excluded_site_does_not_come_back_with_a_refiling() {
    let (mut tracker, mut storage) = tracker_with(&[], false);
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), NEWS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    feed(&mut tracker, &mut storage, &[focus(at(9, 10), DOCS)]);
    feed(
        &mut tracker,
        &mut storage,
        &heartbeats(at(9, 10), at(9, 20)),
    );
    let mut settings = serde_json::to_value(tracker.settings()).unwrap();
    settings["excluded"] = json!(["nytimes.com"]);
    storage.apply(
        &tracker
            .set_settings(serde_json::from_value(settings).unwrap(), at(9, 20), Berlin)
            .unwrap(),
    );
    apply_edit(
        &mut tracker,
        &mut storage,
        json!({"op": "file_site", "domain": "docs.google.com", "category": "research"}),
        at(9, 20),
    );
    let view = tracker.day_view(at(9, 20), Berlin);
    assert_eq!(top(&view), [("docs.google.com", "research", 600)]);
    assert_eq!(view.tracked_seconds, 600);
    let kept: Vec<_> = storage
        .0
        .iter()
        .filter(|(k, _)| k.starts_with("day:") || *k == "cursor")
        .collect();
    assert!(!serde_json::to_string(&kept).unwrap().contains("nytimes"));
}

#[test]
fn a_site_kept_in_two_categories_is_listed_once() {
    // As stored by a Fairtime before re-filing existed.
    let (tracker, _) = tracker_with(
        &[(
            today(),
            json!({"ms": 40 * MINUTE, "categories": {
                "news": {"ms": 25 * MINUTE, "domains": {"www.nytimes.com": 25 * MINUTE}},
                "research": {"ms": 15 * MINUTE, "domains": {"www.nytimes.com": 10 * MINUTE, "docs.rs": 5 * MINUTE}},
            }}),
        )],
        false,
    );
    let view = tracker.day_view(at(9, 0), Berlin);
    assert_eq!(
        top(&view),
        [
            ("www.nytimes.com", "news", 35 * 60),
            ("docs.rs", "research", 5 * 60)
        ]
    );
}

#[test]
fn an_imported_rule_book_refiles_too() {
    let (mut tracker, mut storage) = tracker_with(&[], false);
    feed(&mut tracker, &mut storage, &[focus(at(9, 0), NEWS)]);
    feed(&mut tracker, &mut storage, &heartbeats(at(9, 0), at(9, 10)));
    let mut book = tracker.rules().clone();
    book.file_site("www.nytimes.com", "research").unwrap();
    let import = fairtime::exchange::Import {
        settings: None,
        rules: Some(book),
    };
    storage.apply(&tracker.apply_import(import, at(9, 10), Berlin).unwrap());
    let view = storage.load(at(9, 10)).day_view(at(9, 10), Berlin);
    assert_eq!(top(&view), [("www.nytimes.com", "research", 600)]);
}

// ---------------------------------------------------------------------------
// Properties of re-filing.

const HOSTS: &[&str] = &[
    "docs.google.com",
    "mail.google.com",
    "www.google.com",
    "github.com",
    "gist.github.com",
    "www.nytimes.com",
    "news.example",
    "a.news.example",
    "b.a.news.example",
    "shop.example",
    "xn--bcher-kva.de",
];

const PATTERNS: &[&str] = &[
    "google.com",
    "=www.google.com",
    "mail.google.com",
    "github.com",
    "*.github.com",
    "nytimes.com",
    "news.example",
    "*.news.example",
    "=a.news.example",
    "shop.example",
    "xn--bcher-kva.de",
    "example",
];

/// Category ids a day may hold: the book's, Uncategorized and a deleted one.
const IDS: &[&str] = &["work", "research", "news", "uncategorized", "gone"];

fn book_strategy() -> impl Strategy<Value = RuleBook> {
    prop::collection::vec(
        (
            prop::sample::select(PATTERNS),
            prop::sample::select(&IDS[..4]),
        ),
        0..10,
    )
    .prop_map(|rules| {
        let mut book = RuleBook::empty();
        for (id, name) in [("work", "Work"), ("research", "Research"), ("news", "News")] {
            let added = book.add_category(name, "#123456", true).unwrap();
            assert_eq!(added.as_str(), id);
        }
        for (pattern, category) in rules {
            let _ = book.add_rule(pattern, category);
        }
        book
    })
}

/// A day as counting keeps it: each category's time at least its domains'.
fn day_strategy() -> impl Strategy<Value = DayTotals> {
    prop::collection::btree_map(
        prop::sample::select(IDS),
        (
            prop::collection::btree_map(prop::sample::select(HOSTS), 0..5_000_000i64, 0..5),
            0..2_000_000i64,
        ),
        0..5,
    )
    .prop_map(|categories| {
        let mut day = DayTotals::default();
        for (id, (domains, unnamed)) in categories {
            let named: Millis = domains.values().sum();
            let category = CategoryTotals {
                ms: named + unnamed,
                domains: domains
                    .into_iter()
                    .map(|(d, ms)| (d.to_owned(), ms))
                    .collect(),
            };
            day.ms += category.ms;
            day.categories.insert(id.to_owned(), category);
        }
        day
    })
}

fn totals_strategy() -> impl Strategy<Value = Totals> {
    prop::collection::btree_map(0..60u32, day_strategy(), 0..6).prop_map(|days| {
        let mut totals = Totals::default();
        for (n, day) in days {
            totals.insert_day(date(2026, 1, 1) + chrono::Days::new(n.into()), day);
        }
        totals
    })
}

/// Per domain, its time over all categories; per category, its unnamed time.
fn ledger_of(day: &DayTotals) -> (BTreeMap<String, Millis>, BTreeMap<String, Millis>) {
    let mut domains = BTreeMap::new();
    let mut unnamed = BTreeMap::new();
    for (id, c) in &day.categories {
        let named: Millis = c.domains.values().sum();
        if c.ms > named {
            unnamed.insert(id.clone(), c.ms - named);
        }
        for (d, ms) in &c.domains {
            *domains.entry(d.clone()).or_default() += ms;
        }
    }
    (domains, unnamed)
}

fn all_ms(totals: &Totals) -> Millis {
    totals.days(..).map(|(_, d)| d.ms).sum()
}

proptest! {
    #[test]
    fn refiling_only_moves_time_and_files_every_site_where_the_book_says(
        mut totals in totals_strategy(),
        book in book_strategy(),
    ) {
        let before = totals.clone();
        let changed = refile(&mut totals, &book);
        prop_assert_eq!(all_ms(&totals), all_ms(&before));
        for (date, day) in before.days(..) {
            let after = totals.day(date).unwrap();
            prop_assert_eq!(after.ms, day.ms);
            let sum = |d: &DayTotals| d.categories.values().map(|c| c.ms).sum::<Millis>();
            prop_assert_eq!(sum(after), sum(day));
            // Each site's time is the same, in one category: the book's.
            prop_assert_eq!(ledger_of(after), ledger_of(day));
            for (id, c) in &after.categories {
                for domain in c.domains.keys() {
                    prop_assert_eq!(book.classify(domain).id.as_str(), id.as_str());
                }
                prop_assert!(c.ms > 0 || !c.domains.is_empty());
            }
            prop_assert_eq!(changed.contains(&date), after != day);
            prop_assert_eq!(has_unnamed_time(after), has_unnamed_time(day));
        }
        // Again: nothing left to move.
        let again = totals.clone();
        prop_assert!(refile(&mut totals, &book).is_empty());
        prop_assert_eq!(totals, again);
    }

    #[test]
    fn a_day_that_does_not_add_up_is_left_as_it_is(
        mut day in day_strategy(),
        book in book_strategy(),
        id in prop::sample::select(IDS),
        host in prop::sample::select(HOSTS),
        excess in 1..1_000i64,
    ) {
        // A domain holding more than its category.
        let c = day.categories.entry(id.to_owned()).or_default();
        let named: Millis = c.domains.values().sum();
        c.domains.insert(host.to_owned(), c.ms - named + c.domains.get(host).copied().unwrap_or(0) + excess);
        prop_assert_eq!(refile_day(&day, &book), None);
        let c = day.categories.get_mut(id).unwrap();
        c.ms = -1;
        prop_assert_eq!(refile_day(&day, &book), None);
    }

    #[test]
    fn filing_a_site_puts_it_in_that_category(
        book in book_strategy(),
        host in prop::sample::select(HOSTS),
        category in prop::sample::select(&IDS[..4]),
    ) {
        let mut book = book;
        let others: Vec<_> = HOSTS.iter().filter(|h| **h != host).map(|h| (*h, book.classify(h).id.clone())).collect();
        let before = book.rules().len();
        book.file_site(host, category).unwrap();
        prop_assert_eq!(book.classify(host).id.as_str(), category);
        prop_assert!(book.rules().len() <= before + 1);
        // Hosts above it keep their category.
        for (other, id) in others {
            if !other.ends_with(&format!(".{host}")) {
                prop_assert_eq!(&book.classify(other).id, &id, "{}", other);
            }
        }
    }

    #[test]
    fn through_the_tracker_a_rule_edit_keeps_every_stored_total(
        days in prop::collection::vec(day_strategy(), 1..5),
        host in prop::sample::select(HOSTS),
        category in prop::sample::select(&IDS[..4]),
    ) {
        let stored: Vec<_> = days
            .into_iter()
            .enumerate()
            .map(|(n, d)| (today() - chrono::Days::new(n as u64), serde_json::to_value(d).unwrap()))
            .collect();
        let (mut tracker, mut storage) = tracker_with(&stored, false);
        let sum = |t: &Tracker| t.ledger().days(..).map(|(_, d)| d.ms).sum::<Millis>();
        let total = sum(&tracker);
        apply_edit(&mut tracker, &mut storage, json!({"op": "file_site", "domain": host, "category": category}), at(8, 0));
        prop_assert_eq!(sum(&tracker), total);
        let reloaded = storage.load(at(8, 0));
        prop_assert_eq!(sum(&reloaded), total);
        for (_, day) in reloaded.ledger().days(..) {
            for (id, c) in &day.categories {
                if c.domains.contains_key(host) {
                    prop_assert_eq!(id.as_str(), category);
                }
            }
        }
        prop_assert_eq!(reloaded.ledger(), tracker.ledger());
    }
}
