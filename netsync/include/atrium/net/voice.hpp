#pragma once
// Voice on the wire: opaque frames (the audio layer's encodeVoiceFrame bytes; netsync never
// decodes them) on the transport's unreliable path, with message types and sequence numbers of
// their own, so a late or lost voice frame is never waited for and never holds a snapshot or an
// input back. The server is a selective forwarding unit: it picks, per listener, whom to send
// (voice_router.hpp) and relays the frames it receives unchanged.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "atrium/net/bit_stream.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/snapshot.hpp"

namespace atrium::net {

// The audio layer's frame is 8 bytes of header and at most 400 of Opus (24 kbps VBR averages
// about 60); anything larger is not a voice frame and is dropped and counted.
inline constexpr std::size_t kMaxVoiceFrameBytes = 512;
// A speaker whose last frame is older than this has stopped talking (silence is not sent):
// their nameplate ring goes out, and the server forgets whom it chose to hear them.
inline constexpr double kVoiceSpeakingSeconds = 0.4;

// Client to server: one frame, numbered by the sender (wrapping). `announcement` is a host's
// request to be heard venue-wide; the server ignores it from anyone else.
struct VoiceSendMsg {
    std::uint16_t sequence = 0;
    bool announcement = false;
    std::vector<std::uint8_t> frame;
};

// Server to client: a speaker's frame as it was sent, with who spoke and how it is to be heard.
struct VoicePacket {
    std::uint32_t speaker = 0;  // client id (Client::participants() has their name and role)
    NetId avatar = 0;           // where their voice comes from, when positional
    std::uint16_t sequence = 0;
    // Heard venue-wide and without distance roll-off: a presenter on a stage zone (`stage`) or a
    // host's announcement (`announcement`).
    bool stage = false;
    bool announcement = false;
    std::vector<std::uint8_t> frame;

    bool positional() const { return !stage && !announcement; }
};

std::vector<std::uint8_t> encodeVoiceSend(std::uint16_t sequence, bool announcement, std::span<const std::uint8_t> frame);
enum class VoiceReadError { Malformed, Oversized };
struct VoiceSendRead {
    std::optional<VoiceSendMsg> message;
    VoiceReadError error = VoiceReadError::Malformed;  // when there is no message
};
VoiceSendRead readVoiceSend(BitReader& r);
// Writes the message around `frame` without copying it first (the server sends one per frame
// to every listener chosen).
std::vector<std::uint8_t> encodeVoicePacket(const VoicePacket& header, std::span<const std::uint8_t> frame);
std::optional<VoicePacket> readVoicePacket(BitReader& r);

// Client to server, reliable: this client's own microphone mute (the server stops forwarding it
// even if frames keep coming, and says so to nobody: hosts see it in the metrics).
std::vector<std::uint8_t> encodeVoiceMute(bool muted);
std::optional<bool> readVoiceMute(BitReader& r);
// Host to server, reliable: give a client another role (a presenter for the stage); the server
// tells everyone through ParticipantState.
std::vector<std::uint8_t> encodeSetRole(std::uint32_t clientId, Role role);
struct SetRoleMsg {
    std::uint32_t clientId = 0;
    Role role = Role::Attendee;
};
std::optional<SetRoleMsg> readSetRole(BitReader& r);

}  // namespace atrium::net
