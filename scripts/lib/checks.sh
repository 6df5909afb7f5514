# Shared by the script tests (sourced, from the repository's root): a fresh database on the
# throwaway server, and checks counted into the plain `N passed, N failed` closing line.

bin=.build/debug/coopledger

# A new, migrated database NAME on the server in COOPLEDGER_TEST_DATABASE_URL (a URL like
# postgresql://postgres@/postgres?host=…), exported as COOPLEDGER_DATABASE_URL (the operator's),
# and the URL `serve` connects with as COOPLEDGER_SERVICE_DATABASE_URL (serve reads it): the
# service's login, which proves each person with their token and names no one (sql/032), as
# in production.
fresh_database() {
    PGOPTIONS='-c client_min_messages=warning' psql "$COOPLEDGER_TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $1" -qc "CREATE DATABASE $1"
    COOPLEDGER_DATABASE_URL=$(printf '%s' "$COOPLEDGER_TEST_DATABASE_URL" | sed "s#/postgres?#/$1?#")
    if [ "$COOPLEDGER_DATABASE_URL" = "$COOPLEDGER_TEST_DATABASE_URL" ]; then
        echo "expected a URL like postgresql://…/postgres?host=…; got $COOPLEDGER_TEST_DATABASE_URL" >&2
        exit 1
    fi
    export COOPLEDGER_DATABASE_URL
    $bin migrate >/dev/null
    $bin db service-login >/dev/null
    COOPLEDGER_SERVICE_DATABASE_URL=$(printf '%s' "$COOPLEDGER_DATABASE_URL" | sed "s#//postgres@#//coopledger_web@#")
    export COOPLEDGER_SERVICE_DATABASE_URL
}

# openpyxl (PyPI), which reads workbooks back; installed once if missing.
need_openpyxl() {
    python3 -c "import openpyxl" 2>/dev/null || pip3 install -q openpyxl >/dev/null 2>&1 || pip3 install -q --break-system-packages openpyxl >/dev/null
}

# sql STATEMENT: its result, unaligned, on the database fresh_database made.
sql() { psql "$COOPLEDGER_DATABASE_URL" -XAtqc "$1"; }
# The books balance: every posting of every entry sums to zero.
balanced() { [ "$(sql "SELECT coalesce(sum(amount), 0) FROM postings")" = 0 ]; }
# `verify` finds the hash chain and the journal intact.
intact() { $bin verify >/dev/null; }

# start_serve LOG [serve options…]: `coopledger serve` on a port below the kernel's ephemeral
# range (32768 up), where the thousands of connections the scripts make side by side leave
# their own ports, some in TIME_WAIT, that a random port above could collide with; another port
# if serve exits (taken by a script beside this one). Waits for /healthz, at most 60 s (a test
# machine running three scripts is busy). Sets $port and $server; with $serve_open_files set,
# serve runs with that soft limit on open files (the hard one raised), as systemd starts it.
start_serve() {
    local log=$1
    shift
    for _ in 1 2 3 4 5; do
        port=$((10000 + RANDOM % 20000))
        (
            if [ -n "${serve_open_files:-}" ]; then
                ulimit -Hn 65536 2>/dev/null || true
                ulimit -Sn "$serve_open_files"
            fi
            exec $bin serve --port "$port" "$@"
        ) >> "$log" 2>&1 &
        server=$!
        for _ in $(seq 1 600); do
            curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0
            kill -0 "$server" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    done
    echo "serve did not start:" >&2
    tail -5 "$log" >&2
    return 1
}

passed=0
failed=0

# check NAME COMMAND…: counts the command's success, names a failure on stderr.
check() {
    local name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}

# The closing line; fails the script if any check failed.
report() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" = 0 ]
}

# post_entry KEY: posts a two-line entry (121 / 114 member 1) keyed KEY to $COOPLEDGER_COOP
# through the server on $port with $token; prints the HTTP status (000: no answer).
post_entry() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "http://127.0.0.1:$port/v1/coops/$COOPLEDGER_COOP/entries" \
        -H "Authorization: Bearer $token" -H "Idempotency-Key: $1" -H "Content-Type: application/json" \
        -d '{"date":"2026-04-01","memo":"crash","lines":[{"account":"121","debit":"2.00"},{"account":"114","member":1,"credit":"2.00"}]}' || true
}
