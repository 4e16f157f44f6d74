"""Weather proxy: a reference solution for the weather-proxy project.

Run it with:

    PORT=8000 python3 app.py                                       # calls Open-Meteo
    PORT=8000 WEATHER_API_URL=http://127.0.0.1:8001 python3 app.py  # calls a local stand-in

Only the standard library: http.server speaks HTTP/1.1 to clients, urllib calls the weather
service, json reads and writes the bodies. Nothing is stored on disk: the cache lives in
memory and is empty after a restart. The file reads from top to bottom: settings, errors,
calling the upstream, the cache, the route, then the HTTP plumbing that connects them.
"""

import hashlib
import http.client
import json
import os
import re
import signal
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

PORT = int(os.environ.get("PORT", "8000"))

# One variable points both upstream endpoints at a stand-in (tests, backend-tutor verify).
# Unset, each endpoint is on its own Open-Meteo host.
UPSTREAM = os.environ.get("WEATHER_API_URL", "").rstrip("/")
GEOCODING_URL = (UPSTREAM or "https://geocoding-api.open-meteo.com") + "/v1/search"
FORECAST_URL = (UPSTREAM or "https://api.open-meteo.com") + "/v1/forecast"

# urllib applies the timeout to each blocking step (connecting, each read), which is what
# "a call times out after 3 seconds" means for an upstream that answers nothing at all.
UPSTREAM_TIMEOUT_SECONDS = 3
# A weather answer is a few hundred bytes; a megabyte means something is badly wrong.
MAX_UPSTREAM_BYTES = 1024 * 1024

CACHE_SECONDS = 600
MAX_CITY_LENGTH = 100
# No route takes a body; a small one (a mistaken POST) is read and ignored, a big one refused.
MAX_BODY_BYTES = 64 * 1024

# What each unit system asks the upstream for, and the fields it answers in. The field names
# carry the unit, so a client can never read Fahrenheit as Celsius.
UNITS = {
    "metric": {"params": {}, "temperature": "temperature_c", "wind": "wind_kmh"},
    "imperial": {"params": {"temperature_unit": "fahrenheit", "wind_speed_unit": "mph"},
                 "temperature": "temperature_f", "wind": "wind_mph"},
}


# --- Errors as problem details (RFC 9457) -------------------------------------------------

# RFC 9110's reason phrases, where Python 3.11 still has older ones.
PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


def phrase(status):
    return PHRASES.get(status) or HTTPStatus(status).phrase


class Problem(Exception):
    """A request the server will not fulfil. Raised anywhere, answered in one place."""

    def __init__(self, status, detail, headers=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}

    def body(self):
        # type about:blank says "nothing beyond the status code", so title is its phrase.
        return {"type": "about:blank", "title": phrase(self.status), "status": self.status,
                "detail": self.detail}


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- Calling the upstream -----------------------------------------------------------------
# Every way a call can fail ends as one of two answers for our client: 504 when the upstream
# was too slow, 502 when it answered badly or not at all. What actually happened goes to the
# log; the client learns only which of the two it was, never the upstream's address or body.

BAD_GATEWAY = "The weather service could not be reached or sent an answer this server cannot use."
GATEWAY_TIMEOUT = f"The weather service did not answer within {UPSTREAM_TIMEOUT_SECONDS} seconds."


def fetch_json(url, params):
    """GET url?params from the weather service and return the parsed JSON body."""
    headers = {"Accept": "application/json", "User-Agent": "weather-proxy"}
    request = urllib.request.Request(f"{url}?{urlencode(params)}", headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=UPSTREAM_TIMEOUT_SECONDS) as response:
            data = json.loads(response.read(MAX_UPSTREAM_BYTES))
    except urllib.error.HTTPError as error:  # it answered, with a 4xx or 5xx
        log(f"upstream {url} answered {error.code}")
        raise Problem(502, BAD_GATEWAY) from None
    except TimeoutError:  # no answer while waiting for it
        log(f"upstream {url} timed out after {time.monotonic() - started:.1f} s")
        raise Problem(504, GATEWAY_TIMEOUT) from None
    except urllib.error.URLError as error:  # could not connect (or connecting timed out)
        log(f"upstream {url} unreachable: {error.reason}")
        if isinstance(error.reason, TimeoutError):
            raise Problem(504, GATEWAY_TIMEOUT) from None
        raise Problem(502, BAD_GATEWAY) from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        # A connection closed without an answer, a broken HTTP message, a body that is not JSON.
        log(f"upstream {url} sent no usable answer: {error!r}")
        raise Problem(502, BAD_GATEWAY) from None
    log(f"upstream {url} answered in {(time.monotonic() - started) * 1000:.0f} ms")
    return data


def geocode(city):
    """The best match for a city name: its name, country and coordinates."""
    data = fetch_json(GEOCODING_URL, {"name": city, "count": 1, "language": "en", "format": "json"})
    # Open-Meteo answers 200 for a name it does not know, and leaves "results" out.
    results = data.get("results") if isinstance(data, dict) else None
    if not results:
        raise Problem(404, f"No place called {city} is known to the weather service.")
    try:
        place = results[0]
        return {"city": str(place["name"]), "country": str(place.get("country", "")),
                "latitude": number(place["latitude"]), "longitude": number(place["longitude"])}
    except (KeyError, TypeError, IndexError) as error:
        log(f"upstream geocoding answer not understood: {error!r}")
        raise Problem(502, BAD_GATEWAY) from None


def current_conditions(place, units):
    """The current temperature and wind at a place, in the units asked for, and when they
    were observed."""
    params = {"latitude": place["latitude"], "longitude": place["longitude"],
              "current": "temperature_2m,wind_speed_10m", **UNITS[units]["params"]}
    data = fetch_json(FORECAST_URL, params)
    try:
        current = data["current"]
        # The time is local to the timezone asked for (GMT by default) and has no offset, so
        # the offset the answer gives is subtracted to make it UTC.
        local = datetime.fromisoformat(current["time"])
        observed = local - timedelta(seconds=number(data.get("utc_offset_seconds", 0)))
        return {UNITS[units]["temperature"]: number(current["temperature_2m"]),
                UNITS[units]["wind"]: number(current["wind_speed_10m"]),
                "observed_at": rfc3339(observed.replace(tzinfo=timezone.utc))}
    except (KeyError, TypeError, ValueError) as error:
        log(f"upstream forecast answer not understood: {error!r}")
        raise Problem(502, BAD_GATEWAY) from None


def rfc3339(moment):
    """2025-01-15T12:00:00Z: the format clients everywhere parse without guessing."""
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def number(value):
    # bool is a subclass of int in Python, and true is not a temperature.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{value!r} is not a number")
    return value


# --- The cache ----------------------------------------------------------------------------


class ExpiringCache:
    """Values kept in memory for a fixed time. Every request runs in its own thread, so one
    lock guards the dictionary. time.monotonic() is used because it never jumps when the
    system clock is set, which would make entries live far too long or not at all."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.entries = {}  # key -> (expires_at, value)
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
        if entry is None or entry[0] <= time.monotonic():
            return None
        return entry[1]

    def put(self, key, value):
        now = time.monotonic()
        with self.lock:
            # Dropping expired entries on every write keeps memory bounded by the cities
            # asked for in the last 10 minutes (a size cap is one of the stretch goals).
            for old in [k for k, (expires_at, _) in self.entries.items() if expires_at <= now]:
                del self.entries[old]
            self.entries[key] = (now + self.seconds, value)


CACHE = ExpiringCache(CACHE_SECONDS)


# --- The route ----------------------------------------------------------------------------


def weather_query(query):
    """The city and units asked for. A bad query parameter is malformed syntax: 400."""
    cities = query.get("city", [])
    if len(cities) != 1 or not cities[0].strip():
        raise Problem(400, "Name one city: /weather?city=Oslo.")
    city = cities[0].strip()
    if len(city) > MAX_CITY_LENGTH:
        raise Problem(400, f"A city name has at most {MAX_CITY_LENGTH} characters.")
    units = query.get("units", ["metric"])
    if len(units) != 1 or units[0] not in UNITS:
        raise Problem(400, "units must be metric or imperial.")
    return city, units[0]


def get_weather(request):
    city, units = weather_query(request.query())
    # The geocoder ignores case, so Oslo and OSLO share one entry.
    key = (city.casefold(), units)
    weather = CACHE.get(key)
    cached = weather is not None
    if not cached:
        place = geocode(city)
        weather = {"city": place["city"], "country": place["country"], "units": units,
                   **current_conditions(place, units)}
        # Only answers are cached: after a failure the next request tries the upstream again.
        CACHE.put(key, weather)
    body = {**weather, "cached": cached}
    tag = etag(encode(body))
    headers = {"Cache-Control": f"max-age={CACHE_SECONDS}", "ETag": tag}
    if none_match(request.headers.get("If-None-Match"), tag):
        # The client's copy is current: the same validators, and no body (RFC 9110, 15.4.5).
        return 304, None, headers
    return 200, body, headers


def etag(data):
    """A strong validator: a hash of the exact bytes of the body."""
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def none_match(header, tag):
    """Whether If-None-Match names the current representation: "*", or a list of tags
    compared weakly, so a W/ prefix does not matter (RFC 9110, section 13.1.2)."""
    if header is None:
        return False
    if header.strip() == "*":
        return True
    return tag in re.findall(r'(?:W/)?("[^"]*")', header)


# A path and the handler for each method it allows. HEAD is answered wherever GET is.
ROUTES = {"/weather": {"GET": get_weather}}


def find_route(method, path):
    """The handler for a request, or the Problem that answers it instead."""
    handlers = ROUTES.get(path)
    if handlers is None:
        raise Problem(404, "There is nothing at this path.")
    handler = handlers.get("GET" if method == "HEAD" else method)
    if handler is None:
        # 405 must say what is allowed (RFC 9110, section 15.5.6).
        allowed = list(handlers) + (["HEAD"] if "GET" in handlers else [])
        raise Problem(405, f"{method} is not allowed here.", headers={"Allow": ", ".join(allowed)})
    return handler


def encode(body):
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


# --- HTTP ---------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, and every response says how long its body is
    timeout = 30  # seconds a connection may sit idle before its thread gives up on it

    def version_string(self):
        # The Server header names the software without a version: a version number only
        # tells an attacker which known bugs to try.
        return "weather-proxy"

    # Every method goes through dispatch, so the ones /weather does not take get 405 with
    # Allow. Methods with no do_ here (TRACE, BREW...) get 501 Not Implemented from
    # http.server itself, through send_error below.
    def do_GET(self):
        self.dispatch()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def dispatch(self):
        try:
            self.skip_body()
            url = urlsplit(self.path)
            self.url_query = url.query
            handler = find_route(self.command, url.path)
            status, body, headers = handler(self)
        except Problem as problem:
            self.send_problem(problem)
            return
        except Exception:
            # Log the details for the operator; the client learns only that it failed.
            traceback.print_exc()
            self.send_problem(Problem(500, "The server could not complete the request."))
            return
        self.send(status, body, headers)

    def skip_body(self):
        """Read and drop whatever body came, so the connection is ready for the next request;
        refuse a big one without reading it."""
        if "Transfer-Encoding" in self.headers:
            # http.server cannot read a chunked body, and unread bytes would be taken for the
            # next request: ask for a Content-Length instead.
            self.close_connection = True
            raise Problem(411, "Send the body with a Content-Length header.")
        length = self.headers.get("Content-Length", "0")
        if not re.fullmatch(r"[0-9]+", length):
            self.close_connection = True
            raise Problem(400, "Content-Length must be a number of bytes.")
        if int(length) > MAX_BODY_BYTES:
            # Refuse without reading it, then close: the rest of the body is still on its way.
            self.close_connection = True
            raise Problem(413, f"The body may be at most {MAX_BODY_BYTES} bytes.")
        self.rfile.read(int(length))

    def query(self):
        # keep_blank_values: ?city= is an empty city (400), like a missing one.
        return parse_qs(self.url_query, keep_blank_values=True)

    def send_problem(self, problem):
        self.send(problem.status, problem.body(), problem.headers, "application/problem+json")

    def send_error(self, code, message=None, explain=None):
        # http.server calls this itself for requests it cannot parse and for unknown methods;
        # those get a problem details body like every other error. A request line it could
        # not read leaves the version at HTTP/0.9, which would mean a bare body with no
        # status line, so the answer is sent as HTTP/1.1 whatever the request said. The
        # connection is closed after it: whatever body the request had is still unread.
        self.request_version = self.protocol_version
        self.close_connection = True
        self.send_problem(Problem(code, message or phrase(code)))

    def send(self, status, body, headers, content_type="application/json"):
        self.send_response(status, phrase(status))
        for name, value in headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        data = b""
        if body is not None:
            data = encode(body)
            self.send_header("Content-Type", content_type)
            # Browsers must not guess another type (and run the JSON as a script).
            self.send_header("X-Content-Type-Options", "nosniff")
        # A 304 may only carry the length of the 200 it stands for, so it carries none.
        if status != 304:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class Server(ThreadingHTTPServer):
    # The default backlog of 5 drops connections when many arrive at once.
    request_queue_size = 64


def main():
    server = Server(("127.0.0.1", PORT), Handler)
    # SIGTERM (from kill, systemd or Docker) stops the server the way Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    upstream = UPSTREAM or "Open-Meteo"
    log(f"weather-proxy listening on http://127.0.0.1:{PORT}, calling {upstream}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
