// The kiosk reading a hub's 200 reply (src/sync/protocol.cpp). A hostile or confused hub
// must never make the kiosk mark a record it did not send, mark one twice, or log control
// characters or more than 200 bytes of its text.
//
// Input: the first line is the ids the kiosk sent (separated by spaces); the rest is the body.
#include <set>

#include "core/utf8.hpp"
#include "fuzz_targets.hpp"
#include "sync/protocol.hpp"

namespace heard::fuzz {

void hub_reply(std::string_view input) {
  const auto newline = input.find('\n');
  const std::string_view head = input.substr(0, newline);
  const std::string_view body = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  std::vector<std::string> sent;
  for (std::size_t at = 0; at <= head.size();) {
    const auto space = std::min(head.find(' ', at), head.size());
    if (space > at) sent.emplace_back(head.substr(at, space - at));
    at = space + 1;
  }
  const std::set<std::string> sent_set(sent.begin(), sent.end());
  try {
    const auto reply = sync::parse_batch_reply(body, sent);
    std::set<std::string> marked;
    const auto mark = [&](const std::string& id) {
      require(sent_set.contains(id), "reply: an id that was not sent got marked");
      require(marked.insert(id).second, "reply: an id got marked twice");
    };
    for (const auto& id : reply.accepted) mark(id);
    for (const auto& id : reply.duplicates) mark(id);
    for (const auto& r : reply.rejected) {
      mark(r.id);
      require(r.reason.size() <= sync::max_hub_text_bytes, "reply: a rejection reason longer than 200 bytes");
      require(utf8::is_valid(r.reason), "reply: a rejection reason that is not valid UTF-8");
      for (const unsigned char c : r.reason) require(c >= 0x20 && c != 0x7f, "reply: a control character in a reason");
    }
  } catch (const std::runtime_error&) {}
  const auto clean = sync::sanitize_hub_text(body);
  require(clean.size() <= sync::max_hub_text_bytes && utf8::is_valid(clean),
          "sanitize_hub_text: too long or not UTF-8");
}

}  // namespace heard::fuzz
