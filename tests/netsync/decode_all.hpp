#pragma once
// Runs one packet through the decoder for its type, as the server and client would; shared by
// the fuzz unit test and the libFuzzer target.
#include <span>

#include "atrium/net/asset_transfer.hpp"
#include "atrium/net/command_chunks.hpp"
#include "atrium/net/people.hpp"
#include "atrium/net/protocol.hpp"
#include "atrium/net/show_protocol.hpp"
#include "atrium/net/snapshot.hpp"
#include "atrium/net/voice.hpp"

namespace atrium::net {

inline void decodeAny(std::span<const std::uint8_t> bytes, SnapshotDecoder& snapshots, int depth = 0) {
    BitReader r(bytes);
    auto type = readHeader(r);
    if (!type) return;
    switch (*type) {
        case MessageType::Join: (void)readJoin(r); break;
        case MessageType::Rename: (void)readDisplayName(r); break;
        case MessageType::Use: (void)readUse(r); break;
        case MessageType::Cue: (void)readCue(r); break;
        case MessageType::ShowChange: (void)readShowChange(r); break;
        case MessageType::ShowEffect: (void)readShowEffect(r); break;
        case MessageType::End: break;
        case MessageType::JoinReject:
        case MessageType::Chat:
        case MessageType::Kicked:
        case MessageType::Notice:
        case MessageType::VenuePortal: (void)readText(r, kMaxPacketBytes); break;
        case MessageType::JoinAccept: (void)readJoinAccept(r); break;
        case MessageType::Input: (void)readInputs(r); break;
        case MessageType::Snapshot: {
            r.align();
            std::vector<std::uint8_t> body;
            while (r.bitsLeft() >= 8) body.push_back(std::uint8_t(r.read(8)));
            (void)snapshots.decode(body);
            break;
        }
        case MessageType::Spawn: (void)readSpawn(r); break;
        case MessageType::Despawn: (void)readDespawn(r); break;
        case MessageType::ChatMessage: (void)readChatLine(r); break;
        case MessageType::SeatClaim:
        case MessageType::SeatRelease: (void)readSeat(r); break;
        case MessageType::SeatState: (void)readSeatState(r); break;
        case MessageType::MediaState: (void)readMedia(r); break;
        case MessageType::MediaControl: (void)readMediaControl(r); break;
        case MessageType::Kick:
        case MessageType::Mute: (void)readClientAction(r); break;
        case MessageType::Edit: (void)readEdit(r); break;
        case MessageType::CommandChunk: {
            CommandAssembler assembler;
            (void)assembler.feed(r);
            break;
        }
        case MessageType::Emote: (void)readEmote(r); break;
        case MessageType::EmoteEvent: (void)readEmoteEvent(r); break;
        case MessageType::Look: (void)readLook(r); break;
        case MessageType::LookState: (void)readLookState(r); break;
        case MessageType::ParticipantState: (void)readParticipant(r); break;
        case MessageType::ParticipantLeft: (void)readParticipantLeft(r); break;
        case MessageType::Leave:
        case MessageType::AssetEntry: (void)readAssetEntry(r); break;
        case MessageType::AssetRequest: (void)readAssetRequest(r); break;
        case MessageType::AssetChunk: (void)readAssetChunk(r); break;
        case MessageType::VoiceSend: (void)readVoiceSend(r); break;
        case MessageType::VoicePacket: (void)readVoicePacket(r); break;
        case MessageType::VoiceMute: (void)readVoiceMute(r); break;
        case MessageType::SetRole: (void)readSetRole(r); break;
        case MessageType::Batch:
            if (auto inner = readBatch(r); inner && depth == 0) {
                for (const auto& m : *inner) decodeAny(m, snapshots, depth + 1);
            }
            break;
    }
}

}  // namespace atrium::net
