"""A listener on every original endpoint of a test's alertmanager.yml: HTTP on one port, a raw
TCP (SMTP) port on another. Anything that reaches it is written to LOG: obsctl must have
redirected every integration, so a test asserts LOG stays empty.
   python3 trap.py HTTP_PORT SMTP_PORT LOG"""
import http.server
import socketserver
import sys
import threading

http_port, smtp_port, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()


def record(what):
    with lock, open(log, "a") as f:
        f.write(what + "\n")


class Http(http.server.BaseHTTPRequestHandler):
    def do_any(self):
        record(f"http {self.command} {self.path}")
        self.send_response(200)
        self.end_headers()

    do_GET = do_POST = do_PUT = do_CONNECT = do_any

    def log_message(self, *args):
        pass


class Smtp(socketserver.BaseRequestHandler):
    def handle(self):
        record("smtp connection")
        self.request.sendall(b"421 trap\r\n")


socketserver.TCPServer.allow_reuse_address = True
smtp = socketserver.ThreadingTCPServer(("127.0.0.1", smtp_port), Smtp)
threading.Thread(target=smtp.serve_forever, daemon=True).start()
http.server.ThreadingHTTPServer(("127.0.0.1", http_port), Http).serve_forever()
