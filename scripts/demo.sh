#!/usr/bin/env bash
# Sets up a fresh machine and runs `coopledger demo` on the embedded database
# (kept under ./.coopledger; `coopledger db stop` stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
scripts/install-packages.sh
swift build --product coopledger
exec .build/debug/coopledger demo "$@"
