#!/usr/bin/env bash
# How often does each experiment pass? Runs every experiment class (the tests tagged "experiment")
# N times, one class at a time, and prints each class's passes and times. With --hog, a process
# keeps one core busy for the whole run, as another job on a shared machine would, and is stopped at
# the end: a claim that fails under it is redesigned (more rounds, a larger effect, a better
# statistic), not weakened.
#
#   bench/experiments-stability.sh N [--hog] [CLASS...]     e.g. bench/experiments-stability.sh 3 --hog
#
# Run it on an otherwise quiet machine: its figures mean nothing while other builds load the cores.
# The log of every run is kept in target/stability/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

usage() { echo "usage: bench/experiments-stability.sh N [--hog] [CLASS...]" >&2; exit 2; }
[[ $# -ge 1 && "$1" =~ ^[1-9][0-9]*$ ]] || usage
runs="$1"; shift
hog=false
classes=()
for arg in "$@"; do
  case "$arg" in
    --hog) hog=true ;;
    -*) usage ;;
    *) classes+=("$arg") ;;
  esac
done
if (( ${#classes[@]} == 0 )); then
  # Every class tagged experiment, but the mutant runs, which are skipped unless asked for.
  mapfile -t classes < <(grep -rl '@Tag("experiment")' src/test/java | xargs -n1 basename | sed 's/\.java$//' \
    | grep -v Mutant | sort)
fi

logs="target/stability"
mkdir -p "$logs"
hog_pid=""
stop_hog() {
  if [[ -n "$hog_pid" ]]; then
    kill "$hog_pid" 2>/dev/null || true
    wait "$hog_pid" 2>/dev/null || true
    echo "hog stopped"
  fi
}
trap stop_hog EXIT

echo "compiling..."
mvn -q -B -o test-compile 2>/dev/null || mvn -q -B test-compile
if $hog; then
  # One busy core: a shell loop that never sleeps, at the same priority as everything else.
  bash -c 'while :; do :; done' &
  hog_pid=$!
  echo "hog started (pid $hog_pid): one core kept busy"
fi

declare -A passed seconds_total seconds_max
for class in "${classes[@]}"; do passed[$class]=0; seconds_total[$class]=0; seconds_max[$class]=0; done

for run in $(seq "$runs"); do
  for class in "${classes[@]}"; do
    log="$logs/$class.$run.log"
    start=$(date +%s)
    if mvn -B -o test -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
      result=pass; passed[$class]=$(( passed[$class] + 1 ))
    else
      result=FAIL
    fi
    took=$(( $(date +%s) - start ))
    seconds_total[$class]=$(( seconds_total[$class] + took ))
    (( took > seconds_max[$class] )) && seconds_max[$class]=$took
    printf 'run %d/%d  %-40s %-4s %4d s  (load %s)\n' "$run" "$runs" "$class" "$result" "$took" \
      "$(cut -d' ' -f1 /proc/loadavg)"
    if [[ $result == FAIL ]]; then
      grep -E 'Expecting|InvalidTrial|but the|FAILURE!' "$log" | grep -v '^\s*at ' | head -4 | sed 's/^/      /'
    fi
  done
done

echo
printf '%-40s %8s %10s %8s\n' "experiment class" "passed" "mean time" "max"
for class in "${classes[@]}"; do
  printf '%-40s %5d/%-2d %8d s %6d s\n' "$class" "${passed[$class]}" "$runs" \
    $(( seconds_total[$class] / runs )) "${seconds_max[$class]}"
done
echo "($( $hog && echo "with one core kept busy by a hog" || echo "no hog" ); logs in $logs/)"
