#include "atrium/net/asset_manifest.hpp"

#include <cstring>
#include <fstream>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

namespace atrium::net {
namespace {

using Json = nlohmann::json;

// Component fields that hold a file reference, and whether it may carry a "#mesh" suffix.
struct AssetField {
    const char* component;
    const char* field;
    bool meshRef;
};
constexpr AssetField kAssetFields[] = {
    {"meshRenderer", "mesh", true}, {"meshRenderer", "material", false}, {"collider", "mesh", true},
    {"avatar", "model", true},      {"mediaScreen", "source", false},    {"kit", "material", false},
};

struct Reference {
    std::string path;   // as written, "#mesh" suffix dropped, '/'-separated and normalised
    std::string where;  // "entities[3].components.meshRenderer.mesh", for the error
};

std::optional<std::string> fileReference(std::string ref, bool meshRef) {
    if (ref.empty() || ref.rfind("builtin:", 0) == 0 || ref.rfind("data:", 0) == 0 || ref.find("://") != std::string::npos) return std::nullopt;
    if (std::size_t hash = ref.rfind('#'); meshRef && hash != std::string::npos) ref.resize(hash);
    return ref;
}

// "a/./b/../c" is "a/c"; what still starts with ".." escapes, and checkAssetPath says so.
std::string normalise(const std::filesystem::path& p) {
    std::string s = p.lexically_normal().generic_string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

std::vector<Reference> venueReferences(const Json& venue) {
    std::vector<Reference> out;
    const Json* entities = venue.contains("entities") ? &venue["entities"] : nullptr;
    for (std::size_t i = 0; entities && entities->is_array() && i < entities->size(); ++i) {
        const Json& e = (*entities)[i];
        if (!e.is_object() || !e.contains("components") || !e["components"].is_object()) continue;
        const Json& comps = e["components"];
        for (const AssetField& f : kAssetFields) {
            auto c = comps.find(f.component);
            if (c == comps.end() || !c->is_object()) continue;
            auto v = c->find(f.field);
            if (v == c->end() || !v->is_string()) continue;
            if (auto ref = fileReference(v->get<std::string>(), f.meshRef)) {
                out.push_back({*ref, "entities[" + std::to_string(i) + "].components." + f.component + "." + f.field});
            }
        }
        // A screen's playlist: each item a file like its source.
        if (auto c = comps.find("mediaScreen"); c != comps.end() && c->is_object()) {
            auto list = c->find("playlist");
            for (std::size_t k = 0; list != c->end() && list->is_array() && k < list->size(); ++k) {
                const Json& item = (*list)[k];
                if (!item.is_string()) continue;  // the venue loader reports the type
                if (auto ref = fileReference(item.get<std::string>(), false))
                    out.push_back({*ref, "entities[" + std::to_string(i) + "].components.mediaScreen.playlist[" + std::to_string(k) + "]"});
            }
        }
    }
    if (auto avatars = venue.find("avatars"); avatars != venue.end() && avatars->is_array()) {
        for (std::size_t i = 0; i < avatars->size(); ++i) {
            const Json& a = (*avatars)[i];
            if (!a.is_string()) continue;  // the venue loader reports the type
            if (auto ref = fileReference(a.get<std::string>(), true)) out.push_back({*ref, "avatars[" + std::to_string(i) + "]"});
        }
    }
    return out;
}

// glTF URIs are percent-encoded (glTF 2.0, 2.2): "my%20model.bin" is the file "my model.bin".
std::string percentDecode(const std::string& uri) {
    std::string out;
    for (std::size_t i = 0; i < uri.size(); ++i) {
        auto hex = [](char c) { return std::isxdigit(std::uint8_t(c)) ? std::stoi(std::string(1, c), nullptr, 16) : -1; };
        if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
            out += char(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
            i += 2;
        } else {
            out += uri[i];
        }
    }
    return out;
}

// A .gltf is JSON; a .glb holds its JSON in the first chunk (glTF 2.0, 4.4).
std::optional<Json> gltfJson(const std::filesystem::path& file) {
    std::ifstream f(file, std::ios::binary);
    if (!f) return std::nullopt;
    std::string ext = file.extension().string();
    for (char& c : ext) c = char(std::tolower(std::uint8_t(c)));
    if (ext == ".gltf") {
        Json doc = Json::parse(f, nullptr, false);
        return doc.is_object() ? std::optional(std::move(doc)) : std::nullopt;
    }
    std::uint32_t header[5] = {};
    if (!f.read(reinterpret_cast<char*>(header), sizeof header)) return std::nullopt;
    constexpr std::uint32_t kMagic = 0x46546C67, kJsonChunk = 0x4E4F534A;
    if (header[0] != kMagic || header[4] != kJsonChunk || header[3] > (64u << 20)) return std::nullopt;
    std::string text(header[3], '\0');
    if (!f.read(text.data(), std::streamsize(text.size()))) return std::nullopt;
    Json doc = Json::parse(text, nullptr, false);
    return doc.is_object() ? std::optional(std::move(doc)) : std::nullopt;
}

bool isGltf(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = char(std::tolower(std::uint8_t(c)));
    return ext == ".gltf" || ext == ".glb";
}

// The buffers and images a glTF file names by URI, venue-relative like the file itself.
Result<std::vector<Reference>> gltfReferences(const std::filesystem::path& file, const std::string& venuePath, const std::string& label) {
    std::optional<Json> doc = gltfJson(file);
    if (!doc) return Error{"not a readable glTF file", label, venuePath};
    std::vector<Reference> out;
    const std::filesystem::path dir = std::filesystem::path(venuePath).parent_path();
    for (const char* list : {"buffers", "images"}) {
        auto items = doc->find(list);
        if (items == doc->end() || !items->is_array()) continue;
        for (std::size_t i = 0; i < items->size(); ++i) {
            const Json& item = (*items)[i];
            if (!item.is_object() || !item.contains("uri") || !item["uri"].is_string()) continue;
            std::string uri = item["uri"].get<std::string>();
            if (uri.rfind("data:", 0) == 0) continue;
            out.push_back({normalise(dir / percentDecode(uri)), venuePath + ": " + list + "[" + std::to_string(i) + "].uri"});
        }
    }
    return out;
}

struct Collector {
    std::filesystem::path root;
    std::string label;  // the venue file's name, for errors
    VenueAssetLimits limits;
    VenueAssets out;
    std::set<std::string> seen;
    std::uint64_t total = 0;

    Status add(const std::string& path, const std::filesystem::path& file, const std::string& where) {
        std::error_code ec;
        std::uintmax_t size = std::filesystem::file_size(file, ec);
        if (ec || !std::filesystem::is_regular_file(file, ec)) return Error{"\"" + path + "\": no such file", label, where};
        std::uint64_t cap = std::min<std::uint64_t>(limits.fileMaxBytes, std::numeric_limits<std::uint32_t>::max());
        if (size > cap)
            return Error{"\"" + path + "\" is " + std::to_string(size) + " bytes, over the " + std::to_string(cap) + "-byte cap on a file",
                         label, where};
        total += size;
        if (total > limits.venueMaxBytes) {
            return Error{"the venue's files come to over the " + std::to_string(limits.venueMaxBytes) + "-byte cap at \"" + path + "\"", label,
                         where};
        }
        std::optional<Sha256> hash = sha256File(file);
        if (!hash) return Error{"\"" + path + "\": cannot be read", label, where};
        out.manifest.entries.push_back({path, std::uint32_t(size), *hash});
        out.files.push_back(file);
        if (out.files.size() > kMaxManifestEntries) return Error{"over " + std::to_string(kMaxManifestEntries) + " files", label, where};
        return Ok{};
    }

    Status reference(const Reference& ref) {
        std::string path = normalise(ref.path);
        if (std::string why = checkAssetPath(path); !why.empty()) return Error{"\"" + ref.path + "\": " + why, label, ref.where};
        if (!seen.insert(path).second) return Ok{};
        std::filesystem::path file = root / path;
        if (Status s = add(path, file, ref.where); !s) return s;
        if (!isGltf(path)) return Ok{};
        Result<std::vector<Reference>> inner = gltfReferences(file, path, label);
        if (!inner) return inner.error();
        for (const Reference& r : *inner) {
            if (Status s = reference(r); !s) return s;
        }
        return Ok{};
    }
};

}  // namespace

Result<VenueAssets> collectVenueAssets(const std::filesystem::path& venueFile, const VenueAssetLimits& limits) {
    Collector c{venueFile.parent_path(), venueFile.filename().string(), limits, {}, {}, 0};
    std::string name = venueFile.filename().string();
    if (std::string why = checkAssetPath(name); !why.empty()) return Error{"the venue file's name: " + why, venueFile.string()};
    if (Status s = c.add(name, venueFile, ""); !s) return s.error();
    c.seen.insert(name);
    std::ifstream f(venueFile, std::ios::binary);
    Json venue = Json::parse(f, nullptr, false);
    if (!venue.is_object()) return Error{"not a venue file (not a JSON object)", venueFile.string()};
    for (const Reference& ref : venueReferences(venue)) {
        if (Status s = c.reference(ref); !s) return s.error();
    }
    return std::move(c.out);
}

}  // namespace atrium::net
