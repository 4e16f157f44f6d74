"""Reference behaviour for the http exercises of Skills/nodejs-runtime/exercises.yml."""
import threading

from server import problem

LOCK = threading.Lock()


def not_found(request):
    return problem(404, "Not Found", f"No route for {request.method} {request.path}.")


# --- audit-failure-survives ---------------------------------------------------------------

AUDITED = {}


def audit_failure_survives(request):
    if request.path == "/audited-orders" and request.method == "POST":
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "The body is not valid JSON.")
        with LOCK:
            order = {"id": len(AUDITED) + 1, "item": body.get("item") if isinstance(body, dict) else None}
            AUDITED[order["id"]] = order
        # The audit write fails here; the reference simply carries on, as a .catch() would.
        return 201, {"Location": f"/audited-orders/{order['id']}"}, order
    if request.path.startswith("/audited-orders/") and request.method == "GET":
        ident = request.path.rsplit("/", 1)[1]
        if ident.isdigit() and int(ident) in AUDITED:
            return 200, {}, AUDITED[int(ident)]
    return not_found(request)


# --- streamed-squares ---------------------------------------------------------------------

def streamed_squares(request):
    if request.path != "/squares" or request.method != "GET":
        return not_found(request)
    count = int(request.query.get("count") or 10)
    return 200, {"Content-Type": "application/json"}, [{"n": n, "square": n * n} for n in range(1, count + 1)]


# --- raw-http-notes -----------------------------------------------------------------------

NOTES = {}
MAX_BODY_BYTES = 10_000


def raw_http_notes(request):
    if request.path == "/notes" and request.method == "POST":
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("application/json"):
            return problem(415, "Unsupported Media Type", "Send the body as application/json.")
        if len(request.body) > MAX_BODY_BYTES:
            return problem(413, "Content Too Large", f"The body is over {MAX_BODY_BYTES} bytes.")
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "The body is not valid JSON.")
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text.strip():
            return problem(422, "Unprocessable Content", "text must be a non-empty string.")
        with LOCK:
            note = {"id": len(NOTES) + 1, "text": text.strip()}
            NOTES[note["id"]] = note
        return 201, {"Location": f"/notes/{note['id']}"}, note
    if request.path.startswith("/notes/") and request.method == "GET":
        ident = request.path.rsplit("/", 1)[1]
        if ident.isdigit() and int(ident) in NOTES:
            return 200, {}, NOTES[int(ident)]
    return not_found(request)


EXERCISES = {
    "audit-failure-survives": audit_failure_survives,
    "streamed-squares": streamed_squares,
    "raw-http-notes": raw_http_notes,
}
