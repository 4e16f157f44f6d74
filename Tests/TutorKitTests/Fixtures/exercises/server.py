"""The reference server for the `http` exercises: one exercise at a time.

    EXERCISE=SKILL/ID PORT=8000 python3 server.py          serves that exercise's reference
    EXERCISE=SKILL/ID PORT=8000 BROKEN=1 python3 server.py  answers 200 {} to everything

Each skill's handlers live beside this file in SKILL.py (dashes as underscores), as
EXERCISES = {"exercise-id": handler}. A handler takes a Request and returns
(status, headers, body): body is bytes, str, or a dict/list sent as JSON (with
Content-Type: application/json unless the headers name one). State kept in module globals
lasts for the life of the process, which serves one exercise.
"""
import importlib
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Request:
    def __init__(self, method, target, headers, body):
        parts = urlsplit(target)
        self.method = method
        self.path = parts.path
        self.query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    def json(self):
        """The body parsed as JSON; raises ValueError when it is not JSON."""
        return json.loads(self.body.decode("utf-8"))


def problem(status, title, detail=None, **extra):
    """An RFC 9457 problem details response."""
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return status, {"Content-Type": "application/problem+json"}, body


def load(exercise):
    skill, _, ident = exercise.partition("/")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    module = importlib.import_module(skill.replace("-", "_"))
    return module.EXERCISES[ident]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    handler = None
    broken = False

    def log_message(self, *args):
        pass

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if Handler.broken:
            status, headers, payload = 200, {}, {}
        else:
            status, headers, payload = Handler.handler(Request(self.command, self.path, self.headers, body))
        headers = dict(headers)
        if isinstance(payload, (dict, list)):
            payload = json.dumps(payload).encode()
            if not any(k.lower() == "content-type" for k in headers):
                headers["Content-Type"] = "application/json"
        elif isinstance(payload, str):
            payload = payload.encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status not in (204, 304) and not any(k.lower() == "content-length" for k in headers):
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD" and status not in (204, 304):
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = answer


def main():
    Handler.broken = os.environ.get("BROKEN") == "1"
    Handler.handler = load(os.environ["EXERCISE"])
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8000"))), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
