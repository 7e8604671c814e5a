#!/usr/bin/env bash
# Runs the whole suite locally: infrastructure (infra.sh) + the four Quarkus services (JVM mode,
# default prod profile, local settings passed as system properties).
#
#   deploy/local/suite.sh up|down|status
#   deploy/local/suite.sh props SERVICE   (prints that service's JVM arguments, one per line)
#
# Env: GATEWAY_PORT=8080 MESSAGE_PORT=8081 PRESENCE_PORT=8082 ROOM_PORT=8083, SKIP_BUILD=1,
#      EXTRA_JVM_ARGS_<SERVICE> (e.g. EXTRA_JVM_ARGS_GATEWAY_SERVICE="-Xmx1g": appended to that service's JVM arguments),
#      plus PG_PORT/REDIS_PORT/KAFKA_PORT/LOCAL_DIR as in infra.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export LOCAL_DIR="${LOCAL_DIR:-$REPO/.local}"
PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
MESSAGE_PORT="${MESSAGE_PORT:-8081}"
PRESENCE_PORT="${PRESENCE_PORT:-8082}"
ROOM_PORT="${ROOM_PORT:-8083}"
JWT_ISSUER="${JWT_ISSUER:-https://chat.local/dev}"
SVC_DIR="$LOCAL_DIR/services"
READY_TIMEOUT=90
STOP_TIMEOUT=15

SERVICES=(gateway-service message-service presence-service room-service)

log() { echo "[suite] $*" >&2; }
die() { echo "[suite] ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- per-service settings
svc_port() {
  case "$1" in
    gateway-service) echo "$GATEWAY_PORT" ;;
    message-service) echo "$MESSAGE_PORT" ;;
    presence-service) echo "$PRESENCE_PORT" ;;
    room-service) echo "$ROOM_PORT" ;;
  esac
}

db_props() {  # db_props DATABASE ROLE (the dev password equals the role name)
  echo "-Dquarkus.datasource.reactive.url=postgresql://localhost:$PG_PORT/$1"
  echo "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:$PG_PORT/$1"
  echo "-Dquarkus.datasource.username=$2"
  echo "-Dquarkus.datasource.password=$2"
}

upstream_props() {
  echo "-Dgateway.upstream.message-service=http://localhost:$MESSAGE_PORT"
  echo "-Dgateway.upstream.presence-service=http://localhost:$PRESENCE_PORT"
  echo "-Dgateway.upstream.room-service=http://localhost:$ROOM_PORT"
}

redis_props() { echo "-Dquarkus.redis.hosts=redis://localhost:$REDIS_PORT"; }

# All JVM arguments of a service, one per line.
svc_props() {
  echo "-Xmx256m"
  echo "-Dquarkus.http.port=$(svc_port "$1")"
  echo "-Dkafka.bootstrap.servers=localhost:$KAFKA_PORT"
  echo "-Dmp.jwt.verify.publickey.location=file:$HERE/dev-keys/public.pem"
  echo "-Dmp.jwt.verify.issuer=$JWT_ISSUER"
  case "$1" in
    gateway-service) upstream_props; redis_props
                     # the gateway's JVM options in the Helm chart (values.yaml gateway.javaOpts): idle heap goes back
                     printf '%s\n' -XX:G1PeriodicGCInterval=15000 -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10 ;;
    message-service) db_props message_db message_svc
                     echo "-Dquarkus.rest-client.room-service.url=http://localhost:$ROOM_PORT" ;;
    presence-service) redis_props ;;
    room-service) db_props room_db room_svc ;;
  esac
  # Extra JVM arguments for one service, after the defaults (a later -Xmx/-D wins), split on spaces, e.g.
  # EXTRA_JVM_ARGS_GATEWAY_SERVICE="-Xmx1g -XX:StartFlightRecording=filename=/tmp/gw.jfr" (load-test/run-benchmarks.sh)
  local extra="EXTRA_JVM_ARGS_${1^^}"
  extra="${extra//-/_}"
  if [[ -n "${!extra:-}" ]]; then printf '%s\n' ${!extra}; fi
}

# ---------------------------------------------------------------- helpers
svc_jar() { echo "$REPO/$1/target/quarkus-app/quarkus-run.jar"; }
svc_pid() { cat "$SVC_DIR/$1.pid" 2>/dev/null || true; }
# True while process $1 runs (a zombie waiting to be reaped counts as gone).
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z ]]
}
ready() { [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://localhost:$1/q/health/ready")" == 200 ]]; }

needs_build() {
  local svc jar oldest=""
  for svc in "${SERVICES[@]}"; do
    jar="$(svc_jar "$svc")"
    [[ -f "$jar" ]] || return 0
    if [[ -z "$oldest" || "$jar" -ot "$oldest" ]]; then oldest=$jar; fi
  done
  # Any source or pom (of any module) newer than the oldest jar?
  [[ -n "$(find "$REPO" \( -name .git -o -name .local -o -name target -o -name deploy -o -name node_modules \) -prune \
    -o -type f \( -path '*/src/*' -o -name pom.xml \) -newer "$oldest" -print -quit)" ]]
}

build() {
  if [[ "${SKIP_BUILD:-}" == 1 ]]; then
    log "SKIP_BUILD=1: not building"
  elif needs_build; then
    log "building (mvn -B -q -DskipTests package)"
    (cd "$REPO" && mvn -B -q -DskipTests package)
  else
    log "jars are up to date"
  fi
  local svc
  for svc in "${SERVICES[@]}"; do
    [[ -f "$(svc_jar "$svc")" ]] || die "missing $(svc_jar "$svc")"
  done
}

start_service() {
  local svc=$1 port pid
  port="$(svc_port "$svc")"
  pid="$(svc_pid "$svc")"
  if pid_alive "$pid" && [[ "$(svc_jar "$svc")" -nt "$SVC_DIR/$svc.pid" ]]; then
    log "$svc: restarting (rebuilt since it started)"
    stop_service "$svc"
  elif pid_alive "$pid"; then
    log "$svc: already running (pid $pid)"
    return 0
  fi
  if ready "$port"; then
    log "$svc: reusing the healthy service on port $port"
    rm -f "$SVC_DIR/$svc.pid"
    return 0
  fi
  local props=()
  mapfile -t props < <(svc_props "$svc")
  log "$svc: starting on port $port"
  cd "$REPO/$svc"
  # the previous run's log stays beside the new one: a restart must not erase what happened before it
  [[ -f "$SVC_DIR/$svc.log" ]] && mv -f "$SVC_DIR/$svc.log" "$SVC_DIR/$svc.log.1"
  setsid nohup java "${props[@]}" -jar "$(svc_jar "$svc")" >"$SVC_DIR/$svc.log" 2>&1 </dev/null &
  echo $! >"$SVC_DIR/$svc.pid"
  cd "$REPO"
}

wait_ready() {
  local svc=$1 port pid deadline=$((SECONDS + READY_TIMEOUT))
  port="$(svc_port "$svc")"
  until ready "$port"; do
    pid="$(svc_pid "$svc")"
    if ((SECONDS >= deadline)) || { [[ -n "$pid" ]] && ! pid_alive "$pid"; }; then
      tail -n 40 "$SVC_DIR/$svc.log" >&2 || true
      die "$svc is not ready on http://localhost:$port/q/health/ready (log: $SVC_DIR/$svc.log)"
    fi
    sleep 0.5
  done
  log "$svc: ready on port $port"
}

stop_service() {
  local svc=$1 pid
  pid="$(svc_pid "$svc")"
  if pid_alive "$pid" && grep -qa quarkus-run.jar "/proc/$pid/cmdline"; then
    log "$svc: stopping (pid $pid)"
    kill -TERM "$pid"
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if pid_alive "$pid"; then
      log "$svc: still running after ${STOP_TIMEOUT} s, killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$SVC_DIR/$svc.pid"
}

# ---------------------------------------------------------------- commands
cmd_up() {
  command -v curl >/dev/null || die "curl is needed (apt-get install -y curl)"
  "$HERE/infra.sh" up
  build
  mkdir -p "$SVC_DIR"
  local svc
  for svc in "${SERVICES[@]}"; do start_service "$svc"; done
  for svc in "${SERVICES[@]}"; do wait_ready "$svc"; done
  cat <<EOF

Suite is up. Gateway: ws://localhost:$GATEWAY_PORT/ws
  token:    deploy/local/token.sh alice
  connect:  npx wscat -c "ws://localhost:$GATEWAY_PORT/ws?access_token=\$(deploy/local/token.sh alice)"
  logs:     $SVC_DIR/<service>.log (the previous start's: <service>.log.1)
  stop:     deploy/local/suite.sh down
EOF
}

cmd_down() {
  local svc
  for svc in "${SERVICES[@]}"; do stop_service "$svc"; done
  "$HERE/infra.sh" down
}

cmd_status() {
  local svc port pid state
  for svc in "${SERVICES[@]}"; do
    port="$(svc_port "$svc")"
    pid="$(svc_pid "$svc")"
    pid_alive "$pid" || pid=""
    if ready "$port"; then state=up; elif [[ -n "$pid" ]]; then state=unready; else state=down; fi
    printf '%-16s %-8s port %-5s pid %s\n' "$svc" "$state" "$port" "${pid:--}"
  done
  "$HERE/infra.sh" status
}

case "${1:-}" in
  props) svc_props "${2:?usage: $0 props SERVICE}" ;;  # the JVM arguments of one service (used by system-tests)
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status|props SERVICE" >&2; exit 2 ;;
esac
