#!/usr/bin/env bash
# Drill `pgbackrest-drill`: the documented pgBackRest set-up for an external PostgreSQL (docs/operations.md §13,
# deploy/pgbackrest.conf), end to end with Debian's pgbackrest and a real PostgreSQL server (issue 12, part 3).
#   a scratch PostgreSQL cluster (Debian's server binaries, initdb) with archive_mode on and archive_command =
#   pgbackrest archive-push, configured from deploy/pgbackrest.conf (only the paths and the port changed)
#   → stanza-create, check → the platform on it (demo data) → plans A → a full backup ONLINE while it runs
#   → plans B → the platform stopped; every table's row count and content MD5 noted; WAL archived (check)
#   → restore the latest state into a NEW data directory: the same table checksums, plans A and B,
#     ./truongson audit-verify OK
#   → restore the backup's own point (--type=immediate) into another directory: plans A, no plan B, and
#     audit-verify against the head file kept outside the database NAMES the older database (the restore-from-an-
#     older-backup attack of issue 11 is found, as it must be)
#   → a repository file with one changed byte: pgbackrest refuses the restore.
# Run with: ./truongson bench pgbackrest-drill (CI runs it after the backup drill). Results in bench/results/.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
bench_init pgbackrest-drill "$@"
command -v pgbackrest >/dev/null || bench_die "pgbackrest is missing (Debian package pgbackrest; ./truongson setup installs it)"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$PGBIN/initdb" ] || bench_die "PostgreSQL's server binaries are missing (Debian package postgresql)"
command -v jq >/dev/null || bench_die "jq is missing (Debian package jq)"

WORK="$BENCH_WORK/pgbackrest-drill/run" # bench_init keeps the jar under test one level up
rm -rf "$WORK"; mkdir -p "$WORK"
# PostgreSQL and pgBackRest run as the postgres user, as on a database server.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || bench_die "no postgres user (Debian package postgresql creates it)"
  AS_PG=(runuser -u postgres --)
  chown postgres:postgres "$WORK"
  # The path down to the work directory must be walkable by postgres.
  d="$WORK"; while [ "$d" != / ]; do d="$(dirname "$d")"; chmod o+x "$d" 2>/dev/null || true; done
else
  AS_PG=()
fi
pg() { "${AS_PG[@]}" env PGBACKREST_REPO1_CIPHER_PASS="$CIPHER" "$@"; }
CIPHER="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
PGPORT_D="$(free_port)"; PGPORT_R="$(free_port)"; PORT="$(free_port)"
CONF="$WORK/pgbackrest.conf"; REPO="$WORK/repo"; SOCK="$WORK/sock"
pg mkdir -p "$REPO" "$WORK/spool" "$WORK/log" "$WORK/lock" "$SOCK"
pg chmod 0700 "$REPO"

# deploy/pgbackrest.conf with this drill's paths and port: everything else (encryption, compression, async archiving,
# retention) exactly as shipped.
sed -e "s#^repo1-path=.*#repo1-path=$REPO#" -e "s#^spool-path=.*#spool-path=$WORK/spool#" \
    -e "s#^log-path=.*#log-path=$WORK/log\nlock-path=$WORK/lock#" -e "s#^pg1-path=.*#pg1-path=$WORK/pg#" \
    -e "s#^pg1-port=.*#pg1-port=$PGPORT_D#" -e "s#^pg1-socket-path=.*#pg1-socket-path=$SOCK#" \
    "$BENCH_ROOT/deploy/pgbackrest.conf" >"$WORK/pgbackrest.conf.tmp"
pg cp "$WORK/pgbackrest.conf.tmp" "$CONF"
br() { pg pgbackrest --config="$CONF" --stanza=truongson "$@"; }

start_pg() { # DIR PORT
  pg "$PGBIN/pg_ctl" -D "$1" -o "-p $2" -l "$1.log" -w -t 120 start >/dev/null
}
stop_pg() { pg "$PGBIN/pg_ctl" -D "$1" -m fast -w -t 120 stop >/dev/null 2>&1 || true; }
bench_extra_cleanup() {
  stop_pg "$WORK/pg"; stop_pg "$WORK/restored-latest"; stop_pg "$WORK/restored-backup"
}
psql_on() { psql -h 127.0.0.1 -p "$1" -U postgres -d truongson -v ON_ERROR_STOP=1 -Atq "${@:2}"; }
# Every table of the platform's schema: name, row count, MD5 of its rows in a stable order.
table_sums() { # PORT
  local t
  for t in $(psql_on "$1" -c "select quote_ident(tablename) from pg_tables where schemaname = 'public' order by 1"); do
    printf '%s %s\n' "$t" "$(psql_on "$1" -c "select count(*) || ' ' || coalesce(md5(string_agg(x::text, E'\n' order by x::text)), '-') from $t x")"
  done
}
DATA="$WORK/platform-data"
run_platform() { # DB_PORT LOG
  TRUONGSON_DB_URL="jdbc:postgresql://127.0.0.1:$1/truongson?user=postgres" TRUONGSON_DEMO=true TRUONGSON_DATA_DIR="$DATA" \
    TRUONGSON_SANDBOX=false start_platform "$2" "$PORT" --
  wait_ready "$PORT" "$2" 900 >/dev/null || bench_die "the platform on port $1 was not ready"
}
token() {
  curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d '{"username":"dieuphoi.btl86","password":"TruongSon@2026"}' | jq -r .accessToken
}
write_plans() { # prefix count
  local t owner i
  t="$(token)"; owner="$(curl -sf "http://127.0.0.1:$PORT/api/v1/me" -H "Authorization: Bearer $t" | jq -r .unit.id)"
  for i in $(seq 1 "$2"); do
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/plans" -H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
      -d "{\"code\":\"$1-$i\",\"title\":\"Kế hoạch diễn tập pgBackRest $1-$i\",\"year\":2026,\"kind\":\"OTHER\",\"ownerUnitId\":\"$owner\"}" \
      || bench_die "POST /api/v1/plans $1-$i was not acknowledged"
  done
}
plans_on() { psql_on "$1" -c "select coalesce(string_agg(code, ' ' order by code), '') from programme_plan where code like 'PGBR-%'"; }
verify_on() { # PORT OUT: the platform's audit-verify on that database, with the platform's data directory (head file)
  local rc=0
  "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -jar "$BENCH_JAR" --spring.main.web-application-type=none \
    --truongson.command=audit-verify --truongson.demo.enabled=false --logging.level.root=WARN --spring.main.banner-mode=off \
    --truongson.data-dir="$DATA" --truongson.db.url="jdbc:postgresql://127.0.0.1:$1/truongson?user=postgres" >"$2" 2>&1 || rc=$?
  echo "$rc"
}

bench_header "pgBackRest backup and restore of an external PostgreSQL" \
  "scratch cluster of Debian's $("$PGBIN/postgres" --version | awk '{print $3}') ($PGBIN) on port $PGPORT_D; $(pgbackrest version)"
T0=$(date +%s)

bench_log "1. a scratch PostgreSQL cluster with WAL archiving through pgbackrest"
pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log"
{
  echo "listen_addresses = '127.0.0.1'"
  echo "unix_socket_directories = '$SOCK'"
  echo "archive_mode = on"
  echo "archive_command = 'pgbackrest --config=$CONF --stanza=truongson archive-push %p'"
  echo "max_connections = 100"
} >"$WORK/pg-extra.conf"
pg sh -c "cat '$WORK/pg-extra.conf' >> '$WORK/pg/postgresql.conf'"
start_pg "$WORK/pg" "$PGPORT_D"
psql -h 127.0.0.1 -p "$PGPORT_D" -U postgres -d postgres -Atqc "create database truongson" >/dev/null
br stanza-create >"$WORK/stanza-create.log" 2>&1 || { cat "$WORK/stanza-create.log" >&2; bench_die "stanza-create failed"; }
br check >"$WORK/check-1.log" 2>&1 || { cat "$WORK/check-1.log" >&2; bench_die "pgbackrest check failed"; }

bench_log "2. the platform on it; plans A; a full backup while it runs; plans B"
run_platform "$PGPORT_D" "$WORK/platform-1.log"
write_plans PGBR-A 5
t=$(date +%s)
br --type=full backup >"$WORK/backup.log" 2>&1 || { cat "$WORK/backup.log" >&2; bench_die "the online backup failed"; }
BACKUP_S=$(( $(date +%s) - t ))
write_plans PGBR-B 3
stop_platform; BENCH_PIDS=()
table_sums "$PGPORT_D" >"$WORK/tables-at-end.txt"
[ "$(plans_on "$PGPORT_D")" = "PGBR-A-1 PGBR-A-2 PGBR-A-3 PGBR-A-4 PGBR-A-5 PGBR-B-1 PGBR-B-2 PGBR-B-3" ] || bench_die "plans before the restore: $(plans_on "$PGPORT_D")"
br check >"$WORK/check-2.log" 2>&1 || { cat "$WORK/check-2.log" >&2; bench_die "pgbackrest check (WAL archived) failed"; }
br info >"$WORK/info.txt" 2>&1
stop_pg "$WORK/pg"

bench_log "3. restore the latest state into a new data directory"
t=$(date +%s)
br --pg1-path="$WORK/restored-latest" restore >"$WORK/restore-latest.log" 2>&1 || { cat "$WORK/restore-latest.log" >&2; bench_die "restore (latest) failed"; }
RESTORE_S=$(( $(date +%s) - t ))
start_pg "$WORK/restored-latest" "$PGPORT_R"
table_sums "$PGPORT_R" >"$WORK/tables-latest.txt"
TABLES=$(wc -l <"$WORK/tables-at-end.txt")
diff "$WORK/tables-at-end.txt" "$WORK/tables-latest.txt" >&2 || bench_die "table counts or checksums differ after the restore of the latest state"
rc=$(verify_on "$PGPORT_R" "$WORK/verify-latest.txt")
[ "$rc" = 0 ] || { cat "$WORK/verify-latest.txt" >&2; bench_die "audit-verify failed on the restored latest state (exit $rc)"; }
stop_pg "$WORK/restored-latest"

bench_log "4. restore the backup's own point (--type=immediate): plans A only; audit-verify names the older database"
br --pg1-path="$WORK/restored-backup" --type=immediate --target-action=promote restore >"$WORK/restore-backup.log" 2>&1 \
  || { cat "$WORK/restore-backup.log" >&2; bench_die "restore (immediate) failed"; }
start_pg "$WORK/restored-backup" "$PGPORT_R"
codes="$(plans_on "$PGPORT_R")"
[ "$codes" = "PGBR-A-1 PGBR-A-2 PGBR-A-3 PGBR-A-4 PGBR-A-5" ] || bench_die "plans after the restore of the backup's point: '$codes' (expected A only)"
rc_old=$(verify_on "$PGPORT_R" "$WORK/verify-backup.txt")
[ "$rc_old" = 3 ] || { cat "$WORK/verify-backup.txt" >&2; bench_die "audit-verify on a database older than the head file answered exit $rc_old (expected 3, broken)"; }
# The operator's way out after a deliberate point-in-time restore: a new head file (the old one kept as evidence).
rc_new=0
"$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -jar "$BENCH_JAR" --spring.main.web-application-type=none \
  --truongson.command=audit-verify --truongson.demo.enabled=false --logging.level.root=WARN --spring.main.banner-mode=off \
  --truongson.data-dir="$DATA" --truongson.audit.heads-file="$WORK/heads-after-restore.jsonl" \
  --truongson.db.url="jdbc:postgresql://127.0.0.1:$PGPORT_R/truongson?user=postgres" >"$WORK/verify-new-heads.txt" 2>&1 || rc_new=$?
[ "$rc_new" = 0 ] || { cat "$WORK/verify-new-heads.txt" >&2; bench_die "audit-verify with a new head file answered exit $rc_new"; }
stop_pg "$WORK/restored-backup"

bench_log "5. a damaged repository is refused"
victim="$(cd "$REPO" && find backup -type f -path '*pg_data/base/*' -size +2k | sort | head -1)"
[ -n "$victim" ] || bench_die "no data file found in the repository"
pg sh -c "printf 'X' | dd of='$REPO/$victim' bs=1 seek=100 conv=notrunc 2>/dev/null"
rc_bad=0; br --pg1-path="$WORK/restored-damaged" restore >"$WORK/restore-damaged.log" 2>&1 || rc_bad=$?
[ "$rc_bad" != 0 ] || bench_die "a restore from a damaged repository succeeded"

out "## Result: passed in $(( $(date +%s) - T0 )) s"
out ""
out "- \`pgbackrest stanza-create\` and \`check\` with \`deploy/pgbackrest.conf\` (encrypted repository, zstd, asynchronous archiving; only paths and port changed)"
out "- A full backup taken online while the platform ran: $BACKUP_S s; repository $(du -sh "$REPO" | cut -f1); \`pgbackrest info\`: $(grep -m1 'full backup' "$WORK/info.txt" | sed 's/^ *//')"
out "- Restore of the latest state (WAL replayed to the end) into a new data directory: $RESTORE_S s; $TABLES tables, each with the same row count and content MD5 as when the platform stopped; plans A and B present; \`audit-verify\`: $(grep -E '^(OK|BROKEN)' "$WORK/verify-latest.txt" | head -1)"
out "- Restore of the backup's own point (\`--type=immediate\`): plans A present, B absent; \`audit-verify\` with the head file kept outside the database: exit 3, \`$(grep -E '^(OK|BROKEN)' "$WORK/verify-backup.txt" | head -1 | cut -c1-300)\` — the older database is named, as the issue-11 attack \"restored from an older backup\" must be; with a new head file (the operator's step after a deliberate restore): \`$(grep -E '^(OK|BROKEN)' "$WORK/verify-new-heads.txt" | head -1)\`"
out "- One changed byte in \`$victim\` of the repository: the restore is refused (exit $rc_bad): \`$(grep -m1 -E 'ERROR' "$WORK/restore-damaged.log" | cut -c1-300)\`"
