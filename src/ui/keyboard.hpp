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
inline constexpr std::string_view key_page = "{page}";  // "more letters": the next page of keys

struct KeyRow {
  std::vector<std::string> keys;  // lowercase text each key types
};

// The rows shown above the bottom row (space, shift, ...): an accent row first, then
// QWERTY / AZERTY / QWERTZ letters, or digits and punctuation when `symbols` is on.
std::vector<KeyRow> keyboard_rows(std::string_view language, KeyboardMode mode, bool symbols);

// The keys of one keyboard page, laid out so that no row has more than `columns` keys and
// there are at most `rows` rows (every key keeps its full touch size):
// - the familiar rows of keyboard_rows() when they fit;
// - else an alphabetical grid (a-z, the language's accented letters, punctuation) with up
//   to `columns` keys a row;
// - else that grid cut into pages, the page key (key_page) leading from one to the next.
// `page` counts page-key taps; it wraps round.
struct KeyPlan {
  std::vector<KeyRow> rows;  // this page's keys
  int pages = 0;             // 0: the space cannot hold even one row of three keys
  bool familiar = false;     // QWERTY / AZERTY / QWERTZ (or the phone pad) as people know it
  std::size_t columns = 0;   // most keys in a row on any page: keys keep one size across pages
  std::size_t row_count = 0; // most rows on any page
  std::string next_page;     // the page key's label: the first keys of the next page, "s t u…"
};
KeyPlan plan_keys(std::string_view language, KeyboardMode mode, bool symbols, int page, int columns, int rows);

// "é" -> "É", "ß" stays "ß"; for the Latin letters our layouts use.
std::string to_upper(std::string_view key);

// Removes the last code point of UTF-8 text.
void pop_code_point(std::string& text);

}  // namespace heard::ui
