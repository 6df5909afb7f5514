#!/usr/bin/env bash
# Every test, on the throwaway server scripts/with-throwaway-postgres.sh started: the Swift
# tests and the scripts' checks: that sql/current matches the migrations, schemathesis
# against a live server, the auditor's recomputation of the hash chain from an export, the
# command line's proof of who acts (directly and signed in over HTTP), the HTTP edges, every
# statement as an Excel workbook read back by openpyxl, the printed voucher in Chromium, the
# web workbench in Chromium driven by Selenium, the kill -9 rounds of import and serve, the
# retry after eight killed imports, and a PostgreSQL crash under posting clients (on a server
# of its own).
# `--quick`: the Swift tests only (a minute or two), for the edit-test loop; CI runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
if [ "${1:-}" = "--quick" ]; then quick=true; shift; fi
# bcrypt at its lowest cost: the tests add hundreds of people and sign-ins, which would
# otherwise queue for minutes on the one password thread (PasswordCost; production keeps 12).
export COOPLEDGER_PASSWORD_COST=4

# After the Swift tests (which keep both cores busy: a script beside them made the whole run
# slower), the scripts run three at a time, the longest first so that none starts last and
# runs alone; together they keep both cores busy too. Each has a database (or a server) of
# its own. A step's output is printed whole when it ends; every step runs, and the run fails
# if any failed.
steps=(
    scripts/retry-after-kills.sh
    scripts/kill-loop.sh
    scripts/workbench.sh
    scripts/database-crash.sh
    scripts/schemathesis.sh
    scripts/http-edges.sh
    scripts/cli-identity.sh
    scripts/cli-remote.sh
    "scripts/schema-current.sh --check"
    scripts/xlsx-check.sh
    scripts/district-check.sh
    scripts/voucher-page.sh
    scripts/auditor-check.sh
    scripts/format-check.sh
)
side_by_side=${TEST_STEPS_AT_ONCE:-3}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
times=()  # each step's time, listed at the end so a slow step shows
took() { times+=("$(printf '%5d s  %s' "$1" "$2")"); }  # took SECONDS STEP
failed=()
running=0

# Starts step N in the background; its output, time and status go to files in $logs.
launch() {
    (
        begun=$SECONDS
        status=0
        ${steps[$1]} > "$logs/$1.log" 2>&1 || status=$?
        echo $((SECONDS - begun)) > "$logs/$1.seconds"
        echo "$status" > "$logs/$1.status"
    ) &
    running=$((running + 1))
}
# Prints the output, time and status of every step that has ended since the last call.
collect() {
    local n
    for n in "${!steps[@]}"; do
        [ -f "$logs/$n.status" ] && [ ! -f "$logs/$n.printed" ] || continue
        cat "$logs/$n.log"
        took "$(cat "$logs/$n.seconds")" "${steps[$n]}"
        [ "$(cat "$logs/$n.status")" = 0 ] || failed+=("${steps[$n]}")
        touch "$logs/$n.printed"
        running=$((running - 1))
    done
}
# Waits for a step to end and collects it; bash's 127 means none is left running (one ended
# without saying how: it counts as failed below).
await_one() {
    local status=0
    wait -n || status=$?
    collect
    [ "$status" != 127 ] || running=0
}

start=$SECONDS
swift_status=0
swift test --skip-build "$@" || swift_status=$?
took $((SECONDS - start)) "swift test"
[ "$swift_status" = 0 ] || failed+=("swift test")
if ! $quick; then
    for n in "${!steps[@]}"; do
        while [ "$running" -ge "$side_by_side" ]; do await_one; done
        launch "$n"
    done
    while [ "$running" -gt 0 ]; do await_one; done
    for n in "${!steps[@]}"; do [ -f "$logs/$n.status" ] || failed+=("${steps[$n]}"); done
fi
took $((SECONDS - start)) "in all"
printf '%s\n' "time per step:" "${times[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
fi
