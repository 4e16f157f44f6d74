"""Todo API: a reference solution for the todo-api project.

Run it with:

    PORT=8000 DATABASE=todo-api.sqlite python3 app.py

Only the standard library: http.server speaks HTTP/1.1, sqlite3 stores the todos, json reads
and writes the bodies. The file reads from top to bottom: settings, the database, errors,
validation, the five routes, then the HTTP plumbing that connects them.
"""

import json
import os
import re
import signal
import sqlite3
import sys
import traceback
from contextlib import contextmanager
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = int(os.environ.get("PORT", "8000"))
DATABASE = os.environ.get("DATABASE", "todo-api.sqlite")

# The largest request body read. A todo is a few hundred bytes; anything far bigger is a
# mistake or an attack, and is refused with 413 before it is read.
MAX_BODY_BYTES = 64 * 1024
MAX_TITLE_LENGTH = 200


# --- The database -------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS todos (
  -- AUTOINCREMENT never hands out an id twice, so a link to a deleted todo cannot come to
  -- point at a newer one.
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  title      TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  created_at TEXT    NOT NULL
);
"""


def create_schema():
    with database() as db:
        db.executescript(SCHEMA)


@contextmanager
def database():
    """One connection per request: opening a SQLite connection is cheap, and a connection of
    its own keeps each request thread out of the others' transactions."""
    db = sqlite3.connect(DATABASE, timeout=5)
    db.row_factory = sqlite3.Row
    try:
        with db:  # commits when the block succeeds, rolls back when it raises
            yield db
    finally:
        db.close()


def now():
    """The current time in RFC 3339 format, in UTC: 2025-03-14T09:30:00Z."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def todo_json(row):
    # SQLite has no boolean type: done is stored as 0 or 1 and sent as false or true.
    return {"id": row["id"], "title": row["title"], "done": bool(row["done"]),
            "created_at": row["created_at"]}


# --- Errors as problem details (RFC 9457) -------------------------------------------------

# RFC 9110's reason phrases, where Python 3.11 still has older ones.
PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


def phrase(status):
    return PHRASES.get(status) or HTTPStatus(status).phrase


class Problem(Exception):
    """A request the server will not fulfil. Raised anywhere, answered in one place."""

    def __init__(self, status, detail, headers=None, errors=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.errors = errors

    def body(self):
        # type about:blank says "nothing beyond the status code", so title is its phrase.
        body = {"type": "about:blank", "title": phrase(self.status), "status": self.status,
                "detail": self.detail}
        if self.errors:
            body["errors"] = self.errors  # one entry per invalid field, as RFC 9457 suggests
        return body


def not_found(todo_id):
    return Problem(404, f"There is no todo with id {todo_id}.")


# --- Validation ---------------------------------------------------------------------------


def field_error(name, detail):
    return {"pointer": f"#/{name}", "detail": detail}


def todo_errors(data, partial):
    """Every problem with a todo body, so the client can fix them all at once. A PATCH is
    partial: it may leave out any field, but what it sends must still be valid."""
    unknown = sorted(set(data) - {"title", "done"})
    errors = [field_error(name, "is not a field of a todo") for name in unknown]
    if "title" in data or not partial:
        title = data.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE_LENGTH:
            detail = f"must be a string of 1 to {MAX_TITLE_LENGTH} characters, not only spaces"
            errors.append(field_error("title", detail))
    # Only true and false are JSON booleans: 1 and "yes" are not.
    if "done" in data and not isinstance(data["done"], bool):
        errors.append(field_error("done", "must be true or false"))
    return errors


def validate(errors):
    if errors:
        raise Problem(422, f"{len(errors)} field(s) failed validation.", errors=errors)


def parse_done_filter(query):
    """?done=true or ?done=false. Anything else is a query the server cannot understand: 400,
    not 422, because a query parameter is part of the target, not of the request content."""
    values = query.get("done")
    if values is None:
        return None
    if values not in (["true"], ["false"]):
        raise Problem(400, "The done filter must be true or false.")
    return values == ["true"]


# --- The routes ---------------------------------------------------------------------------
# Each takes the request and the values matched in the path, and returns
# (status, body, headers). Errors are raised as Problem.


def create_todo(request):
    data = request.json_body()
    validate(todo_errors(data, partial=False))
    with database() as db:
        cursor = db.execute(
            "INSERT INTO todos (title, done, created_at) VALUES (?, ?, ?)",
            (data["title"], data.get("done", False), now()),
        )
        row = db.execute("SELECT * FROM todos WHERE id = ?", (cursor.lastrowid,)).fetchone()
    return 201, todo_json(row), {"Location": f"/todos/{row['id']}"}


def list_todos(request):
    done = parse_done_filter(request.query())
    with database() as db:
        if done is None:
            rows = db.execute("SELECT * FROM todos ORDER BY id").fetchall()
        else:
            rows = db.execute("SELECT * FROM todos WHERE done = ? ORDER BY id", (done,)).fetchall()
    # An object, not a bare array, so paging fields can be added later without breaking clients.
    return 200, {"items": [todo_json(row) for row in rows]}, {}


def get_todo(request, todo_id):
    with database() as db:
        row = db.execute("SELECT * FROM todos WHERE id = ?", (todo_id,)).fetchone()
    if row is None:
        raise not_found(todo_id)
    return 200, todo_json(row), {}


def update_todo(request, todo_id):
    data = request.json_body()
    validate(todo_errors(data, partial=True))
    with database() as db:
        # One UPDATE changes only the fields sent: COALESCE keeps a column whose new value is
        # NULL, and validation has made sure that NULL can only mean "not sent". Doing it in
        # one statement, rather than reading the row and writing it back, means two PATCHes
        # of different fields at the same moment cannot undo each other.
        cursor = db.execute(
            "UPDATE todos SET title = COALESCE(?, title), done = COALESCE(?, done) WHERE id = ?",
            (data.get("title"), data.get("done"), todo_id),
        )
        if cursor.rowcount == 0:
            raise not_found(todo_id)
        row = db.execute("SELECT * FROM todos WHERE id = ?", (todo_id,)).fetchone()
    return 200, todo_json(row), {}


def delete_todo(request, todo_id):
    with database() as db:
        cursor = db.execute("DELETE FROM todos WHERE id = ?", (todo_id,))
    if cursor.rowcount == 0:
        raise not_found(todo_id)
    return 204, None, {}


# A path pattern and the handler for each method it allows. HEAD is answered wherever GET is.
# Ids have at most 18 digits, so every id fits SQLite's 64-bit integers; a longer one is
# simply a path with nothing at it.
ROUTES = [
    (re.compile(r"/todos"), {"GET": list_todos, "POST": create_todo}),
    (re.compile(r"/todos/([0-9]{1,18})"), {"GET": get_todo, "PATCH": update_todo, "DELETE": delete_todo}),
]


def find_route(method, path):
    """The handler and path values for a request, or the Problem that answers it instead."""
    for pattern, handlers in ROUTES:
        match = pattern.fullmatch(path)
        if match is None:
            continue
        handler = handlers.get("GET" if method == "HEAD" else method)
        if handler is None:
            # 405 must say what is allowed (RFC 9110, section 15.5.6).
            raise Problem(405, f"{method} is not allowed here.", headers={"Allow": allowed(handlers)})
        return handler, [int(value) for value in match.groups()]
    raise Problem(404, "There is nothing at this path.")


def allowed(handlers):
    methods = list(handlers)
    if "GET" in methods:
        methods.append("HEAD")
    return ", ".join(methods + ["OPTIONS"])


# --- HTTP ---------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, and every response says how long its body is
    timeout = 30  # seconds a connection may sit idle before its thread gives up on it

    def version_string(self):
        # The Server header names the software without a version: a version number only
        # tells an attacker which known bugs to try.
        return "todo-api"

    # Every method goes through dispatch, so a method a route does not take (PUT, here)
    # gets 405 with Allow. Methods with no do_ here (TRACE, BREW...) get 501 Not
    # Implemented from http.server itself, through send_error below.
    def do_GET(self):
        self.dispatch()

    do_HEAD = do_POST = do_PATCH = do_PUT = do_DELETE = do_OPTIONS = do_GET

    def dispatch(self):
        try:
            self.body = self.read_body()
            url = urlsplit(self.path)
            self.url_query = url.query
            if self.command == "OPTIONS":
                status, body, headers = self.options(url.path)
            else:
                handler, values = find_route(self.command, url.path)
                status, body, headers = handler(self, *values)
        except Problem as problem:
            self.send_problem(problem)
            return
        except Exception:
            # Log the details for the operator; the client learns only that it failed.
            traceback.print_exc()
            self.send_problem(Problem(500, "The server could not complete the request."))
            return
        self.send(status, body, headers)

    def options(self, path):
        for pattern, handlers in ROUTES:
            if pattern.fullmatch(path):
                return 204, None, {"Allow": allowed(handlers)}
        raise Problem(404, "There is nothing at this path.")

    def read_body(self):
        """The request body, read at once so the connection is ready for the next request
        whatever the route does with it."""
        if "Transfer-Encoding" in self.headers:
            # http.server cannot read a chunked body, and unread bytes would be taken for the
            # next request: ask for a Content-Length instead.
            self.close_connection = True
            raise Problem(411, "Send the body with a Content-Length header.")
        length = self.headers.get("Content-Length", "0")
        if not re.fullmatch(r"[0-9]+", length):
            self.close_connection = True
            raise Problem(400, "Content-Length must be a number of bytes.")
        if int(length) > MAX_BODY_BYTES:
            # Refuse without reading it, then close: the rest of the body is still on its way.
            self.close_connection = True
            raise Problem(413, f"The body may be at most {MAX_BODY_BYTES} bytes.")
        return self.rfile.read(int(length))

    def query(self):
        # keep_blank_values: ?done= is a bad value (400), not a missing one.
        return parse_qs(self.url_query, keep_blank_values=True)

    def json_body(self):
        """The body as a JSON object: 415, 400 and 422, in that order, for each way it can
        be wrong."""
        media_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise Problem(415, "Send the body as application/json.")
        try:
            data = json.loads(self.body, parse_constant=reject_constant)
        except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested absurdly deep
            raise Problem(400, "The body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise Problem(422, "The body must be a JSON object.")
        return data

    def send_problem(self, problem):
        self.send(problem.status, problem.body(), problem.headers, "application/problem+json")

    def send_error(self, code, message=None, explain=None):
        # http.server calls this itself for requests it cannot parse and for unknown methods;
        # those get a problem details body like every other error. A request line it could
        # not read leaves the version at HTTP/0.9, which would mean a bare body with no
        # status line, so the answer is sent as HTTP/1.1 whatever the request said. The
        # connection is closed after it: whatever body the request had is still unread.
        self.request_version = self.protocol_version
        self.close_connection = True
        self.send_problem(Problem(code, message or phrase(code)))

    def send(self, status, body, headers, content_type="application/json"):
        self.send_response(status, phrase(status))
        for name, value in headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        data = b""
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_header("Content-Type", content_type)
            # Browsers must not guess another type (and run the JSON as a script).
            self.send_header("X-Content-Type-Options", "nosniff")
        if status != 204:  # a 204 has no body and, by RFC 9110, no Content-Length either
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def reject_constant(name):
    # Python's json accepts NaN and Infinity, which are not JSON (RFC 8259).
    raise ValueError(f"{name} is not JSON")


def main():
    create_schema()
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    # SIGTERM (from kill, systemd or Docker) stops the server the way Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"todo-api listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
