# shellcheck shell=bash
# Shared helpers for the ops scripts. Source it; it does not change shell options.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# Provides: logging (log_step, log_info, log_warn, log_error, die), repo_root,
# is_root, have, apt_install, port_is_free, claim_free_port, wait_for_http,
# ensure_dotnet_tools, ensure_chromium, kill_process_group.

if [[ -n "${_SCHEDULING_COMMON_SH:-}" ]]; then
    return 0
fi
_SCHEDULING_COMMON_SH=1

# ---------------------------------------------------------------- logging

if [[ -t 2 && -z "${NO_COLOR:-}" ]]; then
    _C_BOLD=$'\e[1m' _C_DIM=$'\e[2m' _C_RED=$'\e[31m' _C_YELLOW=$'\e[33m' _C_GREEN=$'\e[32m' _C_BLUE=$'\e[34m' _C_RESET=$'\e[0m'
else
    _C_BOLD='' _C_DIM='' _C_RED='' _C_YELLOW='' _C_GREEN='' _C_BLUE='' _C_RESET=''
fi

# A section header: "==> Building the solution"
log_step()  { printf '%s==>%s %s%s%s\n' "$_C_BLUE$_C_BOLD" "$_C_RESET" "$_C_BOLD" "$*" "$_C_RESET" >&2; }
log_info()  { printf '    %s\n' "$*" >&2; }
log_ok()    { printf '    %sok%s %s\n' "$_C_GREEN" "$_C_RESET" "$*" >&2; }
log_warn()  { printf '%swarning:%s %s\n' "$_C_YELLOW$_C_BOLD" "$_C_RESET" "$*" >&2; }
log_error() { printf '%serror:%s %s\n' "$_C_RED$_C_BOLD" "$_C_RESET" "$*" >&2; }
die()       { log_error "$*"; exit 1; }

# ---------------------------------------------------------------- basics

# The repository root (the parent of ops/), whatever the caller's cwd.
repo_root() {
    local here
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
    printf '%s\n' "$here"
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

have() { command -v "$1" >/dev/null 2>&1; }

# apt_install PKG... : installs Debian packages (root only). Runs `apt-get update` and retries
# when the first attempt fails (a fresh machine often has no package lists yet).
apt_install() {
    is_root || die "installing '$*' needs root (try: sudo apt-get install $*)"
    have apt-get || die "apt-get is not available; install '$*' by hand"
    export DEBIAN_FRONTEND=noninteractive
    log_info "apt-get install $*"
    if ! apt-get install -y -q "$@" >/tmp/scheduling-apt.$$.log 2>&1; then
        log_info "first attempt failed; running apt-get update and retrying"
        apt-get update -q >>/tmp/scheduling-apt.$$.log 2>&1 || true
        if ! apt-get install -y -q "$@" >>/tmp/scheduling-apt.$$.log 2>&1; then
            tail -n 30 /tmp/scheduling-apt.$$.log >&2
            rm -f /tmp/scheduling-apt.$$.log
            return 1
        fi
    fi
    rm -f /tmp/scheduling-apt.$$.log
}

# ---------------------------------------------------------------- ports

# A python3 that actually runs (pyenv shims of another user may not), or empty.
_python3() {
    local candidate
    for candidate in python3 /usr/bin/python3; do
        if "$candidate" -c 'pass' >/dev/null 2>&1; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

# port_is_free PORT : true when nothing listens on / is bound to 127.0.0.1:PORT.
port_is_free() {
    local port=$1 py
    if py="$(_python3)"; then
        "$py" - "$port" <<'PY' >/dev/null 2>&1
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# Servers (PostgreSQL, Kestrel) bind with SO_REUSEADDR, so TIME_WAIT leftovers of earlier
# connections do not make a port busy; only a listener does.
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
        return
    fi
    # Fallback: a connect probe. "Connection refused" means nothing listens there.
    ! (exec 3<>"/dev/tcp/127.0.0.1/$port") >/dev/null 2>&1
}

# Ports handed out by claim_free_port in this shell, so that two claims made before
# either server binds never collide.
_CLAIMED_PORTS=" "

# claim_free_port VAR [PREFERRED] : sets VAR to PREFERRED when it is free, else to a free
# port the kernel picks (python3) or a random free one in 20000-32767 (bash probing).
claim_free_port() {
    local __var=$1 preferred=${2:-} port='' py
    if [[ -n "$preferred" && "$_CLAIMED_PORTS" != *" $preferred "* ]] && port_is_free "$preferred"; then
        port=$preferred
    else
        for _ in $(seq 1 50); do
            if py="$(_python3)"; then
                port="$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
            else
                port=$((20000 + RANDOM % 12768))
                port_is_free "$port" || { port=''; continue; }
            fi
            [[ "$_CLAIMED_PORTS" == *" $port "* ]] && { port=''; continue; }
            break
        done
        [[ -n "$port" ]] || die "could not find a free TCP port on 127.0.0.1"
    fi
    _CLAIMED_PORTS+="$port "
    printf -v "$__var" '%s' "$port"
}

# wait_for_http URL TIMEOUT_SECONDS [PID] : waits until URL answers 200. Gives up early when
# PID (the server) has exited. Returns 0 on success, 1 on timeout or exit.
wait_for_http() {
    local url=$1 timeout=$2 pid=${3:-} deadline code
    deadline=$((SECONDS + timeout))
    while ((SECONDS < deadline)); do
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            return 1
        fi
        code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" 2>/dev/null || true)"
        [[ "$code" == 200 ]] && return 0
        sleep 1
    done
    return 1
}

# ---------------------------------------------------------------- processes

# kill_process_group PID [GRACE_SECONDS] : sends TERM to the process group led by PID (started
# with setsid), waits up to GRACE seconds, then KILLs what is left, and reaps PID.
kill_process_group() {
    local pid=$1 grace=${2:-15} deadline
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null || kill -0 -- "-$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + grace))
        while kill -0 -- "-$pid" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.2
        done
        if kill -0 -- "-$pid" 2>/dev/null; then
            log_warn "process group $pid did not stop within ${grace}s; killing it"
            kill -KILL -- "-$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- tools

# ensure_dotnet_tools : `dotnet tool restore` with the repository's dotnet-tools.json.
ensure_dotnet_tools() {
    local root
    root="$(repo_root)"
    have dotnet || die "the .NET SDK (dotnet) is not on PATH"
    log_info "dotnet tool restore ($root/dotnet-tools.json)"
    if ! (cd "$root" && dotnet tool restore >/tmp/scheduling-toolrestore.$$.log 2>&1); then
        cat /tmp/scheduling-toolrestore.$$.log >&2
        rm -f /tmp/scheduling-toolrestore.$$.log
        die "dotnet tool restore failed"
    fi
    rm -f /tmp/scheduling-toolrestore.$$.log
}

# ensure_chromium : the browser tests drive Debian's Chromium at /usr/bin/chromium.
# Installs it when missing and we are root (always the case in CI); otherwise prints a note
# and carries on: the browser tests then fail with their own clear message.
ensure_chromium() {
    if [[ -x /usr/bin/chromium ]]; then
        log_ok "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1 || echo present)"
        return 0
    fi
    if is_root; then
        log_info "chromium is missing${CI:+ (CI)}; installing Debian's chromium"
        if apt_install chromium; then
            log_ok "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1 || echo installed)"
        else
            log_warn "could not install chromium; browser tests will fail"
        fi
    else
        log_warn "chromium is not installed and we are not root: browser tests will fail" \
            "(install it with: sudo apt-get install chromium)"
    fi
    return 0
}
