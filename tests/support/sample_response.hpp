#pragma once
// A valid response with every field filled, for tests that need realistic rows; tests
// change the fields they are about.
#include <string>

#include "core/response.hpp"
#include "core/uuid.hpp"

namespace heard::test {

inline Response sample_response(Millis created_at, int rating = 2) {
  Response r;
  r.id = make_uuid_v7();
  r.kiosk_id = "store-12-exit";
  r.created_at = created_at;
  r.utc_offset_min = 60;
  r.rating = rating;
  r.kind = kind_for_rating(rating, 2);
  r.categories = {"wait_time", "staff_attitude"};
  r.comment = "Waited 25 minutes at the counter";
  r.desired_resolution = "call_back";
  r.staff = "pharmacy";
  r.contact = {"Ana", "+34 600 000 000", "ana@example.com", "phone"};
  r.consent = {true, "2026-11"};
  r.language = "es";
  r.urgent = true;
  r.survey_version = "3";
  r.app_version = "1.0.0";
  return r;
}

}  // namespace heard::test
