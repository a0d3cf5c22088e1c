// Hostile input (issue 13), timed through the shipped core under Node as the
// worker meets it (extension/full.js: the file's text parsed, then the
// core's preview): each is refused or read at once. Prints one JSON object
// of milliseconds (the median of RUNS); `./build.sh bench` puts it in the
// table (tests/bench/report.js). tests/e2e/hostile.test.js drives the same
// inputs through the options page.
import { loadCore } from '../node/load-core.js';

const RUNS = Number(process.env.BENCH_HOSTILE_RUNS ?? 7);
const full = await loadCore();
const wake = await loadCore('en', { wake: true });
const now = Date.now();
const DAY = 86_400_000;

/** `YYYY-MM-DD` of the local day `back` days before now. */
export function dateBack(back, from = now) {
  const d = new Date(from);
  d.setDate(d.getDate() - back);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Median milliseconds of `f`, which must throw when `refused`, else return. */
function timed(what, f, refused) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    let error = null;
    try {
      f();
    } catch (e) {
      error = e;
    }
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (refused !== (error !== null)) throw new Error(`${what}: ${error ? `refused: ${error.message}` : 'accepted'}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

/** A tracker from `stored` as a worker loads it: the state, then every day. */
function loaded(core, stored) {
  const tracker = core.Tracker.waking();
  const pick = (keys) => Object.fromEntries(keys.filter((k) => k in stored).map((k) => [k, stored[k]]));
  for (let keys = tracker.wakeKeys(now); keys.length > 0; keys = tracker.wakeKeys(now)) tracker.read(pick(keys), now);
  return tracker;
}

/** Ten years of days (6 categories of 8 sites each), stored as the core stores them. */
export function tenYears(core) {
  const tracker = new core.Tracker(undefined, now - 3660 * DAY);
  const stored = { ...tracker.giveConsent(now - 3660 * DAY).set };
  const settings = { ...tracker.settings(), retention_days: 3660 };
  Object.assign(stored, tracker.setSettings(settings, now - 3660 * DAY).set);
  const categories = ['work', 'communication', 'research', 'development', 'social', 'news'];
  for (let back = 1; back <= 3650; back++) {
    const day = { ms: 0, categories: {} };
    categories.forEach((category, c) => {
      const domains = {};
      let ms = 0;
      for (let s = 0; s < 8; s++) {
        const spent = 60_000 * (1 + ((back * 7 + c * 13 + s * 29) % 9));
        domains[`${category}-site${s}.example.com`] = spent;
        ms += spent;
      }
      day.categories[category] = { ms, domains };
      day.ms += ms;
    });
    stored[`day:${dateBack(back)}`] = { v: 1, d: day };
  }
  return stored;
}

/** The export of ten years of days, as the options page saves it. */
export function tenYearExport(core) {
  const tracker = new core.Tracker(tenYears(core), now);
  // Sync turned on once gives the export the device and totals a merge reads.
  tracker.setSync({ on: true, domains: true, ownHours: false, name: '' }, '0123456789abcdef', 'Another browser', now);
  const text = `${JSON.stringify(tracker.exportDocument(now), null, 2)}\n`;
  tracker.free();
  return text;
}

/** What the worker does with a file's text (extension/full.js). */
const parse = (text) => JSON.parse(text);

const DEEP = 100_000;
const deepFile = `{"format":"fairtime-export","version":2,"settings":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`;

/** A rules file of 100,000 rules: the default categories, each rule naming one. */
export function rulesFile(count, core = full) {
  const book = new core.Tracker(undefined, now).rules();
  const rules = Array.from({ length: count }, (_, i) => ({ pattern: `site${i}.example.com`, category: 'work' }));
  return JSON.stringify({ format: 'fairtime-export', version: 2, rules: { categories: book.categories, rules } });
}

/** Every key the core reads holding a value of the wrong type. */
export function wrongTypes() {
  return {
    settings: 42,
    rules: 'my rules',
    cursor: [1, 2, 3],
    datalog: true,
    index: { v: 1, d: 'not an index' },
    sync: 7,
    [`day:${dateBack(0)}`]: 'three hours',
    [`day:${dateBack(1)}`]: { v: 1, d: [] },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // A fixed zone: the same days wherever the benchmark runs.
  process.env.TZ = 'Europe/Berlin';
  const fresh = new full.Tracker(undefined, now);
  fresh.giveConsent(now);
  const exported = tenYearExport(full);
  const rules = rulesFile(100_000);
  const url = `https://${'a'.repeat(100_000 - 13)}.com/`;
  const stored = wrongTypes();
  const results = {
    deep: timed('100,000-deep import', () => fresh.previewImport(parse(deepFile)), true),
    deepMerge: timed('100,000-deep merge', () => fresh.previewMerge(parse(deepFile)), true),
    tenYearsBytes: Buffer.byteLength(exported),
    tenYearsImport: timed('10-year import', () => fresh.previewImport(parse(exported)), false),
    tenYearsMerge: timed('10-year merge', () => fresh.previewMerge(parse(exported)), false),
    rules: timed('100,000 rules', () => fresh.previewImport(parse(rules)), true),
    longUrl: timed('100,000-character address', () => fresh.explain(url), true),
    wrongTypes: timed('a wake-up with values of the wrong type', () => {
      const tracker = loaded(wake, stored);
      const problems = tracker.problems().length;
      tracker.free();
      if (problems !== Object.keys(stored).length) throw new Error(`${problems} set aside`);
    }, false),
  };
  console.log(JSON.stringify(results));
}
