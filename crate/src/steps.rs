//! A count of the steps schedule computations take (zone queries, days and
//! intervals walked, windows searched), so that tests and fuzz targets can
//! hold them to a bound. Counted only in tests and with the `steps`
//! feature; the shipped wasm has [`step`] as an empty function.

#[cfg(any(test, feature = "steps"))]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// One step of a schedule computation.
#[inline(always)]
pub(crate) fn step() {
    #[cfg(any(test, feature = "steps"))]
    STEPS.with(|n| n.set(n.get().saturating_add(1)));
}

/// Runs `f` and counts the steps it took on this thread.
#[cfg(any(test, feature = "steps"))]
pub fn count<R>(f: impl FnOnce() -> R) -> (R, u64) {
    let before = STEPS.with(std::cell::Cell::get);
    let out = f();
    (out, STEPS.with(std::cell::Cell::get) - before)
}
