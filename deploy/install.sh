#!/usr/bin/env bash
# Builds coopledger in release mode and installs it under a prefix (default /usr/local):
#   PREFIX/bin/coopledger            the program
#   PREFIX/share/coopledger/sql/     its migrations (found there by the program)
#   /etc/coopledger/coopledger.env   settings, from coopledger.env.example if absent
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${PREFIX:-/usr/local}
scripts/install-packages.sh
swift build -c release --product coopledger
install -D -m 0755 .build/release/coopledger "$prefix/bin/coopledger"
install -d "$prefix/share/coopledger/sql"
install -m 0644 sql/*.sql "$prefix/share/coopledger/sql/"
if [ ! -e /etc/coopledger/coopledger.env ]; then
    install -D -m 0600 deploy/coopledger.env.example /etc/coopledger/coopledger.env
    echo "edit /etc/coopledger/coopledger.env: set COOPLEDGER_DATABASE_URL" >&2
fi
echo "installed $prefix/bin/coopledger" >&2
