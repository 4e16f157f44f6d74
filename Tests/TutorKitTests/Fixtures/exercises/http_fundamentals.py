"""Reference handlers for Skills/http-fundamentals/exercises.yml: what a correct learner server does."""
import gzip
import json
import re
import secrets
from urllib.parse import urlencode

from server import problem


def not_found():
    return problem(404, "Not Found")


def byte_length(req):
    if req.path != "/ex/wire/length":
        return not_found()
    text = req.query.get("text", "")
    body = json.dumps({"text": text, "characters": len(text), "bytes": len(text.encode("utf-8"))},
                      ensure_ascii=False).encode("utf-8")
    return 200, {"Content-Type": "application/json"}, body


DOC = json.dumps({"title": "HTTP/1.1 message syntax", "rfc": 9112}).encode()


def head_like_get(req):
    if req.path != "/ex/wire/doc":
        return not_found()
    if req.method not in ("GET", "HEAD"):
        return 405, {"Allow": "GET, HEAD"}, b""
    # server.py writes Content-Length from the body and sends no body for HEAD.
    return 200, {"Content-Type": "application/json"}, DOC


def echo_request(req):
    if req.path != "/ex/echo":
        return not_found()
    if req.method not in ("GET", "POST"):
        return 405, {"Allow": "GET, POST"}, b""
    return 200, {}, {
        "method": req.method,
        "path": req.path,
        "query": urlencode(req.query),
        "userAgent": req.headers.get("user-agent"),
        "bodyBytes": len(req.body),
    }


def decode_query(req):
    if req.path != "/ex/uri/params":
        return not_found()
    if "q" not in req.query or "city" not in req.query:
        return problem(400, "Bad Request", "q and city are required")
    return 200, {}, {"q": req.query["q"], "city": req.query["city"]}


def encode_link(req):
    if req.path == "/ex/uri/link":
        query = urlencode({"q": req.query.get("q", "")})
        return 200, {}, {"query": query, "href": "/ex/uri/search?" + query}
    if req.path == "/ex/uri/search":
        return 200, {}, {"q": req.query.get("q", "")}
    return not_found()


NOTES = {}


def put_delete(req):
    m = re.fullmatch(r"/ex/methods/notes/([^/]+)", req.path)
    if not m:
        return not_found()
    name = m[1]
    if req.method == "PUT":
        created = name not in NOTES
        NOTES[name] = req.body
        return (201 if created else 200), {"Content-Type": "application/json"}, req.body
    if req.method == "GET":
        if name not in NOTES:
            return not_found()
        return 200, {"Content-Type": "application/json"}, NOTES[name]
    if req.method == "DELETE":
        if NOTES.pop(name, None) is None:
            return not_found()
        return 204, {}, b""
    return 405, {"Allow": "GET, PUT, DELETE"}, b""


IDEMPOTENT = {}
NEXT_ORDER = [1]


def idempotency_key(req):
    if req.path != "/ex/methods/orders":
        return not_found()
    if req.method != "POST":
        return 405, {"Allow": "POST"}, b""
    key = req.headers.get("idempotency-key")
    if key is None or not re.fullmatch(r'"[^"\\]+"', key):
        return problem(400, "Bad Request", 'Idempotency-Key must be a quoted string, such as "a1b2"')
    if key not in IDEMPOTENT:
        IDEMPOTENT[key] = {"id": NEXT_ORDER[0]}
        NEXT_ORDER[0] += 1
    return 201, {"Location": f"/ex/methods/orders/{IDEMPOTENT[key]['id']}"}, IDEMPOTENT[key]


PROFILE = json.dumps({"name": "Ada Lovelace", "born": 1815}).encode()
PROFILE_ETAG = '"profile-v1"'


def etag_revalidate(req):
    if req.path != "/ex/cache/profile":
        return not_found()
    headers = {"ETag": PROFILE_ETAG, "Cache-Control": "no-cache"}
    tags = [t.strip() for t in req.headers.get("if-none-match", "").split(",")]
    if PROFILE_ETAG in tags:
        return 304, headers, b""
    return 200, dict(headers, **{"Content-Type": "application/json"}), PROFILE


CARTS = {}


def cookie_cart(req):
    cookies = dict(part.strip().split("=", 1) for part in req.headers.get("cookie", "").split(";") if "=" in part)
    cart_id = cookies.get("cart")
    if cart_id not in CARTS:
        cart_id = None
    if req.path == "/ex/cookies/cart/items" and req.method == "POST":
        headers = {}
        if cart_id is None:
            cart_id = secrets.token_hex(16)
            CARTS[cart_id] = []
            headers["Set-Cookie"] = f"cart={cart_id}; Path=/; HttpOnly; SameSite=Lax"
        CARTS[cart_id].append(req.body.decode("utf-8"))
        return 200, headers, {"items": CARTS[cart_id]}
    if req.path == "/ex/cookies/cart" and req.method == "GET":
        return 200, {}, {"items": CARTS.get(cart_id, [])}
    return not_found()


REPORT = json.dumps({"items": [{"id": i, "status": "pending"} for i in range(1, 201)]}).encode()


def gzip_q(header):
    prefs = {}
    for member in header.split(","):
        coding, *params = [p.strip() for p in member.lower().split(";")]
        if coding:
            q = next((p[2:] for p in params if p.startswith("q=")), "1")
            prefs[coding] = float(q)
    return prefs.get("gzip", prefs.get("*", 0.0))


def gzip_negotiation(req):
    if req.path != "/ex/gzip/report":
        return not_found()
    headers = {"Content-Type": "application/json", "Vary": "Accept-Encoding"}
    if gzip_q(req.headers.get("accept-encoding", "")) > 0:
        headers["Content-Encoding"] = "gzip"
        return 200, headers, gzip.compress(REPORT)
    return 200, headers, REPORT


def coding_415(req):
    if req.path != "/ex/gzip/uploads":
        return not_found()
    if req.method != "POST":
        return 405, {"Allow": "POST"}, b""
    coding = req.headers.get("content-encoding", "identity").strip().lower()
    if coding != "identity":
        status, headers, body = problem(415, "Unsupported Media Type", "send the body without a content coding")
        return status, dict(headers, **{"Accept-Encoding": "identity"}), body
    return 201, {}, {"bytes": len(req.body)}


def one_range(header, size):
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", header or "")
    if not m or m[1] == m[2] == "":
        return None
    if m[1] == "":
        n = int(m[2])
        return "unsatisfiable" if n == 0 else (max(size - n, 0), size - 1)
    start = int(m[1])
    end = size - 1 if m[2] == "" else min(int(m[2]), size - 1)
    if start >= size:
        return "unsatisfiable"
    return None if end < start else (start, end)


def serve_ranges(req, body, etag):
    headers = {"Content-Type": "text/plain", "Accept-Ranges": "bytes", "ETag": etag}
    rng = one_range(req.headers.get("range"), len(body))
    if_range = req.headers.get("if-range")
    if rng and if_range is not None and if_range != etag:
        rng = None
    if rng == "unsatisfiable":
        return 416, dict(headers, **{"Content-Range": f"bytes */{len(body)}"}), b""
    if rng:
        start, end = rng
        return 206, dict(headers, **{"Content-Range": f"bytes {start}-{end}/{len(body)}"}), body[start:end + 1]
    return 200, headers, body


def byte_ranges(req):
    if req.path != "/ex/range/alphabet.txt":
        return not_found()
    return serve_ranges(req, b"abcdefghijklmnopqrstuvwxyz", '"alphabet-v1"')


def if_range_resume(req):
    if req.path != "/ex/range/digits.txt":
        return not_found()
    return serve_ranges(req, b"0123456789", '"digits-v1"')


def hsts_behind_proxy(req):
    if req.path != "/ex/tls/account":
        return not_found()
    if req.headers.get("x-forwarded-proto", "").lower() != "https":
        target = req.path + ("?" + urlencode(req.query) if req.query else "")
        return 308, {"Location": "https://api.example.com" + target}, b""
    return 200, {"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}, {"secure": True}


EXERCISES = {
    "byte-length": byte_length,
    "head-like-get": head_like_get,
    "echo-request": echo_request,
    "decode-query": decode_query,
    "encode-link": encode_link,
    "put-delete-idempotent": put_delete,
    "idempotency-key": idempotency_key,
    "etag-revalidate": etag_revalidate,
    "cookie-cart": cookie_cart,
    "gzip-negotiation": gzip_negotiation,
    "unsupported-coding": coding_415,
    "byte-ranges": byte_ranges,
    "if-range-resume": if_range_resume,
    "hsts-behind-proxy": hsts_behind_proxy,
}
