#!/usr/bin/env bash
# Runs every benchmark in one command on a private PostgreSQL cluster, and writes
# artifacts/bench/report.md and report.json: each figure beside its target (README, "Performance";
# docs/performance.md) and beside the baselines measured in the same run (plain Hangfire no-op jobs,
# pgbench). It reports; it asserts no speed (a missed target is written as missed).
#
#   ops/bench.sh              # full size: booking at a million appointments, bursts of 10,000 (about 30 min)
#   ops/bench.sh --smoke      # every benchmark at a tiny size; the last step of ops/test.sh
#   ops/bench.sh --no-build   # use the Release build that is there (ops/test.sh has just made it)
#
# Steps (each prints a progress line): build, and publish the worker with ReadyToRun (full size only);
# a cluster; pgbench; seed and booking (with the day view); dispatch with 1, 2 and 3 worker processes
# (a cold and a warm burst each, punctuality over a span, worker memory, what limited each burst);
# the dashboard pages during a burst; the report.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd -P)"
# shellcheck source=ops/lib/common.sh
source ops/lib/common.sh
# shellcheck source=ops/lib/postgres.sh
source ops/lib/postgres.sh

MODE=full BUILD=1
for arg in "$@"; do
    case "$arg" in
        --smoke) MODE=smoke ;;
        --no-build) BUILD=0 ;;
        *) die "unknown argument '$arg' (use --smoke, --no-build)" ;;
    esac
done

if [[ "$MODE" == smoke ]]; then
    PATIENTS=60 OPERATIONS=20 WARMUP=5 PGBENCH_SECONDS=2 PGBENCH_SCALE=1
    BURST=200 PENDING=1000 HANGFIRE_JOBS=50 STEADY_SECONDS=2 PAGES_BURST=300 PAGES=10
else
    PATIENTS=166667 OPERATIONS=500 WARMUP=50 PGBENCH_SECONDS=10 PGBENCH_SCALE=10
    BURST=10000 PENDING=100000 HANGFIRE_JOBS=5000 STEADY_SECONDS=60 PAGES_BURST=30000 PAGES=200
fi

OUT="$ROOT/artifacts/bench"
CONFIGURATION=Release
BENCH_DLL="$ROOT/bench/Scheduling.Benchmarks/bin/$CONFIGURATION/net10.0/Scheduling.Benchmarks.dll"
WEB_DLL="$ROOT/src/Scheduling.Web/bin/$CONFIGURATION/net10.0/Scheduling.Web.dll"
WORKER_DLL="$ROOT/src/Scheduling.Worker/bin/$CONFIGURATION/net10.0/Scheduling.Worker.dll"
STEPS=8 STEP=0
TMP_DIR='' PG_DATA='' BURST_PID=''

progress() {
    STEP=$((STEP + 1))
    log_step "[$STEP/$STEPS] $* (load average $(cut -d' ' -f1-3 /proc/loadavg))"
}

# shellcheck disable=SC2317 # called through the EXIT trap
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    [[ -n "$BURST_PID" ]] && kill_process_group "$BURST_PID" 10
    [[ -n "$PG_DATA" ]] && pg_stop "$PG_DATA"
    [[ -n "$TMP_DIR" && -d "$TMP_DIR" ]] && rm -rf "$TMP_DIR"
    exit "$rc"
}
trap cleanup EXIT
trap 'log_warn "interrupted"; exit 130' INT
trap 'log_warn "terminated"; exit 143' TERM

bench() { dotnet "$BENCH_DLL" "$@"; }
web() { dotnet "$WEB_DLL" "$@"; }
connect_to() { export ConnectionStrings__Scheduling="Host=127.0.0.1;Port=$PG_PORT;Database=$1;Username=$PG_SUPERUSER"; }

# ------------------------------------------------------------------ build
progress "Build ($MODE)"
have dotnet || die "the .NET SDK (dotnet) is not on PATH"
pg_ensure_binaries
[[ -x "$PG_BIN/pgbench" ]] || die "$PG_BIN/pgbench is missing (Debian's postgresql package has it)"
for name in $(compgen -e | grep -E '^(Email__|Sms__)' || true) PublicBaseUrl Worker__Enabled; do
    unset "$name"
done
if ((BUILD)); then
    dotnet build Scheduling.sln -c "$CONFIGURATION" --nologo -nodeReuse:false -v:q
    dotnet build-server shutdown >/dev/null 2>&1 || true
fi
for dll in "$BENCH_DLL" "$WEB_DLL" "$WORKER_DLL"; do
    [[ -f "$dll" ]] || die "$dll is missing: build first (or drop --no-build)"
done
rm -rf "$OUT"
mkdir -p "$OUT"
TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/scheduling-bench.XXXXXX")"
chmod 0755 "$TMP_DIR"
if ! pg_dir_usable "$TMP_DIR/pgdata"; then
    rm -rf "$TMP_DIR"
    TMP_DIR="$(mktemp -d /tmp/scheduling-bench.XXXXXX)"
    chmod 0755 "$TMP_DIR"
fi
if [[ "$MODE" == full ]]; then
    # The worker as it ships: published with ReadyToRun for this machine's architecture.
    case "$(uname -m)" in
        aarch64 | arm64) RID=linux-arm64 ;;
        *) RID=linux-x64 ;;
    esac
    log_info "publishing the worker with ReadyToRun ($RID) into ${OUT#"$ROOT"/}/worker"
    # Its own intermediate files (--artifacts-path): a restore for one runtime leaves the build's alone.
    dotnet publish src/Scheduling.Worker/Scheduling.Worker.csproj -c "$CONFIGURATION" -r "$RID" \
        --self-contained false -p:UseAppHost=false -o "$OUT/worker" --artifacts-path "$TMP_DIR/publish" \
        --nologo -v:q -nodeReuse:false
    dotnet build-server shutdown >/dev/null 2>&1 || true
    WORKER_DLL="$OUT/worker/Scheduling.Worker.dll"
fi
log_ok "worker: ${WORKER_DLL#"$ROOT"/}"

# ------------------------------------------------------------------ PostgreSQL
progress "Private PostgreSQL cluster"
PG_DATA="$TMP_DIR/pgdata"
claim_free_port PG_PORT
pg_init "$PG_DATA" >/dev/null
pg_set_option "$PG_DATA" max_connections 300
if [[ "$MODE" == smoke ]]; then
    # A smoke run measures nothing: durability would only slow it down.
    pg_set_option "$PG_DATA" fsync off
    pg_set_option "$PG_DATA" synchronous_commit off
fi
pg_start "$PG_DATA" "$PG_PORT" "$TMP_DIR/postgres.log"
log_ok "PostgreSQL on 127.0.0.1:$PG_PORT ($("$PG_BIN/postgres" --version))"
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED_AT="$(date -u +%FT%TZ)"

pg_create_database "$PG_PORT" migrated
connect_to migrated
web migrate >"$OUT/migrate.log" 2>&1 || { tail -n 30 "$OUT/migrate.log" >&2; die "migrate failed"; }
for name in booking workers pages_burst; do
    pg_psql "$PG_PORT" postgres "CREATE DATABASE $name TEMPLATE migrated"
done
pg_create_database "$PG_PORT" pgbench

# ------------------------------------------------------------------ pgbench
progress "pgbench -N -c 8 -j 2 -T $PGBENCH_SECONDS (scale $PGBENCH_SCALE)"
"$PG_BIN/pgbench" -i -q -s "$PGBENCH_SCALE" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" pgbench \
    >"$OUT/pgbench-init.log" 2>&1
"$PG_BIN/pgbench" -N -c 8 -j 2 -T "$PGBENCH_SECONDS" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" pgbench \
    >"$OUT/pgbench.log" 2>&1
TPS="$(grep -Eo 'tps = [0-9.]+' "$OUT/pgbench.log" | tail -n 1 | grep -Eo '[0-9.]+')"
[[ -n "$TPS" ]] || { cat "$OUT/pgbench.log" >&2; die "pgbench printed no tps"; }
printf '{ "tps": %s, "clients": 8, "seconds": %s, "loadAverage": "%s" }\n' \
    "$TPS" "$PGBENCH_SECONDS" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/pgbench.json"
log_ok "$TPS transactions/s"

# ------------------------------------------------------------------ booking
progress "Seed $PATIENTS patients, then booking and the day view ($OPERATIONS operations)"
connect_to booking
web seed --patients "$PATIENTS" >"$OUT/seed.log" 2>&1 || { tail -n 30 "$OUT/seed.log" >&2; die "seed failed"; }
bench booking --operations "$OPERATIONS" --warmup "$WARMUP" --json "$OUT/booking.json" | tee "$OUT/booking.md"

# ------------------------------------------------------------------ 1, 2, 3 workers
progress "Dispatch with 1, 2 and 3 worker processes (bursts of $BURST, $PENDING pending)"
connect_to workers
bench dispatch --workers 1,2,3 --burst "$BURST" --pending "$PENDING" --hangfire-jobs "$HANGFIRE_JOBS" \
    --steady-seconds "$STEADY_SECONDS" --connections 32 --parallelism 64 --worker-dll "$WORKER_DLL" \
    --json "$OUT/workers.json" | tee "$OUT/workers.md"

# ------------------------------------------------------------------ pages during a burst
progress "Dashboard pages ($PAGES of each) during a burst of $PAGES_BURST"
connect_to pages_burst
setsid dotnet "$BENCH_DLL" dispatch --workers 1 --burst "$PAGES_BURST" --pending 0 --hangfire-jobs 0 \
    --steady-seconds 0 --connections 32 --parallelism 64 --worker-dll "$WORKER_DLL" \
    --json "$OUT/burst-for-pages.json" >"$OUT/burst-for-pages.md" 2>"$OUT/burst-for-pages.log" &
BURST_PID=$!
deadline=$((SECONDS + 300))
until grep -q 'cold: .* released' "$OUT/burst-for-pages.log" 2>/dev/null; do
    kill -0 "$BURST_PID" 2>/dev/null || { cat "$OUT/burst-for-pages.log" >&2; die "the burst ended before it began"; }
    ((SECONDS < deadline)) || die "the burst was not released within 300 s"
    sleep 0.2
done
log_info "burst released; measuring the pages"
connect_to booking
# The pages' web host sends no SMS here; outside local mode it must be told so.
Sms__Mode=Capture bench pages --operations "$PAGES" --warmup 5 --json "$OUT/pages-during-burst.json" | tee "$OUT/pages.md"
rc=0
wait "$BURST_PID" || rc=$?
BURST_PID=''
cat "$OUT/burst-for-pages.log" >&2
((rc == 0)) || die "the burst beside the pages failed (exit code $rc)"

# ------------------------------------------------------------------ report
progress "Report"
printf '{ "mode": "%s", "startedAt": "%s", "endedAt": "%s", "cores": %s, "loadAtStart": "%s", "loadAtEnd": "%s",
  "worker": "%s", "postgres": "%s" }\n' "$MODE" "$STARTED_AT" "$(date -u +%FT%TZ)" "$(nproc)" "$LOAD_AT_START" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" "${WORKER_DLL#"$ROOT"/}" "$("$PG_BIN/postgres" --version)" >"$OUT/run.json"
bench report --dir "$OUT"
log_ok "wrote ${OUT#"$ROOT"/}/report.md and report.json"
cat "$OUT/report.md"
