#include "recent_files.hpp"

#include <algorithm>
#include <fstream>

#include "atrium/scene/venue_file.hpp"

namespace atrium::editor {

void RecentFiles::add(const std::filesystem::path& venue) {
    std::filesystem::path p = std::filesystem::absolute(venue).lexically_normal();
    remove(p);
    paths_.insert(paths_.begin(), p);
    if (paths_.size() > kMax) paths_.resize(kMax);
}

void RecentFiles::remove(const std::filesystem::path& venue) {
    std::filesystem::path p = std::filesystem::absolute(venue).lexically_normal();
    paths_.erase(std::remove(paths_.begin(), paths_.end(), p), paths_.end());
}

RecentFiles RecentFiles::load(const std::filesystem::path& file) {
    RecentFiles out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line) && out.paths_.size() < kMax) {
        if (!line.empty() && std::filesystem::path(line).is_absolute()) out.paths_.emplace_back(line);
    }
    return out;
}

Status RecentFiles::save(const std::filesystem::path& file) const {
    std::string text;
    for (const auto& p : paths_) text += p.string() + "\n";
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    return writeFileAtomically(file, text);
}

}  // namespace atrium::editor
