//! How the core's values are kept in extension storage: versioned, compact,
//! and read defensively.
//!
//! Every stored value is an envelope `{"v": N, "d": …}`: `v` is the format
//! version of the payload `d`. Reading checks the version first, migrates an
//! older payload step by step through [`Schema::read_older`], and refuses a
//! newer one, so a downgraded Fairtime never overwrites data it does not
//! understand. Damaged data is a [`StorageError`], never a panic; what to do
//! with the stored bytes (keep them untouched) is the caller's decision.
//!
//! Daily totals live under one key per local day (`day:2026-11-23`), so an
//! event rewrites only today's key and retention drops whole keys.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::datalog::DataLog;
use crate::ledger::{Cursor, DayTotals};
use crate::rules::RuleBook;
use crate::settings::Settings;
use crate::text;
use crate::time::Millis;

/// A stored value that can be read more than once: a `JsValue` in the
/// extension, a `serde_json::Value` in tests.
pub trait Source {
    fn read<T: DeserializeOwned>(&self) -> Result<T, String>;

    /// The payload `d` of the envelope. A source may read it directly: the
    /// extension does, which spares the code of an `Envelope<T>` reader
    /// per stored type.
    fn read_payload<T: DeserializeOwned>(&self) -> Result<T, String> {
        self.read::<Envelope<T>>().map(|e| e.d)
    }

    /// The `reason` kept beside a value set aside (see [`DAMAGED_PREFIX`]).
    fn reason(&self) -> Option<String> {
        #[derive(Deserialize)]
        struct Note {
            reason: String,
        }
        self.read::<Note>().ok().map(|note| note.reason)
    }
}

/// A value with a stored format.
pub trait Schema: Serialize + DeserializeOwned {
    /// The message key of what the value is, for messages: "the stored
    /// settings".
    const WHAT: &'static str;
    /// The format this build writes. Starts at 1; raise it with each change
    /// to the payload's shape, and teach [`Schema::read_older`] the old one.
    const VERSION: u32;

    /// Reads the payload of an older format (`1..VERSION`) and migrates it.
    /// `source` holds the whole envelope: read `Envelope<OldShape>` from it.
    fn read_older<S: Source>(version: u32, source: &S) -> Result<Self, String> {
        let _ = source;
        Err(text::say("coreFormatUnknown", &[&version]))
    }
}

/// The stored form: format version and payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub v: u32,
    pub d: T,
}

#[derive(Deserialize)]
struct VersionOnly {
    v: u32,
}

/// Why a stored value could not be read. In every case the stored value is
/// left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// Not a Fairtime value, or damaged.
    Corrupt { what: String, reason: String },
    /// Written by a newer Fairtime.
    TooNew {
        what: String,
        found: u32,
        supported: u32,
    },
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Corrupt { what, reason } => text::write(f, "coreStoredCorrupt", &[what, reason]),
            Self::TooNew {
                what,
                found,
                supported,
            } => text::write(f, "coreStoredTooNew", &[what, found, supported]),
        }
    }
}

impl std::error::Error for StorageError {}

/// Reads a stored value of any format this build knows.
pub fn decode<T: Schema, S: Source>(source: &S) -> Result<T, StorageError> {
    decode_as(&text::say(T::WHAT, &[]), source)
}

/// [`decode`] with a more precise name for messages ("the stored totals for
/// 2026-11-23").
pub fn decode_as<T: Schema, S: Source>(what: &str, source: &S) -> Result<T, StorageError> {
    let corrupt = |reason: String| StorageError::Corrupt {
        what: what.to_owned(),
        reason,
    };
    let version = source
        .read::<VersionOnly>()
        .map_err(|e| corrupt(text::say("coreNoFormatVersion", &[&e])))?
        .v;
    match version {
        v if v == T::VERSION => source.read_payload::<T>().map_err(corrupt),
        v if v > T::VERSION => Err(StorageError::TooNew {
            what: what.to_owned(),
            found: v,
            supported: T::VERSION,
        }),
        0 => Err(corrupt(text::say("coreFormatZero", &[]))),
        v => T::read_older(v, source).map_err(|e| corrupt(text::say("coreInFormat", &[&v, &e]))),
    }
}

/// The stored form of a value, in the format this build writes.
pub fn encode<T: Schema>(value: &T) -> Envelope<&T> {
    Envelope {
        v: T::VERSION,
        d: value,
    }
}

/// The person's settings: [`Settings`].
pub const SETTINGS_KEY: &str = "settings";
/// Categories and rules: [`RuleBook`].
pub const RULES_KEY: &str = "rules";
/// The ledger's open segment: [`Cursor`], rewritten on every event.
pub const CURSOR_KEY: &str = "cursor";
/// What happened to the person's data: [`DataLog`].
pub const DATALOG_KEY: &str = "datalog";
/// What a worker cannot tell from the clock: [`Index`].
pub const INDEX_KEY: &str = "index";
/// A team membership (issue 14), made and read only by the team module
/// (`crate::team::member`); the tracker never reads it, and removes it
/// with everything else.
pub const TEAM_KEY: &str = "team";
/// The team secret key: never read by the tracker, never exported.
pub const TEAM_SECRET_KEY: &str = "team:key";
/// Where a value that could not be read is moved, with the time and its
/// old key after it: `damaged:1764000000000:settings`. The extension
/// stores `{"reason": "…", "value": <the value as it was>}` there.
pub const DAMAGED_PREFIX: &str = "damaged:";
const DAY_PREFIX: &str = "day:";

// Every stored format and its version. Raise a version with each change to
// the shape of its payload, and teach `read_older` to migrate the old one.

/// Format 2 added `schedule_since`; format 1 is the same without it, so it
/// reads as format 2 with the schedule's start unknown.
impl Schema for Settings {
    const WHAT: &'static str = "coreStoredSettings";
    const VERSION: u32 = 2;
    fn read_older<S: Source>(version: u32, source: &S) -> Result<Self, String> {
        match version {
            1 => source.read_payload::<Settings>(),
            _ => Err(text::say("coreFormatUnknown", &[&version])),
        }
    }
}

impl Schema for RuleBook {
    const WHAT: &'static str = "coreStoredRules";
    const VERSION: u32 = 1;
}

impl Schema for Cursor {
    const WHAT: &'static str = "coreStoredCursor";
    const VERSION: u32 = 1;
}

impl Schema for DayTotals {
    const WHAT: &'static str = "coreStoredDays";
    const VERSION: u32 = 1;
}

/// No day of this browser's before `first` (`YYYY-MM-DD`) is stored, and
/// none at all while it is `None`; `aside` names the values set aside
/// (their keys under [`DAMAGED_PREFIX`]). Kept so that a waking worker
/// knows both without listing every stored key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub first: Option<String>,
    pub aside: Vec<String>,
}

impl Schema for Index {
    const WHAT: &'static str = "coreStoredIndex";
    const VERSION: u32 = 1;
}

impl Schema for DataLog {
    const WHAT: &'static str = "coreStoredDataLog";
    const VERSION: u32 = 1;
}

/// The storage key of a day's totals: `day:2026-11-23`.
pub fn day_key(date: NaiveDate) -> String {
    format!("{DAY_PREFIX}{}", crate::time::format_date(&date))
}

/// Where the value of `key` goes when it cannot be read at `at`.
pub fn damaged_key(at: Millis, key: &str) -> String {
    format!("{DAMAGED_PREFIX}{at}:{key}")
}

/// When a value was set aside and the key it had, if `key` is where one
/// was set aside.
pub fn parse_damaged_key(key: &str) -> Option<(Millis, &str)> {
    let (at, was) = key.strip_prefix(DAMAGED_PREFIX)?.split_once(':')?;
    // By hand: `str::parse::<i64>` costs more wasm than all of this.
    if at.is_empty() || at.len() > 16 {
        return None;
    }
    let mut ms: Millis = 0;
    for b in at.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        ms = ms * 10 + Millis::from(b - b'0');
    }
    Some((ms, was))
}

/// The state: what every waking worker reads first.
const STATE_KEYS: [&str; 6] = [
    SETTINGS_KEY,
    RULES_KEY,
    CURSOR_KEY,
    DATALOG_KEY,
    INDEX_KEY,
    crate::sync::SYNC_KEY,
];

/// The keys a waking worker reads, all chosen here and none found by
/// listing what is stored, so that a wake-up costs the same after three
/// years as on the first day: on its first read (`first`) the state, and
/// each time the days counting and the popup may reach that it has not
/// read (`days`: today and yesterday first, the cursor's last days if they
/// are older) and the values set aside that the index names (`aside`).
/// Whatever else is stored is unknown until the tracker loads its history.
pub fn wake_keys(
    first: bool,
    days: &[NaiveDate],
    aside: &[String],
    peers: (&[String], &[NaiveDate]),
) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    if first {
        keys.extend(STATE_KEYS.map(String::from));
    }
    keys.extend(days.iter().map(|d| day_key(*d)));
    keys.extend(aside.iter().cloned());
    // Sync: the same days of each other device (`peers`: devices, days).
    for device in peers.0 {
        keys.extend(peers.1.iter().map(|d| crate::sync::peer_key(device, *d)));
    }
    keys
}

/// The day a key holds totals for, if it is a day key.
pub fn parse_day_key(key: &str) -> Option<NaiveDate> {
    crate::time::parse_date(key.strip_prefix(DAY_PREFIX)?)
}

/// Whether `key`, read by [`parse_day_key`] or
/// [`crate::sync::parse_peer_key`], ends in its date as Fairtime writes it
/// (`…:2026-11-23`). The date is read with white space trimmed and is
/// otherwise exactly four, two and two digits, so white space is the only
/// second spelling of a day's key there is.
pub fn date_spelled_out(key: &str) -> bool {
    let b = key.as_bytes();
    b.len() > 10 && b[b.len() - 11] == b':' && b[b.len() - 1].is_ascii_digit()
}

/// The days to delete when only the last `keep_days` days (today included)
/// are kept. `keep_days == 0` keeps everything.
pub fn expired_days(
    days: impl IntoIterator<Item = NaiveDate>,
    today: NaiveDate,
    keep_days: u32,
) -> Vec<NaiveDate> {
    if keep_days == 0 {
        return Vec::new();
    }
    let first_kept = today - chrono::Days::new(u64::from(keep_days - 1));
    days.into_iter().filter(|d| *d < first_kept).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn a_waking_worker_reads_the_state_then_only_the_days_and_values_it_names() {
        let days = [date(2026, 6, 9), date(2026, 6, 10)];
        assert_eq!(
            wake_keys(true, &days, &[], (&[], &[])),
            [
                "settings",
                "rules",
                "cursor",
                "datalog",
                "index",
                "sync",
                "day:2026-06-09",
                "day:2026-06-10"
            ]
        );
        let aside = ["damaged:17:day:2026-03-09".to_owned()];
        assert_eq!(
            wake_keys(false, &days[..1], &aside, (&[], &days)),
            ["day:2026-06-09", "damaged:17:day:2026-03-09"]
        );
        let devices = ["a1".to_owned(), "b2".to_owned()];
        assert_eq!(
            wake_keys(false, &[], &[], (&devices, &days)),
            [
                "peer:a1:2026-06-09",
                "peer:a1:2026-06-10",
                "peer:b2:2026-06-09",
                "peer:b2:2026-06-10"
            ]
        );
        assert!(wake_keys(false, &[], &[], (&[], &[])).is_empty());
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    struct Json(Value);

    impl Source for Json {
        fn read<T: DeserializeOwned>(&self) -> Result<T, String> {
            serde_json::from_value(self.0.clone()).map_err(|e| e.to_string())
        }
    }

    // A schema that has changed once: format 1 had only a text; format 2
    // added a flag and renamed the text.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Note {
        body: String,
        pinned: bool,
    }

    #[derive(Deserialize)]
    struct NoteV1 {
        text: String,
    }

    impl Schema for Note {
        const WHAT: &'static str = "notes";
        const VERSION: u32 = 2;
        fn read_older<S: Source>(version: u32, source: &S) -> Result<Self, String> {
            match version {
                1 => {
                    let old = source.read::<Envelope<NoteV1>>()?.d;
                    Ok(Note {
                        body: old.text,
                        pinned: false,
                    })
                }
                _ => Err(format!("format {version} was never written by Fairtime")),
            }
        }
    }

    #[test]
    fn round_trips_through_the_envelope() {
        let note = Note {
            body: "hi".into(),
            pinned: true,
        };
        let stored = serde_json::to_value(encode(&note)).unwrap();
        assert_eq!(stored, json!({"v": 2, "d": {"body": "hi", "pinned": true}}));
        assert_eq!(decode::<Note, _>(&Json(stored)).unwrap(), note);
    }

    #[test]
    fn migrates_older_formats() {
        let old = Json(json!({"v": 1, "d": {"text": "from v1"}}));
        assert_eq!(
            decode::<Note, _>(&old).unwrap(),
            Note {
                body: "from v1".into(),
                pinned: false
            }
        );
    }

    #[test]
    fn refuses_newer_formats() {
        let newer = Json(json!({"v": 3, "d": {"whatever": 1}}));
        let err = decode::<Note, _>(&newer).unwrap_err();
        assert_eq!(
            err,
            StorageError::TooNew {
                what: "notes".into(),
                found: 3,
                supported: 2
            }
        );
        assert!(err.to_string().contains("newer Fairtime"));
    }

    #[test]
    fn damaged_values_are_typed_errors() {
        for (value, reason) in [
            (json!(null), "no format version"),
            (json!("text"), "no format version"),
            (json!({"d": {}}), "no format version"),
            (json!({"v": "2", "d": {}}), "no format version"),
            (json!({"v": 0, "d": {}}), "format 0 does not exist"),
            (json!({"v": 2}), "missing field `d`"),
            (
                json!({"v": 2, "d": {"body": 5, "pinned": true}}),
                "invalid type",
            ),
            (json!({"v": 1, "d": {}}), "format 1: missing field `text`"),
        ] {
            let err = decode_as::<Note, _>("notes for today", &Json(value.clone())).unwrap_err();
            match &err {
                StorageError::Corrupt { what, reason: r } => {
                    assert_eq!(what, "notes for today");
                    assert!(r.contains(reason), "{value}: {r}");
                }
                other => panic!("{value}: {other:?}"),
            }
            assert!(err.to_string().ends_with("kept what was stored as it was."));
        }
    }

    #[test]
    fn messages_name_what_could_not_be_read_and_say_it_is_kept() {
        let too_new = StorageError::TooNew {
            what: text::say(Cursor::WHAT, &[]),
            found: 2,
            supported: 1,
        };
        assert_eq!(
            too_new.to_string(),
            "A newer Fairtime wrote the stored tracking state (format 2; this one reads up to 1): \
             update Fairtime to read it. What was stored is kept as it was."
        );
        for what in [Settings::WHAT, RuleBook::WHAT, DayTotals::WHAT] {
            let corrupt = StorageError::Corrupt {
                what: text::say(what, &[]),
                reason: "x".to_owned(),
            };
            let message = corrupt.to_string();
            assert!(
                message.starts_with("Fairtime could not read the stored "),
                "{message}"
            );
            assert!(
                message.ends_with(" (x) and kept what was stored as it was."),
                "{message}"
            );
        }
    }

    #[test]
    fn damaged_keys_name_when_and_what() {
        assert_eq!(
            damaged_key(17, "day:2026-03-09"),
            "damaged:17:day:2026-03-09"
        );
        assert_eq!(
            parse_damaged_key("damaged:17:day:2026-03-09"),
            Some((17, "day:2026-03-09"))
        );
        for key in [
            "damaged:",
            "damaged:x:settings",
            "damaged:-1:settings",
            "damaged:+1:a",
            "damaged:17",
            "day:2026-03-09",
        ] {
            assert_eq!(parse_damaged_key(key), None, "{key}");
        }
    }

    #[test]
    fn day_keys() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(day_key(d), "day:2026-03-09");
        assert_eq!(parse_day_key("day:2026-03-09"), Some(d));
        assert_eq!(parse_day_key("day:2026-02-30"), None);
        assert_eq!(parse_day_key("settings"), None);
    }

    #[test]
    fn retention_keeps_the_last_n_days_including_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let days: Vec<_> = (0..10).map(|i| today - chrono::Days::new(i)).collect();
        let expired = expired_days(days.clone(), today, 7);
        assert_eq!(expired, days[7..].to_vec());
        assert!(expired_days(days.clone(), today, 0).is_empty());
        assert_eq!(expired_days(days, today, 1).len(), 9);
    }
}
