#pragma once
// The venue file sent to clients on joining: the server offers its size and SHA-256, a client
// without it in its cache asks, and the server sends it in reliable chunks. Nothing unchecked
// is kept: a transfer over the size cap, a chunk out of place and a hash mismatch are refused
// with a message saying which.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "atrium/net/bit_stream.hpp"

namespace atrium::net {

using Sha256 = std::array<std::uint8_t, 32>;
Sha256 sha256(std::span<const std::uint8_t> bytes);
std::string toHex(const Sha256& hash);

inline constexpr std::size_t kVenueChunkBytes = 1024;
inline constexpr std::uint64_t kDefaultVenueMaxBytes = std::uint64_t(64) << 20;

struct VenueOfferMsg {
    std::uint32_t size = 0;
    Sha256 hash{};
};
struct VenueChunkMsg {
    std::uint32_t offset = 0;
    std::vector<std::uint8_t> bytes;
};

std::vector<std::uint8_t> encodeVenueOffer(const VenueOfferMsg& m);
std::optional<VenueOfferMsg> readVenueOffer(BitReader& r);
std::vector<std::uint8_t> encodeVenueRequest();
std::vector<std::uint8_t> encodeVenueChunk(std::uint32_t offset, std::span<const std::uint8_t> bytes);
std::optional<VenueChunkMsg> readVenueChunk(BitReader& r);
// The whole file as chunk messages, in order.
std::vector<std::vector<std::uint8_t>> venueChunks(std::span<const std::uint8_t> file);

// A client's side of one transfer.
struct VenueTransfer {
    enum class State { None, Downloading, Ready, Failed } state = State::None;
    std::vector<std::uint8_t> bytes;    // the venue file, once Ready
    std::filesystem::path cached;       // where it lies in the cache, once Ready with a cache
    std::uint64_t downloadedBytes = 0;  // 0 when the cache had it
    std::string error;                  // why it failed
};

class VenueDownload {
public:
    VenueDownload(std::filesystem::path cacheDir, std::uint64_t maxBytes) : cacheDir_(std::move(cacheDir)), maxBytes_(maxBytes) {}
    // An offer: true if the file must be requested (not cached, within the cap).
    bool offer(const VenueOfferMsg& m);
    void chunk(const VenueChunkMsg& m);
    // A malformed offer or chunk: the transfer cannot be trusted any more.
    void fail(const std::string& why);
    const VenueTransfer& transfer() const { return transfer_; }

private:
    void finish();
    std::filesystem::path cachePath() const;

    std::filesystem::path cacheDir_;
    std::uint64_t maxBytes_;
    VenueOfferMsg offer_;
    VenueTransfer transfer_;
};

}  // namespace atrium::net
