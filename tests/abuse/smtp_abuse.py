#!/usr/bin/env python3
"""Hostile SMTP against a running capture_listen (capture::SmtpListener): each attack's answer
is checked, and after each one a normal message must still be captured (it appears in
capture_listen's output) and the process's memory must stay flat.

    smtp_abuse.py PORT PID OUTPUT_FILE IDLE_SECONDS

Prints one line per attack and exits 1 on the first failure. Only 127.0.0.1 is contacted, and
every loop is bounded in count and time.
"""
import json
import os
import random
import socket
import sys
import time

import abuse_common
from abuse_common import fail

PORT, PID, OUTPUT, IDLE = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
# Flat memory: one message at the 10 MiB limit plus buffers. A sanitizer build raises it.
MEMORY_GROWTH_LIMIT = int(os.environ.get("ABUSE_MEMORY_GROWTH_MB", "64")) * 1024 * 1024
sequence = 0


def rss():
    return abuse_common.rss(PID, "capture_listen")


def connect(timeout=10.0):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    greeting = s.recv(1024)
    if not greeting.startswith(b"220 "):
        fail(f"greeting {greeting!r}")
    return s


def read_until_closed(s, deadline=10.0, limit=1 << 20):
    s.settimeout(deadline)
    data = b""
    try:
        while len(data) < limit:
            chunk = s.recv(65536)
            if not chunk:
                return data, True
            data += chunk
    except socket.timeout:
        return data, False
    except (ConnectionResetError, BrokenPipeError):
        return data, True
    return data, False


def send_all(s, data):
    try:
        s.sendall(data)
        return True
    except (ConnectionResetError, BrokenPipeError):
        return False


def normal_message_is_captured(after):
    global sequence
    sequence += 1
    subject = f"still-alive-{sequence}"
    s = connect()
    s.sendall(b"EHLO localhost\r\nMAIL FROM:<am@example.org>\r\nRCPT TO:<oncall@example.org>\r\n"
              b"DATA\r\nSubject: " + subject.encode() + b"\r\nX-Obsctl-Capture: ops/email/0\r\n"
              b"\r\nbody\r\n.\r\nQUIT\r\n")
    reply, closed = read_until_closed(s, 5.0)
    s.close()
    if b"250 OK: message captured" not in reply or not reply.endswith(b"221 bye\r\n"):
        fail(f"after {after}: a normal message was answered {reply!r}")
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        with open(OUTPUT) as f:
            for line in f:
                if line.startswith("{"):
                    n = json.loads(line)
                    if n["fields"].get("subject") == subject:
                        if n["receiver"] != "ops" or n["unreadable"]:
                            fail(f"after {after}: captured as {line}")
                        return
        time.sleep(0.05)
    fail(f"after {after}: the normal message was not captured")


def attack(name, run):
    before = rss()
    started = time.monotonic()
    detail = run()
    took = time.monotonic() - started
    normal_message_is_captured(name)
    grown = rss() - before
    if grown > MEMORY_GROWTH_LIMIT:
        fail(f"{name}: memory grew {grown >> 20} MB")
    print(f"ok    {name:<34} {took:5.1f}s, memory {grown >> 20:+d} MB: {detail}", flush=True)


def huge_data():
    """100 MB after DATA: read to its end, kept nowhere, answered 552."""
    s = connect(30.0)
    s.sendall(b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n")
    line = b"x" * 998 + b"\r\n"
    block = line * 1024  # 1 MB
    for _ in range(100):
        if not send_all(s, block):
            fail("100 MB DATA: the connection closed mid-message")
    s.sendall(b".\r\nQUIT\r\n")
    reply, closed = read_until_closed(s, 30.0)
    s.close()
    if b"552 " not in reply or not closed:
        fail(f"100 MB DATA: answered {reply!r}")
    return "552 at the end, then 221"


def unended_line():
    """A client that never ends a line: dropped after the idle timeout."""
    s = connect()
    started = time.monotonic()
    s.sendall(b"EHLO never-ending")
    for _ in range(int(IDLE * 4) + 8):
        if not send_all(s, b"x"):
            break
        time.sleep(0.25)
        s.settimeout(0.01)
        try:
            if s.recv(1024) == b"":
                break
        except socket.timeout:
            pass
        except ConnectionResetError:
            break
    _, closed = read_until_closed(s, IDLE + 3)
    took = time.monotonic() - started
    s.close()
    if not closed or took > IDLE + 3:
        fail(f"a never-ending line: still open after {took:.1f}s")
    return f"dropped after {took:.1f}s (idle timeout {IDLE:g}s)"


def long_line():
    """A 1 MB command line: 500 and closed at 4 KiB."""
    s = connect()
    ok = send_all(s, b"EHLO " + b"a" * (1 << 20))
    reply, closed = read_until_closed(s)
    s.close()
    if not reply.startswith(b"500 ") or not closed:
        fail(f"a 1 MB line: answered {reply[:80]!r} (sent whole: {ok})")
    return "500 line too long, closed"


def many_recipients():
    """5,000 RCPT TO pipelined: 100 taken, then 452 until the error limit closes it (421)."""
    s = connect()
    rcpts = b"".join(b"RCPT TO:<r%d@example.org>\r\n" % i for i in range(5000))
    send_all(s, b"EHLO c\r\nMAIL FROM:<a@b>\r\n" + rcpts)
    reply, closed = read_until_closed(s)
    s.close()
    lines = reply.split(b"\r\n")
    taken = sum(1 for l in lines if l.startswith(b"250 OK"))
    if taken != 101 or b"452 " not in reply or not lines[-2].startswith(b"421 ") or not closed:
        fail(f"5,000 RCPT: {taken} taken, last {lines[-2:]!r}")
    return "100 recipients taken, then 452, 421 and closed"


def garbage():
    """1 MB of random bytes: answered with errors and closed, never a crash."""
    rng = random.Random(9)
    s = connect()
    send_all(s, bytes(rng.getrandbits(8) for _ in range(1 << 20)))
    reply, closed = read_until_closed(s)
    s.close()
    if not closed or not (b"421 " in reply or b"500 line too long" in reply):
        fail(f"binary garbage: answered {reply[-80:]!r}, closed {closed}")
    return "errors, then closed"


def many_connections():
    """200 connections at once: 32 served, the rest told 421."""
    socks, refused = [], 0
    for _ in range(200):
        s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
        socks.append(s)
    for s in socks:
        if s.recv(1024).startswith(b"421 "):
            refused += 1
    for s in socks:
        s.close()
    if refused < 150:
        fail(f"200 connections: only {refused} refused")
    time.sleep(0.5)  # the loop sees the closes
    return f"{200 - refused} served, {refused} told 421"


normal_message_is_captured("start")
attack("100 MB DATA", huge_data)
attack("a line that never ends", unended_line)
attack("a 1 MB command line", long_line)
attack("5,000 RCPT TO", many_recipients)
attack("binary garbage", garbage)
attack("200 connections at once", many_connections)
