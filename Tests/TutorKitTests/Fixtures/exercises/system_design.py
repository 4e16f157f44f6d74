"""Reference handlers for the http exercises of system-design: readiness and draining, a queued
export job, the URL shortener and a feed with a cursor that survives equal timestamps."""
import base64
import itertools
import json
import re
import threading
import time
from datetime import datetime, timezone
from urllib.parse import urlsplit

from server import problem

_lock = threading.Lock()


def _json_body(request):
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


# readiness-drain ---------------------------------------------------------------------------------

_draining = {"on": False}


def readiness_drain(request):
    if request.path == "/ex/lb/live" and request.method == "GET":
        return 200, {}, {"status": "alive"}
    if request.path == "/ex/lb/ready" and request.method == "GET":
        if _draining["on"]:
            return 503, {}, {"status": "draining"}
        return 200, {}, {"status": "ready"}
    if request.path == "/ex/lb/hello" and request.method == "GET":
        return 200, {}, {"message": "hello"}  # served while draining too
    if request.path == "/ex/lb/drain" and request.method == "PUT":
        body, failure = _json_body(request)
        if failure:
            return failure
        if not isinstance(body.get("draining"), bool):
            return problem(422, "Unprocessable Content", "draining must be true or false.")
        _draining["on"] = body["draining"]
        return 200, {}, {"draining": _draining["on"]}
    return problem(404, "Not Found")


# export-jobs -------------------------------------------------------------------------------------

_jobs = {}
_job_ids = itertools.count(1)
WORK_SECONDS = 1.0  # what the worker takes


def _job_view(job):
    elapsed = time.monotonic() - job["created"]
    status = "queued" if elapsed < 0.3 else "running" if elapsed < WORK_SECONDS else "done"
    view = {"id": job["id"], "format": job["format"], "status": status}
    if status == "done":
        view["url"] = f"/ex/exports/{job['id']}/file"
    return view


def export_jobs(request):
    if request.path == "/ex/exports" and request.method == "POST":
        body, failure = _json_body(request)
        if failure:
            return failure
        if body.get("format") not in ("csv", "json"):
            return problem(422, "Unprocessable Content", "format must be csv or json.")
        with _lock:
            job = {"id": str(next(_job_ids)), "format": body["format"], "created": time.monotonic()}
            _jobs[job["id"]] = job
        return 202, {"Location": f"/ex/exports/{job['id']}"}, {"id": job["id"], "status": "queued"}
    m = re.fullmatch(r"/ex/exports/([^/]+)(/file)?", request.path)
    if m and request.method == "GET":
        job = _jobs.get(m.group(1))
        if job is None:
            return problem(404, "Not Found")
        view = _job_view(job)
        if not m.group(2):
            return 200, {}, view
        if view["status"] != "done":
            return problem(404, "Not Found", "The export is not ready yet.")
        if job["format"] == "csv":
            return 200, {"Content-Type": "text/csv"}, "id,customer\n1,Acme\n"
        return 200, {}, [{"id": 1, "customer": "Acme"}]
    return problem(404, "Not Found")


# url-shortener -----------------------------------------------------------------------------------

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_links = {}
_link_ids = itertools.count(125_000_000_000)


def _encode(n):
    out = []
    while n:
        n, rem = divmod(n, 62)
        out.append(ALPHABET[rem])
    return "".join(reversed(out)) or "0"


def _valid_url(value):
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _count_click(code):
    time.sleep(0.2)  # counted off the request path, as a consumer of click events would
    with _lock:
        _links[code]["clicks"] += 1


def url_shortener(request):
    if request.path == "/ex/links" and request.method == "POST":
        body, failure = _json_body(request)
        if failure:
            return failure
        errors = []
        if not _valid_url(body.get("url")):
            errors.append({"pointer": "#/url", "detail": "must be an absolute http or https URL"})
        expires = body.get("expiresAt")
        if expires is not None:
            try:
                when = datetime.fromisoformat(str(expires).replace("Z", "+00:00"))
                if when.tzinfo is None or when <= datetime.now(timezone.utc):
                    raise ValueError
            except ValueError:
                errors.append({"pointer": "#/expiresAt", "detail": "must be a date-time in the future"})
        if errors:
            return problem(422, "Unprocessable Content", "The link is not valid.", errors=errors)
        with _lock:
            code = _encode(next(_link_ids))
            _links[code] = {"code": code, "url": body["url"], "expiresAt": expires, "clicks": 0}
        return 201, {"Location": f"/ex/links/{code}"}, {"code": code, "url": body["url"]}
    m = re.fullmatch(r"/ex/s/([^/]+)", request.path)
    if m and request.method == "GET":
        link = _links.get(m.group(1))
        if link is None:
            return problem(404, "Not Found", "No such short link.")
        threading.Thread(target=_count_click, args=(link["code"],), daemon=True).start()
        return 302, {"Location": link["url"]}, b""
    m = re.fullmatch(r"/ex/links/([^/]+)", request.path)
    if m and request.method == "GET":
        link = _links.get(m.group(1))
        if link is None:
            return problem(404, "Not Found", "No such short link.")
        return 200, {}, {"code": link["code"], "url": link["url"], "clicks": link["clicks"]}
    return problem(404, "Not Found")


# feed-cursor -------------------------------------------------------------------------------------

FEED = [  # user 42's feed: (post id, createdAt in ms)
    (9001, 1736935200123),
    (9002, 1736935260456),
    (9003, 1736935260456),
    (9004, 1736935260456),
    (9005, 1736935320789),
    (9006, 1736935380000),
]


def _cursor(post):
    raw = json.dumps([post[1], post[0]]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _after(cursor):
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    created, post_id = json.loads(raw)
    if not isinstance(created, int) or not isinstance(post_id, int):
        raise ValueError
    return created, post_id


def feed_cursor(request):
    if request.path != "/ex/feed" or request.method != "GET":
        return problem(404, "Not Found")
    raw_limit = request.query.get("limit", "20")
    if not re.fullmatch(r"[0-9]{1,3}", raw_limit) or not 1 <= int(raw_limit) <= 50:
        return problem(400, "Bad Request", "limit must be a whole number from 1 to 50.")
    limit = int(raw_limit)
    ordered = sorted(FEED, key=lambda p: (p[1], p[0]), reverse=True)  # newest first, then higher id
    if "cursor" in request.query:
        try:
            last = _after(request.query["cursor"])
        except Exception:
            return problem(400, "Bad Request", "cursor is not one this API issued.")
        ordered = [p for p in ordered if (p[1], p[0]) < last]  # strictly after (createdAt, id)
    page, more = ordered[:limit], len(ordered) > limit
    return 200, {}, {
        "items": [{"id": p[0], "createdAt": p[1]} for p in page],
        "nextCursor": _cursor(page[-1]) if more else None,
    }


EXERCISES = {
    "readiness-drain": readiness_drain,
    "export-jobs": export_jobs,
    "url-shortener": url_shortener,
    "feed-cursor": feed_cursor,
}
