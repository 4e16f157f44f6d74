"""Reference behaviour for the http exercises of Skills/python-comprehensive/exercises.yml."""
import re
import threading

from server import problem

LOCK = threading.Lock()
TODOS = {}
NEXT = [1]


def read_json(request):
    """Flask's request.get_json(): 415 unless the body is declared as JSON, 400 if it does not parse."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not (media_type.startswith("application/") and media_type.endswith("+json")):
        return None, problem(415, "Unsupported Media Type", "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.")
    try:
        return request.json(), None
    except ValueError:
        return None, problem(400, "Bad Request", "Failed to decode JSON object.")


def not_allowed(allow):
    """Werkzeug's 405 keeps its Allow header through the lesson's HTTPException handler."""
    status, headers, body = problem(405, "Method Not Allowed", "The method is not allowed for the requested URL.")
    return status, {**headers, "Allow": allow}, body


def title_errors(value, required):
    if value is None and not required:
        return []
    if value is None:
        return [{"type": "missing", "loc": ["title"], "msg": "Field required"}]
    if not isinstance(value, str):
        return [{"type": "string_type", "loc": ["title"], "msg": "Input should be a valid string"}]
    if not 1 <= len(value) <= 200:
        return [{"type": "string_too_short" if not value else "string_too_long", "loc": ["title"], "msg": "Wrong length"}]
    return []


def flask_todos(request):
    if request.path == "/todos":
        if request.method != "POST":
            return not_allowed("OPTIONS, POST")
        body, error = read_json(request)
        if error:
            return error
        errors = title_errors(body.get("title") if isinstance(body, dict) else None, True)
        if errors:
            return problem(422, "Unprocessable Content", "The todo is not valid.", errors=errors)
        with LOCK:
            todo = {"id": NEXT[0], "title": body["title"], "done": False}
            NEXT[0] += 1
            TODOS[todo["id"]] = todo
        return 201, {"Location": f"/todos/{todo['id']}"}, todo
    match = re.fullmatch(r"/todos/(\d+)", request.path)
    if not match:
        return problem(404, "Not Found", "The requested URL was not found on the server.")
    todo_id = int(match.group(1))
    if request.method not in ("GET", "HEAD", "PATCH", "DELETE"):
        return not_allowed("DELETE, GET, HEAD, OPTIONS, PATCH")
    if todo_id not in TODOS:
        return problem(404, "Not Found", "The requested URL was not found on the server.")
    todo = TODOS[todo_id]
    if request.method in ("GET", "HEAD"):
        return 200, {}, todo
    if request.method == "DELETE":
        with LOCK:
            TODOS.pop(todo_id, None)
        return 204, {}, b""
    body, error = read_json(request)  # PATCH
    if error:
        return error
    if not isinstance(body, dict):
        return problem(422, "Unprocessable Content", "The change is not valid.",
                       errors=[{"type": "model_type", "loc": [], "msg": "Input should be an object"}])
    errors = title_errors(body.get("title"), False)
    if "done" in body and not isinstance(body["done"], bool):
        errors.append({"type": "bool_parsing", "loc": ["done"], "msg": "Input should be a valid boolean"})
    errors += [{"type": "extra_forbidden", "loc": [k], "msg": "Extra inputs are not permitted"}
               for k in body if k not in ("title", "done")]
    if errors:
        return problem(422, "Unprocessable Content", "The change is not valid.", errors=errors)
    todo.update({k: body[k] for k in ("title", "done") if k in body})
    return 200, {}, todo


EXERCISES = {
    "flask-todos": flask_todos,
}
