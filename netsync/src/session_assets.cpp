// The venue and its assets: the manifest offered to each joining client, the files it asks for
// sent in chunks at ServerConfig::assetBytesPerTick, and requests for anything else refused.
#include "atrium/core/log.hpp"
#include "sessions.hpp"

namespace atrium::net {

Status Sessions::loadVenueAssets() {
    if (config_.venueFile.empty()) return Ok{};
    Result<VenueAssets> assets = collectVenueAssets(config_.venueFile, {config_.assetFileMaxBytes, config_.venueMaxBytes});
    if (!assets) return assets.error();
    venueAssets_ = std::move(*assets);
    assetIndex_.clear();
    for (std::size_t i = 0; i < venueAssets_.manifest.entries.size(); ++i) assetIndex_[venueAssets_.manifest.entries[i].path] = std::uint32_t(i);
    assetStreams_.clear();
    assetStreams_.resize(venueAssets_.files.size());
    logInfo("server", "offering the venue in " + std::to_string(venueAssets_.files.size()) + " files, " +
                          std::to_string(venueAssets_.manifest.totalBytes()) + " bytes");
    return Ok{};
}

void Sessions::offerAssets(ClientSession& c) {
    for (auto& m : encodeManifest(venueAssets_.manifest)) send(c, std::move(m), true);
}

// A request names a file by its path, so a client can only ever get what the manifest lists;
// anything else is refused with a notice and counts as malformed (a flood gets cut off).
void Sessions::handleAssetRequest(ClientSession& c, BitReader& r) {
    auto m = readAssetRequest(r);
    if (!m) return malformed(c);
    auto refuse = [&](const std::string& why) {
        ++stats_.assetRequestsRefused;
        send(c, encodeText(MessageType::Notice, why), true);
        malformed(c);
    };
    auto it = assetIndex_.find(m->path);
    if (it == assetIndex_.end()) return refuse("asset request refused: \"" + m->path + "\" is not a file of this venue");
    const AssetEntry& e = venueAssets_.manifest.entries[it->second];
    if (m->offset >= e.size) {  // an empty file needs no request
        return refuse("asset request refused: offset " + std::to_string(m->offset) + " is past the end of \"" + e.path + "\" (" +
                      std::to_string(e.size) + " bytes)");
    }
    // Each file once, and once more after a failure: more is a flood, not a download.
    if (++c.assetRequests > 2 * venueAssets_.files.size() + 8) return void(++c.rateLimited);
    c.assetQueue.push_back({it->second, m->offset});
}

// Reads the next chunk of the client's first queued file and sends it; false when the budget
// or the queue is spent.
bool Sessions::sendAssetChunk(ClientSession& c, std::uint32_t& budget) {
    if (c.assetQueue.empty() || budget == 0) return false;
    ClientSession::AssetSend& next = c.assetQueue.front();
    const AssetEntry& e = venueAssets_.manifest.entries[next.index];
    std::unique_ptr<std::ifstream>& in = assetStreams_[next.index];
    if (!in) in = std::make_unique<std::ifstream>(venueAssets_.files[next.index], std::ios::binary);
    std::size_t n = std::min<std::size_t>({kAssetChunkBytes, e.size - next.offset, budget});
    std::uint8_t bytes[kAssetChunkBytes];
    in->clear();
    in->seekg(std::streamoff(next.offset));
    if (n == 0 || !in->read(reinterpret_cast<char*>(bytes), std::streamsize(n))) {
        // Changed on disk since start(): the client's hash check refuses what it got so far.
        logWarn("server", venueAssets_.files[next.index].string() + ": cannot be read at " + std::to_string(next.offset));
        send(c, encodeText(MessageType::Notice, "the server cannot read \"" + e.path + "\""), true);
        c.assetQueue.pop_front();
        in.reset();
        return true;
    }
    std::vector<std::uint8_t> chunk = encodeAssetChunk(next.index, next.offset, {bytes, n});
    // Straight to the transport, as the snapshots' downstream budget is not to pay for it.
    rawSend(c, chunk, true);
    budget -= std::uint32_t(n);
    stats_.assetBytesSent += n;
    next.offset += std::uint32_t(n);
    if (next.offset >= e.size) c.assetQueue.pop_front();
    return true;
}

// Each client's share of the tick, from a different first client each tick so that the
// all-clients budget, when it runs out, runs out on someone else next time.
void Sessions::sendAssets() {
    std::uint32_t left = config_.assetBytesPerTickAllClients;
    const std::size_t n = clients_.size();
    for (std::size_t k = 0; k < n && left > 0; ++k) {
        ClientSession& c = *clients_[(assetTurn_ + k) % n];
        if (!c.connected || c.assetQueue.empty()) continue;
        const std::uint32_t share = std::min(config_.assetBytesPerTick, left);
        std::uint32_t budget = share;
        while (sendAssetChunk(c, budget)) {
        }
        left -= share - budget;
    }
    assetTurn_ = n ? (assetTurn_ + 1) % n : 0;
}

}  // namespace atrium::net
