"""Answers every request with 404 and a problem details body: a server that implements nothing,
so every criterion of any project runs and fails with a reason."""
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b'{"type": "about:blank", "title": "Not Found", "status": 404}'


class Stub(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def answer(self):
        length = int(self.headers.get("Content-Length", "0") or 0)
        if length:
            self.rfile.read(min(length, 1 << 20))
        self.send_response(404)
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = answer


class Server(ThreadingHTTPServer):
    request_queue_size = 128


Server(("127.0.0.1", int(os.environ.get("PORT", "8000"))), Stub).serve_forever()
