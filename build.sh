#!/usr/bin/env bash
# Fairtime's one entry point. Run `./build.sh help` for the commands.
#
# Every command installs what it lacks (Rust's wasm target or Debian's
# fallback toolchain, wasm-bindgen-cli at the version in Cargo.lock, the
# pinned npm packages, Chromium, Firefox), so a fresh machine needs nothing
# but this script. A second run with nothing changed does no work.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

WASM_TARGET=wasm32-unknown-unknown
TOOLS="$ROOT/tests/node_modules/.bin"
DIST="$ROOT/dist"
WEB="$ROOT/target/web" # wasm-bindgen's and wasm-opt's output
# Features that rustc emits for wasm32 and every supported browser runs.
WASM_FEATURES=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-reference-types --enable-multivalue)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() {
  printf '\033[31merror:\033[0m %s\n' "$1" >&2
  [ $# -lt 2 ] || printf '  fix: %s\n' "$2" >&2
  exit 1
}

# --- installing what is missing ----------------------------------------------

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else return 1
  fi
}

APT_UPDATED=
apt_install() { # apt_install PACKAGE... : Debian packages, installed only if missing
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them" \
    "install ${missing[*]} with your package manager"
  say "Installing ${missing[*]} (Debian packages)"
  if [ -z "$APT_UPDATED" ]; then
    as_root apt-get update -qq || die "apt-get update failed" "run as root, or: sudo apt-get update"
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "could not install ${missing[*]}" "sudo apt-get install ${missing[*]}"
}

need_command() { # need_command COMMAND HOW-TO-GET-IT
  command -v "$1" >/dev/null || die "'$1' is not installed" "$2"
}

# The wasm toolchain. The normal path is rustup's wasm32 target. Where rustup
# cannot fetch it, Debian's rustc-web builds std for wasm32 from source
# (-Zbuild-std) and links with LLVM's wasm-ld. The choice is remembered in
# target/.wasm-toolchain so that later runs skip the probe;
# FAIRTIME_TOOLCHAIN=rustup|debian forces one.
WASM_ENV=()
WASM_FLAGS=()
# The shipped build only (build_core): std rebuilt for size, and a panic
# that aborts at once instead of formatting a message nobody reads (about
# 5 KB of gzipped wasm; docs/BENCHMARKS.md). Needs rustup's rust-src.
SHIP_ENV=()
SHIP_FLAGS=()
SHIP_DIR=""
choose_wasm_toolchain() {
  [ ${#WASM_ENV[@]} -eq 0 ] || return 0
  local stamp="$ROOT/target/.wasm-toolchain" mode="${FAIRTIME_TOOLCHAIN:-}"
  [ -n "$mode" ] || mode="$(cat "$stamp" 2>/dev/null || true)"
  if [ -z "$mode" ] || [ "$mode" = rustup ]; then
    if [ -d "$(rustc --print sysroot 2>/dev/null)/lib/rustlib/$WASM_TARGET" ]; then
      mode=rustup
    elif command -v rustup >/dev/null && { say "Adding Rust's $WASM_TARGET target"; timeout 120 rustup target add "$WASM_TARGET" >&2; }; then
      mode=rustup
    elif [ "${FAIRTIME_TOOLCHAIN:-}" = rustup ]; then
      die "rustup could not add the $WASM_TARGET target" "rustup target add $WASM_TARGET"
    else
      say "rustup has no $WASM_TARGET target: using Debian's rustc-web with -Zbuild-std"
      mode=debian
    fi
  fi
  case "$mode" in
    rustup)
      WASM_ENV=(env)
      if [ -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library/std" ] ||
        { say "Adding Rust's standard library source (rust-src)"; timeout 120 rustup component add rust-src >&2; }; then
        SHIP_DIR="$ROOT/target/wasm-ship"
        SHIP_ENV=(RUSTC_BOOTSTRAP=1 "CARGO_TARGET_DIR=$SHIP_DIR"
          "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=-Zunstable-options -Cpanic=immediate-abort")
        SHIP_FLAGS=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
      else
        say "No rust-src: the .wasm is built with the prebuilt std and is larger"
      fi
      ;;
    debian)
      apt_install rustc-web cargo-web rust-web-src rust-web-clippy lld-22
      WASM_ENV=(env "PATH=/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld"
        "CARGO_TARGET_DIR=$ROOT/target/wasm-debian")
      WASM_FLAGS=(-Zbuild-std=std,panic_abort)
      ;;
    *) die "unknown FAIRTIME_TOOLCHAIN '$mode'" "use FAIRTIME_TOOLCHAIN=rustup or FAIRTIME_TOOLCHAIN=debian" ;;
  esac
  [ -n "${FAIRTIME_TOOLCHAIN:-}" ] || { mkdir -p "$ROOT/target" && echo "$mode" >"$stamp"; }
}

wasm_cargo() { # wasm_cargo SUBCOMMAND ARGS... : cargo for the wasm target
  choose_wasm_toolchain
  local sub="$1"
  shift
  "${WASM_ENV[@]}" cargo "$sub" --target "$WASM_TARGET" "${WASM_FLAGS[@]}" "$@"
}

# The core ships as three modules of the same crate: the one a waking
# worker loads (`fairtime`, crate/src/wasm.rs without the `full` feature),
# the one for what only the options page asks for (`fairtime_full`), and
# team insight's (`fairtime_team`, crate/src/wasm_team.rs, feature
# `team_page`), which only the team pages load. Each has its own target
# directory, so that no rebuild undoes another.
wasm_dir() { # wasm_dir VARIANT : the cargo target directory of one module
  choose_wasm_toolchain
  local dir="$ROOT/target"
  [ "${WASM_FLAGS[*]:-}" = "" ] || dir="$ROOT/target/wasm-debian"
  [ -z "$SHIP_DIR" ] || dir="$SHIP_DIR"
  case "$1" in
    fairtime_full | fairtime_team)
      if [ "$dir" = "$ROOT/target" ]; then dir="$ROOT/target/wasm-${1#fairtime_}"; else dir="$dir-${1#fairtime_}"; fi
      ;;
  esac
  echo "$dir"
}

ship_cargo() { # ship_cargo VARIANT ARGS... : cargo build of a .wasm that ships
  choose_wasm_toolchain
  local dir features=(--no-default-features)
  dir="$(wasm_dir "$1")"
  [ "$1" != fairtime_full ] || features+=(--features full)
  [ "$1" != fairtime_team ] || features+=(--features team_page)
  shift
  "${WASM_ENV[@]}" "${SHIP_ENV[@]}" "CARGO_TARGET_DIR=$dir" cargo build --target "$WASM_TARGET" \
    "${WASM_FLAGS[@]}" "${SHIP_FLAGS[@]}" "${features[@]}" "$@"
}

wasm_artifact() { # wasm_artifact VARIANT
  echo "$(wasm_dir "$1")/$WASM_TARGET/release/fairtime.wasm"
}

locked_version() { # the version of a crate in Cargo.lock
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want have
  want="$(locked_version wasm-bindgen)"
  [ -n "$want" ] || die "Cargo.lock names no wasm-bindgen" "cargo generate-lockfile"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" != "$want" ]; then
    say "Installing wasm-bindgen-cli $want (Cargo.lock's wasm-bindgen; takes a few minutes once)"
    cargo install wasm-bindgen-cli --version "$want" --force >&2 ||
      die "could not install wasm-bindgen-cli $want" "cargo install wasm-bindgen-cli --version $want"
  fi
}

ensure_node_modules() {
  need_command node "install Node.js 20 or newer (Debian: apt-get install nodejs npm)"
  need_command npm "install npm (Debian: apt-get install npm)"
  if [ ! -f tests/node_modules/.package-lock.json ] ||
    [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
    say "Installing the pinned npm packages (tests/package-lock.json)"
    (cd tests && npm ci --no-audit --no-fund --loglevel=error >&2) ||
      die "npm ci failed in tests/" "cd tests && npm ci"
  fi
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

GECKODRIVER_VERSION=0.36.0
ensure_geckodriver() { # WebDriver for Firefox, from crates.io (about 3 minutes, once)
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  if ! geckodriver --version 2>/dev/null | grep -q "geckodriver $GECKODRIVER_VERSION"; then
    say "Installing geckodriver $GECKODRIVER_VERSION (cargo install, once)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" >&2 ||
      die "could not install geckodriver" "cargo install geckodriver --version $GECKODRIVER_VERSION"
  fi
}

# The end-to-end tests run Chromium headed on a virtual X display: headless
# Chromium neither moves window focus nor reports idle. xdotool makes the
# display see input; openssl makes the test sites' certificate.
ensure_e2e_tools() {
  local p=()
  command -v xvfb-run >/dev/null || p+=(xvfb xauth)
  command -v xdotool >/dev/null || p+=(xdotool)
  command -v openssl >/dev/null || p+=(openssl)
  [ ${#p[@]} -eq 0 ] || apt_install "${p[@]}"
}

ensure_firefox() {
  command -v firefox-esr >/dev/null || command -v firefox >/dev/null || apt_install firefox-esr
}

# --- building -----------------------------------------------------------------

# target/web holds each module's glue and optimized .wasm, and a stamp of
# what it was made from: redone when the module, the toolchain, the pinned
# wasm-bindgen or the optimization passes change.
build_module() { # build_module VARIANT : target/web/VARIANT.js and VARIANT_bg.wasm
  local name="$1" wasm source tmp="$WEB/$1.tmp"
  say "Building the core ($name) for $WASM_TARGET"
  ship_cargo "$name" --release -p fairtime --lib
  # Flattening and re-looping the control flow before two rounds of -Oz
  # saves about 2 KB more than -Oz alone (docs/BENCHMARKS.md).
  local optimize=(--flatten --rereloop -Oz -Oz)
  wasm="$(wasm_artifact "$name")"
  source="$wasm $(stat -c '%s %Y' "$wasm") wasm-bindgen $(locked_version wasm-bindgen) wasm-opt ${optimize[*]}"
  if [ "$(cat "$WEB/.source-$name" 2>/dev/null)" != "$source" ]; then
    ensure_wasm_bindgen
    ensure_node_modules
    say "Generating the JavaScript glue and optimizing the .wasm for size ($name)"
    rm -rf "$tmp" && mkdir -p "$tmp"
    rm -f "$WEB/.source-$name" "$WEB/$name.js" "$WEB/${name}_bg.wasm"
    # wasm-bindgen names its output after its input.
    cp "$wasm" "$tmp/$name.wasm"
    wasm-bindgen --target web --no-typescript --out-dir "$tmp" "$tmp/$name.wasm"
    "$TOOLS/wasm-opt" "${optimize[@]}" "${WASM_FEATURES[@]}" -o "$WEB/${name}_bg.wasm" "$tmp/${name}_bg.wasm"
    mv "$tmp/$name.js" "$WEB/" && rm -rf "$tmp"
    echo "$source" >"$WEB/.source-$name"
  fi
}

build_core() {
  mkdir -p "$WEB"
  rm -f "$WEB/.source" # the stamp of the single module before the split
  build_module fairtime
  build_module fairtime_full
  build_module fairtime_team
}

firefox_manifest() { # firefox_manifest CHROMIUM-MANIFEST OUTPUT
  node - "$1" "$2" <<'JS'
// Firefox runs the same code as a module background script, and wants its
// add-on id, minimum version and data-collection declaration.
const fs = require('fs');
const [src, out] = process.argv.slice(2);
const m = JSON.parse(fs.readFileSync(src, 'utf8'));
m.background = { scripts: [m.background.service_worker], type: m.background.type };
delete m.minimum_chrome_version;
m.browser_specific_settings = {
  gecko: {
    id: 'fairtime@fairtime-extension',
    strict_min_version: '128.0',
    data_collection_permissions: { required: ['none'] },
  },
};
fs.writeFileSync(out, JSON.stringify(m, null, 2) + '\n');
JS
}

# Each page and the worker as one script, and each page's styles in the page:
# a toolbar popup or a waking worker that fetched its modules one at a time
# spent most of its start doing so (docs/BENCHMARKS.md). esbuild joins the
# modules without minifying (each keeps a comment naming its source file);
# the wasm-bindgen glue goes in with them, so dist/*/core holds the .wasm.
bundle() { # bundle DIR : DIR's scripts and styles joined, in place
  node - "$1" <<'JS'
const fs = require('fs');
const path = require('path');
const esbuild = require(path.resolve('tests/node_modules/esbuild'));
const [out] = process.argv.slice(2);
const src = out;
// The team report page (team/) loads core/fairtime_team.js as the options
// page loads core/fairtime_full.js: bundled in, the .wasm beside it.
const exists = (file) => fs.existsSync(path.join(src, file));
const entries = ['background.js', 'popup/popup.js', 'options/options.js', 'onboarding/onboarding.js',
  'team/report.js'].filter(exists);
const { metafile } = esbuild.buildSync({
  entryPoints: entries.map((e) => path.join(src, e)),
  outbase: src, outdir: out, allowOverwrite: true,
  bundle: true, format: 'esm', charset: 'utf8', metafile: true, logLevel: 'error',
});
const kept = new Set(entries.map((e) => path.join(out, e)));
for (const html of ['popup/popup.html', 'options/options.html', 'onboarding/onboarding.html',
  'team/report.html'].filter(exists)) {
  const file = path.join(out, html);
  let text = fs.readFileSync(file, 'utf8');
  text = text.replace(/<link rel="stylesheet" href="([^"]+)">/g, (_, href) =>
    `<style>\n${fs.readFileSync(path.resolve(path.dirname(file), href), 'utf8')}</style>`);
  for (const [, href] of text.matchAll(/<script[^>]* src="([^"]+)"/g)) kept.add(path.resolve(path.dirname(file), href));
  fs.writeFileSync(file, text);
}
// What went into a bundle or a page is not shipped a second time.
for (const input of Object.keys(metafile.inputs)) {
  const copy = path.join(out, path.relative(src, input));
  if (!kept.has(copy)) fs.rmSync(copy, { force: true });
}
for (const dir of ['.', 'popup', 'options', 'onboarding', 'team'].filter(exists)) {
  for (const name of fs.readdirSync(path.join(out, dir))) {
    if (name.endsWith('.css')) fs.rmSync(path.join(out, dir, name));
  }
}
JS
}

assemble() { # assemble BROWSER : dist/BROWSER, an unpacked extension
  local out="$DIST/$1"
  rm -rf "$out" && mkdir -p "$out/core"
  cp -R extension/. "$out/"
  rm -f "$out/icons/icon.svg" # the artwork's source; the manifest names the PNGs
  cp "$WEB/fairtime.js" "$WEB/fairtime_full.js" "$WEB/fairtime_team.js" "$out/core/"
  bundle "$out" || die "could not bundle $out" "./build.sh"
  cp "$WEB/fairtime_bg.wasm" "$WEB/fairtime_full_bg.wasm" "$WEB/fairtime_team_bg.wasm" "$out/core/"
  if [ "$1" = firefox ]; then firefox_manifest manifest.json "$out/manifest.json"; else cp manifest.json "$out/"; fi
}

package() { # package BROWSER : the store-ready zip
  local version zip
  version="$(node -p 'require("./manifest.json").version')"
  zip="$DIST/fairtime-$1-$version.zip"
  rm -f "$zip"
  command -v zip >/dev/null || apt_install zip
  (cd "$DIST/$1" && zip -qrX "$zip" .)
}

cmd_build() {
  need_command cargo "install Rust from https://rustup.rs"
  ensure_node_modules
  build_core
  local b
  for b in chromium firefox; do
    assemble "$b"
    package "$b"
  done
  say "Built dist/chromium, dist/firefox and their zips ($(wc -c <"$WEB/fairtime_bg.wasm"), $(wc -c <"$WEB/fairtime_full_bg.wasm") and $(wc -c <"$WEB/fairtime_team_bg.wasm") bytes of wasm)"
}

# --- testing ------------------------------------------------------------------

PASSED=()
FAILED=()
step() { # step NAME COMMAND... : run one layer of the tests, remember the outcome
  local name="$1"
  shift
  say "test: $name"
  if "$@"; then PASSED+=("$name"); else FAILED+=("$name"); fi
}

# The gzipped .wasm budgets (issue 11), measured as `gzip -9` of what ships
# in dist/*/core, the same figures `./build.sh bench` reports: 112 KiB for
# the module every wake-up compiles, and its own for the options page's
# (docs/BENCHMARKS.md).
WASM_GZIP_BUDGET=$((112 * 1024))
WASM_FULL_GZIP_BUDGET=$((140 * 1024))
# The team pages' module (issue 14): measured 65,860 bytes, about 10% above.
WASM_TEAM_GZIP_BUDGET=$((71 * 1024))
check_one_budget() { # check_one_budget FILE BUDGET WHAT
  local gz
  gz="$(gzip -9c "$1" | wc -c)"
  if [ "$gz" -gt "$2" ]; then
    printf '\033[31merror:\033[0m the gzipped %s is %s bytes, over its budget of %s bytes\n' "$3" "$gz" "$2" >&2
    printf '  fix: make the core smaller (docs/BENCHMARKS.md lists what costs bytes), or raise the budget in an issue\n' >&2
    return 1
  fi
  echo "gzipped $3: $gz bytes, budget $2 bytes"
}
check_wasm_budget() {
  local ok=0
  check_one_budget "$WEB/fairtime_bg.wasm" "$WASM_GZIP_BUDGET" ".wasm a wake-up loads (fairtime_bg.wasm)" || ok=1
  check_one_budget "$WEB/fairtime_full_bg.wasm" "$WASM_FULL_GZIP_BUDGET" ".wasm of the options page's operations (fairtime_full_bg.wasm)" || ok=1
  check_one_budget "$WEB/fairtime_team_bg.wasm" "$WASM_TEAM_GZIP_BUDGET" ".wasm of the team pages (fairtime_team_bg.wasm)" || ok=1
  return $ok
}

cmd_test() {
  cmd_build
  ensure_chromium
  ensure_firefox
  ensure_geckodriver
  ensure_e2e_tools
  step "cargo fmt" cargo fmt --all -- --check
  step "clippy (host)" cargo clippy --workspace --all-targets --locked -- -D warnings
  step "clippy (wasm)" wasm_cargo clippy --release -p fairtime --lib --locked -- -D warnings
  step "clippy (wasm, wake-up module)" wasm_cargo clippy --release -p fairtime --lib --locked --no-default-features -- -D warnings
  step "clippy (wasm, team module)" wasm_cargo clippy --release -p fairtime --lib --locked --no-default-features --features team_page -- -D warnings
  step "wasm size budget" check_wasm_budget
  step "cargo test" cargo test --workspace --locked # includes the stored day's budget (crate/tests/budgets.rs)
  step "core under node" node --test --test-reporter=spec tests/node/
  step "end-to-end (chromium, firefox)" xvfb-run -a -s "-screen 0 1280x1024x24" \
    node --test --test-concurrency=1 --test-reporter=spec tests/e2e/
  step "web-ext lint (firefox)" "$TOOLS/web-ext" lint --source-dir "$DIST/firefox" --self-hosted=false --output=text
  echo
  local n
  for n in "${PASSED[@]}"; do echo "  ok    $n"; done
  for n in "${FAILED[@]+"${FAILED[@]}"}"; do echo "  FAIL  $n"; done
  echo "steps: ${#PASSED[@]} passed, ${#FAILED[@]} failed"
  [ ${#FAILED[@]} -eq 0 ]
}

# The one benchmark table (docs/BENCHMARKS.md): each part leaves its figures
# in target/bench/, and tests/bench/report.js makes the table of them.
BENCH="$ROOT/target/bench"
bench_native() { # criterion (crate/benches), and the stored day's bytes
  say "Benchmarks: criterion (crate/benches; reports in target/criterion)"
  cargo bench -p fairtime --bench '*' --locked -- "$@"
  cargo test -p fairtime --test budgets --locked -- --nocapture >"$BENCH/budgets.txt"
}

bench_core_under_node() {
  say "Benchmarks: the shipped core under Node (tests/bench/core.js)"
  node tests/bench/core.js >"$BENCH/core.json"
}

bench_hostile() {
  say "Benchmarks: hostile input through the shipped core under Node (tests/bench/hostile.js)"
  node tests/bench/hostile.js >"$BENCH/hostile.json"
}

bench_chromium() {
  ensure_chromium
  ensure_e2e_tools
  say "Benchmarks: Chromium on an Xvfb display (tests/bench/browser.js)"
  xvfb-run -a -s "-screen 0 1280x1024x24" node tests/bench/browser.js "$BENCH/browser.json"
}

cmd_bench() {
  cmd_build
  rm -rf "$BENCH" && mkdir -p "$BENCH"
  cat /proc/loadavg >"$BENCH/started" 2>/dev/null || date >"$BENCH/started"
  [ ! -f docs/bench-results.json ] || cp docs/bench-results.json "$BENCH/previous.json"
  bench_native "$@"
  bench_core_under_node
  bench_hostile
  bench_chromium
  echo
  node tests/bench/report.js
}

cmd_screenshots() {
  cmd_build
  ensure_chromium
  ensure_e2e_tools
  say "Retaking docs/screenshots/"
  FAIRTIME_SCREENSHOTS=docs xvfb-run -a -s "-screen 0 1280x1024x24" \
    node --test --test-reporter=spec tests/e2e/screenshots.test.js
}

cmd_run() {
  local browser="${1:-chromium}" profile
  cmd_build
  case "$browser" in
    chromium)
      ensure_chromium
      profile="$(mktemp -d -t fairtime-profile.XXXXXX)"
      say "Starting Chromium with a fresh profile in $profile"
      local sandbox=()
      [ "$(id -u)" != 0 ] || sandbox=(--no-sandbox) # Chromium refuses to run as root otherwise
      /usr/bin/chromium "${sandbox[@]}" --user-data-dir="$profile" --no-first-run --no-default-browser-check \
        --disable-features=DisableLoadExtensionCommandLineSwitch \
        --load-extension="$DIST/chromium" --disable-extensions-except="$DIST/chromium" chrome://extensions/ || true
      rm -rf "$profile"
      ;;
    firefox)
      ensure_firefox
      say "Starting Firefox with a fresh temporary profile (web-ext run)"
      exec "$TOOLS/web-ext" run --source-dir "$DIST/firefox" --no-reload \
        --firefox "$(command -v firefox-esr || command -v firefox)" --start-url about:addons
      ;;
    *) die "unknown browser '$browser'" "./build.sh run chromium  or  ./build.sh run firefox" ;;
  esac
}

# Fuzzing (crate/fuzz, cargo-fuzz's layout, its own workspace). cargo-fuzz
# passes nightly-only flags to rustc: RUSTC_BOOTSTRAP=1 lets the stable
# toolchain take them. No sanitizer: the core is safe Rust, and without ASan
# libFuzzer runs several times as many inputs (FAIRTIME_FUZZ_SANITIZER=address
# brings it back). Debug assertions are on (-a),
# so an integer overflow is a finding. Seeds are in crate/fuzz/corpus/; what
# a run adds goes to crate/fuzz/corpus-grown/, crashes to crate/fuzz/artifacts/.
FUZZ="$ROOT/crate/fuzz"
cmd_fuzz() {
  local seconds="${1:-60}" t failed=()
  [[ "$seconds" =~ ^[0-9]+$ ]] || die "fuzz takes a number of seconds per target, not '$seconds'" "./build.sh fuzz 600"
  need_command cargo "install Rust from https://rustup.rs"
  command -v cargo-fuzz >/dev/null || {
    say "Installing cargo-fuzz (crates.io)"
    cargo install cargo-fuzz --locked || die "could not install cargo-fuzz" "cargo install cargo-fuzz --locked"
  }
  export RUSTC_BOOTSTRAP=1
  local flags=(-O -a --sanitizer "${FAIRTIME_FUZZ_SANITIZER:-none}")
  (cd "$FUZZ" && cargo fuzz build "${flags[@]}")
  for t in $(cd "$FUZZ" && cargo fuzz list); do
    mkdir -p "$FUZZ/corpus-grown/$t" "$FUZZ/corpus/$t"
    say "fuzz: $t for ${seconds} s"
    if (cd "$FUZZ" && cargo fuzz run "${flags[@]}" "$t" "corpus-grown/$t" "corpus/$t" -- \
      -max_total_time="$seconds" -print_final_stats=1); then :; else failed+=("$t"); fi
  done
  if [ ${#failed[@]} -gt 0 ]; then
    die "fuzz targets that found a crash: ${failed[*]}" "the input is in crate/fuzz/artifacts/<target>/; replay it with: (cd crate/fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run ${flags[*]} <target> <file>)"
  fi
  say "fuzz: no target found a crash in ${seconds} s each"
}

cmd_help() {
  cat <<'TXT'
usage: ./build.sh [command]
  build (default)        build dist/chromium, dist/firefox and a store zip for each
  test                   every check: fmt, clippy (host and wasm), cargo test,
                         the core under Node, end-to-end in Chromium and Firefox,
                         web-ext lint (screenshots land in tests/artifacts/)
  bench [criterion args]  one table of sizes, speed, storage and memory (docs/BENCHMARKS.md,
                         docs/bench-results.json); BENCH_RUNS=3 for a quick try
  screenshots            retake docs/screenshots/ (popup and options, both themes)
  fuzz SECONDS           run every fuzz target (crate/fuzz) for SECONDS each; installs cargo-fuzz
  run [chromium|firefox] open a browser with a fresh profile and Fairtime loaded
  package                same as build (the zips land in dist/)
  clean                  remove target/, dist/ and tests/node_modules/
environment:
  FAIRTIME_TOOLCHAIN=rustup|debian   force the wasm toolchain instead of probing
  FAIRTIME_FUZZ_SANITIZER=address    fuzz with AddressSanitizer (default: none)
TXT
}

case "${1:-build}" in
  build | package) cmd_build ;;
  test) cmd_test ;;
  bench) shift && cmd_bench "$@" ;;
  screenshots) cmd_screenshots ;;
  fuzz) shift && cmd_fuzz "$@" ;;
  run) cmd_run "${2:-chromium}" ;;
  clean) rm -rf target dist tests/node_modules ;;
  help | -h | --help) cmd_help ;;
  *) cmd_help >&2 && exit 2 ;;
esac
