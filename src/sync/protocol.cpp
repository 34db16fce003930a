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
    if (!it->is_array()) throw std::runtime_error(std::string("the hub's reply has a '") + key + "' that is not a list");
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
    reply.rejected.push_back({*s, reason != r.end() && reason->is_string() ? reason->get<std::string>()
                                                                            : "rejected by the hub without a reason"});
  }
  return reply;
}

Verdict classify(long status) {
  switch (status) {
    case 200: return Verdict::processed;
    case 400: return Verdict::unreadable;
    case 413: return Verdict::too_large;
    case 401:
    case 403: return Verdict::refused;
    case 429:
    case 503: return Verdict::overloaded;
    default: return Verdict::transient;
  }
}

}  // namespace heard::sync
