"""Reference behaviour for the http exercises of Skills/typescript-node/exercises.yml."""
import hashlib
import json
import re
import threading

from server import problem

LOCK = threading.Lock()


def not_found(request):
    return problem(404, "Not Found", f"No route for {request.method} {request.path}.")


def json_body(request):
    """(body, None) or (None, error): express.json() answers 400 for JSON that does not parse."""
    try:
        return request.json(), None
    except ValueError:
        return None, problem(400, "Bad Request", "The body is not valid JSON.")


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


# --- item-count-narrowing -----------------------------------------------------------------

def item_count_narrowing(request):
    if request.path != "/item-count" or request.method != "POST":
        return not_found(request)
    body, error = json_body(request)
    if error:
        return error
    invalid = problem(422, "Unprocessable Content", "lines must be an array of objects with an integer quantity of 1 or more.")
    if not isinstance(body, dict) or not isinstance(body.get("lines"), list):
        return invalid
    count = 0
    for line in body["lines"]:
        quantity = line.get("quantity") if isinstance(line, dict) else None
        if not is_int(quantity) or quantity < 1:
            return invalid
        count += quantity
    return 200, {}, {"count": count}


# --- order-preview-zod --------------------------------------------------------------------

EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")


def order_issues(body):
    if not isinstance(body, dict):
        return [{"path": "", "message": "Invalid input: expected object"}]
    issues = []
    email = body.get("customerEmail")
    if not isinstance(email, str) or not EMAIL.match(email):
        issues.append({"path": "customerEmail", "message": "Invalid email address"})
    lines = body.get("lines")
    if not isinstance(lines, list):
        issues.append({"path": "lines", "message": "Invalid input: expected array"})
        return issues
    if not 1 <= len(lines) <= 50:
        issues.append({"path": "lines", "message": "Too small or too big"})
    for index, line in enumerate(lines):
        if not isinstance(line, dict):
            issues.append({"path": f"lines.{index}", "message": "Invalid input: expected object"})
            continue
        sku = line.get("sku")
        if not isinstance(sku, str) or not 1 <= len(sku.strip()) <= 64:
            issues.append({"path": f"lines.{index}.sku", "message": "Invalid sku"})
        quantity = line.get("quantity")
        if not is_int(quantity) or not 1 <= quantity <= 100:
            issues.append({"path": f"lines.{index}.quantity", "message": "Invalid quantity"})
    return issues


def order_preview_zod(request):
    if request.path != "/order-previews" or request.method != "POST":
        return not_found(request)
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return problem(415, "Unsupported Media Type", "Send the body as application/json.")
    body, error = json_body(request)
    if error:
        return error
    issues = order_issues(body)
    if issues:
        return problem(422, "Unprocessable Content", "The order is not valid.", errors=issues)
    lines = [{"sku": line["sku"].strip(), "quantity": line["quantity"]} for line in body["lines"]]
    return 200, {}, {"customerEmail": body["customerEmail"], "lines": lines,
                     "itemCount": sum(line["quantity"] for line in lines)}


# --- idempotent-purchases -----------------------------------------------------------------

SF_STRING = re.compile(r'^"((?:[\x20\x21\x23-\x5B\x5D-\x7E]|\\["\\])+)"$')
PURCHASES = {}
KEYS = {}


def idempotent_purchases(request):
    if request.path != "/purchases" or request.method != "POST":
        return not_found(request)
    match = SF_STRING.match(request.headers.get("idempotency-key", "").strip())
    if not match:
        return problem(400, "Bad Request", 'Send Idempotency-Key as a quoted string, such as "8e03978e-40d5".')
    key = re.sub(r'\\(["\\])', r"\1", match.group(1))
    body, error = json_body(request)
    if error:
        return error
    issues = []
    if not isinstance(body, dict):
        body = {}
        issues.append({"path": "", "message": "Invalid input: expected object"})
    sku = body.get("sku")
    if not isinstance(sku, str) or not 1 <= len(sku.strip()) <= 64:
        issues.append({"path": "sku", "message": "Invalid sku"})
    quantity = body.get("quantity")
    if not is_int(quantity) or not 1 <= quantity <= 100:
        issues.append({"path": "quantity", "message": "Invalid quantity"})
    if issues:
        return problem(422, "Unprocessable Content", "The purchase is not valid.", errors=issues)
    data = {"sku": sku.strip(), "quantity": quantity}
    fingerprint = hashlib.sha256(json.dumps(data).encode()).hexdigest()
    with LOCK:
        earlier = KEYS.get(key)
        if earlier:
            if earlier["fingerprint"] != fingerprint:
                return problem(422, "Unprocessable Content", "This Idempotency-Key was used with a different body.")
            purchase = PURCHASES[earlier["id"]]
        else:
            purchase = {"id": len(PURCHASES) + 1, **data}
            PURCHASES[purchase["id"]] = purchase
            KEYS[key] = {"fingerprint": fingerprint, "id": purchase["id"]}
    return 201, {"Location": f"/purchases/{purchase['id']}"}, purchase


EXERCISES = {
    "item-count-narrowing": item_count_narrowing,
    "order-preview-zod": order_preview_zod,
    "idempotent-purchases": idempotent_purchases,
}
