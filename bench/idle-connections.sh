#!/usr/bin/env bash
# Benchmark for scenario 9 of issue 10: an event loop's round trip with 10,000 idle connections open,
# side by side with none, in alternating rounds against the same server. Prints each round's medians
# and their ratio; the claim is at most 1.5 (the loop used to scan every connection on every wake-up:
# 29-78 us with none, 420 us with 10,000). Printed, not asserted: speed belongs in a benchmark, and
# this machine is shared. The mechanism is asserted by DeadlinesTest.
#
#   bench/idle-connections.sh [IDLE] [ROUNDS] [MODELS...]      defaults: 10000 idle, 3 rounds, event-loop event-loop-offload
#
# Needs a JDK 21+ and Maven (./loadlab builds the jar), and a descriptor limit above IDLE (ulimit -n).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
idle="${1:-10000}"
rounds="${2:-3}"
shift $(( $# > 2 ? 2 : $# ))
models=("$@")
[[ ${#models[@]} -gt 0 ]] || models=(event-loop event-loop-offload)

ulimit -n "$(( idle + 1024 ))" 2>/dev/null || { echo "cannot raise the descriptor limit to $(( idle + 1024 )) (ulimit -n)" >&2; exit 2; }
work="$(mktemp -d /tmp/loadlab-idle.XXXXXX)"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

java_bin=""
"$root/loadlab" --help >/dev/null 2>&1 || true # builds target/loadlab.jar if needed
# The same JDK ./loadlab picks: JAVA_HOME, then the first JDK 21+ on the machine.
for candidate in "${JAVA_HOME:-}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*/bin/java ~/.jdks/*/bin/java; do
  [[ -x "$candidate" ]] || continue
  v="$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
  if [[ "${v%%.*}" =~ ^[0-9]+$ ]] && (( ${v%%.*} >= 21 )); then java_bin="$candidate"; break; fi
done
[[ -n "$java_bin" ]] || { echo "needs a JDK 21 or newer" >&2; exit 2; }

# A ping-pong's round trip is bimodal when the scheduler may put client and server on one core or
# on two (about 11 us against 75 us here, whatever the idle connections): with taskset (util-linux)
# the server runs on core 0 and the client on core 1, every round alike.
server_cpu=() client_cpu=()
if command -v taskset >/dev/null && (( $(nproc) >= 2 )); then
  server_cpu=(taskset -c 0) client_cpu=(taskset -c 1)
fi

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $idle idle connections, $rounds rounds" \
  "$( [[ ${#server_cpu[@]} -gt 0 ]] && echo "(server on core 0, client on core 1)")"
for model in "${models[@]}"; do
  "${server_cpu[@]}" "$java_bin" -jar "$root/target/loadlab.jar" serve --model "$model" --idle-timeout 600s >"$work/$model.log" 2>&1 &
  pid=$!
  url=""
  for _ in $(seq 100); do
    url="$(grep -o 'http://[0-9.:]*/' "$work/$model.log" || true)"
    [[ -n "$url" ]] && break
    sleep 0.1
  done
  [[ -n "$url" ]] || { echo "the $model server did not start: $(cat "$work/$model.log")" >&2; exit 1; }
  port="${url##*:}"; port="${port%/}"
  echo "$model:"
  "${client_cpu[@]}" "$java_bin" "$root/bench/IdleConnections.java" "$port" "$idle" "$rounds" | sed 's/^/  /'
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=""
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
