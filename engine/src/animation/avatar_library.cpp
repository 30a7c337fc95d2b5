#include "atrium/animation/avatar_library.hpp"

#include "atrium/core/log.hpp"
#include "atrium/scene/venue_path.hpp"

namespace atrium {

AvatarLibrary::AvatarLibrary(AvatarResolver resolver, AvatarBudget budget) : resolver_(std::move(resolver)), budget_(budget) {}

AvatarModelPtr AvatarLibrary::get(std::string_view ref) {
    if (ref.empty()) return nullptr;
    if (auto it = loaded_.find(ref); it != loaded_.end()) return it->second.model;
    Entry entry;
    if (std::optional<std::string> bad = venuePathProblem(ref)) {
        entry.problem = std::string(ref) + ": not an avatar path: " + *bad;
    } else {
        std::optional<std::filesystem::path> file = resolver_ ? resolver_(ref) : std::nullopt;
        if (!file) return nullptr;  // not downloaded yet: asked again next time
        Result<AvatarModel> model = loadAvatarModel(*file, budget_, ref);
        if (model) entry.model = std::make_shared<const AvatarModel>(std::move(*model));
        else entry.problem = model.error().toString();
    }
    if (!entry.problem.empty()) {
        entry.problem += "; drawn as the mannequin";
        logWarn("avatar", entry.problem);
        messages_.push_back(entry.problem);
    }
    AvatarModelPtr out = entry.model;
    loaded_.emplace(std::string(ref), std::move(entry));
    return out;
}

std::string AvatarLibrary::problem(std::string_view ref) const {
    auto it = loaded_.find(ref);
    return it == loaded_.end() ? std::string() : it->second.problem;
}

}  // namespace atrium
