"""Reference handlers for the http exercises of websocket-realtime: the HTTP side of long
polling, the WebSocket opening handshake, Server-Sent Events and connection tickets. One exercise
per process (see server.py); after a 101 the reference sends no frames, which is all the checks
look at."""
import base64
import binascii
import hashlib
import re
import secrets
import threading
import time

from server import problem

LOCK = threading.Lock()
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
ALLOWED_ORIGINS = {"https://app.example.com"}


def not_found(request):
    return problem(404, "Not Found", f"Nothing at {request.path}")


def with_headers(response, headers):
    status, base, body = response
    return status, {**base, **headers}, body


# --- Choosing a transport: polling, long polling, SSE, WebSocket -----------------------------

MESSAGES = [
    {"id": 1, "text": "Deploy finished"},
    {"id": 2, "text": "Build 42 passed"},
    {"id": 3, "text": "Release notes published"},
]


def long_poll(request):
    if request.path != "/feeds/news/messages":
        return not_found(request)
    if request.method != "GET":
        return with_headers(problem(405, "Method Not Allowed"), {"Allow": "GET"})
    after, wait = request.query.get("after", "0"), request.query.get("wait", "25")
    if not re.fullmatch(r"[0-9]{1,9}", after) or not re.fullmatch(r"[0-9]{1,2}", wait) or int(wait) > 25:
        return problem(400, "Bad Request", "after must be a message id and wait 0 to 25 seconds.")
    deadline = time.monotonic() + int(wait)
    while True:
        newer = [m for m in MESSAGES if m["id"] > int(after)]
        if newer:
            return 200, {"Cache-Control": "no-store"}, {"messages": newer}
        if time.monotonic() >= deadline:
            return 204, {}, b""
        time.sleep(0.1)  # a real server waits on a notification instead of polling its store


# --- The WebSocket opening handshake ---------------------------------------------------------

def accept_for(key):
    return base64.b64encode(hashlib.sha1((key + GUID).encode("ascii")).digest()).decode("ascii")


def valid_key(key):
    try:
        return len(base64.b64decode(key, validate=True)) == 16
    except (binascii.Error, ValueError):
        return False


def handshake_problem(request):
    """None when the upgrade request is well formed, else the response refusing it."""
    if request.method != "GET" or request.headers.get("upgrade", "").lower() != "websocket" \
            or "upgrade" not in request.headers.get("connection", "").lower():
        return with_headers(problem(426, "Upgrade Required", "This endpoint speaks WebSocket only."),
                            {"Upgrade": "websocket", "Connection": "Upgrade"})
    if request.headers.get("sec-websocket-version") != "13":
        return with_headers(problem(426, "Upgrade Required", "Only WebSocket version 13 is supported."),
                            {"Sec-WebSocket-Version": "13"})
    if not valid_key(request.headers.get("sec-websocket-key", "")):
        return problem(400, "Bad Request", "Sec-WebSocket-Key must be 16 random bytes in base64.")
    return None


def switching(request, protocol=None):
    headers = {"Upgrade": "websocket", "Connection": "Upgrade",
               "Sec-WebSocket-Accept": accept_for(request.headers["sec-websocket-key"])}
    if protocol:
        headers["Sec-WebSocket-Protocol"] = protocol
    return 101, headers, b""


def handshake_origin(request):
    if request.path != "/ws":
        return not_found(request)
    refusal = handshake_problem(request)
    if refusal:
        return refusal
    if request.headers.get("origin") not in ALLOWED_ORIGINS:
        return problem(403, "Forbidden", "This origin may not open a socket here.")
    offered = [p.strip() for p in request.headers.get("sec-websocket-protocol", "").split(",") if p.strip()]
    chosen = next((p for p in ("chat.v2", "chat.v1") if p in offered), None)
    return switching(request, chosen)


# --- Server-Sent Events -----------------------------------------------------------------------

BUILD_EVENTS = [
    (1, "progress", '{"percent": 20}'),
    (2, "progress", '{"percent": 40}'),
    (3, "progress", '{"percent": 70}'),
    (4, "progress", '{"percent": 100}'),
    (5, "done", '{"status": "passed"}'),
]


def sse_build_events(request):
    match = re.fullmatch(r"/builds/([0-9]+)/events", request.path)
    if not match:
        return not_found(request)
    if request.method != "GET":
        return with_headers(problem(405, "Method Not Allowed"), {"Allow": "GET"})
    if match[1] != "42":
        return not_found(request)
    last = request.headers.get("last-event-id", "0")
    last = int(last) if last.isdigit() else 0
    missed = [e for e in BUILD_EVENTS if e[0] > last]
    if not missed:
        return 204, {}, b""  # the build is over and the client has everything: EventSource stops
    body = "retry: 3000\n\n" + "".join(f"id: {i}\nevent: {kind}\ndata: {data}\n\n" for i, kind, data in missed)
    return 200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}, body


# --- Authenticating sockets -------------------------------------------------------------------

TICKETS = {}  # ticket -> (user, expires at)


def ws_ticket(request):
    if request.path == "/ws-ticket":
        if request.method != "POST":
            return with_headers(problem(405, "Method Not Allowed"), {"Allow": "POST"})
        if request.headers.get("authorization") != "Bearer ada-chat-token":
            return with_headers(problem(401, "Unauthorized"), {"WWW-Authenticate": 'Bearer realm="chat"'})
        ticket = secrets.token_urlsafe(32)
        with LOCK:
            TICKETS[ticket] = ("ada", time.monotonic() + 30)
        return 201, {"Cache-Control": "no-store"}, {"ticket": ticket, "expires_in": 30}
    if request.path == "/ws/chat":
        refusal = handshake_problem(request)
        if refusal:
            return refusal
        with LOCK:  # redeem: the ticket is deleted as it is used (GETDEL in Redis)
            entry = TICKETS.pop(request.query.get("ticket", ""), None)
        if entry is None or entry[1] < time.monotonic():
            return problem(403, "Forbidden", "The ticket is unknown, used or expired.")
        return switching(request)
    return not_found(request)


EXERCISES = {
    "long-poll": long_poll,
    "handshake-origin": handshake_origin,
    "sse-build-events": sse_build_events,
    "ws-ticket": ws_ticket,
}
