#pragma once
// What a client hears about the people in the venue (people.hpp): kept apart from the
// snapshots and prediction in client.cpp.
#include <cstdint>
#include <map>
#include <vector>

#include "atrium/net/asset_download.hpp"
#include "atrium/net/people.hpp"
#include "atrium/net/protocol.hpp"

namespace atrium::net {

struct ClientPeople {
    std::vector<EmoteEvent> emotes;
    std::map<std::uint32_t, AvatarLookMsg> looks;
    std::map<std::uint32_t, Participant> participants;

    // Reads a people message of `type`; false if `type` is none (the caller's to judge).
    // A malformed one counts in `malformed` and changes nothing.
    bool handle(MessageType type, BitReader& r, std::uint64_t& malformed);
};

// An asset transfer message of `type` into `download`; false if `type` is none. Adds to
// `requests` what is to be asked for, and sets `failed` to the reason when the transfer just
// failed.
bool handleAssetMessage(MessageType type, BitReader& r, AssetDownload& download, std::vector<AssetRequestMsg>& requests, std::string& failed);

}  // namespace atrium::net
