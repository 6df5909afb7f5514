#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server, then stops the server and removes
# its files, whether the command succeeded or not. The command sees the server's URL in
# COOPLEDGER_TEST_DATABASE_URL (a superuser, so tests can create their own databases).
#
#   scripts/with-throwaway-postgres.sh swift test
#
# PostgreSQL refuses to run as root; as root the server runs as the `postgres` user.
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql; run scripts/install-packages.sh" >&2
    exit 1
fi

run_as=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
    run_as=(runuser -u postgres --)
fi

cluster=$(mktemp -d /tmp/coopledger-test-pg.XXXXXX)
chmod 755 "$cluster"
[ "$(id -u)" = 0 ] && chown postgres "$cluster"

stop_server() {
    "${run_as[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
}
trap stop_server EXIT

"${run_as[@]}" "$pg_bin/initdb" -D "$cluster/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1 \
    || { cat "$cluster/initdb.log" >&2; exit 1; }
# Throwaway data: durability is not needed, speed is — except for the benchmarks, which set
# THROWAWAY_DURABLE=1 to measure what production pays (every commit flushed to disk).
# Unix socket only. THROWAWAY_OPTIONS adds server options (profiling: pg_stat_statements).
if [ "${THROWAWAY_DURABLE:-0}" = 1 ]; then
    durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
else
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
"${run_as[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
    -o "-k $cluster -c listen_addresses= $durability -c max_connections=1000 ${THROWAWAY_OPTIONS:-}" \
    start >/dev/null || { cat "$cluster/server.log" >&2; exit 1; }

export COOPLEDGER_TEST_DATABASE_URL="postgresql://postgres@/postgres?host=$cluster"
echo "throwaway PostgreSQL at $COOPLEDGER_TEST_DATABASE_URL ($([ "${THROWAWAY_DURABLE:-0}" = 1 ] && echo durable || echo fsync off))" >&2
set +e
"$@"
status=$?
set -e
exit $status
