#!/usr/bin/env bash
# Benchmark: loadlab's generator against wrk, on the same server, in one run. Prints, per server and
# connection mode, the requests per second each tool got, the CPU each spent per request, and
# loadlab/wrk per round and as a median. Printed, not asserted: speed belongs in a benchmark, not in
# a unit test.
#
#   bench/wrk-vs-loadlab.sh [ROUNDS] [SECONDS] [CONNECTIONS]     defaults: 3 rounds, 10 s, 50 connections
#
# Servers: loadlab's event-loop model, and nginx when installed (`loadlab serve --model nginx`: one
# worker, with the echo config loadlab writes, so that loadlab's strict echo check passes there too). Modes: keep-alive, and a new
# connection per request (wrk with -H 'Connection: close', loadlab with --close-each). Each round runs
# both tools back to back, alternating which goes first, and the ratios are taken per round so that
# drift of a shared machine hits both alike. wrk runs 2 threads; loadlab a closed loop of CONNECTIONS
# users without think time, as wrk does, on its default loops (one per core), after a 2 s warm-up of
# its own; the server is warmed up once by wrk before it is measured.
# The targets: loadlab/wrk RPS at least 0.95 in both modes, and loadlab's CPU per request at most 1.3
# times wrk's.
# Needs: wrk (apt-get install wrk), optionally nginx (apt-get install nginx libnginx-mod-http-js), a JDK 21+, Maven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
seconds="${2:-10}"
connections="${3:-50}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

work="$(mktemp -d /tmp/loadlab-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "building target/loadlab.jar..."
(cd "$root" && mvn -q -B -DskipTests package)

# Starts a loadlab model in its own JVM; sets $url.
start_model() {
  local model="$1" log="$work/$1.log"
  "$root/loadlab" serve --model "$model" --port 0 >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    url="$(grep -o 'http://[0-9.:]*/' "$log" || true)"
    [[ -n "$url" ]] && return 0
    sleep 0.1
  done
  echo "the $model server did not start: $(cat "$log")" >&2; exit 1
}

# Prints "RPS CPU-microseconds-per-request" for wrk.
wrk_rps() { # url mode seconds
  local args=(-t2 "-c$connections" "-d${3}s")
  [[ "$2" == close ]] && args+=(-H 'Connection: close')
  local out; out="$( { /usr/bin/time -f 'cpu %U %S' wrk "${args[@]}" "$1"; } 2>&1)"
  local errors; errors="$(grep -E 'Socket errors|Non-2xx' <<<"$out" | tr -s ' ' | tr '\n' ' ' || true)"
  [[ -n "$errors" ]] && echo "    wrk: $errors" >&2
  awk -v s="$3" '/Requests\/sec/ {rps = $2} /^cpu / {cpu = $2 + $3} END {printf "%s %.1f\n", rps, cpu / (rps * s) * 1e6}' <<<"$out"
}

# Prints "RPS CPU-microseconds-per-request" for loadlab (its JVM's CPU over the window).
loadlab_rps() { # url mode
  local args=(load "$1" --users "$connections" --duration "${seconds}s" --warmup 2s --json "$work/load.json")
  [[ "$2" == close ]] && args+=(--close-each)
  "$root/loadlab" "${args[@]}" >"$work/load.out" 2>&1 || { echo "loadlab failed: $(tail -5 "$work/load.out")" >&2; exit 1; }
  local failures cpu
  failures="$(grep -o '"failures" : [0-9]*' "$work/load.json" | head -1 | awk '{print $3}')"
  cpu="$(grep -o '"cpuCores" : [0-9.]*' "$work/load.json" | awk '{printf "%.2f", $3}')"
  [[ "$failures" != 0 ]] && echo "    loadlab: $failures failures: $(grep -A3 '^Failures' "$work/load.out" | tail -3 | tr -s ' ')" >&2
  echo "    loadlab: generator CPU $cpu cores$(grep '^WARNING' "$work/load.out" | sed 's/^/; /' | tr '\n' ' ')" >&2
  local rps; rps="$(grep -o '"rps" : [0-9.]*' "$work/load.json" | awk '{print $3}')"
  awk -v r="$rps" -v c="$cpu" 'BEGIN {printf "%s %.1f\n", r, c / r * 1e6}'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds of ${seconds} s, $connections connections"
targets=(event-loop)
if command -v nginx >/dev/null && [[ -e /usr/lib/nginx/modules/ngx_http_js_module.so ]]; then targets+=(nginx)
else echo "nginx or its JavaScript module is not installed: measuring loadlab's server only"; fi
summary=()
for target in "${targets[@]}"; do
  start_model "$target"
  wrk -t2 "-c$connections" -d3s "$url" >/dev/null # warm the server up
  for mode in keep-alive close; do
    ratios=() wrks=() loads=() wcpus=() lcpus=() cratios=()
    for round in $(seq "$rounds"); do
      echo "$target, $mode, round $round:"
      if (( round % 2 )); then wout="$(wrk_rps "$url" "$mode" "$seconds")"; lout="$(loadlab_rps "$url" "$mode")"
      else lout="$(loadlab_rps "$url" "$mode")"; wout="$(wrk_rps "$url" "$mode" "$seconds")"; fi
      read -r w wcpu <<<"$wout"; read -r l lcpu <<<"$lout"
      r="$(awk -v l="$l" -v w="$w" 'BEGIN {printf "%.2f", l / w}')"
      c="$(awk -v l="$lcpu" -v w="$wcpu" 'BEGIN {printf "%.2f", l / w}')"
      printf '    wrk %10.0f/s (%5.1f us CPU/request)   loadlab %10.0f/s (%5.1f us CPU/request)   loadlab/wrk RPS %s, CPU/request %s\n' \
        "$w" "$wcpu" "$l" "$lcpu" "$r" "$c"
      wrks+=("$w") loads+=("$l") ratios+=("$r") wcpus+=("$wcpu") lcpus+=("$lcpu") cratios+=("$c")
    done
    rmed="$(printf '%s\n' "${ratios[@]}" | median)" cmed="$(printf '%s\n' "${cratios[@]}" | median)"
    verdict="$(awk -v r="$rmed" -v c="$cmed" 'BEGIN {print (r >= 0.95 ? "RPS ok" : "RPS MISSED") ", " (c <= 1.3 ? "CPU ok" : "CPU MISSED")}')"
    summary+=("$(printf '%-11s %-11s %9.0f %9.0f %6s %-16s %7s %7s %6s %-16s %s' "$target" "$mode" \
      "$(printf '%s\n' "${wrks[@]}" | median)" "$(printf '%s\n' "${loads[@]}" | median)" \
      "$rmed" "$(printf '%s\n' "${ratios[@]}" | sort -g | tr '\n' ' ')" \
      "$(printf '%s\n' "${wcpus[@]}" | median)" "$(printf '%s\n' "${lcpus[@]}" | median)" \
      "$cmed" "$(printf '%s\n' "${cratios[@]}" | sort -g | tr '\n' ' ')" "$verdict")")
  done
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
done

echo
echo "medians of $rounds rounds (targets: loadlab/wrk RPS >= 0.95, loadlab/wrk CPU per request <= 1.3);"
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg); CPU: microseconds of each tool's own CPU per request"
printf '%-11s %-11s %9s %9s %6s %-16s %7s %7s %6s %-16s %s\n' server mode "wrk rps" "loadlab" ratio "all ratios" "wrk CPU" "ll CPU" ratio "all ratios" targets
printf '%s\n' "${summary[@]}"
