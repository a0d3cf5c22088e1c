//! The JavaScript face of the core: a thin wasm-bindgen layer.
//!
//! Everything here converts values and errors and delegates; no logic lives
//! in this file. Errors reach JavaScript as `Error` objects with the core's
//! message.

use wasm_bindgen::prelude::*;

fn js_error(err: impl std::fmt::Display) -> JsError {
    JsError::new(&err.to_string())
}

/// The core's version, e.g. `"0.1.0"`.
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    crate::VERSION.to_owned()
}

/// Seconds as a person reads them: `formatDuration(3900)` is `"1 h 05 min"`.
/// Throws for negative, infinite or NaN input.
#[wasm_bindgen(js_name = formatDuration)]
pub fn format_duration(seconds: f64) -> Result<String, JsError> {
    crate::duration::format_js_seconds(seconds).map_err(js_error)
}
