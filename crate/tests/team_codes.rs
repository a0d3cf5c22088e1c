//! The team's code texts (issue 14): join, team and contribution codes
//! read back to what was written; any single changed or missing character
//! is refused; other kinds, versions and texts are refused with their own
//! reasons; the team code's limits hold when it is read.

mod team_support;

use fairtime::team::codes::{self, CodeKind, Writer};
use fairtime::team::mask;
use fairtime::team::report::Contribution;
use fairtime::team::roster::{Member, NewTeam, Team, TeamCategory};
use fairtime::team::week::Week;
use fairtime::team::TeamError;
use proptest::prelude::*;
use team_support::*;

const BASE64URL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn name() -> impl Strategy<Value = String> {
    // Letters of several scripts, digits, spaces inside.
    "[A-Za-zÄÖÜäöüßéçñ0-9漢字😀][A-Za-zäöü0-9 .'-]{0,30}[A-Za-z0-9]"
        .prop_filter("as names are kept", |n| {
            fairtime::team::clean_name(n).as_deref() == Ok(n)
        })
}

fn team_categories() -> impl Strategy<Value = Vec<TeamCategory>> {
    proptest::collection::vec(("[a-z][a-z0-9]{0,10}", name(), any::<[u8; 3]>()), 1..=12).prop_map(
        |cats| {
            let mut seen = Vec::new();
            cats.into_iter()
                .filter_map(|(id, name, rgb)| {
                    let id = format!("c{id}");
                    if seen.contains(&id) {
                        return None;
                    }
                    seen.push(id.clone());
                    let colour = format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
                    Some(TeamCategory::new(&id, &name, &colour).unwrap())
                })
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn join_codes_round_trip(key in any::<[u8; 32]>(), name in name()) {
        let member = Member { key, name };
        let code = member.join_code();
        prop_assert!(code.starts_with("fairtime-join-1:"));
        prop_assert_eq!(Member::read_join(&code).unwrap(), member.clone());
        // Wrapped by a chat app: still the same.
        let wrapped: String = code.chars().enumerate().flat_map(|(i, c)| {
            if i % 17 == 16 { vec!['\n', ' ', c] } else { vec![c] }
        }).collect();
        prop_assert_eq!(Member::read_join(&wrapped).unwrap(), member);
    }

    #[test]
    fn team_codes_round_trip(
        nonce in any::<[u8; 16]>(),
        team in name(),
        first in (2000u16..2100, 1u8..=52),
        categories in team_categories(),
        roster in proptest::collection::vec((any::<[u8; 32]>(), name()), 5..=30),
    ) {
        let mut joins: Vec<String> = Vec::new();
        let mut members = Vec::new();
        for (key, name) in roster {
            if members.iter().any(|m: &Member| m.key == key) { continue; }
            let m = Member { key, name };
            joins.push(m.join_code());
            members.push(m);
        }
        prop_assume!(members.len() >= 5);
        let joins: Vec<&str> = joins.iter().map(String::as_str).collect();
        let first = Week::new(first.0, first.1).unwrap();
        let formed = Team::form(NewTeam { name: &team, first_week: first, categories: categories.clone(), joins: &joins, nonce }).unwrap();
        let read = Team::read(&formed.code()).unwrap();
        prop_assert_eq!(&read, &formed);
        prop_assert_eq!(read.id(), formed.id());
        prop_assert_eq!(&read.name, &team);
        prop_assert_eq!(read.first_week, first);
        prop_assert_eq!(&read.categories, &categories);
        prop_assert_eq!(&read.roster, &members);
        prop_assert_eq!(read.code(), formed.code());
    }

    #[test]
    fn contribution_codes_round_trip(
        team_id in any::<[u8; 16]>(),
        week in (2000u16..2100, 1u8..=52),
        key in any::<[u8; 32]>(),
        values in proptest::collection::vec(any::<u32>(), 2..=13),
    ) {
        let c = Contribution { team_id, week: Week::new(week.0, week.1).unwrap(), key, values };
        let code = c.code();
        prop_assert!(code.starts_with("fairtime-week-1:"));
        prop_assert_eq!(Contribution::read(&code).unwrap(), c);
    }
}

/// Every code made by one change of one character (or its removal).
fn every_single_change(code: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let mut removed = chars.clone();
        removed.remove(i);
        out.push((i, removed.iter().collect()));
        for c in BASE64URL.chars().chain(":.=+/ä".chars()) {
            if c != chars[i] {
                let mut changed = chars.clone();
                changed[i] = c;
                out.push((i, changed.iter().collect()));
            }
        }
    }
    out
}

fn sample_codes() -> Vec<(CodeKind, String)> {
    let mut rng = Seeded(99);
    let secrets = secrets(&mut rng, 5);
    let team = team_of(&secrets, rng.bytes());
    let member = Member {
        key: mask::public_key(&secrets[0]),
        name: "Ada".into(),
    };
    let contribution = Contribution {
        team_id: *team.id(),
        week: week("2026-W48"),
        key: member.key,
        values: vec![1, 2, 3, 4],
    };
    vec![
        (CodeKind::Join, member.join_code()),
        (CodeKind::Team, team.code()),
        (CodeKind::Week, contribution.code()),
    ]
}

fn read(kind: CodeKind, text: &str) -> Result<(), TeamError> {
    match kind {
        CodeKind::Join => Member::read_join(text).map(drop),
        CodeKind::Team => Team::read(text).map(drop),
        CodeKind::Week => Contribution::read(text).map(drop),
    }
}

#[test]
fn any_single_changed_or_missing_character_is_refused() {
    for (kind, code) in sample_codes() {
        let prefix = kind.prefix().chars().count();
        let mut checked = 0;
        for (i, changed) in every_single_change(&code) {
            let err = read(kind, &changed).expect_err(&changed);
            if i >= prefix {
                // In the body: damaged, whatever the change.
                assert_eq!(err, TeamError::Damaged(kind), "{changed}");
            } else {
                assert!(
                    matches!(
                        err,
                        TeamError::NotACode(_)
                            | TeamError::WrongKind { .. }
                            | TeamError::Newer(_)
                            | TeamError::Damaged(_)
                    ),
                    "{changed}: {err:?}"
                );
            }
            checked += 1;
        }
        assert!(checked > 1000, "{kind:?}: {checked}");
        // White space changed or added is no change.
        let spaced = format!(" {}\n\t{} ", &code[..20], &code[20..]);
        assert_eq!(read(kind, &spaced), Ok(()));
    }
}

#[test]
fn kinds_versions_and_strangers_are_refused_with_their_reason() {
    let codes = sample_codes();
    let all = [CodeKind::Join, CodeKind::Team, CodeKind::Week];
    for (kind, code) in &codes {
        for other in all {
            if other != *kind {
                assert_eq!(
                    read(other, code),
                    Err(TeamError::WrongKind {
                        expected: other,
                        found: *kind
                    })
                );
            }
        }
        let newer = code.replacen("-1:", "-2:", 1);
        assert_eq!(read(*kind, &newer), Err(TeamError::Newer(*kind)));
        let newer = code.replacen("-1:", "-10:", 1);
        assert_eq!(read(*kind, &newer), Err(TeamError::Newer(*kind)));
        for stranger in [
            "",
            "hello",
            "fairtime",
            "fairtime-join",
            "fairtime-x-1:AAAA",
            "fairtime-join-v1:AAAA",
            "https://example.com/x:y",
        ] {
            assert_eq!(
                read(*kind, stranger),
                Err(TeamError::NotACode(*kind)),
                "{stranger}"
            );
        }
        // A right prefix on nothing, or on too little for a checksum.
        assert_eq!(read(*kind, &kind.prefix()), Err(TeamError::Damaged(*kind)));
        assert_eq!(
            read(*kind, &format!("{}AAA", kind.prefix())),
            Err(TeamError::Damaged(*kind))
        );
    }
    // The sentences say it, in English here.
    let err = read(CodeKind::Join, &codes[1].1).unwrap_err().to_string();
    assert_eq!(err, "This is a team code, not a join code.");
    assert!(TeamError::Newer(CodeKind::Week)
        .to_string()
        .contains("newer Fairtime"));
    assert!(TeamError::Damaged(CodeKind::Team)
        .to_string()
        .contains("damaged (a character changed or missing)"));
}

/// A team payload written by hand, to break the rules Team::form keeps.
fn team_payload(categories: &[(&str, &str)], roster: &[([u8; 32], &str)]) -> String {
    let mut w = Writer::default();
    w.bytes(&[1; 16])
        .text("Team")
        .u16(2026)
        .u8(48)
        .u8(categories.len() as u8);
    for (id, name) in categories {
        w.text(id).text(name).bytes(&[1, 2, 3]);
    }
    w.u8(roster.len() as u8);
    for (key, name) in roster {
        w.bytes(key).text(name);
    }
    codes::encode(CodeKind::Team, &w.0)
}

fn roster(n: usize) -> Vec<([u8; 32], &'static str)> {
    (0..n).map(|i| ([i as u8 + 1; 32], "Someone")).collect()
}

#[test]
fn a_team_code_keeps_its_limits_when_read() {
    let ok = team_payload(&[("work", "Work")], &roster(5));
    assert!(Team::read(&ok).is_ok());
    // k = 5: a roster of 4 is refused, with its own reason.
    assert_eq!(
        Team::read(&team_payload(&[("work", "Work")], &roster(4))),
        Err(TeamError::RosterSize(4))
    );
    assert_eq!(
        Team::read(&team_payload(&[("work", "Work")], &roster(0))),
        Err(TeamError::RosterSize(0))
    );
    let malformed = Err(TeamError::Malformed(CodeKind::Team));
    let mut twice = roster(5);
    twice[4].0 = twice[0].0;
    assert_eq!(
        Team::read(&team_payload(&[("work", "Work")], &twice)),
        malformed
    );
    assert_eq!(Team::read(&team_payload(&[], &roster(5))), malformed);
    let thirteen: Vec<(String, &str)> = (0..13).map(|i| (format!("c{i}"), "C")).collect();
    let thirteen: Vec<(&str, &str)> = thirteen.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    assert_eq!(Team::read(&team_payload(&thirteen, &roster(5))), malformed);
    assert!(Team::read(&team_payload(&thirteen[..12], &roster(5))).is_ok());
    assert_eq!(
        Team::read(&team_payload(&[("other", "Other")], &roster(5))),
        malformed
    );
    assert_eq!(
        Team::read(&team_payload(&[("Work", "Work")], &roster(5))),
        malformed
    );
    assert_eq!(
        Team::read(&team_payload(&[("work", "W"), ("work", "X")], &roster(5))),
        malformed
    );
    assert_eq!(
        Team::read(&team_payload(&[("work", " padded ")], &roster(5))),
        malformed
    );
    let mut bad_name = roster(5);
    bad_name[2].1 = "tab\there";
    assert_eq!(
        Team::read(&team_payload(&[("work", "Work")], &bad_name)),
        malformed
    );
    // Other is always last, named in the person's language.
    let team = Team::read(&ok).unwrap();
    let all = team.all_categories();
    assert_eq!(all.last().unwrap().id.as_str(), "other");
    assert_eq!(all.last().unwrap().name, "Other");
    assert_eq!(all.last().unwrap().colour.to_string(), "#9e9e9e");
}

#[test]
fn forming_a_team_refuses_what_reading_would() {
    let mut rng = Seeded(3);
    let secrets = secrets(&mut rng, 6);
    let joins: Vec<String> = secrets
        .iter()
        .map(|s| {
            Member {
                key: mask::public_key(s),
                name: "M".into(),
            }
            .join_code()
        })
        .collect();
    let form = |joins: &[&str], categories: Vec<TeamCategory>, name: &str| {
        Team::form(NewTeam {
            name,
            first_week: week("2026-W48"),
            categories,
            joins,
            nonce: [0; 16],
        })
    };
    let j: Vec<&str> = joins.iter().map(String::as_str).collect();
    assert!(form(&j[..5], categories(), "T").is_ok());
    assert_eq!(
        form(&j[..4], categories(), "T"),
        Err(TeamError::RosterSize(4))
    );
    assert_eq!(
        form(&[j[0], j[1], j[2], j[3], j[0]], categories(), "T"),
        Err(TeamError::MemberTwice("M".into()))
    );
    let mut with_team_code = j[..5].to_vec();
    let team_code = form(&j[..5], categories(), "T").unwrap().code();
    with_team_code[2] = &team_code;
    assert!(matches!(
        form(&with_team_code, categories(), "T"),
        Err(TeamError::Join(3, e)) if matches!(*e, TeamError::WrongKind { .. })
    ));
    assert_eq!(form(&j[..5], vec![], "T"), Err(TeamError::CategoryCount(0)));
    let twice = vec![categories()[0].clone(), categories()[0].clone()];
    assert_eq!(
        form(&j[..5], twice, "T"),
        Err(TeamError::CategoryTwice("work".into()))
    );
    assert!(matches!(
        form(&j[..5], categories(), " \n "),
        Err(TeamError::NameLength(_))
    ));
    assert_eq!(
        TeamCategory::new("other", "Other", "#000000"),
        Err(TeamError::CategoryOther)
    );
    assert!(matches!(
        TeamCategory::new("Not A Slug", "x", "#000000"),
        Err(TeamError::CategoryId(_))
    ));
    assert!(matches!(
        TeamCategory::new("ok", "x", "red"),
        Err(TeamError::Colour(_))
    ));
    // Two teams of the same people differ by their nonce, in their id.
    let a = form(&j[..5], categories(), "T").unwrap();
    let b = Team::form(NewTeam {
        name: "T",
        first_week: week("2026-W48"),
        categories: categories(),
        joins: &j[..5],
        nonce: [1; 16],
    })
    .unwrap();
    assert_ne!(a.id(), b.id());
}

#[test]
fn a_join_code_with_a_key_of_small_order_is_refused() {
    // u = 0 and u = 1 are points of small order: every shared secret with
    // them is zero, so masks with them would mask nothing.
    let mut one = [0; 32];
    one[0] = 1;
    for key in [[0; 32], one] {
        let code = Member {
            key,
            name: "Eve".into(),
        }
        .join_code();
        assert_eq!(
            Member::read_join(&code),
            Err(TeamError::WeakKey("Eve".into()))
        );
    }
    assert!(Member::read_join(
        &Member {
            key: [9; 32],
            name: "Bob".into()
        }
        .join_code()
    )
    .is_ok());
}

#[test]
fn invisible_characters_chat_apps_add_are_ignored() {
    for (kind, code) in sample_codes() {
        let mut text = String::from("\u{feff}");
        for (i, c) in code.chars().enumerate() {
            text.push(c);
            if i % 13 == 0 {
                text.push(['\u{200b}', '\u{a0}', '\u{2060}', '\r'][i % 4]);
            }
        }
        assert_eq!(read(kind, &text), Ok(()), "{kind:?}");
    }
}

#[test]
fn fingerprints_are_four_groups_of_hex() {
    let f = mask::fingerprint(&[7; 32]);
    assert_eq!(f.len(), 19);
    assert!(f
        .split(' ')
        .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_hexdigit())));
    assert_ne!(f, mask::fingerprint(&[8; 32]));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever a payload with a right checksum holds, reading it never
    /// panics, and what is read writes back to the very same code: one
    /// content, one text (so "pasted twice" and ids cannot be fooled).
    #[test]
    fn any_checksummed_payload_is_refused_or_reads_back_to_itself(
        payload in proptest::collection::vec(any::<u8>(), 0..400),
        prefix in proptest::collection::vec(any::<u8>(), 0..4),
    ) {
        // Start some payloads like real ones, so reading gets further in.
        let mut rng = Seeded(prefix.len() as u64);
        let team = team_of(&secrets(&mut rng, 5), [0; 16]);
        for (kind, bytes) in [
            (CodeKind::Join, payload.clone()),
            (CodeKind::Team, payload.clone()),
            (CodeKind::Week, payload.clone()),
            (CodeKind::Week, [team.id().as_slice(), &payload].concat()),
            (CodeKind::Join, [[9u8; 32].as_slice(), &payload].concat()),
        ] {
            let code = codes::encode(kind, &bytes);
            match kind {
                CodeKind::Join => if let Ok(m) = Member::read_join(&code) {
                    prop_assert_eq!(m.join_code(), code);
                },
                CodeKind::Team => if let Ok(t) = Team::read(&code) {
                    prop_assert_eq!(t.code(), code);
                },
                CodeKind::Week => if let Ok(c) = Contribution::read(&code) {
                    prop_assert_eq!(c.code(), code);
                },
            }
        }
    }

    #[test]
    fn any_text_is_refused_without_panicking(text in "\\PC{0,300}") {
        for kind in [CodeKind::Join, CodeKind::Team, CodeKind::Week] {
            let _ = read(kind, &text);
            let _ = read(kind, &format!("{}{text}", kind.prefix()));
        }
    }
}
