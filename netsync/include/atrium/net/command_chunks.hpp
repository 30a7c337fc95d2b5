#pragma once
// Editor commands on the wire: a host's command as JSON text (atrium/scene/command_json.hpp),
// split into CommandChunk messages that each fit a packet. Chunks go on the reliable, ordered
// channel, so a receiver reassembles them in arrival order; a stream that breaks the rules
// (a continuation without a start, a new start mid-command, more bytes than announced, a total
// over kMaxCommandBytes) is dropped whole and reported as malformed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atrium/net/bit_stream.hpp"

namespace atrium::net {

inline constexpr std::size_t kMaxCommandBytes = 256 * 1024;  // a pasted subtree fits; a flood does not
inline constexpr std::size_t kCommandChunkPayload = 1024;    // + header, flags and varints < kMaxPacketBytes

// The CommandChunk messages carrying `json` (empty if it is over kMaxCommandBytes).
std::vector<std::vector<std::uint8_t>> encodeCommandChunks(const std::string& json);

class CommandAssembler {
public:
    enum class Outcome { Partial, Complete, Malformed };
    // Reads one CommandChunk body (after its header). Complete: take() holds the command's text.
    Outcome feed(BitReader& r);
    std::string take() { return std::move(done_); }
    bool inProgress() const { return expected_ > 0; }

private:
    Outcome fail();
    std::string buffer_, done_;
    std::size_t expected_ = 0;  // total announced by the first chunk; 0: none in progress
};

}  // namespace atrium::net
