# Shared by the benchmarks in bench/*.sh: machine description, result file, starting and stopping
# the platform, readiness polling, wrk runs. Sourced, never run. Only localhost is ever a target.
# shellcheck shell=bash

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_DIR="$BENCH_ROOT/bench"
BENCH_LIB="$BENCH_DIR/lib"
BENCH_WORK="$BENCH_DIR/work"
BENCH_RESULTS="$BENCH_DIR/results"
BENCH_JAR_SRC="$BENCH_ROOT/platform/target/truongson-platform.jar"

bench_die() { echo "bench: $*" >&2; exit 1; }
bench_log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- setup -------------------------------------------------------------------------------------

# bench_init NAME: checks the tools, makes the work dir, opens the result file, copies the jar.
bench_init() {
  BENCH_NAME="$1"
  if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
    bench_die "JAVA_HOME is not set to a JDK >= 21: run benchmarks through the launcher, ./truongson bench $BENCH_NAME"
  fi
  [ -f "$BENCH_JAR_SRC" ] || bench_die "no $BENCH_JAR_SRC: run ./truongson bench $BENCH_NAME (it builds first)"
  local t
  for t in curl; do command -v "$t" >/dev/null || bench_die "$t is needed (apt-get install $t)"; done
  mkdir -p "$BENCH_WORK/$BENCH_NAME" "$BENCH_RESULTS"
  BENCH_STAMP="$(date +%Y%m%d-%H%M)"
  BENCH_RESULT="$BENCH_RESULTS/$BENCH_NAME-$BENCH_STAMP.md"
  # Run a private copy: other people rebuilding platform/target while we measure must not pull the jar
  # out from under a running JVM.
  # (Named without "truongson", so that a colleague's `pkill -f truongson-platform` does not hit it.)
  BENCH_JAR="$BENCH_WORK/$BENCH_NAME/platform-under-bench.jar"
  cp -f "$BENCH_JAR_SRC" "$BENCH_JAR"
  BENCH_COMMAND="./truongson bench $BENCH_NAME"
  [ $# -gt 1 ] && BENCH_COMMAND+=" ${*:2}"
  : >"$BENCH_RESULT"
  BENCH_PIDS=()
  BENCH_PGDATA_DIRS=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# Everything after this line goes to the result file and to the terminal.
out() { printf '%s\n' "$*" | tee -a "$BENCH_RESULT"; }
out_file() { tee -a "$BENCH_RESULT" <"$1"; }
out_code() { # out_code LANG FILE: a fenced block
  out '```'"${1}"
  tee -a "$BENCH_RESULT" <"$2"
  out '```'
}

git_describe() {
  local rev dirty=""
  rev="$(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  [ -n "$(git -C "$BENCH_ROOT" status --porcelain 2>/dev/null | grep -v '^?? bench/' | head -1)" ] && dirty=" (with uncommitted changes)"
  echo "$rev$dirty"
}

# The machine section of a result file. $1: a line about the database used.
bench_header() {
  local title="$1" db_line="$2"
  out "# Benchmark \`$BENCH_NAME\`: $title"
  out ""
  out "- When: $(date '+%Y-%m-%d %H:%M:%S %Z')"
  out "- Command: \`$BENCH_COMMAND\` (script \`bench/$BENCH_NAME.sh\`)"
  out "- Code: commit $(git_describe); jar $(du -m "$BENCH_JAR" | cut -f1) MB, built $(date -r "$BENCH_JAR_SRC" '+%Y-%m-%d %H:%M')"
  out ""
  out "## Machine"
  out ""
  out "| | |"
  out "|---|---|"
  out "| CPUs (\`nproc\`) | $(nproc) |"
  out "| CPU model | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') |"
  out "| Memory (\`free -h\` total) | $(free -h | awk '/^Mem:/ {print $2}') |"
  out "| Kernel | $(uname -srm) |"
  out "| OS | $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") |"
  out "| Java | $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) — \`$JAVA_HOME\` |"
  out "| JVM details | $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 3p) |"
  out "| PostgreSQL | $db_line |"
  out "| Load average at start | $(cut -d' ' -f1-3 /proc/loadavg) (other processes share these $(nproc) cores: $(bench_other_java) other JVMs running) |"
  out ""
}

bench_other_java() {
  local n=0 p
  for p in $(pgrep -x java 2>/dev/null); do
    local mine=0 q
    for q in "${BENCH_PIDS[@]:-}"; do [ "$p" = "$q" ] && mine=1; done
    [ "$mine" = 0 ] && n=$((n + 1))
  done
  echo "$n"
}

# ---- the platform ------------------------------------------------------------------------------

# A free TCP port on the loopback interface.
free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  bench_die "no free port found"
}

now_ns() { date +%s%N; }

# bench_embedded_env [DATA_NAME]: the platform's own environment for a run on its embedded database — nothing
# inherited (no external database, no demo switch, no token configuration), a fresh data dir (kept with
# BENCH_KEEP_DATA=1). Sets DATA ($BENCH_WORK/<DATA_NAME or the bench's name>-data), WORK, LOG, PORT, BASE,
# LOAD_BEFORE and OTHER_JVMS.
bench_embedded_env() {
  DATA="$BENCH_WORK/${1:-$BENCH_NAME}-data"
  WORK="$BENCH_WORK/$BENCH_NAME"
  LOG="$WORK/platform.log"
  PORT="$(free_port)"
  BASE="http://127.0.0.1:$PORT"
  unset TRUONGSON_DB_URL TRUONGSON_DB_USER TRUONGSON_DB_PASSWORD TRUONGSON_DEMO SOFTHSM2_CONF
  export TRUONGSON_DATA_DIR="$DATA"
  [ "${BENCH_KEEP_DATA:-0}" = 1 ] || rm -rf "$DATA"
  mkdir -p "$WORK" "$DATA"
  LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
  OTHER_JVMS="$(pgrep -c java || true)"
}

# start_platform LOG PORT [java options…] -- [app args…]
# Environment for the JVM: whatever the caller exported (TRUONGSON_DATA_DIR, TRUONGSON_DB_URL…).
# Sets PLATFORM_PID and PLATFORM_LAUNCH_NS.
start_platform() {
  local logf="$1" port="$2"; shift 2
  local jvm=() app=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  app=("$@")
  [ -n "${TRUONGSON_DATA_DIR:-}" ] && BENCH_PGDATA_DIRS+=("$TRUONGSON_DATA_DIR/postgres")
  PLATFORM_LAUNCH_NS=$(now_ns)
  if [ -n "${BENCH_LOADER_PATH:-}" ]; then
    # Bench tooling (test sources, not in the production jar) on the launcher's path: bench_tooling below.
    "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$BENCH_JAR" -Dloader.path="$BENCH_LOADER_PATH" \
      org.springframework.boot.loader.launch.PropertiesLauncher --server.port="$port" "${app[@]}" >"$logf" 2>&1 &
  else
    "$JAVA_HOME/bin/java" "${jvm[@]}" -jar "$BENCH_JAR" --server.port="$port" "${app[@]}" >"$logf" 2>&1 &
  fi
  PLATFORM_PID=$!
  BENCH_PIDS+=("$PLATFORM_PID")
}

# bench_tooling CLASS...: the named classes of the platform's test sources (bench commands, e.g. vn/truongson/audit/AuditSealBench,
# with their inner classes), compiled when missing or older than their source, copied to a directory of their own and put on
# the launcher's path by start_platform (BENCH_LOADER_PATH): they are not in the production jar.
bench_tooling() {
  local dir="$BENCH_WORK/$BENCH_NAME/tooling" c src cls stale=""
  for c in "$@"; do
    src="$BENCH_ROOT/platform/src/test/java/$c.java"; cls="$BENCH_ROOT/platform/target/test-classes/$c.class"
    [ -f "$src" ] || bench_die "no bench tooling source $src"
    { [ -f "$cls" ] && [ "$cls" -nt "$src" ]; } || stale=1
  done
  if [ -n "$stale" ]; then
    bench_log "compiling the bench tooling (test sources)"
    (cd "$BENCH_ROOT" && mvn -q -B -DskipTests -pl platform -am test-compile) >&2 || bench_die "the bench tooling does not compile"
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  for c in "$@"; do
    mkdir -p "$dir/$(dirname "$c")"
    cp "$BENCH_ROOT/platform/target/test-classes/$c.class" "$BENCH_ROOT/platform/target/test-classes/$c"\$*.class "$dir/$(dirname "$c")/" 2>/dev/null || true
    [ -f "$dir/$c.class" ] || bench_die "bench tooling $c not compiled"
  done
  BENCH_LOADER_PATH="$dir"
}

# wait_ready PORT LOG [timeout s]: polls readiness every 100 ms; prints the ms from launch to the first 200.
wait_ready() {
  local port="$1" logf="$2" limit="${3:-240}" code deadline
  deadline=$(( $(date +%s) + limit ))
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/actuator/health/readiness" || true)
    if [ "$code" = 200 ]; then
      echo $(( ($(now_ns) - PLATFORM_LAUNCH_NS) / 1000000 ))
      return 0
    fi
    if ! kill -0 "$PLATFORM_PID" 2>/dev/null; then
      echo "bench: the platform exited before it was ready; last lines of $logf:" >&2
      tail -40 "$logf" >&2
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "bench: not ready after ${limit}s; last lines of $logf:" >&2
      tail -40 "$logf" >&2
      return 1
    fi
    sleep 0.1
  done
}

# platform_exit_status: after wait_ready failed because the JVM is gone, how it ended.
platform_exit_status() {
  local rc=0
  wait "$PLATFORM_PID" 2>/dev/null || rc=$?
  if [ "$rc" -gt 128 ]; then echo "killed by signal $((rc - 128)) (exit $rc)"; else echo "exit $rc"; fi
}

# stop_platform: SIGTERM (graceful: the embedded PostgreSQL stops with the context), SIGKILL after 60 s.
stop_platform() {
  local pid="${1:-${PLATFORM_PID:-}}" i
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      bench_log "platform $pid did not stop in 60 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  fi
  stop_embedded_postgres
  return 0
}

# An embedded PostgreSQL left behind by a JVM that did not stop cleanly.
stop_embedded_postgres() {
  local d pid i
  for d in "${BENCH_PGDATA_DIRS[@]:-}"; do
    [ -n "$d" ] && [ -f "$d/postmaster.pid" ] || continue
    pid="$(head -1 "$d/postmaster.pid")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      bench_log "stopping the embedded PostgreSQL left in $d (pid $pid)"
      kill -INT "$pid" 2>/dev/null || true
      for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
  done
  return 0
}

bench_cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  for p in "${BENCH_PIDS[@]:-}"; do [ -n "$p" ] && stop_platform "$p"; done
  stop_embedded_postgres
  if declare -F bench_extra_cleanup >/dev/null; then bench_extra_cleanup || true; fi
  if [ "$rc" != 0 ] && [ -n "${BENCH_RESULT:-}" ]; then
    echo "bench: $BENCH_NAME failed (exit $rc); partial results in $BENCH_RESULT" >&2
  fi
  exit "$rc"
}

# The port of the embedded PostgreSQL on a data dir, from its postmaster.pid.
embedded_pg_port() { sed -n 4p "$1/postgres/postmaster.pid" 2>/dev/null; }

# Problems the platform logged: ERROR and WARN lines and exceptions, counted, with the distinct messages
# (timestamps, pids and object ids blanked out so that repeats group together).
log_problems() { # log_problems LOG
  local logf="$1" errors warns exc
  errors=$(grep -cE '^[0-9][^ ]* +ERROR ' "$logf" || true)
  warns=$(grep -cE '^[0-9][^ ]* +WARN ' "$logf" || true)
  exc=$(grep -cE '^(Caused by: )?[a-zA-Z_$.]+(Exception|Error)(:|$)' "$logf" || true)
  out "- \`${logf#"$BENCH_ROOT"/}\`: $errors ERROR lines, $warns WARN lines, $exc exception headers in stack traces."
  if [ "$errors" != 0 ] || [ "$warns" != 0 ] || [ "$exc" != 0 ]; then
    out ""
    out '```text'
    { grep -E '^[0-9][^ ]* +(ERROR|WARN) ' "$logf" \
        | sed -E 's/^[^ ]+ +(ERROR|WARN) +[0-9]+ --- \[[^]]*\] \[[^]]*\] ([^ ]+) +: /\1 \2: /'
      grep -E '^(Caused by: )?[a-zA-Z_$.]+(Exception|Error)(:|$)' "$logf" || true; } \
      | sed -E 's/@[0-9a-f]{5,}/@…/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9:.]+( UTC|Z)?/…/g; s/\[[0-9]+\]/[…]/g' \
      | cut -c1-240 | sort | uniq -c | sort -rn | awk 'NR <= 12' | tee -a "$BENCH_RESULT"
    out '```'
    out ""
  fi
}

# The "Platform behaviour" section of a result: the problems the platform logged, and the load at the end.
out_platform_behaviour() { # out_platform_behaviour LOG
  out "## Platform behaviour"
  out ""
  log_problems "$1"
  out "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# audit_verify JDBC_URL OUTPUT: the jar's audit-verify against a database (the chain must survive the load);
# prints "exit RC, `OK …`" for the result line. Never fails the script.
audit_verify() {
  local rc=0
  "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -jar "$BENCH_JAR" --spring.main.web-application-type=none \
    --truongson.command=audit-verify --truongson.demo.enabled=false --logging.level.root=WARN --spring.main.banner-mode=off \
    --truongson.db.url="$1" >"$2" 2>&1 || rc=$?
  printf 'exit %s, `%s`' "$rc" "$(grep -E '^(OK|BROKEN)' "$2" | head -1)"
}

# phase_rows LOG LAUNCH_NS REGEX: Markdown rows "| seconds after launch | logger: message |" for matching log lines.
phase_rows() {
  local logf="$1" launch="$2" re="$3" line ts t msg
  { grep -E "$re" "$logf" || true; } | while IFS= read -r line; do
    ts="${line%% *}"
    t=$(date -d "$ts" +%s%N 2>/dev/null) || continue
    msg=$(sed -E 's/^[^ ]+ +[A-Z]+ +[0-9]+ --- \[[^]]*\] \[[^]]*\] ([^ ]+) +: /\1: /; s/\|/\\|/g' <<<"$line" | cut -c1-170)
    printf '| %s | %s |\n' "$(awk -v a="$t" -v b="$launch" 'BEGIN { printf "%.2f", (a - b) / 1e9 }')" "$msg"
  done
}

# ---- numbers -----------------------------------------------------------------------------------

# stats: reads numbers, one a line; prints "min median max mean n".
stats() {
  sort -n | awk '{a[NR]=$1; s+=$1} END {
    if (NR == 0) { print "- - - - 0"; exit }
    m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2
    printf "%s %s %s %.1f %d\n", a[1], m, a[NR], s/NR, NR }'
}

# percentile P: reads numbers, one a line; prints the P-th percentile (nearest rank).
percentile() {
  sort -n | awk -v p="$1" '{a[NR]=$1} END { if (NR == 0) { print "-"; exit }
    r = int((p/100.0) * NR + 0.999999); if (r < 1) r = 1; if (r > NR) r = NR; print a[r] }'
}

ms() { awk -v n="$1" 'BEGIN { printf "%.0f", n }'; }

# ---- wrk ---------------------------------------------------------------------------------------

# run_wrk LABEL CONNECTIONS DURATION URL [METHOD] [BODY] [AUTH]: one bounded wrk run through
# bench/lib/wrk-report.lua, or the script named by WRK_SCRIPT (a file in bench/lib that builds on it). Leaves
# the raw output in $BENCH_WORK/$BENCH_NAME/wrk-<label>.txt and the summary values in WRK_* variables.
run_wrk() {
  local label="$1" conns="$2" dur="$3" url="$4" method="${5:-GET}" body="${6:-}" auth="${7:-}"
  local threads=$(( conns < 2 ? conns : 2 ))
  local raw="$BENCH_WORK/$BENCH_NAME/wrk-$label.txt"
  local script="${WRK_SCRIPT:-wrk-report.lua}"
  WRK_CMD="wrk -t$threads -c$conns -d$dur --timeout 10s --latency -s bench/lib/$script $url"
  WRK_METHOD="$method" WRK_BODY="$body" WRK_AUTH="$auth" WRK_LIB="$BENCH_LIB" \
    timeout --kill-after=10 $(( ${dur%s} + 30 )) \
    wrk -t"$threads" -c"$conns" -d"$dur" --timeout 10s --latency -s "$BENCH_LIB/$script" "$url" >"$raw" 2>&1 || true
  local line
  line="$(grep '^WRK_RESULT ' "$raw" | tail -1)"
  [ -n "$line" ] || { cat "$raw" >&2; bench_die "wrk run $label produced no result"; }
  # WRK_RESULT key=value …
  local kv
  for kv in ${line#WRK_RESULT }; do
    case "$kv" in
      requests=*) WRK_REQUESTS="${kv#*=}" ;;
      rps=*) WRK_RPS="${kv#*=}" ;;
      p50=*) WRK_P50="${kv#*=}" ;;
      p90=*) WRK_P90="${kv#*=}" ;;
      p99=*) WRK_P99="${kv#*=}" ;;
      max=*) WRK_MAX="${kv#*=}" ;;
      mean=*) WRK_MEAN="${kv#*=}" ;;
      errors=*) WRK_ERRORS="${kv#*=}" ;;
      statuses=*) WRK_STATUSES="${kv#*=}" ;;
    esac
  done
  bench_log "$label: $WRK_RPS req/s, p50 $WRK_P50 ms, p99 $WRK_P99 ms, statuses $WRK_STATUSES, socket errors $WRK_ERRORS"
}

# ---- a scratch database on the machine's PostgreSQL ($PGHOST_, $PGPORT_, $DB set by the script) ----------
# run_pgbench CLIENTS DURATION SCRIPT [-D name=value…]: the database's floor for a write path — the same rows inserted
# bare by pgbench into $DB (no HTTP, no checks, no audit), CLIENTS connections for DURATION (e.g. 20s). Sets PG_TPS,
# PG_LAT (average ms), PG_P50, PG_P99 (ms, from pgbench's per-transaction log) and PG_N (transactions);
# the output is in $WORK/pgbench.txt.
run_pgbench() {
  local clients="$1" duration="$2" script="$3"; shift 3
  timeout --kill-after=10 $(( ${duration%s} + 60 )) pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c "$clients" -j 2 -T "${duration%s}" -r \
    -f "$script" "$@" -P 5 --log --log-prefix="$WORK/pgbench" "$DB" >"$WORK/pgbench.txt" 2>&1 || true
  PG_TPS="$(grep -E '^tps' "$WORK/pgbench.txt" | head -1 | sed -E 's/tps = ([0-9.]+).*/\1/' || true)"
  PG_LAT="$(grep -E '^latency average' "$WORK/pgbench.txt" | sed -E 's/latency average = ([0-9.]+) ms/\1/' || true)"
  [ -n "$PG_TPS" ] || bench_die "pgbench failed: $(tail -3 "$WORK/pgbench.txt")"
  # pgbench's per-transaction log: column 3 is the latency in µs.
  PG_P99="$(cat "$WORK"/pgbench.[0-9]* 2>/dev/null | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {if (NR) printf "%.1f", a[int(NR*0.99)]/1000}')"
  PG_P50="$(cat "$WORK"/pgbench.[0-9]* 2>/dev/null | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {if (NR) printf "%.1f", a[int(NR*0.5)]/1000}')"
  PG_N="$(cat "$WORK"/pgbench.[0-9]* 2>/dev/null | wc -l)"
  rm -f "$WORK"/pgbench.[0-9]*
}

sqlq() { psql -h "$PGHOST_" -p "$PGPORT_" -U postgres -d "$DB" -v ON_ERROR_STOP=1 -Atq "$@"; }
admin_sql() { psql -h "$PGHOST_" -p "$PGPORT_" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq -c "$1"; }

# scratch_database: $DB created empty (dropped first, and again at exit); PG_VERSION set.
scratch_database() {
  pg_isready -q -h "$PGHOST_" -p "$PGPORT_" || bench_die "the machine's PostgreSQL does not answer on $PGHOST_:$PGPORT_"
  bench_extra_cleanup() {
    admin_sql "drop database if exists $DB with (force)" >/dev/null 2>&1 && bench_log "dropped the scratch database $DB"
  }
  admin_sql "drop database if exists $DB with (force)" >/dev/null 2>&1
  admin_sql "create database $DB" >/dev/null
  PG_VERSION="$(admin_sql 'show server_version')"
}

# platform_env_on_scratch_database: the platform's environment for a run on $DB, with demo data, files in $DATA.
platform_env_on_scratch_database() {
  unset TRUONGSON_DB_USER TRUONGSON_DB_PASSWORD
  export TRUONGSON_DB_URL="jdbc:postgresql://$PGHOST_:$PGPORT_/$DB?user=postgres"
  export TRUONGSON_DEMO=true
  export TRUONGSON_DATA_DIR="$DATA"
}
