"""User management API: a reference solution for the backend-tutor project "user-management".

POST /users creates a user, GET /users searches and pages, GET /users/{id} reads one,
PATCH /users/{id} edits one under an If-Match precondition, DELETE /users/{id} deactivates it.

Run it with:  PORT=8000 DATABASE=user-management.sqlite python3 app.py
Python 3.11 and its standard library only.
"""

import json
import os
import re
import signal
import sqlite3
import sys
import traceback
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = int(os.environ.get("PORT", "8000"))
DATABASE = os.environ.get("DATABASE", "user-management.sqlite")

ROLES = ("member", "admin")
MAX_NAME = 100
MAX_EMAIL = 254  # the longest address that fits in SMTP's forward path
# Deliberately loose: something@something.something. The only real test of an address is
# a message that arrives; this catches typing mistakes.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
MAX_BODY = 16 * 1024

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
    version    INTEGER NOT NULL DEFAULT 1,  -- bumped by every change; the ETag is derived from it
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT                         -- a soft delete keeps the row for auditing
);
-- Emails are unique without regard to case, among the users that are not deleted, so a
-- deactivated address can be registered again. The database enforces it, so two requests
-- racing each other cannot both get in.
CREATE UNIQUE INDEX IF NOT EXISTS users_email_unique ON users (lower(email)) WHERE deleted_at IS NULL;
-- Every read goes through this view, so no query can forget the deleted_at filter.
CREATE VIEW IF NOT EXISTS live_users AS SELECT * FROM users WHERE deleted_at IS NULL;
"""

# RFC 9110 renamed these two; Python 3.11 still has the older phrases.
PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


def phrase(status):
    return PHRASES.get(status) or HTTPStatus(status).phrase


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def connect():
    """One connection per request, in autocommit mode (isolation_level=None): each statement
    is its own transaction unless we open one with BEGIN. The timeout makes a writer wait
    for another's lock instead of failing at once."""
    db = sqlite3.connect(DATABASE, timeout=10, isolation_level=None)
    db.row_factory = sqlite3.Row
    return closing(db)


@contextmanager
def immediate_transaction(db):
    """BEGIN IMMEDIATE takes the write lock at once, so no other request can change a row
    between our reading it and our writing it: the check and the write are one step."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def one(db, sql, params=()):
    """The first row, or None. fetchall() runs the statement to its end, so an INSERT or
    UPDATE ... RETURNING is finished before we go on."""
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


# --- Validation ---------------------------------------------------------------------------


def check_email(email):
    if not isinstance(email, str):
        return "must be a string"
    if len(email) > MAX_EMAIL or not EMAIL.fullmatch(email):
        return "must be an email address such as ada@example.com"
    return None


def check_name(name):
    if not isinstance(name, str):
        return "must be a string"
    if not 1 <= len(name.strip()) <= MAX_NAME:
        return f"must be 1 to {MAX_NAME} characters"
    if not name.isprintable():
        return "must not contain control characters"
    return None


def check_role(role):
    if role not in ROLES:
        return f"must be one of {', '.join(ROLES)}"
    return None


CHECKS = {"email": check_email, "name": check_name, "role": check_role}


def validated(body, required):
    """The known fields of the body, checked. Every problem is collected before answering;
    unknown fields (id, created_at, ...) are ignored, so clients cannot set them."""
    errors, fields = {}, {}
    for field, check in CHECKS.items():
        if field not in body:
            if field in required:
                errors[field] = "is required"
            continue
        errors[field] = check(body[field])
        fields[field] = body[field].strip() if isinstance(body[field], str) else body[field]
    errors = {field: message for field, message in errors.items() if message}
    if errors:
        raise invalid(errors)
    return fields


# --- The users ----------------------------------------------------------------------------


def user_json(row):
    return {key: row[key] for key in ("id", "email", "name", "role", "created_at", "updated_at")}


def etag(row):
    return f'"{row["version"]}"'


def send_user(request, status, row, headers=None):
    # Personal data: no cache may keep a copy (Cache-Control: no-store).
    request.send_json(status, user_json(row), {"ETag": etag(row), "Cache-Control": "no-store", **(headers or {})})


def email_taken(email):
    return Problem(409, f"email: a user with the address {email} already exists.")


def create_user(request):
    fields = validated(request.json_body(), required=("email", "name"))
    with connect() as db:
        try:
            row = one(
                db,
                "INSERT INTO users (email, name, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING *",
                (fields["email"], fields["name"], fields.get("role", "member"), now(), now()),
            )
        except sqlite3.IntegrityError:  # the unique index on lower(email)
            raise email_taken(fields["email"]) from None
    send_user(request, 201, row, {"Location": f"/users/{row['id']}"})


def show_user(request, user_id):
    with connect() as db:
        row = one(db, "SELECT * FROM live_users WHERE id = ?", (user_id,))
    if row is None:
        raise Problem(404, f"There is no user {user_id}.")
    send_user(request, 200, row)


def if_match_allows(header, current):
    """RFC 9110, section 13.1.1: no If-Match allows the change, * allows it for any existing
    user, otherwise one of the listed entity tags must equal the current one. The comparison
    is strong, so a weak tag (W/"3") never matches."""
    if header is None or header.strip() == "*":
        return True
    tags = [tag.strip() for tag in header.split(",")]
    return current in tags


def update_user(request, user_id):
    fields = validated(request.json_body(), required=())
    if not fields:
        raise Problem(422, "Send at least one of email, name or role.")
    assignments = ", ".join(f"{field} = ?" for field in fields)  # names from CHECKS, values bound
    with connect() as db:
        try:
            with immediate_transaction(db):
                row = one(db, "SELECT * FROM live_users WHERE id = ?", (user_id,))
                if row is None:
                    raise Problem(404, f"There is no user {user_id}.")
                if not if_match_allows(request.headers.get("If-Match"), etag(row)):
                    raise Problem(412, f"The user changed since you read it; its ETag is now {etag(row)}. "
                                       "Read it again and reapply your change.")
                row = one(
                    db,
                    f"UPDATE users SET {assignments}, version = version + 1, updated_at = ? WHERE id = ? RETURNING *",
                    (*fields.values(), now(), user_id),
                )
        except sqlite3.IntegrityError:  # the new email belongs to someone else
            raise email_taken(fields["email"]) from None
    send_user(request, 200, row)


def delete_user(request, user_id):
    with connect() as db:
        row = one(
            db,
            "UPDATE users SET deleted_at = ?, version = version + 1 WHERE id = ? AND deleted_at IS NULL RETURNING id",
            (now(), user_id),
        )
    if row is None:
        raise Problem(404, f"There is no user {user_id}.")
    request.send(204)


def query_int(query, name, default, low, high):
    text = query.get(name, [str(default)])[-1]
    if not re.fullmatch(r"[0-9]{1,10}", text) or not low <= int(text) <= high:
        raise Problem(400, f"{name} must be a whole number from {low} to {high}.")
    return int(text)


def list_users(request):
    """Filters are exact matches on allowlisted columns; a bad query parameter is a malformed
    request target, so it gets 400, not 422."""
    query = parse_qs(urlsplit(request.path).query, keep_blank_values=True)
    conditions, params = [], []
    if "email" in query:
        conditions.append("lower(email) = lower(?)")  # the same expression the unique index uses
        params.append(query["email"][-1])
    if "role" in query:
        role = query["role"][-1]
        if role not in ROLES:
            raise Problem(400, f"role must be one of {', '.join(ROLES)}.")
        conditions.append("role = ?")
        params.append(role)
    limit = query_int(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = query_int(query, "offset", 0, 0, 10**9)
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    with connect() as db:
        total = one(db, f"SELECT count(*) AS n FROM live_users{where}", params)["n"]
        rows = db.execute(
            f"SELECT * FROM live_users{where} ORDER BY id LIMIT ? OFFSET ?", (*params, limit, offset)
        ).fetchall()
    page = {"items": [user_json(row) for row in rows], "total": total, "limit": limit, "offset": offset}
    request.send_json(200, page, {"Cache-Control": "no-store"})


ROUTES = [
    (re.compile(r"/users"), {"GET": list_users, "POST": create_user}),
    # At most 18 digits: anything longer cannot be an id and would overflow SQLite's integer.
    (re.compile(r"/users/(?P<user_id>[0-9]{1,18})"), {"GET": show_user, "PATCH": update_user, "DELETE": delete_user}),
]


# --- HTTP plumbing ----------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so every response states its Content-Length

    def version_string(self):
        # The default adds the Python version, which only helps an attacker.
        return "user-management"

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
        422 when it parses but is not an object. PATCH also takes JSON Merge Patch (RFC 7396),
        which for flat fields like these means the same thing."""
        media_type = self.headers.get_content_type()
        if media_type != "application/json" and not media_type.endswith("+json"):
            accept = "Accept-Patch" if self.command == "PATCH" else "Accept-Post"
            media_types = "application/json, application/merge-patch+json"
            raise Problem(415, "Send the body as application/json.", {accept: media_types})
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
    print(f"user-management listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
