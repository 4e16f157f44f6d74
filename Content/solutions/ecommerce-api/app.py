"""E-commerce API: a reference solution for the backend-tutor project "ecommerce-api".

Customers register and log in for a bearer token; an administrator, seeded from the
ADMIN_EMAIL and ADMIN_PASSWORD environment variables, manages the catalogue. The product list
is public, paginated with an opaque cursor and revalidated with an ETag. POST /orders needs an
Idempotency-Key (a quoted Structured Field string such as "order-0001", scoped to the
customer and kept for 24 hours): the key, a fingerprint of the request, the order, its stock
changes and the response are written in one SQLite transaction opened with BEGIN IMMEDIATE,
so a retry gets the first answer back and two orders for the last item cannot both succeed.

Run it with:
  ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-password-123 \\
  PORT=8000 DATABASE=ecommerce-api.sqlite python3 app.py
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
from contextlib import closing, contextmanager
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = int(os.environ.get("PORT", "8000"))
DATABASE = os.environ.get("DATABASE", "ecommerce-api.sqlite")

MAX_BODY_BYTES = 64 * 1024  # every body here is a small JSON object
TOKEN_LIFETIME = timedelta(hours=1)
KEY_RETENTION = timedelta(hours=24)  # how long an idempotency key is remembered
PAGE_SIZE, MAX_PAGE_SIZE = 20, 100
MAX_ORDER_LINES, MAX_QUANTITY = 50, 100
PASSWORD_LENGTH = (15, 128)  # NIST SP 800-63B: at least 15 when the password is the only factor
# scrypt with the OWASP minimum: N=2^17 (128 MiB), r=8, p=1. Slow on purpose.
SCRYPT = {"n": 2**17, "r": 8, "p": 1}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
SKU = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
CURRENCY = re.compile(r"[A-Z]{3}")  # an ISO 4217 code such as EUR
# The documented key format: a Structured Field String (RFC 9651) of 1 to 100 letters,
# digits and . _ : - , so "order-0001" and a quoted UUID both fit.
IDEMPOTENCY_KEY = re.compile(r'"([A-Za-z0-9._:-]{1,100})"')

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,   -- stored in lower case
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin')),
    created_at    TEXT NOT NULL
);
-- Only a hash of each token is stored: a copy of the database lets no one log in.
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),  -- money in minor units, never floats
    currency    TEXT NOT NULL,
    stock       INTEGER NOT NULL CHECK (stock >= 0),        -- the last line of defence
    created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    status      TEXT NOT NULL,
    total_cents INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_by_user ON orders (user_id, id);
-- Each line keeps the name and price paid, which the catalogue may change later.
CREATE TABLE IF NOT EXISTS order_lines (
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    product_id       INTEGER NOT NULL REFERENCES products (id),
    sku              TEXT NOT NULL,
    name             TEXT NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
-- Keys are scoped to the customer: no one can replay another customer's response by
-- guessing their key.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    user_id      INTEGER NOT NULL REFERENCES users (id),
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,           -- the JSON body sent the first time
    location     TEXT,                    -- and its Location header, if any
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created_at);
"""

# RFC 9110 renamed these; Python 3.11 still has the older phrases.
PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


def phrase(status):
    return PHRASES.get(status) or HTTPStatus(status).phrase


def now(offset=timedelta(0)):
    """The time in UTC (moved by offset) as RFC 3339 text, which sorts as the time does."""
    return (datetime.now(timezone.utc) + offset).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    """BEGIN IMMEDIATE takes SQLite's write lock before the first read, so the requests that
    use it run one after another: no other request can change stock or claim a key between
    our reading and our writing. The others wait for the lock, then see what we committed."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def create_schema():
    with connect() as db:
        db.execute("PRAGMA journal_mode = WAL")  # readers go on while one request writes
        db.executescript(SCHEMA)


def seed_admin():
    """Create the administrator named by ADMIN_EMAIL and ADMIN_PASSWORD, once. Credentials
    come from the environment, so none is written in the code or the repository."""
    email, password = os.environ.get("ADMIN_EMAIL"), os.environ.get("ADMIN_PASSWORD")
    if not email or not password:
        print("ADMIN_EMAIL and ADMIN_PASSWORD are not set: no administrator is created.", file=sys.stderr)
        return
    with connect() as db:
        row = db.execute("SELECT role FROM users WHERE email = ?", (email.lower(),)).fetchone()
        if row is None:
            db.execute("INSERT INTO users (email, password_hash, role, created_at) VALUES (?, ?, 'admin', ?)",
                       (email.lower(), hash_password(password), now()))
        elif row["role"] != "admin":
            # Someone registered the address as a customer first. Promoting that account
            # would hand the catalogue to whoever chose its password.
            print(f"{email} is a customer account; it is not made an administrator.", file=sys.stderr)


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


def unknown_fields(data, allowed):
    return [(name, "is not a field you can set") for name in sorted(set(data) - set(allowed))]


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
    challenge = 'Bearer realm="shop"' + (f', error="{error}"' if error else "")
    return Problem(401, detail, headers={"WWW-Authenticate": challenge})


def require_admin(user):
    if user["role"] != "admin":
        raise Problem(403, "Only administrators may change the catalogue.")


# --- Pagination ---------------------------------------------------------------------------


def page_request(query):
    """?limit= and ?cursor=. Both are part of the request target, so an unusable value is a
    malformed request: 400."""
    limit = query.get("limit", [str(PAGE_SIZE)])
    if len(limit) != 1 or not limit[0].isdigit() or not 1 <= int(limit[0]) <= MAX_PAGE_SIZE:
        raise Problem(400, f"limit must be a whole number from 1 to {MAX_PAGE_SIZE}.")
    cursor = query.get("cursor")
    if cursor is None:
        return int(limit[0]), None
    return int(limit[0]), decode_cursor(cursor)


def encode_cursor(last_id):
    # Opaque to clients: they pass it back and never build one, so its format may change.
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(values):
    """The id a cursor continues from; 400 for anything this server did not hand out."""
    text = ""
    if len(values) == 1:
        try:
            text = base64.urlsafe_b64decode(values[0] + "=" * (-len(values[0]) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            pass
    match = re.fullmatch(r"id:([1-9][0-9]{0,17})", text)
    if not match:
        raise Problem(400, "The cursor is not one this server gave out.")
    return int(match[1])


def page(rows, limit, to_json):
    """One page from limit + 1 rows: the extra row only says whether another page exists."""
    items = [to_json(row) for row in rows[:limit]]
    next_cursor = encode_cursor(rows[limit - 1]["id"]) if len(rows) > limit else None
    return {"items": items, "next_cursor": next_cursor}


# --- Validation ---------------------------------------------------------------------------


def whole(value, low, high):
    # bool is a subclass of int in Python, and true is not a number.
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def credentials(data):
    errors = unknown_fields(data, {"email", "password"})
    email = data.get("email")
    if not isinstance(email, str) or len(email) > 254 or not EMAIL.fullmatch(email):
        errors.append(("email", "must be an email address"))
    password = data.get("password")
    low, high = PASSWORD_LENGTH
    if not isinstance(password, str) or not low <= len(password) <= high:
        errors.append(("password", f"must be a string of {low} to {high} characters"))
    invalid(errors)
    return email.lower(), password


def product_fields(data):
    errors = unknown_fields(data, {"sku", "name", "price_cents", "currency", "stock"})
    if not isinstance(data.get("sku"), str) or not SKU.fullmatch(data["sku"]):
        errors.append(("sku", "must be 1 to 64 letters, digits, dots, underscores or hyphens"))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        errors.append(("name", "must be a string of 1 to 200 characters"))
    if not whole(data.get("price_cents"), 0, 100_000_000):
        errors.append(("price_cents", "must be a whole number of cents from 0 to 100000000"))
    if not isinstance(data.get("currency"), str) or not CURRENCY.fullmatch(data["currency"]):
        errors.append(("currency", "must be a three-letter ISO 4217 code such as EUR"))
    if not whole(data.get("stock"), 0, 1_000_000):
        errors.append(("stock", "must be a whole number from 0 to 1000000"))
    invalid(errors)
    return data["sku"], name, data["price_cents"], data["currency"], data["stock"]


def order_items(data):
    """[(sku, quantity)] from {"items": [{"sku": ..., "quantity": ...}]}."""
    errors = unknown_fields(data, {"items"})
    items = data.get("items")
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_ORDER_LINES:
        errors.append(("items", f"must be a list of 1 to {MAX_ORDER_LINES} lines"))
        items = []
    lines = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("sku"), str) or set(item) != {"sku", "quantity"}:
            errors.append((f"items/{index}", "must be an object with a sku and a quantity"))
        elif not whole(item["quantity"], 1, MAX_QUANTITY):
            errors.append((f"items/{index}/quantity", f"must be a whole number from 1 to {MAX_QUANTITY}"))
        elif item["sku"] in {sku for sku, _ in lines}:
            errors.append((f"items/{index}/sku", "is already in the order; list each SKU once"))
        else:
            lines.append((item["sku"], item["quantity"]))
    invalid(errors)
    return lines


def idempotency_key(headers):
    """The key's content, or 400: a required header that is missing, malformed or sent twice
    makes the request unreadable."""
    values = headers.get_all("Idempotency-Key") or []
    if not values:
        raise Problem(400, 'POST /orders needs an Idempotency-Key header, such as Idempotency-Key: "order-0001".')
    match = IDEMPOTENCY_KEY.fullmatch(values[0].strip())
    if len(values) != 1 or not match:
        raise Problem(400, "The Idempotency-Key must be one quoted string of 1 to 100 letters, digits and . _ : -")
    return match[1]


def fingerprint(data):
    # Keys sorted and spacing fixed, so the same order written differently is the same request.
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"POST /orders {canonical}".encode()).hexdigest()


# --- Representations ----------------------------------------------------------------------


def product_json(row):
    return {"id": row["id"], "sku": row["sku"], "name": row["name"], "price_cents": row["price_cents"],
            "currency": row["currency"], "stock": row["stock"]}


def order_json(db, row):
    lines = db.execute("SELECT * FROM order_lines WHERE order_id = ? ORDER BY sku", (row["id"],)).fetchall()
    items = [{"sku": line["sku"], "name": line["name"], "quantity": line["quantity"],
              "unit_price_cents": line["unit_price_cents"]} for line in lines]
    return {"id": row["id"], "status": row["status"], "total_cents": row["total_cents"], "currency": row["currency"],
            "items": items, "created_at": row["created_at"]}


def body_etag(body):
    """A strong validator made from the representation itself: any change to the page,
    a new product or a stock count, changes it."""
    data = json.dumps(body, sort_keys=True).encode()
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def none_match(header, current):
    """RFC 9110, section 13.1.2: If-None-Match compares weakly, so W/"x" matches "x"."""
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or current in tags


# --- Routes: accounts ---------------------------------------------------------------------
# Each route takes the request and the ids matched in its path and returns
# (status, body, headers). Errors are raised as Problem.


def register(request):
    email, password = credentials(request.json_body())
    password_hash = hash_password(password)  # slow: done before touching the database
    with connect() as db:
        try:
            cursor = db.execute("INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?)",
                                (email, password_hash, now()))
        except sqlite3.IntegrityError:
            # The UNIQUE constraint decides, so two registrations racing cannot both win.
            raise Problem(409, "An account with this email already exists.") from None
    user_id = cursor.lastrowid
    # Everyone who registers is a customer; only the operator makes administrators.
    return 201, {"id": user_id, "email": email, "role": "customer"}, {"Location": f"/users/{user_id}"}


def issue_token(request):
    data = request.json_body()
    invalid([(name, "must be a string") for name in ("email", "password") if not isinstance(data.get(name), str)])
    with connect() as db:
        user = db.execute("SELECT * FROM users WHERE email = ?", (data["email"].lower(),)).fetchone()
        matches = check_password(user["password_hash"] if user else DECOY_HASH, data["password"])
        if not (user and matches):
            raise unauthorized("The email or password is wrong.")
        token = secrets.token_urlsafe(32)
        db.execute("INSERT INTO tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                   (token_hash(token), user["id"], now(TOKEN_LIFETIME)))
    body = {"access_token": token, "token_type": "Bearer", "expires_in": int(TOKEN_LIFETIME.total_seconds())}
    # RFC 6749, section 5.1: a response carrying a token must not be cached.
    return 200, body, {"Cache-Control": "no-store"}


def get_user(request, user_id):
    me = request.user()
    if me["id"] != user_id and me["role"] != "admin":
        raise Problem(403, "You may read only your own account.")
    with connect() as db:
        row = db.execute("SELECT id, email, role FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        raise Problem(404, f"There is no user with id {user_id}.")
    return 200, dict(row), {}


# --- Routes: catalogue --------------------------------------------------------------------


def create_product(request):
    require_admin(request.user())
    sku, name, price, currency, stock = product_fields(request.json_body())
    with connect() as db:
        try:
            cursor = db.execute(
                "INSERT INTO products (sku, name, price_cents, currency, stock, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (sku, name, price, currency, stock, now()))
        except sqlite3.IntegrityError:
            raise Problem(409, f"A product with SKU {sku} already exists.") from None
        row = db.execute("SELECT * FROM products WHERE id = ?", (cursor.lastrowid,)).fetchone()
    return 201, product_json(row), {"Location": f"/products/{row['id']}"}


def list_products(request):
    """The public catalogue in id order, a page at a time. Stock changes with every order,
    so caches may keep a copy but must revalidate it (no-cache); the ETag makes that cheap:
    304 and no body while nothing changed."""
    limit, after = page_request(request.query())
    with connect() as db:
        rows = db.execute("SELECT * FROM products WHERE id > ? ORDER BY id LIMIT ?", (after or 0, limit + 1)).fetchall()
    body = page(rows, limit, product_json)
    tag = body_etag(body)
    headers = {"ETag": tag, "Cache-Control": "public, no-cache"}
    if none_match(request.headers.get("If-None-Match", ""), tag):
        return 304, None, headers
    return 200, body, headers


def get_product(request, product_id):
    with connect() as db:
        row = db.execute("SELECT * FROM products WHERE id = ?", (product_id,)).fetchone()
    if row is None:
        raise Problem(404, f"There is no product with id {product_id}.")
    return 200, product_json(row), {"Cache-Control": "public, no-cache"}


# --- Routes: orders -----------------------------------------------------------------------


def place_order(request):
    """Checkout. Everything after the request checks happens in one transaction: look up the
    key, place the order (or fail to), store the answer with the key. A retry then finds the
    key and gets the stored answer, and because the transaction holds the write lock from
    its start, a retry that arrives while the first request runs simply waits for it.

    Requests that cannot be read or fail validation claim no key, so the client can fix the
    body and send it again with the same key."""
    user = request.user()
    key = idempotency_key(request.headers)
    data = request.json_body()
    lines = order_items(data)
    request_hash = fingerprint(data)
    with connect() as db, transaction(db):
        db.execute("DELETE FROM idempotency_keys WHERE created_at < ?", (now(-KEY_RETENTION),))
        saved = db.execute("SELECT * FROM idempotency_keys WHERE user_id = ? AND key = ?", (user["id"], key)).fetchone()
        if saved:
            if saved["request_hash"] != request_hash:
                raise Problem(422, "This Idempotency-Key was used for a different order. Use a new key for a new order.")
            status, body = saved["status"], json.loads(saved["response"])
            headers = {"Location": saved["location"]} if saved["location"] else {}
        else:
            status, body, headers = attempt_order(db, user["id"], lines)
            db.execute(
                "INSERT INTO idempotency_keys (user_id, key, request_hash, status, response, location, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (user["id"], key, request_hash, status, json.dumps(body), headers.get("Location"), now()))
    return status, body, headers


def attempt_order(db, user_id, lines):
    """Reserve stock and write the order, or answer why not. A failure undoes its own stock
    changes (ROLLBACK TO the savepoint) but is still an answer to store with the key."""
    db.execute("SAVEPOINT attempt")
    try:
        order_id = write_order(db, user_id, lines)
    except Problem as problem:
        db.execute("ROLLBACK TO attempt")
        db.execute("RELEASE attempt")
        return problem.status, problem.body(), {}
    db.execute("RELEASE attempt")
    order = db.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
    return 201, order_json(db, order), {"Location": f"/orders/{order_id}"}


def write_order(db, user_id, lines):
    products = {sku: db.execute("SELECT * FROM products WHERE sku = ?", (sku,)).fetchone() for sku, _ in lines}
    missing = [sku for sku, product in products.items() if product is None]
    if missing:
        # Well-formed, but it names something that does not exist: 422, not 404 (the URL is fine).
        raise Problem(422, f"No product has the SKU {', '.join(missing)}.")
    if len({product["currency"] for product in products.values()}) > 1:
        raise Problem(422, "All products in one order must have the same currency.")
    for sku, quantity in lines:
        # The condition is in the UPDATE itself, so stock can never go below zero, even
        # without the transaction's lock (as in PostgreSQL at read committed).
        changed = db.execute("UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?",
                             (quantity, products[sku]["id"], quantity)).rowcount
        if changed == 0:
            raise Problem(409, f"Only {products[sku]['stock']} of {sku} left in stock.")
    total = sum(products[sku]["price_cents"] * quantity for sku, quantity in lines)
    currency = next(iter(products.values()))["currency"]
    order_id = db.execute("INSERT INTO orders (user_id, status, total_cents, currency, created_at) VALUES (?, 'placed', ?, ?, ?)",
                          (user_id, total, currency, now())).lastrowid
    for sku, quantity in lines:
        product = products[sku]
        db.execute("INSERT INTO order_lines (order_id, product_id, sku, name, quantity, unit_price_cents)"
                   " VALUES (?, ?, ?, ?, ?, ?)", (order_id, product["id"], sku, product["name"], quantity, product["price_cents"]))
    return order_id


def get_order(request, order_id):
    user = request.user()
    with connect() as db:
        row = db.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
        # Another customer's order gets the same 404 as a missing one, so order ids cannot
        # be probed.
        if row is None or (row["user_id"] != user["id"] and user["role"] != "admin"):
            raise Problem(404, f"There is no order {order_id} of yours.")
        body = order_json(db, row)
    return 200, body, {"Cache-Control": "private, no-cache"}


def list_orders(request):
    """The customer's order history, newest first, a page at a time."""
    user = request.user()
    limit, before = page_request(request.query())
    with connect() as db:
        rows = db.execute("SELECT * FROM orders WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                          (user["id"], before or 2**63 - 1, limit + 1)).fetchall()
        body = page(rows, limit, lambda row: order_json(db, row))
    return 200, body, {"Cache-Control": "private, no-cache"}


ID = r"([1-9][0-9]{0,17})"  # at most 18 digits: always fits SQLite's 64-bit integers
ROUTES = [
    (r"/auth/register", {"POST": register}),
    (r"/auth/token", {"POST": issue_token}),
    (rf"/users/{ID}", {"GET": get_user}),
    (r"/products", {"GET": list_products, "POST": create_product}),
    (rf"/products/{ID}", {"GET": get_product}),
    (r"/orders", {"GET": list_orders, "POST": place_order}),
    (rf"/orders/{ID}", {"GET": get_order}),
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
        return "ecommerce-api"

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
        """The user (id and role) whose bearer token came with the request, or 401."""
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise unauthorized("Log in and send your access token as Authorization: Bearer <token>.")
        with connect() as db:
            row = db.execute(
                "SELECT users.id, users.role, tokens.expires_at FROM tokens JOIN users ON users.id = tokens.user_id"
                " WHERE tokens.token_hash = ?", (token_hash(token.strip()),)).fetchone()
        if row is None or row["expires_at"] <= now():
            raise unauthorized("The access token is unknown or has expired.", "invalid_token")
        return row

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
            # Every error body is problem details (RFC 9457), including stored ones replayed.
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
    # The port already listens; requests that arrive during the slow password hash wait in
    # its backlog and are served once the administrator exists.
    seed_admin()
    # SIGTERM (kill, Docker, systemd) stops the server the way Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"ecommerce-api listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
