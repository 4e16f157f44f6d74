"""Reference handlers for Skills/docker-containers/exercises.yml: what a correct learner server does."""
from server import problem


# --- healthz-endpoint: the endpoint the HEALTHCHECK calls -------------------------------------

def healthz(request):
    if request.method in ("GET", "HEAD") and request.path == "/healthz":
        return 200, {}, {"status": "ok"}
    return problem(404, "Not Found")


EXERCISES = {"healthz-endpoint": healthz}
