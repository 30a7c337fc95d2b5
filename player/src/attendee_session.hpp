#pragma once
// One attendee in a venue: the netsync client, the venue as this attendee sees it (a World with
// an entity per avatar in view, seated where the server says, animated by CrowdAnimation), and
// what the attendee does (walk relative to the camera, sit on the nearest free seat, stand,
// chat, emote). The windowed app and the headless one both drive it; it draws nothing itself.
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "atrium/animation/crowd_animation.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/join_link.hpp"
#include "atrium/scene/rules/venue_rules.hpp"
#include "atrium/scene/show/show_runner.hpp"
#include "atrium/scene/world.hpp"
#include "click_action.hpp"
#include "third_person_camera.hpp"

namespace atrium::player {

struct Participant {
    std::uint32_t clientId = 0;
    std::string name;
    net::Role role = net::Role::Attendee;
    bool inView = false;  // position and seated are known only for those in view
    vec3 position{0.0f};
    bool seated = false;
    bool me = false;
};

// Where the attendee's connection stands, with the words the app shows for it.
struct ConnectionStatus {
    enum class State { Connecting, Joined, Reconnecting, Refused } state = State::Connecting;
    std::string message;
    double retryIn = 0.0;  // Reconnecting: seconds until the next try
    int attempt = 0;       // Reconnecting: tries so far since the connection was lost
};

class AttendeeSession {
public:
    // `world` holds the venue as loaded (the client predicts against a copy of it made now);
    // avatars are added to and removed from it as they come and go.
    AttendeeSession(World& world, const net::JoinLink& link, std::filesystem::path assetRoot = {});
    Status connect();

    // One frame at `now` (seconds on any steady clock): `keys` held (x right, y forward of the
    // camera), sends the input, receives, mirrors the avatars and animates them.
    void update(double now, float dt, vec2 keys = vec2(0.0f), bool run = false, bool jump = false);

    // Sits on the nearest free seat within reach of the own avatar (or the named one): false
    // with a message when there is none. The server decides; seated() says when it has.
    bool sitNearest(std::string* message = nullptr, const std::string& seatName = {});
    void standUp();
    // A click's action (click_action.hpp): walks there by itself (keys held cancel it), then
    // sits, or walks on into the portal. Stand acts at once.
    void act(const ClickAction& action);
    bool walkingToGoal() const { return goal_.kind != ClickAction::Kind::None; }
    // The seat the own avatar holds, as the server says (invalid when standing).
    StableId mySeat() const;
    static constexpr float kGoalGiveUpSeconds = 20.0f;
    void chat(const std::string& text);
    // Sent to the server, which plays it for everyone (this attendee included) at once.
    void emote(Emote e);
    // The own avatar's look, for everyone (and late joiners).
    void setLook(const AvatarLook& look);
    const AvatarLook& look() const { return look_; }
    // The name everyone sees instead of the token's (the server may refuse it with a notice).
    void setDisplayName(const std::string& name);
    // Where looks naming a custom avatar (AvatarLook::model) find it; not owned (null: mannequins).
    void setAvatars(AvatarLibrary* library) { crowd_.setAvatars(library); }
    // Hosts only (the server refuses others with a notice).
    void kick(std::uint32_t clientId) { client_.kick(clientId); }
    void mute(std::uint32_t clientId) { client_.mute(clientId); }
    net::Role role() const { return client_.role(); }

    // Voice: an encoded frame (the audio layer's) for the server to forward; a host may ask to be
    // heard venue-wide. The own avatar counts as speaking while frames leave.
    void sendVoice(std::span<const std::uint8_t> frame, bool announcement = false);
    // Where the voice of the avatar `avatar` comes from: its posed head in the World, when in view.
    std::optional<vec3> headOf(net::NetId avatar) const;
    void setRole(std::uint32_t clientId, net::Role role) { client_.setRole(clientId, role); }

    // Shows: the server runs the venue's interactions and timelines; this session's follower
    // (a ShowRunner over the World) makes the changes it sends at the server's ticks.
    // The nearest enabled button (Interactable) within its reach of the own avatar; none: invalid.
    Entity interactableInReach() const;
    // "E: Start the show" for the nearest button in reach; empty when none.
    std::string promptInReach() const;
    // Uses the button in reach (false with a message when none is); the server decides.
    bool useInReach(std::string* message = nullptr);
    void use(Entity button);
    // A host's cue (others are refused by the server with a notice), and the cues the venue's
    // bindings listen for, for a host's control panel.
    void cue(const std::string& name) { client_.cue(name); }
    std::vector<std::string> cues() const;
    const ShowRunner& show() const { return show_; }

    bool joined() const { return client_.joined(); }
    const std::string& closeReason() const { return client_.closeReason(); }
    bool seated() const;
    vec3 position() const;  // the own avatar's feet, predicted
    ThirdPersonCamera& camera() { return camera_; }
    const net::Client& client() const { return client_; }
    net::Client& client() { return client_; }
    double now() const { return now_; }  // the last update()'s clock
    ConnectionStatus status() const;
    // The own display name as the server has it (the token's until a rename is accepted).
    std::string displayName() const;
    const CrowdAnimation& crowd() const { return crowd_; }
    std::vector<Participant> participants() const;
    // Everything that happened worth telling the attendee, oldest first ("Ada joined", chat
    // lines, notices); the app shows them and the headless run prints them.
    const std::vector<std::string>& log() const { return log_; }

    static constexpr float kSeatReach = 2.0f;
    // After a lost connection: tries again after 1, 2, 4 ... up to 16 s.
    static constexpr double kMaxReconnectDelay = 16.0;
    // A connection that has not joined in this long counts as lost (the transport's own
    // time-outs are a minute), so the attendee hears about it and it is tried again.
    static constexpr double kJoinDeadline = 8.0;
    bool reconnecting() const { return reconnectAt_ > 0.0; }

private:
    void mirrorAvatars(double now);
    void mirrorSeats();
    void playEmotes();
    void applyLooks();
    void followShow(double now);
    void markSpeaking();
    void keepConnected(double now);
    bool lost() const;
    vec2 walkToGoal(double now);
    Entity avatarEntity(net::NetId id, const std::string& name);

    World& world_;
    net::JoinLink link_;
    net::Client client_;
    ThirdPersonCamera camera_;
    CrowdAnimation crowd_;
    std::map<net::NetId, Entity> shown_;          // every avatar in view, the own one included
    std::map<net::NetId, std::uint32_t> owners_;  // their client ids
    ShowRunner show_;
    std::size_t chatSeen_ = 0, noticesSeen_ = 0, emotesSeen_ = 0, effectsSeen_ = 0;
    double reconnectAt_ = 0.0, reconnectDelay_ = 1.0;
    int reconnectAttempts_ = 0;
    bool announcedJoin_ = false, everJoined_ = false, refusalLogged_ = false, attempting_ = false;
    AvatarLook look_;
    ClickAction goal_;
    double goalSince_ = 0.0;
    double attemptSince_ = -1.0;  // when the current connect began (-1: at the next update)
    bool timedOut_ = false;
    vec3 goalLastFeet_{0.0f};
    double now_ = 0.0;
    double lastVoiceSent_ = -1.0;
    std::vector<std::string> log_;
};

}  // namespace atrium::player
