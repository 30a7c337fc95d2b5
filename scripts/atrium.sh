#!/usr/bin/env bash
set -euo pipefail
ROOT=$(pwd)
BUILD=${ATRIUM_BUILD_DIR:-$ROOT/build}
ASAN_BUILD=${ATRIUM_ASAN_BUILD_DIR:-$ROOT/build-asan}
FUZZ_BUILD=${ATRIUM_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
JOBS=${ATRIUM_JOBS:-$(nproc)}
OUT=${ATRIUM_OUT:-$ROOT/out}

say() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- dependencies
PACKAGES=(cmake ninja-build g++ pkg-config libglm-dev nlohmann-json3-dev libtinygltf-dev libstb-dev
          libbullet-dev libenet-dev libsodium-dev libssl-dev libgtest-dev libbenchmark-dev libopenal-dev libopus-dev
          libvulkan-dev glslc libglfw3-dev libimgui-dev fonts-dejavu-core
          libfreetype-dev libharfbuzz-dev fonts-noto-core fonts-noto-cjk gettext
          mesa-vulkan-drivers vulkan-validationlayers xvfb xauth x11-apps x11-utils clang-tidy
          clang libclang-rt-14-dev
          libavformat-dev libavcodec-dev libswscale-dev libswresample-dev ffmpeg libpoppler-cpp-dev
          libhiredis-dev libcpp-httplib-dev redis-server)

install_deps() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "Missing packages: ${missing[*]}" >&2
        echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    say "Installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ---------------------------------------------------------------- build
configure_and_build() {  # dir, extra cmake args...
    local dir=$1; shift
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        cmake -S "$ROOT" -B "$dir" -G Ninja "$@"
    fi
    cmake --build "$dir" -j "$JOBS"
}

build_main() {
    say "Building ($BUILD)"
    configure_and_build "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
}

# ---------------------------------------------------------------- display
# Tests and the editor need a window; without a display, start a private Xvfb.
XVFB_PID=""
ensure_display() {
    export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/atrium-xdg-$(id -u)}
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    if [ -n "${DISPLAY:-}" ] && xdpyinfo >/dev/null 2>&1; then return 0; fi
    command -v Xvfb >/dev/null || { echo "Xvfb not found" >&2; return 1; }
    local n
    for n in $(seq 90 120); do
        [ -e "/tmp/.X$n-lock" ] && continue
        Xvfb ":$n" -screen 0 1600x900x24 -nolisten tcp >/dev/null 2>&1 &
        XVFB_PID=$!
        export DISPLAY=":$n"
        for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && return 0; sleep 0.1; done
        kill "$XVFB_PID" 2>/dev/null || true
    done
    echo "could not start Xvfb" >&2
    return 1
}
cleanup() { [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true; }
trap cleanup EXIT

# ---------------------------------------------------------------- run
run_main() {
    install_deps
    build_main
    local venue="$ROOT/samples/concert_hall/concert_hall.venue.json"
    local plaza="$ROOT/samples/plaza/plaza.venue.json"
    local bin="$BUILD/bin"
    if [ -n "${DISPLAY:-}" ] && [ -x "$bin/atrium-editor" ] && [ -z "${ATRIUM_HEADLESS:-}" ]; then
        say "Opening the editor on $venue"
        if "$bin/atrium-editor" "$venue"; then return 0; fi
        say "The editor could not open a window; doing the headless run instead"
    fi
    mkdir -p "$OUT"
    say "Venue: $venue"
    "$bin/atrium-venue" "$venue"
    say "Rendering it to $OUT/concert_hall.png"
    "$bin/atrium-render" "$venue" -o "$OUT/concert_hall.png" --size 1280x720
    local port=$((20000 + RANDOM % 20000))
    export ATRIUM_SECRET=${ATRIUM_SECRET:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}
    say "Networked session: atrium-server on the plaza at 127.0.0.1:$port, 24 bots for 8 s"
    "$bin/atrium-server" "$plaza" --port "$port" --seconds 11 &
    local server=$!
    sleep 1
    "$bin/atrium-bots" --server "127.0.0.1:$port" --count 24 --seconds 8 --venue "$plaza"
    wait "$server"
    say "Done: $OUT/concert_hall.png and the session above"
}

# ---------------------------------------------------------------- test
run_tests() {
    install_deps
    build_main
    # The whole tree takes about 4 minutes on 2 cores (111 files), so by default only what this
    # branch changed is checked; ATRIUM_TIDY=all checks everything (scripts/tidy.sh --all).
    say "clang-tidy (.clang-tidy) on ${ATRIUM_TIDY:-the files changed against main}"
    ATRIUM_BUILD_DIR="$BUILD" ATRIUM_JOBS="$JOBS" scripts/tidy.sh $([ "${ATRIUM_TIDY:-}" = all ] && echo --all)
    say "Sanitizer build (address,undefined) of the non-rendering tests ($ASAN_BUILD)"
    configure_and_build "$ASAN_BUILD" -DCMAKE_BUILD_TYPE=Debug -DATRIUM_SANITIZE=address,undefined \
        -DATRIUM_BUILD_RENDER=OFF -DATRIUM_BUILD_BENCHMARKS=OFF
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    # Every test this build has: the renderer is off in it, so all of them are non-rendering
    # (unit, and the slow networked sessions, whose malformed-packet and crowd paths most
    # need the sanitizers).
    say "Non-rendering tests under AddressSanitizer and UndefinedBehaviorSanitizer"
    ctest --test-dir "$ASAN_BUILD" -L "unit|slow" --output-on-failure -j "$JOBS" --timeout 300
    # The libFuzzer targets (tests/fuzz) need clang; only they are built here, on the
    # libraries they reach (scene, assets, netsync), under the same sanitizers.
    say "libFuzzer targets under ASan/UBSan, ${ATRIUM_FUZZ_SECONDS:-60} s each ($FUZZ_BUILD)"
    if [ ! -f "$FUZZ_BUILD/CMakeCache.txt" ]; then
        CC=clang CXX=clang++ cmake -S "$ROOT" -B "$FUZZ_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DATRIUM_SANITIZE=address,undefined -DATRIUM_FUZZ=ON -DATRIUM_BUILD_RENDER=OFF -DATRIUM_BUILD_BENCHMARKS=OFF
    fi
    cmake --build "$FUZZ_BUILD" -j "$JOBS" --target venue_fuzz command_fuzz gltf_fuzz packet_fuzz
    scripts/fuzz.sh "$FUZZ_BUILD" "${ATRIUM_FUZZ_SECONDS:-60}"
    ensure_display
    export ATRIUM_VALIDATION=1
    say "Whole suite (unit, render, window, slow) with Vulkan validation on, DISPLAY=$DISPLAY"
    ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS" --timeout 600
}

case "${1:-}" in
    run) run_main ;;
    test) run_tests ;;
    deps) install_deps ;;
    *) echo "usage: ./atrium run | ./atrium test | ./atrium deps" >&2; exit 2 ;;
esac
