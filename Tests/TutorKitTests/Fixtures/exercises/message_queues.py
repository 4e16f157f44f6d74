"""Reference handlers for Skills/message-queues/exercises.yml: what a correct learner server does."""
import base64
import hashlib
import hmac
import itertools
import json
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


# --- exports-accepted: 202 Accepted with a status monitor ---------------------------------

_exports = {}
_export_ids = itertools.count(1)


def exports(request):
    if request.method == "POST" and request.path == "/exports":
        body, error = _json_body(request)
        if error:
            return error
        if not isinstance(body, dict) or body.get("format") not in ("csv", "json"):
            return problem(422, "Unprocessable Content", "format must be \"csv\" or \"json\".")
        with _lock:
            export_id = f"exp_{next(_export_ids)}"
            _exports[export_id] = {"id": export_id, "status": "queued", "format": body["format"]}
        return 202, {}, {"id": export_id, "status": "queued", "statusUrl": f"/exports/{export_id}"}
    if request.method == "GET" and request.path.startswith("/exports/"):
        export = _exports.get(request.path.removeprefix("/exports/"))
        if export is None:
            return problem(404, "Not Found", "No such export.")
        return 200, {}, export
    return problem(404, "Not Found")


# --- idempotent-consumer: a repeated message id changes nothing ---------------------------

_processed = set()
_points = {}


def loyalty(request):
    if request.method == "POST" and request.path == "/loyalty/messages":
        body, error = _json_body(request)
        if error:
            return error
        if not isinstance(body, dict):
            return problem(422, "Unprocessable Content", "The message must be a JSON object.")
        message_id, customer, points = body.get("messageId"), body.get("customerId"), body.get("points")
        if not isinstance(message_id, str) or not message_id:
            return problem(422, "Unprocessable Content", "messageId is required.")
        if not isinstance(customer, str) or not customer:
            return problem(422, "Unprocessable Content", "customerId is required.")
        if not isinstance(points, int) or isinstance(points, bool) or points < 1:
            return problem(422, "Unprocessable Content", "points must be a positive integer.")
        with _lock:  # the check and the effect happen together, as in one transaction
            duplicate = message_id in _processed
            if not duplicate:
                _processed.add(message_id)
                _points[customer] = _points.get(customer, 0) + points
            total = _points.get(customer, 0)
        return 200, {}, {"messageId": message_id, "duplicate": duplicate, "points": total}
    if request.method == "GET" and request.path.startswith("/loyalty/customers/"):
        customer = request.path.removeprefix("/loyalty/customers/")
        if customer not in _points:
            return problem(404, "Not Found", "No points for this customer.")
        return 200, {}, {"customerId": customer, "points": _points[customer]}
    return problem(404, "Not Found")


# --- webhook signatures (Standard Webhooks) -----------------------------------------------

TOLERANCE = 300
RECEIVER_SECRET = "whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY"


class WebhookError(Exception):
    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status


def _sign(secret, msg_id, stamp, body):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def _verify(secret, headers, body, now):
    msg_id = headers.get("webhook-id") or ""
    stamp = headers.get("webhook-timestamp") or ""
    signatures = headers.get("webhook-signature") or ""
    if not isinstance(msg_id, str) or not isinstance(stamp, str) or not isinstance(signatures, str):
        raise WebhookError(400, "webhook-* headers must be strings")
    if not msg_id or not (stamp.isascii() and stamp.isdigit()) or not signatures:
        raise WebhookError(400, "missing or malformed webhook-* headers")
    if abs(now - int(stamp)) > TOLERANCE:
        raise WebhookError(403, "timestamp outside the tolerance")
    expected = _sign(secret, msg_id, int(stamp), body).encode()
    for candidate in signatures.split(" "):
        if hmac.compare_digest(candidate.encode(), expected):
            return msg_id
    raise WebhookError(403, "no signature matches")


_TITLES = {400: "Bad Request", 403: "Forbidden", 415: "Unsupported Media Type", 422: "Unprocessable Content"}


def verify_endpoint(request):
    if request.method != "POST" or request.path != "/webhooks/verify":
        return problem(404, "Not Found")
    body, error = _json_body(request)
    if error:
        return error
    if (not isinstance(body, dict) or not isinstance(body.get("secret"), str) or not isinstance(body.get("headers"), dict)
            or not isinstance(body.get("body"), str) or not isinstance(body.get("now"), (int, float))):
        return problem(422, "Unprocessable Content", "Send secret, headers, body and now.")
    headers = {k.lower(): v for k, v in body["headers"].items()}
    try:
        msg_id = _verify(body["secret"], headers, body["body"].encode(), body["now"])
    except WebhookError as exc:
        return problem(exc.status, _TITLES[exc.status], str(exc))
    return 200, {}, {"id": msg_id}


def receiver(request):
    if request.method != "POST" or request.path != "/hooks/payments":
        return problem(404, "Not Found")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        return problem(415, "Unsupported Media Type", "Send application/json.")
    try:
        msg_id = _verify(RECEIVER_SECRET, request.headers, request.body, time.time())
    except WebhookError as exc:
        return problem(exc.status, _TITLES[exc.status], str(exc))
    try:
        event = json.loads(request.body)
    except ValueError:
        return problem(400, "Bad Request", "The body is not JSON.")
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return problem(422, "Unprocessable Content", "The event has no type.")
    with _lock:
        _processed.add(msg_id)  # the inbox: a duplicate changes nothing
    return 204, {}, b""


EXERCISES = {
    "exports-accepted": exports,
    "idempotent-consumer": loyalty,
    "webhook-verify": verify_endpoint,
    "webhook-receiver": receiver,
}
