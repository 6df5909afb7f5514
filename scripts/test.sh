#!/usr/bin/env bash
# Sets up a fresh machine and runs every test against a real, throwaway PostgreSQL
# server, which is stopped and removed afterwards, whether the tests pass or not:
# the Swift tests, then schemathesis against a live `coopledger serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
scripts/install-packages.sh
swift build --build-tests
exec scripts/with-throwaway-postgres.sh scripts/run-tests.sh "$@"
