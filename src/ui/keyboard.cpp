#include "ui/keyboard.hpp"

#include <algorithm>
#include <cctype>

#include "core/utf8.hpp"

namespace heard::ui {

namespace {

std::vector<std::string> split(std::string_view keys) {
  // Keys are separated by spaces so multi-byte letters stay whole.
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < keys.size()) {
    auto end = keys.find(' ', start);
    if (end == std::string_view::npos) end = keys.size();
    if (end > start) out.emplace_back(keys.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

struct Layout {
  std::string_view accents;
  std::string_view row1, row2, row3;
  std::string_view grid_extra;  // after a-z on the alphabetical grid: accented letters, punctuation
};

Layout layout_for(std::string_view language) {
  if (language == "es")
    return {"á é í ó ú ü ¿ ¡", "q w e r t y u i o p", "a s d f g h j k l ñ", "z x c v b n m , .",
            "á é í ó ú ñ ü ¿ ¡ , ."};
  if (language == "fr")
    return {"é è ê à â ç ù û ô î ï œ", "a z e r t y u i o p", "q s d f g h j k l m", "w x c v b n ' , .",
            "é è à ç ù â ê î ô û ë ï œ ' , ."};
  if (language == "de")
    return {"ß é è à ç ñ", "q w e r t z u i o p ü", "a s d f g h j k l ö ä", "y x c v b n m , .", "ä ö ü ß , ."};
  return {"' - ! ? ( ) : ;", "q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m , .", ", . ' - ? !"};
}

constexpr std::string_view alphabet = "a b c d e f g h i j k l m n o p q r s t u v w x y z";

// Every key of the familiar rows in reading order, or the alphabetical order for letters.
std::vector<std::string> grid_keys(std::string_view language, KeyboardMode mode, bool symbols) {
  std::vector<std::string> keys;
  if (mode == KeyboardMode::phone || symbols) {
    for (const auto& row : keyboard_rows(language, mode, symbols))
      keys.insert(keys.end(), row.keys.begin(), row.keys.end());
    return keys;
  }
  if (mode == KeyboardMode::email) keys = split("@ . - _ .com");
  for (auto& k : split(alphabet)) keys.push_back(std::move(k));
  if (mode == KeyboardMode::text)
    for (auto& k : split(layout_for(language).grid_extra)) keys.push_back(std::move(k));
  return keys;
}

}  // namespace

std::vector<KeyRow> keyboard_rows(std::string_view language, KeyboardMode mode, bool symbols) {
  if (mode == KeyboardMode::phone) return {{split("1 2 3")}, {split("4 5 6")}, {split("7 8 9")}, {split("+ 0 -")}};
  if (symbols)
    return {{split("1 2 3 4 5 6 7 8 9 0")},
            {split("@ # € £ $ % & * ( )")},
            {split("- _ / : ; ! ? ' \"")},
            {split(". , + = ¿ ¡")}};
  const Layout l = layout_for(language);
  std::vector<KeyRow> rows{{split(l.accents)}, {split(l.row1)}, {split(l.row2)}, {split(l.row3)}};
  if (mode == KeyboardMode::email) rows.front() = {split("@ . - _ .com 1 2 3")};
  return rows;
}

KeyPlan plan_keys(std::string_view language, KeyboardMode mode, bool symbols, int page, int columns, int rows) {
  KeyPlan plan;
  if (columns < 3 || rows < 1) return plan;
  auto familiar = keyboard_rows(language, mode, symbols);
  std::size_t widest = 0;
  for (const auto& r : familiar) widest = std::max(widest, r.keys.size());
  if (widest <= static_cast<std::size_t>(columns) && familiar.size() <= static_cast<std::size_t>(rows)) {
    plan.pages = 1;
    plan.familiar = true;
    plan.columns = widest;
    plan.row_count = familiar.size();
    plan.rows = std::move(familiar);
    return plan;
  }
  const auto keys = grid_keys(language, mode, symbols);
  const auto cols = static_cast<std::size_t>(columns);
  const std::size_t per_page = cols * static_cast<std::size_t>(rows);
  plan.pages = static_cast<int>((keys.size() + per_page - 1) / per_page);
  // One page: rows as even as the columns allow (no lone key on the last row).
  const std::size_t needed_rows = plan.pages == 1 ? (keys.size() + cols - 1) / cols : static_cast<std::size_t>(rows);
  plan.columns = plan.pages == 1 ? (keys.size() + needed_rows - 1) / needed_rows : cols;
  plan.row_count = needed_rows;
  const std::size_t at = static_cast<std::size_t>(page % plan.pages) * per_page;
  const std::size_t end = std::min(keys.size(), at + per_page);
  for (std::size_t i = at; i < end; i += plan.columns)
    plan.rows.push_back(
        {std::vector<std::string>(keys.begin() + static_cast<std::ptrdiff_t>(i),
                                  keys.begin() + static_cast<std::ptrdiff_t>(std::min(end, i + plan.columns)))});
  if (plan.pages > 1) {
    const std::size_t next = end < keys.size() ? end : 0;
    for (std::size_t i = next; i < std::min(keys.size(), next + 3); ++i)
      plan.next_page += (i == next ? "" : " ") + keys[i];
    plan.next_page += "…";
  }
  return plan;
}

std::string to_upper(std::string_view key) {
  std::string out(key);
  if (out.size() == 1) {
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  } else if (out.size() == 2) {
    const unsigned char a = static_cast<unsigned char>(out[0]), b = static_cast<unsigned char>(out[1]);
    const unsigned cp = ((a & 0x1fu) << 6) | (b & 0x3fu);
    unsigned upper = cp;
    if (cp >= 0xe0 && cp <= 0xfe && cp != 0xf7) upper = cp - 0x20;  // Latin-1 letters
    else if (cp == 0x153) upper = 0x152;                            // œ
    else if (cp == 0xff) upper = 0x178;                             // ÿ
    out[0] = static_cast<char>(0xc0 | (upper >> 6));
    out[1] = static_cast<char>(0x80 | (upper & 0x3f));
  }
  return out;
}

void press_key(KeyboardState& keyboard, std::string* text, KeyPress key, std::string_view typed,
               std::size_t max_code_points) {
  switch (key) {
    case KeyPress::text:
      if (!text) return;
      if (utf8::count_code_points(*text) + utf8::count_code_points(typed) <= max_code_points) *text += typed;
      keyboard.shift = false;
      return;
    case KeyPress::backspace:
      if (text) pop_code_point(*text);
      return;
    case KeyPress::shift:
      keyboard.shift = !keyboard.shift;
      return;
    case KeyPress::symbols:
      keyboard.symbols = !keyboard.symbols;
      keyboard.page = 0;
      return;
    case KeyPress::page:
      ++keyboard.page;
      return;
  }
}

void pop_code_point(std::string& text) {
  while (!text.empty()) {
    const unsigned char c = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((c & 0xc0) != 0x80) break;  // stop after removing the lead byte
  }
}

}  // namespace heard::ui
