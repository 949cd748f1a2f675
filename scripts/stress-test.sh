#!/usr/bin/env bash
# Runs the whole test command several times in a row while stress-ng keeps every core busy, to prove
# that no test depends on how fast the machine is today.
#
#   scripts/stress-test.sh [RUNS] [-- COMMAND...]
#
# RUNS defaults to 3 (or $STRESS_RUNS); COMMAND defaults to `npm test`. Each run's last
# "N passed, N failed" line is kept; the script ends with one line per run and a total, and exits
# non-zero if any run failed.
set -euo pipefail

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

cores="$(nproc)"
logs="$(mktemp -d "${TMPDIR:-/tmp}/userdeck-stress-XXXXXX")"
# One CPU hog per core for as long as the runs take; it ends with this script, however that ends.
stress-ng --cpu "$cores" --timeout 0 --quiet &
hog=$!
trap 'kill "$hog" 2>/dev/null || true; wait "$hog" 2>/dev/null || true' EXIT

summaries=()
red=0
for ((run = 1; run <= runs; run++)); do
  echo "── stress run $run of $runs: ${command[*]} with stress-ng on $cores cores ──"
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
echo "── stress test: ${command[*]}, $runs runs under stress-ng on $cores cores (logs in $logs) ──"
printf '%s\n' "${summaries[@]}"
echo "$((runs - red)) of $runs runs passed, $red failed"
[[ $red -eq 0 ]]
