#include "atrium/assets/venue_budget.hpp"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "atrium/assets/procedural_mesh.hpp"

namespace atrium {

namespace {

std::uint64_t fileSize(const std::filesystem::path& p) {
    std::error_code ec;
    std::uintmax_t n = std::filesystem::file_size(p, ec);
    return ec ? 0 : std::uint64_t(n);
}

// A .gltf names its buffers and images by URI; they download with it.
std::vector<std::filesystem::path> externalFiles(const std::filesystem::path& gltf) {
    std::vector<std::filesystem::path> out;
    if (gltf.extension() != ".gltf") return out;
    std::ifstream in(gltf);
    nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
    if (!doc.is_object()) return out;
    for (const char* list : {"buffers", "images"}) {
        auto it = doc.find(list);
        if (it == doc.end() || !it->is_array()) continue;
        for (const nlohmann::json& item : *it) {
            if (!item.is_object() || !item.contains("uri") || !item["uri"].is_string()) continue;
            std::string uri = item["uri"].get<std::string>();
            if (uri.rfind("data:", 0) == 0) continue;
            out.push_back(gltf.parent_path() / uri);
        }
    }
    return out;
}

// RGBA8 with a full mip chain: four thirds of the top level.
std::uint64_t textureBytes(const Texture& t, bool mipmaps) {
    std::uint64_t top = std::uint64_t(t.width) * t.height * 4;
    return mipmaps ? top * 4 / 3 : top;
}

std::string humanCount(double v) {
    char buf[32];
    if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.2f M", v / 1e6);
    else if (v >= 1e4) std::snprintf(buf, sizeof buf, "%.0f k", v / 1e3);
    else std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

std::string humanBytes(double v) {
    char buf[32];
    if (v >= double(1 << 30)) std::snprintf(buf, sizeof buf, "%.2f GiB", v / double(1 << 30));
    else if (v >= double(1 << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", v / double(1 << 20));
    else std::snprintf(buf, sizeof buf, "%.0f KiB", v / 1024.0);
    return buf;
}

}  // namespace

VenueBudget measureVenueBudget(const World& world, AssetCache& assets, const std::filesystem::path& venueFile) {
    VenueBudget b;
    std::set<std::string> materials, textures, files, missing;
    std::unordered_map<std::string, std::optional<MeshRef>> meshes;  // reference -> mesh (empty: failed)
    if (!venueFile.empty()) {
        b.fileBytes += fileSize(venueFile);
        files.insert(venueFile.string());
    }
    auto countFile = [&](const std::filesystem::path& p) {
        if (files.insert(p.string()).second) b.fileBytes += fileSize(p);
    };

    if (const ComponentPool<MeshRenderer>* pool = world.findPool<MeshRenderer>()) {
        auto comps = pool->components();
        for (const MeshRenderer& mr : comps) {
            if (!mr.visible) continue;
            auto [it, fresh] = meshes.emplace(mr.mesh, std::nullopt);
            if (fresh) {
                Result<MeshRef> ref = assets.resolveMesh(mr.mesh);
                if (!ref) {
                    missing.insert("mesh \"" + mr.mesh + "\": " + ref.error().toString());
                    continue;
                }
                it->second = *ref;
                const std::string& path = ref->model->path;
                if (path.rfind("builtin:", 0) != 0) {
                    countFile(path);
                    for (const std::filesystem::path& f : externalFiles(path)) countFile(f);
                }
            }
            if (!it->second) continue;
            ++b.drawnMeshes;
            const Model* model = it->second->model.get();
            const Material* override = mr.material.empty() ? nullptr : builtinMaterial(mr.material);
            for (const MeshPrimitive& p : it->second->get().primitives) {
                if (p.mode != PrimitiveMode::Triangles) continue;
                b.triangles += (p.indices.empty() ? p.positions.size() : p.indices.size()) / 3;
                if (override) {
                    materials.insert(mr.material);
                    continue;
                }
                if (p.material < 0 || std::size_t(p.material) >= model->materials.size()) {
                    materials.insert("default");
                    continue;
                }
                materials.insert(model->path + "#" + std::to_string(p.material));
                const Material& m = model->materials[std::size_t(p.material)];
                for (const TextureSlot* s :
                     {&m.baseColorTexture, &m.metallicRoughnessTexture, &m.normalTexture, &m.occlusionTexture, &m.emissiveTexture}) {
                    if (!s->present() || std::size_t(s->texture) >= model->textures.size()) continue;
                    if (textures.insert(model->path + "#" + std::to_string(s->texture)).second) {
                        const Texture& t = model->textures[std::size_t(s->texture)];
                        b.textureBytes += textureBytes(t, t.sampler.mipmaps);
                    }
                }
            }
        }
    }
    b.materials = std::uint32_t(materials.size());
    b.textures = std::uint32_t(textures.size());

    if (const ComponentPool<MediaScreen>* screens = world.findPool<MediaScreen>()) {
        const auto entities = screens->entities();
        const auto comps = screens->components();
        for (std::size_t i = 0; i < comps.size(); ++i) {
            const MediaScreen& s = comps[i];
            bool video = false;
            for (const std::string& item : s.items()) {
                std::string ext = std::filesystem::path(item.substr(0, item.find('?'))).extension().string();
                for (char& ch : ext) ch = char(std::tolower(static_cast<unsigned char>(ch)));
                video |= item.find("://") != std::string::npos ? ext != ".pdf"
                                                               : ext != ".pdf" && ext != ".png" && ext != ".jpg" && ext != ".jpeg";
                if (s.playlist.empty() || item.find("://") != std::string::npos) continue;
                std::filesystem::path p(item);
                if (p.is_relative() && !assets.root().empty()) p = assets.root() / p;
                countFile(p);
            }
            if (video) {
                ++b.videoScreens;
                const Name* n = world.get<Name>(entities[i]);
                b.videoScreenNames.push_back(n ? n->value : toHex(world.stableId(entities[i])));
            }
            // The renderer clamps screens to 4096 a side; the picture has no mipmaps.
            std::uint64_t w = std::min<std::uint32_t>(std::max<std::uint32_t>(s.resolutionX, 1), 4096);
            std::uint64_t h = std::min<std::uint32_t>(std::max<std::uint32_t>(s.resolutionY, 1), 4096);
            b.textureBytes += w * h * 4;
            ++b.textures;
            if (!s.source.empty()) {
                std::filesystem::path p(s.source);
                if (p.is_relative() && !assets.root().empty()) p = assets.root() / p;
                countFile(p);
            }
        }
    }

    bool sun = false;  // the first directional light is the sun (the renderer's rule)
    if (const ComponentPool<Light>* lights = world.findPool<Light>()) {
        for (const Light& l : lights->components()) {
            bool isSun = l.type == Light::Type::Directional && !sun;
            if (l.type == Light::Type::Directional) sun = true;
            else ++b.pointLights;
            if (l.castShadows && !isSun) ++b.extraShadowLights;
        }
    }
    b.missingAssets.assign(missing.begin(), missing.end());
    return b;
}

namespace {

// The screens past the limit are named (the first `limit` in venue order fit), so the author knows
// which ones to turn into slides or pictures.
BudgetLine videoLine(const VenueBudget& b, const BudgetLimits& l) {
    BudgetLine line{"video screens playing", double(b.videoScreens), double(l.videoScreens), humanCount(double(b.videoScreens)),
                    humanCount(double(l.videoScreens))};
    if (!line.over()) return line;
    line.detail = "past the limit: ";
    for (std::size_t i = l.videoScreens; i < b.videoScreenNames.size(); ++i)
        line.detail += (i == l.videoScreens ? "\"" : ", \"") + b.videoScreenNames[i] + "\"";
    return line;
}

}  // namespace

std::vector<BudgetLine> checkBudget(const VenueBudget& b, const BudgetLimits& l) {
    auto count = [](const char* what, double used, double limit) { return BudgetLine{what, used, limit, humanCount(used), humanCount(limit)}; };
    auto bytes = [](const char* what, double used, double limit) { return BudgetLine{what, used, limit, humanBytes(used), humanBytes(limit)}; };
    return {
        count("triangles", double(b.triangles), double(l.triangles)),
        count("materials", double(b.materials), double(l.materials)),
        bytes("texture memory", double(b.textureBytes), double(l.textureBytes)),
        count("point and spot lights", double(b.pointLights), double(l.pointLights)),
        count("shadowed lights besides the sun", double(b.extraShadowLights), double(l.extraShadowLights)),
        bytes("download size", double(b.fileBytes), double(l.fileBytes)),
        videoLine(b, l),
    };
}

}  // namespace atrium
