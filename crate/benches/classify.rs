//! Classifying a host costs one hash lookup per label, whatever the number of
//! rules: hits and misses, short and long hosts, among 10,000 generated rules
//! and among the default pack.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use fairtime::rules::RuleBook;

fn generated_book(rules: usize) -> RuleBook {
    let mut book = RuleBook::empty();
    for name in ["Alpha", "Beta", "Gamma"] {
        book.add_category(name, "#336699", true).unwrap();
    }
    let categories = ["alpha", "beta", "gamma"];
    for i in 0..rules {
        let prefix = ["", "*.", "="][i % 3];
        let domain = if i % 2 == 0 {
            format!("site{i}.com")
        } else {
            format!("app{i}.team{}.example.org", i % 97)
        };
        book.add_rule(&format!("{prefix}{domain}"), categories[i % 3])
            .unwrap();
    }
    book
}

fn bench(c: &mut Criterion, group: &str, book: &RuleBook, hosts: &[(&str, &str, bool)]) {
    let mut group = c.benchmark_group(group);
    for &(name, host, hit) in hosts {
        assert_eq!(book.matching_rule(host).is_some(), hit, "{host}");
        group.bench_function(name, |b| b.iter(|| book.classify(black_box(host))));
    }
    group.finish();
}

fn classify(c: &mut Criterion) {
    let book = generated_book(10_000);
    bench(
        c,
        "10k rules",
        &book,
        &[
            ("hit short", "site42.com", true),
            ("hit long", "a.b.c.d.e.f.site42.com", true),
            ("hit wildcard long", "x.y.z.app43.team43.example.org", true),
            ("miss short", "nothing.com", false),
            (
                "miss long",
                "a.very.long.host.name.with.many.labels.nothing.example.net",
                false,
            ),
        ],
    );
    let defaults = RuleBook::with_defaults();
    bench(
        c,
        "default pack",
        &defaults,
        &[
            ("hit exact host", "docs.google.com", true),
            ("hit subdomain", "en.m.wikipedia.org", true),
            ("hit wildcard", "acme.atlassian.net", true),
            ("miss short", "docs.example", false),
            ("miss long", "a.b.c.d.e.f.g.h.example.net", false),
        ],
    );
}

criterion_group!(benches, classify);
criterion_main!(benches);
