"""Reference handlers for the http exercises of graphql-advanced-apis.

A small GraphQL engine in the standard library: a parser for executable documents (operations,
fields, aliases, arguments, variables, inline fragments, fragment spreads), validation of field
names and selection sets, an asyncio executor with null propagation and a per-request
DataLoader, and the GraphQL-over-HTTP layer (media types, 400, 405). Each exercise builds its
own schema on it.
"""
import asyncio
import base64
import itertools
import json
import re
import threading

# --------------------------------------------------------------------------- parsing

_TOKEN = re.compile(
    r"""
    (?P<skip>[\s,\ufeff]+|\#[^\n\r]*)
  | (?P<spread>\.\.\.)
  | (?P<punct>[!$&():=@\[\]{}|])
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
  | (?P<float>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+))
  | (?P<int>-?(?:0|[1-9][0-9]*))
  | (?P<string>"(?:\\.|[^"\\\n])*")
    """,
    re.X,
)


class GraphQLSyntaxError(Exception):
    def __init__(self, message, line, column):
        super().__init__(message)
        self.line, self.column = line, column


def _position(source, offset):
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _tokens(source):
    out, pos = [], 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if not m:
            raise GraphQLSyntaxError(f"Syntax Error: unexpected character {source[pos]!r}.", *_position(source, pos))
        kind = m.lastgroup
        if kind != "skip":
            out.append((kind, m.group(), pos))
        pos = m.end()
    out.append(("eof", "", len(source)))
    return out


class _Parser:
    def __init__(self, source):
        self.source = source
        self.toks = _tokens(source)
        self.i = 0

    def peek(self, value=None, kind=None):
        k, v, _ = self.toks[self.i]
        if kind == "eof" or k == "eof":
            return kind == "eof" and k == "eof"
        return (value is None or v == value) and (kind is None or k == kind)

    def fail(self, what):
        k, v, pos = self.toks[self.i]
        found = "<EOF>" if k == "eof" else repr(v)
        raise GraphQLSyntaxError(f"Syntax Error: Expected {what}, found {found}.", *_position(self.source, pos))

    def expect(self, value=None, kind=None):
        if not self.peek(value, kind):
            self.fail(value or kind)
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def loc(self):
        line, column = _position(self.source, self.toks[self.i][2])
        return {"line": line, "column": column}

    def document(self):
        ops, frags = [], {}
        if self.peek(kind="eof"):
            self.fail("a definition")
        while not self.peek(kind="eof"):
            if self.peek("fragment"):
                self.i += 1
                name = self.expect(kind="name")[1]
                self.expect("on")
                cond = self.expect(kind="name")[1]
                self.directives()
                frags[name] = {"on": cond, "selections": self.selection_set()}
            elif self.peek("{"):
                ops.append({"kind": "query", "name": None, "vars": {}, "selections": self.selection_set()})
            elif self.peek("query") or self.peek("mutation") or self.peek("subscription"):
                kind = self.expect()[1]
                name = self.expect(kind="name")[1] if self.peek(kind="name") else None
                variables = self.variable_definitions()
                self.directives()
                ops.append({"kind": kind, "name": name, "vars": variables, "selections": self.selection_set()})
            else:
                self.fail("a definition")
        return {"operations": ops, "fragments": frags}

    def variable_definitions(self):
        out = {}
        if self.peek("("):
            self.i += 1
            while not self.peek(")"):
                self.expect("$")
                name = self.expect(kind="name")[1]
                self.expect(":")
                type_ref = self.type_ref()
                default = None
                if self.peek("="):
                    self.i += 1
                    default = self.value(const=True)
                self.directives()
                out[name] = {"type": type_ref, "default": default}
            self.expect(")")
        return out

    def type_ref(self):
        if self.peek("["):
            self.i += 1
            inner = self.type_ref()
            self.expect("]")
            t = f"[{inner}]"
        else:
            t = self.expect(kind="name")[1]
        if self.peek("!"):
            self.i += 1
            t += "!"
        return t

    def directives(self):
        while self.peek("@"):
            self.i += 1
            self.expect(kind="name")
            if self.peek("("):
                self.arguments()

    def selection_set(self):
        self.expect("{")
        sels = []
        while not self.peek("}"):
            if self.peek(kind="eof"):
                self.fail("}")
            sels.append(self.selection())
        self.expect("}")
        if not sels:
            self.fail("a selection")
        return sels

    def selection(self):
        if self.peek("..."):
            self.i += 1
            if self.peek("on"):
                self.i += 1
                cond = self.expect(kind="name")[1]
                self.directives()
                return {"kind": "inline", "on": cond, "selections": self.selection_set()}
            if self.peek(kind="name"):
                name = self.expect(kind="name")[1]
                self.directives()
                return {"kind": "spread", "name": name}
            self.directives()
            return {"kind": "inline", "on": None, "selections": self.selection_set()}
        loc = self.loc()
        name = self.expect(kind="name")[1]
        alias = name
        if self.peek(":"):
            self.i += 1
            name = self.expect(kind="name")[1]
        args = self.arguments() if self.peek("(") else {}
        self.directives()
        sels = self.selection_set() if self.peek("{") else None
        return {"kind": "field", "alias": alias, "name": name, "args": args, "selections": sels, "loc": loc}

    def arguments(self):
        self.expect("(")
        out = {}
        while not self.peek(")"):
            name = self.expect(kind="name")[1]
            self.expect(":")
            out[name] = self.value()
        self.expect(")")
        return out

    def value(self, const=False):
        k, v, _ = self.toks[self.i]
        if v == "$" and k == "punct" and not const:
            self.i += 1
            return ("var", self.expect(kind="name")[1])
        if k == "int":
            self.i += 1
            return ("const", int(v))
        if k == "float":
            self.i += 1
            return ("const", float(v))
        if k == "string":
            self.i += 1
            return ("const", json.loads(v))
        if k == "name":
            self.i += 1
            if v in ("true", "false"):
                return ("const", v == "true")
            if v == "null":
                return ("const", None)
            return ("const", v)  # an enum value
        if v == "[":
            self.i += 1
            items = []
            while not self.peek("]"):
                items.append(self.value(const))
            self.i += 1
            return ("list", items)
        if v == "{":
            self.i += 1
            fields = {}
            while not self.peek("}"):
                name = self.expect(kind="name")[1]
                self.expect(":")
                fields[name] = self.value(const)
            self.i += 1
            return ("object", fields)
        self.fail("a value")


def parse(source):
    return _Parser(source).document()


# --------------------------------------------------------------------------- schema

SCALARS = {"ID", "String", "Int", "Float", "Boolean"}


def named(type_ref):
    return type_ref.replace("[", "").replace("]", "").replace("!", "")


class FieldError(Exception):
    """Raised by a resolver: the field becomes null and an error is recorded."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code


class RequestError(Exception):
    def __init__(self, message, locations=None, code=None):
        super().__init__(message)
        self.locations, self.code = locations, code


class Schema:
    """types: {"Book": {"fields": {"title": {"type": "String!", "args": {...}, "resolve": fn}}},
    "SearchResult": {"union": ["Book", "Author"]}, "Format": {"enum": [...]}}."""

    def __init__(self, types, enums=(), max_depth=None):
        self.types = types
        self.enums = set(enums)
        self.max_depth = max_depth

    def is_leaf(self, name):
        return name in SCALARS or name in self.enums

    def possible(self, name):
        t = self.types.get(name, {})
        return set(t.get("union", [name]))


def _input(node, variables):
    kind, v = node
    if kind == "var":
        return variables.get(v)
    if kind == "list":
        return [_input(x, variables) for x in v]
    if kind == "object":
        return {k: _input(x, variables) for k, x in v.items()}
    return v


def validate(schema, doc, op):
    errors = []

    def walk(type_name, sels, depth, seen):
        for sel in sels:
            if sel["kind"] == "spread":
                frag = doc["fragments"].get(sel["name"])
                if frag is None:
                    errors.append((f'Unknown fragment "{sel["name"]}".', None))
                elif sel["name"] not in seen:
                    walk(frag["on"], frag["selections"], depth, seen | {sel["name"]})
                continue
            if sel["kind"] == "inline":
                walk(sel["on"] or type_name, sel["selections"], depth, seen)
                continue
            if schema.max_depth is not None and depth > schema.max_depth:
                errors.append((f"The operation is nested deeper than the limit of {schema.max_depth} levels.",
                               sel["loc"]))
                return
            if sel["name"] == "__typename":
                continue
            fdef = schema.types.get(type_name, {}).get("fields", {}).get(sel["name"])
            if fdef is None:
                errors.append((f'Cannot query field "{sel["name"]}" on type "{type_name}".', sel["loc"]))
                continue
            for arg, arg_type in fdef.get("args", {}).items():
                if arg_type.endswith("!") and arg not in sel["args"]:
                    errors.append((f'Field "{sel["name"]}" argument "{arg}" of type "{arg_type}" is required, '
                                   "but it was not provided.", sel["loc"]))
            for arg in sel["args"]:
                if arg not in fdef.get("args", {}):
                    errors.append((f'Unknown argument "{arg}" on field "{type_name}.{sel["name"]}".', sel["loc"]))
            target = named(fdef["type"])
            if schema.is_leaf(target):
                if sel["selections"]:
                    errors.append((f'Field "{sel["name"]}" must not have a selection since type '
                                   f'"{fdef["type"]}" has no subfields.', sel["loc"]))
            elif not sel["selections"]:
                errors.append((f'Field "{sel["name"]}" of type "{fdef["type"]}" must have a selection of '
                               "subfields.", sel["loc"]))
            else:
                walk(target, sel["selections"], depth + 1, seen)

    root = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}[op["kind"]]
    if root not in schema.types:
        return [(f"Schema is not configured for {op['kind']}s.", None)]
    walk(root, op["selections"], 1, frozenset())
    return errors


# --------------------------------------------------------------------------- execution

class _Null(Exception):
    """A null in a non-null position, travelling up to the nearest nullable field."""


class DataLoader:
    """Batches every load() made while the executor resolves one level, memoizes per request."""

    def __init__(self, batch):
        self.batch = batch
        self.cache = {}
        self.queue = []
        self.calls = 0
        self.keys_loaded = 0

    def load(self, key):
        if key in self.cache:
            return self.cache[key]
        fut = asyncio.get_running_loop().create_future()
        self.cache[key] = fut
        if not self.queue:
            self._later(8)
        self.queue.append((key, fut))
        return fut

    def _later(self, hops):
        loop = asyncio.get_running_loop()
        loop.call_soon(self._dispatch if hops == 0 else lambda: self._later(hops - 1))

    def _dispatch(self):
        queue, self.queue = self.queue, []
        keys = [k for k, _ in queue]
        self.calls += 1
        self.keys_loaded += len(keys)
        values = self.batch(keys)
        assert len(values) == len(keys), "a batch function returns one value per key, in order"
        for (_, fut), value in zip(queue, values):
            if isinstance(value, Exception):
                fut.set_exception(value)
            else:
                fut.set_result(value)


class Executor:
    def __init__(self, schema, doc, variables, ctx):
        self.schema, self.doc, self.variables, self.ctx = schema, doc, variables, ctx
        self.errors = []

    def collect(self, type_name, sels, out):
        for sel in sels:
            if sel["kind"] == "field":
                out.setdefault(sel["alias"], []).append(sel)
            elif sel["kind"] == "inline":
                if sel["on"] is None or type_name in self.schema.possible(sel["on"]):
                    self.collect(type_name, sel["selections"], out)
            else:
                frag = self.doc["fragments"][sel["name"]]
                if type_name in self.schema.possible(frag["on"]):
                    self.collect(type_name, frag["selections"], out)
        return out

    def error(self, message, node, path, code=None):
        err = {"message": message, "locations": [node["loc"]], "path": path}
        if code:
            err["extensions"] = {"code": code}
        self.errors.append(err)

    async def selections(self, type_name, parent, sels, path, serial=False):
        fields = self.collect(type_name, sels, {})
        keys = list(fields)
        if serial:
            values = [await self.field(type_name, parent, fields[k], path + [k]) for k in keys]
        else:
            values = await asyncio.gather(*(self.field(type_name, parent, fields[k], path + [k]) for k in keys),
                                          return_exceptions=True)
            for v in values:
                if isinstance(v, BaseException):
                    raise v
        return dict(zip(keys, values))

    async def field(self, type_name, parent, nodes, path):
        node = nodes[0]
        if node["name"] == "__typename":
            return type_name
        fdef = self.schema.types[type_name]["fields"][node["name"]]
        args = {k: _input(v, self.variables) for k, v in node["args"].items()}
        for k, spec in fdef.get("defaults", {}).items():
            args.setdefault(k, spec)
        sub = [s for n in nodes for s in (n["selections"] or [])]
        try:
            resolve = fdef.get("resolve")
            if resolve is None:
                value = parent.get(node["name"]) if isinstance(parent, dict) else getattr(parent, node["name"])
            else:
                value = resolve(parent, args, self.ctx)
            if asyncio.iscoroutine(value) or isinstance(value, asyncio.Future):
                value = await value
            return await self.complete(fdef["type"], value, node, sub, path)
        except _Null:
            if fdef["type"].endswith("!"):
                raise
            return None
        except FieldError as e:
            self.error(str(e), node, path, e.code)
            if fdef["type"].endswith("!"):
                raise _Null()
            return None

    async def complete(self, type_ref, value, node, sub, path):
        if type_ref.endswith("!"):
            result = await self.complete(type_ref[:-1], value, node, sub, path)
            if result is None:
                self.error(f"Cannot return null for non-nullable field {path[-1]}.", node, path)
                raise _Null()
            return result
        if value is None:
            return None
        if type_ref.startswith("["):
            inner = type_ref[1:-1]
            items = await asyncio.gather(*(self.complete(inner, item, node, sub, path + [i])
                                           for i, item in enumerate(value)), return_exceptions=True)
            for item in items:
                if isinstance(item, BaseException):
                    raise item
            return items
        if type_ref in ("ID", "String"):
            return str(value)
        if self.schema.is_leaf(type_ref):
            return value
        concrete = value["__typename"] if "union" in self.schema.types[type_ref] else type_ref
        return await self.selections(concrete, value, sub, path)


def execute(schema, doc, op, variables, ctx, root_value=None):
    ex = Executor(schema, doc, variables, ctx)
    root = "Mutation" if op["kind"] == "mutation" else "Query"

    async def run():
        try:
            return await ex.selections(root, root_value or {}, op["selections"], [], serial=op["kind"] == "mutation")
        except _Null:
            return None

    data = asyncio.run(run())
    result = {"data": data}
    if ex.errors:
        result["errors"] = ex.errors
    return result


# --------------------------------------------------------------------------- GraphQL over HTTP

GQL_JSON = "application/graphql-response+json"


def _media_type(request):
    accept = request.headers.get("accept", "")
    return GQL_JSON if GQL_JSON in accept else "application/json"


def graphql_http(request, schema, ctx=None, before=None, extensions=None):
    """Serve one GraphQL-over-HTTP request. `before(request)` may return an HTTP response to send
    instead (authentication); `extensions(ctx)` adds an extensions map to executed responses."""
    media = _media_type(request)
    ctx = {} if ctx is None else ctx

    def reply(status, body, headers=None):
        return status, {"Content-Type": media, **(headers or {})}, body

    def request_error(message, locations=None, code=None):
        err = {"message": message}
        if locations:
            err["locations"] = [locations]
        if code:
            err["extensions"] = {"code": code}
        return reply(400 if media == GQL_JSON else 200, {"errors": [err]})

    if request.method == "POST":
        try:
            params = request.json()
        except ValueError:
            return reply(400, {"errors": [{"message": "The request body is not valid JSON."}]})
        if not isinstance(params, dict):
            return reply(400, {"errors": [{"message": "The request body must be a JSON object."}]})
    elif request.method == "GET":
        params = dict(request.query)
        try:
            if params.get("variables"):
                params["variables"] = json.loads(params["variables"])
        except ValueError:
            return reply(400, {"errors": [{"message": "variables is not valid JSON."}]})
    else:
        return 405, {"Allow": "GET, POST", "Content-Type": media}, {
            "errors": [{"message": "Use GET for queries or POST."}]}
    query = params.get("query")
    variables = params.get("variables") or {}
    if not isinstance(query, str) or not isinstance(variables, dict):
        return reply(400, {"errors": [{"message": "The request needs a string `query` and an object `variables`."}]})
    if before is not None:
        early = before(request, ctx)
        if early is not None:
            return early
    try:
        doc = parse(query)
    except GraphQLSyntaxError as e:
        return request_error(str(e), {"line": e.line, "column": e.column}, "GRAPHQL_PARSE_FAILED")
    ops = doc["operations"]
    name = params.get("operationName")
    chosen = [o for o in ops if name is None or o["name"] == name]
    if len(chosen) != 1:
        return request_error("Could not determine which operation to run.", code="BAD_REQUEST")
    op = chosen[0]
    if request.method == "GET" and op["kind"] != "query":
        return 405, {"Allow": "POST", "Content-Type": media}, {
            "errors": [{"message": f"A {op['kind']} cannot be sent with GET; use POST."}]}
    problems = validate(schema, doc, op)
    if problems:
        return reply(400 if media == GQL_JSON else 200, {"errors": [
            {"message": m, **({"locations": [loc]} if loc else {}),
             "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}} for m, loc in problems]})
    values = {}
    for var, spec in op["vars"].items():
        if var in variables:
            values[var] = variables[var]
        elif spec["default"] is not None:
            values[var] = _input(spec["default"], {})
        elif spec["type"].endswith("!"):
            return request_error(f'Variable "${var}" of required type "{spec["type"]}" was not provided.',
                                 code="BAD_USER_INPUT")
    result = execute(schema, doc, op, values, ctx)
    if extensions is not None:
        result["extensions"] = extensions(ctx)
    return reply(200, result)


# --------------------------------------------------------------------------- the catalogue

AUTHORS = {"1": "Ursula K. Le Guin", "2": "Octavia E. Butler", "3": "Ted Chiang"}
BOOKS = [
    {"id": "1", "title": "The Dispossessed", "authorId": "1"},
    {"id": "2", "title": "A Wizard of Earthsea", "authorId": "1"},
    {"id": "3", "title": "Kindred", "authorId": "2"},
    {"id": "4", "title": "Parable of the Sower", "authorId": "2"},
    {"id": "5", "title": "Exhalation", "authorId": "3"},
]


def _book(book_id):
    return next((dict(b) for b in BOOKS if b["id"] == str(book_id)), None)


def _author(author_id):
    return {"id": author_id, "name": AUTHORS[author_id]} if author_id in AUTHORS else None


# nullable-rating: a field backed by a failing service stays nullable ----------------------------

def _rating(_book_row, _args, _ctx):
    raise FieldError("Review service unavailable", "SERVICE_UNAVAILABLE")


RATING_SCHEMA = Schema({
    "Book": {"fields": {
        "id": {"type": "ID!"},
        "title": {"type": "String!"},
        "averageRating": {"type": "Float", "resolve": _rating},
    }},
    "Query": {"fields": {"book": {"type": "Book", "args": {"id": "ID!"}, "resolve": lambda _p, a, _c: _book(a["id"])}}},
})


def nullable_rating(request):
    if request.path != "/ex/gql-rating":
        return 404, {}, {"errors": [{"message": "not found"}]}
    return graphql_http(request, RATING_SCHEMA)


# fail-closed: anonymous reads work, a protected mutation fails closed, a bad token gets 401 -----

_lock = threading.Lock()
_created = {}
_ids = itertools.count(100)
TOKENS = {"ana-token": "ana"}


def _authenticate(request, ctx):
    header = request.headers.get("authorization")
    ctx["user"] = None
    if header is None:
        return None
    token = header[len("Bearer "):] if header.startswith("Bearer ") else None
    if token not in TOKENS:
        return 401, {"Content-Type": _media_type(request), "WWW-Authenticate": 'Bearer error="invalid_token"'}, {
            "errors": [{"message": "Invalid or expired token", "extensions": {"code": "UNAUTHENTICATED"}}]}
    ctx["user"] = TOKENS[token]
    return None


def _create_book(_root, args, ctx):
    if ctx.get("user") is None:
        raise FieldError("Sign in to do this", "UNAUTHENTICATED")
    with _lock:
        book = {"id": str(next(_ids)), "title": args["input"]["title"], "createdBy": ctx["user"]}
        _created[book["id"]] = book
    return book


def _any_book(book_id):
    b = _book(book_id)
    if b is not None:
        b["createdBy"] = "librarian"
        return b
    return _created.get(str(book_id))


AUTH_SCHEMA = Schema({
    "Book": {"fields": {"id": {"type": "ID!"}, "title": {"type": "String!"}, "createdBy": {"type": "String!"}}},
    "Query": {"fields": {"book": {"type": "Book", "args": {"id": "ID!"}, "resolve": lambda _p, a, _c: _any_book(a["id"])}}},
    "Mutation": {"fields": {"createBook": {"type": "Book", "args": {"input": "CreateBookInput!"},
                                           "resolve": _create_book}}},
})


def fail_closed(request):
    if request.path != "/ex/gql-auth":
        return 404, {}, {"errors": [{"message": "not found"}]}
    return graphql_http(request, AUTH_SCHEMA, before=_authenticate)


# dataloader-batches: one batched author query per request, reported in extensions -------------

def _load_authors(ids):
    return [_author(i) or FieldError(f"author {i} not found") for i in ids]


LOADER_SCHEMA = Schema({
    "Author": {"fields": {"id": {"type": "ID!"}, "name": {"type": "String!"}}},
    "Book": {"fields": {
        "id": {"type": "ID!"},
        "title": {"type": "String!"},
        "author": {"type": "Author!", "resolve": lambda b, _a, ctx: ctx["authors"].load(b["authorId"])},
    }},
    "Query": {"fields": {"books": {"type": "[Book!]!", "resolve": lambda _p, _a, _c: [dict(b) for b in BOOKS]}}},
})


def dataloader_batches(request):
    if request.path != "/ex/gql-loader":
        return 404, {}, {"errors": [{"message": "not found"}]}
    ctx = {"authors": DataLoader(_load_authors)}  # a new loader for every request
    return graphql_http(request, LOADER_SCHEMA, ctx, extensions=lambda c: {
        "authorBatchCalls": c["authors"].calls, "authorKeysLoaded": c["authors"].keys_loaded})


# relay-pagination: a connection with opaque keyset cursors and a cap on `first` -------------------

def _cursor(book):
    return base64.urlsafe_b64encode(json.dumps(["book", int(book["id"])]).encode()).decode().rstrip("=")


def _after(cursor):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        kind, last_id = json.loads(raw)
        assert kind == "book" and isinstance(last_id, int)
        return last_id
    except Exception:
        raise FieldError("after is not a cursor this API issued", "BAD_USER_INPUT")


def _books_page(_root, args, _ctx):
    first = args.get("first")
    if first is None or not 1 <= first <= 100:
        raise FieldError("first must be between 1 and 100", "BAD_USER_INPUT")
    last_id = _after(args["after"]) if args.get("after") else 0
    rows = [b for b in BOOKS if int(b["id"]) > last_id][: first + 1]  # one more row: is there a next page?
    page = rows[:first]
    edges = [{"cursor": _cursor(b), "node": dict(b)} for b in page]
    return {
        "edges": edges,
        "pageInfo": {"hasNextPage": len(rows) > first, "hasPreviousPage": last_id > 0,
                     "startCursor": edges[0]["cursor"] if edges else None,
                     "endCursor": edges[-1]["cursor"] if edges else None},
    }


PAGES_SCHEMA = Schema({
    "Book": {"fields": {"id": {"type": "ID!"}, "title": {"type": "String!"}}},
    "BookEdge": {"fields": {"cursor": {"type": "String!"}, "node": {"type": "Book!"}}},
    "PageInfo": {"fields": {"hasNextPage": {"type": "Boolean!"}, "hasPreviousPage": {"type": "Boolean!"},
                            "startCursor": {"type": "String"}, "endCursor": {"type": "String"}}},
    "BookConnection": {"fields": {"edges": {"type": "[BookEdge!]!"}, "pageInfo": {"type": "PageInfo!"},
                                  "totalCount": {"type": "Int", "resolve": lambda _p, _a, _c: len(BOOKS)}}},
    "Query": {"fields": {"books": {"type": "BookConnection!", "args": {"first": "Int!", "after": "String"},
                                   "resolve": _books_page}}},
})


def relay_pagination(request):
    if request.path != "/ex/gql-pages":
        return 404, {}, {"errors": [{"message": "not found"}]}
    return graphql_http(request, PAGES_SCHEMA)


# graphql-over-http: status codes and media type of GraphQL over HTTP ---------------------------

def _delete_book(_root, _args, _ctx):
    raise FieldError("Deleting is switched off in this exercise", "FORBIDDEN")


HTTP_SCHEMA = Schema({
    "Book": {"fields": {"id": {"type": "ID!"}, "title": {"type": "String!"}}},
    "Query": {"fields": {"book": {"type": "Book", "args": {"id": "ID!"}, "resolve": lambda _p, a, _c: _book(a["id"])}}},
    "Mutation": {"fields": {"deleteBook": {"type": "Boolean", "args": {"id": "ID!"}, "resolve": _delete_book}}},
})


def graphql_over_http(request):
    if request.path != "/ex/gql-http":
        return 404, {}, {"errors": [{"message": "not found"}]}
    return graphql_http(request, HTTP_SCHEMA)


# user-errors-payload: domain errors as data, in a payload type --------------------------------

_payload_books = {}
_payload_isbns = {}


def _create_with_payload(_root, args, _ctx):
    data = args["input"]
    title, isbn = data.get("title"), data.get("isbn")
    errors = []
    if not title or not title.strip():
        errors.append({"field": ["title"], "message": "Title must not be empty", "code": "TITLE_EMPTY"})
    with _lock:
        if isbn is not None and isbn in _payload_isbns:
            errors.append({"field": ["isbn"], "message": "A book with this ISBN exists", "code": "DUPLICATE_ISBN"})
        if errors:
            return {"book": None, "userErrors": errors}
        book = {"id": str(next(_ids)), "title": title, "isbn": isbn}
        _payload_books[book["id"]] = book
        if isbn is not None:
            _payload_isbns[isbn] = book["id"]
    return {"book": book, "userErrors": []}


PAYLOAD_SCHEMA = Schema({
    "Book": {"fields": {"id": {"type": "ID!"}, "title": {"type": "String!"}, "isbn": {"type": "String"}}},
    "UserError": {"fields": {"field": {"type": "[String!]"}, "message": {"type": "String!"},
                             "code": {"type": "String!"}}},
    "CreateBookPayload": {"fields": {"book": {"type": "Book"}, "userErrors": {"type": "[UserError!]!"}}},
    "Query": {"fields": {"book": {"type": "Book", "args": {"id": "ID!"},
                                  "resolve": lambda _p, a, _c: _payload_books.get(str(a["id"]))}}},
    "Mutation": {"fields": {"createBook": {"type": "CreateBookPayload!", "args": {"input": "CreateBookInput!"},
                                           "resolve": _create_with_payload}}},
})


def user_errors_payload(request):
    if request.path != "/ex/gql-payload":
        return 404, {}, {"errors": [{"message": "not found"}]}
    return graphql_http(request, PAYLOAD_SCHEMA)


# depth-limit: documents nested deeper than 8 levels never run ---------------------------------

def _books_of(author_id, first):
    rows = [dict(b) for b in BOOKS if author_id is None or b["authorId"] == author_id]
    return rows[: max(0, min(first, 100))]


GUARD_SCHEMA = Schema({
    "Author": {"fields": {
        "id": {"type": "ID!"},
        "name": {"type": "String!"},
        "books": {"type": "[Book!]!", "args": {"first": "Int"}, "defaults": {"first": 10},
                  "resolve": lambda a, args, _c: _books_of(a["id"], args["first"])},
    }},
    "Book": {"fields": {
        "id": {"type": "ID!"},
        "title": {"type": "String!"},
        "author": {"type": "Author!", "resolve": lambda b, _a, _c: _author(b["authorId"])},
    }},
    "Query": {"fields": {"books": {"type": "[Book!]!", "args": {"first": "Int"}, "defaults": {"first": 10},
                                   "resolve": lambda _p, args, _c: _books_of(None, args["first"])}}},
}, max_depth=8)


def depth_limit(request):
    if request.path != "/ex/gql-guard":
        return 404, {}, {"errors": [{"message": "not found"}]}
    return graphql_http(request, GUARD_SCHEMA)


EXERCISES = {
    "nullable-rating": nullable_rating,
    "fail-closed": fail_closed,
    "dataloader-batches": dataloader_batches,
    "relay-pagination": relay_pagination,
    "graphql-over-http": graphql_over_http,
    "user-errors-payload": user_errors_payload,
    "depth-limit": depth_limit,
}
