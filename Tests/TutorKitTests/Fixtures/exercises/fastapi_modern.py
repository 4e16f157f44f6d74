"""Reference behaviour for the http exercises of Skills/fastapi-modern/exercises.yml."""
import secrets
import threading
import time
from urllib.parse import parse_qs

from server import problem

LOCK = threading.Lock()


def not_found(request):
    return problem(404, "Not Found", "Not Found")


def small_int(text, default, low, high=None):
    """The query value as an int in range, the default when absent, or None when invalid."""
    if text is None:
        return default
    if not text.lstrip("-").isdigit():
        return None
    value = int(text)
    if value < low or (high is not None and value > high):
        return None
    return value


def sent_json(request):
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


# --- products-routes ----------------------------------------------------------------------

PRODUCTS = {
    1: {"id": 1, "name": "Pen", "price_cents": 250},
    2: {"id": 2, "name": "Notebook", "price_cents": 900},
    3: {"id": 3, "name": "Backpack", "price_cents": 4500},
}


def products_routes(request):
    if request.method != "GET":
        return problem(405, "Method Not Allowed", "Method Not Allowed")
    if request.path == "/products":
        limit = small_int(request.query.get("limit"), 20, 1, 100)
        offset = small_int(request.query.get("offset"), 0, 0)
        most = request.query.get("max_price_cents")
        if limit is None or offset is None or (most is not None and not most.isdigit()):
            return problem(422, "Unprocessable Content", "A query parameter is out of range or not a number.")
        items = [p for p in PRODUCTS.values() if most is None or p["price_cents"] <= int(most)]
        return 200, {}, items[offset:offset + limit]
    if request.path == "/products/cheapest":
        return 200, {}, min(PRODUCTS.values(), key=lambda p: p["price_cents"])
    if request.path.startswith("/products/"):
        ident = request.path[len("/products/"):]
        if not ident.isdigit():
            return problem(422, "Unprocessable Content", "The product id must be an integer.")
        if int(ident) not in PRODUCTS:
            return problem(404, "Not Found", "Product not found")
        return 200, {}, PRODUCTS[int(ident)]
    return not_found(request)


# --- tickets-validation -------------------------------------------------------------------

TICKETS = {}


def tickets_validation(request):
    if request.path != "/tickets" or request.method != "POST":
        return not_found(request)
    if request.body and sent_json(request):
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "The body is not valid JSON.")
    elif request.body:
        return problem(415, "Unsupported Media Type", "Send the body as application/json.")
    else:
        return problem(400, "Bad Request", "The request has no body.")
    if not isinstance(body, dict):
        return problem(422, "Unprocessable Content", "The body does not match the schema.",
                       errors=[{"type": "model_attributes_type", "loc": ["body"], "msg": "Input should be a valid dictionary"}])
    errors = []
    title = body.get("title")
    if not isinstance(title, str):
        errors.append({"type": "missing" if title is None else "string_type", "loc": ["body", "title"], "msg": "Invalid title"})
    elif len(title) < 1:
        errors.append({"type": "string_too_short", "loc": ["body", "title"], "msg": "String should have at least 1 character",
                       "input": title, "ctx": {"min_length": 1}})
    elif len(title) > 200:
        errors.append({"type": "string_too_long", "loc": ["body", "title"], "msg": "String should have at most 200 characters"})
    priority = body.get("priority", 2)
    if not (isinstance(priority, int) and not isinstance(priority, bool)) or not 1 <= priority <= 3:
        errors.append({"type": "less_than_equal", "loc": ["body", "priority"], "msg": "Input should be between 1 and 3"})
    for extra in body:
        if extra not in ("title", "priority"):
            errors.append({"type": "extra_forbidden", "loc": ["body", extra], "msg": "Extra inputs are not permitted"})
    if errors:
        return problem(422, "Unprocessable Content", "The body does not match the schema.", errors=errors)
    with LOCK:
        ticket = {"id": len(TICKETS) + 1, "title": title, "priority": priority, "done": False}
        TICKETS[ticket["id"]] = ticket
    return 201, {"Location": f"/tickets/{ticket['id']}"}, ticket


# --- tenant-dependency --------------------------------------------------------------------

def tenant_dependency(request):
    if request.path != "/numbers" or request.method != "GET":
        return not_found(request)
    limit = small_int(request.query.get("limit"), 20, 1, 100)
    offset = small_int(request.query.get("offset"), 0, 0)
    tenant = request.headers.get("x-tenant")
    if tenant is None:
        return problem(400, "Bad Request", "The request line or headers are malformed.")
    if limit is None or offset is None:
        return problem(422, "Unprocessable Content", "A query parameter is out of range or not a number.")
    numbers = list(range(1, 51))
    return 200, {}, {"tenant": tenant, "limit": limit, "offset": offset, "items": numbers[offset:offset + limit]}


# --- memos-sqlalchemy ---------------------------------------------------------------------

MEMOS = {}


def memos_sqlalchemy(request):
    parts = request.path.strip("/").split("/")
    if parts[0] != "memos":
        return not_found(request)
    if len(parts) == 1 and request.method == "POST":
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "The body is not valid JSON.")
        title = body.get("title") if isinstance(body, dict) else None
        if not isinstance(title, str) or not 1 <= len(title) <= 200:
            return problem(422, "Unprocessable Content", "The body does not match the schema.")
        with LOCK:
            memo = {"id": len(MEMOS) + 1, "title": title, "done": False, "internal_ref": "import-batch-7"}
            MEMOS[memo["id"]] = memo
        return 201, {"Location": f"/memos/{memo['id']}"}, public_memo(memo)
    if len(parts) == 2:
        if not parts[1].isdigit():
            return problem(400, "Bad Request", "The request line or headers are malformed.")
        memo = MEMOS.get(int(parts[1]))
        if memo is None:
            return problem(404, "Not Found", "Memo not found")
        if request.method == "GET":
            return 200, {}, public_memo(memo)
        if request.method == "PATCH":
            try:
                body = request.json()
            except ValueError:
                return problem(400, "Bad Request", "The body is not valid JSON.")
            if not isinstance(body, dict) or not isinstance(body.get("done"), bool):
                return problem(422, "Unprocessable Content", "The body does not match the schema.")
            memo["done"] = body["done"]
            return 200, {}, public_memo(memo)
    return problem(405, "Method Not Allowed", "Method Not Allowed")


def public_memo(memo):
    return {"id": memo["id"], "title": memo["title"], "done": memo["done"]}


# --- token-and-me -------------------------------------------------------------------------

TOKENS = {}


def token_and_me(request):
    if request.path == "/token" and request.method == "POST":
        form = {k: v[0] for k, v in parse_qs(request.body.decode(), keep_blank_values=True).items()}
        if form.get("username") != "ada" or form.get("password") != "correct horse":
            return 400, {}, {"error": "invalid_grant"}
        token = secrets.token_urlsafe(24)
        with LOCK:
            TOKENS[token] = ("ada", time.time() + 900)
        return 200, {"Cache-Control": "no-store"}, {"access_token": token, "token_type": "bearer", "expires_in": 900}
    if request.path == "/me" and request.method == "GET":
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            status, headers, body = problem(401, "Unauthorized", "Not authenticated")
            return status, {**headers, "WWW-Authenticate": "Bearer"}, body
        entry = TOKENS.get(header[7:].strip())
        if entry is None or entry[1] < time.time():
            status, headers, body = problem(401, "Unauthorized", "Invalid or expired token")
            return status, {**headers, "WWW-Authenticate": 'Bearer error="invalid_token"'}, body
        return 200, {}, {"username": entry[0]}
    return not_found(request)


# --- welcome-background -------------------------------------------------------------------

SENT = []


def send_welcome(address):
    time.sleep(1)  # the slow mail server; the client is not waiting
    with LOCK:
        SENT.append(address)


def welcome_background(request):
    if request.path == "/subscribers" and request.method == "POST":
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "The body is not valid JSON.")
        email = body.get("email") if isinstance(body, dict) else None
        if not isinstance(email, str) or "@" not in email.strip("@"):
            return problem(422, "Unprocessable Content", "The body does not match the schema.")
        threading.Thread(target=send_welcome, args=(email,), daemon=True).start()
        return 201, {}, {"email": email}
    if request.path == "/sent-welcomes" and request.method == "GET":
        with LOCK:
            return 200, {}, {"sent": list(SENT)}
    return not_found(request)


# --- openapi-health -----------------------------------------------------------------------

OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "FastAPI", "version": "0.1.0"},
    "paths": {
        "/health": {
            "get": {
                "tags": ["ops"],
                "summary": "Liveness check",
                "operationId": "health_health_get",
                "responses": {
                    "200": {
                        "description": "Successful Response",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}},
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Health": {
                "properties": {"status": {"type": "string", "title": "Status"}},
                "type": "object",
                "required": ["status"],
                "title": "Health",
            }
        }
    },
}


def openapi_health(request):
    if request.method == "GET" and request.path == "/health":
        return 200, {}, {"status": "ok"}
    if request.method == "GET" and request.path == "/openapi.json":
        return 200, {}, OPENAPI
    return not_found(request)


EXERCISES = {
    "products-routes": products_routes,
    "tickets-validation": tickets_validation,
    "tenant-dependency": tenant_dependency,
    "memos-sqlalchemy": memos_sqlalchemy,
    "token-and-me": token_and_me,
    "welcome-background": welcome_background,
    "openapi-health": openapi_health,
}
