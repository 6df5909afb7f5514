#!/usr/bin/env bash
# District benchmark (issue 30): one district of 553 cooperatives in 8 townships, each with a
# year of books (20–300 members, 2,000–4,000 entries: purchases from members and from
# non-member households above the market price, sales, costs, capital paid in, leases,
# monthly payrolls, poverty-alleviation loans; then each cooperative's year-end through the
# command line: lease fees, loan payouts and its distribution run), on a durable server.
# Times `district report households` and `indicators` for all of them against raw SQL that
# adds up the same figures of every row (medians of three each), checks every row agrees, and
# prints the ratios; then the supervisor's route over HTTP, and serve's cost while idle.
#   bench/district.sh            (COOPS=553 by default)
#   DISTRICT_BOOKS_URL=postgresql://… bench/lib/district-run.sh
#                                (measures again books loaded before, on a server of your own)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
swift build -c release --product coopledger >&2
THROWAWAY_DURABLE=1 exec scripts/with-throwaway-postgres.sh bench/lib/district-run.sh
