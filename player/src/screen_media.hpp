#pragma once
// The attendee app's screens: they play what the server says (net::Client::media(): source,
// playing or paused, position at a server tick, page), at the server's clock, and a presenter or
// host controls the one they look at.
#include <string>
#include <vector>

#include "atrium/net/client.hpp"
#include "atrium/render/camera_view.hpp"
#include "atrium/runtime/media_screens.hpp"
#include "atrium/scene/world.hpp"

namespace atrium::player {

// Steers every screen the server holds a state for to where it is at the server's clock now
// (media::follow: a seek when off by more than a frame, a rate nudge otherwise), its page, its
// volume and its source. Screens the server says nothing of run on their own clocks.
void followServerMedia(const net::Client& client, MediaScreens& screens, double now, double dt);

// The MediaScreen a view looks at: the nearest one whose centre lies within 20 degrees of the
// view's direction (invalid: none).
StableId screenLookedAt(const World& world, const CameraView& view);

// One line per screen whose media failed ("Screen \"Main\": the stream stopped: http://..."),
// for the app's status line.
std::vector<std::string> screenProblems(const World& world, const MediaScreens& screens);

}  // namespace atrium::player
