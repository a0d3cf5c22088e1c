//! The JavaScript face of team insight: the exports of the third module,
//! `fairtime_team` (built with the `team_page` feature, without the
//! tracker's exports of `crate::wasm`). Only the options page and the team
//! report page load it. Everything here converts values and errors and
//! delegates to [`crate::team::pages`].

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::team::member::Stored;
use crate::team::pages::{self, CategoryName, FormInput, Seconds};
use crate::team::TeamError;

#[path = "wasm/js_value.rs"]
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

fn answer<T: Serialize>(result: Result<T, TeamError>) -> Result<JsValue, JsError> {
    to_js(&result.map_err(js_error)?)
}

fn stored(value: JsValue) -> Result<Stored, JsError> {
    js_value::from_value(value).map_err(|e| js_error(TeamError::State(e.to_string())))
}

thread_local! {
    static MESSAGES: std::cell::RefCell<Option<js_sys::Function>> =
        const { std::cell::RefCell::new(None) };
}

/// Words the module's messages with `lookup(key, substitutions)`: the
/// browser's `i18n.getMessage`.
#[wasm_bindgen(js_name = useMessages)]
pub fn use_messages(lookup: js_sys::Function) {
    MESSAGES.with(|messages| *messages.borrow_mut() = Some(lookup));
    crate::text::set_lookup(localized);
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

/// A new secret key (to store as `team:key`) from 32 bytes of
/// `crypto.getRandomValues`.
#[wasm_bindgen(js_name = newSecret)]
pub fn new_secret(random: &[u8]) -> Result<String, JsError> {
    pages::new_secret(random).map_err(js_error)
}

#[wasm_bindgen(js_name = joinCode)]
pub fn join_code(secret: &str, name: &str) -> Result<String, JsError> {
    pages::join_code(secret, name).map_err(js_error)
}

/// `{name, fingerprint}` of a join code.
#[wasm_bindgen(js_name = readJoin)]
pub fn read_join(text: &str) -> Result<JsValue, JsError> {
    answer(pages::read_join(text))
}

/// `[{id, name, colour}]`: Fairtime's built-in categories.
#[wasm_bindgen(js_name = defaultCategories)]
pub fn default_categories() -> Result<JsValue, JsError> {
    to_js(&pages::default_categories())
}

/// The team code of `{name, first_week, categories, joins, nonce}`.
#[wasm_bindgen(js_name = formTeam)]
pub fn form_team(input: JsValue) -> Result<String, JsError> {
    let nonce = js_sys::Reflect::get(&input, &JsValue::from_str("nonce")).unwrap_or_default();
    let nonce = nonce
        .dyn_into::<js_sys::Uint8Array>()
        .map(|a| a.to_vec())
        .map_err(|_| js_error(TeamError::Random(16)))?;
    let input: FormInput = from_js(input)?;
    pages::form_team(&input, &nonce).map_err(js_error)
}

#[wasm_bindgen(js_name = readTeam)]
pub fn read_team(text: &str, secret: Option<String>) -> Result<JsValue, JsError> {
    answer(pages::read_team(text, secret.as_deref()))
}

#[wasm_bindgen(js_name = defaultMapping)]
pub fn default_mapping(team: &str, categories: JsValue) -> Result<JsValue, JsError> {
    let categories: Vec<CategoryName> = from_js(categories)?;
    answer(pages::default_mapping(team, &categories))
}

#[wasm_bindgen(js_name = readState)]
pub fn read_state(value: JsValue) -> Result<JsValue, JsError> {
    answer(pages::read_state(&stored(value)?))
}

#[wasm_bindgen(js_name = newState)]
pub fn new_state(team: &str, mapping: JsValue) -> Result<JsValue, JsError> {
    let mapping: BTreeMap<String, String> = from_js(mapping)?;
    answer(pages::new_state(team, mapping))
}

#[wasm_bindgen]
pub fn weeks(
    value: JsValue,
    secret: &str,
    today: &str,
    retention_days: u32,
) -> Result<JsValue, JsError> {
    answer(pages::weeks(&stored(value)?, secret, today, retention_days))
}

#[wasm_bindgen]
pub fn plain(value: JsValue, week: &str, categories: JsValue) -> Result<JsValue, JsError> {
    let seconds: Vec<Seconds> = from_js(categories)?;
    answer(pages::plain(&stored(value)?, week, &seconds))
}

#[wasm_bindgen]
pub fn contribute(
    value: JsValue,
    secret: &str,
    week: &str,
    categories: JsValue,
) -> Result<JsValue, JsError> {
    let seconds: Vec<Seconds> = from_js(categories)?;
    answer(pages::contribute(&stored(value)?, secret, week, &seconds))
}

#[wasm_bindgen(js_name = teamReport)]
pub fn team_report(team: &str, codes: JsValue) -> Result<JsValue, JsError> {
    let codes: Vec<String> = from_js(codes)?;
    answer(pages::team_report(team, &codes))
}
