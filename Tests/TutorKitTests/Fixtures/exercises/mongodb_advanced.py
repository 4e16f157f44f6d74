"""Reference handlers for Skills/mongodb-advanced/exercises.yml: what a correct learner server does."""
import itertools
import threading

from server import problem

_lock = threading.Lock()
_ids = itertools.count(1)
STATUSES = ("placed", "paid", "shipped", "cancelled")


def _is_int(value, minimum):
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _errors(order):
    """The rules of the lesson's $jsonSchema validator, checked in the API."""
    if not isinstance(order, dict):
        return ["the order must be a JSON object"]
    errors = []
    if not _is_int(order.get("customerId"), -(2 ** 63)):
        errors.append("customerId must be an integer")
    if order.get("status") not in STATUSES:
        errors.append("status must be one of " + ", ".join(STATUSES))
    if not _is_int(order.get("totalCents"), 0):
        errors.append("totalCents must be an integer of at least 0")
    lines = order.get("lines")
    if not isinstance(lines, list) or not lines:
        errors.append("lines must be an array with at least one line")
    else:
        for i, line in enumerate(lines):
            if not isinstance(line, dict):
                errors.append(f"lines[{i}] must be an object")
                continue
            if not isinstance(line.get("sku"), str):
                errors.append(f"lines[{i}].sku must be a string")
            if not _is_int(line.get("qty"), 1):
                errors.append(f"lines[{i}].qty must be an integer of at least 1")
            if not _is_int(line.get("unitCents"), 0):
                errors.append(f"lines[{i}].unitCents must be an integer of at least 0")
    return errors


def orders(request):
    if request.method != "POST" or request.path != "/orders":
        return problem(404, "Not Found")
    try:
        order = request.json()
    except ValueError:
        return problem(400, "Bad Request", "The body is not valid JSON.")
    errors = _errors(order)
    if errors:
        return problem(422, "Unprocessable Content", "; ".join(errors), errors=errors)
    with _lock:
        order_id = next(_ids)
    return 201, {"Location": f"/orders/{order_id}"}, {"id": order_id, **order}


EXERCISES = {
    "validate-orders-api": orders,
}
