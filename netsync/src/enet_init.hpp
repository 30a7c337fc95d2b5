#pragma once
// ENet needs one global initialisation per process; servers, clients and bots share it.
#include <cstdint>
#include <functional>
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
// Receives every datagram waiting on a busy host's socket and hands each of ENet's events to
// `handle`, without sending more than ENet must. Each enet_host_service call that finds ENet's
// event queue empty passes over every peer twice (to send, around receiving up to 256
// datagrams): the events of a round are taken from the queue instead, and a round that found
// the socket drained is the last, not one more call to find nothing (a thousand clients: two
// thousand peer visits less a tick). The queue is filled by a service call with an event to
// fill: without one, ENet leaves a connecting peer pending until dispatch, refusing the first
// message it sends meanwhile.
void receiveAll(struct _ENetHost* host, const std::function<void(const struct _ENetEvent&)>& handle);
}  // namespace atrium::net
