#include "static_files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace heard::hub {

namespace {

std::string type_of(const std::filesystem::path& file) {
  const auto ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  return "application/octet-stream";
}

}  // namespace

void add_console_headers(HttpReply& reply) {
  reply.headers.emplace_back("Content-Security-Policy",
                             "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                             "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
                             "frame-ancestors 'none'");
  reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
  reply.headers.emplace_back("X-Frame-Options", "DENY");
  reply.headers.emplace_back("Referrer-Policy", "no-referrer");
}

StaticFiles::StaticFiles(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) throw std::runtime_error("no console folder " + dir.string());
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    const auto name = "/" + std::filesystem::relative(entry.path(), dir).generic_string();
    files_[name] = File{type_of(entry.path()), body.str()};
  }
}

std::optional<HttpReply> StaticFiles::get(const std::string& path) const {
  const auto it = files_.find(path == "/" ? "/index.html" : path);
  if (it == files_.end()) return std::nullopt;
  HttpReply reply{200, it->second.type, it->second.body, {}, nullptr};
  add_console_headers(reply);
  // Files change only with a new hub; revalidating each load is cheap on a local network.
  reply.headers.emplace_back("Cache-Control", "no-cache");
  return reply;
}

}  // namespace heard::hub
