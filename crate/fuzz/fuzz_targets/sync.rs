//! Sync's merge: another device's storage.sync items (valid ones mutated,
//! or anything) received in any order, its codec text decoded, an export's
//! totals merged. Never a panic; receiving in another order, or again,
//! gives the same totals (the CRDT's laws); what is stored loads back.
#![no_main]

use arbitrary::{Result, Unstructured};
use chrono_tz::Europe::Berlin;
use fairtime::sync::codec;
use fairtime::sync::totals::{Entry, Peers};
use fairtime::sync::{DeviceName, MergeFile, Prefs, Reason, State};
use fairtime::time::{Millis, MINUTE};
use fairtime::tracker::Tracker;
use fairtime_fuzz::{berlin, date, input, string, Storage, URLS};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

struct Browser {
    local: Storage,
    tracker: Tracker,
}

fn browser(id: &str, at: Millis, visits: usize) -> Browser {
    let mut local = Storage::default();
    local.0.insert(
        "cursor".into(),
        json!({"v": 1, "d": {"max_gap": 3_600_000}}),
    );
    let mut tracker = local.load_any(at);
    local.apply(&tracker.give_consent(at, Berlin));
    let prefs = Prefs {
        on: true,
        domains: visits.is_multiple_of(2),
        own_hours: false,
        name: String::new(),
    };
    local.apply(&tracker.set_sync(prefs, id, "Browser", at));
    for (i, url) in URLS.iter().cycle().take(visits).enumerate() {
        let t = at + (i as Millis + 1) * 20 * MINUTE;
        let focus = input(json!({"type": "focus", "at": t, "url": url}));
        local.apply(&tracker.input(&focus, Berlin).expect("focus"));
    }
    Browser { local, tracker }
}

/// storage.sync items as `sync_receive` takes them.
type Items = Vec<(String, Option<String>)>;

/// What device `bbbbbbbbbbbbbbbb` writes to storage.sync after 0 to 6 visits.
fn items(at: Millis, visits: usize) -> Vec<(String, Option<String>)> {
    static ITEMS: std::sync::OnceLock<Vec<Items>> = std::sync::OnceLock::new();
    ITEMS.get_or_init(|| {
        (0..=6)
            .map(|v| written("bbbbbbbbbbbbbbbb", at, v))
            .collect()
    })[visits]
        .clone()
}

/// The receiving browser's storage, after one visit.
fn receiver(at: Millis) -> Browser {
    static LOCAL: std::sync::OnceLock<Storage> = std::sync::OnceLock::new();
    let local = LOCAL
        .get_or_init(|| browser("aaaaaaaaaaaaaaaa", at, 1).local)
        .clone();
    let tracker = local.load_any(at);
    Browser { local, tracker }
}

fn written(id: &str, at: Millis, visits: usize) -> Vec<(String, Option<String>)> {
    let mut b = browser(id, at, visits);
    let end = at + (visits as Millis + 2) * 20 * MINUTE;
    match b.tracker.sync_outbox(end, Reason::Now, Berlin) {
        Ok(Some((set, _))) => set.into_iter().map(|(k, v)| (k, Some(v))).collect(),
        _ => Vec::new(),
    }
}

fn mutated(u: &mut Unstructured, items: &mut Vec<(String, Option<String>)>) -> Result<()> {
    for _ in 0..u.int_in_range(0..=4)? {
        match u.int_in_range(0..=5)? {
            0 if !items.is_empty() => {
                let i = u.choose_index(items.len())?;
                items[i].1 = None;
            }
            1 => {
                let key = match u.int_in_range(0..=3)? {
                    0 => format!("t:{}", string(u)?),
                    1 => format!("t:bbbb:{}", u.int_in_range(0..=3)?),
                    2 => format!("s:{}", string(u)?),
                    _ => string(u)?,
                };
                items.push((key, Some(u.arbitrary()?)));
            }
            _ if !items.is_empty() => {
                // Splice arbitrary text into a value.
                let i = u.choose_index(items.len())?;
                let value = items[i].1.get_or_insert_with(String::new);
                let cut = u.int_in_range(0..=value.len())?;
                let end = u.int_in_range(cut..=value.len())?;
                if value.is_char_boundary(cut) && value.is_char_boundary(end) {
                    let insert: String = u.arbitrary()?;
                    value.replace_range(cut..end, &insert);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn receive(b: &mut Browser, items: &[(String, Option<String>)], at: Millis) -> bool {
    match b.tracker.sync_receive(items, at, Berlin) {
        Ok(changes) => {
            b.local.apply(&changes);
            true
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            false
        }
    }
}

fn codec_text(text: &str) {
    if let Some(day) = codec::read_day(text) {
        for domains in [true, false] {
            let mut again = String::new();
            codec::push_day(&mut again, &day, domains);
            let back = codec::read_day(&again).expect("a written day reads back");
            assert_eq!(back.ms, day.ms);
            if domains {
                assert_eq!(back, day, "{text:?} -> {again:?}");
            }
        }
    }
    if let Some((stamp, first, days)) = codec::read_chunk(text) {
        let _ = (stamp, first.iter_days().zip(days).count());
    }
    let _ = codec::read36(text);
    let _ = codec::read_date(text);
    if let Some(state) = State::from_text(text) {
        assert_eq!(State::from_text(&state.text()), Some(state));
    }
    let _ = codec::clean_name(text);
}

fn entries(u: &mut Unstructured) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    for _ in 0..u.int_in_range(0..=6)? {
        let text: String = u.arbitrary()?;
        let device = *u.choose(&["aa", "bb", "cc"])?;
        let d = date(2026, 6, 1) + chrono::Days::new(u.int_in_range(0..=3)?);
        if let Some(e) = Entry::from_stored(device, d, &text) {
            out.push(e);
        }
    }
    Ok(out)
}

fn merged(entries: &[Entry]) -> Peers {
    let mut peers = Peers::default();
    for e in entries {
        peers.merge(e.clone());
    }
    peers
}

fn join(a: &Peers, b: &Peers) -> Peers {
    let mut out = a.clone();
    for e in b.entries() {
        out.merge(e.clone());
    }
    out
}

fn run(u: &mut Unstructured) -> Result<()> {
    let at = berlin(date(2026, 6, 10), 9, 0);
    let text: String = u.arbitrary()?;
    codec_text(&text);

    let (a, b) = (entries(u)?, entries(u)?);
    let (a, b) = (merged(&a), merged(&b));
    assert_eq!(join(&a, &b).sum(), join(&b, &a).sum());
    assert_eq!(join(&a, &a), a);

    let visits = u.int_in_range(0..=6)?;
    let mut sent = items(at, visits);
    mutated(u, &mut sent)?;
    let later = at + 5 * 60 * MINUTE;
    let cut = u.int_in_range(0..=sent.len())?;
    let (first, second) = sent.split_at(cut);
    let mut one = receiver(at);
    let mut two = receiver(at);
    let ok_one = receive(&mut one, first, later) & receive(&mut one, second, later);
    let ok_two = receive(&mut two, second, later) & receive(&mut two, first, later);
    if ok_one && ok_two {
        assert_eq!(
            one.tracker.sync_peers().sum(),
            two.tracker.sync_peers().sum()
        );
        let peers = one.tracker.sync_peers().clone();
        receive(&mut one, &sent, later);
        assert_eq!(one.tracker.sync_peers(), &peers, "received twice");
    }
    for b in [&one, &two] {
        let again = b.local.load_any(later);
        assert!(again.problems().is_empty(), "{:?}", again.problems());
        assert_eq!(again.sync_peers().sum(), b.tracker.sync_peers().sum());
    }

    // An export's totals, mutated, merged.
    let mut totals = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        let device = if u.ratio(1, 2)? {
            "cccc".to_owned()
        } else {
            string(u)?
        };
        let mut chunks = Vec::new();
        for _ in 0..u.int_in_range(0..=2)? {
            chunks.push(u.arbitrary::<String>()?);
        }
        totals.push((device, chunks));
    }
    let file = MergeFile {
        device: DeviceName {
            id: string(u)?,
            name: string(u)?,
        },
        totals,
    };
    let before = one.tracker.sync_peers().clone();
    let preview = one.tracker.preview_merge(&file);
    match one.tracker.apply_merge(&file) {
        Ok(changes) => {
            assert!(preview.is_ok());
            one.local.apply(&changes);
            let again = one.local.load_any(later);
            assert!(again.problems().is_empty(), "{:?}", again.problems());
        }
        Err(_) => assert_eq!(
            one.tracker.sync_peers(),
            &before,
            "a refused merge changed totals"
        ),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
