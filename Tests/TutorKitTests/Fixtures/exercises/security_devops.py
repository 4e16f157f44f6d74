"""Reference handlers for the http exercises of security-devops: what a correct learner server
does, one exercise per process (see server.py)."""
import re
import sqlite3
import threading
import time
import uuid
from urllib.parse import urlencode

from server import problem

LOCK = threading.Lock()


def not_found(request):
    return problem(404, "Not Found", f"Nothing at {request.path}")


def with_headers(response, headers):
    status, base, body = response
    return status, {**base, **headers}, body


def bearer(request):
    match = re.fullmatch(r"Bearer (\S+)", request.headers.get("authorization", ""))
    return match[1] if match else None


# --- OWASP Top 10 and the API Security Top 10 -------------------------------------------------

TENANT_TOKENS = {"tok-acme-51c2": "acme", "tok-globex-8e07": "globex"}
RECEIPTS = [
    {"id": "rc-1001", "tenant": "acme", "total_cents": 4200},
    {"id": "rc-1002", "tenant": "acme", "total_cents": 9900},
    {"id": "rc-2001", "tenant": "globex", "total_cents": 15000},
]


def bola_receipts(request):
    match = re.fullmatch(r"/receipts(?:/([^/]+))?", request.path)
    if not match:
        return not_found(request)
    if request.method != "GET":
        return with_headers(problem(405, "Method Not Allowed"), {"Allow": "GET"})
    tenant = TENANT_TOKENS.get(bearer(request) or "")
    if tenant is None:
        return with_headers(problem(401, "Unauthorized"), {"WWW-Authenticate": 'Bearer realm="receipts"'})
    # The tenant is part of every lookup, as in WHERE id = ? AND tenant_id = ?
    mine = [r for r in RECEIPTS if r["tenant"] == tenant]
    if match[1] is None:
        return 200, {}, {"data": mine}
    found = next((r for r in mine if r["id"] == match[1]), None)
    return (200, {}, found) if found else not_found(request)


# --- Input validation and SQL injection -------------------------------------------------------

DRAFTS = {}
DRAFT_FIELDS = {"customer", "totalCents", "currency"}


def invoice_draft_validation(request):
    if request.path != "/invoice-drafts":
        return not_found(request)
    if request.method != "POST":
        return with_headers(problem(405, "Method Not Allowed"), {"Allow": "POST"})
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return problem(415, "Unsupported Media Type", "Send application/json.")
    try:
        body = request.json()
    except (ValueError, UnicodeDecodeError):
        return problem(400, "Bad Request", "The body is not valid JSON.")
    if not isinstance(body, dict):
        return problem(422, "The request body is invalid", "The body must be a JSON object.")
    errors = []
    for name in sorted(set(body) - DRAFT_FIELDS):
        errors.append({"pointer": f"#/{name}", "detail": "is not an allowed field"})
    customer = body.get("customer")
    if not isinstance(customer, str) or not 1 <= len(customer.strip()) <= 200:
        errors.append({"pointer": "#/customer", "detail": "must be 1 to 200 characters"})
    total = body.get("totalCents")
    if type(total) is not int or not 0 < total <= 100_000_000:
        errors.append({"pointer": "#/totalCents", "detail": "must be an integer from 1 to 100000000"})
    if body.get("currency") not in ("EUR", "USD", "GBP"):
        errors.append({"pointer": "#/currency", "detail": "must be EUR, USD or GBP"})
    if errors:
        return problem(422, "The request body is invalid", errors=errors)
    draft = {"id": uuid.uuid4().hex, "customer": customer.strip(), "totalCents": total, "currency": body["currency"]}
    DRAFTS[draft["id"]] = draft
    return 201, {"Location": f"/invoice-drafts/{draft['id']}"}, draft


DB = sqlite3.connect(":memory:", check_same_thread=False)
DB.executescript("""
CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO customers VALUES ('c1', 'Ada Lovelace'), ('c2', 'Grace Hopper'),
  ('c3', 'Dermot O''Brien'), ('c4', 'Edsger Dijkstra');
""")


def injection_proof_search(request):
    if request.path != "/customers":
        return not_found(request)
    if request.method != "GET":
        return with_headers(problem(405, "Method Not Allowed"), {"Allow": "GET"})
    with LOCK:
        if "name" in request.query:
            rows = DB.execute("SELECT id, name FROM customers WHERE name = ? ORDER BY id", (request.query["name"],)).fetchall()
        else:
            rows = DB.execute("SELECT id, name FROM customers ORDER BY id").fetchall()
    return 200, {}, {"data": [{"id": i, "name": n} for i, n in rows]}


# --- XSS and CSRF -----------------------------------------------------------------------------

TRUSTED_ORIGINS = {"https://app.example.com"}
SETTINGS = {"email": "ada@example.com"}


def csrf_origin_check(request):
    if request.path != "/settings/email":
        return not_found(request)
    headers = {"X-Content-Type-Options": "nosniff"}
    if request.method in ("GET", "HEAD"):
        return 200, headers, dict(SETTINGS)
    if request.method != "POST":
        return with_headers(problem(405, "Method Not Allowed"), {"Allow": "GET, POST", **headers})
    same_origin = request.headers.get("sec-fetch-site") == "same-origin"
    if not same_origin and request.headers.get("origin") not in TRUSTED_ORIGINS:
        return with_headers(problem(403, "Cross-site request refused"), headers)
    try:
        body = request.json()
    except (ValueError, UnicodeDecodeError):
        return with_headers(problem(400, "Bad Request", "The body is not valid JSON."), headers)
    email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+", email):
        return with_headers(problem(422, "A valid email address is required"), headers)
    SETTINGS["email"] = email
    return 200, headers, dict(SETTINGS)


# --- Rate limiting, DDoS protection and WAFs --------------------------------------------------

CALLS = {}
LIMITS = {"/analytics/export": 2, "/analytics/summary": 60}


def expensive_endpoint_limit(request):
    if request.path not in LIMITS:
        return not_found(request)
    if request.method != "GET":
        return with_headers(problem(405, "Method Not Allowed"), {"Allow": "GET"})
    match = re.fullmatch(r"Bearer (key_[A-Za-z0-9]{1,64})", request.headers.get("authorization", ""))
    if not match:
        return with_headers(problem(401, "Unauthorized"), {"WWW-Authenticate": 'Bearer realm="analytics"'})
    now = time.monotonic()
    bucket = (match[1], request.path)
    with LOCK:
        recent = [t for t in CALLS.get(bucket, []) if now - t < 60]
        if len(recent) >= LIMITS[request.path]:
            CALLS[bucket] = recent
            retry = max(1, int(60 - (now - recent[0])) + 1)
            return with_headers(problem(429, "Too Many Requests", "Exports are limited to 2 per minute."),
                                {"Retry-After": str(retry)})
        CALLS[bucket] = recent + [now]
    if request.path == "/analytics/export":
        return 200, {"Content-Type": "text/csv; charset=utf-8"}, "month,revenue_cents\r\n2025-06,1234500\r\n"
    return 200, {}, {"month": "2025-06", "revenue_cents": 1234500}


# --- Encryption in transit and at rest --------------------------------------------------------

CANONICAL = "https://api.example.com"
HSTS = "max-age=63072000; includeSubDomains"


def https_redirect_hsts(request):
    if request.path != "/secure-ping":
        return not_found(request)
    if request.headers.get("x-forwarded-proto") == "http":
        target = CANONICAL + request.path
        if request.query:
            target += "?" + urlencode(request.query)
        return 308, {"Location": target, "Content-Type": "text/plain"}, "Use HTTPS.\n"
    headers = {"Strict-Transport-Security": HSTS} if request.headers.get("x-forwarded-proto") == "https" else {}
    if request.method not in ("GET", "POST"):
        return with_headers(problem(405, "Method Not Allowed"), {"Allow": "GET, POST", **headers})
    return 200, headers, {"ok": True}


# --- Security headers, least privilege and audits ---------------------------------------------

PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
}


def page_headers_no_leaks(request):
    try:
        if request.path == "/app" and request.method == "GET":
            page = "<!doctype html><html><head><title>Invoices</title></head><body><main id=app></main></body></html>"
            return 200, {**PAGE_HEADERS, "Content-Type": "text/html; charset=utf-8"}, page
        if request.path == "/boom" and request.method == "GET":
            raise RuntimeError("database password rejected for user invoices_app at db.internal:5432")
        return with_headers(not_found(request), PAGE_HEADERS)
    except Exception:  # log it with its trace on the server; send nothing of it to the client
        return with_headers(problem(500, "Internal Server Error"), PAGE_HEADERS)


EXERCISES = {
    "bola-receipts": bola_receipts,
    "invoice-draft-validation": invoice_draft_validation,
    "injection-proof-search": injection_proof_search,
    "csrf-origin-check": csrf_origin_check,
    "expensive-endpoint-limit": expensive_endpoint_limit,
    "https-redirect-hsts": https_redirect_hsts,
    "page-headers-no-leaks": page_headers_no_leaks,
}
