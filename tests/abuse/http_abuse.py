#!/usr/bin/env python3
"""Hostile HTTP against a running demoapp (issue 9): each attack's answer is checked, and after
each one /health must still answer 200 quickly and the process's memory must stay flat.

    http_abuse.py PORT PID

Prints one line per attack and exits 1 on the first failure. Only 127.0.0.1 is contacted, and
every loop is bounded in count and time.
"""
import os
import resource
import socket
import sys
import time

import abuse_common
from abuse_common import fail

PORT, PID = int(sys.argv[1]), int(sys.argv[2])
# Seconds. The claim is "keeps serving", not a latency figure (bench/ measures those): a server
# that handled the idle connections in turn would take their 1 s request timeout each, far past
# this, while a sanitizer build on 2 busy cores once took 0.7 s to accept 2,000 sockets first.
HEALTH_LIMIT = 2.0
# Flat memory: what 2,000 connections cost at most. A sanitizer build's ctest raises it
# (TSan keeps shadow state for every allocation).
MEMORY_GROWTH_LIMIT = int(os.environ.get("ABUSE_MEMORY_GROWTH_MB", "64")) * 1024 * 1024


def rss():
    return abuse_common.rss(PID, "demoapp")


def connect(timeout=5.0):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_all(s, limit=1 << 20, deadline=5.0):
    s.settimeout(deadline)
    data = b""
    try:
        while len(data) < limit:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def status(raw):
    return int(raw[9:12]) if raw.startswith(b"HTTP/1.") and len(raw) >= 12 else 0


def health_ok(what):
    started = time.monotonic()
    s = connect()
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    raw = read_all(s)
    s.close()
    took = time.monotonic() - started
    if status(raw) != 200:
        fail(f"{what}: /health answered {raw[:60]!r}")
    if took > HEALTH_LIMIT:
        fail(f"{what}: /health took {took:.3f}s")
    return took


def attack(name, run):
    before = rss()
    detail = run()
    took = health_ok(name)
    grown = rss() - before
    if grown > MEMORY_GROWTH_LIMIT:
        fail(f"{name}: resident memory grew by {grown >> 20} MiB")
    print(f"ok    {name:<32} {detail}; /health in {took * 1000:.1f} ms, "
          f"memory {grown / 1048576:+.1f} MiB", flush=True)


def idle_connections():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    held = [connect() for _ in range(2000)]
    took = health_ok("while 2000 connections sit idle")
    for s in held:
        s.close()
    return f"2000 idle connections held, /health meanwhile in {took * 1000:.1f} ms"


def slowloris():
    # 100 clients each dribble a header byte every 200 ms: demoapp's --request-timeout (1 s
    # here) must answer them 408 and close, while /health stays fast.
    clients = [connect() for _ in range(100)]
    for s in clients:
        s.sendall(b"GET /health HTTP/1.1\r\n")
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        for s in clients:
            try:
                s.sendall(b"X")
            except OSError:
                pass
        time.sleep(0.2)
    health_ok("during slowloris")
    answers = [status(read_all(s, deadline=2)) for s in clients]
    for s in clients:
        s.close()
    if answers.count(408) != len(clients):
        fail(f"slowloris: expected 408 for all, got {sorted(set(answers))}")
    return "100 dribbling clients answered 408"


def huge_body():
    s = connect()
    s.sendall(b"POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 104857600\r\n\r\n")
    sent = 0
    chunk = b"a" * 65536
    try:
        while sent < 104857600:
            s.sendall(chunk)
            sent += len(chunk)
    except OSError:
        pass  # demoapp answered and closed: what it should do
    raw = read_all(s)
    s.close()
    if status(raw) != 413:
        fail(f"100 MB body: expected 413, got {raw[:60]!r}")
    return f"413 after {sent >> 20} MiB of 100 sent"


def pipelining():
    s = connect()
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n" * 99 +
              b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    raw = read_all(s, limit=10 << 20)
    s.close()
    answers = raw.count(b"HTTP/1.1 200")
    if answers != 100:
        fail(f"pipelining: expected 100 answers in order, got {answers}")
    return "100 pipelined requests, 100 answers"


def many_headers():
    s = connect()
    headers = b"".join(b"X-H%d: v\r\n" % i for i in range(5000))
    try:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
    except OSError:
        pass
    raw = read_all(s)
    s.close()
    if status(raw) != 431:
        fail(f"5000 headers: expected 431, got {raw[:60]!r}")
    return "431 for 5000 headers"


def nested_json():
    # 100k deep is 200 KB: over the 64 KiB body limit (413). 30k deep fits, and reaches the
    # JSON parser, which must refuse it without recursing off the stack (400: not an object).
    answers = []
    for depth in (100000, 30000):
        body = b"[" * depth + b"]" * depth
        s = connect()
        s.sendall(b"POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        answers.append(status(read_all(s)))
        s.close()
    if answers != [413, 400]:
        fail(f"nested JSON: expected 413 (100k deep) and 400 (30k deep), got {answers}")
    return "413 for JSON nested 100k deep, 400 for 30k deep"


def garbage():
    answers = []
    for request in (b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\x00\xff\r\n\r\n",
                    b"POST /api/orders HTTP/1.1\r\nContent-Length: -1\r\n\r\n"):
        s = connect()
        s.sendall(request)
        answers.append(status(read_all(s)))
        s.close()
    if any(a < 400 or a >= 500 for a in answers):
        fail(f"malformed requests: expected 4xx, got {answers}")
    return f"malformed requests answered {answers}"


health_ok("at start")
for name, run in (("2000 idle connections", idle_connections), ("slowloris", slowloris),
                  ("100 MB body", huge_body), ("pipelining", pipelining),
                  ("5000 headers", many_headers), ("nested JSON 100k deep", nested_json),
                  ("malformed requests", garbage)):
    attack(name, run)
print("PASS: demoapp answered every hostile input and kept serving", flush=True)
