#!/usr/bin/env bash
# Runs the whole system on this machine: a private PostgreSQL cluster (data in .local/), the
# smtp4dev mail catcher, the web host (dashboard, API, Hangfire dashboard, in-process Hangfire
# server) and optionally a separate worker. Demo data and demo users are seeded (local mode).
# Ctrl-C stops everything it started.
#
#   ops/run-local.sh [--worker] [--no-build]
#
#   --worker     run a separate worker process (Scheduling.Worker) instead of the web host's own
#                Hangfire server (same as RUN_LOCAL_SEPARATE_WORKER=1)
#   --no-build   skip `dotnet build` (use what is in bin/Release)
#
# Environment (all optional):
#   ConnectionStrings__Scheduling    use this database instead of the private cluster
#   Email__Smtp__Host (and __Port, __User, __Password, __UseTls)
#                                    use this SMTP server instead of starting smtp4dev
#   Email__From, PublicBaseUrl, Worker__Enabled, Sms__Twilio__*   passed through as set
#   RUN_LOCAL_WEB_PORT=5080          preferred port of the web host (another free one if taken)
#   RUN_LOCAL_PG_PORT=55432          preferred port of the private PostgreSQL cluster
#   RUN_LOCAL_SMTP_PORT=2525, RUN_LOCAL_SMTP_UI_PORT=5081   preferred smtp4dev ports
#   RUN_LOCAL_READY_TIMEOUT=120      seconds to wait for /health/ready
set -euo pipefail

# Started in the background by another script (`ops/run-local.sh &`), bash begins with SIGINT ignored
# and cannot trap it, so Ctrl-C's signal sent by that script would be lost. Reset it once, then go on.
if [[ -z "${RUN_LOCAL_SIGNALS_RESET:-}" ]] && command -v perl >/dev/null 2>&1; then
  export RUN_LOCAL_SIGNALS_RESET=1
  exec perl -e '$SIG{INT} = "DEFAULT"; $SIG{QUIT} = "DEFAULT"; exec { $ARGV[0] } @ARGV or die "exec: $!\n"' -- bash "${BASH_SOURCE[0]}" "$@"
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd -P)"
# shellcheck source=ops/lib/common.sh
source ops/lib/common.sh
# shellcheck source=ops/lib/postgres.sh
source ops/lib/postgres.sh

usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

SEPARATE_WORKER="${RUN_LOCAL_SEPARATE_WORKER:-0}"
[[ "$SEPARATE_WORKER" == 1 || "$SEPARATE_WORKER" == true ]] && SEPARATE_WORKER=1 || SEPARATE_WORKER=0
BUILD=1
while (($#)); do
    case "$1" in
        --worker) SEPARATE_WORKER=1 ;;
        --no-build) BUILD=0 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
    shift
done

LOCAL_DIR="$ROOT/.local"
LOG_DIR="$LOCAL_DIR/logs"
WEB_DIR="$ROOT/src/Scheduling.Web/bin/Release/net10.0"
WORKER_DIR="$ROOT/src/Scheduling.Worker/bin/Release/net10.0"
WEB_DLL="$WEB_DIR/Scheduling.Web.dll"
WORKER_DLL="$WORKER_DIR/Scheduling.Worker.dll"
READY_TIMEOUT="${RUN_LOCAL_READY_TIMEOUT:-120}"

mkdir -p "$LOG_DIR"

# One run per clone: a second one would restart the first one's database under it.
PID_FILE="$LOCAL_DIR/run-local.pid"
if [[ -f "$PID_FILE" ]]; then
    other="$(head -n 1 "$PID_FILE")"
    if [[ "$other" =~ ^[0-9]+$ ]] && kill -0 "$other" 2>/dev/null \
        && grep -q 'run-local' "/proc/$other/cmdline" 2>/dev/null; then
        die "ops/run-local.sh is already running for this clone (pid $other); stop it with Ctrl-C first"
    fi
fi
echo "$$" >"$PID_FILE"

# ------------------------------------------------------------------ cleanup
PG_DATA=''        # set once we started the cluster (we stop only what we started)
SMTP_PID=''
WEB_PID=''
WORKER_PID=''
STOPPING=0

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    STOPPING=1
    if [[ -n "$WEB_PID$WORKER_PID$SMTP_PID$PG_DATA" ]]; then
        log_step "Stopping"
    fi
    if [[ -n "$WEB_PID" ]]; then
        log_info "web host (pid $WEB_PID)"
        kill_process_group "$WEB_PID" 30
    fi
    if [[ -n "$WORKER_PID" ]]; then
        log_info "worker (pid $WORKER_PID)"
        kill_process_group "$WORKER_PID" 30
    fi
    if [[ -n "$SMTP_PID" ]]; then
        log_info "smtp4dev (pid $SMTP_PID)"
        kill_process_group "$SMTP_PID" 15
    fi
    if [[ -n "$PG_DATA" ]]; then
        log_info "PostgreSQL ($PG_DATA)"
        pg_stop "$PG_DATA"
    fi
    if [[ -n "$WEB_PID$WORKER_PID$SMTP_PID$PG_DATA" ]]; then
        log_ok "stopped everything"
    fi
    if [[ "$(head -n 1 "$PID_FILE" 2>/dev/null)" == "$$" ]]; then
        rm -f "$PID_FILE"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_group VAR DIR LOGFILE CMD... : starts CMD in DIR, in its own session and process group
# (so a Ctrl-C on the terminal reaches only this script, which then stops everything in order),
# appending its output to LOGFILE. Sets VAR to its pid, which is also its process-group id. The
# process stays a child of this shell, so `wait` works on it.
start_group() {
    local __var=$1 dir=$2 log=$3
    shift 3
    (cd "$dir" && exec setsid "$@") </dev/null >>"$log" 2>&1 &
    printf -v "$__var" '%s' "$!"
}

# ------------------------------------------------------------------ PostgreSQL
if [[ -n "${ConnectionStrings__Scheduling:-}" ]]; then
    log_step "Database"
    log_info "using ConnectionStrings__Scheduling from your environment (no local PostgreSQL started)"
    DB_DESCRIPTION="from your environment"
else
    log_step "PostgreSQL (private cluster)"
    pg_ensure_binaries

    # Where the data lives: .local/postgres, unless the cluster user cannot reach it (root
    # running a repo under a private home such as /root): then a directory under /var/tmp,
    # remembered in .local/postgres-location so later runs reuse it.
    LOCATION_FILE="$LOCAL_DIR/postgres-location"
    if [[ -f "$LOCATION_FILE" ]]; then
        PG_DIR="$(head -n 1 "$LOCATION_FILE")"
    else
        PG_DIR="$LOCAL_DIR/postgres"
        if ! pg_dir_usable "$PG_DIR"; then
            rmdir "$PG_DIR" 2>/dev/null || true
            repo_hash="$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
            PG_DIR="/var/tmp/scheduling-local-$(id -un)-$repo_hash/postgres"
            log_info "$(pg_cluster_user) cannot reach $LOCAL_DIR; using $PG_DIR instead"
            mkdir -p "$(dirname "$PG_DIR")"
            chmod 0755 "$(dirname "$PG_DIR")"
            pg_dir_usable "$PG_DIR" || die "$(pg_cluster_user) cannot use $PG_DIR either"
        fi
        printf '%s\n' "$PG_DIR" >"$LOCATION_FILE"
    fi

    if [[ -f "$PG_DIR/postmaster.pid" ]] && pg_is_running "$PG_DIR"; then
        log_warn "the cluster in $PG_DIR is already running (a previous run that did not stop?); restarting it"
        pg_stop "$PG_DIR"
    fi
    pg_init "$PG_DIR"
    claim_free_port PG_PORT "${RUN_LOCAL_PG_PORT:-55432}"
    PG_DATA="$PG_DIR"
    pg_start "$PG_DIR" "$PG_PORT" "$LOG_DIR/postgres.log"
    pg_create_database "$PG_PORT" scheduling
    export ConnectionStrings__Scheduling="Host=127.0.0.1;Port=$PG_PORT;Database=scheduling;Username=$PG_SUPERUSER"
    DB_DESCRIPTION="private cluster in ${PG_DIR#"$ROOT"/}, run by $(pg_cluster_user)"
    log_ok "PostgreSQL on 127.0.0.1:$PG_PORT"
fi

# ------------------------------------------------------------------ tools and mail catcher
log_step "dotnet tools"
ensure_dotnet_tools

if [[ -n "${Email__Smtp__Host:-}" ]]; then
    log_step "Mail"
    log_info "using Email__Smtp__Host=$Email__Smtp__Host from your environment (smtp4dev not started)"
    MAIL_DESCRIPTION="sent through $Email__Smtp__Host:${Email__Smtp__Port:-<default port>} (your SMTP server)"
else
    log_step "smtp4dev (mail catcher)"
    claim_free_port SMTP_PORT "${RUN_LOCAL_SMTP_PORT:-2525}"
    claim_free_port SMTP_UI_PORT "${RUN_LOCAL_SMTP_UI_PORT:-5081}"
    SMTP_STATE="$LOCAL_DIR/smtp4dev"
    mkdir -p "$SMTP_STATE"
    # Loopback only, no relay, no IMAP/POP3, no TLS; messages kept in .local/smtp4dev.
    start_group SMTP_PID "$ROOT" "$LOG_DIR/smtp4dev.log" dotnet tool run smtp4dev \
        --urls="http://127.0.0.1:$SMTP_UI_PORT" \
        --smtpport="$SMTP_PORT" \
        --bindaddress=127.0.0.1 \
        --allowremoteconnections- \
        --disableipv6 \
        --hostname=localhost \
        --tlsmode=None \
        --imapport= \
        --pop3port= \
        --relaysmtpserver= \
        --baseappdatapath="$SMTP_STATE" \
        --db="$SMTP_STATE/smtp4dev.db" \
        --messagestokeep=1000 \
        --nousersettings \
        --locksettings
    if ! wait_for_http "http://127.0.0.1:$SMTP_UI_PORT/" 90 "$SMTP_PID"; then
        tail -n 40 "$LOG_DIR/smtp4dev.log" >&2
        die "smtp4dev did not start (log: .local/logs/smtp4dev.log)"
    fi
    export Email__Smtp__Host=127.0.0.1
    export Email__Smtp__Port="$SMTP_PORT"
    export Email__Smtp__UseTls="${Email__Smtp__UseTls:-false}"
    MAIL_DESCRIPTION="http://127.0.0.1:$SMTP_UI_PORT  (smtp4dev; SMTP on 127.0.0.1:$SMTP_PORT)"
    log_ok "smtp4dev: web UI http://127.0.0.1:$SMTP_UI_PORT, SMTP 127.0.0.1:$SMTP_PORT"
fi

# ------------------------------------------------------------------ build
if ((BUILD)); then
    log_step "Build (Release)"
    build_rc=0
    dotnet build Scheduling.sln -c Release --nologo -nodeReuse:false -v:minimal -tl:off >"$LOG_DIR/build.log" 2>&1 || build_rc=$?
    dotnet build-server shutdown >/dev/null 2>&1 || true
    if ((build_rc != 0)); then
        grep -E ': (error|warning) ' "$LOG_DIR/build.log" | sort -u | head -n 40 >&2 || tail -n 40 "$LOG_DIR/build.log" >&2
        die "the build failed (log: .local/logs/build.log)"
    fi
    log_ok "built (log: .local/logs/build.log)"
fi
[[ -f "$WEB_DLL" ]] || die "$WEB_DLL not found: build first (drop --no-build)"
if ((SEPARATE_WORKER)); then
    [[ -f "$WORKER_DLL" ]] || die "$WORKER_DLL not found: build first (drop --no-build)"
fi

# ------------------------------------------------------------------ environment (local mode)
export DOTNET_ENVIRONMENT=Local
export ASPNETCORE_ENVIRONMENT=Local
export Email__From="${Email__From:-clinic@demo.local}"
claim_free_port WEB_PORT "${RUN_LOCAL_WEB_PORT:-5080}"
WEB_URL="http://127.0.0.1:$WEB_PORT"
export PublicBaseUrl="${PublicBaseUrl:-$WEB_URL}"
if ((SEPARATE_WORKER)); then
    WEB_WORKER_ENABLED=false
else
    WEB_WORKER_ENABLED="${Worker__Enabled:-true}"
fi
# The hosts print their own messages; keep the console free of ANSI codes in the log files.
export DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION=false

# ------------------------------------------------------------------ database schema and demo data
log_step "Database schema and demo data"
if ! (cd "$WEB_DIR" && dotnet "$WEB_DLL" migrate) 2>&1 | tee "$LOG_DIR/migrate.log" | sed 's/^/    /'; then
    die "migrate failed (log: .local/logs/migrate.log)"
fi
if ! (cd "$WEB_DIR" && dotnet "$WEB_DLL" seed --demo) 2>&1 | tee "$LOG_DIR/seed.log" | sed 's/^/    /'; then
    die "seed --demo failed (log: .local/logs/seed.log)"
fi

# ------------------------------------------------------------------ hosts
log_step "Starting the hosts"
: >"$LOG_DIR/web.log"
start_group WEB_PID "$WEB_DIR" "$LOG_DIR/web.log" \
    env Worker__Enabled="$WEB_WORKER_ENABLED" dotnet "$WEB_DLL" --urls "$WEB_URL"
log_info "web host pid $WEB_PID (Worker__Enabled=$WEB_WORKER_ENABLED), log .local/logs/web.log"

if ((SEPARATE_WORKER)); then
    : >"$LOG_DIR/worker.log"
    start_group WORKER_PID "$WORKER_DIR" "$LOG_DIR/worker.log" env Worker__Enabled=true dotnet "$WORKER_DLL"
    log_info "worker pid $WORKER_PID, log .local/logs/worker.log"
fi

log_info "waiting for $WEB_URL/health/ready (up to ${READY_TIMEOUT}s)"
if ! wait_for_http "$WEB_URL/health/ready" "$READY_TIMEOUT" "$WEB_PID"; then
    log_error "the web host did not become ready; last lines of .local/logs/web.log:"
    tail -n 60 "$LOG_DIR/web.log" >&2
    exit 1
fi
if [[ -n "$WORKER_PID" ]] && ! kill -0 "$WORKER_PID" 2>/dev/null; then
    log_error "the worker exited; last lines of .local/logs/worker.log:"
    tail -n 60 "$LOG_DIR/worker.log" >&2
    exit 1
fi

# ------------------------------------------------------------------ banner
if ((SEPARATE_WORKER)); then
    JOBS_DESCRIPTION="separate worker process (pid $WORKER_PID)"
else
    JOBS_DESCRIPTION="inside the web host (Worker__Enabled=$WEB_WORKER_ENABLED)"
fi
if [[ -n "${Sms__Twilio__AccountSid:-}" ]]; then
    SMS_DESCRIPTION="sent through Twilio (Sms__Twilio__AccountSid is set)"
else
    SMS_DESCRIPTION="$WEB_URL/captured/sms  (captured in the database; sign in as Admin)"
fi

cat <<BANNER

  ${_C_GREEN}${_C_BOLD}The scheduling system is running (local mode).${_C_RESET}

  Dashboard            $WEB_URL/
  Hangfire dashboard   $WEB_URL/hangfire          (Ops, Admin)
  Captured emails      $MAIL_DESCRIPTION
  Captured SMS         $SMS_DESCRIPTION
  Background jobs      $JOBS_DESCRIPTION
  Database             $ConnectionStrings__Scheduling
                       ($DB_DESCRIPTION)

  Demo sign-ins (password for all: demo-password-1)
    frontdesk@demo.local   FrontDesk
    clinician@demo.local   Clinician
    ops@demo.local         Ops
    admin@demo.local       Admin

  Logs                 .local/logs/  (web.log$([[ -n "$WORKER_PID" ]] && printf ', worker.log'), postgres.log, smtp4dev.log, migrate.log, seed.log, build.log)

  Ctrl-C stops everything.

BANNER

# ------------------------------------------------------------------ wait
# Wait until a signal arrives (the traps exit, which runs cleanup) or a host exits by itself.
pids=("$WEB_PID")
[[ -n "$WORKER_PID" ]] && pids+=("$WORKER_PID")
[[ -n "$SMTP_PID" ]] && pids+=("$SMTP_PID")
while ((!STOPPING)); do
    wait -n "${pids[@]}" 2>/dev/null || true
    for pid in "${pids[@]}"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            case "$pid" in
                "$WEB_PID") what=web.log ;;
                "$WORKER_PID") what=worker.log ;;
                *) what=smtp4dev.log ;;
            esac
            log_error "a process exited unexpectedly (pid $pid); last lines of .local/logs/$what:"
            tail -n 40 "$LOG_DIR/$what" >&2
            exit 1
        fi
    done
done
