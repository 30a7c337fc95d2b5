#include "atrium/scene/world.hpp"

#include <atomic>
#include <glm/gtc/matrix_transform.hpp>

namespace atrium {

namespace detail {
std::size_t nextComponentTypeIndex() {
    static std::atomic<std::size_t> next{0};
    return next++;
}
}  // namespace detail

namespace {
const mat4 kIdentity{1.0f};
}

mat4 Transform::matrix() const {
    mat4 m = glm::mat4_cast(rotation);
    m[0] *= scale.x;
    m[1] *= scale.y;
    m[2] *= scale.z;
    m[3] = vec4(position, 1.0f);
    return m;
}

World::World(const World& other) { *this = other; }

World& World::operator=(const World& other) {
    if (this == &other) return *this;
    name = other.name;
    settings = other.settings;
    avatars = other.avatars;
    slots_ = other.slots_;
    freeSlots_ = other.freeSlots_;
    pools_.clear();
    pools_.resize(other.pools_.size());
    for (std::size_t i = 0; i < other.pools_.size(); ++i) {
        if (other.pools_[i]) pools_[i] = other.pools_[i]->clone();
    }
    byId_ = other.byId_;
    worldMatrices_ = other.worldMatrices_;
    order_ = other.order_;
    orderDirty_ = other.orderDirty_;
    aliveCount_ = other.aliveCount_;
    structureVersion_ = other.structureVersion_ + 1;
    return *this;
}

Entity World::create(std::string_view entityName, StableId id) {
    if (!id.valid()) {
        do id = generateStableId();
        while (byId_.count(id));
    } else if (byId_.count(id)) {
        return kNullEntity;
    }
    std::uint32_t index;
    if (!freeSlots_.empty()) {
        index = freeSlots_.back();
        freeSlots_.pop_back();
    } else {
        index = std::uint32_t(slots_.size());
        slots_.emplace_back();
        worldMatrices_.emplace_back(1.0f);
    }
    Slot& slot = slots_[index];
    slot.alive = true;
    slot.id = id;
    slot.parent = slot.firstChild = slot.lastChild = slot.nextSibling = slot.prevSibling = kNullEntity;
    worldMatrices_[index] = kIdentity;
    Entity e{index, slot.generation};
    byId_.emplace(id, e);
    ++aliveCount_;
    ++structureVersion_;
    orderDirty_ = true;
    add<Transform>(e);
    if (!entityName.empty()) add<Name>(e, Name{std::string(entityName)});
    return e;
}

void World::destroy(Entity e) {
    if (!alive(e)) return;
    // Children first, so the subtree goes with its root.
    while (slots_[e.index].firstChild) destroy(slots_[e.index].firstChild);
    unlink(e);
    for (auto& p : pools_) {
        if (p) p->remove(e);
    }
    Slot& slot = slots_[e.index];
    byId_.erase(slot.id);
    slot.alive = false;
    slot.id = {};
    ++slot.generation;
    freeSlots_.push_back(e.index);
    --aliveCount_;
    ++structureVersion_;
    orderDirty_ = true;
}

void World::clear() {
    std::string keepName = std::move(name);
    VenueSettings keepSettings = settings;
    std::uint64_t version = structureVersion_;
    *this = World();
    name = std::move(keepName);
    settings = keepSettings;
    structureVersion_ = version + 1;
}

bool World::alive(Entity e) const { return e.index < slots_.size() && slots_[e.index].alive && slots_[e.index].generation == e.generation; }

StableId World::stableId(Entity e) const { return alive(e) ? slots_[e.index].id : StableId{}; }

Entity World::find(StableId id) const {
    auto it = byId_.find(id);
    return it == byId_.end() ? kNullEntity : it->second;
}

Entity World::findByName(std::string_view entityName) const {
    const auto* names = findPool<Name>();
    if (!names) return kNullEntity;
    auto comps = names->components();
    auto ents = names->entities();
    for (std::size_t i = 0; i < comps.size(); ++i) {
        if (comps[i].value == entityName) return ents[i];
    }
    return kNullEntity;
}

bool World::isAncestor(Entity ancestor, Entity e) const {
    for (Entity cur = e; cur; cur = parent(cur)) {
        if (cur == ancestor) return true;
    }
    return false;
}

Status World::setParent(Entity child, Entity newParent) { return setParent(child, newParent, kNullEntity); }

Status World::setParent(Entity child, Entity newParent, Entity before) {
    if (before && (!alive(before) || !newParent || slots_[before.index].parent != newParent || before == child)) {
        return Error{"setParent: the sibling to insert before is not another child of the new parent"};
    }
    if (!alive(child)) return Error{"setParent: child entity is not alive"};
    if (newParent && !alive(newParent)) return Error{"setParent: parent entity is not alive"};
    if (newParent && isAncestor(child, newParent)) {
        return Error{"setParent: entity " + toHex(stableId(newParent)) + " is " +
                     (child == newParent ? "the entity itself" : "a descendant of " + toHex(stableId(child))) +
                     "; parenting would create a cycle"};
    }
    if (slots_[child.index].parent == newParent && slots_[child.index].nextSibling == before) return Ok{};
    unlink(child);
    if (newParent) link(child, newParent, before);
    ++structureVersion_;
    orderDirty_ = true;
    return Ok{};
}

void World::unlink(Entity child) {
    Slot& s = slots_[child.index];
    if (!s.parent) return;
    if (s.prevSibling) slots_[s.prevSibling.index].nextSibling = s.nextSibling;
    else slots_[s.parent.index].firstChild = s.nextSibling;
    if (s.nextSibling) slots_[s.nextSibling.index].prevSibling = s.prevSibling;
    else slots_[s.parent.index].lastChild = s.prevSibling;
    s.parent = s.nextSibling = s.prevSibling = kNullEntity;
}

// Appends at the end of the sibling list so children keep the order they were added in
// (the hierarchy panel and saved files show that order).
void World::link(Entity child, Entity newParent, Entity before) {
    Slot& s = slots_[child.index];
    s.parent = newParent;
    if (before) {
        Slot& b = slots_[before.index];
        s.nextSibling = before;
        s.prevSibling = b.prevSibling;
        if (b.prevSibling) slots_[b.prevSibling.index].nextSibling = child;
        else slots_[newParent.index].firstChild = child;
        b.prevSibling = child;
        return;
    }
    Slot& p = slots_[newParent.index];
    Entity last = p.lastChild;
    p.lastChild = child;
    if (!last) {
        p.firstChild = child;
        return;
    }
    slots_[last.index].nextSibling = child;
    s.prevSibling = last;
}

Entity World::parent(Entity e) const { return alive(e) ? slots_[e.index].parent : kNullEntity; }

Entity World::nextSibling(Entity e) const { return alive(e) ? slots_[e.index].nextSibling : kNullEntity; }

std::vector<Entity> World::children(Entity e) const {
    std::vector<Entity> out;
    if (!alive(e)) return out;
    for (Entity c = slots_[e.index].firstChild; c; c = slots_[c.index].nextSibling) out.push_back(c);
    return out;
}

std::size_t World::childCount(Entity e) const {
    std::size_t n = 0;
    if (!alive(e)) return n;
    for (Entity c = slots_[e.index].firstChild; c; c = slots_[c.index].nextSibling) ++n;
    return n;
}

std::vector<Entity> World::roots() const {
    std::vector<Entity> out;
    forEachEntity([&](Entity e) {
        if (!slots_[e.index].parent) out.push_back(e);
    });
    return out;
}

void World::rebuildOrder() {
    order_.clear();
    order_.reserve(aliveCount_);
    // Breadth-first from the roots: every parent lands before its children.
    for (Entity r : roots()) order_.push_back(r);
    for (std::size_t i = 0; i < order_.size(); ++i) {
        for (Entity c = slots_[order_[i].index].firstChild; c; c = slots_[c.index].nextSibling) order_.push_back(c);
    }
    orderDirty_ = false;
}

void World::updateTransforms() {
    if (orderDirty_) rebuildOrder();
    const auto* transforms = findPool<Transform>();
    for (Entity e : order_) {
        const Transform* t = transforms ? transforms->find(e) : nullptr;
        mat4 local = t ? t->matrix() : kIdentity;
        Entity p = slots_[e.index].parent;
        worldMatrices_[e.index] = p ? worldMatrices_[p.index] * local : local;
    }
}

const mat4& World::worldMatrix(Entity e) const { return alive(e) ? worldMatrices_[e.index] : kIdentity; }

mat4 World::computeWorldMatrix(Entity e) const {
    mat4 m{1.0f};
    for (Entity cur = e; alive(cur); cur = slots_[cur.index].parent) {
        const Transform* t = get<Transform>(cur);
        if (t) m = t->matrix() * m;
    }
    return m;
}

}  // namespace atrium
