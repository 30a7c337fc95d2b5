#pragma once
// The most recently opened or saved venues, newest first, kept in the editor's config folder.
#include <filesystem>
#include <vector>

#include "atrium/core/error.hpp"

namespace atrium::editor {

class RecentFiles {
public:
    static constexpr std::size_t kMax = 10;

    void add(const std::filesystem::path& venue);
    void remove(const std::filesystem::path& venue);
    const std::vector<std::filesystem::path>& paths() const { return paths_; }

    // One absolute path per line. A missing file is an empty list; unreadable lines are skipped.
    static RecentFiles load(const std::filesystem::path& file);
    Status save(const std::filesystem::path& file) const;

private:
    std::vector<std::filesystem::path> paths_;
};

}  // namespace atrium::editor
