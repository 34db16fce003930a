// The hub decodes request bodies (identity or gzip) as they arrive and stops at a limit on
// the decoded size, so a gzip bomb costs it no more than the limit.
#include <catch2/catch.hpp>

#include "hub/body_decoder.hpp"
#include "sync/batch.hpp"

using heard::hub::BodyDecoder;
using Result = BodyDecoder::Result;

namespace {

// Feeds `bytes` in pieces of `piece` bytes, as they come off a socket; the first result that is not ok.
Result feed_in_pieces(BodyDecoder& d, const std::string& bytes, std::size_t piece) {
  for (std::size_t at = 0; at < bytes.size(); at += piece)
    if (const auto r = d.feed(std::string_view(bytes).substr(at, piece)); r != Result::ok) return r;
  return d.finish();
}

const std::string text = [] {
  std::string s;
  for (int i = 0; i < 2000; ++i) s += "{\"id\":\"" + std::to_string(i) + "\",\"comment\":\"Très bien\"}\n";
  return s;
}();

}  // namespace

TEST_CASE("The body decoder undoes gzip, whatever the pieces", "[hub][decoder]") {
  for (const auto& [encoding, encoded] : {std::pair<std::string, std::string>{"gzip", heard::sync::gzip(text)},
                                          {"GZIP", heard::sync::gzip(text)},
                                          {"", text},
                                          {"identity", text}}) {
    for (std::size_t piece : {1u, 7u, 4096u, 1u << 20}) {
      INFO(encoding << " in pieces of " << piece);
      BodyDecoder d(encoding, 1 << 20);
      CHECK(feed_in_pieces(d, encoded, piece) == Result::ok);
      CHECK(d.take() == text);
    }
  }
}

TEST_CASE("The body decoder stops a gzip bomb at its limit", "[hub][decoder]") {
  const std::string bomb = heard::sync::gzip(std::string(20'000'000, '0'));  // about 20 KB
  INFO("bomb of " << bomb.size() << " bytes");
  BodyDecoder d("gzip", 2u << 20);
  CHECK(feed_in_pieces(d, bomb, 16384) == Result::too_large);
  BodyDecoder plain("", 1000);
  CHECK(plain.feed(std::string(1001, 'x')) == Result::too_large);
}

TEST_CASE("The body decoder refuses truncated, padded and unknown encodings", "[hub][decoder]") {
  const std::string gz = heard::sync::gzip(text);
  BodyDecoder no_trailer("gzip", 1 << 20);
  CHECK(feed_in_pieces(no_trailer, gz.substr(0, gz.size() - 8), 4096) == Result::corrupt);
  BodyDecoder padded("gzip", 1 << 20);
  CHECK(feed_in_pieces(padded, gz + "garbage", 4096) == Result::corrupt);
  BodyDecoder not_gzip("gzip", 1 << 20);
  CHECK(feed_in_pieces(not_gzip, text, 4096) == Result::corrupt);
  for (const char* other : {"br", "zstd", "deflate", "x-unknown"}) {
    INFO(other);
    CHECK_THROWS_AS(BodyDecoder(other, 1 << 20), std::invalid_argument);
  }
}
