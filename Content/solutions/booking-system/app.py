"""Room booking API: a reference solution for the backend-tutor project "booking-system".

Users register and log in for a bearer token, create rooms with an IANA time zone, and book
them for half-open time ranges [start, end). A room is never booked twice for overlapping
times, even when many requests arrive at once: every booking and reschedule checks for an
overlap and writes inside one SQLite transaction opened with BEGIN IMMEDIATE, so those
check-then-write steps run one at a time. Bookings carry an ETag, and a PATCH needs a
matching If-Match. Only the person who made a booking may change or cancel it.

Run it with:  PORT=8000 DATABASE=booking-system.sqlite python3 app.py
Python 3.11 and its standard library only.
"""

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
from contextlib import closing, contextmanager
from datetime import date, datetime, time, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PORT = int(os.environ.get("PORT", "8000"))
DATABASE = os.environ.get("DATABASE", "booking-system.sqlite")

MAX_BODY_BYTES = 64 * 1024  # every body here is a small JSON object
TOKEN_LIFETIME = timedelta(hours=1)
PASSWORD_LENGTH = (15, 128)  # NIST SP 800-63B: at least 15 when the password is the only factor
# scrypt with the OWASP minimum: N=2^17 (128 MiB), r=8, p=1. Slow on purpose.
SCRYPT = {"n": 2**17, "r": 8, "p": 1}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# RFC 3339 date-time, with the offset required: "2030-05-02T09:00:00Z", "...+02:00".
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", re.IGNORECASE)
STORED = "%Y-%m-%dT%H:%M:%SZ"  # UTC, fixed width: comparing the text compares the instants

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,   -- stored in lower case
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
-- Only a hash of each token is stored: a copy of the database lets no one log in.
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rooms (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity > 0),
    time_zone  TEXT NOT NULL,             -- an IANA name such as Europe/Berlin
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bookings (
    id         INTEGER PRIMARY KEY,
    room_id    INTEGER NOT NULL REFERENCES rooms (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    title      TEXT NOT NULL,
    start_at   TEXT NOT NULL,             -- UTC, in the STORED format
    end_at     TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,  -- bumped by every change; the ETag is made from it
    created_at TEXT NOT NULL,
    CHECK (start_at < end_at)
);
-- The overlap check and availability both look up one room's bookings by time.
CREATE INDEX IF NOT EXISTS bookings_by_room ON bookings (room_id, start_at);
"""

# RFC 9110 renamed these; Python 3.11 still has the older phrases.
PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


def phrase(status):
    return PHRASES.get(status) or HTTPStatus(status).phrase


def utc_now():
    return datetime.now(timezone.utc).replace(microsecond=0)


# --- Database -----------------------------------------------------------------------------


def connect():
    """A connection per request. isolation_level=None leaves transactions to us: each
    statement commits on its own unless we open a transaction with BEGIN. The timeout is how
    long a writer waits for another writer's lock before giving up."""
    db = sqlite3.connect(DATABASE, timeout=15, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    return closing(db)


@contextmanager
def transaction(db):
    """BEGIN IMMEDIATE takes SQLite's write lock before the first read, so no other request
    can write between our check ("is the slot free?") and our insert. Other writers wait for
    the lock (up to the connection's timeout), then see what we committed.

    In PostgreSQL the same idea is finer grained: SELECT ... FOR UPDATE on the room's row
    makes requests for one room wait for each other while other rooms go ahead. SQLite has
    one writer at a time for the whole database, which is the same guarantee, coarser."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def create_schema():
    with connect() as db:
        # WAL lets readers go on while one request writes.
        db.execute("PRAGMA journal_mode = WAL")
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


# Checked when the email is unknown, so that answer takes as long as a wrong password and
# does not tell an attacker which emails have accounts.
DECOY_HASH = "scrypt$131072$8$1$" + "00" * 16 + "$" + "00" * 64


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def unauthorized(detail, error=None):
    # RFC 6750: a request with no token gets a bare challenge; a bad one says invalid_token.
    challenge = 'Bearer realm="booking"' + (f', error="{error}"' if error else "")
    return Problem(401, detail, headers={"WWW-Authenticate": challenge})


# --- Times --------------------------------------------------------------------------------


def parse_instant(text):
    """An RFC 3339 timestamp with an explicit offset, as an aware UTC datetime, or None."""
    if not isinstance(text, str) or not RFC3339.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:  # such as 2030-02-30 or 25:00
        return None
    return moment.astimezone(timezone.utc)


def stored(moment):
    return moment.strftime(STORED)


def from_stored(text):
    return datetime.strptime(text, STORED).replace(tzinfo=timezone.utc)


def time_zone(name):
    """The ZoneInfo for an IANA name, or None when there is no such zone."""
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*", name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


# --- Validation ---------------------------------------------------------------------------


def text_field(data, name, errors, longest):
    value = data.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > longest:
        errors.append((name, f"must be a string of 1 to {longest} characters"))
    return value


def credentials(data):
    errors = []
    email = data.get("email")
    if not isinstance(email, str) or len(email) > 254 or not EMAIL.fullmatch(email):
        errors.append(("email", "must be an email address"))
    password = data.get("password")
    low, high = PASSWORD_LENGTH
    if not isinstance(password, str) or not low <= len(password) <= high:
        errors.append(("password", f"must be a string of {low} to {high} characters"))
    invalid(errors)
    return email.lower(), password


def room_fields(data):
    errors = []
    name = text_field(data, "name", errors, 100)
    capacity = data.get("capacity")
    # bool is a subclass of int in Python, and true is not a capacity.
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= 1000:
        errors.append(("capacity", "must be a whole number from 1 to 1000"))
    if time_zone(data.get("time_zone")) is None:
        errors.append(("time_zone", "must be an IANA time zone name, such as Europe/Berlin"))
    invalid(errors)
    return name, capacity, data["time_zone"]


def booking_fields(data, current=None):
    """The title, start and end of a new booking, or of an existing one (current) with the
    fields a PATCH sent replacing its own."""
    unknown = sorted(set(data) - {"title", "start", "end"})
    errors = [(name, "is not a field of a booking") for name in unknown]
    merged = dict(current or {})
    merged.update(data)
    title = text_field(merged, "title", errors, 200)
    start, end = parse_instant(merged.get("start")), parse_instant(merged.get("end"))
    for name, value in (("start", start), ("end", end)):
        if value is None:
            errors.append((name, "must be an RFC 3339 timestamp with an offset, such as 2030-05-02T09:00:00Z"))
        elif value.microsecond:
            errors.append((name, "must be a whole second"))
    if start and end and not start < end:
        errors.append(("end", "must be after start"))
    invalid(errors)
    return title, start, end


# --- Representations ----------------------------------------------------------------------


def room_json(row):
    return {"id": row["id"], "name": row["name"], "capacity": row["capacity"], "time_zone": row["time_zone"]}


def booking_json(row):
    return {"id": row["id"], "room_id": row["room_id"], "user_id": row["user_id"], "title": row["title"],
            "start": row["start_at"], "end": row["end_at"]}


def etag(row):
    # The version changes with every write, so it is an exact, cheap validator.
    return f'"{row["version"]}"'


# --- Queries ------------------------------------------------------------------------------


def find_room(db, room_id):
    row = db.execute("SELECT * FROM rooms WHERE id = ?", (room_id,)).fetchone()
    if row is None:
        raise Problem(404, f"There is no room with id {room_id}.")
    return row


def find_booking(db, booking_id):
    row = db.execute("SELECT * FROM bookings WHERE id = ?", (booking_id,)).fetchone()
    if row is None:
        raise Problem(404, f"There is no booking with id {booking_id}.")
    return row


def own_booking(db, booking_id, user_id):
    row = find_booking(db, booking_id)
    if row["user_id"] != user_id:
        raise Problem(403, "Only the person who made a booking may change or cancel it.")
    return row


def refuse_overlap(db, room_id, start, end, moving=None):
    """409 when another booking of the room overlaps [start, end). Intervals are half-open,
    so a booking that ends at 10:00 and one that starts at 10:00 do not clash. Call it inside
    the transaction that writes, or two requests could both find the slot free."""
    clash = db.execute(
        "SELECT id FROM bookings WHERE room_id = ? AND start_at < ? AND ? < end_at AND id IS NOT ?",
        (room_id, stored(end), stored(start), moving),
    ).fetchone()
    if clash:
        raise Problem(409, f"The room is already booked for part of that time (booking {clash['id']}).")


# --- Routes: accounts ---------------------------------------------------------------------
# Each route takes the request and the ids matched in its path and returns
# (status, body, headers). Errors are raised as Problem.


def register(request):
    email, password = credentials(request.json_body())
    password_hash = hash_password(password)  # slow: done before the write lock is taken
    with connect() as db:
        try:
            cursor = db.execute("INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?)",
                                (email, password_hash, stored(utc_now())))
        except sqlite3.IntegrityError:
            # The UNIQUE constraint decides, so two registrations racing cannot both win.
            raise Problem(409, "An account with this email already exists.") from None
    user_id = cursor.lastrowid
    return 201, {"id": user_id, "email": email}, {"Location": f"/users/{user_id}"}


def issue_token(request):
    data = request.json_body()
    email, password = data.get("email"), data.get("password")
    invalid([(name, "must be a string") for name in ("email", "password") if not isinstance(data.get(name), str)])
    with connect() as db:
        user = db.execute("SELECT * FROM users WHERE email = ?", (email.lower(),)).fetchone()
        matches = check_password(user["password_hash"] if user else DECOY_HASH, password)
        if not (user and matches):
            raise unauthorized("The email or password is wrong.")
        token = secrets.token_urlsafe(32)
        expires = utc_now() + TOKEN_LIFETIME
        db.execute("INSERT INTO tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                   (token_hash(token), user["id"], stored(expires)))
    body = {"access_token": token, "token_type": "Bearer", "expires_in": int(TOKEN_LIFETIME.total_seconds())}
    # RFC 6749, section 5.1: a response carrying a token must not be cached.
    return 200, body, {"Cache-Control": "no-store"}


def get_user(request, user_id):
    me = request.user()
    if me != user_id:
        raise Problem(403, "You may read only your own account.")
    with connect() as db:
        row = db.execute("SELECT id, email FROM users WHERE id = ?", (user_id,)).fetchone()
    return 200, {"id": row["id"], "email": row["email"]}, {}


# --- Routes: rooms ------------------------------------------------------------------------


def create_room(request):
    me = request.user()
    name, capacity, zone = room_fields(request.json_body())
    with connect() as db:
        cursor = db.execute(
            "INSERT INTO rooms (name, capacity, time_zone, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
            (name, capacity, zone, me, stored(utc_now())))
        row = find_room(db, cursor.lastrowid)
    return 201, room_json(row), {"Location": f"/rooms/{row['id']}"}


def get_room(request, room_id):
    request.user()
    with connect() as db:
        row = find_room(db, room_id)
    return 200, room_json(row), {}


def availability(request, room_id):
    """The free intervals of one day in the room's own time zone. A local day is not always
    24 hours: on the day clocks go forward it has 23, on the day they go back 25."""
    request.user()
    day = parse_day(request.query().get("date"))
    with connect() as db:
        room = find_room(db, room_id)
        zone = ZoneInfo(room["time_zone"])
        # Local midnight to the next local midnight, as UTC instants.
        day_start = datetime.combine(day, time(0), zone).astimezone(timezone.utc)
        day_end = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(timezone.utc)
        busy = db.execute(
            "SELECT start_at, end_at FROM bookings WHERE room_id = ? AND start_at < ? AND ? < end_at ORDER BY start_at",
            (room_id, stored(day_end), stored(day_start)),
        ).fetchall()
    free, cursor = [], day_start
    for row in busy:
        start, end = from_stored(row["start_at"]), from_stored(row["end_at"])
        if cursor < start:
            free.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < day_end:
        free.append((cursor, day_end))
    intervals = [{"start": a.astimezone(zone).isoformat(), "end": b.astimezone(zone).isoformat()} for a, b in free]
    return 200, {"room_id": room_id, "date": day.isoformat(), "time_zone": room["time_zone"], "free": intervals}, {}


def parse_day(values):
    """?date=YYYY-MM-DD. A missing or unreadable query parameter is a malformed request: 400."""
    if not values or len(values) != 1 or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", values[0]):
        raise Problem(400, "Give the day as ?date=YYYY-MM-DD.")
    try:
        return date.fromisoformat(values[0])
    except ValueError:
        raise Problem(400, f"{values[0]} is not a date.") from None


# --- Routes: bookings ---------------------------------------------------------------------


def create_booking(request, room_id):
    me = request.user()
    title, start, end = booking_fields(request.json_body())
    with connect() as db, transaction(db):
        find_room(db, room_id)
        refuse_overlap(db, room_id, start, end)
        cursor = db.execute(
            "INSERT INTO bookings (room_id, user_id, title, start_at, end_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (room_id, me, title, stored(start), stored(end), stored(utc_now())))
        row = find_booking(db, cursor.lastrowid)
    return 201, booking_json(row), {"Location": f"/bookings/{row['id']}", "ETag": etag(row)}


def get_booking(request, booking_id):
    request.user()
    with connect() as db:
        row = find_booking(db, booking_id)
    return 200, booking_json(row), {"ETag": etag(row)}


def reschedule(request, booking_id):
    """PATCH with If-Match: optimistic concurrency. The client proves it saw the current
    version; if someone changed the booking since, it gets 412 and must read it again."""
    me = request.user()
    condition = request.headers.get("If-Match")
    if condition is None:
        raise Problem(428, "Send If-Match with the booking's ETag, so no one else's change is overwritten.")
    data = request.json_body()
    with connect() as db, transaction(db):
        row = own_booking(db, booking_id, me)
        if not if_match(condition, etag(row)):
            raise Problem(412, "The booking has changed since you read it. Read it again and retry.")
        title, start, end = booking_fields(data, {"title": row["title"], "start": row["start_at"], "end": row["end_at"]})
        refuse_overlap(db, row["room_id"], start, end, moving=booking_id)
        db.execute("UPDATE bookings SET title = ?, start_at = ?, end_at = ?, version = version + 1 WHERE id = ?",
                   (title, stored(start), stored(end), booking_id))
        row = find_booking(db, booking_id)
    return 200, booking_json(row), {"ETag": etag(row)}


def if_match(header, current):
    """RFC 9110, section 13.1.1: * matches any current version; otherwise one of the listed
    entity tags must equal it by strong comparison, so a weak W/"..." tag never matches."""
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or current in tags


def cancel(request, booking_id):
    me = request.user()
    with connect() as db, transaction(db):
        own_booking(db, booking_id, me)
        # Deleted, not flagged: the slot is free for the very next request.
        db.execute("DELETE FROM bookings WHERE id = ?", (booking_id,))
    return 204, None, {}


ID = r"([1-9][0-9]{0,17})"  # at most 18 digits: always fits SQLite's 64-bit integers
ROUTES = [
    (r"/auth/register", {"POST": register}),
    (r"/auth/token", {"POST": issue_token}),
    (rf"/users/{ID}", {"GET": get_user}),
    (r"/rooms", {"POST": create_room}),
    (rf"/rooms/{ID}", {"GET": get_room}),
    (rf"/rooms/{ID}/availability", {"GET": availability}),
    (rf"/rooms/{ID}/bookings", {"POST": create_booking}),
    (rf"/bookings/{ID}", {"GET": get_booking, "PATCH": reschedule, "DELETE": cancel}),
]
ROUTES = [(re.compile(pattern), methods) for pattern, methods in ROUTES]


def allow(methods):
    names = list(methods) + (["HEAD"] if "GET" in methods else [])
    return ", ".join(names)


def route(method, path):
    """The route function and its path ids; 404 when no path matches, 405 with Allow when
    the path exists but not with this method."""
    for pattern, methods in ROUTES:
        match = pattern.fullmatch(path)
        if match:
            function = methods.get("GET" if method == "HEAD" else method)
            if function is None:
                raise Problem(405, f"{path} does not support {method}.", headers={"Allow": allow(methods)})
            return function, [int(value) for value in match.groups()]
    raise Problem(404, "There is nothing at this path.")


# --- HTTP ---------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every response states its length
    timeout = 30  # seconds an idle connection keeps its thread

    def version_string(self):
        # A name and no version: a version only tells attackers which bugs to try.
        return "booking-system"

    def do_GET(self):
        self.dispatch()

    # Methods without a do_ function get 501 from http.server, through send_error below.
    do_HEAD = do_POST = do_PATCH = do_PUT = do_DELETE = do_OPTIONS = do_GET

    def dispatch(self):
        try:
            self.body = self.read_body()
            url = urlsplit(self.path)
            self.raw_query = url.query
            function, ids = route(self.command, url.path)
            status, body, headers = function(self, *ids)
        except Problem as problem:
            return self.send_problem(problem)
        except Exception:
            # The details go to the operator's log, never to the client.
            traceback.print_exc()
            return self.send_problem(Problem(500, "The server could not complete the request."))
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
            self.send_problem(problem)
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
        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise unauthorized("Log in and send your access token as Authorization: Bearer <token>.")
        with connect() as db:
            row = db.execute("SELECT user_id, expires_at FROM tokens WHERE token_hash = ?",
                             (token_hash(token.strip()),)).fetchone()
        if row is None or row["expires_at"] <= stored(utc_now()):
            raise unauthorized("The access token is unknown or has expired.", "invalid_token")
        return row["user_id"]

    def send_problem(self, problem):
        self.send(problem.status, problem.body(), problem.headers, "application/problem+json")

    def send_error(self, code, message=None, explain=None):
        # http.server calls this for requests it cannot parse and for unknown methods.
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
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_header("Content-Type", content_type)
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
    print(f"booking-system listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
