#include "body_decoder.hpp"

#include <zlib.h>

#include <functional>
#include <stdexcept>

namespace heard::hub {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

// One streaming decompressor; `inflate` hands out decoded pieces through `out`.
class BodyDecoder::Codec {
 public:
  virtual ~Codec() = default;
  // Returns false on corrupt input; `done` tells whether the stream ended properly.
  virtual bool inflate(std::string_view in, const std::function<bool(const char*, std::size_t)>& out) = 0;
  virtual bool done() const = 0;
};

namespace {

class Gzip : public BodyDecoder::Codec {
 public:
  Gzip() {
    if (inflateInit2(&z_, 15 + 16) != Z_OK) throw std::runtime_error("zlib: out of memory");  // gzip only
  }
  ~Gzip() override { inflateEnd(&z_); }
  bool inflate(std::string_view in, const std::function<bool(const char*, std::size_t)>& out) override {
    if (ended_) return in.empty();  // bytes after the trailer: not one gzip stream
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    char buffer[16384];
    do {  // inflate stops when the input is used up or the buffer is full
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = sizeof buffer;
      const int rc = ::inflate(&z_, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return false;
      if (!out(buffer, sizeof buffer - z_.avail_out)) return true;
      if (rc == Z_STREAM_END) {
        ended_ = true;
        return z_.avail_in == 0;
      }
    } while (z_.avail_out == 0);
    return true;
  }
  bool done() const override { return ended_; }

 private:
  z_stream z_{};
  bool ended_ = false;
};

}  // namespace

BodyDecoder::BodyDecoder(std::string_view content_encoding, std::size_t limit) : limit_(limit) {
  const std::string encoding = lower(content_encoding);
  // The protocol allows plain and gzip bodies; anything else (br, zstd, ...) is refused
  // rather than read as if it were plain.
  if (encoding == "gzip") codec_ = std::make_unique<Gzip>();
  else if (!encoding.empty() && encoding != "identity")
    throw std::invalid_argument("Content-Encoding '" + std::string(content_encoding).substr(0, 40) +
                                "' is not supported; send plain or gzip");
}

BodyDecoder::~BodyDecoder() = default;

BodyDecoder::Result BodyDecoder::append(const char* data, std::size_t n) {
  if (body_.size() + n > limit_) return Result::too_large;
  body_.append(data, n);
  return Result::ok;
}

BodyDecoder::Result BodyDecoder::feed(std::string_view bytes) {
  if (!codec_) return append(bytes.data(), bytes.size());
  Result result = Result::ok;
  const bool readable = codec_->inflate(bytes, [&](const char* data, std::size_t n) {
    result = append(data, n);
    return result == Result::ok;
  });
  if (result != Result::ok) return result;
  return readable ? Result::ok : Result::corrupt;
}

BodyDecoder::Result BodyDecoder::finish() { return !codec_ || codec_->done() ? Result::ok : Result::corrupt; }

}  // namespace heard::hub
