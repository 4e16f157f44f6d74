"""Rate-limited public API: a reference solution for the backend-tutor project "rate-limited-api".

POST /keys issues an API key, GET /v1/convert converts units for a key within its per-minute
quota, GET /keys/{id}/usage reports what the key used, DELETE /keys/{id} revokes it.

Run it with:  PORT=8000 DATABASE=rate-limited-api.sqlite python3 app.py
Quotas per tier come from FREE_TIER_PER_MINUTE and PRO_TIER_PER_MINUTE. The defaults are small
on purpose, so that a few requests with curl show the limit at work.

The counters live in the database, not in the process, so every instance that shares the
database shares the quota. The project keeps them in Redis; this file uses SQLite to stay
within the standard library, and each SQLite statement below has a one-command Redis
equivalent, given next to it.
"""

import hashlib
import json
import math
import os
import re
import secrets
import signal
import sqlite3
import sys
import time
import traceback
from contextlib import closing
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = int(os.environ.get("PORT", "8000"))
DATABASE = os.environ.get("DATABASE", "rate-limited-api.sqlite")
LIMITS = {
    "free": int(os.environ.get("FREE_TIER_PER_MINUTE", "3")),
    "pro": int(os.environ.get("PRO_TIER_PER_MINUTE", "60")),
}
WINDOW = 60  # seconds: a fixed window per calendar minute
CHALLENGE = 'Bearer realm="convert"'
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
MAX_BODY = 16 * 1024

SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id          TEXT PRIMARY KEY,
    key_hash    TEXT NOT NULL UNIQUE,   -- SHA-256 of the key; the key itself is never stored
    owner_email TEXT NOT NULL,
    tier        TEXT NOT NULL CHECK (tier IN ('free', 'pro')),
    created_at  TEXT NOT NULL,
    revoked_at  TEXT                    -- set on DELETE; the key stops working at once
);
-- One row per key and minute: the fixed-window counter, and the usage history.
CREATE TABLE IF NOT EXISTS usage (
    key_id   TEXT NOT NULL REFERENCES api_keys (id),
    minute   INTEGER NOT NULL,          -- minutes since the Unix epoch
    requests INTEGER NOT NULL,
    PRIMARY KEY (key_id, minute)
);
"""

# RFC 9110 renamed these two; Python 3.11 still has the older phrases.
PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


def phrase(status):
    return PHRASES.get(status) or HTTPStatus(status).phrase


def iso(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def connect():
    """One connection per request. isolation_level=None is autocommit: every statement is
    its own transaction, and each change here is a single statement. The timeout makes a
    writer wait for another's lock instead of failing."""
    db = sqlite3.connect(DATABASE, timeout=10, isolation_level=None)
    db.row_factory = sqlite3.Row
    return closing(db)


def one(db, sql, params=()):
    """The first row, or None. fetchall() runs the statement to its end, so an INSERT or
    UPDATE ... RETURNING is finished (and committed) before we go on."""
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


# --- API keys -------------------------------------------------------------------------------


def hash_key(key):
    # A key is 256 random bits, so there is nothing to guess: a fast hash is enough (a
    # password, which people choose, needs a slow one such as scrypt).
    return hashlib.sha256(key.encode()).hexdigest()


def key_json(row):
    return {
        "id": row["id"],
        "owner_email": row["owner_email"],
        "tier": row["tier"],
        "limit_per_minute": LIMITS[row["tier"]],
        "created_at": row["created_at"],
    }


def create_key(request):
    body = request.json_body()
    email, tier = body.get("owner_email"), body.get("tier", "free")
    errors = {}
    if not isinstance(email, str) or len(email) > 254 or not EMAIL.fullmatch(email):
        errors["owner_email"] = "must be an email address such as dev@example.com"
    if tier not in LIMITS:
        errors["tier"] = f"must be one of {', '.join(LIMITS)}"
    if errors:
        raise invalid(errors)
    # A readable prefix lets people and secret scanners recognise a leaked key.
    key = "uck_" + secrets.token_urlsafe(32)
    with connect() as db:
        row = one(
            db,
            "INSERT INTO api_keys (id, key_hash, owner_email, tier, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *",
            ("key_" + secrets.token_hex(8), hash_key(key), email, tier, iso(time.time())),
        )
    # The only response that ever holds the key: no cache may keep it.
    created = {**key_json(row), "key": key}
    request.send_json(201, created, {"Location": f"/keys/{row['id']}", "Cache-Control": "no-store"})


def authenticate(request, db):
    """The key row for the request's bearer key, or 401 with the challenge RFC 9110 requires."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "Send your API key as Authorization: Bearer <key>.", {"WWW-Authenticate": CHALLENGE})
    # The database compares hashes, never the secret itself, so how long a lookup takes
    # tells an attacker nothing about the real keys.
    row = one(db, "SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", (hash_key(token.strip()),))
    if row is None:
        challenge = f'{CHALLENGE}, error="invalid_token"'
        raise Problem(401, "This API key is unknown or revoked.", {"WWW-Authenticate": challenge})
    return row


def own_key(request, db, key_id):
    """A key may see and revoke only itself. Another key's id gets 404, not 403, so that ids
    cannot be probed."""
    row = authenticate(request, db)
    if row["id"] != key_id:
        raise Problem(404, f"There is no key {key_id} for this API key.")
    return row


def show_key(request, key_id):
    with connect() as db:
        row = own_key(request, db, key_id)
    request.send_json(200, key_json(row), {"Cache-Control": "no-store"})


def revoke_key(request, key_id):
    with connect() as db:
        own_key(request, db, key_id)
        # Every request looks the key up again, so revocation works from the next request on.
        db.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ?", (iso(time.time()), key_id))
    request.send(204)


def show_usage(request, key_id):
    """Usage is read, never counted: a throttled developer can always see why."""
    now = time.time()
    minute = int(now // 60)
    midnight = int(now // 86400) * 1440  # the first minute of today, UTC
    with connect() as db:
        row = own_key(request, db, key_id)
        rows = db.execute(
            "SELECT minute, requests FROM usage WHERE key_id = ? AND minute >= ? ORDER BY minute", (key_id, midnight)
        ).fetchall()
    per_minute = {r["minute"]: r["requests"] for r in rows}
    report = {
        "key_id": key_id,
        "tier": row["tier"],
        "limit_per_minute": LIMITS[row["tier"]],
        "used_this_minute": per_minute.get(minute, 0),
        "used_today": sum(per_minute.values()),
        # The last hour, minute by minute (minutes without requests are left out).
        "per_minute": [{"minute": iso(m * 60), "requests": n} for m, n in per_minute.items() if m > minute - 60],
    }
    request.send_json(200, report, {"Cache-Control": "no-store"})


# --- Rate limiting --------------------------------------------------------------------------


def count_request(db, key):
    """Counts this request in the key's current window and returns the rate-limit headers
    and whether the quota is exhausted.

    The increment is one atomic statement that returns the new count, like Redis's INCR.
    Reading the count, comparing it and writing it back would let two instances both admit
    the same last request. Every authenticated request counts, refused ones included."""
    now = time.time()
    used = one(
        db,
        "INSERT INTO usage (key_id, minute, requests) VALUES (?, ?, 1) "
        "ON CONFLICT (key_id, minute) DO UPDATE SET requests = requests + 1 RETURNING requests",
        (key["id"], int(now // 60)),
    )["requests"]
    # Redis: INCR rl:{key_id}:{minute}, then EXPIRE rl:{key_id}:{minute} 60 NX.
    limit = LIMITS[key["tier"]]
    reset = WINDOW - int(now % WINDOW)  # seconds until the next window, 1 to 60
    # The fields of draft-ietf-httpapi-ratelimit-headers: the policy (quota q per window w
    # seconds) and what is left of it (r remaining, t seconds until the window resets).
    headers = {
        "RateLimit-Policy": f'"{key["tier"]}";q={limit};w={WINDOW}',
        "RateLimit": f'"{key["tier"]}";r={max(0, limit - used)};t={reset}',
    }
    if used > limit:
        headers["Retry-After"] = str(reset)
        return headers, True
    return headers, False


# --- Unit conversion ------------------------------------------------------------------------

# Length and mass convert through a base unit (metre, kilogram): value * factor[from] / factor[to].
FACTORS = {
    "length": {"mm": 0.001, "cm": 0.01, "m": 1.0, "km": 1000.0,
               "in": 0.0254, "ft": 0.3048, "yd": 0.9144, "mi": 1609.344},
    "mass": {"mg": 1e-6, "g": 0.001, "kg": 1.0, "t": 1000.0, "oz": 0.028349523125, "lb": 0.45359237},
}
# Temperature scales have different zeros, so a factor is not enough: go through kelvin.
TO_KELVIN = {"C": lambda c: c + 273.15, "F": lambda f: (f - 32) * 5 / 9 + 273.15, "K": lambda k: k}
FROM_KELVIN = {"C": lambda k: k - 273.15, "F": lambda k: (k - 273.15) * 9 / 5 + 32, "K": lambda k: k}
# Every unit and its dimension: {"km": "length", ..., "C": "temperature", ...}
UNITS = {unit: dimension for dimension, factors in FACTORS.items() for unit in factors}
UNITS |= {unit: "temperature" for unit in TO_KELVIN}


def convert_units(value, source, target):
    dimension = UNITS[source]
    if dimension != UNITS[target]:
        raise Problem(400, f"Cannot convert {source} ({dimension}) to {target} ({UNITS[target]}).")
    if dimension == "temperature":
        kelvin = TO_KELVIN[source](value)
        if kelvin < 0:
            raise Problem(400, f"{value:g} {source} is below absolute zero.")
        result = FROM_KELVIN[target](kelvin)
    else:
        result = value * FACTORS[dimension][source] / FACTORS[dimension][target]
    # 12 significant digits hide floating-point noise such as 211.99999999999997.
    return float(f"{result:.12g}")


def conversion_query(request):
    """from, to and value from the query string. They are part of the request target, so a
    missing or unusable one is a bad request (400), not unprocessable content (422)."""
    query = parse_qs(urlsplit(request.path).query, keep_blank_values=True)
    params = {name: query[name][-1] for name in ("from", "to", "value") if name in query}
    missing = [name for name in ("from", "to", "value") if name not in params]
    if missing:
        raise Problem(400, f"Missing query parameter: {', '.join(missing)}.")
    for name in ("from", "to"):
        if params[name] not in UNITS:
            raise Problem(400, f"{name} must be one of {', '.join(UNITS)}.")
    # A strict pattern: Python's float() would also take "nan", "inf" and "1_000".
    if not NUMBER.fullmatch(params["value"]) or not math.isfinite(float(params["value"])):
        raise Problem(400, "value must be a number such as 10 or -3.5.")
    return params["from"], params["to"], float(params["value"])


def convert(request):
    with connect() as db:
        key = authenticate(request, db)
        headers, exhausted = count_request(db, key)
    limit = LIMITS[key["tier"]]
    try:
        if exhausted:
            retry = headers["Retry-After"]
            raise Problem(429, f"This key allows {limit} requests per minute; retry in {retry} seconds.")
        source, target, value = conversion_query(request)
        result = convert_units(value, source, target)
    except Problem as problem:
        problem.headers.update(headers)  # errors state the limit too
        raise
    request.send_json(200, {"from": source, "to": target, "value": value, "result": result}, headers)


ROUTES = [
    (re.compile(r"/keys"), {"POST": create_key}),
    (re.compile(r"/keys/(?P<key_id>[A-Za-z0-9_]+)"), {"GET": show_key, "DELETE": revoke_key}),
    (re.compile(r"/keys/(?P<key_id>[A-Za-z0-9_]+)/usage"), {"GET": show_usage}),
    (re.compile(r"/v1/convert"), {"GET": convert}),
]


# --- HTTP plumbing ----------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so every response states its Content-Length

    def version_string(self):
        # The default adds the Python version, which only helps an attacker.
        return "rate-limited-api"

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
        # Keep two days of per-minute counts; Redis would expire the keys on its own.
        db.execute("DELETE FROM usage WHERE minute < ?", (int(time.time() // 60) - 2 * 1440,))
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    # SIGTERM raises SystemExit in serve_forever, so the finally clause closes the socket.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    print(f"rate-limited-api listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
