#include "atrium/net/bit_stream.hpp"

#include <algorithm>

namespace atrium::net {

// Bits go least significant first. The partly filled last byte is topped up first, then
// whole bytes are appended (snapshot encoding for a thousand clients is mostly this).
void BitWriter::write(std::uint32_t value, int bits) {
    if (bits <= 0) return;
    std::uint64_t v = bits >= 32 ? value : value & ((1u << bits) - 1u);
    int used = int(bits_ & 7);
    bits_ += std::size_t(bits);
    if (used) {
        data_.back() |= std::uint8_t(v << used);
        int room = 8 - used;
        if (bits <= room) return;
        v >>= room;
        bits -= room;
    }
    for (; bits > 0; bits -= 8, v >>= 8) data_.push_back(std::uint8_t(v));
}

void BitWriter::writeVarint(std::uint32_t value) {
    do {
        std::uint32_t group = value & 0x7fu;
        value >>= 7;
        write(group | (value ? 0x80u : 0u), 8);
    } while (value);
}

void BitWriter::align() {
    bits_ = (bits_ + 7) / 8 * 8;
}

void BitWriter::writeBytes(std::span<const std::uint8_t> bytes) {
    align();
    data_.insert(data_.end(), bytes.begin(), bytes.end());
    bits_ += bytes.size() * 8;
}

std::uint32_t BitReader::read(int bits) {
    if (bits < 0 || bits > 32 || std::size_t(bits) > bitsLeft()) {
        ok_ = false;
        pos_ = data_.size() * 8;
        return 0;
    }
    std::uint64_t value = 0;
    int got = 0;
    while (got < bits) {
        int used = int(pos_ % 8);
        int n = std::min(8 - used, bits - got);
        value |= std::uint64_t((data_[pos_ / 8] >> used) & ((1u << n) - 1u)) << got;
        got += n;
        pos_ += std::size_t(n);
    }
    return std::uint32_t(value);
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

void BitReader::align() {
    pos_ = std::min((pos_ + 7) / 8 * 8, data_.size() * 8);
}

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
