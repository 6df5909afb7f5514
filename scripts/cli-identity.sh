#!/usr/bin/env bash
# The command line proves who acts (issue 28, case 2), door by door as an attacker would
# try it: a person named with --user gives their password or is refused, and then does only
# what their roles in the cooperative allow. Prints `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
fresh_database cli_identity
unset COOPLEDGER_USER COOPLEDGER_COOP
err=$(mktemp)
trap 'rm -f "$err"' EXIT

# as PASSWORD ARGS…: runs coopledger with PASSWORD as standard input's first line.
as() { local password=$1; shift; printf '%s\n' "$password" | $bin "$@" 2>"$err"; }
# refused PASSWORD TEXT ARGS…: exit 1, and the one-line error says TEXT.
refused() {
    local password=$1 text=$2 code=0; shift 2
    as "$password" "$@" >/dev/null || code=$?
    [ "$code" = 1 ] && grep -q -- "$text" "$err" || { echo "  exit $code: $(cat "$err")" >&2; return 1; }
}
succeeds() { as "$@" >/dev/null || { echo "  $(cat "$err")" >&2; return 1; }; }

$bin coop create c1 --name 白银一社 >/dev/null
$bin coop create c2 --name 白银二社 >/dev/null
adduser() { printf '%s\n' "$4" | $bin user add --coop "$1" --login "$2" --name "$2" --role "$3" --password-stdin >/dev/null; }
adduser c1 wang preparer wang-secret
adduser c1 li approver li-secret
adduser c1 zhou auditor zhou-secret
adduser c1 chen admin chen-secret
adduser c2 bob approver bob-secret
$bin member add --coop c1 --number 1 --name 张三 >/dev/null

check "no password: refused" refused "" "password" voucher list --coop c1 --user wang
check "no standard input at all: refused" bash -c "! $bin voucher list --coop c1 --user wang </dev/null 2>/dev/null"
check "a wrong password: refused" refused "li-secret" "not this person's" voucher list --coop c1 --user wang
check "an unknown person: refused as a wrong password" refused "whatever-1" "not this person's" voucher list --coop c1 --user nobody

check "the preparer drafts with their password" succeeds wang-secret voucher draft --coop c1 --user wang --date 2026-03-01 --memo 饲料 --debit 121=15 --credit 102=15
check "the preparer cannot approve their own draft" refused wang-secret "approve" voucher approve 1 --version 1 --coop c1 --user wang
check "the preparer cannot add a member" refused wang-secret "needs the admin role" member add --coop c1 --number 2 --name 李四 --user wang
check "the preparer cannot change the charter" refused wang-secret "needs the admin role" coop settings --reserve-rate 50% --coop c1 --user wang
check "the preparer cannot mint an admin token here" refused wang-secret "needs the admin role" token create --role admin --coop c1 --user wang
check "the preparer cannot mint a token for another cooperative" refused wang-secret "keeps no books there" token create --role admin --coop c2 --user wang
check "the preparer cannot mint a token of every cooperative" refused wang-secret "operator" token create --role admin --all-coops --user wang
check "the preparer cannot read another cooperative" refused wang-secret "keeps no books there" voucher list --coop c2 --user wang
check "the preparer cannot create a cooperative" refused wang-secret "operator" coop create c3 --name x --user wang
check "coop list shows a person only their cooperatives" test "$(as wang-secret coop list --user wang --format json | grep -o '"code":"c[0-9]"' | tr '\n' ' ')" = '"code":"c1" '

check "the auditor cannot add a member" refused zhou-secret "needs the admin role" member add --coop c1 --number 2 --name 李四 --user zhou
check "the auditor cannot add a lease" refused zhou-secret "needs the admin role" lease add --coop c1 --member 1 --area-mu 2 --rate 2000 --start 2026-01-01 --key l1 --user zhou
check "the auditor cannot post" refused zhou-secret "needs the bookkeeper role" post --coop c1 --date 2026-03-02 --memo x --key p1 --debit 121=1 --credit 102=1 --user zhou
check "the auditor reads the books" succeeds zhou-secret report trial-balance --year 2026 --coop c1 --user zhou

check "another cooperative's approver cannot approve here" refused bob-secret "keeps no books there" voucher approve 1 --version 1 --coop c1 --user bob
version=$(as li-secret voucher show 1 --coop c1 --user li --format json | grep -o '"version":[0-9]*' | cut -d: -f2)
check "the approver approves the version shown" succeeds li-secret voucher approve 1 --version "$version" --coop c1 --user li
check "the preparer posts the approved draft" succeeds wang-secret voucher post 1 --coop c1 --user wang
check "the entry names who prepared and approved it" test "$(psql "$COOPLEDGER_DATABASE_URL" -XtAc "SELECT prepared_by || '/' || approved_by FROM journal_entries WHERE coop_id = 'c1' AND voucher_id = 1")" = wang/li
check "a preparer reverses their day-to-day entry" succeeds wang-secret reverse "$(psql "$COOPLEDGER_DATABASE_URL" -XtAc "SELECT entry_id FROM journal_entries WHERE coop_id = 'c1' AND voucher_id = 1")" --date 2026-03-03 --key r1 --coop c1 --user wang

# The admin's password is the first line, the new person's the second.
check "an admin adds a person, both passwords on standard input" succeeds "$(printf 'chen-secret\nzhao-secret')" user add --coop c1 --login zhao --name 赵 --role preparer --password-stdin --user chen
check "the new person acts with their own password" succeeds zhao-secret voucher list --coop c1 --user zhao
check "an admin of c1 cannot take over bob of c2" refused "$(printf 'chen-secret\nbob-taken1')" "taken" user add --coop c1 --login bob --name Bob --role preparer --password-stdin --user chen
check "bob's password is unchanged" succeeds bob-secret voucher list --coop c2 --user bob
check "the operator acts without a password" succeeds "" member add --coop c1 --number 2 --name 李四

report cli-identity
