#pragma once
// What a client hears about the people in the venue (people.hpp): kept apart from the
// snapshots and prediction in client.cpp.
#include <cstdint>
#include <map>
#include <vector>

#include "atrium/net/people.hpp"
#include "atrium/net/protocol.hpp"
#include "atrium/net/venue_transfer.hpp"

namespace atrium::net {

struct ClientPeople {
    std::vector<EmoteEvent> emotes;
    std::map<std::uint32_t, AvatarLookMsg> looks;
    std::map<std::uint32_t, Participant> participants;

    // Reads a people message of `type`; false if `type` is none (the caller's to judge).
    // A malformed one counts in `malformed` and changes nothing.
    bool handle(MessageType type, BitReader& r, std::uint64_t& malformed);
};

// A venue transfer message of `type` into `download`; false if `type` is none. Sets `request`
// when the offer is to be asked for, and `failed` to the reason when the transfer just failed.
bool handleVenueMessage(MessageType type, BitReader& r, VenueDownload& download, bool& request, std::string& failed);

}  // namespace atrium::net
