#include "command_log.hpp"

#include "atrium/scene/command_json.hpp"

namespace atrium::net {

void CommandLog::append(std::string json, Command command) {
    // A drag is a command per frame: a late joiner needs only the last value, so a command
    // continuing the logged one replaces it.
    if (!entries_.empty() && last_ && canMerge(*last_, command)) {
        mergeInto(*last_, command);
        bytes_ -= entries_.back().size();
        entries_.back() = commandToJson(*last_);
        bytes_ += entries_.back().size();
    } else {
        bytes_ += json.size();
        entries_.push_back(std::move(json));
        last_ = std::move(command);
    }
    while (bytes_ > kCapacityBytes) {
        bytes_ -= entries_.front().size();
        entries_.pop_front();
    }
    if (entries_.empty()) last_.reset();
}

}  // namespace atrium::net
