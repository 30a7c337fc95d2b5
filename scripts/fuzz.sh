#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz) under ASan and UBSan for a bounded time, two at a
# time, each from a scratch copy of its committed corpus (tests/fuzz/corpus/<target>, read
# only) so that a run never changes the repository. Fails on any finding and says where its
# reproducer is; add the reproducer to tests/fuzz/regressions/<target>/ so that
# fuzz_replay_tests keeps it fixed.
#   scripts/fuzz.sh BUILD_DIR [SECONDS]      (needs clang; ./atrium test calls it)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?build dir}
seconds=${2:-60}
out=${ATRIUM_OUT:-$PWD/out}/fuzz
targets=(venue command gltf packet)
rm -rf "$out" && mkdir -p "$out"

run_one() {  # target
    local t=$1 work="$out/$1"
    mkdir -p "$work/corpus" "$work/artifacts"
    cp -r "tests/fuzz/corpus/$t/." "$work/corpus/"
    [ -d "tests/fuzz/regressions/$t" ] && cp -r "tests/fuzz/regressions/$t/." "$work/corpus/"
    if "$build/bin/${t}_fuzz" "$work/corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 \
        -print_final_stats=1 -artifact_prefix="$work/artifacts/" >"$work/log.txt" 2>&1; then
        echo "$t: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log.txt" | grep -o '[0-9]*$') runs in ${seconds} s, no findings," \
             "corpus $(ls "tests/fuzz/corpus/$t" | wc -l) -> $(ls "$work/corpus" | wc -l) inputs"
    else
        echo "$t: FINDING; reproducer(s): $(ls "$work/artifacts"/* 2>/dev/null | tr '\n' ' ')" >&2
        grep -m1 -A25 "ERROR\|runtime error\|deadly signal\|out-of-memory\|timeout" "$work/log.txt" >&2 || tail -30 "$work/log.txt" >&2
        return 1
    fi
}

pids=() names=() failed=0
for t in "${targets[@]}"; do
    [ -x "$build/bin/${t}_fuzz" ] || { echo "$build/bin/${t}_fuzz is not built" >&2; exit 1; }
    run_one "$t" & pids+=($!) names+=("$t")
    if [ ${#pids[@]} -eq 2 ]; then
        for p in "${pids[@]}"; do wait "$p" || failed=1; done
        pids=()
    fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
exit $failed
