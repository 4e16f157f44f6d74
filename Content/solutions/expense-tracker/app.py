"""Expense tracker: a reference solution for the expense-tracker project.

Run it with:

    PORT=8000 DATABASE=expense-tracker.sqlite python3 app.py

Only the standard library: http.server speaks HTTP/1.1, sqlite3 stores categories and
expenses, json reads and writes the bodies. The file reads from top to bottom: settings, the
database, errors, validation, the routes, then the HTTP plumbing that connects them.

Money is an integer number of cents everywhere: in the table, in Python and in JSON. No
float ever touches it, so 0.10 + 0.20 is always exactly 30 cents.
"""

import json
import os
import re
import signal
import sqlite3
import sys
import traceback
from contextlib import contextmanager
from datetime import date, datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlsplit

PORT = int(os.environ.get("PORT", "8000"))
DATABASE = os.environ.get("DATABASE", "expense-tracker.sqlite")

# The largest request body read. An expense is a few hundred bytes; anything far bigger is a
# mistake or an attack, and is refused with 413 before it is read.
MAX_BODY_BYTES = 64 * 1024
# A billion in major units: generous for one expense, and far enough below SQLite's 64-bit
# integers that no sum of them can overflow.
MAX_AMOUNT_CENTS = 100_000_000_000


# --- The database -------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS categories (
  name       TEXT PRIMARY KEY NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS expenses (
  -- AUTOINCREMENT never hands out an id twice, so a link to a deleted expense cannot come
  -- to point at a newer one.
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  -- typeof() = 'integer' refuses a REAL such as 12.5 that would otherwise be stored as is.
  amount_cents INTEGER NOT NULL CHECK (typeof(amount_cents) = 'integer' AND amount_cents > 0),
  currency     TEXT NOT NULL CHECK (length(currency) = 3),
  -- RESTRICT: a category that still has expenses cannot be deleted. The database enforces
  -- it for every program that writes here, and the API only translates its answer.
  category     TEXT NOT NULL REFERENCES categories (name) ON DELETE RESTRICT,
  spent_on     TEXT NOT NULL,  -- YYYY-MM-DD, so text order is date order
  note         TEXT,
  created_at   TEXT NOT NULL
);
-- Date ranges and monthly reports read expenses by date; a category's expenses are found by
-- category, which is also how the foreign key checks a category before deleting it.
CREATE INDEX IF NOT EXISTS expenses_spent_on ON expenses (spent_on);
CREATE INDEX IF NOT EXISTS expenses_category ON expenses (category, spent_on);
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
    """The current time in RFC 3339 format, in UTC: 2025-03-14T09:30:00Z."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


CATEGORY_COLUMNS = ("name", "created_at")
EXPENSE_COLUMNS = ("id", "amount_cents", "currency", "category", "spent_on", "note", "created_at")


def as_json(row, columns):
    return {column: row[column] for column in columns}


def category_path(name):
    # A name may hold any character, so it is percent-encoded to become one path segment.
    return "/categories/" + quote(name, safe="")


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


# --- Validation ---------------------------------------------------------------------------

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
CURRENCY = re.compile(r"[A-Z]{3}")


def parse_date(text):
    """A calendar date written YYYY-MM-DD, or None. The pattern comes first because
    date.fromisoformat also accepts other ISO 8601 forms, such as 20250314."""
    if not isinstance(text, str) or not DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # 2025-02-30
        return None


def field_error(name, detail):
    return {"pointer": f"#/{name}", "detail": detail}


def unknown_field_errors(data, known):
    # Refusing unknown fields catches typos, and stops a client from setting id or created_at.
    unknown = sorted(set(data) - set(known))
    return [field_error(name, "is not a field you can set here") for name in unknown]


def is_name(value):
    return isinstance(value, str) and value.strip() != "" and len(value) <= 100


def category_errors(data):
    errors = unknown_field_errors(data, ["name"])
    if not is_name(data.get("name")):
        detail = "must be a string of 1 to 100 characters, not only spaces"
        errors.append(field_error("name", detail))
    return errors


def expense_errors(data):
    errors = unknown_field_errors(data, ["amount_cents", "currency", "category", "spent_on", "note"])
    amount = data.get("amount_cents")
    # type() rather than isinstance(), which would let true through: bool is an int in
    # Python. A float such as 12.5, or a string such as "12.50", is the very mistake this
    # field exists to prevent.
    if type(amount) is not int or not 0 < amount <= MAX_AMOUNT_CENTS:
        detail = f"must be a whole number of cents from 1 to {MAX_AMOUNT_CENTS}"
        errors.append(field_error("amount_cents", detail))
    if not isinstance(data.get("currency"), str) or not CURRENCY.fullmatch(data["currency"]):
        detail = "must be an ISO 4217 code: three capital letters, such as EUR"
        errors.append(field_error("currency", detail))
    if not is_name(data.get("category")):
        errors.append(field_error("category", "must be the name of a category"))
    if parse_date(data.get("spent_on")) is None:
        errors.append(field_error("spent_on", "must be a date written YYYY-MM-DD"))
    note = data.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > 500):
        errors.append(field_error("note", "must be a string of at most 500 characters"))
    return errors


def validate(errors):
    if errors:
        raise Problem(422, f"{len(errors)} field(s) failed validation.", errors=errors)


def one_parameter(query, name):
    """The value of a query parameter sent at most once, or None when it is absent."""
    values = query.get(name)
    if values is None:
        return None
    if len(values) != 1:
        raise Problem(400, f"Send {name} at most once.")
    return values[0]


def date_parameter(query, name):
    # A query parameter that cannot be read is 400: it is part of the target, not of the
    # request content that 422 is about.
    text = one_parameter(query, name)
    if text is not None and parse_date(text) is None:
        raise Problem(400, f"{name} must be a date written YYYY-MM-DD.")
    return text


def month_range(query):
    """The first day of the month asked for and the first day of the next one: a half-open
    range that an index on spent_on can serve, whatever the length of the month."""
    text = one_parameter(query, "month")
    match = MONTH.fullmatch(text or "")
    if match is None:
        raise Problem(400, "month is required, written YYYY-MM.")
    year, month = int(match[1]), int(match[2])
    following = f"{year + 1:04d}-01" if month == 12 else f"{year:04d}-{month + 1:02d}"
    return text, f"{text}-01", f"{following}-01"


# --- Categories ---------------------------------------------------------------------------
# Each route takes the request and the values matched in the path, and returns
# (status, body, headers). Errors are raised as Problem.


def create_category(request):
    data = request.json_body()
    validate(category_errors(data))
    try:
        with database() as db:
            db.execute("INSERT INTO categories (name, created_at) VALUES (?, ?)", (data["name"], now()))
            row = db.execute("SELECT * FROM categories WHERE name = ?", (data["name"],)).fetchone()
    except sqlite3.IntegrityError as error:
        if violated(error, "PRIMARYKEY"):
            # The primary key refuses the duplicate, even when two requests race: 409, the
            # request clashes with a category that already exists.
            raise Problem(409, "A category with this name already exists.") from None
        raise
    return 201, as_json(row, CATEGORY_COLUMNS), {"Location": category_path(row["name"])}


def list_categories(request):
    with database() as db:
        rows = db.execute("SELECT * FROM categories ORDER BY name").fetchall()
    return 200, {"items": [as_json(row, CATEGORY_COLUMNS) for row in rows]}, {}


def get_category(request, name):
    with database() as db:
        row = db.execute("SELECT * FROM categories WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise Problem(404, "There is no category with this name.")
    return 200, as_json(row, CATEGORY_COLUMNS), {}


def delete_category(request, name):
    try:
        with database() as db:
            cursor = db.execute("DELETE FROM categories WHERE name = ?", (name,))
    except sqlite3.IntegrityError as error:
        # SQLite runs ON DELETE RESTRICT like a trigger, and names its failure so.
        if violated(error, "TRIGGER"):
            # 409: the request is valid, but clashes with the expenses that still use it.
            raise Problem(409, "The category still has expenses; delete them first.") from None
        raise
    if cursor.rowcount == 0:
        raise Problem(404, "There is no category with this name.")
    return 204, None, {}


# --- Expenses -----------------------------------------------------------------------------


def create_expense(request):
    data = request.json_body()
    validate(expense_errors(data))
    try:
        with database() as db:
            cursor = db.execute(
                "INSERT INTO expenses (amount_cents, currency, category, spent_on, note, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (data["amount_cents"], data["currency"], data["category"], data["spent_on"],
                 data.get("note"), now()),
            )
            row = db.execute("SELECT * FROM expenses WHERE id = ?", (cursor.lastrowid,)).fetchone()
    except sqlite3.IntegrityError as error:
        if violated(error, "FOREIGNKEY"):
            # The body is well-formed, but names a category that does not exist: a value
            # that fails validation, so 422. The foreign key checks it in the same statement
            # as the insert, so a category deleted a moment earlier cannot slip through.
            errors = [field_error("category", "is not the name of an existing category")]
            raise Problem(422, "1 field(s) failed validation.", errors=errors) from None
        raise
    return 201, as_json(row, EXPENSE_COLUMNS), {"Location": f"/expenses/{row['id']}"}


def list_expenses(request):
    query = request.query()
    filters = {
        "from": date_parameter(query, "from"),
        "to": date_parameter(query, "to"),
        "category": one_parameter(query, "category"),
    }
    if filters["from"] and filters["to"] and filters["from"] > filters["to"]:
        raise Problem(400, "from must not be after to.")
    with database() as db:
        # Each filter applies only when it was sent: (:x IS NULL OR ...) is true for a
        # filter left out. Both dates are inclusive.
        rows = db.execute(
            """
            SELECT * FROM expenses
            WHERE (:from IS NULL OR spent_on >= :from)
              AND (:to IS NULL OR spent_on <= :to)
              AND (:category IS NULL OR category = :category)
            ORDER BY spent_on, id
            """,
            filters,
        ).fetchall()
    items = [as_json(row, EXPENSE_COLUMNS) for row in rows]
    return 200, {"items": items, "total": len(items)}, {}


def get_expense(request, expense_id):
    with database() as db:
        row = db.execute("SELECT * FROM expenses WHERE id = ?", (expense_id,)).fetchone()
    if row is None:
        raise Problem(404, f"There is no expense with id {expense_id}.")
    return 200, as_json(row, EXPENSE_COLUMNS), {}


def delete_expense(request, expense_id):
    with database() as db:
        cursor = db.execute("DELETE FROM expenses WHERE id = ?", (expense_id,))
    if cursor.rowcount == 0:
        raise Problem(404, f"There is no expense with id {expense_id}.")
    return 204, None, {}


# --- The monthly report -------------------------------------------------------------------


def monthly_report(request):
    query = request.query()
    month, start, end = month_range(query)
    where = {"start": start, "end": end, "category": one_parameter(query, "category")}
    with database() as db:
        # Both queries read inside one transaction, so they see the same expenses and the
        # totals always agree with the lines per category.
        db.execute("BEGIN")
        # The database adds up the integers, grouped so that amounts in different currencies
        # are never added together.
        by_category = db.execute(
            """
            SELECT category, currency, SUM(amount_cents) AS amount_cents, COUNT(*) AS count
            FROM expenses
            WHERE spent_on >= :start AND spent_on < :end
              AND (:category IS NULL OR category = :category)
            GROUP BY category, currency
            ORDER BY category, currency
            """,
            where,
        ).fetchall()
        totals = db.execute(
            """
            SELECT currency, SUM(amount_cents) AS amount_cents, COUNT(*) AS count
            FROM expenses
            WHERE spent_on >= :start AND spent_on < :end
              AND (:category IS NULL OR category = :category)
            GROUP BY currency
            ORDER BY currency
            """,
            where,
        ).fetchall()
    return 200, {
        "month": month,
        "totals": [dict(row) for row in totals],
        "by_category": [dict(row) for row in by_category],
    }, {}


# A path pattern, the converter for each value it captures, and the handler for each method
# it allows. HEAD is answered wherever GET is. Expense ids have at most 18 digits, so every
# id fits SQLite's 64-bit integers; a longer one is simply a path with nothing at it.
ROUTES = [
    (re.compile(r"/categories"), None, {"GET": list_categories, "POST": create_category}),
    (re.compile(r"/categories/([^/]+)"), unquote, {"GET": get_category, "DELETE": delete_category}),
    (re.compile(r"/expenses"), None, {"GET": list_expenses, "POST": create_expense}),
    (re.compile(r"/expenses/([0-9]{1,18})"), int, {"GET": get_expense, "DELETE": delete_expense}),
    (re.compile(r"/reports/monthly"), None, {"GET": monthly_report}),
]


def find_route(method, path):
    """The handler and path values for a request, or the Problem that answers it instead."""
    for pattern, convert, handlers in ROUTES:
        match = pattern.fullmatch(path)
        if match is None:
            continue
        handler = handlers.get("GET" if method == "HEAD" else method)
        if handler is None:
            # 405 must say what is allowed (RFC 9110, section 15.5.6).
            raise Problem(405, f"{method} is not allowed here.", headers={"Allow": allowed(handlers)})
        return handler, [convert(value) for value in match.groups()]
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
        return "expense-tracker"

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
        for pattern, _, handlers in ROUTES:
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
        # keep_blank_values: ?month= is a bad value (400), not a missing one.
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
    print(f"expense-tracker listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
