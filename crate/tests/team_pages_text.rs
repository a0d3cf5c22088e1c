//! What the team pages ask the core for besides codes: the weeks a
//! coordinator can start with, a week's days, codes split out of pasted
//! chat or mail text, and names as slugs.

use chrono::Datelike;
use fairtime::team::codes::{encode, CodeKind};
use fairtime::team::pages::{recent_weeks, slug, split_codes, week_days};

fn days(week: &str) -> (String, String) {
    let v = week_days(week).unwrap();
    (v.first, v.last)
}

#[test]
fn iso_weeks_monday_to_sunday_the_thursday_decides_the_year() {
    assert_eq!(days("2026-W48"), ("2026-11-23".into(), "2026-11-29".into()));
    assert_eq!(days("2025-W01"), ("2024-12-30".into(), "2025-01-05".into()));
    assert_eq!(days("2026-W53"), ("2026-12-28".into(), "2027-01-03".into()));
    assert!(week_days("2025-W53").is_err());
    // Every day of four years lies in the week of its own recent_weeks.
    let mut day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    while day.year() < 2028 {
        let text = day.to_string();
        let this = &recent_weeks(&text, 0).unwrap()[0];
        assert!(this.first <= text && text <= this.last, "{text}");
        assert_eq!(days(&this.week), (this.first.clone(), this.last.clone()));
        day = day.succ_opt().unwrap();
    }
}

#[test]
fn the_weeks_offered_for_a_new_team_cross_a_new_year() {
    let weeks: Vec<String> = recent_weeks("2027-01-06", 12)
        .unwrap()
        .into_iter()
        .map(|w| w.week)
        .collect();
    assert_eq!(weeks.len(), 13);
    assert_eq!(weeks[..3], ["2027-W01", "2026-W53", "2026-W52"]);
    assert_eq!(weeks[12], "2026-W42");
    assert!(recent_weeks("2027-13-01", 12).is_err());
}

#[test]
fn codes_pasted_one_per_line_wrapped_or_among_chat_lines() {
    let a = format!("fairtime-week-1:{}", "AAAAbbbbCCCCdddd".repeat(5));
    let b = format!("fairtime-week-1:{}", "EEEE_ffff-GGGG12".repeat(5));
    let split = |text: &str| split_codes(text);
    assert_eq!(split(&format!("{a}\n{b}")), [a.clone(), b.clone()]);
    assert_eq!(
        split(&format!("  {a}\n\n\n{b}  \n")),
        [a.clone(), b.clone()]
    );
    assert_eq!(split(&format!("{a} {b}")), [a.clone(), b.clone()]);
    let wrap = |code: &str| {
        code.as_bytes()
            .chunks(30)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join("\r\n")
    };
    assert_eq!(
        split(&format!("{}\n{}", wrap(&a), wrap(&b))),
        [a.clone(), b.clone()]
    );
    assert_eq!(
        split(&format!("{}\nthanks\n{b}", wrap(&a))),
        [a.clone(), "thanks".into(), b.clone()]
    );
    assert_eq!(
        split(&format!("Alex, 10:32\n{a}\nBo, 10:35:\n{b}\nthanks!")),
        [
            "Alex, 10:32".to_owned(),
            a.clone(),
            "Bo, 10:35:".into(),
            b.clone(),
            "thanks!".into()
        ]
    );
    assert_eq!(
        split(&format!("{a} see you\n{b}")),
        [a.clone(), "see you".into(), b.clone()]
    );
    assert_eq!(
        split(&format!("{a}\nsee you\n{b}")),
        [a.clone(), "see you".into(), b.clone()]
    );
    // `a` is no real code (its checksum is wrong): a lone word of code
    // letters after it cannot be told from its wrapped end.
    assert_eq!(split(&format!("{a}\nhello")), [format!("{a}hello")]);
    // A real code is whole: the word after it is a piece of its own.
    let real = encode(CodeKind::Week, &[9; 60]);
    assert_eq!(
        split(&format!("{real}\nhello")),
        [real.clone(), "hello".into()]
    );
    assert_eq!(
        split(&format!("{}\nhello", wrap(&real))),
        [real.clone(), "hello".into()]
    );
    assert_eq!(split("hello"), ["hello"]);
    assert!(split(" \n ").is_empty());
    assert_eq!(split("FAIRTIME-WEEK-1:X"), ["FAIRTIME-WEEK-1:X"]);
}

#[test]
fn names_as_slugs() {
    assert_eq!(slug("Research & docs"), "research-docs");
    assert_eq!(slug("  The A-Team!  "), "the-a-team");
    assert_eq!(slug("日本"), "");
    assert!(slug(&"x".repeat(60)).len() <= 32);
}
