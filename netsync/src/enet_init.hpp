#pragma once
// ENet needs one global initialisation per process; servers, clients and bots share it.
namespace atrium::net {
bool ensureEnetInitialized();
}
