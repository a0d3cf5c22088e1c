// The one benchmark table: gathers what `./build.sh bench` measured (sizes,
// criterion's estimates, the core under Node, Chromium, the stored day's
// bytes), prints the table, writes docs/bench-results.json and puts the
// table at the top of docs/BENCHMARKS.md, each figure with its ratio to
// the previous results.json.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const root = new URL('../../', import.meta.url);
const at = (path) => new URL(path, root);
const RESULTS = 'docs/bench-results.json';
const DOC = 'docs/BENCHMARKS.md';
const BEGIN = '<!-- bench:latest (written by ./build.sh bench) -->';
const END = '<!-- /bench:latest -->';

const json = (path) => JSON.parse(readFileSync(at(path), 'utf8'));
const started = statSync(at('target/bench/started')).mtimeMs;

/** Criterion's median estimate in ns, if this run measured it. */
function criterion(group, bench) {
  const path = `target/criterion/${group}/${bench}/new/estimates.json`;
  if (statSync(at(path), { throwIfNoEntry: false })?.mtimeMs < started) return null;
  return json(path).median.point_estimate;
}

const KIB = 1024;
const figures = [];
/** One row: `id` stays the same across runs, so ratios find their previous figure. */
const add = (id, label, value, unit, target = '') => {
  if (value !== null && value !== undefined && Number.isFinite(value)) figures.push({ id, label, value, unit, target });
};

// Sizes.
// The module a wake-up loads keeps its ids; the options page's and the
// team pages' have their own.
for (const [id, file, what, budget] of [
  ['wasm', 'fairtime_bg.wasm', 'wake-up', `≤ ${(112 * KIB).toLocaleString('en')} (112 KiB, ./build.sh test)`],
  ['wasm.full', 'fairtime_full_bg.wasm', "options page's", `≤ ${(140 * KIB).toLocaleString('en')} (140 KiB, ./build.sh test)`],
  ['wasm.team', 'fairtime_team_bg.wasm', "team pages'", `≤ ${(71 * KIB).toLocaleString('en')} (71 KiB, ./build.sh test)`],
]) {
  const wasm = at(`target/web/${file}`);
  add(`${id}.raw`, `.wasm, ${what} module (${file}), raw`, statSync(wasm).size, 'bytes');
  add(`${id}.gzip`, `.wasm, ${what} module (${file}), gzip -9`, execFileSync('gzip', ['-9c', wasm.pathname]).length, 'bytes', budget);
}
for (const zip of readdirSync(at('dist')).filter((f) => f.endsWith('.zip')).sort()) {
  const browser = /fairtime-([a-z]+)-/.exec(zip)?.[1] ?? zip;
  add(`zip.${browser}`, `store zip, ${browser} (${zip})`, statSync(at(`dist/${zip}`)).size, 'bytes');
}

// Classification and the ledger, natively (criterion).
const HOSTS = ['hit short', 'hit long', 'hit wildcard long', 'miss short', 'miss long'];
const native = HOSTS.map((h) => criterion('10k rules', h)).filter((v) => v !== null);
if (native.length === HOSTS.length) {
  add('classify.native.mean', 'classify a host among 10,000 rules, native (mean of 5 hosts)',
    native.reduce((a, b) => a + b, 0) / native.length, 'ns', '< 1,000 ns');
  add('classify.native.worst', 'classify a host among 10,000 rules, native (slowest host)', Math.max(...native), 'ns', '< 1,000 ns');
}
const ledger = criterion('ledger', 'apply_10k_events');
if (ledger !== null) add('ledger.events', 'ledger events per second, native (a busy day of 10,000)', 10_000 / (ledger / 1e9), 'events/s');
// A wake-up's schedule computations (crate/benches/schedule.rs): a day off in 9999 must cost nothing.
for (const [bench, what] of [['wake_up_always', 'a schedule of every minute'], ['wake_up_always_day_off_9999', 'the same with a day off in 9999']]) {
  add(`schedule.${bench}`, `a wake-up's schedule computations, native (${what})`, criterion('schedule', bench), 'ns');
}

// The shipped core under Node.
const core = json('target/bench/core.json');
add('classify.wasm.mean', 'explain(host) among 10,000 rules, shipped wasm under Node (mean of 5 hosts)', core.classify10k.mean, 'ns');
add('classify.wasm.worst', 'explain(host) among 10,000 rules, shipped wasm under Node (slowest host)', core.classify10k.worst, 'ns');
add('classify.wasm.defaults', `explain(host) in the default pack (${core.classifyDefaults.rules} rules), shipped wasm under Node (mean of 5 hosts)`, core.classifyDefaults.mean, 'ns');

// Hostile input (tests/bench/hostile.js): each refused or read at once.
const hostile = json('target/bench/hostile.json');
const tenYearsMb = (hostile.tenYearsBytes / 1e6).toFixed(1);
for (const [id, label, target] of [
  ['deep', 'hostile: import preview of JSON nested 100,000 deep (refused), full core under Node (median)', '< 100 ms'],
  ['deepMerge', 'hostile: merge preview of JSON nested 100,000 deep (refused)', '< 100 ms'],
  ['tenYearsImport', `hostile: import preview of a 10-year export (${tenYearsMb} MB)`, '< 1,000 ms'],
  ['tenYearsMerge', `hostile: merge preview of a 10-year export (${tenYearsMb} MB, 3,650 days)`, '< 1,000 ms'],
  ['rules', 'hostile: import preview of 100,000 rules (refused)', '< 100 ms'],
  ['longUrl', 'hostile: explain(a 100,000-character address) (refused)', '< 50 ms'],
  ['wrongTypes', 'hostile: a wake-up with a wrong-typed value under every key (all set aside), wake-up core', '< 50 ms'],
]) {
  add(`hostile.${id}`, label, hostile[id], 'ms', target);
}

// Chromium.
const browser = json('target/bench/browser.json');
const cold = browser.coldStart;
for (const [days, key] of [[0, 'days0'], [365, 'days365'], [1095, 'days1095']]) {
  const n = days.toLocaleString('en');
  add(`cold.${days}.ready`, `stopped worker to ready, ${n} days stored (median)`, cold[key].ready.median, 'ms');
  add(`cold.${days}.answer`, `stopped worker to the popup's answer, ${n} days stored (median)`, cold[key].answer.median, 'ms', '≤ 50 ms');
}
const popup = browser.popup;
add('popup.floor', 'toolbar popup floor: empty extension page, open to rendered (median)', popup.floor.median, 'ms');
add('popup.0', 'toolbar popup open to rendered, 0 days, worker running (median)', popup.days0.median, 'ms');
add('popup.365', 'toolbar popup open to rendered, 365 days, worker running (median)', popup.days365.median, 'ms');
add('popup.0.ratio', 'toolbar popup / floor, 0 days, worker running', popup.days0.median / popup.floor.median, '×', '≤ 1.3×');
add('popup.365.ratio', 'toolbar popup / floor, 365 days, worker running', popup.days365.median / popup.floor.median, '×', '≤ 1.3×');
add('popup.stopped', 'toolbar popup open to rendered, 0 days, worker stopped (median)', popup.stoppedWorker.median, 'ms');
add('popup.stopped.over', 'toolbar popup with the worker stopped, minus the floor, 0 days', popup.stoppedWorker.median - popup.floor.median, 'ms', '≤ 60 ms');
add('popup.stopped.365', 'toolbar popup open to rendered, 365 days, worker stopped (median)', popup.stoppedWorker365.median, 'ms');
add('popup.stopped.365.over', 'toolbar popup with the worker stopped, minus the floor, 365 days', popup.stoppedWorker365.median - popup.floor.median, 'ms', '≤ 60 ms');
for (const [key, n] of [['stoppedWorker', '0'], ['stoppedWorker365', '365']]) {
  const stopped = popup[key];
  if (stopped.answer === undefined) continue;
  add(`popup.${key}.copies`, `toolbar popup with the worker stopped, ${n} days: first drawn from the worker's copy (of ${stopped.n})`, stopped.copies, 'times');
  add(`popup.${key}.answer.over`, `toolbar popup with the worker stopped, ${n} days: the worker's answer drawn, minus the floor`, stopped.answer.median - popup.floor.median, 'ms');
}

// Storage.
const day = /stored bytes per tracked day: (\d+)/.exec(readFileSync(at('target/bench/budgets.txt'), 'utf8'));
add('storage.day', 'stored bytes per tracked day (20 sites in 6 categories)', day ? Number(day[1]) : null, 'bytes',
  '≤ 1,024 (./build.sh test)');
add('storage.writes', 'storage writes per hour of counting (30 s heartbeat, a switch every 3 min)', core.writesPerHour.writes, 'writes');
add('storage.365', 'storage.local in use, 365 days of 6 categories × 8 sites', browser.storageBytes.days365, 'bytes');
add('storage.1095', 'storage.local in use, 1,095 days of 6 categories × 8 sites', browser.storageBytes.days1095, 'bytes');

// Memory.
add('memory.extension', `PSS of the extension's processes with the popup open, 365 days (${browser.memory.extensionProcesses} process)`,
  browser.memory.extensionKb * 1024, 'bytes');
add('memory.browser', `PSS of all of Chromium's processes then (${browser.memory.processes})`, browser.memory.totalKb * 1024, 'bytes');

// The machine.
const osName = /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.platform();
const rustc = execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim();
const load = readFileSync(at('target/bench/started'), 'utf8').trim().split(/\s+/).slice(0, 3).join(' ');
const machine = {
  cpu: os.cpus()[0]?.model.trim(),
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  os: osName,
  chromium: browser.chromium,
  node: process.version,
  rustc,
  loadAtStart: load,
  note: process.env.BENCH_NOTE ?? '',
};

// The results committed before this run (cmd_bench keeps a copy), so that
// running this script again compares with the same previous run.
let previous = null;
try {
  previous = json('target/bench/previous.json');
} catch {
  // The first run has nothing to compare with.
}
const before = new Map((previous?.figures ?? []).map((f) => [f.id, f.value]));
const results = {
  date: new Date().toISOString(),
  machine,
  runs: browser.runs,
  previous: previous?.date ?? null,
  figures: figures.map((f) => ({ ...f, previous: before.get(f.id) ?? null })),
};

function shown(value, unit) {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'bytes':
      return value >= 10 * 2 ** 20
        ? `${(value / 2 ** 20).toFixed(1)} MiB`
        : `${Math.round(value).toLocaleString('en')} B`;
    case 'ns':
      return value >= 1000 ? `${(value / 1000).toFixed(2)} µs` : `${value.toFixed(1)} ns`;
    case 'ms':
      return `${value.toFixed(1)} ms`;
    case '×':
      return `${value.toFixed(2)}×`;
    case 'events/s':
      return `${(value / 1e6).toFixed(1)} M/s`;
    default:
      return `${Math.round(value).toLocaleString('en')} ${unit}`;
  }
}
const ratio = (f) => (f.previous ? `${(f.value / f.previous).toFixed(2)}×` : '—');
const rows = results.figures.map((f) => [f.label, shown(f.value, f.unit), shown(f.previous, f.unit), ratio(f), f.target]);
const head = ['figure', 'this run', 'previous', 'ratio', 'target'];

const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
console.log([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));

const runs = `${results.runs.popups} toolbar popup openings per case, ${results.runs.coldStarts} cold starts per history`;
const about = [
  `### ${results.date.slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Chromium ${machine.chromium}, `
  + `Node ${machine.node}, ${machine.rustc}. Load average at the start: ${machine.loadAtStart}. ${runs}.`
  + (machine.note ? ` ${machine.note}` : ''),
  '',
  `Ratio: this run over the previous one (${previous ? previous.date.slice(0, 16).replace('T', ' ') + ' UTC' : 'none'}); `
  + 'times are medians. This run and the previous one, figure by figure: `docs/bench-results.json`.',
  '',
  `| ${head.join(' | ')} |`,
  `| ${head.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
].join('\n');

writeFileSync(at(RESULTS), `${JSON.stringify(results, null, 2)}\n`);
const doc = readFileSync(at(DOC), 'utf8');
const from = doc.indexOf(BEGIN);
const to = doc.indexOf(END);
if (from < 0 || to < from) throw new Error(`${DOC} has lost its markers ${BEGIN} … ${END}`);
writeFileSync(at(DOC), `${doc.slice(0, from + BEGIN.length)}\n${about}\n${doc.slice(to)}`);
console.log(`\nwritten: ${RESULTS}, and the table at the top of ${DOC}`);
