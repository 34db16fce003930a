#include "monkey.hpp"

#include <array>
#include <string_view>

namespace heard::kiosk {

namespace {

// Pieces a random text is made of; each one is a single "character" to a customer.
constexpr std::array<std::string_view, 32> pieces = {
    "a",
    "Z",
    "7",
    " ",
    ".",
    ",",
    "\"",
    "'",
    "=",
    "+",
    "-",
    "@",
    ";",
    "\xC3\xA9",                                  // é
    "e\xCC\x81",                                 // e + combining acute
    "\xCC\x81\xCC\x82\xCC\x83\xCC\x84\xCC\x85",  // combining marks with nothing to sit on
    "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",          // thumbs up, skin tone
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",  // family (ZWJ)
    "\xF0\x9F\x87\xAA\xF0\x9F\x87\xB8",                                          // flag (regional indicators)
    "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7",                                  // Arabic
    "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",                                          // Hebrew
    "\xE2\x80\xAE",                                                              // right-to-left override
    "\xE2\x80\x8B",                                                              // zero-width space
    "\xEF\xBB\xBF",                                                              // byte-order mark
    "\xE4\xBD\xA0\xE5\xA5\xBD",                                                  // Chinese
    "\xF0\x9D\x95\xB3",         // mathematical double-struck (astral plane)
    std::string_view("\0", 1),  // NUL
    "\n",
    "\t",
    "\x1B[31m",
    "\x7F",
    "\xF4\x8F\xBF\xBF",  // U+10FFFF, the last code point
};

}  // namespace

std::string MonkeyDice::text() {
  // Mostly a few characters; sometimes a paragraph; now and then 10,000.
  const int count = chance(0.02) ? 10'000 : chance(0.2) ? below(300) + 1 : below(12) + 1;
  std::string out;
  for (int i = 0; i < count; ++i) out += pieces[static_cast<std::size_t>(below(static_cast<int>(pieces.size())))];
  return out;
}

}  // namespace heard::kiosk
