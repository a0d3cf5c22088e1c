//! When a write that had to wait is due: a later, slower reason (a tick
//! while counting) never pushes back the time an earlier, quicker one (an
//! edit by the person) asked for.

mod common;

use chrono_tz::Europe::Berlin;
use common::{berlin, date, Storage};
use fairtime::sync::{Prefs, Reason};
use fairtime::time::SECOND;

#[test]
fn a_tick_after_an_edit_keeps_the_edit_s_earlier_write() {
    let at = berlin(date(2026, 3, 9), 9, 0);
    let mut local = Storage::default();
    let mut tracker = local.load(at);
    local.apply(&tracker.give_consent(at, Berlin));
    let prefs = Prefs {
        on: true,
        domains: false,
        own_hours: false,
        name: String::new(),
    };
    local.apply(&tracker.set_sync(prefs, "0123456789abcdef", "Chromium on Linux", at));
    assert!(tracker
        .sync_outbox(at, Reason::Now, Berlin)
        .unwrap()
        .is_some());
    local.apply(&tracker.sync_written(at));

    // An edit two seconds later waits for the edits' spacing…
    assert!(tracker
        .sync_outbox(at + 2 * SECOND, Reason::Now, Berlin)
        .unwrap()
        .is_none());
    let due = tracker
        .sync_next_attempt()
        .expect("a time for the edit's write");
    assert!(
        due <= at + 10 * SECOND,
        "due {} s after the write",
        (due - at) / SECOND
    );
    // …and a heartbeat's tick after it does not push that back by minutes.
    assert!(tracker
        .sync_outbox(at + 3 * SECOND, Reason::Tick, Berlin)
        .unwrap()
        .is_none());
    assert_eq!(tracker.sync_next_attempt(), Some(due));
}
