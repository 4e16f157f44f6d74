"""Reference behaviour for the http exercises of Skills/performance-engineering/exercises.yml."""
import threading

from server import problem

JSON = {"Content-Type": "application/json"}


# (i * 7919) mod 9900 repeats every 9900 orders, so running totals of one period give any
# total in constant time: the reference stays fast however busy the test machine is.
_PERIOD = 9900
_PREFIX = [0]
for _i in range(_PERIOD):
    _PREFIX.append(_PREFIX[-1] + 100 + (_i * 7919) % _PERIOD)


def _total_cents(n):
    full, rest = divmod(n, _PERIOD)
    return full * _PREFIX[_PERIOD] + _PREFIX[rest]


def running_totals_under_load(request):
    if request.path != "/running-totals":
        return 404, {}, b""
    if request.method != "GET":
        return 405, {"Allow": "GET,HEAD"}, b""
    text = request.query.get("n", "")
    n = int(text) if text.isascii() and text.isdigit() else 0
    if not 1 <= n <= 1_000_000:
        return problem(400, "Bad Request", "n must be a whole number from 1 to 1000000")
    return 200, JSON, {"orders": n, "total_cents": _total_cents(n)}


_lock = threading.Lock()
_catalog = {"version": 1, "items": [{"id": i, "name": f"Product {i}"} for i in range(1, 21)]}


def _matches(header, etag):
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def etag_from_version(request):
    if request.path == "/catalog":
        if request.method not in ("GET", "HEAD"):
            return 405, {"Allow": "GET,HEAD"}, b""
        with _lock:
            version = _catalog["version"]
            headers = {"ETag": f'"v{version}"', "Cache-Control": "no-cache"}
            if _matches(request.headers.get("if-none-match"), headers["ETag"]):
                return 304, headers, b""
            body = {"version": version, "items": list(_catalog["items"])}
        return 200, {**headers, **JSON}, body
    if request.path == "/catalog/items":
        if request.method != "POST":
            return 405, {"Allow": "POST"}, b""
        try:
            data = request.json()
        except ValueError:
            return problem(400, "Bad Request", "the body is not valid JSON")
        name = data.get("name") if isinstance(data, dict) else None
        if not isinstance(name, str) or not name.strip():
            return problem(422, "Unprocessable Content", "name must be a non-empty string")
        with _lock:
            item = {"id": len(_catalog["items"]) + 1, "name": name.strip()}
            _catalog["items"].append(item)
            _catalog["version"] += 1
        return 201, JSON, item
    return 404, {}, b""


EXERCISES = {
    "running-totals-under-load": running_totals_under_load,
    "etag-from-version": etag_from_version,
}
