"""Reference handlers for the http exercises of rest-best-practices: what a correct learner
server does, one exercise per process (see server.py)."""
import base64
import hashlib
import re
import threading
import time
import uuid
from datetime import datetime

from server import problem

LOCK = threading.Lock()


def not_found(request):
    return problem(404, "Not Found", f"Nothing at {request.path}")


def method_not_allowed(allow):
    status, headers, body = problem(405, "Method Not Allowed")
    headers["Allow"] = allow
    return status, headers, body


def parse_limit(query, default=20, maximum=100):
    """The page size, or None when the parameter is unusable (400)."""
    raw = query.get("limit")
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]{1,4}", raw):
        return None
    value = int(raw)
    return value if 1 <= value <= maximum else None


def parse_time(text):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", text or ""):
        return None
    try:
        datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None
    return text


def read_json(request):
    """(value, None) or (None, an error response): 415 for another media type, 400 for bad JSON."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        return None, problem(415, "Unsupported Media Type", "Send the body as application/json.")
    try:
        return request.json(), None
    except (ValueError, UnicodeDecodeError):
        return None, problem(400, "Bad Request", "The body is not valid JSON.")


# --- Collections: pagination, filtering and sorting -------------------------------------------

ORDERS = [
    {"id": 1, "created_at": "2025-03-01T09:00:00Z", "total_cents": 1200},
    {"id": 2, "created_at": "2025-03-01T09:00:00Z", "total_cents": 450},
    {"id": 3, "created_at": "2025-03-02T14:30:00Z", "total_cents": 9900},
    {"id": 4, "created_at": "2025-03-03T08:15:00Z", "total_cents": 300},
    {"id": 5, "created_at": "2025-03-03T08:15:00Z", "total_cents": 2500},
]


def encode_cursor(order):
    raw = f"{order['created_at']}|{order['id']}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text):
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    created_at, _, ident = raw.partition("|")
    if parse_time(created_at) is None or not ident.isdigit():
        return None
    return created_at, int(ident)


def cursor_pagination(request):
    if request.path != "/orders":
        return not_found(request)
    if request.method != "GET":
        return method_not_allowed("GET")
    limit = parse_limit(request.query)
    if limit is None:
        return problem(400, "Bad Request", "limit must be an integer from 1 to 100.")
    rows = sorted(ORDERS, key=lambda o: (o["created_at"], o["id"]), reverse=True)
    if "cursor" in request.query:
        after = decode_cursor(request.query["cursor"])
        if after is None:
            return problem(400, "Bad Request", "The cursor is not one this API issued.")
        rows = [o for o in rows if (o["created_at"], o["id"]) < after]
    page = rows[: limit + 1]
    headers = {}
    if len(page) > limit:
        page = page[:limit]
        headers["Link"] = f'</orders?limit={limit}&cursor={encode_cursor(page[-1])}>; rel="next"'
    return 200, headers, {"data": page}


PRODUCTS = [
    {"id": 1, "name": "Desk lamp", "category": "lighting", "price_cents": 3900, "created_at": "2025-01-10T10:00:00Z"},
    {"id": 2, "name": "Floor lamp", "category": "lighting", "price_cents": 8900, "created_at": "2025-02-01T09:30:00Z"},
    {"id": 3, "name": "Bookshelf", "category": "furniture", "price_cents": 12900, "created_at": "2025-01-20T16:45:00Z"},
    {"id": 4, "name": "Reading chair", "category": "furniture", "price_cents": 24900, "created_at": "2025-03-05T11:00:00Z"},
    {"id": 5, "name": "LED bulb", "category": "lighting", "price_cents": 900, "created_at": "2025-03-01T08:00:00Z"},
    {"id": 6, "name": "Side table", "category": "furniture", "price_cents": 8900, "created_at": "2025-02-14T12:00:00Z"},
]
SORTABLE = {"id", "name", "price_cents", "created_at"}


def sort_filter_allowlist(request):
    if request.path != "/products":
        return not_found(request)
    if request.method != "GET":
        return method_not_allowed("GET")
    rows = list(PRODUCTS)
    if "category" in request.query:
        rows = [p for p in rows if p["category"] == request.query["category"]]
    if "created_after" in request.query:
        after = parse_time(request.query["created_after"])
        if after is None:
            return problem(400, "Bad Request", "created_after must be an RFC 3339 UTC time such as 2025-02-01T00:00:00Z.")
        rows = [p for p in rows if p["created_at"] > after]
    keys = []
    for part in request.query.get("sort", "id").split(","):
        name = part[1:] if part.startswith("-") else part
        if name not in SORTABLE:
            return problem(400, "Bad Request", f"Cannot sort by '{name}'; use id, name, price_cents or created_at.")
        keys.append((name, part.startswith("-")))
    rows.sort(key=lambda p: p["id"])  # the final tie-break; Python's sort is stable
    for name, descending in reversed(keys):
        rows.sort(key=lambda p: p[name], reverse=descending)
    return 200, {}, {"data": rows}


# --- Naming, validation and input limits ------------------------------------------------------

LINES = {}
BODY_LIMIT = 64 * 1024


def validation_status_codes(request):
    match = re.fullmatch(r"/order-lines(?:/([^/]+))?", request.path)
    if not match:
        return not_found(request)
    if match[1]:
        if request.method != "GET":
            return method_not_allowed("GET")
        line = LINES.get(match[1])
        return (200, {}, line) if line else not_found(request)
    if request.method != "POST":
        return method_not_allowed("POST")
    if len(request.body) > BODY_LIMIT:
        return problem(413, "Content Too Large", "The body may be at most 65536 bytes.")
    body, error = read_json(request)
    if error:
        return error
    if not isinstance(body, dict):
        return problem(422, "Unprocessable Content", "The body must be a JSON object.")
    errors = []
    sku = body.get("sku")
    if not isinstance(sku, str) or not 1 <= len(sku) <= 32:
        errors.append({"pointer": "#/sku", "detail": "must be a string of 1 to 32 characters"})
    quantity = body.get("quantity")
    if type(quantity) is not int or not 1 <= quantity <= 100:
        errors.append({"pointer": "#/quantity", "detail": "must be an integer between 1 and 100"})
    if body.get("currency") not in ("EUR", "GBP", "USD"):
        errors.append({"pointer": "#/currency", "detail": "must be one of EUR, GBP, USD"})
    if errors:
        return problem(422, "The request body is invalid", errors=errors)
    line = {"id": uuid.uuid4().hex, "sku": sku, "quantity": quantity, "currency": body["currency"]}
    LINES[line["id"]] = line
    return 201, {"Location": f"/order-lines/{line['id']}"}, line


# --- Idempotency keys for payments and orders -------------------------------------------------

PAYMENTS = {}
KEYS = {}  # key -> (fingerprint, status, headers, body)
KEY_FORMAT = re.compile(r'"([A-Za-z0-9_-]{8,64})"')


def idempotent_payments(request):
    match = re.fullmatch(r"/payments(?:/([^/]+))?", request.path)
    if not match:
        return not_found(request)
    if match[1]:
        if request.method != "GET":
            return method_not_allowed("GET")
        payment = PAYMENTS.get(match[1])
        return (200, {}, payment) if payment else not_found(request)
    if request.method != "POST":
        return method_not_allowed("POST")
    raw_key = request.headers.get("idempotency-key")
    if raw_key is None:
        return problem(400, "Idempotency-Key required", "POST /payments needs an Idempotency-Key header.")
    key = KEY_FORMAT.fullmatch(raw_key.strip())
    if not key:
        return problem(400, "Malformed Idempotency-Key", 'Send a quoted string, e.g. Idempotency-Key: "pay-0b4e8c52".')
    body, error = read_json(request)
    if error:
        return error
    fingerprint = hashlib.sha256(request.body).hexdigest()
    with LOCK:
        stored = KEYS.get(key[1])
        if stored:
            if stored[0] != fingerprint:
                return problem(422, "Idempotency-Key reused", "This key was used for a different request.")
            return stored[1], dict(stored[2]), stored[3]
        amount = body.get("amount_cents") if isinstance(body, dict) else None
        currency = body.get("currency") if isinstance(body, dict) else None
        if type(amount) is not int or amount <= 0 or currency not in ("EUR", "GBP", "USD"):
            response = problem(422, "The request body is invalid", "amount_cents must be a positive integer and currency EUR, GBP or USD.")
        else:
            payment = {"id": "pay_" + uuid.uuid4().hex[:12], "amount_cents": amount, "currency": currency, "status": "captured"}
            PAYMENTS[payment["id"]] = payment
            response = (201, {"Location": f"/payments/{payment['id']}"}, payment)
        KEYS[key[1]] = (fingerprint, *response)
        return response


# --- Caching headers and conditional GET ------------------------------------------------------

ITEM = {"id": 42, "name": "Desk lamp", "price_cents": 3900}
ITEM_ETAG = '"3"'


def etag_matches(header, etag):
    """If-None-Match uses weak comparison: W/"3" matches "3"."""
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    opaque = lambda tag: tag[2:] if tag.startswith("W/") else tag
    return any(opaque(t) == opaque(etag) for t in tags)


def etag_304(request):
    if request.path != "/catalog/items/42":
        return not_found(request)
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed("GET, HEAD")
    headers = {"ETag": ITEM_ETAG, "Cache-Control": "public, max-age=60"}
    inm = request.headers.get("if-none-match")
    if inm is not None and etag_matches(inm, ITEM_ETAG):
        return 304, headers, b""
    return 200, headers, ITEM


PRICES = [{"sku": "LAMP-1", "price_cents": 3900}, {"sku": "BULB-9", "price_cents": 900}]


def vary_accept(request):
    if request.path != "/price-list":
        return not_found(request)
    if request.method != "GET":
        return method_not_allowed("GET")
    headers = {"Vary": "Accept", "Cache-Control": "public, max-age=60, s-maxage=300"}
    accept = [a.split(";")[0].strip().lower() for a in request.headers.get("accept", "*/*").split(",")]
    if any(a in ("application/json", "application/*", "*/*") for a in accept):
        return 200, headers, {"items": PRICES}
    if any(a in ("text/csv", "text/*") for a in accept):
        csv = "sku,price_cents\r\n" + "".join(f"{p['sku']},{p['price_cents']}\r\n" for p in PRICES)
        return 200, {**headers, "Content-Type": "text/csv; charset=utf-8"}, csv
    status, extra, body = problem(406, "Not Acceptable", "This resource is available as application/json or text/csv.")
    return status, {**headers, **extra}, body


# --- Optimistic concurrency with If-Match ----------------------------------------------------

NOTES = {}


def if_match_412(request):
    match = re.fullmatch(r"/notes(?:/([^/]+))?", request.path)
    if not match:
        return not_found(request)
    if not match[1]:
        if request.method != "POST":
            return method_not_allowed("POST")
        body, error = read_json(request)
        if error:
            return error
        if not isinstance(body, dict) or not isinstance(body.get("title"), str) or not body["title"].strip():
            return problem(422, "The request body is invalid", "title must be a non-empty string.")
        note = {"id": uuid.uuid4().hex[:12], "title": body["title"], "version": 1}
        NOTES[note["id"]] = note
        return 201, {"Location": f"/notes/{note['id']}", "ETag": '"1"'}, note
    with LOCK:
        note = NOTES.get(match[1])
        if request.method == "GET":
            return (200, {"ETag": f'"{note["version"]}"'}, note) if note else not_found(request)
        if request.method != "PATCH":
            return method_not_allowed("GET, PATCH")
        if_match = request.headers.get("if-match")
        if if_match is None:
            return problem(428, "Precondition Required", "Send If-Match with the ETag you last read.")
        if note is None:
            return not_found(request)
        body, error = read_json(request)
        if error:
            return error
        if not isinstance(body, dict) or ("title" in body and (not isinstance(body["title"], str) or not body["title"].strip())):
            return problem(422, "The request body is invalid", "title must be a non-empty string.")
        # Strong comparison: only the exact quoted version matches; a weak W/ tag never does.
        if if_match.strip() != f'"{note["version"]}"':
            return problem(412, "Precondition Failed", "The note changed since you read it; GET it again and merge.")
        if "title" in body:
            note["title"] = body["title"]
        note["version"] += 1
        return 200, {"ETag": f'"{note["version"]}"'}, note


# --- Bulk and long-running operations --------------------------------------------------------

EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def partial_batch(request):
    if request.path != "/contacts/batch":
        return not_found(request)
    if request.method != "POST":
        return method_not_allowed("POST")
    body, error = read_json(request)
    if error:
        return error
    contacts = body.get("contacts") if isinstance(body, dict) else None
    if not isinstance(contacts, list) or not 1 <= len(contacts) <= 10:
        return problem(422, "The request body is invalid", "contacts must be an array of 1 to 10 items.")
    results = []
    for index, item in enumerate(contacts):
        item = item if isinstance(item, dict) else {}
        name, email = item.get("name"), item.get("email")
        if not isinstance(name, str) or not name.strip():
            results.append({"index": index, "status": 422, "error": {"title": "name is required", "status": 422}})
        elif not isinstance(email, str) or not EMAIL.fullmatch(email):
            results.append({"index": index, "status": 422, "error": {"title": "email is invalid", "status": 422}})
        else:
            results.append({"index": index, "status": 201, "id": "ct_" + uuid.uuid4().hex[:10]})
    return 200, {}, {"results": results}


OPERATIONS = {}
REPORTS = {}
BUILD_SECONDS = 1.5


def async_report(request):
    if request.path == "/reports":
        if request.method != "POST":
            return method_not_allowed("POST")
        body, error = read_json(request)
        if error:
            return error
        kind = body.get("kind") if isinstance(body, dict) else None
        month = body.get("month") if isinstance(body, dict) else None
        if kind not in ("sales", "refunds") or not isinstance(month, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            return problem(422, "The request body is invalid", "kind must be sales or refunds and month YYYY-MM.")
        op = {"id": "op_" + uuid.uuid4().hex[:10], "status": "running", "started": time.monotonic(),
              "report": {"id": "rp_" + uuid.uuid4().hex[:10], "kind": kind, "month": month, "total_cents": 1234500}}
        OPERATIONS[op["id"]] = op
        return 202, {"Location": f"/operations/{op['id']}", "Retry-After": "1"}, {"id": op["id"], "status": "running"}
    match = re.fullmatch(r"/(operations|reports)/([^/]+)", request.path)
    if not match:
        return not_found(request)
    if request.method != "GET":
        return method_not_allowed("GET")
    if match[1] == "reports":
        report = REPORTS.get(match[2])
        return (200, {}, report) if report else not_found(request)
    op = OPERATIONS.get(match[2])
    if op is None:
        return not_found(request)
    if time.monotonic() - op["started"] < BUILD_SECONDS:
        return 200, {"Retry-After": "1"}, {"id": op["id"], "status": "running"}
    REPORTS[op["report"]["id"]] = op["report"]
    return 303, {"Location": f"/reports/{op['report']['id']}"}, b""


# --- Deprecation and sunset headers ----------------------------------------------------------

def deprecate_v1(request):
    if request.method != "GET":
        return method_not_allowed("GET")
    if request.path == "/v1/customers/7":
        return 200, {
            "Deprecation": "@1814399999",
            "Sunset": "Fri, 30 Jun 2028 23:59:59 GMT",
            "Link": '<https://developer.example.com/migrate/customers-v2>; rel="deprecation"; type="text/html"',
        }, {"id": "7", "name": "Ada Lovelace"}
    if request.path == "/v2/customers/7":
        return 200, {}, {"id": "7", "given_name": "Ada", "family_name": "Lovelace"}
    if request.path.startswith("/v0/"):
        return problem(410, "Gone", "API v0 was switched off; use /v2.")
    return not_found(request)


# --- API keys, rate limits and security headers ----------------------------------------------

CALLS = {}
API_KEY = re.compile(r"Bearer (sk_test_[A-Za-z0-9]{1,64})")


def rate_limit_429(request):
    if request.path != "/exchange-rates":
        return not_found(request)
    if request.method != "GET":
        return method_not_allowed("GET")
    match = API_KEY.fullmatch(request.headers.get("authorization", ""))
    if not match:
        status, headers, body = problem(401, "Unauthorized", "Send Authorization: Bearer with your API key.")
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return status, headers, body
    now = time.monotonic()
    with LOCK:
        recent = [t for t in CALLS.get(match[1], []) if now - t < 60]
        if len(recent) >= 5:
            retry = max(1, int(60 - (now - recent[0])) + 1)
            status, headers, body = problem(429, "Too Many Requests", "This key allows 5 requests per minute.")
            headers["Retry-After"] = str(retry)
            CALLS[match[1]] = recent
            return status, headers, body
        CALLS[match[1]] = recent + [now]
    return 200, {}, {"base": "EUR", "rates": {"GBP": 0.85, "USD": 1.08}}


ALLOWED_ORIGINS = {"https://app.example.com"}


def cors_preflight(request):
    if request.path != "/profile":
        return not_found(request)
    origin = request.headers.get("origin")
    cors = {"Vary": "Origin"}
    if origin in ALLOWED_ORIGINS:
        cors.update({"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true"})
    if request.method == "OPTIONS":
        if origin in ALLOWED_ORIGINS and request.headers.get("access-control-request-method"):
            cors.update({
                "Access-Control-Allow-Methods": "GET, PATCH",
                "Access-Control-Allow-Headers": "Authorization, Content-Type",
                "Access-Control-Max-Age": "600",
            })
        return 204, cors, b""
    if request.method != "GET":
        return method_not_allowed("GET, PATCH, OPTIONS")
    return 200, cors, {"name": "Ada Lovelace", "email": "ada@example.com"}


SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


def security_headers(request):
    if request.path != "/billing-details":
        status, headers, body = not_found(request)
        return status, {**headers, **SECURITY_HEADERS}, body
    if request.method != "GET":
        status, headers, body = method_not_allowed("GET")
        return status, {**headers, **SECURITY_HEADERS}, body
    return 200, {**SECURITY_HEADERS, "Cache-Control": "no-store"}, {
        "name": "Ada Lovelace", "email": "ada@example.com", "iban_last4": "4321"}


EXERCISES = {
    "cursor-pagination": cursor_pagination,
    "sort-filter-allowlist": sort_filter_allowlist,
    "validation-status-codes": validation_status_codes,
    "idempotent-payments": idempotent_payments,
    "etag-304": etag_304,
    "vary-accept": vary_accept,
    "if-match-412": if_match_412,
    "partial-batch": partial_batch,
    "async-report": async_report,
    "deprecate-v1": deprecate_v1,
    "rate-limit-429": rate_limit_429,
    "cors-preflight": cors_preflight,
    "security-headers": security_headers,
}
