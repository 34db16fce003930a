#include "sync/config.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace heard::sync {

namespace fs = std::filesystem;

bool is_loopback_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost" || host == "::1") return true;
  // 127.0.0.0/8 in dotted-quad form only; anything resolvable by name is not trusted.
  if (!host.starts_with("127.")) return false;
  int parts = 0;
  std::size_t i = 0;
  while (i <= host.size()) {
    std::size_t j = host.find('.', i);
    if (j == std::string_view::npos) j = host.size();
    const auto part = host.substr(i, j - i);
    if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(part)) > 255)
      return false;
    ++parts;
    i = j + 1;
  }
  return parts == 4;
}

HubUrl parse_hub_url(std::string_view url) {
  HubUrl out;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos)
    throw std::invalid_argument("hub URL '" + std::string(url) + "' must start with https://");
  out.scheme = std::string(url.substr(0, scheme_end));
  if (out.scheme != "https" && out.scheme != "http")
    throw std::invalid_argument("hub URL '" + std::string(url) + "' must start with https://");
  const auto rest = url.substr(scheme_end + 3);
  const auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.find_first_of("?#") != std::string_view::npos)
    throw std::invalid_argument("hub URL '" + std::string(url) + "' must not have a query or fragment");
  if (authority.find('@') != std::string_view::npos)
    throw std::invalid_argument("hub URL must not carry credentials; put the token in the token file");
  if (authority.empty()) throw std::invalid_argument("hub URL '" + std::string(url) + "' has no host");
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      throw std::invalid_argument("hub URL '" + std::string(url) + "' has a broken IPv6 address");
    out.host = std::string(authority.substr(1, close - 1));
  } else {
    out.host = std::string(authority.substr(0, authority.find(':')));
  }
  if (out.host.empty()) throw std::invalid_argument("hub URL '" + std::string(url) + "' has no host");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f)
      throw std::invalid_argument("hub URL must not contain spaces or control characters");
  out.base = std::string(url);
  while (out.base.ends_with('/')) out.base.pop_back();
  return out;
}

bool is_valid_kiosk_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '.') return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-'))
      return false;
  return true;
}

void validate(const SyncConfig& config) {
  HubUrl url;
  try {
    url = parse_hub_url(config.hub_url);
  } catch (const std::invalid_argument& e) {
    throw SyncConfigError("hub_url", e.what());
  }
  if (url.scheme == "http" && !is_loopback_host(url.host))
    throw SyncConfigError("hub_url", "hub URL '" + config.hub_url +
                                         "' uses plain http:// to a host that is not this machine; use https://");
  if (!is_valid_kiosk_id(config.kiosk_id))
    throw SyncConfigError("kiosk_id", config.kiosk_id.empty() ? std::string("no kiosk id configured (kiosk_id)")
                                                              : "kiosk id '" + config.kiosk_id +
                                                                    "' must be 1-64 letters, digits, '.', '_' or '-'");
  if (config.token_file.empty()) throw SyncConfigError("token_file", "no token file configured (token_file)");
  if (!config.pinned_public_key.empty() && !config.pinned_public_key.starts_with("sha256//"))
    throw SyncConfigError("pinned_public_key",
                          "pinned_public_key must look like sha256//BASE64 (see curl's --pinnedpubkey)");
  if (config.backoff_min.count() <= 0 || config.backoff_min > config.backoff_max)
    throw SyncConfigError("backoff_min_s", "backoff must satisfy 0 < backoff_min <= backoff_max");
  if (config.max_batch_records == 0 || config.max_batch_records > 500 || config.max_batch_bytes < 1024 ||
      config.max_batch_bytes > (1u << 20))
    throw SyncConfigError("max_batch_records", "batches must be 1-500 records and 1 KiB - 1 MiB");
}

void require_owner_only(const fs::path& file, std::string_view what) {
  struct stat st {};
  const std::string name = std::string(what) + " " + file.string();
  if (::stat(file.c_str(), &st) != 0) throw std::runtime_error("cannot read the " + name + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw std::runtime_error("the " + name + " is not a regular file");
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    throw std::runtime_error("the " + name +
                             " can be read or changed by other users; refusing to use it (run: chmod 600 " +
                             file.string() + ")");
}

std::string read_token_file(const fs::path& file) {
  require_owner_only(file, "token file");
  std::ifstream in(file, std::ios::binary);
  std::string token;
  if (!in || !std::getline(in, token))
    throw std::runtime_error("the token file " + file.string() + " is empty or unreadable");
  const auto first = token.find_first_not_of(" \t\r");
  const auto last = token.find_last_not_of(" \t\r");
  token = first == std::string::npos ? std::string() : token.substr(first, last - first + 1);
  if (token.empty()) throw std::runtime_error("the token file " + file.string() + " is empty");
  for (char c : token)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f)
      throw std::runtime_error("the token in " + file.string() + " contains spaces or non-ASCII characters");
  return token;
}

}  // namespace heard::sync
