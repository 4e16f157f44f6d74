"""Reference behaviour for the http exercises of Skills/go-web-gin/exercises.yml: what a Gin
server built as the lessons say answers."""
import itertools
import secrets
import threading

from server import problem

JSON = {"Content-Type": "application/json"}


def _media_type(request):
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _positive_id(text):
    return text.isdigit() and int(text) >= 1


def _bind(request, rules):
    """The lesson's bindJSON: 415, 413, 400 or 422 as a problem response; else (None, body)."""
    if _media_type(request) != "application/json":
        return problem(415, "Unsupported Media Type", "send the body as application/json"), None
    if len(request.body) > 1 << 20:
        return problem(413, "Content Too Large", "the body must be at most 1 MiB"), None
    try:
        body = request.json()
    except ValueError:
        return problem(400, "Bad Request", "the body is not valid JSON"), None
    if not isinstance(body, dict):
        return problem(422, "Unprocessable Content", "the body failed validation",
                       errors=[{"field": "", "reason": "must be an object"}]), None
    errors = []
    for field, required, max_len, one_of in rules:
        value = body.get(field)
        if value is not None and not isinstance(value, str):
            return problem(422, "Unprocessable Content", "the body failed validation",
                           errors=[{"field": field, "reason": "must be a string"}]), None
        value = value or ""
        if required and value == "":
            errors.append({"field": field, "reason": "is required"})
        elif max_len and len(value) > max_len:
            errors.append({"field": field, "reason": f"must be at most {max_len} characters"})
        elif one_of and value and value not in one_of:
            errors.append({"field": field, "reason": "must be one of: " + " ".join(one_of)})
    if errors:
        return problem(422, "Unprocessable Content", "the body failed validation", errors=errors), None
    return None, body


_BOOKS = {1: {"id": 1, "title": "Dune"}, 2: {"id": 2, "title": "Emma"}}


def gin_books_routes(request):
    parts = request.path.split("/")
    if len(parts) == 3 and parts[1] == "books" and parts[2]:
        if request.method != "GET":
            status, headers, body = problem(405, "Method Not Allowed")
            return status, {**headers, "Allow": "GET"}, body
        if not _positive_id(parts[2]):
            return problem(400, "Bad Request", "id must be a positive integer")
        book = _BOOKS.get(int(parts[2]))
        if book is None:
            return problem(404, "Not Found", "no book with that id")
        return 200, JSON, book
    return problem(404, "Not Found", "no such route")


_tasks = {}
_task_ids = itertools.count(1)
_lock = threading.Lock()


def gin_tasks_binding(request):
    if request.path != "/tasks":
        return problem(404, "Not Found", "no such route")
    if request.method != "POST":
        status, headers, body = problem(405, "Method Not Allowed")
        return status, {**headers, "Allow": "POST"}, body
    error, body = _bind(request, [("title", True, 200, None), ("priority", False, None, ("low", "normal", "high"))])
    if error:
        return error
    with _lock:
        task = {"id": next(_task_ids), "title": body["title"], "priority": body.get("priority") or "normal"}
        _tasks[task["id"]] = task
    return 201, {**JSON, "Location": f"/tasks/{task['id']}"}, task


_tickets = {}
_ticket_ids = itertools.count(1)


def gin_tickets_problems(request):
    parts = request.path.split("/")
    if request.path == "/tickets" and request.method == "POST":
        error, body = _bind(request, [("subject", True, 120, None)])
        if error:
            return error
        with _lock:
            ticket = {"id": next(_ticket_ids), "subject": body["subject"]}
            _tickets[ticket["id"]] = ticket
        return 201, {**JSON, "Location": f"/tickets/{ticket['id']}"}, ticket
    if len(parts) == 3 and parts[1] == "tickets" and parts[2] and request.method == "GET":
        if not _positive_id(parts[2]):
            return problem(400, "Bad Request", "id must be a positive integer")
        ticket = _tickets.get(int(parts[2]))
        if ticket is None:
            return problem(404, "Not Found", "no ticket with that id")
        return 200, JSON, ticket
    return problem(404, "Not Found", "no such route")


def gin_request_id(request):
    incoming = request.headers.get("x-request-id", "")
    rid = incoming if incoming and len(incoming) <= 64 else secrets.token_hex(8)
    if request.path == "/request-id" and request.method == "GET":
        return 200, {**JSON, "X-Request-Id": rid}, {"request_id": rid}
    status, headers, body = problem(404, "Not Found", "no such route")
    return status, {**headers, "X-Request-Id": rid}, body


def gin_admin_key(request):
    if request.path != "/admin/stats" or request.method != "GET":
        return problem(404, "Not Found", "no such route")
    if not secrets.compare_digest(request.headers.get("authorization", ""), "Bearer let-me-in"):
        status, headers, body = problem(401, "Unauthorized", "a valid API key is required")
        return status, {**headers, "WWW-Authenticate": 'Bearer realm="admin"'}, body
    return 200, JSON, {"ok": True}


_bookmarks = {}
_bookmark_ids = itertools.count(1)


def gin_bookmarks_store(request):
    parts = request.path.split("/")
    if request.path == "/bookmarks" and request.method == "POST":
        error, body = _bind(request, [("url", True, None, None), ("tag", True, None, None)])
        if error:
            return error
        with _lock:
            bookmark = {"id": next(_bookmark_ids), "url": body["url"], "tag": body["tag"]}
            _bookmarks[bookmark["id"]] = bookmark
        return 201, {**JSON, "Location": f"/bookmarks/{bookmark['id']}"}, bookmark
    if request.path == "/bookmarks" and request.method == "GET":
        tag = request.query.get("tag", "")
        with _lock:
            found = [b for _, b in sorted(_bookmarks.items()) if b["tag"] == tag]
        return 200, JSON, found
    if len(parts) == 3 and parts[1] == "bookmarks" and request.method == "DELETE":
        if not _positive_id(parts[2]):
            return problem(400, "Bad Request", "id must be a positive integer")
        with _lock:
            removed = _bookmarks.pop(int(parts[2]), None)
        if removed is None:
            return problem(404, "Not Found", "no bookmark with that id")
        return 204, {}, b""
    return problem(404, "Not Found", "no such route")


EXERCISES = {
    "gin-books-routes": gin_books_routes,
    "gin-tasks-binding": gin_tasks_binding,
    "gin-tickets-problems": gin_tickets_problems,
    "gin-request-id": gin_request_id,
    "gin-admin-key": gin_admin_key,
    "gin-bookmarks-store": gin_bookmarks_store,
}
