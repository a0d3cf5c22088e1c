//! The person's settings: working hours, when they count as idle, how long
//! totals are kept, the privacy choices, and whether they agreed to be
//! tracked at all.
//!
//! A `Settings` value is always valid: it is built by [`Settings::new`] or
//! deserialized through the same checks.
//!
//! Only the current schedule is kept, with the instant since which it holds
//! ([`Settings::schedule_since`]): set when the schedule changes and, if still
//! unknown, when consent is given. Settings stored before Fairtime kept it
//! have none: until then, reports leave past days' scheduled time out
//! (see [`crate::report`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::Host;
use crate::schedule::Schedule;
use crate::text;
use crate::time::Millis;

/// Chromium's idle API accepts nothing shorter.
pub const MIN_IDLE_SECONDS: u32 = 15;
pub const MAX_IDLE_SECONDS: u32 = 4 * 3600;
pub const DEFAULT_IDLE_SECONDS: u32 = 3 * 60;
pub const MAX_RETENTION_DAYS: u32 = 10 * 366;
pub const DEFAULT_RETENTION_DAYS: u32 = 366;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Fields", into = "Fields")]
pub struct Settings {
    schedule: Schedule,
    idle_seconds: u32,
    retention_days: u32,
    excluded: Vec<Host>,
    category_only: bool,
    consent: Option<Millis>,
    schedule_since: Option<Millis>,
}

/// The stored and exchanged form; see the accessors of [`Settings`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields {
    schedule: Schedule,
    #[serde(default = "default_idle")]
    idle_seconds: u32,
    #[serde(default = "default_retention")]
    retention_days: u32,
    #[serde(default)]
    excluded: Vec<Host>,
    #[serde(default)]
    category_only: bool,
    #[serde(default)]
    consent: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schedule_since: Option<Millis>,
}

fn default_idle() -> u32 {
    DEFAULT_IDLE_SECONDS
}

fn default_retention() -> u32 {
    DEFAULT_RETENTION_DAYS
}

/// Why settings were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    IdleOutOfRange(u32),
    RetentionOutOfRange(u32),
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IdleOutOfRange(_) => {
                text::write(f, "coreIdleOutOfRange", &[&(MAX_IDLE_SECONDS / 3600)])
            }
            Self::RetentionOutOfRange(_) => {
                text::write(f, "coreRetentionOutOfRange", &[&MAX_RETENTION_DAYS])
            }
        }
    }
}

impl std::error::Error for SettingsError {}

impl TryFrom<Fields> for Settings {
    type Error = SettingsError;

    fn try_from(f: Fields) -> Result<Self, SettingsError> {
        if !(MIN_IDLE_SECONDS..=MAX_IDLE_SECONDS).contains(&f.idle_seconds) {
            return Err(SettingsError::IdleOutOfRange(f.idle_seconds));
        }
        if !(1..=MAX_RETENTION_DAYS).contains(&f.retention_days) {
            return Err(SettingsError::RetentionOutOfRange(f.retention_days));
        }
        let mut excluded = f.excluded;
        crate::sort::sort_by(&mut excluded, Ord::cmp);
        excluded.dedup();
        Ok(Self {
            schedule: f.schedule,
            idle_seconds: f.idle_seconds,
            retention_days: f.retention_days,
            excluded,
            category_only: f.category_only,
            consent: f.consent,
            schedule_since: f.schedule_since,
        })
    }
}

impl From<Settings> for Fields {
    fn from(s: Settings) -> Self {
        Self {
            schedule: s.schedule,
            idle_seconds: s.idle_seconds,
            retention_days: s.retention_days,
            excluded: s.excluded,
            category_only: s.category_only,
            consent: s.consent,
            schedule_since: s.schedule_since,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            schedule: Schedule::default(),
            idle_seconds: DEFAULT_IDLE_SECONDS,
            retention_days: DEFAULT_RETENTION_DAYS,
            excluded: Vec::new(),
            category_only: false,
            consent: None,
            schedule_since: None,
        }
    }
}

impl Settings {
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// After how long without input the person counts as idle.
    pub fn idle_seconds(&self) -> u32 {
        self.idle_seconds
    }

    /// How many days of totals are kept, today included.
    pub fn retention_days(&self) -> u32 {
        self.retention_days
    }

    /// Domains that are never recorded, with their subdomains; sorted.
    pub fn excluded(&self) -> &[Host] {
        &self.excluded
    }

    /// Record categories only, never domain names.
    pub fn category_only(&self) -> bool {
        self.category_only
    }

    /// When the person agreed to be tracked; `None`: nothing is recorded.
    pub fn consent(&self) -> Option<Millis> {
        self.consent
    }

    pub fn set_consent(&mut self, consent: Option<Millis>) {
        self.consent = consent;
    }

    /// Since when the schedule holds as it is; `None`: not known (settings
    /// stored by an older Fairtime, or never consented).
    pub fn schedule_since(&self) -> Option<Millis> {
        self.schedule_since
    }

    /// These settings replace `old` at `at`: the schedule holds since `old`'s
    /// start if it is the same, else from `at`.
    pub fn follow(&mut self, old: &Settings, at: Millis) {
        self.schedule_since = if self.schedule == old.schedule {
            old.schedule_since
        } else {
            Some(at)
        };
    }

    /// The schedule certainly holds from `at` on: where its start is not
    /// known, it becomes `at`.
    pub fn schedule_holds_from(&mut self, at: Millis) {
        self.schedule_since.get_or_insert(at);
    }

    /// These settings with the values that sync between devices replaced,
    /// checked as stored ones are; exclusions and consent stay as they are.
    pub fn with_shared(
        &self,
        schedule: Schedule,
        idle_seconds: u32,
        retention_days: u32,
        category_only: bool,
    ) -> Result<Self, SettingsError> {
        Self::try_from(Fields {
            schedule,
            idle_seconds,
            retention_days,
            category_only,
            ..Fields::from(self.clone())
        })
    }

    /// Whether `host` is an excluded domain or below one.
    pub fn is_excluded(&self, host: &Host) -> bool {
        let host = host.as_str();
        self.excluded.iter().any(|e| {
            let e = e.as_str();
            host == e
                || (host.len() > e.len()
                    && host.ends_with(e)
                    && host.as_bytes()[host.len() - e.len() - 1] == b'.')
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn host(s: &str) -> Host {
        Host::parse(s).unwrap()
    }

    #[test]
    fn defaults_fill_missing_fields() {
        let s: Settings = serde_json::from_value(json!({
            "schedule": {"hours": {"mon": ["09:00-17:00"]}}
        }))
        .unwrap();
        assert_eq!(s.idle_seconds(), DEFAULT_IDLE_SECONDS);
        assert_eq!(s.retention_days(), DEFAULT_RETENTION_DAYS);
        assert_eq!(s.consent(), None);
        assert!(!s.category_only());
    }

    #[test]
    fn out_of_range_values_are_refused_with_a_reason() {
        let err = serde_json::from_value::<Settings>(json!({
            "schedule": {"hours": {}}, "idle_seconds": 5
        }))
        .unwrap_err();
        assert!(err
            .to_string()
            .contains("away must be between 1 minute and 4 hours"));
        let err = serde_json::from_value::<Settings>(json!({
            "schedule": {"hours": {}}, "retention_days": 0
        }))
        .unwrap_err();
        assert!(err.to_string().contains("kept for 1 to 3660 days."));
        let err = serde_json::from_value::<Settings>(json!({
            "schedule": {"hours": {"tue": ["13:00-12:00"]}}
        }))
        .unwrap_err();
        assert!(err.to_string().contains("Tuesday"), "{err}");
        let err = serde_json::from_value::<Settings>(json!({
            "schedule": {"hours": {}}, "exclude": []
        }))
        .unwrap_err();
        assert!(err.to_string().contains("unknown field `exclude`"), "{err}");
    }

    #[test]
    fn exclusion_covers_subdomains_at_label_boundaries() {
        let s: Settings = serde_json::from_value(json!({
            "schedule": {"hours": {}}, "excluded": ["bank.example", "bank.example", "health.test"]
        }))
        .unwrap();
        assert_eq!(s.excluded().len(), 2);
        assert!(s.is_excluded(&host("bank.example")));
        assert!(s.is_excluded(&host("online.bank.example")));
        assert!(!s.is_excluded(&host("mybank.example")));
        assert!(!s.is_excluded(&host("example")));
    }

    #[test]
    fn round_trips() {
        let mut s = Settings::default();
        s.set_consent(Some(1_700_000_000_000));
        let back: Settings = serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }
}
