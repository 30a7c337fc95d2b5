// The venue file transfer's client side, fed crafted messages: a good transfer is cached by
// hash, and oversized, out-of-place and mismatched ones are refused with a reason.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "atrium/net/protocol.hpp"
#include "atrium/net/venue_transfer.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {

std::vector<std::uint8_t> someFile(std::size_t n) {
    std::vector<std::uint8_t> f(n);
    std::mt19937 rng(3);
    for (auto& b : f) b = std::uint8_t(rng());
    return f;
}

// Every chunk message of `file` through the readers, as a client receives them.
void feed(VenueDownload& d, const std::vector<std::uint8_t>& file) {
    for (const auto& bytes : venueChunks(file)) {
        BitReader r(bytes);
        ASSERT_EQ(readHeader(r), MessageType::VenueChunk);
        auto m = readVenueChunk(r);
        ASSERT_TRUE(m);
        d.chunk(*m);
    }
}

std::filesystem::path freshDir(const char* name) {
    auto dir = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir);
    return dir;
}

}  // namespace

TEST(VenueTransfer, ADownloadIsCachedByHashAndTheSecondNeedsNone) {
    auto dir = freshDir("atrium-venue-cache-test");
    auto file = someFile(5000);
    VenueOfferMsg offer{std::uint32_t(file.size()), sha256(file)};
    VenueDownload first(dir, kDefaultVenueMaxBytes);
    ASSERT_TRUE(first.offer(offer));
    feed(first, file);
    ASSERT_EQ(first.transfer().state, VenueTransfer::State::Ready) << first.transfer().error;
    EXPECT_EQ(first.transfer().bytes, file);
    EXPECT_EQ(first.transfer().downloadedBytes, file.size());
    EXPECT_TRUE(std::filesystem::exists(first.transfer().cached));

    VenueDownload second(dir, kDefaultVenueMaxBytes);
    EXPECT_FALSE(second.offer(offer)) << "cached: nothing to request";
    EXPECT_EQ(second.transfer().state, VenueTransfer::State::Ready);
    EXPECT_EQ(second.transfer().downloadedBytes, 0u);
    EXPECT_EQ(second.transfer().bytes, file);
    std::filesystem::remove_all(dir);
}

TEST(VenueTransfer, OversizedCorruptAndMismatchedTransfersAreRefused) {
    auto file = someFile(3000);
    VenueDownload small({}, 1000);
    EXPECT_FALSE(small.offer({std::uint32_t(file.size()), sha256(file)}));
    EXPECT_EQ(small.transfer().state, VenueTransfer::State::Failed);
    EXPECT_NE(small.transfer().error.find("cap"), std::string::npos) << small.transfer().error;

    VenueDownload mismatch({}, kDefaultVenueMaxBytes);
    auto other = file;
    other[1234] ^= 1;
    ASSERT_TRUE(mismatch.offer({std::uint32_t(file.size()), sha256(other)}));
    feed(mismatch, file);
    EXPECT_EQ(mismatch.transfer().state, VenueTransfer::State::Failed);
    EXPECT_NE(mismatch.transfer().error.find("hash mismatch"), std::string::npos) << mismatch.transfer().error;
    EXPECT_TRUE(mismatch.transfer().bytes.empty());

    VenueDownload corrupt({}, kDefaultVenueMaxBytes);
    ASSERT_TRUE(corrupt.offer({std::uint32_t(file.size()), sha256(file)}));
    corrupt.chunk({100, std::vector<std::uint8_t>(10, 1)});  // not where the file is up to
    EXPECT_EQ(corrupt.transfer().state, VenueTransfer::State::Failed);
    EXPECT_NE(corrupt.transfer().error.find("corrupt"), std::string::npos) << corrupt.transfer().error;

    VenueDownload overrun({}, kDefaultVenueMaxBytes);
    ASSERT_TRUE(overrun.offer({10, sha256(file)}));
    overrun.chunk({0, std::vector<std::uint8_t>(11, 1)});  // past the offered size
    EXPECT_EQ(overrun.transfer().state, VenueTransfer::State::Failed);

    auto chunk = encodeVenueChunk(0, std::vector<std::uint8_t>(10, 1));
    chunk.resize(chunk.size() - 3);
    BitReader r(chunk);
    ASSERT_EQ(readHeader(r), MessageType::VenueChunk);
    EXPECT_FALSE(readVenueChunk(r));
}

TEST(VenueTransfer, AStaleCachedFileIsNotTrusted) {
    auto dir = freshDir("atrium-venue-stale-test");
    auto file = someFile(2000);
    VenueOfferMsg offer{std::uint32_t(file.size()), sha256(file)};
    std::filesystem::create_directories(dir);
    {
        std::ofstream f(dir / (toHex(offer.hash) + ".venue"), std::ios::binary);
        f << "tampered";
    }
    VenueDownload d(dir, kDefaultVenueMaxBytes);
    EXPECT_TRUE(d.offer(offer)) << "a cached file that does not hash right is downloaded again";
    feed(d, file);
    EXPECT_EQ(d.transfer().state, VenueTransfer::State::Ready);
    std::filesystem::remove_all(dir);
}
