"""Reference handlers for Skills/caching-strategies/exercises.yml: what a correct learner server
does. A dict with expiry times stands in for Redis, another for the database."""
import hashlib
import itertools
import json
import re
import threading
import time

from server import problem

_lock = threading.Lock()

# --- products: cache-aside with X-Cache, and invalidation on write -------------------------

_products = {}                 # the "database"
_cache = {}                    # key -> (expires_at, JSON text), the "Redis"
_ids = itertools.count(1)
PRODUCT_TTL = 300


def _valid_product(body, partial):
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    if not partial or "name" in body:
        if not isinstance(body.get("name"), str) or not body["name"].strip():
            return "name must be a non-empty string"
    if not partial or "price_cents" in body:
        price = body.get("price_cents")
        if not isinstance(price, int) or isinstance(price, bool) or price < 0:
            return "price_cents must be an integer of 0 or more"
    return None


def products(request):
    if request.path == "/products" and request.method == "POST":
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "the body is not JSON")
        error = _valid_product(body, partial=False)
        if error:
            return problem(422, "Unprocessable Content", error)
        with _lock:
            product = {"id": next(_ids), "name": body["name"], "price_cents": body["price_cents"]}
            _products[product["id"]] = product
        return 201, {"Location": f"/products/{product['id']}"}, product
    m = re.fullmatch(r"/products/(\d+)", request.path)
    if not m:
        return problem(404, "Not Found")
    pid = int(m.group(1))
    key = f"product:{pid}"
    if request.method == "GET":
        with _lock:
            hit = _cache.get(key)
            if hit and hit[0] > time.monotonic():
                return 200, {"X-Cache": "HIT"}, json.loads(hit[1])
            product = _products.get(pid)
            if product is None:
                return problem(404, "Not Found", f"no product {pid}")
            _cache[key] = (time.monotonic() + PRODUCT_TTL, json.dumps(product))
            return 200, {"X-Cache": "MISS"}, dict(product)
    if request.method == "PATCH":
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "the body is not JSON")
        error = _valid_product(body, partial=True)
        if error:
            return problem(422, "Unprocessable Content", error)
        with _lock:
            product = _products.get(pid)
            if product is None:
                return problem(404, "Not Found", f"no product {pid}")
            product.update({k: body[k] for k in ("name", "price_cents") if k in body})
            _cache.pop(key, None)  # after the write is stored: delete, do not overwrite
            return 200, {}, dict(product)
    return 405, {"Allow": "GET, PATCH"}, b""


# --- reports: request coalescing ------------------------------------------------------------

_reports = {}                  # name -> (expires_at, report)
_in_flight = {}                # name -> threading.Event of the build under way
_build_ids = itertools.count(1)
REPORT_TTL = 60


def _build(name):
    time.sleep(0.5)  # the expensive part
    return {"name": name, "build_id": f"build-{next(_build_ids)}"}


def reports(request):
    m = re.fullmatch(r"/reports/([^/]+)", request.path)
    if not m or request.method != "GET":
        return problem(404, "Not Found")
    name = m.group(1)
    while True:
        with _lock:
            cached = _reports.get(name)
            if cached and cached[0] > time.monotonic():
                return 200, {}, cached[1]
            pending = _in_flight.get(name)
            if pending is None:
                pending = threading.Event()
                _in_flight[name] = pending
                leader = True
            else:
                leader = False
        if not leader:
            pending.wait()  # share the build under way, then read its result from the cache
            continue
        try:
            report = _build(name)
            with _lock:
                _reports[name] = (time.monotonic() + REPORT_TTL, report)
        finally:
            with _lock:
                _in_flight.pop(name, None)
            pending.set()
        return 200, {}, report


# --- pricing: ETag and If-None-Match --------------------------------------------------------

_PRICING = json.dumps({"plans": [{"name": "free", "price_cents": 0}, {"name": "pro", "price_cents": 1900}]},
                      separators=(",", ":")).encode()
_ETAG = '"' + hashlib.sha256(_PRICING).hexdigest()[:16] + '"'


def pricing(request):
    if request.path != "/pricing" or request.method not in ("GET", "HEAD"):
        return problem(404, "Not Found")
    headers = {"ETag": _ETAG, "Cache-Control": "public, max-age=60"}
    condition = request.headers.get("if-none-match")
    if condition is not None:
        tags = [t.strip() for t in condition.split(",")]
        # weak comparison (RFC 9110, 13.1.2): a W/ prefix does not matter
        if "*" in tags or _ETAG in [t.removeprefix("W/") for t in tags]:
            return 304, headers, b""
    headers["Content-Type"] = "application/json"
    return 200, headers, _PRICING


EXERCISES = {
    "cache-aside-x-cache": products,
    "invalidate-on-write": products,
    "coalesce-concurrent-misses": reports,
    "etag-revalidation": pricing,
}
