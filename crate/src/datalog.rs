//! The data log: what happened to the person's data and settings, for them
//! to review (consent given or withdrawn, settings changed, exports,
//! imports, deletions, values set aside), each with its instant.
//!
//! It is short (the last [`MAX_ENTRIES`]) and says only what kind of thing
//! happened: never a site, a category's name, a time counted or a value of
//! a setting. "An excluded site was added", not which one.
//!
//! "Delete everything" deletes the log too, and starts a new one with a
//! single entry saying that everything was deleted, so the person can see
//! when it happened without anything of what was deleted surviving.

use serde::{Deserialize, Serialize};

use crate::time::Millis;

/// The log keeps this many entries, the newest.
pub const MAX_ENTRIES: usize = 500;

/// What happened, without any detail about sites, names or time. Stored
/// as its name in [`NAMES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ConsentGiven,
    ConsentWithdrawn,
    ScheduleChanged,
    AwayTimeChanged,
    RetentionChanged,
    ExclusionAdded,
    ExclusionRemoved,
    CategoryOnlyOn,
    CategoryOnlyOff,
    CategoryAdded,
    CategoryRenamed,
    CategoryRecoloured,
    CategoryWorkChanged,
    CategoryDeleted,
    RuleAdded,
    RuleEdited,
    RuleDeleted,
    DefaultsRestored,
    ExportedJson,
    ExportedCsv,
    ImportApplied,
    EverythingDeleted,
    SetAsideDeleted,
    ValueSetAside,
}

/// Each kind's stored name. A table rather than serde's derive: the derived
/// enum code costs kilobytes of wasm.
pub const NAMES: [(Kind, &str); 24] = [
    (Kind::ConsentGiven, "consent_given"),
    (Kind::ConsentWithdrawn, "consent_withdrawn"),
    (Kind::ScheduleChanged, "schedule_changed"),
    (Kind::AwayTimeChanged, "away_time_changed"),
    (Kind::RetentionChanged, "retention_changed"),
    (Kind::ExclusionAdded, "exclusion_added"),
    (Kind::ExclusionRemoved, "exclusion_removed"),
    (Kind::CategoryOnlyOn, "category_only_on"),
    (Kind::CategoryOnlyOff, "category_only_off"),
    (Kind::CategoryAdded, "category_added"),
    (Kind::CategoryRenamed, "category_renamed"),
    (Kind::CategoryRecoloured, "category_recoloured"),
    (Kind::CategoryWorkChanged, "category_work_changed"),
    (Kind::CategoryDeleted, "category_deleted"),
    (Kind::RuleAdded, "rule_added"),
    (Kind::RuleEdited, "rule_edited"),
    (Kind::RuleDeleted, "rule_deleted"),
    (Kind::DefaultsRestored, "defaults_restored"),
    (Kind::ExportedJson, "exported_json"),
    (Kind::ExportedCsv, "exported_csv"),
    (Kind::ImportApplied, "import_applied"),
    (Kind::EverythingDeleted, "everything_deleted"),
    (Kind::SetAsideDeleted, "set_aside_deleted"),
    (Kind::ValueSetAside, "value_set_aside"),
];

impl Kind {
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, n)| n)
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(k, _)| *k)
            .ok_or_else(|| {
                serde::de::Error::custom(crate::text::say("coreLogKindUnknown", &[&name]))
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When it happened, in UTC milliseconds.
    pub at: Millis,
    pub kind: Kind,
}

/// The entries, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DataLog(Vec<Entry>);

impl DataLog {
    /// Adds an entry, dropping the oldest beyond [`MAX_ENTRIES`].
    pub fn record(&mut self, at: Millis, kind: Kind) {
        self.0.push(Entry { at, kind });
        if self.0.len() > MAX_ENTRIES {
            let extra = self.0.len() - MAX_ENTRIES;
            self.0.drain(..extra);
        }
    }

    /// Oldest first.
    pub fn entries(&self) -> &[Entry] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_entries() {
        let mut log = DataLog::default();
        for at in 0..(MAX_ENTRIES as Millis + 7) {
            log.record(at, Kind::ScheduleChanged);
        }
        assert_eq!(log.entries().len(), MAX_ENTRIES);
        assert_eq!(log.entries()[0].at, 7);
        assert_eq!(log.entries().last().unwrap().at, MAX_ENTRIES as Millis + 6);
    }

    #[test]
    fn every_kind_has_its_own_name_and_reads_back() {
        for (i, (kind, name)) in NAMES.iter().enumerate() {
            assert_eq!(kind.name(), *name);
            assert!(NAMES[..i].iter().all(|(k, n)| k != kind && n != name));
            let back: Kind = serde_json::from_value(serde_json::json!(name)).unwrap();
            assert_eq!(back, *kind);
        }
        let err = serde_json::from_value::<Kind>(serde_json::json!("made_up")).unwrap_err();
        assert!(err.to_string().contains("made_up"), "{err}");
    }

    #[test]
    fn stored_form_is_kinds_and_instants() {
        let mut log = DataLog::default();
        log.record(5, Kind::ExclusionAdded);
        assert_eq!(
            serde_json::to_value(&log).unwrap(),
            serde_json::json!([{"at": 5, "kind": "exclusion_added"}])
        );
    }
}
