#!/usr/bin/env bash
# Local infrastructure for development and tests: PostgreSQL 15, Redis 7, Kafka 4.1.2 (KRaft).
# No Docker, no systemd: PostgreSQL and Redis come from Debian packages, Kafka from Maven Central jars.
#
#   deploy/local/infra.sh up|down|status
#   deploy/local/infra.sh restart postgres|redis|kafka
#
# Idempotent: `up` reuses whatever already answers on a port. Kafka/Redis data, logs and pids
# live under $LOCAL_DIR (default: <repo>/.local). PostgreSQL uses Debian's cluster 15/main
# (data in /var/lib/postgresql/15/main), configured by a conf.d snippet to listen on
# 127.0.0.1:$PG_PORT.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
LOCAL_DIR="${LOCAL_DIR:-$REPO/.local}"
PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"

PG_VERSION=15
PG_CONF_SNIPPET="/etc/postgresql/$PG_VERSION/main/conf.d/90-local-infra.conf"
# Dev-only databases: "role password database"
PG_DATABASES=(
  "message_svc message_svc message_db"
  "room_svc room_svc room_db"
)

REDIS_DIR="$LOCAL_DIR/redis"
KAFKA_DIR="$LOCAL_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
TOPICS_FILE="$HERE/topics.txt"

log() { echo "[infra] $*" >&2; }
die() { echo "[infra] ERROR: $*" >&2; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# True while process $1 runs (a zombie waiting to be reaped counts as gone).
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z ]]
}
pid_gone() { ! pid_alive "$1"; }

# PID listening on a port (needs `ss`; prints nothing if unknown).
pid_on_port() {
  command -v ss >/dev/null || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}

# wait_for SECONDS COMMAND...: retries COMMAND until it succeeds or SECONDS have passed.
wait_for() {
  local timeout=$1; shift
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# ---------------------------------------------------------------- packages
ensure_packages() {
  local missing=()
  [[ -x /usr/lib/postgresql/$PG_VERSION/bin/postgres ]] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

# ---------------------------------------------------------------- PostgreSQL
pg_running() { pg_ctlcluster "$PG_VERSION" main status >/dev/null 2>&1; }

pg_up() {
  if port_open "$PG_PORT"; then
    log "postgres: reusing server on port $PG_PORT"
  else
    [[ -d /etc/postgresql/$PG_VERSION/main ]] || pg_createcluster "$PG_VERSION" main >/dev/null
    local want
    # Rare checkpoints: load-test/run-benchmarks.sh forces one before each measured run, so none of a run's commits
    # shares the one disk here with the writes of a checkpoint an earlier run caused.
    want="$(printf "# Written by deploy/local/infra.sh\nport = %s\nlisten_addresses = '127.0.0.1'\ncheckpoint_timeout = 30min\nmax_wal_size = 4GB\n" "$PG_PORT")"
    if [[ "$(cat "$PG_CONF_SNIPPET" 2>/dev/null)" != "$want" ]]; then
      printf '%s\n' "$want" >"$PG_CONF_SNIPPET"
      # Settings changed (port, checkpoints): restart to pick them up.
      if pg_running; then pg_ctlcluster "$PG_VERSION" main stop; fi
    fi
    if ! pg_running; then
      log "postgres: starting cluster $PG_VERSION/main on port $PG_PORT"
      pg_ctlcluster "$PG_VERSION" main start
    fi
    wait_for 30 pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "postgres did not become ready"
  fi
  pg_create_databases
}

pg_create_databases() {
  local sql="" role pass db
  for entry in "${PG_DATABASES[@]}"; do
    read -r role pass db <<<"$entry"
    sql+="SELECT format('CREATE ROLE %I LOGIN', '$role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') \\gexec
ALTER ROLE $role WITH LOGIN PASSWORD '$pass';
SELECT format('CREATE DATABASE %I OWNER %I', '$db', '$role') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db') \\gexec
"
  done
  (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres) <<<"$sql" >/dev/null
}

pg_down() {
  if pg_running; then
    log "postgres: stopping cluster $PG_VERSION/main"
    pg_ctlcluster "$PG_VERSION" main stop
  fi
}

pg_pid() {
  head -1 "/var/lib/postgresql/$PG_VERSION/main/postmaster.pid" 2>/dev/null || pid_on_port "$PG_PORT"
}

# ---------------------------------------------------------------- Redis
redis_ping() { [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }
redis_gone() { ! redis_ping; }

redis_up() {
  if redis_ping; then
    log "redis: reusing server on port $REDIS_PORT"
    return 0
  fi
  mkdir -p "$REDIS_DIR"
  log "redis: starting on port $REDIS_PORT"
  redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
  wait_for 15 redis_ping || { tail -n 20 "$REDIS_DIR/redis.log" >&2; die "redis did not answer PING"; }
}

redis_down() {
  if redis_ping; then
    log "redis: stopping (port $REDIS_PORT)"
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    wait_for 10 redis_gone || true
  fi
}

redis_pid() {
  redis-cli -p "$REDIS_PORT" info server 2>/dev/null | sed -n 's/^process_id:\([0-9]*\).*/\1/p'
}

# ---------------------------------------------------------------- Kafka
kafka_java() {  # kafka_java [-cp CP] MAIN_CLASS ARGS... (CLI tools: warnings only)
  local cp="$KAFKA_LIBS/*"
  if [[ "$1" == -cp ]]; then cp=$2; shift 2; fi
  java -Xmx256m -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$HERE/kafka/tools-log4j2.properties" \
    -cp "$cp" "$@"
}

kafka_libs() {
  [[ -f "$KAFKA_LIBS/.complete" ]] && return 0
  log "kafka: copying jars from Maven Central into $KAFKA_LIBS"
  rm -rf "$KAFKA_LIBS"
  mkdir -p "$KAFKA_DIR/logs"
  if ! mvn -q -B -f "$HERE/kafka/pom.xml" package -Dkafka.libs.dir="$KAFKA_LIBS" >"$KAFKA_DIR/logs/mvn.log" 2>&1; then
    cat "$KAFKA_DIR/logs/mvn.log" >&2
    die "could not copy the Kafka jars (mvn failed)"
  fi
  touch "$KAFKA_LIBS/.complete"
}

kafka_config() {
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Written by deploy/local/infra.sh: single-node KRaft (broker + controller), local dev only.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=localhost:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=6
default.replication.factor=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
EOF
}

kafka_format() {
  [[ -f "$KAFKA_DIR/data/meta.properties" ]] && return 0
  local id
  # A Kafka cluster id is 16 random bytes in URL-safe base64 without padding; one starting with '-' would be read
  # as an option by kafka-storage (as Kafka's own Uuid.randomUuid does, draw again).
  id=-
  while [[ $id == -* ]]; do
    id="$(openssl rand 16 | openssl base64 -A | tr '+/' '-_' | tr -d '=')"
  done
  log "kafka: formatting storage (cluster id $id)"
  kafka_java kafka.tools.StorageTool format --standalone -t "$id" -c "$KAFKA_DIR/server.properties" >/dev/null
}

kafka_started_since() {  # log (from byte $1 on) says the broker is up
  tail -c "+$(($1 + 1))" "$KAFKA_DIR/logs/server.log" 2>/dev/null | grep -q 'Kafka Server started'
}

kafka_up() {
  if port_open "$KAFKA_PORT"; then
    log "kafka: reusing broker on port $KAFKA_PORT"
  else
    kafka_libs
    kafka_config
    kafka_format
    local offset pid
    offset="$(stat -c %s "$KAFKA_DIR/logs/server.log" 2>/dev/null || echo 0)"
    log "kafka: starting broker on port $KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
    cd "$KAFKA_DIR"
    setsid nohup java -Xmx512m -Djava.awt.headless=true \
      -Dkafka.logs.dir="$KAFKA_DIR/logs" \
      -Dlog4j2.configurationFile="$HERE/kafka/log4j2.properties" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
      >"$KAFKA_DIR/logs/stdout.log" 2>&1 </dev/null &
    pid=$!
    cd - >/dev/null
    echo "$pid" >"$KAFKA_DIR/kafka.pid"
    local deadline=$((SECONDS + 60))
    until kafka_started_since "$offset"; do
      if ! pid_alive "$pid" || ((SECONDS >= deadline)); then
        tail -n 30 "$KAFKA_DIR/logs/server.log" "$KAFKA_DIR/logs/stdout.log" >&2 || true
        kill -KILL "$pid" 2>/dev/null || true
        if [[ "${1:-}" != fresh && -d "$KAFKA_DIR/data" ]]; then
          # Seen on dev machines: a broker whose data holds months of test consumer groups got stuck loading it.
          # Local data only: every message is in PostgreSQL; queued commands and topic history are dropped.
          log "kafka: did not start on its old data within 60 s; starting again with empty data"
          rm -rf "$KAFKA_DIR/data"
          kafka_up fresh
          return
        fi
        die "kafka did not start within 60 s (see $KAFKA_DIR/logs)"
      fi
      sleep 0.2
    done
  fi
  kafka_topics
}

# Creates the topics of topics.txt that are missing, in one JVM.
kafka_topics() {
  kafka_libs
  local args=() name parts
  while read -r name parts _; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    args+=("$name" "$parts")
  done <"$TOPICS_FILE"
  ((${#args[@]})) || return 0
  local classes="$KAFKA_DIR/classes"
  if [[ ! "$classes/CreateTopics.class" -nt "$HERE/kafka/CreateTopics.java" ]]; then
    javac -d "$classes" -cp "$KAFKA_LIBS/*" "$HERE/kafka/CreateTopics.java"
  fi
  # TopicCommand warns about '.' in topic names on every call: drop that line.
  kafka_java -cp "$classes:$KAFKA_LIBS/*" CreateTopics "localhost:$KAFKA_PORT" "${args[@]}" |
    { grep -v '^WARNING: Due to limitations in metric names' || true; } >&2
}

kafka_pid() {
  local pid
  pid="$(cat "$KAFKA_DIR/kafka.pid" 2>/dev/null || true)"
  if pid_alive "$pid"; then echo "$pid"; else pid_on_port "$KAFKA_PORT"; fi
}

kafka_down() {
  local pid
  pid="$(cat "$KAFKA_DIR/kafka.pid" 2>/dev/null || true)"
  if pid_alive "$pid" && grep -qa 'kafka.Kafka' "/proc/$pid/cmdline"; then
    log "kafka: stopping broker (pid $pid)"
    kill -TERM "$pid"
    if ! wait_for 30 pid_gone "$pid"; then
      log "kafka: still running after 30 s, killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  elif port_open "$KAFKA_PORT"; then
    log "kafka: broker on port $KAFKA_PORT was not started by this script; left running"
  fi
  rm -f "$KAFKA_DIR/kafka.pid"
}

# ---------------------------------------------------------------- commands
status_line() {  # name port pid (an empty pid means down)
  if [[ -n "$3" ]]; then
    printf '%-9s up   port %-5s pid %s\n' "$1" "$2" "$3"
  else
    printf '%-9s down port %-5s pid -\n' "$1" "$2"
  fi
}

cmd_status() {
  local pid=""
  if port_open "$PG_PORT"; then pid="$(pg_pid)"; pid=${pid:-?}; fi
  status_line postgres "$PG_PORT" "$pid"
  pid=""
  if command -v redis-cli >/dev/null && redis_ping; then pid="$(redis_pid)"; pid=${pid:-?}; fi
  status_line redis "$REDIS_PORT" "$pid"
  pid=""
  if port_open "$KAFKA_PORT"; then pid="$(kafka_pid)"; pid=${pid:-?}; fi
  status_line kafka "$KAFKA_PORT" "$pid"
}

cmd_up() {
  ensure_packages
  pg_up
  redis_up
  kafka_up
  log "up: postgres 127.0.0.1:$PG_PORT, redis 127.0.0.1:$REDIS_PORT, kafka localhost:$KAFKA_PORT"
}

cmd_down() {
  kafka_down
  command -v redis-cli >/dev/null && redis_down
  command -v pg_ctlcluster >/dev/null && pg_down
  log "down"
}

# restart postgres|redis|kafka: stops one server and starts it again (the chaos tests' broker and database
# restarts). Kafka and Redis must have been started by this script to be stopped.
cmd_restart() {
  case "${1:-}" in
    postgres) pg_down; pg_up ;;
    redis) redis_down; redis_up ;;
    kafka) kafka_down; port_open "$KAFKA_PORT" && die "kafka on port $KAFKA_PORT is not this checkout's: not restarted"
      kafka_up ;;
    *) die "usage: $0 restart postgres|redis|kafka" ;;
  esac
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
    up | down | restart)
      mkdir -p "$LOCAL_DIR"
      # Serialize up/down. `flock -o` keeps the lock away from the daemons we start.
      if [[ -z "${_INFRA_LOCKED:-}" ]]; then
        export _INFRA_LOCKED=1
        exec flock -o "$LOCAL_DIR/infra.lock" "$0" "$@"
      fi
      shift
      "cmd_$cmd" "$@"
      ;;
    status) cmd_status ;;
    *) echo "usage: $0 up|down|status|restart postgres|redis|kafka" >&2; exit 2 ;;
  esac
}

main "$@"
