#!/bin/sh
# The daemon against broken and hostile clients (a raw socket from
# python3): garbage, oversized or unknown frames, frames out of order, a
# line while one runs, a client leaving mid-frame, more clients than it
# serves.  Each gets one sentence and a closed connection; the daemon keeps
# serving the others and never crashes.
. "$(dirname "$0")/lib/common.sh"
command -v python3 >/dev/null || skip "python3 is not installed (it plays the broken client)"
start_daemon

cat >"$TMP/client.py" <<'END'
import socket, struct, sys, time

path = sys.argv[1]
HELLO, LINE, SIGNAL, STDOUT, STDERR, EXIT = 1, 2, 3, 4, 5, 6

def frame(t, data):
    return struct.pack(">BI", t, len(data)) + data

def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.settimeout(5)
    return s

def replies(s):
    """Every frame until the daemon closes: [(type, payload)]."""
    buf = b""
    while True:
        try:
            d = s.recv(65536)
        except ConnectionResetError:
            break
        if not d:
            break
        buf += d
    out = []
    while len(buf) >= 5:
        t, n = struct.unpack(">BI", buf[:5])
        out.append((t, buf[5:5 + n]))
        buf = buf[5 + n:]
    return out

def say(name, frames):
    errs = b"".join(p for t, p in frames if t == STDERR).decode()
    print("%s: %s" % (name, errs.strip()))

def case(name, data, close_write=False):
    s = conn()
    s.sendall(data)
    if close_write:
        s.shutdown(socket.SHUT_WR)
    say(name, replies(s))
    s.close()

hello = frame(HELLO, b"vnet/1 oneshot")
case("garbage", b"GET / HTTP/1.0\r\n\r\n")
case("huge", hello + struct.pack(">BI", LINE, 0xffffffff))
case("early", frame(LINE, b"echo hi"))
case("version", frame(HELLO, b"vnet/99 oneshot"))
case("mode", frame(HELLO, b"vnet/1 telnet"))
case("twohello", hello + hello)
case("nul", hello + frame(LINE, b"echo a\0b"))
case("badsig", hello + frame(SIGNAL, b"\x13"))
case("siglen", hello + frame(SIGNAL, b"\x02\x02"))
case("fromdaemon", hello + frame(EXIT, b"\x00"))
case("busy", hello + frame(LINE, b"sleep 5") + frame(LINE, b"echo hi"))

# Leaving in the middle of a frame, and in the middle of a command.
s = conn()
s.sendall(hello + b"\x02\x00\x00")
s.close()
s = conn()
s.sendall(hello + frame(LINE, b"sleep 30"))
time.sleep(0.1)
s.close()

# A well-behaved client: a line and its exit status.
s = conn()
s.sendall(hello + frame(LINE, b"echo fine; false"))
s.shutdown(socket.SHUT_WR)
fr = replies(s)
print("good: %r" % [(t, p) for t, p in fr])
# Output written word by word arrives in one frame

# More clients than the daemon serves at once.
many = []
refused = 0
for i in range(300):
    c = conn()
    many.append(c)
time.sleep(0.3)
for c in many:
    c.setblocking(False)
    try:
        d = c.recv(4096)
        if b"too many clients" in d:
            refused += 1
    except BlockingIOError:
        pass
print("refused: %d" % refused)
for c in many:
    c.close()
END

python3 "$TMP/client.py" "$SOCK" >"$TMP/py.out" 2>&1 || fail "the python client: $(cat "$TMP/py.out")"
sed -n '/^refused/!p' "$TMP/py.out" >"$TMP/cases.out"
expect_file "$TMP/cases.out" <<'END'
garbage: vnet: protocol error: unknown frame type 71
huge: vnet: protocol error: command line frame of 4294967295 bytes (at most 65536)
early: vnet: protocol error: the first frame must be a hello
version: vnet: this daemon speaks vnet/1, the client vnet/99 oneshot
mode: vnet: protocol error: unknown client mode in hello
twohello: vnet: protocol error: a second hello
nul: vnet: protocol error: command line contains a NUL byte
badsig: vnet: protocol error: a signal clients may not send
siglen: vnet: protocol error: signal frame of 2 bytes
fromdaemon: vnet: protocol error: a frame only the daemon sends
busy: vnet: protocol error: a command line is already running
good: [(1, b'vnet/1'), (4, b'fine\n'), (6, b'\x01')]
END
expect_grep '^refused: 44$' "$TMP/py.out" "clients beyond 256"

run alive v echo still serving
expect_rc 0 "the daemon after all that" alive
expect_file "$TMP/alive.out" <<'END'
still serving
END
kill -0 "$DPID" || fail "the daemon died"
expect_grep 'client [0-9]*: protocol error: unknown frame type 71; closing it' "$TMP/daemon.log"
expect_grep 'left in the middle of a frame' "$TMP/daemon.log"
finish
