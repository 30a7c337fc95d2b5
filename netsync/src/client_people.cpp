#include "client_people.hpp"

namespace atrium::net {

bool ClientPeople::handle(MessageType type, BitReader& r, std::uint64_t& malformed) {
    switch (type) {
        case MessageType::EmoteEvent: {
            if (auto m = readEmoteEvent(r)) emotes.push_back(*m);
            else ++malformed;
            return true;
        }
        case MessageType::LookState: {
            if (auto m = readLookState(r)) looks[m->first] = m->second;
            else ++malformed;
            return true;
        }
        case MessageType::ParticipantState: {
            if (auto m = readParticipant(r)) participants[m->clientId] = *m;
            else ++malformed;
            return true;
        }
        case MessageType::ParticipantLeft: {
            auto id = readParticipantLeft(r);
            if (!id) return ++malformed, true;
            // Someone gone takes their look along: a new client with that id is someone else.
            participants.erase(*id);
            looks.erase(*id);
            return true;
        }
        default: return false;
    }
}

bool handleVenueMessage(MessageType type, BitReader& r, VenueDownload& download, bool& request, std::string& failed) {
    const bool wasFailed = download.transfer().state == VenueTransfer::State::Failed;
    if (type == MessageType::VenueOffer) {
        auto m = readVenueOffer(r);
        if (m) request = download.offer(*m);
        else download.fail("venue offer malformed");
    } else if (type == MessageType::VenueChunk) {
        auto m = readVenueChunk(r);
        if (m) download.chunk(*m);
        else download.fail("venue transfer corrupt: a malformed chunk");
    } else {
        return false;
    }
    if (!wasFailed && download.transfer().state == VenueTransfer::State::Failed) failed = download.transfer().error;
    return true;
}

}  // namespace atrium::net
