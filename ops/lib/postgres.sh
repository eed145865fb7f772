# shellcheck shell=bash
# A private, throwaway-or-local PostgreSQL cluster for the ops scripts. Source it after
# common.sh.
#
# The cluster belongs to one user and listens on 127.0.0.1 only, with its unix socket inside
# its own data directory (mode 0700). It is initialised with `--auth=trust` and a superuser
# named `scheduling`: anyone who can open a TCP connection to 127.0.0.1 on this machine can use
# it, which is fine for a developer's private cluster and a CI run, and never for anything
# shared. Nothing here touches a system cluster (pg_ctlcluster, port 5432, /var/lib/postgresql).
#
# As root, initdb refuses to run, so the cluster runs as the `postgres` system user (created by
# Debian's package, or here with useradd when missing). As an ordinary user it runs as that user.
#
#   pg_ensure_binaries            -> sets PG_BIN (installs Debian's `postgresql` when root)
#   pg_cluster_user               -> prints the OS user that runs the cluster
#   pg_prepare_dir DIR            -> creates DIR owned by the cluster user; fails if it can't reach it
#   pg_dir_usable DIR             -> true when the cluster user can create/use DIR
#   pg_init DIR [initdb args...]  -> initdb unless DIR already holds a cluster
#   pg_set_option DIR NAME VALUE  -> writes a setting into DIR/scheduling.conf
#   pg_start DIR PORT LOGFILE     -> starts the server (port written into the config, so a
#                                    `pg_ctl restart` by a test keeps it)
#   pg_wait_ready PORT [SECONDS]  -> pg_isready loop
#   pg_create_database PORT NAME  -> CREATE DATABASE unless it exists
#   pg_is_running DIR             -> pg_ctl status
#   pg_running_port DIR           -> the port of a running cluster (from postmaster.pid)
#   pg_stop DIR                   -> pg_ctl stop -m fast (then immediate), no-op when stopped

if [[ -n "${_SCHEDULING_POSTGRES_SH:-}" ]]; then
    return 0
fi
_SCHEDULING_POSTGRES_SH=1

PG_SUPERUSER=scheduling
PG_PREFERRED_VERSION=15

# pg_find_bin_dir : prints the directory holding initdb/pg_ctl, preferring
# $SCHEDULING_POSTGRES_BIN, then /usr/lib/postgresql/15/bin, then the newest other version.
pg_find_bin_dir() {
    local dir
    for dir in "${SCHEDULING_POSTGRES_BIN:-}" "/usr/lib/postgresql/$PG_PREFERRED_VERSION/bin"; do
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
    done
    dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then
        printf '%s\n' "$dir"
        return 0
    fi
    if have pg_config && [[ -x "$(pg_config --bindir)/initdb" ]]; then
        pg_config --bindir
        return 0
    fi
    return 1
}

# pg_ensure_binaries : sets and exports PG_BIN. As root, installs Debian's `postgresql` when no
# server binaries are found (without letting the package create or start its own cluster).
pg_ensure_binaries() {
    if PG_BIN="$(pg_find_bin_dir)"; then
        export PG_BIN
    else
        if ! is_root; then
            die "PostgreSQL server binaries not found. Install them once with: sudo apt-get install postgresql"
        fi
        log_info "PostgreSQL server binaries not found; installing Debian's postgresql package"
        # Debian's package would create and start a system cluster on port 5432; we want only
        # our private clusters, so switch that off before installing.
        mkdir -p /etc/postgresql-common/createcluster.d
        printf '%s\n' "# written by the scheduling ops scripts: no default system cluster" \
            "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/scheduling-no-main.conf
        apt_install postgresql || die "could not install postgresql"
        PG_BIN="$(pg_find_bin_dir)" || die "postgresql installed, but initdb is still not found"
        export PG_BIN
    fi
    local tool
    for tool in initdb pg_ctl pg_isready psql; do
        [[ -x "$PG_BIN/$tool" ]] || die "$PG_BIN/$tool is missing (install Debian's postgresql-client too)"
    done
    pg_ensure_cluster_user
}

# pg_cluster_user : the OS user that owns and runs our clusters.
pg_cluster_user() {
    if is_root; then
        printf '%s\n' "${SCHEDULING_PG_OS_USER:-postgres}"
    else
        id -un
    fi
}

# pg_ensure_cluster_user : as root, makes sure the cluster user exists.
pg_ensure_cluster_user() {
    is_root || return 0
    local user
    user="$(pg_cluster_user)"
    if ! id -u "$user" >/dev/null 2>&1; then
        log_info "creating system user '$user' to run PostgreSQL (initdb refuses root)"
        useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
            --shell /usr/sbin/nologin "$user" || die "useradd $user failed"
    fi
}

# pg_as_cluster_user CMD... : runs CMD as the cluster user (from /, so a cwd the user cannot
# read does not matter). As an ordinary user, simply runs CMD.
pg_as_cluster_user() {
    if is_root; then
        local user
        user="$(pg_cluster_user)"
        (cd / && runuser -u "$user" -- "$@")
    else
        "$@"
    fi
}

# pg_dir_usable DIR : true when the cluster user can reach DIR (every parent traversable) and
# DIR is (or can be made) writable by it. May create DIR.
pg_dir_usable() {
    local dir=$1
    mkdir -p "$dir" 2>/dev/null || return 1
    if is_root; then
        chown "$(pg_cluster_user):" "$dir" 2>/dev/null || return 1
    fi
    pg_as_cluster_user test -d "$dir" -a -r "$dir" -a -w "$dir" -a -x "$dir" 2>/dev/null
}

# pg_prepare_dir DIR : creates DIR for a cluster (owned by the cluster user, mode 0700).
pg_prepare_dir() {
    local dir=$1
    pg_dir_usable "$dir" || die "the PostgreSQL user '$(pg_cluster_user)' cannot use $dir (is a parent directory private?)"
    chmod 0700 "$dir"
}

# pg_init DIR [extra initdb args...] : initialises a cluster in DIR unless one is there already.
pg_init() {
    local dir=$1
    shift
    if [[ -f "$dir/PG_VERSION" ]]; then
        log_info "reusing the PostgreSQL cluster in $dir"
        return 0
    fi
    pg_prepare_dir "$dir"
    local locale=C
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        locale=C.UTF-8
    fi
    log_info "initdb $dir (superuser '$PG_SUPERUSER', trust on loopback, locale $locale)"
    local out
    if ! out="$(pg_as_cluster_user "$PG_BIN/initdb" -D "$dir" -U "$PG_SUPERUSER" --auth=trust \
        --encoding=UTF8 --locale="$locale" "$@" 2>&1)"; then
        printf '%s\n' "$out" >&2
        die "initdb failed for $dir"
    fi
    # Our own settings live in one included file, so they are easy to see and to change.
    # shellcheck disable=SC2016 # expanded by the inner shell
    pg_as_cluster_user bash -c 'printf "%s\n" "" "# Settings of the scheduling ops scripts (ops/lib/postgres.sh):" \
        "include_if_exists = '\''scheduling.conf'\''" >>"$1/postgresql.conf"' _ "$dir"
    pg_set_option "$dir" listen_addresses "'127.0.0.1'"
    local socket_dir=$dir
    # A unix socket path is limited to 107 bytes; with a very long path, do without one.
    if (( ${#dir} + 20 > 100 )); then
        socket_dir=''
    fi
    pg_set_option "$dir" unix_socket_directories "'$socket_dir'"
    pg_set_option "$dir" unix_socket_permissions 0700
}

# pg_set_option DIR NAME VALUE : sets NAME = VALUE in DIR/scheduling.conf (replacing an old one).
pg_set_option() {
    local dir=$1 name=$2 value=$3
    # shellcheck disable=SC2016 # expanded by the inner shell
    pg_as_cluster_user bash -c '
        f="$1/scheduling.conf"; touch "$f"
        grep -v -E "^[[:space:]]*$2[[:space:]]*=" "$f" > "$f.tmp" || true
        printf "%s = %s\n" "$2" "$3" >> "$f.tmp"
        mv "$f.tmp" "$f"' _ "$dir" "$name" "$value"
}

# pg_is_running DIR
pg_is_running() {
    local dir=$1
    [[ -f "$dir/postmaster.pid" ]] || return 1
    pg_as_cluster_user "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

# pg_running_port DIR : the port a running cluster listens on (4th line of postmaster.pid).
pg_running_port() {
    local dir=$1
    pg_as_cluster_user sed -n 4p "$dir/postmaster.pid" 2>/dev/null
}

# pg_start DIR PORT LOGFILE : starts the cluster on 127.0.0.1:PORT and waits for it.
# The log file is opened by this shell (so its directory need not be reachable by the
# cluster user) and appended to.
pg_start() {
    local dir=$1 port=$2 log=$3
    pg_set_option "$dir" port "$port"
    mkdir -p "$(dirname "$log")"
    : >>"$log"
    log_info "starting PostgreSQL on 127.0.0.1:$port (data $dir, log $log)"
    if ! pg_as_cluster_user "$PG_BIN/pg_ctl" -D "$dir" -w -t 60 start >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "PostgreSQL did not start (log: $log)"
    fi
    pg_wait_ready "$port" 60 || { tail -n 30 "$log" >&2; die "PostgreSQL is not accepting connections on port $port"; }
}

# pg_wait_ready PORT [SECONDS]
pg_wait_ready() {
    local port=$1 timeout=${2:-60} deadline
    deadline=$((SECONDS + timeout))
    until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$PG_SUPERUSER" -d postgres; do
        ((SECONDS < deadline)) || return 1
        sleep 0.3
    done
}

# pg_psql PORT DB SQL : runs one statement as the superuser over TCP (no cluster user needed).
pg_psql() {
    local port=$1 db=$2 sql=$3
    PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" \
        -U "$PG_SUPERUSER" -d "$db" -tAc "$sql"
}

# pg_create_database PORT NAME : creates database NAME unless it exists.
pg_create_database() {
    local port=$1 name=$2
    [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "unexpected database name '$name'"
    if [[ "$(pg_psql "$port" postgres "SELECT 1 FROM pg_database WHERE datname = '$name'")" == 1 ]]; then
        log_info "database '$name' exists"
    else
        pg_psql "$port" postgres "CREATE DATABASE \"$name\"" || die "could not create database '$name'"
        log_info "created database '$name'"
    fi
}

# pg_stop DIR : stops the cluster (fast, then immediate). Safe to call when it is not running.
pg_stop() {
    local dir=$1
    [[ -n "$dir" && -f "$dir/postmaster.pid" ]] || return 0
    [[ -n "${PG_BIN:-}" ]] || PG_BIN="$(pg_find_bin_dir)" || return 0
    if pg_as_cluster_user "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null 2>&1; then
        return 0
    fi
    pg_is_running "$dir" || return 0
    log_warn "PostgreSQL in $dir did not stop in time; stopping it immediately"
    pg_as_cluster_user "$PG_BIN/pg_ctl" -D "$dir" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
}
