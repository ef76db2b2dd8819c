#!/usr/bin/env bash
# bench/run.sh: liteserve's benchmark driver.
#
# Builds the measuring sticks (../shared/bench/limit_server.cpp, limit_sqlite.cpp)
# into bench/out/, generates bench/out/bench.db and write.db if missing, then for
# each scenario of bench/scenarios.txt starts a fresh `build/liteserve serve`,
# drives it with wrk at each concurrency, records req/s, p50/p99, non-2xx, socket
# errors, peak RSS (VmHWM) and whether the server goes idle once the load stops.
# Then measures limit_server (HTTP ceiling) at the same concurrencies and
# limit_sqlite (single-thread SQL + JSON floors), and renders a markdown report to
# stdout and bench/out/results-<stamp>.md (raw outputs in bench/out/raw-<stamp>/).
#
# Usage: bench/run.sh            (from anywhere; settings through the environment)
#   DURATION=10            seconds per wrk run
#   CONCURRENCY="1 8 64"   wrk connections (ascending: RSS is cumulative per scenario)
#   SCENARIOS="R1 R2 R3 R4 R5 R6"   ids from bench/scenarios.txt
#   LITESERVE=build/liteserve       the server binary (anything with Datasette's
#                                   `serve -i FILE -p PORT` CLI works, e.g. datasette)
#   LITESERVE_ARGS=""      extra serve arguments, e.g. "--setting sql_time_limit_ms 1000"
#   LITESERVE_TOKEN=""     bearer token sent by the write scenarios' lua scripts
#   PORT=8765 LIMIT_PORT=8766   ports for the server and limit_server
#   WARMUP=1               seconds of discarded wrk load (c=1) after each server start
#   WRK_THREADS=2          wrk threads for c > 1 (c=1 always uses one)
#   WRK_TIMEOUT=10s        wrk request timeout (slower responses count as timeouts)
#   FLOOR_SECONDS=2        limit_sqlite seconds per floor
#   REPEAT=3               requests per curl scenario (exports)
#   EVENTS=1000000         events in a newly generated bench.db
#   STICKS=1               0: skip limit_server and limit_sqlite
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${OUT:-$HERE/out}
SHARED=${SHARED:-$ROOT/../shared/bench}
LITESERVE=${LITESERVE:-$ROOT/build/liteserve}
LITESERVE_ARGS=${LITESERVE_ARGS:-}
PORT=${PORT:-8765}
LIMIT_PORT=${LIMIT_PORT:-8766}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-1}
CONCURRENCY=${CONCURRENCY:-"1 8 64"}
SCENARIOS=${SCENARIOS:-"R1 R2 R3 R4 R5 R6"}
WRK_THREADS=${WRK_THREADS:-2}
WRK_TIMEOUT=${WRK_TIMEOUT:-10s}
FLOOR_SECONDS=${FLOOR_SECONDS:-2}
REPEAT=${REPEAT:-3}
STICKS=${STICKS:-1}

STAMP=$(date +%Y%m%d-%H%M%S)
RAW=$OUT/raw-$STAMP
RESULTS=$OUT/results-$STAMP.md
REPORT=(python3 "$HERE/report.py")
read -r -a IDS <<<"$SCENARIOS"
SERVER_PID=""

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ------------------------------------------------------------------ processes

alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_port PORT PID: until PORT accepts connections (30 s), while PID lives.
wait_port() {
  local i
  for ((i = 0; i < 300; i++)); do
    port_open "$1" && return 0
    alive "$2" || return 1
    sleep 0.1
  done
  return 1
}

# stop PID: SIGTERM, then SIGKILL after 5 s.
stop() {
  local pid=$1 i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  alive "$pid" && { log "pid $pid ignored SIGTERM; killing"; kill -KILL "$pid" 2>/dev/null || true; }
  wait "$pid" 2>/dev/null || true
}

cleanup() { stop "$SERVER_PID"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Peak resident set (kB) and CPU time (clock ticks, all threads) of a process.
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}'; }

# ------------------------------------------------------------------ preparation

build_sticks() {
  if [[ $STICKS != 1 ]]; then
    log "STICKS=$STICKS: skipping limit_server and limit_sqlite"
    return
  fi
  if [[ ! -d $SHARED ]]; then
    log "no $SHARED: skipping the limit_server and limit_sqlite comparisons"
    STICKS=0
    return
  fi
  if [[ ! -x $OUT/limit_server || $SHARED/limit_server.cpp -nt $OUT/limit_server ]]; then
    log "building limit_server"
    g++ -O2 -std=c++17 -o "$OUT/limit_server" "$SHARED/limit_server.cpp" -pthread
  fi
  if [[ ! -x $OUT/limit_sqlite || $SHARED/limit_sqlite.cpp -nt $OUT/limit_sqlite ]]; then
    log "building limit_sqlite"
    g++ -O2 -std=c++17 -o "$OUT/limit_sqlite" "$SHARED/limit_sqlite.cpp" -lsqlite3
  fi
}

generate_dbs() {
  if [[ -f $OUT/bench.db && -f $OUT/write.db ]]; then return; fi
  log "generating bench.db and write.db in $OUT"
  python3 "$HERE/gen_bench_db.py" --out "$OUT" ${EVENTS:+--events "$EVENTS"} >&2
}

write_meta() {
  local rev
  rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")
  if [[ -n $(git -C "$ROOT" status --porcelain -- src include 2>/dev/null) ]]; then
    rev="$rev, uncommitted changes"
  fi
  {
    echo "date: $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "cpu: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "cores: $(nproc)"
    echo "kernel: $(uname -sr)"
    echo "sqlite: $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"
    echo "duration: $DURATION"
    echo "wrk_timeout: $WRK_TIMEOUT"
    echo "concurrency: $CONCURRENCY"
    echo "scenarios: $SCENARIOS"
    if [[ -x $LITESERVE ]]; then
      echo "server: $(basename "$LITESERVE") serve -i bench.db${LITESERVE_ARGS:+ $LITESERVE_ARGS}"
      echo "server_rev: $rev"
    fi
  } >"$RAW/meta.txt"
}

# ------------------------------------------------------------------ measuring

# run_wrk FILE C URL [LUA]: one wrk run, output to FILE.
run_wrk() {
  local file=$1 c=$2 url=$3 lua=${4:-} t=$WRK_THREADS
  ((c == 1 || t > c)) && t=1
  local args=(-t"$t" -c"$c" -d"${DURATION}s" --latency --timeout "$WRK_TIMEOUT")
  [[ -n $lua && $lua != - ]] && args+=(-s "$HERE/lua/$lua")
  wrk "${args[@]}" "$url" >"$file" 2>&1 || log "wrk exited non-zero (see $file)"
  awk '/Requests\/sec|Non-2xx|Socket errors/' "$file" | sed 's/^/      /' >&2
}

# start_server ID DB: a fresh server for one scenario; sets SERVER_PID.
start_server() {
  local id=$1 db=$2 files=()
  if [[ $db == write ]]; then   # a fresh mutable copy of write.db, served as /write
    rm -rf "$OUT/scratch" && mkdir -p "$OUT/scratch"
    cp "$OUT/write.db" "$OUT/scratch/write.db"
    files=("$OUT/scratch/write.db")
  fi
  # shellcheck disable=SC2086  # LITESERVE_ARGS is a list of words on purpose
  "$LITESERVE" serve "${files[@]}" -i "$OUT/bench.db" -p "$PORT" $LITESERVE_ARGS \
    >"$RAW/$LABEL-$id.log" 2>&1 &
  SERVER_PID=$!
  wait_port "$PORT" "$SERVER_PID"
}

# trim_log FILE: keep the head and tail of a large server log (an access log grows
# by tens of MB per minute of R1 load); the middle is counted, not kept.
trim_log() {
  local f=$1 n
  [[ -f $f ]] || return 0
  n=$(wc -l <"$f")
  if ((n > 2000)); then
    { head -n 200 "$f"; echo "... $((n - 1200)) lines omitted by run.sh ..."; tail -n 1000 "$f"; } >"$f.tmp"
    mv "$f.tmp" "$f"
  fi
}

# idle_check ID: CPU ticks at load end, +1 s and +2 s.
idle_check() {
  local id=$1 t0 t1 t2
  t0=$(cpu_ticks "$SERVER_PID"); sleep 1
  t1=$(cpu_ticks "$SERVER_PID"); sleep 1
  t2=$(cpu_ticks "$SERVER_PID")
  [[ -n $t2 ]] && echo "$(getconf CLK_TCK) $t0 $t1 $t2" >"$RAW/$LABEL-$id.idle"
  return 0
}

run_scenario() {
  local id=$1 tool=$2 db=$3 method=$4 path=$5 lua=$6
  local url="http://127.0.0.1:$PORT$path" c i
  log "$id ($tool, $method $path)"
  if ! start_server "$id" "$db"; then
    echo "server did not start (see $LABEL-$id.log)" >"$RAW/$LABEL-$id.note"
    log "server did not start; see $RAW/$LABEL-$id.log"
    stop "$SERVER_PID"
    return
  fi
  if [[ $method == GET ]]; then
    curl -s -o /dev/null -w '%{http_code} %{size_download}\n' --max-time 60 "$url" \
      >"$RAW/$LABEL-$id.probe" || true
    log "   probe: HTTP $(cut -d' ' -f1 "$RAW/$LABEL-$id.probe"), $(cut -d' ' -f2 "$RAW/$LABEL-$id.probe") bytes"
  fi
  if [[ $tool == wrk ]]; then
    if [[ $WARMUP != 0 ]]; then
      local warm=(-t1 -c1 -d"${WARMUP}s" --timeout "$WRK_TIMEOUT")
      [[ $lua != - ]] && warm+=(-s "$HERE/lua/$lua")
      wrk "${warm[@]}" "$url" >/dev/null 2>&1 || true
    fi
    for c in $CONCURRENCY; do
      log "   c=$c"
      run_wrk "$RAW/$LABEL-$id-c$c.wrk" "$c" "$url" "$lua"
      if ! alive "$SERVER_PID"; then
        echo "server exited during c=$c (see $LABEL-$id.log)" >"$RAW/$LABEL-$id.note"
        log "server exited during c=$c"
        break
      fi
      hwm_kb "$SERVER_PID" >"$RAW/$LABEL-$id-c$c.hwm"
    done
  else   # curl: whole responses one at a time (exports)
    for ((i = 0; i < REPEAT; i++)); do
      curl -s -o /dev/null -X "$method" --max-time 600 \
        -w '%{http_code} %{size_download} %{time_starttransfer} %{time_total}\n' "$url" \
        >>"$RAW/$LABEL-$id.curl" || true
    done
    tail -n 1 "$RAW/$LABEL-$id.curl" | sed 's/^/      /' >&2
    alive "$SERVER_PID" && hwm_kb "$SERVER_PID" >"$RAW/$LABEL-$id-c1.hwm"
  fi
  alive "$SERVER_PID" && idle_check "$id"
  stop "$SERVER_PID"
  SERVER_PID=""
  trim_log "$RAW/$LABEL-$id.log"
}

run_server() {
  if [[ ! -x $LITESERVE ]]; then
    log "no server binary at $LITESERVE: measuring sticks only"
    return
  fi
  port_open "$PORT" && die "port $PORT is already in use (set PORT=...)"
  LABEL=$(basename "$LITESERVE")
  local id tool db method path lua
  while IFS=$'\t' read -r -u 3 id tool db method path lua _; do
    run_scenario "$id" "$tool" "$db" "$method" "$path" "$lua"
  done 3< <("${REPORT[@]}" scenarios "${IDS[@]}")
}

run_limit_server() {
  [[ $STICKS == 1 ]] || return 0
  port_open "$LIMIT_PORT" && die "port $LIMIT_PORT is already in use (set LIMIT_PORT=...)"
  log "limit_server (plain GET)"
  "$OUT/limit_server" "$LIMIT_PORT" 2 >"$RAW/limit_server.log" 2>&1 &
  SERVER_PID=$!
  wait_port "$LIMIT_PORT" "$SERVER_PID" || die "limit_server did not start"
  local c
  for c in $CONCURRENCY; do
    log "   c=$c"
    run_wrk "$RAW/limit_server-GET-c$c.wrk" "$c" "http://127.0.0.1:$LIMIT_PORT/bench/events/12345.json"
  done
  stop "$SERVER_PID"
  SERVER_PID=""
}

run_limit_sqlite() {
  [[ $STICKS == 1 ]] || return 0
  local floors args=()
  floors=$("${REPORT[@]}" floors "${IDS[@]}")
  [[ -n $floors ]] || return 0
  if [[ $floors =~ (^|,)w[0-9] ]]; then   # write floors run on a scratch copy
    rm -rf "$OUT/scratch-floor" && mkdir -p "$OUT/scratch-floor"
    cp "$OUT/write.db" "$OUT/scratch-floor/write.db"
    args+=(--write-db "$OUT/scratch-floor/write.db")
  fi
  log "limit_sqlite --only $floors"
  "$OUT/limit_sqlite" "$OUT/bench.db" --seconds "$FLOOR_SECONDS" --only "$floors" "${args[@]}" \
    >"$RAW/limit_sqlite.jsonl" 2>"$RAW/limit_sqlite.log" || log "limit_sqlite failed (see $RAW/limit_sqlite.log)"
  sed 's/^/      /' "$RAW/limit_sqlite.log" >&2
}

# ------------------------------------------------------------------ main

command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"
mkdir -p "$OUT" "$RAW"
"${REPORT[@]}" scenarios "${IDS[@]}" >/dev/null   # fail early on unknown ids
cp "$HERE/scenarios.txt" "$RAW/scenarios.txt"
build_sticks
generate_dbs
write_meta
run_server
run_limit_server
run_limit_sqlite
"${REPORT[@]}" render "$RAW" | tee "$RESULTS"
log "results: $RESULTS (raw outputs: $RAW)"
