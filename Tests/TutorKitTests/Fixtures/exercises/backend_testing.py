"""Reference handlers for the http exercises of backend-testing: the behaviour the lesson's API,
idempotency and property tests pin down."""
import itertools
import json
import re
import threading

from server import problem

_lock = threading.Lock()
_ids = itertools.count(1)

# Structured Field String (RFC 9651): printable ASCII in double quotes, \" and \\ escaped.
SF_STRING = re.compile(r'^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*"$')


def _json_body(request):
    """The body as a JSON object, or a problem response."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        return None, problem(415, "Unsupported Media Type", "Send the body as application/json.")
    try:
        body = request.json()
    except ValueError:
        return None, problem(400, "Bad Request", "The body is not valid JSON.")
    if not isinstance(body, dict):
        return None, problem(422, "Unprocessable Content", "The body must be a JSON object.")
    return body, None


def _idempotency_key(request):
    key = request.headers.get("idempotency-key")
    if key is None:
        return None, problem(400, "Bad Request", "Creating this resource requires an Idempotency-Key header.")
    if not SF_STRING.match(key.strip()):
        return None, problem(400, "Bad Request", "Idempotency-Key must be a quoted string, such as \"8e03978e\".")
    return key.strip(), None


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


# invoice-api-contract --------------------------------------------------------------------------

TAX_RATES = {"DE": 19, "FR": 20}  # the stubbed tax-rate service
_invoices = {}


def gross_cents(net_cents, percent):
    vat, rest = divmod(net_cents * percent, 100)
    return net_cents + vat + (1 if rest >= 50 else 0)  # VAT rounded half up to a whole cent


def invoice_api_contract(request):
    if request.path == "/ex/invoices" and request.method == "POST":
        _, failure = _idempotency_key(request)
        if failure:
            return failure
        body, failure = _json_body(request)
        if failure:
            return failure
        errors = []
        customer, net, country = body.get("customer"), body.get("netCents"), body.get("country")
        if not isinstance(customer, str) or not customer.strip():
            errors.append({"pointer": "#/customer", "detail": "must be a non-empty string"})
        if not _is_int(net) or net <= 0:
            errors.append({"pointer": "#/netCents", "detail": "must be a positive integer"})
        if country not in TAX_RATES:
            errors.append({"pointer": "#/country", "detail": "must be DE or FR"})
        if errors:
            return problem(422, "Unprocessable Content", "The invoice is not valid.", errors=errors)
        with _lock:
            invoice = {"id": next(_ids), "customer": customer, "netCents": net, "country": country,
                       "grossCents": gross_cents(net, TAX_RATES[country])}
            _invoices[invoice["id"]] = invoice
        return 201, {"Location": f"/ex/invoices/{invoice['id']}"}, invoice
    if request.path.startswith("/ex/invoices/") and request.method == "GET":
        invoice = _invoices.get(int(request.path.rsplit("/", 1)[1])) if request.path.rsplit("/", 1)[1].isdigit() else None
        if invoice is None:
            return problem(404, "Not Found")
        return 200, {}, invoice
    return problem(404, "Not Found")


# idempotent-charges -----------------------------------------------------------------------------

_charges = {}
_by_key = {}


def idempotent_charges(request):
    if request.path == "/ex/charges" and request.method == "POST":
        key, failure = _idempotency_key(request)
        if failure:
            return failure
        body, failure = _json_body(request)
        if failure:
            return failure
        amount, currency = body.get("amountCents"), body.get("currency")
        if not _is_int(amount) or amount <= 0 or currency not in ("EUR", "USD"):
            return problem(422, "Unprocessable Content", "amountCents must be a positive integer and currency EUR or USD.")
        fingerprint = json.dumps(body, sort_keys=True)
        with _lock:
            stored = _by_key.get(key)
            if stored is not None:
                if stored["fingerprint"] != fingerprint:
                    return problem(422, "Unprocessable Content", "This Idempotency-Key was used with another request body.")
                return stored["response"]  # the first response, replayed: no second charge
            charge = {"id": next(_ids), "amountCents": amount, "currency": currency}
            _charges[charge["id"]] = charge
            response = (201, {"Location": f"/ex/charges/{charge['id']}"}, charge)
            _by_key[key] = {"fingerprint": fingerprint, "response": response}
        return response
    if request.path.startswith("/ex/charges/") and request.method == "GET":
        tail = request.path.rsplit("/", 1)[1]
        charge = _charges.get(int(tail)) if tail.isdigit() else None
        return (200, {}, charge) if charge else problem(404, "Not Found")
    return problem(404, "Not Found")


# amount-parser ----------------------------------------------------------------------------------

AMOUNT = re.compile(r"(0|[1-9][0-9]{0,9})\.([0-9]{2})", re.ASCII)
MAX_CENTS = 999_999_999_999


def parse_amount(text):
    m = AMOUNT.fullmatch(text)  # fullmatch: no "\n" slipping past a $
    return None if m is None else int(m.group(1)) * 100 + int(m.group(2))


def format_amount(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def amount_parser(request):
    if request.path == "/ex/amounts/parse" and request.method == "POST":
        body, failure = _json_body(request)
        if failure:
            return failure
        text = body.get("amount")
        cents = parse_amount(text) if isinstance(text, str) else None
        if cents is None:
            return problem(422, "Unprocessable Content",
                           "amount must be a string of ASCII digits with exactly two decimals, such as \"12.34\".")
        return 200, {}, {"cents": cents}
    if request.path == "/ex/amounts/format" and request.method == "GET":
        raw = request.query.get("cents", "")
        if not re.fullmatch(r"0|[1-9][0-9]{0,11}", raw, re.ASCII) or int(raw) > MAX_CENTS:
            return problem(400, "Bad Request", "cents must be a whole number from 0 to 999999999999.")
        return 200, {}, {"amount": format_amount(int(raw))}
    return problem(404, "Not Found")


EXERCISES = {
    "invoice-api-contract": invoice_api_contract,
    "idempotent-charges": idempotent_charges,
    "amount-parser": amount_parser,
}
