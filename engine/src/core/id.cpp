#include "atrium/core/id.hpp"

#include <mutex>
#include <random>

namespace atrium {

StableId generateStableId() {
    static std::mutex mutex;
    static std::mt19937_64 rng{std::random_device{}()};
    std::lock_guard lock(mutex);
    std::uint64_t v = 0;
    while (v == 0) v = rng();
    return StableId{v};
}

std::uint64_t hash64(std::string_view bytes, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

std::uint64_t hashCombine(std::uint64_t a, std::uint64_t b) {
    // splitmix64 finaliser over the pair: cheap and well mixed, unlike xor alone.
    std::uint64_t z = a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

StableId deriveStableId(StableId parent, std::string_view key, std::uint64_t a, std::uint64_t b) {
    std::uint64_t h = hashCombine(parent.value, hash64(key));
    h = hashCombine(h, a);
    h = hashCombine(h, b);
    return StableId{h == 0 ? 1 : h};
}

std::string toHex(StableId id) {
    static const char* digits = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[i] = digits[(id.value >> ((15 - i) * 4)) & 0xf];
    }
    return out;
}

bool parseStableId(std::string_view text, StableId& out) {
    if (text.size() != 16) return false;
    std::uint64_t v = 0;
    for (char c : text) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else return false;
        v = (v << 4) | std::uint64_t(d);
    }
    if (v == 0) return false;
    out = StableId{v};
    return true;
}

}  // namespace atrium
