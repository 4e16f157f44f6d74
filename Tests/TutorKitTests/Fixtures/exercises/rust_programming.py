"""Reference behaviour for the http exercises of Skills/rust-programming/exercises.yml: what an
axum service built as the lessons say answers."""
import gzip
import json
import threading
import time

from server import problem

JSON = {"Content-Type": "application/json"}

_counters = {}
_counters_lock = threading.Lock()


def shared_counter(request):
    parts = request.path.split("/")
    if len(parts) != 3 or parts[1] != "counters" or not parts[2]:
        return 404, {}, b""
    name = parts[2]
    if request.method == "POST":
        with _counters_lock:  # read, add and write as one step
            _counters[name] = _counters.get(name, 0) + 1
            count = _counters[name]
        return 200, JSON, {"name": name, "count": count}
    if request.method in ("GET", "HEAD"):
        with _counters_lock:
            count = _counters.get(name, 0)
        return 200, JSON, {"name": name, "count": count}
    return 405, {"Allow": "GET,HEAD,POST"}, b""


def _whole_number(text):
    return text is not None and text.isdigit()


def quotes_join_and_timeout(request):
    parts = request.path.split("/")
    if len(parts) != 3 or parts[1] != "quotes" or not parts[2]:
        return 404, {}, b""
    if request.method != "GET":
        return 405, {"Allow": "GET,HEAD"}, b""
    price_ms, stock_ms = request.query.get("price_ms"), request.query.get("stock_ms")
    if not (_whole_number(price_ms) and _whole_number(stock_ms)):
        # axum's Query rejection: 400 with a plain-text body
        return 400, {"Content-Type": "text/plain; charset=utf-8"}, "Failed to deserialize query string"
    sku = parts[2]
    slower = max(int(price_ms), int(stock_ms)) / 1000  # join!: the pair takes as long as the slower call
    if slower > 0.5:
        time.sleep(0.5)
        return problem(504, "Gateway Timeout", "the price and stock services did not answer within 500 ms")
    time.sleep(slower)
    return 200, JSON, {"sku": sku, "price": len(sku) * 100, "stock": 7}


def timeout_layer_503(request):
    if request.path != "/slow":
        return 404, {}, b""
    if request.method != "GET":
        return 405, {"Allow": "GET,HEAD"}, b""
    ms = request.query.get("ms")
    if not _whole_number(ms):
        return 400, {"Content-Type": "text/plain; charset=utf-8"}, "Failed to deserialize query string"
    if int(ms) > 1000:
        time.sleep(1.0)
        return 503, {}, b""  # tower-http's TimeoutLayer: the status, an empty body
    time.sleep(int(ms) / 1000)
    return 200, JSON, {"slept_ms": int(ms)}


_REPORT = json.dumps({"items": [{"id": i, "status": "pending"} for i in range(1, 201)]}).encode()


def _accepts_gzip(header):
    """tower-http's choice when gzip is the only coding compiled in: gzip unless it is absent or q=0."""
    for member in header.split(","):
        coding, _, q = member.strip().partition(";q=")
        if coding.strip().lower() == "gzip":
            try:
                return float(q or "1") > 0
            except ValueError:
                return False
    return False


def gzip_compression_layer(request):
    if request.path != "/report":
        return 404, {}, b""
    if request.method != "GET":
        return 405, {"Allow": "GET,HEAD"}, b""
    headers = {"Content-Type": "application/json", "Vary": "accept-encoding"}
    if _accepts_gzip(request.headers.get("accept-encoding", "")):
        return 200, {**headers, "Content-Encoding": "gzip"}, gzip.compress(_REPORT)
    return 200, headers, _REPORT


EXERCISES = {
    "shared-counter": shared_counter,
    "quotes-join-and-timeout": quotes_join_and_timeout,
    "timeout-layer-503": timeout_layer_503,
    "gzip-compression-layer": gzip_compression_layer,
}
