"""File upload service: store and serve users' files, standard library only.

Uploads stream to disk while their SHA-256 is computed, within a size limit and an allow list
of media types. Downloads carry an ETag derived from the checksum and answer single byte
ranges. Blobs live on disk under generated ids (the FILES folder, a Docker volume in
production); their metadata lives in SQLite. A blob is written to a temporary name, renamed,
and only then is its row committed, so no row ever names a missing blob.

Run it with:  PORT=8000 DATABASE=file-upload-service.sqlite FILES=./files python3 app.py
"""

import hashlib
import hmac
import itertools
import json
import os
import re
import secrets
import signal
import sqlite3
import sys
import threading
import traceback
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = int(os.environ.get("PORT", "8000"))
DATABASE = os.environ.get("DATABASE", "file-upload-service.sqlite")
FILES = os.environ.get("FILES", "./files")
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(10_000_000)))  # 10 MB
MAX_JSON_BYTES = 64 * 1024  # the JSON bodies of the auth endpoints are small
CHUNK_BYTES = 64 * 1024  # how much of a file is in memory at once, up or down
TOKEN_LIFETIME = timedelta(hours=1)

# The media types we accept, and the first bytes each binary format must start with: the
# client's Content-Type is a claim, the bytes are the evidence.
SIGNATURES = {
    "application/json": b"",
    "text/plain": b"",
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS tokens (
  token_hash TEXT PRIMARY KEY,  -- SHA-256 of the bearer token; the token itself is never stored
  user_id    INTEGER NOT NULL REFERENCES users (id),
  expires_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS files (
  id           TEXT PRIMARY KEY,  -- also the blob's name on disk; the client's filename is only data
  owner_id     INTEGER NOT NULL REFERENCES users (id),
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL CHECK (size >= 0),
  sha256       TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_by_owner ON files (owner_id, created_at);
"""

# RFC 9110 reason phrases where Python 3.11 still has the older ones.
PHRASES = {413: "Content Too Large", 416: "Range Not Satisfiable", 422: "Unprocessable Content"}


def phrase(status):
    return PHRASES.get(status) or HTTPStatus(status).phrase


def now():
    return datetime.now(timezone.utc)


def timestamp(moment):
    """ISO 8601 in UTC with a Z; strings in this one format sort in time order."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------------------------------------
# Errors and responses
# ---------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    body: object = None  # JSON to send; None for none
    headers: dict = field(default_factory=dict)
    content_type: str = "application/json"
    stream: object = None  # instead of JSON: an iterable of byte chunks...
    length: int = 0  # ...and their total length, known before the first byte is sent


class Problem(Exception):
    """An error answered as application/problem+json (RFC 9457)."""

    def __init__(self, status, detail, headers=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}

    def response(self):
        body = {"type": "about:blank", "title": phrase(self.status), "status": self.status, "detail": self.detail}
        return Response(self.status, body, self.headers, "application/problem+json")


# ---------------------------------------------------------------------------------------------
# Blob storage: the small interface that object storage could replace later
# ---------------------------------------------------------------------------------------------


class BlobStore:
    """Blobs as files named by id in one folder. Writes go to tmp/ first and are renamed when
    complete, so a blob under its final name is always whole."""

    def __init__(self, root):
        self.root = root
        self.temp = os.path.join(root, "tmp")
        os.makedirs(self.temp, exist_ok=True)
        # Leftovers of uploads cut short by a crash: no row names them, so they can go.
        for name in os.listdir(self.temp):
            os.remove(os.path.join(self.temp, name))

    def path(self, blob_id):
        return os.path.join(self.root, blob_id)

    def write(self, blob_id, chunks):
        """Stream chunks to the blob; returns (size, sha256 hex). On any failure nothing is left."""
        temp_path = os.path.join(self.temp, blob_id)
        digest, size = hashlib.sha256(), 0
        try:
            with open(temp_path, "xb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())  # the bytes are on disk before the name points at them
            os.replace(temp_path, self.path(blob_id))  # atomic within one file system
            self.sync_folder()  # and the rename is on disk before the row that names it commits
        except BaseException:
            if os.path.exists(temp_path):
                os.remove(temp_path)
            raise
        return size, digest.hexdigest()

    def sync_folder(self):
        folder = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)

    def read(self, blob_id, start, end):
        """The bytes from start to end inclusive, in chunks, never the whole file at once."""
        with open(self.path(blob_id), "rb") as blob:
            blob.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                chunk = blob.read(min(CHUNK_BYTES, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk

    def delete(self, blob_id):
        try:
            os.remove(self.path(blob_id))
        except FileNotFoundError:
            pass


STORE = None  # the BlobStore, created in main()


# ---------------------------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------------------------


def connect():
    # isolation_level=None: no hidden transactions; every write says BEGIN IMMEDIATE itself.
    db = sqlite3.connect(DATABASE, timeout=10, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    return db


@contextmanager
def transaction(db):
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def init_db():
    with closing(connect()) as db:
        db.execute("PRAGMA journal_mode = WAL")  # readers do not wait for the writer
        db.executescript(SCHEMA)


# ---------------------------------------------------------------------------------------------
# Reading a request
# ---------------------------------------------------------------------------------------------


class Body:
    """The request body, read once and in chunks. A response sent while part of it is still
    unread closes the connection, because the next request would start in the middle of it."""

    def __init__(self, rfile, length):
        self.rfile = rfile
        self.remaining = length

    def chunks(self):
        while self.remaining > 0:
            chunk = self.rfile.read(min(CHUNK_BYTES, self.remaining))
            if not chunk:
                raise ConnectionError("the client stopped sending before the end of the body")
            self.remaining -= len(chunk)
            yield chunk

    def read_all(self, limit):
        if self.remaining > limit:
            raise Problem(413, f"The body may be at most {limit} bytes.")
        return b"".join(self.chunks())


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: object  # http.client.HTTPMessage
    body: Body
    db: sqlite3.Connection


def media_type(request):
    """The Content-Type without parameters, or None when the client sent none."""
    return request.headers.get_content_type() if "Content-Type" in request.headers else None


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")  # Python would otherwise accept NaN and Infinity


def read_json(request):
    """The body as a JSON object: 415 for another media type, 400 if it does not parse."""
    if media_type(request) != "application/json":
        raise Problem(415, "Send the body as application/json.")
    try:
        data = json.loads(request.body.read_all(MAX_JSON_BYTES).decode("utf-8"), parse_constant=reject_constant)
    except (UnicodeDecodeError, ValueError):
        raise Problem(400, "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise Problem(422, "The body must be a JSON object.")
    return data


# ---------------------------------------------------------------------------------------------
# Users and tokens
# ---------------------------------------------------------------------------------------------

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
SCRYPT = {"n": 2**17, "r": 8, "p": 1}  # the OWASP minimum for scrypt: 128 MiB per hash


def hash_password(password, salt=None):
    """Salted scrypt, stored with its parameters so they can be raised later."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, maxmem=256 * 1024 * 1024, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def password_matches(stored, password):
    _, n, r, p, salt, expected = stored.split("$")
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                            maxmem=256 * 1024 * 1024)
    return hmac.compare_digest(digest.hex(), expected)


def hash_token(token):
    # A token is 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def credentials(data):
    email, password = data.get("email"), data.get("password")
    errors = []
    if not isinstance(email, str) or len(email) > 254 or not EMAIL.fullmatch(email):
        errors.append("email must be an email address")
    if not isinstance(password, str) or not 15 <= len(password) <= 1024:
        errors.append("password must be 15 to 1024 characters long")  # NIST SP 800-63B-4, single factor
    if errors:
        raise Problem(422, "; ".join(errors))
    return email.lower(), password


def user_json(row):
    return {"id": row["id"], "email": row["email"], "created_at": row["created_at"]}


def register(request):
    email, password = credentials(read_json(request))
    password_hash = hash_password(password)  # slow on purpose: do it before taking the write lock
    try:
        with transaction(request.db) as db:
            cursor = db.execute(
                "INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?)",
                (email, password_hash, timestamp(now())),
            )
            row = db.execute("SELECT * FROM users WHERE id = ?", (cursor.lastrowid,)).fetchone()
    except sqlite3.IntegrityError:
        raise Problem(409, "An account with this email already exists.") from None
    return Response(201, user_json(row), {"Location": f"/users/{row['id']}"})


def issue_token(request):
    email, password = credentials(read_json(request))
    row = request.db.execute("SELECT id, password_hash FROM users WHERE email = ?", (email,)).fetchone()
    if row is None:
        hash_password(password)  # as slow as a real check, so that timing does not reveal accounts
    if row is None or not password_matches(row["password_hash"], password):
        # The same answer for an unknown email and a wrong password: no account probing.
        raise Problem(401, "The email or password is not correct.", {"WWW-Authenticate": "Bearer"})
    token = secrets.token_urlsafe(32)
    with transaction(request.db) as db:
        db.execute("DELETE FROM tokens WHERE expires_at < ?", (timestamp(now()),))
        db.execute(
            "INSERT INTO tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
            (hash_token(token), row["id"], timestamp(now() + TOKEN_LIFETIME)),
        )
    body = {"access_token": token, "token_type": "Bearer", "expires_in": int(TOKEN_LIFETIME.total_seconds())}
    return Response(200, body, {"Cache-Control": "no-store"})  # RFC 6749: no cache may keep a token


def authenticate(request):
    """The id of the user whose bearer token came with the request; else 401."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "Send a token as Authorization: Bearer <token>.", {"WWW-Authenticate": "Bearer"})
    row = request.db.execute(
        "SELECT user_id FROM tokens WHERE token_hash = ? AND expires_at > ?",
        (hash_token(token.strip()), timestamp(now())),
    ).fetchone()
    if row is None:
        raise Problem(401, "The token is not valid or has expired.", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return row["user_id"]


def get_user(request, user_id):
    if str(authenticate(request)) != user_id:
        raise Problem(404, "There is no such user.")
    return Response(200, user_json(request.db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()))


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


def file_json(row):
    return {key: row[key] for key in ("id", "filename", "content_type", "size", "sha256", "created_at")}


def find_file(db, owner_id, file_id):
    """Another user's file is reported as missing, so that its existence does not leak."""
    row = db.execute("SELECT * FROM files WHERE id = ? AND owner_id = ?", (file_id, owner_id)).fetchone()
    if row is None:
        raise Problem(404, "There is no such file.")
    return row


def filename_param(request):
    """The filename query parameter: part of the request target, so a bad one is 400."""
    name = request.query.get("filename")
    if name is None:
        raise Problem(400, "Name the file in the query: POST /files?filename=report.pdf.")
    if not 1 <= len(name) <= 255 or any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise Problem(400, "filename must be 1 to 255 characters without control characters.")
    return name


def upload_file(request):
    owner_id = authenticate(request)
    filename = filename_param(request)
    content_type = media_type(request)
    if content_type not in SIGNATURES:
        raise Problem(415, f"Accepted media types: {', '.join(sorted(SIGNATURES))}.")
    if request.body.remaining > MAX_UPLOAD_BYTES:
        raise Problem(413, f"A file may be at most {MAX_UPLOAD_BYTES} bytes.")
    # The signature is checked on the first chunk, before a single byte is written to disk.
    chunks = request.body.chunks()
    first = next(chunks, b"")
    if not first.startswith(SIGNATURES[content_type]):
        raise Problem(415, f"The content does not start like {content_type}.")

    file_id = secrets.token_hex(16)
    size, sha256 = STORE.write(file_id, itertools.chain([first], chunks))
    try:
        with transaction(request.db) as db:
            db.execute(
                "INSERT INTO files (id, owner_id, filename, content_type, size, sha256, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (file_id, owner_id, filename, content_type, size, sha256, timestamp(now())),
            )
            row = db.execute("SELECT * FROM files WHERE id = ?", (file_id,)).fetchone()
    except BaseException:
        STORE.delete(file_id)  # no row will name this blob
        raise
    return Response(201, file_json(row), {"Location": f"/files/{file_id}"})


def list_files(request):
    """The user's newest 100 files; a service with more per user would paginate with a cursor."""
    owner_id = authenticate(request)
    rows = request.db.execute(
        "SELECT * FROM files WHERE owner_id = ? ORDER BY created_at DESC, id LIMIT 100", (owner_id,)
    ).fetchall()
    return Response(200, {"items": [file_json(row) for row in rows]})


def get_file(request, file_id):
    owner_id = authenticate(request)
    return Response(200, file_json(find_file(request.db, owner_id, file_id)))


def delete_file(request, file_id):
    owner_id = authenticate(request)
    with transaction(request.db) as db:
        find_file(db, owner_id, file_id)
        db.execute("DELETE FROM files WHERE id = ?", (file_id,))
    # The row goes first: a crash now leaves a blob no row names, never a row without its blob.
    STORE.delete(file_id)
    return Response(204)


# ---------------------------------------------------------------------------------------------
# Downloads: ETag, conditional requests and ranges (RFC 9110, sections 13 and 14)
# ---------------------------------------------------------------------------------------------

RANGE = re.compile(r"bytes=(\d{0,15})-(\d{0,15})")  # longer numbers than any file: ignored
UNSATISFIABLE = "unsatisfiable"


def parse_range(header, size):
    """One byte range as (start, end), UNSATISFIABLE, or None to ignore the header and send
    everything: the RFC allows that for several ranges and for a header we cannot read."""
    match = RANGE.fullmatch((header or "").strip())
    if not match or match[1] == match[2] == "":
        return None
    if match[1] == "":  # bytes=-N: the last N bytes
        suffix = int(match[2])
        return (max(size - suffix, 0), size - 1) if suffix > 0 and size > 0 else UNSATISFIABLE
    start = int(match[1])
    end = size - 1 if match[2] == "" else min(int(match[2]), size - 1)
    if match[2] != "" and int(match[2]) < start:
        return None  # last before first: not a valid range
    return (start, end) if start < size else UNSATISFIABLE


def etag_matches(header, etag):
    """If-None-Match uses the weak comparison: W/ prefixes are ignored, and * matches anything."""
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def download(request, file_id):
    owner_id = authenticate(request)
    row = find_file(request.db, owner_id, file_id)
    size, etag = row["size"], f'"{row["sha256"]}"'  # same bytes, same checksum, same ETag
    headers = {"ETag": etag, "Accept-Ranges": "bytes", "Cache-Control": "private, no-cache"}

    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None and etag_matches(if_none_match, etag):
        return Response(304, headers=headers)

    # Only GET defines ranges. If-Range (strong comparison) keeps a client from stitching
    # together parts of two versions: a stale validator gets the whole file.
    byte_range = parse_range(request.headers.get("Range"), size) if request.method == "GET" else None
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range.strip() != etag:
        byte_range = None

    if byte_range == UNSATISFIABLE:
        headers["Content-Range"] = f"bytes */{size}"
        raise Problem(416, f"The file has {size} bytes; no requested byte is inside it.", headers)
    if byte_range is None:
        start, end, status = 0, size - 1, 200
    else:
        (start, end), status = byte_range, 206
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    return Response(status, headers=headers, content_type=row["content_type"],
                    stream=STORE.read(file_id, start, end), length=end - start + 1)


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------

FILE_ID = r"(?P<file_id>[0-9a-f]{32})"
ROUTES = [
    ("POST", r"/auth/register", register),
    ("POST", r"/auth/token", issue_token),
    ("GET", r"/users/(?P<user_id>[0-9]+)", get_user),
    ("POST", r"/files", upload_file),
    ("GET", r"/files", list_files),
    ("GET", r"/files/" + FILE_ID, get_file),
    ("DELETE", r"/files/" + FILE_ID, delete_file),
    ("GET", r"/files/" + FILE_ID + "/content", download),
]


def find_route(method, path):
    """The handler and its path parameters; 405 with Allow if only the method is wrong, else 404."""
    allowed = []
    for route_method, pattern, handler in ROUTES:
        match = re.fullmatch(pattern, path)
        if match is None:
            continue
        if route_method == method or (method == "HEAD" and route_method == "GET"):
            return handler, match.groupdict()
        allowed += [route_method, "HEAD"] if route_method == "GET" else [route_method]
    if allowed:
        raise Problem(405, f"{method} is not allowed here.", {"Allow": ", ".join(allowed)})
    raise Problem(404, "There is nothing at this address.")


def body_limit(method, path):
    return MAX_UPLOAD_BYTES if (method, path) == ("POST", "/files") else MAX_JSON_BYTES


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a socket read may wait: a client that stalls loses its connection

    def version_string(self):
        return "files"  # no server or Python version for an attacker to look up

    def do_GET(self):
        self.handle_request()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def handle_expect_100(self):
        # A client that asks first (Expect: 100-continue) learns about 413 before it sends the body.
        limit = body_limit(self.command, urlsplit(self.path).path)
        if self.declared_length() > limit:
            self.send(Problem(413, f"The body may be at most {limit} bytes.").response(), close=True)
            return False
        return super().handle_expect_100()

    def send_error(self, code, message=None, explain=None):
        """Errors http.server finds itself (a malformed request line, an unknown method) as problem JSON."""
        self.send(Problem(code, message or phrase(code)).response(), close=True)

    def declared_length(self):
        lengths = set(self.headers.get_all("Content-Length") or ["0"])
        text = lengths.pop().strip()
        if lengths or not (text.isascii() and text.isdigit() and len(text) <= 15):
            return -1
        return int(text)

    def handle_request(self):
        self.body = Body(self.rfile, 0)
        try:
            response = self.respond()
        except Problem as problem:
            response = problem.response()
        except ConnectionError:
            self.client_left()
            return
        except Exception:
            traceback.print_exc()  # the details go to the log, never to the client
            response = Problem(500, "Something went wrong on our side. Please try again.").response()
        try:
            self.send(response, close=self.body.remaining > 0)
        except ConnectionError:
            self.client_left()

    def client_left(self):
        self.log_message("the client closed the connection before the exchange was complete")
        self.close_connection = True

    def respond(self):
        # A chunked body has no length to check against the limit before reading it.
        if "Transfer-Encoding" in self.headers:
            self.close_connection = True
            raise Problem(411, "Send the body with a Content-Length.")
        length = self.declared_length()
        if length < 0:
            self.close_connection = True  # where this body ends is unknown: end the connection
            raise Problem(400, "Content-Length must be one whole number.")
        self.body = Body(self.rfile, length)
        url = urlsplit(self.path)
        handler, params = find_route(self.command, url.path)
        query = {name: values[0] for name, values in parse_qs(url.query, keep_blank_values=True).items()}
        with closing(connect()) as db:
            return handler(Request(self.command, url.path, query, self.headers, self.body, db), **params)

    def send(self, response, close=False):
        body = b"" if response.body is None else json.dumps(response.body).encode()
        length = response.length if response.stream is not None else len(body)
        self.send_response(response.status, phrase(response.status))
        if body or response.stream is not None:
            self.send_header("Content-Type", response.content_type)
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status not in (204, 304):  # RFC 9110, section 8.6: no Content-Length on these
            self.send_header("Content-Length", str(length))
        if close or self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if response.stream is not None:
            for chunk in response.stream:
                self.wfile.write(chunk)
        else:
            self.wfile.write(body)


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default of 5 refuses connections when many clients arrive at once


def main():
    global STORE
    init_db()
    STORE = BlobStore(FILES)
    server = Server(("127.0.0.1", PORT), Handler)
    # shutdown() waits for serve_forever() to return, so it must run outside the signal handler.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"file upload service listening on http://127.0.0.1:{PORT}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
