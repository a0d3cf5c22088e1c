//! Fairtime's core: every decision the extension makes, as plain Rust.
//!
//! The modules here are pure logic with no browser in sight, so they are
//! tested natively with `cargo test`. The one place that knows about
//! JavaScript is `wasm`, a thin wasm-bindgen layer compiled only for
//! `wasm32`; the extension's service worker and pages call nothing else.
//! The team pages load a third module with its own layer, `wasm_team`.

pub mod category;
pub mod datalog;
pub mod default_rules;
pub mod domain;
pub mod exchange;
#[cfg(target_arch = "wasm32")]
mod heap;
pub mod invariants;
pub mod ledger;
pub mod refile;
pub mod report;
pub mod rules;
pub mod schedule;
pub mod settings;
pub mod site_field;
pub mod sort;
pub mod steps;
pub mod storage;
pub mod sync;
#[cfg(feature = "team")]
pub mod team;
pub mod text;
pub mod time;
pub mod tracker;

// The tracker's exports; the team module's .wasm (feature `team_page`)
// has only its own.
#[cfg(all(target_arch = "wasm32", not(feature = "team_page")))]
pub mod wasm;
#[cfg(all(target_arch = "wasm32", feature = "team_page"))]
pub mod wasm_team;
