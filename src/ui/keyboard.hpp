#pragma once
// On-screen keyboard layouts: what each key types, per language and per kind of field.
// Pure data and text helpers; keyboard drawing lives in screens.cpp.
#include <string>
#include <string_view>
#include <vector>

namespace heard::ui {

enum class KeyboardMode { text, email, phone };

// Special keys carry these values instead of text.
inline constexpr std::string_view key_shift = "{shift}";
inline constexpr std::string_view key_symbols = "{symbols}";
inline constexpr std::string_view key_backspace = "{backspace}";

struct KeyRow {
  std::vector<std::string> keys;  // lowercase text each key types
};

// The rows shown above the bottom row (space, shift, ...): an accent row first, then
// QWERTY / AZERTY / QWERTZ letters, or digits and punctuation when `symbols` is on.
std::vector<KeyRow> keyboard_rows(std::string_view language, KeyboardMode mode, bool symbols);

// "é" -> "É", "ß" stays "ß"; for the Latin letters our layouts use.
std::string to_upper(std::string_view key);

// Removes the last code point of UTF-8 text.
void pop_code_point(std::string& text);

}  // namespace heard::ui
