#include "atrium/scene/component_value.hpp"

#include <array>
#include <utility>

namespace atrium {

namespace {

constexpr std::array<std::string_view, kComponentTypeCount> kNames = {
    "name",      "transform",  "meshRenderer", "light",        "camera",   "rigidBody", "collider",   "characterController",
    "avatar",    "spawnPoint", "seat",         "mediaScreen",  "trigger",  "portal",    "replicated", "kit",
    "generated", "unknown",    "interactions", "interactable", "timeline", "stageZone"};

template <typename T>
struct Tag {
    using type = T;
};

// Calls f(Tag<T>) with T the component type at index `type`.
template <typename F, std::size_t... I>
decltype(auto) visitTypeImpl(ComponentType type, F&& f, std::index_sequence<I...>) {
    using R = decltype(f(Tag<std::variant_alternative_t<0, ComponentValue>>{}));
    if constexpr (std::is_void_v<R>) {
        ((type == I ? (f(Tag<std::variant_alternative_t<I, ComponentValue>>{}), 0) : 0), ...);
    } else {
        R result{};
        ((type == I ? (result = f(Tag<std::variant_alternative_t<I, ComponentValue>>{}), 0) : 0), ...);
        return result;
    }
}

template <typename F>
decltype(auto) visitType(ComponentType type, F&& f) {
    return visitTypeImpl(type, std::forward<F>(f), std::make_index_sequence<kComponentTypeCount>{});
}

}  // namespace

std::string_view componentTypeName(ComponentType type) { return type < kNames.size() ? kNames[type] : "?"; }

std::optional<ComponentType> findComponentType(std::string_view name) {
    for (ComponentType i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name) return i;
    }
    return std::nullopt;
}

ComponentValue defaultComponent(ComponentType type) {
    return visitType(type, [](auto tag) { return ComponentValue(typename decltype(tag)::type{}); });
}

bool hasComponent(const World& world, Entity e, ComponentType type) {
    return visitType(type, [&](auto tag) { return world.has<typename decltype(tag)::type>(e); });
}

std::optional<ComponentValue> getComponent(const World& world, Entity e, ComponentType type) {
    return visitType(type, [&](auto tag) -> std::optional<ComponentValue> {
        const auto* c = world.get<typename decltype(tag)::type>(e);
        if (!c) return std::nullopt;
        return ComponentValue(*c);
    });
}

void putComponent(World& world, Entity e, const ComponentValue& value) {
    std::visit([&](const auto& c) { world.add(e, c); }, value);
}

void removeComponent(World& world, Entity e, ComponentType type) {
    visitType(type, [&](auto tag) { world.remove<typename decltype(tag)::type>(e); });
}

std::vector<ComponentValue> captureComponents(const World& world, Entity e) {
    std::vector<ComponentValue> out;
    for (ComponentType t = 0; t < kComponentTypeCount; ++t) {
        if (auto v = getComponent(world, e, t)) out.push_back(std::move(*v));
    }
    return out;
}

}  // namespace atrium
