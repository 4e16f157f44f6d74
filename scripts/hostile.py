#!/usr/bin/env python3
"""Runs backend-tutor the way a hostile world would, and prints what happened as Markdown for
docs/RELIABILITY.md: concurrent writers, kills mid-write, corrupted databases, file-size limits,
hostile import files, fuzzed REPL lines and argument lists, and hostile search queries.

Usage: scripts/hostile.py BINARY [--seconds 60] [--seed 1]

A run fails (exit 1) when the tutor crashed (died of a signal), hung (passed its timeout), lost
a write it had acknowledged, left a database that fails SQLite's integrity check, deleted a file
it should have kept, or exited with a status the README does not name.
"""
import argparse, json, os, random, resource, shutil, signal, sqlite3, subprocess, sys, tempfile, time

EXITS = {0, 1, 64, 65, 69, 74, 130}
STACKS = ["node", "python", "java", "go", "rust"]


class Run:
    def __init__(self, binary, home, content):
        self.binary, self.home, self.content = binary, home, content
        self.env = {"HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "BACKEND_TUTOR_CONTENT": content}
        self.crashes, self.hangs, self.odd_exits, self.commands = [], [], [], 0

    def __call__(self, args, stdin=b"", timeout=30, env=None, limit=None):
        self.commands += 1
        def preexec():
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        try:
            result = subprocess.run([self.binary] + args, input=stdin, capture_output=True, timeout=timeout,
                                    env={**self.env, **(env or {})}, cwd=self.home, preexec_fn=preexec)
        except subprocess.TimeoutExpired:
            self.hangs.append(args[:4])
            return None
        if result.returncode < 0:
            self.crashes.append((args[:4], -result.returncode))
        elif result.returncode not in EXITS:
            self.odd_exits.append((args[:4], result.returncode))
        return result


def integrity(path):
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        connection.close()
        return rows == [("ok",)]
    except sqlite3.DatabaseError:
        return False


def count(path, sql, args=()):
    connection = sqlite3.connect(path, timeout=30)
    value = connection.execute(sql, args).fetchone()[0]
    connection.close()
    return value


def concurrent_writers(run, seconds, rng):
    """8 processes, each its own profile on one database, for `seconds`: every acknowledged
    stack change must be in the event log afterwards."""
    db = os.path.join(run.home, "shared.sqlite")
    acknowledged = {f"p{n}": 0 for n in range(8)}
    commands = failures = 0
    deadline = time.time() + seconds
    procs = []
    def start(profile):
        kind = rng.random()
        if kind < 0.6:
            args = ["stack", rng.choice(STACKS), "--profile", profile, "--db", db]
        elif kind < 0.8:
            args = ["progress", "--json", "--profile", profile, "--db", db]
        else:
            args = ["search", rng.choice(["idempotent", "cache", "token", "index", "retry"]), "--json"]
        return subprocess.Popen([run.binary] + args, env=run.env, cwd=run.home, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), profile, args
    for n in range(8):
        procs.append(start(f"p{n}"))
    while procs:
        still = []
        for proc, profile, args in procs:
            if proc.poll() is None:
                still.append((proc, profile, args))
                continue
            commands += 1
            if proc.returncode < 0:
                run.crashes.append((args[:2], -proc.returncode))
            elif proc.returncode != 0:
                failures += 1
            elif args[0] == "stack":
                acknowledged[profile] += 1
            if time.time() < deadline:
                still.append(start(profile))
        procs = still
        time.sleep(0.005)
    run.commands += commands
    lost = 0
    for profile, expected in acknowledged.items():
        stored = count(db, "SELECT count(*) FROM event JOIN profile ON profile.id = event.profileId WHERE profile.name = ? AND kind = 'stack'", (profile,))
        lost += max(0, expected - stored)
    return {"commands": commands, "failed": failures, "acknowledged writes": sum(acknowledged.values()), "lost": lost, "sound": integrity(db)}


def big_export(items, profile="k"):
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() - 3600))
    lessons = [f"lesson:sql-databases/{n % 8 + 1}" for n in range(items)]
    return json.dumps({"format": "backend-tutor-progress", "version": 1, "exportedAt": now, "profiles": [{
        "name": profile, "stack": "go", "createdAt": now, "currentItem": None,
        "items": [{"item": lesson, "status": "done", "updatedAt": now} for lesson in lessons[:8]],
        "events": [{"at": f"2026-01-01T00:{(n // 60000) % 60:02d}:{(n // 1000) % 60:02d}.{n % 1000:03d}Z", "kind": "opened", "item": lessons[n]} for n in range(items)],
    }]}).encode()


def kills(run, times, rng):
    """Kill the tutor at a random moment during writes, `times` times: every write acknowledged
    before the kill is still there, and the database always opens sound."""
    db = os.path.join(run.home, "killed.sqlite")
    export = os.path.join(run.home, "big.json")
    with open(export, "wb") as file:
        file.write(big_export(20000))
    run(["learn", "backend", "--stack", "go", "--from", "beginner", "--db", db])
    acknowledged = moved = unsound = 0
    for n in range(times):
        result = run(["stack", STACKS[n % 5], "--db", db])
        if result is not None and result.returncode == 0:
            acknowledged += 1
        args = rng.choice([["import", export, "--db", db], ["next", "--db", db], ["reset", "--all", "--yes", "--db", db]])
        proc = subprocess.Popen([run.binary] + args, env=run.env, cwd=run.home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = run(["progress", "--json", "--db", db])
        if after is not None and b"was not a usable progress database" in after.stderr:
            moved += 1
        if not integrity(db):
            unsound += 1
    stored = count(db, "SELECT count(*) FROM event WHERE kind = 'stack'")
    return {"kills": times, "acknowledged writes": acknowledged, "lost": max(0, acknowledged + 1 - stored), "moved aside": moved, "unsound": unsound}


def corruptions(run, rng):
    """Damage a database 12 ways: the tutor goes on, and keeps the damaged file aside."""
    base = os.path.join(run.home, "base.sqlite")
    run(["learn", "backend", "--stack", "python", "--from", "beginner", "--db", base])
    run(["next", "--db", base])
    def flip(path, start, length):
        data = bytearray(open(path, "rb").read())
        for offset in range(start, min(start + length, len(data))):
            data[offset] = rng.randrange(256)
        open(path, "wb").write(bytes(data))
    damages = {
        "empty file": lambda p: open(p, "wb").close(),
        "truncated to half": lambda p: os.truncate(p, os.path.getsize(p) // 2),
        "header zeroed": lambda p: open(p, "r+b").write(b"\0" * 100),
        "header garbled": lambda p: flip(p, 16, 40),
        "pages garbled": lambda p: [flip(p, offset, 300) for offset in range(4096, os.path.getsize(p), 8192)],
        "text file": lambda p: open(p, "w").write("not a database\n" * 100),
        "last page cut": lambda p: os.truncate(p, os.path.getsize(p) - 1000),
        "garbage WAL": lambda p: open(p + "-wal", "wb").write(os.urandom(8192)),
        "garbage shared memory": lambda p: open(p + "-shm", "wb").write(os.urandom(32768)),
        "newer schema": lambda p: sqlite3.connect(p).execute("PRAGMA user_version = 99").connection.commit(),
        "foreign database": lambda p: (os.remove(p), sqlite3.connect(p).execute("CREATE TABLE profile (x)").connection.commit()),
        "random bytes": lambda p: open(p, "wb").write(os.urandom(40960)),
    }
    outcomes = {"went on": 0, "refused, file unchanged": 0, "kept aside": 0, "lost a file": 0}
    lost = []
    for name, damage in damages.items():
        db = os.path.join(run.home, f"damaged-{abs(hash(name))}.sqlite")
        shutil.copy(base, db)
        damage(db)
        before = open(db, "rb").read()
        result = run(["progress", "--db", db])
        folder = os.listdir(run.home)
        kept = [f for f in folder if f.startswith(os.path.basename(db) + ".corrupt-") and not f.endswith(("-wal", "-shm"))]
        if result is None:
            continue
        if kept:
            outcomes["kept aside"] += 1
            if open(os.path.join(run.home, kept[0]), "rb").read() != before:
                outcomes["lost a file"] += 1
                lost.append(name)
        elif result.returncode == 0:
            outcomes["went on"] += 1
        elif open(db, "rb").read() == before:
            outcomes["refused, file unchanged"] += 1
        else:
            outcomes["lost a file"] += 1
            lost.append(name)
    outcomes["cases"] = len(damages)
    if lost:
        outcomes["changed"] = "/".join(lost)
    return outcomes


def limits(run, rng):
    """Writes that hit a file-size limit (a full disk, for one process): they fail with a clear
    message and roll back; the database stays sound."""
    db = os.path.join(run.home, "limited.sqlite")
    run(["learn", "backend", "--stack", "go", "--from", "beginner", "--db", db])
    export = os.path.join(run.home, "limit.json")
    with open(export, "wb") as file:
        file.write(big_export(20000, profile="limited"))
    failed_cleanly = unsound = 0
    cases = [size for size in (24_576, 65_536, 131_072, 262_144, 524_288, 1_048_576)] + [rng.randrange(40_000, 2_000_000) for _ in range(11)]
    for size in cases:
        result = run(["import", export, "--db", db], limit=size)
        if result is not None and (result.returncode == 0 or b"could not save progress" in result.stderr or b"cannot" in result.stderr):
            failed_cleanly += 1
        if not integrity(db):
            unsound += 1
    return {"cases": len(cases), "succeeded or failed with a message": failed_cleanly, "unsound": unsound}


def imports(run, rng):
    """62 hostile progress files: each is refused (65) with nothing written, or taken."""
    db = os.path.join(run.home, "imports.sqlite")
    run(["learn", "backend", "--stack", "go", "--from", "beginner", "--db", db])
    valid = json.loads(big_export(3))
    cases = []
    def variant(change):
        copy = json.loads(json.dumps(valid))
        change(copy)
        return json.dumps(copy).encode()
    profile = lambda d: d["profiles"][0]
    cases += [b"", b"{", b"[]", b"null", b"\xff\xfe", b"{" * 100000, json.dumps({"a": 1}).encode(), os.urandom(4096)]
    cases += [variant(lambda d: d.update(format="other")), variant(lambda d: d.update(version=99)), variant(lambda d: d.pop("profiles"))]
    cases += [variant(lambda d, v=v: profile(d).update(name=v)) for v in ["", "a" * 1_000_000, "\u001b[2J", "tab\tname", "\u202eevil", None, 5]]
    cases += [variant(lambda d, v=v: profile(d).update(createdAt=v)) for v in ["9999-01-01T00:00:00.000Z", "1970-01-01T00:00:00.000Z", "yesterday", 0]]
    cases += [variant(lambda d, v=v: profile(d)["items"].append({"item": v, "status": "done", "updatedAt": "2026-01-01T00:00:00.000Z"}))
              for v in ["lesson:ghost/1", "lesson:sql-databases/99", "homework", "project:nope", "milestone:todo-api/99", "skill:", "lesson:sql-databases/-1", "x" * 10000]]
    cases += [variant(lambda d, v=v: profile(d)["items"].append({"item": "skill:sql-databases", "status": v, "updatedAt": "2026-01-01T00:00:00.000Z"})) for v in ["finished-ish", "", None]]
    cases += [variant(lambda d, v=v: profile(d)["events"].append({"at": "2026-01-01T00:00:00.000Z", "kind": "opened", "item": v})) for v in ["stack:cobol", "level:wizard", "??", ""]]
    cases += [variant(lambda d, v=v: profile(d)["events"].append({"at": "2026-01-01T00:00:00.000Z", "kind": v, "item": "skill:sql-databases"})) for v in ["exploded", "", 3]]
    cases += [variant(lambda d, v=v: profile(d)["events"].append({"at": "2026-01-01T00:00:00.000Z", "kind": "opened", "item": "skill:sql-databases", "detail": v})) for v in ["x" * 100000, "\u009b31m"]]
    cases += [variant(lambda d, v=v: profile(d).update(cards=[{"skill": "sql-databases", "questionId": "q1", "card": v}]))
              for v in [{}, {"state": 9, "due": "2026-01-01T00:00:00.000Z"}, {"state": 2, "stability": -1, "difficulty": 5, "due": "2026-01-01T00:00:00.000Z"}, {"state": 2, "difficulty": 99, "due": "2026-01-01T00:00:00.000Z"}]]
    cases += [variant(lambda d, v=v: profile(d).update(reviews=[{"skill": "sql-databases", "questionId": "q1", "rating": 3, "correct": True, "reviewedAt": "2026-01-01T00:00:00.000Z", "source": "quiz", **v}]))
              for v in [{"rating": 7}, {"source": "guess"}, {"elapsedSeconds": -5}, {"skill": "ghost"}, {"questionId": "Bad Id"}, {"reviewedAt": "3000-01-01T00:00:00.000Z"}]]
    cases += [variant(lambda d: d["profiles"].append(json.loads(json.dumps(profile(d)))))]
    cases += [variant(lambda d, n=n: d.update(profiles=[dict(profile(d), name=f"p{i}") for i in range(n)])) for n in (0, 50)]
    while len(cases) < 62:
        blob = bytearray(json.dumps(valid).encode())
        for _ in range(rng.randrange(1, 8)):
            blob[rng.randrange(len(blob))] = rng.randrange(256)
        cases.append(bytes(blob))
    refused = taken = wrote_when_refused = 0
    for n, data in enumerate(cases[:62]):
        path = os.path.join(run.home, f"import-{n}.json")
        open(path, "wb").write(data)
        before = count(db, "SELECT count(*) FROM event")
        result = run(["import", path, "--db", db])
        if result is None:
            continue
        if result.returncode == 0:
            taken += 1
        elif result.returncode == 65:
            refused += 1
            if count(db, "SELECT count(*) FROM event") != before:
                wrote_when_refused += 1
    return {"files": 62, "refused (65)": refused, "taken": taken, "written although refused": wrote_when_refused}


def random_line(rng):
    words = ["/learn", "/next", "/skill", "/quiz", "/search", "/open", "/goto", "/compare", "/projects", "/reset", "/help", "/stack",
             "--json", "--db", "--content", "--profile", "--all", "--yes", "backend", "sql-databases", "1", "-1", "999999999999",
             "'", '"', "\\", "\u001b[2J", "\u009b", "\u202e", "日本", "💥", "\t", "%s%n", "$(reboot)", "`id`", "/", "//", "--", "-"]
    if rng.random() < 0.1:
        points = (rng.randrange(1, 0x2FFFF) for _ in range(rng.randrange(0, 200)))
        return "".join(chr(p) for p in points if not 0xD800 <= p <= 0xDFFF)
    return " ".join(rng.choice(words) for _ in range(rng.randrange(0, 12)))


def repl_lines(run, total, rng):
    db = os.path.join(run.home, "repl.sqlite")
    run(["learn", "backend", "--stack", "go", "--from", "beginner", "--db", db])
    sent = 0
    while sent < total:
        batch = [random_line(rng) for _ in range(min(1000, total - sent))]
        data = "\n".join(line.replace("\n", " ") for line in batch).encode("utf-8", "surrogatepass") + b"\n"
        run(["--db", db, "--no-pager"], stdin=data, timeout=300)
        sent += len(batch)
    return {"lines": sent, "sound": integrity(db)}


def argument_lists(run, total, rng):
    db = os.path.join(run.home, "args.sqlite")
    for _ in range(total):
        args = [w for w in random_line(rng).split(" ") if "\0" not in w][:20]
        run(args + ["--db", db], timeout=30)
    return {"argument lists": total}


def queries(run, total, rng):
    parts = ['"', "'", "*", "^", "NEAR(", ")", "(", "AND", "OR", "NOT", "-", ":", "idempotent", "cache", "title:", "{", "}", "über", "日本", "\\", "%", "_", "NEAR/2"]
    slowest = 0.0
    for _ in range(total):
        query = " ".join(rng.choice(parts) for _ in range(rng.randrange(1, 10)))
        start = time.time()
        run(["search", query, "--json"], timeout=30)
        slowest = max(slowest, time.time() - start)
    return {"queries": total, "slowest (s)": round(slowest, 3)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    content = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    home = tempfile.mkdtemp(prefix="hostile-")
    run = Run(os.path.abspath(options.binary), home, content)
    run(["search", "warm", "--json"])
    sections = [
        ("Concurrent writers: 8 processes, one database", lambda: concurrent_writers(run, options.seconds, rng)),
        ("SIGKILL during writes", lambda: kills(run, 200, rng)),
        ("Corrupted databases", lambda: corruptions(run, rng)),
        ("Writes past a file-size limit", lambda: limits(run, rng)),
        ("Hostile import files", lambda: imports(run, rng)),
        ("Fuzzed REPL lines", lambda: repl_lines(run, 40_200, rng)),
        ("Fuzzed argument lists", lambda: argument_lists(run, 3_050, rng)),
        ("FTS5-style search queries", lambda: queries(run, 1_500, rng)),
    ]
    print("| part | figures | seconds |\n| --- | --- | ---: |")
    failed = False
    for title, part in sections:
        start = time.time()
        figures = part()
        print(f"| {title} | {', '.join(f'{k}: {v}' for k, v in figures.items())} | {time.time() - start:.0f} |", flush=True)
        failed |= bool(figures.get("lost") or figures.get("unsound") or figures.get("lost a file") or figures.get("written although refused"))
        failed |= figures.get("sound") is False
    print(f"\nCommands run: {run.commands}. Crashes (died of a signal): {len(run.crashes)}. Hangs: {len(run.hangs)}. "
          f"Exit statuses the README does not name: {len(run.odd_exits)}.")
    for what, items in (("crash", run.crashes), ("hang", run.hangs), ("odd exit", run.odd_exits)):
        for item in items[:5]:
            print(f"- {what}: {item!r}")
    shutil.rmtree(home, ignore_errors=True)
    sys.exit(1 if failed or run.crashes or run.hangs or run.odd_exits else 0)


if __name__ == "__main__":
    main()
