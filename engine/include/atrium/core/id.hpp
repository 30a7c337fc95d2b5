#pragma once
// Stable ids: 64-bit identities that files, the network and undo use. They outlive entity
// handles (which are recycled) and survive save/load and regeneration.
#include <cstdint>
#include <string>
#include <string_view>

namespace atrium {

struct StableId {
    std::uint64_t value = 0;

    bool valid() const { return value != 0; }
    friend bool operator==(StableId a, StableId b) = default;
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted <=> (its synthesised `0`)
    friend auto operator<=>(StableId a, StableId b) = default;
};

// A fresh random id (never 0).
StableId generateStableId();

// A deterministic id derived from a parent id and a key, so that a generator's child that is
// "the same" (row 3, seat 7) keeps its id across regenerations.
StableId deriveStableId(StableId parent, std::string_view key, std::uint64_t a = 0, std::uint64_t b = 0);

// 16 lowercase hex digits; parse accepts the same and rejects anything else.
std::string toHex(StableId id);
bool parseStableId(std::string_view text, StableId& out);

// 64-bit FNV-1a, for keys and content hashes (not cryptographic).
std::uint64_t hash64(std::string_view bytes, std::uint64_t seed = 0xcbf29ce484222325ull);
std::uint64_t hashCombine(std::uint64_t a, std::uint64_t b);

}  // namespace atrium

template <>
struct std::hash<atrium::StableId> {
    std::size_t operator()(atrium::StableId id) const noexcept { return std::size_t(id.value * 0x9e3779b97f4a7c15ull); }
};
