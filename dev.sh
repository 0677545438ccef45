#!/usr/bin/env bash
# ReadBy7's one entry point. Each command first installs whatever is missing or at the wrong
# version (and skips what is already right), so it works the same on a fresh machine and on
# the hundredth run.
#
#   ./dev.sh serve   build the release and serve it, with the school database, on http://127.0.0.1:8080
#   ./dev.sh build   build the release into dist/ (to deploy: README, "Deploying")
#   ./dev.sh test    run every test: native unit tests, server tests, browser (wasm) tests, e2e
#   ./dev.sh size    build the release and report the size of every file in dist/
#   ./dev.sh bench   build the release and run the speed benchmarks in headless Chromium
#   ./dev.sh setup   only install the tools
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)

TRUNK_VERSION=0.21.14
# wbritish: the British English word list the phonics word-bank tests check words against.
APT_PACKAGES=(chromium chromium-driver wbritish)
SERVE_PORT=${PORT:-8080}

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'dev.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

need_base_tools() {
  for tool in cargo rustup node npm; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed; install the Rust toolchain (rustup) and Node.js first."
  done
}

setup_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

setup_trunk() {
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    log "installing trunk $TRUNK_VERSION (about 4 minutes)"
    # trunk's own fat-LTO release profile takes ~15 minutes on 2 cores; thin builds are as good here.
    CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_wasm_bindgen() {
  local want
  want=$(wasm_bindgen_version)
  [ -n "$want" ] || die "wasm-bindgen is missing from Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ] ||
     [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" != "wasm-bindgen-test-runner $want" ]; then
    log "installing wasm-bindgen-cli $want (about 2 minutes)"
    # Not --locked: its lockfile names a crate version the registry no longer has.
    cargo install wasm-bindgen-cli --version "=$want" --force
  fi
}

setup_apt() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  # The plain static server of the cold-link e2e tests (python3 -m http.server).
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing from apt: ${missing[*]}"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

# npm ci wipes node_modules, so it runs only when package-lock.json changed since the last run.
# Extra arguments go to npm ci.
setup_npm() {
  local dir=$1 stamp sum
  shift
  stamp="$dir/node_modules/.readby7-lock.sha256"
  sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    log "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund "$@")
    echo "$sum" > "$stamp"
  fi
}

setup_build() {
  need_base_tools
  setup_wasm_target
  setup_trunk
  setup_wasm_bindgen
  # --ignore-scripts: the only install scripts in tools/ are leveldown's (the school database's
  # LevelDB), whose npm tarball carries prebuilt binaries that load without them; running them
  # could start a native build from source.
  setup_npm tools --ignore-scripts
  cargo fetch --locked --quiet
}

setup_all() {
  setup_build
  setup_apt
  setup_npm e2e
}

build_release() {
  log "building the release into dist/"
  # binaryen 132's wasm-opt from npm must come first: Trunk.toml pins it, and a different one on PATH fails the build.
  PATH="$ROOT/tools/node_modules/.bin:$PATH" \
    trunk build --release --offline --locked --skip-version-check
}

cmd_serve() {
  setup_build
  build_release
  log "serving ReadBy7 and its school database on http://127.0.0.1:$SERVE_PORT (Ctrl+C to stop)"
  # Precompressed files, caching headers, the single-page fallback, and the school database at
  # /db/ with its data in school-data/ (README, "Running a school server"): tools/serve.mjs.
  # READBY7_SCHOOL_DATA, _DB, _USER, _PASSWORD and READBY7_NO_SCHOOL_DB=1 change it.
  exec node tools/serve.mjs dist --host 127.0.0.1 --port "$SERVE_PORT"
}

cmd_bench() {
  setup_all
  build_release
  (cd e2e && node bench/run.mjs "$@")
}

cmd_size() {
  setup_build
  build_release
  node tools/size-report.mjs dist
}

# ---- test ----
PASSED=0
FAILED=0
REPORT=()

# Runs one suite, adds its counts; a suite that cannot run at all (e.g. a compile error) counts as one failure.
run_cargo_suite() {
  local label=$1; shift
  local out status=0 passed failed
  out=$(mktemp)
  log "$label: $*"
  "$@" 2>&1 | tee "$out" || status=$?
  passed=$( (grep -oE 'test result: [A-Za-z]+\. [0-9]+ passed' "$out" || true) | awk '{s+=$4} END {print s+0}')
  failed=$( (grep -oE '[0-9]+ failed;' "$out" || true) | awk '{s+=$1} END {print s+0}')
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
    REPORT+=("$label: did not run to the end (exit $status)")
  else
    REPORT+=("$label: $passed passed, $failed failed")
  fi
  PASSED=$((PASSED + passed)); FAILED=$((FAILED + failed))
  rm -f "$out"
}

# node:test files (the TAP reporter's closing "# pass N" / "# fail N") added to the totals.
run_node_suite() {
  local label=$1; shift
  local out status=0 passed failed
  out=$(mktemp)
  log "$label: node --test $*"
  # Two files at a time: they mostly wait on the servers and builds they start.
  node --test --test-concurrency=2 --test-reporter=tap "$@" 2>&1 | tee "$out" || status=$?
  passed=$( (grep -oE '^# pass [0-9]+' "$out" || true) | awk '{s+=$3} END {print s+0}')
  failed=$( (grep -oE '^# fail [0-9]+' "$out" || true) | awk '{s+=$3} END {print s+0}')
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
    REPORT+=("$label: did not run to the end (exit $status)")
  else
    REPORT+=("$label: $passed passed, $failed failed")
  fi
  PASSED=$((PASSED + passed)); FAILED=$((FAILED + failed))
  rm -f "$out"
}

# One Playwright run (a config, its results file) added to the totals.
run_playwright() {
  local label=$1 config=$2 results=$3 status=0 counts passed failed
  rm -f "$results"
  (cd e2e && npx playwright test --config "$config") || status=$?
  if [ -f "$results" ]; then
    counts=$(RESULTS="$results" node -e '
      const s = require(require("path").resolve(process.env.RESULTS)).stats;
      console.log(`${s.expected + s.flaky} ${s.unexpected}`);')
    passed=${counts% *}; failed=${counts#* }
  else
    passed=0; failed=0
  fi
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1; REPORT+=("$label: did not run to the end (exit $status)")
  else
    REPORT+=("$label: $passed passed, $failed failed")
  fi
  PASSED=$((PASSED + passed)); FAILED=$((FAILED + failed))
}

run_e2e() {
  log "e2e (Playwright, system Chromium)"
  if ! build_release; then
    REPORT+=("e2e: the release build failed"); FAILED=$((FAILED + 1)); return
  fi
  run_playwright "e2e" playwright.config.ts e2e/test-results/results.json
  # The cold links again on a plain static server: no fallback, no compression, no service worker.
  log "e2e on a plain static server (cold links)"
  run_playwright "e2e, plain static server" playwright.plain.config.ts e2e/test-results-plain/results.json
}

cmd_test() {
  setup_all
  run_cargo_suite "native unit tests" cargo test --locked --lib
  run_node_suite "school server and build tools (node:test)" tools/*.test.mjs
  CHROMEDRIVER=/usr/bin/chromedriver \
    run_cargo_suite "browser tests (wasm-bindgen-test)" \
    cargo test --locked --target wasm32-unknown-unknown --test storage
  run_e2e
  printf '\n==> summary\n'
  printf '  %s\n' "${REPORT[@]}"
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}

case "${1:-}" in
  serve) cmd_serve ;;
  build) setup_build; build_release ;;
  test) cmd_test ;;
  size) cmd_size ;;
  bench) shift; cmd_bench "$@" ;;
  setup) setup_all ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
