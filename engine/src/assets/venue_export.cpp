#include "atrium/assets/venue_export.hpp"

#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include <stb_image_write.h>
#include <tiny_gltf.h>
#include <nlohmann/json.hpp>

#include "atrium/assets/procedural_mesh.hpp"
#include "atrium/scene/venue_file.hpp"

namespace atrium {
namespace {

using Json = nlohmann::json;
using tinygltf::Value;

Value toValue(const Json& j) {
    switch (j.type()) {
        case Json::value_t::object: {
            Value::Object o;
            for (auto it = j.begin(); it != j.end(); ++it) o[it.key()] = toValue(*it);
            return Value(std::move(o));
        }
        case Json::value_t::array: {
            Value::Array a;
            for (const Json& e : j) a.push_back(toValue(e));
            return Value(std::move(a));
        }
        case Json::value_t::string: return Value(j.get<std::string>());
        case Json::value_t::boolean: return Value(j.get<bool>());
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
            if (j.get<double>() >= -2147483648.0 && j.get<double>() <= 2147483647.0) return Value(j.get<int>());
            return Value(j.get<double>());
        case Json::value_t::number_float: return Value(j.get<double>());
        default: return Value();
    }
}

class GlbWriter {
public:
    explicit GlbWriter(AssetCache& assets) : assets_(assets) {
        out_.asset.version = "2.0";
        out_.asset.generator = "Atrium venue export";
        out_.buffers.emplace_back();
    }

    Status addEntity(const World& world, Entity e, int parentNode) {
        int index = int(out_.nodes.size());
        out_.nodes.emplace_back();
        if (parentNode >= 0) out_.nodes[std::size_t(parentNode)].children.push_back(index);
        else out_.scenes[0].nodes.push_back(index);
        {
            tinygltf::Node& node = out_.nodes.back();
            if (const Name* n = world.get<Name>(e)) node.name = n->value;
            if (const Transform* t = world.get<Transform>(e)) {
                node.translation = {t->position.x, t->position.y, t->position.z};
                node.rotation = {t->rotation.x, t->rotation.y, t->rotation.z, t->rotation.w};
                node.scale = {t->scale.x, t->scale.y, t->scale.z};
            }
        }
        if (const MeshRenderer* mr = world.get<MeshRenderer>(e); mr && mr->visible) {
            auto mesh = meshFor(*mr);
            if (!mesh) return Error{"entity " + toHex(world.stableId(e)) + ": " + mesh.error().toString()};
            out_.nodes[std::size_t(index)].mesh = *mesh;
        }
        addExtensions(world, e, out_.nodes[std::size_t(index)]);
        for (Entity c : world.children(e)) {
            if (Status s = addEntity(world, c, index); !s.ok()) return s;
        }
        return Ok{};
    }

    Result<std::string> finish(VenueExportReport* report) {
        if (!shapes_.empty()) {
            Value::Object ext;
            ext["shapes"] = Value(shapes_);
            out_.extensions["OMI_physics_shape"] = Value(std::move(ext));
        }
        for (const std::string& e : used_) out_.extensionsUsed.push_back(e);
        out_.buffers[0].data = std::move(bytes_);
        std::ostringstream stream;
        tinygltf::TinyGLTF writer;
        if (!writer.WriteGltfSceneToStream(&out_, stream, false, true)) return Error{"tinygltf could not write the .glb"};
        if (report) {
            report->nodes = out_.nodes.size();
            report->meshes = out_.meshes.size();
            report->materials = out_.materials.size();
            report->textures = out_.textures.size();
            report->warnings = warnings_;
        }
        return stream.str();
    }

    tinygltf::Model& model() { return out_; }

private:
    // Appends raw bytes to the one buffer, 4-byte aligned as accessors require.
    int addView(const void* data, std::size_t size, int target) {
        while (bytes_.size() % 4) bytes_.push_back(0);
        tinygltf::BufferView view;
        view.buffer = 0;
        view.byteOffset = bytes_.size();
        view.byteLength = size;
        view.target = target;
        const auto* p = static_cast<const unsigned char*>(data);
        bytes_.insert(bytes_.end(), p, p + size);
        out_.bufferViews.push_back(view);
        return int(out_.bufferViews.size() - 1);
    }

    template <typename T>
    int addAccessor(const std::vector<T>& values, int components, int type, bool withBounds = false) {
        tinygltf::Accessor a;
        a.bufferView = addView(values.data(), values.size() * sizeof(T), TINYGLTF_TARGET_ARRAY_BUFFER);
        a.componentType = TINYGLTF_COMPONENT_TYPE_FLOAT;
        a.count = values.size();
        a.type = type;
        if (withBounds) {  // POSITION needs min and max
            std::vector<double> mn(std::size_t(components), 1e30), mx(std::size_t(components), -1e30);
            for (const T& v : values) {
                for (int c = 0; c < components; ++c) {
                    mn[std::size_t(c)] = std::min(mn[std::size_t(c)], double(v[c]));
                    mx[std::size_t(c)] = std::max(mx[std::size_t(c)], double(v[c]));
                }
            }
            a.minValues = mn;
            a.maxValues = mx;
        }
        out_.accessors.push_back(a);
        return int(out_.accessors.size() - 1);
    }

    int addTexture(const Texture& t) {
        if (t.pixels.empty()) return -1;
        auto key = &t;
        if (auto it = textures_.find(key); it != textures_.end()) return it->second;
        std::vector<unsigned char> png;
        stbi_write_png_to_func(
            [](void* ctx, void* data, int size) {
                auto* v = static_cast<std::vector<unsigned char>*>(ctx);
                v->insert(v->end(), static_cast<unsigned char*>(data), static_cast<unsigned char*>(data) + size);
            },
            &png, int(t.width), int(t.height), 4, t.pixels.data(), int(t.width * 4));
        tinygltf::Image image;
        image.name = t.name;
        image.mimeType = "image/png";
        image.bufferView = addView(png.data(), png.size(), 0);
        out_.bufferViews.back().target = 0;
        out_.images.push_back(image);
        tinygltf::Texture tex;
        tex.source = int(out_.images.size() - 1);
        out_.textures.push_back(tex);
        return textures_[key] = int(out_.textures.size() - 1);
    }

    int addMaterial(const Model* model, const Material& m, const vec4& tint, const std::string& key) {
        if (auto it = materials_.find(key); it != materials_.end()) return it->second;
        tinygltf::Material g;
        g.name = m.name;
        vec4 base = m.baseColorFactor * tint;
        g.pbrMetallicRoughness.baseColorFactor = {base.r, base.g, base.b, base.a};
        g.pbrMetallicRoughness.metallicFactor = m.metallicFactor;
        g.pbrMetallicRoughness.roughnessFactor = m.roughnessFactor;
        vec3 emissive = m.emissiveFactor * m.emissiveStrength;
        float peak = std::max({emissive.r, emissive.g, emissive.b, 1.0f});
        g.emissiveFactor = {emissive.r / peak, emissive.g / peak, emissive.b / peak};
        g.alphaMode = m.alphaMode == AlphaMode::Blend ? "BLEND" : m.alphaMode == AlphaMode::Mask ? "MASK" : "OPAQUE";
        g.alphaCutoff = m.alphaCutoff;
        g.doubleSided = m.doubleSided;
        auto slot = [&](const TextureSlot& s) { return model && s.present() ? addTexture(model->textures[std::size_t(s.texture)]) : -1; };
        g.pbrMetallicRoughness.baseColorTexture.index = slot(m.baseColorTexture);
        g.pbrMetallicRoughness.baseColorTexture.texCoord = m.baseColorTexture.texCoord;
        g.pbrMetallicRoughness.metallicRoughnessTexture.index = slot(m.metallicRoughnessTexture);
        g.normalTexture.index = slot(m.normalTexture);
        g.normalTexture.scale = m.normalTexture.scale;
        g.occlusionTexture.index = slot(m.occlusionTexture);
        g.emissiveTexture.index = slot(m.emissiveTexture);
        out_.materials.push_back(g);
        return materials_[key] = int(out_.materials.size() - 1);
    }

    Result<int> meshFor(const MeshRenderer& mr) {
        std::ostringstream keyStream;
        keyStream << mr.mesh << '|' << mr.material << '|' << mr.tint.r << ',' << mr.tint.g << ',' << mr.tint.b << ',' << mr.tint.a;
        std::string key = keyStream.str();
        if (auto it = meshes_.find(key); it != meshes_.end()) return it->second;
        Result<MeshRef> ref = assets_.resolveMesh(mr.mesh);
        if (!ref) return ref.error();
        const Model& model = *ref->model;
        const Material* override = nullptr;
        if (!mr.material.empty()) {
            override = builtinMaterial(mr.material);
            if (!override) return Error{"unknown material \"" + mr.material + "\""};
        }
        tinygltf::Mesh mesh;
        mesh.name = ref->get().name;
        for (const MeshPrimitive& p : ref->get().primitives) {
            if (p.mode != PrimitiveMode::Triangles) {
                warnings_.push_back(mr.mesh + ": a points or lines primitive was left out");
                continue;
            }
            tinygltf::Primitive g;
            g.mode = TINYGLTF_MODE_TRIANGLES;
            g.attributes["POSITION"] = addAccessor(p.positions, 3, TINYGLTF_TYPE_VEC3, true);
            if (!p.normals.empty()) g.attributes["NORMAL"] = addAccessor(p.normals, 3, TINYGLTF_TYPE_VEC3);
            if (!p.tangents.empty()) g.attributes["TANGENT"] = addAccessor(p.tangents, 4, TINYGLTF_TYPE_VEC4);
            if (!p.uv0.empty()) g.attributes["TEXCOORD_0"] = addAccessor(p.uv0, 2, TINYGLTF_TYPE_VEC2);
            if (!p.uv1.empty()) g.attributes["TEXCOORD_1"] = addAccessor(p.uv1, 2, TINYGLTF_TYPE_VEC2);
            if (!p.colors.empty()) g.attributes["COLOR_0"] = addAccessor(p.colors, 4, TINYGLTF_TYPE_VEC4);
            tinygltf::Accessor indices;
            indices.bufferView = addView(p.indices.data(), p.indices.size() * 4, TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER);
            indices.componentType = TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT;
            indices.count = p.indices.size();
            indices.type = TINYGLTF_TYPE_SCALAR;
            out_.accessors.push_back(indices);
            g.indices = int(out_.accessors.size() - 1);
            static const Material kDefault;
            const Material& m = override ? *override : p.material >= 0 ? model.materials[std::size_t(p.material)] : kDefault;
            std::ostringstream mk;
            mk << (override ? mr.material : model.path + "#m" + std::to_string(p.material)) << '|' << key.substr(key.rfind('|') + 1);
            g.material = addMaterial(override ? nullptr : &model, m, mr.tint, mk.str());
            mesh.primitives.push_back(std::move(g));
        }
        out_.meshes.push_back(std::move(mesh));
        int index = int(out_.meshes.size() - 1);
        byRef_.emplace(mr.mesh, index);
        return meshes_[key] = index;
    }

    int addShape(Value::Object shape) {
        used_.insert("OMI_physics_shape");
        shapes_.push_back(Value(std::move(shape)));
        return int(shapes_.size() - 1);
    }

    int colliderShape(const Collider& c) {
        Value::Object shape, params;
        switch (c.shape) {
            case Collider::Shape::Box:
                shape["type"] = Value(std::string("box"));
                params["size"] = Value(
                    Value::Array{Value(double(c.halfExtents.x * 2)), Value(double(c.halfExtents.y * 2)), Value(double(c.halfExtents.z * 2))});
                shape["box"] = Value(params);
                break;
            case Collider::Shape::Sphere:
                shape["type"] = Value(std::string("sphere"));
                params["radius"] = Value(double(c.radius));
                shape["sphere"] = Value(params);
                break;
            case Collider::Shape::Capsule:
            case Collider::Shape::Cylinder: {
                bool capsule = c.shape == Collider::Shape::Capsule;
                std::string type = capsule ? "capsule" : "cylinder";
                shape["type"] = Value(type);
                float radius = capsule ? c.radius : c.halfExtents.x;
                params["radiusTop"] = Value(double(radius));
                params["radiusBottom"] = Value(double(radius));
                params["height"] = Value(double(capsule ? c.height + 2 * c.radius : c.halfExtents.y * 2));
                shape[type] = Value(params);
                break;
            }
            case Collider::Shape::ConvexHull:
            case Collider::Shape::TriangleMesh: {
                std::string type = c.shape == Collider::Shape::ConvexHull ? "convex" : "trimesh";
                shape["type"] = Value(type);
                // A physics shape needs geometry only: reuse the drawn copy when there is one.
                auto drawn = byRef_.find(c.mesh);
                auto mesh = drawn != byRef_.end() ? Result<int>(drawn->second) : meshFor(MeshRenderer{.mesh = c.mesh});
                params["mesh"] = Value(mesh ? *mesh : -1);
                shape[type] = Value(params);
                break;
            }
        }
        return addShape(std::move(shape));
    }

    void addExtensions(const World& world, Entity e, tinygltf::Node& node) {
        Json components = Json::parse(entityComponentsJson(world, e));
        Value::Object venue;
        venue["id"] = Value(toHex(world.stableId(e)));
        venue["components"] = toValue(components);
        node.extensions["ATRIUM_venue"] = Value(std::move(venue));
        used_.insert("ATRIUM_venue");

        if (const SpawnPoint* s = world.get<SpawnPoint>(e)) {
            Value::Object o;
            o["title"] = Value(node.name);
            if (!s->group.empty()) o["group"] = Value(s->group);
            node.extensions["OMI_spawn_point"] = Value(std::move(o));
            used_.insert("OMI_spawn_point");
        }
        if (const Seat* s = world.get<Seat>(e)) {
            // OMI_seat describes a sitting pose by back, foot and knee points in node space.
            vec3 hip = s->sitOffset;
            Value::Object o;
            auto v = [](vec3 p) { return Value(Value::Array{Value(double(p.x)), Value(double(p.y)), Value(double(p.z))}); };
            o["back"] = v(hip + vec3(0, 0, 0.25f));
            o["knee"] = v(hip + vec3(0, 0, -0.45f));
            o["foot"] = v(vec3(hip.x, 0.0f, hip.z - 0.5f));
            o["angle"] = Value(1.5707963);
            node.extensions["OMI_seat"] = Value(std::move(o));
            used_.insert("OMI_seat");
        }
        const Collider* col = world.get<Collider>(e);
        const RigidBody* body = world.get<RigidBody>(e);
        const Trigger* trigger = world.get<Trigger>(e);
        if (col || body || trigger) {
            Value::Object o;
            if (body) {
                Value::Object motion;
                motion["type"] = Value(std::string(body->type == RigidBody::Type::Static      ? "static"
                                                   : body->type == RigidBody::Type::Kinematic ? "kinematic"
                                                                                              : "dynamic"));
                if (body->type == RigidBody::Type::Dynamic) motion["mass"] = Value(double(body->mass));
                o["motion"] = Value(std::move(motion));
            }
            if (col) {
                Value::Object c;
                c["shape"] = Value(colliderShape(*col));
                o["collider"] = Value(std::move(c));
            }
            if (trigger) {
                Value::Object shape, params, t;
                shape["type"] = Value(std::string("box"));
                params["size"] = Value(Value::Array{Value(double(trigger->halfExtents.x * 2)), Value(double(trigger->halfExtents.y * 2)),
                                                    Value(double(trigger->halfExtents.z * 2))});
                shape["box"] = Value(params);
                t["shape"] = Value(addShape(std::move(shape)));
                o["trigger"] = Value(std::move(t));
            }
            node.extensions["OMI_physics_body"] = Value(std::move(o));
            used_.insert("OMI_physics_body");
        }
        if (const Portal* p = world.get<Portal>(e); p && !p->venue.empty()) {
            Value::Object o;
            o["uri"] = Value(p->venue);
            node.extensions["OMI_link"] = Value(std::move(o));
            used_.insert("OMI_link");
        }
    }

    AssetCache& assets_;
    tinygltf::Model out_;
    std::vector<unsigned char> bytes_;
    std::map<std::string, int> meshes_, materials_;
    std::map<std::string, int> byRef_;  // first exported glTF mesh of each mesh reference
    std::map<const Texture*, int> textures_;
    Value::Array shapes_;
    std::set<std::string> used_;
    std::vector<std::string> warnings_;
};

}  // namespace

Result<std::string> exportVenueGlbBytes(const World& world, AssetCache& assets, VenueExportReport* report) {
    GlbWriter writer(assets);
    tinygltf::Scene scene;
    scene.name = world.name;
    writer.model().scenes.push_back(scene);
    writer.model().defaultScene = 0;
    for (Entity root : world.roots()) {
        if (Status s = writer.addEntity(world, root, -1); !s.ok()) return s.error();
    }
    return writer.finish(report);
}

Status exportVenueGlb(const World& world, AssetCache& assets, const std::filesystem::path& path, VenueExportReport* report) {
    Result<std::string> bytes = exportVenueGlbBytes(world, assets, report);
    if (!bytes) {
        Error e = bytes.error();
        e.file = path.string();
        return e;
    }
    return writeFileAtomically(path, *bytes);
}

}  // namespace atrium
