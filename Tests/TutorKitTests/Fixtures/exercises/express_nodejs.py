"""Reference behaviour for the http exercises of Skills/express-nodejs/exercises.yml."""
import threading
import time
import uuid

from server import problem

LOCK = threading.Lock()


def not_found(request, detail=None):
    return problem(404, "Not Found", detail or f"No route for {request.method} {request.path}.")


def read_json(request):
    """(body, None) or (None, error response): 415 for a body not declared as JSON, 400 for
    JSON that does not parse."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return None, problem(415, "Unsupported Media Type", "Send the body as application/json.")
    try:
        return request.json(), None
    except ValueError:
        return None, problem(400, "Bad Request", "The body is not valid JSON.")


# --- books-router -------------------------------------------------------------------------

BOOKS = {}


def books_router(request):
    parts = request.path.strip("/").split("/")
    if parts[0] != "books":
        return not_found(request)
    if len(parts) == 1 and request.method == "POST":
        body, error = read_json(request)
        if error:
            return error
        with LOCK:
            book = {"id": len(BOOKS) + 1, "title": body.get("title")}
            BOOKS[book["id"]] = book
        return 201, {"Location": f"/books/{book['id']}"}, book
    if len(parts) == 2 and request.method in ("GET", "HEAD"):
        if parts[1] == "count":
            return 200, {}, {"count": len(BOOKS)}
        if parts[1].isdigit() and int(parts[1]) in BOOKS:
            return 200, {}, BOOKS[int(parts[1])]
        return not_found(request, "No book with that id.")
    return not_found(request)


# --- method-not-allowed -------------------------------------------------------------------

AUTHORS = {}


def method_not_allowed(request):
    if request.path != "/authors":
        return not_found(request)
    if request.method in ("GET", "HEAD"):
        return 200, {}, list(AUTHORS.values())
    if request.method == "POST":
        body, error = read_json(request)
        if error:
            return error
        with LOCK:
            author = {"id": len(AUTHORS) + 1, "name": body.get("name")}
            AUTHORS[author["id"]] = author
        return 201, {"Location": f"/authors/{author['id']}"}, author
    return 405, {"Allow": "GET, HEAD, POST"}, b""


# --- request-id-header --------------------------------------------------------------------

def request_id_header(request):
    request_id = request.headers.get("x-request-id") or str(uuid.uuid4())
    if request.method == "GET" and request.path == "/ping":
        return 200, {"X-Request-Id": request_id}, {"pong": True}
    status, headers, body = not_found(request)
    return status, {**headers, "X-Request-Id": request_id}, body


# --- admin-bearer-scope -------------------------------------------------------------------

def admin_bearer_scope(request):
    if request.path == "/public/stats" and request.method == "GET":
        return 200, {}, {"ok": True}
    if request.path.startswith("/admin/"):
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return 401, {"WWW-Authenticate": "Bearer"}, b""
        if request.path == "/admin/stats" and request.method == "GET":
            return 200, {}, {"ok": True}
    return not_found(request)


# --- zod-validated-body -------------------------------------------------------------------

TASKS = {}


def zod_validated_body(request):
    if request.path != "/tasks" or request.method != "POST":
        return not_found(request)
    body, error = read_json(request)
    if error:
        return error
    errors = []
    if not isinstance(body, dict):
        errors.append({"path": "", "message": "Expected object"})
        body = {}
    title = body.get("title")
    if not isinstance(title, str):
        errors.append({"path": "title", "message": "Invalid input: expected string"})
    elif not 1 <= len(title.strip()) <= 200:
        errors.append({"path": "title", "message": "Too small or too big"})
    priority = body.get("priority", "normal")
    if priority not in ("low", "normal", "high"):
        errors.append({"path": "priority", "message": "Invalid option"})
    if errors:
        return problem(422, "Unprocessable Content", "The body does not match the expected shape.", errors=errors)
    with LOCK:
        task = {"id": len(TASKS) + 1, "title": title.strip(), "priority": priority}
        TASKS[task["id"]] = task
    return 201, {"Location": f"/tasks/{task['id']}"}, task


# --- async-error-problem ------------------------------------------------------------------

def async_error_problem(request):
    if request.method == "GET" and request.path.startswith("/reports/"):
        name = request.path[len("/reports/"):]
        if name == "daily":
            return 200, {}, {"name": "daily", "rows": 3}
        if name == "broken":
            return problem(500, "Internal Server Error")  # the message goes to the log only
        return problem(404, "Not Found", f"No report named {name}.")
    return not_found(request)


# --- helmet-headers -----------------------------------------------------------------------

HELMET = {
    "Content-Security-Policy": "default-src 'self';base-uri 'self';font-src 'self' https: data:;"
    "form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';"
    "script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';"
    "upgrade-insecure-requests",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
}


def helmet_headers(request):
    if request.method == "GET" and request.path == "/hello":
        return 200, HELMET, {"hello": "world"}
    status, headers, body = not_found(request)
    return status, {**headers, **HELMET}, body


# --- rate-limit-per-key -------------------------------------------------------------------

HITS = {}


def rate_limit_per_key(request):
    if request.method != "GET" or request.path != "/quota":
        return not_found(request)
    key = request.headers.get("x-api-key", "no-key")
    now = time.monotonic()
    with LOCK:
        start, count = HITS.get(key, (now, 0))
        if now - start >= 60:
            start, count = now, 0
        count += 1
        HITS[key] = (start, count)
    if count > 3:
        retry = max(1, int(60 - (now - start)))
        return 429, {"Retry-After": str(retry), "Content-Type": "text/plain"}, "Too many requests, please try again later."
    return 200, {}, {"ok": True}


# --- cors-allowlist -----------------------------------------------------------------------

ALLOWED_ORIGINS = {"https://app.example.com"}


def cors_allowlist(request):
    origin = request.headers.get("origin")
    cors = {"Vary": "Origin"}
    if origin in ALLOWED_ORIGINS:
        cors.update({"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true"})
    if request.method == "OPTIONS":
        return 204, {**cors, "Access-Control-Allow-Methods": "GET,HEAD,PUT,PATCH,POST,DELETE"}, b""
    if request.method == "GET" and request.path == "/cors-ping":
        return 200, cors, {"ok": True}
    status, headers, body = not_found(request)
    return status, {**headers, **cors}, body


# --- fastify-drafts -----------------------------------------------------------------------

DRAFTS = {}


def fastify_drafts(request):
    if request.path != "/drafts" or request.method != "POST":
        return 404, {}, {"statusCode": 404, "error": "Not Found", "message": "Route not found"}
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return 415, {}, {"statusCode": 415, "code": "FST_ERR_CTP_INVALID_MEDIA_TYPE", "error": "Unsupported Media Type"}
    try:
        body = request.json()
    except ValueError:
        return 400, {}, {"statusCode": 400, "code": "FST_ERR_CTP_INVALID_JSON_BODY", "error": "Bad Request"}
    title = body.get("title") if isinstance(body, dict) else None
    if not isinstance(title, str) or not 1 <= len(title) <= 200:
        return problem(422, "Unprocessable Content", "body/title must be a string of 1 to 200 characters")
    with LOCK:
        draft = {"id": len(DRAFTS) + 1, "title": title, "done": False, "ownerId": 7}
        DRAFTS[draft["id"]] = draft
    sent = {k: draft[k] for k in ("id", "title", "done")}  # the response schema drops ownerId
    return 201, {"Location": f"/drafts/{draft['id']}"}, sent


EXERCISES = {
    "books-router": books_router,
    "method-not-allowed": method_not_allowed,
    "request-id-header": request_id_header,
    "admin-bearer-scope": admin_bearer_scope,
    "zod-validated-body": zod_validated_body,
    "async-error-problem": async_error_problem,
    "helmet-headers": helmet_headers,
    "rate-limit-per-key": rate_limit_per_key,
    "cors-allowlist": cors_allowlist,
    "fastify-drafts": fastify_drafts,
}
