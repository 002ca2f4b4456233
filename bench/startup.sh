#!/usr/bin/env bash
# Benchmark `startup`: cold start to readiness on the embedded PostgreSQL.
#   (a) first start on a fresh data dir: initdb + migrations + demo data;
#   (b) warm restarts with the data kept (BENCH_RESTARTS, default 5);
# each timed from process launch to the first 200 of GET /actuator/health/readiness, polled every 100 ms.
# Baselines in the same run: `java -version` of the same JVM (the JVM floor) and Spring's own
# "Started … in X seconds" line. Run with: ./truongson bench startup
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init startup "$@"
RESTARTS="${BENCH_RESTARTS:-5}"
# The options `./truongson run` starts the platform with, so this measures what a person waits for.
read -r -a JVM_OPTS <<<"${TRUONGSON_JAVA_OPTS:--Xmx1g -Xss512k}"
bench_embedded_env

bench_header "cold start to readiness (embedded PostgreSQL)" "embedded (zonky binaries; version below, read from the running server)"

out "## Parameters"
out ""
out "- Data dir: \`${DATA#"$BENCH_ROOT"/}\` (deleted before the first start, kept for the restarts)"
out "- Port: $PORT (\`--server.port=$PORT\`); readiness polled every 100 ms with curl on \`http://127.0.0.1:$PORT/actuator/health/readiness\`"
out "- JVM options: \`${JVM_OPTS[*]}\` (those of \`./truongson run\`; override with TRUONGSON_JAVA_OPTS)"
out "- Launch: \`TRUONGSON_DATA_DIR=${DATA#"$BENCH_ROOT"/} java ${JVM_OPTS[*]} -jar truongson-platform.jar --server.port=$PORT\`"
out "- Warm restarts: $RESTARTS, each after a graceful stop (SIGTERM) of the previous run"
out "- Time to readiness = launch of the java process → first HTTP 200; the polling adds up to ~100 ms"
out ""

# ---- baseline: the JVM floor -------------------------------------------------------------------

bench_log "baseline: java -version"
FLOOR_CSV="$WORK/java-version.csv"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs 20 --export-csv "$FLOOR_CSV" "$JAVA_HOME/bin/java ${JVM_OPTS[*]} -version" >/dev/null 2>&1
  # command,mean,stddev,median,user,system,min,max (seconds)
  IFS=, read -r _ f_mean _ f_median _ _ f_min f_max < <(tail -1 "$FLOOR_CSV")
  FLOOR="$(awk -v a="$f_min" -v b="$f_median" -v c="$f_max" 'BEGIN { printf "%.0f / %.0f / %.0f", a*1000, b*1000, c*1000 }')"
  FLOOR_HOW="hyperfine -N --warmup 3 --runs 20 'java ${JVM_OPTS[*]} -version'"
else
  for _ in $(seq 1 10); do t0=$(now_ns); "$JAVA_HOME/bin/java" "${JVM_OPTS[@]}" -version >/dev/null 2>&1; echo $(( ($(now_ns) - t0) / 1000000 )); done >"$WORK/java-version.txt"
  read -r f_min f_median f_max _ _ < <(stats <"$WORK/java-version.txt")
  FLOOR="$f_min / $f_median / $f_max"
  FLOOR_HOW="10 runs of 'java ${JVM_OPTS[*]} -version' (hyperfine not installed)"
fi
bench_log "JVM floor (min/median/max ms): $FLOOR"

# ---- one start ---------------------------------------------------------------------------------

# start_once LABEL: starts, waits for readiness, stops; appends "label ms spring_s process_s stop_ms" to $WORK/runs.txt
start_once() {
  local label="$1" logf="$WORK/platform-$1.log" ready spring proc t0 stop_ms
  start_platform "$logf" "$PORT" "${JVM_OPTS[@]}"
  ready="$(wait_ready "$PORT" "$logf" 300)" || bench_die "start $label failed: $(platform_exit_status)"
  if [ "$label" = first ]; then
    local pgport; pgport="$(embedded_pg_port "$DATA")"
    PG_VERSION="$(psql -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -Atc 'show server_version' 2>/dev/null || echo '?')"
  fi
  # "Started TruongSonApplication in 9.87 seconds (process running for 10.4)"
  spring="$(sed -n 's/.*Started TruongSonApplication in \([0-9.]*\) seconds.*/\1/p' "$logf" | tail -1)"
  proc="$(sed -n 's/.*Started TruongSonApplication in .*process running for \([0-9.]*\)).*/\1/p' "$logf" | tail -1)"
  t0=$(now_ns)
  stop_platform "$PLATFORM_PID"
  stop_ms=$(( ($(now_ns) - t0) / 1000000 ))
  echo "$label $ready ${spring:--} ${proc:--} $stop_ms $PLATFORM_LAUNCH_NS" >>"$WORK/runs.txt"
  bench_log "$label: ready after $ready ms (Spring: started in ${spring:-?} s, process running for ${proc:-?} s); stopped in $stop_ms ms"
}

mkdir -p "$WORK"
: >"$WORK/runs.txt"
bench_log "first start on a fresh data dir (initdb, migrations, demo data)"
start_once first
for i in $(seq 1 "$RESTARTS"); do
  bench_log "warm restart $i of $RESTARTS"
  start_once "restart-$i"
done

# ---- results -----------------------------------------------------------------------------------

out "Embedded PostgreSQL version: $PG_VERSION"
out ""
out "## Results"
out ""
out "| Run | Launch → readiness 200 (ms) | Spring \"Started … in\" (s) | JVM \"process running for\" (s) | Graceful stop (ms) |"
out "|---|---:|---:|---:|---:|"
while read -r label ready spring proc stop_ms _; do
  out "| $label | $ready | $spring | $proc | $stop_ms |"
done <"$WORK/runs.txt"
out ""
read -r r_min r_med r_max _ r_n < <(grep '^restart-' "$WORK/runs.txt" | awk '{print $2}' | stats)
read -r s_min s_med s_max _ _ < <(grep '^restart-' "$WORK/runs.txt" | awk '{print $3}' | stats)
first_ms="$(awk '$1 == "first" {print $2}' "$WORK/runs.txt")"
first_spring="$(awk '$1 == "first" {print $3}' "$WORK/runs.txt")"
out "| Summary | min | median | max |"
out "|---|---:|---:|---:|"
out "| (a) first start, fresh data dir: launch → ready (ms) | $first_ms | $first_ms | $first_ms |"
out "| (b) warm restart ($r_n runs): launch → ready (ms) | $r_min | $r_med | $r_max |"
out "| (b) warm restart: Spring \"Started … in\" (s) | $s_min | $s_med | $s_max |"
out "| Baseline: JVM floor, \`java -version\` (ms) | ${FLOOR// \/ / | } |"
out ""
out "Baseline measured with \`$FLOOR_HOW\`."
out ""
out "Spring's \"Started\" time of the first start: ${first_spring} s. Launch → ready adds the JVM's own start before"
out "Spring's clock starts, the demo data (first start only: it loads after \"Started\") and up to 100 ms of polling."
out ""
PHASES='Starting TruongSonApplication|WebApplicationContext: initialization completed|postmaster startup finished|Embedded PostgreSQL started|Successfully applied|up to date|Tomcat started|Started TruongSonApplication|Demo data loaded'
for label in first restart-1; do
  launch="$(awk -v l="$label" '$1 == l {print $6}' "$WORK/runs.txt")"
  ready="$(awk -v l="$label" '$1 == l {print $2}' "$WORK/runs.txt")"
  [ -n "$launch" ] || continue
  if [ "$label" = first ]; then out "### Where the first start spends its time"; else out "### Where a warm restart spends its time"; fi
  out ""
  out "| s after launch | log line |"
  out "|---:|---|"
  phase_rows "$WORK/platform-$label.log" "$launch" "$PHASES" | tee -a "$BENCH_RESULT"
  out "| $(awk -v r="$ready" 'BEGIN { printf "%.2f", r / 1000 }') | readiness answered 200 |"
  out ""
done
out "## Platform behaviour"
out ""
for f in "$WORK"/platform-*.log; do log_problems "$f"; done
out "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
out ""
out "## How to read this"
out ""
out "- (a) includes creating the PostgreSQL cluster (initdb), every Flyway migration and the demo"
out "  organisation ($(sed -n 's/.*Demo data loaded: \(.*\) in .*/\1/p' "$WORK/platform-first.log" | head -1); one Argon2id hash shared by all demo accounts). It happens once per data dir."
out "  The demo data is loaded after Spring's \"Started\" line and before readiness turns UP, so it is inside (a)."
out "- \"Graceful stop\" is SIGTERM → process gone. A stop near 30 s means a shutdown hook waited for a"
out "  database connection after the embedded PostgreSQL had already been stopped (see the log lines above)."
out "- (b) is what an operator waits for after a restart. Compare it with the JVM floor: everything above"
out "  the floor is the embedded PostgreSQL starting, Spring's context, Flyway's check and Tomcat."
out "- The machine has $(nproc) cores shared with other work; the load average above says how busy it was."
bench_log "results: ${BENCH_RESULT#"$BENCH_ROOT"/}"
