"""Reference handlers for Skills/monitoring-observability/exercises.yml: what a correct learner server does."""
import itertools
import re
import secrets
import threading

from server import problem

_lock = threading.Lock()


# --- orders-counter-metrics: a Prometheus counter, in the text format and as a JSON twin -------

_counter = {"orders_placed_total": 0}
_ids = itertools.count(1)


def _exposition():
    value = _counter["orders_placed_total"]
    return (
        "# HELP orders_placed_total Orders successfully placed.\n"
        "# TYPE orders_placed_total counter\n"
        f"orders_placed_total {value}\n"
    )


def orders_metrics(request):
    if request.method == "POST" and request.path == "/orders":
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "The body is not valid JSON.")
        sku = body.get("sku") if isinstance(body, dict) else None
        quantity = body.get("quantity") if isinstance(body, dict) else None
        if not isinstance(sku, str) or not sku or type(quantity) is not int or quantity < 1:
            return problem(422, "Unprocessable Content", "sku is required and quantity must be a positive integer.")
        with _lock:
            order = {"id": next(_ids), "sku": sku, "quantity": quantity}
            _counter["orders_placed_total"] += 1
        return 201, {}, order
    if request.method == "GET" and request.path == "/metrics":
        return 200, {"Content-Type": "text/plain; version=0.0.4; charset=utf-8"}, _exposition()
    if request.method == "GET" and request.path == "/debug/counters":
        return 200, {}, dict(_counter)
    return problem(404, "Not Found")


# --- trace-context-echo: parse W3C traceparent ------------------------------------------------

_TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")


def _new_id(nbytes):
    while True:
        value = secrets.token_hex(nbytes)
        if value.strip("0"):
            return value


def trace_context(request):
    if request.method != "GET" or request.path != "/trace-context":
        return problem(404, "Not Found")
    m = _TRACEPARENT.fullmatch(request.headers.get("traceparent", ""))
    if m and m[1].strip("0") and m[2].strip("0"):
        return 200, {}, {"trace_id": m[1], "parent_id": m[2], "span_id": _new_id(8),
                         "sampled": int(m[3], 16) & 1 == 1}
    return 200, {}, {"trace_id": _new_id(16), "parent_id": None, "span_id": _new_id(8), "sampled": True}


EXERCISES = {
    "orders-counter-metrics": orders_metrics,
    "trace-context-echo": trace_context,
}
