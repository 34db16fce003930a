#include "tokens.hpp"

#include <sodium.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/config_error.hpp"
#include "secrets.hpp"
#include "sync/config.hpp"

namespace heard::hub {

namespace {

std::string digest(std::string_view token) { return token_digest(token); }

}  // namespace

Tokens Tokens::load(const std::filesystem::path& file) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
  sync::require_owner_only(file, "tokens file");
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the tokens file " + file.string());
  Tokens tokens;
  std::set<std::string> ids;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::string id, token, extra;
    if (!(words >> id)) continue;  // blank or comment
    if (!(words >> token) || (words >> extra))
      throw ConfigError(file, number, "", "expected 'KIOSK_ID TOKEN' (two words)");
    if (!sync::is_valid_kiosk_id(id))
      throw ConfigError(file, number, id, "a kiosk id is 1-64 letters, digits, '.', '_' or '-'");
    if (token.size() < 16) throw ConfigError(file, number, id, "token too short; use at least 16 random characters");
    if (!ids.insert(id).second) throw ConfigError(file, number, id, "this kiosk id appears twice");
    if (!tokens.by_digest_.emplace(digest(token), id).second)
      throw ConfigError(file, number, id, "this token is already given to another kiosk");
  }
  // A hub nobody can use would look healthy and refuse every kiosk with 401.
  if (ids.empty())
    throw ConfigError(file, 0, "",
                      "no tokens: add one 'KIOSK_ID TOKEN' line per kiosk (and 'admin TOKEN' for downloads)");
  return tokens;
}

std::optional<std::string> Tokens::owner(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  const auto it = by_digest_.find(digest(token));
  if (it == by_digest_.end()) return std::nullopt;
  return it->second;
}

std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.size() <= scheme.size()) return {};
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
        std::tolower(static_cast<unsigned char>(scheme[i])))
      return {};
  auto token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

}  // namespace heard::hub
