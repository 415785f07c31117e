#!/usr/bin/env python3
"""A small shop in front of PostgreSQL, for postgres_test.sh: every request is a real transaction.

    pg_app.py LISTEN_PORT PG_PORT [DATABASE]

GET  /health  SELECT 1 in the database: 200, or 503 when PostgreSQL does not answer.
POST /orders  {"qty": N}: one transaction that inserts the order and takes N from the stock.
              201 when it committed; 409 when PostgreSQL refused it (orders.qty has
              CHECK (qty > 0), so qty 0 violates it and the transaction is rolled back);
              400 for a body without an integer qty.

Each transaction is one `psql --single-transaction` (psycopg2 is not on every machine): a new
backend per request, whose statistics PostgreSQL flushes when it exits. Listens on 127.0.0.1
only and talks to PostgreSQL on 127.0.0.1 only.
"""
import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LISTEN_PORT, PG_PORT = int(sys.argv[1]), int(sys.argv[2])
DATABASE = sys.argv[3] if len(sys.argv) > 3 else "shop"


def transaction(*statements):
    """Runs the statements as one transaction; (committed, psql's error text)."""
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction",
           "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", DATABASE]
    for s in statements:
        cmd += ["-c", s]
    try:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=10)
    except subprocess.TimeoutExpired:
        return False, "psql timed out"
    return done.returncode == 0, done.stderr.strip()


class Shop(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, code, doc):
        body = (json.dumps(doc) + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path != "/health":
            return self.answer(404, {"error": "not found"})
        ok, err = transaction("SELECT 1")
        self.answer(200 if ok else 503, {"status": "ok"} if ok else {"error": err})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path != "/orders":
            return self.answer(404, {"error": "not found"})
        try:
            qty = json.loads(raw or b"{}")["qty"]
            if not isinstance(qty, int) or isinstance(qty, bool):
                raise ValueError(qty)
        except (ValueError, KeyError, TypeError):
            return self.answer(400, {"error": "body must be {\"qty\": <integer>}"})
        ok, err = transaction(
            f"INSERT INTO orders (item, qty) VALUES ('widget', {qty})",
            f"UPDATE stock SET sold = sold + {qty} WHERE item = 'widget'")
        if ok:
            return self.answer(201, {"status": "created", "qty": qty})
        self.answer(409 if "violates" in err else 500, {"error": err})

    def log_message(self, fmt, *args):  # the load is not worth a log line per request
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", LISTEN_PORT), Shop)
    server.daemon_threads = True
    print(f"shop on 127.0.0.1:{LISTEN_PORT}, PostgreSQL 127.0.0.1:{PG_PORT}/{DATABASE}", flush=True)
    server.serve_forever()
