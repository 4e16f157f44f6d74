"""Reference behaviour for the http exercises of Skills/java-web-starter/exercises.yml: what a
Spring Boot application built as the lessons say answers."""
import datetime
import itertools
import threading

from server import problem

JSON = {"Content-Type": "application/json"}
_lock = threading.Lock()


def _media_type(request):
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _not_allowed(allow):
    status, headers, body = problem(405, "Method Not Allowed", "Method is not supported.")
    return status, {**headers, "Allow": allow}, body


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def about_endpoint(request):
    if request.path != "/about":
        return problem(404, "Not Found")
    if request.method not in ("GET", "HEAD"):
        return _not_allowed("GET,HEAD")
    return 200, JSON, {"app": "todos", "java": 25}


_books = {}
_book_ids = itertools.count(1)


def books_crud(request):
    parts = request.path.split("/")
    if request.path == "/books" and request.method == "POST":
        if _media_type(request) != "application/json":
            return problem(415, "Unsupported Media Type")
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "Failed to read request")
        with _lock:
            book = {"id": next(_book_ids), "title": body.get("title"), "author": body.get("author"), "added_at": _now()}
            _books[book["id"]] = book
        return 201, {**JSON, "Location": f"/books/{book['id']}"}, book
    if len(parts) == 3 and parts[1] == "books" and parts[2]:
        if request.method not in ("GET", "HEAD", "DELETE"):
            return _not_allowed("GET,HEAD,DELETE")
        if not parts[2].lstrip("-").isdigit():
            return problem(400, "Bad Request", "Failed to convert 'id' with value: '" + parts[2] + "'")
        ident = int(parts[2])
        with _lock:
            book = _books.pop(ident, None) if request.method == "DELETE" else _books.get(ident)
        if book is None:
            return problem(404, "Not Found", f"No book has the id {ident}.")
        if request.method == "DELETE":
            return 204, {}, b""
        return 200, JSON, book
    return problem(404, "Not Found")


_reviews = {}
_review_ids = itertools.count(1)


def reviews_problems(request):
    parts = request.path.split("/")
    if request.path == "/reviews" and request.method == "POST":
        if _media_type(request) != "application/json":
            return problem(415, "Unsupported Media Type")
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "Failed to read request")
        book, stars = body.get("book"), body.get("stars", 0)
        if not isinstance(stars, int) or isinstance(stars, bool) or (book is not None and not isinstance(book, str)):
            return problem(422, "Unprocessable Content", "A field has the wrong type or a value out of range.")
        errors = []
        if book is None or not book.strip():
            errors.append({"field": "book", "message": "must not be blank"})
        elif len(book) > 200:
            errors.append({"field": "book", "message": "size must be between 0 and 200"})
        if stars < 1:
            errors.append({"field": "stars", "message": "must be greater than or equal to 1"})
        elif stars > 5:
            errors.append({"field": "stars", "message": "must be less than or equal to 5"})
        if errors:
            return problem(422, "Unprocessable Content", "Some fields are not valid.", instance="/reviews", errors=errors)
        with _lock:
            review = {"id": next(_review_ids), "book": book.strip(), "stars": stars}
            _reviews[review["id"]] = review
        return 201, {**JSON, "Location": f"/reviews/{review['id']}"}, review
    if len(parts) == 3 and parts[1] == "reviews" and parts[2]:
        if request.method not in ("GET", "HEAD"):
            return _not_allowed("GET,HEAD")
        if not parts[2].lstrip("-").isdigit():
            return problem(400, "Bad Request", "Failed to convert 'id'.")
        review = _reviews.get(int(parts[2]))
        if review is None:
            return problem(404, "Not Found", f"No review has the id {parts[2]}.")
        return 200, JSON, review
    return problem(404, "Not Found")


_notes = {}
_note_ids = itertools.count(1)


def notes_jdbc(request):
    parts = request.path.split("/")
    if request.path == "/notes" and request.method == "POST":
        if _media_type(request) != "application/json":
            return problem(415, "Unsupported Media Type")
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "Failed to read request")
        text = body.get("text")
        if not isinstance(text, str):
            return problem(422, "Unprocessable Content", "A field has the wrong type or a value out of range.")
        if not text.strip():
            return problem(422, "Unprocessable Content", "Some fields are not valid.",
                           errors=[{"field": "text", "message": "must not be blank"}])
        with _lock:
            note = {"id": next(_note_ids), "text": text}
            _notes[note["id"]] = note
        return 201, {**JSON, "Location": f"/notes/{note['id']}"}, note
    if request.path == "/notes" and request.method in ("GET", "HEAD"):
        q = request.query.get("q")
        with _lock:
            items = [n for _, n in sorted(_notes.items()) if q is None or q in n["text"]]
        return 200, JSON, {"items": items}
    if len(parts) == 3 and parts[1] == "notes" and parts[2]:
        if request.method != "DELETE":
            return _not_allowed("DELETE")
        if not parts[2].lstrip("-").isdigit():
            return problem(400, "Bad Request", "Failed to convert 'id'.")
        with _lock:
            removed = _notes.pop(int(parts[2]), None)
        if removed is None:
            return problem(404, "Not Found", f"No note has the id {parts[2]}.")
        return 204, {}, b""
    return problem(404, "Not Found")


EXERCISES = {
    "about-endpoint": about_endpoint,
    "books-crud": books_crud,
    "reviews-problems": reviews_problems,
    "notes-jdbc": notes_jdbc,
}
