#pragma once
// Undoes a request's Content-Encoding (identity or gzip, as the protocol allows) as its bytes
// arrive, and stops at a limit on the *decoded* size, so a small gzip bomb cannot fill memory.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace heard::hub {

class BodyDecoder {
 public:
  enum class Result { ok, too_large, corrupt };

  // Throws std::invalid_argument for an encoding it does not know.
  BodyDecoder(std::string_view content_encoding, std::size_t limit);
  ~BodyDecoder();
  BodyDecoder(const BodyDecoder&) = delete;
  BodyDecoder& operator=(const BodyDecoder&) = delete;

  Result feed(std::string_view bytes);
  Result finish();  // corrupt when a compressed stream ended early (no trailer)
  std::string take() { return std::move(body_); }

  class Codec;

 private:
  Result append(const char* data, std::size_t n);

  std::unique_ptr<Codec> codec_;  // null: identity
  std::size_t limit_;
  std::string body_;
};

}  // namespace heard::hub
