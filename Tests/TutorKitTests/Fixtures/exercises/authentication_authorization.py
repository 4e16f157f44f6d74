"""Reference handlers for the http exercises of authentication-authorization: what a correct
learner server does, one exercise per process (see server.py)."""
import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
import time

from server import problem

LOCK = threading.Lock()


def not_found(request):
    return problem(404, "Not Found", f"Nothing at {request.path}")


def with_headers(response, **headers):
    status, base, body = response
    return status, {**base, **{k.replace("_", "-"): v for k, v in headers.items()}}, body


def bearer(request):
    """The token of an Authorization: Bearer header, or None."""
    match = re.fullmatch(r"Bearer ([A-Za-z0-9._~+/-]+=*)", request.headers.get("authorization", ""))
    return match[1] if match else None


# --- Authentication, authorization, 401 and 403 ---------------------------------------------

TOKENS = {
    "viewer-7f3a": {"user": "u1", "permissions": {"invoices:read"}, "department": "sales"},
    "accountant-2c9e": {"user": "u2", "permissions": {"invoices:read", "invoices:approve"},
                        "department": "sales", "approval_limit_cents": 500000},
    "guest-0b4d": {"user": "u4", "permissions": set(), "department": None},
}
REALM = 'Bearer realm="invoices"'


def authenticate(request):
    """(user, None) or (None, a 401 response)."""
    token = bearer(request)
    if token is None:
        return None, with_headers(problem(401, "Unauthorized", "Send Authorization: Bearer with an access token."),
                                  WWW_Authenticate=REALM)
    user = TOKENS.get(token)
    if user is None:
        return None, with_headers(problem(401, "Invalid access token"),
                                  WWW_Authenticate=REALM + ', error="invalid_token"')
    return user, None


def bearer_401_403(request):
    if request.path != "/invoices/981":
        return not_found(request)
    if request.method != "GET":
        return with_headers(problem(405, "Method Not Allowed"), Allow="GET")
    user, refusal = authenticate(request)
    if refusal:
        return refusal
    if "invoices:read" not in user["permissions"]:
        return with_headers(problem(403, "Missing scope invoices:read"),
                            WWW_Authenticate=REALM + ', error="insufficient_scope", scope="invoices:read"')
    return 200, {}, {"id": 981, "customer": "Acme GmbH", "total_cents": 120000, "status": "pending"}


# --- Passwords: hashing, rules and safe reset ---------------------------------------------------

BLOCKLIST = {"passwordpassword", "123456789012345", "qwertyuiopasdfgh"}
USERS = {}  # email -> {"id", "salt", "hash"}
FAILURES = {}  # email -> {"count": consecutive failures, "locked_until": monotonic time}
LOCK_SECONDS = 15 * 60


def hash_password(password, salt):
    # The reference uses scrypt from the standard library; the lesson's Argon2id needs a package.
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)


def read_object(request):
    try:
        body = request.json()
    except (ValueError, UnicodeDecodeError):
        return None, problem(400, "Bad Request", "The body is not valid JSON.")
    return (body if isinstance(body, dict) else {}), None


def login_throttle(request):
    if request.method != "POST" or request.path not in ("/signup", "/login"):
        return not_found(request)
    body, error = read_object(request)
    if error:
        return error
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or "@" not in email or not isinstance(password, str):
        return problem(422, "An email and a password are required")
    email = email.strip().lower()
    if request.path == "/signup":
        if len(password) < 15:
            return problem(422, "Password too short", "Use at least 15 characters.")
        if password.lower() in BLOCKLIST:
            return problem(422, "Password too common", "This password is on the list of common passwords.")
        with LOCK:
            if email in USERS:
                return problem(409, "Conflict", "An account with this email exists.")
            salt = secrets.token_bytes(16)
            USERS[email] = {"id": "usr_" + secrets.token_hex(8), "salt": salt, "hash": hash_password(password, salt)}
        return 201, {"Location": f"/users/{USERS[email]['id']}"}, {"id": USERS[email]["id"], "email": email}
    now = time.monotonic()
    with LOCK:
        state = FAILURES.setdefault(email, {"count": 0, "locked_until": 0.0})
        if state["locked_until"] > now:
            return with_headers(problem(429, "Too Many Requests", "Too many failed logins; try again later."),
                                Retry_After=str(int(state["locked_until"] - now) + 1))
    user = USERS.get(email)
    # Hash even for an unknown email, so both cases take the same time.
    candidate = hash_password(password, user["salt"] if user else b"0" * 16)
    ok = user is not None and hmac.compare_digest(candidate, user["hash"])
    with LOCK:
        if ok:
            state["count"] = 0
            return 204, {"Set-Cookie": f"__Host-sid={secrets.token_urlsafe(32)}; Path=/; Secure; HttpOnly; SameSite=Lax"}, b""
        state["count"] += 1
        if state["count"] >= 5:
            state["locked_until"] = now + LOCK_SECONDS
            state["count"] = 0
    return with_headers(problem(401, "Invalid email or password"), WWW_Authenticate='Session realm="invoices"')


RESET_ACCEPTED = {"detail": "If an account uses this address, a reset link is on its way."}


def reset_no_enumeration(request):
    if request.path == "/reset-password" and request.method == "GET":
        page = "<!doctype html><title>Choose a new password</title><form id=reset></form>"
        return 200, {"Content-Type": "text/html; charset=utf-8", "Referrer-Policy": "no-referrer"}, page
    if request.method != "POST" or request.path not in ("/password-resets", "/password-resets/confirm"):
        return not_found(request)
    body, error = read_object(request)
    if error:
        return error
    if request.path == "/password-resets":
        email = body.get("email")
        if not isinstance(email, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+", email):
            return problem(422, "A valid email address is required")
        # A real server queues a job here that looks the address up and sends the mail.
        return 202, {}, RESET_ACCEPTED
    token, password = body.get("token"), body.get("password")
    if not isinstance(token, str) or not isinstance(password, str):
        return problem(422, "A token and a password are required")
    return problem(422, "The reset link is invalid or has expired")


# --- Sessions, cookies and API keys -------------------------------------------------------------

ADA = {"email": "ada@example.com", "password": "correct horse battery staple"}
SESSIONS = {}
SESSION_REALM = 'Session realm="invoices"'


def session_id(request):
    for part in request.headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "__Host-sid":
            return value
    return None


def session_cookie(request):
    if request.path == "/sessions" and request.method == "POST":
        body, error = read_object(request)
        if error:
            return error
        if body.get("email") != ADA["email"] or not hmac.compare_digest(str(body.get("password")), ADA["password"]):
            return with_headers(problem(401, "Invalid email or password"), WWW_Authenticate=SESSION_REALM)
        sid = secrets.token_urlsafe(32)
        with LOCK:
            SESSIONS[sid] = ADA["email"]
        cookie = f"__Host-sid={sid}; Path=/; Max-Age=28800; Secure; HttpOnly; SameSite=Lax"
        return 204, {"Set-Cookie": cookie, "Cache-Control": "no-store"}, b""
    if request.path == "/sessions/current" and request.method == "DELETE":
        with LOCK:
            SESSIONS.pop(session_id(request) or "", None)
        return 204, {"Set-Cookie": "__Host-sid=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"}, b""
    if request.path == "/me" and request.method == "GET":
        email = SESSIONS.get(session_id(request) or "")
        if email is None:
            return with_headers(problem(401, "Log in first"), WWW_Authenticate=SESSION_REALM)
        return 200, {"Cache-Control": "no-store"}, {"email": email}
    return not_found(request)


# --- JSON Web Tokens and their pitfalls ---------------------------------------------------------

JWT_SECRET = b"q8Vn2LrX5tWz9KpB3mHc7YdF1sJg6RaE4uNw0ZeT8iQo2PxA5vCk9LbM3nDy7GhU"
JWT_REALM = 'Bearer realm="api"'


def b64url_decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_access_token(token):
    """The claims, or None. HS256 only, typ at+jwt, issuer, audience and expiry checked."""
    try:
        head_b64, payload_b64, sig_b64 = token.split(".")
        header = json.loads(b64url_decode(head_b64))
        claims = json.loads(b64url_decode(payload_b64))
        signature = b64url_decode(sig_b64)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return None
    if header.get("alg") != "HS256":  # pinned: never let the token choose
        return None
    expected = hmac.new(JWT_SECRET, f"{head_b64}.{payload_b64}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        return None
    if str(header.get("typ", "")).lower() not in ("at+jwt", "application/at+jwt"):
        return None
    exp = claims.get("exp")
    if not isinstance(exp, (int, float)) or exp <= time.time():
        return None
    aud = claims.get("aud")
    if claims.get("iss") != "https://id.example.com/" or "https://api.example.com" not in (aud if isinstance(aud, list) else [aud]):
        return None
    if not isinstance(claims.get("sub"), str):
        return None
    return claims


def jwt_verify(request):
    if request.path != "/whoami":
        return not_found(request)
    if request.method != "GET":
        return with_headers(problem(405, "Method Not Allowed"), Allow="GET")
    token = bearer(request)
    if token is None:
        return with_headers(problem(401, "Unauthorized"), WWW_Authenticate=JWT_REALM)
    claims = verify_access_token(token)
    if claims is None:
        return with_headers(problem(401, "Invalid access token"), WWW_Authenticate=JWT_REALM + ', error="invalid_token"')
    return 200, {"Cache-Control": "no-store"}, {"sub": claims["sub"], "client_id": claims.get("client_id")}


# --- RBAC, ABAC, object-level checks and failing closed ----------------------------------------

INVOICES = {
    981: {"department": "sales", "total_cents": 120000, "created_by": "u1"},
    982: {"department": "sales", "total_cents": 900000, "created_by": "u1"},
    983: {"department": "sales", "total_cents": 40000, "created_by": "u2"},
    984: {"department": "ops", "total_cents": 50000, "created_by": "u3"},
}
APPROVED = {}


def can_approve(user, invoice):
    """Fail closed: True only when every condition holds."""
    return (
        "invoices:approve" in user["permissions"]
        and user.get("department") is not None
        and invoice["department"] == user["department"]
        and invoice["total_cents"] <= user.get("approval_limit_cents", 0)
        and invoice["created_by"] != user["user"]
    )


def abac_approve(request):
    match = re.fullmatch(r"/invoices/([0-9]+)/approve", request.path)
    if not match:
        return not_found(request)
    if request.method != "POST":
        return with_headers(problem(405, "Method Not Allowed"), Allow="POST")
    user, refusal = authenticate(request)
    if refusal:
        return refusal
    if "invoices:approve" not in user["permissions"]:
        return problem(403, "Forbidden", "You may not approve invoices.")
    invoice = INVOICES.get(int(match[1]))
    if invoice is None:
        return not_found(request)
    if not can_approve(user, invoice):
        return problem(403, "Forbidden", "You may not approve this invoice.")
    with LOCK:
        approver = APPROVED.setdefault(int(match[1]), user["user"])
    return 200, {}, {"id": int(match[1]), "status": "approved", "approved_by": approver}


EXERCISES = {
    "bearer-401-403": bearer_401_403,
    "login-throttle": login_throttle,
    "reset-no-enumeration": reset_no_enumeration,
    "session-cookie": session_cookie,
    "jwt-verify": jwt_verify,
    "abac-approve": abac_approve,
}
