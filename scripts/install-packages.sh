#!/usr/bin/env bash
# Installs the system packages coopledger needs, if they are missing: libpq's and
# libxlsxwriter's headers (to build) and the PostgreSQL server (for the embedded cluster and
# the tests).
# Needs root (or sudo) only when something is missing.
set -euo pipefail

missing=()
pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev pkg-config)
# SHA-256 (the chain's links, tokens' hashes) is OpenSSL's libcrypto, which libpq-dev pulls in.
pkg-config --exists libcrypto 2>/dev/null || missing+=(libssl-dev pkg-config)
# Excel workbooks are written through libxlsxwriter.
pkg-config --exists xlsxwriter 2>/dev/null || missing+=(libxlsxwriter-dev pkg-config)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# The command line signed in to a server (`coopledger login`) speaks HTTP through libcurl.
ldconfig -p 2>/dev/null | grep -q "libcurl.so.4 " || missing+=(libcurl4)
# Auditors' tools that the export tests run on coopledger's output.
command -v hledger >/dev/null 2>&1 || missing+=(hledger)
command -v pip3 >/dev/null 2>&1 || command -v pip >/dev/null 2>&1 || missing+=(python3-pip)
# The browser that checks printed pages (scripts/voucher-page.sh), with CJK fonts.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# …and its driver, for the workbench's browser tests (scripts/workbench.sh, Selenium).
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
fc-list 2>/dev/null | grep -q "Noto Serif CJK\|Noto Sans CJK" || missing+=(fonts-noto-cjk)

if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Outside checkers the tests run: bean-check (beancount) and schemathesis, from PyPI.
for tool in bean-check:beancount schemathesis:schemathesis; do
    if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
        echo "installing: ${tool#*:} (PyPI)" >&2
        pip=$(command -v pip3 || command -v pip)
        "$pip" install -q "${tool#*:}" 2>/dev/null || "$pip" install -q --break-system-packages "${tool#*:}"
    fi
done

# Selenium (PyPI) drives Chromium in the workbench's browser tests.
if ! python3 -c "import selenium" 2>/dev/null; then
    echo "installing: selenium (PyPI)" >&2
    pip=$(command -v pip3 || command -v pip)
    "$pip" install -q selenium 2>/dev/null || "$pip" install -q --break-system-packages selenium
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "swift is at /opt/swift/usr/bin; add it to PATH" >&2
    else
        echo "Swift 6.1 or newer is needed: https://www.swift.org/install/linux/" >&2
    fi
    exit 1
fi
