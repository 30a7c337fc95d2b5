#include "atrium/cluster/director.hpp"

#include <httplib.h>

#include <chrono>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "atrium/core/json_nesting.hpp"
#include "atrium/net/join_link.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/people.hpp"
#include "instance_json.hpp"

namespace atrium::cluster {

using nlohmann::json;

// A join or a heartbeat is a few hundred bytes; a join token about 1 KiB.
constexpr std::size_t kMaxRequestBytes = 16 * 1024;

struct Director::Impl {
    DirectorConfig config;
    httplib::Server http;
    std::thread thread;
    std::mutex mutex;
    InstanceRegistry registry;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    int boundPort = 0;

    explicit Impl(DirectorConfig c) : config(std::move(c)), registry(config.heartbeatTimeoutSeconds) {}
    double now() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
    void routes();
    Result<json> join(const json& body);
};

namespace {

void answer(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void fail(httplib::Response& res, int status, const std::string& what) { answer(res, status, json{{"error", what}}); }

// The request's body as a JSON object, or why not (naming the endpoint).
Result<json> bodyOf(const httplib::Request& req) {
    if (Status nesting = checkJsonNesting(req.body, 8); !nesting) return Error{req.path + ": " + nesting.error().toString()};
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return Error{req.path + ": the body is not JSON"};
    if (!body.is_object()) return Error{req.path + ": the body must be a JSON object"};
    return body;
}

std::string optionalString(const json& body, const char* key) {
    auto it = body.find(key);
    if (it == body.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_unsigned()) return std::to_string(it->get<std::uint64_t>());
    return {};
}

}  // namespace

Result<json> Director::Impl::join(const json& body) {
    net::JoinClaims claims;
    const std::int64_t nowUnix = std::int64_t(std::time(nullptr));
    std::string token = optionalString(body, "token");
    if (std::string link = optionalString(body, "link"); !link.empty()) {
        Result<net::JoinLink> parsed = net::parseJoinLink(link);
        if (!parsed) return Error{"/join: \"link\": " + parsed.error().message};
        token = parsed->token;
    }
    if (!token.empty()) {
        Result<net::JoinClaims> verified = net::verifyJoinToken(token, config.secret, config.venueId, nowUnix);
        if (!verified) return Error{"/join: the join token is " + verified.error().message};
        claims = *verified;
    } else {
        auto user = body.find("user");
        if (user == body.end() || !user->is_number_unsigned()) return Error{"/join: \"user\": expected a user id (a number), or a \"link\""};
        claims.userId = user->get<std::uint64_t>();
        claims.displayName = optionalString(body, "name");
        if (std::string problem = net::displayNameProblem(claims.displayName); !problem.empty()) return Error{"/join: \"name\": " + problem};
        if (body.contains("role") && optionalString(body, "role") != "attendee") {
            return Error{"/join: \"role\": only attendees join without a join link; presenters and hosts need a link minted with the secret"};
        }
        claims.venueId = config.venueId;
        claims.expiresAtUnix = nowUnix + config.attendeeTokenSeconds;
    }
    JoinRequest request{claims.userId, claims.role, optionalString(body, "group"), optionalString(body, "avoid"),
                        optionalString(body, "friend")};
    std::lock_guard lock(mutex);
    Result<std::string> placed = registry.place(request, now());
    if (!placed) return Error{"/join: " + placed.error().message};
    const InstanceState s = *registry.instance(*placed);
    const std::string minted = net::mintJoinToken(claims, config.secret);
    net::JoinLink link{s.report.host, s.report.port, config.venueId, minted};
    return json{{"instance", *placed}, {"host", s.report.host}, {"port", s.report.port}, {"token", minted}, {"link", net::formatJoinLink(link)}};
}

void Director::Impl::routes() {
    http.set_payload_max_length(kMaxRequestBytes);
    http.Post("/instances", [this](const httplib::Request& req, httplib::Response& res) {
        Result<json> body = bodyOf(req);
        if (!body) return fail(res, 400, body.error().message);
        Result<InstanceReport> report = instanceReportFromJson(*body);
        if (!report) return fail(res, 400, "/instances: " + report.error().message);
        std::lock_guard lock(mutex);
        if (Status ok = registry.report(*report, now()); !ok) return fail(res, 400, "/instances: " + ok.error().message);
        json a{{"drain", registry.draining(report->id)}};
        for (const InstanceState& s : registry.instances()) {
            if (s.report.stage && s.report.id != report->id && s.report.healthy && now() - s.lastSeen <= config.heartbeatTimeoutSeconds) {
                a["stage"] = {{"id", s.report.id}, {"host", s.report.host}, {"port", s.report.port}};
            }
        }
        answer(res, 200, a);
    });
    http.Get("/instances", [this](const httplib::Request&, httplib::Response& res) {
        std::lock_guard lock(mutex);
        json list = json::array();
        const double t = now();
        for (const InstanceState& s : registry.instances()) {
            json j = instanceReportToJson(s.report);
            j["draining"] = s.draining;
            j["age"] = t - s.lastSeen;
            j["pending"] = s.pendingSince.size();
            list.push_back(j);
        }
        answer(res, 200, json{{"instances", list}});
    });
    http.Post(R"(/instances/([^/]+)/drain)", [this](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mutex);
        if (Status ok = registry.drain(req.matches[1]); !ok)
            return fail(res, 404, "/instances/" + std::string(req.matches[1]) + "/drain: " + ok.error().message);
        answer(res, 200, json{{"draining", std::string(req.matches[1])}});
    });
    http.Post("/join", [this](const httplib::Request& req, httplib::Response& res) {
        Result<json> body = bodyOf(req);
        if (!body) return fail(res, 400, body.error().message);
        Result<json> placed = join(*body);
        if (!placed) {
            const bool full = placed.error().message.find("no instance has room") != std::string::npos;
            return fail(res, full ? 503 : 400, placed.error().message);
        }
        answer(res, 200, *placed);
    });
    http.Get("/health", [](const httplib::Request&, httplib::Response& res) { answer(res, 200, json{{"ok", true}}); });
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        const std::string what = res.status == 404   ? "no such endpoint"
                                 : res.status == 413 ? "the body is over " + std::to_string(kMaxRequestBytes / 1024) + " KiB"
                                                     : "HTTP " + std::to_string(res.status);
        fail(res, res.status, req.method + " " + req.path + ": " + what);
    });
}

Director::Director(DirectorConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Director::~Director() { stop(); }

Status Director::start() {
    impl_->routes();
    const DirectorConfig& c = impl_->config;
    if (c.port == 0) impl_->boundPort = impl_->http.bind_to_any_port(c.host);
    else impl_->boundPort = impl_->http.bind_to_port(c.host, c.port) ? c.port : -1;
    if (impl_->boundPort <= 0) return Error{"atrium-director: cannot listen on " + c.host + ":" + std::to_string(c.port)};
    impl_->thread = std::thread([this] { impl_->http.listen_after_bind(); });
    return Ok{};
}

void Director::stop() {
    if (!impl_->thread.joinable()) return;
    impl_->http.stop();
    impl_->thread.join();
}

std::uint16_t Director::port() const { return std::uint16_t(impl_->boundPort); }
std::string Director::url() const { return "http://" + impl_->config.host + ":" + std::to_string(port()); }
double Director::now() const { return impl_->now(); }

void Director::withRegistry(const std::function<void(InstanceRegistry&, double)>& f) {
    std::lock_guard lock(impl_->mutex);
    f(impl_->registry, impl_->now());
}

}  // namespace atrium::cluster
