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
if [ -x "$bin/atrium-editor" ]; then
    if [ -n "${DISPLAY:-}" ]; then
        "$bin/atrium-editor" "${editor_args[@]}" --frames 30 --capture docs/editor.png
    elif command -v xvfb-run >/dev/null; then
        xvfb-run -a -s "-screen 0 1600x900x24" "$bin/atrium-editor" "${editor_args[@]}" --frames 30 --capture docs/editor.png
    else
        "$bin/atrium-editor" "${editor_args[@]}" --screenshot docs/editor.png
    fi
fi
