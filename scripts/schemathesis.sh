#!/usr/bin/env bash
# An outside client: schemathesis (PyPI) against a live `coopledger serve`, on a fresh
# database of the server in COOPLEDGER_TEST_DATABASE_URL, using the served /openapi.yaml.
# Fails on any 5xx or any response that breaks the document. Signing out is left out: it
# would end the very token the run uses (scripts/cli-remote.sh signs out).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
fresh_database api_contract
export COOPLEDGER_COOP=contract-coop
$bin coop create "$COOPLEDGER_COOP" --name "契约测试社" >/dev/null
$bin member add --number 7 --name 张三 >/dev/null
token=$($bin token create --role admin --coop "$COOPLEDGER_COOP" 2>/dev/null)

server=
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
: > /tmp/coopledger-schemathesis-server.log
start_serve /tmp/coopledger-schemathesis-server.log

schemathesis --config-file Tests/schemathesis/schemathesis.toml run "http://127.0.0.1:$port/openapi.yaml" \
    -H "Authorization: Bearer $token" --max-examples 30 --seed 2026 \
    --exclude-name "DELETE /v1/coops/{coop}/sessions/current" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance
