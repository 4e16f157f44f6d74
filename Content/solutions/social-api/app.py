"""Social network API: a reference solution for the backend-tutor project "social-api".

Users register with a unique username and log in for a bearer token. They write posts of 1
to 280 characters, follow each other and like posts. Follows and likes are relation
resources set with PUT and removed with DELETE, both idempotent: a PUT that creates the
relation answers 201, a repeat or a DELETE answers 204, and a primary key on each relation
makes concurrent repeats create it exactly once. GET /me/timeline returns the posts of the
people you follow, newest first, paginated with an opaque cursor made from the last post's
(created_at, id), so posts that arrive while someone scrolls never shift the pages.

Run it with:  PORT=8000 DATABASE=social-api.sqlite python3 app.py
Python 3.11 and its standard library only.
"""

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
import signal
import sqlite3
import sys
import traceback
from contextlib import closing
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = int(os.environ.get("PORT", "8000"))
DATABASE = os.environ.get("DATABASE", "social-api.sqlite")

MAX_BODY_BYTES = 64 * 1024  # every body here is a small JSON object
TOKEN_LIFETIME = timedelta(hours=1)
PAGE_SIZE, MAX_PAGE_SIZE = 20, 100
MAX_POST_LENGTH = 280
PASSWORD_LENGTH = (15, 128)  # NIST SP 800-63B: at least 15 when the password is the only factor
# scrypt with the OWASP minimum: N=2^17 (128 MiB), r=8, p=1. Slow on purpose.
SCRYPT = {"n": 2**17, "r": 8, "p": 1}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
USERNAME = re.compile(r"[A-Za-z0-9_]{3,30}")  # also a URL path segment, so nothing to escape
TIMESTAMP = "%Y-%m-%dT%H:%M:%S.%fZ"  # UTC with microseconds, fixed width: the text sorts as time does

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- Alice and alice are one name
    email         TEXT NOT NULL UNIQUE,                 -- stored in lower case
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
-- Only a hash of each token is stored: a copy of the database lets no one log in.
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS posts (
    id         INTEGER PRIMARY KEY,
    author_id  INTEGER NOT NULL REFERENCES users (id),
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- The timeline reads each followed author's newest posts: this index serves that query
-- without a sort of all their posts.
CREATE INDEX IF NOT EXISTS posts_by_author ON posts (author_id, created_at DESC, id DESC);
-- A relation exists at most once: the primary key decides between concurrent PUTs.
CREATE TABLE IF NOT EXISTS follows (
    follower_id INTEGER NOT NULL REFERENCES users (id),
    followee_id INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (follower_id, followee_id),
    CHECK (follower_id <> followee_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS follows_by_followee ON follows (followee_id, follower_id);  -- follower counts
CREATE TABLE IF NOT EXISTS likes (
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (post_id, user_id)  -- also serves counting a post's likes
) WITHOUT ROWID;
"""

# Every post is read with its author's name and its like count, counted from the likes
# themselves so the number cannot drift from the rows.
POST_COLUMNS = """
    SELECT posts.id, posts.text, posts.created_at, users.username AS author,
           (SELECT COUNT(*) FROM likes WHERE likes.post_id = posts.id) AS like_count
    FROM posts JOIN users ON users.id = posts.author_id
"""

# RFC 9110 renamed these; Python 3.11 still has the older phrases.
PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


def phrase(status):
    return PHRASES.get(status) or HTTPStatus(status).phrase


def now(offset=timedelta(0)):
    return (datetime.now(timezone.utc) + offset).strftime(TIMESTAMP)


# --- Database -----------------------------------------------------------------------------


def connect():
    """A connection per request, in autocommit mode (isolation_level=None): every statement
    here is a single write, atomic on its own. The timeout is how long a writer waits for
    another writer's lock before giving up."""
    db = sqlite3.connect(DATABASE, timeout=15, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")  # needed for ON DELETE CASCADE
    return closing(db)


def create_schema():
    with connect() as db:
        db.execute("PRAGMA journal_mode = WAL")  # readers go on while one request writes
        db.executescript(SCHEMA)


# --- Errors -------------------------------------------------------------------------------


class Problem(Exception):
    """An error answer, raised anywhere and turned into RFC 9457 problem details in one place."""

    def __init__(self, status, detail, headers=None, errors=None):
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.headers = headers or {}
        self.errors = errors

    def body(self):
        # type "about:blank" means the status code says it all, so the title is its phrase.
        body = {"type": "about:blank", "title": phrase(self.status), "status": self.status, "detail": self.detail}
        if self.errors:
            body["errors"] = self.errors
        return body


def invalid(errors):
    """422 with one entry per invalid field, so the client can fix them all at once."""
    if errors:
        raise Problem(422, "The request body has invalid values.",
                      errors=[{"pointer": f"#/{name}", "detail": detail} for name, detail in errors])


# --- Passwords and tokens -----------------------------------------------------------------


def hash_password(password):
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, maxmem=256 * 1024 * 1024, **SCRYPT)
    # The parameters travel with the hash, so they can be raised later.
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(stored, password):
    _, n, r, p, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                               maxmem=256 * 1024 * 1024)
    return hmac.compare_digest(candidate.hex(), digest)  # constant time: no timing hints


# Checked when the username is unknown, so that answer takes as long as a wrong password
# and does not tell an attacker which usernames exist.
DECOY_HASH = "scrypt$131072$8$1$" + "00" * 16 + "$" + "00" * 64


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def unauthorized(detail, error=None):
    # RFC 6750: a request with no token gets a bare challenge; a bad one says invalid_token.
    challenge = 'Bearer realm="social"' + (f', error="{error}"' if error else "")
    return Problem(401, detail, headers={"WWW-Authenticate": challenge})


# --- Timeline cursors ---------------------------------------------------------------------


def encode_cursor(row):
    """Where the page ended: the last post's (created_at, id). Opaque to clients, who pass
    it back and never build one, so its format can change."""
    return base64.urlsafe_b64encode(f"{row['created_at']}|{row['id']}".encode()).decode().rstrip("=")


def decode_cursor(values):
    """(created_at, id) to continue after; 400 for anything this server did not hand out."""
    text = ""
    if len(values) == 1:
        try:
            text = base64.urlsafe_b64decode(values[0] + "=" * (-len(values[0]) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            pass
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)\|([1-9][0-9]{0,17})", text)
    if not match:
        raise Problem(400, "The cursor is not one this server gave out.")
    return match[1], int(match[2])


def page_request(query):
    """?limit= and ?cursor=, both part of the request target: an unusable one gets 400."""
    limit = query.get("limit", [str(PAGE_SIZE)])
    if len(limit) != 1 or not limit[0].isdigit() or not 1 <= int(limit[0]) <= MAX_PAGE_SIZE:
        raise Problem(400, f"limit must be a whole number from 1 to {MAX_PAGE_SIZE}.")
    # Without a cursor, start after a point later than any post.
    after = decode_cursor(query["cursor"]) if "cursor" in query else ("9999-12-31T23:59:59.999999Z", 2**63 - 1)
    return int(limit[0]), after


# --- Validation ---------------------------------------------------------------------------


def registration(data):
    errors = [(name, "is not a field you can set") for name in sorted(set(data) - {"username", "email", "password"})]
    if not isinstance(data.get("username"), str) or not USERNAME.fullmatch(data["username"]):
        errors.append(("username", "must be 3 to 30 letters, digits or underscores"))
    email = data.get("email")
    if not isinstance(email, str) or len(email) > 254 or not EMAIL.fullmatch(email):
        errors.append(("email", "must be an email address"))
    password = data.get("password")
    low, high = PASSWORD_LENGTH
    if not isinstance(password, str) or not low <= len(password) <= high:
        errors.append(("password", f"must be a string of {low} to {high} characters"))
    invalid(errors)
    return data["username"], email.lower(), password


def post_text(data):
    errors = [(name, "is not a field of a post") for name in sorted(set(data) - {"text"})]
    text = data.get("text")
    # len() counts code points, so an emoji is one character, as people count them.
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_POST_LENGTH:
        errors.append(("text", f"must be 1 to {MAX_POST_LENGTH} characters, not only spaces"))
    invalid(errors)
    return text


# --- Representations and queries ---------------------------------------------------------


def profile_json(db, user):
    followers = db.execute("SELECT COUNT(*) FROM follows WHERE followee_id = ?", (user["id"],)).fetchone()[0]
    following = db.execute("SELECT COUNT(*) FROM follows WHERE follower_id = ?", (user["id"],)).fetchone()[0]
    # Public: no email, and never the password hash.
    return {"id": user["id"], "username": user["username"], "follower_count": followers,
            "following_count": following, "created_at": user["created_at"]}


def post_json(row):
    return {"id": row["id"], "author": row["author"], "text": row["text"], "like_count": row["like_count"],
            "created_at": row["created_at"]}


def find_user(db, username):
    user = db.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    if user is None:
        raise Problem(404, f"There is no user {username}.")
    return user


def find_post(db, post_id):
    row = db.execute(POST_COLUMNS + " WHERE posts.id = ?", (post_id,)).fetchone()
    if row is None:
        raise Problem(404, f"There is no post with id {post_id}.")
    return row


# --- Routes: accounts ---------------------------------------------------------------------
# Each route takes the request and the values matched in its path and returns
# (status, body, headers). Errors are raised as Problem.


def register(request):
    username, email, password = registration(request.json_body())
    password_hash = hash_password(password)  # slow: done before touching the database
    with connect() as db:
        try:
            cursor = db.execute("INSERT INTO users (username, email, password_hash, created_at) VALUES (?, ?, ?, ?)",
                                (username, email, password_hash, now()))
        except sqlite3.IntegrityError:
            # The UNIQUE constraints decide, so two registrations racing cannot both win.
            raise Problem(409, "That username or email is taken.") from None
        user = db.execute("SELECT * FROM users WHERE id = ?", (cursor.lastrowid,)).fetchone()
        body = profile_json(db, user)
    return 201, body, {"Location": f"/users/{username}"}


def issue_token(request):
    data = request.json_body()
    invalid([(name, "must be a string") for name in ("username", "password") if not isinstance(data.get(name), str)])
    with connect() as db:
        user = db.execute("SELECT * FROM users WHERE username = ?", (data["username"],)).fetchone()
        matches = check_password(user["password_hash"] if user else DECOY_HASH, data["password"])
        if not (user and matches):
            raise unauthorized("The username or password is wrong.")
        token = secrets.token_urlsafe(32)
        db.execute("INSERT INTO tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                   (token_hash(token), user["id"], now(TOKEN_LIFETIME)))
    body = {"access_token": token, "token_type": "Bearer", "expires_in": int(TOKEN_LIFETIME.total_seconds())}
    # RFC 6749, section 5.1: a response carrying a token must not be cached.
    return 200, body, {"Cache-Control": "no-store"}


def get_profile(request, username):
    with connect() as db:
        body = profile_json(db, find_user(db, username))
    return 200, body, {}


# --- Routes: posts ------------------------------------------------------------------------


def create_post(request):
    me = request.user()
    text = post_text(request.json_body())
    with connect() as db:
        cursor = db.execute("INSERT INTO posts (author_id, text, created_at) VALUES (?, ?, ?)", (me, text, now()))
        row = find_post(db, cursor.lastrowid)
    return 201, post_json(row), {"Location": f"/posts/{row['id']}"}


def get_post(request, post_id):
    with connect() as db:
        row = find_post(db, post_id)
    return 200, post_json(row), {}


def delete_post(request, post_id):
    me = request.user()
    with connect() as db:
        post = db.execute("SELECT author_id FROM posts WHERE id = ?", (post_id,)).fetchone()
        if post is None:
            raise Problem(404, f"There is no post with id {post_id}.")
        if post["author_id"] != me:
            raise Problem(403, "Only the author of a post may delete it.")
        db.execute("DELETE FROM posts WHERE id = ?", (post_id,))  # its likes go too: ON DELETE CASCADE
    return 204, None, {}


# --- Routes: relations --------------------------------------------------------------------


def follow(request, username):
    """PUT creates the relation if it is missing (201) and otherwise changes nothing (204).
    INSERT ... ON CONFLICT DO NOTHING is one atomic statement: of many identical requests at
    once, exactly one inserts the row."""
    me = request.user()
    with connect() as db:
        target = find_user(db, username)
        if target["id"] == me:
            # The target of the request cannot be used; there is no content to be invalid.
            raise Problem(400, "You cannot follow yourself.")
        created = db.execute(
            "INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (me, target["id"], now())).rowcount
    return (201 if created else 204), None, {}


def unfollow(request, username):
    me = request.user()
    with connect() as db:
        target = find_user(db, username)
        db.execute("DELETE FROM follows WHERE follower_id = ? AND followee_id = ?", (me, target["id"]))
    return 204, None, {}  # also when there was nothing to delete: the outcome is the same


def like(request, post_id):
    me = request.user()
    with connect() as db:
        find_post(db, post_id)
        created = db.execute("INSERT INTO likes (post_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                             (post_id, me, now())).rowcount
    return (201 if created else 204), None, {}


def unlike(request, post_id):
    me = request.user()
    with connect() as db:
        find_post(db, post_id)
        db.execute("DELETE FROM likes WHERE post_id = ? AND user_id = ?", (post_id, me))
    return 204, None, {}


# --- Routes: timeline ---------------------------------------------------------------------


def timeline(request):
    """Posts by the people I follow, newest first. Keyset pagination: each page continues
    strictly after the (created_at, id) of the last post of the page before, so the query
    costs the same on page 500 as on page 1, and a new post shifts nothing."""
    me = request.user()
    limit, (created_at, post_id) = page_request(request.query())
    with connect() as db:
        rows = db.execute(
            POST_COLUMNS + """
            WHERE posts.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?)
              AND (posts.created_at, posts.id) < (?, ?)
            ORDER BY posts.created_at DESC, posts.id DESC
            LIMIT ?""",
            (me, created_at, post_id, limit + 1),  # one extra row says whether a next page exists
        ).fetchall()
    items = [post_json(row) for row in rows[:limit]]
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return 200, {"items": items, "next_cursor": next_cursor}, {"Cache-Control": "private, no-cache"}


# Named groups become the route function's arguments; *_id values are numbers.
ID = r"(?P<post_id>[1-9][0-9]{0,17})"  # at most 18 digits: always fits SQLite's 64-bit integers
NAME = r"(?P<username>[A-Za-z0-9_]{1,30})"
ROUTES = [
    (r"/auth/register", {"POST": register}),
    (r"/auth/token", {"POST": issue_token}),
    (rf"/users/{NAME}", {"GET": get_profile}),
    (r"/posts", {"POST": create_post}),
    (rf"/posts/{ID}", {"GET": get_post, "DELETE": delete_post}),
    (rf"/posts/{ID}/likes/me", {"PUT": like, "DELETE": unlike}),
    (rf"/me/following/{NAME}", {"PUT": follow, "DELETE": unfollow}),
    (r"/me/timeline", {"GET": timeline}),
]
ROUTES = [(re.compile(pattern), methods) for pattern, methods in ROUTES]


def allow(methods):
    names = list(methods) + (["HEAD"] if "GET" in methods else [])
    return ", ".join(names)


def route(method, path):
    """The route function and the values in its path; 404 when no path matches, 405 with
    Allow when the path exists but not with this method."""
    for pattern, methods in ROUTES:
        match = pattern.fullmatch(path)
        if match:
            function = methods.get("GET" if method == "HEAD" else method)
            if function is None:
                raise Problem(405, f"{path} does not support {method}.", headers={"Allow": allow(methods)})
            return function, {name: int(value) if name.endswith("_id") else value
                              for name, value in match.groupdict().items()}
    raise Problem(404, "There is nothing at this path.")


# --- HTTP ---------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every response states its length
    timeout = 30  # seconds an idle connection keeps its thread

    def version_string(self):
        # A name and no version: a version only tells attackers which bugs to try.
        return "social-api"

    def do_GET(self):
        self.dispatch()

    # Methods without a do_ function get 501 from http.server, through send_error below.
    do_HEAD = do_POST = do_PATCH = do_PUT = do_DELETE = do_OPTIONS = do_GET

    def dispatch(self):
        try:
            self.body = self.read_body()
            url = urlsplit(self.path)
            self.raw_query = url.query
            function, values = route(self.command, url.path)
            status, body, headers = function(self, **values)
        except Problem as problem:
            status, body, headers = problem.status, problem.body(), problem.headers
        except Exception:
            # The details go to the operator's log, never to the client.
            traceback.print_exc()
            problem = Problem(500, "The server could not complete the request.")
            status, body, headers = problem.status, problem.body(), problem.headers
        self.send(status, body, headers)

    def body_length(self):
        """The announced body length, or a Problem when the body cannot or will not be read.
        After such an answer the connection is closed: the body may still be arriving."""
        if "Transfer-Encoding" in self.headers:
            self.close_connection = True  # http.server cannot read chunked bodies
            raise Problem(411, "Send the body with a Content-Length.")
        length = self.headers.get("Content-Length", "0")
        if not length.isdigit():
            self.close_connection = True
            raise Problem(400, "Content-Length must be a number of bytes.")
        if int(length) > MAX_BODY_BYTES:
            self.close_connection = True
            raise Problem(413, f"The body may be at most {MAX_BODY_BYTES} bytes.")
        return int(length)

    def handle_expect_100(self):
        # A client that sends "Expect: 100-continue" waits for our go-ahead; a body that is
        # too large is refused before it is sent at all.
        try:
            self.body_length()
        except Problem as problem:
            self.send(problem.status, problem.body(), problem.headers)
            return False
        return super().handle_expect_100()

    def read_body(self):
        """Read the whole body before routing, so an early error answer never leaves unread
        bytes on a kept-alive connection."""
        return self.rfile.read(self.body_length())

    def query(self):
        return parse_qs(self.raw_query, keep_blank_values=True)

    def json_body(self):
        """The body as a JSON object: 415 for another media type, 400 for text that is not
        JSON, 422 for JSON that is not an object."""
        media_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise Problem(415, "Send the body as application/json.")
        try:
            data = json.loads(self.body, parse_constant=not_json)
        except (ValueError, RecursionError):
            raise Problem(400, "The body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise Problem(422, "The body must be a JSON object.")
        return data

    def user(self):
        """The id of the user whose bearer token came with the request, or 401."""
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise unauthorized("Log in and send your access token as Authorization: Bearer <token>.")
        with connect() as db:
            row = db.execute("SELECT user_id, expires_at FROM tokens WHERE token_hash = ?",
                             (token_hash(token.strip()),)).fetchone()
        if row is None or row["expires_at"] <= now():
            raise unauthorized("The access token is unknown or has expired.", "invalid_token")
        return row["user_id"]

    def send_error(self, code, message=None, explain=None):
        # http.server calls this for requests it cannot parse and for unknown methods.
        self.close_connection = True
        self.send(code, Problem(code, message or phrase(code)).body(), {})

    def send(self, status, body, headers):
        self.send_response(status, phrase(status))
        for name, value in headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        data = b""
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            # Every error body is problem details (RFC 9457).
            self.send_header("Content-Type", "application/problem+json" if status >= 400 else "application/json")
            self.send_header("X-Content-Type-Options", "nosniff")  # no guessing another type
        if status not in (204, 304):  # these have no body, and RFC 9110 forbids the length on 204
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def not_json(name):
    # Python's json reads NaN and Infinity, which RFC 8259 does not allow.
    raise ValueError(f"{name} is not JSON")


class Server(ThreadingHTTPServer):
    # The default backlog of 5 drops connections when dozens of clients arrive at once.
    request_queue_size = 64


def main():
    create_schema()
    server = Server(("127.0.0.1", PORT), Handler)
    # SIGTERM (kill, Docker, systemd) stops the server the way Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"social-api listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
