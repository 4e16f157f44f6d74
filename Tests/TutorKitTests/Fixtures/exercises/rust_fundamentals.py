"""Reference behaviour for the http exercises of Skills/rust-fundamentals/exercises.yml: what the
lesson's axum todo API answers (axum's JsonRejection statuses, reshaped into problem details)."""
import itertools
import threading

from server import problem

JSON = {"Content-Type": "application/json"}

_todos = {}
_ids = itertools.count(1)
_lock = threading.Lock()


def _is_json(request):
    """axum's Json accepts application/json and any application/*+json media type."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _create(request):
    if not _is_json(request):
        return problem(415, "Unsupported Media Type", "Expected request with `Content-Type: application/json`")
    if len(request.body) > 2 * 1024 * 1024:
        return problem(413, "Content Too Large", "the body is larger than 2 MB")
    try:
        body = request.json()
    except ValueError:
        return problem(400, "Bad Request", "Failed to parse the request body as JSON")
    if not isinstance(body, dict) or not isinstance(body.get("title"), str):
        return problem(422, "Unprocessable Content", "Failed to deserialize the JSON body into the target type")
    title = body["title"].strip()
    if not title:
        return problem(422, "Unprocessable Content", "title must not be empty")
    with _lock:
        todo = {"id": next(_ids), "title": title, "done": False}
        _todos[todo["id"]] = todo
    return 201, {**JSON, "Location": f"/todos/{todo['id']}"}, todo


def todos_api(request):
    parts = request.path.split("/")
    if request.path == "/todos":
        if request.method == "POST":
            return _create(request)
        if request.method == "GET":
            with _lock:
                return 200, JSON, [_todos[k] for k in sorted(_todos)]
        status, headers, body = problem(405, "Method Not Allowed")
        return status, {**headers, "Allow": "GET,HEAD,POST"}, body
    if len(parts) == 3 and parts[1] == "todos" and parts[2]:
        if request.method != "GET":
            status, headers, body = problem(405, "Method Not Allowed")
            return status, {**headers, "Allow": "GET,HEAD"}, body
        if not parts[2].isdigit():
            return problem(400, "Bad Request", "Cannot parse `id` to a `u64`")
        with _lock:
            todo = _todos.get(int(parts[2]))
        if todo is None:
            return problem(404, "Not Found", f"no todo with id {parts[2]}")
        return 200, JSON, todo
    return 404, {}, b""


EXERCISES = {
    "axum-create-todo": todos_api,
    "axum-json-rejections": todos_api,
}
