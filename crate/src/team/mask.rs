//! Keys and masks. A member's secret is 32 random bytes, an X25519
//! [`StaticSecret`]; for members i and j, s_ij = X25519(secret_i, pub_j),
//! and their mask for a week is HKDF-SHA256 (salt = team id, ikm = s_ij,
//! info = `fairtime team mask 1` ++ year u16 BE ++ week u8) read as u32
//! LE values. The member whose public key sorts lower adds it, the other
//! subtracts it (mod 2^32), so the masks cancel in the sum of all codes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use x25519_dalek::PublicKey;
pub use x25519_dalek::StaticSecret;

use super::week::Week;
use super::TeamError;

/// A public key's bytes.
pub type Key = [u8; 32];

const MASK_INFO: &[u8] = b"fairtime team mask 1";

/// The secret made of 32 random bytes.
pub fn secret_from_random(random: [u8; 32]) -> StaticSecret {
    StaticSecret::from(random)
}

/// The secret as stored (`team:key`): base64url without padding.
pub fn secret_text(secret: &StaticSecret) -> String {
    URL_SAFE_NO_PAD.encode(secret.to_bytes())
}

/// Reads a stored secret.
pub fn read_secret(text: &str) -> Result<StaticSecret, TeamError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim())
        .map_err(|_| TeamError::Secret)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| TeamError::Secret)?;
    Ok(StaticSecret::from(bytes))
}

pub fn public_key(secret: &StaticSecret) -> Key {
    PublicKey::from(secret).to_bytes()
}

/// The first 8 bytes of SHA-256 of `key`, as `a1b2 c3d4 e5f6 0718`: what
/// two members read to each other to check a roster.
pub fn fingerprint(key: &Key) -> String {
    let digest = Sha256::digest(key);
    let digits = super::hex(&digest[..8]);
    let mut out = String::with_capacity(19);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Whether `key` is a usable public key: not one of the few points of
/// small order, with which every shared secret is the same (all zeros).
pub fn usable(key: &Key) -> bool {
    StaticSecret::from([1; 32])
        .diffie_hellman(&PublicKey::from(*key))
        .was_contributory()
}

/// The mask `secret`'s owner shares with the owner of `theirs` for `week`
/// of team `team_id`: `n` values. `None` if their key is weak (the shared
/// secret is not contributory).
pub fn pair_mask(
    secret: &StaticSecret,
    theirs: &Key,
    team_id: &[u8; 16],
    week: Week,
    n: usize,
) -> Option<Vec<u32>> {
    let shared = secret.diffie_hellman(&PublicKey::from(*theirs));
    if !shared.was_contributory() {
        return None;
    }
    let mut info = MASK_INFO.to_vec();
    info.extend_from_slice(&week.year().to_be_bytes());
    info.push(week.number());
    let mut okm = vec![0u8; 4 * n];
    Hkdf::<Sha256>::new(Some(team_id), shared.as_bytes())
        .expand(&info, &mut okm)
        .ok()?;
    Some(
        okm.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

/// `values` masked by the owner of `secret` against every other key of
/// `roster` (their own key is skipped). `Err(i)` names the roster place
/// of a weak key.
pub fn masked(
    values: &[u32],
    secret: &StaticSecret,
    roster: &[Key],
    team_id: &[u8; 16],
    week: Week,
) -> Result<Vec<u32>, usize> {
    let mine = public_key(secret);
    let mut out = values.to_vec();
    for (i, theirs) in roster.iter().enumerate() {
        if *theirs == mine {
            continue;
        }
        let mask = pair_mask(secret, theirs, team_id, week, values.len()).ok_or(i)?;
        let add = theirs > &mine;
        for (y, m) in out.iter_mut().zip(mask) {
            *y = if add {
                y.wrapping_add(m)
            } else {
                y.wrapping_sub(m)
            };
        }
    }
    Ok(out)
}

/// The sum of `codes`' values, category by category, mod 2^32.
pub fn sum(codes: &[Vec<u32>], n: usize) -> Vec<u32> {
    let mut out = vec![0u32; n];
    for values in codes {
        for (total, v) in out.iter_mut().zip(values) {
            *total = total.wrapping_add(*v);
        }
    }
    out
}
