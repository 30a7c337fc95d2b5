#include "atrium/net/bit_stream.hpp"

namespace atrium::net {

void BitWriter::write(std::uint32_t value, int bits) {
    for (int i = 0; i < bits; ++i) {
        if (bits_ % 8 == 0) data_.push_back(0);
        if ((value >> i) & 1u) data_.back() |= std::uint8_t(1u << (bits_ % 8));
        ++bits_;
    }
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
    std::uint32_t value = 0;
    for (int i = 0; i < bits; ++i) {
        if ((data_[pos_ / 8] >> (pos_ % 8)) & 1u) value |= 1u << i;
        ++pos_;
    }
    return value;
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
