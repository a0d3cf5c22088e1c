//! A wake-up's schedule computations stay within a fixed number of steps,
//! whatever the schedule (crate/tests/schedule_steps_fuzz_body.rs).
#![no_main]
include!("../../tests/schedule_steps_fuzz_body.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| schedule_steps(data));
