#!/usr/bin/env bash
# Loads the benchmark cooperative `bench` into the database at $1 (migrated, with the
# cooperative created): 10,000 members and 1,000,000 postings in 2026.
set -euo pipefail
url="$1"
now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
q() { psql "$url" -v ON_ERROR_STOP=1 -qAtc "$1"; }

echo "loading 10,000 members and 1,000,000 postings…" >&2
start=$(now)
psql "$url" -v ON_ERROR_STOP=1 -q <<'SQL'
INSERT INTO members (coop_id, member_no, name) SELECT 'bench', n, 'member ' || n FROM generate_series(1, 10000) n;
BEGIN;
SET LOCAL coopledger.actor = 'system';
-- Capital: one entry per member (20,000 postings).
INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, kind)
SELECT 'bench', n, date '2026-01-05', 'cap-' || n, 'capital_contribution' FROM generate_series(1, 10000) n;
INSERT INTO postings SELECT 'bench', n, 1, '102', NULL, 100000 + (n % 7) * 1000, date '2026-01-05', 'capital_contribution' FROM generate_series(1, 10000) n;
INSERT INTO postings SELECT 'bench', n, 2, '301', n, -(100000 + (n % 7) * 1000), date '2026-01-05', 'capital_contribution' FROM generate_series(1, 10000) n;
-- Purchases from members: 489,990 entries (979,980 postings), 49 per member.
INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, kind)
SELECT 'bench', n, date '2026-01-01' + (n % 360), 'buy-' || n, 'purchase' FROM generate_series(10001, 499990) n;
INSERT INTO postings SELECT 'bench', n, 1, '121', NULL, 1000 + n % 997, date '2026-01-01' + (n % 360), 'purchase' FROM generate_series(10001, 499990) n;
INSERT INTO postings SELECT 'bench', n, 2, '114', 1 + n % 10000, -(1000 + n % 997), date '2026-01-01' + (n % 360), 'purchase' FROM generate_series(10001, 499990) n;
-- Sales and costs: 10 entries (20 postings).
INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key)
SELECT 'bench', n, date '2026-06-01' + (n - 499991), 'pl-' || n FROM generate_series(499991, 500000) n;
INSERT INTO postings SELECT 'bench', n, 1, '102', NULL, 90000000, date '2026-06-01' + (n - 499991), 'general' FROM generate_series(499991, 499995) n;
INSERT INTO postings SELECT 'bench', n, 2, '501', NULL, -90000000, date '2026-06-01' + (n - 499991), 'general' FROM generate_series(499991, 499995) n;
INSERT INTO postings SELECT 'bench', n, 1, '521', NULL, 20000000, date '2026-06-01' + (n - 499991), 'general' FROM generate_series(499996, 500000) n;
INSERT INTO postings SELECT 'bench', n, 2, '102', NULL, -20000000, date '2026-06-01' + (n - 499991), 'general' FROM generate_series(499996, 500000) n;
COMMIT;
SELECT setval('journal_entry_id_seq', 500000);
VACUUM ANALYZE;
SQL
echo "loaded in $(minus "$(now)" "$start") s; postings: $(q "SELECT count(*) FROM postings")" >&2

