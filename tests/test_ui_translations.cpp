// Every text the kiosk shows exists in every configured language, with the same placeholders.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "support/sample.hpp"
#include "ui/i18n.hpp"

using namespace heard;

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
  const std::regex placeholder(R"(\{[a-z_]+\})");
  auto placeholders = [&](const std::string& text) {
    std::set<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it)
      out.insert(it->str());
    return out;
  };
  for (const auto& key : {"thanks.contact", "thanks.shout_out", "idle.countdown", "closed.opens_today",
                          "closed.opens_tomorrow", "closed.opens_on_day"})
    for (const auto& lang : survey.languages) {
      INFO(lang << " " << key);
      CHECK(placeholders(tr.text(lang, key)) == placeholders(tr.text("en", key)));
      CHECK_FALSE(placeholders(tr.text(lang, key)).empty());
    }
}

TEST_CASE("A missing translation file is a clear configuration error", "[ui][i18n]") {
  CHECK_THROWS_WITH(ui::Translations::load(HEARD_ASSETS_DIR "/i18n", {"en", "xx"}),
                    Catch::Contains("xx.json") && Catch::Contains("cannot be read"));
}
