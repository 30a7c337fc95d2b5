#pragma once
// An entity handle: a slot index plus a generation, so a handle to a destroyed entity is
// detectably stale even after its slot is reused.
#include <cstdint>
#include <functional>

namespace atrium {

struct Entity {
    static constexpr std::uint32_t kInvalidIndex = 0xffffffffu;

    std::uint32_t index = kInvalidIndex;
    std::uint32_t generation = 0;

    bool valid() const { return index != kInvalidIndex; }
    explicit operator bool() const { return valid(); }
    friend bool operator==(Entity a, Entity b) = default;
};

inline constexpr Entity kNullEntity{};

}  // namespace atrium

template <>
struct std::hash<atrium::Entity> {
    std::size_t operator()(atrium::Entity e) const noexcept { return std::size_t((std::uint64_t(e.generation) << 32) | e.index); }
};
