"""A small notes API for the verifier's tests. BUG names one mistake to make; without it the
server meets every criterion of the fixture project."""
import base64
import hashlib
import json
import os
import struct
import signal
import socket
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUG = os.environ.get("BUG", "")
PORT = int(os.environ.get("PORT", "8000"))

if BUG == "garbage":
    # Answers every connection with bytes that are not HTTP.
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", PORT))
    listener.listen()
    while True:
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
        connection.close()

memory = {}
forecasts = {}
jobs = {}
payments = {}
rooms = []
rooms_lock = threading.Lock()


def ws_read(stream):
    # One client frame: opcode and unmasked payload (None when the connection ends).
    head = stream.read(2)
    if len(head) < 2:
        return None, None
    opcode, length = head[0] & 0x0F, head[1] & 0x7F
    if length == 126:
        length = struct.unpack(">H", stream.read(2))[0]
    elif length == 127:
        length = struct.unpack(">Q", stream.read(8))[0]
    mask = stream.read(4)
    payload = bytes(b ^ mask[i % 4] for i, b in enumerate(stream.read(length)))
    return opcode, payload


def ws_send(connection, text):
    data = text.encode()
    header = bytes([0x81, len(data)]) if len(data) < 126 else bytes([0x81, 126]) + struct.pack(">H", len(data))
    connection.sendall(header + data)
database = None if BUG == "memory" else sqlite3.connect(os.environ.get("DATABASE", "notes.sqlite"), check_same_thread=False)
if database:
    database.execute("CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, text TEXT NOT NULL, secret TEXT)")
    database.execute("CREATE TABLE IF NOT EXISTS claim (name TEXT PRIMARY KEY)")
    database.commit()
lock = threading.Lock()
next_id = [1]


def store(text):
    if database is None:
        identifier = next_id[0]
        next_id[0] += 1
        memory[identifier] = text
        return identifier
    cursor = database.execute("INSERT INTO note (text, secret) VALUES (?, 'hash')", (text,))
    database.commit()
    return cursor.lastrowid


def load(identifier):
    if database is None:
        return memory.get(identifier)
    row = database.execute("SELECT text FROM note WHERE id = ?", (identifier,)).fetchone()
    return row[0] if row else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        # The server's name and version are nobody's business (BUG=insecure tells them).
        return "BaseHTTP/0.6 Python/3.11" if BUG == "insecure" else "notes"

    def end_headers(self):
        if BUG != "insecure":
            self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def do_PUT(self):
        if BUG == "insecure":
            return self.reply(200, {})
        self.send_response(405)
        self.send_header("Allow", "GET, POST")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        sys.stderr.write("request: " + (format % args) + "\n")

    def reply(self, status, body, content_type="application/json", headers=()):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def problem(self, status, title):
        if BUG == "plain-errors":
            self.reply(status, {"error": title})
        else:
            self.reply(status, {"type": "about:blank", "title": title, "status": status}, "application/problem+json")

    def do_POST(self):
        if BUG == "hang":
            time.sleep(30)
        length = int(self.headers.get("Content-Length", "0"))
        if length > 1 << 20 and BUG != "insecure":
            self.close_connection = True
            return self.problem(413, "Content Too Large")
        raw = self.rfile.read(length)
        if BUG == "close" and self.path == "/notes":
            # Drops the connection without a word.
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if self.path == "/jobs":
            identifier = len(jobs) + 1
            jobs[identifier] = time.time()
            return self.reply(202, {"id": identifier, "status": "queued"})
        if self.path == "/payments":
            key = self.headers.get("Idempotency-Key", "")
            with lock:
                if key not in payments or BUG == "double-charge":
                    payments[key] = len(payments) + 1
                identifier = payments[key]
            return self.reply(201, {"id": identifier, "key": key})
        if self.path == "/claims":
            data = json.loads(raw)
            if BUG == "race":
                # Check, then act, with no lock between: every request sees the name free.
                taken = database.execute("SELECT 1 FROM claim WHERE name = ?", (data["name"],)).fetchone()
                time.sleep(0.2)
                if taken:
                    return self.problem(409, "Conflict")
                database.execute("INSERT OR IGNORE INTO claim (name) VALUES (?)", (data["name"],))
                return self.reply(201, {"name": data["name"]})
            with lock:
                taken = database.execute("SELECT 1 FROM claim WHERE name = ?", (data["name"],)).fetchone()
                if taken:
                    return self.problem(409, "Conflict")
                database.execute("INSERT INTO claim (name) VALUES (?)", (data["name"],))
                database.commit()
            return self.reply(201, {"name": data["name"]})
        try:
            data = json.loads(raw)
        except ValueError:
            if BUG == "insecure":
                return self.traceback()
            return self.problem(400, "Bad Request")
        if BUG == "traceback":
            return self.traceback()
        if not isinstance(data.get("text"), str) or not data["text"]:
            return self.problem(422, "Unprocessable Content")
        identifier = store(data["text"])
        headers = [] if BUG == "no-location" else [("Location", f"/notes/{identifier}")]
        status = 200 if BUG == "wrong-status" else 201
        body = {"id": identifier, "text": data["text"]}
        if BUG == "leak":
            body["secret"] = "hash"
        self.reply(status, body, headers=headers)

    def traceback(self):
        self.send_response(500)
        body = b"Traceback (most recent call last):\n  File \"/srv/app.py\", line 3\nKeyError: 'text'\n"
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def weather(self):
        # GET /weather?city=X from the service at WEATHER_URL, kept 60 s (BUG=nocache: never).
        city = self.path.split("city=")[-1]
        cached = forecasts.get(city)
        if cached and BUG != "nocache" and time.time() - cached[0] < 60:
            return self.reply(200, dict(cached[1], cached=True))
        try:
            with urllib.request.urlopen(f"{os.environ['WEATHER_URL']}/forecast?city={city}", timeout=1) as answer:
                data = json.load(answer)
        except urllib.error.HTTPError:
            return self.problem(502, "Bad Gateway")
        except (TimeoutError, OSError):
            return self.problem(504, "Gateway Timeout")
        forecasts[city] = (time.time(), {"city": city, "temperature_c": data["temp"]})
        return self.reply(200, dict(forecasts[city][1], cached=False))

    def chat(self):
        # A chat room over WebSocket: join, then every message goes to everyone in the room.
        key = self.headers.get("Sec-WebSocket-Key", "")
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        if BUG == "no-accept":
            accept = "wrong"
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        name = None
        with rooms_lock:
            rooms.append(self.connection)
        try:
            while True:
                opcode, payload = ws_read(self.rfile)
                if opcode is None or opcode == 0x8:
                    break
                message = json.loads(payload)
                if message.get("type") == "join":
                    name = message["name"]
                    ws_send(self.connection, json.dumps({"type": "joined", "name": name}))
                elif message.get("type") == "say":
                    out = json.dumps({"type": "message", "from": name, "text": message["text"]})
                    with rooms_lock:
                        targets = [self.connection] if BUG == "no-broadcast" else list(rooms)
                    for target in targets:
                        ws_send(target, out)
        finally:
            with rooms_lock:
                rooms.remove(self.connection)
            self.close_connection = True

    def do_GET(self):
        if self.path.startswith("/jobs/"):
            started = jobs.get(int(self.path.split("/")[2]), 0)
            done = BUG != "stuck" and time.time() - started > 0.3
            return self.reply(200, {"status": "done" if done else "running", "progress": [10, 20]})
        if self.path.startswith("/ws"):
            return self.chat()
        if self.path.startswith("/weather"):
            return self.weather()
        parts = self.path.split("/")
        if len(parts) == 3 and parts[1] == "notes" and parts[2].isdigit():
            text = load(int(parts[2]))
            if text is None:
                return self.problem(404, "Not Found")
            return self.reply(200, {"id": int(parts[2]), "text": text, "tags": ["a", "b"]})
        self.problem(404, "Not Found")


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"listening on {PORT}", flush=True)
class Server(ThreadingHTTPServer):
    # Room for a burst of connections: the default of 5 drops some of ten at once.
    request_queue_size = 64


Server(("127.0.0.1", PORT), Handler).serve_forever()
