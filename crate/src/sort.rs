//! Stable sorting for the short lists the core sorts (categories, a day's
//! domains, excluded domains).
//!
//! The standard library's stable sort is instantiated for every element
//! type and costs about 3 KB of wasm each time; this binary insertion sort
//! costs a few hundred bytes and is fast for lists of a few hundred items.

use std::cmp::Ordering;

/// Sorts `v` by `compare`, keeping equal elements in their order, like
/// `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        // The first place in the sorted prefix whose element is greater.
        let (mut lo, mut hi) = (0, i);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if compare(&v[mid], &v[i]) == Ordering::Greater {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        // Swaps, not `rotate_right`: that one costs 2 KB of wasm per type.
        for j in (lo..i).rev() {
            v.swap(j, j + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(v in prop::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            let mut std = v;
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }
    }
}
