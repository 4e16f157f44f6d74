"""Reference behaviour for the http exercises of Skills/django-framework/exercises.yml."""
import re
import threading

from server import problem

LOCK = threading.Lock()


def html_404():
    return 404, {"Content-Type": "text/html"}, "<h1>Not Found</h1>"


# --- bookmarks-view -----------------------------------------------------------------------

BOOKMARKS = {}


def bookmarks_view(request):
    if request.path == "/bookmarks/":
        if request.method != "POST":
            return 405, {"Allow": "POST", "Content-Type": "text/html"}, b""
        try:
            data = request.json()
        except ValueError:
            return problem(400, "Bad Request", "The body is not valid JSON.")
        url = data.get("url") if isinstance(data, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            return problem(422, "Unprocessable Content", "url must be an http or https URL.")
        with LOCK:
            bookmark = {"id": len(BOOKMARKS) + 1, "url": url}
            BOOKMARKS[bookmark["id"]] = bookmark
        return 201, {"Location": f"/bookmarks/{bookmark['id']}/"}, bookmark
    match = re.fullmatch(r"/bookmarks/(\d+)/", request.path)
    if match:
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return 403, {"Content-Type": "text/html"}, "<h1>CSRF verification failed.</h1>"  # CsrfViewMiddleware
        if request.method not in ("GET", "HEAD"):
            return 405, {"Allow": "GET, HEAD", "Content-Type": "text/html"}, b""
        bookmark = BOOKMARKS.get(int(match.group(1)))
        return (200, {}, bookmark) if bookmark else html_404()
    return html_404()


# --- articles-viewset ---------------------------------------------------------------------

ARTICLES = {}
TITLES = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 415: "Unsupported Media Type",
          422: "Unprocessable Content"}


def drf_problem(status, detail, **extra):
    return problem(status, TITLES[status], detail, **extra)


def read_drf_json(request):
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in ("application/json", "application/x-www-form-urlencoded", "multipart/form-data"):
        return None, drf_problem(415, f'Unsupported media type "{media_type}" in request.')
    try:
        return request.json(), None
    except ValueError:
        return None, drf_problem(400, "JSON parse error")


def articles_viewset(request):
    if request.path == "/api/articles/":
        if request.method == "GET":
            items = list(ARTICLES.values())
            return 200, {}, {"count": len(items), "next": None, "previous": None, "results": items[:20]}
        if request.method != "POST":
            return drf_problem(405, f'Method "{request.method}" not allowed.')
        data, error = read_drf_json(request)
        if error:
            return error
        data = data if isinstance(data, dict) else {}
        errors = {}
        for field in ("title", "slug", "body"):
            if not isinstance(data.get(field), str) or not data[field].strip():
                errors[field] = ["This field is required."]
        if "title" not in errors and data["title"].strip().lower() == "untitled":
            errors["title"] = ["Give the article a real title."]
        if "slug" not in errors:
            if not re.fullmatch(r"[-a-zA-Z0-9_]+", data["slug"]):
                errors["slug"] = ["Enter a valid slug."]
            elif data["slug"] in ARTICLES:
                errors["slug"] = ["article with this slug already exists."]
        if errors:
            return drf_problem(422, "The request content failed validation.", errors=errors)
        with LOCK:
            article = {"id": len(ARTICLES) + 1, "title": data["title"], "slug": data["slug"], "body": data["body"]}
            ARTICLES[article["slug"]] = article
        return 201, {}, article
    match = re.fullmatch(r"/api/articles/([^/]+)/", request.path)
    if match:
        article = ARTICLES.get(match.group(1))
        if article is None:
            return drf_problem(404, "No Article matches the given query.")
        if request.method == "GET":
            return 200, {}, article
        if request.method == "DELETE":
            with LOCK:
                ARTICLES.pop(article["slug"], None)
            return 204, {}, b""
        return drf_problem(405, f'Method "{request.method}" not allowed.')
    return html_404()


# --- note-permissions ---------------------------------------------------------------------

TOKENS = {"adatoken" * 5: "ada", "bobtoken" * 5: "bob"}
NOTES = {}


def authenticate(request):
    """(user or None, error response or None), like TokenAuthentication."""
    header = request.headers.get("authorization", "")
    if not header:
        return None, None
    parts = header.split()
    if parts[0].lower() != "token":
        return None, None
    if len(parts) != 2 or parts[1] not in TOKENS:
        status, headers, body = drf_problem_401("Invalid token.")
        return None, (status, headers, body)
    return TOKENS[parts[1]], None


def drf_problem_401(detail):
    status, headers, body = problem(401, "Unauthorized", detail)
    return status, {**headers, "WWW-Authenticate": "Token"}, body


def note_permissions(request):
    user, error = authenticate(request)
    if error:
        return error
    if request.path == "/api/notes/":
        if request.method == "GET":
            items = list(NOTES.values())
            return 200, {}, {"count": len(items), "next": None, "previous": None, "results": items[:20]}
        if request.method != "POST":
            return problem(405, "Method Not Allowed", f'Method "{request.method}" not allowed.')
        if user is None:
            return drf_problem_401("Authentication credentials were not provided.")
        data, error = read_drf_json(request)
        if error:
            return error
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str) or not text.strip():
            return drf_problem(422, "The request content failed validation.", errors={"text": ["This field is required."]})
        with LOCK:
            note = {"id": len(NOTES) + 1, "text": text, "author": user}
            NOTES[note["id"]] = note
        return 201, {}, note
    match = re.fullmatch(r"/api/notes/(\d+)/", request.path)
    if match:
        note = NOTES.get(int(match.group(1)))
        if note is None:
            return drf_problem(404, "No Note matches the given query.")
        if request.method == "GET":
            return 200, {}, note
        if request.method not in ("PATCH", "PUT", "DELETE"):
            return problem(405, "Method Not Allowed", f'Method "{request.method}" not allowed.')
        if user is None:
            return drf_problem_401("Authentication credentials were not provided.")
        if note["author"] != user:
            return problem(403, "Forbidden", "You do not have permission to perform this action.")
        if request.method == "DELETE":
            with LOCK:
                NOTES.pop(note["id"], None)
            return 204, {}, b""
        data, error = read_drf_json(request)
        if error:
            return error
        if isinstance(data, dict) and isinstance(data.get("text"), str) and data["text"].strip():
            note["text"] = data["text"]
        return 200, {}, note
    return html_404()


EXERCISES = {
    "bookmarks-view": bookmarks_view,
    "articles-viewset": articles_viewset,
    "note-permissions": note_permissions,
}
