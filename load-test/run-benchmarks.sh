#!/usr/bin/env bash
# Reruns the whole comparison, suite vs the Node reference, in one go (docs/BENCHMARKS.md):
#   builds the reactor, starts the suite with deploy/local/suite.sh up (its own ports and service folder, so a dev
#   suite on 8080-8083 is left alone; the gateway gets a bigger heap through EXTRA_JVM_ARGS_GATEWAY_SERVICE),
#   starts the reference (load-test/reference, its own database reference_db), runs every scenario against both,
#   writes results.jsonl (one JSON line per run), summary.md (tables and ratios) and machine.txt to RESULTS_DIR,
#   then stops the services and the reference it started (the infrastructure keeps running).
#
#   load-test/run-benchmarks.sh              full run (~28 min)
#   QUICK=1 load-test/run-benchmarks.sh      the same steps with small sizes (~4 min): checks the tooling
#
# Ports: gateway 28080, message 28081, presence 28082, room 28083, reference 28090, the benchmark's own Kafka 28092/28093.
# Env: RESULTS_DIR (load-test/results/<timestamp>), SKIP_BUILD=1, KEEP_RUNNING=1 (leave suite and reference up),
#      PROFILE=1 (JFR recordings of gateway, message- and presence-service into RESULTS_DIR), ONLY="dm room idle storm" (subset),
#      BENCH_PORT_BASE=28080 (gateway, +1 message, +2 presence, +3 room, +10 reference),
#      BENCH_SEND_LIMIT=1000 (the suite's per-user send limit per 10 s: the room scenario's senders exceed the default 100),
#      USER_PREFIX (lt<day+time>: the run's own users), GATEWAY_HEAP=1g, GEN_HEAP=1g, SUITE_DM_START (100) / SUITE_ROOM_START (the suite's ramp start when it differs), RAMP_WARMUP (30s), DISK_PROBE_DIR (.local/bench: on the database's disk), DM_WARMUP_RATE (400) / DM_WARMUP_SECONDS (60), and the sizes below (USERS, DM_SECONDS, MEMBERS, IDLE_CONNECTIONS, STORM_CLIENTS…).
# Every run is bounded (ramp deadlines, drain timeouts, per-command timeouts); traffic stays on 127.0.0.0/8.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
QUICK="${QUICK:-0}"
RESULTS_DIR="${RESULTS_DIR:-$HERE/results/$(date +%Y%m%d-%H%M%S)$([[ $QUICK == 1 ]] && echo -quick || true)}"
# Every run has users of its own: the suite keeps what earlier runs did (conversations, contacts, so presence audiences,
# catch-up work), the reference keeps nothing, so users shared between runs would make each run heavier for the suite
# than the one before (docs/BENCHMARKS.md, session 6).
USER_PREFIX="${USER_PREFIX:-lt$(date +%d%H%M%S)}"
BASE="${BENCH_PORT_BASE:-28080}"
ONLY="${ONLY:-dm room idle storm}"
JAR="$HERE/target/load-test.jar"

# sizes: the issue's targets (full) or a tooling check (QUICK=1)
if [[ $QUICK == 1 ]]; then
  USERS="${USERS:-200}"; DM_SECONDS="${DM_SECONDS:-10}"; RAMP_STEP="${RAMP_STEP:-4s}"; DM_START="${DM_START:-50}"
  MEMBERS="${MEMBERS:-100}"; ROOM_SECONDS="${ROOM_SECONDS:-8}"; ROOM_START="${ROOM_START:-10}"
  IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-1000}"; IDLE_HOLD="${IDLE_HOLD:-10s}"; STORM_CLIENTS="${STORM_CLIENTS:-1000}"
  REFINE="${REFINE:-1}"
else
  USERS="${USERS:-2000}"; DM_SECONDS="${DM_SECONDS:-60}"; RAMP_STEP="${RAMP_STEP:-10s}"; DM_START="${DM_START:-250}"
  MEMBERS="${MEMBERS:-1000}"; ROOM_SECONDS="${ROOM_SECONDS:-30}"; ROOM_START="${ROOM_START:-10}"
  IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-19900}"; IDLE_HOLD="${IDLE_HOLD:-60s}"; STORM_CLIENTS="${STORM_CLIENTS:-10000}"
  REFINE="${REFINE:-3}"
fi

# Its own services folder, ports and Kafka broker: consumer groups (message-service's is fixed) are never shared with a
# dev suite or system tests running on this machine at the same time. PostgreSQL and Redis are shared (one cluster).
export LOCAL_DIR="${BENCH_LOCAL_DIR:-$REPO/.local/bench}"
export GATEWAY_PORT=$BASE MESSAGE_PORT=$((BASE + 1)) PRESENCE_PORT=$((BASE + 2)) ROOM_PORT=$((BASE + 3))
export KAFKA_PORT="${BENCH_KAFKA_PORT:-$((BASE + 12))}" KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-$((BASE + 13))}"
REFERENCE_PORT=$((BASE + 10))
SUITE_URL="http://127.0.0.1:$GATEWAY_PORT"
REFERENCE_URL="http://127.0.0.1:$REFERENCE_PORT"
SVC_DIR="$LOCAL_DIR/services"
# The room scenario's 10 senders each send a tenth of its rate: at 2x a reference's 70 msg/s that is 14 msg/s per user,
# above a user's default send limit (100 per 10 s), which refused 837 of run AP's sends. The limiter still runs.
GATEWAY_ARGS="-Xmx${GATEWAY_HEAP:-1g} -Dgateway.rate-limit.send.max=${BENCH_SEND_LIMIT:-1000}"
MESSAGE_ARGS=""
PRESENCE_ARGS=""
if [[ "${PROFILE:-0}" == 1 ]]; then
  GATEWAY_ARGS+=" -XX:StartFlightRecording=filename=$RESULTS_DIR/gateway.jfr,settings=profile,dumponexit=true"
  MESSAGE_ARGS+=" -XX:StartFlightRecording=filename=$RESULTS_DIR/message.jfr,settings=profile,dumponexit=true"
  PRESENCE_ARGS+=" -XX:StartFlightRecording=filename=$RESULTS_DIR/presence.jfr,settings=profile,dumponexit=true"
fi
export EXTRA_JVM_ARGS_GATEWAY_SERVICE="${EXTRA_JVM_ARGS_GATEWAY_SERVICE:-$GATEWAY_ARGS}"
export EXTRA_JVM_ARGS_MESSAGE_SERVICE="${EXTRA_JVM_ARGS_MESSAGE_SERVICE:-$MESSAGE_ARGS}"
export EXTRA_JVM_ARGS_PRESENCE_SERVICE="${EXTRA_JVM_ARGS_PRESENCE_SERVICE:-$PRESENCE_ARGS}"

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
has() { [[ " $ONLY " == *" $1 "* ]]; }

mkdir -p "$RESULTS_DIR" "$SVC_DIR"
# one run at a time (the services and the reference started below do not inherit the lock: 9>&-)
exec 9>"$LOCAL_DIR/bench.lock"
flock -n 9 || die "another run-benchmarks.sh is still running (or stopping its services): wait for it"
RESULTS="$RESULTS_DIR/results.jsonl"
: >"$RESULTS"

# ------------------------------------------------------------------ machine
{
  echo "date: $(date -Is)"
  echo "git: $(git -C "$REPO" rev-parse --short HEAD) $(git -C "$REPO" status --porcelain | wc -l) uncommitted paths"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  free -h
  echo "uptime before: $(uptime)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "node: $(node --version)"
  echo "open files (hard): $(ulimit -Hn)"
  echo "ephemeral ports: $(cat /proc/sys/net/ipv4/ip_local_port_range)"
  echo "mode: $([[ $QUICK == 1 ]] && echo QUICK || echo full)"
} >"$RESULTS_DIR/machine.txt"
cat "$RESULTS_DIR/machine.txt" >&2

# ------------------------------------------------------------------ build
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building the reactor (mvn -B -q install -DskipTests)"
  (cd "$REPO" && mvn -B -q install -DskipTests)
fi
[[ -f "$JAR" ]] || die "$JAR is missing (build with mvn -B install -DskipTests)"

# ------------------------------------------------------------------ suite (own ports and pid folder)
stop_pidfile() {  # stop_pidfile FILE: TERM, wait, KILL — only processes this script started
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}
stop_services() {
  local svc
  for svc in gateway-service message-service presence-service room-service; do
    stop_pidfile "$SVC_DIR/$svc.pid"
  done
}
cleanup() {
  if [[ "${KEEP_RUNNING:-0}" == 1 ]]; then
    log "KEEP_RUNNING=1: suite on $SUITE_URL and reference on $REFERENCE_URL stay up"
    return
  fi
  if [[ "${PROFILE:-0}" == 1 ]]; then
    local svc
    for svc in gateway-service message-service presence-service; do
      jcmd "$(cat "$SVC_DIR/$svc.pid" 2>/dev/null)" JFR.dump filename="$RESULTS_DIR/${svc%-service}.jfr" >/dev/null 2>&1 || true
    done
  fi
  log "stopping the reference, the benchmark's services and its Kafka broker"
  stop_pidfile "$RESULTS_DIR/reference.pid"
  stop_services
  stop_pidfile "$LOCAL_DIR/kafka/kafka.pid"
}
trap cleanup EXIT

# a gateway left running by an earlier run with other JVM arguments is restarted
# (compared whole: a substring test took "-Xmx1g" for "-Xmx1g -XX:…")
gw_pid="$(cat "$SVC_DIR/gateway-service.pid" 2>/dev/null || true)"
GW_ARGS_FILE="$SVC_DIR/gateway-service.extra-args"
if [[ -n "$gw_pid" ]] && kill -0 "$gw_pid" 2>/dev/null \
    && [[ "$(cat "$GW_ARGS_FILE" 2>/dev/null)" != "$EXTRA_JVM_ARGS_GATEWAY_SERVICE" ]]; then
  log "restarting the benchmark's services (JVM arguments changed)"
  stop_services
fi
# a fresh broker each time (unless it is still up): no backlog of an earlier run's commands in the way
if ! kill -0 "$(cat "$LOCAL_DIR/kafka/kafka.pid" 2>/dev/null || echo 0)" 2>/dev/null && [[ -d "$LOCAL_DIR/kafka/data" ]]; then
  log "removing the benchmark broker's old data ($LOCAL_DIR/kafka/data)"
  rm -rf "$LOCAL_DIR/kafka/data"
fi
log "starting the suite on ports $GATEWAY_PORT-$ROOM_PORT, Kafka $KAFKA_PORT (gateway: $EXTRA_JVM_ARGS_GATEWAY_SERVICE)"
SKIP_BUILD=1 timeout 600 "$REPO/deploy/local/suite.sh" up >&2 9>&-
printf '%s' "$EXTRA_JVM_ARGS_GATEWAY_SERVICE" >"$GW_ARGS_FILE"
GATEWAY_PID="$(cat "$SVC_DIR/gateway-service.pid")"

# ------------------------------------------------------------------ reference
REF_DIR="$HERE/reference"
if [[ ! -d "$REF_DIR/node_modules/socket.io" ]]; then
  log "npm ci (reference)"
  (cd "$REF_DIR" && timeout 300 npm ci --no-audit --no-fund >&2)
fi
PG_PORT="${PG_PORT:-5432}" "$REF_DIR/setup-db.sh"
log "starting the reference server on $REFERENCE_URL"
(
  cd "$REF_DIR"
  ulimit -n "$(ulimit -Hn)"
  PORT=$REFERENCE_PORT setsid nohup node --expose-gc server.js >"$RESULTS_DIR/reference.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RESULTS_DIR/reference.pid"
)
for _ in $(seq 1 150); do
  curl -sf "$REFERENCE_URL/health" >/dev/null && break
  sleep 0.2
done
curl -sf "$REFERENCE_URL/health" >/dev/null || die "the reference did not start (see $RESULTS_DIR/reference.log)"
REFERENCE_PID="$(cat "$RESULTS_DIR/reference.pid")"

SUITE_CPU="gateway:$GATEWAY_PORT,message:$MESSAGE_PORT,room:$ROOM_PORT,presence:$PRESENCE_PORT,kafka:$KAFKA_PORT,postgres:${PG_PORT:-5432}"
REFERENCE_CPU="reference:$REFERENCE_PORT,postgres:${PG_PORT:-5432}"

# Both sides share one PostgreSQL: each run starts with its dirty pages written out, so neither side's commits queue
# behind a checkpoint the run before it caused (with infra.sh's checkpoint_timeout of 30 min none starts meanwhile).
pg_checkpoint() {
  if [[ "$(id -u)" == 0 ]]; then
    (cd / && timeout 120 su postgres -c "psql -X -q -p ${PG_PORT:-5432} -d postgres -c CHECKPOINT") \
      || log "WARNING: CHECKPOINT failed"
  fi
}
# Every run times a synced 8 KB write every 50 ms ("disk" in the results) in DISK_PROBE_DIR, which should be on the disk
# PostgreSQL's data is on (here one root disk holds everything): this VM's disk stalls for up to ~2 s now and then,
# and a ramp step that failed during such a stall is measured again, for both sides (docs/BENCHMARKS.md).
DISK_PROBE_DIR="${DISK_PROBE_DIR:-$REPO/.local/bench}"
# gen TARGET TAG SCENARIO [options…]: one generator run, its JSON line appended to results.jsonl
gen() {
  local target=$1 tag=$2 scenario=$3
  shift 3
  local url=$SUITE_URL pid=$GATEWAY_PID cpu=$SUITE_CPU
  if [[ $target == reference ]]; then
    url=$REFERENCE_URL pid=$REFERENCE_PID cpu=$REFERENCE_CPU
    # the suite may still be working off an earlier run: let it finish first, so it does not eat the reference's CPU
    timeout 400 java -Xmx256m -jar "$JAR" quiesce --url "$SUITE_URL" --quiesce 300s --token-cache "$REPO/.local/bench/tokens" \
        --user-prefix "$USER_PREFIX" >/dev/null || true
  fi
  pg_checkpoint
  log "$tag against $target: $scenario $*   (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  # shellcheck disable=SC2086 # GEN_JVM_ARGS is a list of flags
  timeout 1500 java -Xmx"${GEN_HEAP:-1g}" ${GEN_JVM_ARGS:-} -jar "$JAR" "$scenario" --url "$url" --pid "$pid" --label "$target" --tag "$tag" \
      --cpu "$cpu" --out "$RESULTS" --token-cache "$REPO/.local/bench/tokens" --user-prefix "$USER_PREFIX" \
      --disk-probe "$DISK_PROBE_DIR" "$@" \
      >"$RESULTS_DIR/$tag-$target.json" 2> >(tee "$RESULTS_DIR/$tag-$target.log" >&2) \
    || log "WARNING: $tag against $target failed (exit $?), see $RESULTS_DIR/$tag-$target.log"
}
# the highest clean rate of a ramp already run (0 if none)
clean_rate() {
  node -e 'const fs=require("fs");let r=0;for(const l of fs.readFileSync(process.argv[1],"utf8").split("\n")){if(!l)continue;const j=JSON.parse(l);if(j.tag===process.argv[2]&&j.target===process.argv[3])r=j.highestCleanRate||0}console.log(Math.round(r))' \
    "$RESULTS" "$1" "$2"
}

# ------------------------------------------------------------------ scenarios
# Before a ramp's first step each side sends at its start rate for RAMP_WARMUP: fresh JVMs (and node) compile their hot
# paths, and the work the connecting users caused (catch-ups, presence) is done, before anything is measured.
RAMP_WARMUP="${RAMP_WARMUP:-30s}"
# Every fixed-rate dm and room run sends at its rate for RUN_WARMUP first, unmeasured (then waits until the server is
# quiet): it measures the rate held by connected users in a room that exists, as the ramp's steps do, not the minute in
# which 2,000 new users (or 1,000 members and their room) were just set up (BENCHMARKS, session 19).
RUN_WARMUP="${RUN_WARMUP:-$([[ $QUICK == 1 ]] && echo 2s || echo 10s)}"
DM_WARMUP_RATE="${DM_WARMUP_RATE:-400}"; DM_WARMUP_SECONDS="${DM_WARMUP_SECONDS:-60}"
# A run the suite cannot keep up with leaves commands queued in Kafka; every run first waits (bounded) until the
# server is quiet again (Quiesce), and overload runs are kept short (at most ~OVERLOAD_MESSAGES messages) so the
# backlog they leave stays bounded. Sustained runs at each side's own highest clean rate come first.
# An overload run is skipped when the ramp already showed the side cannot reach half the rate: it would only leave a
# backlog of many minutes (a line {"skipped":…} records it); otherwise it is bounded to ~OVERLOAD_SECONDS of the
# side's own clean throughput.
OVERLOAD_SECONDS="${OVERLOAD_SECONDS:-60}"
# maybe_gen TARGET TAG CLEAN_RATE RATE FULL_SECONDS SCENARIO [options…]
maybe_gen() {
  local target=$1 tag=$2 clean=$3 rate=$4 full=$5 scenario=$6
  shift 6
  if ((clean * 2 < rate)); then
    log "$tag against $target skipped: its highest clean rate $clean/s is below half of $rate/s"
    echo "{\"scenario\":\"$scenario\",\"tag\":\"$tag\",\"target\":\"$target\",\"skipped\":true,\"targetRate\":$rate,\"reason\":\"highest clean rate $clean/s is below half of the rate\",\"loadBefore\":[$(cut -d' ' -f1 /proc/loadavg)],\"loadAfter\":[$(cut -d' ' -f1 /proc/loadavg)]}" >>"$RESULTS"
    return
  fi
  local seconds=$full
  if ((clean < rate)); then
    seconds=$((clean * OVERLOAD_SECONDS / rate)); ((seconds < 5)) && seconds=5; ((seconds > full)) && seconds=$full
  fi
  gen "$target" "$tag" "$scenario" --rate "$rate" --duration "${seconds}s" "$@"
}
if has dm; then
  RAMP=(--of dm --users "$USERS" --start "$DM_START" --factor 2 --refine "$REFINE" --step "$RAMP_STEP" --max-rate 16000
        --min-rate 10 --warmup "$RAMP_WARMUP" --drain 12s --ramp-deadline 15m --quiesce 300s)
  # each side first serves one full dm run (its users connect, send for DM_WARMUP_SECONDS, leave): the ramp then
  # measures processes in their steady state, not fresh JVMs compiling and first-time users being set up (30 s was
  # not always enough for message-service: BENCHMARKS, session 15)
  gen reference dm-warmup dm --users "$USERS" --rate "$DM_WARMUP_RATE" --duration "${DM_WARMUP_SECONDS}s"
  gen suite dm-warmup dm --users "$USERS" --rate "$DM_WARMUP_RATE" --duration "${DM_WARMUP_SECONDS}s"
  gen reference dm-ramp ramp "${RAMP[@]}"
  gen suite dm-ramp ramp "${RAMP[@]}" --start "${SUITE_DM_START:-100}"
  ref_rate="$(clean_rate dm-ramp reference)"
  suite_rate="$(clean_rate dm-ramp suite)"
  log "dm: highest clean rate reference $ref_rate/s, suite $suite_rate/s"
  [[ "$ref_rate" -gt 0 ]] || ref_rate=$DM_START   # (the reference had no clean step: compare at the ramp's start)
  # sustained: each side at its own highest clean rate for DM_SECONDS (does the ramp's figure hold for a minute?)
  gen reference dm-sustained dm --users "$USERS" --rate "$ref_rate" --duration "${DM_SECONDS}s" --warmup "$RUN_WARMUP"
  if [[ "$suite_rate" -gt 0 ]]; then
    gen suite dm-sustained dm --users "$USERS" --rate "$suite_rate" --duration "${DM_SECONDS}s" --warmup "$RUN_WARMUP"
    gen suite dm-sustained-ws dm --protocol ws --users "$USERS" --rate "$suite_rate" --duration "${DM_SECONDS}s" \
        --warmup "$RUN_WARMUP"
  fi
  # equal load (the suite at the reference's rate), then the issue's target (2x the reference) for the suite
  maybe_gen suite dm-equal "$suite_rate" "$ref_rate" "$DM_SECONDS" dm --users "$USERS" --warmup "$RUN_WARMUP"
  maybe_gen suite dm-target "$suite_rate" $((2 * ref_rate)) "$DM_SECONDS" dm --users "$USERS" --warmup "$RUN_WARMUP"
fi

if has room; then
  RAMP=(--of room --members "$MEMBERS" --senders 10 --start "$ROOM_START" --factor 2 --refine "$REFINE" --step "$RAMP_STEP"
        --max-rate 2000 --min-rate 1 --warmup "$RAMP_WARMUP" --drain 12s --ramp-deadline 15m --quiesce 300s)
  gen reference room-ramp ramp "${RAMP[@]}"
  gen suite room-ramp ramp "${RAMP[@]}" --start "${SUITE_ROOM_START:-$ROOM_START}"
  ref_rate="$(clean_rate room-ramp reference)"
  suite_rate="$(clean_rate room-ramp suite)"
  log "room: highest clean rate reference $ref_rate/s, suite $suite_rate/s"
  if [[ "$ref_rate" -gt 0 ]]; then
    gen reference room-sustained room --members "$MEMBERS" --senders 10 --rate "$ref_rate" --duration "${ROOM_SECONDS}s" \
        --warmup "$RUN_WARMUP"
  fi
  if [[ "$suite_rate" -gt 0 ]]; then
    gen suite room-sustained room --members "$MEMBERS" --senders 10 --rate "$suite_rate" --duration "${ROOM_SECONDS}s" \
        --warmup "$RUN_WARMUP"
  fi
  if [[ "$ref_rate" -gt 0 ]]; then
    maybe_gen suite room-target "$suite_rate" $((2 * ref_rate)) "$ROOM_SECONDS" room --members "$MEMBERS" --senders 10 \
        --quiesce 300s --warmup "$RUN_WARMUP"
  fi
fi

if has idle; then
  gen reference idle idle --connections "$IDLE_CONNECTIONS" --hold "$IDLE_HOLD" --worker-heap 768m
  gen suite idle idle --connections "$IDLE_CONNECTIONS" --hold "$IDLE_HOLD" --worker-heap 768m --quiesce 300s
fi

if has storm; then
  # The storm is a burst of ~10 s on fresh generator JVMs: on C2 the generator used 6.2 s of CPU in it (much of it
  # compiling) on the cores the servers need, on C1 alone 2.9 s (passed on to its worker processes). Both sides alike.
  # Each side serves two storms of the same clients: the first meets code paths nothing before exercised (the replay on
  # reconnect) in fresh JIT compilers, like the dm warm-up; the second is the figure, and the report shows both.
  export GEN_JVM_ARGS="-XX:TieredStopAtLevel=1"
  for tag in reconnect-storm-first reconnect-storm; do
    gen reference "$tag" reconnect-storm --clients "$STORM_CLIENTS" --spread 2s --probe-rate 50 --worker-heap 768m
    gen suite "$tag" reconnect-storm --clients "$STORM_CLIENTS" --spread 2s --probe-rate 50 --worker-heap 768m \
        --quiesce 300s
  done
  unset GEN_JVM_ARGS
fi

echo "uptime after: $(uptime)" >>"$RESULTS_DIR/machine.txt"
node "$HERE/report.js" "$RESULTS_DIR" >"$RESULTS_DIR/summary.md"
log "done: $RESULTS_DIR/summary.md"
cat "$RESULTS_DIR/summary.md"
