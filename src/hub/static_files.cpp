#include "static_files.hpp"

#include <zlib.h>

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

std::string gzip(const std::string& in) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib failed to start");
  std::string out(deflateBound(&z, in.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int done = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (done != Z_STREAM_END) throw std::runtime_error("zlib failed to compress a console file");
  return out;
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
    files_[name] = File{type_of(entry.path()), body.str(), gzip(body.str())};
  }
}

std::optional<HttpReply> StaticFiles::get(const std::string& path, bool accepts_gzip) const {
  const auto it = files_.find(path == "/" ? "/index.html" : path);
  if (it == files_.end()) return std::nullopt;
  const bool gzipped = accepts_gzip && it->second.gzipped.size() < it->second.body.size();
  HttpReply reply{200, it->second.type, gzipped ? it->second.gzipped : it->second.body, {}, nullptr};
  add_console_headers(reply);
  reply.headers.emplace_back("Vary", "Accept-Encoding");
  if (gzipped) reply.headers.emplace_back("Content-Encoding", "gzip");
  // Files change only with a new hub; revalidating each load is cheap on a local network.
  reply.headers.emplace_back("Cache-Control", "no-cache");
  return reply;
}

}  // namespace heard::hub
