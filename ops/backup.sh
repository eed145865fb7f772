#!/usr/bin/env bash
# Backs up the scheduling database with pg_dump into one file in PostgreSQL's custom format:
# every schema (business data, Hangfire's jobs, the data-protection keys), taken as one consistent
# snapshot while the hosts keep running. Restore it with ops/restore.sh.
#
#   ops/backup.sh [--output FILE] [--force]
#
#   --output FILE   where to write (default: ./scheduling-<database>-<UTC time>.dump)
#   --force         overwrite FILE when it exists (otherwise: refused, exit code 3)
#   -h, --help      this text
#
# The database is the one the hosts use: ConnectionStrings__Scheduling (an Npgsql connection
# string, e.g. "Host=db;Port=5432;Database=scheduling;Username=scheduling;Password=..."). For the
# cluster of ops/run-local.sh that is
#   ConnectionStrings__Scheduling='Host=127.0.0.1;Port=55432;Database=scheduling;Username=scheduling'
# pg_dump must be at least the server's major version: SCHEDULING_POSTGRES_BIN=/usr/lib/postgresql/17/bin
# picks another one.
#
# Exit codes: 0 written and readable; 1 pg_dump failed (nothing is left at FILE); 2 usage or
# configuration error; 3 refused (FILE exists); 4 the database cannot be reached.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=ops/lib/common.sh
source "$HERE/lib/common.sh"
# shellcheck source=ops/lib/database.sh
source "$HERE/lib/database.sh"

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
fail_usage() { log_error "$*"; usage >&2; exit 2; }

OUTPUT=''
FORCE=0
while (($#)); do
    case "$1" in
        --output | -o)
            (($# >= 2)) || fail_usage "--output needs a file name"
            OUTPUT=$2
            shift
            ;;
        --output=*) OUTPUT=${1#--output=} ;;
        --force) FORCE=1 ;;
        -h | --help) usage; exit 0 ;;
        *) fail_usage "unknown argument: $1" ;;
    esac
    shift
done

[[ -n "${ConnectionStrings__Scheduling:-}" ]] \
    || fail_usage "ConnectionStrings__Scheduling is not set: it names the database to back up"
db_from_connection_string "$ConnectionStrings__Scheduling" || exit 2
PG_DUMP="$(db_find_tool pg_dump)" || { log_error "pg_dump not found (apt-get install postgresql-client)"; exit 2; }
PG_RESTORE="$(db_find_tool pg_restore)" || { log_error "pg_restore not found"; exit 2; }
PSQL="$(db_find_tool psql)" || { log_error "psql not found"; exit 2; }

if [[ -z "$OUTPUT" ]]; then
    OUTPUT="scheduling-$PGDATABASE-$(date -u +%Y%m%dT%H%M%SZ).dump"
fi
if [[ -e "$OUTPUT" && $FORCE == 0 ]]; then
    log_error "$OUTPUT exists; choose another --output or add --force"
    exit 3
fi
mkdir -p "$(dirname "$OUTPUT")"

log_step "Backup of $(db_describe)"
if ! server="$(db_psql "$PGDATABASE" "SHOW server_version" 2>&1)"; then
    log_error "cannot reach the database: $server"
    exit 4
fi
log_info "server PostgreSQL $server, $("$PG_DUMP" --version)"
log_info "contents: $(db_counts "$PGDATABASE")"

# Written beside the target and renamed when complete and readable: FILE is never a partial dump.
PARTIAL="$OUTPUT.partial.$$"
trap 'rm -f "$PARTIAL"' EXIT
if ! "$PG_DUMP" --format=custom --compress=6 --file="$PARTIAL" --dbname="$PGDATABASE"; then
    log_error "pg_dump failed; nothing was written to $OUTPUT"
    exit 1
fi
if ! entries="$("$PG_RESTORE" --list "$PARTIAL" | grep -cv '^;')"; then
    log_error "pg_dump finished but its file cannot be read back; nothing was written to $OUTPUT"
    exit 1
fi
mv -f "$PARTIAL" "$OUTPUT"
trap - EXIT

log_ok "$OUTPUT ($(du -h "$OUTPUT" | cut -f1), $entries archive entries, sha256 $(sha256sum "$OUTPUT" | cut -c1-16)…)"
