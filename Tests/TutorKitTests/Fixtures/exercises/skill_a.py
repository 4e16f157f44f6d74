"""The reference behaviour of the practice tests' http exercise (skill-a)."""


def health(request):
    if request.method != "GET":
        return 405, {"Allow": "GET"}, b""
    return 200, {}, {"status": "ok"}


EXERCISES = {"health": health}
