// One keyboard update for customers and staff (ui/keyboard.hpp): what a key press does to
// the keyboard and to the text, and that the limit counts characters (code points), not bytes.
#include <catch2/catch.hpp>

#include <string>

#include "ui/keyboard.hpp"

using namespace heard::ui;

TEST_CASE("A key press types, shifts once, turns the layer and pages", "[ui][keyboard]") {
  KeyboardState k = KeyboardState::opened(true);
  std::string text;
  press_key(k, &text, KeyPress::text, "A", 10);
  CHECK(text == "A");
  CHECK_FALSE(k.shift);  // a capital for the first letter only
  press_key(k, &text, KeyPress::text, "é", 10);
  press_key(k, &text, KeyPress::backspace, {}, 10);
  CHECK(text == "A");  // the whole of "é" (two bytes) goes
  press_key(k, &text, KeyPress::page, {}, 10);
  press_key(k, &text, KeyPress::page, {}, 10);
  CHECK(k.page == 2);
  press_key(k, &text, KeyPress::symbols, {}, 10);
  CHECK(k.symbols);
  CHECK(k.page == 0);  // the other layer starts at its first page
  press_key(k, &text, KeyPress::shift, {}, 10);
  CHECK(k.shift);
  press_key(k, nullptr, KeyPress::text, "x", 10);  // no field open: nothing typed, shift kept
  CHECK(k.shift);
  CHECK(text == "A");
}

TEST_CASE("The limit counts characters, not bytes", "[ui][keyboard]") {
  KeyboardState k;
  std::string text;
  for (int i = 0; i < 5; ++i) press_key(k, &text, KeyPress::text, "ü", 5);
  CHECK(text == "üüüüü");  // 10 bytes, 5 characters: all typed
  press_key(k, &text, KeyPress::text, "a", 5);
  CHECK(text == "üüüüü");  // a sixth character is not
}
