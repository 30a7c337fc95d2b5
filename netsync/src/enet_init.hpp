#pragma once
// ENet needs one global initialisation per process; servers, clients and bots share it.
#include <cstdint>
#include <span>

namespace atrium::net {
bool ensureEnetInitialized();
// Snapshots and inputs tolerate loss by design (deltas against acknowledged state, redundant
// inputs), so ENet's throttle, which drops unreliable packets whenever round-trip times
// wobble, only adds loss: keep it fully open. Timeouts allow 15 to 60 s of silence, so a
// busy venue server or a client on a stalled laptop is not dropped for a short hiccup.
void configurePeer(struct _ENetPeer* peer);
// Sends one packet on the reliable (ordered) or unreliable (sequenced) channel.
void sendPacket(struct _ENetPeer* peer, std::span<const std::uint8_t> bytes, bool reliable);
}
