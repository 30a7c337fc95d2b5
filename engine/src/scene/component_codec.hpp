#pragma once
// Venue-file serialisation of each component type, defined in one table so that loading,
// saving and tools agree on names and fields.
#include <span>

#include "atrium/scene/world.hpp"
#include "json_reader.hpp"

namespace atrium {

struct ComponentCodec {
    const char* name;  // key under "components"
    bool (*has)(const World&, Entity);
    Json (*write)(const World&, Entity);
    void (*read)(ObjectReader&, World&, Entity);
};

std::span<const ComponentCodec> componentCodecs();
const ComponentCodec* findComponentCodec(std::string_view name);

Json toJson(const glm::vec3& v);
Json toJson(const glm::vec4& v);
Json toJson(const glm::quat& q);

}  // namespace atrium
