#include "atrium/cluster/director_client.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "instance_json.hpp"

namespace atrium::cluster {

using nlohmann::json;

namespace {

Result<json> post(const std::string& url, const std::string& path, const json& body) {
    httplib::Client client(url);
    client.set_connection_timeout(1, 0);
    client.set_read_timeout(3, 0);
    httplib::Result res = client.Post(path, body.dump(), "application/json");
    if (!res) return Error{url + path + ": no answer (" + httplib::to_string(res.error()) + ")"};
    json answer = json::parse(res->body, nullptr, false);
    if (answer.is_discarded() || !answer.is_object())
        return Error{url + path + ": " + std::to_string(res->status) + ": the answer is not a JSON object"};
    if (res->status != 200) {
        return Error{url + path + ": " + std::to_string(res->status) + ": " + answer.value("error", std::string("(no reason given)"))};
    }
    return answer;
}

}  // namespace

Result<Placement> askToJoin(const std::string& directorUrl, const JoinAsk& ask) {
    json body = json::object();
    if (!ask.link.empty()) body[ask.link.rfind("atrium://", 0) == 0 ? "link" : "token"] = ask.link;
    else body.update({{"user", ask.user}, {"name", ask.name}});
    if (!ask.group.empty()) body["group"] = ask.group;
    if (!ask.friendUser.empty()) body["friend"] = ask.friendUser;
    if (!ask.avoid.empty()) body["avoid"] = ask.avoid;
    Result<json> answer = post(directorUrl, "/join", body);
    if (!answer) return answer.error();
    const json& a = *answer;
    Placement p;
    try {
        p.instance = a.at("instance").get<std::string>();
        p.host = a.at("host").get<std::string>();
        p.port = a.at("port").get<std::uint16_t>();
        p.token = a.at("token").get<std::string>();
        p.link = a.at("link").get<std::string>();
    } catch (const json::exception& e) {
        return Error{directorUrl + "/join: the answer lacks a field: " + e.what()};
    }
    return p;
}

Result<HeartbeatAnswer> reportInstance(const std::string& directorUrl, const InstanceReport& report) {
    Result<json> answer = post(directorUrl, "/instances", instanceReportToJson(report));
    if (!answer) return answer.error();
    HeartbeatAnswer a;
    a.drain = answer->value("drain", false);
    if (auto stage = answer->find("stage"); stage != answer->end() && stage->is_object()) {
        a.stageId = stage->value("id", std::string());
        a.stageHost = stage->value("host", std::string());
        a.stagePort = stage->value("port", std::uint16_t(0));
    }
    return a;
}

}  // namespace atrium::cluster
