#pragma once
// The World: entities, their components (one pool per type), the hierarchy and cached world
// transforms. Copyable, so the editor can snapshot it for play mode.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/core/id.hpp"
#include "atrium/core/math.hpp"
#include "atrium/scene/component_pool.hpp"
#include "atrium/scene/components.hpp"
#include "atrium/scene/entity.hpp"
#include "atrium/scene/venue_settings.hpp"

namespace atrium {

namespace detail {
std::size_t nextComponentTypeIndex();
template <typename T>
std::size_t componentTypeIndex() {
    static const std::size_t index = nextComponentTypeIndex();
    return index;
}
}  // namespace detail

class World {
public:
    World() = default;
    World(const World& other);
    World& operator=(const World& other);
    World(World&&) noexcept = default;
    World& operator=(World&&) noexcept = default;

    std::string name;
    VenueSettings settings;
    // The custom avatars the venue offers its attendees: glTF/GLB files by path relative to the
    // venue file ("avatars/robot.glb"), sent to them with the venue's other assets.
    std::vector<std::string> avatars;

    // ---- entities
    // Creates an entity with a Transform. An invalid `id` gets a fresh random one; a given id
    // must not be in use (returns the null entity if it is).
    Entity create(std::string_view entityName = {}, StableId id = {});
    // Destroys the entity and its whole subtree. Stale handles stay detectably dead.
    void destroy(Entity e);
    void clear();
    bool alive(Entity e) const;
    std::size_t entityCount() const { return aliveCount_; }

    StableId stableId(Entity e) const;
    Entity find(StableId id) const;
    // First entity with this name, or null. Names are labels, not identities: prefer ids.
    Entity findByName(std::string_view entityName) const;

    // Visits every live entity in slot order.
    template <typename F>
    void forEachEntity(F&& f) const {
        for (std::uint32_t i = 0; i < slots_.size(); ++i) {
            if (slots_[i].alive) f(Entity{i, slots_[i].generation});
        }
    }

    // ---- components
    template <typename T>
    T& add(Entity e, T value = {}) {
        return pool<T>().emplace(e, std::move(value));
    }
    template <typename T>
    T* get(Entity e) {
        auto* p = findPool<T>();
        return p ? p->find(e) : nullptr;
    }
    template <typename T>
    const T* get(Entity e) const {
        auto* p = findPool<T>();
        return p ? p->find(e) : nullptr;
    }
    template <typename T>
    bool has(Entity e) const {
        auto* p = findPool<T>();
        return p && p->contains(e);
    }
    template <typename T>
    void remove(Entity e) {
        if (auto* p = findPool<T>()) p->remove(e);
    }

    template <typename T>
    ComponentPool<T>& pool() {
        std::size_t index = detail::componentTypeIndex<T>();
        if (index >= pools_.size()) pools_.resize(index + 1);
        if (!pools_[index]) pools_[index] = std::make_unique<ComponentPool<T>>();
        return static_cast<ComponentPool<T>&>(*pools_[index]);
    }
    template <typename T>
    const ComponentPool<T>* findPool() const {
        std::size_t index = detail::componentTypeIndex<T>();
        return index < pools_.size() ? static_cast<const ComponentPool<T>*>(pools_[index].get()) : nullptr;
    }
    template <typename T>
    ComponentPool<T>* findPool() {
        std::size_t index = detail::componentTypeIndex<T>();
        return index < pools_.size() ? static_cast<ComponentPool<T>*>(pools_[index].get()) : nullptr;
    }

    // Calls f(Entity, First&, Rest&...) for every entity that has all the listed components.
    // Iterates the first type's dense array: list the rarest component first.
    template <typename First, typename... Rest, typename F>
    void each(F&& f) {
        auto* first = findPool<First>();
        if (!first) return;
        auto others = std::make_tuple(findPool<Rest>()...);
        bool missing = false;
        std::apply([&](auto*... p) { missing = ((p == nullptr) || ...); }, others);
        if (missing) return;
        auto entities = first->entities();
        auto comps = first->components();
        for (std::size_t i = 0; i < entities.size(); ++i) {
            Entity e = entities[i];
            if constexpr (sizeof...(Rest) == 0) {
                f(e, comps[i]);
            } else {
                std::apply(
                    [&](auto*... p) {
                        if ((p->contains(e) && ...)) f(e, comps[i], *p->find(e)...);
                    },
                    others);
            }
        }
    }

    // ---- hierarchy
    // Makes `parent` the parent of `child` (null parent: make it a root), keeping the child's
    // local transform. Fails if either is dead or if the change would create a cycle.
    Status setParent(Entity child, Entity parent);
    // As above, but inserts the child just before `before`, which must be a child of `parent`
    // (null: append). Undo uses it to put an entity back exactly where it was among its siblings.
    Status setParent(Entity child, Entity parent, Entity before);
    // The next child of the same parent, or null (also null for roots, which are unordered).
    Entity nextSibling(Entity e) const;
    Entity parent(Entity e) const;
    std::vector<Entity> children(Entity e) const;
    std::size_t childCount(Entity e) const;
    // Root entities in creation order of their slots.
    std::vector<Entity> roots() const;
    // True if `ancestor` is `e` or above it.
    bool isAncestor(Entity ancestor, Entity e) const;

    // ---- transforms
    // Recomputes every world matrix from local transforms, parents first. Call once per frame
    // after systems have written transforms.
    void updateTransforms();
    // The cached world matrix from the last updateTransforms() (identity for new entities).
    const mat4& worldMatrix(Entity e) const;
    // Every cached world matrix by entity index (dead slots included): for systems that walk a
    // component pool, whose members are alive, without a liveness check per entity.
    std::span<const mat4> worldMatrices() const { return worldMatrices_; }
    // Computes the world matrix now by walking up the hierarchy (no cache).
    mat4 computeWorldMatrix(Entity e) const;

    // Bumped whenever entities are created or destroyed or the hierarchy changes.
    std::uint64_t structureVersion() const { return structureVersion_; }

private:
    struct Slot {
        std::uint32_t generation = 0;
        bool alive = false;
        StableId id;
        Entity parent;
        Entity firstChild;
        Entity lastChild;  // appending a child is O(1): a 20,000-seat kit links 20,000 children
        Entity nextSibling;
        Entity prevSibling;
    };

    void unlink(Entity child);
    void link(Entity child, Entity parent, Entity before = kNullEntity);
    void rebuildOrder();

    std::vector<Slot> slots_;
    std::vector<std::uint32_t> freeSlots_;
    std::vector<std::unique_ptr<ComponentPoolBase>> pools_;
    std::unordered_map<StableId, Entity> byId_;
    std::vector<mat4> worldMatrices_;
    std::vector<Entity> order_;  // parents before children; rebuilt when the hierarchy changes
    bool orderDirty_ = true;
    std::size_t aliveCount_ = 0;
    std::uint64_t structureVersion_ = 0;
};

}  // namespace atrium
