#!/usr/bin/env bash
# People on the command line over HTTP (issue 28): `coopledger login --server` proves who
# acts to a live `coopledger serve`, and the command line then does exactly what the API
# lets that person do; the operator's direct commands are refused meanwhile. Door by door
# as an attacker would try it. Prints `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
fresh_database cli_remote
unset COOPLEDGER_USER COOPLEDGER_COOP COOPLEDGER_SERVER COOPLEDGER_TOKEN
home=$(mktemp -d)
err="$home/err"

$bin coop create c1 --name 白银一社 >/dev/null
$bin coop create c2 --name 白银二社 >/dev/null
adduser() { printf '%s\n' "$4" | $bin user add --coop "$1" --login "$2" --name "$2" --role "$3" --password-stdin >/dev/null; }
adduser c1 wang preparer wang-secret
adduser c1 li approver li-secret
adduser c1 chen admin chen-secret
adduser c2 bob approver bob-secret
$bin member add --coop c1 --number 1 --name 张三 >/dev/null

server=
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$home"' EXIT
: > /tmp/coopledger-cli-remote.log
start_serve /tmp/coopledger-cli-remote.log
server_url="http://127.0.0.1:$port"

# as PERSON ARGS…: coopledger with PERSON's own session file (standard input empty).
as() { local person=$1; shift; COOPLEDGER_SESSION_FILE="$home/$person.json" $bin "$@" </dev/null 2>"$err"; }
# refused PERSON TEXT ARGS…: exit 1, and the one-line error says TEXT.
refused() {
    local person=$1 text=$2 code=0; shift 2
    as "$person" "$@" >/dev/null || code=$?
    [ "$code" = 1 ] && grep -q -- "$text" "$err" || { echo "  exit $code: $(cat "$err")" >&2; return 1; }
}
succeeds() { as "$@" >/dev/null || { echo "  $(cat "$err")" >&2; return 1; }; }
login() { # PERSON COOP PASSWORD
    printf '%s\n' "$3" | COOPLEDGER_SESSION_FILE="$home/$1.json" $bin login --server "$server_url" --coop "$2" --login "$1" >/dev/null 2>"$err"
}

check "a wrong password does not sign in" bash -c "! printf 'li-secret\n' | COOPLEDGER_SESSION_FILE=$home/wang.json $bin login --server $server_url --coop c1 --login wang >/dev/null 2>&1"
check "and leaves no session behind" test ! -e "$home/wang.json"
check "a person of another cooperative cannot sign in here" bash -c "! printf 'bob-secret\n' | COOPLEDGER_SESSION_FILE=$home/bob.json $bin login --server $server_url --coop c1 --login bob >/dev/null 2>&1"
check "the preparer signs in" login wang c1 wang-secret
check "the session is readable by its owner only" test "$(stat -c %a "$home/wang.json")" = 600
check "whoami names the signed-in person" test "$(as wang whoami)" = "wang in c1 (preparer) at $server_url"

check "the preparer drafts over HTTP" succeeds wang voucher draft --date 2026-03-01 --memo 饲料 --debit 121=15 --credit 102=15
check "the preparer cannot approve their own draft" refused wang "approve" voucher approve 1 --version 1
check "the preparer cannot reach another cooperative" refused wang "signed in to c1 only" voucher list --coop c2
check "the preparer cannot act as someone else" refused wang "the server knows who you are" voucher list --user li
check "the preparer cannot mint a token: direct commands are the operator's" refused wang "operator" token create --role admin --coop c1
check "nor add a member" refused wang "operator" member add --number 2 --name 李四
check "the preparer reads the trial balance over HTTP" bash -c "as() { COOPLEDGER_SESSION_FILE=$home/wang.json $bin \"\$@\"; }; as report trial-balance --year 2026 | grep -q 科目余额表"

check "the approver signs in" login li c1 li-secret
version=$(as li voucher show 1 --format json | grep -o '"version":[0-9]*' | cut -d: -f2)
check "the approver sees the draft's version" test -n "$version"
check "the preparer changes the draft after the approver looked" succeeds wang voucher edit 1 --date 2026-03-01 --memo 饲料 --debit 121=98765.43 --credit 102=98765.43
check "the approval of the version seen is refused" refused li "changed" voucher approve 1 --version "$version"
version=$(as li voucher show 1 --format json | grep -o '"version":[0-9]*' | cut -d: -f2)
check "the approver approves the version shown" succeeds li voucher approve 1 --version "$version"
check "the preparer posts the approved draft" bash -c "COOPLEDGER_SESSION_FILE=$home/wang.json $bin voucher post 1 | grep -q '记-2026-03-0001'"
check "the entry names who prepared and approved it" test "$(psql "$COOPLEDGER_DATABASE_URL" -XtAc "SELECT prepared_by || '/' || approved_by FROM journal_entries WHERE coop_id = 'c1' AND voucher_id = 1")" = wang/li

check "the approver signs out" succeeds li logout
check "and the session file is gone" test ! -e "$home/li.json"
check "the token ended with it" test "$(psql "$COOPLEDGER_DATABASE_URL" -XtAc "SELECT count(*) FROM api_tokens WHERE login = 'li' AND revoked_at IS NULL")" = 0
cp "$home/wang.json" "$home/stolen.json"
printf 'wang-new-secret\n' | $bin user add --coop c1 --login wang --name wang --role preparer --password-stdin >/dev/null 2>&1 || true
check "a password reset ends the preparer's session at once" refused stolen "sign in again" voucher list
check "the operator still works directly with --database-url" bash -c "COOPLEDGER_SESSION_FILE=$home/wang.json $bin voucher list --coop c1 --database-url \"$COOPLEDGER_DATABASE_URL\" >/dev/null"
report cli-remote
