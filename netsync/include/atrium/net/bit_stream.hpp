#pragma once
// Bit-level packing for packets. The reader never reads past its buffer: a read beyond the end
// yields zeros and marks the stream failed, so a truncated or malicious packet is detected by
// one check of ok() after decoding instead of a bounds check at every field.
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

namespace atrium::net {

class BitWriter {
public:
    // 1..32 bits, low bits of value, least significant first. Inline: snapshot encoding for a
    // thousand clients is mostly this. Bits gather in a 64-bit word that goes to the buffer 32
    // bits at a time, instead of a byte-by-byte append per field.
    [[gnu::always_inline]] void write(std::uint32_t value, int bits) {
        if (bits <= 0) return;
        if (bits > 32) bits = 32;
        if (tailInBuffer_) takeBackTail();
        std::uint64_t v = bits == 32 ? std::uint64_t(value) : std::uint64_t(value & ((1u << bits) - 1u));
        pending_ |= v << pendingBits_;
        pendingBits_ += bits;
        bits_ += std::size_t(bits);
        if (pendingBits_ >= 32) {
            const std::uint8_t word[4] = {std::uint8_t(pending_), std::uint8_t(pending_ >> 8), std::uint8_t(pending_ >> 16),
                                          std::uint8_t(pending_ >> 24)};
            data_.insert(data_.end(), word, word + 4);
            pending_ >>= 32;
            pendingBits_ -= 32;
        }
    }
    [[gnu::always_inline]] void writeBool(bool b) { write(b ? 1u : 0u, 1); }
    // Small unsigned numbers cheaply: 7-bit groups with a continuation bit.
    void writeVarint(std::uint32_t value);
    void writeBytes(std::span<const std::uint8_t> bytes);  // byte-aligned
    void align();
    void reserve(std::size_t bytes) { data_.reserve(bytes); }
    // Empties the writer but keeps its storage, for a writer reused packet after packet.
    void clear() {
        data_.clear();
        bits_ = 0;
        pending_ = 0;
        pendingBits_ = 0;
        tailInBuffer_ = false;
    }

    std::size_t bitCount() const { return bits_; }
    std::size_t byteCount() const { return (bits_ + 7) / 8; }
    // Every byte written so far; a partly written last byte is zero-padded.
    const std::vector<std::uint8_t>& bytes() const {
        flush();
        return data_;
    }
    // Hands over the bytes (the writer is empty afterwards).
    std::vector<std::uint8_t> release() {
        flush();
        std::vector<std::uint8_t> out = std::move(data_);
        clear();
        return out;
    }

private:
    // Moves the pending bits to the buffer. A partly written last byte goes too, and is taken
    // back by the next write (so bytes() is always whole, yet writing can go on after it).
    void flush() const {
        for (; pendingBits_ >= 8; pendingBits_ -= 8, pending_ >>= 8) data_.push_back(std::uint8_t(pending_));
        if (pendingBits_ > 0) {
            data_.push_back(std::uint8_t(pending_));
            tailInBuffer_ = true;
        }
        pending_ = 0;
        pendingBits_ = 0;
    }
    void takeBackTail() {
        pending_ = data_.back();
        pendingBits_ = int(bits_ & 7);
        data_.pop_back();
        tailInBuffer_ = false;
    }

    // Logically const: bytes() settles the pending bits into data_ without changing what was written.
    mutable std::vector<std::uint8_t> data_;
    mutable std::uint64_t pending_ = 0;  // bits not yet in data_, the oldest lowest
    mutable int pendingBits_ = 0;        // under 32 between writes
    mutable bool tailInBuffer_ = false;  // data_'s last byte is partly written (by flush())
    std::size_t bits_ = 0;
};

class BitReader {
public:
    explicit BitReader(std::span<const std::uint8_t> data) : data_(data) {}

    // 1..32 bits. Inline, with the whole field read in one load where eight bytes from its
    // first byte are in the buffer: a server reads a thousand clients' inputs field by field.
    [[gnu::always_inline]] std::uint32_t read(int bits) {
        const std::size_t first = pos_ / 8;
        if (bits <= 0 || bits > 32 || first + 8 > data_.size()) return readNearEnd(bits);
        std::uint64_t v;
        std::memcpy(&v, data_.data() + first, sizeof v);
        if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
        v >>= pos_ & 7;
        pos_ += std::size_t(bits);
        return std::uint32_t(v & ((std::uint64_t(1) << bits) - 1u));
    }
    bool readBool() { return read(1) != 0; }
    std::uint32_t readVarint();
    bool readBytes(std::span<std::uint8_t> out);
    void align();

    bool ok() const { return ok_; }
    void fail() { ok_ = false; }
    std::size_t bitsLeft() const { return data_.size() * 8 - pos_; }

private:
    std::uint32_t readNearEnd(int bits);  // byte by byte; fails past the end

    std::span<const std::uint8_t> data_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

}  // namespace atrium::net
