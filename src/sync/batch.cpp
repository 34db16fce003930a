#include "sync/batch.hpp"

#include <zlib.h>

#include <stdexcept>

namespace heard::sync {

Batch make_batch(std::span<const OutgoingRecord> records, std::size_t max_records, std::size_t max_bytes) {
  Batch batch;
  for (const auto& r : records) {
    if (batch.ids.size() >= max_records) break;
    if (!batch.ids.empty() && batch.ndjson.size() + r.line.size() + 1 > max_bytes) break;
    batch.ids.push_back(r.id);
    batch.ndjson.append(r.line).push_back('\n');
  }
  return batch;
}

Body encode_body(std::string_view ndjson) {
  if (ndjson.size() <= gzip_threshold) return {std::string(ndjson), false};
  return {gzip(ndjson), true};
}

std::string gzip(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper rather than raw zlib, as Content-Encoding: gzip requires.
  // Level 1: our NDJSON still shrinks ~8x (level 6: ~10x) for far less CPU on a small kiosk.
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: cannot start compression");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib: compression failed");
  return out;
}

std::string gunzip(std::string_view data, std::size_t max_size) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) throw std::runtime_error("zlib: cannot start decompression");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      throw std::runtime_error("gzip data is corrupt or truncated");
    }
    out.append(chunk, sizeof chunk - z.avail_out);
    if (out.size() > max_size) {
      inflateEnd(&z);
      throw std::runtime_error("gzip data expands beyond " + std::to_string(max_size) + " bytes");
    }
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      throw std::runtime_error("gzip data is truncated");
    }
  }
  inflateEnd(&z);
  return out;
}

}  // namespace heard::sync
