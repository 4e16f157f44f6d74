#!/usr/bin/env bash
# Cohort mode at scale: 100, then 1,000 learners with 300 events each syncing into one
# PostgreSQL server on loopback (8 learners at a time, each a process of its own, as machines
# would be), and the teacher's report over them. Writes its own block of docs/BENCHMARKS.md,
# after scripts/bench.sh has written the rest.
# Usage: scripts/bench-cohort.sh PATH-TO-backend-tutor PATH-TO-backend-tutor-cohort
set -euo pipefail
tutor=$(realpath "$1")
cohort=$(realpath "$2")
root=$(pwd)
parallel=8
events_each=300
# Cohort sizes, run one after the other on one server (each with learners of its own).
sizes=${COHORT_BENCH_SIZES:-"100 1000"}
total=0
for size in $sizes; do total=$((total + size)); done

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "bench-cohort: no PostgreSQL server; make bench installs the postgresql package" >&2; exit 1; }
work=$(mktemp -d /tmp/tutor-cohort-bench-XXXXXX)
chmod 755 "$work"
mkdir "$work/pg"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi }
[ "$(id -u)" -eq 0 ] && chown postgres: "$work/pg" && chmod 700 "$work/pg"
port=$(python3 - <<'PY'
import random, socket
for _ in range(100):
    port = random.randrange(20000, 40000)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            print(port)
            break
        except OSError:
            pass
PY
)
stop() {
  as_owner "$bindir/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
admin_password=bench-admin-pw
learner_password=bench-learner-pw
echo "$admin_password" > "$work/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres: "$work/pwfile"
as_owner "$bindir/initdb" -D "$work/pg/data" -U tutor_admin --pwfile="$work/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C >/dev/null
as_owner "$bindir/pg_ctl" -D "$work/pg/data" -w -t 30 -l "$work/pg/server.log" \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $work/pg -c max_connections=50" start >/dev/null

export PGHOST=127.0.0.1 PGPORT=$port PGDATABASE=tutor
export HOME="$work" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state"
PGPASSWORD=$admin_password psql -X -q -U tutor_admin -d postgres -c "CREATE DATABASE tutor"
PGPASSWORD=$admin_password PGUSER=tutor_admin "$cohort" setup --content "$root" >/dev/null
python3 - "$learner_password" "$total" > "$work/roles.sql" <<'PY'
import sys
password, total = sys.argv[1], int(sys.argv[2])
print(f"CREATE ROLE bench_teacher LOGIN PASSWORD '{password}' IN ROLE tutor_teacher;")
for i in range(total):
    print(f"CREATE ROLE learner_{i:04d} LOGIN PASSWORD '{password}' IN ROLE tutor_learner;")
PY
PGPASSWORD=$admin_password psql -X -q -U tutor_admin -f "$work/roles.sql"

# Every learner's progress: 150 lessons of the shipped curriculum, each opened and finished
# (300 events) with its status, over the last weeks, imported into a database of its own.
for slug in $(ls Skills); do "$tutor" skill "$slug" --json --content "$root" > "$work/skill-$slug.json"; done
python3 - "$work" "$events_each" "$total" <<'PY'
import datetime, glob, json, os, sys
work, events_each, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lessons = []
for path in sorted(glob.glob(os.path.join(work, "skill-*.json"))):
    skill = json.load(open(path))
    lessons += [f"lesson:{skill['slug']}/{n}" for n in range(1, len(skill["lessons"]) + 1)]
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.000Z")
os.makedirs(os.path.join(work, "exports"))
for i in range(total):
    start = now - datetime.timedelta(days=30, minutes=i)
    chosen = [lessons[(i * 7 + k) % len(lessons)] for k in range(events_each // 2)]
    events, items = [], []
    for k, lesson in enumerate(chosen):
        opened = start + datetime.timedelta(hours=4 * k)
        done = opened + datetime.timedelta(minutes=20)
        events += [{"at": stamp(opened), "kind": "opened", "item": lesson}, {"at": stamp(done), "kind": "finished", "item": lesson}]
        items.append({"item": lesson, "status": "done", "updatedAt": stamp(done)})
    export = {"format": "backend-tutor-progress", "version": 1, "exportedAt": stamp(now), "profiles": [
        {"name": "default", "stack": "python", "createdAt": stamp(start), "items": items, "events": events}]}
    json.dump(export, open(os.path.join(work, "exports", f"learner_{i:04d}.json"), "w"))
PY
mkdir -p "$work/machines"
seq -f "%04g" 0 $((total - 1)) | xargs -P 2 -I{} "$tutor" import "$work/exports/learner_{}.json" --db "$work/machines/learner_{}.sqlite" --content "$root" >/dev/null

now() { date +%s.%N; }
results="$work/results"
: > "$results"
offset=0
for size in $sizes; do
  code=$(PGUSER=bench_teacher PGPASSWORD=$learner_password "$cohort" create "Bench $size" --json --content "$root" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])')
  # The first `size` learners not used yet join and sync, `parallel` at a time.
  started=$(now)
  seq -f "%04g" "$offset" $((offset + size - 1)) | xargs -P "$parallel" -I{} env PGUSER=learner_{} PGPASSWORD=$learner_password \
    "$cohort" join "$code" --db "$work/machines/learner_{}.sqlite" --content "$root" >/dev/null
  ended=$(now)
  records=$(PGPASSWORD=$admin_password psql -X -A -t -U tutor_admin -c \
    "SELECT count(*) FROM tutor.records r JOIN tutor.members m ON m.learner = r.learner JOIN tutor.cohorts c ON c.id = m.cohort_id WHERE c.join_code = '$code'")
  # The report, three times; the median.
  times=()
  for run in 1 2 3; do
    a=$(now)
    PGUSER=bench_teacher PGPASSWORD=$learner_password "$cohort" report "$code" --json --content "$root" > "$work/report-$size.json"
    b=$(now)
    times+=("$(python3 -c "print($b - $a)")")
  done
  peak=$( { /usr/bin/time -f "%M" env PGUSER=bench_teacher PGPASSWORD=$learner_password "$cohort" report "$code" --json --content "$root" >/dev/null; } 2>&1 | tail -1)
  learners=$(python3 -c "import json; print(len(json.load(open('$work/report-$size.json'))['learners']))")
  echo "$size $started $ended $records $learners ${times[*]} $peak" >> "$results"
  offset=$((offset + size))
done
table_size=$(PGPASSWORD=$admin_password psql -X -A -t -U tutor_admin -c "SELECT pg_size_pretty(pg_total_relation_size('tutor.records'))")

python3 - "$results" "$parallel" "$events_each" "$table_size" "$(nproc)" "$("$tutor" --version)" "$(stat -c %s "$tutor")" "$(stat -c %s "$cohort")" <<'PY' > "$work/block.md"
import statistics, sys
results, parallel, events_each, table_size, cores, version = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
tutor_size, cohort_size = int(sys.argv[7]) / 2**20, int(sys.argv[8]) / 2**20
# Measured by hand (see the table's words): minutes:seconds.
BUILD_COSTS = [
    ("debug (`swift build`)", "2:52", "10:09"),
    ("release (`make build`)", "6:26", "14:11 (4:13 the tutor, 9:59 the cohort program)"),
]
rows = []
for line in open(results):
    f = line.split()
    size, started, ended, records, learners = int(f[0]), float(f[1]), float(f[2]), int(f[3]), int(f[4])
    report = statistics.median(float(x) for x in f[5:8])
    rows.append((size, ended - started, records, learners, report, int(f[8]) / 1024))
print("<!-- cohort:begin (scripts/bench-cohort.sh writes this block) -->")
print("## Cohort mode\n")
print(f"`scripts/bench-cohort.sh` (run by `make bench`) starts a throwaway PostgreSQL server on loopback, then")
print(f"{rows[0][0]:,} and later {rows[-1][0]:,} more learners, each with {events_each} events (150 lessons opened and finished, with")
print(f"their statuses) in a progress database of its own, run `backend-tutor-cohort join CODE`, which joins")
print(f"and syncs, {parallel} learners at a time: each is a process of its own, start-up and connection included, as")
print(f"separate machines would be. The report is the teacher's `cohort report --json`, median of 3 runs.")
print(f"{cores} cores, backend-tutor {version}, release build.\n")
print("| learners | records on the server | sync, all learners | events/s | records/s | report | report peak memory |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for size, seconds, records, learners, report, peak in rows:
    print(f"| {size:,} | {records:,} | {seconds:.1f} s | {size * events_each / seconds:,.0f} | {records / seconds:,.0f} | {report * 1000:,.0f} ms | {peak:.1f} MiB |")
(s1, t1, r1, _, p1, m1), (s2, t2, r2, _, p2, m2) = rows[0], rows[-1]
print()
print(f"From {s1:,} to {s2:,} learners ({s2 // s1}×) the sync's throughput went from {s1 * events_each / t1:,.0f} to "
      f"{s2 * events_each / t2:,.0f} events/s")
print("(each learner's sync costs the same whatever the cohort's size), and the report's time grew")
print(f"{p2 / p1:.1f}× ({p1 * 1000:,.0f} ms to {p2 * 1000:,.0f} ms): it reads every record of the cohort, one JSON array per")
print("learner, and folds each learner's into a store in memory, a learner per core, so it grows with the")
print(f"records, linearly: {p2 / s2 * 1000:.1f} ms a learner of {events_each} events at {s2:,}. `tutor.records` holds {table_size} after both runs.\n")
print("### What postgres-nio costs the build\n")
print("Clean builds of the whole package on this machine kind (2 cores), measured by hand before cohort mode")
print("and after it brought postgres-nio 1.33.2 (with swift-nio, swift-nio-ssl's BoringSSL, swift-crypto and")
print("the rest): debug is `swift build`, release is `make build` (`--static-swift-stdlib`, both programs after).\n")
print("| clean build | before | after |")
print("| --- | ---: | ---: |")
for name, before, after in BUILD_COSTS:
    print(f"| {name} | {before} | {after} |")
print()
print(f"The release binaries: `backend-tutor` {tutor_size:.1f} MiB, `backend-tutor-cohort` {cohort_size:.1f} MiB. The tutor")
print("links none of NIO, BoringSSL or postgres-nio (`nm` finds no NIO symbol in it), so its start-up and")
print("instruction counts above are unchanged by cohort mode; only `cohort` commands and the sync started")
print("after a command in a cohort pay for the second program.\n")
print("<!-- cohort:end -->")
PY

python3 - "$work/block.md" docs/BENCHMARKS.md <<'PY'
import re, sys
block = open(sys.argv[1]).read()
path = sys.argv[2]
text = open(path).read()
pattern = re.compile(r"<!-- cohort:begin.*?<!-- cohort:end -->\n", re.S)
text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
open(path, "w").write(text)
PY
echo "wrote the cohort block of docs/BENCHMARKS.md" >&2
