//! The core's host parsing and Public Suffix lookup against the crates they
//! replace (`crate/tests/oracle`): the same answer as the URL standard
//! (`url`, UTS 46 by `idna`) or a documented reason, the registrable domain
//! of `publicsuffix` with the same list, and display forms that read back.
#![no_main]

use fairtime_fuzz::oracle::{check_typed, check_url};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for url in [format!("https://{text}/"), format!("http://{text}")] {
        if let Err(why) = check_url(&url) {
            panic!("{why}");
        }
    }
    if let Err(why) = check_typed(text) {
        panic!("{why}");
    }
});
