#!/usr/bin/env bash
# Fan-out with one node vs two nodes over Redis (docs/scale-out.md "Bench"). Bounded: every server is stopped on exit.
#   bash bench/redis/run.sh [sockets] [messages]
# Runs three configurations on one SQLite file (several nodes on one host may share it): one node without Redis,
# one node with Redis (what Redis adds on one node), two nodes with Redis. Prints deliveries/s and p50/p99 latency per
# delivery for each, the CPU time the nodes and redis-server spent, and Redis's own cost per PUBLISH (INFO
# commandstats: usec_per_call).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
sockets=${1:-40}
messages=${2:-400}
work=$(mktemp -d /tmp/chat-bench-redis.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build src/Chat.Api -c Release -v q -o "$work/app" >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >/dev/null &
pids+=($!)
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

start_nodes() { # $1 = count, $2 = redis configuration or empty
  urls=()
  local data="$work/data-$RANDOM"
  mkdir -p "$data"
  for i in $(seq 1 "$1"); do
    local port; port=$(free_port)
    Chat__DataDirectory="$data" Chat__Jwt__SigningKey="bench-signing-key-bench-signing-key-0123456789" \
    Chat__Redis__Configuration="$2" Chat__RateLimits__SendMessage__PermitLimit=0 Chat__RateLimits__Register__PermitLimit=0 \
    Chat__RateLimits__Socket__PermitLimit=0 Chat__RateLimits__CreateConversation__PermitLimit=0 Chat__Passwords__Iterations=1000 \
    Chat__Logging__MinimumLevel=Warning ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$work/app/Chat.Api.dll" >"$work/node-$port.log" 2>&1 &
    pids+=($!)
    urls+=("http://127.0.0.1:$port")
    for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  done
}
stop_nodes() { for p in "${pids[@]:1}"; do kill "$p" 2>/dev/null || true; done; sleep 2; pids=("${pids[0]}"); }

# CPU time (ms, user + system) of the node processes and of redis-server, from /proc/<pid>/stat.
cpu_ms() { local total=0 p f; for p in "$@"; do read -r -a f < "/proc/$p/stat"; total=$((total + f[13] + f[14])); done; echo $((total * 1000 / $(getconf CLK_TCK))); }

run() { # $1 = label
  echo "== $1"
  local nodes_before redis_before
  nodes_before=$(cpu_ms "${pids[@]:1}"); redis_before=$(cpu_ms "${pids[0]}")
  dotnet run bench/redis/FanoutBench.cs -- --nodes "$(IFS=,; echo "${urls[*]}")" --sockets "$sockets" --messages "$messages"
  echo "cpu: nodes $(( $(cpu_ms "${pids[@]:1}") - nodes_before )) ms, redis-server $(( $(cpu_ms "${pids[0]}") - redis_before )) ms" \
    "(set-up, $messages sends and their deliveries)"
}

start_nodes 1 ""; run "one node, no Redis"; stop_nodes
redis-cli -p "$redis_port" config resetstat >/dev/null
start_nodes 1 "127.0.0.1:$redis_port"; run "one node, Redis"; stop_nodes
redis-cli -p "$redis_port" info commandstats | grep -E '^cmdstat_publish' || true
redis-cli -p "$redis_port" config resetstat >/dev/null
start_nodes 2 "127.0.0.1:$redis_port"; run "two nodes, Redis"
redis-cli -p "$redis_port" info commandstats | grep -E '^cmdstat_publish' || true
redis-cli -p "$redis_port" info stats | grep -E '^(total_net_input_bytes|total_net_output_bytes)' || true
