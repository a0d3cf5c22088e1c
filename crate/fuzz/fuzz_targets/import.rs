//! The import: JSON text to a preview and its application. Never a panic;
//! a bad file is an error with a message and changes nothing; an applied
//! import leaves storage that loads back as the same tracker, with the
//! imported rules.
#![no_main]

use chrono_tz::Europe::Berlin;
use fairtime::exchange::{check_fields, Import, ImportError, ImportFile, ImportHeader};
use fairtime::time::MINUTE;
use fairtime_fuzz::{noon, working_storage, Storage};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// What wasm.rs `import` does with the parsed file.
fn read(text: &str) -> Result<Import, ImportError> {
    let unreadable = |e: serde_json::Error| ImportError::Unreadable(e.to_string());
    let file: Value = serde_json::from_str(text).map_err(unreadable)?;
    if !file.is_object() {
        return Err(ImportError::Unreadable("not an object".into()));
    }
    serde_json::from_value::<ImportHeader>(file.clone())
        .map_err(unreadable)?
        .check()?;
    let field = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    let settings = field(&file, "settings");
    for (place, object) in [
        ("", file.clone()),
        ("settings", settings.clone()),
        ("settings.schedule", field(&settings, "schedule")),
        ("rules", field(&file, "rules")),
    ] {
        if let Some(map) = object.as_object() {
            check_fields(place, map.keys().map(String::as_str))?;
        }
    }
    serde_json::from_value::<ImportFile>(file)
        .map_err(unreadable)?
        .check()
}

fuzz_target!(|text: &str| {
    let import = match read(text) {
        Ok(import) => import,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let mut storage = working_storage();
    let now = noon();
    let mut tracker = storage.load_any(now);
    let preview = tracker.preview_import(&import);
    assert!(preview.iter().all(|line| !line.is_empty()));
    let before = (tracker.settings().clone(), tracker.rules().clone());
    let stored_before = storage.clone();
    match tracker.apply_import(import.clone(), now + MINUTE, Berlin) {
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert_eq!(
                (tracker.settings(), tracker.rules()),
                (&before.0, &before.1)
            );
            assert_eq!(storage, stored_before);
        }
        Ok(changes) => {
            storage.apply(&changes);
            if let Some(rules) = &import.rules {
                assert_eq!(tracker.rules(), rules);
            }
            // Nothing to change any more, and storage reads back as it is.
            assert!(tracker.preview_import(&import).is_empty() || import.settings.is_some());
            let reloaded: Storage = storage.clone();
            let again = reloaded.load_any(now + MINUTE);
            assert!(again.problems().is_empty(), "{:?}", again.problems());
            assert_eq!(again.settings(), tracker.settings());
            assert_eq!(again.rules(), tracker.rules());
            assert_eq!(
                again.day_view(now + MINUTE, Berlin),
                tracker.day_view(now + MINUTE, Berlin)
            );
        }
    }
});
