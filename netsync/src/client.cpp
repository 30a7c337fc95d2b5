#include "atrium/net/client.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <utility>

#include "atrium/net/command_chunks.hpp"
#include "atrium/scene/command_json.hpp"
#include "avatar_character.hpp"
#include "client_people.hpp"
#include "client_remote.hpp"
#include "transport_client.hpp"
#include "udp_socket.hpp"

namespace atrium::net {
using namespace client_detail;

struct Client::Impl {
    ClientConfig config;
    std::unique_ptr<TransportClient> transport;  // from connect() on
    bool connected = false, joined = false;
    double leftAt = -1.0;  // leave(): when the goodbye was queued
    std::string closeReason;
    JoinAccept accept;
    std::unique_ptr<PositionQuantizer> quantizer;
    std::unique_ptr<SnapshotDecoder> decoder;
    std::map<NetId, Tracked> entities;  // described by the server (Spawn) and not despawned
    // Entities shown, ascending ids, each with the snapshot that brought it into view.
    std::vector<std::pair<NetId, std::uint16_t>> shown, nextShown;
    // prediction
    AvatarMotion predicted;
    bool havePrediction = false;
    float groundY = 0.0f;
    std::deque<AvatarInput> history;  // sent, not yet acknowledged by the server
    AvatarInput acknowledged;         // the newest input the server has applied (history's predecessor)
    StableId mySeat;                  // the seat the server says this client's avatar sits on
#ifdef ATRIUM_NET_HAS_PHYSICS
    // Over ClientConfig::venue's copy, built with the Client; dropped if the server's avatars
    // do not walk with character physics.
    std::unique_ptr<CharacterPrediction> character;
    bool predictionVenueChanged = false;  // since physics last synced with the venue copy
#endif
    AvatarInput current, lastSampled;
    std::uint16_t inputSequence = 0;
    double nextInput = 0.0;
    int unsentInputs = 0;
    int urgentSamples = 0;           // samples still to send at once after a change of walk
    bool snapshotSinceSend = false;  // an ack worth sending is waiting
    std::optional<std::uint16_t> lastSnapshot;
    // time sync and jitter
    double serverTimeOffset = 0.0;  // server time - local time, from the freshest snapshots
    bool haveOffset = false;
    double lastArrival = -1.0, jitter = 0.0;
    double now = 0.0;
    std::vector<ChatLine> chat;
    std::vector<std::string> notices;
    std::vector<std::string> venuePortals;  // see Client::venuePortals()
    std::map<StableId, std::uint32_t> seats;
    std::map<StableId, MediaStateMsg> media;
    std::vector<EditMsg> edits;
    CommandAssembler commandChunks;
    std::vector<Command> commands;
    std::size_t commandsApplied = 0;  // commands[0, commandsApplied) went through applyCommands
    std::vector<ShowChangeMsg> showChanges;
    std::vector<ShowEffectMsg> showEffects;
    std::size_t showApplied = 0;  // showChanges[0, showApplied) went through applyShow
    std::uint32_t serverTick = 0;
    ClientPeople people;
    // voice
    bool voiceMuted = false;
    std::uint16_t voiceSequence = 0;
    std::vector<VoicePacket> voiceIn;
    std::map<std::uint32_t, VoiceSpeaker> heard;  // by client id; pruned in speaking()
    AssetDownload assets{config.venueCacheDir, {config.assetFileMaxBytes, config.venueMaxBytes}};
    std::string serverHost;  // where connect() went, for reconnect()
    std::uint16_t serverPort = 0;
    ClientStats stats;

    explicit Impl(ClientConfig c) : config(std::move(c)) {
#ifdef ATRIUM_NET_HAS_PHYSICS
        if (config.venue) {
            auto assets = config.assets ? config.assets : std::make_shared<AssetCache>(config.assetRoot);
            character = std::make_unique<CharacterPrediction>(*config.venue, std::move(assets));
        }
#endif
        config.venue = nullptr;  // the caller's World need not outlive us
    }

    // The link simulator, if any, is under the transport, on its datagrams.
    void send(const std::vector<std::uint8_t>& bytes, bool reliable) {
        if (transport && transport->connected()) transport->send(bytes, reliable);
    }
    void rawSend(const std::vector<std::uint8_t>& bytes, bool reliable) { send(bytes, reliable); }
    // The transport's state into connected/joined/closeReason, after each receive.
    void followTransport() {
        if (transport->connected() && !connected) {
            connected = true;
            send(encodeJoin("", config.protocolVersion), true);  // the token itself went in the handshake
        }
        const TransportClient::State state = transport->state();
        if (state != TransportClient::State::Failed && state != TransportClient::State::Disconnected) return;
        if (closeReason.empty()) {
            // A refusal's reason is the server's, sealed; a session that ended without one was lost.
            closeReason = state == TransportClient::State::Failed ? transport->reason() : (leftAt >= 0.0 ? "left" : "connection lost");
        }
        connected = joined = false;
        assets.suspend();  // what arrived is on disk, to resume from
    }

    double interpolationDelay() const {
        // Two and a half snapshot intervals ride out two lost snapshots in a row; jitter adds
        // on top so late packets still arrive before they are needed.
        double interval = 1.0 / std::max(1.0f, accept.snapshotRate);
        return std::clamp(2.5 * interval + 2.0 * jitter, 0.05, 0.4);
    }

    void handleSnapshot(BitReader& r) {
        r.align();
        std::vector<std::uint8_t> body;
        while (r.bitsLeft() >= 8) body.push_back(std::uint8_t(r.read(8)));
        if (!decoder) return;
        auto d = decoder->decode(body);
        if (!d) {
            ++stats.snapshotsDropped;
            return;
        }
        ++stats.snapshotsReceived;
        snapshotSinceSend = true;
        lastSnapshot = d->header.sequence;
        serverTick = std::max(serverTick, std::uint32_t(d->header.serverTick));
        double serverTime = double(d->header.serverTick) / 60.0;
        // The smallest offset seen is the least delayed packet: a stable clock estimate.
        double offset = serverTime - now;
        if (!haveOffset || offset > serverTimeOffset) serverTimeOffset = offset;
        else serverTimeOffset += (offset - serverTimeOffset) * 0.01;  // drift slowly with the clock
        haveOffset = true;
        if (lastArrival >= 0.0) {
            double deviation = std::abs((now - lastArrival) - 1.0 / accept.snapshotRate);
            jitter += (deviation - jitter) * 0.1;
        }
        lastArrival = now;
        updateShown(*d);
        std::optional<vec3> mine;
        for (const auto& [id, s] : *d->state) {
            auto it = entities.find(id);
            if (it == entities.end()) continue;  // spawn not here yet; the next snapshot has it
            Sample sample{serverTime, quantizer->dequantize(s.position), dequantizeRotation(s.rotation)};
            it->second.info.hasState = true;
            auto& samples = it->second.samples;
            // An entity this packet did not carry holds its baseline's state, which may be a
            // round trip older than what a newer, unacknowledged snapshot brought (the server
            // left it out for the byte budget). Only where the two agree does it say "still there
            // at this time"; otherwise the newer sample stands, instead of the view stepping
            // back to where the entity was and walking the distance again.
            bool carried = std::binary_search(d->changed.begin(), d->changed.end(), id);
            if (!carried && !samples.empty() && (samples.back().position != sample.position || samples.back().rotation != sample.rotation))
                continue;
            if (id == accept.avatar) {
                mine = sample.position;  // reconciled once the bodies it may meet have moved
                continue;
            }
#ifdef ATRIUM_NET_HAS_PHYSICS
            if (character && it->second.info.kind == EntityKind::Body) followBody(it->second.info.stableId, sample);
#endif
            if (!samples.empty()) {
                float d = glm::length(sample.position - samples.back().position);
                double span = serverTime - samples.back().serverTime;
                sample.jump = d > kJumpMeters && (span <= 0.0 || d / span > kJumpSpeed);
            }
            if (samples.empty() || samples.back().serverTime < serverTime) samples.push_back(sample);
            while (samples.size() > 40) samples.pop_front();
        }
        if (mine) reconcile(*mine, d->header.lastInputSequence);
    }

    // Entities that left this client's view (out of interest) are hidden until they return. An
    // entity missing from a snapshot's view has certainly left it only if the snapshot's
    // baseline already held it (the server then listed it as removed); one that arrived in a
    // snapshot newer than the baseline may simply not have been sent again yet, and stays.
    void updateShown(const SnapshotDecoder::Decoded& d) {
        nextShown.clear();
        auto s = d.state->begin(), sEnd = d.state->end();
        auto o = shown.begin(), oEnd = shown.end();
        while (s != sEnd || o != oEnd) {
            if (s != sEnd && (o == oEnd || s->first < o->first)) {
                nextShown.emplace_back(s->first, d.header.sequence);
                ++s;
            } else if (s == sEnd || o->first < s->first) {
                bool left = d.header.baseline && !sequenceGreater(o->second, *d.header.baseline);
                if (!left) {
                    nextShown.push_back(*o);
                } else if (auto it = entities.find(o->first); it != entities.end()) {
                    it->second.info.hasState = false;
                    it->second.samples.clear();
                }
                ++o;
            } else {
                nextShown.push_back(*o);
                ++s;
                ++o;
            }
        }
        std::swap(shown, nextShown);
    }

    // Server position after input `lastApplied`; replay what it has not seen yet.
    void reconcile(vec3 serverPosition, std::uint16_t lastApplied) {
        while (!history.empty() && !sequenceGreater(history.front().sequence, lastApplied)) {
            acknowledged = history.front();
            history.pop_front();
        }
        vec3 before = predicted.position;
        AvatarMotion m = predicted;
        m.position = serverPosition;
        if (!havePrediction) {
            m.verticalSpeed = 0.0f;
            groundY = serverPosition.y;  // avatars arrive standing on the floor
        }
#ifdef ATRIUM_NET_HAS_PHYSICS
        if (character) restoreCharacter(lastApplied);
#endif
        const AvatarInput* previous = &acknowledged;
        for (const AvatarInput& in : history) {
            predictStep(m, in, *previous, kServerStep);
            previous = &in;
        }
        predicted = m;
        stats.correctionMeters = havePrediction ? glm::length(predicted.position - before) : 0.0;
        havePrediction = true;
    }

#ifdef ATRIUM_NET_HAS_PHYSICS
    // The controller as it was after input `lastApplied`, the server's position aside. With no
    // prediction of that input (the server applied none yet, or it came before our first
    // snapshot) the avatar is taken to stand still, as it arrives; if it is in the air, the
    // first step finds that out, as the server's did.
    void restoreCharacter(std::uint16_t lastApplied) {
        CharacterController& cc = character->controller();
        const CharacterPrediction::After& a = character->after[lastApplied % character->after.size()];
        bool known = lastApplied != 0 && a.valid && a.sequence == lastApplied;
        cc.velocity = known ? a.velocity : vec3(0.0f);
        cc.grounded = known ? a.grounded : true;
        if (known) character->traveller.inside = a.portal;
        syncPredictionVenue();
    }

    // A body the server moved (pushed, fallen, thrown) is where the server last said in the
    // prediction's copy too, or walking into it would be corrected: the copy's bodies do not
    // simulate. The newest state, not the interpolated one: the server's avatar meets bodies
    // as they are at its tick. Bodies under a parent are left (their Transform is local).
    void followBody(StableId id, const Sample& s) {
        World& w = character->venue;
        Entity e = w.find(id);
        Transform* t = w.get<Transform>(e);
        if (!t || w.parent(e).valid() || (t->position == s.position && t->rotation == s.rotation)) return;
        t->position = s.position;
        t->rotation = s.rotation;
        predictionVenueChanged = true;
    }

    // Physics catches up with the venue copy, which changes only through received commands,
    // edits and moved bodies: once after those, not before every predicted input.
    void syncPredictionVenue() {
        if (!predictionVenueChanged) return;
        character->venue.updateTransforms();
        character->physics->sync();
        predictionVenueChanged = false;
    }
#endif

    // One input of prediction, by the model the server runs. A seated avatar stays put until
    // an input stands it up, as on the server.
    void predictStep(AvatarMotion& m, const AvatarInput& in, const AvatarInput& before, float dt) {
        if (mySeat.valid()) {
            if (!standsUp(in, before)) return;
            mySeat = {};  // the server stands us up (where, it will tell)
        }
#ifdef ATRIUM_NET_HAS_PHYSICS
        if (character) {
            m.yaw = in.yaw;
            const vec3 from = m.position;
            m.position = stepAvatarCharacter(*character->physics, character->venue, character->avatar, from, in, dt, *quantizer);
            m.position = passPortals(character->venue, character->avatar, from, m.position, character->traveller, *quantizer);
            const CharacterController& cc = character->controller();
            character->after[in.sequence % character->after.size()] = {in.sequence, true, cc.velocity, cc.grounded, character->traveller.inside};
            return;
        }
#endif
        stepAvatar(m, in, dt, groundY, accept.bounds);
    }

    void startCharacterPrediction() {
#ifdef ATRIUM_NET_HAS_PHYSICS
        if (!accept.characterPhysics) character.reset();
        stats.characterPhysics = character != nullptr;
#endif
    }

    // What the server did to the venue, done to the prediction's copy of it as well.
    void applyToPredictionVenue(const Command& command) {
#ifdef ATRIUM_NET_HAS_PHYSICS
        if (!character) return;
        Command copy = command;
        // A command that fails here leaves the copy behind the server's venue: prediction near
        // what it changed is corrected, as without the venue.
        (void)applyCommand(character->venue, copy);
        predictionVenueChanged = true;
#else
        (void)command;
#endif
    }

    void applyEditToPredictionVenue(const EditMsg& m) {
#ifdef ATRIUM_NET_HAS_PHYSICS
        if (!character) return;
        World* w = &character->venue;
        Entity e = w->find(m.entity);
        if (Transform* t = w->get<Transform>(e); t && !w->has<Avatar>(e)) {
            t->position = m.position;
            t->rotation = m.rotation;
            predictionVenueChanged = true;
        }
#else
        (void)m;
#endif
    }

    void handle(std::span<const std::uint8_t> bytes, bool nested = false) {
        if (bytes.size() > kMaxPacketBytes) return void(++stats.malformedPackets);
        BitReader r(bytes);
        auto type = readHeader(r);
        if (!type) return void(++stats.malformedPackets);
        switch (*type) {
            case MessageType::Batch: return handleBatch(r, nested);
            case MessageType::JoinAccept: return handleJoinAccept(r);
            case MessageType::JoinReject:
            case MessageType::Kicked: {
                auto text = readText(r, kMaxPacketBytes);
                closeReason = text.value_or("refused");
                joined = false;
                return;
            }
            case MessageType::Notice: {
                if (auto text = readText(r, kMaxPacketBytes)) notices.push_back(*text);
                return;
            }
            case MessageType::VenuePortal: return keep(readText(r, kMaxPacketBytes), venuePortals);
            case MessageType::Snapshot: return handleSnapshot(r);
            case MessageType::Spawn: return handleSpawn(r);
            case MessageType::Despawn: return handleDespawn(r);
            case MessageType::ChatMessage: return keep(readChatLine(r), chat);
            case MessageType::SeatState: return handleSeatState(r);
            case MessageType::MediaState: {
                auto m = readMedia(r);
                if (!m) return void(++stats.malformedPackets);
                media[m->screen] = *m;
                return;
            }
            case MessageType::Edit: return handleEdit(r);
            case MessageType::CommandChunk: return handleCommandChunk(r);
            case MessageType::ShowChange: return keep(readShowChange(r), showChanges);
            case MessageType::ShowEffect: return keep(readShowEffect(r), showEffects);
            case MessageType::VoicePacket: return handleVoice(r, bytes.size());
            default:
                if (!people.handle(*type, r, stats.malformedPackets) && !handleVenue(*type, r)) ++stats.malformedPackets;
        }
    }

    void handleVoice(BitReader& r, std::size_t messageBytes) {
        auto p = readVoicePacket(r);
        if (!p) return void(++stats.malformedPackets);
        ++stats.voiceFramesReceived;
        stats.voiceBytesReceived += messageBytes;
        heard[p->speaker] = {p->speaker, p->avatar, p->stage, p->announcement, now};
        voiceIn.push_back(std::move(*p));
    }

    bool handleVenue(MessageType type, BitReader& r) {
        std::vector<AssetRequestMsg> requests;
        std::string failed;
        if (!handleAssetMessage(type, r, assets, requests, failed)) return false;
        for (const AssetRequestMsg& m : requests) send(encodeAssetRequest(m), true);
        if (!failed.empty()) notices.push_back(failed);
        return true;
    }

    // A message kept as it came, or counted as malformed.
    template <typename T, typename List>
    void keep(std::optional<T> m, List& list) {
        if (!m) return void(++stats.malformedPackets);
        list.push_back(std::move(*m));
    }

    void handleBatch(BitReader& r, bool nested) {
        auto messages = nested ? std::nullopt : readBatch(r);
        if (!messages) return void(++stats.malformedPackets);
        for (const auto& m : *messages) handle(m, true);
    }

    void handleJoinAccept(BitReader& r) {
        auto m = readJoinAccept(r);
        if (!m) return void(++stats.malformedPackets);
        accept = *m;
        joined = true;
        quantizer = std::make_unique<PositionQuantizer>(accept.bounds);
        decoder = std::make_unique<SnapshotDecoder>(*quantizer);
        startCharacterPrediction();
    }

    void handleSpawn(BitReader& r) {
        auto m = readSpawn(r);
        if (!m) return void(++stats.malformedPackets);
        Tracked t;
        t.info = RemoteEntity{m->id, m->kind, m->owner, m->stableId, m->name};
        entities[m->id] = std::move(t);
    }

    void handleDespawn(BitReader& r) {
        auto id = readDespawn(r);
        if (!id) return void(++stats.malformedPackets);
        // The snapshots take its state out of the view on their own: forgetting it in
        // the decoder here would make this client's deltas disagree with the server's.
        entities.erase(*id);
    }

    void handleSeatState(BitReader& r) {
        auto m = readSeatState(r);
        if (!m) return void(++stats.malformedPackets);
        if (m->occupant) seats[m->seat] = m->occupant;
        else seats.erase(m->seat);
        if (m->occupant == accept.clientId && accept.clientId != 0) mySeat = m->seat;
        else if (m->seat == mySeat) mySeat = {};
    }

    void handleEdit(BitReader& r) {
        auto m = readEdit(r);
        if (!m) return void(++stats.malformedPackets);
        applyEditToPredictionVenue(*m);
        edits.push_back(*m);
    }

    void handleCommandChunk(BitReader& r) {
        CommandAssembler::Outcome outcome = commandChunks.feed(r);
        if (outcome == CommandAssembler::Outcome::Malformed) return void(++stats.malformedPackets);
        if (outcome == CommandAssembler::Outcome::Partial) return;
        Result<Command> command = commandFromJson(commandChunks.take());
        if (!command) return void(++stats.malformedPackets);
        applyToPredictionVenue(*command);
        commands.push_back(std::move(*command));
    }

    void sampleInput() {
        // Starting, stopping, turning the walk or jumping leaves at once, whatever the batching,
        // and again with the next sample in case the first packet is lost: those are the inputs
        // whose delay everyone sees (an avatar overshooting its stop).
        // The sample as the server will read it: a change too small to survive the packet's
        // 8 bits is no change, and prediction steps with what the server steps with.
        AvatarInput sample = asReceived(current);
        if (inputSequence == 0 || walkChanged(lastSampled, sample)) urgentSamples = 2;
        lastSampled = sample;
        bool urgent = urgentSamples > 0;
        if (urgent) --urgentSamples;
        sample.sequence = ++inputSequence;
        const AvatarInput before = history.empty() ? acknowledged : history.back();
        history.push_back(sample);
        while (history.size() > 120) {
            acknowledged = history.front();
            history.pop_front();
        }
        if (havePrediction) {
#ifdef ATRIUM_NET_HAS_PHYSICS
            if (character) syncPredictionVenue();
#endif
            predictStep(predicted, sample, before, float(1.0 / config.inputRate));
        }
        ++unsentInputs;
        int perPacket = std::max(1, int(std::lround(config.inputRate / std::max(1.0, config.inputSendRate))));
        // Batched inputs wait for a fresh snapshot to acknowledge, so the server's delta
        // baseline is as recent as with a packet per input and packets keep in step with
        // snapshots (one each at 30 Hz); a late snapshot holds them back one input at most.
        bool due = perPacket <= 1 || (unsentInputs >= perPacket && snapshotSinceSend) || unsentInputs > perPacket;
        if (due || urgent) sendInputs();
    }

    void sendInputs() {
        // Older inputs ride along with the new ones, so a lost packet costs nothing.
        std::size_t n = std::min<std::size_t>(history.size(), std::max<std::size_t>(kInputRedundancy, std::size_t(unsentInputs)));
        std::vector<AvatarInput> newestFirst(history.rbegin(), history.rbegin() + std::ptrdiff_t(std::min<std::size_t>(n, 8)));
        send(encodeInputs(lastSnapshot.value_or(0), lastSnapshot.has_value(), newestFirst), false);
        unsentInputs = 0;
        snapshotSinceSend = false;
    }

    RemoteEntity sampleAt(const Tracked& t, double renderTime) const {
        RemoteEntity e = t.info;
        const auto& s = t.samples;
        if (s.empty()) return e;
        if (renderTime <= s.front().serverTime) {
            e.position = s.front().position;
            e.rotation = s.front().rotation;
            return e;
        }
        for (std::size_t i = 1; i < s.size(); ++i) {
            if (renderTime <= s[i].serverTime) {
                double span = s[i].serverTime - s[i - 1].serverTime;
                float a = span > 0 ? float((renderTime - s[i - 1].serverTime) / span) : 1.0f;
                if (s[i].jump && renderTime < s[i].serverTime) a = 0.0f;  // there until it jumps
                e.position = glm::mix(s[i - 1].position, s[i].position, a);
                e.rotation = glm::slerp(s[i - 1].rotation, s[i].rotation, a);
                return e;
            }
        }
        // Past the newest sample: extrapolate a little along the last velocity, then hold.
        const Sample& last = s.back();
        e.position = last.position;
        e.rotation = last.rotation;
        if (s.size() >= 2 && !last.jump) {  // a jump is no velocity to carry on with
            const Sample& prev = s[s.size() - 2];
            double span = last.serverTime - prev.serverTime;
            double ahead = std::min(renderTime - last.serverTime, kMaxExtrapolation);
            if (span > 0 && span < 0.5) e.position += (last.position - prev.position) * float(ahead / span);
        }
        return e;
    }
};

Client::Client(ClientConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Client::~Client() { disconnect(); }

Status Client::connect(const std::string& host, std::uint16_t port) {
    Impl& c = *impl_;
    c.serverHost = host;
    c.serverPort = port;
    Result<ConnectToken> token = joinConnectToken(c.config.token);
    if (!token) return Error{token.error().message};
    Result<std::uint32_t> ip = resolveIpv4(host);
    if (!ip) return ip.error();
    token->addresses = {TokenAddress{*ip, port}};  // a join token names no server: the link does
    TransportClientConfig t;
    t.link = c.config.link;
    t.seed = c.config.seed;
    c.transport = std::make_unique<TransportClient>(t);
    c.connected = c.joined = false;
    return c.transport->connect(*token, c.now);
}

void Client::update(double now) {
    Impl& c = *impl_;
    if (!c.transport) return;
    c.now = now;
    c.transport->receive(now, [&](std::span<const std::uint8_t> message, bool) { c.handle(message); });
    c.followTransport();
    if (c.joined) {
        if (c.nextInput == 0.0) c.nextInput = now;
        int sent = 0;
        while (now >= c.nextInput && sent < 4) {
            c.sampleInput();
            c.nextInput += 1.0 / c.config.inputRate;
            ++sent;
        }
        if (now > c.nextInput + 0.5) c.nextInput = now;
    }
    // After leave(): the server closes the session once the goodbye arrived; if it never says
    // so, the client gives up waiting.
    if (c.leftAt >= 0.0 && c.transport->connected() && now - c.leftAt > 3.0) c.transport->disconnect(now);
    c.transport->flush(now);
    c.followTransport();
    c.stats.interpolationDelayMs = c.interpolationDelay() * 1000.0;
    c.stats.wireBytesReceived = c.transport->socket().bytesReceived();
    c.stats.datagramsReceived = c.transport->socket().datagramsReceived();
    c.stats.jitterMs = c.jitter * 1000.0;
}

void Client::disconnect() {
    Impl& c = *impl_;
    if (c.transport) {
        c.transport->disconnect(c.now);
        c.transport.reset();
    }
    c.connected = c.joined = false;
    c.assets.suspend();
}

bool Client::connected() const { return impl_->connected; }
bool Client::joined() const { return impl_->joined; }
const std::string& Client::closeReason() const { return impl_->closeReason; }
std::uint32_t Client::clientId() const { return impl_->accept.clientId; }
Role Client::role() const { return impl_->accept.role; }
NetId Client::avatarId() const { return impl_->accept.avatar; }

void Client::setInput(vec2 move, bool run, bool jump, float yaw) {
    if (glm::length(move) > 1.0f) move = glm::normalize(move);
    impl_->current.move = move;
    impl_->current.run = run;
    impl_->current.jump = jump;
    impl_->current.yaw = yaw;
}

void Client::sendChat(const std::string& text) {
    // Cut at a character boundary: half a character would get the line refused as bad UTF-8.
    std::size_t n = std::min(text.size(), kMaxChatBytes);
    while (n > 0 && n < text.size() && (std::uint8_t(text[n]) & 0xC0) == 0x80) --n;
    impl_->send(encodeText(MessageType::Chat, text.substr(0, n)), true);
}
void Client::claimSeat(StableId seat) { impl_->send(encodeSeat(MessageType::SeatClaim, seat), true); }
void Client::releaseSeat() { impl_->send(encodeSeat(MessageType::SeatRelease, StableId{}), true); }
void Client::controlMedia(const MediaControlMsg& control) { impl_->send(encodeMediaControl(control), true); }
void Client::kick(std::uint32_t clientId) { impl_->send(encodeClientAction(MessageType::Kick, clientId), true); }
void Client::mute(std::uint32_t clientId) { impl_->send(encodeClientAction(MessageType::Mute, clientId), true); }
void Client::editTransform(StableId entity, vec3 position, quat rotation) { impl_->send(encodeEdit({entity, position, rotation}), true); }

vec3 Client::predictedPosition() const { return impl_->predicted.position; }

std::vector<RemoteEntity> Client::view(double now) const {
    std::vector<RemoteEntity> out;
    double renderTime = now + impl_->serverTimeOffset - impl_->interpolationDelay();
    for (const auto& [id, t] : impl_->entities) {
        if (!t.info.hasState) continue;
        if (id == impl_->accept.avatar) {
            RemoteEntity e = t.info;
            e.position = impl_->predicted.position;
            e.rotation = glm::angleAxis(impl_->predicted.yaw, vec3(0, 1, 0));
            out.push_back(e);
        } else {
            out.push_back(impl_->sampleAt(t, renderTime));
        }
    }
    return out;
}

std::optional<RemoteEntity> Client::entity(NetId id, double now) const {
    for (const RemoteEntity& e : view(now)) {
        if (e.id == id) return e;
    }
    return std::nullopt;
}

const std::vector<ChatLine>& Client::chat() const { return impl_->chat; }
const std::vector<std::string>& Client::notices() const { return impl_->notices; }
const std::vector<std::string>& Client::venuePortals() const { return impl_->venuePortals; }
const std::map<StableId, std::uint32_t>& Client::seats() const { return impl_->seats; }
const std::map<StableId, MediaStateMsg>& Client::media() const { return impl_->media; }

void Client::use(StableId interactable) { impl_->send(encodeUse(interactable), true); }
void Client::cue(const std::string& name) { impl_->send(encodeCue(name), true); }
std::uint32_t Client::serverTick() const { return impl_->serverTick; }
double Client::serverTime(double now) const { return impl_->haveOffset ? now + impl_->serverTimeOffset : 0.0; }
const std::vector<ShowChangeMsg>& Client::showChanges() const { return impl_->showChanges; }
const std::vector<ShowEffectMsg>& Client::showEffects() const { return impl_->showEffects; }

void Client::applyShow(ShowRunner& follower) {
    follower.becomeFollower();
    Impl& c = *impl_;
    for (; c.showApplied < c.showChanges.size(); ++c.showApplied) {
        const ShowChangeMsg& m = c.showChanges[c.showApplied];
        follower.follow(m.action, m.serverTime());
    }
}
const std::vector<EditMsg>& Client::edits() const { return impl_->edits; }
const std::vector<Command>& Client::commands() const { return impl_->commands; }

void Client::sendCommand(const Command& command) {
    for (auto& chunk : encodeCommandChunks(commandToJson(command))) impl_->send(chunk, true);
}

Status Client::applyCommands(World& world) {
    while (impl_->commandsApplied < impl_->commands.size()) {
        Command command = impl_->commands[impl_->commandsApplied];
        if (Status s = applyCommand(world, command); !s.ok()) return s;
        ++impl_->commandsApplied;
    }
    return Ok{};
}
const ClientStats& Client::stats() const { return impl_->stats; }

void Client::sendVoice(std::span<const std::uint8_t> frame, bool announcement) {
    Impl& c = *impl_;
    if (frame.empty() || frame.size() > kMaxVoiceFrameBytes || !c.joined || c.voiceMuted) return void(++c.stats.voiceFramesRefused);
    std::vector<std::uint8_t> bytes = encodeVoiceSend(c.voiceSequence++, announcement, frame);
    ++c.stats.voiceFramesSent;
    c.stats.voiceBytesSent += bytes.size();
    c.send(bytes, false);
}

void Client::setVoiceMuted(bool muted) {
    impl_->voiceMuted = muted;
    impl_->send(encodeVoiceMute(muted), true);
}

bool Client::voiceMuted() const { return impl_->voiceMuted; }

std::vector<VoicePacket> Client::takeVoice() { return std::exchange(impl_->voiceIn, {}); }

std::vector<VoiceSpeaker> Client::speaking() const {
    std::vector<VoiceSpeaker> out;
    for (const auto& [id, s] : impl_->heard) {
        if (impl_->now - s.lastHeard <= kVoiceSpeakingSeconds) out.push_back(s);
    }
    return out;
}

bool Client::isSpeaking(std::uint32_t clientId) const {
    auto it = impl_->heard.find(clientId);
    return it != impl_->heard.end() && impl_->now - it->second.lastHeard <= kVoiceSpeakingSeconds;
}

void Client::setRole(std::uint32_t clientId, Role role) { impl_->send(encodeSetRole(clientId, role), true); }

void Client::sendEmote(std::uint8_t emote) { impl_->send(encodeEmote(emote), true); }
void Client::setLook(const AvatarLookMsg& look) { impl_->send(encodeLook(look), true); }
void Client::setDisplayName(const std::string& name) { impl_->send(encodeRename(name), true); }
const std::vector<EmoteEvent>& Client::emotes() const { return impl_->people.emotes; }
const std::map<std::uint32_t, AvatarLookMsg>& Client::looks() const { return impl_->people.looks; }
const std::map<std::uint32_t, Participant>& Client::participants() const { return impl_->people.participants; }
const AssetTransfer& Client::assetTransfer() const { return impl_->assets.transfer(); }
std::optional<std::filesystem::path> Client::assetPath(std::string_view venuePath) const { return impl_->assets.localPath(venuePath); }

// The goodbye must arrive before the disconnect, so the server closes the session once it has
// the Leave; update() carries on servicing the connection until then (connected() turns false).
void Client::leave() {
    Impl& c = *impl_;
    if (!c.transport || !c.transport->connected()) return disconnect();
    c.send(encodeLeave(), true);
    c.leftAt = c.now;
    c.joined = false;
    if (c.closeReason.empty()) c.closeReason = "left";
}

Status Client::reconnect() {
    disconnect();
    auto fresh = std::make_unique<Impl>(impl_->config);
#ifdef ATRIUM_NET_HAS_PHYSICS
    // The prediction's copy of the venue is the one worth keeping (the caller's World is gone),
    // unless the hosts changed it: the server sends its edits again on joining, and applied
    // twice they would not be the server's venue.
    if (impl_->character && impl_->commands.empty() && impl_->edits.empty()) {
        fresh->character = std::move(impl_->character);
        fresh->character->after = {};  // input sequences start again at 1
        fresh->character->traveller = {};
    }
#endif
    std::string host = impl_->serverHost;
    std::uint16_t port = impl_->serverPort;
    impl_ = std::move(fresh);
    return connect(host, port);
}

}  // namespace atrium::net
