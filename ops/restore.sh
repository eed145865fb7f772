#!/usr/bin/env bash
# Restores a backup written by ops/backup.sh into the database the hosts use, with pg_restore, in
# one transaction: it is restored whole or not at all. Stop the web and worker hosts first.
#
#   ops/restore.sh [--create] [--clean] FILE
#
#   --create     create the database first when it does not exist (connecting to the cluster's
#                `postgres` database to do so)
#   --clean      restore over a database that already holds tables: the objects in the backup are
#                dropped and written again. Without it a non-empty database is refused (exit code 3)
#   -h, --help   this text
#
# The database is ConnectionStrings__Scheduling, as for the hosts and ops/backup.sh. Objects are
# owned by the user of that connection (--no-owner), and grants are not restored (--no-privileges),
# so a backup restores into any cluster, whatever its roles are called.
#
# After a restore: run `migrate` (a backup of an older release is brought up to this one; the
# hosts refuse to start on a schema that is behind), then start the hosts. Sign-ins keep working
# only if the hosts have the same DataProtection__Certificate__Path as the ones that wrote the keys.
#
# Exit codes: 0 restored; 1 pg_restore failed (the database is as it was); 2 usage or
# configuration error, or FILE is not a readable backup; 3 refused (the database is not empty and
# --clean was not given, or other sessions are connected to it); 4 the database cannot be reached
# (or does not exist and --create was not given).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=ops/lib/common.sh
source "$HERE/lib/common.sh"
# shellcheck source=ops/lib/database.sh
source "$HERE/lib/database.sh"

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
fail_usage() { log_error "$*"; usage >&2; exit 2; }

CREATE=0
CLEAN=0
FILE=''
while (($#)); do
    case "$1" in
        --create) CREATE=1 ;;
        --clean) CLEAN=1 ;;
        -h | --help) usage; exit 0 ;;
        -*) fail_usage "unknown option: $1" ;;
        *)
            [[ -z "$FILE" ]] || fail_usage "one backup file only (got '$FILE' and '$1')"
            FILE=$1
            ;;
    esac
    shift
done

[[ -n "$FILE" ]] || fail_usage "which backup file? (ops/restore.sh FILE)"
[[ -f "$FILE" && -r "$FILE" ]] || fail_usage "$FILE is not a readable file"
[[ -n "${ConnectionStrings__Scheduling:-}" ]] \
    || fail_usage "ConnectionStrings__Scheduling is not set: it names the database to restore into"
db_from_connection_string "$ConnectionStrings__Scheduling" || exit 2
PG_RESTORE="$(db_find_tool pg_restore)" \
    || { log_error "pg_restore not found (apt-get install postgresql-client)"; exit 2; }
PSQL="$(db_find_tool psql)" || { log_error "psql not found"; exit 2; }

if ! entries="$("$PG_RESTORE" --list "$FILE" 2>&1 | grep -cv '^;')"; then
    log_error "$FILE is not a backup pg_restore can read (ops/backup.sh writes PostgreSQL's custom format)"
    exit 2
fi

log_step "Restore of $FILE into $(db_describe)"
log_info "$entries archive entries, $("$PG_RESTORE" --version)"

# Does the database exist? Asked of the cluster's maintenance database, which always does.
if ! exists="$(db_psql postgres "SELECT count(*) FROM pg_database WHERE datname = '${PGDATABASE//\'/\'\'}'" 2>&1)"; then
    log_error "cannot reach the cluster: $exists"
    exit 4
fi
if [[ "$exists" == 0 ]]; then
    if ((CREATE == 0)); then
        log_error "database '$PGDATABASE' does not exist; add --create to create it"
        exit 4
    fi
    db_psql postgres "CREATE DATABASE \"${PGDATABASE//\"/\"\"}\"" || { log_error "CREATE DATABASE failed"; exit 1; }
    log_info "created database '$PGDATABASE'"
fi

others="$(db_psql "$PGDATABASE" "SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'")"
if [[ "$others" != 0 ]]; then
    log_error "$others other session(s) are connected to '$PGDATABASE'; stop the web and worker hosts first"
    exit 3
fi

relations="$(db_psql "$PGDATABASE" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
      AND n.nspname NOT LIKE 'pg\_temp%'")"
if [[ "$relations" != 0 ]]; then
    if ((CLEAN == 0)); then
        log_error "'$PGDATABASE' is not empty ($relations tables, views and sequences; $(db_counts "$PGDATABASE"))"
        log_info "restoring would mix two databases: restore into an empty one," \
            "or add --clean to replace what the backup holds"
        exit 3
    fi
    log_warn "'$PGDATABASE' is not empty ($(db_counts "$PGDATABASE")); --clean: the backup's objects are replaced"
fi

args=(--dbname="$PGDATABASE" --no-owner --no-privileges --single-transaction --exit-on-error)
((CLEAN)) && args+=(--clean --if-exists)
if ! "$PG_RESTORE" "${args[@]}" "$FILE"; then
    log_error "pg_restore failed; the transaction was rolled back, so '$PGDATABASE' is as it was"
    exit 1
fi

log_ok "restored: $(db_counts "$PGDATABASE")"
log_info "next: run \`migrate\` (dotnet Scheduling.Web.dll migrate), then start the hosts"
