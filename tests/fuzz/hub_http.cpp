// A whole HTTP request through the hub's routing and handlers (HubServer::on_head and
// on_body, so the kiosk API and the console API alike), without sockets, on the chain of
// hub_http_chain.hpp. The input is the request as it goes over the wire:
//
//   METHOD TARGET HTTP/1.1\r\n      (TARGET: path?query, percent-encoded)
//   Name: value\r\n ...
//   \r\n
//   body                             (undone as Content-Encoding says, as the HTTP layer does)
//
// The head is read here as libmicrohttpd hands it over (the path and query decoded, C strings
// with no NUL, the first of repeated headers); that reading is not what is under test.
// Promises checked beyond "no crash":
//   - no exception escapes (the HTTP layer would answer 500 "internal error");
//   - only the statuses the hub means to give; every refusal a JSON {"error": "..."};
//     every JSON body parses; no CR, LF or NUL in a header (response splitting);
//   - a request carrying none of the chain's secrets gets no 2xx but from /healthz and the
//     console's files;
//   - south's comment shows only to ana and victor, its phone number only to ana.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "fuzz_targets.hpp"
#include "hub/body_decoder.hpp"
#include "hub_http_chain.hpp"

namespace heard::fuzz {

namespace {

using S = HubHttpSecrets;
using Pairs = std::vector<std::pair<std::string, std::string>>;

struct WireRequest {
  std::string method, path;
  Pairs headers, query;
  std::string body;
};

std::string cut_at_nul(std::string text) { return text.substr(0, text.find('\0')); }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// libmicrohttpd's MHD_http_unescape: %XX decoded, anything else kept as it is.
std::string unescape(std::string_view text, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += plus_is_space && text[i] == '+' ? ' ' : text[i];
    }
  }
  return cut_at_nul(out);
}

Pairs query_of(std::string_view text) {
  Pairs out;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const auto item = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    const auto eq = item.find('=');
    out.emplace_back(unescape(item.substr(0, eq), true),
                     eq == std::string_view::npos ? "" : unescape(item.substr(eq + 1), true));
  }
  return out;
}

// The next line without its CR LF (or LF); false at the end of the head.
bool next_line(std::string_view& rest, std::string_view& line) {
  if (rest.empty()) return false;
  const auto end = rest.find('\n');
  line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return !line.empty();
}

std::optional<WireRequest> read_request(std::string_view input) {
  WireRequest r;
  std::string_view line;
  if (!next_line(input, line)) return std::nullopt;
  const auto space = line.find(' ');
  r.method = cut_at_nul(std::string(line.substr(0, space)));
  if (r.method.empty() || space == std::string_view::npos) return std::nullopt;
  auto target = line.substr(space + 1);
  target = target.substr(0, target.find(' '));
  const auto question = target.find('?');
  r.path = unescape(target.substr(0, question), false);
  if (question != std::string_view::npos) r.query = query_of(target.substr(question + 1));
  while (next_line(input, line)) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;  // libmicrohttpd: 400
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    r.headers.emplace_back(cut_at_nul(std::string(line.substr(0, colon))), cut_at_nul(std::string(value)));
  }
  r.body = std::string(input);
  return r;
}

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

hub::RequestHead head_of(const WireRequest& r) {
  hub::RequestHead head;
  head.method = r.method;
  head.path = r.path;
  head.address = "192.0.2.7";
  head.header = [&r](std::string_view name) -> std::optional<std::string> {
    for (const auto& [n, v] : r.headers)
      if (same_name(n, name)) return v;
    return std::nullopt;
  };
  head.query = [&r](std::string_view name) -> std::optional<std::string> {
    for (const auto& [n, v] : r.query)
      if (n == name) return v;
    return std::nullopt;
  };
  return head;
}

// What the HTTP layer does between on_head and on_body (src/hub/http_server.cpp).
hub::HttpReply body_step(hub::HubServer& server, const hub::RequestHead& head, const std::string& body) {
  const std::size_t limit = hub::HttpLimits{}.max_body_bytes;
  std::unique_ptr<hub::BodyDecoder> decoder;
  try {
    decoder = std::make_unique<hub::BodyDecoder>(head.header_or_empty("Content-Encoding"), limit);
  } catch (const std::invalid_argument& e) {
    return hub::error_reply(415, e.what());
  }
  if (decoder->feed(body) != hub::BodyDecoder::Result::ok || decoder->finish() != hub::BodyDecoder::Result::ok)
    return hub::error_reply(400, "the body could not be read");
  return server.on_body(head, decoder->take());
}

std::string drain(hub::BodyStream& stream) {
  std::string out;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = stream.read(buffer, sizeof buffer);
    require(n >= 0, "a download failed part-way");
    if (n == 0) return out;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

bool clean_header_text(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void check_reply(std::string_view input, const WireRequest& request, const hub::HttpReply& reply,
                 const std::string& body) {
  static const std::set<int> meant = {200, 204, 400, 401, 403, 404, 405, 413, 415, 422, 429};
  const std::string what = request.method + " " + request.path.substr(0, 80) + ": ";
  require(meant.contains(reply.status), what + "status " + std::to_string(reply.status));
  require(clean_header_text(reply.content_type), what + "CR, LF or NUL in Content-Type");
  for (const auto& [name, value] : reply.headers)
    require(clean_header_text(name) && clean_header_text(value), what + "CR, LF or NUL in header " + name);
  if (reply.content_type == "application/json") {
    const auto parsed = nlohmann::json::parse(body, nullptr, false);
    require(!parsed.is_discarded(), what + "a JSON reply that does not parse");
    if (reply.status >= 400)
      require(parsed.is_object() && parsed.contains("error") && parsed["error"].is_string(),
              what + "refusal without error");
  } else {
    require(reply.status < 400, what + "a refusal that is not JSON");
  }

  const bool ana = contains(input, S::ana_session) || contains(input, S::ana_api_token);
  const bool victor = contains(input, S::victor_session);
  const bool any_secret = ana || victor || contains(input, S::maria_session) || contains(input, S::north_kiosk_token) ||
                          contains(input, S::password);
  const bool public_path =
      request.path == "/healthz" || !(request.path.starts_with("/api/") || request.path.starts_with("/v1/"));
  if (!any_secret && !public_path)
    require(reply.status >= 300, what + std::to_string(reply.status) + " without a secret");
  const auto& chain = HubHttpChain::get();
  if (contains(body, chain.comment_canary))
    require(ana || victor, what + "south's comment shown to a stranger or maria");
  if (contains(body, chain.contact_canary)) require(ana, what + "south's phone number shown to someone but ana");
}

}  // namespace

void hub_http(std::string_view input) {
  const auto request = read_request(input);
  if (!request) return;  // libmicrohttpd answers 400 before any of ours runs
  auto& chain = HubHttpChain::get();
  chain.restore_sessions();
  const auto head = head_of(*request);
  hub::HttpReply reply;
  try {
    auto early = chain.server().on_head(head);
    reply = early ? std::move(*early) : body_step(chain.server(), head, request->body);
  } catch (const std::exception& e) {
    throw BrokenInvariant(request->method + " " + request->path.substr(0, 80) + ": threw (a 500): " + e.what());
  }
  const std::string body = reply.stream ? drain(*reply.stream) : reply.body;
  // HEARD_FUZZ_VERBOSE=1: what each input got, to see which paths a set of seeds reaches.
  if (std::getenv("HEARD_FUZZ_VERBOSE"))
    std::fprintf(stderr, "hub_http: %s %s -> %d %s\n", request->method.c_str(), request->path.substr(0, 80).c_str(),
                 reply.status, body.substr(0, 100).c_str());
  check_reply(input, *request, reply, body);
}

}  // namespace heard::fuzz
