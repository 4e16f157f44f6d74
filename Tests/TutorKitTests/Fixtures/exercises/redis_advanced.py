"""Reference handlers for Skills/redis-advanced/exercises.yml: what a correct learner server does,
with a lock standing in for Redis's one-command-at-a-time atomicity."""
import math
import re
import threading
import time

from server import problem

_lock = threading.Lock()
_stock = {}
_hits = {}

WINDOW_SECONDS = 10
LIMIT = 5


def _units(request, minimum):
    """The body's integer `units`, or a problem response."""
    try:
        body = request.json()
    except ValueError:
        return None, problem(400, "Bad Request", "the body is not JSON")
    units = body.get("units") if isinstance(body, dict) else None
    if not isinstance(units, int) or isinstance(units, bool) or units < minimum:
        return None, problem(422, "Unprocessable Content", f"units must be an integer of {minimum} or more")
    return units, None


def reserve_stock(request):
    m = re.fullmatch(r"/stock/([^/]+)(/reservations)?", request.path)
    if not m:
        return problem(404, "Not Found")
    sku, reservations = m.group(1), m.group(2)
    if reservations:
        if request.method != "POST":
            return 405, {"Allow": "POST"}, b""
        units, error = _units(request, 1)
        if error:
            return error
        with _lock:  # the Lua script's check-and-decrement, as one step
            have = _stock.get(sku, 0)
            if have < units:
                return problem(409, "Conflict", f"only {have} units of {sku} left")
            _stock[sku] = have - units
            left = _stock[sku]
        return 201, {}, {"sku": sku, "units": units, "units_left": left}
    if request.method == "PUT":
        units, error = _units(request, 0)
        if error:
            return error
        with _lock:
            _stock[sku] = units
        return 200, {}, {"sku": sku, "units": units}
    if request.method == "GET":
        with _lock:
            if sku not in _stock:
                return problem(404, "Not Found", f"no stock recorded for {sku}")
            return 200, {}, {"sku": sku, "units": _stock[sku]}
    return 405, {"Allow": "GET, PUT"}, b""


def rate_limited_ping(request):
    if request.path != "/api/ping" or request.method != "GET":
        return problem(404, "Not Found")
    client = request.headers.get("x-client-id", "anonymous")
    now = time.monotonic()
    with _lock:  # the sliding-window log: drop old entries, count, add
        log = [t for t in _hits.get(client, []) if t > now - WINDOW_SECONDS]
        if len(log) >= LIMIT:
            _hits[client] = log
            wait = max(1, math.ceil(log[0] + WINDOW_SECONDS - now))
            status, headers, body = problem(429, "Too Many Requests", f"at most {LIMIT} requests per {WINDOW_SECONDS} seconds")
            headers["Retry-After"] = str(wait)
            return status, headers, body
        log.append(now)
        _hits[client] = log
    return 200, {}, {"pong": True}


EXERCISES = {
    "reserve-stock-atomically": reserve_stock,
    "rate-limit-ping": rate_limited_ping,
}
