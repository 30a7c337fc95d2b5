#include "atrium/net/bit_stream.hpp"

#include <algorithm>

namespace atrium::net {

void BitWriter::writeVarint(std::uint32_t value) {
    do {
        std::uint32_t group = value & 0x7fu;
        value >>= 7;
        write(group | (value ? 0x80u : 0u), 8);
    } while (value);
}

void BitWriter::align() {
    // The partly written byte is complete: its high bits stay zero.
    int pad = int((8 - (bits_ & 7)) & 7);
    bits_ += std::size_t(pad);
    if (tailInBuffer_) return void(tailInBuffer_ = false);
    pendingBits_ += pad;
    if (pendingBits_ >= 32) {  // keep write()'s room: under 32 pending bits between writes
        for (int i = 0; i < 4; ++i, pending_ >>= 8) data_.push_back(std::uint8_t(pending_));
        pendingBits_ -= 32;
    }
}

void BitWriter::writeBytes(std::span<const std::uint8_t> bytes) {
    align();
    flush();
    data_.insert(data_.end(), bytes.begin(), bytes.end());
    bits_ += bytes.size() * 8;
}

std::uint32_t BitReader::readNearEnd(int bits) {
    if (bits < 0 || bits > 32 || std::size_t(bits) > bitsLeft()) {
        ok_ = false;
        pos_ = data_.size() * 8;
        return 0;
    }
    if (bits == 0) return 0;
    std::size_t first = pos_ / 8, end = (pos_ + std::size_t(bits) + 7) / 8;
    std::uint64_t v = 0;
    for (std::size_t i = first; i < end; ++i) v |= std::uint64_t(data_[i]) << (8 * (i - first));
    v >>= pos_ & 7;
    pos_ += std::size_t(bits);
    return std::uint32_t(bits == 32 ? v : v & ((1u << bits) - 1u));
}

std::uint32_t BitReader::readVarint() {
    std::uint32_t value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        std::uint32_t group = read(8);
        if (!ok_) return 0;
        value |= (group & 0x7fu) << shift;
        if (!(group & 0x80u)) return value;
    }
    ok_ = false;  // more than five groups: not a 32-bit varint
    return 0;
}

void BitReader::align() { pos_ = std::min((pos_ + 7) / 8 * 8, data_.size() * 8); }

bool BitReader::readBytes(std::span<std::uint8_t> out) {
    align();
    if (out.size() * 8 > bitsLeft()) {
        ok_ = false;
        return false;
    }
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = data_[pos_ / 8 + i];
    pos_ += out.size() * 8;
    return true;
}

}  // namespace atrium::net
