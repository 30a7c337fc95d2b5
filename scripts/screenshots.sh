#!/usr/bin/env bash
# Renders every sample venue (from its overview camera) and the editor layout into docs/.
# Rerun after changing a sample or the renderer:  scripts/screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}/bin
mkdir -p docs/samples
for venue in samples/*/*.venue.json assets/venues/*.venue.json; do
    name=$(basename "$venue" .venue.json)
    "$bin/atrium-render" "$venue" -o "docs/samples/$name.png" --size 960x540
done
"$bin/atrium-editor" --template concert_hall --screenshot docs/editor.png
