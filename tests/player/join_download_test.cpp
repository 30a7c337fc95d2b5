// atrium-server and atrium-join as a host and a guest run them, on 127.0.0.1: the guest joins
// by link with no --venue, the furnished concert hall and its models come from the server, and
// a second join finds them all in the cache.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "atrium/net/asset_manifest.hpp"
#include "furnished_hall.hpp"
#include "run_command.hpp"

TEST(JoinDownload, AJoinByLinkDownloadsTheVenueAndItsAssetsAndTheSecondComesFromTheCache) {
    const auto dir = std::filesystem::temp_directory_path() / ("atrium-join-download-" + std::to_string(::getpid()));
    const std::filesystem::path venue = atrium::test::furnishedConcertHall(dir / "venue");
    auto assets = atrium::net::collectVenueAssets(venue);
    ASSERT_TRUE(assets) << assets.error().toString();
    const std::string total = std::to_string(assets->manifest.totalBytes());
    const std::string bin = ATRIUM_BIN_DIR;
    const int port = 24000 + int(::getpid() % 20000);
    const std::string env = "ATRIUM_SECRET=test-secret XDG_CACHE_HOME=" + (dir / "xdg").string() + " ";
    CommandResult link = runCommand(env + bin +
                                    "/atrium-server token --user 7 --name Ada --venue-id concert_hall --link 127.0.0.1:" + std::to_string(port));
    ASSERT_EQ(link.status, 0) << link.output;
    const std::string url = link.output.substr(link.output.find("atrium://"));
    auto join = [&](const char* png) {
        return env + bin + "/atrium-join '" + url.substr(0, url.find('\n')) + "' --headless --seconds 0.3 --size 320x180 --png " +
               (dir / png).string();
    };
    CommandResult r = runCommand(env + bin + "/atrium-server " + venue.string() + " --port " + std::to_string(port) + " --seconds 60 > " +
                                 (dir / "server.log").string() + " 2>&1 & server=$!; sleep 1; " + join("first.png") + "; echo first exit $?; " +
                                 join("second.png") + "; echo second exit $?; kill $server");
    EXPECT_NE(r.output.find("venue concert_hall: 6 files, downloaded " + total + " bytes of " + total), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("first exit 0"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("venue concert_hall: 6 files, all " + total + " bytes from the cache"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("second exit 0"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("joined concert_hall at 127.0.0.1"), std::string::npos) << r.output;
    std::filesystem::remove_all(dir);
}
