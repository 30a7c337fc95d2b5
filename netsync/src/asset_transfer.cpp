#include "atrium/net/asset_transfer.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <memory>

#include "atrium/net/protocol.hpp"

namespace atrium::net {
namespace {

void writePath(BitWriter& w, const std::string& path) {
    std::size_t n = std::min(path.size(), kMaxAssetPathBytes);
    w.writeVarint(std::uint32_t(n));
    w.writeBytes({reinterpret_cast<const std::uint8_t*>(path.data()), n});
}

void writeHash(BitWriter& w, const Sha256& hash) { w.writeBytes(hash); }

// The reader has consumed the whole message: trailing bytes mean it is not what it claims.
bool finished(const BitReader& r) { return r.ok() && r.bitsLeft() < 8; }

}  // namespace

Sha256 sha256(std::span<const std::uint8_t> bytes) {
    Sha256 out{};
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), out.data(), &len, EVP_sha256(), nullptr);
    return out;
}

std::optional<Sha256> sha256File(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return std::nullopt;
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return std::nullopt;
    std::vector<char> buffer(std::size_t(1) << 16);
    while (f) {
        f.read(buffer.data(), std::streamsize(buffer.size()));
        if (f.gcount() > 0) EVP_DigestUpdate(ctx.get(), buffer.data(), std::size_t(f.gcount()));
    }
    if (!f.eof()) return std::nullopt;
    Sha256 out{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), out.data(), &len);
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

std::uint64_t AssetManifest::totalBytes() const {
    std::uint64_t n = 0;
    for (const AssetEntry& e : entries) n += e.size;
    return n;
}

std::string checkAssetPath(std::string_view path) {
    if (path.empty()) return "an empty path";
    if (path.size() > kMaxAssetPathBytes) return "a path over " + std::to_string(kMaxAssetPathBytes) + " bytes";
    if (path.front() == '/') return "an absolute path";
    for (char ch : path) {
        if (std::uint8_t(ch) < 0x20 || ch == 0x7f) return "a control character in the path";
        if (ch == '\\') return "a backslash in the path (paths are '/'-separated)";
        if (ch == ':') return "a colon in the path (a drive or a URL, not a venue-relative path)";
    }
    for (std::size_t start = 0; start <= path.size();) {
        std::size_t end = std::min(path.find('/', start), path.size());
        std::string_view part = path.substr(start, end - start);
        if (part == "..") return "a path escaping the venue folder (\"..\")";
        if (part.empty() || part == ".") return "an empty or \".\" part in the path";
        start = end + 1;
    }
    return {};
}

std::vector<std::vector<std::uint8_t>> encodeManifest(const AssetManifest& m) {
    std::vector<std::vector<std::uint8_t>> out;
    for (std::size_t i = 0; i < m.entries.size(); ++i) {
        out.push_back(encodeAssetEntry({std::uint32_t(m.entries.size()), std::uint32_t(i), m.entries[i]}));
    }
    return out;
}

std::vector<std::uint8_t> encodeAssetEntry(const AssetEntryMsg& m) {
    BitWriter w = beginMessage(MessageType::AssetEntry);
    w.writeVarint(m.count);
    w.writeVarint(m.index);
    writePath(w, m.entry.path);
    w.write(m.entry.size, 32);
    writeHash(w, m.entry.hash);
    return w.release();
}

std::optional<AssetEntryMsg> readAssetEntry(BitReader& r) {
    AssetEntryMsg m;
    m.count = r.readVarint();
    m.index = r.readVarint();
    auto path = readText(r, kMaxAssetPathBytes);
    if (!path) return std::nullopt;
    m.entry.path = std::move(*path);
    m.entry.size = r.read(32);
    if (!r.readBytes(m.entry.hash)) return std::nullopt;
    return finished(r) ? std::optional(std::move(m)) : std::nullopt;
}

std::vector<std::uint8_t> encodeAssetRequest(const AssetRequestMsg& m) {
    BitWriter w = beginMessage(MessageType::AssetRequest);
    writePath(w, m.path);
    w.write(m.offset, 32);
    return w.release();
}

std::optional<AssetRequestMsg> readAssetRequest(BitReader& r) {
    AssetRequestMsg m;
    auto path = readText(r, kMaxAssetPathBytes);
    if (!path) return std::nullopt;
    m.path = std::move(*path);
    m.offset = r.read(32);
    return finished(r) ? std::optional(std::move(m)) : std::nullopt;
}

std::vector<std::uint8_t> encodeAssetChunk(std::uint32_t index, std::uint32_t offset, std::span<const std::uint8_t> bytes) {
    BitWriter w = beginMessage(MessageType::AssetChunk);
    w.writeVarint(index);
    w.write(offset, 32);
    w.writeVarint(std::uint32_t(bytes.size()));
    w.writeBytes(bytes);
    return w.release();
}

std::optional<AssetChunkMsg> readAssetChunk(BitReader& r) {
    AssetChunkMsg m;
    m.index = r.readVarint();
    m.offset = r.read(32);
    std::uint32_t n = r.readVarint();
    if (!r.ok() || n == 0 || n > kAssetChunkBytes) return std::nullopt;
    m.bytes.resize(n);
    if (!r.readBytes(m.bytes)) return std::nullopt;
    return finished(r) ? std::optional(std::move(m)) : std::nullopt;
}

}  // namespace atrium::net
