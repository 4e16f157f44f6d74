"""Reference behaviour for the http exercises of Skills/java-ecosystem/exercises.yml: what the
JDK HttpServer programs of the solutions answer."""
from server import problem

JSON = {"Content-Type": "application/json"}


def virtual_thread_server(request):
    if request.path != "/thread":
        return 404, {"Content-Type": "text/html"}, "<h1>404 Not Found</h1>No context found for request"
    if request.method != "GET":
        return 405, {"Allow": "GET"}, b""
    return 200, JSON, {"virtual": True}


_RATES = {
    "standard": lambda grams: 499 + grams // 100,
    "express": lambda grams: 1299 + grams // 50,
    "pickup": lambda grams: 0,
}


def shipping_strategy(request):
    if request.path != "/shipping/quote":
        return 404, {"Content-Type": "text/html"}, "<h1>404 Not Found</h1>No context found for request"
    method = request.query.get("method", "")
    rate = _RATES.get(method)
    if rate is None:
        return problem(400, "Bad Request", "method must be standard, express or pickup")
    grams = request.query.get("grams", "")
    if not grams.isdigit() or int(grams) > 2**31 - 1:
        return problem(400, "Bad Request", "grams must be a whole number, 0 or more")
    return 200, JSON, {"method": method, "grams": int(grams), "cents": rate(int(grams))}


EXERCISES = {
    "virtual-thread-server": virtual_thread_server,
    "shipping-strategy": shipping_strategy,
}
