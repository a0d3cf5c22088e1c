//! The tab URL → host normalizer, and hosts, rules and sites as typed:
//! never a panic; an accepted host is already normal and reads back from
//! every form it is shown in.
#![no_main]

use fairtime::domain::{host_of_url, unicode_labels, Host};
use fairtime::rules::Pattern;
use fairtime::site_field::{self, Field};
use fairtime_fuzz::oracle::round_trip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut hosts = Vec::new();
    hosts.extend(host_of_url(text).ok());
    hosts.extend(host_of_url(&format!("https://{text}")).ok());
    hosts.extend(Host::parse(text).ok());
    for field in [Field::Rule, Field::Exclusion, Field::Test] {
        if let Ok(typed) = site_field::read(text, field) {
            // A rule's stored form reads back as the same rule.
            let stored = typed.to_string();
            let again = site_field::read(&site_field::display(&stored), field);
            assert_eq!(again.as_ref(), Ok(&typed), "{stored:?}");
            hosts.push(typed.host);
        }
    }
    if let Ok(pattern) = Pattern::parse(text) {
        let _ = pattern.matches(text);
        let _ = pattern.display();
    }
    let _ = unicode_labels(text);
    for host in hosts {
        if let Err(why) = round_trip(&host) {
            panic!("{why}");
        }
        let _ = (host.site(), host.labels().count(), host.suffixes().count());
    }
});
