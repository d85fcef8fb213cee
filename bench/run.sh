#!/usr/bin/env bash
# Chat's benchmarks in one command (docs/benchmarks.md):
#   bench/run.sh all                                   # every scenario, full scale (an hour or more; seeding history ~15 min)
#   bench/run.sh fanout durable                        # some of: fanout rooms overload churn durable history idle
#   PIN=1 bench/run.sh all                             # server on CPU 0, load generator on CPU 1
#   SCALE=small bench/run.sh all                       # a few minutes: proves every scenario end to end
#   BENCH_POSTGRES="Host=127.0.0.1;Port=5432;Username=chat;Password=…" bench/run.sh durable   # also PostgreSQL
#   bench/run.sh history --keep / --reuse              # keep the seeded 1,000,000 messages / use the kept ones
#   BUILD=0 bench/run.sh …                             # skip the builds (a run just before built everything)
# Builds Chat (Release, this working tree), the load generator and the ceiling server; starts each server on
# 127.0.0.1 at a free port with a fresh data directory; writes bench/results/<UTC timestamp>/ (OUT to override):
# table.md (machine facts + every table), *.json (everything measured), *.png (latency vs offered load), logs.
# Every step is bounded in time; the servers started here are stopped on exit (by PID).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"

KEEP=0; REUSE=0; SCENARIOS=()
for a in "$@"; do
  case "$a" in
    --keep) KEEP=1 ;;
    --reuse) REUSE=1 ;;
    all) SCENARIOS=(fanout rooms overload churn durable history idle) ;;
    fanout|rooms|overload|churn|durable|history|idle) SCENARIOS+=("$a") ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
    *) echo "unknown scenario or option: $a (see bench/run.sh --help)" >&2; exit 2 ;;
  esac
done
[ ${#SCENARIOS[@]} -gt 0 ] || { sed -n 2,14p "$0" >&2; exit 2; }

SCALE="${SCALE:-full}"
PIN="${PIN:-0}"
OUT="${OUT:-$HERE/results/$(date -u +%Y%m%d-%H%M%S)}"
BENCH_DATA="${BENCH_DATA:-$HERE/.data}"        # fresh data directories (removed after use) and the kept history seed
CHAT_QUEUE="${CHAT_QUEUE:-1024}"               # fan-out scenarios: Chat's per-socket queue = the ceiling's (product default 256)
SQLITE_SYNC="${SQLITE_SYNC:-Full}"             # Chat__Database__SqliteSynchronous for every scenario but durable (which runs Full and Normal)
mkdir -p "$OUT" "$BENCH_DATA"
LOG="$OUT/raw.log"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }

# Scale: "full" is the issue's scenario; "small" proves the pipeline on a busy machine in minutes.
if [ "$SCALE" = small ]; then
  : "${FANOUT_MEMBERS:=200}" "${ROOMS:=50}" "${ROOM_MEMBERS:=10}" "${OVERLOAD_MEMBERS:=100}" "${CHURN_MEMBERS:=50}" "${CHURNERS:=10}"
  : "${STEP_DURATION:=2}" "${DURATION:=4}" "${WARMUP:=1}" "${BISECT:=1}" "${DURABLE_BIG:=200}" "${HISTORY_MESSAGES:=100000}" "${DURABLE_PREWARM:=5}"
  : "${HISTORY_REQUESTS:=300}" "${HISTORY_PREWARM:=300}" "${HISTORY_PREWARM_SECONDS:=5}" "${HISTORY_PREWARM_SLICE:=300}" "${IDLE_SOCKETS:=10000}" "${IDLE_HOLD:=5}" "${MAX_RATE_CHAT:=2000}" "${CHURN_RATE:=5}"
  # a busy machine: a step passes with p99 up to 5 s, so the pipeline still finds a max to measure at
  : "${P99_LIMIT_MS:=5000}" "${CHAT_START_RATE:=1}" "${PREWARM:=5}"
else
  : "${FANOUT_MEMBERS:=1000}" "${ROOMS:=1000}" "${ROOM_MEMBERS:=10}" "${OVERLOAD_MEMBERS:=200}" "${CHURN_MEMBERS:=100}" "${CHURNERS:=20}"
  : "${STEP_DURATION:=4}" "${DURATION:=10}" "${WARMUP:=2}" "${BISECT:=2}" "${DURABLE_BIG:=1000}" "${HISTORY_MESSAGES:=1000000}"
  : "${HISTORY_REQUESTS:=3000}" "${IDLE_SOCKETS:=10000 50000}" "${IDLE_HOLD:=30}" "${MAX_RATE_CHAT:=20000}"
  # seconds of unreported load at the start rate before a fan-out style ramp, on each server: pinned to one core, the
  # tiered JIT and dynamic PGO take 60-90 s to settle, and a ramp that starts cold measures the compiler (docs/benchmarks.md)
  : "${PREWARM:=120}"
fi
: "${DURABLE_DBS:=sqlitefull sqlitenormal postgres}" "${DURABLE_TRANSPORTS:=rest ws}"
: "${DURABLE_PREWARM:=120}"                    # seconds of unreported load before the durable runs, half per transport (tiered JIT settles)
: "${HISTORY_PREWARM:=20000}"                  # unreported page reads before the history runs, at least (the same reason)
: "${HISTORY_PREWARM_SECONDS:=150}" "${HISTORY_PREWARM_SLICE:=5000}"  # ... then slices of pages until this long: 20,000 pages took 35-50 s, the tier-1 JIT still at work
: "${IDLE_SOCKETS_PER_USER:=1}" "${SENDERS:=10}" "${SIZE:=100}" "${DURABLE_SENDERS:=32}" "${CHURN_RATE:=20}" "${OVERLOAD_FACTOR:=2}"
: "${CHAT_START_RATE:=2}" "${CEILING_START_RATE:=20}" "${P99_LIMIT_MS:=1000}" "${HISTORY_CONCURRENCY:=1}"
COMMON_RATE="${COMMON_RATE:-}"                 # fan-out: the rate both servers run at for CPU per delivery (default: half of Chat's max)

SRV_PIN=(); GEN_PIN=()
if [ "$PIN" = 1 ]; then SRV_PIN=(taskset -c 0); GEN_PIN=(taskset -c 1); fi

# ---- processes started here, stopped on exit ----------------------------------------------------------------------
SERVER_PID=""; SERVER_DATA=""; PG_DBS=(); LG_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      kill "$SERVER_PID" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
  if [ -n "$SERVER_DATA" ] && [ "${1:-}" != keep ]; then rm -rf "$SERVER_DATA"; fi
  [ "${1:-}" = keep ] || SERVER_DATA=""
}
cleanup() {
  if [ -n "$LG_PID" ] && kill -0 "$LG_PID" 2>/dev/null; then kill -TERM "$LG_PID" 2>/dev/null || true; wait "$LG_PID" 2>/dev/null || true; fi
  stop_server
  for db in "${PG_DBS[@]}"; do pg_sql postgres "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Raise the open-file limit for this shell and everything it starts (each socket is a descriptor on both sides).
want_fds=$(( $(echo "$IDLE_SOCKETS" | tr ' ' '\n' | sort -n | tail -1) * 2 + 4096 ))
ulimit -n "$want_fds" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ---- PostgreSQL (optional): BENCH_POSTGRES is a server connection string; each server start gets a new database -----
pg_conninfo() { # libpq conninfo from an Npgsql connection string, database $1
  local out="dbname=$1" kv k v
  IFS=';' read -r -a kvs <<<"$BENCH_POSTGRES"
  for kv in "${kvs[@]}"; do
    k="$(echo "${kv%%=*}" | tr 'A-Z' 'a-z' | tr -d ' ')"; v="${kv#*=}"
    case "$k" in host|server) out+=" host=$v";; port) out+=" port=$v";; username|userid|user) out+=" user=$v";; password) out+=" password=$v";; esac
  done
  echo "$out"
}
pg_sql() { timeout 60 psql "$(pg_conninfo "$1")" -v ON_ERROR_STOP=1 -Atc "$2"; }

# ---- build ----------------------------------------------------------------------------------------------------------
if [ "${BUILD:-1}" = 1 ]; then
  log "building Chat (Release, working tree), the load generator and the ceiling server ..."
  for p in "$ROOT/src/Chat.Api" "$HERE/LoadGen" "$HERE/Ceiling"; do
    timeout 900 nice -n 5 dotnet build "$p" -c Release -nologo -v q >>"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; log "build failed: $p"; exit 1; }
  done
else
  log "BUILD=0: using the existing Release builds"
fi
CHAT_DLL="$ROOT/src/Chat.Api/bin/Release/net10.0/Chat.Api.dll"
CEILING_DLL="$HERE/Ceiling/bin/Release/net10.0/ceiling.dll"
LOADGEN=(dotnet "$HERE/LoadGen/bin/Release/net10.0/loadgen.dll")

# ---- machine facts ---------------------------------------------------------------------------------------------------
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || commit+=" (+ uncommitted changes in src/)"
{
  echo "# Chat benchmarks — $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "| fact | value |"
  echo "|---|---|"
  echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') |"
  echo "| cores (online / visible) | $(getconf _NPROCESSORS_ONLN) / $(nproc) |"
  echo "| memory | $(free -m | awk '/Mem:/ {print $2 " MiB"}') |"
  echo "| kernel | $(uname -sr) |"
  echo "| .NET | SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}') |"
  echo "| commit | $commit |"
  echo "| pinning | $([ "$PIN" = 1 ] && echo 'PIN=1: server on CPU 0, load generator on CPU 1' || echo 'none (PIN=0): server and load generator share all cores') |"
  echo "| scale | $SCALE |"
  echo "| load average at start | $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "| open-file limit | $(ulimit -n) |"
  if [ -n "${BENCH_POSTGRES:-}" ]; then
    echo "| PostgreSQL | $(pg_sql postgres 'show server_version' 2>/dev/null || echo unreachable), fsync=$(pg_sql postgres 'show fsync' 2>/dev/null), synchronous_commit=$(pg_sql postgres 'show synchronous_commit' 2>/dev/null) |"
  fi
} >"$OUT/facts.md"
cat "$OUT/facts.md" >&2

# ---- servers ---------------------------------------------------------------------------------------------------------
PORT=""
wait_health() { # name path
  for _ in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$1 exited during start"; tail -20 "$OUT/server-$1.log"; exit 1; }
    curl -sf --max-time 1 "http://127.0.0.1:$PORT$2" >/dev/null 2>&1 && { log "$1 listening on 127.0.0.1:$PORT (pid $SERVER_PID)"; return 0; }
    sleep 0.2
  done
  log "$1 did not come up in 60 s"; exit 1
}

start_ceiling() {
  PORT="$(free_port)"
  "${SRV_PIN[@]}" dotnet "$CEILING_DLL" --urls "http://127.0.0.1:$PORT" >>"$OUT/server-ceiling.log" 2>&1 &
  SERVER_PID=$!
  wait_health ceiling /health
}

# start_chat NAME [DATA_DIR] [VAR=value ...]: fresh data directory unless one is given; rate limits off; Warning logs.
start_chat() {
  local name="$1"; shift
  if [ $# -gt 0 ] && [ -d "$1" ]; then SERVER_DATA="$1"; shift; else SERVER_DATA="$(mktemp -d "$BENCH_DATA/data.XXXXXX")"; fi
  PORT="$(free_port)"
  (cd "$(dirname "$CHAT_DLL")" && exec env -u ASPNETCORE_ENVIRONMENT -u DOTNET_ENVIRONMENT -u ASPNETCORE_URLS \
    Chat__DataDirectory="$SERVER_DATA" Chat__Logging__MinimumLevel=Warning \
    Chat__RateLimits__Login__PermitLimit=0 Chat__RateLimits__Register__PermitLimit=0 \
    Chat__RateLimits__SendMessage__PermitLimit=0 Chat__RateLimits__CreateConversation__PermitLimit=0 \
    Chat__RateLimits__Socket__PermitLimit=0 Chat__Passwords__Iterations=1000 \
    Chat__Database__SqliteSynchronous="$SQLITE_SYNC" "$@" \
    "${SRV_PIN[@]}" dotnet "$CHAT_DLL" --urls "http://127.0.0.1:$PORT") >>"$OUT/server-$name.log" 2>&1 &
  SERVER_PID=$!
  wait_health "$name" /health/live
}

# run_loadgen SECONDS ARGS...: the load generator, bounded; a failure is logged, the run goes on.
# In the background + wait, so that a signal to this script is handled at once (the trap stops it by its PID).
LG_PID=""
run_loadgen() {
  local t="$1" rc=0; shift
  log "loadgen $* (timeout ${t}s)"
  timeout "$t" "${GEN_PIN[@]}" "${LOADGEN[@]}" "$@" > >(tee -a "$LOG" >&2) 2>&1 &
  LG_PID=$!
  wait "$LG_PID" || rc=$?
  LG_PID=""
  [ "$rc" = 0 ] || log "loadgen exited with $rc (124: timed out; see raw.log)"
}

server_log_check() { log "server $1: $(grep -c '\[ERR\]\|\[FTL\]\|"Level":"Error"\|"Level":"Fatal"' "$OUT/server-$1.log" || true) error lines in server-$1.log"; }

json_get() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=(d or {}).get(k)
print("" if d is None else d)' "$1" "$2" 2>/dev/null || true; }

# ---- scenarios -------------------------------------------------------------------------------------------------------
fanout_pair() { # scenario members rooms senders
  local sc="$1" m="$2" rooms="$3" s="$4" common max
  start_chat "$sc-chat" Chat__Realtime__OutboundQueueCapacity="$CHAT_QUEUE"
  run_loadgen 1800 suite --scenario "$sc" --proto chat --url "ws://127.0.0.1:$PORT/ws" --pid "$SERVER_PID" --label chat \
    --members "$m" --rooms "$rooms" --senders "$s" --size "$SIZE" --start-rate "$CHAT_START_RATE" --max-rate "$MAX_RATE_CHAT" \
    --step-duration "$STEP_DURATION" --bisect "$BISECT" --warmup "$WARMUP" --duration "$DURATION" --p99-limit-ms "$P99_LIMIT_MS" \
    --prewarm "$PREWARM" --common-rate "${COMMON_RATE:-0}" --json "$OUT/$sc-chat.json"
  server_log_check "$sc-chat"; stop_server
  max="$(json_get "$OUT/$sc-chat.json" Max.OfferedMsgsPerSec)"
  common="${COMMON_RATE:-$(python3 -c "print(round(float('${max:-0}' or 0)/2, 1))")}"
  if [ "$common" = "0.0" ] || [ -z "$common" ]; then common="$CHAT_START_RATE"; fi
  log "$sc: common rate for CPU per delivery = $common msg/s (half of Chat's max ${max:-n/a})"
  start_ceiling
  run_loadgen 900 suite --scenario "$sc" --proto raw --url "ws://127.0.0.1:$PORT/ws" --pid "$SERVER_PID" --label ceiling \
    --members "$m" --rooms "$rooms" --senders "$s" --size "$SIZE" --start-rate "$CEILING_START_RATE" --max-rate 1000000 \
    --step-duration "$STEP_DURATION" --bisect "$BISECT" --warmup "$WARMUP" --duration "$DURATION" --p99-limit-ms "$P99_LIMIT_MS" \
    --prewarm "$PREWARM" --common-rate "$common" --json "$OUT/$sc-ceiling.json"
  log "ceiling /stats: $(curl -s --max-time 2 "http://127.0.0.1:$PORT/stats" || echo unavailable)"
  stop_server
  # Chat's own 50 % run is at the common rate unless COMMON_RATE was given: it is Chat's common-rate measurement.
  if [ -z "$COMMON_RATE" ]; then
    python3 - "$OUT/$sc-chat.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p))
if d.get("Common") is None and d.get("Half") is not None: d["Common"] = d["Half"]
json.dump(d, open(p, "w"), indent=2)
PY
  fi
}

scenario_fanout() { fanout_pair fanout "$FANOUT_MEMBERS" 1 "$SENDERS"; }
scenario_rooms() { fanout_pair rooms "$((ROOMS * ROOM_MEMBERS))" "$ROOMS" "$ROOMS"; }

scenario_overload() {
  # Product defaults for the queue (256) and every realtime setting: graceful degradation must hold as shipped.
  start_chat overload
  run_loadgen 1200 overload --scenario overload --proto chat --url "ws://127.0.0.1:$PORT/ws" --pid "$SERVER_PID" --label chat \
    --members "$OVERLOAD_MEMBERS" --senders "$SENDERS" --size "$SIZE" --start-rate "$CHAT_START_RATE" --max-rate "$MAX_RATE_CHAT" \
    --step-duration "$STEP_DURATION" --bisect "$BISECT" --warmup "$WARMUP" --duration "$DURATION" --p99-limit-ms "$P99_LIMIT_MS" \
    --prewarm "$PREWARM" --overload-factor "$OVERLOAD_FACTOR" --overload-drain 15 --json "$OUT/overload-chat.json"
  server_log_check overload; stop_server
}

scenario_churn() {
  start_chat churn
  run_loadgen 600 churn --scenario churn --proto chat --url "ws://127.0.0.1:$PORT/ws" --pid "$SERVER_PID" --label chat \
    --members "$CHURN_MEMBERS" --senders "$SENDERS" --size "$SIZE" --churners "$CHURNERS" --rate "$CHURN_RATE" \
    --warmup "$WARMUP" --duration "$DURATION" --drain 5 --prewarm "$PREWARM" --json "$OUT/churn-chat.json"
  server_log_check churn; stop_server
}

durable_config() { # db-label VAR=value...
  local db="$1"; shift
  start_chat "durable-$db" "$@"
  local pid="$SERVER_PID" url="http://127.0.0.1:$PORT" t tgt members label acked
  # The runtime keeps re-compiling hot methods (tiered JIT) under load: JIT was 15 % of the CPU 25 s in (profiled).
  # Pinned to one core, the JIT thread shares that core with the requests, and dynamic PGO's instrumented code ran for
  # over 30 s: a socket send cost 2.0 ms of CPU 30 s in and 0.9 ms 90 s in (docs/benchmarks.md). Measure the warm
  # server: unreported runs first, half on each transport (their dispatch code differs).
  if [ "$DURABLE_PREWARM" -gt 0 ]; then
    mkdir -p "$OUT/prewarm"   # not in the report (it reads $OUT/*.json)
    for t in $DURABLE_TRANSPORTS; do
      run_loadgen 600 durable --scenario durable --url "$url" --pid "$pid" --transport "$t" --target direct --senders "$DURABLE_SENDERS" \
        --room-members 0 --size "$SIZE" --warmup 1 --duration "$((DURABLE_PREWARM / 2))" --label prewarm --json "$OUT/prewarm/durable-$db-$t.json"
    done
  fi
  for t in $DURABLE_TRANSPORTS; do
    for tgt in direct channel; do
      members=0; [ "$tgt" = channel ] && members="$DURABLE_SENDERS"
      label="$t-$tgt-n$DURABLE_SENDERS"
      run_loadgen 600 durable --scenario durable --url "$url" --pid "$pid" --transport "$t" --target "$tgt" --senders "$DURABLE_SENDERS" \
        --room-members "$members" --size "$SIZE" --warmup "$WARMUP" --duration "$DURATION" --label "$label" --json "$OUT/durable-$db-$label.json"
      acked="$(json_get "$OUT/durable-$db-$label.json" AckedPerSec)"
      if [ -n "$acked" ] && python3 -c "import sys; sys.exit(0 if float('$acked') > 1 else 1)"; then
        run_loadgen 600 durable --scenario durable --url "$url" --pid "$pid" --transport "$t" --target "$tgt" --senders "$DURABLE_SENDERS" \
          --room-members "$members" --size "$SIZE" --warmup "$WARMUP" --duration "$DURATION" --open-rate "$(python3 -c "print(round(float('$acked')/2, 1))")" \
          --label "$label-half" --json "$OUT/durable-$db-$label-half.json"
      fi
    done
    for members in 8 "$DURABLE_BIG"; do
      label="$t-channel-n8-m$members"
      run_loadgen 900 durable --scenario durable --url "$url" --pid "$pid" --transport "$t" --target channel --senders 8 \
        --room-members "$members" --size "$SIZE" --warmup "$WARMUP" --duration "$DURATION" --label "$label" --json "$OUT/durable-$db-$label.json"
    done
  done
  server_log_check "durable-$db"; stop_server
}

scenario_durable() {
  local which
  for which in $DURABLE_DBS; do
    case "$which" in
      sqlitefull) SQLITE_SYNC=Full durable_config sqlitefull ;;
      sqlitenormal) SQLITE_SYNC=Normal durable_config sqlitenormal ;;
      postgres)
        if [ -z "${BENCH_POSTGRES:-}" ]; then log "durable: BENCH_POSTGRES not set, PostgreSQL skipped"; continue; fi
        local db
        db="chatbench_$(date -u +%Y%m%d%H%M%S)_$$"
        PG_DBS+=("$db")
        pg_sql postgres "CREATE DATABASE \"$db\"" >/dev/null || { log "PostgreSQL: cannot create database $db; skipped"; continue; }
        log "PostgreSQL: fresh database $db (Chat's migrations make the schema; dropped at exit)"
        durable_config postgres Chat__Database__Provider=Postgres "ConnectionStrings__Chat=$BENCH_POSTGRES;Database=$db;Maximum Pool Size=100" ;;
      *) log "durable: unknown database $which (sqlitefull sqlitenormal postgres)" ;;
    esac
  done
}

# History: two friends and their direct conversation over REST; the server stops; the messages are inserted with
# sqlite3 in one transaction (columns read from the migrated schema, so later migrations keep working); ANALYZE.
scenario_history() {
  local dir="$BENCH_DATA/history-$HISTORY_MESSAGES" meta
  meta="$dir/bench-history.env"
  if [ "$REUSE" = 1 ] && [ -f "$meta" ]; then
    log "history: reusing $dir (seeded earlier; --reuse)"
  else
    rm -rf "$dir"; mkdir -p "$dir"
    start_chat history "$dir"
    local api="http://127.0.0.1:$PORT/api/v1" a b ta ia tb ib req conv
    reg() { curl -sf --max-time 30 -X POST "$api/auth/register" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"perf-pass-1234\"}"; }
    jq_() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }
    a=$(reg hista); b=$(reg histb)
    ta=$(echo "$a" | jq_ 'd["accessToken"]'); ia=$(echo "$a" | jq_ 'd["user"]["id"]')
    tb=$(echo "$b" | jq_ 'd["accessToken"]'); ib=$(echo "$b" | jq_ 'd["user"]["id"]')
    req=$(curl -sf --max-time 30 -X POST "$api/friends/requests" -H "Authorization: Bearer $ta" -H 'Content-Type: application/json' -d "{\"userId\":\"$ib\"}" | jq_ 'd["id"]')
    curl -sf --max-time 30 -X POST "$api/friends/requests/$req/accept" -H "Authorization: Bearer $tb" >/dev/null
    conv=$(curl -sf --max-time 30 -X POST "$api/conversations/direct" -H "Authorization: Bearer $ta" -H 'Content-Type: application/json' -d "{\"userId\":\"$ib\"}" | jq_ 'd["id"]')
    stop_server keep
    log "history: seeding $HISTORY_MESSAGES messages into $conv ..."
    local t0=$SECONDS
    timeout 1800 python3 "$HERE/seed-history.py" "$dir/chat.db" "$conv" "$ia" "$ib" "$HISTORY_MESSAGES" 2>&1 | tee -a "$LOG" >&2
    log "history: seeded in $((SECONDS - t0)) s; database $(du -sh "$dir/chat.db" | cut -f1)"
    printf 'CONV=%s\nMESSAGES=%s\n' "$conv" "$HISTORY_MESSAGES" >"$meta"
  fi
  # shellcheck disable=SC1090
  source "$meta"
  start_chat history "$dir"
  # Like durable: the first thousands of requests run partly JIT-compiled code (41 % of the CPU in a profile of the
  # first series). Measure the warm server: HISTORY_PREWARM pages, then more in slices until HISTORY_PREWARM_SECONDS
  # have passed. Pinned, the tier-1 compiler shares the core: after 20,000 pages (35-50 s) it still took 12 % of the
  # samples and a page cost 1.4-2.6 ms of CPU against 1.1-1.2 ms from about 100 s on (docs/benchmarks.md, item 25).
  # history_pages TIMEOUT REQUESTS CONCURRENCY LABEL JSON: pages of the seeded conversation before random seqs.
  history_pages() {
    run_loadgen "$1" history --scenario history --url "http://127.0.0.1:$PORT" --pid "$SERVER_PID" --user hista --conv "$CONV" \
      --max-seq "$MESSAGES" --requests "$2" --concurrency "$3" --limit 50 --label "$4" --json "$5"
  }
  if [ "$HISTORY_PREWARM" -gt 0 ]; then
    mkdir -p "$OUT/prewarm"
    local warm_start=$SECONDS slice=0
    history_pages 900 "$HISTORY_PREWARM" 1 prewarm "$OUT/prewarm/history.json"
    while [ $((SECONDS - warm_start)) -lt "$HISTORY_PREWARM_SECONDS" ] && [ "$slice" -lt 60 ]; do
      slice=$((slice + 1))
      history_pages 300 "$HISTORY_PREWARM_SLICE" 1 "prewarm-$slice" "$OUT/prewarm/history-$slice.json"
    done
    log "history: warmed for $((SECONDS - warm_start)) s"
  fi
  for c in $HISTORY_CONCURRENCY; do
    history_pages 900 "$HISTORY_REQUESTS" "$c" "history-c$c" "$OUT/history-c$c.json"
  done
  server_log_check history
  if [ "$KEEP" = 1 ] || [ "$REUSE" = 1 ]; then stop_server keep; SERVER_DATA=""; log "history: data kept in $dir (bench/run.sh history --reuse)"
  else stop_server; fi
}

scenario_idle() {
  local n addrs
  for n in $IDLE_SOCKETS; do
    if [ "$(ulimit -n)" -lt $((n + 2000)) ]; then
      log "idle $n: SKIPPED — the open-file limit is $(ulimit -n) (hard $(ulimit -Hn)); each side needs more than $n descriptors: raise it (ulimit -Hn as root, or LimitNOFILE) and run again"
      continue
    fi
    addrs=$(( (n + 24999) / 25000 ))   # ~28,000 ephemeral ports per source address
    start_ceiling
    run_loadgen 1200 idle --scenario idle --proto raw --url "ws://127.0.0.1:$PORT/ws" --pid "$SERVER_PID" --label ceiling \
      --members "$n" --senders 1 --local-addresses "$addrs" --idle-hold "$IDLE_HOLD" --json "$OUT/idle-$n-ceiling.json"
    stop_server
    # One socket per user as in real use (IDLE_SOCKETS_PER_USER > 1 registers fewer users and raises MaxSocketsPerUser)
    start_chat "idle-$n" Chat__Realtime__MaxSocketsPerUser="$(( IDLE_SOCKETS_PER_USER > 10 ? IDLE_SOCKETS_PER_USER : 10 ))"
    run_loadgen 2400 idle --scenario idle --proto chat --url "ws://127.0.0.1:$PORT/ws" --pid "$SERVER_PID" --label chat \
      --members "$n" --senders 1 --no-room true --sockets-per-user "$IDLE_SOCKETS_PER_USER" --register-concurrency 16 --local-addresses "$addrs" \
      --idle-hold "$IDLE_HOLD" --json "$OUT/idle-$n-chat.json"
    server_log_check "idle-$n"; stop_server
  done
}

for s in "${SCENARIOS[@]}"; do
  log "=== $s (load average $(cut -d' ' -f1-3 /proc/loadavg)) ==="
  "scenario_$s"
done

echo "| load average at end | $(cut -d' ' -f1-3 /proc/loadavg) |" >>"$OUT/facts.md"
{ cat "$OUT/facts.md"; echo; timeout 120 "${LOADGEN[@]}" report "$OUT"; } >"$OUT/table.md"
timeout 300 "${LOADGEN[@]}" plot "$OUT" 2>&1 | tee -a "$LOG" >&2 || log "plots failed (see raw.log)"
for png in "$OUT"/*.png; do [ -f "$png" ] && echo "![$(basename "$png" .png)]($(basename "$png"))" >>"$OUT/table.md"; done
log "results: $OUT/table.md"
cat "$OUT/table.md"
