#pragma once
// On-screen keyboard layouts: what each key types, per language and per kind of field, and
// what a key press does to the keyboard and to the text typed. Pure data and text helpers,
// shared by the customer flow and staff mode; the drawing lives in keyboard_view.hpp.
#include <array>
#include <optional>
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
  std::vector<KeyRow> rows;   // this page's keys
  int pages = 0;              // 0: the space cannot hold even one row of three keys
  bool familiar = false;      // QWERTY / AZERTY / QWERTZ (or the phone pad) as people know it
  std::size_t columns = 0;    // most keys in a row on any page: keys keep one size across pages
  std::size_t row_count = 0;  // most rows on any page
  std::string next_page;      // the page key's label: the first keys of the next page, "s t u…"
};
KeyPlan plan_keys(std::string_view language, KeyboardMode mode, bool symbols, int page, int columns, int rows);

// The keyboard's state while a field is open, the same for customers and staff.
struct KeyboardState {
  bool shift = false;    // the next letter is a capital
  bool symbols = false;  // digits and punctuation instead of letters
  int page = 0;          // page-key taps on this layer (see plan_keys); the drawing wraps it

  // A keyboard for a field just opened: letters, first page; a capital first if asked.
  static KeyboardState opened(bool capital_first) { return {capital_first, false, 0}; }
};

// The keys that change the keyboard or the text (the extras beside the space bar do neither).
enum class KeyPress { text, backspace, shift, symbols, page };

// The keys of KeyPress, in its order, as a caller's own intents name them: one table a
// caller serves both ways (a press drawn becomes its intent; its intent is applied as a press).
template <typename Action>
using KeyActions = std::array<Action, 5>;

template <typename Action>
Action action_of(const KeyActions<Action>& actions, KeyPress key) {
  return actions[static_cast<std::size_t>(key)];
}
// nullopt: `action` is no key of the keyboard.
template <typename Action>
std::optional<KeyPress> key_of(const KeyActions<Action>& actions, Action action) {
  for (std::size_t i = 0; i < actions.size(); ++i)
    if (actions[i] == action) return static_cast<KeyPress>(i);
  return std::nullopt;
}

// One key press: `typed` (what a text key types, already a capital under shift: the keys
// show it so) is added to `text` unless that would pass `max_code_points`; backspace takes
// off the last code point. `text` may be null (no field open): only the keyboard changes.
void press_key(KeyboardState& keyboard, std::string* text, KeyPress key, std::string_view typed,
               std::size_t max_code_points);

// "é" -> "É", "ß" stays "ß"; for the Latin letters our layouts use.
std::string to_upper(std::string_view key);

// Removes the last code point of UTF-8 text.
void pop_code_point(std::string& text);

}  // namespace heard::ui
