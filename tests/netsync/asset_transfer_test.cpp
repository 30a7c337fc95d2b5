// The venue and asset transfer without a network: the manifest a venue folder gives, and the
// client's side fed crafted messages (cached by hash, resumed from a partial file, and bad
// input refused with a message naming the file).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "atrium/net/asset_download.hpp"
#include "atrium/net/asset_manifest.hpp"
#include "atrium/net/protocol.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {

std::vector<std::uint8_t> someFile(std::size_t n, unsigned seed = 3) {
    std::vector<std::uint8_t> f(n);
    std::mt19937 rng(seed);
    for (auto& b : f) b = std::uint8_t(rng());
    return f;
}

std::filesystem::path freshDir(const char* name) {
    auto dir = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

void write(const std::filesystem::path& p, std::string_view text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

std::string read(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

AssetEntry entryOf(std::string path, const std::vector<std::uint8_t>& bytes) {
    return {std::move(path), std::uint32_t(bytes.size()), sha256(bytes)};
}

// Every manifest message through the readers, as a client receives them; the requests made.
std::vector<AssetRequestMsg> offer(AssetDownload& d, const AssetManifest& m) {
    std::vector<AssetRequestMsg> requests;
    for (const auto& bytes : encodeManifest(m)) {
        BitReader r(bytes);
        EXPECT_EQ(readHeader(r), MessageType::AssetEntry);
        auto e = readAssetEntry(r);
        EXPECT_TRUE(e);
        if (e) requests = d.entry(*e);
    }
    return requests;
}

// The chunks a server sends for `request` of entry `index`, `limit` bytes of them at most.
void serve(AssetDownload& d, std::uint32_t index, const std::vector<std::uint8_t>& file, std::uint32_t from, std::size_t limit = SIZE_MAX) {
    for (std::size_t at = from; at < file.size() && at - from < limit; at += kAssetChunkBytes) {
        auto bytes = encodeAssetChunk(index, std::uint32_t(at), std::span(file).subspan(at, std::min(kAssetChunkBytes, file.size() - at)));
        BitReader r(bytes);
        ASSERT_EQ(readHeader(r), MessageType::AssetChunk);
        auto m = readAssetChunk(r);
        ASSERT_TRUE(m);
        d.chunk(*m);
    }
}

struct Files {
    std::vector<std::uint8_t> venue = someFile(3000, 1), model = someFile(5000, 2), texture = someFile(700, 3);
    AssetManifest manifest{{entryOf("hall.venue.json", venue), entryOf("models/chair.glb", model), entryOf("models/tex/wood.png", texture)}};
    const std::vector<std::uint8_t>& bytes(std::uint32_t i) const { return i == 0 ? venue : i == 1 ? model : texture; }
};

void serveAll(AssetDownload& d, const Files& f, const std::vector<AssetRequestMsg>& requests) {
    for (const AssetRequestMsg& r : requests) {
        for (std::uint32_t i = 0; i < 3; ++i) {
            if (f.manifest.entries[i].path == r.path) serve(d, i, f.bytes(i), r.offset);
        }
    }
}

}  // namespace

TEST(AssetTransfer, MessagesRoundTripAndTruncatedOnesDoNotDecode) {
    AssetEntryMsg e{3, 1, {"models/chair.glb", 1234, sha256(someFile(10))}};
    auto bytes = encodeAssetEntry(e);
    BitReader r(bytes);
    ASSERT_EQ(readHeader(r), MessageType::AssetEntry);
    auto got = readAssetEntry(r);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->count, 3u);
    EXPECT_EQ(got->index, 1u);
    EXPECT_EQ(got->entry, e.entry);

    auto request = encodeAssetRequest({"a/b.bin", 4096});
    BitReader rr(request);
    ASSERT_EQ(readHeader(rr), MessageType::AssetRequest);
    auto req = readAssetRequest(rr);
    ASSERT_TRUE(req);
    EXPECT_EQ(req->path, "a/b.bin");
    EXPECT_EQ(req->offset, 4096u);

    auto chunk = encodeAssetChunk(2, 2048, std::vector<std::uint8_t>(10, 1));
    chunk.resize(chunk.size() - 3);
    BitReader rc(chunk);
    ASSERT_EQ(readHeader(rc), MessageType::AssetChunk);
    EXPECT_FALSE(readAssetChunk(rc));
    bytes.push_back(0);  // trailing garbage
    BitReader rt(bytes);
    ASSERT_EQ(readHeader(rt), MessageType::AssetEntry);
    EXPECT_FALSE(readAssetEntry(rt));
}

TEST(AssetTransfer, PathsThatLeaveTheVenueFolderAreRefused) {
    EXPECT_EQ(checkAssetPath("models/chair.glb"), "");
    EXPECT_EQ(checkAssetPath("a b/c..d.png"), "");
    EXPECT_NE(checkAssetPath("../secret").find("escaping"), std::string::npos);
    EXPECT_NE(checkAssetPath("models/../../x").find("escaping"), std::string::npos);
    EXPECT_NE(checkAssetPath("/etc/passwd").find("absolute"), std::string::npos);
    EXPECT_NE(checkAssetPath("C:/x.glb").find("colon"), std::string::npos);
    EXPECT_NE(checkAssetPath("a\\..\\b").find("backslash"), std::string::npos);
    EXPECT_NE(checkAssetPath("a//b").find("empty"), std::string::npos);
    EXPECT_NE(checkAssetPath("").find("empty"), std::string::npos);
    EXPECT_NE(checkAssetPath(std::string(300, 'a')).find("over 255"), std::string::npos);
    EXPECT_NE(checkAssetPath(std::string("a\nb")).find("control"), std::string::npos);
}

TEST(AssetTransfer, ADownloadIsCachedByHashLaidOutByPathAndTheSecondNeedsNothing) {
    auto dir = freshDir("atrium-asset-cache-test");
    Files f;
    AssetDownload first(dir, {});
    auto requests = offer(first, f.manifest);
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(first.transfer().state, AssetTransfer::State::Downloading);
    EXPECT_EQ(first.transfer().bytesTotal, 8700u);
    serveAll(first, f, requests);
    ASSERT_EQ(first.transfer().state, AssetTransfer::State::Ready) << first.transfer().error;
    EXPECT_EQ(first.transfer().downloadedBytes, 8700u);
    EXPECT_EQ(first.transfer().bytesDone, 8700u);
    // The venue folder has the files at their venue-relative paths.
    EXPECT_EQ(first.transfer().venueFile, first.transfer().venueFolder / "hall.venue.json");
    auto model = first.localPath("models/chair.glb");
    ASSERT_TRUE(model);
    EXPECT_EQ(*model, first.transfer().venueFolder / "models/chair.glb");
    EXPECT_EQ(read(*model), std::string(f.model.begin(), f.model.end()));
    EXPECT_EQ(read(*first.localPath("models/tex/wood.png")), std::string(f.texture.begin(), f.texture.end()));
    EXPECT_FALSE(first.localPath("models/other.glb"));
    EXPECT_TRUE(std::filesystem::is_empty(dir / "partial"));

    AssetDownload second(dir, {});
    EXPECT_TRUE(offer(second, f.manifest).empty()) << "cached: nothing to request";
    EXPECT_EQ(second.transfer().state, AssetTransfer::State::Ready);
    EXPECT_EQ(second.transfer().downloadedBytes, 0u);
    EXPECT_EQ(second.transfer().bytesDone, 8700u);
    EXPECT_EQ(read(second.transfer().venueFile), std::string(f.venue.begin(), f.venue.end()));
    std::filesystem::remove_all(dir);
}

TEST(AssetTransfer, OneFileAtTwoPathsIsFetchedOnce) {
    auto dir = freshDir("atrium-asset-twice-test");
    Files f;
    AssetManifest m = f.manifest;
    m.entries.push_back(entryOf("models/copy/chair.glb", f.model));
    AssetDownload d(dir, {});
    auto requests = offer(d, m);
    ASSERT_EQ(requests.size(), 3u);
    serveAll(d, f, requests);
    ASSERT_EQ(d.transfer().state, AssetTransfer::State::Ready) << d.transfer().error;
    EXPECT_EQ(d.transfer().downloadedBytes, 8700u);
    EXPECT_EQ(d.transfer().bytesDone, d.transfer().bytesTotal);
    EXPECT_EQ(read(*d.localPath("models/copy/chair.glb")), std::string(f.model.begin(), f.model.end()));
    std::filesystem::remove_all(dir);
}

TEST(AssetTransfer, APartialFileResumesFromWhereItStopped) {
    auto dir = freshDir("atrium-asset-resume-test");
    Files f;
    {
        AssetDownload cut(dir, {});
        auto requests = offer(cut, f.manifest);
        ASSERT_EQ(requests.size(), 3u);
        serve(cut, 0, f.venue, 0);
        serve(cut, 1, f.model, 0, 3 * kAssetChunkBytes);  // then the connection goes
        cut.suspend();
        EXPECT_EQ(cut.transfer().files[1].doneBytes, 3 * kAssetChunkBytes);
    }
    AssetDownload resumed(dir, {});
    auto requests = offer(resumed, f.manifest);
    ASSERT_EQ(requests.size(), 2u) << "the venue file is cached";
    EXPECT_EQ(requests[0].path, "models/chair.glb");
    EXPECT_EQ(requests[0].offset, 3 * kAssetChunkBytes);
    EXPECT_EQ(requests[1].offset, 0u);
    EXPECT_EQ(resumed.transfer().resumedBytes, 3 * kAssetChunkBytes);
    serveAll(resumed, f, requests);
    ASSERT_EQ(resumed.transfer().state, AssetTransfer::State::Ready) << resumed.transfer().error;
    EXPECT_EQ(resumed.transfer().downloadedBytes, f.model.size() - 3 * kAssetChunkBytes + f.texture.size());
    EXPECT_EQ(read(*resumed.localPath("models/chair.glb")), std::string(f.model.begin(), f.model.end()));
    std::filesystem::remove_all(dir);
}

TEST(AssetTransfer, OversizedCorruptMismatchedAndEscapingTransfersAreRefusedNamingTheFile) {
    auto dir = freshDir("atrium-asset-refused-test");
    Files f;
    AssetDownload small(dir, {.fileMaxBytes = 4000});
    EXPECT_TRUE(offer(small, f.manifest).empty());
    EXPECT_EQ(small.transfer().state, AssetTransfer::State::Failed);
    EXPECT_NE(small.transfer().error.find("\"models/chair.glb\" refused: offered at 5000 bytes, over the 4000-byte cap"), std::string::npos)
        << small.transfer().error;

    AssetDownload total(dir, {.venueMaxBytes = 8000});
    EXPECT_TRUE(offer(total, f.manifest).empty());
    EXPECT_NE(total.transfer().error.find("\"models/tex/wood.png\" refused: the venue's files come to over the 8000-byte cap"),
              std::string::npos)
        << total.transfer().error;

    AssetDownload escape(dir, {});
    AssetManifest evil = f.manifest;
    evil.entries[2].path = "../../.bashrc";
    EXPECT_TRUE(offer(escape, evil).empty());
    EXPECT_NE(escape.transfer().error.find("\"../../.bashrc\" refused: a path escaping the venue folder"), std::string::npos)
        << escape.transfer().error;
    EXPECT_FALSE(std::filesystem::exists(dir / "venues"));

    AssetDownload mismatch(dir, {});
    AssetManifest lying = f.manifest;
    lying.entries[1].hash = sha256(f.texture);
    auto requests = offer(mismatch, lying);
    serve(mismatch, 0, f.venue, 0);
    serve(mismatch, 1, f.model, 0);
    EXPECT_EQ(mismatch.transfer().state, AssetTransfer::State::Failed);
    EXPECT_NE(mismatch.transfer().error.find("\"models/chair.glb\" hash mismatch: SHA-256 " + toHex(sha256(f.model))), std::string::npos)
        << mismatch.transfer().error;
    EXPECT_FALSE(std::filesystem::exists(dir / "blobs" / toHex(sha256(f.texture)))) << "nothing unchecked is kept";
    EXPECT_TRUE(std::filesystem::is_empty(dir / "partial"));

    AssetDownload corrupt(freshDir("atrium-asset-corrupt-test"), {});
    offer(corrupt, f.manifest);
    corrupt.chunk({1, 2048, std::vector<std::uint8_t>(10, 1)});  // not where the file is up to
    EXPECT_EQ(corrupt.transfer().state, AssetTransfer::State::Failed);
    EXPECT_NE(corrupt.transfer().error.find("corrupt: \"models/chair.glb\": a chunk of 10 bytes at 2048, expected at 0 of 5000 bytes"),
              std::string::npos)
        << corrupt.transfer().error;

    AssetDownload overrun(freshDir("atrium-asset-overrun-test"), {});
    offer(overrun, f.manifest);
    overrun.chunk({2, 0, std::vector<std::uint8_t>(701, 1)});  // past the offered size
    EXPECT_NE(overrun.transfer().error.find("\"models/tex/wood.png\""), std::string::npos) << overrun.transfer().error;

    AssetDownload stray(freshDir("atrium-asset-stray-test"), {});
    offer(stray, f.manifest);
    stray.chunk({7, 0, std::vector<std::uint8_t>(10, 1)});
    EXPECT_NE(stray.transfer().error.find("entry 7 of a 3-entry manifest"), std::string::npos) << stray.transfer().error;
    std::filesystem::remove_all(dir);
}

TEST(AssetTransfer, AMalformedManifestIsRefused) {
    auto dir = freshDir("atrium-asset-manifest-test");
    Files f;
    AssetDownload d(dir, {});
    d.entry({3, 0, f.manifest.entries[0]});
    d.entry({3, 2, f.manifest.entries[2]});  // entry 1 skipped
    EXPECT_EQ(d.transfer().state, AssetTransfer::State::Failed);
    EXPECT_NE(d.transfer().error.find("manifest malformed: entry 2 of 3 (\"models/tex/wood.png\") after 1 of 3"), std::string::npos)
        << d.transfer().error;

    AssetDownload twice(dir, {});
    AssetManifest dup = f.manifest;
    dup.entries[2].path = dup.entries[1].path;
    offer(twice, dup);
    EXPECT_NE(twice.transfer().error.find("\"models/chair.glb\" listed twice"), std::string::npos) << twice.transfer().error;

    // A new manifest (a reconnect's) starts over after a failure.
    offer(twice, f.manifest);
    EXPECT_EQ(twice.transfer().state, AssetTransfer::State::Downloading);
    std::filesystem::remove_all(dir);
}

TEST(AssetTransfer, ATamperedCachedFileIsNotTrusted) {
    auto dir = freshDir("atrium-asset-stale-test");
    Files f;
    write(dir / "blobs" / toHex(f.manifest.entries[1].hash), std::string(5000, 'x'));
    AssetDownload d(dir, {});
    auto requests = offer(d, f.manifest);
    ASSERT_EQ(requests.size(), 3u) << "a cached file that does not hash right is downloaded again";
    serveAll(d, f, requests);
    EXPECT_EQ(d.transfer().state, AssetTransfer::State::Ready) << d.transfer().error;
    EXPECT_EQ(read(*d.localPath("models/chair.glb")), std::string(f.model.begin(), f.model.end()));
    std::filesystem::remove_all(dir);
}

TEST(AssetTransfer, TheManifestListsTheVenueItsModelsTheirFilesAndItsAvatars) {
    auto dir = freshDir("atrium-asset-manifest-venue-test");
    const auto data = std::filesystem::path(ATRIUM_TEST_DATA) / "gltf/models";
    std::filesystem::create_directories(dir / "models/cube");
    std::filesystem::copy_file(data / "AnimatedMorphCube/AnimatedMorphCube.gltf", dir / "models/cube/AnimatedMorphCube.gltf");
    std::filesystem::copy_file(data / "AnimatedMorphCube/AnimatedMorphCube.bin", dir / "models/cube/AnimatedMorphCube.bin");
    std::filesystem::copy_file(data / "BoxTextured.glb", dir / "models/box.glb");
    write(dir / "media/intro.mp4", "not really a film");
    write(dir / "media/booth1.mp4", "a booth's first film");
    write(dir / "media/booth2.mp4", "and its second");
    write(dir / "people/guide.glb", "glTF");  // read as glTF only for its URIs: refused below
    write(dir / "hall.venue.json", R"({"format": "atrium.venue", "version": 1, "name": "hall", "avatars": ["models/box.glb"],
        "entities": [
          {"id": "1", "components": {"meshRenderer": {"mesh": "models/cube/AnimatedMorphCube.gltf#0", "material": "builtin:wood"}}},
          {"id": "2", "components": {"meshRenderer": {"mesh": "./models/box.glb"}, "collider": {"mesh": "models/box.glb"}}},
          {"id": "3", "components": {"mediaScreen": {"source": "media/intro.mp4"}}},
          {"id": "4", "components": {"mediaScreen": {"source": "https://example.org/live.m3u8"}, "kit": {"generator": "stage"}}},
          {"id": "5", "components": {"mediaScreen": {"playlist": ["media/booth1.mp4", "https://example.org/x.mp4", "media/booth2.mp4"]}}}
        ]})");
    Result<VenueAssets> assets = collectVenueAssets(dir / "hall.venue.json");
    ASSERT_TRUE(assets) << assets.error().toString();
    std::vector<std::string> paths;
    for (const AssetEntry& e : assets->manifest.entries) paths.push_back(e.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"hall.venue.json", "models/cube/AnimatedMorphCube.gltf", "models/cube/AnimatedMorphCube.bin",
                                               "models/box.glb", "media/intro.mp4", "media/booth1.mp4", "media/booth2.mp4"}));
    EXPECT_EQ(assets->manifest.entries[2].size, std::filesystem::file_size(data / "AnimatedMorphCube/AnimatedMorphCube.bin"));
    EXPECT_EQ(assets->manifest.entries[3].hash, *sha256File(data / "BoxTextured.glb"));
    EXPECT_EQ(assets->files[4], dir / "media/intro.mp4");

    // The avatars branch's venue-level list is walked too; a broken glTF is named.
    write(dir / "guide.venue.json", R"({"entities": [], "avatars": ["people/guide.glb"]})");
    Result<VenueAssets> guide = collectVenueAssets(dir / "guide.venue.json");
    ASSERT_FALSE(guide);
    EXPECT_NE(guide.error().toString().find("people/guide.glb: not a readable glTF file"), std::string::npos) << guide.error().toString();

    write(dir / "escape.venue.json", R"({"entities": [{"components": {"meshRenderer": {"mesh": "models/../../outside.glb"}}}]})");
    Result<VenueAssets> escape = collectVenueAssets(dir / "escape.venue.json");
    ASSERT_FALSE(escape);
    EXPECT_NE(escape.error().toString().find(
                  "entities[0].components.meshRenderer.mesh: \"models/../../outside.glb\": a path escaping the venue folder"),
              std::string::npos)
        << escape.error().toString();

    write(dir / "missing.venue.json", R"({"entities": [{"components": {"avatar": {"model": "people/nobody.glb"}}}]})");
    Result<VenueAssets> missing = collectVenueAssets(dir / "missing.venue.json");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().toString().find("\"people/nobody.glb\": no such file"), std::string::npos) << missing.error().toString();

    Result<VenueAssets> capped = collectVenueAssets(dir / "hall.venue.json", {.fileMaxBytes = 1000});
    ASSERT_FALSE(capped);
    EXPECT_NE(capped.error().toString().find("over the 1000-byte cap on a file"), std::string::npos) << capped.error().toString();
    std::filesystem::remove_all(dir);
}
