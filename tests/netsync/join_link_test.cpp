#include <gtest/gtest.h>

#include "atrium/net/join_link.hpp"

using namespace atrium::net;

TEST(JoinLink, FormatsAndParsesBack) {
    JoinLink link{"venue.example.org", 7777, "concert_hall", "0a1b.ff00"};
    std::string text = formatJoinLink(link);
    EXPECT_EQ(text, "atrium://venue.example.org:7777/concert_hall?token=0a1b.ff00");
    auto back = parseJoinLink(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, link);
}

TEST(JoinLink, IPv6HostsAndEscapedVenueIdsRoundTrip) {
    JoinLink link{"::1", 40000, "hall 2/ü", "t"};
    std::string text = formatJoinLink(link);
    EXPECT_EQ(text.find("atrium://[::1]:40000/hall%202%2F%C3%BC?token=t"), 0u) << text;
    auto back = parseJoinLink(text);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, link);
}

TEST(JoinLink, OtherQueryParametersAreIgnored) {
    auto link = parseJoinLink("atrium://127.0.0.1:9/plaza?seat=A1&token=abc&x=1");
    ASSERT_TRUE(link);
    EXPECT_EQ(link->token, "abc");
    EXPECT_EQ(link->port, 9);
}

TEST(JoinLink, ABrokenLinkSaysWhichPartIsWrong) {
    auto says = [](const char* text, const char* what) {
        auto r = parseJoinLink(text);
        ASSERT_FALSE(r) << text;
        EXPECT_NE(r.error().message.find(what), std::string::npos) << text << ": " << r.error().message;
    };
    says("http://h:1/v?token=t", "atrium://");
    says("atrium://h/v?token=t", "HOST:PORT");
    says("atrium://:1/v?token=t", "host is missing");
    says("atrium://h:0/v?token=t", "port");
    says("atrium://h:99999/v?token=t", "port");
    says("atrium://h:12x/v?token=t", "port");
    says("atrium://h:1", "venue id is missing");
    says("atrium://h:1/?token=t", "venue id is empty");
    says("atrium://h:1/v", "token is missing");
    says("atrium://h:1/v?token=", "token is missing");
    says("atrium://h:1/v?token=a%G1", "%-escape");
    says("atrium://[::1:1/v?token=t", "closing ]");
}
