"""Reference handlers for Skills/microservices-patterns/exercises.yml: what a correct learner server does."""
import itertools
import json
import math
import re
import secrets
import threading
import time

from server import problem

_lock = threading.Lock()


def _json_body(request):
    """The parsed body, or a 400 problem response when it is not JSON."""
    try:
        return request.json(), None
    except ValueError:
        return None, problem(400, "Bad Request", "The body is not valid JSON.")


# --- readiness: liveness stays up while readiness drains ------------------------------------

_state = {"ready": True}


def health(request):
    if request.method == "GET" and request.path == "/health/live":
        return 200, {}, {"status": "ok"}
    if request.method == "GET" and request.path == "/health/ready":
        if _state["ready"]:
            return 200, {}, {"status": "ready"}
        return problem(503, "Service Unavailable", "Draining: not taking new requests.")
    if request.method == "POST" and request.path == "/admin/drain":
        _state["ready"] = False
        return 204, {}, b""
    if request.method == "POST" and request.path == "/admin/ready":
        _state["ready"] = True
        return 204, {}, b""
    return problem(404, "Not Found")


# --- idempotency-key: one order per key -----------------------------------------------------

_KEY = re.compile(r'^"([\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*"$')  # an sf-string
_orders_by_key = {}
_order_ids = itertools.count(1001)


def orders(request):
    if request.method != "POST" or request.path != "/orders":
        return problem(404, "Not Found")
    key = request.headers.get("idempotency-key")
    if key is None:
        return problem(400, "Bad Request", "Idempotency-Key is required.")
    if not _KEY.match(key.strip()):
        return problem(400, "Bad Request", "Idempotency-Key must be a quoted string.")
    body, error = _json_body(request)
    if error:
        return error
    fingerprint = json.dumps(body, sort_keys=True)
    with _lock:
        stored = _orders_by_key.get(key.strip())
        if stored is not None:
            if stored[0] != fingerprint:
                return problem(422, "Unprocessable Content", "This Idempotency-Key was used with a different body.")
            return 202, {}, stored[1]
        order = {"id": next(_order_ids), "status": "PENDING"}
        _orders_by_key[key.strip()] = (fingerprint, order)
    return 202, {}, order


# --- circuit-breaker: closed, open, half-open -----------------------------------------------

THRESHOLD, COOLDOWN = 3, 2.0
_breaker = {"state": "closed", "failures": 0, "opened_at": 0.0, "trial": False}


def breaker(request):
    b = _breaker
    if request.method == "POST" and request.path == "/breaker/reset":
        with _lock:
            b.update(state="closed", failures=0, opened_at=0.0, trial=False)
        return 204, {}, b""
    if request.method == "GET" and request.path == "/breaker":
        with _lock:
            state = b["state"]
            if state == "open" and time.monotonic() - b["opened_at"] >= COOLDOWN:
                state = "half-open"
            return 200, {}, {"state": state, "failures": b["failures"]}
    if request.method == "POST" and request.path == "/breaker/call":
        body, error = _json_body(request)
        if error:
            return error
        if not isinstance(body, dict) or not isinstance(body.get("fail"), bool):
            return problem(422, "Unprocessable Content", "fail must be true or false.")
        with _lock:
            if b["state"] == "open":
                waited = time.monotonic() - b["opened_at"]
                if waited < COOLDOWN or b["trial"]:
                    retry = max(1, math.ceil(COOLDOWN - waited))
                    status, headers, payload = problem(503, "Service Unavailable", "The circuit is open.")
                    return status, {**headers, "Retry-After": str(retry)}, payload
                b["trial"] = True  # half-open: this call is the trial
        failed = body["fail"]  # the simulated dependency
        with _lock:
            trial, b["trial"] = b["trial"], False
            if not failed:
                b.update(state="closed", failures=0)
                return 200, {}, {"result": "ok"}
            b["failures"] += 1
            if trial or b["failures"] >= THRESHOLD:
                b.update(state="open", opened_at=time.monotonic())
        return problem(502, "Bad Gateway", "The inventory service failed.")
    return problem(404, "Not Found")


# --- saga: an orchestrator with guarded transitions -----------------------------------------

TRANSITIONS = {
    ("PENDING", "PaymentAuthorized"): ("PAYMENT_AUTHORIZED", "ReserveStock"),
    ("PENDING", "PaymentDeclined"): ("REJECTED", None),
    ("PAYMENT_AUTHORIZED", "StockReserved"): ("APPROVED", "ConfirmOrder"),
    ("PAYMENT_AUTHORIZED", "StockReservationFailed"): ("COMPENSATING", "VoidPayment"),
    ("COMPENSATING", "PaymentVoided"): ("REJECTED", None),
}
REPLIES = {reply for _, reply in TRANSITIONS}
_sagas = {}


def saga(request):
    if request.method == "POST" and request.path == "/sagas":
        body, error = _json_body(request)
        if error:
            return error
        order_id = body.get("orderId") if isinstance(body, dict) else None
        if not isinstance(order_id, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", order_id):
            return problem(422, "Unprocessable Content", "orderId must be a string of letters, digits, - and _.")
        with _lock:
            if order_id in _sagas:
                return problem(409, "Conflict", "A saga for this order already exists.")
            _sagas[order_id] = "PENDING"
        return 201, {"Location": f"/sagas/{order_id}"}, {"orderId": order_id, "state": "PENDING", "command": "AuthorizePayment"}
    match = re.fullmatch(r"/sagas/([^/]+)(/replies)?", request.path)
    if not match:
        return problem(404, "Not Found")
    order_id = match.group(1)
    if request.method == "GET" and not match.group(2):
        if order_id not in _sagas:
            return problem(404, "Not Found", "No saga for this order.")
        return 200, {}, {"orderId": order_id, "state": _sagas[order_id]}
    if request.method == "POST" and match.group(2):
        body, error = _json_body(request)
        if error:
            return error
        with _lock:
            if order_id not in _sagas:
                return problem(404, "Not Found", "No saga for this order.")
            reply = body.get("reply") if isinstance(body, dict) else None
            if reply not in REPLIES:
                return problem(422, "Unprocessable Content", "reply is not a known reply.")
            state, command = TRANSITIONS.get((_sagas[order_id], reply), (_sagas[order_id], None))
            _sagas[order_id] = state
        return 200, {}, {"orderId": order_id, "state": state, "command": command}
    return problem(404, "Not Found")


# --- cloudevents: a structured-mode receiver that drops duplicates --------------------------

_seen_events = set()


def events(request):
    if request.method != "POST" or request.path != "/events":
        return problem(404, "Not Found")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/cloudevents+json":
        return problem(415, "Unsupported Media Type", "Send a structured CloudEvent as application/cloudevents+json.")
    event, error = _json_body(request)
    if error:
        return error
    if not isinstance(event, dict):
        return problem(422, "Unprocessable Content", "An event is a JSON object.")
    if event.get("specversion") != "1.0":
        return problem(422, "Unprocessable Content", "specversion must be \"1.0\".")
    for name in ("id", "source", "type"):
        if not isinstance(event.get(name), str) or not event[name]:
            return problem(422, "Unprocessable Content", f"{name} is required and must be a non-empty string.")
    key = (event["source"], event["id"])
    with _lock:
        duplicate = key in _seen_events
        _seen_events.add(key)
    return 202, {}, {"id": event["id"], "source": event["source"], "duplicate": duplicate}


# --- trace-context: continue the caller's trace, or start one -------------------------------

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


def trace(request):
    if request.method != "GET" or request.path != "/debug/trace":
        return problem(404, "Not Found")
    match = _TRACEPARENT.match(request.headers.get("traceparent", "").strip())
    trace_id = parent = None
    flags = "01"
    if match and match.group(1) != "0" * 32 and match.group(2) != "0" * 16:
        trace_id, parent, flags = match.groups()
    if trace_id is None:
        trace_id = secrets.token_hex(16)
    span_id = secrets.token_hex(8)
    while span_id == "0" * 16 or span_id == parent:
        span_id = secrets.token_hex(8)
    body = {"traceId": trace_id, "parentId": parent, "spanId": span_id,
            "outgoing": f"00-{trace_id}-{span_id}-{flags}"}
    return 200, {"X-Trace-Id": trace_id}, body


EXERCISES = {
    "readiness-drain": health,
    "idempotent-orders": orders,
    "circuit-breaker": breaker,
    "saga-orchestrator": saga,
    "cloudevents-receiver": events,
    "trace-context": trace,
}
