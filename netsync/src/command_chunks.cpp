#include "atrium/net/command_chunks.hpp"

#include <algorithm>

#include "atrium/net/protocol.hpp"

namespace atrium::net {

std::vector<std::vector<std::uint8_t>> encodeCommandChunks(const std::string& json) {
    std::vector<std::vector<std::uint8_t>> out;
    if (json.empty() || json.size() > kMaxCommandBytes) return out;
    for (std::size_t offset = 0; offset < json.size(); offset += kCommandChunkPayload) {
        std::size_t n = std::min(kCommandChunkPayload, json.size() - offset);
        BitWriter w;
        w.write(kProtocolMagic, 16);
        w.write(std::uint32_t(MessageType::CommandChunk), 8);
        w.write(offset == 0 ? 1u : 0u, 1);  // first chunk: announces the total
        if (offset == 0) w.writeVarint(std::uint32_t(json.size()));
        w.writeVarint(std::uint32_t(n));
        w.writeBytes({reinterpret_cast<const std::uint8_t*>(json.data()) + offset, n});
        out.push_back(w.bytes());
    }
    return out;
}

CommandAssembler::Outcome CommandAssembler::fail() {
    buffer_.clear();
    expected_ = 0;
    return Outcome::Malformed;
}

CommandAssembler::Outcome CommandAssembler::feed(BitReader& r) {
    bool first = r.read(1) != 0;
    if (first) {
        if (expected_ > 0) return fail();  // the previous command never finished
        std::uint32_t total = r.readVarint();
        if (!r.ok() || total == 0 || total > kMaxCommandBytes) return fail();
        expected_ = total;
        buffer_.clear();
        buffer_.reserve(total);
    } else if (expected_ == 0) {
        return fail();  // a continuation without a start
    }
    std::uint32_t n = r.readVarint();
    if (!r.ok() || n == 0 || n > kCommandChunkPayload || buffer_.size() + n > expected_) return fail();
    std::vector<std::uint8_t> bytes(n);
    if (!r.readBytes(bytes)) return fail();
    buffer_.append(bytes.begin(), bytes.end());
    if (buffer_.size() < expected_) return Outcome::Partial;
    done_ = std::move(buffer_);
    buffer_.clear();
    expected_ = 0;
    return Outcome::Complete;
}

}  // namespace atrium::net
