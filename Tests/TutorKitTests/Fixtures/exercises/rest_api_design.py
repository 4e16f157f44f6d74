"""Reference handlers for Skills/rest-api-design/exercises.yml: what a correct learner server does."""
import base64
import json
import re
import time
import uuid
from datetime import datetime, timezone

from server import problem

VALIDATION_ERROR = "https://api.example.com/problems/validation-error"


def not_found(detail=None):
    return problem(404, "Not Found", detail)


def read_json(req):
    """(value, None) or (None, an error response): 415 for another media type, 400 when it does not parse."""
    media_type = req.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        return None, problem(415, "Unsupported Media Type", "send the body as application/json")
    try:
        return req.json(), None
    except ValueError:
        return None, problem(400, "Bad Request", "the body is not valid JSON")


def invalid(errors):
    return problem(422, "Your request is not valid", f"{len(errors)} field(s) failed validation",
                   type=VALIDATION_ERROR, errors=errors)


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def not_allowed(*methods):
    allow = ", ".join(methods)
    status, headers, body = problem(405, "Method Not Allowed", f"allowed: {allow}")
    return status, dict(headers, Allow=allow), body


# ── What makes an API RESTful ─────────────────────────────────────────────────────────────

PRODUCTS = {"1": "Keyboard", "2": "Mouse"}


def product_representation(req):
    m = re.fullmatch(r"/ex/api/products/([^/]+)", req.path)
    if not m or m[1] not in PRODUCTS:
        return not_found()
    if req.method not in ("GET", "HEAD"):
        return not_allowed("GET", "HEAD")
    pid = m[1]
    return 200, {"Cache-Control": "max-age=60"}, {
        "id": int(pid), "name": PRODUCTS[pid], "links": {"self": {"href": f"/ex/api/products/{pid}"}}}


# ── Resources and URIs ────────────────────────────────────────────────────────────────────

CUSTOMER_ORDERS = [
    {"id": 1, "customerId": 7, "status": "pending"},
    {"id": 2, "customerId": 7, "status": "shipped"},
    {"id": 3, "customerId": 8, "status": "shipped"},
    {"id": 4, "customerId": 7, "status": "shipped"},
]


def nested_orders(req):
    m = re.fullmatch(r"/ex/api/customers/(\d+)/orders", req.path)
    if not m or int(m[1]) not in (7, 8):
        return not_found()
    status = req.query.get("status")
    if status is not None and status not in ("pending", "shipped", "cancelled"):
        return problem(400, "Bad Request", "status must be pending, shipped or cancelled")
    items = [o for o in CUSTOMER_ORDERS if o["customerId"] == int(m[1]) and status in (None, o["status"])]
    return 200, {}, {"items": items}


ORDERS = {}


def cancellation_resource(req):
    if req.path == "/ex/api/orders" and req.method == "POST":
        data, error = read_json(req)
        if error:
            return error
        order = {"id": len(ORDERS) + 1, "item": data.get("item"), "status": "pending"}
        ORDERS[order["id"]] = order
        return 201, {"Location": f"/ex/api/orders/{order['id']}"}, order
    m = re.fullmatch(r"/ex/api/orders/(\d+)(/cancellation)?", req.path)
    if not m or int(m[1]) not in ORDERS:
        return not_found()
    order = ORDERS[int(m[1])]
    if not m[2]:
        return 200, {}, {k: v for k, v in order.items() if k != "cancellation"}
    if req.method == "GET":
        return (200, {}, order["cancellation"]) if "cancellation" in order else not_found()
    if req.method != "POST":
        return not_allowed("GET", "POST")
    if "cancellation" in order:
        return problem(409, "Conflict", "the order is already cancelled")
    data, error = read_json(req)
    if error:
        return error
    order["cancellation"] = {"reason": data.get("reason"),
                             "cancelledAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    order["status"] = "cancelled"
    return 201, {"Location": f"/ex/api/orders/{order['id']}/cancellation"}, order["cancellation"]


# ── Methods and status codes ──────────────────────────────────────────────────────────────

BOOKS = {}
NEXT_BOOK = [1]


def create_and_read(req):
    if req.path == "/ex/api/books" and req.method == "POST":
        data, error = read_json(req)
        if error:
            return error
        book = {"id": NEXT_BOOK[0], "title": data.get("title"), "author": data.get("author")}
        NEXT_BOOK[0] += 1
        BOOKS[book["id"]] = book
        return 201, {"Location": f"/ex/api/books/{book['id']}"}, book
    if req.path == "/ex/api/books":
        return not_allowed("POST")
    m = re.fullmatch(r"/ex/api/books/(\d+)", req.path)
    if not m or int(m[1]) not in BOOKS:
        return not_found(f"Book {req.path.rsplit('/', 1)[-1]} does not exist")
    if req.method == "DELETE":
        del BOOKS[int(m[1])]
        return 204, {}, b""
    if req.method not in ("GET", "HEAD"):
        return not_allowed("GET", "HEAD", "DELETE")
    return 200, {}, BOOKS[int(m[1])]


REVIEWS = []
REVIEW_LIMIT = 16 * 1024  # bytes


def body_errors(req):
    if req.path != "/ex/api/reviews" or req.method != "POST":
        return not_found()
    if len(req.body) > REVIEW_LIMIT:
        return problem(413, "Content Too Large", "the body may be at most 16 KiB")
    data, error = read_json(req)
    if error:
        return error
    errors = []
    if not isinstance(data, dict):
        return invalid([{"pointer": "#", "detail": "must be a JSON object"}])
    if not is_int(data.get("rating")) or not 1 <= data["rating"] <= 5:
        errors.append({"pointer": "#/rating", "detail": "must be an integer from 1 to 5"})
    if not isinstance(data.get("text"), str) or not data["text"].strip():
        errors.append({"pointer": "#/text", "detail": "must be a non-empty string"})
    if errors:
        return invalid(errors)
    review = {"id": len(REVIEWS) + 1, "rating": data["rating"], "text": data["text"]}
    REVIEWS.append(review)
    return 201, {"Location": f"/ex/api/reviews/{review['id']}"}, review


DOCS = {}


def if_match_update(req):
    if req.path == "/ex/api/docs" and req.method == "POST":
        data, error = read_json(req)
        if error:
            return error
        doc = {"id": len(DOCS) + 1, "title": data.get("title"), "version": 1}
        DOCS[doc["id"]] = doc
        return 201, {"Location": f"/ex/api/docs/{doc['id']}", "ETag": f'"{doc["version"]}"'}, doc
    m = re.fullmatch(r"/ex/api/docs/(\d+)", req.path)
    if not m or int(m[1]) not in DOCS:
        return not_found()
    doc = DOCS[int(m[1])]
    etag = f'"{doc["version"]}"'
    if req.method == "PUT":
        condition = req.headers.get("if-match")
        if condition is None:
            return problem(428, "Precondition Required", "send If-Match with the ETag you read")
        if condition.strip() != "*" and etag not in [t.strip() for t in condition.split(",")]:
            return problem(412, "Precondition Failed", "the document changed since you read it")
        data, error = read_json(req)
        if error:
            return error
        doc["title"] = data.get("title")
        doc["version"] += 1
        etag = f'"{doc["version"]}"'
    return 200, {"ETag": etag}, doc


PROFILES = {}


def apply_merge_patch(target, patch):
    """RFC 7396, section 2: objects merge member by member, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = apply_merge_patch(result.get(key), value)
    return result


def merge_patch(req):
    if req.path == "/ex/api/profiles" and req.method == "POST":
        data, error = read_json(req)
        if error:
            return error
        if not isinstance(data, dict):
            return invalid([{"pointer": "#", "detail": "must be a JSON object"}])
        profile = dict(data, id=len(PROFILES) + 1)
        PROFILES[profile["id"]] = profile
        return 201, {"Location": f"/ex/api/profiles/{profile['id']}"}, profile
    m = re.fullmatch(r"/ex/api/profiles/(\d+)", req.path)
    if not m or int(m[1]) not in PROFILES:
        return not_found()
    profile = PROFILES[int(m[1])]
    if req.method == "PATCH":
        media_type = req.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/merge-patch+json":
            status, headers, body = problem(415, "Unsupported Media Type", "send application/merge-patch+json")
            return status, dict(headers, **{"Accept-Patch": "application/merge-patch+json"}), body
        try:
            patch = req.json()
        except ValueError:
            return problem(400, "Bad Request", "the body is not valid JSON")
        if not isinstance(patch, dict):
            return invalid([{"pointer": "#", "detail": "a profile patch must be a JSON object"}])
        patch.pop("id", None)  # the id is not the client's to change
        merged = apply_merge_patch(profile, patch)
        profile.clear()
        profile.update(merged)
    elif req.method not in ("GET", "HEAD"):
        return not_allowed("GET", "HEAD", "PATCH")
    return 200, {}, profile


# ── Representations, content negotiation and links ────────────────────────────────────────

def parse_accept(header):
    ranges = []
    for member in (header or "*/*").split(","):
        media, *params = [p.strip() for p in member.split(";")]
        q = next((p[2:] for p in params if p.lower().startswith("q=")), "1")
        try:
            ranges.append((media.lower(), float(q)))
        except ValueError:
            ranges.append((media.lower(), 0.0))
    return ranges


def quality(offer, ranges):
    best, specificity = 0.0, -1
    for media, q in ranges:
        kind, _, sub = media.partition("/")
        if media == offer:
            s = 2
        elif sub == "*" and offer.startswith(kind + "/"):
            s = 1
        elif media == "*/*":
            s = 0
        else:
            continue
        if s > specificity:
            best, specificity = q, s
    return best


def accept_negotiation(req):
    if req.path != "/ex/api/report":
        return not_found()
    ranges = parse_accept(req.headers.get("accept"))
    offers = [(quality("application/json", ranges), 1, "application/json"), (quality("text/csv", ranges), 0, "text/csv")]
    q, _, chosen = max(offers)
    if q <= 0:
        status, headers, body = problem(406, "Not Acceptable", "available: application/json, text/csv")
        return status, dict(headers, Vary="Accept"), body
    if chosen == "text/csv":
        return 200, {"Content-Type": "text/csv", "Vary": "Accept"}, "orders,revenue\r\n3,59.90\r\n"
    return 200, {"Vary": "Accept"}, {"orders": 3, "revenue": "59.90"}


TAGS = [{"id": i, "name": n} for i, n in enumerate(["http", "rest", "json", "cache", "links"], start=1)]


def cursor_links(req):
    if req.path != "/ex/api/tags":
        return not_found()
    limit = req.query.get("limit", "10")
    if not limit.isdigit() or not 1 <= int(limit) <= 100:
        return problem(400, "Bad Request", "limit must be an integer from 1 to 100")
    after = 0
    if "cursor" in req.query:
        try:
            after = int(base64.urlsafe_b64decode(req.query["cursor"] + "==").decode())
        except ValueError:
            return problem(400, "Bad Request", "the cursor is not valid")
    page = [t for t in TAGS if t["id"] > after][:int(limit)]
    headers = {}
    if page and page[-1]["id"] < TAGS[-1]["id"]:
        cursor = base64.urlsafe_b64encode(str(page[-1]["id"]).encode()).decode().rstrip("=")
        headers["Link"] = f'</ex/api/tags?cursor={cursor}&limit={limit}>; rel="next"'
    return 200, headers, {"items": page}


INVOICES = {}


def money_and_time(req):
    if req.path == "/ex/api/invoices" and req.method == "POST":
        data, error = read_json(req)
        if error:
            return error
        if not isinstance(data, dict):
            return invalid([{"pointer": "#", "detail": "must be a JSON object"}])
        errors = []
        price = data.get("unitPrice")
        if not isinstance(price, str) or not re.fullmatch(r"\d+\.\d{2}", price):
            errors.append({"pointer": "#/unitPrice", "detail": 'must be a decimal string such as "19.99"'})
        if not is_int(data.get("quantity")) or data["quantity"] < 1:
            errors.append({"pointer": "#/quantity", "detail": "must be an integer of at least 1"})
        if errors:
            return invalid(errors)
        cents = int(price.replace(".", "")) * data["quantity"]
        iid = len(INVOICES) + 1
        invoice = {
            "id": iid,
            "item": data.get("item"),
            "total": {"amount": f"{cents // 100}.{cents % 100:02d}", "currency": "EUR"},
            "createdAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "links": {"self": {"href": f"/ex/api/invoices/{iid}"}},
        }
        INVOICES[iid] = invoice
        return 201, {"Location": f"/ex/api/invoices/{iid}"}, invoice
    m = re.fullmatch(r"/ex/api/invoices/(\d+)", req.path)
    if not m or int(m[1]) not in INVOICES:
        return not_found()
    return 200, {}, INVOICES[int(m[1])]


# ── Errors and validation with problem details ────────────────────────────────────────────

def not_found_and_crash(req):
    m = re.fullmatch(r"/ex/api/problems/orders/([^/]+)", req.path)
    if m:
        return not_found(f"Order {m[1]} does not exist")
    if req.path == "/ex/api/problems/crash":
        try:
            raise RuntimeError("database password=hunter2 exploded")
        except RuntimeError:
            occurrence = f"urn:uuid:{uuid.uuid4()}"  # a real server logs the exception with this id
            return problem(500, "Internal Server Error", "An unexpected error occurred.", instance=occurrence)
    return not_found()


SIGNUPS = []


def validation_errors(req):
    if req.path != "/ex/api/signups" or req.method != "POST":
        return not_found()
    data, error = read_json(req)
    if error:
        return error
    if not isinstance(data, dict):
        return invalid([{"pointer": "#", "detail": "must be a JSON object"}])
    errors = []
    email = data.get("email")
    if not isinstance(email, str) or "@" not in email:
        errors.append({"pointer": "#/email", "detail": "must be an e-mail address"})
    age = data.get("age")
    if not is_int(age) or not 13 <= age <= 130:
        errors.append({"pointer": "#/age", "detail": "must be an integer from 13 to 130"})
    if errors:
        return invalid(errors)
    signup = {"id": len(SIGNUPS) + 1, "email": email, "age": age}
    SIGNUPS.append(signup)
    return 201, {"Location": f"/ex/api/signups/{signup['id']}"}, signup


# ── Versioning and evolution ──────────────────────────────────────────────────────────────

def deprecation_headers(req):
    if req.path == "/ex/api/v1/widgets/1":
        return 200, {
            "Deprecation": "@1798761599",
            "Sunset": "Thu, 30 Sep 2027 23:59:59 GMT",
            "Link": '<https://developer.example.com/migrate-to-v2>; rel="deprecation"; type="text/html"',
        }, {"id": 1, "name": "Bolt"}
    if req.path == "/ex/api/v2/widgets/1":
        return 200, {}, {"id": 1, "displayName": "Bolt"}
    return not_found()


# ── Describing the API with OpenAPI 3.1 ───────────────────────────────────────────────────

TICKETS = {
    1: {"id": 1, "title": "Printer jam", "priority": "high", "assignee": None},
    2: {"id": 2, "title": "Replace badge", "priority": "low", "assignee": "sam"},
}


def implement_contract(req):
    m = re.fullmatch(r"/ex/api/oas/tickets/(\d+)", req.path)
    if not m or int(m[1]) not in TICKETS:
        return not_found()
    return 200, {}, TICKETS[int(m[1])]


PROBLEM_SCHEMA = {"type": "object", "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                                                   "status": {"type": "integer"}, "detail": {"type": "string"}}}
OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "Tickets API", "version": "1.0.0"},
    "paths": {
        "/ex/api/oas/tickets/{ticketId}": {
            "get": {
                "operationId": "getTicket",
                "parameters": [{"name": "ticketId", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "The ticket.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ticket"}}}},
                    "404": {"description": "No such ticket.",
                            "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}},
                },
            }
        }
    },
    "components": {"schemas": {"Ticket": {
        "type": "object",
        "required": ["id", "title", "priority", "assignee"],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "priority": {"type": "string", "enum": ["low", "normal", "high"]},
            "assignee": {"type": ["string", "null"]},
        },
    }}},
}


def serve_openapi(req):
    if req.path != "/ex/api/oas/openapi.json":
        return not_found()
    return 200, {}, OPENAPI


# ── Rate limits, CORS and security headers ────────────────────────────────────────────────

WINDOWS = {}  # api key -> (window start, count)


def rate_limit(req):
    if req.path != "/ex/api/limited/ping":
        return not_found()
    key = req.headers.get("x-api-key", "")
    now = time.time()
    start, count = WINDOWS.get(key, (now, 0))
    if now - start >= 60:
        start, count = now, 0
    if count >= 3:
        retry = max(1, int(start + 60 - now + 0.999))
        status, headers, body = problem(429, "Too Many Requests", f"Limit of 3 requests per minute reached; retry in {retry} seconds.")
        return status, dict(headers, **{"Retry-After": str(retry)}), body
    WINDOWS[key] = (start, count + 1)
    return 200, {}, {"pong": True}


ALLOWED_ORIGIN = "https://shop.example.com"


def cors_preflight(req):
    m = re.fullmatch(r"/ex/api/cors/orders/(\d+)", req.path)
    if not m:
        return not_found()
    headers = {"Vary": "Origin"}
    allowed = req.headers.get("origin") == ALLOWED_ORIGIN
    if allowed:
        headers["Access-Control-Allow-Origin"] = ALLOWED_ORIGIN
    if req.method == "OPTIONS" and "access-control-request-method" in req.headers:
        if allowed:
            headers.update({
                "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE",
                "Access-Control-Allow-Headers": "Content-Type, Authorization",
                "Access-Control-Max-Age": "600",
            })
        return 204, headers, b""
    return 200, headers, {"id": int(m[1]), "status": "pending"}


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


def security_headers(req):
    if req.path == "/ex/api/secure/me":
        return 200, SECURITY_HEADERS, {"id": 1, "name": "Ada"}
    status, headers, body = not_found()
    return status, dict(headers, **SECURITY_HEADERS), body


EXERCISES = {
    "product-representation": product_representation,
    "nested-orders": nested_orders,
    "cancellation-resource": cancellation_resource,
    "create-and-read": create_and_read,
    "body-errors": body_errors,
    "if-match-update": if_match_update,
    "merge-patch": merge_patch,
    "accept-negotiation": accept_negotiation,
    "cursor-links": cursor_links,
    "money-and-time": money_and_time,
    "not-found-and-crash": not_found_and_crash,
    "validation-errors": validation_errors,
    "deprecation-headers": deprecation_headers,
    "implement-contract": implement_contract,
    "serve-openapi": serve_openapi,
    "rate-limit": rate_limit,
    "cors-preflight": cors_preflight,
    "security-headers": security_headers,
}
