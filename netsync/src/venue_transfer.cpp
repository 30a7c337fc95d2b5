#include "atrium/net/venue_transfer.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <system_error>

#include "atrium/net/protocol.hpp"

namespace atrium::net {
namespace {

std::optional<std::vector<std::uint8_t>> readFile(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return std::nullopt;
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(f), {});
}

// Through a temporary file and a rename: a crash mid-write leaves no truncated venue to trust.
bool writeFile(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    std::filesystem::path tmp = path;
    tmp += ".part";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()))) return false;
    }
    std::filesystem::rename(tmp, path, ec);
    return !ec;
}

}  // namespace

Sha256 sha256(std::span<const std::uint8_t> bytes) {
    Sha256 out{};
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), out.data(), &len, EVP_sha256(), nullptr);
    return out;
}

std::string toHex(const Sha256& hash) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (std::uint8_t b : hash) {
        s += digits[b >> 4];
        s += digits[b & 15];
    }
    return s;
}

std::vector<std::uint8_t> encodeVenueOffer(const VenueOfferMsg& m) {
    BitWriter w = beginMessage(MessageType::VenueOffer);
    w.write(m.size, 32);
    for (std::uint8_t b : m.hash) w.write(b, 8);
    return w.bytes();
}

std::optional<VenueOfferMsg> readVenueOffer(BitReader& r) {
    VenueOfferMsg m;
    m.size = r.read(32);
    for (std::uint8_t& b : m.hash) b = std::uint8_t(r.read(8));
    return r.ok() ? std::optional(m) : std::nullopt;
}

std::vector<std::uint8_t> encodeVenueRequest() { return beginMessage(MessageType::VenueRequest).bytes(); }

std::vector<std::uint8_t> encodeVenueChunk(std::uint32_t offset, std::span<const std::uint8_t> bytes) {
    BitWriter w = beginMessage(MessageType::VenueChunk);
    w.write(offset, 32);
    w.writeVarint(std::uint32_t(bytes.size()));
    w.writeBytes(bytes);
    return w.bytes();
}

std::optional<VenueChunkMsg> readVenueChunk(BitReader& r) {
    VenueChunkMsg m;
    m.offset = r.read(32);
    std::uint32_t n = r.readVarint();
    if (!r.ok() || n == 0 || n > kVenueChunkBytes) return std::nullopt;
    m.bytes.resize(n);
    if (!r.readBytes(m.bytes)) return std::nullopt;
    return m;
}

std::vector<std::vector<std::uint8_t>> venueChunks(std::span<const std::uint8_t> file) {
    std::vector<std::vector<std::uint8_t>> out;
    for (std::size_t at = 0; at < file.size(); at += kVenueChunkBytes) {
        out.push_back(encodeVenueChunk(std::uint32_t(at), file.subspan(at, std::min(kVenueChunkBytes, file.size() - at))));
    }
    return out;
}

std::filesystem::path VenueDownload::cachePath() const { return cacheDir_ / (toHex(offer_.hash) + ".venue"); }

bool VenueDownload::offer(const VenueOfferMsg& m) {
    offer_ = m;
    transfer_ = {};
    if (m.size > maxBytes_) {
        fail("venue file of " + std::to_string(m.size) + " bytes is over the " + std::to_string(maxBytes_) + "-byte cap");
        return false;
    }
    if (!cacheDir_.empty()) {
        // A cached file is trusted only if it still hashes to what the server offers.
        if (auto bytes = readFile(cachePath()); bytes && sha256(*bytes) == m.hash) {
            transfer_.state = VenueTransfer::State::Ready;
            transfer_.bytes = std::move(*bytes);
            transfer_.cached = cachePath();
            return false;
        }
    }
    transfer_.state = VenueTransfer::State::Downloading;
    transfer_.bytes.reserve(m.size);
    if (m.size == 0) finish();
    return transfer_.state == VenueTransfer::State::Downloading;
}

void VenueDownload::chunk(const VenueChunkMsg& m) {
    if (transfer_.state != VenueTransfer::State::Downloading) {
        if (transfer_.state != VenueTransfer::State::Failed) fail("venue chunk at " + std::to_string(m.offset) + " with no transfer under way");
        return;
    }
    // Chunks come reliable and in order: one anywhere else, or past the offered size, is corrupt.
    if (m.offset != transfer_.bytes.size() || transfer_.bytes.size() + m.bytes.size() > offer_.size) {
        return fail("venue transfer corrupt: chunk of " + std::to_string(m.bytes.size()) + " bytes at " + std::to_string(m.offset) + " after " +
                    std::to_string(transfer_.bytes.size()) + " of " + std::to_string(offer_.size) + " bytes");
    }
    transfer_.bytes.insert(transfer_.bytes.end(), m.bytes.begin(), m.bytes.end());
    transfer_.downloadedBytes = transfer_.bytes.size();
    if (transfer_.bytes.size() == offer_.size) finish();
}

void VenueDownload::finish() {
    Sha256 got = sha256(transfer_.bytes);
    if (got != offer_.hash) return fail("venue file hash mismatch: SHA-256 " + toHex(got) + ", offered " + toHex(offer_.hash));
    transfer_.state = VenueTransfer::State::Ready;
    if (!cacheDir_.empty() && writeFile(cachePath(), transfer_.bytes)) transfer_.cached = cachePath();
}

void VenueDownload::fail(const std::string& why) {
    transfer_.state = VenueTransfer::State::Failed;
    transfer_.bytes.clear();
    transfer_.bytes.shrink_to_fit();
    transfer_.error = why;
}

}  // namespace atrium::net
