# shellcheck shell=bash
# The database the hosts use, for ops/backup.sh and ops/restore.sh. Source it after common.sh.
#
# The hosts read `ConnectionStrings__Scheduling`, an Npgsql connection string
# ("Host=db;Port=5432;Database=scheduling;Username=scheduling;Password=..."). The PostgreSQL tools
# (pg_dump, pg_restore, psql) read libpq's PG* variables instead, so the string is translated:
#
#   db_from_connection_string STRING  -> exports PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD,
#                                        PGSSLMODE, PGSSLROOTCERT, PGPASSFILE, PGCONNECT_TIMEOUT
#                                        (each only when the string has it); 2 on a string it cannot read
#   db_find_tool NAME                 -> prints the path of pg_dump / pg_restore / psql
#   db_psql DATABASE SQL              -> one statement, unaligned output, ON_ERROR_STOP
#   db_describe                       -> "database D on HOST:PORT as USER" (never the password)
#   db_counts DATABASE                -> the rows an operator compares after a restore
#
# Keys that only Npgsql knows (Pooling, Include Error Detail, Maximum Pool Size, ...) are ignored.
# A value may be quoted with ' or " when it holds a ';' (Npgsql's own rule).

if [[ -n "${_SCHEDULING_DATABASE_SH:-}" ]]; then
    return 0
fi
_SCHEDULING_DATABASE_SH=1

# db_from_connection_string STRING
db_from_connection_string() {
    local text=$1 i=0 n=${#1} c key value quote
    unset PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD PGSSLMODE PGSSLROOTCERT PGPASSFILE PGCONNECT_TIMEOUT
    while ((i < n)); do
        key=''
        while ((i < n)); do
            c=${text:i:1}
            [[ "$c" == '=' ]] && break
            key+=$c
            i=$((i + 1))
        done
        ((i < n)) || { [[ -z "${key//[[:space:];]/}" ]] && break; log_error "no '=' after '$key'"; return 2; }
        i=$((i + 1))
        while ((i < n)) && [[ "${text:i:1}" == ' ' ]]; do i=$((i + 1)); done
        value=''
        c=${text:i:1}
        if [[ "$c" == '"' || "$c" == "'" ]]; then
            quote=$c
            i=$((i + 1))
            while ((i < n)); do
                c=${text:i:1}
                if [[ "$c" == "$quote" ]]; then
                    # A doubled quote stands for one quote character.
                    if [[ "${text:i+1:1}" == "$quote" ]]; then
                        value+=$c
                        i=$((i + 2))
                        continue
                    fi
                    break
                fi
                value+=$c
                i=$((i + 1))
            done
            ((i < n)) || { log_error "an unclosed quote in the value of '$key'"; return 2; }
            i=$((i + 1))
            while ((i < n)) && [[ "${text:i:1}" != ';' ]]; do i=$((i + 1)); done
        else
            while ((i < n)) && [[ "${text:i:1}" != ';' ]]; do
                value+=${text:i:1}
                i=$((i + 1))
            done
            value="${value%"${value##*[![:space:]]}"}"
        fi
        i=$((i + 1))
        # Npgsql's keywords are case-insensitive and ignore spaces: "User Id" = "userid".
        key="${key//[[:space:]]/}"
        case "${key,,}" in
            host | server) export PGHOST="$value" ;;
            port) export PGPORT="$value" ;;
            database | db) export PGDATABASE="$value" ;;
            username | userid | user) export PGUSER="$value" ;;
            password | psw | pwd) export PGPASSWORD="$value" ;;
            passfile) export PGPASSFILE="$value" ;;
            sslmode)
                case "${value,,}" in
                    verifyca | verify-ca) export PGSSLMODE=verify-ca ;;
                    verifyfull | verify-full) export PGSSLMODE=verify-full ;;
                    *) export PGSSLMODE="${value,,}" ;;
                esac
                ;;
            rootcertificate | sslrootcert) export PGSSLROOTCERT="$value" ;;
            timeout) export PGCONNECT_TIMEOUT="$value" ;;
            *) ;;
        esac
    done
    if [[ -z "${PGDATABASE:-}" ]]; then
        log_error "the connection string names no Database"
        return 2
    fi
    export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}"
    # Without a Username Npgsql connects as the OS user, and so does libpq: nothing to do.
    export PGAPPNAME=scheduling-ops
    return 0
}

# db_find_tool NAME : $SCHEDULING_POSTGRES_BIN, then the newest /usr/lib/postgresql/*/bin, then PATH.
# pg_dump must be at least the server's major version; set SCHEDULING_POSTGRES_BIN for a newer one.
db_find_tool() {
    local name=$1 dir
    for dir in "${SCHEDULING_POSTGRES_BIN:-}" $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
        if [[ -n "$dir" && -x "$dir/$name" ]]; then
            printf '%s\n' "$dir/$name"
            return 0
        fi
    done
    command -v "$name" 2>/dev/null
}

# db_psql DATABASE SQL
db_psql() {
    local database=$1 sql=$2
    "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$database" -tAc "$sql"
}

db_describe() {
    printf "database '%s' on %s:%s as %s" "$PGDATABASE" "$PGHOST" "$PGPORT" "${PGUSER:-$(id -un)}"
}

# db_counts DATABASE : messages by state, alerts, consent entries (nothing when the tables are not there).
db_counts() {
    local database=$1
    if [[ "$(db_psql "$database" "SELECT to_regclass('scheduling.messages') IS NOT NULL
        AND to_regclass('scheduling.alerts') IS NOT NULL
        AND to_regclass('scheduling.consent_ledger') IS NOT NULL" 2>/dev/null)" != t ]]; then
        printf '%s\n' 'no scheduling tables'
        return 0
    fi
    db_psql "$database" "
        SELECT 'messages ' || (SELECT count(*) FROM scheduling.messages)
          || coalesce(' (' || (SELECT string_agg(state || ' ' || n, ', ' ORDER BY state)
             FROM (SELECT state, count(*) AS n FROM scheduling.messages GROUP BY state) s) || ')', '')
          || ', alerts ' || (SELECT count(*) FROM scheduling.alerts)
          || ', consent entries ' || (SELECT count(*) FROM scheduling.consent_ledger)" 2>/dev/null || true
}
