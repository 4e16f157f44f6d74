"""Payment system: a simulated payment processor, standard library only.

Merchants authenticate with a secret API key. Payments move along a small state machine
(authorized -> captured -> partially_refunded -> refunded, or authorized -> voided). Every
money movement writes balanced double-entry ledger rows, and every state change writes an
event, in the same SQLite transaction as the change itself.

Creating, capturing and refunding a payment require an Idempotency-Key header, a Structured
Field String such as "pay-0001" (draft-ietf-httpapi-idempotency-key-header). Keys are scoped
per merchant and kept for 24 hours.

Run it with:  PORT=8000 DATABASE=payment-system.sqlite python3 app.py
"""

import base64
import hashlib
import json
import os
import re
import secrets
import signal
import sqlite3
import sys
import threading
import traceback
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = int(os.environ.get("PORT", "8000"))
DATABASE = os.environ.get("DATABASE", "payment-system.sqlite")

MAX_BODY_BYTES = 64 * 1024  # every request body here is a small JSON object
KEY_RETENTION = timedelta(hours=24)  # how long an idempotency key is remembered
MAX_AMOUNT_CENTS = 100_000_000  # a sanity limit per payment, in minor units
CURRENCIES = {"AUD", "CAD", "CHF", "DKK", "EUR", "GBP", "JPY", "NOK", "PLN", "SEK", "USD"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS merchants (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  email        TEXT NOT NULL,
  api_key_hash TEXT NOT NULL UNIQUE,  -- SHA-256 of the key; the key itself is never stored
  created_at   TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS payments (
  id             TEXT PRIMARY KEY,
  merchant_id    TEXT NOT NULL REFERENCES merchants (id),
  status         TEXT NOT NULL
                 CHECK (status IN ('authorized', 'captured', 'partially_refunded', 'refunded', 'voided')),
  amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
  currency       TEXT NOT NULL,
  description    TEXT,
  captured_cents INTEGER NOT NULL DEFAULT 0 CHECK (captured_cents BETWEEN 0 AND amount_cents),
  refunded_cents INTEGER NOT NULL DEFAULT 0 CHECK (refunded_cents BETWEEN 0 AND captured_cents),
  created_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_by_merchant ON payments (merchant_id);

CREATE TABLE IF NOT EXISTS refunds (
  id           TEXT PRIMARY KEY,
  payment_id   TEXT NOT NULL REFERENCES payments (id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  status       TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

-- Double entry: each transfer is two rows whose amounts cancel out (a debit is positive, a
-- credit negative), so the sum of all rows is zero whenever the books are right.
CREATE TABLE IF NOT EXISTS ledger_entries (
  id           INTEGER PRIMARY KEY,
  transfer_id  TEXT NOT NULL,
  payment_id   TEXT NOT NULL REFERENCES payments (id),
  account      TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
  currency     TEXT NOT NULL,
  reason       TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_by_payment ON ledger_entries (payment_id);

-- seq orders the feed. AUTOINCREMENT never reuses a number, and writers take turns
-- (BEGIN IMMEDIATE), so events commit in seq order and a cursor never skips one.
CREATE TABLE IF NOT EXISTS events (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,
  merchant_id TEXT NOT NULL REFERENCES merchants (id),
  payment_id  TEXT NOT NULL REFERENCES payments (id),
  type        TEXT NOT NULL,
  data        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_merchant ON events (merchant_id, seq);

CREATE TABLE IF NOT EXISTS idempotency_keys (
  merchant_id TEXT NOT NULL REFERENCES merchants (id),
  key         TEXT NOT NULL,
  fingerprint TEXT NOT NULL,  -- hash of method, path and body: the same key must mean the same request
  status_code INTEGER,        -- NULL while the first request with this key is still running
  location    TEXT,
  body        TEXT,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (merchant_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created_at);
"""

# RFC 9110 reason phrases where Python 3.11 still has the older ones.
PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


def phrase(status):
    return PHRASES.get(status) or HTTPStatus(status).phrase


def now():
    return datetime.now(timezone.utc)


def timestamp(moment):
    """ISO 8601 in UTC with a Z; strings in this one format sort in time order."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id(prefix):
    """An opaque id such as pay_3f9a1c2e7b0d4e18: nothing to count or guess."""
    return f"{prefix}_{secrets.token_hex(8)}"


def hash_api_key(key):
    # An API key is 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(key.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Errors and responses
# ---------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    body: object = None  # anything json.dumps accepts; None sends no body
    headers: dict = field(default_factory=dict)
    content_type: str = "application/json"


class Problem(Exception):
    """An error answered as application/problem+json (RFC 9457)."""

    def __init__(self, status, detail, headers=None, errors=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.errors = errors  # for 422: which fields are wrong, as JSON pointers

    def response(self):
        body = {"type": "about:blank", "title": phrase(self.status), "status": self.status, "detail": self.detail}
        if self.errors:
            body["errors"] = self.errors
        return Response(self.status, body, self.headers, "application/problem+json")


def invalid(errors):
    """422 for well-formed JSON whose values break the rules; errors is [(pointer, detail)]."""
    items = [{"pointer": pointer, "detail": detail} for pointer, detail in errors]
    return Problem(422, "; ".join(item["detail"] for item in items), errors=items)


# ---------------------------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------------------------


def connect():
    # isolation_level=None: no hidden transactions; every write says BEGIN IMMEDIATE itself.
    # timeout: a writer waits up to 10 s for another writer's transaction instead of failing.
    db = sqlite3.connect(DATABASE, timeout=10, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    return db


@contextmanager
def transaction(db, mode="IMMEDIATE"):
    """One transaction. IMMEDIATE, for writes, takes the write lock at once, so two requests never
    interleave their reads and writes; DEFERRED suits reads that need one consistent snapshot."""
    db.execute(f"BEGIN {mode}")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def init_db():
    with closing(connect()) as db:
        db.execute("PRAGMA journal_mode = WAL")  # readers do not wait for the writer
        db.executescript(SCHEMA)
        # This process is the only one serving requests, so a key still marked as running
        # belongs to a request that died with the previous process: free it for a retry.
        db.execute("DELETE FROM idempotency_keys WHERE status_code IS NULL")
        check_ledger(db)


def check_ledger(db):
    """The check query of double-entry bookkeeping: every transfer, and so the whole ledger, sums to zero."""
    unbalanced = db.execute(
        "SELECT transfer_id, SUM(amount_cents) AS total FROM ledger_entries "
        "GROUP BY transfer_id HAVING SUM(amount_cents) <> 0"
    ).fetchall()
    for row in unbalanced:
        print(f"ledger: transfer {row['transfer_id']} is off by {row['total']} cents", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Reading a request
# ---------------------------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: object  # http.client.HTTPMessage
    body: bytes
    db: sqlite3.Connection


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")  # Python would otherwise accept NaN and Infinity


def read_json(request, required=True):
    """The body as a JSON object: 415 for another media type, 400 if it does not parse."""
    if not request.body and not required:
        return {}
    if request.headers.get_content_type() != "application/json":
        raise Problem(415, "Send the body as application/json.")
    try:
        data = json.loads(request.body.decode("utf-8"), parse_constant=reject_constant)
    except (UnicodeDecodeError, ValueError):
        raise Problem(400, "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise invalid([("", "the body must be a JSON object")])
    return data


def is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)  # True is an int in Python


def int_param(request, name, default, low, high):
    """A query parameter that must be an integer in [low, high]; anything else is malformed: 400."""
    text = request.query.get(name)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 15 and low <= int(text) <= high):
        raise Problem(400, f"{name} must be a whole number from {low} to {high}.")
    return int(text)


# A Structured Field String (RFC 9651, section 3.3.3): printable ASCII between double quotes,
# where a quote or a backslash inside is escaped with a backslash.
SF_STRING = re.compile(r'"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"')


def idempotency_key(request):
    """The Idempotency-Key, unquoted. Missing or malformed, the request cannot be processed: 400."""
    values = request.headers.get_all("Idempotency-Key") or []
    if not values:
        raise Problem(400, 'This request moves money: send an Idempotency-Key header, such as "8e03978e-40d5-43e8".')
    match = SF_STRING.fullmatch(values[0].strip()) if len(values) == 1 else None
    if match is None:
        raise Problem(400, 'Idempotency-Key must be sent once, as a quoted string such as "8e03978e-40d5-43e8".')
    key = re.sub(r'\\(["\\])', r"\1", match[1])
    if not 1 <= len(key) <= 255:
        raise Problem(400, "Idempotency-Key must hold 1 to 255 characters.")
    return key


def authenticate(request):
    """The id of the merchant whose API key came in the Authorization header; else 401."""
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Problem(401, "Send your API key as Authorization: Bearer <key>.", {"WWW-Authenticate": "Bearer"})
    row = request.db.execute("SELECT id FROM merchants WHERE api_key_hash = ?", (hash_api_key(key.strip()),)).fetchone()
    if row is None:
        raise Problem(401, "The API key is not valid.", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return row["id"]


# ---------------------------------------------------------------------------------------------
# Idempotency: run a money movement at most once per key
# ---------------------------------------------------------------------------------------------


def run_idempotent(request, merchant_id, key, data, operation):
    """Run operation(db) once for this merchant's key and answer every repeat from storage.

    Two short transactions: the first claims the key, the second runs the operation and stores
    its response together with everything it wrote. A repeat that finds the claim without a
    response is racing the first request and gets 409.
    """
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    fingerprint = hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode()).hexdigest()
    db = request.db
    with transaction(db):
        db.execute("DELETE FROM idempotency_keys WHERE created_at < ?", (timestamp(now() - KEY_RETENTION),))
        stored = db.execute(
            "SELECT fingerprint, status_code, location, body FROM idempotency_keys WHERE merchant_id = ? AND key = ?",
            (merchant_id, key),
        ).fetchone()
        if stored is None:
            db.execute(
                "INSERT INTO idempotency_keys (merchant_id, key, fingerprint, created_at) VALUES (?, ?, ?, ?)",
                (merchant_id, key, fingerprint, timestamp(now())),
            )
    if stored is not None:
        return replay(stored, fingerprint)
    try:
        with transaction(db):
            response = run_or_undo(db, operation)
            db.execute(
                "UPDATE idempotency_keys SET status_code = ?, location = ?, body = ? WHERE merchant_id = ? AND key = ?",
                (response.status, response.headers.get("Location"), json.dumps(response.body), merchant_id, key),
            )
        return response
    except BaseException:
        # Nothing was done and nothing stored: free the key so that a retry can run the operation.
        with transaction(db):
            db.execute(
                "DELETE FROM idempotency_keys WHERE merchant_id = ? AND key = ? AND status_code IS NULL",
                (merchant_id, key),
            )
        raise


def run_or_undo(db, operation):
    """The operation's response. If it refuses (a Problem), whatever it wrote is rolled back and
    the refusal itself becomes the answer that repeats of the key receive."""
    db.execute("SAVEPOINT operation")
    try:
        response = operation(db)
    except Problem as problem:
        db.execute("ROLLBACK TO operation")
        response = problem.response()
    db.execute("RELEASE operation")
    return response


def replay(stored, fingerprint):
    if stored["fingerprint"] != fingerprint:
        raise Problem(422, "This Idempotency-Key was already used for a different request; use a new key.")
    if stored["status_code"] is None:
        raise Problem(409, "A request with this Idempotency-Key is still being processed; retry shortly.",
                      {"Retry-After": "1"})
    status = stored["status_code"]
    headers = {"Location": stored["location"]} if stored["location"] else {}
    content_type = "application/problem+json" if status >= 400 else "application/json"
    return Response(status, json.loads(stored["body"]), headers, content_type)


# ---------------------------------------------------------------------------------------------
# Payments, the ledger and events
# ---------------------------------------------------------------------------------------------


def payment_json(row):
    return {
        "id": row["id"],
        "status": row["status"],
        "amount_cents": row["amount_cents"],
        "currency": row["currency"],
        "description": row["description"],
        "captured_cents": row["captured_cents"],
        "refunded_cents": row["refunded_cents"],
        "created_at": row["created_at"],
    }


def find_payment(db, merchant_id, payment_id):
    """Another merchant's payment is reported as missing, so that its existence does not leak."""
    row = db.execute("SELECT * FROM payments WHERE id = ? AND merchant_id = ?", (payment_id, merchant_id)).fetchone()
    if row is None:
        raise Problem(404, "There is no such payment.")
    return row


def require_status(payment, action, allowed):
    """The state machine: an action is legal only from the listed states; anything else is 409."""
    if payment["status"] not in allowed:
        raise Problem(409, f"A payment that is {payment['status']} cannot be {action}.")


def post_transfer(db, payment, debit, credit, amount, reason):
    """One money movement as two entries that cancel out, so the ledger keeps summing to zero."""
    transfer_id, created = new_id("tr"), timestamp(now())
    for account, signed_amount in ((debit, amount), (credit, -amount)):
        db.execute(
            "INSERT INTO ledger_entries (transfer_id, payment_id, account, amount_cents, currency, reason, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (transfer_id, payment["id"], account, signed_amount, payment["currency"], reason, created),
        )


def record_event(db, payment_id):
    """An event for the payment's new state, written in the caller's transaction."""
    payment = db.execute("SELECT * FROM payments WHERE id = ?", (payment_id,)).fetchone()
    db.execute(
        "INSERT INTO events (id, merchant_id, payment_id, type, data, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (new_id("evt"), payment["merchant_id"], payment_id, f"payment.{payment['status']}",
         json.dumps(payment_json(payment)), timestamp(now())),
    )
    return payment


def validate_payment(data):
    errors = []
    amount, currency, description = data.get("amount_cents"), data.get("currency"), data.get("description")
    if not is_integer(amount) or not 1 <= amount <= MAX_AMOUNT_CENTS:
        errors.append(("/amount_cents", f"amount_cents must be a whole number of minor units from 1 to {MAX_AMOUNT_CENTS}"))
    if currency not in CURRENCIES:
        errors.append(("/currency", f"currency must be one of the ISO 4217 codes {', '.join(sorted(CURRENCIES))}"))
    if description is not None and (not isinstance(description, str) or len(description) > 500):
        errors.append(("/description", "description must be a string of at most 500 characters"))
    if errors:
        raise invalid(errors)
    return amount, currency, description


def create_payment(request):
    merchant_id = authenticate(request)
    key = idempotency_key(request)
    data = read_json(request)
    amount, currency, description = validate_payment(data)

    def authorize(db):
        # No card network here: a payment is authorized when created. No money moves yet,
        # so there is no ledger entry until the capture.
        payment_id = new_id("pay")
        db.execute(
            "INSERT INTO payments (id, merchant_id, status, amount_cents, currency, description, created_at) "
            "VALUES (?, ?, 'authorized', ?, ?, ?, ?)",
            (payment_id, merchant_id, amount, currency, description, timestamp(now())),
        )
        payment = record_event(db, payment_id)
        return Response(201, payment_json(payment), {"Location": f"/payments/{payment_id}"})

    return run_idempotent(request, merchant_id, key, data, authorize)


def get_payment(request, payment_id):
    merchant_id = authenticate(request)
    return Response(200, payment_json(find_payment(request.db, merchant_id, payment_id)))


def capture_payment(request, payment_id):
    merchant_id = authenticate(request)
    find_payment(request.db, merchant_id, payment_id)  # an unknown payment is 404 whatever the key
    key = idempotency_key(request)
    data = read_json(request, required=False)

    def capture(db):
        payment = find_payment(db, merchant_id, payment_id)
        require_status(payment, "captured", {"authorized"})
        db.execute("UPDATE payments SET status = 'captured', captured_cents = amount_cents WHERE id = ?", (payment_id,))
        # The card network now owes us the money, and we owe it to the merchant.
        post_transfer(db, payment, "card_network", "merchant_balance", payment["amount_cents"], "capture")
        return Response(200, payment_json(record_event(db, payment_id)))

    return run_idempotent(request, merchant_id, key, data, capture)


def void_payment(request, payment_id):
    # No Idempotency-Key: a repeated void finds the payment voided and gets 409, so it is
    # harmless, and voiding moves no money.
    merchant_id = authenticate(request)
    read_json(request, required=False)
    with transaction(request.db) as db:
        payment = find_payment(db, merchant_id, payment_id)
        require_status(payment, "voided", {"authorized"})
        db.execute("UPDATE payments SET status = 'voided' WHERE id = ?", (payment_id,))
        payment = record_event(db, payment_id)
    return Response(200, payment_json(payment))


def refund_json(row):
    return {
        "id": row["id"],
        "payment_id": row["payment_id"],
        "amount_cents": row["amount_cents"],
        "status": row["status"],
        "created_at": row["created_at"],
    }


def create_refund(request, payment_id):
    merchant_id = authenticate(request)
    find_payment(request.db, merchant_id, payment_id)
    key = idempotency_key(request)
    data = read_json(request)
    amount = data.get("amount_cents")
    if not is_integer(amount) or not 1 <= amount <= MAX_AMOUNT_CENTS:
        raise invalid([("/amount_cents", "amount_cents must be a positive whole number of minor units")])

    def refund(db):
        payment = find_payment(db, merchant_id, payment_id)
        require_status(payment, "refunded", {"captured", "partially_refunded"})
        refundable = payment["captured_cents"] - payment["refunded_cents"]
        if amount > refundable:
            raise invalid([("/amount_cents", f"amount_cents is more than the {refundable} cents left to refund")])
        refunded = payment["refunded_cents"] + amount
        status = "refunded" if refunded == payment["captured_cents"] else "partially_refunded"
        db.execute("UPDATE payments SET status = ?, refunded_cents = ? WHERE id = ?", (status, refunded, payment_id))
        refund_id = new_id("re")
        db.execute(
            "INSERT INTO refunds (id, payment_id, amount_cents, status, created_at) VALUES (?, ?, ?, 'succeeded', ?)",
            (refund_id, payment_id, amount, timestamp(now())),
        )
        # The money goes back: we owe the merchant less, and the card network gets it back.
        post_transfer(db, payment, "merchant_balance", "card_network", amount, "refund")
        record_event(db, payment_id)
        row = db.execute("SELECT * FROM refunds WHERE id = ?", (refund_id,)).fetchone()
        return Response(201, refund_json(row), {"Location": f"/payments/{payment_id}/refunds/{refund_id}"})

    return run_idempotent(request, merchant_id, key, data, refund)


def get_refund(request, payment_id, refund_id):
    merchant_id = authenticate(request)
    find_payment(request.db, merchant_id, payment_id)
    row = request.db.execute("SELECT * FROM refunds WHERE id = ? AND payment_id = ?", (refund_id, payment_id)).fetchone()
    if row is None:
        raise Problem(404, "There is no such refund.")
    return Response(200, refund_json(row))


def get_ledger(request, payment_id):
    """A payment's ledger entries and their sum, which double entry keeps at zero."""
    merchant_id = authenticate(request)
    with transaction(request.db, "DEFERRED") as db:  # one snapshot for the rows and their sum
        find_payment(db, merchant_id, payment_id)
        rows = db.execute(
            "SELECT id, transfer_id, account, amount_cents, currency, reason, created_at "
            "FROM ledger_entries WHERE payment_id = ? ORDER BY id",
            (payment_id,),
        ).fetchall()
        total = db.execute(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_entries WHERE payment_id = ?", (payment_id,)
        ).fetchone()[0]
    return Response(200, {"payment_id": payment_id, "items": [dict(row) for row in rows], "sum_cents": total})


# ---------------------------------------------------------------------------------------------
# The event feed
# ---------------------------------------------------------------------------------------------


def encode_cursor(seq):
    """Opaque to clients, so that its format can change; it marks the position after an event."""
    return base64.urlsafe_b64encode(f"after:{seq}".encode()).decode().rstrip("=")


def decode_cursor(text):
    try:
        decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        decoded = ""
    prefix, _, seq = decoded.partition(":")
    if prefix != "after" or not (seq.isascii() and seq.isdigit() and len(seq) <= 15):
        raise Problem(400, "cursor is not one this API returned.")
    return int(seq)


def list_events(request):
    merchant_id = authenticate(request)
    limit = int_param(request, "limit", default=20, low=1, high=100)
    cursor = request.query.get("cursor")
    after = decode_cursor(cursor) if cursor is not None else 0
    rows = request.db.execute(
        "SELECT seq, id, payment_id, type, data, created_at FROM events "
        "WHERE merchant_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        (merchant_id, after, limit),
    ).fetchall()
    items = [
        {"id": row["id"], "type": row["type"], "payment_id": row["payment_id"],
         "created_at": row["created_at"], "data": json.loads(row["data"])}
        for row in rows
    ]
    # Even an empty page gets a cursor: a client stores it and asks again later to catch up.
    last = rows[-1]["seq"] if rows else after
    return Response(200, {"items": items, "next_cursor": encode_cursor(last)})


# ---------------------------------------------------------------------------------------------
# Merchants
# ---------------------------------------------------------------------------------------------

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def merchant_json(row):
    return {"id": row["id"], "name": row["name"], "email": row["email"], "created_at": row["created_at"]}


def create_merchant(request):
    # No Idempotency-Key: creating a merchant moves no money.
    data = read_json(request)
    name, email = data.get("name"), data.get("email")
    errors = []
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 200:
        errors.append(("/name", "name must be a string of 1 to 200 characters"))
    if not isinstance(email, str) or len(email) > 254 or not EMAIL.fullmatch(email):
        errors.append(("/email", "email must be an email address"))
    if errors:
        raise invalid(errors)
    merchant_id, api_key = new_id("mer"), "sk_" + secrets.token_urlsafe(32)
    with transaction(request.db) as db:
        db.execute(
            "INSERT INTO merchants (id, name, email, api_key_hash, created_at) VALUES (?, ?, ?, ?, ?)",
            (merchant_id, name.strip(), email, hash_api_key(api_key), timestamp(now())),
        )
        row = db.execute("SELECT * FROM merchants WHERE id = ?", (merchant_id,)).fetchone()
    # The only time the key is shown: no cache may keep a copy.
    body = merchant_json(row) | {"api_key": api_key}
    return Response(201, body, {"Location": f"/merchants/{merchant_id}", "Cache-Control": "no-store"})


def get_merchant(request, merchant_id):
    if authenticate(request) != merchant_id:
        raise Problem(404, "There is no such merchant.")
    row = request.db.execute("SELECT * FROM merchants WHERE id = ?", (merchant_id,)).fetchone()
    return Response(200, merchant_json(row))


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------

ID = r"(?P<{}>[A-Za-z0-9_]+)"
ROUTES = [
    ("POST", r"/merchants", create_merchant),
    ("GET", r"/merchants/" + ID.format("merchant_id"), get_merchant),
    ("POST", r"/payments", create_payment),
    ("GET", r"/payments/" + ID.format("payment_id"), get_payment),
    ("POST", r"/payments/" + ID.format("payment_id") + "/capture", capture_payment),
    ("POST", r"/payments/" + ID.format("payment_id") + "/void", void_payment),
    ("POST", r"/payments/" + ID.format("payment_id") + "/refunds", create_refund),
    ("GET", r"/payments/" + ID.format("payment_id") + "/refunds/" + ID.format("refund_id"), get_refund),
    ("GET", r"/payments/" + ID.format("payment_id") + "/ledger", get_ledger),
    ("GET", r"/events", list_events),
]


def find_route(method, path):
    """The handler and its path parameters; 405 with Allow if only the method is wrong, else 404."""
    allowed = []
    for route_method, pattern, handler in ROUTES:
        match = re.fullmatch(pattern, path)
        if match is None:
            continue
        if route_method == method or (method == "HEAD" and route_method == "GET"):
            return handler, match.groupdict()
        allowed += [route_method, "HEAD"] if route_method == "GET" else [route_method]
    if allowed:
        raise Problem(405, f"{method} is not allowed here.", {"Allow": ", ".join(allowed)})
    raise Problem(404, "There is nothing at this address.")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a socket read may wait: a client that stalls loses its connection

    def version_string(self):
        return "payments"  # no server or Python version for an attacker to look up

    def do_GET(self):
        self.handle_request()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def handle_expect_100(self):
        # A client that asks first (Expect: 100-continue) learns about 413 before it sends the body.
        if self.declared_length() > MAX_BODY_BYTES:
            self.send(Problem(413, f"The body may be at most {MAX_BODY_BYTES} bytes.").response(), close=True)
            return False
        return super().handle_expect_100()

    def send_error(self, code, message=None, explain=None):
        """Errors http.server finds itself (a malformed request line, an unknown method) as problem JSON."""
        self.send(Problem(code, message or phrase(code)).response(), close=True)

    def handle_request(self):
        try:
            response = self.respond()
        except Problem as problem:
            response = problem.response()
        except Exception:
            traceback.print_exc()  # the details go to the log, never to the client
            response = Problem(500, "Something went wrong on our side. Please try again.").response()
        try:
            self.send(response)
        except ConnectionError:
            self.log_message("the client closed the connection before the answer was sent")
            self.close_connection = True

    def respond(self):
        url = urlsplit(self.path)
        body = self.read_body()  # read before anything can fail, so the connection stays usable
        handler, params = find_route(self.command, url.path)
        query = {name: values[0] for name, values in parse_qs(url.query, keep_blank_values=True).items()}
        with closing(connect()) as db:
            return handler(Request(self.command, url.path, query, self.headers, body, db), **params)

    def declared_length(self):
        lengths = set(self.headers.get_all("Content-Length") or ["0"])
        text = lengths.pop().strip()
        if lengths or not (text.isascii() and text.isdigit() and len(text) <= 15):
            return -1
        return int(text)

    def read_body(self):
        if "Transfer-Encoding" in self.headers:
            self.close_connection = True
            raise Problem(411, "Send the body with a Content-Length.")
        length = self.declared_length()
        if length < 0:
            self.close_connection = True  # where this body ends is unknown: end the connection
            raise Problem(400, "Content-Length must be one whole number.")
        if length > MAX_BODY_BYTES:
            self.close_connection = True  # the body is never read; the connection cannot be reused
            raise Problem(413, f"The body may be at most {MAX_BODY_BYTES} bytes.")
        return self.rfile.read(length)

    def send(self, response, close=False):
        body = b"" if response.body is None else json.dumps(response.body).encode()
        self.send_response(response.status, phrase(response.status))
        if body:
            self.send_header("Content-Type", response.content_type)
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if close or self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default of 5 refuses connections when many clients arrive at once


def main():
    init_db()
    server = Server(("127.0.0.1", PORT), Handler)
    # shutdown() waits for serve_forever() to return, so it must run outside the signal handler.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"payment system listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
