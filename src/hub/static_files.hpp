#pragma once
// The console's files (HTML, its ES modules, CSS, and uPlot from node_modules), read into
// memory at start and gzipped once (about 180 KB, 50 KB gzipped), served from the hub itself,
// no CDN: a phone on a shop's Wi-Fi loads the console in one small round of requests.
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "http_types.hpp"

namespace heard::hub {

// The headers every console reply carries: a strict Content-Security-Policy (no inline
// script or style attribute, nothing from elsewhere), no sniffing, no framing, no referrer.
void add_console_headers(HttpReply& reply);

class StaticFiles {
 public:
  StaticFiles() = default;
  explicit StaticFiles(const std::filesystem::path& dir);  // throws when it cannot read it
  // "/" is index.html; other paths name files under the folder.
  std::optional<HttpReply> get(const std::string& path, bool accepts_gzip) const;
  bool empty() const { return files_.empty(); }

 private:
  struct File {
    std::string type;
    std::string body;
    std::string gzipped;
  };
  std::map<std::string, File> files_;
};

}  // namespace heard::hub
