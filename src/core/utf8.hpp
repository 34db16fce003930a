#pragma once
// The few UTF-8 checks the domain needs. Hand-written because they are tiny and the
// Debian alternatives (ICU) would add tens of megabytes to an embedded image.
#include <cstddef>
#include <optional>
#include <string_view>

namespace heard::utf8 {

// Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
bool is_valid(std::string_view text);

// Number of code points; only meaningful for valid UTF-8.
std::size_t count_code_points(std::string_view text);

// First C0/C1 control character or DEL other than '\n', if any (valid UTF-8 assumed).
std::optional<std::size_t> find_control_character(std::string_view text);

}  // namespace heard::utf8
