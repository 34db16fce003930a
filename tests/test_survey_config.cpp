#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "core/config_error.hpp"
#include "core/survey.hpp"
#include "support/temp_dir.hpp"

using namespace heard;

namespace {

const char* kMinimal = R"({
  "survey_version": "7",
  "site_name": {"en": "Corner Shop", "es": "Tienda"},
  "languages": ["en", "es"],
  "consent_text_version": "2026-11",
  "categories": [
    {"id": "wait_time", "label": {"en": "Waiting", "es": "Espera"}}
  ],
  "resolutions": [
    {"id": "call_back", "label": {"en": "Call me", "es": "Llamadme"}, "needs_contact": true}
  ]
})";

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  try {
    parse_survey(text, "site/survey.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("The shipped survey loads with every language and choice", "[survey]") {
  const SurveyConfig s = load_survey(HEARD_ASSETS_DIR "/survey.json");
  CHECK(s.languages == std::vector<std::string>{"en", "es", "fr", "de"});
  CHECK(s.site_name_in("de") == "Apotheke Riverside");
  CHECK(s.find_resolution("talk_to_manager_now")->urgent);
  CHECK(s.find_resolution("call_back")->needs_contact);
  CHECK_FALSE(s.categories.empty());
  CHECK_FALSE(s.praise.empty());
  CHECK_FALSE(s.improvements.empty());
}

TEST_CASE("A minimal survey gets sensible defaults", "[survey]") {
  const SurveyConfig s = parse_survey(kMinimal, "site/survey.json");
  CHECK(s.low_rating_threshold == 2);
  CHECK(s.sla_hours == 24);
  CHECK(s.contact_retention_days == 90);
  CHECK(s.contact_hard_limit_days == 365);
  CHECK(s.categories.at(0).text("es") == "Espera");
  CHECK(s.categories.at(0).text("fr") == "Waiting");  // falls back to the first language
  CHECK(s.branding.primary == 0x1f6f8b);
}

TEST_CASE("Survey errors name the file, the line and the key", "[survey]") {
  SECTION("syntax error") {
    CHECK_THAT(error_of(with(kMinimal, "\"7\",", "\"7\"")), Catch::StartsWith("site/survey.json:3: not valid JSON"));
  }
  SECTION("a number beyond a double (the survey fuzzer's find: once an uncaught exception)") {
    CHECK_THAT(
        error_of(with(kMinimal, "\"7\",", "\"7\", \"x\": 1e99999,")),
        Catch::StartsWith("site/survey.json: not valid JSON") && Catch::Contains("number overflow parsing '1e99999'"));
  }
  SECTION("missing translation") {
    CHECK(error_of(with(kMinimal, ", \"es\": \"Espera\"", "")) ==
          "site/survey.json:7: categories[0].label.es: missing text for configured language 'es'");
  }
  SECTION("wrong type") {
    CHECK(error_of(with(kMinimal, "\"needs_contact\": true", "\"needs_contact\": \"yes\"")) ==
          "site/survey.json:10: resolutions[0].needs_contact: expected true or false");
  }
  SECTION("number out of range") {
    CHECK(error_of(with(kMinimal, "\"languages\"", "\"sla_hours\": 0, \"languages\"")) ==
          "site/survey.json:4: sla_hours: expected a whole number from 1 to 336");
  }
  SECTION("retention shorter than its own hard limit") {
    CHECK(error_of(with(kMinimal, "\"languages\"", "\"contact_retention_days\": 400, \"languages\"")) ==
          "site/survey.json: contact_hard_limit_days: expected at least contact_retention_days (400)");
  }
  SECTION("missing required key") {
    CHECK(error_of(with(kMinimal, "\"consent_text_version\": \"2026-11\",", "")) ==
          "site/survey.json: consent_text_version: missing; it is required");
  }
  SECTION("duplicate id") {
    CHECK(error_of(
              with(kMinimal, "\"needs_contact\": true}",
                   "\"needs_contact\": true}, {\"id\": \"call_back\", \"label\": {\"en\": \"x\", \"es\": \"y\"}}")) ==
          "site/survey.json:10: resolutions[1].id: duplicate id 'call_back'");
  }
  SECTION("bad colour") {
    CHECK(error_of(with(kMinimal, "\"languages\"", "\"branding\": {\"primary\": \"blue\"}, \"languages\"")) ==
          "site/survey.json:4: branding.primary: expected a colour like \"#1f6f8b\", got \"blue\"");
  }
  SECTION("bad language code") {
    CHECK(
        error_of(with(kMinimal, "[\"en\", \"es\"]", "[\"en\", \"Spanish\"]")) ==
        "site/survey.json:4: languages[1]: expected a two-letter lowercase language code like \"en\", got \"Spanish\"");
  }
}

TEST_CASE("A missing survey file is a clear error", "[survey]") {
  heard::test::TempDir dir;
  try {
    load_survey(dir / "nope.json");
    FAIL("expected an error");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), Catch::EndsWith("nope.json: cannot be read (missing or no permission)"));
  }
}
