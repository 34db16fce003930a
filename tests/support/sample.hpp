#pragma once
// Valid responses and the project's own survey, for tests that need realistic data.
#include <string>

#include "core/response.hpp"
#include "core/survey.hpp"
#include "core/time.hpp"
#include "core/uuid.hpp"

namespace heard::test {

inline const SurveyConfig& survey() {
  static const SurveyConfig config = load_survey(HEARD_ASSETS_DIR "/survey.json");
  return config;
}

inline Response sample_response(int rating = 2, Millis created_at = 1795961109123) {
  Response r;
  r.id = make_uuid_v7();
  r.kiosk_id = "store-12-exit";
  r.created_at = created_at;
  r.utc_offset_min = 60;
  r.rating = rating;
  r.kind = kind_for_rating(rating, 2);
  r.language = "en";
  r.survey_version = "1";
  r.app_version = "0.1.0";
  return r;
}

inline Response sample_complaint(Millis created_at = 1795961109123) {
  Response r = sample_response(1, created_at);
  r.categories = {"wait_time", "staff_attitude"};
  r.comment = "Waited 25 minutes at the counter";
  r.desired_resolution = "call_back";
  r.staff = "pharmacy";
  r.contact = {"Ana", "+34 600 000 000", "", "phone"};
  r.consent = {true, "2026-11"};
  r.urgent = true;
  return r;
}

// Every field filled, for export and sync tests that check each column.
inline Response filled_response(Millis created_at, int rating = 2) {
  Response r = sample_complaint(created_at);
  r.rating = rating;
  r.kind = kind_for_rating(rating, 2);
  r.contact.email = "ana@example.com";
  r.language = "es";
  r.survey_version = "3";
  r.app_version = "1.0.0";
  return r;
}

}  // namespace heard::test
