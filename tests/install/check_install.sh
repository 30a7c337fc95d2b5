#!/usr/bin/env bash
# usage: check_install.sh BUILD_DIR CONSUMER_SRC WORK_DIR VENUE
set -euo pipefail
build=$1 consumer=$2 work=$3 venue=$4
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S "$consumer" -B "$work/build" "${gen[@]}" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release
cmake --build "$work/build"
"$work/build/consumer" "$venue"
