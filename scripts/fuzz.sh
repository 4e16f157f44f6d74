#!/usr/bin/env bash
# Builds tutor-fuzz with libFuzzer and runs each target for SECONDS seconds, from a seed corpus
# made of the shipped curriculum. Exits non-zero on any finding; the input that crashed is kept
# in .build-fuzz/findings/ and replays with: TUTOR_FUZZ_TARGET=NAME .build/debug/tutor-fuzz FILE
# Usage: scripts/fuzz.sh SECONDS
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")/.."
swift build --product tutor-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING >&2
binary=.build-fuzz/debug/tutor-fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
findings=.build-fuzz/findings
mkdir -p "$findings"

# Seeds: the curriculum's Markdown in lesson-sized pieces, its front matter and YAML files,
# command lines, and a progress file. Inputs stay under 8 KB, so each run is quick.
mkdir -p "$work/markdown" "$work/content" "$work/grammar" "$work/import"
python3 - "$work" Skills/*/SKILL.md Skills/*/quiz.yml Content/*/*.md Content/facts/*.yml <<'PY'
import sys, os
work, files = sys.argv[1], sys.argv[2:]
n = 0
for path in files:
    if not os.path.isfile(path):
        continue
    text = open(path, encoding="utf-8").read()
    n += 1
    if path.endswith(".md"):
        head = text.split("\n## ")[0]
        open(f"{work}/content/{n}.md", "w").write(head[:8192])
        for i, section in enumerate(text.split("\n## ")[1:]):
            open(f"{work}/markdown/{n}-{i}.md", "w").write(("## " + section)[:8192])
    else:
        open(f"{work}/content/{n}.yml", "w").write(text[:8192])
PY
n=0
while IFS= read -r line; do n=$((n + 1)); printf '%s' "$line" > "$work/grammar/$n"; done <<'LINES'
/learn backend --stack python --from intermediate
/skill rest-api-design --json --no-color
/goto sql-databases "joins and subqueries"
/projects check todo-api 2 --undo
/compare node python java go --diff
/search "idempotent retries" \'quoted\' c\ d
/reset --all --yes --db /tmp/p.sqlite --profile ada
/quiz http-fundamentals --count 50
/help skill
--version
LINES
cat > "$work/import/1.json" <<'JSON'
{"format": "backend-tutor-progress", "version": 1, "exportedAt": "2026-12-01T00:00:00.000Z", "profiles": [{"name": "ada", "stack": "go", "createdAt": "2026-01-01T00:00:00.000Z", "currentItem": "lesson:sql-databases/2",
 "items": [{"item": "lesson:sql-databases/1", "status": "done", "updatedAt": "2026-11-30T10:00:00.000Z"}, {"item": "milestone:todo-api/2", "status": "done", "updatedAt": "2026-11-30T10:00:00.000Z"}],
 "events": [{"at": "2026-11-30T10:00:00.000Z", "kind": "finished", "item": "lesson:sql-databases/1"}, {"at": "2026-11-01T10:00:00.000Z", "kind": "stack", "item": "stack:go"}],
 "cards": [{"skill": "sql-databases", "questionId": "q1", "card": {"state": 2, "step": null, "stability": 3.2, "difficulty": 5.1, "due": "2026-12-04T10:00:00.000Z", "lastReview": "2026-11-30T10:00:00.000Z"}}],
 "reviews": [{"skill": "sql-databases", "questionId": "q1", "rating": 3, "correct": true, "reviewedAt": "2026-11-30T10:00:00.000Z", "elapsedSeconds": 4.5, "source": "quiz"}]}]}
JSON

status=0
for target in markdown grammar content import; do
  echo "fuzzing $target for $seconds s ..." >&2
  if ! TUTOR_FUZZ_TARGET=$target "$binary" "$work/$target" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$findings/$target-" -print_final_stats=1 > "$work/$target.log" 2>&1; then
    echo "fuzz target $target found a problem; the input is in $findings/:" >&2
    tail -40 "$work/$target.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added" "$work/$target.log" | sed "s/^/$target: /" >&2
  fi
done
exit $status
