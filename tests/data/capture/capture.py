#!/usr/bin/env python3
"""Captures what Alertmanager 0.25's real integrations send, for capture/'s unit tests.

Starts prometheus-alertmanager on free loopback ports with one receiver ("team-x (prod)") that
has every integration obsctl reads, each pointed at a recorder here (HTTP, and SMTP for email)
that answers as capture::answer_http does; pushes one alert, waits for every notification,
resolves it, waits again, and writes each request's body into this directory:
  <integration>_<firing|resolved>_<n>.body   and requests.tsv (file, method, path, content type)
Alertmanager's log is checked: a notifier that failed means the recorder's answer is wrong.
Usage: tests/data/capture/capture.py   (needs prometheus-alertmanager; about 20 s)
"""
import datetime, http.server, json, os, pathlib, re, socket, socketserver, subprocess, sys
import tempfile, threading, time, urllib.request

HERE = pathlib.Path(__file__).resolve().parent
RECEIVER = "team-x (prod)"
ENCODED = "team-x%20%28prod%29"
lock = threading.Lock()
got = []  # (integration, method, path, content_type, body)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ANSWERS = {
    "telegram": (200, "application/json",
                 '{"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":0,"type":"private"},"text":""}}'),
    "sns": (200, "text/xml",
            '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>'
            '<MessageId>00000000-0000-0000-0000-000000000000</MessageId></PublishResult>'
            '<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId>'
            '</ResponseMetadata></PublishResponse>'),
    "pagerduty": (202, "application/json", '{"status":"success","message":"Event processed","dedup_key":""}'),
    "opsgenie": (202, "application/json", '{"result":"Request will be processed","took":0,"requestId":""}'),
    "victorops": (200, "application/json", '{"result":"success","entity_id":""}'),
    "slack": (200, "text/plain", "ok"),
    "discord": (204, "", ""),
}


class Http(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = self.path.split("?")[0].split("/")
        integration = parts[3] if len(parts) > 3 else "?"
        with lock:
            got.append((integration, self.command, self.path, self.headers.get("Content-Type", ""), body))
        status, ctype, text = ANSWERS.get(integration, (200, "", ""))
        if integration == "wechat":
            text = ('{"errcode":0,"errmsg":"ok","access_token":"obsctl-capture","expires_in":7200}'
                    if "gettoken" in self.path else '{"errcode":0,"errmsg":"ok","code":0}')
            ctype = "application/json"
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        data = text.encode()
        if status != 204:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if status != 204:
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = answer


class Smtp(socketserver.StreamRequestHandler):
    def handle(self):
        w = lambda s: self.wfile.write(s.encode())
        w("220 recorder ESMTP\r\n")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb == b"EHLO":
                w("250-recorder\r\n250-8BITMIME\r\n250-SIZE 10485760\r\n250 PIPELINING\r\n")
            elif verb == b"DATA":
                w("354 go on\r\n")
                data = b""
                while True:
                    l = self.rfile.readline()
                    if l in (b".\r\n", b".\n", b""):
                        break
                    data += l[1:] if l.startswith(b".") else l
                with lock:
                    got.append(("email", "DATA", "", "message/rfc822", data))
                w("250 OK\r\n")
            elif verb == b"QUIT":
                w("221 bye\r\n")
                return
            else:
                w("250 OK\r\n")


def main():
    http_port, smtp_port, am_port = free_port(), free_port(), free_port()
    http_srv = http.server.ThreadingHTTPServer(("127.0.0.1", http_port), Http)
    smtp_srv = socketserver.ThreadingTCPServer(("127.0.0.1", smtp_port), Smtp)
    for srv in (http_srv, smtp_srv):
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{http_port}/capture/{ENCODED}"
    config = (HERE / "alertmanager.yml.in").read_text()
    config = config.replace("@BASE@", base).replace("@SMTP@", f"127.0.0.1:{smtp_port}")
    with tempfile.TemporaryDirectory() as tmp:
        (pathlib.Path(tmp) / "am.yml").write_text(config)
        log = open(pathlib.Path(tmp) / "am.log", "w+")
        am = subprocess.Popen(["prometheus-alertmanager", f"--config.file={tmp}/am.yml",
                               f"--storage.path={tmp}", f"--web.listen-address=127.0.0.1:{am_port}",
                               "--cluster.listen-address=", "--log.level=debug"],
                              stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{am_port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(url + "/-/ready")
                    break
                except OSError:
                    time.sleep(0.1)
            now = datetime.datetime.now(datetime.timezone.utc)
            alert = {"labels": {"alertname": "DiskFull", "severity": "critical", "instance": "db1"},
                     "annotations": {"summary": "Disk full on db1", "description": "99% used"},
                     "startsAt": now.isoformat(), "generatorURL": "http://prometheus.example/graph"}
            post = lambda a: urllib.request.urlopen(urllib.request.Request(
                url + "/api/v2/alerts", json.dumps([a]).encode(), {"Content-Type": "application/json"}))
            post(alert)
            expected = {"slack", "pagerduty", "webhook", "opsgenie", "victorops", "wechat",
                        "telegram", "discord", "webex", "sns", "email"}
            wait_for(lambda: expected <= {g[0] for g in got}, "firing")
            time.sleep(1)
            firing = len(got)
            alert["endsAt"] = datetime.datetime.now(datetime.timezone.utc).isoformat()
            post(alert)
            wait_for(lambda: expected <= {g[0] for g in got[firing:]}, "resolved")
            time.sleep(1)
        finally:
            am.terminate()
            am.wait()
        log.seek(0)
        failures = [l for l in log if "Notify for alerts failed" in l or "Notify attempt failed" in l]
        if failures:
            sys.exit("alertmanager could not notify:\n" + "".join(failures))
    for old in HERE.glob("*.body"):
        old.unlink()
    counts, rows = {}, []
    for i, (integration, method, path, ctype, body) in enumerate(got):
        phase = "firing" if i < firing else "resolved"
        n = counts.get((integration, phase), 0)
        counts[(integration, phase)] = n + 1
        name = f"{integration}_{phase}_{n}.body"
        (HERE / name).write_bytes(body)
        rows.append(f"{name}\t{method}\t{path}\t{ctype}\n")
    (HERE / "requests.tsv").write_text("# file\tmethod\tpath\tcontent type\n" + "".join(rows))
    print(f"captured {len(got)} requests into {HERE}")


def wait_for(condition, what):
    for _ in range(300):
        with lock:
            if condition():
                return
        time.sleep(0.1)
    sys.exit(f"timed out waiting for the {what} notifications: got {sorted({g[0] for g in got})}")


if __name__ == "__main__":
    main()
