#!/usr/bin/env bash
# Runs every test: a format check (CSharpier), restore, a warning-free Release build, a throwaway
# PostgreSQL cluster, then `dotnet test` for each test project. Ends with one line "N passed, N failed,
# N skipped" and a non-zero exit on any failure, an unformatted file, a build warning, or when no test ran.
#
#   ops/test.sh                      # from any directory, as root or as an ordinary user
#
# Environment:
#   TEST_FILTER=...                  passed to `dotnet test --filter` (e.g. "FullyQualifiedName~Booking")
#   TEST_CONSOLE_VERBOSITY=normal    console logger verbosity (quiet|minimal|normal|detailed)
#   TEST_TIMEOUT_MINUTES=40          per test project; the run is killed after that
#   SCHEDULING_ALLOWED_WARNINGS=""   space-separated warning codes the build may print (none by default)
#   SCHEDULING_BENCH_SMOKE=0         skip the last step, `ops/bench.sh --smoke` (skipped too with TEST_FILTER)
#   SCHEDULING_TEST_KEEP_ENV=1       keep Email__*/Sms__*/PublicBaseUrl/Worker__Enabled from your shell
#                                    (by default they are unset so tests never reach a real SMTP/Twilio)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd -P)"
# shellcheck source=ops/lib/common.sh
source ops/lib/common.sh
# shellcheck source=ops/lib/postgres.sh
source ops/lib/postgres.sh

RESULTS_DIR="$ROOT/artifacts/test-results"
BUILD_LOG="$ROOT/artifacts/build.log"
CONSOLE_VERBOSITY="${TEST_CONSOLE_VERBOSITY:-normal}"
TIMEOUT_MINUTES="${TEST_TIMEOUT_MINUTES:-40}"

TMP_DIR=''
PG_DATA=''
TEST_PID=''

# shellcheck disable=SC2317 # called through the EXIT trap
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    if [[ -n "$TEST_PID" ]]; then
        log_info "stopping the running test host (process group $TEST_PID)"
        kill_process_group "$TEST_PID" 10
        TEST_PID=''
    fi
    if [[ -n "$PG_DATA" ]]; then
        pg_stop "$PG_DATA"
    fi
    if [[ -n "$TMP_DIR" && -d "$TMP_DIR" ]]; then
        rm -rf "$TMP_DIR"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log_warn "interrupted"; exit 130' INT
trap 'log_warn "terminated"; exit 143' TERM

# ------------------------------------------------------------------ prerequisites
log_step "Prerequisites"
have dotnet || die "the .NET SDK (dotnet) is not on PATH"
log_ok "dotnet $(dotnet --version)"
ensure_chromium
pg_ensure_binaries
log_ok "PostgreSQL binaries: $PG_BIN ($("$PG_BIN/postgres" --version))"

if [[ -z "${SCHEDULING_TEST_KEEP_ENV:-}" ]]; then
    for name in $(compgen -e | grep -E '^(Email__|Sms__)' || true) PublicBaseUrl Worker__Enabled; do
        if [[ -n "${!name+x}" ]]; then
            log_info "unsetting $name for the tests (SCHEDULING_TEST_KEEP_ENV=1 keeps it)"
            unset "$name"
        fi
    done
fi

# ------------------------------------------------------------------ format
log_step "Format check (CSharpier)"
ensure_dotnet_tools
if ! dotnet csharpier check .; then
    die "the files named above are not formatted: run 'dotnet csharpier format .' and commit the result"
fi
log_ok "every file is formatted"

# ------------------------------------------------------------------ build
log_step "Restore"
dotnet restore Scheduling.sln --nologo -v:minimal

log_step "Build (Release; any warning fails the run)"
mkdir -p "$(dirname "$BUILD_LOG")"
build_rc=0
dotnet build Scheduling.sln -c Release --no-restore --nologo -nodeReuse:false -tl:off -v:minimal -clp:Summary \
    2>&1 | tee "$BUILD_LOG" || build_rc=$?
# The compiler and Razor servers outlive the build; stop them so the run leaves nothing behind.
dotnet build-server shutdown >/dev/null 2>&1 || true
if ((build_rc != 0)); then
    die "the build failed (full log: ${BUILD_LOG#"$ROOT"/})"
fi

warnings="$(grep -E ': warning [A-Za-z]+[0-9]+' "$BUILD_LOG" | sed -E 's/^[[:space:]]+//' | sort -u || true)"
for code in ${SCHEDULING_ALLOWED_WARNINGS:-}; do
    warnings="$(grep -v -E ": warning $code:" <<<"$warnings" || true)"
done
summary_count="$(grep -Eo '^[[:space:]]*[0-9]+ Warning\(s\)' "$BUILD_LOG" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)"
if [[ -n "$warnings" ]]; then
    log_error "the build printed warnings; fix them (the build must be warning-free):"
    printf '%s\n' "$warnings" >&2
    exit 1
fi
if [[ -z "${SCHEDULING_ALLOWED_WARNINGS:-}" && "$summary_count" != 0 ]]; then
    log_error "the build summary reports $summary_count warning(s); see ${BUILD_LOG#"$ROOT"/}"
    exit 1
fi
log_ok "build is warning-free"

# ------------------------------------------------------------------ PostgreSQL
log_step "Throwaway PostgreSQL cluster"
TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/scheduling-test.XXXXXX")"
chmod 0755 "$TMP_DIR" # the cluster user (postgres, when we are root) must reach the data dir
if ! pg_dir_usable "$TMP_DIR/pgdata"; then
    # A private $TMPDIR the postgres user cannot traverse: /tmp always works.
    rm -rf "$TMP_DIR"
    TMP_DIR="$(mktemp -d /tmp/scheduling-test.XXXXXX)"
    chmod 0755 "$TMP_DIR"
fi
PG_DATA="$TMP_DIR/pgdata"
claim_free_port PG_PORT
pg_init "$PG_DATA" >/dev/null
# Durability is pointless for a cluster that is deleted at the end of the run.
pg_set_option "$PG_DATA" fsync off
pg_set_option "$PG_DATA" synchronous_commit off
pg_set_option "$PG_DATA" full_page_writes off
pg_set_option "$PG_DATA" max_connections 200
pg_start "$PG_DATA" "$PG_PORT" "$TMP_DIR/postgres.log"
log_ok "PostgreSQL on 127.0.0.1:$PG_PORT, data $PG_DATA, run by $(pg_cluster_user)"

if [[ -n "${ConnectionStrings__Scheduling:-}" ]]; then
    log_info "ignoring ConnectionStrings__Scheduling from your shell: tests always use the throwaway cluster"
fi
export ConnectionStrings__Scheduling="Host=127.0.0.1;Port=$PG_PORT;Database=scheduling_test;Username=$PG_SUPERUSER;Include Error Detail=true"
export SCHEDULING_TEST_POSTGRES_BIN="$PG_BIN"
export SCHEDULING_TEST_PGDATA="$PG_DATA"
export SCHEDULING_TEST_PGUSER
SCHEDULING_TEST_PGUSER="$(pg_cluster_user)"
export SCHEDULING_TEST_PGPORT="$PG_PORT"

# ------------------------------------------------------------------ tests
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

# The two named projects first, then any other test project under tests/.
projects=()
for name in Scheduling.Tests Scheduling.IntegrationTests; do
    if [[ -f "tests/$name/$name.csproj" ]]; then
        projects+=("$name")
    else
        log_warn "tests/$name does not exist yet; skipping it"
    fi
done
for csproj in tests/*/*.csproj; do
    [[ -f "$csproj" ]] || continue
    name="$(basename "$csproj" .csproj)"
    [[ " ${projects[*]-} " == *" $name "* ]] && continue
    grep -qiE '<IsTestProject>[[:space:]]*false' "$csproj" && continue
    projects+=("$name")
done

declare -A project_rc=()
for name in "${projects[@]}"; do
    log_step "dotnet test $name"
    args=(test "tests/$name/$name.csproj" -c Release --no-build --nologo
        --results-directory "$RESULTS_DIR"
        --logger "trx;LogFileName=$name.trx"
        --logger "console;verbosity=$CONSOLE_VERBOSITY")
    [[ -n "${TEST_FILTER:-}" ]] && args+=(--filter "$TEST_FILTER")
    # Own session and process group: on exit or Ctrl-C the whole tree (vstest, test hosts) is
    # killed; `timeout` bounds a hung run.
    setsid timeout --kill-after=30s "${TIMEOUT_MINUTES}m" dotnet "${args[@]}" </dev/null &
    TEST_PID=$!
    rc=0
    wait "$TEST_PID" || rc=$?
    # Anything the run left in its group (a stuck test host) goes too.
    kill -KILL -- "-$TEST_PID" 2>/dev/null || true
    TEST_PID=''
    project_rc[$name]=$rc
    if ((rc == 124)); then
        log_error "$name did not finish within $TIMEOUT_MINUTES minutes and was killed"
    fi
done

# ------------------------------------------------------------------ benchmarks at smoke size
# Every benchmark, tiny, on a cluster of its own: it shows each still runs and asserts no speed. Skipped when
# TEST_FILTER picks some tests, or with SCHEDULING_BENCH_SMOKE=0.
bench_rc=''
if [[ -z "${TEST_FILTER:-}" && "${SCHEDULING_BENCH_SMOKE:-1}" != 0 ]]; then
    log_step "ops/bench.sh --smoke (log: artifacts/bench-smoke.log)"
    bench_rc=0
    ops/bench.sh --smoke --no-build >"$ROOT/artifacts/bench-smoke.log" 2>&1 || bench_rc=$?
    ((bench_rc == 0)) || tail -n 40 "$ROOT/artifacts/bench-smoke.log" >&2
fi

# ------------------------------------------------------------------ summary
# TRX <Counters total= executed= passed= failed= error= timeout= aborted= notExecuted= .../>
trx_counter() {
    local file=$1 attr=$2 value
    value="$(grep -o '<Counters [^>]*>' "$file" | head -n 1 | grep -Eo " $attr=\"[0-9]+\"" | grep -Eo '[0-9]+' || true)"
    printf '%s\n' "${value:-0}"
}

log_step "Summary"
total_passed=0 total_failed=0 total_skipped=0 problems=0
for name in "${projects[@]}"; do
    trx="$RESULTS_DIR/$name.trx"
    rc=${project_rc[$name]}
    if [[ ! -f "$trx" ]]; then
        log_error "$name: no TRX file (dotnet test exit code $rc): the test run crashed or did not start"
        problems=$((problems + 1))
        continue
    fi
    passed="$(trx_counter "$trx" passed)"
    failed=$(($(trx_counter "$trx" failed) + $(trx_counter "$trx" error) + $(trx_counter "$trx" timeout) + $(trx_counter "$trx" aborted)))
    skipped="$(trx_counter "$trx" notExecuted)"
    printf '    %-36s %5s passed %5s failed %5s skipped   (%s)\n' "$name" "$passed" "$failed" "$skipped" "${trx#"$ROOT"/}" >&2
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    total_skipped=$((total_skipped + skipped))
    if ((rc != 0 && failed == 0)); then
        log_error "$name: dotnet test exited with code $rc although no test failed (test host crash?)"
        problems=$((problems + 1))
    fi
done

# The failed tests last, by name, with the first lines of their messages, so that the end of a
# long log (all a CI page may show) says what broke.
if ((total_failed > 0)); then
    log_step "Failed tests"
    for name in "${projects[@]}"; do
        trx="$RESULTS_DIR/$name.trx"
        [[ -f "$trx" ]] || continue
        perl -0777 -ne '
            my %ent = (lt => "<", gt => ">", amp => "&", quot => "\"", apos => "'"'"'");
            sub unxml { my $t = shift; $t =~ s/&(lt|gt|amp|quot|apos);/$ent{$1}/g; $t =~ s/&#x?([0-9A-Fa-f]+);//g; $t }
            while (/<UnitTestResult\b([^>]*[^>\/])>(.*?)<\/UnitTestResult>/gs) {
                my ($attrs, $body) = ($1, $2);
                next unless $attrs =~ /outcome="(Failed|Error|Timeout|Aborted)"/;
                my ($test) = $attrs =~ /testName="([^"]*)"/;
                my ($msg) = $body =~ /<Message>(.*?)<\/Message>/s;
                my ($stack) = $body =~ /<StackTrace>(.*?)<\/StackTrace>/s;
                print "    FAILED ", unxml($test // "?"), "\n";
                my @lines = grep { /\S/ } split /\n/, unxml($msg // "(no message)");
                print "        $_\n" for @lines[0 .. ($#lines < 11 ? $#lines : 11)];
                my @frames = grep { /Scheduling\./ } split /\n/, unxml($stack // "");
                print "        $_\n" for @frames[0 .. ($#frames < 3 ? $#frames : 3)];
            }' "$trx" >&2 || true
    done
fi

if [[ -n "$bench_rc" ]]; then
    if ((bench_rc == 0)); then
        log_ok "ops/bench.sh --smoke ran every benchmark (artifacts/bench/report.md)"
    else
        log_error "ops/bench.sh --smoke failed (exit code $bench_rc; artifacts/bench-smoke.log)"
        problems=$((problems + 1))
    fi
fi

status=0
if ((total_failed > 0 || problems > 0)); then
    status=1
fi
if ((total_passed + total_failed == 0)); then
    log_error "no test ran"
    status=1
fi

printf '%s passed, %s failed, %s skipped\n' "$total_passed" "$total_failed" "$total_skipped"
exit "$status"
