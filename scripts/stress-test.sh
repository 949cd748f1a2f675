#!/usr/bin/env bash
# Runs the whole test command several times in a row while stress-ng keeps every core busy, to prove
# that no test depends on how fast the machine is today.
#
#   scripts/stress-test.sh [--slow-keychain[=MS]] [RUNS] [-- COMMAND...]
#
# RUNS defaults to 3 (or $STRESS_RUNS); COMMAND defaults to `npm test`. Each run's last
# "N passed, N failed" line is kept; the script ends with one line per run and a total, and exits
# non-zero if any run failed.
#
# --slow-keychain makes the keychain take MS (default 3000) to answer the app's probe, longer than the
# app's 2 s limit (scripts/slow-keychain.mjs): a test that races that limit fails at once, where under
# load alone it fails once in many runs.
set -euo pipefail

slow_keychain_ms=""
case "${1:-}" in
  --slow-keychain) slow_keychain_ms=3000 && shift ;;
  --slow-keychain=*) slow_keychain_ms="${1#--slow-keychain=}" && shift ;;
esac
if [[ -n "$slow_keychain_ms" && ! "$slow_keychain_ms" =~ ^[1-9][0-9]*$ ]]; then
  echo "stress-test: --slow-keychain=MS takes a whole number of milliseconds, 1 or more, not \"$slow_keychain_ms\"." >&2
  exit 2
fi

runs="${STRESS_RUNS:-3}"
if [[ $# -gt 0 && "$1" != "--" ]]; then
  runs="$1"
  shift
fi
[[ "${1:-}" == "--" ]] && shift
command=("$@")
[[ ${#command[@]} -eq 0 ]] && command=(npm test)
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "stress-test: RUNS must be a whole number of runs, 1 or more, not \"$runs\"." >&2
  exit 2
fi

if ! command -v stress-ng >/dev/null 2>&1; then
  # Debian's package; root (a container, CI) needs no sudo, and may have no sudo at all.
  sudo=()
  [[ "$(id -u)" -ne 0 ]] && sudo=(sudo)
  echo "stress-test: installing stress-ng"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq stress-ng >/dev/null
fi

if [[ -n "$slow_keychain_ms" ]]; then
  hook="$(cd "$(dirname "$0")" && pwd)/slow-keychain.mjs"
  export USERDECK_SLOW_KEYCHAIN_MS="$slow_keychain_ms"
  export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--import \"$hook\""
fi

cores="$(nproc)"
conditions="stress-ng on $cores cores"
[[ -n "$slow_keychain_ms" ]] && conditions+=", the keychain answering after $slow_keychain_ms ms"
logs="$(mktemp -d "${TMPDIR:-/tmp}/userdeck-stress-XXXXXX")"
# One CPU hog per core for as long as the runs take; it ends with this script, however that ends.
stress-ng --cpu "$cores" --timeout 0 --quiet &
hog=$!
trap 'kill "$hog" 2>/dev/null || true; wait "$hog" 2>/dev/null || true' EXIT

summaries=()
red=0
for ((run = 1; run <= runs; run++)); do
  echo "── stress run $run of $runs: ${command[*]} with $conditions ──"
  started=$SECONDS
  status=0
  "${command[@]}" 2>&1 | tee "$logs/run-$run.log" || status=$?
  counted="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/run-$run.log" | tail -n 1 || true)"
  [[ -z "$counted" ]] && counted="no \"N passed, N failed\" line"
  verdict=ok
  if [[ $status -ne 0 ]]; then
    verdict="FAILED (exit $status)"
    red=$((red + 1))
  fi
  summaries+=("run $run: $verdict in $((SECONDS - started)) s: $counted")
done

echo
echo "── stress test: ${command[*]}, $runs runs under $conditions (logs in $logs) ──"
printf '%s\n' "${summaries[@]}"
echo "$((runs - red)) of $runs runs passed, $red failed"
[[ $red -eq 0 ]]
