#!/usr/bin/env bash
# Checks the release binary a learner runs (make tutor): it loads no shared library but the C
# library, libm and libgcc_s (Package.swift, releaseLinkerFlags), and its commands work on a fresh
# data folder: the path, a skill, a search, an exercise's SQL sandbox and a progress report.
# Usage: scripts/check-release.sh PATH-TO-BINARY
set -euo pipefail
binary=$(realpath "$1")
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache NO_COLOR=1 COLUMNS=80
unset BACKEND_TUTOR_CONTENT

fail() { echo "check-release: $*" >&2; exit 1; }

needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
expected=$(printf '%s\n' ld-linux-x86-64.so.2 libc.so.6 libgcc_s.so.1 libm.so.6 | sort | tr '\n' ' ')
case "$(uname -m)" in
  x86_64) [ "$needed" = "$expected" ] || fail "the binary loads ${needed% }; expected ${expected% } (is an archive missing from .build/static-libs?)" ;;
  *) echo "check-release: $(uname -m): not checking the shared libraries" >&2 ;;
esac
readelf -h "$binary" | grep -q 'Type:.*EXEC' || fail "the binary is position-independent; Package.swift links it with -no-pie"

# expect TEXT COMMAND...: the command exits 0 and prints TEXT
expect() {
  local text=$1 out
  shift
  out=$("$binary" --content "$PWD" "$@" 2>&1) || fail "'$*' exited $?: $out"
  grep -qF -- "$text" <<< "$out" || fail "'$*' did not print '$text': $out"
}
expect "0.1.0" --version
expect "HTTP fundamentals" learn backend --stack go
expect "Messages on the wire" next --no-pager
expect "2. " next --skip-exercises --no-pager
expect "Idempotency" skill rest-api-design --no-pager
expect "REST API best practices" search idempotency
expect "42" sql sql-databases -e "select 6 * 7"
expect "Streak" progress
# One lesson finished today: a streak of one day, and the next step is the skill's second lesson.
"$binary" --content "$PWD" progress --json |
  python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(not (r["streakDays"] == 1 and r["next"].startswith("HTTP fundamentals › 2.")))' ||
  fail "progress --json does not show the lesson finished: $("$binary" --content "$PWD" progress --json)"
echo "check-release: $(basename "$binary") loads ${needed% }; its commands work on a fresh folder"
