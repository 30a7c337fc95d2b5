// Smallest possible embedding check: load a venue through the installed SDK.
#include <atrium/scene/venue_file.hpp>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    atrium::Result<atrium::World> world = atrium::loadVenue(argv[1]);
    if (!world) {
        std::fprintf(stderr, "%s\n", world.error().toString().c_str());
        return 1;
    }
    std::printf("loaded %s: %zu entities, %zu seats\n", world->name.c_str(), world->entityCount(), world->pool<atrium::Seat>().size());
    return world->pool<atrium::Seat>().size() > 0 ? 0 : 1;
}
