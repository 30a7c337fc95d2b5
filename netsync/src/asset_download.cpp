#include "atrium/net/asset_download.hpp"

#include <algorithm>
#include <system_error>

namespace atrium::net {
namespace {

std::string inQuotes(const std::string& path) { return "\"" + path + "\""; }

std::uint64_t sizeOf(const std::filesystem::path& p) {
    std::error_code ec;
    std::uintmax_t n = std::filesystem::file_size(p, ec);
    return ec ? 0 : std::uint64_t(n);
}

// Through a temporary file and a rename, where a hard link cannot be made (another file
// system): the venue folder never holds a half-copied file.
bool copyAtomically(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::error_code ec;
    std::filesystem::path tmp = to;
    tmp += ".tmp";
    std::filesystem::copy_file(from, tmp, std::filesystem::copy_options::overwrite_existing, ec);
    if (!ec) std::filesystem::rename(tmp, to, ec);
    if (ec) std::filesystem::remove(tmp, ec);
    return !ec;
}

}  // namespace

// The partial file a chunk goes to, open while its file downloads.
struct AssetDownload::Receiving {
    std::ofstream out;
    std::uint64_t offset = 0;  // where the next chunk must start
};

AssetDownload::AssetDownload(std::filesystem::path cacheDir, VenueAssetLimits limits) : cacheDir_(std::move(cacheDir)), limits_(limits) {}

AssetDownload::~AssetDownload() { suspend(); }

std::filesystem::path AssetDownload::blob(const AssetEntry& e) const { return cacheDir_ / "blobs" / toHex(e.hash); }
std::filesystem::path AssetDownload::partial(const AssetEntry& e) const { return cacheDir_ / "partial" / toHex(e.hash); }

std::vector<AssetRequestMsg> AssetDownload::entry(const AssetEntryMsg& m) {
    if (m.index == 0) {
        // A new manifest (a reconnect's, or another venue's): what was under way is kept on
        // disk and judged again against it.
        suspend();
        AssetTransfer fresh;
        fresh.downloadedBytes = transfer_.downloadedBytes;
        fresh.resumedBytes = transfer_.resumedBytes;
        transfer_ = std::move(fresh);
        if (m.count == 0 || m.count > kMaxManifestEntries) {
            fail("asset manifest malformed: " + std::to_string(m.count) + " entries (1 to " + std::to_string(kMaxManifestEntries) + ")");
            return {};
        }
        expected_ = m.count;
        offered_ = 0;
        transfer_.state = AssetTransfer::State::Manifest;
    }
    if (transfer_.state != AssetTransfer::State::Manifest) {
        if (transfer_.state != AssetTransfer::State::Failed)
            fail("asset manifest malformed: entry " + std::to_string(m.index) + " with no manifest begun");
        return {};
    }
    const std::string& path = m.entry.path;
    if (m.count != expected_ || m.index != transfer_.files.size()) {
        fail("asset manifest malformed: entry " + std::to_string(m.index) + " of " + std::to_string(m.count) + " (" + inQuotes(path) +
             ") after " + std::to_string(transfer_.files.size()) + " of " + std::to_string(expected_));
        return {};
    }
    if (std::string why = checkAssetPath(path); !why.empty()) {
        fail("asset " + inQuotes(path) + " refused: " + why);
        return {};
    }
    for (const AssetFileProgress& f : transfer_.files) {
        if (f.entry.path == path) {
            fail("asset manifest malformed: " + inQuotes(path) + " listed twice");
            return {};
        }
    }
    if (m.entry.size > limits_.fileMaxBytes) {
        fail("asset " + inQuotes(path) + " refused: offered at " + std::to_string(m.entry.size) + " bytes, over the " +
             std::to_string(limits_.fileMaxBytes) + "-byte cap on a file");
        return {};
    }
    offered_ += m.entry.size;
    if (offered_ > limits_.venueMaxBytes) {
        fail("asset " + inQuotes(path) + " refused: the venue's files come to over the " + std::to_string(limits_.venueMaxBytes) + "-byte cap");
        return {};
    }
    transfer_.files.push_back({m.entry});
    transfer_.bytesTotal = offered_;
    if (transfer_.files.size() < expected_) return {};
    return start();
}

// What the cache holds of `f`: the whole file (a blob, or a finished partial, that hashes
// right), or a partial download to resume. Returns the offset to request from.
std::uint64_t AssetDownload::reuse(AssetFileProgress& f) {
    std::error_code ec;
    for (const std::filesystem::path& p : {blob(f.entry), partial(f.entry)}) {
        if (sizeOf(p) != f.entry.size || !std::filesystem::exists(p, ec)) continue;
        if (sha256File(p) != f.entry.hash) {
            std::filesystem::remove(p, ec);  // tampered with, or torn: fetched again
            continue;
        }
        if (p != blob(f.entry)) std::filesystem::rename(p, blob(f.entry), ec);
        if (ec) continue;
        f.ready = true;
        f.doneBytes = f.entry.size;
        return f.entry.size;
    }
    std::uint64_t have = sizeOf(partial(f.entry));
    if (have >= f.entry.size) {
        std::filesystem::remove(partial(f.entry), ec);
        have = 0;
    }
    f.doneBytes = have;
    transfer_.resumedBytes += have;
    return have;
}

std::vector<AssetRequestMsg> AssetDownload::start() {
    std::vector<AssetRequestMsg> requests;
    if (cacheDir_.empty()) {
        transfer_.state = AssetTransfer::State::None;  // nowhere to keep it: the app has its venue
        return requests;
    }
    std::error_code ec;
    std::filesystem::create_directories(cacheDir_ / "blobs", ec);
    std::filesystem::create_directories(cacheDir_ / "partial", ec);
    if (ec) {
        fail("the asset cache " + cacheDir_.string() + " cannot be made: " + ec.message());
        return requests;
    }
    transfer_.state = AssetTransfer::State::Downloading;
    receiving_.clear();
    receiving_.resize(transfer_.files.size());
    for (std::size_t i = 0; i < transfer_.files.size() && transfer_.state == AssetTransfer::State::Downloading; ++i) {
        AssetFileProgress& f = transfer_.files[i];
        // One file at two paths is one blob, fetched once (two downloads into one partial
        // file would interleave): the later path is ready when the earlier one is.
        auto same = std::find_if(transfer_.files.begin(), transfer_.files.begin() + std::ptrdiff_t(i),
                                 [&](const AssetFileProgress& e) { return e.entry.hash == f.entry.hash && e.entry.size == f.entry.size; });
        if (same != transfer_.files.begin() + std::ptrdiff_t(i)) {
            if (same->ready) markReady(f);
            continue;
        }
        std::uint64_t from = reuse(f);
        transfer_.bytesDone += f.doneBytes;
        if (f.ready || f.entry.size == 0) {
            if (!f.ready) received(i);  // an empty file needs no bytes, only its hash checked
            continue;
        }
        auto r = std::make_unique<Receiving>();
        r->offset = from;
        receiving_[i] = std::move(r);
        requests.push_back({f.entry.path, std::uint32_t(from)});
    }
    transfer_.requestedFiles = std::uint32_t(requests.size());
    if (transfer_.state != AssetTransfer::State::Downloading) return {};
    finishIfDone();
    return requests;
}

void AssetDownload::chunk(const AssetChunkMsg& m) {
    if (transfer_.state != AssetTransfer::State::Downloading) {
        if (transfer_.state != AssetTransfer::State::Failed) fail("asset transfer corrupt: a chunk with no download under way");
        return;
    }
    if (m.index >= transfer_.files.size()) {
        return fail("asset transfer corrupt: a chunk of entry " + std::to_string(m.index) + " of a " + std::to_string(transfer_.files.size()) +
                    "-entry manifest");
    }
    AssetFileProgress& f = transfer_.files[m.index];
    Receiving* r = receiving_[m.index].get();
    if (!r)
        return fail("asset transfer corrupt: " + inQuotes(f.entry.path) + ": a chunk at " + std::to_string(m.offset) +
                    " of a file not asked for");
    // Chunks come reliable and in order from where the request said: one anywhere else, or
    // past the offered size, is corrupt.
    if (m.offset != r->offset || r->offset + m.bytes.size() > f.entry.size) {
        return fail("asset transfer corrupt: " + inQuotes(f.entry.path) + ": a chunk of " + std::to_string(m.bytes.size()) + " bytes at " +
                    std::to_string(m.offset) + ", expected at " + std::to_string(r->offset) + " of " + std::to_string(f.entry.size) + " bytes");
    }
    if (!r->out.is_open()) r->out.open(partial(f.entry), std::ios::binary | std::ios::app);
    if (!r->out.write(reinterpret_cast<const char*>(m.bytes.data()), std::streamsize(m.bytes.size()))) {
        return fail(inQuotes(f.entry.path) + ": cannot write " + partial(f.entry).string());
    }
    r->offset += m.bytes.size();
    f.doneBytes = r->offset;
    transfer_.bytesDone += m.bytes.size();
    transfer_.downloadedBytes += m.bytes.size();
    if (r->offset < f.entry.size) return;
    r->out.close();
    receiving_[m.index].reset();
    received(m.index);
    if (transfer_.state == AssetTransfer::State::Downloading) finishIfDone();
}

// A whole partial file: kept as a blob if it hashes to what was offered.
void AssetDownload::received(std::size_t index) {
    AssetFileProgress& f = transfer_.files[index];
    std::error_code ec;
    if (f.entry.size == 0) std::ofstream(partial(f.entry), std::ios::binary | std::ios::trunc);
    std::optional<Sha256> got = sha256File(partial(f.entry));
    if (got != f.entry.hash) {
        std::filesystem::remove(partial(f.entry), ec);  // no telling which bytes are wrong
        return fail("asset " + inQuotes(f.entry.path) + " hash mismatch: SHA-256 " + (got ? toHex(*got) : "unreadable") + ", offered " +
                    toHex(f.entry.hash));
    }
    std::filesystem::rename(partial(f.entry), blob(f.entry), ec);
    if (ec) return fail(inQuotes(f.entry.path) + ": cannot move it into the cache: " + ec.message());
    f.ready = true;
    f.doneBytes = f.entry.size;
    for (AssetFileProgress& other : transfer_.files) {
        if (!other.ready && other.entry.hash == f.entry.hash && other.entry.size == f.entry.size) markReady(other);
    }
}

void AssetDownload::markReady(AssetFileProgress& f) {
    transfer_.bytesDone += f.entry.size - f.doneBytes;
    f.ready = true;
    f.doneBytes = f.entry.size;
}

void AssetDownload::finishIfDone() {
    for (const AssetFileProgress& f : transfer_.files) {
        if (!f.ready) return;
    }
    if (layOut()) transfer_.state = AssetTransfer::State::Ready;
}

// The venue's files at their paths, so the engine loads the venue as if from its own folder.
bool AssetDownload::layOut() {
    transfer_.venueFolder = cacheDir_ / "venues" / toHex(transfer_.files[0].entry.hash);
    for (AssetFileProgress& f : transfer_.files) {
        std::filesystem::path to = transfer_.venueFolder / f.entry.path;
        std::error_code ec;
        // Another manifest for the same venue file may have laid out other versions of its
        // assets here: a file is kept only if it is this blob.
        if (!std::filesystem::equivalent(to, blob(f.entry), ec) || ec) {
            std::filesystem::create_directories(to.parent_path(), ec);
            std::filesystem::remove(to, ec);
            ec.clear();
            std::filesystem::create_hard_link(blob(f.entry), to, ec);
            if (ec && !copyAtomically(blob(f.entry), to)) {
                fail(inQuotes(f.entry.path) + ": cannot lay it out in " + transfer_.venueFolder.string());
                return false;
            }
        }
        f.local = to;
    }
    transfer_.venueFile = transfer_.files[0].local;
    return true;
}

void AssetDownload::fail(const std::string& why) {
    suspend();
    transfer_.state = AssetTransfer::State::Failed;
    transfer_.error = why;
}

void AssetDownload::suspend() {
    for (auto& r : receiving_) {
        if (r && r->out.is_open()) r->out.close();
    }
    receiving_.clear();
}

std::optional<std::filesystem::path> AssetDownload::localPath(std::string_view venuePath) const {
    if (transfer_.state != AssetTransfer::State::Ready) return std::nullopt;
    for (const AssetFileProgress& f : transfer_.files) {
        if (f.entry.path == venuePath) return f.local;
    }
    return std::nullopt;
}

}  // namespace atrium::net
