// Saving goes through a temporary file beside the target; one left by a writer killed mid-save
// (kill -9 leaves "<name>.tmp-<pid>-<n>" behind, 8 MB for a large venue) is removed on the next save.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "atrium/scene/venue_file.hpp"

using namespace atrium;
namespace fs = std::filesystem;

namespace {

fs::path freshDir(const char* name) {
    fs::path dir = fs::path(::testing::TempDir()) / (std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// A child starts writing `target`'s temporary file as a save does and is killed before it renames.
pid_t leaveTempFromKilledWriter(const fs::path& target, std::size_t bytes) {
    pid_t child = ::fork();
    if (child == 0) {
        fs::path tmp = target;
        tmp += ".tmp-" + std::to_string(::getpid()) + "-0";
        std::ofstream(tmp, std::ios::binary) << std::string(bytes, 'x') << std::flush;
        ::kill(::getpid(), SIGKILL);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    return child;
}

std::size_t entries(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

}  // namespace

TEST(AtomicFile, TempFileOfAKilledSaveIsRemovedByTheNextSave) {
    fs::path dir = freshDir("atrium-orphan");
    fs::path target = dir / "hall.venue.json";
    pid_t dead = leaveTempFromKilledWriter(target, 8u << 20);
    fs::path orphan = target;
    orphan += ".tmp-" + std::to_string(dead) + "-0";
    ASSERT_TRUE(fs::exists(orphan));
    ASSERT_EQ(fs::file_size(orphan), 8u << 20);

    ASSERT_TRUE(writeFileAtomically(target, "{}\n").ok());
    EXPECT_FALSE(fs::exists(orphan));
    EXPECT_EQ(entries(dir), 1u);  // only the saved file
    fs::remove_all(dir);
}

TEST(AtomicFile, KeepsTempFilesOfLiveWritersAndOfOtherFiles) {
    fs::path dir = freshDir("atrium-orphan-keep");
    fs::path target = dir / "hall.venue.json";
    pid_t dead = leaveTempFromKilledWriter(dir / "other.venue.json", 16);
    auto touch = [&](const std::string& name) {
        std::ofstream(dir / name) << "x";
        return dir / name;
    };
    fs::path live = touch("hall.venue.json.tmp-" + std::to_string(::getpid()) + "-7");       // this process: may be mid-save
    fs::path parent = touch("hall.venue.json.tmp-" + std::to_string(::getppid()) + "-0");    // another live process
    fs::path notOurs = dir / ("other.venue.json.tmp-" + std::to_string(dead) + "-0");        // another target's
    fs::path lookalike = touch("hall.venue.json.tmp-" + std::to_string(dead) + "-0-notes");  // not the pattern
    fs::path dead2 = touch("hall.venue.json.tmp-" + std::to_string(dead) + "-3");

    EXPECT_EQ(removeOrphanedTempFiles(target), 1u);
    EXPECT_FALSE(fs::exists(dead2));
    for (const fs::path& kept : {live, parent, notOurs, lookalike}) EXPECT_TRUE(fs::exists(kept)) << kept;
    EXPECT_EQ(removeOrphanedTempFiles(target), 0u);
    fs::remove_all(dir);
}
