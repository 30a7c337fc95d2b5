#!/usr/bin/env bash
# One event on this machine, measured: redis-server, atrium-director --local N (N atrium-server
# instances of a venue, the first the stage) and atrium-bots joining M bots through the
# director. Prints each process's CPU (from /proc, user + system) over a quiet phase (the
# instances idle but linked: the stage relays' own cost) and over the measured phase with the
# bots walking and chatting, and Redis's commands a second. Figures only; it never fails on them.
#   scripts/event_bench.sh [INSTANCES] [BOTS] [SECONDS] [VENUE]
set -euo pipefail
N=${1:-10}
BOTS=${2:-1000}
SECONDS_MEASURED=${3:-20}
VENUE=${4:-samples/plaza/plaza.venue.json}
BIN=${ATRIUM_BIN:-build/bin}
CAPACITY=$(( (BOTS + N - 1) / N + 20 ))
WORK=$(mktemp -d)
REDIS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DIRECTOR_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
    [[ -n ${BOTS_PID:-} ]] && kill "$BOTS_PID" 2>/dev/null || true
    [[ -n ${DIRECTOR_PID:-} ]] && kill "$DIRECTOR_PID" 2>/dev/null && wait "$DIRECTOR_PID" 2>/dev/null || true
    [[ -n ${REDIS_PID:-} ]] && kill "$REDIS_PID" 2>/dev/null || true
    cp "$WORK/director.log" "${ATRIUM_BENCH_LOG:-/dev/null}" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)
redis_commands() { redis-cli -p "$REDIS_PORT" info stats | awk -F: '/^total_commands_processed/ {print $2+0}'; }

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --loglevel warning > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!
"$BIN/atrium-director" --port "$DIRECTOR_PORT" --local "$N" "$VENUE" --capacity "$CAPACITY" \
    --redis "127.0.0.1:$REDIS_PORT" --event bench > "$WORK/director.log" 2>&1 &
DIRECTOR_PID=$!
for _ in $(seq 100); do
    n=$(curl -s "http://127.0.0.1:$DIRECTOR_PORT/instances" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["instances"]))' 2>/dev/null || echo 0)
    [[ $n == "$N" ]] && break
    sleep 0.2
done
sleep 3   # the relays link to the stage
mapfile -t SERVERS < <(pgrep -P "$DIRECTOR_PID" atrium-server)
declare -A IDS
for p in "${SERVERS[@]}"; do IDS[$p]=$(tr '\0' ' ' < "/proc/$p/cmdline" | sed -E 's/.*--instance-id ([^ ]+).*/\1/'); done

phase() {  # phase NAME SECONDS: CPU per process over SECONDS
    local name=$1 secs=$2 t0 t1 r0 r1
    declare -A before
    for p in "${SERVERS[@]}" "$DIRECTOR_PID" "$REDIS_PID" ${BOTS_PID:-}; do before[$p]=$(ticks "$p"); done
    r0=$(redis_commands)
    sleep "$secs"
    r1=$(redis_commands)
    echo "== $name: ${secs} s"
    for p in "${SERVERS[@]}"; do
        printf '  instance %-5s %5.1f%% of a core\n' "${IDS[$p]}" "$(echo "($(ticks "$p") - ${before[$p]}) * 100 / $hz / $secs" | bc -l)"
    done
    printf '  director        %5.1f%%\n' "$(echo "($(ticks "$DIRECTOR_PID") - ${before[$DIRECTOR_PID]}) * 100 / $hz / $secs" | bc -l)"
    printf '  redis-server    %5.1f%%, %.0f commands/s\n' "$(echo "($(ticks "$REDIS_PID") - ${before[$REDIS_PID]}) * 100 / $hz / $secs" | bc -l)" \
        "$(echo "($r1 - $r0) / $secs" | bc -l)"
    if [[ -n ${BOTS_PID:-} ]]; then
        printf '  atrium-bots     %5.1f%%\n' "$(echo "($(ticks "$BOTS_PID") - ${before[$BOTS_PID]}) * 100 / $hz / $secs" | bc -l)"
    fi
}

phase "linked, no attendees (the stage serves $((N - 1)) relay sessions)" 5
"$BIN/atrium-bots" --director "http://127.0.0.1:$DIRECTOR_PORT" --count "$BOTS" --seconds $((SECONDS_MEASURED + 15)) > "$WORK/bots.log" 2>&1 &
BOTS_PID=$!
sleep 12   # arrivals
phase "$BOTS bots walking and chatting" "$SECONDS_MEASURED"
echo "== each instance's last report in that phase"
grep -h "client(s), tick" "$WORK/director.log" | tail -n "$N" | sed 's/^/  /'
wait "$BOTS_PID" || true
BOTS_PID=
tail -2 "$WORK/bots.log"
