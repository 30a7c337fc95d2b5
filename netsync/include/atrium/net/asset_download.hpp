#pragma once
// A client's side of the venue transfer (asset_transfer.hpp). The cache folder holds
//   blobs/<sha256>          verified files, by content: any venue's copy of a file serves all
//   partial/<sha256>        downloads under way, kept across disconnects to resume from
//   venues/<sha256>/<path>  each venue's files at their venue-relative paths (hard links to the
//                           blobs, or copies where links fail), <sha256> being the venue file's,
//                           so the engine loads the venue from there and its paths resolve
// Nothing unchecked is kept: an entry with a bad path or over a cap, a chunk out of place and
// a hash mismatch each fail the transfer with a message naming the file; a blob is checked
// against its hash before it is used, and written by a rename of the finished partial file.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atrium/net/asset_manifest.hpp"
#include "atrium/net/asset_transfer.hpp"

namespace atrium::net {

struct AssetFileProgress {
    AssetEntry entry;
    std::uint64_t doneBytes = 0;  // verified (== entry.size once ready) or received so far
    bool ready = false;
    std::filesystem::path local;  // its path in the venue's folder, once the transfer is Ready
};

struct AssetTransfer {
    // None: nothing offered yet, or no cache folder to download into (the offer is ignored).
    enum class State { None, Manifest, Downloading, Ready, Failed } state = State::None;
    std::vector<AssetFileProgress> files;  // in manifest order: files[0] is the venue file
    std::filesystem::path venueFolder;     // once Ready
    std::filesystem::path venueFile;       // venueFolder / files[0].entry.path, once Ready
    std::uint64_t bytesDone = 0;           // progress, for the UI: of bytesTotal
    std::uint64_t bytesTotal = 0;
    std::uint64_t downloadedBytes = 0;  // received over the network for this download (0: all cached)
    std::uint64_t resumedBytes = 0;     // partial files' bytes kept rather than fetched again
    std::uint32_t requestedFiles = 0;   // files asked for (not in the cache)
    std::string error;                  // why it failed
};

class AssetDownload {
public:
    AssetDownload(std::filesystem::path cacheDir, VenueAssetLimits limits);
    ~AssetDownload();
    AssetDownload(const AssetDownload&) = delete;
    AssetDownload& operator=(const AssetDownload&) = delete;

    // One manifest entry. Entry 0 starts a new manifest (a reconnect's); the last one returns
    // the requests for what the cache lacks (none when everything is there).
    std::vector<AssetRequestMsg> entry(const AssetEntryMsg& m);
    void chunk(const AssetChunkMsg& m);
    // A malformed message: the transfer cannot be trusted any more.
    void fail(const std::string& why);
    // The connection went: files being written are closed, their partial bytes kept.
    void suspend();

    const AssetTransfer& transfer() const { return transfer_; }
    // A verified file of the venue by its venue-relative path, once the transfer is Ready.
    std::optional<std::filesystem::path> localPath(std::string_view venuePath) const;

private:
    struct Receiving;
    std::vector<AssetRequestMsg> start();
    std::uint64_t reuse(AssetFileProgress& f);
    void received(std::size_t index);
    void markReady(AssetFileProgress& f);
    void finishIfDone();
    bool layOut();
    std::filesystem::path blob(const AssetEntry& e) const;
    std::filesystem::path partial(const AssetEntry& e) const;

    std::filesystem::path cacheDir_;
    VenueAssetLimits limits_;
    std::uint32_t expected_ = 0;  // entries in the manifest under way
    std::uint64_t offered_ = 0;   // their bytes so far
    AssetTransfer transfer_;
    std::vector<std::unique_ptr<Receiving>> receiving_;  // by index; null where not downloading
};

}  // namespace atrium::net
