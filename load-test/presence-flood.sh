#!/usr/bin/env bash
# How fast presence-service works off a burst of session records (docs/BENCHMARKS.md, session 12): writes COMMANDS/2
# session_opened and as many session_closed records (fresh users of a made-up gateway) straight onto presence.commands,
# then waits until the group `presence-service` has committed them all, and prints one line: the seconds that took
# and the CPU the presence-service process used meanwhile. A reconnect storm brings records like these in bursts.
#
#   load-test/presence-flood.sh            against the suite that load-test/run-benchmarks.sh (KEEP_RUNNING=1) or
#                                          deploy/local/suite.sh with the benchmark's ports left running
#
# Env: KAFKA_PORT (28092), PRESENCE_PORT (28082), COMMANDS (20000), LOCAL_DIR (<repo>/.local/bench: the broker's jars).
# The lag is read from committed offsets, which the consumer commits every few seconds: the time is an upper bound.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAFKA_PORT="${KAFKA_PORT:-28092}"
PRESENCE_PORT="${PRESENCE_PORT:-28082}"
COMMANDS="${COMMANDS:-20000}"
LIBS="${LOCAL_DIR:-$REPO/.local/bench}/kafka/libs"

kafka_tool() {
  java -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$REPO/deploy/local/kafka/tools-log4j2.properties" \
    -cp "$LIBS/*" "$@"
}
lag() {
  kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "localhost:$KAFKA_PORT" \
      --describe --group presence-service 2>/dev/null | awk '$6 ~ /^[0-9]+$/ { sum += $6 } END { print sum + 0 }'
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

pid="$(ss -ltnp "sport = :$PRESENCE_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
[[ -n "$pid" ]] || { echo "no presence-service listens on port $PRESENCE_PORT" >&2; exit 1; }
records="$(mktemp)"
trap 'rm -f "$records"' EXIT
run="flood$(date +%s)"
awk -v n="$((COMMANDS / 2))" -v run="$run" 'BEGIN {
  for (i = 0; i < n; i++) printf "%s-u%d|{\"type\":\"session_opened\",\"gatewayId\":\"%s-gw\",\"sessionId\":\"%s-s%d\",\"userId\":\"%s-u%d\"}\n", run, i, run, run, i, run, i
  for (i = 0; i < n; i++) printf "%s-u%d|{\"type\":\"session_closed\",\"gatewayId\":\"%s-gw\",\"sessionId\":\"%s-s%d\",\"userId\":\"%s-u%d\"}\n", run, i, run, run, i, run, i
}' >"$records"

ticks_before="$(cpu_ticks "$pid")"
started="$(date +%s.%N)"
kafka_tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "localhost:$KAFKA_PORT" --topic presence.commands \
    --property parse.key=true --property key.separator='|' --producer-property linger.ms=5 <"$records"
produced="$(date +%s.%N)"
deadline=$((SECONDS + 300))
until [[ "$(lag)" -le 1 ]]; do
  ((SECONDS < deadline)) || { echo "presence-service did not catch up within 300 s" >&2; exit 1; }
  sleep 0.5
done
done_at="$(date +%s.%N)"
ticks_after="$(cpu_ticks "$pid")"
awk -v n="$COMMANDS" -v s="$started" -v p="$produced" -v d="$done_at" -v t="$((ticks_after - ticks_before))" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN {
  printf "presence-flood: %d records written in %.1f s, all committed by presence-service after %.1f s (%.0f records/s); presence-service CPU %.2f s (%.3f ms per record)\n", n, p - s, d - s, n / (d - s), t / hz, 1000 * t / hz / n
}'
