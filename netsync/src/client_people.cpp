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

bool handleAssetMessage(MessageType type, BitReader& r, AssetDownload& download, std::vector<AssetRequestMsg>& requests, std::string& failed) {
    const bool wasFailed = download.transfer().state == AssetTransfer::State::Failed;
    const std::string before = download.transfer().error;
    if (type == MessageType::AssetEntry) {
        auto m = readAssetEntry(r);
        if (m) requests = download.entry(*m);
        else download.fail("asset manifest malformed: an entry that does not decode");
    } else if (type == MessageType::AssetChunk) {
        auto m = readAssetChunk(r);
        if (m) download.chunk(*m);
        else download.fail("asset transfer corrupt: a chunk that does not decode");
    } else {
        return false;
    }
    // A reconnect's new manifest starts over: its failure is news even after an earlier one.
    const AssetTransfer& t = download.transfer();
    if (t.state == AssetTransfer::State::Failed && (!wasFailed || t.error != before)) failed = t.error;
    return true;
}

}  // namespace atrium::net
