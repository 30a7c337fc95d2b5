#pragma once
// One value of any known component type, as plain data. Commands (undo, redo, replicated edits)
// carry components as ComponentValue so that one code path handles every type.
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "atrium/scene/components.hpp"
#include "atrium/scene/show/show_data.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

// The order is part of the edit format (the type tag is the variant index): append only.
using ComponentValue =
    std::variant<Name, Transform, MeshRenderer, Light, Camera, RigidBody, Collider, CharacterController, Avatar, SpawnPoint, Seat, MediaScreen,
                 Trigger, Portal, Replicated, KitInstance, Generated, UnknownComponents, Interactions, Interactable, Timeline, StageZone>;

using ComponentType = std::uint32_t;  // index into ComponentValue
inline constexpr ComponentType kComponentTypeCount = std::variant_size_v<ComponentValue>;

namespace detail {
template <typename T, typename V>
struct VariantIndex;
template <typename T, typename... Ts>
struct VariantIndex<T, std::variant<Ts...>> {
    static constexpr std::size_t value = [] {
        constexpr bool matches[] = {std::is_same_v<T, Ts>...};
        for (std::size_t i = 0; i < sizeof...(Ts); ++i) {
            if (matches[i]) return i;
        }
        return sizeof...(Ts);
    }();
};
}  // namespace detail

template <typename T>
constexpr ComponentType componentTypeOf() {
    constexpr std::size_t index = detail::VariantIndex<T, ComponentValue>::value;
    static_assert(index < kComponentTypeCount, "not a ComponentValue type");
    return ComponentType(index);
}

// "light", "meshRenderer": the venue-file key of the type (for messages, the inspector, files).
std::string_view componentTypeName(ComponentType type);
std::optional<ComponentType> findComponentType(std::string_view name);
inline ComponentType typeOf(const ComponentValue& v) { return ComponentType(v.index()); }

// A default-constructed value of the type (what "Add component" starts from).
ComponentValue defaultComponent(ComponentType type);

bool hasComponent(const World& world, Entity e, ComponentType type);
std::optional<ComponentValue> getComponent(const World& world, Entity e, ComponentType type);
// Adds or replaces the component of the value's type.
void putComponent(World& world, Entity e, const ComponentValue& value);
void removeComponent(World& world, Entity e, ComponentType type);
// Every known component the entity has, in type order.
std::vector<ComponentValue> captureComponents(const World& world, Entity e);

}  // namespace atrium
