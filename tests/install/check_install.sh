#!/usr/bin/env bash
# usage: check_install.sh BUILD_DIR CONSUMER_SRC WORK_DIR VENUE [SAMPLES_DIR]
# Installs the SDK into WORK_DIR/prefix and builds and runs apps against it with
# find_package(Atrium): the consumer check, and with SAMPLES_DIR (when the renderer is
# installed) samples/embed_minimal, drawing VENUE into a PNG, and samples/embed_client, joined
# to the installed atrium-server on VENUE with two installed atrium-bots to see.
set -euo pipefail
build=$1 consumer=$2 work=$3 venue=$4 samples=${5:-}
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
build_app() {  # SOURCE_DIR NAME
    cmake -S "$1" -B "$work/$2" "${gen[@]}" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$work/$2"
}
build_app "$consumer" build
"$work/build/consumer" "$venue"

[ -n "$samples" ] || exit 0
if ! find "$work/prefix" -name 'libatrium_runtime.a' | grep -q .; then
    echo "the SDK was built without the renderer: embed_minimal and embed_client skipped"
    exit 0
fi
export ATRIUM_VALIDATION=1
build_app "$samples/embed_minimal" embed_minimal
"$work/embed_minimal/embed_minimal" "$venue" --png "$work/minimal.png"
test -s "$work/minimal.png"

build_app "$samples/embed_client" embed_client
export ATRIUM_SECRET=install-test-secret
server_pid= bots_pid=
trap 'kill $server_pid $bots_pid 2>/dev/null || true' EXIT
"$work/prefix/bin/atrium-server" "$venue" --port 0 --seconds 120 >"$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's/.* on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/server.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log"; exit 1; }
venue_id=$(basename "$venue")
venue_id=${venue_id%%.*}
"$work/prefix/bin/atrium-bots" --server "127.0.0.1:$port" --count 2 --seconds 30 --venue "$venue" >"$work/bots.log" 2>&1 &
bots_pid=$!
token=$("$work/prefix/bin/atrium-server" token --user 7 --name embedder --venue-id "$venue_id")
"$work/embed_client/embed_client" "127.0.0.1:$port" "$token" --headless --seconds 4 --png "$work/client.png" | tee "$work/client.log"
grep -q "sees 2 other avatar(s)" "$work/client.log"
grep -q "bot-0 at" "$work/client.log"
grep -q "bot-1 at" "$work/client.log"
test -s "$work/client.png"
echo "install check passed: consumer, embed_minimal and embed_client built and ran against $work/prefix"
