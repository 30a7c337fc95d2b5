// Extraction alone (World -> render list -> instances and draw orders copied into a buffer), no Vulkan device:
// the repeatable half of render_bench's CPU figure. Run under valgrind --tool=callgrind to count
// instructions; the resolver mirrors GpuScene's per-entity cache (generation and string check).
// Usage: render_extract_bench [frames]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "atrium/render/camera_view.hpp"
#include "render/render_list.hpp"
#include "render/worker_pool.hpp"
#include "render_hall.hpp"

using namespace atrium;
using namespace atrium::render;

namespace {

class HallResolver : public RenderableResolver {
public:
    const Renderable* resolve(Entity e, const MeshRenderer& mr) override {
        if (e.index >= cache_.size()) cache_.resize(std::size_t(e.index) + 1);
        Cached& c = cache_[e.index];
        if (c.generation == e.generation && c.mesh == mr.mesh && c.material == mr.material) return c.renderable;
        c = {e.generation, mr.mesh, mr.material, lookup(mr)};
        return c.renderable;
    }
    std::uint32_t drawKeyCount() const override { return std::uint32_t(table_.size()); }

private:
    struct Entry {
        std::string key;
        Renderable renderable;
    };
    struct Cached {
        std::uint32_t generation = ~0u;
        std::string mesh, material;
        const Renderable* renderable = nullptr;
    };
    const Renderable* lookup(const MeshRenderer& mr) {
        std::string key = mr.mesh + '\n' + mr.material;
        for (const Entry& t : table_) {
            if (t.key == key) return &t.renderable;
        }
        Entry& t = table_.emplace_back();
        t.key = key;
        t.renderable.bounds.expand(vec3(-0.5f));
        t.renderable.bounds.expand(vec3(0.5f));
        t.renderable.parts = {{std::uint32_t(table_.size() - 1), false}};
        return &t.renderable;
    }
    std::vector<Entry> table_;  // stable addresses: reserved below
    std::vector<Cached> cache_;

public:
    HallResolver() { table_.reserve(64); }
};

void run(const char* label, int rows, int seats, int frames, WorkerPool* workers) {
    World hall = bench::makeHall(rows, seats);
    CameraView cam;
    cam.eye = vec3(0.0f, float(rows) * 0.25f + 6.0f, -14.0f);
    cam.target = vec3(0.0f, float(rows) * 0.09f, float(rows) * 0.5f);
    cam.fovYDegrees = 75.0f;
    cam.farPlane = 2000.0f;
    mat4 view = cam.view(), proj = cam.projection(1280.0f / 720.0f);
    Frustum frustum = Frustum::fromViewProj(proj * view);
    HallResolver resolver;
    RenderList list;
    std::vector<GpuInstance> ring;
    std::vector<std::uint32_t> order;
    double ms = 0.0;
    for (int i = 0; i <= frames; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        ExtractOptions o;
        o.frame = std::uint64_t(i);
        ring.resize(instanceCapacity(hall));
        o.instanceStorage = ring.data();
        o.workers = workers;
        extract(hall, frustum, cam.eye, resolver, o, list);
        std::uint32_t tx = 0, ty = 0;
        std::vector<std::uint32_t> tiles = buildLightTiles(list.lights, view, proj, 1280, 720, 16, tx, ty);
        // What the renderer writes into its ring besides the instances (extracted in place): both draw orders.
        order.resize(list.order.size() + list.shadowOrder.size());
        std::memcpy(order.data(), list.order.data(), list.order.size() * 4);
        std::memcpy(order.data() + list.order.size(), list.shadowOrder.data(), list.shadowOrder.size() * 4);
        if (i > 0) ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
    std::printf("%-14s %6u visible, %6zu instances and %6zu draw-order entries written: extract+cull+write %.3f ms/frame\n", label, list.visible,
                std::size_t(list.instanceCount), order.size(), ms / frames);
}

}  // namespace

int main(int argc, char** argv) {
    int frames = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    WorkerPool pool(WorkerPool::defaultWorkers());

    run("2,000 seats", 40, 50, frames, nullptr);
    run("20,000 seats", 100, 200, frames, nullptr);
    std::printf("extraction shared among %u threads:\n", pool.threads());
    run("20,000 seats", 100, 200, frames, &pool);
    return 0;
}
