//! What a member's browser keeps of a team (issue 14): the stored value
//! read back and refused with a reason when damaged, the category mapping,
//! the plain numbers, the weeks offered; and the tracker's part: it
//! ignores the team's keys and "Delete everything" removes them.

mod team_support;

use std::collections::BTreeMap;

use chrono_tz::Europe::Berlin;
use fairtime::storage::Source;
use fairtime::team::member::{default_mapping, Membership, Stored};
use fairtime::team::pages::{self, CategoryName, Seconds};
use fairtime::team::{mask, TeamError};
use fairtime::tracker::Tracker;
use serde_json::{json, Value};
use team_support::*;

struct Json(Value);

impl Source for Json {
    fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_value(self.0.clone()).map_err(|e| e.to_string())
    }
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn a_team() -> (fairtime::team::roster::Team, Vec<mask::StaticSecret>) {
    let mut rng = Seeded(21);
    let secrets = secrets(&mut rng, 5);
    (team_of(&secrets, rng.bytes()), secrets)
}

#[test]
fn the_default_mapping_matches_ids_then_names_else_other() {
    let (team, _) = a_team();
    let mine: Vec<(String, String)> = [
        ("work", "Whatever"),
        ("chat", "COMMUNICATION "),
        ("coding", "Coding"),
        ("uncategorized", "Work tools"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(
        default_mapping(&team, &mine),
        map(&[
            ("work", "work"),
            ("chat", "communication"),
            ("coding", "other"),
            ("uncategorized", "other")
        ])
    );
    let via_page = pages::default_mapping(
        &team.code(),
        &[CategoryName {
            id: "development".into(),
            name: "x".into(),
        }],
    )
    .unwrap();
    assert_eq!(via_page, map(&[("development", "development")]));
}

#[test]
fn plain_numbers_follow_the_mapping_and_are_rounded_after_adding_up() {
    let (team, _) = a_team();
    let stored = Membership::new_state(
        &team.code(),
        map(&[("chat", "communication"), ("work", "other")]),
    )
    .unwrap();
    let rows = pages::plain(
        &stored,
        "2026-W48",
        &[
            Seconds {
                id: "chat".into(),
                seconds: 400,
            },
            Seconds {
                id: "communication".into(),
                seconds: 400,
            }, // same id, unmapped
            Seconds {
                id: "work".into(),
                seconds: 3600,
            },
            Seconds {
                id: "development".into(),
                seconds: 449,
            },
        ],
    )
    .unwrap();
    let minutes: Vec<(&str, u32)> = rows.iter().map(|r| (r.id.as_str(), r.minutes)).collect();
    // 800 s of communication round to 15; each 400 s alone would be 0.
    assert_eq!(
        minutes,
        [
            ("work", 0),
            ("communication", 15),
            ("development", 0),
            ("other", 60)
        ]
    );
    assert_eq!(rows[3].name, "Other");
    assert_eq!(rows[0].colour, "#2563eb");
}

#[test]
fn a_new_state_is_checked_and_reads_back() {
    let (team, _) = a_team();
    let stored = Membership::new_state(&team.code(), map(&[("chat", "communication")])).unwrap();
    let json = serde_json::to_value(&stored).unwrap();
    assert_eq!(json["v"], 1);
    assert_eq!(json["code"], team.code());
    assert_eq!(json["mapping"], json!({"chat": "communication"}));
    assert_eq!(json["given"], json!({}));
    let view = pages::read_state(&stored).unwrap();
    assert_eq!(view.team.name, "Platform team");
    assert_eq!(view.team.members.len(), 5);
    assert_eq!(view.team.categories.len(), 4);
    assert_eq!(
        Membership::new_state(&team.code(), map(&[("chat", "nope")])).unwrap_err(),
        TeamError::MappingTarget("nope".into())
    );
    assert!(matches!(
        Membership::new_state(&team.code(), map(&[("Not An Id", "work")])),
        Err(TeamError::CategoryId(_))
    ));
    assert!(matches!(
        Membership::new_state("fairtime-team-1:AAAA", BTreeMap::new()),
        Err(TeamError::Damaged(_))
    ));
}

#[test]
fn a_damaged_stored_membership_is_refused_with_a_reason() {
    let (team, secrets) = a_team();
    let stored = Membership::new_state(&team.code(), BTreeMap::new()).unwrap();
    let secret = mask::secret_text(&secrets[0]);
    let given = pages::contribute(&stored, &secret, "2026-W48", &[])
        .unwrap()
        .value;
    assert!(pages::read_state(&given).is_ok());
    let broken = |f: &dyn Fn(&mut Stored)| {
        let mut s = given.clone();
        f(&mut s);
        pages::read_state(&s).unwrap_err()
    };
    assert_eq!(broken(&|s| s.v = 2), TeamError::StateVersion(2));
    let mut code = team.code();
    code.pop();
    assert!(
        matches!(broken(&|s| s.code = code.clone()), TeamError::State(why) if why.contains("damaged"))
    );
    assert!(matches!(
        broken(&|s| {
            s.mapping.insert("x".into(), "nope".into());
        }),
        TeamError::State(_)
    ));
    // A given code under another week, or of another team.
    let w48 = given.given["2026-W48"].clone();
    assert!(matches!(
        broken(&|s| {
            s.given.insert("2026-W47".into(), w48.clone());
        }),
        TeamError::State(_)
    ));
    assert!(matches!(
        broken(&|s| {
            s.given.insert("W47".into(), w48.clone());
        }),
        TeamError::State(_)
    ));
    let other = Seeded(5);
    let _ = other;
    let mut rng = Seeded(6);
    let other_secrets = super_secrets(&mut rng);
    let other_team = team_of(&other_secrets, rng.bytes());
    let foreign = pages::contribute(
        &Membership::new_state(&other_team.code(), BTreeMap::new()).unwrap(),
        &mask::secret_text(&other_secrets[0]),
        "2026-W48",
        &[],
    )
    .unwrap()
    .code;
    assert!(matches!(
        broken(&|s| {
            s.given.insert("2026-W48".into(), foreign.clone());
        }),
        TeamError::State(_)
    ));
    // The sentence says what is wrong.
    let err = broken(&|s| s.code = "nonsense".into()).to_string();
    assert_eq!(
        err,
        "The stored team membership is damaged: This is not a Fairtime team code."
    );
}

fn super_secrets(rng: &mut Seeded) -> Vec<mask::StaticSecret> {
    secrets(rng, 5)
}

#[test]
fn the_weeks_list_offers_finished_kept_weeks_and_those_given() {
    let (team, secrets) = a_team();
    let secret = mask::secret_text(&secrets[2]);
    let stored = Membership::new_state(&team.code(), BTreeMap::new()).unwrap();
    // Team from 2026-W40; today Wednesday 2026-10-21 (W43): W42, W41, W40.
    let weeks = pages::weeks(&stored, &secret, "2026-10-21", 0).unwrap();
    let names: Vec<&str> = weeks.iter().map(|w| w.week.as_str()).collect();
    assert_eq!(names, ["2026-W42", "2026-W41", "2026-W40"]);
    assert_eq!(
        (weeks[0].first.as_str(), weeks[0].last.as_str()),
        ("2026-10-12", "2026-10-18")
    );
    assert!(weeks.iter().all(|w| !w.given));
    let given = pages::contribute(&stored, &secret, "2026-W40", &[])
        .unwrap()
        .value;
    // 10 days kept: W40 is no longer offered, but its code is still there.
    let weeks = pages::weeks(&given, &secret, "2026-10-21", 10).unwrap();
    let listed: Vec<(&str, bool)> = weeks.iter().map(|w| (w.week.as_str(), w.given)).collect();
    assert_eq!(listed, [("2026-W42", false), ("2026-W40", true)]);
    // Someone not on the roster is told so.
    let mut rng = Seeded(1234);
    let outsider = mask::secret_text(&secrets_of(&mut rng));
    assert_eq!(
        pages::weeks(&stored, &outsider, "2026-10-21", 0).unwrap_err(),
        TeamError::NotOnRoster
    );
    assert!(matches!(
        pages::weeks(&stored, &secret, "21.10.2026", 0),
        Err(TeamError::Date(_))
    ));
    assert_eq!(
        pages::weeks(&stored, "short", "2026-10-21", 0).unwrap_err(),
        TeamError::Secret
    );
}

fn secrets_of(rng: &mut Seeded) -> mask::StaticSecret {
    secrets(rng, 1).remove(0)
}

#[test]
fn keys_and_join_codes_through_the_pages_functions() {
    assert_eq!(
        pages::new_secret(&[1; 31]).unwrap_err(),
        TeamError::Random(32)
    );
    let secret = pages::new_secret(&[9; 32]).unwrap();
    assert_eq!(secret.len(), 43); // base64url of 32 bytes, no padding
    let code = pages::join_code(&secret, "  Ada\tLovelace ").unwrap();
    let join = pages::read_join(&code).unwrap();
    assert_eq!(join.name, "Ada Lovelace");
    let key = mask::public_key(&mask::read_secret(&secret).unwrap());
    assert_eq!(join.fingerprint, mask::fingerprint(&key));
    assert!(matches!(
        pages::join_code(&secret, ""),
        Err(TeamError::NameLength(_))
    ));
    // The defaults are Fairtime's categories, in the person's language.
    let defaults = pages::default_categories();
    assert_eq!(defaults[0].id, "work");
    assert_eq!(defaults[0].name, "Work tools");
    assert!(defaults
        .iter()
        .all(|c| c.id != "other" && c.colour.starts_with('#')));
}

#[test]
fn forming_and_reading_a_team_through_the_pages_functions() {
    let secrets: Vec<String> = (0..5u8)
        .map(|i| pages::new_secret(&[i + 1; 32]).unwrap())
        .collect();
    let joins: Vec<String> = secrets
        .iter()
        .enumerate()
        .map(|(i, s)| pages::join_code(s, &format!("Person {i}")).unwrap())
        .collect();
    let input = pages::FormInput {
        name: "Support".into(),
        first_week: "2026-W48".into(),
        categories: pages::default_categories()
            .into_iter()
            .map(|c| pages::CategoryInput {
                id: c.id,
                name: c.name,
                colour: c.colour,
            })
            .collect(),
        joins,
    };
    assert_eq!(
        pages::form_team(&input, &[0; 15]).unwrap_err(),
        TeamError::Random(16)
    );
    let code = pages::form_team(&input, &[7; 16]).unwrap();
    let team = pages::read_team(&code, Some(&secrets[3])).unwrap();
    assert_eq!(team.you, Some(3));
    assert_eq!(team.first_week, "2026-W48");
    assert_eq!(team.first_monday, "2026-11-23");
    assert_eq!(team.id.len(), 32);
    assert_eq!(team.categories.len(), 9);
    assert_eq!(team.categories[8].id, "other");
    assert_eq!(team.members[3].name, "Person 3");
    let stranger = pages::new_secret(&[99; 32]).unwrap();
    assert_eq!(pages::read_team(&code, Some(&stranger)).unwrap().you, None);
    assert_eq!(pages::read_team(&code, None).unwrap().you, None);
}

#[test]
fn the_tracker_ignores_the_team_keys_and_delete_everything_removes_them() {
    let at = 1_781_074_800_000;
    let mut tracker = Tracker::default();
    let consent = tracker.give_consent(at, Berlin);
    let mut stored: Vec<(String, Json)> = serde_json::to_value(&consent).unwrap()["set"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), Json(v.clone())))
        .collect();
    stored.push((
        "team".into(),
        Json(json!({"v": 1, "code": "x", "mapping": {}, "given": {}})),
    ));
    stored.push(("team:key".into(), Json(json!("c2VjcmV0"))));
    let mut loaded = Tracker::load(stored, at);
    assert!(
        loaded.problems().is_empty(),
        "{:?}",
        loaded.problems().len()
    );
    assert!(loaded.set_aside().is_empty());
    let changes = loaded.forget_everything(at).unwrap();
    let removed = serde_json::to_value(&changes).unwrap()["remove"].clone();
    let removed: Vec<&str> = removed
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(removed.contains(&"team"), "{removed:?}");
    assert!(removed.contains(&"team:key"), "{removed:?}");
}
