"""Reference behaviour for the http exercises of Skills/spring-boot-java/exercises.yml: what a
Spring Boot 4 application built as the lessons say answers."""
import itertools
import threading

from server import problem

JSON = {"Content-Type": "application/json"}
_lock = threading.Lock()


def _media_type(request):
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _read_json(request):
    """(error response, body): 415 for another media type, 400 for JSON that does not parse."""
    if _media_type(request) != "application/json":
        return problem(415, "Unsupported Media Type", "Content-Type is not supported."), None
    try:
        return None, request.json()
    except ValueError:
        return problem(400, "Bad Request", "Failed to read request"), None


def _not_allowed(allow):
    status, headers, body = problem(405, "Method Not Allowed", "Method is not supported.")
    return status, {**headers, "Allow": allow}, body


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


_shipments = {}
_shipment_ids = itertools.count(1)


def shipments_controller(request):
    parts = request.path.split("/")
    if request.path == "/api/shipments":
        if request.method != "POST":
            return _not_allowed("POST")
        error, body = _read_json(request)
        if error:
            return error
        parcels = body.get("parcels")
        if (not isinstance(body.get("orderId"), str) or not body["orderId"].strip() or not isinstance(parcels, list)
                or not parcels or not all(isinstance(p, dict) and _is_int(p.get("weightGrams")) and p["weightGrams"] > 0
                                          for p in parcels)):
            return problem(400, "Bad Request", "Invalid request content.")
        with _lock:
            shipment = {"id": next(_shipment_ids), "orderId": body["orderId"], "status": "PENDING",
                        "parcelCount": len(parcels), "totalWeightGrams": sum(p["weightGrams"] for p in parcels)}
            _shipments[shipment["id"]] = shipment
        location = f"http://{request.headers.get('host', 'localhost')}/api/shipments/{shipment['id']}"
        return 201, {**JSON, "Location": location}, shipment
    if len(parts) == 4 and parts[1:3] == ["api", "shipments"] and parts[3]:
        if request.method not in ("GET", "HEAD"):
            return _not_allowed("GET,HEAD")
        if not parts[3].lstrip("-").isdigit():
            return problem(400, "Bad Request", "Failed to convert 'id'.")
        shipment = _shipments.get(int(parts[3]))
        if shipment is None:
            return problem(404, "Not Found", f"No shipment has the id {parts[3]}.")
        return 200, JSON, shipment
    return problem(404, "Not Found")


def _sf_string(value):
    """The key inside an Idempotency-Key Structured Field String, or None when malformed."""
    value = value.strip()
    if len(value) < 3 or value[0] != '"' or value[-1] != '"':
        return None
    key, i, inner = [], 0, value[1:-1]
    while i < len(inner):
        c = inner[i]
        if c == "\\":
            i += 1
            if i == len(inner) or inner[i] not in '"\\':
                return None
            c = inner[i]
        elif c == '"' or not 0x20 <= ord(c) <= 0x7E:
            return None
        key.append(c)
        i += 1
    return "".join(key)


_payments_by_key = {}
_payment_ids = itertools.count(1)


def payments_idempotency(request):
    if request.path != "/api/payments":
        return problem(404, "Not Found")
    if request.method != "POST":
        return _not_allowed("POST")
    raw_key = request.headers.get("idempotency-key")
    if raw_key is None:
        return problem(400, "Bad Request", "Required header 'Idempotency-Key' is not present.")
    error, body = _read_json(request)
    if error:
        return error
    key = _sf_string(raw_key)
    if key is None:
        return problem(400, "Bad Request", 'Send the key as a quoted string: Idempotency-Key: "8e03978e"')
    fingerprint = (body.get("customerId"), body.get("amountCents"))
    with _lock:
        seen = _payments_by_key.get(key)
        if seen is not None:
            if seen[0] != fingerprint:
                return problem(422, "Unprocessable Content", "This Idempotency-Key came with a different body before.")
            payment = seen[1]
        else:
            payment = {"id": next(_payment_ids), "customerId": body.get("customerId"), "amountCents": body.get("amountCents")}
            _payments_by_key[key] = (fingerprint, payment)
    location = f"http://{request.headers.get('host', 'localhost')}/api/payments/{payment['id']}"
    return 201, {**JSON, "Location": location}, payment


_coupons = {}


def coupons_problems(request):
    parts = request.path.split("/")
    if request.path == "/api/coupons":
        if request.method != "POST":
            return _not_allowed("POST")
        error, body = _read_json(request)
        if error:
            return error
        code, percent = body.get("code"), body.get("percentOff", 0)
        if not _is_int(percent) or (code is not None and not isinstance(code, str)):
            return problem(422, "Unprocessable Content", "A field has the wrong type or a value out of range.")
        errors = []
        if code is None or not code.strip():
            errors.append({"field": "code", "message": "must not be blank"})
        elif len(code) > 40:
            errors.append({"field": "code", "message": "size must be between 0 and 40"})
        if percent < 1:
            errors.append({"field": "percentOff", "message": "must be greater than or equal to 1"})
        elif percent > 90:
            errors.append({"field": "percentOff", "message": "must be less than or equal to 90"})
        if errors:
            return problem(422, "Unprocessable Content", "The request content is not valid.",
                           instance="/api/coupons", errors=errors)
        with _lock:
            if code in _coupons:
                return problem(409, "Conflict", f"The code {code} is taken.", instance="/api/coupons")
            coupon = {"code": code, "percentOff": percent}
            _coupons[code] = coupon
        location = f"http://{request.headers.get('host', 'localhost')}/api/coupons/{code}"
        return 201, {**JSON, "Location": location}, coupon
    if len(parts) == 4 and parts[1:3] == ["api", "coupons"] and parts[3]:
        if request.method not in ("GET", "HEAD"):
            return _not_allowed("GET,HEAD")
        coupon = _coupons.get(parts[3])
        if coupon is None:
            status, headers, body = problem(404, "Coupon not found", f"No coupon has the code {parts[3]}.",
                                            instance=request.path)
            body["type"] = "https://api.example.com/problems/coupon-not-found"
            return status, headers, body
        return 200, JSON, coupon
    return problem(404, "Not Found")


def reports_bearer(request):
    if request.path == "/api/public/ping" and request.method == "GET":
        return 200, JSON, {"pong": True}
    # Spring Security's resource server: no usable bearer token, whatever the path.
    return 401, {"WWW-Authenticate": "Bearer"}, b""


_HEALTH_TYPE = {"Content-Type": "application/vnd.spring-boot.actuator.v3+json"}


def actuator_probes(request):
    if request.method == "GET" and request.path == "/actuator/health":
        return 200, _HEALTH_TYPE, {"groups": ["liveness", "readiness"], "status": "UP"}
    if request.method == "GET" and request.path in ("/actuator/health/liveness", "/actuator/health/readiness"):
        return 200, _HEALTH_TYPE, {"status": "UP"}
    return problem(404, "Not Found", instance=request.path)


EXERCISES = {
    "shipments-controller": shipments_controller,
    "payments-idempotency": payments_idempotency,
    "coupons-problems": coupons_problems,
    "reports-bearer": reports_bearer,
    "actuator-probes": actuator_probes,
}
