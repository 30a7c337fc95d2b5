#pragma once
// ENet needs one global initialisation per process; servers, clients and bots share it.
namespace atrium::net {
bool ensureEnetInitialized();
// Snapshots and inputs tolerate loss by design (deltas against acknowledged state, redundant
// inputs), so ENet's throttle, which drops unreliable packets whenever round-trip times
// wobble, only adds loss: keep it fully open.
void disableEnetThrottle(struct _ENetPeer* peer);
}
