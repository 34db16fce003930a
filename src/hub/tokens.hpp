#pragma once
// Who may talk to the hub: a file of "KIOSK_ID TOKEN" lines ('#' starts a comment). The
// kiosk id "admin" holds the managers' token, which downloads data but uploads nothing.
// Tokens are kept only as BLAKE2b digests (secrets.hpp), as the hub's storage keeps them.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace heard::hub {

inline constexpr std::string_view admin_id = "admin";

class Tokens {
 public:
  // Throws ConfigError naming the line for malformed lines, bad kiosk ids, repeated ids or
  // tokens, and tokens shorter than 16 characters; std::runtime_error for a file others can read.
  static Tokens load(const std::filesystem::path& file);

  // The kiosk id that owns this token, if any.
  std::optional<std::string> owner(std::string_view token) const;
  std::size_t size() const { return by_digest_.size(); }
  // digest -> kiosk id, to import into the hub's storage (which keeps only digests too).
  const std::unordered_map<std::string, std::string>& digests() const { return by_digest_; }

 private:
  std::unordered_map<std::string, std::string> by_digest_;
};

// The token of an "Authorization: Bearer TOKEN" header value, or empty.
std::string_view bearer_token(std::string_view authorization);

}  // namespace heard::hub
