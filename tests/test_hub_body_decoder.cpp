// The hub decodes request bodies (identity, gzip, br) as they arrive and stops at a limit on
// the decoded size, so a compressed bomb costs it no more than the limit.
#include <catch2/catch.hpp>

#include <brotli/encode.h>

#include "hub/body_decoder.hpp"
#include "sync/batch.hpp"

using heard::hub::BodyDecoder;
using Result = BodyDecoder::Result;

namespace {

std::string brotli(const std::string& text, int quality = BROTLI_DEFAULT_QUALITY) {
  std::string out(BrotliEncoderMaxCompressedSize(text.size()), '\0');
  std::size_t size = out.size();
  REQUIRE(BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, text.size(),
                                reinterpret_cast<const uint8_t*>(text.data()), &size,
                                reinterpret_cast<uint8_t*>(out.data())) == BROTLI_TRUE);
  out.resize(size);
  return out;
}

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

TEST_CASE("The body decoder undoes gzip and br, whatever the pieces", "[hub][decoder]") {
  for (const auto& [encoding, encoded] : {std::pair<std::string, std::string>{"gzip", heard::sync::gzip(text)},
                                         {"br", brotli(text)}, {"", text}, {"identity", text}}) {
    for (std::size_t piece : {1u, 7u, 4096u, 1u << 20}) {
      INFO(encoding << " in pieces of " << piece);
      BodyDecoder d(encoding, 1 << 20);
      CHECK(feed_in_pieces(d, encoded, piece) == Result::ok);
      CHECK(d.take() == text);
    }
  }
}

TEST_CASE("The body decoder stops a compressed bomb at its limit", "[hub][decoder]") {
  const std::string zeros(20'000'000, '0');  // compresses to ~20 KB (gzip) or ~100 bytes (br)
  for (const auto& [encoding, bomb] : {std::pair<std::string, std::string>{"gzip", heard::sync::gzip(zeros)},
                                      {"br", brotli(zeros, 4)}}) {
    INFO(encoding << " bomb of " << bomb.size() << " bytes");
    BodyDecoder d(encoding, 2u << 20);
    CHECK(feed_in_pieces(d, bomb, 16384) == Result::too_large);
  }
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
  const std::string br = brotli(text);
  BodyDecoder short_br("br", 1 << 20);
  CHECK(feed_in_pieces(short_br, br.substr(0, br.size() / 2), 4096) == Result::corrupt);
  CHECK_THROWS_AS(BodyDecoder("zstd", 1 << 20), std::invalid_argument);
}
