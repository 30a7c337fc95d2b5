// The venue and asset transfer on loopback, printing figures (never pass/fail):
//   1. the concert hall's transfer rate: the furnished hall (samples/concert_hall plus glTF
//      props from tests/data, furnished_hall.hpp) downloaded into an empty cache, at the
//      default pacing (ServerConfig::assetBytesPerTick) and with the pacing lifted (what
//      loopback ENet itself carries); and the shipped hall, whose only file is the venue file;
//   2. a second, cached join: the time from connect() to the transfer being Ready (the venue
//      file laid out in the cache, every file's hash checked), and to the venue loaded from it.
// Server and client run in one thread on the real clock, as fast as they can be updated.
// usage: asset_transfer_bench [--runs N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "atrium/core/log.hpp"
#include "atrium/net/asset_manifest.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/server.hpp"
#include "atrium/scene/venue_file.hpp"
#include "furnished_hall.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {

double seconds() {
    static const auto start = std::chrono::steady_clock::now();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Join {
    double readySeconds = -1.0;  // from connect() to Ready; negative if it failed
    std::uint64_t downloaded = 0;
    std::filesystem::path venueFile;
    std::string error;
};

Join join(Server& server, const std::filesystem::path& cache) {
    std::string token = mintJoinToken({"hall", 1, "bench", Role::Attendee, std::int64_t(std::time(nullptr)) + 600}, "bench-secret");
    Client client({.token = token, .venueCacheDir = cache});
    Join out;
    const double start = seconds();
    if (Status s = client.connect("127.0.0.1", server.port()); !s) {
        out.error = s.error().toString();
        return out;
    }
    while (seconds() - start < 60.0) {
        server.update(seconds());
        client.update(seconds());
        const AssetTransfer& t = client.assetTransfer();
        if (t.state == AssetTransfer::State::Ready) {
            out.readySeconds = seconds() - start;
            out.downloaded = t.downloadedBytes;
            out.venueFile = t.venueFile;
            break;
        }
        if (t.state == AssetTransfer::State::Failed) {
            out.error = t.error;
            break;
        }
    }
    if (out.readySeconds < 0 && out.error.empty()) out.error = "not ready within 60 s";
    client.leave();
    for (double until = seconds() + 0.1; seconds() < until;) {
        server.update(seconds());
        client.update(seconds());
    }
    return out;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

struct Hall {
    std::filesystem::path venueFile;
    World world;
    std::uint64_t bytes = 0;
    std::size_t files = 0;
};

Hall hall(const std::filesystem::path& venueFile) {
    Hall h{venueFile, loadVenue(venueFile).value()};
    Result<VenueAssets> assets = collectVenueAssets(venueFile);
    if (!assets) {
        std::fprintf(stderr, "%s\n", assets.error().toString().c_str());
        std::exit(1);
    }
    h.bytes = assets->manifest.totalBytes();
    h.files = assets->manifest.entries.size();
    return h;
}

// Fresh downloads of `h` at `bytesPerTick`: the median rate in MB/s (10^6 bytes).
void rate(Hall& h, const char* label, std::uint32_t bytesPerTick, int runs, const std::filesystem::path& scratch) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        Server server(h.world, {.venueId = "hall", .secret = "bench-secret", .venueFile = h.venueFile, .assetBytesPerTick = bytesPerTick});
        if (Status s = server.start(); !s) return void(std::fprintf(stderr, "%s\n", s.error().toString().c_str()));
        std::filesystem::remove_all(scratch);
        Join j = join(server, scratch);
        if (j.readySeconds < 0) return void(std::printf("  %s: failed: %s\n", label, j.error.c_str()));
        if (j.downloaded != h.bytes)
            std::printf("  %s: downloaded %llu of %llu bytes?\n", label, (unsigned long long)j.downloaded, (unsigned long long)h.bytes);
        times.push_back(j.readySeconds);
    }
    double t = median(times);
    std::printf("  %-44s %zu files, %8.2f MB in %7.3f s: %7.2f MB/s (median of %d)\n", label, h.files, double(h.bytes) / 1e6, t,
                double(h.bytes) / 1e6 / t, runs);
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 5;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[++i]));
    }
    setLogLevel(LogLevel::Warn);
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "atrium-asset-transfer-bench";
    Hall furnished = hall(test::furnishedConcertHall(dir / "venue"));
    Hall shipped = hall(std::filesystem::path(ATRIUM_SOURCE_DIR) / "samples/concert_hall/concert_hall.venue.json");

    std::printf("1. concert hall transfer on loopback, into an empty cache:\n");
    rate(furnished, "furnished hall, default pacing (32 KiB/tick)", 32 * 1024, runs, dir / "cache");
    rate(furnished, "furnished hall, pacing lifted (16 MiB/tick)", 16u << 20, runs, dir / "cache");
    rate(shipped, "shipped hall (the venue file only)", 32 * 1024, runs, dir / "cache");

    std::printf("2. a second join of the cached furnished hall (goal < 1 s):\n");
    Server server(furnished.world, {.venueId = "hall", .secret = "bench-secret", .venueFile = furnished.venueFile});
    if (Status s = server.start(); !s) return std::fprintf(stderr, "%s\n", s.error().toString().c_str()), 1;
    std::filesystem::remove_all(dir / "cache");
    Join first = join(server, dir / "cache");
    if (first.readySeconds < 0) return std::fprintf(stderr, "first join: %s\n", first.error.c_str()), 1;
    std::vector<double> ready, loaded;
    for (int i = 0; i < runs; ++i) {
        Join again = join(server, dir / "cache");
        if (again.readySeconds < 0 || again.downloaded != 0) {
            return std::fprintf(stderr, "cached join: %s, %llu bytes downloaded\n", again.error.c_str(), (unsigned long long)again.downloaded),
                   1;
        }
        const double t0 = seconds();
        Result<World> w = loadVenue(again.venueFile);
        if (!w) return std::fprintf(stderr, "%s\n", w.error().toString().c_str()), 1;
        ready.push_back(again.readySeconds);
        loaded.push_back(again.readySeconds + seconds() - t0);
    }
    std::printf("  connect to venue ready: %.3f s (0 bytes downloaded; first join %.3f s)\n", median(ready), first.readySeconds);
    std::printf("  connect to venue loaded from the cache: %.3f s (median of %d)\n", median(loaded), runs);
    std::filesystem::remove_all(dir);
    return 0;
}
