//! The team report (issue 14): the exact sum once every member's code is
//! in, nothing but the count until then, and each refusal with its reason:
//! damaged, another team, another week, not on the roster, a member's
//! second code, the same code pasted twice. Contributing twice gives the
//! same code, even with other numbers.

mod team_support;

use fairtime::team::member::Membership;
use fairtime::team::pages::{self, Seconds};
use fairtime::team::report::{self, Refusal};
use fairtime::team::roster::Team;
use fairtime::team::TeamError;
use fairtime::team::{mask, CodeKind};
use team_support::*;

/// Seconds for member `i`: different for everyone, mapped onto the team
/// categories by id (unknown ids go to Other).
fn seconds(i: u64) -> Vec<(String, u64)> {
    vec![
        ("work".into(), 3600 * (i + 1) + 449),    // rounds down
        ("communication".into(), 1800 * i + 450), // half rounds up
        ("development".into(), 60 * 17 * i),
        ("shopping".into(), 900 * i),  // -> Other
        ("uncategorized".into(), 600), // -> Other
    ]
}

struct Setup {
    team: Team,
    secrets: Vec<mask::StaticSecret>,
    codes: Vec<String>,
    plain: Vec<Vec<u32>>,
}

fn setup(n: usize, seed: u64, week_text: &str) -> Setup {
    let mut rng = Seeded(seed);
    let secrets = secrets(&mut rng, n);
    let team = team_of(&secrets, rng.bytes());
    let mut codes = Vec::new();
    let mut plain = Vec::new();
    for (i, s) in secrets.iter().enumerate() {
        let mut m = membership(&team);
        plain.push(m.plain(&seconds(i as u64)));
        codes.push(
            m.contribute(s, week(week_text), &seconds(i as u64))
                .unwrap()
                .0,
        );
    }
    Setup {
        team,
        secrets,
        codes,
        plain,
    }
}

fn strs(codes: &[String]) -> Vec<&str> {
    codes.iter().map(String::as_str).collect()
}

#[test]
fn the_report_shows_the_exact_sum_only_when_every_code_is_in() {
    let s = setup(7, 1, "2026-W48");
    let expected = mask::sum(&s.plain, s.team.width());
    // The plain numbers are what the member would see: rounded to 15.
    assert!(s.plain.iter().flatten().all(|m| m % 15 == 0));
    assert_eq!(s.plain[0], vec![60, 15, 0, 15]);
    for k in 0..7 {
        let r = report::collect(&s.team, &strs(&s.codes[..k]));
        assert_eq!(r.totals, None, "{k} of 7");
        assert_eq!(r.received.len(), k);
        assert!(r.refused.is_empty());
    }
    // In any order, with blank lines between.
    let mut shuffled = s.codes.clone();
    shuffled.reverse();
    shuffled.insert(3, "  \n".into());
    let r = report::collect(&s.team, &strs(&shuffled));
    assert_eq!(r.totals, Some(expected.clone()));
    assert_eq!(r.week, Some(week("2026-W48")));
    // The page's view: total and mean per category.
    let view = pages::team_report(&s.team.code(), &shuffled).unwrap();
    assert_eq!((view.members, view.received, view.missing), (7, 7, 0));
    let result = view.result.unwrap();
    assert_eq!(result.week, "2026-W48");
    let totals: Vec<u32> = result.categories.iter().map(|c| c.total_minutes).collect();
    assert_eq!(totals, expected);
    assert_eq!(result.categories.last().unwrap().id, "other");
    assert_eq!(
        result.categories[0].mean_minutes,
        f64::from(expected[0]) / 7.0
    );
    assert_eq!(
        result.total_minutes,
        expected.iter().map(|&t| u64::from(t)).sum::<u64>()
    );
    // Before: only how many are missing.
    let view = pages::team_report(&s.team.code(), &s.codes[..5]).unwrap();
    assert_eq!((view.received, view.missing), (5, 2));
    assert!(view.result.is_none());
}

#[test]
fn each_code_that_cannot_count_is_refused_with_its_reason() {
    let s = setup(5, 2, "2026-W48");
    let other_team = setup(5, 3, "2026-W48");
    let other_week = setup(5, 2, "2026-W47");
    // A stranger: the same team's code made by a key not on the roster.
    let mut rng = Seeded(77);
    let stranger = secrets(&mut rng, 1).remove(0);
    let mut roster_plus = s.secrets.clone();
    roster_plus.push(stranger.clone());
    let stranger_code = {
        let values = mask::masked(
            &[0, 0, 0, 0],
            &stranger,
            &keys(&roster_plus),
            s.team.id(),
            week("2026-W48"),
        )
        .unwrap();
        fairtime::team::report::Contribution {
            team_id: *s.team.id(),
            week: week("2026-W48"),
            key: mask::public_key(&stranger),
            values,
        }
        .code()
    };
    // A member's second, different code (a browser that lost its record).
    let second = membership(&s.team)
        .contribute(&s.secrets[1], week("2026-W48"), &seconds(40))
        .unwrap()
        .0;
    assert_ne!(second, s.codes[1]);
    let mut damaged = s.codes[2].clone();
    let last = damaged.pop().unwrap();
    damaged.push(if last == 'A' { 'B' } else { 'A' });
    let pasted = vec![
        s.codes[0].clone(),            // 0 counts, fixes the week
        other_team.codes[0].clone(),   // 1 another team
        other_week.codes[1].clone(),   // 2 another week
        stranger_code,                 // 3 not on the roster
        s.codes[1].clone(),            // 4 counts
        second,                        // 5 second code of member 2
        format!("  {}\n", s.codes[0]), // 6 pasted twice
        damaged,                       // 7 damaged
        s.team.code(),                 // 8 not a contribution code
        "thanks everyone!".into(),     // 9 not a code
    ];
    let r = report::collect(&s.team, &strs(&pasted));
    let refused: Vec<(usize, Refusal)> = r.refused.clone();
    assert_eq!(
        refused,
        vec![
            (1, Refusal::OtherTeam),
            (
                2,
                Refusal::OtherWeek {
                    week: week("2026-W47"),
                    of: week("2026-W48")
                }
            ),
            (3, Refusal::NotOnRoster),
            (5, Refusal::SameMember("member 2".into())),
            (6, Refusal::PastedTwice),
            (7, Refusal::Unreadable(TeamError::Damaged(CodeKind::Week))),
            (
                8,
                Refusal::Unreadable(TeamError::WrongKind {
                    expected: CodeKind::Week,
                    found: CodeKind::Team
                })
            ),
            (9, Refusal::Unreadable(TeamError::NotACode(CodeKind::Week))),
        ]
    );
    assert_eq!(r.received, vec![0, 1]);
    assert_eq!(r.totals, None);
    // The rest still completes the sum, the refusals never count.
    let mut all = pasted.clone();
    all.extend(s.codes[2..].iter().cloned());
    let r = report::collect(&s.team, &strs(&all));
    assert_eq!(r.totals, Some(mask::sum(&s.plain, s.team.width())));
    // The reasons, as the page shows them.
    let view = pages::team_report(&s.team.code(), &pasted).unwrap();
    let reasons: Vec<&str> = view.refused.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons[0], "This code is for another team.");
    assert_eq!(
        reasons[1],
        "This code is for 2026-W47, the others for 2026-W48."
    );
    assert_eq!(
        reasons[2],
        "This code comes from someone who is not on the team's roster."
    );
    assert_eq!(
        reasons[3],
        "A second code from member 2 for this week; only the first counts."
    );
    assert_eq!(reasons[4], "This code was pasted twice.");
    assert!(reasons[5].contains("damaged"), "{}", reasons[5]);
}

#[test]
fn the_first_code_that_counts_fixes_the_week() {
    let w47 = setup(5, 2, "2026-W47");
    let w48 = setup(5, 2, "2026-W48");
    let r = report::collect(&w48.team, &["nonsense", &w47.codes[0], &w48.codes[1]]);
    assert_eq!(r.week, Some(week("2026-W47")));
    assert_eq!(
        r.refused[1],
        (
            2,
            Refusal::OtherWeek {
                week: week("2026-W48"),
                of: week("2026-W47")
            }
        )
    );
}

#[test]
fn a_code_for_a_week_before_the_team_started_is_refused() {
    let s = setup(5, 4, "2026-W48");
    let m = membership(&s.team);
    let err = m
        .clone()
        .contribute(&s.secrets[0], week("2026-W39"), &seconds(1))
        .unwrap_err();
    assert_eq!(
        err,
        TeamError::WeekBeforeFirst {
            week: "2026-W39".into(),
            first: "2026-W40".into()
        }
    );
}

#[test]
fn contributing_twice_gives_the_same_code_even_with_other_numbers() {
    let s = setup(5, 5, "2026-W48");
    let stored = Membership::new_state(&s.team.code(), Default::default()).unwrap();
    let secret = mask::secret_text(&s.secrets[3]);
    let first_numbers = [Seconds {
        id: "work".into(),
        seconds: 7200,
    }];
    let other_numbers = [Seconds {
        id: "work".into(),
        seconds: 99_000,
    }];
    let first = pages::contribute(&stored, &secret, "2026-W48", &first_numbers).unwrap();
    assert!(!first.again);
    assert_eq!(first.value.given.len(), 1);
    let again = pages::contribute(&first.value, &secret, "2026-W48", &other_numbers).unwrap();
    assert!(again.again);
    assert_eq!(again.code, first.code);
    assert_eq!(again.value, first.value);
    // Another week is a new code, and both are remembered.
    let next = pages::contribute(&first.value, &secret, "2026-W49", &other_numbers).unwrap();
    assert!(!next.again);
    assert_ne!(next.code, first.code);
    assert_eq!(next.value.given.len(), 2);
    let state = pages::read_state(&next.value).unwrap();
    assert_eq!(state.given["2026-W48"], first.code);
    // Without the stored record the same numbers give the same code (the
    // masks are derived, not drawn), and other numbers another one.
    let fresh = pages::contribute(&stored, &secret, "2026-W48", &first_numbers).unwrap();
    assert_eq!(fresh.code, first.code);
    let fresh = pages::contribute(&stored, &secret, "2026-W48", &other_numbers).unwrap();
    assert_ne!(fresh.code, first.code);
}

#[test]
fn a_key_not_on_the_roster_cannot_contribute() {
    let s = setup(5, 6, "2026-W48");
    let mut rng = Seeded(8);
    let outsider = secrets(&mut rng, 1).remove(0);
    let err = membership(&s.team)
        .contribute(&outsider, week("2026-W48"), &seconds(1))
        .unwrap_err();
    assert_eq!(err, TeamError::NotOnRoster);
}
