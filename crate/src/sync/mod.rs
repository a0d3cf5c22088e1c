//! Opt-in sync across the person's own browsers.

pub mod hlc;
pub mod items;
