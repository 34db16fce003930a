#pragma once
// What must hold after every step of the monkey (monkey.hpp), checked in the kiosk's own
// process so that the first broken step is the one named:
//   - the database passes `heardctl verify`'s checks (store/verify.hpp), read through a
//     connection of its own, so only what is committed counts;
//   - a "thank you" on screen stands for a response committed as complete, as the kiosk
//     holds it;
//   - every complete stored response is valid for the survey;
//   - no text is drawn outside its box.
// Cheap enough for 10,000 steps: the database is checked only when it changed.
#include <filesystem>
#include <set>
#include <string>

#include "core/survey.hpp"
#include "store/database.hpp"
#include "store/response_store.hpp"

namespace heard::ui {
struct FrameRecord;
struct FlowState;
}  // namespace heard::ui

namespace heard::kiosk {

class MonkeyInvariants {
 public:
  MonkeyInvariants(const std::filesystem::path& db, store::ResponseStore& store, const SurveyConfig& survey);
  // Throws std::runtime_error naming the first invariant that does not hold.
  void check(const ui::FlowState& state, const ui::FrameRecord& record);

 private:
  void check_database();
  void check_thank_you(const ui::FlowState& state);
  static void check_texts(const ui::FrameRecord& record);

  store::Database reader_;
  store::ResponseStore& store_;
  const SurveyConfig& survey_;
  std::int64_t data_version_ = -1;
  std::set<std::string> valid_;  // complete responses found valid (they never change after)
};

}  // namespace heard::kiosk
