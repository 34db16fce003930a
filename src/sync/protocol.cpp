#include "sync/protocol.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <unordered_set>

namespace heard::sync {

using nlohmann::json;

std::string kiosk_endpoint(std::string_view base, std::string_view kiosk_id, std::string_view path) {
  std::string url(base);
  url.append("/v1/kiosks/").append(kiosk_id).append(path);
  return url;
}

std::string to_json_text(const BatchReply& reply) {
  json rejected = json::array();
  for (const auto& r : reply.rejected) rejected.push_back({{"id", r.id}, {"reason", r.reason}});
  const json j = {{"accepted", reply.accepted}, {"duplicates", reply.duplicates}, {"rejected", std::move(rejected)}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

BatchReply parse_batch_reply(std::string_view body, const std::vector<std::string>& sent_ids) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::runtime_error("the hub's reply is not a JSON object");
  const std::unordered_set<std::string> sent(sent_ids.begin(), sent_ids.end());
  std::unordered_set<std::string> seen;
  // An id is taken from the first list that names it; the protocol says there is only one.
  const auto take = [&](const json& id) -> const std::string* {
    if (!id.is_string()) throw std::runtime_error("the hub's reply lists an id that is not a string");
    const auto& s = id.get_ref<const std::string&>();
    if (!sent.contains(s) || !seen.insert(s).second) return nullptr;
    return &s;
  };
  const auto list = [&](const char* key) -> const json& {
    static const json empty = json::array();
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return empty;
    if (!it->is_array())
      throw std::runtime_error(std::string("the hub's reply has a '") + key + "' that is not a list");
    return *it;
  };
  BatchReply reply;
  for (const auto& id : list("accepted"))
    if (const auto* s = take(id)) reply.accepted.push_back(*s);
  for (const auto& id : list("duplicates"))
    if (const auto* s = take(id)) reply.duplicates.push_back(*s);
  for (const auto& r : list("rejected")) {
    if (!r.is_object() || !r.contains("id")) throw std::runtime_error("the hub's reply has a malformed rejection");
    const auto* s = take(r.at("id"));
    if (!s) continue;
    const auto reason = r.find("reason");
    reply.rejected.push_back({*s, reason != r.end() && reason->is_string()
                                      ? sanitize_hub_text(reason->get_ref<const std::string&>())
                                      : "rejected by the hub without a reason"});
  }
  return reply;
}

namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not valid UTF-8.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t n = lead < 0x80             ? 1
                  : (lead & 0xE0) == 0xC0 ? 2
                  : (lead & 0xF0) == 0xE0 ? 3
                  : (lead & 0xF8) == 0xF0 ? 4
                                          : 0;
  if (n == 0 || (n == 2 && lead < 0xC2) || (n == 4 && lead > 0xF4) || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (n == 3 && ((lead == 0xE0 && byte(i + 1) < 0xA0) || (lead == 0xED && byte(i + 1) >= 0xA0))) return 0;
  if (n == 4 && ((lead == 0xF0 && byte(i + 1) < 0x90) || (lead == 0xF4 && byte(i + 1) >= 0x90))) return 0;
  return n;
}

bool is_control(std::string_view character) {
  const auto b0 = static_cast<unsigned char>(character[0]);
  if (character.size() == 1) return b0 < 0x20 || b0 == 0x7F;
  // C1 controls U+0080..U+009F (some terminals obey U+009B as ESC [), and the line and
  // paragraph separators U+2028, U+2029.
  if (character.size() == 2) return b0 == 0xC2 && static_cast<unsigned char>(character[1]) < 0xA0;
  return character == "\u2028" || character == "\u2029";
}

}  // namespace

std::string sanitize_hub_text(std::string_view text, std::size_t max_bytes) {
  static constexpr std::string_view ellipsis = "\u2026";
  static constexpr std::string_view replacement = "\uFFFD";
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence_length(text, i);
    std::string_view character = n ? text.substr(i, n) : replacement;
    if (n && is_control(character)) character = " ";
    if (out.size() + character.size() > max_bytes) {
      while (out.size() + ellipsis.size() > max_bytes && !out.empty()) {
        // Drop one whole character: its continuation bytes, then its lead byte.
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (!out.empty()) out.pop_back();
      }
      return out.append(ellipsis);
    }
    out.append(character);
    i += n ? n : 1;
  }
  return out;
}

Verdict classify(long status) {
  switch (status) {
    case 200:
      return Verdict::processed;
    case 400:
      return Verdict::unreadable;
    case 413:
      return Verdict::too_large;
    case 401:
    case 403:
      return Verdict::refused;
    case 429:
    case 503:
      return Verdict::overloaded;
    case 409:
    case 422:
      return Verdict::key_reused;
    default:
      return Verdict::transient;
  }
}

}  // namespace heard::sync
