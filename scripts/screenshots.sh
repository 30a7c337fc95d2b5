#!/usr/bin/env bash
# Regenerates docs/samples/*.png from what the samples render today: each sample executable
# runs headless for a few seconds of its own behaviour (slides, portals, the pile falling, the
# plaza's bots) and writes its overview camera's view; the plain venues in assets/venues are
# drawn with atrium-render; the editor layout goes to docs/editor.png.
# Rerun after changing a sample or the renderer:  scripts/screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}/bin
mkdir -p docs/samples
size=960x540
declare -A frames=([concert_hall]=200 [expo]=30 [physics_playground]=240 [plaza]=240)
for dir in samples/*/; do
    name=$(basename "$dir")
    [ -f "$dir/$name.venue.json" ] || continue
    exe="$bin/atrium-sample-${name//_/-}"
    if [ -x "$exe" ]; then
        "$exe" --headless --frames "${frames[$name]:-120}" --size "$size" --screenshot "docs/samples/$name.png"
    else
        echo "$exe is not built; drawing the bare venue instead" >&2
        "$bin/atrium-render" "$dir/$name.venue.json" -o "docs/samples/$name.png" --size "$size"
    fi
done
for venue in assets/venues/*.venue.json; do
    "$bin/atrium-render" "$venue" -o "docs/samples/$(basename "$venue" .venue.json).png" --size "$size"
done
# The editor: its real window when a display is present (xvfb-run supplies one if installed),
# otherwise the offscreen composite of the same layout.
editor_args=(--template concert_hall --select Stalls)
# The same hall with Chinese names, in the Chinese UI catalogue.
zh_args=(samples/concert_hall/concert_hall_zh.venue.json --lang zh_CN --select 池座)
if [ -x "$bin/atrium-editor" ]; then
    if [ -n "${DISPLAY:-}" ]; then
        "$bin/atrium-editor" "${editor_args[@]}" --frames 30 --capture docs/editor.png
        "$bin/atrium-editor" "${zh_args[@]}" --frames 30 --capture docs/editor_zh.png
    elif command -v xvfb-run >/dev/null; then
        xvfb-run -a -s "-screen 0 1600x900x24" "$bin/atrium-editor" "${editor_args[@]}" --frames 30 --capture docs/editor.png
        xvfb-run -a -s "-screen 0 1600x900x24" "$bin/atrium-editor" "${zh_args[@]}" --frames 30 --capture docs/editor_zh.png
    else
        "$bin/atrium-editor" "${editor_args[@]}" --screenshot docs/editor.png
    fi
fi
# atrium-join in the concert hall full of people: a server, 60 bots walking and sitting, and
# one attendee who walks down the aisle, waves and writes a frame.
if [ -x "$bin/atrium-join" ] && [ -x "$bin/atrium-server" ] && [ -x "$bin/atrium-bots" ]; then
    hall=samples/concert_hall/concert_hall.venue.json
    port=$((20000 + RANDOM % 20000))
    export ATRIUM_SECRET=${ATRIUM_SECRET:-screenshots-$RANDOM}
    "$bin/atrium-server" "$hall" --port "$port" --seconds 40 >/dev/null 2>&1 &
    server=$!
    sleep 1
    "$bin/atrium-bots" --server "127.0.0.1:$port" --count 60 --seconds 35 --venue "$hall" >/dev/null 2>&1 &
    bots=$!
    script=$(mktemp)
    printf 'wait 8\nwalk 0 1 4\nemote wave\nwait 1\n' >"$script"
    link=$("$bin/atrium-server" token --user 1 --name You --venue-id concert_hall --link "127.0.0.1:$port")
    "$bin/atrium-join" "$link" --venue "$hall" --headless --seconds 30 --script "$script" --png docs/attend.png --size 1280x720
    rm -f "$script"
    kill "$bots" "$server" 2>/dev/null || true
    wait 2>/dev/null || true
fi
