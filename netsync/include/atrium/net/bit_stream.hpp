#pragma once
// Bit-level packing for packets. The reader never reads past its buffer: a read beyond the end
// yields zeros and marks the stream failed, so a truncated or malicious packet is detected by
// one check of ok() after decoding instead of a bounds check at every field.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace atrium::net {

class BitWriter {
public:
    // 1..32 bits, low bits of value, least significant first. Inline: snapshot encoding for a
    // thousand clients is mostly this. The value's first byte tops up the partly filled last
    // byte; the rest are appended (push_back into reserved storage: a compare and a store).
    [[gnu::always_inline]] void write(std::uint32_t value, int bits) {
        if (bits <= 0) return;
        if (bits > 32) bits = 32;
        int used = int(bits_ & 7);
        std::uint64_t v = (bits == 32 ? std::uint64_t(value) : std::uint64_t(value & ((1u << bits) - 1u))) << used;
        bits_ += std::size_t(bits);
        if (used && !data_.empty()) {  // always non-empty when used > 0; the test keeps GCC's overflow check quiet
            data_.back() |= std::uint8_t(v);
            v >>= 8;
        }
        for (std::size_t n = (bits_ + 7) / 8 - data_.size(); n > 0; --n, v >>= 8) data_.push_back(std::uint8_t(v));
    }
    void writeBool(bool b) { write(b ? 1u : 0u, 1); }
    // Small unsigned numbers cheaply: 7-bit groups with a continuation bit.
    void writeVarint(std::uint32_t value);
    void writeBytes(std::span<const std::uint8_t> bytes);  // byte-aligned
    void align();
    void reserve(std::size_t bytes) { data_.reserve(bytes); }
    // Empties the writer but keeps its storage, for a writer reused packet after packet.
    void clear() {
        data_.clear();
        bits_ = 0;
    }

    std::size_t bitCount() const { return bits_; }
    std::size_t byteCount() const { return (bits_ + 7) / 8; }
    const std::vector<std::uint8_t>& bytes() const { return data_; }
    // Hands over the bytes (the writer is empty afterwards).
    std::vector<std::uint8_t> release() {
        std::vector<std::uint8_t> out = std::move(data_);
        data_.clear();
        bits_ = 0;
        return out;
    }

private:
    std::vector<std::uint8_t> data_;
    std::size_t bits_ = 0;
};

class BitReader {
public:
    explicit BitReader(std::span<const std::uint8_t> data) : data_(data) {}

    std::uint32_t read(int bits);
    bool readBool() { return read(1) != 0; }
    std::uint32_t readVarint();
    bool readBytes(std::span<std::uint8_t> out);
    void align();

    bool ok() const { return ok_; }
    void fail() { ok_ = false; }
    std::size_t bitsLeft() const { return data_.size() * 8 - pos_; }

private:
    std::span<const std::uint8_t> data_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

}  // namespace atrium::net
