//! Settings and rules synced as last-writer-wins items (sync::items) under
//! a hybrid logical clock (sync::hlc): the merge laws, clocks that
//! disagree, concurrent edits, deletions, and what never syncs.

use std::collections::BTreeMap;

use fairtime::category::Category;
use fairtime::rules::{Rule, RuleBook};
use fairtime::schedule::{Interval, Schedule};
use fairtime::settings::Settings;
use fairtime::sync::hlc::{self, Stamp, MAX_AHEAD};
use fairtime::sync::items::{self, ItemState};
use fairtime::time::{Millis, HOUR, MINUTE};
use proptest::prelude::*;
use serde_json::json;

const T0: Millis = 1_780_000_000_000;

/// storage.sync, simulated: one value per key, the last write winning.
type Sync = BTreeMap<String, String>;

/// One browser: its settings, rules and item state.
#[derive(Clone)]
struct Device {
    id: &'static str,
    state: ItemState,
    settings: Settings,
    rules: RuleBook,
    own_hours: bool,
}

impl Device {
    fn new(id: &'static str) -> Self {
        Self::with(id, Settings::default(), RuleBook::with_defaults())
    }

    fn with(id: &'static str, settings: Settings, rules: RuleBook) -> Self {
        Self {
            id,
            state: ItemState::default(),
            settings,
            rules,
            own_hours: false,
        }
    }

    /// A local edit at `now`, noted as the tracker would.
    fn edit(&mut self, now: Millis, f: impl FnOnce(&mut Settings, &mut RuleBook)) {
        let (s0, b0) = (self.settings.clone(), self.rules.clone());
        f(&mut self.settings, &mut self.rules);
        items::note_local(
            &mut self.state,
            (&s0, &b0),
            (&self.settings, &self.rules),
            now,
            self.id,
        );
    }

    fn outgoing(&self, all: bool) -> Vec<(String, String)> {
        items::outgoing(
            &self.state,
            &self.settings,
            &self.rules,
            self.own_hours,
            all,
        )
    }

    /// Writes what is due to `sync`.
    fn write(&mut self, sync: &mut Sync) -> usize {
        let out = self.outgoing(false);
        for (k, v) in &out {
            sync.insert(k.clone(), v.clone());
        }
        items::written(&mut self.state, &out);
        out.len()
    }

    /// Receives `items`; returns how many were refused.
    fn receive(&mut self, items: &[(String, Option<String>)], now: Millis) -> usize {
        let got = items::receive(
            &mut self.state,
            items,
            &self.settings,
            &self.rules,
            self.own_hours,
            now,
        );
        if let Some((s, b)) = got.merged {
            assert_eq!(s.consent(), self.settings.consent(), "consent never syncs");
            assert_eq!(s.excluded(), self.settings.excluded(), "exclusions stay");
            self.settings = s;
            self.rules = b;
        }
        got.refused
    }

    /// Receives all of storage.sync, as `storage.sync.get(null)` gives it.
    fn read(&mut self, sync: &Sync, now: Millis) -> usize {
        let all: Vec<_> = sync
            .iter()
            .map(|(k, v)| (k.clone(), Some(v.clone())))
            .collect();
        self.receive(&all, now)
    }

    fn category(&self, id: &str) -> Option<&Category> {
        self.rules.categories().iter().find(|c| c.id.as_str() == id)
    }

    fn rule(&self, pattern: &str) -> Option<&str> {
        self.rules
            .rules()
            .iter()
            .find(|r| r.pattern.to_string() == pattern)
            .map(|r| r.category.as_str())
    }

    /// Settings and rules as a comparable view: order left out.
    fn view(&self) -> (Settings, Vec<Category>, Vec<(String, String)>) {
        view(&self.settings, &self.rules)
    }
}

fn view(settings: &Settings, rules: &RuleBook) -> (Settings, Vec<Category>, Vec<(String, String)>) {
    let mut cats = rules.categories().to_vec();
    cats.sort_by(|a, b| a.id.cmp(&b.id));
    let mut list: Vec<_> = rules
        .rules()
        .iter()
        .map(|r: &Rule| (r.pattern.to_string(), r.category.to_string()))
        .collect();
    list.sort();
    (settings.clone(), cats, list)
}

fn shared(s: &Settings, idle: u32) -> Settings {
    s.with_shared(
        s.schedule().clone(),
        idle,
        s.retention_days(),
        s.category_only(),
    )
    .unwrap()
}

fn hours(s: &Settings, start: u16, end: u16) -> Settings {
    let day = vec![Interval::new(start, end)];
    let schedule = Schedule::new(
        [0, 1, 2, 3, 4, 5, 6].map(|i| if i < 5 { day.clone() } else { vec![] }),
        vec![],
        [],
    )
    .unwrap();
    s.with_shared(
        schedule,
        s.idle_seconds(),
        s.retention_days(),
        s.category_only(),
    )
    .unwrap()
}

/// Two devices that exchange everything until nothing is left to write.
fn exchange(a: &mut Device, b: &mut Device, sync: &mut Sync, now: Millis) {
    for _ in 0..4 {
        let wrote = a.write(sync) + b.write(sync);
        a.read(sync, now);
        b.read(sync, now);
        if wrote == 0 {
            return;
        }
    }
    panic!("still writing after four rounds");
}

#[test]
fn defaults_cost_nothing_and_every_item_has_an_exact_cost() {
    let mut d = Device::new("00000000000000a1");
    d.edit(T0, |_, _| {});
    assert!(d.outgoing(true).is_empty(), "nobody edited anything");

    // Every default item stamped (as if edited): what it would cost.
    let other = hours(&Settings::default(), 60, 120);
    let other = other
        .with_shared(other.schedule().clone(), 60, 30, true)
        .unwrap();
    let mut full = Device::with("00000000000000a1", other, RuleBook::empty());
    full.edit(T0, |s, b| {
        *s = Settings::default();
        *b = RuleBook::with_defaults();
    });
    let out = full.outgoing(true);
    let total: usize = out.iter().map(|(k, v)| items::bytes(k, v)).sum();
    for (k, v) in &out {
        assert!(k.starts_with("s:"));
        assert_eq!(
            items::bytes(k, v),
            k.len() + serde_json::to_string(v).unwrap().len()
        );
        assert!(v.is_ascii() && items::bytes(k, v) <= 8192, "{k}");
    }
    let rules = RuleBook::with_defaults().rules().len();
    eprintln!(
        "default settings and {rules} rules, all stamped: {} items, {total} bytes",
        out.len()
    );
    assert_eq!(out.len(), 4 + 8 + 8);
    assert!(total < 16_000, "{total}");

    // A fresh device takes all of it.
    let mut fresh = Device::with(
        "00000000000000b2",
        shared(&Settings::default(), 60),
        RuleBook::empty(),
    );
    let items: Vec<_> = out.into_iter().map(|(k, v)| (k, Some(v))).collect();
    assert_eq!(fresh.receive(&items, T0), 0);
    assert_eq!(fresh.view(), full.view());
}

#[test]
fn the_state_round_trips_as_one_string() {
    let mut d = Device::new("a1b2c3d4e5f60718");
    d.edit(T0, |s, b| {
        *s = shared(s, 600);
        b.add_category("Deep, work; 100% | “focus”", "#123456", true)
            .unwrap();
        b.add_rule("=x.example", "deep-work-100-focus").unwrap();
        b.delete_category("shopping", Some("uncategorized"))
            .unwrap();
    });
    let text = serde_json::to_value(&d.state).unwrap();
    assert!(text.is_string());
    let back: ItemState = serde_json::from_value(text).unwrap();
    assert_eq!(back, d.state);
    assert!(serde_json::from_value::<ItemState>(json!("nonsense")).is_err());
}

#[test]
fn concurrent_edits_of_different_items_both_survive() {
    let mut sync = Sync::new();
    let mut a = Device::new("00000000000000a1");
    let mut b = Device::new("00000000000000b2");
    a.edit(T0, |_, r| r.rename_category("work", "Office").unwrap());
    a.edit(T0 + 1, |_, r| r.add_rule("a.example", "work").unwrap());
    b.edit(T0 + 2, |s, _| *s = shared(s, 900));
    b.edit(T0 + 3, |_, r| r.add_rule("b.example", "news").unwrap());
    b.edit(T0 + 4, |_, r| {
        r.edit_rule("github.com", "github.com", "work").unwrap()
    });
    exchange(&mut a, &mut b, &mut sync, T0 + 10);
    for d in [&a, &b] {
        assert_eq!(d.category("work").unwrap().name, "Office");
        assert_eq!(d.settings.idle_seconds(), 900);
        assert_eq!(d.rule("a.example"), Some("work"));
        assert_eq!(d.rule("b.example"), Some("news"));
        assert_eq!(d.rule("github.com"), Some("work"));
    }
    assert_eq!(a.view(), b.view());
}

#[test]
fn concurrent_edits_of_one_item_end_alike_and_the_later_wins() {
    let mut sync = Sync::new();
    let mut a = Device::new("00000000000000a1");
    let mut b = Device::new("00000000000000b2");
    a.edit(T0 + 5, |_, r| {
        r.recolour_category("news", "#111111").unwrap()
    });
    b.edit(T0, |_, r| r.recolour_category("news", "#222222").unwrap());
    // Both write before either reads: storage.sync keeps the last write.
    b.write(&mut sync);
    a.write(&mut sync);
    b.write(&mut sync);
    exchange(&mut a, &mut b, &mut sync, T0 + 10);
    assert_eq!(a.category("news").unwrap().colour.to_string(), "#111111");
    assert_eq!(a.view(), b.view());
}

#[test]
fn a_device_hours_behind_wins_with_an_edit_made_after_seeing_the_other() {
    let mut sync = Sync::new();
    let mut ahead = Device::new("00000000000000a1");
    let mut behind = Device::new("00000000000000b2");
    ahead.edit(T0 + 5 * HOUR, |s, _| *s = shared(s, 300));
    ahead.write(&mut sync);
    behind.read(&sync, T0);
    assert_eq!(behind.settings.idle_seconds(), 300);
    // Its own clock says five hours earlier, and yet its edit is later.
    behind.edit(T0 + MINUTE, |s, _| *s = shared(s, 1200));
    behind.write(&mut sync);
    ahead.read(&sync, T0 + 5 * HOUR + 2 * MINUTE);
    assert_eq!(ahead.settings.idle_seconds(), 1200);
    assert_eq!(ahead.state.stamp("i"), behind.state.stamp("i"));
}

#[test]
fn a_stamp_from_far_in_the_future_does_not_drag_the_clock_and_can_be_overwritten() {
    let mut sync = Sync::new();
    let mut broken = Device::new("00000000000000ee");
    let mut good = Device::new("00000000000000b2");
    let year = 366 * 24 * HOUR;
    broken.edit(T0 + 30 * year, |s, _| *s = shared(s, 60));
    broken.write(&mut sync);
    good.read(&sync, T0);
    assert_eq!(good.settings.idle_seconds(), 60, "merged like any version");
    assert!(good.state.clock().ms <= T0 + MAX_AHEAD, "clock not dragged");
    // Another item edited here is stamped by this device's own time.
    good.edit(T0 + 1, |_, r| r.add_rule("x.example", "news").unwrap());
    assert_eq!(good.state.stamp("p:x.example").unwrap().ms, T0 + 1);
    // An edit of the same item still wins, everywhere.
    good.edit(T0 + 2, |s, _| *s = shared(s, 240));
    good.write(&mut sync);
    broken.read(&sync, T0 + 30 * year);
    assert_eq!(broken.settings.idle_seconds(), 240);
}

#[test]
fn a_deleted_category_takes_its_rules_where_the_deletion_sent_them() {
    let mut sync = Sync::new();
    let mut a = Device::new("00000000000000a1");
    let mut b = Device::new("00000000000000b2");
    // B still counts into News and adds a rule to it; A deletes News,
    // moving its rules to Research, a little later.
    b.edit(T0, |_, r| r.add_rule("b.example", "news").unwrap());
    a.edit(T0 + 1, |_, r| {
        r.delete_category("news", Some("research")).unwrap();
    });
    exchange(&mut a, &mut b, &mut sync, T0 + 10);
    for d in [&a, &b] {
        assert!(d.category("news").is_none());
        assert_eq!(d.rule("news.ycombinator.com"), Some("research"));
        assert_eq!(d.rule("b.example"), Some("research"));
    }
    assert_eq!(a.view(), b.view());

    // A category deleted without rules to move: rules others add go to
    // Uncategorized.
    b.edit(T0 + 20, |_, r| r.add_rule("c.example", "shopping").unwrap());
    a.edit(T0 + 21, |_, r| {
        r.delete_category("shopping", Some("uncategorized"))
            .unwrap();
    });
    exchange(&mut a, &mut b, &mut sync, T0 + 30);
    assert_eq!(b.rule("c.example"), Some("uncategorized"));
    assert_eq!(a.view(), b.view());

    // It does not come back by itself...
    let mut c = Device::new("00000000000000c3");
    c.read(&sync, T0 + 40);
    assert!(c.category("news").is_none());
    assert_eq!(c.view(), a.view());
    // ...but a later re-creation wins; rules the deletion moved stay
    // moved, those it did not know of return to it.
    b.edit(T0 + 50, |_, r| {
        r.add_category("News", "#abcdef", false).unwrap();
    });
    exchange(&mut a, &mut b, &mut sync, T0 + 60);
    assert_eq!(a.category("news").unwrap().colour.to_string(), "#abcdef");
    assert_eq!(
        a.rule("news.ycombinator.com"),
        Some("research"),
        "moved by the delete"
    );
    assert_eq!(
        a.rule("b.example"),
        Some("news"),
        "never moved: its own version"
    );
    assert_eq!(a.view(), b.view());
}

#[test]
fn deletion_against_a_concurrent_edit_the_later_wins() {
    let mut sync = Sync::new();
    let mut a = Device::new("00000000000000a1");
    let mut b = Device::new("00000000000000b2");
    a.edit(T0 + 1, |_, r| {
        r.delete_category("news", Some("research")).unwrap();
    });
    b.edit(T0 + 2, |_, r| {
        r.rename_category("news", "Headlines").unwrap()
    });
    exchange(&mut a, &mut b, &mut sync, T0 + 10);
    assert_eq!(a.category("news").unwrap().name, "Headlines", "edit later");
    assert_eq!(a.view(), b.view());

    let mut sync = Sync::new();
    let mut a = Device::new("00000000000000a1");
    let mut b = Device::new("00000000000000b2");
    b.edit(T0 + 1, |_, r| {
        r.rename_category("news", "Headlines").unwrap()
    });
    a.edit(T0 + 2, |_, r| {
        r.delete_category("news", Some("research")).unwrap();
    });
    exchange(&mut a, &mut b, &mut sync, T0 + 10);
    assert!(b.category("news").is_none(), "deletion later");
    assert_eq!(a.view(), b.view());
}

fn private() -> Settings {
    let mut s: Settings = serde_json::from_value(json!({
        "schedule": {"hours": {"mon": ["08:00-12:00"]}},
        "excluded": ["bank.example", "clinic.test"],
        "idle_seconds": 120,
    }))
    .unwrap();
    s.set_consent(Some(T0 - 1234567));
    s
}

#[test]
fn consent_and_exclusions_never_leave_and_are_never_changed() {
    let mut sync = Sync::new();
    let mut a = Device::with("00000000000000a1", private(), RuleBook::with_defaults());
    a.edit(T0, |s, r| {
        *s = shared(s, 300);
        r.add_rule("online.bank.example", "work").unwrap();
        r.add_rule("=clinic.test", "news").unwrap();
        r.add_rule("safe.example", "news").unwrap();
        r.add_category("Bank", "#000000", true).unwrap();
    });
    a.edit(T0 + 1, |_, r| {
        r.delete_rule("=clinic.test").unwrap();
    });
    a.write(&mut sync);
    let all = a.outgoing(true);
    let consent = (T0 - 1234567).to_string();
    for (k, v) in all.iter().map(|(k, v)| (k, v)).chain(&sync) {
        for secret in ["bank.example", "clinic", &consent] {
            assert!(!k.contains(secret) && !v.contains(secret), "{k}: {v}");
        }
    }
    assert!(sync.values().any(|v| v.contains("safe.example")));

    // The other device: no consent, and other exclusions; neither changes.
    let mut b = Device::new("00000000000000b2");
    b.read(&sync, T0 + 5);
    assert_eq!(b.settings.consent(), None);
    assert!(b.settings.excluded().is_empty());
    assert_eq!(b.settings.idle_seconds(), 300);
    assert_eq!(b.rule("safe.example"), Some("news"));
    assert_eq!(b.rule("online.bank.example"), None);
    // And one that consented keeps it.
    let mut c = Device::new("00000000000000c3");
    c.settings.set_consent(Some(T0));
    c.read(&sync, T0 + 5);
    assert_eq!(c.settings.consent(), Some(T0));
}

#[test]
fn a_rule_kept_local_on_one_device_does_not_make_devices_overwrite_each_other() {
    let mut sync = Sync::new();
    let mut a = Device::with("00000000000000a1", private(), RuleBook::with_defaults());
    let mut b = Device::new("00000000000000b2");
    b.edit(T0, |_, r| {
        r.add_rule("online.bank.example", "work").unwrap()
    });
    exchange(&mut a, &mut b, &mut sync, T0 + 1);
    assert_eq!(a.rule("online.bank.example"), Some("work"), "received");
    // A edits every rule key; what it writes leaves the excluded rule out,
    // B puts it back once, and then nobody writes.
    a.edit(T0 + 2, |_, r| {
        for p in [
            "a.test", "b.test", "c.test", "d.test", "e.test", "f.test", "g.test", "h.test",
        ] {
            r.add_rule(p, "news").unwrap();
        }
    });
    exchange(&mut a, &mut b, &mut sync, T0 + 3);
    assert!(sync.values().any(|v| v.contains("online.bank.example")));
    assert_eq!(a.view().2, b.view().2);
}

#[test]
fn a_device_keeping_its_own_hours_records_but_does_not_apply_or_send_them() {
    let mut sync = Sync::new();
    let mut a = Device::new("00000000000000a1");
    let mut b = Device::new("00000000000000b2");
    b.own_hours = true;
    let b_hours = b.settings.schedule().clone();
    a.edit(T0, |s, _| *s = hours(s, 7 * 60, 15 * 60));
    a.write(&mut sync);
    b.read(&sync, T0 + 1);
    assert_eq!(b.settings.schedule(), &b_hours);
    assert_eq!(b.state.stamp("h"), a.state.stamp("h"), "recorded");
    // Its own hour edits stay here; other edits go.
    b.edit(T0 + 2, |s, _| *s = hours(s, 10 * 60, 18 * 60));
    b.edit(T0 + 3, |s, _| *s = shared(s, 480));
    assert!(b.outgoing(true).iter().all(|(k, _)| k != "s:h"));
    b.write(&mut sync);
    a.read(&sync, T0 + 4);
    assert_eq!(
        a.settings.schedule().hours(chrono::Weekday::Mon)[0].start,
        7 * 60
    );
    assert_eq!(a.settings.idle_seconds(), 480);

    // Turned off on a device that did not edit its hours: the recorded
    // ones apply.
    let mut c = Device::new("00000000000000c3");
    c.own_hours = true;
    c.read(&sync, T0 + 5);
    assert_ne!(c.settings.schedule(), a.settings.schedule());
    c.own_hours = false;
    c.read(&sync, T0 + 6);
    assert_eq!(c.settings.schedule(), a.settings.schedule());
}

#[test]
fn malformed_items_are_refused_and_change_nothing() {
    let mut sync = Sync::new();
    let mut a = Device::new("00000000000000a1");
    a.edit(T0, |s, r| {
        *s = shared(s, 300);
        r.add_rule("x.example", "news").unwrap();
    });
    a.write(&mut sync);
    let good: Vec<_> = sync.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut b = Device::new("00000000000000b2");
    let before = (b.view(), b.state.clone());
    let dev = "00000000000000a1";
    let bad = [
        ("s:i", "".to_owned()),
        ("s:i", format!("{dev}|zzzzzzzzzzzzzz.0.0,i,300")),
        ("s:i", format!("{dev}|1.0.1,i,300")),
        ("s:i", format!("{dev}|1.0.0,i,5")),
        ("s:i", format!("{dev}|1.0.0,i,300;2.0.0,r,400")),
        ("s:o", format!("{dev}|1.0.0,o,2")),
        ("s:h", format!("{dev}|1.0.0,h,25:00-26:00,,,,,,,,")),
        ("s:h", format!("{dev}|1.0.0,h,09:00-17:00")),
        ("s:c:work", format!("{dev}|1.0.0,c:work,1,zzzzzz,Work")),
        ("s:c:work", format!("{dev}|1.0.0,c:work,1,123456,")),
        ("s:c:Work", format!("{dev}|1.0.0,c:Work,1,123456,W")),
        (
            "s:c:uncategorized",
            format!("{dev}|1.0.0,c:uncategorized,1,123456,U"),
        ),
        ("s:c:work", format!("{dev}|1.0.0,c:work,1,123456,%ZZ")),
        (
            "s:c:work",
            format!("{dev}|1.0.0,c:work,1,123456,\"quoted\""),
        ),
        ("s:p0", format!("{dev}|1.0.0,p:x/y,work")),
        ("s:p0", format!("{dev}|1.0.0,p:WORK")),
        ("s:i", "abc|1.0.0,i,300".to_owned()),
        ("s:i", format!("{dev}|1.0.0,r,300")),
        ("s:c:work", format!("{dev}|1.0.0,c:news,1,123456,W")),
    ];
    for (k, v) in &bad {
        assert_eq!(
            b.receive(&[(k.to_string(), Some(v.clone()))], T0),
            1,
            "{k}: {v}"
        );
    }
    // Patterns in the wrong key are refused as well.
    for (k, v) in &good {
        if let Some(n) = k.strip_prefix("s:p") {
            let other = format!("s:p{}", (n.parse::<u32>().unwrap() + 1) % items::BUCKETS);
            assert_eq!(b.receive(&[(other, Some(v.clone()))], T0), 1);
        }
    }
    assert_eq!((b.view(), b.state.clone()), before);
    // Not items: ignored; items this version does not know: refused.
    let other = [
        ("t:x".into(), Some("?".into())),
        ("s:zz".into(), Some(format!("{dev}|1.0.0,zz,1"))),
    ];
    assert_eq!(b.receive(&other, T0), 1);
    assert_eq!((b.view(), b.state.clone()), before);
    b.read(&sync, T0);
    assert_eq!(b.settings.idle_seconds(), 300);
}

#[test]
fn hlc_far_future_and_counter_rules() {
    let mut clock = Stamp::default();
    let far = Stamp {
        ms: T0 + 10 * MAX_AHEAD,
        n: 0,
        device: 9,
    };
    hlc::observe(&mut clock, far, T0);
    assert_eq!(clock, Stamp::default());
    let over = hlc::tick(&mut clock, T0, 1, far);
    assert!(over > far);
    let next = hlc::tick(&mut clock, T0, 1, Stamp::default());
    assert!(next.ms <= T0 + MAX_AHEAD);
    let max = Stamp {
        ms: T0,
        n: u32::MAX,
        device: 9,
    };
    assert!(hlc::tick(&mut clock, T0, 1, max) > max);
}

proptest! {
    #[test]
    fn ticks_are_monotonic_and_above_what_was_observed(
        steps in prop::collection::vec((0i64..10_000, any::<bool>(), 0u64..4, -5_000i64..5_000), 1..60)
    ) {
        let mut clock = Stamp::default();
        let mut last = Stamp::default();
        let mut seen = Stamp::default();
        for (now, receive, device, skew) in steps {
            let now = T0 + now;
            if receive {
                let s = Stamp { ms: now + skew, n: 0, device };
                hlc::observe(&mut clock, s, now);
                seen = seen.max(s);
            } else {
                let s = hlc::tick(&mut clock, now, 7, Stamp::default());
                prop_assert!(s > last);
                prop_assert!(s > seen, "an edit after seeing wins");
                last = s;
            }
        }
    }
}

/// A local edit of a test device; errors (a refused edit) leave it as is.
#[derive(Debug, Clone)]
enum Op {
    Idle(u32),
    Retention(u32),
    CategoryOnly(bool),
    Hours(u16),
    AddCategory(usize),
    Recolour(usize, u8),
    Work(usize, bool),
    DeleteCategory(usize, usize),
    Rule(usize, usize),
    DeleteRule(usize),
}

const NAMES: [&str; 4] = ["Alpha", "Beta", "Gamma", "Delta"];
const IDS: [&str; 5] = ["alpha", "beta", "gamma", "delta", "uncategorized"];
const PATTERNS: [&str; 6] = [
    "a.test",
    "=b.test",
    "*.c.test",
    "d.test",
    "e.example",
    "f.example",
];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (15u32..20).prop_map(Op::Idle),
        (1u32..5).prop_map(Op::Retention),
        any::<bool>().prop_map(Op::CategoryOnly),
        (1u16..4).prop_map(Op::Hours),
        (0..4usize).prop_map(Op::AddCategory),
        (0..4usize, 0u8..4).prop_map(|(c, k)| Op::Recolour(c, k)),
        (0..4usize, any::<bool>()).prop_map(|(c, w)| Op::Work(c, w)),
        (0..4usize, 0..5usize).prop_map(|(c, to)| Op::DeleteCategory(c, to)),
        (0..6usize, 0..5usize).prop_map(|(p, c)| Op::Rule(p, c)),
        (0..6usize).prop_map(Op::DeleteRule),
    ]
}

fn run(op: &Op, s: &mut Settings, r: &mut RuleBook) {
    match *op {
        Op::Idle(n) => *s = shared(s, n * 60),
        Op::Retention(n) => {
            *s = s
                .with_shared(s.schedule().clone(), s.idle_seconds(), n, s.category_only())
                .unwrap()
        }
        Op::CategoryOnly(o) => {
            *s = s
                .with_shared(
                    s.schedule().clone(),
                    s.idle_seconds(),
                    s.retention_days(),
                    o,
                )
                .unwrap()
        }
        Op::Hours(h) => *s = hours(s, h * 60, 20 * 60),
        Op::AddCategory(c) => {
            let _ = r.add_category(NAMES[c], "#000000", c % 2 == 0);
        }
        Op::Recolour(c, k) => {
            let _ = r.recolour_category(IDS[c], &format!("#0000{k:02x}"));
        }
        Op::Work(c, w) => {
            let _ = r.set_category_work(IDS[c], w);
        }
        Op::DeleteCategory(c, to) => {
            let _ = r.delete_category(IDS[c], Some(IDS[to]));
        }
        Op::Rule(p, c) => {
            if r.edit_rule(PATTERNS[p], PATTERNS[p], IDS[c]).is_err() {
                let _ = r.add_rule(PATTERNS[p], IDS[c]);
            }
        }
        Op::DeleteRule(p) => {
            let _ = r.delete_rule(PATTERNS[p]);
        }
    }
}

fn base() -> (Settings, RuleBook) {
    let mut r = RuleBook::empty();
    r.add_category("Alpha", "#ffffff", true).unwrap();
    r.add_rule("a.test", "alpha").unwrap();
    (Settings::default(), r)
}

/// Three devices edit, write and sometimes read; every value written to
/// storage.sync is a version someone may receive, in any order.
fn history(script: &[(usize, Op, bool)]) -> (Vec<(String, String)>, Vec<Device>, Sync) {
    let (s, r) = base();
    let ids = ["00000000000000a1", "00000000000000b2", "00000000000000c3"];
    let mut devices: Vec<Device> = ids
        .iter()
        .map(|id| Device::with(id, s.clone(), r.clone()))
        .collect();
    let mut sync = Sync::new();
    let mut versions = Vec::new();
    for (step, (who, op, read)) in script.iter().enumerate() {
        let d = &mut devices[*who];
        // Device clocks disagree by hours.
        let now = T0 + step as Millis * MINUTE - *who as Millis * 3 * HOUR;
        d.edit(now, |s, r| run(op, s, r));
        let out = d.outgoing(false);
        d.write(&mut sync);
        versions.extend(out);
        if *read {
            d.read(&sync, now);
        }
    }
    (versions, devices, sync)
}

fn receive_all(batches: &[Vec<(String, String)>]) -> Device {
    let (s, r) = base();
    let mut d = Device::with("00000000000000f0", s, r);
    for batch in batches {
        let items: Vec<_> = batch
            .iter()
            .map(|(k, v)| (k.clone(), Some(v.clone())))
            .collect();
        assert_eq!(d.receive(&items, T0), 0);
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Commutative, associative, idempotent: whatever the order, grouping
    /// and repetition of the versions received, the result is the same.
    #[test]
    fn order_of_receipt_never_matters(
        script in prop::collection::vec((0..3usize, op(), any::<bool>()), 1..30),
        order in prop::collection::vec(any::<u32>(), 200),
    ) {
        let (versions, _, _) = history(&script);
        let together = receive_all(std::slice::from_ref(&versions));
        let one_by_one = receive_all(&versions.iter().cloned().map(|v| vec![v]).collect::<Vec<_>>());
        // Shuffled, in random batches, some twice.
        let mut shuffled = versions.clone();
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, order[i % order.len()] as usize % (i + 1));
        }
        let again: Vec<_> = versions.iter().step_by(2).cloned().collect();
        shuffled.extend(again);
        let mut batches = Vec::new();
        let mut rest = shuffled.as_slice();
        let mut k = 0;
        while !rest.is_empty() {
            let n = (order[k % order.len()] as usize % 4 + 1).min(rest.len());
            batches.push(rest[..n].to_vec());
            rest = &rest[n..];
            k += 1;
        }
        let mixed = receive_all(&batches);
        // Receiving everything again changes nothing.
        let mut twice = together.clone();
        let items: Vec<_> = versions.iter().map(|(k, v)| (k.clone(), Some(v.clone()))).collect();
        let got = items::receive(&mut twice.state, &items, &twice.settings, &twice.rules, false, T0);
        prop_assert!(got.merged.is_none());

        prop_assert_eq!(together.view(), one_by_one.view());
        prop_assert_eq!(together.view(), mixed.view());
    }

    /// Devices that keep exchanging end with the same settings and rules,
    /// and those are what a fresh device reading storage.sync gets.
    #[test]
    fn devices_converge(script in prop::collection::vec((0..3usize, op(), any::<bool>()), 1..30)) {
        let (_, mut devices, mut sync) = history(&script);
        for _ in 0..4 {
            for d in devices.iter_mut() {
                d.write(&mut sync);
            }
            for d in devices.iter_mut() {
                d.read(&sync, T0 + 100 * HOUR);
            }
        }
        for d in devices.iter_mut() {
            prop_assert_eq!(d.write(&mut sync), 0, "nothing left to write");
        }
        // Equal states write equal values.
        for d in &devices {
            prop_assert_eq!(d.outgoing(true), devices[0].outgoing(true));
        }
        let fresh = receive_all(&[sync.iter().map(|(k, v)| (k.clone(), v.clone())).collect()]);
        for d in &devices {
            prop_assert_eq!(d.view(), devices[0].view());
        }
        prop_assert_eq!(fresh.view(), devices[0].view());
    }

    /// Whatever arrives under an `s:` key, nothing panics, and a refused
    /// item changes nothing.
    #[test]
    fn any_received_text_is_safe(
        key in prop::sample::select(vec!["s:h", "s:i", "s:r", "s:o", "s:c:alpha", "s:c:x", "s:p0", "s:p3", "s:p7"]),
        value in "[0-9a-f]{16}\\|[0-9a-z.,;%+=*:-]{0,40}|\\PC{0,40}",
    ) {
        let (s, r) = base();
        let mut d = Device::with("00000000000000f0", s, r);
        let before = (d.view(), d.state.clone());
        let refused = d.receive(&[(key.to_owned(), Some(value))], T0);
        if refused > 0 {
            prop_assert_eq!((d.view(), d.state.clone()), before);
        }
    }

    /// Exclusions and consent never appear in anything written.
    #[test]
    fn exclusions_never_leave(script in prop::collection::vec((0..3usize, op(), any::<bool>()), 1..20)) {
        let (_, devices, _) = history(&script);
        for mut d in devices {
            d.settings = serde_json::from_value::<Settings>(json!({
                "schedule": {"hours": {}}, "excluded": ["a.test", "c.test"],
            })).unwrap().with_shared(d.settings.schedule().clone(), d.settings.idle_seconds(), d.settings.retention_days(), d.settings.category_only()).unwrap();
            d.settings.set_consent(Some(T0 + 424242));
            for (k, v) in d.outgoing(true) {
                prop_assert!(!v.contains("a.test") && !v.contains("c.test") && !v.contains("424242"), "{}: {}", k, v);
            }
        }
    }
}

#[test]
fn working_hours_travel_whole_as_one_item() {
    let schedule: Schedule = serde_json::from_value(json!({
        "hours": {"mon": ["07:30-12:00", "13:00-24:00"], "sat": ["00:00-01:15"]},
        "breaks": [{"name": "Mittag, + / ü;|%", "days": ["mon", "sun"], "time": "12:15-12:45"},
                   {"time": "08:00-08:10"}],
        "days_off": ["2026-12-24", "2027-01-01"],
    }))
    .unwrap();
    let mut sync = Sync::new();
    let mut a = Device::new("00000000000000a1");
    let mut b = Device::new("00000000000000b2");
    a.edit(T0, |s, _| {
        *s = s
            .with_shared(
                schedule.clone(),
                s.idle_seconds(),
                s.retention_days(),
                s.category_only(),
            )
            .unwrap()
    });
    exchange(&mut a, &mut b, &mut sync, T0 + 1);
    assert_eq!(b.settings.schedule(), &schedule);
    assert_eq!(sync.keys().collect::<Vec<_>>(), ["s:h"]);
}
