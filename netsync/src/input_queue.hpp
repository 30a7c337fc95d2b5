#pragma once
// A client's inputs waiting for the server's ticks, oldest first. A fixed ring: the server
// keeps a dozen at most, and a std::deque allocated and freed a block every couple of dozen
// inputs, for each of a thousand clients, and found each input through its block map.
#include <array>
#include <cstddef>

#include "atrium/net/protocol.hpp"

namespace atrium::net {

class InputQueue {
public:
    static constexpr std::size_t kCapacity = 32;  // above the server's cap plus one packet's inputs

    bool empty() const { return count_ == 0; }
    std::size_t size() const { return count_; }
    const AvatarInput& front() const { return items_[head_]; }
    const AvatarInput& back() const { return (*this)[count_ - 1]; }
    const AvatarInput& operator[](std::size_t i) const { return items_[(head_ + i) % kCapacity]; }
    // When full, the oldest makes room (callers trim to far fewer).
    void push_back(const AvatarInput& in) {
        if (count_ == kCapacity) pop_front();
        items_[(head_ + count_++) % kCapacity] = in;
    }
    void pop_front() {
        head_ = (head_ + 1) % kCapacity;
        --count_;
    }

private:
    std::array<AvatarInput, kCapacity> items_{};
    std::size_t head_ = 0, count_ = 0;
};

}  // namespace atrium::net
