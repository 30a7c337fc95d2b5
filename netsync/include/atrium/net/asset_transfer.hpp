#pragma once
// The venue and its assets, sent to clients on joining. The server offers a manifest: the
// venue file (entry 0) and every file it references, each by venue-relative path, size and
// SHA-256 (asset_manifest.hpp builds it). A client asks for each file it lacks from an offset
// (0, or how much of it a partial download already holds) and the server sends it in reliable
// chunks, paced per client (ServerConfig::assetBytesPerTick). asset_download.hpp is the
// client's side: it checks everything before keeping it.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "atrium/net/bit_stream.hpp"

namespace atrium::net {

using Sha256 = std::array<std::uint8_t, 32>;
Sha256 sha256(std::span<const std::uint8_t> bytes);
std::string toHex(const Sha256& hash);
// The hash of a file's contents, read in pieces; nullopt if it cannot be read.
std::optional<Sha256> sha256File(const std::filesystem::path& path);

// A chunk and its header stay inside one kMaxPacketBytes packet.
inline constexpr std::size_t kAssetChunkBytes = 1024;
inline constexpr std::size_t kMaxAssetPathBytes = 255;
inline constexpr std::uint32_t kMaxManifestEntries = 4096;
inline constexpr std::uint64_t kDefaultAssetFileMaxBytes = std::uint64_t(256) << 20;
inline constexpr std::uint64_t kDefaultVenueMaxBytes = std::uint64_t(512) << 20;  // all its files together

struct AssetEntry {
    std::string path;  // venue-relative, '/'-separated (checkAssetPath)
    std::uint32_t size = 0;
    Sha256 hash{};
    friend bool operator==(const AssetEntry&, const AssetEntry&) = default;
};

// Entry 0 is the venue file; the rest are what it references, each once.
struct AssetManifest {
    std::vector<AssetEntry> entries;
    std::uint64_t totalBytes() const;
};

// Why `path` may not name a file inside a venue folder, or empty if it may: it must be
// relative, '/'-separated, without empty, "." or ".." parts, backslashes, colons or control
// characters, and at most kMaxAssetPathBytes long.
std::string checkAssetPath(std::string_view path);

// One manifest entry per message, `index` of `count`, in order on the reliable channel.
struct AssetEntryMsg {
    std::uint32_t count = 0;
    std::uint32_t index = 0;
    AssetEntry entry;
};
struct AssetRequestMsg {
    std::string path;
    std::uint32_t offset = 0;
};
struct AssetChunkMsg {
    std::uint32_t index = 0;  // of the manifest entry
    std::uint32_t offset = 0;
    std::vector<std::uint8_t> bytes;
};

// The whole manifest as messages, in order.
std::vector<std::vector<std::uint8_t>> encodeManifest(const AssetManifest& m);
std::vector<std::uint8_t> encodeAssetEntry(const AssetEntryMsg& m);
std::vector<std::uint8_t> encodeAssetRequest(const AssetRequestMsg& m);
std::vector<std::uint8_t> encodeAssetChunk(std::uint32_t index, std::uint32_t offset, std::span<const std::uint8_t> bytes);
// These check the wire format only (lengths, the end of the message); what the fields mean is
// for the receiver to judge.
std::optional<AssetEntryMsg> readAssetEntry(BitReader& r);
std::optional<AssetRequestMsg> readAssetRequest(BitReader& r);
std::optional<AssetChunkMsg> readAssetChunk(BitReader& r);

}  // namespace atrium::net
