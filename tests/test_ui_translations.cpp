// Every text the kiosk shows exists in every configured language, with the same placeholders.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <set>

#include "core/config_error.hpp"
#include "support/sample.hpp"
#include "ui/i18n.hpp"

using namespace heard;

namespace {

std::set<std::string> placeholders(const std::string& text) {
  static const std::regex placeholder(R"(\{[a-z_]+\})");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it)
    out.insert(it->str());
  return out;
}

// The staff screens' keys, as the English file lists them.
std::vector<std::string> staff_keys() {
  std::ifstream in(HEARD_ASSETS_DIR "/i18n/en.json");
  const auto doc = nlohmann::json::parse(in);
  std::vector<std::string> keys;
  for (const auto& [key, text] : doc.items())
    if (key.starts_with("staffmode.")) keys.push_back(key);
  return keys;
}

}  // namespace

TEST_CASE("Every key is translated in every configured language", "[ui][i18n]") {
  const auto& survey = test::survey();
  const auto tr = ui::Translations::load(HEARD_ASSETS_DIR "/i18n", survey.languages);
  for (const auto& lang : survey.languages) {
    INFO("language " << lang);
    CHECK(tr.missing_keys(lang).empty());
  }
}

TEST_CASE("Translations keep the placeholders of the English text", "[ui][i18n]") {
  const auto& survey = test::survey();
  const auto tr = ui::Translations::load(HEARD_ASSETS_DIR "/i18n", survey.languages);
  for (const auto& key : {"thanks.contact", "thanks.shout_out", "idle.countdown", "closed.opens_today",
                          "closed.opens_tomorrow", "closed.opens_on_day"})
    for (const auto& lang : survey.languages) {
      INFO(lang << " " << key);
      CHECK(placeholders(tr.text(lang, key)) == placeholders(tr.text("en", key)));
      CHECK_FALSE(placeholders(tr.text(lang, key)).empty());
    }
}

TEST_CASE("A number beyond a double in a translation file is a clear error, not a crash", "[ui][i18n]") {
  ui::Translations t;
  CHECK_THROWS_WITH(t.add_language("en", R"({"thanks": "Thank you", "n": 1e99999})", "i18n/en.json"),
                    Catch::StartsWith("i18n/en.json: not valid JSON") && Catch::Contains("number overflow"));
}

TEST_CASE("A missing translation file is a clear configuration error", "[ui][i18n]") {
  CHECK_THROWS_WITH(ui::Translations::load(HEARD_ASSETS_DIR "/i18n", {"en", "xx"}),
                    Catch::Contains("xx.json") && Catch::Contains("cannot be read"));
}

TEST_CASE("Staff mode speaks every customer language, with the placeholders of the English text", "[ui][i18n][staff]") {
  const auto& survey = test::survey();
  const auto tr = ui::Translations::load(HEARD_ASSETS_DIR "/i18n", survey.languages);
  const auto keys = staff_keys();
  REQUIRE(keys.size() > 100);
  for (const auto& key : keys)
    for (const auto& lang : survey.languages) {
      INFO(lang << " " << key);
      CHECK(placeholders(tr.text(lang, key)) == placeholders(tr.text("en", key)));
      // Counted texts come in pairs: both forms, with the same placeholders.
      if (key.ends_with(".one")) {
        const std::string other = key.substr(0, key.size() - 4) + ".other";
        CHECK(placeholders(tr.text(lang, other)) == placeholders(tr.text(lang, key)));
        // The count itself, as digits ({count}) or grouped for large numbers ({number}).
        const auto names = placeholders(tr.text(lang, key));
        CHECK((names.contains("{count}") || names.contains("{number}")));
      }
    }
  CHECK(tr.missed().empty());
}

TEST_CASE("Counted texts pick their plural form by the language's rule", "[ui][i18n][staff]") {
  const auto tr = ui::Translations::load(HEARD_ASSETS_DIR "/i18n", {"en", "es", "fr", "de"});
  CHECK(tr.plural("en", "staffmode.pin.wrong", 1) == "Wrong PIN. 1 try left before staff mode locks.");
  CHECK(tr.plural("en", "staffmode.pin.wrong", 3) == "Wrong PIN. 3 tries left before staff mode locks.");
  CHECK(tr.plural("de", "staffmode.pin.wrong", 1) ==
        "Falsche PIN. Noch 1 Versuch, bevor der Personalmodus gesperrt wird.");
  CHECK(tr.plural("de", "staffmode.pin.wrong", 4) ==
        "Falsche PIN. Noch 4 Versuche, bevor der Personalmodus gesperrt wird.");
  CHECK(tr.plural("es", "staffmode.sync.responses", 0) == "0 respuestas");
  // French counts zero as singular, English and Spanish do not.
  CHECK(tr.plural("fr", "staffmode.sync.responses", 0) == "0 réponse");
  CHECK(tr.plural("en", "staffmode.sync.responses", 0) == "0 responses");
  CHECK(tr.plural("fr", "staffmode.export.saved", 2, {{"file", "/media/usb/heard.csv"}}) ==
        "2 réponses enregistrées dans /media/usb/heard.csv");
  // A value with braces in it stays as it is.
  CHECK(tr.plural("en", "staffmode.export.saved", 1, {{"file", "{count}.csv"}}) == "Saved 1 response to {count}.csv");
  CHECK(tr.missed().empty());
}
