#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "core/validation.hpp"
#include "support/sample.hpp"

using namespace heard;
using heard::test::sample_complaint;
using heard::test::sample_response;
using heard::test::survey;

namespace {
bool has_code(const std::vector<FieldError>& errors, const std::string& field, const std::string& code) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field && e.code == code; });
}
}  // namespace

TEST_CASE("A complete complaint from the sample survey is valid", "[validation]") {
  CHECK(validate(sample_complaint(), survey()).empty());
  CHECK(validate(sample_response(5), survey()).empty());
}

TEST_CASE("Ratings outside 1 to 5 are refused", "[validation]") {
  for (int rating : {0, 6, -1}) {
    Response r = sample_response(3);
    r.rating = rating;
    CHECK(has_code(validate_record(r), "rating", "out_of_range"));
  }
}

TEST_CASE("Comments are counted in characters, not bytes", "[validation]") {
  Response r = sample_response(2);
  SECTION("2000 two-byte letters are fine") {
    std::string s;
    for (int i = 0; i < 2000; ++i) s += "é";
    r.comment = s;
    CHECK(validate_record(r).empty());
  }
  SECTION("2000 emoji are fine, 2001 are too many") {
    std::string s;
    for (int i = 0; i < 2000; ++i) s += "😀";
    r.comment = s;
    CHECK(validate_record(r).empty());
    r.comment += "😀";
    CHECK(has_code(validate_record(r), "comment", "too_long"));
  }
  SECTION("invalid UTF-8 is refused") {
    for (const char* bad : {"\xff", "abc\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
      r.comment = bad;
      CHECK(has_code(validate_record(r), "comment", "invalid_utf8"));
    }
  }
  SECTION("control characters are refused except newline") {
    r.comment = "line one\nline two";
    CHECK(validate_record(r).empty());
    for (const char* bad : {"bell\a", "tab\there", "nul\x01", "esc\x1b[31m", "del\x7f", "c1\xc2\x85"}) {
      r.comment = bad;
      CHECK(has_code(validate_record(r), "comment", "control_character"));
    }
  }
}

TEST_CASE("Contact details require consent", "[validation]") {
  Response r = sample_complaint();
  r.consent = {};
  CHECK(has_code(validate_record(r), "consent", "consent_required"));
  r.consent = {true, ""};
  CHECK(has_code(validate_record(r), "consent.text_version", "required"));
}

TEST_CASE("E-mail addresses are checked with sensible rules", "[validation]") {
  for (const char* ok :
       {"ana@example.com", "ana.garcia+kiosk@correo.example.es", "o'brien@example.ie", "jürgen@bücher.de", "a@b.co"})
    CHECK_FALSE(check_email(ok).has_value());
  for (const char* bad :
       {"", "ana", "ana@", "@example.com", "ana@@example.com", "ana@example", "ana@example.c", "ana @example.com",
        ".ana@example.com", "ana..g@example.com", "ana@-example.com", "ana@example..com", "ana@exa_mple.com"})
    CHECK(check_email(bad).has_value());
}

TEST_CASE("Phone numbers are checked with sensible rules", "[validation]") {
  for (const char* ok : {"+34 600 000 000", "(030) 123-4567", "600000000", "+44 20 7946 0958"})
    CHECK_FALSE(check_phone(ok).has_value());
  for (const char* bad : {"12345", "+1234567890123456", "600 000 000 ext 5", "60+0000000", "phone"})
    CHECK(check_phone(bad).has_value());
}

TEST_CASE("A preferred channel needs the matching contact detail", "[validation]") {
  Response r = sample_complaint();
  r.contact = {"Ana", "", "ana@example.com", "phone"};
  CHECK(has_code(validate_record(r), "contact.phone", "required"));
  r.contact = {"Ana", "", "", ""};
  CHECK(has_code(validate_record(r), "contact", "unreachable"));
  r.contact = {"", "", "ana@example.com", "fax"};
  CHECK(has_code(validate_record(r), "contact.channel", "invalid_channel"));
}

TEST_CASE("Categories, resolutions, staff and language must exist in the survey", "[validation]") {
  Response r = sample_complaint();
  SECTION("unknown category") {
    r.categories = {"wait_time", "parking"};
    CHECK(has_code(validate(r, survey()), "categories[1]", "unknown_category"));
  }
  SECTION("a praise chip is not a complaint category") {
    r.categories = {"friendly_staff"};
    CHECK(has_code(validate(r, survey()), "categories[0]", "unknown_category"));
  }
  SECTION("unknown resolution") {
    r.desired_resolution = "free_car";
    CHECK(has_code(validate(r, survey()), "desired_resolution", "unknown_resolution"));
  }
  SECTION("a call back needs a way to call") {
    r.contact = {};
    r.consent = {};
    CHECK(has_code(validate(r, survey()), "contact", "contact_needed"));
  }
  SECTION("unknown staff and language") {
    r.staff = "nobody";
    r.language = "xx";
    const auto errors = validate(r, survey());
    CHECK(has_code(errors, "staff", "unknown_staff"));
    CHECK(has_code(errors, "language", "unknown_language"));
  }
}

TEST_CASE("A record needs an id, a kiosk and a time", "[validation]") {
  Response r;
  const auto errors = validate_record(r);
  CHECK(has_code(errors, "id", "invalid_id"));
  CHECK(has_code(errors, "kiosk_id", "required"));
  CHECK(has_code(errors, "created_at", "required"));
  CHECK(has_code(errors, "rating", "out_of_range"));
}
