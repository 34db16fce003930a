#include "ui/keyboard.hpp"

#include <cctype>

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
};

Layout layout_for(std::string_view language) {
  if (language == "es")
    return {"á é í ó ú ü ¿ ¡", "q w e r t y u i o p", "a s d f g h j k l ñ", "z x c v b n m , ."};
  if (language == "fr")
    return {"é è ê à â ç ù û ô î ï œ", "a z e r t y u i o p", "q s d f g h j k l m", "w x c v b n ' , ."};
  if (language == "de")
    return {"ß é è à ç ñ", "q w e r t z u i o p ü", "a s d f g h j k l ö ä", "y x c v b n m , ."};
  return {"' - ! ? ( ) : ;", "q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m , ."};
}

}  // namespace

std::vector<KeyRow> keyboard_rows(std::string_view language, KeyboardMode mode, bool symbols) {
  if (mode == KeyboardMode::phone) return {{split("1 2 3")}, {split("4 5 6")}, {split("7 8 9")}, {split("+ 0 -")}};
  if (symbols)
    return {{split("1 2 3 4 5 6 7 8 9 0")}, {split("@ # € £ $ % & * ( )")}, {split("- _ / : ; ! ? ' \"")},
            {split(". , + = ¿ ¡")}};
  const Layout l = layout_for(language);
  std::vector<KeyRow> rows{{split(l.accents)}, {split(l.row1)}, {split(l.row2)}, {split(l.row3)}};
  if (mode == KeyboardMode::email) rows.front() = {split("@ . - _ .com 1 2 3")};
  return rows;
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
    else if (cp == 0x153) upper = 0x152;                             // œ
    else if (cp == 0xff) upper = 0x178;                              // ÿ
    out[0] = static_cast<char>(0xc0 | (upper >> 6));
    out[1] = static_cast<char>(0x80 | (upper & 0x3f));
  }
  return out;
}

void pop_code_point(std::string& text) {
  while (!text.empty()) {
    const unsigned char c = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((c & 0xc0) != 0x80) break;  // stop after removing the lead byte
  }
}

}  // namespace heard::ui
