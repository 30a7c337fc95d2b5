#pragma once
// Storage for one component type: a sparse set. Components sit densely in one array (fast
// iteration for systems); a sparse array maps entity index to dense slot (O(1) lookup).
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "atrium/scene/entity.hpp"

namespace atrium {

class ComponentPoolBase {
public:
    virtual ~ComponentPoolBase() = default;
    virtual bool contains(Entity e) const = 0;
    virtual void remove(Entity e) = 0;
    virtual std::size_t size() const = 0;
    virtual std::unique_ptr<ComponentPoolBase> clone() const = 0;
    // Bumped on every add and remove, so mirrors (physics, renderer caches) can skip
    // re-scanning a pool whose membership has not changed.
    std::uint64_t version() const { return version_; }
    // Bumped by add, remove and every mutable access (find, components), so a cache of what was
    // derived from the components (the renderer's resolved meshes) can tell it is still good
    // without comparing them. Paired with instanceId(): no other pool, copies included, shares it.
    std::uint64_t writeVersion() const { return writeVersion_; }
    std::uint64_t instanceId() const { return instanceId_; }

protected:
    ComponentPoolBase() = default;
    ComponentPoolBase(const ComponentPoolBase& other) : version_(other.version_), writeVersion_(other.writeVersion_) {}
    ComponentPoolBase& operator=(const ComponentPoolBase& other) {
        version_ = other.version_;
        ++writeVersion_;
        return *this;
    }
    static std::uint64_t nextInstanceId() {
        static std::atomic<std::uint64_t> next{1};
        return next.fetch_add(1, std::memory_order_relaxed);
    }

    std::uint64_t version_ = 0;
    std::uint64_t writeVersion_ = 0;
    std::uint64_t instanceId_ = nextInstanceId();
};

template <typename T>
class ComponentPool final : public ComponentPoolBase {
public:
    static constexpr std::uint32_t kAbsent = 0xffffffffu;

    T& emplace(Entity e, T value) {
        if (e.index >= sparse_.size()) sparse_.resize(std::size_t(e.index) + 1, kAbsent);
        std::uint32_t& slot = sparse_[e.index];
        ++version_;
        ++writeVersion_;
        if (slot != kAbsent) {
            entities_[slot] = e;
            components_[slot] = std::move(value);
            return components_[slot];
        }
        slot = std::uint32_t(components_.size());
        entities_.push_back(e);
        components_.push_back(std::move(value));
        return components_.back();
    }

    T* find(Entity e) {
        std::uint32_t slot = slotOf(e);
        if (slot == kAbsent) return nullptr;
        ++writeVersion_;
        return &components_[slot];
    }
    const T* find(Entity e) const {
        std::uint32_t slot = slotOf(e);
        return slot == kAbsent ? nullptr : &components_[slot];
    }

    bool contains(Entity e) const override { return slotOf(e) != kAbsent; }

    // Swap-and-pop keeps the array dense; order of other components may change.
    void remove(Entity e) override {
        std::uint32_t slot = slotOf(e);
        if (slot == kAbsent) return;
        std::uint32_t last = std::uint32_t(components_.size() - 1);
        if (slot != last) {
            components_[slot] = std::move(components_[last]);
            entities_[slot] = entities_[last];
            sparse_[entities_[slot].index] = slot;
        }
        components_.pop_back();
        entities_.pop_back();
        sparse_[e.index] = kAbsent;
        ++version_;
        ++writeVersion_;
    }

    std::size_t size() const override { return components_.size(); }
    std::unique_ptr<ComponentPoolBase> clone() const override { return std::make_unique<ComponentPool<T>>(*this); }

    std::span<T> components() {
        ++writeVersion_;
        return components_;
    }
    std::span<const T> components() const { return components_; }
    std::span<const Entity> entities() const { return entities_; }

private:
    std::uint32_t slotOf(Entity e) const {
        if (e.index >= sparse_.size()) return kAbsent;
        std::uint32_t slot = sparse_[e.index];
        if (slot == kAbsent || entities_[slot].generation != e.generation) return kAbsent;
        return slot;
    }

    std::vector<std::uint32_t> sparse_;
    std::vector<Entity> entities_;
    std::vector<T> components_;
};

}  // namespace atrium
