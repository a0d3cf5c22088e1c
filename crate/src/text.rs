//! The words the core says to people: error messages and the import
//! preview, by message key.
//!
//! The words themselves live in the extension's
//! `_locales/<language>/messages.json`, under keys that start with `core`,
//! beside the pages' own text, so one translation covers everything. In the
//! browser the extension hands the core its message lookup
//! ([`set_lookup`], the browser's `i18n.getMessage`); natively, the English
//! of `_locales/en`, read by `build.rs`, fills in. A sentence's pieces are
//! passed as arguments (`$1`…`$9`), each worded before it is placed.

use std::cell::Cell;
use std::fmt;

/// The browser's message lookup: a key and its arguments in, the message
/// in the person's language out (`None` or empty when it has none).
pub type Lookup = fn(&str, &[String]) -> Option<String>;

/// The browser's way of writing a time of day, from minutes since
/// midnight (1440 is the midnight that ends a day): "17:30" or "5:30 PM".
pub type ClockLookup = fn(u16) -> Option<String>;

thread_local! {
    static LOOKUP: Cell<Option<Lookup>> = const { Cell::new(None) };
    static CLOCK: Cell<Option<ClockLookup>> = const { Cell::new(None) };
}

/// Words every later message with `lookup`.
pub fn set_lookup(lookup: Lookup) {
    LOOKUP.with(|cell| cell.set(Some(lookup)));
}

/// Writes every later time of day in a message with `clock`.
pub fn set_clock(clock: ClockLookup) {
    CLOCK.with(|cell| cell.set(Some(clock)));
}

/// A time of day for a message, `minutes` after midnight: the locale's
/// form where the browser gave one, else `HH:MM` (24-hour).
pub fn clock(minutes: u16) -> String {
    if let Some(text) = CLOCK.with(Cell::get).and_then(|clock| clock(minutes)) {
        return text;
    }
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(not(target_arch = "wasm32"))]
include!(concat!(env!("OUT_DIR"), "/english.rs"));

#[cfg(not(target_arch = "wasm32"))]
fn english(key: &str) -> Option<&'static str> {
    let i = ENGLISH.binary_search_by(|(k, _)| k.cmp(&key)).ok()?;
    Some(ENGLISH[i].1)
}

/// The wasm build leaves the English table out: the browser always has
/// the English messages, and a missing lookup shows as the bare key.
#[cfg(target_arch = "wasm32")]
fn english(_key: &str) -> Option<&'static str> {
    None
}

/// The message `key` with `args` in place of `$1`, `$2`…
pub fn say(key: &'static str, args: &[&dyn fmt::Display]) -> String {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    if let Some(text) = LOOKUP.with(Cell::get).and_then(|lookup| lookup(key, &args)) {
        if !text.is_empty() {
            return text;
        }
    }
    match english(key) {
        Some(template) => fill(template, &args),
        None if args.is_empty() => key.to_owned(),
        None => {
            let mut out = String::from(key);
            out.push_str(": ");
            out.push_str(&join(&args, ", "));
            out
        }
    }
}

/// Why stored `text` could not be read, quoting at most its first 60
/// characters: a message quoting 100,000 would say nothing.
pub fn unreadable_text(text: &str) -> String {
    let mut start: String = text.chars().take(60).collect();
    if start.len() < text.len() {
        start.push('…');
    }
    say("coreStoredTextUnreadable", &[&start])
}

/// Writes the message `key` (see [`say`]).
pub fn write(
    f: &mut fmt::Formatter<'_>,
    key: &'static str,
    args: &[&dyn fmt::Display],
) -> fmt::Result {
    f.write_str(&say(key, args))
}

/// `template` with `$1`…`$9` replaced by `args` and `$$` by `$`, as
/// `i18n.getMessage` substitutes. A reference without an argument is
/// left out.
fn fill(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let mut ahead = chars.clone();
        match ahead.next() {
            Some('$') => {
                out.push('$');
                chars = ahead;
            }
            Some(d @ '1'..='9') => {
                let i = d as usize - '1' as usize;
                if let Some(arg) = args.get(i) {
                    out.push_str(arg);
                }
                chars = ahead;
            }
            _ => out.push('$'),
        }
    }
    out
}

/// `items` with `separator` between them: `[T]::join` costs two kilobytes
/// of wasm.
pub fn join(items: &[String], separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(item);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_places_arguments_and_escapes() {
        let args = ["a".to_owned(), "b".to_owned()];
        assert_eq!(fill("$2 then $1", &args), "b then a");
        assert_eq!(
            fill("costs $$5; $3 is gone; $ alone", &args),
            "costs $5;  is gone; $ alone"
        );
    }

    #[test]
    fn english_table_is_sorted_and_has_no_named_placeholders_left() {
        assert!(ENGLISH.windows(2).all(|w| w[0].0 < w[1].0));
        for (key, message) in ENGLISH {
            let named = message
                .split('$')
                .skip(1)
                .any(|piece| piece.starts_with(|c: char| c.is_ascii_alphabetic()));
            assert!(!named, "{key}: {message}");
        }
    }

    fn shouting(key: &str, args: &[String]) -> Option<String> {
        (key != "notACoreKey").then(|| format!("{}!{}", key.to_uppercase(), args.join("+")))
    }

    fn twelve_hour(minutes: u16) -> Option<String> {
        let h = (minutes / 60) % 24;
        let hour = if h % 12 == 0 { 12 } else { h % 12 };
        Some(format!(
            "{hour}:{:02} {}",
            minutes % 60,
            if h < 12 { "AM" } else { "PM" }
        ))
    }

    #[test]
    fn times_of_day_follow_the_browser_and_default_to_24_hours() {
        std::thread::spawn(|| {
            assert_eq!(clock(17 * 60 + 5), "17:05");
            assert_eq!(clock(1440), "24:00");
            set_clock(twelve_hour);
            assert_eq!(clock(17 * 60 + 5), "5:05 PM");
            assert_eq!(clock(0), "12:00 AM");
        })
        .join()
        .unwrap();
    }

    #[test]
    fn a_lookup_words_messages_and_english_fills_in_for_an_empty_answer() {
        std::thread::spawn(|| {
            set_lookup(shouting);
            assert_eq!(say("corePatternEmpty", &[]), "COREPATTERNEMPTY!");
            assert_eq!(
                say("coreSchedulePlace", &[&"Monday", &1]),
                "CORESCHEDULEPLACE!Monday+1"
            );
            assert_eq!(say("notACoreKey", &[&"x"]), "notACoreKey: x");
        })
        .join()
        .unwrap();
        // Other threads keep the English.
        assert_eq!(
            say("coreSchedulePlace", &[&"Monday", &"oops"]),
            "Monday: oops"
        );
    }
}
