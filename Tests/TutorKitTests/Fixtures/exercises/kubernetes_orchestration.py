"""Reference handlers for Skills/kubernetes-orchestration/exercises.yml: what a correct learner server does."""
import threading

from server import problem

_lock = threading.Lock()

# --- probe-endpoints: /livez, /readyz and a readiness switch ----------------------------------

_state = {"ready": True}


def probes(request):
    if request.method in ("GET", "HEAD") and request.path == "/livez":
        return 200, {}, {"status": "ok"}
    if request.method in ("GET", "HEAD") and request.path == "/readyz":
        if not _state["ready"]:
            return problem(503, "Service Unavailable", "Not ready to take traffic.")
        return 200, {}, {"status": "ready"}
    if request.method == "PUT" and request.path == "/admin/readiness":
        try:
            body = request.json()
        except ValueError:
            return problem(400, "Bad Request", "The body is not valid JSON.")
        if not isinstance(body, dict) or not isinstance(body.get("ready"), bool):
            return problem(422, "Unprocessable Content", "ready must be true or false.")
        with _lock:
            _state["ready"] = body["ready"]
        return 204, {}, b""
    return problem(404, "Not Found")


EXERCISES = {"probe-endpoints": probes}
