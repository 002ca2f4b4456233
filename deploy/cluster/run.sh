#!/usr/bin/env bash
# Two platform nodes on the machine's PostgreSQL, HAProxy in front (issue 12 §4; API.md "Operations":
# `./truongson cluster start|stop|status`).
#
#   deploy/cluster/run.sh start    starts node 1 (loads the demo data once), then node 2, then HAProxy
#   deploy/cluster/run.sh stop     stops HAProxy, then the nodes (SIGTERM, SIGKILL after 60 s)
#   deploy/cluster/run.sh status   one line per node: `node <n> pid <pid> port <port>` (then `haproxy pid <pid> port <port>`);
#                                  exit 0 when every part runs, 3 otherwise
#
# Environment: JAVA_HOME (a JDK >= 21), and optionally
#   TRUONGSON_DATA_DIR          default ./data; the cluster keeps pid files, logs, node dirs and the shared
#                               SoftHSM token store under <data dir>/cluster/
#   TRUONGSON_CLUSTER_PORT      HAProxy's port (default 8080)
#   TRUONGSON_CLUSTER_NODES     how many nodes (default 2)
#   TRUONGSON_CLUSTER_PGHOST / _PGPORT / _DB   the machine's PostgreSQL (127.0.0.1, 5432, truongson_cluster; user postgres, trust)
#   TRUONGSON_CLUSTER_JAR       default platform/target/truongson-platform.jar
#   TRUONGSON_CLUSTER_JAVA_OPTS default -Xmx768m
#   TRUONGSON_CLUSTER_TIMEOUT   seconds each node may take to be ready (default 600)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="$(realpath -m "${TRUONGSON_DATA_DIR:-$ROOT/data}")"
DIR="$DATA/cluster"
PORT="${TRUONGSON_CLUSTER_PORT:-8080}"
NODES="${TRUONGSON_CLUSTER_NODES:-2}"
PGHOST_="${TRUONGSON_CLUSTER_PGHOST:-127.0.0.1}"
PGPORT_="${TRUONGSON_CLUSTER_PGPORT:-5432}"
DB="${TRUONGSON_CLUSTER_DB:-truongson_cluster}"
JAR="${TRUONGSON_CLUSTER_JAR:-$ROOT/platform/target/truongson-platform.jar}"
JAVA_OPTS="${TRUONGSON_CLUSTER_JAVA_OPTS:--Xmx768m}"
TIMEOUT="${TRUONGSON_CLUSTER_TIMEOUT:-600}"

die() { echo "cluster: $*" >&2; exit 1; }
say() { echo "cluster: $*" >&2; }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_of() { cat "$DIR/$1.pid" 2>/dev/null || true; }
port_of() { cat "$DIR/$1.port" 2>/dev/null || true; }

# A port nobody listens on: bound (port 0) and released, then checked again just before use.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/actuator/health/readiness" || true)" = 200 ]; }

status() {
  local n pid port rc=0
  for n in $(seq 1 "$NODES"); do
    pid="$(pid_of "node$n")"; port="$(port_of "node$n")"
    if alive "$pid"; then
      echo "node $n pid $pid port $port"
    else
      echo "node $n pid ${pid:--} port ${port:--} down"; rc=3
    fi
  done
  pid="$(pid_of haproxy)"
  if alive "$pid"; then echo "haproxy pid $pid port $PORT"; else echo "haproxy pid ${pid:--} port $PORT down"; rc=3; fi
  return "$rc"
}

start_node() {
  local n="$1" port pid log="$DIR/node$n.log" t0 waited
  port="$(free_port)"
  port_taken "$port" && port="$(free_port)"
  mkdir -p "$DIR/node$n"
  say "node $n: starting on port $port (log $log)"
  # The node's own data dir holds only temporary uploads: files, sessions, jobs and numbers are in PostgreSQL,
  # the keys on the one shared token store.
  # shellcheck disable=SC2086
  TRUONGSON_DB_URL="jdbc:postgresql://$PGHOST_:$PGPORT_/$DB?user=postgres" \
  TRUONGSON_DEMO=true \
  TRUONGSON_DATA_DIR="$DIR/node$n" \
  TRUONGSON_SIGNING_TOKEN_DIR="$DIR/softhsm" \
  SOFTHSM2_CONF="$DIR/softhsm/softhsm2.conf" \
  TRUONGSON_FILES_STORE=database \
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$DIR/node$n.pid" \
    "$JAVA_HOME/bin/java" $JAVA_OPTS -jar "$JAR" --server.port="$port" --server.address=127.0.0.1 \
    --server.forward-headers-strategy=framework --spring.application.name="truongson-node$n" \
    >"$log" 2>&1 </dev/null &
  echo "$port" >"$DIR/node$n.port"
  t0=$(date +%s)
  for _ in $(seq 1 50); do [ -s "$DIR/node$n.pid" ] && break; sleep 0.1; done
  pid="$(pid_of "node$n")"
  while ! ready "$port"; do
    alive "$pid" || { tail -30 "$log" >&2; die "node $n exited before it was ready (log $log)"; }
    waited=$(( $(date +%s) - t0 ))
    [ "$waited" -lt "$TIMEOUT" ] || { tail -30 "$log" >&2; die "node $n not ready after ${TIMEOUT}s (log $log)"; }
    sleep 1
  done
  say "node $n: ready in $(( $(date +%s) - t0 )) s (pid $pid, port $port)"
}

start() {
  [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] || die "JAVA_HOME must name a JDK >= 21"
  [ -f "$JAR" ] || die "no $JAR: build it first (./truongson build)"
  local t
  for t in haproxy psql pg_isready curl python3 softhsm2-util; do
    command -v "$t" >/dev/null || die "$t is needed (Debian: apt-get install haproxy postgresql-client curl python3 softhsm2 opensc)"
  done
  mkdir -p "$DIR"
  if status >/dev/null 2>&1; then say "already running"; status; return 0; fi
  # Half-started from before: stop what is left first.
  stop >/dev/null 2>&1 || true
  port_taken "$PORT" && die "port $PORT is taken: set TRUONGSON_CLUSTER_PORT"
  pg_isready -q -h "$PGHOST_" -p "$PGPORT_" || die "the machine's PostgreSQL does not answer on $PGHOST_:$PGPORT_"
  if [ "$(psql -h "$PGHOST_" -p "$PGPORT_" -U postgres -d postgres -Atqc "select 1 from pg_database where datname = '$DB'")" != 1 ]; then
    say "creating the database $DB"
    psql -h "$PGHOST_" -p "$PGPORT_" -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "create database $DB encoding 'UTF8' template template0" >/dev/null
  fi
  # The demo loaders check, then insert: not safe for two nodes starting together on an empty database. So node 1
  # first (it migrates the schema, loads the demo data and makes the CA on the shared token), then the others.
  local n servers=""
  for n in $(seq 1 "$NODES"); do
    start_node "$n"
    servers+="    server node$n 127.0.0.1:$(port_of "node$n") check"$'\n'
  done
  local cfg="$DIR/haproxy.cfg"
  awk -v port="$PORT" -v servers="$servers" '{ gsub(/@PORT@/, port); if ($0 ~ /^@SERVERS@$/) { printf "%s", servers; next } print }' \
    "$ROOT/deploy/cluster/haproxy.cfg" >"$cfg"
  haproxy -c -q -f "$cfg" || die "HAProxy refuses $cfg"
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$DIR/haproxy.pid" haproxy -db -f "$cfg" >"$DIR/haproxy.log" 2>&1 </dev/null &
  local i
  for i in $(seq 1 100); do ready "$PORT" && break; sleep 0.2; done
  ready "$PORT" || { tail -20 "$DIR/haproxy.log" >&2; die "HAProxy does not answer on port $PORT"; }
  say "HAProxy on http://127.0.0.1:$PORT/ in front of $NODES nodes"
  status
}

stop_pid() { # stop_pid NAME: SIGTERM, SIGKILL after 60 s
  local pid i
  pid="$(pid_of "$1")"
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 600); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then say "$1 (pid $pid) did not stop in 60 s: killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
    say "$1 stopped"
  fi
  rm -f "$DIR/$1.pid"
}

stop() {
  local n
  stop_pid haproxy
  for n in $(seq 1 "$NODES"); do stop_pid "node$n" & done
  wait
  rm -f "$DIR"/node*.port
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
