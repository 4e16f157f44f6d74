"""Blog API: a reference solution for the blog-api project.

Run it with:

    PORT=8000 DATABASE=blog-api.sqlite python3 app.py

Only the standard library: http.server speaks HTTP/1.1, sqlite3 stores posts and comments,
json reads and writes the bodies. The file reads from top to bottom: settings, the database,
errors, validation, the routes, then the HTTP plumbing that connects them.
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
DATABASE = os.environ.get("DATABASE", "blog-api.sqlite")

# The largest request body read: room for a long post, refused with 413 beyond that.
MAX_BODY_BYTES = 256 * 1024
DEFAULT_LIMIT, MAX_LIMIT = 20, 100


# --- The database -------------------------------------------------------------------------

# The rules live in the schema, so they hold for every program that writes to the database:
# the unique index makes a duplicate slug impossible even when two requests race, and the
# foreign key makes a comment without its post impossible. AUTOINCREMENT never hands out an
# id twice, so a link to a deleted post cannot come to point at a newer one.
SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  slug         TEXT NOT NULL,
  title        TEXT NOT NULL,
  body         TEXT NOT NULL,
  author       TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  published_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS posts_slug ON posts (slug);

CREATE TABLE IF NOT EXISTS comments (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  author     TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- Comments are always looked up by their post, and ON DELETE CASCADE finds them this way too.
CREATE INDEX IF NOT EXISTS comments_post_id ON comments (post_id, id);
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
    # SQLite ignores foreign keys unless each connection turns them on.
    db.execute("PRAGMA foreign_keys = ON")
    try:
        with db:  # commits when the block succeeds, rolls back when it raises
            yield db
    finally:
        db.close()


def violated(error, constraint):
    """Whether an IntegrityError broke this kind of constraint: UNIQUE, FOREIGNKEY..."""
    return error.sqlite_errorname == f"SQLITE_CONSTRAINT_{constraint}"


def now():
    """The current time in RFC 3339 format, in UTC, to the millisecond, so that posts made in
    the same second still sort newest first."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


POST_COLUMNS = ("id", "slug", "title", "body", "author", "status", "created_at", "updated_at", "published_at")
COMMENT_COLUMNS = ("id", "post_id", "author", "body", "created_at")


def as_json(row, columns):
    return {column: row[column] for column in columns}


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


def post_not_found(post_id):
    return Problem(404, f"There is no post with id {post_id}.")


def slug_taken(slug):
    # 409: the request is valid, but clashes with a post that already exists.
    return Problem(409, f'Another post already has the slug "{slug}".')


# --- Validation ---------------------------------------------------------------------------

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def field_error(name, detail):
    return {"pointer": f"#/{name}", "detail": detail}


def text_errors(data, rules, partial):
    """Field errors for a body of text fields. rules maps each field to its longest length;
    a PATCH is partial, so it may leave fields out, but what it sends must still be valid."""
    errors = []
    for name, longest in rules.items():
        if name not in data and partial:
            continue
        value = data.get(name)
        if not isinstance(value, str) or not value.strip() or len(value) > longest:
            detail = f"must be a string of 1 to {longest} characters, not only spaces"
            errors.append(field_error(name, detail))
    return errors


def unknown_field_errors(data, known):
    # Refusing unknown fields catches typos, and stops a client from setting id or created_at.
    unknown = sorted(set(data) - set(known))
    return [field_error(name, "is not a field you can set here") for name in unknown]


POST_TEXT = {"title": 200, "slug": 100, "body": 100_000, "author": 100}
COMMENT_TEXT = {"author": 100, "body": 10_000}


def post_errors(data, partial):
    errors = text_errors(data, POST_TEXT, partial)
    slug = data.get("slug")
    if isinstance(slug, str) and slug and not SLUG.fullmatch(slug):
        detail = "must be lower-case letters and digits, in words joined by single hyphens"
        errors.append(field_error("slug", detail))
    if partial:
        # Only a PATCH may set the status: a new post always starts as a draft.
        if "status" in data and data["status"] not in ("draft", "published"):
            errors.append(field_error("status", "must be draft or published"))
        return errors + unknown_field_errors(data, [*POST_TEXT, "status"])
    return errors + unknown_field_errors(data, POST_TEXT)


def comment_errors(data):
    return text_errors(data, COMMENT_TEXT, partial=False) + unknown_field_errors(data, COMMENT_TEXT)


def validate(errors):
    if errors:
        raise Problem(422, f"{len(errors)} field(s) failed validation.", errors=errors)


def integer_parameter(query, name, default, low, high):
    """A whole number from the query string. One that cannot be read, or is out of range, is
    400: a query parameter is part of the target, not of the request content."""
    values = query.get(name)
    if values is None:
        return default
    if len(values) != 1 or not re.fullmatch(r"[0-9]{1,9}", values[0]):
        raise Problem(400, f"{name} must be a whole number from {low} to {high}.")
    value = int(values[0])
    if not low <= value <= high:
        raise Problem(400, f"{name} must be a whole number from {low} to {high}.")
    return value


def page(query):
    limit = integer_parameter(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = integer_parameter(query, "offset", 0, 0, 999_999_999)
    return limit, offset


def status_filter(query):
    values = query.get("status")
    if values is None:
        return None
    if values not in (["draft"], ["published"]):
        raise Problem(400, "The status filter must be draft or published.")
    return values[0]


# --- Posts --------------------------------------------------------------------------------
# Each route takes the request and the ids matched in the path, and returns
# (status, body, headers). Errors are raised as Problem.


def find_post(db, post_id):
    row = db.execute("SELECT * FROM posts WHERE id = ?", (post_id,)).fetchone()
    if row is None:
        raise post_not_found(post_id)
    return row


def create_post(request):
    data = request.json_body()
    validate(post_errors(data, partial=False))
    created = now()
    try:
        with database() as db:
            cursor = db.execute(
                "INSERT INTO posts (slug, title, body, author, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (data["slug"], data["title"], data["body"], data["author"], created, created),
            )
            row = find_post(db, cursor.lastrowid)
    except sqlite3.IntegrityError as error:
        if violated(error, "UNIQUE"):
            # Not a SELECT first: two requests could both see the slug free. The index cannot
            # be fooled, so ask it and translate its answer.
            raise slug_taken(data["slug"]) from None
        raise
    return 201, as_json(row, POST_COLUMNS), {"Location": f"/posts/{row['id']}"}


def list_posts(request):
    query = request.query()
    status = status_filter(query)
    limit, offset = page(query)
    with database() as db:
        # (? IS NULL OR status = ?) lets one query serve both the filtered and the whole list.
        total = db.execute(
            "SELECT count(*) FROM posts WHERE (? IS NULL OR status = ?)", (status, status)
        ).fetchone()[0]
        # Newest first: a published post is as new as its publication, a draft as its
        # creation. id breaks ties, so pages never overlap or skip a post.
        rows = db.execute(
            "SELECT * FROM posts WHERE (? IS NULL OR status = ?)"
            " ORDER BY COALESCE(published_at, created_at) DESC, id DESC LIMIT ? OFFSET ?",
            (status, status, limit, offset),
        ).fetchall()
    items = [as_json(row, POST_COLUMNS) for row in rows]
    return 200, {"items": items, "total": total, "limit": limit, "offset": offset}, {}


def get_post(request, post_id):
    with database() as db:
        row = find_post(db, post_id)
    return 200, as_json(row, POST_COLUMNS), {}


def update_post(request, post_id):
    data = request.json_body()
    validate(post_errors(data, partial=True))
    fields = {name: data.get(name) for name in [*POST_TEXT, "status"]}
    try:
        with database() as db:
            # One UPDATE changes only the fields sent: COALESCE keeps a column whose new value
            # is NULL, and validation has made sure that NULL can only mean "not sent". On the
            # right of SET, a column name means its value before the update, so publishing
            # stamps published_at once, and a return to draft clears it.
            cursor = db.execute(
                """
                UPDATE posts SET
                  title = COALESCE(:title, title),
                  slug = COALESCE(:slug, slug),
                  body = COALESCE(:body, body),
                  author = COALESCE(:author, author),
                  status = COALESCE(:status, status),
                  published_at = CASE WHEN COALESCE(:status, status) = 'published'
                                      THEN COALESCE(published_at, :now) END,
                  updated_at = :now
                WHERE id = :id
                """,
                {**fields, "now": now(), "id": post_id},
            )
            if cursor.rowcount == 0:
                raise post_not_found(post_id)
            row = find_post(db, post_id)
    except sqlite3.IntegrityError as error:
        if violated(error, "UNIQUE"):
            raise slug_taken(data["slug"]) from None
        raise
    return 200, as_json(row, POST_COLUMNS), {}


def delete_post(request, post_id):
    with database() as db:
        # ON DELETE CASCADE removes the post's comments in this same statement, so there is
        # no moment at which they exist without their post.
        cursor = db.execute("DELETE FROM posts WHERE id = ?", (post_id,))
    if cursor.rowcount == 0:
        raise post_not_found(post_id)
    return 204, None, {}


# --- Comments -----------------------------------------------------------------------------


def create_comment(request, post_id):
    data = request.json_body()
    validate(comment_errors(data))
    try:
        with database() as db:
            cursor = db.execute(
                "INSERT INTO comments (post_id, author, body, created_at) VALUES (?, ?, ?, ?)",
                (post_id, data["author"], data["body"], now()),
            )
            row = db.execute("SELECT * FROM comments WHERE id = ?", (cursor.lastrowid,)).fetchone()
    except sqlite3.IntegrityError as error:
        if violated(error, "FOREIGNKEY"):
            # The foreign key found no such post: the collection this comment was sent to
            # does not exist.
            raise post_not_found(post_id) from None
        raise
    location = f"/posts/{post_id}/comments/{row['id']}"
    return 201, as_json(row, COMMENT_COLUMNS), {"Location": location}


def list_comments(request, post_id):
    limit, offset = page(request.query())
    with database() as db:
        find_post(db, post_id)  # no post, no comment collection: 404, not an empty list
        total = db.execute("SELECT count(*) FROM comments WHERE post_id = ?", (post_id,)).fetchone()[0]
        # Oldest first, the order in which a conversation is read.
        rows = db.execute(
            "SELECT * FROM comments WHERE post_id = ? ORDER BY id LIMIT ? OFFSET ?", (post_id, limit, offset)
        ).fetchall()
    items = [as_json(row, COMMENT_COLUMNS) for row in rows]
    return 200, {"items": items, "total": total, "limit": limit, "offset": offset}, {}


def get_comment(request, post_id, comment_id):
    with database() as db:
        # Both ids must match: /posts/1/comments/7 must not show a comment of post 2.
        row = db.execute(
            "SELECT * FROM comments WHERE id = ? AND post_id = ?", (comment_id, post_id)
        ).fetchone()
    if row is None:
        raise Problem(404, f"Post {post_id} has no comment with id {comment_id}.")
    return 200, as_json(row, COMMENT_COLUMNS), {}


# A path pattern and the handler for each method it allows. HEAD is answered wherever GET is.
# Ids have at most 18 digits, so every id fits SQLite's 64-bit integers; a longer one is
# simply a path with nothing at it.
ID = r"([0-9]{1,18})"
ROUTES = [
    (re.compile(r"/posts"), {"GET": list_posts, "POST": create_post}),
    (re.compile(rf"/posts/{ID}"), {"GET": get_post, "PATCH": update_post, "DELETE": delete_post}),
    (re.compile(rf"/posts/{ID}/comments"), {"GET": list_comments, "POST": create_comment}),
    (re.compile(rf"/posts/{ID}/comments/{ID}"), {"GET": get_comment}),
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
        return "blog-api"

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
        # keep_blank_values: ?limit= is a bad value (400), not a missing one.
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
    print(f"blog-api listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
