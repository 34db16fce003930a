#pragma once
// Realistic, deterministic synthetic responses for demos and benchmarks: the same plan and
// seed always give the same responses (ids included), in time order, shaped like a real
// site's feedback -- busy lunch and evening hours, closed on Sundays, mostly happy
// customers, complaints that cluster at peak times and during one bad week, comments in the
// survey's languages, and some contact details left with consent.
#include <cstdint>
#include <string>
#include <vector>

#include "core/response.hpp"
#include "core/survey.hpp"

namespace heard::ctl {

struct SyntheticPlan {
  std::uint64_t seed = 1;
  std::int64_t count = 1000;
  std::string kiosk_id = "demo-kiosk";
  Millis from = 0;   // first possible created_at
  Millis until = 0;  // created_at stays before this
  std::string app_version;
};

class SyntheticResponses {
 public:
  SyntheticResponses(const SurveyConfig& survey, SyntheticPlan plan);

  bool done() const { return made_ >= plan_.count; }
  Response next();

 private:
  struct Hour {
    Millis start = 0;
    double weight = 0;      // how busy the kiosk is in this hour
    double cumulative = 0;  // sum of weights up to and including this hour
    int utc_offset_min = 0;
    bool peak = false;
    bool bad_week = false;
  };

  std::uint64_t random();
  double unit();                     // [0, 1)
  std::size_t below(std::size_t n);  // [0, n)
  bool chance(double p) { return unit() < p; }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

  Millis next_time(const Hour*& hour);
  int rating_for(const Hour& hour);
  std::string uuid_v7(Millis at);
  void add_categories(Response& r, const Hour& hour);
  void add_contact(Response& r);

  const SurveyConfig& survey_;
  SyntheticPlan plan_;
  std::uint64_t state_;
  std::vector<Hour> hours_;
  std::size_t hour_index_ = 0;
  std::int64_t made_ = 0;
  std::size_t bad_week_category_ = 0;
};

}  // namespace heard::ctl
