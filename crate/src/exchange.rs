//! The person's data in and out: the export document (everything Fairtime
//! keeps, readable), the daily totals as CSV, and importing settings and
//! rules from a file with a preview of what would change.
//!
//! An import is all or nothing: the file is read and checked completely
//! ([`ImportFile`] deserializes through the same checks as stored settings
//! and rules) before anything changes, so a bad file leaves the current data
//! untouched.

use std::fmt;

use chrono::NaiveDate;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::datalog::Entry;
use crate::domain::Host;
use crate::ledger::DayTotals;
use crate::rules::RuleBook;
use crate::schedule::{day_name, Schedule, WEEK};
use crate::settings::Settings;
use crate::text;
use crate::time::{format_date, Millis};

/// The `format` field of an export document.
pub const EXPORT_FORMAT: &str = "fairtime-export";
/// The newest export version this core reads and the one it writes.
/// Version 2 added `device` and `totals`, which a merge reads.
pub const EXPORT_VERSION: u32 = 2;

/// Everything Fairtime keeps, as one document.
#[derive(Debug, Serialize)]
pub struct ExportDocument<'a> {
    pub format: &'static str,
    pub version: u32,
    /// Milliseconds since 1970, UTC.
    pub exported_at: Millis,
    pub settings: &'a Settings,
    pub rules: &'a RuleBook,
    /// Every device's totals per local day (`YYYY-MM-DD`), in
    /// milliseconds.
    pub days: Days,
    /// The device that exported: `{id, name}`.
    pub device: crate::sync::DeviceName,
    /// Each device's days with their versions, as sync's chunks
    /// ([`crate::sync::codec`]): what "Merge another browser's export"
    /// reads.
    pub totals: Chunks,
    /// What happened to the data and settings, oldest first; never
    /// imported.
    pub data_log: &'a [Entry],
}

/// Days in order, written as an object keyed by date. Dates in order are
/// keys in order, so no map is built (each map type costs kilobytes of
/// wasm).
#[derive(Debug)]
pub struct Days(pub Vec<(NaiveDate, DayTotals)>);

impl Serialize for Days {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(date, day)| (format_date(date), day)))
    }
}

/// Chunks per device, written as an object keyed by device id.
#[derive(Debug, Default)]
pub struct Chunks(pub Vec<(String, Vec<String>)>);

impl Serialize for Chunks {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'a> ExportDocument<'a> {
    /// `days` in date order, as the ledger keeps them.
    pub fn new<'d>(
        settings: &'a Settings,
        rules: &'a RuleBook,
        days: impl Iterator<Item = (NaiveDate, &'d DayTotals)>,
        at: Millis,
    ) -> Self {
        Self {
            format: EXPORT_FORMAT,
            version: EXPORT_VERSION,
            exported_at: at,
            settings,
            rules,
            days: Days(days.map(|(d, day)| (d, day.clone())).collect()),
            device: crate::sync::DeviceName::default(),
            totals: Chunks::default(),
            data_log: &[],
        }
    }
}

/// `parts` one after the other: smaller wasm than `format!` at each place.
fn cat(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
    }
    out
}

/// The daily totals as CSV: one row per day and category, whole seconds.
/// Category names that a spreadsheet would read as a formula are quoted
/// with a leading `'`.
pub fn daily_csv<'a>(
    days: impl Iterator<Item = (NaiveDate, &'a DayTotals)>,
    rules: &RuleBook,
) -> String {
    let mut csv = String::from("date,category,name,counts_as_work,seconds\r\n");
    for (date, day) in days {
        let date = format_date(&date);
        for (id, totals) in &day.categories {
            let category = rules.category(id).unwrap_or_else(|| rules.uncategorized());
            csv.push_str(&cat(&[
                &date,
                ",",
                id,
                ",",
                &csv_field(&category.name),
                if category.work { ",yes," } else { ",no," },
                &(totals.ms / 1000).to_string(),
                "\r\n",
            ]));
        }
    }
    csv
}

pub(crate) fn csv_field(text: &str) -> String {
    let mut field = String::new();
    if let Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') = text.bytes().next() {
        field.push('\'');
    }
    field.push_str(text);
    if field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        let mut quoted = String::from("\"");
        for c in field.chars() {
            if c == '"' {
                quoted.push('"');
            }
            quoted.push(c);
        }
        quoted.push('"');
        quoted
    } else {
        field
    }
}

/// What a file says about itself, read first so that another program's file
/// is named as such rather than by its first unexpected field.
#[derive(Debug, Deserialize)]
pub struct ImportHeader {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
}

impl ImportHeader {
    pub fn check(self) -> Result<(), ImportError> {
        if let Some(format) = self.format.filter(|f| f != EXPORT_FORMAT) {
            return Err(ImportError::NotFairtime(format));
        }
        if let Some(v) = self.version.filter(|v| *v > EXPORT_VERSION) {
            return Err(ImportError::TooNew(v));
        }
        Ok(())
    }
}

/// The fields an import may have, by place in the file.
const KNOWN_FIELDS: [(&str, &[&str]); 4] = [
    (
        "",
        &[
            "format",
            "version",
            "exported_at",
            "days",
            "device",
            "totals",
            "set_aside",
            "data_log",
            "settings",
            "rules",
        ],
    ),
    (
        "settings",
        &[
            "schedule",
            "idle_seconds",
            "retention_days",
            "excluded",
            "category_only",
            "consent",
            "schedule_since",
        ],
    ),
    ("settings.schedule", &["hours", "breaks", "days_off"]),
    ("rules", &["categories", "rules"]),
];

/// Refuses a field no Fairtime writes, such as a misspelt `idle_secnds`,
/// which would otherwise be silently dropped. `fields` are the field names
/// found at `place` (`""` for the top, `"settings"`, `"settings.schedule"`,
/// `"rules"`).
pub fn check_fields<'a>(
    place: &str,
    fields: impl IntoIterator<Item = &'a str>,
) -> Result<(), ImportError> {
    let Some((_, known)) = KNOWN_FIELDS.iter().find(|(p, _)| *p == place) else {
        return Ok(());
    };
    match fields.into_iter().find(|f| !known.contains(f)) {
        None => Ok(()),
        Some(field) => Err(ImportError::Unreadable(if place.is_empty() {
            text::say("coreUnknownField", &[&field])
        } else {
            text::say("coreUnknownFieldIn", &[&field, &place])
        })),
    }
}

/// A file to import: an export document, or any object with `settings`
/// and/or `rules` in their stored form. Read after its [`ImportHeader`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportFile {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
    #[serde(default)]
    exported_at: Option<IgnoredAny>,
    /// Totals are never imported: they are a record of this browser's time.
    #[serde(default)]
    days: Option<IgnoredAny>,
    /// Read by a merge, not by an import.
    #[serde(default)]
    device: Option<IgnoredAny>,
    #[serde(default)]
    totals: Option<IgnoredAny>,
    /// Stored values that could not be read, which the extension adds to
    /// its export; never imported.
    #[serde(default)]
    set_aside: Option<IgnoredAny>,
    /// This browser's data log; never imported.
    #[serde(default)]
    data_log: Option<IgnoredAny>,
    #[serde(default)]
    settings: Option<Settings>,
    #[serde(default)]
    rules: Option<RuleBook>,
}

/// A checked import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub settings: Option<Settings>,
    pub rules: Option<RuleBook>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file could not be read at all (not JSON, wrong types, a bad value).
    Unreadable(String),
    NotFairtime(String),
    TooNew(u32),
    Nothing,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(why) => text::write(f, "coreImportUnreadable", &[why]),
            Self::NotFairtime(format) => text::write(f, "coreImportNotFairtime", &[format]),
            Self::TooNew(v) => text::write(f, "coreImportTooNew", &[v]),
            Self::Nothing => text::write(f, "coreImportNothing", &[]),
        }
    }
}

impl std::error::Error for ImportError {}

impl ImportFile {
    pub fn check(self) -> Result<Import, ImportError> {
        ImportHeader {
            format: self.format,
            version: self.version,
        }
        .check()?;
        let _ = (self.exported_at, self.days, self.device, self.totals);
        let _ = (self.set_aside, self.data_log);
        if self.settings.is_none() && self.rules.is_none() {
            return Err(ImportError::Nothing);
        }
        Ok(Import {
            settings: self.settings,
            rules: self.rules,
        })
    }
}

/// Most changed rules listed one by one in a preview.
pub const LISTED_RULES: usize = 12;

/// What importing would change, one sentence each; empty when nothing.
pub fn preview(settings: &Settings, rules: &RuleBook, import: &Import) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(new) = &import.settings {
        settings_changes(settings, new, &mut out);
    }
    if let Some(new) = &import.rules {
        rule_changes(rules, new, &mut out);
    }
    out
}

/// `items` separated by commas, or the message `empty` when there are none.
fn join(items: Vec<String>, empty: &'static str) -> String {
    if items.is_empty() {
        text::say(empty, &[])
    } else {
        text::join(&items, ", ")
    }
}

fn hours(s: &Schedule, day: chrono::Weekday) -> String {
    join(
        s.hours(day).iter().map(|i| i.to_string()).collect(),
        "coreNoWork",
    )
}

fn breaks(s: &Schedule) -> String {
    let mut all = Vec::new();
    for b in s.breaks() {
        all.push(if b.days.len() == 7 {
            text::say("coreBreakDaily", &[&b.name, &b.time])
        } else {
            let days = WEEK
                .iter()
                .filter(|day| b.days.contains(**day))
                .map(|day| day_name(*day))
                .collect();
            text::say(
                "coreBreakOnDays",
                &[&b.name, &b.time, &join(days, "coreNone")],
            )
        });
    }
    join(all, "coreNone")
}

/// The dates of `a` that are not in `b`.
fn dates_not_in(a: &[NaiveDate], b: &[NaiveDate]) -> Vec<String> {
    a.iter()
        .filter(|d| !b.contains(d))
        .map(format_date)
        .collect()
}

/// Adds the sentence `key` with its two pieces: a value before and after,
/// or a name and what it gets.
fn line(out: &mut Vec<String>, key: &'static str, a: &dyn fmt::Display, b: &dyn fmt::Display) {
    out.push(text::say(key, &[a, b]));
}

/// A sentence listing `items`, when there are any.
fn listed(out: &mut Vec<String>, key: &'static str, items: Vec<String>) {
    if !items.is_empty() {
        out.push(text::say(key, &[&join(items, "coreNone")]));
    }
}

fn schedule_changes(old: &Schedule, new: &Schedule, out: &mut Vec<String>) {
    for day in WEEK {
        if old.hours(day) != new.hours(day) {
            out.push(text::say(
                "coreChangeDay",
                &[&day_name(day), &hours(old, day), &hours(new, day)],
            ));
        }
    }
    if old.breaks() != new.breaks() {
        line(out, "coreChangeBreaks", &breaks(old), &breaks(new));
    }
    listed(
        out,
        "coreDaysOffAdded",
        dates_not_in(new.days_off(), old.days_off()),
    );
    listed(
        out,
        "coreDaysOffRemoved",
        dates_not_in(old.days_off(), new.days_off()),
    );
}

/// The hosts of `a` that are not in `b`.
fn hosts_not_in(a: &[Host], b: &[Host]) -> Vec<String> {
    a.iter()
        .filter(|h| !b.contains(h))
        .map(Host::to_unicode)
        .collect()
}

/// "1 day", "90 days".
pub(crate) fn days(count: u32) -> String {
    text::say(
        if count == 1 {
            "coreDayCountOne"
        } else {
            "coreDayCount"
        },
        &[&count],
    )
}

/// The away threshold as the settings page shows it: in minutes.
fn away(seconds: u32) -> String {
    if seconds % 60 == 0 {
        text::say("coreMinutes", &[&(seconds / 60)])
    } else {
        text::say("coreSeconds", &[&seconds])
    }
}

fn settings_changes(old: &Settings, new: &Settings, out: &mut Vec<String>) {
    schedule_changes(old.schedule(), new.schedule(), out);
    if old.idle_seconds() != new.idle_seconds() {
        line(
            out,
            "coreChangeIdle",
            &away(old.idle_seconds()),
            &away(new.idle_seconds()),
        );
    }
    if old.retention_days() != new.retention_days() {
        let key = if new.retention_days() < old.retention_days() {
            "coreChangeRetentionShorter"
        } else {
            "coreChangeRetention"
        };
        line(
            out,
            key,
            &days(old.retention_days()),
            &days(new.retention_days()),
        );
    }
    listed(
        out,
        "coreExcludedAdded",
        hosts_not_in(new.excluded(), old.excluded()),
    );
    listed(
        out,
        "coreExcludedRemoved",
        hosts_not_in(old.excluded(), new.excluded()),
    );
    if old.category_only() != new.category_only() {
        let key = if new.category_only() {
            "coreCategoryOnlyOn"
        } else {
            "coreCategoryOnlyOff"
        };
        out.push(text::say(key, &[]));
    }
}

fn rule_changes(old: &RuleBook, new: &RuleBook, out: &mut Vec<String>) {
    for category in new.categories() {
        let name = &category.name;
        match old.category(category.id.as_str()) {
            None => {
                let key = if category.work {
                    "coreNewWorkCategory"
                } else {
                    "coreNewCategory"
                };
                line(out, key, name, &category.colour);
            }
            Some(before) => {
                if before.name != category.name {
                    line(out, "coreCategoryRenamed", &before.name, name);
                }
                if before.colour != category.colour {
                    out.push(text::say(
                        "coreCategoryRecoloured",
                        &[name, &before.colour, &category.colour],
                    ));
                }
                if before.work != category.work {
                    let key = if category.work {
                        "coreCategoryNowWork"
                    } else {
                        "coreCategoryNoLongerWork"
                    };
                    out.push(text::say(key, &[name]));
                }
            }
        }
    }
    for category in old.categories() {
        if new.category(category.id.as_str()).is_none() {
            out.push(text::say("coreCategoryRemoved", &[&category.name]));
        }
    }
    let name = |book: &'_ RuleBook, id: &str| -> String {
        book.category(id)
            .unwrap_or_else(|| book.uncategorized())
            .name
            .clone()
    };
    let mut lines = Vec::new();
    for rule in new.rules() {
        let pattern = &rule.pattern.display();
        match old.rules().iter().find(|r| r.pattern == rule.pattern) {
            None => line(
                &mut lines,
                "coreNewRule",
                pattern,
                &name(new, rule.category.as_str()),
            ),
            Some(before) if before.category != rule.category => lines.push(text::say(
                "coreRuleMoved",
                &[
                    pattern,
                    &name(old, before.category.as_str()),
                    &name(new, rule.category.as_str()),
                ],
            )),
            Some(_) => {}
        }
    }
    for rule in old.rules() {
        if !new.rules().iter().any(|r| r.pattern == rule.pattern) {
            lines.push(text::say("coreRuleRemoved", &[&rule.pattern.display()]));
        }
    }
    let more = lines.len().saturating_sub(LISTED_RULES);
    out.extend(lines.into_iter().take(LISTED_RULES));
    if more > 0 {
        out.push(text::say("coreMoreRuleChanges", &[&more]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: serde_json::Value) -> Result<Import, ImportError> {
        serde_json::from_value::<ImportHeader>(value.clone())
            .map_err(|e| ImportError::Unreadable(e.to_string()))?
            .check()?;
        serde_json::from_value::<ImportFile>(value)
            .map_err(|e| ImportError::Unreadable(e.to_string()))?
            .check()
    }

    fn settings(value: serde_json::Value) -> Settings {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn an_export_reads_back_as_an_import_of_the_same_things() {
        let s = Settings::default();
        let rules = RuleBook::with_defaults();
        let day = DayTotals::default();
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let doc = ExportDocument::new(&s, &rules, [(date, &day)].into_iter(), 1_795_000_000_000);
        let mut text = serde_json::to_value(&doc).unwrap();
        assert_eq!(text["format"], "fairtime-export");
        assert!(text["days"]["2026-11-23"].is_object());
        // What the extension adds: values set aside, never imported.
        text["set_aside"] = json!({"damaged:1:settings": {"reason": "r", "value": 7}});
        let import = read(text).unwrap();
        assert_eq!(import.settings.as_ref(), Some(&s));
        assert_eq!(import.rules.as_ref(), Some(&rules));
        assert!(preview(&s, &rules, &import).is_empty(), "nothing changes");
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let err = |v| read(v).unwrap_err().to_string();
        assert_eq!(
            err(json!({"format": "something-else", "entries": [1, 2]})),
            "this file is not a Fairtime export (its format is \"something-else\")"
        );
        assert!(
            err(json!({"version": 9, "rules": null})).contains("newer Fairtime (export version 9)")
        );
        assert_eq!(
            err(json!({})),
            "this file has neither settings nor rules to import"
        );
        assert!(err(json!({"setings": {}})).contains("setings"));
        let impossible = json!({"settings": {"schedule": {"hours": {"tue": ["13:00-12:00"]}}}});
        assert!(
            err(impossible).contains("Tuesday"),
            "the schedule's own message"
        );
        let idle = err(json!({"settings": {"schedule": {"hours": {}}, "idle_seconds": 1}}));
        assert!(idle.contains("count as away"), "{idle}");
        assert!(err(
            json!({"rules": {"categories": [], "rules": [{"pattern": "a..b", "category": "x"}]}})
        )
        .starts_with("this file cannot be imported"));
    }

    #[test]
    fn unknown_fields_are_named_with_their_place() {
        assert_eq!(check_fields("", ["settings", "rules", "days"]), Ok(()));
        assert_eq!(
            check_fields("settings", ["schedule", "idle_secnds"])
                .unwrap_err()
                .to_string(),
            "this file cannot be imported: it holds an entry Fairtime does not know, “idle_secnds” in “settings”"
        );
        assert!(check_fields("settings.schedule", ["break"]).is_err());
        assert_eq!(check_fields("rules.rules", ["anything"]), Ok(()));
    }

    #[test]
    fn the_preview_names_each_change() {
        let old = Settings::default();
        let new = settings(json!({
            "schedule": {"hours": {"mon": ["08:00-12:00", "13:00-16:00"], "tue": ["09:00-17:00"],
                                   "wed": ["09:00-17:00"], "thu": ["09:00-17:00"]},
                         "breaks": [{"name": "Lunch", "time": "12:00-13:00"}],
                         "days_off": ["2026-12-24"]},
            "idle_seconds": 300, "retention_days": 90,
            "excluded": ["bank.example"], "category_only": true
        }));
        let mut rules = RuleBook::with_defaults();
        rules.add_category("Gaming", "#ff0000", false).unwrap();
        rules.add_rule("*.steampowered.com", "gaming").unwrap();
        rules.delete_rule("github.com").unwrap();
        let import = Import {
            settings: Some(new),
            rules: Some(rules),
        };
        let lines = preview(&old, &RuleBook::with_defaults(), &import);
        assert_eq!(
            lines,
            [
                "Monday: 09:00–17:00 → 08:00–12:00, 13:00–16:00",
                "Friday: 09:00–17:00 → no work",
                "Days off added: 2026-12-24",
                "Away after 3 min without input → 5 min",
                "Totals kept for 366 days → 90 days (older days are deleted)",
                "Excluded domains added: bank.example (their stored time is deleted)",
                "Category-only mode turns on (domain names already stored are deleted)",
                "New category Gaming (#ff0000)",
                "New rule *.steampowered.com → Gaming",
                "Rule github.com is removed",
            ]
        );
    }

    #[test]
    fn long_rule_lists_are_shortened() {
        let mut rules = RuleBook::with_defaults();
        for i in 0..20 {
            rules.add_rule(&format!("site{i}.example"), "work").unwrap();
        }
        let import = Import {
            settings: None,
            rules: Some(rules),
        };
        let lines = preview(&Settings::default(), &RuleBook::with_defaults(), &import);
        assert_eq!(lines.len(), LISTED_RULES + 1);
        assert_eq!(lines.last().unwrap(), "… and 8 more rule changes");
    }

    #[test]
    fn csv_has_a_row_per_day_and_category_and_defuses_formulas() {
        let mut rules = RuleBook::with_defaults();
        rules.add_category("=cmd, \"x\"", "#000000", true).unwrap();
        let id = rules.categories().last().unwrap().id.as_str().to_owned();
        let day: DayTotals = serde_json::from_value(json!({
            "ms": 5_500_000,
            "categories": {"work": {"ms": 3_600_999, "domains": {"docs.google.com": 3_600_999}},
                           id.clone(): {"ms": 1_899_001}}
        }))
        .unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let csv = daily_csv([(date, &day)].into_iter(), &rules);
        assert_eq!(
            csv,
            format!(
                "date,category,name,counts_as_work,seconds\r\n\
                 2026-11-23,{id},\"'=cmd, \"\"x\"\"\",yes,1899\r\n\
                 2026-11-23,work,Work tools,yes,3600\r\n"
            )
        );
        assert!(
            !csv.contains("docs.google.com"),
            "totals per category, no domains"
        );
    }
}
