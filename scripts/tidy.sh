#!/usr/bin/env bash
# clang-tidy with the project's check set (.clang-tidy) over the build's compile_commands.json;
# fails on any finding.
#   scripts/tidy.sh            the files changed against the merge-base with main (or, on main
#                              itself, against the last commit), committed or not
#   scripts/tidy.sh BASE       the files changed against BASE (a commit, a branch)
#   scripts/tidy.sh --all      every translation unit of the build
# A changed header is checked through the translation units that include it.
# Environment: ATRIUM_BUILD_DIR (default build/, configured with CMAKE_EXPORT_COMPILE_COMMANDS=ON),
# ATRIUM_JOBS (default: nproc), CLANG_TIDY (default clang-tidy).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD=${ATRIUM_BUILD_DIR:-$ROOT/build}
JOBS=${ATRIUM_JOBS:-$(nproc)}
TIDY=${CLANG_TIDY:-clang-tidy}

# Nothing is left out: the whole tree is clean of the check set. (A pattern here would skip
# paths, e.g. generated code.)
EXCLUDE='^$'

command -v "$TIDY" >/dev/null || { echo "tidy: $TIDY not found (Debian package clang-tidy)" >&2; exit 1; }
DB="$BUILD/compile_commands.json"
[ -f "$DB" ] || { echo "tidy: no $DB; configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON" >&2; exit 1; }

# Every translation unit in the build, relative to the repository root.
units() {
    python3 - "$DB" "$ROOT" <<'EOF'
import json, os, sys
root = os.path.realpath(sys.argv[2])
seen = set()
for entry in json.load(open(sys.argv[1])):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    if path.startswith(root + "/") and path not in seen:
        seen.add(path)
        print(os.path.relpath(path, root))
EOF
}

mode=${1:-}
if [ "$mode" != "--all" ] && ! git rev-parse --git-dir >/dev/null 2>&1; then
    echo "tidy: not a git checkout, so nothing to compare with: checking everything"
    mode=--all
fi
if [ "$mode" = "--all" ]; then
    files=$(units | grep -Ev "$EXCLUDE" | sort)
else
    base=${1:-}
    if [ -z "$base" ]; then
        base=$(git merge-base HEAD main 2>/dev/null || true)
        if [ -z "$base" ] || [ "$base" = "$(git rev-parse HEAD)" ]; then base=$(git rev-parse HEAD~1 2>/dev/null || git rev-parse HEAD); fi
    fi
    changed=$( (git diff --name-only --diff-filter=d "$base" --; git ls-files --others --exclude-standard) | grep -E '\.(cpp|hpp)$' | sort -u || true)
    all=$(units)
    files=$(
        for f in $changed; do
            case "$f" in
                *.cpp) grep -qxF "$f" <<<"$all" && echo "$f" ;;
                *.hpp) # the units that include it: by its path under include/, or its name beside it
                    name=$(basename "$f")
                    grep -lE "#include [\"<](.*/)?$name[\">]" $all 2>/dev/null || true ;;
            esac
        done | grep -Ev "$EXCLUDE" | sort -u || true)
fi

# Layout first (cheap): the files themselves, headers included, as .clang-format has them.
if [ "$mode" = "--all" ]; then layout=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null || true); else layout=$changed; fi
if [ -n "$layout" ] && command -v clang-format >/dev/null; then
    if ! clang-format --dry-run --Werror $layout 2>/dev/null; then
        echo "tidy: not laid out as .clang-format says (run: clang-format -i FILE):" >&2
        clang-format --dry-run $layout 2>&1 | grep -oE '^[^:]+\.(cpp|hpp)' | sort -u >&2
        exit 1
    fi
fi
count=$(grep -c . <<<"$files" || true)
if [ "$count" -eq 0 ]; then echo "tidy: no files to check"; exit 0; fi
echo "tidy: $count files, $JOBS jobs"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s)
status=0
# --quiet drops clang-tidy's "N warnings generated" chatter; the findings themselves remain.
xargs -P "$JOBS" -n 1 "$TIDY" -p "$BUILD" --quiet --extra-arg=-Wno-unknown-warning-option <<<"$files" >"$out" 2>&1 || status=$?
findings=$(grep -cE '(warning|error): ' "$out" || true)
grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Error while processing|^Suppressed [0-9]+ warnings|^Use -header-filter|^Use -system-headers' "$out" || true
echo "tidy: $count files in $(($(date +%s) - start)) s, $findings findings"
[ "$status" -eq 0 ] && [ "$findings" -eq 0 ]
