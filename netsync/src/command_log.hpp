#pragma once
// The hosts' applied commands, oldest first, replayed to late joiners (who load the venue
// file as it was); capped, past which late joiners miss the oldest edits.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>

#include "atrium/scene/command.hpp"

namespace atrium::net {

class CommandLog {
public:
    static constexpr std::size_t kCapacityBytes = 8 * 1024 * 1024;

    void append(std::string json, Command command);
    const std::deque<std::string>& entries() const { return entries_; }

private:
    std::deque<std::string> entries_;
    std::size_t bytes_ = 0;
    std::optional<Command> last_;  // entries_.back(), parsed
};

}  // namespace atrium::net
