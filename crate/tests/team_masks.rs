//! Pairwise masking (issue 14): the masks cancel in the sum of every
//! member's code, and nothing less than all codes tells anything about
//! the data: a strict subset's sum is the plain sum plus a term that does
//! not depend on the data and is uniform, and single codes are uniform.

mod team_support;

use fairtime::team::mask::{self, Key, StaticSecret};
use fairtime::team::week::Week;
use proptest::prelude::*;
use team_support::*;

/// Every member's masked values.
fn codes(
    secrets: &[StaticSecret],
    values: &[Vec<u32>],
    team_id: &[u8; 16],
    week: Week,
) -> Vec<Vec<u32>> {
    let roster = keys(secrets);
    secrets
        .iter()
        .zip(values)
        .map(|(s, x)| mask::masked(x, s, &roster, team_id, week).unwrap())
        .collect()
}

fn sum_of(rows: &[Vec<u32>], width: usize) -> Vec<u32> {
    mask::sum(rows, width)
}

fn random_values(rng: &mut Seeded, n: usize, width: usize) -> Vec<Vec<u32>> {
    (0..n)
        .map(|_| (0..width).map(|_| rng.u32()).collect())
        .collect()
}

#[test]
fn masks_cancel_for_every_roster_size_from_5_to_50() {
    let mut rng = Seeded(14);
    let week = week("2026-W48");
    for n in 5..=50 {
        let secrets = secrets(&mut rng, n);
        let team_id = rng.bytes();
        let width = 1 + rng.below(13) as usize;
        let values = random_values(&mut rng, n, width);
        let codes = codes(&secrets, &values, &team_id, week);
        assert_eq!(
            sum_of(&codes, width),
            sum_of(&values, width),
            "roster of {n}"
        );
        // And the masks did something: no code is its plain values.
        assert!(
            codes.iter().zip(&values).all(|(y, x)| y != x),
            "roster of {n}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn masks_cancel_for_any_keys_and_minutes(
        n in 5usize..=50,
        seeds in proptest::collection::vec(any::<[u8; 32]>(), 50),
        team_id in any::<[u8; 16]>(),
        minutes in proptest::collection::vec(proptest::collection::vec(any::<u32>(), 13), 50),
        width in 1usize..=13,
        year in 2000u16..2100,
        number in 1u8..=52,
    ) {
        let secrets: Vec<StaticSecret> = seeds[..n].iter().map(|s| mask::secret_from_random(*s)).collect();
        prop_assume!(keys(&secrets).iter().enumerate().all(|(i, k)| !keys(&secrets)[..i].contains(k)));
        let values: Vec<Vec<u32>> = minutes[..n].iter().map(|m| m[..width].to_vec()).collect();
        let week = Week::new(year, number).unwrap();
        let codes = codes(&secrets, &values, &team_id, week);
        prop_assert_eq!(sum_of(&codes, width), sum_of(&values, width));
    }
}

/// For a subset of members, the masked sum minus the plain sum: the masks
/// shared with members outside the subset.
fn cross_term(codes: &[Vec<u32>], values: &[Vec<u32>], subset: &[usize], width: usize) -> Vec<u32> {
    let picked =
        |rows: &[Vec<u32>]| -> Vec<Vec<u32>> { subset.iter().map(|&i| rows[i].clone()).collect() };
    let masked = sum_of(&picked(codes), width);
    let plain = sum_of(&picked(values), width);
    masked
        .iter()
        .zip(plain)
        .map(|(m, p)| m.wrapping_sub(p))
        .collect()
}

#[test]
fn a_strict_subset_of_codes_sums_to_a_value_that_does_not_depend_on_the_data() {
    let mut rng = Seeded(2017);
    let week = week("2026-W48");
    let width = 9;
    for n in [5, 6, 11, 23] {
        let secrets = secrets(&mut rng, n);
        let team_id = rng.bytes();
        let a = random_values(&mut rng, n, width);
        let b = random_values(&mut rng, n, width);
        let codes_a = codes(&secrets, &a, &team_id, week);
        let codes_b = codes(&secrets, &b, &team_id, week);
        // Every subset of the five, and random ones of the larger rosters.
        let subsets: Vec<Vec<usize>> = if n == 5 {
            (1u32..31)
                .map(|bits| (0..5).filter(|i| bits & (1 << i) != 0).collect())
                .collect()
        } else {
            (0..40)
                .map(|_| {
                    let left_out = rng.below(n as u64) as usize;
                    (0..n)
                        .filter(|&i| i != left_out && rng.below(2) == 0)
                        .collect()
                })
                .collect()
        };
        for subset in subsets.iter().filter(|s| !s.is_empty()) {
            let term = cross_term(&codes_a, &a, subset, width);
            // The same whatever the data: what the subset's sum reveals
            // beyond the plain sum is masks alone.
            assert_eq!(
                term,
                cross_term(&codes_b, &b, subset, width),
                "{subset:?} of {n}"
            );
            // And it hides the plain sum: not zero.
            assert!(term.iter().all(|&t| t != 0), "{subset:?} of {n}");
        }
        // All codes: the term vanishes.
        let everyone: Vec<usize> = (0..n).collect();
        assert!(cross_term(&codes_a, &a, &everyone, width)
            .iter()
            .all(|&t| t == 0));
    }
}

#[test]
fn the_cross_term_of_all_but_one_code_is_uniform_over_random_keys() {
    // What a collector missing one code learns is the plain sum of the
    // others plus this term: uniform, so it says nothing.
    let mut rng = Seeded(5);
    let week = week("2026-W48");
    let (n, width) = (5, 13);
    let mut terms = Vec::new();
    for _ in 0..160 {
        let secrets = secrets(&mut rng, n);
        let team_id = rng.bytes();
        let values = random_values(&mut rng, n, width);
        let codes = codes(&secrets, &values, &team_id, week);
        let subset: Vec<usize> = (1..n).collect();
        terms.extend(cross_term(&codes, &values, &subset, width));
    }
    let chi = chi_square(&buckets(terms));
    assert!(chi < CHI_SQUARE_15_P001, "chi-square {chi}");
}

/// One member's contribution codes over many weeks.
fn one_members_codes(plain: &[u32], weeks: usize) -> Vec<u32> {
    let mut rng = Seeded(48);
    let secrets = secrets(&mut rng, 5);
    let roster: Vec<Key> = keys(&secrets);
    let team_id = rng.bytes();
    let mut week = week("2026-W48");
    let mut out = Vec::new();
    for _ in 0..weeks {
        out.extend(mask::masked(plain, &secrets[0], &roster, &team_id, week).unwrap());
        week = week.previous();
    }
    out
}

#[test]
fn single_codes_are_uniform_and_the_test_tells_plain_numbers_apart() {
    // A realistic week: most minutes in two categories, nothing elsewhere.
    let plain = [1200, 480, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 90];
    let masked = one_members_codes(&plain, 1500);
    let chi = chi_square(&buckets(masked.iter().copied()));
    assert!(chi < CHI_SQUARE_15_P001, "masked codes: chi-square {chi}");
    // The same test refuses unmasked values: it can fail.
    let unmasked: Vec<u32> = plain.iter().copied().cycle().take(masked.len()).collect();
    let chi = chi_square(&buckets(unmasked));
    assert!(
        chi > CHI_SQUARE_15_P001 * 100.0,
        "unmasked: chi-square {chi}"
    );
    // Nor is a code masked with one key only the plain value in disguise
    // within the low bits: the lowest 4 bits are spread as well.
    let low = chi_square(&buckets(masked.iter().map(|v| v << 28)));
    assert!(low < CHI_SQUARE_15_P001, "low bits: chi-square {low}");
}

#[test]
fn a_weak_public_key_is_refused_not_masked_with_zeros() {
    let mut rng = Seeded(1);
    let secrets = secrets(&mut rng, 4);
    let mut roster = keys(&secrets);
    roster.push([0; 32]); // the identity point: every shared secret is 0
    let err = mask::masked(&[60, 30], &secrets[0], &roster, &[7; 16], week("2026-W48"));
    assert_eq!(err, Err(4));
}
