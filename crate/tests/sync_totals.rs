//! Sync of totals: the merge laws of the CRDT, the codec, two browsers
//! through a simulated storage.sync, and the export merge.

mod common;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Europe::Berlin;
use common::{berlin, date, input, Storage};
use fairtime::ledger::{CategoryTotals, DayTotals};
use fairtime::sync::codec;
use fairtime::sync::totals::{Entry, Peers};
use fairtime::sync::{MergeFile, Prefs, Reason};
use fairtime::time::{Millis, MINUTE};
use fairtime::tracker::Tracker;
use proptest::prelude::*;
use serde_json::{json, Value};

/// A category's id, time and sites.
type Part<'a> = (&'a str, i64, &'a [(&'a str, i64)]);

fn day_of(parts: &[Part]) -> DayTotals {
    let mut day = DayTotals::default();
    for (id, ms, domains) in parts {
        let mut c = CategoryTotals {
            ms: *ms,
            ..Default::default()
        };
        for (d, ms) in *domains {
            c.domains.insert((*d).to_owned(), *ms);
        }
        day.ms += ms;
        day.categories.insert((*id).to_owned(), c);
    }
    day
}

fn arb_day() -> impl Strategy<Value = DayTotals> {
    prop::collection::vec(
        (
            prop::sample::select(vec!["work", "news", "mail-2"]),
            0i64..30_000_000,
            prop::collection::vec(
                (
                    prop::sample::select(vec!["a.de", "xn--bcher-kva.de", "b.com"]),
                    0i64..9_000_000,
                ),
                0..3,
            ),
        ),
        0..3,
    )
    .prop_map(|cats| {
        let mut day = DayTotals::default();
        for (id, ms, domains) in cats {
            let c = day.categories.entry(id.to_owned()).or_default();
            c.ms += ms;
            for (d, dms) in domains {
                *c.domains.entry(d.to_owned()).or_default() += dms;
            }
            day.ms += ms;
        }
        day
    })
}

fn arb_entry() -> impl Strategy<Value = Entry> {
    (
        prop::sample::select(vec!["aa", "bb", "cc"]),
        0u64..4,
        0u64..5,
        arb_day(),
    )
        .prop_map(|(device, d, version, day)| Entry {
            device: device.to_owned(),
            date: date(2026, 3, 1) + chrono::Days::new(d),
            version,
            day,
        })
}

fn merged(entries: &[Entry]) -> Peers {
    let mut peers = Peers::default();
    for e in entries {
        peers.merge(e.clone());
    }
    peers
}

/// Merging one state into another, as two replicas exchanging everything.
fn join(a: &Peers, b: &Peers) -> Peers {
    let mut out = a.clone();
    for e in b.entries() {
        out.merge(e.clone());
    }
    out
}

proptest! {
    #[test]
    fn a_day_reads_back_as_written(day in arb_day()) {
        let mut text = String::new();
        codec::push_day(&mut text, &day, true);
        let mut back = day.clone();
        back.categories.retain(|_, _| true);
        prop_assert_eq!(codec::read_day(&text), Some(back));
    }

    #[test]
    fn merge_is_commutative_associative_and_idempotent(
        a in prop::collection::vec(arb_entry(), 0..12),
        b in prop::collection::vec(arb_entry(), 0..12),
        c in prop::collection::vec(arb_entry(), 0..12),
    ) {
        let (a, b, c) = (merged(&a), merged(&b), merged(&c));
        prop_assert_eq!(join(&a, &b), join(&b, &a));
        prop_assert_eq!(join(&join(&a, &b), &c), join(&a, &join(&b, &c)));
        prop_assert_eq!(join(&a, &a), a.clone());
        prop_assert_eq!(join(&join(&a, &b), &b), join(&a, &b));
    }

    #[test]
    fn order_duplicates_and_older_copies_never_change_the_sum(
        entries in prop::collection::vec(arb_entry(), 1..20),
        seed in any::<u64>(),
    ) {
        let once = merged(&entries);
        // Shuffled, every copy twice, and every entry again with an older
        // version afterwards.
        let mut again = entries.clone();
        let mut s = seed;
        for i in (1..again.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            again.swap(i, (s >> 33) as usize % (i + 1));
        }
        again.extend(entries.iter().cloned());
        let mut peers = merged(&again);
        prop_assert_eq!(&peers, &once);
        for e in once.entries() {
            if e.version > 0 {
                let mut older = e.clone();
                older.version -= 1;
                older.day = DayTotals::default();
                prop_assert!(!peers.merge(older));
            }
        }
        prop_assert_eq!(peers.sum(), once.sum());
        // The sum is each device's winning day added up.
        for (date, day) in once.sum().days(..) {
            let expected: i64 = once.entries().iter().filter(|e| e.date == date).map(|e| e.day.ms).sum();
            prop_assert_eq!(day.ms, expected);
        }
    }
}

#[test]
fn chunks_and_numbers_read_back() {
    for n in [0, 1, 35, 36, 1_764_000_000_000, u64::from(u32::MAX)] {
        let mut s = String::new();
        codec::push36(&mut s, n);
        assert_eq!(codec::read36(&s), Some(n));
    }
    let day = day_of(&[
        ("work", 3_600_000, &[("github.com", 1_000_000)]),
        ("news", 5, &[]),
    ]);
    let mut text = String::new();
    codec::push_day(&mut text, &day, true);
    assert_eq!(text, "news=5,work=255s0+github.com=lfls");
    let chunk = codec::chunk(7, date(2026, 3, 9), &[text, String::new()]);
    let (stamp, first, days) = codec::read_chunk(&chunk).unwrap();
    assert_eq!((stamp, first), (7, date(2026, 3, 9)));
    assert_eq!(days, vec![day, DayTotals::default()]);
    for bad in [
        "",
        "x",
        "7/",
        "7/zz/work=",
        "7/abc/wo\"rk=1",
        "7/abc/work=1+=2",
        "7/abc/work=-1",
    ] {
        assert_eq!(codec::read_chunk(bad), None, "{bad}");
    }
    assert_eq!(codec::item_bytes("t:ab", "12"), 8);
    assert_eq!(
        codec::clean_name("Fire\"fox\\\non Linux"),
        "Fire fox  on Linux"
    );
}

// --- two browsers through storage.sync ---------------------------------

/// One browser: its local storage and its tracker.
struct Browser {
    local: Storage,
    tracker: Tracker,
}

/// storage.sync, simulated: string values, and every write counted.
#[derive(Default)]
struct SyncStore {
    items: BTreeMap<String, String>,
    /// When each write operation (a `set` or a `remove`) happened.
    writes: Vec<Millis>,
}

impl SyncStore {
    fn bytes(&self) -> usize {
        self.items
            .iter()
            .map(|(k, v)| codec::item_bytes(k, v))
            .sum()
    }

    /// Applies an outbox as the extension does, checking every quota.
    fn write(&mut self, at: Millis, set: Vec<(String, String)>, remove: Vec<String>) {
        for (key, value) in set {
            assert!(
                codec::item_bytes(&key, &value) <= codec::QUOTA_BYTES_PER_ITEM,
                "{key}: {} bytes",
                codec::item_bytes(&key, &value)
            );
            assert!(value.bytes().all(|b| b != b'"' && b != b'\\' && b >= b' '));
            self.items.insert(key, value);
        }
        for key in &remove {
            self.items.remove(key);
        }
        let ops = 1 + usize::from(!remove.is_empty());
        for _ in 0..ops {
            let i = self.writes.partition_point(|w| *w <= at);
            self.writes.insert(i, at);
        }
        assert!(self.bytes() <= codec::QUOTA_BYTES, "{} bytes", self.bytes());
        assert!(self.items.len() <= codec::MAX_ITEMS);
    }

    /// No minute holds more than 120 writes, no hour more than 1,800.
    fn check_rates(&self) {
        for (span, most) in [
            (MINUTE, codec::WRITES_PER_MINUTE),
            (60 * MINUTE, codec::WRITES_PER_HOUR),
        ] {
            let mut from = 0;
            for (to, at) in self.writes.iter().enumerate() {
                while self.writes[from] <= at - span {
                    from += 1;
                }
                assert!(
                    to + 1 - from <= most,
                    "{} writes in {span} ms",
                    to + 1 - from
                );
            }
        }
    }

    fn all(&self) -> Vec<(String, Option<String>)> {
        self.items
            .iter()
            .map(|(k, v)| (k.clone(), Some(v.clone())))
            .collect()
    }
}

impl Browser {
    fn new(id: &str, name: &str, domains: bool, at: Millis) -> Browser {
        let mut local = Storage::default();
        // A sign of life every half hour is enough for these tests.
        local.0.insert(
            "cursor".into(),
            json!({"v": 1, "d": {"max_gap": 3_600_000}}),
        );
        let mut tracker = local.load(at);
        local.apply(&tracker.give_consent(at, Berlin));
        let prefs = Prefs {
            on: true,
            domains,
            own_hours: false,
            name: String::new(),
        };
        local.apply(&tracker.set_sync(prefs, id, name, at));
        Browser { local, tracker }
    }

    fn visit(&mut self, at: Millis, url: &str) {
        let changes = self
            .tracker
            .input(
                &input(json!({"type": "focus", "at": at, "url": url})),
                Berlin,
            )
            .unwrap();
        self.local.apply(&changes);
    }

    fn sync(&mut self, store: &mut SyncStore, at: Millis, reason: Reason) -> bool {
        match self.tracker.sync_outbox(at, reason, Berlin).unwrap() {
            Some((set, remove)) => {
                store.write(at, set, remove);
                self.local.apply(&self.tracker.sync_written(at));
                true
            }
            None => false,
        }
    }

    fn receive(&mut self, items: &[(String, Option<String>)]) {
        let at = self.tracker.sync_state().wrote.max(1);
        let changes = self.tracker.sync_receive(items, at, Berlin).unwrap();
        self.local.apply(&changes);
    }

    /// The tracker a new worker builds from local storage.
    fn reload(&mut self, at: Millis) {
        self.tracker = self.local.load(at);
    }
}

/// A tracker as a waking worker builds it from `local`: only the keys the
/// core names.
fn waking(local: &common::Storage, at: Millis) -> Tracker {
    let (mut tracker, _) = local.wake(at);
    if tracker.history_needed() {
        let all = local
            .0
            .iter()
            .map(|(k, v)| (k.clone(), common::Json(v.clone())));
        tracker.load_history(all, at);
    }
    tracker
}

fn seconds_today(tracker: &Tracker, at: Millis) -> u64 {
    tracker.day_view(at, Berlin).tracked_seconds
}

#[test]
fn two_browsers_see_the_sum_and_nothing_twice() {
    let monday = date(2026, 3, 9);
    let mut store = SyncStore::default();
    let mut a = Browser::new("aaaa", "Chromium on Linux", true, berlin(monday, 8, 0));
    let mut b = Browser::new("bbbb", "Firefox on Windows", true, berlin(monday, 8, 0));
    a.visit(berlin(monday, 9, 0), "https://github.com/x");
    a.visit(berlin(monday, 9, 30), "https://news.example/");
    b.visit(berlin(monday, 10, 0), "https://github.com/y");
    b.visit(berlin(monday, 10, 20), "https://mail.example/");
    let at = berlin(monday, 10, 30);
    let away = a
        .tracker
        .input(&input(json!({"type": "unfocused", "at": at})), Berlin);
    a.local.apply(&away.unwrap());
    assert!(a.sync(&mut store, at, Reason::BlockEnd));
    assert!(b.sync(&mut store, at, Reason::BlockEnd));
    // Nothing changed: nothing to write.
    assert!(!a.sync(&mut store, at + 10 * MINUTE, Reason::Now));
    let all = store.all();
    a.receive(&all);
    b.receive(&all);
    b.receive(&all);
    let (sa, sb) = (seconds_today(&a.tracker, at), seconds_today(&b.tracker, at));
    assert_eq!(sa, 90 * 60 + 30 * 60);
    assert_eq!(sa, sb);
    // A worker built from local storage shows the same.
    b.reload(at);
    assert_eq!(seconds_today(&b.tracker, at), sb);
    // A's older copy arriving after a newer one changes nothing.
    let old = all.clone();
    a.visit(berlin(monday, 10, 50), "https://github.com/z");
    a.local.apply(
        &a.tracker
            .input(
                &input(json!({"type": "unfocused", "at": berlin(monday, 11, 0)})),
                Berlin,
            )
            .unwrap(),
    );
    assert!(a.sync(&mut store, berlin(monday, 11, 0), Reason::BlockEnd));
    b.receive(&store.all());
    let later = seconds_today(&b.tracker, berlin(monday, 11, 0));
    assert_eq!(later, 100 * 60 + 60 * 60);
    b.receive(&old);
    assert_eq!(seconds_today(&b.tracker, berlin(monday, 11, 0)), later);
    // Devices are listed with their names.
    let view = b.tracker.sync_view(berlin(monday, 11, 0));
    let names: Vec<_> = view
        .devices
        .iter()
        .map(|d| (d.name.as_str(), d.this_device))
        .collect();
    assert_eq!(
        names,
        [("Firefox on Windows", true), ("Chromium on Linux", false)]
    );
    assert!(view.bytes_in_use > 0 && view.error.is_none());
    // Reports and CSV include the other device.
    let week = b.tracker.week(berlin(monday, 11, 0), 0, Berlin).unwrap();
    assert_eq!(week.tracked_seconds, 160 * 60);
    let csv = b.tracker.export_csv().unwrap();
    let seconds: u64 = csv
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(seconds, 100 * 60 + 20 * 60, "{csv}");
}

#[test]
fn consent_category_only_and_errors() {
    let monday = date(2026, 3, 9);
    let mut store = SyncStore::default();
    let mut a = Browser::new("aaaa", "A", true, berlin(monday, 8, 0));
    a.visit(berlin(monday, 9, 0), "https://github.com/x");
    a.visit(berlin(monday, 9, 30), "https://news.example/");
    // A quota error: nothing local changes, the view says so, and it backs off.
    let at = berlin(monday, 9, 40);
    let before = a.local.clone();
    assert!(a
        .tracker
        .sync_outbox(at, Reason::Now, Berlin)
        .unwrap()
        .is_some());
    let changes = a.tracker.sync_failed("QUOTA_BYTES quota exceeded", at);
    a.local.apply(&changes);
    let mut without_sync = a.local.0.clone();
    without_sync.remove("sync");
    let mut before_without = before.0.clone();
    before_without.remove("sync");
    assert_eq!(without_sync, before_without);
    let error = a.tracker.sync_view(at).error.unwrap();
    assert!(error.message.contains("full"), "{}", error.message);
    assert!(error.retry_at > at);
    assert_eq!(a.tracker.sync_next_attempt(), Some(error.retry_at));
    assert!(a
        .tracker
        .sync_outbox(at + 1, Reason::Now, Berlin)
        .unwrap()
        .is_none());
    assert!(a.sync(&mut store, error.retry_at, Reason::Now));
    assert!(a.tracker.sync_view(error.retry_at).error.is_none());
    assert!(store.items.values().any(|v| v.contains("github.com")));
    // Category-only mode syncs no site names.
    let mut settings = a.tracker.settings().clone();
    let mut json = serde_json::to_value(&settings).unwrap();
    json["category_only"] = Value::Bool(true);
    settings = serde_json::from_value(json).unwrap();
    let at = berlin(monday, 9, 50);
    a.local
        .apply(&a.tracker.set_settings(settings, at, Berlin).unwrap());
    assert!(a.sync(&mut store, at + MINUTE, Reason::Now));
    assert!(
        store.items.values().all(|v| !v.contains("github.com")),
        "{:?}",
        store.items
    );
    // Withdrawn consent stops writes.
    a.visit(berlin(monday, 10, 0), "https://news.example/");
    a.local.apply(
        &a.tracker
            .withdraw_consent(berlin(monday, 10, 5), Berlin)
            .unwrap(),
    );
    assert!(a
        .tracker
        .sync_outbox(berlin(monday, 11, 0), Reason::Now, Berlin)
        .unwrap()
        .is_none());
    // Delete everything: the sync state and other devices' days go.
    let keys: Vec<String> = store.items.keys().cloned().collect();
    let own: Vec<&String> = keys.iter().filter(|k| k.starts_with("t:aaaa")).collect();
    assert!(keys.iter().any(|k| k.starts_with("s:")), "{keys:?}");
    assert_eq!(
        a.tracker
            .sync_removal(false, &keys)
            .iter()
            .collect::<Vec<_>>(),
        own
    );
    assert_eq!(a.tracker.sync_removal(true, &keys), keys);
    a.local
        .apply(&a.tracker.forget_everything(berlin(monday, 11, 0)).unwrap());
    assert!(!a.local.0.contains_key("sync"));
}

#[test]
fn merging_exports_adds_once_and_restores() {
    let monday = date(2026, 3, 9);
    let mut a = Browser::new("aaaa", "Firefox", false, berlin(monday, 8, 0));
    let mut b = Browser::new("bbbb", "Chromium", false, berlin(monday, 8, 0));
    a.visit(berlin(monday, 9, 0), "https://github.com/x");
    a.visit(berlin(monday, 10, 0), "https://news.example/");
    let export = |t: &mut Browser, at: Millis| -> MergeFile {
        t.local.apply(
            &t.tracker
                .record_export(fairtime::tracker::ExportKind::Json, at),
        );
        let doc = serde_json::to_value(t.tracker.export_document(at).unwrap()).unwrap();
        assert_eq!(doc["version"], 2);
        let totals = doc["totals"].as_object().unwrap();
        MergeFile {
            device: fairtime::sync::DeviceName {
                id: doc["device"]["id"].as_str().unwrap().to_owned(),
                name: doc["device"]["name"].as_str().unwrap().to_owned(),
            },
            totals: totals
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::from_value(v.clone()).unwrap()))
                .collect(),
        }
    };
    let older = export(&mut a, berlin(monday, 10, 0));
    a.visit(berlin(monday, 10, 30), "https://news.example/");
    let newer = export(&mut a, berlin(monday, 10, 30));
    let at = berlin(monday, 10, 30);
    let preview = b.tracker.preview_merge(&newer).unwrap();
    assert_eq!(
        (preview.days, preview.categories, preview.hours.as_str()),
        (1, 2, "1.5")
    );
    assert!(
        preview.sentences[0].contains("Firefox"),
        "{:?}",
        preview.sentences
    );
    b.local.apply(&b.tracker.apply_merge(&newer).unwrap());
    assert_eq!(seconds_today(&b.tracker, at), 90 * 60);
    // Again, and an older one after it: nothing changes.
    assert_eq!(b.tracker.preview_merge(&newer).unwrap().days, 0);
    let changes = b.tracker.apply_merge(&older).unwrap();
    b.local.apply(&changes);
    assert_eq!(seconds_today(&b.tracker, at), 90 * 60);
    b.reload(at);
    assert_eq!(seconds_today(&b.tracker, at), 90 * 60);
    // A's own export after "Delete everything" brings its totals back.
    a.local.apply(&a.tracker.forget_everything(at).unwrap());
    assert_eq!(seconds_today(&a.tracker, at), 0);
    a.local.apply(&a.tracker.apply_merge(&newer).unwrap());
    assert_eq!(seconds_today(&a.tracker, at), 90 * 60);
    // And a worker that wakes on what that left in storage shows them too.
    assert_eq!(seconds_today(&waking(&a.local, at), at), 90 * 60);
    // A file without totals says why and changes nothing.
    let err = b.tracker.apply_merge(&MergeFile::default()).unwrap_err();
    assert!(err.to_string().contains("older Fairtime"), "{err}");
    let bad = MergeFile {
        totals: vec![("cccc".into(), vec!["nonsense".into()])],
        ..Default::default()
    };
    assert!(b
        .tracker
        .preview_merge(&bad)
        .unwrap_err()
        .to_string()
        .contains("cannot be read"));
    assert_eq!(seconds_today(&b.tracker, at), 90 * 60);
}

/// A year of daily use on several devices: every write under every quota,
/// and every day inside the window exact on every device.
fn simulate(devices: usize, domains: bool) {
    let sites: Vec<String> = (0..30)
        .map(|i| format!("https://site{i}.example{}.com/", i % 7))
        .collect();
    let start = date(2025, 3, 3);
    let mut store = SyncStore::default();
    let mut browsers: Vec<Browser> = (0..devices)
        .map(|i| {
            Browser::new(
                &format!("{i:016x}"),
                &format!("Device {i}"),
                domains,
                berlin(start, 8, 0),
            )
        })
        .collect();
    // Each device edits a rule: settings and rules travel too.
    for (i, b) in browsers.iter_mut().enumerate() {
        let edit = json!({"op": "add_rule", "pattern": format!("*.device{i}.example"), "category": "uncategorized"});
        let changes = b.tracker.edit_rules(
            serde_json::from_value(edit).unwrap(),
            berlin(start, 8, 1),
            Berlin,
        );
        b.local.apply(&changes.unwrap());
    }
    let mut last_day = start;
    for day in 0..365u64 {
        let today = start + chrono::Days::new(day);
        last_day = today;
        for (i, b) in browsers.iter_mut().enumerate() {
            // Half-hour visits through the working day, syncing on each tick.
            for step in 0..17u32 {
                let at = berlin(today, 9 + step / 2, (step % 2) * 30) + i as Millis * 1000;
                let site = &sites[(day as usize * 7 + step as usize * 3 + i) % sites.len()];
                b.visit(at, site);
                // The worker asks every half hour; the debounce lets through
                // at most one write in five minutes.
                b.sync(&mut store, at, Reason::Tick);
                if step == 6 || step == 16 {
                    b.sync(&mut store, at + 1, Reason::BlockEnd);
                }
                b.sync(&mut store, at + 2 * MINUTE, Reason::Tick);
            }
        }
        let all = store.all();
        for b in &mut browsers {
            b.receive(&all);
        }
    }
    // Every device holds every other device's days of the window exactly.
    let window = u64::from(browsers[0].tracker.sync_window_days());
    for (i, b) in browsers.iter().enumerate() {
        for (j, other) in browsers.iter().enumerate() {
            if i == j {
                continue;
            }
            let id = format!("{j:016x}");
            for back in 0..window {
                let d: NaiveDate = last_day - chrono::Days::new(back);
                let own = other.tracker.ledger().day(d).cloned().unwrap_or_default();
                let mut expected = own.clone();
                if !domains {
                    for c in expected.categories.values_mut() {
                        c.domains.clear();
                    }
                }
                let got = b
                    .tracker
                    .sync_peers()
                    .get(&id, d)
                    .map(|e| e.day.clone())
                    .unwrap_or_default();
                assert_eq!(got, expected, "device {i} holds device {j}'s {d}");
            }
        }
    }
    store.check_rates();
    let totals: usize = store
        .items
        .iter()
        .filter(|(k, _)| k.starts_with("t:"))
        .map(|(k, v)| codec::item_bytes(k, v))
        .sum();
    assert!(
        totals <= codec::QUOTA_BYTES - fairtime::sync::ITEMS_BYTES,
        "{totals} bytes"
    );
    assert!(store.items.keys().any(|k| k.starts_with("s:")));
    eprintln!(
        "{devices} devices, domains {domains}: {} bytes in sync ({totals} of totals), {} items, {} writes, window {window} days",
        store.bytes(),
        store.items.len(),
        store.writes.len()
    );
}

#[test]
fn a_year_of_eight_devices_fits_without_site_names() {
    simulate(8, false);
}

#[test]
fn a_year_of_four_devices_fits_with_site_names() {
    simulate(4, true);
}

#[test]
fn the_sync_state_reads_back_from_its_text() {
    let monday = date(2026, 3, 9);
    let mut store = SyncStore::default();
    let mut a = Browser::new("aaaa", "Chromium / \"Linux\"", true, berlin(monday, 8, 0));
    a.visit(berlin(monday, 9, 0), "https://github.com/x");
    assert!(a.sync(&mut store, berlin(monday, 9, 30), Reason::Now));
    let mut b = Browser::new("bbbb", "B", false, berlin(monday, 8, 0));
    b.receive(&store.all());
    let _ = b.tracker.sync_failed(
        "MAX_WRITE_OPERATIONS_PER_HOUR quota exceeded",
        berlin(monday, 9, 40),
    );
    for t in [&a.tracker, &b.tracker] {
        let state = t.sync_state();
        assert_eq!(
            fairtime::sync::State::from_text(&state.text()).as_ref(),
            Some(state)
        );
    }
    assert_eq!(b.tracker.sync_state().devices.len(), 1);
    assert_eq!(b.tracker.sync_state().error.map(|e| e.0), Some(3));
    for (text, kind) in [
        ("QUOTA_BYTES quota exceeded", 0),
        ("QUOTA_BYTES_PER_ITEM quota exceeded", 1),
        ("MAX_ITEMS quota exceeded", 2),
        // Chromium 156's own words.
        ("Resource::kQuotaBytes quota exceeded", 0),
        ("Resource::kQuotaBytesPerItem quota exceeded", 1),
        ("Resource::kMaxItems quota exceeded", 2),
        ("Resource::kMaxWriteOperationsPerHour quota exceeded", 3),
        ("MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded", 3),
        (
            "QuotaExceededError: storage.sync API call exceeded its quota limitations.",
            0,
        ),
        ("Network down", 4),
    ] {
        assert_eq!(fairtime::sync::classify(text), kind, "{text}");
    }
}

#[test]
fn a_waking_worker_reads_few_peer_days_and_loads_the_rest_before_syncing() {
    let mut store = SyncStore::default();
    let first = date(2026, 3, 2);
    let mut a = Browser::new("aaaa", "A", false, berlin(first, 8, 0));
    let mut b = Browser::new("bbbb", "B", false, berlin(first, 8, 0));
    for day in 0..10 {
        let d = first + chrono::Days::new(day);
        a.visit(berlin(d, 9, 0), "https://github.com/x");
        a.visit(berlin(d, 9, 30), "https://news.example/");
        b.visit(berlin(d, 10, 0), "https://github.com/x");
        b.visit(berlin(d, 10, 30), "https://news.example/");
    }
    let at = berlin(first + chrono::Days::new(9), 11, 0);
    assert!(a.sync(&mut store, at, Reason::Now));
    b.receive(&store.all());
    let keys: Vec<String> = b.local.0.keys().cloned().collect();
    assert!(keys.iter().filter(|k| k.starts_with("peer:aaaa:")).count() >= 10);
    // A waking worker reads the state, then today's and yesterday's days of
    // this device and of the one the sync state names, nothing older.
    let (mut waking, read) = b.local.wake(at);
    let peer_reads: Vec<&String> = read.iter().filter(|k| k.starts_with("peer:")).collect();
    let today = first + chrono::Days::new(9);
    let yesterday = first + chrono::Days::new(8);
    assert_eq!(
        peer_reads,
        [
            &fairtime::sync::peer_key("aaaa", yesterday),
            &fairtime::sync::peer_key("aaaa", today)
        ]
    );
    assert!(!waking.history_loaded());
    // Today's sum needs only the latest days.
    assert_eq!(seconds_today(&waking, at), seconds_today(&b.tracker, at));
    // A write or a receipt would need the days not loaded: refused.
    let later = at + 10 * MINUTE;
    assert!(waking.sync_outbox(later, Reason::Now, Berlin).is_err());
    assert!(waking.sync_receive(&store.all(), later, Berlin).is_err());
    let all = b
        .local
        .0
        .iter()
        .map(|(k, v)| (k.clone(), common::Json(v.clone())));
    waking.load_history(all, later);
    assert!(waking.history_loaded());
    assert!(waking.sync_receive(&store.all(), later, Berlin).is_ok());
    assert_eq!(waking.sync_peers(), b.tracker.sync_peers());
    assert!(waking
        .sync_outbox(later, Reason::Now, Berlin)
        .unwrap()
        .is_some());
}

#[test]
fn a_silent_device_leaves_sync_and_its_days_stay_here() {
    let mut store = SyncStore::default();
    let first = date(2026, 3, 2);
    let mut a = Browser::new("aaaa", "A", false, berlin(first, 8, 0));
    let mut c = Browser::new("cccc", "C", false, berlin(first, 8, 0));
    c.visit(berlin(first, 9, 0), "https://github.com/x");
    c.visit(berlin(first, 9, 30), "https://news.example/");
    assert!(c.sync(&mut store, berlin(first, 9, 30), Reason::Now));
    a.receive(&store.all());
    assert!(store.items.keys().any(|k| k.starts_with("t:cccc")));
    let on_first = a
        .tracker
        .day_view(berlin(first, 12, 0), Berlin)
        .tracked_seconds;
    assert_eq!(on_first, 30 * 60);
    // C is silent for longer than the window; A's next write removes it.
    let later = first + chrono::Days::new(u64::from(a.tracker.sync_window_days()) + 1);
    a.visit(berlin(later, 9, 0), "https://github.com/x");
    a.visit(berlin(later, 9, 30), "https://news.example/");
    let away = json!({"type": "unfocused", "at": berlin(later, 9, 30)});
    a.local
        .apply(&a.tracker.input(&input(away), Berlin).unwrap());
    assert!(a.sync(&mut store, berlin(later, 9, 30), Reason::Now));
    assert!(
        !store.items.keys().any(|k| k.starts_with("t:cccc")),
        "{:?}",
        store.items.keys()
    );
    assert!(a.local.0.keys().any(|k| k.starts_with("peer:cccc:")));
    let week = a
        .tracker
        .report(first, 1, berlin(later, 9, 30), Berlin)
        .unwrap();
    assert_eq!(week.tracked_seconds, 30 * 60);
    // The pruned device stays listed, and is not pruned twice.
    assert_eq!(a.tracker.sync_view(berlin(later, 9, 30)).devices.len(), 2);
    assert!(!a.sync(&mut store, berlin(later, 9, 40), Reason::Now));
    // Delete everything: no other device's day, no sync state is left.
    a.local
        .apply(&a.tracker.forget_everything(berlin(later, 10, 0)).unwrap());
    assert!(
        a.local
            .0
            .keys()
            .all(|k| !k.starts_with("peer:") && k != "sync"),
        "{:?}",
        a.local.0.keys()
    );
}
