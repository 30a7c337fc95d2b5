#pragma once
// The custom avatars of one venue visit, by the venue-relative path an attendee's look names:
// each file resolved to a local copy (the asset transfer's download, or a file on disk), loaded
// and budget-checked once, shared by everyone who picked it. A reference that cannot be used
// (refused, or not a venue path at all) draws the mannequin, and says why once.
//
//     AvatarLibrary avatars([&](std::string_view p) { return client.assetPath(p); });
//     crowd.setAvatars(&avatars);       // looks naming a model now draw it
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atrium/animation/avatar_model.hpp"

namespace atrium {

// Where the file for a venue-relative path is on this machine; nullopt while it is not there
// (yet: a transfer may still deliver it, so it is asked again later).
using AvatarResolver = std::function<std::optional<std::filesystem::path>(std::string_view venuePath)>;

class AvatarLibrary {
public:
    explicit AvatarLibrary(AvatarResolver resolver, AvatarBudget budget = {});

    // The avatar for `ref`; null (draw the mannequin) for "", a bad path, a file not there yet
    // or one refused. Cheap to call every frame: a file is loaded once.
    AvatarModelPtr get(std::string_view ref);
    // The refusal for `ref` (empty if none): "avatars/x.glb: 45000 triangles, over ...".
    std::string problem(std::string_view ref) const;
    // Each refusal once, oldest first, for the app to show; also logged.
    const std::vector<std::string>& messages() const { return messages_; }
    const AvatarBudget& budget() const { return budget_; }

private:
    struct Entry {
        AvatarModelPtr model;
        std::string problem;
    };
    AvatarResolver resolver_;
    AvatarBudget budget_;
    std::map<std::string, Entry, std::less<>> loaded_;
    std::vector<std::string> messages_;
};

}  // namespace atrium
