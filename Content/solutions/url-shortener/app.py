"""URL shortener: a reference solution for the backend-tutor project "url-shortener".

POST /links shortens a URL, GET /r/{code} redirects to it and counts the visit,
GET /links/{code} shows a link and its clicks, DELETE /links/{code} retires it.

Run it with:  PORT=8000 DATABASE=url-shortener.sqlite python3 app.py
Python 3.11 and its standard library only.
"""

import json
import os
import re
import secrets
import signal
import sqlite3
import string
import sys
import traceback
from contextlib import closing
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PORT = int(os.environ.get("PORT", "8000"))
DATABASE = os.environ.get("DATABASE", "url-shortener.sqlite")
# short_url is built from configuration, never from the request's Host header, which any
# client can set to whatever it likes.
BASE_URL = os.environ.get("BASE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")

# 62 symbols to the power of 7 is about 3.5 trillion codes: collisions are rare, not impossible.
CODE_ALPHABET = string.ascii_letters + string.digits
CODE_LENGTH = 7
CODE_ATTEMPTS = 5
CUSTOM_CODE = re.compile(r"[A-Za-z0-9_-]{3,64}")
MAX_URL_LENGTH = 2048
# A link is a few hundred bytes; a bigger body is refused before it is read.
MAX_BODY = 16 * 1024

SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    code       TEXT PRIMARY KEY,            -- the unique index every insert relies on
    url        TEXT NOT NULL,
    clicks     INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    deleted_at TEXT                         -- set on DELETE; the code is never handed out again
);
"""

# RFC 9110 renamed these two; Python 3.11 still has the older phrases.
PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


def phrase(status):
    return PHRASES.get(status) or HTTPStatus(status).phrase


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def connect():
    """One connection per request. isolation_level=None is autocommit: every statement is
    its own transaction, which is all this service needs because each change is a single
    statement. The timeout makes a writer wait for another's lock instead of failing."""
    db = sqlite3.connect(DATABASE, timeout=10, isolation_level=None)
    db.row_factory = sqlite3.Row
    return closing(db)


def one(db, sql, params=()):
    """The first row, or None. fetchall() runs the statement to its end, so an UPDATE ...
    RETURNING is finished (and committed) before we go on."""
    rows = db.execute(sql, params).fetchall()
    return rows[0] if rows else None


class Problem(Exception):
    """An error the client can act on, answered as RFC 9457 problem details."""

    def __init__(self, status, detail, headers=None, errors=None):
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.headers = headers or {}
        self.errors = errors

    def body(self):
        # type about:blank says "nothing beyond the status code", so title is its phrase.
        problem = {"type": "about:blank", "title": phrase(self.status), "status": self.status, "detail": self.detail}
        if self.errors:
            problem["errors"] = self.errors
        return problem


def invalid(errors):
    """422 naming every field that failed, so the client can fix them all in one go."""
    detail = "; ".join(f"{field}: {message}" for field, message in errors.items())
    pointers = [{"pointer": f"#/{field}", "detail": message} for field, message in errors.items()]
    return Problem(422, detail, errors=pointers)


# --- The links ------------------------------------------------------------------------


def link_json(row):
    return {
        "code": row["code"],
        "url": row["url"],
        "short_url": f"{BASE_URL}/r/{row['code']}",
        "clicks": row["clicks"],
        "created_at": row["created_at"],
    }


def check_url(url):
    """The message for an unacceptable target, or None. Only http and https are allowed:
    a javascript: or data: URL would run in the visitor's browser under our name."""
    if url is None:
        return "is required"
    if not isinstance(url, str):
        return "must be a string"
    if len(url) > MAX_URL_LENGTH:
        return f"must be at most {MAX_URL_LENGTH} characters"
    # The URL goes into a Location header: a space, a line break or a non-ASCII character
    # would corrupt it (a line break could even add headers of the attacker's choosing).
    # URIs are ASCII; clients percent-encode everything else.
    if not url.isascii() or any(c.isspace() or not c.isprintable() for c in url):
        return "must be a URL without spaces, control or non-ASCII characters (percent-encode them)"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "must be an absolute http or https URL"
    return None


def check_code(code):
    if not isinstance(code, str) or not CUSTOM_CODE.fullmatch(code):
        return "must be 3 to 64 letters, digits, hyphens or underscores"
    return None


def random_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def insert_link(db, code, url):
    """Insert and let the unique index decide: checking first and inserting afterwards would
    let two requests both see the code free. Raises sqlite3.IntegrityError when it is taken."""
    return one(db, "INSERT INTO links (code, url, created_at) VALUES (?, ?, ?) RETURNING *", (code, url, now()))


def create_link(request):
    body = request.json_body()
    url, code = body.get("url"), body.get("code")
    errors = {"url": check_url(url)}
    if code is not None:
        errors["code"] = check_code(code)
    errors = {field: message for field, message in errors.items() if message}
    if errors:
        raise invalid(errors)
    with connect() as db:
        if code is not None:
            try:
                row = insert_link(db, code, url)
            except sqlite3.IntegrityError:
                raise Problem(409, f"The code '{code}' is already taken; choose another.") from None
        else:
            row = insert_generated(db, url)
    request.send_json(201, link_json(row), {"Location": f"/links/{row['code']}"})


def insert_generated(db, url):
    """A random code, retried with a new one on the rare collision."""
    for _ in range(CODE_ATTEMPTS):
        try:
            return insert_link(db, random_code(), url)
        except sqlite3.IntegrityError:
            continue
    raise RuntimeError(f"no free code after {CODE_ATTEMPTS} attempts")


def missing(db, code):
    """404 for a code that never existed, 410 for one that was deleted: Gone tells clients
    and crawlers the link will not come back."""
    if one(db, "SELECT 1 FROM links WHERE code = ?", (code,)):
        return Problem(410, f"The link '{code}' was deleted.")
    return Problem(404, f"There is no link '{code}'.")


def show_link(request, code):
    with connect() as db:
        row = one(db, "SELECT * FROM links WHERE code = ? AND deleted_at IS NULL", (code,))
        if row is None:
            raise missing(db, code)
    request.send_json(200, link_json(row))


def follow_link(request, code):
    with connect() as db:
        if request.command == "HEAD":
            # HEAD only asks what GET would answer; it is not a visit.
            row = one(db, "SELECT url FROM links WHERE code = ? AND deleted_at IS NULL", (code,))
        else:
            # One atomic UPDATE: a SELECT followed by an UPDATE with clicks + 1 computed in
            # Python would lose visits that arrive at the same time.
            row = one(
                db,
                "UPDATE links SET clicks = clicks + 1 WHERE code = ? AND deleted_at IS NULL RETURNING url",
                (code,),
            )
        if row is None:
            raise missing(db, code)
    # 302, not 301: browsers may cache a permanent redirect forever and never come back to
    # be counted. A 302 without Cache-Control is not stored by caches.
    request.send(302, headers={"Location": row["url"]})


def delete_link(request, code):
    with connect() as db:
        # A soft delete: the row stays, so the code is never reused and can answer 410.
        row = one(
            db,
            "UPDATE links SET deleted_at = ? WHERE code = ? AND deleted_at IS NULL RETURNING code",
            (now(), code),
        )
        if row is None:
            raise missing(db, code)
    request.send(204)


ROUTES = [
    (re.compile(r"/links"), {"POST": create_link}),
    (re.compile(r"/links/(?P<code>[^/]+)"), {"GET": show_link, "DELETE": delete_link}),
    (re.compile(r"/r/(?P<code>[^/]+)"), {"GET": follow_link}),
]


# --- HTTP plumbing ----------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so every response states its Content-Length

    def version_string(self):
        # The default adds the Python version, which only helps an attacker.
        return "url-shortener"

    def do_GET(self):
        self.dispatch()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def dispatch(self):
        try:
            self.body = self.read_body()
            path = urlsplit(self.path).path
            for pattern, methods in ROUTES:
                match = pattern.fullmatch(path)
                if match:
                    break
            else:
                raise Problem(404, "There is nothing at this URL.")
            allow = ", ".join(sorted(set(methods) | ({"HEAD"} if "GET" in methods else set()) | {"OPTIONS"}))
            if self.command == "OPTIONS":
                return self.send(204, headers={"Allow": allow})
            handler = methods.get("GET" if self.command == "HEAD" else self.command)
            if handler is None:
                raise Problem(405, f"{self.command} is not allowed here; use {allow}.", {"Allow": allow})
            handler(self, **match.groupdict())
        except Problem as problem:
            self.send_problem(problem)
        except Exception:
            # The details go to the log, never to the client.
            traceback.print_exc(file=sys.stderr)
            self.send_problem(Problem(500, "Something went wrong on our side; please try again later."))

    def read_body(self):
        """The request body, read in full before routing so that an answer sent early never
        leaves unread bytes on a kept-alive connection."""
        if "Transfer-Encoding" in self.headers:
            self.close_connection = True
            raise Problem(501, "Chunked request bodies are not supported; send Content-Length.")
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            raise Problem(400, "Content-Length must be a non-negative integer.") from None
        if length > MAX_BODY:
            # Refuse without reading: closing the connection discards the rest.
            self.close_connection = True
            raise Problem(413, f"The body is {length} bytes; the limit is {MAX_BODY}.")
        return self.rfile.read(length)

    def json_body(self):
        """The body as a JSON object: 415 for another media type, 400 when it does not parse,
        422 when it parses but is not an object."""
        media_type = self.headers.get_content_type()
        if media_type != "application/json" and not media_type.endswith("+json"):
            raise Problem(415, "Send the body as application/json.", {"Accept-Post": "application/json"})
        try:
            data = json.loads(self.body.decode("utf-8"), parse_constant=reject_constant)
        except ValueError:  # invalid UTF-8 or invalid JSON
            raise Problem(400, "The body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise Problem(422, "The body must be a JSON object.")
        return data

    def send_json(self, status, data, headers=None):
        self.send(status, json.dumps(data).encode(), "application/json", headers)

    def send_problem(self, problem):
        self.send(problem.status, json.dumps(problem.body()).encode(), "application/problem+json", problem.headers)

    def send(self, status, body=b"", content_type=None, headers=None):
        self.send_response(status, phrase(status))
        if content_type:
            self.send_header("Content-Type", content_type)
            self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 204:  # RFC 9110: a 204 carries no Content-Length
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        # http.server calls this for requests it cannot parse and methods it has no do_ for;
        # answer those with problem details too, instead of its HTML page.
        self.close_connection = True
        self.send_problem(Problem(code, message or phrase(code)))


def reject_constant(name):
    # Python's json accepts NaN and Infinity, which are not JSON (RFC 8259).
    raise ValueError(f"{name} is not JSON")


def main():
    with connect() as db:
        db.execute("PRAGMA journal_mode = WAL")  # readers do not wait for writers
        db.executescript(SCHEMA)
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    # SIGTERM raises SystemExit in serve_forever, so the finally clause closes the socket.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    print(f"url-shortener listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
