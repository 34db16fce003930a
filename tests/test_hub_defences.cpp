// The hub's HTTP layer defends itself, one defence at a time, against the real heard-hub on
// loopback: header limits (431), authentication before any body byte (401 at once), a body
// limit without reading the body (413), request smuggling (400), a deadline for the request
// head, and a limit on connections per address.
#include <catch2/catch.hpp>

#include "support/raw_connection.hpp"
#include "support/sync_fixture.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

std::string feedback_head(const std::string& token, const std::string& extra_headers) {
  std::string head = "POST /v1/kiosks/" + kiosk_id + "/feedback HTTP/1.1\r\nHost: hub\r\n";
  if (!token.empty()) head += "Authorization: Bearer " + token + "\r\n";
  return head + extra_headers + "\r\n";
}

// Sends all of `data` (a few KB at most: the socket buffer takes it at once).
void send_all(RawConnection& c, const std::string& data) { REQUIRE(c.send(data) == static_cast<long>(data.size())); }

long elapsed_ms(Clock::time_point since) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

}  // namespace

TEST_CASE("The hub answers 431 to request heads over its limits and keeps serving", "[hub][defence]") {
  TempDir dir;
  HubProcess hub(dir);
  SECTION("one huge header") {
    RawConnection c(hub.port());
    c.send("GET /healthz HTTP/1.1\r\nHost: hub\r\nX-Big: " + std::string(200'000, 'v') + "\r\n\r\n");
    CHECK(c.read_status(10s) == 431);
  }
  SECTION("too many header lines") {
    std::string head = "GET /healthz HTTP/1.1\r\nHost: hub\r\n";
    for (int i = 0; i < 100; ++i) head += "X-" + std::to_string(i) + ": v\r\n";
    RawConnection c(hub.port());
    send_all(c, head + "\r\n");
    CHECK(c.read_status(10s) == 431);
  }
  CHECK(http("GET", hub.url() + "/healthz", "").status == 200);
}

TEST_CASE("A POST without a token gets 401 at once, whatever Content-Length it claims", "[hub][defence]") {
  TempDir dir;
  HubProcess hub(dir);
  RawConnection c(hub.port());
  const auto start = Clock::now();
  send_all(c, feedback_head("", "Content-Length: 3000000\r\n") + "{\"id\":");
  CHECK(c.read_status(10s) == 401);
  const long ms = elapsed_ms(start);
  INFO("401 after " << ms << " ms");
  CHECK(ms < 1000);  // the body is never waited for (cpp-httplib held it 30 s)
  bool closed = false;
  c.read_until_closed(5s, &closed);
  CHECK(closed);  // the unread body cannot be taken for a next request
}

TEST_CASE("A body over the limit gets 413 before it is read", "[hub][defence]") {
  TempDir dir;
  HubProcess hub(dir);
  RawConnection c(hub.port());
  const auto start = Clock::now();
  send_all(c, feedback_head(kiosk_token, "Content-Length: 3000000\r\n"));
  CHECK(c.read_status(10s) == 413);
  CHECK(elapsed_ms(start) < 1000);
}

TEST_CASE("The hub refuses Content-Length together with chunked framing", "[hub][defence]") {
  TempDir dir;
  HubProcess hub(dir);
  RawConnection c(hub.port());
  send_all(c, feedback_head(kiosk_token, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n");
  CHECK(c.read_status(10s) == 400);
  CHECK(count_rows(hub.db(), "responses") == 0);
}

TEST_CASE("The hub refuses a body in an encoding it does not know", "[hub][defence]") {
  TempDir dir;
  HubProcess hub(dir);
  const auto reply =
      http("POST", hub.url() + "/v1/kiosks/" + kiosk_id + "/feedback", kiosk_token, "{}\n", {"Content-Encoding: zstd"});
  CHECK(reply.status == 415);
}

TEST_CASE("The hub cuts off a request head that trickles in", "[hub][defence]") {
  TempDir dir;
  HubProcess hub(dir, {"--head-timeout", "2"});
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: hub\r\nX-Slow: " + std::string(1000, 'v');
  // Timed from before the connect: the hub's deadline runs from its accept, which may come
  // before the constructor below returns, so a clock started after it would read short.
  const auto start = Clock::now();
  RawConnection slow(hub.port(), "127.0.0.2");
  std::size_t sent = 0;
  bool closed = false;
  // One byte every 100 ms (the inactivity timeout never fires), waiting on the socket between bytes.
  while (!closed && sent < head.size() && elapsed_ms(start) < 30'000) {
    if (slow.send(head.substr(sent, 1)) < 0) break;
    ++sent;
    slow.read_until_closed(100ms, &closed);
  }
  const long ms = elapsed_ms(start);
  INFO("cut after " << ms << " ms and " << sent << " bytes");
  CHECK(sent < head.size());
  CHECK(ms >= 2000);
  CHECK(ms < 6000);  // the deadline (2 s), the sweep (0.25 s) and a loaded machine's slack
  CHECK(http("GET", hub.url() + "/healthz", "").status == 200);
}

TEST_CASE("The hub limits connections from one address and serves the others", "[hub][defence]") {
  TempDir dir;
  HubProcess hub(dir, {"--max-connections-per-ip", "4"});
  const std::string health = "GET /healthz HTTP/1.1\r\nHost: hub\r\n\r\n";
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) {  // each is served, and stays open (keep-alive)
    held.push_back(std::make_unique<RawConnection>(hub.port(), "127.0.0.3"));
    send_all(*held.back(), health);
    REQUIRE(held.back()->read_status(10s) == 200);
  }
  RawConnection fifth(hub.port(), "127.0.0.3");
  fifth.send(health);
  bool closed = false;
  const std::string reply = fifth.read_until_closed(10s, &closed);
  CHECK(closed);
  CHECK(reply.empty());                                          // dropped at once, nothing read or answered
  CHECK(http("GET", hub.url() + "/healthz", "").status == 200);  // from 127.0.0.1
}

TEST_CASE("The hub cuts off a request body that trickles in", "[hub][defence]") {
  TempDir dir;
  HubProcess hub(dir, {"--body-timeout", "2"});
  RawConnection slow(hub.port(), "127.0.0.4");
  const auto start = Clock::now();
  send_all(slow, feedback_head(kiosk_token, "Content-Length: 100000\r\n"));
  std::size_t sent = 0;
  bool closed = false;
  while (!closed && sent < 1000 && elapsed_ms(start) < 30'000) {
    if (slow.send("x") < 0) break;
    ++sent;
    slow.read_until_closed(100ms, &closed);
  }
  const long ms = elapsed_ms(start);
  INFO("cut after " << ms << " ms and " << sent << " body bytes");
  CHECK(ms >= 2000);
  CHECK(ms < 6000);
  CHECK(count_rows(hub.db(), "responses") == 0);
}
