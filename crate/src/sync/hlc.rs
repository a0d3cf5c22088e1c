//! A hybrid logical clock: stamps that order edits across devices whose
//! clocks disagree.
//!
//! A [`Stamp`] is `(ms, counter, device)`, compared in that order, so any
//! two stamps are ordered and two devices never make the same one. A device
//! keeps its clock (the greatest stamp it made or accepted) and
//! - [`tick`]s on a local edit: the new stamp is above the clock and above
//!   the stamp of the value it replaces, using the wall clock when that is
//!   ahead and the counter otherwise;
//! - [`observe`]s every stamp it receives.
//!
//! So an edit made after seeing another device's edit always wins over it,
//! however far behind this device's wall clock is; concurrent edits are
//! ordered by wall clock, near enough, then by device.
//!
//! A broken device may send a stamp far in the future. Its value is merged
//! by the same order as any other (every device decides alike), but a stamp
//! more than [`MAX_AHEAD`] ahead of this device's wall clock does not move
//! this device's clock: one bad stamp does not drag every later stamp of
//! every device years ahead. An edit of that same item here still wins over
//! it, since a local edit is stamped above the value it replaces.

use crate::time::{Millis, HOUR};

/// How far ahead of the wall clock a received stamp may pull the clock.
pub const MAX_AHEAD: Millis = 24 * HOUR;
/// The greatest `ms` a stamp may have: JavaScript's exact integers.
pub const MAX_MS: Millis = (1 << 53) - 1;

/// A point in the order of edits; `Stamp::default()` is before every edit
/// (a value nobody edited, such as a default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Stamp {
    pub ms: Millis,
    pub n: u32,
    pub device: u64,
}

/// A device id as the stamps carry it: the 16 hex digits the extension
/// makes, or, for any other text, its 64-bit FNV-1a hash.
pub fn device_id(text: &str) -> u64 {
    match number(text, 16) {
        Some(id) if text.len() <= 16 => id,
        _ => text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        }),
    }
}

/// Digits in `radix` (either case), without sign; `None` when empty, not
/// digits, or over `u64`. One parser for all of sync's numbers keeps the
/// .wasm small.
pub(crate) fn number(text: &str, radix: u32) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.chars().try_fold(0u64, |n, c| {
        n.checked_mul(u64::from(radix))?
            .checked_add(u64::from(c.to_digit(radix)?))
    })
}

/// The stamp of a local edit at wall time `now` by `device`, replacing a
/// value stamped `over`: above both `clock` and `over`. Advances `clock`
/// unless `over` is more than [`MAX_AHEAD`] ahead of `now`.
pub fn tick(clock: &mut Stamp, now: Millis, device: u64, over: Stamp) -> Stamp {
    let floor = (*clock).max(over);
    let now = now.clamp(0, MAX_MS);
    let next = if now > floor.ms {
        Stamp {
            ms: now,
            n: 0,
            device,
        }
    } else if floor.n == u32::MAX {
        Stamp {
            ms: floor.ms + 1,
            n: 0,
            device,
        }
    } else {
        Stamp {
            ms: floor.ms,
            n: floor.n + 1,
            device,
        }
    };
    observe(clock, next, now);
    next
}

/// Takes a received stamp into `clock` at wall time `now` (see the module
/// doc for stamps far ahead).
pub fn observe(clock: &mut Stamp, seen: Stamp, now: Millis) {
    if seen.ms <= now.saturating_add(MAX_AHEAD) && seen > *clock {
        *clock = seen;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_ids_are_hex_or_hashed() {
        assert_eq!(device_id("00000000000000ff"), 255);
        assert_eq!(device_id("a1b2c3d4e5f60718"), 0xa1b2_c3d4_e5f6_0718);
        assert_ne!(device_id("laptop"), device_id("desktop"));
        assert_ne!(device_id("+f"), 15);
    }

    #[test]
    fn ticks_use_the_wall_clock_or_the_counter() {
        let mut clock = Stamp::default();
        let a = tick(&mut clock, 1000, 1, Stamp::default());
        assert_eq!(
            a,
            Stamp {
                ms: 1000,
                n: 0,
                device: 1
            }
        );
        let b = tick(&mut clock, 900, 1, Stamp::default());
        assert_eq!(
            b,
            Stamp {
                ms: 1000,
                n: 1,
                device: 1
            }
        );
        assert_eq!(clock, b);
    }
}
