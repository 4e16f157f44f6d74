"""Reference behaviour for the http exercises of Skills/go-programming/exercises.yml."""
import itertools
import threading
import time

from server import problem

JSON = {"Content-Type": "application/json"}


def _media_type(request):
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def quote_deadline(request):
    parts = request.path.split("/")
    if request.method not in ("GET", "HEAD") or len(parts) != 3 or parts[1] != "quotes" or not parts[2]:
        return problem(404, "Not Found")
    raw = request.query.get("delay_ms", "")
    if not raw.isdigit() or int(raw) > 10000:
        return problem(400, "Bad Request", "delay_ms must be a whole number from 0 to 10000")
    delay = int(raw) / 1000
    budget = 0.3
    if delay > budget:
        time.sleep(budget)
        return problem(504, "Gateway Timeout", "the price service did not answer within 300 ms")
    time.sleep(delay)
    return 200, JSON, {"sku": parts[2], "cents": 1999}


_notes = {}
_note_ids = itertools.count(1)
_notes_lock = threading.Lock()


def notes_create(request):
    parts = request.path.split("/")
    if request.path == "/notes" and request.method == "POST":
        if _media_type(request) != "application/json":
            return problem(415, "Unsupported Media Type", "send the body as application/json")
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "the body is not valid JSON")
        if not isinstance(body, dict):
            return problem(422, "Unprocessable Content", "the body must be a JSON object")
        text = body.get("text", "")
        if not isinstance(text, str):
            return problem(422, "Unprocessable Content", "text must be a string")
        if not text.strip():
            return problem(422, "Unprocessable Content", "text must not be empty")
        with _notes_lock:
            note = {"id": next(_note_ids), "text": text}
            _notes[note["id"]] = note
        return 201, {**JSON, "Location": f"/notes/{note['id']}"}, note
    if len(parts) == 3 and parts[1] == "notes" and parts[2]:
        if request.method not in ("GET", "HEAD"):
            return 405, {"Allow": "GET, HEAD", "Content-Type": "text/plain"}, "Method Not Allowed\n"
        if not parts[2].lstrip("-").isdigit():
            return problem(400, "Bad Request", "id must be an integer")
        note = _notes.get(int(parts[2]))
        if note is None:
            return problem(404, "Not Found", "no note with that id")
        return 200, JSON, note
    return 404, {"Content-Type": "text/plain"}, "404 page not found\n"


_products = {1: {"id": 1, "name": "Pen", "cents": 150}, 2: {"id": 2, "name": "Notebook", "cents": 450}}


def products_mux(request):
    parts = request.path.split("/")
    if len(parts) != 3 or parts[1] != "products" or not parts[2]:
        return 404, {"Content-Type": "text/plain"}, "404 page not found\n"
    if request.method not in ("GET", "HEAD"):
        return 405, {"Allow": "GET, HEAD", "Content-Type": "text/plain"}, "Method Not Allowed\n"
    if not parts[2].lstrip("-").isdigit():
        return problem(400, "Bad Request", "id must be an integer")
    product = _products.get(int(parts[2]))
    if product is None:
        return problem(404, "Not Found", "no product with that id")
    return 200, JSON, product


EXERCISES = {
    "quote-deadline": quote_deadline,
    "notes-create": notes_create,
    "products-mux": products_mux,
}
