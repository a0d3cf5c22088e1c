//! Hostile input (issue 13): what no person types but a file or a page may
//! hold is refused with a short, clear message, and nothing changes.

use fairtime::exchange::ImportFile;
use fairtime::rules::MAX_RULES;
use fairtime::tracker::Tracker;
use serde_json::{json, Value};

fn rules_file(n: usize) -> Value {
    let rules: Vec<Value> = (0..n)
        .map(|i| json!({"pattern": format!("site{i}.example.com"), "category": "work"}))
        .collect();
    let tracker = Tracker::default();
    let book = serde_json::to_value(tracker.rules()).unwrap();
    json!({
        "format": "fairtime-export",
        "version": 2,
        "rules": {"categories": book["categories"], "rules": rules},
    })
}

#[test]
fn a_rule_book_larger_than_any_person_keeps_is_refused_with_the_limit() {
    let refused = serde_json::from_value::<ImportFile>(rules_file(100_000)).unwrap_err();
    assert_eq!(
        MAX_RULES, 10_000,
        "the message says 10,000 (coreTooManyRules)"
    );
    assert!(
        refused.to_string().contains("at most 10,000 rules"),
        "{refused}"
    );
    assert!(refused.to_string().len() < 200, "{refused}");
    let largest: ImportFile = serde_json::from_value(rules_file(MAX_RULES)).unwrap();
    let import = largest.check().unwrap();
    assert_eq!(import.rules.unwrap().rules().len(), MAX_RULES);
}

#[test]
fn a_message_quotes_at_most_the_start_of_what_was_typed() {
    let tracker = Tracker::default();
    let long = format!("https://{}.com/", "a".repeat(100_000));
    let message = tracker.explain(&long).unwrap_err().to_string();
    assert!(
        message.chars().count() < 200,
        "{} characters",
        message.chars().count()
    );
    assert!(
        message.contains(&format!("“https://{}…”", "a".repeat(52))),
        "{message}"
    );
    // Short input is quoted whole.
    let message = tracker
        .explain("https://exa mple.com/")
        .unwrap_err()
        .to_string();
    assert!(message.contains("“https://exa mple.com/”"), "{message}");
}
