//! What the team tests share: a seeded random source (tests must not
//! flake), teams of any size, and a chi-square check of uniformity.
#![allow(dead_code)] // each test file uses its own part

use fairtime::team::mask::StaticSecret;
use fairtime::team::mask::{self, Key};
use fairtime::team::member::{Membership, Stored};
use fairtime::team::roster::{Member, NewTeam, Team, TeamCategory};
use fairtime::team::week::Week;

/// SplitMix64 (not `Rng`: proptest has one): small, seeded, good enough to draw test data.
pub struct Seeded(pub u64);

impl Seeded {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn u32(&mut self) -> u32 {
        (self.next() >> 32) as u32
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        for chunk in out.chunks_mut(8) {
            let r = self.next().to_le_bytes();
            chunk.copy_from_slice(&r[..chunk.len()]);
        }
        out
    }
}

pub fn secrets(rng: &mut Seeded, n: usize) -> Vec<StaticSecret> {
    (0..n)
        .map(|_| mask::secret_from_random(rng.bytes()))
        .collect()
}

pub fn keys(secrets: &[StaticSecret]) -> Vec<Key> {
    secrets.iter().map(mask::public_key).collect()
}

pub fn week(text: &str) -> Week {
    Week::parse(text).unwrap()
}

/// The team categories of the tests: three, and Other.
pub fn categories() -> Vec<TeamCategory> {
    vec![
        TeamCategory::new("work", "Work tools", "#2563eb").unwrap(),
        TeamCategory::new("communication", "Communication", "#0891b2").unwrap(),
        TeamCategory::new("development", "Development", "#16a34a").unwrap(),
    ]
}

/// A team of `secrets`' owners (named `member 1`…), first week 2026-W40.
pub fn team_of(secrets: &[StaticSecret], nonce: [u8; 16]) -> Team {
    let joins: Vec<String> = secrets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Member {
                key: mask::public_key(s),
                name: format!("member {}", i + 1),
            }
            .join_code()
        })
        .collect();
    let joins: Vec<&str> = joins.iter().map(String::as_str).collect();
    Team::form(NewTeam {
        name: "Platform team",
        first_week: week("2026-W40"),
        categories: categories(),
        joins: &joins,
        nonce,
    })
    .unwrap()
}

/// A new membership of `team` mapping nothing (ids map to themselves).
pub fn membership(team: &Team) -> Membership {
    let stored: Stored = Membership::new_state(&team.code(), Default::default()).unwrap();
    Membership::read(&stored).unwrap()
}

/// Pearson's chi-square statistic of `counts` against a uniform spread.
pub fn chi_square(counts: &[u64]) -> f64 {
    let total: u64 = counts.iter().sum();
    let expected = total as f64 / counts.len() as f64;
    counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum()
}

/// The values' top 4 bits counted in 16 buckets.
pub fn buckets(values: impl IntoIterator<Item = u32>) -> Vec<u64> {
    let mut counts = vec![0u64; 16];
    for v in values {
        counts[(v >> 28) as usize] += 1;
    }
    counts
}

/// The chi-square value that a uniform spread over 16 buckets (15 degrees
/// of freedom) exceeds with probability 0.001.
pub const CHI_SQUARE_15_P001: f64 = 37.70;
