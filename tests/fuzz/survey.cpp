// The survey (assets/survey.json, and soon surveys sent by the hub) and the translations
// (assets/i18n/<code>.json) on the same input: both are JSON files an installer edits by
// hand, and every mistake must end as a ConfigError naming file and key, never a crash.
#include "core/survey.hpp"
#include "core/config_error.hpp"
#include "core/utf8.hpp"
#include "fuzz_targets.hpp"
#include "ui/i18n.hpp"

namespace heard::fuzz {

void survey(std::string_view input) {
  const std::string text(input);
  try {
    const SurveyConfig s = parse_survey(text, "survey.json");
    require(!s.languages.empty(), "survey: accepted with no language");
    for (const auto& code : s.languages) {
      require(s.has_language(code), "survey: a configured language is not found");
      require(utf8::is_valid(s.site_name_in(code)), "survey: site name is not valid UTF-8");
    }
  } catch (const ConfigError&) {}
  try {
    ui::Translations t;
    t.add_language("en", text, "en.json");
    for (const auto& lang : t.languages()) require(lang == "en", "translations: a language appeared from nowhere");
    require(utf8::is_valid(t.all_text()), "translations: accepted text that is not valid UTF-8");
    // Placeholders filled in with text of the same file, as the screens do.
    (void)t.format("en", "thanks", {{"name", t.all_text().substr(0, 64)}});
  } catch (const ConfigError&) {}
}

}  // namespace heard::fuzz
