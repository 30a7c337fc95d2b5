// An app on the installed Atrium SDK that joins a running atrium-server and shows the other
// avatars: each becomes an entity with a name tag, drawn as a mannequin, placed where the client's
// interpolated view puts it.
//   embed_client HOST:PORT TOKEN [--venue FILE] [--headless] [--seconds S] [--png OUT.png]
// Get a token from the operator: atrium-server token --user N --name NAME --venue-id ID.
// Headless, it stays S seconds (default 3), prints the avatars it sees and can write a PNG.
#include <atrium/net/client.hpp>
#include <atrium/runtime/runtime.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>

using namespace atrium;

namespace {

int fail(const std::string& what) {
    std::fprintf(stderr, "embed_client: %s\n", what.c_str());
    return 1;
}

// Keeps one entity per avatar the client sees, at the position it should be drawn now.
void showAvatars(World& world, const net::Client& client, double now, std::map<net::NetId, Entity>& shown) {
    std::map<net::NetId, net::RemoteEntity> seen;
    for (const net::RemoteEntity& e : client.view(now)) {
        if (e.kind == net::EntityKind::Avatar && e.hasState && e.id != client.avatarId()) seen[e.id] = e;
    }
    for (auto it = shown.begin(); it != shown.end();) {
        if (seen.count(it->first)) {
            ++it;
            continue;
        }
        world.destroy(it->second);
        it = shown.erase(it);
    }
    for (const auto& [id, remote] : seen) {
        auto [it, added] = shown.try_emplace(id);
        if (added) {
            it->second = world.create(remote.name);
            // No Avatar::model: the runtime draws it as the built-in mannequin, posed by rt.crowd().
            world.add<Avatar>(it->second, Avatar{.displayName = remote.name});
        }
        Transform& t = *world.get<Transform>(it->second);
        t.position = remote.position;
        t.rotation = remote.rotation;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: embed_client HOST:PORT TOKEN [--venue FILE] [--headless] [--seconds S] [--png OUT.png]\n");
        return 2;
    }
    std::string server = argv[1], venue, png;
    bool headless = false;
    double seconds = 3.0;
    for (int i = 3; i < argc; ++i) {
        std::string k = argv[i];
        if (k == "--headless") headless = true;
        else if (k == "--venue" && i + 1 < argc) venue = argv[++i];
        else if (k == "--png" && i + 1 < argc) png = argv[++i];
        else if (k == "--seconds" && i + 1 < argc) seconds = std::atof(argv[++i]);
        else return fail("unknown or incomplete option '" + k + "'");
    }
    auto colon = server.rfind(':');
    if (colon == std::string::npos) return fail("expected HOST:PORT, got '" + server + "'");
    auto port = std::uint16_t(std::atoi(server.c_str() + colon + 1));

    auto runtime = Runtime::create({.window = !headless});
    if (!runtime) return fail(runtime.error().toString());
    Runtime& rt = **runtime;
    if (!venue.empty()) {
        if (Status s = rt.loadVenue(venue); !s) return fail(s.error().toString());
    }
    rt.setCamera({.eye = {0, 14, 22}, .target = {0, 0, 0}});  // overlooks the middle of the venue

    // The venue as loaded (before showAvatars adds anyone): prediction walks into its walls as the server does.
    net::Client client({.token = argv[2], .venue = venue.empty() ? nullptr : &rt.world(), .assetRoot = rt.renderer().assets().root()});
    if (Status s = client.connect(server.substr(0, colon), port); !s) return fail(s.error().toString());
    std::map<net::NetId, Entity> shown;
    auto start = std::chrono::steady_clock::now();
    auto clock = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    double last = 0.0;
    while (headless ? clock() < seconds : !rt.window()->shouldClose()) {
        double now = clock();
        client.update(now);
        if (!client.closeReason().empty()) return fail("the server closed the connection: " + client.closeReason());
        showAvatars(rt.world(), client, now, shown);
        if (Status s = rt.frame(now - last); !s) return fail(s.error().toString());
        last = now;
        if (headless) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!client.joined()) return fail("did not join " + server + " within " + std::to_string(seconds) + " s");
    std::printf("embed_client: joined %s as client %u and sees %zu other avatar(s)\n", server.c_str(), client.clientId(), shown.size());
    for (const auto& [id, entity] : shown) {
        vec3 p = rt.world().get<Transform>(entity)->position;
        std::printf("embed_client:   %s at (%.1f, %.1f, %.1f)\n", rt.world().get<Avatar>(entity)->displayName.c_str(), p.x, p.y, p.z);
    }
    if (!png.empty()) {
        auto image = rt.renderOffscreen(640, 360);
        Status saved = image ? saveImagePng(*image, png) : Status(image.error());
        if (!saved) return fail(saved.error().toString());
        std::printf("embed_client: wrote %s\n", png.c_str());
    }
    client.disconnect();
    return 0;
}
