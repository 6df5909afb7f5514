#!/usr/bin/env bash
# Runs inside scripts/with-throwaway-postgres.sh (COOPLEDGER_TEST_DATABASE_URL is a superuser).
set -euo pipefail
bin=$PWD/.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
entries=${VERIFY_ENTRIES:-500000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. bench/lib/journal.sh
journal_rows "$work" "$entries"
url=$(bench_database verify_bench)
export COOPLEDGER_DATABASE_URL="$url" COOPLEDGER_COOP=bench
echo "loading and chaining $entries entries…" >&2
journal_copy "$url" "$work"
# The load's pages are flushed before timing (a checkpoint writing half a gigabyte would
# share the disk and the cores with verify): verify reads a journal at rest.
psql "$url" -qc "VACUUM ANALYZE" -c "CHECKPOINT"
runs=()
for run in 1 2 3; do
    # Timed from inside the Python that starts it: its own start took 0.09 s, which the
    # figures of earlier rounds included.
    timed=$(python3 - "$bin" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
subprocess.run([sys.argv[1], "verify"], check=True, stdout=sys.stderr)
print("%.2f %d" % (time.monotonic() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
)
    read -r seconds peak_kb <<<"$timed"
    echo "run $run: ${seconds} s, peak memory $((peak_kb / 1024)) MB" >&2
    runs+=("$seconds")
done
# The median of three runs (the first reads from a cold cache).
median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
echo "verify of $entries entries, three runs: ${runs[*]} s; median ${median} s, $(awk -v n="$entries" -v s="$median" 'BEGIN { printf "%.0f", n / s }') entries/s (targets: issue 14 ≥ 200000, issue 27 ≥ 500000), peak memory $((peak_kb / 1024)) MB"
