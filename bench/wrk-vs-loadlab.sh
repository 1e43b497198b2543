#!/usr/bin/env bash
# Benchmark: loadlab's generator against wrk, on the same server, in one run. Prints, per server and
# connection mode, the requests per second each tool got and loadlab/wrk. Printed, not asserted:
# speed belongs in a benchmark, not in a unit test (and this machine is shared and noisy).
#
#   bench/wrk-vs-loadlab.sh [ROUNDS] [SECONDS] [CONNECTIONS]     defaults: 3 rounds, 10 s, 50 connections
#
# Servers: loadlab's faster model of event-loop and virtual-threads (measured here first with wrk),
# and nginx when installed (one worker, echoing each request from a tiny config, so that loadlab's
# strict echo check passes there too). Modes: keep-alive, and a new connection per request (wrk with
# -H 'Connection: close', loadlab with --close-each). Each round runs both tools back to back,
# alternating which goes first, and the ratio is taken per round so that drift of a shared machine
# hits both alike. loadlab runs a closed loop of CONNECTIONS users without think time, as wrk does,
# after a 2 s warm-up of its own; the server is warmed up once by wrk before it is measured.
# Needs: wrk (apt-get install wrk), optionally nginx (apt-get install nginx), a JDK 21+, Maven.
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

free_port() {
  local port
  for port in $(seq 18400 18499); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# nginx answering every request with the request's own line and headers (what loadlab sends:
# request line, Host, and Connection when it closes), so that the echo check holds.
start_nginx() {
  local port; port="$(free_port)"
  mkdir -p "$work/nginx/logs"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  default_type message/http;
  keepalive_requests 100000000;
  map \$http_connection \$connection_line { "" ""; default "Connection: \$http_connection\r\n"; }
  server {
    listen 127.0.0.1:$port;
    location / { return 200 "\$request\r\nHost: \$http_host\r\n\$connection_line\r\n"; }
  }
}
CONF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx/logs/stdout.log" 2>&1 &
  pids+=($!)
  url="http://127.0.0.1:$port/"
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nginx did not start: $(cat "$work/nginx/logs/"*)" >&2; exit 1
}

wrk_rps() { # url mode seconds
  local args=(-t2 "-c$connections" "-d${3}s")
  [[ "$2" == close ]] && args+=(-H 'Connection: close')
  local out; out="$(wrk "${args[@]}" "$1")"
  local errors; errors="$(grep -E 'Socket errors|Non-2xx' <<<"$out" | tr -s ' ' | tr '\n' ' ' || true)"
  [[ -n "$errors" ]] && echo "    wrk: $errors" >&2
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

loadlab_rps() { # url mode
  local args=(load "$1" --users "$connections" --duration "${seconds}s" --warmup 2s --json "$work/load.json")
  [[ "$2" == close ]] && args+=(--close-each)
  "$root/loadlab" "${args[@]}" >"$work/load.out" 2>&1 || { echo "loadlab failed: $(tail -5 "$work/load.out")" >&2; exit 1; }
  local failures cpu
  failures="$(grep -o '"failures" : [0-9]*' "$work/load.json" | head -1 | awk '{print $3}')"
  cpu="$(grep -o '"cpuCores" : [0-9.]*' "$work/load.json" | awk '{printf "%.2f", $3}')"
  [[ "$failures" != 0 ]] && echo "    loadlab: $failures failures: $(grep -A3 '^Failures' "$work/load.out" | tail -3 | tr -s ' ')" >&2
  echo "    loadlab: generator CPU $cpu cores$(grep '^WARNING' "$work/load.out" | sed 's/^/; /' | tr '\n' ' ')" >&2
  grep -o '"rps" : [0-9.]*' "$work/load.json" | awk '{print $3}'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds of ${seconds} s, $connections connections"
echo "choosing loadlab's faster model (wrk, keep-alive, 5 s each after a 3 s warm-up)..."
best_model="" best_rps=0
for model in event-loop virtual-threads; do
  start_model "$model"
  wrk -t2 "-c$connections" -d3s "$url" >/dev/null
  rps="$(wrk_rps "$url" keep-alive 5)"
  echo "  $model: $rps requests/s"
  if awk -v a="$rps" -v b="$best_rps" 'BEGIN {exit !(a > b)}'; then best_model="$model" best_rps="$rps"; fi
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
done

targets=("$best_model")
command -v nginx >/dev/null && targets+=(nginx) || echo "nginx is not installed: measuring loadlab's server only"
summary=()
for target in "${targets[@]}"; do
  if [[ "$target" == nginx ]]; then start_nginx; else start_model "$target"; fi
  wrk -t2 "-c$connections" -d3s "$url" >/dev/null # warm the server up
  for mode in keep-alive close; do
    ratios=() wrks=() loads=()
    for round in $(seq "$rounds"); do
      echo "$target, $mode, round $round:"
      if (( round % 2 )); then w="$(wrk_rps "$url" "$mode" "$seconds")"; l="$(loadlab_rps "$url" "$mode")"
      else l="$(loadlab_rps "$url" "$mode")"; w="$(wrk_rps "$url" "$mode" "$seconds")"; fi
      r="$(awk -v l="$l" -v w="$w" 'BEGIN {printf "%.2f", l / w}')"
      printf '    wrk %10.0f/s   loadlab %10.0f/s   loadlab/wrk %s\n' "$w" "$l" "$r"
      wrks+=("$w") loads+=("$l") ratios+=("$r")
    done
    summary+=("$(printf '%-16s %-11s %12.0f %12.0f %8s   %s' "$target" "$mode" \
      "$(printf '%s\n' "${wrks[@]}" | median)" "$(printf '%s\n' "${loads[@]}" | median)" \
      "$(printf '%s\n' "${ratios[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | sort -g | tr '\n' ' ')")")
  done
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
done

echo
echo "medians of $rounds rounds (targets on a 2-core machine: keep-alive >= 0.7, close >= 0.9)"
printf '%-16s %-11s %12s %12s %8s   %s\n' server mode "wrk rps" "loadlab rps" ratio "all ratios"
printf '%s\n' "${summary[@]}"
