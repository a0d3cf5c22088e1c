//! The JavaScript face of the core: a thin wasm-bindgen layer.
//!
//! Everything here converts values and errors and delegates to
//! [`crate::tracker::Tracker`]; no logic lives in this file. Values cross as
//! plain JavaScript objects (serde-wasm-bindgen, maps as objects), instants
//! as milliseconds since the epoch (`Date.now()`), and the time zone is the
//! browser's own (chrono's `Local`, read through JavaScript's `Date`).
//! Errors reach JavaScript as `Error` objects with the core's message, in
//! the person's language once `useMessages` has the browser's lookup.
//!
//! Two modules are built from this file: without the `full` feature, the
//! one a waking worker loads (counting, today, consent, settings); with it,
//! also what only the options page asks for (reports, exports, imports,
//! rule edits, the data log), which the worker loads on demand
//! (extension/full.js).

use chrono::Local;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "full")]
use crate::exchange::{check_fields, Import, ImportError, ImportFile, ImportHeader};
use crate::storage::Source;
use crate::time::Millis;
#[cfg(feature = "full")]
use crate::tracker::{ExportKind, RuleEdit};
use crate::tracker::{Input, Tracker as Core};

mod js_value;

fn js_error(err: impl std::fmt::Display) -> JsError {
    JsError::new(&err.to_string())
}

fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    js_value::to_value(value).map_err(js_error)
}

fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, JsError> {
    js_value::from_value(value).map_err(js_error)
}

/// An instant from JavaScript: finite milliseconds since the epoch.
fn millis(at: f64) -> Result<Millis, JsError> {
    if at.is_finite() && at.abs() < 8.64e15 {
        Ok(at as Millis)
    } else {
        Err(JsError::new(
            "not a point in time: expected milliseconds since 1970",
        ))
    }
}

struct Stored(JsValue);

impl Source for Stored {
    fn read<T: DeserializeOwned>(&self) -> Result<T, String> {
        js_value::from_value(self.0.clone()).map_err(|e| e.to_string())
    }

    fn read_payload<T: DeserializeOwned>(&self) -> Result<T, String> {
        let key = JsValue::from_str("d");
        if !js_sys::Reflect::has(&self.0, &key).unwrap_or(false) {
            return Err(crate::text::say("coreMissingField", &[&"d"]));
        }
        let payload = js_sys::Reflect::get(&self.0, &key).unwrap_or_default();
        js_value::from_value(payload).map_err(|e| e.to_string())
    }

    fn reason(&self) -> Option<String> {
        field(&self.0, "reason").as_string()
    }
}

/// The keys and values of a `storage.local.get` answer.
fn entries(stored: JsValue) -> Result<Vec<(String, Stored)>, JsError> {
    if stored.is_undefined() || stored.is_null() {
        Ok(Vec::new())
    } else if stored.is_object() {
        Ok(js_sys::Object::entries(stored.unchecked_ref())
            .iter()
            .filter_map(|pair| {
                let pair: js_sys::Array = pair.unchecked_into();
                Some((pair.get(0).as_string()?, Stored(pair.get(1))))
            })
            .collect())
    } else {
        Err(JsError::new(
            "the stored data must be an object of keys and values",
        ))
    }
}

fn field(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or_default()
}

#[cfg(feature = "full")]
/// An edit of categories or rules, read field by field: serde's internally
/// tagged enums cost ~30 KB of wasm.
fn rule_edit(edit: &JsValue) -> Result<RuleEdit, JsError> {
    let text = |name: &str| {
        field(edit, name)
            .as_string()
            .ok_or_else(|| JsError::new(&format!("the edit needs `{name}` as text")))
    };
    let flag = |name: &str| {
        field(edit, name)
            .as_bool()
            .ok_or_else(|| JsError::new(&format!("the edit needs `{name}` as true or false")))
    };
    let op = field(edit, "op").as_string().unwrap_or_default();
    Ok(match op.as_str() {
        "add_category" => RuleEdit::AddCategory {
            name: text("name")?,
            colour: text("colour")?,
            work: flag("work")?,
        },
        "rename_category" => RuleEdit::RenameCategory {
            id: text("id")?,
            name: text("name")?,
        },
        "recolour_category" => RuleEdit::RecolourCategory {
            id: text("id")?,
            colour: text("colour")?,
        },
        "set_category_work" => RuleEdit::SetCategoryWork {
            id: text("id")?,
            work: flag("work")?,
        },
        "delete_category" => RuleEdit::DeleteCategory {
            id: text("id")?,
            move_rules_to: field(edit, "move_rules_to").as_string(),
        },
        "add_rule" => RuleEdit::AddRule {
            pattern: text("pattern")?,
            category: text("category")?,
        },
        "edit_rule" => RuleEdit::EditRule {
            pattern: text("pattern")?,
            new_pattern: text("new_pattern")?,
            category: text("category")?,
        },
        "delete_rule" => RuleEdit::DeleteRule {
            pattern: text("pattern")?,
        },
        "file_site" => RuleEdit::FileSite {
            domain: text("domain")?,
            category: text("category")?,
        },
        "restore_defaults" => RuleEdit::RestoreDefaults,
        other => return Err(JsError::new(&format!("unknown edit `{other}`"))),
    })
}

/// An object that is not an array: what a file to import or merge holds.
#[cfg(feature = "full")]
fn plain_object(file: &JsValue) -> bool {
    file.is_object() && !js_sys::Array::is_array(file)
}

#[cfg(feature = "full")]
fn import(file: JsValue) -> Result<Import, JsError> {
    let unreadable = |e: js_value::Error| js_error(ImportError::Unreadable(e.to_string()));
    if !plain_object(&file) {
        return Err(js_error(ImportError::Unreadable(crate::text::say(
            "coreImportNotAnObject",
            &[],
        ))));
    }
    // Refused before 100,000 patterns are read only to be refused.
    let rules = field(&field(&file, "rules"), "rules");
    if js_sys::Array::is_array(&rules)
        && rules.unchecked_ref::<js_sys::Array>().length() as usize > crate::rules::MAX_RULES
    {
        let why = crate::rules::BookError::TooManyRules.to_string();
        return Err(js_error(ImportError::Unreadable(why)));
    }
    let header: ImportHeader = js_value::from_value(file.clone()).map_err(unreadable)?;
    header.check().map_err(js_error)?;
    // serde-wasm-bindgen reads only the fields it knows: name the others.
    let settings = field(&file, "settings");
    for (place, object) in [
        ("", file.clone()),
        ("settings", settings.clone()),
        ("settings.schedule", field(&settings, "schedule")),
        ("rules", field(&file, "rules")),
    ] {
        if object.is_object() && !js_sys::Array::is_array(&object) {
            let object: &js_sys::Object = object.unchecked_ref();
            let keys: Vec<String> = js_sys::Object::keys(object)
                .iter()
                .filter_map(|k| k.as_string())
                .collect();
            check_fields(place, keys.iter().map(String::as_str)).map_err(js_error)?;
        }
    }
    let file: ImportFile = js_value::from_value(file).map_err(unreadable)?;
    file.check().map_err(js_error)
}

thread_local! {
    static MESSAGES: std::cell::RefCell<Option<js_sys::Function>> =
        const { std::cell::RefCell::new(None) };
    static CLOCK: std::cell::RefCell<Option<js_sys::Function>> =
        const { std::cell::RefCell::new(None) };
}

/// Words the core's messages (errors, the import preview) with
/// `lookup(key, substitutions)`: the browser's `i18n.getMessage`; and,
/// if given, writes times of day in them with `clock(minutes)` (minutes
/// since midnight, 1440 for the midnight that ends a day).
#[wasm_bindgen(js_name = useMessages)]
pub fn use_messages(lookup: js_sys::Function, clock: Option<js_sys::Function>) {
    MESSAGES.with(|messages| *messages.borrow_mut() = Some(lookup));
    crate::text::set_lookup(localized);
    if let Some(clock) = clock {
        CLOCK.with(|cell| *cell.borrow_mut() = Some(clock));
        crate::text::set_clock(clock_time);
    }
}

fn clock_time(minutes: u16) -> Option<String> {
    CLOCK.with(|clock| {
        clock
            .borrow()
            .as_ref()?
            .call1(&JsValue::UNDEFINED, &JsValue::from(minutes))
            .ok()?
            .as_string()
    })
}

#[cfg(feature = "full")]
/// A stored host or rule pattern as a person reads it:
/// `displaySite("*.xn--bcher-kva.de")` is `"*.bücher.de"`.
#[wasm_bindgen(js_name = displaySite)]
pub fn display_site(stored: &str) -> String {
    crate::site_field::display(stored)
}

#[cfg(feature = "full")]
/// What a person typed in a site field (`"rule"`, `"exclusion"` or
/// `"test"`): `{site, display}`, the form to store and the one to show;
/// throws with the reason if it is no site.
#[wasm_bindgen(js_name = readSite)]
pub fn read_site(text: &str, field: &str) -> Result<JsValue, JsError> {
    use crate::site_field::{read, Field};
    let field = match field {
        "rule" => Field::Rule,
        "exclusion" => Field::Exclusion,
        _ => Field::Test,
    };
    let site = read(text, field).map_err(js_error)?.to_string();
    let answer = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        js_sys::Reflect::set(&answer, &JsValue::from_str(key), &JsValue::from_str(value))
    };
    let _ = set("display", &crate::site_field::display(&site));
    let _ = set("site", &site);
    Ok(answer.into())
}

fn localized(key: &str, args: &[String]) -> Option<String> {
    MESSAGES.with(|messages| {
        let messages = messages.borrow();
        let substitutions: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
        messages
            .as_ref()?
            .call2(&JsValue::UNDEFINED, &JsValue::from_str(key), &substitutions)
            .ok()?
            .as_string()
    })
}

/// Fairtime's state, built from the extension's storage. Methods that change
/// something return `{set, remove}`: the storage keys to write and delete.
#[wasm_bindgen]
pub struct Tracker {
    core: Core,
}

#[wasm_bindgen]
impl Tracker {
    #[cfg(feature = "full")]
    /// `stored` is everything in `storage.local` (an object; `undefined` for
    /// none). Values that cannot be read are listed by `problems()`.
    #[wasm_bindgen(constructor)]
    pub fn new(stored: JsValue, now: f64) -> Result<Tracker, JsError> {
        Ok(Tracker {
            core: Core::load(entries(stored)?, millis(now)?),
        })
    }

    /// A waking worker's tracker, before it read anything: read what
    /// `wakeKeys(at)` names with `read(stored, at)` until it names nothing
    /// more; then `loadHistory` if `historyNeeded()`.
    pub fn waking() -> Tracker {
        Tracker {
            core: Core::waking(),
        }
    }

    /// The keys to read next (`storage::wake_keys`), an array; empty when
    /// the tracker has what counting and today's view need at `at`.
    #[wasm_bindgen(js_name = wakeKeys)]
    pub fn wake_keys(&self, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.wake_keys(millis(at)?, Local))
    }

    /// `stored`: the answer to `storage.local.get(wakeKeys(at))`.
    pub fn read(&mut self, stored: JsValue, at: f64) -> Result<(), JsError> {
        self.core.read(entries(stored)?, millis(at)?, Local);
        Ok(())
    }

    /// Whether every stored day must be loaded before anything else (a
    /// storage written before the index).
    #[wasm_bindgen(js_name = historyNeeded)]
    pub fn history_needed(&self) -> bool {
        self.core.history_needed()
    }

    /// Whether every stored day is loaded.
    #[wasm_bindgen(js_name = historyLoaded)]
    pub fn history_loaded(&self) -> bool {
        self.core.history_loaded()
    }

    /// Reads the stored days not read yet from `stored`, which holds
    /// everything stored (`problems()` lists what cannot be read).
    #[wasm_bindgen(js_name = loadHistory)]
    pub fn load_history(&mut self, stored: JsValue, now: f64) -> Result<(), JsError> {
        self.core.load_history(entries(stored)?, millis(now)?);
        Ok(())
    }

    /// `[{key, moved_to, message}]` for stored values that could not be read.
    pub fn problems(&self) -> Result<JsValue, JsError> {
        to_js(&self.core.problems())
    }

    /// `[{key, was, at, reason}]`: stored values that could not be read,
    /// kept aside under `key`.
    #[wasm_bindgen(js_name = setAside)]
    pub fn set_aside(&self) -> Result<JsValue, JsError> {
        to_js(&self.core.set_aside())
    }

    #[cfg(feature = "full")]
    /// Deletes the value set aside under `key` at `at`: the storage changes.
    #[wasm_bindgen(js_name = discardSetAside)]
    pub fn discard_set_aside(&mut self, key: &str, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.discard_set_aside(key, millis(at)?))
    }

    #[cfg(feature = "full")]
    /// `[{at, kind}]`, oldest first: what happened to the person's data.
    #[wasm_bindgen(js_name = dataLog)]
    pub fn data_log(&self) -> Result<JsValue, JsError> {
        to_js(self.core.data_log())
    }

    /// The data log to write once values the load set aside are moved.
    #[wasm_bindgen(js_name = loadChanges)]
    pub fn load_changes(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.core.load_changes())
    }

    #[cfg(feature = "full")]
    /// The person exported (`"json"` or `"csv"`) at `at`: the log's change.
    #[wasm_bindgen(js_name = recordExport)]
    pub fn record_export(&mut self, kind: &str, at: f64) -> Result<JsValue, JsError> {
        let kind = match kind {
            "json" => ExportKind::Json,
            "csv" => ExportKind::Csv,
            other => return Err(JsError::new(&format!("unknown export `{other}`"))),
        };
        to_js(&self.core.record_export(kind, millis(at)?))
    }

    /// What the browser reported: `{type: "focus", at, url}`, `{type:
    /// "pause", at, minutes}`, `{type: "idle", at}`…
    pub fn input(&mut self, input: JsValue) -> Result<JsValue, JsError> {
        // Read field by field: serde's internally tagged enums cost ~20 KB of wasm.
        let field =
            |name: &str| js_sys::Reflect::get(&input, &JsValue::from_str(name)).unwrap_or_default();
        let at = millis(field("at").as_f64().unwrap_or(f64::NAN))?;
        let kind = field("type").as_string().unwrap_or_default();
        let input = match kind.as_str() {
            "focus" => Input::Focus {
                at,
                url: field("url").as_string(),
            },
            "pause" => Input::Pause {
                at,
                minutes: match field("minutes") {
                    m if m.is_undefined() || m.is_null() => None,
                    m => match m.as_f64() {
                        Some(m) if m >= 1.0 => Some(m.min(f64::from(u32::MAX)) as u32),
                        _ => return Err(JsError::new("a pause lasts at least one minute")),
                    },
                },
            },
            "unfocused" => Input::Unfocused { at },
            "idle" => Input::Idle { at },
            "locked" => Input::Locked { at },
            "active" => Input::Active { at },
            "resume" => Input::Resume { at },
            "heartbeat" => Input::Heartbeat { at },
            "startup" => Input::Startup { at },
            "shutdown" => Input::Shutdown { at },
            other => return Err(JsError::new(&format!("unknown input type `{other}`"))),
        };
        to_js(&self.core.input(&input, Local).map_err(js_error)?)
    }

    #[wasm_bindgen(js_name = giveConsent)]
    pub fn give_consent(&mut self, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.give_consent(millis(at)?, Local))
    }

    #[wasm_bindgen(js_name = withdrawConsent)]
    pub fn withdraw_consent(&mut self, at: f64) -> Result<JsValue, JsError> {
        to_js(
            &self
                .core
                .withdraw_consent(millis(at)?, Local)
                .map_err(js_error)?,
        )
    }

    pub fn settings(&self) -> Result<JsValue, JsError> {
        to_js(self.core.settings())
    }

    /// Replaces the settings; throws with the reason if they are invalid.
    #[wasm_bindgen(js_name = setSettings)]
    pub fn set_settings(&mut self, settings: JsValue, at: f64) -> Result<JsValue, JsError> {
        let at = millis(at)?;
        to_js(
            &self
                .core
                .set_settings(from_js(settings)?, at, Local)
                .map_err(js_error)?,
        )
    }

    /// `{categories, rules}`.
    pub fn rules(&self) -> Result<JsValue, JsError> {
        to_js(self.core.rules())
    }

    #[cfg(feature = "full")]
    /// An edit such as `{op: "add_rule", pattern: "*.atlassian.net",
    /// category: "work"}`; throws with the reason if it is refused.
    #[wasm_bindgen(js_name = editRules)]
    pub fn edit_rules(&mut self, edit: JsValue, at: f64) -> Result<JsValue, JsError> {
        let at = millis(at)?;
        let edit = rule_edit(&edit)?;
        to_js(&self.core.edit_rules(edit, at, Local).map_err(js_error)?)
    }

    #[cfg(feature = "full")]
    /// How many stored days hold time kept without site names, which a
    /// rule edit leaves in its category.
    #[wasm_bindgen(js_name = unnamedDays)]
    pub fn unnamed_days(&self) -> Result<usize, JsError> {
        self.core.unnamed_days().map_err(js_error)
    }

    /// Counts the open segment up to `at`.
    pub fn settle(&mut self, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.settle(millis(at)?, Local).map_err(js_error)?)
    }

    /// Deletes days older than the retention limit.
    pub fn prune(&mut self, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.prune(millis(at)?, Local))
    }

    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = forgetEverything)]
    pub fn forget_everything(&mut self, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.forget_everything(millis(at)?).map_err(js_error)?)
    }

    /// Today's split at `at`.
    pub fn today(&self, at: f64) -> Result<JsValue, JsError> {
        let at = millis(at)?;
        self.core.check_day(at, Local).map_err(js_error)?;
        to_js(&self.core.day_view(at, Local))
    }

    #[cfg(feature = "full")]
    /// The week (Monday to Sunday) `weeks_back` weeks before the one of `at`.
    pub fn week(&self, at: f64, weeks_back: u32) -> Result<JsValue, JsError> {
        to_js(
            &self
                .core
                .week(millis(at)?, weeks_back, Local)
                .map_err(js_error)?,
        )
    }

    #[cfg(feature = "full")]
    /// The calendar month `months_back` months before the one of `at`: sums
    /// per category and site.
    pub fn month(&self, at: f64, months_back: u32) -> Result<JsValue, JsError> {
        to_js(
            &self
                .core
                .month(millis(at)?, months_back, Local)
                .map_err(js_error)?,
        )
    }

    #[cfg(feature = "full")]
    /// The days `first` to `last` (`YYYY-MM-DD`); throws with the reason if
    /// the range is refused.
    pub fn range(&self, first: &str, last: &str, at: f64) -> Result<JsValue, JsError> {
        let view = self.core.range(first, last, millis(at)?, Local);
        to_js(&view.map_err(js_error)?)
    }

    #[cfg(feature = "full")]
    /// A month's report as CSV: `{filename, text}`.
    #[wasm_bindgen(js_name = monthCsv)]
    pub fn month_csv(&self, at: f64, months_back: u32) -> Result<JsValue, JsError> {
        let view = self.core.month(millis(at)?, months_back, Local);
        to_js(&crate::report::csv(&view.map_err(js_error)?, &self.core))
    }

    #[cfg(feature = "full")]
    /// A range's report as CSV: `{filename, text}`; throws like `range`.
    #[wasm_bindgen(js_name = rangeCsv)]
    pub fn range_csv(&self, first: &str, last: &str, at: f64) -> Result<JsValue, JsError> {
        let view = self.core.range(first, last, millis(at)?, Local);
        to_js(&crate::report::csv(&view.map_err(js_error)?, &self.core))
    }

    pub fn status(&self, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.status(millis(at)?, Local))
    }

    /// When to wake next even if nothing happens, or `undefined`.
    #[wasm_bindgen(js_name = nextWake)]
    pub fn next_wake(&self, at: f64) -> Result<Option<f64>, JsError> {
        Ok(self.core.next_wake(millis(at)?, Local).map(|t| t as f64))
    }

    /// Until when today's view at `at` only grows with the time that passes.
    #[wasm_bindgen(js_name = steadyUntil)]
    pub fn steady_until(&self, at: f64) -> Result<f64, JsError> {
        Ok(self.core.steady_until(millis(at)?, Local) as f64)
    }

    /// Whether the 30-second heartbeat should run at `at`.
    #[wasm_bindgen(js_name = needsHeartbeat)]
    pub fn needs_heartbeat(&self, at: f64) -> Result<bool, JsError> {
        Ok(self.core.needs_heartbeat(millis(at)?, Local))
    }

    #[cfg(feature = "full")]
    /// Everything kept, as one document (`JSON.stringify` it to save).
    #[wasm_bindgen(js_name = exportDocument)]
    pub fn export_document(&self, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.export_document(millis(at)?).map_err(js_error)?)
    }

    #[cfg(feature = "full")]
    /// The daily totals per category, as CSV text.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self) -> Result<String, JsError> {
        self.core.export_csv().map_err(js_error)
    }

    #[cfg(feature = "full")]
    /// What importing `file` (a parsed JSON object) would change, one
    /// sentence each; throws with the reason if the file cannot be imported.
    #[wasm_bindgen(js_name = previewImport)]
    pub fn preview_import(&self, file: JsValue) -> Result<JsValue, JsError> {
        to_js(&self.core.preview_import(&import(file)?))
    }

    #[cfg(feature = "full")]
    /// Imports `file`'s settings and rules; throws, changing nothing, if it
    /// cannot be imported.
    #[wasm_bindgen(js_name = applyImport)]
    pub fn apply_import(&mut self, file: JsValue, at: f64) -> Result<JsValue, JsError> {
        let at = millis(at)?;
        let import = import(file)?;
        to_js(
            &self
                .core
                .apply_import(import, at, Local)
                .map_err(js_error)?,
        )
    }

    #[cfg(feature = "full")]
    /// Why a URL or host name is in its category.
    pub fn explain(&self, input: &str) -> Result<JsValue, JsError> {
        to_js(&self.core.explain(input).map_err(js_error)?)
    }

    /// `{on, domains, ownHours, device: {id, name, lastWrote, thisDevice},
    /// devices: [{id, name, lastWrote (ms|null), thisDevice}], bytesInUse,
    /// quotaBytes, windowDays, error: null | {message, at, retryAt}}`.
    #[wasm_bindgen(js_name = syncView)]
    pub fn sync_view(&self, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.sync_view(millis(at)?))
    }

    /// `{sentences, bytes, windowDays}`: what turning sync on would send.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = syncPreview)]
    pub fn sync_preview(&self, domains: bool, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.sync_preview(domains, millis(at)?, Local))
    }

    /// `prefs = {on, domains, ownHours, name}` (name "" for `defaultName`);
    /// `deviceId` is taken only if this device has none. Changes.
    #[wasm_bindgen(js_name = setSync)]
    pub fn set_sync(
        &mut self,
        prefs: JsValue,
        device_id: &str,
        default_name: &str,
        at: f64,
    ) -> Result<JsValue, JsError> {
        let at = millis(at)?;
        let flag = |name: &str| field(&prefs, name).as_bool().unwrap_or(false);
        let prefs = crate::sync::Prefs {
            on: flag("on"),
            domains: flag("domains"),
            own_hours: flag("ownHours"),
            name: field(&prefs, "name").as_string().unwrap_or_default(),
        };
        to_js(&self.core.set_sync(prefs, device_id, default_name, at))
    }

    /// `null | {set: {key: string}, remove: [key]}`: the storage.sync
    /// writes due now; `reason` is `"tick"`, `"blockEnd"` or `"now"`.
    /// Throws the history error (like `input`) while a day of the synced
    /// window is not loaded: call it inside `withHistory`.
    #[wasm_bindgen(js_name = syncOutbox)]
    pub fn sync_outbox(&mut self, at: f64, reason: &str) -> Result<JsValue, JsError> {
        use crate::sync::Reason;
        let reason = match reason {
            "tick" => Reason::Tick,
            "blockEnd" => Reason::BlockEnd,
            _ => Reason::Now,
        };
        let outbox = self.core.sync_outbox(millis(at)?, reason, Local);
        let Some((set, remove)) = outbox.map_err(js_error)? else {
            return Ok(JsValue::NULL);
        };
        let object = js_sys::Object::new();
        for (key, value) in set {
            let _ = js_sys::Reflect::set(&object, &key.into(), &value.into());
        }
        let remove: js_sys::Array = remove.into_iter().map(JsValue::from).collect();
        let out = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&out, &"set".into(), &object);
        let _ = js_sys::Reflect::set(&out, &"remove".into(), &remove);
        Ok(out.into())
    }

    /// The last outbox was written: Changes.
    #[wasm_bindgen(js_name = syncWritten)]
    pub fn sync_written(&mut self, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.sync_written(millis(at)?))
    }

    /// The last outbox failed with the browser's `errorText`: Changes.
    #[wasm_bindgen(js_name = syncFailed)]
    pub fn sync_failed(&mut self, error_text: &str, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.core.sync_failed(error_text, millis(at)?))
    }

    /// When to call `syncOutbox` again, or `undefined`.
    #[wasm_bindgen(js_name = syncNextAttempt)]
    pub fn sync_next_attempt(&self, at: f64) -> Result<Option<f64>, JsError> {
        millis(at)?;
        Ok(self.core.sync_next_attempt().map(|t| t as f64))
    }

    /// Merges storage.sync's `items` (key → string, `null` for removed):
    /// Changes. Throws like other operations when days are not loaded.
    #[wasm_bindgen(js_name = syncReceive)]
    pub fn sync_receive(&mut self, items: JsValue, at: f64) -> Result<JsValue, JsError> {
        let at = millis(at)?;
        let mut pairs = Vec::new();
        for (key, value) in entries(items)? {
            pairs.push((key, value.0.as_string()));
        }
        let items = pairs;
        to_js(
            &self
                .core
                .sync_receive(&items, at, Local)
                .map_err(js_error)?,
        )
    }

    /// Of `keys` (storage.sync's), those to remove: this device's, or with
    /// `all` every Fairtime key.
    #[wasm_bindgen(js_name = syncRemoval)]
    pub fn sync_removal(&self, all: bool, keys: Vec<String>) -> Vec<String> {
        self.core.sync_removal(all, &keys)
    }

    /// `{sentences, days, categories, hours}`: what merging the export
    /// `file` would add; throws with the reason if it cannot be merged.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = previewMerge)]
    pub fn preview_merge(&self, file: JsValue) -> Result<JsValue, JsError> {
        to_js(
            &self
                .core
                .preview_merge(&merge_file(&file)?)
                .map_err(js_error)?,
        )
    }

    /// Adds the export `file`'s totals: Changes; throws, changing nothing,
    /// if it cannot be merged.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = applyMerge)]
    pub fn apply_merge(&mut self, file: JsValue, at: f64) -> Result<JsValue, JsError> {
        millis(at)?;
        to_js(
            &self
                .core
                .apply_merge(&merge_file(&file)?)
                .map_err(js_error)?,
        )
    }
}

/// An export's `device` and `totals`, checked as an import checks its
/// header first.
#[cfg(feature = "full")]
fn merge_file(file: &JsValue) -> Result<crate::sync::MergeFile, JsError> {
    use crate::sync::{DeviceName, MergeError, MergeFile};
    if !plain_object(file) {
        return Err(js_error(ImportError::Unreadable(crate::text::say(
            "coreImportNotAnObject",
            &[],
        ))));
    }
    let header: ImportHeader = js_value::from_value(file.clone())
        .map_err(|e| js_error(ImportError::Unreadable(e.to_string())))?;
    header.check().map_err(js_error)?;
    let device = field(file, "device");
    let text = |name: &str| field(&device, name).as_string().unwrap_or_default();
    let device = DeviceName {
        id: text("id"),
        name: text("name"),
    };
    let totals = field(file, "totals");
    let mut chunks = Vec::new();
    if !totals.is_undefined() {
        let bad = || js_error(MergeError::Unreadable("totals".to_owned()));
        for (id, list) in entries(totals)? {
            if !js_sys::Array::is_array(&list.0) {
                return Err(bad());
            }
            let list: js_sys::Array = list.0.unchecked_into();
            let mut texts = Vec::new();
            for chunk in list.iter() {
                texts.push(chunk.as_string().ok_or_else(bad)?);
            }
            chunks.push((id, texts));
        }
    }
    Ok(MergeFile {
        device,
        totals: chunks,
    })
}
