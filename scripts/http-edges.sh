#!/usr/bin/env bash
# What a hostile or broken HTTP client can do to `coopledger serve`, tried on a live server
# (a fresh database of the server in COOPLEDGER_TEST_DATABASE_URL): a client that declares a
# longer body than it sends is cut off after the idle timeout instead of holding a connection;
# requests the HTTP parser refuses (a space in the path, a NUL in a header, a 100 KB header)
# get a 400 problem document; the server serves on afterwards. Then slow clients (issue 24,
# case 8): a server started with the usual soft open-files limit of 1,024 answers health
# checks while 1,100 clients trickle their headers a byte a second, and closes those
# connections at the header timeout. Prints `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
fresh_database http_edges
server=
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
: > /tmp/coopledger-http-edges.log
start_serve /tmp/coopledger-http-edges.log --idle-timeout 2
python3 - "$port" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
passed = failed = 0
def check(name, ok):
    global passed, failed
    if ok: passed += 1
    else: failed += 1; print(f"FAILED: {name}", file=sys.stderr)

# A body that never comes: the connection is closed after the idle timeout (2 s here).
with socket.create_connection(("127.0.0.1", port)) as s:
    s.sendall(b"POST /v1/coops/x/entries HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n0123456789")
    s.settimeout(20)
    started = time.monotonic()
    try:
        while s.recv(4096):
            pass
    except OSError:
        pass
    held = time.monotonic() - started
    check(f"a short body is cut off after the idle timeout (held {held:.1f} s)", held < 10)

def reply_to(raw):
    """The whole answer to raw bytes, read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.settimeout(10)
        try:
            s.sendall(raw)
        except OSError:
            pass
        reply = b""
        try:
            while chunk := s.recv(65536):
                reply += chunk
        except OSError:
            pass
        return reply

# Requests the HTTP parser refuses get a problem document, like every other refusal, and
# the connection is closed. A 100 KB header is refused, not read into memory.
for name, raw in [
    ("a space in the path", b"GET /v1/coops/a b/entries HTTP/1.1\r\nHost: t\r\n\r\n"),
    ("a NUL in a header", b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-A: a\x00b\r\n\r\n"),
    ("a 100 KB header", b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"),
]:
    reply = reply_to(raw)
    head, _, body = reply.partition(b"\r\n\r\n")
    check(f"{name}: 400 with a problem document ({reply[:60]!r})",
          head.startswith(b"HTTP/1.1 400") and b"application/problem+json" in head and b'"code":"bad_request"' in body)

# And the server goes on serving.
with socket.create_connection(("127.0.0.1", port)) as s:
    s.settimeout(10)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    check("the server serves on", s.recv(4096).startswith(b"HTTP/1.1 200"))
print(f"http-edges: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY

kill -TERM $server; wait $server 2>/dev/null || true
# As systemd starts a service unless told otherwise: soft limit 1,024, hard far above.
: > /tmp/coopledger-slow-clients.log
serve_open_files=1024 start_serve /tmp/coopledger-slow-clients.log --header-timeout 3
python3 - "$port" <<'PY'
import resource, socket, sys, time
port = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
passed = failed = 0
def check(name, ok):
    global passed, failed
    if ok: passed += 1
    else: failed += 1; print(f"FAILED: {name}", file=sys.stderr)

slow = []
for _ in range(1100):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ")
    s.setblocking(False)
    slow.append(s)

def trickle():
    for s in slow:
        try:
            s.send(b"a")
        except OSError:
            pass

answered = 0
for _ in range(7):
    trickle()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.settimeout(2)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            if s.recv(4096).startswith(b"HTTP/1.1 200"): answered += 1
    except OSError:
        pass
    time.sleep(0.3)
check(f"health checks answered within 2 s beside 1,100 slow clients: {answered} of 7", answered == 7)

# Past the header timeout (3 s) every trickling connection has been closed by the server.
deadline = time.monotonic() + 8
while time.monotonic() < deadline:
    trickle()
    time.sleep(1)
closed = 0
for s in slow:
    try:
        closed += s.recv(1) == b""
    except BlockingIOError:
        pass
    except OSError:
        closed += 1
    s.close()
check(f"slow clients closed at the header timeout: {closed} of 1100", closed == 1100)
print(f"http-edges (slow clients): {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
