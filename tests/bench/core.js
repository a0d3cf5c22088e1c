// The shipped core (target/web, as in dist/*/core) under Node: how long classifying a
// host takes through the core's API among 10,000 rules, and how many
// storage writes an hour of counting makes. Prints one JSON object; run by
// `./build.sh bench` (tests/bench/report.js puts it in the table).
import { loadCore } from '../node/load-core.js';

// The default schedule's working hours are local: a fixed zone keeps the
// simulated hour inside them wherever the benchmark runs.
process.env.TZ = 'Europe/Berlin';

const core = await loadCore();
const ROUNDS = Number(process.env.BENCH_CLASSIFY_ROUNDS ?? 20_000);

/** The 10,000 generated rules of crate/benches/classify.rs, as stored. */
function generatedRules(count) {
  const categories = ['alpha', 'beta', 'gamma'].map((id) => ({
    id, name: id[0].toUpperCase() + id.slice(1), colour: '#336699', work: true,
  }));
  const rules = [];
  for (let i = 0; i < count; i++) {
    const prefix = ['', '*.', '='][i % 3];
    const domain = i % 2 === 0 ? `site${i}.com` : `app${i}.team${i % 97}.example.org`;
    rules.push({ pattern: `${prefix}${domain}`, category: categories[i % 3].id });
  }
  return { v: 1, d: { categories, rules } };
}

/** The hosts of crate/benches/classify.rs, and whether a rule matches each. */
const GENERATED_HOSTS = [
  ['hit short', 'site42.com', true],
  ['hit long', 'a.b.c.d.e.f.site42.com', true],
  ['hit wildcard long', 'x.y.z.app43.team43.example.org', true],
  ['miss short', 'nothing.com', false],
  ['miss long', 'a.very.long.host.name.with.many.labels.nothing.example.net', false],
];
const DEFAULT_HOSTS = [
  ['hit exact host', 'docs.google.com', true],
  ['hit subdomain', 'en.m.wikipedia.org', true],
  ['hit wildcard', 'acme.atlassian.net', true],
  ['miss short', 'docs.example', false],
  ['miss long', 'a.b.c.d.e.f.g.h.example.net', false],
];

/**
 * Nanoseconds per `explain(host)`, the export that classifies a host (it
 * also words the sentence and builds the answer object): the median of 7
 * timed batches of ROUNDS calls, per host.
 */
function classify(tracker, hosts) {
  const perHost = {};
  for (const [name, host, hit] of hosts) {
    const first = tracker.explain(host);
    if ((first.rule !== undefined && first.rule !== null) !== hit) {
      throw new Error(`${host}: expected ${hit ? 'a' : 'no'} rule, got ${JSON.stringify(first)}`);
    }
    for (let i = 0; i < ROUNDS / 4; i++) tracker.explain(host); // warm-up
    const batches = [];
    for (let b = 0; b < 7; b++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < ROUNDS; i++) tracker.explain(host);
      batches.push(Number(process.hrtime.bigint() - start) / ROUNDS);
    }
    batches.sort((a, b) => a - b);
    perHost[name] = batches[3];
  }
  const values = Object.values(perHost);
  return {
    rules: tracker.rules().rules.length,
    perHost,
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    worst: Math.max(...values),
  };
}

/** The benchmark's 20 sites (crate/tests/budgets.rs). */
const SITES = ['docs.google.com', 'www.notion.so', 'trello.com', 'www.figma.com', 'mail.google.com',
  'app.slack.com', 'teams.microsoft.com', 'meet.google.com', 'www.google.com', 'en.wikipedia.org',
  'stackoverflow.com', 'developer.mozilla.org', 'github.com', 'gitlab.com', 'crates.io',
  'www.npmjs.com', 'www.linkedin.com', 'www.reddit.com', 'www.bbc.com', 'www.nytimes.com'];

/**
 * An hour of counting, 10:00-11:00 on a working Wednesday: the 30-second
 * heartbeat and a switch to another site every 3 minutes, each input's
 * changes written as background.js's write() does (one storage.local.set
 * when something is set, one remove when something is removed).
 */
function writesPerHour() {
  const local = (h, m, s = 0) => new Date(2026, 5, 10, h, m, s).getTime();
  const tracker = new core.Tracker(undefined, local(9, 50));
  tracker.giveConsent(local(9, 50));
  let writes = 0;
  let inputs = 0;
  const feed = (input) => {
    const { set, remove } = tracker.input(input);
    inputs += 1;
    if (Object.keys(set).length > 0) writes += 1;
    if (remove.length > 0) writes += 1;
  };
  feed({ type: 'startup', at: local(9, 55) });
  feed({ type: 'focus', at: local(9, 55), url: `https://${SITES[0]}/` });
  writes = 0;
  inputs = 0;
  for (let s = 30; s <= 3600; s += 30) {
    const at = local(10, 0, s);
    if (s % 180 === 0) feed({ type: 'focus', at, url: `https://${SITES[(s / 180) % SITES.length]}/` });
    else feed({ type: 'heartbeat', at });
  }
  return { writes, inputs };
}

const book = new core.Tracker({ rules: generatedRules(10_000) }, Date.now());
if (book.problems().length > 0) throw new Error(JSON.stringify(book.problems()));
const defaults = new core.Tracker(undefined, Date.now());
console.log(JSON.stringify({
  classify10k: classify(book, GENERATED_HOSTS),
  classifyDefaults: classify(defaults, DEFAULT_HOSTS),
  writesPerHour: writesPerHour(),
}));
