"""Reference handlers for the http exercises of grpc-protobuf: what a grpc-gateway style JSON
edge in front of the library service answers."""
import itertools
import threading

from server import problem

# proto3-json-mapping: the proto3 JSON mapping of one stored Book -------------------------------

BOOK_1 = {
    "id": "1",
    "title": "Kindred",
    "pageCount": 264,                      # int32: a JSON number
    "format": "FORMAT_PAPERBACK",          # enum: its name
    "tags": ["novel", "time travel"],      # repeated string: an array
    "publishedAt": "1979-06-01T00:00:00Z",  # Timestamp: RFC 3339, UTC
    "copiesSold": "9007199254740993",      # int64: a string, since 2^53 + 1 is no exact double
    "loanPeriod": "1814400s",              # Duration: seconds with an "s" (21 days)
}


def proto3_json_mapping(request):
    if request.method != "GET" or not request.path.startswith("/v1/books/"):
        return 404, {}, {"code": 5, "message": "no such route", "details": []}
    book_id = request.path[len("/v1/books/"):]
    if book_id != "1":
        return 404, {}, {"code": 5, "message": f'book "{book_id}" not found', "details": []}
    return 200, {}, BOOK_1


# gateway-errors: gRPC status codes mapped to HTTP, errors as problem details -------------------

_lock = threading.Lock()
_books = {}
_by_isbn = {}
_ids = itertools.count(1)

# google/rpc/code.proto's HTTP mapping for the codes this service returns
_HTTP = {"INVALID_ARGUMENT": 400, "NOT_FOUND": 404, "ALREADY_EXISTS": 409}


def _status_error(code, message, violations=None):
    """What the gateway's error handler makes of a gRPC status (the lesson's problemDetails)."""
    status = _HTTP[code]
    if code == "INVALID_ARGUMENT" and violations:
        return problem(422, "Unprocessable Content", message, errors=violations)
    titles = {400: "Bad Request", 404: "Not Found", 409: "Conflict"}
    return problem(status, titles[status], message)


def _create_book(book):
    """The LibraryService.CreateBook handler."""
    title, isbn = book.get("title", ""), book.get("isbn", "")
    if not isinstance(title, str) or not title.strip():
        return _status_error("INVALID_ARGUMENT", "invalid book", [{"field": "title", "description": "must not be empty"}])
    with _lock:
        if isbn and isbn in _by_isbn:
            return _status_error("ALREADY_EXISTS", f'a book with ISBN "{isbn}" exists')
        row = {"id": str(next(_ids)), "title": title, "isbn": isbn}
        _books[row["id"]] = row
        if isbn:
            _by_isbn[isbn] = row["id"]
    return 200, {}, row


def gateway_errors(request):
    if request.path == "/v1/books" and request.method == "POST":
        try:
            body = request.json()
        except ValueError:
            # the gateway cannot decode the body: INVALID_ARGUMENT without details, so 400
            return _status_error("INVALID_ARGUMENT", "the request body is not valid JSON")
        if not isinstance(body, dict):
            return _status_error("INVALID_ARGUMENT", "the request body must be a JSON object")
        return _create_book(body)
    if request.path.startswith("/v1/books/") and request.method == "GET":
        book_id = request.path[len("/v1/books/"):]
        row = _books.get(book_id)
        if row is None:
            return _status_error("NOT_FOUND", f'book "{book_id}" not found')
        return 200, {}, row
    return problem(404, "Not Found")


EXERCISES = {
    "proto3-json-mapping": proto3_json_mapping,
    "gateway-errors": gateway_errors,
}
